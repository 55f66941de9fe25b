//! Per-symbol FFT correlation (Fischer–Paterson style), blocked by overlap-save.
//!
//! For every pattern symbol `c`, the number of matches of `c` at shift `i` is the
//! correlation of the text's indicator of `c` with the pattern's indicator of `c`. Summed
//! over `c`, these give the match count, and `out[i] = m - matches[i]`.
//!
//! # How it is computed
//! - The text is cut into overlapping blocks of `N` symbols (`N` a power of two, `N >= m`)
//!   that start `L = N - m + 1` apart; each block yields `L` shifts (overlap-save).
//! - Two symbols share one complex FFT: the text block is `x = [T = a] + i·[T = b]` and the
//!   reversed pattern is `y = [P = a] - i·[P = b]`, so `Re(x ⊛ y)` is exactly the sum of both
//!   symbols' correlations. Pattern spectra are computed once.
//! - By linearity the products of all pairs are summed in the frequency domain and each
//!   block needs **one** inverse FFT.
//! - `N` is the power of two that minimises `(pairs + 1) · N·log N / (N - m + 1)` per shift.
//!
//! # Exactness
//! All inputs are 0/±1 and all outputs are integers in `[0, m]`. The floating-point error of
//! an f64 FFT correlation is about `ε_mach · log2 N · sqrt(N·m)`, far below 1/2 for any `N`
//! that fits in memory. The code does not rely on this estimate: it measures the largest
//! distance of any output from its nearest integer, returns it in [`FftReport`], and fails
//! with [`Error::PrecisionExceeded`] if it ever reaches 0.25.
//!
//! # Complexity
//! Time **O(σ·n·log m)** for `σ` distinct pattern symbols; memory O(n + σ·N) (pattern spectra
//! are processed in groups of at most 256 MiB).

use std::hash::Hash;

use rustfft::num_complex::Complex64;
use rustfft::FftPlanner;

use crate::alphabet::Alphabet;
use crate::error::{Error, check_lengths};

/// Largest tolerated distance of a convolution output from the nearest integer.
pub const ROUNDING_LIMIT: f64 = 0.25;

/// Memory budget for the pattern spectra of one group of symbols.
const SPECTRA_BUDGET_BYTES: usize = 256 << 20;

/// What an FFT run did, for logs and reports.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FftReport {
    /// FFT length `N`.
    pub block_size: usize,
    /// Number of text blocks.
    pub blocks: usize,
    /// Number of FFTs run, forward and inverse.
    pub transforms: usize,
    /// Largest `|v - round(v)|` over every output before rounding.
    pub max_rounding_error: f64,
}

/// Hamming distances by per-symbol FFT correlation.
///
/// # Errors
/// [`Error::EmptyPattern`], [`Error::PatternLongerThanText`]; [`Error::PrecisionExceeded`] if
/// the rounding check fails (never observed; see the module docs).
///
/// # Example
/// ```
/// let d = hamming::fft::hamming_fft(&[1u32, 2, 3, 1, 2, 4], &[1, 2, 4]).unwrap();
/// assert_eq!(d, vec![1, 3, 3, 0]);
/// ```
pub fn hamming_fft<S: Copy + Eq + Hash>(t: &[S], p: &[S]) -> Result<Vec<u32>, Error> {
    hamming_fft_with_report(t, p).map(|(d, _)| d)
}

/// [`hamming_fft`], also returning what the FFTs did (block size, transforms and the largest
/// rounding error).
///
/// # Errors
/// As [`hamming_fft`].
pub fn hamming_fft_with_report<S: Copy + Eq + Hash>(
    t: &[S],
    p: &[S],
) -> Result<(Vec<u32>, FftReport), Error> {
    check_lengths(t.len(), p.len())?;
    check_pattern_fits_u32(p.len())?;
    let (alphabet, pids) = Alphabet::of_pattern(p);
    let tids = alphabet.encode_text(t);
    let all: Vec<u32> = (0..alphabet.len() as u32).collect();
    let mut matches = vec![0u32; t.len() - p.len() + 1];
    let report = add_symbol_matches(&tids, &pids, &all, &mut matches)?;
    let m = p.len() as u32;
    for v in &mut matches {
        *v = m - *v;
    }
    Ok((matches, report))
}

