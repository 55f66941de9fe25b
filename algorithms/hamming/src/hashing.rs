//! Hashing with exact collision correction: a Las Vegas algorithm in the direction of
//! Chan–Jin–Vassilevska Williams–Xu (CJVX).
//!
//! Source anchor: T. M. Chan, C. Jin, V. Vassilevska Williams, Y. Xu, *Faster Algorithms for
//! Text-to-Pattern Hamming Distances*, FOCS 2023, arXiv 2310.13174: O(n·sqrt m) Las Vegas,
//! from "a novel combination of hashing, bit-packed FFT, and recursion".
//!
//! # What this module does
//! 1. **Heavy/light split** exactly as [`crate::abrahamson`]: the symbols with the largest
//!    `f_c·g_c` (pattern count × text count) that the [`CostModel`] says are worth an FFT get
//!    one FFT each ("singleton buckets", never any collision).
//! 2. **Hashing**: the remaining (light) pattern symbols are mapped to `K` buckets by a seeded
//!    random function (`rand_pcg::Pcg64`, one draw per dense symbol id). Each non-empty
//!    bucket is one FFT correlation (via [`fft::add_symbol_matches`] on bucket ids), which
//!    counts `H[s] = Σ_j [h(T[s+j]) = h(P[j])]`: every true match, plus every *collision*
//!    (`T[s+j] != P[j]` but both in one bucket).
//! 3. **Exact correction**: the collisions `E[s]` are counted directly, by the blocked
//!    scatter of [`crate::abrahamson`]: each text position holding a light symbol `c` adds 1
//!    at shift `i - j` for every pattern position `j` whose symbol is in `c`'s bucket but is
//!    not `c`. Then `out[s] = m - (H[s] - E[s])`.
//!
//! The output is exact for every seed; the seed only decides which symbols share a bucket,
//! i.e. how many collisions must be corrected, i.e. the running time. That is the Las Vegas
//! property; the tests check identical output for many seeds. Expected correction work is
//! `(G·F - Σ_c g_c·f_c) / K` increments (`G`, `F`: text and pattern occurrences of light
//! symbols), whatever the symbol values are: the hash acts on dense ids assigned by first
//! occurrence, with an independent uniform draw per id, so symbols that are multiples of
//! `2^k` (the classic failure of multiplicative hashing) or periodic texts cannot bias it.
//! `K` is chosen to minimise `fft_cost(heavy + K) + β·(expected collisions)` under the
//! [`CostModel`], or given explicitly in [`HashingParams`].
//!
//! # What this module does **not** do (honestly)
//! - No hashing of *positions* modulo a random prime (the additive-structure-preserving hash
//!   of CJVX and Jin–Xu STOC 2024); only symbols are hashed.
//! - No sumset ("X+Y") lemma, no bit-packed FFT in the Word-RAM sense (the f64 packing of
//!   [`crate::bitpacked_fft`] is not used here), no recursion on buckets.
//! - Hence **not** the O(n·sqrt m) bound: the time is that of Abrahamson's method plus the
//!   bucket FFTs plus the correction, O(n + (k + K)·n·log m + collisions).
//! - In this symbol-hashing form the hashing never pays off against [`crate::abrahamson`]:
//!   for two symbols in one bucket the correction costs `g_1·f_2 + g_2·f_1` while counting
//!   both directly costs `g_1·f_1 + g_2·f_2`, and the FFT saved is at most one. The module
//!   exists as a tested, exact Las Vegas skeleton (hash, FFT, correct) on which a faithful
//!   CJVX implementation could be built, and as the `cjvx`-direction entry of benchmarks.
//!
//! # Complexity
//! Time O(n + m + (k + K)·n·log m + C) with `C` the number of collided (text, pattern)
//! pairs, `E[C] = (G·F - Σ g_c·f_c)/K`; memory O(n + m) plus the FFT's.
//!
//! # Measured
//! n = 2^20, m = 2^10, seed 1, single thread, development machine (2-core AMD EPYC Zen 5,
//! KVM), default parameters, against [`crate::abrahamson`] on the same inputs: uniform u32
//! over 2^16 values 23 ms (K = 2, 8.8 M collisions; Abrahamson 2.2 ms); Zipf-like, ~6000
//! symbols 62 ms (2 heavy, K = 8, 40 M collisions; 23 ms); uniform σ = 16 / 32 / 64:
//! 54 / 67 / 67 ms (K = 16, 52–70 M collisions; 24 / 15 / 9 ms); DNA 24 ms (all four
//! symbols heavy, nothing to hash; 23 ms). The observed collisions match the expectation
//! within a few percent.

use std::hash::Hash;

use rand_core::{Rng, SeedableRng};
use rand_pcg::Pcg64;

use crate::abrahamson::{CostModel, ScatterPlan, choose_split};
use crate::alphabet::{Alphabet, NONE};
use crate::error::{Error, check_lengths};
use crate::fft::{self, FftReport, check_pattern_fits_u32};

