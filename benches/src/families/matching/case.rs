//! Stochastic-matching workloads: Monte Carlo simulation, each LP and offline optimum, the
//! ratio tables (benchmarks computed in `prepare`, the simulation timed) and the
//! worst-instance search.

use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

use stochastic_matching::search::{Benchmark, SearchConfig, worst_instance};
use stochastic_matching::*;

use super::{invalid, tie_break};
use crate::definitions::{Params, param_u64};
use crate::family::{Case, DatasetInfo, Output, PrepareError, RunError};

/// Every implementation name.
pub const IMPLEMENTATIONS: &[&str] = &[
    "greedy",
    "balance",
    "balance-msvv",
    "balance-linear",
    "ranking",
    "perturbed-greedy",
    "budgeted-clarabel",
    "budgeted-microlp",
    "sclp-cg",
    "sclp-cg-clarabel",
    "sclp-compact",
    "sclp-compact-microlp",
    "sclp-enum",
    "config-cg",
    "adaptive-dp",
    "non-adaptive",
    "prophet",
    "ratios",
    "worst-search",
    "oracle",
];

/// The degree up to which the oracle enumerates configurations.
const ORACLE_DEGREE: usize = 12;
/// The number of arrivals up to which the oracle runs column generation for the stochastic
/// configuration LP.
const ORACLE_CG_ARRIVALS: usize = 400;

/// A prepared benchmark.
pub struct MatchingCase {
    inst: Instance,
    info: DatasetInfo,
    tie: TieBreak,
    replications: u64,
    seed: u64,
    quantity: String,
    params: Params,
    /// Benchmarks computed in `prepare` for the ratio tables, with their times.
    benchmarks: BTreeMap<String, String>,
}

/// A run's answer and facts.
pub struct Answer {
    text: String,
    quality: BTreeMap<String, f64>,
    notes: BTreeMap<String, String>,
}

impl Output for Answer {
    fn answer(&self) -> String {
        self.text.clone()
    }
    fn quality(&self) -> BTreeMap<String, f64> {
        self.quality.clone()
    }
    fn notes(&self) -> BTreeMap<String, String> {
        self.notes.clone()
    }
}

fn number(x: f64) -> String {
    format!("{x:.9}")
}

fn mc(e: &Estimate) -> String {
    format!("{:.9}±{:.9}", e.mean, e.standard_error())
}

fn all_unit(inst: &Instance) -> bool {
    inst.all_edges().iter().all(|e| e.p == 1.0)
}

/// Maximum (vertex-weighted) matching with every edge present: the value of every benchmark
/// when p ≡ 1.
fn max_matching(inst: &Instance) -> f64 {
    let coins = vec![0.0; inst.edges()];
    benchmarks::prophet::max_weight_realised(inst, &inst.offline_adjacency(), &coins)
}

/// The adaptive optimum by top-down memoised recursion over (arrival, available set): the
/// textbook definition, independent of the crate's bottom-up DP.
fn adaptive_naive(inst: &Instance) -> f64 {
    fn v(inst: &Instance, t: usize, a: u64, memo: &mut HashMap<(usize, u64), f64>) -> f64 {
        if t == inst.arrivals() || a == 0 {
            return 0.0;
        }
        if let Some(&x) = memo.get(&(t, a)) {
            return x;
        }
        let skip = v(inst, t + 1, a, memo);
        let mut best = skip;
        for e in inst.neighbours(t) {
            if a >> e.u & 1 == 1 {
                let s = v(inst, t + 1, a & !(1 << e.u), memo);
                best = best.max(e.p * (inst.weights()[e.u as usize] + s) + (1.0 - e.p) * skip);
            }
        }
        memo.insert((t, a), best);
        best
    }
    v(inst, 0, (1u64 << inst.n()) - 1, &mut HashMap::new())
}

