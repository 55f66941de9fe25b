//! x86-64 kernels: [`avx2::Avx2`] (AVX2 + FMA) and [`avx512::Avx512`] (its 12×16
//! microkernel on 512-bit registers, everything else from AVX2), each with the `memchr`
//! constructor triple `is_available()` / `new()` / `unsafe new_unchecked()`.

pub mod avx2;
pub mod avx512;

use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};

/// How many tiles ahead the small-batch ROAST kernels prefetch (measured on Zen 5 at
/// 4096², c = 16: 4 and 16 are slower than 8).
const PF_AHEAD: usize = 8;

/// Prefetches the ROAST tile `PF_AHEAD` tiles after tile `tk` (each of its `rows` rows is
/// `width` values at stride `pitch` from its base; one pass of lines when `pitch = width`),
/// if there is one. The tile bases are random, so the hardware prefetcher cannot follow them,
/// and a 16×16 tile (1 KiB) is too short for it to ramp up. Changes no result.
#[inline(always)]
fn prefetch_tile(
    mem: *const f32,
    bases: &[usize],
    tk: usize,
    rows: usize,
    pitch: usize,
    width: usize,
) {
    let Some(&ahead) = bases.get(tk + PF_AHEAD) else {
        return;
    };
    prefetch_block(mem.wrapping_add(ahead), rows, pitch, width);
}

/// Prefetches `rows` rows of `width` values at stride `pitch` from `p` (one pass of lines
/// when `pitch = width`). Changes no result; `p` need not point into an allocation.
#[inline(always)]
fn prefetch_block(p: *const f32, rows: usize, pitch: usize, width: usize) {
    if rows == 0 || width == 0 {
        return;
    }
    if pitch == width {
        let span = rows * width;
        for o in (0..span).step_by(16) {
            // SAFETY: a prefetch never faults; the address is formed with wrapping_add.
            unsafe { _mm_prefetch::<_MM_HINT_T0>(p.wrapping_add(o).cast::<i8>()) };
        }
        // SAFETY: as above.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(p.wrapping_add(span - 1).cast::<i8>()) };
    } else {
        for kk in 0..rows {
            let r = p.wrapping_add(kk * pitch);
            // SAFETY: as above.
            unsafe {
                _mm_prefetch::<_MM_HINT_T0>(r.cast::<i8>());
                _mm_prefetch::<_MM_HINT_T0>(r.wrapping_add(width - 1).cast::<i8>());
            }
        }
    }
}
