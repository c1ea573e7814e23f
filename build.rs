//! Link option for the `portico` binary; nothing is generated.
//!
//! A position-independent executable carries one relocation record per address stored in its
//! data (1 MB of them: vtables, string tables, the theme), which the loader reads and applies at
//! every start. That costs 1.5–3 MB of resident memory (measured on an empty site and on
//! Twilio's and Stripe's specs), over a tenth of the peak of a medium spec's build. Packed
//! relative relocations (`DT_RELR`) store the same addresses in 13 KB and keep address-space
//! randomisation. The loader must know them: glibc 2.36 or later. Only for a native Linux/glibc
//! build, where the glibc this script runs against is the one the binary will find.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let target = std::env::var("TARGET").unwrap_or_default();
    let host = std::env::var("HOST").unwrap_or_default();
    if target == host && target.ends_with("-linux-gnu") && glibc_has_relr() {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn glibc_has_relr() -> bool {
    extern "C" {
        fn gnu_get_libc_version() -> *const std::ffi::c_char;
    }
    // SAFETY: glibc returns a pointer to a static NUL-terminated string such as "2.36".
    let version = unsafe { std::ffi::CStr::from_ptr(gnu_get_libc_version()) };
    let mut parts = version
        .to_str()
        .unwrap_or("")
        .split('.')
        .map(|part| part.parse::<u32>().unwrap_or(0));
    let major = parts.next().unwrap_or(0);
    let minor = parts.next().unwrap_or(0);
    (major, minor) >= (2, 36)
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn glibc_has_relr() -> bool {
    false
}
