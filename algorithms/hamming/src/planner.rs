//! Chooses the fastest exact method for an input, in the style of rustfft's planner.
//!
//! [`Planner::new`] detects the CPU's bit-parallel path once. [`Planner::plan`] looks at the
//! input's shape: `n`, `m`, the pattern's distinct symbols and their counts, and the text's
//! symbol counts estimated from [`TEXT_SAMPLES`] evenly spaced positions. It then estimates
//! every exact method's running time with a cost model whose constants were measured on
//! the development machine (2-core AMD EPYC Zen 4/5, single thread, opt-level 3) and picks
//! the cheapest. The suite measures this choice against every method on every benchmark
//! definition (`reports/hamming.md`, "Planner regret").
//!
//! The estimate only steers speed: every method is exact, so the answer never depends on
//! the plan.
//!
//! | method | cost model (ns) |
//! |---|---|
//! | naive | `NAIVE_NS_PER_CELL · (n - m + 1) · m` |
//! | bit-parallel | `(PACK_NS + PACK_NS_PER_BIT · b) · n + (n - m + 1) · m · b / bit_cells_per_ns(path)`, `b` = code bits |
//! | FFT | `RELABEL_NS · n + fft::correlation_cost_ns(n, m, ⌈σ/2⌉)` |
//! | Abrahamson | `ABRAHAMSON_NS_PER_CALL + ABRAHAMSON_NS_PER_SYMBOL · n +` the best heavy/light split under [`CostModel::DEFAULT`]; for its sparse all-light pass (keys below 2^16, light increments at most n/32) `SPARSE_NS_PER_CALL + SPARSE_NS_PER_SYMBOL · n + SPARSE_NS_PER_HIT ·` increments |
//! | bit-packed FFT | like FFT with `⌈σ/g⌉` packed groups, `g` from the f64 exactness limit |
//!
//! The hashing method is never chosen: its exact collision correction costs at least as
//! much as counting the collided symbols directly, so Abrahamson dominates it (see
//! [`crate::hashing`]). It stays measurable by name.

use std::hash::Hash;

use crate::abrahamson::{self, CostModel};
use crate::alphabet::{Alphabet, NONE};
use crate::bitparallel::{self, Path};
use crate::error::{Error, check_lengths};
use crate::{bitpacked_fft, fft, hashing, naive};

/// Text positions sampled to estimate the text's symbol counts.
pub const TEXT_SAMPLES: usize = 1024;

// The constants below were fitted to the quick suite's medians (n = 2^18 and 2^20, m = 16 to
// 65536, alphabets of 4 to 65536 symbols) on the 2-core AMD EPYC development machine.

/// Naive comparison cost per cell (one symbol pair), by symbol size in bytes.
const NAIVE_NS_PER_CELL_BYTE: f64 = 0.10;
const NAIVE_NS_PER_CELL_WIDE: f64 = 0.11;
/// Relabelling a text symbol to a dense id (the FFT-based methods).
const RELABEL_NS: f64 = 1.0;
/// Abrahamson's cost per call (tables sized by the alphabet) and per text symbol
/// (relabelling, the counting window, the output). Fitted to its all-light runs over 200
/// symbols on a quiet machine: 1.2–1.9 ms at n = 2^18 and 4.4–6.0 ms at n = 2^20 (m = 16 to
/// 1024). An earlier fit (0.75 ms + 1.9 ns per symbol) took 2.7 ms at n = 2^20 and made the
/// planner choose Abrahamson over bit-parallel there at 1.6× the best time.
const ABRAHAMSON_NS_PER_CALL: f64 = 250_000.0;
const ABRAHAMSON_NS_PER_SYMBOL: f64 = 4.1;
/// Abrahamson's sparse all-light pass (keys below 2^16, few matches): per call (the text
/// count sample, tables), per text symbol (screening 16 at a time against the pattern's key
/// bits) and per hit. Fitted to u32 text uniform over 2^16 values at n = 2^20 (0.75 ms at
/// m = 16 and 64, 1.4 ms at m = 1024, CPU time on a loaded machine).
const SPARSE_NS_PER_CALL: f64 = 200_000.0;
const SPARSE_NS_PER_SYMBOL: f64 = 0.5;
const SPARSE_NS_PER_HIT: f64 = 40.0;
/// Bit-parallel packing: a base cost per text symbol plus one per code bit (bit plane).
const PACK_NS: f64 = 0.6;
const PACK_NS_PER_BIT: f64 = 0.35;

