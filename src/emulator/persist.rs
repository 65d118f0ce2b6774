//! `--state-file`: the emulator's state as JSON, loaded at start and rewritten after every change.
//! Writes go to a temporary file in the same directory, are flushed to disk, then renamed over the
//! old file, so a crash mid-write leaves the previous complete state, never a torn one.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::state::State;

/// Loads the state, `None` if the file does not exist yet.
pub fn load(path: &Path) -> Result<Option<State>, String> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| format!("state file {} is not valid emulator state: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("cannot read state file {}: {e}", path.display())),
    }
}

/// Writes `bytes` to `path` atomically (temp file, fsync, rename, fsync of the directory).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "state".into());
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let mut file = std::fs::File::create(&tmp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&tmp, path)?;
    if let Ok(dir) = std::fs::File::open(dir) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// Serialises snapshots to the file in the background, newest wins.
#[derive(Clone, Debug)]
pub struct Writer {
    path: PathBuf,
    last_written: Arc<Mutex<u64>>,
}

impl Writer {
    /// A writer for `path`.
    pub fn new(path: PathBuf) -> Self {
        Self {
            path,
            last_written: Arc::new(Mutex::new(0)),
        }
    }

    /// The snapshot of `state` to write.
    pub fn snapshot(state: &State) -> (u64, Vec<u8>) {
        (
            state.sequence,
            serde_json::to_vec_pretty(state).expect("emulator state serializes"),
        )
    }

    /// Writes the snapshot taken at `sequence` unless a newer one was written already.
    pub fn write(&self, sequence: u64, bytes: Vec<u8>) {
        let this = self.clone();
        let write = move || {
            let mut last = this.last_written.lock().unwrap_or_else(|e| e.into_inner());
            if sequence <= *last {
                return;
            }
            match write_atomic(&this.path, &bytes) {
                Ok(()) => *last = sequence,
                Err(e) => tracing::error!(path = %this.path.display(), "cannot write emulator state: {e}"),
            }
        };
        match tokio::runtime::Handle::try_current() {
            Ok(handle) => drop(handle.spawn_blocking(write)),
            Err(_) => write(),
        }
    }

    /// Writes now, synchronously (start-up and shutdown).
    pub fn write_now(&self, state: &State) -> std::io::Result<()> {
        let (sequence, bytes) = Self::snapshot(state);
        let mut last = self.last_written.lock().unwrap_or_else(|e| e.into_inner());
        write_atomic(&self.path, &bytes)?;
        *last = (*last).max(sequence);
        Ok(())
    }
}
