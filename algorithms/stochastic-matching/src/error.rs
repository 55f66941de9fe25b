//! The crate's typed errors: every bad input and every solver failure has its own variant.

use std::fmt;

/// Everything that can go wrong. Nothing in this crate panics on bad input, returns NaN or
/// truncates silently.
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// A success probability that is NaN, infinite, `≤ 0` or `> 1`.
    InvalidProbability {
        /// The arrival (online vertex) index.
        arrival: usize,
        /// The offline vertex.
        offline: usize,
        /// The rejected value.
        value: f64,
    },
    /// An offline weight that is NaN, infinite or `≤ 0`.
    InvalidWeight {
        /// The offline vertex.
        offline: usize,
        /// The rejected value.
        value: f64,
    },
    /// The same offline vertex listed twice in one arrival's neighbour list.
    DuplicateEdge {
        /// The arrival index.
        arrival: usize,
        /// The offline vertex.
        offline: usize,
    },
    /// A neighbour index `≥ n`.
    NeighbourOutOfRange {
        /// The arrival index.
        arrival: usize,
        /// The neighbour given.
        offline: u64,
        /// The number of offline vertices.
        n: usize,
    },
    /// Monte Carlo asked for zero replications.
    ZeroReplications,
    /// Enumerating the configurations of an offline vertex whose degree exceeds the cap.
    DegreeAboveCap {
        /// The offline vertex.
        offline: usize,
        /// Its degree.
        degree: usize,
        /// The cap.
        cap: usize,
    },
    /// An exact solver's state space exceeds its cap (the adaptive DP's `n`, the
    /// non-adaptive brute force's assignment count, the exact recursion's states).
    InstanceAboveCap {
        /// Which solver, and what is counted.
        what: &'static str,
        /// The size of this instance.
        size: u64,
        /// The cap.
        cap: u64,
    },
    /// The LP solver did not report an optimal solution. The LPs here are always feasible
    /// (x = 0) and bounded, so this is a solver failure; its status is kept.
    Solver {
        /// Which LP was being solved.
        lp: &'static str,
        /// The solver's status or message.
        status: String,
    },
    /// Malformed instance JSON; the position is 1-based.
    Json {
        /// Line of the error.
        line: usize,
        /// Column of the error.
        column: usize,
        /// serde_json's message.
        message: String,
    },
    /// An exact expectation was asked of an algorithm whose randomness it cannot enumerate
    /// (Perturbed Greedy, random tie-breaking).
    NotExact {
        /// The algorithm.
        algorithm: String,
    },
    /// A generator or search parameter outside its domain.
    InvalidParameter {
        /// The parameter.
        name: &'static str,
        /// Why.
        reason: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidProbability {
                arrival,
                offline,
                value,
            } => write!(
                f,
                "edge (offline {offline}, arrival {arrival}): probability {value} is not in (0, 1]"
            ),
            Error::InvalidWeight { offline, value } => write!(
                f,
                "offline vertex {offline}: weight {value} is not a finite number > 0"
            ),
            Error::DuplicateEdge { arrival, offline } => write!(
                f,
                "arrival {arrival} lists offline vertex {offline} more than once"
            ),
            Error::NeighbourOutOfRange {
                arrival,
                offline,
                n,
            } => write!(
                f,
                "arrival {arrival}: neighbour {offline} is out of range (there are {n} offline vertices)"
            ),
            Error::ZeroReplications => write!(f, "Monte Carlo needs at least one replication"),
            Error::DegreeAboveCap {
                offline,
                degree,
                cap,
            } => write!(
                f,
                "offline vertex {offline} has degree {degree}, above the enumeration cap {cap} \
                 (2^degree configurations); use column generation"
            ),
            Error::InstanceAboveCap { what, size, cap } => {
                write!(f, "{what}: size {size} is above the cap {cap}")
            }
            Error::Solver { lp, status } => write!(
                f,
                "{lp}: the LP solver did not report an optimal solution: {status}"
            ),
            Error::Json {
                line,
                column,
                message,
            } => write!(
                f,
                "malformed instance JSON at line {line}, column {column}: {message}"
            ),
            Error::NotExact { algorithm } => write!(
                f,
                "{algorithm}: its randomness cannot be enumerated; use Monte Carlo"
            ),
            Error::InvalidParameter { name, reason } => write!(f, "parameter `{name}`: {reason}"),
        }
    }
}

impl std::error::Error for Error {}
