//! Text-to-pattern Hamming distances.
//!
//! Given a text `t` of length `n` and a pattern `p` of length `m`, compute for every
//! alignment `i in 0..=n-m` the number of mismatches
//! `out[i] = |{ j < m : t[i + j] != p[j] }|`.
//!
//! The top-level [`hamming_all`] asks the [`planner`] for the fastest exact method for the
//! input's shape (n, m, number of distinct symbols, CPU features) and runs it. Every method
//! is also public under its own module, so that it can be tested and benchmarked by name:
//!
//! | module | method | time | source |
//! |---|---|---|---|
//! | [`naive`] | direct comparison (the oracle) | O(n·m) | — |
//! | [`bitparallel`] | packed codes, XOR, popcount; scalar, AVX2 and AVX-512 paths | O(n·m·b/W) | packed codes, Baeza-Yates–Gonnet 1992 |
//! | [`fft`] | one FFT correlation per pattern symbol (overlap-save blocks) | O(σ·n·log m) | Fischer–Paterson 1974 |
//! | [`abrahamson`] | heavy symbols by FFT, light ones by counting, split by cost | O(n·sqrt(m log m)) | Abrahamson, SICOMP 1987 |
//! | [`bitpacked_fft`] | several symbols as digits of one f64 FFT, within the exactness limit | O(σ/g·n·log m) | Kronecker substitution; "bit-packed FFT" in the CJVX abstract (FOCS 2023) |
//! | [`tiered`] | Abrahamson's split plus a middle tier: packed FFT groups sized from their output bound | O(n·√(m log m)) (no better bound proven) | Abrahamson 1987; direction of CJVX, FOCS 2023 |
//! | [`hashing`] | light symbols hashed into buckets, one FFT per bucket, exact correction (Las Vegas) | see module | direction of Chan–Jin–Vassilevska Williams–Xu, FOCS 2023 |
//! | [`kbounded`] | `Some(d)` for `d <= k`: early exit, pigeonhole filter | O(n·k) typical | Landau–Vishkin; fuzzysearch |
//! | [`approx`] | (1+ε): Karloff's projection, one-sided hash-and-max | O(n/ε² · log n · log m) | Karloff 1993; Kopelowitz–Porat 2018 |
//!
//! Exact methods agree bit for bit with [`naive`]; randomized ones take an explicit seed.
//! [`parallel`] runs the exact, k-bounded and approximate entry points on several threads
//! with the same output bits.
//!
//! # What is and is not CJVX
//! Chan, Jin, Vassilevska Williams and Xu (FOCS 2023, arXiv 2310.13174) compute exact
//! distances in randomized O(n·√m) time and k-bounded ones in O(n + n·k/√m); their gain over
//! Abrahamson comes from symbols whose pattern frequency lies between about √m and
//! √m·log m. None of the paper's algorithms is implemented here: its body (position hashing
//! modulo a random prime, the X+Y lemma, the recursion) was not available. [`hashing`],
//! [`bitpacked_fft`] and [`tiered`] follow its direction without its guarantee: [`tiered`]
//! adds a middle-frequency tier to Abrahamson's split (symbols with √m ≤ f ≤ √m·log2 m packed
//! several per f64 FFT, each group's digit width sized from its total pattern count), which
//! attacks the band where CJVX gains but is not CJVX's algorithm; its f64 exactness limit
//! stops the packing beyond about m = 2^12 on middle-band inputs.
//! [`kbounded::kangaroo`] is Landau–Vishkin's O(n·k), not CJVX's bound.
//!
//! # Contract
//! `m == 0` is [`Error::EmptyPattern`] and `m > n` is [`Error::PatternLongerThanText`]
//! (so `n == 0` is always an error). The output has `n - m + 1` entries.
//!
//! # Example
//! ```
//! let t = b"ACGTACGTTT";
//! let p = b"ACGT";
//! let d = hamming::hamming_all(t, p).unwrap();
//! assert_eq!(d, vec![0, 4, 4, 4, 0, 3, 3]);
//! ```
#![deny(missing_docs)]

pub mod abrahamson;
pub mod alphabet;
pub mod approx;
pub mod bitpacked_fft;
pub mod bitparallel;
pub mod error;
pub mod fft;
pub mod hashing;
pub mod kbounded;
pub mod lce;
pub mod naive;
pub mod parallel;
pub mod planner;
pub mod tiered;

pub use error::Error;
pub use parallel::hamming_all_par;
pub use planner::{Algorithm, Plan, Planner};

use std::hash::Hash;

/// Hamming distances of `p` against every alignment of `t`, by the planner's choice of
/// exact method.
///
/// # Errors
/// [`Error::EmptyPattern`] if `p` is empty, [`Error::PatternLongerThanText`] if `p` is
/// longer than `t`.
///
/// # Complexity
/// That of the chosen method; see [`planner`].
pub fn hamming_all<S: Copy + Eq + Hash>(t: &[S], p: &[S]) -> Result<Vec<u32>, Error> {
    Planner::new().hamming_all(t, p)
}
