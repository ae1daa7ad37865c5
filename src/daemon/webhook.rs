//! HTTP routes: `POST /webhooks/zammad`, `GET /healthz`, `GET /readyz`, `GET /metrics`.
//! Every request is audited (category `access`) with the client address and user agent.

use super::metrics::{Metrics, store_gauges};
use super::runner::Runner;
use super::signature;
use super::{Db, SharedSettings};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header::{self, HeaderMap, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

pub const WEBHOOK_PATH: &str = "/webhooks/zammad";

pub struct App {
    db: Db,
    settings: SharedSettings,
    metrics: Arc<Metrics>,
    runner: Runner,
    audit: AuditSink,
    /// A connection of its own for delivery look-ups.
    reads: Db,
    secrets: RwLock<Arc<Vec<Vec<u8>>>>,
    /// Delivery ids seen by this process: answers replays without the store, and keeps
    /// de-duplication working while the store is busy.
    recent: std::sync::Mutex<std::collections::HashMap<String, Instant>>,
    shutdown: tokio::sync::watch::Receiver<bool>,
}

/// What a request produced, for the response, the audit row and the metrics.
struct Outcome {
    status: StatusCode,
    body: Bytes,
    content_type: &'static str,
    /// Webhook delivery outcome (metrics label), if this was a webhook.
    webhook: Option<&'static str>,
    ticket_id: Option<i64>,
    allow: Option<&'static str>,
}

impl Outcome {
    fn json(status: StatusCode, body: serde_json::Value) -> Outcome {
        Outcome {
            status,
            body: Bytes::from(body.to_string()),
            content_type: "application/json",
            webhook: None,
            ticket_id: None,
            allow: None,
        }
    }
    fn text(status: StatusCode, body: impl Into<Bytes>) -> Outcome {
        Outcome {
            status,
            body: body.into(),
            content_type: "text/plain; charset=utf-8",
            webhook: None,
            ticket_id: None,
            allow: None,
        }
    }
    fn hook(mut self, outcome: &'static str) -> Outcome {
        self.webhook = Some(outcome);
        self
    }
}

fn err(status: StatusCode, msg: &str) -> Outcome {
    Outcome::json(status, serde_json::json!({ "error": msg }))
}

impl App {
    pub fn new(
        db: Db,
        settings: SharedSettings,
        metrics: Arc<Metrics>,
        runner: Runner,
        audit: AuditSink,
        reads: Db,
        shutdown: tokio::sync::watch::Receiver<bool>,
    ) -> App {
        App {
            db,
            settings,
            metrics,
            runner,
            audit,
            reads,
            secrets: RwLock::new(Arc::new(Vec::new())),
            recent: Default::default(),
            shutdown,
        }
    }

    pub fn set_secrets(&self, list: Vec<Vec<u8>>) {
        *self.secrets.write().unwrap() = Arc::new(list);
    }

    pub async fn handle(&self, peer: SocketAddr, req: Request<Incoming>) -> Response<Full<Bytes>> {
        let started = Instant::now();
        let method = req.method().clone();
        let path = req.uri().path().to_string();
        let user_agent = req
            .headers()
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let delivery = req
            .headers()
            .get("x-zammad-delivery")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let client_ip = {
            let proxies = parse_proxies(&self.settings.read().unwrap().daemon.trusted_proxies)
                .unwrap_or_default();
            client_ip(peer.ip(), req.headers(), &proxies)
        };
        let (route, outcome) = match path.as_str() {
            WEBHOOK_PATH => (
                WEBHOOK_PATH,
                if method == Method::POST {
                    self.webhook(req).await
                } else {
                    not_allowed("POST")
                },
            ),
            "/healthz" => (
                "/healthz",
                if is_get(&method) {
                    Outcome::text(StatusCode::OK, "ok\n")
                } else {
                    not_allowed("GET, HEAD")
                },
            ),
            "/readyz" => (
                "/readyz",
                if is_get(&method) {
                    self.readyz().await
                } else {
                    not_allowed("GET, HEAD")
                },
            ),
            "/metrics" => (
                "/metrics",
                if is_get(&method) {
                    self.metrics_page().await
                } else {
                    not_allowed("GET, HEAD")
                },
            ),
            _ => ("other", err(StatusCode::NOT_FOUND, "not found")),
        };
        let elapsed = started.elapsed();
        self.metrics
            .observe_request(route, method_label(&method), elapsed.as_secs_f64());
        if let Some(w) = outcome.webhook {
            self.metrics.webhook(w);
        }
        let action = match outcome.webhook {
            Some(w) => format!("webhook.{w}"),
            None => format!("http.{}", method.as_str().to_ascii_lowercase()),
        };
        self.audit
            .send(AuditRow {
                ts: crate::store::now_text(),
                actor: if outcome
                    .webhook
                    .is_some_and(|w| w == "accepted" || w == "duplicate")
                {
                    "zammad".into()
                } else {
                    "anonymous".into()
                },
                action,
                target: truncate(&path, 200),
                details: serde_json::json!({
                    "method": method.as_str(),
                    "status": outcome.status.as_u16(),
                    "delivery": delivery.as_deref().map(|d| truncate(d, 100)),
                    "ticket_id": outcome.ticket_id,
                    "peer": peer.ip().to_string(),
                    "duration_ms": (elapsed.as_secs_f64() * 1000.0 * 1000.0).round() / 1000.0,
                }),
                ip: client_ip.to_string(),
                user_agent: user_agent.map(|u| truncate(&u, 300)),
            })
            .await;
        let mut resp = Response::new(Full::new(if method == Method::HEAD {
            Bytes::new()
        } else {
            outcome.body
        }));
        *resp.status_mut() = outcome.status;
        resp.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(outcome.content_type),
        );
        resp.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if let Some(allow) = outcome.allow {
            resp.headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static(allow));
        }
        resp
    }

    async fn webhook(&self, req: Request<Incoming>) -> Outcome {
        if *self.shutdown.borrow() {
            // Zammad retries later; a restarted daemon takes it.
            return err(StatusCode::SERVICE_UNAVAILABLE, "shutting down").hook("unavailable");
        }
        let (max, basic_user, require_bearer) = {
            let s = self.settings.read().unwrap();
            (
                s.daemon.webhook_max_body_bytes,
                s.daemon.webhook_basic_user.clone(),
                s.daemon.webhook_require_bearer,
            )
        };
        let too_large =
            || err(StatusCode::PAYLOAD_TOO_LARGE, "payload too large").hook("too_large");
        let declared = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        if declared.is_some_and(|n| n > max as u64) {
            return too_large();
        }
        let (parts, body) = req.into_parts();
        let body = match Limited::new(body, max).collect().await {
            Ok(c) => c.to_bytes(),
            Err(e)
                if e.downcast_ref::<http_body_util::LengthLimitError>()
                    .is_some() =>
            {
                return too_large();
            }
            Err(_) => return err(StatusCode::BAD_REQUEST, "cannot read body").hook("bad_request"),
        };
        let secrets = self.secrets.read().unwrap().clone();
        let unauthorized = || err(StatusCode::UNAUTHORIZED, "unauthorized").hook("unauthorized");
        let sig = parts.headers.get("x-hub-signature").map(|v| v.as_bytes());
        if !signature::verify(&secrets, sig, &body) {
            return unauthorized();
        }
        if basic_user.is_some() || require_bearer {
            let auth = parts
                .headers
                .get(header::AUTHORIZATION)
                .map(|v| v.as_bytes())
                .unwrap_or_default();
            if !check_authorization(auth, basic_user.as_deref(), require_bearer, &secrets) {
                return unauthorized();
            }
        }
        let value: serde_json::Value = match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(_) => return err(StatusCode::BAD_REQUEST, "malformed JSON").hook("bad_request"),
        };
        let Some(ticket_id) = ticket_id(&value) else {
            return err(
                StatusCode::UNPROCESSABLE_ENTITY,
                "no ticket id in payload (ticket.id or ticket_id)",
            )
            .hook("no_ticket");
        };
        if let Some(delivery) = parts
            .headers
            .get("x-zammad-delivery")
            .and_then(|v| v.to_str().ok())
        {
            let delivery = truncate(delivery, 200);
            let duplicate = || {
                let mut o =
                    Outcome::json(StatusCode::OK, serde_json::json!({"status": "duplicate"}))
                        .hook("duplicate");
                o.ticket_id = Some(ticket_id);
                o
            };
            // Memory first (atomic for concurrent replays), then the store (a read: never
            // waits for a writer in WAL mode). The insert is written behind.
            {
                let mut recent = self.recent.lock().unwrap();
                if recent.insert(delivery.clone(), Instant::now()).is_some() {
                    return duplicate();
                }
                if recent.len() > 100_000 {
                    let keep = Duration::from_secs(24 * 3600);
                    recent.retain(|_, t| t.elapsed() < keep);
                    if recent.len() > 100_000 {
                        recent.clear();
                    }
                }
            }
            let id = delivery.clone();
            match self.reads.call(move |s| s.webhook_delivery_seen(&id)).await {
                Ok(true) => return duplicate(),
                Ok(false) => {}
                Err(e) => {
                    tracing::warn!(error = %format!("{e:#}"), "cannot look up webhook delivery; de-duplicating in memory only")
                }
            }
            self.audit.delivery(delivery, ticket_id).await;
        }
        self.runner.submit_ticket(ticket_id);
        let mut o = Outcome::json(
            StatusCode::ACCEPTED,
            serde_json::json!({"status": "accepted", "ticket_id": ticket_id}),
        )
        .hook("accepted");
        o.ticket_id = Some(ticket_id);
        o
    }

    async fn readyz(&self) -> Outcome {
        if *self.shutdown.borrow() {
            return Outcome::json(
                StatusCode::SERVICE_UNAVAILABLE,
                serde_json::json!({"ready": false, "reason": "shutting down"}),
            );
        }
        let probe = self.db.call(|s| {
            let conn = s.conn();
            conn.busy_timeout(Duration::from_millis(1500))?;
            let writable = conn.execute_batch("BEGIN IMMEDIATE; ROLLBACK;");
            conn.busy_timeout(Duration::from_secs(2))?;
            writable?;
            let last: Option<(String, String, Option<String>)> = conn
                .query_row("SELECT status, started_at, finished_at FROM runs ORDER BY started_at DESC LIMIT 1", [], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })
                .ok();
            Ok(last)
        });
        match tokio::time::timeout(Duration::from_secs(3), probe).await {
            Ok(Ok(last)) => {
                let last = last.map(|(status, started, finished)| serde_json::json!({"status": status, "started_at": started, "finished_at": finished}));
                Outcome::json(
                    StatusCode::OK,
                    serde_json::json!({"ready": true, "store": "writable", "last_run": last, "busy": self.runner.is_busy()}),
                )
            }
            Ok(Err(e)) => {
                tracing::warn!(error = %format!("{e:#}"), "readiness: store not writable");
                Outcome::json(
                    StatusCode::SERVICE_UNAVAILABLE,
                    serde_json::json!({"ready": false, "reason": "store not writable"}),
                )
            }
            Err(_) => Outcome::json(
                StatusCode::SERVICE_UNAVAILABLE,
                serde_json::json!({"ready": false, "reason": "store busy"}),
            ),
        }
    }

    async fn metrics_page(&self) -> Outcome {
        let gauges = self
            .db
            .call(|s| Ok(store_gauges(s)))
            .await
            .unwrap_or_default();
        let mut o = Outcome::text(StatusCode::OK, self.metrics.render(&gauges));
        o.content_type = "text/plain; version=0.0.4; charset=utf-8";
        o
    }
}

