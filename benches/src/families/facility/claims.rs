//! The claims of Aziz, Lam, Lee and Walsh's abstract, each decided from the rows of the run
//! being reported (answers, not the expected strings): a wrong answer turns its verdict.

use std::collections::BTreeMap;

use crate::raw::Row;
use crate::report::claims::{Claim, Verdict};

const SOURCE: &str = "Aziz, Lam, Lee, Walsh, arXiv 2111.01566, abstract";

/// Rows of `prefix` that computed an answer (right or wrong), skipped ones left out.
fn answered<'a>(rows: &'a [Row], prefix: &str) -> Vec<&'a Row> {
    rows.iter()
        .filter(|r| r.benchmark.starts_with(prefix) && r.answer.is_some() && !r.skipped())
        .collect()
}

fn fields(answer: &str) -> BTreeMap<&str, &str> {
    answer
        .split(';')
        .filter_map(|p| p.split_once('='))
        .collect()
}

fn n_of(r: &Row) -> Option<i64> {
    r.params.get("n").and_then(toml::Value::as_integer)
}

fn param(r: &Row, k: &str) -> String {
    r.params
        .get(k)
        .map(|v| v.to_string().trim_matches('"').to_string())
        .unwrap_or_default()
}

fn family_scope(rows: &[&Row]) -> String {
    rows.iter()
        .map(|r| {
            format!(
                "{}: n = {}, constants on G_{}, profiles G_{}^n ({})",
                param(r, "family"),
                param(r, "n"),
                param(r, "m"),
                param(r, "grid"),
                fields(r.answer.as_deref().unwrap_or_default())
                    .get("rules")
                    .map_or_else(String::new, |k| format!("{k} rules"))
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn names(rows: &[&Row]) -> Vec<String> {
    rows.iter().map(|r| r.benchmark.clone()).collect()
}

/// A characterisation "SP + condition ⇔ Uniform Phantom", from the family searches.
fn characterisation(rows: &[Row], key: &str, statement: &str) -> Claim {
    let fam = answered(rows, "sp-families/");
    if fam.is_empty() {
        return Claim::not_measured(
            statement,
            SOURCE,
            None,
            &["sp-families/*"],
            "cargo suite run facility-location/sp-families",
        );
    }
    let mut found = Vec::new();
    let mut all_up = true;
    let mut all_sp = true;
    for r in &fam {
        let f = fields(r.answer.as_deref().unwrap_or_default());
        let v = f.get(key).copied().unwrap_or("missing");
        all_up &= v == "up";
        all_sp &= f.contains_key("rules") && f.get("rules") == f.get("sp");
        found.push(format!(
            "{}: {v}",
            r.benchmark.trim_start_matches("sp-families/")
        ));
    }
    Claim {
        statement: statement.into(),
        source: SOURCE.into(),
        paper: Some("only Uniform Phantom".into()),
        measured: format!(
            "surviving outcome functions ({}): {}; every rule certified SP: {}",
            "`up` = exactly one, equal to Uniform Phantom on every profile",
            found.join(", "),
            if all_sp { "yes" } else { "no" }
        ),
        scope: family_scope(&fam),
        experiment: names(&fam),
        verdict: if all_up && all_sp {
            Verdict::Holds
        } else {
            Verdict::DoesNotHold
        },
    }
}

fn ifs_family(rows: &[Row]) -> Claim {
    let statement = "SP + IFS is characterised as a family of rules (not a single rule)";
    let fam = answered(rows, "sp-families/");
    if fam.is_empty() {
        return Claim::not_measured(
            statement,
            SOURCE,
            None,
            &["sp-families/*"],
            "cargo suite run facility-location/sp-families",
        );
    }
    let counts: Vec<(String, Option<u64>)> = fam
        .iter()
        .map(|r| {
            let functions = r.notes.get("ifs survivors").and_then(|s| {
                s.split(", ")
                    .nth(1)?
                    .split_whitespace()
                    .next()?
                    .parse::<u64>()
                    .ok()
            });
            (
                r.benchmark.trim_start_matches("sp-families/").to_string(),
                functions,
            )
        })
        .collect();
    let verdict = if counts.iter().any(|(_, c)| c.is_none()) {
        Verdict::Inconclusive
    } else if counts.iter().all(|(_, c)| c.unwrap_or(0) > 1) {
        Verdict::Holds
    } else {
        Verdict::DoesNotHold
    };
    Claim {
        statement: statement.into(),
        source: SOURCE.into(),
        paper: Some("a family (the paper gives its form)".into()),
        measured: format!(
            "distinct SP + IFS outcome functions: {}; the exact form of the paper's family is not checked here",
            counts
                .iter()
                .map(|(b, c)| format!("{b}: {}", c.map_or("?".into(), |c| c.to_string())))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        scope: family_scope(&fam),
        experiment: names(&fam),
        verdict,
    }
}

fn uniqueness(rows: &[Row], parts: &[&Claim]) -> Claim {
    let statement = "There is a unique SP mechanism satisfying UFS (equivalently PF, or Proportionality + unanimity): Uniform Phantom";
    let certify = answered(rows, "certify/");
    let sp_ufs: Vec<String> = certify
        .iter()
        .filter(|r| {
            let f = fields(r.answer.as_deref().unwrap_or_default());
            f.get("sp") == Some(&"certified") && f.get("ufs") == Some(&"1")
        })
        .filter_map(|r| r.benchmark.split('/').nth(1).map(str::to_string))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    if parts.iter().all(|c| c.verdict == Verdict::NotMeasured) && certify.is_empty() {
        return Claim::not_measured(
            statement,
            SOURCE,
            None,
            &["sp-families/*", "certify/*"],
            "cargo suite run facility-location/",
        );
    }
    let named_ok = sp_ufs.iter().all(|m| m == "uniform-phantom");
    let verdict = Verdict::weigh(
        !named_ok || parts.iter().any(|c| c.verdict == Verdict::DoesNotHold),
        parts.iter().all(|c| c.verdict == Verdict::Holds) && !certify.is_empty(),
    );
    let mut experiment = names(&certify);
    experiment.truncate(3);
    experiment.push("sp-families/*".into());
    Claim {
        statement: statement.into(),
        source: SOURCE.into(),
        paper: Some("Uniform Phantom".into()),
        measured: format!(
            "named rules certified SP and UFS: {}; family searches: {}",
            if sp_ufs.is_empty() {
                "none".into()
            } else {
                sp_ufs.join(", ")
            },
            parts
                .iter()
                .map(|c| c.verdict.label())
                .collect::<Vec<_>>()
                .join(" / ")
        ),
        scope: format!(
            "{} named rules on sorted grids (n = 4..6); generalized medians and min–max rules as in the rows above",
            certify.len()
        ),
        experiment,
        verdict,
    }
}

fn equilibrium(rows: &[Row]) -> Claim {
    let statement = "Uniform Phantom's outcome is the unique pure-equilibrium outcome of any continuous, strictly monotone, UFS mechanism";
    let eq = answered(rows, "equilibria/");
    if eq.is_empty() {
        return Claim::not_measured(
            statement,
            SOURCE,
            None,
            &["equilibria/*"],
            "cargo suite run facility-location/equilibria",
        );
    }
    let mut all = true;
    let mut counts = Vec::new();
    for r in &eq {
        for (k, v) in fields(r.answer.as_deref().unwrap_or_default()) {
            all &= v == "all-up";
            if v != "all-up" {
                counts.push(format!(
                    "{} {k}: {v} equilibria with UP's outcome",
                    r.benchmark
                ));
            }
        }
        for (k, v) in &r.notes {
            if k.ends_with(" counts") {
                counts.push(format!(
                    "n = {}, {}: {v}",
                    param(r, "n"),
                    k.trim_end_matches(" counts")
                ));
            }
        }
    }
    Claim {
        statement: statement.into(),
        source: SOURCE.into(),
        paper: Some("every equilibrium outcome = UP(x)".into()),
        measured: counts.join("; "),
        scope: eq
            .iter()
            .map(|r| {
                format!(
                    "n = {}, true profiles: sorted G_{}, reports: all of G_{}^n, exact best responses over [0, 1]",
                    param(r, "n"),
                    param(r, "grid"),
                    param(r, "m")
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
            + "; mechanisms: average, mixes ½ and ¼ with UP, PF-midpoint mix",
        experiment: names(&eq),
        verdict: if all {
            Verdict::Holds
        } else {
            Verdict::DoesNotHold
        },
    }
}

/// Per mechanism (or axiom): (ρ_SW, ρ_TC) as text.
type Pairs = BTreeMap<String, (String, String)>;

/// (n, every mechanism's (ρ_SW, ρ_TC), the UFS lower bound's) per n where both rows ran.
fn ratio_pairs(rows: &[Row]) -> Vec<(i64, Pairs, (String, String))> {
    let ratios = answered(rows, "ratios/");
    let bounds = answered(rows, "lower-bounds/");
    let pairs = |a: &str| -> Pairs {
        fields(a)
            .into_iter()
            .filter_map(|(k, v)| {
                let (s, t) = v.split_once(',')?;
                Some((k.to_string(), (s.to_string(), t.to_string())))
            })
            .collect()
    };
    let mut out = Vec::new();
    let mut bounds = bounds;
    bounds.sort_by_key(|r| n_of(r));
    for b in bounds {
        let n = n_of(b);
        if let Some(r) = ratios.iter().find(|r| n_of(r) == n) {
            let bp = pairs(b.answer.as_deref().unwrap_or_default());
            if let Some(ufs) = bp.get("ufs") {
                out.push((
                    n.unwrap_or_default(),
                    pairs(r.answer.as_deref().unwrap_or_default()),
                    ufs.clone(),
                ));
            }
        }
    }
    out
}

fn welfare(rows: &[Row]) -> Claim {
    let statement = "Uniform Phantom has the best welfare approximation among all UFS mechanisms";
    let pairs = ratio_pairs(rows);
    if pairs.is_empty() {
        return Claim::not_measured(
            statement,
            SOURCE,
            None,
            &["ratios/*", "lower-bounds/*"],
            "cargo suite run facility-location/ratios facility-location/lower-bounds",
        );
    }
    let mut ok = true;
    let mut shown = Vec::new();
    for (n, r, ufs) in &pairs {
        let up = r
            .get("uniform-phantom")
            .map(|p| p.0.clone())
            .unwrap_or_default();
        ok &= up == ufs.0;
        shown.push(format!(
            "n = {n}: UP {up}, best any UFS rule can do {}",
            ufs.0
        ));
    }
    Claim {
        statement: statement.into(),
        source: SOURCE.into(),
        paper: Some("UP is best".into()),
        measured: shown.join("; "),
        scope: "worst case over every profile with ≤ 3 distinct locations on G_2n (a lower bound on each supremum); the UFS bound is the optimal interval projected onto the UFS interval".into(),
        experiment: vec!["ratios/*".into(), "lower-bounds/*".into()],
        verdict: if ok {
            Verdict::Holds
        } else {
            Verdict::DoesNotHold
        },
    }
}

fn total_cost(rows: &[Row]) -> Claim {
    let statement = "… \"(and also minimum total cost)\": Uniform Phantom has the best total-cost approximation among UFS mechanisms (arXiv abstract; the 2025 J. Math. Econ. version dropped this clause)";
    let pairs = ratio_pairs(rows);
    if pairs.is_empty() {
        return Claim::not_measured(
            statement,
            SOURCE,
            None,
            &["ratios/*", "lower-bounds/*"],
            "cargo suite run facility-location/ratios facility-location/lower-bounds",
        );
    }
    let mut beaten = false;
    let mut shown = Vec::new();
    for (n, r, ufs) in &pairs {
        let up = r
            .get("uniform-phantom")
            .map(|p| p.1.clone())
            .unwrap_or_default();
        let avg = r.get("average").map(|p| p.1.clone()).unwrap_or_default();
        beaten |= up != ufs.1 && avg == ufs.1;
        shown.push(format!(
            "n = {n}: UP {up}, average {avg}, UFS bound {}",
            ufs.1
        ));
    }
    Claim {
        statement: statement.into(),
        source: SOURCE.into(),
        paper: Some("UP is best".into()),
        measured: format!(
            "{}; refuted only among all UFS rules (the average is UFS but not SP); nothing is claimed about SP + UFS rules, where UP is the only one",
            shown.join("; ")
        ),
        scope: "worst case over every profile with ≤ 3 distinct locations on G_2n".into(),
        experiment: vec!["ratios/*".into(), "lower-bounds/*".into()],
        verdict: if beaten {
            Verdict::DoesNotHold
        } else {
            Verdict::Holds
        },
    }
}

/// Every claim of the abstract, in its order.
pub fn claims(rows: &[Row]) -> Vec<Claim> {
    let ifs = ifs_family(rows);
    let ufs = characterisation(
        rows,
        "ufs",
        "SP + UFS mechanisms are exactly Uniform Phantom",
    );
    let prop = characterisation(
        rows,
        "prop+unanimity",
        "SP + Proportionality + unanimity mechanisms are exactly the SP + UFS ones (Uniform Phantom)",
    );
    let pf = characterisation(
        rows,
        "pf",
        "SP + PF mechanisms are exactly the SP + UFS ones (Uniform Phantom)",
    );
    let unique = uniqueness(rows, &[&ufs, &prop, &pf]);
    vec![
        ifs,
        ufs,
        prop,
        pf,
        unique,
        equilibrium(rows),
        welfare(rows),
        total_cost(rows),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(bench: &str, group: &str, answer: &str, params: &[(&str, i64)]) -> Row {
        let mut r = Row::blank("facility-location", bench, group, "x");
        r.answer = Some(answer.into());
        for (k, v) in params {
            r.params.insert((*k).into(), toml::Value::Integer(*v));
        }
        r
    }

    fn rows(family_answer: &str, eq_answer: &str, up_tc: &str) -> Vec<Row> {
        let mut fam = row(
            "sp-families/min-max/n=2",
            "sp-families",
            family_answer,
            &[("n", 2), ("m", 4), ("grid", 4)],
        );
        fam.notes.insert(
            "ifs survivors".into(),
            "40 rules, 7 distinct functions".into(),
        );
        vec![
            fam,
            row(
                "certify/uniform-phantom/n=5-grid12",
                "certify",
                "sp=certified;ifs=1;ufs=1;prop=1;pf=1",
                &[("n", 5)],
            ),
            row("equilibria/n=3", "equilibria", eq_answer, &[("n", 3)]),
            row(
                "ratios/n=4",
                "ratios",
                &format!("uniform-phantom=6/5,{up_tc};average=6/5,3/2"),
                &[("n", 4)],
            ),
            row(
                "lower-bounds/n=4",
                "lower-bounds",
                "ifs=6/5,3/2;ufs=6/5,3/2;proportionality=6/5,3/2;pf=6/5,3/2",
                &[("n", 4)],
            ),
        ]
    }

    fn verdicts(rows: &[Row]) -> Vec<Verdict> {
        claims(rows).iter().map(|c| c.verdict).collect()
    }

    #[test]
    fn every_claim_holds_on_agreeing_rows_and_total_cost_is_refuted() {
        let v = verdicts(&rows(
            "rules=625;sp=625;ufs=up;pf=up;prop+unanimity=up",
            "average=all-up;mix-1/2=all-up",
            "3",
        ));
        use Verdict::*;
        assert_eq!(
            v,
            [Holds, Holds, Holds, Holds, Holds, Holds, Holds, DoesNotHold]
        );
    }

    #[test]
    fn verdicts_flip_when_the_data_flips() {
        use Verdict::*;
        // A second UFS function in a family: UFS and uniqueness do not hold.
        let v = verdicts(&rows(
            "rules=625;sp=625;ufs=2-functions;pf=up;prop+unanimity=up",
            "average=all-up",
            "3",
        ));
        assert_eq!((v[1], v[4]), (DoesNotHold, DoesNotHold));
        // An equilibrium with another outcome.
        let v = verdicts(&rows(
            "rules=625;sp=625;ufs=up;pf=up;prop+unanimity=up",
            "average=all-up;mix-1/2=10/11",
            "3",
        ));
        assert_eq!(v[5], DoesNotHold);
        // UP attaining the UFS total-cost bound: the total-cost clause would hold.
        let v = verdicts(&rows(
            "rules=625;sp=625;ufs=up;pf=up;prop+unanimity=up",
            "average=all-up",
            "3/2",
        ));
        assert_eq!(v[7], Holds);
        // A rule not certified SP.
        let v = verdicts(&rows(
            "rules=625;sp=624;ufs=up;pf=up;prop+unanimity=up",
            "average=all-up",
            "3",
        ));
        assert_eq!(v[1], DoesNotHold);
    }

    #[test]
    fn absent_rows_are_not_measured() {
        assert!(
            claims(&[])
                .iter()
                .all(|c| c.verdict == Verdict::NotMeasured)
        );
    }
}
