//! The layer description the kernels receive ([`MapDesc`]) and the per-element arithmetic of
//! `kernels/common.cu` (slot, cursor, value), in Rust, line for line.
//!
//! These functions are what the GPU computes; the tests check them against
//! [`crate::mapping::Layout::slot`] and [`crate::mapping::Layout::weight`] for every element.

use crate::error::Error;
use crate::hash::{fmix32, mod_p};
use crate::mapping::{Layout, Mapping};

/// One layer's mapping, as the kernels receive it (a `#[repr(C)]` struct of 80 bytes passed
/// by value; the CUDA `struct MapDesc` in `kernels/common.cu` has the same fields in the same
/// order).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MapDesc {
    /// Index-hash multiplier `A`.
    pub a: u64,
    /// Index-hash offset `B`.
    pub b: u64,
    /// Sign-hash multiplier.
    pub a32: u32,
    /// Sign-hash offset.
    pub b32: u32,
    /// HashedNet multiplier.
    pub h32a: u32,
    /// HashedNet offset.
    pub h32b: u32,
    /// 0 fold, 1 ROAST, 2 HashedNet.
    pub mapping: u32,
    /// 1 when weights carry the sign `g(i)`.
    pub sign: u32,
    /// Slots of the layer's array.
    pub m: u32,
    /// First slot of the array in the concatenated memory.
    pub start: u32,
    /// Global index of `W[0][0]`.
    pub offset: u32,
    /// Global id of the layer's first ROAST tile.
    pub tile_offset: u32,
    /// Columns of W.
    pub input: u32,
    /// Rows of W.
    pub output: u32,
    /// ROAST tile rows (along input); 1 otherwise.
    pub bk: u32,
    /// ROAST tile columns (along output); 1 otherwise.
    pub bn: u32,
    /// `⌈output / bn⌉`.
    pub tiles_n: u32,
    /// The layer scale `λ`.
    pub lambda: f32,
}

const _: () = assert!(std::mem::size_of::<MapDesc>() == 80);

/// The field names of [`MapDesc`] in order (checked against the CUDA struct by a test).
pub const MAP_DESC_FIELDS: [&str; 18] = [
    "a",
    "b",
    "a32",
    "b32",
    "h32a",
    "h32b",
    "mapping",
    "sign",
    "m",
    "start",
    "offset",
    "tile_offset",
    "input",
    "output",
    "bk",
    "bn",
    "tiles_n",
    "lambda",
];

fn too_large(what: &str, got: usize) -> Error {
    Error::ShapeMismatch {
        what: format!("{what} (the GPU index arithmetic needs it below 2^32)"),
        expected: u32::MAX as usize,
        got,
    }
}

impl MapDesc {
    /// The description of layer `l` of `layout`.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] when `l` is out of range or the concatenated memory has
    /// 2³² slots or more.
    ///
    /// ```
    /// use rps::cuda::MapDesc;
    /// use rps::mapping::{Config, Layout};
    /// let layout = Layout::new(Config::stable_rps(4.0, 1), &[(32, 16), (16, 4)]).unwrap();
    /// let d = MapDesc::new(&layout, 1).unwrap();
    /// assert_eq!((d.input, d.output, d.offset), (16, 4, 32 * 16));
    /// ```
    pub fn new(layout: &Layout, l: usize) -> Result<MapDesc, Error> {
        let layer = *layout.layers().get(l).ok_or_else(|| Error::ShapeMismatch {
            what: "layer index (number of layers)".into(),
            expected: layout.layers().len(),
            got: l,
        })?;
        let array = layout.arrays()[layer.array];
        let end = array.start + array.len;
        let small = |what: &str, v: usize| u32::try_from(v).map_err(|_| too_large(what, v));
        small("memory length", end)?;
        let (mapping, bk, bn) = match layout.config().mapping {
            Mapping::Fold => (0, 1, 1),
            Mapping::Roast { bk, bn } => (1, bk, bn),
            Mapping::HashedNet => (2, 1, 1),
        };
        let h = array.hash;
        Ok(MapDesc {
            a: h.a,
            b: h.b,
            a32: h.a32,
            b32: h.b32,
            h32a: h.h32a,
            h32b: h.h32b,
            mapping,
            sign: u32::from(layout.config().sign),
            m: small("memory length", array.len)?,
            start: small("memory length", array.start)?,
            offset: small("global index", layer.offset as usize)?,
            tile_offset: small("tile id", layer.tile_offset as usize)?,
            input: small("input width", layer.input)?,
            output: small("output width", layer.output)?,
            bk: small("tile rows", bk)?,
            bn: small("tile columns", bn)?,
            tiles_n: small("tile columns", layer.output.div_ceil(bn))?,
            lambda: layer.lambda,
        })
    }

