//! k-bounded Hamming distances (the k-mismatch problem): the exact distance at every shift
//! whose distance is at most `k`, and "more than `k`" everywhere else.
//!
//! Two output forms:
//! - [`hamming_k_bounded`]: `Some(d)` when `d <= k`, `None` otherwise;
//! - [`hamming_k_saturating`]: `min(d, k + 1)`, the usual saturating form of k-mismatch
//!   output (every value above `k` is reported as `k + 1`).
//!
//! Both are exact: they agree bit for bit with thresholding [`crate::naive::hamming_naive`].
//! A `k >= m` is **clamped** to `m`; every shift then has `d <= k`, so
//! [`hamming_k_bounded`] returns `Some(d)` everywhere and [`hamming_k_saturating`] returns
//! the exact distances.
//!
//! # Methods
//! [`hamming_k_saturating`] estimates the cost of four methods from `n`, `m`,
//! `k`, the symbol size and a match probability `p` (from the pattern's symbol counts and
//! 1024 sampled text symbols), and runs the cheapest
//! ([`plan_k_bounded`] shows the choice; [`hamming_k_saturating_with`] forces one):
//!
//! | [`KMethod`] | idea | time |
//! |---|---|---|
//! | [`KMethod::EarlyExit`] | compare each shift in chunks of [`VERIFY_CHUNK`] symbols and stop after `k + 1` mismatches | O(n·min(m, k/(1-p))) expected on text where two symbols match with probability `p`; O(n·m) worst case |
//! | [`KMethod::Pigeonhole`] | split P into `k + 1` pieces of length `q = ⌊m/(k+1)⌋`; a shift with ≤ k mismatches contains one piece exactly. Index the length-`g` grams of every piece at `s = q - g + 1` offsets, hash the text's grams at every `s`-th position only, and verify the candidates with early exit | O(n·g/s + n·(k+1)·p^g·verify + m) expected; O(n·m) worst case (e.g. many true occurrences) |
//! | [`KMethod::AllDistances`] | exact distances for every shift ([`crate::hamming_all`], the planner's best exact method), then threshold | that of the exact method, e.g. O(σ·n·log m) for the per-symbol FFT |
//! | [`KMethod::Kangaroo`] | Landau–Vishkin jumps: `k + 1` longest-common-extension queries per shift | O(n + m) preprocessing, then O(n·k) worst case |
//!
//! The pigeonhole filter is complete: the sampled text positions are `s` apart, so every
//! length-`q` window of the text contains a sampled gram, and the gram table holds every
//! gram at offsets `0..s` of every piece. Hash collisions only add candidates (each one is
//! verified exactly), so adversarial inputs can cost time but never correctness. The gram
//! hash is a fixed, unseeded linear hash of the symbols' FxHash values: the whole
//! module is deterministic.
//!
//! # Sources and honesty
//! - Early exit is the practical core of triple_accel's `hamming_search`: it compares chunks
//!   directly, O(nk) expected on random text but O(n·m) on adversarial or highly repetitive
//!   text.
//! - [`KMethod::Kangaroo`] is the Landau–Vishkin / Galil–Giancarlo "kangaroo" method: it
//!   jumps from mismatch to mismatch with O(1) longest-common-extension queries
//!   ([`crate::lce`]: SA-IS suffix array, Kasai LCP, range minimum), so it is O(n·k) in the
//!   worst case after O(n + m) preprocessing ([`kangaroo`]). An LCE query that needs the
//!   suffix array costs some 60–135 ns of cache misses, so short extensions are answered by
//!   comparing byte codes directly (up to 1024 symbols, 32 per step) and the walk scans
//!   64-symbol blocks, counting their mismatches without a branch each, before it jumps
//!   (see [`kangaroo`]); both keep the O(k) bound per shift. Measured at n = 2^20,
//!   m = 2^12, k = 16 on period-1 and period-2 inputs (example `kbounded_adversarial`,
//!   loaded 2-core machine, indicative): kangaroo 5.7× and 5.5× slower than early exit in
//!   the same run before these changes (1608 and 709 ms), 0.84× and 1.13× of it after
//!   (200 and 126 ms). All distances by bit-parallel took 8–12 ms in the same runs, and
//!   stay the faster choice on small alphabets: every shift there has more than `k`
//!   mismatches, so any per-shift k-mismatch method makes `n·(k + 1)` ≈ 17.8 M queries
//!   (counted by [`kangaroo::kangaroo_queries`]) or scans as many mismatches, while the
//!   bit-parallel kernel spends about 4 ns per shift. Beating it tenfold would need under
//!   0.03 ns per query: only algorithms that exploit the periodicity itself (as the
//!   structural k-mismatch algorithms do) could, and none is implemented. The kangaroo's
//!   value is the guarantee.
//! - The pigeonhole filter follows fuzzysearch's substitutions-only search (pieces and exact
//!   piece hits, used when `m/(k+1) >= 3`), with q-gram sampling so that only every `s`-th
//!   text position is hashed.
//! - The asymptotic anchor is Chan–Jin–Vassilevska Williams–Xu (FOCS 2023,
//!   arXiv 2310.13174), O(n + n·k/√m) for k-bounded text-to-pattern Hamming distance. This
//!   module is **not** that algorithm, nor Amir–Lewenstein–Porat or CGKKP; it is a practical
//!   set of practical methods whose worst case is O(n·k) only through
//!   [`KMethod::Kangaroo`].
//!
//! # Example
//! ```
//! use hamming::kbounded::{hamming_k_bounded, hamming_k_saturating};
//! let t = b"ACGTACGTTT";
//! let p = b"ACGT";
//! // Exact distances are [0, 4, 4, 4, 0, 3, 3].
//! assert_eq!(
//!     hamming_k_bounded(t, p, 3).unwrap(),
//!     vec![Some(0), None, None, None, Some(0), Some(3), Some(3)]
//! );
//! assert_eq!(hamming_k_saturating(t, p, 1).unwrap(), vec![0, 2, 2, 2, 0, 2, 2]);
//! // k >= m is clamped to m: every shift is Some.
//! assert!(hamming_k_bounded(t, p, 99).unwrap().iter().all(Option::is_some));
//! ```

