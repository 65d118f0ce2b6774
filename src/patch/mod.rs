//! PATCH with a JSON Merge Patch (RFC 5789, RFC 7396) on every resource that has a Get and an
//! Update on one path ([`table`]). The Cloud Ops API only replaces a whole `spec`, at the
//! resource's current `resource_version`; a PATCH reads the resource with the caller's key,
//! merges the patch into `{"spec": <spec read>, "resourceVersion": <version read>}` — the Update
//! request — and sends that Update the way a POST of it would be sent, so its validation, its
//! operation id and `Prefer: wait` are the POST's. The answer is the Update's.
//!
//! Versions: `If-Match` (or a `resourceVersion` in the patch) pins the version, and a PATCH of a
//! resource that has moved on is then refused (412 for `If-Match`). Unpinned, a refusal after
//! someone else wrote in between (the version read again has changed) reads again and applies the
//! patch again on top of the other writer's change, at most [`ROUNDS`] times in all; a refusal
//! with no new version in between is not a race and is answered as it is.

mod merge;
mod names;
mod table;

use std::sync::Arc;
use std::time::Instant;

use axum::body::Body;
use axum::extract::Request;
use axum::response::Response;
use http::request::Parts;
use serde_json::{Map, Value};
use tonic::Code;

use crate::error::GatewayError;
use crate::gateway::Gateway;
use crate::headers::{self, MERGE_PATCH, Outbound};
use crate::proxy::{self, UpstreamCall};
use crate::transcode::{self, HttpInput};
pub use table::{Patchable, at, patchables};

/// How many times a PATCH reads and writes when other writers keep winning the race.
pub const ROUNDS: usize = 3;

/// Serves one PATCH of `target`.
pub async fn handle(gateway: Arc<Gateway>, target: &'static Patchable, request: Request) -> Response {
    let started = Instant::now();
    let (parts, body) = request.into_parts();
    let (route, rpc) = (target.update.template, target.update.rpc);
    let unanswered = crate::unanswered::Unanswered::new(&gateway, route, rpc, &parts, started);
    let span = proxy::server_span(&gateway, target.update, &parts);
    let mut upstream = UpstreamCall::default();
    let result = proxy::traced(&span, forward(&gateway, target, &parts, body, &mut upstream)).await;
    unanswered.answered();
    let outcome = upstream.outcome(target.update, started);
    outcome.finish_traced(&gateway, &parts, result, span)
}

async fn forward(
    gateway: &Gateway,
    target: &'static Patchable,
    parts: &Parts,
    body: Body,
    upstream: &mut UpstreamCall,
) -> Result<Response, GatewayError> {
    let given = parts.headers.get(http::header::CONTENT_TYPE);
    if !given.is_some_and(|ct| is_merge_patch(ct.to_str().unwrap_or_default())) {
        let given = given.map_or("none".into(), |ct| String::from_utf8_lossy(ct.as_bytes()).into_owned());
        return Err(GatewayError::UnsupportedMediaType {
            given,
            expected: MERGE_PATCH,
        });
    }
    let outbound = headers::outbound(&parts.headers, &gateway.policy)?;
    let pinned = crate::etag::if_match(target.update, &parts.headers)?.map(str::to_string);
    let account = proxy::account(gateway, parts);
    let (body, held) = proxy::read_body(gateway, &account, body, &parts.headers).await?;
    let patch = patch_document(target, &body)?;
    drop((body, held));
    let pinned_in_body = patch.contains_key("resourceVersion");
    let _admitted = proxy::admit(gateway)?;

    let path = target.get.raw_path_values(parts.uri.path());
    let started = Instant::now();
    let remaining = |outbound: &Outbound| Outbound {
        metadata: outbound.metadata.clone(),
        deadline: outbound.deadline.saturating_sub(started.elapsed()),
    };
    let mut refused: Option<(String, GatewayError)> = None;
    for _ in 0..ROUNDS {
        let (spec, version) = read(gateway, target, &path, parts, remaining(&outbound), upstream).await?;
        if let Some((before, error)) = refused.take()
            && before == version
        {
            return Err(error);
        }
        if let Some(pinned) = pinned.as_deref().filter(|pinned| *pinned != version) {
            return Err(GatewayError::PreconditionFailed(tonic::Status::failed_precondition(
                format!(
                    "If-Match {} is not the current resourceVersion {version:?}: read the resource again",
                    crate::error::caller_text::quoted(pinned)
                ),
            )));
        }
        let mut request = Value::Object(Map::from_iter([
            (table::SPEC.to_string(), spec),
            ("resourceVersion".to_string(), Value::String(version.clone())),
        ]));
        merge::merge(&mut request, Value::Object(patch.clone()));
        let body = serde_json::to_vec(&request).expect("a JSON value serializes");
        let input = HttpInput {
            path: &path,
            query: parts.uri.query(),
            headers: &parts.headers,
            body: &body,
        };
        let json = transcode::to_json(target.update, &input)?;
        match proxy::send(gateway, target.update, parts, remaining(&outbound), json, upstream).await {
            Err(GatewayError::Upstream(status))
                if pinned.is_none()
                    && !pinned_in_body
                    && matches!(status.code(), Code::Aborted | Code::FailedPrecondition) =>
            {
                refused = Some((version, GatewayError::Upstream(status)));
            }
            answer => return proxy::charged(gateway, &account, answer?),
        }
    }
    Err(refused.expect("every round that does not return is refused").1)
}

/// The PATCH body as a merge patch of the Update request: a JSON object, member names canonical.
fn patch_document(target: &Patchable, body: &[u8]) -> Result<Map<String, Value>, GatewayError> {
    let request = crate::pb::pool()
        .get_message_by_name(target.update.input_type)
        .expect("route types are in the pool");
    match names::canonical(transcode::parse_body(body)?, &request) {
        Value::Object(patch) => Ok(patch),
        _ => Err(GatewayError::InvalidRequest(format!(
            "a merge patch of {} must be a JSON object, e.g. {{\"spec\": {{…}}}}",
            target.get.template
        ))),
    }
}

/// Reads the resource with the caller's key: its `spec` (canonical JSON) and `resourceVersion`.
async fn read(
    gateway: &Gateway,
    target: &'static Patchable,
    path: &[&str],
    parts: &Parts,
    outbound: Outbound,
    upstream: &mut UpstreamCall,
) -> Result<(Value, String), GatewayError> {
    let input = HttpInput {
        path,
        query: None,
        headers: &parts.headers,
        body: &[],
    };
    let request = transcode::request_from_http(target.get, &input)?;
    let reply = proxy::call(
        gateway,
        target.get,
        request,
        outbound.metadata,
        outbound.deadline,
        true,
        upstream,
    )
    .await?;
    let rendered = transcode::response_to_json(target.get, &reply.body)?;
    let mut answer: Value = serde_json::from_slice(&rendered).expect("the gateway's own JSON parses");
    let mut resource = answer[target.resource.as_str()].take();
    let spec = match resource[table::SPEC].take() {
        Value::Null => Value::Object(Map::new()),
        spec => spec,
    };
    let version = resource["resourceVersion"].as_str().unwrap_or_default().to_string();
    Ok((spec, version))
}

/// `application/merge-patch+json`, any parameters.
fn is_merge_patch(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    essence.eq_ignore_ascii_case(MERGE_PATCH)
}
