//! Apply a prepared plan under a run's lease: conflicts, the sync tag, customers, projects
//! and activities, duplicates, the timesheet items; then what Kimai taught (its rounding)
//! and the cursors.

use super::apply::{self, Applied, ApplyCtx};
use super::events::Event;
use super::plan::{self, Plan};
use super::prepare::Prepared;
use super::references;
use super::rounding;
use super::server;
use super::session::{Outcome, Session};
use super::settle::{self, SettleWindow};
use super::{RunNotes, SyncEnv, zones};
use crate::ids::*;
use crate::store::StoreHandle;
use chrono::Utc;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

/// When the plan was made, relative to applying it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Made {
    /// Under the same lease, just before.
    Now,
    /// Earlier, without the lease (plan files, the confirmation prompt): its inputs were
    /// checked again under the lease.
    Earlier,
}

/// Apply `prepared` in `session`.
pub(crate) async fn apply(
    env: &SyncEnv,
    session: &Session,
    prepared: Prepared,
    made: Made,
    stop: Arc<AtomicBool>,
) -> anyhow::Result<Outcome> {
    let c = &session.connected;
    let pair = c.pair;
    let settings = &env.settings.sync;
    let store = session.store.clone();
    let Prepared {
        plan: mut the_plan,
        kimai: facts,
        fetched,
        source_errors,
        conflicted,
        cursor,
        learned,
        ..
    } = prepared;
    if let Some(guard) = &the_plan.guard {
        return Err(anyhow::anyhow!("{guard}"));
    }
    let api_timezone = facts.timezone;
    // Caches and what Kimai said about itself, written now that the run writes (caches,
    // not ledger: no fence needed).
    store.with(|s| learned.write(s, pair.kimai))?;

    let mut user_timezones = owner_timezones(
        &c.kimai,
        &store,
        pair.kimai,
        &facts.user_timezones,
        facts.users_listed,
        &the_plan,
        facts.api_user,
    )
    .await?;
    user_timezones.insert(facts.api_user, api_timezone);
    env.events.emit(Event::Applying {
        items: (the_plan.items.len() + the_plan.fresh.len()) as u64,
    });
    let ctx = Arc::new(ApplyCtx {
        kimai: c.kimai.clone(),
        store: store.clone(),
        pair,
        run_id: session.run_id.clone(),
        marker_key: c.marker_key.clone(),
        api_timezone,
        user_timezones,
        rounding: facts.rounding,
        rounding_seen: Mutex::new(rounding::Learner::new(facts.rounding)),
        concurrency: settings.concurrency,
        events: env.events.clone(),
        stop,
        fence: session.lease.fence,
        lease_lost: session.lease.lost.clone(),
        settle: SettleWindow {
            secs: settings.settle_secs,
        },
    });
    let conflicted: HashSet<ZammadEntryId> = conflicted.into_iter().collect();
    let mut applied = Applied {
        errors: source_errors,
        ..Applied::default()
    };
    super::record::record_conflicts(&ctx, &the_plan.conflicts)?;
    applied.counts.conflicts = the_plan.conflicts.len() as u64;
    let needs_tag = !the_plan.fresh.is_empty()
        || the_plan
            .items
            .iter()
            .any(|i| matches!(i.op, plan::Op::Create { .. } | plan::Op::Update { .. }));
    if needs_tag {
        references::ensure_tag(&ctx, &settings.tag, &mut applied).await?;
    }
    // Reading and planning freed the pages and records they read (most of a first sync's
    // peak); glibc keeps that in its arenas unless told, and the run goes on for minutes.
    crate::sys::release_memory();
    let refs = references::create_references(&ctx, &the_plan, &mut applied).await?;
    // Made (or waiting): their names and keys are not needed while the items are applied.
    the_plan.new_projects = Vec::new();
    the_plan.new_customers = Vec::new();
    the_plan.mapping_links = Vec::new();
    references::forget_settled(&ctx)?;
    ctx.write(|s| {
        for entry in the_plan.settled.iter().filter(|e| conflicted.contains(e)) {
            s.settle_entry_conflicts(pair, *entry)?;
        }
        Ok(())
    })?;
    apply::remove_duplicates(&ctx, &the_plan.duplicate_removals, &mut applied).await?;
    let items = std::mem::take(&mut the_plan.items);
    let fresh = std::mem::take(&mut the_plan.fresh);
    let sources = Arc::new(std::mem::take(&mut the_plan.sources));
    apply::apply_items(
        ctx.clone(),
        items,
        fresh,
        sources,
        refs,
        Arc::new(conflicted),
        &mut applied,
    )
    .await?;
    env.events.emit(Event::Applied);
    applied.counts.fetched = fetched;
    applied.counts.unchanged = the_plan.unchanged;
    let unsettled = ctx.with(|s| settle::unsettled_creates(s, pair, ctx.settle))?;
    // What Kimai did to this run's times teaches syncd its rounding rule.
    let learned = ctx.rounding_seen.lock().expect("rounding lock").learned();
    store.with(|s| server::remember_rounding(s, pair.kimai, learned))?;

    // Cursors move only after a clean pass, so failed items are read again.
    if applied.retryable_failures == 0
        && applied.errors.is_empty()
        && !applied.interrupted
        && unsettled.is_none()
        && cursor.allowed
    {
        ctx.write(|s| {
            let mut cur = s.sync_cursor(pair)?;
            if let Some(m) = cursor.zammad {
                cur.zammad = Some(cur.zammad.map_or(m, |c| c.max(m)));
            }
            // A plan made earlier read Kimai then: what changed since is read next time.
            let kimai_now = c.kimai.server_time().unwrap_or_else(Utc::now);
            cur.kimai = Some(match made {
                Made::Now => kimai_now,
                Made::Earlier => facts.read_at.unwrap_or(kimai_now).min(kimai_now),
            });
            if cursor.full {
                cur.last_full_at = Some(Utc::now());
            }
            s.set_sync_cursor(pair, &cur)
        })?;
    }
    Ok(Outcome {
        counts: applied.counts,
        notices: std::mem::take(&mut the_plan.notices)
            .into_iter()
            .chain(learned.notice())
            .chain(applied.warnings)
            .collect(),
        errors: applied.errors,
        retryable_failures: applied.retryable_failures,
        interrupted: applied.interrupted,
        notes: RunNotes {
            unsettled,
            duplicates_removed: applied.duplicates_removed,
        },
    })
}

