//! The `recheck` binary: all behaviour lives in the library's `cli` module.

fn main() -> std::process::ExitCode {
    tune_allocator();
    recheck::cli::run(std::env::args_os())
}

/// Keeps glibc's allocator from holding on to freed memory.
///
/// By default glibc raises its mmap threshold each time a large block is
/// freed, so that later large blocks (the record list, the id table, a
/// rule's working lists) come from the heap and stay there when freed: on a
/// 100,000-record corpus that is 9 MB (10%) of peak memory for nothing. A
/// fixed threshold (the default's starting value) gives large blocks back
/// to the system when they are freed. Other platforms' allocators need no
/// such setting.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
fn tune_allocator() {
    const THRESHOLD: libc::c_int = 128 * 1024;
    // SAFETY: `mallopt` only sets an allocator parameter; it is called
    // before any other thread exists, and a failure (return value 0) only
    // leaves the default in place.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, THRESHOLD);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn tune_allocator() {}
