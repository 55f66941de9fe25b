//! Embedding distortion `ε(S) = sup_x |‖SAx‖_p^p/‖Ax‖_p^p − 1|`: an estimated lower bound
//! (random and candidate directions, then local ascent), and exact values for p = 2
//! (generalised eigenvalues) and p = 1 at small rank (vertex enumeration).

use faer::linalg::matmul::matmul;
use faer::{Accum, Mat, MatRef, Par, Side};

use crate::error::{Error, check_p};
use crate::matrix::{RowSpace, mul_vec, pnorm_p, rank};

/// The extremes of `‖SAx‖_p^p / ‖Ax‖_p^p` found, and the distortion they imply.
#[derive(Debug, Clone, PartialEq)]
pub struct Distortion {
    /// `max(max_ratio − 1, 1 − min_ratio)`: a lower bound on ε(S) when estimated, ε(S) when exact.
    pub epsilon: f64,
    /// The smallest ratio found (0 when the sketch lost rank).
    pub min_ratio: f64,
    /// The largest ratio found.
    pub max_ratio: f64,
    /// Whether `rank(SA) < rank(A)` (then some x has `SAx = 0` and ε = 1 at least).
    pub rank_lost: bool,
    /// `rank(A)`.
    pub rank: usize,
    /// `rank(SA)`.
    pub sketch_rank: usize,
}

impl Distortion {
    fn from_ratios(min_ratio: f64, max_ratio: f64, rank: usize, sketch_rank: usize) -> Self {
        let rank_lost = sketch_rank < rank;
        let min_ratio = if rank_lost { 0.0 } else { min_ratio };
        Distortion {
            epsilon: (max_ratio - 1.0).max(1.0 - min_ratio),
            min_ratio,
            max_ratio,
            rank_lost,
            rank,
            sketch_rank,
        }
    }
}

/// Options of [`estimate_distortion`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EstimateOptions {
    /// Gaussian directions tried (≥ 1000 recommended).
    pub directions: usize,
    /// Best directions (for the max and for the min) refined by local ascent.
    pub ascent_starts: usize,
    /// Steps of each ascent.
    pub ascent_steps: usize,
    /// Seed of the Gaussian directions.
    pub seed: u64,
}

impl Default for EstimateOptions {
    fn default() -> Self {
        EstimateOptions {
            directions: 1000,
            ascent_starts: 4,
            ascent_steps: 60,
            seed: 0,
        }
    }
}

/// `A` and `SA` in the coordinates of `A`'s row-space basis, with both ranks.
struct Reduced {
    a: Mat<f64>,
    sa: Mat<f64>,
    rs: RowSpace,
    sketch_rank: usize,
}

fn reduce(a: MatRef<'_, f64>, sa: MatRef<'_, f64>) -> Result<Reduced, Error> {
    let rs = RowSpace::new(a)?;
    if sa.ncols() != a.ncols() {
        return Err(Error::DimensionMismatch {
            what: "sketch columns",
            expected: a.ncols(),
            got: sa.ncols(),
        });
    }
    let mut sa_r = Mat::<f64>::zeros(sa.nrows(), rs.rank);
    if sa.nrows() > 0 {
        matmul(
            &mut sa_r,
            Accum::Replace,
            sa,
            &rs.to_original,
            1.0,
            Par::Seq,
        );
    }
    let sketch_rank = rank(sa_r.as_ref())?.min(rs.rank);
    Ok(Reduced {
        a: rs.basis.clone(),
        sa: sa_r,
        rs,
        sketch_rank,
    })
}

struct Ratio<'a> {
    a: MatRef<'a, f64>,
    sa: MatRef<'a, f64>,
    p: f64,
}

