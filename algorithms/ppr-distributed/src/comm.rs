//! Bulk-synchronous supersteps on timely-dataflow.
//!
//! One dataflow per worker: an input of envelopes `(target worker, packet)`, an exchange by
//! target, and a collecting operator that moves every packet into the worker's inbox; the
//! probe sits *after* the collecting operator, so when it passes epoch t every packet sent
//! in epoch t has been collected (a probe before the exchange could report completion with
//! packets still in flight). The collector files packets by epoch, because a faster worker
//! may already send packets of epoch t + 1 while this one still waits for epoch t. A superstep sends this worker's envelopes, advances the epoch
//! and steps the worker until the probe passes: a barrier plus an all-to-all exchange.
//!
//! Packets are batches (one per target and kind per superstep), so timely's per-message
//! costs are paid per batch, not per record. Byte counts use bincode's sizes (what timely
//! puts on the wire between processes).

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use timely::container::CapacityContainerBuilder;
use timely::dataflow::channels::pact::Exchange;
use timely::dataflow::operators::generic::Operator;
use timely::dataflow::operators::{Input, Probe};
use timely::dataflow::{InputHandle, ProbeHandle};
use timely::worker::Worker;

use crate::error::DistError;
use crate::walk::Token;

/// A whole fingerprint: `(source, total, restarts, (vertex, count) entries)`.
pub(crate) type Fingerprint = (u32, u32, u32, Vec<(u32, u16)>);

/// What travels between workers.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) enum Packet {
    /// A worker's verdict before the next phase: `None` when fine, else its error message.
    Status(u32, Option<String>),
    /// A small vector of words from a worker (all-gather of counters and digests).
    Words(u32, Vec<u64>),
    /// Arcs `(source, target, position in the file)`, sent to the source's owner.
    Arcs(Vec<(u32, u32, u64)>),
    /// Walk tokens, sent to the owner of their current vertex.
    Tokens(Vec<Token>),
    /// Visits `(source, vertex)`, sent to the owner of the walk's source.
    Visits(Vec<(u32, u32)>),
    /// Flow or answer records `(vertex or lane, lane or vertex, value)` from a worker.
    Flows(u32, Vec<(u32, u32, f64)>),
    /// Flow rows `(vertex, group, flows of the group's 8 lanes)` from a worker.
    Rows(u32, Vec<(u32, u32, [f64; 8])>),
    /// Whole fingerprints `(source, total, restarts, entries)`, gathered at worker 0 to write a file.
    Prints(Vec<Fingerprint>),
}

impl Packet {
    /// The packet's size in bincode (enum tag 4 B, vector length 8 B).
    pub(crate) fn wire_bytes(&self) -> u64 {
        let len = |n: usize, each: u64| 12 + n as u64 * each;
        match self {
            Packet::Status(_, m) => 9 + m.as_ref().map_or(0, |s| 8 + s.len() as u64),
            Packet::Words(_, w) => 4 + len(w.len(), 8),
            Packet::Arcs(a) => len(a.len(), 16),
            Packet::Tokens(t) => len(t.len(), Token::WIRE_BYTES),
            Packet::Visits(v) => len(v.len(), 8),
            Packet::Flows(_, f) => 4 + len(f.len(), 16),
            Packet::Rows(_, r) => 4 + len(r.len(), 72),
            Packet::Prints(p) => 12 + p.iter().map(|x| 20 + 6 * x.3.len() as u64).sum::<u64>(),
        }
    }
}

type Envelope = (u32, Packet);

/// Traffic counters of one worker.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Traffic {
    /// Supersteps run.
    pub supersteps: u64,
    /// Bytes (bincode) sent to other workers of this process.
    pub bytes_local: u64,
    /// Bytes (bincode) sent to workers of other processes.
    pub bytes_remote: u64,
}

impl Traffic {
    /// What was added since `earlier` (a snapshot of the same counters).
    pub fn since(&self, earlier: &Traffic) -> Traffic {
        Traffic {
            supersteps: self.supersteps - earlier.supersteps,
            bytes_local: self.bytes_local - earlier.bytes_local,
            bytes_remote: self.bytes_remote - earlier.bytes_remote,
        }
    }
}

/// One worker's endpoint of the superstep exchange.
pub(crate) struct Comm<'w> {
    worker: &'w mut Worker,
    input: InputHandle<u64, CapacityContainerBuilder<Vec<Envelope>>>,
    probe: ProbeHandle<u64>,
    inbox: Rc<RefCell<BTreeMap<u64, Vec<Packet>>>>,
    threads: usize,
    /// This worker's traffic so far.
    pub(crate) traffic: Traffic,
    /// Test hook: exit the process abruptly at this superstep (simulates a crash).
    pub(crate) crash_at: Option<u64>,
}

