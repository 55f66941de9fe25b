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
//!   symbols' correlations. Pattern spectra are computed once. A text block is filled from a
//!   per-pair table indexed by id (no per-position branching).
//! - By linearity the products of all pairs are summed in the frequency domain. Only the
//!   real part of the inverse is needed, so two consecutive blocks share **one** inverse FFT
//!   (the Hermitian parts of their spectra, packed as real and imaginary part), done by the
//!   forward plan on conjugated data: one FFT plan per call.
//! - Outputs are rounded with the branch-free `1.5·2^52` trick (no libm call).
//! - `N` minimises a measured cost model (see [`choose_block_size`]); per block, `pairs`
//!   forward FFTs, half an inverse, and one table fill and multiply-accumulate per pair.
//!
//! # Measured
//! n = 2^20, m = 2^10, DNA (two pairs, N = 8192), single thread, development machine
//! (2-core AMD EPYC Zen 5, KVM, noisy): [`hamming_fft`] 11–12 ms, of which about 5 ms are
//! rustfft transforms (an earlier version took 22–24 ms, about 3.5× its transform time). At
//! m = 2^16 (N = 2^17): 31–35 ms (earlier: 110–125 ms with N = 2^20, whose plan and cache
//! misses the earlier block-size rule ignored).
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

use rustfft::FftPlanner;
use rustfft::num_complex::Complex64;

use crate::alphabet::Alphabet;
use crate::error::{Error, check_lengths};

/// Largest tolerated distance of a convolution output from the nearest integer.
pub const ROUNDING_LIMIT: f64 = 0.25;

/// Cache budget for the pattern spectra (and text tables) of one group of pairs. Every text
/// block streams all of its group's spectra through the multiply-accumulate, so a group
/// whose spectra stay in the last-level cache (32 MiB on the development machine, shared)
/// avoids memory stalls; each further group costs half an inverse FFT per block and one more
/// rounding pass. Measured with 188 pairs at N = 8192 (24 MiB of spectra): 0.96 s in one
/// group, 0.69 s in groups of at most 8 MiB.
const CACHE_BUDGET_BYTES: usize = 8 << 20;

/// Memory budget for one group when a single pair already exceeds [`CACHE_BUDGET_BYTES`]
/// (grouping then gains nothing, so groups are as large as memory allows).
const SPECTRA_BUDGET_BYTES: usize = 256 << 20;

/// Pairs per group for `per_pair` bytes of spectrum and table per pair.
fn group_len(per_pair: usize) -> usize {
    let budget = if per_pair <= CACHE_BUDGET_BYTES {
        CACHE_BUDGET_BYTES
    } else {
        SPECTRA_BUDGET_BYTES
    };
    (budget / per_pair.max(1)).max(1)
}

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
            reason: format!(
                "accumulator has {} entries, expected {}",
                acc.len(),
                n - m + 1
            ),
        });
    }
    let pairs: Vec<(u32, Option<u32>)> = symbols
        .chunks(2)
        .map(|c| (c[0], c.get(1).copied()))
        .collect();
    // Every text id above the largest symbol (NONE included) matches nothing, like the
    // first id past it.
    let classes = symbols.iter().max().map_or(1, |&s| s as usize + 2);
    correlate_pairs(
        tids,
        pids,
        pairs.len(),
        classes,
        |pr, id| indicator(id, pairs[pr].0, pairs[pr].1, 1.0),
        |pr, id| indicator(id, pairs[pr].0, pairs[pr].1, -1.0),
        |start, values| {
            // Every value is a count in [0, m] when the rounding check passes (and `acc` is
            // unspecified when it fails), so the wrapping add is exact.
            for (a, &v) in acc[start..].iter_mut().zip(values) {
                *a = a.wrapping_add(v as u32);
            }
        },
    )
}

