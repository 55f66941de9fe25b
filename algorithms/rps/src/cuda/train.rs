//! Training on the GPU: `GpuTrainer` (with the `cuda` feature) runs the MLP's steps (forward, softmax cross-entropy,
//! backward, scaler + SGD-momentum) with the CUDA kernels on a hashed memory, and
//! [`trajectory_gap`] is the P1 trajectory test (STABLE-RPS at c = 1 follows dense SGD step for step) with the hashed model on the GPU
//! and the dense model on the CPU. Without a device (or without the `cuda` feature) both
//! return [`GpuError::NoDevice`].
//!
//! The GPU sums in a different order than the CPU kernels (and the fused weight gradient
//! uses atomics), so the GPU tolerance of P1 is [`P1_GPU_TOLERANCE`] = 1e-4 (the CPU's
//! threaded tolerance) instead of 1e-5.

use super::error::GpuError;
use crate::mapping::Config;
use crate::train::data::Dataset;

/// The P1 tolerance for the GPU (max |W_gpu − W_dense| / max |W_dense| after 200 steps).
pub const P1_GPU_TOLERANCE: f64 = 1e-4;

#[cfg(feature = "cuda")]
pub use imp::GpuTrainer;

/// The P1 trajectory gap with the hashed model trained on the GPU: STABLE-RPS at c = 1 with
/// `M0` set from the dense init, `steps` SGD-momentum steps (μ 0.9, lr 0.05, batch 64) on
/// both, then `max|W_gpu − W_dense| / max|W_dense|` (∞ when either diverged).
///
/// # Errors
/// [`GpuError::NoDevice`] without a device; layout and shape errors.
#[cfg(not(feature = "cuda"))]
pub fn trajectory_gap(
    _config: Config,
    _train: &Dataset,
    _hidden: usize,
    _steps: usize,
    _seed: u64,
) -> Result<f64, GpuError> {
    super::probe().map(|_| f64::NAN)
}

/// The P1 trajectory gap with the hashed model trained on the GPU: STABLE-RPS at c = 1 with
/// `M0` set from the dense init, `steps` SGD-momentum steps (μ 0.9, lr 0.05, batch 64) on
/// both, then `max|W_gpu − W_dense| / max|W_dense|` (∞ when either diverged).
///
/// # Errors
/// [`GpuError::NoDevice`] without a device; layout and shape errors.
#[cfg(feature = "cuda")]
pub fn trajectory_gap(
    config: Config,
    train: &Dataset,
    hidden: usize,
    steps: usize,
    seed: u64,
) -> Result<f64, GpuError> {
    imp::trajectory_gap(config, train, hidden, steps, seed)
}

#[cfg(feature = "cuda")]
mod imp {
    use cudarc::driver::{CudaSlice, PushKernelArg};
    use rand_core::{Rng, SeedableRng};
    use rand_pcg::Pcg64;

    use super::super::{Gpu, GpuError, MapDesc, Precision};
    use crate::kernels::chosen_path;
    use crate::mapping::{Config, Layout};
    use crate::scaler::GradScaler;
    use crate::train::data::Dataset;
    use crate::train::mlp::{Mlp, Params};
    use crate::train::optim::Optimizer;
    use crate::train::study::dense_init;

    /// An MLP with hashed weights whose steps run on the GPU (fp32 kernels, fused weight
    /// gradient, fused scaler + SGD-momentum).
    #[derive(Debug)]
    pub struct GpuTrainer {
        gpu: Gpu,
        layout: Layout,
        descs: Vec<MapDesc>,
        memory: CudaSlice<f32>,
        velocity: CudaSlice<f32>,
        divisors: Option<CudaSlice<f32>>,
        biases: Vec<CudaSlice<f32>>,
        bias_velocity: Vec<CudaSlice<f32>>,
        momentum: f32,
    }

    fn launch1(
        g: &Gpu,
        name: &str,
        n: usize,
    ) -> Result<(cudarc::driver::CudaFunction, cudarc::driver::LaunchConfig), GpuError> {
        Ok((
            g.func(name)?,
            cudarc::driver::LaunchConfig {
                grid_dim: (n.div_ceil(256).max(1) as u32, 1, 1),
                block_dim: (256, 1, 1),
                shared_mem_bytes: 0,
            },
        ))
    }