use std::hash::Hash;

use crate::alphabet::{Alphabet, fixed_hash};
use crate::error::{Error, check_lengths};

pub mod kangaroo;

/// Number of symbols compared per step of the early-exit verification (the loop is
/// unrolled and vectorized per chunk; the mismatch count is checked between chunks).
pub const VERIFY_CHUNK: usize = 32;

/// Largest gram length the pigeonhole planner considers.
const MAX_GRAM: usize = 256;

// Cost model, in nanoseconds, measured on the development machine (x86-64 baseline target,
// release profile). They only steer the choice of method; every method is exact.
/// Fixed cost of verifying one shift (call, slicing, the first branch).
const C_SHIFT: f64 = 0.3;
/// Cost of one verification chunk of `VERIFY_CHUNK` symbols, fixed part...
const C_CHUNK: f64 = 1.3;
/// ... and per byte of symbol (measured: about 2 ns for `u8`, 4 ns for `u32`).
const C_CHUNK_PER_BYTE: f64 = 0.65;
/// Cost of hashing one symbol of a sampled text gram.
const C_GRAM_SYMBOL: f64 = 0.5;
/// Cost of one filter and table lookup for a sampled text gram.
const C_LOOKUP: f64 = 4.5;
/// Cost of handling one candidate before verification (mostly a mispredicted branch).
const C_CANDIDATE: f64 = 5.0;
/// Cost per shift of thresholding the output of the exact method.
const C_THRESHOLD: f64 = 0.3;
/// Cost per shift and byte of symbol of relabelling the text for the exact method.
const C_EXACT_PER_BYTE: f64 = 1.0;
/// Number of evenly spaced text positions sampled to estimate the match probability.
const TEXT_SAMPLES: usize = 1024;
/// Cost of one kangaroo jump: a longest-common-extension query that needs the suffix array
/// (rank lookups and a range minimum, mostly cache misses). About 100–135 ns measured at
/// n = 2^20 on a loaded 2-core machine; 60 assumed quiet.
const C_LCE: f64 = 60.0;
/// Cost per symbol of `n + m` of building the LCE structure (SA-IS, Kasai, the range-minimum
/// table), paid once when some extension is longer than the direct comparison.
const C_LCE_BUILD: f64 = 120.0;