/// The [`FftReport`] that [`correlate_pairs`] returns for `pairs` pairs and `classes` text
/// classes on a text of length `n` and a pattern of length `m` (`1 <= m <= n`), without
/// running it: block size, block count and transform count are fixed by the sizes alone
/// (`max_rounding_error` is left at 0). Used by counting passes.
pub(crate) fn predicted_report(n: usize, m: usize, pairs: usize, classes: usize) -> FftReport {
    if pairs == 0 {
        return FftReport::default();
    }
    let big_n = choose_block_size(n, m, pairs);
    let blocks = (n - m + 1).div_ceil(big_n - m + 1);
    let tabulate = classes.max(1) <= 4 * big_n;
    let per_pair = (big_n + if tabulate { classes.max(1) } else { 0 }) * size_of::<Complex64>();
    let groups = pairs.div_ceil(group_len(per_pair));
    FftReport {
        block_size: big_n,
        blocks,
        transforms: pairs * (1 + blocks) + groups * blocks.div_ceil(2),
        max_rounding_error: 0.0,
    }
}

/// The correlation engine: for every shift `i in 0..=n-m`, computes
/// `Σ_pr Re Σ_j text(pr, tc[i + j]) · pattern(pr, pc[j])`, rounds it to the nearest integer
/// and hands the values of consecutive shifts to `emit(first_shift, values)`. With several
/// groups of pairs (see below) every shift receives one partial value per group, which the
/// caller adds up.
///
/// Each "pair" `pr` packs two real correlations into one complex FFT: with
/// `text = a1 + i·a2` and `pattern = b1 - i·b2`, the real part of the correlation is
/// `a1⋆b1 + a2⋆b2`. The caller guarantees the exact result is an integer of magnitude below
/// 2^51; the largest distance from one is measured and checked against [`ROUNDING_LIMIT`].
///
/// Text ids are clamped to `classes - 1` (`classes >= 1`): every id from `classes - 1` up
/// must have the same `text` values. `text` is only called with ids below `classes`, and
/// `pattern` with ids of `pc`.
///
/// # How
/// - `text` is tabulated per pair (`classes` entries), so filling a text block is one
///   lookup per position; when `classes > 4·N` it is called for every position instead.
/// - Per text block, each pair's block is transformed and multiplied into the accumulated
///   spectrum `S_b`. Only `Re(IFFT(S_b))` is wanted, whose spectrum is the Hermitian part
///   `(S_b[k] + conj S_b[-k]) / 2`; two consecutive blocks share one inverse FFT as
///   `H_b + i·H_{b+1}`, so a block costs `pairs + 1/2` transforms. The inverse FFT is the
///   forward one applied to the conjugate, so only one plan is built.
/// - Pairs are processed in groups whose spectra and tables fit [`CACHE_BUDGET_BYTES`];
///   each group runs over all blocks and emits its own (integer) partial sums.
///
/// # Errors
/// [`Error::PrecisionExceeded`] when the rounding check fails or an output is not finite
/// or not below 2^51 in magnitude.
pub(crate) fn correlate_pairs<FT, FP, FE>(
    tc: &[u32],
    pc: &[u32],
    pairs: usize,
    classes: usize,
    text: FT,
    pattern: FP,
    mut emit: FE,
) -> Result<FftReport, Error>
where
    FT: Fn(usize, u32) -> Complex64,
    FP: Fn(usize, u32) -> Complex64,
    FE: FnMut(usize, &[i64]),
{
    let (n, m) = (tc.len(), pc.len());
    let mut report = FftReport::default();
    if pairs == 0 {
        return Ok(report);
    }
    let classes = classes.max(1);
    let last = u32::try_from(classes - 1).unwrap_or(u32::MAX);
    let big_n = choose_block_size(n, m, pairs);
    let step = big_n - m + 1;
    let shifts = n - m + 1;
    // One plan (its twiddles cost about as much as a few transforms): the inverse transform
    // is done by the forward one on conjugated data.
    let forward = FftPlanner::<f64>::new().plan_fft_forward(big_n);
    let mut scratch = vec![Complex64::default(); forward.get_inplace_scratch_len()];
    let tabulate = classes <= 4 * big_n;
    let per_pair = (big_n + if tabulate { classes } else { 0 }) * size_of::<Complex64>();
    let group_len = group_len(per_pair);
    let mut block = vec![Complex64::default(); big_n];
    let mut sums = [
        vec![Complex64::default(); big_n],
        vec![Complex64::default(); big_n],
    ];
    let mut values = vec![0i64; step];
    let starts: Vec<usize> = (0..shifts).step_by(step).collect();
    report.block_size = big_n;
    report.blocks = starts.len();
    let mut max_err = 0.0f64;
    let mut in_range = true;

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
        let tables: Vec<Vec<Complex64>> = if tabulate {
            group
                .clone()
                .map(|pr| (0..=last).map(|c| text(pr, c)).collect())
                .collect()
        } else {
            Vec::new()
        };
        report.transforms += group.len();
        for two in starts.chunks(2) {
            for (&start, sum) in two.iter().zip(sums.iter_mut()) {
                let text_block = &tc[start..(start + big_n).min(n)];
                for (k, (pr, spectrum)) in group.clone().zip(&spectra).enumerate() {
                    match tables.get(k) {
                        Some(table) => fill_from_table(&mut block, text_block, table),
                        None => {
                            for (slot, &c) in block.iter_mut().zip(text_block) {
                                *slot = text(pr, c.min(last));
                            }
                        }
                    }
                    block[text_block.len()..].fill(Complex64::default());
                    forward.process_with_scratch(&mut block, &mut scratch);
                    multiply_accumulate(sum, &block, spectrum, k == 0);
                }
                report.transforms += group.len();
            }
            let [s0, s1] = &mut sums;
            pack_real_parts(s0, (two.len() == 2).then_some(&s1[..]));
            // FFT(conj W) = conj(IFFT(W))·N = 2N·(c_b - i·c_{b+1}).
            forward.process_with_scratch(s0, &mut scratch);
            report.transforms += 1;
            for (part, &start) in two.iter().enumerate() {
                let len = (start + step).min(shifts) - start;
                let out = &mut values[..len];
                let scale = if part == 0 { 0.5 } else { -0.5 } / big_n as f64;
                let (err, ok) = round_into(out, &s0[m - 1..m - 1 + len], part == 1, scale);
                max_err = max_err.max(err);
                in_range &= ok;
                emit(start, out);
            }
        }
    }
    report.max_rounding_error = max_err;
    if !in_range {
        return Err(Error::PrecisionExceeded {
            what: format!("FFT output not finite or not below 2^51 in magnitude at N = {big_n}"),
        });
    }
    if max_err >= ROUNDING_LIMIT || max_err.is_nan() {
        return Err(Error::PrecisionExceeded {
            what: format!(
                "FFT output {max_err} away from an integer (limit {ROUNDING_LIMIT}) at N = {big_n}"
            ),
        });
    }
    Ok(report)
}

