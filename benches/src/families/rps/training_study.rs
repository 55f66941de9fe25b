//! The training studies (scikit-learn's digits in the quick profile, Fashion-MNIST in the full one): the accuracy-against-compression rows (P3),
//! the trajectory test (P1) and the stability sweep (P2), each a set of deterministic runs
//! whose outcomes (not times) are checked.

use std::collections::BTreeMap;

use rps::train::data::{Dataset, split};
use rps::train::optim::Optimizer;
use rps::train::study::{self, Method, RunConfig};

use super::outcome::Outcome;
use crate::family::{Output, RunError};

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
        /// The learning rates tried on the validation split ([`Tuning`]); none: the
        /// optimizer's one rate.
        tuning: Option<Tuning>,
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

/// Learning-rate tuning on a validation split of the training set (never on the test set):
/// each rate trains once (seed 0) on the training set minus its last `validation` shuffled
/// images and is scored by its final accuracy on those images; the best rate (the first of
/// equals, a diverged run scoring below any finite one) is then used for every seed's run on
/// the whole training set, scored on the test set.
#[derive(Debug, Clone, PartialEq)]
pub struct Tuning {
    /// The rates tried.
    pub rates: Vec<f64>,
    /// Training images held out as the validation split.
    pub validation: usize,
    /// How many rates beyond the grid's edge may be tried, per side: while the best rate is
    /// the smallest or the largest tried and strictly beats its neighbour, the next rate out
    /// (by the factor between the two outermost rates on that side, within (0, 10]) is tried
    /// too. A tie, such as every rate at chance, is no evidence of a better rate beyond.
    pub widen: usize,
}

/// The chosen rate and each tried rate's validation outcome (`None`: diverged), in order.
type Tuned = (f32, Vec<(f64, Option<f64>)>);

/// Runs [`Tuning`] for `base` (its `lr` is replaced by each rate; its seed by 0).
fn tune(tuning: &Tuning, base: RunConfig, train: &Dataset) -> Result<(Tuned, f64), rps::Error> {
    let (fit, validation) = split(train, train.len().saturating_sub(tuning.validation))?;
    let results = par_map(tuning.rates.len(), |j| {
        let cfg = RunConfig {
            lr: tuning.rates[j] as f32,
            seed: 0,
            ..base
        };
        study::run(&cfg, &fit, &validation)
    });
    let (mut best, mut best_score, mut ms) = (base.lr, f64::NEG_INFINITY, 0.0);
    let mut tried = Vec::new();
    let mut keep = |rate: f64, r: study::RunResult, tried: &mut Vec<(f64, Option<f64>)>| {
        ms += r.wall_ms;
        let score = r.test_accuracy.filter(|_| !r.diverged);
        if score.unwrap_or(f64::NEG_INFINITY) > best_score || tried.is_empty() {
            best_score = score.unwrap_or(f64::NEG_INFINITY);
            best = rate as f32;
        }
        tried.push((rate, score));
    };
    for (&rate, r) in tuning.rates.iter().zip(results) {
        keep(rate, r?, &mut tried);
    }
    for _ in 0..tuning.widen {
        let Some(rate) = beyond_the_edge(&tried) else {
            break;
        };
        let cfg = RunConfig {
            lr: rate as f32,
            seed: 0,
            ..base
        };
        keep(rate, study::run(&cfg, &fit, &validation)?, &mut tried);
    }
    Ok(((best, tried), ms))
}

