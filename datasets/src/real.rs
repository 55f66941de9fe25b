//! Real datasets: fetched from Debian packages, verified by SHA-256 and cached.
//!
//! [`fetch`] runs `apt-get download PACKAGE` (and `apt-get update` once if the package lists
//! are empty), extracts the archive with `dpkg-deb -x`, copies the one file the suite needs
//! into the cache (`<cache>/<name>/<file>`) and checks the SHA-256 of its decoded content.
//! [`load`] reads a dataset from the cache or from the committed samples and checks the hash
//! again; a missing dataset is [`Error::Missing`], whose message names the fetch command.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::digest::sha256_hex;
use crate::error::{Error, io};
use crate::fasta::read_fasta;

/// How a dataset file decodes into the bytes that are hashed and used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// FASTA (optionally gzip): the concatenated, upper-cased sequence.
    Fasta,
    /// UTF-8 text, used as it is.
    Utf8,
    /// Gzip-compressed UTF-8 text (such as a `.csv.gz`): the decompressed text.
    GzipUtf8,
    /// Gzip-compressed binary data (such as graph-tool's `.gt.gz`): the decompressed bytes.
    GzipBytes,
}

/// Where a dataset comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Committed under `datasets/samples/`.
    Sample,
    /// A file inside a Debian package.
    Debian {
        /// The package name.
        package: &'static str,
        /// The file's path inside the package.
        path: &'static str,
    },
}

/// A real dataset.
#[derive(Debug, Clone, Copy)]
pub struct RealDataset {
    /// The name used in benchmark definitions.
    pub name: &'static str,
    /// What it is.
    pub description: &'static str,
    /// Where it comes from.
    pub source: Source,
    /// The file name in the cache (or under `samples/`).
    pub file: &'static str,
    /// How it decodes.
    pub encoding: Encoding,
    /// SHA-256 of the decoded content.
    pub sha256: &'static str,
    /// The licence of the data.
    pub licence: &'static str,
}

