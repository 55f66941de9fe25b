//! The PowerWalk paper's accuracy experiments (Liu, Li, Lui and Cheng, CIKM 2016) as one
//! study on degree-stratified sources: every row is an outcome (RAG@k, L1, tail
//! frequencies), never ranked by time.
//!
//! - `grid-R{R}`: the query for T = 0..10 with R walks per vertex (R = 0: no index, the
//!   answer is the exact part `s^T`; T = 0: the fingerprint alone, the paper's FPPR). With
//!   an index, this crate's query (flow at a dangling vertex restarts at the query's source)
//!   runs beside the paper's estimator (fingerprints as they are), on the same index and
//!   sources, so the rows carry the paired difference of their L1 errors (Fig. 5, and what
//!   the restart correction changes on a graph with dead ends).
//! - `walks-W{W}`: full-path walks (MCFP) against end-point walks (MCEP) with W walks per
//!   source, and MCEP with 6.7 W (Fig. 3 and Fig. 4: "MCFP at 1000 walks ≈ MCEP at 6700").
//! - `theorem-2.1`: how often the MCFP estimate `p̂_u(v)` (visits / total visits of R walks)
//!   misses the truth by γ or more, over independent repetitions, for the truth's top-10
//!   vertices of every source (the paper's Theorem 2.1 bounds each entry's probability).

use std::collections::BTreeMap;

use ppr::Graph;
use ppr::index::{IndexParams, build_index};
use ppr::metrics::{l1, rag_at_k, top_k};
use ppr::montecarlo::{monte_carlo_end_point, monte_carlo_full_path};
use ppr::query::{QueryParams, query, query_paper, query_without_index};

use super::outputs::GUARANTEE;
use crate::family::{Output, RunError};

/// The largest T of the grid (the paper's Fig. 5 runs T = 0..10).
pub const MAX_T: usize = 10;
/// The k of the paper's accuracy figures.
pub const K: usize = 200;
/// The k of Fig. 4.
pub const FIG4_KS: [usize; 6] = [10, 50, 100, 200, 500, 1000];
/// Fig. 4's ratio of MCEP walks to MCFP walks at equal accuracy (1000 against 6700).
pub const MCEP_FACTOR: f64 = 6.7;
/// The walks per vertex of the Theorem 2.1 check.
pub const THEOREM_RS: [u32; 3] = [100, 1000, 2000];
/// The deviations γ of the Theorem 2.1 check.
pub const THEOREM_GAMMAS: [f64; 4] = [0.05, 0.1, 0.2, 0.3];

/// What the study measures on one graph: its sources, their oracle vectors and the seeds.
pub struct Inputs<'a> {
    /// The graph.
    pub graph: &'a Graph,
    /// Teleport probability.
    pub c: f64,
    /// The degree-stratified sources.
    pub sources: &'a [u32],
    /// The oracle's vectors for them.
    pub truths: &'a [Vec<f64>],
    /// Seed of the index's walks.
    pub index_seed: u64,
    /// Seed of the Monte Carlo walks.
    pub walk_seed: u64,
    /// Repetitions of the Theorem 2.1 check.
    pub trials: usize,
}

/// The outcome of one study row: its figures and whether every answer kept its guarantee.
pub struct Study {
    pub(crate) answer: String,
    pub(crate) quality: BTreeMap<String, f64>,
    pub(crate) guarantee: Result<(), String>,
}

impl Output for Study {
    fn answer(&self) -> String {
        self.answer.clone()
    }

    fn quality(&self) -> BTreeMap<String, f64> {
        self.quality.clone()
    }

    fn notes(&self) -> BTreeMap<String, String> {
        let mut n = BTreeMap::new();
        n.insert(
            GUARANTEE.into(),
            self.guarantee.clone().err().unwrap_or_else(|| "ok".into()),
        );
        n
    }
}

/// The mean, its standard error and the 10th percentile (the paper's figures give means;
/// the standard error makes a CI, the percentile shows the tail).
pub fn summary(values: &[f64]) -> (f64, f64, f64) {
    let n = values.len() as f64;
    if values.is_empty() {
        return (f64::NAN, f64::NAN, f64::NAN);
    }
    let mean = values.iter().sum::<f64>() / n;
    let var = if values.len() > 1 {
        values.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)
    } else {
        f64::NAN
    };
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    (mean, (var / n).sqrt(), sorted[(sorted.len() - 1) / 10])
}

