//! Link options for the `ecities` binary.
//!
//! Relative relocations packed (`-z pack-relative-relocs`, DT_RELR): a
//! position-independent binary carries one relocation per pointer in its
//! read-only data (145,000 here); the dynamic loader reads the whole table
//! at start, so it stayed resident (3.4 MB in a debug build, most of a
//! megabyte in a release one). Packed, the table is 40 KB. The loader must
//! know the format: glibc 2.36 or newer (Debian 12, Ubuntu 22.10, RHEL 10),
//! so the option is only given when building for the system that builds, and
//! its C library is recent enough. `ECITIES_PACK_RELOCATIONS=0` leaves it out.

use std::process::Command;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=ECITIES_PACK_RELOCATIONS");
    if std::env::var("ECITIES_PACK_RELOCATIONS").is_ok_and(|v| v.trim() == "0") {
        return;
    }
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let native = var("HOST") == var("TARGET");
    if var("CARGO_CFG_TARGET_OS") == "linux" && var("CARGO_CFG_TARGET_ENV") == "gnu" && native && glibc_has_relr() {
        println!("cargo::rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}

/// Whether this system's glibc (`getconf GNU_LIBC_VERSION`: "glibc 2.36")
/// is 2.36 or newer.
fn glibc_has_relr() -> bool {
    let Ok(out) = Command::new("getconf").arg("GNU_LIBC_VERSION").output() else { return false };
    let text = String::from_utf8_lossy(&out.stdout);
    let Some(version) = text.split_whitespace().nth(1) else { return false };
    let mut parts = version.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    let (major, minor) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    (major, minor) >= (2, 36)
}
