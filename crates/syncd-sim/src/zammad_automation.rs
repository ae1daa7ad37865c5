//! Zammad's webhooks and triggers (`/api/v1/webhooks`, `/api/v1/triggers`) as the real
//! server keeps them: `app/controllers/{webhooks,triggers}_controller.rb`,
//! `app/models/{webhook,trigger}.rb`, `app/models/concerns/checks_condition_validation.rb`,
//! `app/models/webhook/ensure_no_related_objects.rb`, `lib/selector/sql.rb`.
//!
//! Index is a bare array ordered by id (paged, default 500); create answers 201, update 200
//! with the record, destroy 200 `{}`. Unknown attributes are dropped. Secrets
//! (`signature_token`, `bearer_token`, `basic_auth_password`) come back masked, as
//! `CanSensitiveAssets` does on recent versions; sending the mask back keeps the value.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

use super::http::{SimRequest, SimResponse};
use super::zammad::{ZState, ZammadSim, format_ts, now_ms};
use super::zammad_api::{error, no_route, not_found, page_bounds};

/// What masked secrets look like in responses.
pub const SECRET_MASK: &str = "**********";

/// One webhook, secrets in clear (test-side accessors see them; responses never do).
#[derive(Debug, Clone, PartialEq)]
pub struct SimWebhook {
    pub id: i64,
    pub name: String,
    pub endpoint: String,
    pub signature_token: Option<String>,
    pub ssl_verify: bool,
    /// `None` on servers before 7.0 (the attribute does not exist there).
    pub http_method: Option<String>,
    pub basic_auth_username: Option<String>,
    pub basic_auth_password: Option<String>,
    pub bearer_token: Option<String>,
    pub pre_defined_webhook_type: Option<String>,
    pub customized_payload: bool,
    pub custom_payload: Option<String>,
    pub note: Option<String>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One trigger.
#[derive(Debug, Clone, PartialEq)]
pub struct SimTrigger {
    pub id: i64,
    pub name: String,
    pub condition: Value,
    pub perform: Value,
    pub activator: String,
    pub execution_condition_mode: String,
    pub disable_notification: bool,
    pub note: Option<String>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl SimTrigger {
    /// The webhook ids in `perform` (`notification.webhook.webhook_id`, one or a list).
    pub fn webhook_ids(&self) -> Vec<i64> {
        let id = &self.perform["notification.webhook"]["webhook_id"];
        let one = |v: &Value| v.as_i64().or_else(|| v.as_str()?.trim().parse().ok());
        match id {
            Value::Array(list) => list.iter().filter_map(one).collect(),
            v => one(v).into_iter().collect(),
        }
    }
}

/// Webhooks, triggers and the token's admin permissions.
#[derive(Debug)]
pub(crate) struct Automation {
    pub webhooks: BTreeMap<i64, SimWebhook>,
    pub triggers: BTreeMap<i64, SimTrigger>,
    pub next_webhook_id: i64,
    pub next_trigger_id: i64,
    pub admin_webhook: bool,
    pub admin_trigger: bool,
}

impl Default for Automation {
    /// A fresh Zammad: no webhooks, its seeded triggers (one shown here), admin token.
    fn default() -> Self {
        let t0 = now_ms();
        let seeded = SimTrigger {
            id: 1,
            name: "auto reply (on new tickets)".into(),
            condition: json!({
                "ticket.action": {"operator": "is", "value": "create"},
                "ticket.state_id": {"operator": "is not", "value": "4"},
            }),
            perform: json!({"notification.email": {
                "recipient": "article_last_sender",
                "subject": "Thanks for your inquiry (#{ticket.title})",
                "body": "Your request has been received."}}),
            activator: "action".into(),
            execution_condition_mode: "selective".into(),
            disable_notification: true,
            note: None,
            active: true,
            created_at: t0,
            updated_at: t0,
        };
        Automation {
            webhooks: BTreeMap::new(),
            triggers: BTreeMap::from([(1, seeded)]),
            next_webhook_id: 1,
            next_trigger_id: 2,
            admin_webhook: true,
            admin_trigger: true,
        }
    }
}

/// `http_method` exists from Zammad 7.0 on.
fn has_http_method(version: &str) -> bool {
    version
        .split('.')
        .next()
        .and_then(|m| m.parse::<u32>().ok())
        .is_some_and(|m| m >= 7)
}

fn masked(v: &Option<String>) -> Value {
    match v {
        Some(s) if !s.is_empty() => json!(SECRET_MASK),
        _ => Value::Null,
    }
}

fn webhook_json(w: &SimWebhook) -> Value {
    let mut v = json!({
        "id": w.id, "name": w.name, "endpoint": w.endpoint,
        "signature_token": masked(&w.signature_token), "ssl_verify": w.ssl_verify,
        "basic_auth_username": w.basic_auth_username,
        "basic_auth_password": masked(&w.basic_auth_password),
        "bearer_token": masked(&w.bearer_token),
        "pre_defined_webhook_type": w.pre_defined_webhook_type,
        "customized_payload": w.customized_payload, "custom_payload": w.custom_payload,
        "note": w.note, "preferences": {}, "active": w.active,
        "created_by_id": 1, "updated_by_id": 1,
        "created_at": format_ts(w.created_at), "updated_at": format_ts(w.updated_at),
    });
    if let (Some(m), Value::Object(o)) = (&w.http_method, &mut v) {
        o.insert("http_method".into(), json!(m));
    }
    v
}

fn trigger_json(t: &SimTrigger) -> Value {
    json!({
        "id": t.id, "name": t.name, "condition": t.condition, "perform": t.perform,
        "activator": t.activator, "execution_condition_mode": t.execution_condition_mode,
        "disable_notification": t.disable_notification, "note": t.note, "active": t.active,
        "created_by_id": 1, "updated_by_id": 1,
        "created_at": format_ts(t.created_at), "updated_at": format_ts(t.updated_at),
    })
}

fn invalid(msg: &str) -> SimResponse {
    error(422, msg)
}

/// A string attribute from the body: `Some(None)` when sent as null or blank.
fn text(body: &Map<String, Value>, key: &str) -> Option<Option<String>> {
    body.get(key).map(|v| match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

/// Rails' boolean cast: true, "true", "1", 1 … are true.
fn flag(body: &Map<String, Value>, key: &str) -> Option<bool> {
    body.get(key).map(|v| match v {
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_i64() != Some(0),
        Value::String(s) => matches!(s.as_str(), "true" | "1" | "t" | "on"),
        _ => false,
    })
}

/// `validate_endpoint`: an http(s) URL with a host.
fn endpoint_problem(endpoint: &str) -> Option<&'static str> {
    match url::Url::parse(endpoint.trim()) {
        Err(_) => Some("The provided endpoint is invalid."),
        Ok(u) if !matches!(u.scheme(), "http" | "https") => {
            Some("The provided endpoint is invalid, no http or https protocol was specified.")
        }
        Ok(u) if u.host_str().is_none_or(str::is_empty) => {
            Some("The provided endpoint is invalid, no hostname was specified.")
        }
        Ok(_) => None,
    }
}

/// A secret attribute: the mask sent back keeps the stored value (`unmask_sensitive_params`).
fn secret(body: &Map<String, Value>, key: &str, old: &Option<String>) -> Option<Option<String>> {
    text(body, key).map(|v| match v {
        Some(s) if s == SECRET_MASK => old.clone(),
        other => other,
    })
}

fn apply_webhook(w: &mut SimWebhook, body: &Map<String, Value>, http_method: bool) {
    if let Some(v) = text(body, "name") {
        w.name = v.unwrap_or_default();
    }
    if let Some(v) = body.get("endpoint") {
        w.endpoint = v.as_str().unwrap_or_default().to_string();
    }
    if let Some(v) = secret(body, "signature_token", &w.signature_token) {
        w.signature_token = v;
    }
    if let Some(v) = secret(body, "basic_auth_password", &w.basic_auth_password) {
        w.basic_auth_password = v;
    }
    if let Some(v) = secret(body, "bearer_token", &w.bearer_token) {
        w.bearer_token = v;
    }
    if let Some(v) = text(body, "basic_auth_username") {
        w.basic_auth_username = v;
    }
    if let Some(v) = text(body, "pre_defined_webhook_type") {
        w.pre_defined_webhook_type = v;
    }
    if let Some(v) = flag(body, "ssl_verify") {
        w.ssl_verify = v;
    }
    if let Some(v) = flag(body, "customized_payload") {
        w.customized_payload = v;
    }
    if let Some(v) = text(body, "custom_payload") {
        w.custom_payload = v;
    }
    if let Some(v) = body.get("note") {
        w.note = v.as_str().map(str::to_string);
    }
    if let Some(v) = flag(body, "active") {
        w.active = v;
    }
    if http_method && let Some(v) = text(body, "http_method") {
        w.http_method = Some(v.unwrap_or_else(|| "post".into()));
    }
}

/// Model validations, in the order Rails reports them (first message wins here).
fn validate_webhook(w: &SimWebhook) -> Result<(), SimResponse> {
    if w.name.trim().is_empty() {
        return Err(invalid("Name can't be blank"));
    }
    if let Some(m) = endpoint_problem(&w.endpoint) {
        return Err(invalid(m));
    }
    if let Some(p) = w.custom_payload.as_deref().filter(|p| !p.trim().is_empty())
        && serde_json::from_str::<Value>(p).is_err()
    {
        return Err(invalid(
            "The provided payload is invalid. Please check your syntax.",
        ));
    }
    if let Some(m) = &w.http_method
        && !["post", "put", "patch", "delete"].contains(&m.to_lowercase().as_str())
    {
        return Err(invalid("The provided HTTP method is invalid."));
    }
    if w.note.as_deref().is_some_and(|n| n.chars().count() > 500) {
        return Err(invalid("Note is too long (maximum is 500 characters)"));
    }
    Ok(())
}

/// Operators `Selector::Sql` accepts.
const OPERATORS: &[&str] = &[
    "after (absolute)",
    "after (relative)",
    "before (absolute)",
    "before (relative)",
    "contains all not",
    "contains all",
    "contains not",
    "contains one not",
    "contains one",
    "contains",
    "does not match regex",
    "ends with one of",
    "ends with",
    "from (relative)",
    "has changed",
    "has reached warning",
    "has reached",
    "is any of",
    "is in working time",
    "is none of",
    "is not in working time",
    "is not",
    "is set",
    "is",
    "matches regex",
    "not set",
    "starts with one of",
    "starts with",
    "till (relative)",
    "today",
    "within last (relative)",
    "within next (relative)",
];

/// Objects a ticket selector can name (`lib/selector/sql.rb` joins these).
const OBJECTS: &[&str] = &[
    "ticket",
    "article",
    "customer",
    "organization",
    "owner",
    "ticket_state",
    "execution_time",
    "ticket_customer",
    "ticket_owner",
];

/// `ChecksConditionValidation`: every condition names `object.attribute` with a known
/// operator; values are required unless the operator needs none. Simple and expert form.
fn condition_valid(c: &Value) -> bool {
    let Some(map) = c.as_object() else {
        return false;
    };
    if let Some(list) = map.get("conditions") {
        let op_ok = map
            .get("operator")
            .and_then(Value::as_str)
            .is_some_and(|o| matches!(o, "AND" | "OR" | "NOT"));
        return op_ok
            && list.as_array().is_some_and(|l| {
                l.iter().all(|sub| {
                    if sub.get("conditions").is_some() {
                        condition_valid(sub)
                    } else {
                        sub.get("name").and_then(Value::as_str).is_some_and(|n| {
                            let mut single = Map::new();
                            single.insert(n.to_string(), sub.clone());
                            condition_valid(&Value::Object(single))
                        })
                    }
                })
            });
    }
    !map.is_empty()
        && map.iter().all(|(name, cond)| {
            let object_ok = name
                .split_once('.')
                .is_some_and(|(o, a)| OBJECTS.contains(&o) && !a.is_empty());
            let Some(op) = cond.get("operator").and_then(Value::as_str) else {
                return false;
            };
            let no_value = matches!(
                op,
                "has changed" | "has reached" | "has reached warning" | "is set" | "not set"
            ) || cond.get("pre_condition").is_some();
            object_ok && OPERATORS.contains(&op) && (no_value || cond.get("value").is_some())
        })
}

fn apply_trigger(t: &mut SimTrigger, body: &Map<String, Value>) {
    if let Some(v) = text(body, "name") {
        t.name = v.unwrap_or_default();
    }
    if let Some(v) = body.get("condition") {
        t.condition = v.clone();
    }
    if let Some(v) = body.get("perform") {
        t.perform = v.clone();
    }
    if let Some(v) = text(body, "activator") {
        t.activator = v.unwrap_or_default();
    }
    if let Some(v) = text(body, "execution_condition_mode") {
        t.execution_condition_mode = v.unwrap_or_default();
    }
    if let Some(v) = flag(body, "disable_notification") {
        t.disable_notification = v;
    }
    if let Some(v) = body.get("note") {
        t.note = v.as_str().map(str::to_string);
    }
    if let Some(v) = flag(body, "active") {
        t.active = v;
    }
}

fn validate_trigger(a: &Automation, t: &SimTrigger) -> Result<(), SimResponse> {
    if t.name.trim().is_empty() {
        return Err(invalid("Name can't be blank"));
    }
    let taken = a
        .triggers
        .values()
        .any(|o| o.id != t.id && o.name.to_lowercase() == t.name.to_lowercase());
    if taken {
        return Err(invalid("Name has already been taken"));
    }
    let perform_ok = t.perform.as_object().is_some_and(|p| !p.is_empty());
    if !perform_ok {
        return Err(invalid("Perform can't be blank"));
    }
    if let Some(id) = t.perform.get("notification.webhook") {
        let ids = t.webhook_ids();
        if ids.is_empty() || ids.iter().any(|i| !a.webhooks.contains_key(i)) {
            return Err(invalid(&format!(
                "Invalid webhook reference in perform: {}",
                id["webhook_id"]
            )));
        }
    }
    if !matches!(t.activator.as_str(), "action" | "time") {
        return Err(invalid("Activator is not included in the list"));
    }
    if !matches!(t.execution_condition_mode.as_str(), "selective" | "always") {
        return Err(invalid(
            "Execution condition mode is not included in the list",
        ));
    }
    if t.note.as_deref().is_some_and(|n| n.chars().count() > 250) {
        return Err(invalid("Note is too long (maximum is 250 characters)"));
    }
    if !condition_valid(&t.condition) {
        return Err(invalid("Invalid ticket selector conditions"));
    }
    Ok(())
}

/// Routes under `/api/v1/webhooks` and `/api/v1/triggers`; `None` for other paths.
pub(crate) fn route(s: &mut ZState, req: &SimRequest) -> Option<SimResponse> {
    let segs = req.segments();
    let (model, rest) = match segs.as_slice() {
        ["api", "v1", m @ ("webhooks" | "triggers"), rest @ ..] => (*m, rest.to_vec()),
        _ => return None,
    };
    let allowed = if model == "webhooks" {
        s.automation.admin_webhook
    } else {
        s.automation.admin_trigger
    };
    if !allowed {
        return Some(error(403, "Not authorized"));
    }
    let body: Map<String, Value> = serde_json::from_slice::<Value>(&req.body)
        .ok()
        .and_then(|v| v.as_object().cloned())
        .unwrap_or_default();
    let http_method = has_http_method(&s.version);
    let now = s.now_ms();
    let a = &mut s.automation;
    let id = rest.first().map(|raw| (*raw, raw.parse::<i64>().ok()));
    Some(match (model, req.method.as_str(), id, rest.len()) {
        ("webhooks", "GET", None, _) => {
            let all: Vec<Value> = a.webhooks.values().map(webhook_json).collect();
            SimResponse::json(200, &Value::Array(page_bounds(req, &all, 500, 500)))
        }
        ("triggers", "GET", None, _) => {
            let all: Vec<Value> = a.triggers.values().map(trigger_json).collect();
            SimResponse::json(200, &Value::Array(page_bounds(req, &all, 500, 500)))
        }
        ("webhooks", "POST", None, _) => {
            let mut w = SimWebhook {
                id: a.next_webhook_id,
                name: String::new(),
                endpoint: String::new(),
                signature_token: None,
                ssl_verify: true,
                http_method: http_method.then(|| "post".to_string()),
                basic_auth_username: None,
                basic_auth_password: None,
                bearer_token: None,
                pre_defined_webhook_type: None,
                customized_payload: false,
                custom_payload: None,
                note: None,
                active: true,
                created_at: now,
                updated_at: now,
            };
            apply_webhook(&mut w, &body, http_method);
            if let Err(r) = validate_webhook(&w) {
                return Some(r);
            }
            if !w.customized_payload {
                w.custom_payload = None;
            }
            a.next_webhook_id += 1;
            let out = webhook_json(&w);
            a.webhooks.insert(w.id, w);
            SimResponse::json(201, &out)
        }
        ("triggers", "POST", None, _) => {
            let mut t = SimTrigger {
                id: a.next_trigger_id,
                name: String::new(),
                condition: json!({}),
                perform: json!({}),
                activator: "action".into(),
                execution_condition_mode: "selective".into(),
                disable_notification: true,
                note: None,
                active: true,
                created_at: now,
                updated_at: now,
            };
            apply_trigger(&mut t, &body);
            if let Err(r) = validate_trigger(a, &t) {
                return Some(r);
            }
            a.next_trigger_id += 1;
            let out = trigger_json(&t);
            a.triggers.insert(t.id, t);
            SimResponse::json(201, &out)
        }
        ("webhooks", method, Some((raw, n)), 1) => {
            let Some(mut w) = n.and_then(|i| a.webhooks.get(&i)).cloned() else {
                return Some(not_found("Webhook", raw));
            };
            match method {
                "GET" => SimResponse::json(200, &webhook_json(&w)),
                "PUT" | "PATCH" => {
                    apply_webhook(&mut w, &body, http_method);
                    if let Err(r) = validate_webhook(&w) {
                        return Some(r);
                    }
                    if !w.customized_payload {
                        w.custom_payload = None;
                    }
                    w.updated_at = now;
                    let out = webhook_json(&w);
                    a.webhooks.insert(w.id, w);
                    SimResponse::json(200, &out)
                }
                "DELETE" => {
                    let users: Vec<String> = a
                        .triggers
                        .values()
                        .filter(|t| t.webhook_ids().contains(&w.id))
                        .map(|t| format!("{} (#{})", t.name, t.id))
                        .collect();
                    if !users.is_empty() {
                        return Some(invalid(&format!(
                            "Cannot delete! This webhook is referenced by Trigger: {}",
                            users.join(", ")
                        )));
                    }
                    a.webhooks.remove(&w.id);
                    SimResponse::json(200, &json!({}))
                }
                _ => no_route(req),
            }
        }
        ("triggers", method, Some((raw, n)), 1) => {
            let Some(mut t) = n.and_then(|i| a.triggers.get(&i)).cloned() else {
                return Some(not_found("Trigger", raw));
            };
            match method {
                "GET" => SimResponse::json(200, &trigger_json(&t)),
                "PUT" | "PATCH" => {
                    apply_trigger(&mut t, &body);
                    if let Err(r) = validate_trigger(a, &t) {
                        return Some(r);
                    }
                    t.updated_at = now;
                    let out = trigger_json(&t);
                    a.triggers.insert(t.id, t);
                    SimResponse::json(200, &out)
                }
                "DELETE" => {
                    a.triggers.remove(&t.id);
                    SimResponse::json(200, &json!({}))
                }
                _ => no_route(req),
            }
        }
        _ => no_route(req),
    })
}

/// Test-side access to webhooks and triggers (secrets in clear) and the permissions.
impl ZammadSim {
    pub fn webhooks(&self) -> Vec<SimWebhook> {
        self.with_state(|s| s.automation.webhooks.values().cloned().collect())
    }

    pub fn triggers(&self) -> Vec<SimTrigger> {
        self.with_state(|s| s.automation.triggers.values().cloned().collect())
    }

    /// Add a webhook as an admin would in the UI; returns its id.
    pub fn add_webhook(&self, name: &str, endpoint: &str, note: Option<&str>) -> i64 {
        self.with_state_mut(|s| {
            let now = s.now_ms();
            let a = &mut s.automation;
            let id = a.next_webhook_id;
            a.next_webhook_id += 1;
            a.webhooks.insert(
                id,
                SimWebhook {
                    id,
                    name: name.into(),
                    endpoint: endpoint.into(),
                    signature_token: Some("someone-elses-token".into()),
                    ssl_verify: true,
                    http_method: has_http_method(&s.version).then(|| "post".into()),
                    basic_auth_username: None,
                    basic_auth_password: None,
                    bearer_token: None,
                    pre_defined_webhook_type: None,
                    customized_payload: false,
                    custom_payload: None,
                    note: note.map(str::to_string),
                    active: true,
                    created_at: now,
                    updated_at: now,
                },
            );
            id
        })
    }

    /// Add a trigger that calls `webhook_id` on every ticket update; returns its id.
    pub fn add_webhook_trigger(&self, name: &str, webhook_id: i64, note: Option<&str>) -> i64 {
        self.with_state_mut(|s| {
            let now = s.now_ms();
            let a = &mut s.automation;
            let id = a.next_trigger_id;
            a.next_trigger_id += 1;
            a.triggers.insert(
                id,
                SimTrigger {
                    id,
                    name: name.into(),
                    condition: json!({"ticket.action": {"operator": "is", "value": "update"}}),
                    perform: json!({"notification.webhook": {"webhook_id": webhook_id}}),
                    activator: "action".into(),
                    execution_condition_mode: "selective".into(),
                    disable_notification: true,
                    note: note.map(str::to_string),
                    active: true,
                    created_at: now,
                    updated_at: now,
                },
            );
            id
        })
    }

    /// `false` = the token lacks `admin.webhook`: webhook routes answer 403.
    pub fn set_admin_webhook(&self, granted: bool) {
        self.with_state_mut(|s| s.automation.admin_webhook = granted);
    }

    /// `false` = the token lacks `admin.trigger`: trigger routes answer 403.
    pub fn set_admin_trigger(&self, granted: bool) {
        self.with_state_mut(|s| s.automation.admin_trigger = granted);
    }

    /// The body Zammad POSTs for `ticket_id` through webhook `webhook_id`: its custom
    /// payload with `#{ticket.id}`-style placeholders filled in (what syncd installs), else
    /// the default payload. `None` when the webhook or ticket does not exist.
    pub fn webhook_body(&self, webhook_id: i64, ticket_id: i64) -> Option<Vec<u8>> {
        let w = self.with_state(|s| s.automation.webhooks.get(&webhook_id).cloned())?;
        let custom = w
            .custom_payload
            .filter(|p| w.customized_payload && !p.trim().is_empty());
        match custom {
            Some(template) => {
                let ticket = self.ticket(ticket_id)?;
                let filled = template
                    .replace("#{ticket.id}", &ticket.id.to_string())
                    .replace("#{ticket.number}", &ticket.number)
                    .replace("#{article.id}", &(ticket.id * 10).to_string())
                    .replace("#{event.type}", "update");
                Some(filled.into_bytes())
            }
            None => serde_json::to_vec(&super::webhook::default_payload(self, ticket_id)?).ok(),
        }
    }
}
