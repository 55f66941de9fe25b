//! The RPS report sections: kernel timings against dense with the targets, P1, P2,
//! P3 (accuracy against stored scalars, every method) and the paper's claims.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::raw::Row;
use crate::report::plot::{Series, values_against};

/// The recorded median time of one row (the runner computed it with `measure::median`), if
/// that row ran.
fn row_median(rows: &[Row], bench: &str, imp: &str) -> Option<f64> {
    rows.iter()
        .find(|r| r.benchmark == bench && r.implementation == imp && r.ok())
        .and_then(|r| r.stats.map(|s| s.median_ns))
}

fn benches<'a>(rows: &'a [Row], group: &str) -> Vec<&'a str> {
    let mut v: Vec<&str> = rows
        .iter()
        .filter(|r| r.group == group)
        .map(|r| r.benchmark.as_str())
        .collect();
    v.dedup();
    v
}

fn kernel_table(md: &mut String, rows: &[Row], group: &str, title: &str) {
    let bs = benches(rows, group);
    if bs.is_empty() {
        return;
    }
    let _ = writeln!(
        md,
        "### {title}\n\nMedian time and ratio to `dense` (the same microkernel reading W in place), same run, one thread.\n"
    );
    let _ = writeln!(
        md,
        "| benchmark | dense | matrixmultiply | fold | roast | hashednet |\n|---|---|---|---|---|---|"
    );
    for b in bs {
        let d = row_median(rows, b, "dense");
        let cell = |imp: &str| match (row_median(rows, b, imp), d) {
            (Some(t), Some(d)) => format!("{:.3} ms ({:.2}×)", t / 1e6, t / d),
            (Some(t), None) => format!("{:.3} ms", t / 1e6),
            _ => "–".into(),
        };
        let _ = writeln!(
            md,
            "| `{b}` | {} | {} | {} | {} | {} |",
            cell("dense"),
            cell("matrixmultiply"),
            cell("fold"),
            cell("roast"),
            cell("hashednet")
        );
    }
    let _ = writeln!(md);
}

fn verdict(ok: bool) -> &'static str {
    if ok { "met" } else { "**missed**" }
}

fn targets(md: &mut String, rows: &[Row]) {
    let mut lines = Vec::new();
    for b in benches(rows, "kernel-forward") {
        let Some(d) = row_median(rows, b, "dense") else {
            continue;
        };
        let big_b = !b.contains("/1x");
        for imp in ["fold", "roast"] {
            if let Some(t) = row_median(rows, b, imp) {
                let r = t / d;
                if big_b {
                    lines.push(format!(
                        "| C1 {imp} forward ≤ 1.10× dense | `{b}` | {r:.2}× | {} |",
                        verdict(r <= 1.10)
                    ));
                } else if !b.ends_with("c=1") {
                    lines.push(format!(
                        "| C3 {imp} B = 1 ≥ 1.5× faster than dense | `{b}` | {:.2}× faster | {} |",
                        1.0 / r,
                        verdict(r <= 1.0 / 1.5)
                    ));
                }
            }
        }
        if let Some(mm) = row_median(rows, b, "matrixmultiply") {
            lines.push(format!(
                "| C4 dense ≤ 1.3× matrixmultiply | `{b}` | {:.2}× | {} |",
                d / mm,
                verdict(d / mm <= 1.3)
            ));
        }
    }
    for b in benches(rows, "kernel-step") {
        let Some(d) = row_median(rows, b, "dense") else {
            continue;
        };
        for imp in ["fold", "roast"] {
            if let Some(t) = row_median(rows, b, imp) {
                lines.push(format!(
                    "| C2 {imp} forward + backward ≤ 1.20× dense | `{b}` | {:.2}× | {} |",
                    t / d,
                    verdict(t / d <= 1.20)
                ));
            }
        }
        if let Some(t) = row_median(rows, b, "hashednet") {
            lines.push(format!(
                "| HashedNet forward + backward ≤ 2× dense | `{b}` | {:.2}× | {} |",
                t / d,
                verdict(t / d <= 2.0)
            ));
        }
    }
    if lines.is_empty() {
        return;
    }
    let _ = writeln!(
        md,
        "## Targets\n\nFrom this run, single thread, kernel path as in the machine receipt. (1024, 4096, 4096) runs only in `--profile full` (about a second per product on this machine).\n\n| target | benchmark | measured | verdict |\n|---|---|---|---|"
    );
    for l in lines {
        let _ = writeln!(md, "{l}");
    }
    let _ = writeln!(md);
}

