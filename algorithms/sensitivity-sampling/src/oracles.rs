//! Naive, independent oracles: the one home of the checks that the crate's tests and the
//! benchmark suite both use.
//!
//! Nothing here calls the code it judges: no faer decomposition, no [`crate::RowSpace`], no
//! [`crate::lewis_weights`]. Each function is the textbook formula written out with plain
//! loops (Gauss–Jordan inverse, Cholesky, cyclic Jacobi eigenvalues, Gaussian elimination),
//! slow but easy to read, and meant for small and medium inputs (`d` up to a few hundred).

use faer::MatRef;

/// The inverse of a small symmetric positive definite matrix by Gauss–Jordan with partial
/// pivoting. `None` when a pivot falls below `1e-12` times the largest entry (singular).
pub fn inverse(m: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let d = m.len();
    let scale = m
        .iter()
        .flatten()
        .fold(0.0f64, |acc, v| acc.max(v.abs()))
        .max(f64::MIN_POSITIVE);
    let mut a: Vec<Vec<f64>> = m
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut row = r.clone();
            row.extend((0..d).map(|j| f64::from(u8::from(i == j))));
            row
        })
        .collect();
    for c in 0..d {
        let piv = (c..d).max_by(|&x, &y| a[x][c].abs().total_cmp(&a[y][c].abs()))?;
        if a[piv][c].abs() < 1e-12 * scale {
            return None;
        }
        a.swap(c, piv);
        let f = a[c][c];
        a[c].iter_mut().for_each(|v| *v /= f);
        for r in 0..d {
            if r != c {
                let g = a[r][c];
                let src = a[c].clone();
                a[r].iter_mut().zip(src).for_each(|(v, s)| *v -= g * s);
            }
        }
    }
    Some(a.into_iter().map(|r| r[d..].to_vec()).collect())
}

/// `Aᵀ diag(v) A` (d×d), naively.
fn weighted_gram(a: MatRef<'_, f64>, v: &[f64]) -> Vec<Vec<f64>> {
    let (n, d) = (a.nrows(), a.ncols());
    let mut m = vec![vec![0.0; d]; d];
    let mut row = vec![0.0; d];
    for i in 0..n {
        if v[i] == 0.0 {
            continue;
        }
        for (j, r) in row.iter_mut().enumerate() {
            *r = a[(i, j)];
        }
        for j in 0..d {
            let f = v[i] * row[j];
            for k in 0..d {
                m[j][k] += f * row[k];
            }
        }
    }
    m
}

/// `a_iᵀ (Aᵀ diag(v) A)⁻¹ a_i` for every row, naively; `None` when the Gram matrix is singular.
pub fn naive_quadratic_forms(a: MatRef<'_, f64>, v: &[f64]) -> Option<Vec<f64>> {
    let (n, d) = (a.nrows(), a.ncols());
    let inv = inverse(&weighted_gram(a, v))?;
    let mut row = vec![0.0; d];
    Some(
        (0..n)
            .map(|i| {
                for (j, r) in row.iter_mut().enumerate() {
                    *r = a[(i, j)];
                }
                (0..d)
                    .map(|j| row[j] * (0..d).map(|k| inv[j][k] * row[k]).sum::<f64>())
                    .sum()
            })
            .collect(),
    )
}

