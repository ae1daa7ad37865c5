//! Customers, projects, activities and the sync tag syncd creates in Kimai, through one
//! routine: an earlier create whose answer was unclear is not sent again before it settles,
//! and then only after a search by name and by syncd's number or reference.

use super::apply::{Applied, ApplyCtx};
use super::mapping_source::MappingSource;
use super::model::{Desired, Ref};
use super::plan::Plan;
use crate::http::{ApiError, ApiErrorKind, Replay};
use crate::ids::{KimaiActivityId, KimaiCustomerId, KimaiProjectId};
use crate::kimai::{KimaiClient, NewActivity, NewCustomer, NewProject};
use crate::store::{MappingKind, PendingCreate};
use chrono::Utc;
use std::future::Future;
use std::sync::Arc;

/// A Kimai customer, project or activity for the plan's `Ref::New` index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    Ready(i64),
    /// Its create got an unclear answer: it waits to settle.
    Waiting,
    Failed,
}

/// Kimai ids for the plan's `Ref::New` indexes, once created.
#[derive(Debug, Default, Clone)]
pub(crate) struct ResolvedRefs {
    pub activities: Vec<Slot>,
    pub customers: Vec<Slot>,
    pub projects: Vec<Slot>,
}

impl ResolvedRefs {
    /// `wrap` types the id a slot holds (slots are per kind, ids are untyped there).
    fn get<Id>(list: &[Slot], r: Ref<Id>, wrap: fn(i64) -> Id) -> Option<Id> {
        match r {
            Ref::Existing(id) => Some(id),
            Ref::New(i) => match list.get(i) {
                Some(Slot::Ready(id)) => Some(wrap(*id)),
                _ => None,
            },
        }
    }

    fn waiting<Id>(list: &[Slot], r: Ref<Id>) -> bool {
        matches!(r, Ref::New(i) if list.get(i) == Some(&Slot::Waiting))
    }

    pub(crate) fn project(&self, r: Ref<KimaiProjectId>) -> Option<KimaiProjectId> {
        Self::get(&self.projects, r, KimaiProjectId)
    }

    pub(crate) fn activity(&self, r: Ref<KimaiActivityId>) -> Option<KimaiActivityId> {
        Self::get(&self.activities, r, KimaiActivityId)
    }

    /// The timesheet cannot be written yet because a reference it needs waits to settle.
    pub(crate) fn waits_for(&self, d: &Desired) -> bool {
        Self::waiting(&self.projects, d.project) || Self::waiting(&self.activities, d.activity)
    }
}

/// What became of one reference create.
#[derive(Debug)]
enum Created<T> {
    /// Created now.
    New(T),
    /// It was there already (an earlier create did land, or Kimai says the name is taken).
    Found(T),
    /// An earlier create has not settled yet; not sent again.
    Waiting,
    /// Sent, but the answer is unclear: recorded, settles later.
    Unsettled,
    Failed(ApiError),
}

/// The one create routine for references. `kind`/`key` name the pending record; `search`
/// looks for the thing by name and syncd's number or reference; `post` creates it.
async fn create_reference<T, S, SFut, P, PFut>(
    ctx: &ApplyCtx,
    kind: &'static str,
    key: &str,
    name: &str,
    search: S,
    post: P,
) -> anyhow::Result<Created<T>>
where
    S: Fn() -> SFut,
    SFut: Future<Output = Result<Option<T>, ApiError>>,
    P: Fn() -> PFut,
    PFut: Future<Output = Result<T, ApiError>>,
{
    let earlier = ctx.with(|s| s.pending_create(ctx.pair, kind, key))?;
    if let Some(p) = &earlier
        && !ctx.settle.is_ready(p.sent_at, Utc::now())
    {
        return Ok(Created::Waiting);
    }
    let result = ctx
        .kimai
        .retry_policy()
        .run(Replay::Create, |attempt| {
            let (search, post) = (&search, &post);
            let search_first = attempt > 1 || earlier.is_some();
            async move {
                if search_first && let Some(found) = search().await? {
                    return Ok((found, true));
                }
                // Intent first: a crash or an unclear answer leaves this record behind.
                let pending = PendingCreate {
                    kind: kind.to_string(),
                    source_key: key.to_string(),
                    name: name.to_string(),
                    sent_at: Utc::now(),
                };
                ctx.write(|s| s.put_pending_create(ctx.pair, &pending, Some(&ctx.run_id)))?;
                Ok::<_, anyhow::Error>((post().await?, false))
            }
        })
        .await;
    let outcome = match result {
        Ok((v, true)) => Created::Found(v),
        Ok((v, false)) => Created::New(v),
        Err(e) => match e.downcast::<ApiError>() {
            Ok(api) if api.is_unknown() => return Ok(Created::Unsettled),
            Ok(api) => Created::Failed(api),
            Err(other) => return Err(other),
        },
    };
    ctx.write(|s| s.delete_pending_create(ctx.pair, kind, key))?;
    Ok(outcome)
}

