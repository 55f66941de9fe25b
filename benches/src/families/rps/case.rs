//! RPS workloads: kernel timings (forward, forward + backward) against dense and
//! matrixmultiply, and the compression study (P1, P2, P3) on scikit-learn's digits.

use std::collections::BTreeMap;
use std::sync::Arc;

use rps::kernels::{self, Weights, chosen_path};
use rps::mapping::{Config, Layout};
use rps::train::data::Dataset;
use rps::train::study::{self, Method, RunConfig};

use crate::family::{Case, DatasetInfo, Output, RunError};

/// `f(0..n)` on up to `available_parallelism()` threads (the study's runs are independent and
/// deterministic, so the results do not depend on the thread count), in index order.
fn par_map<T: Send>(n: usize, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(n)
        .max(1);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut out: Vec<(usize, T)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let j = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if j >= n {
                            break mine;
                        }
                        mine.push((j, f(j)));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a study run panicked"))
            .collect()
    });
    out.sort_by_key(|p| p.0);
    out.into_iter().map(|p| p.1).collect()
}

/// The kernel implementations.
pub const KERNELS: &[&str] = &["dense", "matrixmultiply", "fold", "roast", "hashednet"];

/// Sampled rows of the f64 reference, per implementation: `(rows, y rows, dx rows)`.
pub struct Refs {
    rows: Vec<usize>,
    y: BTreeMap<String, Vec<Vec<f64>>>,
    dx: BTreeMap<String, Vec<Vec<f64>>>,
}

/// A kernel benchmark's inputs.
pub struct Kernel {
    /// Batch, input, output.
    pub shape: (usize, usize, usize),
    x: Vec<f32>,
    dy: Vec<f32>,
    w: Vec<f32>,
    hashed: BTreeMap<String, (Layout, Vec<f32>)>,
    /// Forward only, or forward + backward.
    pub step: bool,
    dw: Vec<f32>,
    /// The memory gradient of the hashed step, kept across runs as a trainer keeps it (each
    /// run zeroes it, inside the timing): a fresh allocation per run would time page faults.
    grad: Vec<f32>,
    refs: Arc<Refs>,
}

/// What a study benchmark runs.
pub enum StudyWork {
    /// Accuracy of each method at one compression (P3).
    Curve {
        /// c.
        compression: f64,
        /// Seeds.
        seeds: u64,
        /// Epochs.
        epochs: usize,
    },
    /// The trajectory test (P1).
    Trajectory {
        /// SGD steps.
        steps: usize,
    },
    /// The stability sweep (P2).
    Sweep {
        /// Compressions.
        compressions: Vec<f64>,
        /// Init scales a.
        scales: Vec<f64>,
        /// Seeds.
        seeds: u64,
        /// Epochs.
        epochs: usize,
    },
}

/// A study benchmark: deterministic runs, each trained once and remembered.
pub struct Study {
    /// The split.
    pub train: Dataset,
    /// The test set.
    pub test: Dataset,
    /// Hidden width.
    pub hidden: usize,
    /// The work.
    pub work: StudyWork,
    done: BTreeMap<String, StudyOut>,
}

/// A prepared RPS case.
pub enum Work {
    /// Kernel timing.
    Kernel(Box<Kernel>),
    /// Training study.
    Study(Box<Study>),
}

