//! Inputs for the Hamming family: generated or real texts, and patterns cut from them.

use datasets::digest::sha256_hex;
use datasets::real::{self, Encoding};
use datasets::sequences;

use crate::definitions::{Params, param_f64, param_u64};
use crate::family::{Context, DatasetInfo, PrepareError};

/// A text and a pattern over bytes or over `u32` symbols.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Symbols {
    /// Byte symbols (DNA, byte texts).
    Bytes {
        /// Text.
        t: Vec<u8>,
        /// Pattern.
        p: Vec<u8>,
    },
    /// `u32` symbols (large alphabets, Unicode code points).
    Words {
        /// Text.
        t: Vec<u32>,
        /// Pattern.
        p: Vec<u32>,
    },
}

impl Symbols {
    /// (n, m).
    pub fn lengths(&self) -> (usize, usize) {
        match self {
            Symbols::Bytes { t, p } => (t.len(), p.len()),
            Symbols::Words { t, p } => (t.len(), p.len()),
        }
    }

    /// SHA-256 of the text followed by the pattern, `u32` as little-endian bytes.
    pub fn sha256(&self) -> String {
        let mut bytes = Vec::new();
        match self {
            Symbols::Bytes { t, p } => {
                bytes.extend_from_slice(t);
                bytes.extend_from_slice(p);
            }
            Symbols::Words { t, p } => {
                for v in t.iter().chain(p) {
                    bytes.extend_from_slice(&v.to_le_bytes());
                }
            }
        }
        sha256_hex(&bytes)
    }
}

/// Builds the input a definition describes. `dataset` is a generator name (`dna`,
/// `uniform`, `zipf`, `periodic`, `periodic-noisy`, `middle-band`, `pow2-multiples`) or `real:<name>`.
///
/// # Errors
/// [`PrepareError::Skip`] when real data is not fetched; [`PrepareError::Invalid`] for bad
/// parameters.
pub fn build(
    dataset: &str,
    params: &Params,
    context: &Context,
) -> Result<(Symbols, DatasetInfo), PrepareError> {
    let m = param_u64(params, "m").map_err(PrepareError::invalid)? as usize;
    let seed = param_u64(params, "seed").map_err(PrepareError::invalid)?;
    let rate = param_f64(params, "mutation", 0.05).map_err(PrepareError::invalid)?;
    let n_param = || {
        param_u64(params, "n")
            .map(|v| v as usize)
            .map_err(PrepareError::invalid)
    };
    let (text, description) = match dataset {
        "dna" => {
            let n = n_param()?;
            let t = sequences::dna(n, seed);
            let p =
                sequences::pattern_from(&t, m, rate, seed + 1).map_err(PrepareError::invalid)?;
            let name = format!("dna(n={n},seed={seed})");
            return Ok(finish(Symbols::Bytes { t, p }, name, m, rate, seed));
        }
        "uniform" => {
            let (n, sigma) = (
                n_param()?,
                param_u64(params, "sigma").map_err(PrepareError::invalid)?,
            );
            let t = sequences::uniform_u32(n, sigma, seed).map_err(PrepareError::invalid)?;
            (t, format!("uniform(n={n},sigma={sigma},seed={seed})"))
        }
        "zipf" => {
            let (n, sigma) = (
                n_param()?,
                param_u64(params, "sigma").map_err(PrepareError::invalid)?,
            );
            let s = param_f64(params, "exponent", 1.0).map_err(PrepareError::invalid)?;
            let sigma32 = u32::try_from(sigma).map_err(PrepareError::invalid)?;
            let t = sequences::zipf_u32(n, sigma32, s, seed).map_err(PrepareError::invalid)?;
            (t, format!("zipf(n={n},sigma={sigma},s={s},seed={seed})"))
        }
        "periodic" => {
            let (n, sigma) = (
                n_param()?,
                param_u64(params, "sigma").map_err(PrepareError::invalid)?,
            );
            let period = param_u64(params, "period").map_err(PrepareError::invalid)? as usize;
            let t =
                sequences::periodic_u32(n, period, sigma, seed).map_err(PrepareError::invalid)?;
            (
                t,
                format!("periodic(n={n},period={period},sigma={sigma},seed={seed})"),
            )
        }
        "periodic-noisy" => {
            let (n, sigma) = (
                n_param()?,
                param_u64(params, "sigma").map_err(PrepareError::invalid)?,
            );
            let period = param_u64(params, "period").map_err(PrepareError::invalid)? as usize;
            let pattern_period =
                param_u64(params, "pattern_period").map_err(PrepareError::invalid)? as usize;
            let permille = param_u64(params, "noise_permille").map_err(PrepareError::invalid)?;
            let (t, p) = periodic_noisy(n, m, period, pattern_period, sigma, permille, seed)?;
            let name = format!(
                "periodic-noisy(n={n},period={period},pattern_period={pattern_period},\
                 sigma={sigma},noise={permille}/1000,seed={seed})"
            );
            return Ok(finish(Symbols::Words { t, p }, name, m, 0.0, seed));
        }
        "middle-band" => {
            // Pattern symbols each about √(m·log2 m) times: the geometric middle of the band
            // √m .. √m·log2 m where CJVX gains over Abrahamson; text uniform over them.
            let n = n_param()?;
            let lg = (m.max(2) as f64).log2();
            let f = ((m as f64) * lg).sqrt().round().max(1.0);
            let symbols = ((m as f64 / f).floor() as u64).max(1);
            let t = sequences::uniform_u32(n, symbols, seed).map_err(PrepareError::invalid)?;
            let p = sequences::uniform_u32(m, symbols, seed + 1).map_err(PrepareError::invalid)?;
            let name = format!("middle-band(n={n},symbols={symbols},seed={seed})");
            return Ok(finish(Symbols::Words { t, p }, name, m, 0.0, seed));
        }
        "pow2-multiples" => {
            let (n, sigma) = (
                n_param()?,
                param_u64(params, "sigma").map_err(PrepareError::invalid)?,
            );
            let shift = param_u64(params, "shift").map_err(PrepareError::invalid)? as u32;
            let t = sequences::multiples_of_power_of_two(n, sigma, shift, seed)
                .map_err(PrepareError::invalid)?;
            (
                t,
                format!("pow2-multiples(n={n},sigma={sigma},shift={shift},seed={seed})"),
            )
        }
        other => {
            let name = other
                .strip_prefix("real:")
                .ok_or_else(|| PrepareError::invalid(format!("unknown dataset `{other}`")))?;
            let ds = real::find(name).map_err(PrepareError::invalid)?;
            let bytes = real::load(ds, &context.data_cache).map_err(|e| match e {
                datasets::Error::Missing { .. } => PrepareError::Skip(e.to_string()),
                e => PrepareError::invalid(e),
            })?;
            let limit = params.get("n").map(|_| n_param()).transpose()?;
            let full = format!("{name}[sha256 {}]", &ds.sha256[..12]);
            match ds.encoding {
                Encoding::Fasta => {
                    let t = prefix(bytes, limit);
                    let p = sequences::pattern_from(&t, m, rate, seed + 1)
                        .map_err(PrepareError::invalid)?;
                    let label = format!("{full} first {} bp", t.len());
                    return Ok(finish(Symbols::Bytes { t, p }, label, m, rate, seed));
                }
                Encoding::GzipBytes => {
                    return Err(PrepareError::invalid(format!(
                        "`{name}` is binary data, not a text"
                    )));
                }
                Encoding::Utf8 | Encoding::GzipUtf8 => {
                    let text = String::from_utf8(bytes).map_err(PrepareError::invalid)?;
                    let t = prefix(text.chars().map(u32::from).collect(), limit);
                    let label = format!("{full} first {} code points", t.len());
                    (t, label)
                }
            }
        }
    };
    let p = sequences::pattern_from(&text, m, rate, seed + 1).map_err(PrepareError::invalid)?;
    Ok(finish(
        Symbols::Words { t: text, p },
        description,
        m,
        rate,
        seed,
    ))
}

