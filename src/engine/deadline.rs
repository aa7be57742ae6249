//! Calendar arithmetic for deadlines: real time zones, DST, weekends and
//! public holidays, with `jiff`. Pure functions of their inputs.

use std::collections::BTreeSet;

use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ToSpan};

use crate::model::Limit;

/// The first instant of the next calendar year in `tz`: the end of the year
/// in which `at` falls, for clocks that run from the year's end.
pub fn end_of_year(at: Timestamp, tz: &TimeZone) -> Option<Timestamp> {
    let year = at.to_zoned_datetime(tz.clone()).year().checked_add(1)?;
    jiff::civil::Date::new(year, 1, 1)
        .ok()?
        .to_zoned_datetime(tz.clone())
        .ok()
        .map(|z| z.timestamp())
}

/// The instant a deadline of `limit` falls due when its clock starts at
/// `start`, counting days in `tz` and skipping `holidays` for business days.
///
/// Days and months keep the wall-clock time (so a deadline across a DST
/// change moves by an hour in UTC); `end_of_day` moves it to 23:59:59 of
/// the last day. `None` only if the arithmetic overflows the supported range.
pub fn due_at(
    start: Timestamp,
    limit: Limit,
    end_of_day: bool,
    tz: &TimeZone,
    holidays: Option<&BTreeSet<Date>>,
) -> Option<Timestamp> {
    let local = start.to_zoned_datetime(tz.clone());
    let due = match limit {
        Limit::Hours(n) => return start.checked_add(SignedDuration::from_hours(n)).ok(),
        Limit::Days(n) => local.checked_add(n.days()).ok()?,
        Limit::Months(n) => local.checked_add(n.months()).ok()?,
        Limit::BusinessDays(n) => {
            let mut day = local;
            let mut counted = 0;
            while counted < n {
                day = day.checked_add(1.day()).ok()?;
                if is_business_day(day.date(), holidays) {
                    counted += 1;
                }
            }
            day
        }
    };
    if end_of_day {
        // The last second of the last day, so every output shows the day the
        // law means ("3 days after the 3rd" ends on the 6th, not at 00:00
        // on the 7th).
        let next = due.date().tomorrow().ok()?;
        return next
            .to_zoned_datetime(tz.clone())
            .ok()
            .and_then(|z| z.timestamp().checked_sub(SignedDuration::from_secs(1)).ok());
    }
    Some(due.timestamp())
}

/// Monday to Friday, except listed public holidays.
pub fn is_business_day(date: Date, holidays: Option<&BTreeSet<Date>>) -> bool {
    !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
        && !holidays.is_some_and(|h| h.contains(&date))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn hours_are_elapsed_time_across_dst() {
        let berlin = TimeZone::get("Europe/Berlin").unwrap();
        // 2026-03-29 02:00 CET -> 03:00 CEST: 72 h later is 17:30 local, not 16:30.
        let due = due_at(
            ts("2026-03-27T15:30:00Z"),
            Limit::Hours(72),
            false,
            &berlin,
            None,
        );
        assert_eq!(due, Some(ts("2026-03-30T15:30:00Z")));
    }

    #[test]
    fn days_keep_wall_clock_time_across_dst() {
        let berlin = TimeZone::get("Europe/Berlin").unwrap();
        // 16:30 CET on 27 March; 3 days later is 16:30 CEST = 14:30 UTC.
        let due = due_at(
            ts("2026-03-27T15:30:00Z"),
            Limit::Days(3),
            false,
            &berlin,
            None,
        );
        assert_eq!(due, Some(ts("2026-03-30T14:30:00Z")));
    }

    #[test]
    fn business_days_skip_weekends_and_holidays() {
        let ny = TimeZone::get("America/New_York").unwrap();
        let holidays: BTreeSet<Date> = ["2026-09-07".parse().unwrap()].into();
        // Friday 4 Sep 2026 10:00 EDT; Mon 7 Sep is Labor Day: Tue, Wed, Thu, Fri.
        let due = due_at(
            ts("2026-09-04T14:00:00Z"),
            Limit::BusinessDays(4),
            false,
            &ny,
            Some(&holidays),
        );
        assert_eq!(due, Some(ts("2026-09-11T14:00:00Z")));
    }

    #[test]
    fn end_of_day_is_the_last_second_of_the_last_local_day() {
        let sg = TimeZone::get("Asia/Singapore").unwrap();
        let due = due_at(ts("2026-05-04T02:00:00Z"), Limit::Days(3), true, &sg, None);
        // 4 May 10:00 SGT + 3 days = 7 May; its last second is 23:59:59 SGT = 15:59:59 UTC.
        assert_eq!(due, Some(ts("2026-05-07T15:59:59Z")));
    }

    #[test]
    fn months_clamp_to_month_end() {
        let paris = TimeZone::get("Europe/Paris").unwrap();
        let due = due_at(
            ts("2026-01-31T09:00:00Z"),
            Limit::Months(1),
            false,
            &paris,
            None,
        );
        assert_eq!(due, Some(ts("2026-02-28T09:00:00Z")));
    }
}