/// The methods [`hamming_k_saturating_with`] can run; see the [module docs](self).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KMethod {
    /// Chunked comparison of every shift, stopping after `k + 1` mismatches.
    EarlyExit,
    /// Pigeonhole filter on exact piece hits (sampled q-grams), then early-exit verification.
    /// When `k + 1 > m` there are no non-empty pieces and this runs [`KMethod::EarlyExit`].
    Pigeonhole,
    /// Exact distances by [`crate::hamming_all`], then thresholded.
    AllDistances,
    /// Landau–Vishkin kangaroo jumps with O(1) longest-common-extension queries: O(n·k)
    /// worst case after O(n + m) preprocessing ([`kangaroo`]).
    Kangaroo,
}

impl KMethod {
    /// Every method, in a fixed order.
    pub const ALL: &'static [KMethod] = &[
        KMethod::EarlyExit,
        KMethod::Pigeonhole,
        KMethod::AllDistances,
        KMethod::Kangaroo,
    ];

    /// The method's stable name.
    pub fn name(self) -> &'static str {
        match self {
            KMethod::EarlyExit => "early-exit",
            KMethod::Pigeonhole => "pigeonhole",
            KMethod::AllDistances => "all-distances",
            KMethod::Kangaroo => "kangaroo",
        }
    }
}

/// What [`plan_k_bounded`] decided, with the estimated cost of each method.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct KPlan {
    /// The cheapest method by the cost model.
    pub method: KMethod,
    /// The bound after clamping: `min(k, m)`.
    pub k: usize,
    /// Pigeonhole piece length `q = ⌊m / (k + 1)⌋` (0 when `k + 1 > m`).
    pub piece_len: usize,
    /// Pigeonhole gram length `g` (`1 <= g <= q`; 0 when there are no pieces).
    pub gram_len: usize,
    /// Pigeonhole sampling step `s = q - g + 1` (0 when there are no pieces).
    pub sample_step: usize,
    /// Estimated probability that a text symbol equals a pattern symbol at a random
    /// alignment, `Σ_c (f_c/m)·(share of c in the text)`, with the pattern's counts `f_c`
    /// and text shares from 1024 evenly spaced text positions (floored at 0.5/1024).
    pub match_probability: f64,
    /// Estimated nanoseconds per shift of [`KMethod::EarlyExit`].
    pub cost_early_exit: f64,
    /// Estimated nanoseconds per shift of [`KMethod::Pigeonhole`] (infinite without pieces).
    pub cost_pigeonhole: f64,
    /// Estimated nanoseconds per shift of [`KMethod::AllDistances`]: the exact planner's
    /// estimate for its best method ([`crate::Planner::plan`]) divided by the shifts, plus
    /// thresholding.
    pub cost_all_distances: f64,
    /// Estimated nanoseconds per shift of [`KMethod::Kangaroo`]: `k + 1` jumps and the
    /// amortized construction of its LCE structure.
    pub cost_kangaroo: f64,
}

/// k-bounded Hamming distances: `Some(d)` where the distance `d` at a shift is at most `k`,
/// `None` where it is larger.
///
/// `k >= m` is clamped to `m`, so that every shift is `Some`. The method is chosen by
/// [`plan_k_bounded`]; see the [module docs](self) for the methods and their complexity.
///
/// # Errors
/// [`Error::EmptyPattern`] if `p` is empty, [`Error::PatternLongerThanText`] if `p` is
/// longer than `t`, [`Error::Unsupported`] if `m` does not fit a `u32`; and the exact
/// method's errors when [`KMethod::AllDistances`] runs.
///
/// # Example
/// ```
/// let d = hamming::kbounded::hamming_k_bounded(b"abcabd", b"abd", 1).unwrap();
/// assert_eq!(d, vec![Some(1), None, None, Some(0)]);
/// ```
pub fn hamming_k_bounded<S: Copy + Eq + Hash>(
    t: &[S],
    p: &[S],
    k: usize,
) -> Result<Vec<Option<u32>>, Error> {
    let plan = plan_k_bounded(t, p, k)?;
    let k = plan.k;
    run(t, p, &plan, plan.method, |d| (d as usize <= k).then_some(d))
}

