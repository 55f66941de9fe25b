//! Running the Hamming implementations on a prepared input.

use std::collections::BTreeMap;

use hamming::Planner;

use super::input::Symbols;
use crate::family::{Case, DatasetInfo, Output};

/// Every implementation name the Hamming family understands: the crate's algorithms by
/// name, `auto` (the crate's planner), and the peers.
pub const IMPLEMENTATIONS: &[&str] = &["naive", "fft", "auto", "triple_accel"];

/// The oracle.
pub const ORACLE: &str = "naive";

/// A prepared Hamming input.
pub struct HammingCase {
    symbols: Symbols,
    info: DatasetInfo,
    /// Text and pattern relabelled into `1..=255` for triple_accel (it panics on 0 bytes),
    /// or why that is impossible. Prepared outside the timed region.
    triple_accel_input: Result<(Vec<u8>, Vec<u8>), String>,
}

impl HammingCase {
    /// Wraps an input.
    pub fn new(symbols: Symbols, info: DatasetInfo) -> Self {
        let triple_accel_input = relabel_nonzero_bytes(&symbols);
        HammingCase {
            symbols,
            info,
            triple_accel_input,
        }
    }
}

/// The distances an implementation returned.
pub struct Distances {
    /// One distance per alignment.
    pub distances: Vec<u32>,
    /// The planner's choice, for `auto`.
    pub choice: Option<&'static str>,
}

/// The answer string of a distance vector: its sum and the first 16 hex digits of the SHA-256
/// of its little-endian bytes.
pub fn answer_of(distances: &[u32]) -> String {
    let sum: u64 = distances.iter().map(|&d| u64::from(d)).sum();
    let sha = datasets::digest::sha256_u32_le(distances);
    format!("len={};sum={sum};sha256={}", distances.len(), &sha[..16])
}

impl Output for Distances {
    fn answer(&self) -> String {
        answer_of(&self.distances)
    }
    fn notes(&self) -> BTreeMap<String, String> {
        self.choice
            .map(|c| [("planner choice".to_string(), c.to_string())].into())
            .unwrap_or_default()
    }
}

macro_rules! on_symbols {
    ($symbols:expr, |$t:ident, $p:ident| $body:expr) => {
        match $symbols {
            Symbols::Bytes { t: $t, p: $p } => $body,
            Symbols::Words { t: $t, p: $p } => $body,
        }
    };
}

impl Case for HammingCase {
    fn dataset(&self) -> &DatasetInfo {
        &self.info
    }

    fn work(&self) -> Option<(f64, &'static str)> {
        let (n, m) = self.symbols.lengths();
        Some((((n - m + 1) * m) as f64, "cells"))
    }

    fn run(&mut self, implementation: &str) -> Result<Box<dyn Output>, String> {
        let s = &self.symbols;
        let mut choice = None;
        let distances = match implementation {
            "naive" => on_symbols!(s, |t, p| hamming::naive::hamming_naive(t, p)),
            "fft" => on_symbols!(s, |t, p| hamming::fft::hamming_fft(t, p)),
            "auto" => {
                let planner = Planner::new();
                on_symbols!(s, |t, p| {
                    let alphabet = hamming::alphabet::Alphabet::of_pattern(p).0.len();
                    let algorithm = planner.choose(t.len(), p.len(), alphabet);
                    choice = Some(algorithm.name());
                    algorithm.run(t, p)
                })
            }
            "triple_accel" => {
                let (t, p) = self.triple_accel_input.as_ref().map_err(Clone::clone)?;
                return Ok(Box::new(Distances {
                    distances: triple_accel_all(t, p),
                    choice,
                }));
            }
            other => return Err(format!("unknown implementation `{other}`")),
        }
        .map_err(|e| e.to_string())?;
        Ok(Box::new(Distances { distances, choice }))
    }
}

/// Every shift's distance through triple_accel's AVX2 search with `k = m` and
/// `SearchType::All`, which reports every alignment in order.
fn triple_accel_all(t: &[u8], p: &[u8]) -> Vec<u32> {
    let mut out = vec![0u32; t.len() - p.len() + 1];
    let k = p.len() as u32;
    for hit in
        triple_accel::hamming::hamming_search_simd_with_opts(p, t, k, triple_accel::SearchType::All)
    {
        out[hit.start] = hit.k;
    }
    out
}

/// Relabels the symbols of text and pattern injectively into `1..=255`.
fn relabel_nonzero_bytes(symbols: &Symbols) -> Result<(Vec<u8>, Vec<u8>), String> {
    fn relabel<S: Copy + Ord>(t: &[S], p: &[S]) -> Result<(Vec<u8>, Vec<u8>), String> {
        let mut distinct: Vec<S> = t.iter().chain(p).copied().collect();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() > 255 {
            return Err(format!(
                "not applicable: triple_accel takes nonzero bytes, and this input has {} distinct symbols (at most 255 fit)",
                distinct.len()
            ));
        }
        let code = |s: &S| distinct.binary_search(s).map_or(0, |i| i as u8 + 1);
        Ok((t.iter().map(code).collect(), p.iter().map(code).collect()))
    }
    on_symbols!(symbols, |t, p| relabel(t, p))
}
