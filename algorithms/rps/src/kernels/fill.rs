//! Packing fused with the mapping: one row segment of a layer's `W` written from M, and the
//! deterministic reduction of a dense `dW` into the memory gradient.
//!
//! Fold rows are copied segment by segment (contiguous runs of M, split only at partition
//! boundaries and the wrap at m); ROAST rows are strided reads (stride `bn` inside a tile);
//! HashedNet rows hash every element and gather.

use super::{Prims, Weights};
use crate::mapping::{Layout, Mapping};

/// Writes `W[r][k0 .. k0 + out.len()]` of `w` into `out`.
pub(crate) fn fill_row<P: Prims>(p: P, w: &Weights<'_>, r: usize, k0: usize, out: &mut [f32]) {
    match *w {
        Weights::Dense { w, input, .. } => {
            out.copy_from_slice(&w[r * input + k0..r * input + k0 + out.len()]);
        }
        Weights::Hashed {
            layout,
            memory,
            layer,
        } => fill_hashed_row(p, layout, memory, layer, r, k0, out),
    }
}

fn sign_consts(layout: &Layout, l: usize) -> Option<(u32, u32)> {
    let h = layout.arrays()[layout.layers()[l].array].hash;
    layout.config().sign.then_some((h.a32, h.b32))
}

fn fill_hashed_row<P: Prims>(
    p: P,
    layout: &Layout,
    memory: &[f32],
    l: usize,
    r: usize,
    k0: usize,
    out: &mut [f32],
) {
    let layer = layout.layers()[l];
    let array = layout.arrays()[layer.array];
    let sign = sign_consts(layout, l);
    let row0 = layer.offset + (r * layer.input) as u64;
    let k1 = k0 + out.len();
    match layout.config().mapping {
        Mapping::Fold => {
            layout.fold_segments(l, r, k0, k1, |s, k, len| {
                p.fill_contig(
                    &memory[s..s + len],
                    (row0 + k as u64) as u32,
                    layer.lambda,
                    sign,
                    &mut out[k - k0..k - k0 + len],
                );
            });
        }
        Mapping::Roast { bk, bn } => {
            let mut k = k0;
            while k < k1 {
                let end = ((k / bk + 1) * bk).min(k1);
                let base = layout
                    .roast_base(l, k / bk, r / bn)
                    .expect("mapping is ROAST");
                p.fill_strided(
                    memory,
                    base + (k % bk) * bn + r % bn,
                    bn,
                    (row0 + k as u64) as u32,
                    layer.lambda,
                    sign,
                    &mut out[k - k0..end - k0],
                );
                k = end;
            }
        }
        Mapping::HashedNet => p.fill_hashednet(
            &memory[array.start..array.start + array.len],
            (row0 + k0 as u64) as u32,
            layer.lambda,
            &array.hash,
            layout.config().sign,
            out,
        ),
    }
}

/// `grad[lo + j] += λ g dW` for every weight of layer `l` whose slot is in
/// `lo .. lo + grad.len()`, in the order rows ↑ then columns ↑ (so every slot sums its
/// contributions in the same order whatever the split).
pub(crate) fn reduce_range<P: Prims>(
    p: P,
    layout: &Layout,
    l: usize,
    dw: &[f32],
    lo: usize,
    grad: &mut [f32],
) {
    let layer = layout.layers()[l];
    let hi = lo + grad.len();
    let sign = sign_consts(layout, l);
    match layout.config().mapping {
        Mapping::Fold => {
            for r in 0..layer.output {
                let row0 = layer.offset + (r * layer.input) as u64;
                layout.fold_segments(l, r, 0, layer.input, |s, k, len| {
                    let (a, b) = (s.max(lo), (s + len).min(hi));
                    if a < b {
                        let kk = k + (a - s);
                        p.add_signed(
                            &mut grad[a - lo..b - lo],
                            &dw[r * layer.input + kk..r * layer.input + kk + (b - a)],
                            (row0 + kk as u64) as u32,
                            layer.lambda,
                            sign,
                        );
                    }
                });
            }
        }
        _ => {
            for r in 0..layer.output {
                for k in 0..layer.input {
                    let s = layout.slot(l, r, k);
                    if (lo..hi).contains(&s.index) {
                        grad[s.index - lo] += layer.lambda * (s.sign * dw[r * layer.input + k]);
                    }
                }
            }
        }
    }
}
