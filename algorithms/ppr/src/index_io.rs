//! Saving and loading a PowerWalk index: a versioned little-endian binary format with a
//! checksum. A truncated, corrupted or foreign file is a typed error, never garbage.
//!
//! Format version 3: magic `PWINDEX\0`; version `u32`; flags `u32` (0); n `u64`; entries
//! `u64`; c `f64`; R `u32`; L `u32` (0 = no cap); seed `u64`; graph digest `u64`
//! ([`crate::Graph::arc_digest`], so that a query refuses an index of another graph, even
//! one with as many vertices); offsets `(n+1) × u64`; totals `n × u32`; restarts `n × u32`;
//! ids `entries × u32`; counts `entries × u16`; then FNV-1a-64 of every byte before it
//! (`u64`). Versions 1 and 2 (without restarts, without the graph digest) are refused.
//! Loading checks the size before allocating, the checksum, and every structural invariant
//! (offsets, sorted ids below n, counts summing to the totals, c in the accepted range), so
//! its memory is at most a fixed multiple of the file's size.

use std::path::Path;

use crate::error::{Error, io_error};
use crate::index::Index;

/// The magic bytes of an index file.
pub const MAGIC: [u8; 8] = *b"PWINDEX\0";
/// The format version written and read.
pub const FORMAT_VERSION: u32 = 3;
const HEADER: usize = 8 + 4 + 4 + 8 + 8 + 8 + 4 + 4 + 8 + 8;

/// FNV-1a, 64-bit (Fowler, Noll and Vo): the index checksum.
#[derive(Debug, Clone, Copy)]
pub struct Fnv(u64);

impl Fnv {
    /// The offset basis.
    pub fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    /// Absorbs bytes.
    pub fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    /// The hash so far.
    pub fn finish(self) -> u64 {
        self.0
    }
}

impl Default for Fnv {
    fn default() -> Self {
        Fnv::new()
    }
}

/// Serializes an index (format version [`FORMAT_VERSION`]). O(size).
pub fn to_bytes(index: &Index) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER + index.bytes() + 16);
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&(index.n() as u64).to_le_bytes());
    out.extend_from_slice(&(index.entries() as u64).to_le_bytes());
    out.extend_from_slice(&index.c.to_le_bytes());
    out.extend_from_slice(&index.walks.to_le_bytes());
    out.extend_from_slice(&index.max_len.unwrap_or(0).to_le_bytes());
    out.extend_from_slice(&index.seed.to_le_bytes());
    out.extend_from_slice(&index.graph_digest.to_le_bytes());
    for &o in &index.offsets {
        out.extend_from_slice(&o.to_le_bytes());
    }
    for &t in &index.totals {
        out.extend_from_slice(&t.to_le_bytes());
    }
    for &j in &index.restarts {
        out.extend_from_slice(&j.to_le_bytes());
    }
    for &v in &index.ids {
        out.extend_from_slice(&v.to_le_bytes());
    }
    for &k in &index.counts {
        out.extend_from_slice(&k.to_le_bytes());
    }
    let mut h = Fnv::new();
    h.write(&out);
    out.extend_from_slice(&h.finish().to_le_bytes());
    out
}

fn le<const N: usize>(bytes: &[u8], at: usize) -> [u8; N] {
    bytes[at..at + N].try_into().expect("length checked")
}

