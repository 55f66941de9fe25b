//! Vertex ownership and each worker's part of the graph.
//!
//! Worker `owner(v) = hash(v) mod peers` owns vertex v: it holds v's out-adjacency (in the
//! order of the single-machine [`ppr::Graph`], so a walk picks the same neighbour for the
//! same random draw), advances the walks standing at v, and collects v's fingerprint and
//! the answers of queries from v. The hash (SplitMix64) spreads hubs and id ranges evenly
//! whatever the input's numbering.
//!
//! Memory per worker: 12 B per vertex of the whole graph (a slot map, and offsets indexed
//! by global id so that a step costs the same memory accesses as on one machine), an
//! ownership bitmap, and 4 B per owned arc. (At scale, a compact local renumbering would
//! cut the per-vertex part to the owned vertices.)

use ppr::walk::splitmix64;

/// Salt of the ownership hash (so that ownership is unrelated to the walks' seeds).
const OWNER_SALT: u64 = 0x6F77_6E65_7273_6869;

/// The worker that owns vertex `v` among `peers` workers: `splitmix64(v ^ salt) mod peers`.
///
/// ```
/// use ppr_distributed::partition::owner;
/// assert_eq!(owner(7, 1), 0);
/// assert!(owner(7, 3) < 3);
/// ```
#[inline]
pub fn owner(v: u32, peers: usize) -> usize {
    (splitmix64(u64::from(v) ^ OWNER_SALT) % peers as u64) as usize
}

/// The out-adjacency of the vertices one worker owns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partition {
    me: usize,
    peers: usize,
    owned: Vec<u32>,
    slot: Vec<u32>,
    bits: Vec<u64>,
    offsets: Vec<usize>,
    targets: Vec<u32>,
    arcs_total: u64,
}

impl Partition {
    /// Builds worker `me`'s part from the arcs `(source, target, position)` whose source it
    /// owns. Each vertex's arcs are ordered by their position in the input (ties keep the
    /// order given), which reproduces the single-machine graph's neighbour order: O(m_local
    /// log m_local + n). `arcs_total` is the arc count of the whole graph.
    ///
    /// # Panics
    /// Never for arcs produced by this crate's loader; an arc whose source is not owned by
    /// `me`, or an id `≥ n`, is a bug and panics.
    pub fn from_arcs(
        me: usize,
        peers: usize,
        n: usize,
        mut arcs: Vec<(u32, u32, u64)>,
        arcs_total: u64,
    ) -> Partition {
        arcs.sort_by_key(|a| (a.0, a.2));
        let owned: Vec<u32> = (0..n as u32).filter(|&v| owner(v, peers) == me).collect();
        let mut slot = vec![u32::MAX; n];
        for (i, &v) in owned.iter().enumerate() {
            slot[v as usize] = i as u32;
        }
        let mut bits = vec![0u64; n.div_ceil(64)];
        for &v in &owned {
            bits[v as usize / 64] |= 1 << (v % 64);
        }
        let mut offsets = vec![0usize; n + 1];
        for &(u, v, _) in &arcs {
            assert!(
                slot[u as usize] != u32::MAX && (v as usize) < n,
                "arc ({u}, {v}) sent to the wrong worker"
            );
            offsets[u as usize + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let targets = arcs.iter().map(|a| a.1).collect();
        Partition {
            me,
            peers,
            owned,
            slot,
            bits,
            offsets,
            targets,
            arcs_total,
        }
    }

    /// This worker's index.
    pub fn me(&self) -> usize {
        self.me
    }

    /// Number of workers.
    pub fn peers(&self) -> usize {
        self.peers
    }

    /// Number of vertices of the whole graph.
    pub fn n(&self) -> usize {
        self.slot.len()
    }

    /// Number of arcs of the whole graph.
    pub fn m(&self) -> u64 {
        self.arcs_total
    }

    /// Number of arcs held here.
    pub fn local_arcs(&self) -> usize {
        self.targets.len()
    }

    /// The owned vertices, increasing.
    pub fn owned(&self) -> &[u32] {
        &self.owned
    }

    /// Whether this worker owns `v`.
    #[inline]
    pub fn owns(&self, v: u32) -> bool {
        self.bits[v as usize / 64] >> (v % 64) & 1 == 1
    }

    /// The owner of `v`.
    #[inline]
    pub fn owner(&self, v: u32) -> usize {
        owner(v, self.peers)
    }

    /// The position of owned vertex `v` in [`Partition::owned`].
    #[inline]
    pub fn slot(&self, v: u32) -> usize {
        debug_assert!(self.owns(v));
        self.slot[v as usize] as usize
    }

    /// The out-neighbours of owned vertex `v`, in input order.
    #[inline]
    pub fn out_neighbors(&self, v: u32) -> &[u32] {
        debug_assert!(self.owns(v));
        &self.targets[self.offsets[v as usize]..self.offsets[v as usize + 1]]
    }
}

impl Partition {
    /// This worker's share of the graph digest: the sum of
    /// [`ppr::graph::arc_digest_term`] over the arcs of its vertices. The shares of all
    /// workers add up (wrapping) to the sum behind [`ppr::Graph::arc_digest`].
    pub fn arc_digest_share(&self) -> u64 {
        let mut sum = 0u64;
        for &u in self.owned() {
            for &v in self.out_neighbors(u) {
                sum = sum.wrapping_add(ppr::graph::arc_digest_term(u, v));
            }
        }
        sum
    }
}
