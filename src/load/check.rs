//! The linter and model builder: every check a contributor can trip, each
//! with a stable lint id, reported all at once with file, line and column.
//!
//! Lints: `parse` (TOML syntax or shape), `file-name`, `duplicate-id`,
//! `unknown-term`, `unknown-reference`, `id-prefix`, `https-url`,
//! `invalid-date`, `date-order`, `missing-date`, `review-in-future`,
//! `review-note`, `time-zone`, `deadline`, `authority`, `threshold`,
//! `no-obligations`.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::raw::{self, AuthorityWhere, CriteriaView, Sp};
use super::{Diagnostic, Diagnostics, LoadOptions, SourceFile, did_you_mean, line_col};
use crate::model::*;

pub(super) fn build(files: &[SourceFile], options: LoadOptions) -> Result<Dataset, Diagnostics> {
    let mut ck = Checker {
        diags: Vec::new(),
        today: options.today,
    };
    let Some(tax_file) = files.iter().find(|f| f.relative == "taxonomy.toml") else {
        return Err(Diagnostics(vec![Diagnostic {
            file: "taxonomy.toml".into(),
            line: 1,
            column: 1,
            lint: "parse",
            message: "the dataset has no taxonomy.toml".into(),
            hint: Some("every data directory needs the shared vocabulary in taxonomy.toml".into()),
        }]));
    };
    let taxonomy = ck
        .parse::<raw::TaxonomyFile>(tax_file)
        .map(taxonomy_from)
        .unwrap_or_default();

    let parsed: Vec<(&SourceFile, raw::JurisdictionFile)> = files
        .iter()
        .filter(|f| f.relative.starts_with("jurisdictions/"))
        .filter_map(|f| ck.parse::<raw::JurisdictionFile>(f).map(|p| (f, p)))
        .collect();
    if !ck.diags.is_empty() && taxonomy.sections.is_empty() {
        return Err(ck.finish());
    }

    let mut data = Dataset {
        taxonomy,
        jurisdictions: BTreeMap::new(),
        authorities: BTreeMap::new(),
        regimes: BTreeMap::new(),
        rules: Vec::new(),
        rules_by_jurisdiction: BTreeMap::new(),
        aliases: BTreeMap::new(),
    };

    // Pass 1: everything that can be referred to, so references in pass 2
    // resolve regardless of file order.
    let mut first_seen: BTreeMap<(&str, String), String> = BTreeMap::new();
    for (file, parsed) in &parsed {
        let mut claim = |ck: &mut Checker, what: &'static str, id: &Sp<String>| {
            let key = (what, id.get().clone());
            let (line, _) = line_col(&file.text, id.span().start);
            if let Some(first) = first_seen.get(&key) {
                ck.at(
                    file,
                    id.span(),
                    "duplicate-id",
                    format!("{what} `{}` is defined twice", id.get()),
                    Some(format!("it was first defined at {first}")),
                );
                false
            } else {
                first_seen.insert(key, format!("{}:{line}", file.display));
                true
            }
        };
        let j = &parsed.jurisdiction;
        if claim(&mut ck, "jurisdiction", &j.code) {
            ck.jurisdiction(file, j, &mut data);
        }
        for a in &parsed.authorities {
            if claim(&mut ck, "authority", &a.id) {
                ck.authority(file, j.code.get(), a, &mut data);
            }
        }
        for r in &parsed.regimes {
            if claim(&mut ck, "regime", &r.id) {
                ck.regime(file, j.code.get(), r, &mut data);
            }
        }
        for r in &parsed.rules {
            claim(&mut ck, "rule", &r.id);
        }
    }

    // Pass 2: cross-references, then the rules.
    for (file, parsed) in &parsed {
        ck.jurisdiction_references(file, &parsed.jurisdiction, &data);
        for a in &parsed.authorities {
            ck.term(file, &data.taxonomy, Section::RecipientKinds, &a.kind);
        }
        let mut seen_rules = BTreeSet::new();
        for r in &parsed.rules {
            if !seen_rules.insert(r.id.get().clone()) {
                continue;
            }
            if let Some(rule) = ck.rule(file, parsed, r, &data) {
                data.rules.push(rule);
            }
        }
    }
    if !ck.diags.is_empty() {
        return Err(ck.finish());
    }
    data.rules.sort_by(|a, b| {
        (&a.jurisdiction, &a.regime, &a.id).cmp(&(&b.jurisdiction, &b.regime, &b.id))
    });
    data.index_rules();
    Ok(data)
}

