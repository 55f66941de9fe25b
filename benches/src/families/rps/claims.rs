//! The claims of Desai and Shrivastava, "In defense of parameter sharing for model-compression"
//! (ICLR 2024, arXiv 2310.11611), each with a verdict computed from the rows of the run being
//! reported: claim 1 (Pareto continuity), claim 2 (stability), claim 3 (accuracy against
//! pruning and smaller models, with its LTR caveat) and the theory claim for linear models.

use std::collections::BTreeMap;

use crate::raw::Row;
use crate::report::claims::{Claim, Verdict};

/// Accuracy below which a finite run counts as collapsed: twice the chance level of ten
/// classes. A collapsed baseline is labelled, never counted as a loss of STABLE-RPS's rival.
const COLLAPSED_BELOW: f64 = 0.2;

/// The rows that ran and were checked (failed and skipped rows decide nothing).
fn usable<'a>(rows: &'a [Row], group: &'a str) -> impl Iterator<Item = &'a Row> + 'a {
    rows.iter()
        .filter(move |r| r.group == group && r.error.is_none() && r.answer.is_some())
}

/// Per-seed outcomes of a P3 row: `Some(accuracy)` or `None` for a diverged run, by seed.
fn seeds(row: &Row) -> BTreeMap<usize, Option<f64>> {
    row.notes
        .iter()
        .filter_map(|(k, v)| {
            let seed = k.strip_prefix("seed ")?.parse().ok()?;
            Some((seed, v.parse::<f64>().ok()))
        })
        .collect()
}

/// The two-sided 95 % Student t quantile for `df` degrees of freedom.
fn t95(df: usize) -> f64 {
    const T: [f64; 10] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    ];
    T.get(df.wrapping_sub(1)).copied().unwrap_or(2.0)
}

/// Mean and 95 % CI half-width of paired differences (`None` half-width with one pair).
fn mean_ci(d: &[f64]) -> (f64, Option<f64>) {
    let n = d.len();
    let mean = d.iter().sum::<f64>() / n as f64;
    if n < 2 {
        return (mean, None);
    }
    let var = d.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
    (mean, Some(t95(n - 1) * (var / n as f64).sqrt()))
}

fn claim(
    statement: &str,
    source: &str,
    measured: String,
    scope: &str,
    experiment: &[&str],
    verdict: Verdict,
) -> Claim {
    Claim {
        statement: statement.into(),
        source: source.into(),
        paper: None,
        measured,
        scope: scope.into(),
        experiment: experiment.iter().map(|s| s.to_string()).collect(),
        verdict,
    }
}

/// Claim 1: at c = 1 STABLE-RPS can represent, and trains as, the dense model (ROAST cannot).
fn pareto_continuity(rows: &[Row]) -> Claim {
    const STATEMENT: &str = "Pareto continuity: at compression 1 STABLE-RPS recovers the full model (its fold mapping is a bijection), which ROAST cannot";
    const SOURCE: &str =
        "Desai & Shrivastava ICLR 2024, abstract and the STABLE-RPS mapping (RANDOMFOLD)";
    let p1: BTreeMap<&str, &Row> = usable(rows, "p1-trajectory")
        .map(|r| (r.implementation.as_str(), r))
        .collect();
    let (Some(fold), Some(roast)) = (p1.get("stable-rps"), p1.get("roast")) else {
        return Claim::not_measured(
            STATEMENT,
            SOURCE,
            None,
            &["rps/p1/trajectory"],
            "cargo suite run rps/p1",
        );
    };
    let gap = |r: &Row| r.notes.get("gap").cloned().unwrap_or_else(|| "?".into());
    let fold_ok = fold.answer.as_deref() == Some("within-1e-5");
    let roast_ok = roast.answer.as_deref() == Some("within-1e-5");
    let mut measured = format!(
        "trajectory gap to dense SGD after the same steps: STABLE-RPS {}, ROAST {}",
        gap(fold),
        gap(roast)
    );
    // The accuracy form at c = 1, and ROAST's, said plainly whatever it shows.
    // The accuracy form at c = 1 under each optimizer, and ROAST's, said plainly whatever it
    // shows.
    for (optimizer, group, prefix) in [
        ("SGD momentum", "p3-accuracy", "p3/"),
        ("Adam", "p3-adam", "p3-adam/"),
    ] {
        let p3 = |imp: &str, bench: &str| {
            usable(rows, group)
                .find(|r| r.implementation == imp && r.benchmark == format!("{prefix}{bench}"))
        };
        let acc = |r: &Row| r.quality.get("accuracy").copied();
        let (Some(d), Some(s)) = (
            p3("dense", "dense").and_then(acc),
            p3("stable-rps", "c=1").and_then(acc),
        ) else {
            continue;
        };
        let data = p3("stable-rps", "c=1")
            .and_then(|r| r.dataset.as_ref())
            .map_or_else(String::new, |d| format!(" ({})", d.name));
        measured += &format!(
            "; {optimizer}, mean final test accuracy at c = 1{data}: dense {:.2} %, STABLE-RPS {:.2} %",
            d * 100.0,
            s * 100.0
        );
        if let Some(r) = p3("roast", "c=1").and_then(acc) {
            let within = (r - d).abs() <= 0.01;
            measured += &format!(
                ", ROAST {:.2} %{}",
                r * 100.0,
                if within {
                    " (ROAST matched dense accuracy within 1 point here: on this data only the trajectory test separates the two)"
                } else {
                    ""
                }
            );
        }
    }
    let verdict = match (fold_ok, roast_ok) {
        (true, false) => Verdict::Holds,
        (false, _) => Verdict::DoesNotHold,
        (true, true) => Verdict::Inconclusive,
    };
    claim(
        STATEMENT,
        SOURCE,
        measured,
        "trajectory: 64-h-h-10 MLP on scikit-learn digits (every profile); accuracy at c = 1: the p3 rows' data, as stated; STABLE-RPS started from the dense init (M0[s(i)] = W0[i]·g(i)/λ); gap = max|W_rps − W_dense| / max|W_dense|, within 1e-5 counts as recovered",
        &[
            "rps/p1/trajectory",
            "rps/p3/dense",
            "rps/p3/c=1",
            "rps/p3-adam/dense",
            "rps/p3-adam/c=1",
        ],
        verdict,
    )
}

