//! Abrahamson's heavy/light split (SICOMP 1987), with a per-symbol cost model.
//!
//! Source: K. Abrahamson, *Generalized string matching*, SIAM J. Comput. 16(6), 1987,
//! O(n·sqrt(m log m)) time. The same split is used by `mariusmni/kmismatches`
//! (`kmismatch/src/algabrahamson.h`), which makes the `round(sqrt(m / (1 + log2 m)))` most
//! frequent pattern symbols heavy.
//!
//! # Algorithm
//! The number of matches at shift `s` is `Σ_c |{j : P[j] = c, T[s + j] = c}|`. Every pattern
//! symbol `c` (with `f_c` occurrences in P and `g_c` in T) is handled one of two ways:
//! - **heavy**: one FFT correlation of its indicators, through
//!   [`fft::add_symbol_matches`]. Cost independent of `f_c`, `g_c`.
//! - **light**: for every text position `i` with `T[i] = c` and every occurrence `j` of `c`
//!   in P, `match[i - j] += 1`. Cost `f_c · g_c` increments.
//!
//! With `τ` as the light/heavy threshold on `f_c`, light work is at most `n·τ` and heavy work
//! `(m/τ)·n·log m`, so `τ = sqrt(m log m)` gives Abrahamson's bound. This implementation does
//! not use a threshold: it decides **per symbol from actual costs** (see [`CostModel`]).
//! Symbols are sorted by brute cost `f_c·g_c`, descending, and the `k` most expensive become
//! heavy, where `k` minimises
//! `fft_cost(k) + β · Σ_{light c} f_c·g_c`. Every `k` from 0 to the number of distinct
//! pattern symbols is evaluated, so the split is optimal for the model.
//!
//! # Implementation
//! - Symbols are relabelled to dense ids with [`Alphabet`] (first-occurrence order), whose
//!   branch-free bucketed table encodes the text at about 0.7 ns per symbol (see
//!   [`crate::alphabet`]). Text symbols absent from P become
//!   [`NONE`](crate::alphabet::NONE).
//! - The split needs `g_c`. For `n <= 2^16` they are counted exactly; above that, from
//!   2^16 sampled positions (runs of 16 at pseudo-random offsets in equal strides), so that
//!   the all-light path can encode the text block by block inside the light pass and never
//!   builds an n-element id array. Estimates only move the split, never the result.
//! - When every symbol is light and the estimated light increments are at most `n/8`
//!   (large alphabets, e.g. u32 over 2^16 values), the light pass is sparse: every shift
//!   starts at `m` and each text position whose symbol occurs in P subtracts one at the
//!   shifts it matches, directly in the output (`sparse_light`): no counting window, flush
//!   or clearing, so the cost is screening the text plus one decrement per match. Keys below
//!   2^16 are screened 16 at a time against an 8 KiB bit set of the pattern's keys, and
//!   only the hits are relabelled.
//! - Pattern occurrences of light symbols are stored in a dense CSR array indexed by class
//!   (one class per light id; reversed positions `m - 1 - j`), so the hot loop does no
//!   hashing (see `ScatterPlan`).
//! - The light pass walks the text in blocks of `B = max(m, 4096)` positions and counts into
//!   a window of `B + m - 1` counters (≈ 20 KiB at m = 1024, so it stays in L1). Inside a
//!   block, positions are bucketed by symbol and scattered symbol-major (for each symbol,
//!   for each of its pattern positions, for each of its text positions), which avoids the
//!   store-to-load aliasing of the naive text-major loop and is about 2× faster for
//!   σ = 16–64. Shifts whose contributions are complete are flushed into the output after
//!   each block, and the last `m - 1` counters carry over to the next block.
//!
//! # Measured
//! Single thread, n = 2^20, m = 2^10 (pattern cut from the text), development machine
//! (2-core AMD EPYC Zen 5 under KVM, noisy: other jobs shared it), minimum of 11 runs, three
//! sessions, with [`CostModel::DEFAULT`] and the `fft` module as of this writing:
//!
//! | input | split chosen | time |
//! |---|---|---|
//! | uniform u32 over 2^16 values | all light, 18 k increments | 2.3–2.7 ms (windowed pass; the sparse pass: 1.4 ms of CPU time, loaded, see below) |
//! | Zipf-like (s = 1 over 8000 values, 492 in P) | 2 heavy, 4.7 M increments | 13.5–14.5 ms |
//! | uniform σ = 16 | all light, 67 M increments | 23–24.5 ms |
//! | uniform σ = 32 | all light, 34 M increments | 14 ms |
//! | uniform σ = 64 | all light, 17 M increments | 8–8.6 ms |
//! | DNA (u8, σ = 4) | all heavy | 11–11.5 ms |
//!
//! The suite's targets for these inputs (≤ 1.5 ms for u32 σ = 2^16, ≤ 8 ms for Zipf, ≤ 12 ms
//! for uniform σ = 16..64, at n = 2^20, m = 2^10) were met only for σ = 64 with the windowed
//! light pass. The sparse pass (below) brought u32 σ = 2^16 to 1.40–1.43 ms of CPU time per
//! call (from 2.9 ms with the windowed pass and the hash table, same conditions: `perf stat
//! -e task-clock` on example `sigma65536`, load 10, indicative; a quiet re-measurement
//! decides the target). Light
//! increments cost ≈ 0.41–0.47 ns; a pair of heavy symbols costs ≈ 3.6 ms plus ≈ 2.5 ms fixed
//! in [`fft::add_symbol_matches`] (its transforms alone take ≈ 2.2 ms per pair and ≈ 1.1 ms
//! for the shared inverses). On the Zipf-like text the model's split is not the fastest:
//! all light takes ≈ 11 ms there, because the light pass costs several ns per text
//! position for hundreds of classes whatever the split, which the model does not see (see
//! [`CostModel`]).
//!
//! # Complexity
//! Time O(n + m + k·n·log m + Σ_light f_c·g_c) for `k` heavy symbols, which the split keeps
//! at most that of Abrahamson's threshold rule, O(n·sqrt(m log m)). Memory O(n + m) plus the
//! FFT's.
//!
//! # Guarantees
//! Exact: agrees with [`crate::naive::hamming_naive`] bit for bit. Deterministic (no
//! randomness). The FFT part checks its own rounding ([`Error::PrecisionExceeded`]).

