//! Check recorded requests against an OpenAPI 3 spec (e.g. `shared/fixtures/kimai/openapi.json`):
//! known path and method, declared query parameters, request body keys and basic types.

use serde_json::{Map, Value};

use super::http::RecordedRequest;

fn path_matches(template: &str, path: &str) -> Option<usize> {
    let t: Vec<&str> = template.split('/').collect();
    let p: Vec<&str> = path.split('/').collect();
    if t.len() != p.len() {
        return None;
    }
    let mut literal = 0;
    for (a, b) in t.iter().zip(&p) {
        if a.starts_with('{') && a.ends_with('}') {
            if b.is_empty() {
                return None;
            }
        } else if a == b {
            literal += 1;
        } else {
            return None;
        }
    }
    Some(literal)
}

fn resolve<'a>(spec: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let ptr = r.trim_start_matches('#');
            spec.pointer(ptr).unwrap_or(schema)
        }
        None => schema,
    }
}

fn type_ok(ty: Option<&str>, v: &Value) -> bool {
    match (ty, v) {
        (_, Value::Null) | (None, _) => true,
        (Some("integer"), Value::Number(n)) => n.is_i64() || n.is_u64(),
        (Some("number"), Value::Number(_)) => true,
        (Some("string"), Value::String(_)) => true,
        (Some("boolean"), Value::Bool(_)) => true,
        (Some("array"), Value::Array(_)) => true,
        (Some("object"), Value::Object(_)) => true,
        _ => false,
    }
}

/// `tags[0]` → `tags[]`.
fn normalize_param(name: &str) -> String {
    match name.find('[') {
        Some(i) if name.ends_with(']') => format!("{}[]", &name[..i]),
        _ => name.to_string(),
    }
}

/// Problems found, one line each (empty = all requests conform).
pub fn check_requests(spec: &Value, requests: &[RecordedRequest]) -> Vec<String> {
    let mut problems = Vec::new();
    let empty = Map::new();
    let paths = spec
        .get("paths")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    for r in requests {
        let what = format!("{} {}?{}", r.method, r.path, r.query);
        let method = r.method.to_ascii_lowercase();
        let best = paths
            .iter()
            .filter_map(|(t, item)| path_matches(t, &r.path).map(|score| (score, item)))
            .filter(|(_, item)| item.get(&method).is_some())
            .max_by_key(|(score, _)| *score);
        let Some((_, item)) = best else {
            problems.push(format!("{what}: no such path/method in the spec"));
            continue;
        };
        let op = &item[&method];
        let declared: Vec<String> = op
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|p| p.get("in").and_then(Value::as_str) == Some("query"))
            .filter_map(|p| p.get("name").and_then(Value::as_str).map(normalize_param))
            .collect();
        for (k, _) in url::form_urlencoded::parse(r.query.as_bytes()) {
            if !declared.contains(&normalize_param(&k)) {
                problems.push(format!("{what}: undeclared query parameter `{k}`"));
            }
        }
        let Some(schema) = op.pointer("/requestBody/content/application~1json/schema") else {
            continue;
        };
        let schema = resolve(spec, schema);
        let Ok(Value::Object(body)) = serde_json::from_str::<Value>(&r.body) else {
            if op.pointer("/requestBody/required") == Some(&Value::Bool(true)) {
                problems.push(format!("{what}: body is not a JSON object"));
            }
            continue;
        };
        let props = schema
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        for (k, v) in &body {
            match props.get(k) {
                None => problems.push(format!("{what}: body field `{k}` not in the schema")),
                Some(p) => {
                    let p = resolve(spec, p);
                    if !type_ok(p.get("type").and_then(Value::as_str), v) {
                        problems.push(format!("{what}: body field `{k}` has the wrong type"));
                    }
                }
            }
        }
        if method == "post" {
            for req in schema
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if let Some(name) = req.as_str().filter(|n| !body.contains_key(*n)) {
                    problems.push(format!("{what}: required body field `{name}` missing"));
                }
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rec(method: &str, path: &str, query: &str, body: &str) -> RecordedRequest {
        RecordedRequest {
            method: method.into(),
            path: path.into(),
            query: query.into(),
            body: body.into(),
            kind: String::new(),
            headers: Vec::new(),
        }
    }

    #[test]
    fn flags_unknown_params_fields_and_types() {
        let spec = json!({
            "paths": {
                "/api/timesheets": {
                    "get": {"parameters": [{"name": "tags[]", "in": "query"}, {"name": "page", "in": "query"}]},
                    "post": {"requestBody": {"required": true, "content": {"application/json":
                        {"schema": {"$ref": "#/components/schemas/F"}}}}}
                },
                "/api/timesheets/{id}": {"get": {}}
            },
            "components": {"schemas": {"F": {"required": ["project"],
                "properties": {"project": {"type": "integer"}, "tags": {"type": "string"}}}}}
        });
        let ok = [
            rec("GET", "/api/timesheets", "tags[]=a&page=2", ""),
            rec("GET", "/api/timesheets/5", "", ""),
            rec(
                "POST",
                "/api/timesheets",
                "",
                r#"{"project":1,"tags":"a,b"}"#,
            ),
        ];
        assert!(check_requests(&spec, &ok).is_empty());
        let bad = [
            rec("GET", "/api/timesheets", "sort=1", ""),
            rec("DELETE", "/api/timesheets/5", "", ""),
            rec(
                "POST",
                "/api/timesheets",
                "",
                r#"{"project":"1","duration":5}"#,
            ),
        ];
        assert_eq!(check_requests(&spec, &bad).len(), 4);
    }
}
