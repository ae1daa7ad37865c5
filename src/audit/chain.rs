//! The hash chain of `syncd audit export` and its check, `syncd audit verify`.
//!
//! An export is NDJSON: a header line, one line per audit row in the order the rows were
//! recorded (id order), and an end line. Every line is a JSON object whose `prev` is the
//! `hash` of the line before; the header's `prev` is the anchor: the SHA-256 of the last
//! stored row before the export's first row ([`GENESIS`] when none precedes it). A line's
//! `hash` is the SHA-256 (hex) of the line's canonical JSON without `hash` (keys sorted by
//! their UTF-8 bytes, no whitespace, serde_json's string escaping); `hash` is written last,
//! so the hashed bytes are exactly the line up to it. The end line's hash is the export's
//! head: whoever keeps the head can later prove the file unchanged.

use serde::Serialize;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};
use std::io::BufRead;

/// The `format` of the header line.
pub const FORMAT: &str = "syncd-audit-chain/1";

/// The anchor of an export with no stored row before it.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One stored audit row, as read for an export (`details` as stored, unparsed).
#[derive(Debug, Clone, PartialEq)]
pub struct ChainRow {
    pub id: i64,
    pub ts: String,
    pub actor: String,
    pub source: String,
    pub category: String,
    pub action: String,
    pub target: Option<String>,
    pub details: Option<String>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub run_id: Option<String>,
}

impl ChainRow {
    /// The row's fields as exported; details as JSON (text that is not JSON stays a string).
    fn fields(&self) -> Map<String, Value> {
        let details = self.details.as_deref().map(|d| {
            serde_json::from_str::<Value>(d).unwrap_or_else(|_| Value::String(d.to_string()))
        });
        let Value::Object(map) = json!({
            "id": self.id, "ts": self.ts, "actor": self.actor, "source": self.source,
            "category": self.category, "action": self.action, "target": self.target,
            "details": details, "ip": self.ip, "user_agent": self.user_agent,
            "run_id": self.run_id,
        }) else {
            unreachable!("json! of an object literal is an object")
        };
        map
    }

    /// The anchor an export starting after this row carries.
    pub fn anchor(&self) -> String {
        sha256_hex(canonical(&Value::Object(self.fields())).as_bytes())
    }
}

/// JSON with object keys sorted and no whitespace, so equal values give equal bytes.
pub fn canonical(v: &Value) -> String {
    let mut out = String::new();
    write_canonical(v, &mut out);
    out
}

fn write_canonical(v: &Value, out: &mut String) {
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                write_canonical(&map[k], out);
            }
            out.push('}');
        }
        Value::Array(list) => {
            out.push('[');
            for (i, x) in list.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(x, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `body` (an object without `hash`) as a chained line, and its hash.
fn seal(body: Map<String, Value>) -> (String, String) {
    let text = canonical(&Value::Object(body));
    let hash = sha256_hex(text.as_bytes());
    let open = text.strip_suffix('}').unwrap_or(&text);
    (format!("{open},\"hash\":\"{hash}\"}}"), hash)
}

/// What an export covered, for the summary and the `audit.export` row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub rows: u64,
    pub first_id: Option<i64>,
    pub last_id: Option<i64>,
    pub anchor: String,
    pub anchor_id: Option<i64>,
    pub head: Option<String>,
}

/// Writes an export line by line: [`Exporter::start`], [`Exporter::row`] for each row in
/// id order, [`Exporter::finish`].
pub struct Exporter {
    prev: String,
    summary: Summary,
}

impl Exporter {
    /// The header line; `before` is the last stored row before the first exported one.
    pub fn start(
        before: Option<&ChainRow>,
        exported_at: &str,
        since: Option<&str>,
    ) -> (Exporter, String) {
        let anchor = before.map_or_else(|| GENESIS.to_string(), ChainRow::anchor);
        let mut body = Map::new();
        body.insert("type".into(), json!("export"));
        body.insert("format".into(), json!(FORMAT));
        body.insert("exported_at".into(), json!(exported_at));
        body.insert("since".into(), json!(since));
        body.insert("anchor_id".into(), json!(before.map(|r| r.id)));
        body.insert("prev".into(), json!(anchor));
        let (line, hash) = seal(body);
        let summary = Summary {
            rows: 0,
            first_id: None,
            last_id: None,
            anchor,
            anchor_id: before.map(|r| r.id),
            head: None,
        };
        (
            Exporter {
                prev: hash,
                summary,
            },
            line,
        )
    }

    pub fn row(&mut self, row: &ChainRow) -> String {
        let mut body = row.fields();
        body.insert("type".into(), json!("audit"));
        body.insert("prev".into(), json!(self.prev));
        let (line, hash) = seal(body);
        self.prev = hash;
        self.summary.rows += 1;
        self.summary.first_id.get_or_insert(row.id);
        self.summary.last_id = Some(row.id);
        line
    }

    /// The end line; its hash is the head.
    pub fn finish(mut self) -> (Summary, String) {
        let mut body = Map::new();
        body.insert("type".into(), json!("end"));
        body.insert("rows".into(), json!(self.summary.rows));
        body.insert("prev".into(), json!(self.prev));
        let (line, hash) = seal(body);
        self.summary.head = Some(hash);
        (self.summary, line)
    }
}

/// One thing wrong with an export, at a line (1-based).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    pub line: usize,
    /// The audit row id on that line, when readable.
    pub id: Option<i64>,
    /// edited, removed_or_inserted, reordered, truncated, malformed, not_an_export, extra
    pub kind: &'static str,
    pub message: String,
}