fn is_get(m: &Method) -> bool {
    m == Method::GET || m == Method::HEAD
}

fn method_label(m: &Method) -> &'static str {
    match *m {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        _ => "other",
    }
}

fn not_allowed(allow: &'static str) -> Outcome {
    let mut o = err(StatusCode::METHOD_NOT_ALLOWED, "method not allowed");
    o.allow = Some(allow);
    o
}

fn truncate(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s[..end].to_string()
}

/// The ticket id from the default payload (`ticket.id`) or a custom one (`ticket_id`), as a
/// number or a numeric string.
pub fn ticket_id(v: &serde_json::Value) -> Option<i64> {
    fn num(v: &serde_json::Value) -> Option<i64> {
        match v {
            serde_json::Value::Number(n) => n.as_i64(),
            serde_json::Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
        .filter(|n| *n > 0)
    }
    v.get("ticket")
        .and_then(|t| t.get("id"))
        .and_then(num)
        .or_else(|| v.get("ticket_id").and_then(num))
}

/// Basic (user = `daemon.webhook_basic_user`, password = a webhook secret) and/or Bearer
/// (token = a webhook secret), compared in constant time.
fn check_authorization(
    auth: &[u8],
    basic_user: Option<&str>,
    require_bearer: bool,
    secrets: &[Vec<u8>],
) -> bool {
    let any_secret = |given: &[u8]| {
        secrets
            .iter()
            .fold(false, |ok, s| signature::ct_eq(s, given) | ok)
    };
    if let Some(user) = basic_user {
        let Some(encoded) = auth.strip_prefix(b"Basic ") else {
            return false;
        };
        let Some(decoded) = base64_decode(encoded) else {
            return false;
        };
        let Some(colon) = decoded.iter().position(|&b| b == b':') else {
            return false;
        };
        let (u, p) = (&decoded[..colon], &decoded[colon + 1..]);
        if !(signature::ct_eq(u, user.as_bytes()) & any_secret(p)) {
            return false;
        }
    }
    if require_bearer {
        let Some(token) = auth.strip_prefix(b"Bearer ") else {
            return false;
        };
        if !any_secret(token) {
            return false;
        }
    }
    true
}

fn base64_decode(input: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(input.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &c in input.iter().filter(|&&c| c != b'=') {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// A trusted proxy: an address or a CIDR block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    net: IpAddr,
    prefix: u8,
}

impl Cidr {
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        match (self.net, ip) {
            (IpAddr::V4(n), IpAddr::V4(i)) => {
                let mask = if self.prefix == 0 {
                    0
                } else {
                    u32::MAX << (32 - u32::from(self.prefix))
                };
                u32::from(n) & mask == u32::from(i) & mask
            }
            (IpAddr::V6(n), IpAddr::V6(i)) => {
                let mask = if self.prefix == 0 {
                    0
                } else {
                    u128::MAX << (128 - u32::from(self.prefix))
                };
                u128::from(n) & mask == u128::from(i) & mask
            }
            _ => false,
        }
    }
}

fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
        v4 => v4,
    }
}