/// Run one reference create per item, `concurrency` at a time, keeping their order. A
/// task is started only when one finishes: a spawned task holds its whole future, so
/// starting 20,000 project creates up front held tens of MB for the length of the run.
/// After an error no new create starts; those in flight finish before it is returned.
async fn create_all<I, T, F, Fut>(
    ctx: &Arc<ApplyCtx>,
    items: &[I],
    create: F,
) -> anyhow::Result<Vec<Created<T>>>
where
    I: Clone + Send + 'static,
    T: Send + 'static,
    F: Fn(Arc<ApplyCtx>, I) -> Fut,
    Fut: Future<Output = anyhow::Result<Created<T>>> + Send + 'static,
{
    let limit = ctx.concurrency.max(1);
    let mut out: Vec<Option<Created<T>>> = items.iter().map(|_| None).collect();
    let mut first_error: Option<anyhow::Error> = None;
    let mut set = tokio::task::JoinSet::new();
    for (i, item) in items.iter().enumerate() {
        while set.len() >= limit {
            if let Some(done) = set.join_next().await {
                settle_create(done, &mut out, &mut first_error);
            }
        }
        if first_error.is_some() {
            break;
        }
        let fut = create(ctx.clone(), item.clone());
        set.spawn(async move { (i, fut.await) });
    }
    while let Some(done) = set.join_next().await {
        settle_create(done, &mut out, &mut first_error);
    }
    if let Some(e) = first_error {
        return Err(e);
    }
    Ok(out
        .into_iter()
        .map(|c| c.expect("every create ran"))
        .collect())
}

/// One finished create: its result in its slot, or the run's first error.
fn settle_create<T>(
    done: Result<(usize, anyhow::Result<Created<T>>), tokio::task::JoinError>,
    out: &mut [Option<Created<T>>],
    first_error: &mut Option<anyhow::Error>,
) {
    let err = match done {
        Ok((i, Ok(created))) => {
            out[i] = Some(created);
            return;
        }
        Ok((_, Err(e))) => e,
        Err(e) => e.into(),
    };
    first_error.get_or_insert(err);
}

/// `[zammad-…]`: the reference token syncd puts first in a comment it writes.
fn reference_of(comment: &str) -> &str {
    comment.split_whitespace().next().unwrap_or("")
}

fn has_reference(comment: Option<&str>, ours: &str) -> bool {
    !ours.is_empty() && comment.is_some_and(|c| c.contains(ours))
}

/// Record the outcome of one reference: a mapping when it exists, counts and errors.
fn settle_slot(
    ctx: &ApplyCtx,
    applied: &mut Applied,
    source: MappingSource,
    source_name: &str,
    outcome: Created<(i64, String)>,
) -> anyhow::Result<Slot> {
    let kind = source.kind();
    let (id, name, new) = match outcome {
        Created::New((id, name)) => (id, name, true),
        Created::Found((id, name)) => (id, name, false),
        Created::Waiting | Created::Unsettled => return Ok(Slot::Waiting),
        Created::Failed(e) => {
            if e.is_retryable() {
                applied.retryable_failures += 1;
            }
            applied
                .errors
                .push(format!("cannot create Kimai {kind} `{source_name}`: {e}"));
            return Ok(Slot::Failed);
        }
    };
    ctx.write(|s| s.upsert_auto_mapping(ctx.pair, source, Some(source_name), id, &name, true))?;
    if new {
        let c = &mut applied.counts;
        match kind {
            MappingKind::Activity => c.activities_created += 1,
            MappingKind::Customer => c.customers_created += 1,
            MappingKind::Project | MappingKind::User => c.projects_created += 1,
        }
    }
    Ok(Slot::Ready(id))
}

