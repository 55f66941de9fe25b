//! The instance: offline weights and, per arrival in adversarial order, the neighbours with
//! their success probabilities. Validated on construction; JSON in and out.

use serde::{Deserialize, Serialize};

use crate::Error;

/// One edge as it arrives: the offline vertex and the success probability `p ∈ (0, 1]`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Neighbour {
    /// The offline vertex.
    pub u: u32,
    /// The success probability of an attempt on this edge.
    pub p: f64,
}

/// The JSON form: `{"weights": [1.0, 2.0], "online": [[{"u": 0, "p": 0.5}], …]}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    weights: Vec<f64>,
    online: Vec<Vec<RawNeighbour>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNeighbour {
    u: u64,
    p: f64,
}

/// A validated instance of online matching with stochastic rewards.
///
/// Offline vertices `0..n` have weights `w_u > 0`; arrivals `0..T` come in this order, each
/// with its neighbours and probabilities. Each arrival's neighbour list is stored sorted by
/// offline index (the order has no meaning; tie-breaking refers to offline indices).
/// Edges are numbered in arrival order (edge `e` of arrival `t` lies in
/// `offsets[t]..offsets[t+1]`); the simulator's coins are indexed by edge.
///
/// ```
/// use stochastic_matching::Instance;
/// let inst = Instance::new(vec![1.0, 2.0], vec![vec![(0, 0.5), (1, 0.25)], vec![(1, 1.0)]])?;
/// assert_eq!((inst.n(), inst.arrivals(), inst.edges()), (2, 2, 3));
/// # Ok::<(), stochastic_matching::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    weights: Vec<f64>,
    offsets: Vec<usize>,
    edges: Vec<Neighbour>,
}

impl Instance {
    /// Validates and builds an instance from weights and per-arrival `(u, p)` lists.
    ///
    /// # Errors
    /// [`Error::InvalidWeight`], [`Error::InvalidProbability`] (p = 0 edges are rejected,
    /// not dropped), [`Error::NeighbourOutOfRange`], [`Error::DuplicateEdge`].
    pub fn new(weights: Vec<f64>, online: Vec<Vec<(u32, f64)>>) -> Result<Instance, Error> {
        let online = online
            .into_iter()
            .map(|a| a.into_iter().map(|(u, p)| (u64::from(u), p)).collect())
            .collect();
        Self::build(weights, online)
    }

    /// An instance with unit weights.
    ///
    /// # Errors
    /// As [`Instance::new`].
    pub fn unweighted(n: usize, online: Vec<Vec<(u32, f64)>>) -> Result<Instance, Error> {
        Self::new(vec![1.0; n], online)
    }

    fn build(weights: Vec<f64>, online: Vec<Vec<(u64, f64)>>) -> Result<Instance, Error> {
        let n = weights.len();
        for (u, &w) in weights.iter().enumerate() {
            if !(w.is_finite() && w > 0.0) {
                return Err(Error::InvalidWeight {
                    offline: u,
                    value: w,
                });
            }
        }
        let mut offsets = Vec::with_capacity(online.len() + 1);
        let mut edges = Vec::with_capacity(online.iter().map(Vec::len).sum());
        offsets.push(0);
        let mut seen = vec![usize::MAX; n];
        for (t, list) in online.into_iter().enumerate() {
            let start = edges.len();
            for (u, p) in list {
                if u >= n as u64 {
                    return Err(Error::NeighbourOutOfRange {
                        arrival: t,
                        offline: u,
                        n,
                    });
                }
                let ui = u as usize;
                if !(p.is_finite() && p > 0.0 && p <= 1.0) {
                    return Err(Error::InvalidProbability {
                        arrival: t,
                        offline: ui,
                        value: p,
                    });
                }
                if seen[ui] == t {
                    return Err(Error::DuplicateEdge {
                        arrival: t,
                        offline: ui,
                    });
                }
                seen[ui] = t;
                edges.push(Neighbour { u: u as u32, p });
            }
            edges[start..].sort_by_key(|e| e.u);
            offsets.push(edges.len());
        }
        Ok(Instance {
            weights,
            offsets,
            edges,
        })
    }

