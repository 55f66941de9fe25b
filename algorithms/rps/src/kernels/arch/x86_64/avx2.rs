//! The AVX2 + FMA kernels: 8 f32 lanes.
//!
//! - Fills: 8 weights per step; the sign is `vpmulld` + `vpaddd` on the 32-bit global index,
//!   its top bit is XORed into the float's sign bit, then one multiply by λ (bit-identical
//!   to the scalar `λ·(g·M)`). ROAST rows and HashedNet use `vgatherdps`; HashedNet computes
//!   fmix32 with two `vpmulld` and fastrange with two `vpmuludq`.
//! - `dot_block`: up to 4 × 3 dot products at once along k (12 accumulators), one horizontal
//!   sum per output at the end of the k block, scalar k tail.
//! - `outer_block`: up to 6 rows × 16 columns (12 accumulators), one broadcast per row and
//!   two (masked) loads of B per step.

use std::arch::x86_64::{
    __m256, __m256i, _mm_add_ps, _mm_add_ss, _mm_cvtss_f32, _mm_movehl_ps, _mm_shuffle_ps,
    _mm256_add_epi32, _mm256_add_ps, _mm256_and_si256, _mm256_blend_epi32, _mm256_broadcast_ss,
    _mm256_castps_si256, _mm256_castps256_ps128, _mm256_castsi256_ps, _mm256_cmpgt_epi32,
    _mm256_extractf128_ps, _mm256_fmadd_ps, _mm256_i32gather_ps, _mm256_loadu_ps,
    _mm256_maskload_ps, _mm256_maskstore_ps, _mm256_mul_epu32, _mm256_mul_ps, _mm256_mullo_epi32,
    _mm256_set1_epi32, _mm256_set1_ps, _mm256_setr_epi32, _mm256_setzero_ps, _mm256_srli_epi32,
    _mm256_srli_epi64, _mm256_storeu_ps, _mm256_xor_si256,
};

use crate::hash::HashConsts;
use crate::kernels::Prims;
use crate::kernels::scalar::Scalar;

/// The AVX2 + FMA kernel set; a value exists only on CPUs with both.
#[derive(Debug, Clone, Copy)]
pub struct Avx2 {
    _private: (),
}

impl Avx2 {
    /// Whether this CPU supports AVX2 and FMA.
    pub fn is_available() -> bool {
        std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma")
    }

    /// The kernels, or `None` if this CPU lacks AVX2 or FMA.
    pub fn new() -> Option<Avx2> {
        if Avx2::is_available() {
            // SAFETY: is_available() just confirmed avx2 and fma.
            Some(unsafe { Avx2::new_unchecked() })
        } else {
            None
        }
    }

    /// The kernels, without checking the CPU.
    ///
    /// # Safety
    /// The CPU must support AVX2 and FMA.
    pub unsafe fn new_unchecked() -> Avx2 {
        Avx2 { _private: () }
    }
}

const LANES: [i32; 8] = [0, 1, 2, 3, 4, 5, 6, 7];

#[inline(always)]
fn lanes_from(i0: u32) -> __m256i {
    // SAFETY: this helper is only inlined into functions compiled with avx2.
    unsafe {
        _mm256_add_epi32(
            _mm256_set1_epi32(i0 as i32),
            _mm256_setr_epi32(
                LANES[0], LANES[1], LANES[2], LANES[3], LANES[4], LANES[5], LANES[6], LANES[7],
            ),
        )
    }
}

/// XORs the sign of `g(i)` for the 8 indices `idx` into `v`.
#[target_feature(enable = "avx2,fma")]
fn apply_sign(v: __m256, idx: __m256i, sign: Option<(u32, u32)>) -> __m256 {
    match sign {
        None => v,
        Some((a, b)) => {
            let t = _mm256_add_epi32(
                _mm256_mullo_epi32(idx, _mm256_set1_epi32(a as i32)),
                _mm256_set1_epi32(b as i32),
            );
            let bit = _mm256_and_si256(t, _mm256_set1_epi32(i32::MIN));
            _mm256_castsi256_ps(_mm256_xor_si256(_mm256_castps_si256(v), bit))
        }
    }
}

