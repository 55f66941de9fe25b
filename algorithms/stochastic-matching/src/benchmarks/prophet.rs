//! B6, the prophet (realisation) benchmark: `E[max-weight matching of the realised graph]`,
//! where edge `e` is present iff its coin succeeds. Monte Carlo on the simulator's coins
//! (the same stream, so it pairs with the algorithms' runs) plus an exact vertex-weighted
//! maximum matching: offline vertices by decreasing weight, each augmenting (Kuhn) — the
//! matchable offline sets form a transversal matroid, so this greedy is optimal.
//! O(n · |E|) per replication.

use rand_core::SeedableRng;
use rand_pcg::Pcg64;

use crate::simulate::{Estimate, Welford, unit};
use crate::{Error, Instance};

/// The maximum weight of a matching in the graph of edges `e` with `coins[e] < p_e`.
/// `adjacency` is [`Instance::offline_adjacency`].
pub fn max_weight_realised(
    inst: &Instance,
    adjacency: &[Vec<(usize, usize)>],
    coins: &[f64],
) -> f64 {
    let edges = inst.all_edges();
    let w = inst.weights();
    let mut order: Vec<usize> = (0..inst.n()).collect();
    order.sort_by(|&a, &b| w[b].total_cmp(&w[a]));
    let mut owner = vec![usize::MAX; inst.arrivals()];
    let mut stamp = vec![0u32; inst.arrivals()];
    let mut round = 0u32;
    let mut value = 0.0;
    for &u in &order {
        round += 1;
        if augment(u, adjacency, edges, coins, &mut owner, &mut stamp, round) {
            value += w[u];
        }
    }
    value
}

fn augment(
    u: usize,
    adjacency: &[Vec<(usize, usize)>],
    edges: &[crate::Neighbour],
    coins: &[f64],
    owner: &mut [usize],
    stamp: &mut [u32],
    round: u32,
) -> bool {
    for &(t, e) in &adjacency[u] {
        if coins[e] >= edges[e].p || stamp[t] == round {
            continue;
        }
        stamp[t] = round;
        if owner[t] == usize::MAX || augment(owner[t], adjacency, edges, coins, owner, stamp, round)
        {
            owner[t] = u;
            return true;
        }
    }
    false
}

/// The prophet benchmark by Monte Carlo; with the same seed it uses exactly the coins of
/// [`crate::simulate`](fn@crate::simulate).
///
/// ```
/// use stochastic_matching::{Instance, prophet};
/// // p ≡ 1: the realised graph is the graph, so the prophet is the maximum matching.
/// let inst = Instance::unweighted(2, vec![vec![(0, 1.0), (1, 1.0)], vec![(0, 1.0)]])?;
/// assert_eq!(prophet(&inst, 10, 1)?.mean, 2.0);
/// # Ok::<(), stochastic_matching::Error>(())
/// ```
///
/// # Errors
/// [`Error::ZeroReplications`].
pub fn prophet(inst: &Instance, replications: u64, seed: u64) -> Result<Estimate, Error> {
    if replications == 0 {
        return Err(Error::ZeroReplications);
    }
    let adjacency = inst.offline_adjacency();
    let mut rng = Pcg64::seed_from_u64(seed);
    let mut coins = vec![0.0; inst.edges()];
    let mut stats = Welford::default();
    for _ in 0..replications {
        for c in coins.iter_mut() {
            *c = unit(&mut rng);
        }
        stats.push(max_weight_realised(inst, &adjacency, &coins));
    }
    Ok(stats.estimate())
}