fn taxonomy_from(file: raw::TaxonomyFile) -> Taxonomy {
    let mut sections = BTreeMap::new();
    let pairs = [
        (Section::PartyRoles, file.party_roles),
        (Section::IncidentKinds, file.incident_kinds),
        (Section::DataCategories, file.data_categories),
        (Section::Sectors, file.sectors),
        (Section::EntityTypes, file.entity_types),
        (Section::RecipientKinds, file.recipient_kinds),
        (Section::Facts, file.facts),
        (Section::Determinations, file.determinations),
    ];
    for (section, terms) in pairs {
        let terms = terms
            .into_iter()
            .map(|(k, t)| {
                (
                    k,
                    Term {
                        definition: t.definition,
                        question: t.question,
                        event: t.event,
                    },
                )
            })
            .collect();
        sections.insert(section, terms);
    }
    Taxonomy { sections }
}

struct Checker {
    diags: Vec<Diagnostic>,
    today: Option<Date>,
}

impl Checker {
    fn at(
        &mut self,
        file: &SourceFile,
        span: Range<usize>,
        lint: &'static str,
        message: String,
        hint: Option<String>,
    ) {
        let (line, column) = line_col(&file.text, span.start);
        self.diags.push(Diagnostic {
            file: file.display.clone(),
            line,
            column,
            lint,
            message,
            hint,
        });
    }

    fn finish(mut self) -> Diagnostics {
        self.diags
            .sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
        self.diags.dedup();
        Diagnostics(self.diags)
    }

    fn parse<T: serde::de::DeserializeOwned>(&mut self, file: &SourceFile) -> Option<T> {
        match toml::from_str::<T>(&file.text) {
            Ok(v) => Some(v),
            Err(e) => {
                let span = e.span().unwrap_or(0..0);
                let message = e.message().trim().to_string();
                let hint = parse_hint(&message);
                self.at(file, span, "parse", message, hint);
                None
            }
        }
    }

    fn origin(file: &SourceFile, span: Range<usize>) -> Origin {
        Origin {
            file: file.display.clone(),
            line: line_col(&file.text, span.start).0,
        }
    }

    fn jurisdiction(&mut self, file: &SourceFile, j: &raw::JurisdictionRaw, data: &mut Dataset) {
        let code = j.code.get();
        let expected = format!("jurisdictions/{}.toml", code.to_lowercase());
        if file.relative != expected {
            self.at(
                file,
                j.code.span(),
                "file-name",
                format!("jurisdiction `{code}` is in `{}`", file.relative),
                Some(format!("name the file `{expected}`")),
            );
        }
        if crate::codes::kind(code).is_none() {
            let hint = match crate::codes::suggest(code) {
                Some(s) => format!("did you mean `{s}`?"),
                None => "use ISO 3166-1 alpha-2 (`DE`), ISO 3166-2 (`US-CA`), or a code from the extension list in src/codes.rs (`EU`, `EEA`)".into(),
            };
            self.at(
                file,
                j.code.span(),
                "unknown-reference",
                format!("`{code}` is not an ISO 3166 code or a listed extension"),
                Some(hint),
            );
        }
        if j.kind == JurisdictionKind::Subdivision && j.parent.is_none() {
            self.at(
                file,
                j.code.span(),
                "unknown-reference",
                format!("subdivision `{code}` has no `parent`"),
                Some(format!(
                    "add `parent = \"{}\"`",
                    code.split('-').next().unwrap_or("")
                )),
            );
        }
        let time_zone = match TimeZone::get(j.time_zone.get()) {
            Ok(tz) => tz,
            Err(_) => {
                self.at(
                    file,
                    j.time_zone.span(),
                    "time-zone",
                    format!("unknown time zone `{}`", j.time_zone.get()),
                    Some(
                        "use an IANA zone name such as `Europe/Paris` or `America/New_York`".into(),
                    ),
                );
                TimeZone::UTC
            }
        };
        let holidays = j
            .holidays
            .iter()
            .filter_map(|h| self.date(file, h))
            .collect();
        for alias in &j.aliases {
            data.aliases.insert(alias.get().clone(), code.clone());
        }
        data.jurisdictions.insert(
            code.clone(),
            Jurisdiction {
                code: code.clone(),
                name: j.name.clone(),
                local_names: j.local_names.clone(),
                alt_names: j.alt_names.clone(),
                kind: j.kind,
                parent: j.parent.as_ref().map(|p| p.get().clone()),
                member_of: j.member_of.iter().map(|m| m.get().clone()).collect(),
                region: j.region,
                time_zone,
                time_zone_name: j.time_zone.get().clone(),
                aliases: j.aliases.iter().map(|a| a.get().clone()).collect(),
                holidays,
                competent: j
                    .competent
                    .iter()
                    .map(|(k, v)| (k.clone(), v.get().clone()))
                    .collect(),
                competent_choice: j.competent_choice.clone(),
                origin: Self::origin(file, j.code.span()),
            },
        );
    }

