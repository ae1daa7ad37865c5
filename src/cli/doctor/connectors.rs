//! Each connector as `connector test` sees it (reachable, version, permissions in words,
//! Kimai's timesheet rules and rounding, the API user's timezone against the agents'),
//! plus the clock skew, judged strictly, and the Zammad unit against its newest entries.

use super::report::{Check, Status};
use crate::cli::Context;
use crate::cli::clock_skew::{self, Level};
use crate::secrets::LoadedIdentity;
use crate::store::{ConnectorKind, ConnectorRow, Store};
use crate::sync::unit_guard::Verdict;

pub(super) fn all(
    ctx: &Context,
    store: &Store,
    identity: Option<&LoadedIdentity>,
    checks: &mut Vec<Check>,
) -> anyhow::Result<()> {
    let rows = store.list_connectors()?;
    for (kind, word) in [
        (ConnectorKind::Zammad, "zammad"),
        (ConnectorKind::Kimai, "kimai"),
    ] {
        if !rows.iter().any(|r| r.kind == kind) {
            checks.push(Check::fail(
                "connectors",
                word,
                format!("no {word} connector: nothing can sync"),
                format!("syncd connector add {word} --name NAME --url URL --token-file FILE"),
            ));
        }
    }
    let Some(identity) = identity else {
        if !rows.is_empty() {
            checks.push(Check::fail(
                "connectors",
                "tokens",
                "not tested: without the age identity their tokens cannot be decrypted",
                "provide the identity (see the identity check above)",
            ));
        }
        return Ok(());
    };
    for row in &rows {
        one(ctx, store, identity, row, checks)?;
    }
    Ok(())
}

fn one(
    ctx: &Context,
    store: &Store,
    identity: &LoadedIdentity,
    row: &ConnectorRow,
    checks: &mut Vec<Check>,
) -> anyhow::Result<()> {
    let group = format!("connector {} ({}, {})", row.name, row.kind, row.base_url);
    let report = match crate::cli::connector_test::test_connector(ctx, store, identity, row) {
        Ok(r) => r,
        Err(e) => {
            checks.push(Check::fail(
                &group,
                "token",
                format!("{e:#}"),
                format!("syncd connector edit {} --token-file FILE", row.name),
            ));
            return Ok(());
        }
    };
    let service = match row.kind {
        ConnectorKind::Zammad => "Zammad",
        ConnectorKind::Kimai => "Kimai",
    };
    let retest = format!("syncd connector test {}", row.name);
    for c in &report.checks {
        let mut status = match (c.ok, c.warning) {
            (false, _) => Status::Fail,
            (true, true) => Status::Warn,
            (true, false) => Status::Ok,
        };
        // connector test only warns about a skew; here a harmful one must be fixed.
        if c.check == "clock" {
            let skew = report.clock_skew_secs.map(chrono::Duration::seconds);
            status = match clock_skew::judge(service, skew).0 {
                Level::Ok => Status::Ok,
                Level::Warn => Status::Warn,
                Level::Fail => Status::Fail,
            };
        }
        let fix = (status != Status::Ok).then(|| c.fix.clone().unwrap_or_else(|| retest.clone()));
        checks.push(Check {
            group: group.clone(),
            name: c.check.to_string(),
            status,
            detail: c.detail.clone(),
            fix,
        });
    }
    for w in &report.warnings {
        checks.push(Check::warn(
            &group,
            "transport",
            w.clone(),
            format!("syncd connector edit {} --url https://…", row.name),
        ));
    }
    if row.kind == ConnectorKind::Zammad && report.ok {
        checks.push(unit(ctx, row, &group));
    }
    Ok(())
}

/// The configured unit against Zammad's newest entries (the unit guard's judgement).
fn unit(ctx: &Context, row: &ConnectorRow, group: &str) -> Check {
    let unit = row.settings.time_unit.as_deref().unwrap_or("minute");
    let edit = |u: &str| format!("syncd connector edit {} --time-unit {u}", row.name);
    match crate::cli::unit_check::judge_now(ctx, row) {
        Ok(Some(Verdict::Implausible(i))) => Check::fail(
            group,
            "time unit",
            crate::sync::unit_guard::refusal(&row.name, &i),
            match &i.likely {
                Some((u, _)) => edit(&u.to_string()),
                None => "look at the entries in Zammad; then set the unit that fits".into(),
            },
        ),
        Ok(Some(Verdict::Plausible)) if row.settings.unit_check_pending => Check::ok(
            group,
            "time unit",
            format!("{unit}: fits Zammad's newest entries (the next sync confirms it)"),
        ),
        Ok(Some(Verdict::Plausible)) => Check::ok(
            group,
            "time unit",
            format!("{unit}: fits Zammad's newest entries"),
        ),
        Ok(None) => Check::ok(
            group,
            "time unit",
            format!(
                "{unit}: this Zammad has no global list; the first sync (or the first after a \
                 unit change) checks the unit against the entries it reads"
            ),
        ),
        Ok(Some(Verdict::TooFew(n))) => Check::ok(
            group,
            "time unit",
            format!("{unit}: {n} positive entries in Zammad, too few to judge the unit"),
        ),
        Err(why) => Check::warn(
            group,
            "time unit",
            format!("{unit}: not checked ({why})"),
            "the first sync checks the unit against the entries it reads",
        ),
    }
}
