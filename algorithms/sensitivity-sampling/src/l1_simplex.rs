//! Exact ℓ1 sensitivities by a simplex on d×d bases started from a crash basis (an LAD
//! simplex in the manner of Barrodale & Roberts), instead of one general LP per row.
//!
//! The problem `min{‖Ay‖₁ : cᵀy = 1}` (`A` n×d of full column rank, `c ≠ 0`) has the LP dual
//! `max{λ : Aᵀu = λc, u ∈ [−1, 1]ⁿ}`. A *basis* is a set `T` of `d − 1` rows such that
//! `B = [cᵀ; A_T]` is invertible; its vertex `y = B⁻¹e₀` has `cᵀy = 1` and `a_jᵀy = 0` on `T`.
//! With `σ_j = sign(a_jᵀy)` off `T` (a stored ±1 where the residual is zero), `Bᵀw = Σσ_j a_j`
//! gives the dual values `u_T = −w_T` and `λ = w₀ = ‖Ay‖₁`; the vertex is optimal iff
//! `|u_k| ≤ 1` on `T`. Otherwise row `k` with `|u_k| > 1` leaves `T`, the objective falls along
//! the edge `Be = sign(u_k)e_k` at slope `1 − |u_k|`, and the exact line search walks the
//! breakpoints `t_j = −a_jᵀy/a_jᵀe` in order (each adds `2|a_jᵀe|` to the slope) until the slope
//! turns non-negative; that row enters `T` (the "long step" of the bounded dual simplex).
//! Degenerate vertices (many zero residuals: the sign matrix) are split by solving first with
//! tiny offsets `min ‖Ay + ε‖₁`, then finishing unperturbed from that basis, so the answer is
//! exact; should the walk still stall, Bland's smallest-index rule takes over until progress
//! resumes, so it cannot cycle.
//!
//! Each step costs one pass over A (`O(nd)`; residuals and `g` are updated in place and
//! recomputed every 16 steps and before the final test) plus `O(d³)` for refactoring `B` from
//! scratch (no drift). For the sensitivities each row's walk starts from a crash basis: the
//! rows most nearly orthogonal to the ℓ2 maximiser `(AᵀA)⁻¹a_i`. (Starting from the previous
//! row's optimal basis, a vertex of the same unit ball `{‖Ax‖₁ ≤ 1}`, was tried and measured
//! slower: about 2× the steps on Gaussian 300×10.)

use faer::MatRef;

use crate::error::Error;
use crate::sensitivity::Sensitivities;

mod lu;
use lu::Lu;

/// A minimiser of `‖Ay‖₁` subject to `cᵀy = 1`, with its optimal basis.
#[derive(Debug, Clone, PartialEq)]
pub struct L1Minimum {
    /// The minimiser `y` (`cᵀy = 1`).
    pub y: Vec<f64>,
    /// `‖Ay‖₁`.
    pub value: f64,
    /// The `d − 1` rows with `a_jᵀy = 0` that define the optimal vertex.
    pub basis: Vec<usize>,
    /// Simplex steps taken.
    pub iterations: usize,
}

/// The matrix in row-major order, with the tolerances derived from its scale.
struct Rows {
    /// Row-major, for single rows.
    data: Vec<f64>,
    /// Column-major, for the products `Ay` over all rows (contiguous, vectorised).
    cols: Vec<f64>,
    n: usize,
    d: usize,
    norms: Vec<f64>,
}

impl Rows {
    fn new(a: MatRef<'_, f64>) -> Rows {
        let (n, d) = (a.nrows(), a.ncols());
        let mut data = vec![0.0; n * d];
        for j in 0..d {
            for (i, v) in a.col(j).iter().enumerate() {
                data[i * d + j] = *v;
            }
        }
        let mut cols = Vec::with_capacity(n * d);
        for j in 0..d {
            cols.extend(a.col(j).iter().copied());
        }
        let norms = data
            .chunks_exact(d)
            .map(|r| r.iter().map(|v| v * v).sum::<f64>().sqrt())
            .collect();
        Rows {
            data,
            cols,
            n,
            d,
            norms,
        }
    }