/// `block[k] = table[min(ids[k], table.len() - 1)]` for the first `ids.len()` slots.
#[inline(never)]
fn fill_from_table(block: &mut [Complex64], ids: &[u32], table: &[Complex64]) {
    let last = table.len() - 1;
    for (slot, &c) in block.iter_mut().zip(ids) {
        *slot = table[(c as usize).min(last)];
    }
}

/// `sum = x·y` (when `first`) or `sum += x·y`, elementwise.
#[inline(never)]
fn multiply_accumulate(sum: &mut [Complex64], x: &[Complex64], y: &[Complex64], first: bool) {
    if first {
        for ((s, x), y) in sum.iter_mut().zip(x).zip(y) {
            *s = x * y;
        }
    } else {
        for ((s, x), y) in sum.iter_mut().zip(x).zip(y) {
            *s += x * y;
        }
    }
}

/// Given the spectra `S0` (in `s0`) and `S1` (`None`: zero) of two complex sequences, writes
/// into `s0` the conjugate of `W = 2·(H0 + i·H1)`, where `H_b[k] = (S_b[k] + conj S_b[-k]) / 2`
/// is the spectrum of `c_b = Re(IFFT(S_b))`. So the forward FFT of the result is
/// `conj(N·IFFT(W)) = 2N·(c_0 - i·c_1)`.
#[inline(never)]
fn pack_real_parts(s0: &mut [Complex64], s1: Option<&[Complex64]>) {
    let len = s0.len();
    // With `h_b = S_b[k] + conj S_b[j]` (j = -k mod N): `W[k] = h_0 + i·h_1` and
    // `W[j] = conj h_0 + i·conj h_1`. k = 0 and k = N/2 are their own mirrors.
    let mut pack = |k: usize, j: usize| {
        let h0 = s0[k] + s0[j].conj();
        let h1 = s1.map_or(Complex64::default(), |s1| s1[k] + s1[j].conj());
        s0[k] = Complex64::new(h0.re - h1.im, -(h0.im + h1.re));
        s0[j] = Complex64::new(h0.re + h1.im, h0.im - h1.re);
    };
    pack(0, 0);
    for k in 1..=len / 2 {
        pack(k, len - k);
    }
}

