//! Fast kernels for hashed (and dense) linear layers, with run-time SIMD dispatch in the
//! style of `memchr`.
//!
//! # Paths
//! [`Path::Avx2`] (AVX2 + FMA, [`arch::x86_64::avx2::Avx2`]) and the portable
//! [`Path::Scalar`]. [`chosen_path`] picks the best path once (cached); every public function
//! takes the path explicitly, so tests and benchmarks can pin one.
//!
//! # What is computed
//! Every product runs one BLIS-style driver ([`gemm`](self) module docs): packed A and B
//! panels, an [`MR`]×[`NR`] register-blocked microkernel ([`Prims::micro`]), cache blocking
//! (KC × NC panels of B, MC × KC blocks of A). Dense and hashed weights share that driver and
//! that microkernel; they differ only in how the B panel is packed, and the hashed packing is
//! fused with the mapping (the weights are never materialised in full):
//! - [`forward`]: `Y = X Wᵀ` (batch × out). B = Wᵀ. Dense and fold rows of W are contiguous
//!   along `in` (fold: a few contiguous M segments per row, the sign applied while copying),
//!   packed through an 8×8 transposing pack; a ROAST tile row is `bn` contiguous values along
//!   `out`, copied straight into the panel, one call per tile ([`Prims::fill_tile`]); HashedNet hashes and gathers. O(B·in·out) flops
//!   plus O(in·out) packing. Batches ≤ [`SMALL_BATCH`] take a streaming path instead: dot
//!   products straight over W rows (dense) or M segments (fold), column updates over ROAST
//!   tile rows, the sign applied on the fly; nothing is packed, so a compressed layer reads
//!   only M, which stays in cache where W (dense) streams from memory.
//! - [`backward_input`]: `dX = dY W`, B = W: dense and fold rows copy straight into the panel,
//!   ROAST tiles through the transposing pack.
//! - [`weight_grad`]: the dense `dW = dYᵀ X` through the same driver.
//! - [`reduce_grad`]: `grad_M[s(i)] += λ g(i) dW[i]`, split over threads that each own a
//!   range of slots (no atomics): every slot sums its contributions in one fixed order, so the
//!   result is bit-identical for any thread count. Fold adds contiguous runs of `dW` rows;
//!   ROAST adds each tile as one transposed block ([`Prims::add_tile_t`], 8×8 transposes on
//!   AVX2), tiles in a fixed order (output tile index outer); HashedNet hashes each weight
//!   (8 or 16 lanes at a time on AVX2 / AVX-512, [`Prims::reduce_hashednet`]) and adds it to
//!   its slot in index order.
//!
//! # Example
//! ```
//! use rps::kernels::{Weights, chosen_path, forward};
//! use rps::mapping::{Config, Layout};
//!
//! let layout = Layout::new(Config::stable_rps(4.0, 1), &[(8, 5)]).unwrap();
//! let memory = vec![0.5f32; layout.memory_len()];
//! let w = Weights::Hashed { layout: &layout, memory: &memory, layer: 0 };
//! let x = vec![1.0f32; 2 * 8];
//! let mut y = vec![0.0f32; 2 * 5];
//! forward(chosen_path(), &x, 2, &w, &mut y).unwrap();
//! let expect: f32 = (0..8).map(|k| layout.weight(&memory, 0, 3, k)).sum();
//! assert!((y[3] - expect).abs() < 1e-5);
//! ```

pub mod arch;
mod fill;
mod gemm;
mod gemv;
pub mod scalar;
mod tiles;

use std::sync::OnceLock;

use crate::error::{Error, check_finite, check_len};
use crate::hash::HashConsts;
use crate::mapping::Layout;

