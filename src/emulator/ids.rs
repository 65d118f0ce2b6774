//! The ids the emulator makes up (resources, operations, replicas, audit records, tokens).

/// A new random id (32 lowercase hex digits, like Temporal Cloud's ids).
pub fn new_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}
