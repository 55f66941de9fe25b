//! ROAST tile bases for the kernels: [`Layout::roast_base`] with its `mod r` done by a
//! precomputed multiplication.
//!
//! A tile's base is `start + ((A·t + B) mod P) mod r` with `r = m − bk·bn + 1`. The Mersenne
//! fold leaves `x < P < 2³¹`, and `r` is fixed per layer, so `x mod r` is Lemire's direct
//! remainder (Lemire, Kaser and Kurz, "Faster remainder by direct computation", 2019):
//! `c = ⌊(2⁶⁴ − 1)/r⌋ + 1`, `x mod r = ⌊((c·x mod 2⁶⁴)·r) / 2⁶⁴⌋`, exact for every 32-bit
//! `x` and `r`. One 64-bit division per layer instead of one per tile (a hardware `div`
//! costs tens of cycles; a 4096² layer has 65,536 tiles). Layers whose `r` does not fit 32
//! bits use `%`. The bases equal [`Layout::roast_base`] exactly (tested below and by every
//! packing test, which compares bits with [`Layout::weight`]).

use crate::hash::mod_p;
use crate::mapping::{Layout, Mapping};

/// The tile-base hash of one ROAST layer.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TileBases {
    a: u64,
    b: u64,
    r: u64,
    /// Lemire's `c` for `r`, or 0 when `r ≥ 2³²` (then `%` is used).
    c: u64,
    start: usize,
    tile_offset: u64,
    /// Tiles along the output (`⌈output/bn⌉`).
    per_row: usize,
}

impl TileBases {
    /// The bases of layer `l`; `None` unless the mapping is ROAST.
    pub(crate) fn new(layout: &Layout, l: usize) -> Option<TileBases> {
        let Mapping::Roast { bk, bn } = layout.config().mapping else {
            return None;
        };
        let layer = layout.layers()[l];
        let array = layout.arrays()[layer.array];
        let r = (array.len - bk * bn) as u64 + 1;
        let c = if r <= u64::from(u32::MAX) {
            (u64::MAX / r).wrapping_add(1)
        } else {
            0
        };
        Some(TileBases {
            a: array.hash.a,
            b: array.hash.b,
            r,
            c,
            start: array.start,
            tile_offset: layer.tile_offset,
            per_row: layer.output.div_ceil(bn),
        })
    }

    /// The first slot of tile `(tk, tn)` (input tile `tk`, output tile `tn`).
    #[inline(always)]
    pub(crate) fn base(&self, tk: usize, tn: usize) -> usize {
        let t = self.tile_offset + (tk * self.per_row + tn) as u64;
        let x = mod_p(self.a * t + self.b);
        let s = if self.c != 0 {
            ((u128::from(self.c.wrapping_mul(x)) * u128::from(self.r)) >> 64) as u64
        } else {
            x % self.r
        };
        self.start + s as usize
    }
}

#[cfg(test)]
mod tests {
    use super::TileBases;
    use crate::mapping::{Config, Layout, Mapping, Memory, MemorySize, Scaler};

    fn roast(bk: usize, bn: usize, memory: Memory, size: MemorySize, seed: u64) -> Config {
        Config {
            mapping: Mapping::Roast { bk, bn },
            memory,
            sign: true,
            seed,
            size,
            init_scale: 0.04,
            scaler: Scaler::None,
        }
    }

    #[test]
    fn bases_equal_the_layouts_for_every_tile() {
        let shapes = [(37, 21), (200, 130), (5, 3)];
        for seed in 0..6u64 {
            for (bk, bn) in [(16, 16), (3, 5), (1, 1)] {
                for size in [
                    MemorySize::Compression(1.0),
                    MemorySize::Compression(7.3),
                    MemorySize::Slots(bk * bn),
                    MemorySize::Slots(bk * bn + 1),
                    // r = m − bk·bn + 1 around and beyond 2³² (no memory is allocated).
                    MemorySize::Slots(u32::MAX as usize + bk * bn - 1),
                    MemorySize::Slots(u32::MAX as usize + bk * bn),
                    MemorySize::Slots(3 << 32),
                ] {
                    for memory in [Memory::Global, Memory::Local] {
                        let Ok(layout) = Layout::new(roast(bk, bn, memory, size, seed), &shapes)
                        else {
                            continue;
                        };
                        for (l, &(input, output)) in shapes.iter().enumerate() {
                            let t = TileBases::new(&layout, l).unwrap();
                            for tk in 0..input.div_ceil(bk) {
                                for tn in 0..output.div_ceil(bn) {
                                    assert_eq!(
                                        Some(t.base(tk, tn)),
                                        layout.roast_base(l, tk, tn),
                                        "seed {seed} tile {bk}x{bn} {size:?} {memory:?} l {l}"
                                    );
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn direct_remainder_is_exact_at_the_edges() {
        // The identity behind `base`, on the extremes of x < 2³¹ and r < 2³².
        for r in [
            1u64,
            2,
            3,
            255,
            65_521,
            (1 << 31) - 1,
            1 << 31,
            u64::from(u32::MAX),
        ] {
            let c = (u64::MAX / r).wrapping_add(1);
            for x in [
                0u64,
                1,
                r - 1,
                r,
                r + 1,
                (1 << 31) - 2,
                (1 << 31) - 1,
                12_345_678,
            ] {
                let got = ((u128::from(c.wrapping_mul(x)) * u128::from(r)) >> 64) as u64;
                assert_eq!(got, x % r, "x {x} r {r}");
            }
        }
    }
}