/// The primitive operations a kernel set provides. Implemented by [`scalar::Scalar`] and
/// [`arch::x86_64::avx2::Avx2`].
#[allow(clippy::too_many_arguments)]
pub trait Prims: Copy {
    /// Rows of the microkernel tile ([`MR`] for scalar and AVX2, 12 for AVX-512).
    const MR: usize;
    /// `out[j] = λ·(g(i0 + j)·src[j])`; no sign when `sign` is `None`, else `(A32, B32)`.
    fn fill_contig(
        self,
        src: &[f32],
        i0: u32,
        lambda: f32,
        sign: Option<(u32, u32)>,
        out: &mut [f32],
    );
    /// `out[j] = λ·(g(i0 + j)·mem[start + j·stride])`.
    fn fill_strided(
        self,
        mem: &[f32],
        start: usize,
        stride: usize,
        i0: u32,
        lambda: f32,
        sign: Option<(u32, u32)>,
        out: &mut [f32],
    );
    /// `out[j] = λ·(g(i)·mem[slot(i)])`, `i = i0 + j`, HashedNet slots over `mem.len()`.
    fn fill_hashednet(
        self,
        mem: &[f32],
        i0: u32,
        lambda: f32,
        hash: &HashConsts,
        sign: bool,
        out: &mut [f32],
    );
    /// The HashedNet gradient of a run of weights: for `j` ascending, with `i = i0 + j` and
    /// `s = slot(i)` over `m` slots, `grad[s − lo] += λ·(g(i)·dw[j])` when `s` lies in
    /// `lo .. lo + grad.len()`, skipped otherwise. Every slot receives its terms in
    /// increasing `j`, whatever the path, so all paths give the same bits; the SIMD paths
    /// vectorise the hash, the sign and the product, and add lane by lane in order (two
    /// lanes of one vector may hit the same slot).
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
    );
    /// `dst[j] += λ·(g(i0 + j)·src[j])`.
    fn add_signed(
        self,
        dst: &mut [f32],
        src: &[f32],
        i0: u32,
        lambda: f32,
        sign: Option<(u32, u32)>,
    );
    /// `out[j] = λ·(g(i0 + j·istride)·src[j])` (a ROAST tile row: contiguous in M, the
    /// sign index stepping by `in` from one output row to the next).
    fn fill_signed_stride(
        self,
        src: &[f32],
        i0: u32,
        istride: u32,
        lambda: f32,
        sign: Option<(u32, u32)>,
        out: &mut [f32],
    );
    /// Rows of one ROAST tile into rows of a panel: `out[q·ldo + j] =
    /// λ·(g(i0 + q + j·istride)·src[q·pitch + j])` for `q < rows`, `j < width` (each tile
    /// row is `width` contiguous slots; consecutive rows are consecutive inputs). The same
    /// bits as [`Prims::fill_signed_stride`] row by row, in one call per tile.
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
    );
    /// The ROAST gradient of one tile (or part of one): a `rw × kw` block of `dW` (rows
    /// `j` at stride `ldw`) added, transposed, into `kw` runs of `rw` contiguous slots
    /// (stride `pitch`): `grad[q·pitch + j] += λ·(g(i0 + q + j·istride)·dw[j·ldw + q])` for
    /// `q < kw`, `j < rw`. Each slot gets exactly one addition, so the result has the same
    /// bits whatever the order inside the block.
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
    );
    /// The `Self::MR`×[`NR`] microkernel on packed panels:
    /// `c[i·ldc + j] += Σ_{p<kc} a[p·Self::MR + i]·b[p·NR + j]` for `i < mr`, `j < nr`
    /// (`a` holds `kc·Self::MR`, `b` `kc·NR` values; padding lanes are computed and dropped).
    fn micro(
        self,
        kc: usize,
        a: &[f32],
        b: &[f32],
        c: &mut [f32],
        ldc: usize,
        mr: usize,
        nr: usize,
    );
    /// Transposing pack of a B sliver: `out[p·NR + j] = t[j·ldt + p]` for `j < rows ≤ NR`,
    /// `0` for `rows ≤ j < NR`, `p < kc`.
    fn pack_t16(self, t: &[f32], ldt: usize, rows: usize, kc: usize, out: &mut [f32]);
    /// Small-batch dot products on the fly: `acc[b] += Σ_j g(i0 + j)·src[j]·x[b·ldx + j]`
    /// for `b < acc.len()`, `j < src.len()`.
    fn dot_signed(
        self,
        src: &[f32],
        i0: u32,
        sign: Option<(u32, u32)>,
        x: &[f32],
        ldx: usize,
        acc: &mut [f32],
    );
    /// Small-batch column update over the rows of ROAST tiles: for `b < nb`, `j < width ≤ NR`,
    /// `out[b·ldo + j] += Σ_{k<kn} x[b·ldx + k]·g(i0 + k + j·istride)·mem[s_k + j]` with
    /// `s_k = bases[k / bk] + (k mod bk)·pitch` (the tile rows of one tile column).
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
    );
}

