//! The common-random-numbers simulator.
//!
//! Each replication draws one coin `U_e ~ U[0,1)` per edge (from one PCG-64 stream seeded
//! with the simulation seed); an attempt on edge `e` succeeds iff `U_e < p_e`. Each edge is
//! attempted at most once, so this is exact, and every algorithm (and the prophet) sees the
//! same coins in a replication. Internal randomness (Ranking's order, Perturbed Greedy's
//! `y`, random tie-breaking) comes from separate streams per algorithm, so an algorithm's
//! results do not depend on which others run beside it. Cost per replication: O(|E|) for the
//! coins plus O(Σ_t deg(t)) per algorithm.

use rand_core::{Rng, SeedableRng};
use rand_pcg::Pcg64;

use crate::algorithms::{
    Algorithm, Balance, Greedy, PerturbedGreedy, Ranking, Scorer, TieBreak, choose,
};
use crate::benchmarks::prophet::max_weight_realised;
use crate::{Error, Instance};

/// A Monte Carlo estimate: mean, sample variance and replication count.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// The sample mean.
    pub mean: f64,
    /// The unbiased sample variance (0 for one replication).
    pub variance: f64,
    /// The number of replications.
    pub replications: u64,
}

impl Estimate {
    /// An exact value (zero variance).
    pub fn exact(value: f64) -> Estimate {
        Estimate {
            mean: value,
            variance: 0.0,
            replications: 1,
        }
    }

    /// The standard error of the mean.
    pub fn standard_error(&self) -> f64 {
        (self.variance / self.replications as f64).sqrt()
    }

    /// The half-width of the normal 95% confidence interval, `1.96 σ/√R`.
    pub fn ci95(&self) -> f64 {
        1.96 * self.standard_error()
    }
}

/// Running mean and variance (Welford).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Welford {
    n: u64,
    mean: f64,
    m2: f64,
}

impl Welford {
    pub(crate) fn push(&mut self, x: f64) {
        self.n += 1;
        let d = x - self.mean;
        self.mean += d / self.n as f64;
        self.m2 += d * (x - self.mean);
    }
    pub(crate) fn estimate(&self) -> Estimate {
        Estimate {
            mean: self.mean,
            variance: if self.n > 1 {
                self.m2 / (self.n - 1) as f64
            } else {
                0.0
            },
            replications: self.n,
        }
    }
}

/// A uniform `f64` in `[0, 1)` with 53 random bits (the suite's convention).
#[inline]
pub(crate) fn unit(rng: &mut Pcg64) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