use std::hash::Hash;
use std::time::Instant;

use crate::alphabet::Alphabet;
use crate::error::{Error, check_lengths};
use crate::fft::{self, FftReport, check_pattern_fits_u32};

/// Cost constants for the heavy/light decision, in nanoseconds.
///
/// The model of making `k` symbols heavy (`pairs = ceil(k / 2)`, because two symbols share
/// one complex FFT in [`fft::add_symbol_matches`]) is
///
/// `fft_cost(k) = (blocks · (pairs · fft_pair_ns + fft_block_ns) + pairs · fft_pair_ns)
///               · N·log2 N + n · fft_text_ns`
///
/// with `N = fft::choose_block_size(n, m, pairs)` and `blocks = ceil((n - m + 1) / (N - m + 1))`
/// (0 when `k = 0`; the `pairs · fft_pair_ns` term outside the blocks is the pattern spectra),
/// and the light cost is `scatter_ns · Σ_light f_c·g_c`.
///
/// # Calibration
/// [`CostModel::DEFAULT`] was measured with [`CostModel::calibrate`] on the development
/// machine (2-core AMD EPYC, family 26 (Zen 5), 2.6 GHz TSC, KVM, single thread, opt-level 3,
/// rustfft 6.4 with its AVX code paths), seven runs, rounded: `fft_pair_ns ≈ 0.22–0.23`,
/// `fft_block_ns ≈ 0.15–0.17`, `fft_text_ns ≈ 0.08–0.12` (a cold, never-touched id array
/// costs ≈ 1.3 ns per position in page faults on that VM, so the all-light path is slightly
/// favoured in a cold process), `scatter_ns ≈ 0.41–0.42`. For scale, at n = 2^20,
/// m = 2^10 (N = 8192, 147 blocks): each pair of heavy symbols costs ≈ 3.6 ms, the fixed
/// part (half an inverse transform per block, rounding, the FFT plan) ≈ 2.5 ms, so the
/// first pair is worth ≈ 15 M light increments. Earlier versions of
/// [`fft::add_symbol_matches`] measured `fft_block_ns ≈ 0.85` and then `≈ 0.45` (with
/// `fft_pair_ns ≈ 0.25`): when that function changes, re-run [`CostModel::calibrate`] and
/// update the defaults. The light constant is measured for 64 uniform symbols; with
/// hundreds of light symbols of 1–2 occurrences each (Zipf-like text), the light pass has a
/// per-position overhead of several ns (bucketing the positions of hundreds of classes per
/// block) that the model does not capture, so it underestimates the light cost of such
/// texts by a fixed ≈ 5 ms at n = 2^20 and its split there is not the fastest (see the
/// module docs).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CostModel {
    /// Nanoseconds per `N·log2 N` unit, per text block, per pair of heavy symbols (one
    /// forward complex FFT plus building its input and the multiply-accumulate).
    pub fft_pair_ns: f64,
    /// Nanoseconds per `N·log2 N` unit, per text block, paid once whenever any symbol is
    /// heavy (the inverse FFT, rounding and accumulation).
    pub fft_block_ns: f64,
    /// Nanoseconds per text position, paid once whenever any symbol is heavy: the FFT needs
    /// the whole text as an id array, which the all-light path never builds.
    pub fft_text_ns: f64,
    /// Nanoseconds per light increment `match[i - j] += 1`.
    pub scatter_ns: f64,
}

impl CostModel {
    /// The constants measured on the development machine (see the type's docs).
    pub const DEFAULT: CostModel = CostModel {
        fft_pair_ns: 0.23,
        fft_block_ns: 0.16,
        fft_text_ns: 0.09,
        scatter_ns: 0.41,
    };

