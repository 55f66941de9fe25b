//! Greedy: attempt the available neighbour with the largest expected reward `w_u p_uv`.
//!
//! 1/2-competitive against the budgeted LP (Mehta–Panigrahi, FOCS'12). O(deg v) per arrival.

use rand_pcg::Pcg64;

use super::Scorer;

/// Greedy's (empty) state.
///
/// ```
/// use stochastic_matching::{Instance, simulate, Algorithm, TieBreak};
/// let inst = Instance::unweighted(1, vec![vec![(0, 1.0)]])?;
/// let est = simulate(&inst, &[Algorithm::Greedy], TieBreak::LowestIndex, 10, 1)?;
/// assert_eq!(est[0].mean, 1.0);
/// # Ok::<(), stochastic_matching::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Greedy;

impl Scorer for Greedy {
    fn begin(&mut self, _n: usize, _rng: &mut Pcg64) {}
    #[inline]
    fn score(&self, _u: usize, w: f64, p: f64) -> f64 {
        w * p
    }
    fn failed(&mut self, _u: usize, _p: f64) {}
    fn matched(&mut self, _u: usize) {}
    fn key(&self, _out: &mut Vec<u64>) {}
}
