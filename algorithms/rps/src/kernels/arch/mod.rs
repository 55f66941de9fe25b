//! Architecture-specific kernels (memchr's layout): each is reachable only through a value
//! whose constructor checked the CPU.

#[cfg(target_arch = "x86_64")]
pub mod x86_64;
