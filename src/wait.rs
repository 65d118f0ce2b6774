//! `Prefer: wait=N` (RFC 7240) on every route whose response carries an asynchronous operation
//! ([`crate::operation_fields`]; GetAsyncOperation included): the gateway polls the operation with
//! the caller's own metadata, every `checkDuration` (clamped to [`MIN_POLL`]..[`MAX_POLL`]), until
//! it is terminal or the wait — N seconds, `--max-wait`, and the request's deadline, whichever ends
//! first — is over. The answer is the original response with the latest operation in its place,
//! `Preference-Applied: wait=<seconds waited for at most>`, and the operation's state in
//! `x-operation-state`, with an HTTP status a script can branch on:
//!
//! | state | status |
//! |---|---|
//! | FULFILLED | 200 |
//! | PENDING, IN_PROGRESS (the wait ran out), UNSPECIFIED | 202, with `Retry-After` |
//! | FAILED, CANCELLED, REJECTED | 422: the request was accepted, the operation did not succeed |
//!
//! A `Prefer` without a valid `wait`, or a route without an operation, is served as if none was
//! sent (RFC 7240: a preference the server does not apply is ignored; no `Preference-Applied`
//! says so). A poll that meets UNAVAILABLE or RESOURCE_EXHAUSTED is tried again after a backoff; any other
//! failed poll ends the wait with the latest state known. Dropping the request
//! (the client going away) drops the polling with it.

use std::time::{Duration, Instant};

use bytes::Bytes;
use http::{HeaderMap, HeaderValue, StatusCode};
use serde_json::{Value, json};

use crate::gateway::Gateway;
use crate::headers::{OPERATION_STATE_HEADER, PREFER_HEADER, PREFERENCE_APPLIED_HEADER};
use crate::operation_fields;
use crate::pb::temporal::api::cloud::operation::v1::async_operation::State;
use crate::routes::Route;

/// Shortest pause between two polls, whatever `checkDuration` says.
pub const MIN_POLL: Duration = Duration::from_millis(200);
/// Longest pause between two polls.
pub const MAX_POLL: Duration = Duration::from_secs(5);

/// The `wait` preference of the request, in seconds: the first `wait=<delta-seconds>` of the
/// `Prefer` headers.
pub fn preference(headers: &HeaderMap) -> Option<u64> {
    headers
        .get_all(PREFER_HEADER)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|preference| {
            let token = preference.split(';').next()?.trim();
            let (name, value) = token.split_once('=')?;
            name.trim()
                .eq_ignore_ascii_case("wait")
                .then(|| value.trim().trim_matches('"').parse::<u64>().ok())?
        })
        .next()
}

/// The answer to send once the wait is over.
pub struct Waited {
    /// The response JSON with the latest operation.
    pub json: Vec<u8>,
    /// The HTTP status for the operation's state.
    pub status: StatusCode,
    /// `Preference-Applied`, `x-operation-state` and, while it runs, `Retry-After`.
    pub headers: HeaderMap,
    /// The operation's state name, for the metrics.
    pub state: &'static str,
}

