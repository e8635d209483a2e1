//! Event dates: the day, month or year an event happened, with its precision.
//!
//! Explicit expressions in the sentence ("in July 2019", "on Wednesday",
//! "in 2002", "last month") are resolved against the publication date; without
//! one, an event carries the publication date. Weekday names refer to the days
//! just before publication (news reports the past).

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventDate {
    Day(NaiveDate),
    Month(i32, u32),
    Year(i32),
    Unknown,
}

impl std::fmt::Display for EventDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EventDate::Day(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            EventDate::Month(y, m) => write!(f, "{y:04}-{m:02}"),
            EventDate::Year(y) => write!(f, "{y:04}"),
            EventDate::Unknown => Ok(()),
        }
    }
}

impl Serialize for EventDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            EventDate::Unknown => s.serialize_none(),
            d => s.serialize_str(&d.to_string()),
        }
    }
}

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const WEEKDAYS: &[(&str, Weekday)] = &[
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

const SHORT_MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Words after which a bare year is a date: "in 2002", "between 2014 and 2016",
/// "since 2014", "early 2019".
const YEAR_BEFORE: &[&str] = &[
    "in", "since", "until", "till", "during", "between", "and", "from", "to", "of", "by", "after",
    "before", "early", "late", "mid", "around", "through", "spring", "summer", "autumn", "fall",
    "winter", "year", "–", "-",
];

/// Whether a word, in any case, is a month's full name ("May", "april").
pub(crate) fn is_month_name(w: &str) -> bool {
    MONTHS.iter().any(|m| m.eq_ignore_ascii_case(w))
}

/// The month a word names: "july", "jul", "jul." ("may" only in full: it is also a verb).
fn month_of(w: &str) -> Option<u32> {
    let w = w.trim_end_matches('.');
    // (AP style writes "Sept.".)
    let w = if w == "sept" { "sep" } else { w };
    MONTHS
        .iter()
        .position(|m| *m == w)
        .or_else(|| {
            SHORT_MONTHS
                .iter()
                .position(|m| *m == w)
                .filter(|_| w != "may")
        })
        .map(|i| i as u32 + 1)
}

fn year_of(word: &str) -> Option<i32> {
    (word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()))
        .then(|| word.parse().ok())
        .flatten()
        .filter(|y| (1900..=2100).contains(y))
}

/// A date expression found in a sentence, as word positions `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateMention {
    pub start: usize,
    pub end: usize,
    pub date: EventDate,
}

