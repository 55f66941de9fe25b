//! HashedNet's weight-gradient reduction on AVX-512F: 16 weights per step.
//!
//! Per 16 weights: the slots (`fastrange(fmix32(H32a·i + H32b), m)`, fmix32 with two
//! `vpmulld`, fastrange with two `vpmuludq` on the even and the odd lanes), the signs
//! (`vpmulld` + `vpaddd`, the top bit XORed into the float) and the products `λ·(g·dW)`,
//! then one unsigned compare gives the lanes whose slot lies in the thread's range. The lanes
//! are added to their slots one by one in index order: two lanes may share a slot, so a
//! vector scatter would lose an addition, and the fixed order keeps the bits equal to the
//! scalar loop's.

use std::arch::x86_64::{
    __m512i, _mm512_add_epi32, _mm512_and_si512, _mm512_castps_si512, _mm512_castsi512_ps,
    _mm512_cmplt_epu32_mask, _mm512_loadu_ps, _mm512_mask_blend_epi32, _mm512_mul_epu32,
    _mm512_mul_ps, _mm512_mullo_epi32, _mm512_set1_epi32, _mm512_set1_ps, _mm512_setr_epi32,
    _mm512_srli_epi32, _mm512_srli_epi64, _mm512_storeu_ps, _mm512_storeu_si512, _mm512_sub_epi32,
    _mm512_xor_si512,
};

use crate::hash::HashConsts;
use crate::kernels::Prims;
use crate::kernels::scalar::Scalar;

/// `grad[s(i) − lo] += λ·(g(i)·dw[j])`, `i = i0 + j`, for `j` ascending and `s(i)` (over
/// `m` slots) in `lo .. lo + grad.len()`: [`Prims::reduce_hashednet`].
///
/// # Safety
/// AVX-512F.
#[allow(clippy::too_many_arguments)]
#[target_feature(enable = "avx512f")]
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
    let steps = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    let (ha, hb) = (
        _mm512_set1_epi32(hash.h32a as i32),
        _mm512_set1_epi32(hash.h32b as i32),
    );
    let (c1, c2) = (
        _mm512_set1_epi32(0x85EB_CA6Bu32 as i32),
        _mm512_set1_epi32(0xC2B2_AE35u32 as i32),
    );
    let mv = _mm512_set1_epi32(m as i32);
    let (sa, sb) = (
        _mm512_set1_epi32(hash.a32 as i32),
        _mm512_set1_epi32(hash.b32 as i32),
    );
    let top = _mm512_set1_epi32(i32::MIN);
    let l = _mm512_set1_ps(lambda);
    let lov = _mm512_set1_epi32(lo as i32);
    let len = _mm512_set1_epi32(grad.len().min(u32::MAX as usize) as u32 as i32);
    let (mut slots, mut vals) = ([0u32; 16], [0f32; 16]);
    let mut j = 0;
    while j + 16 <= n {
        let idx: __m512i =
            _mm512_add_epi32(_mm512_set1_epi32(i0.wrapping_add(j as u32) as i32), steps);
        let mut x = _mm512_add_epi32(_mm512_mullo_epi32(idx, ha), hb);
        x = _mm512_xor_si512(x, _mm512_srli_epi32::<16>(x));
        x = _mm512_mullo_epi32(x, c1);
        x = _mm512_xor_si512(x, _mm512_srli_epi32::<13>(x));
        x = _mm512_mullo_epi32(x, c2);
        x = _mm512_xor_si512(x, _mm512_srli_epi32::<16>(x));
        let even = _mm512_srli_epi64::<32>(_mm512_mul_epu32(x, mv));
        let odd = _mm512_mul_epu32(_mm512_srli_epi64::<32>(x), mv);
        let slot = _mm512_mask_blend_epi32(0xAAAA, even, odd);
        let rel = _mm512_sub_epi32(slot, lov);
        let hits = _mm512_cmplt_epu32_mask(rel, len);
        if hits != 0 {
            // SAFETY: j + 16 ≤ n = dw.len().
            let mut d = unsafe { _mm512_loadu_ps(dw.as_ptr().add(j)) };
            if sign {
                let t = _mm512_add_epi32(_mm512_mullo_epi32(idx, sa), sb);
                let bit = _mm512_and_si512(t, top);
                d = _mm512_castsi512_ps(_mm512_xor_si512(_mm512_castps_si512(d), bit));
            }
            let v = _mm512_mul_ps(l, d);
            // SAFETY: both arrays hold exactly 16 lanes.
            unsafe {
                _mm512_storeu_si512(slots.as_mut_ptr().cast::<__m512i>(), rel);
                _mm512_storeu_ps(vals.as_mut_ptr(), v);
            }
            for q in 0..16 {
                if hits & (1 << q) != 0 {
                    grad[slots[q] as usize] += vals[q];
                }
            }
        }
        j += 16;
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
