//! Optional external peers: programs in other languages, run as subprocesses that time
//! themselves (rebar's model). They live in a local virtual environment made by
//! `cargo suite peers install`; without it their rows are skipped, with that command named.

use std::path::{Path, PathBuf};
use std::process::Command;

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
