//! The kernel timings: one hashed (or dense) layer's forward pass, or its whole training step
//! (forward, input gradient, weight gradient, memory-gradient reduction), on random data,
//! against the crate's dense kernel and the `matrixmultiply` peer, each output checked whole
//! against an f64 oracle computed weight by weight from the mapping.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use rps::kernels::{self, Weights, chosen_path};
use rps::mapping::{Config, Layout};

use crate::family::{Output, RunError};

/// The kernel implementations.
pub const KERNELS: &[&str] = &["dense", "matrixmultiply", "fold", "roast", "hashednet"];

/// The f64 oracle of a kernel benchmark, computed weight by weight from the mapping
/// (`Layout::slot`), never from the kernels. Whole outputs are compared through seeded random
/// ±1 projections (Freivalds' check): `uᵀY` (one value per output column), `uᵀdX` (one per
/// input column) and `dW·r` (one per output row), each an exact f64 product of the inputs
/// and the weights; the memory gradient is compared slot by slot with an f64 reduction of the
/// implementation's own dW (which the `dW·r` projection checks).
pub struct Oracle {
    /// ±1 per batch row.
    u: Vec<f64>,
    /// ±1 per input column.
    r: Vec<f64>,
    /// `uᵀY`, per implementation.
    y: BTreeMap<String, Vec<f64>>,
    /// `uᵀdX`, per implementation (step only).
    dx: BTreeMap<String, Vec<f64>>,
    /// `dW·r = dYᵀ(X·r)`, the same for every implementation (step only).
    dw: Vec<f64>,
}

/// Every output of the last run (`Y`, and for a step `dX`, `dW` and the memory gradient),
/// allocated once when the benchmark is prepared and kept across runs as a trainer keeps them:
/// each run overwrites them inside the timing (a fresh allocation per run would time page
/// faults), and the check reads them after the run.
#[derive(Default)]
pub struct StepBuffers {
    y: Vec<f32>,
    dx: Vec<f32>,
    dw: Vec<f32>,
    grad: Vec<f32>,
}

/// A kernel benchmark's inputs.
pub struct Kernel {
    /// Batch, input, output.
    pub shape: (usize, usize, usize),
    x: Vec<f32>,
    dy: Vec<f32>,
    w: Vec<f32>,
    hashed: BTreeMap<String, Arc<(Layout, Vec<f32>)>>,
    /// Forward only, or forward + backward.
    pub step: bool,
    buffers: Arc<Mutex<StepBuffers>>,
    oracle: Arc<Oracle>,
}

fn values(n: usize, seed: u64) -> Vec<f32> {
    let mut s = seed;
    (0..n)
        .map(|_| (rps::hash::splitmix64(&mut s) >> 40) as f32 / (1u64 << 24) as f32 * 2.0 - 1.0)
        .collect()
}

fn config(name: &str, c: f64) -> Option<Config> {
    match name {
        "fold" => Some(Config::stable_rps(c, 7)),
        "roast" => Some(Config::roast(c, 7)),
        "hashednet" => Some(Config::hashednet(c, 7)),
        _ => None,
    }
}

/// `n` seeded signs ±1.
fn signs(n: usize, seed: u64) -> Vec<f64> {
    let mut s = seed;
    (0..n)
        .map(|_| {
            if rps::hash::splitmix64(&mut s) >> 63 == 0 {
                1.0
            } else {
                -1.0
            }
        })
        .collect()
}

