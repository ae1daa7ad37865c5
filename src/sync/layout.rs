//! Where the plan's timesheets go in time when Kimai forbids overlapping records
//! (`TimesheetOverlappingValidator`: one user's stopped records must not overlap) or
//! future times (`TimesheetFutureTimesValidator`). Entries are anchored on the moment the
//! agent logged the time, so two entries logged minutes apart overlap routinely. Each
//! Kimai user's new intervals keep their duration and move earlier, never later than the
//! anchor, until they touch nothing; the run says which ones moved.

use super::fetch::view_of;
use super::model::{Desired, SourceEntry};
use super::plan::{Op, Plan};
use super::wallclock;
use crate::http::ApiError;
use crate::ids::{KimaiTimesheetId, KimaiUserId};
use crate::kimai::{KimaiClient, TimesheetQuery, UserFilter};
use chrono::{DateTime, Duration, DurationRound, Utc};
use chrono_tz::Tz;
use std::collections::{HashMap, HashSet};

/// What the rules ask of this run.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rules {
    pub allow_overlapping: bool,
    pub allow_future_times: bool,
}

impl Rules {
    pub(crate) fn needed(&self) -> bool {
        !self.allow_overlapping || !self.allow_future_times
    }
}

/// A stretch of time, in UTC.
type Span = (DateTime<Utc>, DateTime<Utc>);

/// Kimai's stopped records of one user: (timesheet, begin, end).
pub(crate) type Occupied =
    HashMap<KimaiUserId, Vec<(KimaiTimesheetId, DateTime<Utc>, DateTime<Utc>)>>;

/// Who owns a planned write's timesheet: the user sent, else the API user for a create
/// and the record's owner for an update (a PATCH without `user` keeps it).
fn owner(op: &Op, api_user: KimaiUserId) -> Option<(KimaiUserId, &Desired)> {
    match op {
        Op::Create { desired } => Some((desired.user.unwrap_or(api_user), desired)),
        Op::Update { desired, owner, .. } => Some((desired.user.unwrap_or(*owner), desired)),
        _ => None,
    }
}

/// Move the plan's writes so Kimai's rules accept them (reading the affected users'
/// records when overlapping is not allowed).
pub(crate) async fn keep_rules(
    k: &KimaiClient,
    plan: &mut Plan,
    entries: &[SourceEntry],
    config: &crate::kimai::TimesheetConfig,
    api_user: KimaiUserId,
    tz: Tz,
) -> anyhow::Result<()> {
    use anyhow::Context;
    let rules = Rules {
        allow_overlapping: config.is_allow_overlapping,
        allow_future_times: config.is_allow_future_times,
    };
    if !rules.needed() {
        return Ok(());
    }
    // Moving intervals needs whole items (a run under these rules holds them all).
    plan.expand_fresh(entries);
    let occupied = if rules.allow_overlapping {
        Occupied::new()
    } else {
        occupied(k, plan, api_user, tz)
            .await
            .context("cannot read the Kimai users' timesheets to avoid overlaps")?
    };
    // Kimai's clock decides what is "future"; ours may run ahead of it.
    let now = k.server_time().unwrap_or_else(Utc::now).min(Utc::now());
    lay_out(plan, &occupied, rules, now, api_user, tz);
    Ok(())
}