    fn jurisdiction_references(
        &mut self,
        file: &SourceFile,
        j: &raw::JurisdictionRaw,
        data: &Dataset,
    ) {
        let refs = j.parent.iter().chain(j.member_of.iter());
        for r in refs {
            self.known_jurisdiction(file, r, data);
        }
        for alias in &j.aliases {
            if data.jurisdictions.contains_key(alias.get()) {
                self.at(
                    file,
                    alias.span(),
                    "duplicate-id",
                    format!("alias `{}` is also a jurisdiction code", alias.get()),
                    None,
                );
            }
        }
        for (kind, id) in &j.competent {
            if !data.taxonomy.contains(Section::RecipientKinds, kind) {
                self.unknown_term(
                    file,
                    id.span(),
                    &data.taxonomy,
                    Section::RecipientKinds,
                    kind,
                );
            }
            match data.authorities.get(id.get()) {
                None => self.unknown_authority(file, id, data),
                Some(a) if &a.kind != kind => self.at(
                    file,
                    id.span(),
                    "authority",
                    format!("`{}` is a {} authority, not a {kind}", a.id, a.kind),
                    Some(format!(
                        "list it under `{}` or pick another authority",
                        a.kind
                    )),
                ),
                Some(_) => {}
            }
        }
    }

    fn known_jurisdiction(&mut self, file: &SourceFile, code: &Sp<String>, data: &Dataset) {
        if !data.jurisdictions.contains_key(code.get()) {
            let hint = did_you_mean(code.get(), data.jurisdictions.keys().map(String::as_str))
                .map(|s| format!("did you mean `{s}`?"))
                .or_else(|| {
                    Some(format!(
                        "add data/jurisdictions/{}.toml first",
                        code.get().to_lowercase()
                    ))
                });
            self.at(
                file,
                code.span(),
                "unknown-reference",
                format!("unknown jurisdiction `{}`", code.get()),
                hint,
            );
        }
    }

    fn authority(
        &mut self,
        file: &SourceFile,
        jurisdiction: &str,
        a: &raw::AuthorityRaw,
        data: &mut Dataset,
    ) {
        let prefix = format!("{}-", jurisdiction.to_lowercase());
        if !a.id.get().starts_with(&prefix) {
            self.at(
                file,
                a.id.span(),
                "id-prefix",
                format!(
                    "authority id `{}` does not start with `{prefix}`",
                    a.id.get()
                ),
                Some("authority ids start with their jurisdiction's code in lower case".into()),
            );
        }
        self.https(file, &a.website);
        if let Some(p) = &a.portal {
            self.https(file, p);
        }
        data.authorities.insert(
            a.id.get().clone(),
            Authority {
                id: a.id.get().clone(),
                jurisdiction: jurisdiction.to_string(),
                name: a.name.clone(),
                local_name: a.local_name.clone(),
                kind: a.kind.get().clone(),
                website: a.website.get().clone(),
                portal: a.portal.as_ref().map(|p| p.get().clone()),
                contact: a.contact.clone(),
                origin: Self::origin(file, a.id.span()),
            },
        );
    }

    fn regime(
        &mut self,
        file: &SourceFile,
        jurisdiction: &str,
        r: &raw::RegimeRaw,
        data: &mut Dataset,
    ) {
        self.https(file, &r.source);
        let status = *r.status.get();
        let from = r.applies_from.as_ref().and_then(|d| self.date(file, d));
        let until = r.applies_until.as_ref().and_then(|d| self.date(file, d));
        if status != LegalStatus::Proposed && r.applies_from.is_none() {
            self.at(
                file,
                r.status.span(),
                "missing-date",
                format!(
                    "regime `{}` is {} but has no `applies_from`",
                    r.id.get(),
                    status.label()
                ),
                Some("add the date it applies from, or set status = \"proposed\"".into()),
            );
        }
        if status == LegalStatus::Repealed && r.applies_until.is_none() {
            self.at(
                file,
                r.status.span(),
                "missing-date",
                format!(
                    "regime `{}` is repealed but has no `applies_until`",
                    r.id.get()
                ),
                Some("add the first day it no longer applies".into()),
            );
        }
        self.order(file, r.applies_until.as_ref(), from, until);
        let review = self.review(file, &r.review);
        data.regimes.insert(
            r.id.get().clone(),
            Regime {
                id: r.id.get().clone(),
                jurisdiction: jurisdiction.to_string(),
                title: r.title.clone(),
                citation: r.citation.clone(),
                source: r.source.get().clone(),
                status,
                applies_from: from,
                applies_until: until,
                summary: r.summary.clone(),
                scope: self.scope(file, r),
                review,
                origin: Self::origin(file, r.id.span()),
            },
        );
    }

