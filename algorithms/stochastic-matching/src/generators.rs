//! Instance generators: upper-triangular (KVV) with `m` copies, `gk(k, m)`, Mehta–Panigrahi's
//! z-graph, `simplist(m)`, a
//! single offline vertex, random bipartite graphs with equal, uniform or decomposable
//! probabilities, the learned hard patterns of Zhang et al. (ICML'24), and `p ≡ 1` versions
//! of each ([`Instance::with_unit_probabilities`]). Random generators take an explicit seed
//! (PCG-64).

use rand_core::SeedableRng;
use rand_pcg::Pcg64;

use crate::algorithms::ranking_below as below;
use crate::simulate::unit;
use crate::{Error, Instance};

fn positive(name: &'static str, v: usize) -> Result<(), Error> {
    if v == 0 {
        return Err(Error::InvalidParameter {
            name,
            reason: "must be at least 1".into(),
        });
    }
    Ok(())
}

/// Each deterministic edge `(u, j)` of a pattern becomes `m` consecutive arrivals of type `j`
/// with `p = 1/m` (the ICML'24 code's `from_nonweight_edges`). Types arrive in index order.
///
/// # Errors
/// [`Error::InvalidParameter`] when `m = 0`; the validation errors of [`Instance::new`].
pub fn from_types(n: usize, types: &[Vec<u32>], m: usize) -> Result<Instance, Error> {
    positive("m", m)?;
    let p = 1.0 / m as f64;
    let online = types
        .iter()
        .flat_map(|nb| {
            let list: Vec<(u32, f64)> = nb.iter().map(|&u| (u, p)).collect();
            std::iter::repeat_n(list, m)
        })
        .collect();
    Instance::unweighted(n, online)
}

/// Upper-triangular with `m` copies: type `j = 0..n` has `m` arrivals adjacent to
/// `u_j..u_{n−1}` with `p = 1/m`. The budgeted LP is `n`; adversarial with
/// [`crate::TieBreak::HighestIndex`].
///
/// ```
/// let inst = stochastic_matching::generators::upper_triangular(3, 2)?;
/// assert_eq!((inst.n(), inst.arrivals(), inst.edges()), (3, 6, 12));
/// # Ok::<(), stochastic_matching::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidParameter`] when `n` or `m` is 0.
pub fn upper_triangular(n: usize, m: usize) -> Result<Instance, Error> {
    positive("n", n)?;
    let types: Vec<Vec<u32>> = (0..n).map(|j| (j as u32..n as u32).collect()).collect();
    from_types(n, &types, m)
}

/// Mehta–Panigrahi's (FOCS'12) hard family `G_k`: offline `u` adjacent to the first `(u+1)·m` arrivals,
/// `T = k·m`, `p = 1/m`. (Arrival `t` then sees `u_{⌊t/m⌋}..u_{k−1}`: the same graph as
/// [`upper_triangular`]`(k, m)`.)
///
/// # Errors
/// [`Error::InvalidParameter`] when `k` or `m` is 0.
pub fn gk(k: usize, m: usize) -> Result<Instance, Error> {
    positive("k", k)?;
    positive("m", m)?;
    let p = 1.0 / m as f64;
    let online = (0..k * m)
        .map(|t| {
            (0..k)
                .filter(|u| t < (u + 1) * m)
                .map(|u| (u as u32, p))
                .collect()
        })
        .collect();
    Instance::unweighted(k, online)
}

