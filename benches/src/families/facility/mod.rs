//! The facility-location family (`algobench-facility-location`): certification of axioms
//! and strategyproofness, worst-case ratio searches, and evaluation throughput.

pub mod case;
pub mod claims;
pub mod cli;
pub mod report;

use datasets::rng::{below, rng, unit};
use facility_location::grid::ProfileSet;
use facility_location::{Mechanism, Profile};

use self::case::{FacilityCase, Work};
use crate::definitions::{Bench, DefinitionFile, Params, param_u64};
use crate::family::{Case, Context, DatasetInfo, Family, PrepareError};
use crate::raw::Row;

/// The facility-location family adapter.
pub struct Facility;

fn mechanism(params: &Params) -> Result<Mechanism, PrepareError> {
    let name = params
        .get("mechanism")
        .and_then(|v| v.as_str())
        .ok_or_else(|| PrepareError::invalid("parameter `mechanism` (a string) is missing"))?;
    Mechanism::from_name(name).map_err(PrepareError::invalid)
}

/// Every profile with at most three distinct locations on `G_{2n}`, plus the full sorted
/// grid for n ≤ 5: `ε = 1/(2n) < 1/n` is on the grid, which the extremal profiles need.
pub fn ratio_set(n: usize) -> ProfileSet {
    let d = 2 * n as u64;
    let s = ProfileSet::clustered(d, 3);
    if n <= 5 { s.and_sorted_grid(d) } else { s }
}

impl Family for Facility {
    fn name(&self) -> &'static str {
        "facility-location"
    }

    fn oracle(&self) -> &'static str {
        "sort-oracle"
    }

    fn commands(&self) -> Vec<(&'static str, &'static str)> {
        vec![(
            "facility",
            "--mechanism NAME --profile \"0, 1/3, 1/2, 1\" [--misreport-grid D]\n\
             \x20                                evaluate a facility-location mechanism on your profile and\n\
             \x20                                certify the axioms and strategyproofness there (limits:\n\
             \x20                                1000 agents, D ≤ 100000, n²·(D+1) ≤ 2·10^7)",
        )]
    }

    fn implementations(&self) -> Vec<&'static str> {
        case::IMPLEMENTATIONS.to_vec()
    }

    fn prepare(
        &self,
        bench: &Bench,
        params: &Params,
        _context: &Context,
    ) -> Result<Box<dyn Case>, PrepareError> {
        let n = param_u64(params, "n").map_err(PrepareError::invalid)? as usize;
        let seed = params
            .get("seed")
            .map(|_| param_u64(params, "seed"))
            .transpose()
            .map_err(PrepareError::invalid)?;
        let (work, name) = match bench.dataset.as_str() {
            "sorted-grid" => {
                let d = param_u64(params, "grid").map_err(PrepareError::invalid)?;
                let m = mechanism(params)?;
                let name = format!("{} on all sorted profiles of G_{d}, n={n}", m.name());
                (Work::Certify(m, n, ProfileSet::sorted_grid(d)), name)
            }
            "ratio-set" => (
                Work::Ratios(n, ratio_set(n)),
                format!("clustered(G_{}, 3) n={n}", 2 * n),
            ),
            "lower-bound-set" => (
                Work::LowerBounds(n, ratio_set(n)),
                format!("clustered(G_{}, 3) n={n}", 2 * n),
            ),
            "random-rationals" => {
                let (count, max_den) = (
                    param_u64(params, "count").map_err(PrepareError::invalid)? as usize,
                    param_u64(params, "max_denominator").map_err(PrepareError::invalid)?,
                );
                let seed =
                    seed.ok_or_else(|| PrepareError::invalid("parameter `seed` is missing"))?;
                let mut r = rng(seed);
                let profiles: Result<Vec<Profile>, _> = (0..count)
                    .map(|_| {
                        let pairs: Vec<(i64, i64)> = (0..n)
                            .map(|_| {
                                let den = 1 + below(&mut r, max_den) as i64;
                                (below(&mut r, den as u64 + 1) as i64, den)
                            })
                            .collect();
                        Profile::from_fractions(&pairs)
                    })
                    .collect();
                let name = format!(
                    "{count} random profiles, n={n}, denominators ≤ {max_den}, seed {seed}"
                );
                (
                    Work::Evaluate(mechanism(params)?, profiles.map_err(PrepareError::invalid)?),
                    name,
                )
            }
            "random-f64" => {
                let count = param_u64(params, "count").map_err(PrepareError::invalid)? as usize;
                let seed =
                    seed.ok_or_else(|| PrepareError::invalid("parameter `seed` is missing"))?;
                let mut r = rng(seed);
                let profiles: Vec<f64> = (0..count * n).map(|_| unit(&mut r)).collect();
                let name = format!("{count} random f64 profiles, n={n}, seed {seed}");
                (Work::EvaluateF64(mechanism(params)?, n, profiles), name)
            }
            "sp-family" => {
                let family = params
                    .get("family")
                    .and_then(|v| v.as_str())
                    .ok_or_else(|| {
                        PrepareError::invalid("parameter `family` (a string) is missing")
                    })?;
                let min_max = match family {
                    "generalized-median" => false,
                    "min-max" => true,
                    other => {
                        return Err(PrepareError::invalid(format!(
                            "unknown family `{other}` (generalized-median or min-max)"
                        )));
                    }
                };
                let m = param_u64(params, "m").map_err(PrepareError::invalid)?;
                let d = param_u64(params, "grid").map_err(PrepareError::invalid)?;
                (
                    Work::SpFamily { min_max, n, m, d },
                    format!("{family} rules with constants on G_{m}, profiles G_{d}^{n}"),
                )
            }
            "equilibrium-grid" => {
                let m = param_u64(params, "m").map_err(PrepareError::invalid)?;
                let d = param_u64(params, "grid").map_err(PrepareError::invalid)?;
                (
                    Work::Equilibria { n, d, m },
                    format!("sorted true profiles of G_{d}, n={n}, reports on G_{m}"),
                )
            }
            other => return Err(PrepareError::invalid(format!("unknown dataset `{other}`"))),
        };
        let sha256 = datasets::digest::sha256_hex(name.as_bytes());
        Ok(Box::new(FacilityCase {
            work,
            info: DatasetInfo { name, sha256 },
        }))
    }

    fn claims(
        &self,
        _definitions: &DefinitionFile,
        rows: &[Row],
    ) -> Vec<crate::report::claims::Claim> {
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
