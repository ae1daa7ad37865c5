//! Zammad REST routes (`/api/v1/...`) served by [`super::ZammadSim`].

use std::cmp::Ordering;

use serde_json::{Value, json};

use super::faults::Faults;
use super::http::{Api, Recorder, SimRequest, SimResponse};
use super::zammad::{
    GroupAccess, SimEntry, SimTicket, SimUser, ZInner, ZState, format_time_unit, format_ts,
};

pub(crate) fn error(status: u16, msg: &str) -> SimResponse {
    SimResponse::json(status, &json!({"error": msg, "error_human": msg}))
}

pub(crate) fn no_route(req: &SimRequest) -> SimResponse {
    error(
        404,
        &format!("No route matches [{}] {}", req.method, req.path),
    )
}

pub(crate) fn not_found(model: &str, id: &str) -> SimResponse {
    error(404, &format!("Couldn't find {model} with 'id'={id}"))
}

/// `page`/`per_page` (alias `limit`) with Zammad's defaults and cap.
fn paging(req: &SimRequest, default: usize, max: usize) -> (usize, usize) {
    let page = req
        .param("page")
        .and_then(|p| p.parse::<usize>().ok())
        .unwrap_or(1)
        .max(1);
    let per_page = req
        .param("per_page")
        .or_else(|| req.param("limit"))
        .and_then(|p| p.parse::<usize>().ok())
        .unwrap_or(default)
        .clamp(1, max);
    (page, per_page)
}

/// One page of `items` as `page`/`per_page` ask (Zammad's defaults and cap).
pub(crate) fn page_bounds<T: Clone>(
    req: &SimRequest,
    items: &[T],
    default: usize,
    max: usize,
) -> Vec<T> {
    let (page, per_page) = paging(req, default, max);
    page_of(items, page, per_page)
}

fn page_of<T: Clone>(items: &[T], page: usize, per_page: usize) -> Vec<T> {
    items
        .iter()
        .skip((page - 1) * per_page)
        .take(per_page)
        .cloned()
        .collect()
}

pub(crate) fn entry_json(e: &SimEntry) -> Value {
    json!({
        "id": e.id,
        "ticket_id": e.ticket_id,
        "ticket_article_id": e.ticket_article_id,
        "time_unit": format_time_unit(e.time_unit),
        "type_id": e.type_id,
        "created_by_id": e.created_by_id,
        "created_at": format_ts(e.created_at),
        "updated_at": format_ts(e.updated_at),
    })
}

fn cmp_entries(a: &SimEntry, b: &SimEntry, column: &str) -> Ordering {
    match column {
        "ticket_id" => a.ticket_id.cmp(&b.ticket_id),
        "ticket_article_id" => a.ticket_article_id.cmp(&b.ticket_article_id),
        "time_unit" => a.time_unit.cmp(&b.time_unit),
        "type_id" => a.type_id.cmp(&b.type_id),
        "created_by_id" => a.created_by_id.cmp(&b.created_by_id),
        "created_at" => a.created_at.cmp(&b.created_at),
        "updated_at" => a.updated_at.cmp(&b.updated_at),
        _ => a.id.cmp(&b.id),
    }
}

/// `sort_by` (comma-separated columns) and `order_by` (asc|desc, one per column). Like a
/// database without a total order, rows that tie on every sort column come back in an
/// order that can differ from one page request to the next (`model_index_render` sorts
/// and pages with OFFSET), so ties can be skipped or repeated at page boundaries.
fn sorted_entries(mut items: Vec<SimEntry>, req: &SimRequest) -> Vec<SimEntry> {
    let cols: Vec<String> = req
        .param("sort_by")
        .unwrap_or_else(|| "id".into())
        .split(',')
        .map(|s| s.trim().to_string())
        .collect();
    let page = req.param("page").unwrap_or_else(|| "1".into());
    let page = page.as_str();
    let orders: Vec<String> = req
        .param("order_by")
        .unwrap_or_else(|| "asc".into())
        .split(',')
        .map(|s| s.trim().to_ascii_lowercase())
        .collect();
    items.sort_by(|a, b| {
        for (i, col) in cols.iter().enumerate() {
            let desc = orders.get(i).or(orders.last()).is_some_and(|o| o == "desc");
            let o = cmp_entries(a, b, col);
            let o = if desc { o.reverse() } else { o };
            if o != Ordering::Equal {
                return o;
            }
        }
        if cols.iter().any(|c| c == "id") {
            return Ordering::Equal;
        }
        tie_rank(a.id, page).cmp(&tie_rank(b.id, page))
    });
    items
}

