//! How a person (or a test) recognises syncd's timesheets in Kimai: the marker
//! `[zammad-ta-<key>-<entry id>]` in the description, keyed by the Zammad instance's URL.
//! syncd's own `sync::marker` is the writer; this copy is the reader, so the simulators need
//! nothing from syncd. A unit test in syncd checks that both agree.

/// The slug of a Zammad base URL that makes markers unique per instance.
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

/// Zammad entry ids of every marker of `key` found in a description.
pub fn find(description: &str, key: &str) -> Vec<i64> {
    let open = format!("[zammad-ta-{key}-");
    let mut out = Vec::new();
    let mut rest = description;
    while let Some(pos) = rest.find(&open) {
        let after = &rest[pos + open.len()..];
        if let Some(end) = after.find(']')
            && let Ok(id) = after[..end].parse::<i64>()
        {
            out.push(id);
        }
        rest = &rest[pos + open.len()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_exact_markers_of_one_instance() {
        let key = marker_key_for_url("http://127.0.0.1:43121/");
        assert_eq!(key, "127-0-0-1-43121");
        let d = format!("[zammad-ta-{key}-812] #1001\n[zammad-ta-other-81] [zammad-ta-{key}-8x]");
        assert_eq!(find(&d, &key), vec![812]);
    }
}
