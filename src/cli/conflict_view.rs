//! A conflict as people read it: the Zammad entry, what syncd would write, and what Kimai
//! holds, side by side with names (ids in brackets) and every differing field marked, so
//! it can be decided from the screen. Also the one-line form used by `sync --dry-run`.

use super::names::{Kind, Names};
use crate::config::{ProjectPolicy, SyncSettings};
use crate::ids::{ActivityTypeId, ZammadUserId};
use crate::ids::{OrganizationId, TicketId};
use crate::output::{self, Column};
use crate::store::conflicts::ConflictRow;
use crate::sync::mapping_key::{CustomerKey, MappingKey};
use crate::sync::model::Mappings;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde_json::Value;

/// What the view needs besides the conflict.
pub(crate) struct Facts<'a> {
    pub names: &'a Names,
    pub mappings: &'a Mappings,
    pub settings: &'a SyncSettings,
    /// The Zammad connector's marker key (for the description syncd writes).
    pub marker_key: Option<&'a str>,
    /// Times are shown in the Kimai API user's timezone when known.
    pub tz: Tz,
}

/// One field on the three sides.
#[derive(Debug, Clone, Default)]
pub(crate) struct Field {
    pub name: &'static str,
    pub zammad: String,
    pub write: String,
    pub kimai: String,
    /// syncd would write something else than Kimai holds.
    pub differs: bool,
}

fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

fn int(v: Option<&Value>) -> Option<i64> {
    v?.as_i64()
}

fn instant(v: Option<&Value>) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(v?.as_str()?)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// A Ref as serialized by the planner: `{"existing": 108}` (or a plain id).
fn existing(v: Option<&Value>) -> Option<i64> {
    let v = v?;
    v.as_i64().or_else(|| v.get("existing")?.as_i64())
}

/// Ids the view would like names for.
pub(crate) fn wanted(c: &ConflictRow, m: &Mappings) -> Vec<(Kind, i64)> {
    let mut out = Vec::new();
    let s = c.source.as_ref();
    let desired = s.and_then(|s| s.get("desired"));
    if let Some(t) = c.target.as_ref() {
        for (k, key) in [
            (Kind::KimaiProject, "project"),
            (Kind::KimaiActivity, "activity"),
            (Kind::KimaiUser, "user"),
        ] {
            if let Some(id) = int(t.get(key)) {
                out.push((k, id));
            }
        }
    }
    if let Some(d) = desired {
        for (k, key) in [
            (Kind::KimaiProject, "project"),
            (Kind::KimaiActivity, "activity"),
            (Kind::KimaiUser, "user"),
        ] {
            if let Some(id) = existing(d.get(key)) {
                out.push((k, id));
            }
        }
    }
    if let Some(s) = s {
        if let Some(t) = int(s.get("type_id")).and_then(|t| m.activity.get(&ActivityTypeId(t))) {
            out.push((Kind::KimaiActivity, t.0));
        }
        if let Some(u) = int(s.get("agent")).and_then(|a| m.user.get(&ZammadUserId(a))) {
            out.push((Kind::KimaiUser, u.0));
        }
        for key in [
            int(s.get("ticket")).map(|t| MappingKey::Ticket(TicketId(t))),
            Some(MappingKey::Organization(
                int(s.get("organization")).map(OrganizationId),
            )),
        ]
        .into_iter()
        .flatten()
        {
            if let Some(p) = m.project.get(&key) {
                out.push((Kind::KimaiProject, p.0));
            }
        }
        let org = CustomerKey(int(s.get("organization")).map(OrganizationId));
        if let Some(cu) = m.customer.get(&org) {
            out.push((Kind::KimaiCustomer, cu.0));
        }
    }
    out.sort_by_key(|(k, id)| (format!("{k:?}"), *id));
    out.dedup();
    out
}

