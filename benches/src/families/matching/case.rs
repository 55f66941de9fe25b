//! Stochastic-matching workloads: Monte Carlo simulation, each LP and offline optimum, the
//! ratio tables (benchmarks computed in `prepare`, the simulation timed) and the
//! worst-instance search.

use std::collections::BTreeMap;

use stochastic_matching::search::{Benchmark, SearchConfig, worst_instance};
use stochastic_matching::search_regime::{RegimeBenchmark, RegimeSearch, worst_in_regime};
use stochastic_matching::*;

use stochastic_matching::oracles;

use super::checks::*;
use super::tie_break;
use crate::definitions::{Params, param_u64};
use crate::family::{Case, DatasetInfo, Output, PrepareError, RunError, opt_u64};

/// Every implementation name.
pub const IMPLEMENTATIONS: &[&str] = &[
    "greedy",
    "balance",
    "balance-msvv",
    "balance-linear",
    "balance-gu",
    "balance-gu-rational",
    "balance-gu-exp",
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
    "worst-regime-search",
    "oracle",
];

/// The most memoised states the ratio table's oracle spends on one exact expectation before
/// it falls back to an independent simulation.
pub(super) const CHAIN_STATES: usize = 200_000;

/// The most `Σ_u deg(u)²` for which the ratio table's oracle solves the SC-LP's dense form.
pub(super) const CHAIN_DENSE_NONZEROS: usize = 50_000;

/// The algorithms a ratio table simulates, in its answer's order.
pub(super) const RATIO_ALGORITHMS: [Algorithm; 7] = [
    Algorithm::Greedy,
    Algorithm::Balance(LoadFunction::Exp),
    Algorithm::Balance(LoadFunction::GoyalUdwani),
    Algorithm::Balance(LoadFunction::GuRational),
    Algorithm::Balance(LoadFunction::GuExp),
    Algorithm::Ranking,
    Algorithm::PerturbedGreedy,
];

/// A prepared benchmark.
pub struct MatchingCase {
    inst: Instance,
    info: DatasetInfo,
    tie: TieBreak,
    replications: u64,
    seed: u64,
    quantity: String,
    /// Whether a ratio table also simulates the prophet (O(R · n · |E|); off for large
    /// instances).
    prophet: bool,
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

pub(super) fn number(x: f64) -> String {
    format!("{x:.9}")
}

pub(super) fn mc(e: &Estimate) -> String {
    format!("{:.9}±{:.9}", e.mean, e.standard_error())
}

pub(super) fn all_unit(inst: &Instance) -> bool {
    inst.all_edges().iter().all(|e| e.p == 1.0)
}

pub(super) fn max_degree(inst: &Instance) -> usize {
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
        let mut case = MatchingCase {
            tie: tie_break(params)?,
            replications: opt_u64(params, "replications", 10_000)?,
            seed: opt_u64(params, "seed", 1)?,
            quantity: params
                .get("quantity")
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string(),
            prophet: match params.get("prophet") {
                None => true,
                Some(v) => v.as_bool().ok_or_else(|| {
                    PrepareError::invalid(format!("`prophet` must be true or false, not {v}"))
                })?,
            },
            params: params.clone(),
            benchmarks: BTreeMap::new(),
            inst,
            info,
        };
        if case.quantity == "chain" {
            case.benchmarks = ratio_benchmarks(&case.inst).map_err(PrepareError::invalid)?;
        }
        Ok(case)
    }

