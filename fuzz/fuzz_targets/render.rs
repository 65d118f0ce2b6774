//! Upstream bytes → canonical JSON: any bytes as the encoded response of any route.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((route, bytes)) = common::route_and_rest(data) else {
        return;
    };
    let _ = cloud_ops_gateway::transcode::response_to_json(route, bytes);
});
