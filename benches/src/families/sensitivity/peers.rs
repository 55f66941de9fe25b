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
    let python =
        peers::python(workspace).ok_or_else(|| RunError::Skip(peers::not_installed("numpy")))?;
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
    let out = std::process::Command::new(python)
        .arg(peers::scripts_dir().join("lewis_numpy.py"))
        .arg(&input)
        .args([n.to_string(), d.to_string(), p.to_string()])
        .arg(&output)
        .env("OPENBLAS_NUM_THREADS", "1")
        .env("OMP_NUM_THREADS", "1")
        .env("MKL_NUM_THREADS", "1")
        .output()
        .map_err(|e| e.to_string())?;
    let result = (|| {
        if !out.status.success() {
            let stderr = String::from_utf8_lossy(&out.stderr).trim().to_string();
            return Err(RunError::Fail(format!("numpy peer: {stderr}")));
        }
        let ns: f64 = String::from_utf8_lossy(&out.stdout)
            .trim()
            .parse()
            .map_err(|e| format!("numpy peer printed no time: {e}"))?;
        let w = std::fs::read(&output).map_err(|e| e.to_string())?;
        let weights: Vec<f64> = w
            .chunks_exact(8)
            .map(|c| f64::from_le_bytes(c.try_into().unwrap_or([0; 8])))
            .collect();
        if weights.len() != n {
            return Err(RunError::Fail(format!(
                "numpy peer wrote {} weights for {n} rows",
                weights.len()
            )));
        }
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
