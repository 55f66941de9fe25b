//! The GPU path's error type.

use std::fmt;

/// Everything that can go wrong on the GPU path. Nothing panics and nothing hangs: a missing
/// driver or library, a shape mismatch, an allocation that would not fit and a compile
/// failure are all values of this type.
#[derive(Debug, Clone, PartialEq)]
pub enum GpuError {
    /// No usable CUDA device; the string says why (no driver library, no device, no
    /// context, or a build without the `cuda` feature).
    NoDevice(String),
    /// A CUDA library other than the driver (NVRTC, cuBLAS) is not on the loader path.
    MissingLibrary {
        /// The library.
        library: &'static str,
        /// What to do about it.
        hint: String,
    },
    /// A buffer or a dimension has the wrong size.
    ShapeMismatch {
        /// What was checked.
        what: String,
        /// The size it should have.
        expected: usize,
        /// The size it has.
        got: usize,
    },
    /// An allocation larger than the device's free memory (checked before allocating).
    OutOfMemory {
        /// Bytes requested.
        requested: usize,
        /// Bytes free on the device.
        free: usize,
    },
    /// NVRTC failed to compile the kernels; `log` is the compiler's log.
    Compile {
        /// The compiler log.
        log: String,
    },
    /// A CUDA driver call failed (with its return code).
    Driver(String),
    /// A cuBLAS call failed.
    Cublas(String),
    /// The operation does not support this combination (for example a precision).
    Unsupported(String),
    /// An error of the CPU crate (a bad layout, for instance).
    Cpu(crate::Error),
}

impl fmt::Display for GpuError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GpuError::NoDevice(why) => write!(f, "no CUDA device: {why}"),
            GpuError::MissingLibrary { library, hint } => {
                write!(f, "the CUDA library {library} could not be loaded: {hint}")
            }
            GpuError::ShapeMismatch {
                what,
                expected,
                got,
            } => write!(f, "shape mismatch: {what} should be {expected}, got {got}"),
            GpuError::OutOfMemory { requested, free } => write!(
                f,
                "allocation of {requested} bytes exceeds the device's free memory ({free} bytes)"
            ),
            GpuError::Compile { log } => write!(f, "NVRTC compile failure:\n{log}"),
            GpuError::Driver(e) => write!(f, "CUDA driver error: {e}"),
            GpuError::Cublas(e) => write!(f, "cuBLAS error: {e}"),
            GpuError::Unsupported(what) => write!(f, "unsupported: {what}"),
            GpuError::Cpu(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for GpuError {}

impl From<crate::Error> for GpuError {
    fn from(e: crate::Error) -> GpuError {
        GpuError::Cpu(e)
    }
}

/// Checks that a buffer or dimension has `expected` elements.
#[cfg_attr(not(feature = "cuda"), allow(dead_code))]
pub(crate) fn check(what: &str, expected: usize, got: usize) -> Result<(), GpuError> {
    if expected == got {
        Ok(())
    } else {
        Err(GpuError::ShapeMismatch {
            what: what.to_string(),
            expected,
            got,
        })
    }
}
