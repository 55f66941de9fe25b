//! The STABLE-RPS gradient scaler (Desai and Shrivastava, ICLR 2024, arXiv 2310.11611: it
//! removes the sensitivity of training to the init scale of the shared memory) and exact memory accounting.
//!
//! Per slot `j`: `cnt[j] = #{i : s(i) = j}`, `A1[j] = Σ λ_l(i)`, `A2[j] = Σ λ_l(i)²`;
//! before each optimizer step `grad_M[j] /= S[j]` with `S = 1` (none),
//! `S = A1²/cnt` (v1), `S = √A2` (v4) or `S = A2` (v5); empty slots get `S = 1` (their gradient is 0).
//!
//! Deviation from FakeRoast's `grad / (1e-6 + S)`: the `1e-6` only guards empty slots
//! (every occupied slot has `S ≥ cnt·min λ² > 0`), and it shrinks every step by
//! `1e-6/λ²`, which at c = 1 alone moved the P1 trajectory gap (64-512-512-10, 200 steps)
//! from 7.9e-6 to 1.1e-4 (measured). So empty slots divide by 1 and the others by `S`.
//! With one λ per slot v1 = v5 = `cnt·λ²`, and under SGD the weight-space step
//! `ΔW_i = −η g_i · mean_{k→j}(g_k dW_k)` no longer depends on λ, hence on the init scale.

use crate::error::{Error, check_len};
use crate::mapping::{Layout, Scaler};

/// The per-slot divisors `S[j]` of a layout (computed once, O(N)).
#[derive(Debug, Clone, PartialEq)]
pub struct GradScaler {
    divisor: Option<Vec<f32>>,
}

impl GradScaler {
    /// The scaler of `layout`'s configuration.
    pub fn new(layout: &Layout) -> GradScaler {
        let mode = layout.config().scaler;
        if mode == Scaler::None {
            return GradScaler { divisor: None };
        }
        let n = layout.memory_len();
        let (mut cnt, mut a1, mut a2) = (vec![0u32; n], vec![0f64; n], vec![0f64; n]);
        for (l, layer) in layout.layers().iter().enumerate() {
            let lam = f64::from(layer.lambda);
            for r in 0..layer.output {
                for k in 0..layer.input {
                    let s = layout.slot(l, r, k).index;
                    cnt[s] += 1;
                    a1[s] += lam;
                    a2[s] += lam * lam;
                }
            }
        }
        let divisor = (0..n)
            .map(|j| {
                let s = match (mode, cnt[j]) {
                    (_, 0) => 1.0,
                    (Scaler::V1, c) => a1[j] * a1[j] / f64::from(c),
                    (Scaler::V4, _) => a2[j].sqrt(),
                    _ => a2[j],
                };
                s as f32
            })
            .collect();
        GradScaler {
            divisor: Some(divisor),
        }
    }

    /// Divides `grad` (the memory gradient) slot by slot.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] when `grad` has the wrong length.
    pub fn apply(&self, grad: &mut [f32]) -> Result<(), Error> {
        if let Some(d) = &self.divisor {
            check_len("memory gradient", d.len(), grad.len())?;
            for (g, d) in grad.iter_mut().zip(d) {
                *g /= d;
            }
        }
        Ok(())
    }

    /// The divisors, if any.
    pub fn divisors(&self) -> Option<&[f32]> {
        self.divisor.as_deref()
    }
}

/// The stored scalars of a model, exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredScalars {
    /// Slots of the shared memory, or kept weights of a pruned/dense model.
    pub weights: usize,
    /// Biases (always dense).
    pub biases: usize,
}

impl StoredScalars {
    /// Weights plus biases.
    pub fn total(&self) -> usize {
        self.weights + self.biases
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mapping::Config;

    fn divisors(scaler: Scaler, shapes: &[(usize, usize)], c: f64) -> Vec<f32> {
        let cfg = Config {
            scaler,
            ..Config::stable_rps(c, 3)
        };
        let layout = Layout::new(cfg, shapes).unwrap();
        GradScaler::new(&layout).divisors().unwrap().to_vec()
    }

    #[test]
    fn v4_is_the_square_root_of_v5_and_one_lambda_gives_sqrt_cnt_lambda() {
        // Two layers of different λ share slots (global memory): v4² = v5 slot by slot.
        let shapes = [(16, 32), (32, 16)];
        let (v4, v5) = (
            divisors(Scaler::V4, &shapes, 4.0),
            divisors(Scaler::V5, &shapes, 4.0),
        );
        for (a, b) in v4.iter().zip(&v5) {
            assert!((a * a - b).abs() <= 1e-5 * b, "{a}² vs {b}");
        }
        // One layer: λ = (1/√16)/0.04 = 6.25, fold at c = 4 puts exactly 4 weights per slot.
        let v4 = divisors(Scaler::V4, &[(16, 64)], 4.0);
        let v1 = divisors(Scaler::V1, &[(16, 64)], 4.0);
        for (a, b) in v4.iter().zip(&v1) {
            assert!((a - 2.0 * 6.25).abs() < 1e-4, "v4 {a}");
            assert!((b - 4.0 * 6.25 * 6.25).abs() < 1e-2, "v1 {b}");
        }
    }
}
