//! x86-64 kernels. Each module has the `memchr` constructor triple: `is_available()`
//! (compile-time target features first, then run-time detection), a safe `new()` that
//! returns `None` when the CPU lacks the features, and an `unsafe fn new_unchecked()`. The
//! kernels themselves are `#[target_feature]` functions reachable only through a value that
//! passed that check.

pub(crate) mod avx2;
pub(crate) mod avx512;
