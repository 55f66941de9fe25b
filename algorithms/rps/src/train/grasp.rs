//! GraSP: pruning at initialisation by preserving gradient flow.
//!
//! Wang, Zhang and Grosse, "Picking Winning Tickets Before Training by Preserving Gradient
//! Flow" (ICLR 2020). The gradient flow after pruning is measured by `ΔL = gᵀg`; removing a
//! perturbation `δ` changes it to first order by `2δᵀHg`, where `g = ∇L(θ)` and `H` the
//! Hessian of the loss at init. Removing weight `θ_q` is `δ = −θ_q e_q`, so the paper's score
//! (eq. 8) is
//!
//! ```text
//! S(−θ) = −θ ⊙ (H g)
//! ```
//!
//! and a large score means that removing the weight reduces the gradient flow least (or
//! increases it). GraSP therefore **removes the weights with the highest scores** and keeps
//! the `keep` lowest ones (Algorithm 1 of the paper: "remove the top ranked weights"); this
//! module returns the negated score `θ ⊙ Hg` so that [`super::prune::top_k`] keeps the right
//! ones.
//!
//! `Hg` is computed exactly, not by finite differences: Pearlmutter's R-operator (Pearlmutter,
//! "Fast exact multiplication by the Hessian", Neural Computation 1994) pushed through the
//! MLP's forward and backward passes (forward-over-reverse), in `f64`. ReLU's second derivative
//! is zero almost everywhere, so the R-pass only differentiates the linear layers and the
//! softmax cross-entropy. Cost: about twice a forward-backward pass. Only weights are scored
//! (biases are never pruned, as in the other pruners here).
//!
//! The public functions take the net (layer shapes, weights, biases) and the batch (inputs,
//! labels, batch size) as plain slices and check them once, before any arithmetic, into a
//! borrowed `Net` and `Batch` that the passes share: inconsistent shapes or lengths, a label
//! out of range or a non-finite input, weight, bias or direction is a typed [`Error`], never
//! a panic.
//!
//! Deviation from the authors' code: their gradient pass divides the logits by a temperature
//! of 200; here the loss is the training loss itself (temperature 1), and `g` and `Hg` are
//! taken on the same batch.
//!
//! ```
//! use rps::train::grasp::{gradient, hessian_vector};
//! // One 2→2 linear layer: the loss is convex in W, so vᵀHv ≥ 0.
//! let shapes = [(2, 2)];
//! let (w, b) = (vec![vec![0.3, -0.2, 0.1, 0.4]], vec![vec![0.0, 0.0]]);
//! let x = [1.0, 2.0];
//! let (_, g) = gradient(&shapes, &w, &b, &x, &[1], 1).unwrap();
//! let hg = hessian_vector(&shapes, &w, &b, &x, &[1], 1, &g).unwrap();
//! let curvature: f64 = g.iter().flatten().zip(hg.iter().flatten()).map(|(a, b)| a * b).sum();
//! assert!(curvature >= 0.0);
//! ```

use crate::error::{Error, check_len};

/// Per-layer weight-shaped vectors (`o × i` row-major each).
type Layers = Vec<Vec<f64>>;

/// Activations of one forward pass: pre-activations `z_l` and outputs `a_l` (`a_0 = x`).
struct Forward {
    z: Vec<Vec<f64>>,
    a: Vec<Vec<f64>>,
}

/// The MLP being differentiated, borrowed: layer shapes `(inputs, outputs)`, weights
/// (`o × i` row-major per layer) and biases. Only [`Net::with_batch`] builds one, so every
/// `Net` has consistent shapes and finite weights and biases.
#[derive(Clone, Copy)]
struct Net<'a> {
    shapes: &'a [(usize, usize)],
    w: &'a [Vec<f64>],
    b: &'a [Vec<f64>],
}

/// One batch for a [`Net`], borrowed: `size` examples of inputs `x` (`size × inputs`,
/// row-major) and their labels, all checked against the net.
#[derive(Clone, Copy)]
struct Batch<'a> {
    x: &'a [f64],
    labels: &'a [u8],
    size: usize,
}

