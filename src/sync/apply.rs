//! Apply: carry out a plan against Kimai with bounded concurrency, committing the ledger
//! per item so a crash loses nothing. Creates are never blindly retried: after a failure
//! the marker is searched first, so a write that landed before the connection dropped is
//! linked, not duplicated.

use super::fetch::{find_by_marker, view_of};
use super::model::{Desired, Ref, TimesheetView};
use super::plan::{Item, Op, Plan};
use super::rounding::{self, RoundingSeen, Sample, Sent, Stored};
use super::{wallclock, zones};
use crate::conflicts::Reason;
use crate::http::{ApiError, ApiErrorKind};
use crate::ids::*;
use crate::kimai::{KimaiClient, NewActivity, NewCustomer, NewProject, TimesheetWrite};
use crate::store::conflicts::NewConflict;
use crate::store::runs::RunEntry;
use crate::store::{LedgerRow, LedgerState, Pair, Store};
use crate::sync::Counts;
use chrono_tz::Tz;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Semaphore;

/// What apply needs besides the plan.
pub struct ApplyCtx {
    pub kimai: Arc<KimaiClient>,
    pub store: Arc<Mutex<Store>>,
    pub pair: Pair,
    pub run_id: String,
    pub marker_key: String,
    pub tag: String,
    pub api_timezone: Tz,
    /// Owners' timezones as known (the API user's included), for PATCHes.
    pub user_timezones: HashMap<i64, Tz>,
    /// How Kimai was seen rounding before this run.
    pub rounding: RoundingSeen,
    /// What this run sent and Kimai stored, to learn Kimai's rounding rule.
    pub samples: Mutex<Vec<Sample>>,
    pub concurrency: usize,
    pub attempts: u32,
    pub progress: Option<indicatif::ProgressBar>,
    /// Set by SIGTERM/SIGINT: finish the item in flight, start no new one.
    pub stop: Arc<std::sync::atomic::AtomicBool>,
}

/// What happened.
#[derive(Debug, Default)]
pub struct Applied {
    pub counts: Counts,
    pub errors: Vec<String>,
    /// Items that failed with errors worth retrying later (the run exits 75).
    pub retryable_failures: u64,
    pub interrupted: bool,
}

fn backoff(attempt: u32, err: &ApiError) -> Duration {
    if let Some(d) = err.retry_after() {
        return d.min(Duration::from_secs(30));
    }
    let base = 100u64 * (1u64 << attempt.min(6));
    Duration::from_millis(base.min(5_000) + rand::random_range(0..50))
}

fn locked(err: &ApiError) -> bool {
    match &err.kind {
        ApiErrorKind::Validation(fields) => fields
            .iter()
            .any(|f| f.message.to_lowercase().contains("locked")),
        _ => false,
    }
}

fn field_messages(err: &ApiError) -> String {
    match &err.kind {
        // TimesheetVoter refuses changes to exported records and to the locked period
        // (the body only says "Forbidden").
        ApiErrorKind::Forbidden => format!(
            "{err}: the timesheet is exported or in a locked period, or it belongs to a user \
             the API user may not edit (permissions edit_exported_timesheet, \
             lockdown_override_timesheet, edit_other_timesheet)"
        ),
        ApiErrorKind::Validation(fields) if !fields.is_empty() => fields
            .iter()
            .map(|f| {
                if f.field.is_empty() {
                    f.message.clone()
                } else {
                    format!("field `{}`: {}", f.field, f.message)
                }
            })
            .collect::<Vec<_>>()
            .join("; "),
        _ => err.message.clone(),
    }
}

