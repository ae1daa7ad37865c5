//! The Zammad side of a mapping, by kind: a stored or typed `source_key` read once into its
//! type (the store's rows, `mapping add/remove/import`, a plan's recorded inputs), so the
//! rest of the code never builds or splits key strings.

use super::mapping_key::{CustomerKey, MappingKey};
use super::model::Mappings;
use crate::ids::{ActivityTypeId, ZammadUserId};
use crate::store::MappingKind;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MappingSource {
    /// Zammad time accounting type → Kimai activity.
    Activity(ActivityTypeId),
    /// Zammad organization (or none) → Kimai customer.
    Customer(CustomerKey),
    /// Zammad ticket or organization → Kimai project.
    Project(MappingKey),
    /// Zammad user → Kimai user.
    User(ZammadUserId),
}

/// A `source_key` that is not what its kind of mapping takes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{key}` is not {expected}", expected = MappingSource::expected(*.kind))]
pub struct BadSourceKey {
    pub kind: MappingKind,
    pub key: String,
}

impl MappingSource {
    /// The text form of `kind`'s keys (trimmed, `none`/prefixes in any case, ids positive).
    pub fn parse(kind: MappingKind, text: &str) -> Result<MappingSource, BadSourceKey> {
        let bad = || BadSourceKey {
            kind,
            key: text.to_string(),
        };
        let id = || {
            text.trim()
                .parse::<i64>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(bad)
        };
        Ok(match kind {
            MappingKind::Activity => MappingSource::Activity(ActivityTypeId(id()?)),
            MappingKind::Customer => MappingSource::Customer(text.parse().map_err(|_| bad())?),
            MappingKind::Project => MappingSource::Project(text.parse().map_err(|_| bad())?),
            MappingKind::User => MappingSource::User(ZammadUserId(id()?)),
        })
    }

    /// What `kind`'s keys look like, for messages.
    pub fn expected(kind: MappingKind) -> &'static str {
        match kind {
            MappingKind::Activity => "a Zammad time accounting type id",
            MappingKind::Customer => "a Zammad organization id (or `none`)",
            MappingKind::Project => "`ticket:<id>` or `org:<id>`",
            MappingKind::User => "a Zammad user id",
        }
    }

    pub fn kind(self) -> MappingKind {
        match self {
            MappingSource::Activity(_) => MappingKind::Activity,
            MappingSource::Customer(_) => MappingKind::Customer,
            MappingSource::Project(_) => MappingKind::Project,
            MappingSource::User(_) => MappingKind::User,
        }
    }

    /// The Kimai id it is mapped to in `m`, if any.
    pub fn target(self, m: &Mappings) -> Option<i64> {
        match self {
            MappingSource::Activity(t) => m.activity.get(&t).map(|a| a.0),
            MappingSource::Customer(k) => m.customer.get(&k).map(|c| c.0),
            MappingSource::Project(k) => m.project.get(&k).map(|p| p.0),
            MappingSource::User(u) => m.user.get(&u).map(|u| u.0),
        }
    }
}

/// The key as stored (`source_key`), without the kind.
impl fmt::Display for MappingSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MappingSource::Activity(t) => t.fmt(f),
            MappingSource::Customer(k) => k.fmt(f),
            MappingSource::Project(k) => k.fmt(f),
            MappingSource::User(u) => u.fmt(f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_keys_round_trip() {
        for (kind, text) in [
            (MappingKind::Activity, "3"),
            (MappingKind::Customer, "12"),
            (MappingKind::Customer, "none"),
            (MappingKind::Project, "ticket:42"),
            (MappingKind::Project, "org:12"),
            (MappingKind::Project, "org:none"),
            (MappingKind::User, "7"),
        ] {
            let source = MappingSource::parse(kind, text).unwrap();
            assert_eq!(source.kind(), kind);
            assert_eq!(source.to_string(), text);
        }
    }

    #[test]
    fn typed_forms_are_stored_plainly() {
        for (kind, typed, stored) in [
            (MappingKind::Activity, " 3 ", "3"),
            (MappingKind::Customer, "None", "none"),
            (MappingKind::Customer, " 12", "12"),
            (MappingKind::Project, "Ticket: 42", "ticket:42"),
            (MappingKind::User, "+7", "7"),
        ] {
            let source = MappingSource::parse(kind, typed).unwrap();
            assert_eq!(source.to_string(), stored, "{kind} {typed}");
        }
    }

    #[test]
    fn rejects_keys_of_another_kind_or_garbled() {
        for (kind, text) in [
            (MappingKind::Activity, "none"),
            (MappingKind::Activity, "0"),
            (MappingKind::Activity, "ticket:4"),
            (MappingKind::Customer, "org:12"),
            (MappingKind::Customer, "-1"),
            (MappingKind::Customer, ""),
            (MappingKind::Project, "12"),
            (MappingKind::Project, "none"),
            (MappingKind::User, "none"),
            (MappingKind::User, "bob"),
        ] {
            let err = MappingSource::parse(kind, text).unwrap_err();
            assert_eq!(
                err,
                BadSourceKey {
                    kind,
                    key: text.to_string()
                }
            );
        }
        assert_eq!(
            MappingSource::parse(MappingKind::Customer, "org:12")
                .unwrap_err()
                .to_string(),
            "`org:12` is not a Zammad organization id (or `none`)"
        );
    }

    #[test]
    fn finds_its_target_in_the_mappings() {
        use crate::ids::*;
        let mut m = Mappings::default();
        m.activity.insert(ActivityTypeId(3), KimaiActivityId(30));
        m.customer.insert(CustomerKey(None), KimaiCustomerId(40));
        m.project
            .insert(MappingKey::Ticket(TicketId(5)), KimaiProjectId(50));
        m.user.insert(ZammadUserId(7), KimaiUserId(70));
        let target = |kind, text| MappingSource::parse(kind, text).unwrap().target(&m);
        assert_eq!(target(MappingKind::Activity, "3"), Some(30));
        assert_eq!(target(MappingKind::Customer, "none"), Some(40));
        assert_eq!(target(MappingKind::Customer, "3"), None);
        assert_eq!(target(MappingKind::Project, "ticket:5"), Some(50));
        assert_eq!(target(MappingKind::Project, "org:5"), None);
        assert_eq!(target(MappingKind::User, "7"), Some(70));
    }
}
