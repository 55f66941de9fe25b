//! A small dense LU factorisation with partial pivoting, for the simplex's d×d bases
//! (refactored from scratch at every step: no update drift).

/// `B = LU` with partial pivoting, for a small dense row-major `d×d` matrix.
pub(super) struct Lu {
    pub(super) lu: Vec<f64>,
    perm: Vec<usize>,
    d: usize,
}

impl Lu {
    /// `None` when a pivot is below `1e-13` of the largest entry (numerically singular).
    pub(super) fn factor(mut lu: Vec<f64>, d: usize) -> Option<Lu> {
        let scale = lu.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        let mut perm: Vec<usize> = (0..d).collect();
        for k in 0..d {
            let (piv, big) = (k..d)
                .map(|i| (i, lu[i * d + k].abs()))
                .fold((k, -1.0), |b, x| if x.1 > b.1 { x } else { b });
            if big <= 1e-13 * scale || big == 0.0 {
                return None;
            }
            if piv != k {
                for c in 0..d {
                    lu.swap(k * d + c, piv * d + c);
                }
                perm.swap(k, piv);
            }
            let p = lu[k * d + k];
            for i in k + 1..d {
                let f = lu[i * d + k] / p;
                lu[i * d + k] = f;
                if f != 0.0 {
                    for c in k + 1..d {
                        lu[i * d + c] -= f * lu[k * d + c];
                    }
                }
            }
        }
        Some(Lu { lu, perm, d })
    }

    /// Solves `B x = b`.
    pub(super) fn solve(&self, b: &[f64]) -> Vec<f64> {
        let d = self.d;
        let mut x: Vec<f64> = self.perm.iter().map(|&p| b[p]).collect();
        for i in 0..d {
            let s: f64 = (0..i).map(|c| self.lu[i * d + c] * x[c]).sum();
            x[i] -= s;
        }
        for i in (0..d).rev() {
            let s: f64 = (i + 1..d).map(|c| self.lu[i * d + c] * x[c]).sum();
            x[i] = (x[i] - s) / self.lu[i * d + i];
        }
        x
    }

    /// Solves `Bᵀ x = b`.
    pub(super) fn solve_transpose(&self, b: &[f64]) -> Vec<f64> {
        let d = self.d;
        // Bᵀ = Uᵀ Lᵀ P: solve Uᵀ z = b, Lᵀ v = z, then x = Pᵀ v.
        let mut z = b.to_vec();
        for i in 0..d {
            let s: f64 = (0..i).map(|r| self.lu[r * d + i] * z[r]).sum();
            z[i] = (z[i] - s) / self.lu[i * d + i];
        }
        for i in (0..d).rev() {
            let s: f64 = (i + 1..d).map(|r| self.lu[r * d + i] * z[r]).sum();
            z[i] -= s;
        }
        let mut x = vec![0.0; d];
        for (i, &p) in self.perm.iter().enumerate() {
            x[p] = z[i];
        }
        x
    }
}
