//! SIGINT (Ctrl-C) and SIGTERM for commands that must say or clean something up before
//! they exit: the conflicts prompt (what was resolved before it) and `demo --keep` (its
//! working directory). The signals are blocked in every thread and taken by one waiting
//! thread, so work in flight is never cut by a handler running in its middle.

use std::sync::Mutex;

/// Lines describing what the conflicts prompt resolved so far.
static RESOLVED: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// From now on, SIGINT and SIGTERM run `then` (with the signal number) on a thread of its
/// own, and the process exits 128 + signal afterwards.
pub(super) fn on_signal(then: impl FnOnce(libc::c_int) + Send + 'static) {
    // Threads started from here on (tokio's workers, the waiter) inherit the mask.
    crate::sys::block_termination_signals();
    std::thread::spawn(move || {
        let Some(sig) = crate::sys::wait_termination_signal() else {
            return;
        };
        then(sig);
        std::process::exit(128 + sig);
    });
}

/// For the conflicts prompt: on a signal, list what was resolved and what is left.
pub(super) fn watch(left: impl Fn() -> Option<u64> + Send + 'static) {
    on_signal(move |_| {
        let lines = RESOLVED.lock().map(|l| l.clone()).unwrap_or_default();
        let mut out = String::from("\ninterrupted");
        if lines.is_empty() {
            out.push_str("; nothing was resolved");
        } else {
            out.push_str(&format!("; resolved before it ({}):", lines.len()));
            for l in &lines {
                out.push_str(&format!("\n  {l}"));
            }
        }
        if let Some(n) = left() {
            out.push_str(&format!("\n{n} open conflict(s) left"));
        }
        eprintln!("{out}");
    });
}

/// Note one result for the interruption summary.
pub(super) fn record(line: String) {
    if let Ok(mut l) = RESOLVED.lock() {
        l.push(line);
    }
}
