//! The phantom-vector search (a research-style extension of the paper's approximation results): the phantom search rediscovers the endpoint-phantom
//! bound n(n-1)/(n²-2n+2) under IFS, and finds Uniform Phantom alone under UFS.
mod common;

use common::*;
use facility_location::grid::ProfileSet;
use facility_location::mechanism::named;
use facility_location::phantom_search::search_phantoms;
use facility_location::ratios::{ApproxRatio, worst_case};
use facility_location::{Axiom, Mechanism, PhantomMechanism};

#[test]
fn ifs_search_rediscovers_the_endpoint_phantom_bound() {
    for n in 2..=6usize {
        let set = ProfileSet::clustered(2 * n as u64, 3);
        let r = search_phantoms(n, n as u64, Some(Axiom::Ifs), &set).unwrap();
        assert_eq!(r.sw, ApproxRatio::Finite(ep_sw(n as i64)), "n={n}");
        assert!(r.optimal >= 1 && r.feasible >= r.optimal && r.candidates >= r.feasible);
        // The vector found really is IFS and attains the value (rechecked independently).
        let m = Mechanism::Phantom(PhantomMechanism::for_n(n, r.phantoms.clone()).unwrap());
        let c = facility_location::certify(&m, n, &set).unwrap();
        assert!(c.holds(Axiom::Ifs) && c.sp.is_certified(), "{c}");
        assert_eq!(worst_case(&m, n, &set).unwrap().sw.value, r.sw);
        // Its smallest phantom is at least 1/n and its largest at most 1 - 1/n.
        assert!(
            r.phantoms
                .iter()
                .all(|p| *p >= q(1, n as i64) && *p <= q(n as i64 - 1, n as i64))
        );
    }
}

#[test]
fn ufs_search_finds_only_uniform_phantom() {
    for n in 2..=5usize {
        let set = ProfileSet::clustered(2 * n as u64, 2);
        let r = search_phantoms(n, 2 * n as u64, Some(Axiom::Ufs), &set).unwrap();
        assert_eq!(r.feasible, 1, "n={n}");
        assert_eq!(r.phantoms, named::uniform_phantom(n).unwrap());
        assert_eq!(r.sw, ApproxRatio::Finite(up_sw(n as i64)));
    }
}

#[test]
fn unconstrained_search_finds_the_median() {
    let r = search_phantoms(4, 4, None, &ProfileSet::clustered(8, 3)).unwrap();
    assert_eq!(r.sw, ApproxRatio::Finite(int(1)));
    assert_eq!(r.phantoms, named::median(4).unwrap());
}
