//! Kimai sim data types (public, for test-side access).

use chrono::{DateTime, NaiveDate, Utc};

#[derive(Debug, Clone, PartialEq)]
pub struct KimaiUser {
    pub id: i64,
    pub username: String,
    pub email: String,
    pub alias: Option<String>,
    pub timezone: String,
    pub language: String,
    pub enabled: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct KimaiCustomer {
    pub id: i64,
    pub name: String,
    /// Unique unless `allow_duplicate_customer_number` (auto `{pc,4}` when not sent).
    pub number: Option<String>,
    pub comment: Option<String>,
    pub visible: bool,
    pub billable: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct KimaiProject {
    pub id: i64,
    pub name: String,
    pub customer: i64,
    pub comment: Option<String>,
    pub visible: bool,
    pub billable: bool,
    pub global_activities: bool,
    /// Only "current" projects are listed unless `ignoreDates=1`.
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct KimaiActivity {
    pub id: i64,
    pub name: String,
    /// `None` = global activity.
    pub project: Option<i64>,
    pub comment: Option<String>,
    pub visible: bool,
    pub billable: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct KimaiTag {
    pub id: i64,
    pub name: String,
    pub visible: bool,
}

/// One stored timesheet, with UTC instants.
#[derive(Debug, Clone, PartialEq)]
pub struct SimTimesheet {
    pub id: i64,
    pub user: i64,
    pub project: i64,
    pub activity: i64,
    pub begin_utc: DateTime<Utc>,
    /// `None` = running record.
    pub end_utc: Option<DateTime<Utc>>,
    pub duration_secs: i64,
    /// IANA timezone the record was stored in (owner's tz at save time).
    pub timezone: String,
    pub description: Option<String>,
    pub tags: Vec<String>,
    pub exported: bool,
    pub billable: bool,
    /// Internal modifiedAt (UTC), used by `modified_after`.
    pub modified_at: DateTime<Utc>,
    pub hourly_rate: f64,
}

/// Input of [`KimaiSim::add_timesheet_as_human`].
#[derive(Debug, Clone)]
pub struct NewTimesheet {
    pub user: i64,
    pub project: i64,
    pub activity: i64,
    pub begin_utc: DateTime<Utc>,
    pub end_utc: DateTime<Utc>,
    pub description: Option<String>,
    pub tags: Vec<String>,
}

/// Changes a human makes in the Kimai UI; `None` = keep.
#[derive(Debug, Clone, Default)]
pub struct HumanEdit {
    pub description: Option<String>,
    pub begin_utc: Option<DateTime<Utc>>,
    pub end_utc: Option<DateTime<Utc>>,
    pub tags: Option<Vec<String>>,
    pub project: Option<i64>,
    pub activity: Option<i64>,
}

/// How Kimai rounds a saved record (`RoundingService` modes `default`, `closest`, `floor`,
/// `ceil` in `src/Timesheet/Rounding/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoundingMode {
    /// begin down, end up, duration up.
    Default,
    Closest,
    Floor,
    Ceil,
}

/// The admin's rounding rule (`timesheet.rounding.default.*`), applied on every save of a
/// record: begin, end and duration in minutes (0 or 1 = whole minutes only for begin/end,
/// 0 = duration not rounded), on the weekdays listed (weekday of the end, in the record's
/// timezone). The default is Kimai's: begin floor 1, end ceil 1, duration 0, every day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KimaiRounding {
    pub days: Vec<chrono::Weekday>,
    pub begin: u32,
    pub end: u32,
    pub duration: u32,
    pub mode: RoundingMode,
}

impl Default for KimaiRounding {
    fn default() -> Self {
        use chrono::Weekday::*;
        KimaiRounding {
            days: vec![Mon, Tue, Wed, Thu, Fri, Sat, Sun],
            begin: 1,
            end: 1,
            duration: 0,
            mode: RoundingMode::Default,
        }
    }
}

impl KimaiRounding {
    /// A rule of `minutes` for begin and end, duration unrounded, default mode.
    pub fn minutes(minutes: u32) -> KimaiRounding {
        KimaiRounding {
            begin: minutes,
            end: minutes,
            ..KimaiRounding::default()
        }
    }
}

/// The admin's timesheet settings (`kimai.timesheet.*` in `Configuration.php`, K@1f421c27),
/// with Kimai's defaults; `GET /api/config/timesheet` reports the first five.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KimaiTimesheetRules {
    /// `default`, `duration_fixed_begin` or `punch`.
    pub tracking_mode: String,
    pub default_begin_time: String,
    pub active_entries_hard_limit: i64,
    /// `rules.allow_future_times` (TimesheetFutureTimesValidator).
    pub allow_future_times: bool,
    /// `rules.allow_overlapping_records` (TimesheetOverlappingValidator).
    pub allow_overlapping: bool,
    /// `customer.rules.allow_duplicate_number` (CustomerValidator).
    pub allow_duplicate_customer_number: bool,
}

impl Default for KimaiTimesheetRules {
    fn default() -> Self {
        KimaiTimesheetRules {
            tracking_mode: "default".into(),
            default_begin_time: "now".into(),
            active_entries_hard_limit: 1,
            allow_future_times: true,
            allow_overlapping: true,
            allow_duplicate_customer_number: false,
        }
    }
}
