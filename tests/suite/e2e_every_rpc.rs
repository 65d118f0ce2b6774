//! Every route of the compiled protos, through the gateway to the emulator: none answers
//! UNIMPLEMENTED (501) unless it is on the reviewed [`PENDING`] list — each RPC does something
//! real, even if that is NOT_FOUND for the made-up ids of the route cases — and every answer is
//! JSON in the contract's shape.

use crate::common;

use common::route_cases::EVERY_ROUTE;
use common::stack::Stack;

/// RPCs whose emulator logic is not written yet. A proto upgrade adds its new RPCs here in the
/// same commit; writing an RPC's emulator logic removes it. The test fails both ways, so the list
/// is always exactly the RPCs the emulator does not answer.
const PENDING: &[&str] = &[];

#[tokio::test]
async fn no_rpc_is_unimplemented_in_the_emulator_except_the_pending_ones() {
    let stack = Stack::start().await;
    let mut unimplemented = Vec::new();
    for case in EVERY_ROUTE.iter() {
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
    assert_eq!(unimplemented, PENDING, "the RPCs the emulator answers UNIMPLEMENTED");
}
