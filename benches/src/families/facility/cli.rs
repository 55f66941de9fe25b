//! `cargo suite facility --mechanism NAME --profile "0,1/3,1/2,1"`: evaluate a mechanism on
//! the user's profile and certify what can be certified there.

use facility_location::ratios::ratios_at;
use facility_location::strategyproof::best_misreport;
use facility_location::{Axiom, Mechanism, parse_profile};

use crate::args::parse;
use crate::outln;

/// The most agents a profile may have here.
pub const MAX_AGENTS: usize = 1000;
/// The finest misreport grid, `G_D` with `D ≤ 100,000`.
pub const MAX_GRID: u64 = 100_000;
/// The most location updates the misreport search may do: `n² · (D + 1) ≤ 2 · 10^7` (each of
/// the `n` agents tries `D + 1` reports, each an O(n) evaluation), about a second.
pub const MAX_WORK: u128 = 20_000_000;

const USAGE: &str = "usage: cargo suite facility --mechanism NAME --profile \"0, 1/3, 0.5, 1\" [--misreport-grid D]\n\
mechanisms: uniform-phantom, median, leftmost, rightmost, endpoint-phantoms, half-phantoms, \
clamped-median, average, midpoint, or phantom[p1, …, p(n-1)]\n\
limits: at most 1000 agents; numbers of at most 802 characters with numerator and denominator \
of at most 400 digits (exact: 0.1 is 1/10); D in 1..=100000 (default 120) and \
n² · (D + 1) ≤ 2·10^7. Lines are printed as they are computed.";

/// Parses the arguments and prints the outcome, the axioms at this profile, the welfare and
/// cost ratios, and each agent's best misreport on a grid, line by line (a closed pipe ends
/// the command quietly).
///
/// # Errors
/// A message for the user: unknown mechanism, a profile that does not parse (the token is
/// named), a location outside [0, 1], or a limit exceeded (named).
pub fn run(args: &[String]) -> Result<(), String> {
    let flags = parse(
        args,
        &["--mechanism", "--profile", "--misreport-grid"],
        USAGE,
    )?;
    if flags.help {
        outln!("{USAGE}");
        return Ok(());
    }
    let (Some(name), Some(text)) = (flags.get("--mechanism"), flags.get("--profile")) else {
        return Err(format!("--mechanism and --profile are required\n{USAGE}"));
    };
    let grid = flags
        .number_in::<u64>("--misreport-grid", 1, MAX_GRID)?
        .unwrap_or(120);
    describe(name, text, grid, &mut |line| outln!("{line}"))
}

/// Checks the stated limits on `n` agents and the misreport grid `G_grid`.
///
/// # Errors
/// A message naming the limit that is exceeded.
pub fn check_limits(n: usize, grid: u64) -> Result<(), String> {
    if n > MAX_AGENTS {
        return Err(format!(
            "the profile has {n} agents; the limit is {MAX_AGENTS}"
        ));
    }
    if grid == 0 || grid > MAX_GRID {
        return Err(format!(
            "--misreport-grid: {grid} is outside the supported range 1 ..= {MAX_GRID}"
        ));
    }
    let work = (n as u128) * (n as u128) * (u128::from(grid) + 1);
    if work > MAX_WORK {
        let largest = (MAX_WORK / (n as u128 * n as u128)).saturating_sub(1);
        return Err(format!(
            "n² · (D + 1) = {work} exceeds the limit {MAX_WORK} (n = {n}, D = {grid}); \
             use --misreport-grid {largest} or fewer agents"
        ));
    }
    Ok(())
}

