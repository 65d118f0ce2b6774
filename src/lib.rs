//! cloud-ops-gateway: a REST/JSON gateway for the Temporal Cloud Operations API.
//!
//! Data flow: HTTP request → [`server`] router over the generated [`routes`] table → [`proxy`]
//! (the one handler) → [`headers`] + [`transcode`] (path + query + body → JSON → prost) →
//! [`upstream`] gRPC call → prost response → canonical JSON. Errors take one path: [`error`].

pub mod access_log;
pub mod cli;
pub mod codec;
pub mod config;
pub mod dev;
pub mod emulator;
pub mod endpoints;
pub mod error;
pub mod etag;
pub mod gateway;
pub mod headers;
pub mod healthcheck;
pub mod idempotency;
pub mod listener;
pub mod memory;
pub mod metrics;
pub mod openapi;
pub mod operation_fields;
pub mod paging;
pub mod parse_errors;
pub mod patch;
pub mod pb;
pub mod proxy;
pub mod retry;
pub mod retry_advice;
pub mod routes;
pub mod serve;
pub mod server;
pub mod shutdown;
pub mod telemetry;
pub mod tls;
pub mod traces;
pub mod transcode;
pub mod unanswered;
pub mod upstream;
pub mod wait;
pub mod wire;
pub mod wkt;
