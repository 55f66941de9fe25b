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
}
