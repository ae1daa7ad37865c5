//! `syncd connector add | list | show | edit | remove | test`.

use super::Context;
use super::args::{ConnectorAddArgs, ConnectorCommand, ConnectorEditArgs, TokenSource};
use crate::error::{Error, ExitCode};
use crate::output;
use crate::store::{ConnectorKind, ConnectorRow, ConnectorSettings, NewConnector, Store};
use secrecy::SecretString;
use serde::Serialize;

pub(super) fn run(ctx: &Context, cmd: ConnectorCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        ConnectorCommand::Add(a) => add(ctx, a),
        ConnectorCommand::List => list(ctx),
        ConnectorCommand::Show { name } => show(ctx, &name),
        ConnectorCommand::Edit(a) => edit(ctx, a),
        ConnectorCommand::Remove { name, force } => remove(ctx, &name, force),
        ConnectorCommand::Test { name } => super::connector_test::run(ctx, name.as_deref()),
    }
}

/// A connector as printed: never the token, not even its ciphertext.
#[derive(Debug, Serialize)]
pub(super) struct ConnectorView {
    pub id: i64,
    pub name: String,
    pub kind: ConnectorKind,
    pub base_url: String,
    pub settings: ConnectorSettings,
    pub created_at: String,
    pub updated_at: String,
}

impl From<&ConnectorRow> for ConnectorView {
    fn from(c: &ConnectorRow) -> Self {
        ConnectorView {
            id: c.id.0,
            name: c.name.clone(),
            kind: c.kind,
            base_url: c.base_url.clone(),
            settings: c.settings.clone(),
            created_at: c.created_at.clone(),
            updated_at: c.updated_at.clone(),
        }
    }
}

#[derive(tabled::Tabled)]
struct ConnectorLine {
    name: String,
    kind: String,
    url: String,
    time_unit: String,
    marker_key: String,
    updated: String,
}

fn or_dash(v: &Option<impl ToString>) -> String {
    v.as_ref()
        .map(|v| v.to_string())
        .unwrap_or_else(|| "-".into())
}

fn add(ctx: &Context, a: ConnectorAddArgs) -> anyhow::Result<ExitCode> {
    let kind = match a.kind {
        super::args::ConnectorKind::Zammad => ConnectorKind::Zammad,
        super::args::ConnectorKind::Kimai => ConnectorKind::Kimai,
    };
    super::args::validate_name("connector", &a.name)?;
    let url = parse_base_url(&a.url)?;
    if let Some(w) = crate::http::cleartext_warning(&url) {
        eprintln!("warning: {w}");
    }
    let time_unit = match (kind, a.time_unit.as_deref()) {
        (ConnectorKind::Zammad, Some(u)) => Some(validate_time_unit(u)?),
        (ConnectorKind::Zammad, None) => {
            return Err(Error::usage(
                "--time-unit is required for zammad connectors: minute, hour, quarter or <N>m \
                 (what one Zammad time unit means on this instance)",
            )
            .into());
        }
        (ConnectorKind::Kimai, Some(_)) => {
            return Err(Error::usage("--time-unit applies to zammad connectors only").into());
        }
        (ConnectorKind::Kimai, None) => None,
    };
    validate_timeout(a.timeout)?;
    let store = ctx.open_store()?;
    if store.connector_by_name(&a.name)?.is_some() {
        return Err(Error::usage(format!(
            "a connector named {} already exists; pick another --name or change it with \
             `syncd connector edit {}`",
            a.name, a.name
        ))
        .into());
    }
    let identity = ctx.load_identity()?;
    let token = read_token(ctx, &a.token, false, kind)?;
    let mut settings = ConnectorSettings {
        time_unit,
        marker_key: (kind == ConnectorKind::Zammad)
            .then(|| crate::sync::marker::marker_key_for_url(url.as_str())),
        timeout_secs: a.timeout,
        ..ConnectorSettings::default()
    };
    let token_ciphertext = crate::secrets::encrypt_token(&identity.recipient(), &token);
    let checked = if a.no_check {
        None
    } else {
        // The row as it would be stored, to build the same client a sync uses.
        let candidate = ConnectorRow {
            id: crate::ids::ConnectorId(0),
            name: a.name.clone(),
            kind,
            base_url: url_text(&url),
            token_ciphertext: token_ciphertext.clone(),
            settings: settings.clone(),
            created_at: String::new(),
            updated_at: String::new(),
        };
        let checked = super::connector_check::check(ctx, &identity, &candidate)?;
        settings.timezone = checked.timezone.clone();
        Some(checked)
    };
    let row = store.insert_connector(&NewConnector {
        name: a.name.clone(),
        kind,
        base_url: url_text(&url),
        token_ciphertext,
        settings,
    })?;
    let view = ConnectorView::from(&row);
    ctx.audit_config(
        &store,
        "connector.add",
        Some(&row.name),
        serde_json::json!({ "after": view }),
    )?;
    tracing::info!(connector = %row.name, kind = %row.kind, "connector added");
    output::emit(ctx.output, &view, || {
        let how = match &checked {
            Some(c) => format!("checked: {}", c.summary),
            None => format!(
                "not checked; run `syncd connector test {}` when the server is reachable",
                row.name
            ),
        };
        format!(
            "added {} connector {} ({}); {how}",
            row.kind, row.name, row.base_url
        )
    })?;
    Ok(ExitCode::Ok)
}