pub(crate) fn mix(seed: u64, stream: u64) -> u64 {
    let mut z = seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// What a simulation produced, per algorithm in the order given.
#[derive(Debug, Clone)]
pub struct SimulationReport {
    /// Each algorithm's value.
    pub estimates: Vec<Estimate>,
    /// Each algorithm's total number of attempts over all replications.
    pub attempts: Vec<u64>,
    /// The prophet (E[max-weight matching of the realised graph]) on the same coins, when
    /// asked for.
    pub prophet: Option<Estimate>,
}

enum Runner {
    Greedy(Greedy),
    Balance(Balance),
    Ranking(Ranking),
    Perturbed(PerturbedGreedy),
}

struct State {
    available: Vec<bool>,
    matched: Vec<u32>,
    internal: Pcg64,
    ties: Pcg64,
}

/// One replication of one algorithm: (value, attempts).
#[inline]
fn run_once<S: Scorer>(
    inst: &Instance,
    coins: &[f64],
    scorer: &mut S,
    tie: TieBreak,
    st: &mut State,
) -> (f64, u64) {
    let n = inst.n();
    scorer.begin(n, &mut st.internal);
    for &u in &st.matched {
        st.available[u as usize] = true;
    }
    st.matched.clear();
    let weights = inst.weights();
    let edges = inst.all_edges();
    let (mut value, mut attempts) = (0.0, 0u64);
    for t in 0..inst.arrivals() {
        let range = inst.edge_range(t);
        let start = range.start;
        let nb = &edges[range];
        let avail = &st.available;
        let Some(i) = choose(&*scorer, nb, weights, |u| avail[u], tie, &mut st.ties) else {
            continue;
        };
        attempts += 1;
        let e = nb[i];
        let u = e.u as usize;
        if coins[start + i] < e.p {
            st.available[u] = false;
            st.matched.push(e.u);
            value += weights[u];
            scorer.matched(u);
            if st.matched.len() == n {
                break;
            }
        } else {
            scorer.failed(u, e.p);
        }
    }
    (value, attempts)
}

/// Monte Carlo estimates of each algorithm's expected matched weight, with common random
/// numbers. See [`simulate_detailed`].
///
/// # Errors
/// [`Error::ZeroReplications`].
pub fn simulate(
    inst: &Instance,
    algorithms: &[Algorithm],
    tie: TieBreak,
    replications: u64,
    seed: u64,
) -> Result<Vec<Estimate>, Error> {
    Ok(simulate_detailed(inst, algorithms, tie, replications, seed, false)?.estimates)
}

/// Monte Carlo estimates with common random numbers (one coin per edge per replication,
/// shared by every algorithm and the prophet), plus attempt counts.
///
/// Deterministic: the same seed gives the same bits. O(R · (|E| + #algorithms · Σ deg)),
/// plus O(R · n · |E|) for the prophet.
///
/// ```
/// use stochastic_matching::{Instance, simulate_detailed, Algorithm, TieBreak};
/// // One offline vertex, three arrivals with p = 1/2: every algorithm gets 1 − 1/8.
/// let inst = Instance::unweighted(1, vec![vec![(0, 0.5)]; 3])?;
/// let r = simulate_detailed(&inst, &[Algorithm::Greedy], TieBreak::LowestIndex, 10_000, 1, true)?;
/// assert!((r.estimates[0].mean - 0.875).abs() < 4.0 * r.estimates[0].standard_error());
/// // The prophet sees the same coins: with one offline vertex it equals Greedy exactly.
/// assert_eq!(r.prophet.unwrap().mean, r.estimates[0].mean);
/// # Ok::<(), stochastic_matching::Error>(())
/// ```
///
/// # Errors
/// [`Error::ZeroReplications`].
pub fn simulate_detailed(
    inst: &Instance,
    algorithms: &[Algorithm],
    tie: TieBreak,
    replications: u64,
    seed: u64,
    prophet: bool,
) -> Result<SimulationReport, Error> {
    if replications == 0 {
        return Err(Error::ZeroReplications);
    }
    let n = inst.n();
    let mut runners: Vec<(Runner, State)> = algorithms
        .iter()
        .map(|a| {
            let r = match a {
                Algorithm::Greedy => Runner::Greedy(Greedy),
                Algorithm::Balance(f) => Runner::Balance(Balance::new(*f, n)),
                Algorithm::Ranking => Runner::Ranking(Ranking::new()),
                Algorithm::PerturbedGreedy => Runner::Perturbed(PerturbedGreedy::default()),
            };
            let tie_seed = match tie {
                TieBreak::Random(s) => s,
                _ => 0,
            };
            let st = State {
                available: vec![true; n],
                matched: Vec::new(),
                internal: Pcg64::seed_from_u64(mix(seed, a.stream())),
                ties: Pcg64::seed_from_u64(mix(mix(seed, tie_seed), a.stream() + 100)),
            };
            (r, st)
        })
        .collect();
    let mut stats = vec![Welford::default(); algorithms.len()];
    let mut attempts = vec![0u64; algorithms.len()];
    let mut prophet_stats = Welford::default();
    let mut coin_rng = Pcg64::seed_from_u64(seed);
    let mut coins = vec![0.0; inst.edges()];
    let adjacency = if prophet {
        inst.offline_adjacency()
    } else {
        Vec::new()
    };
    for _ in 0..replications {
        for c in coins.iter_mut() {
            *c = unit(&mut coin_rng);
        }
        for (i, (runner, st)) in runners.iter_mut().enumerate() {
            let (v, a) = match runner {
                Runner::Greedy(s) => run_once(inst, &coins, s, tie, st),
                Runner::Balance(s) => run_once(inst, &coins, s, tie, st),
                Runner::Ranking(s) => run_once(inst, &coins, s, tie, st),
                Runner::Perturbed(s) => run_once(inst, &coins, s, tie, st),
            };
            stats[i].push(v);
            attempts[i] += a;
        }
        if prophet {
            prophet_stats.push(max_weight_realised(inst, &adjacency, &coins));
        }
    }
    Ok(SimulationReport {
        estimates: stats.iter().map(Welford::estimate).collect(),
        attempts,
        prophet: prophet.then(|| prophet_stats.estimate()),
    })
}