/// Every real dataset the suite knows.
pub const DATASETS: &[RealDataset] = &[
    RealDataset {
        name: "lambda-phage",
        description: "Enterobacteria phage lambda genome (NC_001416.1), 48,502 bp",
        source: Source::Sample,
        file: "lambda_virus.fa.gz",
        encoding: Encoding::Fasta,
        sha256: "36432a40f602258d19ae7c8152ddbc30390b559f2859c01d7047c77b048c71b3",
        licence: "public NCBI sequence, shipped in Debian's bowtie2-examples (GPL-3.0+)",
    },
    RealDataset {
        name: "ecoli-k12",
        description: "E. coli K-12 MG1655 genome, 4,639,675 bp, ACGT only",
        source: Source::Debian {
            package: "ragout-examples",
            path: "usr/share/doc/ragout/examples/E.Coli/references/MG1655-K12.fasta.gz",
        },
        file: "MG1655-K12.fasta.gz",
        encoding: Encoding::Fasta,
        sha256: "b1d61ce0fac63311a301966a65d052c8061b6747afc537f879192027f14308f1",
        licence: "BSD-3-Clause (Debian ragout-examples)",
    },
    RealDataset {
        name: "fortunes-zh",
        description: "Chinese fortunes, UTF-8, 1,115,216 code points, 5,965 distinct",
        source: Source::Debian {
            package: "fortunes-zh",
            path: "usr/share/games/fortunes/chinese",
        },
        file: "chinese",
        encoding: Encoding::Utf8,
        sha256: "282c8d2d636e7dac0d54f6c4f25c6a22e5a0ac2d2ffa1f53ca994717d69e5ff7",
        licence: "GPL-3.0 (Debian fortunes-zh)",
    },
    RealDataset {
        name: "sklearn-digits",
        description: "scikit-learn's optical digits, 1,797 samples of 8×8 (64 features, 0..16) plus the label, CSV",
        source: Source::Sample,
        file: "digits.csv.gz",
        encoding: Encoding::GzipUtf8,
        sha256: "6ebb3d2fee246a4e99363262ddf8a00a3c41bee6014c373ed9d9216ba7f651b8",
        licence: "CC BY 4.0 (UCI optdigits), shipped in Debian python3-sklearn (BSD-3-Clause)",
    },
    RealDataset {
        name: "sklearn-wine",
        description: "scikit-learn's wine recognition data, 178×13 plus the class, CSV with a header line",
        source: Source::Sample,
        file: "wine_data.csv",
        encoding: Encoding::Utf8,
        sha256: "10e8a802908b34f86e5da8ce962f3c806694bc98450a18f61851af59f324bede",
        licence: "CC BY 4.0 (UCI wine), shipped in Debian python3-sklearn (BSD-3-Clause)",
    },
    RealDataset {
        name: "sklearn-diabetes",
        description: "scikit-learn's diabetes data (raw, unstandardised), 442×10, space-separated",
        source: Source::Sample,
        file: "diabetes_data_raw.csv.gz",
        encoding: Encoding::GzipUtf8,
        sha256: "ec2683754c379fdffc39f53922c475eff67e2fb9c94c7c27207b7c4371d51726",
        licence: "BSD-3-Clause (Efron et al., Least Angle Regression), shipped in Debian python3-sklearn",
    },
    RealDataset {
        name: "email-Enron",
        description: "Enron e-mail network (SNAP), 36,692 vertices, 183,831 undirected edges, graph-tool .gt",
        source: Source::Debian {
            package: "python3-graph-tool",
            path: "usr/lib/python3/dist-packages/graph_tool/collection/email-Enron.gt.gz",
        },
        file: "email-Enron.gt.gz",
        encoding: Encoding::GzipBytes,
        sha256: "8ec40a66cce68c0249d740900b65b73195f0b7c2e4e8403a902945f6adcb534a",
        licence: "SNAP (Leskovec et al.), shipped in Debian python3-graph-tool (LGPL-3+)",
    },
    RealDataset {
        name: "cond-mat-2005",
        description: "condensed-matter co-authorships 2005 (Newman), 40,421 vertices, 175,693 undirected edges, graph-tool .gt",
        source: Source::Debian {
            package: "python3-graph-tool",
            path: "usr/lib/python3/dist-packages/graph_tool/collection/cond-mat-2005.gt.gz",
        },
        file: "cond-mat-2005.gt.gz",
        encoding: Encoding::GzipBytes,
        sha256: "74362f78061ba5b7e67e9577dffb90df97139877627cf620de6153e7a2c686ac",
        licence: "M. E. J. Newman's network data, shipped in Debian python3-graph-tool (LGPL-3+)",
    },
    RealDataset {
        name: "pgp-strong-2009",
        description: "PGP web of trust, strongly connected component, 2009 (Richters and Peixoto), 39,796 vertices, 301,498 arcs, directed (no dead ends), graph-tool .gt",
        source: Source::Debian {
            package: "python3-graph-tool",
            path: "usr/lib/python3/dist-packages/graph_tool/collection/pgp-strong-2009.gt.gz",
        },
        file: "pgp-strong-2009.gt.gz",
        encoding: Encoding::GzipBytes,
        sha256: "f0ce0a6aed49231630b2c9b40da630b3c539fb6396f827ccc73a6529a03ec2ae",
        licence: "O. Richters and T. P. Peixoto's PGP network data, shipped in Debian python3-graph-tool (LGPL-3+)",
    },
    RealDataset {
        name: "polblogs",
        description: "political blogs 2004 (Adamic and Glance), 1,490 vertices, 19,090 arcs, directed, 425 dead ends, graph-tool .gt",
        source: Source::Debian {
            package: "python3-graph-tool",
            path: "usr/lib/python3/dist-packages/graph_tool/collection/polblogs.gt.gz",
        },
        file: "polblogs.gt.gz",
        encoding: Encoding::GzipBytes,
        sha256: "bdb069a539554db9c958da2eff123331ce8911130f089b817fed8cf7e860d7d2",
        licence: "L. A. Adamic and N. Glance's blog network data, shipped in Debian python3-graph-tool (LGPL-3+)",
    },
    RealDataset {
        name: "astro-ph",
        description: "astrophysics co-authorships (Newman), 16,706 vertices, 121,251 undirected edges, graph-tool .gt",
        source: Source::Sample,
        file: "astro-ph.gt.gz",
        encoding: Encoding::GzipBytes,
        sha256: "c4ab20b273c4744039ec7c0096d6dbb7a6c3aa0a794f71b4a8d4d6d6faa9c3ef",
        licence: "M. E. J. Newman's network data, shipped in Debian python3-graph-tool (LGPL-3+)",
    },
    RealDataset {
        name: "winequality-red",
        description: "Wine Quality, red (Cortez et al. 2009), 1599×11 plus the quality score, CSV with a header line",
        source: Source::Sample,
        file: "winequality-red.csv.gz",
        encoding: Encoding::GzipUtf8,
        sha256: "f5eb6b494f4f6431698dce8fb15c356d091c2a5dc13f823742dcc9709a327b4a",
        licence: "CC BY 4.0 (UCI Wine Quality), copied unchanged from the crates.io crate linfa-datasets 0.8.1 (MIT/Apache-2.0)",
    },
    RealDataset {
        name: "fashion-mnist-train-images",
        description: "Fashion-MNIST training images (Xiao, Rasul and Vollgraf 2017), 60,000 of 28×28, IDX (gzip)",
        source: Source::Debian {
            package: "dataset-fashion-mnist",
            path: "usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz",
        },
        file: "train-images-idx3-ubyte.gz",
        encoding: Encoding::GzipBytes,
        sha256: "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
        licence: "MIT (Zalando Research), shipped in Debian dataset-fashion-mnist",
    },
    RealDataset {
        name: "fashion-mnist-train-labels",
        description: "Fashion-MNIST training labels, 60,000 in 0..10, IDX (gzip)",
        source: Source::Debian {
            package: "dataset-fashion-mnist",
            path: "usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz",
        },
        file: "train-labels-idx1-ubyte.gz",
        encoding: Encoding::GzipBytes,
        sha256: "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
        licence: "MIT (Zalando Research), shipped in Debian dataset-fashion-mnist",
    },
    RealDataset {
        name: "fashion-mnist-test-images",
        description: "Fashion-MNIST test images, 10,000 of 28×28, IDX (gzip)",
        source: Source::Debian {
            package: "dataset-fashion-mnist",
            path: "usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz",
        },
        file: "t10k-images-idx3-ubyte.gz",
        encoding: Encoding::GzipBytes,
        sha256: "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
        licence: "MIT (Zalando Research), shipped in Debian dataset-fashion-mnist",
    },
    RealDataset {
        name: "fashion-mnist-test-labels",
        description: "Fashion-MNIST test labels, 10,000 in 0..10, IDX (gzip)",
        source: Source::Debian {
            package: "dataset-fashion-mnist",
            path: "usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz",
        },
        file: "t10k-labels-idx1-ubyte.gz",
        encoding: Encoding::GzipBytes,
        sha256: "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
        licence: "MIT (Zalando Research), shipped in Debian dataset-fashion-mnist",
    },
];

