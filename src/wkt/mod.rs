//! Well-known types whose canonical proto3 JSON the gateway owns, because pbjson-types renders them
//! non-canonically (Timestamp with `+00:00`, Any as `{typeUrl, value}`, Duration digits). build.rs maps
//! `.google.protobuf.{Timestamp,Duration,Any}` here; the other well-known types come from pbjson-types.

mod any;
mod duration;
mod timestamp;

pub use any::Any;
pub use duration::Duration;
pub use timestamp::Timestamp;
