//! The Hamming family's peers: triple_accel (in process) and numpy (a subprocess that times
//! itself, installed by `cargo suite peers install`).

use std::path::{Path, PathBuf};

use super::input::Symbols;
use super::outputs::Distances;
use crate::family::RunError;
use crate::peers;

/// Every shift's distance through triple_accel's AVX2 search with `k = m` and
/// `SearchType::All`, which reports every alignment in order.
pub fn triple_accel_all(t: &[u8], p: &[u8]) -> Vec<u32> {
    let mut out = vec![0u32; t.len() - p.len() + 1];
    let k = p.len() as u32;
    for hit in
        triple_accel::hamming::hamming_search_simd_with_opts(p, t, k, triple_accel::SearchType::All)
    {
        out[hit.start] = hit.k;
    }
    out
}

/// Text and pattern as nonzero bytes for triple_accel, or why the input cannot be given to it.
pub type TripleAccelInput = Result<(Vec<u8>, Vec<u8>), String>;

/// Relabels the symbols of text and pattern injectively into `1..=255`: triple_accel panics
/// on 0 bytes.
pub fn relabel_nonzero_bytes(symbols: &Symbols) -> TripleAccelInput {
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
    match symbols {
        Symbols::Bytes { t, p } => relabel(t, p),
        Symbols::Words { t, p } => relabel(t, p),
    }
}

/// A temporary folder holding an input as little-endian `u32` files; removed on drop.
pub struct PeerFiles {
    dir: PathBuf,
}

impl PeerFiles {
    /// Writes `symbols` as `t.u32` and `p.u32` into a fresh temporary folder.
    ///
    /// # Errors
    /// An I/O message.
    pub fn write(symbols: &Symbols, tag: &str) -> Result<Self, String> {
        let dir = std::env::temp_dir().join(format!("algobench-{}-{tag}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let files = PeerFiles { dir };
        let write = |name: &str, bytes: Vec<u8>| {
            std::fs::write(files.dir.join(name), bytes).map_err(|e| e.to_string())
        };
        match symbols {
            Symbols::Bytes { t, p } => {
                write("t.u32", u32_le_bytes(t))?;
                write("p.u32", u32_le_bytes(p))?;
            }
            Symbols::Words { t, p } => {
                write("t.u32", u32_le_bytes(t))?;
                write("p.u32", u32_le_bytes(p))?;
            }
        }
        Ok(files)
    }
}

impl Drop for PeerFiles {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn u32_le_bytes<S: Copy + Into<u32>>(symbols: &[S]) -> Vec<u8> {
    symbols
        .iter()
        .flat_map(|&s| s.into().to_le_bytes())
        .collect()
}

/// Runs `benches/peers/hamming_numpy.py` on the files; the script prints its own compute time.
///
/// # Errors
/// [`RunError::Skip`] when the peer is not installed, [`RunError::Fail`] when it fails.
pub fn run_numpy(workspace: &Path, files: &PeerFiles) -> Result<Distances, RunError> {
    let python =
        peers::python(workspace).ok_or_else(|| RunError::Skip(peers::not_installed("numpy")))?;
    let dir = &files.dir;
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