/// Fails when `m` does not fit the `u32` output (and the ids' range).
pub(crate) fn check_pattern_fits_u32(m: usize) -> Result<(), Error> {
    if m >= u32::MAX as usize {
        return Err(Error::Unsupported {
            reason: format!("pattern length {m} does not fit the u32 output"),
        });
    }
    Ok(())
}

/// Adds to `acc[i]` the number of `j` with `tids[i + j] == pids[j]` and `pids[j]` in
/// `symbols`, using FFT correlations. The building block of [`hamming_fft`] and of the
/// heavy part of Abrahamson-style methods.
///
/// `tids` and `pids` are dense ids (see [`crate::alphabet`]); `symbols` lists distinct ids.
///
/// # Errors
/// [`Error::PrecisionExceeded`] if an output is 0.25 or more away from an integer;
/// [`Error::Unsupported`] if `acc.len() != tids.len() - pids.len() + 1` or `pids` is empty.
pub fn add_symbol_matches(
    tids: &[u32],
    pids: &[u32],
    symbols: &[u32],
    acc: &mut [u32],
) -> Result<FftReport, Error> {
    let (n, m) = (tids.len(), pids.len());
    check_lengths(n, m)?;
    if acc.len() != n - m + 1 {
        return Err(Error::Unsupported {
            reason: format!("accumulator has {} entries, expected {}", acc.len(), n - m + 1),
        });
    }
    let pairs: Vec<(u32, Option<u32>)> =
        symbols.chunks(2).map(|c| (c[0], c.get(1).copied())).collect();
    correlate_pairs(
        tids,
        pids,
        pairs.len(),
        |pr, id| indicator(id, pairs[pr].0, pairs[pr].1, 1.0),
        |pr, id| indicator(id, pairs[pr].0, pairs[pr].1, -1.0),
        |shift, v| acc[shift] += v.max(0) as u32,
    )
}

/// The correlation engine: for every shift `i in 0..=n-m`, computes
/// `Σ_pr Re Σ_j text(pr, tc[i + j]) · pattern(pr, pc[j])`, rounds it to the nearest integer
/// and hands it to `emit(i, value)`.
///
/// Each "pair" `pr` packs two real correlations into one complex FFT: with
/// `text = a1 + i·a2` and `pattern = b1 - i·b2`, the real part of the correlation is
/// `a1⋆b1 + a2⋆b2`. The caller guarantees the exact result is an integer; the largest
/// distance from one is measured and checked against [`ROUNDING_LIMIT`].
///
/// # Errors
/// [`Error::PrecisionExceeded`] when the rounding check fails.
pub(crate) fn correlate_pairs<FT, FP, FE>(
    tc: &[u32],
    pc: &[u32],
    pairs: usize,
    text: FT,
    pattern: FP,
    mut emit: FE,
) -> Result<FftReport, Error>
where
    FT: Fn(usize, u32) -> Complex64,
    FP: Fn(usize, u32) -> Complex64,
    FE: FnMut(usize, i64),
{
    let (n, m) = (tc.len(), pc.len());
    let mut report = FftReport::default();
    if pairs == 0 {
        return Ok(report);
    }
    let big_n = choose_block_size(n, m, pairs);
    let step = big_n - m + 1;
    let shifts = n - m + 1;
    let mut planner = FftPlanner::<f64>::new();
    let forward = planner.plan_fft_forward(big_n);
    let inverse = planner.plan_fft_inverse(big_n);
    let mut scratch = vec![
        Complex64::default();
        forward.get_inplace_scratch_len().max(inverse.get_inplace_scratch_len())
    ];
    let group_len = (SPECTRA_BUDGET_BYTES / (big_n * 16)).max(1);
    let mut block = vec![Complex64::default(); big_n];
    let mut sum = vec![Complex64::default(); big_n];
    let scale = 1.0 / big_n as f64;
    report.block_size = big_n;
    report.blocks = shifts.div_ceil(step);

    for g0 in (0..pairs).step_by(group_len) {
        let group = g0..(g0 + group_len).min(pairs);
        let spectra: Vec<Vec<Complex64>> = group
            .clone()
            .map(|pr| {
                let mut y = vec![Complex64::default(); big_n];
                for (slot, &c) in y.iter_mut().zip(pc.iter().rev()) {
                    *slot = pattern(pr, c);
                }
                forward.process_with_scratch(&mut y, &mut scratch);
                y
            })
            .collect();
        report.transforms += group.len();
        for start in (0..shifts).step_by(step) {
            sum.fill(Complex64::default());
            let text_block = &tc[start..(start + big_n).min(n)];
            for (pr, spectrum) in group.clone().zip(&spectra) {
                for (slot, &c) in block.iter_mut().zip(text_block) {
                    *slot = text(pr, c);
                }
                block[text_block.len()..].fill(Complex64::default());
                forward.process_with_scratch(&mut block, &mut scratch);
                for ((s, x), y) in sum.iter_mut().zip(&block).zip(spectrum) {
                    *s += x * y;
                }
            }
            inverse.process_with_scratch(&mut sum, &mut scratch);
            report.transforms += group.len() + 1;
            let end = (start + step).min(shifts);
            for (shift, v) in (start..end).zip(&sum[m - 1..]) {
                let v = v.re * scale;
                let r = v.round();
                report.max_rounding_error = report.max_rounding_error.max((v - r).abs());
                emit(shift, r as i64);
            }
        }
    }
    if report.max_rounding_error >= ROUNDING_LIMIT || report.max_rounding_error.is_nan() {
        return Err(Error::PrecisionExceeded {
            what: format!(
                "FFT output {} away from an integer (limit {ROUNDING_LIMIT}) at N = {big_n}",
                report.max_rounding_error
            ),
        });
    }
    Ok(report)
}

