//! Independent test oracles: every quantity written out again from its definition, sharing no
//! code with what it judges. The crate's tests and the benchmark suite both use this module
//! as the one home of the family's oracles.
//!
//! What "independent" means here:
//! - the decision rules ([`naive_exact`], [`naive_simulation`]) are written again from each
//!   algorithm's definition (Greedy `argmax w·p`, Stochastic Balance `argmax w·p·f(ℓ)`,
//!   Ranking's first available vertex in a random order, Perturbed Greedy
//!   `argmax w·p·(1 − e^{y−1})`), with ties broken by offline index; they use neither the
//!   crate's `Scorer` implementations nor its `choose`;
//! - Goyal–Udwani's load function ([`goyal_udwani_g`]) by a power series and a quadrature,
//!   not the crate's continued fraction;
//! - the LPs ([`budgeted_lp_written_out`], [`sclp_by_enumeration`], [`sclp_dense_compact`],
//!   [`config_lp_by_enumeration`], [`path_based_literal`])
//!   are built row by row and solved by the `microlp` crate directly, not through the
//!   crate's `Lp`/good_lp layer, its column generation or its pricing recursion;
//! - the offline optima ([`adaptive_top_down`], [`max_weight_matching`]) are top-down
//!   recursions and augmenting paths, independent of the bottom-up DP and of the prophet's
//!   matching code.
//!
//! Every function here is exponential or dense in some parameter and has a stated cap; they
//! are for tests and for computing expected answers, not for measuring.

use std::collections::HashMap;

use rand_core::{Rng, SeedableRng};
use rand_pcg::Pcg64;

use crate::simulate::Estimate;
use crate::{Algorithm, Error, Instance, LoadFunction, TieBreak};

/// The largest offline degree [`sclp_by_enumeration`] enumerates (2^12 columns per vertex).
pub const ENUMERATION_DEGREE: usize = 12;
/// The largest `n` for which [`naive_exact`] averages Ranking over all `n!` orders.
pub const RANKING_ORDERS_CAP: usize = 7;
/// The largest number of memoised states of [`naive_exact`].
pub const STATE_CAP: usize = 2_000_000;
/// The largest `n` of [`adaptive_top_down`] (its memo is indexed by subsets of `U`).
pub const ADAPTIVE_N_CAP: usize = 20;
/// The most edges [`sclp_dense_compact`] writes out (its rows are dense in each vertex's
/// degree, so it is quadratic in the degree).
pub const DENSE_EDGE_CAP: usize = 4_000;

fn above(what: &'static str, size: usize, cap: usize) -> Error {
    Error::InstanceAboveCap {
        what,
        size: size as u64,
        cap: cap as u64,
    }
}

/// `f(ℓ)` of each load function, written from its definition.
fn load_value(f: LoadFunction, l: f64) -> f64 {
    match f {
        LoadFunction::Exp => (-l).exp(),
        LoadFunction::Msvv => (1.0 - (l - 1.0).exp()).max(0.0),
        LoadFunction::Linear => (1.0 - l).max(0.0),
        LoadFunction::GuRational => 1.0 / (0.575 * l + 1.0),
        LoadFunction::GuExp => (-0.535 * l).exp(),
        LoadFunction::GoyalUdwani => goyal_udwani_g(l),
        // A caller's own function has no other definition to write it from.
        LoadFunction::Custom(f) => f(l),
    }
}

