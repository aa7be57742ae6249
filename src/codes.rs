//! Which jurisdiction codes exist: ISO 3166-1 alpha-2 and ISO 3166-2 (from
//! the `rust_iso3166` crate's tables), plus the short list of codes the
//! standard lacks. An incident that names a code outside these is a typo,
//! never a place obligo silently knows nothing about.

/// Codes that are not in ISO 3166 but name a body of law. Keep this list
/// short and documented: each entry says what it is and why it is needed.
pub const EXTENSIONS: &[(&str, &str)] = &[
    (
        "EU",
        "European Union (supranational; ISO 3166-1 reserves it)",
    ),
    ("EEA", "European Economic Area (EU members plus IS, LI, NO)"),
    // Financial free zones with a data-protection law of their own, inside
    // their country (ISO 3166-2 has no code for them).
    (
        "AE-DIFC",
        "Dubai International Financial Centre (DIFC Data Protection Law No. 5 of 2020)",
    ),
    (
        "AE-ADGM",
        "Abu Dhabi Global Market (ADGM Data Protection Regulations 2021)",
    ),
    (
        "QA-QFC",
        "Qatar Financial Centre (QFC Data Protection Regulations 2021)",
    ),
];

/// What a code is, for messages and for deciding whether an incident may use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeKind {
    /// An ISO 3166-1 alpha-2 country code (`DE`).
    Country,
    /// An ISO 3166-2 subdivision code (`US-CA`).
    Subdivision,
    /// One of [`EXTENSIONS`].
    Extension,
    /// A code ISO 3166 leaves for user assignment (`AA`, `QM`-`QZ`, `XA`-`XZ`,
    /// `ZZ`): allowed in data only for examples and test fixtures.
    UserAssigned,
}

/// The kind of a code written in canonical upper case, or `None` if it
/// names nothing.
pub fn kind(code: &str) -> Option<CodeKind> {
    if EXTENSIONS.iter().any(|(c, _)| *c == code) {
        return Some(CodeKind::Extension);
    }
    if is_user_assigned(code) {
        return Some(CodeKind::UserAssigned);
    }
    match code.split_once('-') {
        None => rust_iso3166::from_alpha2(code).map(|_| CodeKind::Country),
        Some((country, _)) if is_user_assigned(country) => Some(CodeKind::UserAssigned),
        Some(_) => rust_iso3166::iso3166_2::from_code(code).map(|_| CodeKind::Subdivision),
    }
}

/// The English name of a code, where the tables have one.
pub fn name(code: &str) -> Option<&'static str> {
    if let Some((_, name)) = EXTENSIONS.iter().find(|(c, _)| *c == code) {
        return Some(name);
    }
    match code.split_once('-') {
        None => rust_iso3166::from_alpha2(code).map(|c| c.name),
        Some(_) => rust_iso3166::iso3166_2::from_code(code).map(|s| s.name),
    }
}

/// The closest existing code to a mistyped one among the same country's
/// subdivisions (for `US-CAL`) or all countries, for "did you mean".
pub fn suggest(code: &str) -> Option<String> {
    let candidates: Vec<String> = match code.split_once('-') {
        Some((country, _)) => match rust_iso3166::from_alpha2(country) {
            Some(c) => c
                .subdivisions()
                .unwrap_or_default()
                .iter()
                .map(|s| s.code.to_string())
                .collect(),
            None => Vec::new(),
        },
        None => rust_iso3166::ALL_ALPHA2
            .iter()
            .map(|c| c.to_string())
            .collect(),
    };
    crate::load::did_you_mean(code, candidates.iter().map(String::as_str)).map(str::to_string)
}

fn is_user_assigned(code: &str) -> bool {
    let b = code.as_bytes();
    if b.len() != 2 {
        return false;
    }
    matches!(
        (b[0], b[1]),
        (b'A', b'A') | (b'Q', b'M'..=b'Z') | (b'X', b'A'..=b'Z') | (b'Z', b'Z')
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_codes_and_extensions_exist_and_typos_do_not() {
        assert_eq!(kind("DE"), Some(CodeKind::Country));
        assert_eq!(kind("US-CA"), Some(CodeKind::Subdivision));
        assert_eq!(kind("US-PR"), Some(CodeKind::Subdivision));
        assert_eq!(kind("DE-BY"), Some(CodeKind::Subdivision));
        assert_eq!(kind("EU"), Some(CodeKind::Extension));
        assert_eq!(kind("AE-DIFC"), Some(CodeKind::Extension));
        assert_eq!(kind("ZZ"), Some(CodeKind::UserAssigned));
        assert_eq!(kind("XX"), Some(CodeKind::UserAssigned));
        assert_eq!(kind("US-ZZ"), None);
        assert_eq!(kind("QQ"), Some(CodeKind::UserAssigned));
        assert_eq!(kind("UK"), None);
        assert_eq!(kind("DEU"), None);
    }

    #[test]
    fn suggestions_stay_within_the_country() {
        assert_eq!(suggest("US-CAL").as_deref(), Some("US-CA"));
    }
}