/// The budgeted LP written out in full (a row per arrival and per offline vertex, no merging
/// or presolve) and solved by the `microlp` crate directly, not through good_lp.
fn budgeted_written_out(inst: &Instance) -> Result<f64, RunError> {
    use microlp::{ComparisonOp, OptimizationDirection, Problem};
    let mut pb = Problem::new(OptimizationDirection::Maximize);
    let mut per_u = vec![Vec::new(); inst.n()];
    for t in 0..inst.arrivals() {
        let mut row = Vec::new();
        for e in inst.neighbours(t) {
            let x = pb.add_var(inst.weights()[e.u as usize] * e.p, (0.0, f64::INFINITY));
            row.push((x, 1.0));
            per_u[e.u as usize].push((x, e.p));
        }
        pb.add_constraint(row, ComparisonOp::Le, 1.0);
    }
    for row in per_u {
        pb.add_constraint(row, ComparisonOp::Le, 1.0);
    }
    let fail = |e: String| RunError::Fail(format!("budgeted LP oracle: {e}"));
    let outcome = pb.solve().map_err(|e| fail(e.to_string()))?;
    let sol = outcome
        .into_solution()
        .map_err(|i| fail(format!("{:?}", i.termination_reason())))?;
    Ok(sol.objective())
}

fn max_degree(inst: &Instance) -> usize {
    inst.offline_adjacency()
        .iter()
        .map(Vec::len)
        .max()
        .unwrap_or(0)
}

impl MatchingCase {
    /// Prepares a case; the ratio benches compute their benchmarks here (untimed).
    ///
    /// # Errors
    /// A bad parameter.
    pub fn new(inst: Instance, params: &Params, info: DatasetInfo) -> Result<Self, PrepareError> {
        let get = |k: &str, d: u64| {
            params
                .get(k)
                .map(|_| param_u64(params, k))
                .transpose()
                .map(|v| v.unwrap_or(d))
                .map_err(invalid)
        };
        let mut case = MatchingCase {
            tie: tie_break(params)?,
            replications: get("replications", 10_000)?,
            seed: get("seed", 1)?,
            quantity: params
                .get("quantity")
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string(),
            params: params.clone(),
            benchmarks: BTreeMap::new(),
            inst,
            info,
        };
        if case.quantity == "chain" {
            case.benchmarks = ratio_benchmarks(&case.inst).map_err(invalid)?;
        }
        Ok(case)
    }

    fn oracle(&self) -> Result<String, RunError> {
        let inst = &self.inst;
        let skip = |why: &str| {
            Err(RunError::Skip(format!(
                "no oracle for `{}`: {why}",
                self.quantity
            )))
        };
        let e = |e: Error| RunError::Fail(e.to_string());
        let single = inst.n() == 1;
        let single_q = || 1.0 - inst.all_edges().iter().map(|e| 1.0 - e.p).product::<f64>();
        match self.quantity.as_str() {
            "chain" => Ok("chain-ok".into()),
            "worst" => Ok("ratio<=1".into()),
            "perturbed-greedy" => {
                let unit_w = inst.weights().iter().all(|&w| w == 1.0);
                let equal_p = (0..inst.arrivals())
                    .all(|t| inst.neighbours(t).windows(2).all(|w| w[0].p == w[1].p));
                if !(unit_w && equal_p) {
                    return skip(
                        "Perturbed Greedy equals Ranking only with unit weights and equal p per arrival",
                    );
                }
                exact_expectation(inst, Algorithm::Ranking, TieBreak::LowestIndex)
                    .map(number)
                    .map_err(e)
            }
            "budgeted" if all_unit(inst) => Ok(number(max_matching(inst))),
            "budgeted" if single => Ok(number(
                inst.all_edges().iter().map(|e| e.p).sum::<f64>().min(1.0),
            )),
            "sclp" | "adaptive" | "prophet" if all_unit(inst) => Ok(number(max_matching(inst))),
            "sclp" | "adaptive" | "prophet" | "non-adaptive" if single => Ok(number(single_q())),
            "sclp" if max_degree(inst) <= ORACLE_DEGREE => {
                sclp_enumerated(inst, ORACLE_DEGREE, LpSolver::Microlp)
                    .map(number)
                    .map_err(e)
            }
            // Beyond enumeration: column generation (a different method from the compact
            // LP), where the warm-started dual simplex is quick enough.
            "sclp" if inst.arrivals() <= ORACLE_CG_ARRIVALS => {
                let r = sclp_column_generation(inst).map_err(e)?;
                if (r.upper_bound - r.value).abs() > 1e-7 {
                    return Err(RunError::Fail(format!(
                        "column generation stopped with a gap: {} vs bound {}",
                        r.value, r.upper_bound
                    )));
                }
                Ok(number(r.value))
            }
            "budgeted" => Ok(number(budgeted_written_out(inst)?)),
            "config" if max_degree(inst) <= ORACLE_DEGREE => {
                config_lp_enumerated(inst, ORACLE_DEGREE, LpSolver::Microlp)
                    .map(number)
                    .map_err(e)
            }
            "adaptive" if inst.n() <= 20 => Ok(number(adaptive_naive(inst))),
            q => match Algorithm::from_name(q) {
                Ok(a) => exact_expectation(inst, a, self.tie).map(number).map_err(e),
                Err(_) => skip(
                    "not small enough for exact enumeration; the expected value is a closed form or the spec's prototype",
                ),
            },
        }
    }
}

