//! The RPS family (`algobench-rps`): hashed-weight kernels against dense and
//! matrixmultiply, and the compression study of Desai and Shrivastava on scikit-learn's
//! digits (P1 trajectory, P2 stability, P3 accuracy against stored scalars).

pub mod case;
pub mod gpu;
pub mod report;

use std::collections::BTreeMap;

use rps::train::data::{load_digits, split};
use rps::train::study::{self, Method, RunConfig};

use self::case::{Kernel, RpsCase, Study, StudyWork, Work};
use crate::args::parse;
use crate::definitions::{Bench, DefinitionFile, Params, param_f64, param_u64};
use crate::family::{Case, Context, DatasetInfo, Family, PrepareError};
use crate::raw::Row;

/// The RPS family adapter.
pub struct Rps;

fn invalid(e: impl std::fmt::Display) -> PrepareError {
    PrepareError::Invalid(e.to_string())
}

fn list(params: &Params, key: &str) -> Result<Vec<f64>, PrepareError> {
    let v = params
        .get(key)
        .ok_or_else(|| invalid(format!("parameter `{key}` is missing")))?;
    let arr = v
        .as_array()
        .ok_or_else(|| invalid(format!("`{key}` must be a list")))?;
    arr.iter()
        .map(|x| {
            x.as_float()
                .or_else(|| x.as_integer().map(|i| i as f64))
                .ok_or_else(|| invalid(format!("`{key}` holds a non-number")))
        })
        .collect()
}

const USAGE: &str = "usage: cargo suite rps-train --method NAME --compression C --seed S [--epochs E] [--hidden H] [--init-scale A]\n\
methods: dense, stable-rps, roast, hashednet, fold-noscaler, roast-scaler, small-width, random, magnitude, snip, synflow";

impl Family for Rps {
    fn name(&self) -> &'static str {
        "rps"
    }

    fn oracle(&self) -> &'static str {
        "dense"
    }

    fn implementations(&self) -> Vec<&'static str> {
        let mut v = case::KERNELS.to_vec();
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
        let u = |k: &str| param_u64(params, k).map(|v| v as usize).map_err(invalid);
        // A benchmark without sizes at this profile (the largest shape and most of the
        // compression range run only in `--profile full`) is skipped, not failed.
        if !params.contains_key("hidden") && !params.contains_key("batch") {
            return Err(PrepareError::Skip(
                "not part of this profile; it runs with `--profile full`".into(),
            ));
        }
        let (work, name) = match bench.dataset.as_str() {
            "random" => {
                let (b, i, o) = (u("batch")?, u("input")?, u("output")?);
                let c = param_f64(params, "compression", 1.0).map_err(invalid)?;
                let step = bench.group.contains("step");
                let k = Kernel::new(b, i, o, c, step).map_err(invalid)?;
                (
                    Work::Kernel(Box::new(k)),
                    format!("random (B, in, out) = ({b}, {i}, {o}), c = {c}, seeds 1-4"),
                )
            }
            "sklearn-digits" => {
                let data = load_digits(&context.data_cache)
                    .map_err(|e| PrepareError::Skip(e.to_string()))?;
                let (train, test) = split(&data, 1437).map_err(invalid)?;
                let hidden = u("hidden")?;
                let work = match bench.group.as_str() {
                    "p1-trajectory" => StudyWork::Trajectory { steps: u("steps")? },
                    "p2-stability" => StudyWork::Sweep {
                        compressions: list(params, "compressions")?,
                        scales: list(params, "scales")?,
                        seeds: u("seeds")? as u64,
                        epochs: u("epochs")?,
                    },
                    _ => StudyWork::Curve {
                        compression: param_f64(params, "compression", 1.0).map_err(invalid)?,
                        seeds: u("seeds")? as u64,
                        epochs: u("epochs")?,
                    },
                };
                (
                    Work::Study(Box::new(Study::new(train, test, hidden, work))),
                    format!("sklearn-digits, split 1437/360 (SplitMix64(0)), hidden {hidden}"),
                )
            }
            other => return Err(invalid(format!("unknown dataset `{other}`"))),
        };
        let sha256 = datasets::digest::sha256_hex(name.as_bytes());
        Ok(Box::new(RpsCase {
            work,
            info: DatasetInfo { name, sha256 },
        }))
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
            "--method NAME --compression C --seed S [--epochs E] [--hidden H] [--init-scale A]\n\
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
            ],
            USAGE,
        )?;
        if flags.help {
            println!("{USAGE}");
            return Ok(());
        }
        let method = Method::from_name(
            flags
                .get("--method")
                .ok_or(format!("--method is required\n{USAGE}"))?,
        )
        .map_err(|e| e.to_string())?;
        let c = flags
            .number::<f64>("--compression")?
            .ok_or(format!("--compression is required\n{USAGE}"))?;
        let seed = flags
            .number::<u64>("--seed")?
            .ok_or(format!("--seed is required\n{USAGE}"))?;
        let mut cfg = RunConfig::protocol(
            method,
            c,
            seed,
            flags.number::<usize>("--epochs")?.unwrap_or(60),
        );
        cfg.hidden = flags.number::<usize>("--hidden")?.unwrap_or(512);
        cfg.init_scale = flags.number::<f32>("--init-scale")?.unwrap_or(0.04);
        let cache = std::env::var_os("ALGOBENCH_DATA").map_or_else(
            || std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data-cache"),
            std::path::PathBuf::from,
        );
        let data = load_digits(&cache).map_err(|e| e.to_string())?;
        let (train, test) = split(&data, 1437).map_err(|e| e.to_string())?;
        let r = study::run(&cfg, &train, &test).map_err(|e| e.to_string())?;
        let json = serde_json::json!({
            "method": method.name(), "compression": c, "seed": seed, "epochs": cfg.epochs,
            "hidden": cfg.hidden, "init_scale": cfg.init_scale,
            "test_accuracy": r.test_accuracy, "train_loss": r.train_loss, "initial_loss": r.initial_loss,
            "m": r.weights, "biases": r.biases, "stored_scalars": r.weights + r.biases,
            "diverged": r.diverged, "steps": r.steps, "wall_ms": r.wall_ms,
        });
        println!("{json}");
        Ok(())
    }
}