/// Goyal–Udwani's `g(x) = e^{x+1} E₁(x+1)`, computed without the crate's continued fraction:
/// with `y = x + 1`, the power series `E₁(y) = −γ − ln y + Σ_{k≥1} (−1)^{k+1} y^k/(k·k!)`
/// times `e^y` for `y ≤ 7` (its cancellation costs at most about 3e-11 relative there), and
/// for `y > 7` the integral `e^y E₁(y) = ∫_0^∞ e^{−t}/(t + y) dt` by composite Simpson on
/// `[0, 60]` (8000 panels, about 3e-11 relative; the integrand is smooth for `y ≥ 1`).
/// `g(−1) = +∞`; NaN below.
pub fn goyal_udwani_g(x: f64) -> f64 {
    let y = x + 1.0;
    if y.is_nan() || y < 0.0 {
        return f64::NAN;
    }
    if y == 0.0 {
        return f64::INFINITY;
    }
    if y <= 7.0 {
        let mut sum = 0.0;
        let mut power_over_factorial = 1.0; // y^k / k!
        for k in 1..200 {
            power_over_factorial *= y / k as f64;
            let term = power_over_factorial / k as f64;
            sum += if k % 2 == 1 { term } else { -term };
            if term < 1e-20 {
                break;
            }
        }
        const EULER_GAMMA: f64 = 0.577_215_664_901_532_9;
        return y.exp() * (-EULER_GAMMA - y.ln() + sum);
    }
    let panels = 8000;
    let h = 60.0 / panels as f64;
    let f = |t: f64| (-t).exp() / (t + y);
    let mut acc = f(0.0) + f(60.0);
    for i in 1..panels {
        acc += f(i as f64 * h) * if i % 2 == 1 { 4.0 } else { 2.0 };
    }
    acc * h / 3.0
}

/// The vertex an algorithm attempts: the available neighbour with the largest score, ties to
/// the smallest (`LowestIndex`) or largest (`HighestIndex`) offline index.
fn pick(candidates: impl Iterator<Item = (usize, f64)>, tie: TieBreak) -> Option<usize> {
    let mut best: Option<(usize, f64)> = None;
    for (u, s) in candidates {
        best = match best {
            None => Some((u, s)),
            Some((bu, bs)) => {
                let better = s > bs
                    || (s == bs
                        && match tie {
                            TieBreak::HighestIndex => u > bu,
                            _ => u < bu,
                        });
                if better { Some((u, s)) } else { Some((bu, bs)) }
            }
        };
    }
    best.map(|(u, _)| u)
}

/// The deterministic rules' state: Balance's loads, Ranking's order (position of each vertex).
#[derive(Clone)]
enum Rule {
    Greedy,
    Balance(LoadFunction),
    Order(Vec<usize>),
    Perturbed(Vec<f64>),
}

impl Rule {
    fn score(&self, u: usize, w: f64, p: f64, load: f64) -> f64 {
        match self {
            Rule::Greedy => w * p,
            Rule::Balance(f) => w * p * load_value(*f, load),
            Rule::Order(position) => -(position[u] as f64),
            Rule::Perturbed(y) => w * p * (1.0 - (y[u] - 1.0).exp()),
        }
    }
}

struct Exact<'a> {
    inst: &'a Instance,
    rule: Rule,
    tie: TieBreak,
    memo: HashMap<(usize, u64, Vec<u64>), f64>,
    cap: usize,
}

impl Exact<'_> {
    fn value(&mut self, t: usize, available: u64, loads: &mut Vec<f64>) -> Result<f64, Error> {
        if t == self.inst.arrivals() || available == 0 {
            return Ok(0.0);
        }
        let key_loads: Vec<u64> = match self.rule {
            Rule::Balance(_) => (0..self.inst.n())
                .filter(|&u| available >> u & 1 == 1)
                .map(|u| loads[u].to_bits())
                .collect(),
            _ => Vec::new(),
        };
        let key = (t, available, key_loads);
        if let Some(&v) = self.memo.get(&key) {
            return Ok(v);
        }
        if self.memo.len() >= self.cap {
            return Err(above(
                "naive exact expectation (states)",
                self.cap + 1,
                self.cap,
            ));
        }
        let w = self.inst.weights();
        let nb = self.inst.neighbours(t);
        let chosen = pick(
            nb.iter().filter(|e| available >> e.u & 1 == 1).map(|e| {
                let u = e.u as usize;
                (u, self.rule.score(u, w[u], e.p, loads[u]))
            }),
            self.tie,
        );
        let v = match chosen {
            None => self.value(t + 1, available, loads)?,
            Some(u) => {
                let p = nb.iter().find(|e| e.u as usize == u).map_or(0.0, |e| e.p);
                let matched = self.value(t + 1, available & !(1u64 << u), loads)?;
                let before = loads[u];
                loads[u] = before + p;
                let failed = self.value(t + 1, available, loads)?;
                loads[u] = before;
                p * (w[u] + matched) + (1.0 - p) * failed
            }
        };
        self.memo.insert(key, v);
        Ok(v)
    }
}

