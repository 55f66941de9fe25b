//! Strategyproof and proportionally fair facility location on `[0, 1]`, in exact arithmetic.
//!
//! Reference implementation of the model of Aziz, Lam, Lee and Walsh, *Strategyproof and
//! Proportionally Fair Facility Location* (arXiv 2111.01566; J. Math. Econ. 2025): `n`
//! agents report locations `x_i ∈ [0, 1]`, a mechanism places one facility at `y = f(x)`,
//! agent `i` gets utility `1 - |y - x_i|`.
//!
//! | module | what | complexity |
//! |---|---|---|
//! | [`rational`] | [`Rational`]: checked `Ratio<i64>`, promoted to `BigRational` on overflow | — |
//! | [`profile`] | [`Profile`], [`parse_profile`] (`"1/3, 0.25"`, exact) | O(n) |
//! | [`mechanism`] | [`Mechanism`]: phantom rules (Uniform Phantom, median, leftmost, rightmost, endpoint and half phantoms, any [`PhantomMechanism`]), clamped median, average, midpoint; exact and f64 paths | O(n) expected |
//! | [`axioms`] | IFS, UFS, Proportionality, PF, unanimity as feasible intervals | O(n) / O(n log n) |
//! | [`strategyproof`] | exhaustive SP certifier (phantom rules) / refuter (others) | O(\|set\|·n·D'·n) |
//! | [`ratios`](mod@ratios) | worst-case `ρ_SW`, `ρ_TC` (∞ explicit) with arg-max profiles; axiom lower bounds | O(\|set\|·n) |
//! | [`dynamics`] | best-response dynamics under the average (the equilibrium oracle for UP) | O(n) per round |
//! | [`equilibrium`] | pure Nash equilibria of continuous, strictly monotone, UFS mechanisms, enumerated exactly on a report grid | (m+1)^n·(2n+1) evaluations |
//! | [`sp_families`] | Moulin's generalized median (n+1 phantoms) and non-anonymous min–max rules: SP certifier, brute force, axiom searches | (d+1)^n per rule |
//! | [`phantom_search`] | phantom vectors with the best `ρ_SW` subject to an axiom | see module |
//! | [`random_rank`] | Random Rank in expectation, universal truthfulness | O(n²) |
//! | [`oracle`] | independent oracles (definitions by sorting, closed forms) shared by the tests and the benchmark suite | O(n log n) |
//! | [`grid`] | the profile sets the searches enumerate (sorted grid, clustered) | — |
//!
//! Everything that certifies or reports a value is exact: outcomes are [`Rational`]s, the
//! exhaustive searches run on integer coordinates scaled by a common denominator, and the
//! `f64` path ([`Mechanism::evaluate_f64`]) exists for throughput only.
//!
//! # Example
//! ```
//! use facility_location::{certify, grid::ProfileSet, parse_profile, ratios, Axiom, Mechanism};
//!
//! let up = Mechanism::from_name("uniform-phantom")?;
//! let x = parse_profile("0, 0, 1/2, 1")?;
//! assert_eq!(up.evaluate(&x)?.to_string(), "1/2");
//!
//! let report = certify(&up, 4, &ProfileSet::sorted_grid(8))?;
//! assert!(report.holds(Axiom::Pf) && report.sp.is_certified());
//!
//! let r = ratios(&up, 4, &ProfileSet::clustered(8, 3))?;
//! assert_eq!(r.sw.value.to_string(), "6/5"); // max_k kn/(k²+(n-k)²) at n = 4
//! assert_eq!(r.sw.argmax.to_string(), "(0, 1, 1, 1)"); // k = 3 agents at 1, mirrored
//! # Ok::<(), facility_location::Error>(())
//! ```
//!
//! # Bad input
//! Every public function returns [`Error`] instead of panicking: `n = 0`, a location that is
//! NaN, infinite or outside `[0, 1]` (rejected, never clamped), a phantom vector of the wrong
//! length or with entries outside `[0, 1]`, an unparsable profile string (the token is
//! named). Rational overflow is not an error: it promotes to big rationals.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod axioms;
mod certify;
mod coord;
pub mod dynamics;
pub mod equilibrium;
pub mod error;
pub mod grid;
pub mod mechanism;
pub mod oracle;
pub mod phantom_search;
pub mod profile;
pub mod random_rank;
pub mod rational;
pub mod ratios;
pub mod sp_families;
pub mod strategyproof;

pub use axioms::{Axiom, Interval};
pub use certify::{Report, certify};
pub use error::Error;
pub use mechanism::{Evaluator, Mechanism, PhantomMechanism};
pub use profile::{Profile, parse_profile};
pub use rational::Rational;

/// The outcome `f(x)` of `mechanism` on `profile`, exactly (same as
/// [`Mechanism::evaluate`]).
///
/// # Errors
/// [`Error::PhantomCount`] when a custom phantom vector does not fit the profile.
///
/// # Complexity
/// O(n) to prepare the rule plus the evaluation (O(n log n) for `n <= 64`, expected O(n)
/// above).
///
/// # Example
/// ```
/// use facility_location::{evaluate, parse_profile, Mechanism};
/// assert_eq!(evaluate(&Mechanism::Average, &parse_profile("0 0 1/2")?)?.to_string(), "1/6");
/// # Ok::<(), facility_location::Error>(())
/// ```
pub fn evaluate(mechanism: &Mechanism, profile: &Profile) -> Result<Rational, Error> {
    mechanism.evaluate(profile)
}

/// The worst-case `ρ_SW` and `ρ_TC` of `mechanism` for `n` agents over `set`, with arg-max
/// profiles (same as [`ratios::worst_case`]).
///
/// # Errors
/// Those of [`ratios::worst_case`].
///
/// # Complexity
/// O(|set| · n) integer operations.
///
/// # Example
/// ```
/// use facility_location::{grid::ProfileSet, ratios, ratios::ApproxRatio, Mechanism};
/// let r = ratios(&Mechanism::ClampedMedian, 3, &ProfileSet::clustered(6, 2))?;
/// assert_eq!(r.sw.value.to_string(), "3/2"); // n/(n-1)
/// assert_eq!(r.tc.value, ApproxRatio::Infinite);
/// # Ok::<(), facility_location::Error>(())
/// ```
pub fn ratios(
    mechanism: &Mechanism,
    n: usize,
    set: &grid::ProfileSet,
) -> Result<ratios::Ratios, Error> {
    ratios::worst_case(mechanism, n, set)
}
