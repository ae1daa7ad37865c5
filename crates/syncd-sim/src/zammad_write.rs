//! Zammad entry writes over the API (what agents and scripts do), applied to the sim state.

use serde_json::{Value, json};

use super::http::{SimRequest, SimResponse};
use super::zammad::{EntryChange, NewEntry, ZState};
use super::zammad_api::{entry_json, error, no_route, not_found};

fn unit_of(v: &Value) -> Option<String> {
    match v {
        Value::String(u) if u.trim().parse::<rust_decimal::Decimal>().is_ok() => Some(u.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Entry writes: `POST /tickets/{id}/time_accountings`, `POST /time_accountings`,
/// `PUT`/`DELETE` on `/time_accountings/{id}` and `/tickets/{t}/time_accountings/{id}`.
pub(crate) fn route_write(s: &mut ZState, req: &SimRequest) -> SimResponse {
    let segs = req.segments();
    if segs.len() < 3 || segs[0] != "api" || segs[1] != "v1" {
        return no_route(req);
    }
    let num = |v: &str| v.parse::<i64>().ok();
    let body: Value = serde_json::from_slice(&req.body).unwrap_or(Value::Null);
    let (ticket, entry) = match &segs[2..] {
        ["time_accountings"] => (body.get("ticket_id").and_then(Value::as_i64), None),
        ["time_accountings", e] => (None, num(e)),
        ["tickets", t, "time_accountings"] => (num(t), None),
        ["tickets", t, "time_accountings", e] => (num(t), num(e)),
        _ => return no_route(req),
    };
    if segs[2] == "time_accountings" && !s.admin_time_accounting {
        return error(403, "Not authorized");
    }
    if let Some(t) = ticket.filter(|t| !s.tickets.contains_key(t)) {
        return not_found("Ticket", &t.to_string());
    }
    let type_id = body.get("type_id").map(Value::as_i64);
    match (req.method.as_str(), entry) {
        ("POST", None) => {
            let Some(ticket_id) = ticket else {
                return error(422, "Ticket can't be blank");
            };
            let Some(time_unit) = body.get("time_unit").and_then(unit_of) else {
                return error(422, "Time unit can't be blank");
            };
            let created_by_id = s.api_user_id;
            let id = s.add_entry(NewEntry {
                ticket_id,
                time_unit,
                type_id: type_id.flatten(),
                created_by_id,
                created_at: None,
            });
            SimResponse::json(201, &entry_json(&s.entries[&id]))
        }
        (m @ ("PUT" | "DELETE"), Some(id)) => {
            if s.entries
                .get(&id)
                .is_none_or(|e| ticket.is_some_and(|t| e.ticket_id != t))
            {
                return not_found("Ticket::TimeAccounting", &id.to_string());
            }
            if m == "DELETE" {
                s.delete_entry(id);
                return SimResponse::json(200, &json!({}));
            }
            let change = EntryChange {
                time_unit: body.get("time_unit").and_then(unit_of),
                type_id,
                ticket_id: body.get("ticket_id").and_then(Value::as_i64),
                updated_at: None,
            };
            s.update_entry(id, change);
            SimResponse::json(200, &entry_json(&s.entries[&id]))
        }
        _ => no_route(req),
    }
}
