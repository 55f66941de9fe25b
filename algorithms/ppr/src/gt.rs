//! graph-tool's binary `.gt` format: a reader for the graph structure, and a writer (for
//! tests and conversions).
//!
//! Layout (<https://graph-tool.skewed.de/doc/gt_format.html>): magic `E2 9B BE 20 67 74`,
//! version `u8` (1), endianness `u8` (0 little, 1 big), comment (`u64` length + bytes),
//! directed `u8`, N `u64`; then per vertex its out-count `u64` and the neighbour ids in the
//! smallest unsigned type that holds N (`u8` for N ≤ 2^8, `u16` ≤ 2^16, `u32` ≤ 2^32, else
//! `u64`). Property maps follow and are ignored. Undirected edges are stored once.

use crate::error::Error;
use crate::graph::Graph;

/// The magic bytes that open every `.gt` file ("⛾ gt" in UTF-8).
pub const MAGIC: [u8; 6] = [0xE2, 0x9B, 0xBE, 0x20, 0x67, 0x74];

/// The structure read from a `.gt` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GtGraph {
    /// Whether the graph is directed.
    pub directed: bool,
    /// Number of vertices.
    pub n: usize,
    /// Edges as stored (once per undirected edge).
    pub edges: Vec<(u32, u32)>,
    /// The file's comment.
    pub comment: String,
}

impl GtGraph {
    /// The CSR graph; an undirected graph is symmetrized (two arcs per edge).
    ///
    /// # Errors
    /// [`Error::EmptyGraph`] when N = 0.
    pub fn to_graph(&self) -> Result<Graph, Error> {
        Graph::from_edges(Some(self.n), &self.edges, self.directed)
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    big: bool,
}

impl Reader<'_> {
    fn take(&mut self, len: usize, what: &'static str) -> Result<&[u8], Error> {
        let end = self.pos.checked_add(len).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or(Error::GtTruncated {
            what,
            offset: self.pos,
        })?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    fn uint(&mut self, width: usize, what: &'static str) -> Result<u64, Error> {
        let big = self.big;
        let s = self.take(width, what)?;
        let mut v = 0u64;
        if big {
            for &b in s {
                v = (v << 8) | u64::from(b);
            }
        } else {
            for &b in s.iter().rev() {
                v = (v << 8) | u64::from(b);
            }
        }
        Ok(v)
    }
}

/// The width in bytes of vertex ids in a graph of `n` vertices.
pub fn id_width(n: u64) -> usize {
    match n {
        0..=0x100 => 1,
        0x101..=0x1_0000 => 2,
        0x1_0001..=0x1_0000_0000 => 4,
        _ => 8,
    }
}

/// Parses the graph structure of a decompressed `.gt` file. O(file size).
///
/// # Errors
/// [`Error::GtBadMagic`], [`Error::GtTruncated`] (with the offset), [`Error::GtUnsupported`]
/// (version other than 1, an id ≥ N, N beyond `u32`), [`Error::EmptyGraph`] for N = 0.
///
/// ```
/// use ppr::gt::{parse_gt, write_gt};
/// let bytes = write_gt(3, &[(0, 1), (1, 2)], true, "tiny");
/// let g = parse_gt(&bytes)?;
/// assert_eq!((g.n, g.edges.len(), g.directed), (3, 2, true));
/// let cut = &bytes[..bytes.len() - 9]; // into the last vertex's out-count
/// assert!(matches!(parse_gt(cut), Err(ppr::Error::GtTruncated { .. })));
/// # Ok::<(), ppr::Error>(())
/// ```
pub fn parse_gt(bytes: &[u8]) -> Result<GtGraph, Error> {
    if bytes.len() < MAGIC.len() || bytes[..MAGIC.len()] != MAGIC {
        return Err(Error::GtBadMagic);
    }
    let mut r = Reader {
        bytes,
        pos: MAGIC.len(),
        big: false,
    };
    let version = r.uint(1, "version byte")?;
    if version != 1 {
        return Err(Error::GtUnsupported(format!(
            "format version {version} (1 is read)"
        )));
    }
    r.big = match r.uint(1, "endianness byte")? {
        0 => false,
        1 => true,
        e => return Err(Error::GtUnsupported(format!("endianness byte {e}"))),
    };
    let len = r.uint(8, "comment length")?;
    let len = usize::try_from(len).map_err(|_| Error::GtTruncated {
        what: "comment",
        offset: r.pos,
    })?;
    let comment = String::from_utf8_lossy(r.take(len, "comment")?).into_owned();
    let directed = r.uint(1, "directed flag")? != 0;
    let n = r.uint(8, "vertex count")?;
    if n == 0 {
        return Err(Error::EmptyGraph);
    }
    if n > u64::from(u32::MAX) {
        return Err(Error::GtUnsupported(format!("{n} vertices exceed u32 ids")));
    }
    let width = id_width(n);
    let mut edges = Vec::new();
    for u in 0..n {
        let k = r.uint(8, "out-edge count")?;
        // Each neighbour needs `width` bytes: a count beyond the file's end is truncation.
        if k.saturating_mul(width as u64) > (bytes.len() - r.pos) as u64 {
            return Err(Error::GtTruncated {
                what: "neighbour list",
                offset: r.pos,
            });
        }
        for _ in 0..k {
            let v = r.uint(width, "neighbour id")?;
            if v >= n {
                return Err(Error::GtUnsupported(format!(
                    "vertex {u} has neighbour {v}, not below N = {n}"
                )));
            }
            edges.push((u as u32, v as u32));
        }
    }
    Ok(GtGraph {
        directed,
        n: n as usize,
        edges,
        comment,
    })
}

/// Writes the structure of a graph in `.gt` format (little-endian, no property maps).
/// Undirected graphs list each edge once, as given.
pub fn write_gt(n: usize, edges: &[(u32, u32)], directed: bool, comment: &str) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    out.push(1);
    out.push(0);
    out.extend_from_slice(&(comment.len() as u64).to_le_bytes());
    out.extend_from_slice(comment.as_bytes());
    out.push(u8::from(directed));
    out.extend_from_slice(&(n as u64).to_le_bytes());
    let width = id_width(n as u64);
    let mut adj = vec![Vec::new(); n];
    for &(u, v) in edges {
        adj[u as usize].push(v);
    }
    for list in &adj {
        out.extend_from_slice(&(list.len() as u64).to_le_bytes());
        for &v in list {
            out.extend_from_slice(&u64::from(v).to_le_bytes()[..width]);
        }
    }
    // An empty property-map count, as graph-tool writes it for a graph without properties.
    out.extend_from_slice(&0u64.to_le_bytes());
    out
}
