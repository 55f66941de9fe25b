//! `cargo suite matching --instance FILE.json [--algorithm NAME] [--replications N] [--seed S]`:
//! every algorithm's value and every benchmark on the user's instance.

use stochastic_matching::*;

use crate::args::parse;

const USAGE: &str = "usage: cargo suite matching --instance FILE.json [--algorithm NAME] [--replications N] [--seed S] [--tie lowest|highest]\n\
instance JSON: {\"weights\": [1.0, …], \"online\": [[{\"u\": 0, \"p\": 0.5}, …], …]}\n\
algorithms: greedy, balance, balance-msvv, balance-linear, ranking, perturbed-greedy";

/// Parses the arguments and prints the report.
///
/// # Errors
/// A message for the user: a file that cannot be read, malformed JSON (line and column), an
/// invalid instance, an unknown algorithm, 0 replications.
pub fn run(args: &[String]) -> Result<(), String> {
    let flags = parse(
        args,
        &[
            "--instance",
            "--algorithm",
            "--replications",
            "--seed",
            "--tie",
        ],
        USAGE,
    )?;
    if flags.help {
        println!("{USAGE}");
        return Ok(());
    }
    let path = flags
        .get("--instance")
        .ok_or_else(|| format!("--instance is required\n{USAGE}"))?;
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let tie = match flags.get("--tie").unwrap_or("lowest") {
        "lowest" => TieBreak::LowestIndex,
        "highest" => TieBreak::HighestIndex,
        other => return Err(format!("unknown tie-break `{other}`\n{USAGE}")),
    };
    let lines = describe(
        &text,
        flags.get("--algorithm"),
        flags.number("--replications")?.unwrap_or(100_000),
        flags.number("--seed")?.unwrap_or(1),
        tie,
    )
    .map_err(|e| format!("{path}: {e}"))?;
    for l in lines {
        println!("{l}");
    }
    Ok(())
}

/// The report lines for an instance given as JSON.
///
/// # Errors
/// The crate's typed errors, as text.
pub fn describe(
    json: &str,
    algorithm: Option<&str>,
    replications: u64,
    seed: u64,
    tie: TieBreak,
) -> Result<Vec<String>, Error> {
    let inst = Instance::from_json(json)?;
    let algs: Vec<Algorithm> = match algorithm {
        Some(name) => vec![Algorithm::from_name(name)?],
        None => Algorithm::ALL.to_vec(),
    };
    let mut out = vec![format!(
        "instance: n = {}, T = {}, |E| = {}, max p = {}; tie-break {tie:?}; {replications} replications, seed {seed} (common random numbers)",
        inst.n(),
        inst.arrivals(),
        inst.edges(),
        inst.max_probability()
    )];
    let r = simulate_detailed(&inst, &algs, tie, replications, seed, true)?;
    for (a, e) in algs.iter().zip(&r.estimates) {
        let exact = match exact_expectation(&inst, *a, tie) {
            Ok(x) => format!("; exact {x:.6}"),
            Err(_) => String::new(),
        };
        out.push(format!(
            "{:<18} {:.6} ± {:.6} (95% CI){exact}",
            a.name(),
            e.mean,
            e.ci95()
        ));
    }
    let b1 = budgeted_lp(&inst, LpSolver::Microlp)?;
    out.push(format!("budgeted LP        {b1:.6}"));
    // The compact form on Clarabel: seconds where column generation would take hours on
    // thousands of arrivals.
    let s = sclp_compact(&inst, LpSolver::Clarabel)?;
    out.push(format!(
        "stochastic config. LP {s:.6} (compact form, Clarabel)"
    ));
    let c = config_lp_column_generation(&inst)?;
    let note = if inst.max_probability() > 0.2 {
        " (vs configuration LP: NOT an upper bound on the adaptive optimum at these probabilities)"
    } else {
        ""
    };
    out.push(format!("configuration LP   {:.6}{note}", c.value));
    match adaptive_optimum(&inst, DP_CAP) {
        Ok(v) => out.push(format!("adaptive optimum   {v:.6}")),
        Err(e) => out.push(format!("adaptive optimum   not computed: {e}")),
    }
    match non_adaptive_optimum(&inst, ASSIGNMENT_CAP) {
        Ok(v) => out.push(format!("non-adaptive opt.  {v:.6}")),
        Err(e) => out.push(format!("non-adaptive opt.  not computed: {e}")),
    }
    if let Some(p) = r.prophet {
        out.push(format!(
            "prophet            {:.6} ± {:.6} (95% CI)",
            p.mean,
            p.ci95()
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_every_benchmark() {
        let json =
            r#"{"weights":[1,1],"online":[[{"u":0,"p":0.5},{"u":1,"p":0.5}],[{"u":0,"p":0.5}]]}"#;
        let lines = describe(json, None, 1000, 1, TieBreak::LowestIndex).unwrap();
        for k in [
            "greedy",
            "balance",
            "budgeted LP",
            "adaptive optimum",
            "prophet",
        ] {
            assert!(lines.iter().any(|l| l.contains(k)), "{k}: {lines:?}");
        }
    }

    #[test]
    fn bad_input_is_named() {
        let e = describe(
            "{\"weights\": [1],\n\"online\": [[{\"u\": 0, \"p\": 2}]]}",
            None,
            10,
            1,
            TieBreak::LowestIndex,
        )
        .unwrap_err();
        assert!(matches!(e, Error::InvalidProbability { .. }));
        let e = describe(
            "{\"weights\": [1],\n\"online\": [[{\"u\": 0,]]}",
            None,
            10,
            1,
            TieBreak::LowestIndex,
        )
        .unwrap_err();
        assert!(e.to_string().contains("line 2"), "{e}");
        let ok = r#"{"weights":[1],"online":[[{"u":0,"p":0.5}]]}"#;
        assert!(describe(ok, Some("nope"), 10, 1, TieBreak::LowestIndex).is_err());
        assert_eq!(
            describe(ok, None, 0, 1, TieBreak::LowestIndex).unwrap_err(),
            Error::ZeroReplications
        );
    }
}
