//! `cargo suite matching --instance FILE.json [--algorithm NAME] [--replications N] [--seed S]
//! [--tie lowest|highest] [--benchmarks LIST]`: every algorithm's value and the benchmarks
//! that fit the instance's size, with stated limits on the work.

use stochastic_matching::*;

use crate::args::parse;
use crate::outln;

/// The most replications the command runs.
pub const MAX_REPLICATIONS: u64 = 10_000_000;
/// The most simulation work, `replications × (n + T + |E|)`, the command accepts (about a
/// minute on one core).
pub const MAX_SIMULATION_WORK: u64 = 2_000_000_000;
/// The most edges for the budgeted LP (microlp, one pass).
pub const BUDGETED_EDGES: usize = 200_000;
/// The most edges for the stochastic configuration LP (compact form on Clarabel): a random
/// degree-5 instance with 10^4 edges takes tens of seconds.
pub const SCLP_EDGES: usize = 5_000;
/// The most arrivals and edges for the configuration LP's column generation.
pub const CONFIG_ARRIVALS: usize = 400;
/// The most edges for the configuration LP's column generation.
pub const CONFIG_EDGES: usize = 4_000;
/// The largest `T · 2^n` of the adaptive optimum's DP.
pub const ADAPTIVE_STATES: u64 = 1 << 26;
/// The most assignments the non-adaptive brute force enumerates.
pub const NON_ADAPTIVE_ASSIGNMENTS: u64 = 1_000_000;
/// The most `replications × |E|` the prophet (a max matching per replication) costs.
pub const PROPHET_WORK: u64 = 200_000_000;
/// The largest `n` and `T` for which exact expectations are tried (their state space is
/// capped as well).
pub const EXACT_N: usize = 12;
/// See [`EXACT_N`].
pub const EXACT_ARRIVALS: usize = 200;

const USAGE: &str = "usage: cargo suite matching --instance FILE.json [--algorithm NAME] [--replications N] [--seed S] [--tie lowest|highest] [--benchmarks LIST]\n\
instance JSON: {\"weights\": [1.0, …], \"online\": [[{\"u\": 0, \"p\": 0.5}, …], …]}\n\
algorithms: greedy, balance, balance-msvv, balance-linear, balance-gu, balance-gu-rational, balance-gu-exp, ranking, perturbed-greedy\n\
benchmarks: all, none, or a comma list of budgeted, sclp, config, adaptive, non-adaptive, prophet\n\
  (default: those that fit the limits below; the output names each one left out and why)\n\
limits: 2 ≤ replications ≤ 10^7; replications × (n + T + |E|) ≤ 2·10^9;\n\
  budgeted LP |E| ≤ 200,000; SC-LP (reconstruction, compact form) |E| ≤ 5,000;\n\
  configuration LP T ≤ 400 and |E| ≤ 4,000; adaptive optimum T·2^n ≤ 2^26;\n\
  non-adaptive optimum ≤ 10^6 assignments; prophet replications × |E| ≤ 2·10^8;\n\
  exact expectations n ≤ 12 and T ≤ 200 (--benchmarks forces a benchmark past its limit)";

/// The benchmarks the command can compute.
const BENCHMARKS: [&str; 6] = [
    "budgeted",
    "sclp",
    "config",
    "adaptive",
    "non-adaptive",
    "prophet",
];

/// Parses the arguments and prints the report.
///
/// # Errors
/// A message for the user: a file that cannot be read, malformed JSON (line and column), an
/// invalid instance, an unknown algorithm or benchmark, replications outside 2 ..= 10^7, or
/// simulation work above its limit.
pub fn run(args: &[String]) -> Result<(), String> {
    let flags = parse(
        args,
        &[
            "--instance",
            "--algorithm",
            "--replications",
            "--seed",
            "--tie",
            "--benchmarks",
        ],
        USAGE,
    )?;
    if flags.help {
        outln!("{USAGE}");
        return Ok(());
    }
    let path = flags
        .get("--instance")
        .ok_or_else(|| format!("--instance is required\n{USAGE}"))?;
    let tie = match flags.get("--tie").unwrap_or("lowest") {
        "lowest" => TieBreak::LowestIndex,
        "highest" => TieBreak::HighestIndex,
        other => return Err(format!("unknown tie-break `{other}`\n{USAGE}")),
    };
    let replications = flags
        .number_in("--replications", 2, MAX_REPLICATIONS)?
        .unwrap_or(100_000);
    let selection = Selection::parse(flags.get("--benchmarks"))?;
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let lines = describe(
        &text,
        flags.get("--algorithm"),
        replications,
        flags.number("--seed")?.unwrap_or(1),
        tie,
        &selection,
    )
    .map_err(|e| format!("{path}: {e}"))?;
    for l in lines {
        outln!("{l}");
    }
    Ok(())
}

