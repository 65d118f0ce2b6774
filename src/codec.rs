//! The only generic (per-message) code on the request path: JSON value → encoded request,
//! encoded response → JSON bytes. The route table holds one instantiation of each per RPC; the
//! generic-over-the-route work around them is in [`crate::transcode`].

use serde::Serialize;
use serde::de::DeserializeOwned;

/// Turns the merged JSON request into the encoded protobuf request.
pub type EncodeFn = fn(serde_json::Value) -> Result<Vec<u8>, JsonError>;
/// Turns the encoded protobuf response into canonical JSON bytes.
pub type RenderFn = fn(&[u8]) -> Result<Vec<u8>, RenderError>;

/// A request JSON that does not fit the request message; `path` is the dotted field path.
#[derive(Debug)]
pub struct JsonError {
    /// Where in the request the problem is (`spec.regions[0]`), empty at top level.
    pub path: String,
    /// What is wrong (serde's message, e.g. "unknown field `foo`, expected one of …").
    pub message: String,
}

/// An upstream response that cannot be decoded or rendered.
#[derive(Debug)]
pub enum RenderError {
    /// The bytes are not a valid encoding of the response message.
    Decode(prost::DecodeError),
    /// The message cannot be expressed as canonical JSON (e.g. a timestamp out of range).
    Json(serde_json::Error),
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RenderError::Decode(e) => write!(f, "the bytes are not the message: {e}"),
            RenderError::Json(e) => write!(f, "the message has no JSON form: {e}"),
        }
    }
}

/// Deserializes `value` as `M` with pbjson and encodes it.
pub fn encode_request<M>(value: serde_json::Value) -> Result<Vec<u8>, JsonError>
where
    M: prost::Message + DeserializeOwned,
{
    // Fast path without path tracking; only a request that fails is deserialized again, with
    // serde_path_to_error, to say where the problem is (same input, same error).
    if let Ok(message) = M::deserialize(&value) {
        return Ok(message.encode_to_vec());
    }
    let message: M = serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        JsonError {
            path: if path == "." { String::new() } else { path },
            message: e.into_inner().to_string(),
        }
    })?;
    Ok(message.encode_to_vec())
}

/// Decodes `bytes` as `M` and writes it as canonical JSON.
pub fn render_response<M>(bytes: &[u8]) -> Result<Vec<u8>, RenderError>
where
    M: prost::Message + Default + Serialize,
{
    let message = M::decode(bytes).map_err(RenderError::Decode)?;
    let mut out = Vec::with_capacity(bytes.len() * 2 + 16);
    serde_json::to_writer(&mut out, &message).map_err(RenderError::Json)?;
    Ok(out)
}
