//! The CSV matrix parser: one test per defect found by probing the `sensitivity` command,
//! and a structure-aware fuzz test (fixed seed, bounded cases): no panic, only finite
//! entries, and a matrix never larger than the text it came from.

mod common;

use proptest::prelude::*;
use sensitivity_sampling::{Error, parse_csv};

#[test]
fn one_column_csv_with_a_malformed_first_value_is_an_error_not_a_header() {
    let e = parse_csv("1.5.2\n3\n4\n").unwrap_err();
    assert_eq!(
        e,
        Error::Csv {
            line: 1,
            column: 1,
            message: "`1.5.2` is not a finite number".into()
        }
    );
    // A real header is still skipped.
    let a = parse_csv("height\n3\n4\n").unwrap();
    assert_eq!((a.nrows(), a.ncols()), (2, 1));
}

#[test]
fn a_byte_order_mark_is_skipped_and_never_shown_in_errors() {
    let a = parse_csv("\u{feff}x,y\n1,2\n").unwrap();
    assert_eq!((a.nrows(), a.ncols()), (1, 2));
    let a = parse_csv("\u{feff}1,2\n3,4\n").unwrap();
    assert_eq!(a[(0, 0)], 1.0);
    let e = parse_csv("1,2\n3,\u{200b}4\n").unwrap_err().to_string();
    assert!(e.contains("\\u{200b}"), "{e}");
    assert!(!e.contains('\u{200b}'), "{e}");
}

/// One field: a number in any spelling, a name, garbage, or empty.
fn field() -> impl Strategy<Value = String> {
    prop_oneof![
        (-1e6f64..1e6).prop_map(|v| v.to_string()),
        any::<f64>().prop_map(|v| format!("{v:e}")),
        Just("1e400".to_string()),
        Just("4.9e-324".to_string()),
        Just("nan".to_string()),
        Just("-inf".to_string()),
        "[a-z_]{1,6}",
        "[0-9.eE+-]{1,8}",
        Just(String::new()),
        Just("\u{feff}".to_string()),
        Just(" 2 ".to_string()),
        "\\PC{0,4}",
    ]
}

/// A line: fields joined by commas, or a comment or a blank line.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => proptest::collection::vec(field(), 1..6).prop_map(|f| f.join(",")),
        1 => Just("# comment".to_string()),
        1 => Just(String::new()),
    ]
}

#[test]
fn fuzz_csv_never_panics_and_stays_within_the_text() {
    let strategy = (
        proptest::bool::ANY,
        proptest::collection::vec(line(), 0..40),
        prop_oneof![Just("\n"), Just("\r\n")],
    );
    common::runner("fuzz_csv", 512)
        .run(&strategy, |(bom, lines, newline)| {
            let mut text = if bom {
                "\u{feff}".to_string()
            } else {
                String::new()
            };
            text.push_str(&lines.join(newline));
            match parse_csv(&text) {
                Ok(a) => {
                    // Every entry came from at least one byte of a field and its separator.
                    prop_assert!(a.nrows() * a.ncols() * 2 <= text.len() + 1);
                    for i in 0..a.nrows() {
                        for j in 0..a.ncols() {
                            prop_assert!(a[(i, j)].is_finite());
                        }
                    }
                }
                Err(e) => {
                    let message = e.to_string();
                    prop_assert!(!message.is_empty());
                    let bom_shown = message.contains('\u{feff}');
                    prop_assert!(!bom_shown, "a BOM in {:?}", message);
                }
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn fuzz_well_formed_matrices_round_trip_exactly() {
    let strategy = (1usize..5).prop_flat_map(|d| {
        proptest::collection::vec(
            proptest::collection::vec(any::<f64>().prop_filter("finite", |v| v.is_finite()), d),
            1..20,
        )
    });
    common::runner("fuzz_csv_round_trip", 256)
        .run(&strategy, |rows| {
            let text: String = rows
                .iter()
                .map(|r| {
                    let f: Vec<String> = r.iter().map(|v| format!("{v:e}")).collect();
                    f.join(",") + "\n"
                })
                .collect();
            let a = parse_csv(&text).unwrap();
            prop_assert_eq!((a.nrows(), a.ncols()), (rows.len(), rows[0].len()));
            for (i, r) in rows.iter().enumerate() {
                for (j, v) in r.iter().enumerate() {
                    prop_assert_eq!(a[(i, j)].to_bits(), v.to_bits());
                }
            }
            Ok(())
        })
        .unwrap();
}
