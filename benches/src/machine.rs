//! The machine receipt: what ran the benchmarks, recorded in every row and every report.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use serde::{Deserialize, Serialize};

/// What a result depends on besides the code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Machine {
    /// CPU model name from `/proc/cpuinfo`.
    pub cpu: String,
    /// The CPU's family, model and stepping from `/proc/cpuinfo` ("25/17/1"): the brand
    /// string alone does not tell two generations of one product line apart.
    #[serde(default)]
    pub cpu_id: String,
    /// Logical CPUs available to this process.
    pub cores: usize,
    /// Kernel and architecture.
    pub os: String,
    /// `rustc -V` of the compiler that built the suite.
    pub rustc: String,
    /// The optimisation settings the suite was built with.
    pub cargo_profile: String,
    /// RUSTFLAGS at build time.
    pub rustflags: String,
    /// Relevant CPU features detected at run time.
    pub cpu_features: Vec<String>,
    /// Family-reported facts, such as the SIMD path a dispatcher chose (`family: key`).
    pub paths: BTreeMap<String, String>,
}

impl Machine {
    /// Reads this machine's receipt.
    pub fn detect() -> Machine {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu = cpuinfo
            .lines()
            .find(|l| l.starts_with("model name"))
            .and_then(|l| l.split(':').nth(1))
            .map_or_else(|| "unknown".into(), |s| s.trim().to_string());
        let field = |name: &str| {
            cpuinfo
                .lines()
                .find(|l| l.split(':').next().is_some_and(|k| k.trim() == name))
                .and_then(|l| l.split(':').nth(1))
                .map_or_else(|| "?".to_string(), |s| s.trim().to_string())
        };
        let cpu_id = format!(
            "family {} model {} stepping {}",
            field("cpu family"),
            field("model"),
            field("stepping")
        );
        let release = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
        Machine {
            cpu,
            cpu_id,
            cores: std::thread::available_parallelism().map_or(1, usize::from),
            os: format!(
                "{} {} {}",
                std::env::consts::OS,
                release.trim(),
                std::env::consts::ARCH
            ),
            rustc: env!("SUITE_RUSTC_VERSION").into(),
            cargo_profile: env!("SUITE_PROFILE").into(),
            rustflags: env!("SUITE_RUSTFLAGS").into(),
            cpu_features: cpu_features(),
            paths: BTreeMap::new(),
        }
    }

    /// One line for report headers.
    pub fn summary(&self) -> String {
        format!(
            "{}{} ({} logical CPUs), {}, {}, {}{}",
            self.cpu,
            if self.cpu_id.is_empty() {
                String::new()
            } else {
                format!(" [{}]", self.cpu_id)
            },
            self.cores,
            self.os,
            self.rustc,
            self.cargo_profile,
            if self.rustflags.is_empty() {
                String::new()
            } else {
                format!(", RUSTFLAGS=`{}`", self.rustflags)
            }
        )
    }
}

#[cfg(target_arch = "x86_64")]
fn cpu_features() -> Vec<String> {
    let mut f = Vec::new();
    macro_rules! probe {
        ($($name:tt),*) => {$(
            if std::is_x86_feature_detected!($name) { f.push($name.to_string()); }
        )*};
    }
    probe!(
        "popcnt",
        "avx",
        "avx2",
        "fma",
        "bmi2",
        "avx512f",
        "avx512bw",
        "avx512vpopcntdq"
    );
    f
}

#[cfg(not(target_arch = "x86_64"))]
fn cpu_features() -> Vec<String> {
    Vec::new()
}

/// `git rev-parse HEAD` in `repo`, or `unknown`.
pub fn git_commit(repo: &Path) -> String {
    git(repo, &["rev-parse", "HEAD"]).unwrap_or_else(|| "unknown".into())
}

/// Whether `repo` has uncommitted changes outside `reports/` (which the suite itself writes).
pub fn git_dirty(repo: &Path) -> bool {
    git(
        repo,
        &["status", "--porcelain", "--", ".", ":(exclude)reports"],
    )
    .is_none_or(|s| !s.is_empty())
}

fn git(repo: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(args)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The current UTC time as RFC 3339 (`2026-01-31T12:00:00Z`).
pub fn utc_now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Howard Hinnant's civil-from-days.
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn utc_format_shape() {
        let now = super::utc_now();
        assert_eq!(now.len(), 20, "{now}");
        assert!(now.starts_with("20") && now.ends_with('Z'));
    }
}
