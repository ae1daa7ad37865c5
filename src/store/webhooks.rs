//! Webhook secrets (ciphertext only; encryption is the caller's) and delivery ids.

use super::StoreError;
use super::{Store, now_text, ts_text};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WebhookSecretInfo {
    pub id: i64,
    pub name: String,
    pub active: bool,
    pub created_at: String,
}

/// What a stored webhook key is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookKeyPurpose {
    /// Signs payloads (`X-Hub-Signature`).
    Signature,
    /// Basic password or Bearer token in `Authorization`.
    Credential,
}

impl WebhookKeyPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            WebhookKeyPurpose::Signature => "signature",
            WebhookKeyPurpose::Credential => "credential",
        }
    }
}

impl Store {
    pub fn add_webhook_secret(&self, name: &str, ciphertext: &[u8]) -> super::Result<i64> {
        self.add_webhook_key(WebhookKeyPurpose::Signature, name, ciphertext)
    }

    pub fn add_webhook_key(
        &self,
        purpose: WebhookKeyPurpose,
        name: &str,
        ciphertext: &[u8],
    ) -> super::Result<i64> {
        self.conn()
            .execute(
                "INSERT INTO webhook_secrets (name, ciphertext, active, created_at, purpose) VALUES (?1, ?2, 1, ?3, ?4)",
                params![name, ciphertext, now_text(), purpose.as_str()],
            )
            .map_err(StoreError::doing(format!(
                "cannot add webhook {} `{name}` (is the name taken?)",
                purpose.as_str()
            )))?;
        Ok(self.conn().last_insert_rowid())
    }

    pub fn list_webhook_secrets(&self) -> super::Result<Vec<WebhookSecretInfo>> {
        self.list_webhook_keys(WebhookKeyPurpose::Signature)
    }

    pub fn list_webhook_keys(
        &self,
        purpose: WebhookKeyPurpose,
    ) -> super::Result<Vec<WebhookSecretInfo>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, name, active, created_at FROM webhook_secrets WHERE purpose = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([purpose.as_str()], |r| {
            Ok(WebhookSecretInfo {
                id: r.get(0)?,
                name: r.get(1)?,
                active: r.get::<_, i64>(2)? != 0,
                created_at: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Ciphertexts of the active signing secrets.
    pub fn active_webhook_secret_ciphertexts(&self) -> super::Result<Vec<Vec<u8>>> {
        self.active_webhook_key_ciphertexts(WebhookKeyPurpose::Signature)
    }

    pub fn active_webhook_key_ciphertexts(
        &self,
        purpose: WebhookKeyPurpose,
    ) -> super::Result<Vec<Vec<u8>>> {
        let mut stmt = self.conn().prepare(
            "SELECT ciphertext FROM webhook_secrets WHERE active = 1 AND purpose = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([purpose.as_str()], |r| r.get::<_, Vec<u8>>(0))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Remove a signing secret by numeric id or by name; returns the removed name.
    pub fn remove_webhook_secret(&self, id_or_name: &str) -> super::Result<Option<String>> {
        self.remove_webhook_key(WebhookKeyPurpose::Signature, id_or_name)
    }

    pub fn remove_webhook_key(
        &self,
        purpose: WebhookKeyPurpose,
        id_or_name: &str,
    ) -> super::Result<Option<String>> {
        let found: Option<(i64, String)> = self
            .conn()
            .query_row(
                "SELECT id, name FROM webhook_secrets WHERE purpose = ?2 AND (name = ?1 OR CAST(id AS TEXT) = ?1) ORDER BY name = ?1 DESC LIMIT 1",
                params![id_or_name, purpose.as_str()],
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
    ) -> super::Result<bool> {
        let n = self.conn().execute(
            "INSERT OR IGNORE INTO webhook_deliveries (delivery_id, received_at, ticket_id, outcome) VALUES (?1, ?2, ?3, ?4)",
            params![delivery_id, now_text(), ticket_id, outcome],
        )?;
        Ok(n > 0)
    }

    pub fn webhook_delivery_seen(&self, delivery_id: &str) -> super::Result<bool> {
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
    pub fn prune_webhook_deliveries(&self, hours: u32) -> super::Result<usize> {
        let cutoff = ts_text(chrono::Utc::now() - chrono::Duration::hours(i64::from(hours)));
        Ok(self.conn().execute(
            "DELETE FROM webhook_deliveries WHERE received_at < ?1",
            [cutoff],
        )?)
    }

    /// Write accepted delivery ids in one transaction (already-known ids are ignored).
    pub fn insert_deliveries(&mut self, rows: &[DeliveryRow]) -> super::Result<()> {
        let tx = self.conn_mut().transaction()?;
        {
            let mut stmt = tx.prepare_cached(
                "INSERT OR IGNORE INTO webhook_deliveries (delivery_id, received_at, ticket_id, outcome)
                 VALUES (?1, ?2, ?3, 'accepted')",
            )?;
            for d in rows {
                stmt.execute(params![d.id, ts_text(d.received_at), d.ticket_id])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Delivery ids received within the last `hours`, for the daemon's memory.
    pub fn recent_delivery_ids(&self, hours: u32) -> super::Result<Vec<String>> {
        let cutoff = ts_text(chrono::Utc::now() - chrono::Duration::hours(i64::from(hours)));
        let mut stmt = self.conn().prepare(
            "SELECT delivery_id FROM webhook_deliveries WHERE received_at >= ?1 ORDER BY received_at",
        )?;
        let rows = stmt.query_map([cutoff], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }
}

/// An accepted webhook delivery, as the daemon writes it behind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryRow {
    pub id: String,
    pub ticket_id: i64,
    pub received_at: chrono::DateTime<chrono::Utc>,
}
