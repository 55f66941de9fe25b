//! Bit-parallel Hamming distances for small alphabets (spec §2(d)), with run-time SIMD
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
//!   spec's "`64/b` codes per `u64`" layout, which needs an `nz_b` fold per word), the codes
//!   are stored *bit-sliced*: plane `k` holds bit `k` of the code of 64 consecutive symbols
//!   in one `u64`. Symbol `j` of a window mismatches iff some plane differs at bit `j`, so
//!   for 64 positions at once
//!   `mismatch = OR_k (T_k ^ P_k)` and the count is one popcount. This is the same
//!   `O(n·m·b/W)` work as the spec's packed codes, for any `b` (not only powers of two), and
//!   it needs no `nz_b` fold; on AVX-512 a step of `b = 2` is one `vpxorq`, one `vpternlogq`
//!   (`x | (t ^ p)`), one `vpopcntq` and one `vpaddq` for 8 shifts × 64 symbols.
//! - **Shifted pattern copies.** As in the spec, the text is read at whole-word offsets and
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
//! Spec `hamming.md` §2(d) (packed codes, shifted pattern copies, validity masks, popcount;
//! the AVX2 nibble-table popcount). The AVX2 popcount is the method of Muła, Kurz and
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
    match path {
        Path::Scalar => scalar::Scalar::new().map(|k| k.distances(packed, &mut out)),
        #[cfg(target_arch = "x86_64")]
        Path::Avx2 => x86_64::avx2::Avx2::new().map(|k| k.distances(packed, &mut out)),
        #[cfg(target_arch = "x86_64")]
        Path::Avx512 => x86_64::avx512::Avx512::new().map(|k| k.distances(packed, &mut out)),
        #[cfg(not(target_arch = "x86_64"))]
        Path::Avx2 | Path::Avx512 => None,
    }
    .ok_or_else(|| unavailable(path))?;
    Ok(out)
}

/// Bits per code (= number of bit planes) for `codes` distinct codes: `max(1, ⌈log2 codes⌉)`,
/// or `None` above [`MAX_CODES`]. The planner's cost model is proportional to this.
pub fn code_bits_for(codes: usize) -> Option<usize> {
    (codes <= MAX_CODES).then(|| code_bits(codes))
}

