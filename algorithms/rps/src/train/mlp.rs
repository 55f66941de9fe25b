//! A hand-written MLP (linear, ReLU, softmax cross-entropy) whose weight matrices are either
//! dense (optionally masked, for pruning) or recovered from a hashed memory.
//!
//! Each step materialises every hashed `W_l` with the fused packing
//! ([`crate::kernels::materialise_block`]) and then runs exactly the same kernels as the dense
//! model, so the summation order of a hashed model equals the dense one's: STABLE-RPS at
//! compression 1 then follows dense SGD up to the rounding of `λ·g·M` (the P1 trajectory
//! test). At batch 64 materialising the 300k weights costs about 1/64 of the products.
//! Memory gradient: dense `dW`, reduced into M ([`crate::kernels::reduce_grad`]), scaled.

use super::optim::{Optimizer, State};
use crate::error::{Error, check_len};
use crate::kernels::{self, Path, Weights};
use crate::mapping::Layout;
use crate::scaler::{GradScaler, StoredScalars};

/// Where a model's weights live.
#[derive(Debug, Clone)]
pub enum Params {
    /// One dense matrix per layer (output × input); `masks` hold 0/1 for pruned models.
    Dense {
        /// The matrices.
        w: Vec<Vec<f32>>,
        /// Pruning masks, if any.
        masks: Option<Vec<Vec<f32>>>,
    },
    /// A hashed memory.
    Hashed {
        /// The layout.
        layout: Layout,
        /// The memory arrays, concatenated.
        memory: Vec<f32>,
        /// The gradient scaler.
        scaler: GradScaler,
    },
}

/// An MLP.
#[derive(Debug, Clone)]
pub struct Mlp {
    /// `(input, output)` per layer.
    pub shapes: Vec<(usize, usize)>,
    /// Weights.
    pub params: Params,
    /// Biases per layer (always dense).
    pub biases: Vec<Vec<f32>>,
    /// Kernel path.
    pub path: Path,
    states: Vec<State>,
}

/// The gradients of one batch.
#[derive(Debug, Clone)]
pub struct Grads {
    /// Dense `dW` per layer.
    pub dw: Vec<Vec<f32>>,
    /// Bias gradients per layer.
    pub db: Vec<Vec<f32>>,
    /// Mean cross-entropy of the batch.
    pub loss: f64,
}

impl Mlp {
    /// A model from its parts.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] when the parts disagree.
    pub fn new(
        shapes: Vec<(usize, usize)>,
        params: Params,
        biases: Vec<Vec<f32>>,
        path: Path,
    ) -> Result<Mlp, Error> {
        check_len("bias vectors", shapes.len(), biases.len())?;
        for (b, &(_, o)) in biases.iter().zip(&shapes) {
            check_len("bias length", o, b.len())?;
        }
        match &params {
            Params::Dense { w, masks } => {
                check_len("weight matrices", shapes.len(), w.len())?;
                for (w, &(i, o)) in w.iter().zip(&shapes) {
                    check_len("dense weights", i * o, w.len())?;
                }
                if let Some(m) = masks {
                    check_len("masks", shapes.len(), m.len())?;
                    for (m, &(i, o)) in m.iter().zip(&shapes) {
                        check_len("mask length", i * o, m.len())?;
                    }
                }
            }
            Params::Hashed { layout, memory, .. } => {
                layout.check_memory(memory)?;
                let ls: Vec<(usize, usize)> = layout
                    .layers()
                    .iter()
                    .map(|l| (l.input, l.output))
                    .collect();
                if ls != shapes {
                    return Err(Error::ShapeMismatch {
                        what: "layout layers".into(),
                        expected: shapes.len(),
                        got: ls.len(),
                    });
                }
            }
        }
        // A pruned model starts pruned: the very first forward pass already sees the masked
        // weights (the mask is re-applied after every step).
        let mut params = params;
        if let Params::Dense {
            w,
            masks: Some(masks),
        } = &mut params
        {
            for (w, m) in w.iter_mut().zip(masks.iter()) {
                for (w, m) in w.iter_mut().zip(m) {
                    *w *= m;
                }
            }
        }
        let n = shapes.len();
        Ok(Mlp {
            shapes,
            params,
            biases,
            path,
            states: vec![State::default(); 2 * n + 1],
        })
    }

    /// The dense weights of every layer (materialised for hashed models).
    ///
    /// # Errors
    /// Kernel errors (none for a valid model).
    pub fn weights(&self) -> Result<Vec<Vec<f32>>, Error> {
        match &self.params {
            Params::Dense { w, .. } => Ok(w.clone()),
            Params::Hashed { layout, memory, .. } => (0..self.shapes.len())
                .map(|l| {
                    let (i, o) = self.shapes[l];
                    let mut w = vec![0.0; i * o];
                    let ws = Weights::Hashed {
                        layout,
                        memory,
                        layer: l,
                    };
                    kernels::materialise_block(self.path, &ws, 0, 0, i, &mut w)?;
                    Ok(w)
                })
                .collect(),
        }
    }

    /// Exact stored scalars: memory slots (or kept weights) plus biases.
    pub fn stored(&self) -> StoredScalars {
        let biases = self.biases.iter().map(Vec::len).sum();
        let weights = match &self.params {
            Params::Hashed { layout, .. } => layout.memory_len(),
            Params::Dense { w, masks: None } => w.iter().map(Vec::len).sum(),
            Params::Dense { masks: Some(m), .. } => {
                m.iter().flatten().filter(|&&v| v != 0.0).count()
            }
        };
        StoredScalars { weights, biases }
    }