/// Finds date expressions among lower-cased `words`, resolved against `published`.
pub fn find_dates(words: &[&str], published: Option<NaiveDate>) -> Vec<DateMention> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        if let Some(month) = month_of(w) {
            // "July 2019", "July 14, 2019", "14 July 2019"
            let day_before = i
                .checked_sub(1)
                .and_then(|j| words[j].parse::<u32>().ok())
                .filter(|d| (1..=31).contains(d));
            // "Sept. 11": the abbreviation's dot, split off, belongs to it.
            let dot = usize::from(words.get(i + 1) == Some(&"."));
            let day_after = words
                .get(i + 1 + dot)
                .and_then(|w| w.parse::<u32>().ok())
                .filter(|d| (1..=31).contains(d));
            let mut end = if day_after.is_some() {
                i + 1 + dot
            } else {
                i + 1
            };
            let day = day_after.inspect(|_| end += 1).or(day_before);
            if words.get(end) == Some(&",") && words.get(end + 1).and_then(|w| year_of(w)).is_some()
            {
                end += 1;
            }
            let year = words.get(end).and_then(|w| year_of(w));
            let start = if day_before.is_some() && day_after.is_none() {
                i - 1
            } else {
                i
            };
            let date = match (year, day) {
                (Some(y), Some(d)) => NaiveDate::from_ymd_opt(y, month, d).map(EventDate::Day),
                (Some(y), None) => Some(EventDate::Month(y, month)),
                (None, Some(d)) => published.and_then(|p| {
                    // "on March 3": this year, or last year if that is after publication.
                    let this = NaiveDate::from_ymd_opt(p.year(), month, d)?;
                    Some(EventDate::Day(if this > p {
                        NaiveDate::from_ymd_opt(p.year() - 1, month, d)?
                    } else {
                        this
                    }))
                }),
                // A bare month ("in May") is ambiguous with the modal verb: skip.
                (None, None) => None,
            };
            if let Some(date) = date {
                let end = if year.is_some() { end + 1 } else { end };
                out.push(DateMention { start, end, date });
                i = end;
                continue;
            }
        }
        if let Some(&(_, wd)) = WEEKDAYS.iter().find(|(n, _)| *n == w) {
            if let Some(p) = published {
                let back = (p.weekday().num_days_from_monday() + 7 - wd.num_days_from_monday()) % 7;
                out.push(DateMention {
                    start: i,
                    end: i + 1,
                    date: EventDate::Day(p - Duration::days(back as i64)),
                });
            }
        }
        if let Some(p) = published {
            let next = words.get(i + 1).copied();
            let relative = match (w, next) {
                ("yesterday", _) => Some((1, EventDate::Day(p - Duration::days(1)))),
                ("today", _) => Some((1, EventDate::Day(p))),
                ("last", Some("month")) => {
                    let (y, m) = if p.month() == 1 {
                        (p.year() - 1, 12)
                    } else {
                        (p.year(), p.month() - 1)
                    };
                    Some((2, EventDate::Month(y, m)))
                }
                ("last", Some("year")) => Some((2, EventDate::Year(p.year() - 1))),
                ("this", Some("year")) => Some((2, EventDate::Year(p.year()))),
                _ => None,
            };
            if let Some((n, date)) = relative {
                out.push(DateMention {
                    start: i,
                    end: i + n,
                    date,
                });
                i += n;
                continue;
            }
        }
        // "in 2002", "since 2014", "between 2014 and 2016": a bare year after
        // a preposition or a season.
        if YEAR_BEFORE.contains(&w) {
            if let Some(y) = words.get(i + 1).and_then(|w| year_of(w)) {
                out.push(DateMention {
                    start: i + 1,
                    end: i + 2,
                    date: EventDate::Year(y),
                });
                i += 2;
                continue;
            }
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(s: &str, p: &str) -> Vec<String> {
        let words: Vec<String> = s.split_whitespace().map(str::to_lowercase).collect();
        let w: Vec<&str> = words.iter().map(String::as_str).collect();
        find_dates(&w, NaiveDate::parse_from_str(p, "%Y-%m-%d").ok())
            .into_iter()
            .map(|d| d.date.to_string())
            .collect()
    }

    #[test]
    fn explicit_and_relative_dates() {
        assert_eq!(
            dates("talks took place in July 2019 .", "2021-03-24"),
            ["2019-07"]
        );
        assert_eq!(dates("on Wednesday", "2021-03-24"), ["2021-03-24"]);
        assert_eq!(dates("on Monday", "2021-03-24"), ["2021-03-22"]);
        assert_eq!(dates("on Thursday", "2021-03-24"), ["2021-03-18"]);
        assert_eq!(dates("established in 2002 to", "2021-03-24"), ["2002"]);
        assert_eq!(dates("on March 3", "2021-03-24"), ["2021-03-03"]);
        assert_eq!(dates("on 14 July 1999", "2021-03-24"), ["1999-07-14"]);
        assert_eq!(dates("last month", "2021-01-10"), ["2020-12"]);
        assert!(dates("he may go", "2021-03-24").is_empty());
        assert_eq!(
            dates("between 2014 and 2016", "2021-03-24"),
            ["2014", "2016"]
        );
        assert_eq!(dates("on Jan. 5 , 2020", "2021-03-24"), ["2020-01-05"]);
        assert_eq!(dates("this year", "2021-03-24"), ["2021"]);
        // The tokenizer may split an abbreviation's dot off.
        assert_eq!(
            dates("the sept . 11 , 2012 , attacks", "2021-03-24"),
            ["2012-09-11"]
        );
        assert!(dates("in sept . it rained", "2021-03-24").is_empty());
    }
}
