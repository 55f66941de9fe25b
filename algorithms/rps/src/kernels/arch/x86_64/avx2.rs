//! The AVX2 + FMA kernels: 8 f32 lanes.
//!
//! - Fills: 8 weights per step; the sign is `vpmulld` + `vpaddd` on the 32-bit global index,
//!   its top bit is XORed into the float's sign bit, then one multiply by λ (bit-identical
//!   to the scalar `λ·(g·M)`). ROAST rows and HashedNet use `vgatherdps`; HashedNet computes
//!   fmix32 with two `vpmulld` and fastrange with two `vpmuludq`. A ROAST tile's rows go to
//!   a panel in one call (`fill_tile`: at width 16 two vectors per row, the sign indices
//!   stepped per row).
//! - Products (`avx2/gemm.rs`): the 6×16 microkernel on packed panels (12 accumulators, two
//!   loads of B and six broadcasts of A per k), the 8×8 transposing pack (unpack, shuffle,
//!   permute2f128), and the small-batch kernels: dot products over M segments with the sign
//!   stepped incrementally (`t += 8·A32` per vector, no multiply in the loop) and the ROAST
//!   column update over tile rows (plain loads at full width, masked at a ragged edge; two
//!   accumulator sets for one or two rows; the tile 8 ahead prefetched).
//! - Gradient reductions (`avx2/reduce.rs`): a ROAST tile of `dW` added into M through 8×8
//!   transposes, the sign computed on contiguous indices of `dW` rows; HashedNet's slots,
//!   signs and products 8 lanes at a time, then added lane by lane in index order.

use std::arch::x86_64::{
    __m256, __m256i, _mm_add_ps, _mm_add_ss, _mm_cvtss_f32, _mm_movehl_ps, _mm_shuffle_ps,
    _mm256_add_epi32, _mm256_add_ps, _mm256_and_si256, _mm256_blend_epi32, _mm256_castps_si256,
    _mm256_castps256_ps128, _mm256_castsi256_ps, _mm256_cmpgt_epi32, _mm256_extractf128_ps,
    _mm256_i32gather_ps, _mm256_loadu_ps, _mm256_mul_epu32, _mm256_mul_ps, _mm256_mullo_epi32,
    _mm256_set1_epi32, _mm256_set1_ps, _mm256_setr_epi32, _mm256_srli_epi32, _mm256_srli_epi64,
    _mm256_storeu_ps, _mm256_xor_si256,
};

mod gemm;
mod reduce;

use crate::hash::HashConsts;
use crate::kernels::scalar::Scalar;
use crate::kernels::{MR, NR, Prims};

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

