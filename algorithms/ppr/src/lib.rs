//! Personalized PageRank on directed `u32` CSR graphs: f64 power iteration (the exact
//! method), Gauss–Seidel and push sweeps to a certified L1 error on a cache-friendly vertex
//! order ([`gauss_seidel`], [`push_sweeps`], [`reorder`]), forward push, Monte Carlo (end point and full path), and **PowerWalk** (Liu,
//! Li, Lui and Cheng, "PowerWalk: Scalable Personalized PageRank via Random Walks with
//! Vertex-Centric Decomposition", CIKM 2016): an offline index of R walks per vertex plus an
//! online query that runs T exact decomposition steps and resolves the rest with the index,
//! single-source or batched.
//!
//! Conventions: `c` is the teleport (stop) probability (0.15 ⇔ damping 0.85); the PPR
//! vector of source s is `π_s = c·e_s + (1 − c)·π_s P`; **a walk or flow reaching a
//! dangling vertex jumps back to the source** ([`graph`]). Every random choice comes from a
//! per-walk stream seeded by `(seed, source, walk id)` ([`walk`]).
//!
//! ```
//! use ppr::index::{IndexParams, build_index};
//! use ppr::query::{QueryParams, query};
//! let g = ppr::edgelist::parse_edge_list("0 1\n1 2\n2 0\n2 3\n", false)?;
//! let truth = ppr::power::power_iteration(&g, 0, 0.15, 1e-12)?.pi;
//! let index = build_index(&g, &IndexParams { walks: 16, seed: 1, ..Default::default() })?;
//! let r = query(&g, &index, 0, &QueryParams { steps: 20, theta: 0.0 })?;
//! assert!(ppr::metrics::l1(&r.pi, &truth) < 2.0 * 0.85f64.powi(20));
//! # Ok::<(), ppr::Error>(())
//! ```

pub mod batch;
pub mod edgelist;
pub mod error;
pub mod gauss_seidel;
pub mod graph;
pub mod gt;
pub mod index;
pub mod index_io;
pub mod limits;
pub mod metrics;
pub mod montecarlo;
pub mod naive;
pub mod power;
pub mod push;
pub mod push_sweeps;
pub mod query;
pub mod reorder;
pub mod rmat;
pub mod sources;
pub mod walk;

pub use error::Error;
pub use graph::Graph;
