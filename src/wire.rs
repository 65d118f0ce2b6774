//! Reading single fields out of an encoded protobuf message without decoding it: a scan of its
//! top-level fields, skipping the others. The response headers derived from a message (`Link`,
//! `ETag`) use it so that a large answer is not parsed twice.

use bytes::Buf;
use prost::encoding::{DecodeContext, WireType, decode_key, decode_varint, skip_field};

/// The bytes of the last top-level length-delimited field `number` (protobuf: the last one wins),
/// if the message has one; `None` also for bytes that are not a message.
pub fn length_delimited(mut bytes: &[u8], number: u32) -> Option<&[u8]> {
    let mut found = None;
    while bytes.has_remaining() {
        let (tag, wire_type) = decode_key(&mut bytes).ok()?;
        if tag == number && wire_type == WireType::LengthDelimited {
            let length = usize::try_from(decode_varint(&mut bytes).ok()?).ok()?;
            found = Some(bytes.get(..length)?);
            bytes.advance(length);
        } else {
            skip_field(wire_type, tag, &mut bytes, DecodeContext::default()).ok()?;
        }
    }
    found
}

/// The last top-level string field `number`, if present and UTF-8.
pub fn string(bytes: &[u8], number: u32) -> Option<&str> {
    std::str::from_utf8(length_delimited(bytes, number)?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pb::temporal::api::cloud::cloudservice::v1::GetUserResponse;
    use crate::pb::temporal::api::cloud::identity::v1::User;
    use prost::Message as _;

    #[test]
    fn fields_are_found_at_the_top_and_inside() {
        let bytes = GetUserResponse {
            user: Some(User {
                id: "u1".into(),
                resource_version: "v7".into(),
                ..Default::default()
            }),
        }
        .encode_to_vec();
        let user = length_delimited(&bytes, 1).unwrap();
        assert_eq!(string(user, 1), Some("u1"));
        assert_eq!(string(user, 2), Some("v7"));
        assert_eq!(string(user, 99), None);
        assert_eq!(length_delimited(&[0xff, 0xff], 1), None, "not a message");
    }
}
