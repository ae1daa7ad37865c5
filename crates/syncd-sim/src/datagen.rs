//! Seedable, deterministic test data: organizations, agents, tickets, activity types and
//! time accounting entries for the Zammad sim, plus matching Kimai users (same email).

use chrono::{DateTime, Duration, DurationRound, Utc};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use super::kimai::KimaiSim;
use super::zammad::{NewEntry, SimOrganization, SimTicket, SimType, SimUser, ZammadSim};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DatasetSize {
    pub entries: usize,
    pub tickets: usize,
    pub organizations: usize,
    pub agents: usize,
    pub types: usize,
}

impl Default for DatasetSize {
    fn default() -> Self {
        DatasetSize {
            entries: 200,
            tickets: 40,
            organizations: 5,
            agents: 4,
            types: 3,
        }
    }
}

/// A Kimai user matching a Zammad agent by email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KimaiUserSpec {
    pub id: i64,
    pub username: String,
    pub email: String,
    pub timezone: String,
}

#[derive(Debug, Clone)]
pub struct Dataset {
    pub organizations: Vec<SimOrganization>,
    /// Agents: ids `2..`, emails `agent<N>@example.com` (N from 1).
    pub agents: Vec<SimUser>,
    /// Ticket customers (one per organization plus one without organization).
    pub customers: Vec<SimUser>,
    pub tickets: Vec<SimTicket>,
    pub types: Vec<SimType>,
    /// Sorted by `created_at`, so entry ids grow with time once loaded.
    pub entries: Vec<NewEntry>,
    pub kimai_users: Vec<KimaiUserSpec>,
}

const UNITS: [&str; 14] = [
    "5.0", "10.0", "15.0", "15.0", "15.0", "20.0", "30.0", "30.0", "45.0", "60.0", "60.0", "90.0",
    "120.0", "7.5",
];
const WORDS: [&str; 12] = [
    "Printer", "offline", "VPN", "broken", "Invoice", "question", "Mailbox", "full", "Laptop",
    "slow", "Backup", "failed",
];

impl Dataset {
    /// Anchored at the current hour: same seed → same data relative to now.
    pub fn generate(seed: u64, size: DatasetSize) -> Dataset {
        let now = Utc::now();
        let anchor = now.duration_trunc(Duration::hours(1)).unwrap_or(now);
        Dataset::generate_at(seed, size, anchor)
    }

    /// Fully deterministic: entries spread over the 60 days before `anchor`.
    pub fn generate_at(seed: u64, size: DatasetSize, anchor: DateTime<Utc>) -> Dataset {
        let mut rng = StdRng::seed_from_u64(seed);
        let start = anchor - Duration::days(60);
        let organizations: Vec<SimOrganization> = (1..=size.organizations as i64)
            .map(|i| SimOrganization {
                id: i,
                name: format!("Customer {i} GmbH"),
                created_at: start - Duration::days(30),
            })
            .collect();
        let user =
            |id: i64, first: String, last: String, email: String, org: Option<i64>| SimUser {
                id,
                login: email.clone(),
                firstname: first,
                lastname: last,
                email,
                organization_id: org,
                active: true,
                created_at: start - Duration::days(30),
            };
        let agents: Vec<SimUser> = (1..=size.agents as i64)
            .map(|n| {
                user(
                    1 + n,
                    "Agent".into(),
                    n.to_string(),
                    format!("agent{n}@example.com"),
                    None,
                )
            })
            .collect();
        let mut customers: Vec<SimUser> = organizations
            .iter()
            .map(|o| {
                user(
                    1000 + o.id,
                    "Customer".into(),
                    o.id.to_string(),
                    format!("customer{}@example.com", o.id),
                    Some(o.id),
                )
            })
            .collect();
        customers.push(user(
            1000,
            "Private".into(),
            "Person".into(),
            "private@example.com".into(),
            None,
        ));
        let types: Vec<SimType> = (1..=size.types as i64)
            .map(|i| SimType {
                id: i,
                name: format!("Activity {i}"),
                active: true,
                created_at: start - Duration::days(30),
            })
            .collect();
        let tickets: Vec<SimTicket> = (1..=size.tickets as i64)
            .map(|i| {
                // Every 7th ticket (and all, if there are no organizations) has no organization.
                let org = if i % 7 == 0 || organizations.is_empty() {
                    None
                } else {
                    Some(rng.random_range(1..=organizations.len() as i64))
                };
                let title = format!(
                    "{} {}",
                    WORDS[rng.random_range(0..WORDS.len())],
                    WORDS[rng.random_range(0..WORDS.len())]
                );
                let created = start - Duration::minutes(rng.random_range(60..60 * 24 * 3));
                SimTicket {
                    id: i,
                    number: (31000 + i).to_string(),
                    title,
                    group_id: 1,
                    organization_id: org,
                    customer_id: org.map_or(1000, |o| 1000 + o),
                    owner_id: if agents.is_empty() {
                        1
                    } else {
                        2 + (i % agents.len() as i64)
                    },
                    state_id: 2,
                    priority_id: 2,
                    created_at: created,
                    updated_at: created,
                }
            })
            .collect();
        let mut entries: Vec<NewEntry> = (0..size.entries)
            .map(|_| {
                let ms = rng.random_range(0..60 * 24 * 3600 * 1000_i64);
                NewEntry {
                    ticket_id: if tickets.is_empty() {
                        1
                    } else {
                        rng.random_range(1..=tickets.len() as i64)
                    },
                    time_unit: UNITS[rng.random_range(0..UNITS.len())].to_string(),
                    type_id: if types.is_empty() || rng.random_bool(0.1) {
                        None
                    } else {
                        Some(rng.random_range(1..=types.len() as i64))
                    },
                    created_by_id: if agents.is_empty() {
                        1
                    } else {
                        2 + rng.random_range(0..agents.len() as i64)
                    },
                    created_at: Some(start + Duration::milliseconds(ms)),
                }
            })
            .collect();
        entries.sort_by_key(|e| e.created_at);
        let kimai_users = (1..=size.agents as i64)
            .map(|n| KimaiUserSpec {
                id: 10 + n,
                username: format!("agent{n}"),
                email: format!("agent{n}@example.com"),
                timezone: "Europe/Berlin".into(),
            })
            .collect();
        Dataset {
            organizations,
            agents,
            customers,
            tickets,
            types,
            entries,
            kimai_users,
        }
    }

    /// Load everything into the Zammad sim, and the matching users into the Kimai sim.
    /// Returns the new entry ids in order.
    pub fn load_into(&self, zammad: &ZammadSim, kimai: &KimaiSim) -> Vec<i64> {
        self.load_into_zammad(zammad);
        for u in &self.kimai_users {
            kimai.add_user(u.id, &u.username, &u.email, &u.timezone);
        }
        zammad.entries().iter().map(|e| e.id).collect()
    }

    pub fn load_into_zammad(&self, zammad: &ZammadSim) {
        for o in &self.organizations {
            zammad.add_organization(o.id, &o.name);
        }
        for u in self.agents.iter().chain(&self.customers) {
            zammad.add_user(u.clone());
        }
        for t in &self.types {
            zammad.add_type(t.id, &t.name);
        }
        for t in &self.tickets {
            zammad.add_ticket(t.clone());
        }
        for e in &self.entries {
            zammad.add_entry(e.clone());
        }
    }
}