/// Create customers, projects and activities the plan needs, storing a mapping for each.
pub(crate) async fn create_references(
    ctx: &Arc<ApplyCtx>,
    plan: &Plan,
    applied: &mut Applied,
) -> anyhow::Result<ResolvedRefs> {
    let mut refs = ResolvedRefs::default();
    // The plan's keys, read before anything is sent (a plan file may have been edited).
    let links = plan
        .mapping_links
        .iter()
        .map(|l| {
            let kind = MappingKind::parse(&l.kind).ok_or_else(|| {
                anyhow::anyhow!("the plan links an unknown mapping kind `{}`", l.kind)
            })?;
            Ok((plan_source(kind, &l.source_key)?, l))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let keys = |kind, keys: Vec<&String>| -> anyhow::Result<Vec<MappingSource>> {
        keys.into_iter().map(|k| plan_source(kind, k)).collect()
    };
    let activity_keys = keys(
        MappingKind::Activity,
        plan.new_activities.iter().map(|a| &a.source_key).collect(),
    )?;
    let customer_keys = keys(
        MappingKind::Customer,
        plan.new_customers.iter().map(|c| &c.source_key).collect(),
    )?;
    let project_keys = keys(
        MappingKind::Project,
        plan.new_projects.iter().map(|p| &p.source_key).collect(),
    )?;
    ctx.write(|store| {
        for (source, link) in &links {
            store.upsert_auto_mapping(
                ctx.pair,
                *source,
                link.source_name.as_deref(),
                link.target_id,
                &link.target_name,
                false,
            )?;
        }
        Ok(())
    })?;

    let activities = create_all(ctx, &plan.new_activities, |ctx, a| async move {
        let k: &KimaiClient = &ctx.kimai;
        let body = NewActivity {
            name: a.name.clone(),
            project: None,
        };
        let search = || async {
            Ok(k.activities()
                .await?
                .into_iter()
                .find(|x| x.project.is_none() && x.name.to_lowercase() == a.name.to_lowercase())
                .map(|x| (x.id.0, x.name)))
        };
        let post = || async { k.create_activity(&body).await.map(|x| (x.id.0, x.name)) };
        create_reference(&ctx, "activity", &a.source_key, &a.name, search, post).await
    })
    .await?;
    for ((a, source), outcome) in plan
        .new_activities
        .iter()
        .zip(activity_keys)
        .zip(activities)
    {
        let slot = settle_slot(ctx, applied, source, &a.name, outcome)?;
        refs.activities.push(slot);
    }

    let customers = create_all(ctx, &plan.new_customers, |ctx, c| async move {
        let k: &KimaiClient = &ctx.kimai;
        let body = NewCustomer {
            name: c.name.clone(),
            number: Some(c.number.clone()),
            comment: Some(c.comment.clone()),
        };
        let reference = reference_of(&c.comment).to_string();
        let search = || async {
            let all = k.customers().await?;
            let hit = all
                .iter()
                .find(|x| has_reference(x.comment.as_deref(), &reference))
                .or_else(|| all.iter().find(|x| x.number.as_deref() == Some(&c.number)))
                .or_else(|| {
                    all.iter()
                        .find(|x| x.name.to_lowercase() == c.name.to_lowercase())
                });
            Ok(hit.map(|x| (x.id.0, x.name.clone())))
        };
        let post = || async { k.create_customer(&body).await.map(|x| (x.id.0, x.name)) };
        create_reference(&ctx, "customer", &c.source_key, &c.name, search, post).await
    })
    .await?;
    for ((c, source), outcome) in plan.new_customers.iter().zip(customer_keys).zip(customers) {
        let slot = settle_slot(ctx, applied, source, &c.name, outcome)?;
        refs.customers.push(slot);
    }

    // Projects need their customers: a project whose customer waits, waits too. Those to
    // send go by index (each is copied only while its create runs: a first sync may plan
    // 20,000 projects).
    let mut projects: Vec<(usize, KimaiCustomerId)> = Vec::new();
    let mut slots = Vec::new();
    for (index, p) in plan.new_projects.iter().enumerate() {
        let customer = match p.customer {
            Ref::Existing(id) => Ok(id),
            Ref::New(i) => match refs.customers.get(i) {
                Some(Slot::Ready(id)) => Ok(KimaiCustomerId(*id)),
                Some(Slot::Waiting) => Err(Slot::Waiting),
                _ => Err(Slot::Failed),
            },
        };
        match customer {
            Ok(id) => {
                projects.push((index, id));
                slots.push(None);
            }
            Err(slot) => slots.push(Some(slot)),
        }
    }
    let created = create_all(ctx, &projects, |ctx, (index, customer)| {
        let p = plan.new_projects[index].clone();
        async move {
            let k: &KimaiClient = &ctx.kimai;
            let body = NewProject {
                name: p.name.clone(),
                customer,
                comment: Some(p.comment.clone()),
            };
            let reference = reference_of(&p.comment).to_string();
            let search = || async {
                let all = k.projects().await?;
                let hit = all
                    .iter()
                    .find(|x| has_reference(x.comment.as_deref(), &reference))
                    .or_else(|| {
                        all.iter().find(|x| {
                            x.customer == customer && x.name.to_lowercase() == p.name.to_lowercase()
                        })
                    });
                Ok(hit.map(|x| (x.id.0, x.name.clone())))
            };
            let post = || async { k.create_project(&body).await.map(|x| (x.id.0, x.name)) };
            create_reference(&ctx, "project", &p.source_key, &p.name, search, post).await
        }
    })
    .await?;
    let mut created = projects.iter().zip(created);
    for ((p, source), slot) in plan.new_projects.iter().zip(project_keys).zip(slots) {
        let slot = match slot {
            Some(s) => s,
            None => {
                let ((_, _), outcome) = created.next().expect("one outcome per project sent");
                settle_slot(ctx, applied, source, &p.name, outcome)?
            }
        };
        refs.projects.push(slot);
    }
    Ok(refs)
}

/// A key the plan names for a `kind` mapping, typed.
fn plan_source(kind: MappingKind, key: &str) -> anyhow::Result<MappingSource> {
    MappingSource::parse(kind, key)
        .map_err(|e| anyhow::anyhow!("the plan's {kind} mapping key {e}"))
}

/// Forget pending reference creates whose window has passed and that this run did not
/// settle (nothing needed them: the planner found them in Kimai's lists, or no entry needs
/// them any more). Whoever needs one later searches Kimai's lists first, which by then show
/// whatever arrived.
pub(crate) fn forget_settled(ctx: &ApplyCtx) -> anyhow::Result<()> {
    let now = Utc::now();
    let stale: Vec<PendingCreate> = ctx
        .with(|s| s.pending_creates(ctx.pair))?
        .into_iter()
        .filter(|p| ctx.settle.is_ready(p.sent_at, now))
        .collect();
    if stale.is_empty() {
        return Ok(());
    }
    ctx.write(|s| {
        for p in &stale {
            s.delete_pending_create(ctx.pair, &p.kind, &p.source_key)?;
        }
        Ok(())
    })
}

/// Make sure the sync tag exists (Kimai drops unknown tags silently). Tag names are unique
/// case-insensitively and `find` lists visible tags only, so a `Zammad` or a hidden
/// `zammad` answers the POST with 400 "already used": that means it exists. The tag never
/// stops a run: problems become warnings.
pub(crate) async fn ensure_tag(
    ctx: &ApplyCtx,
    tag: &str,
    applied: &mut Applied,
) -> anyhow::Result<()> {
    let k: &KimaiClient = &ctx.kimai;
    let lower = tag.to_lowercase();
    let search = || async {
        Ok(k.find_tags(tag)
            .await?
            .into_iter()
            .find(|t| t.name.to_lowercase() == lower)
            .map(|t| t.name))
    };
    match search().await {
        Ok(Some(_)) => return Ok(()),
        Ok(None) => {}
        Err(e) => {
            applied
                .warnings
                .push(format!("cannot look up the Kimai tag `{tag}`: {e}"));
            return Ok(());
        }
    }
    let post = || async {
        match k.create_tag(tag).await {
            Ok(t) => Ok(t.name),
            // Taken in another case, or hidden: it exists, and writes attach it.
            Err(e) if taken(&e) => Ok(tag.to_string()),
            Err(e) => Err(e),
        }
    };
    match create_reference(ctx, "tag", &lower, tag, search, post).await? {
        Created::New(_) => applied.counts.tags_created += 1,
        Created::Found(_) | Created::Waiting | Created::Unsettled => {}
        Created::Failed(e) => applied.warnings.push(format!(
            "cannot create the Kimai tag `{tag}`; timesheets are written without it: {e}"
        )),
    }
    Ok(())
}

/// A 400 on the tag's `name`: the name is in use (any case, or a hidden tag).
fn taken(e: &ApiError) -> bool {
    matches!(&e.kind, ApiErrorKind::Validation(fields) if fields.iter().any(|f| f.field == "name"))
}
