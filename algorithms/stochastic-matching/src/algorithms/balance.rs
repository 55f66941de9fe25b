//! Stochastic Balance: attempt the available neighbour maximising `w_u p_uv f(ℓ_u)`, where the
//! load `ℓ_u` is the sum of `p` over past (failed) attempts on `u` and `f` is decreasing.
//!
//! Mehta–Panigrahi (FOCS'12): 0.567 against the budgeted LP for equal vanishing `p` (any
//! decreasing `f` is then "least load"). Huang–Zhang (STOC'20): 0.572 / 0.576 against the
//! configuration LP; Huang et al. (arXiv 2309.10289): 0.611 / 0.613 against the stochastic
//! configuration LP, hence against the adaptive optimum. O(deg v) per arrival.

use rand_pcg::Pcg64;

use super::Scorer;

/// The decreasing function `f` of the load.
#[derive(Debug, Clone, Copy)]
pub enum LoadFunction {
    /// `e^{−ℓ}` (the default, as in the onlinematching crate's Balance).
    Exp,
    /// `max(0, 1 − e^{ℓ−1})` (MSVV-style; clamped at 0 once `ℓ ≥ 1`, ties then go to the
    /// tie-break).
    Msvv,
    /// `max(0, 1 − ℓ)`.
    Linear,
    /// Any other function; it should be decreasing and finite.
    Custom(fn(f64) -> f64),
}

impl LoadFunction {
    /// `f(ℓ)`.
    #[inline]
    pub fn eval(&self, load: f64) -> f64 {
        match self {
            LoadFunction::Exp => (-load).exp(),
            LoadFunction::Msvv => (1.0 - (load - 1.0).exp()).max(0.0),
            LoadFunction::Linear => (1.0 - load).max(0.0),
            LoadFunction::Custom(f) => f(load),
        }
    }

    /// A short name.
    pub fn name(&self) -> &'static str {
        match self {
            LoadFunction::Exp => "exp",
            LoadFunction::Msvv => "msvv",
            LoadFunction::Linear => "linear",
            LoadFunction::Custom(_) => "custom",
        }
    }
}

impl PartialEq for LoadFunction {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (LoadFunction::Custom(a), LoadFunction::Custom(b)) => std::ptr::fn_addr_eq(*a, *b),
            _ => self.name() == other.name(),
        }
    }
}

/// Stochastic Balance's state: the loads.
///
/// ```
/// use stochastic_matching::{Instance, simulate, Algorithm, LoadFunction, TieBreak};
/// let inst = Instance::unweighted(2, vec![vec![(0, 0.5), (1, 0.5)]; 4])?;
/// let est = simulate(&inst, &[Algorithm::Balance(LoadFunction::Exp)], TieBreak::LowestIndex, 1000, 7)?;
/// assert!(est[0].mean > 1.0);
/// # Ok::<(), stochastic_matching::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Balance {
    f: LoadFunction,
    load: Vec<f64>,
}

impl Balance {
    /// Balance with load function `f` on `n` offline vertices.
    pub fn new(f: LoadFunction, n: usize) -> Balance {
        Balance {
            f,
            load: vec![0.0; n],
        }
    }
}

impl Scorer for Balance {
    fn begin(&mut self, n: usize, _rng: &mut Pcg64) {
        self.load.clear();
        self.load.resize(n, 0.0);
    }
    #[inline]
    fn score(&self, u: usize, w: f64, p: f64) -> f64 {
        w * p * self.f.eval(self.load[u])
    }
    #[inline]
    fn failed(&mut self, u: usize, p: f64) {
        self.load[u] += p;
    }
    fn matched(&mut self, u: usize) {
        self.load[u] = 0.0;
    }
    fn key(&self, out: &mut Vec<u64>) {
        out.extend(self.load.iter().map(|l| l.to_bits()));
    }
}