    /// A regime's territorial scope: at least one basis, each once.
    fn scope(&mut self, file: &SourceFile, r: &raw::RegimeRaw) -> Vec<ScopeBasis> {
        if r.scope.is_empty() {
            self.at(
                file,
                r.id.span(),
                "scope",
                format!("regime `{}` declares no territorial scope", r.id.get()),
                Some("add one [[regimes.scope]] per basis (establishment, targeting, processing, residence) with the provision that says so, e.g. `basis = \"targeting\"`, `citation = \"Art. 3(2)\"`".into()),
            );
        }
        let mut out: Vec<ScopeBasis> = Vec::new();
        for entry in &r.scope {
            let basis = *entry.basis.get();
            if out.iter().any(|b| b.basis == basis) {
                self.at(
                    file,
                    entry.basis.span(),
                    "scope",
                    format!("scope basis `{}` is listed twice", basis.label()),
                    Some("give each basis once, with all its provisions in `citation`".into()),
                );
                continue;
            }
            out.push(ScopeBasis {
                basis,
                citation: entry.citation.clone(),
                note: entry.note.clone(),
            });
        }
        out
    }

    fn order(
        &mut self,
        file: &SourceFile,
        until_raw: Option<&Sp<String>>,
        from: Option<Date>,
        until: Option<Date>,
    ) {
        if let (Some(f), Some(u), Some(raw)) = (from, until, until_raw) {
            if u <= f {
                self.at(
                    file,
                    raw.span(),
                    "date-order",
                    format!("`applies_until` ({u}) is not after `applies_from` ({f})"),
                    Some("applies_until is the first day the text no longer applies".into()),
                );
            }
        }
    }

    fn review(&mut self, file: &SourceFile, r: &raw::ReviewRaw) -> Review {
        let date = self.date(file, &r.last_reviewed).unwrap_or(Date::MIN);
        if let Some(today) = self.today {
            if date > today {
                self.at(
                    file,
                    r.last_reviewed.span(),
                    "review-in-future",
                    format!("`last_reviewed` ({date}) is after today ({today})"),
                    Some("record the day the review actually happened".into()),
                );
            }
        }
        let status = *r.status.get();
        if status != ReviewStatus::Verified && r.note.as_deref().unwrap_or("").trim().is_empty() {
            self.at(
                file,
                r.status.span(),
                "review-note",
                format!("review status is {} but there is no `note`", status.label()),
                Some(
                    "say what was checked and what was not, so the next reviewer can finish".into(),
                ),
            );
        }
        Review {
            last_reviewed: date,
            reviewed_by: r.reviewed_by.clone(),
            status,
            note: r.note.clone(),
        }
    }

