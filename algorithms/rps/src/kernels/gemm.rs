//! The BLIS-style driver shared by every product (dense and hashed weights alike, so the
//! comparison with dense uses the same microkernel): `C (m×n) += A (m×k) · B (k×n)`.
//!
//! Loops (Goto and van de Geijn; BLIS): `jc` over n in [`NC`] columns, `pc` over k in [`KC`],
//! where the B block is packed into `NR`-wide slivers (`kc × NR` each, one L1-sized sliver);
//! `ic` over m in [`MC`] rows, where the A block is packed into `MR`-tall slivers (L2-sized
//! block); then the microkernel runs every `MR × NR` tile, B sliver outer (it stays in L1).
//! Each output sums its k blocks in increasing order, the same for dense and hashed weights.
//!
//! B packing is where hashed weights differ from dense ones (fused with the mapping):
//! - forward, `B = Wᵀ`: dense rows of W and fold rows (a few contiguous M segments, sign
//!   and λ applied while copying into a `NR × kc` scratch) go through the 8×8 transposing
//!   pack; a ROAST tile row is `bn` contiguous slots along `out`, copied straight into the
//!   sliver row (no gather); HashedNet hashes and gathers into the scratch.
//! - input gradient, `B = W`: dense and fold rows (and HashedNet) are copied straight into
//!   the sliver rows; ROAST tile rows go through the scratch and the transposing pack.

use super::fill::{fill_row, pack_roast_w, pack_roast_wt};
use super::{NR, Prims, Weights};
use crate::mapping::Mapping;

/// Depth of a packed panel (the microkernel's k loop).
pub(crate) const KC: usize = 256;
/// Rows of A per packed block (24 slivers of 6).
pub(crate) const MC: usize = 144;
/// Columns of B per packed block.
pub(crate) const NC: usize = 4096;

/// A strided matrix: element `(i, p)` is `data[i·rs + p·cs]`.
#[derive(Clone, Copy)]
pub(crate) struct Strided<'a> {
    pub(crate) data: &'a [f32],
    pub(crate) rs: usize,
    pub(crate) cs: usize,
}

/// The B operand.
#[derive(Clone, Copy)]
pub(crate) enum BSrc<'a> {
    /// A strided matrix.
    Strided(Strided<'a>),
    /// `B = Wᵀ`: `B(p, j) = W[j][p]` (forward).
    Wt(&'a Weights<'a>),
    /// `B = W`: `B(p, j) = W[p][j]` (input gradient).
    W(&'a Weights<'a>),
}

/// A zeroed buffer of `len` values whose slice `[off..off + len]` starts 64-byte aligned.
fn aligned(len: usize) -> (Vec<f32>, usize) {
    let v = vec![0.0f32; len + 16];
    let off = v.as_ptr().align_offset(64).min(16);
    (v, off)
}

/// Packs rows `i0..i0 + mc`, columns `p0..p0 + kc` of `a` into `MR`-tall slivers (`MR` is
/// the kernel set's tile height)
/// (`out[s·kc·MR + p·MR + i]`), zero-padded to a multiple of `MR` rows.
#[allow(non_snake_case)]
fn pack_a(MR: usize, a: Strided<'_>, i0: usize, mc: usize, p0: usize, kc: usize, out: &mut [f32]) {
    for (s, sl) in out.chunks_mut(kc * MR).enumerate().take(mc.div_ceil(MR)) {
        let r0 = i0 + s * MR;
        let mr = MR.min(i0 + mc - r0);
        if mr < MR {
            sl.fill(0.0);
        }
        if a.cs == 1 {
            for i in 0..mr {
                let row = &a.data[(r0 + i) * a.rs + p0..][..kc];
                for (d, &v) in sl.iter_mut().skip(i).step_by(MR).zip(row) {
                    *d = v;
                }
            }
        } else if a.rs == 1 {
            for (p, d) in sl.chunks_exact_mut(MR).enumerate() {
                d[..mr].copy_from_slice(&a.data[(p0 + p) * a.cs + r0..][..mr]);
            }
        } else {
            for (p, d) in sl.chunks_exact_mut(MR).enumerate() {
                for (i, d) in d.iter_mut().enumerate().take(mr) {
                    *d = a.data[(r0 + i) * a.rs + (p0 + p) * a.cs];
                }
            }
        }
    }
}

/// Copies `nr` values per sliver row from `row(p)` and zero-pads to `NR`.
fn pack_rows(sl: &mut [f32], kc: usize, nr: usize, mut row: impl FnMut(usize, &mut [f32])) {
    for (q, d) in sl.chunks_exact_mut(NR).enumerate().take(kc) {
        row(q, &mut d[..nr]);
        d[nr..].fill(0.0);
    }
}

