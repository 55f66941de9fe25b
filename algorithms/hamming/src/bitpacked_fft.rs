//! Bit-packed FFT (Kronecker substitution): several symbols per f64 correlation.
//!
//! # Idea
//! The CJVX abstract (Chan, Jin, Vassilevska Williams, Xu, FOCS 2023, arXiv 2310.13174)
//! names "bit-packed FFT" as one ingredient of its O(n·sqrt m) algorithm: on a Word-RAM,
//! outputs bounded by `t` can be packed Θ(log n / log t) per word. This module is the
//! practical f64 form of that idea (Kronecker substitution), **not** the paper's lemma (which was not
//! available): a group of `g` pattern symbols with codes `0..g` is encoded as digits of a
//! base `B = 2^b > m`,
//!
//! - text: `a_i = B^code(T[i])` (0 if `T[i]` is not in the group),
//! - pattern: `b_j = B^(g - 1 - code(P[j]))` (0 if `P[j]` is not in the group),
//!
//! so `Σ_j a_{s+j}·b_j = Σ_e count_e · B^e` where `count_e` is the number of positions with
//! `code(T) - code(P) = e - (g - 1)`. Every `count_e <= m < B`, so the digits never carry, and
//! digit `g - 1` is exactly the number of matches of the group's symbols at shift `s`. One
//! real correlation thus serves `g` symbols, and two groups share one complex FFT (text
//! spectra separated by conjugate symmetry), so a block costs `ceil(groups / 2)` forward and
//! as many inverse complex FFTs (per-symbol FFT: `ceil(σ/2)` forward + 1 inverse).
//!
//! # Exactness limit
//! Digits are read by rounding the f64 output to an integer and then shifting and masking
//! it, so the whole output must be an exact integer after rounding. With `b = ⌈log2(m+1)⌉`
//! (so `B = 2^b > m`) and FFT length `N = 2^L`, this module requires
//!
//! **`(2g - 1)·b + L + SAFETY_BITS <= 52`**, with [`SAFETY_BITS`] `= 6`.
//!
//! Why this suffices (reasoning, not checked against a reference): outputs are below
//! `B^(2g-1) <= 2^(46 - L)`, so they are integers exactly representable in f64. The forward error of an FFT-based convolution is at most
//! about `c·ε·L·‖a‖₂·‖b‖₂` with `ε = 2^-53` and `c ≈ 12` for radix-2-like FFTs with accurate
//! twiddles (Percival-type bound; rustfft's mixed-radix kernels are assumed to behave alike).
//! Here `‖a‖₂ <= sqrt(N)·B^(g-1)` (text block) and `‖b‖₂ <= sqrt(m)·B^(g-1)` (pattern), and
//! two groups share one transform (another factor `sqrt 2`). Under the limit,
//! `B^(2g-2)·sqrt(N·m) <= 2^(46 - (b + L)/2)`, so the error bound is at most
//! `12·sqrt2·L·2^(-7 - (b+L)/2) < 0.11` for every `L >= 1`, `b >= 1`: safely below the
//! 0.25 rounding tolerance. The code does not rely on this estimate alone: it measures the
//! largest distance of any output from its integer and fails with
//! [`Error::PrecisionExceeded`] if it reaches 0.25. Measured at the limit (m = 1024, N = 8192,
//! g = 2; m = 127, N = 2048, g = 3; m = 7, N = 128, g = 7): at most 5e-7, so the margin is
//! generous; the next group size is always far outside f64 (e.g. g = 3 at m = 1024 needs
//! 68 bits).
//!
//! Consequences: at m = 1024 (`b = 11`) groups of `g = 2` fit for `N <= 8192` and only `g = 1`
//! beyond; `g = 3` needs `b <= 7` (m <= 127) at small `N`. Even `g = 1` fails when
//! `b + L > 46`, e.g. `m >= 2^23` (then `N >= 2^23`): such inputs are rejected with
//! [`Error::PrecisionExceeded`] before any work is done. So f64 packing only pays for small alphabets and short patterns; an exact NTT or multi-prime
//! CRT would lift the limit (not implemented).
//!
//! # Complexity
//! Time O(⌈σ/g⌉·n·log m) for `σ` distinct pattern symbols; memory O(n + ⌈σ/g⌉·N) (pattern
//! spectra are processed in chunks of at most 256 MiB).
//!
//! # Measured
//! n = 2^20, m = 2^10, single thread, development machine (2-core AMD EPYC Zen 5, KVM):
//! DNA (σ = 4, g = 2, one pair of groups, N = 8192) 13.6 ms, against 23.5 ms for
//! [`crate::fft::hamming_fft`] on the same machine at the same time; uniform σ = 16 58 ms
//! (fft: 46 ms). Since then `hamming_fft`'s engine was reworked (table fills, shared inverse
//! FFTs, branch-free rounding) and takes 11–12 ms on DNA, while this module (its own loop,
//! not reworked) still takes 14–15 ms: it no longer wins on DNA. Large alphabets are
//! hopeless (σ ≈ 1000: seconds), as expected: only `g <= 2` fits at m = 1024.

