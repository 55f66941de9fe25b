//! One training run per (method, compression, seed), the P1 trajectory test and the P2
//! stability sweep: a CPU-sized reproduction of the experiments of Desai and Shrivastava,
//! "In defense of parameter sharing for model-compression" (ICLR 2024, arXiv 2310.11611).
//!
//! Model 64-h-h-10 (h = 512 in the study), SGD momentum 0.9, lr 0.05, batch 64, lr × 0.1 at
//! 50 % and 75 % of the epochs, no weight decay. Dense init U(±1/√in) for weights and biases;
//! hashed models draw M ~ U(−a, a) and use λ_l = (1/√in_l)/a. The seed drives the init, the
//! batch order, the hash constants and the pruners. A run is *diverged* ([`is_diverged`])
//! when a batch loss, a gradient or a final weight is NaN/∞ (training stops there), or when
//! the last epoch's mean loss exceeds [`DIVERGENCE_FACTOR`] times its reference loss
//! `max(first batch's loss, ln classes)`. A run that learns slowly, or not at all (a pruned
//! model whose later layers were cut entirely sits at the uniform predictor's `ln classes`),
//! is *not* diverged: its accuracy is recorded as it is.

use std::time::Instant;

use rand_core::{Rng, SeedableRng};
use rand_pcg::Pcg64;

use super::data::Dataset;
use super::mlp::{Mlp, Params};
use super::optim::Optimizer;
use super::prune;
use crate::error::Error;
use crate::kernels::{Path, chosen_path};
use crate::mapping::{Config, Layout, Mapping, MemorySize, Scaler};
use crate::scaler::GradScaler;

/// The methods of the study.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    /// The uncompressed model.
    Dense,
    /// The largest 64-h-h-10 model with at most m weights.
    SmallWidth,
    /// HashedNet: element-wise, per-layer memory, sign, no scaler.
    HashedNet,
    /// ROAST: 16×16 tiles, global memory, sign, no scaler.
    Roast,
    /// STABLE-RPS: fold, global memory, sign, scaler v1.
    StableRps,
    /// Ablation: fold without the scaler.
    FoldNoScaler,
    /// Ablation: ROAST with scaler v1.
    RoastScaler,
    /// STABLE-RPS with scaler v4 (`√Σλ²`), which the authors' "v5" runs executed around
    /// arXiv v1.
    StableRpsV4,
    /// STABLE-RPS with scaler v5 (`Σλ²`, the authors' "theory" scaler).
    StableRpsV5,
    /// Random pruning at init.
    Random,
    /// Magnitude pruning at init.
    Magnitude,
    /// SNIP at init (10 batches of 128).
    Snip,
    /// SynFlow (100 rounds).
    SynFlow,
    /// GraSP at init (one batch of 128; [`super::grasp`]).
    Grasp,
    /// Lottery-ticket rewinding: train, prune by magnitude, rewind, retrain
    /// ([`super::ltr`]).
    Ltr,
}

impl Method {
    /// Every method, in report order.
    pub const ALL: [Method; 15] = [
        Method::Dense,
        Method::StableRps,
        Method::StableRpsV4,
        Method::StableRpsV5,
        Method::Roast,
        Method::HashedNet,
        Method::FoldNoScaler,
        Method::RoastScaler,
        Method::SmallWidth,
        Method::Random,
        Method::Magnitude,
        Method::Snip,
        Method::SynFlow,
        Method::Grasp,
        Method::Ltr,
    ];

