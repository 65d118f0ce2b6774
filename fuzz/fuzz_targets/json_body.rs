//! JSON body → request message: any bytes as the body of any route (routes without a body
//! ignore it, as the gateway does).
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((route, body)) = common::route_and_rest(data) else {
        return;
    };
    let path = vec!["x"; route.path_params.len()];
    common::bind(route, &path, None, body);
});
