//! The OpenAPI document against the gateway it describes:
//! - the committed `openapi/cloud-ops-api.{json,yaml}` equal what the code generates, what the CLI
//!   prints and what the gateway serves, byte for byte (regenerate: `UPDATE_OPENAPI=1 cargo test --test suite openapi`);
//! - every route has exactly one operation and vice versa, with the route's parameters and body;
//! - every `$ref` resolves;
//! - real gateway answers (a canned upstream response per route, emulator responses, errors) validate
//!   against the schema the document declares for that operation and status (JSON Schema 2020-12,
//!   formats checked), and the schemas reject int64 numbers, unknown enum names and unknown fields.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use cloud_ops_gateway::routes::{BodyRule, ROUTES, Route, by_rpc};
use common::emulator::{ADMIN_KEY, TestEmulator};
use common::recorder::{Answer, Recorder};
use common::route_cases::EVERY_ROUTE;
use common::{Options, client, encode_json, start_gateway};
use serde_json::{Value, json};

const REGENERATE: &str = "UPDATE_OPENAPI=1 cargo test --test suite openapi";

fn spec() -> Value {
    serde_json::from_str(cloud_ops_gateway::openapi::json()).unwrap()
}

fn committed(ext: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("openapi/cloud-ops-api.{ext}"))
}

#[test]
fn committed_spec_is_what_the_code_generates() {
    let generated = [
        ("json", cloud_ops_gateway::openapi::json()),
        ("yaml", cloud_ops_gateway::openapi::yaml()),
    ];
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        for (ext, text) in generated {
            std::fs::create_dir_all(committed(ext).parent().unwrap()).unwrap();
            std::fs::write(committed(ext), text).unwrap();
        }
    }
    for (ext, text) in generated {
        let on_disk = std::fs::read_to_string(committed(ext)).unwrap_or_default();
        assert!(
            on_disk == text,
            "{} differs from the spec the code generates; regenerate it with `{REGENERATE}` and commit it",
            committed(ext).display()
        );
    }
}

#[test]
fn the_cli_prints_the_same_bytes() {
    for (args, expected) in [
        (&["openapi"][..], cloud_ops_gateway::openapi::json()),
        (&["openapi", "--yaml"][..], cloud_ops_gateway::openapi::yaml()),
    ] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_cloud-ops-gateway"))
            .args(args)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(output.stdout == expected.as_bytes(), "{args:?} prints something else");
    }
}

#[tokio::test]
async fn the_gateway_serves_the_same_bytes_and_the_docs_ui() {
    let gateway = start_gateway("http://127.0.0.1:1", Options::default()).await;
    let http = client();
    for (path, expected, content_type) in [
        ("/openapi.json", cloud_ops_gateway::openapi::json(), "application/json"),
        ("/openapi.yaml", cloud_ops_gateway::openapi::yaml(), "application/yaml"),
    ] {
        let response = http.get(format!("{}{path}", gateway.base)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()["content-type"], content_type, "{path}");
        assert!(response.bytes().await.unwrap() == expected.as_bytes(), "{path}");
    }
    let docs = http.get(format!("{}/docs/", gateway.base)).send().await.unwrap();
    assert_eq!(docs.status(), 200);
    assert!(docs.text().await.unwrap().contains("swagger-ui-bundle.js"));
}