#[target_feature(enable = "avx2,fma")]
fn hsum(v: __m256) -> f32 {
    let lo = _mm256_castps256_ps128(v);
    let hi = _mm256_extractf128_ps::<1>(v);
    let s = _mm_add_ps(lo, hi);
    let s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    _mm_cvtss_f32(_mm_add_ss(s, _mm_shuffle_ps::<1>(s, s)))
}

/// Lane mask: lanes `< n` are loaded/stored.
#[target_feature(enable = "avx2,fma")]
fn mask(n: usize) -> __m256i {
    _mm256_cmpgt_epi32(_mm256_set1_epi32(n as i32), lanes_from(0))
}

#[target_feature(enable = "avx2,fma")]
fn fill_contig_impl(src: &[f32], i0: u32, lambda: f32, sign: Option<(u32, u32)>, out: &mut [f32]) {
    let n = out.len().min(src.len());
    let l = _mm256_set1_ps(lambda);
    let mut j = 0;
    while j + 8 <= n {
        // SAFETY: j + 8 ≤ n ≤ both lengths.
        let v = unsafe { _mm256_loadu_ps(src.as_ptr().add(j)) };
        let v = _mm256_mul_ps(
            l,
            apply_sign(v, lanes_from(i0.wrapping_add(j as u32)), sign),
        );
        // SAFETY: as above.
        unsafe { _mm256_storeu_ps(out.as_mut_ptr().add(j), v) };
        j += 8;
    }
    Scalar.fill_contig(
        &src[j..n],
        i0.wrapping_add(j as u32),
        lambda,
        sign,
        &mut out[j..n],
    );
}

#[allow(clippy::too_many_arguments)]
#[target_feature(enable = "avx2,fma")]
fn fill_strided_impl(
    mem: &[f32],
    start: usize,
    stride: usize,
    i0: u32,
    lambda: f32,
    sign: Option<(u32, u32)>,
    out: &mut [f32],
) {
    let n = out.len();
    if n == 0 {
        return;
    }
    assert!(
        start + (n - 1) * stride < mem.len(),
        "strided fill out of bounds"
    );
    assert!(stride * 8 < i32::MAX as usize);
    let l = _mm256_set1_ps(lambda);
    let offs = _mm256_mullo_epi32(lanes_from(0), _mm256_set1_epi32(stride as i32));
    let mut j = 0;
    while j + 8 <= n {
        // SAFETY: the largest index read is start + (j + 7)·stride ≤ start + (n − 1)·stride,
        // in bounds by the assertion above.
        let v = unsafe { _mm256_i32gather_ps::<4>(mem.as_ptr().add(start + j * stride), offs) };
        let v = _mm256_mul_ps(
            l,
            apply_sign(v, lanes_from(i0.wrapping_add(j as u32)), sign),
        );
        // SAFETY: j + 8 ≤ n.
        unsafe { _mm256_storeu_ps(out.as_mut_ptr().add(j), v) };
        j += 8;
    }
    Scalar.fill_strided(
        mem,
        start + j * stride,
        stride,
        i0.wrapping_add(j as u32),
        lambda,
        sign,
        &mut out[j..],
    );
}

