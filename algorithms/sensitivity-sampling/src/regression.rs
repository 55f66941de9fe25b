//! ℓp regression `min_z ‖Mz + c‖_p`: an LP for p = 1, Newton-weighted least squares (IRLS
//! with the exact ℓp Hessian and a line search) for p > 1. It is the engine of the exact
//! sensitivities and of the downstream regression proxy.

use faer::linalg::matmul::matmul;
use faer::prelude::Solve;
use faer::{Accum, Mat, MatRef, Par, Side};
use good_lp::{Expression, ProblemVariables, Solution, SolverModel, constraint, variable};

use crate::error::{Error, check_p};
use crate::matrix::{mul_vec, pnorm_p};

/// A minimiser of `Σ_j |c_j + (Mz)_j|^p` and the minimum.
#[derive(Debug, Clone, PartialEq)]
pub struct LpMinimum {
    /// The minimiser `z`.
    pub z: Vec<f64>,
    /// `Σ_j |c_j + (Mz)_j|^p` at `z`.
    pub value: f64,
    /// Newton steps, or LAD simplex steps ([`LpBackend::Simplex`]); 0 for good_lp's LPs.
    pub iterations: usize,
}

/// Which LP solver the p = 1 path uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LpBackend {
    /// The purpose-built LAD simplex of [`crate::l1_simplex`] (exact, crash-started; the
    /// fastest). Falls back to Clarabel when `[M c]` is rank deficient (an exact fit).
    #[default]
    Simplex,
    /// Clarabel's interior point method (pure Rust).
    Clarabel,
    /// microlp's simplex (pure Rust).
    Microlp,
}

/// `min_z Σ_j |c_j + (Mz)_j|^p` for `M` (n×k) of full column rank.
///
/// p = 1: the LP `min Σt` s.t. `−t ≤ Mz + c ≤ t` (good_lp). p > 1: Newton's method on the
/// smooth convex objective from the least-squares start: each step solves the weighted
/// least-squares system `Mᵀ diag(p(p−1)|r|^{p−2}) M Δ = −p Mᵀ φ(r)` (`φ(r) = sign(r)|r|^{p−1}`,
/// `|r|` floored at `10⁻¹²·max|r|` for p < 2) and minimises exactly along the step (regula falsi on the derivative);
/// it stops when the Newton decrement is below `10⁻¹⁴` of the objective, or when a step
/// improves the objective by less than `10⁻¹⁵` of itself (rounding level). Cost `O(n k²)` per
/// step, typically 10–40 steps.
///
/// # Errors
/// [`Error::InvalidP`], [`Error::DimensionMismatch`], [`Error::Cholesky`] when `MᵀM` is
/// singular, [`Error::Solver`] when the LP fails or Newton stalls above tolerance.
pub fn lp_minimize(
    m: MatRef<'_, f64>,
    c: &[f64],
    p: f64,
    backend: LpBackend,
) -> Result<LpMinimum, Error> {
    let p = check_p(p)?;
    if c.len() != m.nrows() {
        return Err(Error::DimensionMismatch {
            what: "right-hand side",
            expected: m.nrows(),
            got: c.len(),
        });
    }
    if m.ncols() == 0 {
        return Ok(LpMinimum {
            z: Vec::new(),
            value: pnorm_p(c.iter().copied(), p),
            iterations: 0,
        });
    }
    if p == 1.0 {
        lp_l1(m, c, backend)
    } else {
        newton(m, c, p)
    }
}

fn residual(m: MatRef<'_, f64>, c: &[f64], z: &[f64]) -> Vec<f64> {
    let mut r = mul_vec(m, z);
    for (ri, ci) in r.iter_mut().zip(c) {
        *ri += ci;
    }
    r
}

