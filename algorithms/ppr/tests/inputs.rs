//! Every bad input gets its typed error: unknown source, c outside (0, 1), R = 0, a
//! malformed edge line, a `.gt` file with a bad magic or truncated, an empty graph; and the
//! `.gt` reader round-trips files the test writes.

use ppr::Error;
use ppr::gt::{parse_gt, write_gt};
use ppr::index::{IndexParams, build_index};
use ppr::query::{QueryParams, query};
use ppr::{Graph, batch, edgelist, montecarlo, naive, power, push};

fn triangle() -> Graph {
    Graph::from_edges(None, &[(0, 1), (1, 2), (2, 0)], true).unwrap()
}

#[test]
fn unknown_source_is_rejected_by_every_method() {
    let g = triangle();
    let idx = build_index(&g, &IndexParams::default()).unwrap();
    let want = Error::UnknownSource { source: 3, n: 3 };
    let q = QueryParams {
        steps: 2,
        theta: 0.0,
    };
    assert_eq!(power::power_iteration(&g, 3, 0.15, 1e-6).unwrap_err(), want);
    assert_eq!(naive::ppr_naive(&g, 3, 0.15, 1e-6).unwrap_err(), want);
    assert_eq!(push::forward_push(&g, 3, 0.15, 1e-6).unwrap_err(), want);
    assert_eq!(
        montecarlo::monte_carlo_end_point(&g, 3, 0.15, 10, 1).unwrap_err(),
        want
    );
    assert_eq!(
        montecarlo::monte_carlo_full_path(&g, 3, 0.15, 10, 1).unwrap_err(),
        want
    );
    assert_eq!(query(&g, &idx, 3, &q).unwrap_err(), want);
    assert_eq!(batch::query_batch(&g, &idx, &[0, 3], &q).unwrap_err(), want);
    assert!(want.to_string().contains("source 3"));
}

#[test]
fn teleport_outside_the_open_unit_interval_is_rejected() {
    let g = triangle();
    for c in [0.0, 1.0, -0.1, 1.5, f64::NAN, f64::INFINITY] {
        let bad = |e: Error| matches!(e, Error::InvalidTeleport(_));
        assert!(
            bad(power::power_iteration(&g, 0, c, 1e-6).unwrap_err()),
            "{c}"
        );
        assert!(bad(naive::ppr_naive(&g, 0, c, 1e-6).unwrap_err()));
        assert!(bad(push::forward_push(&g, 0, c, 1e-6).unwrap_err()));
        assert!(bad(
            montecarlo::monte_carlo_end_point(&g, 0, c, 10, 1).unwrap_err()
        ));
        assert!(bad(
            montecarlo::monte_carlo_full_path(&g, 0, c, 10, 1).unwrap_err()
        ));
        let p = IndexParams {
            c,
            ..Default::default()
        };
        assert!(bad(build_index(&g, &p).unwrap_err()));
    }
}

#[test]
fn zero_walks_and_other_parameters_are_rejected() {
    let g = triangle();
    let p = IndexParams {
        walks: 0,
        ..Default::default()
    };
    assert_eq!(build_index(&g, &p).unwrap_err(), Error::ZeroWalks);
    assert_eq!(
        montecarlo::monte_carlo_end_point(&g, 0, 0.15, 0, 1).unwrap_err(),
        Error::ZeroWalks
    );
    assert_eq!(
        montecarlo::monte_carlo_full_path(&g, 0, 0.15, 0, 1).unwrap_err(),
        Error::ZeroWalks
    );
    let p = IndexParams {
        threads: 0,
        ..Default::default()
    };
    assert!(matches!(
        build_index(&g, &p),
        Err(Error::InvalidParameter {
            name: "threads",
            ..
        })
    ));
    let p = IndexParams {
        max_len: Some(0),
        ..Default::default()
    };
    assert!(matches!(
        build_index(&g, &p),
        Err(Error::InvalidParameter { name: "L", .. })
    ));
    for tol in [0.0, 1.0, f64::NAN] {
        assert!(matches!(
            power::power_iteration(&g, 0, 0.15, tol),
            Err(Error::InvalidParameter { .. })
        ));
    }
    assert!(matches!(
        push::forward_push(&g, 0, 0.15, 0.0),
        Err(Error::InvalidParameter { .. })
    ));
    let idx = build_index(&g, &IndexParams::default()).unwrap();
    for theta in [-1.0, f64::NAN, f64::INFINITY] {
        assert!(matches!(
            query(&g, &idx, 0, &QueryParams { steps: 1, theta }),
            Err(Error::InvalidParameter { name: "theta", .. })
        ));
    }
    let bigger = Graph::from_edges(Some(4), &[(0, 1)], true).unwrap();
    assert_eq!(
        query(
            &bigger,
            &idx,
            0,
            &QueryParams {
                steps: 1,
                theta: 0.0
            }
        )
        .unwrap_err(),
        Error::IndexMismatch {
            index_n: 3,
            graph_n: 4
        }
    );
}

