//! The implementation names of the PPR family and what each one runs.

use std::sync::LazyLock;

use ppr::reorder::VertexOrder;

/// The timed PowerWalk grid (R, T, θ): the paper's Table 3 operating points (R, T) =
/// (0, 7), (10, 5), (100, 2) and FPPR (T = 0, the fingerprint alone), with the levels
/// around them (Liu et al., CIKM 2016, Fig. 5 and Table 3). R = 0 answers without an index.
/// The whole T = 0..10 grid, with the paper's uncorrected estimator beside this crate's, is
/// the `paper` study ([`super::paper`]).
pub const GRID: [(u32, usize, f64); 16] = [
    (0, 2, 0.0),
    (0, 5, 0.0),
    (0, 7, 0.0),
    (0, 10, 0.0),
    (10, 0, 0.0),
    (10, 2, 0.0),
    (10, 5, 0.0),
    (10, 5, 1e-6),
    (10, 7, 0.0),
    (10, 10, 0.0),
    (10, 10, 1e-6),
    (100, 0, 0.0),
    (100, 2, 0.0),
    (100, 5, 0.0),
    (100, 7, 0.0),
    (100, 10, 0.0),
];
/// Absorption thresholds of the PowerWalk grid, with their names.
pub const THETAS: [(f64, &str); 2] = [(0.0, "0"), (1e-6, "1e-6")];
/// The batch/single comparison's settings (R, T; θ = 0).
pub const BATCH_SETTINGS: [(u32, usize); 2] = [(16, 4), (16, 6)];
/// The paper's Table 3 methods as (R, T) PowerWalk settings: FPPR is R = 100, T = 0 (the
/// fingerprint alone), then R = 0 / 10 / 100 at T = 7 / 5 / 2.
pub const TABLE3_POWERWALK: [(u32, usize); 4] = [(100, 0), (0, 7), (10, 5), (100, 2)];
/// The residual of Table 3's power iteration column (run to convergence).
pub const TABLE3_POWER_TOL: f64 = 1e-10;
/// The most memory a whole-batch block's dense answers may take.
pub const WHOLE_BATCH_BYTES: usize = 256 << 20;
/// Online MCFP walks per query in Table 3.
pub const TABLE3_MCFP_WALKS: u32 = 2000;

/// Walks per vertex of the paper study's T = 0..10 grid (Fig. 5 and the MCFP column of
/// Table 3: R = 2000).
pub const STUDY_RS: [u32; 4] = [0, 10, 100, 2000];
/// Walks per source of the paper study's MCFP/MCEP comparison (Fig. 3 and 4).
pub const STUDY_WALKS: [u32; 5] = [10, 100, 1000, 2000, 10_000];

/// The vertex orders the exact solvers are measured in ([`ppr::reorder`]).
pub const ORDERS: [VertexOrder; 3] = [VertexOrder::Degree, VertexOrder::Bfs, VertexOrder::Identity];

/// The name of a vertex order in implementation names.
pub fn order_name(o: VertexOrder) -> &'static str {
    match o {
        VertexOrder::Identity => "identity",
        VertexOrder::Degree => "degree",
        VertexOrder::Bfs => "bfs",
    }
}

/// One implementation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Method {
    /// The oracle: the plain fixed-point iteration to residual 1e-13.
    Naive,
    /// Power iteration to residual mass `tol`.
    Power(f64),
    /// Forward push with `r_max = λ/m`.
    Push(f64),
    /// Gauss–Seidel pull sweeps to certified L1 ≤ tol on the graph relabelled in an order.
    GaussSeidel(f64, VertexOrder),
    /// Push sweeps to residual ≤ tol (every residual pushed) on the relabelled graph.
    PushSweeps(f64, VertexOrder),
    /// Monte Carlo end-point walks.
    McEndPoint(u32),
    /// Monte Carlo full-path walks.
    McFullPath(u32),
    /// A PowerWalk query (R, T, θ) on a prebuilt index.
    PowerWalk(u32, usize, f64),
    /// Building an index (R, L).
    Index(u32, Option<u32>),
    /// A batch of queries (R, T).
    Batch(u32, usize),
    /// The same queries one by one (R, T).
    Single(u32, usize),
    /// The paper study's T = 0..10 grid with R walks per vertex (0: no index), this crate's
    /// estimator beside the paper's.
    StudyGrid(u32),
    /// The paper study's MCFP against MCEP with W walks per source (and MCEP with 6.7 W).
    StudyWalks(u32),
    /// The paper study's Theorem 2.1 check (tail frequencies against the bound).
    StudyTheorem,
    /// Table 3: the whole batch one query at a time with power iteration to
    /// [`TABLE3_POWER_TOL`], timed as one run.
    Table3Power,
    /// Table 3: the whole batch with online MCFP ([`TABLE3_MCFP_WALKS`] walks per query).
    Table3Mcfp,
    /// Table 3: the whole batch with PowerWalk (R, T): one batch call on the index for R > 0,
    /// one query at a time without an index for R = 0.
    Table3PowerWalk(u32, usize),
    /// [`Method::Table3PowerWalk`] with the whole batch in one block (up to
    /// [`WHOLE_BATCH_BYTES`] of answers) instead of the default cache-sized blocks.
    Table3Whole(u32, usize),
    /// python-igraph's PRPACK.
    Igraph,
    /// scipy CSR power iteration with T iterations.
    Scipy(usize),
}

