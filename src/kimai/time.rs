//! Kimai datetime formats: output `Y-m-d\TH:i:sO` (`+0200`, no colon), input the HTML5 local
//! form `YYYY-MM-DDTHH:mm:ss` without an offset.

use chrono::{DateTime, FixedOffset, NaiveDateTime};

/// HTML5 local datetime (no offset), as Kimai expects for `begin`/`end` input and filters.
pub(crate) fn format_local(dt: NaiveDateTime) -> String {
    dt.format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// Error parsing a Kimai datetime.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid Kimai datetime {input:?}: expected e.g. 2024-05-02T09:00:00+0200")]
pub(crate) struct DateTimeParseError {
    pub input: String,
}

/// Parse `2024-05-02T09:00:00+0200` (Kimai's format) or RFC 3339 (`+02:00`, `Z`).
pub(crate) fn parse_kimai_datetime(s: &str) -> Result<DateTime<FixedOffset>, DateTimeParseError> {
    let t = s.trim();
    DateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S%z")
        .or_else(|_| DateTime::parse_from_rfc3339(t))
        .or_else(|_| DateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S%.f%z"))
        .map_err(|_| DateTimeParseError {
            input: s.to_string(),
        })
}

pub(crate) mod serde_kimai_dt {
    use super::parse_kimai_datetime;
    use chrono::{DateTime, FixedOffset};
    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<DateTime<FixedOffset>, D::Error> {
        let s = String::deserialize(d)?;
        parse_kimai_datetime(&s).map_err(serde::de::Error::custom)
    }

    pub(crate) fn serialize<S: Serializer>(
        v: &DateTime<FixedOffset>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.serialize_str(&v.format("%Y-%m-%dT%H:%M:%S%z").to_string())
    }

    pub(crate) mod option {
        use super::parse_kimai_datetime;
        use chrono::{DateTime, FixedOffset};
        use serde::{Deserialize, Deserializer, Serializer};

        pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
            match Option::<String>::deserialize(d)? {
                None => Ok(None),
                Some(s) if s.trim().is_empty() => Ok(None),
                Some(s) => parse_kimai_datetime(&s)
                    .map(Some)
                    .map_err(serde::de::Error::custom),
            }
        }

        pub(crate) fn serialize<S: Serializer>(
            v: &Option<DateTime<FixedOffset>>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            match v {
                Some(v) => s.serialize_str(&v.format("%Y-%m-%dT%H:%M:%S%z").to_string()),
                None => s.serialize_none(),
            }
        }
    }
}
