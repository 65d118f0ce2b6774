//! The path binder: any (percent-encoded) segment values for any route's path variables.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((route, rest)) = common::route_and_rest(data) else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let mut segments: Vec<&str> = text.split('/').collect();
    segments.resize(route.path_params.len(), "");
    common::bind(route, &segments, None, b"");
});