/// The bounds contract of [`Prims::axpy_tiles`] for the SIMD paths (which read through raw
/// pointers): every tile row `bases[k / bk] + (k mod bk)·pitch .. + width` lies in `mem`, and
/// the `nb` rows of `x` and `out` are in range.
///
/// # Panics
/// When the contract is broken (a bug in the caller, never bad user input).
#[allow(clippy::too_many_arguments)]
pub(crate) fn check_axpy_tiles(
    mem_len: usize,
    bases: &[usize],
    bk: usize,
    pitch: usize,
    kn: usize,
    x_len: usize,
    ldx: usize,
    nb: usize,
    width: usize,
    out_len: usize,
    ldo: usize,
) {
    assert!(
        nb <= 4 && width <= NR && bk >= 1,
        "nb {nb}, width {width}, bk {bk}"
    );
    assert!(bases.len() >= kn.div_ceil(bk), "too few tile bases");
    let rows = bk.min(kn);
    for &b in &bases[..kn.div_ceil(bk)] {
        assert!(
            b + (rows - 1) * pitch + width <= mem_len,
            "tile out of bounds"
        );
    }
    assert!((nb - 1) * ldx + kn <= x_len, "x out of bounds");
    assert!((nb - 1) * ldo + width <= out_len, "out out of bounds");
}

/// Rows of the scalar and AVX2 microkernel tile (batch rows in the forward pass).
pub const MR: usize = 6;
/// Columns of the microkernel tile (two 8-lane vectors).
pub const NR: usize = 16;
/// Batches up to this size take the streaming small-batch forward path ([`forward`]).
pub const SMALL_BATCH: usize = 4;

/// A kernel path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Path {
    /// Portable loops.
    Scalar,
    /// AVX2 + FMA.
    Avx2,
    /// AVX-512F microkernel, AVX2 + FMA for the rest.
    Avx512,
}

impl Path {
    /// Every path, best first.
    pub const ALL: [Path; 3] = [Path::Avx512, Path::Avx2, Path::Scalar];

    /// Its name.
    pub fn name(self) -> &'static str {
        match self {
            Path::Scalar => "scalar",
            Path::Avx2 => "avx2",
            Path::Avx512 => "avx512",
        }
    }

    /// Whether this CPU can run it.
    pub fn is_available(self) -> bool {
        match self {
            Path::Scalar => true,
            #[cfg(target_arch = "x86_64")]
            Path::Avx2 => arch::x86_64::avx2::Avx2::is_available(),
            #[cfg(target_arch = "x86_64")]
            Path::Avx512 => arch::x86_64::avx512::Avx512::is_available(),
            #[cfg(not(target_arch = "x86_64"))]
            Path::Avx2 | Path::Avx512 => false,
        }
    }
}

/// The best path on this CPU, decided once.
pub fn chosen_path() -> Path {
    static CHOSEN: OnceLock<Path> = OnceLock::new();
    *CHOSEN.get_or_init(|| {
        if Path::Avx512.is_available() {
            Path::Avx512
        } else if Path::Avx2.is_available() {
            Path::Avx2
        } else {
            Path::Scalar
        }
    })
}

