//! The study's data, loaded by the suite (the `rps` crate's trainer takes arrays and knows no
//! files): scikit-learn's digits from the committed sample, and Fashion-MNIST from the data
//! cache (IDX files from Debian's `dataset-fashion-mnist`), each checked against its SHA-256.
//!
//! A load error keeps its kind. Only a file that is absent is a reason to skip a benchmark
//! (the message names the command that fetches it); a file that is there but wrong (a
//! checksum mismatch, bad gzip, a malformed row) is a failure, never a skip.

use std::path::Path;

use rps::train::data::{Dataset, parse_digits};

/// Why the data could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataError {
    /// The file is not there: the benchmark is skipped, and the message says how to fetch it.
    Absent(String),
    /// The file is there but is not the recorded data (checksum, format): a failure.
    Broken(String),
}

impl std::fmt::Display for DataError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DataError::Absent(m) | DataError::Broken(m) => f.write_str(m),
        }
    }
}

fn kind(e: datasets::Error) -> DataError {
    match &e {
        datasets::Error::Missing { .. } => DataError::Absent(e.to_string()),
        datasets::Error::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
            DataError::Absent(e.to_string())
        }
        _ => DataError::Broken(e.to_string()),
    }
}

fn digits_from(bytes: &[u8]) -> Result<Dataset, DataError> {
    let text = std::str::from_utf8(bytes).map_err(|e| DataError::Broken(e.to_string()))?;
    parse_digits(text).map_err(|e| DataError::Broken(e.to_string()))
}

/// scikit-learn's digits (1,797 samples of 8×8) from the data cache or the committed sample,
/// checked against the recorded SHA-256.
///
/// # Errors
/// [`DataError::Absent`] when the file is not there; [`DataError::Broken`] when it is there
/// but its checksum or content is wrong.
pub fn load_digits(cache: &Path) -> Result<Dataset, DataError> {
    let entry = datasets::real::find("sklearn-digits").map_err(kind)?;
    digits_from(&datasets::real::load(entry, cache).map_err(kind)?)
}

/// [`load_digits`] from a copy of `digits.csv.gz` at `file`, checked against the same SHA-256.
///
/// # Errors
/// As [`load_digits`].
pub fn load_digits_file(file: &Path) -> Result<Dataset, DataError> {
    let entry = datasets::real::find("sklearn-digits").map_err(kind)?;
    digits_from(&datasets::real::load_file(entry, file).map_err(kind)?)
}

/// The largest IDX file the loader accepts: the Fashion-MNIST training images are 47 MB.
const MAX_IDX_BYTES: usize = 64 << 20;

/// Parses an IDX file (LeCun's MNIST format, which Fashion-MNIST keeps): magic `0x00 0x00
/// 0x08 d` (unsigned bytes, `d` dimensions), `d` big-endian u32 sizes, then the bytes. Returns
/// the sizes and the data.
///
/// # Errors
/// [`DataError::Broken`] naming the defect: a wrong magic or element type, a truncated header,
/// a size product that overflows or exceeds the loader's limit, or a data length that differs
/// from the header's.
pub fn parse_idx<'a>(bytes: &'a [u8], what: &str) -> Result<(Vec<usize>, &'a [u8]), DataError> {
    let broken = |why: String| DataError::Broken(format!("{what}: {why}"));
    if bytes.len() < 4 || bytes[0] != 0 || bytes[1] != 0 {
        return Err(broken("not an IDX file (the magic number is wrong)".into()));
    }
    if bytes[2] != 0x08 {
        return Err(broken(format!(
            "element type 0x{:02x}, expected 0x08 (unsigned bytes)",
            bytes[2]
        )));
    }
    let dims = usize::from(bytes[3]);
    let header = 4 + 4 * dims;
    if dims == 0 || bytes.len() < header {
        return Err(broken(format!(
            "a header of {dims} dimensions is truncated"
        )));
    }
    let sizes: Vec<usize> = bytes[4..header]
        .chunks(4)
        .map(|c| u32::from_be_bytes([c[0], c[1], c[2], c[3]]) as usize)
        .collect();
    let total = sizes
        .iter()
        .try_fold(1usize, |a, &n| a.checked_mul(n))
        .filter(|&t| t <= MAX_IDX_BYTES)
        .ok_or_else(|| broken(format!("sizes {sizes:?} exceed {MAX_IDX_BYTES} bytes")))?;
    let data = &bytes[header..];
    if data.len() != total {
        return Err(broken(format!(
            "the header promises {total} bytes ({sizes:?}), the file holds {}",
            data.len()
        )));
    }
    Ok((sizes, data))
}

