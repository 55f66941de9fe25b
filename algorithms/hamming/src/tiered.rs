//! Abrahamson's split with a third, middle-frequency tier: packed FFTs whose digit width is
//! sized from each group's own output bound.
//!
//! # Idea
//! Abrahamson (SICOMP 1987) handles a pattern symbol `c` (with `f_c` occurrences in P) either
//! by counting (`f_c·g_c` increments, `g_c` its text count) or by one FFT correlation. Chan,
//! Jin, Vassilevska Williams and Xu (FOCS 2023, arXiv 2310.13174) locate their gain over
//! Abrahamson's O(n·√(m log m)) in the symbols with `√m <= f_c <= √m·log2 m`: too frequent
//! to count cheaply, too many for one FFT each. Their abstract names a "bit-packed FFT" for
//! outputs bounded by a small `t`. This module applies that *idea* in f64 arithmetic; it is
//! **not** the paper's algorithm (position hashing modulo a random prime, the X+Y lemma and
//! the recursion are not implemented, because their description was not available), and
//! it has no O(n·√m) guarantee.
//!
//! # Tiers
//! With thresholds `τ_lo = ⌈√m⌉` and `τ_hi = ⌊√m·log2 m⌋` ([`TierThresholds`]):
//! - **light** (`f_c < τ_lo`): counted, through Abrahamson's light pass.
//! - **heavy** (`f_c > τ_hi`): one FFT correlation each, two per complex FFT
//!   ([`crate::fft::add_symbol_matches`]).
//! - **middle** (the rest): packed, several symbols per complex FFT, as below.
//!
//! # Packing with the group's own bound
//! The middle symbols, by increasing `f_c`, are cut into *groups*. A group of `s` symbols is
//! one call of the FFT engine with `P` pairs: pair `k` carries two halves of `g` symbols
//! each, a symbol with code `x` in its half is `B^x` in the text and `B^(g-1-x)` in the
//! pattern (`B = 2^b`), and the engine sums the real correlations of all halves. The sum at
//! a shift is `Σ_e count_e·B^e`, where `count_e` counts the pattern positions `j` whose text
//! symbol at `s + j` is in the same half with code difference `e - (g - 1)`. Each pattern
//! position belongs to one half and its text symbol to at most one, so every
//! `count_e <= F`, the group's total pattern count `Σ_{c in group} f_c`. So **`b` is sized
//! from `F`**, `b = ⌈log2(F + 1)⌉`, not from `m`: no digit can carry, and digit `g - 1` is
//! the number of matches of the group's symbols. (This bound is attained, e.g. at a shift
//! where the pattern occurs in the text: tested.)
//!
//! Exactness limit, checked before any FFT ([`group_fits`]):
//! `(2g - 1)·b + log2 N + ⌈log2 P⌉ + SAFETY_BITS <= 52`. It is the bit-packed FFT's limit
//! (see [`crate::bitpacked_fft`] for the error estimate, which holds with `F` in place of `m`
//! because the pattern vector has only `F` non-zero entries) plus `⌈log2 P⌉` for the sum of
//! `P` pairs. The engine also measures every output's distance from its integer and fails
//! with [`Error::PrecisionExceeded`] at 0.25.
//!
//! Groups are chosen greedily: for the smallest remaining symbols, every `g` in
//! `1..=`[`MAX_DIGITS`] and `P` in `1..=`[`MAX_PAIRS`] that fits is priced by its transforms
//! times `N·log2 N` per symbol, and the cheapest is taken. `g = 1` always fits (it is the
//! heavy path's encoding), so every symbol finds a group.
//!
//! # Counters
//! [`TieredReport`] carries deterministic operation counts: light increments, FFT
//! butterflies (`(N/2)·log2 N` per transform of length `N`) and bytes packed (16 bytes per
//! complex entry written into a middle group's FFT inputs). [`tiered_counts`] computes the
//! same counts without the FFTs or the light pass (O(n + m) plus the planning), which makes
//! long patterns (m = 2^20) affordable; a test checks that it equals the run's report.
//!
//! # What the f64 limit leaves
//! With `b ≈ log2 F` and `log2 N >= log2 m + 1`, groups of `g >= 2` fit only while
//! `3·b + log2 N + 6 <= 52`: for symbols at `f_c ≈ √(m·log2 m)` that is up to about
//! m = 2^12. Beyond that every middle group has `g = 1` and the tier costs what Abrahamson's
//! heavy FFTs cost; an exact (NTT or multi-prime) transform would lift this, and is not
//! implemented.
//!
//! # Complexity
//! Time O(n + m + Σ_light f_c·g_c + (heavy/2 + Σ_groups P)·n·log m); memory O(n + m) plus
//! the FFT engine's.
//!
//! # Guarantees
//! Exact: agrees with [`crate::naive::hamming_naive`] bit for bit (tested on random,
//! periodic, adversarial and middle-band inputs). Deterministic.
//!
//! # Example
//! ```
//! use hamming::tiered::hamming_tiered;
//! let d = hamming_tiered(b"abcabd", b"abd").unwrap();
//! assert_eq!(d, vec![1, 3, 3, 0]);
//! ```

