//! The validated, cross-referenced dataset: what the engine, search and site
//! read. Built only by [`crate::load`], so every reference in it resolves.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Serialize;

mod places;
mod rules;

pub use places::*;
pub use rules::*;

/// Where an entity was defined, so every page and answer can point a
/// contributor at the line to correct.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Origin {
    pub file: String,
    pub line: usize,
}

/// The whole dataset. Maps are `BTreeMap` so every listing is deterministic.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub taxonomy: Taxonomy,
    pub jurisdictions: BTreeMap<String, Jurisdiction>,
    pub authorities: BTreeMap<String, Authority>,
    pub regimes: BTreeMap<String, Regime>,
    /// Sorted by jurisdiction, then regime, then rule id.
    pub rules: Vec<Rule>,
    /// Jurisdiction code to the range of its rules in `rules`, so an
    /// assessment only visits the rules of the places an incident reaches.
    pub rules_by_jurisdiction: BTreeMap<String, std::ops::Range<usize>>,
    /// Alternative code (e.g. `UK`) to canonical code (`GB`).
    pub aliases: BTreeMap<String, String>,
    /// Each jurisdiction's `within`, hashed: the engine asks "is this place
    /// within that one" thousands of times per incident, and a hash lookup
    /// costs a fraction of a walk down the ordered map.
    pub within: std::collections::HashMap<String, Vec<String>>,
    /// A fingerprint of the data files it was loaded from, so a static
    /// site's assessment engine built from other data can refuse to answer.
    pub digest: String,
}

/// The shared vocabulary of `data/taxonomy.toml`.
#[derive(Debug, Clone, Default)]
pub struct Taxonomy {
    pub sections: BTreeMap<Section, BTreeMap<String, Term>>,
}

/// A section of the taxonomy: each rule field draws its terms from one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Section {
    PartyRoles,
    IncidentKinds,
    DataCategories,
    Sectors,
    EntityTypes,
    RecipientKinds,
    Facts,
    Determinations,
}

impl Section {
    pub const ALL: [Section; 8] = [
        Section::PartyRoles,
        Section::IncidentKinds,
        Section::DataCategories,
        Section::Sectors,
        Section::EntityTypes,
        Section::RecipientKinds,
        Section::Facts,
        Section::Determinations,
    ];

    /// The table name in `taxonomy.toml`.
    pub fn key(self) -> &'static str {
        match self {
            Section::PartyRoles => "party-roles",
            Section::IncidentKinds => "incident-kinds",
            Section::DataCategories => "data-categories",
            Section::Sectors => "sectors",
            Section::EntityTypes => "entity-types",
            Section::RecipientKinds => "recipient-kinds",
            Section::Facts => "facts",
            Section::Determinations => "determinations",
        }
    }

    /// How a term of this section is named in messages ("unknown data category").
    pub fn singular(self) -> &'static str {
        match self {
            Section::PartyRoles => "party role",
            Section::IncidentKinds => "incident kind",
            Section::DataCategories => "data category",
            Section::Sectors => "sector",
            Section::EntityTypes => "entity type",
            Section::RecipientKinds => "recipient kind",
            Section::Facts => "fact",
            Section::Determinations => "determination",
        }
    }
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Term {
    pub definition: String,
    /// For facts and determinations: the question a responder answers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    /// For determinations: the event, as a clock that starts at it reads
    /// ("the determination that the incident is material").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
}

impl Taxonomy {
    pub fn contains(&self, section: Section, term: &str) -> bool {
        self.terms(section).contains_key(term)
    }

    pub fn terms(&self, section: Section) -> &BTreeMap<String, Term> {
        static EMPTY: BTreeMap<String, Term> = BTreeMap::new();
        self.sections.get(&section).unwrap_or(&EMPTY)
    }

    /// The question that settles an unknown fact.
    pub fn question(&self, fact: &str) -> String {
        self.terms(Section::Facts)
            .get(fact)
            .and_then(|t| t.question.clone())
            .unwrap_or_else(|| format!("Is `{fact}` true for this incident?"))
    }

    /// The question that settles an unknown determination.
    pub fn determination_question(&self, name: &str) -> String {
        self.terms(Section::Determinations)
            .get(name)
            .and_then(|t| t.question.clone())
            .unwrap_or_else(|| format!("Has the determination `{name}` been made?"))
    }

    /// A determination as a clock start reads ("the materiality determination").
    pub fn determination_event(&self, name: &str) -> String {
        self.terms(Section::Determinations)
            .get(name)
            .and_then(|t| t.event.clone())
            .unwrap_or_else(|| format!("the determination `{name}`"))
    }
}

impl Dataset {
    /// The canonical code for a code or alias (`UK` → `GB`).
    pub fn canonical_code<'a>(&'a self, code: &'a str) -> &'a str {
        self.aliases.get(code).map(String::as_str).unwrap_or(code)
    }