    /// The expected answer, from the independent oracles of `stochastic_matching::oracles`
    /// (decision rules and LPs written again from their definitions) or closed forms; never
    /// from the code that a bench measures.
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
            "chain" => self.chain_oracle(),
            // The worst ratio found is a search's outcome; any ratio of an algorithm to an
            // upper bound lies in (0, 1], and `check` recomputes it from the saved instance.
            "worst" | "worst-regime" => Ok("range:[0.000000001,1]".into()),
            "perturbed-greedy" => {
                if !pg_equals_ranking(inst) {
                    return skip(
                        "Perturbed Greedy equals Ranking only with unit weights and equal p per arrival",
                    );
                }
                oracles::naive_exact(inst, Algorithm::Ranking, TieBreak::LowestIndex)
                    .map(number)
                    .map_err(e)
            }
            "budgeted" if all_unit(inst) => Ok(number(oracles::max_weight_matching(inst))),
            "budgeted" if single => Ok(number(
                inst.all_edges().iter().map(|e| e.p).sum::<f64>().min(1.0),
            )),
            "sclp" | "adaptive" | "prophet" if all_unit(inst) => {
                Ok(number(oracles::max_weight_matching(inst)))
            }
            "sclp" | "adaptive" | "prophet" | "non-adaptive" if single => Ok(number(single_q())),
            "sclp" => sclp_oracle(inst).map(number).map_err(|err| {
                RunError::Skip(format!(
                    "no oracle for `sclp` at this size ({err}); the expected value is HiGHS's (see the definition's comment)"
                ))
            }),
            "budgeted" => oracles::budgeted_lp_written_out(inst)
                .map(number)
                .map_err(e),
            "config" if max_degree(inst) <= oracles::ENUMERATION_DEGREE => {
                oracles::config_lp_by_enumeration(inst)
                    .map(number)
                    .map_err(e)
            }
            "adaptive" if inst.n() <= oracles::ADAPTIVE_N_CAP => {
                oracles::adaptive_top_down(inst).map(number).map_err(e)
            }
            q => match Algorithm::from_name(q) {
                Ok(a) => oracles::naive_exact(inst, a, self.tie)
                    .map(number)
                    .map_err(e),
                Err(_) => skip(
                    "not small enough for exact enumeration; the expected value is a closed form or an offline HiGHS solve",
                ),
            },
        }
    }

    /// The ratio table's expected answer: every benchmark and every algorithm's value, each
    /// from an independent oracle (exact where the state space allows, otherwise an
    /// independent simulation with its own random streams, written `mean±standard error`).
    fn chain_oracle(&self) -> Result<String, RunError> {
        let inst = &self.inst;
        let e = |e: Error| RunError::Fail(e.to_string());
        let mut fields = vec![(
            "budgeted-lp".to_string(),
            number(oracles::budgeted_lp_written_out(inst).map_err(e)?),
        )];
        // The dense edge form costs Σ_u deg(u)² non-zeros in microlp: beyond the cap the
        // SC-LP is left out of the expected answer (the run still cross-checks its two
        // methods and the chain).
        let dense: usize = inst
            .offline_adjacency()
            .iter()
            .map(|a| a.len() * a.len())
            .sum();
        if max_degree(inst) <= oracles::ENUMERATION_DEGREE || dense <= CHAIN_DENSE_NONZEROS {
            fields.push(("sclp".to_string(), number(sclp_oracle(inst).map_err(e)?)));
        }
        if inst.n() <= DP_CAP {
            fields.push((
                "adaptive".into(),
                number(oracles::adaptive_top_down(inst).map_err(e)?),
            ));
        }
        for a in RATIO_ALGORITHMS {
            let exact = match a {
                Algorithm::PerturbedGreedy if pg_equals_ranking(inst) => {
                    oracles::naive_exact_capped(inst, Algorithm::Ranking, self.tie, CHAIN_STATES)
                }
                _ => oracles::naive_exact_capped(inst, a, self.tie, CHAIN_STATES),
            };
            let text = match exact {
                Ok(x) => number(x),
                Err(_) => mc(&oracles::naive_simulation(
                    inst,
                    a,
                    self.tie,
                    self.replications,
                    self.seed ^ 0x5eed,
                )
                .map_err(e)?),
            };
            fields.push((a.name(), text));
        }
        Ok(join_fields(&fields))
    }
}

