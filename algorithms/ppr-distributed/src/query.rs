//! Distributed batched PowerWalk queries: flow records exchanged by owner, one superstep
//! per decomposition round (Liu, Li, Lui and Cheng, "PowerWalk", CIKM 2016).
//!
//! A record `(vertex, lane, flow)` carries the flow of batch position `lane` at a vertex.
//! Round t (t < T), at the owner of u: sum the records of (u, lane); flow at or below θ
//! parks at u (absorbed, never dropped); otherwise `c·f` joins the answer and
//! `(1 − c)·f/deg(u)` goes to each out-neighbour's owner (to the source's owner from a
//! dangling vertex). After T rounds the remaining flow parks; each owner sums its parked
//! flow per (u, lane), multiplies it with u's fingerprint, and sends the answer entries to
//! the owner of the lane's source. A batch of B sources costs **T + 1 supersteps in all**
//! (the paper's shared decomposition), whatever B.
//!
//! Lanes are handled in groups of [`ppr::batch::LANES`] = 8, as in the single-machine
//! batch: a group keeps one 64-byte row of flows per vertex, so a vertex's adjacency (and
//! fingerprint) is read once for 8 sources. Flows are summed densely: received flows into a
//! row per owned vertex, outgoing shares into a row per target vertex, combined before
//! sending (at most one row, or one record per nonzero lane, per target vertex, group and
//! round). A row with at least 3 nonzero lanes travels whole (72 B), otherwise as 16-byte
//! `(vertex, lane, flow)` records. Nothing is sorted: every worker emits in group order and
//! reads its inboxes in sender order, so a run is reproducible for a given worker count;
//! against the single-machine [`ppr::batch::query_batch`] the answers differ only by
//! summation order (tested at L1 ≤ 1e-12).
//!
//! Dangling vertices: as in [`ppr::query`], the share δ_u of the flow parked at u follows
//! u's fingerprint only in part; each worker sums δ_u·w_u per lane and sends it to the
//! owner of the lane's source, which divides the lane's answer by 1 − D.
//!
//! Cost per round: O(received flows + active arcs · 8 lanes / 8 + B/8) work and the bytes
//! above. Scratch: two rows of 64 B per vertex of the graph (owned rows indexed by slot,
//! outgoing rows by global id, like [`Partition`]'s own O(n) maps), and the answers' rows
//! until the tail is combined.

use ppr::Error;
use ppr::batch::LANES;
use ppr::query::QueryParams;

use crate::comm::{Comm, Packet};
use crate::error::DistError;
use crate::index::LocalIndex;
use crate::partition::Partition;
use crate::walk::RESTART;

type Rec = (u32, u32, f64);
type Row = [f64; LANES];
const ZERO: Row = [0.0; LANES];

/// Checks a batch as the single-machine query does.
pub(crate) fn check(n: usize, sources: &[u32], params: &QueryParams) -> Result<(), Error> {
    ppr::limits::check_steps(params.steps)?;
    if !(params.theta >= 0.0 && params.theta.is_finite()) {
        return Err(Error::InvalidParameter {
            name: "theta",
            reason: format!("{} must be finite and ≥ 0", params.theta),
        });
    }
    for &s in sources {
        if s as usize >= n {
            return Err(Error::UnknownSource { source: s, n });
        }
    }
    Ok(())
}

/// Rows summed densely, with the list of rows touched (in first-touch order).
struct Rows {
    rows: Vec<Row>,
    marked: Vec<bool>,
    list: Vec<u32>,
}

impl Rows {
    fn new(len: usize) -> Rows {
        Rows {
            rows: vec![ZERO; len],
            marked: vec![false; len],
            list: Vec::new(),
        }
    }

    #[inline]
    fn mark(&mut self, i: usize) {
        if !self.marked[i] {
            self.marked[i] = true;
            self.list.push(i as u32);
        }
    }

    #[inline]
    fn add_lane(&mut self, i: usize, lane: usize, x: f64) {
        self.mark(i);
        self.rows[i][lane] += x;
    }

    #[inline]
    fn add_row(&mut self, i: usize, x: &Row, scale: f64) {
        self.mark(i);
        let r = &mut self.rows[i];
        for l in 0..LANES {
            r[l] += x[l] * scale;
        }
    }

    /// Hands every touched row (index, row) to `f` and clears it.
    fn drain(&mut self, mut f: impl FnMut(u32, Row)) {
        for &i in &self.list {
            self.marked[i as usize] = false;
            f(i, std::mem::replace(&mut self.rows[i as usize], ZERO));
        }
        self.list.clear();
    }
}

