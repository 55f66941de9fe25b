//! Shared helpers for the integration tests: temporary graph files, seeded proptest
//! runners, free loopback ports and the binary under test.
#![allow(dead_code, unreachable_pub)]

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

/// A proptest runner with a fixed seed; `PROPTEST_CASES` raises the number of cases.
pub fn runner(name: &str, default_cases: u32) -> TestRunner {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default_cases);
    let mut seed = [0u8; 32];
    for (i, b) in name.bytes().enumerate() {
        seed[i % 32] ^= b;
    }
    TestRunner::new_with_rng(
        Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        },
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed),
    )
}

/// A fresh directory for one test.
pub fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ppr-dist-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes arcs as an edge list (with a comment and a blank line, which the readers skip).
pub fn write_edges(path: &std::path::Path, arcs: &[(u32, u32)]) {
    let mut text = String::from("# test graph\n\n");
    for &(u, v) in arcs {
        text.push_str(&format!("{u}\t{v}\n"));
    }
    std::fs::write(path, text).unwrap();
}

/// An R-MAT edge list of `2^scale` vertices (edge factor 8) in `dir`.
pub fn rmat_file(dir: &std::path::Path, scale: u32) -> PathBuf {
    let path = dir.join(format!("rmat{scale}.txt"));
    write_edges(&path, &ppr::rmat::rmat(scale, 8, ppr::rmat::RMAT_SEED));
    path
}

/// `k` distinct free loopback ports (bound to port 0 and released).
pub fn free_ports(k: usize) -> Vec<u16> {
    let ls: Vec<_> = (0..k)
        .map(|_| std::net::TcpListener::bind("127.0.0.1:0").unwrap())
        .collect();
    ls.iter().map(|l| l.local_addr().unwrap().port()).collect()
}

/// A hostfile with `k` fresh loopback addresses.
pub fn hostfile(dir: &std::path::Path, k: usize) -> PathBuf {
    let path = dir.join("hosts");
    let text: String = free_ports(k)
        .iter()
        .map(|p| format!("127.0.0.1:{p}\n"))
        .collect();
    std::fs::write(&path, text).unwrap();
    path
}

/// Starts the binary.
pub fn spawn(args: &[String]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_ppr-dist"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// The outcome of a process: exit code (`None`: killed after `limit`), stdout, stderr, and
/// the seconds it took.
pub struct Done {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub seconds: f64,
}

/// Waits for `child` at most `limit`, killing it after that.
pub fn wait(mut child: Child, limit: Duration) -> Done {
    let t = Instant::now();
    let code = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s.code();
        }
        if t.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let seconds = t.elapsed().as_secs_f64();
    let mut stdout = String::new();
    let mut stderr = String::new();
    use std::io::Read;
    if let Some(mut o) = child.stdout.take() {
        let _ = o.read_to_string(&mut stdout);
    }
    if let Some(mut e) = child.stderr.take() {
        let _ = e.read_to_string(&mut stderr);
    }
    Done {
        code,
        stdout,
        stderr,
        seconds,
    }
}

/// A field of the `RESULT {json}` line.
pub fn field(stdout: &str, key: &str) -> String {
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("RESULT "))
        .unwrap_or_else(|| panic!("no RESULT line in {stdout}"));
    let at = line.find(&format!("\"{key}\":")).expect(key) + key.len() + 3;
    line[at..]
        .split([',', '}'])
        .next()
        .unwrap()
        .trim_matches('"')
        .to_string()
}

/// Strings from `&str`s.
pub fn args(a: &[&str]) -> Vec<String> {
    a.iter().map(|s| s.to_string()).collect()
}
