//! The parity oracle that every optimised path (AVX2, CUDA) is tested against: materialise W in f64 from the mapping, element by element,
//! then naive triple loops in f64. Every fast path is tested against these.
//!
//! Complexity: O(N) to materialise, O(B·in·out) per product.

use crate::error::{Error, check_len};
use crate::mapping::Layout;

/// `W_l` (out × in, row-major) in f64, computed element by element through
/// [`Layout::slot`] (no segments, no SIMD).
///
/// # Errors
/// [`Error::ShapeMismatch`] when `memory` has the wrong length or `l` is out of range.
pub fn materialise(layout: &Layout, memory: &[f32], l: usize) -> Result<Vec<f64>, Error> {
    layout.check_memory(memory)?;
    if l >= layout.layers().len() {
        return Err(Error::ShapeMismatch {
            what: "layer index (number of layers)".into(),
            expected: layout.layers().len(),
            got: l,
        });
    }
    let layer = layout.layers()[l];
    let mut w = Vec::with_capacity(layer.input * layer.output);
    for r in 0..layer.output {
        for k in 0..layer.input {
            let s = layout.slot(l, r, k);
            w.push(f64::from(layer.lambda) * f64::from(s.sign) * f64::from(memory[s.index]));
        }
    }
    Ok(w)
}

/// `Y = X Wᵀ` in f64: `x` is batch × input, `w` is output × input, the result batch × output.
///
/// # Errors
/// [`Error::ShapeMismatch`].
pub fn forward(
    x: &[f64],
    w: &[f64],
    batch: usize,
    input: usize,
    output: usize,
) -> Result<Vec<f64>, Error> {
    check_len("x (batch·input)", batch * input, x.len())?;
    check_len("w (output·input)", output * input, w.len())?;
    let mut y = vec![0.0; batch * output];
    for b in 0..batch {
        for n in 0..output {
            y[b * output + n] = (0..input)
                .map(|k| x[b * input + k] * w[n * input + k])
                .sum();
        }
    }
    Ok(y)
}

/// `dX = dY W` in f64: `dy` is batch × output, the result batch × input.
///
/// # Errors
/// [`Error::ShapeMismatch`].
pub fn backward_input(
    dy: &[f64],
    w: &[f64],
    batch: usize,
    input: usize,
    output: usize,
) -> Result<Vec<f64>, Error> {
    check_len("dy (batch·output)", batch * output, dy.len())?;
    check_len("w (output·input)", output * input, w.len())?;
    let mut dx = vec![0.0; batch * input];
    for b in 0..batch {
        for k in 0..input {
            dx[b * input + k] = (0..output)
                .map(|n| dy[b * output + n] * w[n * input + k])
                .sum();
        }
    }
    Ok(dx)
}

/// `dW = dYᵀ X` in f64 (output × input).
///
/// # Errors
/// [`Error::ShapeMismatch`].
pub fn weight_grad(
    dy: &[f64],
    x: &[f64],
    batch: usize,
    input: usize,
    output: usize,
) -> Result<Vec<f64>, Error> {
    check_len("dy (batch·output)", batch * output, dy.len())?;
    check_len("x (batch·input)", batch * input, x.len())?;
    let mut dw = vec![0.0; output * input];
    for n in 0..output {
        for k in 0..input {
            dw[n * input + k] = (0..batch)
                .map(|b| dy[b * output + n] * x[b * input + k])
                .sum();
        }
    }
    Ok(dw)
}

/// `dM[s(i)] += λ_l g(i) dW[i]` for every weight of layer `l`, in f64, element by element.
///
/// # Errors
/// [`Error::ShapeMismatch`].
pub fn memory_grad(layout: &Layout, l: usize, dw: &[f64], grad: &mut [f64]) -> Result<(), Error> {
    check_len("memory gradient", layout.memory_len(), grad.len())?;
    let layer = layout.layers()[l];
    check_len("dw (output·input)", layer.output * layer.input, dw.len())?;
    for r in 0..layer.output {
        for k in 0..layer.input {
            let s = layout.slot(l, r, k);
            grad[s.index] += f64::from(layer.lambda) * f64::from(s.sign) * dw[r * layer.input + k];
        }
    }
    Ok(())
}
