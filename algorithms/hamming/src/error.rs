//! The crate's error type.

use std::fmt;

/// Everything that can go wrong when computing Hamming distances.
///
/// Every public routine returns this type instead of panicking on bad input.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Error {
    /// The pattern is empty (`m == 0`).
    ///
    /// The mathematically natural answer would be `n + 1` zeros; this crate follows
    /// fuzzysearch and rejects it, because an empty pattern is almost always a caller bug.
    EmptyPattern,
    /// The pattern is longer than the text (`m > n`), so there is no alignment.
    PatternLongerThanText {
        /// Pattern length.
        m: usize,
        /// Text length.
        n: usize,
    },
    /// An approximation parameter ε outside the open interval (0, 1).
    EpsilonOutOfRange {
        /// The value that was passed.
        eps: f64,
    },
    /// A failure probability δ outside the open interval (0, 1).
    DeltaOutOfRange {
        /// The value that was passed.
        delta: f64,
    },
    /// A floating-point convolution could not be rounded to exact integers safely.
    ///
    /// Raised when the largest distance of a convolution output from the nearest integer
    /// reaches 0.25, or when the input is outside a method's documented exactness limit.
    PrecisionExceeded {
        /// What exceeded its limit, in words.
        what: String,
    },
    /// The work or memory a call would need exceeds a stated limit of this crate (for
    /// example Karloff's draw table for a very small ε over many symbols). Checked before
    /// anything is allocated.
    LimitExceeded {
        /// What would exceed which limit, in words, with both numbers.
        what: String,
    },
    /// The requested algorithm or SIMD path cannot run on this input or this CPU.
    Unsupported {
        /// Why, in words.
        reason: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::EmptyPattern => write!(f, "the pattern is empty (m = 0)"),
            Error::PatternLongerThanText { m, n } => {
                write!(f, "the pattern (m = {m}) is longer than the text (n = {n})")
            }
            Error::EpsilonOutOfRange { eps } => {
                write!(f, "epsilon must lie in the open interval (0, 1), got {eps}")
            }
            Error::DeltaOutOfRange { delta } => {
                write!(f, "delta must lie in the open interval (0, 1), got {delta}")
            }
            Error::PrecisionExceeded { what } => write!(f, "precision limit exceeded: {what}"),
            Error::LimitExceeded { what } => write!(f, "limit exceeded: {what}"),
            Error::Unsupported { reason } => write!(f, "unsupported: {reason}"),
        }
    }
}

impl std::error::Error for Error {}

/// Checks the contract shared by every routine: `1 <= m <= n`.
///
/// # Errors
/// [`Error::EmptyPattern`] when `m == 0`, [`Error::PatternLongerThanText`] when `m > n`.
pub fn check_lengths(n: usize, m: usize) -> Result<(), Error> {
    if m == 0 {
        Err(Error::EmptyPattern)
    } else if m > n {
        Err(Error::PatternLongerThanText { m, n })
    } else {
        Ok(())
    }
}