/// Rounds `scale · z` (the real parts, or the imaginary parts if `imag`) into `out`; returns
/// the largest rounding distance and whether every value was finite and below 2^51 in
/// magnitude (the range where [`round_magic`] is exact).
#[inline(never)]
fn round_into(out: &mut [i64], z: &[Complex64], imag: bool, scale: f64) -> (f64, bool) {
    // Four independent lanes, so that the running maxima do not form one long dependency
    // chain.
    let mut max_err = [0.0f64; 4];
    let mut in_range = [true; 4];
    let mut step = |o: &mut i64, z: &Complex64, lane: usize| {
        let v = if imag { z.im } else { z.re } * scale;
        let (r, err) = round_magic(v);
        max_err[lane] = if err > max_err[lane] {
            err
        } else {
            max_err[lane]
        };
        in_range[lane] &= v.abs() < ROUND_MAGIC_RANGE;
        *o = r;
    };
    let mut outs = out.chunks_exact_mut(4);
    let mut zs = z.chunks_exact(4);
    for (o4, z4) in (&mut outs).zip(&mut zs) {
        for lane in 0..4 {
            step(&mut o4[lane], &z4[lane], lane);
        }
    }
    for (o, z) in outs.into_remainder().iter_mut().zip(zs.remainder()) {
        step(o, z, 0);
    }
    let err = max_err
        .iter()
        .fold(0.0f64, |a, &b| if b > a { b } else { a });
    (err, in_range.iter().all(|&ok| ok))
}

/// `1.5·2^52`: adding it to an f64 `v` with `|v| < 2^51` leaves `round(v) + 1.5·2^52` (ties
/// to even) with a fixed exponent, so the low bits of the sum are the rounded integer.
const ROUND_MAGIC: f64 = 6_755_399_441_055_744.0;

/// The magnitude below which [`round_magic`] is exact: 2^51.
const ROUND_MAGIC_RANGE: f64 = 2_251_799_813_685_248.0;

/// `(round(v), |v - round(v)|)` without a libm call or a branch, for `|v| < 2^51` (ties go
/// to even, which never matters here: outputs more than [`ROUNDING_LIMIT`] away from an
/// integer are rejected). Correct for negative `v`: the sum stays in `[2^52, 2^53)`, where
/// consecutive f64 values are 1 apart, so its bits minus those of the constant are the
/// integer.
#[inline(always)]
fn round_magic(v: f64) -> (i64, f64) {
    let t = v + ROUND_MAGIC;
    let r = (t.to_bits() as i64).wrapping_sub(ROUND_MAGIC.to_bits() as i64);
    (r, (v - (t - ROUND_MAGIC)).abs())
}

