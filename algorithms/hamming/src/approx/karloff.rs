//! Karloff's randomized projection to a binary alphabet (IPL 48(2), 1993): a two-sided
//! `(1 ± ε)` estimate of every shift's Hamming distance.
//!
//! # Algorithm
//! Draw `r` independent maps `φ_t: Σ -> {0,1}` (uniform bits from `Pcg64`) and output, at
//! every shift `i`, `est(i) = 2·S(i)/r` with `S(i) = Σ_t HD_φt(i)`, where `HD_φt` is the
//! exact Hamming distance of the projected binary strings. See the [parent module](super)
//! for the guarantee and the choice `r = ⌈2 ε⁻² ln(2n/δ)⌉`.
//!
//! # Computing the sum of the draws exactly
//! Only the sum `S` is needed, and it is linear in the draws:
//! `S(i) = Σ_j W(T[i+j], P[j])` with the kernel `W(a, b) = |{t : φ_t(a) != φ_t(b)}|`.
//! Three exact ways to evaluate it, all giving the same integers (the output does not
//! depend on the path), chosen by estimated cost:
//! - **direct**: `O(n·m)` lookups in the `(σ+1)×σ` table `W` (small inputs);
//! - **kernel FFT**: one real correlation per pattern symbol `c` of the text signal
//!   `W(T[·], c)` with the indicator of `c` in `P`, two per complex FFT:
//!   `O(σ·n log m)`, like the exact per-symbol FFT;
//! - **projection FFT**: one ±1 correlation per draw (`Σ_j x_t y_t = m - 2·HD_φt`), two per
//!   complex FFT and one inverse FFT per block for all draws: `O(r·n log m)` =
//!   `O(ε⁻² log(n/δ)·n log m)`, Karloff's bound, used when `σ > r`.
//!
//! Here `σ` counts the distinct pattern symbols; building `W` costs `O(σ²·r/64)` and is only
//! done when `σ(σ+1) <= 2^24`. So the cost is `O(min(σ, r)·n log m)` (or `O(n·m)` when that
//! is cheaper), never much more than the exact per-symbol FFT.
//!
//! # Output
//! `f64` estimates `2·S(i)/r`, correctly rounded from the exact rational. A shift with
//! distance 0 always gets exactly 0.

use std::hash::Hash;

use rand_core::{Rng, SeedableRng};
use rand_pcg::Pcg64;
use rustfft::num_complex::Complex64;

use super::{ApproxParams, classes, karloff_draws};
use crate::error::{Error, check_lengths};
use crate::fft::{check_pattern_fits_u32, correlate_pairs};

/// Cost of one lookup-and-add of the direct path, in nanoseconds (0.46 measured at
/// n = 2^20, m = 2^10 with 492 pattern classes, 2-core AMD EPYC Zen 5 under KVM).
const C_DIRECT: f64 = 0.45;
/// Cost of one 64-bit XOR-and-popcount while building the kernel, in nanoseconds.
const C_KERNEL_WORD: f64 = 0.5;
/// Largest kernel table, in entries.
const MAX_KERNEL: usize = 1 << 24;
/// Largest draw table, `(d + 1)·⌈r/64⌉` 64-bit words (128 MiB): `d` distinct pattern
/// symbols, `r` draws. Its construction and the kernel then cost at most `d` times this.
pub const MAX_DRAW_TABLE_WORDS: usize = 1 << 24;

/// Karloff's `(1 ± ε)` estimate of the Hamming distance at every shift, with
/// `r = ⌈2 ε⁻² ln(2n/δ)⌉` draws seeded by `seed`.
///
/// With probability at least `1 - δ`, every output satisfies `|est - HD| <= ε·HD`. The same
/// seed always gives the same output bits.
///
/// # Errors
/// [`Error::EpsilonOutOfRange`] unless `0 < eps < 1`, [`Error::DeltaOutOfRange`] unless
/// `0 < delta < 1` (NaN included); [`Error::EmptyPattern`],
/// [`Error::PatternLongerThanText`]; [`Error::Unsupported`] when the number of draws
/// exceeds [`super::MAX_DRAWS`] or `m` does not fit a `u32`; [`Error::LimitExceeded`] when
/// the draw table `(d + 1)·⌈r/64⌉` words (`d` distinct pattern symbols) exceeds
/// [`MAX_DRAW_TABLE_WORDS`]; [`Error::PrecisionExceeded`] if an FFT rounding check fails.
///
/// # Complexity
/// `O(min(σ, r)·n·log m + σ²·r/64)` time, `O(n + σ·r/64)` memory; see the
/// [module docs](self).
///
/// # Example
/// ```
/// let t: Vec<u32> = (0..200).map(|i| (i * 7919) % 13).collect();
/// let p: Vec<u32> = t[50..90].to_vec();
/// let exact = hamming::naive::hamming_naive(&t, &p).unwrap();
/// let est = hamming::approx::hamming_karloff(&t, &p, 0.2, 0.05, 1).unwrap();
/// assert_eq!(est[50], 0.0);
/// for (e, &h) in est.iter().zip(&exact) {
///     assert!((e - f64::from(h)).abs() <= 0.2 * f64::from(h));
/// }
/// ```
pub fn hamming_karloff<S: Copy + Eq + Hash>(
    t: &[S],
    p: &[S],
    eps: f64,
    delta: f64,
    seed: u64,
) -> Result<Vec<f64>, Error> {
    hamming_karloff_with(t, p, &ApproxParams::new(eps, delta, seed))
}

