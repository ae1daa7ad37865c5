//! Kimai auth, routing and the error bodies every Kimai route shares.

use serde_json::{Map, Value, json};

use super::faults::Faults;
use super::http::{Api, Recorder, SimRequest, SimResponse};
use super::kimai::{KInner, KState};
use super::{kimai_catalog, kimai_timesheets};

pub(crate) fn code(status: u16, message: &str) -> SimResponse {
    SimResponse::json(status, &json!({"code": status, "message": message}))
}

pub(crate) fn not_found() -> SimResponse {
    code(404, "Not Found")
}

pub(crate) fn forbidden() -> SimResponse {
    code(403, "Forbidden")
}

pub(crate) fn bad_request() -> SimResponse {
    code(400, "Bad Request")
}

/// Collects form errors and renders Kimai's 400 "Validation Failed" body.
#[derive(Debug, Default)]
pub(crate) struct FormErrors {
    pub form: Vec<String>,
    pub fields: Vec<(String, String)>,
}

pub(crate) const EXTRA_FIELDS: &str = "This form should not contain extra fields.";
pub(crate) const INVALID_CHOICE: &str = "The selected choice is invalid.";
pub(crate) const NOT_VALID: &str = "This value is not valid.";
pub(crate) const BLANK: &str = "This value should not be blank.";

impl FormErrors {
    pub fn field(&mut self, name: &str, msg: &str) {
        self.fields.push((name.to_string(), msg.to_string()));
    }

    pub fn is_empty(&self) -> bool {
        self.form.is_empty() && self.fields.is_empty()
    }

    /// `children` lists every form field, `{}` when it has no error.
    pub fn response(&self, form_fields: &[&str]) -> SimResponse {
        let mut children = Map::new();
        for f in form_fields {
            let errs: Vec<&String> = self
                .fields
                .iter()
                .filter(|(n, _)| n == f)
                .map(|(_, m)| m)
                .collect();
            let v = if errs.is_empty() {
                json!({})
            } else {
                json!({"errors": errs})
            };
            children.insert((*f).to_string(), v);
        }
        let mut errors = Map::new();
        if !self.form.is_empty() {
            errors.insert("errors".into(), json!(self.form));
        }
        errors.insert("children".into(), Value::Object(children));
        SimResponse::json(
            400,
            &json!({"code": 400, "message": "Validation Failed", "errors": errors}),
        )
    }
}

/// The JSON object body, or flags unknown keys as "extra fields".
pub(crate) fn form_body(
    req: &SimRequest,
    allowed: &[&str],
    errs: &mut FormErrors,
) -> Option<Map<String, Value>> {
    let body: Value = if req.body.is_empty() {
        json!({})
    } else {
        serde_json::from_slice(&req.body).ok()?
    };
    let Value::Object(map) = body else {
        return None;
    };
    if map.keys().any(|k| !allowed.contains(&k.as_str())) {
        errs.form.push(EXTRA_FIELDS.to_string());
    }
    Some(map)
}

/// An id given as number or numeric string.
pub(crate) fn as_id(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

pub(crate) fn as_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => n.as_i64().map(|i| i != 0),
        Value::String(s) => match s.as_str() {
            "1" | "true" => Some(true),
            "0" | "false" | "" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// Query flags like `visible`, `ignoreDates`, `full`.
pub(crate) fn flag(req: &SimRequest, name: &str) -> bool {
    req.param(name).is_some_and(|v| v == "1" || v == "true")
}

pub(crate) fn color_safe(id: i64) -> &'static str {
    const PALETTE: [&str; 6] = [
        "#2196F3", "#607D8B", "#FF9800", "#8BC34A", "#9C27B0", "#4CAF50",
    ];
    PALETTE[(id.unsigned_abs() % 6) as usize]
}

fn route(inner: &KInner, req: &SimRequest) -> SimResponse {
    let segs = req.segments();
    if segs.first() != Some(&"api") {
        return not_found();
    }
    let mut s = inner.lock();
    let s: &mut KState = &mut s;
    match (req.method.as_str(), &segs[1..]) {
        (_, ["timesheets", ..]) => kimai_timesheets::route(s, req, &segs[2..]),
        _ => kimai_catalog::route(s, req, &segs[1..]),
    }
}

impl Api for KInner {
    fn authenticate(&self, req: &SimRequest) -> Result<(), SimResponse> {
        let Some(h) = req.header("authorization") else {
            return Err(code(401, "Unauthorized"));
        };
        let token = h.trim().strip_prefix("Bearer ").map(str::trim);
        match token {
            None => Err(code(401, "Unauthorized")),
            Some(t) if t == self.lock().token => Ok(()),
            Some(_) => Err(SimResponse::empty(401).with_header(
                "WWW-Authenticate",
                "Bearer error=\"invalid_token\",error_description=\"Invalid credentials.\"",
            )),
        }
    }

    fn handle(&self, req: &SimRequest) -> SimResponse {
        route(self, req)
    }

    fn faults(&self) -> &Faults {
        &self.faults
    }

    fn recorder(&self) -> &Recorder {
        &self.recorder
    }

    fn clock(&self) -> &super::clock::SimClock {
        &self.clock
    }

    fn server_error(&self, status: u16) -> Value {
        let message = match status {
            502 => "Bad Gateway",
            503 => "Service Unavailable",
            504 => "Gateway Timeout",
            _ => "Internal Server Error",
        };
        json!({"code": status, "message": message})
    }
}