/// Claim 2: with the gradient scaler, training no longer depends on the init scale.
fn stability(rows: &[Row]) -> Claim {
    const STATEMENT: &str = "Stability: with its gradient scaler STABLE-RPS trains at any init scale of the shared memory, where ROAST diverges for some";
    const SOURCE: &str = "Desai & Shrivastava ICLR 2024, abstract (gradient scaling removes the sensitivity to the init standard deviation)";
    let p2: BTreeMap<&str, &Row> = usable(rows, "p2-stability")
        .map(|r| (r.implementation.as_str(), r))
        .collect();
    let count = |r: &Row| {
        (
            r.quality.get("divergences").copied().unwrap_or(f64::NAN),
            r.quality.get("runs").copied().unwrap_or(f64::NAN),
        )
    };
    let Some(fold) = p2.get("stable-rps") else {
        return Claim::not_measured(
            STATEMENT,
            SOURCE,
            None,
            &["rps/p2/stability"],
            "cargo suite run rps/p2",
        );
    };
    let (fd, fr) = count(fold);
    let data = fold
        .dataset
        .as_ref()
        .map_or_else(String::new, |d| format!(" ({})", d.name));
    let mut measured = format!("divergences{data}: STABLE-RPS {fd}/{fr}");
    let mut contrast = false;
    for other in ["roast", "fold-noscaler"] {
        if let Some(r) = p2.get(other) {
            let (d, n) = count(r);
            measured += &format!(", {other} {d}/{n}");
            contrast |= d > 0.0;
        }
    }
    let adam: Vec<String> = usable(rows, "p2-adam")
        .map(|r| {
            let (d, n) = count(r);
            format!("{} {d}/{n}", r.implementation)
        })
        .collect();
    if !adam.is_empty() {
        measured += &format!(
            "; under Adam (not the claim's regime: Adam's step is about λ·lr whatever the scaler): {}",
            adam.join(", ")
        );
    }
    let verdict = Verdict::weigh(fd > 0.0, contrast);
    claim(
        STATEMENT,
        SOURCE,
        measured,
        "SGD momentum 0.9 at a fixed learning rate; init scales, compressions and seeds as the p2 row's parameters state; diverged = NaN/∞ or a last-epoch loss above 2× max(first-batch loss, ln 10); under Adam a per-slot gradient scale cancels, so this is an SGD claim",
        &["rps/p2/stability"],
        verdict,
    )
}

/// One comparison of STABLE-RPS with a baseline at one compression.
enum Versus {
    /// The baseline collapsed or diverged in some seed: labelled, not counted.
    Collapsed,
    /// Paired accuracy differences (STABLE-RPS − baseline), in points.
    Diff(f64, Option<f64>),
}

/// The baselines claim 3 sets STABLE-RPS against, in the order the page lists them.
const BASELINES: [&str; 7] = [
    "small-width",
    "magnitude",
    "snip",
    "synflow",
    "grasp",
    "random",
    "ltr",
];

