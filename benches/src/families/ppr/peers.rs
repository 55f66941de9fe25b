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
    let dir = &files.dir;
    let stdout = peers::output(
        peers::command(workspace, label, script)?
            .arg(dir.join("graph.bin"))
            .arg(dir.join("sources.u32"))
            .arg(dir.join("out.f64"))
            .arg(c.to_string())
            .arg(reps.to_string())
            .args(extra),
        label,
    )?;
    let ns = peers::times(&stdout, reps, label)?;
    let values = peers::read_f64s(&dir.join("out.f64"), n * count, label)?;
    Ok((values.chunks(n).map(<[f64]>::to_vec).collect(), ns))
}