/// The folder of the committed samples.
pub fn samples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

/// The dataset called `name`.
///
/// # Errors
/// [`Error::Unknown`] when no dataset has that name.
pub fn find(name: &str) -> Result<&'static RealDataset, Error> {
    DATASETS
        .iter()
        .find(|d| d.name == name)
        .ok_or_else(|| Error::Unknown { name: name.into() })
}

/// Where `dataset` lives: under `samples/`, or under `cache`.
pub fn path(dataset: &RealDataset, cache: &Path) -> PathBuf {
    match dataset.source {
        Source::Sample => samples_dir().join(dataset.file),
        Source::Debian { .. } => cache.join(dataset.name).join(dataset.file),
    }
}

/// Loads a dataset's decoded bytes and checks their SHA-256.
///
/// # Errors
/// [`Error::Missing`] (with the fetch command) when it is not cached; [`Error::HashMismatch`]
/// when the content differs from the recorded one; I/O and format errors.
pub fn load(dataset: &RealDataset, cache: &Path) -> Result<Vec<u8>, Error> {
    let file = path(dataset, cache);
    if !file.exists() {
        return Err(Error::Missing {
            name: dataset.name.into(),
            path: file,
            command: "cargo suite fetch".into(),
        });
    }
    load_file(dataset, &file)
}

/// Decodes `file` as `dataset` and checks its SHA-256: [`load`] for a file at a path of the
/// caller's choosing (a copy, or a download kept elsewhere).
///
/// # Errors
/// [`Error::HashMismatch`] when the content differs from the recorded one; I/O and format
/// errors.
pub fn load_file(dataset: &RealDataset, file: &Path) -> Result<Vec<u8>, Error> {
    let bytes = decode(dataset, file)?;
    verify(dataset, &bytes)?;
    Ok(bytes)
}

/// Decodes `file` in `dataset`'s encoding (gzip, UTF-8 or FASTA) **without** the checksum:
/// for tests of a loader on small synthetic files in the real format. Data for a benchmark
/// goes through [`load`] or [`load_file`], which verify the SHA-256.
///
/// # Errors
/// I/O and format errors (not valid gzip, invalid UTF-8).
pub fn decode_unverified(dataset: &RealDataset, file: &Path) -> Result<Vec<u8>, Error> {
    decode(dataset, file)
}

