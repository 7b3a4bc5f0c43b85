//! Partial dates: `2020`, `2024-12` and `2024-12-17`, each standing for the
//! whole period it names.
//!
//! Curators write what the source says. "Tajikistan chaired CICA in 2018–2020"
//! gives years, not days, so `2020` must mean "some day in 2020", never
//! 2020-01-01. Comparisons therefore answer with what is *certain*: a date is
//! definitely before another only when its last possible day comes before the
//! other's first possible day. Partial dates are deliberately not `Ord`.

use std::fmt;

use chrono::{Datelike, NaiveDate};

/// A year, a month of a year, or a day.
///
/// ```
/// use recheck::date::{DateOrder, PartialDate};
///
/// let chair_ended = PartialDate::parse("2020").unwrap();
/// let next_started = PartialDate::parse("2020-09-29").unwrap();
/// // `2020` may be any day of 2020, so which came first cannot be told.
/// assert_eq!(chair_ended.compare(&next_started), DateOrder::Undecidable);
/// assert_eq!(chair_ended.latest().to_string(), "2020-12-31");
/// assert!(PartialDate::parse("2023-02-29").is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    year: i32,
    month: Option<u32>,
    day: Option<u32>,
}

/// Why a text is not a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// Not of the form `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    Format,
    /// A time after a full date that is not `HH:MM[:SS[.fff]]` with an
    /// optional zone `Z` or `±HH:MM`.
    Time,
    /// A month outside 1–12.
    Month { month: u32 },
    /// A day the month does not have.
    Day {
        year: i32,
        month: u32,
        day: u32,
        days_in_month: u32,
    },
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Format => f.write_str("a date is written YYYY, YYYY-MM or YYYY-MM-DD"),
            Self::Time => f.write_str(
                "a time after a date is written THH:MM, THH:MM:SS or with a fraction, then \
                 optionally a zone: Z or +HH:MM",
            ),
            Self::Month { month } => write!(f, "there is no month {month}"),
            Self::Day {
                year,
                month,
                day,
                days_in_month,
            } => write!(
                f,
                "{} {year} has {days_in_month} days, not {day}",
                MONTH_NAMES[(*month - 1) as usize]
            ),
        }
    }
}

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// How two partial dates relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    /// Every day the first may stand for comes before every day of the second.
    Before,
    /// Every day the first may stand for comes after every day of the second.
    After,
    /// Both name the same single day.
    Same,
    /// The periods share days, so the order of the true days cannot be told
    /// (`2020` against `2020-05-04`).
    Undecidable,
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (exactly four year digits).
    ///
    /// A full date may carry a time, as Popolo's datetimes do
    /// (`2015-03-04T10:00Z`, `2015-03-04T10:00:00+01:00`); the time is checked
    /// and the date stands for its day as written, in its own zone.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        match text.split_once('T') {
            Some((date, time)) => {
                let date = Self::parse_date(date)?;
                if date.day.is_none() {
                    return Err(DateError::Format);
                }
                check_time(time)?;
                Ok(date)
            }
            None => Self::parse_date(text),
        }
    }

    fn parse_date(text: &str) -> Result<Self, DateError> {
        let mut parts = text.split('-');
        let year = parts
            .next()
            .and_then(|p| digits(p, 4))
            .ok_or(DateError::Format)?;
        let month = parts
            .next()
            .map(|p| digits(p, 2).ok_or(DateError::Format))
            .transpose()?;
        let day = parts
            .next()
            .map(|p| digits(p, 2).ok_or(DateError::Format))
            .transpose()?;
        if parts.next().is_some() {
            return Err(DateError::Format);
        }
        let year = i32::try_from(year).map_err(|_| DateError::Format)?;
        Self::from_parts(year, month, day)
    }

    fn from_parts(year: i32, month: Option<u32>, day: Option<u32>) -> Result<Self, DateError> {
        if let Some(month) = month {
            if !(1..=12).contains(&month) {
                return Err(DateError::Month { month });
            }
            if let Some(day) = day {
                let days_in_month = days_in_month(year, month);
                if !(1..=days_in_month).contains(&day) {
                    return Err(DateError::Day {
                        year,
                        month,
                        day,
                        days_in_month,
                    });
                }
            }
        }
        Ok(Self { year, month, day })
    }

    /// The first day this date may stand for.
    pub fn earliest(&self) -> NaiveDate {
        ymd(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The last day this date may stand for.
    pub fn latest(&self) -> NaiveDate {
        let month = self.month.unwrap_or(12);
        ymd(
            self.year,
            month,
            self.day.unwrap_or_else(|| days_in_month(self.year, month)),
        )
    }

    /// True when the date names a single day.
    pub const fn is_day(&self) -> bool {
        self.day.is_some()
    }

    /// What is certain about the order of `self` and `other`.
    pub fn compare(&self, other: &Self) -> DateOrder {
        if self.latest() < other.earliest() {
            DateOrder::Before
        } else if self.earliest() > other.latest() {
            DateOrder::After
        } else if self.is_day() && other.is_day() {
            DateOrder::Same
        } else {
            DateOrder::Undecidable
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
        }
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

/// A run of exactly `len` ASCII digits.
/// Checks `HH:MM[:SS[.fff]][Z|±HH:MM|±HHMM]`.
fn check_time(text: &str) -> Result<(), DateError> {
    let zone_at = text.find(['Z', '+', '-']).unwrap_or(text.len());
    let (clock, zone) = text.split_at(zone_at);
    let mut parts = clock.splitn(3, ':');
    let hour = parts.next().and_then(|p| digits(p, 2));
    let minute = parts.next().and_then(|p| digits(p, 2));
    let second_ok = parts.next().is_none_or(|p| {
        let (whole, fraction) = p.split_once('.').unwrap_or((p, "0"));
        digits(whole, 2).is_some_and(|s| s <= 60)
            && !fraction.is_empty()
            && fraction.bytes().all(|b| b.is_ascii_digit())
    });
    let clock_ok = hour.is_some_and(|h| h <= 23) && minute.is_some_and(|m| m <= 59) && second_ok;
    let zone_ok = match zone.as_bytes().first() {
        None => true,
        Some(b'Z') => zone.len() == 1,
        Some(_) => {
            let offset = zone[1..].replace(':', "");
            digits(&offset, 4).is_some_and(|o| o / 100 <= 23 && o % 100 <= 59)
        }
    };
    if clock_ok && zone_ok {
        Ok(())
    } else {
        Err(DateError::Time)
    }
}

fn digits(text: &str, len: usize) -> Option<u32> {
    (text.len() == len && text.bytes().all(|b| b.is_ascii_digit())).then(|| text.parse().ok())?
}

fn days_in_month(year: i32, month: u32) -> u32 {
    let (next_year, next_month) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    let first_of_next = ymd(next_year, next_month, 1);
    first_of_next.pred_opt().map_or(31, |d| d.day())
}

/// A calendar day from parts already checked to exist.
fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(NaiveDate::MAX)
}

/// A term of office: a start date and an end date, either possibly missing.
///
/// A missing bound is *unknown*, not open: a term with no end is only known to
/// hold on its start day (it may have ended the next day), and a term with no
/// start only on the day before its end. So a missing date never stretches a
/// term into a definite overlap, while a term that starts inside another,
/// fully dated term still overlaps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub start: Option<PartialDate>,
    pub end: Option<PartialDate>,
}

/// How two periods relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodOverlap {
    /// Whatever days the dates stand for, the periods share more than a
    /// hand-over day.
    Overlapping,
    /// The periods never share a day, or only touch (one ends the day the other
    /// starts, as a rotating chair is handed over).
    Disjoint,
    /// They may or may not overlap, depending on the days the dates stand for
    /// or on the bounds that are missing.
    Undecidable,
}