// Planning constants, in nanoseconds, measured on the development machine (2-core AMD EPYC
// Zen 5 under KVM, single thread, rustfft 6.4 with its AVX code paths) by timing
// `add_symbol_matches` at n ∈ {2^18, 2^20}, m from 16 to 2^16, 1 to 16 pairs and every
// candidate `N`, and fitting `block_cost_ns` (weighted least squares, 12% rms relative error;
// the `N` it picks was on average 1.7% slower than the best measured one).

/// One complex FFT, per `N·log2 N`, for `N <= LARGE_FFT`.
const NS_PER_FFT_UNIT: f64 = 0.17;
/// One complex FFT, per `N·log2 N`, for `N > LARGE_FFT` (the working set leaves the
/// caches: rustfft alone goes from 0.14–0.16 ns at 2^13–2^18 to 0.26–0.35 ns at 2^19–2^22).
const NS_PER_FFT_UNIT_LARGE: f64 = 0.30;
/// FFT lengths above this pay [`NS_PER_FFT_UNIT_LARGE`].
const LARGE_FFT: usize = 1 << 17;
/// Filling one text-block entry from its table and multiply-accumulating one spectrum entry
/// (per pair, per block, per entry).
const NS_PER_FILL: f64 = 0.85;
/// Once per entry of `N`: the FFT plan's twiddles (about 15 ns) and first touching the
/// buffers (page faults).
const NS_PER_POINT: f64 = 45.0;
/// Rounding one output and handing it to the caller.
const NS_PER_SHIFT: f64 = 0.7;

/// Estimated nanoseconds of a correlation with `pairs` packed pairs (two symbols or two
/// real signals per pair), for cost-based planning: the model's cost (see
/// [`choose_block_size`]) at the `N` it picks.
///
/// # Example
/// ```
/// use hamming::fft::correlation_cost_ns;
/// assert_eq!(correlation_cost_ns(1 << 20, 1 << 10, 0), 0.0);
/// assert!(correlation_cost_ns(1 << 20, 1 << 10, 2) > correlation_cost_ns(1 << 20, 1 << 10, 1));
/// ```
pub fn correlation_cost_ns(n: usize, m: usize, pairs: usize) -> f64 {
    if pairs == 0 || m == 0 || m > n {
        return 0.0;
    }
    block_cost_ns(n, m, pairs, choose_block_size(n, m, pairs))
}

/// The model's nanoseconds for FFT length `big_n` (a power of two `>= m`):
///
/// `(blocks·(pairs + groups/2) + pairs)·N·log2 N·unit(N) + blocks·pairs·N·fill + N·point
/// + groups·shifts·shift`.
///
/// Per block, every pair costs one forward FFT and one fill-and-accumulate, and each group
/// of pairs (see [`CACHE_BUDGET_BYTES`]) half an inverse FFT (two blocks share one); the
/// `pairs` extra FFTs are the pattern spectra, and each group rounds every output once.
fn block_cost_ns(n: usize, m: usize, pairs: usize, big_n: usize) -> f64 {
    let shifts = n - m + 1;
    let blocks = shifts.div_ceil(big_n - m + 1) as f64;
    let groups = pairs.div_ceil(group_len(big_n * size_of::<Complex64>())) as f64;
    let nf = big_n as f64;
    let unit = if big_n > LARGE_FFT {
        NS_PER_FFT_UNIT_LARGE
    } else {
        NS_PER_FFT_UNIT
    };
    let pairs = pairs as f64;
    let transforms = blocks * (pairs + 0.5 * groups) + pairs;
    transforms * nf * nf.log2().max(1.0) * unit
        + blocks * pairs * nf * NS_PER_FILL
        + nf * NS_PER_POINT
        + groups * shifts as f64 * NS_PER_SHIFT
}

/// `[id = a] + sign·i·[id = b]`.
fn indicator(id: u32, a: u32, b: Option<u32>, sign: f64) -> Complex64 {
    Complex64::new(
        f64::from(u8::from(id == a)),
        sign * f64::from(u8::from(Some(id) == b)),
    )
}

