//! Perturbed Greedy (Aggarwal, Goel, Karande, Mehta; vertex-weighted Ranking): draw
//! `y_u ~ U[0,1]` once, attempt the available neighbour maximising `w_u p_uv (1 − e^{y_u − 1})`.
//! Goyal–Udwani: `1 − 1/e` against the adaptive benchmark for decomposable `p`; strictly
//! below `1 − 1/e` in general (Udwani, arXiv 2308.09767). O(deg v) per arrival.

use rand_pcg::Pcg64;

use super::Scorer;
use crate::simulate::unit;

/// Perturbed Greedy's state: the perturbation factors `1 − e^{y_u − 1}`.
///
/// ```
/// use stochastic_matching::{Instance, simulate, Algorithm, TieBreak};
/// let inst = Instance::unweighted(1, vec![vec![(0, 0.5)]; 3])?;
/// let est = simulate(&inst, &[Algorithm::PerturbedGreedy], TieBreak::LowestIndex, 4000, 3)?;
/// assert!((est[0].mean - 0.875).abs() < 4.0 * est[0].standard_error() + 1e-12);
/// # Ok::<(), stochastic_matching::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct PerturbedGreedy {
    factor: Vec<f64>,
}

impl Scorer for PerturbedGreedy {
    fn begin(&mut self, n: usize, rng: &mut Pcg64) {
        self.factor.clear();
        self.factor
            .extend((0..n).map(|_| 1.0 - (unit(rng) - 1.0).exp()));
    }
    #[inline]
    fn score(&self, u: usize, w: f64, p: f64) -> f64 {
        w * p * self.factor[u]
    }
    fn failed(&mut self, _u: usize, _p: f64) {}
    fn matched(&mut self, _u: usize) {}
    fn key(&self, out: &mut Vec<u64>) {
        out.extend(self.factor.iter().map(|f| f.to_bits()));
    }
}
