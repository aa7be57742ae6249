//! The incident form's one flow, from its fields to an answer in any format.
//! The server's page and downloads and the static site's WebAssembly engine
//! all go through it, so they cannot answer the same incident differently.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use maud::Markup;

use super::Site;
use super::assess::{Outcome, assess_page, query_string};
use super::form::{AssessForm, FormError, parse_form};
use crate::engine::{self, Assessment};
use crate::format::{self, Tlp};
use crate::incident::{IncidentError, Problem};
use crate::model::Dataset;

/// What the form's fields led to.
pub enum Assessed {
    /// No incident yet: the empty form.
    Blank(AssessForm),
    /// The incident cannot be assessed as given; each problem names a form field.
    Problems(AssessForm, Vec<Problem>),
    Answer(AssessForm, Assessment, TimeZone),
}

/// The form's fields from a query string or URL fragment (`a=1&b=2`): the
/// server's `?…` and the static engine's `#…` are read by this one parser.
pub fn form_fields(query: &str) -> Vec<(String, String)> {
    url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect()
}

/// Reads the form's fields, checks the incident against the dataset and
/// assesses it at `now`. Only a form that cannot be read at all is an error.
pub fn assess_fields(
    data: &Dataset,
    pairs: &[(String, String)],
    now: Timestamp,
) -> Result<Assessed, FormError> {
    let form = parse_form(pairs)?;
    if form.is_empty() {
        return Ok(Assessed::Blank(form));
    }
    let input = match form.to_incident() {
        Ok(i) => i,
        Err(problems) => return Ok(Assessed::Problems(form, problems)),
    };
    Ok(match input.check(data) {
        Ok(incident) => {
            let zone = form.zone().unwrap_or(TimeZone::UTC);
            let assessment = engine::assess(data, &incident, now);
            Assessed::Answer(form, assessment, zone)
        }
        Err(IncidentError::Invalid(problems)) => {
            // The check names the incident's parties; the page, the form's rows.
            let problems = problems
                .into_iter()
                .map(|p| Problem {
                    field: form.form_field(&p.field),
                    ..p
                })
                .collect();
            Assessed::Problems(form, problems)
        }
        Err(e @ IncidentError::Syntax { .. }) => Assessed::Problems(
            form,
            vec![Problem {
                field: "incident".into(),
                message: e.to_string(),
            }],
        ),
    })
}

impl Assessed {
    /// The assess page for this outcome; `pairs` are the fields it came from.
    pub fn page(&self, site: Site<'_>, pairs: &[(String, String)]) -> Markup {
        match self {
            Assessed::Blank(form) => assess_page(site, form, Outcome::Blank),
            Assessed::Problems(form, problems) => {
                assess_page(site, form, Outcome::Problems(problems))
            }
            Assessed::Answer(form, assessment, zone) => assess_page(
                site,
                form,
                Outcome::Answer {
                    assessment,
                    zone,
                    query: &query_string(pairs),
                },
            ),
        }
    }
}

/// The answer's downloadable formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Download {
    Markdown,
    Json,
    Calendar,
}

impl Download {
    pub const ALL: [Download; 3] = [Download::Markdown, Download::Json, Download::Calendar];

    /// The name in a page's links (`assess.md`, `data-download="md"`).
    pub fn extension(self) -> &'static str {
        match self {
            Download::Markdown => "md",
            Download::Json => "json",
            Download::Calendar => "ics",
        }
    }

    pub fn from_extension(extension: &str) -> Option<Download> {
        Download::ALL
            .into_iter()
            .find(|d| d.extension() == extension)
    }

    pub fn label(self) -> &'static str {
        match self {
            Download::Markdown => "Markdown",
            Download::Json => "JSON",
            Download::Calendar => "iCalendar",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Download::Markdown => "text/markdown; charset=utf-8",
            Download::Json => "application/json",
            Download::Calendar => "text/calendar; charset=utf-8",
        }
    }

    pub fn render(self, assessment: &Assessment, zone: &TimeZone, tlp: Option<Tlp>) -> String {
        match self {
            Download::Markdown => format::markdown(assessment, zone, tlp),
            Download::Json => format::json(assessment, Some(zone), tlp),
            Download::Calendar => format::ics(assessment, tlp),
        }
    }
}
