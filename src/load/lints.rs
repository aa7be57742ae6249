//! Every lint the data check can report, with what it means. The list is
//! the contract with contributors: `obligo check --list-lints` prints it,
//! CONTRIBUTING.md's table must name the same ids (a test compares them),
//! and a diagnostic with an id not listed here fails the test suite.

/// One kind of problem in a data file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lint {
    /// The id printed as `error[id]`; stable, so scripts may match on it.
    pub id: &'static str,
    pub meaning: &'static str,
    /// A line of a data file with the mistake.
    pub mistake: &'static str,
    /// The same line, fixed.
    pub fix: &'static str,
}

pub const LINTS: &[Lint] = &[
    Lint {
        id: "parse",
        meaning: "TOML syntax, a missing or unknown key (with the closest known key), a value of the wrong kind",
        mistake: r#"time_zon = "Europe/Paris""#,
        fix: r#"time_zone = "Europe/Paris""#,
    },
    Lint {
        id: "encoding",
        meaning: "the file is not valid UTF-8 (the position of the first bad byte)",
        mistake: r#"name = "Br\u{FFFD}nn" (saved as Latin-1)"#,
        fix: r#"name = "Brünn" (saved as UTF-8)"#,
    },
    Lint {
        id: "control-character",
        meaning: "a string holds a control character or a bidirectional override, invisible on a page",
        mistake: r#"citation = "Art. 33\u{202E}""#,
        fix: r#"citation = "Art. 33""#,
    },
    Lint {
        id: "too-long",
        meaning: "a string over 10,000 characters or a file over 512 KiB",
        mistake: r#"summary = "<the whole Act, pasted>""#,
        fix: r#"summary = "<two sentences>", source = "https://…""#,
    },
    Lint {
        id: "file-name",
        meaning: "the file is not named after its jurisdiction code, or a file in jurisdictions/ does not end in .toml",
        mistake: r#"jurisdictions/pt.tmol"#,
        fix: r#"jurisdictions/pt.toml"#,
    },
    Lint {
        id: "duplicate-id",
        meaning: "an id is defined twice (the hint says where first)",
        mistake: r#"id = "de-bsi" (twice)"#,
        fix: r#"id = "de-bsi-kritis" (each id once)"#,
    },
    Lint {
        id: "unknown-term",
        meaning: "a term not in taxonomy.toml (with a suggestion)",
        mistake: r#"data = ["helth"]"#,
        fix: r#"data = ["health"]"#,
    },
    Lint {
        id: "unknown-reference",
        meaning: "an unknown jurisdiction, authority, regime or obligation id, or a code that is not ISO 3166",
        mistake: r#"authority = "fr-cnli""#,
        fix: r#"authority = "fr-cnil""#,
    },
    Lint {
        id: "id-prefix",
        meaning: "an authority id does not start with its jurisdiction code",
        mistake: r#"id = "cnil" (in fr.toml)"#,
        fix: r#"id = "fr-cnil""#,
    },
    Lint {
        id: "https-url",
        meaning: "a link that is not a plain https URL",
        mistake: r#"source = "http://www.legifrance.gouv.fr/…""#,
        fix: r#"source = "https://www.legifrance.gouv.fr/…""#,
    },
    Lint {
        id: "invalid-date",
        meaning: "a date that is not YYYY-MM-DD",
        mistake: r#"applies_from = "2018-02-30""#,
        fix: r#"applies_from = "2018-05-25""#,
    },
    Lint {
        id: "date-order",
        meaning: "dates out of order (in force before adopted, repealed before in force)",
        mistake: r#"applies_from = "2020-01-01", applies_until = "2019-01-01""#,
        fix: r#"applies_until after applies_from"#,
    },
    Lint {
        id: "missing-date",
        meaning: "a status that needs a date has none",
        mistake: r#"status = "in-force" (no applies_from)"#,
        fix: r#"status = "in-force", applies_from = "2018-05-25""#,
    },
    Lint {
        id: "review-in-future",
        meaning: "a review dated after today",
        mistake: r#"last_reviewed = "2099-01-01""#,
        fix: r#"last_reviewed = "<the day you read the text>""#,
    },
    Lint {
        id: "review-note",
        meaning: "an unverified record without a note saying what is unsure",
        mistake: r#"status = "unverified" (no note)"#,
        fix: r#"status = "unverified", note = "what was read, what is missing""#,
    },
    Lint {
        id: "time-zone",
        meaning: "not an IANA time zone",
        mistake: r#"time_zone = "CET""#,
        fix: r#"time_zone = "Europe/Paris""#,
    },
    Lint {
        id: "deadline",
        meaning: "more than one limit, one out of range (1 to 3660), end_of_day on hours, a cap without a limit, a `determined` clock without its determination",
        mistake: r#"hours = 72, days = 3"#,
        fix: r#"hours = 72"#,
    },
    Lint {
        id: "authority",
        meaning: "inconsistent authority / authority_where / recipient kind",
        mistake: r#"recipient = "csirt", authority = "fr-cnil""#,
        fix: r#"recipient = "data-protection-authority", authority = "fr-cnil""#,
    },
    Lint {
        id: "threshold",
        meaning: "count without a threshold",
        mistake: r#"count = "residents" (no affected_at_least)"#,
        fix: r#"affected_at_least = 500, count = "residents""#,
    },
    Lint {
        id: "no-obligations",
        meaning: "a rule that creates nothing",
        mistake: r#"[[rules]] with no [[rules.obligations]]"#,
        fix: r#"add the notice the rule requires"#,
    },
    Lint {
        id: "scope",
        meaning: "a regime without [[regimes.scope]], a basis listed twice, or a rule nexus outside its regime's scope",
        mistake: r#"[[regimes]] without [[regimes.scope]]"#,
        fix: r#"[[regimes.scope]] basis = "establishment", citation = "Art. 3(1)""#,
    },
    Lint {
        id: "determination-as-kind",
        meaning: "a legal determination (nis2-significant-incident) used in kinds",
        mistake: r#"kinds = ["nis2-significant-incident"]"#,
        fix: r#"determinations = ["nis2-significant-incident"]"#,
    },
];

/// Whether `id` is a registered lint.
pub fn is_registered(id: &str) -> bool {
    LINTS.iter().any(|l| l.id == id)
}
