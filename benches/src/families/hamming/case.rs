//! Running the Hamming implementations on a prepared input.

use std::collections::BTreeMap;

use hamming::Planner;

use super::input::Symbols;
use crate::family::{Case, DatasetInfo, Output, RunError};
use crate::peers;

/// Every implementation name the Hamming family understands: the crate's algorithms by
/// name, `auto` (the crate's planner), and the peers.
pub const IMPLEMENTATIONS: &[&str] = &["naive", "fft", "auto", "triple_accel", "numpy"];

/// The oracle.
pub const ORACLE: &str = "naive";

/// A prepared Hamming input.
pub struct HammingCase {
    symbols: Symbols,
    info: DatasetInfo,
    /// Text and pattern relabelled into `1..=255` for triple_accel (it panics on 0 bytes),
    /// or why that is impossible. Prepared outside the timed region.
    triple_accel_input: Result<(Vec<u8>, Vec<u8>), String>,
    /// The workspace, where the optional peers are installed.
    workspace: std::path::PathBuf,
    /// Input files for subprocess peers, written on first use and removed on drop.
    peer_files: Option<PeerFiles>,
}

/// A temporary folder holding the input as little-endian `u32` files.
struct PeerFiles {
    dir: std::path::PathBuf,
}

impl Drop for PeerFiles {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
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

impl HammingCase {
    /// Wraps an input.
    pub fn new(symbols: Symbols, info: DatasetInfo, workspace: std::path::PathBuf) -> Self {
        let triple_accel_input = relabel_nonzero_bytes(&symbols);
        HammingCase {
            symbols,
            info,
            triple_accel_input,
            workspace,
            peer_files: None,
        }
    }

    /// Runs the numpy peer (`benches/peers/hamming_numpy.py`), which times itself.
    fn run_numpy(&mut self) -> Result<Distances, RunError> {
        let python = peers::python(&self.workspace)
            .ok_or_else(|| RunError::Skip(peers::not_installed("numpy")))?;
        if self.peer_files.is_none() {
            let name = format!(
                "algobench-{}-{}",
                std::process::id(),
                &self.info.sha256[..16]
            );
            let dir = std::env::temp_dir().join(name);
            std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
            let write = |name: &str, bytes: Vec<u8>| {
                std::fs::write(dir.join(name), bytes).map_err(|e| e.to_string())
            };
            on_symbols!(&self.symbols, |t, p| {
                write("t.u32", u32_le_bytes(t))?;
                write("p.u32", u32_le_bytes(p))?;
            });
            self.peer_files = Some(PeerFiles { dir });
        }
        let dir = &self.peer_files.as_ref().expect("written above").dir;
        let out = std::process::Command::new(python)
            .arg(peers::scripts_dir().join("hamming_numpy.py"))
            .args([dir.join("t.u32"), dir.join("p.u32"), dir.join("out.u32")])
            .output()
            .map_err(|e| e.to_string())?;
        if !out.status.success() {
            let stderr = String::from_utf8_lossy(&out.stderr).trim().to_string();
            return Err(RunError::Fail(format!("numpy peer: {stderr}")));
        }
        let ns: f64 = String::from_utf8_lossy(&out.stdout)
            .trim()
            .parse()
            .map_err(|e| format!("numpy peer printed no time: {e}"))?;
        let bytes = std::fs::read(dir.join("out.u32")).map_err(|e| e.to_string())?;
        let distances = bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        Ok(Distances {
            distances,
            choice: None,
            self_timed_ns: Some(ns),
        })
    }
}

/// The distances an implementation returned.
pub struct Distances {
    /// One distance per alignment.
    pub distances: Vec<u32>,
    /// The planner's choice, for `auto`.
    pub choice: Option<&'static str>,
    /// The peer's own timing, for subprocess peers.
    pub self_timed_ns: Option<f64>,
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

impl Case for HammingCase {
    fn dataset(&self) -> &DatasetInfo {
        &self.info
    }

    fn work(&self) -> Option<(f64, &'static str)> {
        let (n, m) = self.symbols.lengths();
        Some((((n - m + 1) * m) as f64, "cells"))
    }

    fn run(&mut self, implementation: &str) -> Result<Box<dyn Output>, RunError> {
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
                let (t, p) = self
                    .triple_accel_input
                    .as_ref()
                    .map_err(|e| RunError::Skip(e.clone()))?;
                let distances = triple_accel_all(t, p);
                return Ok(Box::new(Distances {
                    distances,
                    choice,
                    self_timed_ns: None,
                }));
            }
            "numpy" => return Ok(Box::new(self.run_numpy()?)),
            other => return Err(RunError::Fail(format!("unknown implementation `{other}`"))),
        }
        .map_err(|e| e.to_string())?;
        Ok(Box::new(Distances {
            distances,
            choice,
            self_timed_ns: None,
        }))
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

/// Symbols as little-endian `u32` bytes, the subprocess peers' input format.
fn u32_le_bytes<S: Copy + Into<u32>>(symbols: &[S]) -> Vec<u8> {
    symbols
        .iter()
        .flat_map(|&s| s.into().to_le_bytes())
        .collect()
}

/// Relabels the symbols of text and pattern injectively into `1..=255`.
fn relabel_nonzero_bytes(symbols: &Symbols) -> Result<(Vec<u8>, Vec<u8>), String> {
    fn relabel<S: Copy + Ord>(t: &[S], p: &[S]) -> Result<(Vec<u8>, Vec<u8>), String> {
        let mut distinct: Vec<S> = t.iter().chain(p).copied().collect();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() > 255 {
            return Err(format!(
                "triple_accel takes nonzero bytes, and this input has {} distinct symbols (at most 255 fit)",
                distinct.len()
            ));
        }
        let code = |s: &S| distinct.binary_search(s).map_or(0, |i| i as u8 + 1);
        Ok((t.iter().map(code).collect(), p.iter().map(code).collect()))
    }
    on_symbols!(symbols, |t, p| relabel(t, p))
}