/// `1e{k}` for a power of ten, the plain number otherwise (2000 is not "1e3").
fn exp(x: f64) -> String {
    let k = x.log10().round() as i32;
    if 10f64.powi(k) == x {
        format!("1e{k}")
    } else {
        format!("{x}")
    }
}

impl Method {
    /// The implementation name.
    pub fn name(&self) -> String {
        match *self {
            Method::Naive => "naive".into(),
            Method::Power(t) => format!("power-{}", exp(t)),
            Method::Push(l) => format!("push-{}", exp(l)),
            Method::GaussSeidel(t, o) => format!("gs-{}-{}", order_name(o), exp(t)),
            Method::PushSweeps(t, o) => format!("push-sweeps-{}-{}", order_name(o), exp(t)),
            Method::McEndPoint(w) => format!("mc-endpoint-{}", exp(f64::from(w))),
            Method::McFullPath(w) => format!("mc-fullpath-{}", exp(f64::from(w))),
            Method::PowerWalk(r, t, theta) => {
                let th = THETAS.iter().find(|x| x.0 == theta).map_or("?", |x| x.1);
                format!("powerwalk-R{r}-T{t}-theta{th}")
            }
            Method::Index(r, None) => format!("index-R{r}"),
            Method::Index(r, Some(l)) => format!("index-R{r}-L{l}"),
            Method::Batch(r, t) => format!("batch-R{r}-T{t}"),
            Method::Single(r, t) => format!("single-R{r}-T{t}"),
            Method::Table3Power => format!("t3-power-{}", exp(TABLE3_POWER_TOL)),
            Method::Table3Mcfp => format!("t3-mcfp-{TABLE3_MCFP_WALKS}"),
            Method::Table3PowerWalk(r, 0) => format!("t3-fppr-R{r}"),
            Method::Table3PowerWalk(r, t) => format!("t3-powerwalk-R{r}-T{t}"),
            Method::Table3Whole(r, t) => format!("t3-powerwalk-R{r}-T{t}-whole"),
            Method::Igraph => "igraph".into(),
            Method::Scipy(t) => format!("scipy-T{t}"),
            Method::StudyGrid(r) => format!("grid-R{r}"),
            Method::StudyWalks(w) => format!("walks-W{w}"),
            Method::StudyTheorem => "theorem-2.1".into(),
        }
    }

    /// Whether it is an external peer.
    pub fn is_peer(&self) -> bool {
        matches!(self, Method::Igraph | Method::Scipy(_))
    }

    /// The family a frontier plot groups it in.
    pub fn series(&self) -> String {
        match *self {
            Method::Naive | Method::Power(_) => "power iteration".into(),
            Method::Push(_) => "forward push".into(),
            Method::GaussSeidel(..) => "Gauss–Seidel".into(),
            Method::PushSweeps(..) => "push sweeps".into(),
            Method::McEndPoint(_) => "MC end point".into(),
            Method::McFullPath(_) => "MC full path".into(),
            Method::PowerWalk(r, _, theta) => format!(
                "PowerWalk R={r} θ={}",
                if theta == 0.0 { "0" } else { "1e-6" }
            ),
            Method::Igraph => "igraph".into(),
            Method::Scipy(_) => "scipy".into(),
            _ => "other".into(),
        }
    }
}

/// Every method, in report order.
pub fn all() -> Vec<Method> {
    let mut v = vec![
        Method::Naive,
        Method::Power(1e-3),
        Method::Power(1e-6),
        Method::Power(1e-10),
        Method::Power(1e-12),
        Method::Push(1e-2),
        Method::Push(1e-3),
        Method::Push(1e-5),
        Method::McEndPoint(10_000),
        Method::McEndPoint(100_000),
        Method::McFullPath(10_000),
        Method::McFullPath(100_000),
    ];
    v.push(Method::McFullPath(2000));
    for order in ORDERS {
        v.push(Method::GaussSeidel(1e-10, order));
    }
    v.push(Method::PushSweeps(1e-10, VertexOrder::Degree));
    for (r, t, theta) in GRID {
        v.push(Method::PowerWalk(r, t, theta));
    }
    for r in [1, 16, 128] {
        v.push(Method::Index(r, None));
    }
    v.push(Method::Index(1, Some(10)));
    for r in STUDY_RS {
        v.push(Method::StudyGrid(r));
    }
    for w in STUDY_WALKS {
        v.push(Method::StudyWalks(w));
    }
    v.push(Method::StudyTheorem);
    for (r, t) in BATCH_SETTINGS {
        v.push(Method::Batch(r, t));
        v.push(Method::Single(r, t));
    }
    v.push(Method::Table3Power);
    v.push(Method::Table3Mcfp);
    for (r, t) in TABLE3_POWERWALK {
        v.push(Method::Table3PowerWalk(r, t));
    }
    v.push(Method::Table3Whole(100, 2));
    v.push(Method::Igraph);
    v.push(Method::Scipy(43));
    v
}

static NAMES: LazyLock<Vec<(&'static str, Method)>> = LazyLock::new(|| {
    all()
        .into_iter()
        .map(|m| (&*Box::leak(m.name().into_boxed_str()), m))
        .collect()
});

/// Every implementation name.
pub fn names() -> Vec<&'static str> {
    NAMES.iter().map(|(n, _)| *n).collect()
}

/// The method called `name`.
pub fn parse(name: &str) -> Option<Method> {
    NAMES.iter().find(|(n, _)| *n == name).map(|(_, m)| *m)
}
