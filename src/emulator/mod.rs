//! The Cloud Ops API emulator: an in-memory CloudService behind a real tonic gRPC server, with the
//! semantics the proto comments document (see docs/emulator.md). Handlers are synchronous functions
//! over [`State`] run under one mutex that is never held across an await ([`service`]); each
//! resource family lives in its own file under [`api`].
//!
//! Layers, from the bottom: plain records and helpers ([`operation`], [`clock`], [`ids`],
//! [`page`]) and the [`state`] that keeps every record; [`projects`] (the default project and
//! project roles), [`validate`], [`auth`], [`audit`] and [`persist`] over the state; [`ops`] (the
//! call context and async operations) over those; the families in [`api`]; the [`demo`] data and
//! the [`service`] on top, served by the [`server`] beside [`system_info`] (the one WorkflowService
//! call SDKs make on connect). No module imports one that imports it; this file only declares the
//! modules and names the API used outside.

pub mod api;
pub mod audit;
pub mod auth;
pub mod clock;
pub mod demo;
pub mod ids;
pub mod limits;
pub mod operation;
pub mod ops;
pub mod page;
pub mod persist;
pub mod projects;
pub mod server;
pub mod service;
pub mod state;
pub mod system_info;
pub mod validate;

pub use clock::Clock;
pub use ids::new_id;
pub use service::{Emulator, EmulatorConfig, EmulatorService};
pub use state::State;
