//! Tables that fit: widths measured as shown (ANSI colour codes take no room, wide
//! characters take two), columns dropped by priority and long cells cut or wrapped when a
//! terminal is narrower than the table. Piped output is never cut.

use unicode_width::UnicodeWidthChar;

/// What to do with a cell wider than its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Overflow {
    /// Cut with `…`.
    Truncate,
    /// Break into several lines.
    Wrap,
}

/// A column: its header, whether it may be dropped to make room (lower `drop` values go
/// first; None = always shown) and how its cells shrink.
#[derive(Debug, Clone)]
pub(crate) struct Column {
    pub header: String,
    pub drop: Option<u8>,
    pub overflow: Overflow,
    /// Never narrower than this (besides the header's own width).
    pub min: usize,
}

impl Column {
    /// Always shown; cut with `…` when too wide.
    pub(crate) fn keep(header: &str) -> Column {
        Column {
            header: header.to_string(),
            drop: None,
            overflow: Overflow::Truncate,
            min: 4,
        }
    }

    /// Dropped before columns with a higher `priority` when the terminal is too narrow.
    pub(crate) fn optional(header: &str, priority: u8) -> Column {
        Column {
            drop: Some(priority),
            ..Column::keep(header)
        }
    }

    pub(crate) fn wrap(mut self) -> Column {
        self.overflow = Overflow::Wrap;
        self
    }

    pub(crate) fn min(mut self, min: usize) -> Column {
        self.min = min;
        self
    }
}

/// Text without ANSI escape sequences.
pub(super) fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            if chars.peek() == Some(&'[') {
                chars.next();
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() {
                        break;
                    }
                }
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// Columns the text takes on a terminal (its widest line).
pub(super) fn display_width(s: &str) -> usize {
    strip_ansi(s)
        .lines()
        .map(|l| l.chars().map(|c| c.width().unwrap_or(0)).sum())
        .max()
        .unwrap_or(0)
}

/// Split into segments: escape sequences (no width) and characters.
fn segments(s: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' && chars.peek() == Some(&'[') {
            let mut esc = String::from("\x1b[");
            chars.next();
            for c in chars.by_ref() {
                esc.push(c);
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
            out.push((esc, 0));
        } else {
            out.push((c.to_string(), c.width().unwrap_or(0)));
        }
    }
    out
}

/// One line cut to `width` columns, ending in `…` when cut; colour is reset after a cut.
pub(super) fn truncate(line: &str, width: usize) -> String {
    if display_width(line) <= width {
        return line.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    let mut colored = false;
    for (seg, w) in segments(line) {
        if w == 0 {
            colored = seg != "\x1b[0m";
            out.push_str(&seg);
            continue;
        }
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push_str(&seg);
    }
    out.push('…');
    if colored {
        out.push_str("\x1b[0m");
    }
    out
}

/// One line broken into lines of at most `width` columns, at spaces where possible.
fn wrap_line(line: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut current = String::new();
    let mut used = 0;
    for word in line.split_inclusive(' ') {
        let w = display_width(word);
        if used + w.saturating_sub(word.ends_with(' ') as usize) <= width {
            current.push_str(word);
            used += w;
            continue;
        }
        if !current.is_empty() {
            lines.push(current.trim_end().to_string());
            current = String::new();
            used = 0;
        }
        // A word longer than the column is broken inside.
        for (seg, sw) in segments(word) {
            if used + sw > width && sw > 0 {
                lines.push(std::mem::take(&mut current).trim_end().to_string());
                used = 0;
            }
            current.push_str(&seg);
            used += sw;
        }
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current.trim_end().to_string());
    }
    lines
}

fn cell_lines(cell: &str, width: usize, overflow: Overflow) -> Vec<String> {
    cell.lines()
        .flat_map(|l| match overflow {
            Overflow::Truncate => vec![truncate(l, width)],
            Overflow::Wrap => wrap_line(l, width),
        })
        .collect::<Vec<_>>()
        .into_iter()
        .chain(cell.is_empty().then(String::new))
        .collect()
}

