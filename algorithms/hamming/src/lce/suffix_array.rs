//! Suffix array by induced sorting (SA-IS: Nong, Zhang and Chan, "Two efficient algorithms
//! for linear time suffix array construction", IEEE Trans. Computers 60(10), 2011): O(N)
//! time and O(N) words of memory for a string of N integers in `0..=upper`.
//!
//! Each suffix is classified S (smaller than the next suffix) or L (larger); the leftmost
//! S positions of each S-run (LMS positions) are sorted by induction from their buckets, the
//! LMS substrings are named, and if two names coincide the reduced string of names is
//! sorted recursively; a last induction sorts every suffix from the sorted LMS suffixes.

/// Below this length, suffixes are sorted by direct comparison.
const NAIVE_BELOW: usize = 16;

/// The suffix array of `s` (every value `<= upper`): `sa[r]` is the start of the suffix of
/// rank `r`. `s.len()` must fit a `u32`.
pub fn suffix_array(s: &[u32], upper: u32) -> Vec<u32> {
    let n = s.len();
    debug_assert!(u32::try_from(n).is_ok());
    debug_assert!(s.iter().all(|&c| c <= upper));
    if n < NAIVE_BELOW {
        let mut sa: Vec<u32> = (0..n as u32).collect();
        sa.sort_by(|&a, &b| s[a as usize..].cmp(&s[b as usize..]));
        return sa;
    }
    let upper = upper as usize;
    // is_s[i]: suffix i is S-type. The last suffix is L-type (shorter than nothing else).
    let mut is_s = vec![false; n];
    for i in (0..n - 1).rev() {
        is_s[i] = if s[i] == s[i + 1] {
            is_s[i + 1]
        } else {
            s[i] < s[i + 1]
        };
    }
    // Bucket starts: l_start[c] = #symbols < c; s_start[c] = l_start[c] + #L-type c.
    let mut l_start = vec![0usize; upper + 2];
    let mut s_start = vec![0usize; upper + 2];
    for i in 0..n {
        if is_s[i] {
            l_start[s[i] as usize + 1] += 1;
        } else {
            s_start[s[i] as usize] += 1;
        }
    }
    for c in 0..=upper {
        s_start[c] += l_start[c];
        l_start[c + 1] += s_start[c];
    }
    let is_lms = |i: usize| i > 0 && is_s[i] && !is_s[i - 1];
    const EMPTY: u32 = u32::MAX;
    let mut sa = vec![EMPTY; n];
    let induce = |sa: &mut [u32], lms: &[u32]| {
        sa.fill(EMPTY);
        let mut end = vec![0usize; upper + 2];
        // Bucket ends for S-types are the next bucket's start.
        end[..=upper].copy_from_slice(&l_start[1..=upper + 1]);
        for &d in lms.iter().rev() {
            let c = s[d as usize] as usize;
            end[c] -= 1;
            sa[end[c]] = d;
        }
        // L-types from left to right, starting with the last suffix (L-type).
        let mut head_l = l_start.clone();
        let c = s[n - 1] as usize;
        sa[head_l[c]] = (n - 1) as u32;
        head_l[c] += 1;
        for r in 0..n {
            let v = sa[r];
            if v != EMPTY && v >= 1 && !is_s[v as usize - 1] {
                let c = s[v as usize - 1] as usize;
                sa[head_l[c]] = v - 1;
                head_l[c] += 1;
            }
        }
        // S-types from right to left into their buckets' ends.
        let mut tail = vec![0usize; upper + 2];
        tail[..=upper].copy_from_slice(&l_start[1..=upper + 1]);
        for r in (0..n).rev() {
            let v = sa[r];
            if v != EMPTY && v >= 1 && is_s[v as usize - 1] {
                let c = s[v as usize - 1] as usize;
                tail[c] -= 1;
                sa[tail[c]] = v - 1;
            }
        }
    };
    let lms: Vec<u32> = (1..n).filter(|&i| is_lms(i)).map(|i| i as u32).collect();
    induce(&mut sa, &lms);
    if lms.is_empty() {
        return sa;
    }
    // Name the LMS substrings in their induced order.
    let mut lms_index = vec![u32::MAX; n];
    for (j, &i) in lms.iter().enumerate() {
        lms_index[i as usize] = j as u32;
    }
    let sorted: Vec<u32> = sa
        .iter()
        .copied()
        .filter(|&v| v != EMPTY && lms_index[v as usize] != u32::MAX)
        .collect();
    let end_of = |i: u32| -> usize {
        let j = lms_index[i as usize] as usize;
        lms.get(j + 1).map_or(n, |&e| e as usize)
    };
    let mut names = vec![0u32; lms.len()];
    let mut name = 0u32;
    for w in 1..sorted.len() {
        let (a, b) = (sorted[w - 1] as usize, sorted[w] as usize);
        let (ea, eb) = (end_of(a as u32), end_of(b as u32));
        // LMS substrings run from one LMS position to the next, inclusive.
        let same = ea - a == eb - b && ea < n && eb < n && s[a..=ea] == s[b..=eb];
        if !same {
            name += 1;
        }
        names[lms_index[b] as usize] = name;
    }
    names[lms_index[sorted[0] as usize] as usize] = 0;
    let order: Vec<u32> = if (name as usize) + 1 == lms.len() {
        // Names are distinct: the order is known.
        let mut order = vec![0u32; lms.len()];
        for (j, &nm) in names.iter().enumerate() {
            order[nm as usize] = j as u32;
        }
        order
    } else {
        suffix_array(&names, name)
    };
    let sorted_lms: Vec<u32> = order.iter().map(|&j| lms[j as usize]).collect();
    induce(&mut sa, &sorted_lms);
    sa
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(s: &[u32]) -> Vec<u32> {
        let mut sa: Vec<u32> = (0..s.len() as u32).collect();
        sa.sort_by(|&a, &b| s[a as usize..].cmp(&s[b as usize..]));
        sa
    }

    #[test]
    fn equals_sorting_on_random_periodic_and_unary_strings() {
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for n in [0usize, 1, 2, 15, 16, 17, 40, 100, 257, 1000] {
            for sigma in [1u32, 2, 3, 5, 300] {
                let random: Vec<u32> = (0..n).map(|_| (next() % u64::from(sigma)) as u32).collect();
                let periodic: Vec<u32> = (0..n)
                    .map(|i| (i as u32 * 7 + i as u32 / 3) % sigma % 4)
                    .collect();
                let period: Vec<u32> = (0..n).map(|i| [0, 1, 0, 0, 1][i % 5] % sigma).collect();
                for s in [random, periodic, period] {
                    let upper = s.iter().copied().max().unwrap_or(0);
                    assert_eq!(
                        suffix_array(&s, upper),
                        naive(&s),
                        "n={n} sigma={sigma} {s:?}"
                    );
                }
            }
        }
    }
}
