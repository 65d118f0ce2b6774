//! The integration suite: one test binary for every scenario except the log-capture test (which
//! installs a process-global TRACE subscriber and so runs in its own process, `tests/logging.rs`).
//! One binary instead of one per file keeps the debug build small: each test binary links the whole
//! dependency tree, and two dozen of them filled a CI machine's disk.

#[path = "../common/mod.rs"]
mod common;

mod caller_text;
mod conditional;
mod containers;
mod dev_command;
mod e2e_every_rpc;
mod e2e_families;
mod e2e_identity;
mod e2e_projects;
mod emulator_account;
mod emulator_api_keys;
mod emulator_assignments;
mod emulator_connectivity;
mod emulator_custom_roles;
mod emulator_export_sinks;
mod emulator_groups;
mod emulator_namespaces;
mod emulator_nexus;
mod emulator_normal_form;
mod emulator_projects;
mod emulator_regions;
mod emulator_sdk;
mod emulator_service_accounts;
mod emulator_usage_billing;
mod emulator_users;
mod errors;
mod exhaustion;
mod exposure;
mod hostile_input;
mod limits;
mod openapi;
mod operability;
mod paging;
mod patch;
mod patch_families;
mod properties;
mod retries;
mod routes;
mod slow_clients;
mod structure;
mod tls;
mod traces;
mod traces_export;
mod unrouted;
mod upstream_faults;
mod upstream_tls;
mod waits;
