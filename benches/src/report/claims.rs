//! "The paper's claims, checked": the first section of every family page.
//!
//! A family returns a list of [`Claim`]s from [`crate::family::Family::claims`], computed from
//! the raw rows of the run being reported. Each claim names what the paper says and where, the
//! paper's number where it gives one, our measured value, the scope of the experiment that
//! decides it (sizes, seeds, confidence interval) and a [`Verdict`] that says no more than
//! the data. The runner renders the list before anything else on the page, and the index
//! counts the verdicts per family.

use std::fmt::Write as _;

/// What the data says about a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    /// The measurement agrees with the claim within its stated uncertainty.
    Holds,
    /// The measurement contradicts the claim beyond its stated uncertainty.
    DoesNotHold,
    /// The measurement cannot decide (the confidence interval straddles the threshold, too
    /// few seeds, a baseline that collapsed, …).
    Inconclusive,
    /// The claim is about a regime or artefact this suite cannot reach (say so in `measured`).
    NotApplicable,
    /// The experiment that decides it did not run in this report's profile (its rows are
    /// absent or skipped); `measured` names the command that runs it.
    NotMeasured,
}

impl Verdict {
    /// Every verdict, in the order the index lists them.
    pub const ALL: [Verdict; 5] = [
        Verdict::Holds,
        Verdict::DoesNotHold,
        Verdict::Inconclusive,
        Verdict::NotApplicable,
        Verdict::NotMeasured,
    ];

    /// The usual rule: evidence against the claim decides first (does not hold), then
    /// evidence for all of it (holds); anything else is inconclusive.
    pub fn weigh(contradicted: bool, confirmed: bool) -> Verdict {
        if contradicted {
            Verdict::DoesNotHold
        } else if confirmed {
            Verdict::Holds
        } else {
            Verdict::Inconclusive
        }
    }

    /// The words a page prints.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Holds => "holds",
            Verdict::DoesNotHold => "does not hold",
            Verdict::Inconclusive => "inconclusive",
            Verdict::NotApplicable => "not applicable here",
            Verdict::NotMeasured => "not measured in this run",
        }
    }
}

/// One claim of a paper, set beside our measurement.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    /// What the paper claims, in one sentence.
    pub statement: String,
    /// Where: the paper and its section, theorem, figure or table.
    pub source: String,
    /// The paper's own number, if it gives one.
    pub paper: Option<String>,
    /// Our measured value (with its CI where it has one).
    pub measured: String,
    /// The experiment's scope: sizes, seeds or sources, the CI's level.
    pub scope: String,
    /// The benchmark ids or report sections that decide it.
    pub experiment: Vec<String>,
    /// The verdict.
    pub verdict: Verdict,
}

impl Claim {
    /// A claim whose experiment did not run in this report (absent or skipped rows).
    pub fn not_measured(
        statement: &str,
        source: &str,
        paper: Option<&str>,
        experiment: &[&str],
        how_to_run: &str,
    ) -> Claim {
        Claim {
            statement: statement.into(),
            source: source.into(),
            paper: paper.map(str::to_string),
            measured: format!("not in this run: `{how_to_run}`"),
            scope: "–".into(),
            experiment: experiment.iter().map(|s| s.to_string()).collect(),
            verdict: Verdict::NotMeasured,
        }
    }
}

impl Verdict {
    /// The label after a count: "1 holds", "2 hold", "3 do not hold".
    pub fn counted(self, n: usize) -> String {
        let label = match (self, n) {
            (Verdict::Holds, 1) => "holds",
            (Verdict::Holds, _) => "hold",
            (Verdict::DoesNotHold, 1) => "does not hold",
            (Verdict::DoesNotHold, _) => "do not hold",
            (other, _) => other.label(),
        };
        format!("{n} {label}")
    }
}

/// How many claims have each verdict, in [`Verdict::ALL`]'s order (zeros included).
pub fn counts(claims: &[Claim]) -> Vec<(Verdict, usize)> {
    Verdict::ALL
        .into_iter()
        .map(|v| (v, claims.iter().filter(|c| c.verdict == v).count()))
        .collect()
}

