//! A canned-answer HTTP server on loopback, enough for `connector test` and
//! `mapping suggest`: routes by path (query ignored); 401 unless the Authorization header
//! carries the expected token; 404 for anything else. It runs on the simulators' server
//! (its own thread and runtime, a `Date` header, every request recorded).

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{Value, json};

use super::clock::SimClock;
use super::faults::Faults;
use super::http::{Api, RecordedRequest, Recorder, Server, SimRequest, SimResponse};

pub struct FakeApi {
    pub base: String,
    inner: Arc<Canned>,
    _server: Server,
}

struct Canned {
    token: String,
    /// Path → JSON body.
    routes: HashMap<String, String>,
    faults: Faults,
    recorder: Recorder,
    clock: SimClock,
}

impl FakeApi {
    /// Serve `routes` (path → JSON body) until dropped.
    pub fn start(token: &str, routes: &[(&str, &str)]) -> FakeApi {
        let inner = Arc::new(Canned {
            token: token.to_string(),
            routes: routes
                .iter()
                .map(|(p, b)| (p.to_string(), b.to_string()))
                .collect(),
            faults: Faults::default(),
            recorder: Recorder::default(),
            clock: SimClock::default(),
        });
        let server = Server::start(inner.clone(), "canned").expect("bind a loopback port");
        FakeApi {
            base: server.base_url(),
            inner,
            _server: server,
        }
    }

    /// Every request received, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.inner.recorder.requests()
    }
}

impl Api for Canned {
    fn authenticate(&self, req: &SimRequest) -> Result<(), SimResponse> {
        match req.header("authorization") {
            Some(h) if h.contains(&self.token) => Ok(()),
            _ => Err(SimResponse::json(401, &json!({"error": "Invalid token"}))),
        }
    }

    fn handle(&self, req: &SimRequest) -> SimResponse {
        match self.routes.get(&req.path) {
            Some(body) => SimResponse {
                status: 200,
                headers: vec![("Content-Type".into(), "application/json".into())],
                body: body.as_bytes().to_vec(),
            },
            None => SimResponse::json(404, &json!({"error": "No route matches"})),
        }
    }

    fn faults(&self) -> &Faults {
        &self.faults
    }

    fn recorder(&self) -> &Recorder {
        &self.recorder
    }

    fn clock(&self) -> &SimClock {
        &self.clock
    }

    fn server_error(&self, _status: u16) -> Value {
        json!({"error": "Internal Server Error"})
    }
}
