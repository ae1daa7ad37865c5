//! Checks on a cron expression before it is saved, with errors that name the field:
//! `61 * * * *` → "minute field: 61 is out of range 0-59"; and one that never fires
//! (`0 3 31 2 *`) is refused instead of being stored as a schedule that never runs.

use crate::error::Error;

struct Field {
    name: &'static str,
    min: u32,
    max: u32,
    names: &'static [&'static str],
}

const SECOND: Field = Field {
    name: "second",
    min: 0,
    max: 59,
    names: &[],
};
const FIVE: [Field; 5] = [
    Field {
        name: "minute",
        min: 0,
        max: 59,
        names: &[],
    },
    Field {
        name: "hour",
        min: 0,
        max: 23,
        names: &[],
    },
    Field {
        name: "day-of-month",
        min: 1,
        max: 31,
        names: &[],
    },
    Field {
        name: "month",
        min: 1,
        max: 12,
        names: &[
            "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
        ],
    },
    Field {
        name: "weekday",
        min: 0,
        max: 7,
        names: &["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"],
    },
];

/// The fields of a 5- or 6-field expression, each checked against its range.
pub(super) fn check_fields(expr: &str) -> Result<(), Error> {
    let parts: Vec<&str> = expr.split_whitespace().collect();
    let fields: Vec<&Field> = match parts.len() {
        5 => FIVE.iter().collect(),
        6 => std::iter::once(&SECOND).chain(FIVE.iter()).collect(),
        n => {
            return Err(Error::config(format!(
                "invalid cron expression `{expr}`: expected 5 fields (minute hour day-of-month month weekday) \
                 or 6 (second first), got {n}"
            )));
        }
    };
    for (text, field) in parts.iter().zip(fields) {
        check_field(text, field)
            .map_err(|why| Error::config(format!("invalid cron expression `{expr}`: {why}")))?;
    }
    Ok(())
}

fn check_field(text: &str, f: &Field) -> Result<(), String> {
    for item in text.split(',') {
        if item.is_empty() {
            return Err(format!("{} field: empty item in `{text}`", f.name));
        }
        let (range, step) = match item.split_once('/') {
            Some((r, s)) => (r, Some(s)),
            None => (item, None),
        };
        if let Some(s) = step {
            match s.parse::<u32>() {
                Ok(0) => return Err(format!("{} field: step 0 in `{item}`", f.name)),
                Ok(n) if n > f.max => {
                    return Err(format!(
                        "{} field: step {n} is larger than {}",
                        f.name, f.max
                    ));
                }
                Ok(_) => {}
                Err(_) => return Err(format!("{} field: step `{s}` is not a number", f.name)),
            }
        }
        if matches!(range, "*" | "?") {
            continue;
        }
        let bounds: Vec<&str> = range.splitn(2, '-').collect();
        let mut values = Vec::new();
        for b in &bounds {
            match value(b, f) {
                Some(Ok(v)) => values.push(v),
                Some(Err(why)) => return Err(why),
                // L, W, # and the like: croner checks those.
                None => return Ok(()),
            }
        }
        if let [lo, hi] = values[..]
            && lo > hi
        {
            return Err(format!("{} field: range {lo}-{hi} runs backwards", f.name));
        }
    }
    Ok(())
}

/// A number or name in range; None for syntax this check leaves to croner.
fn value(text: &str, f: &Field) -> Option<Result<u32, String>> {
    if let Some(i) = f.names.iter().position(|n| n.eq_ignore_ascii_case(text)) {
        return Some(Ok(i as u32 + f.min));
    }
    if !text.chars().all(|c| c.is_ascii_digit()) || text.is_empty() {
        return if text.chars().all(|c| c.is_ascii_alphabetic()) && text.len() == 3 {
            Some(Err(format!("{} field: unknown name `{text}`", f.name)))
        } else {
            None
        };
    }
    let n: u32 = match text.parse() {
        Ok(n) => n,
        Err(_) => {
            return Some(Err(format!(
                "{} field: {text} is out of range {}-{}",
                f.name, f.min, f.max
            )));
        }
    };
    if n < f.min || n > f.max {
        return Some(Err(format!(
            "{} field: {n} is out of range {}-{}",
            f.name, f.min, f.max
        )));
    }
    Some(Ok(n))
}

/// Refuse an expression with no fire time in the next years (e.g. February 31st).
pub(super) fn check_fires(
    expr: &str,
    next: &[chrono::DateTime<chrono_tz::Tz>],
) -> Result<(), Error> {
    if next.is_empty() {
        return Err(Error::config(format!(
            "cron expression `{expr}` never fires: no calendar date matches its day-of-month, \
             month and weekday fields"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(expr: &str) -> String {
        check_fields(expr).unwrap_err().to_string()
    }

    #[test]
    fn names_the_bad_field() {
        assert!(err("61 * * * *").ends_with("minute field: 61 is out of range 0-59"));
        assert!(err("* 24 * * *").contains("hour field: 24 is out of range 0-23"));
        assert!(err("0 0 0 * *").contains("day-of-month field: 0 is out of range 1-31"));
        assert!(err("0 0 * 13 *").contains("month field: 13 is out of range 1-12"));
        assert!(err("0 0 * * 8").contains("weekday field: 8 is out of range 0-7"));
        assert!(err("60 0 0 * * *").contains("second field: 60"));
        assert!(err("*/0 * * * *").contains("minute field: step 0"));
        assert!(err("0 5-2 * * *").contains("hour field: range 5-2 runs backwards"));
        assert!(err("0 0 * * FOO").contains("weekday field: unknown name `FOO`"));
        assert!(err("* * *").contains("got 3"));
        for ok in [
            "0 3 * * *",
            "*/15 * * * *",
            "0 9-17/2 * * MON-FRI",
            "0 0 1,15 JAN,jul *",
            "30 0 3 * * *",
            "0 0 L * *",
            "0 0 * * 5#2",
        ] {
            assert!(check_fields(ok).is_ok(), "{ok}");
        }
    }
}