fn put(q: &mut BTreeMap<String, f64>, name: &str, values: &[f64]) {
    let (mean, se, p10) = summary(values);
    q.insert(name.to_string(), mean);
    q.insert(format!("{name} se"), se);
    q.insert(format!("{name} p10"), p10);
}

fn fail(e: impl std::fmt::Display) -> RunError {
    RunError::Fail(e.to_string())
}

fn first_error(slot: &mut Result<(), String>, why: String) {
    if slot.is_ok() {
        *slot = Err(why);
    }
}

/// The T = 0..10 grid with R walks per vertex. Every answer is checked against the
/// oracle: with R = 0 its L1 equals the dropped mass `(1 − c)^T`; with an index both
/// estimators resolve exactly that mass with probability vectors, so L1 ≤ 2(1 − c)^T.
///
/// # Errors
/// The crate's error (e.g. an index beyond the walk-visit limit).
pub fn grid(inputs: &Inputs, r: u32) -> Result<Study, RunError> {
    let g = inputs.graph;
    let index = if r > 0 {
        let p = IndexParams {
            c: inputs.c,
            walks: r,
            max_len: None,
            seed: inputs.index_seed,
            threads: 1,
        };
        Some(build_index(g, &p).map_err(fail)?)
    } else {
        None
    };
    let mut q = BTreeMap::new();
    let mut guarantee = Ok(());
    for t in 0..=MAX_T {
        let p = QueryParams {
            steps: t,
            theta: 0.0,
        };
        let (mut rag, mut err, mut paper_rag, mut paper_err, mut gain) =
            (vec![], vec![], vec![], vec![], vec![]);
        for (i, (&s, truth)) in inputs.sources.iter().zip(inputs.truths).enumerate() {
            let Some(index) = &index else {
                let a = query_without_index(g, s, inputs.c, &p).map_err(fail)?;
                let e = l1(&a.pi, truth);
                if (e - a.fingerprint_mass).abs() > 1e-9 || e.is_nan() {
                    first_error(
                        &mut guarantee,
                        format!(
                            "T = {t}, source #{i}: L1 {e:.3e}, not the dropped mass {:.3e}",
                            a.fingerprint_mass
                        ),
                    );
                }
                rag.push(rag_at_k(&a.pi, truth, K));
                err.push(e);
                continue;
            };
            let a = query(g, index, s, &p).map_err(fail)?;
            let b = query_paper(g, index, s, &p).map_err(fail)?;
            let (ea, eb) = (l1(&a.pi, truth), l1(&b.pi, truth));
            for (what, e, m) in [
                ("corrected", ea, a.fingerprint_mass),
                ("paper", eb, b.fingerprint_mass),
            ] {
                if e > 2.0 * m + 1e-9 || e.is_nan() {
                    first_error(
                        &mut guarantee,
                        format!("T = {t}, source #{i} ({what}): L1 {e:.3e} beyond 2 × {m:.3e}"),
                    );
                }
            }
            rag.push(rag_at_k(&a.pi, truth, K));
            err.push(ea);
            paper_rag.push(rag_at_k(&b.pi, truth, K));
            paper_err.push(eb);
            gain.push(eb - ea);
        }
        put(&mut q, &format!("rag@{K} T{t}"), &rag);
        put(&mut q, &format!("l1 T{t}"), &err);
        if index.is_some() {
            put(&mut q, &format!("paper rag@{K} T{t}"), &paper_rag);
            put(&mut q, &format!("paper l1 T{t}"), &paper_err);
            put(&mut q, &format!("correction l1 gain T{t}"), &gain);
        }
    }
    q.insert("queries".into(), inputs.sources.len() as f64);
    q.insert("walks per vertex".into(), f64::from(r));
    Ok(Study {
        answer: format!("sources={};R={r};T=0..{MAX_T}", inputs.sources.len()),
        quality: q,
        guarantee,
    })
}