impl ApplyCtx {
    fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        self.store.lock().expect("store lock")
    }

    fn conflict(
        &self,
        reason: Reason,
        item: &Item,
        timesheet: Option<KimaiTimesheetId>,
        target: Option<&TimesheetView>,
        detail: String,
    ) -> anyhow::Result<()> {
        let c = NewConflict {
            reason,
            entry: Some(item.entry),
            timesheet,
            ticket_number: item.ticket_number.clone(),
            customer: None,
            // What Kimai refused, with the ticket so a resolution can re-sync it.
            source: match &item.op {
                Op::Create { desired } | Op::Update { desired, .. } => {
                    let mut v = item
                        .source
                        .as_ref()
                        .and_then(|e| serde_json::to_value(e).ok())
                        .unwrap_or_else(|| {
                            serde_json::json!({
                                "id": item.entry,
                                "ticket": item.ticket,
                                "ticket_number": item.ticket_number,
                            })
                        });
                    if let Some(obj) = v.as_object_mut() {
                        obj.insert("fingerprint".into(), item.source_fingerprint.clone().into());
                        obj.insert(
                            "desired".into(),
                            serde_json::to_value(desired).unwrap_or_default(),
                        );
                    }
                    Some(v)
                }
                _ => None,
            },
            target: target.and_then(|t| serde_json::to_value(t).ok()),
            detail: Some(detail),
        };
        self.store()
            .upsert_conflict(self.pair, &c, Some(&self.run_id))?;
        Ok(())
    }

    /// POST with retries; before every retry, look for the marker in case it landed.
    async fn create_timesheet(
        &self,
        item: &Item,
        write: &TimesheetWrite,
    ) -> Result<TimesheetView, ApiError> {
        let mut attempt = 0;
        loop {
            match self.kimai.create_timesheet(write).await {
                Ok(t) => return Ok(view_of(&t)),
                Err(e) if e.is_retryable() && attempt + 1 < self.attempts => {
                    tokio::time::sleep(backoff(attempt, &e)).await;
                    attempt += 1;
                    if let Some(found) = self.search_marker(item.entry).await? {
                        return Ok(found);
                    }
                }
                Err(e) => return Err(e),
            }
        }
    }

    async fn search_marker(&self, entry: ZammadEntryId) -> Result<Option<TimesheetView>, ApiError> {
        let found = find_by_marker(&self.kimai, &self.marker_key, entry).await?;
        Ok(found.into_iter().min_by_key(|v| v.id))
    }

    fn write_for(&self, d: &Desired, tz: Tz, ids: &ResolvedRefs) -> Option<TimesheetWrite> {
        Some(TimesheetWrite {
            begin: Some(wallclock::local(d.begin, tz)),
            end: Some(wallclock::local(d.end, tz)),
            project: Some(ids.project(d.project)?),
            activity: Some(ids.activity(d.activity)?),
            description: Some(d.description.clone()),
            tags: Some(d.tags.clone()),
            user: d.user,
        })
    }

    fn synced_row(&self, item: &Item, view: &TimesheetView) -> LedgerRow {
        LedgerRow {
            entry: item.entry,
            timesheet: Some(view.id),
            state: LedgerState::Synced,
            ticket: item.ticket,
            source_fingerprint: item.source_fingerprint.clone(),
            target_fingerprint: Some(view.fingerprint()),
            target_snapshot: serde_json::to_string(view).ok(),
            source_updated_at: item.source_updated_at.clone(),
        }
    }

    /// Compare what Kimai stored with what was sent. A difference that is not rounding is
    /// a loud error: the timesheet is linked (never booked twice) and held as a conflict.
    fn check_answer(
        &self,
        item: &Item,
        write: &TimesheetWrite,
        desired: &Desired,
        view: &TimesheetView,
    ) -> anyhow::Result<Option<ItemOutcome>> {
        let sent = Sent {
            begin: desired.begin,
            end: desired.end,
            project: write.project.unwrap_or(view.project),
            activity: write.activity.unwrap_or(view.activity),
            user: write.user,
            description: write.description.clone().unwrap_or_default(),
        };
        let what = match rounding::check_stored(&sent, view, self.rounding) {
            Stored::Exact | Stored::Rounded => {
                self.samples.lock().expect("samples lock").push(Sample {
                    sent: (sent.begin, sent.end),
                    stored: (view.begin, view.end.unwrap_or(view.begin)),
                });
                return Ok(None);
            }
            Stored::Mismatch(what) => what,
        };
        let message = format!(
            "entry {}: Kimai stored timesheet {} with {what}; it is kept as a target-rejected \
             conflict (take-zammad writes Zammad's values again)",
            item.entry, view.id
        );
        self.record_synced(item, view, false)?;
        self.conflict(
            Reason::TargetRejected,
            item,
            Some(view.id),
            Some(view),
            message.clone(),
        )?;
        Ok(Some(ItemOutcome::Failed {
            message,
            retryable: false,
        }))
    }

    /// Kimai's rounding rule put back the end a net correction shortened: the correction
    /// cannot be booked. The entry is held as skipped (no PATCH again) with a conflict
    /// that says why; the conflict names no timesheet, as deleting it is no answer.
    fn correction_rounded_back(
        &self,
        item: &Item,
        view: &TimesheetView,
        desired: &Desired,
    ) -> anyhow::Result<ItemOutcome> {
        let mut row = LedgerRow::new(item.entry, LedgerState::Skipped);
        row.ticket = item.ticket;
        row.source_fingerprint = item.source_fingerprint.clone();
        row.source_updated_at = item.source_updated_at.clone();
        self.store()
            .ledger_put(self.pair, &row, Some(&self.run_id))?;
        let at = |t: Option<chrono::DateTime<chrono::Utc>>| {
            t.map_or("(running)".into(), |t| t.format("%H:%M UTC").to_string())
        };
        self.conflict(
            Reason::NegativeCorrection,
            item,
            None,
            Some(view),
            format!(
                "Kimai rounds times (its rounding rule): it put the shortened end of timesheet {} \
                 back from {} to {}, so this correction cannot be booked there; book corrections \
                 in whole steps of Kimai's rounding, or change the timesheet by hand",
                view.id,
                at(Some(desired.end)),
                at(view.end)
            ),
        )?;
        Ok(ItemOutcome::Conflict)
    }

    fn record_synced(
        &self,
        item: &Item,
        view: &TimesheetView,
        had_conflicts: bool,
    ) -> anyhow::Result<()> {
        let store = self.store();
        store.ledger_put(self.pair, &self.synced_row(item, view), Some(&self.run_id))?;
        if had_conflicts {
            store.resolve_entry_conflicts(self.pair, item.entry, "synced")?;
        }
        Ok(())
    }
}

