//! `cargo suite facility` as a user runs it: a reader that goes away (a closed pipe, as in
//! `… | head -1`) ends the command quietly instead of a panic.

use std::io::Read as _;
use std::process::{Command, Stdio};

#[test]
fn facility_exits_quietly_when_its_reader_closes_the_pipe() {
    let profile = vec!["1/3"; 200].join(" ");
    let mut child = Command::new(env!("CARGO_BIN_EXE_suite"))
        .args([
            "facility",
            "--mechanism",
            "uniform-phantom",
            "--profile",
            &profile,
            "--misreport-grid",
            "12",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the suite binary starts");
    // Close the read end before anything is read: every write fails with EPIPE.
    drop(child.stdout.take());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr piped")
        .read_to_string(&mut stderr)
        .expect("stderr reads");
    let status = child.wait().expect("the command ends");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(status.success(), "{status:?}: {stderr}");
}
