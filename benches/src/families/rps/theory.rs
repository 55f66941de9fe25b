//! The linear-model check: how well does a memory of `m` scalars represent a random linear
//! model `w ∈ ℝⁿ`, as randomized parameter sharing (the STABLE-RPS fold mapping with signs,
//! its memory fitted to `w` by least squares) or as magnitude pruning (the `m` largest |wᵢ|)?
//!
//! For inputs `x` with independent unit-variance coordinates, the mean squared error of the
//! inner product, `E[(⟨w, x⟩ − ⟨ŵ, x⟩)²] / E[⟨w, x⟩²]`, equals `‖w − ŵ‖² / ‖w‖²` exactly, so
//! that is what is computed. Independent expectations for Gaussian `w` (the oracle of the
//! check): fold places exactly `c` weights in each slot, so its error is `1 − 1/c` in
//! expectation; pruning keeps the top `1/c` of |N(0, 1)|, whose share of the energy is
//! `2(tφ(t) + Q(t))` with `Q(t) = 1/(2c)`, so its error is one minus that.

use std::collections::BTreeMap;

use rps::mapping::{Config, Layout};

use super::outcome::Outcome;
use crate::family::RunError;

/// The inputs of the check.
pub struct Theory {
    /// Layer shape (input, output); n = input · output weights.
    pub shape: (usize, usize),
    /// Compressions.
    pub compressions: Vec<f64>,
    /// Seeds.
    pub seeds: u64,
}

/// Standard normal samples from a seed (Box–Muller over SplitMix64).
fn gaussian(n: usize, seed: u64) -> Vec<f64> {
    let mut s = seed ^ 0x7E0_0001;
    let mut unit = || ((rps::hash::splitmix64(&mut s) >> 11) as f64 + 0.5) / (1u64 << 53) as f64;
    (0..n)
        .map(|_| {
            let (u, v) = (unit(), unit());
            (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
        })
        .collect()
}

/// Which representation of `w` a row measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// The STABLE-RPS fold mapping with signs, its memory fitted to `w` by least squares.
    Rps,
    /// Magnitude pruning: the `m` largest |wᵢ| kept.
    Pruning,
}

/// `‖w − ŵ‖²/‖w‖²` of `method` at memory `m = ⌈n/c⌉` (the fold layout's memory length, the
/// same for both methods), for the Gaussian `w` of `seed`. Each call computes its own method
/// only.
///
/// # Errors
/// A layout error (compression out of range).
pub fn error(method: Method, shape: (usize, usize), c: f64, seed: u64) -> Result<f64, String> {
    let layout = Layout::new(Config::stable_rps(c, seed), &[shape]).map_err(|e| e.to_string())?;
    let (input, output) = shape;
    let w = gaussian(input * output, seed);
    let energy: f64 = w.iter().map(|v| v * v).sum();
    let m = layout.memory_len();
    match method {
        Method::Rps => {
            // Least squares on the slots: M[j] = mean over the slot of g·w (λ cancels).
            let (mut sum, mut cnt) = (vec![0.0f64; m], vec![0u32; m]);
            for r in 0..output {
                for k in 0..input {
                    let s = layout.slot(0, r, k);
                    sum[s.index] += f64::from(s.sign) * w[r * input + k];
                    cnt[s.index] += 1;
                }
            }
            let mut err = 0.0;
            for r in 0..output {
                for k in 0..input {
                    let s = layout.slot(0, r, k);
                    let fit = f64::from(s.sign) * sum[s.index] / f64::from(cnt[s.index]);
                    err += (w[r * input + k] - fit).powi(2);
                }
            }
            Ok(err / energy)
        }
        Method::Pruning => {
            let mut mags: Vec<f64> = w.iter().map(|v| v * v).collect();
            mags.sort_by(|a, b| b.total_cmp(a));
            let kept: f64 = mags.iter().take(m).sum();
            Ok((energy - kept) / energy)
        }
    }
}

/// The complementary error function (Numerical Recipes' `erfcc`, relative error < 1.2e-7).
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let r = t
        * (-z * z - 1.265_512_23
            + t * (1.000_023_68
                + t * (0.374_091_96
                    + t * (0.096_784_18
                        + t * (-0.186_288_06
                            + t * (0.278_868_07
                                + t * (-1.135_203_98
                                    + t * (1.488_515_87
                                        + t * (-0.822_152_23 + t * 0.170_872_77)))))))))
            .exp();
    if x >= 0.0 { r } else { 2.0 - r }
}