/// A layer's weights: a dense matrix, or a hashed layer of a [`Layout`] over `memory`.
#[derive(Debug, Clone, Copy)]
pub enum Weights<'a> {
    /// Dense `W`, output × input, row-major.
    Dense {
        /// The matrix.
        w: &'a [f32],
        /// Columns.
        input: usize,
        /// Rows.
        output: usize,
    },
    /// Layer `layer` of `layout`, recovered from `memory`.
    Hashed {
        /// The layout.
        layout: &'a Layout,
        /// The concatenated memory arrays.
        memory: &'a [f32],
        /// Which layer.
        layer: usize,
    },
}

impl Weights<'_> {
    /// `(input, output)`.
    pub fn shape(&self) -> (usize, usize) {
        match *self {
            Weights::Dense { input, output, .. } => (input, output),
            Weights::Hashed { layout, layer, .. } => {
                let l = layout.layers()[layer];
                (l.input, l.output)
            }
        }
    }

    fn validate(&self) -> Result<(), Error> {
        match *self {
            Weights::Dense { w, input, output } => {
                check_len("dense w (output·input)", input * output, w.len())
            }
            Weights::Hashed {
                layout,
                memory,
                layer,
            } => {
                layout.check_memory(memory)?;
                if layer >= layout.layers().len() {
                    return Err(Error::ShapeMismatch {
                        what: "layer index (number of layers)".into(),
                        expected: layout.layers().len(),
                        got: layer,
                    });
                }
                Ok(())
            }
        }
    }
}

fn unavailable(path: Path) -> Error {
    Error::InvalidParameter {
        name: "path",
        reason: format!("this CPU cannot run the {} path", path.name()),
    }
}

macro_rules! with_path {
    ($path:expr, |$p:ident| $body:expr) => {
        match $path {
            Path::Scalar => {
                let $p = scalar::Scalar;
                $body
            }
            #[cfg(target_arch = "x86_64")]
            Path::Avx2 => {
                let $p = arch::x86_64::avx2::Avx2::new().ok_or_else(|| unavailable(Path::Avx2))?;
                $body
            }
            #[cfg(target_arch = "x86_64")]
            Path::Avx512 => {
                let $p =
                    arch::x86_64::avx512::Avx512::new().ok_or_else(|| unavailable(Path::Avx512))?;
                $body
            }
            #[cfg(not(target_arch = "x86_64"))]
            Path::Avx2 | Path::Avx512 => return Err(unavailable($path)),
        }
    };
}

/// `y = x Wᵀ`: `x` is batch × input, `y` batch × output (overwritten).
///
/// # Errors
/// [`Error::ShapeMismatch`] for wrong lengths; [`Error::InvalidParameter`] when the CPU
/// cannot run `path`.
pub fn forward(
    path: Path,
    x: &[f32],
    batch: usize,
    w: &Weights<'_>,
    y: &mut [f32],
) -> Result<(), Error> {
    w.validate()?;
    let (input, output) = w.shape();
    check_len("x (batch·input)", batch * input, x.len())?;
    check_len("y (batch·output)", batch * output, y.len())?;
    with_path!(path, |p| if batch <= SMALL_BATCH {
        gemv::forward(p, x, batch, w, y)
    } else {
        gemm::forward(p, x, batch, w, y)
    });
    Ok(())
}

/// `dx = dy W`: `dy` is batch × output, `dx` batch × input (overwritten).
///
/// # Errors
/// As [`forward`].
pub fn backward_input(
    path: Path,
    dy: &[f32],
    batch: usize,
    w: &Weights<'_>,
    dx: &mut [f32],
) -> Result<(), Error> {
    w.validate()?;
    let (input, output) = w.shape();
    check_len("dy (batch·output)", batch * output, dy.len())?;
    check_len("dx (batch·input)", batch * input, dx.len())?;
    with_path!(path, |p| gemm::backward_input(p, dy, batch, w, dx));
    Ok(())
}

