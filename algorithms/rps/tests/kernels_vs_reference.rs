//! Every kernel path against the f64 reference, on random ragged shapes and every mapping.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};

use common::{config, front_layer, paths, rel_err, runner, values};
use proptest::prelude::*;
use rps::kernels::{self, Path, Weights};
use rps::mapping::Layout;
use rps::reference;

fn to64(v: &[f32]) -> Vec<f64> {
    v.iter().map(|&x| f64::from(x)).collect()
}

/// Shapes that cross every threshold: the small-batch path (batch ≤ 4) and the blocked one,
/// the 6×16 microtile and 8×8 transpose edges, KC = 256, MC = 144, NC = 4096, the 8-lane
/// vectors and the 4-vector unroll of the small-batch dot products. Small ragged ones mostly.
fn shape() -> impl Strategy<Value = (usize, usize, usize)> {
    prop_oneof![
        4 => (1usize..14, 1usize..40, 1usize..40),
        2 => (1usize..5, 30usize..140, 1usize..70),
        1 => (1usize..8, 250usize..300, 60usize..70),
        1 => (5usize..9, 1usize..20, 500usize..530),
        1 => (140usize..160, 1usize..24, 1usize..40),
        1 => (1usize..8, 1usize..5, 4090usize..4110),
    ]
}

#[allow(clippy::too_many_arguments)]
fn check_layer(
    path: Path,
    kind: usize,
    c: f64,
    sign: bool,
    batch: usize,
    input: usize,
    output: usize,
    seed: u64,
) -> Result<(), TestCaseError> {
    // A layer in front makes the global offsets non-zero; it is sized so that a 16×16 tile
    // fits at every compression drawn here. A case whose own layer is too small for a tile
    // (local memory) is discarded and redrawn, never counted as a pass.
    let cfg = config(kind, c, sign, seed.is_multiple_of(2), seed);
    let layout = Layout::new(cfg, &[front_layer(MAX_C), (input, output)]);
    prop_assume!(
        !matches!(layout, Err(rps::Error::TileLargerThanMemory { .. })),
        "the tested layer's local memory is smaller than one tile"
    );
    let layout = layout.map_err(|e| TestCaseError::fail(e.to_string()))?;
    let memory = values(layout.memory_len(), seed ^ 1);
    let w = Weights::Hashed {
        layout: &layout,
        memory: &memory,
        layer: 1,
    };
    let w64 = reference::materialise(&layout, &memory, 1).unwrap();
    let x = values(batch * input, seed ^ 2);
    let dy = values(batch * output, seed ^ 3);

    // Packing alone: bit-identical to Layout::weight (same f32 operations).
    let mut block = vec![0.0f32; output * input];
    kernels::materialise_block(path, &w, 0, 0, input, &mut block).unwrap();
    for r in 0..output {
        for k in 0..input {
            prop_assert_eq!(
                block[r * input + k].to_bits(),
                layout.weight(&memory, 1, r, k).to_bits(),
                "pack r={} k={}",
                r,
                k
            );
        }
    }

    let mut y = vec![f32::NAN; batch * output];
    kernels::forward(path, &x, batch, &w, &mut y).unwrap();
    let y64 = reference::forward(&to64(&x), &w64, batch, input, output).unwrap();
    prop_assert!(rel_err(&y, &y64) < 1e-5, "forward {}", rel_err(&y, &y64));

    let mut dx = vec![f32::NAN; batch * input];
    kernels::backward_input(path, &dy, batch, &w, &mut dx).unwrap();
    let dx64 = reference::backward_input(&to64(&dy), &w64, batch, input, output).unwrap();
    prop_assert!(
        rel_err(&dx, &dx64) < 1e-5,
        "backward_input {}",
        rel_err(&dx, &dx64)
    );

    let mut dw = vec![f32::NAN; output * input];
    kernels::weight_grad(path, &dy, &x, batch, input, output, &mut dw).unwrap();
    let dw64 = reference::weight_grad(&to64(&dy), &to64(&x), batch, input, output).unwrap();
    prop_assert!(
        rel_err(&dw, &dw64) < 1e-5,
        "weight_grad {}",
        rel_err(&dw, &dw64)
    );

    // Reduction: f64 reference from the exact dW; threads 1 and 3 bit-identical.
    let mut g1 = vec![0.0f32; layout.memory_len()];
    kernels::reduce_grad(path, &layout, 1, &dw, &mut g1, 1).unwrap();
    let mut g3 = vec![0.0f32; layout.memory_len()];
    kernels::reduce_grad(path, &layout, 1, &dw, &mut g3, 3).unwrap();
    prop_assert!(
        g1.iter().zip(&g3).all(|(a, b)| a.to_bits() == b.to_bits()),
        "threads differ"
    );
    let mut g64 = vec![0.0f64; layout.memory_len()];
    reference::memory_grad(&layout, 1, &to64(&dw), &mut g64).unwrap();
    prop_assert!(rel_err(&g1, &g64) < 1e-5, "reduce {}", rel_err(&g1, &g64));
    Ok(())
}

