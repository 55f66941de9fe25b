//! Input validation, the row-space reduction and small dense helpers.

use faer::{Mat, MatRef};

use crate::error::Error;

/// Checks a matrix: at least one row and column, every entry finite, not all zero.
///
/// # Errors
/// [`Error::Empty`], [`Error::NonFinite`] (naming the first bad entry, row by row) or
/// [`Error::AllZero`].
pub fn validate(a: MatRef<'_, f64>) -> Result<(), Error> {
    let (n, d) = (a.nrows(), a.ncols());
    if n == 0 || d == 0 {
        return Err(Error::Empty { rows: n, cols: d });
    }
    let mut nonzero = false;
    for i in 0..n {
        for j in 0..d {
            let v = a[(i, j)];
            if !v.is_finite() {
                return Err(Error::NonFinite {
                    row: i,
                    col: j,
                    value: v,
                });
            }
            nonzero |= v != 0.0;
        }
    }
    if nonzero { Ok(()) } else { Err(Error::AllZero) }
}

/// Builds a matrix from rows of equal length.
///
/// # Errors
/// [`Error::Empty`] for no rows or empty rows, [`Error::DimensionMismatch`] for ragged rows.
pub fn from_rows(rows: &[Vec<f64>]) -> Result<Mat<f64>, Error> {
    let d = rows.first().map_or(0, Vec::len);
    if rows.is_empty() || d == 0 {
        return Err(Error::Empty {
            rows: rows.len(),
            cols: d,
        });
    }
    if let Some(r) = rows.iter().find(|r| r.len() != d) {
        return Err(Error::DimensionMismatch {
            what: "row length",
            expected: d,
            got: r.len(),
        });
    }
    Ok(Mat::from_fn(rows.len(), d, |i, j| rows[i][j]))
}

/// `A` reduced to an orthonormal basis of its column space, with the rank.
///
/// Every score in this crate is invariant under `A → AR` for invertible `R`, so they are
/// computed on `U_r = A·V_r·Σ_r⁻¹` (thin SVD `A = UΣVᵀ`, rank `r` = the number of singular
/// values above `max(n, d)·ε·σ_max`, NumPy's `matrix_rank` rule). Rank-deficient and
/// `n < d` inputs are handled this way, and the rank is reported.
///
/// Cost: one thin SVD, `O(n d²)`.
///
/// ```
/// use faer::mat;
/// use sensitivity_sampling::RowSpace;
/// // The second column repeats the first: rank 1.
/// let a = mat![[1.0, 1.0], [2.0, 2.0], [0.0, 0.0]];
/// let rs = RowSpace::new(a.as_ref()).unwrap();
/// assert_eq!(rs.rank, 1);
/// assert_eq!(rs.basis.ncols(), 1);
/// ```
#[derive(Debug, Clone)]
pub struct RowSpace {
    /// `U_r` (n×r), orthonormal columns spanning the column space of `A`.
    pub basis: Mat<f64>,
    /// `V_r Σ_r⁻¹` (d×r): coordinates `z` in the basis map to `x = to_original · z`, with
    /// `A x = U_r z`.
    pub to_original: Mat<f64>,
    /// The numerical rank `r`.
    pub rank: usize,
    /// The singular values of `A`, largest first (they overflow to ∞ or underflow to 0 for
    /// entries near the limits of `f64`; the basis does not).
    pub singular_values: Vec<f64>,
    /// The power of two the SVD divided `A` by (its largest |entry| lies in
    /// `[scale, 2·scale)`), so that no product over- or underflows.
    pub scale: f64,
    /// `V_r Σ_r⁻¹` of `A/scale`: `to_original = to_scaled / scale`, always finite. Maps basis
    /// coordinates to directions of the same ratios (every ratio here is scale-invariant).
    pub to_scaled: Mat<f64>,
}