fn study_rows<'a>(rows: &'a [Row], group: &str) -> Vec<&'a Row> {
    rows.iter().filter(|r| r.group == group && r.ok()).collect()
}

/// The P3 section of one optimizer's grid: the plot (written to `file`) and the table.
fn p3_section(
    md: &mut String,
    rows: &[Row],
    reports: &Path,
    group: &str,
    optimizer: &str,
    file: &str,
) {
    let p3 = study_rows(rows, group);
    if !p3.is_empty() {
        let mut by: BTreeMap<&str, Vec<(f64, f64, f64)>> = BTreeMap::new();
        for r in &p3 {
            let (Some(s), Some(a)) = (r.quality.get("stored_scalars"), r.quality.get("accuracy"))
            else {
                continue;
            };
            let c = r
                .params
                .get("compression")
                .and_then(|v| v.as_float().or_else(|| v.as_integer().map(|i| i as f64)))
                .unwrap_or(1.0);
            by.entry(r.implementation.as_str())
                .or_default()
                .push((c, *s, *a));
        }
        let series: Vec<Series> = by
            .iter()
            .map(|(m, pts)| {
                let mut p: Vec<(f64, f64)> = pts
                    .iter()
                    .map(|&(_, s, a)| (s.log10(), a * 100.0))
                    .collect();
                p.sort_by(|a, b| a.0.total_cmp(&b.0));
                Series {
                    label: (*m).to_string(),
                    points: p,
                }
            })
            .collect();
        let fashion = p3.iter().any(|r| {
            r.dataset
                .as_ref()
                .is_some_and(|d| d.name.starts_with("fashion-mnist"))
        });
        let (title, scope) = if fashion {
            (
                "Test accuracy against stored scalars (Fashion-MNIST subset)",
                "an MLP 784-1215-1215-10 on a seeded 2,000-image subset of Fashion-MNIST's training images, tested on its 10,000 test images (one test sample is 0.01 pp)",
            )
        } else {
            (
                "Test accuracy against stored scalars (sklearn digits)",
                "an MLP on 8×8 digits (1,437 training images; one test sample is 0.28 pp)",
            )
        };
        let plotted = values_against(
            &reports.join(file),
            &format!("{title}, {optimizer}"),
            "log10(stored scalars, weights + biases)",
            "test accuracy (%)",
            &series,
        )
        .is_ok();
        let _ = writeln!(md, "## P3: accuracy against stored scalars ({optimizer})\n");
        if plotted {
            let _ = writeln!(
                md,
                "![accuracy against stored scalars, {optimizer}]({file})\n"
            );
        }
        let mut cs: Vec<f64> = by.values().flatten().map(|p| p.0).collect();
        cs.sort_by(f64::total_cmp);
        cs.dedup();
        let _ = writeln!(
            md,
            "Mean final-epoch test accuracy (%) over the seeds that did not diverge; stored scalars in parentheses.\n\n| method | {} |\n|---|{}",
            cs.iter()
                .map(|c| format!("c = {c}"))
                .collect::<Vec<_>>()
                .join(" | "),
            "---|".repeat(cs.len())
        );
        for (m, pts) in &by {
            let cells: Vec<String> = cs
                .iter()
                .map(|c| {
                    pts.iter()
                        .find(|p| p.0 == *c)
                        .map_or("–".into(), |p| format!("{:.2} ({})", p.2 * 100.0, p.1))
                })
                .collect();
            let _ = writeln!(md, "| {m} | {} |", cells.join(" | "));
        }
        let _ = writeln!(md);
        let _ = writeln!(
            md,
            "The paper's claims are checked against these rows in the page's first section. Scope: {scope}, on 2 CPU cores, not the paper's VGG/ResNet on CIFAR/Tiny-ImageNet. Global pruning at init can cut whole layers (layer collapse, Tanaka et al. 2020): such runs stay near chance without diverging and are labelled collapsed.\n"
        );
    }
}

