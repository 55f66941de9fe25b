//! PowerWalk's offline index and batched queries (Liu, Li, Lui and Cheng, "PowerWalk:
//! Scalable Personalized PageRank via Random Walks with Vertex-Centric Decomposition",
//! CIKM 2016) on [timely-dataflow](https://github.com/TimelyDataflow/timely-dataflow), on
//! worker threads of one process or on processes of several hosts, with the **same index,
//! bit for bit**, as the single-machine [`ppr`] crate and the same answers up to
//! floating-point summation order.
//!
//! - [`partition`]: worker `hash(v) mod peers` owns vertex v and holds its out-adjacency;
//!   [`load`]: each worker reads a shard of the graph file, arcs are exchanged by source.
//! - [`walk`], [`index`]: walks travel as tokens carrying their own random stream; visits go
//!   to the source's owner, which counts them into fingerprints.
//! - [`by_sources`]: the paper's source-partitioned indexer: every worker loads the whole
//!   graph and walks from its interval of sources (no walk crosses workers), for graphs that
//!   fit every machine.
//! - [`query`]: flow records exchanged by owner, one superstep per round: a batch of B
//!   sources costs T + 1 supersteps.
//! - [`cluster`], [`run()`]: threads or processes (`-w/-n/-p/--hostfile`), a digest exchange
//!   that refuses processes started on different files, and guards so that an unreachable
//!   or dead peer ends every process with a clear error instead of a hang.
//!
//! ```
//! use ppr_distributed::{Cluster, GraphFile, Job};
//! let path = std::env::temp_dir().join(format!("ppr-dist-lib-{}.txt", std::process::id()));
//! std::fs::write(&path, "0 1\n1 2\n2 0\n")?;
//! let params = ppr::index::IndexParams { walks: 4, ..Default::default() };
//! let out = ppr_distributed::run(&Cluster::local(2), &Job::index(
//!     GraphFile { path: path.clone(), undirected: false }, params))?;
//! let single = ppr::index::build_index(&ppr::edgelist::load_graph(&path, false)?, &params)?;
//! assert_eq!(out.digest, single.digest());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod by_sources;
pub mod cli;
pub mod cluster;
pub(crate) mod comm;
pub mod error;
pub(crate) mod gather;
pub mod index;
pub mod load;
pub mod partition;
pub mod query;
pub mod run;
pub mod walk;

pub use cluster::Cluster;
pub use comm::Traffic;
pub use error::DistError;
pub use load::GraphFile;
/// The single-machine crate, re-exported for users who need its graph and index types.
pub use ppr;
pub use run::{Job, Outcome, Timings, run};
