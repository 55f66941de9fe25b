//! The RPS family (`algobench-rps`): hashed-weight kernels against dense and
//! matrixmultiply, and the compression study of Desai and Shrivastava on scikit-learn's
//! digits (quick) and Fashion-MNIST (full): P1 trajectory, P2 stability, P3 accuracy against
//! stored scalars.

pub mod case;
pub mod claims;
pub mod data;
pub mod gpu;
pub mod kernel_timing;
mod outcome;
pub mod report;
pub mod theory;
pub mod training_study;

use std::collections::BTreeMap;

use rps::train::data::{Dataset, separate, split};
use rps::train::optim::Optimizer;
use rps::train::study::{self, MAX_EPOCHS, MAX_HIDDEN, Method, RunConfig};

use self::case::{RpsCase, Work};
use self::data::{DataError, load_digits, load_fashion_mnist};
use self::kernel_timing::Kernel;
use self::training_study::{Study, StudyWork, Tuning};
use crate::args::parse;
use crate::definitions::{Bench, DefinitionFile, Params, param_f64, param_u64};
use crate::family::{Case, Context, DatasetInfo, Family, PrepareError};
use crate::outln;
use crate::raw::Row;
use crate::report::claims::Claim;

/// The RPS family adapter.
pub struct Rps;

fn list(params: &Params, key: &str) -> Result<Vec<f64>, PrepareError> {
    let v = params
        .get(key)
        .ok_or_else(|| PrepareError::invalid(format!("parameter `{key}` is missing")))?;
    let arr = v
        .as_array()
        .ok_or_else(|| PrepareError::invalid(format!("`{key}` must be a list")))?;
    arr.iter()
        .map(|x| {
            x.as_float()
                .or_else(|| x.as_integer().map(|i| i as f64))
                .ok_or_else(|| PrepareError::invalid(format!("`{key}` holds a non-number")))
        })
        .collect()
}

const USAGE: &str = "usage: cargo suite rps-train --method NAME [--compression C] --seed S [--epochs E] [--hidden H] [--init-scale A] [--optimizer momentum|adam] [--lr LR]\n\
methods: dense, stable-rps, stable-rps-v4, stable-rps-v5, roast, hashednet, fold-noscaler, roast-scaler, small-width, random, magnitude, snip, synflow, grasp, ltr\n\
limits: 1 ≤ C ≤ 1e6 (not for dense, required otherwise); 1 ≤ E ≤ 10000 (default 60); 1 ≤ H ≤ 4096 (default 512);\n\
        1e-6 ≤ LR ≤ 10 (default 0.05 for SGD momentum 0.9, 1e-3 for Adam);\n\
        1e-8 ≤ A ≤ 1000 (default 0.04; only the hashed methods: stable-rps(-v4, -v5), roast, hashednet, fold-noscaler, roast-scaler)";

