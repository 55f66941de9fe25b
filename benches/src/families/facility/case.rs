//! Facility-location workloads: certification, ratio searches, axiom lower bounds and
//! evaluation throughput.

use std::collections::BTreeMap;

use facility_location::grid::ProfileSet;
use facility_location::ratios::{ApproxRatio, axiom_lower_bound, worst_case};
use facility_location::strategyproof::SpVerdict;
use facility_location::{Axiom, Mechanism, Profile, Rational, certify};

use crate::family::{Case, DatasetInfo, Output, RunError};

/// The mechanisms of the spec's table, in its order: the crate's named rules without
/// rightmost, which is leftmost's mirror image.
pub fn table() -> impl Iterator<Item = Mechanism> {
    Mechanism::NAMED
        .into_iter()
        .filter(|m| *m != Mechanism::Rightmost)
}

/// Every implementation name: the workloads' own names, and the evaluation paths.
pub const IMPLEMENTATIONS: &[&str] = &[
    "certify",
    "search",
    "projection",
    "prepared",
    "unprepared",
    "sort-oracle",
    "f64",
];

/// What one benchmark does.
pub enum Work {
    /// Every axiom and the SP verdict of one mechanism on a profile set.
    Certify(Mechanism, usize, ProfileSet),
    /// Worst-case ratios of every table mechanism.
    Ratios(usize, ProfileSet),
    /// The best ratios any mechanism satisfying an axiom can have.
    LowerBounds(usize, ProfileSet),
    /// A mechanism on a batch of rational profiles.
    Evaluate(Mechanism, Vec<Profile>),
    /// A mechanism on a batch of f64 profiles of `n` agents, stored back to back.
    EvaluateF64(Mechanism, usize, Vec<f64>),
}

/// A prepared facility-location benchmark.
pub struct FacilityCase {
    /// The workload.
    pub work: Work,
    /// Its identity.
    pub info: DatasetInfo,
}

/// What a run produced. Outcome batches are digested only when the answer is asked for,
/// outside the timed region.
pub enum Payload {
    /// A finished answer (certificates, ratio tables).
    Text(String),
    /// Exact outcomes.
    Rationals(Vec<Rational>),
    /// Floating-point outcomes.
    Floats(Vec<f64>),
}

/// An answer, with facts for the report (evaluation counts, extremal profiles).
pub struct Answer {
    payload: Payload,
    notes: BTreeMap<String, String>,
}

impl Output for Answer {
    fn answer(&self) -> String {
        match &self.payload {
            Payload::Text(t) => t.clone(),
            Payload::Rationals(v) => digest(v.iter().map(Rational::to_string)),
            Payload::Floats(v) => digest(v.iter().map(|x| format!("{x:.15e}"))),
        }
    }
    fn notes(&self) -> BTreeMap<String, String> {
        self.notes.clone()
    }
}

fn flag(holds: bool) -> u8 {
    u8::from(holds)
}

fn ratio(r: &ApproxRatio) -> String {
    match r {
        ApproxRatio::Finite(v) => v.to_string(),
        ApproxRatio::Infinite => "inf".into(),
    }
}

/// The median of `x` together with `phantoms`, by sorting: the definition of a phantom rule.
fn sort_oracle(x: &Profile, phantoms: &[Rational]) -> Rational {
    let mut all: Vec<Rational> = x.locations();
    all.extend_from_slice(phantoms);
    all.sort();
    all[all.len() / 2].clone()
}

fn digest(values: impl Iterator<Item = String>) -> String {
    let joined: Vec<String> = values.collect();
    let sha = datasets::digest::sha256_hex(joined.join(",").as_bytes());
    format!("len={};sha256={}", joined.len(), &sha[..16])
}

impl Case for FacilityCase {
    fn dataset(&self) -> &DatasetInfo {
        &self.info
    }

    fn work(&self) -> Option<(f64, &'static str)> {
        match &self.work {
            Work::Evaluate(_, ps) => Some((ps.len() as f64, "evals")),
            Work::EvaluateF64(_, n, ps) => Some((ps.len() as f64 / *n as f64, "evals")),
            _ => None,
        }
    }

