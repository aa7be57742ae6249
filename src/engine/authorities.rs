//! Where the recipient authority is decided: fixed by the rule, or the
//! competent one where the actor is established or where the affected
//! people live. Where that depends on a fact the incident lacks (a German
//! Land, an Art. 27 representative), the obligation names the candidate
//! authorities and the law's rule for choosing, and asks the question.

use super::obligations::Context;
use crate::model::*;

pub(super) struct Resolved<'a> {
    pub authority: Option<&'a Authority>,
    pub candidates: Vec<&'a Authority>,
    pub choose: Option<String>,
    pub notes: Vec<String>,
    pub questions: Vec<String>,
}

pub(super) fn resolve<'a>(ctx: &Context<'a>, spec: &ObligationSpec) -> Resolved<'a> {
    let data = ctx.data;
    let mut out = Resolved {
        authority: None,
        candidates: Vec::new(),
        choose: None,
        notes: Vec::new(),
        questions: Vec::new(),
    };
    let (place, how) = match &spec.authority {
        AuthoritySpec::None => return out,
        AuthoritySpec::Fixed(id) => {
            out.authority = data.authorities.get(id);
            return out;
        }
        AuthoritySpec::WhereEstablished => {
            let main = ctx
                .actor
                .established_in
                .iter()
                .flatten()
                .find(|c| data.is_within(c, &ctx.rule.jurisdiction))
                .cloned();
            (main, "where the organisation has its main establishment")
        }
        AuthoritySpec::WhereResident => (
            ctx.place.map(str::to_string),
            "where the affected people live",
        ),
    };
    let Some(place) = place else {
        out.notes.push(format!(
            "the competent {} is the one {how}; that place is not known",
            spec.recipient
        ));
        return out;
    };
    if let Some(found) = data.competent_authority(&place, &spec.recipient) {
        out.authority = Some(found);
        // Chosen among the subdivisions' authorities by the parent's rule.
        if matches!(spec.authority, AuthoritySpec::WhereResident) {
            let parent = data
                .jurisdictions
                .get(&place)
                .and_then(|j| j.parent.as_deref());
            if let Some(rule) = parent.and_then(|p| choice_rule(data, p, &spec.recipient)) {
                out.choose = Some(rule);
            }
        }
        return out;
    }
    // No single authority for the place: its subdivisions have their own
    // (Germany's Länder). The candidates are those of the subdivisions where
    // the affected people live, when the incident names them, else all.
    let child = |code: &str| data.child_towards(code, &place);
    let mut named: Vec<String> = match &spec.authority {
        AuthoritySpec::WhereEstablished => ctx
            .actor
            .established_in
            .iter()
            .flatten()
            .filter_map(|c| child(c))
            .collect(),
        _ => ctx
            .residents
            .iter()
            .filter_map(|p| p.jurisdiction.as_deref())
            .filter_map(child)
            .collect(),
    };
    named.sort();
    named.dedup();
    let by_subdivision = |codes: &mut dyn Iterator<Item = &str>| -> Vec<&'a Authority> {
        let mut found: Vec<&'a Authority> = codes
            .filter_map(|c| data.competent_authority(c, &spec.recipient))
            .collect();
        found.dedup_by(|a, b| a.id == b.id);
        found
    };
    out.candidates = if named.is_empty() {
        let mut all = data
            .jurisdictions
            .values()
            .filter(|j| j.parent.as_deref() == Some(place.as_str()))
            .map(|j| j.code.as_str());
        by_subdivision(&mut all)
    } else {
        by_subdivision(&mut named.iter().map(String::as_str))
    };
    out.choose = choice_rule(data, &place, &spec.recipient);
    if let Some(rep) = ctx.actor.representative_in.as_deref() {
        if let Some(found) = child(rep).and_then(|c| data.competent_authority(&c, &spec.recipient))
        {
            out.notes.push(format!(
                "the {}'s representative is established in {rep} ({}); whether that decides the competent {} is set out in the rule for choosing",
                ctx.actor.role, found.name, spec.recipient
            ));
            if !out.candidates.iter().any(|a| a.id == found.id) {
                out.candidates.insert(0, found);
            }
        }
    }
    if out.candidates.is_empty() {
        out.notes.push(format!(
            "obligo records no competent {} for {place}; find the authority competent {how}",
            spec.recipient
        ));
        return out;
    }
    if out.candidates.len() == 1 && !named.is_empty() && named.len() == 1 {
        // One subdivision named: its authority is the one.
        out.authority = out.candidates.pop();
        return out;
    }
    let example = example_child(data, &place);
    out.questions.push(match &spec.authority {
        AuthoritySpec::WhereEstablished => format!(
            "In which part of {place} is the {} established? Give its code in `established_in` (e.g. {example}); it decides the competent {}.",
            ctx.actor.role, spec.recipient
        ),
        _ => format!(
            "{place} has no single competent {}: in which parts of {place} do the affected people live? Give them as affected-people parties with codes such as {example}; the rule for choosing is with the candidates.",
            spec.recipient
        ),
    });
    out
}

fn choice_rule(data: &Dataset, place: &str, recipient: &str) -> Option<String> {
    data.jurisdictions
        .get(place)
        .and_then(|j| j.competent_choice.get(recipient))
        .cloned()
}

fn example_child(data: &Dataset, place: &str) -> String {
    data.jurisdictions
        .values()
        .find(|j| j.parent.as_deref() == Some(place))
        .map(|j| j.code.clone())
        .unwrap_or_else(|| format!("{place}-XX"))
}
