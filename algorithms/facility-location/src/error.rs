//! The crate's error type.

use std::fmt;

/// Everything that can go wrong in this crate.
///
/// Every public routine returns this type instead of panicking on bad input. Locations are
/// never clamped silently: a location outside `[0, 1]` is an error.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// A profile with no agents (`n = 0`).
    EmptyProfile,
    /// A floating-point location that is NaN or infinite.
    NotFinite {
        /// Position of the agent in the profile.
        index: usize,
        /// The value as written by `{:?}` (`NaN`, `inf`, `-inf`).
        value: String,
    },
    /// A location outside `[0, 1]`.
    OutOfRange {
        /// Position of the agent in the profile.
        index: usize,
        /// The exact value, as a rational.
        value: String,
    },
    /// A phantom vector whose length is not `n - 1`.
    PhantomCount {
        /// The number of phantoms required (`n - 1`).
        expected: usize,
        /// The number supplied.
        got: usize,
    },
    /// A phantom outside `[0, 1]`.
    PhantomOutOfRange {
        /// Position of the phantom in the vector.
        index: usize,
        /// The exact value, as a rational.
        value: String,
    },
    /// A token of a profile string that is not a number.
    Parse {
        /// The offending token, verbatim.
        token: String,
        /// Its position among the tokens (0-based).
        index: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// A rational with denominator zero.
    ZeroDenominator,
    /// A profile whose length differs from the one a prepared mechanism was built for.
    LengthMismatch {
        /// The number of agents the mechanism was prepared for.
        expected: usize,
        /// The number of agents in the profile.
        got: usize,
    },
    /// An agent index outside `0..n`.
    AgentOutOfRange {
        /// The index that was passed.
        agent: usize,
        /// The number of agents.
        n: usize,
    },
    /// A grid denominator of zero, or a search parameter that makes no sense.
    InvalidParameter {
        /// What is wrong, in words.
        what: String,
    },
    /// A mechanism name that [`Mechanism::from_name`](crate::Mechanism::from_name) does not know.
    UnknownMechanism {
        /// The name that was passed.
        name: String,
    },
    /// An exhaustive search too large to run, or a scale that does not fit in 64 bits.
    TooLarge {
        /// What exceeded its limit, in words.
        what: String,
    },
    /// Best-response dynamics that did not settle within the allowed number of rounds.
    NoConvergence {
        /// The number of rounds run.
        rounds: usize,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::EmptyProfile => write!(f, "the profile is empty (n = 0)"),
            Error::NotFinite { index, value } => {
                write!(f, "location {index} is not a finite number ({value})")
            }
            Error::OutOfRange { index, value } => {
                write!(f, "location {index} = {value} lies outside [0, 1]")
            }
            Error::PhantomCount { expected, got } => {
                write!(f, "expected {expected} phantoms (n - 1), got {got}")
            }
            Error::PhantomOutOfRange { index, value } => {
                write!(f, "phantom {index} = {value} lies outside [0, 1]")
            }
            Error::Parse {
                token,
                index,
                reason,
            } => {
                write!(f, "token {index} ({token:?}) is not a location: {reason}")
            }
            Error::ZeroDenominator => write!(f, "a rational with denominator zero"),
            Error::LengthMismatch { expected, got } => {
                write!(
                    f,
                    "the mechanism was prepared for n = {expected}, the profile has {got}"
                )
            }
            Error::AgentOutOfRange { agent, n } => {
                write!(f, "agent {agent} does not exist (n = {n})")
            }
            Error::InvalidParameter { what } => write!(f, "invalid parameter: {what}"),
            Error::UnknownMechanism { name } => write!(f, "unknown mechanism {name:?}"),
            Error::TooLarge { what } => write!(f, "too large: {what}"),
            Error::NoConvergence { rounds } => {
                write!(
                    f,
                    "best-response dynamics did not converge in {rounds} rounds"
                )
            }
        }
    }
}

impl std::error::Error for Error {}