    /// Predicted nanoseconds for running [`fft::add_symbol_matches`] with `heavy` symbols
    /// on a text of length `n` and a pattern of length `m` (`1 <= m <= n`).
    ///
    /// # Example
    /// ```
    /// use hamming::abrahamson::CostModel;
    /// let c = CostModel::DEFAULT;
    /// assert_eq!(c.fft_ns(1 << 20, 1 << 10, 0), 0.0);
    /// assert!(c.fft_ns(1 << 20, 1 << 10, 4) > c.fft_ns(1 << 20, 1 << 10, 2));
    /// ```
    pub fn fft_ns(&self, n: usize, m: usize, heavy: usize) -> f64 {
        if heavy == 0 || m == 0 || m > n {
            return 0.0;
        }
        let pairs = heavy.div_ceil(2);
        let big_n = fft::choose_block_size(n, m, pairs);
        let blocks = (n - m + 1).div_ceil(big_n - m + 1);
        let unit = big_n as f64 * (big_n as f64).log2().max(1.0);
        let per_block = pairs as f64 * self.fft_pair_ns + self.fft_block_ns;
        (blocks as f64 * per_block + pairs as f64 * self.fft_pair_ns) * unit
            + n as f64 * self.fft_text_ns
    }

    /// Predicted nanoseconds for `increments` light increments.
    pub fn scatter_ns(&self, increments: u64) -> f64 {
        increments as f64 * self.scatter_ns
    }

    /// Measures the four constants on this machine (about 0.5 s, single thread).
    ///
    /// On a random text of length 2^20 over 64 symbols with m = 2^10, times
    /// [`fft::add_symbol_matches`] with 1 and 4 pairs of symbols (and solves for the per-pair
    /// and per-block constants), building an n-element id array, and the light pass with all
    /// symbols light; each figure is the fastest of 5 runs.
    ///
    /// # Example
    /// ```no_run
    /// let costs = hamming::abrahamson::CostModel::calibrate();
    /// let t = [1u32, 2, 3, 1, 2, 4];
    /// let (d, _) = hamming::abrahamson::hamming_abrahamson_with(&t, &[1, 2, 4], &costs).unwrap();
    /// assert_eq!(d, vec![1, 3, 3, 0]);
    /// ```
    pub fn calibrate() -> CostModel {
        let (n, m) = (1usize << 20, 1usize << 10);
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = |sigma: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % sigma) as u32
        };
        let tids: Vec<u32> = (0..n).map(|_| next(64)).collect();
        let pids = tids[n / 3..n / 3 + m].to_vec();
        let fastest = |f: &mut dyn FnMut()| {
            (0..5)
                .map(|_| {
                    let start = Instant::now();
                    f();
                    start.elapsed().as_secs_f64() * 1e9
                })
                .fold(f64::INFINITY, f64::min)
        };
        let mut acc = vec![0u32; n - m + 1];
        let mut fft_time = |k: u32| {
            let symbols: Vec<u32> = (0..k).collect();
            fastest(&mut || {
                acc.fill(0);
                let _ = fft::add_symbol_matches(&tids, &pids, &symbols, &mut acc);
            })
        };
        let (t1, t4) = (fft_time(2), fft_time(8));
        let unit = |pairs: usize| {
            let big_n = fft::choose_block_size(n, m, pairs);
            let blocks = (n - m + 1).div_ceil(big_n - m + 1);
            (blocks as f64, big_n as f64 * (big_n as f64).log2())
        };
        let ((b1, u1), (b4, u4)) = (unit(1), unit(4));
        // t1 = (b1·(a + c) + a)·u1 and t4 = (b4·(4a + c) + 4a)·u4: solve for a (per pair)
        // and c (per block).
        let (x1, x4) = (t1 / u1, t4 / u4);
        let pair = ((x4 - x1 * b4 / b1) / (4.0 * b4 + 4.0 - (b1 + 1.0) * b4 / b1)).max(0.01);
        let block = ((x1 - (b1 + 1.0) * pair) / b1).max(0.01);
        // The heavy path's id array: a fresh n-element vector, written and read back.
        let text = fastest(&mut || {
            let v: Vec<u32> = tids.iter().map(|&x| x ^ 1).collect();
            std::hint::black_box(v);
        }) / n as f64;
        // Light pass: everything light, 64 symbols.
        let d = 64;
        let plan = ScatterPlan::light(&pids, d, &[false; 64]);
        let mut out = vec![0u32; n - m + 1];
        let mut increments = 0;
        let m32 = m as u32;
        let light = fastest(&mut || {
            out.fill(0);
            increments = plan.run(
                n,
                &mut out,
                |b0, ids| {
                    let len = ids.len();
                    ids.copy_from_slice(&tids[b0..b0 + len]);
                },
                |heavy, light| m32 - heavy - light,
            );
        });
        CostModel {
            fft_pair_ns: pair,
            fft_block_ns: block,
            fft_text_ns: text,
            scatter_ns: light / increments.max(1) as f64,
        }
    }
}

