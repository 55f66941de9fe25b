//! The GPU section of the RPS report (issue 10): the rows that `algorithms/rps/gpu/run.sh run`
//! measured on a GPU machine (`rps-gpu.jsonl`, copied to `reports/raw/gpu/rps.jsonl`), or, when
//! there are none, a statement that nothing was measured and how to measure it.

use std::fmt::Write as _;
use std::path::Path;

use crate::raw::{self, Row};
use crate::report::format;

/// Where the GPU rows live: `<reports>/raw/gpu/rps.jsonl`, also looked up one level up (the
/// full profile's pages are written to `reports/full/`).
fn gpu_rows(reports: &Path) -> Result<Vec<Row>, String> {
    for dir in [Some(reports), reports.parent()].into_iter().flatten() {
        let file = dir.join("raw").join("gpu").join("rps.jsonl");
        if file.exists() {
            return raw::read(&file);
        }
    }
    Ok(Vec::new())
}

/// The recorded median time of the row `benchmark/implementation` (the runner computed it
/// with `measure::median`), if that row ran.
fn row_median(rows: &[Row], key: &str) -> Option<f64> {
    rows.iter()
        .find(|r| format!("{}/{}", r.benchmark, r.implementation) == key && r.ok())
        .and_then(|r| r.stats.map(|s| s.median_ns))
}

/// The section's markdown.
pub fn section(reports: &Path) -> String {
    let mut md = String::from("## GPU offload (the `cuda` feature)\n\n");
    let rows = match gpu_rows(reports) {
        Ok(rows) => rows,
        Err(e) => {
            let _ = writeln!(md, "The GPU results could not be read: {e}\n");
            return md;
        }
    };
    if rows.is_empty() {
        md.push_str(
            "**Not measured.** No GPU was available to the session that built the `cuda` feature, \
             so its kernels have not yet been compiled by NVRTC or run on a card, and none of \
             the GPU targets (fused forward ≤ 1.3× cuBLAS TF32, BF16 ≤ 1.5× cuBLAS BF16, \
             materialise + cuBLAS within the streaming bound, fused weight gradient ≤ 1.5× the \
             cuBLAS dW, deterministic ≤ 2×) has a figure. What is verified without a GPU: the \
             feature builds with no CUDA toolkit, the probe reports “no device” without \
             panicking, the device tests print `SKIPPED: no CUDA device` (and fail under \
             `RPS_REQUIRE_GPU=1`), and a Rust emulation of every kernel's per-thread index \
             arithmetic (including the tensor-core fragment layouts) matches the f64 reference \
             (`algorithms/rps/tests/cuda_emulation.rs`).\n\n\
             To measure: `algorithms/rps/gpu/run.sh build` on any x86-64 machine with cargo, then \
             `algorithms/rps/gpu/run.sh run` on the GPU machine (no Rust needed there), copy \
             its `rps-gpu.jsonl` to `reports/raw/gpu/rps.jsonl` and run `cargo suite report`.\n\n",
        );
        return md;
    }
    let card = rows
        .iter()
        .find_map(|r| r.notes.get("card").cloned())
        .unwrap_or_else(|| "an unnamed card".into());
    let commit = rows.first().map(|r| r.commit.clone()).unwrap_or_default();
    let _ = writeln!(
        md,
        "Measured on **{card}** at commit `{commit}` by `algorithms/rps/gpu/run.sh run`: CUDA \
         events, median of 50 runs after 10 warm-ups, random data, 4096×4096, batch 1024.\n\n\
         | benchmark | implementation | median | ratio to cuBLAS of the same precision |\n|---|---|---|---|"
    );
    for r in rows.iter().filter(|r| r.ok()) {
        let Some(stats) = r.stats else { continue };
        let precision = r.implementation.rsplit('-').next().unwrap_or("");
        let group = r.benchmark.split('-').take(2).collect::<Vec<_>>().join("-");
        let base = match group.as_str() {
            "gpu-forward" => row_median(&rows, &format!("gpu-forward-dense/cublas-{precision}")),
            "gpu-weight" => row_median(&rows, &format!("gpu-weight-grad-dense/cublas-{precision}")),
            _ => None,
        };
        let ratio = base.map_or("–".to_string(), |b| {
            format!("{:.2}×", stats.median_ns / b)
        });
        let _ = writeln!(
            md,
            "| {} | {} | {} | {ratio} |",
            r.benchmark,
            r.implementation,
            format::duration(stats.median_ns)
        );
    }
    for r in rows.iter().filter(|r| !r.ok()) {
        let _ = writeln!(
            md,
            "| {} | {} | failed: {} | |",
            r.benchmark,
            r.implementation,
            r.error.as_deref().unwrap_or("")
        );
    }
    md.push('\n');
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(benchmark: &str, implementation: &str, median: f64) -> String {
        serde_json::json!({
            "schema": "algobench-raw/1", "family": "rps", "benchmark": benchmark, "group": "gpu",
            "model": "prebuilt", "implementation": implementation, "profile": "gpu",
            "params": {}, "dataset": null, "samples_ns": [median],
            "stats": {"median_ns": median, "mad_ns": 0.0, "min_ns": median, "max_ns": median},
            "work": null, "answer": null, "expected": null, "quality": {},
            "notes": {"card": "Test Card"}, "error": null, "commit": "abc", "dirty": false,
            "timestamp": "2026-11-27T00:00:00Z", "machine": {"cpu": "x", "cores": 1, "os": "x", "rustc": "x",
            "cargo_profile": "release", "rustflags": "", "cpu_features": [], "paths": {}}
        })
        .to_string()
    }

    #[test]
    fn without_rows_the_section_says_not_measured() {
        let dir = std::env::temp_dir().join(format!("rps-gpu-none-{}", std::process::id()));
        let md = section(&dir);
        assert!(md.contains("**Not measured.**"), "{md}");
    }

    #[test]
    fn rows_are_shown_with_the_card_and_ratios_to_cublas() {
        let dir = std::env::temp_dir().join(format!("rps-gpu-rows-{}", std::process::id()));
        let raw_dir = dir.join("raw").join("gpu");
        std::fs::create_dir_all(&raw_dir).unwrap();
        let lines = [
            row("gpu-forward-dense", "cublas-tf32", 1000.0),
            row("gpu-forward-fold-c16", "cuda-fused-tf32", 2500.0),
        ];
        std::fs::write(raw_dir.join("rps.jsonl"), lines.join("\n") + "\n").unwrap();
        let md = section(&dir);
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(md.contains("Test Card"), "{md}");
        assert!(
            md.contains("| gpu-forward-fold-c16 | cuda-fused-tf32 |"),
            "{md}"
        );
        assert!(md.contains("2.50×"), "{md}");
    }
}
