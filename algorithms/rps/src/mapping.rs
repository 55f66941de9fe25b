//! The mappings from a layer's weights to slots of the shared memory, and the layout of a
//! model's layers over one global array or one array per layer.
//!
//! Layer `l` has `W_l` of shape (out, in), row-major, flat index `f = r·in + k`, global
//! index `i = off_l + f`, and `W_l[r][k] = λ_l · g(i) · M[s(i)]`, after
//! HashedNets (Chen et al., ICML 2015), ROAST (Desai, Zhou and Shrivastava, ICML 2023) and
//! STABLE-RPS (Desai and Shrivastava, ICLR 2024):
//!
//! - **Fold** (STABLE-RPS, `ParetoCyclicMapper`): partition `p = ⌊i/m⌋`, `o = i mod m`,
//!   `s = (h(p, m) + o) mod m`. Every run of `m` consecutive indices is a cyclic rotation of
//!   M, so each slot's load is `⌊N/m⌋` or `⌈N/m⌉` and at `m = N` the map is a bijection.
//! - **ROAST**: `Wᵀ` (in × out) is cut into `bk × bn` tiles; tile `(tk, tn)` has the global
//!   id `t = tile_off_l + tk·⌈out/bn⌉ + tn` and the base `b = h(t, m − bk·bn + 1)`;
//!   element `(k, r)` goes to `b + (k mod bk)·bn + (r mod bn)`. Tiles never wrap.
//! - **HashedNet**: `s = fastrange(fmix32(H32a·i + H32b), m)`, element by element.
//!
//! `h`, `g` and the HashedNet hash are in [`crate::hash`]. Global memory: `off_l` is the
//! number of weights of the earlier layers and one array serves all layers (one set of hash
//! constants, array id 0); local memory: `off_l = 0` and layer `l` has its own array (id `l`).
//!
//! Init: `M ~ U(−a, a)` and `λ_l = s_l / a` with `s_l = 1/√in_l`, so `W` has the
//! dense init distribution U(±1/√in) at any `a`.

use crate::error::Error;
use crate::hash::HashConsts;

/// Which mapping sends weights to slots.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mapping {
    /// Element-wise hashing (Chen et al., 2015).
    HashedNet,
    /// Tile hashing (Desai, Zhou and Shrivastava, ICML 2023); the tile shape `bk × bn`
    /// (along `in` × along `out`) is a property of the layer, independent of kernel tiling.
    Roast {
        /// Tile rows, along the input dimension.
        bk: usize,
        /// Tile columns, along the output dimension.
        bn: usize,
    },
    /// STABLE-RPS's cyclic fold (Desai and Shrivastava, ICLR 2024).
    Fold,
}

/// One array for all layers, or one per layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Memory {
    /// One array, layers concatenated in forward order.
    Global,
    /// One array per layer.
    Local,
}

/// How large the memory is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MemorySize {
    /// `m = ⌈N/c⌉` (per layer `⌈n_l/c⌉` for local memory).
    Compression(f64),
    /// Exactly this many slots (local memory: `⌈m·n_l/N⌉` per layer).
    Slots(usize),
}

/// The STABLE-RPS gradient scaler (Desai and Shrivastava, ICLR 2024): `grad_M[j] /= S[j]` (see [`crate::scaler`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scaler {
    /// `S = 1`: no scaling.
    None,
    /// `S[j] = (Σλ)²/cnt`.
    V1,
    /// `S[j] = √(Σλ²)`: the "Lipschitz" scaler of the authors' code (FakeRoast, September
    /// 2023). Their runs labelled "v5" around arXiv v1 executed this one, until a later fix.
    V4,
    /// `S[j] = Σλ²`.
    V5,
}

/// Everything that defines a hashed model's memory.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Config {
    /// The mapping.
    pub mapping: Mapping,
    /// Global or per-layer memory.
    pub memory: Memory,
    /// Whether weights get the hashed sign `g(i)`.
    pub sign: bool,
    /// The seed of the hash constants.
    pub seed: u64,
    /// The memory size.
    pub size: MemorySize,
    /// The half-width `a` of the uniform init of M.
    pub init_scale: f32,
    /// The gradient scaler.
    pub scaler: Scaler,
}

impl Config {
    /// STABLE-RPS as in the paper: fold, global memory, sign, scaler v1, `a = 0.04`.
    pub fn stable_rps(compression: f64, seed: u64) -> Config {
        Config {
            mapping: Mapping::Fold,
            memory: Memory::Global,
            sign: true,
            seed,
            size: MemorySize::Compression(compression),
            init_scale: 0.04,
            scaler: Scaler::V1,
        }
    }

    /// ROAST: 16×16 tiles, global memory, sign, no scaler, `a = 0.04`.
    pub fn roast(compression: f64, seed: u64) -> Config {
        Config {
            mapping: Mapping::Roast { bk: 16, bn: 16 },
            scaler: Scaler::None,
            ..Config::stable_rps(compression, seed)
        }
    }

