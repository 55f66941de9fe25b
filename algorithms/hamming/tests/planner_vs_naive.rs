//! The top-level function and every `Algorithm` by name against the naive oracle, on inputs
//! shaped to make the planner pick each method.
mod common;

use hamming::naive::hamming_naive;
use hamming::{Algorithm, Error, Planner, hamming_all};

#[test]
fn hamming_all_matches_naive_on_random_inputs() {
    for sigma in [1u32, 2, 4, 20, 256, 1 << 16] {
        let mut runner = common::runner(&format!("planner-{sigma}"));
        runner
            .run(&common::text_and_pattern(700, sigma), |(t, p)| {
                assert_eq!(hamming_all(&t, &p).unwrap(), hamming_naive(&t, &p).unwrap());
                Ok(())
            })
            .unwrap();
    }
}

#[test]
fn every_algorithm_by_name_matches_naive() {
    for (sigma, n, m) in [
        (4u32, 3000usize, 200usize),
        (300, 3000, 500),
        (1 << 16, 2500, 64),
        (1, 500, 500),
    ] {
        let t = common::random_symbols(n, sigma, u64::from(sigma) + n as u64);
        let start = (n - m) / 3;
        let p = t[start..start + m].to_vec();
        let expected = hamming_naive(&t, &p).unwrap();
        for &a in Algorithm::ALL {
            assert_eq!(
                a.run(&t, &p).unwrap(),
                expected,
                "{} sigma={sigma} n={n} m={m}",
                a.name()
            );
        }
    }
}

#[test]
fn each_planned_shape_is_exact() {
    // Shapes that steer the planner to different methods; whichever it picks must be exact.
    let cases: Vec<(Vec<u32>, usize)> = vec![
        (common::random_symbols(1 << 15, 4, 1), 3),
        (common::random_symbols(1 << 15, 4, 2), 1024),
        (common::random_symbols(1 << 15, 16, 3), 4096),
        (common::random_symbols(1 << 15, 1 << 16, 4), 1024),
        (common::random_symbols(1 << 15, 64, 5), 8192),
    ];
    let mut chosen = std::collections::BTreeSet::new();
    for (t, m) in cases {
        let p = t[100..100 + m].to_vec();
        let plan = Planner::new().plan(&t, &p).unwrap();
        chosen.insert(plan.algorithm.name());
        assert_eq!(
            plan.algorithm.run(&t, &p).unwrap(),
            hamming_naive(&t, &p).unwrap(),
            "{plan:?}"
        );
    }
    assert!(
        chosen.len() >= 2,
        "the shapes should steer the planner to different methods: {chosen:?}"
    );
}

#[test]
fn contract_errors() {
    assert_eq!(hamming_all::<u8>(b"abc", b""), Err(Error::EmptyPattern));
    assert_eq!(
        hamming_all::<u8>(b"", b"a"),
        Err(Error::PatternLongerThanText { m: 1, n: 0 })
    );
    assert_eq!(hamming_all(b"abc", b"abc").unwrap(), vec![0]);
}