impl Family for Rps {
    fn name(&self) -> &'static str {
        "rps"
    }

    fn oracle(&self) -> &'static str {
        "dense"
    }

    fn implementations(&self) -> Vec<&'static str> {
        let mut v = kernel_timing::KERNELS.to_vec();
        v.extend(
            Method::ALL
                .iter()
                .map(|m| m.name())
                .filter(|n| *n != "dense"),
        );
        v
    }

    fn environment(&self) -> BTreeMap<String, String> {
        BTreeMap::from([(
            "kernel path".to_string(),
            rps::kernels::chosen_path().name().to_string(),
        )])
    }

    fn prepare(
        &self,
        bench: &Bench,
        params: &Params,
        context: &Context,
    ) -> Result<Box<dyn Case>, PrepareError> {
        let u = |k: &str| {
            param_u64(params, k)
                .map(|v| v as usize)
                .map_err(PrepareError::invalid)
        };
        // A benchmark without sizes at this profile (the largest shape and most of the
        // compression range run only in `--profile full`) is skipped, not failed.
        if ["hidden", "batch", "input"]
            .iter()
            .all(|k| !params.contains_key(*k))
        {
            return Err(PrepareError::Skip(
                "not part of this profile; it runs with `--profile full`".into(),
            ));
        }
        let (work, name) = match bench.dataset.as_str() {
            "random" if bench.group == "theory" => {
                let (i, o) = (u("input")?, u("output")?);
                let t = theory::Theory {
                    shape: (i, o),
                    compressions: list(params, "compressions")?,
                    seeds: u("seeds")? as u64,
                };
                (
                    Work::Theory(Box::new(t)),
                    format!(
                        "Gaussian random linear model, n = {i}·{o}, seeds 0-{}",
                        u("seeds")?.max(1) - 1
                    ),
                )
            }
            "random" => {
                let (b, i, o) = (u("batch")?, u("input")?, u("output")?);
                let c = param_f64(params, "compression", 1.0).map_err(PrepareError::invalid)?;
                let step = bench.group.contains("step");
                let k = Kernel::new(b, i, o, c, step).map_err(PrepareError::invalid)?;
                (
                    Work::Kernel(Box::new(k)),
                    format!("random (B, in, out) = ({b}, {i}, {o}), c = {c}, seeds 1-4"),
                )
            }
            "sklearn-digits" | "fashion-mnist" => {
                // The study's data: `data` (per size) overrides the bench's dataset, so the
                // full profile trains on Fashion-MNIST where quick keeps digits.
                let source = match params.get("data") {
                    None => bench.dataset.as_str(),
                    Some(v) => v
                        .as_str()
                        .ok_or_else(|| PrepareError::invalid("`data` must be a string"))?,
                };
                let (train, test, described) = match study_sets(source, params, context)? {
                    Ok(sets) => sets,
                    // Only an absent file is a skip; a file that is there but wrong fails
                    // every row of the benchmark, with the cause.
                    Err(why) => {
                        return Ok(Box::new(RpsCase {
                            work: Work::Unavailable(format!("{source}: {why}")),
                            info: DatasetInfo {
                                name: format!("{source} (failed to load)"),
                                sha256: String::new(),
                            },
                        }));
                    }
                };
                let hidden = u("hidden")?;
                let work = match bench.group.as_str() {
                    g if g.starts_with("p1-") => StudyWork::Trajectory { steps: u("steps")? },
                    g if g.starts_with("p2-") => StudyWork::Sweep {
                        compressions: list(params, "compressions")?,
                        scales: list(params, "scales")?,
                        seeds: u("seeds")? as u64,
                        epochs: u("epochs")?,
                    },
                    _ => StudyWork::Curve {
                        compression: param_f64(params, "compression", 1.0)
                            .map_err(PrepareError::invalid)?,
                        seeds: u("seeds")? as u64,
                        epochs: u("epochs")?,
                        tuning: tuning(params, train.len())?,
                    },
                };
                let (optimizer, lr) = study_optimizer(params)?;
                (
                    Work::Study(Box::new(Study::new(
                        train,
                        test,
                        hidden,
                        work,
                        (optimizer, lr),
                    ))),
                    format!(
                        "{described}, hidden {hidden}, {} lr {lr}",
                        optimizer_name(optimizer)
                    ),
                )
            }
            other => return Err(PrepareError::invalid(format!("unknown dataset `{other}`"))),
        };
        let sha256 = datasets::digest::sha256_hex(name.as_bytes());
        Ok(Box::new(RpsCase {
            work,
            info: DatasetInfo { name, sha256 },
        }))
    }

    fn claims(&self, definitions: &DefinitionFile, rows: &[Row]) -> Vec<Claim> {
        claims::claims(&defined_rows(definitions, rows))
    }

    fn report_extras(
        &self,
        _definitions: &DefinitionFile,
        rows: &[Row],
        reports: &std::path::Path,
    ) -> String {
        report::sections(rows, reports)
    }

    fn commands(&self) -> Vec<(&'static str, &'static str)> {
        vec![(
            "rps-train",
            "--method NAME [--compression C] --seed S [--epochs E] [--hidden H] [--init-scale A]\n\
             \x20                                [--optimizer momentum|adam] [--lr LR]\n\
             \x20                                train one configuration of the RPS study on sklearn-digits\n\
             \x20                                and print its result as a JSON line",
        )]
    }

    fn run_cli(&self, _command: &str, args: &[String]) -> Result<(), String> {
        let flags = parse(
            args,
            &[
                "--method",
                "--compression",
                "--seed",
                "--epochs",
                "--hidden",
                "--init-scale",
                "--optimizer",
                "--lr",
            ],
            USAGE,
        )?;
        if flags.help {
            outln!("{USAGE}");
            return Ok(());
        }
        let cfg = train_config(&flags)?;
        let cache = std::env::var_os("ALGOBENCH_DATA").map_or_else(
            || std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data-cache"),
            std::path::PathBuf::from,
        );
        let data = load_digits(&cache).map_err(|e| e.to_string())?;
        let (train, test) = split(&data, 1437).map_err(|e| e.to_string())?;
        let r = study::run(&cfg, &train, &test).map_err(|e| e.to_string())?;
        let hashed = cfg.method.config(1.0, 0, 1.0).is_some();
        let json = serde_json::json!({
            "method": cfg.method.name(),
            "compression": (cfg.method != Method::Dense).then_some(cfg.compression),
            "seed": cfg.seed, "epochs": cfg.epochs, "hidden": cfg.hidden,
            "init_scale": hashed.then_some(cfg.init_scale),
            "optimizer": optimizer_name(cfg.optimizer), "lr": cfg.lr,
            "test_accuracy": r.test_accuracy, "train_loss": r.train_loss, "initial_loss": r.initial_loss,
            "m": r.weights, "biases": r.biases, "stored_scalars": r.weights + r.biases,
            "diverged": r.diverged, "steps": r.steps, "wall_ms": r.wall_ms,
        });
        outln!("{json}");
        Ok(())
    }
}

