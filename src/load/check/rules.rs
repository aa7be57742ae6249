//! Rules: their conditions and criteria, obligations, deadlines and clocks.

use std::ops::Range;

use super::super::raw::{self, AuthorityWhere, CriteriaView, Sp};
use super::super::{SourceFile, did_you_mean};
use super::{Checker, MAX_DEADLINE_UNITS};
use crate::model::*;

impl Checker {
    pub(super) fn rule(
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
        self.siblings = parsed
            .rules
            .iter()
            .filter(|x| x.regime.get() == r.regime.get())
            .map(|x| {
                let ids = x.obligations.iter().map(|o| o.id.get().clone()).collect();
                (x.id.get().clone(), ids)
            })
            .collect();
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
            review: review.into(),
            when,
            obligations,
            origin: Self::origin(file, r.id.span()).into(),
        })
    }

    pub(super) fn conditions(
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

    pub(super) fn criteria(
        &mut self,
        file: &SourceFile,
        c: CriteriaView<'_>,
        data: &Dataset,
    ) -> Criteria {
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

    pub(super) fn obligation(
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
            content: o.content.clone().into(),
            method: o.method.clone(),
            citation: o.citation.clone(),
            deadline: self.deadline(file, &o.deadline, when, earlier, data),
        }
    }

    pub(super) fn deadline(
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
    pub(super) fn limit(
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
    pub(super) fn clock_determination(
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

    pub(super) fn clock_start(
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
            "occurred" => ClockStart::Occurred,
            reference if reference.contains('#') => {
                let (rule, id) = reference.split_once('#').unwrap_or_default();
                let known = self
                    .siblings
                    .iter()
                    .find(|(r, _)| r == rule)
                    .map(|(_, ids)| ids.iter().any(|i| i == id));
                let problem = match known {
                    None => Some(format!(
                        "the clock starts at a notice of unknown rule `{rule}`"
                    )),
                    Some(false) => Some(format!("rule `{rule}` has no obligation `{id}`")),
                    Some(true) => None,
                };
                if let Some(message) = problem {
                    self.at(
                        file,
                        from.span(),
                        "unknown-reference",
                        message,
                        Some("write `rule-id#obligation-id` for a notice of another rule of the same regime in this file".into()),
                    );
                }
                ClockStart::Obligation {
                    rule: Some(rule.to_string()),
                    id: id.to_string(),
                }
            }
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
                ClockStart::Obligation {
                    rule: None,
                    id: id.to_string(),
                }
            }
        }
    }
}