    /// `out = A y` (+ `offset`), column by column.
    fn times(&self, y: &[f64], offset: Option<&[f64]>, out: &mut [f64]) {
        match offset {
            Some(o) => out.copy_from_slice(o),
            None => out.iter_mut().for_each(|v| *v = 0.0),
        }
        for (col, &yk) in self.cols.chunks_exact(self.n).zip(y) {
            if yk != 0.0 {
                for (o, a) in out.iter_mut().zip(col) {
                    *o += yk * a;
                }
            }
        }
    }

    fn row(&self, j: usize) -> &[f64] {
        &self.data[j * self.d..(j + 1) * self.d]
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Picks `d − 1` rows that together with `c` are linearly independent: first from `prefer`
/// (a previous basis), then in row order. Modified Gram–Schmidt, `O(n d²)` at worst.
fn initial_basis(rows: &Rows, c: &[f64], prefer: &[usize]) -> Option<Vec<usize>> {
    let d = rows.d;
    let mut q: Vec<Vec<f64>> = Vec::with_capacity(d);
    let mut take = |v: &[f64]| -> bool {
        let norm = v.iter().map(|x| x * x).sum::<f64>().sqrt();
        if norm == 0.0 {
            return false;
        }
        let mut r: Vec<f64> = v.iter().map(|x| x / norm).collect();
        for _ in 0..2 {
            for b in &q {
                let f = dot(&r, b);
                r.iter_mut().zip(b).for_each(|(x, y)| *x -= f * y);
            }
        }
        let left = r.iter().map(|x| x * x).sum::<f64>().sqrt();
        if left <= 1e-9 {
            return false;
        }
        r.iter_mut().for_each(|x| *x /= left);
        q.push(r);
        true
    };
    if !take(c) {
        return None;
    }
    let mut basis = Vec::with_capacity(d - 1);
    for j in prefer.iter().copied().chain(0..rows.n) {
        if basis.len() == d - 1 {
            break;
        }
        if j < rows.n && !basis.contains(&j) && take(rows.row(j)) {
            basis.push(j);
        }
    }
    (basis.len() == d - 1).then_some(basis)
}

/// Residuals `r = Ay` (zero on the basis), signs `σ` (kept where a residual is zero) and
/// `g = Σ_{j∉T} σ_j a_j`, recomputed from scratch; returns `‖Ay‖₁`.
fn refresh(
    rows: &Rows,
    offset: &[f64],
    y: &[f64],
    in_basis: &[bool],
    r: &mut [f64],
    sigma: &mut [f64],
    g: &mut [f64],
) -> f64 {
    let y_norm = y.iter().map(|v| v * v).sum::<f64>().sqrt();
    rows.times(y, Some(offset), r);
    let mut value = 0.0;
    for j in 0..rows.n {
        if in_basis[j] {
            r[j] = 0.0;
            // Basis rows do not enter g = Σ_{j∉T} σ_j a_j = Aᵀσ′ (σ′ = 0 on T); σ_j is kept.
            continue;
        }
        let rj = r[j];
        if rj.abs() > 1e-11 * rows.norms[j] * y_norm {
            sigma[j] = rj.signum();
        }
        value += rj.abs();
    }
    for (k, col) in rows.cols.chunks_exact(rows.n).enumerate() {
        g[k] = col
            .iter()
            .zip(sigma.iter())
            .zip(in_basis)
            .map(|((a, s), &b)| if b { 0.0 } else { a * s })
            .sum();
    }
    value
}

/// Deterministic offsets `±(0.5…1.5)·10⁻⁸·‖a_j‖/‖c‖` (a hash of the row index).
fn perturb(rows: &Rows, c: &[f64], offset: &mut [f64]) {
    let scale = 1e-8 / c.iter().map(|v| v * v).sum::<f64>().sqrt();
    for (j, o) in offset.iter_mut().enumerate() {
        let h = (j as u64 ^ 0x9e37_79b9_7f4a_7c15).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        let u = (h >> 11) as f64 / (1u64 << 53) as f64;
        let sign = if h & 1 == 0 { 1.0 } else { -1.0 };
        *o = sign * (0.5 + u) * scale * rows.norms[j];
    }
}

/// Steps between full recomputations of the residuals and of `g` (they are updated in place
/// between them; the final optimality test always follows a recomputation).
const REFRESH: usize = 16;

/// The state of one simplex walk: the basis, the residuals, signs and `g`, and the scratch
/// of the ratio test.
struct Walk {
    /// The `d − 1` rows of the basis `T`, by position.
    basis: Vec<usize>,
    /// Whether each row is in `T`.
    in_basis: Vec<bool>,
    /// `σ_j`: the sign of `a_jᵀy` (kept where the residual is zero).
    sigma: Vec<f64>,
    /// The residuals `r = Ay` (plus the offsets while perturbed).
    r: Vec<f64>,
    /// `g = Σ_{j∉T} σ_j a_j`.
    g: Vec<f64>,
    /// `Ae` along the current edge.
    alpha: Vec<f64>,
    /// `(t_j, j)`: where row j's residual changes sign along the edge.
    breakpoints: Vec<(f64, usize)>,
    /// Steps since the objective last fell (Bland's rule after `2d + 10`).
    stalled: usize,
    /// Steps since the residuals and `g` were recomputed.
    since_refresh: usize,
    /// The tiny offsets `ε` of the perturbed problem (zero once it is solved).
    offset: Vec<f64>,
    /// Whether the offsets are still on.
    perturbed: bool,
}

impl Walk {
    fn new(rows: &Rows, c: &[f64], basis: Vec<usize>) -> Walk {
        let n = rows.n;
        let mut in_basis = vec![false; n];
        basis.iter().for_each(|&j| in_basis[j] = true);
        // Degenerate vertices (many zero residuals, as in the sign matrix) stall the walk, so
        // it first solves `min ‖Ay + ε‖₁` with tiny offsets that split them; from that optimum
        // it continues unperturbed (usually with no step at all), so the answer is exact.
        // Should it stall all the same, Bland's rule takes over (no cycling).
        let mut offset = vec![0.0; n];
        perturb(rows, c, &mut offset);
        Walk {
            basis,
            in_basis,
            sigma: vec![1.0; n],
            r: vec![0.0; n],
            g: vec![0.0; rows.d],
            alpha: vec![0.0; n],
            breakpoints: Vec::new(),
            stalled: 0,
            since_refresh: REFRESH,
            offset,
            perturbed: true,
        }
    }

    /// Whether Bland's smallest-index rule is in force (the walk has stalled).
    fn bland(&self) -> bool {
        self.stalled > 2 * self.basis.len() + 12
    }

    /// The row to leave `T`: the largest dual value `|u_k| > 1` (`u_k = −w_{pos(k)}`), or under
    /// Bland's rule the smallest row index among them; `None` at an optimal vertex.
    fn leaving(&self, w: &[f64]) -> Option<(usize, f64)> {
        let bland = self.bland();
        let mut leave: Option<(usize, f64)> = None;
        for (pos, &k) in self.basis.iter().enumerate() {
            let u = -w[pos + 1];
            if u.abs() <= 1.0 + 1e-10 {
                continue;
            }
            let better = leave.is_none_or(|(l, best)| {
                if bland {
                    k < self.basis[l]
                } else {
                    u.abs() > best.abs()
                }
            });
            if better {
                leave = Some((pos, u));
            }
        }
        leave
    }

    /// The rows whose residual changes sign along the edge `e` (`alpha = Ae`), with the step
    /// `t_j = −r_j/α_j` at which they do.
    fn collect_breakpoints(&mut self, rows: &Rows, e: &[f64], y_norm: f64) {
        let e_norm = e.iter().map(|v| v * v).sum::<f64>().sqrt();
        self.breakpoints.clear();
        rows.times(e, None, &mut self.alpha);
        for j in 0..rows.n {
            if self.in_basis[j] {
                continue;
            }
            let aj = self.alpha[j];
            if self.sigma[j] * aj < 0.0 && aj.abs() > 1e-11 * rows.norms[j] * e_norm {
                let t = if self.r[j].abs() <= 1e-11 * rows.norms[j] * y_norm {
                    0.0
                } else {
                    (-self.r[j] / aj).max(0.0)
                };
                self.breakpoints.push((t, j));
            }
        }
    }

    /// The long-step ratio test: walk the breakpoints in order, each adding `2|α_j|` to the
    /// slope `1 − |u|`, until it turns non-negative. Returns `(index in the sorted
    /// breakpoints, step t, entering row j)`; `None` on an unbounded edge.
    fn entering(&mut self, u: f64) -> Option<(usize, f64, usize)> {
        let bland = self.bland();
        let d = self.basis.len() + 1;
        let alpha = &self.alpha;
        let breakpoints = &mut self.breakpoints;
        // Ties: the larger pivot first (stability); under Bland's rule the smaller row index.
        let order = |x: &(f64, usize), y: &(f64, usize)| {
            x.0.total_cmp(&y.0).then_with(|| {
                if bland {
                    x.1.cmp(&y.1)
                } else {
                    alpha[y.1].abs().total_cmp(&alpha[x.1].abs())
                }
            })
        };
        // Only the first few breakpoints are usually passed: sort those, the rest if needed.
        let head = (2 * d + 8).min(breakpoints.len());
        if head < breakpoints.len() {
            breakpoints.select_nth_unstable_by(head, order);
        }
        breakpoints[..head].sort_unstable_by(order);
        let mut slope = 1.0 - u.abs();
        let mut sorted_all = head == breakpoints.len();
        for idx in 0..breakpoints.len() {
            if idx == head && !sorted_all {
                breakpoints[head..].sort_unstable_by(order);
                sorted_all = true;
            }
            let (t, j) = breakpoints[idx];
            slope += 2.0 * alpha[j].abs();
            if bland || slope >= 0.0 {
                return Some((idx, t, j));
            }
        }
        None
    }

    /// Moves to the new vertex `y + t·e`: the passed rows change sign, the row at basis
    /// position `pos` leaves `T` with `σ = s` (`a_kᵀe = s`), and `j` enters.
    fn pivot(&mut self, rows: &Rows, pos: usize, s: f64, (idx, t, j): (usize, f64, usize)) {
        for &(_, passed) in &self.breakpoints[..idx] {
            self.sigma[passed] = -self.sigma[passed];
            let f = 2.0 * self.sigma[passed];
            self.g
                .iter_mut()
                .zip(rows.row(passed))
                .for_each(|(gi, a)| *gi += f * a);
        }
        if t != 0.0 {
            for i in 0..rows.n {
                if !self.in_basis[i] {
                    self.r[i] += t * self.alpha[i];
                }
            }
        }
        self.stalled = if t > 0.0 { 0 } else { self.stalled + 1 };
        let k = self.basis[pos];
        self.in_basis[k] = false;
        self.sigma[k] = s;
        self.r[k] = t * s;
        self.g
            .iter_mut()
            .zip(rows.row(k))
            .for_each(|(gi, a)| *gi += s * a);
        let sj = self.sigma[j];
        self.g
            .iter_mut()
            .zip(rows.row(j))
            .for_each(|(gi, a)| *gi -= sj * a);
        self.in_basis[j] = true;
        self.r[j] = 0.0;
        self.basis[pos] = j;
        self.since_refresh += 1;
    }
}

/// `min{‖Ay‖₁ : cᵀy = 1}` from the basis `start` (or any independent rows).
fn solve(rows: &Rows, c: &[f64], start: &[usize]) -> Result<L1Minimum, Error> {
    let (n, d) = (rows.n, rows.d);
    let rank_error = Error::RankDeficient {
        context: "the ℓ1 simplex",
    };
    let basis = initial_basis(rows, c, start).ok_or(rank_error.clone())?;
    let mut walk = Walk::new(rows, c, basis);
    let mut b = Vec::with_capacity(d * d);
    let mut e0 = vec![0.0; d];
    let limit = 50 * (n + d) + 1000;
    for iteration in 0..limit {
        // The vertex y = B⁻¹(1, −ε_T) of B = [cᵀ; A_T].
        b.clear();
        b.extend_from_slice(c);
        for &j in &walk.basis {
            b.extend_from_slice(rows.row(j));
        }
        let lu = Lu::factor(std::mem::take(&mut b), d).ok_or(rank_error.clone())?;
        e0[0] = 1.0;
        for (pos, &j) in walk.basis.iter().enumerate() {
            e0[pos + 1] = -walk.offset[j];
        }
        let y = lu.solve(&e0);
        let y_norm = y.iter().map(|v| v * v).sum::<f64>().sqrt();
        if walk.since_refresh >= REFRESH {
            let Walk {
                offset,
                in_basis,
                r,
                sigma,
                g,
                ..
            } = &mut walk;
            refresh(rows, offset, &y, in_basis, r, sigma, g);
            walk.since_refresh = 0;
        }
        let w = lu.solve_transpose(&walk.g);
        let Some((pos, u)) = walk.leaving(&w) else {
            if walk.since_refresh > 0 {
                // Confirm optimality on freshly computed residuals.
                walk.since_refresh = REFRESH;
                continue;
            }
            if walk.perturbed {
                walk.perturbed = false;
                walk.offset.iter_mut().for_each(|v| *v = 0.0);
                walk.since_refresh = REFRESH;
                continue;
            }
            let value = walk.r.iter().map(|v| v.abs()).sum::<f64>();
            if !value.is_finite() {
                return Err(Error::Solver(format!(
                    "ℓ1 simplex reached the non-finite minimum {value}"
                )));
            }
            return Ok(L1Minimum {
                y,
                value,
                basis: walk.basis,
                iterations: iteration,
            });
        };
        let s = u.signum();
        let mut rhs = vec![0.0; d];
        rhs[pos + 1] = s;
        let e = lu.solve(&rhs);
        walk.collect_breakpoints(rows, &e, y_norm);
        let step = walk.entering(u).ok_or_else(|| {
            Error::Solver(
                "ℓ1 simplex: unbounded edge (the matrix is numerically rank deficient)".into(),
            )
        })?;
        walk.pivot(rows, pos, s, step);
        b = lu.lu;
    }
    Err(Error::Solver(format!(
        "ℓ1 simplex did not finish within {limit} steps"
    )))
}

/// `min{‖Ay‖₁ : cᵀy = 1}` for `A` (n×d) of full column rank and `c ≠ 0`, exactly (to
/// rounding), by the LAD simplex of this module. The ℓ1 regression `min_z ‖Mz + b‖₁` is the
/// case `A = [M b]`, `c = e_{k+1}`.
///
/// Cost: `O(nd)` per step plus `O(d³)`; the number of steps is typically a small multiple of d.
///
/// # Errors
/// [`Error::DimensionMismatch`] if `c` has the wrong length; [`Error::RankDeficient`] if no
/// `d − 1` rows are independent of `c` (A lacks full column rank, or `c = 0`);
/// [`Error::Solver`] if the walk does not finish (it cannot cycle; this guards rounding).
///
/// ```
/// use faer::mat;
/// use sensitivity_sampling::l1_min_constrained;
/// // min |y₁| + |y₂| + |y₁ + y₂| subject to y₁ = 1: y₂ ∈ [−1, 0], value 2.
/// let a = mat![[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]];
/// let m = l1_min_constrained(a.as_ref(), &[1.0, 0.0]).unwrap();
/// assert!((m.value - 2.0).abs() < 1e-12);
/// ```
pub fn l1_min_constrained(a: MatRef<'_, f64>, c: &[f64]) -> Result<L1Minimum, Error> {
    if c.len() != a.ncols() {
        return Err(Error::DimensionMismatch {
            what: "constraint vector",
            expected: a.ncols(),
            got: c.len(),
        });
    }
    crate::matrix::validate(a)?;
    solve(&Rows::new(a), c, &[])
}

/// Exact ℓ1 sensitivities `s_i = max{|a_iᵀx| : ‖Ax‖₁ ≤ 1} = 1/min{‖Ax‖₁ : a_iᵀx = 1}` of a
/// full-column-rank `A`, by the LAD simplex, each row started from a crash basis (the rows
/// most nearly orthogonal to `(AᵀA)⁻¹a_i`, the maximiser of the ℓ2 analogue).
///
/// Same contract as [`crate::sensitivities`] at p = 1 (which solves one general LP per row
/// with good_lp and stays as this solver's oracle in the tests): zero rows get `s_i = 0` and no
/// maximiser; maximisers are scaled to `‖Ax*‖₁ = 1`.
///
/// Cost: `O(steps · nd)` per row, typically 20–40 steps; n = 2000, d = 10 took 2.6 s on the
/// loaded 2-core machine (one LP per row through Clarabel: several minutes).
///
/// # Errors
/// The input errors of [`crate::validate`]; [`Error::RankDeficient`] (reduce with
/// [`crate::RowSpace`] first); [`Error::Solver`].
///
/// ```
/// use sensitivity_sampling::{l1_sensitivities, synthetic};
/// // The sign matrix {±1}^4: 𝔖₁ = 2⁴·4 / Σ_k C(4,k)|4−2k| = 8/3.
/// let s = l1_sensitivities(synthetic::sign_matrix(4).as_ref()).unwrap();
/// assert!((s.total - 8.0 / 3.0).abs() < 1e-12);
/// ```
pub fn l1_sensitivities(a: MatRef<'_, f64>) -> Result<Sensitivities, Error> {
    crate::matrix::validate(a)?;
    let rows = Rows::new(a);
    let (n, d) = (rows.n, rows.d);
    // The ℓ2 analogue x₀ = (AᵀA)⁻¹a_i of each row's maximiser picks the starting basis: the
    // rows most nearly orthogonal to x₀ (a crash basis).
    let mut gram = vec![0.0; d * d];
    for j in 0..n {
        let r = rows.row(j);
        for p in 0..d {
            for q in 0..d {
                gram[p * d + q] += r[p] * r[q];
            }
        }
    }
    let gram = Lu::factor(gram, d).ok_or(Error::RankDeficient {
        context: "the ℓ1 simplex",
    })?;
    let mut scores = vec![0.0; n];
    let mut maximisers = vec![Vec::new(); n];
    let mut order: Vec<(f64, usize)> = Vec::with_capacity(n);
    let take = (4 * d).min(n);
    for i in 0..n {
        if rows.norms[i] == 0.0 {
            continue;
        }
        let c = rows.row(i).to_vec();
        let x0 = gram.solve(&c);
        order.clear();
        order.extend(
            (0..n)
                .filter(|&j| j != i && rows.norms[j] > 0.0)
                .map(|j| (dot(rows.row(j), &x0).abs() / rows.norms[j], j)),
        );
        if order.len() > take {
            order.select_nth_unstable_by(take, |x, y| x.0.total_cmp(&y.0));
            order.truncate(take);
        }
        order.sort_unstable_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
        let prefer: Vec<usize> = order.iter().map(|x| x.1).collect();
        let m = solve(&rows, &c, &prefer)?;
        // ‖Ay‖₁ ≥ |a_iᵀy| = 1, so anything else is a numerical failure.
        if m.value.is_nan() || m.value < 1.0 - 1e-9 {
            return Err(Error::Solver(format!(
                "row {i}: ℓ1 simplex minimum {} is below 1",
                m.value
            )));
        }
        scores[i] = 1.0 / m.value;
        maximisers[i] = m.y.iter().map(|v| v / m.value).collect();
    }
    let total = scores.iter().sum();
    Ok(Sensitivities {
        scores,
        total,
        maximisers,
    })
}
