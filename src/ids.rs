//! Newtypes for identifiers so a Zammad id is never passed where a Kimai id belongs.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(/// Row id of a configured connector in the store.
    ConnectorId);
id_type!(/// Zammad time accounting entry id.
    ZammadEntryId);
id_type!(/// Zammad ticket id (not the ticket *number*).
    TicketId);
id_type!(/// Zammad user id.
    ZammadUserId);
id_type!(/// Zammad organization id.
    OrganizationId);
id_type!(/// Zammad time accounting type id.
    ActivityTypeId);
id_type!(/// Kimai timesheet id.
    KimaiTimesheetId);
id_type!(/// Kimai customer id.
    KimaiCustomerId);
id_type!(/// Kimai project id.
    KimaiProjectId);
id_type!(/// Kimai activity id.
    KimaiActivityId);
id_type!(/// Kimai user id.
    KimaiUserId);
