//! `--name value` flags for the families' command-line runners.

use std::collections::BTreeMap;
use std::str::FromStr;

/// Parsed flags.
#[derive(Debug, Default)]
pub struct Flags {
    values: BTreeMap<String, String>,
    /// Whether `--help` or `-h` was given.
    pub help: bool,
}

/// Parses `--name value` pairs, accepting only the names in `known` (each with its `--`).
///
/// # Errors
/// An unknown flag, a flag without its value, or a flag given twice; each message ends with
/// `usage`.
pub fn parse(args: &[String], known: &[&str], usage: &str) -> Result<Flags, String> {
    let mut flags = Flags::default();
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        if flag == "--help" || flag == "-h" {
            flags.help = true;
        } else if known.contains(&flag.as_str()) {
            let value = it
                .next()
                .ok_or_else(|| format!("{flag} needs a value\n{usage}"))?;
            if flags.values.insert(flag.clone(), value.clone()).is_some() {
                return Err(format!("{flag} is given twice\n{usage}"));
            }
        } else {
            return Err(format!("unknown argument `{flag}`\n{usage}"));
        }
    }
    Ok(flags)
}

impl Flags {
    /// The value of `name`, if given.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    /// The value of `name` parsed as a `T`, if given.
    ///
    /// # Errors
    /// A message naming the flag and the value when it does not parse.
    pub fn number<T: FromStr>(&self, name: &str) -> Result<Option<T>, String> {
        self.get(name)
            .map(|v| {
                v.parse()
                    .map_err(|_| format!("{name}: `{v}` is not a valid number"))
            })
            .transpose()
    }
}

impl Flags {
    /// A boolean flag's value: exactly `true` or `false` (absent: `default`). Anything else
    /// (`TRUE`, `on`, `1`) is refused rather than read as false.
    ///
    /// # Errors
    /// A message naming the flag and the value.
    pub fn boolean(&self, name: &str, default: bool) -> Result<bool, String> {
        match self.get(name) {
            None => Ok(default),
            Some("true") => Ok(true),
            Some("false") => Ok(false),
            Some(v) => Err(format!("{name}: `{v}` is not `true` or `false`")),
        }
    }

    /// A number flag checked against an inclusive range, so that limits are stated where they
    /// are enforced.
    ///
    /// # Errors
    /// A message naming the flag, the value and the range.
    pub fn number_in<T>(&self, name: &str, lo: T, hi: T) -> Result<Option<T>, String>
    where
        T: FromStr + PartialOrd + std::fmt::Display + Copy,
    {
        match self.number::<T>(name)? {
            Some(v) if !(lo <= v && v <= hi) => Err(format!(
                "{name}: {v} is outside the supported range {lo} ..= {hi}"
            )),
            other => Ok(other),
        }
    }
}

/// Writes to standard output, ending the process quietly (exit 0) when the reader has gone
/// away (a closed pipe, as in `cargo suite ppr … | head -1`) instead of panicking.
pub fn print_out(text: &str) {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error writing to standard output: {e}");
        std::process::exit(1);
    }
}

/// `println!` that exits quietly on a closed pipe: see [`print_out`].
#[macro_export]
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::args::print_out(&format!("{}\n", format_args!($($arg)*)))
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn flags_values_and_errors() {
        let f = parse(&args(&["--a", "1", "--b", "x"]), &["--a", "--b"], "U").unwrap();
        assert_eq!(
            (f.get("--a"), f.get("--b"), f.help),
            (Some("1"), Some("x"), false)
        );
        assert_eq!(f.number::<u32>("--a").unwrap(), Some(1));
        assert!(f.number::<u32>("--b").unwrap_err().contains("`x`"));
        assert!(
            parse(&args(&["--c", "1"]), &["--a"], "U")
                .unwrap_err()
                .contains("`--c`")
        );
        assert!(
            parse(&args(&["--a"]), &["--a"], "U")
                .unwrap_err()
                .contains("needs a value")
        );
        assert!(
            parse(&args(&["--a", "1", "--a", "2"]), &["--a"], "U")
                .unwrap_err()
                .contains("twice")
        );
        assert!(parse(&args(&["-h"]), &[], "U").unwrap().help);
    }

    #[test]
    fn booleans_are_strict_and_ranges_are_named() {
        let f = parse(
            &args(&["--u", "TRUE", "--v", "true", "--n", "7"]),
            &["--u", "--v", "--n"],
            "U",
        )
        .unwrap();
        assert!(f.boolean("--u", false).unwrap_err().contains("`TRUE`"));
        assert!(f.boolean("--v", false).unwrap());
        assert!(!f.boolean("--absent", false).unwrap());
        assert_eq!(f.number_in::<u32>("--n", 1, 10).unwrap(), Some(7));
        let e = f.number_in::<u32>("--n", 1, 5).unwrap_err();
        assert!(e.contains("1 ..= 5"), "{e}");
    }
}
