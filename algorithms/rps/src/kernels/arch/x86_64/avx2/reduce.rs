//! The weight-gradient reductions on AVX2.
//!
//! ROAST: a block of `dW` added, transposed, into a tile of the memory gradient.
//!
//! In `dW` (output × input, row-major) a ROAST tile is `rw` rows of `kw` contiguous values;
//! in M it is `kw` runs of `rw` contiguous slots. The block is walked in 8×8 pieces: eight
//! contiguous loads of `dW` rows (masked at a ragged edge), the sign of each row's eight
//! weights from their contiguous global indices (`vpmulld` + `vpaddd` once per piece, then one
//! `vpaddd` per row), one multiply by λ, the 8×8 transpose, and eight contiguous
//! read-add-writes of the gradient. Every slot gets exactly one `+=` of `λ·(g·dW)`: the
//! same two roundings as the scalar loop, so the bits agree with it.
//!
//! HashedNet: per 8 weights, the slots ([`SlotHasher`]), the signs and the products
//! `λ·(g·dW)` in vector registers, spilled to two small arrays; the lanes are then added to
//! their slots one by one in index order (two lanes may share a slot, so no vector scatter),
//! and a vector with no lane in the thread's slot range is skipped after one compare. The
//! hash, which dominates the scalar loop, is vectorised; the adds stay scalar.

use std::arch::x86_64::{
    __m256, __m256i, _mm256_add_epi32, _mm256_add_ps, _mm256_and_si256, _mm256_castps_si256,
    _mm256_castsi256_ps, _mm256_cmpgt_epi32, _mm256_loadu_ps, _mm256_maskload_ps,
    _mm256_maskstore_ps, _mm256_movemask_ps, _mm256_mul_ps, _mm256_mullo_epi32, _mm256_set1_epi32,
    _mm256_set1_ps, _mm256_setzero_ps, _mm256_storeu_ps, _mm256_storeu_si256, _mm256_sub_epi32,
    _mm256_xor_si256,
};

use super::gemm::transpose8;
use super::{SlotHasher, apply_sign, lanes_from, mask};
use crate::hash::HashConsts;
use crate::kernels::Prims;
use crate::kernels::scalar::Scalar;

/// `grad[q·pitch + j] += λ·(g(i0 + q + j·istride)·dw[j·ldw + q])` for `q < kw`, `j < rw`.
///
/// # Safety
/// AVX2 and FMA; `dw[j·ldw + q]` readable and `grad[q·pitch + j]` writable for every
/// `q < kw`, `j < rw`.
#[allow(clippy::too_many_arguments)]
#[target_feature(enable = "avx2,fma")]
pub(super) unsafe fn add_tile_t(
    grad: *mut f32,
    pitch: usize,
    dw: *const f32,
    ldw: usize,
    kw: usize,
    rw: usize,
    i0: u32,
    istride: u32,
    lambda: f32,
    sign: Option<(u32, u32)>,
) {
    let l = _mm256_set1_ps(lambda);
    let (a, b) = sign.unwrap_or((0, 0));
    let signed = sign.is_some();
    let av = _mm256_set1_epi32(a as i32);
    let bv = _mm256_set1_epi32(b as i32);
    let row_step = _mm256_set1_epi32(a.wrapping_mul(istride) as i32);
    let top: __m256i = _mm256_set1_epi32(i32::MIN);
    for j0 in (0..rw).step_by(8) {
        let nj = (rw - j0).min(8);
        let mj = mask(nj);
        for q0 in (0..kw).step_by(8) {
            let nq = (kw - q0).min(8);
            let mq = mask(nq);
            let first = i0
                .wrapping_add(q0 as u32)
                .wrapping_add((j0 as u32).wrapping_mul(istride));
            let mut t = _mm256_add_epi32(_mm256_mullo_epi32(lanes_from(first), av), bv);
            let mut v: [__m256; 8] = [_mm256_setzero_ps(); 8];
            for (j, v) in v.iter_mut().enumerate().take(nj) {
                let src = dw.wrapping_add((j0 + j) * ldw + q0);
                // SAFETY: row j0 + j < rw, columns q0..q0 + nq ≤ kw: readable by the
                // contract; masked lanes are not accessed (pointer formed with wrapping_add).
                let mut x = unsafe {
                    if nq == 8 {
                        _mm256_loadu_ps(src)
                    } else {
                        _mm256_maskload_ps(src, mq)
                    }
                };
                if signed {
                    let bit = _mm256_and_si256(t, top);
                    x = _mm256_castsi256_ps(_mm256_xor_si256(_mm256_castps_si256(x), bit));
                    t = _mm256_add_epi32(t, row_step);
                }
                *v = _mm256_mul_ps(l, x);
            }
            for (q, u) in transpose8(v).into_iter().enumerate().take(nq) {
                let dst = grad.wrapping_add((q0 + q) * pitch + j0);
                // SAFETY: run q0 + q < kw, slots j0..j0 + nj ≤ rw: writable by the contract;
                // masked lanes are not accessed.
                unsafe {
                    if nj == 8 {
                        _mm256_storeu_ps(dst, _mm256_add_ps(_mm256_loadu_ps(dst), u));
                    } else {
                        _mm256_maskstore_ps(dst, mj, _mm256_add_ps(_mm256_maskload_ps(dst, mj), u));
                    }
                }
            }
        }
    }
}