    /// Its name on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Method::Dense => "dense",
            Method::SmallWidth => "small-width",
            Method::HashedNet => "hashednet",
            Method::Roast => "roast",
            Method::StableRps => "stable-rps",
            Method::FoldNoScaler => "fold-noscaler",
            Method::RoastScaler => "roast-scaler",
            Method::StableRpsV4 => "stable-rps-v4",
            Method::StableRpsV5 => "stable-rps-v5",
            Method::Random => "random",
            Method::Magnitude => "magnitude",
            Method::Snip => "snip",
            Method::SynFlow => "synflow",
            Method::Grasp => "grasp",
            Method::Ltr => "ltr",
        }
    }

    /// Parses [`Method::name`].
    ///
    /// # Errors
    /// [`Error::Unknown`].
    pub fn from_name(name: &str) -> Result<Method, Error> {
        Method::ALL
            .into_iter()
            .find(|m| m.name() == name)
            .ok_or_else(|| Error::Unknown {
                kind: "method",
                name: name.into(),
            })
    }

    /// The hashed configuration, for RPS methods.
    pub fn config(self, compression: f64, seed: u64, init_scale: f32) -> Option<Config> {
        let c = match self {
            Method::StableRps => Config::stable_rps(compression, seed),
            Method::Roast => Config::roast(compression, seed),
            Method::HashedNet => Config::hashednet(compression, seed),
            Method::FoldNoScaler => Config {
                scaler: Scaler::None,
                ..Config::stable_rps(compression, seed)
            },
            Method::RoastScaler => Config {
                scaler: Scaler::V1,
                ..Config::roast(compression, seed)
            },
            Method::StableRpsV4 => Config {
                scaler: Scaler::V4,
                ..Config::stable_rps(compression, seed)
            },
            Method::StableRpsV5 => Config {
                scaler: Scaler::V5,
                ..Config::stable_rps(compression, seed)
            },
            _ => return None,
        };
        Some(Config { init_scale, ..c })
    }
}

/// How far above its reference loss a run's last-epoch loss must be to count as diverged.
///
/// The reference is `max(L0, ln C)`: `L0` is the first batch's loss (the model at init),
/// `ln C` the loss of the uniform predictor, which a model that cannot learn (a collapsed
/// pruned network, a step size too small to move) stays near. Ordinary SGD noise moves a
/// stalled run's epoch loss by a few percent around that level, never by 2×; a run whose
/// updates blow up (ROAST at a tiny init scale: the weight-space step grows as `1/a²`)
/// produces confident wrong logits whose loss grows without bound or becomes NaN. A factor of
/// 2 separates the two cases with a wide margin on both sides (see the tests).
pub const DIVERGENCE_FACTOR: f64 = 2.0;

/// The divergence rule: `true` when `last_epoch_loss` is missing (training stopped on a
/// non-finite loss or gradient) or not finite, or exceeds
/// [`DIVERGENCE_FACTOR`]` · max(initial_loss, ln classes)`. A non-finite `initial_loss` is
/// also divergence.
///
/// ```
/// use rps::train::study::is_diverged;
/// let ln10 = 10f64.ln();
/// assert!(!is_diverged(2.35, Some(2.36), 10)); // stalled, slightly above its first batch
/// assert!(!is_diverged(2.35, Some(0.05), 10)); // converged
/// assert!(is_diverged(2.35, Some(40.0), 10)); // blown up
/// assert!(is_diverged(2.35, None, 10)); // NaN during training
/// assert!(!is_diverged(1.0, Some(1.9 * ln10), 10)); // the reference is at least ln C
/// ```
pub fn is_diverged(initial_loss: f64, last_epoch_loss: Option<f64>, classes: usize) -> bool {
    let Some(last) = last_epoch_loss else {
        return true;
    };
    if !(initial_loss.is_finite() && last.is_finite()) {
        return true;
    }
    let reference = initial_loss.max((classes.max(1) as f64).ln());
    last > DIVERGENCE_FACTOR * reference
}

/// One run's settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunConfig {
    /// The method.
    pub method: Method,
    /// Compression c ≥ 1 (ignored by dense).
    pub compression: f64,
    /// The seed.
    pub seed: u64,
    /// Epochs.
    pub epochs: usize,
    /// Hidden width of the full model.
    pub hidden: usize,
    /// Learning rate.
    pub lr: f32,
    /// Batch size.
    pub batch: usize,
    /// Init half-width `a` of M (hashed methods).
    pub init_scale: f32,
    /// The optimizer.
    pub optimizer: Optimizer,
}

impl RunConfig {
    /// The protocol's settings for `method` at `compression` and `seed`.
    pub fn protocol(method: Method, compression: f64, seed: u64, epochs: usize) -> RunConfig {
        RunConfig {
            method,
            compression,
            seed,
            epochs,
            hidden: 512,
            lr: 0.05,
            batch: 64,
            init_scale: 0.04,
            optimizer: Optimizer::Momentum(0.9),
        }
    }
}