/// Kimai ids for the plan's `Ref::New` indexes, once created.
#[derive(Debug, Default, Clone)]
pub struct ResolvedRefs {
    pub activities: Vec<Option<i64>>,
    pub customers: Vec<Option<i64>>,
    pub projects: Vec<Option<i64>>,
}

impl ResolvedRefs {
    fn get(list: &[Option<i64>], r: Ref) -> Option<i64> {
        match r {
            Ref::Existing(id) => Some(id),
            Ref::New(i) => list.get(i).copied().flatten(),
        }
    }
    fn project(&self, r: Ref) -> Option<i64> {
        Self::get(&self.projects, r)
    }
    fn activity(&self, r: Ref) -> Option<i64> {
        Self::get(&self.activities, r)
    }
}

/// Run a create with retries; on a retryable failure first check whether it exists.
async fn create_with_retry<T, F, Fut, C, CFut>(
    attempts: u32,
    create: F,
    check: C,
) -> Result<T, ApiError>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<T, ApiError>>,
    C: Fn() -> CFut,
    CFut: std::future::Future<Output = Result<Option<T>, ApiError>>,
{
    let mut attempt = 0;
    loop {
        match create().await {
            Ok(v) => return Ok(v),
            Err(e) if e.is_retryable() && attempt + 1 < attempts => {
                tokio::time::sleep(backoff(attempt, &e)).await;
                attempt += 1;
                if let Some(v) = check().await? {
                    return Ok(v);
                }
            }
            Err(e) => return Err(e),
        }
    }
}

