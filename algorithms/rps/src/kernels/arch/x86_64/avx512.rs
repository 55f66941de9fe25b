//! The AVX-512 kernel set: the AVX2 kernels ([`Avx2`]) for packing, fills, reductions and
//! the small-batch dot products, plus a 12×16 microkernel on 512-bit registers (12
//! accumulators, one load of B and twelve broadcasts of A per k, masked edges) and the
//! small-batch ROAST column update on 16 lanes (`avx512/axpy.rs`) and HashedNet's gradient
//! reduction hashing 16 lanes at a time (`avx512/reduce.rs`). On cores with full-width
//! 512-bit FMA units (AMD Zen 5, Intel server cores) it doubles the flops per instruction
//! of the AVX2 6×16 microkernel; dense and hashed layers use it alike.

use std::arch::x86_64::{
    __mmask16, _mm512_add_ps, _mm512_fmadd_ps, _mm512_loadu_ps, _mm512_mask_storeu_ps,
    _mm512_maskz_loadu_ps, _mm512_set1_ps, _mm512_setzero_ps, _mm512_storeu_ps,
};

mod axpy;
mod reduce;

use super::avx2::Avx2;
use crate::hash::HashConsts;
use crate::kernels::{NR, Prims};

/// Rows of the AVX-512 microkernel tile.
pub const MR512: usize = 12;

/// The AVX-512 kernel set; a value exists only on CPUs with AVX-512F, AVX2 and FMA.
#[derive(Debug, Clone, Copy)]
pub struct Avx512 {
    avx2: Avx2,
}

impl Avx512 {
    /// Whether this CPU supports AVX-512F, AVX2 and FMA.
    pub fn is_available() -> bool {
        std::is_x86_feature_detected!("avx512f") && Avx2::is_available()
    }

    /// The kernels, or `None` if this CPU lacks one of the features.
    pub fn new() -> Option<Avx512> {
        if Avx512::is_available() {
            // SAFETY: is_available() just confirmed avx512f, avx2 and fma.
            Some(unsafe { Avx512::new_unchecked() })
        } else {
            None
        }
    }

    /// The kernels, without checking the CPU.
    ///
    /// # Safety
    /// The CPU must support AVX-512F, AVX2 and FMA.
    pub unsafe fn new_unchecked() -> Avx512 {
        Avx512 {
            // SAFETY: forwarded contract (AVX2 and FMA).
            avx2: unsafe { Avx2::new_unchecked() },
        }
    }
}

/// `c[i·ldc + j] += Σ_p a[p·MR512 + i]·b[p·NR + j]`, `i < mr`, `j < nr`.
///
/// # Safety
/// AVX-512F; `a` holds `kc·MR512`, `b` `kc·NR` readable values; `c[i·ldc + j]` writable for
/// `i < mr ≤ MR512`, `j < nr ≤ NR`.
#[allow(clippy::too_many_arguments)]
#[target_feature(enable = "avx512f")]
unsafe fn micro512(
    kc: usize,
    a: *const f32,
    b: *const f32,
    c: *mut f32,
    ldc: usize,
    mr: usize,
    nr: usize,
) {
    let mut acc = [_mm512_setzero_ps(); MR512];
    for p in 0..kc {
        // SAFETY: p < kc: within the panels by the contract.
        unsafe {
            let bv = _mm512_loadu_ps(b.add(p * NR));
            let ap = a.add(p * MR512);
            for (i, acc) in acc.iter_mut().enumerate() {
                *acc = _mm512_fmadd_ps(_mm512_set1_ps(*ap.add(i)), bv, *acc);
            }
        }
    }
    if nr == NR {
        for (i, acc) in acc.iter().enumerate().take(mr) {
            // SAFETY: row i < mr holds NR writable values by the contract.
            unsafe {
                let r = c.add(i * ldc);
                _mm512_storeu_ps(r, _mm512_add_ps(_mm512_loadu_ps(r), *acc));
            }
        }
    } else {
        let m: __mmask16 = ((1u32 << nr) - 1) as u16;
        for (i, acc) in acc.iter().enumerate().take(mr) {
            // SAFETY: lanes j < nr are writable by the contract; masked lanes are not
            // accessed (the pointer is formed with wrapping_add).
            unsafe {
                let r = c.wrapping_add(i * ldc);
                _mm512_mask_storeu_ps(r, m, _mm512_add_ps(_mm512_maskz_loadu_ps(m, r), *acc));
            }
        }
    }
}

impl Prims for Avx512 {
    const MR: usize = MR512;

    fn fill_contig(
        self,
        src: &[f32],
        i0: u32,
        lambda: f32,
        sign: Option<(u32, u32)>,
        out: &mut [f32],
    ) {
        self.avx2.fill_contig(src, i0, lambda, sign, out);
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
        self.avx2
            .fill_strided(mem, start, stride, i0, lambda, sign, out);
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
        self.avx2.fill_hashednet(mem, i0, lambda, hash, sign, out);
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
        // SAFETY: `self` exists only on CPUs with AVX-512F (and AVX2, FMA).
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
        self.avx2.add_signed(dst, src, i0, lambda, sign);
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
        self.avx2
            .fill_signed_stride(src, i0, istride, lambda, sign, out);
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
        self.avx2
            .fill_tile(src, pitch, rows, width, i0, istride, lambda, sign, out, ldo);
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
        self.avx2
            .add_tile_t(grad, pitch, dw, ldw, kw, rw, i0, istride, lambda, sign);
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
        assert!(
            mr <= MR512 && nr <= NR,
            "tile {mr}×{nr} exceeds {MR512}×{NR}"
        );
        assert!(
            a.len() >= kc * MR512 && b.len() >= kc * NR,
            "panel too short"
        );
        assert!((mr - 1) * ldc + nr <= c.len(), "c out of bounds");
        // SAFETY: the assertions are micro512's contract; `self` exists only with AVX-512F.
        unsafe { micro512(kc, a.as_ptr(), b.as_ptr(), c.as_mut_ptr(), ldc, mr, nr) }
    }

    fn pack_t16(self, t: &[f32], ldt: usize, rows: usize, kc: usize, out: &mut [f32]) {
        self.avx2.pack_t16(t, ldt, rows, kc, out);
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
        self.avx2.dot_signed(src, i0, sign, x, ldx, acc);
    }

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
        macro_rules! go {
            ($nb:literal, $ks:literal) => {
                if sign.is_some() {
                    axpy::axpy_nb::<$nb, $ks, true>(
                        m, bases, bk, pitch, kn, i0, istride, sign, x, ldx, width, o, ldo,
                    )
                } else {
                    axpy::axpy_nb::<$nb, $ks, false>(
                        m, bases, bk, pitch, kn, i0, istride, sign, x, ldx, width, o, ldo,
                    )
                }
            };
        }
        // SAFETY: the assertions are axpy_nb's contract (every k reads
        // bases[k / bk] + (k mod bk)·pitch + width ≤ mem.len()); AVX-512F by `self`.
        unsafe {
            match nb {
                1 => go!(1, 2),
                2 => go!(2, 2),
                3 => go!(3, 1),
                _ => go!(4, 1),
            }
        }
    }
}