/// Which benchmarks run: chosen by size (the default), or named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// Those within their stated limits.
    BySize,
    /// Exactly these, whatever the size.
    Named(Vec<String>),
}

impl Selection {
    /// Parses `--benchmarks`.
    ///
    /// # Errors
    /// An unknown benchmark name.
    pub fn parse(value: Option<&str>) -> Result<Selection, String> {
        match value {
            None => Ok(Selection::BySize),
            Some("all") => Ok(Selection::Named(
                BENCHMARKS.iter().map(|s| s.to_string()).collect(),
            )),
            Some("none") => Ok(Selection::Named(Vec::new())),
            Some(list) => list
                .split(',')
                .map(|b| {
                    let b = b.trim();
                    if BENCHMARKS.contains(&b) {
                        Ok(b.to_string())
                    } else {
                        Err(format!(
                            "--benchmarks: unknown benchmark `{b}`; known: all, none, {}",
                            BENCHMARKS.join(", ")
                        ))
                    }
                })
                .collect::<Result<_, _>>()
                .map(Selection::Named),
        }
    }

    /// Whether `name` runs; `Err` says why not.
    fn runs(&self, name: &str, within_limit: Result<(), String>) -> Result<(), String> {
        match self {
            Selection::Named(list) if list.iter().any(|b| b == name) => Ok(()),
            Selection::Named(_) => Err("not asked for (--benchmarks)".into()),
            Selection::BySize => within_limit,
        }
    }
}

fn limit(ok: bool, why: impl FnOnce() -> String) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(format!("{}; --benchmarks forces it", why()))
    }
}