/// STABLE-RPS against some baselines over one group's compressions.
struct Compared {
    /// One `c = …: cells` part per compression.
    parts: Vec<String>,
    /// Some counted comparison lost (its CI below 0).
    lost: bool,
    /// Counted comparisons whose CI excludes 0.
    decided: usize,
    /// Some comparison had one seed (no CI).
    single_seed: bool,
    /// Whether every row of the group tuned its rate (the `lr` note).
    tuned: bool,
    /// STABLE-RPS's chosen rates, `c = …: rate`.
    chosen: Vec<String>,
    /// Against LTR at every compression, counted or not: (c, "beats" | "tie" | "loses").
    ltr: Vec<(f64, &'static str)>,
    /// What the rows trained on (the dataset's description) and the validation split size.
    data: String,
}

impl Compared {
    fn verdict(&self) -> Verdict {
        if self.lost {
            Verdict::DoesNotHold
        } else if self.single_seed || self.decided == 0 {
            Verdict::Inconclusive
        } else {
            Verdict::Holds
        }
    }
}

/// Compares STABLE-RPS with each of `bases` at every compression > 1 of `group`; `None` when
/// the group has no STABLE-RPS row.
fn compare(rows: &[Row], group: &str, prefix: &str, bases: &[&str]) -> Option<Compared> {
    let p3: Vec<&Row> = usable(rows, group).collect();
    let at = |imp: &str, bench: &str| {
        p3.iter()
            .find(|r| r.implementation == imp && r.benchmark == bench)
    };
    let mut benches: Vec<(f64, &str)> = p3
        .iter()
        .filter(|r| r.implementation == "stable-rps")
        .filter_map(|r| {
            let c: f64 = r.benchmark.strip_prefix(prefix)?.parse().ok()?;
            (c > 1.0).then_some(())?;
            Some((c, r.benchmark.as_str()))
        })
        .collect();
    benches.sort_by(|a, b| a.0.total_cmp(&b.0));
    benches.dedup();
    if benches.is_empty() {
        return None;
    }
    let tuned = p3.iter().all(|r| r.notes.contains_key("lr"));
    let chosen: Vec<String> = benches
        .iter()
        .filter_map(|(c, b)| {
            Some(format!(
                "c = {c}: {}",
                at("stable-rps", b)?.notes.get("lr")?
            ))
        })
        .collect();
    let ours_row = at("stable-rps", benches[0].1);
    let mut data = ours_row
        .and_then(|r| r.dataset.as_ref())
        .map_or_else(|| "an unrecorded dataset".into(), |d| d.name.clone());
    if let Some(v) = ours_row.and_then(|r| r.params.get("validation")) {
        data += &format!("; validation split {v} training images");
    }
    let mut out = Compared {
        parts: Vec::new(),
        lost: false,
        decided: 0,
        single_seed: false,
        tuned,
        chosen,
        data,
        ltr: Vec::new(),
    };
    let largest = benches.last().map_or(f64::NAN, |b| b.0);
    for (c, bench) in benches {
        let Some(ours) = at("stable-rps", bench).map(|r| seeds(r)) else {
            continue;
        };
        let mut cells = Vec::new();
        for &base in bases {
            // The paper concedes LTR at low and medium compression: only the largest c counts.
            let counted = base != "ltr" || c == largest;
            let Some(theirs) = at(base, bench).map(|r| seeds(r)) else {
                continue;
            };
            let versus = if theirs
                .values()
                .any(|a| a.is_none_or(|a| a < COLLAPSED_BELOW))
            {
                Versus::Collapsed
            } else {
                let d: Vec<f64> = ours
                    .iter()
                    .filter_map(|(s, a)| {
                        let b = theirs.get(s).copied().flatten()?;
                        // A diverged STABLE-RPS run counts as accuracy 0 against the baseline.
                        Some((a.unwrap_or(0.0) - b) * 100.0)
                    })
                    .collect();
                if d.is_empty() {
                    continue;
                }
                let (m, h) = mean_ci(&d);
                if let (true, Some(h)) = (base == "ltr", h) {
                    let word = if m - h > 0.0 {
                        "beats"
                    } else if m + h < 0.0 {
                        "loses"
                    } else {
                        "tie"
                    };
                    out.ltr.push((c, word));
                }
                Versus::Diff(m, h)
            };
            cells.push(match versus {
                Versus::Collapsed => format!("{base} collapsed (not counted)"),
                Versus::Diff(m, None) => {
                    out.single_seed = true;
                    format!("{base} {m:+.1} pp (1 seed, no CI)")
                }
                Versus::Diff(m, Some(h)) if !counted => {
                    format!("{base} {m:+.1} ± {h:.1} pp (not counted: the paper concedes LTR below the largest c)")
                }
                Versus::Diff(m, Some(h)) => {
                    let word = if m - h > 0.0 {
                        out.decided += 1;
                        "beats"
                    } else if m + h < 0.0 {
                        out.lost = true;
                        out.decided += 1;
                        "loses"
                    } else {
                        "tie"
                    };
                    format!("{base} {m:+.1} ± {h:.1} pp ({word})")
                }
            });
        }
        if !cells.is_empty() {
            out.parts.push(format!("c = {c}: {}", cells.join(", ")));
        }
    }
    Some(out)
}

/// How the rows chose their learning rates.
fn rates_text(tuned: bool) -> &'static str {
    if tuned {
        "the learning rate tuned per method, per compression and per optimizer on a validation split of the training set (never the test set; a log-spaced grid of five or six rates, seed 0, widened in the full profile by up to two rates past an edge whose rate wins; the chosen rate then trains every seed; each row's notes list the tried rates)"
    } else {
        "one learning rate for every method, not tuned per method (a confound under SGD: with the v1 scaler a shared weight moves by the mean of about c gradient terms; under Adam that per-slot scale cancels)"
    }
}

