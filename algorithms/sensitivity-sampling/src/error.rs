//! The crate's typed errors.

use std::fmt;

/// Everything that can go wrong. Every bad input gets its own variant with a clear message;
/// nothing panics, returns NaN or silently truncates.
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// `p` is below 1, NaN or infinite: ‖·‖_p is not a norm there and the theory does not apply.
    InvalidP(f64),
    /// The matrix has no rows or no columns.
    Empty {
        /// Rows.
        rows: usize,
        /// Columns.
        cols: usize,
    },
    /// An entry is NaN or infinite (0-based row and column).
    NonFinite {
        /// Row of the entry.
        row: usize,
        /// Column of the entry.
        col: usize,
        /// The entry.
        value: f64,
    },
    /// Every entry is zero: there is no subspace to embed.
    AllZero,
    /// Two inputs disagree in size.
    DimensionMismatch {
        /// What was compared.
        what: &'static str,
        /// The size expected.
        expected: usize,
        /// The size given.
        got: usize,
    },
    /// The row budget `k` (or the number of draws) is zero.
    ZeroBudget,
    /// A score is negative, NaN or infinite.
    InvalidScore {
        /// Its row.
        index: usize,
        /// Its value.
        value: f64,
    },
    /// Every score is zero, so no sampling distribution exists (Σσ = 0).
    AllScoresZero,
    /// A Cholesky factorisation failed: the Gram matrix `AᵀWA` is not numerically positive
    /// definite. No pseudo-inverse is substituted.
    Cholesky {
        /// Which computation needed it.
        context: &'static str,
    },
    /// The matrix lacks full column rank where a solver needs it (reduce it with
    /// [`crate::RowSpace`] first).
    RankDeficient {
        /// Which computation needed full rank.
        context: &'static str,
    },
    /// The Lewis-weight fixed point did not reach the tolerance within the iteration limit.
    NotConverged {
        /// The last fixed-point residual `max_i |τ_i(w)/w_i − 1|`.
        residual: f64,
        /// Iterations done.
        iterations: usize,
    },
    /// A CSV field or line could not be parsed (1-based line and column).
    Csv {
        /// The line.
        line: usize,
        /// The column (field number); 0 when the whole line is at fault.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// An LP or convex solver failed.
    Solver(String),
    /// An SVD or eigenvalue decomposition did not converge.
    Decomposition(&'static str),
    /// An exact enumeration would visit more candidates than its limit allows.
    TooLarge {
        /// What was to be enumerated.
        what: &'static str,
        /// How many candidates.
        count: u128,
        /// The limit.
        limit: u128,
    },
    /// A method name that does not exist.
    UnknownMethod(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidP(p) => write!(f, "p must be a finite number ≥ 1, got {p}"),
            Error::Empty { rows, cols } => {
                write!(
                    f,
                    "the matrix is empty ({rows}×{cols}); it needs at least one row and one column"
                )
            }
            Error::NonFinite { row, col, value } => {
                write!(
                    f,
                    "entry ({row}, {col}) (0-based) is {value}; every entry must be finite"
                )
            }
            Error::AllZero => write!(f, "every entry of the matrix is zero"),
            Error::DimensionMismatch {
                what,
                expected,
                got,
            } => {
                write!(f, "{what}: expected {expected}, got {got}")
            }
            Error::ZeroBudget => write!(f, "the row budget k must be at least 1"),
            Error::InvalidScore { index, value } => {
                write!(f, "score {index} is {value}; scores must be finite and ≥ 0")
            }
            Error::AllScoresZero => {
                write!(f, "every score is zero; there is nothing to sample from")
            }
            Error::Cholesky { context } => write!(
                f,
                "Cholesky factorisation failed in {context}: the Gram matrix is not positive definite \
                 (reduce the matrix to its row space first)"
            ),
            Error::RankDeficient { context } => write!(
                f,
                "{context} needs a matrix of full column rank (reduce the matrix to its row space first)"
            ),
            Error::NotConverged {
                residual,
                iterations,
            } => write!(
                f,
                "Lewis weights did not converge: residual {residual:.3e} after {iterations} iterations"
            ),
            Error::Csv {
                line,
                column,
                message,
            } => {
                if *column == 0 {
                    write!(f, "CSV line {line}: {message}")
                } else {
                    write!(f, "CSV line {line}, column {column}: {message}")
                }
            }
            Error::Solver(m) => write!(f, "solver failed: {m}"),
            Error::Decomposition(what) => write!(f, "{what} did not converge"),
            Error::TooLarge { what, count, limit } => {
                write!(f, "{what}: {count} candidates exceed the limit of {limit}")
            }
            Error::UnknownMethod(m) => write!(
                f,
                "unknown scoring method `{m}`; known: uniform, leverage, lewis, sensitivity, root-leverage, mixed"
            ),
        }
    }
}

impl std::error::Error for Error {}

/// Checks that `p` is a finite number ≥ 1.
///
/// # Errors
/// [`Error::InvalidP`] otherwise.
pub fn check_p(p: f64) -> Result<f64, Error> {
    if p.is_finite() && p >= 1.0 {
        Ok(p)
    } else {
        Err(Error::InvalidP(p))
    }
}