impl<'a> Net<'a> {
    /// Checks a net and a batch for it, together and in one fixed order (shapes and batch
    /// size, weight and bias lengths, consecutive layers, input and label lengths, label range,
    /// finiteness of inputs and weights, then of biases), so that each bad input has one typed
    /// error.
    fn with_batch(
        shapes: &'a [(usize, usize)],
        w: &'a [Vec<f64>],
        b: &'a [Vec<f64>],
        x: &'a [f64],
        labels: &'a [u8],
        batch: usize,
    ) -> Result<(Self, Batch<'a>), Error> {
        if shapes.is_empty() || batch == 0 {
            return Err(Error::InvalidParameter {
                name: "shapes/batch",
                reason: "need at least one layer and one example".into(),
            });
        }
        check_len("weight matrices", shapes.len(), w.len())?;
        check_len("bias vectors", shapes.len(), b.len())?;
        let product = |a: usize, b: usize, what: &'static str| {
            a.checked_mul(b).ok_or_else(|| Error::InvalidParameter {
                name: what,
                reason: format!("{a} × {b} overflows the address space"),
            })
        };
        for (l, &(i, o)) in shapes.iter().enumerate() {
            check_len("layer weights", product(i, o, "shapes")?, w[l].len())?;
            check_len("layer biases", o, b[l].len())?;
            if l > 0 && shapes[l - 1].1 != i {
                return Err(Error::ShapeMismatch {
                    what: "consecutive layers".into(),
                    expected: shapes[l - 1].1,
                    got: i,
                });
            }
        }
        check_len(
            "x (batch·input)",
            product(batch, shapes[0].0, "batch")?,
            x.len(),
        )?;
        check_len("labels", batch, labels.len())?;
        let net = Net { shapes, w, b };
        let classes = net.classes();
        if let Some(&y) = labels.iter().find(|&&y| usize::from(y) >= classes) {
            return Err(Error::InvalidParameter {
                name: "label",
                reason: format!("{y} ≥ {classes} classes"),
            });
        }
        let finite = |v: &f64| v.is_finite();
        if !(x.iter().all(finite) && w.iter().flatten().all(finite)) {
            return Err(Error::NonFinite {
                what: "GraSP inputs or weights".into(),
            });
        }
        // A NaN bias would vanish in the ReLU (`max(NaN, 0) = 0`) or poison the loss: either
        // way a silent wrong answer, so it is refused like a NaN weight.
        if !b.iter().flatten().all(finite) {
            return Err(Error::NonFinite {
                what: "GraSP biases".into(),
            });
        }
        let batch = Batch {
            x,
            labels,
            size: batch,
        };
        Ok((net, batch))
    }

    /// Number of layers.
    fn depth(&self) -> usize {
        self.shapes.len()
    }

    /// Width of the last layer.
    fn classes(&self) -> usize {
        self.shapes[self.depth() - 1].1
    }

    /// Zeros shaped as the weights.
    fn zeros(&self) -> Layers {
        self.shapes.iter().map(|&(i, o)| vec![0.0; i * o]).collect()
    }

    /// Checks that `v` has one vector per layer, each shaped as that layer's weights.
    fn check_weight_shaped(&self, v: &[Vec<f64>]) -> Result<(), Error> {
        check_len("v (layers)", self.depth(), v.len())?;
        for (vl, &(i, o)) in v.iter().zip(self.shapes) {
            check_len("v (layer weights)", i * o, vl.len())?;
        }
        if !v.iter().flatten().all(|x| x.is_finite()) {
            return Err(Error::NonFinite {
                what: "the Hessian-vector direction v".into(),
            });
        }
        Ok(())
    }
}

/// `y[b] = W x[b]` for a row-major `o × i` matrix.
fn matvec(w: &[f64], x: &[f64], i: usize, o: usize, batch: usize) -> Vec<f64> {
    let mut y = vec![0.0; batch * o];
    for bt in 0..batch {
        let xb = &x[bt * i..(bt + 1) * i];
        for r in 0..o {
            y[bt * o + r] = w[r * i..(r + 1) * i]
                .iter()
                .zip(xb)
                .map(|(a, b)| a * b)
                .sum();
        }
    }
    y
}

/// `dx[b] = Wᵀ dz[b]`.
fn matvec_t(w: &[f64], dz: &[f64], i: usize, o: usize, batch: usize) -> Vec<f64> {
    let mut dx = vec![0.0; batch * i];
    for bt in 0..batch {
        let out = &mut dx[bt * i..(bt + 1) * i];
        for r in 0..o {
            let d = dz[bt * o + r];
            if d != 0.0 {
                for (v, wv) in out.iter_mut().zip(&w[r * i..(r + 1) * i]) {
                    *v += d * wv;
                }
            }
        }
    }
    dx
}

