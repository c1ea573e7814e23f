//! What the binary gives back to the system during a build (`BuildOptions::release_memory`):
//! the heap pages freeing left inside the allocator, and the code pages of the stages that are
//! over.

/// Called by the library after reading a spec, after modelling it, once every spec is
/// modelled (on each thread that did the work) and once the search index is built
/// (`Release::StageOver`); and every 256 pages written (`Release::Rendering`), when the code
/// that ran is still running: only the heap is trimmed then (unmapping the code as well made
/// 10,000 guides 11% slower, for the pages mapped back 39 times).
pub fn release(moment: portico::Release) {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    trim_heap();
    #[cfg(target_os = "linux")]
    if moment == portico::Release::StageOver {
        code::unmap_clean_file_pages();
    }
    #[cfg(not(target_os = "linux"))]
    let _ = moment;
}

/// Without it, rendering raises the peak beside the freed parsed documents instead of reusing
/// their pages. The allocator is the system's: on Linux, glibc's, which kept resident memory
/// closest to the live heap of every allocator measured (benches/README.md §16); mimalloc was
/// 8-17% faster and 2-17 MB larger.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn trim_heap() {
    extern "C" {
        fn malloc_trim(pad: usize) -> std::ffi::c_int;
    }
    // SAFETY: malloc_trim takes no pointers; it only returns free pages of glibc's heaps.
    unsafe {
        malloc_trim(0);
    }
}

/// The pages of code and constants a stage ran stay mapped into the process after it, and count
/// in its resident size (the kernel maps them 64 KB at a time): parsing, converting and
/// checking a spec run code that rendering never does, and the C library's loader-time pages
/// (symbol resolution) are never run again. Unmapping them after each stage leaves resident
/// only what the next stage runs, which it maps back from the page cache on first use (a minor
/// fault, no disk read). Twilio Conversations: 9,960 -> 8,676 KiB peak, same time
/// (benches/README.md §22).
#[cfg(target_os = "linux")]
mod code {
    use std::ffi::{c_int, c_void};

    /// `MADV_DONTNEED`: the same value on every Linux architecture Rust builds for, but Alpha
    /// and PA-RISC, which Portico does not.
    const MADV_DONTNEED: c_int = 4;

    extern "C" {
        fn madvise(addr: *mut c_void, len: usize, advice: c_int) -> c_int;
    }

    /// Unmap every read-only file mapping that holds only the file's own bytes.
    pub fn unmap_clean_file_pages() {
        let Ok(smaps) = std::fs::read_to_string("/proc/self/smaps") else {
            return;
        };
        for (start, end) in clean_read_only_file_mappings(&smaps) {
            // SAFETY: the range is a whole mapping of a file, never written and not writable
            // (`clean_read_only_file_mappings`): dropping its pages loses nothing, as the next
            // access reads the same bytes back from the file. No Rust object lives there.
            unsafe {
                madvise(start as *mut c_void, end - start, MADV_DONTNEED);
            }
        }
    }

    /// The address ranges of the mappings in `smaps` (the text of `/proc/self/smaps`) that are
    /// backed by a file, not writable, and hold no page of their own (`Anonymous: 0 kB`). A
    /// read-only mapping can hold such pages: the loader's relocations, made before it was
    /// protected (RELRO), or a debugger's breakpoints; dropping those would lose them.
    pub(super) fn clean_read_only_file_mappings(smaps: &str) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        let mut current: Option<(usize, usize)> = None;
        for line in smaps.lines() {
            if let Some(anonymous) = line.strip_prefix("Anonymous:") {
                if let Some(range) = current.take() {
                    if anonymous.trim() == "0 kB" {
                        found.push(range);
                    }
                }
            } else if let Some(range) = mapping_header(line) {
                current = range;
            }
        }
        found
    }

    /// `Some(range)` for the header line of a mapping (`7f…-7f… r-xp 0000 08:01 42 /usr/lib/…`):
    /// the range when it is a read-only file mapping, `None` inside it otherwise.
    fn mapping_header(line: &str) -> Option<Option<(usize, usize)>> {
        let mut fields = line.split_whitespace();
        let (start, end) = fields.next()?.split_once('-')?;
        let start = usize::from_str_radix(start, 16).ok()?;
        let end = usize::from_str_radix(end, 16).ok()?;
        let permissions = fields.next()?;
        if permissions.len() != 4 {
            return None;
        }
        let path = fields.nth(3).unwrap_or("");
        let clean = permissions.starts_with('r')
            && !permissions.contains('w')
            && permissions.ends_with('p')
            && path.starts_with('/');
        Some(clean.then_some((start, end)))
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::code::clean_read_only_file_mappings;

    #[test]
    fn only_read_only_file_mappings_without_pages_of_their_own_are_dropped() {
        let smaps = "\
5600a000-5600b000 r--p 00000000 08:01 42 /usr/bin/portico
Size:                  4 kB
Anonymous:             0 kB
5600b000-5600f000 r-xp 00001000 08:01 42 /usr/bin/portico
Size:                 16 kB
Anonymous:             0 kB
56010000-56012000 r--p 00005000 08:01 42 /usr/bin/portico
Size:                  8 kB
Anonymous:             8 kB
56012000-56013000 rw-p 00007000 08:01 42 /usr/bin/portico
Anonymous:             0 kB
56020000-56040000 rw-p 00000000 00:00 0                  [heap]
Anonymous:           128 kB
7f000000-7f001000 r-xp 00000000 00:00 0                  [vdso]
Anonymous:             0 kB
7f100000-7f101000 r-xp 00002000 08:01 77 /usr/lib/libc.so.6
Size:                  4 kB
Anonymous:             4 kB
7f200000-7f210000 r-xp 00002000 08:01 78 /usr/lib/libm.so.6
Anonymous:             0 kB
";
        assert_eq!(
            clean_read_only_file_mappings(smaps),
            vec![
                (0x5600a000, 0x5600b000),
                (0x5600b000, 0x5600f000),
                (0x7f200000, 0x7f210000)
            ]
        );
    }

    /// On this process's own mappings: the test binary's code is among those found, and its
    /// relocated, read-only data (RELRO) is not.
    #[test]
    fn the_running_binary_has_its_code_found_and_its_relocated_data_kept() {
        let smaps = std::fs::read_to_string("/proc/self/smaps").expect("/proc/self/smaps");
        let found = clean_read_only_file_mappings(&smaps);
        let code = here as *const () as usize;
        assert!(
            found.iter().any(|(a, b)| (*a..*b).contains(&code)),
            "the code of this test is in a clean read-only file mapping"
        );
        fn here() {}
        // A pointer in a static: the loader writes its address in, so it is in RELRO.
        static RELOCATED: &str = "relocated";
        let relocated = &RELOCATED as *const &str as usize;
        assert!(
            !found.iter().any(|(a, b)| (*a..*b).contains(&relocated)),
            "relocated data is never dropped"
        );
        super::code::unmap_clean_file_pages();
        // Still runs, and reads its constants and relocated data, after the pages were unmapped.
        assert_eq!(format!("{}", 6 * 7), "42");
        assert_eq!(RELOCATED, "relocated");
    }
}