    impl GpuTrainer {
        /// A trainer for `layout` starting from `memory` and `biases`, SGD with momentum `μ`.
        ///
        /// # Errors
        /// Shape errors; device errors.
        pub fn new(
            gpu: Gpu,
            layout: Layout,
            memory: &[f32],
            biases: &[Vec<f32>],
            momentum: f32,
        ) -> Result<GpuTrainer, GpuError> {
            layout.check_memory(memory)?;
            super::super::error::check("bias vectors", layout.layers().len(), biases.len())?;
            let descs = (0..layout.layers().len())
                .map(|l| MapDesc::new(&layout, l))
                .collect::<Result<Vec<_>, _>>()?;
            for (b, d) in biases.iter().zip(&descs) {
                super::super::error::check("bias length", d.output as usize, b.len())?;
            }
            let scaler = GradScaler::new(&layout);
            let divisors = scaler.divisors().map(|d| gpu.upload(d)).transpose()?;
            Ok(GpuTrainer {
                memory: gpu.upload(memory)?,
                velocity: gpu.zeros(memory.len())?,
                biases: biases
                    .iter()
                    .map(|b| gpu.upload(b))
                    .collect::<Result<_, _>>()?,
                bias_velocity: biases
                    .iter()
                    .map(|b| gpu.zeros(b.len()))
                    .collect::<Result<_, _>>()?,
                divisors,
                descs,
                layout,
                gpu,
                momentum,
            })
        }

        /// One step on a batch; returns the mean cross-entropy.
        ///
        /// # Errors
        /// Shapes, labels out of range, device errors.
        pub fn step(&mut self, x: &[f32], labels: &[u8], lr: f32) -> Result<f64, GpuError> {
            let g = &self.gpu;
            let batch = labels.len();
            let n = self.descs.len();
            super::super::error::check(
                "x (batch·input)",
                batch * self.descs[0].input as usize,
                x.len(),
            )?;
            crate::kernels::check_input("input batch", x)?;
            let mut acts = vec![g.upload(x)?];
            for (l, d) in self.descs.iter().enumerate() {
                let mut y = g.poisoned(batch * d.output as usize)?;
                g.forward(Precision::F32, d, &self.memory, &acts[l], &mut y, batch)?;
                let (f, cfg) = launch1(g, "rps_bias_act", batch * d.output as usize)?;
                let (b32, o32, relu) = (batch as u32, d.output, u32::from(l + 1 < n));
                let mut lb = g.stream().launch_builder(&f);
                lb.arg(&mut y)
                    .arg(&self.biases[l])
                    .arg(&b32)
                    .arg(&o32)
                    .arg(&relu);
                // SAFETY: y has batch·output elements, the bias `output`.
                unsafe { lb.launch(cfg) }.map_err(|e| GpuError::Driver(format!("{e:?}")))?;
                acts.push(y);
            }
            let classes = self.descs[n - 1].output as usize;
            let logits = g.download(&acts[n])?;
            let mut dz = vec![0.0f32; batch * classes];
            let mut loss = 0.0f64;
            for b in 0..batch {
                let row = &logits[b * classes..(b + 1) * classes];
                let y = usize::from(labels[b]);
                if y >= classes {
                    return Err(GpuError::Cpu(crate::Error::InvalidParameter {
                        name: "label",
                        reason: format!("{y} ≥ {classes} classes"),
                    }));
                }
                let mx = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
                let z: f64 = row.iter().map(|&v| f64::from(v - mx).exp()).sum();
                loss += z.ln() - f64::from(row[y] - mx);
                for c in 0..classes {
                    let p = (f64::from(row[c] - mx).exp() / z) as f32;
                    dz[b * classes + c] = (p - if c == y { 1.0 } else { 0.0 }) / batch as f32;
                }
            }
            let mut dz_d = g.upload(&dz)?;
            let mut grad = g.zeros::<f32>(self.layout.memory_len())?;
            let mut db = Vec::with_capacity(n);
            for l in (0..n).rev() {
                let d = &self.descs[l];
                g.weight_grad_atomic(Precision::F32, d, &dz_d, &acts[l], &mut grad, batch)?;
                let mut gb = g.poisoned(d.output as usize)?;
                let (f, cfg) = launch1(g, "rps_bias_grad", d.output as usize)?;
                let (b32, o32) = (batch as u32, d.output);
                let mut lb = g.stream().launch_builder(&f);
                lb.arg(&dz_d).arg(&mut gb).arg(&b32).arg(&o32);
                // SAFETY: dz has batch·output elements, gb `output`.
                unsafe { lb.launch(cfg) }.map_err(|e| GpuError::Driver(format!("{e:?}")))?;
                db.push(gb);
                if l > 0 {
                    let mut dx = g.poisoned(batch * d.input as usize)?;
                    g.backward_input(Precision::F32, d, &self.memory, &dz_d, &mut dx, batch)?;
                    let cnt = batch * d.input as usize;
                    let (f, cfg) = launch1(g, "rps_relu_mask", cnt)?;
                    let n32 = cnt as u32;
                    let mut lb = g.stream().launch_builder(&f);
                    lb.arg(&mut dx).arg(&acts[l]).arg(&n32);
                    // SAFETY: dx and acts[l] both have batch·input elements.
                    unsafe { lb.launch(cfg) }.map_err(|e| GpuError::Driver(format!("{e:?}")))?;
                    dz_d = dx;
                }
            }
            db.reverse();
            g.sgd_momentum(
                &mut self.memory,
                &mut self.velocity,
                &grad,
                self.divisors.as_ref(),
                lr,
                self.momentum,
                0.0,
            )?;
            for ((b, v), gb) in self.biases.iter_mut().zip(&mut self.bias_velocity).zip(&db) {
                g.sgd_momentum(b, v, gb, None, lr, self.momentum, 0.0)?;
            }
            g.synchronize()?;
            Ok(loss / batch as f64)
        }

