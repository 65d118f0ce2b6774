//! One HTTP call per CloudService RPC, with the exact request message the upstream must receive and
//! a canned upstream response; read by tests/suite/{routes,openapi,e2e_every_rpc}.rs. The
//! hand-written cases live in one file per resource family ([`ROUTE_CASES`], in service.proto
//! order); [`EVERY_ROUTE`] adds a case made from the descriptors for each route without one, so a
//! proto upgrade's new RPCs are covered before their cases are written.

/// One row of the route table test.
pub struct RouteCase {
    /// RPC method name as in service.proto, e.g. "GetNamespace".
    pub rpc: &'static str,
    /// HTTP method: "GET", "POST", "DELETE"….
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

mod account;
mod api_keys;
mod assignments;
mod connectivity_rules;
mod custom_roles;
mod export_sinks;
pub mod generated;
mod identity;
mod namespaces;
mod nexus;
mod regions;
mod service_accounts;
mod usage_billing;
mod user_groups;
mod users;

/// Every case, in service.proto order (the order of the generated route table; a case whose RPC
/// has no route sorts last, so the tests that compare the two lists name it).
pub static ROUTE_CASES: std::sync::LazyLock<Vec<&'static RouteCase>> = std::sync::LazyLock::new(|| {
    let mut cases: Vec<&'static RouteCase> = [
        account::CASES,
        api_keys::CASES,
        assignments::CASES,
        connectivity_rules::CASES,
        custom_roles::CASES,
        export_sinks::CASES,
        identity::CASES,
        namespaces::CASES,
        nexus::CASES,
        regions::CASES,
        service_accounts::CASES,
        usage_billing::CASES,
        user_groups::CASES,
        users::CASES,
    ]
    .into_iter()
    .flatten()
    .collect();
    let position = |case: &&RouteCase| {
        cloud_ops_gateway::routes::ROUTES
            .iter()
            .position(|route| route.rpc == case.rpc)
            .unwrap_or(usize::MAX)
    };
    cases.sort_by_key(position);
    cases
});

/// One case per route of the generated table, in its order: the hand-written one where there is
/// one, else one made from the descriptors.
pub static EVERY_ROUTE: std::sync::LazyLock<Vec<&'static RouteCase>> = std::sync::LazyLock::new(|| {
    cloud_ops_gateway::routes::ROUTES
        .iter()
        .map(|route| {
            ROUTE_CASES
                .iter()
                .find(|case| case.rpc == route.rpc)
                .copied()
                .unwrap_or_else(|| generated::case(route))
        })
        .collect()
});