    fn run(&mut self, implementation: &str) -> Result<Box<dyn Output>, RunError> {
        let e = |e: facility_location::Error| RunError::Fail(e.to_string());
        let mut notes = BTreeMap::new();
        let payload = match (&self.work, implementation) {
            (Work::Certify(m, n, set), "certify") => {
                let r = certify(m, *n, set).map_err(e)?;
                let sp = match &r.sp {
                    SpVerdict::Certified { evaluations, .. } => {
                        notes.insert("evaluations".into(), evaluations.to_string());
                        "certified"
                    }
                    SpVerdict::NotRefuted { evaluations, .. } => {
                        notes.insert("evaluations".into(), evaluations.to_string());
                        "not-refuted"
                    }
                    SpVerdict::Refuted(c) => {
                        let c = format!(
                            "profile {}, agent {} reports {}: outcome {} → {}, gain {}",
                            c.profile,
                            c.agent + 1,
                            c.misreport,
                            c.truthful_outcome,
                            c.manipulated_outcome,
                            c.gain
                        );
                        notes.insert("counterexample".into(), c);
                        "refuted"
                    }
                };
                notes.insert("profiles".into(), r.profiles.to_string());
                Payload::Text(format!(
                    "sp={sp};ifs={};ufs={};prop={};pf={}",
                    flag(r.holds(Axiom::Ifs)),
                    flag(r.holds(Axiom::Ufs)),
                    flag(r.holds(Axiom::Proportionality)),
                    flag(r.holds(Axiom::Pf))
                ))
            }
            (Work::Ratios(n, set), "search") => {
                let mut parts = Vec::new();
                for m in table() {
                    let r = worst_case(&m, *n, set).map_err(e)?;
                    notes.insert(format!("{} sw argmax", m.name()), r.sw.argmax.to_string());
                    notes.insert(format!("{} tc argmax", m.name()), r.tc.argmax.to_string());
                    parts.push(format!(
                        "{}={},{}",
                        m.name(),
                        ratio(&r.sw.value),
                        ratio(&r.tc.value)
                    ));
                }
                Payload::Text(parts.join(";"))
            }
            (Work::LowerBounds(n, set), "projection") => {
                let mut parts = Vec::new();
                for a in [Axiom::Ifs, Axiom::Ufs, Axiom::Proportionality, Axiom::Pf] {
                    let r = axiom_lower_bound(a, *n, set).map_err(e)?;
                    notes.insert(
                        format!("{a:?} sw argmax").to_lowercase(),
                        r.sw.argmax.to_string(),
                    );
                    parts.push(format!(
                        "{a:?}={},{}",
                        ratio(&r.sw.value),
                        ratio(&r.tc.value)
                    ));
                }
                Payload::Text(parts.join(";").to_lowercase())
            }
            (Work::Evaluate(m, ps), "prepared") => {
                let ev = m.prepare(ps[0].len()).map_err(e)?;
                let out: Result<Vec<Rational>, _> = ps.iter().map(|p| ev.evaluate(p)).collect();
                Payload::Rationals(out.map_err(e)?)
            }
            (Work::Evaluate(m, ps), "unprepared") => {
                let out: Result<Vec<Rational>, _> = ps.iter().map(|p| m.evaluate(p)).collect();
                Payload::Rationals(out.map_err(e)?)
            }
            (Work::Evaluate(m, ps), "sort-oracle") => {
                let phantoms = m
                    .phantoms(ps[0].len())
                    .map_err(e)?
                    .ok_or_else(|| RunError::Skip(format!("{} is not a phantom rule", m.name())))?;
                Payload::Rationals(ps.iter().map(|p| sort_oracle(p, &phantoms)).collect())
            }
            (Work::EvaluateF64(m, n, ps), "f64") => {
                let ev = m.prepare(*n).map_err(e)?;
                let out: Result<Vec<f64>, _> = ps.chunks(*n).map(|p| ev.evaluate_f64(p)).collect();
                Payload::Floats(out.map_err(e)?)
            }
            (Work::EvaluateF64(m, n, ps), "sort-oracle") => {
                let phantoms: Vec<f64> = m
                    .phantoms(*n)
                    .map_err(e)?
                    .ok_or_else(|| RunError::Skip(format!("{} is not a phantom rule", m.name())))?
                    .iter()
                    .map(Rational::to_f64)
                    .collect();
                Payload::Floats(
                    ps.chunks(*n)
                        .map(|p| {
                            let mut all: Vec<f64> = p.iter().chain(&phantoms).copied().collect();
                            all.sort_by(f64::total_cmp);
                            all[all.len() / 2]
                        })
                        .collect(),
                )
            }
            (_, other) => {
                return Err(RunError::Skip(format!(
                    "`{other}` does not apply to this benchmark"
                )));
            }
        };
        Ok(Box::new(Answer { payload, notes }))
    }
}