fn all_orders(n: usize) -> Vec<Vec<usize>> {
    if n == 0 {
        return vec![Vec::new()];
    }
    let mut out = Vec::new();
    for smaller in all_orders(n - 1) {
        for slot in 0..n {
            let mut o = smaller.clone();
            o.insert(slot, n - 1);
            out.push(o);
        }
    }
    out
}

/// The exact expected matched weight of Greedy, Balance or Ranking (all `n!` orders), by a
/// recursion over the outcome of each attempt, with the decision rule written again.
///
/// # Errors
/// [`Error::NotExact`] for Perturbed Greedy or a random tie-break; [`Error::InstanceAboveCap`]
/// for `n > 64`, Ranking with `n >` [`RANKING_ORDERS_CAP`], or more than [`STATE_CAP`] states.
pub fn naive_exact(inst: &Instance, alg: Algorithm, tie: TieBreak) -> Result<f64, Error> {
    naive_exact_capped(inst, alg, tie, STATE_CAP)
}

/// [`naive_exact`] with an explicit cap on memoised states (for Ranking, on the states of
/// all `n!` orders together, estimated up front as `n!·T·2^n`).
///
/// # Errors
/// As [`naive_exact`], with `cap` in place of [`STATE_CAP`].
pub fn naive_exact_capped(
    inst: &Instance,
    alg: Algorithm,
    tie: TieBreak,
    cap: usize,
) -> Result<f64, Error> {
    if matches!(tie, TieBreak::Random(_)) || alg == Algorithm::PerturbedGreedy {
        return Err(Error::NotExact {
            algorithm: format!("{} with {tie:?} ties (naive oracle)", alg.name()),
        });
    }
    let n = inst.n();
    if n > 64 {
        return Err(above("naive exact expectation (offline vertices)", n, 64));
    }
    let everyone = if n == 64 { u64::MAX } else { (1u64 << n) - 1 };
    let run = |rule: Rule| {
        let mut e = Exact {
            inst,
            rule,
            tie,
            memo: HashMap::new(),
            cap,
        };
        e.value(0, everyone, &mut vec![0.0; n])
    };
    match alg {
        Algorithm::Greedy => run(Rule::Greedy),
        Algorithm::Balance(f) => run(Rule::Balance(f)),
        Algorithm::Ranking => {
            if n > RANKING_ORDERS_CAP {
                return Err(above(
                    "naive exact Ranking (n! orders)",
                    n,
                    RANKING_ORDERS_CAP,
                ));
            }
            let work = (1..=n)
                .product::<usize>()
                .saturating_mul(inst.arrivals())
                .saturating_mul(1 << n);
            if work > cap {
                return Err(above("naive exact Ranking (n!·T·2^n states)", work, cap));
            }
            let orders = all_orders(n);
            let mut sum = 0.0;
            for order in &orders {
                let mut position = vec![0; n];
                for (i, &u) in order.iter().enumerate() {
                    position[u] = i;
                }
                sum += run(Rule::Order(position))?;
            }
            Ok(sum / orders.len() as f64)
        }
        Algorithm::PerturbedGreedy => unreachable!("refused above"),
    }
}

fn uniform(rng: &mut Pcg64) -> f64 {
    // 52 random bits, a different convention from the simulator's 53.
    (rng.next_u64() >> 12) as f64 / (1u64 << 52) as f64
}

