//! One-sided hash-and-max: a lower bound `est <= HD` that is at least `(1 - ε)·HD` at every
//! shift with probability `1 - δ`.
//!
//! # Algorithm
//! For each of `r = ⌈log2(n/δ)⌉` draws, pick `h: Σ -> [l]` with `l = ⌈2/ε⌉` (independent
//! uniform values from `Pcg64`), map both strings through `h`, compute the exact Hamming
//! distances `HD_h` of the hashed strings with [`crate::hamming_all`] (the planner's best
//! exact method for an alphabet of at most `l` symbols), and keep the maximum at every
//! shift. See the [parent module](super) for the proof.
//!
//! **Early stop.** If a draw's `h` is injective on the classes (the pattern's distinct
//! symbols plus one class for text symbols absent from the pattern), then `HD_h = HD`
//! exactly, and no later draw can raise the maximum (every `HD_h <= HD`); the remaining
//! draws are skipped. The output is the same bits as running all `r` draws. For DNA
//! (5 classes, `l = 20` at ε = 0.1) the first draw is injective with probability 0.58.
//!
//! # Complexity
//! `r` exact runs on strings over `min(σ+1, l)` symbols: with the per-symbol FFT,
//! `O(min(σ, 1/ε)·n·log m)` per draw and `O((n/ε)·log(n/δ)·log m)` in total (the
//! Kopelowitz–Porat SOSA 2018 bound); `O(n + σ)` memory beyond the exact method's, whatever
//! ε is (the bucket count `l` is never allocated; `l <= 2^31`, so `ε >= 1e-9` or so).
//!
//! The hash value is `⌊x·l / 2^64⌋` of a 64-bit output `x`, whose bias is below
//! `l/2^64` (irrelevant next to δ).

use std::hash::Hash;

use rand_core::{Rng, SeedableRng};
use rand_pcg::Pcg64;

use super::{ApproxParams, classes, hash_max_buckets, hash_max_draws};
use crate::error::{Error, check_lengths};
use crate::fft::check_pattern_fits_u32;

/// One-sided `(1 - ε)` estimate of the Hamming distance at every shift, seeded by `seed`.
///
/// Always `out[i] <= HD(i)`; with probability at least `1 - δ`, `out[i] >= (1 - ε)·HD(i)`
/// at every shift. The same seed always gives the same output.
///
/// # Errors
/// [`Error::EpsilonOutOfRange`] unless `0 < eps < 1`, [`Error::DeltaOutOfRange`] unless
/// `0 < delta < 1` (NaN included); [`Error::EmptyPattern`],
/// [`Error::PatternLongerThanText`]; [`Error::Unsupported`] when the number of draws
/// exceeds [`super::MAX_DRAWS`] or `m` does not fit a `u32`; the exact method's errors.
///
/// # Complexity
/// See the [module docs](self).
///
/// # Example
/// ```
/// let t: Vec<u32> = (0..300).map(|i| (i * 7919) % 97).collect();
/// let p: Vec<u32> = t[10..60].to_vec();
/// let exact = hamming::naive::hamming_naive(&t, &p).unwrap();
/// let est = hamming::approx::hamming_hash_max(&t, &p, 0.1, 0.01, 3).unwrap();
/// for (&e, &h) in est.iter().zip(&exact) {
///     assert!(e <= h); // always
///     assert!(f64::from(e) >= 0.9 * f64::from(h)); // with probability >= 0.99
/// }
/// ```
pub fn hamming_hash_max<S: Copy + Eq + Hash>(
    t: &[S],
    p: &[S],
    eps: f64,
    delta: f64,
    seed: u64,
) -> Result<Vec<u32>, Error> {
    hamming_hash_max_with(t, p, &ApproxParams::new(eps, delta, seed))
}

/// [`hamming_hash_max`] with explicit [`ApproxParams`]; `params.draws` overrides the
/// number of draws `r` (a shift then fails with probability at most `2^-r`).
///
/// # Errors
/// As [`hamming_hash_max`].
pub fn hamming_hash_max_with<S: Copy + Eq + Hash>(
    t: &[S],
    p: &[S],
    params: &ApproxParams,
) -> Result<Vec<u32>, Error> {
    params.validate()?;
    check_lengths(t.len(), p.len())?;
    check_pattern_fits_u32(p.len())?;
    let l = u64::from(hash_max_buckets(params.eps)?);
    let r = match params.draws {
        Some(r) => r,
        None => hash_max_draws(params.delta, t.len())?,
    };
    let (d, tc, pc) = classes(t, p);
    let mut rng = Pcg64::seed_from_u64(params.seed);
    let mut h = vec![0u32; d + 1];
    // Injectivity is checked on a sorted copy of `h` (d + 1 values), never with a table of
    // `l` flags: `l = ⌈2/ε⌉` reaches 2^31 for tiny ε, while the memory here stays O(n + d).
    let mut sorted = Vec::with_capacity(d + 1);
    let mut best = vec![0u32; t.len() - p.len() + 1];
    for _ in 0..r {
        for v in h.iter_mut() {
            *v = ((u128::from(rng.next_u64()) * u128::from(l)) >> 64) as u32;
        }
        let th: Vec<u32> = tc.iter().map(|&c| h[c as usize]).collect();
        let ph: Vec<u32> = pc.iter().map(|&c| h[c as usize]).collect();
        let hd = crate::hamming_all(&th, &ph)?;
        for (b, v) in best.iter_mut().zip(hd) {
            *b = (*b).max(v);
        }
        sorted.clear();
        sorted.extend_from_slice(&h);
        sorted.sort_unstable();
        let injective = sorted.windows(2).all(|w| w[0] != w[1]);
        if injective {
            break;
        }
    }
    Ok(best)
}
