//! Reading the audit log for `syncd audit export`: one snapshot, id order, streamed.

use super::{Store, ts_text};
use crate::audit::chain::ChainRow;
use rusqlite::{OptionalExtension, Row, params};

const COLUMNS: &str =
    "id, ts, actor, source, category, action, target, details, ip, user_agent, run_id";

fn chain_row(r: &Row<'_>) -> rusqlite::Result<ChainRow> {
    Ok(ChainRow {
        id: r.get(0)?,
        ts: r.get(1)?,
        actor: r.get(2)?,
        source: r.get(3)?,
        category: r.get(4)?,
        action: r.get(5)?,
        target: r.get(6)?,
        details: r.get(7)?,
        ip: r.get(8)?,
        user_agent: r.get(9)?,
        run_id: r.get(10)?,
    })
}

/// What [`Store::export_audit`] hands over, in this order: the anchor row once, then rows.
pub enum ExportItem<'a> {
    /// The last row before the first exported one (with no row in range, the newest row).
    Anchor(Option<&'a ChainRow>),
    Row(&'a ChainRow),
}

impl Store {
    /// Every row from the first one recorded at or after `since` (all rows without it) to
    /// the newest, in id (recording) order, from one read snapshot: later rows from the
    /// daemon wait for the next export. `each` gets the anchor first, then every row.
    pub fn export_audit<E: From<super::StoreError>>(
        &self,
        since: Option<chrono::DateTime<chrono::Utc>>,
        mut each: impl FnMut(ExportItem<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        let db = |e: rusqlite::Error| E::from(super::StoreError::from(e));
        let tx = self.conn().unchecked_transaction().map_err(db)?;
        let first: Option<i64> = match since {
            Some(t) => tx.query_row(
                "SELECT min(id) FROM audit_log WHERE ts >= ?1",
                params![ts_text(t)],
                |r| r.get(0),
            ),
            None => tx.query_row("SELECT min(id) FROM audit_log", [], |r| r.get(0)),
        }
        .map_err(db)?;
        let anchor = tx
            .query_row(
                &format!("SELECT {COLUMNS} FROM audit_log WHERE id < ?1 ORDER BY id DESC LIMIT 1"),
                params![first.unwrap_or(i64::MAX)],
                chain_row,
            )
            .optional()
            .map_err(db)?;
        each(ExportItem::Anchor(anchor.as_ref()))?;
        if let Some(first) = first {
            let mut stmt = tx
                .prepare(&format!(
                    "SELECT {COLUMNS} FROM audit_log WHERE id >= ?1 ORDER BY id"
                ))
                .map_err(db)?;
            let mut rows = stmt.query(params![first]).map_err(db)?;
            while let Some(r) = rows.next().map_err(db)? {
                each(ExportItem::Row(&chain_row(r).map_err(db)?))?;
            }
        }
        tx.commit().map_err(db)?;
        Ok(())
    }
}