impl Default for CostModel {
    fn default() -> Self {
        CostModel::DEFAULT
    }
}

/// What [`hamming_abrahamson_with`] decided and did.
#[derive(Debug, Clone, PartialEq)]
pub struct AbrahamsonReport<S> {
    /// The heavy symbols (computed by FFT), most expensive first.
    pub heavy: Vec<S>,
    /// Number of light pattern symbols (counted directly).
    pub light_symbols: usize,
    /// Number of light increments performed, `Σ_light f_c·g_c`.
    pub light_increments: u64,
    /// Predicted FFT time under the cost model, nanoseconds.
    pub predicted_fft_ns: f64,
    /// Predicted light-pass time under the cost model, nanoseconds.
    pub predicted_light_ns: f64,
    /// What the FFT part did (all zero when no symbol is heavy).
    pub fft: FftReport,
}

/// Hamming distances by Abrahamson's heavy/light split with the default [`CostModel`].
///
/// Source: Abrahamson, SICOMP 1987. See the [module docs](self) for the algorithm.
///
/// # Complexity
/// O(n·sqrt(m log m)) time in the worst case (the per-symbol split never does worse than
/// Abrahamson's threshold rule under the cost model); O(n + m) extra memory plus the FFT's.
///
/// # Guarantees
/// Exact and deterministic.
///
/// # Errors
/// [`Error::EmptyPattern`] if `p` is empty, [`Error::PatternLongerThanText`] if `p` is longer
/// than `t`, [`Error::Unsupported`] if `m >= u32::MAX`, [`Error::PrecisionExceeded`] if the
/// FFT's rounding check fails (never observed).
///
/// # Example
/// ```
/// use hamming::abrahamson::hamming_abrahamson;
/// let d = hamming_abrahamson(b"abcabd", b"abd").unwrap();
/// assert_eq!(d, vec![1, 3, 3, 0]);
/// ```
pub fn hamming_abrahamson<S: Copy + Eq + Hash>(t: &[S], p: &[S]) -> Result<Vec<u32>, Error> {
    hamming_abrahamson_with(t, p, &CostModel::DEFAULT).map(|(d, _)| d)
}

/// [`hamming_abrahamson`] with explicit cost constants, also returning the split.
///
/// `CostModel { scatter_ns: 0.0, .. }` makes every symbol light; zero FFT constants make every
/// symbol heavy.
///
/// # Complexity
/// As [`hamming_abrahamson`], for the split the model picks.
///
/// # Errors
/// As [`hamming_abrahamson`].
///
/// # Example
/// ```
/// use hamming::abrahamson::{CostModel, hamming_abrahamson_with};
/// let all_heavy = CostModel { fft_pair_ns: 0.0, fft_block_ns: 0.0, fft_text_ns: 0.0, scatter_ns: 1.0 };
/// let (d, report) = hamming_abrahamson_with(b"abcabd", b"abd", &all_heavy).unwrap();
/// assert_eq!(d, vec![1, 3, 3, 0]);
/// assert_eq!(report.heavy.len(), 3);
/// assert_eq!(report.light_increments, 0);
/// ```
pub fn hamming_abrahamson_with<S: Copy + Eq + Hash>(
    t: &[S],
    p: &[S],
    costs: &CostModel,
) -> Result<(Vec<u32>, AbrahamsonReport<S>), Error> {
    check_lengths(t.len(), p.len())?;
    check_pattern_fits_u32(p.len())?;
    let (n, m) = (t.len(), p.len());
    let (alphabet, pids) = Alphabet::of_pattern(p);
    let d = alphabet.len();
    let text_counts = alphabet.estimate_text_counts(t);
    let split = choose_split(n, m, alphabet.pattern_counts(), &text_counts[..d], costs);
    let mut is_heavy = vec![false; d];
    for &c in &split.heavy {
        is_heavy[c as usize] = true;
    }
    let plan = ScatterPlan::light(&pids, d, &is_heavy);
    let m32 = m as u32;
    let finish = |heavy: u32, light: u32| m32 - heavy - light;
    let mut out = vec![0u32; n - m + 1];
    let encode = |b0: usize, ids: &mut [u32]| alphabet.encode_into(&t[b0..b0 + ids.len()], ids);
    let (fft_report, light_increments) = if split.heavy.is_empty()
        && split.light_increments.saturating_mul(SPARSE_BELOW) <= n as u64
    {
        // All light and few matches: subtract them from m directly, no counting window.
        (
            FftReport::default(),
            sparse_light(&alphabet, t, &pids, &mut out),
        )
    } else if split.heavy.is_empty() {
        // Encode the text block by block inside the light pass: no n-sized id array.
        let increments = plan.run(n, &mut out, encode, finish);
        (FftReport::default(), increments)
    } else {
        let tids = alphabet.encode_text(t);
        let report = fft::add_symbol_matches(&tids, &pids, &split.heavy, &mut out)?;
        let increments = plan.run(
            n,
            &mut out,
            |b0, ids| {
                let len = ids.len();
                ids.copy_from_slice(&tids[b0..b0 + len]);
            },
            finish,
        );
        (report, increments)
    };
    let report = AbrahamsonReport {
        heavy: split.heavy.iter().map(|&c| alphabet.symbol(c)).collect(),
        light_symbols: d - split.heavy.len(),
        light_increments,
        predicted_fft_ns: split.fft_ns,
        predicted_light_ns: costs.scatter_ns(split.light_increments),
        fft: fft_report,
    };
    Ok((out, report))
}

