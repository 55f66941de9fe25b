//! The portable kernels: plain loops, always available. Their fills and reductions give the
//! same bits as the AVX2 ones (same operations in the same order); their products use separate
//! multiplies and adds where AVX2 fuses them, so GEMM results agree to rounding only.

use super::{MR, NR, Prims};
use crate::hash::{HashConsts, fmix32};

/// The scalar kernel set.
#[derive(Debug, Clone, Copy, Default)]
pub struct Scalar;

#[inline(always)]
fn sign_of(sign: Option<(u32, u32)>, i: u32) -> f32 {
    match sign {
        Some((a, b)) if a.wrapping_mul(i).wrapping_add(b) >> 31 == 1 => -1.0,
        _ => 1.0,
    }
}

impl Prims for Scalar {
    const MR: usize = MR;

    fn fill_contig(
        self,
        src: &[f32],
        i0: u32,
        lambda: f32,
        sign: Option<(u32, u32)>,
        out: &mut [f32],
    ) {
        for (j, (o, &m)) in out.iter_mut().zip(src).enumerate() {
            *o = lambda * (sign_of(sign, i0.wrapping_add(j as u32)) * m);
        }
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
        for (j, o) in out.iter_mut().enumerate() {
            *o = lambda * (sign_of(sign, i0.wrapping_add(j as u32)) * mem[start + j * stride]);
        }
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
        let m = mem.len() as u64;
        let sign = sign.then_some((hash.a32, hash.b32));
        for (j, o) in out.iter_mut().enumerate() {
            let i = i0.wrapping_add(j as u32);
            let x = fmix32(hash.h32a.wrapping_mul(i).wrapping_add(hash.h32b));
            let s = ((u64::from(x) * m) >> 32) as usize;
            *o = lambda * (sign_of(sign, i) * mem[s]);
        }
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
        let sign = sign.then_some((hash.a32, hash.b32));
        for (j, &d) in dw.iter().enumerate() {
            let i = i0.wrapping_add(j as u32);
            let x = fmix32(hash.h32a.wrapping_mul(i).wrapping_add(hash.h32b));
            let s = ((u64::from(x) * u64::from(m)) >> 32) as u32;
            if let Some(g) = grad.get_mut(s.wrapping_sub(lo) as usize) {
                *g += lambda * (sign_of(sign, i) * d);
            }
        }
    }

    fn add_signed(
        self,
        dst: &mut [f32],
        src: &[f32],
        i0: u32,
        lambda: f32,
        sign: Option<(u32, u32)>,
    ) {
        for (j, (d, &g)) in dst.iter_mut().zip(src).enumerate() {
            *d += lambda * (sign_of(sign, i0.wrapping_add(j as u32)) * g);
        }
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
        for (j, (o, &m)) in out.iter_mut().zip(src).enumerate() {
            let i = i0.wrapping_add((j as u32).wrapping_mul(istride));
            *o = lambda * (sign_of(sign, i) * m);
        }
    }

    #[allow(clippy::too_many_arguments)]
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
    }

    #[allow(clippy::too_many_arguments)]
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
        for q in 0..kw {
            let row = &mut grad[q * pitch..q * pitch + rw];
            for (j, d) in row.iter_mut().enumerate() {
                let i = i0
                    .wrapping_add(q as u32)
                    .wrapping_add((j as u32).wrapping_mul(istride));
                *d += lambda * (sign_of(sign, i) * dw[j * ldw + q]);
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
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
        let mut acc = [[0.0f32; NR]; MR];
        for (ap, bp) in a.chunks_exact(MR).zip(b.chunks_exact(NR)).take(kc) {
            for (acc, &av) in acc.iter_mut().zip(ap) {
                for (acc, &bv) in acc.iter_mut().zip(bp) {
                    *acc += av * bv;
                }
            }
        }
        for (i, acc) in acc.iter().enumerate().take(mr) {
            for (cv, &v) in c[i * ldc..i * ldc + nr].iter_mut().zip(acc) {
                *cv += v;
            }
        }
    }

    fn pack_t16(self, t: &[f32], ldt: usize, rows: usize, kc: usize, out: &mut [f32]) {
        for (p, dst) in out.chunks_exact_mut(NR).enumerate().take(kc) {
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
        for (b, acc) in acc.iter_mut().enumerate() {
            let xr = &x[b * ldx..b * ldx + src.len()];
            let mut s = 0.0f32;
            for (j, (&m, &xv)) in src.iter().zip(xr).enumerate() {
                s += sign_of(sign, i0.wrapping_add(j as u32)) * m * xv;
            }
            *acc += s;
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
        for b in 0..nb {
            let mut acc = [0.0f32; NR];
            for k in 0..kn {
                let start = bases[k / bk] + (k % bk) * pitch;
                let xv = x[b * ldx + k];
                for (j, acc) in acc.iter_mut().enumerate().take(width) {
                    let i = i0
                        .wrapping_add(k as u32)
                        .wrapping_add((j as u32).wrapping_mul(istride));
                    *acc += xv * (sign_of(sign, i) * mem[start + j]);
                }
            }
            for (o, &v) in out[b * ldo..b * ldo + width].iter_mut().zip(&acc) {
                *o += v;
            }
        }
    }
}
