//! Leverage scores `τ_i = a_iᵀ(AᵀA)⁻¹a_i`, and the weighted quadratic forms the Lewis
//! iteration is built from.

use faer::linalg::matmul::triangular::{BlockStructure, matmul};
use faer::linalg::triangular_solve::solve_lower_triangular_in_place;
use faer::{Accum, Mat, MatRef, Par, Side};

use crate::error::Error;

/// `q_i = a_iᵀ (Aᵀ diag(v) A)⁻¹ a_i` for every row, with `v ≥ 0`.
///
/// Builds `M = Bᵀ B` with `B = diag(√v) A`, factors `M = LLᵀ`, forms `C = A L⁻ᵀ` and returns
/// the squared row norms of `C`. Cost: about `2nd²` flops (the lower half of the Gram matrix,
/// a product with a triangular matrix) and a `d×d` Cholesky.
///
/// # Errors
/// [`Error::DimensionMismatch`] if `v` has the wrong length; [`Error::Cholesky`] if `M` is not
/// numerically positive definite (no pseudo-inverse is substituted).
pub fn weighted_quadratic_forms(
    a: MatRef<'_, f64>,
    v: &[f64],
    context: &'static str,
) -> Result<Vec<f64>, Error> {
    let (n, d) = (a.nrows(), a.ncols());
    if v.len() != n {
        return Err(Error::DimensionMismatch {
            what: "weights",
            expected: n,
            got: v.len(),
        });
    }
    let sqrt_v: Vec<f64> = v.iter().map(|x| x.sqrt()).collect();
    let b = Mat::from_fn(n, d, |i, j| a[(i, j)] * sqrt_v[i]);
    let mut m = Mat::<f64>::zeros(d, d);
    // Only the lower triangle of the symmetric Gram matrix is formed (and read by the LLᵀ).
    matmul(
        &mut m,
        BlockStructure::TriangularLower,
        Accum::Replace,
        b.transpose(),
        BlockStructure::Rectangular,
        &b,
        BlockStructure::Rectangular,
        1.0,
        Par::Seq,
    );
    let llt = m
        .llt(Side::Lower)
        .map_err(|_| Error::Cholesky { context })?;
    let mut linv = Mat::<f64>::identity(d, d);
    solve_lower_triangular_in_place(llt.L(), linv.as_mut(), Par::Seq);
    let mut c = Mat::<f64>::zeros(n, d);
    // L⁻ᵀ is upper triangular: half the flops of a general product.
    matmul(
        &mut c,
        BlockStructure::Rectangular,
        Accum::Replace,
        a,
        BlockStructure::Rectangular,
        linv.transpose(),
        BlockStructure::TriangularUpper,
        1.0,
        Par::Seq,
    );
    let mut q = vec![0.0; n];
    for j in 0..d {
        for (qi, cij) in q.iter_mut().zip(c.col(j).iter()) {
            *qi += cij * cij;
        }
    }
    if let Some(bad) = q.iter().position(|x| !x.is_finite()) {
        let _ = bad;
        return Err(Error::Cholesky { context });
    }
    Ok(q)
}

/// Leverage scores `τ_i = a_iᵀ(AᵀA)⁻¹a_i` of a full-column-rank matrix; `Σ τ_i = d`.
///
/// Cost `O(n d²)`. For a rank-deficient matrix, pass [`crate::RowSpace::basis`] (the scores are
/// invariant under `A → AR`), or use [`crate::Method::Leverage`], which does so.
///
/// # Errors
/// [`Error::Cholesky`] if `AᵀA` is not numerically positive definite.
///
/// ```
/// use faer::mat;
/// let a = mat![[1.0, 0.0], [0.0, 1.0], [0.0, 1.0]];
/// let tau = sensitivity_sampling::leverage_scores(a.as_ref()).unwrap();
/// assert!((tau[0] - 1.0).abs() < 1e-12 && (tau[1] - 0.5).abs() < 1e-12);
/// ```
pub fn leverage_scores(a: MatRef<'_, f64>) -> Result<Vec<f64>, Error> {
    weighted_quadratic_forms(a, &vec![1.0; a.nrows()], "leverage scores")
}