/// Claim 3: STABLE-RPS at least matches pruning at init and smaller models at every
/// compression; it beats LTR only at high compression (the caveat).
fn accuracy(rows: &[Row], group: &str, prefix: &str, optimizer: &str) -> Claim {
    let statement = format!(
        "STABLE-RPS matches or beats the moderately informed pruners (magnitude, SNIP, SynFlow, GraSP) and smaller models across the compression range, and lottery-ticket rewinding (LTR) at the highest compression (trained with {optimizer}; the LTR caveat itself is the next claims' subject)"
    );
    const SOURCE: &str =
        "Desai & Shrivastava ICLR 2024, abstract and accuracy-against-compression figure";
    let Some(cmp) = compare(rows, group, prefix, &BASELINES) else {
        return Claim::not_measured(
            &statement,
            SOURCE,
            None,
            &[&format!("rps/{prefix}*")],
            "cargo suite run rps/p3",
        );
    };
    let mut measured = format!(
        "STABLE-RPS minus baseline, final test accuracy, mean over seeds with a 95 % t interval: {}",
        cmp.parts.join("; ")
    );
    if cmp.tuned && !cmp.chosen.is_empty() {
        measured.push_str(&format!(
            "; STABLE-RPS's tuned rates: {}",
            cmp.chosen.join(", ")
        ));
    }
    claim(
        &statement,
        SOURCE,
        measured,
        &format!(
            "MLP in-h-h-10 on {}; {}; 'beats'/'loses' only where the CI excludes 0; a baseline below 20 % (twice chance) or diverged in any seed is labelled collapsed (global pruning at init can cut a whole layer, Tanaka et al. 2020) and not counted; LTR (train, magnitude-prune, rewind to the end of epoch 1, retrain; at most 4× per round) counts only at the largest compression measured, as the paper concedes it below; GraSP scores −θ⊙Hg on one batch of 128 training images and removes the highest",
            cmp.data,
            rates_text(cmp.tuned)
        ),
        &[&format!("rps/{prefix}*")],
        cmp.verdict(),
    )
}

/// The experiments of a claim decided under both optimizers.
const BOTH_OPTIMIZERS: [&str; 2] = ["rps/p3/c=*", "rps/p3-adam/c=*"];

/// A claim decided under both optimizers whose rows are absent in this run.
fn both_optimizers_not_measured(statement: &str, source: &str) -> Claim {
    Claim::not_measured(
        statement,
        source,
        None,
        &BOTH_OPTIMIZERS,
        "cargo suite run rps/p3",
    )
}

/// STABLE-RPS against `base` under each optimizer's grid, named; an optimizer whose rows are
/// absent, or whose comparison `has_data` rejects, is left out.
fn per_optimizer<'a>(
    rows: &[Row],
    base: &str,
    has_data: impl Fn(&Compared) -> bool,
) -> Vec<(&'a str, Compared)> {
    [
        ("SGD momentum", "p3-accuracy", "p3/c="),
        ("Adam", "p3-adam", "p3-adam/c="),
    ]
    .into_iter()
    .filter_map(|(name, group, prefix)| {
        let c = compare(rows, group, prefix, &[base])?;
        has_data(&c).then_some((name, c))
    })
    .collect()
}