/// A Monte Carlo estimate of an algorithm's value, with its own random streams (a fresh coin
/// per attempt, not common random numbers) and the decision rule written again. Its
/// replications are independent of the simulator's, so the two means may differ by up to a
/// few combined standard errors.
///
/// # Errors
/// [`Error::ZeroReplications`].
pub fn naive_simulation(
    inst: &Instance,
    alg: Algorithm,
    tie: TieBreak,
    replications: u64,
    seed: u64,
) -> Result<Estimate, Error> {
    if replications == 0 {
        return Err(Error::ZeroReplications);
    }
    let n = inst.n();
    let w = inst.weights();
    let mut rng = Pcg64::seed_from_u64(seed ^ 0x6f72_6163_6c65);
    let (mut sum, mut sum2) = (0.0, 0.0);
    let mut available = vec![true; n];
    let mut loads = vec![0.0; n];
    for _ in 0..replications {
        available.fill(true);
        loads.fill(0.0);
        let rule = match alg {
            Algorithm::Greedy => Rule::Greedy,
            Algorithm::Balance(f) => Rule::Balance(f),
            Algorithm::Ranking => {
                // A uniform order: sort by independent uniform keys.
                let keys: Vec<f64> = (0..n).map(|_| uniform(&mut rng)).collect();
                let mut order: Vec<usize> = (0..n).collect();
                order.sort_by(|&a, &b| keys[a].total_cmp(&keys[b]));
                let mut position = vec![0; n];
                for (i, &u) in order.iter().enumerate() {
                    position[u] = i;
                }
                Rule::Order(position)
            }
            Algorithm::PerturbedGreedy => {
                Rule::Perturbed((0..n).map(|_| uniform(&mut rng)).collect())
            }
        };
        let mut value = 0.0;
        for t in 0..inst.arrivals() {
            let nb = inst.neighbours(t);
            let scores = nb.iter().filter(|e| available[e.u as usize]).map(|e| {
                let u = e.u as usize;
                (u, rule.score(u, w[u], e.p, loads[u]))
            });
            let chosen = match tie {
                TieBreak::Random(_) => {
                    let all: Vec<(usize, f64)> = scores.collect();
                    let top = all.iter().map(|x| x.1).fold(f64::NEG_INFINITY, f64::max);
                    let tied: Vec<usize> = all.iter().filter(|x| x.1 == top).map(|x| x.0).collect();
                    (!tied.is_empty()).then(|| {
                        tied[((uniform(&mut rng) * tied.len() as f64) as usize).min(tied.len() - 1)]
                    })
                }
                _ => pick(scores, tie),
            };
            let Some(u) = chosen else { continue };
            let p = nb.iter().find(|e| e.u as usize == u).map_or(0.0, |e| e.p);
            if uniform(&mut rng) < p {
                available[u] = false;
                value += w[u];
            } else {
                loads[u] += p;
            }
        }
        sum += value;
        sum2 += value * value;
    }
    let r = replications as f64;
    let mean = sum / r;
    let variance = if replications > 1 {
        ((sum2 - r * mean * mean) / (r - 1.0)).max(0.0)
    } else {
        0.0
    };
    Ok(Estimate {
        mean,
        variance,
        replications,
    })
}

fn solve_microlp(
    what: &'static str,
    build: impl FnOnce(&mut microlp::Problem),
) -> Result<f64, Error> {
    let mut pb = microlp::Problem::new(microlp::OptimizationDirection::Maximize);
    build(&mut pb);
    let fail = |status: String| Error::Solver { lp: what, status };
    let outcome = pb.solve().map_err(|e| fail(e.to_string()))?;
    let solution = outcome
        .into_solution()
        .map_err(|i| fail(format!("{:?}", i.termination_reason())))?;
    Ok(solution.objective())
}

/// Each offline vertex's edges in arrival order: `(arrival, p)`.
fn edges_of(inst: &Instance) -> Vec<Vec<(usize, f64)>> {
    let mut per_u = vec![Vec::new(); inst.n()];
    for t in 0..inst.arrivals() {
        for e in inst.neighbours(t) {
            per_u[e.u as usize].push((t, e.p));
        }
    }
    per_u
}