/// Every benchmark of a ratio table, with its time: budgeted LP, stochastic configuration
/// LP, adaptive optimum (n ≤ 20), configuration LP (only for max p ≤ 0.2, the vanishing
/// regime where it is meaningful).
fn ratio_benchmarks(inst: &Instance) -> Result<BTreeMap<String, String>, Error> {
    fn timed(
        out: &mut BTreeMap<String, String>,
        name: &str,
        f: impl FnOnce() -> Result<f64, Error>,
    ) -> Result<(), Error> {
        let start = Instant::now();
        let v = f()?;
        out.insert(name.to_string(), format!("{v:.9}"));
        out.insert(
            format!("{name} seconds"),
            format!("{:.4}", start.elapsed().as_secs_f64()),
        );
        Ok(())
    }
    let mut out = BTreeMap::new();
    timed(&mut out, "budgeted-lp", || {
        budgeted_lp(inst, LpSolver::Microlp)
    })?;
    let mut rounds = (0, 0);
    timed(&mut out, "sclp", || {
        let r = sclp_column_generation(inst)?;
        rounds = (r.rounds, r.columns);
        Ok(r.value)
    })?;
    out.insert("sclp rounds".into(), rounds.0.to_string());
    out.insert("sclp columns".into(), rounds.1.to_string());
    timed(&mut out, "sclp-compact", || {
        sclp_compact(inst, LpSolver::Clarabel)
    })?;
    if inst.n() <= DP_CAP {
        timed(&mut out, "adaptive", || adaptive_optimum(inst, DP_CAP))?;
    }
    out.insert("max p".into(), format!("{}", inst.max_probability()));
    if inst.max_probability() <= 0.2 {
        timed(&mut out, "config-lp", || {
            Ok(config_lp_column_generation(inst)?.value)
        })?;
    }
    Ok(out)
}

/// The tolerance an exact expected value `e` (as written) allows: half a unit in its last
/// decimal, and never below 1e-7 relative (LP solver accuracy).
fn tolerance(e: &str, value: f64) -> f64 {
    let decimals = e.split_once('.').map_or(0, |(_, d)| d.len()) as i32;
    (0.5 * 10f64.powi(-decimals)).max(1e-7 * value.abs().max(1.0))
}

impl Case for MatchingCase {
    fn dataset(&self) -> &DatasetInfo {
        &self.info
    }

    fn work(&self) -> Option<(f64, &'static str)> {
        if Algorithm::from_name(&self.quantity).is_ok() {
            Some((
                (self.replications * self.inst.arrivals() as u64) as f64,
                "arrivals",
            ))
        } else {
            None
        }
    }