use std::hash::Hash;

use rustfft::num_complex::Complex64;

use crate::abrahamson::ScatterPlan;
use crate::alphabet::Alphabet;
use crate::bitpacked_fft::{MANTISSA_BITS, SAFETY_BITS, digit_bits};
use crate::error::{Error, check_lengths};
use crate::fft::{self, FftReport, check_pattern_fits_u32};

/// Largest number of digits `g` per half of a pair that the planner tries.
pub const MAX_DIGITS: usize = 8;

/// Largest number of pairs `P` per group that the planner tries.
pub const MAX_PAIRS: usize = 64;

/// Pattern-frequency thresholds of the three tiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TierThresholds {
    /// Symbols with `f_c < light_below` are light.
    pub light_below: u32,
    /// Symbols with `f_c > heavy_above` are heavy; the rest are middle.
    pub heavy_above: u32,
}

impl TierThresholds {
    /// `light_below = ⌈√m⌉`, `heavy_above = ⌊√m·log2 m⌋` (with `log2 m` at least 1).
    ///
    /// # Example
    /// ```
    /// let t = hamming::tiered::TierThresholds::for_pattern_length(1024);
    /// assert_eq!((t.light_below, t.heavy_above), (32, 320));
    /// ```
    pub fn for_pattern_length(m: usize) -> Self {
        let r = (m as f64).sqrt();
        TierThresholds {
            light_below: r.ceil() as u32,
            heavy_above: (r * (m as f64).log2().max(1.0)).floor() as u32,
        }
    }
}

/// One packed group of middle symbols, as planned and run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PackedGroup {
    /// Symbols in the group (`<= 2·digits·pairs`).
    pub symbols: usize,
    /// Digits `g` per half of a pair.
    pub digits: usize,
    /// Pairs `P` (complex FFTs per text block).
    pub pairs: usize,
    /// The output bound `F`: the group's total pattern count.
    pub bound: u64,
    /// `b = ⌈log2(F + 1)⌉`.
    pub digit_bits: u32,
    /// FFT length `N`.
    pub block_size: usize,
    /// Text blocks.
    pub blocks: usize,
    /// Complex FFTs run, forward and inverse.
    pub transforms: usize,
}

/// What [`hamming_tiered_with`] did, with its operation counts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TieredReport {
    /// Light, middle and heavy pattern symbols.
    pub light_symbols: usize,
    /// Middle pattern symbols.
    pub middle_symbols: usize,
    /// Heavy pattern symbols.
    pub heavy_symbols: usize,
    /// Light increments, `Σ_light f_c·g_c`.
    pub light_increments: u64,
    /// The middle tier's groups.
    pub groups: Vec<PackedGroup>,
    /// The heavy tier's FFT run (all zero when no symbol is heavy).
    pub heavy_fft: FftReport,
    /// Butterflies of every FFT, `(N/2)·log2 N` per transform.
    pub fft_butterflies: u64,
    /// Bytes written into the middle groups' FFT inputs (16 per complex entry).
    pub bytes_packed: u64,
    /// Largest distance of an FFT output from its integer (0 in [`tiered_counts`]).
    pub max_rounding_error: f64,
}

impl TieredReport {
    /// Light increments plus FFT butterflies.
    pub fn operations(&self) -> u64 {
        self.light_increments + self.fft_butterflies
    }
}

/// `(N/2)·log2 N` per transform.
pub fn butterflies(transforms: usize, block_size: usize) -> u64 {
    if block_size < 2 {
        return 0;
    }
    transforms as u64 * (block_size as u64 / 2) * u64::from(block_size.ilog2())
}