/// The fields of a conflict, on the three sides.
pub(crate) fn fields(c: &ConflictRow, f: &Facts<'_>) -> Vec<Field> {
    let s = c.source.as_ref();
    let t = c.target.as_ref();
    let desired = s.and_then(|s| s.get("desired"));
    let names = f.names;
    let m = f.mappings;
    let when = |d: Option<DateTime<Utc>>| {
        d.map(|d| d.with_timezone(&f.tz).format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default()
    };
    let label = |k: Kind, id: Option<i64>| id.map(|i| names.label(k, i)).unwrap_or_default();
    let with_id = |name: Option<String>, id: Option<i64>| match (name, id) {
        (Some(n), Some(i)) => format!("{n} [{i}]"),
        (Some(n), None) => n,
        (None, Some(i)) => format!("[{i}]"),
        (None, None) => String::new(),
    };
    let get = |k: &str| s.and_then(|s| s.get(k));
    let ticket_id = int(get("ticket"));
    let number = text(get("ticket_number")).or_else(|| c.ticket_number.clone());
    let title = text(get("ticket_title")).unwrap_or_default();
    let ticket = number
        .as_ref()
        .map(|n| format!("#{n} {title}").trim_end().to_string());
    let org_id = int(get("organization"));
    let org_name = text(get("organization_name")).or_else(|| {
        (s.is_some() && org_id.is_none()).then(|| f.settings.no_organization_customer.clone())
    });
    let org_key = CustomerKey(org_id.map(OrganizationId));
    let type_id = int(get("type_id"));
    let agent = int(get("agent"));
    let agent_label = {
        let name = text(get("agent_name"));
        let email = text(get("agent_email"));
        let who = match (name, email) {
            (Some(n), Some(e)) if !n.is_empty() => Some(format!("{n} <{e}>")),
            (Some(n), _) if !n.is_empty() => Some(n),
            (_, Some(e)) => Some(e),
            _ => None,
        };
        with_id(who, agent)
    };

    // What syncd would write: the plan's values where the conflict carries them, else the
    // stored mappings and settings.
    let w_project = existing(desired.and_then(|d| d.get("project"))).or_else(|| {
        match f.settings.project_policy {
            ProjectPolicy::PerTicket => {
                ticket_id.and_then(|t| m.project.get(&MappingKey::Ticket(TicketId(t))))
            }
            ProjectPolicy::PerCustomer => m
                .project
                .get(&MappingKey::Organization(org_id.map(OrganizationId))),
            ProjectPolicy::Fixed => None,
        }
        .map(|p| p.0)
    });
    let w_project_text = match (w_project, f.settings.project_policy) {
        (Some(id), _) => label(Kind::KimaiProject, Some(id)),
        _ if s.is_none() => String::new(),
        (None, ProjectPolicy::PerTicket) => ticket
            .as_ref()
            .map(|t| format!("{t} (new)"))
            .unwrap_or_default(),
        (None, ProjectPolicy::PerCustomer) => org_name
            .as_ref()
            .map(|n| format!("{n} (new)"))
            .unwrap_or_default(),
        (None, ProjectPolicy::Fixed) => f.settings.fixed_project.clone().unwrap_or_default(),
    };
    let w_activity = existing(desired.and_then(|d| d.get("activity")))
        .or_else(|| type_id.and_then(|t| m.activity.get(&ActivityTypeId(t)).map(|a| a.0)))
        .or_else(|| {
            f.settings
                .default_activity
                .as_deref()
                .and_then(|a| a.trim().parse().ok())
        });
    let w_activity_text = match w_activity {
        Some(id) => label(Kind::KimaiActivity, Some(id)),
        None if s.is_none() => String::new(),
        None => match (&f.settings.default_activity, text(get("type_name"))) {
            (Some(d), _) => d.clone(),
            (None, Some(n)) if f.settings.auto_create_activities => format!("{n} (new)"),
            _ => "(not mapped)".into(),
        },
    };
    let w_user = match desired.and_then(|d| d.get("user")) {
        Some(Value::Null) => None,
        Some(v) => v.as_i64(),
        None => agent.and_then(|a| m.user.get(&ZammadUserId(a)).map(|u| u.0)),
    };
    let w_user_text = match w_user {
        Some(id) => label(Kind::KimaiUser, Some(id)),
        None if s.is_none() => String::new(),
        None => match f.settings.unmapped_user {
            crate::config::UnmappedUserPolicy::ApiUser => "the API user".into(),
            crate::config::UnmappedUserPolicy::Conflict => "(not mapped)".into(),
        },
    };
    let w_customer = m.customer.get(&org_key).map(|c| c.0);
    let w_customer_text = match w_customer {
        Some(id) => label(Kind::KimaiCustomer, Some(id)),
        None => org_name
            .as_ref()
            .filter(|_| s.is_some())
            .map(|n| format!("{n} (new)"))
            .unwrap_or_default(),
    };
    let w_begin = instant(desired.and_then(|d| d.get("begin")));
    let w_end = instant(desired.and_then(|d| d.get("end")));
    let minutes = int(get("minutes")).or_else(|| int(desired.and_then(|d| d.get("minutes"))));
    let w_minutes = match (w_begin, w_end) {
        (Some(b), Some(e)) => Some((e - b).num_minutes()),
        _ => minutes.filter(|m| *m > 0),
    };
    let w_description = desired
        .and_then(|d| d.get("description"))
        .and_then(|d| d.as_str().map(str::to_string))
        .or_else(|| {
            let entry: crate::sync::model::SourceEntry = serde_json::from_value(s?.clone()).ok()?;
            Some(crate::sync::plan::description(&entry, f.marker_key?))
        })
        .unwrap_or_default();

    let k_begin = instant(t.and_then(|t| t.get("begin")));
    let k_end = instant(t.and_then(|t| t.get("end")));
    let k_minutes = match (k_begin, k_end) {
        (Some(b), Some(e)) => Some((e - b).num_minutes()),
        _ => None,
    };
    let k_project = int(t.and_then(|t| t.get("project")));
    let k_activity = int(t.and_then(|t| t.get("activity")));
    let k_user = int(t.and_then(|t| t.get("user")));
    let k_description = text(t.and_then(|t| t.get("description"))).unwrap_or_default();
    let has_kimai = t.is_some();

    let ids_differ =
        |w: Option<i64>, k: Option<i64>| has_kimai && w.is_some() && k.is_some() && w != k;
    let times_differ = |w: Option<DateTime<Utc>>, k: Option<DateTime<Utc>>| match (w, k) {
        // Kimai may round to the minute.
        (Some(w), Some(k)) => (w - k).num_seconds().abs() >= 60,
        _ => false,
    };
    let logged = instant(get("created_at"));
    vec![
        Field {
            name: "ticket",
            zammad: with_id(ticket.clone(), ticket_id),
            ..Field::default()
        },
        Field {
            name: "customer",
            zammad: with_id(org_name.clone(), org_id),
            write: w_customer_text,
            ..Field::default()
        },
        Field {
            name: "project",
            // The project Zammad's side implies under `sync.project_policy`.
            zammad: match f.settings.project_policy {
                _ if s.is_none() => String::new(),
                ProjectPolicy::PerTicket => ticket
                    .as_ref()
                    .map(|t| format!("{t} (per ticket)"))
                    .unwrap_or_default(),
                ProjectPolicy::PerCustomer => org_name
                    .as_ref()
                    .map(|n| format!("{n} (per customer)"))
                    .unwrap_or_default(),
                ProjectPolicy::Fixed => format!(
                    "{} (fixed)",
                    f.settings.fixed_project.clone().unwrap_or_default()
                ),
            },
            write: w_project_text,
            kimai: label(Kind::KimaiProject, k_project),
            differs: ids_differ(w_project, k_project),
        },
        Field {
            name: "activity",
            zammad: with_id(text(get("type_name")), type_id),
            write: w_activity_text,
            kimai: label(Kind::KimaiActivity, k_activity),
            differs: ids_differ(w_activity, k_activity),
        },
        Field {
            name: "user",
            zammad: agent_label,
            write: w_user_text,
            kimai: label(Kind::KimaiUser, k_user),
            differs: ids_differ(w_user, k_user),
        },
        Field {
            name: "begin",
            write: when(w_begin),
            kimai: when(k_begin),
            differs: times_differ(w_begin, k_begin),
            ..Field::default()
        },
        Field {
            name: "end",
            zammad: logged
                .map(|l| format!("logged {}", when(Some(l))))
                .unwrap_or_default(),
            write: when(w_end),
            kimai: when(k_end),
            differs: times_differ(w_end, k_end),
        },
        Field {
            name: "duration",
            zammad: match (minutes, text(get("time_unit"))) {
                (Some(m), Some(u)) => format!("{m} min ({u} units)"),
                (Some(m), None) => format!("{m} min"),
                _ => String::new(),
            },
            write: w_minutes.map(|m| format!("{m} min")).unwrap_or_default(),
            kimai: k_minutes.map(|m| format!("{m} min")).unwrap_or_default(),
            differs: has_kimai
                && w_minutes.is_some()
                && k_minutes.is_some()
                && w_minutes != k_minutes,
        },
        Field {
            name: "description",
            differs: has_kimai
                && !w_description.is_empty()
                && w_description.trim() != k_description.trim(),
            write: w_description,
            kimai: k_description,
            ..Field::default()
        },
    ]
}

/// The side-by-side view: a heading, the reason in words, the table, Kimai's detail.
/// Differing fields carry a visible `*` (and colour when `color`); the table fits `width`.
pub(crate) fn render(c: &ConflictRow, f: &Facts<'_>, color: bool, width: Option<usize>) -> String {
    let rows: Vec<Vec<String>> = fields(c, f)
        .into_iter()
        .map(|fl| {
            let name = if fl.differs {
                if color {
                    format!("\x1b[1;33m* {}\x1b[0m", fl.name)
                } else {
                    format!("* {}", fl.name)
                }
            } else {
                format!("  {}", fl.name)
            };
            let kimai = if fl.differs && color {
                format!("\x1b[1;33m{}\x1b[0m", fl.kimai)
            } else {
                fl.kimai
            };
            vec![name, fl.zammad, fl.write, kimai]
        })
        .collect();
    let timesheet = c
        .kimai_timesheet_id
        .map(|t| format!("kimai (timesheet {t})"))
        .unwrap_or_else(|| "kimai".into());
    let columns = [
        Column::keep("field").min(13),
        Column::keep("zammad").wrap().min(12),
        Column::keep("syncd would write").wrap().min(12),
        Column::keep(&timesheet).wrap().min(12),
    ];
    let table = output::fit_table(&columns, rows, width, "");
    let entry = c
        .zammad_entry_id
        .map(|e| format!(" · Zammad entry {e}"))
        .unwrap_or_default();
    let mut out = format!(
        "Conflict {} · {} · {}{entry}\n{}\nTimes in {}; `*` marks what syncd would change in Kimai.\n{table}",
        c.id,
        c.reason,
        c.status.as_str(),
        c.reason.explanation(),
        f.tz,
    );
    if let Some(d) = &c.detail {
        out.push_str(&format!("\n{d}"));
    }
    out
}

/// One line: reason, entry and ticket, both sides in short, and the detail.
pub(crate) fn one_line(c: &ConflictRow, f: &Facts<'_>) -> String {
    let fl = fields(c, f);
    let get = |n: &str| fl.iter().find(|x| x.name == n).cloned().unwrap_or_default();
    let (ticket, activity, user, begin, end, duration) = (
        get("ticket"),
        get("activity"),
        get("user"),
        get("begin"),
        get("end"),
        get("duration"),
    );
    let span = |b: &str, e: &str| match (b.is_empty(), e.is_empty()) {
        (false, false) => format!("{b}–{}", e.rsplit(' ').next().unwrap_or(e)),
        _ => String::new(),
    };
    let join = |parts: Vec<String>| {
        parts
            .into_iter()
            .filter(|p| !p.trim().is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let zammad = join(vec![
        duration
            .zammad
            .split(" (")
            .next()
            .unwrap_or_default()
            .to_string(),
        activity.zammad.clone(),
        user.zammad.clone(),
        end.zammad.clone(),
    ]);
    let kimai = if c.target.is_some() {
        join(vec![
            c.kimai_timesheet_id
                .map(|t| format!("timesheet {t}"))
                .unwrap_or_default(),
            span(&begin.kimai, &end.kimai),
            duration.kimai.clone(),
            activity.kimai.clone(),
            user.kimai.clone(),
        ])
    } else if let Some(t) = c.kimai_timesheet_id {
        format!("timesheet {t} (not readable)")
    } else {
        "nothing".into()
    };
    let mut line = format!(
        "conflict {}: entry {} {} · Zammad: {} · Kimai: {}",
        c.reason,
        c.zammad_entry_id.map(|e| e.to_string()).unwrap_or_default(),
        ticket.zammad,
        if zammad.is_empty() {
            "-".into()
        } else {
            zammad
        },
        kimai,
    );
    if let Some(d) = &c.detail {
        line.push_str(&format!(" · {d}"));
    }
    if !end.zammad.is_empty() || !end.kimai.is_empty() {
        line.push_str(&format!(" · times in {}", f.tz));
    }
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}