/// One run's outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct RunResult {
    /// Final-epoch test accuracy; `None` when the run diverged.
    pub test_accuracy: Option<f64>,
    /// Mean training loss of the last epoch (`None` if diverged with a non-finite loss).
    pub train_loss: Option<f64>,
    /// Loss of the first batch.
    pub initial_loss: f64,
    /// Stored weight scalars (memory slots or kept weights).
    pub weights: usize,
    /// Stored bias scalars.
    pub biases: usize,
    /// Whether the run diverged.
    pub diverged: bool,
    /// Optimizer steps taken.
    pub steps: usize,
    /// Wall time, milliseconds.
    pub wall_ms: f64,
}

fn uniform(rng: &mut Pcg64, n: usize, half: f32) -> Vec<f32> {
    (0..n)
        .map(|_| (((rng.next_u64() >> 40) as f32 / (1u64 << 24) as f32) * 2.0 - 1.0) * half)
        .collect()
}

/// Dense init: weights and biases U(±1/√in), layer by layer from one generator.
pub fn dense_init(shapes: &[(usize, usize)], seed: u64) -> (Vec<Vec<f32>>, Vec<Vec<f32>>) {
    let mut rng = Pcg64::seed_from_u64(seed);
    let w = shapes
        .iter()
        .map(|&(i, o)| uniform(&mut rng, i * o, 1.0 / (i as f32).sqrt()))
        .collect();
    let b = shapes
        .iter()
        .map(|&(i, o)| uniform(&mut rng, o, 1.0 / (i as f32).sqrt()))
        .collect();
    (w, b)
}

fn shapes(dim: usize, h: usize, classes: usize) -> Vec<(usize, usize)> {
    vec![(dim, h), (h, h), (h, classes)]
}

/// The largest `h` with `dim·h + h² + h·classes ≤ budget` (at least 1).
pub fn small_width(dim: usize, classes: usize, budget: usize) -> usize {
    let mut h = 1;
    while dim * (h + 1) + (h + 1) * (h + 1) + (h + 1) * classes <= budget {
        h += 1;
    }
    h
}

/// The widest hidden layer a run accepts. The 64-h-h-10 model then has about 17 million
/// weights; with its gradients, momentum and the materialised hashed weights the trainer holds
/// a few hundred MB. Wider requests are refused before anything is allocated.
pub const MAX_HIDDEN: usize = 4096;

/// The most epochs a run accepts.
pub const MAX_EPOCHS: usize = 10_000;

fn check(cfg: &RunConfig, train: &Dataset) -> Result<(), Error> {
    if cfg.hidden > MAX_HIDDEN {
        return Err(Error::InvalidParameter {
            name: "hidden",
            reason: format!("{} is wider than the limit of {MAX_HIDDEN}", cfg.hidden),
        });
    }
    if cfg.epochs > MAX_EPOCHS {
        return Err(Error::InvalidParameter {
            name: "epochs",
            reason: format!("{} is more than the limit of {MAX_EPOCHS}", cfg.epochs),
        });
    }
    if !(cfg.compression.is_finite() && cfg.compression >= 1.0) {
        return Err(Error::InvalidCompression(cfg.compression));
    }
    if !(cfg.lr.is_finite() && cfg.lr > 0.0) {
        return Err(Error::InvalidParameter {
            name: "lr",
            reason: format!("must be finite and > 0, got {}", cfg.lr),
        });
    }
    if cfg.batch == 0 || cfg.epochs == 0 || cfg.hidden == 0 {
        return Err(Error::InvalidParameter {
            name: "batch/epochs/hidden",
            reason: "must be ≥ 1".into(),
        });
    }
    if train.is_empty() {
        return Err(Error::Dataset("empty training set".into()));
    }
    crate::kernels::check_input("training features", &train.features)
}