/// Bit-parallel throughput: (text-symbol × pattern-symbol × code-bit) cells per ns.
fn bit_cells_per_ns(path: Path) -> f64 {
    match path {
        Path::Avx512 => 3300.0,
        Path::Avx2 => 780.0,
        Path::Scalar => 175.0,
    }
}

/// The exact algorithms the planner can choose from, and the names the suite and the CLI
/// use for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Algorithm {
    /// [`naive::hamming_naive`].
    Naive,
    /// [`fft::hamming_fft`].
    Fft,
    /// [`bitparallel::hamming_bitparallel`] on the path chosen at run time.
    BitParallel,
    /// [`abrahamson::hamming_abrahamson`].
    Abrahamson,
    /// [`bitpacked_fft::hamming_bitpacked_fft`].
    BitpackedFft,
    /// [`hashing::hamming_hashing`] with seed 0 (the output is the same for every seed).
    Hashing,
}

impl Algorithm {
    /// Every algorithm, in a fixed order.
    pub const ALL: &'static [Algorithm] = &[
        Algorithm::Naive,
        Algorithm::Fft,
        Algorithm::BitParallel,
        Algorithm::Abrahamson,
        Algorithm::BitpackedFft,
        Algorithm::Hashing,
    ];

    /// The algorithm's stable name, as used by the benchmark suite and the CLI.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Naive => "naive",
            Algorithm::Fft => "fft",
            Algorithm::BitParallel => "bitparallel",
            Algorithm::Abrahamson => "abrahamson",
            Algorithm::BitpackedFft => "bitpacked-fft",
            Algorithm::Hashing => "hashing",
        }
    }

    /// Looks an algorithm up by [`Algorithm::name`].
    pub fn from_name(name: &str) -> Option<Algorithm> {
        Self::ALL.iter().copied().find(|a| a.name() == name)
    }

    /// Runs this algorithm.
    ///
    /// # Errors
    /// As the algorithm's own function.
    pub fn run<S: Copy + Eq + Hash>(self, t: &[S], p: &[S]) -> Result<Vec<u32>, Error> {
        match self {
            Algorithm::Naive => naive::hamming_naive(t, p),
            Algorithm::Fft => fft::hamming_fft(t, p),
            Algorithm::BitParallel => bitparallel::hamming_bitparallel(t, p),
            Algorithm::Abrahamson => abrahamson::hamming_abrahamson(t, p),
            Algorithm::BitpackedFft => bitpacked_fft::hamming_bitpacked_fft(t, p),
            Algorithm::Hashing => hashing::hamming_hashing(t, p, 0),
        }
    }
}

/// What the planner saw and estimated for one input.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The chosen algorithm.
    pub algorithm: Algorithm,
    /// Distinct pattern symbols.
    pub sigma: usize,
    /// Estimated nanoseconds per candidate algorithm, cheapest first.
    pub estimates: Vec<(Algorithm, f64)>,
}

/// Picks an [`Algorithm`] from the shape of the input.
#[derive(Debug, Clone)]
pub struct Planner {
    path: Path,
}

impl Default for Planner {
    fn default() -> Self {
        Self::new()
    }
}

impl Planner {
    /// A planner for this machine (the bit-parallel path is detected once per process).
    pub fn new() -> Self {
        Planner {
            path: bitparallel::chosen_path(),
        }
    }

    /// A planner that assumes the given bit-parallel path (for tests and what-if questions).
    pub fn with_path(path: Path) -> Self {
        Planner { path }
    }

