//! Packing for the bit-parallel kernels: relabelling the text into codes, splitting codes into
//! bit planes, and laying out the shifted pattern copies each kernel reads.

use std::hash::Hash;

use super::{CHUNK_ROWS, MAX_CODES, MAX_ROW_BLOCK, check_codes, code_bits};
use crate::alphabet::{Alphabet, small_key};
use crate::error::Error;

/// The packed input shared by every kernel.
///
/// Shift `i = 64·row + s` (`s < 64`) compares the text words `row .. row + ⌈(m + 63)/64⌉` with the
/// pattern copy `P_s`.
#[derive(Debug)]
pub(crate) struct Packed {
    /// Bit planes per code, `b`.
    pub(crate) bits: usize,
    /// Pattern length.
    pub(crate) m: usize,
    /// Number of shifts (outputs), `n - m + 1`.
    pub(crate) shifts: usize,
    /// Rows of 64 shifts, `⌈shifts / 64⌉`.
    pub(crate) rows: usize,
    /// Text planes, interleaved: plane `k` of text word `w` is `text[w·bits + k]`. Padded with
    /// zero words so that rows up to `rows + MAX_ROW_BLOCK` can read `⌈(m + 63)/64⌉` words.
    pub(crate) text: Vec<u64>,
    /// Pattern planes at shift 0, interleaved like `text`, with `⌈(m + 63)/64⌉ + 1`
    /// words.
    pattern: Vec<u64>,
}

/// The shifted pattern copies `P_{s0}, …, P_{s0 + lanes - 1}`, laid out for a kernel with
/// `lanes` shifts per vector.
#[derive(Debug, Default)]
pub(crate) struct Block {
    /// Words to process for this block (the longest copy's span).
    pub(crate) words: usize,
    /// Words `lo .. hi` are entirely inside the window for every lane, so they need no mask.
    pub(crate) lo: usize,
    /// See `lo`.
    pub(crate) hi: usize,
    /// Plane `k` of word `w` for lane `l` is `data[(w·bits + k)·lanes + l]`.
    pub(crate) data: Vec<u64>,
    /// Validity mask of word `w` for lane `l` is `masks[w·lanes + l]`.
    pub(crate) masks: Vec<u64>,
}

impl Packed {
    /// Relabels and packs the text and packs the pattern.
    ///
    /// `code(s)` is the pattern id of the text symbol `s` (`< d`), or `d` if `s` does not
    /// occur in the pattern; `pids` are the pattern's ids. The text is packed 64 symbols at a
    /// time straight from the relabelling, with room for the extra code `d`; if no text symbol
    /// needed it and it cost a plane, that (all-zero) plane is dropped afterwards.
    ///
    /// # Errors
    /// [`Error::Unsupported`] if the text needs the code `d` and `d + 1 > MAX_CODES`.
    pub(super) fn new<S>(
        t: &[S],
        code: impl Fn(&S) -> u32,
        d: usize,
        pids: &[u32],
    ) -> Result<Packed, Error> {
        let (n, m) = (t.len(), pids.len());
        let shifts = n - m + 1;
        let rows = shifts.div_ceil(64);
        // Words any shifted copy of the pattern spans.
        let words = (m + 63).div_ceil(64);
        let text_words = (rows + MAX_ROW_BLOCK + words).max(n.div_ceil(64));
        let wide = code_bits(d + 1).min(code_bits(MAX_CODES));
        let mut planes = vec![0u64; text_words * wide];
        let absent = if d < 256 {
            pack_text_bytes(t, &code, d as u8, wide, &mut planes)
        } else {
            pack_text_wide(t, &code, d as u32, wide, &mut planes)
        };
        check_codes(d + usize::from(absent))?;
        let bits = code_bits(d + usize::from(absent));
        if bits < wide {
            // The top plane is all zeros: every code is below d <= 2^bits.
            for w in 0..text_words {
                planes.copy_within(w * wide..w * wide + bits, w * bits);
            }
            planes.truncate(text_words * bits);
        }
        let mut pattern = vec![0u64; (words + 1) * bits];
        pack_codes(pids, bits, &mut pattern);
        Ok(Packed {
            bits,
            m,
            shifts,
            rows,
            text: planes,
            pattern,
        })
    }