fn lp_l1(m: MatRef<'_, f64>, c: &[f64], backend: LpBackend) -> Result<LpMinimum, Error> {
    let (n, k) = (m.nrows(), m.ncols());
    if backend == LpBackend::Simplex {
        let mc = Mat::from_fn(n, k + 1, |i, j| if j < k { m[(i, j)] } else { c[i] });
        let mut e = vec![0.0; k + 1];
        e[k] = 1.0;
        match crate::l1_simplex::l1_min_constrained(mc.as_ref(), &e) {
            Ok(min) => {
                let zs = min.y[..k].to_vec();
                let value = pnorm_p(residual(m, c, &zs), 1.0);
                return Ok(LpMinimum {
                    z: zs,
                    value,
                    iterations: min.iterations,
                });
            }
            Err(Error::RankDeficient { .. } | Error::AllZero) => {
                return lp_l1(m, c, LpBackend::Clarabel);
            }
            Err(other) => return Err(other),
        }
    }
    let mut vars = ProblemVariables::new();
    let z = vars.add_vector(variable(), k);
    let t = vars.add_vector(variable().min(0.0), n);
    let objective: Expression = t.iter().sum();
    let problem = vars.minimise(objective);
    let mut constraints = Vec::with_capacity(2 * n);
    for j in 0..n {
        let mut mz = Expression::with_capacity(k);
        for (l, zl) in z.iter().enumerate() {
            let v = m[(j, l)];
            if v != 0.0 {
                mz.add_mul(v, *zl);
            }
        }
        constraints.push(constraint::geq(t[j] - mz.clone(), c[j]));
        constraints.push(constraint::geq(t[j] + mz, -c[j]));
    }
    let solve_err = |e: good_lp::ResolutionError| Error::Solver(format!("ℓ1 LP: {e}"));
    let zs: Vec<f64> = match backend {
        LpBackend::Clarabel | LpBackend::Simplex => {
            let sol = problem
                .using(good_lp::clarabel)
                .with_all(constraints)
                .solve()
                .map_err(solve_err)?;
            z.iter().map(|v| sol.value(*v)).collect()
        }
        LpBackend::Microlp => {
            let sol = problem
                .using(good_lp::microlp)
                .with_all(constraints)
                .solve()
                .map_err(solve_err)?;
            z.iter().map(|v| sol.value(*v)).collect()
        }
    };
    let value = pnorm_p(residual(m, c, &zs), 1.0);
    if !value.is_finite() {
        return Err(Error::Solver("ℓ1 LP returned a non-finite solution".into()));
    }
    Ok(LpMinimum {
        z: zs,
        value,
        iterations: 0,
    })
}

/// Solves `(Mᵀ diag(h) M) x = rhs` by Cholesky.
fn weighted_solve(m: MatRef<'_, f64>, h: &[f64], rhs: &[f64]) -> Result<Vec<f64>, Error> {
    let (n, k) = (m.nrows(), m.ncols());
    let b = Mat::from_fn(n, k, |i, j| m[(i, j)] * h[i].sqrt());
    let mut g = Mat::<f64>::zeros(k, k);
    matmul(&mut g, Accum::Replace, b.transpose(), &b, 1.0, Par::Seq);
    let llt = g.llt(Side::Lower).map_err(|_| Error::Cholesky {
        context: "ℓp regression",
    })?;
    let mut x = Mat::from_fn(k, 1, |i, _| rhs[i]);
    llt.solve_in_place(x.as_mut());
    Ok((0..k).map(|i| x[(i, 0)]).collect())
}

fn mt_times(m: MatRef<'_, f64>, r: &[f64]) -> Vec<f64> {
    (0..m.ncols())
        .map(|j| m.col(j).iter().zip(r).map(|(a, b)| a * b).sum())
        .collect()
}

/// The minimiser over t ≥ 0 of `Σ|r + t·md|^p` (convex in t, decreasing at 0).
fn line_search(r: &[f64], md: &[f64], p: f64) -> f64 {
    let slope = |t: f64| -> f64 {
        r.iter()
            .zip(md)
            .map(|(&a, &b)| {
                let v = a + t * b;
                v.signum() * v.abs().powf(p - 1.0) * b
            })
            .sum()
    };
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    let (mut f_lo, mut f_hi) = (slope(lo), slope(hi));
    while f_hi < 0.0 && hi < 1e8 {
        lo = hi;
        f_lo = f_hi;
        hi *= 2.0;
        f_hi = slope(hi);
    }
    if f_hi <= 0.0 {
        return hi;
    }
    let mut side = 0i8;
    for _ in 0..100 {
        let t = (lo * f_hi - hi * f_lo) / (f_hi - f_lo);
        if !(t > lo && t < hi) || hi - lo <= 1e-15 * hi {
            break;
        }
        let ft = slope(t);
        if ft == 0.0 {
            return t;
        }
        if ft < 0.0 {
            lo = t;
            f_lo = ft;
            if side == -1 {
                f_hi *= 0.5;
            }
            side = -1;
        } else {
            hi = t;
            f_hi = ft;
            if side == 1 {
                f_lo *= 0.5;
            }
            side = 1;
        }
    }
    0.5 * (lo + hi)
}