impl Kernel {
    /// Random inputs and weights for every implementation, plus the f64 oracle (projections of
    /// the whole outputs, computed weight by weight through `Layout::slot`).
    pub fn new(
        batch: usize,
        input: usize,
        output: usize,
        c: f64,
        step: bool,
    ) -> Result<Kernel, String> {
        let x = values(batch * input, 1);
        let dy = values(batch * output, 2);
        let w: Vec<f32> = values(input * output, 3)
            .iter()
            .map(|v| v / (input as f32).sqrt())
            .collect();
        let mut hashed = BTreeMap::new();
        for name in ["fold", "roast", "hashednet"] {
            let cfg = config(name, c).expect("known");
            let layout = Layout::new(cfg, &[(input, output)]).map_err(|e| e.to_string())?;
            let memory = values(layout.memory_len(), 4);
            hashed.insert(name.to_string(), Arc::new((layout, memory)));
        }
        let (u, r) = (signs(batch, 5), signs(input, 6));
        // a = Xᵀu (per input column), e = dYᵀu (per output column), xr = X·r (per batch row).
        let mut a = vec![0.0f64; input];
        let mut e = vec![0.0f64; output];
        let mut xr = vec![0.0f64; batch];
        for b in 0..batch {
            for k in 0..input {
                let v = f64::from(x[b * input + k]);
                a[k] += u[b] * v;
                xr[b] += v * r[k];
            }
            for n in 0..output {
                e[n] += u[b] * f64::from(dy[b * output + n]);
            }
        }
        let (mut oy, mut odx) = (BTreeMap::new(), BTreeMap::new());
        for name in KERNELS {
            let weight = |n: usize, k: usize| -> f64 {
                match hashed.get(*name) {
                    Some(lm) => {
                        let (l, m) = &**lm;
                        let s = l.slot(0, n, k);
                        f64::from(l.layers()[0].lambda) * f64::from(s.sign) * f64::from(m[s.index])
                    }
                    None => f64::from(w[n * input + k]),
                }
            };
            // uᵀY = W·a and uᵀdX = Wᵀ·e, one pass over the weights.
            let mut py = vec![0.0f64; output];
            let mut pdx = vec![0.0f64; input];
            for (n, yv) in py.iter_mut().enumerate() {
                for (k, dv) in pdx.iter_mut().enumerate() {
                    let wv = weight(n, k);
                    *yv += wv * a[k];
                    if step {
                        *dv += wv * e[n];
                    }
                }
            }
            oy.insert(name.to_string(), py);
            odx.insert(name.to_string(), pdx);
        }
        let mut dw = vec![0.0f64; if step { output } else { 0 }];
        for (n, v) in dw.iter_mut().enumerate() {
            *v = (0..batch)
                .map(|b| f64::from(dy[b * output + n]) * xr[b])
                .sum();
        }
        let grad_len = hashed
            .values()
            .map(|lm| lm.0.memory_len())
            .max()
            .unwrap_or(0);
        let buffers = StepBuffers {
            y: vec![0.0; batch * output],
            dx: vec![0.0; if step { batch * input } else { 0 }],
            dw: vec![0.0; if step { input * output } else { 0 }],
            grad: vec![0.0; if step { grad_len } else { 0 }],
        };
        Ok(Kernel {
            shape: (batch, input, output),
            x,
            dy,
            w,
            hashed,
            step,
            buffers: Arc::new(Mutex::new(buffers)),
            oracle: Arc::new(Oracle {
                u,
                r,
                y: oy,
                dx: odx,
                dw,
            }),
        })
    }

