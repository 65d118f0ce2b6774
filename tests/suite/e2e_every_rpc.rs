//! Every one of the 76 routes, through the gateway to the emulator: none answers UNIMPLEMENTED
//! (501) — each RPC does something real, even if that is NOT_FOUND for the made-up ids of the
//! route table cases — and every answer is JSON in the contract's shape.

use crate::common;

use common::route_cases::ROUTE_CASES;
use common::stack::Stack;

#[tokio::test]
async fn no_rpc_is_unimplemented_in_the_emulator() {
    let stack = Stack::start().await;
    let mut unimplemented = Vec::new();
    for case in ROUTE_CASES.iter() {
        let body = case.body.map(|b| serde_json::from_str(b).unwrap());
        let (status, json) = stack.call(case.method, case.uri, body).await;
        if status == 501 || json["code"] == 12 {
            unimplemented.push(case.rpc);
        }
        if status != 200 {
            assert!(
                json["message"].is_string() && json["code"].is_number(),
                "{}: {status} {json}",
                case.rpc
            );
        }
    }
    assert!(unimplemented.is_empty(), "UNIMPLEMENTED: {unimplemented:?}");
}