/// Every section, in order.
pub fn sections(rows: &[Row], reports: &Path) -> String {
    let mut md = String::new();
    targets(&mut md, rows);
    kernel_table(&mut md, rows, "kernel-forward", "Forward `Y = X Wᵀ`");
    kernel_table(
        &mut md,
        rows,
        "kernel-step",
        "Forward + backward (dX, dW, reduction into M)",
    );

    let p1: Vec<&Row> = rows.iter().filter(|r| r.group == "p1-trajectory").collect();
    if !p1.is_empty() {
        let _ = writeln!(
            md,
            "## P1: Pareto continuity (trajectory test)\n\nAt c = 1, M0 is set from the dense init (`M0[s(i)] = W0[i]·g(i)/λ`), then both models take the same SGD-momentum steps (lr 0.05, μ 0.9, batch 64); the gap is `max|W_rps − W_dense| / max|W_dense|`. STABLE-RPS must stay within 1e-5; ROAST cannot represent W0 (≈ a quarter of its slots are empty at c = 1, tiles collide).\n\n| method | steps | gap | verdict |\n|---|---|---|---|"
        );
        for r in p1 {
            let gap = r
                .notes
                .get("gap")
                .cloned()
                .unwrap_or_else(|| r.error.clone().unwrap_or_default());
            let steps = r
                .params
                .get("steps")
                .map(ToString::to_string)
                .unwrap_or_default();
            let _ = writeln!(
                md,
                "| {} | {steps} | {gap} | {} |",
                r.implementation,
                r.answer.as_deref().unwrap_or("–")
            );
        }
        let _ = writeln!(md);
    }

    let p2: Vec<&Row> = rows.iter().filter(|r| r.group == "p2-stability").collect();
    if !p2.is_empty() {
        let _ = writeln!(
            md,
            "## P2: stability across init scales\n\nDiverged (`rps::train::study::is_diverged`) = a non-finite loss, gradient or weight, or a last-epoch mean loss above {} × max(first-batch loss, ln 10); a run that merely learns slowly or stalls is not diverged. Cells: test accuracy per seed, or `diverged`.\n",
            rps::train::study::DIVERGENCE_FACTOR
        );
        let mut keys: Vec<String> = p2.iter().flat_map(|r| r.notes.keys().cloned()).collect();
        keys.sort();
        keys.dedup();
        let _ = writeln!(
            md,
            "| method | divergences | {} |\n|---|---|{}",
            keys.join(" | "),
            "---|".repeat(keys.len())
        );
        for r in &p2 {
            let cells: Vec<String> = keys
                .iter()
                .map(|k| r.notes.get(k).cloned().unwrap_or_default())
                .collect();
            let _ = writeln!(
                md,
                "| {} | {} | {} |",
                r.implementation,
                r.answer.as_deref().unwrap_or("–"),
                cells.join(" | ")
            );
        }
        let _ = writeln!(md);
    }

    for (group, optimizer, file) in [
        ("p3-accuracy", "SGD momentum", "rps-accuracy.svg"),
        ("p3-adam", "Adam", "rps-accuracy-adam.svg"),
    ] {
        p3_section(&mut md, rows, reports, group, optimizer, file);
    }
    md.push_str(&super::gpu::section(reports));
    md
}