/// Answer records `(lane, vertex, x)` by group of 8 lanes, in arrival order: a stable
/// counting sort; group g's records are `out[start[g]..start[g + 1]]`.
fn by_group(recs: Vec<Rec>, groups: usize) -> (Vec<Rec>, Vec<usize>) {
    let lane = |r: &Rec| r.0;
    let mut start = vec![0usize; groups + 1];
    for r in &recs {
        start[lane(r) as usize / LANES + 1] += 1;
    }
    for g in 0..groups {
        start[g + 1] += start[g];
    }
    let mut at = start.clone();
    let mut out = vec![(0, 0, 0.0); recs.len()];
    for r in recs {
        let g = lane(&r) as usize / LANES;
        out[at[g]] = r;
        at[g] += 1;
    }
    (out, start)
}

/// What one worker sends another in a round: records `(vertex, lane, flow)` for rows with
/// few nonzero lanes, whole rows `(vertex, group, row)` for the others (16 B per lane
/// against 72 B per row), each in group order.
#[derive(Default)]
struct Outbox {
    recs: Vec<Rec>,
    rows: Vec<(u32, u32, Row)>,
}

/// Rows with at least this many nonzero lanes travel whole.
const ROW_LANES: usize = 3;

/// Sends every outbox and returns what arrived, by sender.
fn exchange(comm: &mut Comm<'_>, out: Vec<Outbox>) -> Vec<(u32, Outbox)> {
    let me = comm.index() as u32;
    let mut packets = Vec::new();
    for (t, o) in out.into_iter().enumerate() {
        if !o.recs.is_empty() {
            packets.push((t, Packet::Flows(me, o.recs)));
        }
        if !o.rows.is_empty() {
            packets.push((t, Packet::Rows(me, o.rows)));
        }
    }
    let mut got: Vec<(u32, Outbox)> = Vec::new();
    for p in comm.superstep(packets) {
        let (from, recs, rows) = match p {
            Packet::Flows(from, v) => (from, v, Vec::new()),
            Packet::Rows(from, v) => (from, Vec::new(), v),
            _ => continue,
        };
        match got.iter_mut().find(|g| g.0 == from) {
            Some(g) => {
                g.1.recs.extend(recs);
                g.1.rows.extend(rows);
            }
            None => got.push((from, Outbox { recs, rows })),
        }
    }
    got.sort_by_key(|g| g.0);
    got
}

/// Adds the part of group `g` of every inbox (read in sender order; each inbox is in group
/// order, `at` holds the read positions) into `own`.
fn receive(
    inboxes: &[(u32, Outbox)],
    at: &mut [(usize, usize)],
    g: usize,
    part: &Partition,
    own: &mut Rows,
) {
    for ((_, b), (r, w)) in inboxes.iter().zip(at.iter_mut()) {
        while let Some(&(u, lane, f)) = b.recs.get(*r).filter(|x| x.1 as usize / LANES == g) {
            own.add_lane(part.slot(u), lane as usize % LANES, f);
            *r += 1;
        }
        while let Some((u, _, row)) = b.rows.get(*w).filter(|x| x.1 as usize == g) {
            own.add_row(part.slot(*u), row, 1.0);
            *w += 1;
        }
    }
}

/// Drains the rows of group `g` into the outboxes of their owners.
fn emit(rows: &mut Rows, g: usize, part: &Partition, out: &mut [Outbox]) {
    rows.drain(|v, row| {
        let to = &mut out[part.owner(v)];
        if row.iter().filter(|&&x| x != 0.0).count() >= ROW_LANES {
            to.rows.push((v, g as u32, row));
        } else {
            for (l, &x) in row.iter().enumerate() {
                if x != 0.0 {
                    to.recs.push((v, (g * LANES + l) as u32, x));
                }
            }
        }
    });
}

