//! Names for `mapping add/remove`: ids work offline; a name (type, organization, agent
//! email or login, `#<ticket number>`; activity, customer, project, user) is looked up live
//! in Zammad or Kimai.

use super::Context;
use super::mapping::{source_key, target_id};
use crate::error::Error;
use crate::ids::{OrganizationId, TicketId};
use crate::kimai::KimaiClient;
use crate::store::{ConnectorRow, MappingKind};
use crate::sync::fetch::every_page;
use crate::sync::mapping_key::MappingKey;
use crate::zammad::ZammadClient;

/// A resolved side: the stored key (or id) and the name it was found by.
pub(super) struct Named<T> {
    pub value: T,
    pub name: Option<String>,
}

fn pick<T: Clone>(
    what: &str,
    wanted: &str,
    items: Vec<(T, String)>,
    extra: &[&str],
) -> anyhow::Result<(T, String)> {
    let w = wanted.trim();
    if let Some((v, n)) = items.iter().find(|(_, n)| n.eq_ignore_ascii_case(w)) {
        return Ok((v.clone(), n.clone()));
    }
    let mut known: Vec<&str> = items.iter().map(|(_, n)| n.as_str()).take(20).collect();
    known.extend_from_slice(extra);
    Err(Error::usage(format!(
        "no {what} named `{w}`{}",
        if known.is_empty() {
            String::new()
        } else {
            format!(" (known: {})", known.join(", "))
        }
    ))
    .into())
}

/// `--source`: a key as stored, from an id or a name.
pub(super) fn source(
    ctx: &Context,
    z: &ConnectorRow,
    kind: MappingKind,
    raw: &str,
) -> anyhow::Result<Named<String>> {
    let plain = source_key(kind, raw);
    if let Ok(key) = plain {
        return Ok(Named {
            value: key,
            name: None,
        });
    }
    // A bare number for a project is ambiguous (ticket id or number): say how to write it.
    let trimmed = raw.trim();
    let nameable = match kind {
        MappingKind::Project => {
            trimmed.starts_with('#') || trimmed.to_ascii_lowercase().starts_with("org:")
        }
        _ => trimmed.parse::<i64>().is_err(),
    };
    if !nameable {
        return Err(plain.unwrap_err().into());
    }
    let client = zammad(ctx, z)?;
    let raw = raw.trim();
    ctx.block_on(async {
        let (key, name) = match kind {
            MappingKind::Activity => {
                let types = client.time_accounting_types().await?;
                let (id, n) = pick("Zammad activity type", raw, types.into_iter().map(|t| (t.id, t.name)).collect(), &[])?;
                (id.to_string(), n)
            }
            MappingKind::Customer => {
                let orgs = every_page(500, |p| client.organizations(p, 500)).await?;
                let (id, n) = pick("Zammad organization", raw, orgs.into_iter().map(|o| (o.id, o.name)).collect(), &[])?;
                (id.to_string(), n)
            }
            MappingKind::User => {
                let users = every_page(500, |p| client.users(p, 500)).await?;
                let found = users.into_iter().find(|u| {
                    u.login.eq_ignore_ascii_case(raw) || u.email.as_deref().is_some_and(|m| m.eq_ignore_ascii_case(raw))
                });
                let u = found.ok_or_else(|| Error::usage(format!("no Zammad user with login or email `{raw}`")))?;
                (u.id.to_string(), u.display_name())
            }
            MappingKind::Project => {
                let (prefix, rest) = raw.split_once(':').unwrap_or(("ticket", raw));
                match prefix.to_ascii_lowercase().as_str() {
                    "org" => {
                        let orgs = every_page(500, |p| client.organizations(p, 500)).await?;
                        let (id, n) = pick("Zammad organization", rest, orgs.into_iter().map(|o| (o.id, o.name)).collect(), &[])?;
                        (MappingKey::Organization(Some(OrganizationId(id))).to_string(), n)
                    }
                    _ => {
                        let number = rest.trim().trim_start_matches('#');
                        let t = client.find_ticket_by_number(number).await?.ok_or_else(|| {
                            Error::usage(format!("no Zammad ticket number `{number}` (project sources: `#<number>`, `ticket:<id>`, `org:<id or name>`)"))
                        })?;
                        (MappingKey::Ticket(TicketId(t.id)).to_string(), format!("#{} {}", t.number, t.title))
                    }
                }
            }
        };
        Ok(Named { value: key, name: Some(name) })
    })
}

/// `--target`: a Kimai id, from an id or a name.
pub(super) fn target(
    ctx: &Context,
    k: &ConnectorRow,
    kind: MappingKind,
    raw: &str,
) -> anyhow::Result<Named<i64>> {
    let plain = target_id(kind, raw);
    if let Ok(id) = plain {
        return Ok(Named {
            value: id,
            name: None,
        });
    }
    if raw.trim().parse::<i64>().is_ok() || raw.trim().is_empty() {
        return Err(plain.unwrap_err().into());
    }
    let client = kimai(ctx, k)?;
    let raw = raw.trim();
    ctx.block_on(async {
        let (id, name) = match kind {
            MappingKind::Activity => {
                let mut all = client.activities().await?;
                // Global activities first: the ones every project may use.
                all.sort_by_key(|a| a.project.is_some());
                pick(
                    "Kimai activity",
                    raw,
                    all.into_iter().map(|a| (a.id.0, a.name)).collect(),
                    &[],
                )?
            }
            MappingKind::Customer => pick(
                "Kimai customer",
                raw,
                client
                    .customers()
                    .await?
                    .into_iter()
                    .map(|c| (c.id.0, c.name))
                    .collect(),
                &[],
            )?,
            MappingKind::Project => pick(
                "Kimai project",
                raw,
                client
                    .projects()
                    .await?
                    .into_iter()
                    .map(|p| (p.id.0, p.name))
                    .collect(),
                &[],
            )?,
            MappingKind::User => {
                // Without view_user only the API user itself can be looked up by name.
                let users = match client.users().await {
                    Ok(u) => u,
                    Err(e) if e.kind == crate::http::ApiErrorKind::Forbidden => {
                        let me = client.me().await?;
                        if !me.username.eq_ignore_ascii_case(raw) {
                            return Err(Error::usage(format!(
                                "Kimai does not let this token list users (permission view_user), \
                                 so `{raw}` cannot be looked up: give the Kimai user's id \
                                 (System → Users in Kimai)"
                            ))
                            .into());
                        }
                        vec![me]
                    }
                    Err(e) => return Err(e.into()),
                };
                let found = users.into_iter().find(|u| {
                    u.username.eq_ignore_ascii_case(raw)
                        || u.email
                            .as_deref()
                            .is_some_and(|m| m.eq_ignore_ascii_case(raw))
                        || u.alias
                            .as_deref()
                            .is_some_and(|a| a.eq_ignore_ascii_case(raw))
                });
                let u = found.ok_or_else(|| {
                    Error::usage(format!(
                        "no Kimai user with username, email or alias `{raw}`"
                    ))
                })?;
                (u.id.0, u.username)
            }
        };
        Ok(Named {
            value: id,
            name: Some(name),
        })
    })
}

fn zammad(ctx: &Context, row: &ConnectorRow) -> anyhow::Result<ZammadClient> {
    super::clients::zammad(ctx, &ctx.load_identity()?, row)
}

fn kimai(ctx: &Context, row: &ConnectorRow) -> anyhow::Result<KimaiClient> {
    super::clients::kimai(ctx, &ctx.load_identity()?, row)
}
