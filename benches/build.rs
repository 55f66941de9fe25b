//! Records the compiler's version for the machine receipt of every result.
use std::process::Command;

fn main() {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let version = Command::new(rustc)
        .arg("-V")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|| "unknown".into());
    println!("cargo:rustc-env=SUITE_RUSTC_VERSION={version}");
    let flags = std::env::var("CARGO_ENCODED_RUSTFLAGS")
        .unwrap_or_default()
        .replace('\u{1f}', " ");
    println!("cargo:rustc-env=SUITE_RUSTFLAGS={flags}");
    // PROFILE only says `debug` or `release`; the optimisation level is what matters.
    let opt = std::env::var("OPT_LEVEL").unwrap_or_default();
    let assertions = if std::env::var_os("CARGO_CFG_DEBUG_ASSERTIONS").is_some() {
        "on"
    } else {
        "off"
    };
    println!("cargo:rustc-env=SUITE_PROFILE=opt-level {opt}, debug assertions {assertions}");
    println!("cargo:rerun-if-env-changed=RUSTFLAGS");
    println!("cargo:rerun-if-env-changed=CARGO_ENCODED_RUSTFLAGS");
}