/// The OpenAPI path of a route, computed independently: each `{var}` / `{var=*}` of the template
/// becomes `{<json name of the bound field>}` — of the first route in the table with the same path
/// once the variables are blanked, since OpenAPI forbids paths that differ only in names.
fn expected_path(route: &Route) -> String {
    let blank = |template: &str| {
        template
            .split('/')
            .map(|s| {
                if s.starts_with('{') {
                    "{}".to_string()
                } else {
                    s.to_string()
                }
            })
            .collect::<Vec<_>>()
    };
    let first = ROUTES
        .iter()
        .find(|r| blank(r.template) == blank(route.template))
        .unwrap();
    let mut names = first.path_params.iter().map(|p| p.json_name());
    blank(route.template)
        .into_iter()
        .map(|s| {
            if s == "{}" {
                format!("{{{}}}", names.next().unwrap())
            } else {
                s
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// OpenAPI 3.1 §4.8.8: "Templated paths with the same hierarchy but different templated names MUST
/// NOT exist as they are identical." (Tools such as schemathesis merge or drop them.)
#[test]
fn no_two_paths_differ_only_in_parameter_names() {
    let spec = spec();
    let mut seen = BTreeMap::new();
    for path in spec["paths"].as_object().unwrap().keys() {
        let blank: Vec<&str> = path
            .split('/')
            .map(|s| if s.starts_with('{') { "{}" } else { s })
            .collect();
        if let Some(other) = seen.insert(blank, path.clone()) {
            panic!("{path} and {other} are the same templated path");
        }
    }
}

fn operation<'a>(spec: &'a Value, route: &Route) -> &'a Value {
    &spec["paths"][expected_path(route)][route.verb.method().as_str().to_ascii_lowercase()]
}

#[test]
fn every_route_has_exactly_one_operation_and_vice_versa() {
    let spec = spec();
    assert_eq!(spec["openapi"], "3.1.0");
    assert_eq!(spec["info"]["version"], cloud_ops_gateway::pb::API_VERSION);
    assert_eq!(spec["servers"][0]["url"], "/");
    assert_eq!(spec["security"], json!([{"bearerAuth": []}]));
    assert_eq!(spec["components"]["securitySchemes"]["bearerAuth"]["scheme"], "bearer");
    let declared_tags: BTreeSet<&str> = spec["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();

    let mut in_spec = BTreeSet::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            in_spec.insert((method.to_ascii_uppercase(), path.clone()));
        }
    }
    let mut from_routes: BTreeSet<(String, String)> = ROUTES
        .iter()
        .map(|r| (r.verb.method().to_string(), expected_path(r)))
        .collect();
    assert_eq!(from_routes.len(), ROUTES.len(), "routes are distinct");
    for target in cloud_ops_gateway::patch::patchables() {
        let path = expected_path(target.update);
        let patch = &spec["paths"][&path]["patch"];
        let rpc = target.update.rpc;
        assert!(
            patch["requestBody"]["content"]["application/merge-patch+json"]["schema"]["$ref"]
                .as_str()
                .is_some_and(|r| r.ends_with(target.update.input_type)),
            "{rpc}: PATCH takes a merge patch of the Update request: {patch}"
        );
        assert!(
            patch["responses"]["415"]["headers"]["accept-patch"].is_object(),
            "{rpc}: {patch}"
        );
        assert_eq!(
            patch["responses"]["200"],
            spec["paths"][&path][target.update.verb.method().as_str().to_ascii_lowercase()]["responses"]["200"],
            "{rpc}: a PATCH answers what the Update answers"
        );
        from_routes.insert(("PATCH".to_string(), path));
    }
    assert_eq!(
        in_spec, from_routes,
        "operations = routes, and a PATCH beside each patchable Update"
    );

    let mut ids = BTreeSet::new();
    for route in ROUTES {
        let op = operation(&spec, route);
        let rpc = route.rpc;
        assert_eq!(op["x-grpc-method"], route.grpc_path, "{rpc}");
        let id = op["operationId"].as_str().unwrap();
        assert!(ids.insert(id.to_string()), "{rpc}: operationId {id} twice");
        assert!(
            op.get("security").is_none(),
            "{rpc}: the document-level bearer requirement applies"
        );
        for tag in op["tags"].as_array().unwrap() {
            assert!(
                declared_tags.contains(tag.as_str().unwrap()),
                "{rpc}: tag {tag} not declared"
            );
        }
        let params = |location: &str| -> Vec<String> {
            op["parameters"]
                .as_array()
                .map(|ps| {
                    ps.iter()
                        .filter(|p| p["in"] == location)
                        .map(|p| p["name"].as_str().unwrap().to_string())
                        .collect()
                })
                .unwrap_or_default()
        };
        let path_names: Vec<String> = expected_path(route)
            .split('/')
            .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}').map(str::to_string))
            .collect();
        let query_names: Vec<String> = route.query_params.iter().map(|p| p.json_name()).collect();
        assert_eq!(params("path"), path_names, "{rpc}: path parameters");
        let parameters = op["parameters"].as_array().cloned().unwrap_or_default();
        let path_params = parameters.iter().filter(|p| p["in"] == "path");
        for (param, field) in path_params.zip(route.path_params) {
            let binds = format!("Binds request field `{}`.", field.proto_name());
            let description = param["description"].as_str().unwrap();
            assert!(description.contains(&binds), "{rpc}: {description}");
        }
        assert_eq!(params("query"), query_names, "{rpc}: query parameters");
        assert_eq!(
            op.get("requestBody").is_some(),
            !matches!(route.body, BodyRule::None),
            "{rpc}: body"
        );
        let ok = &op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"];
        assert_eq!(ok, &format!("#/components/schemas/{}", route.output_type), "{rpc}");
        for status in ["400", "401", "403", "404", "500", "503", "504"] {
            assert!(
                op["responses"][status]["$ref"].is_string(),
                "{rpc}: no {status} response"
            );
        }
    }
    assert_eq!(
        spec["paths"]["/cloud/users"]["get"]["operationId"], "listUsers",
        "annotation wins"
    );
    assert_eq!(
        operation(&spec, by_rpc("GetNamespace").unwrap())["operationId"],
        "getNamespace"
    );
}