    /// Activations of every layer for a batch (`acts[0] = x`, the last is the logits).
    fn forward_with(
        &self,
        w: &[Vec<f32>],
        x: &[f32],
        batch: usize,
    ) -> Result<Vec<Vec<f32>>, Error> {
        let mut acts = vec![x.to_vec()];
        for (l, &(i, o)) in self.shapes.iter().enumerate() {
            let mut y = vec![0.0; batch * o];
            kernels::forward(
                self.path,
                &acts[l],
                batch,
                &Weights::Dense {
                    w: &w[l],
                    input: i,
                    output: o,
                },
                &mut y,
            )?;
            let last = l + 1 == self.shapes.len();
            for row in y.chunks_mut(o) {
                for (v, b) in row.iter_mut().zip(&self.biases[l]) {
                    *v += b;
                    if !last && *v < 0.0 {
                        *v = 0.0;
                    }
                }
            }
            acts.push(y);
        }
        Ok(acts)
    }

    /// Logits for a batch.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`], [`Error::NonFinite`] for NaN inputs.
    pub fn logits(&self, x: &[f32], batch: usize) -> Result<Vec<f32>, Error> {
        check_len("x (batch·input)", batch * self.shapes[0].0, x.len())?;
        kernels::check_input("input batch", x)?;
        let w = self.weights()?;
        Ok(self.forward_with(&w, x, batch)?.pop().unwrap_or_default())
    }

    /// Loss and gradients of a batch (`labels[b] < classes`).
    ///
    /// # Errors
    /// Shapes, NaN inputs, labels out of range.
    pub fn gradients(&self, x: &[f32], labels: &[u8], batch: usize) -> Result<Grads, Error> {
        check_len("x (batch·input)", batch * self.shapes[0].0, x.len())?;
        check_len("labels", batch, labels.len())?;
        kernels::check_input("input batch", x)?;
        let w = self.weights()?;
        let acts = self.forward_with(&w, x, batch)?;
        let classes = self.shapes.last().map_or(0, |s| s.1);
        let logits = &acts[acts.len() - 1];
        let mut dz = vec![0.0f32; batch * classes];
        let mut loss = 0.0f64;
        for b in 0..batch {
            let row = &logits[b * classes..(b + 1) * classes];
            let y = usize::from(labels[b]);
            if y >= classes {
                return Err(Error::InvalidParameter {
                    name: "label",
                    reason: format!("{y} ≥ {classes} classes"),
                });
            }
            let mx = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            let z: f64 = row.iter().map(|&v| f64::from(v - mx).exp()).sum();
            loss += z.ln() - f64::from(row[y] - mx);
            for c in 0..classes {
                let p = (f64::from(row[c] - mx).exp() / z) as f32;
                dz[b * classes + c] = (p - if c == y { 1.0 } else { 0.0 }) / batch as f32;
            }
        }
        let n = self.shapes.len();
        let (mut dw, mut db) = (vec![Vec::new(); n], vec![Vec::new(); n]);
        for l in (0..n).rev() {
            let (i, o) = self.shapes[l];
            let mut g = vec![0.0; i * o];
            kernels::weight_grad(self.path, &dz, &acts[l], batch, i, o, &mut g)?;
            let mut gb = vec![0.0f32; o];
            for row in dz.chunks(o) {
                for (s, v) in gb.iter_mut().zip(row) {
                    *s += v;
                }
            }
            dw[l] = g;
            db[l] = gb;
            if l > 0 {
                let mut dx = vec![0.0; batch * i];
                kernels::backward_input(
                    self.path,
                    &dz,
                    batch,
                    &Weights::Dense {
                        w: &w[l],
                        input: i,
                        output: o,
                    },
                    &mut dx,
                )?;
                for (d, &a) in dx.iter_mut().zip(&acts[l]) {
                    if a <= 0.0 {
                        *d = 0.0;
                    }
                }
                dz = dx;
            }
        }
        Ok(Grads {
            dw,
            db,
            loss: loss / batch as f64,
        })
    }

    /// Applies gradients with `opt` at learning rate `lr` (masked weights stay zero; hashed
    /// gradients are reduced into M and scaled first).
    ///
    /// # Errors
    /// Kernel errors (none for matching gradients).
    pub fn apply(&mut self, grads: &Grads, opt: &Optimizer, lr: f32) -> Result<(), Error> {
        let n = self.shapes.len();
        match &mut self.params {
            Params::Dense { w, masks } => {
                for l in 0..n {
                    let mut g = grads.dw[l].clone();
                    if let Some(m) = masks {
                        for (g, m) in g.iter_mut().zip(&m[l]) {
                            *g *= m;
                        }
                    }
                    opt.step(&mut self.states[l], &mut w[l], &g, lr);
                    if let Some(m) = masks {
                        for (w, m) in w[l].iter_mut().zip(&m[l]) {
                            *w *= m;
                        }
                    }
                }
            }
            Params::Hashed {
                layout,
                memory,
                scaler,
            } => {
                let mut gm = vec![0.0f32; memory.len()];
                for l in 0..n {
                    kernels::reduce_grad(self.path, layout, l, &grads.dw[l], &mut gm, 1)?;
                }
                scaler.apply(&mut gm)?;
                opt.step(&mut self.states[0], memory, &gm, lr);
            }
        }
        for l in 0..n {
            opt.step(
                &mut self.states[n + l],
                &mut self.biases[l],
                &grads.db[l],
                lr,
            );
        }
        Ok(())
    }
}