/// Builds the initial model of a run.
///
/// # Errors
/// Invalid settings (see [`run`]).
pub fn build(cfg: &RunConfig, train: &Dataset, path: Path) -> Result<Mlp, Error> {
    check(cfg, train)?;
    let full = shapes(train.dim, cfg.hidden, train.classes);
    let n: usize = full.iter().map(|&(i, o)| i * o).sum();
    let keep = ((n as f64 / cfg.compression).ceil() as usize).max(1);
    let (w, b) = dense_init(&full, cfg.seed);
    let masked = |masks| {
        Mlp::new(
            full.clone(),
            Params::Dense {
                w: w.clone(),
                masks: Some(masks),
            },
            b.clone(),
            path,
        )
    };
    match cfg.method {
        // LTR starts from the dense model and prunes after training (see `super::ltr`).
        Method::Dense | Method::Ltr => {
            Mlp::new(full.clone(), Params::Dense { w, masks: None }, b, path)
        }
        Method::SmallWidth => {
            let h = small_width(train.dim, train.classes, keep);
            let s = shapes(train.dim, h, train.classes);
            let (w, b) = dense_init(&s, cfg.seed);
            Mlp::new(s, Params::Dense { w, masks: None }, b, path)
        }
        Method::Random => {
            let mut rng = Pcg64::seed_from_u64(cfg.seed ^ 0x5EED_0001);
            masked(prune::top_k(&prune::random_scores(&w, &mut rng), keep))
        }
        Method::Magnitude => masked(prune::top_k(&prune::magnitude_scores(&w), keep)),
        Method::SynFlow => masked(synflow_cached(&w, &full, keep, cfg.seed)),
        Method::Snip => {
            let dense = Mlp::new(
                full.clone(),
                Params::Dense {
                    w: w.clone(),
                    masks: None,
                },
                b.clone(),
                path,
            )?;
            let mut g: Vec<Vec<f32>> = w.iter().map(|l| vec![0.0; l.len()]).collect();
            let order = shuffled(train.len(), cfg.seed ^ 0x5EED_0002);
            for chunk in order.chunks(128).take(10) {
                let (x, y) = gather(train, chunk);
                let gr = dense.gradients(&x, &y, chunk.len())?;
                for (acc, d) in g.iter_mut().zip(&gr.dw) {
                    for (a, v) in acc.iter_mut().zip(d) {
                        *a += v;
                    }
                }
            }
            masked(prune::top_k(&prune::snip_scores(&w, &g), keep))
        }
        Method::Grasp => {
            let order = shuffled(train.len(), cfg.seed ^ 0x5EED_0004);
            let chunk = &order[..order.len().min(128)];
            let (x, y) = gather(train, chunk);
            let scores = super::grasp::keep_scores(&full, &w, &b, &x, &y, chunk.len())?;
            masked(prune::top_k(&scores, keep))
        }
        m => {
            let config = m
                .config(cfg.compression, cfg.seed, cfg.init_scale)
                .expect("an RPS method");
            let layout = Layout::new(config, &full)?;
            let mut rng = Pcg64::seed_from_u64(cfg.seed ^ 0x5EED_0003);
            let memory = uniform(&mut rng, layout.memory_len(), cfg.init_scale);
            let scaler = GradScaler::new(&layout);
            Mlp::new(
                full.clone(),
                Params::Hashed {
                    layout,
                    memory,
                    scaler,
                },
                b,
                path,
            )
        }
    }
}

/// SynFlow's masks (100 rounds). SynFlow is data-free, so its masks depend only on the
/// initial weights, the shapes and `keep`: the rate-tuning runs and the final run of seed 0,
/// and both optimizers, would compute the same masks. The last few are kept, keyed by a
/// 64-bit FNV-1a digest of the weights' bits besides the shapes and `keep` (a transparent
/// cache: the same inputs give the same masks bit for bit; `seed` only names the entry).
fn synflow_cached(
    w: &[Vec<f32>],
    shapes: &[(usize, usize)],
    keep: usize,
    seed: u64,
) -> Vec<Vec<f32>> {
    let digest = w.iter().flatten().fold(0xcbf2_9ce4_8422_2325_u64, |h, x| {
        (h ^ u64::from(x.to_bits())).wrapping_mul(0x0000_0100_0000_01b3)
    });
    type Key = (u64, u64, Vec<(usize, usize)>, usize);
    type Cache = Vec<(Key, std::sync::Arc<Vec<Vec<f32>>>)>;
    static CACHE: std::sync::Mutex<Cache> = std::sync::Mutex::new(Vec::new());
    const KEPT: usize = 6;
    let key = (seed, digest, shapes.to_vec(), keep);
    // The lock is held while computing, so a second run asking for the same masks waits for
    // them instead of computing them again.
    let mut cache = CACHE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((_, m)) = cache.iter().find(|(k, _)| *k == key) {
        return m.as_ref().clone();
    }
    let masks = std::sync::Arc::new(prune::synflow_masks(w, shapes, keep, 100));
    if cache.len() == KEPT {
        cache.remove(0);
    }
    cache.push((key, masks.clone()));
    masks.as_ref().clone()
}