/// Parse `daemon.trusted_proxies` (IPs or CIDRs).
pub fn parse_proxies(list: &[String]) -> Result<Vec<Cidr>, String> {
    list.iter()
        .map(|s| {
            let bad =
                || format!("daemon.trusted_proxies: `{s}` is not an IP address or CIDR block");
            let (addr, prefix) = match s.split_once('/') {
                Some((a, p)) => (a, Some(p.parse::<u8>().map_err(|_| bad())?)),
                None => (s.as_str(), None),
            };
            let net = canonical(addr.trim().parse::<IpAddr>().map_err(|_| bad())?);
            let max = if net.is_ipv4() { 32 } else { 128 };
            let prefix = prefix.unwrap_or(max);
            if prefix > max {
                return Err(bad());
            }
            Ok(Cidr { net, prefix })
        })
        .collect()
}

/// The client address: the peer, or, when the peer is a trusted proxy, the right-most
/// address in `X-Forwarded-For` that is not itself a trusted proxy.
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, proxies: &[Cidr]) -> IpAddr {
    let peer = canonical(peer);
    if !proxies.iter().any(|p| p.contains(peer)) {
        return peer;
    }
    let mut chain: Vec<IpAddr> = Vec::new();
    for v in headers.get_all("x-forwarded-for") {
        let Ok(v) = v.to_str() else { return peer };
        for part in v.split(',') {
            match part.trim().parse::<IpAddr>() {
                Ok(ip) => chain.push(canonical(ip)),
                Err(_) => return peer,
            }
        }
    }
    let mut client = peer;
    for ip in chain.into_iter().rev() {
        client = ip;
        if !proxies.iter().any(|p| p.contains(ip)) {
            break;
        }
    }
    client
}

