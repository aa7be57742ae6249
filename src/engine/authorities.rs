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
        return out;
    }
    // No single authority for the place: its subdivisions have their own.
    // A representative established in one of them can decide it.
    if let Some(rep) = ctx
        .actor
        .representative_in
        .as_deref()
        .filter(|r| *r != place && data.is_within(r, &place))
    {
        if let Some(found) = data.competent_authority(rep, &spec.recipient) {
            out.authority = Some(found);
            out.notes.push(format!(
                "{place} has no single competent {}; {} is the one where the {}'s representative is established ({rep})",
                spec.recipient, found.name, ctx.actor.role
            ));
            if let Some(rule) = choice_rule(data, &place, &spec.recipient) {
                out.notes.push(rule);
            }
            return out;
        }
    }
    out.candidates = data
        .jurisdictions
        .values()
        .filter(|j| j.parent.as_deref() == Some(place.as_str()))
        .filter_map(|j| j.competent.get(&spec.recipient))
        .filter_map(|id| data.authorities.get(id))
        .collect();
    out.choose = choice_rule(data, &place, &spec.recipient);
    if out.candidates.is_empty() {
        out.notes.push(format!(
            "obligo records no competent {} for {place}; find the authority competent {how}",
            spec.recipient
        ));
    } else {
        out.questions.push(match &spec.authority {
            AuthoritySpec::WhereEstablished => format!(
                "In which subdivision of {place} is the {} established? Give its code in `established_in` (e.g. {}); it decides the competent {}.",
                ctx.actor.role,
                example_child(data, &place),
                spec.recipient
            ),
            _ => format!(
                "Which {} in {place} is competent? {} The {}'s representative's location (`representative_in`, e.g. {}) may decide it.",
                spec.recipient,
                out.choose.as_deref().unwrap_or("See the candidates."),
                ctx.actor.role,
                example_child(data, &place)
            ),
        });
    }
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