/// The Lewis fixed-point residual of `w`, `max_i |w_i^{2/p} / a_iᵀ(AᵀW^{1−2/p}A)⁻¹a_i − 1|`
/// over the nonzero rows, by one naive solve; a zero row must have weight 0 (else the
/// residual is infinite). `INFINITY` when the Gram matrix is singular or a weight is not
/// positive on a nonzero row.
pub fn lewis_residual(a: MatRef<'_, f64>, w: &[f64], p: f64) -> f64 {
    let n = a.nrows();
    if w.len() != n {
        return f64::INFINITY;
    }
    let live: Vec<bool> = (0..n)
        .map(|i| (0..a.ncols()).any(|j| a[(i, j)] != 0.0))
        .collect();
    if (0..n).any(|i| {
        if live[i] {
            w[i].is_nan() || w[i] <= 0.0
        } else {
            w[i] != 0.0
        }
    }) {
        return f64::INFINITY;
    }
    let v: Vec<f64> = (0..n)
        .map(|i| {
            if live[i] {
                w[i].powf(1.0 - 2.0 / p)
            } else {
                0.0
            }
        })
        .collect();
    let Some(q) = naive_quadratic_forms(a, &v) else {
        return f64::INFINITY;
    };
    (0..n)
        .filter(|&i| live[i])
        .map(|i| (w[i].powf(2.0 / p) / q[i] - 1.0).abs())
        .fold(0.0, |acc, r| {
            if r.is_nan() {
                f64::INFINITY
            } else {
                acc.max(r)
            }
        })
}

/// Lewis weights by the plain Cohen–Peng iteration `w_i ← (w_i)^{1−α} q_i(w)^{αp/2}`
/// (α = 1 for p < 4, 2/p beyond), without the rescaling to `Σw = d` the crate applies, each
/// step one naive Gauss–Jordan solve. Stops when [`lewis_residual`]'s quantity is below
/// `tolerance`; `None` after `max_iterations` or on a singular Gram matrix. `A` must have
/// full column rank.
pub fn lewis_weights_plain(
    a: MatRef<'_, f64>,
    p: f64,
    tolerance: f64,
    max_iterations: usize,
) -> Option<(Vec<f64>, usize)> {
    let n = a.nrows();
    let alpha = if p >= 4.0 { 2.0 / p } else { 1.0 };
    let live: Vec<bool> = (0..n)
        .map(|i| (0..a.ncols()).any(|j| a[(i, j)] != 0.0))
        .collect();
    let mut w: Vec<f64> = live.iter().map(|&l| f64::from(u8::from(l))).collect();
    for it in 0..=max_iterations {
        let v: Vec<f64> = (0..n)
            .map(|i| {
                if live[i] {
                    w[i].powf(1.0 - 2.0 / p)
                } else {
                    0.0
                }
            })
            .collect();
        let q = naive_quadratic_forms(a, &v)?;
        let residual = (0..n)
            .filter(|&i| live[i])
            .map(|i| (w[i].powf(2.0 / p) / q[i] - 1.0).abs())
            .fold(0.0f64, f64::max);
        if residual < tolerance {
            return Some((w, it));
        }
        if !residual.is_finite() {
            return None;
        }
        for i in (0..n).filter(|&i| live[i]) {
            w[i] = w[i].powf(1.0 - alpha) * q[i].powf(alpha * p / 2.0);
        }
    }
    None
}

/// `Σ_i |(Ax)_i|^p`, naively.
pub fn norm_pp(a: MatRef<'_, f64>, x: &[f64], p: f64) -> f64 {
    (0..a.nrows())
        .map(|i| {
            (0..a.ncols())
                .map(|j| a[(i, j)] * x[j])
                .sum::<f64>()
                .abs()
                .powf(p)
        })
        .sum()
}

/// `‖SAx‖_p^p / ‖Ax‖_p^p`, naively (NaN when `Ax = 0`).
pub fn ratio(a: MatRef<'_, f64>, sa: MatRef<'_, f64>, x: &[f64], p: f64) -> f64 {
    let den = norm_pp(a, x, p);
    if den > 0.0 {
        norm_pp(sa, x, p) / den
    } else {
        f64::NAN
    }
}

/// `|a_iᵀx|^p / ‖Ax‖_p^p`.
pub fn row_share(a: MatRef<'_, f64>, i: usize, x: &[f64], p: f64) -> f64 {
    let ai: f64 = (0..a.ncols()).map(|j| a[(i, j)] * x[j]).sum();
    ai.abs().powf(p) / norm_pp(a, x, p)
}

