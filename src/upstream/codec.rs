//! A pass-through tonic codec: the gateway encodes and decodes messages itself (per route), so the
//! gRPC layer moves bytes only and stays one non-generic code path.

use bytes::{Buf, BufMut, Bytes};
use tonic::Status;
use tonic::codec::{BufferSettings, Codec, DecodeBuf, Decoder, EncodeBuf, Encoder};

/// Initial size of the per-call encode and decode buffers. tonic's default is 8 KiB each, allocated
/// for every call; Cloud Ops requests are well under 1 KiB and the buffers grow when a message is
/// larger, so a small start saves memory per in-flight call (about 3.5 MiB of RSS at 256
/// concurrent calls, docs/performance.md) and costs a reallocation only for large answers.
const BUFFER_SIZE: usize = 1024;
/// tonic's default: how much a streaming encoder buffers before yielding (unused by unary calls).
const YIELD_THRESHOLD: usize = 32 * 1024;

fn buffer_settings() -> BufferSettings {
    BufferSettings::new(BUFFER_SIZE, YIELD_THRESHOLD)
}

/// Encodes and decodes already-encoded protobuf messages.
#[derive(Clone, Copy, Debug, Default)]
pub struct RawCodec;

/// See [`RawCodec`].
#[derive(Clone, Copy, Debug, Default)]
pub struct RawEncoder;

/// See [`RawCodec`].
#[derive(Clone, Copy, Debug, Default)]
pub struct RawDecoder;

impl Codec for RawCodec {
    type Encode = Bytes;
    type Decode = Bytes;
    type Encoder = RawEncoder;
    type Decoder = RawDecoder;

    fn encoder(&mut self) -> RawEncoder {
        RawEncoder
    }

    fn decoder(&mut self) -> RawDecoder {
        RawDecoder
    }
}

impl Encoder for RawEncoder {
    type Item = Bytes;
    type Error = Status;

    fn encode(&mut self, item: Bytes, dst: &mut EncodeBuf<'_>) -> Result<(), Status> {
        dst.put(item);
        Ok(())
    }

    fn buffer_settings(&self) -> BufferSettings {
        buffer_settings()
    }
}

impl Decoder for RawDecoder {
    type Item = Bytes;
    type Error = Status;

    fn decode(&mut self, src: &mut DecodeBuf<'_>) -> Result<Option<Bytes>, Status> {
        Ok(Some(src.copy_to_bytes(src.remaining())))
    }

    fn buffer_settings(&self) -> BufferSettings {
        buffer_settings()
    }
}