use std::hash::Hash;

use rustfft::FftPlanner;
use rustfft::num_complex::Complex64;

use crate::alphabet::Alphabet;
use crate::error::{Error, check_lengths};
use crate::fft::{ROUNDING_LIMIT, check_pattern_fits_u32};

/// Bits of the f64 significand available to an exact integer result (52 stored bits).
pub const MANTISSA_BITS: u32 = 52;

/// Safety margin, in bits, between the worst-case output size plus FFT length and
/// [`MANTISSA_BITS`] (see the module docs for the derivation).
pub const SAFETY_BITS: u32 = 6;

/// Memory budget for the pattern spectra of one chunk of groups.
const SPECTRA_BUDGET_BYTES: usize = 256 << 20;

/// Options for [`hamming_bitpacked_fft_with`]; `None` lets the code choose.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BitpackedParams {
    /// FFT length `N`: a power of two `>= m`.
    pub block_size: Option<usize>,
    /// Symbols per group `g >= 1`; must satisfy [`check_precision`].
    pub group_size: Option<usize>,
}

/// What a bit-packed FFT run did.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct BitpackedReport {
    /// FFT length `N`.
    pub block_size: usize,
    /// Symbols per group `g`.
    pub group_size: usize,
    /// Number of groups, `ceil(σ / g)`.
    pub groups: usize,
    /// `b = log2 B`, the bits per digit.
    pub digit_bits: u32,
    /// `(2g - 1)·b + log2 N`, to be compared with `MANTISSA_BITS - SAFETY_BITS`.
    pub precision_bits: u32,
    /// Number of complex FFTs run, forward and inverse.
    pub transforms: usize,
    /// Largest `|v - round(v)|` over every output before rounding.
    pub max_rounding_error: f64,
}

/// `b = ⌈log2(m + 1)⌉`: the smallest power of two `B = 2^b` with `B > m`.
///
/// # Example
/// ```
/// use hamming::bitpacked_fft::digit_bits;
/// assert_eq!(digit_bits(1), 1);
/// assert_eq!(digit_bits(1023), 10);
/// assert_eq!(digit_bits(1024), 11);
/// ```
pub fn digit_bits(m: usize) -> u32 {
    usize::BITS - m.leading_zeros()
}

/// `(2g - 1)·b + log2 N` for pattern length `m`, FFT length `block_size` (a power of two) and
/// group size `g >= 1` (saturating).
///
/// # Example
/// ```
/// assert_eq!(hamming::bitpacked_fft::precision_bits(1024, 8192, 2), 3 * 11 + 13);
/// ```
pub fn precision_bits(m: usize, block_size: usize, group: usize) -> u32 {
    let g = u32::try_from(group.max(1)).unwrap_or(u32::MAX);
    (2 * u64::from(g) - 1)
        .saturating_mul(u64::from(digit_bits(m)))
        .saturating_add(u64::from(block_size.max(1).ilog2()))
        .try_into()
        .unwrap_or(u32::MAX)
}

/// Checks the exactness limit `(2g - 1)·b + log2 N + SAFETY_BITS <= 52`.
///
/// # Errors
/// [`Error::PrecisionExceeded`] when the limit is violated, [`Error::Unsupported`] when
/// `block_size` is not a power of two at least `m` or `group == 0`.
///
/// # Example
/// ```
/// use hamming::bitpacked_fft::check_precision;
/// assert!(check_precision(1024, 8192, 2).is_ok());
/// assert!(check_precision(1024, 8192, 3).is_err());
/// assert!(check_precision(1024, 16384, 2).is_err());
/// ```
pub fn check_precision(m: usize, block_size: usize, group: usize) -> Result<(), Error> {
    if !block_size.is_power_of_two() || block_size < m || group == 0 {
        return Err(Error::Unsupported {
            reason: format!(
                "bit-packed FFT needs a power-of-two block size >= m and a group size >= 1 \
                 (m = {m}, block size {block_size}, group size {group})"
            ),
        });
    }
    let bits = precision_bits(m, block_size, group);
    if bits.saturating_add(SAFETY_BITS) > MANTISSA_BITS {
        return Err(Error::PrecisionExceeded {
            what: format!(
                "bit-packed FFT with m = {m} (digit bits {}), N = {block_size}, group size \
                 {group} needs {bits} + {SAFETY_BITS} bits > {MANTISSA_BITS}",
                digit_bits(m)
            ),
        });
    }
    Ok(())
}

