//! Names, numbers, references and descriptions syncd gives what it makes in Kimai.

use super::*;

/// Kimai refuses `< > " =` in names, and wants 2..=150 characters.
pub(crate) fn kimai_name(raw: &str) -> String {
    let cleaned: String = raw
        .chars()
        .map(|c| {
            if matches!(c, '<' | '>' | '"' | '=') || c.is_control() {
                ' '
            } else {
                c
            }
        })
        .collect();
    let mut name = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.chars().count() > 150 {
        name = name.chars().take(149).collect::<String>() + "…";
    }
    while name.chars().count() < 2 {
        name.push('_');
    }
    name
}

/// `Kimai customer `Acme` (id 5)`, for refusals.
pub(super) fn item_label(kind: &'static str) -> impl Fn(&CatalogItem) -> String {
    move |c: &CatalogItem| format!("Kimai {kind} `{}` (id {})", c.name, c.id)
}

/// A conflict's detail, plus why a match by name or email was refused.
pub(super) fn with_refusal(what: String, refused: Option<String>) -> String {
    match refused {
        Some(why) => format!("{what} ({why})"),
        None => what,
    }
}

/// `[zammad-org-<key>-<id>]`-style reference tokens kept in Kimai comments.
pub(crate) fn reference(kind: &str, key: &str, id: &str) -> String {
    format!("[zammad-{kind}-{key}-{id}]")
}

/// Kimai customer numbers are unique (CustomerValidator) and at most 50 characters: the
/// Zammad instance is part of the number, so two instances sharing one Kimai do not
/// collide on `ZAM-<org id>`. A long instance key is shortened with a hash of it.
pub(crate) fn customer_number(key: &str, org: &str) -> String {
    let full = format!("ZAM-{key}-{org}");
    if full.chars().count() <= 50 {
        return full;
    }
    use sha1::{Digest, Sha1};
    let digest = Sha1::digest(key.as_bytes());
    let hash: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
    let room = 50usize.saturating_sub("ZAM---".len() + hash.len() + org.chars().count());
    let head: String = key.chars().take(room).collect();
    format!("ZAM-{head}-{hash}-{org}")
}

pub(crate) fn description(entry: &SourceEntry, key: &str) -> String {
    let mut d = format!(
        "{} #{} {}",
        marker::bracketed(key, entry.id),
        entry.ticket_number,
        entry.ticket_title.trim()
    );
    if !entry.ticket_url.is_empty() {
        d.push('\n');
        d.push_str(&entry.ticket_url);
    }
    d
}
