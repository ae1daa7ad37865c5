//! The marker ties a Kimai timesheet to one Zammad entry of one Zammad instance. One token,
//! no spaces or colons (Kimai's `term` search splits on spaces and reads `a:b` as a
//! meta-field search), in brackets so `…-81` never matches inside `…-812`.

use crate::ids::ZammadEntryId;

/// The slug of a Zammad base URL that makes markers unique per instance and stable across
/// a lost store (it is derived, not stored-only).
pub fn marker_key_for_url(base_url: &str) -> String {
    let rest = base_url
        .split_once("://")
        .map(|(_, r)| r)
        .unwrap_or(base_url);
    let mut key = String::new();
    for c in rest.trim_end_matches('/').chars() {
        if c.is_ascii_alphanumeric() {
            key.push(c.to_ascii_lowercase());
        } else if !key.ends_with('-') {
            key.push('-');
        }
    }
    key.trim_matches('-').to_string()
}

/// `zammad-ta-<key>-<entry id>`: what is searched with Kimai's `term`.
pub fn token(key: &str, entry: ZammadEntryId) -> String {
    format!("zammad-ta-{key}-{entry}")
}

/// The marker as it stands in a description: `[zammad-ta-<key>-<id>]`.
pub fn bracketed(key: &str, entry: ZammadEntryId) -> String {
    format!("[{}]", token(key, entry))
}

/// The prefix shared by every marker of one Zammad instance (for `term` listing).
pub fn prefix(key: &str) -> String {
    format!("zammad-ta-{key}-")
}

/// Entry ids of every marker of `key` found in a description.
pub fn find(description: &str, key: &str) -> Vec<ZammadEntryId> {
    let open = format!("[{}", prefix(key));
    let mut out = Vec::new();
    let mut rest = description;
    while let Some(pos) = rest.find(&open) {
        let after = &rest[pos + open.len()..];
        if let Some(end) = after.find(']')
            && let Ok(id) = after[..end].parse::<i64>()
        {
            out.push(ZammadEntryId(id));
        }
        rest = &rest[pos + open.len()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_is_a_slug_of_the_url() {
        assert_eq!(
            marker_key_for_url("https://Helpdesk.Example.com/"),
            "helpdesk-example-com"
        );
        assert_eq!(
            marker_key_for_url("http://127.0.0.1:43121"),
            "127-0-0-1-43121"
        );
        assert_eq!(marker_key_for_url("https://x.org/zammad"), "x-org-zammad");
        // `connector add` keys the URL as parsed: default port and case normalised away.
        let parsed = url::Url::parse("https://Helpdesk.Example.com:443/zammad/").unwrap();
        assert_eq!(
            marker_key_for_url(parsed.as_str()),
            "helpdesk-example-com-zammad"
        );
    }

    #[test]
    fn finds_exact_markers_only() {
        let d = "[zammad-ta-h-812] #1001 Printer\n[zammad-ta-other-81] [zammad-ta-h-81x]";
        assert_eq!(find(d, "h"), vec![ZammadEntryId(812)]);
        assert!(
            !token("h", ZammadEntryId(5)).contains(' ')
                && !token("h", ZammadEntryId(5)).contains(':')
        );
    }
    /// The simulators' crate reads markers with its own copy (it must not depend on
    /// syncd): both agree on keys and on what a description carries.
    #[test]
    fn the_simulators_read_markers_as_syncd_writes_them() {
        for url in [
            "http://127.0.0.1:43121",
            "https://Helpdesk.Example.com/",
            "https://x.org/zammad/",
        ] {
            let key = marker_key_for_url(url);
            assert_eq!(syncd_sim::marker::marker_key_for_url(url), key);
            let d = format!(
                "{} #1001 Printer\n{} [zammad-ta-other-9] [{}x]",
                bracketed(&key, ZammadEntryId(812)),
                bracketed(&key, ZammadEntryId(81)),
                prefix(&key),
            );
            let ours: Vec<i64> = find(&d, &key).into_iter().map(|e| e.0).collect();
            assert_eq!(ours, vec![812, 81]);
            assert_eq!(syncd_sim::marker::find(&d, &key), ours);
        }
    }
}
