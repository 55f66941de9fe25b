//! The ε̂-against-rows sweep behind the report: for one matrix and p, every method's median
//! ε̂, kept rows and regression proxy over several seeds at several budgets, plus 𝔖 and the
//! Lewis iteration's figures. Computed once while preparing (not timed).

use std::collections::BTreeMap;
use std::time::Instant;

use faer::Mat;
use sensitivity_sampling::{
    EstimateOptions, LewisOptions, LpBackend, Method, RowSpace, bernoulli, estimate_distortion,
    regression_proxy, scores_on, synthetic,
};

/// What a sweep measured.
pub struct SweepResult {
    /// Facts: rank, d, n, 𝔖 (when exact sensitivities ran), Lewis iterations and time,
    /// the root-leverage total Σ τ_i^{p/2}.
    pub facts: BTreeMap<String, String>,
    /// One line per (method, budget): `method,k,median rows,median ε̂,median proxy`.
    pub lines: Vec<String>,
}

fn median(v: Vec<f64>) -> f64 {
    crate::measure::median(&v).unwrap_or(f64::NAN)
}

/// Runs the sweep. `methods` needing exact sensitivities are skipped unless `exact`.
///
/// # Errors
/// A message from the crate.
pub fn run(
    a: &Mat<f64>,
    p: f64,
    methods: &[Method],
    budgets: &[usize],
    seeds: u64,
    exact: bool,
) -> Result<SweepResult, String> {
    let e = |e: sensitivity_sampling::Error| e.to_string();
    let original = RowSpace::new(a.as_ref()).map_err(e)?;
    let mut facts = BTreeMap::new();
    facts.insert("n".into(), a.nrows().to_string());
    facts.insert("d".into(), a.ncols().to_string());
    // Work on the orthonormal basis of the column space (every quantity is invariant under
    // A → AR, and the regression needs full column rank).
    let a = &original.basis;
    let rs = RowSpace::new(a.as_ref()).map_err(e)?;
    facts.insert("rank".into(), rs.rank.to_string());
    facts.insert("p".into(), p.to_string());
    let opts = LewisOptions::default();
    let started = Instant::now();
    let lewis = scores_on(&rs, p, Method::Lewis, &opts, LpBackend::default()).map_err(e)?;
    facts.insert(
        "lewis_ms".into(),
        format!("{:.3}", started.elapsed().as_secs_f64() * 1e3),
    );
    if let Some((it, res)) = lewis.lewis {
        facts.insert("lewis_iterations".into(), it.to_string());
        facts.insert("lewis_residual".into(), format!("{res:.2e}"));
    }
    let lev = scores_on(&rs, 2.0, Method::Leverage, &opts, LpBackend::default()).map_err(e)?;
    // The root-leverage total Σ τ_i^{p/2}: Woodruff & Yasuda's "roughly d rows" for p < 2.
    facts.insert(
        "sum_root_leverage".into(),
        format!(
            "{:.4}",
            lev.values.iter().map(|t| t.powf(p / 2.0)).sum::<f64>()
        ),
    );
    let mut by_method = BTreeMap::new();
    for &m in methods {
        if m.needs_sensitivities() && !exact {
            continue;
        }
        let s = if m == Method::Lewis {
            lewis.clone()
        } else {
            scores_on(&rs, p, m, &opts, LpBackend::default()).map_err(e)?
        };
        if m == Method::Sensitivity {
            facts.insert("total_sensitivity".into(), format!("{:.6}", s.total));
        }
        by_method.insert(m, s);
    }
    let candidates: Vec<Vec<f64>> = by_method
        .get(&Method::Sensitivity)
        .map(|s| {
            s.maximisers
                .iter()
                .filter(|x| !x.is_empty())
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    // A regression target with heavy-tailed noise: b = A·1 + t₂ noise.
    let noise = synthetic::student_t(a.nrows(), 1, 2, 99);
    let b: Vec<f64> = (0..a.nrows())
        .map(|i| (0..a.ncols()).map(|j| a[(i, j)]).sum::<f64>() + noise[(i, 0)])
        .collect();
    let est = EstimateOptions {
        directions: 1000,
        ..EstimateOptions::default()
    };
    let mut lines = Vec::new();
    for (m, s) in &by_method {
        for &k in budgets {
            let (mut rows, mut eps, mut proxy) = (Vec::new(), Vec::new(), Vec::new());
            for seed in 0..seeds {
                let sample = bernoulli(&s.values, k, p, seed).map_err(e)?;
                let sa = sample.sketch(a.as_ref()).map_err(e)?;
                let d = estimate_distortion(
                    a.as_ref(),
                    sa.as_ref(),
                    p,
                    &candidates,
                    &EstimateOptions { seed, ..est },
                )
                .map_err(e)?;
                rows.push(sample.len() as f64);
                eps.push(d.epsilon);
                let pr = regression_proxy(a.as_ref(), &b, p, &sample.indices, &sample.weights)
                    .map_err(e)?;
                proxy.push(pr);
            }
            lines.push(format!(
                "{},{k},{},{:.6},{:.6e}",
                m.name(),
                median(rows),
                median(eps),
                median(proxy)
            ));
        }
    }
    Ok(SweepResult { facts, lines })
}