/// A labelled set from an IDX image file (`n × rows × cols`) and an IDX label file (`n`
/// labels in `0..10`); pixels scaled to `[0, 1]`.
///
/// # Errors
/// [`DataError::Broken`] when either file is malformed, the counts differ or a label is ≥ 10.
pub fn idx_dataset(images: &[u8], labels: &[u8]) -> Result<Dataset, DataError> {
    let (isz, pixels) = parse_idx(images, "images")?;
    let (lsz, labels) = parse_idx(labels, "labels")?;
    if isz.len() != 3 || lsz.len() != 1 || isz[0] != lsz[0] {
        return Err(DataError::Broken(format!(
            "images {isz:?} and labels {lsz:?} do not describe the same n × rows × cols set"
        )));
    }
    if let Some(bad) = labels.iter().find(|&&l| l >= 10) {
        return Err(DataError::Broken(format!("label {bad} is not in 0..10")));
    }
    Ok(Dataset {
        features: pixels.iter().map(|&p| f32::from(p) / 255.0).collect(),
        labels: labels.to_vec(),
        dim: isz[1] * isz[2],
        classes: 10,
    })
}

/// A labelled set from gzip-compressed IDX image and label files at paths of the caller's
/// choosing, decoded exactly as the fetched Fashion-MNIST files are (gzip, then
/// [`idx_dataset`]) but without the recorded checksum: for files that have none, such as a
/// small synthetic set in the real format.
///
/// # Errors
/// [`DataError::Absent`] when a file is not there; [`DataError::Broken`] when it is not valid
/// gzip or not a well-formed IDX set.
pub fn idx_gz_files(images: &Path, labels: &Path) -> Result<Dataset, DataError> {
    let read = |name: &str, file: &Path| -> Result<Vec<u8>, DataError> {
        let entry = datasets::real::find(name).map_err(kind)?;
        if !file.exists() {
            return Err(DataError::Absent(format!(
                "{} is not there",
                file.display()
            )));
        }
        datasets::real::decode_unverified(entry, file).map_err(kind)
    };
    idx_dataset(
        &read("fashion-mnist-train-images", images)?,
        &read("fashion-mnist-train-labels", labels)?,
    )
}