/// The next rate to try when the best of `tried` sits on the edge of the rates tried and
/// strictly beats its neighbour there; `None` otherwise.
fn beyond_the_edge(tried: &[(f64, Option<f64>)]) -> Option<f64> {
    let mut sorted: Vec<(f64, f64)> = tried
        .iter()
        .map(|&(r, s)| (r, s.unwrap_or(f64::NEG_INFINITY)))
        .collect();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    if sorted.len() < 2 {
        return None;
    }
    let top = sorted.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    let n = sorted.len();
    let (lo, lo2, hi, hi2) = (sorted[0], sorted[1], sorted[n - 1], sorted[n - 2]);
    let next = if hi.1 == top && hi.1 > hi2.1 {
        hi.0 * (hi.0 / hi2.0)
    } else if lo.1 == top && lo.1 > lo2.1 {
        lo.0 / (lo2.0 / lo.0)
    } else {
        return None;
    };
    (next.is_finite() && next > 0.0 && next <= 10.0).then_some(next)
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

/// The note that says what a study row's one time sample is.
const TIMING_NOTE: &str = "one sample: the sum of the runs' own training times, each run \
                           single-threaded (independent runs execute side by side); a study \
                           is not a race and is never ranked by time";

/// A study run's error as the suite's: a layout that cannot exist at this size (ROAST's tile
/// holds more scalars than the whole memory at small width and high compression) makes the
/// method not applicable there, a skip that names the reason; any other error fails the row.
fn run_error(e: rps::Error) -> RunError {
    match e {
        rps::Error::TileLargerThanMemory { .. } => {
            RunError::Skip(format!("not applicable at this size: {e}"))
        }
        _ => RunError::Fail(e.to_string()),
    }
}

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

    pub(super) fn run(&mut self, name: &str) -> Result<Outcome, RunError> {
        let method = Method::from_name(name).map_err(|e| RunError::Skip(e.to_string()))?;
        let fail = run_error;
        let (mut quality, mut notes) = (BTreeMap::new(), BTreeMap::new());
        let mut train_ms = 0.0;
        let answer = match &self.work {
            StudyWork::Curve {
                compression,
                seeds,
                epochs,
                tuning,
            } => {
                let (mut accs, mut diverged, mut stored, mut weights) = (Vec::new(), 0, 0, 0);
                let (train, test, hidden) = (&self.train, &self.test, self.hidden);
                let (optimizer, mut lr) = self.optimizer;
                if let Some(tuning) = tuning {
                    let base = RunConfig {
                        hidden,
                        optimizer,
                        lr,
                        ..RunConfig::protocol(method, *compression, 0, *epochs)
                    };
                    let ((chosen, tried), ms) = tune(tuning, base, train).map_err(fail)?;
                    train_ms += ms;
                    lr = chosen;
                    quality.insert("lr".into(), f64::from(chosen));
                    notes.insert("lr".into(), format!("{chosen:e}"));
                    let list: Vec<String> = tried
                        .iter()
                        .map(|(rate, score)| match score {
                            Some(a) => format!("{rate:e}: {a:.4}"),
                            None => format!("{rate:e}: {DIVERGED}"),
                        })
                        .collect();
                    notes.insert(
                        "lr tuning (validation accuracy, seed 0)".into(),
                        list.join(", "),
                    );
                }
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
pub(super) fn check_study(output: &dyn Output, want: &str) -> Result<(), String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// 400 samples of 8 features, class k when feature k is the largest (separable).
    fn toy() -> Dataset {
        let mut s = 5u64;
        let (mut features, mut labels) = (Vec::new(), Vec::new());
        for _ in 0..400 {
            let x: Vec<f32> = (0..8)
                .map(|_| (rps::hash::splitmix64(&mut s) >> 40) as f32 / (1u64 << 24) as f32)
                .collect();
            let k = (0..8).max_by(|&a, &b| x[a].total_cmp(&x[b])).unwrap();
            features.extend(x);
            labels.push(k as u8);
        }
        Dataset {
            features,
            labels,
            dim: 8,
            classes: 8,
        }
    }

    /// A small dense net for the toy data: 8 epochs, batch 16, seed 3.
    fn toy_config() -> RunConfig {
        RunConfig {
            hidden: 16,
            batch: 16,
            ..RunConfig::protocol(Method::Dense, 1.0, 3, 8)
        }
    }

    #[test]
    fn tuning_scores_every_rate_on_the_validation_split_and_keeps_the_best() {
        let base = toy_config();
        let tuning = Tuning {
            rates: vec![1e-7, 0.05],
            validation: 100,
            widen: 0,
        };
        let ((chosen, tried), ms) = tune(&tuning, base, &toy()).unwrap();
        assert_eq!(tried.len(), 2);
        let (slow, fast) = (tried[0].1.unwrap(), tried[1].1.unwrap());
        // A rate of 1e-7 barely moves the weights; 0.05 learns the toy task.
        assert!(fast > slow + 0.2, "{tried:?}");
        assert_eq!(chosen, 0.05);
        assert!(ms > 0.0);
        // Reversed data: the better rate wins wherever it sits in the list.
        let rev = Tuning {
            rates: vec![0.05, 1e-7],
            validation: 100,
            widen: 0,
        };
        assert_eq!(tune(&rev, base, &toy()).unwrap().0.0, 0.05);
        // A validation split as large as the training set is a typed error, not a panic.
        let all = Tuning {
            rates: vec![0.05],
            validation: 400,
            widen: 0,
        };
        assert!(tune(&all, base, &toy()).is_err());
    }

    #[test]
    fn a_roast_tile_larger_than_the_memory_is_a_skip_and_other_methods_still_run() {
        // 8-16-16-8 on the toy data: 512 compressible weights, so c = 100 leaves 6 slots,
        // fewer than ROAST's 256-scalar tile; c = 1 leaves 512, which the tile fits.
        let study = |c: f64| {
            let work = StudyWork::Curve {
                compression: c,
                seeds: 1,
                epochs: 1,
                tuning: None,
            };
            Study::new(toy(), toy(), 16, work, (Optimizer::Momentum(0.9), 0.05))
        };
        match study(100.0).run("roast") {
            Err(RunError::Skip(why)) => {
                assert!(
                    why.contains("not applicable") && why.contains("256"),
                    "{why}"
                );
            }
            Err(e) => panic!("not a skip: {e:?}"),
            Ok(o) => panic!("ran: {}", o.answer()),
        }
        assert!(study(100.0).run("stable-rps").is_ok());
        assert!(study(1.0).run("roast").is_ok());
    }

    #[test]
    fn the_grid_widens_only_past_an_edge_that_strictly_wins() {
        let at = |pairs: &[(f64, Option<f64>)]| beyond_the_edge(pairs);
        // Best at the top, better than its neighbour: one step further by the top ratio.
        let up = at(&[(0.1, Some(0.5)), (0.3, Some(0.6)), (1.0, Some(0.7))]).unwrap();
        assert!((up - 1.0 * (1.0 / 0.3)).abs() < 1e-12, "{up}");
        // Best at the bottom: one step down.
        let down = at(&[(0.1, Some(0.8)), (0.3, Some(0.6)), (1.0, None)]).unwrap();
        assert!((down - 0.1 / 3.0).abs() < 1e-12, "{down}");
        // Best inside, a tie at the edge (all at chance), or a step past 10: no widening.
        assert_eq!(
            at(&[(0.1, Some(0.5)), (0.3, Some(0.9)), (1.0, Some(0.7))]),
            None
        );
        assert_eq!(
            at(&[(0.1, Some(0.1)), (0.3, Some(0.1)), (1.0, Some(0.1))]),
            None
        );
        assert_eq!(at(&[(3.0, Some(0.5)), (9.0, Some(0.6))]), None);
        assert_eq!(at(&[(1.0, Some(0.5))]), None);
        // In a real tuning the widened rate is tried and recorded.
        let base = toy_config();
        let tuning = Tuning {
            rates: vec![5e-4, 0.05],
            validation: 100,
            widen: 1,
        };
        let ((_, tried), _) = tune(&tuning, base, &toy()).unwrap();
        assert_eq!(tried.len(), 3, "{tried:?}");
        assert!((tried[2].0 - 5.0).abs() < 1e-9, "{tried:?}");
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
