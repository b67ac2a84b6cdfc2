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

/// Large blocks (a month's rows, a case record read) straight from the system and back to it
/// when freed. glibc otherwise raises its threshold for that after the first such block is
/// freed, and the next ones stay resident in the heap after use: a tour of every tab at
/// 10,000 clients held about 3 MiB more at its peak. Called once, before any thread starts.
pub fn return_large_blocks() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a malloc parameter; it is called before other threads exist.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}
