//! Conflict reasons and resolution actions, shared by sync (detection), the CLI prompts
//! and bulk resolution.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Why an entry could not be synced automatically. Kebab-case in JSON and flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    UnmappedActivity,
    UnmappedUser,
    TargetEdited,
    BothChanged,
    DuplicateMarker,
    TargetDeleted,
    SourceDeleted,
    LockedPeriod,
    TargetRejected,
    NegativeCorrection,
    UnknownTimezone,
    /// The Zammad token may not read the entry's ticket (or its organization).
    SourceUnreadable,
}

pub(crate) const ALL_REASONS: [Reason; 12] = [
    Reason::UnmappedActivity,
    Reason::UnmappedUser,
    Reason::TargetEdited,
    Reason::BothChanged,
    Reason::DuplicateMarker,
    Reason::TargetDeleted,
    Reason::SourceDeleted,
    Reason::LockedPeriod,
    Reason::TargetRejected,
    Reason::NegativeCorrection,
    Reason::UnknownTimezone,
    Reason::SourceUnreadable,
];

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::UnmappedActivity => "unmapped-activity",
            Reason::UnmappedUser => "unmapped-user",
            Reason::TargetEdited => "target-edited",
            Reason::BothChanged => "both-changed",
            Reason::DuplicateMarker => "duplicate-marker",
            Reason::TargetDeleted => "target-deleted",
            Reason::SourceDeleted => "source-deleted",
            Reason::LockedPeriod => "locked-period",
            Reason::TargetRejected => "target-rejected",
            Reason::NegativeCorrection => "negative-correction",
            Reason::UnknownTimezone => "unknown-timezone",
            Reason::SourceUnreadable => "source-unreadable",
        }
    }

    /// One sentence for people answering the prompt.
    pub fn explanation(self) -> &'static str {
        match self {
            Reason::UnmappedActivity => {
                "The Zammad activity type has no Kimai activity mapped and there is no default activity."
            }
            Reason::UnmappedUser => {
                "The Zammad agent has no Kimai user mapped (and none matches by email)."
            }
            Reason::TargetEdited => "Someone changed the Kimai timesheet after syncd wrote it.",
            Reason::BothChanged => {
                "The Zammad entry and the Kimai timesheet both changed since the last sync."
            }
            Reason::DuplicateMarker => {
                "More than one Kimai timesheet carries this entry's marker (a create sent twice, or a copy made by hand): the time is booked more than once."
            }
            Reason::TargetDeleted => {
                "The Kimai timesheet was deleted in Kimai after syncd wrote it."
            }
            Reason::SourceDeleted => {
                "The Zammad entry was deleted; its Kimai timesheet still exists."
            }
            Reason::LockedPeriod => {
                "Kimai refuses changes: the timesheet is exported or its period is locked."
            }
            Reason::TargetRejected => "Kimai rejected the timesheet (validation error).",
            Reason::NegativeCorrection => {
                "The agent booked negative time to correct an earlier entry; Kimai has no negative timesheets."
            }
            Reason::UnknownTimezone => {
                "Kimai reads a change's times in the timesheet owner's timezone, and syncd cannot tell which it is."
            }
            Reason::SourceUnreadable => {
                "The Zammad token may not read the entry's ticket, so its customer and project are unknown; it is booked once the token can read it."
            }
        }
    }

    /// Actions that make sense for this reason, in menu order.
    pub fn actions(self) -> &'static [Action] {
        use Action::*;
        match self {
            Reason::UnmappedActivity | Reason::UnmappedUser => &[Map, Ignore, Skip],
            Reason::TargetEdited => &[TakeZammad, KeepKimai, Ignore, Skip],
            Reason::BothChanged => &[TakeZammad, KeepKimai, Ignore, Skip],
            // Keeping every copy would book the time twice; `ignore` leaves them all alone.
            Reason::DuplicateMarker => &[DeleteKimai, Ignore, Skip],
            Reason::TargetDeleted => &[Recreate, KeepKimai, Ignore, Skip],
            Reason::SourceDeleted => &[DeleteKimai, KeepKimai, Ignore, Skip],
            Reason::LockedPeriod => &[KeepKimai, TakeZammad, Ignore, Skip],
            Reason::TargetRejected => &[Recreate, Ignore, Skip],
            Reason::NegativeCorrection => &[Net, Ignore, Skip],
            Reason::UnknownTimezone => &[TakeZammad, KeepKimai, Ignore, Skip],
            Reason::SourceUnreadable => &[Ignore, Skip],
        }
    }

    /// Actions for one conflict: like [`Reason::actions`], but refined by what exists.
    /// A locked period or a rejection on create (no timesheet) can only be retried; a
    /// rejected update can be retried (take-zammad) or accepted (keep-kimai); a locked
    /// timesheet whose Zammad entry is gone has no Zammad values to take; an entry
    /// changed to zero or negative time may delete or keep its timesheet.
    pub fn actions_for(self, has_timesheet: bool, has_source: bool) -> &'static [Action] {
        use Action::*;
        match (self, has_timesheet, has_source) {
            (Reason::LockedPeriod, false, _) => &[Recreate, Ignore, Skip],
            (Reason::LockedPeriod, true, false) => &[KeepKimai, DeleteKimai, Ignore, Skip],
            (Reason::TargetRejected, true, _) => &[TakeZammad, KeepKimai, Ignore, Skip],
            (Reason::NegativeCorrection, true, _) => &[DeleteKimai, KeepKimai, Ignore, Skip],
            _ => self.actions(),
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Reason {
    type Err = crate::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ALL_REASONS
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| {
                let all: Vec<&str> = ALL_REASONS.iter().map(|r| r.as_str()).collect();
                crate::Error::usage(format!(
                    "unknown conflict reason `{s}`; expected one of: {}",
                    all.join(", ")
                ))
            })
    }
}