/// [`hamming_karloff`] with explicit [`ApproxParams`]; `params.draws` overrides the number
/// of draws `r` (ε and δ are still validated). With a fixed `r`, Hoeffding's bound gives
/// `P(|est - HD| >= λ·HD) <= 2·exp(-r λ²/2)` per shift.
///
/// # Errors
/// As [`hamming_karloff`].
pub fn hamming_karloff_with<S: Copy + Eq + Hash>(
    t: &[S],
    p: &[S],
    params: &ApproxParams,
) -> Result<Vec<f64>, Error> {
    params.validate()?;
    check_lengths(t.len(), p.len())?;
    check_pattern_fits_u32(p.len())?;
    let r = match params.draws {
        Some(r) => r,
        None => karloff_draws(params.eps, params.delta, t.len())?,
    };
    let (d, tc, pc) = classes(t, p);
    check_draw_table(d, r)?;
    let draws = Draws::new(d, r, params.seed);
    let path = choose_path(tc.len(), pc.len(), d, r);
    let sums = projection_sums(&tc, &pc, &draws, path)?;
    let rf = r as f64;
    Ok(sums.into_iter().map(|s| 2.0 * s as f64 / rf).collect())
}

/// Refuses a draw table of `(d + 1)·⌈r/64⌉` words above [`MAX_DRAW_TABLE_WORDS`], before
/// anything is allocated.
///
/// # Errors
/// [`Error::LimitExceeded`] naming both numbers.
pub fn check_draw_table(d: usize, r: usize) -> Result<(), Error> {
    let words = (d + 1).saturating_mul(r.div_ceil(64));
    if words > MAX_DRAW_TABLE_WORDS {
        return Err(Error::LimitExceeded {
            what: format!(
                "Karloff's draw table for {} classes and r = {r} draws needs {words} 64-bit words, \
                 above the limit {MAX_DRAW_TABLE_WORDS} (128 MiB); raise eps or delta",
                d + 1
            ),
        });
    }
    Ok(())
}

/// The `r` projections: bit `t` of class `c`'s row is `φ_t(c)`.
struct Draws {
    /// Number of classes, `d + 1` (the last one collects text symbols absent from P).
    classes: usize,
    /// Number of draws `r`.
    r: usize,
    /// Words per class row, `⌈r/64⌉`.
    words: usize,
    /// Class-major bit rows.
    bits: Vec<u64>,
}

impl Draws {
    /// Draws the bits: class by class (pattern classes in order of first occurrence, then the
    /// absent-symbol class), each row as `⌈r/64⌉` consecutive `next_u64` outputs of
    /// `Pcg64::seed_from_u64(seed)`, the unused high bits of the last word cleared.
    fn new(d: usize, r: usize, seed: u64) -> Self {
        let words = r.div_ceil(64);
        let mut rng = Pcg64::seed_from_u64(seed);
        let mut bits = vec![0u64; (d + 1) * words];
        let last_mask = if r.is_multiple_of(64) {
            u64::MAX
        } else {
            (1u64 << (r % 64)) - 1
        };
        for row in bits.chunks_exact_mut(words) {
            for w in row.iter_mut() {
                *w = rng.next_u64();
            }
            row[words - 1] &= last_mask;
        }
        Draws {
            classes: d + 1,
            r,
            words,
            bits,
        }
    }

    /// `φ_t(c)` as ±1: `+1` for bit 0, `-1` for bit 1; 0 when `t >= r` (padding draw).
    fn sign(&self, c: u32, t: usize) -> f64 {
        if t >= self.r {
            return 0.0;
        }
        let bit = self.bits[c as usize * self.words + t / 64] >> (t % 64) & 1;
        1.0 - 2.0 * bit as f64
    }

    /// The kernel `W(a, c) = |{t : φ_t(a) != φ_t(c)}|` for every class `a` and pattern class
    /// `c < d`, as a row-major `(d+1) × d` table.
    fn kernel(&self) -> Vec<u32> {
        let d = self.classes - 1;
        let row = |c: usize| &self.bits[c * self.words..(c + 1) * self.words];
        let mut w = vec![0u32; self.classes * d];
        for a in 0..self.classes {
            for c in 0..d {
                w[a * d + c] = row(a)
                    .iter()
                    .zip(row(c))
                    .map(|(x, y)| (x ^ y).count_ones())
                    .sum();
            }
        }
        w
    }
}

/// How [`projection_sums`] evaluates `S`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Path {
    /// Kernel table lookups, O(n·m).
    Direct,
    /// One weighted correlation per pattern class.
    KernelFft,
    /// One ±1 correlation per draw.
    ProjectionFft,
}

