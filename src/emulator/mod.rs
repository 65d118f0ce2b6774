//! The Cloud Ops API emulator: an in-memory CloudService behind a real tonic gRPC server, with the
//! semantics the proto comments document (see docs/emulator.md). Handlers are synchronous functions
//! over [`State`] run under one mutex that is never held across an await ([`service`]); each
//! resource family lives in its own file under [`api`].

pub mod api;
pub mod audit;
pub mod auth;
pub mod clock;
pub mod demo;
pub mod operation;
pub mod ops;
pub mod page;
pub mod persist;
pub mod service;
pub mod state;
pub mod validate;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub use clock::Clock;
pub use service::EmulatorService;
pub use state::State;

use crate::pb::temporal::api::cloud::cloudservice::v1::cloud_service_server::CloudServiceServer;

/// Emulator settings.
#[derive(Clone, Debug)]
pub struct EmulatorConfig {
    /// How long async operations take (PENDING for the first half, IN_PROGRESS for the second).
    pub op_latency: Duration,
    /// Source of time.
    pub clock: Clock,
    /// Where to persist the state, if anywhere.
    pub state_file: Option<PathBuf>,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        Self {
            op_latency: Duration::from_secs(1),
            clock: Clock::System,
            state_file: None,
        }
    }
}

/// A running emulator's shared core. Cloning shares the state.
#[derive(Clone, Debug)]
pub struct Emulator {
    pub(crate) state: Arc<Mutex<State>>,
    pub(crate) config: EmulatorConfig,
    pub(crate) writer: Option<persist::Writer>,
}

impl Emulator {
    /// An emulator over `state`. With a state file, the state is written at once.
    pub fn new(state: State, config: EmulatorConfig) -> Result<Self, String> {
        let writer = config.state_file.clone().map(persist::Writer::new);
        if let Some(writer) = &writer {
            writer
                .write_now(&state)
                .map_err(|e| format!("cannot write the state file: {e}"))?;
        }
        Ok(Self {
            state: Arc::new(Mutex::new(state)),
            config,
            writer,
        })
    }

    /// The tonic service to mount on a server.
    pub fn service(&self) -> CloudServiceServer<EmulatorService> {
        CloudServiceServer::new(EmulatorService::new(self.clone()))
    }

    /// Runs `f` on the state under the lock (demo data, tests).
    pub fn with_state<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut state)
    }

    /// Writes the state file now (no-op without one).
    pub fn flush(&self) -> std::io::Result<()> {
        match &self.writer {
            Some(writer) => self.with_state(|state| writer.write_now(state)),
            None => Ok(()),
        }
    }

    /// Serves gRPC on `listener` until `shutdown` resolves.
    pub async fn serve(
        self,
        listener: tokio::net::TcpListener,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> Result<(), tonic::transport::Error> {
        tonic::transport::Server::builder()
            .add_service(self.service())
            .serve_with_incoming_shutdown(tokio_stream::wrappers::TcpListenerStream::new(listener), shutdown)
            .await
    }
}

/// A new random id (32 lowercase hex digits, like Temporal Cloud's ids).
pub fn new_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}
