//! The R-MAT generator (Chakrabarti, Zhan and Faloutsos, SDM 2004) with Graph500 parameters.

use rand_pcg::Pcg64;

use crate::walk::{splitmix64, unit};

/// Graph500's R-MAT probabilities (a, b, c, d).
pub const GRAPH500: (f64, f64, f64, f64) = (0.57, 0.19, 0.19, 0.05);

/// The seed of the benchmarks' R-MAT graphs (`rmat17` and the smaller quick ones).
pub const RMAT_SEED: u64 = 20_160_817;

/// A directed R-MAT graph on `2^scale` vertices: `edge_factor · 2^scale` arcs drawn by
/// recursive quadrant choice with the [`GRAPH500`] probabilities from `Pcg64` seeded with
/// `seed`; vertex ids then permuted (seeded Fisher–Yates) against locality skew; self-loops
/// and duplicate arcs dropped. Returns the arcs sorted by (source, target). O(m log m).
/// Scale 17 with edge factor 8 gives `rmat17` (131,072 vertices, about 1M arcs).
///
/// ```
/// let arcs = ppr::rmat::rmat(8, 8, 1);
/// assert!(arcs.len() > 1000 && arcs.len() <= 2048); // duplicates and self-loops dropped
/// assert!(arcs.iter().all(|&(u, v)| u != v && u < 256 && v < 256));
/// ```
pub fn rmat(scale: u32, edge_factor: u32, seed: u64) -> Vec<(u32, u32)> {
    let n = 1u64 << scale;
    let m = u64::from(edge_factor) * n;
    let hi = splitmix64(seed);
    let mut rng = Pcg64::new(
        (u128::from(hi) << 64) | u128::from(splitmix64(hi)),
        0xA02B_DBF7_BB3C_0A7A,
    );
    let (a, b, c, _) = GRAPH500;
    let mut arcs = Vec::with_capacity(m as usize);
    for _ in 0..m {
        let (mut u, mut v) = (0u32, 0u32);
        for _ in 0..scale {
            let r = unit(&mut rng);
            let (du, dv) = if r < a {
                (0, 0)
            } else if r < a + b {
                (0, 1)
            } else if r < a + b + c {
                (1, 0)
            } else {
                (1, 1)
            };
            u = (u << 1) | du;
            v = (v << 1) | dv;
        }
        arcs.push((u, v));
    }
    let mut perm: Vec<u32> = (0..n as u32).collect();
    for i in (1..perm.len()).rev() {
        let j = crate::walk::below(&mut rng, i as u64 + 1) as usize;
        perm.swap(i, j);
    }
    let mut out: Vec<(u32, u32)> = arcs
        .into_iter()
        .filter(|&(u, v)| u != v)
        .map(|(u, v)| (perm[u as usize], perm[v as usize]))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}
