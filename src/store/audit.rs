//! The `audit_log` table: insert, query with combined filters, prune access rows.

use super::{Store, now_text, ts_text};
use crate::audit::{AccessRow, AuditEvent, AuditQuery, AuditRecord};
use rusqlite::params;
use rusqlite::types::Value;

impl Store {
    /// Record an event now.
    pub fn record_audit(&self, event: &AuditEvent) -> super::Result<i64> {
        self.record_audit_at(event, &now_text())
    }

    /// Record an event with an explicit timestamp (RFC 3339 UTC text; imports and tests).
    pub fn record_audit_at(&self, event: &AuditEvent, ts: &str) -> super::Result<i64> {
        let details = event.details.as_ref().map(serde_json::Value::to_string);
        self.conn().execute(
            "INSERT INTO audit_log (ts, actor, source, category, action, target, details, ip, user_agent, run_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                ts,
                event.actor,
                event.source.as_str(),
                event.category.as_str(),
                event.action,
                event.target,
                details,
                event.ip,
                event.user_agent,
                event.run_id
            ],
        )?;
        Ok(self.conn().last_insert_rowid())
    }

    /// Rows matching every set filter, newest first.
    pub fn query_audit(&self, q: &AuditQuery) -> super::Result<Vec<AuditRecord>> {
        let mut sql = String::from(
            "SELECT id, ts, actor, source, category, action, target, details, ip, user_agent, run_id
             FROM audit_log WHERE 1=1",
        );
        let mut args: Vec<Value> = Vec::new();
        let mut add = |clause: &str, v: Value| {
            sql.push_str(clause);
            args.push(v);
        };
        if let Some(c) = q.category {
            add(" AND category = ?", Value::Text(c.as_str().into()));
        }
        if let Some(a) = &q.action {
            add(" AND action = ?", Value::Text(a.clone()));
        }
        if let Some(a) = &q.actor {
            // `root` also finds `root (sudo: ann)`.
            add(
                " AND ? IN (actor, CASE WHEN instr(actor, ' (') > 0 \
                 THEN substr(actor, 1, instr(actor, ' (') - 1) ELSE actor END)",
                Value::Text(a.clone()),
            );
        }
        if let Some(ip) = &q.ip {
            add(" AND ip = ?", Value::Text(ip.clone()));
        }
        if let Some(s) = q.since {
            add(" AND ts >= ?", Value::Text(ts_text(s)));
        }
        if let Some(u) = q.until {
            add(" AND ts < ?", Value::Text(ts_text(u)));
        }
        if let Some(r) = &q.run_id {
            add(" AND run_id = ?", Value::Text(r.clone()));
        }
        sql.push_str(" ORDER BY ts DESC, id DESC");
        if let Some(limit) = q.limit {
            sql.push_str(&format!(" LIMIT {limit}"));
        }
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| {
            let details: Option<String> = r.get(7)?;
            Ok(AuditRecord {
                id: r.get(0)?,
                ts: r.get(1)?,
                actor: r.get(2)?,
                source: r.get(3)?,
                category: r.get(4)?,
                action: r.get(5)?,
                target: r.get(6)?,
                details: details.and_then(|d| serde_json::from_str(&d).ok()),
                ip: r.get(8)?,
                user_agent: r.get(9)?,
                run_id: r.get(10)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Delete `access` rows older than `older_than_days`; config and sync rows are kept.
    /// Returns the number of rows removed.
    pub fn prune_access(&self, older_than_days: u32) -> super::Result<usize> {
        let cutoff = chrono::Utc::now() - chrono::Duration::days(i64::from(older_than_days));
        let n = self.conn().execute(
            "DELETE FROM audit_log WHERE category = 'access' AND ts < ?1",
            params![ts_text(cutoff)],
        )?;
        Ok(n)
    }

    /// Insert daemon access rows in one transaction: all or none.
    pub fn insert_access_rows(&mut self, rows: &[AccessRow]) -> super::Result<()> {
        let tx = self.conn_mut().transaction()?;
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO audit_log (ts, actor, source, category, action, target, details, ip, user_agent)
                 VALUES (?1, ?2, 'http', 'access', ?3, ?4, ?5, ?6, ?7)",
            )?;
            for r in rows {
                stmt.execute(params![
                    ts_text(r.ts),
                    r.actor,
                    r.action.as_ref(),
                    r.target.as_ref(),
                    r.details,
                    r.ip.map(|ip| ip.to_string()),
                    r.user_agent
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// How many `access` rows the store holds (the size guard's measure).
    pub fn count_access_rows(&self) -> super::Result<u64> {
        let n: i64 = self.conn().query_row(
            "SELECT count(*) FROM audit_log WHERE category = 'access'",
            [],
            |r| r.get(0),
        )?;
        Ok(n.max(0) as u64)
    }
}
