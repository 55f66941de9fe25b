//! `cargo suite sensitivity --matrix FILE.csv --p P --method NAME --rows K --seed S`: scores,
//! a Bernoulli sample and its ε̂ on the user's matrix; the sample is written as CSV.

use sensitivity_sampling::{
    EstimateOptions, LewisOptions, LpBackend, Method, RowSpace, bernoulli, estimate_distortion,
    exact_distortion_p2, parse_csv, sample_csv, scores_on,
};

use crate::args::parse;

const USAGE: &str = "usage: cargo suite sensitivity --matrix FILE.csv --p P --method NAME --rows K --seed S [--out SAMPLE.csv]\n\
methods: uniform, leverage, lewis, sensitivity, root-leverage, mixed (sensitivity and mixed solve one LP/convex problem per row)";

/// Parses the arguments, prints the summary and ε̂, and writes the sample.
///
/// # Errors
/// A message for the user (the crate's typed errors, e.g. a CSV error with line and column).
pub fn run(args: &[String]) -> Result<(), String> {
    let flags = parse(
        args,
        &["--matrix", "--p", "--method", "--rows", "--seed", "--out"],
        USAGE,
    )?;
    if flags.help {
        println!("{USAGE}");
        return Ok(());
    }
    let (Some(path), Some(method)) = (flags.get("--matrix"), flags.get("--method")) else {
        return Err(format!("--matrix and --method are required\n{USAGE}"));
    };
    let p: f64 = flags
        .number("--p")?
        .ok_or_else(|| format!("--p is required\n{USAGE}"))?;
    let k: usize = flags
        .number("--rows")?
        .ok_or_else(|| format!("--rows is required\n{USAGE}"))?;
    let seed: u64 = flags.number("--seed")?.unwrap_or(0);
    let out = flags
        .get("--out")
        .map_or_else(|| format!("{path}.sample.csv"), str::to_string);
    for line in describe(path, p, method, k, seed, &out)? {
        println!("{line}");
    }
    Ok(())
}

/// The report lines; writes the sample CSV to `out`.
///
/// # Errors
/// As [`run`].
pub fn describe(
    path: &str,
    p: f64,
    method: &str,
    k: usize,
    seed: u64,
    out: &str,
) -> Result<Vec<String>, String> {
    let e = |e: sensitivity_sampling::Error| format!("{path}: {e}");
    let text = std::fs::read_to_string(path).map_err(|err| format!("{path}: {err}"))?;
    let a = parse_csv(&text).map_err(e)?;
    let m = Method::from_name(method).map_err(e)?;
    sensitivity_sampling::check_p(p).map_err(e)?;
    let rs = RowSpace::new(a.as_ref()).map_err(e)?;
    let s = scores_on(&rs, p, m, &LewisOptions::default(), LpBackend::default()).map_err(e)?;
    let sample = bernoulli(&s.values, k, p, seed).map_err(e)?;
    let sa = sample.sketch(a.as_ref()).map_err(e)?;
    let est = estimate_distortion(
        a.as_ref(),
        sa.as_ref(),
        p,
        &s.maximisers,
        &EstimateOptions {
            seed,
            ..EstimateOptions::default()
        },
    )
    .map_err(e)?;
    let mut lines = vec![
        format!(
            "matrix: {path} ({}×{}, rank {})",
            a.nrows(),
            a.ncols(),
            rs.rank
        ),
        format!("p = {p}, method = {m}, budget k = {k}, seed = {seed}"),
        format!("scores: {}", s.summary()),
        format!(
            "sample: {} rows kept (expected ≤ {k}), weights q_i^(-1/p) in [{:.4}, {:.4}]",
            sample.len(),
            sample.weights.iter().copied().fold(f64::INFINITY, f64::min),
            sample.weights.iter().copied().fold(0.0, f64::max),
        ),
        format!(
            "ε̂ = {:.6} (a lower bound on the distortion): ratio ‖SAx‖_p^p/‖Ax‖_p^p found in [{:.6}, {:.6}]{}",
            est.epsilon,
            est.min_ratio,
            est.max_ratio,
            if est.rank_lost {
                format!(
                    "; the sketch lost rank ({} < {})",
                    est.sketch_rank, est.rank
                )
            } else {
                String::new()
            }
        ),
    ];
    if p == 2.0 {
        let exact = exact_distortion_p2(a.as_ref(), sa.as_ref()).map_err(e)?;
        lines.push(format!(
            "exact ε (p = 2, generalised eigenvalues) = {:.6}",
            exact.epsilon
        ));
    }
    std::fs::write(out, sample_csv(a.as_ref(), &sample)).map_err(|err| format!("{out}: {err}"))?;
    lines.push(format!(
        "sample written to {out} (columns: row, weight, rescaled row)"
    ));
    Ok(lines)
}
