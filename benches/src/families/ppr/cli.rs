//! `cargo suite ppr --graph FILE --source S [--method NAME] [--top K]`: personalized
//! PageRank on the user's graph, with the method's accuracy guarantee.

use std::path::Path;
use std::time::Instant;

use ppr::index::{IndexParams, build_index};
use ppr::query::{QueryParams, query};

use crate::args::parse;
use crate::outln;

const USAGE: &str = "usage: cargo suite ppr --graph FILE --source S [--method NAME] [--top K]\n\
\x20      [--undirected true|false] [--c C] [--tol TOL] [--lambda L] [--walks W] [--R R] [--T T] [--theta θ] [--seed S]\n\
FILE: graph-tool .gt or .gt.gz (directedness from the file), or an edge list `u v` per line\n\
(directed unless --undirected true). Methods: power (default; --tol, default 1e-9), push\n\
(--lambda, r_max = λ/m, default 1e-4), mc-endpoint / mc-fullpath (--walks, default 100000),\n\
powerwalk (--R 16 --T 4 --theta 0: builds the index, then queries). c defaults to 0.15.\n\
Limits: c in [1e-6, 1); λ in [1e-15, 1]; T ≤ 10000; at most 100000 power iterations\n\
(ln tol / ln(1 − c)); expected walk visits W·(1 + 1/c) and n·R·(1 + 1/c) ≤ 2^32; edge-list\n\
ids below max(2^20, 16 · edges).";

/// The smallest and largest λ accepted by `--lambda` (push to L1 error about λ).
const LAMBDA_RANGE: (f64, f64) = (1e-15, 1.0);