fn shuffled(n: usize, seed: u64) -> Vec<usize> {
    let mut rng = Pcg64::seed_from_u64(seed);
    let mut v: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = (rng.next_u64() % (i as u64 + 1)) as usize;
        v.swap(i, j);
    }
    v
}

fn gather(d: &Dataset, idx: &[usize]) -> (Vec<f32>, Vec<u8>) {
    let mut x = Vec::with_capacity(idx.len() * d.dim);
    for &i in idx {
        x.extend_from_slice(&d.features[i * d.dim..(i + 1) * d.dim]);
    }
    (x, idx.iter().map(|&i| d.labels[i]).collect())
}

/// Test accuracy of a model.
///
/// # Errors
/// Kernel errors.
pub fn accuracy(model: &Mlp, test: &Dataset) -> Result<f64, Error> {
    let logits = model.logits(&test.features, test.len())?;
    let c = test.classes;
    let correct = logits
        .chunks(c)
        .zip(&test.labels)
        .filter(|(row, y)| {
            let best = (0..c)
                .max_by(|&a, &b| row[a].total_cmp(&row[b]).then(b.cmp(&a)))
                .unwrap_or(0);
            best == usize::from(**y)
        })
        .count();
    Ok(correct as f64 / test.len() as f64)
}

/// Trains a model for `cfg.epochs` epochs; the batch order depends on the seed only.
fn train_model(
    model: &mut Mlp,
    cfg: &RunConfig,
    train: &Dataset,
) -> Result<(f64, Option<f64>, bool, usize), Error> {
    let (initial, last, steps) = train_epochs(model, cfg, train, 0..cfg.epochs)?;
    Ok((
        initial,
        last,
        is_diverged(initial, last, train.classes),
        steps,
    ))
}

/// Trains epochs `epochs` of a `cfg.epochs`-epoch schedule (its learning-rate steps and batch
/// orders are those of the full run). Returns the first batch's loss (NaN when no batch ran),
/// the last epoch's mean loss (`None` when training stopped on a non-finite loss or gradient,
/// or when no epoch ran) and the steps taken.
pub(crate) fn train_epochs(
    model: &mut Mlp,
    cfg: &RunConfig,
    train: &Dataset,
    epochs: std::ops::Range<usize>,
) -> Result<(f64, Option<f64>, usize), Error> {
    let mut initial = f64::NAN;
    let mut steps = 0;
    let mut last = None;
    for epoch in epochs {
        let lr = if epoch * 4 >= cfg.epochs * 3 {
            cfg.lr * 0.01
        } else if epoch * 2 >= cfg.epochs {
            cfg.lr * 0.1
        } else {
            cfg.lr
        };
        let order = shuffled(
            train.len(),
            cfg.seed.wrapping_mul(1000).wrapping_add(epoch as u64),
        );
        let (mut sum, mut count) = (0.0, 0);
        for chunk in order.chunks(cfg.batch) {
            let (x, y) = gather(train, chunk);
            let g = model.gradients(&x, &y, chunk.len())?;
            if steps == 0 {
                initial = g.loss;
            }
            if !g.loss.is_finite() || g.dw.iter().flatten().any(|v| !v.is_finite()) {
                return Ok((initial, None, steps));
            }
            model.apply(&g, &cfg.optimizer, lr)?;
            steps += 1;
            sum += g.loss;
            count += 1;
        }
        last = Some(sum / f64::from(count));
    }
    Ok((initial, last, steps))
}