/// Options for [`hamming_hashing_with`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HashingParams {
    /// Number of buckets for the light symbols (clamped to `1..=light symbols`); `None`
    /// picks the number that minimises the cost model.
    pub buckets: Option<usize>,
    /// Cost constants for the heavy/light split and the bucket count.
    pub costs: CostModel,
}

impl Default for HashingParams {
    fn default() -> Self {
        HashingParams {
            buckets: None,
            costs: CostModel::DEFAULT,
        }
    }
}

/// What [`hamming_hashing_with`] did.
#[derive(Debug, Clone, PartialEq)]
pub struct HashingReport {
    /// The seed of the bucket map.
    pub seed: u64,
    /// Number of heavy symbols (singleton FFTs).
    pub heavy_symbols: usize,
    /// Number of light symbols that were hashed.
    pub light_symbols: usize,
    /// Number of buckets `K` (some may be empty).
    pub buckets: usize,
    /// Number of collided (text, pattern) position pairs that were corrected.
    pub collisions: u64,
    /// Expected number of collisions for `K` buckets under the text-count estimates.
    pub expected_collisions: f64,
    /// What the FFT part did.
    pub fft: FftReport,
}

/// Hamming distances by hashing light symbols into buckets, one FFT per bucket, and exact
/// correction of the collisions, with a seeded bucket map (Las Vegas: the output does not
/// depend on `seed`, only the running time does).
///
/// Source: in the direction of Chan–Jin–Vassilevska Williams–Xu, FOCS 2023; see the
/// [module docs](self) for what is and is not realised.
///
/// # Complexity
/// O(n + m + (k + K)·n·log m + C) time, `C` the collisions (expected
/// `(G·F - Σ g_c·f_c)/K`); O(n + m) memory plus the FFT's.
///
/// # Guarantees
/// Exact for every seed; identical output for every seed.
///
/// # Errors
/// [`Error::EmptyPattern`], [`Error::PatternLongerThanText`]; [`Error::Unsupported`] if
/// `m >= u32::MAX`; [`Error::PrecisionExceeded`] if the FFT's rounding check fails (never
/// observed).
///
/// # Example
/// ```
/// use hamming::hashing::hamming_hashing;
/// let t = [5u32, 7, 5, 9, 7, 5, 9, 9];
/// let p = [5u32, 9, 7];
/// let expected = hamming::naive::hamming_naive(&t, &p).unwrap();
/// for seed in 0..5 {
///     assert_eq!(hamming_hashing(&t, &p, seed).unwrap(), expected);
/// }
/// ```
pub fn hamming_hashing<S: Copy + Eq + Hash>(
    t: &[S],
    p: &[S],
    seed: u64,
) -> Result<Vec<u32>, Error> {
    hamming_hashing_with(t, p, seed, &HashingParams::default()).map(|(d, _)| d)
}