    fn run(&mut self, implementation: &str) -> Result<Box<dyn Output>, RunError> {
        let e = |e: Error| RunError::Fail(e.to_string());
        let inst = &self.inst;
        let mut quality = BTreeMap::new();
        let mut notes = BTreeMap::new();
        let text = match implementation {
            "oracle" => self.oracle()?,
            "budgeted-clarabel" => number(budgeted_lp(inst, LpSolver::Clarabel).map_err(e)?),
            "budgeted-microlp" => number(budgeted_lp(inst, LpSolver::Microlp).map_err(e)?),
            "sclp-cg" | "sclp-cg-clarabel" | "config-cg" => {
                let r = match implementation {
                    "sclp-cg" => sclp_column_generation_with(inst, CgBackend::MicrolpDual),
                    "sclp-cg-clarabel" => {
                        sclp_column_generation_with(inst, CgBackend::ClarabelPrimal)
                    }
                    _ => config_lp_column_generation(inst),
                }
                .map_err(e)?;
                notes.insert("rounds".into(), r.rounds.to_string());
                notes.insert("columns".into(), r.columns.to_string());
                notes.insert("lp seconds".into(), format!("{:.4}", r.lp_seconds));
                notes.insert(
                    "pricing seconds".into(),
                    format!("{:.4}", r.pricing_seconds),
                );
                quality.insert("bound gap".into(), r.upper_bound - r.value);
                number(r.value)
            }
            "sclp-compact" => {
                // Clarabel on the compact form, certified by the configuration form's
                // Lagrangian bound at its duals (the pricing recursion; O(|E|), timed too).
                let r = sclp_compact_certified(inst).map_err(e)?;
                let gap = r.upper_bound - r.value;
                quality.insert("bound gap".into(), gap);
                if gap.abs() > 1e-6 * r.value.abs().max(1.0) {
                    return Err(RunError::Fail(format!(
                        "certificate does not close: value {} vs Lagrangian bound {}",
                        r.value, r.upper_bound
                    )));
                }
                number(r.value)
            }
            "sclp-compact-microlp" => number(sclp_compact(inst, LpSolver::Microlp).map_err(e)?),
            "sclp-enum" => {
                number(sclp_enumerated(inst, ENUMERATION_CAP, LpSolver::Microlp).map_err(e)?)
            }
            "adaptive-dp" => number(adaptive_optimum(inst, DP_CAP).map_err(e)?),
            "non-adaptive" => number(non_adaptive_optimum(inst, ASSIGNMENT_CAP).map_err(e)?),
            "prophet" => mc(&prophet(inst, self.replications, self.seed).map_err(e)?),
            "ratios" => {
                let algs = [
                    Algorithm::Greedy,
                    Algorithm::Balance(LoadFunction::Exp),
                    Algorithm::Ranking,
                    Algorithm::PerturbedGreedy,
                ];
                let r =
                    simulate_detailed(inst, &algs, self.tie, self.replications, self.seed, true)
                        .map_err(e)?;
                notes.clone_from(&self.benchmarks);
                let adaptive: Option<f64> =
                    self.benchmarks.get("adaptive").and_then(|v| v.parse().ok());
                let sclp: f64 = self.benchmarks["sclp"].parse().unwrap_or(f64::NAN);
                let b1: f64 = self.benchmarks["budgeted-lp"].parse().unwrap_or(f64::NAN);
                let compact: f64 = self.benchmarks["sclp-compact"].parse().unwrap_or(f64::NAN);
                // The two SC-LP methods agree, and the chain holds.
                let mut ok = (compact - sclp).abs() <= 1e-6 * sclp.max(1.0)
                    && sclp <= b1 + 1e-6
                    && adaptive.is_none_or(|a| a <= sclp + 1e-6);
                for (a, est) in algs.iter().zip(&r.estimates) {
                    notes.insert(
                        format!("alg {}", a.name()),
                        format!("{},{}", est.mean, est.standard_error()),
                    );
                    ok &= est.mean - 4.0 * est.standard_error() <= adaptive.unwrap_or(sclp) + 1e-9;
                }
                if let Some(p) = r.prophet {
                    notes.insert(
                        "prophet".into(),
                        format!("{},{}", p.mean, p.standard_error()),
                    );
                }
                notes.insert("replications".into(), self.replications.to_string());
                if ok {
                    "chain-ok".into()
                } else {
                    format!("chain-violated: {notes:?}")
                }
            }
            "worst-search" => {
                let p = &self.params;
                let get = |k: &str| param_u64(p, k).map_err(RunError::Fail);
                let algorithm =
                    Algorithm::from_name(p.get("algorithm").and_then(|v| v.as_str()).unwrap_or(""))
                        .map_err(e)?;
                let benchmark = match p.get("benchmark").and_then(|v| v.as_str()).unwrap_or("") {
                    "adaptive" => Benchmark::Adaptive,
                    "sclp" => Benchmark::Sclp,
                    "budgeted-lp" => Benchmark::Budgeted,
                    other => return Err(RunError::Fail(format!("unknown benchmark `{other}`"))),
                };
                let cfg = SearchConfig {
                    n: get("n")? as usize,
                    arrivals: get("t")? as usize,
                    algorithm,
                    tie: self.tie,
                    benchmark,
                    iterations: get("iterations")? as usize,
                    seed: self.seed,
                };
                let w = worst_instance(&cfg).map_err(e)?;
                let back = Instance::from_json(&w.instance.to_json()).map_err(e)?;
                let a = exact_expectation(&back, algorithm, self.tie).map_err(e)?;
                let b = benchmark.value(&back).map_err(e)?;
                notes.insert("instance".into(), w.instance.to_json());
                notes.insert("ratio".into(), format!("{:.6}", w.ratio));
                notes.insert(
                    "algorithm value".into(),
                    format!("{:.6}", w.algorithm_value),
                );
                notes.insert(
                    "benchmark value".into(),
                    format!("{:.6}", w.benchmark_value),
                );
                notes.insert("evaluations".into(), w.evaluations.to_string());
                quality.insert("ratio".into(), w.ratio);
                if w.ratio <= 1.0 + 1e-7 && (a / b - w.ratio).abs() < 1e-7 {
                    "ratio<=1".into()
                } else {
                    format!("ratio={} (recomputed {})", w.ratio, a / b)
                }
            }
            name => {
                let a = Algorithm::from_name(name)
                    .map_err(|_| RunError::Skip(format!("`{name}` does not apply here")))?;
                let r =
                    simulate_detailed(inst, &[a], self.tie, self.replications, self.seed, false)
                        .map_err(e)?;
                quality.insert("attempts".into(), r.attempts[0] as f64);
                mc(&r.estimates[0])
            }
        };
        Ok(Box::new(Answer {
            text,
            quality,
            notes,
        }))
    }

