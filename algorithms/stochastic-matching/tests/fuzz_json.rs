//! Structure-aware fuzzing of the JSON instance parser (`Instance::from_json`): documents
//! built from the format's own pieces (weights, arrivals, neighbours with `u` and `p`), with
//! bad values and byte-level damage mixed in. Fixed seed, bounded case count.
//!
//! Properties: no panic; an accepted instance is no larger than its text (every offline
//! vertex, arrival and edge is spelled out, so `n + T + |E| ≤ len`), so the work and memory
//! that follow are bounded by a function of the input size; an accepted instance writes
//! back to JSON that reads back to the same instance.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use stochastic_matching::Instance;

fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        (0.0f64..2.0).prop_map(|x| format!("{x}")),
        Just("0".to_string()),
        Just("1".to_string()),
        Just("-0.5".to_string()),
        Just("1e308".to_string()),
        Just("1e999".to_string()),
        Just("NaN".to_string()),
        Just("\"0.5\"".to_string()),
        Just("null".to_string()),
        Just("18446744073709551615".to_string()),
        Just("4294967296".to_string()),
    ]
}

fn neighbour() -> impl Strategy<Value = String> {
    (
        prop_oneof![(0u64..6).prop_map(|u| u.to_string()), number()],
        number(),
        any::<bool>(),
    )
        .prop_map(|(u, p, extra)| {
            if extra {
                format!("{{\"u\": {u}, \"p\": {p}, \"x\": 1}}")
            } else {
                format!("{{\"u\": {u}, \"p\": {p}}}")
            }
        })
}

fn document() -> impl Strategy<Value = String> {
    let weights = prop::collection::vec(number(), 0..6);
    let arrival = prop::collection::vec(neighbour(), 0..4);
    let online = prop::collection::vec(arrival, 0..6);
    (weights, online, any::<u8>()).prop_map(|(w, o, shape)| {
        let online: Vec<String> = o.iter().map(|a| format!("[{}]", a.join(","))).collect();
        let w = w.join(",");
        let o = online.join(",");
        match shape % 4 {
            0 => format!("{{\"weights\": [{w}], \"online\": [{o}]}}"),
            1 => format!("{{\"online\": [{o}], \"weights\": [{w}]}}"),
            2 => format!("{{\"weights\": [{w}]}}"),
            _ => format!("[{w}]"),
        }
    })
}

/// A document, possibly damaged: truncated, or with a byte replaced.
fn damaged() -> impl Strategy<Value = String> {
    (document(), any::<u16>(), any::<u8>(), 0u8..3).prop_map(|(doc, at, byte, how)| {
        let bytes = doc.into_bytes();
        let at = at as usize % bytes.len().max(1);
        let out = match how {
            0 => bytes,
            1 => bytes[..at].to_vec(),
            _ => {
                let mut b = bytes;
                if !b.is_empty() {
                    let pieces = b"{}[],:\"0-e.x \n";
                    b[at] = pieces[byte as usize % pieces.len()];
                }
                b
            }
        };
        String::from_utf8_lossy(&out).into_owned()
    })
}

#[test]
fn json_parser_never_panics_and_accepts_only_bounded_instances() {
    let config = Config {
        cases: 3000,
        failure_persistence: None,
        ..Config::default()
    };
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]);
    let mut runner = TestRunner::new_with_rng(config, rng);
    let accepted = std::cell::Cell::new(0u32);
    runner
        .run(&damaged(), |text| {
            if let Ok(inst) = Instance::from_json(&text) {
                accepted.set(accepted.get() + 1);
                prop_assert!(inst.n() + inst.arrivals() + inst.edges() <= text.len());
                let back = Instance::from_json(&inst.to_json()).expect("round trip");
                prop_assert_eq!(back.to_json(), inst.to_json());
            }
            Ok(())
        })
        .unwrap();
    // The generator reaches valid documents as well as broken ones.
    assert!(
        accepted.get() > 20,
        "only {} documents were accepted",
        accepted.get()
    );
}