/// What a person (or a script) decides for a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    TakeZammad,
    KeepKimai,
    Recreate,
    DeleteKimai,
    Map,
    /// Negative correction: shorten the matching timesheet (as `negative_correction: net`).
    Net,
    Ignore,
    Skip,
}

pub(crate) const ALL_ACTIONS: [Action; 8] = [
    Action::TakeZammad,
    Action::KeepKimai,
    Action::Recreate,
    Action::DeleteKimai,
    Action::Map,
    Action::Net,
    Action::Ignore,
    Action::Skip,
];

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::TakeZammad => "take-zammad",
            Action::KeepKimai => "keep-kimai",
            Action::Recreate => "recreate",
            Action::DeleteKimai => "delete-kimai",
            Action::Map => "map",
            Action::Net => "net",
            Action::Ignore => "ignore",
            Action::Skip => "skip",
        }
    }

    /// Menu key in the interactive prompt.
    pub fn key(self) -> char {
        match self {
            Action::TakeZammad => 'z',
            Action::KeepKimai => 'k',
            Action::Recreate => 'r',
            Action::DeleteKimai => 'd',
            Action::Map => 'm',
            Action::Net => 'n',
            Action::Ignore => 'i',
            Action::Skip => 's',
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Action::TakeZammad => "take Zammad: overwrite the Kimai timesheet",
            Action::KeepKimai => "keep Kimai: accept the timesheet as it is",
            Action::Recreate => "recreate the timesheet in Kimai",
            Action::DeleteKimai => "delete the Kimai timesheet",
            Action::Map => "map: pick a Kimai activity or user and retry",
            Action::Net => {
                "net: shorten the latest timesheet of the same ticket, agent and activity by these minutes"
            }
            Action::Ignore => "ignore this entry for good",
            Action::Skip => "skip for now",
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Action {
    type Err = crate::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ALL_ACTIONS
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| {
                let all: Vec<&str> = ALL_ACTIONS.iter().map(|a| a.as_str()).collect();
                crate::Error::usage(format!(
                    "unknown action `{s}`; expected one of: {}",
                    all.join(", ")
                ))
            })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Open,
    Resolved,
    Ignored,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Resolved => "resolved",
            Status::Ignored => "ignored",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        [Status::Open, Status::Resolved, Status::Ignored]
            .into_iter()
            .find(|v| v.as_str() == s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_round_trip_as_kebab_case() {
        for r in ALL_REASONS {
            assert_eq!(r.as_str().parse::<Reason>().unwrap(), r);
            assert_eq!(
                serde_json::to_string(&r).unwrap(),
                format!("\"{}\"", r.as_str())
            );
        }
        assert!("target_edited".parse::<Reason>().is_err());
    }

    #[test]
    fn every_reason_offers_ignore_and_skip() {
        for r in ALL_REASONS {
            for ts in [false, true] {
                for src in [false, true] {
                    let a = r.actions_for(ts, src);
                    assert!(a.contains(&Action::Ignore) && a.contains(&Action::Skip));
                }
            }
        }
    }
}
