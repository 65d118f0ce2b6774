//! The open-file limit and the connection limit: the soft `RLIMIT_NOFILE` is raised to the hard
//! one at start-up (systemd's default soft limit, 1024, is far below the default connection limit),
//! the connection limit is lowered, loudly, when the files still cannot hold it, and a connection
//! that arrives when no descriptor is left is refused at once with a spare one kept for that,
//! instead of waiting in the backlog while accept fails.

use std::time::Duration;

use tokio::net::TcpListener;

/// Descriptors kept for everything that is not a client connection: listeners, the upstream's
/// connections, the runtime's own, log and state files, TLS files being reloaded.
pub const RESERVE: u64 = 128;

/// Raises the soft open-file limit as far as the hard one allows and returns the number of
/// connections that fits in it, at most `wanted`.
pub fn fit(wanted: usize) -> usize {
    let soft = match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(soft) => soft,
        Err(e) => {
            tracing::warn!("cannot read or raise the open-file limit: {e}");
            return wanted;
        }
    };
    let fits = usize::try_from(soft.saturating_sub(RESERVE))
        .unwrap_or(usize::MAX)
        .max(1);
    if fits < wanted {
        tracing::warn!(
            open_file_limit = soft,
            max_connections = wanted,
            lowered_to = fits,
            "the open-file limit cannot hold --max-connections plus {RESERVE} other files: the connection \
             limit is lowered; raise the hard limit (LimitNOFILE= in systemd, ulimit -Hn) to serve more"
        );
        return fits;
    }
    wanted
}

/// Whether an accept failed for want of file descriptors (the process's or the system's).
pub fn is_out_of_files(error: &std::io::Error) -> bool {
    matches!(error.raw_os_error(), Some(libc::EMFILE | libc::ENFILE))
}

/// A descriptor held in reserve, given up for a moment to accept and close one connection.
pub struct Spare(Option<std::fs::File>);

impl Spare {
    pub fn new() -> Self {
        Self(std::fs::File::open("/dev/null").ok())
    }

    /// Accepts one waiting connection with the spare descriptor and closes it; backs off when
    /// there is no spare (someone else took it meanwhile).
    pub async fn refuse_one(&mut self, listener: &TcpListener) {
        if self.0.take().is_none() {
            tokio::time::sleep(Duration::from_millis(50)).await;
        } else if let Ok(Ok((stream, _))) = tokio::time::timeout(Duration::from_millis(10), listener.accept()).await {
            drop(stream);
        }
        self.0 = std::fs::File::open("/dev/null").ok();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn running_out_of_files_is_recognised() {
        assert!(is_out_of_files(&std::io::Error::from_raw_os_error(libc::EMFILE)));
        assert!(is_out_of_files(&std::io::Error::from_raw_os_error(libc::ENFILE)));
        assert!(!is_out_of_files(&std::io::Error::from_raw_os_error(libc::ECONNABORTED)));
    }
}
