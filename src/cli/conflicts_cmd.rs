//! `syncd conflicts list | show | resolve | ignore | reopen`.

use super::Context;
use super::args::{ConflictStatusArg, ConflictsCommand, ResolveArgs};
use super::conflict_facts::Loaded;
use super::conflict_view;
use crate::conflicts::{Action, Reason, Status};
use crate::error::{Error, ExitCode};
use crate::output;
use crate::store::conflicts::{ConflictFilter, ConflictRow};
use crate::sync::resolve::{self, Choice, Resolved};
use std::io::IsTerminal;

pub(super) fn run(ctx: &Context, cmd: ConflictsCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        ConflictsCommand::List {
            status,
            reason,
            ticket,
            customer,
            since,
        } => {
            let filter = ConflictFilter {
                status: Some(match status {
                    None | Some(ConflictStatusArg::Open) => Status::Open,
                    Some(ConflictStatusArg::Resolved) => Status::Resolved,
                    Some(ConflictStatusArg::Ignored) => Status::Ignored,
                }),
                reason: reason.as_deref().map(str::parse::<Reason>).transpose()?,
                ticket_number: ticket,
                customer,
                since: since
                    .as_deref()
                    .map(|s| super::time_arg::parse("--since", s))
                    .transpose()?
                    .map(crate::store::ts_text),
                ids: vec![],
            };
            let rows = ctx.open_store()?.list_conflicts(&filter)?;
            if ctx.json() {
                output::print_json(&rows)?;
            } else {
                output::write_stdout(&output::table(rows.iter().map(list_row), "no conflicts"))?;
            }
            Ok(ExitCode::Ok)
        }
        ConflictsCommand::Show { id } => {
            let c = get(ctx, id)?;
            if ctx.json() {
                output::print_json(&c)?;
            } else {
                let store = ctx.open_store()?;
                // Names missing from the store are read from Kimai (one try; unreachable
                // only leaves the ids).
                let kimai = kimai_for_names(ctx, &store, &c);
                let loaded = Loaded::load(ctx, &store, std::slice::from_ref(&c), kimai.as_ref());
                let terminal = std::io::stdout().is_terminal();
                output::write_stdout(&conflict_view::render(
                    &c,
                    &loaded.facts(&ctx.settings.sync),
                    output::color_on(terminal),
                    output::stdout_width(),
                ))?;
            }
            Ok(ExitCode::Ok)
        }
        ConflictsCommand::Ignore { id } => {
            let c = get(ctx, id)?;
            if c.status != Status::Open {
                return Err(Error::usage(format!(
                    "conflict {id} is {}; `syncd conflicts reopen {id}` first",
                    c.status.as_str()
                ))
                .into());
            }
            bulk(ctx, vec![c], Action::Ignore, None, None)
        }
        ConflictsCommand::Reopen { id } => {
            let c = get(ctx, id)?;
            if c.status == Status::Open {
                return Err(Error::usage(format!("conflict {id} is already open")).into());
            }
            let store = ctx.open_store()?;
            if let (Some(entry), Status::Ignored) = (c.zammad_entry_id, c.status) {
                // Un-ignore the entry so the next sync looks at it again.
                let pair = crate::store::Pair {
                    zammad: crate::ids::ConnectorId(c.zammad_connector_id),
                    kimai: crate::ids::ConnectorId(c.kimai_connector_id),
                };
                if let Some(row) = store.ledger_row(pair, crate::ids::ZammadEntryId(entry))?
                    && row.state == crate::store::LedgerState::Ignored
                {
                    store.ledger_delete(pair, row.entry)?;
                }
            }
            store.set_conflict_status(id, Status::Open, None, None)?;
            store.record_audit(&crate::audit::AuditEvent {
                actor: ctx.actor.clone(),
                source: crate::audit::AuditSource::Cli,
                category: crate::audit::AuditCategory::Sync,
                action: "conflict.reopen".into(),
                target: Some(format!("conflict {id}")),
                details: Some(serde_json::json!({ "reason": c.reason, "was": c.status })),
                ip: None,
                user_agent: None,
                run_id: None,
            })?;
            output::write_stdout(&format!("conflict {id} is open again"))?;
            Ok(ExitCode::Ok)
        }
        ConflictsCommand::Resolve(args) => resolve_cmd(ctx, args),
    }
}

