//! `cargo suite facility --mechanism NAME --profile "0,1/3,1/2,1"`: evaluate a mechanism on
//! the user's profile and certify what can be certified there.

use facility_location::ratios::ratios_at;
use facility_location::strategyproof::best_misreport;
use facility_location::{Axiom, Mechanism, parse_profile};

use crate::args::parse;

const USAGE: &str = "usage: cargo suite facility --mechanism NAME --profile \"0, 1/3, 0.5, 1\" [--misreport-grid D]\n\
mechanisms: uniform-phantom, median, leftmost, rightmost, endpoint-phantoms, half-phantoms, \
clamped-median, average, midpoint, or phantom[p1, …, p(n-1)]";

/// Parses the arguments and prints the outcome, the axioms at this profile, the welfare and
/// cost ratios, and each agent's best misreport on a grid.
///
/// # Errors
/// A message for the user: unknown mechanism, a profile that does not parse (the token is
/// named), or a location outside [0, 1].
pub fn run(args: &[String]) -> Result<(), String> {
    let flags = parse(
        args,
        &["--mechanism", "--profile", "--misreport-grid"],
        USAGE,
    )?;
    if flags.help {
        println!("{USAGE}");
        return Ok(());
    }
    let (Some(name), Some(text)) = (flags.get("--mechanism"), flags.get("--profile")) else {
        return Err(format!("--mechanism and --profile are required\n{USAGE}"));
    };
    let grid = flags.number::<u64>("--misreport-grid")?.unwrap_or(120);
    for line in describe(name, text, grid)? {
        println!("{line}");
    }
    Ok(())
}

/// The report lines for a mechanism on a profile.
///
/// # Errors
/// As [`run`].
pub fn describe(name: &str, text: &str, grid: u64) -> Result<Vec<String>, String> {
    let e = |e: facility_location::Error| e.to_string();
    let m = Mechanism::from_name(name).map_err(e)?;
    let x = parse_profile(text).map_err(e)?;
    let y = m.evaluate(&x).map_err(e)?;
    let mut out = vec![
        format!("mechanism: {}", m.name()),
        format!("profile:   {x}"),
        format!("outcome:   {y} (≈ {:.6})", y.to_f64()),
    ];
    for a in [
        Axiom::Ifs,
        Axiom::Ufs,
        Axiom::Proportionality,
        Axiom::Pf,
        Axiom::Unanimity,
    ] {
        let ok = facility_location::axioms::satisfies(a, &x, &y).map_err(e)?;
        out.push(format!(
            "{a:?}: {}",
            if ok {
                "satisfied at this profile"
            } else {
                "VIOLATED at this profile"
            }
        ));
    }
    let (sw, tc) = ratios_at(&x, &y);
    out.push(format!(
        "welfare ratio SW(opt)/SW(f): {sw}; total-cost ratio TC(f)/TC(opt): {tc}"
    ));
    for agent in 0..x.len() {
        match best_misreport(&m, &x, agent, grid).map_err(e)? {
            Some(c) => out.push(format!(
                "agent {}: gains {} by reporting {} (outcome {} → {})",
                agent + 1,
                c.gain,
                c.misreport,
                c.truthful_outcome,
                c.manipulated_outcome
            )),
            None => out.push(format!(
                "agent {}: no profitable misreport on the 1/{grid} grid",
                agent + 1
            )),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_midpoint_counterexample_is_found() {
        let lines = describe("midpoint", "1/5, 3/10, 3/5", 10).unwrap();
        assert!(
            lines.iter().any(|l| l.starts_with("agent 3: gains")),
            "{lines:?}"
        );
        let up = describe("uniform-phantom", "0, 1/3, 1/2, 1", 12).unwrap();
        assert!(up.iter().all(|l| !l.contains("gains")), "{up:?}");
    }

    #[test]
    fn bad_input_is_named() {
        assert!(
            describe("uniform-phantom", "0, x, 1", 10)
                .unwrap_err()
                .contains('x')
        );
        assert!(describe("nope", "0, 1", 10).is_err());
        assert!(describe("median", "0, 1.5", 10).is_err());
    }
}
