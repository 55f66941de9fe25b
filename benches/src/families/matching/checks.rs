//! The checks of the stochastic-matching rows: each answer recomputed by the independent
//! oracles (`stochastic_matching::oracles`), never by the measured code, and the ratio
//! tables' benchmark values.

use std::collections::BTreeMap;
use std::time::Instant;

use stochastic_matching::search_regime::{RegimeBenchmark, RegimeSearch};
use stochastic_matching::*;

use stochastic_matching::oracles;

use super::case::*;
use crate::definitions::Params;
use crate::family::Output;

/// Recomputes an in-regime search's ratio from its saved instance with the independent
/// oracles (the LP written out for microlp; an independent simulation with its own random
/// streams) and compares it with the reported one within 4 combined standard errors.
pub(super) fn check_worst_regime(output: &dyn Output, cfg: &RegimeSearch) -> Result<(), String> {
    let notes = output.notes();
    let json = notes.get("instance").ok_or("no saved instance")?;
    let inst = Instance::from_json(json).map_err(|e| e.to_string())?;
    let s = |e: Error| e.to_string();
    let b = match cfg.benchmark {
        RegimeBenchmark::Budgeted => oracles::budgeted_lp_written_out(&inst).map_err(s)?,
        RegimeBenchmark::Sclp => sclp_oracle(&inst).map_err(s)?,
        RegimeBenchmark::Adaptive => oracles::adaptive_top_down(&inst).map_err(s)?,
    };
    if inst.max_probability() > 1.0 / cfg.m as f64 + 1e-15 {
        return Err(format!(
            "the saved instance has p = {} > 1/m",
            inst.max_probability()
        ));
    }
    let est = oracles::naive_simulation(
        &inst,
        cfg.algorithm,
        cfg.tie,
        4 * cfg.replications,
        cfg.seed ^ 0x0dd5,
    )
    .map_err(s)?;
    let (ratio, se) = (est.mean / b, est.standard_error() / b);
    let got = output.answer();
    let v = parse_value(&got).ok_or_else(|| format!("`{got}` is not a ratio"))?;
    let sigma = (se * se + v.se.unwrap_or(0.0).powi(2)).sqrt();
    if b <= 0.0 || (v.mean - ratio).abs() > 4.0 * sigma + 1e-9 {
        return Err(format!(
            "reported ratio {got}, recomputed by the oracles {ratio:.6} ± {se:.6}"
        ));
    }
    Ok(())
}

/// Perturbed Greedy is Ranking in distribution with unit weights and equal p per arrival.
pub(super) fn pg_equals_ranking(inst: &Instance) -> bool {
    inst.weights().iter().all(|&w| w == 1.0)
        && (0..inst.arrivals()).all(|t| inst.neighbours(t).windows(2).all(|w| w[0].p == w[1].p))
}

/// The SC-LP's independent value: all configurations when every degree is small, else the
/// dense edge form; both solved by microlp directly.
pub(super) fn sclp_oracle(inst: &Instance) -> Result<f64, Error> {
    if max_degree(inst) <= oracles::ENUMERATION_DEGREE {
        oracles::sclp_by_enumeration(inst)
    } else {
        oracles::sclp_dense_compact(inst)
    }
}