/// The all-light pass takes the sparse path ([`sparse_light`]) when the estimated light
/// increments are at most `n / SPARSE_BELOW`: a hit costs it some 20–40 ns (a mispredicted
/// branch and a lookup), against about 2.5 ns per text position for the windowed pass.
pub(crate) const SPARSE_BELOW: u64 = 32;

/// The light pass when every symbol is light and matches are few (large alphabets): every
/// shift starts at `m`, and each text position whose symbol occurs in the pattern subtracts
/// one from the shifts it matches at, straight in `out`. No counting window, no flush, no
/// per-block clearing: the cost is encoding the text plus one decrement per match. Returns
/// the decrements (the light increments).
fn sparse_light<S: Copy + Eq + Hash>(
    alphabet: &Alphabet<S>,
    t: &[S],
    pids: &[u32],
    out: &mut [u32],
) -> u64 {
    const BLOCK: usize = 4096;
    let (n, m, d) = (t.len(), pids.len(), alphabet.len());
    // Pattern positions of each id, CSR.
    let mut starts = vec![0u32; d + 1];
    for &c in pids {
        starts[c as usize + 1] += 1;
    }
    for c in 0..d {
        starts[c + 1] += starts[c];
    }
    let mut next = starts.clone();
    let mut positions = vec![0u32; m];
    for (j, &c) in pids.iter().enumerate() {
        positions[next[c as usize] as usize] = j as u32;
        next[c as usize] += 1;
    }
    out.fill(m as u32);
    let shifts = out.len();
    let mut decrements = 0u64;
    let mut hit = |i: usize, id: u32, out: &mut [u32]| {
        if (id as usize) < d {
            let js = &positions[starts[id as usize] as usize..starts[id as usize + 1] as usize];
            decrements += js.len() as u64;
            for &j in js {
                // Shift i - j, when it exists (j <= i and i - j < shifts).
                let s = i.wrapping_sub(j as usize);
                if s < shifts {
                    out[s] -= 1;
                }
            }
        }
    };
    if let Some(bits) = alphabet.presence_bits() {
        // Keys below 2^16: an 8 KiB bit set (in L1) screens 16 positions at a time, and only
        // the positions whose key is a pattern symbol's are looked up.
        for (c, chunk) in t.chunks(16).enumerate() {
            if !chunk
                .iter()
                .fold(false, |a, s| a | crate::alphabet::key_present(&bits, s))
            {
                continue;
            }
            for (k, s) in chunk.iter().enumerate() {
                if crate::alphabet::key_present(&bits, s) {
                    hit(16 * c + k, alphabet.id(s), out);
                }
            }
        }
        return decrements;
    }
    let mut ids = vec![0u32; BLOCK.min(n)];
    for b0 in (0..n).step_by(BLOCK) {
        let ids = &mut ids[..BLOCK.min(n - b0)];
        alphabet.encode_into(&t[b0..b0 + ids.len()], ids);
        // Most positions miss: skip 16 at a time when their smallest id is not a pattern id
        // (a branch-free minimum the compiler vectorizes).
        for (c, chunk) in ids.chunks(16).enumerate() {
            if chunk.iter().fold(u32::MAX, |a, &b| a.min(b)) as usize >= d {
                continue;
            }
            for (k, &id) in chunk.iter().enumerate() {
                hit(b0 + 16 * c + k, id, out);
            }
        }
    }
    decrements
}