/// MCFP against MCEP with W walks per source, and MCEP with 6.7 W, on the same sources
/// (independent walk seeds). Each estimate must lie within three standard deviations'
/// worth of L1 of the truth (Σ_v 3√(k·π(v)/W), k = 2 full path, 1 end point).
///
/// # Errors
/// The crate's error (walk-visit limit).
pub fn walks(inputs: &Inputs, w: u32) -> Result<Study, RunError> {
    let (g, c, seed) = (inputs.graph, inputs.c, inputs.walk_seed);
    let w_ep = (f64::from(w) * MCEP_FACTOR).round() as u32;
    let mut rags: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut guarantee = Ok(());
    let (mut diff, mut diff_more) = (vec![], vec![]);
    for (i, (&s, truth)) in inputs.sources.iter().zip(inputs.truths).enumerate() {
        let fp = monte_carlo_full_path(g, s, c, w, seed).map_err(fail)?;
        let ep = monte_carlo_end_point(g, s, c, w, seed + 1).map_err(fail)?;
        let ep_more = monte_carlo_end_point(g, s, c, w_ep, seed + 2).map_err(fail)?;
        for (what, est, walks, k) in [
            ("MCFP", &fp, w, 2.0),
            ("MCEP", &ep, w, 1.0),
            ("MCEP 6.7W", &ep_more, w_ep, 1.0),
        ] {
            let bound: f64 = truth
                .iter()
                .map(|p| 3.0 * (k * p / f64::from(walks)).sqrt())
                .sum();
            let e = l1(est, truth);
            if e > bound || e.is_nan() {
                first_error(
                    &mut guarantee,
                    format!("source #{i} ({what}): L1 {e:.3e} beyond {bound:.3e}"),
                );
            }
        }
        for k in FIG4_KS {
            for (name, est) in [("mcfp", &fp), ("mcep", &ep), ("mcep6.7", &ep_more)] {
                rags.entry(format!("{name} rag@{k}"))
                    .or_default()
                    .push(rag_at_k(est, truth, k));
            }
        }
        let at = |est: &[f64]| rag_at_k(est, truth, K);
        diff.push(at(&fp) - at(&ep));
        diff_more.push(at(&fp) - at(&ep_more));
    }
    let mut q = BTreeMap::new();
    for (name, values) in &rags {
        put(&mut q, name, values);
    }
    put(&mut q, &format!("mcfp−mcep rag@{K}"), &diff);
    put(&mut q, &format!("mcfp−mcep6.7 rag@{K}"), &diff_more);
    q.insert("queries".into(), inputs.sources.len() as f64);
    q.insert("walks".into(), f64::from(w));
    Ok(Study {
        answer: format!("sources={};W={w}", inputs.sources.len()),
        quality: q,
        guarantee,
    })
}

/// Theorem 2.1's bound on `Pr[p̂_u(v) − p_u(v) ≥ γ]` (and on under-estimation) with R
/// walks: `c^(−1/2)·(1 + γc/10)·exp(−γ²R/20)`.
pub fn theorem_bound(c: f64, gamma: f64, r: f64) -> f64 {
    c.powf(-0.5) * (1.0 + gamma * c / 10.0) * (-gamma * gamma * r / 20.0).exp()
}

/// The quality key of the Theorem 2.1 counts: `theorem R{R} γ{γ} over|under`, and
/// `theorem R{R} cases`.
pub fn theorem_key(r: u32, gamma: Option<f64>, side: &str) -> String {
    match gamma {
        Some(g) => format!("theorem R{r} γ{g} {side}"),
        None => format!("theorem R{r} cases"),
    }
}

