//! The incident form as submitted: read from the query string (the
//! permalink) and turned into the shared incident format. Views are in
//! `assess.rs`.

use std::collections::BTreeMap;

use jiff::tz::TimeZone;

use crate::format::Tlp;
use crate::incident::{
    DeterminationInput, IncidentInput, MAX_PARTIES, PartyInput, Problem, SentInput,
};

/// The form as submitted, kept as typed so it can be shown again.
#[derive(Debug, Clone, Default)]
pub struct AssessForm {
    /// Local date and time, `2026-03-06T16:30`.
    pub aware: String,
    pub determined: String,
    /// Local date and time of a ransom payment, if one was made.
    pub ransom_paid: String,
    /// Local date and time the incident itself occurred, if known.
    pub occurred: String,
    /// The IANA zone the times are in, and in which the answer is shown.
    pub tz: String,
    pub kinds: Vec<String>,
    pub data: Vec<String>,
    /// Fact name to `yes` / `no`; absent means unknown.
    pub facts: BTreeMap<String, bool>,
    /// Determination name to what is known of it.
    pub determinations: BTreeMap<String, DeterminationFields>,
    /// Notices already sent: (rule, obligation, place) to local date and time.
    pub sent: BTreeMap<(String, String, String), String>,
    pub parties: Vec<PartyFields>,
    pub tlp: Option<Tlp>,
}

/// A determination on the form: made (yes / no) and when, both optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeterminationFields {
    /// `Some(true)` yes, `Some(false)` no, `None` not yet.
    pub made: Option<bool>,
    /// Local date and time it was made.
    pub at: String,
}

#[derive(Debug, Clone, Default)]
pub struct PartyFields {
    pub role: String,
    pub name: String,
    /// Comma-separated codes or names.
    pub established: String,
    pub sectors: Vec<String>,
    pub entity_types: Vec<String>,
    /// "None of these" was ticked: no sector (or entity type) is known to
    /// apply, which is not the same as not knowing.
    pub no_sectors: bool,
    pub no_entity_types: bool,
    /// Where affected people live, with how many: one row per place, so
    /// one group ("customers") can span several places. Each row becomes
    /// a party of the incident.
    pub places: Vec<PlaceRow>,
    /// Where the party offers goods or services or monitors people
    /// (comma-separated; `none` for nowhere; blank unknown).
    pub targets: String,
    pub representative: String,
}

/// One place of a group of affected people, with its count (blank: unknown).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlaceRow {
    pub place: String,
    pub count: String,
}

/// A request the form handler cannot read at all (as opposed to an incident
/// with problems, which is shown with the form).
#[derive(Debug, Clone, thiserror::Error)]
pub enum FormError {
    #[error("party number {0} is beyond the limit of {MAX_PARTIES} parties")]
    TooManyParties(usize),
    #[error("the pasted list of affected people has more than {MAX_PARTIES} places")]
    TooManyPasted,
    #[error("unknown TLP marking `{0}`; use CLEAR, GREEN, AMBER, AMBER+STRICT or RED")]
    Tlp(String),
}