/// `G += Σ_b dz[b] a[b]ᵀ`.
fn outer_acc(g: &mut [f64], dz: &[f64], a: &[f64], i: usize, o: usize, batch: usize) {
    for bt in 0..batch {
        let ab = &a[bt * i..(bt + 1) * i];
        for r in 0..o {
            let d = dz[bt * o + r];
            if d != 0.0 {
                for (gv, av) in g[r * i..(r + 1) * i].iter_mut().zip(ab) {
                    *gv += d * av;
                }
            }
        }
    }
}

fn forward(net: &Net, data: &Batch) -> Forward {
    let n = net.depth();
    let (mut z, mut a) = (Vec::with_capacity(n), vec![data.x.to_vec()]);
    for (l, &(i, o)) in net.shapes.iter().enumerate() {
        let mut zl = matvec(&net.w[l], &a[l], i, o, data.size);
        for row in zl.chunks_mut(o) {
            for (v, bv) in row.iter_mut().zip(&net.b[l]) {
                *v += bv;
            }
        }
        let al = if l + 1 < n {
            zl.iter().map(|&v| v.max(0.0)).collect()
        } else {
            zl.clone()
        };
        z.push(zl);
        a.push(al);
    }
    Forward { z, a }
}

/// Softmax probabilities of each logits row.
fn softmax(logits: &[f64], classes: usize) -> Vec<f64> {
    let mut p = logits.to_vec();
    for row in p.chunks_mut(classes) {
        let mx = row.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let s: f64 = row.iter().map(|&v| (v - mx).exp()).sum();
        for v in row.iter_mut() {
            *v = (*v - mx).exp() / s;
        }
    }
    p
}

/// Mean softmax cross-entropy of a batch and its gradient with respect to every weight
/// (`o × i` row-major per layer), in `f64`: the MLP of [`super::mlp`] (linear layers, ReLU
/// between them, softmax cross-entropy on the last).
///
/// # Errors
/// [`Error::ShapeMismatch`] for inconsistent shapes, [`Error::InvalidParameter`] for a label
/// out of range or shapes whose sizes overflow, [`Error::NonFinite`] for non-finite inputs,
/// weights or biases.
pub fn gradient(
    shapes: &[(usize, usize)],
    w: &[Vec<f64>],
    b: &[Vec<f64>],
    x: &[f64],
    labels: &[u8],
    batch: usize,
) -> Result<(f64, Vec<Vec<f64>>), Error> {
    let (net, batch) = Net::with_batch(shapes, w, b, x, labels, batch)?;
    let (loss, g, _) = passes(&net, &batch, None);
    Ok((loss, g))
}

/// The Hessian of the mean cross-entropy with respect to the weights, times `v` (one vector
/// per layer, shaped as the weights): exact, by Pearlmutter's R-operator.
///
/// # Errors
/// As [`gradient`], [`Error::ShapeMismatch`] when `v` is not shaped as the weights and
/// [`Error::NonFinite`] when it holds NaN or an infinity.
pub fn hessian_vector(
    shapes: &[(usize, usize)],
    w: &[Vec<f64>],
    b: &[Vec<f64>],
    x: &[f64],
    labels: &[u8],
    batch: usize,
    v: &[Vec<f64>],
) -> Result<Vec<Vec<f64>>, Error> {
    let (net, batch) = Net::with_batch(shapes, w, b, x, labels, batch)?;
    net.check_weight_shaped(v)?;
    let (_, _, hv) = passes(&net, &batch, Some(v));
    Ok(hv.unwrap_or_default())
}