    /// Fills `block` with the copies of the pattern shifted by `s0 .. s0 + lanes` bits.
    pub(crate) fn block(&self, s0: usize, lanes: usize, block: &mut Block) {
        let (bits, m) = (self.bits, self.m);
        debug_assert!(s0 + lanes <= 64);
        let (s_min, s_max) = (s0, s0 + lanes - 1);
        block.words = (s_max + m).div_ceil(64);
        // Word w is whole for every lane iff 64w >= s_max and 64(w + 1) <= s_min + m.
        block.lo = s_max.div_ceil(64);
        block.hi = ((s_min + m) / 64).max(block.lo);
        block.data.clear();
        block.data.resize(block.words * bits * lanes, 0);
        block.masks.clear();
        block.masks.resize(block.words * lanes, 0);
        for l in 0..lanes {
            let s = s0 + l;
            for w in 0..block.words {
                for k in 0..bits {
                    let cur = self.pattern[w * bits + k];
                    let v = if s == 0 {
                        cur
                    } else {
                        let prev = if w == 0 {
                            0
                        } else {
                            self.pattern[(w - 1) * bits + k]
                        };
                        (cur << s) | (prev >> (64 - s))
                    };
                    block.data[(w * bits + k) * lanes + l] = v;
                }
                let (from, to) = (s.max(64 * w), (s + m).min(64 * w + 64));
                block.masks[w * lanes + l] = if from < to {
                    let len = to - from;
                    let ones = if len == 64 {
                        u64::MAX
                    } else {
                        (1u64 << len) - 1
                    };
                    ones << (from - 64 * w)
                } else {
                    0
                };
            }
        }
    }

    /// The output rows in chunks of at most `CHUNK_ROWS` rows, as `(first row, row count)`.
    pub(crate) fn chunks(&self) -> impl Iterator<Item = (usize, usize)> + use<> {
        let rows = self.rows;
        (0..rows)
            .step_by(CHUNK_ROWS)
            .map(move |r| (r, CHUNK_ROWS.min(rows - r)))
    }

    /// Whether the block of copies starting at `s0` holds any shift: with a single, partial
    /// output row, the blocks past its last shift are skipped.
    pub(crate) fn block_is_needed(&self, s0: usize) -> bool {
        self.rows > 1 || s0 < self.shifts
    }
}

/// Packs the codes of `t` (all `<= d < 256`) into `wide` planes, 64 symbols at a time
/// through a stack buffer; returns whether the code `d` occurred.
fn pack_text_bytes<S>(
    t: &[S],
    code: &impl Fn(&S) -> u32,
    d: u8,
    wide: usize,
    planes: &mut [u64],
) -> bool {
    let pack: fn(&[u8; 64], &mut [u64]) = match wide {
        1 => pack_byte_chunk::<1>,
        2 => pack_byte_chunk::<2>,
        3 => pack_byte_chunk::<3>,
        4 => pack_byte_chunk::<4>,
        5 => pack_byte_chunk::<5>,
        6 => pack_byte_chunk::<6>,
        7 => pack_byte_chunk::<7>,
        8 => pack_byte_chunk::<8>,
        b => unreachable!("byte codes need at most 8 planes, got {b}"),
    };
    let mut absent = 0u8;
    let mut buf = [0u8; 64];
    for (chunk, out) in t.chunks(64).zip(planes.chunks_exact_mut(wide)) {
        if chunk.len() < 64 {
            buf = [0; 64];
        }
        for (b, s) in buf.iter_mut().zip(chunk) {
            let c = code(s) as u8;
            absent |= u8::from(c == d);
            *b = c;
        }
        pack(&buf, out);
    }
    absent != 0
}