fn code_bits(codes: usize) -> usize {
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

fn check_codes(codes: usize) -> Result<(), Error> {
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

/// The packed input shared by every kernel.
///
/// Shift `i = 64·row + s` (`s < 64`) compares the text words `row .. row + ⌈(m + 63)/64⌉` with the
/// pattern copy `P_s`.
#[derive(Debug)]
pub(crate) struct Packed {
    /// Bit planes per code, `b`.
    pub(crate) bits: usize,
    /// Pattern length.
    pub(crate) m: usize,
    /// Number of shifts (outputs), `n - m + 1`.
    pub(crate) shifts: usize,
    /// Rows of 64 shifts, `⌈shifts / 64⌉`.
    pub(crate) rows: usize,
    /// Text planes, interleaved: plane `k` of text word `w` is `text[w·bits + k]`. Padded with
    /// zero words so that rows up to `rows + MAX_ROW_BLOCK` can read `⌈(m + 63)/64⌉` words.
    pub(crate) text: Vec<u64>,
    /// Pattern planes at shift 0, interleaved like `text`, with `⌈(m + 63)/64⌉ + 1`
    /// words.
    pattern: Vec<u64>,
}

/// The shifted pattern copies `P_{s0}, …, P_{s0 + lanes - 1}`, laid out for a kernel with
/// `lanes` shifts per vector.
#[derive(Debug, Default)]
pub(crate) struct Block {
    /// Words to process for this block (the longest copy's span).
    pub(crate) words: usize,
    /// Words `lo .. hi` are entirely inside the window for every lane, so they need no mask.
    pub(crate) lo: usize,
    /// See `lo`.
    pub(crate) hi: usize,
    /// Plane `k` of word `w` for lane `l` is `data[(w·bits + k)·lanes + l]`.
    pub(crate) data: Vec<u64>,
    /// Validity mask of word `w` for lane `l` is `masks[w·lanes + l]`.
    pub(crate) masks: Vec<u64>,
}

impl Packed {
    /// Relabels and packs the text and packs the pattern.
    ///
    /// `code(s)` is the pattern id of the text symbol `s` (`< d`), or `d` if `s` does not
    /// occur in the pattern; `pids` are the pattern's ids. The text is packed 64 symbols at a
    /// time straight from the relabelling, with room for the extra code `d`; if no text symbol
    /// needed it and it cost a plane, that (all-zero) plane is dropped afterwards.
    ///
    /// # Errors
    /// [`Error::Unsupported`] if the text needs the code `d` and `d + 1 > MAX_CODES`.
    fn new<S>(t: &[S], code: impl Fn(&S) -> u32, d: usize, pids: &[u32]) -> Result<Packed, Error> {
        let (n, m) = (t.len(), pids.len());
        let shifts = n - m + 1;
        let rows = shifts.div_ceil(64);
        // Words any shifted copy of the pattern spans.
        let words = (m + 63).div_ceil(64);
        let text_words = (rows + MAX_ROW_BLOCK + words).max(n.div_ceil(64));
        let wide = code_bits(d + 1).min(code_bits(MAX_CODES));
        let mut planes = vec![0u64; text_words * wide];
        let absent = if d < 256 {
            pack_text_bytes(t, &code, d as u8, wide, &mut planes)
        } else {
            pack_text_wide(t, &code, d as u32, wide, &mut planes)
        };
        check_codes(d + usize::from(absent))?;
        let bits = code_bits(d + usize::from(absent));
        if bits < wide {
            // The top plane is all zeros: every code is below d <= 2^bits.
            for w in 0..text_words {
                planes.copy_within(w * wide..w * wide + bits, w * bits);
            }
            planes.truncate(text_words * bits);
        }
        let mut pattern = vec![0u64; (words + 1) * bits];
        pack_codes(pids, bits, &mut pattern);
        Ok(Packed {
            bits,
            m,
            shifts,
            rows,
            text: planes,
            pattern,
        })
    }

    /// Fills `block` with the copies of the pattern shifted by `s0 .. s0 + lanes` bits.
    pub(crate) fn block(&self, s0: usize, lanes: usize, block: &mut Block) {
        let (bits, m) = (self.bits, self.m);
        debug_assert!(s0 + lanes <= 64);
        let (s_min, s_max) = (s0, s0 + lanes - 1);
        block.words = (s_max + m).div_ceil(64);
        // Word w is whole for every lane iff 64w >= s_max and 64(w + 1) <= s_min + m.
        block.lo = s_max.div_ceil(64);
        block.hi = ((s_min + m) / 64).max(block.lo);
        block.data.clear();
        block.data.resize(block.words * bits * lanes, 0);
        block.masks.clear();
        block.masks.resize(block.words * lanes, 0);
        for l in 0..lanes {
            let s = s0 + l;
            for w in 0..block.words {
                for k in 0..bits {
                    let cur = self.pattern[w * bits + k];
                    let v = if s == 0 {
                        cur
                    } else {
                        let prev = if w == 0 {
                            0
                        } else {
                            self.pattern[(w - 1) * bits + k]
                        };
                        (cur << s) | (prev >> (64 - s))
                    };
                    block.data[(w * bits + k) * lanes + l] = v;
                }
                let (from, to) = (s.max(64 * w), (s + m).min(64 * w + 64));
                block.masks[w * lanes + l] = if from < to {
                    let len = to - from;
                    let ones = if len == 64 {
                        u64::MAX
                    } else {
                        (1u64 << len) - 1
                    };
                    ones << (from - 64 * w)
                } else {
                    0
                };
            }
        }
    }

    /// The output rows in chunks of at most `CHUNK_ROWS` rows, as `(first row, row count)`.
    pub(crate) fn chunks(&self) -> impl Iterator<Item = (usize, usize)> + use<> {
        let rows = self.rows;
        (0..rows)
            .step_by(CHUNK_ROWS)
            .map(move |r| (r, CHUNK_ROWS.min(rows - r)))
    }

    /// Whether the block of copies starting at `s0` holds any shift: with a single, partial
    /// output row, the blocks past its last shift are skipped.
    pub(crate) fn block_is_needed(&self, s0: usize) -> bool {
        self.rows > 1 || s0 < self.shifts
    }
}

/// Packs the codes of `t` (all `<= d < 256`) into `wide` planes, 64 symbols at a time
/// through a stack buffer; returns whether the code `d` occurred.
fn pack_text_bytes<S>(
    t: &[S],
    code: &impl Fn(&S) -> u32,
    d: u8,
    wide: usize,
    planes: &mut [u64],
) -> bool {
    let pack: fn(&[u8; 64], &mut [u64]) = match wide {
        1 => pack_byte_chunk::<1>,
        2 => pack_byte_chunk::<2>,
        3 => pack_byte_chunk::<3>,
        4 => pack_byte_chunk::<4>,
        5 => pack_byte_chunk::<5>,
        6 => pack_byte_chunk::<6>,
        7 => pack_byte_chunk::<7>,
        8 => pack_byte_chunk::<8>,
        b => unreachable!("byte codes need at most 8 planes, got {b}"),
    };
    let mut absent = 0u8;
    let mut buf = [0u8; 64];
    for (chunk, out) in t.chunks(64).zip(planes.chunks_exact_mut(wide)) {
        if chunk.len() < 64 {
            buf = [0; 64];
        }
        for (b, s) in buf.iter_mut().zip(chunk) {
            let c = code(s) as u8;
            absent |= u8::from(c == d);
            *b = c;
        }
        pack(&buf, out);
    }
    absent != 0
}

/// Writes the `P` planes of 64 byte codes into `out`: `((x >> k) & 0x0101…01) * 0x0102…80 >>
/// 56` gathers bit `k` of 8 bytes into one byte.
fn pack_byte_chunk<const P: usize>(codes: &[u8; 64], out: &mut [u64]) {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const GATHER: u64 = 0x0102_0408_1020_4080;
    let out: &mut [u64; P] = out.try_into().unwrap();
    *out = [0; P];
    for (g, group) in codes.chunks_exact(8).enumerate() {
        let x = u64::from_le_bytes(group.try_into().unwrap());
        for (k, plane) in out.iter_mut().enumerate() {
            *plane |= (((x >> k) & LOW).wrapping_mul(GATHER) >> 56) << (8 * g);
        }
    }
}

/// Packs the codes of `t` (all `<= d`) into `wide` planes; returns whether the code `d`
/// occurred. For alphabets of 256 symbols or more, where the kernels dominate anyway.
fn pack_text_wide<S>(
    t: &[S],
    code: &impl Fn(&S) -> u32,
    d: u32,
    wide: usize,
    planes: &mut [u64],
) -> bool {
    let mut absent = false;
    for (chunk, out) in t.chunks(64).zip(planes.chunks_exact_mut(wide)) {
        for (j, s) in chunk.iter().enumerate() {
            let c = code(s);
            absent |= c == d;
            // With d = 2^16 the code d does not fit; the input is then rejected by the caller.
            let c = u64::from(c.min(u32::from(u16::MAX)));
            for (k, plane) in out.iter_mut().enumerate() {
                *plane |= ((c >> k) & 1) << j;
            }
        }
    }
    absent
}

/// A direct-mapped table from "small keys" to pattern ids, which relabels `u8`, `u16` and
/// `char` texts several times faster than the alphabet's hash map.
///
/// A symbol's key is what its [`Hash`] impl feeds the hasher, when that is a single integer
/// below 2^16 (as for `u8`, `u16`, `char` and small `u32`). The table applies when every
/// pattern symbol has a key. Correctness does not depend on keys being injective: a hit is
/// confirmed with `==`, and anything unexpected falls back to [`Alphabet::id`]. A text symbol
/// whose key is not in the table cannot equal any pattern symbol, since equal values must
/// hash alike (the contract of [`Hash`], on which the alphabet's map relies as well).
struct KeyTable<S> {
    /// `entries[key] = (symbol, id)` of the pattern symbol with that key, or `(_, d)` if
    /// there is none.
    entries: Vec<(S, u32)>,
    /// Number of pattern symbols.
    d: u32,
}

impl<S: Copy + Eq + Hash> KeyTable<S> {
    fn new(alphabet: &Alphabet<S>) -> Option<KeyTable<S>> {
        let d = alphabet.len() as u32;
        let keys: Vec<usize> = (0..d)
            .map(|id| small_key(&alphabet.symbol(id)))
            .collect::<Option<_>>()?;
        let filler = (alphabet.symbol(0), d);
        let mut entries = vec![filler; keys.iter().max().map_or(0, |&k| k + 1)];
        for (id, &key) in keys.iter().enumerate().rev() {
            entries[key] = (alphabet.symbol(id as u32), id as u32);
        }
        Some(KeyTable { entries, d })
    }

    /// The code of `s`: its pattern id, or `d` if it does not occur in the pattern.
    #[inline]
    fn code(&self, s: &S, alphabet: &Alphabet<S>) -> u32 {
        let Some(key) = small_key(s) else {
            return slow_code(alphabet, s);
        };
        match self.entries.get(key) {
            None => self.d,
            Some(&(symbol, id)) if id == self.d || symbol == *s => id,
            // Another symbol with the same key (a hash collision of `S`).
            Some(_) => slow_code(alphabet, s),
        }
    }
}

/// The code of `s` by the alphabet's hash map: kept out of line, off [`KeyTable`]'s hot loop.
#[cold]
#[inline(never)]
fn slow_code<S: Copy + Eq + Hash>(alphabet: &Alphabet<S>, s: &S) -> u32 {
    alphabet.id(s).min(alphabet.len() as u32)
}

/// The single integer below 2^16 that `s`'s [`Hash`] impl writes, if that is all it writes.
#[inline]
fn small_key<S: Hash>(s: &S) -> Option<usize> {
    let mut capture = KeyCapture::default();
    s.hash(&mut capture);
    (capture.writes == 1 && capture.key < 1 << 16).then_some(capture.key as usize)
}

/// A [`Hasher`](std::hash::Hasher) that records the integer written to it.
#[derive(Default)]
struct KeyCapture {
    key: u64,
    writes: u32,
}

impl KeyCapture {
    #[inline]
    fn integer(&mut self, v: u64) {
        self.key = v;
        self.writes = self.writes.saturating_add(1);
    }
}

impl std::hash::Hasher for KeyCapture {
    #[inline]
    fn finish(&self) -> u64 {
        self.key
    }
    #[inline]
    fn write(&mut self, _bytes: &[u8]) {
        // Raw bytes never form a key.
        self.writes = self.writes.saturating_add(2);
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.integer(u64::from(i));
    }
    #[inline]
    fn write_u16(&mut self, i: u16) {
        self.integer(u64::from(i));
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.integer(u64::from(i));
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.integer(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.integer(i as u64);
    }
}

/// Writes the `bits` planes of `codes` into `out` (zeroed, interleaved layout).
fn pack_codes<C: Copy + Into<u64>>(codes: &[C], bits: usize, out: &mut [u64]) {
    for (planes, chunk) in out.chunks_exact_mut(bits).zip(codes.chunks(64)) {
        for (j, &c) in chunk.iter().enumerate() {
            let code: u64 = c.into();
            for (k, plane) in planes.iter_mut().enumerate() {
                *plane |= ((code >> k) & 1) << j;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Packs `t` through the fast relabelling (as `hamming_bitparallel_with` does) and through
    /// `Alphabet::encode_text` plus the plain packer, and compares the planes.
    fn check_packing<S: Copy + Eq + Hash>(p: &[S], t: &[S]) {
        let (alphabet, pids) = Alphabet::of_pattern(p);
        let d = alphabet.len();
        let table = KeyTable::new(&alphabet);
        let fast = match &table {
            Some(table) => Packed::new(t, |s| table.code(s, &alphabet), d, &pids).unwrap(),
            None => Packed::new(t, |s| alphabet.id(s).min(d as u32), d, &pids).unwrap(),
        };
        let codes: Vec<u32> = alphabet
            .encode_text(t)
            .into_iter()
            .map(|c| c.min(d as u32))
            .collect();
        let bits = code_bits(d + usize::from(codes.contains(&(d as u32))));
        assert_eq!(fast.bits, bits);
        let mut want = vec![0u64; fast.text.len()];
        pack_codes(&codes, bits, &mut want);
        assert_eq!(fast.text, want, "d = {d}, n = {}", t.len());
    }

    /// Hashes only its first field, so distinct values share keys: the fast path must
    /// confirm every table hit with `==`.
    #[derive(Clone, Copy, Debug)]
    struct Colliding(u8, u8);
    impl PartialEq for Colliding {
        fn eq(&self, other: &Self) -> bool {
            self.0 == other.0 && self.1 == other.1
        }
    }
    impl Eq for Colliding {}
    impl Hash for Colliding {
        fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
            state.write_u8(self.0);
        }
    }

    #[test]
    fn fast_relabelling_and_packing_equal_the_alphabet() {
        let t: Vec<u8> = (0..=255).chain(0..=255).chain(0..77).collect();
        check_packing(b"ACGT", &t);
        check_packing(b"ACGT", b"ACGTTGCAACGT");
        check_packing(b"A", &t);
        check_packing(&t[..300], &t);
        check_packing(&t[..255], &t[..255]);
        let t16: Vec<u16> = (0..5000u32).map(|i| (i * 7919 % 65536) as u16).collect();
        check_packing(&t16[..700], &t16);
        check_packing(&t16[..7], &t16);
        let t32: Vec<u32> = (0..3000u32).map(|i| i.wrapping_mul(0x9E37_79B9)).collect();
        check_packing(&t32[..40], &t32);
        check_packing(&t32[..400], &t32);
        let chars: Vec<char> = "ACGTNacgtn ünï".chars().collect();
        check_packing(&chars[..4], &chars);
        let tc: Vec<Colliding> = (0..400u32)
            .map(|i| Colliding((i % 5) as u8, (i % 7) as u8))
            .collect();
        check_packing(&tc[..9], &tc);
        let strings = ["ab", "c", "ab", "d"];
        check_packing(&strings[..2], &strings);
    }

    #[test]
    fn key_table_codes() {
        let (alphabet, _) = Alphabet::of_pattern(b"xy");
        let table = KeyTable::new(&alphabet).unwrap();
        assert_eq!(table.code(&b'x', &alphabet), 0);
        assert_eq!(table.code(&b'y', &alphabet), 1);
        assert_eq!(table.code(&b'z', &alphabet), 2);
        assert_eq!(table.code(&0, &alphabet), 2);
        // Keys from 2^16 on are not small: no table.
        assert!(KeyTable::new(&Alphabet::of_pattern(&[70_000u32]).0).is_none());
        assert!(KeyTable::new(&Alphabet::of_pattern(&["a"]).0).is_none());
    }
}
