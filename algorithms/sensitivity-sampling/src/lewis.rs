//! ℓp Lewis weights by the Cohen–Peng fixed point, damped for p ≥ 4.

use faer::MatRef;

use crate::error::{Error, check_p};
use crate::leverage::weighted_quadratic_forms;
use crate::matrix::row_is_zero;

/// Options of [`lewis_weights`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LewisOptions {
    /// Stop when the fixed-point residual `max_i |τ_i(w)/w_i − 1|` is below this.
    pub tolerance: f64,
    /// Give up ([`Error::NotConverged`]) after this many updates.
    pub max_iterations: usize,
    /// The damping `α` of the log-space update; `None` picks `1` for p < 4 and `2/p` for p ≥ 4.
    pub damping: Option<f64>,
}

impl Default for LewisOptions {
    fn default() -> Self {
        LewisOptions {
            tolerance: 1e-10,
            max_iterations: 1000,
            damping: None,
        }
    }
}

/// Lewis weights with the iteration's evidence of convergence.
#[derive(Debug, Clone, PartialEq)]
pub struct LewisWeights {
    /// `w_i` (0 on zero rows); `Σ w_i = rank`.
    pub weights: Vec<f64>,
    /// Updates done before the residual fell below the tolerance.
    pub iterations: usize,
    /// The fixed-point residual at the returned weights.
    pub residual: f64,
    /// The damping `α` used.
    pub damping: f64,
}

/// The damping the fixed point uses by default: 1 for p < 4, `2/p` for p ≥ 4.
pub fn default_damping(p: f64) -> f64 {
    if p >= 4.0 { 2.0 / p } else { 1.0 }
}

/// ℓp Lewis weights: the unique `w > 0` (zero on zero rows) with
/// `w_i^{2/p} = a_iᵀ(AᵀW^{1−2/p}A)⁻¹a_i`.
///
/// Cohen & Peng, *ℓp Row Sampling by Lewis Weights* (STOC 2015): iterate
/// `log w ← (1−α) log w + α (p/2) log q(w)` with `q_i(w) = a_iᵀ(AᵀW^{1−2/p}A)⁻¹a_i`, from
/// `w = 1`. The undamped update (`α = 1`) is a contraction for p < 4; it 2-cycles at p = 4 and
/// diverges beyond, so `α = 2/p` there. The iteration stops on the fixed-point residual
/// `max_i |q_i w_i^{−2/p} − 1| < tolerance`, never after a fixed count. Each iteration costs
/// `O(n d²)`. `A` must have full column rank (use [`crate::RowSpace`] otherwise).
///
/// # Errors
/// [`Error::InvalidP`]; [`Error::Cholesky`] when `AᵀW^{1−2/p}A` is not positive definite;
/// [`Error::NotConverged`] (with the last residual) after `max_iterations` updates.
///
/// ```
/// use faer::Mat;
/// use sensitivity_sampling::{LewisOptions, lewis_weights};
/// // The identity stacked 4 times: every weight is 1/4, for every p.
/// let a = Mat::from_fn(12, 3, |i, j| if i % 3 == j { 1.0 } else { 0.0 });
/// let lw = lewis_weights(a.as_ref(), 6.0, &LewisOptions::default()).unwrap();
/// assert!(lw.weights.iter().all(|w| (w - 0.25).abs() < 1e-9));
/// assert!(lw.residual < 1e-10);
/// ```
pub fn lewis_weights(
    a: MatRef<'_, f64>,
    p: f64,
    options: &LewisOptions,
) -> Result<LewisWeights, Error> {
    let p = check_p(p)?;
    let alpha = options.damping.unwrap_or_else(|| default_damping(p));
    let n = a.nrows();
    let live: Vec<bool> = (0..n).map(|i| !row_is_zero(a, i)).collect();
    let mut w: Vec<f64> = live.iter().map(|&l| if l { 1.0 } else { 0.0 }).collect();
    let exponent = 1.0 - 2.0 / p;
    let mut v = vec![0.0; n];
    let mut iterations = 0;
    loop {
        for i in 0..n {
            v[i] = if live[i] { w[i].powf(exponent) } else { 0.0 };
        }
        let q = weighted_quadratic_forms(a, &v, "the Lewis-weight iteration")?;
        let mut residual = 0.0f64;
        for i in (0..n).filter(|&i| live[i]) {
            let r = (q[i] * w[i].powf(-2.0 / p) - 1.0).abs();
            residual = if r.is_nan() {
                f64::INFINITY
            } else {
                residual.max(r)
            };
        }
        if residual < options.tolerance {
            return Ok(LewisWeights {
                weights: w,
                iterations,
                residual,
                damping: alpha,
            });
        }
        if iterations >= options.max_iterations || !residual.is_finite() {
            return Err(Error::NotConverged {
                residual,
                iterations,
            });
        }
        for i in (0..n).filter(|&i| live[i]) {
            w[i] = ((1.0 - alpha) * w[i].ln() + alpha * 0.5 * p * q[i].ln()).exp();
        }
        iterations += 1;
    }
}
