//! The crate's typed errors.

use std::fmt;

/// Everything that can go wrong in this crate. Bad input is always one of these, never a
/// panic, a NaN or a silently truncated result.
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// The graph has no vertices (or an edge list has no edges).
    EmptyGraph,
    /// A source id that is not a vertex of the graph.
    UnknownSource {
        /// The id asked for.
        source: u32,
        /// The number of vertices.
        n: usize,
    },
    /// The teleport (stop) probability must lie in `[MIN_TELEPORT, 1)`
    /// ([`crate::graph::MIN_TELEPORT`]).
    InvalidTeleport(f64),
    /// The number of walks per vertex R must be at least 1.
    ZeroWalks,
    /// Another parameter is out of its range.
    InvalidParameter {
        /// The parameter.
        name: &'static str,
        /// Why.
        reason: String,
    },
    /// A line of an edge list that is not two vertex ids.
    MalformedEdge {
        /// The 1-based line number.
        line: usize,
        /// The line's content (shortened).
        content: String,
        /// What is wrong.
        reason: String,
    },
    /// A graph-tool `.gt` file that does not start with the `.gt` magic bytes.
    GtBadMagic,
    /// A graph-tool `.gt` file that ends early.
    GtTruncated {
        /// What was being read.
        what: &'static str,
        /// Byte offset where more data was needed.
        offset: usize,
    },
    /// A graph-tool `.gt` file this parser does not read (version, endianness, ids).
    GtUnsupported(String),
    /// An index file that does not start with the index magic bytes.
    IndexBadMagic,
    /// An index file of a format version this build does not read.
    IndexVersion(u32),
    /// An index file that ends early.
    IndexTruncated {
        /// Bytes expected at least.
        expected: u64,
        /// Bytes present.
        actual: u64,
    },
    /// An index file whose checksum does not match its content.
    IndexChecksum {
        /// The checksum stored in the file.
        stored: u64,
        /// The checksum of the content.
        computed: u64,
    },
    /// An index file whose content is inconsistent (passes the checksum but is not valid).
    IndexCorrupt(String),
    /// An index built for a graph with a different vertex count.
    IndexMismatch {
        /// Vertices of the index.
        index_n: usize,
        /// Vertices of the graph.
        graph_n: usize,
    },
    /// An index built for another graph: its stored graph digest differs from the graph's
    /// ([`crate::Graph::arc_digest`]), though the vertex counts may agree.
    IndexForAnotherGraph {
        /// The graph digest stored in the index.
        index: u64,
        /// The digest of the graph given.
        graph: u64,
    },
    /// The expected work of a request exceeds a stated limit.
    TooMuchWork {
        /// What was asked.
        what: String,
        /// The limit, with its unit.
        limit: String,
    },
    /// A fingerprint count exceeded `u16::MAX` (lower R or set a length cap L).
    CountOverflow {
        /// The walk source.
        source: u32,
        /// The visited vertex.
        vertex: u32,
    },
    /// An I/O error, with the path.
    Io {
        /// The file.
        path: String,
        /// The system's message.
        message: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::EmptyGraph => write!(f, "the graph is empty (no vertices or no edges)"),
            Error::UnknownSource { source, n } => write!(
                f,
                "source {source} is not a vertex (the graph has {n} vertices, ids 0..{n})"
            ),
            Error::InvalidTeleport(c) => {
                write!(
                    f,
                    "teleport probability c = {c:?} must lie in [{:?}, 1): a smaller c makes \
                     every walk and iteration run for about 1/c steps",
                    crate::graph::MIN_TELEPORT
                )
            }
            Error::ZeroWalks => write!(f, "R = 0 walks per vertex: R must be at least 1"),
            Error::InvalidParameter { name, reason } => write!(f, "parameter {name}: {reason}"),
            Error::MalformedEdge {
                line,
                content,
                reason,
            } => write!(f, "edge list line {line}: {reason}: `{content}`"),
            Error::GtBadMagic => write!(
                f,
                "not a graph-tool .gt file: the magic bytes E2 9B BE 20 67 74 are missing \
                 (is it still gzip-compressed?)"
            ),
            Error::GtTruncated { what, offset } => {
                write!(
                    f,
                    "truncated .gt file: {what} missing at byte offset {offset}"
                )
            }
            Error::GtUnsupported(why) => write!(f, "unsupported .gt file: {why}"),
            Error::IndexBadMagic => write!(f, "not a PowerWalk index file (bad magic bytes)"),
            Error::IndexVersion(v) => write!(
                f,
                "PowerWalk index format version {v} is not supported (this build reads {})",
                crate::index_io::FORMAT_VERSION
            ),
            Error::IndexTruncated { expected, actual } => write!(
                f,
                "truncated PowerWalk index: {actual} bytes, at least {expected} expected"
            ),
            Error::IndexChecksum { stored, computed } => write!(
                f,
                "corrupted PowerWalk index: checksum {stored:016x} stored, {computed:016x} computed"
            ),
            Error::IndexCorrupt(why) => write!(f, "corrupted PowerWalk index: {why}"),
            Error::IndexMismatch { index_n, graph_n } => write!(
                f,
                "the index has {index_n} vertices but the graph has {graph_n}: built for another graph"
            ),
            Error::IndexForAnotherGraph { index, graph } => write!(
                f,
                "the index was built for another graph (graph digest {index:016x} in the index, \
                 {graph:016x} for this graph): rebuild it for this graph"
            ),
            Error::TooMuchWork { what, limit } => {
                write!(f, "{what} exceeds the limit of {limit}")
            }
            Error::CountOverflow { source, vertex } => write!(
                f,
                "fingerprint count of source {source} at vertex {vertex} exceeds 65535: \
                 use fewer walks R or a length cap L"
            ),
            Error::Io { path, message } => write!(f, "{path}: {message}"),
        }
    }
}

impl std::error::Error for Error {}

pub(crate) fn io_error(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |e| Error::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}