/// Whether a group with output bound `bound`, `digits` digits per half, `pairs` pairs and FFT
/// length `block_size` (a power of two) passes the exactness limit
/// `(2g - 1)·b + log2 N + ⌈log2 P⌉ + SAFETY_BITS <= 52`, `b = ⌈log2(F + 1)⌉`.
///
/// # Example
/// ```
/// use hamming::tiered::group_fits;
/// // F = 255 needs 8 bits: 3·8 + 13 + 0 + 6 = 43.
/// assert!(group_fits(255, 2, 1, 8192));
/// // g = 3 at the same bound: 5·8 + 13 + 6 = 59.
/// assert!(!group_fits(255, 3, 1, 8192));
/// ```
pub fn group_fits(bound: u64, digits: usize, pairs: usize, block_size: usize) -> bool {
    if digits == 0 || pairs == 0 || !block_size.is_power_of_two() {
        return false;
    }
    let b = u64::from(digit_bits(usize::try_from(bound).unwrap_or(usize::MAX)));
    let bits = (2 * digits as u64 - 1).saturating_mul(b)
        + u64::from(block_size.ilog2())
        + u64::from(pairs.next_power_of_two().ilog2())
        + u64::from(SAFETY_BITS);
    bits <= u64::from(MANTISSA_BITS)
}

/// Hamming distances by the three tiers with the default thresholds.
///
/// # Errors
/// [`Error::EmptyPattern`], [`Error::PatternLongerThanText`], [`Error::Unsupported`] if
/// `m >= u32::MAX`, [`Error::PrecisionExceeded`] if an FFT's rounding check fails (never
/// observed).
///
/// # Complexity
/// See the [module docs](self).
pub fn hamming_tiered<S: Copy + Eq + Hash>(t: &[S], p: &[S]) -> Result<Vec<u32>, Error> {
    let thresholds = TierThresholds::for_pattern_length(p.len());
    hamming_tiered_with(t, p, &thresholds).map(|(d, _)| d)
}

/// The planned tiers, in dense pattern ids.
#[derive(Debug, Clone, Default)]
struct Plan {
    light: Vec<u32>,
    heavy: Vec<u32>,
    /// Each middle group's ids (in code order) and its shape.
    groups: Vec<(Vec<u32>, PackedGroup)>,
}

fn plan(n: usize, m: usize, counts: &[u32], thresholds: &TierThresholds) -> Plan {
    let mut out = Plan::default();
    let mut middle = Vec::new();
    for (c, &f) in counts.iter().enumerate() {
        let c = c as u32;
        if f < thresholds.light_below {
            out.light.push(c);
        } else if f > thresholds.heavy_above {
            out.heavy.push(c);
        } else {
            middle.push(c);
        }
    }
    middle.sort_by_key(|&c| (counts[c as usize], c));
    let shifts = n - m + 1;
    let sizes: Vec<(usize, usize)> = (1..=MAX_PAIRS)
        .map(|pairs| {
            let big_n = fft::choose_block_size(n, m, pairs);
            (big_n, shifts.div_ceil(big_n - m + 1))
        })
        .collect();
    let mut rest = &middle[..];
    while !rest.is_empty() {
        // (cost per symbol, digits, pairs, symbols)
        let mut best = (f64::INFINITY, 1, 1, 1);
        for digits in 1..=MAX_DIGITS {
            if digits > 1 && 2 * (digits - 1) >= rest.len() {
                break;
            }
            for pairs in 1..=MAX_PAIRS {
                if 2 * digits * (pairs - 1) >= rest.len() {
                    break;
                }
                let symbols = (2 * digits * pairs).min(rest.len());
                let bound: u64 = rest[..symbols]
                    .iter()
                    .map(|&c| u64::from(counts[c as usize]))
                    .sum();
                let (big_n, blocks) = sizes[pairs - 1];
                if !group_fits(bound, digits, pairs, big_n) {
                    continue;
                }
                let transforms = pairs * (1 + blocks) + blocks.div_ceil(2);
                let cost =
                    transforms as f64 * big_n as f64 * (big_n as f64).log2() / symbols as f64;
                if cost < best.0 {
                    best = (cost, digits, pairs, symbols);
                }
            }
        }
        let (_, digits, pairs, symbols) = best;
        let ids = rest[..symbols].to_vec();
        let bound = ids.iter().map(|&c| u64::from(counts[c as usize])).sum();
        let (big_n, blocks) = sizes[pairs - 1];
        out.groups.push((
            ids,
            PackedGroup {
                symbols,
                digits,
                pairs,
                bound,
                digit_bits: digit_bits(bound as usize),
                block_size: big_n,
                blocks,
                transforms: 0,
            },
        ));
        rest = &rest[symbols..];
    }
    out
}

