//! Zammad response models. Unknown fields are ignored (newer versions add keys).

use crate::http::serde_util::{decimal_string, empty_as_none, null_as_empty, opt_decimal_string};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One time accounting entry. `time_unit` is the exact decimal string (`"15.0"`, `"1.5"`);
/// it has no unit of its own.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct TimeAccounting {
    pub id: i64,
    pub ticket_id: i64,
    #[serde(default)]
    pub ticket_article_id: Option<i64>,
    #[serde(deserialize_with = "decimal_string")]
    pub time_unit: String,
    #[serde(default)]
    pub type_id: Option<i64>,
    pub created_by_id: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TimeAccounting {
    /// `time_unit` as an exact decimal.
    pub fn time_unit_decimal(&self) -> Option<rust_decimal::Decimal> {
        self.time_unit.trim().parse().ok()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Ticket {
    pub id: i64,
    /// Ticket number as shown to people (a string, e.g. `"77001"`).
    pub number: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub title: String,
    #[serde(default)]
    pub organization_id: Option<i64>,
    pub customer_id: i64,
    pub owner_id: i64,
    pub group_id: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Sum of all entries (decimal string) or `None` when there are none.
    #[serde(default, deserialize_with = "opt_decimal_string")]
    pub time_unit: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct User {
    pub id: i64,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub login: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub firstname: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub lastname: String,
    /// `None` when Zammad sends `""` or `null`.
    #[serde(default, deserialize_with = "empty_as_none")]
    pub email: Option<String>,
    #[serde(default)]
    pub organization_id: Option<i64>,
    #[serde(default)]
    pub active: bool,
}

impl User {
    /// "First Last", falling back to the login, then the email, then `user #<id>`.
    /// The system user (`login "-"`) shows as `-`.
    pub fn display_name(&self) -> String {
        let full = format!("{} {}", self.firstname.trim(), self.lastname.trim());
        let full = full.trim();
        if !full.is_empty() {
            return full.to_string();
        }
        if !self.login.trim().is_empty() {
            return self.login.trim().to_string();
        }
        if let Some(e) = &self.email {
            return e.clone();
        }
        format!("user #{}", self.id)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Organization {
    pub id: i64,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub name: String,
    #[serde(default)]
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct TimeAccountingType {
    pub id: i64,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub name: String,
    #[serde(default)]
    pub active: bool,
}