/// The GraSP comparison on its own, under both optimizers: STABLE-RPS against GraSP at
/// every compression, the same paired t intervals and collapse labels as claim 3.
fn grasp(rows: &[Row]) -> Claim {
    const STATEMENT: &str = "STABLE-RPS matches or beats GraSP (Wang, Zhang and Grosse, ICLR 2020: pruning at init by the score −θ⊙Hg, which preserves gradient flow) across the compression range";
    const SOURCE: &str =
        "Desai & Shrivastava ICLR 2024, abstract and accuracy-against-compression figure";
    let runs = per_optimizer(rows, "grasp", |c| !c.parts.is_empty());
    if runs.is_empty() {
        return both_optimizers_not_measured(STATEMENT, SOURCE);
    }
    let verdicts: Vec<Verdict> = runs.iter().map(|(_, c)| c.verdict()).collect();
    let verdict = Verdict::weigh(
        verdicts.contains(&Verdict::DoesNotHold),
        verdicts.iter().all(|v| *v == Verdict::Holds),
    );
    let measured = runs
        .iter()
        .map(|(name, c)| format!("{name}: {}", c.parts.join("; ")))
        .collect::<Vec<_>>()
        .join(". ");
    claim(
        STATEMENT,
        SOURCE,
        format!(
            "STABLE-RPS minus GraSP, final test accuracy, mean over seeds with a 95 % t interval. {measured}"
        ),
        &format!(
            "MLP in-h-h-10 on {}; {}; GraSP: Hg exact (Pearlmutter's R-operator, f64) on one batch of 128 training images at temperature 1, the highest −θ⊙Hg removed; a GraSP model below 20 % or diverged in any seed is labelled collapsed and not counted; holds only if it holds under every optimizer measured",
            runs[0].1.data,
            rates_text(runs.iter().all(|(_, c)| c.tuned))
        ),
        &BOTH_OPTIMIZERS,
        verdict,
    )
}

/// The paper's LTR caveat on its own, under both optimizers: STABLE-RPS wins against LTR at
/// the highest compression and LTR wins at low and medium compression. Confirmed under an
/// optimizer when STABLE-RPS beats LTR at the largest c and LTR is ahead at most of the
/// smaller ones (CIs excluding 0); contradicted when LTR beats STABLE-RPS at the largest c or
/// STABLE-RPS is ahead at most of the smaller ones; ties confirm nothing.
fn ltr_caveat(rows: &[Row]) -> Claim {
    const STATEMENT: &str = "Against lottery-ticket rewinding (LTR), STABLE-RPS wins at the highest compression, while LTR wins at low and medium compression";
    const SOURCE: &str =
        "Desai & Shrivastava ICLR 2024, abstract and accuracy-against-compression figure";
    let runs = per_optimizer(rows, "ltr", |c| !c.ltr.is_empty());
    if runs.is_empty() {
        return both_optimizers_not_measured(STATEMENT, SOURCE);
    }
    let (mut contradicted, mut confirmed, mut parts) = (false, true, Vec::new());
    for (name, c) in &runs {
        let (&(top_c, top), lower) = c.ltr.split_last().expect("not empty");
        let count = |w: &str| lower.iter().filter(|(_, x)| *x == w).count();
        let (ltr_ahead, ours_ahead) = (count("loses"), count("beats"));
        contradicted |= top == "loses" || 2 * ours_ahead > lower.len();
        confirmed &= top == "beats" && 2 * ltr_ahead > lower.len();
        parts.push(format!(
            "{name}: at c = {top_c} STABLE-RPS {} LTR; at the {} smaller compressions LTR ahead at {ltr_ahead}, STABLE-RPS ahead at {ours_ahead}, ties {}",
            match top {
                "beats" => "beats",
                "loses" => "loses to",
                _ => "ties with",
            },
            lower.len(),
            lower.len() - ltr_ahead - ours_ahead
        ));
    }
    claim(
        STATEMENT,
        SOURCE,
        format!(
            "{} (each comparison: STABLE-RPS minus LTR, mean over seeds with a 95 % t interval, as in the claims above)",
            parts.join("; ")
        ),
        &format!(
            "MLP in-h-h-10 on {}; LTR: train, magnitude-prune, rewind to the end of epoch 1, retrain, at most 4× per round; 'ahead' only where the CI excludes 0; holds only if, under every optimizer measured, STABLE-RPS beats LTR at the largest compression and LTR is ahead at most smaller ones; ties confirm neither half",
            runs[0].1.data
        ),
        &BOTH_OPTIMIZERS,
        Verdict::weigh(contradicted, confirmed),
    )
}