fn list(ctx: &Context) -> anyhow::Result<ExitCode> {
    let store = ctx.open_store()?;
    let rows = store.list_connectors()?;
    let views: Vec<ConnectorView> = rows.iter().map(ConnectorView::from).collect();
    output::emit(ctx.output, &views, || {
        output::table(
            rows.iter().map(|c| ConnectorLine {
                name: c.name.clone(),
                kind: c.kind.to_string(),
                url: c.base_url.clone(),
                time_unit: or_dash(&c.settings.time_unit),
                marker_key: or_dash(&c.settings.marker_key),
                updated: c.updated_at.clone(),
            }),
            "no connectors; add one with `syncd connector add zammad|kimai …`",
        )
    })?;
    Ok(ExitCode::Ok)
}

pub(super) fn find(store: &Store, name: &str) -> anyhow::Result<ConnectorRow> {
    store.connector_by_name(name)?.ok_or_else(|| {
        let names: Vec<String> = store
            .list_connectors()
            .map(|v| v.into_iter().map(|c| c.name).collect())
            .unwrap_or_default();
        let known: Vec<&str> = names.iter().map(String::as_str).collect();
        let hint = match crate::config::closest(name, &known) {
            Some(best) => format!(" (did you mean {best}?)"),
            None if known.is_empty() => " (none configured)".to_string(),
            None => format!(" (known: {})", known.join(", ")),
        };
        Error::usage(format!(
            "no connector named {name}{hint} (see `syncd connector list`)"
        ))
        .into()
    })
}

fn show(ctx: &Context, name: &str) -> anyhow::Result<ExitCode> {
    let store = ctx.open_store()?;
    let row = find(&store, name)?;
    let usage = store.connector_usage(row.id)?;
    let view = ConnectorView::from(&row);
    output::emit(ctx.output, &view, || {
        output::key_values(&[
            ("name", row.name.clone()),
            ("kind", row.kind.to_string()),
            ("url", row.base_url.clone()),
            ("time unit", or_dash(&row.settings.time_unit)),
            ("marker key", or_dash(&row.settings.marker_key)),
            (
                "timeout",
                or_dash(&row.settings.timeout_secs.map(|s| format!("{s}s"))),
            ),
            ("timezone", or_dash(&row.settings.timezone)),
            ("token", "stored (age-encrypted)".into()),
            ("mappings", usage.mappings.to_string()),
            ("ledger rows", usage.ledger.to_string()),
            ("created", row.created_at.clone()),
            ("updated", row.updated_at.clone()),
        ])
    })?;
    Ok(ExitCode::Ok)
}

fn edit(ctx: &Context, a: ConnectorEditArgs) -> anyhow::Result<ExitCode> {
    let store = ctx.open_store()?;
    let before = find(&store, &a.name)?;
    let mut row = before.clone();
    if let Some(new_name) = &a.rename {
        super::args::validate_name("connector", new_name)?;
        if new_name != &row.name && store.connector_by_name(new_name)?.is_some() {
            return Err(
                Error::usage(format!("a connector named {new_name} already exists")).into(),
            );
        }
        row.name = new_name.clone();
    }
    if let Some(u) = &a.url {
        // The marker key stays: it is written into every synced timesheet.
        let url = parse_base_url(u)?;
        if let Some(w) = crate::http::cleartext_warning(&url) {
            eprintln!("warning: {w}");
        }
        row.base_url = url_text(&url);
    }
    if let Some(unit) = &a.time_unit {
        if row.kind != ConnectorKind::Zammad {
            return Err(Error::usage("--time-unit applies to zammad connectors only").into());
        }
        row.settings.time_unit = Some(validate_time_unit(unit)?);
    }
    if a.timeout.is_some() {
        validate_timeout(a.timeout)?;
        row.settings.timeout_secs = a.timeout;
    }
    let token_changed = a.token.token_file.is_some() || a.token.token_stdin || a.token_prompt;
    if token_changed {
        let identity = ctx.load_identity()?;
        let token = read_token(ctx, &a.token, a.token_prompt, row.kind)?;
        row.token_ciphertext = crate::secrets::encrypt_token(&identity.recipient(), &token);
    }
    if row == before {
        return Err(Error::usage(
            "nothing to change: pass --rename, --url, --time-unit, --timeout or a new token",
        )
        .into());
    }
    let unit_changed = row.settings.time_unit != before.settings.time_unit;
    if unit_changed {
        // The unit guard: judged now when Zammad answers, else by the next sync.
        row.settings.unit_check_pending = false;
        if !a.force {
            use crate::sync::unit_guard::Verdict;
            match super::unit_check::judge_now(ctx, &row) {
                Ok(Some(Verdict::Implausible(i))) => {
                    return Err(
                        Error::config(crate::sync::unit_guard::refusal(&row.name, &i)).into(),
                    );
                }
                Ok(Some(Verdict::Plausible)) => {}
                Ok(None) => {
                    row.settings.unit_check_pending = true;
                    eprintln!(
                        "note: this Zammad has no global time accounting list; the next sync \
                         checks the unit against the entries it reads (--force skips that)"
                    );
                }
                Ok(Some(Verdict::TooFew(n))) => {
                    row.settings.unit_check_pending = true;
                    eprintln!(
                        "note: Zammad has {n} positive entries, too few to check the unit; the \
                         next sync checks it against the entries it reads (--force skips that)"
                    );
                }
                Err(why) => {
                    row.settings.unit_check_pending = true;
                    eprintln!(
                        "note: {why}; the next sync checks the unit against the entries it reads \
                         (--force skips that)"
                    );
                }
            }
        }
    }
    let after = store.update_connector(&row)?;
    ctx.audit_config(
        &store,
        "connector.edit",
        Some(&before.name),
        serde_json::json!({
            "before": ConnectorView::from(&before),
            "after": ConnectorView::from(&after),
            "token_changed": token_changed,
            "unit_forced": unit_changed && a.force,
        }),
    )?;
    let view = ConnectorView::from(&after);
    output::emit(ctx.output, &view, || {
        format!("updated connector {}", after.name)
    })?;
    Ok(ExitCode::Ok)
}

