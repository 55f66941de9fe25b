//! Number formatting for reports.

/// A duration in nanoseconds with a readable unit and three significant digits.
pub fn duration(ns: f64) -> String {
    let (value, unit) = if ns >= 1e9 {
        (ns / 1e9, "s")
    } else if ns >= 1e6 {
        (ns / 1e6, "ms")
    } else if ns >= 1e3 {
        (ns / 1e3, "µs")
    } else {
        (ns, "ns")
    };
    format!("{} {unit}", significant(value))
}

/// A rate `per_second` with an SI prefix, e.g. `1.23 G cells/s`.
pub fn rate(per_second: f64, unit: &str) -> String {
    let (value, prefix) = if per_second >= 1e9 {
        (per_second / 1e9, "G")
    } else if per_second >= 1e6 {
        (per_second / 1e6, "M")
    } else if per_second >= 1e3 {
        (per_second / 1e3, "k")
    } else {
        (per_second, "")
    };
    format!("{} {prefix}{unit}/s", significant(value))
}

/// Three significant digits, without exponent notation for everyday magnitudes.
pub fn significant(v: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return format!("{v}");
    }
    let digits = (2 - v.abs().log10().floor() as i32).clamp(0, 6) as usize;
    format!("{v:.digits$}")
}

/// A TOML parameter value as plain text.
pub fn param(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(duration(1_234_567.0), "1.23 ms");
        assert_eq!(duration(999.0), "999 ns");
        assert_eq!(duration(12_300.0), "12.3 µs");
        assert_eq!(rate(2.5e9, "cells"), "2.50 Gcells/s");
        assert_eq!(significant(0.01234), "0.0123");
    }
}
