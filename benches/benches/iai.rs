//! Instruction counts (valgrind/callgrind) for the Hamming algorithms: a noise-free
//! regression gate. Needs valgrind and `iai-callgrind-runner` at exactly the library's
//! version; `just iai` installs it. Run: `cargo bench --bench iai`.
//!
//! Built for the baseline x86-64 target (no `target-cpu=native`): valgrind cannot run
//! AVX-512 code.

// The macros below generate undocumented public items.
#![allow(missing_docs)]

use std::hint::black_box;

use iai_callgrind::{library_benchmark, library_benchmark_group, main};

fn dna_input(m: usize) -> (Vec<u8>, Vec<u8>) {
    let text = datasets::sequences::dna(1 << 14, 11);
    let pattern = datasets::sequences::pattern_from(&text, m, 0.05, 12).expect("m <= n");
    (text, pattern)
}

#[library_benchmark]
#[bench::m64(dna_input(64))]
#[bench::m512(dna_input(512))]
fn naive(input: (Vec<u8>, Vec<u8>)) -> Vec<u32> {
    black_box(hamming::naive::hamming_naive(&input.0, &input.1).expect("valid input"))
}

#[library_benchmark]
#[bench::m64(dna_input(64))]
#[bench::m512(dna_input(512))]
fn fft(input: (Vec<u8>, Vec<u8>)) -> Vec<u32> {
    black_box(hamming::fft::hamming_fft(&input.0, &input.1).expect("valid input"))
}

library_benchmark_group!(name = hamming_dna; benchmarks = naive, fft);
main!(library_benchmark_groups = hamming_dna);