fn decode(dataset: &RealDataset, file: &Path) -> Result<Vec<u8>, Error> {
    match dataset.encoding {
        Encoding::Fasta => read_fasta(file),
        Encoding::Utf8 | Encoding::GzipUtf8 | Encoding::GzipBytes => {
            let raw = std::fs::read(file).map_err(io(file))?;
            let bytes = if dataset.encoding != Encoding::Utf8 {
                let mut out = Vec::new();
                flate2::read::GzDecoder::new(raw.as_slice())
                    .read_to_end(&mut out)
                    .map_err(|e| Error::Format {
                        path: file.to_path_buf(),
                        reason: format!("not valid gzip: {e}"),
                    })?;
                out
            } else {
                raw
            };
            if dataset.encoding == Encoding::GzipBytes {
                return Ok(bytes);
            }
            std::str::from_utf8(&bytes).map_err(|e| Error::Format {
                path: file.to_path_buf(),
                reason: format!("invalid UTF-8 at byte offset {}", e.valid_up_to()),
            })?;
            Ok(bytes)
        }
    }
}

fn verify(dataset: &RealDataset, bytes: &[u8]) -> Result<(), Error> {
    let actual = sha256_hex(bytes);
    if actual != dataset.sha256 {
        return Err(Error::HashMismatch {
            what: format!("dataset `{}`", dataset.name),
            expected: dataset.sha256.into(),
            actual,
        });
    }
    Ok(())
}

/// Fetches `dataset` into `cache` unless it is already there and verified. Returns the
/// cached file's path. Samples need no fetch.
///
/// # Errors
/// [`Error::Command`] when `apt-get` or `dpkg-deb` fail, [`Error::HashMismatch`] when the
/// package's file is not the recorded one (the file is then removed again).
pub fn fetch(dataset: &RealDataset, cache: &Path) -> Result<PathBuf, Error> {
    let Source::Debian {
        package,
        path: inner,
    } = dataset.source
    else {
        return Ok(path(dataset, cache));
    };
    let target = path(dataset, cache);
    if target.exists() && load(dataset, cache).is_ok() {
        return Ok(target);
    }
    let work = cache.join(format!(".fetch-{}", dataset.name));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(io(&work))?;
    if run(Command::new("apt-get")
        .arg("download")
        .arg(package)
        .current_dir(&work))
    .is_err()
    {
        // A fresh machine may have empty package lists.
        run(Command::new("apt-get").arg("update").arg("-qq"))?;
        run(Command::new("apt-get")
            .arg("download")
            .arg(package)
            .current_dir(&work))?;
    }
    let deb = std::fs::read_dir(&work)
        .map_err(io(&work))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "deb"))
        .ok_or_else(|| Error::Command {
            command: format!("apt-get download {package}"),
            detail: "no .deb file was downloaded".into(),
        })?;
    let extracted = work.join("x");
    run(Command::new("dpkg-deb").arg("-x").arg(&deb).arg(&extracted))?;
    let parent = target.parent().unwrap_or(cache);
    std::fs::create_dir_all(parent).map_err(io(parent))?;
    let source = extracted.join(inner);
    std::fs::copy(&source, &target).map_err(io(&source))?;
    let _ = std::fs::remove_dir_all(&work);
    if let Err(e) = load(dataset, cache) {
        let _ = std::fs::remove_file(&target);
        return Err(e);
    }
    Ok(target)
}

fn run(command: &mut Command) -> Result<(), Error> {
    let line = format!("{command:?}");
    let output = command.output().map_err(|e| Error::Command {
        command: line.clone(),
        detail: e.to_string(),
    })?;
    if output.status.success() {
        Ok(())
    } else {
        Err(Error::Command {
            command: line,
            detail: String::from_utf8_lossy(&output.stderr).trim().to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committed_sample_loads_and_verifies() {
        let lambda = find("lambda-phage").unwrap();
        let seq = load(lambda, Path::new("/nonexistent")).unwrap();
        assert_eq!(seq.len(), 48_502);
        assert!(seq.iter().all(|b| b"ACGT".contains(b)));
    }

    #[test]
    fn missing_dataset_names_the_fetch_command() {
        let ecoli = find("ecoli-k12").unwrap();
        let err = load(ecoli, Path::new("/nonexistent-cache")).unwrap_err();
        assert!(err.to_string().contains("cargo suite fetch"), "{err}");
    }

    #[test]
    fn tampered_content_is_a_hash_mismatch() {
        let lambda = find("lambda-phage").unwrap();
        assert!(matches!(
            verify(lambda, b"ACGT"),
            Err(Error::HashMismatch { .. })
        ));
        assert!(matches!(find("nope"), Err(Error::Unknown { .. })));
    }
}
