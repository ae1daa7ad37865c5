//! Rendering shared by every command: tables (tabled) for people, JSON for scripts.
//! Results go to stdout; logs and progress go to stderr.

use serde::Serialize;
use std::io::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
}

/// Print a value as pretty JSON on stdout. A closed pipe (`syncd … | head`) is not an error.
pub fn print_json<T: Serialize + ?Sized>(value: &T) -> anyhow::Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    write_stdout(&text)
}

/// Print text plus a newline on stdout; a broken pipe is success.
pub fn write_stdout(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}").and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Raw bytes on stdout (generated files); a broken pipe is success.
pub fn write_stdout_bytes(bytes: &[u8]) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Render rows as a table with a header; `empty` is printed when there are no rows.
pub fn table<R: tabled::Tabled>(rows: impl IntoIterator<Item = R>, empty: &str) -> String {
    let rows: Vec<R> = rows.into_iter().collect();
    if rows.is_empty() {
        return empty.to_string();
    }
    let mut t = tabled::Table::new(rows);
    t.with(tabled::settings::Style::rounded());
    t.to_string()
}

/// Print a value as YAML on stdout.
pub fn print_yaml<T: Serialize>(value: &T) -> anyhow::Result<()> {
    let text = serde_saphyr::to_string(value)?;
    write_stdout(text.trim_end())
}

/// JSON for scripts, or the human rendering built by `human`.
pub fn emit<T: Serialize + ?Sized>(
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
pub fn key_values(pairs: &[(&str, String)]) -> String {
    let width = pairs.iter().map(|(k, _)| k.len()).max().unwrap_or(0) + 1;
    pairs
        .iter()
        .map(|(k, v)| format!("{:width$}  {v}", format!("{k}:")))
        .collect::<Vec<_>>()
        .join("\n")
}
