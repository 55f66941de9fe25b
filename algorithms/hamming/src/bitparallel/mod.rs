//! Bit-parallel Hamming distances for small alphabets (packed codes, XOR and popcount: the
//! word-RAM technique of Baeza-Yates–Gonnet, CACM 35(10), 1992, applied to mismatch
//! counting), with run-time SIMD
//! dispatch in the style of `memchr`.
//!
//! # How it is computed
//! - **Codes.** Symbols are relabelled by [`Alphabet::of_pattern`]: the `d` distinct pattern
//!   symbols get codes `0..d`, and every text symbol absent from the pattern gets the one
//!   extra code `d` (the alphabet's [`NONE`](crate::alphabet::NONE)), which differs from
//!   every pattern code and so always mismatches. With `c = d + [the text has an absent
//!   symbol]` codes, each code takes `b = max(1, ⌈log2 c⌉)` bits: DNA over `ACGT` is `b = 2`
//!   (`b = 3` if the text also has, say, `N`), and `b = 1` when the pattern has one distinct
//!   symbol. The text is relabelled and packed in one pass, 64 symbols at a time. For symbol
//!   types whose [`Hash`] writes one small integer (`u8`, `u16`, `char`, small `u32`), the
//!   pattern ids are looked up in a direct table indexed by that integer, with every hit
//!   confirmed by `==`, instead of the alphabet's hash map; the ids are the same as
//!   [`Alphabet::encode_text`]'s, only faster to get (about 0.6 ns instead of 2.5 ns per
//!   symbol).
//! - **Bit planes.** Instead of interleaving the `b` bits of a code inside one word (the
//!   textbook "`64/b` codes per `u64`" layout, which needs an `nz_b` fold per word), the codes
//!   are stored *bit-sliced*: plane `k` holds bit `k` of the code of 64 consecutive symbols
//!   in one `u64`. Symbol `j` of a window mismatches iff some plane differs at bit `j`, so
//!   for 64 positions at once
//!   `mismatch = OR_k (T_k ^ P_k)` and the count is one popcount. This is the same
//!   `O(n·m·b/W)` work as interleaved packed codes, for any `b` (not only powers of two), and
//!   it needs no `nz_b` fold; on AVX-512 a step of `b = 2` is one `vpxorq`, one `vpternlogq`
//!   (`x | (t ^ p)`), one `vpopcntq` and one `vpaddq` for 8 shifts × 64 symbols.
//! - **Shifted pattern copies.** As in the usual packed-code method, the text is read at whole-word offsets and
//!   the pattern is pre-shifted: for shift `i = 64·r + s` (`s < 64`), the copy `P_s` has
//!   `P[0]` at bit `s` of its word 0, and
//!   `out[i] = Σ_w popcount(mask_s[w] & OR_k (T_k[r + w] ^ P_{s,k}[w]))`, where `mask_s`
//!   keeps bits `s .. s + m`. Only the first and the last one or two words need the mask;
//!   the kernels peel them off.
//! - **Several shifts per vector.** A SIMD lane holds one shift: the `L` lanes of a vector
//!   hold the copies `P_{s0}, …, P_{s0+L-1}` of one pattern word, and the text word is
//!   broadcast. Each lane's accumulator is then the distance of its own shift, so there is
//!   **no horizontal reduction** at all; the 8 (AVX-512) or 4 (AVX2) distances are narrowed
//!   and stored together. Each pattern vector is reused for several text rows (register
//!   blocking), and the text is processed in chunks of rows so that the text and output
//!   chunks stay in L2 while all 64 values of `s` are visited.
//!
//! # Paths
//! [`Path::Avx512`] (AVX-512F + BW + VPOPCNTDQ, 8 shifts per vector), [`Path::Avx2`] (4
//! shifts per vector; AVX2 has no vector popcount, so it uses the `vpshufb` nibble table with
//! byte counters that are widened by `vpsadbw` every 31 words), and the portable
//! [`Path::Scalar`] (one shift per `u64`, [`u64::count_ones`]). [`hamming_bitparallel`] uses
//! the best path available on this CPU, chosen once and cached ([`chosen_path`]);
//! [`hamming_bitparallel_with`] pins a path, for tests and benchmarks.
//!
//! # Limits
//! At most [`MAX_CODES`] = 2^16 codes (`b ≤ 16`): patterns with more distinct symbols (or
//! exactly 2^16 of them plus an absent text symbol) get [`Error::Unsupported`]. The method is
//! meant for small alphabets anyway: its cost grows linearly with `b`.
//!
//! # Complexity
//! Time **O(n·m·b/W)** with `W` = 512 (AVX-512), 256 (AVX2) or 64 (scalar) bits per step,
//! plus O(n + m) to relabel and pack. Memory: O(n·b/8) bytes for the packed text and
//! O(m·b) bytes for the pattern copies, besides the output.
//!
//! # Source
//! Packed codes compared a word at a time (Baeza-Yates and Gonnet, "A new approach to text
//! searching", CACM 35(10), 1992, count mismatches with bit-parallel arithmetic in the same
//! spirit); the bit-sliced layout, shifted pattern copies and masks are explained above. The
//! AVX2 popcount is the method of Muła, Kurz and
//! Lemire, "Faster Population Counts Using AVX2 Instructions" (Computer Journal, 2018).
//!
//! # Example
//! ```
//! use hamming::bitparallel::{Path, chosen_path, hamming_bitparallel, hamming_bitparallel_with};
//!
//! let d = hamming_bitparallel(b"ACGTACGTTT", b"ACGT").unwrap();
//! assert_eq!(d, vec![0, 4, 4, 4, 0, 3, 3]);
//! // The portable path is always available and gives the same answer.
//! assert_eq!(hamming_bitparallel_with(Path::Scalar, b"ACGTACGTTT", b"ACGT").unwrap(), d);
//! println!("dispatched to {}", chosen_path().name());
//! ```

