//! What the terminal app asks of the system allocator (glibc's malloc on Linux).

/// Gives back to the system the memory that worker threads freed: glibc keeps each thread's
/// freed memory in that thread's arena, resident and unusable by the others, so after the
/// start-up's readers end, ホーム would otherwise hold their scratch as well as what it shows.
/// Called when a burst of work on other threads is over (a few milliseconds).
pub fn give_back_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free memory to the system; it takes malloc's own locks.
    unsafe {
        libc::malloc_trim(0);
    }
}
