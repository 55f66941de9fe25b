//! The registered families. Adding a family: write its adapter module and add it to [`all`].

pub mod facility;
pub mod hamming;
pub mod matching;

use crate::family::Family;

/// Every family the suite runs, in report order.
pub fn all() -> Vec<&'static dyn Family> {
    vec![&hamming::Hamming, &facility::Facility, &matching::Matching]
}