impl RowSpace {
    /// Validates `a` and reduces it to its row space.
    ///
    /// # Errors
    /// The errors of [`validate`], or [`Error::Decomposition`] if the SVD fails.
    pub fn new(a: MatRef<'_, f64>) -> Result<Self, Error> {
        validate(a)?;
        // Scale before any product: squares of entries below 1e-154 underflow and those
        // above 1e154 overflow. Dividing by a power of two is exact.
        let scale = power_of_two_scale(a);
        let scaled = Mat::from_fn(a.nrows(), a.ncols(), |i, j| a[(i, j)] / scale);
        let svd = scaled
            .thin_svd()
            .map_err(|_| Error::Decomposition("thin SVD"))?;
        let s: Vec<f64> = (0..svd.S().dim()).map(|i| svd.S()[i]).collect();
        let r = numerical_rank(&s, a.nrows(), a.ncols());
        if r == 0 {
            return Err(Error::AllZero);
        }
        let mut basis = svd.U().subcols(0, r).to_owned();
        // Zero rows of A are exactly zero in the basis (the SVD leaves rounding noise there).
        for i in (0..a.nrows()).filter(|&i| row_is_zero(a, i)) {
            for j in 0..r {
                basis[(i, j)] = 0.0;
            }
        }
        let to_scaled = Mat::from_fn(a.ncols(), r, |i, j| svd.V()[(i, j)] / s[j]);
        let to_original = Mat::from_fn(a.ncols(), r, |i, j| to_scaled[(i, j)] / scale);
        Ok(RowSpace {
            basis,
            to_original,
            rank: r,
            singular_values: s.iter().map(|v| v * scale).collect(),
            scale,
            to_scaled,
        })
    }

    /// The direction `x = to_scaled · z` (original coordinates, up to a positive factor) of
    /// basis coordinates `z`.
    pub fn direction(&self, z: &[f64]) -> Vec<f64> {
        (0..self.to_scaled.nrows())
            .map(|i| {
                (0..self.rank.min(z.len()))
                    .map(|j| self.to_scaled[(i, j)] * z[j])
                    .sum()
            })
            .collect()
    }
}

/// The power of two `2^e` with `2^e ≤ max_ij |a_ij| < 2^{e+1}` (1 for a zero matrix),
/// subnormal entries included.
pub fn power_of_two_scale(a: MatRef<'_, f64>) -> f64 {
    let mut top = 0.0f64;
    for j in 0..a.ncols() {
        for i in 0..a.nrows() {
            top = top.max(a[(i, j)].abs());
        }
    }
    if top == 0.0 || !top.is_finite() {
        return 1.0;
    }
    let bits = top.to_bits();
    if top.is_normal() {
        f64::from_bits(bits & 0x7ff0_0000_0000_0000)
    } else {
        // Subnormal: the highest set bit of the mantissa is the power of two.
        f64::from_bits(1u64 << (63 - bits.leading_zeros()))
    }
}

/// The number of singular values above `max(n, d)·ε·σ_max` (`s` sorted, largest first).
pub fn numerical_rank(s: &[f64], n: usize, d: usize) -> usize {
    let top = s.first().copied().unwrap_or(0.0);
    if top <= 0.0 {
        return 0;
    }
    let tol = top * n.max(d) as f64 * f64::EPSILON;
    s.iter().filter(|&&v| v > tol).count()
}

/// The numerical rank of `a` (0 for an empty or zero matrix).
///
/// # Errors
/// [`Error::Decomposition`] if the SVD fails.
pub fn rank(a: MatRef<'_, f64>) -> Result<usize, Error> {
    if a.nrows() == 0 || a.ncols() == 0 {
        return Ok(0);
    }
    let s = a
        .singular_values()
        .map_err(|_| Error::Decomposition("singular values"))?;
    Ok(numerical_rank(&s, a.nrows(), a.ncols()))
}

/// `Σ_i |(Ax)_i|^p` for a vector `ax = Ax`.
pub fn pnorm_p(ax: impl IntoIterator<Item = f64>, p: f64) -> f64 {
    if p == 1.0 {
        ax.into_iter().map(f64::abs).sum()
    } else if p == 2.0 {
        ax.into_iter().map(|v| v * v).sum()
    } else {
        ax.into_iter().map(|v| v.abs().powf(p)).sum()
    }
}

/// `A x` for a dense `x`.
pub fn mul_vec(a: MatRef<'_, f64>, x: &[f64]) -> Vec<f64> {
    let mut out = vec![0.0; a.nrows()];
    for (j, &xj) in x.iter().enumerate() {
        if xj != 0.0 {
            let col = a.col(j);
            for (o, v) in out.iter_mut().zip(col.iter()) {
                *o += v * xj;
            }
        }
    }
    out
}

/// Whether row `i` of `a` is zero.
pub fn row_is_zero(a: MatRef<'_, f64>, i: usize) -> bool {
    (0..a.ncols()).all(|j| a[(i, j)] == 0.0)
}