/// A Kimai client without retries, for names; None when it cannot be built (no identity).
fn kimai_for_names(
    ctx: &Context,
    store: &crate::store::Store,
    c: &ConflictRow,
) -> Option<crate::kimai::KimaiClient> {
    let row = store
        .connector_by_id(crate::ids::ConnectorId(c.kimai_connector_id))
        .ok()??;
    let identity = ctx.load_identity().ok()?;
    super::clients::kimai(ctx, &identity, &row)
        .ok()
        .map(|k| k.with_retry_policy(crate::http::RetryPolicy::none()))
}

fn get(ctx: &Context, id: i64) -> anyhow::Result<ConflictRow> {
    ctx.open_store()?.get_conflict(id)?.ok_or_else(|| {
        Error::usage(format!(
            "no conflict with id {id} (see `syncd conflicts list`)"
        ))
        .into()
    })
}

#[derive(tabled::Tabled)]
struct ListRow {
    id: i64,
    reason: String,
    status: String,
    entry: String,
    ticket: String,
    customer: String,
    timesheet: String,
    created: String,
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(|v| v.to_string()).unwrap_or_default()
}

fn list_row(c: &ConflictRow) -> ListRow {
    ListRow {
        id: c.id,
        reason: c.reason.to_string(),
        status: c.status.as_str().into(),
        entry: opt(&c.zammad_entry_id),
        ticket: c
            .ticket_number
            .as_ref()
            .map(|t| format!("#{t}"))
            .unwrap_or_default(),
        customer: opt(&c.customer),
        timesheet: opt(&c.kimai_timesheet_id),
        created: c.created_at.clone(),
    }
}

fn selected(ctx: &Context, args: &ResolveArgs) -> anyhow::Result<Vec<ConflictRow>> {
    let reason = args
        .reason
        .as_deref()
        .map(str::parse::<Reason>)
        .transpose()?;
    let store = ctx.open_store()?;
    let rows = store.list_conflicts(&ConflictFilter {
        status: Some(Status::Open),
        reason,
        ids: args.ids.clone(),
        ..Default::default()
    })?;
    for id in &args.ids {
        if !rows.iter().any(|r| r.id == *id) {
            let why = match store.get_conflict(*id)? {
                None => "does not exist".to_string(),
                Some(c) if c.status != Status::Open => format!("is {}", c.status.as_str()),
                Some(c) => format!("has reason {}", c.reason),
            };
            return Err(Error::usage(format!("conflict {id} {why}")).into());
        }
    }
    Ok(rows)
}

fn resolve_cmd(ctx: &Context, args: ResolveArgs) -> anyhow::Result<ExitCode> {
    match args.action.as_deref() {
        Some(action) => {
            let action: Action = action.parse()?;
            if args.ids.is_empty() && !args.all && args.reason.is_none() {
                return Err(
                    Error::usage("say which conflicts: give ids, --all, or --reason R").into(),
                );
            }
            let rows = selected(ctx, &args)?;
            bulk(ctx, rows, action, args.activity, args.user)
        }
        None => {
            if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
                return Err(Error::usage(
                    "conflicts resolve needs a terminal to ask; from scripts, pass the action:\n  \
                     syncd conflicts resolve --action <take-zammad|keep-kimai|recreate|delete-kimai|map|net|ignore|skip> \
                     (--all | --reason R | ID…) [--activity ID] [--user ID]",
                )
                .into());
            }
            interactive(ctx, selected(ctx, &args)?)
        }
    }
}

fn connect(ctx: &Context, rows: &[ConflictRow]) -> anyhow::Result<crate::sync::connect::Connected> {
    let store = ctx.open_store()?;
    let first = rows.first().expect("non-empty");
    let env = super::sync_cmd::env(ctx);
    crate::sync::connect::connect_ids(
        &store,
        &env,
        crate::ids::ConnectorId(first.zammad_connector_id),
        crate::ids::ConnectorId(first.kimai_connector_id),
    )
}

