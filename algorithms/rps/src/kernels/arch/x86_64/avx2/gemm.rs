//! AVX2 + FMA product kernels: the 6×16 microkernel, the 8×8 transposing pack and the
//! small-batch streaming kernels. Each is `unsafe` with its contract stated; the safe
//! wrappers in the parent module check the contract with assertions.

use std::arch::x86_64::{
    __m256, __m256i, _mm256_add_epi32, _mm256_add_ps, _mm256_and_si256, _mm256_broadcast_ss,
    _mm256_castps_si256, _mm256_castsi256_ps, _mm256_fmadd_ps, _mm256_loadu_ps, _mm256_maskload_ps,
    _mm256_maskstore_ps, _mm256_mullo_epi32, _mm256_permute2f128_ps, _mm256_set1_epi32,
    _mm256_setzero_ps, _mm256_shuffle_ps, _mm256_storeu_ps, _mm256_unpackhi_ps, _mm256_unpacklo_ps,
    _mm256_xor_si256,
};

use super::super::prefetch_tile;
use super::{hsum, lanes_from, mask};
use crate::kernels::{MR, NR};

/// `c[i·ldc + j] += Σ_p a[p·MR + i]·b[p·NR + j]`, `i < mr`, `j < nr`.
///
/// # Safety
/// AVX2 and FMA; `a` holds `kc·MR` and `b` `kc·NR` readable values; `c[i·ldc + j]` is
/// writable for `i < mr ≤ MR`, `j < nr ≤ NR`.
#[allow(clippy::too_many_arguments)]
#[target_feature(enable = "avx2,fma")]
pub(super) unsafe fn micro(
    kc: usize,
    a: *const f32,
    b: *const f32,
    c: *mut f32,
    ldc: usize,
    mr: usize,
    nr: usize,
) {
    let mut acc = [[_mm256_setzero_ps(); 2]; MR];
    for p in 0..kc {
        // SAFETY: p < kc: within the panels by the contract.
        unsafe {
            let bp = b.add(p * NR);
            let (b0, b1) = (_mm256_loadu_ps(bp), _mm256_loadu_ps(bp.add(8)));
            let ap = a.add(p * MR);
            for (i, acc) in acc.iter_mut().enumerate() {
                let av = _mm256_broadcast_ss(&*ap.add(i));
                acc[0] = _mm256_fmadd_ps(av, b0, acc[0]);
                acc[1] = _mm256_fmadd_ps(av, b1, acc[1]);
            }
        }
    }
    if mr == MR && nr == NR {
        for (i, acc) in acc.iter().enumerate() {
            // SAFETY: full tile: c rows i < MR hold NR values by the contract.
            unsafe {
                let r = c.add(i * ldc);
                _mm256_storeu_ps(r, _mm256_add_ps(_mm256_loadu_ps(r), acc[0]));
                let r = r.add(8);
                _mm256_storeu_ps(r, _mm256_add_ps(_mm256_loadu_ps(r), acc[1]));
            }
        }
    } else {
        let mut t = [0.0f32; MR * NR];
        for (i, acc) in acc.iter().enumerate() {
            // SAFETY: t has MR·NR values; row i starts at i·NR.
            unsafe {
                _mm256_storeu_ps(t.as_mut_ptr().add(i * NR), acc[0]);
                _mm256_storeu_ps(t.as_mut_ptr().add(i * NR + 8), acc[1]);
            }
        }
        for i in 0..mr {
            for j in 0..nr {
                // SAFETY: i < mr, j < nr: writable by the contract.
                unsafe { *c.add(i * ldc + j) += t[i * NR + j] };
            }
        }
    }
}