impl Ratio<'_> {
    fn value(&self, z: &[f64]) -> f64 {
        let den = pnorm_p(mul_vec(self.a, z), self.p);
        if den > 0.0 {
            pnorm_p(mul_vec(self.sa, z), self.p) / den
        } else {
            f64::NAN
        }
    }

    /// Gradient of `log r` (up to the factor p) at z.
    fn log_gradient(&self, z: &[f64]) -> Vec<f64> {
        let p = self.p;
        let part = |m: MatRef<'_, f64>| -> Vec<f64> {
            let mz = mul_vec(m, z);
            let norm = pnorm_p(mz.iter().copied(), p);
            let phi: Vec<f64> = if p == 1.0 {
                mz.iter().map(|v| v.signum()).collect()
            } else if p == 2.0 {
                mz.clone()
            } else {
                mz.iter()
                    .map(|v| v.signum() * v.abs().powf(p - 1.0))
                    .collect()
            };
            (0..m.ncols())
                .map(|j| {
                    if norm > 0.0 {
                        m.col(j).iter().zip(&phi).map(|(a, b)| a * b).sum::<f64>() / norm
                    } else {
                        0.0
                    }
                })
                .collect()
        };
        let (gs, ga) = (part(self.sa), part(self.a));
        gs.iter().zip(&ga).map(|(s, a)| s - a).collect()
    }

    /// Projected ascent (`sign = 1`) or descent (`sign = −1`) on the unit sphere from `z`,
    /// with an adaptive step; returns the best ratio seen.
    fn climb(&self, mut z: Vec<f64>, sign: f64, steps: usize) -> f64 {
        normalise(&mut z);
        let mut best = self.value(&z);
        let mut eta = 0.5;
        for _ in 0..steps {
            let g = self.log_gradient(&z);
            let gn = g.iter().map(|v| v * v).sum::<f64>().sqrt();
            if gn.is_nan() || gn <= 0.0 || eta < 1e-7 {
                break;
            }
            let mut trial: Vec<f64> = z
                .iter()
                .zip(&g)
                .map(|(a, b)| a + sign * eta * b / gn)
                .collect();
            normalise(&mut trial);
            let v = self.value(&trial);
            if v.is_finite() && sign * (v - best) > 0.0 {
                z = trial;
                best = v;
                eta *= 1.5;
            } else {
                eta *= 0.5;
            }
        }
        best
    }
}

fn normalise(z: &mut [f64]) {
    let n = z.iter().map(|v| v * v).sum::<f64>().sqrt();
    if n > 0.0 {
        z.iter_mut().for_each(|v| *v /= n);
    }
}

/// An estimated lower bound ε̂ on the distortion of the sketch `sa` of `a`.
///
/// Spec §2: the rank-loss check first (`rank(SA) < rank(A)` means ε = 1); then the ratio
/// `‖SAx‖_p^p/‖Ax‖_p^p` at (a) `directions` Gaussian directions in the coordinates of an
/// orthonormal basis of A's column space, (b) the candidates (original coordinates, e.g. the
/// sensitivity maximisers) and the basis vectors, and (c) projected local ascent and descent
/// from the best `ascent_starts` directions of (a)+(b). Cost `O((n + m)·r·(directions +
/// ascent_starts·ascent_steps))` plus one SVD of each matrix.
///
/// # Errors
/// [`Error::InvalidP`], the input errors of `a`, [`Error::DimensionMismatch`].
pub fn estimate_distortion(
    a: MatRef<'_, f64>,
    sa: MatRef<'_, f64>,
    p: f64,
    candidates: &[Vec<f64>],
    options: &EstimateOptions,
) -> Result<Distortion, Error> {
    let p = check_p(p)?;
    let red = reduce(a, sa)?;
    let r = red.rs.rank;
    let ratio = Ratio {
        a: red.a.as_ref(),
        sa: red.sa.as_ref(),
        p,
    };
    let mut starts: Vec<Vec<f64>> = (0..r)
        .map(|j| (0..r).map(|i| f64::from(u8::from(i == j))).collect())
        .collect();
    for x in candidates.iter().filter(|x| x.len() == a.ncols()) {
        // z = U_rᵀ (A x): the coordinates of x in the basis.
        let ax = mul_vec(a, x);
        starts.push(
            (0..r)
                .map(|j| red.a.col(j).iter().zip(&ax).map(|(u, v)| u * v).sum())
                .collect(),
        );
    }
    let mut rng = crate::synthetic::Gaussian::new(options.seed);
    let k = options.directions;
    let g = Mat::from_fn(r, k, |_, _| rng.sample());
    let mut scored: Vec<(f64, Vec<f64>)> =
        starts.into_iter().map(|z| (ratio.value(&z), z)).collect();
    if k > 0 {
        let mut ag = Mat::<f64>::zeros(red.a.nrows(), k);
        matmul(&mut ag, Accum::Replace, &red.a, &g, 1.0, Par::Seq);
        let mut sg = Mat::<f64>::zeros(red.sa.nrows(), k);
        if red.sa.nrows() > 0 {
            matmul(&mut sg, Accum::Replace, &red.sa, &g, 1.0, Par::Seq);
        }
        for c in 0..k {
            let den = pnorm_p(ag.col(c).iter().copied(), p);
            let num = pnorm_p(sg.col(c).iter().copied(), p);
            scored.push((num / den, g.col(c).iter().copied().collect()));
        }
    }
    scored.retain(|(v, _)| v.is_finite());
    scored.sort_by(|x, y| x.0.total_cmp(&y.0));
    let (mut lo, mut hi) = match (scored.first(), scored.last()) {
        (Some(l), Some(h)) => (l.0, h.0),
        _ => (1.0, 1.0),
    };
    let s = options.ascent_starts.min(scored.len());
    for (_, z) in scored.iter().rev().take(s) {
        hi = hi.max(ratio.climb(z.clone(), 1.0, options.ascent_steps));
    }
    for (_, z) in scored.iter().take(s) {
        lo = lo.min(ratio.climb(z.clone(), -1.0, options.ascent_steps));
    }
    Ok(Distortion::from_ratios(lo, hi, r, red.sketch_rank))
}

