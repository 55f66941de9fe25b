//! The benchmarks that competitive ratios are measured against: LPs solved with good_lp
//! (clarabel, microlp; pure Rust) and exact offline optima.
//!
//! Verified chain (each inequality holds because the left side's policy is feasible for the
//! right side's relaxation; tested on random instances): non-adaptive ≤ adaptive ≤ stochastic configuration LP ≤
//! budgeted LP, and configuration LP ≤ budgeted LP; the configuration LP is *not* an upper
//! bound on the adaptive optimum when probabilities are large.

pub mod adaptive;
pub mod budgeted_lp;
pub mod columns;
pub mod config_lp;
pub mod fully_offline;
pub mod non_adaptive;
pub mod path_based;
pub mod prophet;
pub mod sclp;
pub mod sclp_compact;

use good_lp::solvers::DualValues;
use good_lp::{
    Expression, ProblemVariables, Solution, SolutionWithDual, SolverModel, Variable, variable,
};

use crate::Error;

/// Which LP solver good_lp uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LpSolver {
    /// Clarabel (interior point; gives duals; accurate to about 1e-9 with the tolerances set here).
    Clarabel,
    /// microlp (simplex; no duals through good_lp).
    Microlp,
}

impl LpSolver {
    /// A short name.
    pub fn name(&self) -> &'static str {
        match self {
            LpSolver::Clarabel => "clarabel",
            LpSolver::Microlp => "microlp",
        }
    }
}

/// A packing LP `max c·x, A x ≤ b, x ≥ 0`, rows given sparsely.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lp {
    pub(crate) objective: Vec<f64>,
    pub(crate) rows: Vec<(Vec<(usize, f64)>, f64)>,
}

/// The solved LP: objective, primal values and (when asked) the row duals as shadow prices.
#[derive(Debug, Clone)]
pub(crate) struct Solved {
    pub(crate) value: f64,
    #[allow(dead_code)]
    pub(crate) x: Vec<f64>,
    pub(crate) duals: Vec<f64>,
}

fn build(
    lp: &Lp,
) -> (
    ProblemVariables,
    Vec<Variable>,
    Expression,
    Vec<Option<Expression>>,
) {
    let mut vars = ProblemVariables::new();
    let x = vars.add_vector(variable().min(0.0), lp.objective.len());
    let mut obj = Expression::with_capacity(lp.objective.len());
    for (v, &c) in x.iter().zip(&lp.objective) {
        if c != 0.0 {
            obj.add_mul(c, *v);
        }
    }
    let rows = lp
        .rows
        .iter()
        .map(|(entries, _)| {
            if entries.is_empty() {
                return None;
            }
            let mut e = Expression::with_capacity(entries.len());
            for &(j, a) in entries {
                e.add_mul(a, x[j]);
            }
            Some(e)
        })
        .collect();
    (vars, x, obj, rows)
}

fn solver_error(lp: &'static str) -> impl Fn(good_lp::ResolutionError) -> Error {
    move |e| Error::Solver {
        lp,
        status: e.to_string(),
    }
}

/// Solves `lp`; duals (shadow prices, ≥ 0 for these packing rows) need Clarabel.
pub(crate) fn solve(
    lp: &Lp,
    solver: LpSolver,
    want_duals: bool,
    name: &'static str,
) -> Result<Solved, Error> {
    let (vars, x, obj, rows) = build(lp);
    match solver {
        LpSolver::Clarabel => {
            let mut model = vars.maximise(obj.clone()).using(good_lp::clarabel);
            model
                .settings()
                .tol_gap_abs(1e-11)
                .tol_gap_rel(1e-11)
                .tol_feas(1e-11)
                .max_iter(400);
            let refs: Vec<_> = rows
                .into_iter()
                .zip(&lp.rows)
                .map(|(e, (_, b))| e.map(|e| model.add_constraint(e.leq(*b))))
                .collect();
            let mut sol = model.solve().map_err(solver_error(name))?;
            let xs: Vec<f64> = x.iter().map(|v| sol.value(*v)).collect();
            let value = sol.eval(&obj);
            let duals = if want_duals {
                let d = sol.compute_dual();
                refs.iter()
                    .map(|r| r.as_ref().map_or(0.0, |r| d.dual(r.clone())))
                    .collect()
            } else {
                Vec::new()
            };
            Ok(Solved {
                value,
                x: xs,
                duals,
            })
        }
        LpSolver::Microlp => {
            if want_duals {
                return Err(Error::Solver {
                    lp: name,
                    status: "good_lp gives no duals for microlp; use clarabel".into(),
                });
            }
            let mut model = vars.maximise(obj.clone()).using(good_lp::microlp);
            for (e, (_, b)) in rows.into_iter().zip(&lp.rows) {
                if let Some(e) = e {
                    model.add_constraint(e.leq(*b));
                }
            }
            let sol = model.solve().map_err(solver_error(name))?;
            let xs: Vec<f64> = x.iter().map(|v| sol.value(*v)).collect();
            Ok(Solved {
                value: sol.eval(&obj),
                x: xs,
                duals: Vec::new(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// good_lp's dual convention with clarabel: the shadow price of a binding `≤` row of a
    /// maximisation is positive (objective gain per unit of right-hand side).
    #[test]
    fn good_lp_clarabel_duals_are_nonnegative_shadow_prices() {
        // max 3x + 2y, x + y ≤ 4, x ≤ 3: optimum x=3, y=1, value 11; duals 2 and 1.
        let lp = Lp {
            objective: vec![3.0, 2.0],
            rows: vec![(vec![(0, 1.0), (1, 1.0)], 4.0), (vec![(0, 1.0)], 3.0)],
        };
        let s = solve(&lp, LpSolver::Clarabel, true, "test").unwrap();
        assert!((s.value - 11.0).abs() < 1e-8, "{}", s.value);
        assert!((s.duals[0] - 2.0).abs() < 1e-6, "{:?}", s.duals);
        assert!((s.duals[1] - 1.0).abs() < 1e-6, "{:?}", s.duals);
    }

    #[test]
    fn a_non_optimal_status_is_propagated() {
        // x ≥ 0 and x ≤ -1: infeasible, which no LP of this crate can be.
        let lp = Lp {
            objective: vec![1.0],
            rows: vec![(vec![(0, 1.0)], -1.0)],
        };
        for solver in [LpSolver::Clarabel, LpSolver::Microlp] {
            match solve(&lp, solver, false, "test") {
                Err(Error::Solver { lp: "test", status }) => {
                    assert!(status.to_lowercase().contains("infeasible"), "{status}")
                }
                other => panic!("{solver:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn microlp_refuses_duals() {
        let lp = Lp {
            objective: vec![1.0],
            rows: vec![(vec![(0, 1.0)], 1.0)],
        };
        assert!(matches!(
            solve(&lp, LpSolver::Microlp, true, "t"),
            Err(Error::Solver { .. })
        ));
    }
}
