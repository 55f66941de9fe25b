//! The bounds that hold on every input, as property tests with fixed seeds: Σw = rank;
//! s_i ≤ max(1, r^{p/2−1})·w_i (Lewis weights bound sensitivities, Cohen & Peng 2015); for
//! p < 2, s_i ≤ τ_i^{p/2} (Cauchy–Schwarz and ‖·‖₂ ≤ ‖·‖_p) and w_i ≤ r^{1−p/2}·s_i (Chen &
//! Derezinski 2021); 𝔖 ≤ r for p ≤ 2 and 𝔖 ≤ r^{p/2} for p > 2 (Woodruff & Yasuda 2023). Plus
//! the sup property of exact sensitivities against random directions.

mod common;

use sensitivity_sampling::{
    LewisOptions, LpBackend, RowSpace, leverage_scores, lewis_weights, sensitivities,
};

const PS: [f64; 5] = [1.0, 1.5, 2.0, 3.0, 4.0];

#[test]
fn bounds_hold_on_random_matrices() {
    common::runner("bounds", 24)
        .run(&common::matrix(14, 4), |rows| {
            let a = common::to_mat(&rows);
            let Ok(rs) = RowSpace::new(a.as_ref()) else {
                return Ok(());
            }; // all-zero draws
            let u = rs.basis.as_ref();
            let r = rs.rank as f64;
            let tau = leverage_scores(u).unwrap();
            for p in PS {
                let w = lewis_weights(u, p, &LewisOptions::default())
                    .unwrap()
                    .weights;
                let s = sensitivities(u, p, LpBackend::Clarabel).unwrap();
                let total_w: f64 = w.iter().sum();
                assert!((total_w - r).abs() < 1e-7, "Σw = {total_w}, rank {r}");
                let tol = 1e-6;
                let lift = r.powf((p / 2.0 - 1.0).max(0.0));
                for i in 0..rows.len() {
                    let si = s.scores[i];
                    assert!((-tol..=1.0 + tol).contains(&si), "s_{i} = {si}");
                    assert!(
                        si <= lift * w[i] + tol,
                        "p={p}: s_{i} = {si} > {lift}·w = {}",
                        w[i]
                    );
                    if p < 2.0 {
                        assert!(si <= tau[i].powf(p / 2.0) + tol, "p={p}: s_{i} > τ^(p/2)");
                        let cd = r.powf(1.0 - p / 2.0);
                        assert!(
                            w[i] <= cd * si + tol,
                            "p={p}: w_{i} = {} > {cd}·s = {si}",
                            w[i]
                        );
                    }
                }
                let bound = if p <= 2.0 { r } else { r.powf(p / 2.0) };
                assert!(s.total <= bound + 1e-5, "p={p}: 𝔖 = {} > {bound}", s.total);
            }
            Ok(())
        })
        .unwrap();
}

/// Every s_i is a supremum: no direction may beat it, and its maximiser attains it.
#[test]
fn sensitivities_dominate_random_directions_and_maximisers_attain_them() {
    let dirs = common::gaussian_vectors(300, 4, 11);
    for (seed, p) in [(1u64, 1.0), (2, 1.5), (3, 3.0), (4, 6.0)] {
        let a = sensitivity_sampling::synthetic::student_t(30, 4, 2, seed);
        let s = sensitivities(a.as_ref(), p, LpBackend::Clarabel).unwrap();
        for i in 0..30 {
            let best = dirs
                .iter()
                .map(|x| common::row_share(a.as_ref(), i, x, p))
                .fold(0.0, f64::max);
            assert!(
                best <= s.scores[i] * (1.0 + 1e-6) + 1e-9,
                "p={p} row {i}: {best} > {}",
                s.scores[i]
            );
            let attained = common::row_share(a.as_ref(), i, &s.maximisers[i], p);
            assert!(
                (attained - s.scores[i]).abs() < 1e-6 * s.scores[i].max(1e-3),
                "p={p} row {i}"
            );
            let norm = common::norm_pp(a.as_ref(), &s.maximisers[i], p);
            assert!((norm - 1.0).abs() < 1e-6);
        }
    }
}

#[test]
fn lp_backends_agree() {
    common::runner("backends", 16)
        .run(&common::matrix(12, 3), |rows| {
            let a = common::to_mat(&rows);
            let Ok(rs) = RowSpace::new(a.as_ref()) else {
                return Ok(());
            };
            let c = sensitivities(rs.basis.as_ref(), 1.0, LpBackend::Clarabel).unwrap();
            let m = sensitivities(rs.basis.as_ref(), 1.0, LpBackend::Microlp).unwrap();
            for (x, y) in c.scores.iter().zip(&m.scores) {
                assert!((x - y).abs() < 1e-6, "{x} vs {y}");
            }
            Ok(())
        })
        .unwrap();
}
