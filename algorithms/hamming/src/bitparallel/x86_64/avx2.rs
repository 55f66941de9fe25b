//! The AVX2 kernel: 4 shifts per vector.
//!
//! The layout is that of the AVX-512 kernel with 4 lanes. AVX2 has no vector popcount, so
//! each step counts bits with the `vpshufb` nibble table (Muła, Kurz and Lemire) into byte
//! counters, which are widened into `u64` lanes with `vpsadbw` every [`FLUSH`] words (a byte
//! gains at most 8 per word, and 31 · 8 < 256). Each lane is still the distance of one
//! shift, so no horizontal reduction is needed.

use std::arch::x86_64::{
    __m256i, _mm256_add_epi8, _mm256_add_epi64, _mm256_and_si256, _mm256_extract_epi64,
    _mm256_loadu_si256, _mm256_or_si256, _mm256_sad_epu8, _mm256_set1_epi8, _mm256_set1_epi64x,
    _mm256_setr_epi8, _mm256_setzero_si256, _mm256_shuffle_epi8, _mm256_srli_epi16,
    _mm256_xor_si256,
};

use crate::bitparallel::{Block, Packed};

/// Shifts per vector: 4 `u64` lanes.
const LANES: usize = 4;
/// Text rows computed together.
const ROWS: usize = 4;
const _: () = assert!(ROWS <= crate::bitparallel::MAX_ROW_BLOCK);
/// Words accumulated in byte counters before they are widened.
const FLUSH: usize = 31;

/// The AVX2 kernel; a value exists only on CPUs with AVX2.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Avx2 {
    _private: (),
}

impl Avx2 {
    /// Whether this CPU supports AVX2.
    pub(crate) fn is_available() -> bool {
        #[cfg(target_feature = "avx2")]
        {
            true
        }
        #[cfg(not(target_feature = "avx2"))]
        {
            std::is_x86_feature_detected!("avx2")
        }
    }

    /// The kernel, or `None` if this CPU lacks AVX2.
    pub(crate) fn new() -> Option<Avx2> {
        if Avx2::is_available() {
            // SAFETY: is_available() just confirmed avx2.
            Some(unsafe { Avx2::new_unchecked() })
        } else {
            None
        }
    }

    /// The kernel, without checking the CPU.
    ///
    /// # Safety
    /// The CPU must support AVX2; every method of the returned value executes AVX2
    /// instructions.
    pub(crate) unsafe fn new_unchecked() -> Avx2 {
        Avx2 { _private: () }
    }

    /// Writes the distance of every shift of `packed` into `out` (`out.len() == shifts`).
    pub(crate) fn distances(self, packed: &Packed, out: &mut [u32]) {
        // SAFETY: `self` exists only if the CPU supports AVX2 (checked by `new`, or promised by
        // the caller of `new_unchecked`).
        unsafe { distances_impl(packed, out) }
    }
}

#[target_feature(enable = "avx2")]
fn distances_impl(packed: &Packed, out: &mut [u32]) {
    dispatch_bits!(packed.bits, distances_for(packed, out));
}

#[target_feature(enable = "avx2")]
fn distances_for<const B: usize>(packed: &Packed, out: &mut [u32]) {
    assert_eq!(out.len(), packed.shifts);
    let mut block = Block::default();
    let (mut pats, mut masks) = (Vec::new(), Vec::new());
    for (row_start, row_count) in packed.chunks() {
        for s0 in (0..64).step_by(LANES) {
            if !packed.block_is_needed(s0) {
                break;
            }
            packed.block(s0, LANES, &mut block);
            load_vectors(&block.data, &mut pats);
            load_vectors(&block.masks, &mut masks);
            for row0 in (row_start..row_start + row_count).step_by(ROWS) {
                let text = &packed.text[row0 * B..(row0 + ROWS - 1 + block.words) * B];
                let acc = accumulate::<B>(text, &pats, &masks, &block);
                store(out, row0 * 64 + s0, &acc);
            }
        }
    }
}