/// `dw = dyᵀ x` (output × input, overwritten).
///
/// # Errors
/// As [`forward`].
#[allow(clippy::too_many_arguments)]
pub fn weight_grad(
    path: Path,
    dy: &[f32],
    x: &[f32],
    batch: usize,
    input: usize,
    output: usize,
    dw: &mut [f32],
) -> Result<(), Error> {
    check_len("dy (batch·output)", batch * output, dy.len())?;
    check_len("x (batch·input)", batch * input, x.len())?;
    check_len("dw (output·input)", output * input, dw.len())?;
    with_path!(path, |p| gemm::weight_grad(
        p, dy, x, batch, input, output, dw
    ));
    Ok(())
}

/// `grad[s(i)] += λ g(i) dw[i]` over layer `l` (grad has the full memory length), with
/// `threads ≥ 1` threads that each own a contiguous range of slots. Bit-identical for any
/// `threads`.
///
/// # Errors
/// [`Error::ShapeMismatch`]; [`Error::InvalidParameter`] for `threads == 0` or an
/// unavailable path.
pub fn reduce_grad(
    path: Path,
    layout: &Layout,
    l: usize,
    dw: &[f32],
    grad: &mut [f32],
    threads: usize,
) -> Result<(), Error> {
    if threads == 0 {
        return Err(Error::InvalidParameter {
            name: "threads",
            reason: "must be ≥ 1".into(),
        });
    }
    check_len("memory gradient", layout.memory_len(), grad.len())?;
    let layer = *layout.layers().get(l).ok_or_else(|| Error::ShapeMismatch {
        what: "layer index (number of layers)".into(),
        expected: layout.layers().len(),
        got: l,
    })?;
    check_len("dw (output·input)", layer.output * layer.input, dw.len())?;
    let array = layout.arrays()[layer.array];
    let own = &mut grad[array.start..array.start + array.len];
    with_path!(path, |p| {
        if threads == 1 {
            fill::reduce_range(p, layout, l, dw, array.start, own);
        } else {
            let chunk = array.len.div_ceil(threads);
            std::thread::scope(|s| {
                for (t, part) in own.chunks_mut(chunk).enumerate() {
                    let lo = array.start + t * chunk;
                    s.spawn(move || fill::reduce_range(p, layout, l, dw, lo, part));
                }
            });
        }
    });
    Ok(())
}

/// Rows `r0..r0 + out.len()/ncols` of `W`, columns `k0..k0 + ncols`, written row-major into
/// `out` through the path's fused packing (the same routine the GEMMs use).
///
/// # Errors
/// [`Error::ShapeMismatch`] when the block leaves the matrix; unavailable path.
pub fn materialise_block(
    path: Path,
    w: &Weights<'_>,
    r0: usize,
    k0: usize,
    ncols: usize,
    out: &mut [f32],
) -> Result<(), Error> {
    w.validate()?;
    let (input, output) = w.shape();
    if ncols == 0
        || !out.len().is_multiple_of(ncols)
        || k0 + ncols > input
        || r0 + out.len() / ncols > output
    {
        return Err(Error::ShapeMismatch {
            what: "materialised block (columns within the layer)".into(),
            expected: input,
            got: k0 + ncols,
        });
    }
    with_path!(path, |p| {
        for (j, row) in out.chunks_mut(ncols).enumerate() {
            fill::fill_row(p, w, r0 + j, k0, row);
        }
    });
    Ok(())
}

/// Checks a batch for NaN and infinities (the trainer calls this on its inputs).
///
/// # Errors
/// [`Error::NonFinite`].
pub fn check_input(what: &str, x: &[f32]) -> Result<(), Error> {
    check_finite(what, x)
}