/// The counts [`hamming_abrahamson_with`] reports (heavy symbols, light increments, the FFT
/// part's block size, blocks and transforms), without running the FFTs or the light pass:
/// the same split from the same sampled text counts, the exact light increments from one
/// counting pass over the text, and the transform count fixed by the sizes. Predicted
/// times are as in the run; `fft.max_rounding_error` is 0. Makes long patterns (m = 2^20)
/// affordable for operation-count tables; a test checks it equals the run's report.
///
/// # Errors
/// As [`hamming_abrahamson`], except [`Error::PrecisionExceeded`].
///
/// # Example
/// ```
/// use hamming::abrahamson::{CostModel, hamming_abrahamson_with, operation_counts};
/// let (_, run) = hamming_abrahamson_with(b"abcabdabcabd", b"abda", &CostModel::DEFAULT).unwrap();
/// let counts = operation_counts(b"abcabdabcabd", b"abda", &CostModel::DEFAULT).unwrap();
/// assert_eq!(counts.light_increments, run.light_increments);
/// ```
pub fn operation_counts<S: Copy + Eq + Hash>(
    t: &[S],
    p: &[S],
    costs: &CostModel,
) -> Result<AbrahamsonReport<S>, Error> {
    check_lengths(t.len(), p.len())?;
    check_pattern_fits_u32(p.len())?;
    let (n, m) = (t.len(), p.len());
    let (alphabet, _) = Alphabet::of_pattern(p);
    let d = alphabet.len();
    let counts = alphabet.pattern_counts();
    let estimated = alphabet.estimate_text_counts(t);
    let split = choose_split(n, m, counts, &estimated[..d], costs);
    let exact = crate::tiered::exact_text_counts(&alphabet, t);
    let fft = match split.heavy.iter().max() {
        Some(&top) => fft::predicted_report(n, m, split.heavy.len().div_ceil(2), top as usize + 2),
        None => FftReport::default(),
    };
    Ok(AbrahamsonReport {
        heavy: split.heavy.iter().map(|&c| alphabet.symbol(c)).collect(),
        light_symbols: d - split.heavy.len(),
        light_increments: split
            .light
            .iter()
            .map(|&c| u64::from(counts[c as usize]) * exact[c as usize])
            .sum(),
        predicted_fft_ns: split.fft_ns,
        predicted_light_ns: costs.scatter_ns(split.light_increments),
        fft,
    })
}

/// The heavy/light decision.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Split {
    /// Heavy ids, most expensive (by `f_c·g_c`) first.
    pub(crate) heavy: Vec<u32>,
    /// Light ids, most expensive first.
    pub(crate) light: Vec<u32>,
    /// `Σ_light f_c·g_c`.
    pub(crate) light_increments: u64,
    /// Predicted FFT nanoseconds.
    pub(crate) fft_ns: f64,
}

/// Picks the `k` symbols with the largest `f_c·g_c` as heavy, `k` minimising the model cost.
pub(crate) fn choose_split(
    n: usize,
    m: usize,
    pattern_counts: &[u32],
    text_counts: &[u64],
    costs: &CostModel,
) -> Split {
    let brute = |c: u32| u64::from(pattern_counts[c as usize]) * text_counts[c as usize];
    let mut order: Vec<u32> = (0..pattern_counts.len() as u32).collect();
    // Ties broken by id, so the split is deterministic.
    order.sort_by(|&a, &b| brute(b).cmp(&brute(a)).then(a.cmp(&b)));
    let total: u64 = order.iter().map(|&c| brute(c)).sum();
    let (mut best_k, mut best_cost) = (0usize, costs.scatter_ns(total));
    let mut remaining = total;
    let mut last_fft = (usize::MAX, 0.0);
    for (k, &c) in order.iter().enumerate() {
        remaining -= brute(c);
        let heavy = k + 1;
        let pairs = heavy.div_ceil(2);
        if last_fft.0 != pairs {
            last_fft = (pairs, costs.fft_ns(n, m, heavy));
        }
        let cost = last_fft.1 + costs.scatter_ns(remaining);
        if cost <= best_cost {
            best_k = heavy;
            best_cost = cost;
        }
    }
    let light = order.split_off(best_k);
    let light_increments = light.iter().map(|&c| brute(c)).sum();
    Split {
        fft_ns: costs.fft_ns(n, m, order.len()),
        heavy: order,
        light,
        light_increments,
    }
}

/// The light pass: which pattern positions each text id scatters to, and the blocked,
/// symbol-major loop that does it. Shared with [`crate::hashing`].
///
/// Text ids are mapped to *classes* (`class_of[id]`, with index `d` standing for
/// [`NONE`](crate::alphabet::NONE)); class `L = ranges.len()` means "nothing to do". A text
/// position whose id has class `l` adds one to the shifts `i - j` for the reversed pattern
/// positions `r = m - 1 - j` listed in `positions[ranges[l][0]..ranges[l][1]]` and
/// `positions[ranges[l][2]..ranges[l][3]]`.
///
/// # The loop
/// The text is walked in blocks of `B = max(m, 4096)` positions and counted into a window of
/// `B + m - 1` counters (allocated to the next power of two) (shift `b0 + k - (m - 1)` is `window[k]`), which stays in L1/L2.
/// Inside a block the text positions are bucketed by class (a counting sort), and for each
/// class and each of its pattern positions `r` the loop adds 1 at `window[k + r]` for all of
/// the class's block positions `k` (blocks with fewer light positions than an eighth of the
/// number of classes go text-major instead, to skip the sort). This symbol-major order never increments the same
/// counter twice in a row, unlike the text-major order (`for i { for r { .. } }`), whose
/// increments from neighbouring text positions alias in the store buffer; on the development
/// machine it is about 2× faster for σ = 16–64. After each block, the shifts that can receive
/// no more counts are flushed as `out[s] = finish(out[s], count)`, and the counters of the
/// shifts still open move to the front of the window.
#[derive(Debug, Clone)]
pub(crate) struct ScatterPlan {
    pub(crate) class_of: Vec<u32>,
    pub(crate) ranges: Vec<[u32; 4]>,
    pub(crate) positions: Vec<u32>,
    pub(crate) m: usize,
}