/// [`hamming_hashing`] with explicit parameters, also returning a report.
///
/// # Complexity
/// As [`hamming_hashing`] for the chosen `K`.
///
/// # Errors
/// As [`hamming_hashing`].
///
/// # Example
/// ```
/// use hamming::hashing::{HashingParams, hamming_hashing_with};
/// // Everything light, all light symbols in one bucket: maximal collisions, still exact.
/// let params = HashingParams {
///     buckets: Some(1),
///     costs: hamming::abrahamson::CostModel { scatter_ns: 0.0, ..Default::default() },
/// };
/// let (d, report) = hamming_hashing_with(b"abcabd", b"abd", 42, &params).unwrap();
/// assert_eq!(d, vec![1, 3, 3, 0]);
/// assert_eq!(report.buckets, 1);
/// assert!(report.collisions > 0);
/// ```
pub fn hamming_hashing_with<S: Copy + Eq + Hash>(
    t: &[S],
    p: &[S],
    seed: u64,
    params: &HashingParams,
) -> Result<(Vec<u32>, HashingReport), Error> {
    check_lengths(t.len(), p.len())?;
    check_pattern_fits_u32(p.len())?;
    let (n, m) = (t.len(), p.len());
    let costs = &params.costs;
    let (alphabet, pids) = Alphabet::of_pattern(p);
    let d = alphabet.len();
    let text_counts = alphabet.estimate_text_counts(t);
    let fcount = alphabet.pattern_counts();
    let split = choose_split(n, m, fcount, &text_counts[..d], costs);
    let light = &split.light;

    // Bucket count: explicit, or the model's best.
    let (g_light, f_light, diag) = light.iter().fold((0f64, 0f64, 0f64), |acc, &c| {
        let (f, g) = (
            f64::from(fcount[c as usize]),
            text_counts[c as usize] as f64,
        );
        (acc.0 + g, acc.1 + f, acc.2 + f * g)
    });
    let cross = (g_light * f_light - diag).max(0.0);
    let k_buckets = if light.is_empty() {
        0
    } else if let Some(k) = params.buckets {
        k.clamp(1, light.len())
    } else {
        let cost = |k: usize| {
            costs.fft_ns(n, m, split.heavy.len() + k) + cross / k as f64 * costs.scatter_ns
        };
        let limit = light.len().min(4096);
        (1..=limit)
            .min_by(|&a, &b| cost(a).total_cmp(&cost(b)))
            .unwrap_or(1)
    };

    // The seeded bucket map, one independent draw per light id (in id order).
    let mut rng = Pcg64::seed_from_u64(seed);
    let mut bucket_of = vec![u32::MAX; d];
    let mut light_sorted = light.clone();
    light_sorted.sort_unstable();
    for &c in &light_sorted {
        let r = u128::from(rng.next_u64()) * k_buckets as u128;
        bucket_of[c as usize] = (r >> 64) as u32;
    }

    // Super-symbols for the FFT: heavy ids stay, light ids become d + bucket.
    let mut super_id: Vec<u32> = (0..d as u32).collect();
    for &c in light {
        super_id[c as usize] = d as u32 + bucket_of[c as usize];
    }
    let to_super = |id: u32| super_id.get(id as usize).copied().unwrap_or(NONE);
    let dense = alphabet.encode_text(t);
    let tids: Vec<u32> = dense.iter().map(|&c| to_super(c)).collect();
    let spids: Vec<u32> = pids.iter().map(|&c| to_super(c)).collect();
    let mut used = vec![false; k_buckets];
    for &c in light {
        used[bucket_of[c as usize] as usize] = true;
    }
    let mut symbols = split.heavy.clone();
    symbols.extend((0..k_buckets).filter(|&b| used[b]).map(|b| (d + b) as u32));
    let mut out = vec![0u32; n - m + 1];
    let fft_report = fft::add_symbol_matches(&tids, &spids, &symbols, &mut out)?;

    // Exact correction: class = light id; its lists are the pattern positions of its bucket
    // minus its own. Positions are laid out bucket by bucket, id by id inside a bucket.
    let plan = collision_plan(&pids, d, light, &bucket_of, k_buckets);
    let m32 = m as u32;
    let collisions = plan.run(
        n,
        &mut out,
        |b0, ids| {
            let len = ids.len();
            ids.copy_from_slice(&dense[b0..b0 + len]);
        },
        // m - (H - E), wrapping: the true value lies in [0, m].
        |hashed, collided| m32.wrapping_sub(hashed).wrapping_add(collided),
    );
    debug_assert!(out.iter().all(|&v| v <= m32));
    let report = HashingReport {
        seed,
        heavy_symbols: split.heavy.len(),
        light_symbols: light.len(),
        buckets: k_buckets,
        collisions,
        expected_collisions: if k_buckets == 0 {
            0.0
        } else {
            cross / k_buckets as f64
        },
        fft: fft_report,
    };
    Ok((out, report))
}

/// The correction pass: class `l` is the `l`-th light id (in `light` order); a text
/// position holding it scatters to the pattern positions of the other symbols of its
/// bucket.
fn collision_plan(
    pids: &[u32],
    d: usize,
    light: &[u32],
    bucket_of: &[u32],
    k_buckets: usize,
) -> ScatterPlan {
    let m = pids.len();
    // Order light ids by (bucket, id); CSR of reversed pattern positions in that order.
    let mut order: Vec<u32> = light.to_vec();
    order.sort_unstable_by_key(|&c| (bucket_of[c as usize], c));
    let mut count = vec![0u32; d];
    for &c in pids {
        count[c as usize] += 1;
    }
    let mut own_start = vec![0u32; d];
    let mut bucket_start = vec![0u32; k_buckets + 1];
    let mut next = 0u32;
    for &c in &order {
        own_start[c as usize] = next;
        next += count[c as usize];
        bucket_start[bucket_of[c as usize] as usize + 1] = next;
    }
    // Buckets with no light id keep start 0 above; make the starts monotone.
    for b in 0..k_buckets {
        bucket_start[b + 1] = bucket_start[b + 1].max(bucket_start[b]);
    }
    let mut fill = own_start.clone();
    let mut positions = vec![0u32; next as usize];
    let is_light = {
        let mut v = vec![false; d];
        for &c in light {
            v[c as usize] = true;
        }
        v
    };
    for (r, &c) in pids.iter().rev().enumerate() {
        if is_light[c as usize] {
            positions[fill[c as usize] as usize] = r as u32;
            fill[c as usize] += 1;
        }
    }
    let nclasses = light.len() as u32;
    let mut class_of = vec![nclasses; d + 1];
    let ranges = light
        .iter()
        .enumerate()
        .map(|(l, &c)| {
            class_of[c as usize] = l as u32;
            let b = bucket_of[c as usize] as usize;
            let own = own_start[c as usize];
            [
                bucket_start[b],
                own,
                own + count[c as usize],
                bucket_start[b + 1],
            ]
        })
        .collect();
    ScatterPlan {
        class_of,
        ranges,
        positions,
        m,
    }
}
