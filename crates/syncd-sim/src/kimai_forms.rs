//! Kimai create/update forms for customers, projects and activities (POST and PATCH).

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde_json::{Map, Value};

use super::http::{SimRequest, SimResponse};
use super::kimai::{KState, KimaiActivity, KimaiCustomer, KimaiProject};
use super::kimai_api::{BLANK, FormErrors, INVALID_CHOICE, as_bool, as_id, bad_request, form_body};
use super::kimai_json::{activity_json, customer_json, project_json};

fn ok(v: Value) -> SimResponse {
    SimResponse::json(200, &v)
}

const BAD_CHARS: [char; 4] = ['<', '>', '"', '='];

/// Common name validation of customers, projects, activities.
fn check_name(map: &Map<String, Value>, required: bool, errs: &mut FormErrors) -> Option<String> {
    match map.get("name") {
        None if !required => None,
        Some(Value::String(n)) if n.trim().chars().count() >= 2 => {
            if n.contains(BAD_CHARS) {
                errs.field("name", "The following characters are not allowed: < > \" =");
            }
            Some(n.trim().to_string())
        }
        Some(Value::String(n)) if !n.trim().is_empty() => {
            errs.field(
                "name",
                "This value is too short. It should have 2 characters or more.",
            );
            None
        }
        _ => {
            errs.field("name", BLANK);
            None
        }
    }
}

const CUSTOMER_FIELDS: &[&str] = &[
    "name",
    "number",
    "comment",
    "company",
    "vatId",
    "contact",
    "address",
    "addressLine1",
    "addressLine2",
    "addressLine3",
    "postCode",
    "city",
    "country",
    "currency",
    "phone",
    "fax",
    "mobile",
    "email",
    "homepage",
    "timezone",
    "language",
    "invoiceEmail",
    "buyerReference",
    "visible",
    "billable",
    "color",
    "budget",
    "timeBudget",
    "budgetType",
];
const PROJECT_FIELDS: &[&str] = &[
    "name",
    "customer",
    "number",
    "comment",
    "orderNumber",
    "orderDate",
    "start",
    "end",
    "visible",
    "billable",
    "color",
    "globalActivities",
    "budget",
    "timeBudget",
    "budgetType",
    "invoiceText",
];
const ACTIVITY_FIELDS: &[&str] = &[
    "name",
    "project",
    "number",
    "comment",
    "visible",
    "billable",
    "color",
    "budget",
    "timeBudget",
    "budgetType",
    "invoiceText",
];

pub(crate) fn save_customer(s: &mut KState, req: &SimRequest, id: Option<i64>) -> SimResponse {
    let mut errs = FormErrors::default();
    let Some(map) = form_body(req, CUSTOMER_FIELDS, &mut errs) else {
        return bad_request();
    };
    let name = check_name(&map, id.is_none(), &mut errs);
    if let Some(Value::String(tz)) = map.get("timezone")
        && tz.parse::<Tz>().is_err()
    {
        errs.field("timezone", INVALID_CHOICE);
    }
    let number = customer_number(s, &map, id, &mut errs);
    if !errs.is_empty() {
        return errs.response(&[
            "name", "number", "comment", "company", "country", "currency", "timezone", "visible",
            "billable",
        ]);
    }
    let id = id.unwrap_or_else(|| s.next_id());
    let c = s.customers.entry(id).or_insert_with(|| KimaiCustomer {
        id,
        name: String::new(),
        number: None,
        comment: None,
        visible: true,
        billable: true,
    });
    if let Some(n) = name {
        c.name = n;
    }
    if let Some(n) = number {
        c.number = n;
    }
    if let Some(v) = map.get("comment") {
        c.comment = v.as_str().map(String::from);
    }
    if let Some(v) = map.get("visible").and_then(as_bool) {
        c.visible = v;
    }
    if let Some(v) = map.get("billable").and_then(as_bool) {
        c.billable = v;
    }
    ok(customer_json(c, true))
}

/// The number to store: as sent, or on create the next free `{pc,4}` (`CustomerService`).
/// Numbers are unique unless the admin allows duplicates (`CustomerValidator`).
fn customer_number(
    s: &KState,
    map: &Map<String, Value>,
    id: Option<i64>,
    errs: &mut FormErrors,
) -> Option<Option<String>> {
    let taken = |n: &str| {
        s.customers
            .values()
            .any(|c| Some(c.id) != id && c.number.as_deref() == Some(n))
    };
    let number = match map.get("number") {
        Some(Value::String(n)) if !n.trim().is_empty() => n.trim().to_string(),
        Some(Value::Null) | Some(Value::String(_)) => return Some(None),
        Some(_) => {
            errs.field("number", super::kimai_api::NOT_VALID);
            return None;
        }
        None if id.is_some() => return None,
        None => {
            let mut next = s.customers.len() + 1;
            while taken(&format!("{next:04}")) {
                next += 1;
            }
            return Some(Some(format!("{next:04}")));
        }
    };
    if number.chars().count() > 50 {
        errs.field(
            "number",
            "This value is too long. It should have 50 characters or less.",
        );
    } else if !s.rules.allow_duplicate_customer_number && taken(&number) {
        errs.field("number", &format!("The number {number} is already used."));
    }
    Some(Some(number))
}

