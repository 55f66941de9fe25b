//! The registered families. Adding a family: write its adapter module and add it to [`all`].

pub mod facility;
pub mod hamming;
pub mod matching;
pub mod ppr;
pub mod ppr_distributed;
pub mod rps;
pub mod sensitivity;

use crate::family::Family;

/// Every family the suite runs, in report order.
pub fn all() -> Vec<&'static dyn Family> {
    vec![
        &hamming::Hamming,
        &sensitivity::Sensitivity,
        &ppr::Ppr,
        &matching::Matching,
        &facility::Facility,
        &rps::Rps,
    ]
}
