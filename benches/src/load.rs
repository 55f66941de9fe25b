//! How busy the machine was while a benchmark ran: the 1-minute load average and the CPU
//! frequency at its start and end, recorded in every raw row. A run made while other work
//! loads the machine is noise, even as ratios, so pages whose rows ran loaded say so at the
//! top, and `cargo suite` warns before it starts.

use serde::{Deserialize, Serialize};

/// The load at the start and the end of one benchmark.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LoadReading {
    /// 1-minute load average when the benchmark started.
    pub start_1m: f64,
    /// 1-minute load average when it ended.
    pub end_1m: f64,
    /// Mean current CPU frequency (MHz) at the start, where readable.
    #[serde(default)]
    pub start_mhz: Option<f64>,
    /// Mean current CPU frequency (MHz) at the end, where readable.
    #[serde(default)]
    pub end_mhz: Option<f64>,
}

impl LoadReading {
    /// The larger of the two load averages.
    pub fn peak(&self) -> f64 {
        self.start_1m.max(self.end_1m)
    }
}

/// Whether a 1-minute load average means the machine was busy: above half its logical CPUs,
/// and above 1.5 in any case. The suite's own benchmark thread keeps the load near 1 on a
/// quiet machine, so on 2 cores "half the cores" alone would flag every run; 1.5 leaves the
/// suite its own thread and flags anything that adds more than half a core of other work
/// (a competing build or benchmark pushes the load to 2 and beyond).
pub fn busy(load_1m: f64, cores: usize) -> bool {
    load_1m > (cores as f64 / 2.0).max(1.5)
}

/// The 1-minute load average from `/proc/loadavg`, where readable.
pub fn load_1m() -> Option<f64> {
    parse_loadavg(&std::fs::read_to_string("/proc/loadavg").ok()?)
}

/// Parses the first field of `/proc/loadavg`.
pub fn parse_loadavg(text: &str) -> Option<f64> {
    text.split_whitespace().next()?.parse().ok()
}

/// The mean `cpu MHz` over the CPUs listed in `/proc/cpuinfo`, where readable.
pub fn cpu_mhz() -> Option<f64> {
    parse_mhz(&std::fs::read_to_string("/proc/cpuinfo").ok()?)
}

/// Parses the `cpu MHz` lines of `/proc/cpuinfo` and averages them.
pub fn parse_mhz(cpuinfo: &str) -> Option<f64> {
    let v: Vec<f64> = cpuinfo
        .lines()
        .filter(|l| l.starts_with("cpu MHz"))
        .filter_map(|l| l.split(':').nth(1)?.trim().parse().ok())
        .collect();
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

/// A reading in progress: the start is taken now, the end by [`Started::finish`].
#[derive(Debug, Clone, Copy)]
pub struct Started {
    load: Option<f64>,
    mhz: Option<f64>,
}

/// Takes the start of a reading.
pub fn start() -> Started {
    Started {
        load: load_1m(),
        mhz: cpu_mhz(),
    }
}

impl Started {
    /// Takes the end; `None` when the load average is not readable here.
    pub fn finish(self) -> Option<LoadReading> {
        Some(LoadReading {
            start_1m: self.load?,
            end_1m: load_1m()?,
            start_mhz: self.mhz,
            end_mhz: cpu_mhz(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_proc_files() {
        assert_eq!(parse_loadavg("1.69 0.57 0.21 3/200 1234\n"), Some(1.69));
        assert_eq!(parse_loadavg(""), None);
        let info = "processor\t: 0\ncpu MHz\t\t: 3000.000\nprocessor\t: 1\ncpu MHz\t\t: 2000.0\n";
        assert_eq!(parse_mhz(info), Some(2500.0));
        assert_eq!(parse_mhz("model name : x\n"), None);
    }

    #[test]
    fn busy_means_above_half_the_cores_and_above_one_and_a_half() {
        // The suite alone on 2 cores: load about 1.
        assert!(!busy(1.09, 2));
        assert!(busy(1.6, 2));
        assert!(busy(2.0, 2));
        assert!(!busy(3.9, 8));
        assert!(busy(4.1, 8));
        assert!(!busy(1.4, 1));
    }
}
