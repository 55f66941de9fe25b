//! Reading the graph in shards, one per worker, and exchanging the arcs by source.
//!
//! A plain edge list is split into byte ranges aligned to line starts: worker k of P reads
//! only the lines starting in `[k·len/P, (k+1)·len/P)`. The parsing rules are those of
//! [`ppr::edgelist::parse_edge_list`] (`#`/`%` comments, blank lines, ids separated by
//! spaces, tabs or a comma, extra columns ignored); a bad line is reported with its line
//! number. Gzipped edge lists and graph-tool `.gt`/`.gt.gz` files cannot be split without
//! reading them, so each worker decompresses or parses the whole file and keeps its share
//! (a byte range of the text, or every P-th edge of a `.gt`). Every arc carries its position
//! in the input (the line's byte offset, or the edge number), so the owner restores the
//! single-machine neighbour order whatever order the arcs arrive in. Undirected input is
//! symmetrized as [`ppr::Graph::from_edges`] does (a self-loop stays one arc).

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use crate::comm::{Comm, Packet};
use crate::error::DistError;
use crate::partition::{Partition, owner};

/// A graph file and how to read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphFile {
    /// `.gt`/`.gt.gz` (graph-tool), else an edge list (`.gz`: gzipped).
    pub path: PathBuf,
    /// Symmetrize an edge list (a `.gt` file says itself whether it is directed).
    pub undirected: bool,
}

/// One worker's share of the input, before the exchange.
#[derive(Debug, Default)]
struct Shard {
    arcs: Vec<(u32, u32, u64)>,
    edges: u64,
    /// `max id + 1` over the shard's edges.
    end: u64,
    /// The vertex count stated by a `.gt` file.
    stated_n: Option<u64>,
}

/// Reads worker `me`'s shard, exchanges arcs by source and builds its [`Partition`]. Every
/// worker returns the same error if any worker's shard is bad.
pub(crate) fn load(comm: &mut Comm<'_>, file: &GraphFile) -> Result<Partition, DistError> {
    let (me, peers) = (comm.index(), comm.peers());
    let shard = comm.agree(read_shard(file, me, peers))?;
    let words = comm.all_gather(vec![
        shard.end,
        shard.edges,
        shard.stated_n.map_or(u64::MAX, |n| n),
    ]);
    let edges: u64 = words.iter().map(|w| w[1]).sum();
    let n = match shard.stated_n {
        Some(n) => n,
        None if edges == 0 => 0,
        None => words.iter().map(|w| w[0]).max().unwrap_or(0),
    };
    if n == 0 {
        return Err(DistError::Ppr {
            worker: 0,
            error: ppr::Error::EmptyGraph,
        });
    }
    if shard.stated_n.is_none() {
        ppr::limits::check_vertex_count(n, edges).map_err(DistError::ppr(0))?;
    }
    let total: u64 = {
        let local = shard.arcs.len() as u64;
        comm.all_gather(vec![local]).iter().map(|w| w[0]).sum()
    };
    let mut out = vec![Vec::new(); peers];
    for a in shard.arcs {
        out[owner(a.0, peers)].push(a);
    }
    let mut arcs = Vec::new();
    for p in comm.superstep(out.into_iter().map(Packet::Arcs).enumerate().collect()) {
        if let Packet::Arcs(mut a) = p {
            if arcs.is_empty() {
                arcs = a;
            } else {
                arcs.append(&mut a);
            }
        }
    }
    Ok(Partition::from_arcs(me, peers, n as usize, arcs, total))
}

fn is_gt(path: &Path) -> bool {
    let name = path.to_string_lossy();
    name.ends_with(".gt") || name.ends_with(".gt.gz")
}

fn read_shard(file: &GraphFile, me: usize, peers: usize) -> Result<Shard, DistError> {
    let path = &file.path;
    let gz = path.to_string_lossy().ends_with(".gz");
    if is_gt(path) {
        let bytes = read_whole(path, gz)?;
        let gt = ppr::gt::parse_gt(&bytes).map_err(DistError::ppr(me))?;
        let mut shard = Shard {
            stated_n: Some(gt.n as u64),
            ..Shard::default()
        };
        for (i, &(u, v)) in gt.edges.iter().enumerate().skip(me).step_by(peers) {
            push_edge(&mut shard, u, v, i as u64, !gt.directed);
        }
        if gt.n > u32::MAX as usize {
            return Err(DistError::ppr(me)(ppr::Error::InvalidParameter {
                name: "n",
                reason: format!("{} vertices do not fit u32 ids", gt.n),
            }));
        }
        return Ok(shard);
    }
    let (text, base, whole) = if gz {
        let all = read_whole(path, true)?;
        let (a, b) = range_in(&all, me, peers);
        (all[a..b].to_vec(), a as u64, Some(all))
    } else {
        let (bytes, base) = read_range(path, me, peers)?;
        (bytes, base, None)
    };
    let mut shard = Shard::default();
    parse_lines(&text, base, file.undirected, &mut shard).map_err(|bad| {
        let prefix = match &whole {
            Some(all) => Ok(all[..bad.offset as usize].to_vec()),
            None => read_prefix(path, bad.offset),
        };
        match prefix {
            Ok(p) => DistError::ppr(me)(ppr::Error::MalformedEdge {
                line: 1 + p.iter().filter(|&&b| b == b'\n').count(),
                content: bad.content,
                reason: bad.reason,
            }),
            Err(e) => e,
        }
    })?;
    Ok(shard)
}

fn push_edge(shard: &mut Shard, u: u32, v: u32, pos: u64, undirected: bool) {
    shard.arcs.push((u, v, pos));
    if undirected && u != v {
        shard.arcs.push((v, u, pos));
    }
    shard.edges += 1;
    shard.end = shard.end.max(u64::from(u.max(v)) + 1);
}

