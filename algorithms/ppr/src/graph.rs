//! The directed graph: compressed sparse rows over `u32` vertex ids, out- and in-adjacency.
//!
//! **Dangling vertices** (out-degree 0) are handled by every algorithm of this crate the same
//! way: a walk (or flow) that reaches one jumps back to the query's *source*, so PPR vectors
//! always sum to 1. This is the convention of the PowerWalk reference code, networkx,
//! graph-tool and igraph's PRPACK (see the crate README).

use std::sync::OnceLock;

use crate::error::Error;

/// The in-adjacency relabelled by decreasing out-degree, for pull passes: the vertices
/// whose values are gathered most often sit together in a few cache lines. Built once per
/// graph on first use (O(m)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullCsr {
    /// `order[new] = old` id.
    pub order: Vec<u32>,
    /// `rank[old] = new` id.
    pub rank: Vec<u32>,
    /// In-offsets in the new ids (length n + 1).
    pub offsets: Vec<usize>,
    /// In-sources in the new ids.
    pub sources: Vec<u32>,
}

/// A directed graph in CSR form with `u32` ids `0..n`. Parallel arcs and self-loops are
/// kept as given (an arc listed twice is twice as likely to be followed).
#[derive(Debug, Clone)]
pub struct Graph {
    out_offsets: Vec<usize>,
    out_targets: Vec<u32>,
    in_offsets: Vec<usize>,
    in_sources: Vec<u32>,
    pull: OnceLock<PullCsr>,
    arc_digest: OnceLock<u64>,
}

impl Graph {
    /// Builds a graph from arcs `(u, v)`. `n` vertices if given, else `max id + 1`. With
    /// `directed = false` every edge becomes the two arcs `u → v` and `v → u` (a self-loop
    /// stays one arc). O(n + m) time (two counting sorts).
    ///
    /// # Errors
    /// [`Error::EmptyGraph`] when there are no vertices; [`Error::InvalidParameter`] when an
    /// id is `≥ n`.
    ///
    /// ```
    /// let g = ppr::Graph::from_edges(None, &[(0, 1), (1, 2)], false)?;
    /// assert_eq!((g.n(), g.m()), (3, 4));
    /// assert_eq!(g.out_neighbors(1), &[0, 2]);
    /// # Ok::<(), ppr::Error>(())
    /// ```
    pub fn from_edges(
        n: Option<usize>,
        edges: &[(u32, u32)],
        directed: bool,
    ) -> Result<Graph, Error> {
        let max = edges
            .iter()
            .map(|&(u, v)| u.max(v) as usize + 1)
            .max()
            .unwrap_or(0);
        let n = n.unwrap_or(max);
        if n == 0 {
            return Err(Error::EmptyGraph);
        }
        if max > n {
            return Err(Error::InvalidParameter {
                name: "edges",
                reason: format!("vertex id {} is not below n = {n}", max - 1),
            });
        }
        if n > u32::MAX as usize {
            return Err(Error::InvalidParameter {
                name: "n",
                reason: format!("{n} vertices do not fit u32 ids"),
            });
        }
        let mut degree = vec![0usize; n + 1];
        for &(u, v) in edges {
            degree[u as usize] += 1;
            if !directed && u != v {
                degree[v as usize] += 1;
            }
        }
        let out_offsets = prefix_sums(&degree[..n]);
        let mut next = out_offsets.clone();
        let mut out_targets = vec![0u32; out_offsets[n]];
        let mut put = |u: u32, v: u32| {
            out_targets[next[u as usize]] = v;
            next[u as usize] += 1;
        };
        for &(u, v) in edges {
            put(u, v);
            if !directed && u != v {
                put(v, u);
            }
        }
        Ok(Graph::from_out_csr(out_offsets, out_targets))
    }

    /// Builds the graph from an out-CSR (offsets of length n + 1, targets), adding the
    /// in-adjacency (sources in increasing order).
    fn from_out_csr(out_offsets: Vec<usize>, out_targets: Vec<u32>) -> Graph {
        let n = out_offsets.len() - 1;
        let mut indeg = vec![0usize; n];
        for &v in &out_targets {
            indeg[v as usize] += 1;
        }
        let in_offsets = prefix_sums(&indeg);
        let mut next = in_offsets.clone();
        let mut in_sources = vec![0u32; out_targets.len()];
        for u in 0..n {
            for &v in &out_targets[out_offsets[u]..out_offsets[u + 1]] {
                in_sources[next[v as usize]] = u as u32;
                next[v as usize] += 1;
            }
        }
        Graph {
            out_offsets,
            out_targets,
            in_offsets,
            in_sources,
            pull: OnceLock::new(),
            arc_digest: OnceLock::new(),
        }
    }

    /// Number of vertices.
    #[inline]
    pub fn n(&self) -> usize {
        self.out_offsets.len() - 1
    }

    /// Number of arcs.
    pub fn m(&self) -> usize {
        self.out_targets.len()
    }

    /// Out-degree of `u`.
    #[inline]
    pub fn out_degree(&self, u: u32) -> usize {
        self.out_offsets[u as usize + 1] - self.out_offsets[u as usize]
    }

    /// The out-neighbours of `u`, in input order.
    #[inline]
    pub fn out_neighbors(&self, u: u32) -> &[u32] {
        &self.out_targets[self.out_offsets[u as usize]..self.out_offsets[u as usize + 1]]
    }

    /// The in-neighbours of `v`, in increasing order (with multiplicity).
    #[inline]
    pub fn in_neighbors(&self, v: u32) -> &[u32] {
        &self.in_sources[self.in_offsets[v as usize]..self.in_offsets[v as usize + 1]]
    }

