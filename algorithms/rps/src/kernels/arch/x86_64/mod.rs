//! x86-64 kernels: [`avx2::Avx2`] (AVX2 + FMA), with the `memchr` constructor triple
//! `is_available()` / `new()` / `unsafe new_unchecked()`.

pub mod avx2;