/// Seeded Gaussian vectors (independent of the crate's generator: a simple LCG and
/// Box–Muller).
pub fn gaussian_vectors(count: usize, d: usize, seed: u64) -> Vec<Vec<f64>> {
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 11) as f64 + 1.0) / (1u64 << 53) as f64
    };
    (0..count)
        .map(|_| {
            (0..d)
                .map(|_| (-2.0 * next().ln()).sqrt() * (std::f64::consts::TAU * next()).cos())
                .collect()
        })
        .collect()
}

/// The lower Cholesky factor of a symmetric positive definite matrix; `None` otherwise.
fn cholesky(m: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let d = m.len();
    let mut l = vec![vec![0.0; d]; d];
    for i in 0..d {
        for j in 0..=i {
            let s: f64 = m[i][j] - (0..j).map(|k| l[i][k] * l[j][k]).sum::<f64>();
            if i == j {
                if s.is_nan() || s <= 0.0 {
                    return None;
                }
                l[i][i] = s.sqrt();
            } else {
                l[i][j] = s / l[j][j];
            }
        }
    }
    Some(l)
}

/// The eigenvalues of a symmetric matrix by the cyclic Jacobi method, ascending.
fn jacobi_eigenvalues(mut m: Vec<Vec<f64>>) -> Vec<f64> {
    let d = m.len();
    for _sweep in 0..100 {
        let off: f64 = (0..d)
            .flat_map(|i| (0..d).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| m[i][j] * m[i][j])
            .sum();
        let diag: f64 = (0..d).map(|i| m[i][i] * m[i][i]).sum();
        if off <= 1e-30 * diag.max(f64::MIN_POSITIVE) {
            break;
        }
        for p in 0..d {
            for q in p + 1..d {
                if m[p][q] == 0.0 {
                    continue;
                }
                let theta = (m[q][q] - m[p][p]) / (2.0 * m[p][q]);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for row in m.iter_mut() {
                    let (mkp, mkq) = (row[p], row[q]);
                    row[p] = c * mkp - s * mkq;
                    row[q] = s * mkp + c * mkq;
                }
                let (row_p, row_q) = (m[p].clone(), m[q].clone());
                for k in 0..d {
                    m[p][k] = c * row_p[k] - s * row_q[k];
                    m[q][k] = s * row_p[k] + c * row_q[k];
                }
            }
        }
    }
    let mut e: Vec<f64> = (0..d).map(|i| m[i][i]).collect();
    e.sort_by(f64::total_cmp);
    e
}

/// The exact distortion at p = 2, `max(λ_max − 1, 1 − λ_min)` over the eigenvalues λ of
/// `L⁻¹(AᵀSᵀSA)L⁻ᵀ` with `AᵀA = LLᵀ` (naive Cholesky and Jacobi). `A` must have full column
/// rank; `None` otherwise.
pub fn distortion_p2(a: MatRef<'_, f64>, sa: MatRef<'_, f64>) -> Option<f64> {
    let d = a.ncols();
    let l = cholesky(&weighted_gram(a, &vec![1.0; a.nrows()]))?;
    let h = weighted_gram(sa, &vec![1.0; sa.nrows()]);
    // Forward substitution: X = L⁻¹ H, then C = X L⁻ᵀ = (L⁻¹ Xᵀ)ᵀ.
    let solve = |b: &[Vec<f64>]| -> Vec<Vec<f64>> {
        let mut x = vec![vec![0.0; d]; d];
        for col in 0..d {
            for i in 0..d {
                let s = b[i][col] - (0..i).map(|k| l[i][k] * x[k][col]).sum::<f64>();
                x[i][col] = s / l[i][i];
            }
        }
        x
    };
    let x = solve(&h);
    let xt: Vec<Vec<f64>> = (0..d).map(|i| (0..d).map(|j| x[j][i]).collect()).collect();
    let c = solve(&xt);
    let sym: Vec<Vec<f64>> = (0..d)
        .map(|i| (0..d).map(|j| 0.5 * (c[i][j] + c[j][i])).collect())
        .collect();
    let e = jacobi_eigenvalues(sym);
    let (lo, hi) = (e.first().copied()?.max(0.0), e.last().copied()?);
    Some((hi - 1.0).max(1.0 - lo))
}