    fn rule(
        &mut self,
        file: &SourceFile,
        parsed: &raw::JurisdictionFile,
        r: &raw::RuleRaw,
        data: &Dataset,
    ) -> Option<Rule> {
        let errors_before = self.diags.len();
        let jurisdiction = parsed.jurisdiction.code.get().clone();
        let Some(regime_raw) = parsed.regimes.iter().find(|g| g.id.get() == r.regime.get()) else {
            let hint = did_you_mean(
                r.regime.get(),
                parsed.regimes.iter().map(|g| g.id.get().as_str()),
            )
            .map(|s| format!("did you mean `{s}`?"))
            .or_else(|| Some("a rule's regime must be defined in the same file".into()));
            self.at(
                file,
                r.regime.span(),
                "unknown-reference",
                format!("unknown regime `{}`", r.regime.get()),
                hint,
            );
            return None;
        };
        let regime = data.regimes.get(regime_raw.id.get())?;
        let source = match &r.source {
            Some(s) => {
                self.https(file, s);
                s.get().clone()
            }
            None => regime.source.clone(),
        };
        let from = r.applies_from.as_ref().and_then(|d| self.date(file, d));
        let until = r.applies_until.as_ref().and_then(|d| self.date(file, d));
        self.order(file, r.applies_until.as_ref(), from, until);
        let review = match &r.review {
            Some(rv) => self.review(file, rv),
            None => regime.review.clone(),
        };
        let mut when = self.conditions(file, &r.when, r.id.span(), regime, data);
        if r.obligations.is_empty() {
            self.at(
                file,
                r.id.span(),
                "no-obligations",
                format!("rule `{}` creates no obligations", r.id.get()),
                Some("add at least one [[rules.obligations]] table after the rule".into()),
            );
        }
        let mut obligations: Vec<ObligationSpec> = Vec::new();
        for o in &r.obligations {
            if obligations.iter().any(|p| &p.id == o.id.get()) {
                self.at(
                    file,
                    o.id.span(),
                    "duplicate-id",
                    format!(
                        "obligation id `{}` is used twice in rule `{}`",
                        o.id.get(),
                        r.id.get()
                    ),
                    None,
                );
                continue;
            }
            let spec = self.obligation(file, o, &when, &obligations, data);
            obligations.push(spec);
        }
        // A clock that starts at a determination makes the determination a
        // condition: until it is made, the obligation is conditional.
        for spec in &obligations {
            let clocks = std::iter::once(&spec.deadline.from)
                .chain(spec.deadline.at_latest.as_ref().map(|(from, _)| from));
            for clock in clocks {
                if let ClockStart::Determined(name) = clock {
                    if !when.criteria.determinations.contains(name) {
                        when.criteria.determinations.push(name.clone());
                    }
                }
            }
        }
        if self.diags.len() > errors_before {
            return None;
        }
        Some(Rule {
            id: r.id.get().clone(),
            regime: regime.id.clone(),
            jurisdiction,
            title: r.title.clone(),
            citation: r.citation.clone(),
            source,
            applies_from: from,
            applies_until: until,
            note: r.note.clone(),
            review,
            when,
            obligations,
            origin: Self::origin(file, r.id.span()),
        })
    }

    fn conditions(
        &mut self,
        file: &SourceFile,
        w: &raw::WhenRaw,
        rule_span: Range<usize>,
        regime: &Regime,
        data: &Dataset,
    ) -> Conditions {
        let tax = &data.taxonomy;
        let actor = match &w.actor {
            Some(a) => {
                self.term(file, tax, Section::PartyRoles, a);
                a.get().clone()
            }
            None => "organisation".to_string(),
        };
        if actor == "affected-people" {
            let span = w.actor.as_ref().map(|a| a.span()).unwrap_or(0..0);
            self.at(
                file,
                span,
                "unknown-term",
                "affected people do not notify anyone".into(),
                Some("use `organisation` or `service-provider`".into()),
            );
        }
        let (nexus, nexus_span) = match &w.nexus {
            Some(n) => (n.get().clone(), n.span()),
            None => (
                regime.scope.iter().map(|s| s.basis).collect::<Vec<_>>(),
                rule_span,
            ),
        };
        if w.nexus.as_ref().is_some_and(|n| n.get().is_empty()) {
            self.at(
                file,
                nexus_span.clone(),
                "unknown-term",
                "`nexus` is empty".into(),
                Some("list `establishment`, `residence`, `targeting` or `processing`, or leave `nexus` out to use the regime's scope".into()),
            );
        }
        for basis in &nexus {
            if !regime.scope.is_empty() && regime.scope_citation(*basis).is_none() {
                self.at(
                    file,
                    nexus_span.clone(),
                    "scope",
                    format!(
                        "nexus `{}` is not in the scope of regime `{}`",
                        basis.label(),
                        regime.id
                    ),
                    Some(format!(
                        "add a [[regimes.scope]] entry with basis = \"{}\" and its provision, or drop it from `nexus`",
                        basis.label()
                    )),
                );
            }
        }
        if w.per_residence
            && !nexus.contains(&Nexus::Residence)
            && !nexus.contains(&Nexus::Targeting)
        {
            self.at(
                file,
                nexus_span.clone(),
                "authority",
                "`per_residence = true` needs `residence` or `targeting` in `nexus`".into(),
                None,
            );
        }
        let mut criteria = self.criteria(file, w.criteria(), data);
        for block in &w.any_of {
            let c = self.criteria(file, block.view(), data);
            criteria.any_of.push(c);
        }
        for code in &w.not_established_in {
            self.known_jurisdiction(file, code, data);
        }
        Conditions {
            actor,
            nexus,
            established: w.established,
            not_established_in: w
                .not_established_in
                .iter()
                .map(|c| c.get().clone())
                .collect(),
            per_residence: w.per_residence,
            criteria,
        }
    }

