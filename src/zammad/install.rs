//! What `syncd webhook install` wants in Zammad, and the smallest set of changes that gets
//! there. Pure: the CLI fetches, this decides, the CLI writes.
//!
//! syncd's own webhook and trigger carry [`MARKER`] in their note and the chosen name;
//! anything else is someone else's and is never changed.
//!
//! The trigger fires on ticket updates whose `time_unit` (the ticket's sum of accounted
//! time) changed: `lib/selector/base.rb` (`check_changes`) marks a ticket attribute named
//! in the conditions as changed when the update transaction changed it, and
//! `Ticket::TimeAccounting.update_ticket` saves the ticket with its new sum whenever time
//! is accounted, corrected or removed. `has changed` conditions are skipped by
//! `ChecksConditionValidation`, so every Zammad accepts them.

use super::{Trigger, Webhook};
use serde::Serialize;
use serde_json::{Value, json};

/// In the note of everything syncd installs; how syncd knows its own.
pub(crate) const MARKER: &str = "[syncd-managed]";

/// The default name of the webhook and the trigger.
pub(crate) const DEFAULT_NAME: &str = "syncd";

/// The body syncd asks Zammad to send: only the ticket id (the daemon reads
/// `ticket_id`), which keeps deliveries small whatever the ticket holds.
pub(crate) const CUSTOM_PAYLOAD: &str = r##"{"ticket_id":"#{ticket.id}"}"##;

/// The note on syncd's objects (Zammad allows 250 characters on triggers).
pub(crate) fn note() -> String {
    format!(
        "{MARKER} Created by `syncd webhook install`; changes made here are put back by the next install."
    )
}

/// The trigger's conditions: a ticket update in which its accounted time changed.
pub(crate) fn condition() -> Value {
    json!({
        "ticket.action": {"operator": "is", "value": "update"},
        "ticket.time_unit": {"operator": "has changed"},
    })
}

/// What to install: names and the daemon's webhook URL.
#[derive(Debug, Clone)]
pub(crate) struct Desired {
    pub name: String,
    pub url: String,
}

impl Desired {
    /// The webhook's attributes; `token` only when a new one is to be set.
    pub(crate) fn webhook_body(&self, token: Option<&str>) -> Value {
        let mut body = json!({
            "name": self.name,
            "endpoint": self.url,
            "ssl_verify": true,
            "http_method": "post",
            "customized_payload": true,
            "custom_payload": CUSTOM_PAYLOAD,
            "note": note(),
            "active": true,
        });
        if let (Some(t), Some(o)) = (token, body.as_object_mut()) {
            o.insert("signature_token".into(), json!(t));
        }
        body
    }

    pub(crate) fn trigger_body(&self, webhook_id: i64) -> Value {
        json!({
            "name": self.name,
            "condition": condition(),
            "perform": {"notification.webhook": {"webhook_id": webhook_id}},
            "activator": "action",
            "execution_condition_mode": "selective",
            "disable_notification": true,
            "note": note(),
            "active": true,
        })
    }
}

/// What happens to one object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    Create,
    /// `changes` says what differs, in words (never a secret's value).
    Update {
        id: i64,
        changes: Vec<String>,
    },
    Unchanged {
        id: i64,
    },
}

impl Step {
    pub(crate) fn id(&self) -> Option<i64> {
        match self {
            Step::Create => None,
            Step::Update { id, .. } | Step::Unchanged { id } => Some(*id),
        }
    }

    pub(crate) fn writes(&self) -> bool {
        !matches!(self, Step::Unchanged { .. })
    }
}

/// Why a new signature token is needed, if it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum NewToken {
    /// The webhook is created.
    NewWebhook,
    /// syncd's store holds no secret for this webhook (or Zammad holds no token).
    NoSecret,
    /// `--rotate-token`.
    Rotate,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Plan {
    pub webhook: Step,
    pub trigger: Step,
    pub new_token: Option<NewToken>,
}

impl Plan {
    pub(crate) fn writes(&self) -> bool {
        self.webhook.writes() || self.trigger.writes()
    }
}

/// A name syncd needs is taken by an object it did not make.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "Zammad already has a trigger named `{name}` (id {id}) that syncd did not create; \
     syncd leaves it alone. Rename it in Zammad (Manage → Triggers), or install under \
     another name with --name NAME"
)]
pub(crate) struct NameTaken {
    pub id: i64,
    pub name: String,
}