    /// Estimates every candidate and returns the plan for `t` and `p`.
    ///
    /// # Errors
    /// [`Error::EmptyPattern`], [`Error::PatternLongerThanText`].
    ///
    /// # Example
    /// ```
    /// use hamming::{Algorithm, Planner};
    /// let text = vec![b'A'; 1 << 16];
    /// let plan = Planner::new().plan(&text, &text[..1000]).unwrap();
    /// assert_ne!(plan.algorithm, Algorithm::Naive);
    /// ```
    pub fn plan<S: Copy + Eq + Hash>(&self, t: &[S], p: &[S]) -> Result<Plan, Error> {
        check_lengths(t.len(), p.len())?;
        let (n, m) = (t.len(), p.len());
        let (alphabet, _) = Alphabet::of_pattern(p);
        let sigma = alphabet.len();
        // Text counts of pattern symbols (and of absent symbols), from evenly spaced samples.
        let samples = TEXT_SAMPLES.min(n);
        let mut sampled = vec![0u64; sigma];
        let mut absent = 0u64;
        for k in 0..samples {
            match alphabet.id(&t[k * n / samples]) {
                NONE => absent += 1,
                id => sampled[id as usize] += 1,
            }
        }
        let scale = n as f64 / samples as f64;
        let text_counts: Vec<u64> = sampled.iter().map(|&c| (c as f64 * scale) as u64).collect();
        let cells = ((n - m + 1) * m) as f64;
        let mut estimates = Vec::new();

        let naive_cell = if std::mem::size_of::<S>() == 1 {
            NAIVE_NS_PER_CELL_BYTE
        } else {
            NAIVE_NS_PER_CELL_WIDE
        };
        estimates.push((Algorithm::Naive, naive_cell * cells));

        let codes = sigma + usize::from(absent > 0);
        if let Some(bits) = bitparallel::code_bits_for(codes) {
            let b = bits as f64;
            let ns = (PACK_NS + PACK_NS_PER_BIT * b) * n as f64
                + cells * b / bit_cells_per_ns(self.path);
            estimates.push((Algorithm::BitParallel, ns));
        }

        let relabel = RELABEL_NS * n as f64;
        estimates.push((
            Algorithm::Fft,
            relabel + fft::correlation_cost_ns(n, m, sigma.div_ceil(2)),
        ));

        let split = abrahamson::choose_split(
            n,
            m,
            alphabet.pattern_counts(),
            &text_counts,
            &CostModel::DEFAULT,
        );
        let sparse = split.heavy.is_empty()
            && alphabet.has_direct_table()
            && split
                .light_increments
                .saturating_mul(abrahamson::SPARSE_BELOW)
                <= n as u64;
        let abrahamson_ns = if sparse {
            // The sparse all-light pass: screening the text, and each hit.
            SPARSE_NS_PER_CALL
                + SPARSE_NS_PER_SYMBOL * n as f64
                + SPARSE_NS_PER_HIT * split.light_increments as f64
        } else {
            ABRAHAMSON_NS_PER_CALL
                + ABRAHAMSON_NS_PER_SYMBOL * n as f64
                + split.fft_ns
                + CostModel::DEFAULT.scatter_ns(split.light_increments)
        };
        estimates.push((Algorithm::Abrahamson, abrahamson_ns));

        let block = fft::choose_block_size(n, m, 1);
        let group = bitpacked_fft::max_group_size(m, block);
        if group > 0 {
            let groups = sigma.div_ceil(group);
            let ns = relabel + fft::correlation_cost_ns(n, m, groups.div_ceil(2));
            estimates.push((Algorithm::BitpackedFft, ns));
        }

        estimates.sort_by(|a, b| a.1.total_cmp(&b.1));
        Ok(Plan {
            algorithm: estimates[0].0,
            sigma,
            estimates,
        })
    }

    /// Computes the distances with the planned algorithm.
    ///
    /// # Errors
    /// As [`crate::hamming_all`].
    pub fn hamming_all<S: Copy + Eq + Hash>(&self, t: &[S], p: &[S]) -> Result<Vec<u32>, Error> {
        self.plan(t, p)?.algorithm.run(t, p)
    }

