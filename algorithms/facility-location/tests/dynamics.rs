//! The equilibrium characterisation of Aziz et al. (arXiv 2111.01566): best-response dynamics under the average reach Uniform Phantom's outcome
//! exactly, on seeded random rational profiles.
mod common;

use common::*;
use facility_location::dynamics::best_response_average;
use facility_location::{Error, Mechanism};
use rand_core::Rng;

#[test]
fn equilibrium_outcome_is_uniform_phantom_exactly() {
    let mut r = rng(2024);
    for i in 0..1500 {
        let n = 1 + (r.next_u64() % 7) as usize;
        let max_den = [6, 30, 1000][i % 3];
        let p = random_profile(&mut r, n, max_den);
        let eq = best_response_average(&p, 10_000).unwrap();
        assert_eq!(eq.outcome, up_oracle(&p), "{p}");
        assert_eq!(eq.outcome, Mechanism::UniformPhantom.evaluate(&p).unwrap());
        // It is an equilibrium: every report is the (unique) best response to the others.
        let x = p.locations();
        let sum: facility_location::Rational = eq.reports.iter().sum();
        for (i, xi) in x.iter().enumerate() {
            let others = &sum - &eq.reports[i];
            let br = (&int(n as i64) * xi - &others).clamped(&int(0), &int(1));
            assert_eq!(br, eq.reports[i]);
        }
    }
}

#[test]
fn larger_profiles_and_extremes() {
    let mut r = rng(7);
    for n in [8usize, 10, 15] {
        for _ in 0..30 {
            let p = random_profile(&mut r, n, 100);
            let eq = best_response_average(&p, 100_000).unwrap();
            assert_eq!(eq.outcome, up_oracle(&p), "{p}");
        }
    }
    for (a, b) in [(3, 0), (0, 3), (2, 1), (1, 4)] {
        let p = zeros_ones(a, b);
        assert_eq!(
            best_response_average(&p, 100).unwrap().outcome,
            q(b as i64, (a + b) as i64)
        );
    }
}

#[test]
fn round_limit_is_reported() {
    let p = prof(&[(3, 10), (2, 5)]);
    assert_eq!(
        best_response_average(&p, 1),
        Err(Error::NoConvergence { rounds: 1 })
    );
}
