//! Online bipartite matching with stochastic rewards: the model, the online algorithms, a
//! common-random-numbers simulator, exact expectations, and every benchmark that competitive
//! ratios are measured against.
//!
//! **Model.** Offline vertices `0..n` with weights `w_u > 0`; arrivals in a fixed adversarial
//! order, each revealing its neighbours and success probabilities `p_uv ∈ (0, 1]`. The
//! algorithm attempts at most one available neighbour per arrival; success (probability
//! `p_uv`, independent) matches `u` for reward `w_u`; failure leaves `u` available, and the
//! arrival is consumed either way.
//!
//! **Algorithms** ([`Algorithm`]): Greedy, Stochastic Balance with a pluggable
//! [`LoadFunction`], Ranking, Perturbed Greedy; ties broken by an explicit [`TieBreak`].
//!
//! **Benchmarks:** [`budgeted_lp`] (B1), [`config_lp_column_generation`] (B2, "vs
//! configuration LP", meaningful for vanishing `p` only), [`sclp_column_generation`] (B3, the
//! stochastic configuration LP of Huang et al., arXiv 2309.10289: **our reconstruction from
//! the paper's abstract**, whose full text we could not read; also [`sclp_compact`], its
//! compact form with O(|E|) rows), [`adaptive_optimum`] (B4, Goyal–Udwani's *clairvoyant*
//! benchmark), [`non_adaptive_optimum`] (B5), [`prophet`] (B6); for tiny instances also
//! Goyal–Udwani's [`fully_offline_optimum`] and their [`path_based_program`] (|E| ≤ 10).
//! Chain: B5 ≤ B4 ≤ B3 ≤ B1, B2 ≤ B1, and B4 ≤ fully offline ≤ path-based program ≤ B1. [`oracles`] holds independent versions of each
//! quantity for testing.
//!
//! ```
//! use stochastic_matching::*;
//! let inst = generators::upper_triangular(3, 4)?;
//! let algs = [Algorithm::Greedy, Algorithm::Balance(LoadFunction::Exp)];
//! let est = simulate(&inst, &algs, TieBreak::HighestIndex, 2000, 42)?;
//! let opt = adaptive_optimum(&inst, DP_CAP)?;
//! let sclp = sclp_column_generation(&inst)?.value;
//! assert!(opt <= sclp + 1e-7 && sclp <= 3.0 + 1e-7);
//! assert!(est[1].mean / opt > 0.5);
//! # Ok::<(), Error>(())
//! ```

mod error;
mod instance;

pub mod algorithms;
pub mod benchmarks;
pub mod exact;
pub mod generators;
pub mod oracles;
pub mod search;
pub mod search_regime;
pub mod simulate;
pub mod special;

pub use algorithms::{
    Algorithm, Balance, Greedy, LoadFunction, PerturbedGreedy, Ranking, Scorer, TieBreak,
};
pub use benchmarks::LpSolver;
pub use benchmarks::adaptive::{DP_CAP, adaptive_optimum};
pub use benchmarks::budgeted_lp::{budgeted_lp, budgeted_lp_with};
pub use benchmarks::columns::{CgBackend, CgResult, ENUMERATION_CAP};
pub use benchmarks::config_lp::{
    config_lp_column_generation, config_lp_column_generation_with, config_lp_enumerated,
};
pub use benchmarks::fully_offline::{FULLY_OFFLINE_CAP, fully_offline_optimum};
pub use benchmarks::non_adaptive::{ASSIGNMENT_CAP, non_adaptive_optimum};
pub use benchmarks::path_based::{PATH_BASED_EDGE_CAP, path_based_program};
pub use benchmarks::prophet::prophet;
pub use benchmarks::sclp::{sclp_column_generation, sclp_column_generation_with, sclp_enumerated};
pub use benchmarks::sclp_compact::{CertifiedSclp, sclp_compact, sclp_compact_certified};
pub use error::Error;
pub use exact::exact_expectation;
pub use instance::{Instance, Neighbour};
pub use simulate::{Estimate, SimulationReport, simulate, simulate_detailed};
