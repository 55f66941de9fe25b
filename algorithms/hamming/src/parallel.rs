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
//! Threads are `std::thread::scope` threads: no pool, no dependency. [`hamming_all_par`]
//! allocates the output once and each thread writes its chunk's part of it (the bit-parallel
//! method directly, the others through a copy); the k-bounded and approximate entry points
//! allocate one output per chunk and concatenate them.
//!
//! # Why the output is shared
//! On the 2-core development VM, `hamming_all` on DNA at n = 2^24, m = 2^10 spends about as
//! much time in the kernel as in user code (0.31 s of system time against 0.27 s of user time
//! over 10 runs): the page faults of its fresh 64 MiB output. Chunk outputs concatenated
//! into a second buffer doubled those faults and added a 64 MiB copy on one thread: 10
//! runs used 0.98 s of CPU time on 2 threads against 0.61 s on one (`perf stat -e
//! task-clock`, loaded machine), so the split could not be faster than about 1.2× even on
//! two free cores, and measured 0.89–0.95× on a quiet one. Writing into one shared output
//! removes both.
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

/// Runs `f` on each chunk's text slice and its part of one zeroed output, the first chunk on
/// the calling thread and the others on their own threads. Nothing is copied, and the
/// output's pages are first touched by the thread that fills them.
fn split_into<S, F>(t: &[S], m: usize, threads: usize, f: F) -> Result<Vec<u32>, Error>
where
    S: Sync,
    F: Fn(&[S], &mut [u32]) -> Result<(), Error> + Sync,
{
    let ranges = chunks(t.len() - m + 1, threads);
    let mut out = vec![0u32; t.len() - m + 1];
    let mut parts = Vec::with_capacity(ranges.len());
    let mut rest: &mut [u32] = &mut out;
    for r in &ranges {
        let (part, tail) = rest.split_at_mut(r.len());
        parts.push((&t[r.start..r.end + m - 1], part));
        rest = tail;
    }
    let f = &f;
    let results: Vec<Result<(), Error>> = std::thread::scope(|scope| {
        let mut parts = parts.into_iter();
        let (first_text, first_out) = parts.next().expect("at least one chunk");
        let handles: Vec<_> = parts
            .map(|(slice, part)| scope.spawn(move || f(slice, part)))
            .collect();
        let mut results = vec![f(first_text, first_out)];
        results.extend(handles.into_iter().map(|h| {
            h.join().unwrap_or_else(|_| {
                Err(Error::Unsupported {
                    reason: "a worker thread panicked".into(),
                })
            })
        }));
        results
    });
    for r in results {
        r?;
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
    if chunks(t.len() - p.len() + 1, threads).len() == 1 {
        return crate::hamming_all(t, p);
    }
    let planner = crate::Planner::new();
    split_into(t, p.len(), threads, |c, out| {
        planner.hamming_all_into(c, p, out)
    })
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
