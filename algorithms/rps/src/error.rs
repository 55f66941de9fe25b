//! The crate's error type.

use std::fmt;

/// Everything that can go wrong in this crate. Every bad input is one of these; nothing
/// panics, returns NaN or truncates silently.
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// The compression factor is below 1, NaN or infinite.
    InvalidCompression(f64),
    /// The shared memory would have 0 slots.
    EmptyMemory,
    /// A layer, batch or buffer has the wrong shape.
    ShapeMismatch {
        /// What was checked.
        what: String,
        /// The size it should have.
        expected: usize,
        /// The size it has.
        got: usize,
    },
    /// A ROAST tile has more elements than the memory array it is hashed into.
    TileLargerThanMemory {
        /// Elements of one tile (BK·BN).
        tile: usize,
        /// Slots of the memory array.
        memory: usize,
    },
    /// The model has too many weights for the 32-bit index arithmetic (N must be < 2³²).
    TooLarge {
        /// The number of compressible weights.
        weights: u64,
    },
    /// A hyper-parameter is out of range (init scale ≤ 0, learning rate NaN, …).
    InvalidParameter {
        /// Its name.
        name: &'static str,
        /// Why.
        reason: String,
    },
    /// An input holds NaN or an infinity.
    NonFinite {
        /// Which input.
        what: String,
    },
    /// A method or mapping name is unknown.
    Unknown {
        /// What kind of name.
        kind: &'static str,
        /// The name.
        name: String,
    },
    /// A dataset could not be loaded (missing, corrupted: the checksum mismatch is named).
    Dataset(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidCompression(c) => {
                write!(f, "compression must be a finite number ≥ 1, got {c}")
            }
            Error::EmptyMemory => f.write_str("the shared memory must have at least one slot"),
            Error::ShapeMismatch {
                what,
                expected,
                got,
            } => write!(f, "shape mismatch: {what} should be {expected}, got {got}"),
            Error::TileLargerThanMemory { tile, memory } => write!(
                f,
                "a ROAST tile of {tile} elements does not fit a memory of {memory} slots"
            ),
            Error::TooLarge { weights } => write!(
                f,
                "{weights} compressible weights: the index arithmetic needs fewer than 2^32"
            ),
            Error::InvalidParameter { name, reason } => write!(f, "invalid `{name}`: {reason}"),
            Error::NonFinite { what } => write!(f, "{what} holds NaN or an infinity"),
            Error::Unknown { kind, name } => write!(f, "unknown {kind} `{name}`"),
            Error::Dataset(why) => write!(f, "dataset: {why}"),
        }
    }
}

impl std::error::Error for Error {}

/// Checks that a buffer has `expected` elements.
pub(crate) fn check_len(what: &str, expected: usize, got: usize) -> Result<(), Error> {
    if expected == got {
        Ok(())
    } else {
        Err(Error::ShapeMismatch {
            what: what.to_string(),
            expected,
            got,
        })
    }
}

/// Checks that every value is finite.
pub(crate) fn check_finite(what: &str, values: &[f32]) -> Result<(), Error> {
    if values.iter().all(|v| v.is_finite()) {
        Ok(())
    } else {
        Err(Error::NonFinite {
            what: what.to_string(),
        })
    }
}
