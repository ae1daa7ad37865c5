//! The loopback HTTP server both simulators share: one thread, one tokio runtime, hyper 1.
//! Order per request: record → authenticate → fault injection → handle.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use serde_json::Value;

use super::faults::{Fault, Faults};

/// One request as the sim received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    /// Raw query string without `?` (empty if none).
    pub query: String,
    /// Raw body as UTF-8 (lossy).
    pub body: String,
    /// Kind used for counters, e.g. `GET /api/timesheets/{id}`.
    pub kind: String,
    /// Request headers (names lowercase).
    pub headers: Vec<(String, String)>,
}

impl RecordedRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Clone)]
pub(crate) struct SimRequest {
    pub method: String,
    pub path: String,
    pub query: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl SimRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn query_pairs(&self) -> Vec<(String, String)> {
        url::form_urlencoded::parse(self.query.as_bytes())
            .into_owned()
            .collect()
    }

    /// Last value of a query parameter.
    pub fn param(&self, name: &str) -> Option<String> {
        self.query_pairs()
            .into_iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
    }

    /// Path split into segments, without empty ones.
    pub fn segments(&self) -> Vec<&str> {
        self.path.split('/').filter(|s| !s.is_empty()).collect()
    }

    pub fn is_write(&self) -> bool {
        !matches!(self.method.as_str(), "GET" | "HEAD" | "OPTIONS")
    }
}

#[derive(Debug, Clone)]
pub(crate) struct SimResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl SimResponse {
    pub fn json(status: u16, value: &Value) -> Self {
        SimResponse {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: serde_json::to_vec(value).unwrap_or_default(),
        }
    }

    pub fn empty(status: u16) -> Self {
        SimResponse {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    pub fn with_header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_string(), value.into()));
        self
    }
}

/// Request log and counters by kind.
#[derive(Debug, Default)]
pub(crate) struct Recorder {
    requests: Mutex<Vec<RecordedRequest>>,
    counts: Mutex<BTreeMap<String, u64>>,
}

impl Recorder {
    fn record(&self, req: &SimRequest) {
        let kind = request_kind(&req.method, &req.path);
        *self.counts.lock().unwrap().entry(kind.clone()).or_default() += 1;
        self.requests.lock().unwrap().push(RecordedRequest {
            method: req.method.clone(),
            path: req.path.clone(),
            query: req.query.clone(),
            body: String::from_utf8_lossy(&req.body).into_owned(),
            kind,
            headers: req.headers.clone(),
        });
    }

    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.requests.lock().unwrap().clone()
    }

    pub fn counts(&self) -> BTreeMap<String, u64> {
        self.counts.lock().unwrap().clone()
    }

    pub fn count(&self, kind: &str) -> u64 {
        self.counts.lock().unwrap().get(kind).copied().unwrap_or(0)
    }

    pub fn reset(&self) {
        self.counts.lock().unwrap().clear();
        self.requests.lock().unwrap().clear();
    }
}

/// `GET /api/timesheets/17` → `GET /api/timesheets/{id}`.
pub fn request_kind(method: &str, path: &str) -> String {
    let norm: Vec<&str> = path
        .split('/')
        .map(|s| {
            if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
                "{id}"
            } else {
                s
            }
        })
        .collect();
    format!("{method} {}", norm.join("/"))
}

/// What a simulator plugs into the server.
pub(crate) trait Api: Send + Sync + 'static {
    /// `Err` = answer this instead (no faults applied).
    fn authenticate(&self, req: &SimRequest) -> Result<(), SimResponse>;
    fn handle(&self, req: &SimRequest) -> SimResponse;
    fn faults(&self) -> &Faults;
    fn recorder(&self) -> &Recorder;
    /// Body of an injected 5xx with this status.
    fn server_error(&self, status: u16) -> Value;
    /// The server's clock, for the `Date` header of every answer.
    fn clock(&self) -> &super::clock::SimClock;
    /// Body of an injected 429.
    fn server_error_429(&self) -> Value {
        serde_json::json!({"code": 429, "message": "Too Many Requests"})
    }
}

#[derive(Debug)]
struct Dropped;
impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by fault injection")
    }
}
impl std::error::Error for Dropped {}