/// Create customers, projects and activities the plan needs, storing a mapping for each.
pub async fn create_references(
    ctx: &ApplyCtx,
    plan: &Plan,
    applied: &mut Applied,
) -> anyhow::Result<ResolvedRefs> {
    let mut refs = ResolvedRefs::default();
    {
        let store = ctx.store();
        for link in &plan.mapping_links {
            store.upsert_auto_mapping(
                ctx.pair,
                link.kind,
                &link.source_key,
                link.source_name.as_deref(),
                link.target_id,
                &link.target_name,
                false,
            )?;
        }
    }
    let sem = Arc::new(Semaphore::new(ctx.concurrency.max(1)));

    // Activities.
    let mut tasks = Vec::new();
    for a in &plan.new_activities {
        let (k, sem, a) = (ctx.kimai.clone(), sem.clone(), a.clone());
        let attempts = ctx.attempts;
        tasks.push(tokio::spawn(async move {
            let _permit = sem.acquire_owned().await;
            let body = NewActivity {
                name: a.name.clone(),
                project: None,
            };
            let r = create_with_retry(
                attempts,
                || k.create_activity(&body),
                || async {
                    Ok(k.activities()
                        .await?
                        .into_iter()
                        .find(|x| x.project.is_none() && x.name == a.name))
                },
            )
            .await;
            (a, r)
        }));
    }
    for t in tasks {
        let (a, r) = t.await?;
        match r {
            Ok(created) => {
                ctx.store().upsert_auto_mapping(
                    ctx.pair,
                    "activity",
                    &a.source_key,
                    Some(&a.name),
                    created.id,
                    &created.name,
                    true,
                )?;
                applied.counts.activities_created += 1;
                refs.activities.push(Some(created.id));
            }
            Err(e) => {
                applied
                    .errors
                    .push(format!("cannot create Kimai activity `{}`: {e}", a.name));
                refs.activities.push(None);
            }
        }
    }

    // Customers.
    let mut tasks = Vec::new();
    for c in &plan.new_customers {
        let (k, sem, c) = (ctx.kimai.clone(), sem.clone(), c.clone());
        let attempts = ctx.attempts;
        tasks.push(tokio::spawn(async move {
            let _permit = sem.acquire_owned().await;
            let body = NewCustomer {
                name: c.name.clone(),
                number: Some(c.number.clone()),
                comment: Some(c.comment.clone()),
            };
            let r = create_with_retry(
                attempts,
                || k.create_customer(&body),
                || async {
                    Ok(k.customers()
                        .await?
                        .into_iter()
                        .find(|x| x.comment.as_deref() == Some(c.comment.as_str())))
                },
            )
            .await;
            (c, r)
        }));
    }
    for t in tasks {
        let (c, r) = t.await?;
        match r {
            Ok(created) => {
                ctx.store().upsert_auto_mapping(
                    ctx.pair,
                    "customer",
                    &c.source_key,
                    Some(&c.name),
                    created.id,
                    &created.name,
                    true,
                )?;
                applied.counts.customers_created += 1;
                refs.customers.push(Some(created.id));
            }
            Err(e) => {
                applied
                    .errors
                    .push(format!("cannot create Kimai customer `{}`: {e}", c.name));
                if e.is_retryable() {
                    applied.retryable_failures += 1;
                }
                refs.customers.push(None);
            }
        }
    }

    // Projects (their customers exist now).
    let mut tasks = Vec::new();
    for p in &plan.new_projects {
        let customer = ResolvedRefs::get(&refs.customers, p.customer);
        let (k, sem, p) = (ctx.kimai.clone(), sem.clone(), p.clone());
        let attempts = ctx.attempts;
        tasks.push(tokio::spawn(async move {
            let Some(customer) = customer else {
                return (p, None);
            };
            let _permit = sem.acquire_owned().await;
            let body = NewProject {
                name: p.name.clone(),
                customer,
                comment: Some(p.comment.clone()),
            };
            let r = create_with_retry(
                attempts,
                || k.create_project(&body),
                || async {
                    Ok(k.projects()
                        .await?
                        .into_iter()
                        .find(|x| x.comment.as_deref() == Some(p.comment.as_str())))
                },
            )
            .await;
            (p, Some(r))
        }));
    }
    for t in tasks {
        let (p, r) = t.await?;
        match r {
            Some(Ok(created)) => {
                ctx.store().upsert_auto_mapping(
                    ctx.pair,
                    "project",
                    &p.source_key,
                    Some(&p.name),
                    created.id,
                    &created.name,
                    true,
                )?;
                applied.counts.projects_created += 1;
                refs.projects.push(Some(created.id));
            }
            Some(Err(e)) => {
                applied
                    .errors
                    .push(format!("cannot create Kimai project `{}`: {e}", p.name));
                if e.is_retryable() {
                    applied.retryable_failures += 1;
                }
                refs.projects.push(None);
            }
            None => refs.projects.push(None),
        }
    }
    Ok(refs)
}