/// The range of days a bound may fall on: `(earliest, latest)`.
pub type Bound = (NaiveDate, NaiveDate);

impl Period {
    /// Whether `self` and `other` overlap, given only what the dates say.
    pub fn overlap(&self, other: &Self) -> PeriodOverlap {
        let (Some(a), Some(b)) = (self.known_days(), other.known_days()) else {
            return PeriodOverlap::Undecidable;
        };
        // The days are half-open, [start, end): a term ending on the day the
        // next starts hands over that day instead of sharing it.
        let ((a_start, a_end), (b_start, b_end)) = (a, b);
        let definite = a_start.1 < b_end.0 && b_start.1 < a_end.0;
        let possible = a_start.0 < b_end.1 && b_start.0 < a_end.1;
        match (definite, possible) {
            (true, _) => PeriodOverlap::Overlapping,
            (false, true) => PeriodOverlap::Undecidable,
            (false, false) => PeriodOverlap::Disjoint,
        }
    }

    /// The days the term is known to cover, as half-open `[start, end)`
    /// bounds; `None` without any date.
    pub fn known_days(&self) -> Option<(Bound, Bound)> {
        let range = |d: PartialDate| (d.earliest(), d.latest());
        match (self.start, self.end) {
            (Some(start), Some(end)) => Some((range(start), range(end))),
            (Some(start), None) => Some((range(start), shift(range(start), 1))),
            (None, Some(end)) => Some((shift(range(end), -1), range(end))),
            (None, None) => None,
        }
    }
}

