//! Lottery-ticket rewinding (LTR): train the dense model, prune the smallest-magnitude weights
//! (global top-k), rewind the survivors to their values at an early checkpoint, and retrain;
//! repeated so that each round prunes by at most 4× until `m = ⌈N/c⌉` weights remain.
//!
//! Frankle, Dziugaite, Roy and Carbin, "Linear mode connectivity and the lottery ticket
//! hypothesis" (ICML 2020) rewind to an early iteration rather than to init; Renda, Frankle and
//! Carbin (ICLR 2020) compare rewinding schedules. Desai and Shrivastava (ICLR 2024) call LTR
//! the "highly informed" baseline: it sees a fully trained model before choosing its mask, and
//! costs one training per round.
//!
//! Here the checkpoint is the end of the first epoch (at init when the run has one epoch), and
//! each retraining replays epochs `1..E` of the same schedule (learning-rate steps and batch
//! orders) with a fresh optimizer state.
//!
//! ```
//! use rps::train::ltr::rounds;
//! assert_eq!((rounds(1.0), rounds(4.0), rounds(16.0), rounds(1000.0)), (1, 1, 2, 5));
//! ```

use std::time::Instant;

use super::data::Dataset;
use super::mlp::{Mlp, Params};
use super::prune;
use super::study::{Method, RunConfig, RunResult, accuracy, build, is_diverged, train_epochs};
use crate::error::{Error, check_len};
use crate::kernels::{Path, chosen_path};

/// The weights and biases of a model at the rewind point.
#[derive(Debug, Clone, PartialEq)]
pub struct Checkpoint {
    /// Dense weights per layer.
    pub weights: Vec<Vec<f32>>,
    /// Biases per layer.
    pub biases: Vec<Vec<f32>>,
}

impl Checkpoint {
    /// A copy of `model`'s parameters.
    ///
    /// # Errors
    /// Kernel errors (none for a valid model).
    pub fn of(model: &Mlp) -> Result<Checkpoint, Error> {
        Ok(Checkpoint {
            weights: model.weights()?,
            biases: model.biases.clone(),
        })
    }
}

/// The model rewound to `checkpoint` under `masks`: every kept weight takes exactly its
/// checkpoint value, every pruned one is 0 and stays 0, the biases are the checkpoint's, and
/// the optimizer state is fresh.
///
/// # Errors
/// [`Error::ShapeMismatch`] when the masks do not match the checkpoint's layers.
pub fn rewind(
    checkpoint: &Checkpoint,
    shapes: &[(usize, usize)],
    masks: Vec<Vec<f32>>,
    path: Path,
) -> Result<Mlp, Error> {
    check_len("masks", checkpoint.weights.len(), masks.len())?;
    let mut w = Vec::with_capacity(masks.len());
    for (cw, m) in checkpoint.weights.iter().zip(&masks) {
        check_len("mask length", cw.len(), m.len())?;
        w.push(
            cw.iter()
                .zip(m)
                .map(|(&v, &k)| if k != 0.0 { v } else { 0.0 })
                .collect(),
        );
    }
    Mlp::new(
        shapes.to_vec(),
        Params::Dense {
            w,
            masks: Some(masks),
        },
        checkpoint.biases.clone(),
        path,
    )
}

/// Pruning rounds for compression `c`: each round removes at most 3/4 of the survivors.
pub fn rounds(c: f64) -> usize {
    ((c.ln() / 4f64.ln()) - 1e-9).ceil().max(1.0) as usize
}

