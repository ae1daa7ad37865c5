//! Questions on a terminal: the question on stderr (stdout stays for results), one line back.

use std::io::{BufRead, Write};

/// Ask and read one line; `None` at end of input.
pub(super) fn line(question: &str) -> anyhow::Result<Option<String>> {
    eprint!("{question}");
    std::io::stderr().flush()?;
    let mut answer = String::new();
    if std::io::stdin().lock().read_line(&mut answer)? == 0 {
        return Ok(None);
    }
    Ok(Some(answer.trim().to_string()))
}

/// A yes/no question; anything but y/yes is no.
pub(super) fn yes(question: &str) -> anyhow::Result<bool> {
    Ok(matches!(
        line(question)?.as_deref(),
        Some("y" | "Y" | "yes")
    ))
}
