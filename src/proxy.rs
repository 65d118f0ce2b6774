//! The one request path shared by every route, DESIGN's data flow: caller headers → upstream
//! metadata, path + query + body → request message, the upstream call, response → canonical JSON;
//! then one metrics record and one access-log line per request (and its server span, when tracing
//! is on). No per-RPC code lives here.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use http::request::Parts;
use http::{HeaderValue, StatusCode, header};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde_json::{Map, Value};
use tonic::Code;

use crate::error::{GatewayError, Overload};
use crate::gateway::Gateway;
use crate::headers::{self, API_VERSION_HEADER, Outbound, UPSTREAM_ATTEMPTS_HEADER};
use crate::memory::{Account, Charge, ChargedBody, Exhausted};
use crate::metrics::MemoryScope;
use crate::routes::{BodyRule, Route, Verb};
use crate::traces::spans::ServerSpan;
use crate::transcode::{self, HttpInput};
use crate::unanswered::Unanswered;
use crate::upstream::Reply;
use crate::{access_log, etag, idempotency, paging, retry, wait};

/// Serves one call of `route`.
pub async fn handle(gateway: Arc<Gateway>, route: &'static Route, request: Request) -> Response {
    let started = Instant::now();
    let (mut parts, body) = request.into_parts();
    let unanswered = Unanswered::new(&gateway, route.template, route.rpc, &parts, started);
    let mut upstream = UpstreamCall::default();
    let span = server_span(&gateway, route, &parts);
    let result = traced(&span, forward(&gateway, route, &mut parts, body, &mut upstream)).await;
    unanswered.answered();
    upstream
        .outcome(route, started)
        .finish_traced(&gateway, &parts, result, span)
}

/// The memory account of the connection `parts` arrived on (the listener puts it there), or one
/// of the whole budget for a request served without the listener.
pub fn account(gateway: &Gateway, parts: &Parts) -> Arc<Account> {
    match parts.extensions.get::<Arc<Account>>() {
        Some(account) => account.clone(),
        None => gateway.memory.unshared(),
    }
}

/// `response` with its body charged to `account` until written; refused (503) when the budget
/// cannot hold it.
pub fn charged(gateway: &Gateway, account: &Arc<Account>, response: Response) -> Result<Response, GatewayError> {
    let size = http_body::Body::size_hint(response.body()).lower();
    let charge = account
        .charge(usize::try_from(size).unwrap_or(usize::MAX))
        .map_err(|e| refused(gateway, e))?;
    Ok(response.map(|body| Body::new(ChargedBody::new(body, charge))))
}

/// The error for a charge the memory budget refused, counted.
fn refused(gateway: &Gateway, exhausted: Exhausted) -> GatewayError {
    let scope = match exhausted {
        Exhausted::Connection => MemoryScope::connection,
        Exhausted::Budget => MemoryScope::budget,
    };
    gateway.metrics.connections.memory_refused(scope);
    GatewayError::Overloaded(Overload::Memory)
}

/// The server span of a request of `route`, when tracing is on (`None` costs nothing more).
pub fn server_span(gateway: &Gateway, route: &'static Route, parts: &Parts) -> Option<ServerSpan> {
    let (method, headers) = (&parts.method, &parts.headers);
    gateway
        .traces
        .server_span(method, Some(route.template), Some(route.grpc_path), headers)
}

/// Runs `serving` inside `span`'s context, so that its upstream calls are the span's children;
/// with tracing off, just runs it.
pub async fn traced<T>(span: &Option<ServerSpan>, serving: impl Future<Output = T>) -> T {
    match span {
        None => serving.await,
        Some(span) => opentelemetry::context::FutureExt::with_context(serving, span.context()).await,
    }
}

/// What is known of a request when its answer is ready.
pub struct Outcome {
    /// Route template, or [`crate::metrics::UNMATCHED`].
    pub route: &'static str,
    /// RPC name, or [`crate::metrics::NO_RPC`].
    pub rpc: &'static str,
    /// When the request arrived.
    pub started: Instant,
    /// How long the upstream call took (all its attempts), if one was made.
    pub upstream_time: Option<Duration>,
    /// How many upstream attempts were made, if any.
    pub upstream_attempts: Option<u32>,
}

/// What a request's upstream calls came to, whatever the outcome: their time and attempts summed
/// (a PATCH makes more than one call).
#[derive(Default)]
pub struct UpstreamCall {
    time: Option<Duration>,
    attempts: Option<u32>,
}

