//! One module per resource family of the Cloud Ops API (a file, or a folder for namespaces,
//! projects, service accounts and export sinks); each exports one handler per RPC. `regions` is
//! the region catalogue the others look regions up in.

pub mod account;
pub mod api_keys;
pub mod assignments;
pub mod connectivity;
pub mod custom_roles;
pub mod export_sinks;
pub mod groups;
pub mod identity;
pub mod namespaces;
pub mod nexus;
pub mod projects;
pub mod regions;
pub mod service_accounts;
pub mod usage_billing;
pub mod users;