/// The cheapest path by estimated cost.
fn choose_path(n: usize, m: usize, d: usize, r: usize) -> Path {
    let projection = crate::fft::correlation_cost_ns(n, m, r.div_ceil(2));
    if (d + 1).saturating_mul(d) > MAX_KERNEL {
        return Path::ProjectionFft;
    }
    let kernel = ((d + 1) * d * r.div_ceil(64)) as f64 * C_KERNEL_WORD;
    let direct = kernel + (n - m + 1) as f64 * m as f64 * C_DIRECT;
    let kernel_fft = kernel + crate::fft::correlation_cost_ns(n, m, d.div_ceil(2));
    if direct <= kernel_fft && direct <= projection {
        Path::Direct
    } else if kernel_fft <= projection {
        Path::KernelFft
    } else {
        Path::ProjectionFft
    }
}

/// `S(i) = Σ_t HD_φt(i)` for every shift, exactly, by `path`.
fn projection_sums(tc: &[u32], pc: &[u32], draws: &Draws, path: Path) -> Result<Vec<u64>, Error> {
    let (n, m) = (tc.len(), pc.len());
    let d = draws.classes - 1;
    match path {
        Path::Direct => {
            let w = draws.kernel();
            Ok((0..=n - m)
                .map(|i| {
                    tc[i..i + m]
                        .iter()
                        .zip(pc)
                        .map(|(&a, &c)| u64::from(w[a as usize * d + c as usize]))
                        .sum()
                })
                .collect())
        }
        Path::KernelFft => {
            let w = draws.kernel();
            let weight = |a: u32, c: usize| {
                if c < d {
                    f64::from(w[a as usize * d + c])
                } else {
                    0.0
                }
            };
            let mut sums = vec![0i64; n - m + 1];
            correlate_pairs(
                tc,
                pc,
                d.div_ceil(2),
                d + 1,
                |pr, a| Complex64::new(weight(a, 2 * pr), weight(a, 2 * pr + 1)),
                |pr, c| {
                    let c = c as usize;
                    Complex64::new(
                        f64::from(u8::from(c == 2 * pr)),
                        -f64::from(u8::from(c == 2 * pr + 1)),
                    )
                },
                |start, values| {
                    for (s, &v) in sums[start..].iter_mut().zip(values) {
                        *s += v;
                    }
                },
            )?;
            Ok(sums.into_iter().map(|s| s.max(0) as u64).collect())
        }
        Path::ProjectionFft => {
            let r = draws.r;
            let mut corr = vec![0i64; n - m + 1];
            correlate_pairs(
                tc,
                pc,
                r.div_ceil(2),
                d + 1,
                |pr, a| Complex64::new(draws.sign(a, 2 * pr), draws.sign(a, 2 * pr + 1)),
                |pr, c| Complex64::new(draws.sign(c, 2 * pr), -draws.sign(c, 2 * pr + 1)),
                |start, values| {
                    for (c, &v) in corr[start..].iter_mut().zip(values) {
                        *c += v;
                    }
                },
            )?;
            // Σ_t C_t = r·m - 2·S.
            let rm = (r as i64) * (m as i64);
            Ok(corr
                .into_iter()
                .map(|c| ((rm - c) / 2).max(0) as u64)
                .collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Σ_t HD_φt` computed draw by draw from the projected strings.
    fn brute(tc: &[u32], pc: &[u32], draws: &Draws) -> Vec<u64> {
        let m = pc.len();
        let bit = |c: u32, t: usize| draws.bits[c as usize * draws.words + t / 64] >> (t % 64) & 1;
        (0..=tc.len() - m)
            .map(|i| {
                (0..draws.r)
                    .map(|t| {
                        (0..m)
                            .filter(|&j| bit(tc[i + j], t) != bit(pc[j], t))
                            .count() as u64
                    })
                    .sum()
            })
            .collect()
    }

    #[test]
    fn every_path_equals_the_draw_by_draw_sum() {
        for (n, m, d, r, seed) in [
            (1usize, 1usize, 1usize, 1usize, 0u64),
            (50, 7, 3, 5, 1),
            (300, 40, 9, 64, 2),
            (257, 256, 4, 65, 3),
            (700, 33, 20, 129, 4),
        ] {
            let mut rng = Pcg64::seed_from_u64(seed);
            // Classes 0..=d in the text (d = absent symbols), 0..d in the pattern.
            let tc: Vec<u32> = (0..n)
                .map(|_| (rng.next_u64() % (d as u64 + 1)) as u32)
                .collect();
            let pc: Vec<u32> = (0..m).map(|_| (rng.next_u64() % d as u64) as u32).collect();
            let draws = Draws::new(d, r, seed);
            let want = brute(&tc, &pc, &draws);
            for path in [Path::Direct, Path::KernelFft, Path::ProjectionFft] {
                assert_eq!(
                    projection_sums(&tc, &pc, &draws, path).unwrap(),
                    want,
                    "{path:?} n={n} m={m} d={d} r={r}"
                );
            }
        }
    }
}