/// Loads `data` (a multiple of 4 words) as vectors into `out`.
#[target_feature(enable = "avx2")]
fn load_vectors(data: &[u64], out: &mut Vec<__m256i>) {
    out.clear();
    out.extend(data.chunks_exact(LANES).map(|c| {
        // SAFETY: `c` is 4 initialised `u64`s = 32 readable bytes, and loadu needs no
        // alignment. The CPU supports avx2: this function is only reachable through an
        // `Avx2` value.
        unsafe { _mm256_loadu_si256(c.as_ptr().cast()) }
    }));
}

/// The mismatches of text row `r` (text words `r + w`, relative to `text`) against every
/// pattern word `w` of `block`, as 4 `u64` counts per row. Counts build up in bytes for at
/// most [`FLUSH`] words, then are widened. Only the edge words (outside `block.lo ..
/// block.hi`) are masked.
#[target_feature(enable = "avx2")]
#[inline]
fn accumulate<const B: usize>(
    text: &[u64],
    pats: &[__m256i],
    masks: &[__m256i],
    block: &Block,
) -> [__m256i; ROWS] {
    #[rustfmt::skip]
    let lut = _mm256_setr_epi8(
        0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4,
        0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4,
    );
    let low = _mm256_set1_epi8(0x0f);
    let zero = _mm256_setzero_si256();
    // Adds the counts of pattern word `p` (B vectors) against the text words `t` (ROWS·B
    // words, row r at t[r·B..]) into `bytes`, after masking with `$mask` if given.
    macro_rules! step {
        ($bytes:ident, $p:expr, $t:expr $(, $mask:expr)?) => {
            let (p, t): (&[__m256i], &[u64]) = ($p, $t);
            for (b, tr) in $bytes.iter_mut().zip(t.chunks_exact(B)) {
                let mut x = _mm256_xor_si256(p[0], _mm256_set1_epi64x(tr[0] as i64));
                for k in 1..B {
                    let y = _mm256_xor_si256(p[k], _mm256_set1_epi64x(tr[k] as i64));
                    x = _mm256_or_si256(x, y);
                }
                $(x = _mm256_and_si256(x, $mask);)?
                let lo = _mm256_and_si256(x, low);
                let hi = _mm256_and_si256(_mm256_srli_epi16(x, 4), low);
                let n =
                    _mm256_add_epi8(_mm256_shuffle_epi8(lut, lo), _mm256_shuffle_epi8(lut, hi));
                *b = _mm256_add_epi8(*b, n);
            }
        };
    }
    let mut acc = [zero; ROWS];
    // The masked edge words: at most 3, so their byte counts cannot overflow.
    let mut bytes = [zero; ROWS];
    for w in (0..block.lo).chain(block.hi..block.words) {
        step!(
            bytes,
            &pats[w * B..(w + 1) * B],
            &text[w * B..(w + ROWS) * B],
            masks[w]
        );
    }
    for (a, b) in acc.iter_mut().zip(bytes) {
        *a = _mm256_add_epi64(*a, _mm256_sad_epu8(b, zero));
    }
    // The whole words, in pieces of at most FLUSH words.
    let pats = &pats[block.lo * B..block.hi * B];
    let text = &text[block.lo * B..];
    for (piece, pats) in pats.chunks(FLUSH * B).enumerate() {
        let rows = text[piece * FLUSH * B..].windows(ROWS * B).step_by(B);
        let mut bytes = [zero; ROWS];
        for (p, t) in pats.chunks_exact(B).zip(rows) {
            step!(bytes, p, t);
        }
        for (a, b) in acc.iter_mut().zip(bytes) {
            *a = _mm256_add_epi64(*a, _mm256_sad_epu8(b, zero));
        }
    }
    acc
}

/// Stores the counts of `acc[r]` (row `r`, 4 consecutive shifts) at `out[first + 64·r ..]`,
/// dropping shifts past the end of `out`.
#[target_feature(enable = "avx2")]
fn store(out: &mut [u32], first: usize, acc: &[__m256i; ROWS]) {
    for (r, &v) in acc.iter().enumerate() {
        let lanes = [
            _mm256_extract_epi64(v, 0),
            _mm256_extract_epi64(v, 1),
            _mm256_extract_epi64(v, 2),
            _mm256_extract_epi64(v, 3),
        ];
        if let Some(dst) = out.get_mut(first + 64 * r..) {
            for (o, &count) in dst.iter_mut().zip(&lanes) {
                *o = count as u32;
            }
        }
    }
}
