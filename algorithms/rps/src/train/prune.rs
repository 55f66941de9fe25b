//! Pruning at initialisation: global top-k masks over every layer's weights.
//!
//! Scores: random (seeded), magnitude `|w|`, SNIP `|g ⊙ w|` with `g` summed over batches
//! (Lee et al., 2019), SynFlow (Tanaka et al., 2020): data-free, `R = 1ᵀ(Π|W_l|)1`,
//! score `|∂R/∂w ⊙ w|`, pruned iteratively over `rounds` with the exponential schedule
//! density `d^(r/rounds)`. Biases are never pruned. Ties keep the lower index.

use rand_core::Rng;
use rand_pcg::Pcg64;

/// Masks keeping the `keep` highest `scores` (per layer, flattened order across layers).
pub fn top_k(scores: &[Vec<f64>], keep: usize) -> Vec<Vec<f32>> {
    let mut all: Vec<(f64, usize, usize)> = scores
        .iter()
        .enumerate()
        .flat_map(|(l, s)| s.iter().enumerate().map(move |(i, &v)| (v, l, i)))
        .collect();
    // A total order (score descending, then the lower layer and index), so selecting the
    // first `keep` in linear time keeps exactly the set a full sort would: SynFlow calls this
    // once per round, 100 times, on millions of weights.
    let order = |a: &(f64, usize, usize), b: &(f64, usize, usize)| {
        b.0.total_cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2)))
    };
    if keep > 0 && keep < all.len() {
        all.select_nth_unstable_by(keep - 1, order);
    }
    let mut masks: Vec<Vec<f32>> = scores.iter().map(|s| vec![0.0; s.len()]).collect();
    for &(_, l, i) in all.iter().take(keep) {
        masks[l][i] = 1.0;
    }
    masks
}

/// Random scores.
pub fn random_scores(w: &[Vec<f32>], rng: &mut Pcg64) -> Vec<Vec<f64>> {
    w.iter()
        .map(|l| l.iter().map(|_| (rng.next_u64() >> 11) as f64).collect())
        .collect()
}

/// `|w|`.
pub fn magnitude_scores(w: &[Vec<f32>]) -> Vec<Vec<f64>> {
    w.iter()
        .map(|l| l.iter().map(|v| f64::from(v.abs())).collect())
        .collect()
}

/// `|g ⊙ w|` for summed gradients `g`.
pub fn snip_scores(w: &[Vec<f32>], g: &[Vec<f32>]) -> Vec<Vec<f64>> {
    w.iter()
        .zip(g)
        .map(|(w, g)| {
            w.iter()
                .zip(g)
                .map(|(w, g)| f64::from((w * g).abs()))
                .collect()
        })
        .collect()
}

/// SynFlow masks over `shapes` `(input, output)` keeping `keep` weights after `rounds`.
pub fn synflow_masks(
    w: &[Vec<f32>],
    shapes: &[(usize, usize)],
    keep: usize,
    rounds: usize,
) -> Vec<Vec<f32>> {
    let total: usize = w.iter().map(Vec::len).sum();
    let mut masks: Vec<Vec<f32>> = w.iter().map(|l| vec![1.0; l.len()]).collect();
    let density = keep as f64 / total as f64;
    for r in 1..=rounds.max(1) {
        let kept = ((density.powf(r as f64 / rounds.max(1) as f64) * total as f64).round()
            as usize)
            .max(keep);
        // Forward from ones through |W|·mask (all positive: ReLU is the identity).
        let n = shapes.len();
        let mut fwd = vec![vec![1.0f64; shapes[0].0]];
        for l in 0..n {
            let (i, o) = shapes[l];
            let a = &fwd[l];
            let y: Vec<f64> = (0..o)
                .map(|row| {
                    (0..i)
                        .map(|k| f64::from(w[l][row * i + k].abs() * masks[l][row * i + k]) * a[k])
                        .sum()
                })
                .collect();
            fwd.push(y);
        }
        let mut back = vec![vec![1.0f64; shapes[n - 1].1]; n];
        for l in (0..n - 1).rev() {
            let (i, o) = shapes[l + 1];
            back[l] = (0..i)
                .map(|k| {
                    (0..o)
                        .map(|row| {
                            f64::from(w[l + 1][row * i + k].abs() * masks[l + 1][row * i + k])
                                * back[l + 1][row]
                        })
                        .sum()
                })
                .collect();
        }
        // Rescale to avoid overflow in deep products; only the order matters.
        let scores: Vec<Vec<f64>> = (0..n)
            .map(|l| {
                let (i, o) = shapes[l];
                (0..o * i)
                    .map(|f| {
                        let (row, k) = (f / i, f % i);
                        back[l][row] * fwd[l][k] * f64::from(w[l][f].abs() * masks[l][f])
                    })
                    .collect()
            })
            .collect();
        masks = top_k(&scores, kept);
    }
    masks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::splitmix64;

    /// The naive oracle: sort everything, keep the first `keep`.
    fn sorted_top_k(scores: &[Vec<f64>], keep: usize) -> Vec<Vec<f32>> {
        let mut all: Vec<(f64, usize, usize)> = Vec::new();
        for (l, s) in scores.iter().enumerate() {
            for (i, &v) in s.iter().enumerate() {
                all.push((v, l, i));
            }
        }
        all.sort_by(|a, b| b.0.total_cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
        let mut masks: Vec<Vec<f32>> = scores.iter().map(|s| vec![0.0; s.len()]).collect();
        for &(_, l, i) in all.iter().take(keep) {
            masks[l][i] = 1.0;
        }
        masks
    }

    #[test]
    fn top_k_keeps_exactly_what_a_full_sort_keeps_ties_and_signs_included() {
        let mut s = 17u64;
        for case in 0..200 {
            let layers = 1 + (splitmix64(&mut s) % 3) as usize;
            let scores: Vec<Vec<f64>> = (0..layers)
                .map(|_| {
                    let n = (splitmix64(&mut s) % 40) as usize;
                    // Few distinct values (many ties), negatives, and ±0.
                    (0..n)
                        .map(|_| match splitmix64(&mut s) % 7 {
                            0 => 0.0,
                            1 => -0.0,
                            k => (k as f64 - 4.0) * 0.5,
                        })
                        .collect()
                })
                .collect();
            let total: usize = scores.iter().map(Vec::len).sum();
            for keep in [0, 1, total / 3, total.saturating_sub(1), total, total + 5] {
                assert_eq!(
                    top_k(&scores, keep),
                    sorted_top_k(&scores, keep),
                    "case {case}, keep {keep}"
                );
            }
        }
    }
}
