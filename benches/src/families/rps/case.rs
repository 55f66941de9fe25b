//! RPS workloads: kernel timings (forward, forward + backward) against dense and
//! matrixmultiply, and the compression study (P1, P2, P3) on scikit-learn's digits.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use rps::kernels::{self, Weights, chosen_path};
use rps::mapping::{Config, Layout};
use rps::train::data::Dataset;
use rps::train::optim::Optimizer;
use rps::train::study::{self, Method, RunConfig};

use super::outcome::Outcome;
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

/// The weight gradient and the memory gradient of the last step run, kept across runs as a
/// trainer keeps them (each run overwrites them, inside the timing: a fresh allocation per run
/// would time page faults), and read by the check after the run.
#[derive(Default)]
pub struct StepBuffers {
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

/// A study benchmark: deterministic training runs. Its group is a `study`, so the runner
/// runs each implementation once: that run's outcome is checked, and its training time is the
/// row's one sample.
pub struct Study {
    /// The split.
    pub train: Dataset,
    /// The test set.
    pub test: Dataset,
    /// Hidden width.
    pub hidden: usize,
    /// The work.
    pub work: StudyWork,
    /// The optimizer and its learning rate, for every run of the case.
    pub optimizer: (Optimizer, f32),
}

/// A prepared RPS case.
pub enum Work {
    /// Kernel timing.
    Kernel(Box<Kernel>),
    /// Training study.
    Study(Box<Study>),
    /// The linear-model check (RPS against magnitude pruning at equal memory).
    Theory(Box<super::theory::Theory>),
    /// The input exists but could not be loaded (a checksum mismatch, a malformed file):
    /// every implementation fails with this message.
    Unavailable(String),
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
        let mut guard = self
            .buffers
            .lock()
            .map_err(|_| RunError::Fail("a previous run panicked".into()))?;
        let StepBuffers { dw, grad } = &mut *guard;
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
            kernels::forward(path, &self.x, batch, &weights, &mut y).map_err(fail)?;
            if self.step {
                kernels::backward_input(path, &self.dy, batch, &weights, &mut dx).map_err(fail)?;
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
            y,
            dx,
            shape: self.shape,
            step: self.step,
            hashed: self.hashed.get(name).cloned(),
            buffers: Arc::clone(&self.buffers),
            oracle: Arc::clone(&self.oracle),
        })
    }
}

/// A kernel run's outputs, judged against the f64 oracle after timing.
pub struct KernelOut {
    name: String,
    y: Vec<f32>,
    dx: Vec<f32>,
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
        let mut e = KernelErrors {
            y: rel(&left_project(&self.y, &o.u, output), &o.y[&self.name]),
            dx: 0.0,
            dw: 0.0,
            grad: 0.0,
        };
        if !self.step {
            return e;
        }
        e.dx = rel(&left_project(&self.dx, &o.u, input), &o.dx[&self.name]);
        let Ok(buffers) = self.buffers.lock() else {
            e.dw = f64::INFINITY;
            return e;
        };
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

/// The note that says what a study row's one time sample is.
const TIMING_NOTE: &str = "one sample: the sum of the runs' own training times, each run \
                           single-threaded (independent runs execute side by side); a study \
                           is not a race and is never ranked by time";

impl Study {
    /// A study case.
    pub fn new(
        train: Dataset,
        test: Dataset,
        hidden: usize,
        work: StudyWork,
        optimizer: (Optimizer, f32),
    ) -> Study {
        Study {
            train,
            test,
            hidden,
            work,
            optimizer,
        }
    }