/// Reads the form's query pairs. Unknown fields are ignored (a browser may
/// add its own), but a party index beyond the limit is refused.
pub fn parse_form(pairs: &[(String, String)]) -> Result<AssessForm, FormError> {
    let mut form = AssessForm::default();
    let mut parties: BTreeMap<usize, PartyFields> = BTreeMap::new();
    let mut pasted: Vec<PlaceRow> = Vec::new();
    // How many `count` fields each party has had: the n-th count belongs to
    // the n-th `where` (a browser sends both inputs of every row).
    let mut counts_seen: BTreeMap<usize, usize> = BTreeMap::new();
    for (key, value) in pairs {
        let value = value.trim();
        match key.as_str() {
            "aware" => form.aware = value.to_string(),
            "determined" => form.determined = value.to_string(),
            "ransom_paid" => form.ransom_paid = value.to_string(),
            "occurred" => form.occurred = value.to_string(),
            "tz" => form.tz = value.to_string(),
            "affected" => {
                for (place, count) in pasted_places(value) {
                    if pasted.len() >= MAX_PARTIES {
                        return Err(FormError::TooManyPasted);
                    }
                    pasted.push(PlaceRow { place, count });
                }
            }
            "kind" if !value.is_empty() => form.kinds.push(value.to_string()),
            "data" if !value.is_empty() => form.data.push(value.to_string()),
            "tlp" if !value.is_empty() => {
                form.tlp = Some(Tlp::parse(value).ok_or_else(|| FormError::Tlp(value.into()))?)
            }
            _ => {
                if let Some(rest) = key.strip_prefix("det.") {
                    let (name, field) = match rest.strip_suffix(".at") {
                        Some(name) => (name, "at"),
                        None => (rest, "made"),
                    };
                    let d = form.determinations.entry(name.to_string()).or_default();
                    match (field, value) {
                        ("at", v) => d.at = v.to_string(),
                        (_, "yes") => d.made = Some(true),
                        (_, "no") => d.made = Some(false),
                        _ => {}
                    }
                } else if let Some(rest) = key.strip_prefix("sent.") {
                    // sent.<rule>.<obligation>[.<place>]: ids never contain dots.
                    let mut parts = rest.splitn(3, '.');
                    if let (Some(rule), Some(obligation)) = (parts.next(), parts.next()) {
                        if !value.is_empty() && form.sent.len() < 200 {
                            let place = parts.next().unwrap_or("").to_string();
                            form.sent.insert(
                                (rule.to_string(), obligation.to_string(), place),
                                value.to_string(),
                            );
                        }
                    }
                } else if let Some(fact) = key.strip_prefix("fact.") {
                    match value {
                        "yes" => {
                            form.facts.insert(fact.to_string(), true);
                        }
                        "no" => {
                            form.facts.insert(fact.to_string(), false);
                        }
                        _ => {}
                    }
                } else if let Some((index, field)) = key
                    .strip_prefix('p')
                    .and_then(|rest| rest.split_once('.'))
                    .and_then(|(i, f)| Some((i.parse::<usize>().ok()?, f)))
                {
                    if index >= MAX_PARTIES {
                        return Err(FormError::TooManyParties(index));
                    }
                    let p = parties.entry(index).or_default();
                    match field {
                        "role" => p.role = value.to_string(),
                        "name" => p.name = value.to_string(),
                        "established" => p.established = value.to_string(),
                        "sector" if value == NONE_OF_THESE => p.no_sectors = true,
                        "entity" if value == NONE_OF_THESE => p.no_entity_types = true,
                        "sector" if !value.is_empty() => p.sectors.push(value.to_string()),
                        "entity" if !value.is_empty() => p.entity_types.push(value.to_string()),
                        "where" | "count" if p.places.len() >= MAX_PARTIES => {
                            return Err(FormError::TooManyPasted);
                        }
                        "where" => p.places.push(PlaceRow {
                            place: value.to_string(),
                            count: String::new(),
                        }),
                        "count" => {
                            let n = counts_seen.entry(index).or_default();
                            match p.places.get_mut(*n) {
                                Some(row) => row.count = value.to_string(),
                                None => p.places.push(PlaceRow {
                                    place: String::new(),
                                    count: value.to_string(),
                                }),
                            }
                            *n += 1;
                        }
                        "targets" => p.targets = value.to_string(),
                        "representative" => p.representative = value.to_string(),
                        _ => {}
                    }
                }
            }
        }
    }
    // A place row left blank is no place, and a group of affected people
    // with no place, count or name (the form offers one) is no party.
    for p in parties.values_mut() {
        p.places
            .retain(|r| !(r.place.is_empty() && r.count.is_empty()));
    }
    form.parties = parties
        .into_values()
        .filter(|p| !p.role.is_empty())
        .filter(|p| !(p.role == "affected-people" && p.places.is_empty() && p.name.is_empty()))
        .collect();
    // Pasted places become the rows of one more group, so the form shows
    // them (and names their problems) like any other.
    if !pasted.is_empty() {
        form.parties.push(PartyFields {
            role: "affected-people".into(),
            places: pasted,
            ..PartyFields::default()
        });
    }
    if form.incident_parties().len() > MAX_PARTIES {
        return Err(FormError::TooManyPasted);
    }
    Ok(form)
}

/// A pasted list of places and counts: `US-CA 12000, US-NY 3000; DE 800`,
/// one per line or separated by commas or semicolons; a count may use
/// thousands separators (`12,000`, `12 000`) and may be left out.
pub fn pasted_places(text: &str) -> Vec<(String, String)> {
    // A comma between digits is a thousands separator, not a list separator.
    let chars: Vec<char> = text.chars().collect();
    let mut cleaned = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let digit_before = i > 0 && chars[i - 1].is_ascii_digit();
        let digits_after = chars
            .get(i + 1..i + 4)
            .is_some_and(|d| d.iter().all(char::is_ascii_digit))
            && !chars.get(i + 4).is_some_and(char::is_ascii_digit);
        if c == ',' && digit_before && digits_after {
            continue;
        }
        cleaned.push(c);
    }
    let mut out: Vec<(String, String)> = Vec::new();
    for entry in cleaned.split([',', ';', '\n']) {
        let words: Vec<&str> = entry.split_whitespace().collect();
        if words.is_empty() {
            continue;
        }
        // The count is the trailing run of number words ("12 000"); the
        // rest is the place ("US-CA", or a name such as "New York").
        let split_at = words
            .iter()
            .rposition(|w| {
                !w.chars()
                    .all(|c| c.is_ascii_digit() || c == '_' || c == '.')
            })
            .map_or(0, |i| i + 1);
        let place = words[..split_at].join(" ");
        let count = words[split_at..].concat();
        if !place.is_empty() {
            out.push((place, count));
        }
    }
    out
}