#[test]
fn every_reference_resolves() {
    fn walk(value: &Value, spec: &Value, broken: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(target)) = map.get("$ref") {
                    let pointer = target.strip_prefix('#').unwrap_or("!");
                    if spec.pointer(pointer).is_none() {
                        broken.push(target.clone());
                    }
                }
                map.values().for_each(|v| walk(v, spec, broken));
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, spec, broken)),
            _ => {}
        }
    }
    let spec = spec();
    let mut broken = Vec::new();
    walk(&spec, &spec, &mut broken);
    assert!(broken.is_empty(), "unresolved: {broken:?}");
}

/// Validates JSON against schemas of the document, `Any` contents included.
struct Checker {
    spec: Value,
    validators: BTreeMap<String, jsonschema::Validator>,
}

impl Checker {
    fn new() -> Self {
        Self {
            spec: spec(),
            validators: BTreeMap::new(),
        }
    }

    /// `schema` is a schema object of the document, typically `{"$ref": ...}`.
    fn errors(&mut self, schema: &Value, instance: &Value) -> Vec<String> {
        let key = schema.to_string();
        if !self.validators.contains_key(&key) {
            let mut root = schema.clone();
            root["$schema"] = json!("https://json-schema.org/draft/2020-12/schema");
            root["components"] = self.spec["components"].clone();
            let validator = jsonschema::options()
                .should_validate_formats(true)
                .should_ignore_unknown_formats(true)
                .build(&root)
                .unwrap_or_else(|e| panic!("schema {schema} does not compile: {e}"));
            self.validators.insert(key.clone(), validator);
        }
        let mut errors: Vec<String> = self.validators[&key]
            .iter_errors(instance)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        for (pointer, type_name, content) in packed(instance, "") {
            let schema = json!({"$ref": format!("#/components/schemas/{type_name}")});
            if self.spec["components"]["schemas"].get(&type_name).is_none() {
                errors.push(format!("{pointer}: Any of undocumented type {type_name}"));
                continue;
            }
            for e in self.errors(&schema, &content) {
                errors.push(format!("{pointer} (Any {type_name}): {e}"));
            }
        }
        errors
    }

    /// The schema declared for `status` of the operation of `route`.
    fn response_schema(&self, route: &Route, status: u16) -> Value {
        let mut response = operation(&self.spec, route)["responses"][status.to_string()].clone();
        if let Some(target) = response["$ref"].as_str() {
            response = self.spec.pointer(target.strip_prefix('#').unwrap()).unwrap().clone();
        }
        let schema = response["content"]["application/json"]["schema"].clone();
        assert!(schema.is_object(), "{}: no schema for status {status}", route.rpc);
        schema
    }
}

