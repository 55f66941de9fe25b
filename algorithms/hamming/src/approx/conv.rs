//! Sums of complex-packed real correlations by overlap-save FFT, the exact engine behind
//! [`super::karloff`]. Like [`crate::fft::add_symbol_matches`], but the per-symbol signals
//! are arbitrary real weights instead of 0/1 indicators.

use rustfft::FftPlanner;
use rustfft::num_complex::Complex64;

use crate::error::Error;
use crate::fft::{ROUNDING_LIMIT, choose_block_size};

/// Memory budget for the pattern spectra of one group of pairs.
const SPECTRA_BUDGET_BYTES: usize = 256 << 20;

/// Cost of one complex FFT, in nanoseconds per `N·log2 N` (rustfft, f64, this machine).
const C_FFT_UNIT: f64 = 0.3;
/// Cost of filling one text sample and multiply-accumulating one spectrum entry, in
/// nanoseconds.
const C_FILL: f64 = 1.5;

/// For every shift `i in 0..=n-m`, `Σ_pr Re Σ_j text(pr, tc[i+j]) · pattern(pr, pc[j])`,
/// rounded to the nearest integer.
///
/// Packing two real correlations per pair as `text = a1 + i·a2` and
/// `pattern = b1 - i·b2` gives `Re = a1⋆b1 + a2⋆b2`. The caller guarantees that the exact
/// result is an integer; the largest distance from an integer is checked against
/// [`ROUNDING_LIMIT`].
///
/// # Errors
/// [`Error::PrecisionExceeded`] when the rounding check fails.
pub(crate) fn correlate_pairs<FT, FP>(
    tc: &[u32],
    pc: &[u32],
    pairs: usize,
    text: FT,
    pattern: FP,
) -> Result<Vec<i64>, Error>
where
    FT: Fn(usize, u32) -> Complex64,
    FP: Fn(usize, u32) -> Complex64,
{
    let (n, m) = (tc.len(), pc.len());
    let shifts = n - m + 1;
    let mut acc = vec![0i64; shifts];
    if pairs == 0 {
        return Ok(acc);
    }
    let big_n = choose_block_size(n, m, pairs);
    let step = big_n - m + 1;
    let mut planner = FftPlanner::<f64>::new();
    let forward = planner.plan_fft_forward(big_n);
    let inverse = planner.plan_fft_inverse(big_n);
    let mut scratch = vec![
        Complex64::default();
        forward
            .get_inplace_scratch_len()
            .max(inverse.get_inplace_scratch_len())
    ];
    let group_len = (SPECTRA_BUDGET_BYTES / (big_n * 16)).max(1);
    let mut block = vec![Complex64::default(); big_n];
    let mut sum = vec![Complex64::default(); big_n];
    let scale = 1.0 / big_n as f64;
    let mut max_err = 0.0f64;
    for g0 in (0..pairs).step_by(group_len) {
        let group = g0..(g0 + group_len).min(pairs);
        let spectra: Vec<Vec<Complex64>> = group
            .clone()
            .map(|pr| {
                let mut y = vec![Complex64::default(); big_n];
                for (slot, &c) in y.iter_mut().zip(pc.iter().rev()) {
                    *slot = pattern(pr, c);
                }
                forward.process_with_scratch(&mut y, &mut scratch);
                y
            })
            .collect();
        for start in (0..shifts).step_by(step) {
            sum.fill(Complex64::default());
            let text_block = &tc[start..(start + big_n).min(n)];
            for (pr, spectrum) in group.clone().zip(&spectra) {
                for (slot, &c) in block.iter_mut().zip(text_block) {
                    *slot = text(pr, c);
                }
                block[text_block.len()..].fill(Complex64::default());
                forward.process_with_scratch(&mut block, &mut scratch);
                for ((s, x), y) in sum.iter_mut().zip(&block).zip(spectrum) {
                    *s += x * y;
                }
            }
            inverse.process_with_scratch(&mut sum, &mut scratch);
            let end = (start + step).min(shifts);
            for (out, v) in acc[start..end].iter_mut().zip(&sum[m - 1..]) {
                let v = v.re * scale;
                let r = v.round();
                max_err = max_err.max((v - r).abs());
                *out += r as i64;
            }
        }
    }
    if max_err >= ROUNDING_LIMIT || max_err.is_nan() {
        return Err(Error::PrecisionExceeded {
            what: format!(
                "weighted FFT correlation {max_err} away from an integer \
                 (limit {ROUNDING_LIMIT}) at N = {big_n}"
            ),
        });
    }
    Ok(acc)
}

/// Estimated nanoseconds of [`correlate_pairs`] with `pairs` pairs.
pub(crate) fn correlate_cost(n: usize, m: usize, pairs: usize) -> f64 {
    if pairs == 0 {
        return 0.0;
    }
    let big_n = choose_block_size(n, m, pairs);
    let blocks = (n - m + 1).div_ceil(big_n - m + 1) as f64;
    let nf = big_n as f64;
    blocks
        * ((pairs + 1) as f64 * nf * nf.log2().max(1.0) * C_FFT_UNIT + pairs as f64 * nf * C_FILL)
}