/// For each R, `trials` independent MCFP estimates of every source (visits / total
/// visits), and for each of the truth's top-10 vertices and each γ, how often the estimate
/// lies γ or more above (below) the truth. The estimates must sum to 1.
///
/// # Errors
/// The crate's error (walk-visit limit).
pub fn theorem(inputs: &Inputs) -> Result<Study, RunError> {
    let (g, c) = (inputs.graph, inputs.c);
    let mut q = BTreeMap::new();
    let mut guarantee = Ok(());
    for r in THEOREM_RS {
        let mut cases = 0u64;
        let mut over = [0u64; THEOREM_GAMMAS.len()];
        let mut under = [0u64; THEOREM_GAMMAS.len()];
        for (i, (&s, truth)) in inputs.sources.iter().zip(inputs.truths).enumerate() {
            let top = top_k(truth, 10);
            for trial in 0..inputs.trials {
                // A fresh seed per (R, trial): the repetitions are independent.
                let seed = inputs.walk_seed ^ (u64::from(r) << 32) ^ (trial as u64 + 1);
                let visits = monte_carlo_full_path(g, s, c, r, seed).map_err(fail)?;
                let total: f64 = visits.iter().sum();
                if total <= 0.0 || total.is_nan() {
                    first_error(&mut guarantee, format!("source #{i}: no visit"));
                    continue;
                }
                for &(v, p) in &top {
                    let est = visits[v as usize] / total;
                    cases += 1;
                    for (j, &gamma) in THEOREM_GAMMAS.iter().enumerate() {
                        over[j] += u64::from(est - p >= gamma);
                        under[j] += u64::from(p - est >= gamma);
                    }
                }
            }
        }
        q.insert(theorem_key(r, None, ""), cases as f64);
        for (j, &gamma) in THEOREM_GAMMAS.iter().enumerate() {
            q.insert(theorem_key(r, Some(gamma), "over"), over[j] as f64);
            q.insert(theorem_key(r, Some(gamma), "under"), under[j] as f64);
        }
    }
    q.insert("queries".into(), inputs.sources.len() as f64);
    q.insert("trials".into(), inputs.trials as f64);
    Ok(Study {
        answer: format!(
            "sources={};trials={};R={THEOREM_RS:?}",
            inputs.sources.len(),
            inputs.trials
        ),
        quality: q,
        guarantee,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs_on(g: &Graph, sources: &[u32], truths: &[Vec<f64>], trials: usize) -> Study {
        let i = Inputs {
            graph: g,
            c: 0.15,
            sources,
            truths,
            index_seed: 7,
            walk_seed: 11,
            trials,
        };
        theorem(&i).unwrap()
    }

    fn rmat() -> (Graph, Vec<u32>, Vec<Vec<f64>>) {
        let arcs = ppr::rmat::rmat(8, 8, ppr::rmat::RMAT_SEED);
        let g = Graph::from_edges(Some(256), &arcs, true).unwrap();
        let sources = ppr::sources::degree_stratified(&g, 2, 1);
        let truths = sources
            .iter()
            .map(|&s| ppr::naive::ppr_naive(&g, s, 0.15, 1e-13).unwrap())
            .collect();
        (g, sources, truths)
    }

    #[test]
    fn the_grid_keeps_every_guarantee_and_rag_rises_with_t() {
        let (g, sources, truths) = rmat();
        assert!(g.sinks() > 0, "the test graph must have dead ends");
        let i = Inputs {
            graph: &g,
            c: 0.15,
            sources: &sources,
            truths: &truths,
            index_seed: 7,
            walk_seed: 11,
            trials: 2,
        };
        for r in [0, 10] {
            let s = grid(&i, r).unwrap();
            assert_eq!(s.guarantee, Ok(()));
            let l1 = |t: usize| s.quality[&format!("l1 T{t}")];
            assert!(l1(MAX_T) < l1(0), "R = {r}: {} vs {}", l1(MAX_T), l1(0));
        }
        // R = 0: the L1 error is the dropped mass (1 − c)^T exactly.
        let s = grid(&i, 0).unwrap();
        assert!((s.quality["l1 T7"] - 0.85f64.powi(7)).abs() < 1e-9);
        // T = 0 is the source's own fingerprint, whose walks restart at the source: both
        // estimators agree. Past it, on a graph with dead ends, they differ.
        let s = grid(&i, 10).unwrap();
        assert_eq!(s.quality["paper l1 T0"], s.quality["l1 T0"]);
        assert_ne!(s.quality["paper l1 T2"], s.quality["l1 T2"]);
    }

    #[test]
    fn the_walk_comparison_keeps_its_bounds() {
        let (g, sources, truths) = rmat();
        let i = Inputs {
            graph: &g,
            c: 0.15,
            sources: &sources,
            truths: &truths,
            index_seed: 7,
            walk_seed: 11,
            trials: 2,
        };
        let s = walks(&i, 100).unwrap();
        assert_eq!(s.guarantee, Ok(()));
        assert!(
            s.quality["mcfp rag@1000"] > 0.99,
            "k ≥ n is the whole vertex set"
        );
    }

    #[test]
    fn theorem_counts_are_within_their_cases_and_the_bound_is_the_papers() {
        let (g, sources, truths) = rmat();
        let s = inputs_on(&g, &sources, &truths, 2);
        let cases = s.quality[&theorem_key(100, None, "")];
        assert!(cases > 0.0 && cases <= (sources.len() * 2 * 10) as f64);
        for r in THEOREM_RS {
            let mut last = f64::INFINITY;
            for gamma in THEOREM_GAMMAS {
                let over = s.quality[&theorem_key(r, Some(gamma), "over")];
                assert!(over <= cases && over <= last, "larger γ, fewer misses");
                last = over;
            }
        }
        // Hand-computed: c = 0.15, γ = 0.2, R = 2000: 0.15^(−1/2)·1.003·e^(−4).
        let b = theorem_bound(0.15, 0.2, 2000.0);
        assert!((b - 2.581_988_9 * 1.003 * (-4.0f64).exp()).abs() < 1e-6);
    }
}
