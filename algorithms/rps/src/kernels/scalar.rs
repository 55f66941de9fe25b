//! The portable kernels: plain loops, always available. Their fills and reductions give the
//! same bits as the AVX2 ones (same operations in the same order); their dot products sum in
//! a different order, so GEMM results agree to rounding only.

use super::Prims;
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

    #[allow(clippy::too_many_arguments)]
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
        for i in 0..mr {
            for j in 0..nr {
                let (ar, br) = (&a[i * lda..i * lda + kc], &b[j * ldb..j * ldb + kc]);
                let s: f32 = ar.iter().zip(br).map(|(x, y)| x * y).sum();
                c[i * ldc + j] += s;
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
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
        for i in 0..mr {
            let mut acc = [0.0f32; 16];
            for p in 0..kc {
                let av = a[i * a_rs + p * a_cs];
                for (j, acc) in acc.iter_mut().enumerate().take(nc) {
                    *acc += av * b[p * ldb + j];
                }
            }
            for (j, acc) in acc.iter().enumerate().take(nc) {
                c[i * ldc + j] += acc;
            }
        }
    }
}
