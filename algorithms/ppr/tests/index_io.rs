//! Index save/load: round trip, and every truncation or corruption is a typed error.

mod common;

use ppr::Error;
use ppr::index::{IndexParams, build_index};
use ppr::index_io::{FORMAT_VERSION, from_bytes, load, save, to_bytes};

fn small_index() -> ppr::index::Index {
    let g = common::rmat_graph(6, 4, 1, false);
    build_index(
        &g,
        &IndexParams {
            walks: 3,
            seed: 4,
            max_len: Some(12),
            ..Default::default()
        },
    )
    .unwrap()
}

#[test]
fn round_trip_through_a_file() {
    let idx = small_index();
    let path = std::env::temp_dir().join(format!("ppr-index-{}.pwi", std::process::id()));
    save(&idx, &path).unwrap();
    let back = load(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(back, idx);
    assert_eq!(back.max_len(), Some(12));
    assert_eq!(back.digest(), idx.digest());
}

#[test]
fn every_truncation_is_rejected() {
    let bytes = to_bytes(&small_index());
    for len in 0..bytes.len() {
        match from_bytes(&bytes[..len]) {
            Err(Error::IndexTruncated { actual, .. }) => assert_eq!(actual, len as u64),
            other => panic!("prefix of {len} bytes: {other:?}"),
        }
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(matches!(from_bytes(&longer), Err(Error::IndexCorrupt(_))));
}

#[test]
fn every_single_bit_flip_is_rejected() {
    let bytes = to_bytes(&small_index());
    for at in 0..bytes.len() {
        for bit in [0, 5] {
            let mut bad = bytes.clone();
            bad[at] ^= 1 << bit;
            let e = from_bytes(&bad).expect_err("a flipped bit must be detected");
            assert!(
                matches!(
                    e,
                    Error::IndexBadMagic
                        | Error::IndexVersion(_)
                        | Error::IndexChecksum { .. }
                        | Error::IndexTruncated { .. }
                        | Error::IndexCorrupt(_)
                ),
                "byte {at}: {e:?}"
            );
        }
    }
}

#[test]
fn wrong_magic_version_and_inconsistent_content() {
    let idx = small_index();
    let bytes = to_bytes(&idx);
    assert_eq!(
        from_bytes(b"hello world, not an index at all, no no no no no no no no").unwrap_err(),
        Error::IndexBadMagic
    );
    let mut v = bytes.clone();
    v[8..12].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
    assert_eq!(
        from_bytes(&v).unwrap_err(),
        Error::IndexVersion(FORMAT_VERSION + 1)
    );
    // Consistent checksum over inconsistent content: a count changed and re-checksummed.
    let mut c = bytes.clone();
    let body = c.len() - 8;
    c[body - 1] ^= 0x40; // high byte of the last count
    let mut h = ppr::index_io::Fnv::new();
    h.write(&c[..body]);
    let sum = h.finish().to_le_bytes();
    c[body..].copy_from_slice(&sum);
    assert!(matches!(from_bytes(&c), Err(Error::IndexCorrupt(_))));
}