impl AssessForm {
    pub fn is_empty(&self) -> bool {
        self.aware.is_empty() && self.parties.is_empty()
    }

    /// The incident's parties as (form party, place row): a group of
    /// affected people becomes one party per place; any other party is one,
    /// with its first row if any.
    pub fn incident_parties(&self) -> Vec<(usize, Option<usize>)> {
        let mut out = Vec::new();
        for (i, p) in self.parties.iter().enumerate() {
            if p.role == "affected-people" && p.places.len() > 1 {
                out.extend((0..p.places.len()).map(|r| (i, Some(r))));
            } else {
                out.push((i, (!p.places.is_empty()).then_some(0)));
            }
        }
        out
    }

    /// A problem's field in the form's own terms: `parties[3].count` of the
    /// incident is `parties[1].places[2].count` when party 2's third place
    /// became the incident's fourth party.
    pub fn form_field(&self, field: &str) -> String {
        let Some(rest) = field.strip_prefix("parties[") else {
            return field.to_string();
        };
        let Some((index, tail)) = rest.split_once(']') else {
            return field.to_string();
        };
        let Some((party, row)) = index
            .parse::<usize>()
            .ok()
            .and_then(|n| self.incident_parties().get(n).copied())
        else {
            return field.to_string();
        };
        match row {
            Some(r) if self.parties[party].places.len() > 1 => {
                format!("parties[{party}].places[{r}]{tail}")
            }
            _ => format!("parties[{party}]{tail}"),
        }
    }

    /// The zone the form's times are in (UTC when none or an unknown one is given).
    pub fn zone(&self) -> Result<TimeZone, String> {
        if self.tz.is_empty() {
            return Ok(TimeZone::UTC);
        }
        zone_named(&self.tz).ok_or_else(|| {
            format!(
                "unknown time zone `{}`; pick one from the list, or type a city (New York) or an IANA name (Europe/Berlin)",
                self.tz
            )
        })
    }