/// The theory claim: for linear models, parameter sharing uses memory better than pruning.
fn theory(rows: &[Row]) -> Claim {
    const STATEMENT: &str = "At equal memory, randomized parameter sharing represents a linear model with a smaller inner-product error than pruning";
    const SOURCE: &str = "Desai & Shrivastava ICLR 2024, theory for linear models (abstract; the theorem's exact regime was not available here, so this is our reading)";
    let row = |imp: &str| usable(rows, "theory").find(|r| r.implementation == imp);
    let (Some(rps), Some(prune)) = (row("stable-rps"), row("magnitude")) else {
        return Claim::not_measured(
            STATEMENT,
            SOURCE,
            None,
            &["rps/theory/linear-model"],
            "cargo suite run rps/theory",
        );
    };
    let (mut parts, mut rps_better, mut prune_better) = (Vec::new(), 0, 0);
    for (key, &e_rps) in &rps.quality {
        let Some(&e_prune) = prune.quality.get(key) else {
            continue;
        };
        let c = key.strip_prefix("error ").unwrap_or(key);
        parts.push(format!("{c}: RPS {e_rps:.3}, pruning {e_prune:.3}"));
        if e_rps < e_prune {
            rps_better += 1;
        } else {
            prune_better += 1;
        }
    }
    let verdict = match (rps_better, prune_better) {
        (0, 0) => Verdict::Inconclusive,
        (_, 0) => Verdict::Holds,
        (0, _) => Verdict::DoesNotHold,
        _ => Verdict::Inconclusive,
    };
    claim(
        STATEMENT,
        SOURCE,
        format!(
            "mean relative inner-product error ‖w − ŵ‖²/‖w‖²: {}",
            parts.join("; ")
        ),
        "Gaussian random linear models (n = 2¹⁶ weights in the quick profile), inputs with independent unit-variance coordinates (so the mean squared inner-product error is exactly ‖w − ŵ‖²/‖w‖²); RPS = the STABLE-RPS fold mapping with signs, its memory fitted to the known w by least squares; pruning keeps the m largest |w|; both rows checked against closed-form expectations (1 − 1/c; the Gaussian tail energy). A model learned in the compressed space from data is not measured here",
        &["rps/theory/linear-model"],
        verdict,
    )
}

