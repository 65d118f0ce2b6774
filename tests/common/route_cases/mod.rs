//! One HTTP call per CloudService RPC (v0.17.0), with the exact request message the upstream must
//! receive and a canned upstream response; read by tests/routes.rs, tests/openapi.rs and tests/e2e_every_rpc.rs.
//! The cases live in `partN.rs` files, in service.proto order.

/// One row of the route table test.
pub struct RouteCase {
    /// RPC method name as in service.proto, e.g. "GetNamespace".
    pub rpc: &'static str,
    /// HTTP method: "GET", "POST" or "DELETE".
    pub method: &'static str,
    /// Request target: path (params filled in) plus optional query string.
    pub uri: &'static str,
    /// JSON request body for POST routes (body: "*"), None for GET/DELETE.
    pub body: Option<&'static str>,
    /// The request message the upstream must receive, as canonical proto3 JSON.
    pub upstream_request: &'static str,
    /// The response message the fake upstream answers with, as canonical proto3 JSON.
    pub upstream_response: &'static str,
}

mod part1;
mod part2;
mod part3;
mod part4;
mod part5;
mod part6;
mod part7;

/// Every case, in service.proto order.
pub static ROUTE_CASES: std::sync::LazyLock<Vec<&'static RouteCase>> = std::sync::LazyLock::new(|| {
    [
        part1::CASES,
        part2::CASES,
        part3::CASES,
        part4::CASES,
        part5::CASES,
        part6::CASES,
        part7::CASES,
    ]
    .into_iter()
    .flatten()
    .collect()
});
