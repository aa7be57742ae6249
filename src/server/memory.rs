//! Giving memory back after bursts of assessments. The system allocator
//! keeps freed memory in per-thread arenas it never shrinks, so a burst of
//! maximal incidents and "did you mean" bombs (1 MB requests) left the
//! server at 1.7x its resting size after the hostile-load test. Two arenas
//! instead of one per thread, and a background task that asks the
//! allocator to return what is free after assessments (glibc's
//! `malloc_trim`, at most every two seconds, off the async workers), bring
//! it back to within a few percent. The binary's allocator is now mimalloc
//! (src/main.rs, several times faster on an answer's many small strings);
//! it keeps freed pages for a while before returning them, so the same
//! task asks it to collect and purge at once (`mi_collect`). The glibc
//! calls stay for builds that keep the system allocator.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

static WORKED_SINCE_TRIM: AtomicBool = AtomicBool::new(false);

/// mimalloc's `mi_option_purge_delay`: its position in `mi_option_e` in
/// the vendored mimalloc 3 header (`libmimalloc-sys`, pinned by Cargo.lock),
/// which the Rust bindings do not name.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Call before the runtime starts its threads.
pub fn limit_arenas() {
    // SAFETY: mi_option_set only sets an allocator parameter. A delay of 0
    // returns freed pages to the system at once instead of after a second
    // (the vendored source's default), which the hostile-load test needs
    // and costs no measurable throughput.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0);
    }
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; called before any
    // other thread exists.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

/// Records that an assessment (or a refused incident) was handled.
pub fn note_work() {
    WORKED_SINCE_TRIM.store(true, Ordering::Relaxed);
}

/// Runs for the life of the server.
pub async fn trim_after_work() {
    let mut every = tokio::time::interval(Duration::from_secs(2));
    loop {
        every.tick().await;
        if WORKED_SINCE_TRIM.swap(false, Ordering::Relaxed) {
            let _ = tokio::task::spawn_blocking(trim).await;
        }
    }
}

fn trim() {
    // SAFETY: mi_collect takes no pointers; it frees and purges what the
    // allocator holds unused, from any thread.
    unsafe {
        libmimalloc_sys::mi_collect(true);
    }
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim takes no pointers and only walks the allocator's
    // own free lists; it is safe to call from any thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The option number is taken from mimalloc's header; if an update
    /// moves it, this reads another option and fails.
    #[test]
    fn the_purge_delay_option_is_the_one_mimalloc_documents() {
        // SAFETY: reads an allocator parameter.
        let delay = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        // The default in the vendored src/options.c (the header's comment
        // still says 10).
        assert_eq!(delay, 1000, "mimalloc's default purge delay (ms)");
    }
}
