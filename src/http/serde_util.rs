//! Serde helpers shared by the Zammad and Kimai models.

use serde::{Deserialize, Deserializer};

/// `null` → empty string.
pub(crate) fn null_as_empty<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

/// `null` → false.
pub(crate) fn null_as_false<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(Option::<bool>::deserialize(d)?.unwrap_or_default())
}

#[derive(Deserialize)]
#[serde(untagged)]
enum StrOrNum {
    S(String),
    N(serde_json::Number),
}

/// A decimal given as a JSON string (kept verbatim) or number (its string form).
pub(crate) fn decimal_string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match StrOrNum::deserialize(d)? {
        StrOrNum::S(s) => Ok(s),
        StrOrNum::N(n) => Ok(n.to_string()),
    }
}

/// Optional version of [`decimal_string`].
pub(crate) fn opt_decimal_string<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<String>, D::Error> {
    Ok(Option::<StrOrNum>::deserialize(d)?.map(|v| match v {
        StrOrNum::S(s) => s,
        StrOrNum::N(n) => n.to_string(),
    }))
}

/// Empty string or null → None.
pub(crate) fn empty_as_none<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Option::<String>::deserialize(d)?.filter(|s| !s.is_empty()))
}