/// The largest training subset a Fashion-MNIST study takes (the training file's size).
const FASHION_TRAIN: usize = 60_000;

/// The study's training and test sets from `source`, with a description, or the reason a
/// file that is there cannot be used (`Err` inside). An absent file is a skip naming
/// `cargo suite fetch`.
///
/// - `sklearn-digits`: the fixed split 1437/360 (SplitMix64(0)).
/// - `fashion-mnist`: `train` images drawn from the 60,000 of the training file and `test`
///   from the 10,000 of the test file (all of them when `test` is absent), each by a seeded
///   shuffle ([`rps::train::data::separate`], seed 0), standardised with the training
///   subset's statistics. The rate tuning's validation split is cut from the training subset,
///   never from the test file.
#[allow(clippy::type_complexity)]
fn study_sets(
    source: &str,
    params: &Params,
    context: &Context,
) -> Result<Result<(Dataset, Dataset, String), String>, PrepareError> {
    let loaded = match source {
        "sklearn-digits" => load_digits(&context.data_cache).map(|d| (d, None)),
        "fashion-mnist" => {
            load_fashion_mnist_cached(&context.data_cache).map(|(tr, te)| (tr, Some(te)))
        }
        other => return Err(PrepareError::invalid(format!("unknown dataset `{other}`"))),
    };
    let (data, test_file) = match loaded {
        Ok(d) => d,
        Err(DataError::Absent(why)) => return Err(PrepareError::Skip(why)),
        Err(DataError::Broken(why)) => return Ok(Err(why)),
    };
    let Some(test_file) = test_file else {
        let (train, test) = split(&data, 1437).map_err(PrepareError::invalid)?;
        return Ok(Ok((
            train,
            test,
            "sklearn-digits, split 1437/360 (SplitMix64(0))".into(),
        )));
    };
    let n = param_u64(params, "train").map_err(PrepareError::invalid)? as usize;
    if !(1..=FASHION_TRAIN.min(data.len())).contains(&n) {
        return Err(PrepareError::invalid(format!(
            "`train` must be between 1 and {} training images, got {n}",
            data.len()
        )));
    }
    let m = match params.get("test") {
        None => test_file.len(),
        Some(_) => param_u64(params, "test").map_err(PrepareError::invalid)? as usize,
    };
    let (train, test) = separate(&data, &test_file, n, m, 0).map_err(PrepareError::invalid)?;
    let described = format!(
        "fashion-mnist 28×28, {n} of the 60,000 training images and {} of the 10,000 test images (seeded subsets, SplitMix64(0)/(1))",
        test.len()
    );
    Ok(Ok((train, test, described)))
}