/// Every `Any` inside `value` (not nested in another Any): pointer, type name, fields without `@type`.
fn packed(value: &Value, pointer: &str) -> Vec<(String, String, Value)> {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(url)) = map.get("@type") {
                let mut fields = map.clone();
                fields.remove("@type");
                let name = url.rsplit('/').next().unwrap().to_string();
                return vec![(pointer.to_string(), name, Value::Object(fields))];
            }
            map.iter()
                .flat_map(|(k, v)| packed(v, &format!("{pointer}/{k}")))
                .collect()
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .flat_map(|(i, v)| packed(v, &format!("{pointer}/{i}")))
            .collect(),
        _ => Vec::new(),
    }
}

#[tokio::test]
async fn every_canned_response_and_body_fits_its_declared_schema() {
    let upstream = Recorder::start().await;
    let gateway = start_gateway(&upstream.url(), Options::default()).await;
    let http = client();
    let mut checker = Checker::new();
    let mut failures = Vec::new();
    for case in EVERY_ROUTE.iter() {
        let route = by_rpc(case.rpc).unwrap();
        upstream.answer(
            route.grpc_path,
            Answer {
                body: encode_json(route.output_type, case.upstream_response).into(),
                ..Default::default()
            },
        );
        let mut request = http
            .request(case.method.parse().unwrap(), format!("{}{}", gateway.base, case.uri))
            .header("authorization", "Bearer test-key");
        if let Some(body) = case.body {
            request = request.header("content-type", "application/json").body(body);
            let schema =
                operation(&checker.spec, route)["requestBody"]["content"]["application/json"]["schema"].clone();
            let body = canonical(route.input_type, body);
            for e in checker.errors(&schema, &body) {
                failures.push(format!("{} request body: {e}", case.rpc));
            }
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let json: Value = response.json().await.unwrap();
        let schema = checker.response_schema(route, status);
        for e in checker.errors(&schema, &json) {
            failures.push(format!("{} response {status}: {e}", case.rpc));
        }
        if status != 200 {
            failures.push(format!("{}: HTTP {status}: {json}", case.rpc));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The canonical form of a request body. The test bodies also exercise what the gateway accepts
/// beyond it (proto names, enum numbers), which the document states in prose, not in the schemas.
fn canonical(type_name: &str, body: &str) -> Value {
    common::decode_to_json(type_name, &encode_json(type_name, body))
}

#[tokio::test]
async fn emulator_answers_fit_their_declared_schemas() {
    let emulator = TestEmulator::start().await;
    let gateway = start_gateway(&emulator.url, Options::default()).await;
    let http = client();
    let mut checker = Checker::new();
    let mut call = async |method: &str, rpc: &str, path: String, body: Option<Value>| -> Value {
        let mut request = http
            .request(method.parse().unwrap(), format!("{}{path}", gateway.base))
            .header("authorization", format!("Bearer {ADMIN_KEY}"));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let json: Value = response.json().await.unwrap();
        let route = by_rpc(rpc).unwrap();
        let schema = checker.response_schema(route, status);
        let errors = checker.errors(&schema, &json);
        assert!(errors.is_empty(), "{rpc} {status} {json}:\n{}", errors.join("\n"));
        json
    };
    let identity = call("GET", "GetCurrentIdentity", "/cloud/current-identity".into(), None).await;
    assert!(
        identity.get("user").is_some() || identity.get("serviceAccount").is_some(),
        "{identity}"
    );
    let body = json!({"spec": {"email": "schema@example.com", "access": {"accountAccess": {"role": "ROLE_READ"}}}});
    let created = call("POST", "CreateUser", "/cloud/users".into(), Some(body)).await;
    let user_id = created["userId"].as_str().unwrap().to_string();
    let op_id = created["asyncOperation"]["id"].as_str().unwrap().to_string();
    call("GET", "GetUser", format!("/cloud/users/{user_id}"), None).await;
    call("GET", "GetUsers", "/cloud/users?pageSize=1".into(), None).await;
    call("GET", "GetAsyncOperation", format!("/cloud/operations/{op_id}"), None).await;
    let missing = call("GET", "GetUser", "/cloud/users/no-such-user".into(), None).await;
    assert_eq!(missing["code"], 5, "NOT_FOUND: {missing}");
    let bad = call("GET", "GetUsers", "/cloud/users?bogus=1".into(), None).await;
    assert_eq!(bad["code"], 3, "INVALID_ARGUMENT: {bad}");
}

#[test]
fn schemas_reject_what_the_gateway_never_emits() {
    let mut checker = Checker::new();
    let user = json!({"$ref": "#/components/schemas/temporal.api.cloud.identity.v1.User"});
    let good = json!({"id": "u", "resourceVersion": "7", "state": "RESOURCE_STATE_ACTIVE",
                      "createdTime": "2024-01-15T09:30:00Z",
                      "spec": {"access": {"accountAccess": {"role": "ROLE_ADMIN"}}}});
    assert_eq!(checker.errors(&user, &good), Vec::<String>::new());
    let bad_cases = [
        ("int64 as a number", json!({"resourceVersion": 7})),
        ("unknown enum name", json!({"state": "RESOURCE_STATE_BOGUS"})),
        ("enum as a number", json!({"state": 1})),
        ("unknown member", json!({"bogus": true})),
        ("proto name", json!({"resource_version": "7"})),
        ("timestamp not RFC 3339", json!({"createdTime": "yesterday"})),
        (
            "nested enum",
            json!({"spec": {"access": {"accountAccess": {"role": "ROLE_BOSS"}}}}),
        ),
    ];
    for (what, instance) in bad_cases {
        assert!(
            !checker.errors(&user, &instance).is_empty(),
            "accepted {what}: {instance}"
        );
    }
    let capacity = json!({"$ref": "#/components/schemas/temporal.api.cloud.namespace.v1.CapacitySpec"});
    assert!(checker.errors(&capacity, &json!({"onDemand": {}})).is_empty());
    assert!(checker.errors(&capacity, &json!({})).is_empty());
    assert!(
        !checker
            .errors(&capacity, &json!({"onDemand": {}, "provisioned": {"value": 2}}))
            .is_empty(),
        "two oneof members"
    );
    let op = json!({"$ref": "#/components/schemas/temporal.api.cloud.operation.v1.AsyncOperation"});
    assert!(checker.errors(&op, &json!({"checkDuration": "1.5s"})).is_empty());
    assert!(
        !checker.errors(&op, &json!({"checkDuration": "1.5"})).is_empty(),
        "duration without s"
    );
    let any = json!({"operationInput": {"@type": "type.googleapis.com/temporal.api.cloud.cloudservice.v1.CreateUserRequest", "bogus": 1}});
    assert!(!checker.errors(&op, &any).is_empty(), "Any contents are checked");
}

/// Every operation whose response message has an `AsyncOperation` member (read from the document's
/// own schemas) offers `Prefer` and declares the 202 and 422 answers of a wait; mutations whose
/// request has `asyncOperationId` offer `Idempotency-Key`; no other operation does.
#[test]
fn operation_features_are_declared_where_the_messages_carry_operations() {
    let spec = spec();
    let schemas = &spec["components"]["schemas"];
    let operation_ref = "#/components/schemas/temporal.api.cloud.operation.v1.AsyncOperation";
    let mut waits = 0;
    for route in ROUTES {
        let op = operation(&spec, route);
        let headers: Vec<&str> = op["parameters"]
            .as_array()
            .map(|ps| {
                ps.iter()
                    .filter(|p| p["in"] == "header")
                    .map(|p| p["name"].as_str().unwrap())
                    .collect()
            })
            .unwrap_or_default();
        let output = &schemas[route.output_type]["properties"];
        let carries = output
            .as_object()
            .is_some_and(|props| props.values().any(|p| p["$ref"] == operation_ref));
        assert_eq!(headers.contains(&"Prefer"), carries, "{}: Prefer", route.rpc);
        assert_eq!(op["responses"]["202"].is_object(), carries, "{}: 202", route.rpc);
        assert_eq!(op["responses"]["422"].is_object(), carries, "{}: 422", route.rpc);
        let named = schemas[route.input_type]["properties"]["asyncOperationId"].is_object();
        let mutation = route.verb.method() != http::Method::GET;
        assert_eq!(
            headers.contains(&"Idempotency-Key"),
            named && mutation,
            "{}: Idempotency-Key",
            route.rpc
        );
        waits += usize::from(carries);
    }
    assert!(waits > 40, "{waits} operations can wait");
}
