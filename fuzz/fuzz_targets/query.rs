//! The query binder: any query string against any route's query parameters.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((route, rest)) = common::route_and_rest(data) else {
        return;
    };
    let Ok(query) = std::str::from_utf8(rest) else { return };
    let path = vec!["x"; route.path_params.len()];
    common::bind(route, &path, Some(query), b"");
});