/// Read each affected user's records around the plan's intervals (far enough back for
/// every interval to move past all the others).
pub(crate) async fn occupied(
    k: &KimaiClient,
    plan: &Plan,
    api_user: KimaiUserId,
    tz: Tz,
) -> Result<Occupied, ApiError> {
    let mut span: HashMap<KimaiUserId, (DateTime<Utc>, DateTime<Utc>, Duration)> = HashMap::new();
    for item in &plan.items {
        let Some((user, desired)) = owner(&item.op, api_user) else {
            continue;
        };
        let e = span
            .entry(user)
            .or_insert((desired.begin, desired.end, Duration::zero()));
        e.0 = e.0.min(desired.begin);
        e.1 = e.1.max(desired.end);
        e.2 += desired.end - desired.begin;
    }
    let mut out = Occupied::new();
    let mut users: Vec<_> = span.into_iter().collect();
    users.sort_by_key(|(u, _)| *u);
    for (user, (lo, hi, total)) in users {
        // `begin`/`end` filter on a record's begin, read in the API user's timezone; a
        // day's margin catches records that began earlier and still run into the span.
        let query = TimesheetQuery {
            user: Some(UserFilter::Id(user)),
            begin: Some(wallclock::local(lo - total - Duration::days(1), tz)),
            end: Some(wallclock::local(hi, tz)),
            ..TimesheetQuery::default()
        };
        let found = k.all_timesheets(&query).await?;
        out.insert(
            user,
            found
                .iter()
                .map(view_of)
                .filter(|v| v.user == user)
                .filter_map(|v| Some((v.id, v.begin, v.end?)))
                .collect(),
        );
    }
    Ok(out)
}

/// Move the plan's creates and updates so they keep the rules; notices say which moved.
/// `now` is the latest end Kimai accepts (when future times are not allowed).
pub(crate) fn lay_out(
    plan: &mut Plan,
    occupied: &Occupied,
    rules: Rules,
    now: DateTime<Utc>,
    api_user: KimaiUserId,
    tz: Tz,
) {
    let minute = Duration::minutes(1);
    let latest = now.duration_trunc(minute).unwrap_or(now);
    // The records being rewritten do not block themselves.
    let rewritten: HashSet<KimaiTimesheetId> = plan
        .items
        .iter()
        .filter_map(|i| match &i.op {
            Op::Update { timesheet, .. } => Some(*timesheet),
            _ => None,
        })
        .collect();
    let mut taken: HashMap<KimaiUserId, Vec<Span>> = HashMap::new();
    if !rules.allow_overlapping {
        for (user, records) in occupied {
            taken.entry(*user).or_default().extend(
                records
                    .iter()
                    .filter(|(id, _, _)| !rewritten.contains(id))
                    .map(|(_, b, e)| (*b, *e)),
            );
        }
    }
    // Latest first: later entries keep their place, earlier ones give way.
    let mut order: Vec<(usize, KimaiUserId, DateTime<Utc>)> = plan
        .items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| owner(&item.op, api_user).map(|(u, d)| (i, u, d.end)))
        .collect();
    order.sort_by(|a, b| b.2.cmp(&a.2).then(b.0.cmp(&a.0)));
    let mut notices = Vec::new();
    for (index, user, _) in order {
        let item = &mut plan.items[index];
        let (Op::Create { desired } | Op::Update { desired, .. }) = &mut item.op else {
            continue;
        };
        let len = desired.end - desired.begin;
        let mut end = desired.end;
        if !rules.allow_future_times {
            end = end.min(latest);
        }
        let busy = taken.entry(user).or_default();
        if !rules.allow_overlapping {
            end = free_end(busy, end, len, tz);
        }
        let moved = desired.end - end;
        if moved > Duration::zero() {
            let why = if rules.allow_overlapping || desired.end > latest && end == latest {
                "Kimai does not accept times in the future".to_string()
            } else {
                format!("Kimai does not allow overlapping timesheets (Kimai user {user})")
            };
            notices.push(format!(
                "entry {} (ticket #{}): moved {} min earlier, {} – {} UTC: {why}",
                item.entry,
                item.ticket_number.as_deref().unwrap_or("?"),
                moved.num_minutes(),
                (end - len).format("%Y-%m-%d %H:%M"),
                end.format("%H:%M"),
            ));
            desired.begin = end - len;
            desired.end = end;
            desired.shifted_minutes -= moved.num_minutes();
        }
        if !rules.allow_overlapping {
            busy.push((end - len, end));
        }
    }
    for n in notices {
        plan.notice(n);
    }
}

