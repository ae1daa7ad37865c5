//! Mappings as the sync engine reads and writes them: by connector pair, keyed for lookup.

use super::Store;
use super::ledger::Pair;
use super::mappings::{MappingFilter, NewMapping};
use crate::ids::{KimaiActivityId, KimaiCustomerId, KimaiProjectId, KimaiUserId};
use crate::sync::mapping_source::MappingSource;
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
            // Every writer stores keys of this form: anything else is a hand edit (or a newer
            // syncd), refused rather than taken for "not mapped".
            let source = MappingSource::parse(r.kind, &r.source_key).map_err(|_| {
                super::StoreError::UnknownValue {
                    table: "mappings",
                    column: "source_key",
                    value: r.source_key.clone(),
                }
            })?;
            match source {
                MappingSource::Activity(t) => {
                    m.activity.insert(t, KimaiActivityId(r.target_id));
                }
                MappingSource::Customer(k) => {
                    m.customer.insert(k, KimaiCustomerId(r.target_id));
                }
                MappingSource::Project(k) => {
                    m.project.insert(k, KimaiProjectId(r.target_id));
                }
                MappingSource::User(u) => {
                    m.user.insert(u, KimaiUserId(r.target_id));
                }
            }
        }
        Ok(m)
    }

    /// Store a mapping found or created by sync (or chosen while resolving a conflict).
    pub fn upsert_auto_mapping(
        &self,
        pair: Pair,
        source: MappingSource,
        source_name: Option<&str>,
        target_id: i64,
        target_name: &str,
        auto_created: bool,
    ) -> super::Result<()> {
        self.upsert_mapping(&NewMapping {
            zammad_connector_id: pair.zammad,
            kimai_connector_id: pair.kimai,
            kind: source.kind(),
            source_key: source.to_string(),
            source_name: source_name.map(str::to_string),
            target_id,
            target_name: Some(target_name.to_string()),
            auto_created,
        })?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::StoreError;
    use super::*;
    use crate::ids::{ActivityTypeId, ConnectorId, OrganizationId, TicketId, ZammadUserId};
    use crate::store::MappingKind;
    use crate::sync::mapping_key::{CustomerKey, MappingKey};

    fn store(dir: &tempfile::TempDir) -> Store {
        let store = Store::open(&dir.path().join("db")).unwrap();
        // Mappings only, no connectors behind them.
        store
            .raw()
            .execute_batch("PRAGMA foreign_keys = OFF")
            .unwrap();
        store
    }

    const PAIR: Pair = Pair {
        zammad: ConnectorId(1),
        kimai: ConnectorId(2),
    };

    #[test]
    fn mappings_stored_by_sync_are_read_back_by_their_keys() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(&dir);
        let put = |source, target| {
            store
                .upsert_auto_mapping(PAIR, source, None, target, "x", false)
                .unwrap()
        };
        put(MappingSource::Activity(ActivityTypeId(3)), 30);
        put(MappingSource::Customer(CustomerKey(None)), 40);
        put(
            MappingSource::Customer(CustomerKey(Some(OrganizationId(12)))),
            41,
        );
        put(MappingSource::Project(MappingKey::Ticket(TicketId(5))), 50);
        put(MappingSource::Project(MappingKey::Organization(None)), 51);
        put(MappingSource::User(ZammadUserId(7)), 70);

        // The text forms stay what stores always held.
        let keys: Vec<(MappingKind, String)> = store
            .list_mappings(&MappingFilter::default())
            .unwrap()
            .into_iter()
            .map(|r| (r.kind, r.source_key))
            .collect();
        let text = |k, s: &str| (k, s.to_string());
        assert_eq!(
            keys,
            vec![
                text(MappingKind::Activity, "3"),
                text(MappingKind::Customer, "12"),
                text(MappingKind::Customer, "none"),
                text(MappingKind::Project, "org:none"),
                text(MappingKind::Project, "ticket:5"),
                text(MappingKind::User, "7"),
            ]
        );

        let m = store.mappings_for_pair(PAIR).unwrap();
        assert_eq!(m.activity[&ActivityTypeId(3)].0, 30);
        assert_eq!(m.customer[&CustomerKey(None)].0, 40);
        assert_eq!(m.customer[&CustomerKey(Some(OrganizationId(12)))].0, 41);
        assert_eq!(m.project[&MappingKey::Ticket(TicketId(5))].0, 50);
        assert_eq!(m.project[&MappingKey::Organization(None)].0, 51);
        assert_eq!(m.user[&ZammadUserId(7)].0, 70);
    }

    #[test]
    fn a_garbled_stored_key_is_refused_by_name() {
        for (kind, key) in [
            (MappingKind::Customer, "org:12"),
            (MappingKind::Customer, "nobody"),
            (MappingKind::Activity, "none"),
            (MappingKind::Project, "12"),
            (MappingKind::User, "-4"),
        ] {
            let dir = tempfile::tempdir().unwrap();
            let store = store(&dir);
            // As a hand edit (or another version of syncd) leaves it.
            store
                .upsert_mapping(&NewMapping {
                    zammad_connector_id: PAIR.zammad,
                    kimai_connector_id: PAIR.kimai,
                    kind,
                    source_key: key.to_string(),
                    source_name: None,
                    target_id: 9,
                    target_name: None,
                    auto_created: false,
                })
                .unwrap();
            let err = store.mappings_for_pair(PAIR).unwrap_err();
            assert!(
                matches!(&err, StoreError::UnknownValue { table: "mappings", column: "source_key", value } if value == key),
                "{kind} {key}: {err}"
            );
            assert_eq!(
                err.to_string(),
                format!(
                    "the store's mappings.source_key holds `{key}`, which this version of syncd \
                     does not know"
                )
            );
        }
    }
}