/// One LTR run of `cfg` (its method is ignored; its compression sets the final mask).
///
/// # Errors
/// Invalid settings (as [`super::study::run`]), kernel errors.
pub fn run(cfg: &RunConfig, train: &Dataset, test: &Dataset) -> Result<RunResult, Error> {
    let start = Instant::now();
    let path = chosen_path();
    let dense = RunConfig {
        method: Method::Dense,
        ..*cfg
    };
    let mut model = build(&dense, train, path)?;
    crate::kernels::check_input("test features", &test.features)?;
    let shapes = model.shapes.clone();
    let rewind_at = usize::from(cfg.epochs > 1);
    let (initial, _, mut steps) = train_epochs(&mut model, cfg, train, 0..rewind_at)?;
    let checkpoint = Checkpoint::of(&model)?;
    let (first, mut last, s) = train_epochs(&mut model, cfg, train, rewind_at..cfg.epochs)?;
    let initial = if initial.is_nan() { first } else { initial };
    steps += s;
    let n: usize = shapes.iter().map(|&(i, o)| i * o).sum();
    let r = rounds(cfg.compression);
    for round in 1..=r {
        if last.is_none() {
            break;
        }
        let keep = ((n as f64 / cfg.compression.powf(round as f64 / r as f64)).ceil() as usize)
            .clamp(1, n);
        let masks = prune::top_k(&prune::magnitude_scores(&model.weights()?), keep);
        model = rewind(&checkpoint, &shapes, masks, path)?;
        let (_, l, s) = train_epochs(&mut model, cfg, train, rewind_at..cfg.epochs)?;
        (last, steps) = (l, steps + s);
    }
    let stored = model.stored();
    let mut diverged = is_diverged(initial, last, train.classes);
    let mut test_accuracy = None;
    if !diverged {
        if model.weights()?.iter().flatten().all(|v| v.is_finite()) {
            test_accuracy = Some(accuracy(&model, test)?);
        } else {
            diverged = true;
        }
    }
    Ok(RunResult {
        test_accuracy,
        train_loss: last,
        initial_loss: initial,
        weights: stored.weights,
        biases: stored.biases,
        diverged,
        steps,
        wall_ms: start.elapsed().as_secs_f64() * 1e3,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::train::data::{parse_digits, split};

    fn data() -> (Dataset, Dataset) {
        let mut text = String::new();
        let mut s = 3u64;
        for i in 0..300 {
            let label = i % 10;
            let row: Vec<String> = (0..64)
                .map(|f| {
                    (crate::hash::splitmix64(&mut s) % 5 + if f % 10 == label { 10 } else { 0 })
                        .to_string()
                })
                .collect();
            text += &format!("{},{label}\n", row.join(","));
        }
        split(&parse_digits(&text).unwrap(), 240).unwrap()
    }

    #[test]
    fn rewind_restores_the_exact_checkpoint_weights() {
        let (train, _) = data();
        let cfg = RunConfig {
            hidden: 16,
            ..RunConfig::protocol(Method::Dense, 1.0, 5, 4)
        };
        let path = chosen_path();
        let mut model = build(&cfg, &train, path).unwrap();
        train_epochs(&mut model, &cfg, &train, 0..1).unwrap();
        let checkpoint = Checkpoint::of(&model).unwrap();
        // The checkpoint is the epoch-1 model: an independent run to epoch 1 gives it bit for bit.
        let mut again = build(&cfg, &train, path).unwrap();
        train_epochs(&mut again, &cfg, &train, 0..1).unwrap();
        assert_eq!(Checkpoint::of(&again).unwrap(), checkpoint);
        // Training on moves the weights away from it.
        train_epochs(&mut model, &cfg, &train, 1..4).unwrap();
        let trained = model.weights().unwrap();
        assert_ne!(trained, checkpoint.weights);
        let n: usize = trained.iter().map(Vec::len).sum();
        let masks = prune::top_k(&prune::magnitude_scores(&trained), n / 4);
        let rewound = rewind(&checkpoint, &model.shapes, masks.clone(), path).unwrap();
        let w = rewound.weights().unwrap();
        for ((wl, cl), ml) in w.iter().zip(&checkpoint.weights).zip(&masks) {
            for ((&a, &c), &m) in wl.iter().zip(cl).zip(ml) {
                let want = if m == 1.0 { c } else { 0.0 };
                assert_eq!(a.to_bits(), want.to_bits());
            }
        }
        assert_eq!(rewound.biases, checkpoint.biases);
        assert_eq!(rewound.stored().weights, n / 4);
    }

    #[test]
    fn ltr_reaches_the_requested_memory_and_trains() {
        let (train, test) = data();
        let cfg = RunConfig {
            hidden: 16,
            ..RunConfig::protocol(Method::Ltr, 4.0, 1, 20)
        };
        let r = run(&cfg, &train, &test).unwrap();
        let n: usize = 64 * 16 + 16 * 16 + 16 * 10;
        assert_eq!(r.weights, n.div_ceil(4));
        assert!(!r.diverged);
        assert!(r.test_accuracy.is_some_and(|a| a > 0.2), "{r:?}");
        let bad = RunConfig {
            hidden: usize::MAX,
            ..cfg
        };
        assert!(run(&bad, &train, &test).is_err());
    }
}