    /// Every jurisdiction whose law reaches `code`: itself, its parents, and
    /// the unions they are members of, nearest first. Codes not in the
    /// dataset (`US-WY` before Wyoming is added) still reach their country.
    pub fn reach(&self, code: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut queue = std::collections::VecDeque::from([code.to_string()]);
        while let Some(current) = queue.pop_front() {
            if out.contains(&current) {
                continue;
            }
            match self.jurisdictions.get(&current) {
                Some(j) => {
                    queue.extend(j.parent.iter().cloned());
                    queue.extend(j.member_of.iter().cloned());
                }
                None => queue.extend(current.split_once('-').map(|(c, _)| c.to_string())),
            }
            out.push(current);
        }
        out
    }

    /// Whether the law of `outer` reaches `code` (`US-CA` is within `US`, `DE` within `EU`).
    /// Allocation-free: the engine asks this for every party and rule.
    pub fn is_within(&self, code: &str, outer: &str) -> bool {
        if code == outer {
            return true;
        }
        match self.within.get(code) {
            Some(within) => within.iter().any(|w| w == outer),
            // A subdivision without a file (`DE-BY`) is within what its
            // country is within.
            None => code
                .split_once('-')
                .is_some_and(|(country, _)| self.is_within(country, outer)),
        }
    }

    /// The step from `outer` towards `code`: the jurisdiction directly below
    /// `outer` that contains `code` (for `US-CA` in `US`: `US-CA`; for
    /// `DE-BY` in `EU`: `DE`).
    pub fn child_towards(&self, code: &str, outer: &str) -> Option<String> {
        let mut current = code.to_string();
        loop {
            if current == outer {
                return None;
            }
            let direct = match self.jurisdictions.get(&current) {
                Some(j) => {
                    j.parent.as_deref() == Some(outer) || j.member_of.iter().any(|m| m == outer)
                }
                None => current.split_once('-').map(|(c, _)| c) == Some(outer),
            };
            if direct {
                return Some(current);
            }
            let up = match self.jurisdictions.get(&current) {
                Some(j) => j.parent.clone(),
                None => current.split_once('-').map(|(c, _)| c.to_string()),
            };
            match up {
                Some(p) if self.is_within(&p, outer) => current = p,
                _ => return None,
            }
        }
    }

    /// The authority competent for `recipient` at `code`, looking upwards
    /// through parents (`DE-BY` → `DE`) but never into unions.
    pub fn competent_authority(&self, code: &str, recipient: &str) -> Option<&Authority> {
        let mut current = Some(code.to_string());
        while let Some(c) = current {
            let j = match self.jurisdictions.get(&c) {
                Some(j) => j,
                None => {
                    current = c.split_once('-').map(|(p, _)| p.to_string());
                    continue;
                }
            };
            if let Some(id) = j.competent.get(recipient) {
                return self.authorities.get(id);
            }
            current = j.parent.clone();
        }
        None
    }

    /// The time zone in which a jurisdiction's days are counted (UTC for
    /// codes not in the dataset, after trying their country).
    pub fn time_zone(&self, code: &str) -> TimeZone {
        let mut current = Some(code);
        while let Some(c) = current {
            if let Some(j) = self.jurisdictions.get(c) {
                return j.time_zone.clone();
            }
            current = c.split_once('-').map(|(p, _)| p);
        }
        TimeZone::UTC
    }

    /// The public holidays for business-day counting: the jurisdiction's
    /// own list, or its nearest parent's when it lists none.
    pub fn holidays(&self, code: &str) -> Option<&BTreeSet<Date>> {
        let mut current = Some(code.to_string());
        while let Some(c) = current {
            let j = self.jurisdictions.get(&c)?;
            if !j.holidays.is_empty() {
                return Some(&j.holidays);
            }
            current = j.parent.clone();
        }
        None
    }

    /// The rules of one jurisdiction (its own, not those from above).
    pub fn rules_in(&self, code: &str) -> &[Rule] {
        match self.rules_by_jurisdiction.get(code) {
            Some(range) => &self.rules[range.clone()],
            None => &[],
        }
    }

    /// Builds `rules_by_jurisdiction` and each jurisdiction's `within`;
    /// `rules` must be sorted by jurisdiction.
    pub fn index_rules(&mut self) {
        let within: Vec<(String, Vec<String>)> = self
            .jurisdictions
            .keys()
            .map(|code| (code.clone(), self.reach(code).into_iter().skip(1).collect()))
            .collect();
        self.within.clear();
        for (code, outer) in within {
            if let Some(j) = self.jurisdictions.get_mut(&code) {
                j.within = outer.clone();
                self.within.insert(code, outer);
            }
        }
        self.rules_by_jurisdiction.clear();
        let mut start = 0;
        for i in 1..=self.rules.len() {
            if i == self.rules.len() || self.rules[i].jurisdiction != self.rules[start].jurisdiction
            {
                let code = self.rules[start].jurisdiction.clone();
                self.rules_by_jurisdiction.insert(code, start..i);
                start = i;
            }
        }
    }

    pub fn rules_of<'a>(&'a self, regime: &'a str) -> impl Iterator<Item = &'a Rule> + 'a {
        self.rules.iter().filter(move |r| r.regime == regime)
    }
}