fn ours(note: &Option<String>) -> bool {
    note.as_deref().is_some_and(|n| n.contains(MARKER))
}

/// The trigger's webhook ids (`perform.notification.webhook.webhook_id`: one, or a list).
pub(crate) fn trigger_webhook_ids(perform: &Value) -> Vec<i64> {
    let one = |v: &Value| v.as_i64().or_else(|| v.as_str()?.trim().parse().ok());
    match &perform["notification.webhook"]["webhook_id"] {
        Value::Array(list) => list.iter().filter_map(one).collect(),
        v => one(v).into_iter().collect(),
    }
}

/// Same JSON document, whatever the formatting of the stored string.
fn same_json(a: &str, b: &str) -> bool {
    match (
        serde_json::from_str::<Value>(a),
        serde_json::from_str::<Value>(b),
    ) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

fn webhook_changes(w: &Webhook, want: &Desired) -> Vec<String> {
    let mut c = Vec::new();
    if w.name != want.name {
        c.push(format!("name `{}` → `{}`", w.name, want.name));
    }
    if w.endpoint != want.url {
        c.push(format!("endpoint {} → {}", w.endpoint, want.url));
    }
    if !w.ssl_verify {
        c.push("SSL verification off → on".into());
    }
    if !w.active {
        c.push("inactive → active".into());
    }
    // Fields an older Zammad does not have are not compared.
    if let Some(m) = w
        .http_method
        .as_deref()
        .filter(|m| !m.eq_ignore_ascii_case("post"))
    {
        c.push(format!("method {} → POST", m.to_uppercase()));
    }
    if w.customized_payload == Some(false)
        || (w.customized_payload == Some(true)
            && !same_json(w.custom_payload.as_deref().unwrap_or(""), CUSTOM_PAYLOAD))
    {
        c.push(format!("payload → {CUSTOM_PAYLOAD}"));
    }
    if w.note.as_deref() != Some(note().as_str()) {
        c.push("note".into());
    }
    c
}

fn trigger_changes(t: &Trigger, want: &Desired, webhook_id: Option<i64>) -> Vec<String> {
    let mut c = Vec::new();
    if t.name != want.name {
        c.push(format!("name `{}` → `{}`", t.name, want.name));
    }
    if t.condition != condition() {
        c.push("conditions → ticket updated and its accounted time changed".into());
    }
    let ids = trigger_webhook_ids(&t.perform);
    let only_webhook = t
        .perform
        .as_object()
        .is_some_and(|p| p.len() == 1 && p.contains_key("notification.webhook"));
    match webhook_id {
        Some(id) if ids == [id] && only_webhook => {}
        Some(id) => c.push(format!("action → call webhook {id}")),
        None => c.push("action → call the new webhook".into()),
    }
    if t.activator.as_deref().is_some_and(|a| a != "action") {
        c.push("activator → action".into());
    }
    if t.execution_condition_mode
        .as_deref()
        .is_some_and(|m| m != "selective")
    {
        c.push("execution condition mode → selective".into());
    }
    if t.disable_notification == Some(false) {
        c.push("notifications → off".into());
    }
    if !t.active {
        c.push("inactive → active".into());
    }
    if t.note.as_deref() != Some(note().as_str()) {
        c.push("note".into());
    }
    c
}

/// Decide what to create, update or leave. `has_secret`: syncd's store holds a secret for
/// this webhook; `rotate`: a new token was asked for.
pub(crate) fn plan(
    webhooks: &[Webhook],
    triggers: &[Trigger],
    want: &Desired,
    has_secret: bool,
    rotate: bool,
) -> Result<Plan, NameTaken> {
    let webhook = webhooks
        .iter()
        .filter(|w| ours(&w.note) && w.name == want.name)
        .min_by_key(|w| w.id);
    let webhook_id = webhook.map(|w| w.id);
    // Trigger names are unique regardless of case; one of ours may also have been renamed
    // while still calling our webhook.
    let by_name = triggers
        .iter()
        .find(|t| t.name.to_lowercase() == want.name.to_lowercase());
    if let Some(t) = by_name.filter(|t| !ours(&t.note)) {
        return Err(NameTaken {
            id: t.id,
            name: t.name.clone(),
        });
    }
    let trigger = by_name.or_else(|| {
        triggers
            .iter()
            .filter(|t| ours(&t.note))
            .find(|t| webhook_id.is_some_and(|id| trigger_webhook_ids(&t.perform) == [id]))
    });
    let new_token = match webhook {
        None => Some(NewToken::NewWebhook),
        Some(_) if rotate => Some(NewToken::Rotate),
        Some(w) if !has_secret || !w.has_signature_token => Some(NewToken::NoSecret),
        Some(_) => None,
    };
    let webhook_step = match webhook {
        None => Step::Create,
        Some(w) => {
            let mut changes = webhook_changes(w, want);
            if new_token.is_some() {
                changes.push("signature token → a new one".into());
            }
            if changes.is_empty() {
                Step::Unchanged { id: w.id }
            } else {
                Step::Update { id: w.id, changes }
            }
        }
    };
    let trigger_step = match trigger {
        None => Step::Create,
        Some(t) => {
            let changes = trigger_changes(t, want, webhook_id);
            if changes.is_empty() {
                Step::Unchanged { id: t.id }
            } else {
                Step::Update { id: t.id, changes }
            }
        }
    };
    Ok(Plan {
        webhook: webhook_step,
        trigger: trigger_step,
        new_token,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn want() -> Desired {
        Desired {
            name: "syncd".into(),
            url: "https://syncd.example.com/webhooks/zammad".into(),
        }
    }

    fn webhook(id: i64, note: Option<String>) -> Webhook {
        serde_json::from_value(json!({
            "id": id, "name": "syncd", "endpoint": want().url, "signature_token": "**********",
            "ssl_verify": true, "customized_payload": true, "custom_payload": CUSTOM_PAYLOAD,
            "note": note, "active": true,
        }))
        .unwrap()
    }

    fn trigger(id: i64, name: &str, webhook_id: i64, note: Option<String>) -> Trigger {
        let mut body = want().trigger_body(webhook_id);
        body["id"] = json!(id);
        body["name"] = json!(name);
        body["note"] = json!(note);
        serde_json::from_value(body).unwrap()
    }

    #[test]
    fn nothing_installed_creates_both_with_a_token() {
        let p = plan(&[], &[], &want(), false, false).unwrap();
        assert_eq!((p.webhook, p.trigger), (Step::Create, Step::Create));
        assert_eq!(p.new_token, Some(NewToken::NewWebhook));
    }

    #[test]
    fn installed_and_matching_changes_nothing() {
        let w = [webhook(3, Some(note()))];
        let t = [trigger(9, "syncd", 3, Some(note()))];
        let p = plan(&w, &t, &want(), true, false).unwrap();
        assert!(!p.writes(), "{p:?}");
        assert_eq!(p.new_token, None);
        // Without the secret in the store the token must be replaced.
        let p = plan(&w, &t, &want(), false, false).unwrap();
        assert_eq!(p.new_token, Some(NewToken::NoSecret));
        assert!(matches!(p.webhook, Step::Update { id: 3, .. }));
        assert_eq!(p.trigger, Step::Unchanged { id: 9 });
    }

    #[test]
    fn foreign_objects_are_neither_used_nor_changed() {
        let w = [webhook(3, None)];
        let t = [trigger(9, "other", 3, None)];
        let p = plan(&w, &t, &want(), true, false).unwrap();
        assert_eq!((p.webhook, p.trigger), (Step::Create, Step::Create));
        let taken = [trigger(9, "SyncD", 3, Some("mine".into()))];
        assert_eq!(
            plan(&w, &taken, &want(), true, false).unwrap_err().id,
            9,
            "names are unique regardless of case"
        );
    }

    #[test]
    fn a_moved_url_updates_the_endpoint_only() {
        let w = [webhook(3, Some(note()))];
        let t = [trigger(9, "syncd", 3, Some(note()))];
        let moved = Desired {
            url: "https://new.example.com/webhooks/zammad".into(),
            ..want()
        };
        let p = plan(&w, &t, &moved, true, false).unwrap();
        assert_eq!(
            p.webhook,
            Step::Update {
                id: 3,
                changes: vec![format!("endpoint {} → {}", want().url, moved.url)]
            }
        );
        assert_eq!(p.new_token, None);
        assert_eq!(p.trigger, Step::Unchanged { id: 9 });
    }

    #[test]
    fn condition_is_a_valid_selector_shape() {
        let c = condition();
        for (_, v) in c.as_object().unwrap() {
            assert!(v.get("operator").is_some());
        }
        assert!(note().chars().count() <= 250);
    }
}
