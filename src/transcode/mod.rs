//! HTTP ⇄ protobuf transcoding, generic over the RPC: path params, query string and JSON body are
//! merged into one canonical-JSON value, which pbjson turns into the prost request; the prost
//! response is rendered as canonical proto3 JSON.

mod codec;

pub use codec::{EncodeFn, RenderFn, encode_request, render_response, JsonError, RenderError};
