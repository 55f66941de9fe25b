//! The online algorithms. Each one is a [`Scorer`]: on arrival of `v`, the algorithm attempts
//! the available neighbour with the highest score, ties broken by [`TieBreak`]. The simulator
//! ([`crate::simulate`](mod@crate::simulate)) and the exact recursion ([`crate::exact`]) share [`choose`], so both
//! see the same decisions.

mod balance;
mod greedy;
mod perturbed_greedy;
mod ranking;

pub use balance::{Balance, LoadFunction};
pub use greedy::Greedy;
pub use perturbed_greedy::PerturbedGreedy;
pub use ranking::Ranking;
pub(crate) use ranking::datasets_below as ranking_below;

use rand_pcg::Pcg64;

use crate::Neighbour;

/// How ties between equal scores are broken. Worst-case instances exploit ties (e.g.
/// upper-triangular with [`TieBreak::HighestIndex`]), so it is always explicit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TieBreak {
    /// The tied offline vertex with the smallest index.
    LowestIndex,
    /// The tied offline vertex with the largest index (adversarial on upper-triangular).
    HighestIndex,
    /// Uniformly at random among the tied vertices, from a stream seeded with this seed
    /// (mixed with the simulation's seed and replication).
    Random(u64),
}

/// The state an algorithm keeps between arrivals.
pub trait Scorer: Clone {
    /// Called before each replication: draws the algorithm's internal randomness.
    fn begin(&mut self, n: usize, rng: &mut Pcg64);
    /// The score of attempting offline `u` (weight `w`) on an edge with probability `p`.
    fn score(&self, u: usize, w: f64, p: f64) -> f64;
    /// Called after a failed attempt on `u` with probability `p`.
    fn failed(&mut self, u: usize, p: f64);
    /// Called after `u` was matched (its state no longer matters).
    fn matched(&mut self, u: usize);
    /// Appends the state that future decisions depend on (for memoisation); stateless
    /// algorithms append nothing.
    fn key(&self, out: &mut Vec<u64>);
}

/// The algorithms, by name.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Algorithm {
    /// Attempt the available neighbour maximising `w_u p_uv`.
    Greedy,
    /// Stochastic Balance with a load function.
    Balance(LoadFunction),
    /// (Stochastic) Ranking: one uniformly random order of `U`.
    Ranking,
    /// Perturbed Greedy: `w_u p_uv (1 − e^{y_u − 1})`, `y_u ~ U[0,1]`.
    PerturbedGreedy,
}

impl Algorithm {
    /// Every named algorithm, with the default and variant load functions.
    pub const ALL: [Algorithm; 9] = [
        Algorithm::Greedy,
        Algorithm::Balance(LoadFunction::Exp),
        Algorithm::Balance(LoadFunction::Msvv),
        Algorithm::Balance(LoadFunction::Linear),
        Algorithm::Balance(LoadFunction::GoyalUdwani),
        Algorithm::Balance(LoadFunction::GuRational),
        Algorithm::Balance(LoadFunction::GuExp),
        Algorithm::Ranking,
        Algorithm::PerturbedGreedy,
    ];

    /// The name used on the command line and in reports.
    pub fn name(&self) -> String {
        match self {
            Algorithm::Greedy => "greedy".into(),
            Algorithm::Balance(LoadFunction::Exp) => "balance".into(),
            Algorithm::Balance(f) => format!("balance-{}", f.name()),
            Algorithm::Ranking => "ranking".into(),
            Algorithm::PerturbedGreedy => "perturbed-greedy".into(),
        }
    }

    /// Parses [`Algorithm::name`].
    ///
    /// # Errors
    /// [`crate::Error::InvalidParameter`] naming the known algorithms.
    pub fn from_name(name: &str) -> Result<Algorithm, crate::Error> {
        Algorithm::ALL
            .into_iter()
            .find(|a| a.name() == name)
            .ok_or_else(|| crate::Error::InvalidParameter {
                name: "algorithm",
                reason: format!(
                    "unknown algorithm `{name}`; known: {}",
                    Algorithm::ALL.map(|a| a.name()).join(", ")
                ),
            })
    }

    /// Whether the algorithm uses internal randomness (beyond tie-breaking).
    pub fn is_randomised(&self) -> bool {
        matches!(self, Algorithm::Ranking | Algorithm::PerturbedGreedy)
    }

    /// A stream identifier for the algorithm's internal randomness, so that the same
    /// algorithm draws the same bits whichever others run beside it.
    pub(crate) fn stream(&self) -> u64 {
        match self {
            Algorithm::Greedy => 1,
            Algorithm::Balance(_) => 2,
            Algorithm::Ranking => 3,
            Algorithm::PerturbedGreedy => 4,
        }
    }
}

/// The edge (index into `edges`) that the algorithm attempts among the available
/// neighbours, or `None` when no neighbour is available. `rng` is used only by
/// [`TieBreak::Random`].
#[inline]
pub fn choose<S: Scorer>(
    scorer: &S,
    edges: &[Neighbour],
    weights: &[f64],
    available: impl Fn(usize) -> bool,
    tie: TieBreak,
    rng: &mut Pcg64,
) -> Option<usize> {
    let mut best: Option<usize> = None;
    let mut best_score = f64::NEG_INFINITY;
    let mut ties = 0u64;
    for (i, e) in edges.iter().enumerate() {
        let u = e.u as usize;
        if !available(u) {
            continue;
        }
        let s = scorer.score(u, weights[u], e.p);
        if best.is_none() || s > best_score {
            best = Some(i);
            best_score = s;
            ties = 1;
        } else if s == best_score {
            match tie {
                TieBreak::LowestIndex => {}
                TieBreak::HighestIndex => best = Some(i),
                TieBreak::Random(_) => {
                    ties += 1;
                    if ranking::datasets_below(rng, ties) == 0 {
                        best = Some(i);
                    }
                }
            }
        }
    }
    best
}