/// Fashion-MNIST (Xiao, Rasul and Vollgraf 2017; 60,000 training and 10,000 test images of
/// 28×28, ten classes) from the data cache, fetched by `cargo suite fetch` from Debian's
/// `dataset-fashion-mnist`, each file checked against its recorded SHA-256.
///
/// # Errors
/// [`DataError::Absent`] when a file is not fetched; [`DataError::Broken`] when a file is there
/// but its checksum or content is wrong.
pub fn load_fashion_mnist(cache: &Path) -> Result<(Dataset, Dataset), DataError> {
    let file = |name: &str| -> Result<Vec<u8>, DataError> {
        let entry = datasets::real::find(name).map_err(kind)?;
        datasets::real::load(entry, cache).map_err(kind)
    };
    let train = idx_dataset(
        &file("fashion-mnist-train-images")?,
        &file("fashion-mnist-train-labels")?,
    )?;
    let test = idx_dataset(
        &file("fashion-mnist-test-images")?,
        &file("fashion-mnist-test-labels")?,
    )?;
    Ok((train, test))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A valid gzip stream (one stored block) holding `body`.
    fn gzip(body: &[u8]) -> Vec<u8> {
        let mut gz = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff, 1];
        gz.extend_from_slice(&(body.len() as u16).to_le_bytes());
        gz.extend_from_slice(&(!(body.len() as u16)).to_le_bytes());
        gz.extend_from_slice(body);
        let mut c = 0xFFFF_FFFFu32;
        for &b in body {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 == 1 {
                    (c >> 1) ^ 0xEDB8_8320
                } else {
                    c >> 1
                };
            }
        }
        gz.extend_from_slice(&(!c).to_le_bytes());
        gz.extend_from_slice(&(body.len() as u32).to_le_bytes());
        gz
    }

    #[test]
    fn a_corrupted_copy_is_a_failure_naming_the_checksum_not_a_skip() {
        let dir = std::env::temp_dir().join(format!("rps-corrupt-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("digits.csv.gz");
        std::fs::write(&file, gzip(b"0,0,1\n")).unwrap();
        let err = load_digits_file(&file).unwrap_err();
        std::fs::remove_dir_all(&dir).unwrap();
        let DataError::Broken(msg) = err else {
            panic!("a checksum mismatch must not be a skip: {err:?}")
        };
        assert!(msg.to_lowercase().contains("sha"), "{msg}");
    }

    #[test]
    fn only_an_absent_file_is_a_skip() {
        let err = load_digits_file(Path::new("/nonexistent/digits.csv.gz")).unwrap_err();
        assert!(matches!(err, DataError::Absent(_)), "{err:?}");
        assert!(
            err.to_string().contains("/nonexistent/digits.csv.gz"),
            "{err}"
        );
    }

    /// An IDX file as the real ones are laid out: magic, big-endian sizes, bytes.
    fn idx(dims: &[u32], data: &[u8]) -> Vec<u8> {
        let mut v = vec![0, 0, 0x08, dims.len() as u8];
        for d in dims {
            v.extend_from_slice(&d.to_be_bytes());
        }
        v.extend_from_slice(data);
        v
    }

    #[test]
    fn a_small_synthetic_idx_set_in_the_real_format_loads() {
        let pixels: Vec<u8> = (0..3 * 2 * 2).map(|i| (i * 20) as u8).collect();
        let images = idx(&[3, 2, 2], &pixels);
        let labels = idx(&[3], &[7, 0, 9]);
        let d = idx_dataset(&images, &labels).unwrap();
        assert_eq!((d.len(), d.dim, d.classes), (3, 4, 10));
        assert_eq!(d.labels, vec![7, 0, 9]);
        assert_eq!(d.features[5], 100.0 / 255.0);
    }

    #[test]
    fn a_corrupted_idx_file_is_a_typed_failure_naming_the_defect() {
        let pixels = [0u8; 8];
        let labels = idx(&[2], &[1, 2]);
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (vec![1, 2, 3, 4, 5], "magic"),
            (idx(&[2, 2, 2], &pixels)[..10].to_vec(), "truncated"),
            (idx(&[2, 2, 2], &pixels[..7]), "promises"),
            (idx(&[65536, 65536, 65536], &[]), "exceed"),
            (
                {
                    let mut v = idx(&[2, 2, 2], &pixels);
                    v[2] = 0x0D;
                    v
                },
                "element type",
            ),
        ];
        for (bytes, word) in cases {
            let err = idx_dataset(&bytes, &labels).unwrap_err();
            assert!(matches!(err, DataError::Broken(_)), "{err:?}");
            assert!(err.to_string().contains(word), "{word}: {err}");
        }
        let bad_label = idx(&[2], &[1, 10]);
        let err = idx_dataset(&idx(&[2, 2, 2], &pixels), &bad_label).unwrap_err();
        assert!(err.to_string().contains("label 10"), "{err}");
        let short_labels = idx(&[1], &[1]);
        assert!(idx_dataset(&idx(&[2, 2, 2], &pixels), &short_labels).is_err());
    }

    /// Writes `images` and `labels` gzip-compressed to a fresh directory and loads them.
    fn load_gz(tag: &str, images: &[u8], labels: &[u8]) -> Result<Dataset, DataError> {
        let dir = std::env::temp_dir().join(format!("rps-idx-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (i, l) = (dir.join("images.gz"), dir.join("labels.gz"));
        std::fs::write(&i, images).unwrap();
        std::fs::write(&l, labels).unwrap();
        let out = idx_gz_files(&i, &l);
        std::fs::remove_dir_all(&dir).unwrap();
        out
    }

    #[test]
    fn a_small_synthetic_gzip_idx_file_in_the_real_format_loads() {
        // Three 4×3 images, pixel k of image n = 10n + k, labels 3, 9, 0.
        let pixels: Vec<u8> = (0..3u8)
            .flat_map(|n| (0..12u8).map(move |k| 10 * n + k))
            .collect();
        let d = load_gz(
            "ok",
            &gzip(&idx(&[3, 4, 3], &pixels)),
            &gzip(&idx(&[3], &[3, 9, 0])),
        )
        .unwrap();
        assert_eq!((d.len(), d.dim, d.classes), (3, 12, 10));
        assert_eq!(d.labels, vec![3, 9, 0]);
        assert_eq!(d.features[12 + 5], 15.0 / 255.0);
        assert_eq!(d.features[2 * 12 + 11], 31.0 / 255.0);
    }

    #[test]
    fn a_corrupted_gzip_idx_file_is_a_typed_error_not_a_panic() {
        let pixels = [7u8; 8];
        let (good_images, good_labels) = (idx(&[2, 2, 2], &pixels), idx(&[2], &[1, 2]));
        let mut bad_magic = good_images.clone();
        bad_magic[0] = 0x42;
        let cases: Vec<(&str, Vec<u8>, Vec<u8>, &str)> = vec![
            ("magic", gzip(&bad_magic), gzip(&good_labels), "magic"),
            (
                "truncated",
                gzip(&good_images[..good_images.len() - 3]),
                gzip(&good_labels),
                "promises",
            ),
            ("count", gzip(&good_images), gzip(&idx(&[1], &[1])), "same"),
            (
                "label",
                gzip(&good_images),
                gzip(&idx(&[2], &[1, 10])),
                "label 10",
            ),
            (
                "gzip",
                gzip(&good_images)[..15].to_vec(),
                gzip(&good_labels),
                "gzip",
            ),
        ];
        for (tag, images, labels, word) in cases {
            let err = load_gz(tag, &images, &labels).unwrap_err();
            assert!(matches!(err, DataError::Broken(_)), "{tag}: {err:?}");
            assert!(err.to_string().contains(word), "{tag}: {err}");
        }
        let err = idx_gz_files(
            Path::new("/nonexistent/a.gz"),
            Path::new("/nonexistent/b.gz"),
        );
        assert!(matches!(err, Err(DataError::Absent(_))), "{err:?}");
    }

    #[test]
    fn fashion_mnist_not_fetched_is_a_skip_naming_the_fetch_command() {
        let err = load_fashion_mnist(Path::new("/nonexistent-cache")).unwrap_err();
        assert!(matches!(err, DataError::Absent(_)), "{err:?}");
        assert!(err.to_string().contains("cargo suite fetch"), "{err}");
    }

    #[test]
    fn the_committed_sample_loads_whatever_the_cache_holds() {
        assert_eq!(load_digits(Path::new("/nonexistent")).unwrap().len(), 1797);
    }
}
