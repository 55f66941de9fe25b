//! Reading graphs from text edge lists and from files (edge list, `.gt`, `.gt.gz`).

use std::path::Path;

use crate::error::{Error, io_error};
use crate::graph::Graph;

/// Parses an edge list: one arc `u v` per line (ids in `0..2^32-1`, separated by spaces,
/// tabs or a comma); blank lines and lines starting with `#` or `%` are skipped; further
/// columns (weights, timestamps) are ignored. O(m) time.
///
/// # Errors
/// [`Error::MalformedEdge`] naming the first bad line (1-based), [`Error::EmptyGraph`] when
/// there is no edge, [`Error::InvalidParameter`] when the ids are far beyond the edge count
/// (the largest id must be below `max(2^20, 16 · edges)`, [`crate::limits::max_vertices_for`]:
/// ids index arrays, so `0 4294967294` alone would need 34 GB).
///
/// ```
/// let g = ppr::edgelist::parse_edge_list("# a comment\n0 1\n1 2\n", true)?;
/// assert_eq!((g.n(), g.m()), (3, 2));
/// let err = ppr::edgelist::parse_edge_list("0 1\n1 x\n", true).unwrap_err();
/// assert!(err.to_string().contains("line 2"));
/// # Ok::<(), ppr::Error>(())
/// ```
pub fn parse_edge_list(text: &str, directed: bool) -> Result<Graph, Error> {
    let mut edges = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') || t.starts_with('%') {
            continue;
        }
        let bad = |reason: &str| Error::MalformedEdge {
            line: i + 1,
            content: t.chars().take(80).collect(),
            reason: reason.into(),
        };
        let mut fields = t
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|f| !f.is_empty());
        let mut id = || -> Result<u32, Error> {
            let f = fields
                .next()
                .ok_or_else(|| bad("expected two vertex ids"))?;
            let v: u64 = f
                .parse()
                .map_err(|_| bad(&format!("`{f}` is not a vertex id")))?;
            u32::try_from(v)
                .ok()
                .filter(|&v| v != u32::MAX)
                .ok_or_else(|| bad(&format!("vertex id {v} does not fit below 2^32 - 1")))
        };
        let u = id()?;
        let v = id()?;
        edges.push((u, v));
    }
    if edges.is_empty() {
        return Err(Error::EmptyGraph);
    }
    let end = edges.iter().map(|&(u, v)| u64::from(u.max(v)) + 1).max();
    crate::limits::check_vertex_count(end.unwrap_or(0), edges.len() as u64)?;
    Graph::from_edges(None, &edges, directed)
}

/// Loads a graph from a file: `.gt` or `.gt.gz` (graph-tool binary; directedness from the
/// file, undirected graphs symmetrized) or anything else as an edge list (`.gz` decompressed),
/// directed unless `undirected` is set.
///
/// # Errors
/// I/O errors, and those of [`parse_edge_list`] and [`crate::gt::parse_gt`].
pub fn load_graph(path: &Path, undirected: bool) -> Result<Graph, Error> {
    let raw = std::fs::read(path).map_err(io_error(path))?;
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let bytes = if name.ends_with(".gz") {
        crate::limits::gunzip_bounded(&raw)?
    } else {
        raw
    };
    if name.ends_with(".gt") || name.ends_with(".gt.gz") {
        let gt = crate::gt::parse_gt(&bytes)?;
        gt.to_graph()
    } else {
        let text = std::str::from_utf8(&bytes).map_err(|e| Error::Io {
            path: path.display().to_string(),
            message: format!("not UTF-8 text at byte {}", e.valid_up_to()),
        })?;
        parse_edge_list(text, !undirected)
    }
}
