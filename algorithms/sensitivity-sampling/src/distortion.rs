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
    /// A direction `x` (original coordinates, any length) where the ratio is `min_ratio`, so
    /// that anyone can check the estimate; empty for the exact values, and not a witness of
    /// `min_ratio = 0` when the sketch lost rank (the rank is).
    pub min_direction: Vec<f64>,
    /// A direction `x` where the ratio is `max_ratio`; empty for the exact values.
    pub max_direction: Vec<f64>,
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
            min_direction: Vec::new(),
            max_direction: Vec::new(),
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
    // SA in the basis coordinates, `(SA/scale)·V_rΣ_r⁻¹` with the power-of-two scale of A:
    // every product stays in range however small or large A's entries are.
    let sa_scaled = Mat::from_fn(sa.nrows(), sa.ncols(), |i, j| sa[(i, j)] / rs.scale);
    let mut sa_r = Mat::<f64>::zeros(sa.nrows(), rs.rank);
    if sa.nrows() > 0 {
        matmul(
            &mut sa_r,
            Accum::Replace,
            &sa_scaled,
            &rs.to_scaled,
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
        ratio_pp(&mul_vec(self.sa, z), &mul_vec(self.a, z), self.p)
    }

    /// Gradient of `log r` (up to the factor p) at z.
    fn log_gradient(&self, z: &[f64]) -> Vec<f64> {
        let p = self.p;
        let part = |m: MatRef<'_, f64>| -> Vec<f64> {
            let mz = mul_vec(m, z);
            // |v|^{p−1}/Σ|v|^p, in the overflow-free form (|v|/M)^{p−1}/(M·Σ(|v|/M)^p).
            let top = mz.iter().fold(0.0f64, |acc, v| acc.max(v.abs()));
            let (scale, norm) = if p <= 2.0 {
                (1.0, pnorm_p(mz.iter().copied(), p))
            } else if top > 0.0 {
                (
                    top,
                    mz.iter().map(|v| (v.abs() / top).powf(p)).sum::<f64>() * top,
                )
            } else {
                (1.0, 0.0)
            };
            let phi: Vec<f64> = if p == 1.0 {
                mz.iter().map(|v| v.signum()).collect()
            } else if p == 2.0 {
                mz.clone()
            } else {
                mz.iter()
                    .map(|v| v.signum() * (v.abs() / scale).powf(p - 1.0))
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
    /// with an adaptive step; returns the best ratio seen and where.
    fn climb(&self, mut z: Vec<f64>, sign: f64, steps: usize) -> (f64, Vec<f64>) {
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
        (best, z)
    }
}

/// `Σ|num_i|^p / Σ|den_i|^p` (NaN when the denominator is 0). For p > 2 both sums are
/// taken relative to their largest entry and the quotient assembled in logarithms,
/// `exp(p·ln(M_num/M_den) + ln S_num − ln S_den)`, so that no power overflows or underflows
/// whatever p is: the result is infinite only when the true ratio exceeds `f64::MAX`.
pub fn ratio_pp(num: &[f64], den: &[f64], p: f64) -> f64 {
    if p <= 2.0 {
        let d = pnorm_p(den.iter().copied(), p);
        return if d > 0.0 {
            pnorm_p(num.iter().copied(), p) / d
        } else {
            f64::NAN
        };
    }
    let top = |v: &[f64]| v.iter().fold(0.0f64, |acc, x| acc.max(x.abs()));
    let (mn, md) = (top(num), top(den));
    if md.is_nan() || md <= 0.0 {
        return f64::NAN;
    }
    if mn == 0.0 {
        return 0.0;
    }
    let sum = |v: &[f64], m: f64| v.iter().map(|x| (x.abs() / m).powf(p)).sum::<f64>();
    (p * (mn.ln() - md.ln()) + sum(num, mn).ln() - sum(den, md).ln()).exp()
}

/// Floats one block of Gaussian directions may hold (`A·G` and `SA·G`): 2^20, 8 MiB.
pub const DIRECTION_BLOCK_FLOATS: usize = 1 << 20;

/// How many directions one block holds for `rows` = n + m rows (at least one).
pub fn direction_block(rows: usize, directions: usize) -> usize {
    (DIRECTION_BLOCK_FLOATS / rows.max(1)).clamp(1, directions.max(1))
}

/// The `keep` smallest and largest ratios seen, with their directions.
struct Extremes {
    keep: usize,
    low: Vec<(f64, Vec<f64>)>,
    high: Vec<(f64, Vec<f64>)>,
}

impl Extremes {
    fn offer(&mut self, v: f64, z: &[f64]) {
        if !v.is_finite() || self.keep == 0 {
            return;
        }
        for (list, better) in [(&mut self.low, -1.0), (&mut self.high, 1.0)] {
            let worst = list.last().map(|(w, _)| *w);
            if list.len() < self.keep || worst.is_some_and(|w| better * (v - w) > 0.0) {
                let at = list
                    .iter()
                    .position(|(w, _)| better * (v - w) > 0.0)
                    .unwrap_or(list.len());
                list.insert(at, (v, z.to_vec()));
                list.truncate(self.keep);
            }
        }
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
/// The rank-loss check first (`rank(SA) < rank(A)` means ε = 1); then the ratio
/// `‖SAx‖_p^p/‖Ax‖_p^p` at (a) `directions` Gaussian directions in the coordinates of an
/// orthonormal basis of A's column space, (b) the candidates (original coordinates, e.g. the
/// sensitivity maximisers) and the basis vectors, and (c) projected local ascent and descent
/// from the best `ascent_starts` directions of (a)+(b). Cost `O((n + m)·r·(directions +
/// ascent_starts·ascent_steps))` plus one SVD of each matrix. Memory: the reduced `A` and
/// `SA` (`(n + m)·r` floats), the start points, and at most [`DIRECTION_BLOCK_FLOATS`]
/// (2^20 floats, 8 MiB) for a block of directions, whatever `directions` is. The matrices
/// are scaled by a power of two before any product and the p-norms compared in an
/// overflow-free form ([`ratio_pp`]), so entries near the limits of `f64` (subnormal, or
/// above 1e154) and large p give the same ε̂ as moderate ones. The returned directions
/// witness the extremes: anyone can recompute the ratio there.
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
    // Start points: the basis vectors and the candidates, in basis coordinates.
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
    let mut extremes = Extremes {
        keep: options.ascent_starts.max(1),
        low: Vec::new(),
        high: Vec::new(),
    };
    for z in &starts {
        extremes.offer(ratio.value(z), z);
    }
    drop(starts);
    // The Gaussian directions, a block at a time: A·G and SA·G never exceed
    // DIRECTION_BLOCK_FLOATS floats, whatever `directions` is.
    let mut rng = crate::synthetic::Gaussian::new(options.seed);
    let (n, m, k) = (red.a.nrows(), red.sa.nrows(), options.directions);
    let block = direction_block(n + m, k);
    let mut done = 0;
    while done < k {
        let b = block.min(k - done);
        let mut g = Mat::<f64>::zeros(r, b);
        for c in 0..b {
            for i in 0..r {
                g[(i, c)] = rng.sample();
            }
        }
        let mut ag = Mat::<f64>::zeros(n, b);
        matmul(&mut ag, Accum::Replace, &red.a, &g, 1.0, Par::Seq);
        let mut sg = Mat::<f64>::zeros(m, b);
        if m > 0 {
            matmul(&mut sg, Accum::Replace, &red.sa, &g, 1.0, Par::Seq);
        }
        for c in 0..b {
            let num: Vec<f64> = sg.col(c).iter().copied().collect();
            let den: Vec<f64> = ag.col(c).iter().copied().collect();
            let z: Vec<f64> = g.col(c).iter().copied().collect();
            extremes.offer(ratio_pp(&num, &den, p), &z);
        }
        done += b;
    }
    let (mut lo, mut lo_z) = extremes.low.first().cloned().unwrap_or((1.0, vec![0.0; r]));
    let (mut hi, mut hi_z) = extremes
        .high
        .first()
        .cloned()
        .unwrap_or((1.0, vec![0.0; r]));
    let s = options.ascent_starts;
    for (_, z) in extremes.high.iter().take(s) {
        let (v, at) = ratio.climb(z.clone(), 1.0, options.ascent_steps);
        if v > hi {
            (hi, hi_z) = (v, at);
        }
    }
    for (_, z) in extremes.low.iter().take(s) {
        let (v, at) = ratio.climb(z.clone(), -1.0, options.ascent_steps);
        if v < lo {
            (lo, lo_z) = (v, at);
        }
    }
    let mut out = Distortion::from_ratios(lo, hi, r, red.sketch_rank);
    out.min_direction = red.rs.direction(&lo_z);
    out.max_direction = red.rs.direction(&hi_z);
    Ok(out)
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
