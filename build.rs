//! Link options for the `portico` binary; nothing is generated. Both only change how the
//! binary's bytes are laid out and loaded, never what it does, and both are measured in
//! benches/README.md (§11 and §12).
//!
//! Packed relocations. A position-independent executable carries one relocation record per
//! address stored in its data (1 MB of them: vtables, string tables, the theme), which the loader
//! reads and applies at every start. That costs 1.5–3 MB of resident memory (measured on an empty
//! site and on Twilio's and Stripe's specs), over a tenth of the peak of a medium spec's build.
//! Packed relative relocations (`DT_RELR`) store the same addresses in 13 KB and keep
//! address-space randomisation. The loader must know them: glibc 2.36 or later. Only for a
//! native Linux/glibc build, where the glibc this script runs against is the one the binary will
//! find.
//!
//! Hot code first. The kernel maps a program's code 64 KB at a time around each page it runs,
//! and the 3 MB of code a build runs are spread over 10 MB of binary, so nearly all of it ends
//! up resident. benches/layout/hot-functions.txt lists the functions a build runs (profiled
//! with benches/layout/profile.sh); the linker puts them first and together, which takes 2–5 MB
//! off the resident size of every build. The option is the LLD linker's: only when this build
//! links with the Rust toolchain's own LLD, the default on x86_64 Linux since Rust 1.90, and only
//! in release. `PORTICO_LINK_LAYOUT=0` turns it off.

use std::path::Path;
use std::process::Command;

const HOT_FUNCTIONS: &str = "benches/layout/hot-functions.txt";

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed={HOT_FUNCTIONS}");
    println!("cargo:rerun-if-env-changed=PORTICO_LINK_LAYOUT");
    let env = |name: &str| std::env::var(name).unwrap_or_default();
    let target = env("TARGET");
    let native = target == env("HOST");
    if native && target.ends_with("-linux-gnu") && glibc_has_relr() {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
    let wanted = env("PROFILE") == "release" && env("PORTICO_LINK_LAYOUT") != "0";
    if wanted && target == "x86_64-unknown-linux-gnu" && links_with_rust_lld(&target) {
        let list = Path::new(&env("CARGO_MANIFEST_DIR")).join(HOT_FUNCTIONS);
        if list.is_file() {
            // -Xlinker passes the path whole, where -Wl would split it at any comma.
            println!("cargo:rustc-link-arg-bins=-Xlinker");
            println!(
                "cargo:rustc-link-arg-bins=--symbol-ordering-file={}",
                list.display()
            );
            // Names gone since the list was made are skipped; the benchmark harness counts them.
            println!("cargo:rustc-link-arg-bins=-Wl,--no-warn-symbol-ordering");
        }
    }
}

/// Whether rustc links this target with its own LLD: rustc 1.90 or later, which ships it and
/// uses it by default, and nothing in this build choosing another linker.
fn links_with_rust_lld(target: &str) -> bool {
    let env = |name: &str| std::env::var(name).unwrap_or_default();
    let flags = env("CARGO_ENCODED_RUSTFLAGS");
    if !env("RUSTC_LINKER").is_empty()
        || ["linker", "link-self-contained", "fuse-ld"]
            .iter()
            .any(|flag| flags.contains(flag))
    {
        return false;
    }
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let ask = |arg: &str| {
        Command::new(&rustc)
            .arg(arg)
            .output()
            .ok()
            .filter(|out| out.status.success())
            .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_string())
            .unwrap_or_default()
    };
    let minor = ask("-vV")
        .lines()
        .find_map(|line| line.strip_prefix("release: "))
        .and_then(|release| release.split('.').nth(1)?.parse::<u32>().ok())
        .unwrap_or(0);
    let lld = Path::new(&ask("--print=sysroot"))
        .join("lib/rustlib")
        .join(target)
        .join("bin/gcc-ld/ld.lld");
    minor >= 90 && lld.is_file()
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
