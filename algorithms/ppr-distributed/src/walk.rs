//! Walks as tokens: `(source, current vertex, moves, generator)`.
//!
//! A token carries its walk's own PCG-64 generator, created by the single-machine crate's
//! [`ppr::walk::walk_rng`]`(seed, source, walk id)` and advanced only by that walk's own
//! steps. Which worker advances a step, and in which order tokens arrive, therefore never
//! changes a walk's path: the index is bit-identical to [`ppr::index::build_index`] for every
//! worker and process count.
//!
//! A step mirrors [`ppr::walk::step`] on the owner's adjacency, drawing with the same
//! [`ppr::walk::unit`] and [`ppr::walk::below`]:
//! stop with probability c (53-bit uniform `< c`), else move to a uniform out-neighbour
//! (`below(deg)`), or back to the source at a dangling vertex; an optional cap L stops the
//! walk after L moves, as [`ppr::walk::full_path`] does.

use rand_pcg::Pcg64;
use serde::{Deserialize, Serialize};

use crate::partition::Partition;

/// A walk in flight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Token {
    /// The walk's source.
    pub source: u32,
    /// The vertex it stands at (owned by the worker holding the token).
    pub at: u32,
    /// Moves made so far (for the length cap).
    pub moves: u32,
    /// The walk's generator.
    pub rng: Pcg64,
}

impl Token {
    /// Bytes of a token in bincode: three `u32` and PCG-64's 128-bit state and increment.
    pub const WIRE_BYTES: u64 = 12 + 32;

    /// Walk `walk` of `source` under `seed`, standing at its source.
    pub fn start(seed: u64, source: u32, walk: u32) -> Token {
        Token {
            source,
            at: source,
            moves: 0,
            rng: ppr::walk::walk_rng(seed, source, walk),
        }
    }
}

/// The visit reported just before a walk at a dangling vertex goes back to its source: the
/// owner counts these restarts beside the fingerprint ([`ppr::index::Index::restarts`]).
/// (Vertex ids are below n ≤ `u32::MAX`.)
pub const RESTART: u32 = u32::MAX;

/// Advances `token` while it stays on `part`'s vertices, calling `visit(vertex)` on every
/// vertex it moves to, preceded by `visit(`[`RESTART`]`)` on a move from a dangling vertex. Returns the token when it moves to another worker's vertex,
/// `None` when the walk ends. `cap`: the maximum number of moves (`u32::MAX`: none).
#[inline]
pub fn advance(
    part: &Partition,
    mut token: Token,
    c: f64,
    cap: u32,
    mut visit: impl FnMut(u32),
) -> Option<Token> {
    loop {
        if token.moves >= cap || ppr::walk::unit(&mut token.rng) < c {
            return None;
        }
        let nbrs = part.out_neighbors(token.at);
        let next = if nbrs.is_empty() {
            visit(RESTART);
            token.source
        } else {
            nbrs[ppr::walk::below(&mut token.rng, nbrs.len() as u64) as usize]
        };
        token.moves += 1;
        token.at = next;
        visit(next);
        if !part.owns(next) {
            return Some(token);
        }
    }
}