impl UpstreamCall {
    /// The [`Outcome`] of a request of `route` that arrived at `started`.
    pub fn outcome(&self, route: &'static Route, started: Instant) -> Outcome {
        Outcome {
            route: route.template,
            rpc: route.rpc,
            started,
            upstream_time: self.time,
            upstream_attempts: self.attempts,
        }
    }

    fn add(&mut self, time: Duration, attempts: u32) {
        self.time = Some(self.time.unwrap_or_default() + time);
        self.attempts = Some(self.attempts.unwrap_or_default() + attempts);
    }
}

impl Outcome {
    /// The response for `result`, recorded once: metrics, the access-log line, and the pinned
    /// version header. Every request the router sees ends here, matched or not.
    pub fn finish(self, gateway: &Gateway, parts: &Parts, result: Result<Response, GatewayError>) -> Response {
        let (mut response, code, error) = match result {
            Ok(response) => (response, Code::Ok, None),
            Err(e) => {
                gateway.metrics.record_upstream_failure(e.upstream_failure());
                let (code, detail) = (e.code(), (e.kind().unwrap_or("upstream"), e.message()));
                (e.into_response(), code, Some(detail))
            }
        };
        response
            .headers_mut()
            .insert(API_VERSION_HEADER, gateway.policy.api_version.clone());
        if let Some(attempts) = self.upstream_attempts {
            response.headers_mut().insert(UPSTREAM_ATTEMPTS_HEADER, attempts.into());
        }
        let elapsed = self.started.elapsed();
        let (route, rpc, upstream) = (self.route, self.rpc, self.upstream_time);
        gateway
            .metrics
            .record_request(route, rpc, &parts.method, code, elapsed, upstream);
        access_log::write(parts, route, rpc, response.status(), code, elapsed, upstream, error);
        response
    }

    /// [`Outcome::finish`], then the end of the request's server span, if it has one.
    pub fn finish_traced(
        self,
        gateway: &Gateway,
        parts: &Parts,
        result: Result<Response, GatewayError>,
        span: Option<ServerSpan>,
    ) -> Response {
        let (code, kind) = result
            .as_ref()
            .map_or_else(|e| (e.code(), e.kind()), |_| (Code::Ok, None));
        let response = self.finish(gateway, parts, result);
        if let Some(span) = span {
            span.end(response.status(), code, kind);
        }
        response
    }
}

/// Headers → metadata, HTTP → request message, then [`send`].
async fn forward(
    gateway: &Gateway,
    route: &'static Route,
    parts: &mut Parts,
    body: Body,
    upstream: &mut UpstreamCall,
) -> Result<Response, GatewayError> {
    let outbound = headers::outbound(&parts.headers, &gateway.policy)?;
    let account = account(gateway, parts);
    let (body, held) = match route.body {
        BodyRule::None => (Bytes::new(), None),
        BodyRule::Whole | BodyRule::Field(_) => {
            let (body, held) = read_body(gateway, &account, body, &parts.headers).await?;
            (body, Some(held))
        }
    };
    let _admitted = admit(gateway)?;
    let input = HttpInput {
        path: &route.raw_path_values(parts.uri.path()),
        query: parts.uri.query(),
        headers: &parts.headers,
        body: &body,
    };
    let json = transcode::to_json(route, &input)?;
    drop((body, held));
    let response = send(gateway, route, parts, outbound, json, upstream).await?;
    charged(gateway, &account, response)
}

/// Admission, once the body is in: a client still sending its body holds no slot and is not in
/// flight. Over the concurrency limit the request is shed (503). Hold the guard until answered.
pub fn admit(gateway: &Gateway) -> Result<impl Sized + '_, GatewayError> {
    let admitted = gateway.admission.try_acquire().map_err(|_| {
        gateway.metrics.shed.inc();
        GatewayError::Overloaded(Overload::Concurrency)
    })?;
    Ok((admitted, gateway.metrics.in_flight_guard()))
}

