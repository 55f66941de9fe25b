//! The numpy peer of the Lewis iteration (`benches/peers/lewis_numpy.py`), run as a
//! subprocess that times itself; single-threaded BLAS is requested through the environment.

use std::path::Path;

use faer::Mat;

use super::case::Answer;
use crate::family::RunError;
use crate::peers;

/// Runs the numpy Lewis iteration on `a` and returns `sum_w` with the peer's own time, and
/// the weights themselves (checked elementwise by the case).
///
/// # Errors
/// [`RunError::Skip`] when the peer is not installed, [`RunError::Fail`] when it fails.
pub fn lewis_numpy(workspace: &Path, a: &Mat<f64>, p: f64) -> Result<(Answer, Vec<f64>), RunError> {
    let mut command = peers::command(workspace, "numpy", "lewis_numpy.py")?;
    let dir = std::env::temp_dir().join(format!("algobench-lewis-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let (n, d) = (a.nrows(), a.ncols());
    let mut bytes = Vec::with_capacity(n * d * 8);
    for i in 0..n {
        for j in 0..d {
            bytes.extend_from_slice(&a[(i, j)].to_le_bytes());
        }
    }
    let (input, output) = (dir.join("a.f64"), dir.join("w.f64"));
    std::fs::write(&input, bytes).map_err(|e| e.to_string())?;
    command
        .arg(&input)
        .args([n.to_string(), d.to_string(), p.to_string()])
        .arg(&output);
    let result = (|| {
        let stdout = peers::output(&mut command, "numpy")?;
        let ns = peers::times(&stdout, 1, "numpy")?[0];
        let weights = peers::read_f64s(&output, n, "numpy")?;
        let sum: f64 = weights.iter().sum();
        Ok((
            Answer {
                text: format!("sum_w={sum:.6}"),
                notes: Default::default(),
                quality: Default::default(),
                value: sum,
                self_timed_ns: Some(ns),
            },
            weights,
        ))
    })();
    let _ = std::fs::remove_dir_all(&dir);
    result
}
