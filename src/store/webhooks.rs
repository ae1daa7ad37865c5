//! Webhook secrets (ciphertext only; encryption is the caller's) and delivery ids.

use super::{Store, now_text, ts_text};
use anyhow::Context;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WebhookSecretInfo {
    pub id: i64,
    pub name: String,
    pub active: bool,
    pub created_at: String,
}

impl Store {
    pub fn add_webhook_secret(&self, name: &str, ciphertext: &[u8]) -> anyhow::Result<i64> {
        self.conn()
            .execute(
                "INSERT INTO webhook_secrets (name, ciphertext, active, created_at) VALUES (?1, ?2, 1, ?3)",
                params![name, ciphertext, now_text()],
            )
            .with_context(|| format!("cannot add webhook secret `{name}` (is the name taken?)"))?;
        Ok(self.conn().last_insert_rowid())
    }

    pub fn list_webhook_secrets(&self) -> anyhow::Result<Vec<WebhookSecretInfo>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT id, name, active, created_at FROM webhook_secrets ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            Ok(WebhookSecretInfo {
                id: r.get(0)?,
                name: r.get(1)?,
                active: r.get::<_, i64>(2)? != 0,
                created_at: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Ciphertexts of the active secrets.
    pub fn active_webhook_secret_ciphertexts(&self) -> anyhow::Result<Vec<Vec<u8>>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT ciphertext FROM webhook_secrets WHERE active = 1 ORDER BY id")?;
        let rows = stmt.query_map([], |r| r.get::<_, Vec<u8>>(0))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Remove by numeric id or by name; returns the removed name.
    pub fn remove_webhook_secret(&self, id_or_name: &str) -> anyhow::Result<Option<String>> {
        let found: Option<(i64, String)> = self
            .conn()
            .query_row(
                "SELECT id, name FROM webhook_secrets WHERE name = ?1 OR CAST(id AS TEXT) = ?1 ORDER BY name = ?1 DESC LIMIT 1",
                [id_or_name],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((id, name)) = found else {
            return Ok(None);
        };
        self.conn()
            .execute("DELETE FROM webhook_secrets WHERE id = ?1", [id])?;
        Ok(Some(name))
    }

    /// Remember a delivery id. Returns false when it was already seen (a replay).
    pub fn record_webhook_delivery(
        &self,
        delivery_id: &str,
        ticket_id: Option<i64>,
        outcome: &str,
    ) -> anyhow::Result<bool> {
        let n = self.conn().execute(
            "INSERT OR IGNORE INTO webhook_deliveries (delivery_id, received_at, ticket_id, outcome) VALUES (?1, ?2, ?3, ?4)",
            params![delivery_id, now_text(), ticket_id, outcome],
        )?;
        Ok(n > 0)
    }

    pub fn webhook_delivery_seen(&self, delivery_id: &str) -> anyhow::Result<bool> {
        Ok(self
            .conn()
            .query_row(
                "SELECT 1 FROM webhook_deliveries WHERE delivery_id = ?1",
                [delivery_id],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// Forget delivery ids older than `hours`; returns how many went.
    pub fn prune_webhook_deliveries(&self, hours: u32) -> anyhow::Result<usize> {
        let cutoff = ts_text(chrono::Utc::now() - chrono::Duration::hours(i64::from(hours)));
        Ok(self.conn().execute(
            "DELETE FROM webhook_deliveries WHERE received_at < ?1",
            [cutoff],
        )?)
    }
}