use std::hash::Hash;
use std::sync::OnceLock;

use crate::alphabet::Alphabet;
use crate::error::{Error, check_lengths};
use pack::KeyTable;
pub(crate) use pack::{Block, Packed};

/// Calls `$f::<B>($args…)` with the const generic `B` equal to the run-time plane count
/// `$bits` (1 to 16), so that each kernel is compiled with its planes held in registers.
macro_rules! dispatch_bits {
    ($bits:expr, $f:ident($($arg:expr),* $(,)?)) => {
        match $bits {
            1 => $f::<1>($($arg),*),
            2 => $f::<2>($($arg),*),
            3 => $f::<3>($($arg),*),
            4 => $f::<4>($($arg),*),
            5 => $f::<5>($($arg),*),
            6 => $f::<6>($($arg),*),
            7 => $f::<7>($($arg),*),
            8 => $f::<8>($($arg),*),
            9 => $f::<9>($($arg),*),
            10 => $f::<10>($($arg),*),
            11 => $f::<11>($($arg),*),
            12 => $f::<12>($($arg),*),
            13 => $f::<13>($($arg),*),
            14 => $f::<14>($($arg),*),
            15 => $f::<15>($($arg),*),
            16 => $f::<16>($($arg),*),
            b => unreachable!("bit-parallel kernels support 1 to 16 planes, got {b}"),
        }
    };
}

mod pack;
mod scalar;
#[cfg(target_arch = "x86_64")]
mod x86_64;

/// Largest number of distinct codes (pattern symbols, plus one for text symbols absent from
/// the pattern) that the bit-parallel method supports: codes take at most 16 bits.
pub const MAX_CODES: usize = 1 << 16;

/// Rows (of 64 shifts) per chunk: a chunk's output (256 bytes per row) and packed text stay
/// in L2 while every shifted copy of the pattern visits it.
const CHUNK_ROWS: usize = 1024;

/// Largest number of rows a kernel computes at once; the packed text is padded for it.
const MAX_ROW_BLOCK: usize = 8;

/// A code path of the bit-parallel method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Path {
    /// Portable code: one shift per `u64`, [`u64::count_ones`]. Always available.
    Scalar,
    /// x86-64 AVX2: 4 shifts per 256-bit vector, nibble-table popcount (`vpshufb`, `vpsadbw`).
    Avx2,
    /// x86-64 AVX-512F + AVX-512BW + AVX-512 VPOPCNTDQ: 8 shifts per 512-bit vector.
    Avx512,
}

impl Path {
    /// Every path, slowest first.
    pub const ALL: [Path; 3] = [Path::Scalar, Path::Avx2, Path::Avx512];

