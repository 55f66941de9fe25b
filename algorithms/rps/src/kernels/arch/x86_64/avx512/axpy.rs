//! The small-batch ROAST column update on 512-bit registers: one tile row of up to 16
//! outputs is one (masked) load, its sign one `vpternlogd` (`w ^ (t & 0x8000_0000)`) and one
//! `vpaddd`, then one FMA per batch row. The AVX2 version needs two of each (two 8-lane
//! halves) plus a separate AND and XOR, so this halves the vector instructions per weight.

use std::arch::x86_64::{
    __m512, __mmask16, _mm512_add_epi32, _mm512_add_ps, _mm512_castps_si512, _mm512_castsi512_ps,
    _mm512_fmadd_ps, _mm512_mask_storeu_ps, _mm512_maskz_loadu_ps, _mm512_mullo_epi32,
    _mm512_set1_epi32, _mm512_set1_ps, _mm512_setr_epi32, _mm512_setzero_ps,
    _mm512_ternarylogic_epi32,
};

use super::super::prefetch_tile;

/// `out[b·ldo + j] += Σ_{k<kn} x[b·ldx + k]·g(i0 + k + j·istride)·mem[s_k + j]` for `b < NB`,
/// `j < width ≤ 16`, `s_k = bases[k / bk] + (k mod bk)·pitch`; `KS` accumulator sets
/// (consecutive k alternate between them); `SIGNED == sign.is_some()`.
///
/// # Safety
/// AVX-512F; `mem[s_k .. s_k + width]` readable for every `k < kn`; `x[b·ldx + k]` readable
/// and `out[b·ldo .. b·ldo + width]` writable for `b < NB`; `1 ≤ width ≤ 16`; `bk ≥ 1`;
/// `bases` holds at least `⌈kn/bk⌉` entries.
#[allow(clippy::too_many_arguments)]
#[target_feature(enable = "avx512f")]
pub(super) unsafe fn axpy_nb<const NB: usize, const KS: usize, const SIGNED: bool>(
    mem: *const f32,
    bases: &[usize],
    bk: usize,
    pitch: usize,
    kn: usize,
    i0: u32,
    istride: u32,
    sign: Option<(u32, u32)>,
    x: *const f32,
    ldx: usize,
    width: usize,
    out: *mut f32,
    ldo: usize,
) {
    let m: __mmask16 = (u32::MAX >> (32 - width)) as u16;
    let (a, b) = sign.unwrap_or((0, 0));
    let av = _mm512_set1_epi32(a as i32);
    let lanes = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    let idx = _mm512_add_epi32(
        _mm512_set1_epi32(i0 as i32),
        _mm512_mullo_epi32(lanes, _mm512_set1_epi32(istride as i32)),
    );
    let mut t = _mm512_add_epi32(_mm512_mullo_epi32(idx, av), _mm512_set1_epi32(b as i32));
    let top = _mm512_set1_epi32(i32::MIN);
    let mut acc: [[__m512; NB]; KS] = [[_mm512_setzero_ps(); NB]; KS];
    let (mut k, mut tk) = (0usize, 0usize);
    while k < kn {
        let rows = bk.min(kn - k);
        prefetch_tile(mem, bases, tk, rows, pitch, width);
        let row0 = mem.wrapping_add(bases[tk]);
        let xk = x.wrapping_add(k);
        let mut kk = 0;
        while kk < rows {
            for acc in acc.iter_mut() {
                if KS > 1 && kk == rows {
                    break;
                }
                // SAFETY: mem[s_k .. s_k + width] is readable by the contract; masked-off
                // lanes are not accessed (fault suppression; pointer formed with wrapping_add).
                let mut w = unsafe { _mm512_maskz_loadu_ps(m, row0.wrapping_add(kk * pitch)) };
                if SIGNED {
                    // 0x78 = A ^ (B & C): flips w's sign bit where t's top bit is set.
                    w = _mm512_castsi512_ps(_mm512_ternarylogic_epi32::<0x78>(
                        _mm512_castps_si512(w),
                        t,
                        top,
                    ));
                    t = _mm512_add_epi32(t, av);
                }
                for (bi, acc) in acc.iter_mut().enumerate() {
                    // SAFETY: bi < NB, k + kk < kn: readable by the contract.
                    let xv = _mm512_set1_ps(unsafe { *xk.wrapping_add(bi * ldx + kk) });
                    *acc = _mm512_fmadd_ps(xv, w, *acc);
                }
                kk += 1;
            }
        }
        k += rows;
        tk += 1;
    }
    for bi in 0..NB {
        let mut v = acc[0][bi];
        for set in &acc[1..] {
            v = _mm512_add_ps(v, set[bi]);
        }
        let r = out.wrapping_add(bi * ldo);
        // SAFETY: out[bi·ldo .. bi·ldo + width] is writable by the contract; masked-off lanes
        // are not accessed.
        unsafe { _mm512_mask_storeu_ps(r, m, _mm512_add_ps(_mm512_maskz_loadu_ps(m, r), v)) };
    }
}