/// The result of checking an export.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verification {
    pub intact: bool,
    pub lines: usize,
    pub rows: u64,
    pub first_id: Option<i64>,
    pub last_id: Option<i64>,
    pub exported_at: Option<String>,
    pub since: Option<String>,
    pub anchor: Option<String>,
    pub anchor_id: Option<i64>,
    pub head: Option<String>,
    pub problems: Vec<Problem>,
}

/// `(body, stated hash)` when the line ends in `,"hash":"<64 hex>"}`.
fn split_hash(line: &[u8]) -> Option<(Vec<u8>, String)> {
    const TAIL: usize = ",\"hash\":\"".len() + 64 + "\"}".len();
    let cut = line.len().checked_sub(TAIL)?;
    let tail = std::str::from_utf8(&line[cut..]).ok()?;
    let hex = tail.strip_prefix(",\"hash\":\"")?.strip_suffix("\"}")?;
    if !hex
        .bytes()
        .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    {
        return None;
    }
    let mut body = line[..cut].to_vec();
    body.push(b'}');
    Some((body, hex.to_string()))
}

fn short(hash: &str) -> &str {
    &hash[..hash.len().min(12)]
}

/// Check an export read from `input`. I/O errors are errors; everything wrong with the
/// content is a [`Problem`].
pub fn verify(mut input: impl BufRead) -> std::io::Result<Verification> {
    let mut v = Verification {
        intact: false,
        lines: 0,
        rows: 0,
        first_id: None,
        last_id: None,
        exported_at: None,
        since: None,
        anchor: None,
        anchor_id: None,
        head: None,
        problems: Vec::new(),
    };
    // The previous line's stated hash, its number and its audit row id.
    let mut prev: Option<(String, usize, Option<i64>)> = None;
    let mut last_id: Option<i64> = None;
    let mut ended = false;
    let mut problems = Vec::new();
    let mut buf = Vec::new();
    loop {
        buf.clear();
        if input.read_until(b'\n', &mut buf)? == 0 {
            break;
        }
        v.lines += 1;
        let n = v.lines;
        let mut line: &[u8] = &buf;
        if let Some(l) = line.strip_suffix(b"\n") {
            line = l;
        }
        if let Some(l) = line.strip_suffix(b"\r") {
            line = l;
        }
        let mut problem = |kind: &'static str, id: Option<i64>, message: String| {
            problems.push(Problem {
                line: n,
                id,
                kind,
                message,
            })
        };
        if ended {
            problem(
                "extra",
                None,
                "text after the end line: lines were appended".into(),
            );
            break;
        }
        let Some((body, stated)) = split_hash(line) else {
            problem(
                "malformed",
                None,
                "no hash at the end of the line (lines of an export end in ,\"hash\":\"<64 hex digits>\"})".into(),
            );
            prev = None;
            continue;
        };
        let parsed: Option<Map<String, Value>> = serde_json::from_slice::<Value>(&body)
            .ok()
            .and_then(|x| x.as_object().cloned());
        let kind = parsed
            .as_ref()
            .and_then(|m| m.get("type"))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let id = parsed
            .as_ref()
            .and_then(|m| m.get("id"))
            .and_then(Value::as_i64);
        let id = if kind == "audit" { id } else { None };
        if sha256_hex(&body) != stated {
            let what = match id {
                Some(_) => "this audit row was edited: its contents do not match its hash",
                None => "this line was edited: its contents do not match its hash",
            };
            problem("edited", id, what.into());
        }
        let Some(obj) = parsed else {
            problem("malformed", None, "not a JSON object".into());
            prev = Some((stated, n, None));
            continue;
        };
        let stated_prev = obj.get("prev").and_then(Value::as_str).unwrap_or("");
        if n == 1 {
            if kind == "export" && obj.get("format").and_then(Value::as_str) == Some(FORMAT) {
                v.anchor = Some(stated_prev.to_string());
                v.anchor_id = obj.get("anchor_id").and_then(Value::as_i64);
                v.exported_at = obj
                    .get("exported_at")
                    .and_then(Value::as_str)
                    .map(String::from);
                v.since = obj.get("since").and_then(Value::as_str).map(String::from);
            } else {
                problem(
                    "not_an_export",
                    id,
                    format!(
                        "no export header (a line with \"type\":\"export\",\"format\":\"{FORMAT}\"): it was removed, or this is not a syncd audit export"
                    ),
                );
            }
        } else if let Some((want, at, prev_id)) = &prev
            && stated_prev != want
        {
            let after =
                |i: &Option<i64>| i.map(|i| format!(" (audit row {i})")).unwrap_or_default();
            match (id, prev_id) {
                (Some(i), Some(p)) if i <= *p => problem(
                    "reordered",
                    id,
                    format!(
                        "audit row {i} comes after audit row {p} on line {at}: rows were reordered"
                    ),
                ),
                _ => problem(
                    "removed_or_inserted",
                    id,
                    format!(
                        "does not follow line {at}{}: its prev {} is not that line's hash {}; a row was removed or inserted here, or rows were moved",
                        after(prev_id),
                        short(stated_prev),
                        short(want)
                    ),
                ),
            }
        } else if let (Some(i), Some(p)) = (id, last_id)
            && i <= p
        {
            problem(
                "reordered",
                id,
                format!("audit row {i} comes after audit row {p}: ids must increase"),
            );
        }
        match kind.as_str() {
            "export" if n > 1 => problem("malformed", None, "a second export header".into()),
            "audit" => {
                v.rows += 1;
                if id.is_none() {
                    problem(
                        "malformed",
                        None,
                        "an audit row without a numeric id".into(),
                    );
                }
                if v.first_id.is_none() {
                    v.first_id = id;
                }
                v.last_id = id.or(v.last_id);
                last_id = id.or(last_id);
            }
            "end" => {
                ended = true;
                v.head = Some(stated.clone());
                let announced = obj.get("rows").and_then(Value::as_u64);
                if announced != Some(v.rows) {
                    problem(
                        "removed_or_inserted",
                        None,
                        format!(
                            "the end line counts {} rows but {} were found: rows were removed or added",
                            announced.map_or("no".to_string(), |r| r.to_string()),
                            v.rows
                        ),
                    );
                }
            }
            "export" => {}
            other => problem("malformed", None, format!("unknown line type `{other}`")),
        }
        prev = Some((stated, n, id));
    }
    if v.lines == 0 {
        problems.push(Problem {
            line: 1,
            id: None,
            kind: "not_an_export",
            message: "the file is empty".into(),
        });
    } else if !ended {
        problems.push(Problem {
            line: v.lines + 1,
            id: None,
            kind: "truncated",
            message: "the file ends without its end line: rows were cut off at the end, or the export did not finish".into(),
        });
    }
    v.intact = problems.is_empty();
    v.problems = problems;
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, action: &str) -> ChainRow {
        ChainRow {
            id,
            ts: format!("2026-11-02T10:00:{:02}.000Z", id % 60),
            actor: "ann".into(),
            source: "cli".into(),
            category: "config".into(),
            action: action.into(),
            target: Some("helpdesk".into()),
            details: Some(r#"{"b":1.5,"a":[true,null,"ü\n"]}"#.into()),
            ip: None,
            user_agent: None,
            run_id: None,
        }
    }

    fn export(ids: &[i64]) -> Vec<String> {
        let (mut e, header) =
            Exporter::start(Some(&row(1, "first")), "2026-11-03T00:00:00.000Z", None);
        let mut lines = vec![header];
        for id in ids {
            lines.push(e.row(&row(*id, "mapping.add")));
        }
        let (summary, end) = e.finish();
        lines.push(end);
        assert_eq!(summary.rows, ids.len() as u64);
        lines
    }

    fn check(lines: &[String]) -> Verification {
        verify(format!("{}\n", lines.join("\n")).as_bytes()).unwrap()
    }

    fn kinds(v: &Verification) -> Vec<(usize, &'static str)> {
        v.problems.iter().map(|p| (p.line, p.kind)).collect()
    }

    #[test]
    fn canonical_sorts_keys_at_every_depth() {
        let v: Value =
            serde_json::from_str(r#"{"b":{"y":1,"x":[{"d":2,"c":3}]},"a":"é\"q"}"#).unwrap();
        assert_eq!(
            canonical(&v),
            r#"{"a":"é\"q","b":{"x":[{"c":3,"d":2}],"y":1}}"#
        );
    }

    #[test]
    fn an_untouched_export_is_intact() {
        let v = check(&export(&[2, 3, 5, 8]));
        assert!(v.intact, "{:?}", v.problems);
        assert_eq!(
            (v.rows, v.first_id, v.last_id, v.anchor_id),
            (4, Some(2), Some(8), Some(1))
        );
        assert_eq!(v.anchor.as_deref(), Some(row(1, "first").anchor().as_str()));
        assert!(check(&export(&[])).intact);
        // Windows line ends are tolerated.
        assert!(verify(export(&[2]).join("\r\n").as_bytes()).unwrap().intact);
    }

    #[test]
    fn each_kind_of_tampering_is_named_at_its_line() {
        let good = export(&[2, 3, 5, 8]);
        let mut edited = good.clone();
        edited[2] = edited[2].replace("mapping.add", "mapping.remove");
        assert_eq!(kinds(&check(&edited)), vec![(3, "edited")]);
        assert_eq!(check(&edited).problems[0].id, Some(3));

        let mut removed = good.clone();
        removed.remove(2);
        assert_eq!(
            kinds(&check(&removed)),
            vec![(3, "removed_or_inserted"), (5, "removed_or_inserted")]
        );

        let mut reordered = good.clone();
        reordered.swap(2, 3);
        let k = kinds(&check(&reordered));
        assert!(k.contains(&(4, "reordered")), "{k:?}");

        let mut inserted = good.clone();
        let (mut other, _) = Exporter::start(None, "x", None);
        inserted.insert(3, other.row(&row(4, "forged")));
        let k = kinds(&check(&inserted));
        assert_eq!(k[0], (4, "removed_or_inserted"), "{k:?}");

        let truncated = &good[..good.len() - 1];
        assert_eq!(kinds(&check(truncated)), vec![(6, "truncated")]);

        let headless = &good[1..];
        assert_eq!(kinds(&check(headless))[0], (1, "not_an_export"));

        let mut appended = good.clone();
        appended.push(good[2].clone());
        assert_eq!(kinds(&check(&appended)), vec![(7, "extra")]);

        assert_eq!(
            kinds(&verify(&b""[..]).unwrap()),
            vec![(1, "not_an_export")]
        );
        assert_eq!(kinds(&check(&["{}".into()]))[0], (1, "malformed"));
    }
}