/// [`hamming_tiered`] with explicit thresholds, also returning the tiers and the counts.
///
/// # Errors
/// As [`hamming_tiered`].
///
/// # Example
/// ```
/// use hamming::tiered::{TierThresholds, hamming_tiered_with};
/// // Every symbol in the middle tier.
/// let all_middle = TierThresholds { light_below: 0, heavy_above: u32::MAX };
/// let (d, report) = hamming_tiered_with(b"abcabd", b"abd", &all_middle).unwrap();
/// assert_eq!(d, vec![1, 3, 3, 0]);
/// assert_eq!(report.middle_symbols, 3);
/// assert_eq!(report.light_increments, 0);
/// ```
pub fn hamming_tiered_with<S: Copy + Eq + Hash>(
    t: &[S],
    p: &[S],
    thresholds: &TierThresholds,
) -> Result<(Vec<u32>, TieredReport), Error> {
    check_lengths(t.len(), p.len())?;
    check_pattern_fits_u32(p.len())?;
    let (n, m) = (t.len(), p.len());
    let (alphabet, pids) = Alphabet::of_pattern(p);
    let d = alphabet.len();
    let plan = plan(n, m, alphabet.pattern_counts(), thresholds);
    let mut report = TieredReport {
        light_symbols: plan.light.len(),
        heavy_symbols: plan.heavy.len(),
        middle_symbols: plan.groups.iter().map(|g| g.1.symbols).sum(),
        ..TieredReport::default()
    };
    let mut not_light = vec![true; d];
    for &c in &plan.light {
        not_light[c as usize] = false;
    }
    let scatter = ScatterPlan::light(&pids, d, &not_light);
    let m32 = m as u32;
    let finish = |matched: u32, light: u32| m32 - matched - light;
    let mut out = vec![0u32; n - m + 1];
    if plan.heavy.is_empty() && plan.groups.is_empty() {
        let encode = |b0: usize, ids: &mut [u32]| alphabet.encode_into(&t[b0..b0 + ids.len()], ids);
        report.light_increments = scatter.run(n, &mut out, encode, finish);
        return Ok((out, report));
    }
    let tids = alphabet.encode_text(t);
    if !plan.heavy.is_empty() {
        report.heavy_fft = fft::add_symbol_matches(&tids, &pids, &plan.heavy, &mut out)?;
        report.fft_butterflies +=
            butterflies(report.heavy_fft.transforms, report.heavy_fft.block_size);
        report.max_rounding_error = report.heavy_fft.max_rounding_error;
    }
    // slot[id] = index of id inside the current group, or u32::MAX.
    let mut slot = vec![u32::MAX; d + 1];
    for (ids, shape) in &plan.groups {
        for (k, &c) in ids.iter().enumerate() {
            slot[c as usize] = k as u32;
        }
        let fr = run_group(&tids, &pids, &slot, shape, &mut out)?;
        for &c in ids {
            slot[c as usize] = u32::MAX;
        }
        let mut shape = *shape;
        debug_assert_eq!((fr.block_size, fr.blocks), (shape.block_size, shape.blocks));
        shape.transforms = fr.transforms;
        report.fft_butterflies += butterflies(fr.transforms, fr.block_size);
        report.bytes_packed += packed_bytes(&shape);
        report.max_rounding_error = report.max_rounding_error.max(fr.max_rounding_error);
        report.groups.push(shape);
    }
    report.light_increments = scatter.run(
        n,
        &mut out,
        |b0, ids| {
            let len = ids.len();
            ids.copy_from_slice(&tids[b0..b0 + len]);
        },
        finish,
    );
    Ok((out, report))
}

/// 16 bytes per complex entry of every packed FFT input: the pattern's `P` inputs and `P`
/// text inputs per block, `N` entries each.
fn packed_bytes(shape: &PackedGroup) -> u64 {
    16 * (shape.block_size * shape.pairs * (shape.blocks + 1)) as u64
}

