//! Customers, projects, activities and tags whose create got an ambiguous answer: they are
//! not POSTed again before `sync.settle_secs` have passed since they were sent.

use super::{Pair, Store, ts_text};
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

/// One create of a Kimai reference whose outcome is unknown.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingCreate {
    /// `customer`, `project`, `activity` or `tag`.
    pub kind: String,
    pub source_key: String,
    pub name: String,
    pub sent_at: DateTime<Utc>,
}

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<PendingCreate> {
    let sent: String = r.get(3)?;
    Ok(PendingCreate {
        kind: r.get(0)?,
        source_key: r.get(1)?,
        name: r.get(2)?,
        sent_at: DateTime::parse_from_rfc3339(&sent)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|_| Utc::now()),
    })
}

impl Store {
    pub fn pending_create(
        &self,
        pair: Pair,
        kind: &str,
        source_key: &str,
    ) -> super::Result<Option<PendingCreate>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT kind, source_key, name, sent_at FROM pending_creates \
                 WHERE zammad_connector_id = ?1 AND kimai_connector_id = ?2 AND kind = ?3 \
                 AND source_key = ?4",
                params![pair.zammad.0, pair.kimai.0, kind, source_key],
                from_row,
            )
            .optional()?)
    }

    /// Every pending reference create of a pair.
    pub fn pending_creates(&self, pair: Pair) -> super::Result<Vec<PendingCreate>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT kind, source_key, name, sent_at FROM pending_creates \
             WHERE zammad_connector_id = ?1 AND kimai_connector_id = ?2 ORDER BY sent_at",
        )?;
        let rows = stmt.query_map(params![pair.zammad.0, pair.kimai.0], from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Record that a create is about to be sent (or was sent again).
    pub fn put_pending_create(
        &self,
        pair: Pair,
        p: &PendingCreate,
        run_id: Option<&str>,
    ) -> super::Result<()> {
        self.conn().execute(
            "INSERT INTO pending_creates (zammad_connector_id, kimai_connector_id, kind, \
               source_key, name, sent_at, run_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) \
             ON CONFLICT (zammad_connector_id, kimai_connector_id, kind, source_key) DO UPDATE \
             SET name = excluded.name, sent_at = excluded.sent_at, run_id = excluded.run_id",
            params![
                pair.zammad.0,
                pair.kimai.0,
                p.kind,
                p.source_key,
                p.name,
                ts_text(p.sent_at),
                run_id
            ],
        )?;
        Ok(())
    }

    /// The create is settled: it exists in Kimai, or it provably does not.
    pub fn delete_pending_create(
        &self,
        pair: Pair,
        kind: &str,
        source_key: &str,
    ) -> super::Result<()> {
        self.conn().execute(
            "DELETE FROM pending_creates WHERE zammad_connector_id = ?1 \
             AND kimai_connector_id = ?2 AND kind = ?3 AND source_key = ?4",
            params![pair.zammad.0, pair.kimai.0, kind, source_key],
        )?;
        Ok(())
    }
}