/// One `audit_log` row of category `access`.
#[derive(Debug, Clone)]
pub struct AuditRow {
    pub ts: String,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub details: serde_json::Value,
    pub ip: String,
    pub user_agent: Option<String>,
}

/// What the writer thread stores.
enum Write {
    Audit(AuditRow),
    /// Acknowledged once everything queued before it is written.
    Flush(tokio::sync::oneshot::Sender<()>),
    Delivery {
        id: String,
        ticket_id: i64,
        received_at: String,
    },
}

/// Writes access audit rows and webhook delivery ids from a dedicated thread, in batches,
/// so requests never wait for the store's write lock.
// `write_batch` inserts access rows (source "http") one transaction per batch, with the
// same columns `Store::record_audit` writes.
#[derive(Clone)]
pub struct AuditSink {
    tx: tokio::sync::mpsc::Sender<Write>,
}

impl AuditSink {
    pub fn start(db_path: std::path::PathBuf) -> anyhow::Result<AuditSink> {
        let mut store = crate::store::Store::open(&db_path)?;
        let (tx, mut rx) = tokio::sync::mpsc::channel::<Write>(10_000);
        std::thread::Builder::new().name("syncd-audit".into()).spawn(move || {
            while let Some(first) = rx.blocking_recv() {
                let mut batch = vec![first];
                while batch.len() < 1000 {
                    match rx.try_recv() {
                        Ok(row) => batch.push(row),
                        Err(_) => break,
                    }
                }
                let mut acks = Vec::new();
                let batch: Vec<Write> = batch
                    .into_iter()
                    .filter_map(|w| match w {
                        Write::Flush(ack) => {
                            acks.push(ack);
                            None
                        }
                        w => Some(w),
                    })
                    .collect();
                if !batch.is_empty()
                    && let Err(e) = write_batch(&mut store, &batch)
                {
                    tracing::warn!(error = %format!("{e:#}"), rows = batch.len(), "cannot write access audit rows");
                }
                for ack in acks {
                    let _ = ack.send(());
                }
            }
        })?;
        Ok(AuditSink { tx })
    }

