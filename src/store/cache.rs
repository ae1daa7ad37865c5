//! Cached API records (Zammad tickets, users, organizations, types) so a sync does not
//! refetch what it already knows.

use super::{Store, now_text};
use crate::ids::ConnectorId;
use rusqlite::params;
use std::collections::HashSet;

impl Store {
    /// Cached JSON by key for the ids asked for.
    pub fn cache_get_many(
        &self,
        connector: ConnectorId,
        kind: &str,
        ids: &HashSet<i64>,
    ) -> super::Result<Vec<(i64, String)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT key, data FROM cache WHERE connector_id = ?1 AND kind = ?2")?;
        let rows = stmt.query_map(params![connector.0, kind], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (key, data) = row?;
            if let Ok(id) = key.parse::<i64>()
                && ids.contains(&id)
            {
                out.push((id, data));
            }
        }
        Ok(out)
    }

    pub fn cache_put_many(
        &self,
        connector: ConnectorId,
        kind: &str,
        rows: &[(i64, String)],
    ) -> super::Result<()> {
        let tx = self.conn().unchecked_transaction()?;
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO cache (connector_id, kind, key, data, fetched_at) VALUES (?1, ?2, ?3, ?4, ?5) \
                 ON CONFLICT (connector_id, kind, key) DO UPDATE SET data = excluded.data, fetched_at = excluded.fetched_at",
            )?;
            let now = now_text();
            for (id, data) in rows {
                stmt.execute(params![connector.0, kind, id.to_string(), data, now])?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}