/// The budgeted LP written out in full: `max Σ w_u p_uv x_uv` s.t. `Σ_u x_uv ≤ 1` per
/// arrival, `Σ_v p_uv x_uv ≤ 1` per offline vertex (no merging, no presolve), microlp.
///
/// # Errors
/// [`Error::Solver`].
pub fn budgeted_lp_written_out(inst: &Instance) -> Result<f64, Error> {
    if inst.edges() == 0 {
        return Ok(0.0);
    }
    solve_microlp("budgeted LP (oracle)", |pb| {
        use microlp::ComparisonOp::Le;
        let mut per_u = vec![Vec::new(); inst.n()];
        for t in 0..inst.arrivals() {
            let mut row = Vec::new();
            for e in inst.neighbours(t) {
                let x = pb.add_var(inst.weights()[e.u as usize] * e.p, (0.0, f64::INFINITY));
                row.push((x, 1.0));
                per_u[e.u as usize].push((x, e.p));
            }
            pb.add_constraint(row, Le, 1.0);
        }
        for row in per_u {
            pb.add_constraint(row, Le, 1.0);
        }
    })
}

/// The stochastic configuration LP (our reconstruction of Huang et al., arXiv 2309.10289,
/// from its abstract) over every configuration: a column per offline vertex `u` and subset
/// `S` of its arrivals, with value `w_u (1 − Π_{v∈S}(1 − p_uv))`, a 1 on `u`'s row, and on
/// arrival `v ∈ S` the probability `Π_{v'∈S, v'<v}(1 − p_uv')` that `v` is reached.
///
/// # Errors
/// [`Error::DegreeAboveCap`] above [`ENUMERATION_DEGREE`]; [`Error::Solver`].
pub fn sclp_by_enumeration(inst: &Instance) -> Result<f64, Error> {
    enumerated_configurations(
        inst,
        "stochastic configuration LP (oracle, enumerated)",
        |set| {
            let mut reach = 1.0;
            let mut rows = Vec::with_capacity(set.len());
            for &(t, p) in set {
                rows.push((t, reach));
                reach *= 1.0 - p;
            }
            (1.0 - reach, rows)
        },
    )
}

/// A configuration LP over every configuration, written out for microlp: for each offline
/// vertex `u` and non-empty subset `S` of its arrivals (in arrival order), one column with
/// a 1 on `u`'s row; `column(S)` gives its value per unit of `w_u` and its coefficient on
/// each arrival row. Every row is `≤ 1`.
fn enumerated_configurations(
    inst: &Instance,
    label: &'static str,
    column: impl Fn(&[(usize, f64)]) -> (f64, Vec<(usize, f64)>),
) -> Result<f64, Error> {
    let per_u = edges_of(inst);
    if let Some((u, e)) = per_u
        .iter()
        .enumerate()
        .find(|(_, e)| e.len() > ENUMERATION_DEGREE)
    {
        return Err(Error::DegreeAboveCap {
            offline: u,
            degree: e.len(),
            cap: ENUMERATION_DEGREE,
        });
    }
    if inst.edges() == 0 {
        return Ok(0.0);
    }
    solve_microlp(label, |pb| {
        use microlp::ComparisonOp::Le;
        let mut arrival_rows = vec![Vec::new(); inst.arrivals()];
        let mut set = Vec::new();
        for (u, edges) in per_u.iter().enumerate() {
            let mut own = Vec::new();
            for mask in 1u32..(1 << edges.len()) {
                set.clear();
                set.extend(
                    (0..edges.len())
                        .filter(|i| mask >> i & 1 == 1)
                        .map(|i| edges[i]),
                );
                let (value, rows) = column(&set);
                let x = pb.add_var(inst.weights()[u] * value, (0.0, f64::INFINITY));
                own.push((x, 1.0));
                for (t, a) in rows {
                    arrival_rows[t].push((x, a));
                }
            }
            pb.add_constraint(own, Le, 1.0);
        }
        for row in arrival_rows {
            pb.add_constraint(row, Le, 1.0);
        }
    })
}

