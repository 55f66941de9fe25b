//! Optional external peers: programs in other languages, run as subprocesses that time
//! themselves (rebar's model). They live in a local virtual environment made by
//! `cargo suite peers install`; without it their rows are skipped, with that command named.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::family::RunError;

/// The Python packages the peers need.
pub const PYTHON_PACKAGES: &[&str] = &["numpy", "scipy", "igraph"];

/// The peers' folder in the workspace (ignored by git).
pub fn peers_dir(workspace: &Path) -> PathBuf {
    workspace.join(".peers")
}

/// The virtual environment's Python, if it has been installed.
pub fn python(workspace: &Path) -> Option<PathBuf> {
    let p = peers_dir(workspace).join("venv").join("bin").join("python");
    p.exists().then_some(p)
}

/// The folder of the peers' scripts.
pub fn scripts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("peers")
}

/// The message of a skipped peer row.
pub fn not_installed(peer: &str) -> String {
    format!("peer `{peer}` is not installed; run `cargo suite peers install`")
}

/// The command that runs peer script `script` (in [`scripts_dir`]) with the venv's Python,
/// pinned to one thread as every Rust row runs: numpy, scipy and igraph would otherwise use
/// every core through OpenMP or BLAS.
///
/// # Errors
/// [`RunError::Skip`] naming `cargo suite peers install` when the venv is absent.
pub fn command(workspace: &Path, label: &str, script: &str) -> Result<Command, RunError> {
    let python = python(workspace).ok_or_else(|| RunError::Skip(not_installed(label)))?;
    let mut command = Command::new(python);
    command.arg(scripts_dir().join(script));
    single_threaded(&mut command);
    Ok(command)
}

/// Pins a peer's numerical libraries to one thread.
pub fn single_threaded(command: &mut Command) -> &mut Command {
    command
        .env("OMP_NUM_THREADS", "1")
        .env("OPENBLAS_NUM_THREADS", "1")
        .env("MKL_NUM_THREADS", "1")
}

/// Runs a peer to completion and returns its standard output.
///
/// # Errors
/// [`RunError::Skip`] when a Python module is missing (an incomplete venv),
/// [`RunError::Fail`] with its standard error when it fails otherwise.
pub fn output(command: &mut Command, label: &str) -> Result<String, RunError> {
    let out = command
        .output()
        .map_err(|e| RunError::Fail(format!("{label} peer: {e}")))?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr).trim().to_string();
        if stderr.contains("ModuleNotFoundError") {
            return Err(RunError::Skip(format!("{label}: {stderr}")));
        }
        return Err(RunError::Fail(format!("{label} peer: {stderr}")));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The whitespace-separated times (ns) a peer printed, exactly `count` of them.
///
/// # Errors
/// [`RunError::Fail`] naming the peer when they do not parse or their number differs.
pub fn times(stdout: &str, count: usize, label: &str) -> Result<Vec<f64>, RunError> {
    let ns: Vec<f64> = stdout
        .split_whitespace()
        .map(str::parse)
        .collect::<Result<_, _>>()
        .map_err(|e| RunError::Fail(format!("{label} peer printed no times: {e}")))?;
    if ns.len() != count {
        return Err(RunError::Fail(format!(
            "{label} printed {} times, expected {count}",
            ns.len()
        )));
    }
    Ok(ns)
}

/// Reads exactly `count` little-endian f64 values that a peer wrote.
///
/// # Errors
/// [`RunError::Fail`] naming the peer when the file is missing or has another length.
pub fn read_f64s(path: &Path, count: usize, label: &str) -> Result<Vec<f64>, RunError> {
    let bytes = std::fs::read(path).map_err(|e| RunError::Fail(format!("{label} peer: {e}")))?;
    if bytes.len() != 8 * count {
        return Err(RunError::Fail(format!(
            "{label} wrote {} bytes, expected {}",
            bytes.len(),
            8 * count
        )));
    }
    Ok(bytes
        .chunks_exact(8)
        .map(|c| f64::from_le_bytes(c.try_into().expect("8 bytes")))
        .collect())
}

/// Creates `.peers/venv` with `python3 -m venv` and installs [`PYTHON_PACKAGES`] into it.
///
/// # Errors
/// A message with the failing command's output.
pub fn install(workspace: &Path) -> Result<(), String> {
    let venv = peers_dir(workspace).join("venv");
    run(Command::new("python3").arg("-m").arg("venv").arg(&venv))?;
    run(Command::new(venv.join("bin").join("pip"))
        .args(["install", "--quiet"])
        .args(PYTHON_PACKAGES))?;
    let version = Command::new(venv.join("bin").join("python"))
        .args(["-c", "import numpy; print(numpy.__version__)"])
        .output()
        .map_err(|e| e.to_string())?;
    eprintln!(
        "numpy {} installed in {}",
        String::from_utf8_lossy(&version.stdout).trim(),
        venv.display()
    );
    Ok(())
}

fn run(command: &mut Command) -> Result<(), String> {
    let line = format!("{command:?}");
    let out = command.output().map_err(|e| format!("{line}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{line} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_values_are_checked_for_their_count() {
        assert_eq!(times("1 2.5\n", 2, "x").unwrap(), vec![1.0, 2.5]);
        assert!(matches!(times("1", 2, "x"), Err(RunError::Fail(m)) if m.contains("expected 2")));
        assert!(times("1 oops", 2, "x").is_err());
        let dir = std::env::temp_dir().join(format!("algobench-peers-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("v.f64");
        std::fs::write(&f, [1.5f64.to_le_bytes(), (-2.0f64).to_le_bytes()].concat()).unwrap();
        assert_eq!(read_f64s(&f, 2, "x").unwrap(), vec![1.5, -2.0]);
        assert!(read_f64s(&f, 3, "x").is_err());
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_missing_module_is_a_skip_and_a_crash_a_failure() {
        if Command::new("sh").arg("-c").arg("true").output().is_err() {
            eprintln!("SKIPPED peers output test: no sh");
            return;
        }
        let skip = output(
            Command::new("sh").args(["-c", "echo ModuleNotFoundError: numpy >&2; exit 1"]),
            "x",
        );
        assert!(matches!(skip, Err(RunError::Skip(_))));
        let fail = output(
            Command::new("sh").args(["-c", "echo boom >&2; exit 3"]),
            "x",
        );
        assert!(matches!(fail, Err(RunError::Fail(m)) if m.contains("boom")));
        assert_eq!(
            output(Command::new("sh").args(["-c", "echo 5"]), "x").unwrap(),
            "5\n"
        );
    }
}