fn bulk(
    ctx: &Context,
    rows: Vec<ConflictRow>,
    action: Action,
    activity: Option<i64>,
    user: Option<i64>,
) -> anyhow::Result<ExitCode> {
    if rows.is_empty() {
        output::write_stdout("no open conflicts match")?;
        return Ok(ExitCode::Ok);
    }
    let choice = Choice {
        action,
        activity,
        user,
    };
    let mut errors = Vec::new();
    let mut todo = Vec::new();
    for r in rows {
        match resolve::validate(&r, &choice) {
            Ok(()) => todo.push((r, choice)),
            Err(e) => errors.push(e),
        }
    }
    if todo.is_empty() {
        return Err(Error::usage(errors.join("\n")).into());
    }
    let conn = connect(
        ctx,
        &todo.iter().map(|(r, _)| r.clone()).collect::<Vec<_>>(),
    )?;
    let env = super::sync_cmd::env(ctx);
    let results = ctx.block_on(resolve::resolve(&env, &conn, &todo))?;
    summarize(ctx, &results, &errors)
}

fn summarize(ctx: &Context, results: &[Resolved], errors: &[String]) -> anyhow::Result<ExitCode> {
    let failed = results
        .iter()
        .filter(|r| r.status == Status::Open && r.action != Action::Skip)
        .count();
    if ctx.json() {
        output::print_json(&serde_json::json!({ "results": results, "not_applicable": errors }))?;
    } else {
        #[derive(tabled::Tabled)]
        struct Row {
            conflict: i64,
            reason: String,
            action: String,
            status: String,
            result: String,
        }
        let mut text = output::table(
            results.iter().map(|r| Row {
                conflict: r.conflict,
                reason: r.reason.to_string(),
                action: r.action.to_string(),
                status: r.status.as_str().into(),
                result: r.message.clone(),
            }),
            "nothing resolved",
        );
        for e in errors {
            text.push_str(&format!("\nnot applied: {e}"));
        }
        output::write_stdout(&text)?;
    }
    Ok(if failed > 0 || !errors.is_empty() {
        ExitCode::Failure
    } else {
        ExitCode::Ok
    })
}

/// One conflict at a time; every choice is applied at once.
fn interactive(ctx: &Context, rows: Vec<ConflictRow>) -> anyhow::Result<ExitCode> {
    if rows.is_empty() {
        output::write_stdout("no open conflicts")?;
        return Ok(ExitCode::Ok);
    }
    let db = ctx.db_path.clone();
    super::interrupt::watch(move || {
        let store = crate::store::Store::open(&db).ok()?;
        Some(store.open_conflicts_by_reason(None).ok()?.values().sum())
    });
    let conn = connect(ctx, &rows)?;
    let env = super::sync_cmd::env(ctx);
    let mut all_results = Vec::new();
    let mut done: std::collections::HashSet<i64> = Default::default();
    let selected: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let total = rows.len();
    let store = ctx.open_store()?;
    let loaded = Loaded::load(ctx, &store, &rows, Some(conn.kimai.as_ref()));
    for (n, c) in rows.iter().enumerate() {
        // Earlier answers may have settled this one already (apply to all, a mapping
        // that retried it, or a re-sync of its ticket).
        let still_open = store
            .get_conflict(c.id)?
            .is_some_and(|now| now.status == Status::Open);
        if done.contains(&c.id) || !still_open {
            continue;
        }
        eprintln!(
            "\n[{}/{}] {}",
            n + 1,
            total,
            conflict_view::render(
                c,
                &loaded.facts(&ctx.settings.sync),
                output::color_on(true),
                output::stderr_width()
            )
        );
        let actions = resolve::valid_actions(c);
        let menu: Vec<String> = actions
            .iter()
            .map(|a| format!("[{}] {}", a.key(), a.describe()))
            .collect();
        let choice = loop {
            eprintln!("{}\n[q] quit", menu.join("\n"));
            let action = loop {
                let Some(answer) = super::ask::line("choice: ")? else {
                    return finish(ctx, &all_results, &selected);
                };
                if answer == "q" || answer == "quit" {
                    return finish(ctx, &all_results, &selected);
                }
                let found = actions.iter().find(|a| {
                    answer.len() == 1 && answer.starts_with(a.key()) || answer == a.as_str()
                });
                match found {
                    Some(a) => break *a,
                    None => eprintln!("`{answer}` is not one of the keys above"),
                }
            };
            let mut choice = Choice {
                action,
                activity: None,
                user: None,
            };
            if action == Action::Map {
                match pick_target(ctx, &conn, c) {
                    Ok(Some((activity, user))) => {
                        choice.activity = activity;
                        choice.user = user;
                    }
                    // Back to the menu of this conflict.
                    Ok(None) => continue,
                    Err(e) => {
                        eprintln!(
                            "cannot list Kimai's choices: {}",
                            crate::error::render_error(&e)
                        );
                        continue;
                    }
                }
            }
            break choice;
        };
        let action = choice.action;
        let mut batch = vec![(c.clone(), choice)];
        let others: Vec<ConflictRow> = rows[n + 1..]
            .iter()
            .filter(|o| o.reason == c.reason && !done.contains(&o.id))
            .filter(|o| resolve::validate(o, &choice).is_ok())
            .filter(|o| {
                store
                    .get_conflict(o.id)
                    .ok()
                    .flatten()
                    .is_some_and(|now| now.status == Status::Open)
            })
            .cloned()
            .collect();
        if !others.is_empty() && action != Action::Map {
            let q = format!(
                "apply `{action}` to all {} remaining conflicts with reason {}? [y/N] ",
                others.len(),
                c.reason
            );
            if super::ask::yes(&q)? {
                batch.extend(others.into_iter().map(|o| (o, choice)));
            }
        }
        for (r, _) in &batch {
            done.insert(r.id);
        }
        let results = ctx.block_on(resolve::resolve(&env, &conn, &batch))?;
        for r in &results {
            let line = format!(
                "conflict {}: {} → {} ({})",
                r.conflict,
                r.action,
                r.status.as_str(),
                r.message
            );
            eprintln!("{line}");
            super::interrupt::record(line);
        }
        all_results.extend(results);
    }
    finish(ctx, &all_results, &selected)
}

