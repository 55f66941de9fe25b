//! Leverage scores `τ_i = a_iᵀ(AᵀA)⁻¹a_i`, and the weighted quadratic forms the Lewis
//! iteration is built from.

use faer::linalg::matmul::matmul as general_matmul;
use faer::linalg::matmul::triangular::{BlockStructure, matmul};
use faer::linalg::triangular_solve::solve_lower_triangular_in_place;
use faer::{Accum, Mat, MatMut, MatRef, Par, Side};

use crate::error::Error;

/// Reusable buffers for [`weighted_quadratic_forms`]: the Lewis iteration computes the same
/// shapes every step, so it allocates them once.
#[derive(Debug, Clone)]
pub struct QuadraticForms {
    /// `diag(√v) A`, then `A L⁻ᵀ` (column-major, n×d).
    b: Vec<f64>,
    n: usize,
    d: usize,
    sqrt_v: Vec<f64>,
    gram: Mat<f64>,
}

/// Column `j` of `m` as a slice when it is contiguous.
fn column(m: MatRef<'_, f64>, j: usize) -> Option<&[f64]> {
    m.col(j).try_as_col_major().map(|c| c.as_slice())
}

impl QuadraticForms {
    /// Buffers for an `n×d` matrix.
    pub fn new(n: usize, d: usize) -> Self {
        QuadraticForms {
            b: vec![0.0; n * d],
            n,
            d,
            sqrt_v: vec![0.0; n],
            gram: Mat::zeros(d, d),
        }
    }

    /// `q_i = a_iᵀ (Aᵀ diag(v) A)⁻¹ a_i` for every row, written into `q`, with `v ≥ 0`.
    ///
    /// Builds `M = Bᵀ B` with `B = diag(√v) A` (the lower half), factors `M = LLᵀ`, forms
    /// `C = A L⁻ᵀ` in the same buffer and returns the squared row norms of `C`. Cost: about
    /// `3nd²` flops (faer's general product for `C` is faster here than its triangular one)
    /// and a `d×d` Cholesky; no allocation of n-sized data.
    ///
    /// # Errors
    /// [`Error::DimensionMismatch`] if `v`, `q` or `a` have the wrong size; [`Error::Cholesky`]
    /// if `M` is not numerically positive definite (no pseudo-inverse is substituted).
    pub fn compute(
        &mut self,
        a: MatRef<'_, f64>,
        v: &[f64],
        q: &mut [f64],
        context: &'static str,
    ) -> Result<(), Error> {
        let (n, d) = (a.nrows(), a.ncols());
        for (what, got, expected) in [
            ("weights", v.len(), n),
            ("quadratic forms", q.len(), n),
            ("buffer rows", self.n, n),
            ("buffer columns", self.d, d),
        ] {
            if got != expected {
                return Err(Error::DimensionMismatch {
                    what,
                    expected,
                    got,
                });
            }
        }
        for (s, x) in self.sqrt_v.iter_mut().zip(v) {
            *s = x.sqrt();
        }
        for (j, dst) in self.b.chunks_exact_mut(n.max(1)).enumerate().take(d) {
            match column(a, j) {
                Some(src) => {
                    for ((o, x), s) in dst.iter_mut().zip(src).zip(&self.sqrt_v) {
                        *o = x * s;
                    }
                }
                None => {
                    for ((o, x), s) in dst.iter_mut().zip(a.col(j).iter()).zip(&self.sqrt_v) {
                        *o = x * s;
                    }
                }
            }
        }
        let b = MatRef::from_column_major_slice(&self.b, n, d);
        // Only the lower triangle of the symmetric Gram matrix is formed (and read by the LLᵀ).
        matmul(
            &mut self.gram,
            BlockStructure::TriangularLower,
            Accum::Replace,
            b.transpose(),
            BlockStructure::Rectangular,
            b,
            BlockStructure::Rectangular,
            1.0,
            Par::Seq,
        );
        let llt = self
            .gram
            .llt(Side::Lower)
            .map_err(|_| Error::Cholesky { context })?;
        let mut linv = Mat::<f64>::identity(d, d);
        solve_lower_triangular_in_place(llt.L(), linv.as_mut(), Par::Seq);
        general_matmul(
            MatMut::from_column_major_slice_mut(&mut self.b, n, d),
            Accum::Replace,
            a,
            linv.transpose(),
            1.0,
            Par::Seq,
        );
        q.iter_mut().for_each(|x| *x = 0.0);
        for c in self.b.chunks_exact(n.max(1)).take(d) {
            for (qi, cij) in q.iter_mut().zip(c) {
                *qi += cij * cij;
            }
        }
        if q.iter().any(|x| !x.is_finite()) {
            return Err(Error::Cholesky { context });
        }
        Ok(())
    }
}

/// `q_i = a_iᵀ (Aᵀ diag(v) A)⁻¹ a_i` for every row, with `v ≥ 0` (see
/// [`QuadraticForms::compute`], which reuses its buffers across calls).
///
/// # Errors
/// [`Error::DimensionMismatch`] if `v` has the wrong length; [`Error::Cholesky`] if
/// `Aᵀ diag(v) A` is not numerically positive definite (no pseudo-inverse is substituted).
pub fn weighted_quadratic_forms(
    a: MatRef<'_, f64>,
    v: &[f64],
    context: &'static str,
) -> Result<Vec<f64>, Error> {
    let mut q = vec![0.0; a.nrows()];
    QuadraticForms::new(a.nrows(), a.ncols()).compute(a, v, &mut q, context)?;
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
