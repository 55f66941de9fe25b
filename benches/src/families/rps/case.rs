//! The RPS case: a prepared benchmark is a kernel timing ([`super::kernel_timing`]), a
//! training study ([`super::training_study`]) or the linear-model check ([`super::theory`]).

use super::kernel_timing::Kernel;
use super::training_study::{Study, check_study};
use crate::family::{Case, DatasetInfo, Output, RunError};

/// A prepared RPS case.
pub enum Work {
    /// Kernel timing.
    Kernel(Box<Kernel>),
    /// Training study.
    Study(Box<Study>),
    /// The linear-model check (RPS against magnitude pruning at equal memory).
    Theory(Box<super::theory::Theory>),
    /// The input exists but could not be loaded (a checksum mismatch, a malformed file):
    /// every implementation fails with this message.
    Unavailable(String),
}

/// The case.
pub struct RpsCase {
    /// The work.
    pub work: Work,
    /// Its identity.
    pub info: DatasetInfo,
}

impl Case for RpsCase {
    fn dataset(&self) -> &DatasetInfo {
        &self.info
    }

    fn work(&self) -> Option<(f64, &'static str)> {
        match &self.work {
            Work::Kernel(k) => {
                let (b, i, o) = k.shape;
                let f = 2.0 * (b * i * o) as f64 * if k.step { 3.0 } else { 1.0 };
                Some((f, "flop"))
            }
            Work::Study(_) | Work::Theory(_) | Work::Unavailable(_) => None,
        }
    }

    fn run(&mut self, implementation: &str) -> Result<Box<dyn Output>, RunError> {
        match &mut self.work {
            Work::Kernel(k) => Ok(Box::new(k.run(implementation)?)),
            Work::Study(s) => Ok(Box::new(s.run(implementation)?)),
            Work::Theory(t) => Ok(Box::new(t.run(implementation)?)),
            Work::Unavailable(why) => Err(RunError::Fail(why.clone())),
        }
    }

    fn check(
        &self,
        implementation: &str,
        output: &dyn Output,
        expected: &str,
    ) -> Result<(), String> {
        // `expected` may list answers per implementation:
        // "stable-rps=trained>=0.8;roast=trained>=0.2|diverged".
        let want = expected
            .split(';')
            .find_map(|p| p.strip_prefix(&format!("{implementation}=")))
            .unwrap_or(expected);
        match &self.work {
            Work::Study(_) => check_study(output, want),
            _ => {
                let got = output.answer();
                if got == want {
                    Ok(())
                } else {
                    Err(format!("expected `{want}`, got `{got}`"))
                }
            }
        }
    }
}