/// The exact distortion for p = 2: the ratio's extremes are the generalised eigenvalues of
/// `(AᵀSᵀSA, AᵀA)`, here the eigenvalues of `(SU)ᵀ(SU)` for the orthonormal basis `U` of A's
/// column space. Cost `O((n + m) d²)`.
///
/// # Errors
/// The input errors of `a`, [`Error::DimensionMismatch`], [`Error::Decomposition`].
///
/// ```
/// use faer::Mat;
/// use sensitivity_sampling::exact_distortion_p2;
/// let a = Mat::from_fn(4, 2, |i, j| if i % 2 == j { 1.0 } else { 0.0 });
/// let sa = Mat::from_fn(2, 2, |i, j| if i == j { 2f64.sqrt() } else { 0.0 }); // rows 0, 1 ×√2
/// let d = exact_distortion_p2(a.as_ref(), sa.as_ref()).unwrap();
/// assert!(d.epsilon < 1e-12);
/// ```
pub fn exact_distortion_p2(a: MatRef<'_, f64>, sa: MatRef<'_, f64>) -> Result<Distortion, Error> {
    let red = reduce(a, sa)?;
    let r = red.rs.rank;
    let mut g = Mat::<f64>::zeros(r, r);
    if red.sa.nrows() > 0 {
        matmul(
            &mut g,
            Accum::Replace,
            red.sa.transpose(),
            &red.sa,
            1.0,
            Par::Seq,
        );
    }
    let eig = g
        .self_adjoint_eigenvalues(Side::Lower)
        .map_err(|_| Error::Decomposition("eigenvalues"))?;
    let lo = eig.first().copied().unwrap_or(0.0).max(0.0);
    let hi = eig.last().copied().unwrap_or(0.0);
    Ok(Distortion::from_ratios(lo, hi, r, red.sketch_rank))
}