    pub(super) fn run(&mut self, name: &str) -> Result<KernelOut, RunError> {
        let (batch, input, output) = self.shape;
        let path = chosen_path();
        let fail = |e: rps::Error| RunError::Fail(e.to_string());
        let mut guard = self
            .buffers
            .lock()
            .map_err(|_| RunError::Fail("a previous run panicked".into()))?;
        let StepBuffers { y, dx, dw, grad } = &mut *guard;
        if name == "matrixmultiply" {
            // SAFETY: the strides describe x (batch×input), Wᵀ (input×output, read from
            // row-major W) and y (batch×output) exactly, all within their buffers.
            unsafe {
                matrixmultiply::sgemm(
                    batch,
                    input,
                    output,
                    1.0,
                    self.x.as_ptr(),
                    input as isize,
                    1,
                    self.w.as_ptr(),
                    1,
                    input as isize,
                    0.0,
                    y.as_mut_ptr(),
                    output as isize,
                    1,
                );
                if self.step {
                    matrixmultiply::sgemm(
                        batch,
                        output,
                        input,
                        1.0,
                        self.dy.as_ptr(),
                        output as isize,
                        1,
                        self.w.as_ptr(),
                        input as isize,
                        1,
                        0.0,
                        dx.as_mut_ptr(),
                        input as isize,
                        1,
                    );
                    matrixmultiply::sgemm(
                        output,
                        batch,
                        input,
                        1.0,
                        self.dy.as_ptr(),
                        1,
                        output as isize,
                        self.x.as_ptr(),
                        input as isize,
                        1,
                        0.0,
                        dw.as_mut_ptr(),
                        input as isize,
                        1,
                    );
                }
            }
        } else {
            let weights = match self.hashed.get(name) {
                Some(lm) => Weights::Hashed {
                    layout: &lm.0,
                    memory: &lm.1,
                    layer: 0,
                },
                None if name == "dense" => Weights::Dense {
                    w: &self.w,
                    input,
                    output,
                },
                None => return Err(RunError::Skip(format!("unknown kernel `{name}`"))),
            };
            kernels::forward(path, &self.x, batch, &weights, y).map_err(fail)?;
            if self.step {
                kernels::backward_input(path, &self.dy, batch, &weights, dx).map_err(fail)?;
                kernels::weight_grad(path, &self.dy, &self.x, batch, input, output, dw)
                    .map_err(fail)?;
                if let Some(lm) = self.hashed.get(name) {
                    let g = &mut grad[..lm.0.memory_len()];
                    g.fill(0.0);
                    kernels::reduce_grad(path, &lm.0, 0, dw, g, 1).map_err(fail)?;
                    std::hint::black_box(&g);
                }
            }
        }
        drop(guard);
        Ok(KernelOut {
            name: name.into(),
            shape: self.shape,
            step: self.step,
            hashed: self.hashed.get(name).cloned(),
            buffers: Arc::clone(&self.buffers),
            oracle: Arc::clone(&self.oracle),
        })
    }
}

/// A kernel run's outputs, judged against the f64 oracle after timing.
/// Its outputs are the benchmark's [`StepBuffers`], which the next run overwrites.
pub struct KernelOut {
    name: String,
    shape: (usize, usize, usize),
    step: bool,
    hashed: Option<Arc<(Layout, Vec<f32>)>>,
    buffers: Arc<Mutex<StepBuffers>>,
    oracle: Arc<Oracle>,
}

/// max |got − want| / max(|want|), the largest deviation relative to the largest value.
fn rel(got: &[f64], want: &[f64]) -> f64 {
    if got.len() != want.len() {
        return f64::INFINITY;
    }
    let scale = want.iter().fold(1e-30f64, |m, v| m.max(v.abs()));
    got.iter()
        .zip(want)
        .map(|(g, w)| {
            let d = (g - w).abs();
            if d.is_nan() { f64::INFINITY } else { d }
        })
        .fold(0.0, f64::max)
        / scale
}

/// `uᵀA` for a row-major `rows × cols` matrix `a` and `u` of length `rows`.
fn left_project(a: &[f32], u: &[f64], cols: usize) -> Vec<f64> {
    let mut out = vec![0.0f64; cols];
    for (row, &ub) in a.chunks(cols.max(1)).zip(u) {
        for (o, &v) in out.iter_mut().zip(row) {
            *o += ub * f64::from(v);
        }
    }
    out
}

/// The largest relative error of each checked output of a kernel run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KernelErrors {
    /// `uᵀY` against the oracle.
    pub y: f64,
    /// `uᵀdX` (step only).
    pub dx: f64,
    /// `dW·r` (step only).
    pub dw: f64,
    /// The memory gradient, slot by slot (hashed steps only).
    pub grad: f64,
}

impl KernelErrors {
    /// The worst of them.
    pub fn worst(&self) -> f64 {
        [self.y, self.dx, self.dw, self.grad]
            .into_iter()
            .fold(0.0, f64::max)
    }
}