/// Saturated Hamming distances `min(d, k + 1)` at every shift: the exact distance where it
/// is at most `k`, and `k + 1` ("more than k") elsewhere.
///
/// `k >= m` is clamped to `m`; as `d <= m`, the output is then the exact distances.
///
/// # Errors
/// As [`hamming_k_bounded`].
///
/// # Example
/// ```
/// let d = hamming::kbounded::hamming_k_saturating(b"abcabd", b"abd", 1).unwrap();
/// assert_eq!(d, vec![1, 2, 2, 0]);
/// ```
pub fn hamming_k_saturating<S: Copy + Eq + Hash>(
    t: &[S],
    p: &[S],
    k: usize,
) -> Result<Vec<u32>, Error> {
    let plan = plan_k_bounded(t, p, k)?;
    run(t, p, &plan, plan.method, |d| d)
}

/// [`hamming_k_saturating`] with a forced method (for tests and benchmarks). The output is
/// the same for every method.
///
/// # Errors
/// As [`hamming_k_bounded`].
pub fn hamming_k_saturating_with<S: Copy + Eq + Hash>(
    t: &[S],
    p: &[S],
    k: usize,
    method: KMethod,
) -> Result<Vec<u32>, Error> {
    let plan = plan_k_bounded(t, p, k)?;
    run(t, p, &plan, method, |d| d)
}

