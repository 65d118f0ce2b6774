//! Runs the emulator on 127.0.0.1:0 with a manual clock, and builds authenticated gRPC requests.

use std::time::Duration;

use cloud_ops_gateway::emulator::{Clock, Emulator, EmulatorConfig, demo};
use cloud_ops_gateway::pb::temporal::api::cloud::cloudservice::v1::cloud_service_client::CloudServiceClient;
use cloud_ops_gateway::wkt::Timestamp;
use tonic::transport::Channel;

/// The bootstrap owner's API key in tests.
pub const ADMIN_KEY: &str = "test-admin-key";
/// The start of the manual clock: 2025-01-01T00:00:00Z.
pub const START: Timestamp = Timestamp {
    seconds: 1_735_689_600,
    nanos: 0,
};
/// Operation latency in tests (advance the clock past it to complete operations).
pub const LATENCY: Duration = Duration::from_secs(10);

/// A running emulator; stopped when dropped.
pub struct TestEmulator {
    /// The emulator core (state inspection).
    pub emulator: Emulator,
    /// The manual clock; `advance` it to move operations along.
    pub clock: Clock,
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    /// A gRPC client connected to it.
    pub client: CloudServiceClient<Channel>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl TestEmulator {
    /// Starts an emulator holding only the bootstrap owner (key [`ADMIN_KEY`]).
    pub async fn start() -> Self {
        Self::start_with_limits(None).await
    }

    /// [`TestEmulator::start`] enforcing `limits` (request rates, running operations).
    pub async fn start_with_limits(limits: Option<cloud_ops_gateway::emulator::limits::RateLimits>) -> Self {
        let clock = Clock::manual(START);
        let state = demo::bootstrap(ADMIN_KEY, START);
        let config = EmulatorConfig {
            op_latency: LATENCY,
            clock: clock.clone(),
            state_file: None,
            limits,
            unavailable_fraction: 0.0,
        };
        let emulator = Emulator::new(state, config).unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let server = emulator.clone();
        tokio::spawn(async move {
            server
                .serve(listener, async {
                    let _ = rx.await;
                })
                .await
                .unwrap();
        });
        let client = CloudServiceClient::new(Channel::from_shared(url.clone()).unwrap().connect_lazy());
        Self {
            emulator,
            clock,
            url,
            client,
            shutdown: Some(tx),
        }
    }

    /// Moves the clock past the operation latency so pending operations complete.
    pub fn finish_operations(&self) {
        self.clock.advance(LATENCY + Duration::from_millis(1));
    }
}

impl Drop for TestEmulator {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// A request carrying `key` and the pinned API version.
pub fn req<T>(key: &str, message: T) -> tonic::Request<T> {
    let mut request = tonic::Request::new(message);
    request
        .metadata_mut()
        .insert("authorization", format!("Bearer {key}").parse().unwrap());
    request.metadata_mut().insert(
        "temporal-cloud-api-version",
        cloud_ops_gateway::pb::API_VERSION.parse().unwrap(),
    );
    request
}

/// A request as the bootstrap owner.
pub fn admin<T>(message: T) -> tonic::Request<T> {
    req(ADMIN_KEY, message)
}
