//! Row sampling with rescaling: Bernoulli (independent, `q_i = min(1, kσ_i/Σσ)`) and i.i.d.
//! with replacement, so that `E‖SAx‖_p^p = ‖Ax‖_p^p` for every x.

use faer::{Mat, MatRef};
use rand_core::{Rng, SeedableRng};
use rand_pcg::Pcg64;

use crate::error::{Error, check_p};

/// A sample: kept row indices (in increasing order for Bernoulli, in draw order with
/// repetitions for i.i.d.) and the factor each kept row is multiplied by.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// Indices into the rows of `A`.
    pub indices: Vec<usize>,
    /// Row `indices[j]` of `A` is multiplied by `weights[j]` in `SA`.
    pub weights: Vec<f64>,
}

impl Sample {
    /// The number of rows of `SA`.
    pub fn len(&self) -> usize {
        self.indices.len()
    }

    /// Whether nothing was kept.
    pub fn is_empty(&self) -> bool {
        self.indices.is_empty()
    }

    /// `SA`: the kept rows of `a`, rescaled.
    ///
    /// # Errors
    /// [`Error::DimensionMismatch`] if an index is out of range for `a`.
    pub fn sketch(&self, a: MatRef<'_, f64>) -> Result<Mat<f64>, Error> {
        if let Some(&bad) = self.indices.iter().find(|&&i| i >= a.nrows()) {
            return Err(Error::DimensionMismatch {
                what: "sample index",
                expected: a.nrows(),
                got: bad,
            });
        }
        Ok(Mat::from_fn(self.len(), a.ncols(), |i, j| {
            a[(self.indices[i], j)] * self.weights[i]
        }))
    }
}

fn unit(rng: &mut Pcg64) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Checks scores: finite, ≥ 0, not all zero; returns their sum.
///
/// # Errors
/// [`Error::InvalidScore`] naming the first bad score, or [`Error::AllScoresZero`].
pub fn check_scores(scores: &[f64]) -> Result<f64, Error> {
    if let Some((index, &value)) = scores
        .iter()
        .enumerate()
        .find(|(_, v)| !(v.is_finite() && **v >= 0.0))
    {
        return Err(Error::InvalidScore { index, value });
    }
    let total: f64 = scores.iter().sum();
    if total > 0.0 && total.is_finite() {
        Ok(total)
    } else {
        Err(Error::AllScoresZero)
    }
}

/// The keep probabilities `q_i = min(1, k σ_i / Σσ)` of [`bernoulli`].
///
/// # Errors
/// As [`bernoulli`].
pub fn keep_probabilities(scores: &[f64], k: usize) -> Result<Vec<f64>, Error> {
    if k == 0 {
        return Err(Error::ZeroBudget);
    }
    let total = check_scores(scores)?;
    Ok(scores
        .iter()
        .map(|s| (k as f64 * s / total).min(1.0))
        .collect())
}

/// Bernoulli sampling: keep row i independently with probability `q_i = min(1, kσ_i/Σσ)` and
/// scale it by `q_i^{−1/p}`. Then `E‖SAx‖_p^p = ‖Ax‖_p^p` for all x and `E[rows] ≤ k`.
///
/// One uniform draw per row from PCG-64 seeded with `seed` (the same seed gives the same
/// sample everywhere). Cost `O(n)`.
///
/// # Errors
/// [`Error::InvalidP`], [`Error::ZeroBudget`], [`Error::InvalidScore`],
/// [`Error::AllScoresZero`].
///
/// ```
/// use sensitivity_sampling::bernoulli;
/// // A budget above Σσ/min σ keeps every row with weight 1.
/// let s = bernoulli(&[1.0, 2.0, 3.0], 6, 1.0, 7).unwrap();
/// assert_eq!(s.indices, vec![0, 1, 2]);
/// assert_eq!(s.weights, vec![1.0, 1.0, 1.0]);
/// ```
pub fn bernoulli(scores: &[f64], k: usize, p: f64, seed: u64) -> Result<Sample, Error> {
    let p = check_p(p)?;
    let q = keep_probabilities(scores, k)?;
    let mut rng = Pcg64::seed_from_u64(seed);
    let mut indices = Vec::new();
    let mut weights = Vec::new();
    for (i, &qi) in q.iter().enumerate() {
        let u = unit(&mut rng);
        if u < qi {
            indices.push(i);
            weights.push(qi.powf(-1.0 / p));
        }
    }
    Ok(Sample { indices, weights })
}

/// I.i.d. sampling with replacement: `m` draws with probability `π_i = σ_i/Σσ`, each drawn
/// row scaled by `(m π_i)^{−1/p}` (unbiased for `‖Ax‖_p^p`). Cost `O(n + m log n)`.
///
/// # Errors
/// [`Error::InvalidP`], [`Error::ZeroBudget`] (m = 0), [`Error::InvalidScore`],
/// [`Error::AllScoresZero`].
///
/// ```
/// use sensitivity_sampling::with_replacement;
/// let s = with_replacement(&[0.0, 1.0, 0.0], 3, 2.0, 1).unwrap();
/// assert_eq!(s.indices, vec![1, 1, 1]);
/// assert!((s.weights[0] - (1.0f64 / 3.0).sqrt()).abs() < 1e-15);
/// ```
pub fn with_replacement(scores: &[f64], m: usize, p: f64, seed: u64) -> Result<Sample, Error> {
    let p = check_p(p)?;
    if m == 0 {
        return Err(Error::ZeroBudget);
    }
    let total = check_scores(scores)?;
    let mut cumulative = Vec::with_capacity(scores.len());
    let mut acc = 0.0;
    for s in scores {
        acc += s;
        cumulative.push(acc);
    }
    let mut rng = Pcg64::seed_from_u64(seed);
    let mut indices = Vec::with_capacity(m);
    let mut weights = Vec::with_capacity(m);
    for _ in 0..m {
        let target = unit(&mut rng) * acc;
        // The first index whose cumulative sum exceeds the target: its score is positive,
        // since a zero score leaves the cumulative sum unchanged.
        let i = cumulative
            .partition_point(|&c| c <= target)
            .min(scores.len() - 1);
        let pi = scores[i] / total;
        indices.push(i);
        weights.push((m as f64 * pi).powf(-1.0 / p));
    }
    Ok(Sample { indices, weights })
}