/// Parses the flags, runs the method and prints the top-K vertices with its guarantee.
///
/// # Errors
/// A message for the user (bad flags, unreadable or malformed graph, unknown source, …).
pub fn run(args: &[String]) -> Result<(), String> {
    let known = [
        "--graph",
        "--source",
        "--method",
        "--top",
        "--undirected",
        "--c",
        "--tol",
        "--lambda",
        "--walks",
        "--R",
        "--T",
        "--theta",
        "--seed",
    ];
    let flags = parse(args, &known, USAGE)?;
    if flags.help {
        outln!("{USAGE}");
        return Ok(());
    }
    let (Some(file), Some(source)) = (flags.get("--graph"), flags.number::<u32>("--source")?)
    else {
        return Err(format!("--graph and --source are required\n{USAGE}"));
    };
    let undirected = flags.boolean("--undirected", false)?;
    let method = flags.get("--method").unwrap_or("power");
    let top = flags.number::<usize>("--top")?.unwrap_or(10);
    let c = flags.number::<f64>("--c")?.unwrap_or(0.15);
    ppr::graph::check_teleport(c).map_err(|e| format!("--c: {e}"))?;
    // The index API's default seed, for the walks of every method.
    let seed = flags
        .number::<u64>("--seed")?
        .unwrap_or(IndexParams::default().seed);
    let e = |e: ppr::Error| e.to_string();
    let start = Instant::now();
    let g = ppr::edgelist::load_graph(Path::new(file), undirected).map_err(e)?;
    outln!(
        "graph: {file}: {} vertices, {} arcs, {} dangling (they restart at the source); loaded in {:.3} s",
        g.n(),
        g.m(),
        g.sinks(),
        start.elapsed().as_secs_f64()
    );
    let start = Instant::now();
    let (pi, guarantee) = match method {
        "power" => {
            let tol = flags.number::<f64>("--tol")?.unwrap_or(1e-9);
            let r = ppr::power::power_iteration(&g, source, c, tol).map_err(e)?;
            let note = format!(
                "{} iterations; L1 error = (1−c)^T = {:.3e}",
                r.iterations, r.bound
            );
            (r.pi, note)
        }
        "push" => {
            let (lo, hi) = LAMBDA_RANGE;
            let lambda = flags.number_in::<f64>("--lambda", lo, hi)?.unwrap_or(1e-4);
            let r = ppr::push::forward_push(&g, source, c, lambda / g.m() as f64).map_err(e)?;
            let note = format!(
                "{} pushes, {} sweeps; L1 error = residual = {:.3e}",
                r.pushes, r.sweeps, r.residual
            );
            (r.pi, note)
        }
        "mc-endpoint" | "mc-fullpath" => {
            let w = flags.number::<u32>("--walks")?.unwrap_or(100_000);
            let pi = if method == "mc-endpoint" {
                ppr::montecarlo::monte_carlo_end_point(&g, source, c, w, seed)
            } else {
                ppr::montecarlo::monte_carlo_full_path(&g, source, c, w, seed)
            }
            .map_err(e)?;
            (
                pi,
                format!("{w} walks, seed {seed}; each entry's standard deviation ≤ √(2π(v)/W)"),
            )
        }
        "powerwalk" => {
            let r = flags.number::<u32>("--R")?.unwrap_or(16);
            let t = flags
                .number_in::<usize>("--T", 0, ppr::limits::MAX_STEPS)?
                .unwrap_or(4);
            let theta = flags.number::<f64>("--theta")?.unwrap_or(0.0);
            let p = IndexParams {
                c,
                walks: r,
                max_len: None,
                seed,
                threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            };
            let idx = build_index(&g, &p).map_err(e)?;
            let built = start.elapsed().as_secs_f64();
            let q = query(&g, &idx, source, &QueryParams { steps: t, theta }).map_err(e)?;
            let note = format!(
                "index R={r} built in {built:.3} s ({:.1} B/vertex); T={t}, θ={theta}: mass {:.3e} resolved by fingerprints, L1 error ≤ {:.3e}",
                idx.bytes_per_vertex(),
                q.fingerprint_mass,
                2.0 * q.fingerprint_mass
            );
            (q.pi, note)
        }
        other => return Err(format!("unknown method `{other}`\n{USAGE}")),
    };
    outln!(
        "method: {method} (c = {c}) in {:.3} s: {guarantee}",
        start.elapsed().as_secs_f64()
    );
    outln!("top {top} for source {source}:");
    for (rank, (v, x)) in ppr::metrics::top_k(&pi, top).into_iter().enumerate() {
        outln!("{:>5}  {v:>10}  {x:.9}", rank + 1);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::run;

    /// A private copy of the graph per call: tests run in parallel, and a shared file
    /// could be read while another test rewrites it.
    fn tiny() -> String {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!("ppr-cli-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join(format!("tiny-{}.txt", NEXT.fetch_add(1, Ordering::Relaxed)));
        std::fs::write(&p, "0 1\n1 2\n2 0\n2 3\n3 4\n4 2\n").unwrap();
        p.display().to_string()
    }

    fn ppr(extra: &[&str]) -> Result<(), String> {
        let g = tiny();
        let mut a: Vec<String> = ["--graph", &g, "--source", "0"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        a.extend(extra.iter().map(|s| s.to_string()));
        run(&a)
    }

    #[test]
    fn undirected_accepts_only_true_or_false() {
        for v in ["TRUE", "on", "1", "yes"] {
            let e = ppr(&["--undirected", v]).unwrap_err();
            assert!(e.contains(&format!("`{v}`")), "{e}");
        }
        ppr(&["--undirected", "true", "--top", "0"]).unwrap();
        ppr(&["--undirected", "false", "--top", "0"]).unwrap();
    }

    #[test]
    fn lambda_out_of_range_is_named_as_lambda() {
        for v in ["-1", "0", "1e-300", "2"] {
            let e = ppr(&["--method", "push", "--lambda", v]).unwrap_err();
            assert!(e.starts_with("--lambda"), "{e}");
            assert!(!e.contains("r_max"), "{e}");
        }
    }

    #[test]
    fn tiny_c_is_refused_for_every_method() {
        for m in ["power", "push", "mc-endpoint", "mc-fullpath", "powerwalk"] {
            let e = ppr(&["--method", m, "--c", "1e-300"]).unwrap_err();
            assert!(e.contains("--c") && e.contains("1e-6"), "{m}: {e}");
        }
    }

    #[test]
    fn powerwalk_steps_are_capped() {
        let e = ppr(&["--method", "powerwalk", "--T", "1000000000"]).unwrap_err();
        assert!(e.contains("--T") && e.contains("10000"), "{e}");
        // At the cap the query stops once the flow is spent (about 4600 steps here).
        ppr(&["--method", "powerwalk", "--T", "10000", "--top", "0"]).unwrap();
    }
}
