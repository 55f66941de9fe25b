//! The sensitivity-sampling family (`algobench-sensitivity-sampling`): Lewis weights
//! (against a numpy peer), exact ℓp sensitivities, distortion estimation against the exact
//! value, the ε̂-against-rows sweep of the report, and the sample-size scaling study
//! (`study.rs`: bisection on the budget, fitted exponents, the paired test against uniform).

pub mod case;
pub mod claims;
pub mod cli;
pub mod data;
pub mod paired;
pub mod peers;
pub mod report;
pub mod scaling;
pub mod study;
pub mod sweep;
#[cfg(test)]
mod tests;

use sensitivity_sampling::{Method, RowSpace, bernoulli, oracles};

use self::case::{SensitivityCase, Work, sign_total};
use crate::definitions::{Bench, DefinitionFile, Params, param_f64, param_u64};
use crate::family::{Case, Context, DatasetInfo, Family, PrepareError, opt_u64};
use crate::raw::Row;
use crate::report::claims::Claim;

/// The sensitivity-sampling family adapter.
pub struct Sensitivity;

fn list<'a>(params: &'a Params, key: &str) -> Result<&'a Vec<toml::Value>, PrepareError> {
    params
        .get(key)
        .and_then(toml::Value::as_array)
        .ok_or_else(|| PrepareError::invalid(format!("parameter `{key}` (an array) is missing")))
}

/// Total sensitivities of diabetes (442×11, standardised + intercept), by p: computed offline
/// with SciPy's HiGHS (one LP or convex program per row, independent of this crate) and
/// recorded to the digits printed here.
const DIABETES_TOTALS: [(f64, &str); 5] = [
    (1.0, "4.287"),
    (1.5, "7.135"),
    (3.0, "22.37"),
    (4.0, "38.94"),
    (6.0, "82.88"),
];

fn sensitivity_oracle(dataset: &str, d: usize, n: usize, p: f64) -> Option<String> {
    match dataset {
        "sign" if p == 1.0 => Some(format!("total={:.6}", sign_total(d))),
        "stacked-identity" => Some(format!("total={d}.000000")),
        "sklearn-diabetes" if n == 0 || n >= 442 => DIABETES_TOTALS
            .iter()
            .find(|(q, _)| *q == p)
            .map(|(_, t)| format!("total={t}")),
        _ => None,
    }
}

fn floats(params: &Params, key: &str) -> Result<Vec<f64>, PrepareError> {
    list(params, key)?
        .iter()
        .map(|v| {
            v.as_float()
                .or_else(|| v.as_integer().map(|i| i as f64))
                .ok_or_else(|| PrepareError::invalid(format!("`{key}` must hold numbers")))
        })
        .collect()
}

/// The scaling study: its matrices are built here (a real dataset loaded once); the study
/// itself runs in `bisection`'s one timed run.
fn prepare_scaling(
    bench: &Bench,
    params: &Params,
    context: &Context,
    (n, d, seed, p): (usize, usize, u64, f64),
) -> Result<Box<dyn Case>, PrepareError> {
    let grid = floats(params, "grid")?;
    let eps = floats(params, "eps")?;
    let methods: Vec<Method> = list(params, "methods")?
        .iter()
        .map(|v| Method::from_name(v.as_str().unwrap_or_default()))
        .collect::<Result<_, _>>()
        .map_err(PrepareError::invalid)?;
    let synthetic = ["sign", "coherent", "gaussian"].contains(&bench.dataset.as_str());
    let (family, real, name) = if synthetic {
        let name = match bench.dataset.as_str() {
            "sign" => format!("sign matrices {{±1}}^d, d ∈ {grid:?}, p = {p}"),
            "coherent" => {
                format!("coherent [I_{d}; δ·G] {n}×{d}, δ ∈ {grid:?}, seed {seed}, p = {p}")
            }
            _ => format!("Gaussian n×{d}, n ∈ {grid:?}, seed {seed}, p = {p}"),
        };
        (bench.dataset.as_str(), None, name)
    } else {
        let m = data::load(&bench.dataset, n, 0, seed, &context.data_cache)?;
        let name = format!(
            "{}: its first g feature columns + intercept, g ∈ {grid:?}, p = {p}",
            m.name
        );
        ("real", Some(m.a), name)
    };
    let matrices =
        study::matrices(family, &grid, n, d, seed, real.as_ref()).map_err(PrepareError::invalid)?;
    let seeds = opt_u64(params, "seeds", 20)?;
    if seeds < 20 || grid.len() < 3 {
        return Err(PrepareError::invalid(format!(
            "the scaling study needs ≥ 20 seeds (got {seeds}) and ≥ 3 grid values (got {})",
            grid.len()
        )));
    }
    let sha256 = match &real {
        Some(a) => data::digest(a),
        // The matrices are generated from the parameters: their description is the identity.
        None => datasets::digest::sha256_hex(name.as_bytes()),
    };
    Ok(Box::new(SensitivityCase {
        work: case::Work::Scaling {
            asked: grid.len() * methods.len() * eps.len(),
            spec: study::StudySpec {
                matrices,
                p,
                methods,
                eps,
                seeds,
            },
        },
        info: DatasetInfo { sha256, name },
        workspace: std::path::PathBuf::new(),
        evidence: Default::default(),
    }))
}