/// The report lines for a mechanism on a profile, each passed to `emit` as soon as it is
/// known.
///
/// # Errors
/// As [`run`].
pub fn describe(
    name: &str,
    text: &str,
    grid: u64,
    emit: &mut dyn FnMut(&str),
) -> Result<(), String> {
    let e = |e: facility_location::Error| e.to_string();
    let m = Mechanism::from_name(name).map_err(e)?;
    let x = parse_profile(text).map_err(e)?;
    check_limits(x.len(), grid)?;
    let y = m.evaluate(&x).map_err(e)?;
    emit(&format!("mechanism: {}", m.name()));
    emit(&format!("profile:   {x}"));
    emit(&format!("outcome:   {y} (≈ {:.6})", y.to_f64()));
    for a in [
        Axiom::Ifs,
        Axiom::Ufs,
        Axiom::Proportionality,
        Axiom::Pf,
        Axiom::Unanimity,
    ] {
        let ok = facility_location::axioms::satisfies(a, &x, &y).map_err(e)?;
        emit(&format!(
            "{a:?}: {}",
            if ok {
                "satisfied at this profile"
            } else {
                "VIOLATED at this profile"
            }
        ));
    }
    let (sw, tc) = ratios_at(&x, &y);
    emit(&format!(
        "welfare ratio SW(opt)/SW(f): {sw}; total-cost ratio TC(f)/TC(opt): {tc}"
    ));
    for agent in 0..x.len() {
        match best_misreport(&m, &x, agent, grid).map_err(e)? {
            Some(c) => emit(&format!(
                "agent {}: gains {} by reporting {} (outcome {} → {})",
                agent + 1,
                c.gain,
                c.misreport,
                c.truthful_outcome,
                c.manipulated_outcome
            )),
            None => emit(&format!(
                "agent {}: no profitable misreport on the 1/{grid} grid",
                agent + 1
            )),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(name: &str, text: &str, grid: u64) -> Result<Vec<String>, String> {
        let mut out = Vec::new();
        describe(name, text, grid, &mut |l| out.push(l.to_string()))?;
        Ok(out)
    }

    #[test]
    fn the_midpoint_counterexample_is_found() {
        let lines_ = lines("midpoint", "1/5, 3/10, 3/5", 10).unwrap();
        assert!(
            lines_.iter().any(|l| l.starts_with("agent 3: gains")),
            "{lines_:?}"
        );
        let up = lines("uniform-phantom", "0, 1/3, 1/2, 1", 12).unwrap();
        assert!(up.iter().all(|l| !l.contains("gains")), "{up:?}");
    }

    #[test]
    fn bad_input_is_named() {
        assert!(
            lines("uniform-phantom", "0, x, 1", 10)
                .unwrap_err()
                .contains('x')
        );
        assert!(lines("nope", "0, 1", 10).is_err());
        assert!(lines("median", "0, 1.5", 10).is_err());
    }

    #[test]
    fn a_huge_misreport_grid_is_refused_naming_the_limit() {
        let args: Vec<String> = [
            "--mechanism",
            "median",
            "--profile",
            "0 1",
            "--misreport-grid",
            "1000000000000",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let e = run(&args).unwrap_err();
        assert!(e.contains("1 ..= 100000"), "{e}");
        assert!(check_limits(2, 0).is_err());
    }

    #[test]
    fn five_thousand_agents_are_refused_naming_the_limit() {
        let profile = vec!["1/2"; 5000].join(" ");
        let e = lines("uniform-phantom", &profile, 120).unwrap_err();
        assert!(e.contains("5000 agents") && e.contains("1000"), "{e}");
    }

    #[test]
    fn too_much_misreport_work_is_refused_with_the_grid_that_fits() {
        let profile = vec!["1/3"; 1000].join(" ");
        let e = lines("uniform-phantom", &profile, 120).unwrap_err();
        assert!(
            e.contains("exceeds the limit") && e.contains("--misreport-grid 19"),
            "{e}"
        );
        // At the limit's edge the work is accepted.
        assert!(check_limits(1000, 19).is_ok());
        assert!(check_limits(1000, 20).is_err());
    }

    #[test]
    fn a_hundred_thousand_digit_decimal_is_refused_naming_the_limit() {
        let long = format!("0, 0.{}", "3".repeat(100_000));
        let e = lines("median", &long, 10).unwrap_err();
        assert!(e.contains("the limit") && e.len() < 300, "{e}");
    }

    #[test]
    fn lines_stream_before_the_misreport_search_ends() {
        // The first line is emitted before any agent's search: a reader that stops early
        // (a closed pipe) sees output at once.
        let mut first_at = None;
        let mut count = 0;
        describe("median", "0 1/2 1", 12, &mut |l| {
            count += 1;
            if first_at.is_none() {
                first_at = Some((count, l.to_string()));
            }
        })
        .unwrap();
        assert_eq!(first_at, Some((1, "mechanism: median".to_string())));
        assert_eq!(count, 3 + 5 + 1 + 3);
    }
}
