//! The GPU path (issue 10): CUDA C++ kernels compiled at run time by NVRTC and launched from
//! Rust through [cudarc](https://crates.io/crates/cudarc) 0.19, behind the `cuda` feature.
//!
//! The kernels (`kernels/*.cu`, see [`SOURCE`]) use the CPU crate's integer hash arithmetic
//! ([`crate::hash`]) bit for bit, through the layer description [`MapDesc`]:
//!
//! | kernel | what | role |
//! | --- | --- | --- |
//! | `rps_materialise` | `W = λ·g·M[s]`, one thread per weight (the "materialise + cuBLAS" baseline) | K1 |
//! | `rps_fwd_{f32,tf32,bf16}` | `Y = X Wᵀ`, B tiles pulled from M by segments through a cursor (fold: one division per contiguous run, ROAST: one hash per tile, HashedNet: one hash per element = K2h), TF32 `mma.m16n8k8` / BF16 `mma.m16n8k16`, fp32 accumulation | K2, K2h |
//! | `rps_bwd_input_*` | `dX = dY W`, same loader | K3 |
//! | `rps_wgrad_atomic_*` | `dYᵀX` tile, then `atomicAdd` at the mapped slots | K4 fused |
//! | cuBLAS + `rps_fold_reduce` / `rps_csr_reduce` | dense dW, then one thread per slot in index order (deterministic) | K4 two-pass |
//! | `rps_sgd_momentum` | scaler + SGD-momentum, `_rn` intrinsics (bit-identical to the CPU) | K5 |
//!
//! Without a GPU, everything still builds: the driver, NVRTC and cuBLAS are loaded at run time
//! (`dynamic-loading`), and [`probe`] reports why there is no device instead of panicking.
//! The kernels' index arithmetic is mirrored in Rust ([`desc`], [`emulate`]) and tested on any
//! machine against the f64 reference.
//!
//! ```
//! // Without a GPU (or without the `cuda` feature) the probe says why, and never panics.
//! match rps::cuda::probe() {
//!     Ok(info) => println!("{} device(s), first: {}", info.count, info.name),
//!     Err(e) => println!("SKIPPED: {e}"),
//! }
//! ```

pub mod desc;
pub mod emulate;
mod error;
mod probe;

#[cfg(feature = "cuda")]
mod device;
#[cfg(feature = "cuda")]
pub use device::{DeviceCsr, Gpu};

pub mod train;

pub use desc::MapDesc;
pub use error::GpuError;
pub use probe::{DeviceInfo, probe};

/// Block tile rows (batch for the forward).
pub const BM: usize = 128;
/// Block tile columns.
pub const BN: usize = 128;
/// Block tile depth.
pub const BK: usize = 32;
/// Threads per block (8 warps, 2 × 4).
pub const THREADS: usize = 256;
/// Consecutive W columns one thread loads through one cursor.
pub const RUN: usize = 16;

/// The arithmetic of a product kernel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Precision {
    /// fp32 FMA on the CUDA cores; relative error ≤ 1e-5 against the f64 reference.
    F32,
    /// TF32 tensor cores (`mma.sync`), fp32 accumulation; ≤ 5e-4.
    Tf32,
    /// BF16 tensor cores (`mma.sync`), fp32 accumulation; ≤ 1e-2.
    Bf16,
}

impl Precision {
    /// Every precision.
    pub const ALL: [Precision; 3] = [Precision::F32, Precision::Tf32, Precision::Bf16];

    /// Its name (and kernel-name suffix).
    pub fn name(self) -> &'static str {
        match self {
            Precision::F32 => "f32",
            Precision::Tf32 => "tf32",
            Precision::Bf16 => "bf16",
        }
    }

    /// The accuracy target (relative error against the f64 reference: 1e-5 for fp32, 5e-4 for
    /// tf32, 1e-2 for bf16, the precision of each format's mantissa with room for long sums).
    pub fn tolerance(self) -> f64 {
        match self {
            Precision::F32 => 1e-5,
            Precision::Tf32 => 5e-4,
            Precision::Bf16 => 1e-2,
        }
    }
}

/// The CUDA C++ sources, in compile order (hash arithmetic and loader, GEMM, element-wise).
pub const SOURCE: [&str; 3] = [
    include_str!("../../kernels/common.cu"),
    include_str!("../../kernels/gemm.cu"),
    include_str!("../../kernels/elementwise.cu"),
];

/// Every kernel the Rust side loads (checked against [`SOURCE`] by a test).
pub const KERNELS: [&str; 17] = [
    "rps_materialise",
    "rps_fwd_f32",
    "rps_fwd_tf32",
    "rps_fwd_bf16",
    "rps_bwd_input_f32",
    "rps_bwd_input_tf32",
    "rps_bwd_input_bf16",
    "rps_wgrad_atomic_f32",
    "rps_wgrad_atomic_tf32",
    "rps_wgrad_atomic_bf16",
    "rps_fold_reduce",
    "rps_csr_reduce",
    "rps_sgd_momentum",
    "rps_bias_act",
    "rps_relu_mask",
    "rps_bias_grad",
    "rps_to_bf16",
];

/// The full program handed to NVRTC: the tile constants as `#define`s, then [`SOURCE`].
pub fn program() -> String {
    let mut s = format!(
        "#define RPS_BM {BM}\n#define RPS_BN {BN}\n#define RPS_BK {BK}\n\
         #define RPS_THREADS {THREADS}\n#define RPS_RUN {RUN}\n"
    );
    for part in SOURCE {
        s.push_str(part);
        s.push('\n');
    }
    s
}

/// Relative error `max|a − b| / max|b|` (`max|b|` floored at the smallest normal f64).
pub fn rel_err(a: &[f32], b: &[f64]) -> f64 {
    let scale = b.iter().fold(f64::MIN_POSITIVE, |m, v| m.max(v.abs()));
    let err = a
        .iter()
        .zip(b)
        .fold(0.0f64, |m, (x, y)| m.max((f64::from(*x) - y).abs()));
    if a.len() != b.len() || a.iter().any(|v| !v.is_finite()) {
        f64::INFINITY
    } else {
        err / scale
    }
}
