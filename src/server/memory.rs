//! Giving memory back after bursts of assessments. The system allocator
//! keeps freed memory in per-thread arenas it never shrinks, so a burst of
//! maximal incidents and "did you mean" bombs (1 MB requests) left the
//! server at 1.7x its resting size after the hostile-load test. Two arenas
//! instead of one per thread, and a background task that asks the
//! allocator to return what is free after assessments (glibc's
//! `malloc_trim`, at most every two seconds, off the async workers), bring
//! it back to within a few percent.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

static WORKED_SINCE_TRIM: AtomicBool = AtomicBool::new(false);

/// Call before the runtime starts its threads.
pub fn limit_arenas() {
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
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim takes no pointers and only walks the allocator's
    // own free lists; it is safe to call from any thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}