/// One forward-backward pass; with `v`, also the R-pass giving `Hv`.
fn passes(net: &Net, data: &Batch, v: Option<&[Vec<f64>]>) -> (f64, Layers, Option<Layers>) {
    let (n, classes) = (net.depth(), net.classes());
    let (shapes, w, batch) = (net.shapes, net.w, data.size);
    let fw = forward(net, data);
    // R-forward: Rz_l = V_l a_{l−1} + W_l Ra_{l−1}, Ra_l = relu'(z_l) ⊙ Rz_l, Ra_0 = 0.
    let rz: Option<Vec<Vec<f64>>> = v.map(|v| {
        let mut ra = vec![0.0; batch * shapes[0].0];
        let mut out = Vec::with_capacity(n);
        for (l, &(i, o)) in shapes.iter().enumerate() {
            let mut r = matvec(&v[l], &fw.a[l], i, o, batch);
            if l > 0 {
                for (s, t) in r.iter_mut().zip(matvec(&w[l], &ra, i, o, batch)) {
                    *s += t;
                }
            }
            ra = r
                .iter()
                .zip(&fw.z[l])
                .map(|(&r, &z)| if z > 0.0 { r } else { 0.0 })
                .collect();
            out.push(r);
        }
        out
    });
    let p = softmax(&fw.z[n - 1], classes);
    let mut loss = 0.0;
    let mut dz = p.clone();
    for (bt, &y) in data.labels.iter().enumerate() {
        let y = usize::from(y);
        loss -= p[bt * classes + y].ln();
        dz[bt * classes + y] -= 1.0;
    }
    let scale = 1.0 / batch as f64;
    dz.iter_mut().for_each(|d| *d *= scale);
    // R(dz_L) = (diag p − p pᵀ) Rz_L / B: the softmax cross-entropy's Hessian in the logits.
    let mut rdz: Option<Vec<f64>> = rz.as_ref().map(|rz| {
        let r = &rz[n - 1];
        let mut out = vec![0.0; batch * classes];
        for bt in 0..batch {
            let pb = &p[bt * classes..(bt + 1) * classes];
            let rb = &r[bt * classes..(bt + 1) * classes];
            let dot: f64 = pb.iter().zip(rb).map(|(a, b)| a * b).sum();
            for c in 0..classes {
                out[bt * classes + c] = pb[c] * (rb[c] - dot) * scale;
            }
        }
        out
    });
    let mut g = net.zeros();
    let mut hv = v.map(|_| net.zeros());
    for l in (0..n).rev() {
        let (i, o) = shapes[l];
        outer_acc(&mut g[l], &dz, &fw.a[l], i, o, batch);
        if let (Some(hv), Some(rdz), Some(rz)) = (hv.as_mut(), rdz.as_ref(), rz.as_ref()) {
            // R(dW_l) = R(dz_l) a_{l−1}ᵀ + dz_l R(a_{l−1})ᵀ.
            outer_acc(&mut hv[l], rdz, &fw.a[l], i, o, batch);
            if l > 0 {
                let ra: Vec<f64> = rz[l - 1]
                    .iter()
                    .zip(&fw.z[l - 1])
                    .map(|(&r, &z)| if z > 0.0 { r } else { 0.0 })
                    .collect();
                outer_acc(&mut hv[l], &dz, &ra, i, o, batch);
            }
        }
        if l == 0 {
            break;
        }
        let relu = |d: Vec<f64>| -> Vec<f64> {
            d.iter()
                .zip(&fw.z[l - 1])
                .map(|(&d, &z)| if z > 0.0 { d } else { 0.0 })
                .collect()
        };
        // R(da_{l−1}) = V_lᵀ dz_l + W_lᵀ R(dz_l); R(dz_{l−1}) = relu'(z_{l−1}) ⊙ R(da_{l−1}).
        if let (Some(v), Some(r)) = (v, rdz.as_ref()) {
            let mut rda = matvec_t(&v[l], &dz, i, o, batch);
            for (s, t) in rda.iter_mut().zip(matvec_t(&w[l], r, i, o, batch)) {
                *s += t;
            }
            rdz = Some(relu(rda));
        }
        dz = relu(matvec_t(&w[l], &dz, i, o, batch));
    }
    (loss * scale, g, hv)
}

