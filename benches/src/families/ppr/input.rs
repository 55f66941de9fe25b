//! Inputs of the PPR family: R-MAT graphs and graph-tool datasets, query sources, and the
//! oracle's truth.

use std::sync::Arc;

use datasets::digest::sha256_hex;
use datasets::real;
use datasets::rng::{below, rng};
use ppr::Graph;

use crate::definitions::{Params, param_u64};
use crate::family::{Context, DatasetInfo, PrepareError};

/// Builds the graph a definition names: `rmat` (params `scale`, `edge_factor`, optional
/// `graph_seed`, default [`ppr::rmat::RMAT_SEED`]) or `real:<name>` (a graph-tool `.gt.gz`
/// from Debian's python3-graph-tool; undirected graphs symmetrized).
///
/// # Errors
/// [`PrepareError::Skip`] when real data is not fetched; [`PrepareError::Invalid`] otherwise.
pub fn graph(
    dataset: &str,
    params: &Params,
    context: &Context,
) -> Result<(Arc<Graph>, DatasetInfo), PrepareError> {
    let (g, name) = match dataset {
        "rmat" => {
            let scale = param_u64(params, "scale").map_err(PrepareError::invalid)? as u32;
            let ef = param_u64(params, "edge_factor").map_err(PrepareError::invalid)? as u32;
            let seed = params
                .get("graph_seed")
                .map(|_| param_u64(params, "graph_seed"))
                .transpose()
                .map_err(PrepareError::invalid)?
                .unwrap_or(ppr::rmat::RMAT_SEED);
            let arcs = ppr::rmat::rmat(scale, ef, seed);
            let g =
                Graph::from_edges(Some(1 << scale), &arcs, true).map_err(PrepareError::invalid)?;
            (
                g,
                format!("rmat(scale={scale},edge_factor={ef},graph500,seed={seed})"),
            )
        }
        other => {
            let name = other
                .strip_prefix("real:")
                .ok_or_else(|| PrepareError::invalid(format!("unknown dataset `{other}`")))?;
            let ds = real::find(name).map_err(PrepareError::invalid)?;
            let bytes = real::load(ds, &context.data_cache).map_err(|e| match e {
                datasets::Error::Missing { .. } => PrepareError::Skip(e.to_string()),
                e => PrepareError::invalid(e),
            })?;
            let gt = ppr::gt::parse_gt(&bytes).map_err(PrepareError::invalid)?;
            let directed = if gt.directed {
                "directed"
            } else {
                "undirected, symmetrized"
            };
            let g = gt.to_graph().map_err(PrepareError::invalid)?;
            (
                g,
                format!("{name}[sha256 {}] ({directed})", &ds.sha256[..12]),
            )
        }
    };
    let name = format!("{name}: n={}, arcs={}, sinks={}", g.n(), g.m(), g.sinks());
    let sha256 = sha256_hex(&graph_bytes(&g));
    Ok((Arc::new(g), DatasetInfo { name, sha256 }))
}

/// The graph as the peers read it: n as `u64`, then every arc as two `u32`, little-endian.
pub fn graph_bytes(g: &Graph) -> Vec<u8> {
    let mut out = Vec::with_capacity(8 + 8 * g.m());
    out.extend_from_slice(&(g.n() as u64).to_le_bytes());
    for u in 0..g.n() as u32 {
        for &v in g.out_neighbors(u) {
            out.extend_from_slice(&u.to_le_bytes());
            out.extend_from_slice(&v.to_le_bytes());
        }
    }
    out
}

/// `k` distinct sources with out-degree > 0, drawn with `seed` (PCG-64).
///
/// # Errors
/// When the graph has fewer than `k` such vertices.
pub fn sources(g: &Graph, k: usize, seed: u64) -> Result<Vec<u32>, PrepareError> {
    let mut live: Vec<u32> = (0..g.n() as u32).filter(|&u| g.out_degree(u) > 0).collect();
    if live.len() < k {
        return Err(PrepareError::invalid(format!(
            "{k} sources asked, {} vertices have out-arcs",
            live.len()
        )));
    }
    let mut r = rng(seed);
    for i in 0..k {
        let j = i + below(&mut r, (live.len() - i) as u64) as usize;
        live.swap(i, j);
    }
    live.truncate(k);
    Ok(live)
}

/// The truth from the oracle (`ppr::naive`, to residual 1e-13) for each source.
///
/// # Errors
/// The crate's error as a message.
pub fn truths(g: &Graph, sources: &[u32], c: f64) -> Result<Vec<Vec<f64>>, PrepareError> {
    sources
        .iter()
        .map(|&s| ppr::naive::ppr_naive(g, s, c, 1e-13).map_err(PrepareError::invalid))
        .collect()
}

/// The answer string of a set of PPR vectors: the count and a digest of each vector's
/// top-10 ids (values rounded to 1e-9, ties by id).
pub fn answer(pis: &[Vec<f64>]) -> String {
    let mut bytes = Vec::new();
    for pi in pis {
        let mut top: Vec<(i64, u32)> = ppr::metrics::top_k(pi, 10)
            .into_iter()
            .map(|(v, x)| ((x * 1e9).round() as i64, v))
            .collect();
        top.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        for (_, v) in top {
            bytes.extend_from_slice(&v.to_le_bytes());
        }
    }
    format!("sources={};top10={}", pis.len(), &sha256_hex(&bytes)[..16])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The registered directed graphs load as directed, with the vertex, arc and dead-end
    /// counts an independent reading of the same `.gt` files gave (a Python parse of the
    /// header and adjacency lists). Skipped, with a message, when the data cache has not
    /// been fetched (CI).
    #[test]
    fn real_directed_graphs_load_as_directed_with_their_dead_ends() {
        let cache = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data-cache");
        for (name, n, m, sinks, loops) in [
            ("pgp-strong-2009", 39_796, 301_498, 0, 0),
            ("polblogs", 1_490, 19_090, 425, 3),
        ] {
            let ds = real::find(name).unwrap();
            let bytes = match real::load(ds, &cache) {
                Ok(b) => b,
                Err(datasets::Error::Missing { .. }) => {
                    eprintln!("{name}: not fetched (cargo suite fetch); skipped");
                    continue;
                }
                Err(e) => panic!("{name}: {e}"),
            };
            let gt = ppr::gt::parse_gt(&bytes).unwrap();
            assert!(gt.directed, "{name} must be directed");
            let g = gt.to_graph().unwrap();
            assert_eq!((g.n(), g.m(), g.sinks()), (n, m, sinks), "{name}");
            let self_loops = (0..g.n() as u32)
                .map(|u| g.out_neighbors(u).iter().filter(|&&v| v == u).count())
                .sum::<usize>();
            assert_eq!(self_loops, loops, "{name}");
        }
    }
}
