//! Where a condition is decided: each part of a rule's `when` becomes a
//! [`Finding`] that is true, false or unknown, with its reason in words and,
//! when unknown, the question that settles it.

use crate::incident::{Incident, Party};
use jiff::civil::Date;

use crate::model::*;

mod criteria;
mod nexus;

pub(super) use criteria::criteria_findings;
pub(super) use nexus::{Scope, established_finding, nexus_finding};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Truth {
    True,
    False,
    Unknown,
}

/// One evaluated condition: its truth, why (in words), and for unknowns the
/// question that settles it.
#[derive(Debug, Clone)]
pub(super) struct Finding {
    pub truth: Truth,
    pub text: String,
    pub question: Option<String>,
    /// Unknown only because the organisation's sector or type is not
    /// given: the answer page folds such obligations away ("if you are a
    /// bank…") so they do not bury what certainly applies.
    pub about_organisation_type: bool,
}

/// Which words a caller needs: a rule is first evaluated with none (truth
/// only), then, once its outcome is known, with only those it shows (the
/// false reasons of a rule that does not apply; the true reasons and the
/// questions of one that does). Most findings are never put into words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Words {
    pub true_texts: bool,
    pub false_texts: bool,
    /// Why a condition is open, in words; no view asks for them today (the
    /// question says the same), so every outcome leaves them out.
    pub unknown_texts: bool,
    pub questions: bool,
}

impl Words {
    pub const NONE: Words = Words {
        true_texts: false,
        false_texts: false,
        unknown_texts: false,
        questions: false,
    };
    /// What a rule with this outcome shows.
    pub fn for_outcome(truth: Truth) -> Words {
        match truth {
            Truth::False => Words {
                false_texts: true,
                ..Words::NONE
            },
            Truth::True | Truth::Unknown => Words {
                true_texts: true,
                questions: true,
                ..Words::NONE
            },
        }
    }
    fn wants(self, truth: Truth) -> bool {
        match truth {
            Truth::True => self.true_texts,
            Truth::False => self.false_texts,
            Truth::Unknown => self.unknown_texts,
        }
    }
    /// For a finding whose words are reused under another truth
    /// (established / not established): both sides.
    fn either_side(self) -> Words {
        let any = self.true_texts || self.false_texts;
        Words {
            true_texts: any,
            false_texts: any,
            ..self
        }
    }
}

impl Finding {
    pub fn yes(words: Words, text: impl FnOnce() -> String) -> Self {
        Finding {
            truth: Truth::True,
            text: if words.true_texts {
                text()
            } else {
                String::new()
            },
            question: None,
            about_organisation_type: false,
        }
    }
    pub fn no(words: Words, text: impl FnOnce() -> String) -> Self {
        Finding {
            truth: Truth::False,
            text: if words.false_texts {
                text()
            } else {
                String::new()
            },
            question: None,
            about_organisation_type: false,
        }
    }
    pub fn unknown(
        words: Words,
        text: impl FnOnce() -> String,
        question: impl FnOnce() -> String,
    ) -> Self {
        Finding {
            truth: Truth::Unknown,
            text: if words.unknown_texts {
                text()
            } else {
                String::new()
            },
            question: words.questions.then(question),
            about_organisation_type: false,
        }
    }
}

/// The conjunction of findings.
pub(super) fn all(findings: &[Finding]) -> Truth {
    if findings.iter().any(|f| f.truth == Truth::False) {
        Truth::False
    } else if findings.iter().any(|f| f.truth == Truth::Unknown) {
        Truth::Unknown
    } else {
        Truth::True
    }
}

/// The disjunction of findings; `label` prefixes the text of a false result.
fn any(w: Words, mut options: Vec<Finding>, label: &str) -> Finding {
    if let Some(i) = options.iter().position(|f| f.truth == Truth::True) {
        return options.swap_remove(i);
    }
    let unknown: Vec<&Finding> = options
        .iter()
        .filter(|f| f.truth == Truth::Unknown)
        .collect();
    if !unknown.is_empty() {
        return Finding {
            truth: Truth::Unknown,
            text: if w.unknown_texts {
                unknown
                    .iter()
                    .map(|f| f.text.as_str())
                    .collect::<Vec<_>>()
                    .join("; or ")
            } else {
                String::new()
            },
            about_organisation_type: unknown.iter().all(|f| f.about_organisation_type),
            question: w.questions.then(|| {
                unknown
                    .iter()
                    .filter_map(|f| f.question.as_deref())
                    .collect::<Vec<_>>()
                    .join(" / ")
            }),
        };
    }
    Finding::no(w, || {
        let texts: Vec<&str> = options.iter().map(|f| f.text.as_str()).collect();
        format!("{label}{}", texts.join("; and "))
    })
}

fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// Why a rule was in force on a day, kept as its parts: the words are only
/// written for rules that yield obligations.
pub(super) struct InForce<'a> {
    regime: &'a Regime,
    rule: &'a Rule,
    date: Date,
    since: Option<Date>,
}

impl InForce<'_> {
    pub fn text(&self) -> String {
        let since = self
            .since
            .map(|f| format!(", applicable since {f}"))
            .unwrap_or_default();
        format!(
            "{} ({}) was in force on {}{since}",
            self.regime.title, self.rule.citation, self.date
        )
    }
}

/// The law as it stood: whether the regime and the rule applied on `date`.
pub(super) fn in_force<'a>(
    regime: &'a Regime,
    rule: &'a Rule,
    date: Date,
) -> Result<InForce<'a>, String> {
    if regime.status == LegalStatus::Proposed {
        return Err(format!("{} is only proposed: not in force", regime.title));
    }
    let (from, until) = rule.applies_between(regime);
    if let Some(from) = from {
        if date < from {
            let state = if regime.status == LegalStatus::Adopted {
                "adopted but "
            } else {
                ""
            };
            return Err(format!(
                "{state}not yet applicable on {date}: applies from {from}"
            ));
        }
    }
    if let Some(until) = until {
        if date >= until {
            return Err(format!(
                "no longer applicable on {date}: applied until {until} (exclusive)"
            ));
        }
    }
    Ok(InForce {
        regime,
        rule,
        date,
        since: from,
    })
}