impl MatchingCase {
    /// The in-regime search's configuration, from the bench's parameters.
    fn regime_search(&self) -> Result<RegimeSearch, RunError> {
        let p = &self.params;
        let get = |k: &str| param_u64(p, k).map_err(RunError::Fail);
        let text = |k: &str| p.get(k).and_then(|v| v.as_str()).unwrap_or("").to_string();
        Ok(RegimeSearch {
            n: get("n")? as usize,
            types: get("types")? as usize,
            m: get("m")? as usize,
            equal_p: match p.get("equal_p").and_then(|v| v.as_bool()) {
                Some(b) => b,
                None => return Err(RunError::Fail("`equal_p` must be true or false".into())),
            },
            algorithm: Algorithm::from_name(&text("algorithm"))
                .map_err(|e| RunError::Fail(e.to_string()))?,
            tie: self.tie,
            benchmark: match text("benchmark").as_str() {
                "budgeted-lp" => RegimeBenchmark::Budgeted,
                "sclp" => RegimeBenchmark::Sclp,
                "adaptive" => RegimeBenchmark::Adaptive,
                other => return Err(RunError::Fail(format!("unknown benchmark `{other}`"))),
            },
            iterations: get("iterations")? as usize,
            replications: self.replications,
            seed: self.seed,
        })
    }
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
                let r = simulate_detailed(
                    inst,
                    &RATIO_ALGORITHMS,
                    self.tie,
                    self.replications,
                    self.seed,
                    self.prophet,
                )
                .map_err(e)?;
                notes.clone_from(&self.benchmarks);
                let bench = |k: &str| self.benchmarks.get(k).cloned();
                let (sclp, compact) = (
                    bench("sclp").unwrap_or_default(),
                    bench("sclp-compact").unwrap_or_default(),
                );
                // The two SC-LP methods (column generation, compact form) must agree, and
                // the compact form's Lagrangian bound (the configuration form's pricing at its
                // duals) must close on its value.
                let num = |t: &str| t.parse::<f64>().unwrap_or(f64::NAN);
                let (a, b) = (num(&sclp), num(&compact));
                let bound = num(&bench("sclp-compact bound").unwrap_or_default());
                let tol = 1e-6 * a.abs().max(1.0);
                if (a - b).abs() > tol || a.is_nan() {
                    return Err(RunError::Fail(format!(
                        "SC-LP by column generation {sclp} and by the compact form {compact} differ"
                    )));
                }
                if (bound - b).abs() > tol || bound.is_nan() {
                    return Err(RunError::Fail(format!(
                        "SC-LP compact form {compact}: its Lagrangian bound {bound} does not close"
                    )));
                }
                let mut fields = vec![
                    (
                        "budgeted-lp".to_string(),
                        bench("budgeted-lp").unwrap_or_default(),
                    ),
                    ("sclp".to_string(), sclp),
                ];
                if let Some(a) = bench("adaptive") {
                    fields.push(("adaptive".into(), a));
                }
                for (a, est) in RATIO_ALGORITHMS.iter().zip(&r.estimates) {
                    notes.insert(
                        format!("alg {}", a.name()),
                        format!("{},{}", est.mean, est.standard_error()),
                    );
                    fields.push((a.name(), mc(est)));
                }
                if let Some(p) = r.prophet {
                    notes.insert(
                        "prophet".into(),
                        format!("{},{}", p.mean, p.standard_error()),
                    );
                }
                notes.insert("replications".into(), self.replications.to_string());
                join_fields(&fields)
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
                // `check` recomputes the ratio from the saved instance with the independent
                // oracles; nothing is verified inside the timed run.
                number(w.ratio)
            }
            "worst-regime-search" => {
                let cfg = self.regime_search()?;
                let w = worst_in_regime(&cfg).map_err(e)?;
                let b = w.benchmark_value;
                let se = w.half_width / 1.96;
                notes.insert("instance".into(), w.instance.to_json());
                notes.insert("max p".into(), format!("{}", w.max_p));
                notes.insert("equal p".into(), w.equal_p.to_string());
                notes.insert("unweighted".into(), "true".into());
                let bench_name = match cfg.benchmark {
                    RegimeBenchmark::Budgeted => "budgeted-lp",
                    RegimeBenchmark::Sclp => "sclp",
                    RegimeBenchmark::Adaptive => "adaptive",
                };
                notes.insert(bench_name.into(), format!("{b:.9}"));
                notes.insert(
                    format!("alg {}", cfg.algorithm.name()),
                    format!("{},{}", w.ratio * b, se * b),
                );
                notes.insert("search ratio".into(), format!("{:.6}", w.search_ratio));
                notes.insert("evaluations".into(), w.evaluations.to_string());
                quality.insert("ratio".into(), w.ratio);
                // `check` recomputes the ratio from the saved instance with the independent
                // oracles (the LP written out, an independent simulation).
                format!("{:.9}±{:.9}", w.ratio, se)
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
        if self.quantity == "chain" {
            return check_chain(&got, expected)
                .map_err(|why| format!("expected `{expected}`, got `{got}`: {why}"));
        }
        if self.quantity == "worst" {
            check_worst(output, &self.params, self.tie)?;
        }
        if self.quantity == "worst-regime" {
            let cfg = self.regime_search().map_err(|e| format!("{e:?}"))?;
            check_worst_regime(output, &cfg)?;
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn params(text: &str) -> Params {
        toml::from_str(text).expect("valid params")
    }

    fn info() -> DatasetInfo {
        DatasetInfo {
            name: "test".into(),
            sha256: String::new(),
        }
    }

    fn ratio_case() -> MatchingCase {
        let inst = generators::upper_triangular(3, 2).unwrap();
        let p = params("quantity = \"chain\"\nreplications = 3000\nseed = 5");
        MatchingCase::new(inst, &p, info()).unwrap()
    }

    fn answer(text: String, notes: BTreeMap<String, String>) -> Answer {
        Answer {
            text,
            quality: BTreeMap::new(),
            notes,
        }
    }

    #[test]
    fn ratio_table_passes_against_the_independent_oracle() {
        let mut case = ratio_case();
        let expected = case.run("oracle").unwrap().answer();
        let got = case.run("ratios").unwrap();
        case.check("ratios", got.as_ref(), &expected).unwrap();
    }

    #[test]
    fn ratio_table_fails_when_an_algorithm_returns_zero() {
        let mut case = ratio_case();
        let expected = case.run("oracle").unwrap().answer();
        let got = case.run("ratios").unwrap().answer();
        let zeroed = got
            .split(';')
            .map(|kv| {
                if kv.starts_with("balance=") {
                    "balance=0.000000000±0.000000000".to_string()
                } else {
                    kv.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join(";");
        assert_ne!(zeroed, got);
        let e = case
            .check("ratios", &answer(zeroed, BTreeMap::new()), &expected)
            .unwrap_err();
        assert!(e.contains("balance"), "{e}");
    }

    #[test]
    fn ratio_table_fails_on_a_wrong_benchmark_or_a_broken_chain() {
        let mut case = ratio_case();
        let expected = case.run("oracle").unwrap().answer();
        let got = case.run("ratios").unwrap().answer();
        let mut fields = parse_fields(&got).unwrap();
        // An SC-LP 1 % too low, and one above the budgeted LP.
        for factor in [0.99, 10.0] {
            let mut f = fields.clone();
            let (_, v) = f["sclp"].clone();
            f.insert(
                "sclp".into(),
                (
                    String::new(),
                    Value {
                        mean: v.mean * factor,
                        se: None,
                    },
                ),
            );
            let text = f
                .iter()
                .map(|(k, (t, v))| {
                    let t = if t.is_empty() {
                        number(v.mean)
                    } else {
                        t.clone()
                    };
                    format!("{k}={t}")
                })
                .collect::<Vec<_>>()
                .join(";");
            assert!(
                case.check("ratios", &answer(text, BTreeMap::new()), &expected)
                    .is_err()
            );
        }
        // An answer that leaves out an algorithm fails too.
        fields.remove("ranking");
        let text = fields
            .iter()
            .map(|(k, (t, _))| format!("{k}={t}"))
            .collect::<Vec<_>>()
            .join(";");
        assert!(
            case.check("ratios", &answer(text, BTreeMap::new()), &expected)
                .is_err()
        );
    }

    fn worst_case() -> MatchingCase {
        let p = params(
            "algorithm = \"greedy\"\nbenchmark = \"adaptive\"\nn = 3\nt = 4\niterations = 10\nseed = 3\nquantity = \"worst\"",
        );
        MatchingCase::new(Instance::unweighted(0, Vec::new()).unwrap(), &p, info()).unwrap()
    }

    #[test]
    fn worst_search_ratio_is_recomputed_by_the_oracles() {
        let mut case = worst_case();
        let expected = case.run("oracle").unwrap().answer();
        let got = case.run("worst-search").unwrap();
        case.check("worst-search", got.as_ref(), &expected).unwrap();
        let ratio: f64 = got.answer().parse().unwrap();
        assert!(ratio > 0.0 && ratio <= 1.0);
        // A reported ratio that the saved instance does not give fails, even inside (0, 1].
        let wrong = answer(number(ratio * 0.9), got.notes());
        let e = case.check("worst-search", &wrong, &expected).unwrap_err();
        assert!(e.contains("recomputed"), "{e}");
        // So does a ratio above 1 (with an instance that would give it).
        let above = answer(number(1.5), got.notes());
        assert!(case.check("worst-search", &above, &expected).is_err());
    }

    #[test]
    fn configuration_lp_check_uses_the_oracle_and_fails_on_a_wrong_value() {
        let inst = Instance::unweighted(
            3,
            vec![
                vec![(2, 0.263)],
                vec![(0, 0.714), (1, 0.217), (2, 0.907)],
                vec![(1, 0.791)],
            ],
        )
        .unwrap();
        let mut case = MatchingCase::new(inst, &params("quantity = \"config\""), info()).unwrap();
        let expected = case.run("oracle").unwrap().answer();
        assert!(
            (expected.parse::<f64>().unwrap() - 1.791).abs() < 1e-9,
            "{expected}"
        );
        let got = case.run("config-cg").unwrap();
        case.check("config-cg", got.as_ref(), &expected).unwrap();
        let wrong = answer(number(1.791 * 1.001), BTreeMap::new());
        assert!(case.check("config-cg", &wrong, &expected).is_err());
    }

    #[test]
    fn regime_search_is_recomputed_by_the_oracles() {
        let p = params(
            "algorithm = \"balance\"\nbenchmark = \"budgeted-lp\"\nn = 3\ntypes = 3\nm = 20\nequal_p = true\niterations = 5\nreplications = 300\nseed = 3\nquantity = \"worst-regime\"",
        );
        let mut case =
            MatchingCase::new(Instance::unweighted(0, Vec::new()).unwrap(), &p, info()).unwrap();
        let expected = case.run("oracle").unwrap().answer();
        let got = case.run("worst-regime-search").unwrap();
        case.check("worst-regime-search", got.as_ref(), &expected)
            .unwrap();
        assert_eq!(got.notes()["equal p"], "true");
        // A ratio the saved instance does not give fails.
        let v = parse_value(&got.answer()).unwrap();
        let wrong = answer(format!("{:.9}±0.000000001", v.mean * 0.8), got.notes());
        let e = case
            .check("worst-regime-search", &wrong, &expected)
            .unwrap_err();
        assert!(e.contains("recomputed"), "{e}");
    }

    #[test]
    fn simulation_check_fails_on_a_shifted_mean() {
        let inst = generators::upper_triangular(3, 2).unwrap();
        let p = params("quantity = \"balance\"\nreplications = 4000\nseed = 2");
        let mut case = MatchingCase::new(inst, &p, info()).unwrap();
        let expected = case.run("oracle").unwrap().answer();
        let got = case.run("balance").unwrap();
        case.check("balance", got.as_ref(), &expected).unwrap();
        let (m, s) = got
            .answer()
            .split_once('±')
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .unwrap();
        let shifted = format!("{:.9}±{s}", m.parse::<f64>().unwrap() + 0.1);
        assert!(
            case.check("balance", &answer(shifted, BTreeMap::new()), &expected)
                .is_err()
        );
    }
}