/// [`load_fashion_mnist`], decoded and checksummed once per process and cache directory (every
/// Fashion-MNIST benchmark of a run shares the 60,000 + 10,000 images).
fn load_fashion_mnist_cached(cache: &std::path::Path) -> Result<(Dataset, Dataset), DataError> {
    type Loaded = Option<(std::path::PathBuf, Result<(Dataset, Dataset), DataError>)>;
    static LOADED: std::sync::Mutex<Loaded> = std::sync::Mutex::new(None);
    let mut slot = LOADED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((path, loaded)) = slot.as_ref()
        && path == cache
    {
        return loaded.clone();
    }
    let loaded = load_fashion_mnist(cache);
    *slot = Some((cache.to_path_buf(), loaded.clone()));
    loaded
}

/// The optimizers of the study: SGD with momentum 0.9 (lr 0.05 by default) and Adam (β =
/// (0.9, 0.999), ε = 1e-8; lr 1e-3 by default, the authors' code's default).
fn optimizer_of(name: &str) -> Result<(Optimizer, f32), String> {
    match name {
        "momentum" => Ok((Optimizer::Momentum(0.9), 0.05)),
        "adam" => Ok((Optimizer::Adam(0.9, 0.999, 1e-8), 1e-3)),
        other => Err(format!("unknown optimizer `{other}` (momentum or adam)")),
    }
}

fn optimizer_name(o: Optimizer) -> &'static str {
    match o {
        Optimizer::Adam(..) => "adam",
        Optimizer::Momentum(_) => "sgd-momentum",
        Optimizer::Sgd => "sgd",
    }
}

/// A study benchmark's optimizer (`optimizer = "momentum" | "adam"`, default momentum) and
/// learning rate (`lr`, default the optimizer's).
fn study_optimizer(params: &Params) -> Result<(Optimizer, f32), PrepareError> {
    let name = match params.get("optimizer") {
        None => "momentum",
        Some(v) => v
            .as_str()
            .ok_or_else(|| PrepareError::invalid("`optimizer` must be a string"))?,
    };
    let (o, default) = optimizer_of(name).map_err(PrepareError::invalid)?;
    let lr = param_f64(params, "lr", f64::from(default)).map_err(PrepareError::invalid)?;
    if !(lr.is_finite() && lr > 0.0) {
        return Err(PrepareError::invalid(format!("`lr` must be > 0, got {lr}")));
    }
    Ok((o, lr as f32))
}

/// The rows of benchmarks the definitions still name: rows a raw file kept from a benchmark
/// since removed (an earlier compression grid, say) decide no claim.
fn defined_rows(definitions: &DefinitionFile, rows: &[Row]) -> Vec<Row> {
    rows.iter()
        .filter(|r| definitions.bench.iter().any(|b| b.name == r.benchmark))
        .cloned()
        .collect()
}

/// A study row's learning-rate tuning: `rates = [..]` (each finite and > 0) tried on a
/// validation split of `validation` training images (at least 1, fewer than the training
/// set). No `rates`: no tuning.
fn tuning(params: &Params, train: usize) -> Result<Option<Tuning>, PrepareError> {
    if !params.contains_key("rates") {
        return Ok(None);
    }
    let rates = list(params, "rates")?;
    if rates.is_empty()
        || rates
            .iter()
            .any(|r| !(r.is_finite() && *r > 0.0 && *r <= 10.0))
    {
        return Err(PrepareError::invalid(format!(
            "`rates` must be a non-empty list of rates in (0, 10], got {rates:?}"
        )));
    }
    let validation = param_u64(params, "validation").map_err(PrepareError::invalid)? as usize;
    if validation == 0 || validation >= train {
        return Err(PrepareError::invalid(format!(
            "`validation` must hold between 1 and {} of the {train} training images, got {validation}",
            train - 1
        )));
    }
    let widen = if params.contains_key("widen") {
        param_u64(params, "widen").map_err(PrepareError::invalid)? as usize
    } else {
        0
    };
    if widen > 4 {
        return Err(PrepareError::invalid(format!(
            "`widen` allows at most 4 rates past the grid's edge, got {widen}"
        )));
    }
    Ok(Some(Tuning {
        rates,
        validation,
        widen,
    }))
}