/// The 8×8 transpose of rows `r`.
#[target_feature(enable = "avx2,fma")]
pub(super) fn transpose8(r: [__m256; 8]) -> [__m256; 8] {
    let t0 = _mm256_unpacklo_ps(r[0], r[1]);
    let t1 = _mm256_unpackhi_ps(r[0], r[1]);
    let t2 = _mm256_unpacklo_ps(r[2], r[3]);
    let t3 = _mm256_unpackhi_ps(r[2], r[3]);
    let t4 = _mm256_unpacklo_ps(r[4], r[5]);
    let t5 = _mm256_unpackhi_ps(r[4], r[5]);
    let t6 = _mm256_unpacklo_ps(r[6], r[7]);
    let t7 = _mm256_unpackhi_ps(r[6], r[7]);
    let u0 = _mm256_shuffle_ps::<0x44>(t0, t2);
    let u1 = _mm256_shuffle_ps::<0xEE>(t0, t2);
    let u2 = _mm256_shuffle_ps::<0x44>(t1, t3);
    let u3 = _mm256_shuffle_ps::<0xEE>(t1, t3);
    let u4 = _mm256_shuffle_ps::<0x44>(t4, t6);
    let u5 = _mm256_shuffle_ps::<0xEE>(t4, t6);
    let u6 = _mm256_shuffle_ps::<0x44>(t5, t7);
    let u7 = _mm256_shuffle_ps::<0xEE>(t5, t7);
    [
        _mm256_permute2f128_ps::<0x20>(u0, u4),
        _mm256_permute2f128_ps::<0x20>(u1, u5),
        _mm256_permute2f128_ps::<0x20>(u2, u6),
        _mm256_permute2f128_ps::<0x20>(u3, u7),
        _mm256_permute2f128_ps::<0x31>(u0, u4),
        _mm256_permute2f128_ps::<0x31>(u1, u5),
        _mm256_permute2f128_ps::<0x31>(u2, u6),
        _mm256_permute2f128_ps::<0x31>(u3, u7),
    ]
}

/// `out[p·NR + j] = t[j·ldt + p]` for `p < k8` (a multiple of 8), all `NR` rows.
///
/// # Safety
/// AVX2; `t[j·ldt + p]` readable for `j < NR`, `p < k8`; `out` holds `k8·NR` values.
#[target_feature(enable = "avx2,fma")]
pub(super) unsafe fn pack_t16_full(t: *const f32, ldt: usize, k8: usize, out: *mut f32) {
    for p0 in (0..k8).step_by(8) {
        for h in 0..2 {
            // SAFETY: rows h·8 + j < NR, columns p0..p0 + 8 ≤ k8: readable by the contract.
            let r: [__m256; 8] =
                std::array::from_fn(|j| unsafe { _mm256_loadu_ps(t.add((h * 8 + j) * ldt + p0)) });
            for (q, v) in transpose8(r).into_iter().enumerate() {
                // SAFETY: (p0 + q)·NR + h·8 + 8 ≤ k8·NR.
                unsafe { _mm256_storeu_ps(out.add((p0 + q) * NR + h * 8), v) };
            }
        }
    }
}

/// The sign bit in every 32-bit lane.
///
/// Compiled with AVX2, the only feature its intrinsic needs; being a safe `target_feature`
/// function, it can be called without `unsafe` only from functions that enable AVX2 too (as
/// every caller here does), so no caller can reach it on a CPU without AVX2 except through an
/// `unsafe` block that must argue the CPU has it. It touches no memory.
#[target_feature(enable = "avx2")]
#[inline]
fn signbit() -> __m256i {
    _mm256_set1_epi32(i32::MIN)
}

