//! The STABLE-RPS gradient scaler (Desai and Shrivastava, ICLR 2024, arXiv 2310.11611: it
//! removes the sensitivity of training to the init scale of the shared memory) and exact memory accounting.
//!
//! Per slot `j`: `cnt[j] = #{i : s(i) = j}`, `A1[j] = Σ λ_l(i)`, `A2[j] = Σ λ_l(i)²`;
//! before each optimizer step `grad_M[j] /= S[j]` with `S = 1` (none),
//! `S = A1²/cnt` (v1) or `S = A2` (v5); empty slots get `S = 1` (their gradient is 0).
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