/// Writes the `P` planes of 64 byte codes into `out`: `((x >> k) & 0x0101…01) * 0x0102…80 >>
/// 56` gathers bit `k` of 8 bytes into one byte.
fn pack_byte_chunk<const P: usize>(codes: &[u8; 64], out: &mut [u64]) {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const GATHER: u64 = 0x0102_0408_1020_4080;
    let out: &mut [u64; P] = out.try_into().unwrap();
    *out = [0; P];
    for (g, group) in codes.chunks_exact(8).enumerate() {
        let x = u64::from_le_bytes(group.try_into().unwrap());
        for (k, plane) in out.iter_mut().enumerate() {
            *plane |= (((x >> k) & LOW).wrapping_mul(GATHER) >> 56) << (8 * g);
        }
    }
}

/// Packs the codes of `t` (all `<= d`) into `wide` planes; returns whether the code `d`
/// occurred. For alphabets of 256 symbols or more, where the kernels dominate anyway.
fn pack_text_wide<S>(
    t: &[S],
    code: &impl Fn(&S) -> u32,
    d: u32,
    wide: usize,
    planes: &mut [u64],
) -> bool {
    let mut absent = false;
    for (chunk, out) in t.chunks(64).zip(planes.chunks_exact_mut(wide)) {
        for (j, s) in chunk.iter().enumerate() {
            let c = code(s);
            absent |= c == d;
            // With d = 2^16 the code d does not fit; the input is then rejected by the caller.
            let c = u64::from(c.min(u32::from(u16::MAX)));
            for (k, plane) in out.iter_mut().enumerate() {
                *plane |= ((c >> k) & 1) << j;
            }
        }
    }
    absent
}

/// A direct-mapped table from "small keys" to pattern ids, which relabels `u8`, `u16` and
/// `char` texts several times faster than the alphabet's hash map.
///
/// A symbol's key is what its [`Hash`] impl feeds the hasher, when that is a single integer
/// below 2^16 (as for `u8`, `u16`, `char` and small `u32`). The table applies when every
/// pattern symbol has a key. Correctness does not depend on keys being injective: a hit is
/// confirmed with `==`, and anything unexpected falls back to [`Alphabet::id`]. A text symbol
/// whose key is not in the table cannot equal any pattern symbol, since equal values must
/// hash alike (the contract of [`Hash`], on which the alphabet's map relies as well).
pub(super) struct KeyTable<S> {
    /// `entries[key] = (symbol, id)` of the pattern symbol with that key, or `(_, d)` if
    /// there is none.
    entries: Vec<(S, u32)>,
    /// Number of pattern symbols.
    d: u32,
}

impl<S: Copy + Eq + Hash> KeyTable<S> {
    pub(super) fn new(alphabet: &Alphabet<S>) -> Option<KeyTable<S>> {
        let d = alphabet.len() as u32;
        let keys: Vec<usize> = (0..d)
            .map(|id| small_key(&alphabet.symbol(id)))
            .collect::<Option<_>>()?;
        let filler = (alphabet.symbol(0), d);
        let mut entries = vec![filler; keys.iter().max().map_or(0, |&k| k + 1)];
        for (id, &key) in keys.iter().enumerate().rev() {
            entries[key] = (alphabet.symbol(id as u32), id as u32);
        }
        Some(KeyTable { entries, d })
    }

    /// The code of `s`: its pattern id, or `d` if it does not occur in the pattern.
    #[inline]
    pub(super) fn code(&self, s: &S, alphabet: &Alphabet<S>) -> u32 {
        let Some(key) = small_key(s) else {
            return slow_code(alphabet, s);
        };
        match self.entries.get(key) {
            None => self.d,
            Some(&(symbol, id)) if id == self.d || symbol == *s => id,
            // Another symbol with the same key (a hash collision of `S`).
            Some(_) => slow_code(alphabet, s),
        }
    }
}

/// The code of `s` by the alphabet's hash map: kept out of line, off [`KeyTable`]'s hot loop.
#[cold]
#[inline(never)]
fn slow_code<S: Copy + Eq + Hash>(alphabet: &Alphabet<S>, s: &S) -> u32 {
    alphabet.id(s).min(alphabet.len() as u32)
}

