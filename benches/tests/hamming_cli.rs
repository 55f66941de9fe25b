//! `cargo suite hamming` end to end, under a 1 GiB address-space limit (`ulimit -v`), so that
//! a runaway allocation aborts the command and fails the test.
#![cfg(unix)]

use std::process::{Command, Output};

/// Runs the suite binary with `args` under `ulimit -v 1048576` (KiB) in a scratch folder
/// holding `files`.
fn suite_limited(tag: &str, files: &[(&str, Vec<u8>)], args: &[&str]) -> Output {
    let dir = std::env::temp_dir().join(format!(
        "algobench-hamming-cli-{}-{tag}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    let out = Command::new("sh")
        .current_dir(&dir)
        .arg("-c")
        .arg("ulimit -v 1048576 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_suite"))
        .args(args)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    out
}

#[test]
fn tiny_eps_hash_max_does_not_allocate_one_flag_per_bucket() {
    let out = suite_limited(
        "eps",
        &[
            ("t.txt", b"abracadabr".to_vec()),
            ("p.txt", b"abr".to_vec()),
        ],
        &[
            "hamming",
            "--text",
            "t.txt",
            "--pattern",
            "p.txt",
            "--eps",
            "1e-9",
            "--seed",
            "1",
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    // ε = 1e-9 hashes injectively, so the lower bound is the exact distance.
    let want: String = hamming::naive::hamming_naive(b"abracadabr", b"abr")
        .unwrap()
        .iter()
        .map(|d| format!("{d}\n"))
        .collect();
    assert_eq!(String::from_utf8_lossy(&out.stdout), want);
}

#[test]
fn karloff_refuses_a_draw_table_above_its_limit() {
    // 512 distinct u32 symbols in the pattern, n = 2048, ε = 0.002, δ = 0.01: r ≈ 6.5e6
    // draws, a table of 513 · 101,000 words (414 MB) > 2^24 words. Refused before allocating
    // (without the limit: 414 MB and some 10^10 popcounts).
    let words: Vec<u8> = (0u32..2048).flat_map(|i| (i % 512).to_le_bytes()).collect();
    let pattern = words[..512 * 4].to_vec();
    let out = suite_limited(
        "karloff",
        &[("t.u32", words), ("p.u32", pattern)],
        &[
            "hamming",
            "--text",
            "t.u32",
            "--pattern",
            "p.u32",
            "--alphabet",
            "u32le",
            "--eps",
            "0.002",
            "--seed",
            "1",
            "--approx",
            "karloff",
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("limit exceeded") && stderr.contains("draw table"),
        "{stderr}"
    );
}