/// A page-dependent shuffle of tied rows.
fn tie_rank(id: i64, page: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (id, page).hash(&mut h);
    h.finish()
}

fn list_entries(s: &ZState, req: &SimRequest, ticket_id: Option<i64>) -> SimResponse {
    let items: Vec<SimEntry> = s
        .entries
        .values()
        .filter(|e| ticket_id.is_none_or(|t| e.ticket_id == t))
        .cloned()
        .collect();
    let items = sorted_entries(items, req);
    let (page, per_page) = paging(req, 500, s.max_per_page);
    let out: Vec<Value> = page_of(&items, page, per_page)
        .iter()
        .map(entry_json)
        .collect();
    SimResponse::json(200, &Value::Array(out))
}

pub(crate) fn ticket_json(s: &ZState, t: &SimTicket, expand: bool) -> Value {
    let mut v = json!({
        "id": t.id, "group_id": t.group_id, "priority_id": t.priority_id, "state_id": t.state_id,
        "organization_id": t.organization_id, "number": t.number, "title": t.title,
        "owner_id": t.owner_id, "customer_id": t.customer_id, "note": null,
        "first_response_at": null, "close_at": null, "last_close_at": null,
        "last_contact_at": format_ts(t.created_at), "last_contact_agent_at": null,
        "last_contact_customer_at": format_ts(t.created_at), "create_article_type_id": 5,
        "create_article_sender_id": 2, "article_count": 1, "escalation_at": null,
        "pending_time": null, "type": null,
        "time_unit": s.ticket_time_unit(t.id).map(format_time_unit),
        "preferences": {}, "updated_by_id": t.owner_id, "created_by_id": t.customer_id,
        "created_at": format_ts(t.created_at), "updated_at": format_ts(t.updated_at),
    });
    if expand {
        let ids: Vec<i64> = s
            .entries
            .values()
            .filter(|e| e.ticket_id == t.id)
            .map(|e| e.id)
            .collect();
        let org = t
            .organization_id
            .and_then(|o| s.organizations.get(&o))
            .map(|o| o.name.clone());
        let login = |id: i64| {
            s.users
                .get(&id)
                .map(|u| u.login.clone())
                .unwrap_or_else(|| "-".into())
        };
        if let Value::Object(m) = &mut v {
            m.insert("article_ids".into(), json!([]));
            m.insert("ticket_time_accounting_ids".into(), json!(ids));
            m.insert("group".into(), json!("Users"));
            m.insert("organization".into(), json!(org));
            m.insert("state".into(), json!("open"));
            m.insert("priority".into(), json!("2 normal"));
            m.insert("owner".into(), json!(login(t.owner_id)));
            m.insert("customer".into(), json!(login(t.customer_id)));
            m.insert("created_by".into(), json!(login(t.customer_id)));
            m.insert("updated_by".into(), json!(login(t.owner_id)));
            m.insert("create_article_type".into(), json!("phone"));
            m.insert("create_article_sender".into(), json!("Customer"));
        }
    }
    v
}

fn user_json(u: &SimUser) -> Value {
    json!({
        "id": u.id, "organization_id": u.organization_id, "login": u.login,
        "firstname": u.firstname, "lastname": u.lastname, "email": u.email, "image": null,
        "image_source": null, "web": "", "phone": "", "fax": "", "mobile": "", "department": null,
        "street": "", "zip": "", "city": "", "country": "", "address": null, "vip": false,
        "verified": false, "active": u.active, "note": "", "last_login": null, "source": null,
        "login_failed": 0, "out_of_office": false, "out_of_office_start_at": null,
        "out_of_office_end_at": null, "out_of_office_replacement_id": null,
        "preferences": {"locale": "en-us"}, "updated_by_id": 1, "created_by_id": 1,
        "created_at": format_ts(u.created_at), "updated_at": format_ts(u.created_at),
        "role_ids": [2], "organization_ids": [], "authorization_ids": [], "group_ids": {"1": ["full"]},
    })
}

