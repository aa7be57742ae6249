//! Reading an instant: RFC 3339 with an offset, optionally with an RFC 9557
//! zone, inside the years obligo handles.

use super::*;

/// Parses an instant with its zone: RFC 9557 with a bracketed zone, or RFC
/// 3339 with an offset (the offset is then the display zone).
pub fn parse_instant(s: &str) -> Result<(Timestamp, TimeZone), String> {
    let hint = "expected a date and time with an offset, e.g. `2026-03-06T16:30:00+01:00` or `2026-03-06T16:30:00+01:00[Europe/Berlin]`";
    if s.len() > 100 {
        return Err(format!(
            "a date and time of {} bytes is not one; {hint}",
            s.len()
        ));
    }
    // jiff reads a leap second as :59; say so rather than move the instant.
    if s.get(17..19) == Some("60") && s.get(16..17) == Some(":") {
        return Err(format!(
            "`{s}` is a leap second, which obligo does not count; use :59 (the deadline is at most one second earlier)"
        ));
    }
    let pieces =
        Pieces::parse(s).map_err(|e| format!("`{s}` is not a date and time ({e}); {hint}"))?;
    let zone = pieces.to_time_zone().map_err(|e| format!("`{s}`: {e}"))?;
    let offset_zone = pieces.to_numeric_offset().map(TimeZone::fixed);
    if pieces.time().is_none() {
        return Err(format!("`{s}` has no time of day; {hint}"));
    }
    let (instant, zone) = match (zone, offset_zone) {
        (Some(tz), _) => {
            let zdt = s
                .parse::<jiff::ZonedDateTime>()
                .map_err(|e| format!("`{s}`: {e}"))?;
            (zdt.timestamp(), tz)
        }
        (None, Some(tz)) => {
            let ts = s.parse::<Timestamp>().map_err(|e| format!("`{s}`: {e}"))?;
            (ts, tz)
        }
        (None, None) => {
            return Err(format!(
                "`{s}` has no offset or time zone, so the instant is ambiguous; {hint}"
            ));
        }
    };
    // Deadlines are computed up to years ahead: an instant outside this
    // range is a typo, and near the end of the calendar a deadline could
    // not be computed at all (and would read as "no outer limit").
    let year = instant.to_zoned_datetime(TimeZone::UTC).year();
    if !(1970..=2200).contains(&year) {
        return Err(format!(
            "`{s}` is in the year {year}; obligo handles instants from 1970 to 2200"
        ));
    }
    Ok((instant, zone))
}