    fn criteria(&mut self, file: &SourceFile, c: CriteriaView<'_>, data: &Dataset) -> Criteria {
        let tax = &data.taxonomy;
        let kinds: Vec<String> = c
            .kinds
            .iter()
            .map(|t| {
                if tax.contains(Section::Determinations, t.get()) {
                    self.at(
                        file,
                        t.span(),
                        "determination-as-kind",
                        format!("`{}` is a legal determination, not an incident kind", t.get()),
                        Some(format!(
                            "kinds say what happened; move it to `determinations = [\"{}\"]`, which is unknown until the organisation makes it",
                            t.get()
                        )),
                    );
                } else {
                    self.term(file, tax, Section::IncidentKinds, t);
                }
                t.get().clone()
            })
            .collect();
        let mut terms = |section: Section, list: &[Sp<String>]| -> Vec<String> {
            list.iter()
                .map(|t| {
                    self.term(file, tax, section, t);
                    t.get().clone()
                })
                .collect()
        };
        let sectors = terms(Section::Sectors, c.sectors);
        let entity_types = terms(Section::EntityTypes, c.entity_types);
        let facts = terms(Section::Facts, c.facts);
        let unless = terms(Section::Facts, c.unless);
        let determinations = terms(Section::Determinations, c.determinations);
        let mut combos = Vec::new();
        for combo in c.data {
            let parts: Vec<String> = combo
                .get()
                .split('+')
                .map(|p| p.trim().to_string())
                .collect();
            for part in &parts {
                if !tax.contains(Section::DataCategories, part) {
                    self.unknown_term(file, combo.span(), tax, Section::DataCategories, part);
                }
            }
            combos.push(parts);
        }
        if c.count.is_some()
            && c.affected_at_least.is_none()
            && c.affected_more_than.is_none()
            && c.affected_fewer_than.is_none()
        {
            let span = c
                .kinds
                .first()
                .or(c.data.first())
                .map(|s| s.span())
                .unwrap_or(0..0);
            self.at(
                file,
                span,
                "threshold",
                "`count` is set but there is no `affected_at_least` or `affected_more_than`".into(),
                Some("remove `count`, or add the threshold it qualifies".into()),
            );
        }
        Criteria {
            kinds,
            data: combos,
            sectors,
            entity_types,
            affected_at_least: c.affected_at_least,
            affected_more_than: c.affected_more_than,
            affected_fewer_than: c.affected_fewer_than,
            count: c.count.unwrap_or_default(),
            facts,
            unless,
            determinations,
            any_of: Vec::new(),
        }
    }

    fn obligation(
        &mut self,
        file: &SourceFile,
        o: &raw::ObligationRaw,
        when: &Conditions,
        earlier: &[ObligationSpec],
        data: &Dataset,
    ) -> ObligationSpec {
        self.term(file, &data.taxonomy, Section::RecipientKinds, &o.recipient);
        let authority = match (&o.authority, &o.authority_where) {
            (Some(a), Some(w)) => {
                self.at(
                    file,
                    w.span(),
                    "authority",
                    "both `authority` and `authority_where` are set".into(),
                    Some("keep `authority` for a fixed authority, or `authority_where` to resolve it".into()),
                );
                AuthoritySpec::Fixed(a.get().clone())
            }
            (Some(a), None) => {
                match data.authorities.get(a.get()) {
                    None => self.unknown_authority(file, a, data),
                    Some(found)
                        if &found.kind != o.recipient.get()
                            && data
                                .taxonomy
                                .contains(Section::RecipientKinds, o.recipient.get()) =>
                    {
                        self.at(
                            file,
                            a.span(),
                            "authority",
                            format!(
                                "`{}` is a {} authority but the recipient is `{}`",
                                found.id,
                                found.kind,
                                o.recipient.get()
                            ),
                            None,
                        )
                    }
                    Some(_) => {}
                }
                AuthoritySpec::Fixed(a.get().clone())
            }
            (None, Some(w)) => match w.get() {
                AuthorityWhere::Establishment => AuthoritySpec::WhereEstablished,
                AuthorityWhere::Residence => {
                    if !when.per_residence {
                        self.at(
                            file,
                            w.span(),
                            "authority",
                            "`authority_where = \"residence\"` needs `per_residence = true` in `[rules.when]`".into(),
                            Some("without it there is no single place of residence to resolve".into()),
                        );
                    }
                    AuthoritySpec::WhereResident
                }
            },
            (None, None) => AuthoritySpec::None,
        };
        ObligationSpec {
            id: o.id.get().clone(),
            recipient: o.recipient.get().clone(),
            authority,
            stage: o.stage.unwrap_or(Stage::Single),
            content: o.content.clone(),
            method: o.method.clone(),
            citation: o.citation.clone(),
            deadline: self.deadline(file, &o.deadline, when, earlier, data),
        }
    }

