//! Places and who receives notices there: jurisdictions and authorities.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Serialize;

use super::*;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum JurisdictionKind {
    Country,
    Subdivision,
    Territory,
    Supranational,
}

impl JurisdictionKind {
    pub fn label(self) -> &'static str {
        match self {
            JurisdictionKind::Country => "country",
            JurisdictionKind::Subdivision => "subdivision",
            JurisdictionKind::Territory => "territory",
            JurisdictionKind::Supranational => "supranational",
        }
    }
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Region {
    Europe,
    NorthAmerica,
    LatinAmerica,
    AsiaPacific,
    MiddleEast,
    Africa,
}

impl Region {
    pub fn label(self) -> &'static str {
        match self {
            Region::Europe => "Europe",
            Region::NorthAmerica => "North America",
            Region::LatinAmerica => "Latin America",
            Region::AsiaPacific => "Asia-Pacific",
            Region::MiddleEast => "Middle East",
            Region::Africa => "Africa",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Jurisdiction {
    pub code: String,
    pub name: String,
    pub local_names: Vec<String>,
    pub alt_names: Vec<String>,
    pub kind: JurisdictionKind,
    pub parent: Option<String>,
    pub member_of: Vec<String>,
    /// Every jurisdiction whose law reaches this one (parents and unions,
    /// nearest first, itself excluded), computed once at load by
    /// [`Dataset::index_rules`] so the engine's `is_within` is a short scan.
    pub within: Vec<String>,
    pub region: Region,
    pub time_zone: TimeZone,
    pub time_zone_name: String,
    pub aliases: Vec<String>,
    pub holidays: BTreeSet<Date>,
    /// Recipient kind to the authority that receives that kind of notice here.
    pub competent: BTreeMap<String, String>,
    /// Recipient kind to how the competent authority is chosen among those
    /// of the subdivisions, where this jurisdiction has none of its own
    /// (Germany: 16 Land data-protection authorities).
    pub competent_choice: BTreeMap<String, String>,
    /// A reviewed finding that there is no general breach-notification duty
    /// (or only a voluntary one): an answer, unlike a place obligo has no
    /// data for.
    pub breach_duty: Option<BreachDuty>,
    /// Who checked the jurisdiction as a whole, when, and what was checked
    /// (required with `breach_duty`).
    pub review: Option<Review>,
    pub origin: Origin,
}

/// What a review of a jurisdiction found when it has no regime that
/// creates a general breach-notification duty.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum BreachDuty {
    /// Reviewed: no general duty to notify a data breach was found.
    NoneFound,
    /// Reviewed: notice is only recommended (regulator guidance).
    Voluntary,
}

impl BreachDuty {
    pub fn label(self) -> &'static str {
        match self {
            BreachDuty::NoneFound => "no general breach-notification duty found",
            BreachDuty::Voluntary => "breach notification is voluntary (recommended, not required)",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Authority {
    pub id: String,
    pub jurisdiction: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub local_name: Option<String>,
    pub kind: String,
    pub website: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub portal: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    pub origin: Origin,
}