/// Make sure the sync tag exists (Kimai drops unknown tags silently).
pub async fn ensure_tag(k: &KimaiClient, tag: &str, attempts: u32) -> Result<bool, ApiError> {
    let exists = |tags: Vec<crate::kimai::Tag>| tags.into_iter().any(|t| t.name == tag);
    if exists(k.find_tags(tag).await?) {
        return Ok(false);
    }
    create_with_retry(
        attempts,
        || k.create_tag(tag),
        || async { Ok(k.find_tags(tag).await?.into_iter().find(|t| t.name == tag)) },
    )
    .await?;
    Ok(true)
}

/// Tags for a PATCH: `None` (leave the list alone) when it already has ours, else the
/// record's tags plus ours. Kimai matches tag names case-insensitively.
fn tags_for_update(current: &[String], ours: &[String]) -> Option<Vec<String>> {
    let has = |t: &String| current.iter().any(|c| c.eq_ignore_ascii_case(t));
    if ours.iter().all(has) {
        return None;
    }
    let mut all = current.to_vec();
    all.extend(ours.iter().filter(|t| !has(t)).cloned());
    Some(all)
}

enum ItemOutcome {
    Created,
    Updated,
    Deleted,
    Linked,
    Skipped,
    Conflict,
    Failed { message: String, retryable: bool },
}