/// A nonzero vector orthogonal to the given `d − 1` rows (each of length `d`), by Gaussian
/// elimination to reduced row echelon form; `None` unless they have rank exactly `d − 1`.
fn orthogonal_direction(rows: &[Vec<f64>], d: usize) -> Option<Vec<f64>> {
    let mut m = rows.to_vec();
    let scale = m
        .iter()
        .flatten()
        .fold(0.0f64, |acc, v| acc.max(v.abs()))
        .max(f64::MIN_POSITIVE);
    let mut pivot_cols = Vec::new();
    let mut r = 0;
    for c in 0..d {
        let Some(best) = (r..m.len()).max_by(|&x, &y| m[x][c].abs().total_cmp(&m[y][c].abs()))
        else {
            break;
        };
        if m[best][c].abs() <= 1e-11 * scale {
            continue;
        }
        m.swap(r, best);
        let f = m[r][c];
        m[r].iter_mut().for_each(|v| *v /= f);
        for i in 0..m.len() {
            if i != r && m[i][c] != 0.0 {
                let g = m[i][c];
                let src = m[r].clone();
                m[i].iter_mut().zip(&src).for_each(|(v, s)| *v -= g * s);
            }
        }
        pivot_cols.push(c);
        r += 1;
    }
    if pivot_cols.len() != d - 1 {
        return None;
    }
    let free = (0..d).find(|c| !pivot_cols.contains(c))?;
    let mut x = vec![0.0; d];
    x[free] = 1.0;
    for (i, &c) in pivot_cols.iter().enumerate() {
        x[c] = -m[i][free];
    }
    Some(x)
}

/// The exact distortion at p = 1 for a full-column-rank `A` (n×d) and its sketch, by
/// enumerating the vertices of both unit balls in the original coordinates: every direction
/// orthogonal to `d − 1` rows of `A` or of `SA`. The ratio `‖SAx‖₁/‖Ax‖₁` attains its
/// extremes there because on each ball one norm is constant and the other convex and
/// piecewise linear. `None` when the enumeration would exceed `limit` subsets, or when `A`
/// or `SA` lacks full column rank (then ε ≥ 1 and there is nothing to enumerate).
pub fn distortion_p1(a: MatRef<'_, f64>, sa: MatRef<'_, f64>, limit: u128) -> Option<f64> {
    let d = a.ncols();
    cholesky(&weighted_gram(a, &vec![1.0; a.nrows()]))?;
    cholesky(&weighted_gram(sa, &vec![1.0; sa.nrows()]))?;
    let choose = |n: usize, k: usize| -> u128 {
        (0..k.min(n)).fold(1u128, |c, i| {
            c.saturating_mul((n - i) as u128) / (i as u128 + 1)
        })
    };
    if choose(a.nrows(), d - 1).saturating_add(choose(sa.nrows(), d - 1)) > limit {
        return None;
    }
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for m in [a, sa] {
        let rows: Vec<Vec<f64>> = (0..m.nrows())
            .map(|i| (0..d).map(|j| m[(i, j)]).collect())
            .collect();
        let mut subset: Vec<usize> = (0..d - 1).collect();
        if subset.len() > rows.len() {
            continue;
        }
        loop {
            let chosen: Vec<Vec<f64>> = subset.iter().map(|&i| rows[i].clone()).collect();
            if let Some(x) = orthogonal_direction(&chosen, d) {
                let r = ratio(a, sa, &x, 1.0);
                if r.is_finite() {
                    lo = lo.min(r);
                    hi = hi.max(r);
                }
            }
            // The next subset in lexicographic order.
            let k = subset.len();
            let Some(i) = (0..k).rev().find(|&i| subset[i] != i + rows.len() - k) else {
                break;
            };
            subset[i] += 1;
            for j in i + 1..k {
                subset[j] = subset[j - 1] + 1;
            }
        }
    }
    lo.is_finite().then(|| (hi - 1.0).max(1.0 - lo))
}