    /// Parses and validates the JSON form `{"weights": […], "online": [[{"u": 0, "p": 0.5}, …], …]}`.
    ///
    /// # Errors
    /// [`Error::Json`] with the line and column of malformed JSON, then every error of
    /// [`Instance::new`].
    pub fn from_json(text: &str) -> Result<Instance, Error> {
        let raw: Raw = serde_json::from_str(text).map_err(|e| Error::Json {
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })?;
        let online = raw
            .online
            .into_iter()
            .map(|a| a.into_iter().map(|r| (r.u, r.p)).collect())
            .collect();
        Self::build(raw.weights, online)
    }

    /// The JSON form, which [`Instance::from_json`] reads back exactly (floats round-trip).
    pub fn to_json(&self) -> String {
        let raw = Raw {
            weights: self.weights.clone(),
            online: (0..self.arrivals())
                .map(|t| {
                    self.neighbours(t)
                        .iter()
                        .map(|e| RawNeighbour {
                            u: u64::from(e.u),
                            p: e.p,
                        })
                        .collect()
                })
                .collect(),
        };
        serde_json::to_string(&raw).unwrap_or_default()
    }

    /// The number of offline vertices `n`.
    pub fn n(&self) -> usize {
        self.weights.len()
    }

    /// The number of arrivals `T`.
    pub fn arrivals(&self) -> usize {
        self.offsets.len() - 1
    }

    /// The number of edges.
    pub fn edges(&self) -> usize {
        self.edges.len()
    }

    /// The offline weights.
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// Arrival `t`'s neighbours, sorted by offline index.
    pub fn neighbours(&self, t: usize) -> &[Neighbour] {
        &self.edges[self.offsets[t]..self.offsets[t + 1]]
    }

    /// The edge range of arrival `t`.
    pub fn edge_range(&self, t: usize) -> std::ops::Range<usize> {
        self.offsets[t]..self.offsets[t + 1]
    }

    /// All edges in arrival order.
    pub fn all_edges(&self) -> &[Neighbour] {
        &self.edges
    }

    /// For each offline vertex, its edges in arrival order as `(arrival, edge index)`.
    pub fn offline_adjacency(&self) -> Vec<Vec<(usize, usize)>> {
        let mut adj = vec![Vec::new(); self.n()];
        for t in 0..self.arrivals() {
            for e in self.edge_range(t) {
                adj[self.edges[e].u as usize].push((t, e));
            }
        }
        adj
    }

    /// Whether some side is empty or there are no edges (every value is then 0).
    pub fn is_trivial(&self) -> bool {
        self.edges.is_empty()
    }

    /// The largest probability (0 without edges).
    pub fn max_probability(&self) -> f64 {
        self.edges.iter().map(|e| e.p).fold(0.0, f64::max)
    }

    /// The same graph with every probability set to 1 (the KVV special case).
    pub fn with_unit_probabilities(&self) -> Instance {
        let mut out = self.clone();
        for e in &mut out.edges {
            e.p = 1.0;
        }
        out
    }

    /// The same instance with weights multiplied by `c > 0`.
    ///
    /// # Errors
    /// [`Error::InvalidWeight`] when a scaled weight is not finite and positive.
    pub fn scaled(&self, c: f64) -> Result<Instance, Error> {
        let mut out = self.clone();
        for (u, w) in out.weights.iter_mut().enumerate() {
            *w *= c;
            if !(w.is_finite() && *w > 0.0) {
                return Err(Error::InvalidWeight {
                    offline: u,
                    value: *w,
                });
            }
        }
        Ok(out)
    }

    /// The instance with offline vertex `u` renamed `perm[u]` (`perm` a permutation of `0..n`).
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] when `perm` is not a permutation of `0..n`.
    pub fn relabelled(&self, perm: &[usize]) -> Result<Instance, Error> {
        let n = self.n();
        let mut hit = vec![false; n];
        if perm.len() != n
            || perm
                .iter()
                .any(|&q| q >= n || std::mem::replace(&mut hit[q], true))
        {
            return Err(Error::InvalidParameter {
                name: "perm",
                reason: format!("not a permutation of 0..{n}"),
            });
        }
        let mut weights = vec![0.0; n];
        for u in 0..n {
            weights[perm[u]] = self.weights[u];
        }
        let online = (0..self.arrivals())
            .map(|t| {
                self.neighbours(t)
                    .iter()
                    .map(|e| (perm[e.u as usize] as u32, e.p))
                    .collect()
            })
            .collect();
        Instance::new(weights, online)
    }
}