/// The latest end ≤ `end` such that [end − len, end] overlaps nothing in `busy` (records
/// that only touch are fine, as in `hasRecordForTime`) and both ends can be written as
/// wall-clock times in `tz`.
fn free_end(busy: &[Span], mut end: DateTime<Utc>, len: Duration, tz: Tz) -> DateTime<Utc> {
    loop {
        let begin = end - len;
        let clash = busy
            .iter()
            .filter(|(b, e)| *b < end && begin < *e)
            .map(|(b, _)| *b)
            .min();
        match clash {
            Some(b) => end = b,
            None if !wallclock::representable(begin, tz) || !wallclock::representable(end, tz) => {
                end -= Duration::minutes(1)
            }
            None => return end,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{KimaiActivityId, KimaiProjectId};
    use crate::sync::model::Ref;
    use crate::sync::plan::Item;

    fn t(s: &str) -> DateTime<Utc> {
        format!("2026-11-02T{s}:00Z").parse().unwrap()
    }

    fn create(entry: i64, user: Option<i64>, begin: &str, end: &str) -> Item {
        Item {
            entry: crate::ids::ZammadEntryId(entry),
            ticket: None,
            ticket_number: Some("10101".into()),
            op: Op::Create {
                desired: Desired {
                    begin: t(begin),
                    end: t(end),
                    shifted_minutes: 0,
                    project: Ref::Existing(KimaiProjectId(1)),
                    activity: Ref::Existing(KimaiActivityId(1)),
                    user: user.map(KimaiUserId),
                    description: String::new(),
                    tags: vec![],
                },
            },
            source_fingerprint: None,
            source_updated_at: None,
            source: None,
        }
    }

    fn interval(plan: &Plan, i: usize) -> (DateTime<Utc>, DateTime<Utc>) {
        match &plan.items[i].op {
            Op::Create { desired } => (desired.begin, desired.end),
            _ => unreachable!(),
        }
    }

    const NO_OVERLAP: Rules = Rules {
        allow_overlapping: false,
        allow_future_times: true,
    };

    #[test]
    fn overlapping_entries_of_one_user_move_earlier_and_keep_their_length() {
        let mut plan = Plan {
            items: vec![
                create(1, Some(2), "09:30", "10:00"),
                create(2, Some(2), "09:35", "10:05"),
                create(3, Some(3), "09:30", "10:00"),
            ],
            ..Plan::default()
        };
        let mut occupied = Occupied::new();
        occupied.insert(
            KimaiUserId(2),
            vec![(KimaiTimesheetId(9), t("09:00"), t("09:20"))],
        );
        lay_out(
            &mut plan,
            &occupied,
            NO_OVERLAP,
            t("23:00"),
            KimaiUserId(1),
            chrono_tz::UTC,
        );
        assert_eq!(interval(&plan, 1), (t("09:35"), t("10:05")), "latest stays");
        assert_eq!(interval(&plan, 0), (t("08:30"), t("09:00")), "before both");
        assert_eq!(interval(&plan, 2), (t("09:30"), t("10:00")), "other user");
        assert_eq!(plan.notices.len(), 1, "{:?}", plan.notices);
        assert!(plan.notices[0].contains("entry 1") && plan.notices[0].contains("60 min"));
    }

    #[test]
    fn touching_is_not_overlapping_and_future_ends_come_back_to_now() {
        let mut plan = Plan {
            items: vec![
                create(1, None, "10:00", "10:15"),
                create(2, None, "22:50", "23:20"),
            ],
            ..Plan::default()
        };
        let mut occupied = Occupied::new();
        occupied.insert(
            KimaiUserId(1),
            vec![(KimaiTimesheetId(9), t("10:15"), t("10:30"))],
        );
        let rules = Rules {
            allow_overlapping: false,
            allow_future_times: false,
        };
        lay_out(
            &mut plan,
            &occupied,
            rules,
            t("23:00"),
            KimaiUserId(1),
            chrono_tz::UTC,
        );
        assert_eq!(interval(&plan, 0), (t("10:00"), t("10:15")));
        assert_eq!(interval(&plan, 1), (t("22:30"), t("23:00")));
        assert!(plan.notices[0].contains("future"), "{:?}", plan.notices);
    }
}
