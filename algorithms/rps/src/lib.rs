//! Randomized parameter sharing (RPS): linear layers whose weights are recovered from one
//! small shared array, `W_l[f] = λ_l · g(i) · M[s(i)]`, with the HashedNet, ROAST and
//! STABLE-RPS ("fold") mappings, the STABLE-RPS gradient scaler, an f64 reference, AVX2
//! kernels and a small trainer for the compression study of Desai and Shrivastava,
//! "In defense of parameter sharing for model compression" (ICLR 2024, arXiv 2310.11611).
//!
//! - [`hash`]: the integer hash arithmetic (shared bit for bit with the CUDA issue).
//! - [`mapping`]: mappings, global/local memory, layout, slot loads, fold segments.
//! - [`reference`](mod@reference): materialise W in f64 and naive products (the parity oracle).
//! - [`kernels`]: packed GEMMs with fused M-segment packing, AVX2 dispatch, deterministic
//!   memory-gradient reduction.
//! - [`scaler`]: the gradient scaler (none, v1, v5) and memory accounting.
//! - [`train`]: MLP, optimizers, pruners, the digits data and the study.
//! - [`cuda`]: the GPU path (CUDA kernels via NVRTC and cudarc behind the `cuda` feature; the
//!   probe, the kernels' Rust emulation and the typed errors build without it).
//!
//! ```
//! use rps::mapping::{Config, Layout};
//! // STABLE-RPS at compression 1 is a bijection: no slot is empty.
//! let layout = Layout::new(Config::stable_rps(1.0, 0), &[(64, 32), (32, 10)]).unwrap();
//! assert!(layout.slot_loads().iter().all(|&c| c == 1));
//! ```

pub mod cuda;
pub mod error;
pub mod hash;
pub mod kernels;
pub mod mapping;
pub mod reference;
pub mod scaler;
pub mod train;

pub use error::Error;