/// GraSP's ranking for [`super::prune::top_k`]: `θ ⊙ Hg` per weight, the negation of the
/// paper's score `S(−θ) = −θ ⊙ Hg`, so that keeping the highest of these removes the weights
/// with the highest paper scores (those whose removal reduces gradient flow least).
///
/// # Errors
/// As [`hessian_vector`].
pub fn keep_scores(
    shapes: &[(usize, usize)],
    w: &[Vec<f32>],
    b: &[Vec<f32>],
    x: &[f32],
    labels: &[u8],
    batch: usize,
) -> Result<Vec<Vec<f64>>, Error> {
    let wide = |v: &[Vec<f32>]| -> Vec<Vec<f64>> {
        v.iter()
            .map(|l| l.iter().map(|&a| f64::from(a)).collect())
            .collect()
    };
    let (w64, b64) = (wide(w), wide(b));
    let x64: Vec<f64> = x.iter().map(|&a| f64::from(a)).collect();
    let (net, batch) = Net::with_batch(shapes, &w64, &b64, &x64, labels, batch)?;
    let (_, g, _) = passes(&net, &batch, None);
    let (_, _, hg) = passes(&net, &batch, Some(g.as_slice()));
    Ok(w64
        .iter()
        .zip(&hg.unwrap_or_default())
        .map(|(wl, hl)| wl.iter().zip(hl).map(|(a, h)| a * h).collect())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::splitmix64;

    fn uniform(s: &mut u64, n: usize, half: f64) -> Vec<f64> {
        (0..n)
            .map(|_| ((splitmix64(s) >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0) * half)
            .collect()
    }

    /// A tiny 5-4-3-3 MLP with random weights, inputs and labels.
    type Tiny = (Vec<(usize, usize)>, Layers, Layers, Vec<f64>, Vec<u8>);

    fn tiny(seed: u64) -> Tiny {
        let shapes = vec![(5, 4), (4, 3), (3, 3)];
        let mut s = seed;
        let w = shapes
            .iter()
            .map(|&(i, o)| uniform(&mut s, i * o, 1.0))
            .collect();
        let b = shapes
            .iter()
            .map(|&(_, o)| uniform(&mut s, o, 0.3))
            .collect();
        let batch = 6;
        let x = uniform(&mut s, batch * 5, 2.0);
        let labels = (0..batch).map(|_| (splitmix64(&mut s) % 3) as u8).collect();
        (shapes, w, b, x, labels)
    }

    fn shift(w: &[Vec<f64>], d: &[Vec<f64>], eps: f64) -> Vec<Vec<f64>> {
        w.iter()
            .zip(d)
            .map(|(w, d)| w.iter().zip(d).map(|(a, b)| a + eps * b).collect())
            .collect()
    }

    /// Hg against (∇L(θ+εg) − ∇L(θ−εg))/(2ε). In f64 with ε = 1e-5 the central difference's
    /// truncation error is O(ε²‖∇³L‖) ≈ 1e-10 and its rounding error about 1e-16/ε ≈ 1e-11,
    /// so 1e-6 relative to ‖Hg‖ is a margin of 10⁴ over both; a wrong term of the R-pass
    /// (e.g. dropping `dz·Raᵀ` or the softmax's `−p pᵀ`) changes Hg by O(‖Hg‖).
    /// A ReLU kink inside ±εg would break the difference: the seeds' margins are checked.
    #[test]
    fn hg_matches_a_central_finite_difference_of_the_gradient() {
        for seed in [1u64, 2, 3, 4, 5, 6, 7, 8] {
            let (shapes, w, b, x, y) = tiny(seed);
            let (_, g) = gradient(&shapes, &w, &b, &x, &y, 6).unwrap();
            let hg = hessian_vector(&shapes, &w, &b, &x, &y, 6, &g).unwrap();
            let eps = 1e-5;
            let kink = |w: &[Vec<f64>]| {
                let (net, batch) = Net::with_batch(&shapes, w, &b, &x, &y, 6).unwrap();
                let fw = forward(&net, &batch);
                fw.z[..2]
                    .iter()
                    .flatten()
                    .fold(f64::INFINITY, |m, z| m.min(z.abs()))
            };
            if kink(&w) < 1e-3 {
                continue; // a pre-activation too close to the ReLU kink for a difference
            }
            let (_, gp) = gradient(&shapes, &shift(&w, &g, eps), &b, &x, &y, 6).unwrap();
            let (_, gm) = gradient(&shapes, &shift(&w, &g, -eps), &b, &x, &y, 6).unwrap();
            let norm = hg.iter().flatten().map(|v| v * v).sum::<f64>().sqrt();
            assert!(norm > 1e-6, "seed {seed}: Hg is degenerate");
            let mut worst = 0.0f64;
            for l in 0..shapes.len() {
                for k in 0..hg[l].len() {
                    let fd = (gp[l][k] - gm[l][k]) / (2.0 * eps);
                    worst = worst.max((fd - hg[l][k]).abs());
                }
            }
            assert!(
                worst <= 1e-6 * norm,
                "seed {seed}: |Hg − FD| {worst:e}, ‖Hg‖ {norm:e}"
            );
        }
    }

    /// The gradient itself against a central difference of the loss, so the oracle above is
    /// not checked against a wrong gradient.
    #[test]
    fn the_gradient_matches_a_central_difference_of_the_loss() {
        let (shapes, w, b, x, y) = tiny(11);
        let (_, g) = gradient(&shapes, &w, &b, &x, &y, 6).unwrap();
        let eps = 1e-6;
        for l in 0..shapes.len() {
            for k in 0..g[l].len() {
                let mut e: Vec<Vec<f64>> = w.iter().map(|l| vec![0.0; l.len()]).collect();
                e[l][k] = 1.0;
                let (lp, _) = gradient(&shapes, &shift(&w, &e, eps), &b, &x, &y, 6).unwrap();
                let (lm, _) = gradient(&shapes, &shift(&w, &e, -eps), &b, &x, &y, 6).unwrap();
                let fd = (lp - lm) / (2.0 * eps);
                assert!((fd - g[l][k]).abs() < 1e-7, "{l}/{k}: {fd} vs {}", g[l][k]);
            }
        }
    }

    /// The paper's sign: removing the weights with the highest `−θ⊙Hg` keeps the highest
    /// `θ⊙Hg`; checked against the paper's score built from a finite-difference Hg.
    #[test]
    fn keep_scores_are_the_negated_paper_scores() {
        let (shapes, w, b, x, y) = tiny(5);
        let narrow = |v: &[Vec<f64>]| -> Vec<Vec<f32>> {
            v.iter()
                .map(|l| l.iter().map(|&a| a as f32).collect())
                .collect()
        };
        let (w32, b32) = (narrow(&w), narrow(&b));
        let x32: Vec<f32> = x.iter().map(|&a| a as f32).collect();
        let s = keep_scores(&shapes, &w32, &b32, &x32, &y, 6).unwrap();
        let w64: Vec<Vec<f64>> = w32
            .iter()
            .map(|l| l.iter().map(|&a| f64::from(a)).collect())
            .collect();
        let b64: Vec<Vec<f64>> = b32
            .iter()
            .map(|l| l.iter().map(|&a| f64::from(a)).collect())
            .collect();
        let x64: Vec<f64> = x32.iter().map(|&a| f64::from(a)).collect();
        let (_, g) = gradient(&shapes, &w64, &b64, &x64, &y, 6).unwrap();
        let (_, gp) = gradient(&shapes, &shift(&w64, &g, 1e-5), &b64, &x64, &y, 6).unwrap();
        let (_, gm) = gradient(&shapes, &shift(&w64, &g, -1e-5), &b64, &x64, &y, 6).unwrap();
        for l in 0..shapes.len() {
            for k in 0..s[l].len() {
                let paper = -w64[l][k] * (gp[l][k] - gm[l][k]) / 2e-5;
                assert!((s[l][k] + paper).abs() < 1e-6, "{l}/{k}");
            }
        }
    }

    #[test]
    fn bad_input_is_a_typed_error() {
        let (shapes, w, b, x, y) = tiny(1);
        assert!(gradient(&shapes, &w, &b, &x[1..], &y, 6).is_err());
        assert!(gradient(&shapes, &w, &b, &x, &[9, 0, 0, 0, 0, 0], 6).is_err());
        let mut nan = x.clone();
        nan[0] = f64::NAN;
        assert!(matches!(
            gradient(&shapes, &w, &b, &nan, &y, 6),
            Err(Error::NonFinite { .. })
        ));
        assert!(hessian_vector(&shapes, &w, &b, &x, &y, 6, &w[..2]).is_err());
        assert!(gradient(&[], &[], &[], &[], &[], 1).is_err());
        // Shapes whose products overflow are refused before any allocation.
        let huge = [(usize::MAX, 2)];
        assert!(matches!(
            gradient(&huge, &[vec![]], &[vec![0.0; 2]], &[], &[0], 1),
            Err(Error::InvalidParameter { .. })
        ));
        // A NaN bias in the first layer (where the ReLU would hide it) and in the last (where
        // it would reach the loss), and an infinite direction v: typed errors, no silent answer.
        let narrow = |v: &[Vec<f64>]| -> Vec<Vec<f32>> {
            v.iter()
                .map(|l| l.iter().map(|&a| a as f32).collect())
                .collect()
        };
        let x32: Vec<f32> = x.iter().map(|&a| a as f32).collect();
        for layer in [0, b.len() - 1] {
            let mut nan_b = b.clone();
            nan_b[layer][0] = f64::NAN;
            assert!(matches!(
                gradient(&shapes, &w, &nan_b, &x, &y, 6),
                Err(Error::NonFinite { .. })
            ));
            assert!(matches!(
                keep_scores(&shapes, &narrow(&w), &narrow(&nan_b), &x32, &y, 6),
                Err(Error::NonFinite { .. })
            ));
        }
        let mut inf_v = w.clone();
        inf_v[1][0] = f64::INFINITY;
        assert!(matches!(
            hessian_vector(&shapes, &w, &b, &x, &y, 6, &inf_v),
            Err(Error::NonFinite { .. })
        ));
    }
}