    fn run(&mut self, name: &str) -> Result<Outcome, RunError> {
        let method = Method::from_name(name).map_err(|e| RunError::Skip(e.to_string()))?;
        let fail = |e: rps::Error| RunError::Fail(e.to_string());
        let (mut quality, mut notes) = (BTreeMap::new(), BTreeMap::new());
        let mut train_ms = 0.0;
        let answer = match &self.work {
            StudyWork::Curve {
                compression,
                seeds,
                epochs,
            } => {
                let (mut accs, mut diverged, mut stored, mut weights) = (Vec::new(), 0, 0, 0);
                let (train, test, hidden) = (&self.train, &self.test, self.hidden);
                let (optimizer, lr) = self.optimizer;
                let runs = par_map(*seeds as usize, |seed| {
                    let cfg = RunConfig {
                        hidden,
                        optimizer,
                        lr,
                        ..RunConfig::protocol(method, *compression, seed as u64, *epochs)
                    };
                    study::run(&cfg, train, test)
                });
                for (seed, r) in runs.into_iter().enumerate() {
                    let r = r.map_err(fail)?;
                    train_ms += r.wall_ms;
                    match r.test_accuracy {
                        Some(a) if !r.diverged => {
                            accs.push(a);
                            notes.insert(format!("seed {seed}"), format!("{a:.4}"));
                        }
                        _ => {
                            diverged += 1;
                            notes.insert(format!("seed {seed}"), DIVERGED.into());
                        }
                    }
                    stored = r.weights + r.biases;
                    weights = r.weights;
                }
                let runs = accs.len() + diverged;
                let answer = if accs.is_empty() {
                    format!("diverged={diverged}/{runs}")
                } else {
                    let mean = accs.iter().sum::<f64>() / accs.len() as f64;
                    let min = accs.iter().copied().fold(f64::INFINITY, f64::min);
                    quality.insert("accuracy".into(), mean);
                    quality.insert("min_accuracy".into(), min);
                    format!("accuracy mean {mean:.4} min {min:.4}, diverged={diverged}/{runs}")
                };
                quality.insert("diverged".into(), diverged as f64);
                quality.insert("runs".into(), runs as f64);
                quality.insert("stored_scalars".into(), stored as f64);
                quality.insert("weight_scalars".into(), weights as f64);
                answer
            }
            StudyWork::Trajectory { steps } => {
                let cfg = method
                    .config(1.0, 0, 0.04)
                    .ok_or_else(|| RunError::Skip(format!("{name} has no hashed memory")))?;
                let start = std::time::Instant::now();
                let gap = study::trajectory_gap(cfg, &self.train, self.hidden, *steps, 0)
                    .map_err(fail)?;
                train_ms = start.elapsed().as_secs_f64() * 1e3;
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
                let (optimizer, lr) = self.optimizer;
                let mut runs = par_map(nc * ns * nseeds, |j| {
                    let (c, a, seed) = (
                        compressions[j / (ns * nseeds)],
                        scales[j / nseeds % ns],
                        (j % nseeds) as u64,
                    );
                    let cfg = RunConfig {
                        hidden,
                        init_scale: a as f32,
                        optimizer,
                        lr,
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
                            train_ms += r.wall_ms;
                            total += 1;
                            if r.diverged {
                                div += 1;
                                accs.push(DIVERGED.to_string());
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
        notes.insert("timing".into(), TIMING_NOTE.into());
        Ok(Outcome {
            answer,
            quality,
            notes,
            ns: train_ms * 1e6,
        })
    }
}

/// How a diverged run is written in a row's notes.
const DIVERGED: &str = "diverged";

/// The class of one training run against an accuracy floor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RunClass {
    /// Finite, accuracy at or above the floor.
    Trained,
    /// Finite, below the floor (a collapsed model sits near chance).
    Collapsed,
    /// Diverged (NaN/∞, or its loss blew up).
    Diverged,
}

/// An expected study outcome: `trained>=0.9`, `trained>=0.2|diverged`, `collapsed|diverged`,
/// `divergences=0/3`, `divergences>=1`, `within-1e-5`, …; anything else must equal the answer.
///
/// For accuracy runs (P3) every seed of the row is classed against the floor and each class
/// must be one the expectation allows, so a run that diverged or sits below the floor fails
/// unless that outcome was predicted.
fn check_study(output: &dyn Output, want: &str) -> Result<(), String> {
    let got = output.answer();
    if let Some(k) = want.strip_prefix("divergences>=") {
        let k: f64 = k
            .parse()
            .map_err(|_| format!("malformed expectation `{want}`"))?;
        let d = output
            .quality()
            .get("divergences")
            .copied()
            .ok_or_else(|| format!("`{got}` counts no divergences"))?;
        return if d >= k {
            Ok(())
        } else {
            Err(format!("expected at least {k} divergences, got `{got}`"))
        };
    }
    let classes: Vec<&str> = want.split('|').collect();
    let is_outcome = |c: &str| c.starts_with("trained>=") || c == "collapsed" || c == DIVERGED;
    if !classes.iter().all(|c| is_outcome(c)) {
        return if got == want {
            Ok(())
        } else {
            Err(format!("expected `{want}`, got `{got}`"))
        };
    }
    let mut floor = f64::INFINITY;
    for c in &classes {
        if let Some(f) = c.strip_prefix("trained>=") {
            floor = f
                .parse()
                .map_err(|_| format!("malformed expectation `{want}`"))?;
        }
    }
    let notes = output.notes();
    let seeds: Vec<(&String, &String)> = notes
        .iter()
        .filter(|(k, _)| k.starts_with("seed "))
        .collect();
    if seeds.is_empty() {
        return Err(format!("no runs recorded; got `{got}`"));
    }
    for (seed, outcome) in seeds {
        let class = if outcome == DIVERGED {
            RunClass::Diverged
        } else {
            let a: f64 = outcome
                .parse()
                .map_err(|_| format!("{seed}: unreadable outcome `{outcome}`"))?;
            if a >= floor {
                RunClass::Trained
            } else {
                RunClass::Collapsed
            }
        };
        let allowed = match class {
            RunClass::Trained => classes.iter().any(|c| c.starts_with("trained>=")),
            RunClass::Collapsed => classes.contains(&"collapsed"),
            RunClass::Diverged => classes.contains(&DIVERGED),
        };
        if !allowed {
            return Err(format!(
                "expected `{want}`, but {seed} {} ({outcome}); answer `{got}`",
                match class {
                    RunClass::Trained => "trained",
                    RunClass::Collapsed => "ended below the accuracy floor",
                    RunClass::Diverged => "diverged",
                }
            ));
        }
    }
    Ok(())
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
            Work::Study(_) | Work::Theory(_) | Work::Unavailable(_) => None,
        }
    }

    fn run(&mut self, implementation: &str) -> Result<Box<dyn Output>, RunError> {
        match &mut self.work {
            Work::Kernel(k) => Ok(Box::new(k.run(implementation)?)),
            Work::Study(s) => Ok(Box::new(s.run(implementation)?)),
            Work::Theory(t) => Ok(Box::new(t.run(implementation)?)),
            Work::Unavailable(why) => Err(RunError::Fail(why.clone())),
        }
    }

    fn check(
        &self,
        implementation: &str,
        output: &dyn Output,
        expected: &str,
    ) -> Result<(), String> {
        // `expected` may list answers per implementation:
        // "stable-rps=trained>=0.8;roast=trained>=0.2|diverged".
        let want = expected
            .split(';')
            .find_map(|p| p.strip_prefix(&format!("{implementation}=")))
            .unwrap_or(expected);
        match &self.work {
            Work::Study(_) => check_study(output, want),
            _ => {
                let got = output.answer();
                if got == want {
                    Ok(())
                } else {
                    Err(format!("expected `{want}`, got `{got}`"))
                }
            }
        }
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
            let mut out = kernel_out(&mut k, name);
            let i = 3 * 96 + 41;
            out.y[i] += 0.05 * out.y.iter().fold(0.0f32, |m, v| m.max(v.abs()));
            assert!(out.errors().y > KERNEL_TOLERANCE, "{name}: y");
            assert_ne!(out.answer(), "agrees-with-f64-reference", "{name}");
            // One wrong element of dX.
            let mut out = kernel_out(&mut k, name);
            out.dx[5 * 128 + 77] += 0.05 * out.dx.iter().fold(0.0f32, |m, v| m.max(v.abs()));
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

    fn study_out(seeds: &[&str], divergences: Option<f64>) -> Outcome {
        let mut notes = BTreeMap::new();
        for (i, s) in seeds.iter().enumerate() {
            notes.insert(format!("seed {i}"), (*s).to_string());
        }
        let mut quality = BTreeMap::new();
        if let Some(d) = divergences {
            quality.insert("divergences".into(), d);
        }
        Outcome {
            answer: format!("{seeds:?}"),
            quality,
            notes,
            ns: 1.0,
        }
    }

    #[test]
    fn accuracy_rows_fail_when_a_run_diverged_or_sits_below_its_floor() {
        let ok = study_out(&["0.95", "0.93"], None);
        assert!(check_study(&ok, "trained>=0.9").is_ok());
        // A diverged run, and a run below the floor (chance level), each fail.
        let diverged = study_out(&["0.95", DIVERGED], None);
        assert!(check_study(&diverged, "trained>=0.9").is_err());
        let chance = study_out(&["0.95", "0.075"], None);
        let err = check_study(&chance, "trained>=0.9").unwrap_err();
        assert!(err.contains("below the accuracy floor"), "{err}");
        // Predicted outcomes pass, and only those.
        assert!(check_study(&diverged, "trained>=0.9|diverged").is_ok());
        assert!(check_study(&chance, "trained>=0.9|collapsed").is_ok());
        assert!(check_study(&chance, "trained>=0.9|diverged").is_err());
        assert!(check_study(&diverged, "trained>=0.9|collapsed").is_err());
        // No recorded run is never a pass.
        assert!(check_study(&study_out(&[], None), "trained>=0.1").is_err());
    }

    #[test]
    fn divergence_counts_are_checked() {
        let none = study_out(&[], Some(0.0));
        let some = study_out(&[], Some(2.0));
        assert!(check_study(&some, "divergences>=1").is_ok());
        assert!(check_study(&none, "divergences>=1").is_err());
        let mut exact = study_out(&[], Some(1.0));
        exact.answer = "divergences=1/3".into();
        assert!(check_study(&exact, "divergences=1/3").is_ok());
        assert!(check_study(&exact, "divergences=0/3").is_err());
    }
}