/// The case.
pub struct RpsCase {
    /// The work.
    pub work: Work,
    /// Its identity.
    pub info: DatasetInfo,
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

impl Kernel {
    /// Random inputs and weights for every implementation, plus the f64 reference of three
    /// sampled batch rows (computed weight by weight through `Layout::slot`).
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
            hashed.insert(name.to_string(), (layout, memory));
        }
        let mut rows: Vec<usize> = vec![0, batch / 2, batch - 1];
        rows.dedup();
        let (mut ry, mut rdx) = (BTreeMap::new(), BTreeMap::new());
        for name in KERNELS {
            let weight = |n: usize, k: usize| -> f64 {
                match hashed.get(*name) {
                    Some((l, m)) => {
                        let s = l.slot(0, n, k);
                        f64::from(l.layers()[0].lambda) * f64::from(s.sign) * f64::from(m[s.index])
                    }
                    None => f64::from(w[n * input + k]),
                }
            };
            let (mut ys, mut dxs) = (Vec::new(), Vec::new());
            for &b in &rows {
                let mut yr = vec![0.0f64; output];
                let mut dxr = vec![0.0f64; input];
                for (n, yv) in yr.iter_mut().enumerate() {
                    for (k, dv) in dxr.iter_mut().enumerate() {
                        let wv = weight(n, k);
                        *yv += f64::from(x[b * input + k]) * wv;
                        if step {
                            *dv += f64::from(dy[b * output + n]) * wv;
                        }
                    }
                }
                ys.push(yr);
                dxs.push(dxr);
            }
            ry.insert(name.to_string(), ys);
            rdx.insert(name.to_string(), dxs);
        }
        let grad_len = hashed
            .values()
            .map(|(l, _)| l.memory_len())
            .max()
            .unwrap_or(0);
        Ok(Kernel {
            shape: (batch, input, output),
            x,
            dy,
            w,
            hashed,
            step,
            dw: if step {
                vec![0.0; input * output]
            } else {
                Vec::new()
            },
            grad: if step {
                vec![0.0; grad_len]
            } else {
                Vec::new()
            },
            refs: Arc::new(Refs {
                rows,
                y: ry,
                dx: rdx,
            }),
        })
    }

    fn run(&mut self, name: &str) -> Result<KernelOut, RunError> {
        let (batch, input, output) = self.shape;
        let path = chosen_path();
        let fail = |e: rps::Error| RunError::Fail(e.to_string());
        let mut y = vec![0.0f32; batch * output];
        let mut dx = if self.step {
            vec![0.0f32; batch * input]
        } else {
            Vec::new()
        };
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
                        self.dw.as_mut_ptr(),
                        input as isize,
                        1,
                    );
                }
            }
        } else {
            let weights = match self.hashed.get(name) {
                Some((layout, memory)) => Weights::Hashed {
                    layout,
                    memory,
                    layer: 0,
                },
                None if name == "dense" => Weights::Dense {
                    w: &self.w,
                    input,
                    output,
                },
                None => return Err(RunError::Skip(format!("unknown kernel `{name}`"))),
            };
            kernels::forward(path, &self.x, batch, &weights, &mut y).map_err(fail)?;
            if self.step {
                kernels::backward_input(path, &self.dy, batch, &weights, &mut dx).map_err(fail)?;
                kernels::weight_grad(path, &self.dy, &self.x, batch, input, output, &mut self.dw)
                    .map_err(fail)?;
                if let Some((layout, _)) = self.hashed.get(name) {
                    let g = &mut self.grad[..layout.memory_len()];
                    g.fill(0.0);
                    kernels::reduce_grad(path, layout, 0, &self.dw, g, 1).map_err(fail)?;
                    std::hint::black_box(&g);
                }
            }
        }
        Ok(KernelOut {
            name: name.into(),
            y,
            dx,
            shape: self.shape,
            refs: Arc::clone(&self.refs),
        })
    }
}

/// A kernel run's outputs, judged against the sampled f64 reference after timing.
pub struct KernelOut {
    name: String,
    y: Vec<f32>,
    dx: Vec<f32>,
    shape: (usize, usize, usize),
    refs: Arc<Refs>,
}

fn rel(got: &[f32], want: &[f64]) -> f64 {
    let scale = want.iter().fold(1e-30f64, |m, v| m.max(v.abs()));
    got.iter()
        .zip(want)
        .map(|(&g, &w)| (f64::from(g) - w).abs())
        .fold(0.0, f64::max)
        / scale
}

impl KernelOut {
    fn error(&self) -> f64 {
        let (_, input, output) = self.shape;
        let mut worst = 0.0f64;
        for (j, &b) in self.refs.rows.iter().enumerate() {
            worst = worst.max(rel(
                &self.y[b * output..(b + 1) * output],
                &self.refs.y[&self.name][j],
            ));
            if !self.dx.is_empty() {
                worst = worst.max(rel(
                    &self.dx[b * input..(b + 1) * input],
                    &self.refs.dx[&self.name][j],
                ));
            }
        }
        worst
    }
}

impl Output for KernelOut {
    fn answer(&self) -> String {
        let e = self.error();
        if e <= 1e-4 {
            "agrees-with-f64-reference".into()
        } else {
            format!("max-relative-error={e:.3e}")
        }
    }
    fn quality(&self) -> BTreeMap<String, f64> {
        BTreeMap::from([("max_relative_error".into(), self.error())])
    }
}

/// A study run's outcome (remembered: the runs are deterministic).
#[derive(Clone)]
pub struct StudyOut {
    answer: String,
    quality: BTreeMap<String, f64>,
    notes: BTreeMap<String, String>,
    wall_ns: f64,
}

impl Output for StudyOut {
    fn answer(&self) -> String {
        self.answer.clone()
    }
    fn quality(&self) -> BTreeMap<String, f64> {
        self.quality.clone()
    }
    fn notes(&self) -> BTreeMap<String, String> {
        self.notes.clone()
    }
    fn self_timed_ns(&self) -> Option<f64> {
        Some(self.wall_ns)
    }
}

impl Study {
    /// A study case.
    pub fn new(train: Dataset, test: Dataset, hidden: usize, work: StudyWork) -> Study {
        Study {
            train,
            test,
            hidden,
            work,
            done: BTreeMap::new(),
        }
    }

