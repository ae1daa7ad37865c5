//! What the daemon remembers about requests. Signed webhook deliveries are audit rows of
//! their own. Everything a stranger can send without a key (unknown paths, wrong methods,
//! missing or wrong signatures, bodies too large or too slow) is counted per client address
//! and minute, and becomes one row per client and minute with the count and the first user
//! agent, so the audit log grows with the number of clients, not of requests. The same
//! summary is logged once a minute.

use super::writer::StoreWriter;
use crate::audit::AccessRow;
use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;
use std::sync::Mutex;

/// Most distinct clients tallied per minute; more share one row without an address.
pub(crate) const MAX_CLIENTS_PER_MINUTE: usize = 10_000;
/// Clients named one by one in the per-minute log lines.
const LOGGED_CLIENTS: usize = 5;

/// Which summary a refused request belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Refusal {
    /// A webhook without a valid signature or credential (401).
    Webhook,
    /// Anything else: 404, 405, 408, 413, 503 for a large body, a malformed request.
    Request,
}

impl Refusal {
    fn action(self) -> &'static str {
        match self {
            Refusal::Webhook => "webhook.refused",
            Refusal::Request => "http.refused",
        }
    }
}

/// One refused request, as the router saw it.
pub(crate) struct Refused<'a> {
    pub client: IpAddr,
    pub kind: Refusal,
    pub method: &'a str,
    pub path: &'a str,
    pub status: u16,
    pub reason: &'static str,
    pub user_agent: Option<&'a str>,
}

#[derive(Debug, Default)]
struct Tally {
    count: u64,
    statuses: BTreeMap<u16, u64>,
    reasons: BTreeMap<&'static str, u64>,
    first_user_agent: Option<String>,
    /// `METHOD path` of the first request.
    first_request: String,
}

#[derive(Default)]
struct Window {
    minute: i64,
    clients: HashMap<(Option<IpAddr>, Refusal), Tally>,
}

pub(crate) struct AccessLog {
    writer: StoreWriter,
    window: Mutex<Window>,
}

fn minute_now() -> i64 {
    chrono::Utc::now().timestamp().div_euclid(60)
}

pub(crate) fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

impl AccessLog {
    pub(crate) fn new(writer: StoreWriter) -> AccessLog {
        AccessLog {
            writer,
            window: Mutex::new(Window {
                minute: minute_now(),
                clients: HashMap::new(),
            }),
        }
    }

    /// A signed delivery (accepted, duplicate, or refused after its signature checked out).
    pub(crate) fn delivery(&self, row: AccessRow) {
        self.writer.access(row);
    }

    /// Count a refused request in this minute's summary.
    pub(crate) fn refused(&self, r: Refused<'_>) {
        let minute = minute_now();
        let done = {
            let mut w = self.window.lock().unwrap();
            let done = (w.minute < minute).then(|| {
                std::mem::replace(
                    &mut *w,
                    Window {
                        minute,
                        clients: HashMap::new(),
                    },
                )
            });
            let full = w.clients.len() >= MAX_CLIENTS_PER_MINUTE;
            let key = if full && !w.clients.contains_key(&(Some(r.client), r.kind)) {
                (None, r.kind)
            } else {
                (Some(r.client), r.kind)
            };
            let t = w.clients.entry(key).or_default();
            if t.count == 0 {
                t.first_user_agent = r.user_agent.map(|u| truncate(u, 300).to_string());
                t.first_request = format!("{} {}", r.method, truncate(r.path, 200));
            }
            t.count += 1;
            *t.statuses.entry(r.status).or_default() += 1;
            *t.reasons.entry(r.reason).or_default() += 1;
            done
        };
        if let Some(w) = done {
            self.emit(w);
        }
    }

    /// Write and log the summary of a minute that has passed (`force`: the current one too,
    /// at shutdown).
    pub(crate) fn roll(&self, force: bool) {
        let minute = minute_now();
        let done = {
            let mut w = self.window.lock().unwrap();
            (force || w.minute < minute).then(|| {
                std::mem::replace(
                    &mut *w,
                    Window {
                        minute,
                        clients: HashMap::new(),
                    },
                )
            })
        };
        if let Some(w) = done {
            self.emit(w);
        }
    }

    fn emit(&self, w: Window) {
        if w.clients.is_empty() {
            return;
        }
        let start = chrono::DateTime::from_timestamp(w.minute * 60, 0).unwrap_or_default();
        let ts = crate::store::ts_text(start);
        let mut by_kind: BTreeMap<Refusal, Vec<(Option<IpAddr>, &Tally)>> = BTreeMap::new();
        for ((ip, kind), t) in &w.clients {
            by_kind.entry(*kind).or_default().push((*ip, t));
        }
        for (kind, mut list) in by_kind {
            list.sort_by_key(|(_, t)| std::cmp::Reverse(t.count));
            let total: u64 = list.iter().map(|(_, t)| t.count).sum();
            let clients = list.len();
            for (ip, t) in &list {
                self.writer.access(AccessRow {
                    ts: start,
                    actor: "anonymous",
                    action: kind.action().into(),
                    target: t.first_request.clone().into(),
                    details: serde_json::json!({
                        "count": t.count,
                        "minute": ts,
                        "statuses": t.statuses.iter().map(|(s, n)| (s.to_string(), *n)).collect::<BTreeMap<_, _>>(),
                        "reasons": t.reasons,
                        "first_request": t.first_request,
                        "clients_over_limit": ip.is_none(),
                    })
                    .to_string(),
                    ip: *ip,
                    user_agent: t.first_user_agent.clone(),
                });
            }
            let top: Vec<String> = list
                .iter()
                .take(LOGGED_CLIENTS)
                .map(|(ip, t)| {
                    let who = ip.map_or_else(|| "other clients".to_string(), |i| i.to_string());
                    let why = t
                        .reasons
                        .iter()
                        .max_by_key(|(_, n)| **n)
                        .map(|(r, _)| *r)
                        .unwrap_or("");
                    format!("{who} ×{} ({why})", t.count)
                })
                .collect();
            let more = clients.saturating_sub(LOGGED_CLIENTS);
            let top = if more > 0 {
                format!("{}, and {more} more clients", top.join(", "))
            } else {
                top.join(", ")
            };
            match kind {
                Refusal::Webhook => tracing::warn!(
                    refused = total,
                    clients,
                    minute = %ts,
                    "webhooks refused in the last minute: {top}"
                ),
                Refusal::Request => tracing::info!(
                    refused = total,
                    clients,
                    minute = %ts,
                    "requests refused in the last minute: {top}"
                ),
            }
        }
    }
}
