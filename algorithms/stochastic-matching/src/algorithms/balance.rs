//! Stochastic Balance: attempt the available neighbour maximising `w_u p_uv f(ℓ_u)`, where the
//! load `ℓ_u` is the sum of `p` over past (failed) attempts on `u` and `f` is decreasing.
//!
//! **Guarantees, each for its own regime and benchmark** (as p → 0; none applies to large p):
//! - With **equal** p every decreasing `f` gives the same decisions ("least load"), so for
//!   unweighted equal-p instances this is the algorithm of Mehta–Panigrahi (FOCS'12), 0.567 =
//!   (1 + e⁻²)/2 against the budgeted LP (and at most 0.588 on their z-graph), of Huang–Zhang
//!   (STOC'20), 0.576 against the configuration LP, and of Huang et al. (arXiv 2309.10289,
//!   abstract), 0.613 against their stochastic configuration LP.
//! - With **unequal** p the guarantee depends on `f`: Goyal–Udwani (arXiv 1905.12778) prove
//!   (1 − η√p)·0.596 for vertex-weighted instances against the clairvoyant and the fully
//!   offline benchmarks with their `g(x) = e^{x+1}E₁(x+1)` ([`LoadFunction::GoyalUdwani`]),
//!   0.588 with `1/(0.575x + 1)` and 0.581 with `e^{−0.535x}`. Huang–Zhang's 0.572 for
//!   unequal p is for their *randomized* algorithm, not for this one; Huang et al.'s 0.611
//!   needs their load function, which only the paper's full text gives. Nothing is proven for
//!   the default `e^{−ℓ}` with unequal p (Mehta–Panigrahi proposed `p·e^{−ℓ}` without an
//!   analysis).
//!
//! O(deg v) per arrival.

use rand_pcg::Pcg64;

use super::Scorer;

/// The decreasing function `f` of the load.
#[derive(Debug, Clone, Copy)]
pub enum LoadFunction {
    /// `e^{−ℓ}` (the default, as in the onlinematching crate's Balance). No guarantee is
    /// proven for it with unequal p.
    Exp,
    /// `max(0, 1 − e^{ℓ−1})` (MSVV-style; clamped at 0 once `ℓ ≥ 1`, ties then go to the
    /// tie-break).
    Msvv,
    /// `max(0, 1 − ℓ)`.
    Linear,
    /// Goyal–Udwani's `g(x) = e^{x+1} E₁(x+1)` (`g(0) = e·E₁(1) ≈ 0.59635`): with it the
    /// algorithm is (1 − η√p)·0.596-competitive for vertex-weighted instances with unequal
    /// vanishing p, against the clairvoyant and the fully offline benchmarks (Goyal–Udwani,
    /// arXiv 1905.12778).
    GoyalUdwani,
    /// Goyal–Udwani's `1/(0.575x + 1)`: 0.588 in the same regime and against the same
    /// benchmarks as [`LoadFunction::GoyalUdwani`].
    GuRational,
    /// Goyal–Udwani's `e^{−0.535x}`: 0.581 in the same regime and against the same
    /// benchmarks as [`LoadFunction::GoyalUdwani`].
    GuExp,
    /// Any other function; it should be decreasing and finite.
    Custom(fn(f64) -> f64),
}

impl LoadFunction {
    /// `f(ℓ)`.
    #[inline]
    pub fn eval(&self, load: f64) -> f64 {
        match self {
            LoadFunction::Exp => (-load).exp(),
            LoadFunction::Msvv => (1.0 - (load - 1.0).exp()).max(0.0),
            LoadFunction::Linear => (1.0 - load).max(0.0),
            LoadFunction::GoyalUdwani => crate::special::exp_e1(load + 1.0),
            LoadFunction::GuRational => 1.0 / (0.575 * load + 1.0),
            LoadFunction::GuExp => (-0.535 * load).exp(),
            LoadFunction::Custom(f) => f(load),
        }
    }

    /// A short name.
    pub fn name(&self) -> &'static str {
        match self {
            LoadFunction::Exp => "exp",
            LoadFunction::Msvv => "msvv",
            LoadFunction::Linear => "linear",
            LoadFunction::GoyalUdwani => "gu",
            LoadFunction::GuRational => "gu-rational",
            LoadFunction::GuExp => "gu-exp",
            LoadFunction::Custom(_) => "custom",
        }
    }
}

impl PartialEq for LoadFunction {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (LoadFunction::Custom(a), LoadFunction::Custom(b)) => std::ptr::fn_addr_eq(*a, *b),
            _ => self.name() == other.name(),
        }
    }
}

/// Stochastic Balance's state: the loads.
///
/// ```
/// use stochastic_matching::{Instance, simulate, Algorithm, LoadFunction, TieBreak};
/// let inst = Instance::unweighted(2, vec![vec![(0, 0.5), (1, 0.5)]; 4])?;
/// let est = simulate(&inst, &[Algorithm::Balance(LoadFunction::Exp)], TieBreak::LowestIndex, 1000, 7)?;
/// assert!(est[0].mean > 1.0);
/// # Ok::<(), stochastic_matching::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Balance {
    f: LoadFunction,
    load: Vec<f64>,
}

impl Balance {
    /// Balance with load function `f` on `n` offline vertices.
    pub fn new(f: LoadFunction, n: usize) -> Balance {
        Balance {
            f,
            load: vec![0.0; n],
        }
    }
}

impl Scorer for Balance {
    fn begin(&mut self, n: usize, _rng: &mut Pcg64) {
        self.load.clear();
        self.load.resize(n, 0.0);
    }
    #[inline]
    fn score(&self, u: usize, w: f64, p: f64) -> f64 {
        w * p * self.f.eval(self.load[u])
    }
    #[inline]
    fn failed(&mut self, u: usize, p: f64) {
        self.load[u] += p;
    }
    fn matched(&mut self, u: usize) {
        self.load[u] = 0.0;
    }
    fn key(&self, out: &mut Vec<u64>) {
        out.extend(self.load.iter().map(|l| l.to_bits()));
    }
}