fn newton(m: MatRef<'_, f64>, c: &[f64], p: f64) -> Result<LpMinimum, Error> {
    let n = m.nrows();
    let neg_mtc: Vec<f64> = mt_times(m, c).into_iter().map(|v| -v).collect();
    let mut z = weighted_solve(m, &vec![1.0; n], &neg_mtc)?;
    let mut r = residual(m, c, &z);
    let mut f = pnorm_p(r.iter().copied(), p);
    for iteration in 0..500 {
        let rmax = r.iter().fold(0.0f64, |acc, v| acc.max(v.abs()));
        if rmax == 0.0 {
            return Ok(LpMinimum {
                z,
                value: 0.0,
                iterations: iteration,
            });
        }
        let floor = 1e-12 * rmax;
        let phi: Vec<f64> = r
            .iter()
            .map(|&v| v.signum() * v.abs().powf(p - 1.0))
            .collect();
        let h: Vec<f64> = r
            .iter()
            .map(|&v| (p - 1.0) * v.abs().max(floor).powf(p - 2.0))
            .collect();
        let g = mt_times(m, &phi); // gradient / p
        let neg_g: Vec<f64> = g.iter().map(|v| -v).collect();
        let step = weighted_solve(m, &h, &neg_g)?;
        let decrement: f64 = -p * g.iter().zip(&step).map(|(a, b)| a * b).sum::<f64>();
        if decrement <= 1e-14 * f {
            return Ok(LpMinimum {
                z,
                value: f,
                iterations: iteration,
            });
        }
        // Exact line search: the objective is convex along the step, so find the root of
        // its derivative (Illinois regula falsi). This lands on kinks of |r|^p (p < 2)
        // where a fixed Newton step would oscillate across them.
        let md = mul_vec(m, &step);
        let t = line_search(&r, &md, p);
        let trial: Vec<f64> = z.iter().zip(&step).map(|(a, b)| a + t * b).collect();
        let tr = residual(m, c, &trial);
        let tf = pnorm_p(tr.iter().copied(), p);
        if tf.is_nan() || tf >= f {
            if decrement <= 1e-9 * f {
                return Ok(LpMinimum {
                    z,
                    value: f,
                    iterations: iteration,
                });
            }
            return Err(Error::Solver(format!(
                "Newton stalled with decrement {decrement:.3e} at objective {f:.6e}"
            )));
        }
        let progress = f - tf;
        z = trial;
        r = tr;
        f = tf;
        if progress <= 1e-15 * f {
            // Progress has reached the rounding level of the objective.
            return Ok(LpMinimum {
                z,
                value: f,
                iterations: iteration + 1,
            });
        }
    }
    Err(Error::Solver("Newton did not converge in 500 steps".into()))
}

/// Solves the ℓp regression `min_x ‖Ax − b‖_p` (`A` of full column rank) with
/// [`lp_minimize`]; returns `x`.
///
/// # Errors
/// As [`lp_minimize`].
pub fn lp_regression(a: MatRef<'_, f64>, b: &[f64], p: f64) -> Result<Vec<f64>, Error> {
    let neg_b: Vec<f64> = b.iter().map(|v| -v).collect();
    Ok(lp_minimize(a, &neg_b, p, LpBackend::default())?.z)
}

/// The downstream regression proxy: solve `min ‖SAx − Sb‖_p` on the sample, and report
/// `‖Ax̂ − b‖_p / ‖Ax* − b‖_p − 1` on the full problem (0 is perfect).
///
/// `rows`/`weights` are a sample's kept row indices and rescaling factors
/// ([`crate::Sample`]). Returns `f64::INFINITY` when the sketch loses rank (no unique x̂).
///
/// # Errors
/// As [`lp_minimize`], and [`Error::DimensionMismatch`].
pub fn regression_proxy(
    a: MatRef<'_, f64>,
    b: &[f64],
    p: f64,
    rows: &[usize],
    weights: &[f64],
) -> Result<f64, Error> {
    if b.len() != a.nrows() {
        return Err(Error::DimensionMismatch {
            what: "b",
            expected: a.nrows(),
            got: b.len(),
        });
    }
    if rows.len() != weights.len() {
        return Err(Error::DimensionMismatch {
            what: "sample weights",
            expected: rows.len(),
            got: weights.len(),
        });
    }
    let x_star = lp_regression(a, b, p)?;
    let sa = Mat::from_fn(rows.len(), a.ncols(), |i, j| a[(rows[i], j)] * weights[i]);
    if crate::matrix::rank(sa.as_ref())? < a.ncols() {
        return Ok(f64::INFINITY);
    }
    let sb: Vec<f64> = rows.iter().zip(weights).map(|(&i, w)| b[i] * w).collect();
    let x_hat = lp_regression(sa.as_ref(), &sb, p)?;
    let cost = |x: &[f64]| {
        let ax = mul_vec(a, x);
        pnorm_p(ax.iter().zip(b).map(|(u, v)| u - v), p).powf(1.0 / p)
    };
    let (best, got) = (cost(&x_star), cost(&x_hat));
    Ok(if best > 0.0 {
        (got / best - 1.0).max(0.0)
    } else if got == 0.0 {
        0.0
    } else {
        f64::INFINITY
    })
}
