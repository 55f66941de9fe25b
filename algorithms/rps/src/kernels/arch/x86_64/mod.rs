//! x86-64 kernels: [`avx2::Avx2`] (AVX2 + FMA) and [`avx512::Avx512`] (its 12×16
//! microkernel on 512-bit registers, everything else from AVX2), each with the `memchr`
//! constructor triple `is_available()` / `new()` / `unsafe new_unchecked()`.

pub mod avx2;
pub mod avx512;