#[target_feature(enable = "avx2,fma")]
fn fill_hashednet_impl(
    mem: &[f32],
    i0: u32,
    lambda: f32,
    hash: &HashConsts,
    sign: bool,
    out: &mut [f32],
) {
    let n = out.len();
    let m = mem.len();
    assert!(
        m >= 1 && m <= i32::MAX as usize,
        "HashedNet gathers need 1 ≤ m < 2^31"
    );
    let l = _mm256_set1_ps(lambda);
    let (ha, hb) = (
        _mm256_set1_epi32(hash.h32a as i32),
        _mm256_set1_epi32(hash.h32b as i32),
    );
    let (c1, c2) = (
        _mm256_set1_epi32(0x85EB_CA6Bu32 as i32),
        _mm256_set1_epi32(0xC2B2_AE35u32 as i32),
    );
    let mv = _mm256_set1_epi32(m as i32);
    let sgn = sign.then_some((hash.a32, hash.b32));
    let mut j = 0;
    while j + 8 <= n {
        let idx = lanes_from(i0.wrapping_add(j as u32));
        let mut x = _mm256_add_epi32(_mm256_mullo_epi32(idx, ha), hb);
        x = _mm256_xor_si256(x, _mm256_srli_epi32::<16>(x));
        x = _mm256_mullo_epi32(x, c1);
        x = _mm256_xor_si256(x, _mm256_srli_epi32::<13>(x));
        x = _mm256_mullo_epi32(x, c2);
        x = _mm256_xor_si256(x, _mm256_srli_epi32::<16>(x));
        // fastrange: high 32 bits of x·m, even lanes then odd lanes.
        let even = _mm256_srli_epi64::<32>(_mm256_mul_epu32(x, mv));
        let odd = _mm256_mul_epu32(_mm256_srli_epi64::<32>(x), mv);
        let slot = _mm256_blend_epi32::<0b1010_1010>(even, odd);
        // SAFETY: every slot is (x·m) >> 32 < m = mem.len().
        let v = unsafe { _mm256_i32gather_ps::<4>(mem.as_ptr(), slot) };
        let v = _mm256_mul_ps(l, apply_sign(v, idx, sgn));
        // SAFETY: j + 8 ≤ n.
        unsafe { _mm256_storeu_ps(out.as_mut_ptr().add(j), v) };
        j += 8;
    }
    Scalar.fill_hashednet(
        mem,
        i0.wrapping_add(j as u32),
        lambda,
        hash,
        sign,
        &mut out[j..],
    );
}

#[target_feature(enable = "avx2,fma")]
fn add_signed_impl(dst: &mut [f32], src: &[f32], i0: u32, lambda: f32, sign: Option<(u32, u32)>) {
    let n = dst.len().min(src.len());
    let l = _mm256_set1_ps(lambda);
    let mut j = 0;
    while j + 8 <= n {
        // SAFETY: j + 8 ≤ n ≤ both lengths.
        unsafe {
            let g = _mm256_loadu_ps(src.as_ptr().add(j));
            let g = _mm256_mul_ps(
                l,
                apply_sign(g, lanes_from(i0.wrapping_add(j as u32)), sign),
            );
            let d = _mm256_loadu_ps(dst.as_ptr().add(j));
            _mm256_storeu_ps(dst.as_mut_ptr().add(j), _mm256_add_ps(d, g));
        }
        j += 8;
    }
    Scalar.add_signed(
        &mut dst[j..n],
        &src[j..n],
        i0.wrapping_add(j as u32),
        lambda,
        sign,
    );
}

/// `c[i][j] += Σ_p a[i][p]·b[j][p]` for an `MR × NR` block.
///
/// # Safety
/// Rows `0..MR` of `a` (stride `lda`) and `0..NR` of `b` (stride `ldb`) must hold `kc`
/// elements each, and `c` rows `0..MR` (stride `ldc`) `NR` elements each.
#[allow(clippy::too_many_arguments)]
#[target_feature(enable = "avx2,fma")]
unsafe fn dot_mn<const MR: usize, const NR: usize>(
    a: *const f32,
    lda: usize,
    b: *const f32,
    ldb: usize,
    kc: usize,
    c: *mut f32,
    ldc: usize,
) {
    let mut acc = [[_mm256_setzero_ps(); NR]; MR];
    let k8 = kc / 8 * 8;
    let mut p = 0;
    while p < k8 {
        // SAFETY: p + 8 ≤ kc, within every row by the contract.
        let bv: [__m256; NR] =
            std::array::from_fn(|j| unsafe { _mm256_loadu_ps(b.add(j * ldb + p)) });
        for (i, acc) in acc.iter_mut().enumerate() {
            // SAFETY: as above.
            let av = unsafe { _mm256_loadu_ps(a.add(i * lda + p)) };
            for j in 0..NR {
                acc[j] = _mm256_fmadd_ps(av, bv[j], acc[j]);
            }
        }
        p += 8;
    }
    for (i, acc) in acc.iter().enumerate() {
        for (j, acc) in acc.iter().enumerate() {
            let mut s = hsum(*acc);
            for q in k8..kc {
                // SAFETY: q < kc.
                s += unsafe { *a.add(i * lda + q) * *b.add(j * ldb + q) };
            }
            // SAFETY: i < MR, j < NR.
            unsafe { *c.add(i * ldc + j) += s };
        }
    }
}

