//! Seeded synthetic matrices with known structure: Gaussian, coherent `[I_d; εG]`,
//! heavy-tailed (Student-t), the sign matrix `{±1}^d` and the stacked identity.
//!
//! All randomness comes from PCG-64 (`rand_pcg`) seeded explicitly: a name and seed always
//! mean the same bits.

use faer::Mat;
use rand_core::{Rng, SeedableRng};
use rand_pcg::Pcg64;

/// Standard normal draws (Box–Muller on 53-bit uniforms) from a seeded PCG-64.
#[derive(Debug, Clone)]
pub struct Gaussian {
    rng: Pcg64,
    spare: Option<f64>,
}

impl Gaussian {
    /// The generator for `seed`.
    pub fn new(seed: u64) -> Self {
        Gaussian {
            rng: Pcg64::seed_from_u64(seed),
            spare: None,
        }
    }

    /// A uniform in `(0, 1]`.
    pub fn uniform(&mut self) -> f64 {
        ((self.rng.next_u64() >> 11) as f64 + 1.0) * (1.0 / (1u64 << 53) as f64)
    }

    /// One N(0, 1) draw.
    pub fn sample(&mut self) -> f64 {
        if let Some(s) = self.spare.take() {
            return s;
        }
        let (u, v) = (self.uniform(), self.uniform());
        let radius = (-2.0 * u.ln()).sqrt();
        let angle = std::f64::consts::TAU * v;
        self.spare = Some(radius * angle.sin());
        radius * angle.cos()
    }
}

/// An n×d matrix of i.i.d. N(0, 1) entries (incoherent: every row matters about equally).
pub fn gaussian(n: usize, d: usize, seed: u64) -> Mat<f64> {
    let mut g = Gaussian::new(seed);
    let mut m = Mat::zeros(n, d);
    for i in 0..n {
        for j in 0..d {
            m[(i, j)] = g.sample();
        }
    }
    m
}

/// The coherent matrix `[I_d; εG]` with `G` an (n−d)×d Gaussian: the first d rows carry
/// almost all the sensitivity, so uniform sampling misses them (n ≥ d).
pub fn coherent(n: usize, d: usize, eps: f64, seed: u64) -> Mat<f64> {
    let g = gaussian(n.saturating_sub(d), d, seed);
    Mat::from_fn(n.max(d), d, |i, j| {
        if i < d {
            f64::from(u8::from(i == j))
        } else {
            eps * g[(i - d, j)]
        }
    })
}

/// Rows with i.i.d. Student-t entries with `nu` degrees of freedom (heavy tails):
/// `Z / sqrt(χ²_ν/ν)` per entry, χ² as a sum of ν squared normals.
pub fn student_t(n: usize, d: usize, nu: u32, seed: u64) -> Mat<f64> {
    let mut g = Gaussian::new(seed);
    let mut m = Mat::zeros(n, d);
    for i in 0..n {
        for j in 0..d {
            let z = g.sample();
            let chi2: f64 = (0..nu.max(1)).map(|_| g.sample().powi(2)).sum();
            m[(i, j)] = z / (chi2 / f64::from(nu.max(1))).sqrt();
        }
    }
    m
}

/// All `2^d` rows of `{±1}^d` (row i has bit j of i set ⇒ −1). At p = 1,
/// `s_i = d / Σ_k C(d,k)|d−2k|` and `w_i = d/2^d`.
pub fn sign_matrix(d: usize) -> Mat<f64> {
    Mat::from_fn(1 << d, d, |i, j| if (i >> j) & 1 == 1 { -1.0 } else { 1.0 })
}

/// `I_d` stacked `k` times (kd×d): `s_i = w_i = 1/k` for every p.
pub fn stacked_identity(d: usize, k: usize) -> Mat<f64> {
    Mat::from_fn(d * k, d, |i, j| f64::from(u8::from(i % d == j)))
}

/// Builds a synthetic family by name: `gaussian`, `coherent` (ε = 0.01), `student-t`
/// (ν = 2), `sign` (d only), `stacked-identity` (k = ⌈n/d⌉). `None` for an unknown name.
pub fn by_name(name: &str, n: usize, d: usize, seed: u64) -> Option<Mat<f64>> {
    Some(match name {
        "gaussian" => gaussian(n, d, seed),
        "coherent" => coherent(n, d, 0.01, seed),
        "student-t" => student_t(n, d, 2, seed),
        "sign" => sign_matrix(d),
        "stacked-identity" => stacked_identity(d, n.div_ceil(d.max(1))),
        _ => return None,
    })
}
