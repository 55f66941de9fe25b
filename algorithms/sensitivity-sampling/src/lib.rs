//! ℓp sensitivity sampling for ℓp subspace embeddings.
//!
//! For a tall matrix `A` (n×d) and `p ≥ 1`, this crate computes row-importance scores,
//! samples and rescales rows so that `‖SAx‖_p^p` is an unbiased estimate of `‖Ax‖_p^p`, and
//! measures how well the sketch `SA` preserves `‖Ax‖_p`:
//!
//! - **scores** ([`Method`], [`scores`](fn@scores)): leverage scores ([`leverage_scores`]), ℓp Lewis
//!   weights by the Cohen–Peng fixed point, damped for p ≥ 4 and stopped on the fixed-point
//!   residual ([`lewis_weights`]), exact ℓp sensitivities by a purpose-built LAD simplex
//!   ([`l1_sensitivities`], p = 1; one good_lp LP per row is its oracle) or one convex solve
//!   per row (p > 1) ([`sensitivities`]), root leverage, the ℓ2-augmented mix, uniform;
//! - **sampling** ([`bernoulli`], [`with_replacement`]): seeded, returning kept indices and
//!   rescaling factors;
//! - **distortion** ([`estimate_distortion`], [`exact_distortion_p2`],
//!   [`exact_distortion_p1`], [`regression_proxy`]): an estimated lower bound ε̂, exact ε at
//!   p = 2 and at p = 1 for small rank, and the downstream ℓp-regression proxy;
//! - **rank** ([`RowSpace`]): rank-deficient and n < d inputs are reduced to an orthonormal
//!   basis of their column space, and the rank is reported.
//!
//! Papers: Woodruff & Yasuda, *Sharper Bounds for ℓp Sensitivity Sampling* (ICML 2023,
//! arXiv 2306.00732); Cohen & Peng, *ℓp Row Sampling by Lewis Weights* (STOC 2015);
//! Chen & Derezinski (2021); Munteanu & Omlor (arXiv 2406.00328).
//!
//! ```
//! use sensitivity_sampling::{Method, bernoulli, estimate_distortion, scores, synthetic,
//!     EstimateOptions};
//! let a = synthetic::coherent(400, 5, 0.01, 1);
//! let s = scores(a.as_ref(), 1.0, Method::Lewis).unwrap();
//! let sample = bernoulli(&s.values, 60, 1.0, 42).unwrap();
//! let sa = sample.sketch(a.as_ref()).unwrap();
//! let eps = estimate_distortion(a.as_ref(), sa.as_ref(), 1.0, &[], &EstimateOptions::default())
//!     .unwrap();
//! assert!(!eps.rank_lost); // the coherent rows have Lewis weight ≈ 1, so all are kept
//! ```

pub mod csv;
pub mod distortion;
pub mod error;
pub mod l1_simplex;
pub mod leverage;
pub mod lewis;
pub mod matrix;
pub mod oracles;
pub mod regression;
pub mod sampling;
pub mod scores;
pub mod sensitivity;
pub mod synthetic;

pub use csv::{parse_csv, sample_csv};
pub use distortion::{
    Distortion, EstimateOptions, estimate_distortion, exact_distortion_p1, exact_distortion_p2,
};
pub use error::{Error, check_p};
pub use l1_simplex::{L1Minimum, l1_min_constrained, l1_sensitivities};
pub use leverage::leverage_scores;
pub use lewis::{LewisOptions, LewisWeights, default_damping, lewis_weights};
pub use matrix::{RowSpace, from_rows, validate};
pub use regression::{LpBackend, LpMinimum, lp_minimize, lp_regression, regression_proxy};
pub use sampling::{Sample, bernoulli, keep_probabilities, with_replacement};
pub use scores::{Method, Scores, scores, scores_on};
pub use sensitivity::{Sensitivities, sensitivities};