/// `acc[b] += Σ_{j<n} g(i0 + j)·src[j]·x[b·ldx + j]` for `b < NB`, `U` vectors per step.
///
/// # Safety
/// AVX2 and FMA; `src[..n]`, `x[b·ldx..b·ldx + n]` (b < NB) readable; `acc[..NB]` writable.
#[allow(clippy::too_many_arguments)]
#[target_feature(enable = "avx2,fma")]
pub(super) unsafe fn dot_nb<const NB: usize, const U: usize>(
    src: *const f32,
    n: usize,
    i0: u32,
    sign: Option<(u32, u32)>,
    x: *const f32,
    ldx: usize,
    acc: *mut f32,
) {
    let (a, b) = sign.unwrap_or((0, 0));
    let signed = sign.is_some();
    let mut t = _mm256_add_epi32(
        _mm256_mullo_epi32(lanes_from(i0), _mm256_set1_epi32(a as i32)),
        _mm256_set1_epi32(b as i32),
    );
    let step = _mm256_set1_epi32(a.wrapping_mul(8) as i32);
    let mut s = [[_mm256_setzero_ps(); U]; NB];
    let mut j = 0;
    while j + 8 * U <= n {
        for u in 0..U {
            // SAFETY: j + 8·(u + 1) ≤ n.
            let mut m = unsafe { _mm256_loadu_ps(src.add(j + 8 * u)) };
            if signed {
                let bit = _mm256_and_si256(t, signbit());
                m = _mm256_castsi256_ps(_mm256_xor_si256(_mm256_castps_si256(m), bit));
                t = _mm256_add_epi32(t, step);
            }
            for (bi, s) in s.iter_mut().enumerate() {
                // SAFETY: as above, row bi < NB.
                let xv = unsafe { _mm256_loadu_ps(x.add(bi * ldx + j + 8 * u)) };
                s[u] = _mm256_fmadd_ps(m, xv, s[u]);
            }
        }
        j += 8 * U;
    }
    while j + 8 <= n {
        // SAFETY: j + 8 ≤ n.
        let mut m = unsafe { _mm256_loadu_ps(src.add(j)) };
        if signed {
            let bit = _mm256_and_si256(t, signbit());
            m = _mm256_castsi256_ps(_mm256_xor_si256(_mm256_castps_si256(m), bit));
            t = _mm256_add_epi32(t, step);
        }
        for (bi, s) in s.iter_mut().enumerate() {
            // SAFETY: as above.
            let xv = unsafe { _mm256_loadu_ps(x.add(bi * ldx + j)) };
            s[0] = _mm256_fmadd_ps(m, xv, s[0]);
        }
        j += 8;
    }
    for (bi, s) in s.iter().enumerate() {
        let mut v = s[0];
        for &w in &s[1..] {
            v = _mm256_add_ps(v, w);
        }
        let mut total = hsum(v);
        for q in j..n {
            let i = i0.wrapping_add(q as u32);
            let neg = signed && (a.wrapping_mul(i).wrapping_add(b) >> 31) == 1;
            // SAFETY: q < n.
            let (m, xv) = unsafe { (*src.add(q), *x.add(bi * ldx + q)) };
            total += if neg { -m } else { m } * xv;
        }
        // SAFETY: bi < NB.
        unsafe { *acc.add(bi) += total };
    }
}

/// The small-batch ROAST column update ([`crate::kernels::Prims::axpy_tiles`]) for `NB`
/// batch rows, `KS` independent accumulator sets (consecutive k alternate between them).
///
/// Tile by tile: one base per `bk` inputs; the rows of a tile are unrolled `KS` at a time.
/// At the start of each tile, a tile further on is prefetched (`prefetch_tile`).
///
/// # Safety
/// AVX2 and FMA; `mem[s_k .. s_k + width]` readable for every `k < kn`;
/// `x[b·ldx + k]` readable and `out[b·ldo .. b·ldo + width]` writable for `b < NB`;
/// `width ≤ NR`; `bk ≥ 1`.
#[allow(clippy::too_many_arguments)]
#[target_feature(enable = "avx2,fma")]
pub(super) unsafe fn axpy_nb<const NB: usize, const KS: usize>(
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
    let args = (
        mem, bases, bk, pitch, kn, i0, istride, sign, x, ldx, width, out, ldo,
    );
    // SAFETY: forwarded contract.
    unsafe {
        match (sign.is_some(), width == NR) {
            (true, true) => axpy_core::<NB, KS, true, true>(args),
            (true, false) => axpy_core::<NB, KS, true, false>(args),
            (false, true) => axpy_core::<NB, KS, false, true>(args),
            (false, false) => axpy_core::<NB, KS, false, false>(args),
        }
    }
}

type AxpyArgs<'a> = (
    *const f32,
    &'a [usize],
    usize,
    usize,
    usize,
    u32,
    u32,
    Option<(u32, u32)>,
    *const f32,
    usize,
    usize,
    *mut f32,
    usize,
);