fn read_whole(path: &Path, gz: bool) -> Result<Vec<u8>, DistError> {
    let raw = std::fs::read(path).map_err(DistError::io(path))?;
    if !gz {
        return Ok(raw);
    }
    ppr::limits::gunzip_bounded(&raw).map_err(DistError::ppr(0))
}

/// The start of the first line at or after `pos` in `bytes`.
fn line_start(bytes: &[u8], pos: usize) -> usize {
    if pos == 0 {
        return 0;
    }
    match bytes[pos - 1..].iter().position(|&b| b == b'\n') {
        Some(i) => pos + i,
        None => bytes.len(),
    }
}

fn range_in(bytes: &[u8], me: usize, peers: usize) -> (usize, usize) {
    let len = bytes.len();
    let cut = |k: usize| line_start(bytes, ((len as u128 * k as u128) / peers as u128) as usize);
    (cut(me), cut(me + 1))
}

/// The start of the first line at or after `pos` in the file.
fn file_line_start(f: &mut File, path: &Path, pos: u64, len: u64) -> Result<u64, DistError> {
    if pos == 0 || pos >= len {
        return Ok(pos.min(len));
    }
    f.seek(SeekFrom::Start(pos - 1))
        .map_err(DistError::io(path))?;
    let mut at = pos - 1;
    let mut buf = [0u8; 4096];
    loop {
        let k = f.read(&mut buf).map_err(DistError::io(path))?;
        if k == 0 {
            return Ok(len);
        }
        if let Some(i) = buf[..k].iter().position(|&b| b == b'\n') {
            return Ok(at + i as u64 + 1);
        }
        at += k as u64;
    }
}

/// Worker `me`'s line-aligned byte range of a plain file, and its offset.
fn read_range(path: &Path, me: usize, peers: usize) -> Result<(Vec<u8>, u64), DistError> {
    let mut f = File::open(path).map_err(DistError::io(path))?;
    let len = f.metadata().map_err(DistError::io(path))?.len();
    let cut = |k: usize| (len as u128 * k as u128 / peers as u128) as u64;
    let a = file_line_start(&mut f, path, cut(me), len)?;
    let b = file_line_start(&mut f, path, cut(me + 1), len)?;
    let mut bytes = vec![0u8; (b - a) as usize];
    f.seek(SeekFrom::Start(a)).map_err(DistError::io(path))?;
    f.read_exact(&mut bytes).map_err(DistError::io(path))?;
    Ok((bytes, a))
}

fn read_prefix(path: &Path, len: u64) -> Result<Vec<u8>, DistError> {
    let mut out = Vec::new();
    File::open(path)
        .map_err(DistError::io(path))?
        .take(len)
        .read_to_end(&mut out)
        .map_err(DistError::io(path))?;
    Ok(out)
}

struct BadLine {
    offset: u64,
    content: String,
    reason: String,
}

/// Parses the lines of `text` (which starts at byte `base` of the input) with the rules
/// of [`ppr::edgelist::parse_edge_list`].
fn parse_lines(text: &[u8], base: u64, undirected: bool, shard: &mut Shard) -> Result<(), BadLine> {
    let mut start = 0usize;
    while start < text.len() {
        let end = text[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(text.len(), |i| start + i);
        let pos = base + start as u64;
        let raw = &text[start..end];
        start = end + 1;
        let line = std::str::from_utf8(raw).map_err(|e| BadLine {
            offset: pos,
            content: String::from_utf8_lossy(&raw[..e.valid_up_to()])
                .chars()
                .take(80)
                .collect(),
            reason: format!("not UTF-8 text at byte {}", pos + e.valid_up_to() as u64),
        })?;
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') || t.starts_with('%') {
            continue;
        }
        let bad = |reason: String| BadLine {
            offset: pos,
            content: t.chars().take(80).collect(),
            reason,
        };
        let mut fields = t
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|f| !f.is_empty());
        let mut id = || -> Result<u32, BadLine> {
            let f = fields
                .next()
                .ok_or_else(|| bad("expected two vertex ids".into()))?;
            let v: u64 = f
                .parse()
                .map_err(|_| bad(format!("`{f}` is not a vertex id")))?;
            u32::try_from(v)
                .ok()
                .filter(|&v| v != u32::MAX)
                .ok_or_else(|| bad(format!("vertex id {v} does not fit below 2^32 - 1")))
        };
        let u = id()?;
        let v = id()?;
        push_edge(shard, u, v, pos, undirected);
    }
    Ok(())
}

/// A 64-bit digest of a file's bytes and length (word-wise multiply–rotate, finished by
/// SplitMix64): exchanged at start so that processes reading different files refuse to run.
///
/// # Errors
/// [`DistError::Io`].
pub fn file_digest(path: &Path) -> Result<u64, DistError> {
    let mut f = File::open(path).map_err(DistError::io(path))?;
    let mut buf = vec![0u8; 1 << 20];
    let (mut h, mut len) = (0x243F_6A88_85A3_08D3u64, 0u64);
    loop {
        let mut k = 0;
        while k < buf.len() {
            let r = f.read(&mut buf[k..]).map_err(DistError::io(path))?;
            if r == 0 {
                break;
            }
            k += r;
        }
        for w in buf[..k].chunks(8) {
            let mut word = [0u8; 8];
            word[..w.len()].copy_from_slice(w);
            h = (h ^ u64::from_le_bytes(word))
                .wrapping_mul(0x9E37_79B9_7F4A_7C15)
                .rotate_left(29);
        }
        len += k as u64;
        if k < buf.len() {
            break;
        }
    }
    Ok(ppr::walk::splitmix64(h ^ ppr::walk::splitmix64(len)))
}
