//! Datasets for the algobench suite: seeded generators and verified real data.
//!
//! - [`rng`]: the one PRNG everything uses (PCG-64, from `rand_pcg`), seeded explicitly.
//! - [`sequences`]: seeded text generators (DNA, uniform, Zipfian, periodic, adversarial)
//!   and pattern extraction.
//! - [`real`]: real datasets from Debian packages, fetched with `apt-get download`, extracted
//!   with `dpkg-deb`, verified by SHA-256 and cached; plus committed samples.
//! - [`digest`]: SHA-256 of datasets, as recorded in every raw result.
//!
//! A changed generator gets a new name (`-v2`); a name always means the same bits.
#![deny(missing_docs)]

pub mod digest;
pub mod error;
pub mod fasta;
pub mod real;
pub mod rng;
pub mod sequences;

pub use error::Error;