/// `key=value;key=value`, the ratio table's answer.
pub(super) fn join_fields(fields: &[(String, String)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(";")
}

/// A value as written: exact, or a Monte Carlo mean with its standard error.
#[derive(Debug, Clone, Copy)]
pub(super) struct Value {
    pub(super) mean: f64,
    pub(super) se: Option<f64>,
}

pub(super) fn parse_value(text: &str) -> Option<Value> {
    match text.split_once('±') {
        Some((m, s)) => Some(Value {
            mean: m.parse().ok()?,
            se: Some(s.parse().ok()?),
        }),
        None => Some(Value {
            mean: text.parse().ok()?,
            se: None,
        }),
    }
}

/// Parses `key=value;…` (values as in [`parse_value`]); `None` when malformed.
pub(super) fn parse_fields(text: &str) -> Option<BTreeMap<String, (String, Value)>> {
    text.split(';')
        .map(|kv| {
            let (k, v) = kv.split_once('=')?;
            Some((k.to_string(), (v.to_string(), parse_value(v)?)))
        })
        .collect()
}

/// Compares a ratio table's answer with its expected answer field by field (each value
/// within its tolerance, or within 4 combined standard errors when either is a Monte Carlo
/// estimate), then checks the chain on the answer's own values: adaptive ≤ SC-LP ≤ budgeted
/// LP, and every algorithm at most the adaptive optimum (or the SC-LP) within 4 σ.
pub(super) fn check_chain(got: &str, expected: &str) -> Result<(), String> {
    let want = parse_fields(expected).ok_or_else(|| format!("bad expected answer `{expected}`"))?;
    let have = parse_fields(got).ok_or_else(|| format!("malformed answer `{got}`"))?;
    for (key, (text, w)) in &want {
        let (_, h) = have
            .get(key)
            .ok_or_else(|| format!("the answer has no `{key}`"))?;
        let tol = tolerance(text, w.mean);
        let sigma = (w.se.unwrap_or(0.0).powi(2) + h.se.unwrap_or(0.0).powi(2)).sqrt();
        if (h.mean - w.mean).abs() > 4.0 * sigma + tol {
            return Err(format!(
                "{key}: got {} expected {} (allowed {:.3e})",
                h.mean,
                w.mean,
                4.0 * sigma + tol
            ));
        }
    }
    let get = |k: &str| have.get(k).map(|(_, v)| *v);
    let (b1, sclp) = match (get("budgeted-lp"), get("sclp")) {
        (Some(b), Some(s)) => (b.mean, s.mean),
        _ => return Err("the answer lacks the budgeted LP or the SC-LP".into()),
    };
    let slack = 1e-6 * b1.abs().max(1.0);
    if sclp > b1 + slack {
        return Err(format!("chain: SC-LP {sclp} > budgeted LP {b1}"));
    }
    let top = match get("adaptive") {
        Some(a) if a.mean > sclp + slack => {
            return Err(format!("chain: adaptive {} > SC-LP {sclp}", a.mean));
        }
        Some(a) => a.mean,
        None => sclp,
    };
    for a in RATIO_ALGORITHMS {
        let v = get(&a.name()).ok_or_else(|| format!("the answer has no `{}`", a.name()))?;
        if v.mean - 4.0 * v.se.unwrap_or(0.0) > top + slack {
            return Err(format!("chain: {} {} > {top}", a.name(), v.mean));
        }
    }
    Ok(())
}

/// Recomputes a worst-instance search's ratio from its saved instance with the independent
/// oracles, and compares it with the reported one.
pub(super) fn check_worst(
    output: &dyn Output,
    params: &Params,
    tie: TieBreak,
) -> Result<(), String> {
    let notes = output.notes();
    let json = notes.get("instance").ok_or("no saved instance")?;
    let inst = Instance::from_json(json).map_err(|e| e.to_string())?;
    let name = params
        .get("algorithm")
        .and_then(|v| v.as_str())
        .unwrap_or("");
    let alg = Algorithm::from_name(name).map_err(|e| e.to_string())?;
    let a = oracles::naive_exact(&inst, alg, tie).map_err(|e| e.to_string())?;
    let b = match params
        .get("benchmark")
        .and_then(|v| v.as_str())
        .unwrap_or("")
    {
        "adaptive" => oracles::adaptive_top_down(&inst),
        "sclp" => sclp_oracle(&inst),
        "budgeted-lp" => oracles::budgeted_lp_written_out(&inst),
        other => return Err(format!("unknown benchmark `{other}`")),
    }
    .map_err(|e| e.to_string())?;
    let got: f64 = output
        .answer()
        .parse()
        .map_err(|_| format!("`{}` is not a ratio", output.answer()))?;
    if b <= 0.0 || (a / b - got).abs() > 1e-6 {
        return Err(format!(
            "reported ratio {got}, recomputed by the oracles {a}/{b} = {}",
            a / b
        ));
    }
    Ok(())
}

/// The most edges for which a ratio table also runs the SC-LP's column generation (to
/// cross-check the compact form) and the configuration LP; beyond it the certified compact
/// form alone gives the SC-LP, and the configuration LP is left out.
pub(super) const CG_EDGES: usize = 500;

/// Every benchmark of a ratio table, with its time: budgeted LP, stochastic configuration
/// LP (compact form certified by the configuration form's Lagrangian bound, and column
/// generation up to [`CG_EDGES`] edges), adaptive optimum (n ≤ 20), configuration LP (only
/// for max p ≤ 0.2, the vanishing regime where it is meaningful, up to [`CG_EDGES`] edges).
pub(super) fn ratio_benchmarks(inst: &Instance) -> Result<BTreeMap<String, String>, Error> {
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
    let small = inst.edges() <= CG_EDGES;
    let mut bound = 0.0;
    timed(&mut out, "sclp-compact", || {
        let r = sclp_compact_certified(inst)?;
        bound = r.upper_bound;
        Ok(r.value)
    })?;
    out.insert("sclp-compact bound".into(), format!("{bound:.9}"));
    if small {
        let mut rounds = (0, 0);
        timed(&mut out, "sclp", || {
            let r = sclp_column_generation(inst)?;
            rounds = (r.rounds, r.columns);
            Ok(r.value)
        })?;
        out.insert("sclp rounds".into(), rounds.0.to_string());
        out.insert("sclp columns".into(), rounds.1.to_string());
    } else {
        let compact = out["sclp-compact"].clone();
        out.insert("sclp".into(), compact);
        out.insert(
            "sclp method".into(),
            format!(
                "compact form only (certified by the Lagrangian bound; column generation runs up to {CG_EDGES} edges)"
            ),
        );
    }
    if inst.n() <= DP_CAP {
        timed(&mut out, "adaptive", || adaptive_optimum(inst, DP_CAP))?;
    }
    out.insert("max p".into(), format!("{}", inst.max_probability()));
    let edges = inst.all_edges();
    out.insert(
        "equal p".into(),
        edges.windows(2).all(|w| w[0].p == w[1].p).to_string(),
    );
    out.insert(
        "unweighted".into(),
        inst.weights().iter().all(|&w| w == 1.0).to_string(),
    );
    // The configuration LP's pricing is a knapsack: easy with equal p or small degrees,
    // exponential in the worst case otherwise, so it runs only there.
    let equal_p = inst.all_edges().windows(2).all(|w| w[0].p == w[1].p);
    if small && inst.max_probability() <= 0.2 && (equal_p || max_degree(inst) <= 20) {
        timed(&mut out, "config-lp", || {
            Ok(config_lp_column_generation(inst)?.value)
        })?;
    }
    Ok(out)
}

/// The tolerance an exact expected value `e` (as written) allows: half a unit in its last
/// decimal, and never below 1e-7 relative (LP solver accuracy).
pub(super) fn tolerance(e: &str, value: f64) -> f64 {
    let decimals = e.split_once('.').map_or(0, |(_, d)| d.len()) as i32;
    (0.5 * 10f64.powi(-decimals)).max(1e-7 * value.abs().max(1.0))
}