    /// HashedNet: element-wise, per-layer memory, sign, no scaler.
    pub fn hashednet(compression: f64, seed: u64) -> Config {
        Config {
            mapping: Mapping::HashedNet,
            memory: Memory::Local,
            scaler: Scaler::None,
            ..Config::stable_rps(compression, seed)
        }
    }
}

/// One layer's place in the layout.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LayerMap {
    /// Input width (columns of W).
    pub input: usize,
    /// Output width (rows of W).
    pub output: usize,
    /// Index of its memory array.
    pub array: usize,
    /// Global index of `W[0][0]` within its array's index space.
    pub offset: u64,
    /// Global id of its first ROAST tile.
    pub tile_offset: u64,
    /// The scale `λ_l`.
    pub lambda: f32,
}

/// One memory array.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Array {
    /// First slot in the concatenated memory vector.
    pub start: usize,
    /// Number of slots `m`.
    pub len: usize,
    /// The hash constants.
    pub hash: HashConsts,
}

/// A validated layout of layers over memory arrays.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    config: Config,
    layers: Vec<LayerMap>,
    arrays: Vec<Array>,
}

/// A slot and the sign of one weight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Slot {
    /// Index into the concatenated memory vector.
    pub index: usize,
    /// `g(i)`.
    pub sign: f32,
}

fn tiles(n: usize, b: usize) -> usize {
    n.div_ceil(b)
}

