//! Property: any request message of the POST routes, written as canonical proto3 JSON by the
//! reference implementation (prost-reflect), crosses the gateway and reaches the upstream equal to
//! the original — int64 and uint64 extremes, arbitrary unicode, empty and repeated fields, maps,
//! every enum value, nested messages, timestamps and durations over their whole range.
//! Generated from the descriptors, so every field of every message is covered, new ones included.

use std::collections::HashMap;

use cloud_ops_gateway::routes::by_rpc;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use prost::Message as _;
use prost_reflect::{DynamicMessage, FieldDescriptor, Kind, MapKey, MessageDescriptor, SerializeOptions, Value};

use crate::common::recorder::{Answer, Recorder};
use crate::common::{Options, client, start_gateway};

/// The RPCs under test: every POST route whose body is the whole request and that has no path
/// variable (the path would override body fields).
const RPCS: &[&str] = &[
    "CreateUser",
    "CreateNamespace",
    "CreateApiKey",
    "CreateNexusEndpoint",
    "CreateUserGroup",
    "CreateServiceAccount",
    "UpdateAccount",
    "CreateConnectivityRule",
    "CreateAccountAuditLogSink",
    "CreateBillingReport",
    "CreateCustomRole",
];
const CASES_PER_RPC: u32 = 48;
const MAX_DEPTH: usize = 4;

fn scalar(kind: &Kind) -> BoxedStrategy<Value> {
    match kind {
        Kind::Bool => any::<bool>().prop_map(Value::Bool).boxed(),
        Kind::Int32 | Kind::Sint32 | Kind::Sfixed32 => {
            prop_oneof![Just(i32::MIN), Just(i32::MAX), Just(0), any::<i32>()]
                .prop_map(Value::I32)
                .boxed()
        }
        Kind::Int64 | Kind::Sint64 | Kind::Sfixed64 => {
            prop_oneof![Just(i64::MIN), Just(i64::MAX), Just(-1), any::<i64>()]
                .prop_map(Value::I64)
                .boxed()
        }
        Kind::Uint32 | Kind::Fixed32 => prop_oneof![Just(u32::MAX), any::<u32>()].prop_map(Value::U32).boxed(),
        Kind::Uint64 | Kind::Fixed64 => prop_oneof![Just(u64::MAX), any::<u64>()].prop_map(Value::U64).boxed(),
        Kind::Float => prop::num::f32::NORMAL.prop_map(Value::F32).boxed(),
        Kind::Double => prop::num::f64::NORMAL.prop_map(Value::F64).boxed(),
        Kind::String => prop_oneof![Just(String::new()), "\\PC{0,12}", any::<String>()]
            .prop_map(Value::String)
            .boxed(),
        Kind::Bytes => prop::collection::vec(any::<u8>(), 0..16)
            .prop_map(|b| Value::Bytes(b.into()))
            .boxed(),
        Kind::Enum(e) => {
            let numbers: Vec<i32> = e.values().map(|v| v.number()).collect();
            prop::sample::select(numbers).prop_map(Value::EnumNumber).boxed()
        }
        Kind::Message(m) => message(m.clone(), 0).prop_map(Value::Message).boxed(),
    }
}

/// A well-known message in its valid range, or `None` for one these requests do not carry.
fn well_known(m: &MessageDescriptor) -> Option<BoxedStrategy<DynamicMessage>> {
    let (seconds, nanos) = match m.full_name() {
        "google.protobuf.Timestamp" => (
            (-62_135_596_800i64..=253_402_300_799).boxed(),
            (0i32..=999_999_999).boxed(),
        ),
        "google.protobuf.Duration" => ((0i64..=315_576_000_000).boxed(), (0i32..=999_999_999).boxed()),
        _ => return None,
    };
    let m = m.clone();
    Some(
        (seconds, nanos)
            .prop_map(move |(s, n)| {
                let mut message = DynamicMessage::new(m.clone());
                message.set_field_by_name("seconds", Value::I64(s));
                message.set_field_by_name("nanos", Value::I32(n));
                message
            })
            .boxed(),
    )
}