    /// Queue an access row; waits (backpressure) rather than dropping when the queue is full.
    pub async fn send(&self, row: AuditRow) {
        if self.tx.send(Write::Audit(row)).await.is_err() {
            tracing::warn!("store writer gone; access row dropped");
        }
    }

    /// Wait until everything queued so far is written (bounded by `max`).
    pub async fn flush(&self, max: Duration) {
        let (tx, rx) = tokio::sync::oneshot::channel();
        if self.tx.send(Write::Flush(tx)).await.is_ok() {
            let _ = tokio::time::timeout(max, rx).await;
        }
    }

    /// Remember a delivery id (written behind).
    pub async fn delivery(&self, id: String, ticket_id: i64) {
        let w = Write::Delivery {
            id,
            ticket_id,
            received_at: crate::store::now_text(),
        };
        if self.tx.send(w).await.is_err() {
            tracing::warn!("store writer gone; delivery id kept in memory only");
        }
    }
}

fn write_batch(store: &mut crate::store::Store, rows: &[Write]) -> anyhow::Result<()> {
    let tx = store.conn_mut().transaction()?;
    {
        let mut audit = tx.prepare_cached(
            "INSERT INTO audit_log (ts, actor, source, category, action, target, details, ip, user_agent)
             VALUES (?1, ?2, 'http', 'access', ?3, ?4, ?5, ?6, ?7)",
        )?;
        let mut delivery = tx.prepare_cached(
            "INSERT OR IGNORE INTO webhook_deliveries (delivery_id, received_at, ticket_id, outcome)
             VALUES (?1, ?2, ?3, 'accepted')",
        )?;
        for w in rows {
            match w {
                Write::Audit(r) => audit.execute(rusqlite::params![
                    r.ts,
                    r.actor,
                    r.action,
                    r.target,
                    r.details.to_string(),
                    r.ip,
                    r.user_agent
                ])?,
                Write::Delivery {
                    id,
                    ticket_id,
                    received_at,
                } => delivery.execute(rusqlite::params![id, received_at, ticket_id])?,
                Write::Flush(_) => 0,
            };
        }
    }
    tx.commit()?;
    Ok(())
}

