//! Exact ℓp sensitivities `s_i = sup_x |a_iᵀx|^p / ‖Ax‖_p^p`, one convex solve per row.

use faer::linalg::matmul::matmul;
use faer::{Accum, Mat, MatRef, Par};

use crate::error::{Error, check_p};
use crate::matrix::mul_vec;
use crate::regression::{LpBackend, lp_minimize};

/// Exact sensitivities with their maximisers.
#[derive(Debug, Clone, PartialEq)]
pub struct Sensitivities {
    /// `s_i ∈ [0, 1]` (0 exactly on zero rows).
    pub scores: Vec<f64>,
    /// The total sensitivity `𝔖 = Σ s_i`.
    pub total: f64,
    /// For each nonzero row, a maximiser `x_i*` scaled to `‖Ax_i*‖_p = 1` (empty for zero rows):
    /// candidate directions for the distortion estimate.
    pub maximisers: Vec<Vec<f64>>,
}

/// An orthonormal basis of `u^⊥` (d×(d−1)) from the Householder reflector mapping `u` to ±e₁.
fn complement_basis(u: &[f64]) -> Mat<f64> {
    let d = u.len();
    let norm = u.iter().map(|v| v * v).sum::<f64>().sqrt();
    let mut v: Vec<f64> = u.iter().map(|x| x / norm).collect();
    v[0] += if v[0] >= 0.0 { 1.0 } else { -1.0 };
    let vv: f64 = v.iter().map(|x| x * x).sum();
    Mat::from_fn(d, d - 1, |i, j| {
        let col = j + 1;
        let id = if i == col { 1.0 } else { 0.0 };
        id - 2.0 * v[i] * v[col] / vv
    })
}

/// Exact ℓp sensitivities of a full-column-rank `A` (n×d).
///
/// `s_i = 1 / min{‖Ax‖_p^p : a_iᵀx = 1}` (`s_i = 0` for a zero row). The constraint is
/// removed by `x = a_i/‖a_i‖² + N z` with `N` an orthonormal basis of `a_i^⊥`, leaving the
/// unconstrained ℓp regression `min_z ‖(AN)z + A a_i/‖a_i‖²‖_p^p` solved by
/// [`lp_minimize`]: one LP per row for p = 1 (the LP of Woodruff–Yasuda's definition; with
/// [`LpBackend::Simplex`], the default, the purpose-built LAD simplex
/// [`crate::l1_sensitivities`] replaces the n general LPs, and good_lp's backends remain its
/// oracle), one Newton solve per row for p > 1. Cost: n solves of size n×(d−1) — an oracle for n up to a
/// few thousand. Invariant under `A → AR`.
///
/// # Errors
/// [`Error::InvalidP`]; [`Error::Cholesky`] when `A` is rank deficient (p > 1; reduce with
/// [`crate::RowSpace`] first), [`Error::RankDeficient`] likewise at p = 1 with the simplex;
/// [`Error::Solver`] when a solve fails.
///
/// ```
/// use faer::Mat;
/// use sensitivity_sampling::{LpBackend, sensitivities};
/// // The identity stacked twice: s_i = 1/2 for every p.
/// let a = Mat::from_fn(6, 3, |i, j| if i % 3 == j { 1.0 } else { 0.0 });
/// let s = sensitivities(a.as_ref(), 1.0, LpBackend::default()).unwrap();
/// assert!(s.scores.iter().all(|v| (v - 0.5).abs() < 1e-6));
/// ```
pub fn sensitivities(
    a: MatRef<'_, f64>,
    p: f64,
    backend: LpBackend,
) -> Result<Sensitivities, Error> {
    let p = check_p(p)?;
    if p == 1.0 && backend == LpBackend::Simplex {
        return crate::l1_simplex::l1_sensitivities(a);
    }
    let (n, d) = (a.nrows(), a.ncols());
    let mut scores = vec![0.0; n];
    let mut maximisers = vec![Vec::new(); n];
    for i in 0..n {
        let ai: Vec<f64> = (0..d).map(|j| a[(i, j)]).collect();
        let norm2: f64 = ai.iter().map(|v| v * v).sum();
        if norm2 == 0.0 {
            continue;
        }
        let x0: Vec<f64> = ai.iter().map(|v| v / norm2).collect();
        let c = mul_vec(a, &x0);
        let basis = complement_basis(&ai);
        let mut m = Mat::<f64>::zeros(n, d - 1);
        if d > 1 {
            matmul(&mut m, Accum::Replace, a, &basis, 1.0, Par::Seq);
        }
        let min = lp_minimize(m.as_ref(), &c, p, backend)?;
        if !(min.value.is_finite() && min.value > 0.0) {
            return Err(Error::Solver(format!(
                "row {i}: minimum {} is not positive",
                min.value
            )));
        }
        scores[i] = 1.0 / min.value;
        let scale = min.value.powf(-1.0 / p);
        maximisers[i] = (0..d)
            .map(|r| (x0[r] + (0..d - 1).map(|l| basis[(r, l)] * min.z[l]).sum::<f64>()) * scale)
            .collect();
    }
    let total = scores.iter().sum();
    Ok(Sensitivities {
        scores,
        total,
        maximisers,
    })
}
