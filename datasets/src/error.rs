//! Errors of dataset generation and loading.

use std::fmt;
use std::path::PathBuf;

/// What can go wrong when building or loading a dataset.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// A generator parameter is out of range.
    InvalidParameter {
        /// The generator.
        generator: &'static str,
        /// What is wrong, in words.
        reason: String,
    },
    /// A real dataset is not in the cache; `command` fetches it.
    Missing {
        /// Dataset name.
        name: String,
        /// Where it was looked for.
        path: PathBuf,
        /// The command that fetches it.
        command: String,
    },
    /// A file's content does not have the recorded SHA-256.
    HashMismatch {
        /// The file or dataset.
        what: String,
        /// The recorded hash.
        expected: String,
        /// The hash of what was found.
        actual: String,
    },
    /// A file could not be parsed.
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong, in words.
        reason: String,
    },
    /// An external command failed.
    Command {
        /// The command line.
        command: String,
        /// Its standard error or the spawn error.
        detail: String,
    },
    /// An I/O error on a path.
    Io {
        /// The path.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// No dataset of this name is known.
    Unknown {
        /// The name asked for.
        name: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidParameter { generator, reason } => {
                write!(f, "generator `{generator}`: {reason}")
            }
            Error::Missing {
                name,
                path,
                command,
            } => write!(
                f,
                "dataset `{name}` is not cached at {}; fetch it with `{command}`",
                path.display()
            ),
            Error::HashMismatch {
                what,
                expected,
                actual,
            } => {
                write!(f, "{what}: SHA-256 is {actual}, expected {expected}")
            }
            Error::Format { path, reason } => write!(f, "{}: {reason}", path.display()),
            Error::Command { command, detail } => write!(f, "`{command}` failed: {detail}"),
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Unknown { name } => write!(f, "no dataset is named `{name}`"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Wraps an I/O error with its path.
pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Error {
    let path = path.into();
    move |source| Error::Io { path, source }
}
