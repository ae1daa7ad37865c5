//! Linking Zammad things to Kimai records found by name, email or reference. Kimai offers
//! only visible projects (of visible customers) and activities, and only enabled users,
//! for new timesheets: a hidden or disabled match is never linked automatically, a usable
//! one is preferred, and a refusal says why.

/// The one rule for "this Zammad agent is that Kimai user": the same email, ignoring
/// case and surrounding blanks; an empty email matches nothing. The sync links by it and
/// `mapping suggest` proposes by it.
pub(crate) fn same_email(zammad: Option<&str>, kimai: Option<&str>) -> bool {
    let norm = |e: Option<&str>| e.map(|e| e.trim().to_lowercase()).filter(|e| !e.is_empty());
    matches!((norm(zammad), norm(kimai)), (Some(z), Some(k)) if z == k)
}

/// What a search of Kimai's catalog found.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Found<T> {
    /// A usable record (the first one, in Kimai's order).
    Usable(T),
    /// Only records that may not be used; why, in words.
    Refused(String),
    Nothing,
}

impl<T> Found<T> {
    /// The usable record, if any.
    pub(crate) fn usable(self) -> Option<T> {
        match self {
            Found::Usable(t) => Some(t),
            _ => None,
        }
    }

    pub(crate) fn refusal(&self) -> Option<&str> {
        match self {
            Found::Refused(why) => Some(why),
            _ => None,
        }
    }
}

/// Pick among `candidates` (already matching by name, email or reference): the first
/// usable one, else a refusal naming the unusable ones (`kind` like "Kimai customer",
/// `unusable` like "hidden", `how` like "by name").
pub(crate) fn pick<T: Clone>(
    candidates: &[T],
    usable: impl Fn(&T) -> bool,
    label: impl Fn(&T) -> String,
    unusable: &str,
    how: &str,
) -> Found<T> {
    if let Some(t) = candidates.iter().find(|t| usable(t)) {
        return Found::Usable(t.clone());
    }
    match candidates {
        [] => Found::Nothing,
        [one] => Found::Refused(format!(
            "{} matches {how} but is {unusable}: not linked",
            label(one)
        )),
        many => Found::Refused(format!(
            "{} match {how} but are {unusable}: not linked",
            many.iter().map(&label).collect::<Vec<_>>().join(", ")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_match_ignoring_case_and_blanks_never_when_empty() {
        assert!(same_email(
            Some("Anna@Example.com"),
            Some(" anna@example.com")
        ));
        assert!(!same_email(Some(""), Some("")));
        assert!(!same_email(None, None));
        assert!(!same_email(
            Some("anna@example.com"),
            Some("bob@example.com")
        ));
    }

    #[test]
    fn prefers_usable_and_says_why_it_refuses() {
        let c = [(1, false), (2, true)];
        let label = |t: &(i64, bool)| format!("Kimai customer {}", t.0);
        assert_eq!(
            pick(&c, |t| t.1, label, "hidden", "by name"),
            Found::Usable((2, true))
        );
        let hidden = pick(&c[..1], |t| t.1, label, "hidden", "by name");
        assert_eq!(
            hidden.refusal(),
            Some("Kimai customer 1 matches by name but is hidden: not linked")
        );
        assert_eq!(
            pick(&[] as &[(i64, bool)], |t| t.1, label, "hidden", "by name"),
            Found::Nothing
        );
    }
}
