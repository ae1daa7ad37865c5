//! Routes and responses. The public address serves `POST /webhooks/zammad` and
//! `GET /healthz`, and `/readyz` and `/metrics` unless `daemon.admin_listen` moves them to a
//! loopback address of their own. Probes are counted, never audited; what strangers send is
//! summarised per client and minute (`access`); signed deliveries are audit rows.

use super::access::{AccessLog, Refusal, Refused, truncate};
use super::auth::AuthPolicy;
use super::body::BodyBudget;
use super::client::client_ip;
use super::deliveries::RecentDeliveries;
use super::metrics::Metrics;
use super::runner::Runner;
use super::webhook::{WEBHOOK_PATH, WebhookKeys};
use super::writer::StoreWriter;
use super::{Db, SharedSettings};
use crate::audit::AccessRow;
use crate::config::Settings;
use crate::config::TrustedProxies;
use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// Which listener a request came in on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Listener {
    Public,
    /// `daemon.admin_listen` (loopback only).
    Admin,
}

/// Settings the request path reads, resolved once per (re)load rather than per request.
#[derive(Debug, Clone)]
pub(crate) struct RequestConfig {
    pub proxies: TrustedProxies,
    pub auth: AuthPolicy,
    pub max_body: usize,
    pub deadline: Duration,
    pub metrics_token: Option<String>,
    pub admin_separate: bool,
    pub min_free_bytes: u64,
    pub max_access_rows: u64,
}

impl RequestConfig {
    pub(crate) fn from_settings(s: &Settings) -> RequestConfig {
        RequestConfig {
            proxies: s.daemon.trusted_proxies.clone(),
            auth: AuthPolicy::from_settings(&s.daemon),
            max_body: s.daemon.webhook_max_body_bytes,
            deadline: Duration::from_secs(s.daemon.request_timeout_secs.max(1)),
            metrics_token: s.daemon.metrics_token.clone(),
            admin_separate: s.daemon.admin_listen.is_some(),
            min_free_bytes: s.daemon.min_free_mb.saturating_mul(1024 * 1024),
            max_access_rows: s.audit.max_access_rows,
        }
    }
}

/// A signed delivery's audit row, before the router adds address and user agent.
pub(crate) struct SignedDelivery {
    delivery: Option<String>,
    ticket_id: Option<i64>,
}

/// What a request produced: the response, and what to count and remember.
pub(crate) struct Outcome {
    pub status: StatusCode,
    pub body: Bytes,
    pub content_type: &'static str,
    pub allow: Option<&'static str>,
    pub retry_after: Option<u32>,
    pub www_authenticate: bool,
    /// Close the connection after answering (a body was left unread).
    pub close: bool,
    /// Webhook delivery outcome (metrics label).
    pub webhook: Option<&'static str>,
    pub refusal: Option<(Refusal, &'static str)>,
    pub signed: Option<SignedDelivery>,
}

impl Outcome {
    pub(crate) fn json(status: StatusCode, body: serde_json::Value) -> Outcome {
        Outcome {
            status,
            body: Bytes::from(body.to_string()),
            content_type: "application/json",
            allow: None,
            retry_after: None,
            www_authenticate: false,
            close: false,
            webhook: None,
            refusal: None,
            signed: None,
        }
    }

    /// JSON already serialized.
    pub(crate) fn json_text(status: StatusCode, body: String) -> Outcome {
        Outcome {
            body: Bytes::from(body),
            ..Outcome::json(status, serde_json::Value::Null)
        }
    }

    pub(crate) fn text(status: StatusCode, body: impl Into<Bytes>) -> Outcome {
        Outcome {
            content_type: "text/plain; charset=utf-8",
            body: body.into(),
            ..Outcome::json(status, serde_json::Value::Null)
        }
    }

    pub(crate) fn error(status: StatusCode, msg: &str) -> Outcome {
        Outcome::json(status, serde_json::json!({ "error": msg }))
    }

    /// 401 that says what is missing or wrong, never what was expected.
    pub(crate) fn unauthorized(reason: &str) -> Outcome {
        Outcome::json(
            StatusCode::UNAUTHORIZED,
            serde_json::json!({"error": "unauthorized", "reason": reason}),
        )
        .hook("unauthorized")
    }

    pub(crate) fn hook(mut self, outcome: &'static str) -> Outcome {
        self.webhook = Some(outcome);
        self
    }

    pub(crate) fn close(mut self) -> Outcome {
        self.close = true;
        self
    }