    /// The incident in the shared format, or the problems of the form's own fields.
    pub fn to_incident(&self) -> Result<IncidentInput, Vec<Problem>> {
        let mut problems = Vec::new();
        let zone = self.zone().map_err(|m| {
            vec![Problem {
                field: "tz".into(),
                message: m,
            }]
        })?;
        let instant = |field: &str, value: &str, problems: &mut Vec<Problem>| {
            let parsed = value
                .parse::<jiff::civil::DateTime>()
                .map_err(|e| e.to_string())
                .and_then(|dt| {
                    // A local time that does not exist (a DST gap) or exists
                    // twice (a fold) is refused, never shifted silently.
                    let ambiguous = zone.to_ambiguous_zoned_datetime(dt);
                    if ambiguous.is_ambiguous() {
                        let what = match ambiguous.offset() {
                            jiff::tz::AmbiguousOffset::Gap { .. } => "does not exist in this time zone (the clocks skip it when summer time starts)",
                            _ => "occurs twice in this time zone (when summer time ends); give the offset in the API or CLI, or pick a time an hour apart",
                        };
                        return Err(what.to_string());
                    }
                    ambiguous.unambiguous().map_err(|e| e.to_string())
                });
            match parsed {
                Ok(z) => Some(z.to_string()),
                Err(e) => {
                    problems.push(Problem {
                        field: field.into(),
                        message: format!(
                            "`{value}` is not a date and time (e.g. 2026-03-06T16:30): {e}"
                        ),
                    });
                    None
                }
            }
        };
        let aware_at = if self.aware.is_empty() {
            problems.push(Problem {
                field: "aware".into(),
                message: "when did the organisation become aware? This starts most clocks".into(),
            });
            None
        } else {
            instant("aware", &self.aware, &mut problems)
        };
        let mut optional = |field: &str, value: &str| {
            (!value.is_empty())
                .then(|| instant(field, value, &mut problems))
                .flatten()
        };
        let determined_at = optional("determined", &self.determined);
        let ransom_paid_at = optional("ransom_paid", &self.ransom_paid);
        let occurred_at = optional("occurred", &self.occurred);
        let mut determinations = BTreeMap::new();
        for (name, d) in &self.determinations {
            let field = format!("determinations.{name}");
            let value = match (d.made, d.at.is_empty()) {
                (Some(false), _) => Some(DeterminationInput::Made(false)),
                (_, false) => optional(&field, &d.at).map(DeterminationInput::At),
                (Some(true), true) => Some(DeterminationInput::Made(true)),
                (None, true) => None,
            };
            if let Some(v) = value {
                determinations.insert(name.clone(), v);
            }
        }
        let mut sent = Vec::new();
        for ((rule, obligation, place), at) in &self.sent {
            if let Some(at) = optional(&format!("sent.{rule}.{obligation}"), at) {
                sent.push(SentInput {
                    rule: rule.clone(),
                    obligation: Some(obligation.clone()),
                    jurisdiction: (!place.is_empty()).then(|| place.clone()),
                    at,
                    ..SentInput::default()
                });
            }
        }
        let mut parties = Vec::new();
        for (n, (i, row)) in self.incident_parties().into_iter().enumerate() {
            let p = &self.parties[i];
            let place = row.map(|r| &p.places[r]);
            let typed = place.map_or("", |r| r.count.as_str());
            let count = if typed.is_empty() {
                None
            } else {
                match typed.replace([',', '_', ' '], "").parse::<u64>() {
                    Ok(n) => Some(n),
                    Err(_) => {
                        problems.push(Problem {
                            field: self.form_field(&format!("parties[{n}].count")),
                            message: format!("`{typed}` is not a whole number of people"),
                        });
                        None
                    }
                }
            };
            let split = |s: &str| -> Option<Vec<String>> {
                let list: Vec<String> = s
                    .split([',', ';'])
                    .map(str::trim)
                    .filter(|x| !x.is_empty())
                    .map(str::to_string)
                    .collect();
                (!list.is_empty()).then_some(list)
            };
            parties.push(PartyInput {
                role: p.role.clone(),
                name: (!p.name.is_empty()).then(|| p.name.clone()),
                established_in: split(&p.established),
                sectors: known_list(&p.sectors, p.no_sectors),
                entity_types: known_list(&p.entity_types, p.no_entity_types),
                jurisdiction: place
                    .filter(|r| !r.place.is_empty())
                    .map(|r| r.place.clone()),
                count,
                targets: if p.targets.trim().eq_ignore_ascii_case(NONE_OF_THESE) {
                    Some(Vec::new())
                } else {
                    split(&p.targets)
                },
                representative_in: (!p.representative.is_empty()).then(|| p.representative.clone()),
                ..PartyInput::default()
            });
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(IncidentInput {
            aware_at: aware_at.unwrap_or_default(),
            determined_at,
            ransom_paid_at,
            occurred_at,
            kinds: (!self.kinds.is_empty()).then(|| self.kinds.clone()),
            data: (!self.data.is_empty()).then(|| self.data.clone()),
            encrypted: None,
            high_risk: None,
            facts: self.facts.clone(),
            determinations,
            sent,
            parties,
        })
    }
}

/// The checkbox value meaning "known: none of these".
pub(super) const NONE_OF_THESE: &str = "none";

/// Ticked terms; none ticked is unknown unless "none of these" says it is known.
pub(super) fn known_list(chosen: &[String], none_of_these: bool) -> Option<Vec<String>> {
    if !chosen.is_empty() {
        Some(chosen.to_vec())
    } else if none_of_these {
        Some(Vec::new())
    } else {
        None
    }
}

/// A time zone from its IANA name in any case (`europe/berlin`) or from its
/// city as people write it (`New York` for America/New_York), when exactly
/// one zone of the database has that city.
pub fn zone_named(typed: &str) -> Option<TimeZone> {
    let typed = typed.trim();
    if let Ok(tz) = TimeZone::get(typed) {
        return Some(tz);
    }
    let wanted = typed.replace(' ', "_");
    let names = jiff::tz::db().available();
    let mut matches = names.filter(|name| {
        let name = name.as_str();
        name.eq_ignore_ascii_case(&wanted)
            || name
                .rsplit('/')
                .next()
                .is_some_and(|city| city.eq_ignore_ascii_case(&wanted))
    });
    let first = matches.next()?;
    if matches.next().is_some() {
        return None;
    }
    TimeZone::get(first.as_str()).ok()
}