/// Chooses the method (and the pigeonhole parameters) for the text `t`, the pattern `p`
/// and the bound `k`, by a cost model in nanoseconds per shift. Reads `p` and at most 1024
/// symbols of `t`.
///
/// The model treats the text as random with the estimated match probability `p`
/// ([`KPlan::match_probability`]): early exit then reads about `min(m, (k+1)/(1-p))`
/// symbols per shift, and a text gram of length `g` matches a given pattern gram with
/// probability `p^g`. Early exit's actual read length is also measured on 32 evenly spaced
/// shifts (at most `32·m` comparisons); when it is more than twice the model's (rounded up to
/// whole chunks), as on periodic or repetitive text, it replaces the model's, and `p` is
/// raised to match it. Structured inputs can still make the
/// choice wrong, never the output.
///
/// # Errors
/// [`Error::EmptyPattern`], [`Error::PatternLongerThanText`] (for `m > n`),
/// [`Error::Unsupported`] if `m` does not fit a `u32`.
pub fn plan_k_bounded<S: Copy + Eq + Hash>(t: &[S], p: &[S], k: usize) -> Result<KPlan, Error> {
    let (n, m) = (t.len(), p.len());
    check_lengths(n, m)?;
    if m >= u32::MAX as usize {
        return Err(Error::Unsupported {
            reason: format!("pattern length {m} does not fit the u32 output"),
        });
    }
    let k = k.min(m);
    let (alphabet, _) = Alphabet::of_pattern(p);
    let mf = m as f64;
    // P(text symbol = pattern symbol) = Σ_c (f_c / m) · (share of c in the text), the text
    // shares estimated from evenly spaced samples; floored so that a sample without any
    // pattern symbol does not promise a free filter.
    let samples = n.min(TEXT_SAMPLES);
    let mut text_counts = vec![0u32; alphabet.len()];
    for i in 0..samples {
        let id = alphabet.id(&t[i * n / samples]);
        if let Some(c) = text_counts.get_mut(id as usize) {
            *c += 1;
        }
    }
    let prob = alphabet
        .pattern_counts()
        .iter()
        .zip(&text_counts)
        .map(|(&f, &g)| f64::from(f) / mf * f64::from(g) / samples as f64)
        .sum::<f64>()
        .max(0.5 / samples as f64)
        .min(1.0);
    let bytes = std::mem::size_of::<S>().max(1) as f64;
    let chunk_cost = C_CHUNK + C_CHUNK_PER_BYTE * bytes;
    // Expected cost of verifying one shift with bound `k`: the random-text model's read
    // length, or the read length measured on evenly spaced shifts when that is longer
    // (periodic or repetitive text, where mismatches are sparser than symbol counts say).
    // A longer measured read also means a higher effective match probability for the filter.
    let model_read = if prob >= 1.0 {
        mf
    } else {
        ((k + 1) as f64 / (1.0 - prob)).min(mf)
    };
    let measured_read = sampled_read(t, p, k);
    // Early exit reads whole chunks, so only a measured read beyond twice the model's, in
    // chunks, says the model is wrong.
    let model_chunked = (model_read / VERIFY_CHUNK as f64).ceil().max(1.0) * VERIFY_CHUNK as f64;
    let (read, prob) = if measured_read > 2.0 * model_chunked {
        let read = measured_read.min(mf);
        (read, prob.max(1.0 - (k + 1) as f64 / read))
    } else {
        (model_read, prob)
    };
    let verify = C_SHIFT + (read / VERIFY_CHUNK as f64).ceil().max(1.0) * chunk_cost;

    let cost_early_exit = verify;

    let q = m / (k + 1);
    let (mut gram_len, mut sample_step, mut cost_pigeonhole) = (0, 0, f64::INFINITY);
    for g in 1..=q.min(MAX_GRAM) {
        let s = q - g + 1;
        let hash = (g as f64 * C_GRAM_SYMBOL + C_LOOKUP) / s as f64;
        let candidates = (k + 1) as f64 * prob.powi(g as i32);
        let cost = hash + candidates * (C_CANDIDATE + verify);
        if cost < cost_pigeonhole {
            (gram_len, sample_step, cost_pigeonhole) = (g, s, cost);
        }
    }

    let shifts = (n - m + 1) as f64;
    let exact = crate::Planner::new().plan(t, p)?;
    let exact_ns = exact.estimates.first().map_or(f64::INFINITY, |e| e.1);
    let cost_all_distances = exact_ns / shifts + C_EXACT_PER_BYTE * bytes + C_THRESHOLD;
    // Kangaroo: at most k + 1 jumps per shift, each one query, priced as if every query
    // needed the suffix structure (the worst case it guarantees).
    let cost_kangaroo = (k + 1) as f64 * C_LCE + C_LCE_BUILD * (n + m) as f64 / shifts;

    let costs = [
        (KMethod::Pigeonhole, cost_pigeonhole),
        (KMethod::EarlyExit, cost_early_exit),
        (KMethod::AllDistances, cost_all_distances),
        (KMethod::Kangaroo, cost_kangaroo),
    ];
    let method = costs
        .iter()
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map_or(KMethod::EarlyExit, |c| c.0);
    Ok(KPlan {
        method,
        k,
        piece_len: q,
        gram_len,
        sample_step,
        match_probability: prob,
        cost_early_exit,
        cost_pigeonhole,
        cost_all_distances,
        cost_kangaroo,
    })
}

/// Shifts sampled by [`sampled_read`].
const READ_SAMPLES: usize = 32;

/// The mean number of symbols early exit reads at [`READ_SAMPLES`] evenly spaced shifts
/// (whole chunks of [`VERIFY_CHUNK`], as it reads them): at most `32·m` comparisons.
fn sampled_read<S: Eq>(t: &[S], p: &[S], k: usize) -> f64 {
    let (n, m) = (t.len(), p.len());
    let shifts = n - m + 1;
    let samples = shifts.min(READ_SAMPLES);
    let total: usize = (0..samples)
        .map(|s| {
            let i = s * (shifts - 1) / (samples - 1).max(1);
            let (w, mut d, mut read) = (&t[i..i + m], 0usize, 0usize);
            for (x, y) in w.chunks(VERIFY_CHUNK).zip(p.chunks(VERIFY_CHUNK)) {
                read += x.len();
                d += chunk_mismatches(x, y);
                if d > k {
                    break;
                }
            }
            read
        })
        .sum();
    total as f64 / samples as f64
}

