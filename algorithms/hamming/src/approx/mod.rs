//! (1 ± ε)-approximate Hamming distances, randomized and seeded.
//!
//! Two estimators, both Monte Carlo (the output depends on the seed, and the same seed
//! always gives the same output bits):
//!
//! | function | estimate | guarantee |
//! |---|---|---|
//! | [`hamming_karloff`] | two-sided, `f64` | with probability ≥ 1 - δ, `|est - HD| <= ε·HD` at **every** shift |
//! | [`hamming_hash_max`] | one-sided, `u32` | **always** `est <= HD`; with probability ≥ 1 - δ, `est >= (1 - ε)·HD` at every shift |
//!
//! # Karloff's projection (IPL 48(2), 1993)
//! Draw `φ: Σ -> {0,1}` and compare the projected binary strings: a mismatching pair of
//! symbols stays a mismatch with probability 1/2, so `E[HD_φ] = HD/2`. The output is
//! `2 · mean` of `HD_φ` over `r = ⌈2 ε⁻² ln(2n/δ)⌉` independent draws. Each `HD_φ(i)` lies
//! in `[0, HD(i)]`, so Hoeffding gives
//! `P(|2·mean - HD| >= ε·HD) <= 2·exp(-r ε²/2) <= δ/n` per shift, and the union bound over
//! the (at most `n`) shifts gives the guarantee above. See [`karloff`] for how the sum of
//! the `r` draws is computed exactly in `O(min(σ, r)·n log m)` time.
//!
//! # Hash-and-max (one-sided)
//! Draw `h: Σ -> [l]` with `l = ⌈2/ε⌉` and compute the exact distance `HD_h` of the hashed
//! strings. Equal symbols hash equal, so `HD_h <= HD` **always**; a mismatching pair
//! collides with probability `1/l`, so `E[HD - HD_h] = HD/l <= ε·HD/2` and, by Markov,
//! `HD_h >= (1 - ε)·HD` with probability ≥ 1/2 per shift. The output is the maximum over
//! `r = ⌈log2(n/δ)⌉` draws, which fails at a shift with probability `<= 2^-r <= δ/n`. With
//! an exact method on `l` symbols (the per-symbol FFT: `O(l·n log m)` per draw) the total is
//! `O((n/ε)·log(n/δ)·log m)`, the cost of Kopelowitz–Porat (SOSA 2018), whose algorithm
//! this is not; the reasoning above is self-contained. See [`hash_max`].
//!
//! # Randomness
//! Both draw their hash functions from `rand_pcg::Pcg64` (PCG XSL RR 128/64) seeded with
//! `Pcg64::seed_from_u64(seed)`. Draws are fully independent (stronger than the pairwise
//! independence the analysis needs). Text symbols that do not occur in the pattern are
//! collapsed into one class before hashing: they never equal a pattern symbol, and every
//! (text symbol, pattern symbol) pair still collides with the required probability, so
//! the guarantees are unchanged.
//!
//! # When to use them
//! Honestly: for small alphabets (DNA) the exact per-symbol FFT already costs
//! `O(σ·n log m)` with `σ = 4`, and neither estimator is faster than exact (hash-and-max
//! stops after its first draw that is injective on the alphabet, whose output is then
//! exact). They pay off for large alphabets, where `min(σ, r)` or `l` is much smaller than
//! the number of distinct pattern symbols.
//!
//! # Parameters
//! `eps` and `delta` must lie in the open interval (0, 1) (NaN is rejected):
//! [`Error::EpsilonOutOfRange`], [`Error::DeltaOutOfRange`]. [`ApproxParams`] also lets the
//! caller fix the number of draws `r` directly (the guarantee then follows from the bounds
//! above with that `r`).
//!
//! # Example
//! ```
//! use hamming::approx::{hamming_hash_max, hamming_karloff};
//! let t = b"ACGTACGTTTACGAACGT";
//! let p = b"ACGT";
//! let exact = hamming::naive::hamming_naive(t, p).unwrap();
//! let lower = hamming_hash_max(t, p, 0.25, 0.1, 42).unwrap();
//! assert!(lower.iter().zip(&exact).all(|(a, e)| a <= e));
//! let est = hamming_karloff(t, p, 0.25, 0.1, 42).unwrap();
//! assert!(est.iter().zip(&exact).all(|(a, &e)| (a - f64::from(e)).abs() <= 0.25 * f64::from(e)));
//! // Same seed, same bits.
//! assert_eq!(est, hamming_karloff(t, p, 0.25, 0.1, 42).unwrap());
//! ```

pub mod hash_max;
pub mod karloff;

pub use hash_max::{hamming_hash_max, hamming_hash_max_with};
pub use karloff::{hamming_karloff, hamming_karloff_with};

use crate::error::Error;

/// The largest number of draws a caller may ask for or the formulas may produce.
pub const MAX_DRAWS: usize = 1 << 31;

/// Parameters of the approximations.
///
/// `#[non_exhaustive]`: build it with [`ApproxParams::new`] or [`Default`] and the `with_*`
/// methods.
///
/// ```
/// use hamming::approx::ApproxParams;
/// let params = ApproxParams::default().with_eps(0.05).with_seed(7).with_draws(100);
/// assert_eq!((params.eps, params.delta, params.seed, params.draws), (0.05, 0.01, 7, Some(100)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct ApproxParams {
    /// Relative error ε, in (0, 1). Default 0.1.
    pub eps: f64,
    /// Failure probability δ, in (0, 1). Default 0.01.
    pub delta: f64,
    /// Seed of the `Pcg64` generator. Default 0.
    pub seed: u64,
    /// Number of draws `r`; `None` (the default) uses the method's formula
    /// ([`karloff_draws`], [`hash_max_draws`]). Must be at least 1 and at most
    /// [`MAX_DRAWS`].
    pub draws: Option<usize>,
}