    /// [`Planner::hamming_all`] into `out` (length `n - m + 1`, all zero). The bit-parallel
    /// method writes there directly; the others are copied.
    pub(crate) fn hamming_all_into<S: Copy + Eq + Hash>(
        &self,
        t: &[S],
        p: &[S],
        out: &mut [u32],
    ) -> Result<(), Error> {
        match self.plan(t, p)?.algorithm {
            Algorithm::BitParallel => bitparallel::hamming_bitparallel_into(t, p, out),
            other => {
                out.copy_from_slice(&other.run(t, p)?);
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for &a in Algorithm::ALL {
            assert_eq!(Algorithm::from_name(a.name()), Some(a));
        }
        assert_eq!(Algorithm::from_name("nope"), None);
    }

    #[test]
    fn large_alphabets_with_few_matches_plan_the_sparse_abrahamson_pass() {
        // u32 uniform over 2^16 values: at m = 16 naive was chosen (1.8 ms) and at m = 64
        // Abrahamson's windowed estimate (2.7 ms) hid that its sparse pass takes under 1 ms.
        let t: Vec<u32> = (0..1u32 << 20)
            .map(|i| i.wrapping_mul(2_654_435_761) >> 16)
            .collect();
        for m in [16usize, 64, 1024] {
            let plan = Planner::with_path(Path::Avx512)
                .plan(&t, &t[777..777 + m])
                .unwrap();
            assert_eq!(plan.algorithm, Algorithm::Abrahamson, "m = {m}: {plan:?}");
        }
        // Values at or above 2^16 have no direct table: the windowed estimate applies.
        let wide: Vec<u32> = t.iter().map(|&v| v << 8).collect();
        let plan = Planner::with_path(Path::Avx512)
            .plan(&wide, &wide[777..793])
            .unwrap();
        assert_ne!(plan.algorithm, Algorithm::Abrahamson, "{plan:?}");
    }

    #[test]
    fn two_hundred_symbols_at_a_million_positions_go_to_bit_parallel() {
        // The quiet full run at n = 2^20, sigma = 200, m = 64: bit-parallel (AVX-512) 3.8 ms,
        // Abrahamson's windowed pass 6.0 ms; the earlier per-symbol constant chose the latter.
        let text: Vec<u8> = (0..1u32 << 20)
            .map(|i| ((i.wrapping_mul(2_654_435_761) >> 9) % 200) as u8)
            .collect();
        for m in [64, 256] {
            let plan = Planner::with_path(Path::Avx512)
                .plan(&text, &text[1000..1000 + m])
                .unwrap();
            assert_eq!(plan.algorithm, Algorithm::BitParallel, "m = {m}: {plan:?}");
        }
    }

    #[test]
    fn shapes_steer_the_choice() {
        let dna: Vec<u8> = (0..1 << 16).map(|i| b"ACGT"[(i * 7 + i / 3) % 4]).collect();
        // Tiny patterns: direct comparison wins.
        assert_eq!(
            Planner::with_path(Path::Avx512)
                .plan(&dna, &dna[..2])
                .unwrap()
                .algorithm,
            Algorithm::Naive
        );
        // Small alphabet, medium pattern: bit-parallel.
        let plan = Planner::with_path(Path::Avx512)
            .plan(&dna, &dna[..1024])
            .unwrap();
        assert_eq!(plan.algorithm, Algorithm::BitParallel, "{plan:?}");
        // A long text over a large alphabet with few repeats: counting (Abrahamson's light
        // pass), as measured at n = 2^20 (2.6 ms against 7.8 ms for bit-parallel).
        let wide: Vec<u32> = (0..1u32 << 20)
            .map(|i| i.wrapping_mul(2_654_435_761) >> 8)
            .collect();
        let plan = Planner::new().plan(&wide, &wide[100..1124]).unwrap();
        assert_eq!(plan.algorithm, Algorithm::Abrahamson, "{plan:?}");
    }

    #[test]
    fn errors_before_planning() {
        assert_eq!(
            Planner::new().plan::<u8>(b"ab", b""),
            Err(Error::EmptyPattern)
        );
        assert_eq!(
            Planner::new().plan::<u8>(b"ab", b"abc"),
            Err(Error::PatternLongerThanText { m: 3, n: 2 })
        );
    }
}