/// The largest compression drawn by the mapped-kernel test.
const MAX_C: f64 = 16.0;

#[test]
fn every_path_matches_the_reference_on_random_shapes() {
    const CASES: u32 = 48;
    for path in paths() {
        let mut r = runner(&format!("kernels-{}", path.name()), CASES);
        let (ran, ran_16x16) = (AtomicUsize::new(0), AtomicUsize::new(0));
        r.run(
            &(
                shape(),
                0usize..4,
                prop_oneof![Just(1.0), Just(2.5), Just(16.0)],
                any::<bool>(),
                any::<u64>(),
            ),
            |((b, i, o), kind, c, sign, seed)| {
                check_layer(path, kind, c, sign, b, i, o, seed)?;
                ran.fetch_add(1, Ordering::Relaxed);
                if kind == 1 {
                    ran_16x16.fetch_add(1, Ordering::Relaxed);
                }
                Ok(())
            },
        )
        .unwrap();
        // Every counted case reached the last comparison; discarded ones are not counted.
        let cases = common::cases(CASES) as usize;
        assert_eq!(ran.into_inner(), cases, "{}", path.name());
        let big = ran_16x16.into_inner();
        assert!(
            big >= cases / 10,
            "{}: only {big} of {cases} cases had 16×16 tiles",
            path.name()
        );
    }
}

#[test]
fn dense_products_match_the_reference_on_random_shapes() {
    for path in paths() {
        let mut r = runner(&format!("dense-{}", path.name()), 40);
        r.run(
            &(shape(), any::<u64>()),
            |((batch, input, output), seed)| {
                let w = values(input * output, seed);
                let x = values(batch * input, seed ^ 1);
                let dy = values(batch * output, seed ^ 2);
                let wd = Weights::Dense {
                    w: &w,
                    input,
                    output,
                };
                let mut y = vec![f32::NAN; batch * output];
                kernels::forward(path, &x, batch, &wd, &mut y).unwrap();
                let y64 = reference::forward(&to64(&x), &to64(&w), batch, input, output).unwrap();
                prop_assert!(rel_err(&y, &y64) < 1e-5, "forward {}", rel_err(&y, &y64));
                let mut dx = vec![f32::NAN; batch * input];
                kernels::backward_input(path, &dy, batch, &wd, &mut dx).unwrap();
                let dx64 =
                    reference::backward_input(&to64(&dy), &to64(&w), batch, input, output).unwrap();
                prop_assert!(rel_err(&dx, &dx64) < 1e-5, "dx {}", rel_err(&dx, &dx64));
                Ok(())
            },
        )
        .unwrap();
    }
}

#[test]
fn dense_paths_match_the_reference_and_each_other() {
    let (batch, input, output) = (7, 301, 69);
    let w = values(input * output, 11);
    let x = values(batch * input, 12);
    let y64 = reference::forward(&to64(&x), &to64(&w), batch, input, output).unwrap();
    for path in paths() {
        let mut y = vec![f32::NAN; batch * output];
        kernels::forward(
            path,
            &x,
            batch,
            &Weights::Dense {
                w: &w,
                input,
                output,
            },
            &mut y,
        )
        .unwrap();
        assert!(rel_err(&y, &y64) < 1e-5, "{}", path.name());
    }
}

#[test]
fn bad_shapes_are_typed_errors() {
    let layout = Layout::new(config(0, 2.0, true, true, 0), &[(8, 4)]).unwrap();
    let memory = vec![0.0; layout.memory_len()];
    let w = Weights::Hashed {
        layout: &layout,
        memory: &memory,
        layer: 0,
    };
    let mut y = vec![0.0; 8];
    let err = kernels::forward(Path::Scalar, &[0.0; 15], 2, &w, &mut y).unwrap_err();
    assert!(matches!(err, rps::Error::ShapeMismatch { .. }), "{err}");
    let short = vec![0.0; layout.memory_len() - 1];
    let w = Weights::Hashed {
        layout: &layout,
        memory: &short,
        layer: 0,
    };
    assert!(matches!(
        kernels::forward(Path::Scalar, &[0.0; 16], 2, &w, &mut y),
        Err(rps::Error::ShapeMismatch { .. })
    ));
    let w = Weights::Hashed {
        layout: &layout,
        memory: &memory,
        layer: 1,
    };
    assert!(matches!(
        kernels::forward(Path::Scalar, &[0.0; 16], 2, &w, &mut y),
        Err(rps::Error::ShapeMismatch { .. })
    ));
    let mut g = vec![0.0; layout.memory_len()];
    assert!(matches!(
        kernels::reduce_grad(Path::Scalar, &layout, 0, &[0.0; 32], &mut g, 0),
        Err(rps::Error::InvalidParameter { .. })
    ));
}
