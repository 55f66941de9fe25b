//! Facility-location workloads: certification, ratio searches, axiom lower bounds and
//! evaluation throughput.

use std::collections::BTreeMap;

use facility_location::grid::ProfileSet;
use facility_location::ratios::{ApproxRatio, axiom_lower_bound, worst_case};
use facility_location::strategyproof::SpVerdict;
use facility_location::{Axiom, Mechanism, Profile, Rational, certify, oracle};

use crate::family::{Case, DatasetInfo, Output, RunError};

/// The mechanisms of the crate README's table, in its order: the crate's named rules without
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
    "sp-search",
    "nash-enum",
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
    /// Every rule of a strategyproof family (`min_max`: non-anonymous min–max rules, else
    /// generalized medians with `n + 1` phantoms) with constants on `G_m`: SP certified on
    /// `G_d^n`, and the axiom searches.
    SpFamily {
        /// Whether the family is the min–max one.
        min_max: bool,
        /// Agents.
        n: usize,
        /// Grid of the rules' constants.
        m: u64,
        /// Grid of the profiles.
        d: u64,
    },
    /// Every pure Nash equilibrium on `G_m^n` of each studied continuous, strictly monotone,
    /// UFS mechanism, for every sorted true profile of `G_d`.
    Equilibria {
        /// Agents.
        n: usize,
        /// Grid of the true profiles.
        d: u64,
        /// Grid of the reports.
        m: u64,
    },
}

fn binomial(n: u64, k: u64) -> u64 {
    (0..k).fold(1u64, |acc, i| acc * (n - i) / (i + 1))
}

/// The number of antitone maps from the coalitions of `n` agents to `{0, …, m}`
/// (`p_{S ∪ {i}} ≤ p_S`), by brute force over the `(m + 1)^(2^n)` candidates, written
/// independently of the crate's enumeration.
fn antitone_count(n: usize, m: u64) -> u64 {
    let k = 1usize << n;
    let mut p = vec![0u64; k];
    let mut count = 0;
    loop {
        if (0..k).all(|s| (0..n).all(|i| s & (1 << i) != 0 || p[s | (1 << i)] <= p[s])) {
            count += 1;
        }
        let mut j = 0;
        loop {
            if j == k {
                return count;
            }
            p[j] += 1;
            if p[j] <= m {
                break;
            }
            p[j] = 0;
            j += 1;
        }
    }
}

/// The answer the paper predicts for a family search, with the number of rules counted
/// independently (`C(m + n + 1, n + 1)` sorted phantom vectors; antitone coalition vectors by
/// brute force): every rule SP (Moulin 1980), and UFS, PF and Proportionality + unanimity each
/// leaving one outcome function, Uniform Phantom's.
pub fn predicted_family_answer(min_max: bool, n: usize, m: u64) -> String {
    let rules = if min_max {
        antitone_count(n, m)
    } else {
        binomial(m + n as u64 + 1, n as u64 + 1)
    };
    format!("rules={rules};sp={rules};ufs=up;pf=up;prop+unanimity=up")
}