    /// The path's stable name, as recorded by the benchmark suite: `"scalar"`, `"avx2"` or
    /// `"avx512"`.
    pub fn name(self) -> &'static str {
        match self {
            Path::Scalar => "scalar",
            Path::Avx2 => "avx2",
            Path::Avx512 => "avx512",
        }
    }

    /// Looks a path up by [`Path::name`].
    pub fn from_name(name: &str) -> Option<Path> {
        Self::ALL.into_iter().find(|p| p.name() == name)
    }

    /// Whether this CPU can run the path (detected at run time; always `false` for the x86-64
    /// paths on other architectures).
    pub fn is_available(self) -> bool {
        match self {
            Path::Scalar => scalar::Scalar::is_available(),
            #[cfg(target_arch = "x86_64")]
            Path::Avx2 => x86_64::avx2::Avx2::is_available(),
            #[cfg(target_arch = "x86_64")]
            Path::Avx512 => x86_64::avx512::Avx512::is_available(),
            #[cfg(not(target_arch = "x86_64"))]
            Path::Avx2 | Path::Avx512 => false,
        }
    }

    /// The CPU features the path needs, in words (for error messages and reports).
    pub fn requirements(self) -> &'static str {
        match self {
            Path::Scalar => "nothing",
            Path::Avx2 => "x86-64 with AVX2",
            Path::Avx512 => "x86-64 with AVX-512F, AVX-512BW and AVX-512 VPOPCNTDQ",
        }
    }
}