/// The report lines for an instance given as JSON.
///
/// # Errors
/// The crate's typed errors, as text; simulation work above [`MAX_SIMULATION_WORK`].
pub fn describe(
    json: &str,
    algorithm: Option<&str>,
    replications: u64,
    seed: u64,
    tie: TieBreak,
    selection: &Selection,
) -> Result<Vec<String>, String> {
    let s = |e: Error| e.to_string();
    let inst = Instance::from_json(json).map_err(s)?;
    let algs: Vec<Algorithm> = match algorithm {
        Some(name) => vec![Algorithm::from_name(name).map_err(s)?],
        None => Algorithm::ALL.to_vec(),
    };
    if replications < 2 {
        return Err(format!(
            "--replications: {replications} is too few for a confidence interval (at least 2)"
        ));
    }
    let (n, t, e) = (inst.n(), inst.arrivals(), inst.edges());
    let per_replication = (n + t + e) as u64 * algs.len().max(1) as u64;
    let work = replications.saturating_mul(per_replication);
    if work > MAX_SIMULATION_WORK {
        return Err(format!(
            "replications × algorithms × (n + T + |E|) = {work} is above the limit {MAX_SIMULATION_WORK}; \
             use --replications {} or fewer, or one --algorithm",
            (MAX_SIMULATION_WORK / per_replication.max(1)).max(2)
        ));
    }
    let mut out = vec![format!(
        "instance: n = {n}, T = {t}, |E| = {e}, max p = {}; tie-break {tie:?}; {replications} replications, seed {seed} (common random numbers)",
        inst.max_probability()
    )];
    let want_prophet = selection.runs(
        "prophet",
        limit(
            replications.saturating_mul(e as u64) <= PROPHET_WORK,
            || format!("replications × |E| above {PROPHET_WORK}"),
        ),
    );
    let r = simulate_detailed(&inst, &algs, tie, replications, seed, want_prophet.is_ok())
        .map_err(s)?;
    for (a, est) in algs.iter().zip(&r.estimates) {
        let exact = if n <= EXACT_N && t <= EXACT_ARRIVALS {
            exact_expectation(&inst, *a, tie)
                .map(|x| format!("; exact {x:.6}"))
                .unwrap_or_default()
        } else {
            String::new()
        };
        out.push(format!(
            "{:<18} {:.6} ± {:.6} (95% CI){exact}",
            a.name(),
            est.mean,
            est.ci95()
        ));
    }
    let mut run = |name: &str,
                   label: &str,
                   within: Result<(), String>,
                   f: &dyn Fn() -> Result<String, Error>| {
        match selection.runs(name, within) {
            Ok(()) => match f() {
                Ok(v) => out.push(format!("{label:<18} {v}")),
                Err(err) => out.push(format!("{label:<18} not computed: {err}")),
            },
            Err(why) => out.push(format!("{label:<18} skipped: {why}")),
        }
    };
    run(
        "budgeted",
        "budgeted LP",
        limit(e <= BUDGETED_EDGES, || {
            format!("|E| = {e} above {BUDGETED_EDGES}")
        }),
        &|| budgeted_lp(&inst, LpSolver::Microlp).map(|v| format!("{v:.6}")),
    );
    // The compact form on Clarabel: seconds where column generation would take hours on
    // thousands of arrivals.
    run(
        "sclp",
        "SC-LP",
        limit(e <= SCLP_EDGES, || format!("|E| = {e} above {SCLP_EDGES}")),
        &|| {
            sclp_compact(&inst, LpSolver::Clarabel).map(|v| {
                format!(
                    "{v:.6} (stochastic configuration LP, our reconstruction from the abstract of arXiv 2309.10289; compact form, Clarabel)"
                )
            })
        },
    );
    run(
        "config",
        "configuration LP",
        limit(t <= CONFIG_ARRIVALS && e <= CONFIG_EDGES, || {
            format!("T = {t}, |E| = {e} above {CONFIG_ARRIVALS} / {CONFIG_EDGES}")
        }),
        &|| {
            let c = config_lp_column_generation(&inst)?;
            let note = if inst.max_probability() > 0.2 {
                " (vs configuration LP: NOT an upper bound on the adaptive optimum at these probabilities)"
            } else {
                ""
            };
            Ok(format!("{:.6}{note}", c.value))
        },
    );
    let states = if n >= 63 {
        u64::MAX
    } else {
        (t as u64).saturating_mul(1u64 << n)
    };
    run(
        "adaptive",
        "adaptive optimum",
        limit(states <= ADAPTIVE_STATES, || {
            format!("T·2^n above {ADAPTIVE_STATES}")
        }),
        &|| adaptive_optimum(&inst, DP_CAP).map(|v| format!("{v:.6}")),
    );
    let assignments = (0..t).try_fold(1u64, |acc, a| {
        acc.checked_mul(inst.neighbours(a).len() as u64 + 1)
            .filter(|&c| c <= NON_ADAPTIVE_ASSIGNMENTS)
    });
    run(
        "non-adaptive",
        "non-adaptive opt.",
        limit(assignments.is_some(), || {
            format!("more than {NON_ADAPTIVE_ASSIGNMENTS} assignments")
        }),
        &|| non_adaptive_optimum(&inst, ASSIGNMENT_CAP).map(|v| format!("{v:.6}")),
    );
    match (r.prophet, want_prophet) {
        (Some(p), _) => out.push(format!(
            "prophet            {:.6} ± {:.6} (95% CI)",
            p.mean,
            p.ci95()
        )),
        (None, Err(why)) => out.push(format!("prophet            skipped: {why}")),
        (None, Ok(())) => {}
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn describe_default(json: &str, reps: u64) -> Result<Vec<String>, String> {
        describe(
            json,
            None,
            reps,
            1,
            TieBreak::LowestIndex,
            &Selection::BySize,
        )
    }

    /// An instance file's JSON: `n` offline vertices, `t` arrivals each adjacent to `d`
    /// consecutive vertices with p = 0.1.
    fn json(n: usize, t: usize, d: usize) -> String {
        let arrivals: Vec<Vec<(u32, f64)>> = (0..t)
            .map(|v| (0..d).map(|k| (((v + k) % n) as u32, 0.1)).collect())
            .collect();
        Instance::unweighted(n, arrivals).unwrap().to_json()
    }

    #[test]
    fn reports_every_benchmark() {
        let json =
            r#"{"weights":[1,1],"online":[[{"u":0,"p":0.5},{"u":1,"p":0.5}],[{"u":0,"p":0.5}]]}"#;
        let lines = describe_default(json, 1000).unwrap();
        for k in [
            "greedy",
            "balance",
            "budgeted LP",
            "SC-LP",
            "reconstruction",
            "adaptive optimum",
            "prophet",
        ] {
            assert!(lines.iter().any(|l| l.contains(k)), "{k}: {lines:?}");
        }
        assert!(!lines.iter().any(|l| l.contains("skipped")), "{lines:?}");
    }

    #[test]
    fn bad_input_is_named() {
        let e = describe_default(
            "{\"weights\": [1],\n\"online\": [[{\"u\": 0, \"p\": 2}]]}",
            10,
        )
        .unwrap_err();
        assert!(e.contains("probab"), "{e}");
        let e =
            describe_default("{\"weights\": [1],\n\"online\": [[{\"u\": 0,]]}", 10).unwrap_err();
        assert!(e.contains("line 2"), "{e}");
        let ok = r#"{"weights":[1],"online":[[{"u":0,"p":0.5}]]}"#;
        assert!(
            describe(
                ok,
                Some("nope"),
                10,
                1,
                TieBreak::LowestIndex,
                &Selection::BySize
            )
            .is_err()
        );
    }

    #[test]
    fn refuses_fewer_than_two_replications() {
        let ok = r#"{"weights":[1],"online":[[{"u":0,"p":0.5}]]}"#;
        for reps in [0, 1] {
            let e = describe_default(ok, reps).unwrap_err();
            assert!(e.contains("at least 2"), "{e}");
        }
        let args: Vec<String> = ["--instance", "x.json", "--replications", "1"]
            .map(String::from)
            .to_vec();
        let e = run(&args).unwrap_err();
        assert!(e.contains("--replications"), "{e}");
        assert!(describe_default(ok, 2).is_ok());
    }

    #[test]
    fn large_instance_skips_the_lp_benchmarks_and_says_why() {
        // 2000 × 2000, degree 5: 10^4 edges, above the SC-LP and configuration-LP limits.
        let lines = describe(
            &json(2000, 2000, 5),
            Some("greedy"),
            2,
            1,
            TieBreak::LowestIndex,
            &Selection::BySize,
        )
        .unwrap();
        for label in [
            "SC-LP",
            "configuration LP",
            "adaptive optimum",
            "non-adaptive opt.",
        ] {
            let line = lines.iter().find(|l| l.starts_with(label)).unwrap();
            assert!(
                line.contains("skipped") && line.contains("--benchmarks"),
                "{line}"
            );
        }
        let budgeted = lines.iter().find(|l| l.starts_with("budgeted LP")).unwrap();
        assert!(!budgeted.contains("skipped"), "{budgeted}");
    }

    #[test]
    fn benchmarks_flag_chooses_what_runs() {
        let sel = Selection::parse(Some("budgeted,adaptive")).unwrap();
        let lines = describe(&json(3, 4, 2), None, 10, 1, TieBreak::LowestIndex, &sel).unwrap();
        let skipped = |label: &str| {
            lines
                .iter()
                .find(|l| l.starts_with(label))
                .is_some_and(|l| l.contains("skipped"))
        };
        assert!(
            !skipped("budgeted LP") && !skipped("adaptive optimum"),
            "{lines:?}"
        );
        assert!(skipped("SC-LP") && skipped("configuration LP") && skipped("prophet"));
        assert!(Selection::parse(Some("budgeted,bogus")).is_err());
        assert_eq!(
            Selection::parse(Some("none")).unwrap(),
            Selection::Named(vec![])
        );
    }

    #[test]
    fn many_offline_vertices_with_one_edge_have_bounded_work() {
        // 10^5 offline vertices, one edge: each replication touches all n, so the default
        // 10^5 replications are refused with the largest count that fits.
        let one_edge = Instance::unweighted(100_000, vec![vec![(0, 0.5)]])
            .unwrap()
            .to_json();
        let e = describe_default(&one_edge, 100_000).unwrap_err();
        assert!(
            e.contains("above the limit") && e.contains("--replications"),
            "{e}"
        );
        assert!(
            describe(
                &one_edge,
                Some("greedy"),
                1000,
                1,
                TieBreak::LowestIndex,
                &Selection::BySize
            )
            .is_ok()
        );
    }
}
