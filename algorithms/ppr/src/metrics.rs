//! Accuracy metrics against a reference vector, and top-k output.

/// `Σ |a − b|`. Panics never; vectors of different lengths compare on the common prefix
/// plus the absolute values of the rest.
pub fn l1(a: &[f64], b: &[f64]) -> f64 {
    let common: f64 = a.iter().zip(b).map(|(x, y)| (x - y).abs()).sum();
    let tail: f64 = a
        .iter()
        .skip(b.len())
        .chain(b.iter().skip(a.len()))
        .map(|x| x.abs())
        .sum();
    common + tail
}

/// `max |a − b|` (over the common prefix and the absolute values of the rest).
pub fn linf(a: &[f64], b: &[f64]) -> f64 {
    let common = a
        .iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f64::max);
    let tail = a
        .iter()
        .skip(b.len())
        .chain(b.iter().skip(a.len()))
        .map(|x| x.abs())
        .fold(0.0, f64::max);
    common.max(tail)
}

/// The k largest entries as `(vertex, value)`, by value descending, ties by smaller id.
/// O(n + k log k).
///
/// ```
/// assert_eq!(ppr::metrics::top_k(&[0.1, 0.5, 0.1, 0.3], 3), vec![(1, 0.5), (3, 0.3), (0, 0.1)]);
/// ```
pub fn top_k(pi: &[f64], k: usize) -> Vec<(u32, f64)> {
    let k = k.min(pi.len());
    let order = |a: &(u32, f64), b: &(u32, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    let mut all: Vec<(u32, f64)> = pi.iter().enumerate().map(|(i, &v)| (i as u32, v)).collect();
    if k == 0 {
        return Vec::new();
    }
    if k < all.len() {
        all.select_nth_unstable_by(k - 1, order);
        all.truncate(k);
    }
    all.sort_unstable_by(order);
    all
}

/// `|top_k(estimate) ∩ top_k(truth)| / k` (k clipped to the length).
///
/// ```
/// let truth = [0.4, 0.3, 0.2, 0.1];
/// assert_eq!(ppr::metrics::precision_at_k(&[0.1, 0.3, 0.2, 0.4], &truth, 2), 0.5);
/// ```
pub fn precision_at_k(estimate: &[f64], truth: &[f64], k: usize) -> f64 {
    let k = k.min(truth.len()).min(estimate.len());
    if k == 0 {
        return 1.0;
    }
    let mut a: Vec<u32> = top_k(estimate, k).into_iter().map(|(v, _)| v).collect();
    let b: Vec<u32> = {
        let mut b: Vec<u32> = top_k(truth, k).into_iter().map(|(v, _)| v).collect();
        b.sort_unstable();
        b
    };
    a.sort_unstable();
    let hits = a.iter().filter(|v| b.binary_search(v).is_ok()).count();
    hits as f64 / k as f64
}

/// RAG@k, the accuracy measure of the PowerWalk paper (Liu et al., CIKM 2016): the true
/// mass of the estimate's top k divided by the true mass of the true top k,
/// `Σ_{v ∈ top_k(estimate)} truth(v) / Σ_{v ∈ top_k(truth)} truth(v)`, in [0, 1] (1 when the
/// denominator is 0). Ties are broken by smaller id in both rankings ([`top_k`]), so a tie
/// inside the true top k never lowers the score: tied vertices carry the same true mass.
/// k is clipped to the vectors' length. O(n + k log k).
///
/// ```
/// let truth = [0.4, 0.3, 0.2, 0.1];
/// // The estimate ranks 3 and 0 first: true mass 0.1 + 0.4 against 0.4 + 0.3.
/// let rag = ppr::metrics::rag_at_k(&[0.5, 0.0, 0.0, 0.6], &truth, 2);
/// assert!((rag - 0.5 / 0.7).abs() < 1e-12);
/// ```
pub fn rag_at_k(estimate: &[f64], truth: &[f64], k: usize) -> f64 {
    let k = k.min(truth.len()).min(estimate.len());
    let best: f64 = top_k(truth, k).iter().map(|&(_, x)| x).sum();
    if best <= 0.0 {
        return 1.0;
    }
    let got: f64 = top_k(estimate, k)
        .iter()
        .map(|&(v, _)| truth[v as usize])
        .sum();
    (got / best).min(1.0)
}

#[cfg(test)]
mod tests {
    use super::rag_at_k;

    #[test]
    fn rag_of_the_truth_is_one_and_of_the_worst_ranking_is_the_bottom_mass() {
        let truth = [0.4, 0.3, 0.2, 0.1];
        assert_eq!(rag_at_k(&truth, &truth, 2), 1.0);
        // Reversed ranking: picks 3 and 2, mass 0.3 of the best 0.7.
        let rev = [0.1, 0.2, 0.3, 0.4];
        assert!((rag_at_k(&rev, &truth, 2) - 0.3 / 0.7).abs() < 1e-12);
        // k beyond n: every vertex, so RAG = 1 whatever the order.
        assert!((rag_at_k(&rev, &truth, 10) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn rag_ties_in_the_truth_do_not_lower_the_score() {
        // Vertices 1 and 2 tie in truth; picking either gives the same true mass.
        let truth = [0.5, 0.2, 0.2, 0.1];
        assert_eq!(rag_at_k(&[0.9, 0.0, 0.5, 0.0], &truth, 2), 1.0);
        assert_eq!(rag_at_k(&[0.9, 0.5, 0.0, 0.0], &truth, 2), 1.0);
        // Ties in the estimate are broken by smaller id: {0, 1} against {0, 3} for k = 2.
        let est = [0.9, 0.3, 0.0, 0.3];
        assert!((rag_at_k(&est, &truth, 2) - 0.7 / 0.7).abs() < 1e-12);
        let est = [0.3, 0.0, 0.0, 0.3];
        // {0, 3}: 0.5 + 0.1 of 0.7.
        assert!((rag_at_k(&est, &truth, 2) - 0.6 / 0.7).abs() < 1e-12);
    }

    #[test]
    fn rag_of_an_all_zero_truth_is_one() {
        assert_eq!(rag_at_k(&[0.1, 0.2], &[0.0, 0.0], 1), 1.0);
        assert_eq!(rag_at_k(&[], &[], 3), 1.0);
    }
}