fn remove(ctx: &Context, name: &str, force: bool) -> anyhow::Result<ExitCode> {
    let mut store = ctx.open_store()?;
    let row = find(&store, name)?;
    let usage = store.connector_usage(row.id)?;
    if !usage.is_empty() && !force {
        anyhow::bail!(
            "connector {name} is still used by {} mappings, {} ledger rows and {} conflicts; \
             pass --force to remove them too",
            usage.mappings,
            usage.ledger,
            usage.conflicts
        );
    }
    store.delete_connector(row.id)?;
    ctx.audit_config(
        &store,
        "connector.remove",
        Some(name),
        serde_json::json!({
            "before": ConnectorView::from(&row),
            "forced": force,
            "removed": usage,
        }),
    )?;
    let value = serde_json::json!({ "removed": name, "mappings": usage.mappings,
        "ledger": usage.ledger, "conflicts": usage.conflicts });
    output::emit(ctx.output, &value, || {
        if usage.is_empty() {
            format!("removed connector {name}")
        } else {
            format!(
                "removed connector {name} with {} mappings, {} ledger rows and {} conflicts",
                usage.mappings, usage.ledger, usage.conflicts
            )
        }
    })?;
    Ok(ExitCode::Ok)
}

fn validate_timeout(t: Option<u64>) -> Result<(), Error> {
    match t {
        Some(0) => Err(Error::usage("--timeout must be at least 1 second")),
        _ => Ok(()),
    }
}

/// An http(s) URL with a host, no credentials, no query.
pub(super) fn parse_base_url(raw: &str) -> Result<url::Url, Error> {
    let bad = |why: &str| Error::usage(format!("invalid --url `{raw}`: {why}"));
    let url = crate::http::http_url(raw).map_err(|fault| match fault {
        crate::http::UrlFault::Credentials => {
            bad(&format!("{fault}; pass the token with --token-file"))
        }
        _ => bad(&fault.to_string()),
    })?;
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("must not have a query or fragment"));
    }
    Ok(url)
}

fn url_text(url: &url::Url) -> String {
    url.as_str().trim_end_matches('/').to_string()
}

/// What one Zammad time unit means, in the one grammar the sync reads it with
/// ([`crate::sync::units::TimeUnit`]), stored in its canonical spelling.
pub(super) fn validate_time_unit(raw: &str) -> Result<String, Error> {
    raw.parse::<crate::sync::units::TimeUnit>()
        .map(|unit| unit.to_string())
        .map_err(|_| {
            Error::usage(format!(
                "invalid --time-unit `{raw}`: use minute, hour, quarter or <N>m (e.g. 15m)"
            ))
        })
}

fn read_token(
    ctx: &Context,
    src: &TokenSource,
    prompt: bool,
    kind: ConnectorKind,
) -> anyhow::Result<SecretString> {
    if let Some(path) = &src.token_file {
        return crate::secrets::read_token_file(path);
    }
    if src.token_stdin {
        return crate::secrets::read_token_stdin();
    }
    let _ = prompt;
    if !ctx.interactive {
        return Err(Error::usage(
            "no token given: pass --token-file FILE or --token-stdin (no terminal for a hidden prompt)",
        )
        .into());
    }
    let label = match kind {
        ConnectorKind::Zammad => "Zammad API token",
        ConnectorKind::Kimai => "Kimai API token",
    };
    let text = dialoguer::Password::new().with_prompt(label).interact()?;
    if text.trim().is_empty() {
        return Err(Error::usage("empty token").into());
    }
    Ok(SecretString::from(text.trim().to_string()))
}
