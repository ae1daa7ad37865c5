//! What syncd asks the operating system directly, in one place.

/// This machine's name, as the kernel has it (`None` where it cannot be read).
pub fn hostname() -> Option<String> {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}