/// The largest group size that passes [`check_precision`] for `m` and `block_size`, or 0 if
/// none does.
///
/// # Example
/// ```
/// use hamming::bitpacked_fft::max_group_size;
/// assert_eq!(max_group_size(1024, 8192), 2);
/// assert_eq!(max_group_size(1024, 16384), 1);
/// assert_eq!(max_group_size(7, 16), 7);
/// assert_eq!(max_group_size(1 << 23, 1 << 23), 0);
/// ```
pub fn max_group_size(m: usize, block_size: usize) -> usize {
    let budget = MANTISSA_BITS - SAFETY_BITS;
    let b = digit_bits(m);
    let l = block_size.max(1).ilog2();
    if b + l > budget {
        return 0;
    }
    // (2g - 1)·b <= budget - l.
    ((budget - l) / b).div_ceil(2) as usize
}

/// Hamming distances by bit-packed FFT correlations, with block and group sizes chosen to
/// minimise the number of transforms within the exactness limit.
///
/// Source: the f64 Kronecker-substitution form of the "bit-packed FFT" named in
/// Chan–Jin–Vassilevska Williams–Xu (FOCS 2023); see the [module docs](self).
///
/// # Complexity
/// O(⌈σ/g⌉·n·log m) time, O(n + ⌈σ/g⌉·N) memory.
///
/// # Guarantees
/// Exact (checked: every output is rounded only if it is within 0.25 of an integer) and
/// deterministic.
///
/// # Errors
/// [`Error::EmptyPattern`], [`Error::PatternLongerThanText`]; [`Error::Unsupported`] if
/// `m >= u32::MAX`; [`Error::PrecisionExceeded`] if no block size admits even one symbol
/// per group (`m >= 2^23`), or if the measured rounding error reaches 0.25 (never observed).
///
/// # Example
/// ```
/// use hamming::bitpacked_fft::hamming_bitpacked_fft;
/// let d = hamming_bitpacked_fft(b"ACGTACGTTT", b"ACGT").unwrap();
/// assert_eq!(d, vec![0, 4, 4, 4, 0, 3, 3]);
/// ```
pub fn hamming_bitpacked_fft<S: Copy + Eq + Hash>(t: &[S], p: &[S]) -> Result<Vec<u32>, Error> {
    hamming_bitpacked_fft_with(t, p, &BitpackedParams::default()).map(|(d, _)| d)
}

/// [`hamming_bitpacked_fft`] with explicit block and group sizes, also returning a report.
///
/// # Complexity
/// As [`hamming_bitpacked_fft`] for the chosen sizes.
///
/// # Errors
/// As [`hamming_bitpacked_fft`], plus [`Error::PrecisionExceeded`] when the requested sizes
/// violate [`check_precision`] and [`Error::Unsupported`] when the block size is not a power
/// of two `>= m` or the group size is 0.
///
/// # Example
/// ```
/// use hamming::Error;
/// use hamming::bitpacked_fft::{BitpackedParams, hamming_bitpacked_fft_with};
/// let t = b"ACGTACGTTT";
/// let params = BitpackedParams { block_size: Some(8), group_size: Some(4) };
/// let (d, report) = hamming_bitpacked_fft_with(t, b"ACGT", &params).unwrap();
/// assert_eq!(d, vec![0, 4, 4, 4, 0, 3, 3]);
/// assert_eq!(report.groups, 1);
/// // m = 1024 allows at most 2 symbols per group.
/// let too_many = BitpackedParams { block_size: Some(2048), group_size: Some(3) };
/// let (t, p) = (vec![0u8; 4096], vec![0u8; 1024]);
/// assert!(matches!(
///     hamming_bitpacked_fft_with(&t, &p, &too_many),
///     Err(Error::PrecisionExceeded { .. })
/// ));
/// ```
pub fn hamming_bitpacked_fft_with<S: Copy + Eq + Hash>(
    t: &[S],
    p: &[S],
    params: &BitpackedParams,
) -> Result<(Vec<u32>, BitpackedReport), Error> {
    check_lengths(t.len(), p.len())?;
    check_pattern_fits_u32(p.len())?;
    let (n, m) = (t.len(), p.len());
    // Validate the requested sizes (or that some size exists) before any work.
    match (params.block_size, params.group_size) {
        (Some(big_n), Some(g)) => check_precision(m, big_n, g)?,
        (Some(big_n), None) => check_precision(m, big_n, 1)?,
        (None, g) => {
            let smallest = m.next_power_of_two();
            check_precision(m, smallest, g.unwrap_or(1))?;
        }
    }
    let (alphabet, pids) = Alphabet::of_pattern(p);
    let d = alphabet.len();
    let (big_n, g) = choose_sizes(n, m, d, params);
    let tids = alphabet.encode_text(t);
    let mut matches = vec![0u32; n - m + 1];
    let mut report = correlate_groups(&tids, &pids, d, big_n, g, &mut matches)?;
    report.digit_bits = digit_bits(m);
    report.precision_bits = precision_bits(m, big_n, g);
    let m32 = m as u32;
    for v in &mut matches {
        *v = m32 - *v;
    }
    Ok((matches, report))
}