fn route(s: &ZState, req: &SimRequest) -> SimResponse {
    if req.method != "GET" {
        return no_route(req);
    }
    let segs = req.segments();
    if segs.len() < 2 || segs[0] != "api" || segs[1] != "v1" {
        return no_route(req);
    }
    let id = |i: usize| segs.get(i).and_then(|v| v.parse::<i64>().ok());
    let expand = req.param("expand").is_some_and(|v| v == "true" || v == "1");
    let forbidden = || error(403, "Not authorized");
    match &segs[2..] {
        ["time_accountings"] => {
            if !s.global_list_enabled {
                return error(404, "No route matches [GET] /api/v1/time_accountings");
            }
            if !s.admin_time_accounting {
                return forbidden();
            }
            list_entries(s, req, None)
        }
        ["time_accountings", raw] => {
            if !s.admin_time_accounting {
                return forbidden();
            }
            match id(3).and_then(|i| s.entries.get(&i)) {
                Some(e) => SimResponse::json(200, &entry_json(e)),
                None => not_found("Ticket::TimeAccounting", raw),
            }
        }
        ["time_accounting", "types"] => {
            if !s.admin_time_accounting {
                return forbidden();
            }
            let out: Vec<Value> = s
                .types
                .values()
                .map(|t| {
                    json!({"id": t.id, "name": t.name, "note": null, "active": t.active,
                        "updated_by_id": 1, "created_by_id": 1,
                        "created_at": format_ts(t.created_at), "updated_at": format_ts(t.created_at)})
                })
                .collect();
            SimResponse::json(200, &Value::Array(out))
        }
        ["tickets"] => {
            let (page, per_page) = paging(req, 100, 100);
            let all: Vec<&SimTicket> = s.tickets.values().filter(|t| s.can_read(t)).collect();
            let out: Vec<Value> = page_of(&all, page, per_page)
                .iter()
                .map(|t| ticket_json(s, t, expand))
                .collect();
            SimResponse::json(200, &Value::Array(out))
        }
        ["tickets", "search"] => {
            let q = req.param("query").unwrap_or_default();
            let q = q.trim();
            let number = q
                .strip_prefix("number:")
                .unwrap_or(q)
                .trim()
                .trim_matches('"');
            let hits: Vec<&SimTicket> = s
                .tickets
                .values()
                .filter(|t| t.number == number && s.can_read(t))
                .collect();
            if expand {
                SimResponse::json(
                    200,
                    &Value::Array(hits.iter().map(|t| ticket_json(s, t, true)).collect()),
                )
            } else {
                let ids: Vec<i64> = hits.iter().map(|t| t.id).collect();
                let assets: serde_json::Map<String, Value> = hits
                    .iter()
                    .map(|t| (t.id.to_string(), ticket_json(s, t, false)))
                    .collect();
                SimResponse::json(
                    200,
                    &json!({"tickets": ids, "tickets_count": ids.len(), "assets": {"Ticket": assets}}),
                )
            }
        }
        // TicketsController#show: authorize!(ticket) → 403 for a ticket it may not read.
        ["tickets", raw] => match id(3).and_then(|i| s.tickets.get(&i)) {
            Some(t) if !s.can_read(t) => forbidden(),
            Some(t) => SimResponse::json(200, &ticket_json(s, t, expand)),
            None => not_found("Ticket", raw),
        },
        ["tickets", raw, "time_accountings", ..] => {
            let Some(t) = id(3).and_then(|t| s.tickets.get(&t)) else {
                return not_found("Ticket", raw);
            };
            let change = s.access(t) == GroupAccess::Change;
            let allowed = if s.per_ticket_list_needs_change {
                change
            } else {
                change || s.admin_time_accounting
            };
            if !allowed {
                return forbidden();
            }
            ticket_entries(s, req, t.id, &segs[5..])
        }
        ["users", "me"] => match s.users.get(&s.api_user_id) {
            Some(u) => SimResponse::json(200, &user_json(u)),
            None => not_found("User", "me"),
        },
        ["users"] => {
            let (page, per_page) = paging(req, 100, s.max_per_page);
            let all: Vec<&SimUser> = s.users.values().collect();
            SimResponse::json(
                200,
                &Value::Array(
                    page_of(&all, page, per_page)
                        .iter()
                        .map(|u| user_json(u))
                        .collect(),
                ),
            )
        }
        ["users", raw] => match id(3).and_then(|i| s.users.get(&i)) {
            Some(u) => SimResponse::json(200, &user_json(u)),
            None => not_found("User", raw),
        },
        ["organizations"] => {
            let (page, per_page) = paging(req, 500, s.max_per_page);
            let all: Vec<Value> = s
                .organizations
                .values()
                .map(|o| org_json(s, o.id))
                .collect();
            SimResponse::json(200, &Value::Array(page_of(&all, page, per_page)))
        }
        ["organizations", raw] => match id(3).filter(|i| s.organizations.contains_key(i)) {
            Some(i) => SimResponse::json(200, &org_json(s, i)),
            None => not_found("Organization", raw),
        },
        ["version"] => SimResponse::json(200, &json!({"version": s.version})),
        _ => no_route(req),
    }
}

