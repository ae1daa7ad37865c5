//! Kimai's rounding rule as syncd sees it. Kimai applies the admin's rule on every save
//! (`src/Timesheet/RoundingService.php`, `src/Timesheet/Rounding/*Rounding.php`: begin,
//! end and duration rounded on the UTC timestamp grid; the default only to whole minutes).
//! The API does not publish the rule, so syncd learns it from Kimai's answers to its own
//! writes, and uses it to tell Kimai's rounding from a person's edit.

use super::model::TimesheetView;
use crate::ids::{KimaiActivityId, KimaiProjectId, KimaiUserId};
use crate::store::LedgerRow;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Largest rule syncd will take as rounding (a bigger move is an edit or a wrong time).
const MAX_MINUTES: u32 = 60;

/// Grids admins choose, most likely first when the evidence fits several.
const GRIDS: [u32; 11] = [60, 30, 20, 15, 12, 10, 6, 5, 4, 3, 2];

/// What Kimai's answers showed about its rounding: per side, the greatest common divisor
/// (seconds) of every stored time since Kimai was first seen moving one of syncd's times;
/// `None` while Kimai kept syncd's whole minutes. Cached with the Kimai connector.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundingSeen {
    #[serde(default)]
    pub begin_gcd_secs: Option<u64>,
    #[serde(default)]
    pub end_gcd_secs: Option<u64>,
}

/// The grid (minutes) that evidence points to: the most common one every stored time sits on.
fn grid(gcd: Option<u64>) -> Option<u32> {
    let gcd = gcd?;
    GRIDS.into_iter().find(|g| gcd % (u64::from(*g) * 60) == 0)
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 { a } else { gcd(b, a % b) }
}

impl RoundingSeen {
    /// Minutes Kimai rounds begin times to, if it was seen rounding them.
    pub fn begin(&self) -> Option<u32> {
        grid(self.begin_gcd_secs)
    }

    pub fn end(&self) -> Option<u32> {
        grid(self.end_gcd_secs)
    }

    pub fn rounds(&self) -> bool {
        self.begin().is_some() || self.end().is_some()
    }

    /// One sentence for the run's notices.
    pub fn notice(&self) -> Option<String> {
        let side = |name: &str, g: Option<u32>| g.map(|g| format!("{name} times to {g} minutes"));
        let parts: Vec<String> = [side("begin", self.begin()), side("end", self.end())]
            .into_iter()
            .flatten()
            .collect();
        (!parts.is_empty()).then(|| {
            format!(
                "Kimai rounds {} (its rounding rule, as seen in its answers); syncd keeps the \
                 times Kimai stores and does not take them for edits",
                parts.join(" and ")
            )
        })
    }
}

/// True when a rule of `g` minutes moves `from` to `to`.
fn explains(g: u32, from: DateTime<Utc>, to: DateTime<Utc>) -> bool {
    let size = i64::from(g) * 60;
    g > 1 && to.timestamp().rem_euclid(size) == 0 && (to - from).num_seconds().abs() < size
}

/// Some rule of at most an hour moves `from` to `to` (used before the rule is known).
fn some_rule_explains(from: DateTime<Utc>, to: DateTime<Utc>) -> bool {
    from == to || (2..=MAX_MINUTES).any(|g| explains(g, from, to))
}

/// One write: the begin/end syncd sent and what Kimai stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Sample {
    pub sent: (DateTime<Utc>, DateTime<Utc>),
    pub stored: (DateTime<Utc>, DateTime<Utc>),
}

/// What a run's writes showed of one side (begin or end), gathered write by write.
#[derive(Debug, Clone, Copy, Default)]
struct SideEvidence {
    /// A time Kimai kept as sent, off the grid seen before: that rule is gone.
    contradicted: bool,
    /// Greatest common divisor of the stored times (seconds).
    stored_gcd: u64,
    /// Kimai stored a time other than the one sent.
    moved: bool,
}

impl SideEvidence {
    fn add(&mut self, grid_before: Option<u32>, sent: DateTime<Utc>, stored: DateTime<Utc>) {
        let secs = stored.timestamp().unsigned_abs();
        if grid_before.is_some_and(|g| sent == stored && !secs.is_multiple_of(u64::from(g) * 60)) {
            self.contradicted = true;
        }
        self.stored_gcd = gcd(self.stored_gcd, secs);
        self.moved |= sent != stored;
    }

    fn learned(&self, prev: Option<u64>) -> Option<u64> {
        let prev = if self.contradicted { None } else { prev };
        let next = match prev {
            Some(p) => gcd(p, self.stored_gcd),
            None if self.moved => self.stored_gcd,
            None => return None,
        };
        grid(Some(next)).map(|_| next)
    }
}

