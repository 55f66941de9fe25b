//! The small-batch forward (`batch ≤ SMALL_BATCH`): nothing is packed, W is streamed once.
//!
//! - Dense: one dot product per row of W per batch row ([`Prims::dot_signed`] without sign).
//! - Fold: row `r` is a few contiguous M segments; each is dotted with the matching slice of
//!   x, the sign `g(i)` applied lane by lane on the fly, `λ` applied once per output. M is
//!   `c` times smaller than W, so at `c ≥ 16` it stays in the last-level cache while dense
//!   streams W from memory.
//! - ROAST: per tile column (≤ `NR` outputs at a time), every input `k` adds `x[k]` times one
//!   tile row (contiguous in M) to the outputs ([`Prims::axpy_tiles`]); one tile-base hash
//!   per `bk` inputs, the tile 8 ahead prefetched (the bases are random, and a 1 KiB tile is
//!   too short for the hardware prefetcher). Measured alternative, not kept: visiting tiles
//!   sorted by their base (M read about once, from L1) was slower on Zen 5 at 4096², B = 1
//!   (c = 16: 0.84–0.88 ms against 0.87–0.91; c = 256: 0.82 against 0.68; c = 1: 5.5
//!   against 2.3), as the per-tile work (a 16×16 block, its own accumulators and output
//!   update) costs more than the L3 traffic it saves.
//! - HashedNet: the row is hashed and gathered into a scratch row, then dotted.
//!
//! Cost O(batch·in·out) flops, W (or M) read once.

use super::fill::{fill_row, sign_consts};
use super::tiles::TileBases;
use super::{NR, Prims, SMALL_BATCH, Weights};
use crate::mapping::Mapping;

/// `y = x Wᵀ` for `batch ≤ SMALL_BATCH` (y overwritten). Shapes are checked by the caller.
pub(crate) fn forward<P: Prims>(p: P, x: &[f32], batch: usize, w: &Weights<'_>, y: &mut [f32]) {
    debug_assert!(batch <= SMALL_BATCH);
    let (input, output) = w.shape();
    y.fill(0.0);
    let store = |y: &mut [f32], r: usize, acc: &[f32], scale: f32| {
        for (b, &v) in acc.iter().enumerate() {
            y[b * output + r] = scale * v;
        }
    };
    match *w {
        Weights::Dense { w, .. } => {
            for r in 0..output {
                let mut acc = [0.0f32; SMALL_BATCH];
                p.dot_signed(
                    &w[r * input..(r + 1) * input],
                    0,
                    None,
                    x,
                    input,
                    &mut acc[..batch],
                );
                store(y, r, &acc[..batch], 1.0);
            }
        }
        Weights::Hashed {
            layout,
            memory,
            layer,
        } => {
            let lm = layout.layers()[layer];
            let sign = sign_consts(layout, layer);
            match layout.config().mapping {
                Mapping::Fold => {
                    for r in 0..output {
                        let mut acc = [0.0f32; SMALL_BATCH];
                        let row0 = lm.offset + (r * input) as u64;
                        layout.fold_segments(layer, r, 0, input, |s, k, len| {
                            p.dot_signed(
                                &memory[s..s + len],
                                (row0 + k as u64) as u32,
                                sign,
                                &x[k..],
                                input,
                                &mut acc[..batch],
                            );
                        });
                        store(y, r, &acc[..batch], lm.lambda);
                    }
                }
                Mapping::Roast { bk, bn } => {
                    let tiles = TileBases::new(layout, layer).expect("ROAST");
                    let mut bases = vec![0usize; input.div_ceil(bk)];
                    for tn in 0..output.div_ceil(bn) {
                        for (tk, b) in bases.iter_mut().enumerate() {
                            *b = tiles.base(tk, tn);
                        }
                        let r1 = ((tn + 1) * bn).min(output);
                        for ra in (tn * bn..r1).step_by(NR) {
                            let width = NR.min(r1 - ra);
                            let shifted: Vec<usize> =
                                bases.iter().map(|&b| b + ra - tn * bn).collect();
                            p.axpy_tiles(
                                memory,
                                &shifted,
                                bk,
                                bn,
                                input,
                                (lm.offset + (ra * input) as u64) as u32,
                                input as u32,
                                sign,
                                x,
                                input,
                                batch,
                                width,
                                &mut y[ra..],
                                output,
                            );
                        }
                    }
                    for v in y.iter_mut() {
                        *v *= lm.lambda;
                    }
                }
                Mapping::HashedNet => {
                    let mut row = vec![0.0f32; input];
                    for r in 0..output {
                        fill_row(p, w, r, 0, &mut row);
                        let mut acc = [0.0f32; SMALL_BATCH];
                        p.dot_signed(&row, 0, None, x, input, &mut acc[..batch]);
                        store(y, r, &acc[..batch], 1.0);
                    }
                }
            }
        }
    }
}
