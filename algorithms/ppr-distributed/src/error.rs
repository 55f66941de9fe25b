//! The crate's typed errors.

use std::fmt;

/// Everything that can go wrong in a distributed run. Bad input is one of these, never a
/// panic or a hang: every worker of every process reaches the same verdict (errors found by
/// one worker are broadcast before the next phase), so all processes exit together.
#[derive(Debug, Clone, PartialEq)]
pub enum DistError {
    /// An error of the single-machine crate (bad parameter, malformed edge line, `.gt`
    /// file, index file …), found by `worker`.
    Ppr {
        /// The worker that found it (global index).
        worker: usize,
        /// The error.
        error: ppr::Error,
    },
    /// A cluster description that cannot work (counts, process id, addresses).
    Config(String),
    /// A hostfile that cannot be read, or has fewer lines than processes.
    Hostfile {
        /// The file.
        path: String,
        /// What is wrong.
        reason: String,
    },
    /// Processes were started on different graph files or different parameters: refused
    /// at start by the digest exchange.
    Mismatch {
        /// A process whose digest differs from process 0's.
        process: usize,
        /// What differs (graph file or parameters).
        what: &'static str,
        /// Process 0's digest.
        expected: u64,
        /// That process's digest.
        found: u64,
    },
    /// Another worker (maybe in another process) failed; this worker stopped with it.
    Peer {
        /// The lowest-numbered failing worker.
        worker: usize,
        /// Its error message.
        message: String,
    },
    /// timely could not set up the network (e.g. the address is in use).
    Network(String),
    /// A worker thread panicked (a bug, or a lost peer reported by timely).
    Worker(String),
    /// An I/O error, with the path.
    Io {
        /// The file.
        path: String,
        /// The system's message.
        message: String,
    },
}

impl DistError {
    pub(crate) fn ppr(worker: usize) -> impl FnOnce(ppr::Error) -> DistError {
        move |error| DistError::Ppr { worker, error }
    }

    pub(crate) fn io(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> DistError + '_ {
        move |e| DistError::Io {
            path: path.display().to_string(),
            message: e.to_string(),
        }
    }
}

impl fmt::Display for DistError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DistError::Ppr { worker, error } => write!(f, "worker {worker}: {error}"),
            DistError::Config(why) => write!(f, "cluster configuration: {why}"),
            DistError::Hostfile { path, reason } => write!(f, "hostfile {path}: {reason}"),
            DistError::Mismatch {
                process,
                what,
                expected,
                found,
            } => write!(
                f,
                "process {process} was started with a different {what} (digest {found:016x}, \
                 process 0 has {expected:016x}): every process must read the same graph file \
                 with the same parameters; refusing to run"
            ),
            DistError::Peer { worker, message } => {
                write!(f, "worker {worker} failed, so this one stopped: {message}")
            }
            DistError::Network(why) => write!(f, "network setup failed: {why}"),
            DistError::Worker(why) => write!(f, "a worker failed: {why}"),
            DistError::Io { path, message } => write!(f, "{path}: {message}"),
        }
    }
}

impl std::error::Error for DistError {}