/// Learns Kimai's rounding from a run's writes as they are answered: nothing is kept per
/// write, so a first sync of 100,000 entries costs a few bytes here.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Learner {
    prev: RoundingSeen,
    begin: SideEvidence,
    end: SideEvidence,
}

impl Learner {
    pub(crate) fn new(prev: RoundingSeen) -> Learner {
        Learner {
            prev,
            begin: SideEvidence::default(),
            end: SideEvidence::default(),
        }
    }

    pub(crate) fn add(&mut self, s: Sample) {
        let (before_begin, before_end) = (self.prev.begin(), self.prev.end());
        self.begin.add(before_begin, s.sent.0, s.stored.0);
        self.end.add(before_end, s.sent.1, s.stored.1);
    }

    /// What was seen before, updated with this run's writes.
    pub(crate) fn learned(&self) -> RoundingSeen {
        RoundingSeen {
            begin_gcd_secs: self.begin.learned(self.prev.begin_gcd_secs),
            end_gcd_secs: self.end.learned(self.prev.end_gcd_secs),
        }
    }
}

/// What was seen before, updated with `samples`.
#[cfg(test)]
pub(crate) fn learn(prev: RoundingSeen, samples: &[Sample]) -> RoundingSeen {
    let mut learner = Learner::new(prev);
    samples.iter().for_each(|s| learner.add(*s));
    learner.learned()
}

/// What syncd sent in a create or update.
#[derive(Debug, Clone)]
pub(crate) struct Sent {
    pub begin: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub project: KimaiProjectId,
    pub activity: KimaiActivityId,
    /// `None`: the field was not sent.
    pub user: Option<KimaiUserId>,
    pub description: String,
}

/// How what Kimai stored compares with what was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Stored {
    Exact,
    /// Times moved as a rounding rule moves them.
    Rounded,
    /// Something else: a wrong timezone, a field Kimai ignored. Says what differs.
    Mismatch(String),
}

pub(crate) fn check_stored(sent: &Sent, stored: &TimesheetView, seen: RoundingSeen) -> Stored {
    let mut wrong = Vec::new();
    let stored_end = stored.end.unwrap_or(stored.begin);
    let moved = |g: Option<u32>, from, to| {
        from == to || g.is_some_and(|g| explains(g, from, to)) || some_rule_explains(from, to)
    };
    let (grid_begin, grid_end) = (seen.begin(), seen.end());
    let (db, de) = (stored.begin - sent.begin, stored_end - sent.end);
    // A wrong timezone moves both ends by the same amount (a multiple of 15 minutes);
    // rounding does that only within the grid syncd has seen.
    let shifted = db == de
        && db.num_minutes().abs() >= 15
        && !(grid_begin.is_some_and(|g| explains(g, sent.begin, stored.begin))
            && grid_end.is_some_and(|g| explains(g, sent.end, stored_end)));
    if shifted
        || !moved(grid_begin, sent.begin, stored.begin)
        || !moved(grid_end, sent.end, stored_end)
    {
        wrong.push(format!(
            "begin {} end {} instead of {} and {}",
            stored.begin.to_rfc3339(),
            stored.end.map_or("(running)".into(), |e| e.to_rfc3339()),
            sent.begin.to_rfc3339(),
            sent.end.to_rfc3339()
        ));
    }
    if stored.project != sent.project {
        wrong.push(format!(
            "project {} instead of {}",
            stored.project, sent.project
        ));
    }
    if stored.activity != sent.activity {
        wrong.push(format!(
            "activity {} instead of {}",
            stored.activity, sent.activity
        ));
    }
    if let Some(u) = sent.user.filter(|u| *u != stored.user) {
        wrong.push(format!("user {} instead of {u}", stored.user));
    }
    if stored.description.trim() != sent.description.trim() {
        wrong.push("another description".into());
    }
    if !wrong.is_empty() {
        Stored::Mismatch(wrong.join(", "))
    } else if stored.begin == sent.begin && stored_end == sent.end {
        Stored::Exact
    } else {
        Stored::Rounded
    }
}

/// How a timesheet read now compares with what syncd last wrote or accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TargetChange {
    Same,
    /// Only begin/end moved, as the rounding rule syncd has seen moves them (Kimai
    /// re-applies its rule on every save, also when a person changes only the tags).
    Rounded,
    Edited,
}