impl ScatterPlan {
    /// Abrahamson's light pass: every light id (`!heavy[c]`) is its own class and scatters
    /// to its own pattern occurrences.
    pub(crate) fn light(pids: &[u32], d: usize, heavy: &[bool]) -> Self {
        let m = pids.len();
        let light: Vec<u32> = (0..d as u32).filter(|&c| !heavy[c as usize]).collect();
        let nclasses = light.len() as u32;
        let mut class_of = vec![nclasses; d + 1];
        for (l, &c) in light.iter().enumerate() {
            class_of[c as usize] = l as u32;
        }
        let mut starts = vec![0u32; light.len() + 1];
        for &c in pids {
            let l = class_of[c as usize];
            if l < nclasses {
                starts[l as usize + 1] += 1;
            }
        }
        for l in 0..light.len() {
            starts[l + 1] += starts[l];
        }
        let mut fill = starts.clone();
        let mut positions = vec![0u32; starts[light.len()] as usize];
        for (r, &c) in pids.iter().rev().enumerate() {
            let l = class_of[c as usize];
            if l < nclasses {
                positions[fill[l as usize] as usize] = r as u32;
                fill[l as usize] += 1;
            }
        }
        let ranges = (0..light.len())
            .map(|l| [starts[l], starts[l + 1], 0, 0])
            .collect();
        ScatterPlan {
            class_of,
            ranges,
            positions,
            m,
        }
    }

    /// The one or two pattern-position lists of a class.
    #[inline(always)]
    fn lists(&self, range: &[u32; 4]) -> [&[u32]; 2] {
        [
            &self.positions[range[0] as usize..range[1] as usize],
            &self.positions[range[2] as usize..range[3] as usize],
        ]
    }

    /// Runs the pass over a text of `n` ids; `fill(b0, ids)` writes the ids of text
    /// positions `b0..b0 + ids.len()`. Returns the number of increments.
    pub(crate) fn run(
        &self,
        n: usize,
        out: &mut [u32],
        mut fill: impl FnMut(usize, &mut [u32]),
        finish: impl Fn(u32, u32) -> u32,
    ) -> u64 {
        let m = self.m;
        let nclasses = self.ranges.len();
        if nclasses == 0 {
            // Nothing is light: only finish the outputs.
            for o in out.iter_mut() {
                *o = finish(*o, 0);
            }
            return 0;
        }
        let d = self.class_of.len() - 1;
        let block = m.max(4096);
        // A power-of-two length lets the hot loop mask its indices instead of checking them.
        let mut window = vec![0u32; (block + m).next_power_of_two()];
        let wmask = window.len() - 1;
        let mut ids = vec![0u32; block];
        let mut sorted = vec![0u32; block];
        let mut heads = vec![0u32; nclasses + 2];
        let mut lanes = vec![[0u32; 4]; nclasses + 1];
        let mut increments = 0u64;
        // Shifts s < next are flushed.
        let mut next = 0usize;
        for b0 in (0..n).step_by(block) {
            let b1 = (b0 + block).min(n);
            let ids = &mut ids[..b1 - b0];
            fill(b0, ids);
            let mut used = 0usize;
            for id in ids.iter_mut() {
                *id = self.class_of[(*id as usize).min(d)];
                used += usize::from((*id as usize) < nclasses);
            }
            if used == 0 {
                // No light symbol in this block.
            } else if used * 8 < nclasses {
                // Few light positions for many classes: text-major, no sorting.
                for (k, &l) in ids.iter().enumerate() {
                    if let Some(range) = self.ranges.get(l as usize) {
                        for list in self.lists(range) {
                            increments += list.len() as u64;
                            let w = &mut window[k..k + m];
                            for &r in list {
                                w[r as usize] += 1;
                            }
                        }
                    }
                }
            } else {
                // Counting sort of the block's positions by class, then symbol-major.
                // Four interleaved count tables, so that runs of one class (often the
                // "nothing to do" class) do not serialise on one counter.
                lanes.fill([0; 4]);
                let mut quads = ids.chunks_exact(4);
                for q in &mut quads {
                    for (lane, &l) in q.iter().enumerate() {
                        lanes[l as usize][lane] += 1;
                    }
                }
                for &l in quads.remainder() {
                    lanes[l as usize][0] += 1;
                }
                heads[0] = 0;
                for l in 0..=nclasses {
                    heads[l + 1] = heads[l] + lanes[l].iter().sum::<u32>();
                }
                // Branch-free: the "nothing to do" class L is sorted too, into the tail.
                for (k, &l) in ids.iter().enumerate() {
                    let h = &mut heads[l as usize];
                    sorted[*h as usize] = k as u32;
                    *h += 1;
                }
                // Now heads[l] is the end of class l, which starts where class l - 1 ends.
                let mut start = 0usize;
                for (l, range) in self.ranges.iter().enumerate() {
                    let end = heads[l] as usize;
                    if end > start {
                        let ks = &sorted[start..end];
                        for list in self.lists(range) {
                            increments += (list.len() * ks.len()) as u64;
                            scatter_class(&mut window, wmask, ks, list);
                        }
                    }
                    start = end;
                }
                debug_assert_eq!(start, used);
            }
            // b1 >= m because block >= m and n >= m; shifts up to b1 - m are complete.
            let last = (b1 - m).min(out.len() - 1);
            let counts = &window[next + m - 1 - b0..=last + m - 1 - b0];
            for (o, &c) in out[next..=last].iter_mut().zip(counts) {
                *o = finish(*o, c);
            }
            next = last + 1;
            // Only `window[..block + m - 1]` is ever written: clear just that (the rest of the
            // power-of-two allocation stays zero).
            window.copy_within(block..block + m - 1, 0);
            window[m - 1..block + m - 1].fill(0);
        }
        increments
    }
}

