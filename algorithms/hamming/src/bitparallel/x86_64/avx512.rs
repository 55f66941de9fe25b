//! The AVX-512 kernel (AVX-512F + AVX-512BW + AVX-512 VPOPCNTDQ): 8 shifts per vector.
//!
//! Lane `l` of a vector holds one word of the pattern copy `P_{s0 + l}`; the text word is
//! broadcast (folded into the instruction as an embedded broadcast). One step for `b` planes
//! is `vpxorq`, `b - 1` `vpternlogq` (`x | (t ^ p)`), an optional `vpandq` with the
//! validity mask, `vpopcntq` and `vpaddq`, for 8 shifts × 64 symbols. Each lane's
//! accumulator is the distance of its own shift, so there is no horizontal reduction: the 8
//! counts are narrowed to `u32` and stored with one masked `vpmovqd`. [`ROWS`] text rows
//! share each pattern vector.

use std::arch::x86_64::{
    __m512i, _mm512_add_epi64, _mm512_and_si512, _mm512_loadu_si512,
    _mm512_mask_cvtepi64_storeu_epi32, _mm512_popcnt_epi64, _mm512_set1_epi64,
    _mm512_setzero_si512, _mm512_ternarylogic_epi64, _mm512_xor_si512,
};
use std::ops::Range;

use crate::bitparallel::{Block, Packed};

/// Shifts per vector: 8 `u64` lanes.
const LANES: usize = 8;
/// Text rows computed together (accumulators held in registers).
const ROWS: usize = 8;
const _: () = assert!(ROWS <= crate::bitparallel::MAX_ROW_BLOCK);

/// `vpternlogq` truth table of `a | (b ^ c)`.
const OR_XOR: i32 = 0xF6;

/// The AVX-512 kernel; a value exists only on CPUs with AVX-512F, AVX-512BW and
/// AVX-512 VPOPCNTDQ.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Avx512 {
    _private: (),
}

impl Avx512 {
    /// Whether this CPU supports AVX-512F, AVX-512BW and AVX-512 VPOPCNTDQ.
    pub(crate) fn is_available() -> bool {
        #[cfg(all(
            target_feature = "avx512f",
            target_feature = "avx512bw",
            target_feature = "avx512vpopcntdq"
        ))]
        {
            true
        }
        #[cfg(not(all(
            target_feature = "avx512f",
            target_feature = "avx512bw",
            target_feature = "avx512vpopcntdq"
        )))]
        {
            std::is_x86_feature_detected!("avx512f")
                && std::is_x86_feature_detected!("avx512bw")
                && std::is_x86_feature_detected!("avx512vpopcntdq")
        }
    }

    /// The kernel, or `None` if this CPU lacks the features.
    pub(crate) fn new() -> Option<Avx512> {
        if Avx512::is_available() {
            // SAFETY: is_available() just confirmed avx512f, avx512bw and avx512vpopcntdq.
            Some(unsafe { Avx512::new_unchecked() })
        } else {
            None
        }
    }

    /// The kernel, without checking the CPU.
    ///
    /// # Safety
    /// The CPU must support AVX-512F, AVX-512BW and AVX-512 VPOPCNTDQ; every method of the
    /// returned value executes those instructions.
    pub(crate) unsafe fn new_unchecked() -> Avx512 {
        Avx512 { _private: () }
    }

    /// Writes the distance of every shift of `packed` into `out` (`out.len() == shifts`).
    pub(crate) fn distances(self, packed: &Packed, out: &mut [u32]) {
        // SAFETY: `self` exists only if the CPU supports the target features of
        // `distances_impl` (checked by `new`, or promised by the caller of `new_unchecked`).
        unsafe { distances_impl(packed, out) }
    }
}

#[target_feature(enable = "avx512f,avx512bw,avx512vpopcntdq")]
fn distances_impl(packed: &Packed, out: &mut [u32]) {
    dispatch_bits!(packed.bits, distances_for(packed, out));
}

#[target_feature(enable = "avx512f,avx512bw,avx512vpopcntdq")]
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
                let acc = [_mm512_setzero_si512(); ROWS];
                let text = &packed.text[row0 * B..];
                let acc = accumulate::<B, true>(acc, text, &pats, &masks, 0..block.lo);
                let acc = accumulate::<B, false>(acc, text, &pats, &masks, block.lo..block.hi);
                let acc = accumulate::<B, true>(acc, text, &pats, &masks, block.hi..block.words);
                store(out, row0 * 64 + s0, &acc);
            }
        }
    }
}

/// Loads `data` (a multiple of 8 words) as vectors into `out`.
#[target_feature(enable = "avx512f")]
fn load_vectors(data: &[u64], out: &mut Vec<__m512i>) {
    out.clear();
    out.extend(data.chunks_exact(LANES).map(|c| {
        // SAFETY: `c` is 8 initialised `u64`s = 64 readable bytes, and loadu needs no
        // alignment. The CPU supports avx512f: this function is only reachable through an
        // `Avx512` value.
        unsafe { _mm512_loadu_si512(c.as_ptr().cast()) }
    }));
}

/// Adds to `acc[r]` the mismatches of text row `r` (text words `r + w`, relative to `text`)
/// against the pattern words `w` in `range`, masking the words when `MASKED`.
#[target_feature(enable = "avx512f,avx512bw,avx512vpopcntdq")]
#[inline]
fn accumulate<const B: usize, const MASKED: bool>(
    mut acc: [__m512i; ROWS],
    text: &[u64],
    pats: &[__m512i],
    masks: &[__m512i],
    range: Range<usize>,
) -> [__m512i; ROWS] {
    // Slicing once up front lets the loop run without bounds checks.
    let pats = &pats[range.start * B..range.end * B];
    let masks = &masks[range.clone()];
    let text = &text[range.start * B..(range.end + ROWS - 1) * B];
    let rows = text.windows(ROWS * B).step_by(B);
    for ((p, t), &mask) in pats.chunks_exact(B).zip(rows).zip(masks) {
        for (a, tr) in acc.iter_mut().zip(t.chunks_exact(B)) {
            let mut x = _mm512_xor_si512(p[0], _mm512_set1_epi64(tr[0] as i64));
            for k in 1..B {
                x = _mm512_ternarylogic_epi64(x, p[k], _mm512_set1_epi64(tr[k] as i64), OR_XOR);
            }
            if MASKED {
                x = _mm512_and_si512(x, mask);
            }
            *a = _mm512_add_epi64(*a, _mm512_popcnt_epi64(x));
        }
    }
    acc
}

/// Stores the counts of `acc[r]` (row `r`, 8 consecutive shifts) at `out[first + 64·r ..]`,
/// dropping shifts past the end of `out`.
#[target_feature(enable = "avx512f")]
fn store(out: &mut [u32], first: usize, acc: &[__m512i; ROWS]) {
    for (r, &a) in acc.iter().enumerate() {
        let base = first + 64 * r;
        if base >= out.len() {
            break;
        }
        let valid = (out.len() - base).min(LANES);
        let keep = ((1u16 << valid) - 1) as u8;
        // SAFETY: the mask writes only lanes `0..valid`, i.e. `out[base..base + valid]`, which
        // is in bounds (`base + valid <= out.len()`); the store needs no alignment.
        unsafe { _mm512_mask_cvtepi64_storeu_epi32(out.as_mut_ptr().add(base).cast(), keep, a) }
    }
}