/// A unit vector orthogonal to every row of `rows` (each of length `r`, `r − 1` of them), or
/// `None` when they are linearly dependent. Gaussian elimination with partial pivoting.
fn null_direction(rows: &[&[f64]], r: usize) -> Option<Vec<f64>> {
    let k = rows.len();
    let mut m: Vec<Vec<f64>> = rows.iter().map(|x| x.to_vec()).collect();
    let scale = m
        .iter()
        .flatten()
        .fold(0.0f64, |acc, v| acc.max(v.abs()))
        .max(f64::MIN_POSITIVE);
    let mut pivots = Vec::with_capacity(k);
    let mut row = 0;
    for col in 0..r {
        if row == k {
            break;
        }
        let (best, val) = (row..k)
            .map(|i| (i, m[i][col].abs()))
            .fold((row, -1.0), |b, x| if x.1 > b.1 { x } else { b });
        if val <= 1e-11 * scale {
            continue;
        }
        m.swap(row, best);
        for i in 0..k {
            if i != row {
                let f = m[i][col] / m[row][col];
                if f != 0.0 {
                    let pivot_row = m[row].clone();
                    for (v, pv) in m[i][col..r].iter_mut().zip(&pivot_row[col..r]) {
                        *v -= f * pv;
                    }
                }
            }
        }
        pivots.push(col);
        row += 1;
    }
    if pivots.len() != k {
        return None;
    }
    let free = (0..r).find(|c| !pivots.contains(c))?;
    let mut x = vec![0.0; r];
    x[free] = 1.0;
    for (i, &pc) in pivots.iter().enumerate() {
        x[pc] = -m[i][free] / m[i][pc];
    }
    normalise(&mut x);
    Some(x)
}

fn binomial(n: usize, k: usize) -> u128 {
    let mut c: u128 = 1;
    for i in 0..k.min(n) {
        c = c.saturating_mul((n - i) as u128) / (i as u128 + 1);
    }
    if k > n { 0 } else { c }
}

/// Calls `f` with every `k`-subset of `0..n` (lexicographic).
fn for_each_subset(n: usize, k: usize, mut f: impl FnMut(&[usize])) {
    if k > n {
        return;
    }
    let mut idx: Vec<usize> = (0..k).collect();
    loop {
        f(&idx);
        let Some(i) = (0..k).rev().find(|&i| idx[i] != i + n - k) else {
            return;
        };
        idx[i] += 1;
        for j in i + 1..k {
            idx[j] = idx[j - 1] + 1;
        }
    }
}

/// The exact distortion for p = 1 by vertex enumeration (small rank only).
///
/// `x ↦ ‖SAx‖₁/‖Ax‖₁` is a ratio of polyhedral norms; on the unit ball of `‖A·‖₁` the
/// numerator is convex, so its max is at a vertex of that ball, i.e. a direction orthogonal
/// to `r − 1` independent rows of A; the min is at a vertex of the ball of `‖SA·‖₁`. All
/// `C(n, r−1) + C(m, r−1)` directions are tried. Cost `O((C(n, r−1) + C(m, r−1))·(n+m)·r)`.
///
/// # Errors
/// [`Error::TooLarge`] when the number of subsets exceeds `limit`; the input errors of `a`;
/// [`Error::DimensionMismatch`].
pub fn exact_distortion_p1(
    a: MatRef<'_, f64>,
    sa: MatRef<'_, f64>,
    limit: u128,
) -> Result<Distortion, Error> {
    let red = reduce(a, sa)?;
    let r = red.rs.rank;
    let (n, m) = (red.a.nrows(), red.sa.nrows());
    let count = binomial(n, r - 1).saturating_add(binomial(m, r - 1));
    if count > limit {
        return Err(Error::TooLarge {
            what: "p = 1 vertex enumeration",
            count,
            limit,
        });
    }
    let ratio = Ratio {
        a: red.a.as_ref(),
        sa: red.sa.as_ref(),
        p: 1.0,
    };
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    let rows_of = |mat: &Mat<f64>| -> Vec<Vec<f64>> {
        (0..mat.nrows())
            .map(|i| (0..r).map(|j| mat[(i, j)]).collect())
            .collect()
    };
    for mat_rows in [rows_of(&red.a), rows_of(&red.sa)] {
        for_each_subset(mat_rows.len(), r - 1, |subset| {
            let rows: Vec<&[f64]> = subset.iter().map(|&i| mat_rows[i].as_slice()).collect();
            if let Some(z) = null_direction(&rows, r) {
                let v = ratio.value(&z);
                if v.is_finite() {
                    lo = lo.min(v);
                    hi = hi.max(v);
                }
            }
        });
    }
    if !lo.is_finite() {
        lo = 0.0;
        hi = hi.max(0.0);
    }
    Ok(Distortion::from_ratios(lo, hi, r, red.sketch_rank))
}