/// One line for the index: "3 hold, 1 does not hold, …" (verdicts with no claim are left out).
pub fn counts_line(claims: &[Claim]) -> String {
    if claims.is_empty() {
        return "no claims checked yet".into();
    }
    counts(claims)
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(v, n)| v.counted(n))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Table cells must not break the markdown table.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The page's first section, "The paper's claims, checked".
pub fn render(claims: &[Claim]) -> String {
    let mut md = String::from("## The paper's claims, checked\n\n");
    if claims.is_empty() {
        md.push_str(
            "No claims of this family's papers are checked by the suite yet: the sections \
             below are measurements, not verdicts.\n\n",
        );
        return md;
    }
    let _ = writeln!(
        md,
        "Each claim with the paper's number (where it gives one), ours, the scope of the \
         experiment that decides it, and a verdict that says no more than the data. \
         Verdicts: {}.\n",
        counts_line(claims)
    );
    md.push_str(
        "| # | claim | source | paper | ours | scope | experiment | verdict |\n\
         |---|---|---|---|---|---|---|---|\n",
    );
    for (i, c) in claims.iter().enumerate() {
        let experiment = c
            .experiment
            .iter()
            .map(|e| format!("`{}`", cell(e)))
            .collect::<Vec<_>>()
            .join(", ");
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} | {} | **{}** |",
            i + 1,
            cell(&c.statement),
            cell(&c.source),
            c.paper.as_deref().map_or_else(|| "–".into(), cell),
            cell(&c.measured),
            cell(&c.scope),
            if experiment.is_empty() {
                "–".into()
            } else {
                experiment
            },
            c.verdict.label()
        );
    }
    md.push('\n');
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighing_puts_contradiction_first() {
        assert_eq!(Verdict::weigh(true, true), Verdict::DoesNotHold);
        assert_eq!(Verdict::weigh(false, true), Verdict::Holds);
        assert_eq!(Verdict::weigh(false, false), Verdict::Inconclusive);
    }

    fn claim(verdict: Verdict) -> Claim {
        Claim {
            statement: "RAG@200 > 0.99 at T = 7 | R = 0".into(),
            source: "Liu et al. CIKM'16, Fig. 5".into(),
            paper: Some("> 0.99".into()),
            measured: "0.995 (p10 0.990)".into(),
            scope: "rmat14, 100 sources".into(),
            experiment: vec!["rag/rmat14".into()],
            verdict,
        }
    }

    #[test]
    fn renders_every_field_and_escapes_pipes() {
        let md = render(&[claim(Verdict::Holds), claim(Verdict::DoesNotHold)]);
        assert!(md.starts_with("## The paper's claims, checked"));
        assert!(md.contains("T = 7 \\| R = 0"), "{md}");
        assert!(md.contains("Liu et al. CIKM'16, Fig. 5"));
        assert!(md.contains("| > 0.99 |"));
        assert!(md.contains("`rag/rmat14`"));
        assert!(md.contains("**holds**"));
        assert!(md.contains("**does not hold**"));
        assert!(md.contains("Verdicts: 1 holds, 1 does not hold."), "{md}");
        // One header, one separator and one line per claim.
        assert_eq!(md.lines().filter(|l| l.starts_with('|')).count(), 4);
    }

    #[test]
    fn an_empty_list_says_so() {
        let md = render(&[]);
        assert!(md.contains("No claims"));
        assert!(!md.contains("| # |"));
        assert_eq!(counts_line(&[]), "no claims checked yet");
    }

    #[test]
    fn counts_cover_every_verdict() {
        let claims = [
            claim(Verdict::Holds),
            claim(Verdict::Holds),
            claim(Verdict::NotMeasured),
        ];
        let c = counts(&claims);
        assert_eq!(c.len(), Verdict::ALL.len());
        assert_eq!(c[0], (Verdict::Holds, 2));
        assert_eq!(c[4], (Verdict::NotMeasured, 1));
        assert_eq!(counts_line(&claims), "2 hold, 1 not measured in this run");
        assert_eq!(Verdict::DoesNotHold.counted(3), "3 do not hold");
    }
}