    fn check(
        &self,
        _implementation: &str,
        output: &dyn Output,
        expected: &str,
    ) -> Result<(), String> {
        let got = output.answer();
        let fail = |why: String| Err(format!("expected `{expected}`, got `{got}`: {why}"));
        if let Some(range) = expected.strip_prefix("range:") {
            let (lo, hi) = range
                .trim_matches(|c| c == '[' || c == ']')
                .split_once(',')
                .and_then(|(a, b)| {
                    Some((a.trim().parse::<f64>().ok()?, b.trim().parse::<f64>().ok()?))
                })
                .ok_or_else(|| format!("bad range `{expected}`"))?;
            let x: f64 = got
                .split('±')
                .next()
                .unwrap_or("")
                .parse()
                .map_err(|_| format!("`{got}` is not a number"))?;
            return if x >= lo - 1e-7 && x <= hi + 1e-7 {
                Ok(())
            } else {
                fail("outside the range".into())
            };
        }
        let Ok(e) = expected.parse::<f64>() else {
            return if got == expected {
                Ok(())
            } else {
                fail("differs".into())
            };
        };
        let tol = tolerance(expected, e);
        match got.split_once('±') {
            Some((m, s)) => {
                let (m, s): (f64, f64) = (
                    m.parse().map_err(|_| got.clone())?,
                    s.parse().map_err(|_| got.clone())?,
                );
                if (m - e).abs() <= 4.0 * s + tol {
                    Ok(())
                } else {
                    fail(format!(
                        "|mean − exact| = {:.3e} > 4σ = {:.3e}",
                        (m - e).abs(),
                        4.0 * s
                    ))
                }
            }
            None => {
                let x: f64 = got
                    .parse()
                    .map_err(|_| format!("`{got}` is not a number"))?;
                if (x - e).abs() <= tol {
                    Ok(())
                } else {
                    fail(format!("off by {:.3e} > {tol:.1e}", (x - e).abs()))
                }
            }
        }
    }
}
