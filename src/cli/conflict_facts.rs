//! What the conflicts view needs besides the conflicts: names (stored, cached or read
//! from Kimai), the pair's mappings, the marker key and the Kimai user's timezone.

use super::conflict_view::{Facts, wanted};
use super::names::{Kind, Names};
use crate::config::SyncSettings;
use crate::store::conflicts::ConflictRow;
use crate::sync::model::Mappings;
use chrono_tz::Tz;

/// Names, mappings, marker key and timezone for showing conflicts of one connector pair.
pub(super) struct Loaded {
    pub names: Names,
    pub mappings: Mappings,
    pub marker_key: Option<String>,
    pub tz: Tz,
}

impl Loaded {
    /// From the store; names still missing are read from Kimai through `kimai`.
    pub(super) fn load(
        ctx: &super::Context,
        store: &crate::store::Store,
        rows: &[ConflictRow],
        kimai: Option<&crate::kimai::KimaiClient>,
    ) -> Loaded {
        use crate::ids::ConnectorId;
        let Some(first) = rows.first() else {
            return Loaded {
                names: Names::default(),
                mappings: Mappings::default(),
                marker_key: None,
                tz: Tz::UTC,
            };
        };
        let pair = crate::store::Pair {
            zammad: ConnectorId(first.zammad_connector_id),
            kimai: ConnectorId(first.kimai_connector_id),
        };
        let mappings = store.mappings_for_pair(pair).unwrap_or_default();
        let zammad = store.connector_by_id(pair.zammad).ok().flatten();
        let kimai_row = store.connector_by_id(pair.kimai).ok().flatten();
        let marker_key = zammad.and_then(|z| z.settings.marker_key);
        let tz = kimai_row
            .and_then(|k| k.settings.timezone)
            .and_then(|t| t.parse().ok())
            .unwrap_or(Tz::UTC);
        let mut wanted: Vec<(Kind, i64)> = rows.iter().flat_map(|c| wanted(c, &mappings)).collect();
        wanted.sort_by_key(|(k, id)| (format!("{k:?}"), *id));
        wanted.dedup();
        let live = super::names::Live {
            kimai: kimai.map(|c| (pair.kimai, c)),
            zammad: None,
        };
        let names = ctx.block_on(super::names::lookup(
            store,
            Some(pair.kimai),
            Some(pair.zammad),
            &live,
            &wanted,
        ));
        Loaded {
            names,
            mappings,
            marker_key,
            tz,
        }
    }

    pub(super) fn facts<'a>(&'a self, settings: &'a SyncSettings) -> Facts<'a> {
        Facts {
            names: &self.names,
            mappings: &self.mappings,
            settings,
            marker_key: self.marker_key.as_deref(),
            tz: self.tz,
        }
    }
}
