//! The PPR family's peers: python-igraph's `personalized_pagerank` and a scipy CSR power
//! iteration, subprocesses that time themselves (`benches/peers/ppr_*.py`).

use std::path::{Path, PathBuf};

use ppr::Graph;

use super::input::graph_bytes;
use super::methods::Method;
use crate::family::RunError;
use crate::peers;

/// A temporary folder with the graph and sources as the peers read them; removed on drop.
pub struct PeerFiles {
    dir: PathBuf,
}

impl PeerFiles {
    /// Writes `graph.bin` and `sources.u32`.
    ///
    /// # Errors
    /// An I/O message.
    pub fn write(g: &Graph, sources: &[u32], tag: &str) -> Result<Self, String> {
        let dir = std::env::temp_dir().join(format!("algobench-ppr-{}-{tag}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let files = PeerFiles { dir };
        std::fs::write(files.dir.join("graph.bin"), graph_bytes(g)).map_err(|e| e.to_string())?;
        let s: Vec<u8> = sources.iter().flat_map(|v| v.to_le_bytes()).collect();
        std::fs::write(files.dir.join("sources.u32"), s).map_err(|e| e.to_string())?;
        Ok(files)
    }
}

impl Drop for PeerFiles {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Runs a peer on the files, `reps` timed repetitions of all the sources in one process;
/// returns its vectors and the compute time of each repetition in ns.
///
/// # Errors
/// [`RunError::Skip`] when the peers' venv is not installed, [`RunError::Fail`] otherwise.
pub fn run_peer(
    workspace: &Path,
    files: &PeerFiles,
    method: Method,
    c: f64,
    n: usize,
    count: usize,
    reps: usize,
) -> Result<(Vec<Vec<f64>>, Vec<f64>), RunError> {
    let (script, extra, label) = match method {
        Method::Igraph => ("ppr_igraph.py", vec![], "igraph"),
        Method::Scipy(t) => ("ppr_scipy.py", vec![t.to_string()], "scipy"),
        _ => return Err(RunError::Fail("not a peer".into())),
    };
    let python =
        peers::python(workspace).ok_or_else(|| RunError::Skip(peers::not_installed(label)))?;
    let dir = &files.dir;
    let out = std::process::Command::new(python)
        .arg(peers::scripts_dir().join(script))
        .arg(dir.join("graph.bin"))
        .arg(dir.join("sources.u32"))
        .arg(dir.join("out.f64"))
        .arg(c.to_string())
        .arg(reps.to_string())
        .args(extra)
        // One thread, as every Rust row runs: igraph's PRPACK and numpy/scipy would
        // otherwise use every core through OpenMP or BLAS.
        .env("OMP_NUM_THREADS", "1")
        .env("OPENBLAS_NUM_THREADS", "1")
        .env("MKL_NUM_THREADS", "1")
        .output()
        .map_err(|e| RunError::Fail(e.to_string()))?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr).trim().to_string();
        if stderr.contains("ModuleNotFoundError") {
            return Err(RunError::Skip(format!("{label}: {stderr}")));
        }
        return Err(RunError::Fail(format!("{label} peer: {stderr}")));
    }
    let ns: Vec<f64> = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .map(str::parse)
        .collect::<Result<_, _>>()
        .map_err(|e| RunError::Fail(format!("{label} peer printed no times: {e}")))?;
    if ns.len() != reps {
        return Err(RunError::Fail(format!(
            "{label} printed {} times, expected {reps}",
            ns.len()
        )));
    }
    let bytes = std::fs::read(dir.join("out.f64")).map_err(|e| RunError::Fail(e.to_string()))?;
    if bytes.len() != 8 * n * count {
        return Err(RunError::Fail(format!(
            "{label} wrote {} bytes, expected {}",
            bytes.len(),
            8 * n * count
        )));
    }
    let values: Vec<f64> = bytes
        .chunks_exact(8)
        .map(|c| f64::from_le_bytes(c.try_into().expect("8 bytes")))
        .collect();
    Ok((values.chunks(n).map(<[f64]>::to_vec).collect(), ns))
}
