//! `cargo suite ppr`, `ppr-index` and `ppr-query` as a user runs them: a closed pipe ends
//! the output quietly, and `--help` works on each.

use std::process::Command;

fn dir() -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("ppr-suite-cli-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Runs `suite ARGS | head -c 10` in bash and returns the suite's exit status and stderr.
fn piped(args: &str) -> (String, String) {
    let script = format!(
        "\"{}\" {args} | head -c 10 > /dev/null; echo \"status ${{PIPESTATUS[0]}}\"",
        env!("CARGO_BIN_EXE_suite")
    );
    let out = Command::new("bash").args(["-c", &script]).output().unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn ppr_commands_end_quietly_on_a_closed_pipe() {
    // A 200k-arc star: the top list is far larger than a pipe's buffer.
    let d = dir();
    let star = d.join("star.txt");
    let text: String = (1..=200_000).map(|v| format!("0 {v}\n")).collect();
    std::fs::write(&star, text).unwrap();
    let star = star.display();
    let (out, err) = piped(&format!(
        "ppr --graph {star} --source 0 --top 100000 --undirected true"
    ));
    assert!(out.contains("status 0"), "{out} {err}");
    assert!(!err.contains("panicked"), "{err}");
    let sources: Vec<String> = (0..64).map(|s| s.to_string()).collect();
    let (out, err) = piped(&format!(
        "ppr-query --graph {star} --undirected --sources {} --top 4000 --steps 2",
        sources.join(",")
    ));
    assert!(out.contains("status 0"), "{out} {err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn help_works_on_every_ppr_command() {
    for cmd in ["ppr", "ppr-index", "ppr-query"] {
        for flag in ["--help", "-h"] {
            let out = Command::new(env!("CARGO_BIN_EXE_suite"))
                .args([cmd, flag])
                .output()
                .unwrap();
            assert!(out.status.success(), "{cmd} {flag}: {out:?}");
            assert!(
                String::from_utf8_lossy(&out.stdout)
                    .to_lowercase()
                    .contains("usage"),
                "{cmd}"
            );
        }
    }
}