/// The 8 lane indices `i0, i0 + 1, …, i0 + 7` (wrapping).
///
/// Compiled with AVX2, the only feature its intrinsics need. It is a safe function, so the
/// compiler lets only functions that also enable AVX2 call it without `unsafe` (every caller
/// in this module and its children does); any other caller would need an `unsafe` block whose
/// SAFETY argument shows that the CPU has AVX2. It touches no memory.
#[target_feature(enable = "avx2")]
#[inline]
fn lanes_from(i0: u32) -> __m256i {
    _mm256_add_epi32(
        _mm256_set1_epi32(i0 as i32),
        _mm256_setr_epi32(
            LANES[0], LANES[1], LANES[2], LANES[3], LANES[4], LANES[5], LANES[6], LANES[7],
        ),
    )
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

/// The HashedNet slot of 8 global indices at once: `fastrange(fmix32(H32a·i + H32b), m)`,
/// fmix32 with two `vpmulld`, fastrange (the high 32 bits of `x·m`) with two `vpmuludq`
/// on the even and the odd lanes. The same integers as [`crate::hash::HashConsts::hashednet_slot`].
#[derive(Clone, Copy)]
pub(super) struct SlotHasher {
    ha: __m256i,
    hb: __m256i,
    c1: __m256i,
    c2: __m256i,
    m: __m256i,
}

impl SlotHasher {
    /// The constants of `hash` for a memory of `m` slots.
    #[target_feature(enable = "avx2")]
    pub(super) fn new(hash: &HashConsts, m: u32) -> SlotHasher {
        SlotHasher {
            ha: _mm256_set1_epi32(hash.h32a as i32),
            hb: _mm256_set1_epi32(hash.h32b as i32),
            c1: _mm256_set1_epi32(0x85EB_CA6Bu32 as i32),
            c2: _mm256_set1_epi32(0xC2B2_AE35u32 as i32),
            m: _mm256_set1_epi32(m as i32),
        }
    }

    /// The slots (each `< m`) of the indices in `idx`.
    #[target_feature(enable = "avx2")]
    #[inline]
    pub(super) fn slots(&self, idx: __m256i) -> __m256i {
        let mut x = _mm256_add_epi32(_mm256_mullo_epi32(idx, self.ha), self.hb);
        x = _mm256_xor_si256(x, _mm256_srli_epi32::<16>(x));
        x = _mm256_mullo_epi32(x, self.c1);
        x = _mm256_xor_si256(x, _mm256_srli_epi32::<13>(x));
        x = _mm256_mullo_epi32(x, self.c2);
        x = _mm256_xor_si256(x, _mm256_srli_epi32::<16>(x));
        // fastrange: high 32 bits of x·m, even lanes then odd lanes.
        let even = _mm256_srli_epi64::<32>(_mm256_mul_epu32(x, self.m));
        let odd = _mm256_mul_epu32(_mm256_srli_epi64::<32>(x), self.m);
        _mm256_blend_epi32::<0b1010_1010>(even, odd)
    }
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
    let hasher = SlotHasher::new(hash, m as u32);
    let sgn = sign.then_some((hash.a32, hash.b32));
    let mut j = 0;
    while j + 8 <= n {
        let idx = lanes_from(i0.wrapping_add(j as u32));
        let slot = hasher.slots(idx);
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

#[target_feature(enable = "avx2,fma")]
fn fill_signed_stride_impl(
    src: &[f32],
    i0: u32,
    istride: u32,
    lambda: f32,
    sign: Option<(u32, u32)>,
    out: &mut [f32],
) {
    let n = out.len().min(src.len());
    let l = _mm256_set1_ps(lambda);
    let mut idx = gemm::strided_lanes(i0, istride);
    let step = _mm256_set1_epi32(istride.wrapping_mul(8) as i32);
    let mut j = 0;
    while j + 8 <= n {
        // SAFETY: j + 8 ≤ n ≤ both lengths.
        let v = unsafe { _mm256_loadu_ps(src.as_ptr().add(j)) };
        let v = _mm256_mul_ps(l, apply_sign(v, idx, sign));
        // SAFETY: as above.
        unsafe { _mm256_storeu_ps(out.as_mut_ptr().add(j), v) };
        idx = _mm256_add_epi32(idx, step);
        j += 8;
    }
    Scalar.fill_signed_stride(
        &src[j..n],
        i0.wrapping_add((j as u32).wrapping_mul(istride)),
        istride,
        lambda,
        sign,
        &mut out[j..n],
    );
}

/// [`Prims::fill_tile`] at width 16: two vectors per row, the sign indices stepped by `A32`
/// per row (no multiply in the loop).
///
/// # Safety
/// AVX2 and FMA; `src[q·pitch .. q·pitch + 16]` readable and `out[q·ldo .. q·ldo + 16]`
/// writable for `q < rows`.
#[allow(clippy::too_many_arguments)]
#[target_feature(enable = "avx2,fma")]
unsafe fn fill_tile16(
    src: *const f32,
    pitch: usize,
    rows: usize,
    i0: u32,
    istride: u32,
    lambda: f32,
    sign: Option<(u32, u32)>,
    out: *mut f32,
    ldo: usize,
) {
    let l = _mm256_set1_ps(lambda);
    let (a, b) = sign.unwrap_or((0, 0));
    let av = _mm256_set1_epi32(a as i32);
    let bv = _mm256_set1_epi32(b as i32);
    let idx0 = gemm::strided_lanes(i0, istride);
    let idx1 = _mm256_add_epi32(idx0, _mm256_set1_epi32(istride.wrapping_mul(8) as i32));
    let mut t0 = _mm256_add_epi32(_mm256_mullo_epi32(idx0, av), bv);
    let mut t1 = _mm256_add_epi32(_mm256_mullo_epi32(idx1, av), bv);
    let top = _mm256_set1_epi32(i32::MIN);
    for q in 0..rows {
        // SAFETY: row q < rows: readable and writable by the contract.
        unsafe {
            let (s, o) = (src.add(q * pitch), out.add(q * ldo));
            let (mut v0, mut v1) = (_mm256_loadu_ps(s), _mm256_loadu_ps(s.add(8)));
            if sign.is_some() {
                v0 = _mm256_castsi256_ps(_mm256_xor_si256(
                    _mm256_castps_si256(v0),
                    _mm256_and_si256(t0, top),
                ));
                v1 = _mm256_castsi256_ps(_mm256_xor_si256(
                    _mm256_castps_si256(v1),
                    _mm256_and_si256(t1, top),
                ));
                t0 = _mm256_add_epi32(t0, av);
                t1 = _mm256_add_epi32(t1, av);
            }
            _mm256_storeu_ps(o, _mm256_mul_ps(l, v0));
            _mm256_storeu_ps(o.add(8), _mm256_mul_ps(l, v1));
        }
    }
}

impl Prims for Avx2 {
    const MR: usize = MR;

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

    #[allow(clippy::too_many_arguments)]
    fn reduce_hashednet(
        self,
        dw: &[f32],
        i0: u32,
        lambda: f32,
        hash: &HashConsts,
        m: u32,
        sign: bool,
        lo: u32,
        grad: &mut [f32],
    ) {
        // SAFETY: `self` exists only on CPUs with AVX2 and FMA.
        unsafe { reduce::reduce_hashednet(dw, i0, lambda, hash, m, sign, lo, grad) }
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

    fn fill_signed_stride(
        self,
        src: &[f32],
        i0: u32,
        istride: u32,
        lambda: f32,
        sign: Option<(u32, u32)>,
        out: &mut [f32],
    ) {
        // SAFETY: `self` exists only on CPUs with AVX2 and FMA.
        unsafe { fill_signed_stride_impl(src, i0, istride, lambda, sign, out) }
    }

    fn fill_tile(
        self,
        src: &[f32],
        pitch: usize,
        rows: usize,
        width: usize,
        i0: u32,
        istride: u32,
        lambda: f32,
        sign: Option<(u32, u32)>,
        out: &mut [f32],
        ldo: usize,
    ) {
        if rows == 0 || width == 0 {
            return;
        }
        if width != NR {
            for q in 0..rows {
                self.fill_signed_stride(
                    &src[q * pitch..q * pitch + width],
                    i0.wrapping_add(q as u32),
                    istride,
                    lambda,
                    sign,
                    &mut out[q * ldo..q * ldo + width],
                );
            }
            return;
        }
        assert!((rows - 1) * pitch + NR <= src.len(), "src out of bounds");
        assert!((rows - 1) * ldo + NR <= out.len(), "out out of bounds");
        // SAFETY: the assertions are fill_tile16's contract; AVX2 + FMA by `self`.
        unsafe {
            fill_tile16(
                src.as_ptr(),
                pitch,
                rows,
                i0,
                istride,
                lambda,
                sign,
                out.as_mut_ptr(),
                ldo,
            )
        }
    }

    fn add_tile_t(
        self,
        grad: &mut [f32],
        pitch: usize,
        dw: &[f32],
        ldw: usize,
        kw: usize,
        rw: usize,
        i0: u32,
        istride: u32,
        lambda: f32,
        sign: Option<(u32, u32)>,
    ) {
        if kw == 0 || rw == 0 {
            return;
        }
        assert!((kw - 1) * pitch + rw <= grad.len(), "grad out of bounds");
        assert!((rw - 1) * ldw + kw <= dw.len(), "dw out of bounds");
        // SAFETY: the assertions are add_tile_t's contract; AVX2 + FMA by `self`.
        unsafe {
            reduce::add_tile_t(
                grad.as_mut_ptr(),
                pitch,
                dw.as_ptr(),
                ldw,
                kw,
                rw,
                i0,
                istride,
                lambda,
                sign,
            )
        }
    }

    fn micro(
        self,
        kc: usize,
        a: &[f32],
        b: &[f32],
        c: &mut [f32],
        ldc: usize,
        mr: usize,
        nr: usize,
    ) {
        if mr == 0 || nr == 0 {
            return;
        }
        assert!(mr <= MR && nr <= NR, "tile {mr}×{nr} exceeds {MR}×{NR}");
        assert!(a.len() >= kc * MR && b.len() >= kc * NR, "panel too short");
        assert!((mr - 1) * ldc + nr <= c.len(), "c out of bounds");
        if mr == MR && nr == NR {
            assert!((MR - 1) * ldc + NR <= c.len(), "c out of bounds");
        }
        // SAFETY: the assertions are micro's contract; `self` exists only with AVX2 + FMA.
        unsafe { gemm::micro(kc, a.as_ptr(), b.as_ptr(), c.as_mut_ptr(), ldc, mr, nr) }
    }

    fn pack_t16(self, t: &[f32], ldt: usize, rows: usize, kc: usize, out: &mut [f32]) {
        assert!(out.len() >= kc * NR, "sliver too short");
        let k8 = if rows == NR { kc / 8 * 8 } else { 0 };
        if k8 > 0 {
            assert!((NR - 1) * ldt + k8 <= t.len(), "t out of bounds");
            // SAFETY: the assertions are pack_t16_full's contract; AVX2 by `self`.
            unsafe { gemm::pack_t16_full(t.as_ptr(), ldt, k8, out.as_mut_ptr()) };
        }
        for (p, dst) in out.chunks_exact_mut(NR).enumerate().take(kc).skip(k8) {
            for (j, d) in dst.iter_mut().enumerate() {
                *d = if j < rows { t[j * ldt + p] } else { 0.0 };
            }
        }
    }

    fn dot_signed(
        self,
        src: &[f32],
        i0: u32,
        sign: Option<(u32, u32)>,
        x: &[f32],
        ldx: usize,
        acc: &mut [f32],
    ) {
        let (n, nb) = (src.len(), acc.len());
        if nb == 0 {
            return;
        }
        assert!(nb <= 4, "at most 4 batch rows");
        assert!((nb - 1) * ldx + n <= x.len(), "x out of bounds");
        let (s, x, a) = (src.as_ptr(), x.as_ptr(), acc.as_mut_ptr());
        // SAFETY: the assertions are dot_nb's contract; AVX2 + FMA by `self`.
        unsafe {
            match nb {
                1 => gemm::dot_nb::<1, 4>(s, n, i0, sign, x, ldx, a),
                2 => gemm::dot_nb::<2, 2>(s, n, i0, sign, x, ldx, a),
                3 => gemm::dot_nb::<3, 2>(s, n, i0, sign, x, ldx, a),
                _ => gemm::dot_nb::<4, 2>(s, n, i0, sign, x, ldx, a),
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn axpy_tiles(
        self,
        mem: &[f32],
        bases: &[usize],
        bk: usize,
        pitch: usize,
        kn: usize,
        i0: u32,
        istride: u32,
        sign: Option<(u32, u32)>,
        x: &[f32],
        ldx: usize,
        nb: usize,
        width: usize,
        out: &mut [f32],
        ldo: usize,
    ) {
        if nb == 0 || width == 0 || kn == 0 {
            return;
        }
        crate::kernels::check_axpy_tiles(
            mem.len(),
            bases,
            bk,
            pitch,
            kn,
            x.len(),
            ldx,
            nb,
            width,
            out.len(),
            ldo,
        );
        let (m, x, o) = (mem.as_ptr(), x.as_ptr(), out.as_mut_ptr());
        // SAFETY: the assertions are axpy_nb's contract (every k reads
        // bases[k / bk] + (k mod bk)·pitch + width ≤ mem.len()); AVX2 + FMA by `self`.
        unsafe {
            match nb {
                1 => gemm::axpy_nb::<1, 2>(
                    m, bases, bk, pitch, kn, i0, istride, sign, x, ldx, width, o, ldo,
                ),
                2 => gemm::axpy_nb::<2, 2>(
                    m, bases, bk, pitch, kn, i0, istride, sign, x, ldx, width, o, ldo,
                ),
                3 => gemm::axpy_nb::<3, 1>(
                    m, bases, bk, pitch, kn, i0, istride, sign, x, ldx, width, o, ldo,
                ),
                _ => gemm::axpy_nb::<4, 1>(
                    m, bases, bk, pitch, kn, i0, istride, sign, x, ldx, width, o, ldo,
                ),
            }
        }
    }
}