impl KernelOut {
    fn errors(&self) -> KernelErrors {
        let (_, input, output) = self.shape;
        let o = &self.oracle;
        let Ok(buffers) = self.buffers.lock() else {
            return KernelErrors {
                y: f64::INFINITY,
                dx: f64::INFINITY,
                dw: f64::INFINITY,
                grad: f64::INFINITY,
            };
        };
        let mut e = KernelErrors {
            y: rel(&left_project(&buffers.y, &o.u, output), &o.y[&self.name]),
            dx: 0.0,
            dw: 0.0,
            grad: 0.0,
        };
        if !self.step {
            return e;
        }
        e.dx = rel(&left_project(&buffers.dx, &o.u, input), &o.dx[&self.name]);
        let dw_r: Vec<f64> = buffers
            .dw
            .chunks(input.max(1))
            .map(|row| row.iter().zip(&o.r).map(|(&v, r)| f64::from(v) * r).sum())
            .collect();
        e.dw = rel(&dw_r, &o.dw);
        if let Some(lm) = &self.hashed {
            // The reduction of the run's own dW in f64, slot by slot, through Layout::slot.
            let layout = &lm.0;
            let lambda = f64::from(layout.layers()[0].lambda);
            let mut want = vec![0.0f64; layout.memory_len()];
            for n in 0..output {
                for k in 0..input {
                    let s = layout.slot(0, n, k);
                    want[s.index] +=
                        lambda * f64::from(s.sign) * f64::from(buffers.dw[n * input + k]);
                }
            }
            let got: Vec<f64> = buffers.grad[..want.len()]
                .iter()
                .map(|&v| f64::from(v))
                .collect();
            e.grad = rel(&got, &want);
        }
        e
    }
}

/// The tolerance of a kernel answer, relative to the largest projected value.
const KERNEL_TOLERANCE: f64 = 1e-4;

impl Output for KernelOut {
    fn answer(&self) -> String {
        let e = self.errors().worst();
        if e <= KERNEL_TOLERANCE {
            "agrees-with-f64-reference".into()
        } else {
            format!("max-relative-error={e:.3e}")
        }
    }
    fn quality(&self) -> BTreeMap<String, f64> {
        BTreeMap::from([("max_relative_error".into(), self.errors().worst())])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kernel_out(k: &mut Kernel, name: &str) -> KernelOut {
        let out = k.run(name).unwrap();
        assert_eq!(out.answer(), "agrees-with-f64-reference", "{name}");
        out
    }

    #[test]
    fn every_kernel_output_is_checked_whole_and_a_wrong_element_fails() {
        let mut k = Kernel::new(8, 128, 96, 4.0, true).unwrap();
        for name in KERNELS {
            // One wrong element of Y, anywhere (not only in three sampled rows).
            let out = kernel_out(&mut k, name);
            {
                let mut b = out.buffers.lock().unwrap();
                let big = b.y.iter().fold(0.0f32, |m, v| m.max(v.abs()));
                b.y[3 * 96 + 41] += 0.05 * big;
            }
            assert!(out.errors().y > KERNEL_TOLERANCE, "{name}: y");
            assert_ne!(out.answer(), "agrees-with-f64-reference", "{name}");
            // One wrong element of dX.
            let out = kernel_out(&mut k, name);
            {
                let mut b = out.buffers.lock().unwrap();
                let big = b.dx.iter().fold(0.0f32, |m, v| m.max(v.abs()));
                b.dx[5 * 128 + 77] += 0.05 * big;
            }
            assert!(out.errors().dx > KERNEL_TOLERANCE, "{name}: dx");
            // One wrong element of dW.
            let out = kernel_out(&mut k, name);
            {
                let mut b = out.buffers.lock().unwrap();
                let big = b.dw.iter().fold(0.0f32, |m, v| m.max(v.abs()));
                b.dw[50 * 128 + 9] += 0.05 * big;
            }
            assert!(out.errors().dw > KERNEL_TOLERANCE, "{name}: dw");
        }
    }

    #[test]
    fn a_wrong_memory_gradient_slot_fails() {
        let mut k = Kernel::new(8, 128, 96, 4.0, true).unwrap();
        for name in ["fold", "roast", "hashednet"] {
            let out = kernel_out(&mut k, name);
            {
                let mut b = out.buffers.lock().unwrap();
                let big = b.grad.iter().fold(0.0f32, |m, v| m.max(v.abs()));
                b.grad[17] += 0.05 * big;
            }
            assert!(out.errors().grad > KERNEL_TOLERANCE, "{name}");
            assert_ne!(out.answer(), "agrees-with-f64-reference", "{name}");
        }
    }
}
