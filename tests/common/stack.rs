//! The whole stack over real sockets: the emulator (manual clock) on 127.0.0.1:0 and the gateway
//! in front of it, driven with HTTP/JSON the way a portal would.

use serde_json::Value;

use cloud_ops_gateway::emulator::demo;

use super::emulator::{ADMIN_KEY, START, TestEmulator};
use super::{Options, TestGateway, client, start_gateway};

/// Emulator + gateway; both stop when dropped.
pub struct Stack {
    /// The emulator (clock, state).
    pub emu: TestEmulator,
    /// The gateway in front of it.
    pub gateway: TestGateway,
    http: reqwest::Client,
}

impl Stack {
    /// Starts both.
    pub async fn start() -> Self {
        let emu = TestEmulator::start().await;
        let gateway = start_gateway(&emu.url, Options::default()).await;
        Self::of(emu, gateway)
    }

    /// Starts both, the emulator holding `dev`'s demo data too.
    pub async fn start_with_demo() -> Self {
        let stack = Self::start().await;
        stack.emu.emulator.with_state(|s| demo::populate(s, START));
        stack
    }

    /// A stack of an emulator and a gateway started apart (e.g. with something in between).
    pub fn of(emu: TestEmulator, gateway: TestGateway) -> Self {
        Self {
            emu,
            gateway,
            http: client(),
        }
    }

    /// Sends `method path` with an optional JSON body as the account owner; returns status and JSON.
    pub async fn call(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        self.call_as(ADMIN_KEY, method, path, body).await
    }

    /// Like [`Stack::call`] with another API key.
    pub async fn call_as(&self, key: &str, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut request = self
            .http
            .request(method.parse().unwrap(), format!("{}{path}", self.gateway.base))
            .header("authorization", format!("Bearer {key}"));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{method} {path}: not JSON ({e}): {text}")),
        )
    }

    /// Calls and asserts HTTP 200, returning the JSON.
    pub async fn ok(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let (status, json) = self.call(method, path, body).await;
        assert_eq!(status, 200, "{method} {path}: {json}");
        json
    }

    /// Polls GetAsyncOperation (advancing the emulator clock) until the operation is terminal;
    /// returns its final state name.
    pub async fn wait(&self, operation: &Value) -> String {
        let id = operation["id"].as_str().expect("an operation id");
        self.emu.finish_operations();
        let json = self.ok("GET", &format!("/cloud/operations/{id}"), None).await;
        json["asyncOperation"]["state"].as_str().unwrap_or_default().to_string()
    }
}
