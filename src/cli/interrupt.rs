//! Ctrl-C (or SIGTERM) while the conflicts prompt waits: say what was resolved before it,
//! then exit 130. The signals are blocked in every thread and taken by one waiting thread,
//! so a resolution in flight is never cut by a handler running in its middle.

use std::sync::Mutex;

/// Lines describing what was resolved so far.
static RESOLVED: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Start taking SIGINT and SIGTERM for the rest of the process; `left` says how many
/// conflicts are still open when the signal comes.
pub fn watch(left: impl Fn() -> Option<u64> + Send + 'static) {
    let mut set: libc::sigset_t = unsafe { std::mem::zeroed() };
    unsafe {
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGINT);
        libc::sigaddset(&mut set, libc::SIGTERM);
        // Threads started from here on (tokio's workers, the waiter) inherit the mask.
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
    }
    std::thread::spawn(move || {
        let mut sig: libc::c_int = 0;
        if unsafe { libc::sigwait(&set, &mut sig) } != 0 {
            return;
        }
        let lines = RESOLVED
            .lock()
            .map(|l| l.clone())
            .unwrap_or_default();
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
        std::process::exit(128 + sig);
    });
}

/// Note one result for the interruption summary.
pub fn record(line: String) {
    if let Ok(mut l) = RESOLVED.lock() {
        l.push(line);
    }
}
