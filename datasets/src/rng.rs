//! The PRNG of the whole suite.
//!
//! Every generator takes an explicit `u64` seed and draws from [`Pcg64`] (PCG XSL RR 128/64,
//! from `rand_pcg`), seeded with `Pcg64::seed_from_u64(seed)`. The same seed gives the same
//! bits on every machine, thread count and process.

pub use rand_core::{Rng, SeedableRng};
pub use rand_pcg::Pcg64;

/// The generator for `seed`.
pub fn rng(seed: u64) -> Pcg64 {
    Pcg64::seed_from_u64(seed)
}

/// A uniform integer in `0..bound` (`bound > 0`), without modulo bias (Lemire's method with
/// rejection).
pub fn below(rng: &mut Pcg64, bound: u64) -> u64 {
    debug_assert!(bound > 0);
    loop {
        let x = rng.next_u64();
        let wide = u128::from(x) * u128::from(bound);
        let low = wide as u64;
        if low >= bound.wrapping_neg() % bound {
            return (wide >> 64) as u64;
        }
    }
}

/// A uniform `f64` in `[0, 1)` with 53 random bits.
pub fn unit(rng: &mut Pcg64) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}
