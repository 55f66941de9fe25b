//! Structure-aware fuzzing of the three parsers (edge list, graph-tool `.gt`, index file)
//! with proptest, fixed seeds and bounded case counts. Properties: no panic; an accepted
//! input yields a graph or index whose size is bounded by a stated function of the input's
//! size (so memory is too); a rejected input is a typed error.

mod common;

use ppr::gt::{parse_gt, write_gt};
use ppr::index::{IndexParams, build_index};
use ppr::index_io::{from_bytes, to_bytes};
use ppr::limits::max_vertices_for;
use proptest::prelude::*;

/// Edge-list lines mixing valid pairs, huge ids, comments, junk and separators.
fn edge_list_text() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        (0u64..64).prop_map(|v| v.to_string()),
        (0u64..u64::MAX).prop_map(|v| v.to_string()),
        Just("4294967295".to_string()),
        Just("-1".to_string()),
        Just("1.5".to_string()),
        Just("#".to_string()),
        Just("%".to_string()),
        Just("\u{feff}".to_string()),
        "[a-z]{1,3}",
    ];
    let sep = prop_oneof![
        Just(" "),
        Just("\t"),
        Just(","),
        Just("\n"),
        Just("\r\n"),
        Just("  ")
    ];
    proptest::collection::vec((token, sep), 0..40)
        .prop_map(|parts| parts.into_iter().map(|(t, s)| format!("{t}{s}")).collect())
}

#[test]
fn edge_list_parser_never_panics_and_bounds_the_graph() {
    common::runner("fuzz-edge-list")
        .run(&(edge_list_text(), any::<bool>()), |(text, directed)| {
            if let Ok(g) = ppr::edgelist::parse_edge_list(&text, directed) {
                let lines = text.lines().count() as u64;
                prop_assert!(g.m() as u64 <= 2 * lines);
                prop_assert!(g.n() as u64 <= max_vertices_for(lines));
            }
            Ok(())
        })
        .unwrap();
}

/// A valid `.gt` file, then truncated, bit-flipped or with bytes overwritten.
fn gt_bytes() -> impl Strategy<Value = Vec<u8>> {
    (1usize..20, any::<bool>()).prop_flat_map(|(n, directed)| {
        let edges = proptest::collection::vec((0..n as u32, 0..n as u32), 0..40);
        (
            edges,
            proptest::collection::vec((any::<usize>(), any::<u8>()), 0..4),
            any::<Option<usize>>(),
        )
            .prop_map(move |(edges, writes, cut)| {
                let mut b = write_gt(n, &edges, directed, "fuzz");
                for (at, x) in writes {
                    let len = b.len();
                    b[at % len] = x;
                }
                if let Some(cut) = cut {
                    b.truncate(cut % (b.len() + 1));
                }
                b
            })
    })
}

#[test]
fn gt_parser_never_panics_and_bounds_the_graph() {
    common::runner("fuzz-gt")
        .run(&gt_bytes(), |bytes| {
            if let Ok(gt) = parse_gt(&bytes) {
                // Each vertex needs an 8-byte count and each edge at least one id byte.
                prop_assert!(gt.n <= bytes.len() / 8);
                prop_assert!(gt.edges.len() <= bytes.len());
                if let Ok(g) = gt.to_graph() {
                    prop_assert!(g.m() <= 2 * bytes.len());
                }
            }
            Ok(())
        })
        .unwrap();
}

/// A valid index file, then changed: overwritten bytes (header fields included), with or
/// without a recomputed checksum, and truncations.
fn index_bytes() -> impl Strategy<Value = Vec<u8>> {
    (
        proptest::collection::vec((0usize..80, any::<u8>()), 0..4),
        proptest::collection::vec((any::<usize>(), any::<u8>()), 0..3),
        any::<bool>(),
        any::<Option<usize>>(),
    )
        .prop_map(|(header, body, rechecksum, cut)| {
            let g = ppr::edgelist::parse_edge_list("0 1\n1 2\n2 0\n2 3\n3 4\n", true).unwrap();
            let idx = build_index(
                &g,
                &IndexParams {
                    walks: 4,
                    ..IndexParams::default()
                },
            )
            .unwrap();
            let mut b = to_bytes(&idx);
            let body_end = b.len() - 8;
            for (at, x) in header {
                b[at.min(body_end - 1)] = x;
            }
            for (at, x) in body {
                b[at % body_end] = x;
            }
            if rechecksum {
                let mut h = ppr::index_io::Fnv::new();
                h.write(&b[..body_end]);
                let sum = h.finish().to_le_bytes();
                b[body_end..].copy_from_slice(&sum);
            }
            if let Some(cut) = cut {
                b.truncate(cut % (b.len() + 1));
            }
            b
        })
}

#[test]
fn index_parser_never_panics_and_allocates_within_the_file_size() {
    common::runner("fuzz-index")
        .run(&index_bytes(), |bytes| {
            if let Ok(idx) = from_bytes(&bytes) {
                // 20 bytes per vertex and 6 per entry are in the file before any allocation.
                prop_assert!(idx.n() * 20 <= bytes.len());
                prop_assert!(idx.entries() * 6 <= bytes.len());
                prop_assert!(idx.c() >= ppr::limits::MIN_TELEPORT && idx.c() < 1.0);
            }
            Ok(())
        })
        .unwrap();
}