    /// Weights of the layer (`input · output`).
    pub fn weights(&self) -> usize {
        self.input as usize * self.output as usize
    }

    /// `h(x, r)`, as `rps_index`.
    #[inline]
    pub fn index(&self, x: u32, r: u32) -> u32 {
        (mod_p(self.a.wrapping_mul(u64::from(x)).wrapping_add(self.b)) % u64::from(r)) as u32
    }

    /// 1 when `g(i) = −1`, as `rps_sign_bit`.
    #[inline]
    pub fn sign_bit(&self, i: u32) -> u32 {
        if self.sign == 0 {
            0
        } else {
            self.a32.wrapping_mul(i).wrapping_add(self.b32) >> 31
        }
    }

    /// The slot (within the layer's array) of `W[r][c]`, as `rps_slot`.
    #[inline]
    pub fn slot(&self, r: u32, c: u32) -> u32 {
        let i = self
            .offset
            .wrapping_add(r.wrapping_mul(self.input))
            .wrapping_add(c);
        match self.mapping {
            0 => {
                let (p, o) = (i / self.m, i % self.m);
                let s = u64::from(self.index(p, self.m)) + u64::from(o);
                (if s >= u64::from(self.m) {
                    s - u64::from(self.m)
                } else {
                    s
                }) as u32
            }
            1 => {
                let t = self.tile_offset + (c / self.bk) * self.tiles_n + r / self.bn;
                let base = self.index(t, self.m - self.bk * self.bn + 1);
                base + (c % self.bk) * self.bn + r % self.bn
            }
            _ => {
                let x = fmix32(self.h32a.wrapping_mul(i).wrapping_add(self.h32b));
                ((u64::from(x) * u64::from(self.m)) >> 32) as u32
            }
        }
    }

    /// `λ·(g(i)·M[start + s])` with one rounding, as `rps_value`.
    #[inline]
    pub fn value(&self, mem: &[f32], s: u32, i: u32) -> f32 {
        let v = mem[(self.start + s) as usize];
        self.lambda * if self.sign_bit(i) == 1 { -v } else { v }
    }

    /// The global index of `W[r][c]` (wrapping `u32`, as on the GPU).
    #[inline]
    pub fn global(&self, r: u32, c: u32) -> u32 {
        self.offset
            .wrapping_add(r.wrapping_mul(self.input))
            .wrapping_add(c)
    }
}

/// The cursor of `kernels/common.cu` (`RpsCursor`): slots of consecutive columns of one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    r: u32,
    c: u32,
    s: u32,
    left: u32,
    tk: u32,
    base: u32,
}

impl Cursor {
    /// A cursor at `W[r][c]`, as `rps_cursor_seek`.
    pub fn seek(r: u32, c: u32) -> Cursor {
        Cursor {
            r,
            c,
            s: 0,
            left: 0,
            tk: u32::MAX,
            base: 0,
        }
    }

    /// The slot of the current column, then advance one column, as `rps_cursor_next`.
    pub fn next_slot(&mut self, d: &MapDesc) -> u32 {
        let slot = match d.mapping {
            0 => {
                if self.left == 0 {
                    let i = d.global(self.r, self.c);
                    let (p, o) = (i / d.m, i % d.m);
                    let mut s = u64::from(d.index(p, d.m)) + u64::from(o);
                    if s >= u64::from(d.m) {
                        s -= u64::from(d.m);
                    }
                    self.s = s as u32;
                    self.left = (d.m - o).min(d.m - self.s);
                }
                let s = self.s;
                self.s += 1;
                self.left -= 1;
                s
            }
            1 => {
                let tk = self.c / d.bk;
                if tk != self.tk {
                    self.tk = tk;
                    let t = d.tile_offset + tk * d.tiles_n + self.r / d.bn;
                    self.base = d.index(t, d.m - d.bk * d.bn + 1) + self.r % d.bn;
                }
                self.base + (self.c % d.bk) * d.bn
            }
            _ => d.slot(self.r, self.c),
        };
        self.c += 1;
        slot
    }
}
