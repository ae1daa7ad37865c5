//! Mappings as the sync engine reads and writes them: by connector pair, keyed for lookup.

use super::Store;
use super::ledger::Pair;
use super::mappings::{MappingFilter, MappingKind, NewMapping};
use crate::ids::{KimaiActivityId, KimaiCustomerId, KimaiProjectId, KimaiUserId};
use crate::sync::model::Mappings;

impl Store {
    /// Every mapping of a pair, as lookup tables.
    pub fn mappings_for_pair(&self, pair: Pair) -> super::Result<Mappings> {
        let rows = self.list_mappings(&MappingFilter {
            zammad_connector_id: Some(pair.zammad),
            kimai_connector_id: Some(pair.kimai),
            kind: None,
        })?;
        let mut m = Mappings::default();
        for r in rows {
            match r.kind {
                MappingKind::Activity => {
                    if let Ok(k) = r.source_key.parse() {
                        m.activity.insert(k, KimaiActivityId(r.target_id));
                    }
                }
                MappingKind::Customer => {
                    m.customer
                        .insert(r.source_key, KimaiCustomerId(r.target_id));
                }
                // A key that is no `ticket:<id>`/`org:<id>` could never match an entry.
                MappingKind::Project => {
                    if let Ok(k) = r.source_key.parse() {
                        m.project.insert(k, KimaiProjectId(r.target_id));
                    }
                }
                MappingKind::User => {
                    if let Ok(k) = r.source_key.parse() {
                        m.user.insert(k, KimaiUserId(r.target_id));
                    }
                }
            }
        }
        Ok(m)
    }

    /// Store a mapping found or created by sync (or chosen while resolving a conflict).
    #[allow(clippy::too_many_arguments)]
    pub fn upsert_auto_mapping(
        &self,
        pair: Pair,
        kind: &str,
        source_key: &str,
        source_name: Option<&str>,
        target_id: i64,
        target_name: &str,
        auto_created: bool,
    ) -> super::Result<()> {
        let kind = MappingKind::parse(kind)
            .ok_or_else(|| super::StoreError::Missing(format!("unknown mapping kind `{kind}`")))?;
        self.upsert_mapping(&NewMapping {
            zammad_connector_id: pair.zammad,
            kimai_connector_id: pair.kimai,
            kind,
            source_key: source_key.to_string(),
            source_name: source_name.map(str::to_string),
            target_id,
            target_name: Some(target_name.to_string()),
            auto_created,
        })?;
        Ok(())
    }
}
