//! The compression study's trainer: data, MLP, optimizers, pruners and the runs themselves.
//!
//! Written by hand (no framework) for exact control of the summation order, which the P1
//! trajectory test needs, and so the hashed layers use this crate's own kernels.

pub mod data;
pub mod grasp;
pub mod ltr;
pub mod mlp;
pub mod optim;
pub mod prune;
pub mod study;