/// `grad[s(i) − lo] += λ·(g(i)·dw[j])`, `i = i0 + j`, for `j` ascending and `s(i)` (over
/// `m` slots) in `lo .. lo + grad.len()`: [`Prims::reduce_hashednet`].
///
/// # Safety
/// AVX2 and FMA.
#[allow(clippy::too_many_arguments)]
#[target_feature(enable = "avx2,fma")]
pub(super) unsafe fn reduce_hashednet(
    dw: &[f32],
    i0: u32,
    lambda: f32,
    hash: &HashConsts,
    m: u32,
    sign: bool,
    lo: u32,
    grad: &mut [f32],
) {
    let n = dw.len();
    let hasher = SlotHasher::new(hash, m);
    let l = _mm256_set1_ps(lambda);
    let sgn = sign.then_some((hash.a32, hash.b32));
    // A lane is in range when (s − lo) < len as unsigned 32-bit integers; with the top bit
    // flipped on both sides the signed compare `vpcmpgtd` decides it.
    let len = grad.len().min(u32::MAX as usize) as u32;
    let flip = _mm256_set1_epi32(i32::MIN);
    let lov = _mm256_set1_epi32(lo as i32);
    let lenf = _mm256_xor_si256(_mm256_set1_epi32(len as i32), flip);
    let (mut slots, mut vals) = ([0u32; 8], [0f32; 8]);
    let mut j = 0;
    while j + 8 <= n {
        let idx = lanes_from(i0.wrapping_add(j as u32));
        let rel = _mm256_sub_epi32(hasher.slots(idx), lov);
        let inside = _mm256_cmpgt_epi32(lenf, _mm256_xor_si256(rel, flip));
        let hits = _mm256_movemask_ps(_mm256_castsi256_ps(inside));
        if hits != 0 {
            // SAFETY: j + 8 ≤ n = dw.len().
            let d = unsafe { _mm256_loadu_ps(dw.as_ptr().add(j)) };
            let v = _mm256_mul_ps(l, apply_sign(d, idx, sgn));
            // SAFETY: both arrays hold exactly 8 lanes.
            unsafe {
                _mm256_storeu_si256(slots.as_mut_ptr().cast::<__m256i>(), rel);
                _mm256_storeu_ps(vals.as_mut_ptr(), v);
            }
            for q in 0..8 {
                if hits & (1 << q) != 0 {
                    grad[slots[q] as usize] += vals[q];
                }
            }
        }
        j += 8;
    }
    Scalar.reduce_hashednet(
        &dw[j..],
        i0.wrapping_add(j as u32),
        lambda,
        hash,
        m,
        sign,
        lo,
        grad,
    );
}