/// Cost of one complex FFT, in nanoseconds per `N·log2 N` (rustfft, f64, measured on the
/// 2-core Zen 4 machine).
const NS_PER_FFT_UNIT: f64 = 0.3;
/// Cost of filling one text sample and multiply-accumulating one spectrum entry, in ns.
const NS_PER_FILL: f64 = 1.5;

/// Estimated nanoseconds of a correlation with `pairs` packed pairs (two symbols or two
/// real signals per pair), for cost-based planning.
pub fn correlation_cost_ns(n: usize, m: usize, pairs: usize) -> f64 {
    if pairs == 0 || m == 0 || m > n {
        return 0.0;
    }
    let big_n = choose_block_size(n, m, pairs);
    let blocks = (n - m + 1).div_ceil(big_n - m + 1) as f64;
    let nf = big_n as f64;
    blocks * ((pairs + 1) as f64 * nf * nf.log2().max(1.0) * NS_PER_FFT_UNIT
        + pairs as f64 * nf * NS_PER_FILL)
}

/// `[id = a] + sign·i·[id = b]`.
fn indicator(id: u32, a: u32, b: Option<u32>, sign: f64) -> Complex64 {
    Complex64::new(
        f64::from(u8::from(id == a)),
        sign * f64::from(u8::from(Some(id) == b)),
    )
}

/// The power-of-two FFT length that minimises the work per shift:
/// `(pairs + 1) · N·log2 N · ceil(shifts / (N - m + 1))`.
pub fn choose_block_size(n: usize, m: usize, pairs: usize) -> usize {
    let shifts = n - m + 1;
    let smallest = (2 * m).next_power_of_two().min(n.next_power_of_two()).max(m.next_power_of_two());
    let largest = n.next_power_of_two().max(smallest).min(smallest << 6);
    let cost = |big_n: usize| {
        let blocks = shifts.div_ceil(big_n - m + 1);
        (pairs + 1) as f64 * big_n as f64 * (big_n as f64).log2().max(1.0) * blocks as f64
    };
    let mut best = smallest;
    let mut big_n = smallest;
    while big_n <= largest {
        if cost(big_n) < cost(best) {
            best = big_n;
        }
        big_n *= 2;
    }
    best
}
