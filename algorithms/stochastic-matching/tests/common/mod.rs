//! Shared helpers for the integration tests: seeded random tiny instances.
#![allow(dead_code, unreachable_pub)]

use stochastic_matching::Instance;
use stochastic_matching::generators::{Probabilities, random_bipartite};

/// A deterministic stream of random tiny instances (n ≤ max_n, T ≤ max_t), mixing
/// probability models and weights, from `seed`.
pub fn tiny_instances(count: usize, max_n: usize, max_t: usize, seed: u64) -> Vec<Instance> {
    (0..count as u64)
        .map(|i| {
            let s = seed.wrapping_mul(1_000_003).wrapping_add(i);
            let n = 1 + (s % max_n as u64) as usize;
            let t = 1 + (s / 7 % max_t as u64) as usize;
            let probs = match i % 4 {
                0 => Probabilities::Uniform(0.05, 1.0),
                1 => Probabilities::Equal(0.3),
                2 => Probabilities::Decomposable(0.2, 1.0),
                _ => Probabilities::Uniform(0.5, 1.0),
            };
            let weights = (i % 3 == 0).then_some((0.5, 3.0));
            random_bipartite(n, t, 0.6, probs, weights, s).expect("valid parameters")
        })
        .collect()
}

/// The three-arrival counterexample: configuration LP (1.791) below the adaptive optimum
/// (1.910241).
pub fn counterexample() -> Instance {
    Instance::unweighted(
        3,
        vec![
            vec![(2, 0.263)],
            vec![(0, 0.714), (1, 0.217), (2, 0.907)],
            vec![(1, 0.791)],
        ],
    )
    .unwrap()
}
