//! Chooses the fastest exact method for an input, in the style of rustfft's planner.

use std::hash::Hash;

use crate::error::Error;
use crate::{fft, naive};

/// The exact algorithms the planner can choose from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Algorithm {
    /// [`naive::hamming_naive`].
    Naive,
    /// [`fft::hamming_fft`].
    Fft,
}

impl Algorithm {
    /// Every algorithm, in a fixed order.
    pub const ALL: &'static [Algorithm] = &[Algorithm::Naive, Algorithm::Fft];

    /// The algorithm's stable name, as used by the benchmark suite and the CLI.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Naive => "naive",
            Algorithm::Fft => "fft",
        }
    }

    /// Looks an algorithm up by [`Algorithm::name`].
    pub fn from_name(name: &str) -> Option<Algorithm> {
        Self::ALL.iter().copied().find(|a| a.name() == name)
    }

    /// Runs this algorithm.
    ///
    /// # Errors
    /// As the algorithm's own function.
    pub fn run<S: Copy + Eq + Hash>(self, t: &[S], p: &[S]) -> Result<Vec<u32>, Error> {
        match self {
            Algorithm::Naive => naive::hamming_naive(t, p),
            Algorithm::Fft => fft::hamming_fft(t, p),
        }
    }
}

/// Picks an [`Algorithm`] from the shape of the input.
#[derive(Debug, Clone, Default)]
pub struct Planner {}

impl Planner {
    /// A planner for this machine.
    pub fn new() -> Self {
        Planner {}
    }

    /// The algorithm this planner would run for a text of length `n`, a pattern of length
    /// `m` and `sigma` distinct pattern symbols.
    pub fn choose(&self, n: usize, m: usize, sigma: usize) -> Algorithm {
        let _ = n;
        // Naive costs about m cheap compares per shift; FFT about
        // (sigma/2 + 1)·2·N·log2(N)/(N - m + 1) ≈ (sigma + 2)·2·log2(4m) flops per shift.
        let fft_cost = (sigma as f64 + 2.0) * 2.0 * ((4 * m) as f64).log2() * 4.0;
        if (m as f64) < fft_cost { Algorithm::Naive } else { Algorithm::Fft }
    }

    /// Computes the distances with the chosen algorithm.
    ///
    /// # Errors
    /// As [`crate::hamming_all`].
    pub fn hamming_all<S: Copy + Eq + Hash>(&self, t: &[S], p: &[S]) -> Result<Vec<u32>, Error> {
        crate::error::check_lengths(t.len(), p.len())?;
        let sigma = crate::alphabet::Alphabet::of_pattern(p).0.len();
        self.choose(t.len(), p.len(), sigma).run(t, p)
    }
}
