//! `google.protobuf.Any` as canonical proto3 JSON: `{"@type": "type.googleapis.com/<name>", …fields}`,
//! the packed message resolved through the embedded descriptor pool (so an `AsyncOperation`'s
//! `operationInput` shows the request it holds). A type the pool does not know (e.g. an error detail
//! from a newer upstream) is rendered losslessly as `{"@type": …, "value": "<base64>"}` rather than
//! failing the whole response.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use prost_reflect::{DynamicMessage, SerializeOptions, Value};
use serde::ser::{Error as _, SerializeMap};
use serde::{Deserializer, Serializer};

use crate::pb;

/// A packed message: its type URL and its encoded bytes (field numbers 1 and 2).
#[derive(Clone, PartialEq, Eq, Hash, ::prost::Message)]
pub struct Any {
    /// `type.googleapis.com/<full message name>`.
    #[prost(string, tag = "1")]
    pub type_url: String,
    /// The encoded message.
    #[prost(bytes = "vec", tag = "2")]
    pub value: Vec<u8>,
}

const TYPE_URL_PREFIX: &str = "type.googleapis.com/";

impl Any {
    /// Packs `message`, whose full proto name is `full_name`.
    pub fn pack<M: prost::Message>(full_name: &str, message: &M) -> Self {
        Self {
            type_url: format!("{TYPE_URL_PREFIX}{full_name}"),
            value: message.encode_to_vec(),
        }
    }

    /// Packs a generated message (its name comes from `prost::Name`).
    pub fn from_msg<M: prost::Message + prost::Name>(message: &M) -> Self {
        Self::pack(&M::full_name(), message)
    }

    /// The full proto name of the packed message (the type URL after its last `/`).
    pub fn type_name(&self) -> &str {
        self.type_url.rsplit('/').next().unwrap_or_default()
    }

    fn to_dynamic(&self) -> DynamicMessage {
        let descriptor = pb::pool()
            .get_message_by_name("google.protobuf.Any")
            .expect("Any is in the pool");
        let mut message = DynamicMessage::new(descriptor);
        message.set_field_by_name("type_url", Value::String(self.type_url.clone()));
        message.set_field_by_name("value", Value::Bytes(self.value.clone().into()));
        message
    }
}

impl serde::Serialize for Any {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if pb::pool().get_message_by_name(self.type_name()).is_some() {
            return self
                .to_dynamic()
                .serialize_with_options(serializer, &SerializeOptions::new())
                .map_err(|e| S::Error::custom(format!("Any of type {}: {e}", self.type_url)));
        }
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("@type", &self.type_url)?;
        map.serialize_entry("value", &STANDARD.encode(&self.value))?;
        map.end()
    }
}

impl<'de> serde::Deserialize<'de> for Any {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let descriptor = pb::pool()
            .get_message_by_name("google.protobuf.Any")
            .expect("Any is in the pool");
        let message = DynamicMessage::deserialize(descriptor, deserializer)?;
        let text = |name| match message.get_field_by_name(name).as_deref() {
            Some(Value::String(s)) => s.clone(),
            _ => String::new(),
        };
        let value = match message.get_field_by_name("value").as_deref() {
            Some(Value::Bytes(b)) => b.to_vec(),
            _ => Vec::new(),
        };
        Ok(Self {
            type_url: text("type_url"),
            value,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pb::temporal::api::cloud::cloudservice::v1::CreateUserRequest;
    use serde_json::json;

    #[test]
    fn renders_packed_message_fields_next_to_type() {
        let request = CreateUserRequest {
            async_operation_id: "op-1".into(),
            ..Default::default()
        };
        let any = Any::pack("temporal.api.cloud.cloudservice.v1.CreateUserRequest", &request);
        let json = serde_json::to_value(&any).unwrap();
        assert_eq!(
            json,
            json!({"@type": "type.googleapis.com/temporal.api.cloud.cloudservice.v1.CreateUserRequest",
                   "asyncOperationId": "op-1"})
        );
        let back: Any = serde_json::from_value(json).unwrap();
        assert_eq!(back, any);
    }

    #[test]
    fn unknown_type_is_rendered_losslessly() {
        let any = Any {
            type_url: "type.googleapis.com/example.Unknown".into(),
            value: vec![8, 1],
        };
        let json = serde_json::to_value(&any).unwrap();
        assert_eq!(
            json,
            json!({"@type": "type.googleapis.com/example.Unknown", "value": "CAE="})
        );
    }

    #[test]
    fn rejects_missing_or_unknown_type_on_input() {
        assert!(serde_json::from_value::<Any>(json!({"asyncOperationId": "x"})).is_err());
        assert!(serde_json::from_value::<Any>(json!({"@type": "type.googleapis.com/no.Such"})).is_err());
    }
}