/// The power-of-two FFT length `N` (from the smallest power of two `>= 2m`, capped at the
/// text's length, up to 64 times that) that minimises the planning model's cost: FFTs at a
/// per-`N·log2 N` rate that rises once `N` leaves the caches, one fill-and-accumulate per
/// pair and block, a per-entry setup cost, and rounding every output once per group of
/// pairs. At
/// n = 2^20 this picks `N` = 4m–16m for m <= 2^12 and 2m–4m for longer patterns.
///
/// Requires `1 <= m <= n`.
///
/// # Example
/// ```
/// use hamming::fft::choose_block_size;
/// assert_eq!(choose_block_size(1 << 20, 1 << 10, 2), 1 << 13);
/// assert_eq!(choose_block_size(1 << 22, 1 << 21, 1), 1 << 22);
/// ```
pub fn choose_block_size(n: usize, m: usize, pairs: usize) -> usize {
    let smallest = (2 * m)
        .next_power_of_two()
        .min(n.next_power_of_two())
        .max(m.next_power_of_two());
    let largest = n.next_power_of_two().max(smallest).min(smallest << 6);
    let cost = |big_n: usize| block_cost_ns(n, m, pairs.max(1), big_n);
    let mut best = (smallest, cost(smallest));
    let mut big_n = smallest;
    while big_n < largest {
        big_n *= 2;
        let c = cost(big_n);
        if c < best.1 {
            best = (big_n, c);
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_rounding_matches_round_away_from_ties() {
        let mut values = vec![0.0, -0.0, 0.2, -0.2, 0.49, -0.49, 0.51, -0.51, 1e-300];
        for k in [
            1i64,
            2,
            3,
            1000,
            -1,
            -2,
            -1000,
            1 << 40,
            -(1 << 40),
            (1 << 51) - 1,
        ] {
            for d in [-0.3, -0.1, 0.0, 0.1, 0.3] {
                values.push(k as f64 + d);
            }
        }
        for v in values {
            let (r, err) = round_magic(v);
            assert_eq!(r, v.round() as i64, "{v}");
            assert_eq!(err, (v - v.round()).abs(), "{v}");
        }
    }

    /// `Σ_pr Re Σ_j text(pr, tc[i + j]) · pattern(pr, pc[j])`, directly.
    fn direct(
        tc: &[u32],
        pc: &[u32],
        pairs: usize,
        text: impl Fn(usize, u32) -> Complex64,
        pattern: impl Fn(usize, u32) -> Complex64,
    ) -> Vec<i64> {
        (0..=tc.len() - pc.len())
            .map(|i| {
                let mut s = 0.0;
                for pr in 0..pairs {
                    for (j, &c) in pc.iter().enumerate() {
                        s += (text(pr, tc[i + j]) * pattern(pr, c)).re;
                    }
                }
                s.round() as i64
            })
            .collect()
    }

    #[test]
    fn signed_correlations_match_direct_sums_for_any_block_count() {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = |k: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 33) % k) as u32
        };
        // ±1 and 0 values that depend on (pair, id), like Karloff's projections.
        let sign = |pr: usize, c: u32, salt: u32| -> f64 {
            match (c.wrapping_mul(2654435761) ^ (pr as u32 * 97 + salt)) % 3 {
                0 => 0.0,
                1 => 1.0,
                _ => -1.0,
            }
        };
        let text = |pr: usize, c: u32| Complex64::new(sign(pr, c, 1), sign(pr, c, 2));
        let pattern = |pr: usize, c: u32| Complex64::new(sign(pr, c, 3), -sign(pr, c, 4));
        let mut parities = [false; 2];
        for (n, m, pairs, classes) in [
            (1usize, 1usize, 1usize, 3usize),
            (40, 7, 1, 5),
            (300, 17, 2, 9),
            (1000, 33, 3, 12),
            (1500, 100, 1, 6),
            (2048, 1024, 2, 4),
            (5000, 64, 5, 40),
        ] {
            let tc: Vec<u32> = (0..n).map(|_| next(classes as u64)).collect();
            let pc: Vec<u32> = (0..m).map(|_| next(classes as u64)).collect();
            let want = direct(&tc, &pc, pairs, text, pattern);
            let mut got = vec![i64::MIN; n - m + 1];
            let report = correlate_pairs(&tc, &pc, pairs, classes, text, pattern, |s, v| {
                got[s..s + v.len()].copy_from_slice(v)
            })
            .unwrap();
            assert_eq!(
                got, want,
                "n={n} m={m} pairs={pairs} blocks={}",
                report.blocks
            );
            assert!(report.max_rounding_error < 1e-6, "{report:?}");
            parities[report.blocks % 2] = true;
        }
        // Both the paired inverse FFT and the single one for an odd last block were run.
        assert_eq!(parities, [true, true]);
    }

    #[test]
    fn groups_of_pairs_add_up() {
        // 3000 pairs (each a spectrum and a 200-entry table) need several groups of
        // CACHE_BUDGET_BYTES.
        let (n, m, pairs, classes) = (300usize, 20usize, 3000usize, 200usize);
        let tc: Vec<u32> = (0..n as u32)
            .map(|i| i.wrapping_mul(2_654_435_761) % 200)
            .collect();
        let pc: Vec<u32> = (0..m as u32).map(|i| (i * 37 + 5) % 200).collect();
        let v = |pr: usize, c: u32, salt: usize| f64::from(((pr * 31 + salt) as u32 ^ c) % 3) - 1.0;
        let text = |pr: usize, c: u32| Complex64::new(v(pr, c, 1), v(pr, c, 2));
        let pattern = |pr: usize, c: u32| Complex64::new(v(pr, c, 3), -v(pr, c, 4));
        let want = direct(&tc, &pc, pairs, text, pattern);
        let mut got = vec![0i64; n - m + 1];
        let report = correlate_pairs(&tc, &pc, pairs, classes, text, pattern, |s, vals| {
            for (g, &x) in got[s..].iter_mut().zip(vals) {
                *g += x;
            }
        })
        .unwrap();
        assert_eq!(got, want);
        let one_group = pairs + report.blocks * pairs + report.blocks.div_ceil(2);
        assert!(report.transforms > one_group, "{report:?}");
    }

    #[test]
    fn ids_are_clamped_with_or_without_tables() {
        // Ids at and above `classes - 1` (NONE included) share the last id's values; with a
        // huge `classes` the text values are computed per position instead of tabulated.
        let tc = [0u32, 5, 1, crate::alphabet::NONE, 2, 7, 1, 0, 9, 1, 2];
        let pc = [1u32, 2, 0];
        let value = |c: u32| if c >= 2 { 3.0 } else { f64::from(c) };
        let text = |_: usize, c: u32| Complex64::new(value(c), 0.0);
        let pattern = |_: usize, c: u32| Complex64::new(f64::from(c) + 1.0, 0.0);
        let want = direct(&tc, &pc, 1, text, pattern);
        for classes in [3usize, 1 << 20] {
            let mut got = vec![0i64; tc.len() - pc.len() + 1];
            correlate_pairs(&tc, &pc, 1, classes, text, pattern, |s, v| {
                got[s..s + v.len()].copy_from_slice(v)
            })
            .unwrap();
            assert_eq!(got, want, "classes = {classes}");
        }
    }

    #[test]
    fn outputs_out_of_the_exact_range_are_rejected() {
        let tc = [0u32; 8];
        let pc = [0u32; 2];
        let huge = |_: usize, _: u32| Complex64::new(1e300, 0.0);
        let one = |_: usize, _: u32| Complex64::new(1.0, 0.0);
        let r = correlate_pairs(&tc, &pc, 1, 1, huge, one, |_, _| {});
        assert!(matches!(r, Err(Error::PrecisionExceeded { .. })), "{r:?}");
    }
}
