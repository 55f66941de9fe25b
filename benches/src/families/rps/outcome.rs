//! The outcome of a study or theory row: an answer, quality figures, notes and the time the
//! run measured itself (one sample; study rows are never ranked by time).

use std::collections::BTreeMap;

use crate::family::Output;

/// One study or theory run's outcome.
pub struct Outcome {
    pub(super) answer: String,
    pub(super) quality: BTreeMap<String, f64>,
    pub(super) notes: BTreeMap<String, String>,
    /// The run's own time: for training studies, the sum of the runs' single-threaded wall
    /// times.
    pub(super) ns: f64,
}

impl Output for Outcome {
    fn answer(&self) -> String {
        self.answer.clone()
    }
    fn quality(&self) -> BTreeMap<String, f64> {
        self.quality.clone()
    }
    fn notes(&self) -> BTreeMap<String, String> {
        self.notes.clone()
    }
    fn self_timed_ns(&self) -> Option<f64> {
        Some(self.ns)
    }
}