/// The summary; exit 3 while any conflict the prompt was given is still open (1 when a
/// resolution failed).
fn finish(ctx: &Context, results: &[Resolved], selected: &[i64]) -> anyhow::Result<ExitCode> {
    let store = ctx.open_store()?;
    let left = store.open_conflicts_by_reason(None)?.values().sum::<u64>();
    let code = summarize(ctx, results, &[])?;
    eprintln!("{left} open conflict(s) left");
    let mut still_open = 0;
    for id in selected {
        if store
            .get_conflict(*id)?
            .is_some_and(|c| c.status == Status::Open)
        {
            still_open += 1;
        }
    }
    Ok(match code {
        ExitCode::Ok if still_open > 0 => ExitCode::ConflictsOpen,
        other => other,
    })
}

/// For `map`: list Kimai activities or users live and let the person pick one.
fn pick_target(
    ctx: &Context,
    conn: &crate::sync::connect::Connected,
    c: &ConflictRow,
) -> anyhow::Result<Option<(Option<i64>, Option<i64>)>> {
    let options: Vec<(i64, String)> = match c.reason {
        Reason::UnmappedActivity => ctx
            .block_on(conn.kimai.activities())?
            .into_iter()
            .filter(|a| a.project.is_none())
            .map(|a| (a.id.0, a.name))
            .collect(),
        Reason::UnmappedUser => ctx
            .block_on(conn.kimai.users())?
            .into_iter()
            .map(|u| {
                (
                    u.id.0,
                    format!("{} <{}>", u.username, u.email.unwrap_or_default()),
                )
            })
            .collect(),
        _ => return Ok(None),
    };
    for (i, (id, name)) in options.iter().enumerate() {
        eprintln!("  {:>3}) {name} (id {id})", i + 1);
    }
    loop {
        let Some(answer) = super::ask::line("number (empty to go back): ")? else {
            return Ok(None);
        };
        if answer.is_empty() {
            return Ok(None);
        }
        match answer
            .parse::<usize>()
            .ok()
            .and_then(|n| options.get(n.wrapping_sub(1)))
        {
            Some((id, _)) if c.reason == Reason::UnmappedActivity => {
                return Ok(Some((Some(*id), None)));
            }
            Some((id, _)) => return Ok(Some((None, Some(*id)))),
            None => eprintln!("pick a number from 1 to {}", options.len()),
        }
    }
}