/// Moves both ends of a bound by `days`.
fn shift((earliest, latest): Bound, days: i64) -> Bound {
    let by = chrono::Duration::days(days);
    (
        earliest.checked_add_signed(by).unwrap_or(earliest),
        latest.checked_add_signed(by).unwrap_or(latest),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> PartialDate {
        PartialDate::parse(text).unwrap()
    }

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_full_date_may_carry_a_time_and_zone() {
        for text in [
            "2015-03-04T10:00Z",
            "2015-03-04T10:00",
            "2015-03-04T10:00:59.123+01:00",
            "2015-03-04T23:59:60-0530",
        ] {
            let date = PartialDate::parse(text).map(|d| d.to_string());
            assert_eq!(date, Ok("2015-03-04".to_owned()), "{text}");
        }
        for text in [
            "2015-03T10:00Z",
            "2015-03-04T",
            "2015-03-04T24:00",
            "2015-03-04T10:60",
            "2015-03-04T10:00Zulu",
            "2015-03-04T10:00+1",
            "2015-03-04T10:00:00.",
            "2015-03-04T1é:00",
        ] {
            assert!(PartialDate::parse(text).is_err(), "{text}");
        }
        assert_eq!(
            PartialDate::parse("2015-02-30T10:00Z").map_err(|e| matches!(e, DateError::Day { .. })),
            Err(true)
        );
    }

    #[test]
    fn parses_each_precision_and_displays_it_back() {
        for text in ["2020", "2024-12", "2024-12-17", "0999", "2000-02-29"] {
            assert_eq!(d(text).to_string(), text);
        }
    }

    #[test]
    fn rejects_impossible_and_malformed_dates() {
        let cases: &[(&str, DateError)] = &[
            (
                "2023-02-29",
                DateError::Day {
                    year: 2023,
                    month: 2,
                    day: 29,
                    days_in_month: 28,
                },
            ),
            (
                "1900-02-29",
                DateError::Day {
                    year: 1900,
                    month: 2,
                    day: 29,
                    days_in_month: 28,
                },
            ),
            (
                "2024-06-31",
                DateError::Day {
                    year: 2024,
                    month: 6,
                    day: 31,
                    days_in_month: 30,
                },
            ),
            (
                "2024-04-00",
                DateError::Day {
                    year: 2024,
                    month: 4,
                    day: 0,
                    days_in_month: 30,
                },
            ),
            ("2024-13", DateError::Month { month: 13 }),
            ("2024-00-10", DateError::Month { month: 0 }),
            ("2016--01-15", DateError::Format),
            ("20", DateError::Format),
            ("99999999-01-01", DateError::Format),
            ("-0001-01-01", DateError::Format),
            ("2024-1-5", DateError::Format),
            ("2024-01-05-", DateError::Format),
            ("2024/01/05", DateError::Format),
            ("", DateError::Format),
            ("２０２４", DateError::Format),
        ];
        for (text, expected) in cases {
            assert_eq!(PartialDate::parse(text).as_ref(), Err(expected), "{text}");
        }
    }

    #[test]
    fn explains_impossible_days() {
        let err = PartialDate::parse("2023-02-29").unwrap_err();
        assert_eq!(err.to_string(), "February 2023 has 28 days, not 29");
    }

    #[test]
    fn a_partial_date_stands_for_its_whole_period() {
        let cases = [
            ("2020", "2020-01-01", "2020-12-31"),
            ("2024-02", "2024-02-01", "2024-02-29"),
            ("2023-02", "2023-02-01", "2023-02-28"),
            ("2000-02", "2000-02-01", "2000-02-29"),
            ("2024-04", "2024-04-01", "2024-04-30"),
            ("2024-12", "2024-12-01", "2024-12-31"),
            ("2024-12-17", "2024-12-17", "2024-12-17"),
        ];
        for (text, earliest, latest) in cases {
            assert_eq!(d(text).earliest(), day(earliest), "{text}");
            assert_eq!(d(text).latest(), day(latest), "{text}");
        }
    }

    #[test]
    fn compares_only_what_is_certain() {
        use DateOrder::*;
        let cases = [
            ("2018", "2020", Before),
            ("2020", "2018", After),
            ("2020", "2020", Undecidable),
            ("2020", "2020-05-04", Undecidable),
            ("2020-05", "2020-05-31", Undecidable),
            ("2020-05", "2020-06-01", Before),
            ("2020-12-31", "2021", Before),
            ("2021-01-01", "2020", After),
            ("2024-12-17", "2024-12-17", Same),
            ("2024-12-17", "2024-12-18", Before),
            ("2024-02-29", "2024-02", Undecidable),
        ];
        for (a, b, expected) in cases {
            assert_eq!(d(a).compare(&d(b)), expected, "{a} vs {b}");
        }
    }

    #[test]
    fn periods_overlap_only_when_certain() {
        use PeriodOverlap::*;
        let p = |s: Option<&str>, e: Option<&str>| Period {
            start: s.map(d),
            end: e.map(d),
        };
        let cases = [
            // A hand-over day is not an overlap.
            (
                p(Some("2022-10-13"), Some("2024-12-17")),
                p(Some("2024-12-17"), Some("2026")),
                Disjoint,
            ),
            (
                p(Some("2018"), Some("2020")),
                p(Some("2022"), Some("2024")),
                Disjoint,
            ),
            (
                p(Some("2018"), Some("2020")),
                p(Some("2019"), Some("2021")),
                Overlapping,
            ),
            // Year-precision end and start in the same year: may or may not touch.
            (
                p(Some("2018"), Some("2020")),
                p(Some("2020"), Some("2022")),
                Undecidable,
            ),
            (
                p(Some("2020-03"), Some("2020-06")),
                p(Some("2020-06"), Some("2020-09")),
                Undecidable,
            ),
            // A missing end never stretches a term into another...
            (
                p(Some("2020-03"), None),
                p(Some("2021"), Some("2022")),
                Disjoint,
            ),
            (p(Some("2020"), None), p(Some("2022"), None), Disjoint),
            // ...but a term starting inside a fully dated one overlaps it.
            (
                p(Some("2018"), Some("2022")),
                p(Some("2020"), None),
                Overlapping,
            ),
            (
                p(Some("2020-01-01"), Some("2022")),
                p(Some("2020-01-01"), None),
                Overlapping,
            ),
            // A term with only an end held the day before it.
            (
                p(None, Some("2024-12-17")),
                p(Some("2024-12-10"), Some("2025")),
                Overlapping,
            ),
            (
                p(None, Some("2024-12-17")),
                p(Some("2024-12-17"), Some("2025")),
                Disjoint,
            ),
            // Inclusive half-year terms.
            (
                p(Some("2023-01-01"), Some("2023-06-30")),
                p(Some("2023-07-01"), Some("2023-12-31")),
                Disjoint,
            ),
            (
                p(Some("2022-10-13"), Some("2024-12-18")),
                p(Some("2024-12-17"), Some("2026")),
                Overlapping,
            ),
            (p(None, None), p(Some("2021"), Some("2022")), Undecidable),
            (
                p(Some("2024-12-17"), Some("2026")),
                p(Some("2018"), Some("2020")),
                Disjoint,
            ),
        ];
        for (a, b, expected) in cases {
            assert_eq!(a.overlap(&b), expected, "{a:?} vs {b:?}");
            assert_eq!(b.overlap(&a), expected, "symmetry: {b:?} vs {a:?}");
        }
    }
}
