//! All cores for long texts: the exact, k-bounded and approximate entry points on scoped
//! threads, each thread on its own chunk of shifts.
//!
//! The shifts `0..=n-m` are split into `threads` contiguous ranges of nearly equal length
//! (at least [`MIN_SHIFTS_PER_THREAD`] each, so short inputs use fewer threads); the range
//! `a..b` reads the overlapping text slice `t[a .. b + m - 1]`. Every method computes each
//! shift's value from that shift's window alone, so the concatenated output is **bit for
//! bit** the single-thread output, for every thread count (tested):
//! - exact and k-bounded methods are deterministic and exact, whichever method each chunk's
//!   planner picks;
//! - the approximations draw their hash functions from the seed and the pattern only (the
//!   classes are the pattern's symbols in order of first occurrence, plus one class for
//!   absent text symbols), and the number of draws is fixed from the **whole** text's
//!   length before splitting; Karloff's three evaluation paths give the same integers.
//!
//! Threads are `std::thread::scope` threads: no pool, no dependency. The output is
//! allocated once per chunk and concatenated.
//!
//! # Example
//! ```
//! let t: Vec<u32> = (0..5000).map(|i| (i * 7919) % 13).collect();
//! let p = &t[100..300];
//! assert_eq!(
//!     hamming::parallel::hamming_all_par(&t, p, 4).unwrap(),
//!     hamming::hamming_all(&t, p).unwrap()
//! );
//! ```

use std::hash::Hash;

use crate::approx::{ApproxParams, hash_max_draws, karloff_draws};
use crate::error::{Error, check_lengths};

/// The fewest shifts a thread is given; below `2·MIN_SHIFTS_PER_THREAD` shifts everything
/// runs on the calling thread.
pub const MIN_SHIFTS_PER_THREAD: usize = 4096;

/// The shift ranges for `shifts` shifts on at most `threads` threads.
pub fn chunks(shifts: usize, threads: usize) -> Vec<std::ops::Range<usize>> {
    let parts = threads.max(1).min(shifts / MIN_SHIFTS_PER_THREAD).max(1);
    (0..parts)
        .map(|i| i * shifts / parts..(i + 1) * shifts / parts)
        .collect()
}

/// Runs `f` on each chunk's text slice on its own thread and concatenates the outputs.
fn split<S, O, F>(t: &[S], m: usize, threads: usize, f: F) -> Result<Vec<O>, Error>
where
    S: Sync,
    O: Send,
    F: Fn(&[S]) -> Result<Vec<O>, Error> + Sync,
{
    let ranges = chunks(t.len() - m + 1, threads);
    if ranges.len() == 1 {
        return f(t);
    }
    let parts: Vec<Result<Vec<O>, Error>> = std::thread::scope(|scope| {
        let handles: Vec<_> = ranges
            .iter()
            .map(|r| {
                let slice = &t[r.start..r.end + m - 1];
                let f = &f;
                scope.spawn(move || f(slice))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(Error::Unsupported {
                        reason: "a worker thread panicked".into(),
                    })
                })
            })
            .collect()
    });
    let mut out = Vec::with_capacity(t.len() - m + 1);
    for part in parts {
        out.extend(part?);
    }
    Ok(out)
}

/// [`crate::hamming_all`] on up to `threads` threads; the same output bits.
///
/// # Errors
/// As [`crate::hamming_all`].
pub fn hamming_all_par<S: Copy + Eq + Hash + Sync>(
    t: &[S],
    p: &[S],
    threads: usize,
) -> Result<Vec<u32>, Error> {
    check_lengths(t.len(), p.len())?;
    split(t, p.len(), threads, |c| crate::hamming_all(c, p))
}

/// [`crate::kbounded::hamming_k_saturating`] on up to `threads` threads; the same output.
///
/// # Errors
/// As [`crate::kbounded::hamming_k_saturating`].
pub fn hamming_k_saturating_par<S: Copy + Eq + Hash + Sync>(
    t: &[S],
    p: &[S],
    k: usize,
    threads: usize,
) -> Result<Vec<u32>, Error> {
    check_lengths(t.len(), p.len())?;
    split(t, p.len(), threads, |c| {
        crate::kbounded::hamming_k_saturating(c, p, k)
    })
}

/// [`crate::kbounded::hamming_k_bounded`] on up to `threads` threads; the same output.
///
/// # Errors
/// As [`crate::kbounded::hamming_k_bounded`].
pub fn hamming_k_bounded_par<S: Copy + Eq + Hash + Sync>(
    t: &[S],
    p: &[S],
    k: usize,
    threads: usize,
) -> Result<Vec<Option<u32>>, Error> {
    check_lengths(t.len(), p.len())?;
    split(t, p.len(), threads, |c| {
        crate::kbounded::hamming_k_bounded(c, p, k)
    })
}

/// [`crate::approx::hamming_hash_max_with`] on up to `threads` threads; the same output bits
/// (the number of draws comes from the whole text's length).
///
/// # Errors
/// As [`crate::approx::hamming_hash_max_with`].
pub fn hamming_hash_max_par<S: Copy + Eq + Hash + Sync>(
    t: &[S],
    p: &[S],
    params: &ApproxParams,
    threads: usize,
) -> Result<Vec<u32>, Error> {
    params.validate()?;
    check_lengths(t.len(), p.len())?;
    let r = match params.draws {
        Some(r) => r,
        None => hash_max_draws(params.delta, t.len())?,
    };
    let fixed = params.with_draws(r);
    split(t, p.len(), threads, |c| {
        crate::approx::hamming_hash_max_with(c, p, &fixed)
    })
}

/// [`crate::approx::hamming_karloff_with`] on up to `threads` threads; the same output bits
/// (the number of draws comes from the whole text's length).
///
/// # Errors
/// As [`crate::approx::hamming_karloff_with`].
pub fn hamming_karloff_par<S: Copy + Eq + Hash + Sync>(
    t: &[S],
    p: &[S],
    params: &ApproxParams,
    threads: usize,
) -> Result<Vec<f64>, Error> {
    params.validate()?;
    check_lengths(t.len(), p.len())?;
    let r = match params.draws {
        Some(r) => r,
        None => karloff_draws(params.eps, params.delta, t.len())?,
    };
    let fixed = params.with_draws(r);
    split(t, p.len(), threads, |c| {
        crate::approx::hamming_karloff_with(c, p, &fixed)
    })
}