/// The k-mismatch adversary: a text of period `period` over `sigma` symbols and a pattern of
/// period `pattern_period` (1 or 2) over the text's first symbols, each position of both
/// replaced by a uniform symbol with probability `permille`/1000. Every shift then has
/// about `m·permille/1000` (or, off period, many more) mismatches spread over the whole
/// window, and every piece of the pattern occurs all over the text, so neither early exit
/// nor the pigeonhole filter can skip work.
///
/// # Errors
/// [`PrepareError::Invalid`] for a period of 0, `pattern_period` not 1 or 2, `permille` above
/// 1000, or `m > n`.
pub fn periodic_noisy(
    n: usize,
    m: usize,
    period: usize,
    pattern_period: usize,
    sigma: u64,
    permille: u64,
    seed: u64,
) -> Result<(Vec<u32>, Vec<u32>), PrepareError> {
    if !(1..=2).contains(&pattern_period) || permille > 1000 || m == 0 || m > n {
        return Err(PrepareError::invalid(format!(
            "periodic-noisy needs pattern_period 1 or 2, noise_permille <= 1000 and \
             1 <= m <= n; got {pattern_period}, {permille}, m = {m}, n = {n}"
        )));
    }
    let base = sequences::periodic_u32(n, period, sigma, seed).map_err(PrepareError::invalid)?;
    let noisy = |len: usize, salt: u64, at: &dyn Fn(usize) -> u32| {
        let coin = sequences::uniform_u32(len, 1000, seed ^ salt).map_err(PrepareError::invalid)?;
        let other = sequences::uniform_u32(len, sigma, seed ^ (salt << 1))
            .map_err(PrepareError::invalid)?;
        Ok::<_, PrepareError>(
            (0..len)
                .map(|i| {
                    if u64::from(coin[i]) < permille {
                        other[i]
                    } else {
                        at(i)
                    }
                })
                .collect::<Vec<u32>>(),
        )
    };
    let t = noisy(n, 0x51, &|i| base[i])?;
    let p = noisy(m, 0xa3, &|j| base[j % pattern_period])?;
    Ok((t, p))
}

fn prefix<T>(mut v: Vec<T>, limit: Option<usize>) -> Vec<T> {
    if let Some(n) = limit {
        v.truncate(n);
    }
    v
}

fn finish(
    symbols: Symbols,
    text: String,
    m: usize,
    rate: f64,
    seed: u64,
) -> (Symbols, DatasetInfo) {
    let name = format!("{text} + pattern(m={m},mutation={rate},seed={})", seed + 1);
    let sha256 = symbols.sha256();
    (symbols, DatasetInfo { name, sha256 })
}
