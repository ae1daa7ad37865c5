//! Rendering shared by every command: tables (tabled) for people, JSON for scripts.
//! Results go to stdout; logs and progress go to stderr.

use serde::Serialize;
use std::io::Write;

mod fit;
pub(crate) use fit::{Column, fit_table};

/// How wide tables may be on stdout: the terminal's width when stdout is one (`COLUMNS`
/// wins, so tests and `COLUMNS=200 syncd …` can set it), None (no limit) when piped.
pub(crate) fn stdout_width() -> Option<usize> {
    use std::io::IsTerminal;
    std::io::stdout()
        .is_terminal()
        .then(|| terminal_width(libc::STDOUT_FILENO))
}

/// As [`stdout_width`], for text written to stderr (prompts).
pub(crate) fn stderr_width() -> Option<usize> {
    use std::io::IsTerminal;
    std::io::stderr()
        .is_terminal()
        .then(|| terminal_width(libc::STDERR_FILENO))
}

fn terminal_width(fd: libc::c_int) -> usize {
    if let Some(n) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|n| *n >= 20)
    {
        return n;
    }
    crate::sys::terminal_columns(fd)
        .filter(|n| *n >= 20)
        .unwrap_or(80)
}

/// Colour on a terminal unless `NO_COLOR` is set (https://no-color.org).
pub(crate) fn color_on(terminal: bool) -> bool {
    terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
}

/// Print a value as pretty JSON on stdout. A closed pipe (`syncd … | head`) is not an error.
pub(crate) fn print_json<T: Serialize + ?Sized>(value: &T) -> anyhow::Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    write_stdout(&text)
}

/// Print text plus a newline on stdout; a broken pipe is success.
pub(crate) fn write_stdout(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}").and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Raw bytes on stdout (generated files); a broken pipe is success.
pub(crate) fn write_stdout_bytes(bytes: &[u8]) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Render rows as a table with a header; `empty` is printed when there are no rows.
pub(crate) fn table<R: tabled::Tabled>(rows: impl IntoIterator<Item = R>, empty: &str) -> String {
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|r| r.fields().into_iter().map(|c| c.into_owned()).collect())
        .collect();
    let columns: Vec<Column> = R::headers().into_iter().map(|h| Column::keep(&h)).collect();
    fit_table(&columns, rows, None, empty)
}

/// Print a value as YAML on stdout.
pub(crate) fn print_yaml<T: Serialize>(value: &T) -> anyhow::Result<()> {
    let text = serde_saphyr::to_string(value)?;
    write_stdout(text.trim_end())
}

/// JSON for scripts, or the human rendering built by `human`.
pub(crate) fn emit<T: Serialize + ?Sized>(
    format: Format,
    value: &T,
    human: impl FnOnce() -> String,
) -> anyhow::Result<()> {
    match format {
        Format::Json => print_json(value),
        Format::Table => write_stdout(&human()),
    }
}

/// `key: value` lines, keys padded to line up (for `show` commands).
pub(crate) fn key_values(pairs: &[(&str, String)]) -> String {
    let width = pairs.iter().map(|(k, _)| k.len()).max().unwrap_or(0) + 1;
    pairs
        .iter()
        .map(|(k, v)| format!("{:width$}  {v}", format!("{k}:")))
        .collect::<Vec<_>>()
        .join("\n")
}