/// The configuration LP of Huang–Zhang (STOC'20) over every configuration, written out for
/// microlp directly (not the crate's column generation, pricing or good_lp layer): a column
/// per offline vertex `u` and non-empty subset `S` of its arrivals, with value
/// `w_u · min(Σ_{v∈S} p_uv, 1)`, a 1 on `u`'s row and a 1 on each arrival row of `S`.
///
/// # Errors
/// [`Error::DegreeAboveCap`] above [`ENUMERATION_DEGREE`]; [`Error::Solver`].
pub fn config_lp_by_enumeration(inst: &Instance) -> Result<f64, Error> {
    enumerated_configurations(inst, "configuration LP (oracle, enumerated)", |set| {
        let mass: f64 = set.iter().map(|&(_, p)| p).sum();
        (mass.min(1.0), set.iter().map(|&(t, _)| (t, 1.0)).collect())
    })
}

/// The largest `|E|` of [`path_based_literal`] (`|E|·2^{|E|}` variables).
pub const PATH_LITERAL_EDGE_CAP: usize = 8;

/// Goyal–Udwani's path-based program (arXiv 1905.12778, §3.2) written literally, for
/// microlp directly: a variable `x^ω_e ∈ [0, 1]` for every edge `e` and **every** sample path
/// `ω ∈ {0,1}^E`, objective `Σ_ω Pr(ω) Σ_e w_e x^ω_e ω_e`, the rows (4) and (5) on every
/// path, and non-anticipativity (6) as explicit equalities `x^ω_e = x^{ω'}_e` for the
/// paths that differ only in `e`'s own coin. (The crate's version substitutes (6) away.)
///
/// # Errors
/// [`Error::InstanceAboveCap`] above [`PATH_LITERAL_EDGE_CAP`] edges; [`Error::Solver`].
pub fn path_based_literal(inst: &Instance) -> Result<f64, Error> {
    let m = inst.edges();
    if m > PATH_LITERAL_EDGE_CAP {
        return Err(above(
            "literal path-based program (edges)",
            m,
            PATH_LITERAL_EDGE_CAP,
        ));
    }
    if m == 0 {
        return Ok(0.0);
    }
    let mut list = Vec::new(); // (arrival, offline, p)
    for t in 0..inst.arrivals() {
        for e in inst.neighbours(t) {
            list.push((t, e.u as usize, e.p));
        }
    }
    let paths = 1usize << m;
    solve_microlp("path-based program (oracle, literal)", |pb| {
        use microlp::ComparisonOp::{Eq, Le};
        let mut x = Vec::with_capacity(paths);
        for omega in 0..paths {
            let pr: f64 = list
                .iter()
                .enumerate()
                .map(|(e, &(_, _, p))| if omega >> e & 1 == 1 { p } else { 1.0 - p })
                .product();
            let row: Vec<microlp::Variable> = list
                .iter()
                .enumerate()
                .map(|(e, &(_, u, _))| {
                    let gain = if omega >> e & 1 == 1 {
                        pr * inst.weights()[u]
                    } else {
                        0.0
                    };
                    pb.add_var(gain, (0.0, 1.0))
                })
                .collect();
            x.push(row);
        }
        for omega in 0..paths {
            for u in 0..inst.n() {
                let row: Vec<_> = (0..m)
                    .filter(|&e| list[e].1 == u && omega >> e & 1 == 1)
                    .map(|e| (x[omega][e], 1.0))
                    .collect();
                pb.add_constraint(row, Le, 1.0);
            }
            for t in 0..inst.arrivals() {
                let row: Vec<_> = (0..m)
                    .filter(|&e| list[e].0 == t)
                    .map(|e| (x[omega][e], 1.0))
                    .collect();
                pb.add_constraint(row, Le, 1.0);
            }
            for e in 0..m {
                if omega >> e & 1 == 0 {
                    pb.add_constraint([(x[omega][e], 1.0), (x[omega | 1 << e][e], -1.0)], Eq, 0.0);
                }
            }
        }
    })
}