/// Packs rows `p0..p0 + kc`, columns `j0..j0 + nc` of B into `NR`-wide slivers
/// (`out[s·kc·NR + p·NR + j]`), zero-padded to a multiple of `NR` columns.
#[allow(clippy::too_many_arguments)]
fn pack_b<P: Prims>(
    p: P,
    b: BSrc<'_>,
    p0: usize,
    kc: usize,
    j0: usize,
    nc: usize,
    out: &mut [f32],
    tmp: &mut [f32],
) {
    if let BSrc::W(w @ &Weights::Hashed { layout, .. }) = b
        && !matches!(layout.config().mapping, Mapping::Roast { .. })
    {
        // Input gradient, fold / HashedNet: one fused fill per row of the block (one fold
        // segment walk per row, not per sliver), then NR-wide pieces into the slivers.
        let row = &mut tmp[..nc];
        for q in 0..kc {
            fill_row(p, w, p0 + q, j0, row);
            for (s, sl) in out.chunks_mut(kc * NR).enumerate().take(nc.div_ceil(NR)) {
                let nr = NR.min(nc - s * NR);
                let d = &mut sl[q * NR..(q + 1) * NR];
                d[..nr].copy_from_slice(&row[s * NR..s * NR + nr]);
                d[nr..].fill(0.0);
            }
        }
        return;
    }
    for (s, sl) in out.chunks_mut(kc * NR).enumerate().take(nc.div_ceil(NR)) {
        let c0 = j0 + s * NR;
        let nr = NR.min(j0 + nc - c0);
        let tmp = &mut tmp[..nr * kc];
        match b {
            BSrc::Strided(m) if m.cs == 1 => pack_rows(sl, kc, nr, |q, d| {
                d.copy_from_slice(&m.data[(p0 + q) * m.rs + c0..][..nr]);
            }),
            BSrc::Strided(m) if m.rs == 1 => {
                p.pack_t16(&m.data[c0 * m.cs + p0..], m.cs, nr, kc, sl)
            }
            BSrc::Strided(m) => pack_rows(sl, kc, nr, |q, d| {
                for (j, d) in d.iter_mut().enumerate() {
                    *d = m.data[(p0 + q) * m.rs + (c0 + j) * m.cs];
                }
            }),
            BSrc::Wt(&Weights::Dense { w, input, .. }) => {
                p.pack_t16(&w[c0 * input + p0..], input, nr, kc, sl);
            }
            BSrc::Wt(w @ &Weights::Hashed { layout, .. }) => {
                if let Mapping::Roast { .. } = layout.config().mapping {
                    pack_roast_wt(p, w, p0, kc, c0, nr, sl);
                } else {
                    for (j, t) in tmp.chunks_exact_mut(kc).enumerate() {
                        fill_row(p, w, c0 + j, p0, t);
                    }
                    p.pack_t16(tmp, kc, nr, kc, sl);
                }
            }
            BSrc::W(&Weights::Dense { w, input, .. }) => pack_rows(sl, kc, nr, |q, d| {
                d.copy_from_slice(&w[(p0 + q) * input + c0..][..nr]);
            }),
            BSrc::W(w @ &Weights::Hashed { layout, .. }) => {
                if let Mapping::Roast { .. } = layout.config().mapping {
                    pack_roast_w(p, w, p0, kc, c0, nr, tmp, sl);
                } else {
                    pack_rows(sl, kc, nr, |q, d| fill_row(p, w, p0 + q, c0, d));
                }
            }
        }
    }
}

/// `c[i·ldc + j] += Σ_p A(i, p)·B(p, j)` for `i < m`, `j < n`, `p < k`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn gemm<P: Prims>(
    p: P,
    m: usize,
    n: usize,
    k: usize,
    a: Strided<'_>,
    b: BSrc<'_>,
    c: &mut [f32],
    ldc: usize,
) {
    if m == 0 || n == 0 || k == 0 {
        return;
    }
    let kmax = KC.min(k);
    let mr_ = P::MR;
    let (mut abuf, ao) = aligned(MC.min(m).div_ceil(mr_) * mr_ * kmax);
    let (mut bbuf, bo) = aligned(NC.min(n).div_ceil(NR) * NR * kmax);
    let mut tmp = vec![0.0f32; (NR * kmax).max(NC.min(n))];
    for jc in (0..n).step_by(NC) {
        let nc = NC.min(n - jc);
        for pc in (0..k).step_by(KC) {
            let kc = KC.min(k - pc);
            let bp = &mut bbuf[bo..bo + nc.div_ceil(NR) * NR * kc];
            pack_b(p, b, pc, kc, jc, nc, bp, &mut tmp);
            for ic in (0..m).step_by(MC) {
                let mc = MC.min(m - ic);
                let ap = &mut abuf[ao..ao + mc.div_ceil(mr_) * mr_ * kc];
                pack_a(mr_, a, ic, mc, pc, kc, ap);
                for (js, bs) in bp.chunks_exact(kc * NR).enumerate() {
                    let nr = NR.min(nc - js * NR);
                    for (is, asl) in ap.chunks_exact(kc * mr_).enumerate() {
                        let mr = mr_.min(mc - is * mr_);
                        let c0 = (ic + is * mr_) * ldc + jc + js * NR;
                        p.micro(kc, asl, bs, &mut c[c0..], ldc, mr, nr);
                    }
                }
            }
        }
    }
}

/// `y = x Wᵀ` (y overwritten). Shapes are checked by the caller.
pub(crate) fn forward<P: Prims>(p: P, x: &[f32], batch: usize, w: &Weights<'_>, y: &mut [f32]) {
    let (input, output) = w.shape();
    y.fill(0.0);
    let a = Strided {
        data: x,
        rs: input,
        cs: 1,
    };
    gemm(p, batch, output, input, a, BSrc::Wt(w), y, output);
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
    let a = Strided {
        data: dy,
        rs: output,
        cs: 1,
    };
    gemm(p, batch, input, output, a, BSrc::W(w), dx, input);
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
    let a = Strided {
        data: dy,
        rs: 1,
        cs: output,
    };
    let b = Strided {
        data: x,
        rs: input,
        cs: 1,
    };
    gemm(p, output, input, batch, a, BSrc::Strided(b), dw, input);
}