    /// The out-CSR arrays (offsets of length n + 1, targets).
    pub fn out_csr(&self) -> (&[usize], &[u32]) {
        (&self.out_offsets, &self.out_targets)
    }

    /// The in-CSR arrays (offsets of length n + 1, sources).
    pub fn in_csr(&self) -> (&[usize], &[u32]) {
        (&self.in_offsets, &self.in_sources)
    }

    /// The in-adjacency relabelled by decreasing out-degree (ties by id), built on first use.
    pub fn pull_csr(&self) -> &PullCsr {
        self.pull.get_or_init(|| {
            let n = self.n();
            let mut order: Vec<u32> = (0..n as u32).collect();
            order.sort_by_key(|&u| (std::cmp::Reverse(self.out_degree(u)), u));
            let rank = ranks_of(&order);
            let (offsets, sources) =
                relabelled_lists(&order, &rank, self.m(), |v| self.in_neighbors(v));
            PullCsr {
                order,
                rank,
                offsets,
                sources,
            }
        })
    }

    /// Number of dangling vertices (out-degree 0).
    pub fn sinks(&self) -> usize {
        (0..self.n())
            .filter(|&u| self.out_degree(u as u32) == 0)
            .count()
    }

    /// Checks that `source` is a vertex.
    ///
    /// # Errors
    /// [`Error::UnknownSource`].
    pub fn check_source(&self, source: u32) -> Result<(), Error> {
        if (source as usize) < self.n() {
            Ok(())
        } else {
            Err(Error::UnknownSource {
                source,
                n: self.n(),
            })
        }
    }

    /// A 64-bit digest of the out-CSR (for checking that two processes or an index and a
    /// graph agree).
    pub fn digest(&self) -> u64 {
        let mut h = crate::index_io::Fnv::new();
        h.write(&(self.n() as u64).to_le_bytes());
        for &o in &self.out_offsets {
            h.write(&(o as u64).to_le_bytes());
        }
        for &t in &self.out_targets {
            h.write(&t.to_le_bytes());
        }
        h.finish()
    }
}

impl Graph {
    /// An order-insensitive 64-bit digest of the graph: its vertex count and the multiset of
    /// its arcs (the sum of a mix of each arc, so it can be computed in pieces, one per
    /// worker, and added up: [`arc_digest_term`], [`arc_digest_of`]). An index stores it and
    /// a query refuses an index whose digest differs from the graph's. Computed once per
    /// graph (O(m)), then cached.
    pub fn arc_digest(&self) -> u64 {
        *self.arc_digest.get_or_init(|| {
            let mut sum = 0u64;
            for u in 0..self.n() as u32 {
                for &v in self.out_neighbors(u) {
                    sum = sum.wrapping_add(arc_digest_term(u, v));
                }
            }
            arc_digest_of(self.n(), sum)
        })
    }
}

/// The digest term of arc `u → v` (see [`Graph::arc_digest`]).
#[inline]
pub fn arc_digest_term(u: u32, v: u32) -> u64 {
    let key = (u64::from(u) << 32) | u64::from(v);
    crate::walk::splitmix64(key ^ 0x6172_6373_6172_6373)
}

/// The graph digest of `n` vertices whose arcs' terms ([`arc_digest_term`]) sum to `sum`.
#[inline]
pub fn arc_digest_of(n: usize, sum: u64) -> u64 {
    crate::walk::splitmix64(sum ^ crate::walk::splitmix64(n as u64))
}

/// Graphs are equal when their arcs are (the lazily built pull order does not count).
impl PartialEq for Graph {
    fn eq(&self, other: &Self) -> bool {
        self.out_offsets == other.out_offsets && self.out_targets == other.out_targets
    }
}

impl Eq for Graph {}

fn prefix_sums(counts: &[usize]) -> Vec<usize> {
    let mut out = Vec::with_capacity(counts.len() + 1);
    let mut s = 0;
    out.push(0);
    for &c in counts {
        s += c;
        out.push(s);
    }
    out
}

/// The smallest teleport probability accepted. A walk lasts `1/c` steps on average and
/// power iteration needs `ln(tol)/ln(1 − c)` iterations, so a tiny `c` means unbounded work
/// (and below about 1e-16, `1 − c` rounds to 1 and nothing ever stops).
pub const MIN_TELEPORT: f64 = 1e-6;

/// Checks `MIN_TELEPORT ≤ c < 1` ([`MIN_TELEPORT`]).
///
/// # Errors
/// [`Error::InvalidTeleport`].
pub fn check_teleport(c: f64) -> Result<(), Error> {
    if (MIN_TELEPORT..1.0).contains(&c) {
        Ok(())
    } else {
        Err(Error::InvalidTeleport(c))
    }
}

/// `rank[old] = new` for a vertex order `order[new] = old`.
pub(crate) fn ranks_of(order: &[u32]) -> Vec<u32> {
    let mut rank = vec![0u32; order.len()];
    for (new, &old) in order.iter().enumerate() {
        rank[old as usize] = new as u32;
    }
    rank
}

/// The adjacency lists `lists(old)` of the vertices in `order`, renamed by `rank` and each
/// sorted, as CSR (offsets of length n + 1, then the `arcs` entries). O(n + m log d).
pub(crate) fn relabelled_lists<'g>(
    order: &[u32],
    rank: &[u32],
    arcs: usize,
    lists: impl Fn(u32) -> &'g [u32],
) -> (Vec<usize>, Vec<u32>) {
    let mut offsets = Vec::with_capacity(order.len() + 1);
    let mut entries = Vec::with_capacity(arcs);
    offsets.push(0);
    for &old in order {
        let start = entries.len();
        entries.extend(lists(old).iter().map(|&u| rank[u as usize]));
        entries[start..].sort_unstable();
        offsets.push(entries.len());
    }
    (offsets, entries)
}