        /// The memory, downloaded.
        ///
        /// # Errors
        /// Device errors.
        pub fn memory(&self) -> Result<Vec<f32>, GpuError> {
            self.gpu.download(&self.memory)
        }

        /// The layout.
        pub fn layout(&self) -> &Layout {
            &self.layout
        }
    }

    pub(super) fn trajectory_gap(
        config: Config,
        train: &Dataset,
        hidden: usize,
        steps: usize,
        seed: u64,
    ) -> Result<f64, GpuError> {
        let gpu = Gpu::new()?;
        let full = vec![
            (train.dim, hidden),
            (hidden, hidden),
            (hidden, train.classes),
        ];
        let (w0, b0) = dense_init(&full, seed);
        let layout = Layout::new(Config { seed, ..config }, &full)?;
        let mut memory = vec![0.0f32; layout.memory_len()];
        for (l, layer) in layout.layers().iter().enumerate() {
            for r in 0..layer.output {
                for k in 0..layer.input {
                    let s = layout.slot(l, r, k);
                    memory[s.index] = w0[l][r * layer.input + k] * s.sign / layer.lambda;
                }
            }
        }
        let mut dense = Mlp::new(
            full.clone(),
            Params::Dense { w: w0, masks: None },
            b0.clone(),
            chosen_path(),
        )?;
        let mut hashed = GpuTrainer::new(gpu, layout, &memory, &b0, 0.9)?;
        let opt = Optimizer::Momentum(0.9);
        let (mut done, mut epoch) = (0, 0u64);
        while done < steps {
            let mut rng = Pcg64::seed_from_u64(seed.wrapping_mul(1000).wrapping_add(epoch));
            let mut order: Vec<usize> = (0..train.len()).collect();
            for i in (1..order.len()).rev() {
                order.swap(i, (rng.next_u64() % (i as u64 + 1)) as usize);
            }
            for chunk in order.chunks(64) {
                if done == steps {
                    break;
                }
                let x: Vec<f32> = chunk
                    .iter()
                    .flat_map(|&i| {
                        train.features[i * train.dim..(i + 1) * train.dim]
                            .iter()
                            .copied()
                    })
                    .collect();
                let y: Vec<u8> = chunk.iter().map(|&i| train.labels[i]).collect();
                let gd = dense.gradients(&x, &y, chunk.len())?;
                dense.apply(&gd, &opt, 0.05)?;
                hashed.step(&x, &y, 0.05)?;
                done += 1;
            }
            epoch += 1;
        }
        let wd = dense.weights()?;
        let mem = hashed.memory()?;
        let (mut gap, mut scale) = (0.0f64, 0.0f64);
        for (l, w) in wd.iter().enumerate() {
            let layer = hashed.layout().layers()[l];
            for r in 0..layer.output {
                for k in 0..layer.input {
                    let (a, b) = (
                        w[r * layer.input + k],
                        hashed.layout().weight(&mem, l, r, k),
                    );
                    if !a.is_finite() || !b.is_finite() {
                        return Ok(f64::INFINITY);
                    }
                    scale = scale.max(f64::from(a.abs()));
                    gap = gap.max(f64::from((a - b).abs()));
                }
            }
        }
        Ok(gap / scale)
    }
}