/// One run of the study.
///
/// # Errors
/// [`Error::InvalidCompression`], [`Error::InvalidParameter`] (lr, sizes),
/// [`Error::NonFinite`] (NaN features), [`Error::Dataset`] (empty data). A run that diverges
/// is not an error: it is recorded with `diverged = true` and no accuracy.
pub fn run(cfg: &RunConfig, train: &Dataset, test: &Dataset) -> Result<RunResult, Error> {
    if cfg.method == Method::Ltr {
        return super::ltr::run(cfg, train, test);
    }
    let start = Instant::now();
    let mut model = build(cfg, train, chosen_path())?;
    crate::kernels::check_input("test features", &test.features)?;
    let stored = model.stored();
    let (initial_loss, train_loss, mut diverged, steps) = train_model(&mut model, cfg, train)?;
    let mut test_accuracy = None;
    if !diverged {
        let w = model.weights()?;
        if w.iter().flatten().all(|v| v.is_finite()) {
            test_accuracy = Some(accuracy(&model, test)?);
        } else {
            diverged = true;
        }
    }
    Ok(RunResult {
        test_accuracy,
        train_loss,
        initial_loss,
        weights: stored.weights,
        biases: stored.biases,
        diverged,
        steps,
        wall_ms: start.elapsed().as_secs_f64() * 1e3,
    })
}

/// P1, the Pareto-continuity check (at c = 1 STABLE-RPS can represent the dense model exactly):
/// the RPS model of `config` (compression 1) starts from `M0[s(i)] = W0[i]·g(i)/λ`
/// for the dense init `W0` (later weights overwrite earlier ones where slots collide), and both
/// train `steps` SGD-momentum steps (lr 0.05, μ 0.9, batch 64) on the same batches. Returns
/// `max|W_rps − W_dense| / max|W_dense|` at the end.
///
/// # Errors
/// As [`run`]; [`Error::InvalidParameter`] when `config.size` is not compression 1.
pub fn trajectory_gap(
    config: Config,
    train: &Dataset,
    hidden: usize,
    steps: usize,
    seed: u64,
) -> Result<f64, Error> {
    if config.size != MemorySize::Compression(1.0) {
        return Err(Error::InvalidParameter {
            name: "size",
            reason: "the trajectory test runs at compression 1".into(),
        });
    }
    let path = chosen_path();
    let full = shapes(train.dim, hidden, train.classes);
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
    let scaler = GradScaler::new(&layout);
    let mut dense = Mlp::new(
        full.clone(),
        Params::Dense { w: w0, masks: None },
        b0.clone(),
        path,
    )?;
    let mut hashed = Mlp::new(
        full,
        Params::Hashed {
            layout,
            memory,
            scaler,
        },
        b0,
        path,
    )?;
    let opt = Optimizer::Momentum(0.9);
    let mut done = 0;
    let mut epoch = 0u64;
    while done < steps {
        let order = shuffled(train.len(), seed.wrapping_mul(1000).wrapping_add(epoch));
        for chunk in order.chunks(64) {
            if done == steps {
                break;
            }
            let (x, y) = gather(train, chunk);
            let gd = dense.gradients(&x, &y, chunk.len())?;
            dense.apply(&gd, &opt, 0.05)?;
            let gh = hashed.gradients(&x, &y, chunk.len())?;
            hashed.apply(&gh, &opt, 0.05)?;
            done += 1;
        }
        epoch += 1;
    }
    let (wd, wh) = (dense.weights()?, hashed.weights()?);
    if wd.iter().chain(&wh).flatten().any(|v| !v.is_finite()) {
        // A diverged run is an infinite gap (f64::max would silently skip NaN).
        return Ok(f64::INFINITY);
    }
    let scale = wd
        .iter()
        .flatten()
        .fold(0.0f64, |m, v| m.max(f64::from(v.abs())));
    let gap = wd
        .iter()
        .flatten()
        .zip(wh.iter().flatten())
        .fold(0.0f64, |m, (a, b)| m.max(f64::from((a - b).abs())));
    Ok(if gap.is_finite() {
        gap / scale
    } else {
        f64::INFINITY
    })
}

/// Whether a mapping is one of the RPS schemes (for reports).
pub fn is_rps(method: Method) -> bool {
    method.config(1.0, 0, 1.0).is_some_and(|c| {
        matches!(
            c.mapping,
            Mapping::Fold | Mapping::Roast { .. } | Mapping::HashedNet
        )
    })
}
