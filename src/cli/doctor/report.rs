//! What `syncd doctor` found: one check per line, grouped, with what to do; problems first.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub(super) enum Status {
    Ok,
    Warn,
    Fail,
}

impl Status {
    fn mark(self) -> &'static str {
        match self {
            Status::Ok => "ok  ",
            Status::Warn => "WARN",
            Status::Fail => "FAIL",
        }
    }
}

/// One finding.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Check {
    /// What the check is about: `config`, `store`, `connector timesheets`, `daemon` …
    pub group: String,
    pub name: String,
    pub status: Status,
    pub detail: String,
    /// What to do (a command where one fixes it); none when all is well.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

impl Check {
    pub(super) fn ok(group: &str, name: &str, detail: impl Into<String>) -> Check {
        Check {
            group: group.to_string(),
            name: name.to_string(),
            status: Status::Ok,
            detail: detail.into(),
            fix: None,
        }
    }

    pub(super) fn warn(
        group: &str,
        name: &str,
        detail: impl Into<String>,
        fix: impl Into<String>,
    ) -> Check {
        Check {
            status: Status::Warn,
            fix: Some(fix.into()),
            ..Check::ok(group, name, detail)
        }
    }

    pub(super) fn fail(
        group: &str,
        name: &str,
        detail: impl Into<String>,
        fix: impl Into<String>,
    ) -> Check {
        Check {
            status: Status::Fail,
            fix: Some(fix.into()),
            ..Check::ok(group, name, detail)
        }
    }
}

/// Everything doctor found, in the order it looked.
#[derive(Debug, Serialize)]
pub(super) struct Report {
    /// No failures (warnings allowed).
    pub healthy: bool,
    pub failures: usize,
    pub warnings: usize,
    pub checks: Vec<Check>,
}

impl Report {
    pub(super) fn new(checks: Vec<Check>) -> Report {
        let count = |s: Status| checks.iter().filter(|c| c.status == s).count();
        Report {
            healthy: count(Status::Fail) == 0,
            failures: count(Status::Fail),
            warnings: count(Status::Warn),
            checks,
        }
    }

    /// Problems first (failures, then warnings, each with its fix), then every check by
    /// group, one line each.
    pub(super) fn render(&self) -> String {
        let mut out = Vec::new();
        out.push(match (self.failures, self.warnings) {
            (0, 0) => "syncd doctor: healthy, nothing to do".to_string(),
            (0, w) => format!("syncd doctor: healthy, {w} {}", noun(w, "warning")),
            (f, w) => format!(
                "syncd doctor: {f} {} to fix, {w} {}",
                noun(f, "problem"),
                noun(w, "warning")
            ),
        });
        let mut problems: Vec<&Check> = self
            .checks
            .iter()
            .filter(|c| c.status != Status::Ok)
            .collect();
        problems.sort_by_key(|c| std::cmp::Reverse(c.status));
        if !problems.is_empty() {
            out.push(String::new());
            for c in problems {
                out.push(format!(
                    "{} {}: {}: {}",
                    c.status.mark(),
                    c.group,
                    c.name,
                    c.detail
                ));
                if let Some(fix) = &c.fix {
                    out.push(format!("     fix: {fix}"));
                }
            }
        }
        let mut group: Option<&str> = None;
        let width = self.checks.iter().map(|c| c.name.len()).max().unwrap_or(0);
        for c in &self.checks {
            if group != Some(c.group.as_str()) {
                out.push(String::new());
                out.push(c.group.clone());
                group = Some(c.group.as_str());
            }
            out.push(format!(
                "  {} {:width$}  {}",
                c.status.mark(),
                c.name,
                c.detail
            ));
        }
        out.join("\n")
    }
}

fn noun(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_come_first_with_their_fix() {
        let r = Report::new(vec![
            Check::ok("config", "file", "/etc/syncd/config.yaml is valid"),
            Check::warn("daemon", "readyz", "slow", "look"),
            Check::fail("store", "free disk", "12 MB free", "free space on /var"),
        ]);
        assert!(!r.healthy);
        let text = r.render();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "syncd doctor: 1 problem to fix, 1 warning");
        assert_eq!(lines[2], "FAIL store: free disk: 12 MB free");
        assert_eq!(lines[3], "     fix: free space on /var");
        assert_eq!(lines[4], "WARN daemon: readyz: slow");
        assert!(
            text.contains("\nconfig\n  ok   file       /etc/syncd/config.yaml is valid"),
            "{text}"
        );
    }
}