/// `/tickets/{id}/time_accountings[/{entry}]` once access is granted.
fn ticket_entries(s: &ZState, req: &SimRequest, ticket: i64, rest: &[&str]) -> SimResponse {
    match rest {
        [] => list_entries(s, req, Some(ticket)),
        [eraw] => match eraw
            .parse::<i64>()
            .ok()
            .and_then(|i| s.entries.get(&i))
            .filter(|e| e.ticket_id == ticket)
        {
            Some(e) => SimResponse::json(200, &entry_json(e)),
            None => not_found("Ticket::TimeAccounting", eraw),
        },
        _ => no_route(req),
    }
}

fn org_json(s: &ZState, id: i64) -> Value {
    let Some(o) = s.organizations.get(&id) else {
        return Value::Null;
    };
    let members: Vec<i64> = s
        .users
        .values()
        .filter(|u| u.organization_id == Some(id))
        .map(|u| u.id)
        .collect();
    json!({
        "id": o.id, "name": o.name, "shared": true, "domain": "", "domain_assignment": false,
        "active": true, "vip": false, "note": "", "updated_by_id": 1, "created_by_id": 1,
        "created_at": format_ts(o.created_at), "updated_at": format_ts(o.created_at),
        "member_ids": members, "secondary_member_ids": [],
    })
}

impl Api for ZInner {
    fn authenticate(&self, req: &SimRequest) -> Result<(), SimResponse> {
        let Some(h) = req.header("authorization") else {
            return Err(error(403, "Authentication required"));
        };
        let h = h.trim();
        let token = if let Some(rest) = h
            .strip_prefix("Token ")
            .or_else(|| h.strip_prefix("Bearer "))
        {
            let rest = rest.trim();
            rest.strip_prefix("token=")
                .unwrap_or(rest)
                .trim_matches('"')
        } else {
            return Err(error(403, "Authentication required"));
        };
        if token != self.lock().token {
            return Err(error(401, "Can't find User for Token"));
        }
        Ok(())
    }

    fn handle(&self, req: &SimRequest) -> SimResponse {
        let mut s = self.lock();
        if let Some(answer) = super::zammad_automation::route(&mut s, req) {
            return answer;
        }
        if req.method == "GET" {
            route(&s, req)
        } else {
            super::zammad_write::route_write(&mut s, req)
        }
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

    fn server_error(&self, _status: u16) -> Value {
        json!({"error": "Error ID AbCd1234: Please contact your administrator."})
    }

    fn server_error_429(&self) -> Value {
        json!({"error": "Too Many Requests", "error_human": "Too Many Requests"})
    }
}