async fn apply_item(
    ctx: &ApplyCtx,
    item: &Item,
    refs: &ResolvedRefs,
    had_conflicts: bool,
) -> anyhow::Result<ItemOutcome> {
    match &item.op {
        Op::Create { desired } => {
            let Some(write) = ctx.write_for(desired, ctx.api_timezone, refs) else {
                return Ok(ItemOutcome::Failed {
                    message: format!(
                        "entry {}: its Kimai project or activity could not be created",
                        item.entry
                    ),
                    retryable: true,
                });
            };
            // Intent first: a crash after Kimai answers leaves `pending`, resolved by marker.
            let mut pending = LedgerRow::new(item.entry, LedgerState::Pending);
            pending.ticket = item.ticket;
            pending.source_fingerprint = item.source_fingerprint.clone();
            ctx.store()
                .ledger_put(ctx.pair, &pending, Some(&ctx.run_id))?;
            match ctx.create_timesheet(item, &write).await {
                Ok(view) => {
                    if let Some(failed) = ctx.check_answer(item, &write, desired, &view)? {
                        return Ok(failed);
                    }
                    ctx.record_synced(item, &view, had_conflicts)?;
                    Ok(ItemOutcome::Created)
                }
                Err(e) if e.is_retryable() => Ok(ItemOutcome::Failed {
                    message: format!(
                        "entry {}: {e} (it stays pending and is checked by marker next run)",
                        item.entry
                    ),
                    retryable: true,
                }),
                Err(e) => {
                    ctx.store().ledger_delete(ctx.pair, item.entry)?;
                    let reason = if locked(&e) {
                        Reason::LockedPeriod
                    } else {
                        Reason::TargetRejected
                    };
                    ctx.conflict(
                        reason,
                        item,
                        None,
                        None,
                        format!("Kimai rejected the timesheet: {}", field_messages(&e)),
                    )?;
                    Ok(ItemOutcome::Conflict)
                }
            }
        }
        Op::Update {
            timesheet,
            owner,
            desired,
            before,
        } => {
            // Kimai reads a PATCH's times in the record's timezone, not the API user's.
            let known = ctx.user_timezones.get(owner).copied();
            let tz = match zones::for_patch(*owner, known, before, desired.begin, desired.end) {
                Ok(tz) => tz,
                Err(why) => {
                    ctx.conflict(
                        Reason::UnknownTimezone,
                        item,
                        Some(*timesheet),
                        Some(before),
                        why,
                    )?;
                    return Ok(ItemOutcome::Conflict);
                }
            };
            let Some(mut write) = ctx.write_for(desired, tz, refs) else {
                return Ok(ItemOutcome::Failed {
                    message: format!(
                        "entry {}: its Kimai project or activity could not be created",
                        item.entry
                    ),
                    retryable: true,
                });
            };
            // A PATCH's tags replace the record's list: keep the tags people added.
            write.tags = tags_for_update(&before.tags, &desired.tags);
            match ctx.kimai.update_timesheet(timesheet.0, &write).await {
                Ok(t) => {
                    let view = view_of(&t);
                    // Every entry linked to this timesheet (net corrections) sees it as written.
                    ctx.store().ledger_retarget(
                        ctx.pair,
                        view.id,
                        &view.fingerprint(),
                        &serde_json::to_string(&view)?,
                    )?;
                    if let Some(failed) = ctx.check_answer(item, &write, desired, &view)? {
                        return Ok(failed);
                    }
                    let correction = item.source.as_ref().is_some_and(|s| s.minutes < 0);
                    if correction && view.end != Some(desired.end) {
                        return ctx.correction_rounded_back(item, &view, desired);
                    }
                    ctx.record_synced(item, &view, had_conflicts)?;
                    Ok(ItemOutcome::Updated)
                }
                Err(e) if e.kind == ApiErrorKind::NotFound => {
                    ctx.conflict(
                        Reason::TargetDeleted,
                        item,
                        Some(*timesheet),
                        Some(before),
                        format!("timesheet {timesheet} no longer exists in Kimai"),
                    )?;
                    Ok(ItemOutcome::Conflict)
                }
                Err(e) if e.kind == ApiErrorKind::Forbidden || locked(&e) => {
                    ctx.conflict(
                        Reason::LockedPeriod,
                        item,
                        Some(*timesheet),
                        Some(before),
                        format!("Kimai refused the change: {}", field_messages(&e)),
                    )?;
                    Ok(ItemOutcome::Conflict)
                }
                Err(e) if e.is_retryable() => Ok(ItemOutcome::Failed {
                    message: format!("entry {}: {e}", item.entry),
                    retryable: true,
                }),
                Err(e) => {
                    ctx.conflict(
                        Reason::TargetRejected,
                        item,
                        Some(*timesheet),
                        Some(before),
                        format!("Kimai rejected the change: {}", field_messages(&e)),
                    )?;
                    Ok(ItemOutcome::Conflict)
                }
            }
        }
        Op::Delete { timesheet } => match ctx.kimai.delete_timesheet(timesheet.0).await {
            Ok(())
            | Err(ApiError {
                kind: ApiErrorKind::NotFound,
                ..
            }) => {
                let mut row = LedgerRow::new(item.entry, LedgerState::Removed);
                row.timesheet = Some(*timesheet);
                row.ticket = item.ticket;
                ctx.store().ledger_put(ctx.pair, &row, Some(&ctx.run_id))?;
                Ok(ItemOutcome::Deleted)
            }
            Err(e) if e.kind == ApiErrorKind::Forbidden => {
                ctx.conflict(
                    Reason::LockedPeriod,
                    item,
                    Some(*timesheet),
                    None,
                    format!("Kimai refused to delete: {}", field_messages(&e)),
                )?;
                Ok(ItemOutcome::Conflict)
            }
            Err(e) => Ok(ItemOutcome::Failed {
                message: format!("entry {}: {e}", item.entry),
                retryable: e.is_retryable(),
            }),
        },
        Op::Link { timesheet } => {
            ctx.record_synced(item, timesheet, had_conflicts)?;
            Ok(ItemOutcome::Linked)
        }
        Op::Skip { .. } => {
            let store = ctx.store();
            if item.source_fingerprint.is_none() {
                // Deleted on both sides.
                store.ledger_delete(ctx.pair, item.entry)?;
            } else {
                let mut row = LedgerRow::new(item.entry, LedgerState::Skipped);
                row.ticket = item.ticket;
                row.source_fingerprint = item.source_fingerprint.clone();
                row.source_updated_at = item.source_updated_at.clone();
                store.ledger_put(ctx.pair, &row, Some(&ctx.run_id))?;
            }
            Ok(ItemOutcome::Skipped)
        }
    }
}