impl std::fmt::Display for Path {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The path [`hamming_bitparallel`] uses on this CPU: AVX-512 if available, else AVX2, else
/// scalar. Detected on the first call and cached for the life of the process.
pub fn chosen_path() -> Path {
    static CHOSEN: OnceLock<Path> = OnceLock::new();
    *CHOSEN.get_or_init(|| {
        [Path::Avx512, Path::Avx2]
            .into_iter()
            .find(|p| p.is_available())
            .unwrap_or(Path::Scalar)
    })
}

/// Hamming distances of `p` against every alignment of `t`, by the bit-parallel method on
/// the best SIMD path of this CPU ([`chosen_path`]).
///
/// `out[i] = |{ j < m : t[i + j] != p[j] }|` for `i in 0..=n - m`, exactly.
///
/// # Errors
/// [`Error::EmptyPattern`] if `p` is empty, [`Error::PatternLongerThanText`] if `p` is
/// longer than `t`, [`Error::Unsupported`] if the alphabet needs more than [`MAX_CODES`]
/// codes (see the module docs) or `m` does not fit the `u32` output.
///
/// # Complexity
/// O(n·m·b/W) time; see the [module docs](self).
///
/// # Example
/// ```
/// let d = hamming::bitparallel::hamming_bitparallel(b"abcabd", b"abd").unwrap();
/// assert_eq!(d, vec![1, 3, 3, 0]);
/// ```
pub fn hamming_bitparallel<S: Copy + Eq + Hash>(t: &[S], p: &[S]) -> Result<Vec<u32>, Error> {
    hamming_bitparallel_with(chosen_path(), t, p)
}

/// [`hamming_bitparallel`] on a given [`Path`].
///
/// # Errors
/// As [`hamming_bitparallel`], and [`Error::Unsupported`] if this CPU cannot run `path`.
pub fn hamming_bitparallel_with<S: Copy + Eq + Hash>(
    path: Path,
    t: &[S],
    p: &[S],
) -> Result<Vec<u32>, Error> {
    check_lengths(t.len(), p.len())?;
    check_pattern_fits(p.len())?;
    check_path(path)?;
    let (alphabet, pids) = Alphabet::of_pattern(p);
    // Rejected before the text is relabelled: even without an absent symbol it cannot fit.
    check_codes(alphabet.len())?;
    let d = alphabet.len();
    let packed = match KeyTable::new(&alphabet) {
        Some(table) => Packed::new(t, |s| table.code(s, &alphabet), d, &pids)?,
        None => Packed::new(t, |s| alphabet.id(s).min(d as u32), d, &pids)?,
    };
    run(path, &packed)
}

/// [`hamming_bitparallel`] into `out` (length `n - m + 1`, all zero): lets
/// [`crate::parallel`] write every chunk straight into one output, without a second buffer
/// and a copy (on a virtual machine, the page faults of a fresh 64 MiB buffer cost as much
/// as the kernel itself at n = 2^24).
pub(crate) fn hamming_bitparallel_into<S: Copy + Eq + Hash>(
    t: &[S],
    p: &[S],
    out: &mut [u32],
) -> Result<(), Error> {
    check_lengths(t.len(), p.len())?;
    check_pattern_fits(p.len())?;
    let path = chosen_path();
    let (alphabet, pids) = Alphabet::of_pattern(p);
    check_codes(alphabet.len())?;
    let d = alphabet.len();
    let packed = match KeyTable::new(&alphabet) {
        Some(table) => Packed::new(t, |s| table.code(s, &alphabet), d, &pids)?,
        None => Packed::new(t, |s| alphabet.id(s).min(d as u32), d, &pids)?,
    };
    debug_assert_eq!(out.len(), packed.shifts);
    run_into(path, &packed, out)
}

/// Hamming distances between sequences of ids, on a given [`Path`]: the entry point for
/// callers that have already relabelled their symbols (see [`crate::alphabet`]) or hashed
/// them (approximation schemes).
///
/// `out[i] = |{ j < m : tids[i + j] != pids[j] }|`, exactly. With `d = max(pids) + 1`, every
/// text id `>= d` is treated as one extra code that mismatches all pattern ids, so text ids
/// may be anything (e.g. [`NONE`](crate::alphabet::NONE)); the pattern ids should be dense.
///
/// # Errors
/// [`Error::EmptyPattern`], [`Error::PatternLongerThanText`]; [`Error::Unsupported`] if
/// `d` plus the extra code (when some text id is `>= d`) exceeds [`MAX_CODES`], if `m` does
/// not fit the `u32` output, or if this CPU cannot run `path`.
///
/// # Example
/// ```
/// use hamming::bitparallel::{Path, hamming_ids_with};
/// let d = hamming_ids_with(Path::Scalar, &[0, 1, 7, 0, 1], &[0, 1]).unwrap();
/// assert_eq!(d, vec![0, 2, 2, 0]);
/// ```
pub fn hamming_ids_with(path: Path, tids: &[u32], pids: &[u32]) -> Result<Vec<u32>, Error> {
    check_lengths(tids.len(), pids.len())?;
    check_pattern_fits(pids.len())?;
    check_path(path)?;
    let d = pids.iter().copied().max().map_or(0, |v| v as usize + 1);
    check_codes(d)?;
    let packed = Packed::new(tids, |&v| v.min(d as u32), d, pids)?;
    run(path, &packed)
}

/// Runs the kernel of `path` on `packed`.
fn run(path: Path, packed: &Packed) -> Result<Vec<u32>, Error> {
    let mut out = vec![0u32; packed.shifts];
    run_into(path, packed, &mut out)?;
    Ok(out)
}

/// Runs the kernel of `path` on `packed` into `out` (`packed.shifts` zeros).
fn run_into(path: Path, packed: &Packed, out: &mut [u32]) -> Result<(), Error> {
    match path {
        Path::Scalar => scalar::Scalar::new().map(|k| k.distances(packed, out)),
        #[cfg(target_arch = "x86_64")]
        Path::Avx2 => x86_64::avx2::Avx2::new().map(|k| k.distances(packed, out)),
        #[cfg(target_arch = "x86_64")]
        Path::Avx512 => x86_64::avx512::Avx512::new().map(|k| k.distances(packed, out)),
        #[cfg(not(target_arch = "x86_64"))]
        Path::Avx2 | Path::Avx512 => None,
    }
    .ok_or_else(|| unavailable(path))
}

/// Bits per code (= number of bit planes) for `codes` distinct codes: `max(1, ⌈log2 codes⌉)`,
/// or `None` above [`MAX_CODES`]. The planner's cost model is proportional to this.
pub fn code_bits_for(codes: usize) -> Option<usize> {
    (codes <= MAX_CODES).then(|| code_bits(codes))
}

pub(super) fn code_bits(codes: usize) -> usize {
    if codes <= 2 {
        1
    } else {
        (usize::BITS - (codes - 1).leading_zeros()) as usize
    }
}

fn check_pattern_fits(m: usize) -> Result<(), Error> {
    if m >= u32::MAX as usize {
        return Err(Error::Unsupported {
            reason: format!("pattern length {m} does not fit the u32 output"),
        });
    }
    Ok(())
}

pub(super) fn check_codes(codes: usize) -> Result<(), Error> {
    if codes > MAX_CODES {
        return Err(Error::Unsupported {
            reason: format!(
                "the bit-parallel method supports at most {MAX_CODES} symbol codes (distinct \
                 pattern symbols, plus one for text symbols absent from the pattern), but this \
                 input needs {codes}"
            ),
        });
    }
    Ok(())
}

fn check_path(path: Path) -> Result<(), Error> {
    if path.is_available() {
        Ok(())
    } else {
        Err(unavailable(path))
    }
}

fn unavailable(path: Path) -> Error {
    Error::Unsupported {
        reason: format!(
            "the {} bit-parallel path needs {}, which this CPU lacks",
            path.name(),
            path.requirements()
        ),
    }
}
