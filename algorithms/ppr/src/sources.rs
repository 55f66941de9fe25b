//! Query sources as the PowerWalk paper chose them (Liu et al., CIKM 2016): stratified by
//! out-degree, so that accuracy figures cover low- and high-degree vertices alike instead of
//! the low-degree majority of a power-law graph.

use rand_pcg::Pcg64;

use crate::graph::Graph;
use crate::walk::{below, walk_rng};

/// The number of out-degree buckets: `[2^(i−1), 2^i)` for `i = 1..=BUCKETS`.
pub const BUCKETS: u32 = 10;

/// Up to `per_bucket` sources from each out-degree bucket `[2^(i−1), 2^i)`, `i = 1..=10`
/// (degrees 1, 2–3, 4–7, …, 512–1023), drawn without replacement with `seed`; a bucket
/// with fewer vertices gives all of them. Bucket by bucket, ids increasing within a bucket.
/// Deterministic for a seed. O(n).
///
/// ```
/// let g = ppr::edgelist::parse_edge_list("0 1\n0 2\n1 2\n2 0\n3 0\n", true)?;
/// let s = ppr::sources::degree_stratified(&g, 10, 1);
/// // Degree 1: vertices 1, 2, 3; degree 2: vertex 0.
/// assert_eq!(s, vec![1, 2, 3, 0]);
/// # Ok::<(), ppr::Error>(())
/// ```
pub fn degree_stratified(g: &Graph, per_bucket: usize, seed: u64) -> Vec<u32> {
    let mut buckets: Vec<Vec<u32>> = vec![Vec::new(); BUCKETS as usize];
    for u in 0..g.n() as u32 {
        let d = g.out_degree(u);
        if d == 0 {
            continue;
        }
        let i = (usize::BITS - d.leading_zeros()) as usize; // d in [2^(i−1), 2^i)
        if i <= BUCKETS as usize {
            buckets[i - 1].push(u);
        }
    }
    let mut out = Vec::new();
    for (i, mut b) in buckets.into_iter().enumerate() {
        let mut rng: Pcg64 = walk_rng(seed, u32::MAX - i as u32, 0);
        let k = per_bucket.min(b.len());
        for j in 0..k {
            let r = j + below(&mut rng, (b.len() - j) as u64) as usize;
            b.swap(j, r);
        }
        b.truncate(k);
        b.sort_unstable();
        out.extend(b);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_source_lies_in_its_bucket_and_small_buckets_give_all() {
        // A star: vertex 0 has out-degree 300 (bucket 9), the leaves degree 1 (bucket 1).
        let mut edges: Vec<(u32, u32)> = (1..=300).map(|v| (0, v)).collect();
        edges.extend((1..=300).map(|v| (v, 0)));
        let g = Graph::from_edges(None, &edges, true).unwrap();
        let s = degree_stratified(&g, 10, 7);
        assert_eq!(s.len(), 11);
        assert_eq!(s.iter().filter(|&&u| u == 0).count(), 1);
        assert!(s.iter().all(|&u| u == 0 || g.out_degree(u) == 1));
        assert_eq!(s, degree_stratified(&g, 10, 7));
        assert_ne!(s, degree_stratified(&g, 10, 8));
        let all = degree_stratified(&g, 1000, 7);
        assert_eq!(all.len(), 301);
    }
}
