//! Exact expectations of the online algorithms on small instances, by recursion over the
//! success/failure outcomes of each attempt, memoised on (arrival, available set, algorithm
//! state). Ranking is averaged over all `n!` orders. These are the oracles the Monte Carlo
//! simulator is tested against.

use std::collections::HashMap;

use rand_core::SeedableRng;
use rand_pcg::Pcg64;

use crate::algorithms::{Algorithm, Balance, Greedy, Ranking, Scorer, TieBreak, choose};
use crate::{Error, Instance};

/// The default cap on memoised states of the exact recursion.
pub const DEFAULT_STATE_CAP: u64 = 4_000_000;
/// The largest `n` whose `n!` Ranking orders are enumerated.
pub const RANKING_CAP: usize = 8;

struct Memo<'a, S: Scorer> {
    inst: &'a Instance,
    tie: TieBreak,
    memo: HashMap<Vec<u64>, f64>,
    cap: u64,
    rng: Pcg64,
    _s: std::marker::PhantomData<S>,
}

impl<S: Scorer> Memo<'_, S> {
    fn value(&mut self, t: usize, mask: u64, scorer: &S) -> Result<f64, Error> {
        if t == self.inst.arrivals() || mask == 0 {
            return Ok(0.0);
        }
        let mut key = vec![t as u64, mask];
        scorer.key(&mut key);
        if let Some(&v) = self.memo.get(&key) {
            return Ok(v);
        }
        if self.memo.len() as u64 >= self.cap {
            return Err(Error::InstanceAboveCap {
                what: "exact expectation (memoised states)",
                size: self.memo.len() as u64 + 1,
                cap: self.cap,
            });
        }
        let nb = self.inst.neighbours(t);
        let w = self.inst.weights();
        let pick = choose(
            scorer,
            nb,
            w,
            |u| mask >> u & 1 == 1,
            self.tie,
            &mut self.rng,
        );
        let v = match pick {
            None => self.value(t + 1, mask, scorer)?,
            Some(i) => {
                let e = nb[i];
                let u = e.u as usize;
                let mut on_success = scorer.clone();
                on_success.matched(u);
                let mut on_failure = scorer.clone();
                on_failure.failed(u, e.p);
                let s = self.value(t + 1, mask & !(1 << u), &on_success)?;
                let f = if e.p < 1.0 {
                    self.value(t + 1, mask, &on_failure)?
                } else {
                    0.0
                };
                e.p * (w[u] + s) + (1.0 - e.p) * f
            }
        };
        self.memo.insert(key, v);
        Ok(v)
    }
}

fn run<S: Scorer>(inst: &Instance, scorer: &S, tie: TieBreak, cap: u64) -> Result<f64, Error> {
    let mut m = Memo {
        inst,
        tie,
        memo: HashMap::new(),
        cap,
        rng: Pcg64::seed_from_u64(0),
        _s: std::marker::PhantomData,
    };
    let full = if inst.n() == 64 {
        u64::MAX
    } else {
        (1u64 << inst.n()) - 1
    };
    m.value(0, full, scorer)
}

/// The exact expected matched weight of a deterministic algorithm (Greedy, Balance with a
/// deterministic tie-break) or of Ranking (averaged over all `n!` orders, `n ≤ 8`).
///
/// Cost: O(#reachable states · deg); Greedy's states are at most `T · 2^n`, Balance's also
/// carry the loads.
///
/// ```
/// use stochastic_matching::{Instance, exact_expectation, Algorithm, TieBreak};
/// let inst = Instance::unweighted(1, vec![vec![(0, 0.5)]; 3])?;
/// let v = exact_expectation(&inst, Algorithm::Greedy, TieBreak::LowestIndex)?;
/// assert!((v - 0.875).abs() < 1e-15);
/// # Ok::<(), stochastic_matching::Error>(())
/// ```
///
/// # Errors
/// [`Error::NotExact`] for Perturbed Greedy or [`TieBreak::Random`];
/// [`Error::InstanceAboveCap`] when `n > 64`, Ranking with `n > 8`, or more than
/// [`DEFAULT_STATE_CAP`] states.
pub fn exact_expectation(inst: &Instance, alg: Algorithm, tie: TieBreak) -> Result<f64, Error> {
    exact_expectation_capped(inst, alg, tie, DEFAULT_STATE_CAP)
}

/// [`exact_expectation`] with an explicit cap on memoised states.
///
/// # Errors
/// As [`exact_expectation`].
pub fn exact_expectation_capped(
    inst: &Instance,
    alg: Algorithm,
    tie: TieBreak,
    cap: u64,
) -> Result<f64, Error> {
    let not_exact = || Error::NotExact {
        algorithm: format!("{} with {tie:?} ties", alg.name()),
    };
    if matches!(tie, TieBreak::Random(_)) {
        return Err(not_exact());
    }
    if inst.n() > 64 {
        return Err(Error::InstanceAboveCap {
            what: "exact expectation (offline vertices)",
            size: inst.n() as u64,
            cap: 64,
        });
    }
    if inst.is_trivial() && alg != Algorithm::PerturbedGreedy {
        return Ok(0.0);
    }
    match alg {
        Algorithm::Greedy => run(inst, &Greedy, tie, cap),
        Algorithm::Balance(f) => run(inst, &Balance::new(f, inst.n()), tie, cap),
        Algorithm::Ranking => {
            let n = inst.n();
            if n > RANKING_CAP {
                return Err(Error::InstanceAboveCap {
                    what: "exact Ranking (n! orders)",
                    size: n as u64,
                    cap: RANKING_CAP as u64,
                });
            }
            let mut order: Vec<u32> = (0..n as u32).collect();
            let (mut sum, mut count) = (0.0, 0u64);
            loop {
                sum += run(inst, &Ranking::with_order(order.clone()), tie, cap)?;
                count += 1;
                if !next_permutation(&mut order) {
                    break;
                }
            }
            Ok(sum / count as f64)
        }
        Algorithm::PerturbedGreedy => Err(not_exact()),
    }
}

/// Advances to the next permutation in lexicographic order; false after the last.
pub(crate) fn next_permutation(a: &mut [u32]) -> bool {
    let n = a.len();
    if n < 2 {
        return false;
    }
    let mut i = n - 1;
    while i > 0 && a[i - 1] >= a[i] {
        i -= 1;
    }
    if i == 0 {
        return false;
    }
    let mut j = n - 1;
    while a[j] <= a[i - 1] {
        j -= 1;
    }
    a.swap(i - 1, j);
    a[i..].reverse();
    true
}