/// Waits up to `budget` for the operation in `response` (the rendered JSON of `route`'s answer)
/// to end. `None` when the response holds no operation: then the preference does not apply.
pub async fn wait(
    gateway: &Gateway,
    route: &Route,
    response: &[u8],
    metadata: &HeaderMap,
    budget: Duration,
) -> Option<Waited> {
    let field = operation_fields::of(route).response_operation.as_deref()?;
    let poll = operation_fields::poll_route()?;
    let poll_fields = operation_fields::of(poll);
    let (id_field, polled_field) = (
        &poll_fields.request_id.as_ref()?.0,
        poll_fields.response_operation.as_deref()?,
    );
    let mut json: Value = serde_json::from_slice(response).ok()?;
    let mut operation = json.get(field).filter(|op| op.is_object())?.clone();
    let id = operation.get("id")?.as_str()?.to_string();
    let started = Instant::now();
    let mut state = state_of(&operation);
    let (mut pause, mut failed_polls) = (poll_interval(&operation), 0);
    while !terminal(state) {
        let left = budget.saturating_sub(started.elapsed());
        if left.is_zero() {
            break;
        }
        tokio::time::sleep(pause.min(left)).await;
        let request = (poll.encode_request)(json!({ id_field: id })).ok()?;
        let remaining = budget.saturating_sub(started.elapsed()).max(MIN_POLL);
        let reply = match gateway
            .upstream
            .unary(poll.grpc_path, Bytes::from(request), metadata.clone(), remaining)
            .await
        {
            Ok(reply) => reply,
            // A poll that meets a passing outage or a rate limit is tried again, after the retry
            // policy's backoff, while the budget lasts; any other failure ends the wait.
            Err(e) if crate::retry::transient(&e) => {
                failed_polls += 1;
                pause = gateway.retry.backoff(failed_polls).max(MIN_POLL);
                continue;
            }
            Err(_) => break,
        };
        let Some(latest) = (poll.render_response)(&reply.body)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Value>(&bytes).ok())
            .and_then(|v| v.get(polled_field).cloned())
        else {
            break;
        };
        operation = latest;
        state = state_of(&operation);
        pause = poll_interval(&operation);
    }
    let (status, retry_after) = match state {
        State::Fulfilled => (StatusCode::OK, None),
        State::Failed | State::Cancelled | State::Rejected => (StatusCode::UNPROCESSABLE_ENTITY, None),
        State::Unspecified | State::Pending | State::InProgress => {
            (StatusCode::ACCEPTED, Some(poll_interval(&operation).as_secs().max(1)))
        }
    };
    json[field] = operation;
    let mut headers = HeaderMap::new();
    // Whole seconds, rounded up: the deadline's last milliseconds do not make wait=10 a wait=9.
    let applied = budget.as_secs() + u64::from(budget.subsec_nanos() > 0);
    headers.insert(
        PREFERENCE_APPLIED_HEADER,
        HeaderValue::from_str(&format!("wait={applied}")).ok()?,
    );
    headers.insert(OPERATION_STATE_HEADER, HeaderValue::from_static(state.as_str_name()));
    if let Some(seconds) = retry_after {
        headers.insert(http::header::RETRY_AFTER, seconds.into());
    }
    Some(Waited {
        json: serde_json::to_vec(&json).ok()?,
        status,
        headers,
        state: state.as_str_name(),
    })
}

fn state_of(operation: &Value) -> State {
    operation
        .get("state")
        .and_then(Value::as_str)
        .and_then(State::from_str_name)
        .unwrap_or(State::Unspecified)
}

fn terminal(state: State) -> bool {
    match state {
        State::Failed | State::Cancelled | State::Fulfilled | State::Rejected => true,
        State::Unspecified | State::Pending | State::InProgress => false,
    }
}

/// The operation's `checkDuration` (`"1.5s"`), clamped to [`MIN_POLL`]..[`MAX_POLL`].
fn poll_interval(operation: &Value) -> Duration {
    operation
        .get("checkDuration")
        .and_then(Value::as_str)
        .and_then(|s| s.strip_suffix('s')?.parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map_or(MIN_POLL, Duration::from_secs_f64)
        .clamp(MIN_POLL, MAX_POLL)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prefer(values: &[&str]) -> Option<u64> {
        let mut headers = HeaderMap::new();
        for v in values {
            headers.append("prefer", v.parse().unwrap());
        }
        preference(&headers)
    }

    #[test]
    fn the_wait_preference_is_found_among_others() {
        assert_eq!(prefer(&["wait=10"]), Some(10));
        assert_eq!(prefer(&["respond-async, wait=5"]), Some(5));
        assert_eq!(prefer(&["return=minimal", "Wait = 3 ; x=y"]), Some(3));
        assert_eq!(prefer(&["wait=\"7\""]), Some(7));
        assert_eq!(prefer(&["wait=soon"]), None);
        assert_eq!(prefer(&["wait=-1"]), None);
        assert_eq!(prefer(&["respond-async"]), None);
        assert_eq!(prefer(&[]), None);
    }

    #[test]
    fn polls_follow_check_duration_within_bounds() {
        assert_eq!(
            poll_interval(&json!({"checkDuration": "1.5s"})),
            Duration::from_millis(1500)
        );
        assert_eq!(poll_interval(&json!({"checkDuration": "0.001s"})), MIN_POLL);
        assert_eq!(poll_interval(&json!({"checkDuration": "3600s"})), MAX_POLL);
        assert_eq!(poll_interval(&json!({})), MIN_POLL);
        assert_eq!(poll_interval(&json!({"checkDuration": "-1s"})), MIN_POLL);
    }

    #[test]
    fn terminal_states_are_the_four_final_ones() {
        let finals: Vec<State> = [
            State::Unspecified,
            State::Pending,
            State::InProgress,
            State::Failed,
            State::Cancelled,
            State::Fulfilled,
            State::Rejected,
        ]
        .into_iter()
        .filter(|s| terminal(*s))
        .collect();
        assert_eq!(
            finals,
            [State::Failed, State::Cancelled, State::Fulfilled, State::Rejected]
        );
    }
}