/// Apply every item; `entries_with_conflicts` lists entries that had open conflicts.
pub async fn apply_items(
    ctx: Arc<ApplyCtx>,
    items: Vec<Item>,
    refs: ResolvedRefs,
    entries_with_conflicts: Arc<std::collections::HashSet<ZammadEntryId>>,
    applied: &mut Applied,
) -> anyhow::Result<()> {
    use std::sync::atomic::Ordering;
    let sem = Arc::new(Semaphore::new(ctx.concurrency.max(1)));
    let refs = Arc::new(refs);
    let mut set = tokio::task::JoinSet::new();
    for item in items {
        let permit = sem.clone().acquire_owned().await?;
        if ctx.stop.load(Ordering::SeqCst) {
            applied.interrupted = true;
            break;
        }
        let (ctx, refs, conflicted) = (ctx.clone(), refs.clone(), entries_with_conflicts.clone());
        set.spawn(async move {
            let _permit = permit;
            let had = conflicted.contains(&item.entry);
            let outcome = apply_item(&ctx, &item, &refs, had).await;
            if let Ok(o) = &outcome {
                record_entry(&ctx, &item, o);
            }
            if let Some(pb) = &ctx.progress {
                pb.inc(1);
            }
            outcome
        });
        while let Some(done) = set.try_join_next() {
            tally(done??, applied);
        }
    }
    while let Some(done) = set.join_next().await {
        tally(done??, applied);
    }
    Ok(())
}

fn tally(outcome: ItemOutcome, applied: &mut Applied) {
    let c = &mut applied.counts;
    match outcome {
        ItemOutcome::Created => c.created += 1,
        ItemOutcome::Updated => c.updated += 1,
        ItemOutcome::Deleted => c.deleted += 1,
        ItemOutcome::Linked => c.linked += 1,
        ItemOutcome::Skipped => c.skipped += 1,
        ItemOutcome::Conflict => c.conflicts += 1,
        ItemOutcome::Failed { message, retryable } => {
            c.failed += 1;
            if retryable {
                applied.retryable_failures += 1;
            }
            if applied.errors.len() < 50 {
                applied.errors.push(message);
            }
        }
    }
}

/// Store the plan's conflicts.
pub fn record_conflicts(ctx: &ApplyCtx, conflicts: &[NewConflict]) -> anyhow::Result<()> {
    let store = ctx.store();
    for c in conflicts {
        store.upsert_conflict(ctx.pair, c, Some(&ctx.run_id))?;
        record_run_entry(
            &store,
            &ctx.run_id,
            RunEntry {
                entry: c.entry.map(|e| e.0),
                ticket_number: c.ticket_number.clone(),
                timesheet: c.timesheet.map(|t| t.0),
                outcome: "conflict".into(),
                reason: Some(c.reason.to_string()),
                error: c.detail.clone(),
            },
        );
    }
    Ok(())
}

/// What the run did with one item, for `syncd runs show` (best effort: a failure to
/// record it is logged, never fails the item).
fn record_entry(ctx: &ApplyCtx, item: &Item, outcome: &ItemOutcome) {
    let store = ctx.store();
    let (name, error) = match outcome {
        ItemOutcome::Created => ("created", None),
        ItemOutcome::Updated => ("updated", None),
        ItemOutcome::Deleted => ("deleted", None),
        ItemOutcome::Linked => ("linked", None),
        ItemOutcome::Skipped => ("skipped", None),
        ItemOutcome::Conflict => ("conflict", None),
        ItemOutcome::Failed { message, .. } => ("failed", Some(message.clone())),
    };
    let timesheet = match &item.op {
        Op::Update { timesheet, .. } | Op::Delete { timesheet } => Some(timesheet.0),
        Op::Link { timesheet } => Some(timesheet.id.0),
        Op::Create { .. } => store
            .ledger_row(ctx.pair, item.entry)
            .ok()
            .flatten()
            .and_then(|r| r.timesheet.map(|t| t.0)),
        Op::Skip { .. } => None,
    };
    // A conflict raised by Kimai's answer: its reason and detail were just stored.
    let (reason, error) = match outcome {
        ItemOutcome::Conflict => match store.latest_open_conflict(ctx.pair, item.entry) {
            Ok(Some((reason, detail))) => (Some(reason), detail),
            _ => (None, None),
        },
        _ => (None, error),
    };
    record_run_entry(
        &store,
        &ctx.run_id,
        RunEntry {
            entry: Some(item.entry.0),
            ticket_number: item.ticket_number.clone(),
            timesheet,
            outcome: name.into(),
            reason,
            error,
        },
    );
}

fn record_run_entry(store: &Store, run_id: &str, e: RunEntry) {
    if let Err(err) = store.record_run_entry(run_id, &e) {
        tracing::warn!("cannot record the outcome of entry {:?}: {err:#}", e.entry);
    }
}