/// The answer the equilibrium theorem predicts: for every studied mechanism, equilibria exist
/// on the grid and every one has Uniform Phantom's outcome.
pub fn predicted_equilibria_answer() -> String {
    facility_location::equilibrium::Continuous::studied()
        .iter()
        .map(|f| format!("{}=all-up", f.name()))
        .collect::<Vec<_>>()
        .join(";")
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
    /// Exact outcomes already written as text (the oracle's).
    Texts(Vec<String>),
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
            Payload::Texts(v) => digest(v.iter().cloned()),
            // `{:?}` is the shortest text that reads back to the same double: a one-ulp
            // change changes the digest (`{:.15e}` did not, with 16 significant digits).
            Payload::Floats(v) => digest(v.iter().map(|x| format!("{x:?}"))),
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

/// The oracle's outcomes for a batch of exact profiles: Uniform Phantom by its definition
/// ([`facility_location::oracle::uniform_phantom`], written without the crate's phantom
/// code), as the digest's strings. Other rules have no oracle here.
fn oracle_outcomes(m: &Mechanism, ps: &[Profile]) -> Result<Vec<String>, RunError> {
    if *m != Mechanism::UniformPhantom {
        return Err(RunError::Skip(format!(
            "the oracle defines uniform-phantom only, not {}",
            m.name()
        )));
    }
    ps.iter()
        .map(|p| {
            let xs = p.as_small().ok_or_else(|| {
                RunError::Fail("the oracle takes locations that fit in i64".into())
            })?;
            let f: Vec<oracle::Fraction> = xs
                .iter()
                .map(|r| (i128::from(*r.numer()), i128::from(*r.denom())))
                .collect();
            Ok(oracle::fraction_text(oracle::uniform_phantom(&f)))
        })
        .collect()
}

/// The oracle's outcomes for a batch of f64 profiles of `n` agents (Uniform Phantom only).
fn oracle_outcomes_f64(m: &Mechanism, n: usize, ps: &[f64]) -> Result<Vec<f64>, RunError> {
    if *m != Mechanism::UniformPhantom {
        return Err(RunError::Skip(format!(
            "the oracle defines uniform-phantom only, not {}",
            m.name()
        )));
    }
    Ok(ps.chunks(n).map(oracle::uniform_phantom_f64).collect())
}

fn digest(values: impl Iterator<Item = String>) -> String {
    let joined: Vec<String> = values.collect();
    let sha = datasets::digest::sha256_hex(joined.join(",").as_bytes());
    format!("len={};sha256={}", joined.len(), &sha[..16])
}

/// Certifies SP of every rule of the family and searches it for each axiom; the answer in the
/// form of [`predicted_family_answer`], the counts in `notes`.
fn sp_family(
    min_max: bool,
    n: usize,
    m: u64,
    d: u64,
    notes: &mut BTreeMap<String, String>,
) -> Result<String, facility_location::Error> {
    use facility_location::sp_families::{CONDITIONS, certify_sp, family, search};
    let rules = family(n, m, min_max)?;
    let mut certified = 0u64;
    for r in &rules {
        if certify_sp(r, n, d)?.is_none() {
            certified += 1;
        }
    }
    let report = search(&rules, n, d)?;
    let mut parts = vec![format!("rules={}", rules.len()), format!("sp={certified}")];
    for (name, _) in CONDITIONS {
        let (count, functions) = report.survivors[name];
        notes.insert(
            format!("{name} survivors"),
            format!("{count} rule(s), {functions} distinct function(s)"),
        );
        if name == "ifs" {
            continue;
        }
        parts.push(if report.only_up[name] && functions == 1 {
            format!("{name}=up")
        } else {
            format!("{name}={functions}-functions")
        });
    }
    notes.insert("profiles".into(), ((d + 1).pow(n as u32)).to_string());
    Ok(parts.join(";"))
}

/// Enumerates the equilibria of every studied mechanism; the answer in the form of
/// [`predicted_equilibria_answer`], the counts in `notes`.
fn equilibria(
    n: usize,
    d: u64,
    m: u64,
    notes: &mut BTreeMap<String, String>,
) -> Result<String, facility_location::Error> {
    use facility_location::equilibrium::{Continuous, study};
    let mut parts = Vec::new();
    for f in Continuous::studied() {
        let s = study(&f, n, d, m)?;
        notes.insert(
            format!("{} counts", f.name()),
            format!(
                "{} true profiles × {} report profiles each: {} equilibria, {} with UP's outcome, {} profiles without a grid equilibrium",
                s.profiles,
                (m + 1).pow(n as u32),
                s.equilibria,
                s.equal_to_up,
                s.without_grid_equilibrium
            ),
        );
        if let Some(diff) = &s.first_difference {
            notes.insert(format!("{} first difference", f.name()), diff.clone());
        }
        parts.push(if s.equilibria > 0 && s.equal_to_up == s.equilibria {
            format!("{}=all-up", f.name())
        } else {
            format!("{}={}/{}", f.name(), s.equal_to_up, s.equilibria)
        });
    }
    Ok(parts.join(";"))
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
            (Work::Evaluate(m, ps), "sort-oracle") => Payload::Texts(oracle_outcomes(m, ps)?),
            (Work::EvaluateF64(m, n, ps), "f64") => {
                // One validation of the whole batch, then the evaluations alone.
                let ev = m.prepare(*n).map_err(e)?;
                let mut out = Vec::with_capacity(ps.len() / n);
                ev.evaluate_f64_batch(ps, &mut out).map_err(e)?;
                Payload::Floats(out)
            }
            (Work::EvaluateF64(m, n, ps), "sort-oracle") => {
                Payload::Floats(oracle_outcomes_f64(m, *n, ps)?)
            }
            (Work::Ratios(n, _), "sort-oracle") => {
                let n = *n as i128;
                let parts: Option<Vec<String>> = table()
                    .map(|m| {
                        let (sw, tc) = oracle::rule_ratios(m.name(), n)?;
                        Some(format!(
                            "{}={},{}",
                            m.name(),
                            oracle::ratio_text(sw),
                            oracle::ratio_text(tc)
                        ))
                    })
                    .collect();
                Payload::Text(
                    parts
                        .ok_or_else(|| RunError::Fail("no closed form".into()))?
                        .join(";"),
                )
            }
            (Work::LowerBounds(n, _), "sort-oracle") => {
                let n = *n as i128;
                let parts: Option<Vec<String>> = ["ifs", "ufs", "proportionality", "pf"]
                    .iter()
                    .map(|a| {
                        let (sw, tc) = oracle::axiom_bound(a, n)?;
                        Some(format!(
                            "{a}={},{}",
                            oracle::fraction_text(sw),
                            oracle::fraction_text(tc)
                        ))
                    })
                    .collect();
                Payload::Text(
                    parts
                        .ok_or_else(|| RunError::Fail("no closed form".into()))?
                        .join(";"),
                )
            }
            (Work::SpFamily { min_max, n, m, .. }, "sort-oracle") => {
                Payload::Text(predicted_family_answer(*min_max, *n, *m))
            }
            (Work::SpFamily { min_max, n, m, d }, "sp-search") => {
                Payload::Text(sp_family(*min_max, *n, *m, *d, &mut notes).map_err(e)?)
            }
            (Work::Equilibria { .. }, "sort-oracle") => {
                Payload::Text(predicted_equilibria_answer())
            }
            (Work::Equilibria { n, d, m }, "nash-enum") => {
                Payload::Text(equilibria(*n, *d, *m, &mut notes).map_err(e)?)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn up_case(profiles: Vec<Profile>) -> FacilityCase {
        FacilityCase {
            work: Work::Evaluate(Mechanism::UniformPhantom, profiles),
            info: DatasetInfo {
                name: "test".into(),
                sha256: String::new(),
            },
        }
    }

    fn profiles() -> Vec<Profile> {
        ["0 0 1/2", "1/5 3/10 3/5", "0 1 1", "1/7 1/7 6/7"]
            .iter()
            .map(|t| facility_location::parse_profile(t).unwrap())
            .collect()
    }

    #[test]
    fn the_oracle_agrees_with_every_exact_path_and_a_mutated_output_fails_the_check() {
        let mut case = up_case(profiles());
        let expected = case.run("sort-oracle").unwrap().answer();
        for imp in ["prepared", "unprepared"] {
            let out = case.run(imp).unwrap();
            assert_eq!(case.check(imp, out.as_ref(), &expected), Ok(()), "{imp}");
        }
        // The outcomes by hand: UP(0, 0, 1/2) = 1/3 (phantoms 1/3, 2/3), UP(1/5, 3/10, 3/5)
        // = 1/3, UP(0, 1, 1) = 2/3, UP(1/7, 1/7, 6/7) = 1/3.
        let by_hand = Answer {
            payload: Payload::Texts(vec!["1/3".into(), "1/3".into(), "2/3".into(), "1/3".into()]),
            notes: BTreeMap::new(),
        };
        assert_eq!(by_hand.answer(), expected);
        // One outcome changed by 1/1000: the digest differs and the check fails.
        let ev = Mechanism::UniformPhantom.prepare(3).unwrap();
        let mut v: Vec<Rational> = profiles().iter().map(|p| ev.evaluate(p).unwrap()).collect();
        v[2] = &v[2] + &Rational::new(1, 1000).unwrap();
        let mutated = Answer {
            payload: Payload::Rationals(v),
            notes: BTreeMap::new(),
        };
        assert!(case.check("prepared", &mutated, &expected).is_err());
    }

    #[test]
    fn the_f64_oracle_agrees_and_a_one_ulp_change_fails_the_check() {
        let n = 10;
        let xs: Vec<f64> = (0..5 * n)
            .map(|i| ((i * 37) % 101) as f64 / 100.0)
            .collect();
        let mut case = FacilityCase {
            work: Work::EvaluateF64(Mechanism::UniformPhantom, n, xs.clone()),
            info: DatasetInfo {
                name: "test".into(),
                sha256: String::new(),
            },
        };
        let expected = case.run("sort-oracle").unwrap().answer();
        let out = case.run("f64").unwrap();
        assert_eq!(case.check("f64", out.as_ref(), &expected), Ok(()));
        let ev = Mechanism::UniformPhantom.prepare(n).unwrap();
        let mut v: Vec<f64> = xs.chunks(n).map(|p| ev.evaluate_f64(p).unwrap()).collect();
        v[0] = f64::from_bits(v[0].to_bits() + 1);
        let mutated = Answer {
            payload: Payload::Floats(v),
            notes: BTreeMap::new(),
        };
        assert!(case.check("f64", &mutated, &expected).is_err());
    }

    #[test]
    fn the_closed_forms_equal_the_searches_and_a_changed_ratio_fails() {
        for n in [2usize, 3, 4] {
            let mut case = FacilityCase {
                work: Work::Ratios(n, crate::families::facility::ratio_set(n)),
                info: DatasetInfo {
                    name: "test".into(),
                    sha256: String::new(),
                },
            };
            let expected = case.run("sort-oracle").unwrap().answer();
            let out = case.run("search").unwrap();
            assert_eq!(
                case.check("search", out.as_ref(), &expected),
                Ok(()),
                "n={n}"
            );
            let wrong = Answer {
                payload: Payload::Text(out.answer().replacen("median=1,1", "median=1,2", 1)),
                notes: BTreeMap::new(),
            };
            assert!(case.check("search", &wrong, &expected).is_err());
            case.work = Work::LowerBounds(n, crate::families::facility::ratio_set(n));
            let expected = case.run("sort-oracle").unwrap().answer();
            let out = case.run("projection").unwrap();
            assert_eq!(
                case.check("projection", out.as_ref(), &expected),
                Ok(()),
                "n={n}"
            );
        }
    }

    #[test]
    fn the_oracle_refuses_rules_it_does_not_define() {
        let mut case = up_case(profiles());
        case.work = Work::Evaluate(Mechanism::Median, profiles());
        assert!(matches!(case.run("sort-oracle"), Err(RunError::Skip(_))));
    }
}
