//! What a project mapping maps: one Zammad ticket or one organization. Stored in SQLite
//! and typed by people as `ticket:<id>` / `org:<id>` (`org:none` for tickets without an
//! organization), so the text form is fixed; everything else handles the enum.
//! [`CustomerKey`] does the same for customer mappings (`<organization id>` / `none`).

use super::model::SourceEntry;
use crate::config::ProjectPolicy;
use crate::ids::{OrganizationId, TicketId};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MappingKey {
    Ticket(TicketId),
    /// `None`: the tickets without an organization (`sync.no_organization_customer`).
    Organization(Option<OrganizationId>),
}

impl MappingKey {
    /// The key an entry's project is mapped under; none for `fixed` (one project for all).
    pub fn of(e: &SourceEntry, policy: ProjectPolicy) -> Option<MappingKey> {
        match policy {
            ProjectPolicy::PerTicket => Some(MappingKey::Ticket(e.ticket)),
            ProjectPolicy::PerCustomer => Some(MappingKey::Organization(e.organization)),
            ProjectPolicy::Fixed => None,
        }
    }

    /// `ticket` or `org`: the word before the colon, also used in Kimai references.
    pub fn prefix(self) -> &'static str {
        match self {
            MappingKey::Ticket(_) => "ticket",
            MappingKey::Organization(_) => "org",
        }
    }

    /// The part after the colon: an id, or `none`.
    pub fn id_text(self) -> String {
        match self {
            MappingKey::Ticket(t) => t.to_string(),
            MappingKey::Organization(Some(o)) => o.to_string(),
            MappingKey::Organization(None) => "none".to_string(),
        }
    }
}

impl fmt::Display for MappingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.prefix(), self.id_text())
    }
}

/// Not `ticket:<id>`, `org:<id>` or `org:none` (ids are positive).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not `ticket:<id>` or `org:<id>`")]
pub struct BadMappingKey(pub String);

impl FromStr for MappingKey {
    type Err = BadMappingKey;

    /// The prefix in any case, spaces around the id allowed (as `mapping add` always took).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadMappingKey(s.to_string());
        let (prefix, rest) = s.trim().split_once(':').ok_or_else(bad)?;
        let rest = rest.trim();
        let id = || rest.parse::<i64>().ok().filter(|n| *n > 0).ok_or_else(bad);
        match prefix.to_ascii_lowercase().as_str() {
            "ticket" => Ok(MappingKey::Ticket(TicketId(id()?))),
            "org" if rest.eq_ignore_ascii_case("none") => Ok(MappingKey::Organization(None)),
            "org" => Ok(MappingKey::Organization(Some(OrganizationId(id()?)))),
            _ => Err(bad()),
        }
    }
}

/// What a customer mapping maps: one Zammad organization, or (`None`) the tickets without
/// one (`sync.no_organization_customer`). Stored and typed as `<organization id>` / `none`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CustomerKey(pub Option<OrganizationId>);

impl CustomerKey {
    /// The key an entry's customer is mapped under.
    pub fn of(e: &SourceEntry) -> CustomerKey {
        CustomerKey(e.organization)
    }
}

impl fmt::Display for CustomerKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(o) => write!(f, "{o}"),
            None => f.write_str("none"),
        }
    }
}

/// Not a positive organization id or `none`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a Zammad organization id or `none`")]
pub struct BadCustomerKey(pub String);

impl FromStr for CustomerKey {
    type Err = BadCustomerKey;

    /// `none` in any case, spaces around allowed (as `mapping add` always took).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.trim();
        if text.eq_ignore_ascii_case("none") {
            return Ok(CustomerKey(None));
        }
        text.parse::<i64>()
            .ok()
            .filter(|n| *n > 0)
            .map(|n| CustomerKey(Some(OrganizationId(n))))
            .ok_or_else(|| BadCustomerKey(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_form_round_trips() {
        for text in ["ticket:42", "org:12", "org:none"] {
            let key: MappingKey = text.parse().unwrap();
            assert_eq!(key.to_string(), text);
        }
        assert_eq!(
            "TICKET: 42".parse::<MappingKey>(),
            Ok(MappingKey::Ticket(TicketId(42)))
        );
        assert_eq!(
            "Org:None".parse::<MappingKey>(),
            Ok(MappingKey::Organization(None))
        );
    }

    #[test]
    fn rejects_what_is_no_key() {
        for text in [
            "42",
            "ticket:",
            "ticket:0",
            "ticket:-3",
            "org:x",
            "project:5",
            "ticket:none",
        ] {
            assert!(text.parse::<MappingKey>().is_err(), "{text}");
        }
    }

    #[test]
    fn customer_key_text_form_round_trips() {
        for text in ["12", "none"] {
            let key: CustomerKey = text.parse().unwrap();
            assert_eq!(key.to_string(), text);
        }
        assert_eq!(" NONE ".parse::<CustomerKey>(), Ok(CustomerKey(None)));
        assert_eq!(
            " 7".parse::<CustomerKey>(),
            Ok(CustomerKey(Some(OrganizationId(7))))
        );
    }

    #[test]
    fn customer_key_rejects_what_is_no_key() {
        for text in ["", "0", "-3", "org:12", "org:none", "x", "1.5", "none1"] {
            assert_eq!(
                text.parse::<CustomerKey>(),
                Err(BadCustomerKey(text.to_string())),
                "{text}"
            );
        }
    }
}