/// The timezones of the owners of timesheets this run updates: Kimai's user list when it
/// was read (then cached), else the cache, else one read of the list if the token may.
async fn owner_timezones(
    kimai: &crate::kimai::KimaiClient,
    store: &StoreHandle,
    connector: ConnectorId,
    listed_users: &[(KimaiUserId, String)],
    users_listed: bool,
    the_plan: &Plan,
    api_user: KimaiUserId,
) -> anyhow::Result<HashMap<KimaiUserId, chrono_tz::Tz>> {
    let listed =
        |users: Vec<(KimaiUserId, String)>| -> anyhow::Result<HashMap<KimaiUserId, chrono_tz::Tz>> {
            store.with(|s| zones::remember(s, connector, users.clone()))?;
            Ok(users
                .into_iter()
                .filter_map(|(id, tz)| Some((id, tz.parse().ok()?)))
                .collect())
        };
    let mut known = listed(listed_users.to_vec())?;
    let owners: HashSet<KimaiUserId> = the_plan
        .items
        .iter()
        .filter_map(|i| match &i.op {
            plan::Op::Update { owner, .. } => Some(*owner),
            _ => None,
        })
        .filter(|o| *o != api_user && !known.contains_key(o))
        .collect();
    if owners.is_empty() {
        return Ok(known);
    }
    known.extend(store.with(|s| zones::cached(s, connector, &owners))?);
    if owners.iter().all(|o| known.contains_key(o)) || users_listed {
        return Ok(known);
    }
    match kimai.users().await {
        Ok(users) => known.extend(listed(
            users.into_iter().map(|u| (u.id, u.timezone)).collect(),
        )?),
        Err(e) if e.kind == crate::http::ApiErrorKind::Forbidden => tracing::info!(
            "the Kimai token may not list users (view_user): owners' timezones come from their timesheets"
        ),
        Err(e) => tracing::warn!("cannot read Kimai users for their timezones: {e}"),
    }
    Ok(known)
}