/// Mehta–Panigrahi's (FOCS'12, §3.1) "z-graph", on which Stochastic Balance achieves no
/// better than 0.588 of the budgeted LP as p → 0 (with `k/n = α = 0.42`, `n → ∞`).
///
/// Offline: `U₁ = u_0..u_{k−1}`, then `U₂ = u_k..u_{k+n−1}`. Online, in this order: `k`
/// batches of `m` arrivals, batch `i` adjacent to `U₁[i]` and to all of `U₂`; then `n`
/// batches of `m` arrivals, batch `i` adjacent to `U₂[i]` only. Every edge has `p = 1/m`.
/// The budgeted LP is `k + n` (each batch to its own vertex). Least load with ties broken
/// towards `U₂` ([`crate::TieBreak::HighestIndex`]) fills `U₁[i]` only up to `U₂`'s load,
/// as in the paper's analysis.
///
/// ```
/// let inst = stochastic_matching::generators::z_graph(2, 5, 3)?;
/// assert_eq!((inst.n(), inst.arrivals(), inst.edges()), (7, 21, 2 * 3 * 6 + 5 * 3));
/// # Ok::<(), stochastic_matching::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidParameter`] when `n` or `m` is 0.
pub fn z_graph(k: usize, n: usize, m: usize) -> Result<Instance, Error> {
    positive("n", n)?;
    let second: Vec<u32> = (k as u32..(k + n) as u32).collect();
    let types: Vec<Vec<u32>> = (0..k)
        .map(|i| {
            std::iter::once(i as u32)
                .chain(second.iter().copied())
                .collect()
        })
        .chain(second.iter().map(|&u| vec![u]))
        .collect();
    from_types(k + n, &types, m)
}

/// `simplist(m)`: one offline vertex, `m` arrivals with `p = 1/m`.
///
/// # Errors
/// [`Error::InvalidParameter`] when `m` is 0.
pub fn simplist(m: usize) -> Result<Instance, Error> {
    from_types(1, &[vec![0]], m)
}

/// One offline vertex, `t` arrivals with probability `p`: adaptive = SC-LP = `1 − (1−p)^t`,
/// budgeted LP = configuration LP = `min(1, t p)`.
///
/// # Errors
/// [`Error::InvalidProbability`] for a bad `p`.
pub fn single_vertex(t: usize, p: f64) -> Result<Instance, Error> {
    Instance::unweighted(1, vec![vec![(0, p)]; t])
}

/// How random probabilities are drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Probabilities {
    /// Every edge has this `p`.
    Equal(f64),
    /// `p ~ U[a, b]` per edge (`0 < a ≤ b ≤ 1`).
    Uniform(f64, f64),
    /// `p_uv = p_u p_v` with `p_u, p_v ~ U[a, b]`.
    Decomposable(f64, f64),
}

/// A random bipartite graph: each of the `n · t` pairs is an edge with probability
/// `density`; weights 1, or `~ U[lo, hi]` when given.
///
/// ```
/// use stochastic_matching::generators::{random_bipartite, Probabilities};
/// let a = random_bipartite(4, 6, 0.5, Probabilities::Uniform(0.1, 0.9), None, 7)?;
/// let b = random_bipartite(4, 6, 0.5, Probabilities::Uniform(0.1, 0.9), None, 7)?;
/// assert_eq!(a, b);
/// # Ok::<(), stochastic_matching::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidParameter`] for a density outside `[0, 1]` or a bad range;
/// [`Error::InvalidProbability`] / [`Error::InvalidWeight`] for values they produce.
pub fn random_bipartite(
    n: usize,
    t: usize,
    density: f64,
    probabilities: Probabilities,
    weights: Option<(f64, f64)>,
    seed: u64,
) -> Result<Instance, Error> {
    if !(0.0..=1.0).contains(&density) {
        return Err(Error::InvalidParameter {
            name: "density",
            reason: format!("{density} is not in [0, 1]"),
        });
    }
    let mut rng = Pcg64::seed_from_u64(seed);
    let (pu, pv) = side_factors(n, t, probabilities, &mut rng)?;
    let w: Vec<f64> = match weights {
        Some((lo, hi)) => (0..n).map(|_| lo + (hi - lo) * unit(&mut rng)).collect(),
        None => vec![1.0; n],
    };
    let mut online = Vec::with_capacity(t);
    for &qv in &pv {
        let mut list = Vec::new();
        for (u, &qu) in pu.iter().enumerate() {
            if unit(&mut rng) < density {
                list.push((u as u32, draw(probabilities, qu, qv, &mut rng)));
            }
        }
        online.push(list);
    }
    Instance::new(w, online)
}

