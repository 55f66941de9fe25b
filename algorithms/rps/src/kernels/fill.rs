//! Packing fused with the mapping: one row or column segment of a layer's `W` written from
//! M, the ROAST forward sliver, and the deterministic reduction of a dense `dW` into the
//! memory gradient.
//!
//! Fold rows are copied segment by segment (contiguous runs of M, split only at partition
//! boundaries and the wrap at m); ROAST columns (`W[r0..][k]`, a tile row) are contiguous
//! runs of `bn` slots, ROAST rows strided reads (stride `bn` inside a tile); HashedNet hashes
//! every element and gathers.

use super::tiles::TileBases;
use super::{NR, Prims, Weights};
use crate::mapping::{LayerMap, Layout, Mapping};

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

pub(crate) fn sign_consts(layout: &Layout, l: usize) -> Option<(u32, u32)> {
    let h = layout.arrays()[layout.layers()[l].array].hash;
    layout.config().sign.then_some((h.a32, h.b32))
}

/// What the ROAST packings read from a hashed ROAST layer.
struct Roast<'a> {
    memory: &'a [f32],
    bk: usize,
    bn: usize,
    tiles: TileBases,
    lm: LayerMap,
    sign: Option<(u32, u32)>,
}

impl<'a> Roast<'a> {
    /// Panics unless `w` is a hashed ROAST layer (the packings are only called for those).
    fn of(w: &Weights<'a>) -> Roast<'a> {
        let Weights::Hashed {
            layout,
            memory,
            layer,
        } = *w
        else {
            unreachable!("the ROAST packings are called for hashed layers")
        };
        let Mapping::Roast { bk, bn } = layout.config().mapping else {
            unreachable!("the ROAST packings are called for ROAST layers")
        };
        Roast {
            memory,
            bk,
            bn,
            tiles: TileBases::new(layout, layer).expect("ROAST"),
            lm: layout.layers()[layer],
            sign: sign_consts(layout, layer),
        }
    }
}

/// The input-gradient B sliver of a ROAST layer (`B = W`): `sl[q·NR + j] = W[p0 + q][c0 + j]`
/// for `q < kc`, `j < nr` (zero for `nr ≤ j < NR`). Column `j` of the sliver is a run of
/// tile rows, contiguous in M (input `c0 + j` fixed, outputs `p0 + q` running): copied with
/// the sign into row `j` of `tmp` (`nr·kc` values), then transposed by the pack. One
/// tile-base hash per tile the sliver touches.
#[allow(clippy::too_many_arguments)]
pub(crate) fn pack_roast_w<P: Prims>(
    p: P,
    w: &Weights<'_>,
    p0: usize,
    kc: usize,
    c0: usize,
    nr: usize,
    tmp: &mut [f32],
    sl: &mut [f32],
) {
    let Roast {
        memory,
        bk,
        bn,
        tiles,
        lm,
        sign,
    } = Roast::of(w);
    let mut ka = c0;
    while ka < c0 + nr {
        let kb = ((ka / bk + 1) * bk).min(c0 + nr);
        let mut ra = p0;
        while ra < p0 + kc {
            let rb = ((ra / bn + 1) * bn).min(p0 + kc);
            let start = tiles.base(ka / bk, ra / bn) + (ka % bk) * bn + ra % bn;
            p.fill_tile(
                &memory[start..],
                bn,
                kb - ka,
                rb - ra,
                (lm.offset + (ra * lm.input + ka) as u64) as u32,
                lm.input as u32,
                lm.lambda,
                sign,
                &mut tmp[(ka - c0) * kc + ra - p0..],
                kc,
            );
            ra = rb;
        }
        ka = kb;
    }
    p.pack_t16(tmp, kc, nr, kc, sl);
}

/// The forward B sliver of a ROAST layer: `sl[q·NR + j] = W[c0 + j][p0 + q]` for `q < kc`,
/// `j < nr` (zero for `nr ≤ j < NR`): each sliver row is one or two tile rows, copied with
/// the sign applied; one tile-base hash per `bk` rows.
pub(crate) fn pack_roast_wt<P: Prims>(
    p: P,
    w: &Weights<'_>,
    p0: usize,
    kc: usize,
    c0: usize,
    nr: usize,
    sl: &mut [f32],
) {
    let Roast {
        memory,
        bk,
        bn,
        tiles,
        lm,
        sign,
    } = Roast::of(w);
    let mut ra = c0;
    while ra < c0 + nr {
        let rb = ((ra / bn + 1) * bn).min(c0 + nr);
        let (tn, len) = (ra / bn, rb - ra);
        // Tile by tile along k: rows ka..kb of tile (ka / bk, tn) in one call.
        let mut ka = p0;
        while ka < p0 + kc {
            let kb = ((ka / bk + 1) * bk).min(p0 + kc);
            let start = tiles.base(ka / bk, tn) + (ka % bk) * bn + ra % bn;
            let q = ka - p0;
            p.fill_tile(
                &memory[start..],
                bn,
                kb - ka,
                len,
                (lm.offset + (ra * lm.input + ka) as u64) as u32,
                lm.input as u32,
                lm.lambda,
                sign,
                &mut sl[q * NR + ra - c0..],
                NR,
            );
            ka = kb;
        }
        ra = rb;
    }
    if nr < NR {
        for d in sl.chunks_exact_mut(NR).take(kc) {
            d[nr..].fill(0.0);
        }
    }
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
/// `lo .. lo + grad.len()`, in a fixed order that does not depend on the range, so every slot
/// sums its contributions in the same order whatever the split:
/// - fold and HashedNet: rows ↑ then columns ↑ (fold by contiguous vector adds);
/// - ROAST: tiles with the output's tile index `tn` outer and the input's `tk` inner (a band
///   of `bn` rows of `dW` is read left to right, as streams the prefetcher follows); a tile
///   gives each of its slots exactly one term, added as one transposed block
///   ([`Prims::add_tile_t`]). A tile across the range's edge is added run by run, clipped.
///   `cuda::emulate::csr` lists each slot's weights in this same order for the GPU.
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
        Mapping::Roast { bk, bn } => {
            let (input, output) = (layer.input, layer.output);
            let tiles = TileBases::new(layout, l).expect("ROAST");
            for tn in 0..output.div_ceil(bn) {
                for tk in 0..input.div_ceil(bk) {
                    let (k0, r0) = (tk * bk, tn * bn);
                    let (kw, rw) = (bk.min(input - k0), bn.min(output - r0));
                    let base = tiles.base(tk, tn);
                    if base >= hi || base + bk * bn <= lo {
                        continue;
                    }
                    let i0 = (layer.offset + (r0 * input + k0) as u64) as u32;
                    if base >= lo && base + (kw - 1) * bn + rw <= hi {
                        p.add_tile_t(
                            &mut grad[base - lo..],
                            bn,
                            &dw[r0 * input + k0..],
                            input,
                            kw,
                            rw,
                            i0,
                            input as u32,
                            layer.lambda,
                            sign,
                        );
                        continue;
                    }
                    // A tile across the range's edge: row by row, columns r whose slot
                    // start + (r − r0) lies in lo..hi.
                    for q in 0..kw {
                        let start = base + q * bn;
                        let ra = lo.saturating_sub(start).min(rw);
                        let rb = hi.saturating_sub(start).min(rw);
                        if ra < rb {
                            p.add_tile_t(
                                &mut grad[start + ra - lo..],
                                bn,
                                &dw[(r0 + ra) * input + k0 + q..],
                                input,
                                1,
                                rb - ra,
                                i0.wrapping_add(q as u32).wrapping_add((ra * input) as u32),
                                input as u32,
                                layer.lambda,
                                sign,
                            );
                        }
                    }
                }
            }
        }
        Mapping::HashedNet => {
            // Rows ↑ then columns ↑ is the flat index ↑: one run over the whole layer.
            let array = layout.arrays()[layer.array];
            p.reduce_hashednet(
                &dw[..layer.output * layer.input],
                layer.offset as u32,
                layer.lambda,
                &array.hash,
                array.len as u32,
                layout.config().sign,
                (lo - array.start) as u32,
                grad,
            );
        }
    }
}