/// Parses an index written by [`to_bytes`].
///
/// # Errors
/// [`Error::IndexBadMagic`], [`Error::IndexVersion`], [`Error::IndexTruncated`],
/// [`Error::IndexChecksum`], [`Error::IndexCorrupt`].
///
/// ```
/// use ppr::index::{IndexParams, build_index};
/// use ppr::index_io::{from_bytes, to_bytes};
/// let g = ppr::Graph::from_edges(None, &[(0, 1), (1, 2), (2, 0)], true)?;
/// let index = build_index(&g, &IndexParams::default())?;
/// let mut bytes = to_bytes(&index);
/// assert_eq!(from_bytes(&bytes)?, index);
/// bytes[70] ^= 1;
/// assert!(from_bytes(&bytes).is_err());
/// # Ok::<(), ppr::Error>(())
/// ```
pub fn from_bytes(bytes: &[u8]) -> Result<Index, Error> {
    let prefix = bytes.len().min(MAGIC.len());
    if bytes[..prefix] != MAGIC[..prefix] {
        return Err(Error::IndexBadMagic);
    }
    let truncated = |expected: u64| Error::IndexTruncated {
        expected,
        actual: bytes.len() as u64,
    };
    if bytes.len() < HEADER + 8 {
        return Err(truncated((HEADER + 8) as u64));
    }
    let version = u32::from_le_bytes(le(bytes, 8));
    if version != FORMAT_VERSION {
        return Err(Error::IndexVersion(version));
    }
    let n = u64::from_le_bytes(le(bytes, 16));
    let entries = u64::from_le_bytes(le(bytes, 24));
    let size = (n.checked_add(1).and_then(|x| x.checked_mul(8)))
        .and_then(|x| x.checked_add(n.checked_mul(8)?))
        .and_then(|x| x.checked_add(entries.checked_mul(6)?))
        .and_then(|x| x.checked_add(HEADER as u64 + 8));
    let size = size.ok_or_else(|| {
        Error::IndexCorrupt(format!("sizes n = {n}, entries = {entries} overflow"))
    })?;
    if (bytes.len() as u64) < size {
        return Err(truncated(size));
    }
    if bytes.len() as u64 > size {
        return Err(Error::IndexCorrupt(format!(
            "{} trailing bytes after the checksum",
            bytes.len() as u64 - size
        )));
    }
    let body = bytes.len() - 8;
    let stored = u64::from_le_bytes(le(bytes, body));
    let mut h = Fnv::new();
    h.write(&bytes[..body]);
    let computed = h.finish();
    if stored != computed {
        return Err(Error::IndexChecksum { stored, computed });
    }
    let (n, entries) = (n as usize, entries as usize);
    let corrupt = |why: String| Error::IndexCorrupt(why);
    let c = f64::from_le_bytes(le(bytes, 32));
    let walks = u32::from_le_bytes(le(bytes, 40));
    let max_len = u32::from_le_bytes(le(bytes, 44));
    let seed = u64::from_le_bytes(le(bytes, 48));
    let graph_digest = u64::from_le_bytes(le(bytes, 56));
    if crate::graph::check_teleport(c).is_err() || walks == 0 || n == 0 {
        return Err(corrupt(format!("header c = {c}, R = {walks}, n = {n}")));
    }
    let mut at = HEADER;
    let offsets: Vec<u64> = (0..=n)
        .map(|i| u64::from_le_bytes(le(bytes, at + 8 * i)))
        .collect();
    at += 8 * (n + 1);
    let totals: Vec<u32> = (0..n)
        .map(|i| u32::from_le_bytes(le(bytes, at + 4 * i)))
        .collect();
    at += 4 * n;
    let restarts: Vec<u32> = (0..n)
        .map(|i| u32::from_le_bytes(le(bytes, at + 4 * i)))
        .collect();
    at += 4 * n;
    let ids: Vec<u32> = (0..entries)
        .map(|i| u32::from_le_bytes(le(bytes, at + 4 * i)))
        .collect();
    at += 4 * entries;
    let counts: Vec<u16> = (0..entries)
        .map(|i| u16::from_le_bytes(le(bytes, at + 2 * i)))
        .collect();
    let index = Index {
        c,
        walks,
        max_len: (max_len != 0).then_some(max_len),
        seed,
        graph_digest,
        offsets,
        ids,
        counts,
        totals,
        restarts,
    };
    validate(&index)?;
    Ok(index)
}

/// Checks every structural invariant of an index: offsets spanning the entries, each
/// fingerprint's ids sorted and below n, counts nonzero and summing to its total, fewer
/// restarts than visits. O(size).
///
/// # Errors
/// [`Error::IndexCorrupt`] naming the first broken invariant.
pub(crate) fn validate(index: &Index) -> Result<(), Error> {
    let corrupt = |why: String| Error::IndexCorrupt(why);
    let (offsets, ids, counts) = (&index.offsets, &index.ids, &index.counts);
    let (totals, restarts) = (&index.totals, &index.restarts);
    let (n, entries) = (totals.len(), ids.len());
    if offsets.len() != n + 1 || restarts.len() != n || counts.len() != entries || n == 0 {
        return Err(corrupt("array lengths disagree".into()));
    }
    if offsets[0] != 0 || offsets[n] != entries as u64 {
        return Err(corrupt("offsets do not span the entries".into()));
    }
    for u in 0..n {
        let (a, b) = (offsets[u], offsets[u + 1]);
        if a > b || b > entries as u64 {
            return Err(corrupt(format!("offsets of vertex {u} decrease")));
        }
        let (ids, counts) = (
            &ids[a as usize..b as usize],
            &counts[a as usize..b as usize],
        );
        if ids.windows(2).any(|w| w[0] >= w[1]) || ids.last().is_some_and(|&v| v as usize >= n) {
            return Err(corrupt(format!(
                "fingerprint of vertex {u} has unsorted or out-of-range ids"
            )));
        }
        let sum: u64 = counts.iter().map(|&k| u64::from(k)).sum();
        if counts.contains(&0) || sum != u64::from(totals[u]) || sum == 0 {
            return Err(corrupt(format!(
                "counts of vertex {u} do not sum to its total"
            )));
        }
        if restarts[u] >= totals[u] {
            return Err(corrupt(format!(
                "vertex {u} restarts more often than it is visited"
            )));
        }
    }
    Ok(())
}

/// Writes an index to `path`.
///
/// # Errors
/// [`Error::Io`].
pub fn save(index: &Index, path: &Path) -> Result<(), Error> {
    std::fs::write(path, to_bytes(index)).map_err(io_error(path))
}

/// Reads an index from `path`.
///
/// # Errors
/// [`Error::Io`] and those of [`from_bytes`].
pub fn load(path: &Path) -> Result<Index, Error> {
    from_bytes(&std::fs::read(path).map_err(io_error(path))?)
}
