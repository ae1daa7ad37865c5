//! Zammad sim data types (public, for test-side access).

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

/// One time accounting entry (`ticket_time_accountings` row).
#[derive(Debug, Clone, PartialEq)]
pub struct SimEntry {
    pub id: i64,
    pub ticket_id: i64,
    pub ticket_article_id: Option<i64>,
    pub time_unit: Decimal,
    pub type_id: Option<i64>,
    pub created_by_id: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Input of [`ZammadSim::add_entry`]. `time_unit` is a decimal string like `"15.0"`.
#[derive(Debug, Clone)]
pub struct NewEntry {
    pub ticket_id: i64,
    pub time_unit: String,
    pub type_id: Option<i64>,
    pub created_by_id: i64,
    /// `None` = now. `updated_at` starts equal to `created_at`.
    pub created_at: Option<DateTime<Utc>>,
}

/// Changes for [`ZammadSim::update_entry`]; `None` = keep. Any change bumps `updated_at`.
#[derive(Debug, Clone, Default)]
pub struct EntryChange {
    pub time_unit: Option<String>,
    /// `Some(None)` clears the type.
    pub type_id: Option<Option<i64>>,
    pub ticket_id: Option<i64>,
    /// `None` = now.
    pub updated_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SimTicket {
    pub id: i64,
    pub number: String,
    pub title: String,
    pub group_id: i64,
    pub organization_id: Option<i64>,
    pub customer_id: i64,
    pub owner_id: i64,
    pub state_id: i64,
    pub priority_id: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SimUser {
    pub id: i64,
    pub login: String,
    pub firstname: String,
    pub lastname: String,
    pub email: String,
    pub organization_id: Option<i64>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SimOrganization {
    pub id: i64,
    pub name: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SimType {
    pub id: i64,
    pub name: String,
    pub active: bool,
    pub created_at: DateTime<Utc>,
}
