//! Prints a generated instance as JSON, for offline oracles (the suite's
//! `benches/definitions/oracles/stochastic_matching_lp.py`):
//! `dump_instance random-arrivals N T DEGREE P_LO P_HI SEED` (the suite's `random-arrivals`
//! dataset) or `dump_instance upper-triangular N M`.
use stochastic_matching::generators::{Probabilities, random_regular_arrivals, upper_triangular};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let num = |i: usize| -> Result<f64, Box<dyn std::error::Error>> {
        Ok(a.get(i).ok_or("missing argument")?.parse::<f64>()?)
    };
    let inst = match a.first().map(String::as_str) {
        Some("random-arrivals") => {
            let (lo, hi) = (num(4)?, num(5)?);
            let p = if lo == hi {
                Probabilities::Equal(lo)
            } else {
                Probabilities::Uniform(lo, hi)
            };
            let (n, t, d, seed) = (num(1)?, num(2)?, num(3)?, num(6)?);
            random_regular_arrivals(n as usize, t as usize, d as usize, p, seed as u64)?
        }
        Some("upper-triangular") => upper_triangular(num(1)? as usize, num(2)? as usize)?,
        _ => return Err(
            "usage: dump_instance random-arrivals N T DEGREE P_LO P_HI SEED | upper-triangular N M"
                .into(),
        ),
    };
    println!("{}", inst.to_json());
    Ok(())
}
