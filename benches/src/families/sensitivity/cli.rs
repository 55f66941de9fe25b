//! `cargo suite sensitivity --matrix FILE.csv --p P --method NAME --rows K --seed S`: scores,
//! a Bernoulli sample and its ε̂ on the user's matrix; the sample is written as CSV.

use sensitivity_sampling::{
    EstimateOptions, LewisOptions, LpBackend, Method, RowSpace, bernoulli, estimate_distortion,
    exact_distortion_p2, parse_csv, sample_csv, scores_on,
};

use std::path::{Path, PathBuf};

use crate::args::parse;
use crate::outln;

/// The largest p accepted: the p-norms are compared in an overflow-free form, so larger p
/// would work for ε̂, but the exact sensitivities (one convex solve per row) are untested
/// beyond it.
pub const MAX_P: f64 = 10_000.0;

const USAGE: &str = "usage: cargo suite sensitivity --matrix FILE.csv --p P --method NAME --rows K --seed S [--out SAMPLE.csv]\n\
methods: uniform, leverage, lewis, sensitivity, root-leverage, mixed (sensitivity and mixed solve one LP/convex problem per row)\n\
limits: 1 <= P <= 10000; 1 <= K <= 10^9; entries finite (any magnitude, subnormal included);\n\
the whole CSV is read into memory (8 bytes per entry); the default --out is NAME.sample.csv in the\n\
current directory, and --out may not be the matrix itself";

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
        outln!("{USAGE}");
        return Ok(());
    }
    let (Some(path), Some(method)) = (flags.get("--matrix"), flags.get("--method")) else {
        return Err(format!("--matrix and --method are required\n{USAGE}"));
    };
    let p: f64 = flags
        .number_in("--p", 1.0, MAX_P)?
        .ok_or_else(|| format!("--p is required\n{USAGE}"))?;
    let k: usize = flags
        .number_in("--rows", 1, 1_000_000_000)?
        .ok_or_else(|| format!("--rows is required\n{USAGE}"))?;
    let seed: u64 = flags.number("--seed")?.unwrap_or(0);
    let out = output_path(path, flags.get("--out"))?;
    for line in describe(path, p, method, k, seed, &out.to_string_lossy())? {
        outln!("{line}");
    }
    Ok(())
}

/// Where the sample goes: `--out`, or `NAME.sample.csv` in the current directory (never next
/// to the input, which may be read-only or someone else's); refused when it is the matrix
/// itself.
///
/// # Errors
/// A message when `out` names the input file.
pub fn output_path(matrix: &str, out: Option<&str>) -> Result<PathBuf, String> {
    let out = match out {
        Some(o) => PathBuf::from(o),
        None => {
            let stem = Path::new(matrix)
                .file_stem()
                .map_or_else(|| "matrix".into(), |s| s.to_string_lossy().into_owned());
            std::env::current_dir()
                .map_err(|e| format!("the current directory: {e}"))?
                .join(format!("{stem}.sample.csv"))
        }
    };
    let same = match (std::fs::canonicalize(matrix), std::fs::canonicalize(&out)) {
        (Ok(m), Ok(o)) => m == o,
        _ => Path::new(matrix) == out,
    };
    if same {
        return Err(format!(
            "--out {} is the input matrix; writing the sample there would overwrite it",
            out.display()
        ));
    }
    Ok(out)
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
    let shown =
        std::fs::canonicalize(out).map_or_else(|_| out.to_string(), |p| p.display().to_string());
    lines.push(format!(
        "sample written to {shown} (columns: row, weight, rescaled row)"
    ));
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::{describe, output_path};

    fn scratch(name: &str) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("algobench-sens-cli-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn out_equal_to_the_matrix_is_refused() {
        let dir = scratch("same");
        let m = dir.join("m.csv");
        std::fs::write(&m, "1,2\n3,4\n5,7\n").unwrap();
        let spelled = dir.join(".").join("m.csv");
        let err = output_path(&m.to_string_lossy(), Some(&spelled.to_string_lossy())).unwrap_err();
        assert!(err.contains("overwrite"), "{err}");
        assert!(describe_refuses(&m));
        assert_eq!(std::fs::read_to_string(&m).unwrap(), "1,2\n3,4\n5,7\n");
        let _ = std::fs::remove_dir_all(dir);
    }

    fn describe_refuses(m: &std::path::Path) -> bool {
        let path = m.to_string_lossy();
        output_path(&path, Some(&path)).is_err()
    }

    #[test]
    fn default_output_goes_to_the_current_directory_and_is_named() {
        let out = output_path("/some/where/data.csv", None).unwrap();
        assert_eq!(
            out,
            std::env::current_dir().unwrap().join("data.sample.csv")
        );
        let dir = scratch("named");
        let m = dir.join("m.csv");
        std::fs::write(&m, "1,2\n3,4\n5,7\n2,2\n").unwrap();
        let o = dir.join("out.csv");
        let lines = describe(
            &m.to_string_lossy(),
            1.0,
            "uniform",
            3,
            1,
            &o.to_string_lossy(),
        )
        .unwrap();
        let last = lines.last().unwrap();
        assert!(
            last.contains(&std::fs::canonicalize(&o).unwrap().display().to_string()),
            "{last}"
        );
        let _ = std::fs::remove_dir_all(dir);
    }
}