    fn run(&mut self, name: &str) -> Result<StudyOut, RunError> {
        if let Some(o) = self.done.get(name) {
            return Ok(o.clone());
        }
        let method = Method::from_name(name).map_err(|e| RunError::Skip(e.to_string()))?;
        let fail = |e: rps::Error| RunError::Fail(e.to_string());
        let start = std::time::Instant::now();
        let (mut quality, mut notes) = (BTreeMap::new(), BTreeMap::new());
        let answer = match &self.work {
            StudyWork::Curve {
                compression,
                seeds,
                epochs,
            } => {
                let (mut accs, mut diverged, mut stored, mut weights) = (Vec::new(), 0, 0, 0);
                let (train, test, hidden) = (&self.train, &self.test, self.hidden);
                let runs = par_map(*seeds as usize, |seed| {
                    let cfg = RunConfig {
                        hidden,
                        ..RunConfig::protocol(method, *compression, seed as u64, *epochs)
                    };
                    study::run(&cfg, train, test)
                });
                for (seed, r) in runs.into_iter().enumerate() {
                    let r = r.map_err(fail)?;
                    match r.test_accuracy {
                        Some(a) => accs.push(a),
                        None => diverged += 1,
                    }
                    stored = r.weights + r.biases;
                    weights = r.weights;
                    notes.insert(format!("seed {seed}"), format!("{:?}", r.test_accuracy));
                }
                if !accs.is_empty() {
                    quality.insert(
                        "accuracy".into(),
                        accs.iter().sum::<f64>() / accs.len() as f64,
                    );
                }
                quality.insert("diverged".into(), f64::from(diverged));
                quality.insert("stored_scalars".into(), stored as f64);
                quality.insert("weight_scalars".into(), weights as f64);
                "recorded".to_string()
            }
            StudyWork::Trajectory { steps } => {
                let cfg = method
                    .config(1.0, 0, 0.04)
                    .ok_or_else(|| RunError::Skip(format!("{name} has no hashed memory")))?;
                let gap = study::trajectory_gap(cfg, &self.train, self.hidden, *steps, 0)
                    .map_err(fail)?;
                notes.insert(
                    "gap".into(),
                    if gap.is_finite() {
                        format!("{gap:.3e}")
                    } else {
                        "inf (the run diverged)".into()
                    },
                );
                if gap.is_finite() {
                    quality.insert("gap".into(), gap);
                }
                if gap <= 1e-5 {
                    "within-1e-5".into()
                } else {
                    "exceeds-1e-5".into()
                }
            }
            StudyWork::Sweep {
                compressions,
                scales,
                seeds,
                epochs,
            } => {
                let (mut div, mut total) = (0, 0);
                let (train, test, hidden) = (&self.train, &self.test, self.hidden);
                let (nc, ns, nseeds) = (compressions.len(), scales.len(), *seeds as usize);
                let mut runs = par_map(nc * ns * nseeds, |j| {
                    let (c, a, seed) = (
                        compressions[j / (ns * nseeds)],
                        scales[j / nseeds % ns],
                        (j % nseeds) as u64,
                    );
                    let cfg = RunConfig {
                        hidden,
                        init_scale: a as f32,
                        ..RunConfig::protocol(method, c, seed, *epochs)
                    };
                    study::run(&cfg, train, test)
                })
                .into_iter();
                for &c in compressions {
                    for &a in scales {
                        let mut accs = Vec::new();
                        for _ in 0..nseeds {
                            let r = runs.next().expect("one result per run").map_err(fail)?;
                            total += 1;
                            if r.diverged {
                                div += 1;
                                accs.push("diverged".to_string());
                            } else {
                                accs.push(format!("{:.4}", r.test_accuracy.unwrap_or(0.0)));
                            }
                        }
                        notes.insert(format!("c={c} a={a:e}"), accs.join(" "));
                    }
                }
                quality.insert("divergences".into(), f64::from(div));
                quality.insert("runs".into(), f64::from(total));
                format!("divergences={div}/{total}")
            }
        };
        let out = StudyOut {
            answer,
            quality,
            notes,
            wall_ns: start.elapsed().as_nanos() as f64,
        };
        self.done.insert(name.into(), out.clone());
        Ok(out)
    }
}

impl Case for RpsCase {
    fn dataset(&self) -> &DatasetInfo {
        &self.info
    }

    fn work(&self) -> Option<(f64, &'static str)> {
        match &self.work {
            Work::Kernel(k) => {
                let (b, i, o) = k.shape;
                let f = 2.0 * (b * i * o) as f64 * if k.step { 3.0 } else { 1.0 };
                Some((f, "flop"))
            }
            Work::Study(_) => None,
        }
    }

    fn run(&mut self, implementation: &str) -> Result<Box<dyn Output>, RunError> {
        match &mut self.work {
            Work::Kernel(k) => Ok(Box::new(k.run(implementation)?)),
            Work::Study(s) => Ok(Box::new(s.run(implementation)?)),
        }
    }

    fn check(
        &self,
        implementation: &str,
        output: &dyn Output,
        expected: &str,
    ) -> Result<(), String> {
        let got = output.answer();
        // `expected` may list answers per implementation: "stable-rps=within-1e-5;roast=any".
        let want = expected
            .split(';')
            .find_map(|p| p.strip_prefix(&format!("{implementation}=")))
            .unwrap_or(expected);
        if want == "any" || got == want {
            Ok(())
        } else {
            Err(format!("expected `{want}`, got `{got}`"))
        }
    }
}
