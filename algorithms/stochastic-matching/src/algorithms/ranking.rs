//! (Stochastic) Ranking: draw one uniformly random order of the offline vertices, attempt the
//! available neighbour that comes first. Mehta–Panigrahi: 0.534 against the budgeted LP for
//! equal vanishing `p`; with `p ≡ 1` it is KVV's Ranking, `1 − 1/e`. O(deg v) per arrival,
//! O(n) per replication for the order.

use rand_pcg::Pcg64;

use super::Scorer;

/// Ranking's state: the rank of each offline vertex (smaller = preferred).
///
/// ```
/// use stochastic_matching::{Ranking, Scorer};
/// let r = Ranking::with_order(vec![2, 0, 1]);
/// assert!(r.score(1, 1.0, 0.5) > r.score(2, 1.0, 0.5));
/// ```
#[derive(Debug, Clone, Default)]
pub struct Ranking {
    rank: Vec<u32>,
    fixed: bool,
}

impl Ranking {
    /// A Ranking that draws a fresh order each replication.
    pub fn new() -> Ranking {
        Ranking::default()
    }

    /// A Ranking with a fixed order: `rank[u]` (for exact expectations over all orders).
    pub fn with_order(rank: Vec<u32>) -> Ranking {
        Ranking { rank, fixed: true }
    }
}

impl Scorer for Ranking {
    fn begin(&mut self, n: usize, rng: &mut Pcg64) {
        if self.fixed {
            return;
        }
        self.rank.clear();
        self.rank.extend(0..n as u32);
        for i in (1..n).rev() {
            let j = datasets_below(rng, i as u64 + 1) as usize;
            self.rank.swap(i, j);
        }
    }
    #[inline]
    fn score(&self, u: usize, _w: f64, _p: f64) -> f64 {
        -f64::from(self.rank[u])
    }
    fn failed(&mut self, _u: usize, _p: f64) {}
    fn matched(&mut self, _u: usize) {}
    fn key(&self, _out: &mut Vec<u64>) {}
}

/// A uniform integer in `0..bound`, without modulo bias (Lemire's method with rejection).
pub(crate) fn datasets_below(rng: &mut Pcg64, bound: u64) -> u64 {
    use rand_core::Rng;
    loop {
        let x = rng.next_u64();
        let wide = u128::from(x) * u128::from(bound);
        let low = wide as u64;
        if low >= bound.wrapping_neg() % bound {
            return (wide >> 64) as u64;
        }
    }
}
