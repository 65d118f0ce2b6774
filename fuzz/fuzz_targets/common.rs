//! Shared by the fuzz targets: the first input byte picks the route (every route of the generated
//! table is reachable), the rest is the part under test.

use cloud_ops_gateway::routes::{ROUTES, Route};
use cloud_ops_gateway::transcode::{self, HttpInput};

/// The route picked by `data[0]`, and the rest of `data`.
pub fn route_and_rest(data: &[u8]) -> Option<(&'static Route, &[u8])> {
    let (first, rest) = data.split_first()?;
    Some((&ROUTES[usize::from(*first) % ROUTES.len()], rest))
}

/// Binds an HTTP request for `route`; any outcome but a panic is fine. (Not every target binds.)
#[allow(dead_code)]
pub fn bind(route: &Route, path: &[&str], query: Option<&str>, body: &[u8]) {
    let mut headers = http::HeaderMap::new();
    headers.insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json"),
    );
    let input = HttpInput {
        path,
        query,
        headers: &headers,
        body,
    };
    let _ = transcode::request_from_http(route, &input);
}
