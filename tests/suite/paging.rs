//! `Link: rel="next"` over real sockets through the gateway to the emulator: following the links
//! alone visits every item once, in order, and the last page has none.

use crate::common;

use common::emulator::ADMIN_KEY;
use common::stack::Stack;
use serde_json::{Value, json};

#[tokio::test]
async fn following_next_links_visits_every_page() {
    let stack = Stack::start().await;
    for i in 0..5 {
        let body = json!({"spec": {"email": format!("user{i}@example.com"), "access": {"accountAccess": {"role": "ROLE_READ"}}}});
        stack.ok("POST", "/cloud/users", Some(body)).await;
    }
    stack.emu.finish_operations();
    let everyone = stack.ok("GET", "/cloud/users?pageSize=100", None).await;
    let all: Vec<Value> = everyone["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].clone())
        .collect();
    assert_eq!(all.len(), 6, "the owner and five users: {everyone}");

    let http = common::client();
    let mut next = Some("/cloud/users?pageSize=2&email=".to_string());
    let (mut seen, mut pages) = (Vec::new(), 0);
    while let Some(target) = next.take() {
        let response = http
            .get(format!("{}{target}", stack.gateway.base))
            .header("authorization", format!("Bearer {ADMIN_KEY}"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{target}");
        next = response.headers().get("link").map(|link| {
            let link = link.to_str().unwrap();
            assert!(link.ends_with(">; rel=\"next\""), "{link}");
            link.trim_start_matches('<').split('>').next().unwrap().to_string()
        });
        let page: Value = response.json().await.unwrap();
        assert_eq!(
            page["nextPageToken"].is_string(),
            next.is_some(),
            "a link exactly when there is a next page"
        );
        seen.extend(page["users"].as_array().unwrap().iter().map(|u| u["id"].clone()));
        pages += 1;
        assert!(pages <= 10, "the links end");
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, all, "every user once, in order");
}