/// `window[k + r] += 1` for every `k` in `ks` and `r` in `list` (all sums `< window.len()`,
/// which is `wmask + 1`, a power of two, so masking replaces bounds checks).
#[inline]
fn scatter_class(window: &mut [u32], wmask: usize, ks: &[u32], list: &[u32]) {
    for &r in list {
        for &k in ks {
            window[(k as usize + r as usize) & wmask] += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparse_light_pass_equals_naive() {
        for (n, m, sigma) in [
            (1usize, 1usize, 2u32),
            (5000, 1, 70_000),
            (9000, 300, 65_536),
            (20_000, 4100, 1 << 20),
            (7000, 700, 40),
        ] {
            let mut x = 0x9e37_79b9_7f4a_7c15u64 ^ n as u64;
            let mut next = move || {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x % u64::from(sigma)) as u32
            };
            let t: Vec<u32> = (0..n).map(|_| next()).collect();
            let mut p: Vec<u32> = t[n - m..].to_vec();
            p[0] = next();
            let (alphabet, pids) = Alphabet::of_pattern(&p);
            let mut out = vec![0u32; n - m + 1];
            let decrements = sparse_light(&alphabet, &t, &pids, &mut out);
            assert_eq!(
                out,
                crate::naive::hamming_naive(&t, &p).unwrap(),
                "n={n} m={m}"
            );
            let want: u64 = t
                .iter()
                .map(|c| p.iter().filter(|&q| q == c).count() as u64)
                .sum();
            assert_eq!(decrements, want);
        }
    }

    #[test]
    fn sparse_light_pass_with_partial_keys_equals_naive() {
        /// Hashes only the low byte: text symbols share keys with unequal pattern symbols.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        struct Low(u32);
        impl Hash for Low {
            fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
                state.write_u8(self.0 as u8);
            }
        }
        let t: Vec<Low> = (0..6000u32)
            .map(|i| Low(i.wrapping_mul(2_654_435_761) >> 22))
            .collect();
        let p: Vec<Low> = (0..200u32).map(|j| Low(j * 3)).collect();
        let chars: Vec<char> = (0..6000u32)
            .map(|i| char::from_u32(0x4e00 + (i.wrapping_mul(2_654_435_761) >> 20) % 3000).unwrap())
            .collect();
        let cp = &chars[100..400];
        for (name, got, want) in [
            (
                "low",
                sparse_run(&t, &p),
                crate::naive::hamming_naive(&t, &p).unwrap(),
            ),
            (
                "chars",
                sparse_run(&chars, cp),
                crate::naive::hamming_naive(&chars, cp).unwrap(),
            ),
        ] {
            assert_eq!(got, want, "{name}");
        }
    }

    fn sparse_run<S: Copy + Eq + Hash>(t: &[S], p: &[S]) -> Vec<u32> {
        let (alphabet, pids) = Alphabet::of_pattern(p);
        assert!(alphabet.presence_bits().is_some());
        let mut out = vec![0u32; t.len() - p.len() + 1];
        sparse_light(&alphabet, t, &pids, &mut out);
        out
    }

    #[test]
    fn large_alphabets_take_the_sparse_path() {
        let t: Vec<u32> = (0..50_000u32)
            .map(|i| i.wrapping_mul(2_654_435_761) >> 16)
            .collect();
        let p = &t[1000..2024];
        let (d, report) = hamming_abrahamson_with(&t, p, &CostModel::DEFAULT).unwrap();
        assert!(report.heavy.is_empty());
        assert!(report.light_increments * SPARSE_BELOW <= t.len() as u64);
        assert_eq!(d, crate::naive::hamming_naive(&t, p).unwrap());
    }
}