impl Family for Sensitivity {
    fn name(&self) -> &'static str {
        "sensitivity-sampling"
    }

    fn oracle(&self) -> &'static str {
        "oracle"
    }

    fn implementations(&self) -> Vec<&'static str> {
        case::IMPLEMENTATIONS.to_vec()
    }

    fn commands(&self) -> Vec<(&'static str, &'static str)> {
        vec![(
            "sensitivity",
            "--matrix FILE.csv --p P --method NAME --rows K --seed S [--out SAMPLE.csv]\n\
             \x20                                scores (uniform, leverage, lewis, sensitivity, root-leverage,\n\
             \x20                                mixed) of your matrix, a Bernoulli sample of about K rows, its ε̂;\n\
             \x20                                writes the sampled rows and weights as CSV",
        )]
    }

    fn prepare(
        &self,
        bench: &Bench,
        params: &Params,
        context: &Context,
    ) -> Result<Box<dyn Case>, PrepareError> {
        let task = params
            .get("task")
            .and_then(|v| v.as_str())
            .ok_or_else(|| PrepareError::invalid("parameter `task` (a string) is missing"))?;
        let n = opt_u64(params, "n", 0)? as usize;
        let d = opt_u64(params, "d", 0)? as usize;
        let seed = opt_u64(params, "seed", 1)?;
        let p = param_f64(params, "p", 1.0).map_err(PrepareError::invalid)?;
        if task == "scaling" {
            return prepare_scaling(bench, params, context, (n, d, seed, p));
        }
        let m = data::load(&bench.dataset, n, d, seed, &context.data_cache)?;
        let sha256 = data::digest(&m.a);
        let name = format!("{}, p = {p}", m.name);
        let work = match task {
            "lewis" => {
                let rs = RowSpace::new(m.a.as_ref()).map_err(PrepareError::invalid)?;
                let a = if rs.rank < m.a.ncols() { rs.basis } else { m.a };
                // The independent oracle, once, untimed (tolerance below the iterations' own).
                let plain = oracles::lewis_weights_plain(a.as_ref(), p, 1e-11, 5000).map(|x| x.0);
                Work::Lewis { a, p, plain }
            }
            "sensitivity" => {
                let oracle = sensitivity_oracle(&bench.dataset, d, n, p);
                let rs = RowSpace::new(m.a.as_ref()).map_err(PrepareError::invalid)?;
                let a = if rs.rank < m.a.ncols() { rs.basis } else { m.a };
                Work::Sensitivity { a, p, oracle }
            }
            "distortion" => {
                let k = param_u64(params, "k").map_err(PrepareError::invalid)? as usize;
                let sample = bernoulli(&vec![1.0; m.a.nrows()], k, p, seed)
                    .map_err(PrepareError::invalid)?;
                let sa = sample.sketch(m.a.as_ref()).map_err(PrepareError::invalid)?;
                Work::Distortion { a: m.a, sa, p }
            }
            "sweep" => {
                let budgets: Vec<usize> = list(params, "budgets")?
                    .iter()
                    .filter_map(toml::Value::as_integer)
                    .map(|k| k as usize)
                    .collect();
                let methods: Result<Vec<Method>, _> = list(params, "methods")?
                    .iter()
                    .map(|v| Method::from_name(v.as_str().unwrap_or_default()))
                    .collect();
                let seeds = opt_u64(params, "seeds", 5)?;
                let exact = params
                    .get("exact")
                    .and_then(toml::Value::as_bool)
                    .unwrap_or(false);
                let result = sweep::run(
                    &m.a,
                    p,
                    &methods.map_err(PrepareError::invalid)?,
                    &budgets,
                    seeds,
                    exact,
                )
                .map_err(PrepareError::invalid)?;
                let k = budgets.get(budgets.len() / 2).copied().unwrap_or(10);
                Work::Sweep {
                    a: m.a,
                    p,
                    k,
                    result,
                }
            }
            other => return Err(PrepareError::invalid(format!("unknown task `{other}`"))),
        };
        Ok(Box::new(SensitivityCase {
            work,
            info: DatasetInfo { name, sha256 },
            workspace: context.workspace.clone(),
            evidence: Default::default(),
        }))
    }

    fn claims(&self, _definitions: &DefinitionFile, rows: &[Row]) -> Vec<Claim> {
        claims::claims(rows)
    }

    fn report_extras(
        &self,
        _definitions: &DefinitionFile,
        rows: &[Row],
        reports: &std::path::Path,
    ) -> String {
        report::sections(rows, reports)
    }

    fn run_cli(&self, _command: &str, args: &[String]) -> Result<(), String> {
        cli::run(args)
    }
}
