//! The algobench benchmark suite.
//!
//! - [`args`]: flags of the families' command-line runners.
//! - [`definitions`]: benchmark definitions as data (`benches/definitions/<family>.toml`).
//! - [`family`]: what a family plugs in; [`families`]: the registered families.
//! - [`runner`]: preparing inputs, interleaved sampling, answer checks.
//! - [`measure`]: sampling budgets and statistics (median, MAD, min, max).
//! - [`raw`]: raw results as versioned JSON lines; [`machine`]: the machine receipt.
//! - [`peers`]: optional external peers (`cargo suite peers install`).
//! - [`report`]: markdown reports and SVG plots under `reports/`.
//!
//! The binary `suite` (reached as `cargo suite`) drives all of this.
#![deny(missing_docs)]

pub mod args;
pub mod definitions;
pub mod estimate;
pub mod families;
pub mod family;
pub mod load;
pub mod machine;
pub mod measure;
pub mod peers;
pub mod raw;
pub mod report;
pub mod runner;