/// Picks `(N, g)`: the requested values, or the power-of-two `N` (with the largest admissible
/// `g <= d`) that minimises `blocks · 2·ceil(groups / 2) · N·log2 N`.
fn choose_sizes(n: usize, m: usize, d: usize, params: &BitpackedParams) -> (usize, usize) {
    let shifts = n - m + 1;
    let group_for = |big_n: usize| {
        params
            .group_size
            .unwrap_or_else(|| max_group_size(m, big_n).min(d))
    };
    if let Some(big_n) = params.block_size {
        return (big_n, group_for(big_n));
    }
    let smallest = m.next_power_of_two();
    let largest = n.next_power_of_two().max(smallest).min(smallest << 6);
    let mut best = (smallest, group_for(smallest), f64::INFINITY);
    let mut big_n = smallest;
    while big_n <= largest {
        let g = group_for(big_n);
        if g >= 1 && check_precision(m, big_n, g).is_ok() {
            let groups = d.div_ceil(g);
            let blocks = shifts.div_ceil(big_n - m + 1);
            let transforms = 2 * groups.div_ceil(2) * blocks;
            let cost = transforms as f64 * big_n as f64 * (big_n as f64).log2().max(1.0);
            if cost < best.2 {
                best = (big_n, g, cost);
            }
        }
        big_n *= 2;
    }
    (best.0, best.1)
}

