//! cloud-ops-gateway: a REST/JSON gateway for the Temporal Cloud Operations API.
//!
//! Data flow: HTTP request → [`routes`] table → [`transcode`] (path + query + body → JSON → prost) →
//! [`upstream`] gRPC call → prost response → canonical JSON. Errors take one path: [`error`].

pub mod pb;
pub mod routes;
pub mod transcode;
pub mod wkt;
