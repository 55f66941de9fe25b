//! Optimizers with PyTorch's update rules (no weight decay).
//!
//! SGD `p −= η g`; momentum `v = μ v + g, p −= η v`; Adam (Kingma and Ba) with bias
//! correction, `p −= η m̂ / (√v̂ + ε)`.

/// Which optimizer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Optimizer {
    /// Plain SGD.
    Sgd,
    /// SGD with momentum `μ`.
    Momentum(f32),
    /// Adam with `(β1, β2, ε)`.
    Adam(f32, f32, f32),
}

/// Per-parameter state.
#[derive(Debug, Clone, Default)]
pub struct State {
    m: Vec<f32>,
    v: Vec<f32>,
    t: i32,
}

impl Optimizer {
    /// One step on `p` with gradient `g` at learning rate `lr`.
    pub fn step(&self, state: &mut State, p: &mut [f32], g: &[f32], lr: f32) {
        match *self {
            Optimizer::Sgd => {
                for (p, g) in p.iter_mut().zip(g) {
                    *p -= lr * g;
                }
            }
            Optimizer::Momentum(mu) => {
                state.m.resize(p.len(), 0.0);
                for ((p, g), v) in p.iter_mut().zip(g).zip(&mut state.m) {
                    *v = mu * *v + g;
                    *p -= lr * *v;
                }
            }
            Optimizer::Adam(b1, b2, eps) => {
                state.m.resize(p.len(), 0.0);
                state.v.resize(p.len(), 0.0);
                state.t += 1;
                let (c1, c2) = (1.0 - b1.powi(state.t), 1.0 - b2.powi(state.t));
                for (((p, g), m), v) in p.iter_mut().zip(g).zip(&mut state.m).zip(&mut state.v) {
                    *m = b1 * *m + (1.0 - b1) * g;
                    *v = b2 * *v + (1.0 - b2) * g * g;
                    *p -= lr * (*m / c1) / ((*v / c2).sqrt() + eps);
                }
            }
        }
    }
}