/// Runs `method` with the parameters of `plan` (which must come from [`plan_k_bounded`]
/// for the same `n`, `p` and `k`), writing `out(min(d, k + 1))` for every shift.
fn run<S: Copy + Eq + Hash, O: Copy>(
    t: &[S],
    p: &[S],
    plan: &KPlan,
    method: KMethod,
    out: impl Fn(u32) -> O,
) -> Result<Vec<O>, Error> {
    let k = plan.k;
    match method {
        KMethod::EarlyExit => Ok(early_exit(t, p, k, out)),
        KMethod::Pigeonhole if plan.piece_len == 0 => Ok(early_exit(t, p, k, out)),
        KMethod::Pigeonhole => Ok(pigeonhole(t, p, k, plan.piece_len, plan.gram_len, out)),
        KMethod::Kangaroo => kangaroo::kangaroo(t, p, k, out),
        KMethod::AllDistances => {
            let sat = (k + 1) as u32;
            let d = crate::hamming_all(t, p)?;
            Ok(d.into_iter().map(|v| out(v.min(sat))).collect())
        }
    }
}

/// `min(d, k + 1)` for the distance `d` between `a` and `b` (same length), stopping as soon
/// as `k + 1` mismatches are seen.
#[inline]
fn capped_distance<S: Eq>(a: &[S], b: &[S], k: usize) -> u32 {
    debug_assert_eq!(a.len(), b.len());
    let mut d = 0usize;
    let mut ca = a.chunks_exact(VERIFY_CHUNK);
    let mut cb = b.chunks_exact(VERIFY_CHUNK);
    for (x, y) in (&mut ca).zip(&mut cb) {
        d += chunk_mismatches(x, y);
        if d > k {
            return (k + 1) as u32;
        }
    }
    d += ca
        .remainder()
        .iter()
        .zip(cb.remainder())
        .filter(|(x, y)| x != y)
        .count();
    d.min(k + 1) as u32
}

/// Mismatches in one chunk of exactly `VERIFY_CHUNK` symbols; the fixed length lets the
/// compiler unroll and vectorize the loop (u8 counters cannot overflow: `VERIFY_CHUNK <
/// 256`).
#[inline]
fn chunk_mismatches<S: Eq>(x: &[S], y: &[S]) -> usize {
    let (Ok(x), Ok(y)) = (
        <&[S; VERIFY_CHUNK]>::try_from(x),
        <&[S; VERIFY_CHUNK]>::try_from(y),
    ) else {
        return x.iter().zip(y).filter(|(a, b)| a != b).count();
    };
    let mut c = 0u8;
    for j in 0..VERIFY_CHUNK {
        c += u8::from(x[j] != y[j]);
    }
    usize::from(c)
}

/// [`KMethod::EarlyExit`]: every shift verified with early exit.
fn early_exit<S: Eq, O>(t: &[S], p: &[S], k: usize, out: impl Fn(u32) -> O) -> Vec<O> {
    t.windows(p.len())
        .map(|w| out(capped_distance(w, p, k)))
        .collect()
}

/// The per-symbol value hashed into grams: its [`crate::alphabet::FixedHasher`] hash.
#[inline]
fn symbol_value<S: Hash>(s: &S) -> u64 {
    fixed_hash(s)
}

/// SplitMix64's output function: the gram coefficients and the final mix.
#[inline]
fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Hash of a gram: `mix(Σ_j value(w_j) · c_j)` with fixed odd coefficients `c_j`. The terms
/// are independent, so the loop has no long dependency chain.
#[inline]
fn gram_hash<S: Hash>(w: &[S], coef: &[u64]) -> u64 {
    let mut h = 0u64;
    for (x, c) in w.iter().zip(coef) {
        h = h.wrapping_add(symbol_value(x).wrapping_mul(*c));
    }
    mix64(h)
}

