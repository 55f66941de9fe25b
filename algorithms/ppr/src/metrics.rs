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