impl Default for ApproxParams {
    fn default() -> Self {
        ApproxParams {
            eps: 0.1,
            delta: 0.01,
            seed: 0,
            draws: None,
        }
    }
}

impl ApproxParams {
    /// Parameters with the given ε, δ and seed, and the formula's number of draws.
    pub fn new(eps: f64, delta: f64, seed: u64) -> Self {
        ApproxParams {
            eps,
            delta,
            seed,
            draws: None,
        }
    }

    /// Sets ε.
    pub fn with_eps(mut self, eps: f64) -> Self {
        self.eps = eps;
        self
    }

    /// Sets δ.
    pub fn with_delta(mut self, delta: f64) -> Self {
        self.delta = delta;
        self
    }

    /// Sets the seed.
    pub fn with_seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Fixes the number of draws `r`.
    pub fn with_draws(mut self, draws: usize) -> Self {
        self.draws = Some(draws);
        self
    }

    /// Checks ε and δ, and `draws` when set.
    ///
    /// # Errors
    /// [`Error::EpsilonOutOfRange`], [`Error::DeltaOutOfRange`] (NaN included);
    /// [`Error::Unsupported`] when `draws` is 0 or above [`MAX_DRAWS`].
    pub fn validate(&self) -> Result<(), Error> {
        check_eps(self.eps)?;
        check_delta(self.delta)?;
        match self.draws {
            Some(r) if r == 0 || r > MAX_DRAWS => Err(Error::Unsupported {
                reason: format!("the number of draws must lie in 1..={MAX_DRAWS}, got {r}"),
            }),
            _ => Ok(()),
        }
    }
}

/// Checks `0 < eps < 1` (false for NaN).
///
/// # Errors
/// [`Error::EpsilonOutOfRange`] otherwise.
pub fn check_eps(eps: f64) -> Result<(), Error> {
    if eps > 0.0 && eps < 1.0 {
        Ok(())
    } else {
        Err(Error::EpsilonOutOfRange { eps })
    }
}

/// Checks `0 < delta < 1` (false for NaN).
///
/// # Errors
/// [`Error::DeltaOutOfRange`] otherwise.
pub fn check_delta(delta: f64) -> Result<(), Error> {
    if delta > 0.0 && delta < 1.0 {
        Ok(())
    } else {
        Err(Error::DeltaOutOfRange { delta })
    }
}

/// Karloff's number of draws for a text of length `n`: `r = ⌈2 ε⁻² ln(2n/δ)⌉`.
///
/// # Errors
/// [`Error::EpsilonOutOfRange`], [`Error::DeltaOutOfRange`]; [`Error::Unsupported`] when
/// `r` would exceed [`MAX_DRAWS`].
///
/// ```
/// assert_eq!(hamming::approx::karloff_draws(0.1, 0.01, 1 << 20).unwrap(), 3833);
/// ```
pub fn karloff_draws(eps: f64, delta: f64, n: usize) -> Result<usize, Error> {
    check_eps(eps)?;
    check_delta(delta)?;
    let r = (2.0 / (eps * eps) * (2.0 * n.max(1) as f64 / delta).ln()).ceil();
    draws_in_range(r.max(1.0))
}

/// Hash-and-max's number of draws for a text of length `n`: `r = ⌈log2(n/δ)⌉`.
///
/// # Errors
/// [`Error::DeltaOutOfRange`]; [`Error::Unsupported`] when `r` would exceed
/// [`MAX_DRAWS`].
///
/// ```
/// assert_eq!(hamming::approx::hash_max_draws(0.01, 1 << 20).unwrap(), 27);
/// ```
pub fn hash_max_draws(delta: f64, n: usize) -> Result<usize, Error> {
    check_delta(delta)?;
    let r = (n.max(1) as f64 / delta).log2().ceil();
    draws_in_range(r.max(1.0))
}

/// Hash-and-max's range size `l = ⌈2/ε⌉`.
///
/// # Errors
/// [`Error::EpsilonOutOfRange`].
///
/// ```
/// assert_eq!(hamming::approx::hash_max_buckets(0.1).unwrap(), 20);
/// ```
pub fn hash_max_buckets(eps: f64) -> Result<u32, Error> {
    check_eps(eps)?;
    let l = (2.0 / eps).ceil();
    if l > f64::from(u32::MAX / 2) {
        return Err(Error::Unsupported {
            reason: format!("eps = {eps} needs {l} hash buckets"),
        });
    }
    Ok(l as u32)
}

/// `r` as a `usize` if it is finite and at most [`MAX_DRAWS`].
fn draws_in_range(r: f64) -> Result<usize, Error> {
    if r.is_finite() && r <= MAX_DRAWS as f64 {
        Ok(r as usize)
    } else {
        Err(Error::Unsupported {
            reason: format!("{r} draws exceed the limit {MAX_DRAWS}"),
        })
    }
}

/// The pattern's classes and the text's classes: pattern symbols get ids `0..d` (order of
/// first occurrence), text symbols absent from the pattern get the single class `d`.
fn classes<S: Copy + Eq + std::hash::Hash>(t: &[S], p: &[S]) -> (usize, Vec<u32>, Vec<u32>) {
    let (alphabet, pc) = crate::alphabet::Alphabet::of_pattern(p);
    let d = alphabet.len();
    let mut tc = alphabet.encode_text(t);
    // Ids are below d or NONE = u32::MAX, which becomes d.
    for c in &mut tc {
        *c = (*c).min(d as u32);
    }
    (d, tc, pc)
}