/// [`KMethod::Pigeonhole`] with pieces of length `q >= 1` and grams of length
/// `1 <= g <= q`.
fn pigeonhole<S: Eq + Hash, O: Copy>(
    t: &[S],
    p: &[S],
    k: usize,
    q: usize,
    g: usize,
    out: impl Fn(u32) -> O,
) -> Vec<O> {
    let (n, m) = (t.len(), p.len());
    debug_assert!(q >= 1 && g >= 1 && g <= q && (k + 1) * q <= m);
    let s = q - g + 1;
    let shifts = n - m + 1;
    let coef: Vec<u64> = (0..g as u64)
        .map(|j| mix64(j.wrapping_add(0x9e37_79b9_7f4a_7c15)) | 1)
        .collect();

    // Table of (gram hash, offset of the gram in P), bucketed by the hash's top bits (CSR).
    let entries_len = (k + 1) * s;
    let bits = (2 * entries_len)
        .next_power_of_two()
        .trailing_zeros()
        .max(1);
    let bucket = |h: u64| (h >> (64 - bits)) as usize;
    let mut raw: Vec<(u64, u32)> = Vec::with_capacity(entries_len);
    for r in 0..=k {
        for o in 0..s {
            let off = r * q + o;
            raw.push((gram_hash(&p[off..off + g], &coef), off as u32));
        }
    }
    let mut start = vec![0u32; (1usize << bits) + 1];
    for &(h, _) in &raw {
        start[bucket(h) + 1] += 1;
    }
    for b in 0..1usize << bits {
        start[b + 1] += start[b];
    }
    let mut fill = start.clone();
    let mut entries = vec![(0u64, 0u32); raw.len()];
    for &(h, off) in &raw {
        let b = bucket(h);
        entries[fill[b] as usize] = (h, off);
        fill[b] += 1;
    }
    drop(raw);
    // A bitset over other hash bits filters out most samples before the bucket lookup
    // (about 64 bits per entry: a false pass rate near 1/64), which keeps the branch
    // predictable when the table is sparse.
    let filter_bits = (64 * entries_len).next_power_of_two().clamp(64, 1 << 26);
    let filter_mask = (filter_bits - 1) as u64;
    let mut filter = vec![0u64; filter_bits / 64];
    for &(h, _) in &entries {
        let f = (h & filter_mask) as usize;
        filter[f / 64] |= 1 << (f % 64);
    }

    let mut res = vec![out((k + 1) as u32); shifts];
    let mut done = vec![0u64; shifts.div_ceil(64)];
    let mut pos = 0;
    while pos + g <= n {
        let h = gram_hash(&t[pos..pos + g], &coef);
        let f = (h & filter_mask) as usize;
        if filter[f / 64] >> (f % 64) & 1 == 0 {
            pos += s;
            continue;
        }
        let b = bucket(h);
        let (lo, hi) = (start[b] as usize, start[b + 1] as usize);
        for &(eh, off) in &entries[lo..hi] {
            let off = off as usize;
            if eh != h || off > pos {
                continue;
            }
            let i = pos - off;
            if i >= shifts || done[i / 64] >> (i % 64) & 1 == 1 {
                continue;
            }
            done[i / 64] |= 1 << (i % 64);
            res[i] = out(capped_distance(&t[i..i + m], p, k));
        }
        pos += s;
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brute(t: &[u8], p: &[u8], k: usize) -> Vec<u32> {
        let k = k.min(p.len());
        t.windows(p.len())
            .map(|w| (w.iter().zip(p).filter(|(a, b)| a != b).count().min(k + 1)) as u32)
            .collect()
    }

    #[test]
    fn every_gram_length_is_complete() {
        // Force every (q, g) pair on a small periodic-ish input with planted near-matches.
        let p: Vec<u8> = b"ACGTTGCAACGATCGATTACAGGCATTACG".to_vec();
        let mut t: Vec<u8> = (0..400u32)
            .map(|i| b"ACGT"[(i * 7 + i / 5) as usize % 4])
            .collect();
        for (at, flips) in [(10usize, 0usize), (100, 1), (200, 3), (300, 6)] {
            t[at..at + p.len()].copy_from_slice(&p);
            for f in 0..flips {
                let j = at + (f * 5 + 2) % p.len();
                t[j] = if t[j] == b'A' { b'C' } else { b'A' };
            }
        }
        for k in 0..8 {
            let q = p.len() / (k + 1);
            for g in 1..=q {
                assert_eq!(
                    pigeonhole(&t, &p, k, q, g, |d| d),
                    brute(&t, &p, k),
                    "k={k} g={g}"
                );
            }
            assert_eq!(early_exit(&t, &p, k, |d| d), brute(&t, &p, k));
        }
    }
}