/// The stochastic configuration LP in its edge form with dense prefix rows: variables `y_uv`
/// (the probability that `v` is attempted on `u`), `max Σ w_u p_uv y_uv` s.t. `Σ_u y_uv ≤ 1`
/// per arrival and `y_uv + Σ_{v'<v} p_uv' y_uv' ≤ 1` per edge, every prefix written out
/// (no auxiliary prefix variables, unlike the crate's sparse compact form), microlp.
///
/// # Errors
/// [`Error::InstanceAboveCap`] above [`DENSE_EDGE_CAP`] edges; [`Error::Solver`].
pub fn sclp_dense_compact(inst: &Instance) -> Result<f64, Error> {
    if inst.edges() > DENSE_EDGE_CAP {
        return Err(above(
            "dense SC-LP oracle (edges)",
            inst.edges(),
            DENSE_EDGE_CAP,
        ));
    }
    if inst.edges() == 0 {
        return Ok(0.0);
    }
    let per_u = edges_of(inst);
    solve_microlp(
        "stochastic configuration LP (oracle, dense edge form)",
        |pb| {
            use microlp::ComparisonOp::Le;
            let mut arrival_rows = vec![Vec::new(); inst.arrivals()];
            for (u, edges) in per_u.iter().enumerate() {
                let mut prefix: Vec<(microlp::Variable, f64)> = Vec::new();
                for &(t, p) in edges {
                    let y = pb.add_var(inst.weights()[u] * p, (0.0, f64::INFINITY));
                    arrival_rows[t].push((y, 1.0));
                    let mut row = prefix.clone();
                    row.push((y, 1.0));
                    pb.add_constraint(row, Le, 1.0);
                    prefix.push((y, p));
                }
            }
            for row in arrival_rows {
                pb.add_constraint(row, Le, 1.0);
            }
        },
    )
}

/// The adaptive (clairvoyant) offline optimum by top-down memoised recursion over (arrival,
/// available set): at each arrival skip it, or attempt one available neighbour and recurse
/// on the outcome.
///
/// # Errors
/// [`Error::InstanceAboveCap`] above [`ADAPTIVE_N_CAP`] offline vertices.
pub fn adaptive_top_down(inst: &Instance) -> Result<f64, Error> {
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
    if inst.n() > ADAPTIVE_N_CAP {
        return Err(above(
            "adaptive oracle (offline vertices)",
            inst.n(),
            ADAPTIVE_N_CAP,
        ));
    }
    Ok(v(inst, 0, (1u64 << inst.n()) - 1, &mut HashMap::new()))
}

/// The maximum vertex-weighted matching with every edge present (the value of every
/// benchmark when p ≡ 1): offline vertices taken heaviest first, each kept when an augmenting
/// path frees an arrival for it (matchable sets form a matroid, so this is optimal).
pub fn max_weight_matching(inst: &Instance) -> f64 {
    fn augment(u: usize, adj: &[Vec<usize>], seen: &mut [bool], owner: &mut [usize]) -> bool {
        for &t in &adj[u] {
            if !seen[t] {
                seen[t] = true;
                if owner[t] == usize::MAX || augment(owner[t], adj, seen, owner) {
                    owner[t] = u;
                    return true;
                }
            }
        }
        false
    }
    let adj: Vec<Vec<usize>> = edges_of(inst)
        .into_iter()
        .map(|e| e.into_iter().map(|(t, _)| t).collect())
        .collect();
    let w = inst.weights();
    let mut order: Vec<usize> = (0..inst.n()).collect();
    order.sort_by(|&a, &b| w[b].total_cmp(&w[a]));
    let mut owner = vec![usize::MAX; inst.arrivals()];
    let mut total = 0.0;
    for u in order {
        let mut seen = vec![false; inst.arrivals()];
        if augment(u, &adj, &mut seen, &mut owner) {
            total += w[u];
        }
    }
    total
}
