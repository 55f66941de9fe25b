//! The blocked drivers shared by every kernel set (dense and hashed weights alike, so the
//! comparison with dense uses the same microkernel).
//!
//! - forward `Y = X Wᵀ`: W in blocks of `NC` rows × `KC` columns; a hashed block is packed
//!   (materialised from M, [`super::fill`]) once and reused by every batch row, a dense
//!   block is read in place. The microkernel takes dot products along k.
//! - input gradient `dX = dY W`: W in blocks of `KCN` rows × `NCK` columns, packed the same
//!   way; outer-product microkernel over the rows of W.
//! - weight gradient `dW = dYᵀ X` (dense, output × input): outer-product microkernel.
//!
//! Each output sums its k blocks in increasing order, so results do not depend on threads.

use super::fill::fill_row;
use super::{Prims, Weights};

const KC: usize = 256;
const NC: usize = 64;
const KCN: usize = 128;
const NCK: usize = 512;
const KCB: usize = 256;

/// `y = x Wᵀ` (y overwritten). Shapes are checked by the caller.
pub(crate) fn forward<P: Prims>(p: P, x: &[f32], batch: usize, w: &Weights<'_>, y: &mut [f32]) {
    let (input, output) = w.shape();
    y.fill(0.0);
    let mut pack = if w.is_dense() {
        Vec::new()
    } else {
        vec![0.0f32; NC * KC]
    };
    for k0 in (0..input).step_by(KC) {
        let kc = KC.min(input - k0);
        for n0 in (0..output).step_by(NC) {
            let nc = NC.min(output - n0);
            let (b, ldb): (&[f32], usize) = match w {
                Weights::Dense { w, .. } => (&w[n0 * input + k0..], input),
                Weights::Hashed { .. } => {
                    for j in 0..nc {
                        fill_row(p, w, n0 + j, k0, &mut pack[j * kc..(j + 1) * kc]);
                    }
                    (&pack[..], kc)
                }
            };
            for b0 in (0..batch).step_by(P::DOT_MR) {
                let mr = P::DOT_MR.min(batch - b0);
                for j0 in (0..nc).step_by(P::DOT_NR) {
                    let nr = P::DOT_NR.min(nc - j0);
                    p.dot_block(
                        &x[b0 * input + k0..],
                        input,
                        &b[j0 * ldb..],
                        ldb,
                        kc,
                        mr,
                        nr,
                        &mut y[b0 * output + n0 + j0..],
                        output,
                    );
                }
            }
        }
    }
}

/// `dx = dy W` (dx overwritten).
pub(crate) fn backward_input<P: Prims>(
    p: P,
    dy: &[f32],
    batch: usize,
    w: &Weights<'_>,
    dx: &mut [f32],
) {
    let (input, output) = w.shape();
    dx.fill(0.0);
    let mut pack = if w.is_dense() {
        Vec::new()
    } else {
        vec![0.0f32; KCN * NCK]
    };
    for n0 in (0..output).step_by(KCN) {
        let kcn = KCN.min(output - n0);
        for k0 in (0..input).step_by(NCK) {
            let nck = NCK.min(input - k0);
            let (b, ldb): (&[f32], usize) = match w {
                Weights::Dense { w, .. } => (&w[n0 * input + k0..], input),
                Weights::Hashed { .. } => {
                    for j in 0..kcn {
                        fill_row(p, w, n0 + j, k0, &mut pack[j * nck..(j + 1) * nck]);
                    }
                    (&pack[..], nck)
                }
            };
            for b0 in (0..batch).step_by(P::OUT_MR) {
                let mr = P::OUT_MR.min(batch - b0);
                for j0 in (0..nck).step_by(P::OUT_NC) {
                    let nc = P::OUT_NC.min(nck - j0);
                    p.outer_block(
                        &dy[b0 * output + n0..],
                        output,
                        1,
                        &b[j0..],
                        ldb,
                        kcn,
                        mr,
                        nc,
                        &mut dx[b0 * input + k0 + j0..],
                        input,
                    );
                }
            }
        }
    }
}

/// `dw = dyᵀ x` (output × input, overwritten).
#[allow(clippy::too_many_arguments)]
pub(crate) fn weight_grad<P: Prims>(
    p: P,
    dy: &[f32],
    x: &[f32],
    batch: usize,
    input: usize,
    output: usize,
    dw: &mut [f32],
) {
    dw.fill(0.0);
    for b0 in (0..batch).step_by(KCB) {
        let kcb = KCB.min(batch - b0);
        for k0 in (0..input).step_by(NCK) {
            let nck = NCK.min(input - k0);
            for n0 in (0..output).step_by(P::OUT_MR) {
                let mr = P::OUT_MR.min(output - n0);
                for j0 in (0..nck).step_by(P::OUT_NC) {
                    let nc = P::OUT_NC.min(nck - j0);
                    p.outer_block(
                        &dy[b0 * output + n0..],
                        1,
                        output,
                        &x[b0 * input + k0 + j0..],
                        input,
                        kcb,
                        mr,
                        nc,
                        &mut dw[n0 * input + k0 + j0..],
                        input,
                    );
                }
            }
        }
    }
}