/// Adds the group's matches to `acc`.
fn run_group(
    tids: &[u32],
    pids: &[u32],
    slot: &[u32],
    shape: &PackedGroup,
    acc: &mut [u32],
) -> Result<FftReport, Error> {
    let g = shape.digits;
    let b = shape.digit_bits;
    let base = (1u64 << b) as f64;
    let powers: Vec<f64> = (0..g).map(|e| base.powi(e as i32)).collect();
    let last = slot.len() - 1;
    // (pair, imaginary half?, code) of id, if in the group.
    let place = |id: u32| -> Option<(usize, bool, usize)> {
        let k = slot[(id as usize).min(last)];
        (k != u32::MAX).then(|| {
            let k = k as usize;
            (k / (2 * g), (k / g) % 2 == 1, k % g)
        })
    };
    let shift = b as usize * (g - 1);
    let mask = (1u64 << b) - 1;
    fft::correlate_pairs(
        tids,
        pids,
        shape.pairs,
        slot.len(),
        |pr, id| match place(id) {
            Some((q, imag, code)) if q == pr => {
                let v = powers[code];
                if imag {
                    Complex64::new(0.0, v)
                } else {
                    Complex64::new(v, 0.0)
                }
            }
            _ => Complex64::default(),
        },
        |pr, id| match place(id) {
            Some((q, imag, code)) if q == pr => {
                let v = powers[g - 1 - code];
                if imag {
                    Complex64::new(0.0, -v)
                } else {
                    Complex64::new(v, 0.0)
                }
            }
            _ => Complex64::default(),
        },
        |start, values| {
            for (a, &v) in acc[start..].iter_mut().zip(values) {
                *a += ((v.max(0) as u64 >> shift) & mask) as u32;
            }
        },
    )
}

/// The counts [`hamming_tiered_with`] reports, without running the FFTs or the light pass:
/// one pass over the text for its symbol counts, then the plan, whose transform counts are
/// fixed by the sizes. `max_rounding_error` is 0.
///
/// # Errors
/// As [`hamming_tiered`], except [`Error::PrecisionExceeded`].
///
/// # Example
/// ```
/// use hamming::tiered::{TierThresholds, hamming_tiered_with, tiered_counts};
/// let th = TierThresholds { light_below: 2, heavy_above: 2 };
/// let (_, run) = hamming_tiered_with(b"abcabdabcabd", b"abda", &th).unwrap();
/// let counts = tiered_counts(b"abcabdabcabd", b"abda", &th).unwrap();
/// assert_eq!(counts.operations(), run.operations());
/// ```
pub fn tiered_counts<S: Copy + Eq + Hash>(
    t: &[S],
    p: &[S],
    thresholds: &TierThresholds,
) -> Result<TieredReport, Error> {
    check_lengths(t.len(), p.len())?;
    check_pattern_fits_u32(p.len())?;
    let (n, m) = (t.len(), p.len());
    let (alphabet, _) = Alphabet::of_pattern(p);
    let d = alphabet.len();
    let counts = alphabet.pattern_counts();
    let text_counts = exact_text_counts(&alphabet, t);
    let plan = plan(n, m, counts, thresholds);
    let mut report = TieredReport {
        light_symbols: plan.light.len(),
        heavy_symbols: plan.heavy.len(),
        middle_symbols: plan.groups.iter().map(|g| g.1.symbols).sum(),
        light_increments: plan
            .light
            .iter()
            .map(|&c| u64::from(counts[c as usize]) * text_counts[c as usize])
            .sum(),
        ..TieredReport::default()
    };
    if let Some(&top) = plan.heavy.iter().max() {
        let pairs = plan.heavy.len().div_ceil(2);
        report.heavy_fft = fft::predicted_report(n, m, pairs, top as usize + 2);
        report.fft_butterflies +=
            butterflies(report.heavy_fft.transforms, report.heavy_fft.block_size);
    }
    for (_, shape) in &plan.groups {
        let fr = fft::predicted_report(n, m, shape.pairs, d + 1);
        let mut shape = *shape;
        shape.transforms = fr.transforms;
        report.fft_butterflies += butterflies(fr.transforms, fr.block_size);
        report.bytes_packed += packed_bytes(&shape);
        report.groups.push(shape);
    }
    Ok(report)
}

/// Exact text count of every pattern id (index `d` unused), one pass.
pub(crate) fn exact_text_counts<S: Copy + Eq + Hash>(alphabet: &Alphabet<S>, t: &[S]) -> Vec<u64> {
    let d = alphabet.len();
    let mut counts = vec![0u64; d + 1];
    let mut ids = vec![0u32; 4096.min(t.len())];
    for chunk in t.chunks(4096) {
        let ids = &mut ids[..chunk.len()];
        alphabet.encode_into(chunk, ids);
        for &id in ids.iter() {
            counts[(id as usize).min(d)] += 1;
        }
    }
    counts
}
