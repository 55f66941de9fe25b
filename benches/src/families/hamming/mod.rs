//! The Hamming family: text-to-pattern Hamming distances (`algobench-hamming`).

pub mod case;
pub mod claims;
pub mod cli;
pub mod input;
pub mod outputs;
pub mod peers;
pub mod report;

use std::collections::BTreeMap;

use crate::definitions::{Bench, DefinitionFile, Params, param_f64, param_u64};
use crate::family::{Case, Context, Family, PrepareError};
use crate::raw::Row;

/// The Hamming family adapter.
pub struct Hamming;

impl Family for Hamming {
    fn name(&self) -> &'static str {
        "hamming"
    }

    fn oracle(&self) -> &'static str {
        case::ORACLE
    }

    fn implementations(&self) -> Vec<&'static str> {
        case::IMPLEMENTATIONS.to_vec()
    }

    fn prepare(
        &self,
        bench: &Bench,
        params: &Params,
        context: &Context,
    ) -> Result<Box<dyn Case>, PrepareError> {
        let (symbols, info) = input::build(&bench.dataset, params, context)?;
        let invalid = PrepareError::invalid;
        let k = params
            .contains_key("k")
            .then(|| param_u64(params, "k").map(|k| k as usize))
            .transpose()
            .map_err(invalid)?;
        let approx = if params.contains_key("eps") {
            let eps = param_f64(params, "eps", 0.0).map_err(invalid)?;
            let delta = param_f64(params, "delta", 0.01).map_err(invalid)?;
            let seed = param_u64(params, "approx_seed").map_err(invalid)?;
            Some((eps, delta, seed))
        } else {
            None
        };
        let case = case::HammingCase::new(symbols, info, k, approx, context.workspace.clone())
            .map_err(invalid)?;
        Ok(Box::new(case))
    }

    fn environment(&self) -> BTreeMap<String, String> {
        let fft = if rustfft::FftPlannerAvx::<f64>::new().is_ok() {
            "avx"
        } else {
            "sse or scalar"
        };
        let available: Vec<&str> = hamming::bitparallel::Path::ALL
            .iter()
            .filter(|p| p.is_available())
            .map(|p| p.name())
            .collect();
        [
            ("rustfft path".to_string(), fft.to_string()),
            (
                "bit-parallel path chosen".to_string(),
                hamming::bitparallel::chosen_path().name().to_string(),
            ),
            (
                "bit-parallel paths available".to_string(),
                available.join(", "),
            ),
        ]
        .into()
    }

    fn claims(
        &self,
        definitions: &DefinitionFile,
        rows: &[Row],
    ) -> Vec<crate::report::claims::Claim> {
        claims::claims(definitions, rows)
    }

    fn report_extras(
        &self,
        _definitions: &DefinitionFile,
        rows: &[Row],
        reports: &std::path::Path,
    ) -> String {
        [
            report::targets(rows),
            report::planner_regret(rows),
            report::peers(rows),
            report::middle_band(rows, &report::counted_extension(rows), reports),
            report::cjvx(),
        ]
        .concat()
    }

    fn commands(&self) -> Vec<(&'static str, &'static str)> {
        vec![(
            "hamming",
            "--text FILE --pattern FILE [--algorithm NAME|auto] [--alphabet bytes|utf8|u32le]\n\
             \x20                 [--k K | --eps EPS --seed SEED [--delta DELTA] [--approx hash-max|karloff]]\n\
             \x20                                Hamming distances on your own files, one per line",
        )]
    }

    fn run_cli(&self, _command: &str, args: &[String]) -> Result<(), String> {
        cli::run(args)
    }
}