/// Adds to `acc[s]` the number of matches of every pattern id at shift `s`, with groups of
/// `g` ids packed into one correlation of length `big_n`. The caller has checked the limit.
fn correlate_groups(
    tids: &[u32],
    pids: &[u32],
    d: usize,
    big_n: usize,
    g: usize,
    acc: &mut [u32],
) -> Result<BitpackedReport, Error> {
    let (n, m) = (tids.len(), pids.len());
    let shifts = n - m + 1;
    let step = big_n - m + 1;
    let b = digit_bits(m);
    let digit_shift = b * (g as u32 - 1);
    let digit_mask = (1u64 << b) - 1;
    let groups = d.div_ceil(g);
    let mut report = BitpackedReport {
        block_size: big_n,
        group_size: g,
        groups,
        ..BitpackedReport::default()
    };
    let mut planner = FftPlanner::<f64>::new();
    let forward = planner.plan_fft_forward(big_n);
    let inverse = planner.plan_fft_inverse(big_n);
    let mut scratch = vec![
        Complex64::default();
        forward
            .get_inplace_scratch_len()
            .max(inverse.get_inplace_scratch_len())
    ];
    // value(id, group) = B^code for the text, B^(g - 1 - code) for the pattern; 0 outside.
    let base = f64::from(1u32 << b);
    let powers: Vec<f64> = (0..g).map(|e| base.powi(e as i32)).collect();
    let text_value = |group: usize, id: u32| -> f64 {
        let id = id as usize;
        if id >= group * g && id < (group + 1) * g && id < d {
            powers[id - group * g]
        } else {
            0.0
        }
    };
    let pattern_value = |group: usize, id: u32| -> f64 {
        let id = id as usize;
        if id >= group * g && id < (group + 1) * g {
            powers[g - 1 - (id - group * g)]
        } else {
            0.0
        }
    };
    // Pairs of groups share one complex FFT on the text side.
    let pairs: Vec<(usize, Option<usize>)> = (0..groups)
        .step_by(2)
        .map(|k| (k, (k + 1 < groups).then_some(k + 1)))
        .collect();
    let chunk_len = (SPECTRA_BUDGET_BYTES / (2 * big_n * 16)).max(1);
    let mut block = vec![Complex64::default(); big_n];
    let scale = 1.0 / big_n as f64;
    let mut max_err = 0.0f64;
    for chunk in pairs.chunks(chunk_len) {
        // Pattern spectra of each group (real inputs, one complex FFT each) and the text
        // value tables of each pair, indexed by min(id, d) (index d: absent symbols).
        let mut spectra = Vec::with_capacity(chunk.len());
        let mut tables = Vec::with_capacity(chunk.len());
        for &(g1, g2) in chunk {
            let spectrum = |group: usize, scratch: &mut [Complex64]| {
                let mut y = vec![Complex64::default(); big_n];
                for (r, &id) in pids.iter().rev().enumerate() {
                    y[r] = Complex64::new(pattern_value(group, id), 0.0);
                }
                forward.process_with_scratch(&mut y, scratch);
                y
            };
            let y1 = spectrum(g1, &mut scratch);
            let y2 = g2.map(|k| spectrum(k, &mut scratch));
            report.transforms += 1 + usize::from(y2.is_some());
            spectra.push((y1, y2));
            let table: Vec<Complex64> = (0..=d as u32)
                .map(|id| Complex64::new(text_value(g1, id), g2.map_or(0.0, |k| text_value(k, id))))
                .collect();
            tables.push(table);
        }
        for start in (0..shifts).step_by(step) {
            let end = (start + step).min(shifts);
            let text = &tids[start..(start + big_n).min(n)];
            for ((y1, y2), table) in spectra.iter().zip(&tables) {
                for (slot, &id) in block.iter_mut().zip(text) {
                    *slot = table[(id as usize).min(d)];
                }
                block[text.len()..].fill(Complex64::default());
                forward.process_with_scratch(&mut block, &mut scratch);
                combine(&mut block, y1, y2.as_deref());
                inverse.process_with_scratch(&mut block, &mut scratch);
                report.transforms += 2;
                for (out, z) in acc[start..end].iter_mut().zip(&block[m - 1..]) {
                    for (v, present) in [(z.re, true), (z.im, y2.is_some())] {
                        if !present {
                            continue;
                        }
                        let v = v * scale;
                        // Outputs are >= -0.25 and < 2^53, so `v + 0.5` truncates to the
                        // nearest integer.
                        let r = (v + 0.5).max(0.0) as u64;
                        max_err = max_err.max((v - r as f64).abs());
                        *out += ((r >> digit_shift) & digit_mask) as u32;
                    }
                }
            }
        }
    }
    report.max_rounding_error = max_err;
    if max_err >= ROUNDING_LIMIT || max_err.is_nan() {
        return Err(Error::PrecisionExceeded {
            what: format!(
                "bit-packed FFT output {max_err} away from an integer (limit {ROUNDING_LIMIT}) \
                 at N = {big_n}, g = {g}"
            ),
        });
    }
    Ok(report)
}

/// Given `X = FFT(a1 + i·a2)` in `block` and the pattern spectra `Y1`, `Y2`, writes
/// `A1·Y1 + i·A2·Y2` into `block`, where `A1`, `A2` are the spectra of the real sequences
/// `a1`, `a2` (`A1[k] = (X[k] + conj X[-k]) / 2`, `A2[k] = (X[k] - conj X[-k]) / (2i)`).
/// Its inverse FFT is `c1 + i·c2` with the two real correlations `c1`, `c2`.
fn combine(block: &mut [Complex64], y1: &[Complex64], y2: Option<&[Complex64]>) {
    let big_n = block.len();
    let Some(y2) = y2 else {
        // a2 = 0, so X = A1.
        for (x, y) in block.iter_mut().zip(y1) {
            *x *= y;
        }
        return;
    };
    // Pairs (k, N - k) are updated together; k = 0 and k = N/2 are their own mirrors.
    let half = big_n / 2;
    for k in 0..=half {
        let j = (big_n - k) % big_n;
        let (xk, xj) = (block[k], block[j]);
        let a1k = (xk + xj.conj()) * 0.5;
        let a2k = (xk - xj.conj()) * Complex64::new(0.0, -0.5);
        let a1j = (xj + xk.conj()) * 0.5;
        let a2j = (xj - xk.conj()) * Complex64::new(0.0, -0.5);
        let i = Complex64::new(0.0, 1.0);
        block[k] = a1k * y1[k] + i * a2k * y2[k];
        block[j] = a1j * y1[j] + i * a2j * y2[j];
    }
}