fn field_value(field: &FieldDescriptor, depth: usize) -> Option<BoxedStrategy<Value>> {
    let single = |kind: &Kind| -> Option<BoxedStrategy<Value>> {
        match kind {
            Kind::Message(m) if m.full_name().starts_with("google.protobuf.") => {
                Some(well_known(m)?.prop_map(Value::Message).boxed())
            }
            Kind::Message(_) if depth >= MAX_DEPTH => None,
            Kind::Message(m) => Some(message(m.clone(), depth + 1).prop_map(Value::Message).boxed()),
            other => Some(scalar(other)),
        }
    };
    if field.is_map() {
        let Kind::Message(entry) = field.kind() else {
            return None;
        };
        let key = entry.map_entry_key_field().kind();
        let value = single(&entry.map_entry_value_field().kind())?;
        let key = match key {
            Kind::String => "\\PC{0,8}".prop_map(MapKey::String).boxed(),
            Kind::Int32 => any::<i32>().prop_map(MapKey::I32).boxed(),
            Kind::Int64 => any::<i64>().prop_map(MapKey::I64).boxed(),
            Kind::Bool => any::<bool>().prop_map(MapKey::Bool).boxed(),
            _ => return None,
        };
        return Some(
            prop::collection::vec((key, value), 0..3)
                .prop_map(|entries| Value::Map(entries.into_iter().collect::<HashMap<_, _>>()))
                .boxed(),
        );
    }
    let one = single(&field.kind())?;
    if field.is_list() {
        return Some(prop::collection::vec(one, 0..3).prop_map(Value::List).boxed());
    }
    Some(one)
}

/// Any message of type `m`: each field absent or set to a value of its type.
fn message(m: MessageDescriptor, depth: usize) -> BoxedStrategy<DynamicMessage> {
    let fields: Vec<BoxedStrategy<Option<(FieldDescriptor, Value)>>> = m
        .fields()
        .filter_map(|field| {
            let value = field_value(&field, depth)?;
            Some(prop::option::of(value.prop_map(move |v| (field.clone(), v))).boxed())
        })
        .collect();
    fields
        .prop_map(move |set| {
            let mut message = DynamicMessage::new(m.clone());
            for (field, value) in set.into_iter().flatten() {
                message.set_field(&field, value);
            }
            message
        })
        .boxed()
}

#[test]
fn any_request_message_reaches_the_upstream_unchanged() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (upstream, gateway) = runtime.block_on(async {
        let upstream = Recorder::start().await;
        let gateway = start_gateway(&upstream.url(), Options::default()).await;
        (upstream, gateway)
    });
    let http = client();
    for rpc in RPCS {
        let route = by_rpc(rpc).unwrap();
        upstream.answer(route.grpc_path, Answer::default());
        let descriptor = cloud_ops_gateway::pb::pool()
            .get_message_by_name(route.input_type)
            .unwrap();
        let mut runner = TestRunner::new(Config {
            cases: CASES_PER_RPC,
            failure_persistence: None,
            ..Config::default()
        });
        let url = format!("{}{}", gateway.base, route.template);
        let result = runner.run(&message(descriptor.clone(), 0), |original| {
            let json = original
                .serialize_with_options(serde_json::value::Serializer, &SerializeOptions::new())
                .unwrap()
                .to_string();
            let (status, text) = runtime.block_on(async {
                upstream.clear();
                let response = http
                    .post(&url)
                    .header("authorization", "Bearer property-key")
                    .header("content-type", "application/json")
                    .body(json.clone())
                    .send()
                    .await
                    .unwrap();
                (response.status().as_u16(), response.text().await.unwrap())
            });
            prop_assert_eq!(status, 200, "{} {}: {}", rpc, json, text);
            let calls = upstream.calls();
            prop_assert_eq!(calls.len(), 1);
            let mut received = DynamicMessage::decode(descriptor.clone(), calls[0].body.as_ref()).unwrap();
            let expected = DynamicMessage::decode(descriptor.clone(), original.encode_to_vec().as_slice()).unwrap();
            // A mutation sent without an operation id leaves with a fresh UUID (src/idempotency.rs).
            if let Some(field) = descriptor.get_field_by_name("async_operation_id")
                && !expected.has_field(&field)
            {
                let filled = received.get_field(&field).as_str().unwrap_or_default().to_string();
                prop_assert!(
                    uuid::Uuid::parse_str(&filled).is_ok(),
                    "{}: filled id {:?}",
                    rpc,
                    filled
                );
                received.clear_field(&field);
            }
            if received != expected {
                let got = received
                    .serialize_with_options(serde_json::value::Serializer, &SerializeOptions::new())
                    .unwrap();
                prop_assert!(false, "{}: sent {}, the upstream received {}", rpc, json, got);
            }
            Ok(())
        });
        if let Err(failure) = result {
            panic!("{rpc}: {failure}");
        }
    }
}