impl<'w> Comm<'w> {
    /// Builds the exchange dataflow. `threads`: workers per process.
    pub(crate) fn new(worker: &'w mut Worker, threads: usize) -> Self {
        let mut input = InputHandle::new();
        let probe = ProbeHandle::new();
        let inbox: Rc<RefCell<BTreeMap<u64, Vec<Packet>>>> = Rc::default();
        let sink = Rc::clone(&inbox);
        worker.dataflow::<u64, _, _>(|scope| {
            scope
                .input_from(&mut input)
                .unary::<CapacityContainerBuilder<Vec<()>>, _, _, _>(
                    Exchange::new(|e: &Envelope| u64::from(e.0)),
                    "Collect",
                    move |_, _| {
                        move |input, _output| {
                            input.for_each(|cap, data| {
                                sink.borrow_mut()
                                    .entry(cap.least().copied().unwrap_or_default())
                                    .or_default()
                                    .extend(data.drain(..).map(|(_, p)| p));
                            });
                        }
                    },
                )
                .probe_with(&probe);
        });
        Comm {
            worker,
            input,
            probe,
            inbox,
            threads: threads.max(1),
            traffic: Traffic::default(),
            crash_at: None,
        }
    }

    /// This worker's global index.
    pub(crate) fn index(&self) -> usize {
        self.worker.index()
    }

    /// Number of workers in all processes.
    pub(crate) fn peers(&self) -> usize {
        self.worker.peers()
    }

    /// Sends `out` and returns every packet addressed to this worker in this superstep
    /// (in arrival order, which varies: callers never depend on it).
    pub(crate) fn superstep(&mut self, out: Vec<(usize, Packet)>) -> Vec<Packet> {
        if self.crash_at == Some(self.traffic.supersteps) {
            eprintln!(
                "ppr-dist: worker {} exits abruptly at superstep {} (test hook)",
                self.index(),
                self.traffic.supersteps
            );
            std::process::exit(9);
        }
        let me = self.index();
        let my_process = me / self.threads;
        for (target, packet) in out {
            if target != me {
                let b = packet.wire_bytes();
                if target / self.threads == my_process {
                    self.traffic.bytes_local += b;
                } else {
                    self.traffic.bytes_remote += b;
                }
            }
            self.input.send((target as u32, packet));
        }
        let next = self.input.time() + 1;
        self.input.advance_to(next);
        while self.probe.less_than(self.input.time()) {
            self.worker.step_or_park(Some(Duration::from_millis(20)));
        }
        self.traffic.supersteps += 1;
        self.inbox
            .borrow_mut()
            .remove(&(next - 1))
            .unwrap_or_default()
    }

    /// Every worker learns every worker's words (`result[w]` = worker w's).
    pub(crate) fn all_gather(&mut self, words: Vec<u64>) -> Vec<Vec<u64>> {
        let me = self.index() as u32;
        let out = (0..self.peers())
            .map(|t| (t, Packet::Words(me, words.clone())))
            .collect();
        let mut all = vec![Vec::new(); self.peers()];
        for p in self.superstep(out) {
            if let Packet::Words(w, v) = p {
                all[w as usize] = v;
            }
        }
        all
    }

    /// Every worker learns whether any worker failed. A worker's own error is returned as
    /// is; the others return [`DistError::Peer`] naming the lowest failing worker. So all
    /// workers of all processes leave a phase together instead of waiting on each other.
    pub(crate) fn agree<T>(&mut self, local: Result<T, DistError>) -> Result<T, DistError> {
        let me = self.index() as u32;
        let msg = local.as_ref().err().map(|e| e.to_string());
        let out = (0..self.peers())
            .map(|t| (t, Packet::Status(me, msg.clone())))
            .collect();
        let mut first: Option<(u32, String)> = None;
        for p in self.superstep(out) {
            if let Packet::Status(w, Some(m)) = p
                && first.as_ref().is_none_or(|f| w < f.0)
            {
                first = Some((w, m));
            }
        }
        match (local, first) {
            (Err(e), _) => Err(e),
            (Ok(_), Some((worker, message))) => Err(DistError::Peer {
                worker: worker as usize,
                message,
            }),
            (Ok(v), None) => Ok(v),
        }
    }
}