/// Sends `route`'s request JSON (its operation id and `If-Match` applied) and answers with the
/// reply as JSON, with its `ETag`, `Link` and — under `Prefer: wait` — the operation's outcome.
pub async fn send(
    gateway: &Gateway,
    route: &'static Route,
    parts: &Parts,
    outbound: Outbound,
    mut json: Map<String, Value>,
    upstream: &mut UpstreamCall,
) -> Result<Response, GatewayError> {
    let carries_operation_id = idempotency::apply(route, &parts.headers, &mut json)?;
    let version_pinned = etag::apply_if_match(route, &parts.headers, &mut json)?;
    let request = transcode::encode(route, json)?;

    let wait_for = wait::preference(&parts.headers).map(Duration::from_secs);
    let metadata = wait_for.map(|_| outbound.metadata.clone());

    let call_started = Instant::now();
    let retryable = route.verb == Verb::Get || carries_operation_id;
    let reply = call(
        gateway,
        route,
        request,
        outbound.metadata,
        outbound.deadline,
        retryable,
        upstream,
    )
    .await
    .map_err(|e| {
        if version_pinned {
            etag::precondition_failed(e)
        } else {
            e
        }
    })?;
    let etag = etag::of_response(route, &reply.body);
    if let Some(tag) = etag
        .as_ref()
        .filter(|tag| route.verb == Verb::Get && etag::not_modified(&parts.headers, tag))
    {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, tag.clone())]).into_response());
    }

    let mut json = transcode::response_to_json(route, &reply.body)?;
    let mut headers = headers::response_headers(&reply.metadata);
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    if let Some(link) = paging::next_link(route, parts.uri.path(), parts.uri.query(), &reply.body) {
        headers.insert(header::LINK, link);
    }
    if let Some(tag) = etag {
        headers.insert(header::ETAG, tag);
    }
    let mut status = StatusCode::OK;
    if let (Some(requested), Some(metadata)) = (wait_for, metadata) {
        // The wait ends with the caller's wish, the operator's cap or the request's deadline.
        let budget = requested
            .min(gateway.max_wait)
            .min(outbound.deadline.saturating_sub(call_started.elapsed()));
        if let Some(waited) = wait::wait(gateway, route, &json, &metadata, budget).await {
            gateway.metrics.record_wait(route.rpc, waited.state);
            (json, status) = (waited.json, waited.status);
            headers.extend(waited.headers);
        }
    }
    Ok((status, headers, json).into_response())
}

/// One upstream call of `route` with its retries (`retryable`: whether it may be sent again),
/// within `deadline`; its time and attempts are added to `upstream`.
pub async fn call(
    gateway: &Gateway,
    route: &'static Route,
    request: Vec<u8>,
    metadata: http::HeaderMap,
    deadline: Duration,
    retryable: bool,
    upstream: &mut UpstreamCall,
) -> Result<Reply, GatewayError> {
    let started = Instant::now();
    let attempts = retry::call(
        &gateway.upstream,
        &gateway.retry,
        retryable,
        route.grpc_path,
        request.into(),
        metadata,
        deadline,
        |code| gateway.metrics.record_retry(route.rpc, code),
    )
    .await;
    upstream.add(started.elapsed(), attempts.count);
    attempts.result
}

/// Reads the body within the body timeout (408), refusing more than the size limit (413) before
/// or while reading, each chunk charged to `account` as it arrives (503 when the memory budget
/// cannot hold it). The charge is held until the caller drops it.
pub async fn read_body(
    gateway: &Gateway,
    account: &Arc<Account>,
    body: Body,
    headers: &http::HeaderMap,
) -> Result<(Bytes, Charge), GatewayError> {
    let limits = &gateway.limits;
    let limit = limits.max_body_bytes;
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(GatewayError::PayloadTooLarge(limit));
    }
    let mut held = account.charge(0).map_err(|e| refused(gateway, e))?;
    let reading = async {
        let mut body = Limited::new(body, limit);
        let mut chunks = Vec::new();
        while let Some(frame) = body.frame().await {
            let frame = frame.map_err(|e| match e.is::<LengthLimitError>() {
                true => GatewayError::PayloadTooLarge(limit),
                false => GatewayError::InvalidRequest(format!("failed to read the request body: {e}")),
            })?;
            if let Ok(chunk) = frame.into_data() {
                held.grow(chunk.len()).map_err(|e| refused(gateway, e))?;
                chunks.push(chunk);
            }
        }
        Ok::<_, GatewayError>(match chunks.len() {
            1 => chunks.pop().unwrap_or_default(),
            _ => chunks.concat().into(),
        })
    };
    let body = tokio::time::timeout(limits.body_read_timeout, reading)
        .await
        .map_err(|_| GatewayError::BodyTimeout(limits.body_read_timeout))??;
    Ok((body, held))
}