/// Delete access audit rows older than `days` (the audit module's retention rule).
pub fn prune_access_audit(store: &crate::store::Store, days: u32) -> anyhow::Result<usize> {
    store.prune_access(days)
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn ticket_ids() {
        let default: serde_json::Value = serde_json::from_str(include_str!(
            "../../tests/fixtures/webhook_signature_test_vectors.json"
        ))
        .unwrap();
        let body: serde_json::Value =
            serde_json::from_str(default["vectors"][0]["raw_body_utf8"].as_str().unwrap()).unwrap();
        assert_eq!(ticket_id(&body), Some(81));
        assert_eq!(
            ticket_id(&serde_json::json!({"ticket_id": "42", "article_id": ""})),
            Some(42)
        );
        assert_eq!(ticket_id(&serde_json::json!({"ticket_id": 7})), Some(7));
        assert_eq!(ticket_id(&serde_json::json!({"ticket": "x"})), None);
        assert_eq!(
            ticket_id(&serde_json::json!({"ticket_id": "#{ticket.id}"})),
            None
        );
    }

    #[test]
    fn forwarded_for_only_from_trusted() {
        let proxies = parse_proxies(&["10.0.0.0/8".into(), "::1".into()]).unwrap();
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", "203.0.113.9, 10.1.2.3".parse().unwrap());
        assert_eq!(
            client_ip("10.0.0.1".parse().unwrap(), &h, &proxies),
            "203.0.113.9".parse::<IpAddr>().unwrap()
        );
        assert_eq!(
            client_ip("192.0.2.1".parse().unwrap(), &h, &proxies),
            "192.0.2.1".parse::<IpAddr>().unwrap()
        );
        assert_eq!(
            client_ip("::1".parse().unwrap(), &h, &proxies),
            "203.0.113.9".parse::<IpAddr>().unwrap()
        );
        assert!(parse_proxies(&["nonsense".into()]).is_err());
        assert!(parse_proxies(&["10.0.0.0/33".into()]).is_err());
    }

    #[test]
    fn basic_and_bearer() {
        let secrets = vec![b"pw".to_vec()];
        assert!(check_authorization(
            b"Basic emFtbWFkOnB3",
            Some("zammad"),
            false,
            &secrets
        )); // zammad:pw
        assert!(!check_authorization(
            b"Basic emFtbWFkOnB4",
            Some("zammad"),
            false,
            &secrets
        ));
        assert!(check_authorization(b"Bearer pw", None, true, &secrets));
        assert!(!check_authorization(b"Bearer px", None, true, &secrets));
        assert!(!check_authorization(b"", None, true, &secrets));
    }
}