impl Layout {
    /// Lays out layers of shapes `(input, output)` under `config`.
    ///
    /// # Errors
    /// [`Error::InvalidCompression`] (c < 1, NaN, ∞), [`Error::EmptyMemory`] (0 slots),
    /// [`Error::ShapeMismatch`] (no layers or an empty layer), [`Error::TileLargerThanMemory`],
    /// [`Error::TooLarge`] (N ≥ 2³²), [`Error::InvalidParameter`] (a ≤ 0 or not finite, a
    /// zero tile side).
    ///
    /// ```
    /// use rps::mapping::{Config, Layout};
    /// let l = Layout::new(Config::stable_rps(4.0, 0), &[(64, 32), (32, 10)]).unwrap();
    /// assert_eq!(l.weights(), 64 * 32 + 32 * 10);
    /// assert_eq!(l.memory_len(), (64 * 32 + 32 * 10usize).div_ceil(4));
    /// ```
    pub fn new(config: Config, shapes: &[(usize, usize)]) -> Result<Layout, Error> {
        if shapes.is_empty() {
            return Err(Error::ShapeMismatch {
                what: "number of layers".into(),
                expected: 1,
                got: 0,
            });
        }
        for &(i, o) in shapes {
            if i == 0 || o == 0 {
                return Err(Error::ShapeMismatch {
                    what: "layer width (in and out must be ≥ 1)".into(),
                    expected: 1,
                    got: 0,
                });
            }
        }
        if !(config.init_scale.is_finite() && config.init_scale > 0.0) {
            return Err(Error::InvalidParameter {
                name: "init_scale",
                reason: format!("must be finite and > 0, got {}", config.init_scale),
            });
        }
        if let Mapping::Roast { bk, bn } = config.mapping
            && (bk == 0 || bn == 0)
        {
            return Err(Error::InvalidParameter {
                name: "tile",
                reason: format!("tile sides must be ≥ 1, got {bk}×{bn}"),
            });
        }
        let sizes: Vec<u64> = shapes.iter().map(|&(i, o)| (i * o) as u64).collect();
        let total: u64 = sizes.iter().sum();
        if total >= 1 << 32 {
            return Err(Error::TooLarge { weights: total });
        }
        let slots = |n: u64| -> Result<usize, Error> {
            match config.size {
                MemorySize::Compression(c) => {
                    if !(c.is_finite() && c >= 1.0) {
                        return Err(Error::InvalidCompression(c));
                    }
                    Ok(((n as f64 / c).ceil() as usize).max(1))
                }
                MemorySize::Slots(0) => Err(Error::EmptyMemory),
                MemorySize::Slots(m) => Ok(match config.memory {
                    Memory::Global => m,
                    Memory::Local => {
                        ((m as u128 * n as u128).div_ceil(total as u128) as usize).max(1)
                    }
                }),
            }
        };
        let mut arrays = Vec::new();
        let mut layers = Vec::new();
        let (mut offset, mut tile_offset) = (0u64, 0u64);
        if config.memory == Memory::Global {
            let m = slots(total)?;
            arrays.push(Array {
                start: 0,
                len: m,
                hash: HashConsts::new(config.seed, 0),
            });
        }
        for (l, &(input, output)) in shapes.iter().enumerate() {
            let array = match config.memory {
                Memory::Global => 0,
                Memory::Local => {
                    let start = arrays.iter().map(|a: &Array| a.len).sum();
                    arrays.push(Array {
                        start,
                        len: slots(sizes[l])?,
                        hash: HashConsts::new(config.seed, l as u64),
                    });
                    offset = 0;
                    tile_offset = 0;
                    l
                }
            };
            let lambda = (1.0 / (input as f64).sqrt() / f64::from(config.init_scale)) as f32;
            layers.push(LayerMap {
                input,
                output,
                array,
                offset,
                tile_offset,
                lambda,
            });
            offset += sizes[l];
            if let Mapping::Roast { bk, bn } = config.mapping {
                tile_offset += (tiles(input, bk) * tiles(output, bn)) as u64;
            }
        }
        if let Mapping::Roast { bk, bn } = config.mapping {
            for a in &arrays {
                if bk * bn > a.len {
                    return Err(Error::TileLargerThanMemory {
                        tile: bk * bn,
                        memory: a.len,
                    });
                }
            }
        }
        Ok(Layout {
            config,
            layers,
            arrays,
        })
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The layers.
    pub fn layers(&self) -> &[LayerMap] {
        &self.layers
    }

    /// The memory arrays.
    pub fn arrays(&self) -> &[Array] {
        &self.arrays
    }

    /// Total slots of all arrays: the stored scalars of the weights.
    pub fn memory_len(&self) -> usize {
        self.arrays.iter().map(|a| a.len).sum()
    }

    /// Number of compressible weights `N`.
    pub fn weights(&self) -> usize {
        self.layers.iter().map(|l| l.input * l.output).sum()
    }

    /// The slot and sign of `W_l[r][k]`. O(1).
    #[inline]
    pub fn slot(&self, l: usize, r: usize, k: usize) -> Slot {
        let layer = &self.layers[l];
        let array = &self.arrays[layer.array];
        let m = array.len as u64;
        let i = layer.offset + (r * layer.input + k) as u64;
        let s = match self.config.mapping {
            Mapping::Fold => {
                let (p, o) = (i / m, i % m);
                let t = array.hash.index(p, m) + o;
                if t >= m { t - m } else { t }
            }
            Mapping::Roast { bk, bn } => {
                let t = layer.tile_offset + ((k / bk) * tiles(layer.output, bn) + r / bn) as u64;
                let base = array.hash.index(t, m - (bk * bn) as u64 + 1);
                base + ((k % bk) * bn + r % bn) as u64
            }
            Mapping::HashedNet => u64::from(array.hash.hashednet_slot(i as u32, m as u32)),
        };
        let sign = if self.config.sign {
            array.hash.sign(i as u32)
        } else {
            1.0
        };
        Slot {
            index: array.start + s as usize,
            sign,
        }
    }

    /// The weight `W_l[r][k] = λ_l · g · M[s]`, in f32.
    #[inline]
    pub fn weight(&self, memory: &[f32], l: usize, r: usize, k: usize) -> f32 {
        let s = self.slot(l, r, k);
        self.layers[l].lambda * (s.sign * memory[s.index])
    }

    /// Checks that `memory` has [`Layout::memory_len`] slots.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`].
    pub fn check_memory(&self, memory: &[f32]) -> Result<(), Error> {
        crate::error::check_len("memory length", self.memory_len(), memory.len())
    }

    /// How many weights map to each slot (concatenated over arrays). O(N).
    pub fn slot_loads(&self) -> Vec<u32> {
        let mut loads = vec![0u32; self.memory_len()];
        for (l, layer) in self.layers.iter().enumerate() {
            for r in 0..layer.output {
                for k in 0..layer.input {
                    loads[self.slot(l, r, k).index] += 1;
                }
            }
        }
        loads
    }

    /// The absolute index (into the concatenated memory) of the base of ROAST tile
    /// `(tk, tn)` of layer `l`; `None` unless the mapping is [`Mapping::Roast`].
    #[inline]
    pub fn roast_base(&self, l: usize, tk: usize, tn: usize) -> Option<usize> {
        let Mapping::Roast { bk, bn } = self.config.mapping else {
            return None;
        };
        let layer = &self.layers[l];
        let array = &self.arrays[layer.array];
        let t = layer.tile_offset + (tk * tiles(layer.output, bn) + tn) as u64;
        let base = array.hash.index(t, (array.len - bk * bn) as u64 + 1);
        Some(array.start + base as usize)
    }

    /// The fold segments of row `r` of layer `l`, columns `k0..k1`: maximal runs
    /// `(slot, column, len)` whose slots are consecutive (split only at partition
    /// boundaries and at the wrap at m). `None` unless the mapping is [`Mapping::Fold`].
    pub fn fold_segments(
        &self,
        l: usize,
        r: usize,
        k0: usize,
        k1: usize,
        mut each: impl FnMut(usize, usize, usize),
    ) -> Option<()> {
        if self.config.mapping != Mapping::Fold {
            return None;
        }
        let layer = &self.layers[l];
        let array = &self.arrays[layer.array];
        let m = array.len as u64;
        let mut k = k0;
        while k < k1 {
            let i = layer.offset + (r * layer.input + k) as u64;
            let (p, o) = (i / m, i % m);
            let mut s = array.hash.index(p, m) + o;
            if s >= m {
                s -= m;
            }
            let len = ((k1 - k) as u64).min(m - o).min(m - s) as usize;
            each(array.start + s as usize, k, len);
            k += len;
        }
        Some(())
    }
}
