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
}

pub const LINTS: &[Lint] = &[
    Lint {
        id: "parse",
        meaning: "TOML syntax, a missing or unknown key (with the closest known key), a value of the wrong kind",
    },
    Lint {
        id: "encoding",
        meaning: "the file is not valid UTF-8 (the position of the first bad byte)",
    },
    Lint {
        id: "control-character",
        meaning: "a string holds a control character or a bidirectional override, invisible on a page",
    },
    Lint {
        id: "too-long",
        meaning: "a string over 10,000 characters or a file over 512 KiB",
    },
    Lint {
        id: "file-name",
        meaning: "the file is not named after its jurisdiction code, or a file in jurisdictions/ does not end in .toml",
    },
    Lint {
        id: "duplicate-id",
        meaning: "an id is defined twice (the hint says where first)",
    },
    Lint {
        id: "unknown-term",
        meaning: "a term not in taxonomy.toml (with a suggestion)",
    },
    Lint {
        id: "unknown-reference",
        meaning: "an unknown jurisdiction, authority, regime or obligation id, or a code that is not ISO 3166",
    },
    Lint {
        id: "id-prefix",
        meaning: "an authority id does not start with its jurisdiction code",
    },
    Lint {
        id: "https-url",
        meaning: "a link that is not a plain https URL",
    },
    Lint {
        id: "invalid-date",
        meaning: "a date that is not YYYY-MM-DD",
    },
    Lint {
        id: "date-order",
        meaning: "dates out of order (in force before adopted, repealed before in force)",
    },
    Lint {
        id: "missing-date",
        meaning: "a status that needs a date has none",
    },
    Lint {
        id: "review-in-future",
        meaning: "a review dated after today",
    },
    Lint {
        id: "review-note",
        meaning: "an unverified record without a note saying what is unsure",
    },
    Lint {
        id: "time-zone",
        meaning: "not an IANA time zone",
    },
    Lint {
        id: "deadline",
        meaning: "more than one limit, one out of range (1 to 3660), end_of_day on hours, a cap without a limit, a `determined` clock without its determination",
    },
    Lint {
        id: "authority",
        meaning: "inconsistent authority / authority_where / recipient kind",
    },
    Lint {
        id: "threshold",
        meaning: "count without a threshold",
    },
    Lint {
        id: "no-obligations",
        meaning: "a rule that creates nothing",
    },
    Lint {
        id: "scope",
        meaning: "a regime without [[regimes.scope]], a basis listed twice, or a rule nexus outside its regime's scope",
    },
    Lint {
        id: "determination-as-kind",
        meaning: "a legal determination (nis2-significant-incident) used in kinds",
    },
];

/// Whether `id` is a registered lint.
pub fn is_registered(id: &str) -> bool {
    LINTS.iter().any(|l| l.id == id)
}