/// Runs the batch; returns the answer entries `(lane, vertex, value)` of the lanes whose
/// source this worker owns: one entry per (lane, vertex), in no particular order.
pub(crate) fn query(
    comm: &mut Comm<'_>,
    part: &Partition,
    prints: &LocalIndex,
    c: f64,
    sources: &[u32],
    params: &QueryParams,
) -> Result<Vec<Rec>, DistError> {
    check(part.n(), sources, params).map_err(DistError::ppr(comm.index()))?;
    let (keep, theta, peers) = (1.0 - c, params.theta, part.peers());
    let groups = sources.len().div_ceil(LANES);
    let mut own = Rows::new(part.owned().len());
    let mut send = Rows::new(part.n());
    // Per group: rows `(vertex, c·f)` of the answer and `(slot, flow)` parked at θ.
    let mut res: Vec<Vec<(u32, Row)>> = vec![Vec::new(); groups];
    let mut parked: Vec<Vec<(u32, Row)>> = vec![Vec::new(); groups];
    let mut first = Outbox::default();
    for (l, &s) in sources.iter().enumerate() {
        if part.owns(s) {
            first.recs.push((s, l as u32, 1.0));
        }
    }
    let mut inboxes = vec![(comm.index() as u32, first)];
    let new_outboxes = || (0..peers).map(|_| Outbox::default()).collect::<Vec<_>>();
    for _ in 0..params.steps {
        let mut at = vec![(0, 0); inboxes.len()];
        let mut out = new_outboxes();
        for g in 0..groups {
            receive(&inboxes, &mut at, g, part, &mut own);
            let (res_g, parked_g) = (&mut res[g], &mut parked[g]);
            own.drain(|slot, row| {
                let u = part.owned()[slot as usize];
                let (mut go, mut low) = (row, ZERO);
                for l in 0..LANES {
                    if row[l] > 0.0 && row[l] <= theta {
                        low[l] = row[l];
                        go[l] = 0.0;
                    }
                }
                if low != ZERO {
                    parked_g.push((slot, low));
                }
                if go == ZERO {
                    return;
                }
                res_g.push((u, go.map(|x| c * x)));
                let nbrs = part.out_neighbors(u);
                if nbrs.is_empty() {
                    for (l, &x) in go.iter().enumerate() {
                        if x != 0.0 {
                            send.add_lane(sources[g * LANES + l] as usize, l, keep * x);
                        }
                    }
                } else {
                    let share = keep / nbrs.len() as f64;
                    for &v in nbrs {
                        send.add_row(v as usize, &go, share);
                    }
                }
            });
            emit(&mut send, g, part, &mut out);
        }
        inboxes = exchange(comm, out);
    }
    // The tail parks; then each group's parked flow meets the fingerprints.
    let mut at = vec![(0, 0); inboxes.len()];
    let mut out = new_outboxes();
    for g in 0..groups {
        receive(&inboxes, &mut at, g, part, &mut own);
        for &(slot, row) in &parked[g] {
            own.add_row(slot as usize, &row, 1.0);
        }
        // The share δ_u of a parked flow starts over at the lane's source (see
        // `ppr::query`): its sum D per lane goes to the source's owner as `(lane, RESTART, D)`.
        let mut restart = ZERO;
        own.drain(|slot, w| {
            let delta = prints.dangling(slot as usize);
            for l in 0..LANES {
                restart[l] += w[l] * delta;
            }
            let (ids, counts, total) = prints.fingerprint(slot as usize);
            let w = w.map(|x| x * (1.0 - delta) / f64::from(total));
            for (&v, &k) in ids.iter().zip(counts) {
                send.add_row(v as usize, &w, f64::from(k));
            }
        });
        for (l, &d) in restart.iter().enumerate() {
            if d != 0.0 {
                let lane = g * LANES + l;
                out[part.owner(sources[lane])]
                    .recs
                    .push((lane as u32, RESTART, d));
            }
        }
        for &(u, row) in &res[g] {
            send.add_row(u as usize, &row, 1.0);
        }
        send.drain(|v, row| {
            for (l, &x) in row.iter().enumerate() {
                if x != 0.0 {
                    let lane = g * LANES + l;
                    out[part.owner(sources[lane])]
                        .recs
                        .push((lane as u32, v, x));
                }
            }
        });
        parked[g] = Vec::new();
        res[g] = Vec::new();
    }
    // Answers, combined per (lane, vertex) across senders.
    let got: Vec<Rec> = exchange(comm, out)
        .into_iter()
        .flat_map(|(_, b)| b.recs)
        .collect();
    let (grouped, start) = by_group(got, groups);
    let mut mine = Vec::with_capacity(grouped.len());
    for g in 0..groups {
        let mut restart = ZERO;
        for &(lane, v, x) in &grouped[start[g]..start[g + 1]] {
            if v == RESTART {
                restart[lane as usize % LANES] += x;
            } else {
                send.add_lane(v as usize, lane as usize % LANES, x);
            }
        }
        let scale = restart.map(|d| 1.0 / (1.0 - d));
        send.drain(|v, row| {
            for (l, &x) in row.iter().enumerate() {
                if x != 0.0 {
                    mine.push(((g * LANES + l) as u32, v, x * scale[l]));
                }
            }
        });
    }
    Ok(mine)
}
