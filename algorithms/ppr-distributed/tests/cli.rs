//! The `ppr-dist` command line on bad or surprising input: one test per defect found by
//! probing it (wrong answers first), each failing without its fix.

mod common;

use std::path::Path;
use std::time::Duration;

use common::*;

const LIMIT: Duration = Duration::from_secs(60);
const TINY: &str = "0 1\n1 2\n2 0\n2 3\n3 4\n4 2\n";
const OTHER5: &str = "0 4\n4 3\n3 2\n2 1\n1 0\n";

fn run(a: &[&str]) -> Done {
    wait(spawn(&args(a)), LIMIT)
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

/// The TOP line's value for `vertex` of answer 0.
fn top_value(stdout: &str, vertex: u32) -> f64 {
    stdout
        .lines()
        .filter_map(|l| l.strip_prefix("TOP 0 "))
        .map(|l| l.split(' ').collect::<Vec<_>>())
        .find(|f| f[1] == vertex.to_string())
        .map(|f| f[2].parse().unwrap())
        .unwrap_or_else(|| panic!("vertex {vertex} not in {stdout}"))
}

#[test]
fn query_takes_c_walks_and_seed_from_the_saved_index() {
    let dir = tmp("cli-index-c");
    let (g, idx) = (write(&dir, "tiny.txt", TINY), dir.join("w4.idx"));
    let idx = idx.display().to_string();
    let b = run(&[
        "index", "--graph", &g, "--c", "0.5", "--walks", "4", "--seed", "7", "--out", &idx,
    ]);
    assert_eq!(b.code, Some(0), "{}", b.stderr);
    let graph = ppr::edgelist::load_graph(Path::new(&g), false).unwrap();
    let exact = ppr::power::power_iteration(&graph, 0, 0.5, 1e-15)
        .unwrap()
        .pi;
    for single in [false, true] {
        let mut a = vec![
            "query",
            "--graph",
            &g,
            "--sources",
            "0",
            "--index",
            &idx,
            "--top",
            "5",
            "--steps",
            "60",
        ];
        if single {
            a.push("--single-machine");
        }
        let d = run(&a);
        assert_eq!(d.code, Some(0), "{}", d.stderr);
        // 60 exact steps at c = 0.5 leave 2^-60 to the fingerprints: the answer is exact PPR
        // at the index's c (0.536 at vertex 0), not at the default 0.15.
        let got = top_value(&d.stdout, 0);
        assert!(
            (got - exact[0]).abs() < 1e-9,
            "single {single}: {got} vs {}",
            exact[0]
        );
        assert_eq!(field(&d.stdout, "c"), "0.5");
        assert_eq!(field(&d.stdout, "walks"), "4");
        assert_eq!(field(&d.stdout, "seed"), "7");
    }
    // Flags that the index fixes are refused beside it.
    let d = run(&[
        "query",
        "--graph",
        &g,
        "--sources",
        "0",
        "--index",
        &idx,
        "--c",
        "0.15",
    ]);
    assert_eq!(d.code, Some(2));
    assert!(d.stderr.contains("the index file fixes c"), "{}", d.stderr);
}

#[test]
fn query_refuses_index_of_another_graph() {
    let dir = tmp("cli-other-graph");
    let g = write(&dir, "tiny.txt", TINY);
    let other = write(&dir, "other5.txt", OTHER5);
    let idx = dir.join("t.idx").display().to_string();
    assert_eq!(run(&["index", "--graph", &g, "--out", &idx]).code, Some(0));
    for extra in [None, Some("--single-machine"), Some("-w")] {
        let mut a = vec![
            "query",
            "--graph",
            &other,
            "--sources",
            "0",
            "--index",
            &idx,
        ];
        match extra {
            Some("-w") => a.extend(["-w", "2"]),
            Some(x) => a.push(x),
            None => {}
        }
        let d = run(&a);
        assert_eq!(d.code, Some(2), "{extra:?}: {}", d.stdout);
        assert!(d.stderr.contains("built for another graph"), "{}", d.stderr);
    }
}

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    let dir = tmp("cli-pipe");
    let g = rmat_file(&dir, 8).display().to_string();
    let sources: Vec<String> = (0..256).map(|s| s.to_string()).collect();
    let script = format!(
        "\"{}\" query --graph {g} --sources {} --top 256 | head -c 10 > /dev/null; \
         echo \"status ${{PIPESTATUS[0]}}\"",
        env!("CARGO_BIN_EXE_ppr-dist"),
        sources.join(",")
    );
    let out = std::process::Command::new("bash")
        .args(["-c", &script])
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(stdout.contains("status 0"), "{stdout} {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn timeout_is_armed_for_a_single_process() {
    let dir = tmp("cli-timeout");
    let g = rmat_file(&dir, 13).display().to_string();
    let sources: Vec<String> = (0..64).map(|s| s.to_string()).collect();
    let sources = sources.join(",");
    for extra in ["-w", "--single-machine"] {
        let mut a = vec![
            "query",
            "--graph",
            &g,
            "--sources",
            &sources,
            "--steps",
            "10000",
            "--timeout",
            "0.05",
        ];
        if extra == "-w" {
            a.extend(["-w", "1"]);
        } else {
            a.push(extra);
        }
        let d = run(&a);
        assert_eq!(
            d.code,
            Some(ppr_distributed::cluster::EXIT_DEADLINE),
            "{extra}: {}",
            d.stderr
        );
        assert!(d.stderr.contains("deadline"), "{}", d.stderr);
    }
}

#[test]
fn unbounded_steps_and_tiny_c_are_refused() {
    let dir = tmp("cli-limits");
    let g = write(&dir, "tiny.txt", TINY);
    let d = run(&[
        "query",
        "--graph",
        &g,
        "--sources",
        "0",
        "--steps",
        "18446744073709551615",
    ]);
    assert_eq!(d.code, Some(2));
    assert!(d.stderr.contains("0 ..= 10000"), "{}", d.stderr);
    for single in [false, true] {
        let mut a = vec!["index", "--graph", &g, "--c", "1e-300"];
        if single {
            a.push("--single-machine");
        }
        let d = run(&a);
        assert_eq!(d.code, Some(2), "{}", d.stdout);
        assert!(d.stderr.contains("teleport probability"), "{}", d.stderr);
    }
}

#[test]
fn rmat_refuses_sizes_beyond_the_stated_limit() {
    let dir = tmp("cli-rmat");
    let out = dir.join("r.txt").display().to_string();
    for ef in ["4294967295", "0", "65"] {
        let d = run(&["rmat", "--scale", "1", "--edge-factor", ef, "--out", &out]);
        assert_eq!(d.code, Some(2), "{ef}");
        assert!(d.stderr.contains("--edge-factor"), "{}", d.stderr);
    }
    let d = run(&[
        "rmat",
        "--scale",
        "30",
        "--edge-factor",
        "64",
        "--out",
        &out,
    ]);
    assert_eq!(d.code, Some(2));
    assert!(d.stderr.contains("beyond the limit"), "{}", d.stderr);
}

#[test]
fn zero_processes_or_workers_are_named_as_such() {
    let dir = tmp("cli-zero");
    let g = write(&dir, "tiny.txt", TINY);
    for flag in ["-n", "-w"] {
        let d = run(&["index", "--graph", &g, flag, "0"]);
        assert_eq!(d.code, Some(2));
        let long = if flag == "-n" {
            "--processes"
        } else {
            "--workers"
        };
        assert!(
            d.stderr.contains(long)
                && d.stderr
                    .contains("0 is outside the supported range 1 ..= 1024"),
            "{}",
            d.stderr
        );
        assert!(!d.stderr.contains("hostfile"), "{}", d.stderr);
    }
}

#[test]
fn help_works_on_every_command_and_h_means_help() {
    for a in [
        &["help"][..],
        &["--help"],
        &["index", "--help"],
        &["index", "-h"],
        &["query", "--graph", "x", "-h"],
        &["rmat", "--help"],
        &["help", "query"],
    ] {
        let d = run(a);
        assert_eq!(d.code, Some(0), "{a:?}: {}", d.stderr);
        assert!(d.stdout.contains("Usage: ppr-dist"), "{a:?}: {}", d.stdout);
    }
}

#[test]
fn edge_list_ids_far_beyond_the_edge_count_are_refused() {
    let dir = tmp("cli-sparse-ids");
    let g = write(&dir, "sparse.txt", "0 50000000\n");
    for extra in ["-w", "--single-machine"] {
        let mut a = vec!["index", "--graph", &g];
        if extra == "-w" {
            a.extend(["-w", "2"]);
        } else {
            a.push(extra);
        }
        let d = run(&a);
        assert_eq!(d.code, Some(2), "{extra}");
        assert!(d.stderr.contains("renumber"), "{}", d.stderr);
    }
}

#[test]
fn a_mistyped_flag_or_command_gets_a_suggestion() {
    let dir = tmp("cli-typo");
    let g = write(&dir, "tiny.txt", TINY);
    let d = run(&["index", "--grph", &g]);
    assert_eq!(d.code, Some(2));
    assert!(d.stderr.contains("--graph"), "{}", d.stderr);
    let d = run(&["indx", "--graph", &g]);
    assert_eq!(d.code, Some(2));
    assert!(d.stderr.contains("index"), "{}", d.stderr);
}