    pub(crate) fn refused(mut self, kind: Refusal, reason: &'static str) -> Outcome {
        self.refusal = Some((kind, reason));
        self
    }

    pub(crate) fn signed(mut self, delivery: Option<&str>, ticket_id: Option<i64>) -> Outcome {
        self.signed = Some(SignedDelivery {
            delivery: delivery.map(str::to_string),
            ticket_id,
        });
        self
    }

    fn not_allowed(allow: &'static str) -> Outcome {
        let mut o = Outcome::error(StatusCode::METHOD_NOT_ALLOWED, "method not allowed")
            .refused(Refusal::Request, "method not allowed");
        o.allow = Some(allow);
        o
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Route {
    Webhook,
    Healthz,
    Readyz,
    Metrics,
    NotFound,
}

impl Route {
    fn of(path: &str, listener: Listener, admin_separate: bool) -> Route {
        let probes_here = listener == Listener::Admin || !admin_separate;
        match path {
            WEBHOOK_PATH if listener == Listener::Public => Route::Webhook,
            "/healthz" => Route::Healthz,
            "/readyz" if probes_here => Route::Readyz,
            "/metrics" if probes_here => Route::Metrics,
            _ => Route::NotFound,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Route::Webhook => WEBHOOK_PATH,
            Route::Healthz => "/healthz",
            Route::Readyz => "/readyz",
            Route::Metrics => "/metrics",
            Route::NotFound => "other",
        }
    }
}

fn method_label(m: &Method) -> &'static str {
    match *m {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

pub(crate) struct App {
    cfg: RwLock<Arc<RequestConfig>>,
    keys: RwLock<Arc<WebhookKeys>>,
    pub(super) metrics: Arc<Metrics>,
    pub(super) runner: Runner,
    pub(super) access: AccessLog,
    pub(super) writer: StoreWriter,
    pub(super) deliveries: RecentDeliveries,
    pub(super) budget: BodyBudget,
    /// A connection of its own for `/readyz` and `/metrics`, never shared with syncs.
    pub(super) probe: Db,
    pub(super) db_path: PathBuf,
    shutdown: tokio::sync::watch::Receiver<bool>,
}

/// What `App::new` needs.
pub(crate) struct AppParts {
    pub settings: SharedSettings,
    pub metrics: Arc<Metrics>,
    pub runner: Runner,
    pub writer: StoreWriter,
    pub probe: Db,
    pub db_path: PathBuf,
    pub shutdown: tokio::sync::watch::Receiver<bool>,
}

impl App {
    pub(crate) fn new(p: AppParts) -> App {
        let (cfg, budget) = {
            let s = p.settings.read().unwrap();
            (
                RequestConfig::from_settings(&s),
                BodyBudget::new(s.daemon.body_budget_bytes),
            )
        };
        App {
            cfg: RwLock::new(Arc::new(cfg)),
            keys: RwLock::new(Arc::default()),
            metrics: p.metrics,
            runner: p.runner,
            access: AccessLog::new(p.writer.clone()),
            writer: p.writer,
            deliveries: RecentDeliveries::default(),
            budget,
            probe: p.probe,
            db_path: p.db_path,
            shutdown: p.shutdown,
        }
    }

    pub(crate) fn config(&self) -> Arc<RequestConfig> {
        self.cfg.read().unwrap().clone()
    }

    pub(crate) fn set_config(&self, cfg: RequestConfig) {
        *self.cfg.write().unwrap() = Arc::new(cfg);
    }

    pub(crate) fn keys(&self) -> Arc<WebhookKeys> {
        self.keys.read().unwrap().clone()
    }

    pub(crate) fn set_keys(&self, keys: WebhookKeys) {
        *self.keys.write().unwrap() = Arc::new(keys);
    }

    pub(crate) fn shutting_down(&self) -> bool {
        *self.shutdown.borrow()
    }

    pub(crate) async fn handle(
        &self,
        peer: SocketAddr,
        listener: Listener,
        req: Request<Incoming>,
    ) -> Response<Full<Bytes>> {
        let started = Instant::now();
        let cfg = self.config();
        let (parts, body) = req.into_parts();
        let route = Route::of(parts.uri.path(), listener, cfg.admin_separate);
        let get = parts.method == Method::GET || parts.method == Method::HEAD;
        let outcome = match route {
            Route::Webhook if parts.method == Method::POST => {
                // The whole request, body included, within the deadline. Most bodies are
                // already here: poll once before arming a timer.
                let mut handler = std::pin::pin!(self.webhook(&cfg, &parts.headers, body));
                let first =
                    std::future::poll_fn(|cx| std::task::Poll::Ready(handler.as_mut().poll(cx)))
                        .await;
                let result = match first {
                    std::task::Poll::Ready(o) => Ok(o),
                    std::task::Poll::Pending => tokio::time::timeout(cfg.deadline, handler).await,
                };
                match result {
                    Ok(o) => o,
                    Err(_) => Outcome::error(
                        StatusCode::REQUEST_TIMEOUT,
                        &format!(
                            "request body not received within {} s (daemon.request_timeout_secs)",
                            cfg.deadline.as_secs()
                        ),
                    )
                    .hook("timeout")
                    .close()
                    .refused(Refusal::Request, "body too slow"),
                }
            }
            Route::Webhook => Outcome::not_allowed("POST"),
            Route::Healthz if get => Outcome::text(StatusCode::OK, "ok\n"),
            Route::Readyz if get => self.readyz(&cfg).await,
            Route::Metrics if get => self.metrics_page(&cfg, &parts.headers).await,
            Route::Healthz | Route::Readyz | Route::Metrics => Outcome::not_allowed("GET, HEAD"),
            Route::NotFound => Outcome::error(StatusCode::NOT_FOUND, "not found")
                .refused(Refusal::Request, "unknown path"),
        };
        let method = method_label(&parts.method);
        self.metrics.request(
            route.label(),
            method,
            outcome.status.as_u16(),
            started.elapsed().as_secs_f64(),
        );
        if let Some(w) = outcome.webhook {
            self.metrics.webhook(w);
        }
        if outcome.refusal.is_some() || outcome.signed.is_some() {
            self.remember(peer, &cfg, &parts, &outcome);
        }
        respond(outcome, parts.method == Method::HEAD)
    }

    fn remember(
        &self,
        peer: SocketAddr,
        cfg: &RequestConfig,
        parts: &hyper::http::request::Parts,
        o: &Outcome,
    ) {
        let client = client_ip(peer.ip(), &parts.headers, &cfg.proxies);
        let user_agent = parts
            .headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok());
        if let Some((kind, reason)) = o.refusal {
            self.access.refused(Refused {
                client,
                kind,
                method: parts.method.as_str(),
                path: parts.uri.path(),
                status: o.status.as_u16(),
                reason,
                user_agent,
            });
        }
        if let Some(signed) = &o.signed {
            // Built by hand: this runs for every signed delivery.
            let mut details = format!("{{\"status\":{}", o.status.as_u16());
            if let Some(d) = &signed.delivery {
                details.push_str(",\"delivery\":");
                details.push_str(&serde_json::to_string(d).unwrap_or_default());
            }
            if let Some(t) = signed.ticket_id {
                details.push_str(&format!(",\"ticket_id\":{t}"));
            }
            if client != super::client::canonical(peer.ip()) {
                details.push_str(&format!(",\"peer\":\"{}\"", peer.ip()));
            }
            if let Some(t) = parts
                .headers
                .get("x-zammad-trigger")
                .and_then(|v| v.to_str().ok())
            {
                details.push_str(",\"trigger\":");
                details.push_str(&serde_json::to_string(truncate(t, 200)).unwrap_or_default());
            }
            details.push('}');
            let action = match o.webhook {
                Some("accepted") => "webhook.accepted",
                Some("duplicate") => "webhook.duplicate",
                Some("no_ticket") => "webhook.no_ticket",
                Some("bad_request") => "webhook.bad_request",
                _ => "webhook.received",
            };
            self.access.delivery(AccessRow {
                ts: chrono::Utc::now(),
                actor: "zammad",
                action: action.into(),
                target: WEBHOOK_PATH.into(),
                details,
                ip: Some(client),
                user_agent: user_agent.map(|u| truncate(u, 300).to_string()),
            });
        }
    }
}

fn respond(o: Outcome, head: bool) -> Response<Full<Bytes>> {
    let mut resp = Response::new(Full::new(if head { Bytes::new() } else { o.body }));
    *resp.status_mut() = o.status;
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(o.content_type),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Some(allow) = o.allow {
        h.insert(header::ALLOW, HeaderValue::from_static(allow));
    }
    if let Some(secs) = o.retry_after {
        h.insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    if o.www_authenticate {
        h.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    if o.close {
        h.insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    resp
}