/// The expected errors for Gaussian weights: fold `1 − 1/c`, pruning `1 − 2(tφ(t) + Q(t))`
/// with `Q(t) = 1/(2c)` (t by bisection).
pub fn expected(c: f64) -> (f64, f64) {
    let q = |t: f64| 0.5 * erfc(t / std::f64::consts::SQRT_2);
    let (mut lo, mut hi) = (0.0f64, 40.0f64);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if q(mid) > 0.5 / c {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let t = 0.5 * (lo + hi);
    let phi = (-t * t / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt();
    (1.0 - 1.0 / c, 1.0 - 2.0 * (t * phi + q(t)))
}

/// How far a measured mean error may sit from its expectation (several standard errors at
/// n = 2¹⁶ weights).
const TOLERANCE: f64 = 0.02;

impl Theory {
    /// Runs `implementation`: the mean error over the seeds at each compression, set against
    /// its expectation.
    pub fn run(&self, implementation: &str) -> Result<Outcome, RunError> {
        let pick = |p: (f64, f64), m: Method| if m == Method::Rps { p.0 } else { p.1 };
        let method = match implementation {
            "stable-rps" => Method::Rps,
            "magnitude" => Method::Pruning,
            other => {
                return Err(RunError::Skip(format!(
                    "no linear-model check for `{other}`"
                )));
            }
        };
        let start = std::time::Instant::now();
        let (mut quality, mut notes, mut off) = (BTreeMap::new(), BTreeMap::new(), Vec::new());
        for &c in &self.compressions {
            let mut total = 0.0;
            for seed in 0..self.seeds {
                total += error(method, self.shape, c, seed).map_err(RunError::Fail)?;
            }
            let mean = total / self.seeds as f64;
            let want = pick(expected(c), method);
            quality.insert(format!("error c={c}"), mean);
            notes.insert(format!("c={c}"), format!("{mean:.4} (expected {want:.4})"));
            if (mean - want).abs() > TOLERANCE {
                off.push(format!("c={c}: {mean:.4} vs {want:.4}"));
            }
        }
        let answer = if off.is_empty() {
            "matches-expectation".to_string()
        } else {
            format!("off-expectation {}", off.join(", "))
        };
        Ok(Outcome {
            answer,
            quality,
            notes,
            ns: start.elapsed().as_nanos() as f64,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_expectations_are_the_known_values() {
        // c = 1 keeps everything; at c = 2 pruning keeps |z| above its median
        // Φ⁻¹(0.75) = 0.674490; the energy it keeps, integrated numerically: 2∫_t^∞ z²φ(z) dz.
        assert_eq!(expected(1.0).0, 0.0);
        assert!(expected(1.0).1.abs() < 1e-6);
        let t = 0.674_489_750_196_081_7;
        let steps = 200_000;
        let h = (12.0 - t) / steps as f64;
        let kept: f64 = (0..steps)
            .map(|i| {
                let z = t + (i as f64 + 0.5) * h;
                2.0 * z * z * (-z * z / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt() * h
            })
            .sum();
        assert!(
            (expected(2.0).1 - (1.0 - kept)).abs() < 1e-5,
            "{:?} {kept}",
            expected(2.0)
        );
        assert!((expected(16.0).0 - 0.9375).abs() < 1e-12);
    }

    #[test]
    fn measured_errors_sit_at_their_expectations_and_a_wrong_fit_does_not() {
        let t = Theory {
            shape: (128, 128),
            compressions: vec![4.0, 16.0],
            seeds: 2,
        };
        for imp in ["stable-rps", "magnitude"] {
            assert_eq!(t.run(imp).unwrap().answer, "matches-expectation", "{imp}");
        }
        // The check tells the two apart: either method's error is off the other's expectation.
        let rps_err = error(Method::Rps, (128, 128), 4.0, 0).unwrap();
        let prune_err = error(Method::Pruning, (128, 128), 4.0, 0).unwrap();
        let (want_rps, want_prune) = expected(4.0);
        assert!((rps_err - want_prune).abs() > TOLERANCE);
        assert!((prune_err - want_rps).abs() > TOLERANCE);
    }
}
