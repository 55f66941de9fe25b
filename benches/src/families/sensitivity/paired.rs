//! "Beats uniform" at equal rows actually kept: per seed, a method's sketch at its threshold
//! budget (rows r_s, ε̂_s) against uniform's ε̂ interpolated (linearly in log ε̂) at the same
//! r_s from uniform sketches at three budgets around it on the same seed; a two-sided sign
//! test on the paired differences log ε̂_uniform − log ε̂_method.

use faer::Mat;
use sensitivity_sampling::{Error, EstimateOptions, bernoulli, estimate_distortion};

/// ε̂ floor before taking logarithms (a sketch keeping every row has ε̂ = 0).
const EPS_FLOOR: f64 = 1e-9;

fn rows_and_eps(
    a: &Mat<f64>,
    scores: &[f64],
    p: f64,
    k: usize,
    seed: u64,
) -> Result<(f64, f64), Error> {
    let sample = bernoulli(scores, k.max(1), p, seed)?;
    let sa = sample.sketch(a.as_ref())?;
    let d = estimate_distortion(
        a.as_ref(),
        sa.as_ref(),
        p,
        &[],
        &EstimateOptions {
            seed,
            ..EstimateOptions::default()
        },
    )?;
    Ok((sample.len() as f64, d.epsilon.max(EPS_FLOOR).ln()))
}

/// Linear interpolation of `y` at `x` through points sorted by x, clamped at the ends.
pub fn interpolate(points: &[(f64, f64)], x: f64) -> f64 {
    let mut pts = points.to_vec();
    pts.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (first, last) = (pts[0], pts[pts.len() - 1]);
    if x <= first.0 {
        return first.1;
    }
    if x >= last.0 {
        return last.1;
    }
    for w in pts.windows(2) {
        let ((x0, y0), (x1, y1)) = (w[0], w[1]);
        if x <= x1 {
            return if x1 > x0 {
                y0 + (y1 - y0) * (x - x0) / (x1 - x0)
            } else {
                y1
            };
        }
    }
    last.1
}

/// Two-sided sign test: (positive differences, non-zero differences, p-value).
pub fn sign_test(diffs: &[f64]) -> (usize, usize, f64) {
    let wins = diffs.iter().filter(|d| **d > 0.0).count();
    let n = diffs.iter().filter(|d| **d != 0.0).count();
    let extreme = wins.max(n - wins);
    // P(Bin(n, 1/2) ≥ extreme), by the recurrence on binomial coefficients.
    let mut c = 1.0f64;
    let mut tail = 0.0;
    for k in 0..=n {
        if k >= extreme {
            tail += c;
        }
        c = c * (n - k) as f64 / (k + 1) as f64;
    }
    let p = (2.0 * tail / 2f64.powi(n as i32)).min(1.0);
    (wins, n, if n == 0 { 1.0 } else { p })
}

/// One paired comparison.
#[derive(Debug, Clone)]
pub struct Paired {
    /// Seeds where the method's ε̂ is below uniform's at equal rows.
    pub wins: usize,
    /// Seeds with a non-zero difference.
    pub n: usize,
    /// The sign test's two-sided p-value.
    pub p_value: f64,
    /// The median of log ε̂_uniform − log ε̂_method.
    pub median_log_ratio: f64,
}

/// The method (scores `method`, at budget `k`) against uniform at equal rows kept, over
/// seeds `0..seeds`.
///
/// # Errors
/// The crate's errors.
pub fn versus_uniform(
    a: &Mat<f64>,
    p: f64,
    method: &[f64],
    k: usize,
    seeds: u64,
) -> Result<Paired, Error> {
    let uniform = vec![1.0; a.nrows()];
    let mut diffs = Vec::new();
    for seed in 0..seeds {
        let (r, e) = rows_and_eps(a, method, p, k, seed)?;
        let budgets = [(0.7 * r).floor(), r, (1.4 * r).ceil()];
        let mut points = Vec::new();
        for b in budgets {
            points.push(rows_and_eps(a, &uniform, p, b as usize, seed)?);
        }
        diffs.push(interpolate(&points, r) - e);
    }
    let (wins, n, p_value) = sign_test(&diffs);
    Ok(Paired {
        wins,
        n,
        p_value,
        median_log_ratio: crate::measure::median(&diffs).unwrap_or(f64::NAN),
    })
}

#[cfg(test)]
mod tests {
    use super::{interpolate, sign_test};

    #[test]
    fn sign_test_matches_hand_computed_binomial_tails() {
        // 20 of 20 positive: 2·2^-20.
        let (w, n, p) = sign_test(&[1.0; 20]);
        assert_eq!((w, n), (20, 20));
        assert!((p - 2.0 / 1_048_576.0).abs() < 1e-15);
        // 10 of 20: p = 1.
        let mixed: Vec<f64> = (0..20)
            .map(|i| if i % 2 == 0 { 1.0 } else { -1.0 })
            .collect();
        assert_eq!(sign_test(&mixed).2, 1.0);
        // 15 of 20: 2·Σ_{k≥15} C(20,k)/2^20 = 2·21700/1048576.
        let d: Vec<f64> = (0..20).map(|i| if i < 15 { 1.0 } else { -1.0 }).collect();
        assert!((sign_test(&d).2 - 2.0 * 21_700.0 / 1_048_576.0).abs() < 1e-12);
        // Zeros are dropped.
        assert_eq!(sign_test(&[0.0, 0.0]).1, 0);
    }

    #[test]
    fn interpolation_is_linear_inside_and_clamped_outside() {
        let pts = [(30.0, 3.0), (10.0, 1.0), (20.0, 2.0)];
        assert!((interpolate(&pts, 15.0) - 1.5).abs() < 1e-12);
        assert_eq!(interpolate(&pts, 5.0), 1.0);
        assert_eq!(interpolate(&pts, 50.0), 3.0);
    }
}
