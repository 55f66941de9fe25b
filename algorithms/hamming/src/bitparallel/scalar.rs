//! The portable kernel: one shift per `u64` lane, [`u64::count_ones`] for the popcount.
//!
//! For every shifted copy `P_s` of the pattern (64 of them), [`ROWS`] text rows are
//! processed together so that each pattern word is loaded once for several shifts.

use super::{Block, Packed};

/// Shifts per "vector": one.
const LANES: usize = 1;
/// Text rows (shifts `s, s + 64, …`) computed together.
const ROWS: usize = 4;
const _: () = assert!(ROWS <= super::MAX_ROW_BLOCK);

/// The portable kernel. Always available; it has the same constructor triple as the SIMD
/// kernels so that the dispatcher treats every path alike.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scalar {
    _private: (),
}

impl Scalar {
    /// Always `true`.
    pub(crate) fn is_available() -> bool {
        true
    }

    /// The kernel; always `Some`.
    pub(crate) fn new() -> Option<Scalar> {
        Some(Scalar { _private: () })
    }

    /// Writes the distance of every shift of `packed` into `out` (`out.len() == shifts`).
    pub(crate) fn distances(self, packed: &Packed, out: &mut [u32]) {
        dispatch_bits!(packed.bits, distances_for(packed, out));
    }
}

fn distances_for<const B: usize>(packed: &Packed, out: &mut [u32]) {
    assert_eq!(out.len(), packed.shifts);
    let mut block = Block::default();
    for (row_start, row_count) in packed.chunks() {
        for s in 0..64 {
            if !packed.block_is_needed(s) {
                break;
            }
            packed.block(s, LANES, &mut block);
            for row0 in (row_start..row_start + row_count).step_by(ROWS) {
                let mut acc = [0u32; ROWS];
                let text = &packed.text[row0 * B..];
                accumulate::<B, true>(&mut acc, text, &block, 0..block.lo);
                accumulate::<B, false>(&mut acc, text, &block, block.lo..block.hi);
                accumulate::<B, true>(&mut acc, text, &block, block.hi..block.words);
                for (r, &a) in acc.iter().enumerate() {
                    if let Some(o) = out.get_mut((row0 + r) * 64 + s) {
                        *o = a;
                    }
                }
            }
        }
    }
}

/// Adds to `acc[r]` the mismatches of text row `r` (text words `r + w`, relative to `text`)
/// against the pattern words `w` in `range`, masking the words when `MASKED`.
#[inline(always)]
fn accumulate<const B: usize, const MASKED: bool>(
    acc: &mut [u32; ROWS],
    text: &[u64],
    block: &Block,
    range: std::ops::Range<usize>,
) {
    for w in range {
        let p: &[u64; B] = block.data[w * B..(w + 1) * B].try_into().unwrap();
        let t = &text[w * B..(w + ROWS) * B];
        let mask = if MASKED { block.masks[w] } else { u64::MAX };
        for (a, tr) in acc.iter_mut().zip(t.chunks_exact(B)) {
            let mut x = 0;
            for (tk, pk) in tr.iter().zip(p) {
                x |= tk ^ pk;
            }
            *a += (x & mask).count_ones();
        }
    }
}
