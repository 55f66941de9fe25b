//! Random walks with restart, each drawing from its own random stream.
//!
//! Every walk's generator is [`rand_pcg::Pcg64`] seeded from `(seed, source, walk id)`
//! through SplitMix64 ([`walk_rng`]), never from a thread's generator or an iteration
//! order: a walk's path is the same whichever thread, process or machine runs it, so
//! fingerprints are bit-identical across thread counts (and, in the distributed backend,
//! across processes: a token carries its generator's state).
//!
//! One step at vertex `v`: draw `u < c` (53-bit uniform) to stop; else move to a uniform
//! out-neighbour (`below(deg)`, Lemire's method with rejection), or to the walk's source
//! when `v` is dangling.

use rand_core::Rng;
use rand_pcg::Pcg64;

use crate::graph::Graph;

/// SplitMix64's output function (Steele, Lea and Flood 2014): a bijective 64-bit mixer.
#[inline]
pub fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The PCG stream (increment) every walk uses; walks differ by their 128-bit state.
pub const WALK_STREAM: u128 = 0x5851_F42D_4C95_7F2D_1405_7B7E_F767_814F;

/// The generator of walk `walk` from `source` under `seed`: state from SplitMix64 applied
/// to `(seed, source, walk)`, stream [`WALK_STREAM`].
#[inline]
pub fn walk_rng(seed: u64, source: u32, walk: u32) -> Pcg64 {
    let key = (u64::from(source) << 32) | u64::from(walk);
    let hi = splitmix64(seed ^ splitmix64(key));
    let lo = splitmix64(hi ^ key.rotate_left(17) ^ 0xD1B5_4A32_D192_ED03);
    Pcg64::new((u128::from(hi) << 64) | u128::from(lo), WALK_STREAM)
}

/// A uniform `f64` in `[0, 1)` with 53 random bits.
#[inline]
pub fn unit(rng: &mut Pcg64) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// A uniform integer in `0..bound` (`bound ≥ 1`), without bias (Lemire, with rejection).
#[inline]
pub fn below(rng: &mut Pcg64, bound: u64) -> u64 {
    loop {
        let wide = u128::from(rng.next_u64()) * u128::from(bound);
        if (wide as u64) >= bound.wrapping_neg() % bound {
            return (wide >> 64) as u64;
        }
    }
}

/// One step from `v` of a walk from `source`: `None` when the walk stops (probability
/// `c`), else the next vertex.
#[inline]
pub fn step(g: &Graph, rng: &mut Pcg64, c: f64, source: u32, v: u32) -> Option<u32> {
    if unit(rng) < c {
        return None;
    }
    let nbrs = g.out_neighbors(v);
    if nbrs.is_empty() {
        Some(source)
    } else {
        Some(nbrs[below(rng, nbrs.len() as u64) as usize])
    }
}

/// Runs one geometric walk from `source` and calls `visit` on every vertex it visits, the
/// start included (full path). `max_len` caps the number of moves (`None`: no cap). Returns
/// the end point. Expected visits: `1/c` without a cap.
#[inline]
pub fn full_path(
    g: &Graph,
    rng: &mut Pcg64,
    c: f64,
    source: u32,
    max_len: Option<u32>,
    mut visit: impl FnMut(u32),
) -> u32 {
    let mut v = source;
    visit(v);
    let cap = max_len.unwrap_or(u32::MAX);
    let mut moves = 0u32;
    while moves < cap {
        match step(g, rng, c, source, v) {
            None => break,
            Some(next) => {
                v = next;
                moves += 1;
                visit(v);
            }
        }
    }
    v
}