pub(crate) fn target_change(
    row: &LedgerRow,
    view: &TimesheetView,
    seen: RoundingSeen,
) -> TargetChange {
    if row.target_fingerprint.as_deref() == Some(view.fingerprint().as_str()) {
        return TargetChange::Same;
    }
    let Some(last) = row
        .target_snapshot
        .as_deref()
        .and_then(|s| serde_json::from_str::<TimesheetView>(s).ok())
    else {
        return TargetChange::Edited;
    };
    let same_fields = last.project == view.project
        && last.activity == view.activity
        && last.user == view.user
        && last.description.trim() == view.description.trim();
    let side = |g: Option<u32>, from: DateTime<Utc>, to: DateTime<Utc>| {
        from == to || g.is_some_and(|g| explains(g, from, to))
    };
    let times = side(seen.begin(), last.begin, view.begin)
        && match (last.end, view.end) {
            (Some(a), Some(b)) => side(seen.end(), a, b),
            (a, b) => a == b,
        };
    if same_fields && times {
        TargetChange::Rounded
    } else {
        TargetChange::Edited
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::KimaiTimesheetId;

    fn t(s: &str) -> DateTime<Utc> {
        format!("2026-11-02T{s}:00Z").parse().unwrap()
    }

    fn sample(sent: (&str, &str), stored: (&str, &str)) -> Sample {
        Sample {
            sent: (t(sent.0), t(sent.1)),
            stored: (t(stored.0), t(stored.1)),
        }
    }

    fn view(begin: &str, end: &str) -> TimesheetView {
        TimesheetView {
            id: KimaiTimesheetId(1),
            begin: t(begin),
            end: Some(t(end)),
            project: KimaiProjectId(1),
            activity: KimaiActivityId(2),
            user: KimaiUserId(3),
            description: "[m] x".into(),
            tags: vec![],
            exported: false,
            begin_offset: None,
            end_offset: None,
        }
    }

    #[test]
    fn learns_the_grid_from_answers_and_forgets_it_when_kimai_stops_rounding() {
        let seen = learn(
            RoundingSeen::default(),
            &[
                sample(("09:47", "10:07"), ("09:45", "10:15")),
                sample(("11:30", "12:00"), ("11:30", "12:00")),
            ],
        );
        assert_eq!((seen.begin(), seen.end()), (Some(15), Some(15)));
        assert!(seen.notice().unwrap().contains("15 minutes"));
        // Kimai's default rule: whole minutes kept as sent.
        let none = learn(
            RoundingSeen::default(),
            &[sample(("09:47", "10:07"), ("09:47", "10:07"))],
        );
        assert!(!none.rounds());
        assert!(!learn(seen, &[sample(("09:47", "10:07"), ("09:47", "10:07"))]).rounds());
        assert_eq!(learn(seen, &[]), seen);
    }

    #[test]
    fn stored_times_a_rule_explains_are_rounded_a_timezone_shift_is_not() {
        let sent = Sent {
            begin: t("09:47"),
            end: t("10:07"),
            project: KimaiProjectId(1),
            activity: KimaiActivityId(2),
            user: Some(KimaiUserId(3)),
            description: "[m] x".into(),
        };
        let none = RoundingSeen::default();
        assert_eq!(
            check_stored(&sent, &view("09:47", "10:07"), none),
            Stored::Exact
        );
        assert_eq!(
            check_stored(&sent, &view("09:45", "10:15"), none),
            Stored::Rounded
        );
        // 4h30 off (Asia/Kolkata read as Europe/Berlin), or one hour off: wrong.
        assert!(matches!(
            check_stored(&sent, &view("05:17", "05:37"), none),
            Stored::Mismatch(_)
        ));
        assert!(matches!(
            check_stored(&sent, &view("08:47", "09:07"), none),
            Stored::Mismatch(_)
        ));
        let mut other = view("09:47", "10:07");
        other.user = KimaiUserId(1);
        assert!(
            matches!(check_stored(&sent, &other, none), Stored::Mismatch(m) if m.contains("user 1"))
        );
    }

    #[test]
    fn a_person_moving_the_end_is_an_edit_kimai_rerounding_is_not() {
        let last = view("09:45", "10:15");
        let mut row = LedgerRow::new(
            crate::ids::ZammadEntryId(1),
            crate::store::LedgerState::Synced,
        );
        row.target_fingerprint = Some(last.fingerprint());
        row.target_snapshot = serde_json::to_string(&last).ok();
        let fifteen = RoundingSeen {
            begin_gcd_secs: Some(900),
            end_gcd_secs: Some(900),
        };
        assert_eq!(target_change(&row, &last, fifteen), TargetChange::Same);
        let mut tags = last.clone();
        tags.tags = vec!["billing".into()];
        assert_eq!(target_change(&row, &tags, fifteen), TargetChange::Same);
        assert_eq!(
            target_change(&row, &view("09:45", "10:45"), fifteen),
            TargetChange::Edited
        );
        let mut row2 = row.clone();
        let unrounded = view("09:47", "10:07");
        row2.target_fingerprint = Some(unrounded.fingerprint());
        row2.target_snapshot = serde_json::to_string(&unrounded).ok();
        assert_eq!(target_change(&row2, &last, fifteen), TargetChange::Rounded);
        assert_eq!(
            target_change(&row2, &last, RoundingSeen::default()),
            TargetChange::Edited
        );
    }
}