async fn serve_one<A: Api>(
    api: Arc<A>,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Dropped> {
    let method = req.method().as_str().to_string();
    let path = req.uri().path().to_string();
    let query = req.uri().query().unwrap_or("").to_string();
    let headers = req
        .headers()
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let body = match req.into_body().collect().await {
        Ok(b) => b.to_bytes().to_vec(),
        Err(_) => return Err(Dropped),
    };
    let sreq = SimRequest {
        method,
        path,
        query,
        headers,
        body,
    };
    api.recorder().record(&sreq);
    let resp = match api.authenticate(&sreq) {
        Err(resp) => resp,
        Ok(()) => {
            let kind = request_kind(&sreq.method, &sreq.path);
            let (fault, delay) = api.faults().decide(&kind, sreq.is_write());
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            match fault {
                Fault::None => api.handle(&sreq),
                Fault::ServerError(status) => SimResponse::json(status, &api.server_error(status)),
                Fault::RateLimited(secs) => SimResponse::json(429, &api.server_error_429())
                    .with_header("Retry-After", secs.to_string()),
                Fault::Drop { after_apply } => {
                    if after_apply {
                        let _ = api.handle(&sreq);
                    }
                    return Err(Dropped);
                }
                Fault::Hold(hold) => {
                    // Its own task: the write commits even when the client hangs up first.
                    api.faults().hold_started();
                    let (api, sreq) = (api.clone(), sreq.clone());
                    let held = tokio::spawn(async move {
                        tokio::time::sleep(hold).await;
                        let resp = api.handle(&sreq);
                        api.faults().hold_finished();
                        resp
                    });
                    held.await.map_err(|_| Dropped)?
                }
                Fault::GatewayAfterApply(status) => {
                    let _ = api.handle(&sreq);
                    html_page(status, &gateway_page(status))
                }
                Fault::HtmlAfterApply => {
                    let _ = api.handle(&sreq);
                    html_page(
                        200,
                        "<!DOCTYPE html>\n<html><head><title>Please wait</title></head>\n<body><h1>Checking your browser before accessing the site.</h1></body></html>\n",
                    )
                }
            }
        }
    };
    // Every real server sends its clock; hyper would send the host's, not the sim's.
    let mut builder = Response::builder()
        .status(resp.status)
        .header("Date", api.clock().http_date());
    for (k, v) in &resp.headers {
        builder = builder.header(k.as_str(), v.as_str());
    }
    Ok(builder
        .body(Full::new(Bytes::from(resp.body)))
        .unwrap_or_else(|_| Response::new(Full::new(Bytes::new()))))
}

fn html_page(status: u16, body: &str) -> SimResponse {
    SimResponse {
        status,
        headers: vec![("Content-Type".into(), "text/html".into())],
        body: body.as_bytes().to_vec(),
    }
}

/// nginx's own error page, as a proxy in front of PHP-FPM sends it.
fn gateway_page(status: u16) -> String {
    let title = match status {
        502 => "502 Bad Gateway",
        504 => "504 Gateway Time-out",
        _ => "500 Internal Server Error",
    };
    format!(
        "<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    )
}

/// A running server; stops on drop.
#[derive(Debug)]
pub(crate) struct Server {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    pub fn start<A: Api>(api: Arc<A>, name: &str) -> std::io::Result<Server> {
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let (stop_tx, mut stop_rx) = tokio::sync::oneshot::channel::<()>();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let thread = std::thread::Builder::new().name(format!("{name}-sim")).spawn(move || {
            rt.block_on(async move {
                let Ok(listener) = tokio::net::TcpListener::from_std(listener) else { return };
                loop {
                    tokio::select! {
                        _ = &mut stop_rx => break,
                        accepted = listener.accept() => {
                            let Ok((stream, _)) = accepted else { continue };
                            let api = api.clone();
                            tokio::spawn(async move {
                                let svc = service_fn(move |req| serve_one(api.clone(), req));
                                let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), svc).await;
                            });
                        }
                    }
                }
            });
            // Dropping the runtime cancels all connection tasks.
            drop(rt);
        })?;
        Ok(Server {
            addr,
            stop: Some(stop_tx),
            thread: Some(thread),
        })
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn shutdown(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shutdown();
    }
}