#[test]
fn malformed_edge_lines_are_named() {
    let cases = [
        ("0 1\n1 x\n", 2, "`x`"),
        ("# c\n\n0 1\n7\n", 4, "two vertex ids"),
        ("0 1\n-1 2\n", 2, "`-1`"),
        ("0 99999999999\n", 1, "2^32"),
        ("0 4294967295\n", 1, "2^32"),
        ("0 1.5\n", 1, "`1.5`"),
    ];
    for (text, line, what) in cases {
        match edgelist::parse_edge_list(text, true) {
            Err(e @ Error::MalformedEdge { line: l, .. }) => {
                assert_eq!(l, line, "{text:?}");
                let msg = e.to_string();
                assert!(
                    msg.contains(&format!("line {line}")) && msg.contains(what),
                    "{msg}"
                );
            }
            other => panic!("{text:?}: {other:?}"),
        }
    }
    // Comments, commas, tabs and extra columns are fine.
    let g = edgelist::parse_edge_list("% mm\n0,1\n1\t2 0.5\n", true).unwrap();
    assert_eq!((g.n(), g.m()), (3, 2));
}

#[test]
fn empty_graphs_are_rejected() {
    assert_eq!(
        edgelist::parse_edge_list("", true).unwrap_err(),
        Error::EmptyGraph
    );
    assert_eq!(
        edgelist::parse_edge_list("# nothing\n\n", false).unwrap_err(),
        Error::EmptyGraph
    );
    assert_eq!(
        Graph::from_edges(None, &[], true).unwrap_err(),
        Error::EmptyGraph
    );
    assert_eq!(
        Graph::from_edges(Some(0), &[], true).unwrap_err(),
        Error::EmptyGraph
    );
    assert_eq!(
        parse_gt(&write_gt(0, &[], true, "")).unwrap_err(),
        Error::EmptyGraph
    );
    assert!(matches!(
        Graph::from_edges(Some(2), &[(0, 2)], true),
        Err(Error::InvalidParameter { .. })
    ));
}

#[test]
fn gt_files_round_trip_at_every_id_width() {
    for n in [3usize, 256, 257, 65536, 65537] {
        let edges: Vec<(u32, u32)> = (0..n as u32 - 1)
            .map(|i| (i, i + 1))
            .chain([(n as u32 - 1, 0)])
            .collect();
        for directed in [true, false] {
            let bytes = write_gt(n, &edges, directed, "test file");
            let gt = parse_gt(&bytes).unwrap();
            assert_eq!(
                (gt.n, gt.directed, gt.comment.as_str()),
                (n, directed, "test file")
            );
            assert_eq!(gt.edges, edges);
            let g = gt.to_graph().unwrap();
            assert_eq!(g.m(), if directed { n } else { 2 * n });
        }
    }
}

#[test]
fn gt_bad_magic_and_truncation_are_typed_errors() {
    let edges = [(0, 1), (1, 2), (2, 0), (0, 2)];
    let bytes = write_gt(3, &edges, false, "tiny");
    let mut bad = bytes.clone();
    bad[0] = b'x';
    assert_eq!(parse_gt(&bad).unwrap_err(), Error::GtBadMagic);
    assert_eq!(parse_gt(b"").unwrap_err(), Error::GtBadMagic);
    assert!(
        parse_gt(b"0 1\n")
            .unwrap_err()
            .to_string()
            .contains("magic")
    );
    // Every proper prefix that keeps the magic and ends before the adjacency is complete.
    let adjacency_end = bytes.len() - 8; // the property-map count follows the adjacency
    for len in 6..adjacency_end {
        match parse_gt(&bytes[..len]) {
            Err(Error::GtTruncated { offset, .. }) => assert!(offset <= len),
            other => panic!("prefix {len}: {other:?}"),
        }
    }
    // A neighbour id beyond N and an unknown version are refused.
    let mut wrong = bytes.clone();
    wrong[6] = 2;
    assert!(matches!(parse_gt(&wrong), Err(Error::GtUnsupported(_))));
    let mut big = write_gt(3, &[(0, 1)], true, "");
    let at = big.len() - 8 - 8 - 8 - 1; // vertex 0's neighbour id (u8)
    assert_eq!(big[at - 8], 1);
    big[at] = 9;
    assert!(matches!(parse_gt(&big), Err(Error::GtUnsupported(_))));
}

#[test]
fn gt_gz_and_edge_list_files_load() {
    use std::io::Write;
    let dir = std::env::temp_dir().join(format!("ppr-inputs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let gt = dir.join("g.gt.gz");
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(&write_gt(4, &[(0, 1), (1, 2), (2, 3)], false, ""))
        .unwrap();
    std::fs::write(&gt, enc.finish().unwrap()).unwrap();
    let g = edgelist::load_graph(&gt, false).unwrap();
    assert_eq!((g.n(), g.m()), (4, 6));
    let el = dir.join("g.txt");
    std::fs::write(&el, "0 1\n1 2\n").unwrap();
    assert_eq!(edgelist::load_graph(&el, true).unwrap().m(), 4);
    assert!(matches!(
        edgelist::load_graph(&dir.join("missing"), false),
        Err(Error::Io { .. })
    ));
    std::fs::remove_dir_all(&dir).unwrap();
}