    fn deadline(
        &mut self,
        file: &SourceFile,
        d: &raw::DeadlineRaw,
        when: &Conditions,
        earlier: &[ObligationSpec],
        data: &Dataset,
    ) -> DeadlineSpec {
        let determination = self.clock_determination(file, d, when, data);
        let span = d.text.span();
        let limit = self.limit(
            file,
            span.clone(),
            [d.hours, d.days, d.business_days, d.months],
        );
        if matches!(limit, Some(Limit::Hours(_))) && d.end_of_day {
            self.at(
                file,
                span.clone(),
                "deadline",
                "`end_of_day` does not apply to a deadline in hours".into(),
                None,
            );
        }
        let from = self.clock_start(file, d.from.as_ref(), &determination, earlier);
        let at_latest = d.at_latest.as_ref().and_then(|cap| {
            let limit = self.limit(
                file,
                span.clone(),
                [cap.hours, cap.days, cap.business_days, cap.months],
            );
            if limit.is_none() {
                self.at(
                    file,
                    span.clone(),
                    "deadline",
                    "`at_latest` has no limit".into(),
                    Some("give it one of hours, days, business_days, months".into()),
                );
            }
            let from = self.clock_start(file, cap.from.as_ref(), &determination, earlier);
            limit.map(|l| (from, l))
        });
        if at_latest.is_some() && limit.is_none() {
            self.at(
                file,
                span,
                "deadline",
                "`at_latest` caps a deadline that has no limit of its own".into(),
                Some("move the limit out of `at_latest`, or give the deadline its own".into()),
            );
        }
        DeadlineSpec {
            text: d.text.get().clone(),
            from,
            limit,
            end_of_day: d.end_of_day,
            at_latest,
        }
    }

    /// The one limit of a deadline (hours, days, business days or months), in range.
    fn limit(
        &mut self,
        file: &SourceFile,
        span: std::ops::Range<usize>,
        [hours, days, business_days, months]: [Option<i64>; 4],
    ) -> Option<Limit> {
        let limits: Vec<Limit> = [
            hours.map(Limit::Hours),
            days.map(Limit::Days),
            business_days.map(Limit::BusinessDays),
            months.map(Limit::Months),
        ]
        .into_iter()
        .flatten()
        .collect();
        if limits.len() > 1 {
            self.at(
                file,
                span.clone(),
                "deadline",
                "a deadline has more than one of hours, days, business_days, months".into(),
                Some("keep the one the law uses".into()),
            );
        }
        let limit = limits.first().copied()?;
        let n = match limit {
            Limit::Hours(n) | Limit::Days(n) | Limit::BusinessDays(n) | Limit::Months(n) => n,
        };
        if !(1..=MAX_DEADLINE_UNITS).contains(&n) {
            self.at(
                file,
                span,
                "deadline",
                format!("a deadline of {n} is out of range"),
                Some(format!(
                    "use a number from 1 to {MAX_DEADLINE_UNITS} (in the unit the law uses)"
                )),
            );
        }
        Some(limit)
    }

    /// The determination a `from = "determined"` clock starts at: the
    /// deadline's `determination`, or the rule's only one.
    fn clock_determination(
        &mut self,
        file: &SourceFile,
        d: &raw::DeadlineRaw,
        when: &Conditions,
        data: &Dataset,
    ) -> String {
        let uses = |from: Option<&Sp<String>>| from.is_some_and(|f| f.get() == "determined");
        let used =
            uses(d.from.as_ref()) || uses(d.at_latest.as_ref().and_then(|c| c.from.as_ref()));
        if let Some(name) = &d.determination {
            self.term(file, &data.taxonomy, Section::Determinations, name);
            if !used {
                self.at(
                    file,
                    name.span(),
                    "deadline",
                    "`determination` is set but no clock starts at `determined`".into(),
                    Some("set `from = \"determined\"`, or remove `determination`".into()),
                );
            }
            return name.get().clone();
        }
        let declared = &when.criteria.determinations;
        if used && declared.len() != 1 {
            self.at(
                file,
                d.text.span(),
                "deadline",
                "the clock starts at `determined` but does not say which determination".into(),
                Some(format!(
                    "add `determination = \"...\"` (one of the `[determinations]` in taxonomy.toml){}",
                    if declared.is_empty() { String::new() } else { format!("; the rule lists {}", declared.join(", ")) }
                )),
            );
        }
        declared.first().cloned().unwrap_or_default()
    }