/// [`axpy_nb`] with the sign (`SIGNED`) and the full width (`FULL`: `width = NR`, plain
/// loads) fixed at compile time, so the loop carries no branch.
///
/// # Safety
/// As [`axpy_nb`]; `SIGNED == sign.is_some()`, `FULL == (width == NR)`.
#[inline]
#[target_feature(enable = "avx2,fma")]
unsafe fn axpy_core<const NB: usize, const KS: usize, const SIGNED: bool, const FULL: bool>(
    (mem, bases, bk, pitch, kn, i0, istride, sign, x, ldx, width, out, ldo): AxpyArgs<'_>,
) {
    let (m0, m1) = (mask(width.min(8)), mask(width.saturating_sub(8)));
    let (a, b) = sign.unwrap_or((0, 0));
    let av = _mm256_set1_epi32(a as i32);
    let idx0 = _mm256_add_epi32(
        _mm256_set1_epi32(i0 as i32),
        _mm256_mullo_epi32(lanes_from(0), _mm256_set1_epi32(istride as i32)),
    );
    let idx1 = _mm256_add_epi32(idx0, _mm256_set1_epi32(istride.wrapping_mul(8) as i32));
    let bv = _mm256_set1_epi32(b as i32);
    let mut t0 = _mm256_add_epi32(_mm256_mullo_epi32(idx0, av), bv);
    let mut t1 = _mm256_add_epi32(_mm256_mullo_epi32(idx1, av), bv);
    let top = signbit();
    let mut acc = [[[_mm256_setzero_ps(); 2]; NB]; KS];
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
                let p = row0.wrapping_add(kk * pitch);
                // SAFETY: mem[s_k .. s_k + width] is readable by the contract (FULL:
                // width = 16); masked lanes are not accessed.
                let (mut w0, mut w1) = unsafe {
                    if FULL {
                        (_mm256_loadu_ps(p), _mm256_loadu_ps(p.wrapping_add(8)))
                    } else {
                        (
                            _mm256_maskload_ps(p, m0),
                            _mm256_maskload_ps(p.wrapping_add(8), m1),
                        )
                    }
                };
                if SIGNED {
                    let s0 = _mm256_and_si256(t0, top);
                    let s1 = _mm256_and_si256(t1, top);
                    w0 = _mm256_castsi256_ps(_mm256_xor_si256(_mm256_castps_si256(w0), s0));
                    w1 = _mm256_castsi256_ps(_mm256_xor_si256(_mm256_castps_si256(w1), s1));
                    t0 = _mm256_add_epi32(t0, av);
                    t1 = _mm256_add_epi32(t1, av);
                }
                for (bi, acc) in acc.iter_mut().enumerate() {
                    // SAFETY: bi < NB, k + kk < kn: readable by the contract.
                    let xv = unsafe { _mm256_broadcast_ss(&*xk.wrapping_add(bi * ldx + kk)) };
                    acc[0] = _mm256_fmadd_ps(xv, w0, acc[0]);
                    acc[1] = _mm256_fmadd_ps(xv, w1, acc[1]);
                }
                kk += 1;
            }
        }
        k += rows;
        tk += 1;
    }
    for bi in 0..NB {
        let (mut v0, mut v1) = (acc[0][bi][0], acc[0][bi][1]);
        for set in &acc[1..] {
            v0 = _mm256_add_ps(v0, set[bi][0]);
            v1 = _mm256_add_ps(v1, set[bi][1]);
        }
        // SAFETY: out[bi·ldo .. + width] writable; masked lanes are not accessed.
        unsafe {
            let r = out.wrapping_add(bi * ldo);
            _mm256_maskstore_ps(r, m0, _mm256_add_ps(_mm256_maskload_ps(r, m0), v0));
            let r = r.wrapping_add(8);
            _mm256_maskstore_ps(r, m1, _mm256_add_ps(_mm256_maskload_ps(r, m1), v1));
        }
    }
}

/// Lane indices `i0 + j·istride` for `j < 8`, as the sign hash input.
#[target_feature(enable = "avx2,fma")]
pub(super) fn strided_lanes(i0: u32, istride: u32) -> __m256i {
    _mm256_add_epi32(
        _mm256_set1_epi32(i0 as i32),
        _mm256_mullo_epi32(lanes_from(0), _mm256_set1_epi32(istride as i32)),
    )
}
