//! P1 (trajectory), P2 (stability, reduced), the trainer's bad inputs and the dataset checks.

mod sample;

use rps::Error;
use rps::kernels::chosen_path;
use rps::mapping::Config;
use rps::train::data::{Dataset, parse_digits, split};
use rps::train::study::{
    DIVERGENCE_FACTOR, MAX_EPOCHS, MAX_HIDDEN, Method, RunConfig, build, is_diverged, run,
    small_width, trajectory_gap,
};

/// The digits split, or a synthetic stand-in (printed) when the data is not fetched.
fn data() -> (Dataset, Dataset) {
    match sample::digits() {
        Ok(d) => split(&d, 1437).unwrap(),
        Err(e) => {
            println!("SKIPPED real digits ({e}); using a synthetic 10-class set");
            let mut text = String::new();
            let mut s = 1u64;
            for i in 0..600 {
                let label = i % 10;
                let row: Vec<String> = (0..64)
                    .map(|f| {
                        let v = rps::hash::splitmix64(&mut s) % 5
                            + if f % 10 == label { 10 } else { 0 };
                        v.to_string()
                    })
                    .collect();
                text += &format!("{},{label}\n", row.join(","));
            }
            split(&parse_digits(&text).unwrap(), 480).unwrap()
        }
    }
}

#[test]
fn p1_stable_rps_follows_dense_sgd_and_roast_does_not() {
    let (train, _) = data();
    let gap = trajectory_gap(Config::stable_rps(1.0, 0), &train, 512, 200, 0).unwrap();
    println!("STABLE-RPS trajectory gap after 200 steps: {gap:.3e}");
    assert!(gap <= 1e-5, "STABLE-RPS gap {gap}");
    let roast = trajectory_gap(Config::roast(1.0, 0), &train, 512, 200, 0).unwrap();
    println!("ROAST trajectory gap after 200 steps: {roast:.3e}");
    assert!(roast > 1e-5, "ROAST gap {roast}");
}

#[test]
fn p2_stable_rps_does_not_diverge_across_init_scales() {
    let (train, test) = data();
    let mut acc = Vec::new();
    for a in [1e-4f32, 1e-2, 1.0] {
        let cfg = RunConfig {
            init_scale: a,
            hidden: 64,
            ..RunConfig::protocol(Method::StableRps, 16.0, 0, 2)
        };
        let r = run(&cfg, &train, &test).unwrap();
        println!("a={a}: {r:?}");
        assert!(!r.diverged, "a={a}: {r:?}");
        acc.push(r.test_accuracy.unwrap());
    }
    // Scale invariance (with the scaler, an SGD step in weight space does not depend on a): the same accuracy within 1 pp at every a.
    let (lo, hi) = acc
        .iter()
        .fold((1.0f64, 0.0f64), |(l, h), &v| (l.min(v), h.max(v)));
    assert!(hi - lo <= 0.01, "{acc:?}");
}

#[test]
fn divergence_is_recorded_not_propagated() {
    let (train, test) = data();
    // ROAST without scaler at a tiny init scale: λ ≈ 1/(8·1e-4), the W-space step ∝ λ².
    let cfg = RunConfig {
        init_scale: 1e-4,
        hidden: 64,
        ..RunConfig::protocol(Method::Roast, 16.0, 0, 2)
    };
    let r = run(&cfg, &train, &test).unwrap();
    assert!(r.diverged, "{r:?}");
    assert_eq!(r.test_accuracy, None);
}

#[test]
fn divergence_rule_separates_blow_ups_from_slow_runs() {
    let ln10 = 10f64.ln();
    // Slow but converging, or stalled: the last epoch slightly above the first batch.
    assert!(!is_diverged(2.30, Some(2.32), 10));
    assert!(!is_diverged(2.30, Some(2.30 * 1.5), 10));
    // A first batch that happens to be easy does not make a stalled run diverged.
    assert!(!is_diverged(0.5, Some(ln10 + 0.1), 10));
    // Blown up: far above the reference, or non-finite anywhere.
    assert!(is_diverged(2.30, Some(2.30 * DIVERGENCE_FACTOR + 0.01), 10));
    assert!(is_diverged(2.30, Some(1e6), 10));
    assert!(is_diverged(2.30, Some(f64::NAN), 10));
    assert!(is_diverged(2.30, Some(f64::INFINITY), 10));
    assert!(is_diverged(2.30, None, 10));
    assert!(is_diverged(f64::NAN, Some(1.0), 10));

    // End to end: a learning rate too small to move is a slow run, not a divergence.
    let (train, test) = data();
    let slow = RunConfig {
        lr: 1e-6,
        hidden: 32,
        ..RunConfig::protocol(Method::Dense, 1.0, 3, 2)
    };
    let r = run(&slow, &train, &test).unwrap();
    println!("slow: {r:?}");
    assert!(!r.diverged, "{r:?}");
    assert!(r.test_accuracy.is_some());
    // A learning rate far too large blows up (NaN or a loss far above the reference).
    let fast = RunConfig { lr: 1e3, ..slow };
    let r = run(&fast, &train, &test).unwrap();
    println!("blown up: {r:?}");
    assert!(r.diverged, "{r:?}");
    assert_eq!(r.test_accuracy, None);
}