fn parse_date(v: &Value) -> Option<Option<NaiveDate>> {
    match v {
        Value::Null => Some(None),
        Value::String(s) => NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d")
            .ok()
            .map(Some),
        _ => None,
    }
}

pub(crate) fn save_project(s: &mut KState, req: &SimRequest, id: Option<i64>) -> SimResponse {
    let mut errs = FormErrors::default();
    let Some(map) = form_body(req, PROJECT_FIELDS, &mut errs) else {
        return bad_request();
    };
    let name = check_name(&map, id.is_none(), &mut errs);
    let customer = match map.get("customer") {
        Some(v) => match as_id(v).filter(|c| s.customers.contains_key(c)) {
            Some(c) => Some(c),
            None => {
                errs.field("customer", INVALID_CHOICE);
                None
            }
        },
        None if id.is_none() => {
            errs.field("customer", BLANK);
            None
        }
        None => None,
    };
    let start = map.get("start").map(parse_date);
    let end = map.get("end").map(parse_date);
    if matches!(start, Some(None)) {
        errs.field("start", super::kimai_api::NOT_VALID);
    }
    if matches!(end, Some(None)) {
        errs.field("end", super::kimai_api::NOT_VALID);
    }
    if !errs.is_empty() {
        return errs.response(&[
            "name",
            "customer",
            "number",
            "comment",
            "orderNumber",
            "start",
            "end",
            "visible",
            "billable",
            "globalActivities",
        ]);
    }
    let id = id.unwrap_or_else(|| s.next_id());
    let p = s.projects.entry(id).or_insert_with(|| KimaiProject {
        id,
        name: String::new(),
        customer: 0,
        comment: None,
        visible: true,
        billable: true,
        global_activities: true,
        start: None,
        end: None,
    });
    if let Some(n) = name {
        p.name = n;
    }
    if let Some(c) = customer {
        p.customer = c;
    }
    if let Some(Some(d)) = start {
        p.start = d;
    }
    if let Some(Some(d)) = end {
        p.end = d;
    }
    if let Some(v) = map.get("comment") {
        p.comment = v.as_str().map(String::from);
    }
    if let Some(v) = map.get("visible").and_then(as_bool) {
        p.visible = v;
    }
    if let Some(v) = map.get("billable").and_then(as_bool) {
        p.billable = v;
    }
    if let Some(v) = map.get("globalActivities").and_then(as_bool) {
        p.global_activities = v;
    }
    let p = p.clone();
    ok(project_json(s, &p, true))
}

pub(crate) fn save_activity(s: &mut KState, req: &SimRequest, id: Option<i64>) -> SimResponse {
    let mut errs = FormErrors::default();
    let Some(map) = form_body(req, ACTIVITY_FIELDS, &mut errs) else {
        return bad_request();
    };
    let name = check_name(&map, id.is_none(), &mut errs);
    let project = match map.get("project") {
        Some(Value::Null) => Some(None),
        Some(v) => match as_id(v).filter(|p| s.projects.contains_key(p)) {
            Some(p) => Some(Some(p)),
            None => {
                errs.field("project", INVALID_CHOICE);
                None
            }
        },
        None => None,
    };
    if !errs.is_empty() {
        return errs.response(&[
            "name", "project", "number", "comment", "visible", "billable",
        ]);
    }
    let id = id.unwrap_or_else(|| s.next_id());
    let a = s.activities.entry(id).or_insert_with(|| KimaiActivity {
        id,
        name: String::new(),
        project: None,
        comment: None,
        visible: true,
        billable: true,
    });
    if let Some(n) = name {
        a.name = n;
    }
    if let Some(p) = project {
        a.project = p;
    }
    if let Some(v) = map.get("comment") {
        a.comment = v.as_str().map(String::from);
    }
    if let Some(v) = map.get("visible").and_then(as_bool) {
        a.visible = v;
    }
    if let Some(v) = map.get("billable").and_then(as_bool) {
        a.billable = v;
    }
    let a = a.clone();
    ok(activity_json(s, &a, true))
}
