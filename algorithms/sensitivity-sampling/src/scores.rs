//! The sampling scores by name: uniform, leverage, Lewis weights, exact sensitivities, root
//! leverage and the ℓ2-augmented mix, computed on the row-space basis.

use std::fmt;

use faer::MatRef;

use crate::error::{Error, check_p};
use crate::leverage::leverage_scores;
use crate::lewis::{LewisOptions, lewis_weights};
use crate::matrix::RowSpace;
use crate::regression::LpBackend;
use crate::sensitivity::sensitivities;

/// A scoring method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    /// 1 for every row.
    Uniform,
    /// Leverage scores `τ_i` (the ℓ2 sensitivities).
    Leverage,
    /// ℓp Lewis weights `w_i` (Cohen–Peng 2015).
    Lewis,
    /// Exact ℓp sensitivities `s_i` (one convex solve per row; small n only).
    Sensitivity,
    /// Root leverage `τ_i^{p/2}` (`√τ_i` at p = 1), an upper bound on `s_i` for p ≤ 2
    /// (Woodruff–Yasuda 2023: about d rows suffice for 1 ≤ p < 2).
    RootLeverage,
    /// `s_i + τ_i`, unnormalised: the ℓ2-augmented sensitivities of Munteanu & Omlor
    /// (arXiv 2406.00328), proven for 1 ≤ p ≤ 2 with Õ(ε⁻²(𝔖 + d)) rows. At p > 2 it is only
    /// a heuristic here: Woodruff & Yasuda's p > 2 combination (about d^{2/p}𝔖^{2−4/p} rows)
    /// mixes leverage and sensitivity sampling differently and is not implemented.
    Mixed,
}

impl Method {
    /// Every method, cheapest first.
    pub const ALL: [Method; 6] = [
        Method::Uniform,
        Method::Leverage,
        Method::Lewis,
        Method::RootLeverage,
        Method::Sensitivity,
        Method::Mixed,
    ];

    /// The method's name on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Method::Uniform => "uniform",
            Method::Leverage => "leverage",
            Method::Lewis => "lewis",
            Method::Sensitivity => "sensitivity",
            Method::RootLeverage => "root-leverage",
            Method::Mixed => "mixed",
        }
    }

    /// Parses [`Method::name`].
    ///
    /// # Errors
    /// [`Error::UnknownMethod`].
    pub fn from_name(name: &str) -> Result<Method, Error> {
        Method::ALL
            .into_iter()
            .find(|m| m.name() == name)
            .ok_or_else(|| Error::UnknownMethod(name.to_string()))
    }

    /// Whether the method needs the exact sensitivities (n convex solves).
    pub fn needs_sensitivities(self) -> bool {
        matches!(self, Method::Sensitivity | Method::Mixed)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Scores of one method on one matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct Scores {
    /// The method.
    pub method: Method,
    /// `σ_i ≥ 0`, one per row.
    pub values: Vec<f64>,
    /// `Σ σ_i`.
    pub total: f64,
    /// The rank of the matrix.
    pub rank: usize,
    /// Lewis iterations and final residual, when the method ran the Lewis fixed point.
    pub lewis: Option<(usize, f64)>,
    /// Sensitivity maximisers as directions in the original coordinates, up to a positive
    /// factor (for [`Method::Sensitivity`] and [`Method::Mixed`]); empty otherwise.
    pub maximisers: Vec<Vec<f64>>,
}

impl Scores {
    /// A one-paragraph summary: total, min, median, max, and the rows carrying half the mass.
    pub fn summary(&self) -> String {
        let mut sorted = self.values.clone();
        sorted.sort_by(f64::total_cmp);
        let n = sorted.len();
        let median = if n % 2 == 1 {
            sorted[n / 2]
        } else {
            0.5 * (sorted[n / 2 - 1] + sorted[n / 2])
        };
        let mut acc = 0.0;
        let mut half = 0;
        for v in sorted.iter().rev() {
            if acc >= 0.5 * self.total {
                break;
            }
            acc += v;
            half += 1;
        }
        let mut s = format!(
            "{}: n = {n}, rank = {}, total = {:.6}, min = {:.4e}, median = {:.4e}, max = {:.4e}; \
             the top {half} rows carry half the mass",
            self.method,
            self.rank,
            self.total,
            sorted[0],
            median,
            sorted[n - 1]
        );
        if let Some((it, res)) = self.lewis {
            s.push_str(&format!(
                "; Lewis fixed point: {it} iterations, residual {res:.2e}"
            ));
        }
        s
    }
}

/// Computes `method`'s scores on `a` (any rank; reduced to its row space first).
///
/// Cost: one thin SVD plus `O(n d²)` (leverage), `O(iterations · n d²)` (Lewis) or `n`
/// convex solves (sensitivity, mixed).
///
/// # Errors
/// [`Error::InvalidP`], the input errors of [`crate::validate`], and the errors of the
/// underlying computation.
///
/// ```
/// use faer::Mat;
/// use sensitivity_sampling::{Method, scores};
/// let a = Mat::from_fn(8, 2, |i, j| if i % 2 == j { 1.0 } else { 0.0 });
/// let s = scores(a.as_ref(), 1.0, Method::Lewis).unwrap();
/// assert!((s.total - 2.0).abs() < 1e-9); // Σ w = rank
/// ```
pub fn scores(a: MatRef<'_, f64>, p: f64, method: Method) -> Result<Scores, Error> {
    let p = check_p(p)?;
    let rs = RowSpace::new(a)?;
    scores_on(
        &rs,
        p,
        method,
        &LewisOptions::default(),
        LpBackend::default(),
    )
}

/// [`scores`] on a prepared [`RowSpace`], with explicit Lewis options and LP backend.
///
/// # Errors
/// As [`scores`].
pub fn scores_on(
    rs: &RowSpace,
    p: f64,
    method: Method,
    lewis: &LewisOptions,
    backend: LpBackend,
) -> Result<Scores, Error> {
    let p = check_p(p)?;
    let u = rs.basis.as_ref();
    let n = u.nrows();
    let mut info = None;
    let mut maximisers = Vec::new();
    let mut sens = |u: MatRef<'_, f64>| -> Result<Vec<f64>, Error> {
        let s = sensitivities(u, p, backend)?;
        maximisers = s
            .maximisers
            .iter()
            .map(|z| {
                if z.is_empty() {
                    Vec::new()
                } else {
                    rs.direction(z)
                }
            })
            .collect();
        Ok(s.scores)
    };
    let values = match method {
        Method::Uniform => vec![1.0; n],
        Method::Leverage => leverage_scores(u)?,
        Method::Lewis => {
            let lw = lewis_weights(u, p, lewis)?;
            info = Some((lw.iterations, lw.residual));
            lw.weights
        }
        Method::Sensitivity => sens(u)?,
        Method::RootLeverage => leverage_scores(u)?
            .into_iter()
            .map(|t| t.powf(p / 2.0))
            .collect(),
        Method::Mixed => {
            let s = sens(u)?;
            leverage_scores(u)?
                .into_iter()
                .zip(s)
                .map(|(t, s)| t + s)
                .collect()
        }
    };
    let total = values.iter().sum();
    Ok(Scores {
        method,
        values,
        total,
        rank: rs.rank,
        lewis: info,
        maximisers,
    })
}
