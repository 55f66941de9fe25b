//! The exponential integral `E₁(x) = ∫_x^∞ e^{−t}/t dt`, for Goyal–Udwani's load function
//! `g(x) = e^{x+1} E₁(x+1)`.
//!
//! For `x ≥ 1` the continued fraction `e^x E₁(x) = 1/(x+1− 1/(x+3− 4/(x+5− 9/(x+7− …))))`,
//! evaluated by the modified Lentz method (it converges in a few dozen terms and never
//! forms `e^x`, so it does not overflow); for `0 < x < 1` the series
//! `E₁(x) = −γ − ln x − Σ_{k≥1} (−x)^k / (k·k!)`. Both are accurate to about 1e-15
//! relative; the tests compare with mpmath to 1e-12.

/// The Euler–Mascheroni constant.
const EULER_GAMMA: f64 = 0.577_215_664_901_532_9;

/// `e^x · E₁(x)` for `x > 0` (`+∞` at 0, NaN for negative or NaN input).
///
/// ```
/// use stochastic_matching::special::exp_e1;
/// assert!((exp_e1(1.0) - 0.596_347_362_323_194).abs() < 1e-13);
/// ```
pub fn exp_e1(x: f64) -> f64 {
    if x.is_nan() || x < 0.0 {
        return f64::NAN;
    }
    if x == 0.0 {
        return f64::INFINITY;
    }
    if x < 1.0 {
        return x.exp() * series(x);
    }
    // Modified Lentz on b_0 = x + 1, a_i = −i², b_i = x + 2i + 1.
    let tiny = 1e-300;
    let mut b = x + 1.0;
    let mut c = 1.0 / tiny;
    let mut d = 1.0 / b;
    let mut h = d;
    for i in 1..1000 {
        let a = -((i * i) as f64);
        b += 2.0;
        d = 1.0 / (a * d + b);
        c = b + a / c;
        let delta = c * d;
        h *= delta;
        if (delta - 1.0).abs() < 1e-16 {
            break;
        }
    }
    h
}

/// `E₁(x)` for `x > 0` (`+∞` at 0, NaN for negative or NaN input).
///
/// ```
/// use stochastic_matching::special::e1;
/// assert!((e1(1.0) - 0.219_383_934_395_520_3).abs() < 1e-13);
/// ```
pub fn e1(x: f64) -> f64 {
    if x.is_nan() || x < 0.0 {
        return f64::NAN;
    }
    if x < 1.0 && x > 0.0 {
        return series(x);
    }
    exp_e1(x) * (-x).exp()
}

/// `−γ − ln x + Σ_{k≥1} (−1)^{k+1} x^k/(k·k!)` for `0 < x < 1`.
fn series(x: f64) -> f64 {
    let mut sum = 0.0;
    let mut term = 1.0; // (−1)^{k+1} x^k / k!
    for k in 1..60 {
        term *= if k == 1 { x } else { -x / k as f64 };
        let add = term / k as f64;
        sum += add;
        if add.abs() < 1e-18 * sum.abs() {
            break;
        }
    }
    -EULER_GAMMA - x.ln() + sum
}
