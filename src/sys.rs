//! What syncd asks the operating system directly, in one place: the crate denies
//! `unsafe_code`, and this module is its one reviewed exception. Each call is a plain
//! libc function on memory this module owns.
#![allow(unsafe_code)]

/// This machine's name, as the kernel has it (`None` where it cannot be read).
pub(crate) fn hostname() -> Option<String> {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// Columns of the terminal on `fd`, if it is one.
pub(crate) fn terminal_columns(fd: libc::c_int) -> Option<usize> {
    // SAFETY: `winsize` is plain data; TIOCGWINSZ writes at most one `winsize` into it.
    let mut ws: libc::winsize = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::ioctl(fd, libc::TIOCGWINSZ, &mut ws) };
    (rc == 0).then_some(usize::from(ws.ws_col))
}

/// CLOCK_MONOTONIC in microseconds: the clock systemd compares `MONOTONIC_USEC` with.
pub(crate) fn monotonic_usec() -> i128 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
    i128::from(ts.tv_sec) * 1_000_000 + i128::from(ts.tv_nsec) / 1000
}

/// Hand freed heap back to the kernel: glibc keeps it in per-thread arenas otherwise.
pub(crate) fn release_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks the allocator's own free lists.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// The real uid of this process.
pub(crate) fn real_uid() -> u32 {
    // SAFETY: getuid has no preconditions and cannot fail.
    unsafe { libc::getuid() }
}

/// `getpwuid_r`: the account name for `uid`, if the password database has one.
pub(crate) fn account_name(uid: u32) -> Option<String> {
    let mut buf = vec![0 as libc::c_char; 4096];
    // SAFETY: `passwd` is plain data, filled by getpwuid_r with pointers into `buf`, which
    // outlives every read of them below.
    let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
    let mut result: *mut libc::passwd = std::ptr::null_mut();
    let rc = unsafe { libc::getpwuid_r(uid, &mut pwd, buf.as_mut_ptr(), buf.len(), &mut result) };
    if rc != 0 || result.is_null() || pwd.pw_name.is_null() {
        return None;
    }
    // SAFETY: on success pw_name points to a NUL-terminated string inside `buf`.
    let name = unsafe { std::ffi::CStr::from_ptr(pwd.pw_name) };
    Some(name.to_string_lossy().into_owned()).filter(|n| !n.is_empty())
}

/// Send `signal` to this process, as systemd or an admin's `kill` would.
#[cfg(test)]
pub(crate) fn signal_self(signal: libc::c_int) {
    // SAFETY: kill with our own pid and a valid signal number.
    unsafe { libc::kill(std::process::id() as libc::pid_t, signal) };
}

/// The effective uid: 0 when running as root.
pub(crate) fn effective_uid() -> u32 {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() }
}

/// Whether a process with this pid exists (ours or someone else's).
pub(crate) fn pid_alive(pid: i64) -> bool {
    if pid <= 0 || pid > i64::from(i32::MAX) {
        return false;
    }
    // SAFETY: signal 0 sends nothing, it only checks the pid; EPERM means the process
    // exists but belongs to someone else.
    let rc = unsafe { libc::kill(pid as libc::pid_t, 0) };
    rc == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// Free bytes for unprivileged users on the file system holding `dir`.
pub(crate) fn free_bytes_under(dir: &std::path::Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
    // SAFETY: `statvfs` is plain data; the call fills it from a NUL-terminated path.
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    if unsafe { libc::statvfs(c.as_ptr(), &mut st) } != 0 {
        return None;
    }
    Some((st.f_bavail as u64).saturating_mul(st.f_frsize as u64))
}

/// Files this process creates are private to its user (umask 077).
pub(crate) fn private_files() {
    // SAFETY: umask has no preconditions and cannot fail.
    unsafe { libc::umask(0o077) };
}

/// Overwrite an environment variable's value where it lies (the initial environment,
/// which /proc/<pid>/environ shows), then remove it.
///
/// Only while the process has one thread: call it first thing in `main`.
pub(crate) fn scrub_env_var(name: &std::ffi::CStr) {
    // SAFETY: single-threaded (see above), so nothing reads or changes the environment
    // meanwhile; getenv's pointer is valid for strlen bytes until the variable is removed.
    unsafe {
        let value = libc::getenv(name.as_ptr());
        if !value.is_null() {
            std::ptr::write_bytes(value, 0, libc::strlen(value));
        }
        std::env::remove_var(name.to_str().unwrap_or_default());
    }
}

/// SIGINT and SIGTERM, the signals a terminal or systemd stops a command with.
fn termination_signals() -> libc::sigset_t {
    // SAFETY: `sigset_t` is plain data, initialised by sigemptyset before use.
    let mut set: libc::sigset_t = unsafe { std::mem::zeroed() };
    unsafe {
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGINT);
        libc::sigaddset(&mut set, libc::SIGTERM);
    }
    set
}

/// Block SIGINT and SIGTERM in this thread and every thread started from it later.
pub(crate) fn block_termination_signals() {
    let set = termination_signals();
    // SAFETY: a valid set; a null old-set pointer is allowed.
    unsafe { libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut()) };
}

/// Wait for a blocked SIGINT or SIGTERM; its number, or `None` if sigwait failed.
pub(crate) fn wait_termination_signal() -> Option<libc::c_int> {
    let set = termination_signals();
    let mut sig: libc::c_int = 0;
    // SAFETY: a valid set and a writable int.
    (unsafe { libc::sigwait(&set, &mut sig) } == 0).then_some(sig)
}

/// Children get the default signal handling back (a blocked mask is inherited by exec).
#[cfg(feature = "demo")]
pub(crate) fn unblock_termination_signals_in_child(cmd: &mut std::process::Command) {
    use std::os::unix::process::CommandExt;
    // SAFETY: the closure runs between fork and exec and only calls pthread_sigmask,
    // which is async-signal-safe, on a set built on its own stack.
    unsafe {
        cmd.pre_exec(|| {
            let set = termination_signals();
            libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
            Ok(())
        });
    }
}