    fn clock_start(
        &mut self,
        file: &SourceFile,
        from: Option<&Sp<String>>,
        determination: &str,
        earlier: &[ObligationSpec],
    ) -> ClockStart {
        let Some(from) = from else {
            return ClockStart::Aware;
        };
        match from.get().as_str() {
            "aware" => ClockStart::Aware,
            "determined" => ClockStart::Determined(determination.to_string()),
            "year-end" => ClockStart::YearEnd,
            "ransom-paid" => ClockStart::RansomPaid,
            id => {
                if !earlier.iter().any(|o| o.id == id) {
                    let hint = did_you_mean(id, earlier.iter().map(|o| o.id.as_str()))
                        .map(|s| format!("did you mean `{s}`?"))
                        .unwrap_or_else(|| {
                            "use `aware`, `determined`, `ransom-paid`, `year-end`, or the id of an obligation listed earlier in this rule".into()
                        });
                    self.at(
                        file,
                        from.span(),
                        "unknown-reference",
                        format!("the clock starts at unknown obligation `{id}`"),
                        Some(hint),
                    );
                }
                ClockStart::Obligation(id.to_string())
            }
        }
    }

    fn term(&mut self, file: &SourceFile, tax: &Taxonomy, section: Section, t: &Sp<String>) {
        if !tax.contains(section, t.get()) {
            self.unknown_term(file, t.span(), tax, section, t.get());
        }
    }

    fn unknown_term(
        &mut self,
        file: &SourceFile,
        span: Range<usize>,
        tax: &Taxonomy,
        section: Section,
        term: &str,
    ) {
        let known = tax.terms(section);
        let hint = match did_you_mean(term, known.keys().map(String::as_str)) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!(
                "known terms in [{}]: {}; add new terms to taxonomy.toml first",
                section.key(),
                known.keys().cloned().collect::<Vec<_>>().join(", "),
            ),
        };
        self.at(
            file,
            span,
            "unknown-term",
            format!("unknown {} `{term}`", section.singular()),
            Some(hint),
        );
    }

    fn unknown_authority(&mut self, file: &SourceFile, id: &Sp<String>, data: &Dataset) {
        let hint = did_you_mean(id.get(), data.authorities.keys().map(String::as_str))
            .map(|s| format!("did you mean `{s}`?"))
            .or_else(|| Some("define it in an [[authorities]] table".into()));
        self.at(
            file,
            id.span(),
            "unknown-reference",
            format!("unknown authority `{}`", id.get()),
            hint,
        );
    }

    fn https(&mut self, file: &SourceFile, url: &Sp<String>) {
        let u = url.get();
        let ok = u.strip_prefix("https://").is_some_and(|rest| {
            !rest.is_empty() && !rest.starts_with('/') && !u.contains(char::is_whitespace)
        });
        if !ok {
            let hint = if u.starts_with("http://") {
                "official sources must be linked over https; most sites serve the same page at https://"
            } else {
                "write a full https:// URL"
            };
            self.at(
                file,
                url.span(),
                "https-url",
                format!("`{u}` is not an https URL"),
                Some(hint.into()),
            );
        }
    }

    fn date(&mut self, file: &SourceFile, d: &Sp<String>) -> Option<Date> {
        match d.get().parse::<Date>() {
            Ok(date) if d.get().len() == 10 => Some(date),
            _ => {
                self.at(
                    file,
                    d.span(),
                    "invalid-date",
                    format!("`{}` is not a valid date", d.get()),
                    Some("write dates as \"YYYY-MM-DD\", in quotes".into()),
                );
                None
            }
        }
    }
}

/// Far above any real deadline (ten years in days), so a typo cannot make
/// the engine count business days for ever.
const MAX_DEADLINE_UNITS: i64 = 3660;

/// A tip for the most common shape errors serde reports.
fn parse_hint(message: &str) -> Option<String> {
    if message.contains("unknown field") {
        Some("check the spelling against data/EXAMPLE.toml; unknown keys are errors so typos never pass silently".into())
    } else if message.contains("missing field") {
        Some("data/EXAMPLE.toml lists every required key".into())
    } else if message.contains("unknown variant") {
        None
    } else if message.contains("invalid type: date") || message.contains("datetime") {
        Some("write dates as quoted strings: \"2026-01-31\"".into())
    } else {
        None
    }
}