/// The largest compression `rps-train` takes (beyond it every method keeps a handful of
/// scalars; ROAST refuses earlier, when a tile no longer fits the memory).
const MAX_COMPRESSION: f64 = 1e6;

/// The `rps-train` settings from its flags, every size checked against its stated limit
/// before anything is allocated, and every flag checked to apply to the method: dense takes
/// no `--compression`, and only the hashed methods take `--init-scale`.
fn train_config(flags: &crate::args::Flags) -> Result<RunConfig, String> {
    let method = Method::from_name(
        flags
            .get("--method")
            .ok_or(format!("--method is required\n{USAGE}"))?,
    )
    .map_err(|e| e.to_string())?;
    if method == Method::Dense && flags.get("--compression").is_some() {
        return Err(
            "--compression does not apply to --method dense (it trains the full model)".into(),
        );
    }
    let c = match (
        method,
        flags.number_in::<f64>("--compression", 1.0, MAX_COMPRESSION)?,
    ) {
        (Method::Dense, _) => 1.0,
        (_, Some(c)) => c,
        (_, None) => return Err(format!("--compression is required\n{USAGE}")),
    };
    let seed = flags
        .number::<u64>("--seed")?
        .ok_or(format!("--seed is required\n{USAGE}"))?;
    let epochs = flags
        .number_in::<usize>("--epochs", 1, MAX_EPOCHS)?
        .unwrap_or(60);
    let mut cfg = RunConfig::protocol(method, c, seed, epochs);
    let (optimizer, lr) = optimizer_of(flags.get("--optimizer").unwrap_or("momentum"))?;
    cfg.optimizer = optimizer;
    cfg.lr = flags.number_in::<f32>("--lr", 1e-6, 10.0)?.unwrap_or(lr);
    cfg.hidden = flags
        .number_in::<usize>("--hidden", 1, MAX_HIDDEN)?
        .unwrap_or(512);
    if flags.get("--init-scale").is_some() && method.config(1.0, 0, 1.0).is_none() {
        return Err(format!(
            "--init-scale does not apply to --method {} (only the hashed methods draw a \
                 shared memory: stable-rps, stable-rps-v4, stable-rps-v5, roast, hashednet, \
                 fold-noscaler, roast-scaler)",
            method.name()
        ));
    }
    if let Some(a) = flags.number_in::<f32>("--init-scale", 1e-8, 1e3)? {
        cfg.init_scale = a;
    }
    Ok(cfg)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn train(args: &[&str]) -> Result<(), String> {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        Rps.run_cli("rps-train", &args)
    }

    #[test]
    fn a_study_row_records_its_one_run_as_one_sample_and_a_race_row_many() {
        use crate::definitions::Size;
        use crate::measure::Budget;
        use crate::runner::{self, RunOptions, Suite};
        let suite = Suite::load().unwrap();
        let run = |filter: &str| {
            let options = RunOptions {
                size: Size::Tiny,
                budget: Budget::QUICK,
                filter: Some(filter.into()),
                command: "test".into(),
            };
            runner::run(&suite, &options, &mut |_| {})
        };
        let study = run("rps/p1/trajectory");
        assert_eq!(study.len(), 2);
        for r in &study {
            assert!(r.error.is_none(), "{:?}", r.error);
            assert_eq!(r.samples_ns.len(), 1, "{}", r.implementation);
        }
        let race = run("rps/forward/256x1024x1024/c=16");
        assert!(!race.is_empty());
        for r in &race {
            assert!(
                r.samples_ns.len() >= Budget::QUICK.min_samples,
                "{}",
                r.implementation
            );
        }
    }

    #[test]
    fn a_dataset_that_is_there_but_wrong_fails_every_row_instead_of_skipping() {
        let mut case = RpsCase {
            work: Work::Unavailable("sklearn-digits: SHA-256 mismatch".into()),
            info: DatasetInfo {
                name: "x".into(),
                sha256: String::new(),
            },
        };
        match case.run("stable-rps") {
            Err(crate::family::RunError::Fail(m)) => assert!(m.contains("SHA-256"), "{m}"),
            Err(e) => panic!("not a failure: {e:?}"),
            Ok(_) => panic!("ran on a broken dataset"),
        }
    }

    #[test]
    fn rows_of_removed_benchmarks_decide_no_claim() {
        let defs = crate::definitions::parse(
            "family = \"rps\"\n[[group]]\nname = \"p3-accuracy\"\nkind = \"study\"\n\n\
             [[bench]]\nname = \"p3/c=32\"\ngroup = \"p3-accuracy\"\ndataset = \"sklearn-digits\"\n\
             impls = [\"stable-rps\", \"small-width\"]\nexpected = { tiny = \"x\", quick = \"x\" }\n",
            std::path::Path::new("rps.toml"),
        )
        .unwrap();
        let row = |bench: &str, imp: &str, accs: [&str; 3]| {
            let mut r = Row::blank("rps", bench, "p3-accuracy", imp);
            r.answer = Some("x".into());
            for (i, a) in accs.iter().enumerate() {
                r.notes.insert(format!("seed {i}"), (*a).to_string());
            }
            r
        };
        // A stale benchmark where STABLE-RPS loses, a defined one where it wins.
        let rows = vec![
            row("p3/c=16", "stable-rps", ["0.50", "0.51", "0.52"]),
            row("p3/c=16", "small-width", ["0.90", "0.91", "0.92"]),
            row("p3/c=32", "stable-rps", ["0.90", "0.91", "0.92"]),
            row("p3/c=32", "small-width", ["0.80", "0.82", "0.81"]),
        ];
        let kept = defined_rows(&defs, &rows);
        assert_eq!(kept.len(), 2);
        let claims = Rps.claims(&defs, &rows);
        assert!(
            !claims[2].measured.contains("c = 16"),
            "{}",
            claims[2].measured
        );
        assert_eq!(claims[2].verdict, crate::report::claims::Verdict::Holds);
    }

    /// A grid benchmark as the definitions write it: Fashion-MNIST at full, digits below.
    fn fashion_bench() -> crate::definitions::DefinitionFile {
        crate::definitions::parse(
            "family = \"rps\"\n[[group]]\nname = \"p3-accuracy\"\nkind = \"study\"\n\n\
             [[bench]]\nname = \"p3/c=32\"\ngroup = \"p3-accuracy\"\ndataset = \"fashion-mnist\"\n\
             params = { hidden = 8, epochs = 1, seeds = 1, compression = 4, train = { full = 300 }, test = 200, \
             data = { tiny = \"sklearn-digits\" } }\n\
             impls = [\"stable-rps\"]\nexpected = { tiny = \"x\", full = \"x\" }\n",
            std::path::Path::new("rps.toml"),
        )
        .unwrap()
    }

    fn prepare_at(
        size: crate::definitions::Size,
        cache: &str,
    ) -> Result<Box<dyn Case>, PrepareError> {
        let defs = fashion_bench();
        let bench = &defs.bench[0];
        let context = Context {
            data_cache: std::path::PathBuf::from(cache),
            workspace: std::path::PathBuf::from("."),
        };
        Rps.prepare(bench, &bench.params_at(size).unwrap(), &context)
    }

    #[test]
    fn without_the_data_cache_a_fashion_mnist_study_is_a_skip_naming_the_fetch_command() {
        use crate::definitions::Size;
        match prepare_at(Size::Full, "/nonexistent-data-cache") {
            Err(PrepareError::Skip(why)) => assert!(why.contains("cargo suite fetch"), "{why}"),
            Err(e) => panic!("not a skip: {e:?}"),
            Ok(_) => panic!("prepared without data"),
        }
        // The tiny size of the same benchmark trains on the committed digits sample.
        let case = prepare_at(Size::Tiny, "/nonexistent-data-cache").unwrap();
        assert!(
            case.dataset().name.starts_with("sklearn-digits"),
            "{}",
            case.dataset().name
        );
    }

    #[test]
    fn with_the_data_cache_a_fashion_mnist_study_draws_its_stated_subsets() {
        use crate::definitions::Size;
        let cache = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data-cache");
        let case = match prepare_at(Size::Full, cache.to_str().unwrap()) {
            Err(PrepareError::Skip(why)) => {
                println!("SKIPPED: Fashion-MNIST not fetched ({why})");
                return;
            }
            other => other.unwrap(),
        };
        let name = &case.dataset().name;
        assert!(
            name.contains("300 of the 60,000") && name.contains("200 of the 10,000"),
            "{name}"
        );
    }

    #[test]
    fn rps_train_refuses_a_compression_for_dense() {
        let err =
            train(&["--method", "dense", "--compression", "1e308", "--seed", "0"]).unwrap_err();
        assert!(err.contains("--compression does not apply"), "{err}");
        let err = train(&["--method", "dense", "--compression", "4", "--seed", "0"]).unwrap_err();
        assert!(err.contains("--compression does not apply"), "{err}");
    }

    #[test]
    fn rps_train_refuses_an_init_scale_for_methods_without_shared_memory() {
        for m in [
            "dense",
            "small-width",
            "magnitude",
            "snip",
            "synflow",
            "grasp",
            "random",
        ] {
            let mut args = vec!["--method", m, "--seed", "0", "--init-scale", "0.5"];
            if m != "dense" {
                args.extend(["--compression", "4"]);
            }
            let err = train(&args).unwrap_err();
            assert!(err.contains("--init-scale does not apply"), "{m}: {err}");
        }
    }

    #[test]
    fn rps_train_refuses_a_hidden_width_that_would_overflow() {
        let err = train(&[
            "--method",
            "stable-rps",
            "--compression",
            "4",
            "--seed",
            "0",
            "--hidden",
            "18446744073709551615",
        ])
        .unwrap_err();
        assert!(err.contains("--hidden") && err.contains("4096"), "{err}");
    }

    #[test]
    fn rps_train_refuses_a_hidden_width_beyond_its_stated_limit_before_allocating() {
        let err = train(&["--method", "dense", "--seed", "0", "--hidden", "100000"]).unwrap_err();
        assert!(err.contains("--hidden") && err.contains("4096"), "{err}");
        assert!(USAGE.contains(&format!("H ≤ {MAX_HIDDEN}")), "{USAGE}");
        assert!(USAGE.contains(&format!("E ≤ {MAX_EPOCHS}")), "{USAGE}");
    }

    #[test]
    fn rps_train_refuses_an_unknown_optimizer_and_a_learning_rate_out_of_range() {
        let base = [
            "--method",
            "stable-rps",
            "--compression",
            "4",
            "--seed",
            "0",
        ];
        let mut args = base.to_vec();
        args.extend(["--optimizer", "rmsprop"]);
        assert!(train(&args).unwrap_err().contains("unknown optimizer"));
        for lr in ["0", "-1", "NaN", "100"] {
            let mut args = base.to_vec();
            args.extend(["--optimizer", "adam", "--lr", lr]);
            assert!(train(&args).unwrap_err().contains("--lr"), "{lr}");
        }
    }

    #[test]
    fn rps_train_refuses_out_of_range_numbers() {
        for (flag, v) in [
            ("--compression", "0.5"),
            ("--compression", "1e308"),
            ("--compression", "NaN"),
            ("--epochs", "0"),
            ("--init-scale", "0"),
            ("--init-scale", "inf"),
        ] {
            let mut args = vec!["--method", "roast", "--seed", "0", flag, v];
            if flag != "--compression" {
                args.extend(["--compression", "4"]);
            }
            let err = train(&args).unwrap_err();
            assert!(err.contains(flag), "{flag} {v}: {err}");
        }
    }
}