/// Writes the `bits` planes of `codes` into `out` (zeroed, interleaved layout).
fn pack_codes<C: Copy + Into<u64>>(codes: &[C], bits: usize, out: &mut [u64]) {
    for (planes, chunk) in out.chunks_exact_mut(bits).zip(codes.chunks(64)) {
        for (j, &c) in chunk.iter().enumerate() {
            let code: u64 = c.into();
            for (k, plane) in planes.iter_mut().enumerate() {
                *plane |= ((code >> k) & 1) << j;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Packs `t` through the fast relabelling (as `hamming_bitparallel_with` does) and through
    /// `Alphabet::encode_text` plus the plain packer, and compares the planes.
    fn check_packing<S: Copy + Eq + Hash>(p: &[S], t: &[S]) {
        let (alphabet, pids) = Alphabet::of_pattern(p);
        let d = alphabet.len();
        let table = KeyTable::new(&alphabet);
        let fast = match &table {
            Some(table) => Packed::new(t, |s| table.code(s, &alphabet), d, &pids).unwrap(),
            None => Packed::new(t, |s| alphabet.id(s).min(d as u32), d, &pids).unwrap(),
        };
        let codes: Vec<u32> = alphabet
            .encode_text(t)
            .into_iter()
            .map(|c| c.min(d as u32))
            .collect();
        let bits = code_bits(d + usize::from(codes.contains(&(d as u32))));
        assert_eq!(fast.bits, bits);
        let mut want = vec![0u64; fast.text.len()];
        pack_codes(&codes, bits, &mut want);
        assert_eq!(fast.text, want, "d = {d}, n = {}", t.len());
    }

    /// Hashes only its first field, so distinct values share keys: the fast path must
    /// confirm every table hit with `==`.
    #[derive(Clone, Copy, Debug)]
    struct Colliding(u8, u8);
    impl PartialEq for Colliding {
        fn eq(&self, other: &Self) -> bool {
            self.0 == other.0 && self.1 == other.1
        }
    }
    impl Eq for Colliding {}
    impl Hash for Colliding {
        fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
            state.write_u8(self.0);
        }
    }

    #[test]
    fn fast_relabelling_and_packing_equal_the_alphabet() {
        let t: Vec<u8> = (0..=255).chain(0..=255).chain(0..77).collect();
        check_packing(b"ACGT", &t);
        check_packing(b"ACGT", b"ACGTTGCAACGT");
        check_packing(b"A", &t);
        check_packing(&t[..300], &t);
        check_packing(&t[..255], &t[..255]);
        let t16: Vec<u16> = (0..5000u32).map(|i| (i * 7919 % 65536) as u16).collect();
        check_packing(&t16[..700], &t16);
        check_packing(&t16[..7], &t16);
        let t32: Vec<u32> = (0..3000u32).map(|i| i.wrapping_mul(0x9E37_79B9)).collect();
        check_packing(&t32[..40], &t32);
        check_packing(&t32[..400], &t32);
        let chars: Vec<char> = "ACGTNacgtn ünï".chars().collect();
        check_packing(&chars[..4], &chars);
        let tc: Vec<Colliding> = (0..400u32)
            .map(|i| Colliding((i % 5) as u8, (i % 7) as u8))
            .collect();
        check_packing(&tc[..9], &tc);
        let strings = ["ab", "c", "ab", "d"];
        check_packing(&strings[..2], &strings);
    }

    #[test]
    fn key_table_codes() {
        let (alphabet, _) = Alphabet::of_pattern(b"xy");
        let table = KeyTable::new(&alphabet).unwrap();
        assert_eq!(table.code(&b'x', &alphabet), 0);
        assert_eq!(table.code(&b'y', &alphabet), 1);
        assert_eq!(table.code(&b'z', &alphabet), 2);
        assert_eq!(table.code(&0, &alphabet), 2);
        // Keys from 2^16 on are not small: no table.
        assert!(KeyTable::new(&Alphabet::of_pattern(&[70_000u32]).0).is_none());
        assert!(KeyTable::new(&Alphabet::of_pattern(&["a"]).0).is_none());
    }
}