/// A rounded-box table whose total width is at most `width` (None: as wide as needed).
pub(crate) fn fit_table(
    columns: &[Column],
    rows: Vec<Vec<String>>,
    width: Option<usize>,
    empty: &str,
) -> String {
    if rows.is_empty() {
        return empty.to_string();
    }
    let natural = |i: usize| {
        rows.iter()
            .map(|r| r.get(i).map(|c| display_width(c)).unwrap_or(0))
            .chain(std::iter::once(display_width(&columns[i].header)))
            .max()
            .unwrap_or(0)
    };
    let mut shown: Vec<usize> = (0..columns.len()).collect();
    let mut widths: Vec<usize> = (0..columns.len()).map(natural).collect();
    let total =
        |shown: &[usize], widths: &[usize]| shown.iter().map(|i| widths[*i] + 3).sum::<usize>() + 1;
    if let Some(max) = width {
        // Drop optional columns, least important first, while the table is too wide.
        while total(&shown, &widths) > max {
            let victim = shown
                .iter()
                .enumerate()
                .filter_map(|(pos, i)| columns[*i].drop.map(|p| (p, pos)))
                .min_by_key(|(p, pos)| (*p, std::cmp::Reverse(*pos)));
            match victim {
                Some((_, pos)) => {
                    shown.remove(pos);
                }
                None => break,
            }
        }
        // Then narrow the widest columns.
        while total(&shown, &widths) > max {
            let floor = |i: usize| columns[i].min.max(display_width(&columns[i].header));
            let Some(&widest) = shown
                .iter()
                .filter(|i| widths[**i] > floor(**i))
                .max_by_key(|i| widths[**i])
            else {
                break;
            };
            widths[widest] -= 1;
        }
    }
    let border = |l: &str, m: &str, r: &str| {
        let inner: Vec<String> = shown.iter().map(|i| "─".repeat(widths[*i] + 2)).collect();
        format!("{l}{}{r}", inner.join(m))
    };
    let render_row = |cells: Vec<&str>| -> Vec<String> {
        let split: Vec<Vec<String>> = shown
            .iter()
            .zip(&cells)
            .map(|(i, c)| cell_lines(c, widths[*i], columns[*i].overflow))
            .collect();
        let height = split.iter().map(Vec::len).max().unwrap_or(1);
        (0..height)
            .map(|n| {
                let parts: Vec<String> = shown
                    .iter()
                    .zip(&split)
                    .map(|(i, lines)| {
                        let text = lines.get(n).map(String::as_str).unwrap_or("");
                        let pad = widths[*i].saturating_sub(display_width(text));
                        format!(" {text}{} ", " ".repeat(pad))
                    })
                    .collect();
                format!("│{}│", parts.join("│"))
            })
            .collect()
    };
    let mut out = vec![border("╭", "┬", "╮")];
    out.extend(render_row(
        shown.iter().map(|i| columns[*i].header.as_str()).collect(),
    ));
    out.push(border("├", "┼", "┤"));
    for row in &rows {
        out.extend(render_row(
            shown
                .iter()
                .map(|i| row.get(*i).map(String::as_str).unwrap_or(""))
                .collect(),
        ));
    }
    out.push(border("╰", "┴", "╯"));
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> Vec<Vec<String>> {
        vec![vec![
            "0195f0a2-1c3e-7cc1-b3d4-2a9f1e7c5d10".into(),
            "manual".into(),
            "succeeded".into(),
            "2026-11-02T10:00:00.000Z".into(),
            "12".into(),
        ]]
    }

    fn columns() -> Vec<Column> {
        vec![
            Column::keep("id").min(8),
            Column::optional("trigger", 2),
            Column::keep("status"),
            Column::optional("started", 1),
            Column::keep("created"),
        ]
    }

    #[test]
    fn same_as_tabled_when_unlimited() {
        #[derive(tabled::Tabled)]
        struct R {
            a: &'static str,
            bee: u32,
        }
        let ours = crate::output::table([R { a: "x", bee: 10 }, R { a: "long", bee: 2 }], "");
        let mut t = tabled::Table::new([R { a: "x", bee: 10 }, R { a: "long", bee: 2 }]);
        t.with(tabled::settings::Style::rounded());
        assert_eq!(ours, t.to_string());
    }

    #[test]
    fn fits_by_dropping_then_cutting() {
        let full = fit_table(&columns(), rows(), None, "");
        assert!(full.contains("2026-11-02T10:00:00.000Z"));
        let narrow = fit_table(&columns(), rows(), Some(75), "");
        for line in narrow.lines() {
            assert!(display_width(line) <= 75, "{line}");
        }
        assert!(
            !narrow.contains("started") && narrow.contains("manual"),
            "{narrow}"
        );
        let tiny = fit_table(&columns(), rows(), Some(40), "");
        assert!(tiny.lines().all(|l| display_width(l) <= 40), "{tiny}");
        assert!(tiny.contains('…') && !tiny.contains("trigger"), "{tiny}");
    }

    #[test]
    fn colour_takes_no_room() {
        let cols = vec![Column::keep("field"), Column::keep("v")];
        let rows = vec![
            vec!["\x1b[1;33m* end\x1b[0m".into(), "a".into()],
            vec!["begin".into(), "b".into()],
        ];
        let t = fit_table(&cols, rows, None, "");
        let widths: Vec<usize> = t.lines().map(display_width).collect();
        assert!(widths.iter().all(|w| *w == widths[0]), "{t}");
        assert_eq!(truncate("\x1b[1mabcdef\x1b[0m", 4), "\x1b[1mabc…\x1b[0m");
        assert_eq!(wrap_line("one two three", 7), vec!["one two", "three"]);
    }
}
