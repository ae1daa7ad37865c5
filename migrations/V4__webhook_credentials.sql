-- The webhook's optional Basic/Bearer credential is a secret of its own: a header that
-- proxies may log must never carry the key that signs payloads.
ALTER TABLE webhook_secrets ADD COLUMN purpose TEXT NOT NULL DEFAULT 'signature'
    CHECK (purpose IN ('signature', 'credential'));