/// Every claim, in the order the page shows them.
pub fn claims(rows: &[Row]) -> Vec<Claim> {
    vec![
        pareto_continuity(rows),
        stability(rows),
        accuracy(rows, "p3-accuracy", "p3/c=", "SGD momentum 0.9"),
        accuracy(rows, "p3-adam", "p3-adam/c=", "Adam"),
        grasp(rows),
        ltr_caveat(rows),
        theory(rows),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(bench: &str, group: &str, imp: &str, answer: &str) -> Row {
        let mut r = Row::blank("rps", bench, group, imp);
        r.answer = Some(answer.into());
        r
    }

    fn p1(fold: &str) -> Vec<Row> {
        vec![
            row("p1/trajectory", "p1-trajectory", "stable-rps", fold),
            row("p1/trajectory", "p1-trajectory", "roast", "exceeds-1e-5"),
        ]
    }

    #[test]
    fn pareto_continuity_states_when_roast_matches_dense_at_c_1_under_each_optimizer() {
        let mut rows = p1("within-1e-5");
        for (group, prefix) in [("p3-accuracy", "p3/"), ("p3-adam", "p3-adam/")] {
            for (bench, imp, acc) in [
                ("dense", "dense", 0.85),
                ("c=1", "stable-rps", 0.85),
                (
                    "c=1",
                    "roast",
                    if group == "p3-adam" { 0.849 } else { 0.70 },
                ),
            ] {
                let mut r = row(&format!("{prefix}{bench}"), group, imp, "x");
                r.quality.insert("accuracy".into(), acc);
                rows.push(r);
            }
        }
        let m = claims(&rows)[0].measured.clone();
        let (sgd, adam) = m.split_at(m.find("Adam").unwrap());
        assert!(
            sgd.contains("ROAST 70.00 %") && !sgd.contains("matched"),
            "{m}"
        );
        assert!(adam.contains("ROAST 84.90 % (ROAST matched dense"), "{m}");
    }

    #[test]
    fn pareto_continuity_flips_with_the_trajectory_gap() {
        assert_eq!(claims(&p1("within-1e-5"))[0].verdict, Verdict::Holds);
        assert_eq!(claims(&p1("exceeds-1e-5"))[0].verdict, Verdict::DoesNotHold);
        assert_eq!(claims(&[])[0].verdict, Verdict::NotMeasured);
    }

    fn p2(fold_div: f64, roast_div: f64) -> Vec<Row> {
        let mut v = Vec::new();
        for (imp, d) in [("stable-rps", fold_div), ("roast", roast_div)] {
            let mut r = row("p2/stability", "p2-stability", imp, "x");
            r.quality.insert("divergences".into(), d);
            r.quality.insert("runs".into(), 3.0);
            v.push(r);
        }
        v
    }

    #[test]
    fn stability_flips_with_the_divergence_counts() {
        assert_eq!(claims(&p2(0.0, 2.0))[1].verdict, Verdict::Holds);
        assert_eq!(claims(&p2(1.0, 2.0))[1].verdict, Verdict::DoesNotHold);
        assert_eq!(claims(&p2(0.0, 0.0))[1].verdict, Verdict::Inconclusive);
    }

    fn p3(ours: [&str; 3], theirs: [&str; 3]) -> Vec<Row> {
        let mut v = Vec::new();
        for (imp, accs) in [("stable-rps", ours), ("small-width", theirs)] {
            let mut r = row("p3/c=16", "p3-accuracy", imp, "x");
            for (s, a) in accs.iter().enumerate() {
                r.notes.insert(format!("seed {s}"), (*a).to_string());
            }
            v.push(r);
        }
        v
    }

    #[test]
    fn accuracy_claim_flips_with_the_data_and_labels_collapsed_baselines() {
        let win = claims(&p3(["0.90", "0.91", "0.92"], ["0.80", "0.82", "0.81"]));
        assert_eq!(win[2].verdict, Verdict::Holds, "{}", win[2].measured);
        let loss = claims(&p3(["0.80", "0.82", "0.81"], ["0.90", "0.91", "0.92"]));
        assert_eq!(
            loss[2].verdict,
            Verdict::DoesNotHold,
            "{}",
            loss[2].measured
        );
        // A collapsed baseline is no win.
        let collapsed = claims(&p3(["0.80", "0.82", "0.81"], ["0.075", "0.075", "0.075"]));
        assert_eq!(collapsed[2].verdict, Verdict::Inconclusive);
        assert!(collapsed[2].measured.contains("collapsed"));
        // Overlapping intervals decide nothing.
        let tie = claims(&p3(["0.90", "0.80", "0.85"], ["0.85", "0.86", "0.84"]));
        assert_eq!(tie[2].verdict, Verdict::Inconclusive, "{}", tie[2].measured);
        // One seed: no CI, no verdict.
        let mut one = p3(["0.90", "0.90", "0.90"], ["0.80", "0.80", "0.80"]);
        for r in &mut one {
            r.notes.retain(|k, _| k == "seed 0");
        }
        assert_eq!(claims(&one)[2].verdict, Verdict::Inconclusive);
    }

    #[test]
    fn the_accuracy_claim_says_whether_the_rates_were_tuned() {
        let untuned = claims(&p3(["0.90", "0.91", "0.92"], ["0.80", "0.82", "0.81"]));
        assert!(
            untuned[2].scope.contains("not tuned"),
            "{}",
            untuned[2].scope
        );
        let mut rows = p3(["0.90", "0.91", "0.92"], ["0.80", "0.82", "0.81"]);
        for r in &mut rows {
            r.notes.insert("lr".into(), "3e-2".into());
        }
        let tuned = claims(&rows);
        assert!(
            tuned[2].scope.contains("validation split"),
            "{}",
            tuned[2].scope
        );
        assert!(
            tuned[2].measured.contains("c = 16: 3e-2"),
            "{}",
            tuned[2].measured
        );
        // One untuned row makes the whole group untuned.
        rows[0].notes.remove("lr");
        assert!(claims(&rows)[2].scope.contains("not tuned"));
        assert_eq!(tuned[4].verdict, Verdict::NotMeasured);
        assert!(tuned[4].statement.contains("GraSP"));
    }

    #[test]
    fn the_grasp_claim_flips_with_the_grasp_rows_and_labels_a_collapsed_grasp() {
        let with = |ours: [&str; 3], theirs: [&str; 3]| {
            let mut rows = p3(ours, theirs);
            for r in &mut rows {
                if r.implementation == "small-width" {
                    r.implementation = "grasp".into();
                }
            }
            rows
        };
        let win = claims(&with(["0.90", "0.91", "0.92"], ["0.80", "0.82", "0.81"]));
        assert_eq!(win[4].verdict, Verdict::Holds, "{}", win[4].measured);
        assert!(win[4].measured.contains("grasp"), "{}", win[4].measured);
        let loss = claims(&with(["0.80", "0.82", "0.81"], ["0.90", "0.91", "0.92"]));
        assert_eq!(
            loss[4].verdict,
            Verdict::DoesNotHold,
            "{}",
            loss[4].measured
        );
        // Claim 3 counts GraSP among its baselines too.
        assert_eq!(
            loss[2].verdict,
            Verdict::DoesNotHold,
            "{}",
            loss[2].measured
        );
        let collapsed = claims(&with(["0.80", "0.82", "0.81"], ["0.10", "0.11", "0.10"]));
        assert_eq!(collapsed[4].verdict, Verdict::Inconclusive);
        assert!(collapsed[4].measured.contains("grasp collapsed"));
        // The Adam rows alone also decide it; a loss under either optimizer fails it.
        let mut adam = with(["0.80", "0.82", "0.81"], ["0.90", "0.91", "0.92"]);
        for r in &mut adam {
            r.group = "p3-adam".into();
            r.benchmark = "p3-adam/c=16".into();
        }
        let mut both = with(["0.90", "0.91", "0.92"], ["0.80", "0.82", "0.81"]);
        both.extend(adam);
        let c = claims(&both);
        assert_eq!(c[4].verdict, Verdict::DoesNotHold, "{}", c[4].measured);
        assert!(c[4].measured.contains("Adam") && c[4].measured.contains("SGD"));
    }

    #[test]
    fn the_adam_claim_reads_the_adam_rows_only() {
        let mut rows = p3(["0.80", "0.82", "0.81"], ["0.90", "0.91", "0.92"]);
        for r in &mut rows {
            r.group = "p3-adam".into();
            r.benchmark = "p3-adam/c=16".into();
        }
        let c = claims(&rows);
        assert_eq!(c[2].verdict, Verdict::NotMeasured);
        assert_eq!(c[3].verdict, Verdict::DoesNotHold, "{}", c[3].measured);
        assert!(c[3].statement.contains("Adam"));
    }

    #[test]
    fn ltr_counts_only_at_the_largest_compression() {
        let mut rows = p3(["0.90", "0.91", "0.92"], ["0.80", "0.82", "0.81"]);
        let mut ltr16 = row("p3/c=16", "p3-accuracy", "ltr", "x");
        let mut ours256 = row("p3/c=256", "p3-accuracy", "stable-rps", "x");
        let mut ltr256 = row("p3/c=256", "p3-accuracy", "ltr", "x");
        for s in 0..3 {
            // LTR well ahead at c = 16 (conceded), behind at c = 256.
            ltr16.notes.insert(format!("seed {s}"), "0.99".into());
            ours256.notes.insert(format!("seed {s}"), format!("0.6{s}"));
            ltr256.notes.insert(format!("seed {s}"), format!("0.4{s}"));
        }
        rows.extend([ltr16, ours256.clone(), ltr256.clone()]);
        let c = &claims(&rows)[2];
        assert_eq!(c.verdict, Verdict::Holds, "{}", c.measured);
        assert!(c.measured.contains("not counted"), "{}", c.measured);
        // LTR ahead at the largest c: the claim fails.
        for s in 0..3 {
            ltr256.notes.insert(format!("seed {s}"), format!("0.9{s}"));
        }
        let n = rows.len();
        rows[n - 1] = ltr256;
        assert_eq!(claims(&rows)[2].verdict, Verdict::DoesNotHold);
    }

    #[test]
    fn the_ltr_caveat_needs_a_win_at_the_top_and_ltr_ahead_below() {
        let seeds3 = |r: &mut Row, acc: [&str; 3]| {
            for (s, a) in acc.iter().enumerate() {
                r.notes.insert(format!("seed {s}"), (*a).into());
            }
        };
        let rows = |top_ltr: [&str; 3], low_ltr: [&str; 3]| {
            let mut v = Vec::new();
            for (c, ltr) in [("16", low_ltr), ("256", top_ltr)] {
                let mut ours = row(&format!("p3/c={c}"), "p3-accuracy", "stable-rps", "x");
                seeds3(&mut ours, ["0.80", "0.81", "0.82"]);
                let mut theirs = row(&format!("p3/c={c}"), "p3-accuracy", "ltr", "x");
                seeds3(&mut theirs, ltr);
                v.extend([ours, theirs]);
            }
            v
        };
        let ahead = ["0.90", "0.91", "0.92"];
        let behind = ["0.60", "0.61", "0.62"];
        let tied = ["0.80", "0.82", "0.81"];
        let c = &claims(&rows(behind, ahead))[5];
        assert_eq!(c.verdict, Verdict::Holds, "{}", c.measured);
        assert!(
            c.measured.contains("at c = 256 STABLE-RPS beats LTR"),
            "{}",
            c.measured
        );
        assert_eq!(claims(&rows(ahead, ahead))[5].verdict, Verdict::DoesNotHold);
        assert_eq!(
            claims(&rows(behind, behind))[5].verdict,
            Verdict::DoesNotHold
        );
        // Ties at the top confirm nothing.
        assert_eq!(claims(&rows(tied, ahead))[5].verdict, Verdict::Inconclusive);
        assert_eq!(claims(&[])[5].verdict, Verdict::NotMeasured);
    }

    #[test]
    fn the_theory_claim_flips_with_the_errors() {
        let rows = |rps: f64, prune: f64| {
            let mut a = row("theory/linear-model", "theory", "stable-rps", "x");
            a.quality.insert("error c=4".into(), rps);
            let mut b = row("theory/linear-model", "theory", "magnitude", "x");
            b.quality.insert("error c=4".into(), prune);
            vec![a, b]
        };
        assert_eq!(claims(&rows(0.2, 0.3))[6].verdict, Verdict::Holds);
        assert_eq!(claims(&rows(0.75, 0.28))[6].verdict, Verdict::DoesNotHold);
    }

    #[test]
    fn the_theory_claim_is_not_measured_until_its_experiment_exists() {
        assert_eq!(claims(&[])[3].verdict, Verdict::NotMeasured);
        assert_eq!(claims(&[])[6].verdict, Verdict::NotMeasured);
    }
}