/// `c[i][0..nc] += Σ_p a(i, p)·b[p][0..nc]` for `MR` rows, `nc ≤ 16`.
///
/// # Safety
/// `a(i, p) = a[i·a_rs + p·a_cs]` in bounds for `i < MR`, `p < kc`; `b[p·ldb + j]` for
/// `j < nc`; `c[i·ldc + j]` for `i < MR`, `j < nc`.
#[allow(clippy::too_many_arguments)]
#[target_feature(enable = "avx2,fma")]
unsafe fn outer_m<const MR: usize>(
    a: *const f32,
    a_rs: usize,
    a_cs: usize,
    b: *const f32,
    ldb: usize,
    kc: usize,
    nc: usize,
    c: *mut f32,
    ldc: usize,
) {
    let (m0, m1) = (mask(nc.min(8)), mask(nc.saturating_sub(8)));
    let mut acc = [[_mm256_setzero_ps(); 2]; MR];
    for p in 0..kc {
        // SAFETY: masked lanes are not accessed; the pointers are formed with wrapping_add.
        let (b0, b1) = unsafe {
            (
                _mm256_maskload_ps(b.wrapping_add(p * ldb), m0),
                _mm256_maskload_ps(b.wrapping_add(p * ldb + 8), m1),
            )
        };
        for (i, acc) in acc.iter_mut().enumerate() {
            // SAFETY: i < MR, p < kc: in bounds by the contract.
            let av = unsafe { _mm256_broadcast_ss(&*a.add(i * a_rs + p * a_cs)) };
            acc[0] = _mm256_fmadd_ps(av, b0, acc[0]);
            acc[1] = _mm256_fmadd_ps(av, b1, acc[1]);
        }
    }
    for (i, acc) in acc.iter().enumerate() {
        // SAFETY: masked lanes (j ≥ nc) are neither read nor written.
        unsafe {
            let r = c.wrapping_add(i * ldc);
            let c0 = _mm256_add_ps(_mm256_maskload_ps(r, m0), acc[0]);
            _mm256_maskstore_ps(r, m0, c0);
            let r1 = r.wrapping_add(8);
            let c1 = _mm256_add_ps(_mm256_maskload_ps(r1, m1), acc[1]);
            _mm256_maskstore_ps(r1, m1, c1);
        }
    }
}

/// Dispatches the column count of a `MR`-row dot block.
///
/// # Safety
/// As [`dot_mn`] with `NR = nr ≤ 3`.
#[allow(clippy::too_many_arguments)]
#[target_feature(enable = "avx2,fma")]
unsafe fn dot_rows<const MR: usize>(
    nr: usize,
    a: *const f32,
    lda: usize,
    b: *const f32,
    ldb: usize,
    kc: usize,
    c: *mut f32,
    ldc: usize,
) {
    // SAFETY: forwarded contract.
    unsafe {
        match nr {
            1 => dot_mn::<MR, 1>(a, lda, b, ldb, kc, c, ldc),
            2 => dot_mn::<MR, 2>(a, lda, b, ldb, kc, c, ldc),
            _ => dot_mn::<MR, 3>(a, lda, b, ldb, kc, c, ldc),
        }
    }
}

impl Prims for Avx2 {
    const DOT_MR: usize = 4;
    const DOT_NR: usize = 3;
    const OUT_MR: usize = 6;
    const OUT_NC: usize = 16;

    fn fill_contig(
        self,
        src: &[f32],
        i0: u32,
        lambda: f32,
        sign: Option<(u32, u32)>,
        out: &mut [f32],
    ) {
        // SAFETY: `self` exists only on CPUs with AVX2 and FMA.
        unsafe { fill_contig_impl(src, i0, lambda, sign, out) }
    }

