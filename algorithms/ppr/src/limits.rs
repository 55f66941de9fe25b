//! The stated limits of every method, checked before any work starts so that no input can
//! make a call run or allocate without bound. Each check returns a typed error naming the
//! request and the limit.
//!
//! | quantity | limit |
//! |---|---|
//! | teleport probability c | `[MIN_TELEPORT, 1)` = `[1e-6, 1)` |
//! | power iterations `⌈ln tol / ln(1 − c)⌉` (also for push at λ) | [`MAX_ITERATIONS`] = 100 000 |
//! | PowerWalk exact steps T | [`MAX_STEPS`] = 10 000 (a query also stops early once no flow is left) |
//! | expected walk visits: index `n·R·(1 + 1/c)`, Monte Carlo `W·(1 + 1/c)` | [`MAX_WALK_VISITS`] = 2³² |
//! | edge-list vertex ids | below `max(2^20, 16 · edges)` ([`max_vertices_for`]) |
//! | a gzip file's decompressed size | at most `min(64 MiB + 64 × compressed, 4 GiB)` ([`max_gunzipped_for`]) |

use crate::error::Error;

pub use crate::graph::MIN_TELEPORT;

/// The most power iterations one call may need (`⌈ln tol / ln(1 − c)⌉`).
pub const MAX_ITERATIONS: usize = 100_000;

/// The most exact decomposition steps T of a PowerWalk query.
pub const MAX_STEPS: usize = 10_000;

/// The most walk visits a build or an estimate may expect (`2^32`): an index holds at most
/// one 6-byte entry per visit, so this also bounds its memory (24 GiB).
pub const MAX_WALK_VISITS: f64 = 4_294_967_296.0;

/// The largest vertex count an edge list with `edges` edges may imply (its largest id + 1):
/// `max(2^20, 16 · edges)`. Ids far beyond the edge count would make every per-vertex array
/// (offsets, degrees, PPR vectors) huge for a tiny file.
pub fn max_vertices_for(edges: u64) -> u64 {
    (1u64 << 20).max(edges.saturating_mul(16))
}

/// The most bytes a gzip file of `compressed` bytes may decompress to:
/// `min(64 MiB + 64 × compressed, 4 GiB)`. Real edge lists and `.gt` files compress 3–10×;
/// a small file that inflates a thousandfold (a gzip of a gigabyte of newlines) is refused
/// before it can exhaust memory.
pub fn max_gunzipped_for(compressed: u64) -> u64 {
    (64u64 << 20)
        .saturating_add(compressed.saturating_mul(64))
        .min(4u64 << 30)
}

/// Decompresses gzip `raw`, reading at most [`max_gunzipped_for`] bytes.
///
/// # Errors
/// [`Error::InvalidParameter`] when the content is larger than the limit, and the
/// decoder's error (corrupt data) as its message.
pub fn gunzip_bounded(raw: &[u8]) -> Result<Vec<u8>, Error> {
    use std::io::Read as _;
    let limit = max_gunzipped_for(raw.len() as u64);
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(raw)
        .take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|e| Error::InvalidParameter {
            name: "gzip input",
            reason: format!("cannot decompress: {e}"),
        })?;
    if out.len() as u64 > limit {
        return Err(Error::InvalidParameter {
            name: "gzip input",
            reason: format!(
                "{} compressed bytes decompress to more than {limit} bytes \
                 (the limit is min(64 MiB + 64 × compressed size, 4 GiB)); decompress it \
                 yourself if it is really that large",
                raw.len()
            ),
        });
    }
    Ok(out)
}

/// Checks that vertex ids up to `n - 1` are plausible for `edges` edges
/// ([`max_vertices_for`]).
///
/// # Errors
/// [`Error::InvalidParameter`] naming the largest id and the limit.
pub fn check_vertex_count(n: u64, edges: u64) -> Result<(), Error> {
    let limit = max_vertices_for(edges);
    if n > limit {
        return Err(Error::InvalidParameter {
            name: "vertex ids",
            reason: format!(
                "the largest id is {} but {edges} edges allow ids below {limit} \
                 (max(2^20, 16 per edge)); renumber the vertices 0, 1, 2, … first",
                n - 1
            ),
        });
    }
    Ok(())
}

/// The number of iterations T with `(1 − c)^T ≤ tol`, refused beyond [`MAX_ITERATIONS`].
///
/// # Errors
/// [`Error::TooMuchWork`].
pub fn iterations_within(c: f64, tol: f64, what: &str) -> Result<usize, Error> {
    let t = if tol >= 1.0 {
        0.0
    } else {
        (tol.ln() / (1.0 - c).ln()).ceil()
    };
    if t.is_nan() || t > MAX_ITERATIONS as f64 {
        return Err(Error::TooMuchWork {
            what: format!("{what} at c = {c} needs about {t:.3e} iterations, which"),
            limit: format!("{MAX_ITERATIONS} iterations (raise c or the tolerance)"),
        });
    }
    Ok(crate::power::iterations_for(c, tol))
}

/// Checks that `walks` walks (at stop probability `c`) expect at most [`MAX_WALK_VISITS`]
/// visits.
///
/// # Errors
/// [`Error::TooMuchWork`].
pub fn check_walk_visits(walks: f64, c: f64, what: &str) -> Result<(), Error> {
    let visits = walks * (1.0 + 1.0 / c);
    if visits.is_nan() || visits > MAX_WALK_VISITS {
        return Err(Error::TooMuchWork {
            what: format!("{what} expects {visits:.3e} walk visits, which"),
            limit: "2^32 visits (use fewer walks or a larger c)".into(),
        });
    }
    Ok(())
}

/// Checks T ≤ [`MAX_STEPS`].
///
/// # Errors
/// [`Error::InvalidParameter`].
pub fn check_steps(steps: usize) -> Result<(), Error> {
    if steps > MAX_STEPS {
        return Err(Error::InvalidParameter {
            name: "T (steps)",
            reason: format!("{steps} exceeds the limit of {MAX_STEPS} exact steps"),
        });
    }
    Ok(())
}

#[cfg(test)]
mod gzip_tests {
    use super::*;
    use std::io::Write as _;

    fn gz(bytes: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        enc.write_all(bytes).unwrap();
        enc.finish().unwrap()
    }

    #[test]
    fn gzip_within_its_limit_round_trips() {
        let text = b"0 1\n1 2\n2 0\n".repeat(1000);
        assert_eq!(gunzip_bounded(&gz(&text)).unwrap(), text);
    }

    #[test]
    fn gzip_bomb_is_refused_with_the_limit_named() {
        // 80 MiB of newlines compresses to about 80 KB: more than 64 MiB + 64 × 80 KB.
        let bomb = gz(&vec![b'\n'; 80 << 20]);
        assert!(bomb.len() < 200_000, "{}", bomb.len());
        let e = gunzip_bounded(&bomb).unwrap_err().to_string();
        assert!(e.contains("decompress to more than"), "{e}");
        assert!(e.contains("64 MiB + 64 × compressed size"), "{e}");
    }

    #[test]
    fn corrupt_gzip_is_an_error() {
        let mut g = gz(b"0 1\n");
        let mid = g.len() / 2;
        g[mid] ^= 0xff;
        g.truncate(g.len() - 3);
        assert!(gunzip_bounded(&g).is_err());
    }
}