/// A random graph where each arrival has `degree` distinct uniformly random neighbours
/// (`degree ≤ n`), unit weights.
///
/// # Errors
/// As [`random_bipartite`]; [`Error::InvalidParameter`] when `degree > n`.
pub fn random_regular_arrivals(
    n: usize,
    t: usize,
    degree: usize,
    probabilities: Probabilities,
    seed: u64,
) -> Result<Instance, Error> {
    if degree > n {
        return Err(Error::InvalidParameter {
            name: "degree",
            reason: format!("{degree} exceeds n = {n}"),
        });
    }
    let mut rng = Pcg64::seed_from_u64(seed);
    let (pu, pv) = side_factors(n, t, probabilities, &mut rng)?;
    let mut pool: Vec<u32> = (0..n as u32).collect();
    let online = (0..t)
        .map(|v| {
            for i in 0..degree {
                let j = i + below(&mut rng, (n - i) as u64) as usize;
                pool.swap(i, j);
            }
            pool[..degree]
                .iter()
                .map(|&u| (u, draw(probabilities, pu[u as usize], pv[v], &mut rng)))
                .collect()
        })
        .collect();
    Instance::unweighted(n, online)
}

fn side_factors(
    n: usize,
    t: usize,
    probabilities: Probabilities,
    rng: &mut Pcg64,
) -> Result<(Vec<f64>, Vec<f64>), Error> {
    match probabilities {
        Probabilities::Equal(_) => Ok((vec![1.0; n], vec![1.0; t])),
        Probabilities::Uniform(a, b) | Probabilities::Decomposable(a, b) => {
            if !(a > 0.0 && a <= b && b <= 1.0) {
                return Err(Error::InvalidParameter {
                    name: "probabilities",
                    reason: format!("range [{a}, {b}] is not within (0, 1]"),
                });
            }
            if let Probabilities::Decomposable(..) = probabilities {
                let pu = (0..n).map(|_| a + (b - a) * unit(rng)).collect();
                let pv = (0..t).map(|_| a + (b - a) * unit(rng)).collect();
                Ok((pu, pv))
            } else {
                Ok((vec![1.0; n], vec![1.0; t]))
            }
        }
    }
}

fn draw(probabilities: Probabilities, pu: f64, pv: f64, rng: &mut Pcg64) -> f64 {
    match probabilities {
        Probabilities::Equal(p) => p,
        Probabilities::Uniform(a, b) => (a + (b - a) * unit(rng)).max(f64::MIN_POSITIVE),
        Probabilities::Decomposable(..) => pu * pv,
    }
}

/// The learned worst-case edge lists of Zhang et al. (ICML'24), `generate_worst_edges()` for
/// `M = 1..=6` in onlinematching/stochastic-rewards `src/sr_alg_net/util.rs`: pairs
/// `(u, type)`; `M` offline vertices and `M` online types.
pub fn learned_pattern(big_m: usize) -> Result<Vec<(u32, u32)>, Error> {
    let edges: &[(u32, u32)] = match big_m {
        1 => &[(0, 0)],
        2 => &[(0, 0), (1, 0), (1, 1)],
        3 => &[(0, 0), (1, 0), (2, 0), (1, 1), (2, 2)],
        4 => &[(0, 0), (1, 0), (1, 1), (2, 0), (2, 2), (3, 0), (3, 3)],
        5 => &[
            (0, 0),
            (0, 1),
            (1, 3),
            (1, 0),
            (1, 1),
            (1, 4),
            (2, 0),
            (2, 1),
            (3, 0),
            (4, 0),
            (4, 1),
            (4, 2),
        ],
        6 => &[
            (0, 0),
            (0, 1),
            (0, 2),
            (1, 0),
            (2, 0),
            (2, 1),
            (3, 0),
            (3, 1),
            (3, 5),
            (4, 0),
            (4, 1),
            (4, 4),
            (5, 0),
            (5, 1),
            (5, 3),
        ],
        _ => {
            return Err(Error::InvalidParameter {
                name: "M",
                reason: format!("learned patterns exist for M = 1..=6, not {big_m}"),
            });
        }
    };
    Ok(edges.to_vec())
}

/// A learned pattern ([`learned_pattern`]) with each type repeated `m` times at `p = 1/m`.
///
/// # Errors
/// As [`learned_pattern`] and [`from_types`].
pub fn learned(big_m: usize, m: usize) -> Result<Instance, Error> {
    let edges = learned_pattern(big_m)?;
    let mut types = vec![Vec::new(); big_m];
    for (u, j) in edges {
        types[j as usize].push(u);
    }
    from_types(big_m, &types, m)
}