    fn fill_strided(
        self,
        mem: &[f32],
        start: usize,
        stride: usize,
        i0: u32,
        lambda: f32,
        sign: Option<(u32, u32)>,
        out: &mut [f32],
    ) {
        // SAFETY: `self` exists only on CPUs with AVX2 and FMA.
        unsafe { fill_strided_impl(mem, start, stride, i0, lambda, sign, out) }
    }

    fn fill_hashednet(
        self,
        mem: &[f32],
        i0: u32,
        lambda: f32,
        hash: &HashConsts,
        sign: bool,
        out: &mut [f32],
    ) {
        // SAFETY: `self` exists only on CPUs with AVX2 and FMA.
        unsafe { fill_hashednet_impl(mem, i0, lambda, hash, sign, out) }
    }

    fn add_signed(
        self,
        dst: &mut [f32],
        src: &[f32],
        i0: u32,
        lambda: f32,
        sign: Option<(u32, u32)>,
    ) {
        // SAFETY: `self` exists only on CPUs with AVX2 and FMA.
        unsafe { add_signed_impl(dst, src, i0, lambda, sign) }
    }

    fn dot_block(
        self,
        a: &[f32],
        lda: usize,
        b: &[f32],
        ldb: usize,
        kc: usize,
        mr: usize,
        nr: usize,
        c: &mut [f32],
        ldc: usize,
    ) {
        if mr == 0 || nr == 0 {
            return;
        }
        assert!(mr <= 4 && nr <= 3, "block {mr}×{nr} exceeds 4×3");
        assert!(kc == 0 || (mr - 1) * lda + kc <= a.len(), "a out of bounds");
        assert!(kc == 0 || (nr - 1) * ldb + kc <= b.len(), "b out of bounds");
        assert!((mr - 1) * ldc + nr <= c.len(), "c out of bounds");
        let (a, b, c) = (a.as_ptr(), b.as_ptr(), c.as_mut_ptr());
        // SAFETY: the assertions above are dot_mn's contract, and `self` exists only on CPUs
        // with AVX2 and FMA.
        unsafe {
            match mr {
                1 => dot_rows::<1>(nr, a, lda, b, ldb, kc, c, ldc),
                2 => dot_rows::<2>(nr, a, lda, b, ldb, kc, c, ldc),
                3 => dot_rows::<3>(nr, a, lda, b, ldb, kc, c, ldc),
                _ => dot_rows::<4>(nr, a, lda, b, ldb, kc, c, ldc),
            }
        }
    }

    fn outer_block(
        self,
        a: &[f32],
        a_rs: usize,
        a_cs: usize,
        b: &[f32],
        ldb: usize,
        kc: usize,
        mr: usize,
        nc: usize,
        c: &mut [f32],
        ldc: usize,
    ) {
        if mr == 0 || nc == 0 || kc == 0 {
            return;
        }
        assert!(mr <= 6 && nc <= 16, "block {mr}×{nc} exceeds 6×16");
        assert!(
            (mr - 1) * a_rs + (kc - 1) * a_cs < a.len(),
            "a out of bounds"
        );
        assert!((kc - 1) * ldb + nc <= b.len(), "b out of bounds");
        assert!((mr - 1) * ldc + nc <= c.len(), "c out of bounds");
        let (a, b, c) = (a.as_ptr(), b.as_ptr(), c.as_mut_ptr());
        // SAFETY: the assertions above are outer_m's contract; `self` exists only on CPUs
        // with AVX2 and FMA.
        unsafe {
            match mr {
                1 => outer_m::<1>(a, a_rs, a_cs, b, ldb, kc, nc, c, ldc),
                2 => outer_m::<2>(a, a_rs, a_cs, b, ldb, kc, nc, c, ldc),
                3 => outer_m::<3>(a, a_rs, a_cs, b, ldb, kc, nc, c, ldc),
                4 => outer_m::<4>(a, a_rs, a_cs, b, ldb, kc, nc, c, ldc),
                5 => outer_m::<5>(a, a_rs, a_cs, b, ldb, kc, nc, c, ldc),
                _ => outer_m::<6>(a, a_rs, a_cs, b, ldb, kc, nc, c, ldc),
            }
        }
    }
}
