//! The Hamming family's peers: triple_accel (in process) and numpy (a subprocess that times
//! itself, installed by `cargo suite peers install`).

use std::path::{Path, PathBuf};
#[cfg(test)]
use std::process::Command;

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

/// The numpy peer as one long-lived process per input: it loads the files and warms up on
/// them once, then computes the same distances again for every [`NumpyPeer::run`], in the
/// same warm process (as the Rust rows are), timing itself.
pub struct NumpyPeer {
    child: std::process::Child,
    stdin: Option<std::process::ChildStdin>,
    stdout: std::io::BufReader<std::process::ChildStdout>,
    out: PathBuf,
}

impl NumpyPeer {
    /// Starts `benches/peers/hamming_numpy.py` on the files and waits for its warm-up.
    ///
    /// # Errors
    /// [`RunError::Skip`] when the peer is not installed, [`RunError::Fail`] when it fails.
    pub fn start(workspace: &Path, files: &PeerFiles) -> Result<Self, RunError> {
        let python = peers::python(workspace)
            .ok_or_else(|| RunError::Skip(peers::not_installed("numpy")))?;
        Self::spawn(
            &python,
            &peers::scripts_dir().join("hamming_numpy.py"),
            files,
        )
    }

    /// Starts `script` (the numpy peer's protocol: `ready`, then a time per `run`) with
    /// `python` on the files.
    ///
    /// # Errors
    /// [`RunError::Fail`] when it cannot start or does not say `ready`.
    pub fn spawn(python: &Path, script: &Path, files: &PeerFiles) -> Result<Self, RunError> {
        let dir = &files.dir;
        let mut child = peers::single_threaded(&mut std::process::Command::new(python))
            .arg(script)
            .args([dir.join("t.u32"), dir.join("p.u32"), dir.join("out.u32")])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .map_err(|e| format!("numpy peer: {e}"))?;
        let stdin = child.stdin.take();
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| "numpy peer: no standard output".to_string())?;
        let mut peer = NumpyPeer {
            child,
            stdin,
            stdout: std::io::BufReader::new(stdout),
            out: dir.join("out.u32"),
        };
        let line = peer.line()?;
        if line != "ready" {
            return Err(RunError::Fail(format!(
                "numpy peer: expected `ready`, got `{line}`"
            )));
        }
        Ok(peer)
    }

    /// One line of the peer's output, or its standard error when it has ended.
    fn line(&mut self) -> Result<String, RunError> {
        use std::io::{BufRead, Read};
        let mut line = String::new();
        let read = self
            .stdout
            .read_line(&mut line)
            .map_err(|e| format!("numpy peer: {e}"))?;
        if read == 0 {
            let mut stderr = String::new();
            if let Some(mut e) = self.child.stderr.take() {
                let _ = e.read_to_string(&mut stderr);
            }
            return Err(RunError::Fail(format!(
                "numpy peer ended: {}",
                stderr.trim()
            )));
        }
        Ok(line.trim().to_string())
    }

    /// Computes the distances once more and reads them back with the peer's own time.
    ///
    /// # Errors
    /// [`RunError::Fail`] when the peer fails or prints no time.
    pub fn run(&mut self) -> Result<Distances, RunError> {
        use std::io::Write;
        let stdin = self
            .stdin
            .as_mut()
            .ok_or_else(|| "numpy peer: input closed".to_string())?;
        stdin
            .write_all(b"run\n")
            .and_then(|()| stdin.flush())
            .map_err(|e| format!("numpy peer: {e}"))?;
        let line = self.line()?;
        let ns: f64 = line
            .parse()
            .map_err(|e| format!("numpy peer printed `{line}`, not a time: {e}"))?;
        let bytes = std::fs::read(&self.out).map_err(|e| e.to_string())?;
        let distances = bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        Ok(Distances {
            distances,
            choice: None,
            self_timed_ns: Some(ns),
            threads: 1,
            ops_per_n_sqrt_m: None,
            counters: Vec::new(),
        })
    }
}

impl Drop for NumpyPeer {
    fn drop(&mut self) {
        // End of input ends the script; kill it if it does not.
        drop(self.stdin.take());
        if !matches!(self.child.try_wait(), Ok(Some(_))) {
            std::thread::sleep(std::time::Duration::from_millis(50));
            if !matches!(self.child.try_wait(), Ok(Some(_))) {
                let _ = self.child.kill();
            }
        }
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stand-in for the numpy script that speaks its protocol without numpy: it reads the
    /// input, "warms up" (counts it), and answers each `run` with the pattern length at
    /// every shift and, as its "time", how many computations this process has done.
    const FAKE: &str = r#"
import sys, struct
t = open(sys.argv[1], "rb").read(); p = open(sys.argv[2], "rb").read()
n, m = len(t) // 4, len(p) // 4
done = 1  # the warm-up
print("ready", flush=True)
for line in sys.stdin:
    if line.strip() == "die":
        sys.exit("told to die")
    done += 1
    open(sys.argv[3], "wb").write(struct.pack("<%dI" % (n - m + 1), *([m] * (n - m + 1))))
    print(done, flush=True)
"#;

    fn fake(tag: &str) -> (PeerFiles, PathBuf) {
        let symbols = Symbols::Words {
            t: vec![1, 2, 3, 4, 5],
            p: vec![1, 2],
        };
        let files = PeerFiles::write(&symbols, tag).unwrap();
        let script = files.dir.join("fake.py");
        std::fs::write(&script, FAKE).unwrap();
        (files, script)
    }

    #[test]
    fn numpy_peer_warms_once_and_times_every_sample_in_one_process() {
        if Command::new("python3").arg("-c").arg("1").output().is_err() {
            eprintln!("SKIPPED: no python3");
            return;
        }
        let (files, script) = fake("peer-protocol");
        let mut peer = NumpyPeer::spawn(Path::new("python3"), &script, &files).unwrap();
        // Sample k is the (k + 1)-th computation of one process: warm-up, then each run.
        for k in 1..=3 {
            let d = peer.run().unwrap();
            assert_eq!(d.self_timed_ns, Some(f64::from(k + 1)));
            assert_eq!(d.distances, vec![2; 4]);
        }
    }

    #[test]
    fn numpy_peer_failure_names_its_error() {
        if Command::new("python3").arg("-c").arg("1").output().is_err() {
            eprintln!("SKIPPED: no python3");
            return;
        }
        let (files, script) = fake("peer-failure");
        let mut peer = NumpyPeer::spawn(Path::new("python3"), &script, &files).unwrap();
        use std::io::Write;
        peer.stdin.as_mut().unwrap().write_all(b"die\n").unwrap();
        peer.stdin.as_mut().unwrap().flush().unwrap();
        match peer.line() {
            Err(RunError::Fail(why)) => assert!(why.contains("told to die"), "{why}"),
            other => panic!("expected a failure, got {other:?}"),
        }
    }
}
