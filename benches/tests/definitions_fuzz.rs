//! Structure-aware fuzzing of the definitions parser: definitions files built from the real
//! keys with hostile values, then truncated or corrupted at random. Every input must give a
//! parsed file or an error naming the file — never a panic — and a parsed file must either be
//! accepted by the suite or rejected with a message.

use std::path::Path;

mod common;

use proptest::prelude::*;
use suite::definitions::parse;
use suite::runner::Suite;

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<i64>().prop_map(|v| v.to_string()),
        any::<f64>().prop_map(|v| format!("{v:?}").replace("inf", "1e999")),
        "[a-z\\-/ \\u{feff}\\u{0}\"'\\\\]{0,12}".prop_map(|s| format!("{s:?}")),
        Just("{ tiny = 1, quick = 2, full = 3 }".to_string()),
        Just("{ tiny = \"a\", huge = 2 }".to_string()),
        Just("[]".to_string()),
        Just("[\"naive\", \"naive\"]".to_string()),
        Just("[{ metric = \"l1\", at_most = 1e-3, at_least = 1 }]".to_string()),
        Just("\"race\"".to_string()),
        Just("\"frontier\"".to_string()),
        Just("\"study\"".to_string()),
    ]
}

fn key() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "name", "group", "dataset", "impls", "expected", "params", "model", "threads", "kind",
        "levels", "family", "analysis", "plot_x", "bogus",
    ])
}

fn table() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["[[bench]]", "[[group]]", "[bench.params]", "[x]", ""]),
        prop::collection::vec((key(), value()), 0..6),
    )
        .prop_map(|(header, pairs)| {
            let mut t = format!("{header}\n");
            for (k, v) in pairs {
                t.push_str(&format!("{k} = {v}\n"));
            }
            t
        })
}

/// A valid file with some of its values replaced by hostile ones.
fn mutated_valid() -> impl Strategy<Value = String> {
    let fields = [
        ("GROUP_KIND", "\"race\""),
        ("BENCH_NAME", "\"dna/x\""),
        ("BENCH_GROUP", "\"dna\""),
        ("IMPLS", "[\"naive\"]"),
        ("PARAM", "{ tiny = 64, quick = 128 }"),
        ("THREADS", "1"),
    ];
    (
        prop::collection::vec(any::<bool>(), fields.len()),
        prop::collection::vec(value(), fields.len()),
        prop::sample::select(vec!["hamming", "ppr", "nope"]),
    )
        .prop_map(move |(replace, values, family)| {
            let mut text = format!(
                "family = \"{family}\"\n[[group]]\nname = \"dna\"\nkind = GROUP_KIND\n\
                 [[bench]]\nname = BENCH_NAME\ngroup = BENCH_GROUP\ndataset = \"dna\"\n\
                 impls = IMPLS\nthreads = THREADS\nparams = {{ n = PARAM }}\n\
                 expected = {{ tiny = \"x\" }}\n"
            );
            for (i, (slot, good)) in fields.iter().enumerate() {
                let v = if replace[i] { values[i].as_str() } else { good };
                text = text.replace(slot, v);
            }
            text
        })
}

fn document() -> impl Strategy<Value = String> {
    prop_oneof![mutated_valid(), built()]
}

fn built() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["hamming", "ppr", "nope", ""]),
        prop::collection::vec(table(), 0..6),
        any::<prop::sample::Index>(),
        prop::collection::vec(any::<u8>(), 0..4),
        0..3u8,
    )
        .prop_map(|(family, tables, cut, junk, mode)| {
            let mut text = format!("family = {family:?}\n{}", tables.concat());
            match mode {
                // Truncated at a random character boundary.
                1 if !text.is_empty() => {
                    let mut at = cut.index(text.len());
                    while !text.is_char_boundary(at) {
                        at -= 1;
                    }
                    text.truncate(at);
                }
                // Random bytes spliced in (kept valid UTF-8, as read_to_string demands).
                2 => text.push_str(&String::from_utf8_lossy(&junk)),
                _ => {}
            }
            text
        })
}

#[test]
fn hostile_definitions_give_errors_not_panics() {
    let mut runner = common::runner("definitions", 400);
    let parsed = std::cell::Cell::new(0usize);
    runner
        .run(&document(), |text| {
            match parse(&text, Path::new("fuzz.toml")) {
                Ok(file) => {
                    parsed.set(parsed.get() + 1);
                    // Accepted or refused by the suite, with a message either way.
                    if let Err(e) = Suite::from_definitions(vec![file]) {
                        prop_assert!(!e.is_empty());
                    }
                }
                Err(e) => prop_assert!(e.starts_with("fuzz.toml"), "{e}"),
            }
            Ok(())
        })
        .unwrap();
    // The generator must reach the checks after parsing, not only the TOML parser's errors.
    assert!(parsed.get() > 0, "no generated document parsed");
}

#[test]
fn the_real_definitions_survive_truncation_at_every_line() {
    let dir = suite::definitions::definitions_dir();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let ends: Vec<usize> = text.match_indices('\n').map(|(i, _)| i).collect();
        // Every 7th line end keeps the test fast on the long files.
        for &end in ends.iter().step_by(7) {
            let _ = parse(&text[..end], &path);
        }
    }
}
