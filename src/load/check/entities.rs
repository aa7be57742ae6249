//! Jurisdictions, authorities and regimes (with their scope and review).

use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::super::raw::{self, Sp};
use super::super::{SourceFile, did_you_mean};
use super::Checker;
use crate::model::*;

impl Checker {
    pub(super) fn jurisdiction(
        &mut self,
        file: &SourceFile,
        j: &raw::JurisdictionRaw,
        data: &mut Dataset,
    ) {
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
        let review = j.review.as_ref().map(|r| self.review(file, r));
        if let Some(duty) = &j.breach_duty {
            let noted = j
                .review
                .as_ref()
                .is_some_and(|r| r.note.as_deref().is_some_and(|n| !n.trim().is_empty()));
            if !noted {
                self.at(
                    file,
                    duty.span(),
                    "review-note",
                    format!(
                        "`breach_duty = \"{}\"` needs a `[jurisdiction.review]` with a `note`",
                        match duty.get() {
                            BreachDuty::NoneFound => "none-found",
                            BreachDuty::Voluntary => "voluntary",
                        }
                    ),
                    Some("say what was checked (laws, regulator pages) and when, so \"no duty found\" is a reviewed answer".into()),
                );
            }
        }
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
                within: Vec::new(),
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
                breach_duty: j.breach_duty.as_ref().map(|b| *b.get()),
                review,
                origin: Self::origin(file, j.code.span()),
            },
        );
    }

    pub(super) fn jurisdiction_references(
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

    pub(super) fn known_jurisdiction(
        &mut self,
        file: &SourceFile,
        code: &Sp<String>,
        data: &Dataset,
    ) {
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

    pub(super) fn authority(
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

    pub(super) fn regime(
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
    pub(super) fn scope(&mut self, file: &SourceFile, r: &raw::RegimeRaw) -> Vec<ScopeBasis> {
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

    pub(super) fn order(
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

    pub(super) fn review(&mut self, file: &SourceFile, r: &raw::ReviewRaw) -> Review {
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
}