#[test]
fn pruned_models_start_pruned_and_collapsed_layers_are_not_divergence() {
    let (train, test) = data();
    for m in [
        Method::Random,
        Method::Magnitude,
        Method::Snip,
        Method::SynFlow,
        Method::Grasp,
    ] {
        let cfg = RunConfig {
            hidden: 128,
            ..RunConfig::protocol(m, 16.0, 0, 1)
        };
        let model = build(&cfg, &train, chosen_path()).unwrap();
        let w = model.weights().unwrap();
        let nonzero = w.iter().flatten().filter(|&&v| v != 0.0).count();
        let n: usize = 64 * 128 + 128 * 128 + 128 * 10;
        // Exactly the kept weights are non-zero before the first step.
        assert_eq!(nonzero, model.stored().weights, "{}", m.name());
        assert_eq!(model.stored().weights, n.div_ceil(16), "{}", m.name());
    }
    // Global magnitude pruning at init keeps only first-layer weights here (U(±1/8) beats
    // U(±1/√128) everywhere in the top 1/16): layers 2 and 3 are cut entirely (layer
    // collapse, Tanaka et al. 2020). The model can only learn its output bias: its loss stays
    // near ln 10, which is a failure to learn, not a divergence.
    let cfg = RunConfig {
        hidden: 128,
        ..RunConfig::protocol(Method::Magnitude, 16.0, 0, 2)
    };
    let model = build(&cfg, &train, chosen_path()).unwrap();
    let w = model.weights().unwrap();
    assert!(w[1].iter().chain(&w[2]).all(|&v| v == 0.0));
    let r = run(&cfg, &train, &test).unwrap();
    println!("collapsed magnitude run: {r:?}");
    assert!(!r.diverged, "{r:?}");
    let acc = r.test_accuracy.unwrap();
    assert!(
        acc < 0.25,
        "a collapsed model cannot beat a class prior by much: {acc}"
    );
    let loss = r.train_loss.unwrap();
    assert!((loss - 10f64.ln()).abs() < 0.2, "{loss}");
}

#[test]
fn every_method_trains_and_counts_its_scalars() {
    let (train, test) = data();
    for m in Method::ALL {
        let cfg = RunConfig {
            hidden: 32,
            ..RunConfig::protocol(m, 8.0, 1, 1)
        };
        let r = run(&cfg, &train, &test).unwrap();
        let n: usize = 64 * 32 + 32 * 32 + 32 * 10;
        let expect = match m {
            Method::Dense => n,
            Method::SmallWidth => {
                let h = small_width(64, 10, n.div_ceil(8));
                64 * h + h * h + h * 10
            }
            Method::HashedNet => {
                (64 * 32usize).div_ceil(8) + (32 * 32usize).div_ceil(8) + (32 * 10usize).div_ceil(8)
            }
            _ => n.div_ceil(8),
        };
        assert_eq!(r.weights, expect, "{}", m.name());
        let biases = if m == Method::SmallWidth {
            r.biases
        } else {
            32 + 32 + 10
        };
        assert_eq!(r.biases, biases, "{}", m.name());
        assert!(r.test_accuracy.is_some() || r.diverged, "{}", m.name());
    }
}

#[test]
fn bad_trainer_inputs_are_typed_errors() {
    let (train, test) = data();
    for c in [0.5, f64::NAN] {
        let cfg = RunConfig::protocol(Method::StableRps, c, 0, 1);
        assert!(matches!(
            run(&cfg, &train, &test),
            Err(Error::InvalidCompression(_))
        ));
        let cfg = RunConfig::protocol(Method::Magnitude, c, 0, 1);
        assert!(matches!(
            run(&cfg, &train, &test),
            Err(Error::InvalidCompression(_))
        ));
    }
    let mut nan = train.clone();
    nan.features[5] = f32::NAN;
    let cfg = RunConfig::protocol(Method::StableRps, 4.0, 0, 1);
    assert!(matches!(
        run(&cfg, &nan, &test),
        Err(Error::NonFinite { .. })
    ));
    let cfg = RunConfig {
        lr: f32::NAN,
        ..cfg
    };
    assert!(matches!(
        run(&cfg, &train, &test),
        Err(Error::InvalidParameter { .. })
    ));
    assert!(matches!(
        Method::from_name("bogus"),
        Err(Error::Unknown { .. })
    ));
}

#[test]
fn a_hidden_width_beyond_the_limit_is_refused_before_anything_is_allocated() {
    let (train, test) = data();
    for hidden in [MAX_HIDDEN + 1, 100_000, usize::MAX] {
        for m in [Method::Dense, Method::StableRps, Method::SmallWidth] {
            let cfg = RunConfig {
                hidden,
                ..RunConfig::protocol(m, 4.0, 0, 1)
            };
            let err = run(&cfg, &train, &test).unwrap_err();
            assert!(
                matches!(err, Error::InvalidParameter { name: "hidden", .. }),
                "{hidden} {}: {err}",
                m.name()
            );
        }
    }
    let cfg = RunConfig::protocol(Method::Dense, 1.0, 0, MAX_EPOCHS + 1);
    assert!(matches!(
        run(&cfg, &train, &test),
        Err(Error::InvalidParameter { name: "epochs", .. })
    ));
}

#[test]
fn malformed_digits_are_a_typed_error() {
    assert!(matches!(parse_digits("1,2,3\n"), Err(Error::Dataset(_))));
    assert!(matches!(parse_digits(""), Err(Error::Dataset(_))));
}
