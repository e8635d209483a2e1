//! Date phrases in a sentence, with their byte spans: "July 2019", "14 July 2019",
//! "July 14, 2019", "in 2002", weekdays, "last month", and ranges built from them
//! ("between June 2014 and April 2016", "from 2014 to 2016", "since 2008").
//!
//! The coder keeps its date finder private and speaks in word positions; forums
//! need byte spans and ranges, so this is a small finder of its own, resolved the
//! same way (against the publication date; weekdays are the days just before it).

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use demarche_coder::EventDate;
use demarche_text::{Span, Token};

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
const SHORT_MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
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
/// Words after which a bare year is a date ("in 2002", "between 2014 and 2016").
const YEAR_BEFORE: &[&str] = &[
    "in", "since", "until", "till", "during", "between", "and", "from", "to", "of", "by", "after",
    "before", "early", "late", "mid", "around", "through", "spring", "summer", "autumn", "fall",
    "winter", "year", "–", "-",
];

/// A date phrase: token positions `[first, end)` and bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DatePhrase {
    pub first: usize,
    pub end: usize,
    pub span: Span,
    pub date: EventDate,
}

fn year_of(w: &str) -> Option<i32> {
    (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
        .then(|| w.parse().ok())
        .flatten()
        .filter(|y| (1900..=2100).contains(y))
}

fn month_of(w: &str) -> Option<u32> {
    let w = w.trim_end_matches('.');
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

/// The first day a date covers.
pub fn first_day(d: EventDate) -> Option<NaiveDate> {
    match d {
        EventDate::Day(d) => Some(d),
        EventDate::Month(y, m) => NaiveDate::from_ymd_opt(y, m, 1),
        EventDate::Year(y) => NaiveDate::from_ymd_opt(y, 1, 1),
        EventDate::Unknown => None,
    }
}

/// The last day a date covers.
pub fn last_day(d: EventDate) -> Option<NaiveDate> {
    match d {
        EventDate::Day(d) => Some(d),
        EventDate::Month(y, m) => {
            let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            NaiveDate::from_ymd_opt(ny, nm, 1).map(|d| d - Duration::days(1))
        }
        EventDate::Year(y) => NaiveDate::from_ymd_opt(y, 12, 31),
        EventDate::Unknown => None,
    }
}

/// Finds date phrases among `tokens` of `text`, resolved against `published`.
pub fn find(text: &str, tokens: &[Token], published: Option<NaiveDate>) -> Vec<DatePhrase> {
    let words: Vec<String> = tokens
        .iter()
        .map(|t| t.span.of(text).to_lowercase())
        .collect();
    let w = |i: usize| words.get(i).map(String::as_str).unwrap_or("");
    let phrase = |first: usize, end: usize, date| DatePhrase {
        first,
        end,
        span: Span::new(tokens[first].span.start, tokens[end - 1].span.end),
        date,
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if let Some(month) = month_of(w(i)) {
            // "May" is also a verb: only with a day or a year.
            let day = |s: &str| s.parse::<u32>().ok().filter(|d| (1..=31).contains(d));
            let day_before = i.checked_sub(1).and_then(|j| day(w(j)));
            let day_after = day(w(i + 1));
            let mut end = i + 1;
            let d = day_after.inspect(|_| end += 1).or(day_before);
            if w(end) == "," && year_of(w(end + 1)).is_some() {
                end += 1;
            }
            let year = year_of(w(end));
            let first = if day_before.is_some() && day_after.is_none() {
                i - 1
            } else {
                i
            };
            let date = match (year, d) {
                (Some(y), Some(d)) => NaiveDate::from_ymd_opt(y, month, d).map(EventDate::Day),
                (Some(y), None) => Some(EventDate::Month(y, month)),
                (None, Some(d)) => published.and_then(|p| {
                    let this = NaiveDate::from_ymd_opt(p.year(), month, d)?;
                    Some(EventDate::Day(if this > p {
                        NaiveDate::from_ymd_opt(p.year() - 1, month, d)?
                    } else {
                        this
                    }))
                }),
                (None, None) => None,
            };
            if let Some(date) = date {
                let end = if year.is_some() { end + 1 } else { end };
                out.push(phrase(first, end, date));
                i = end;
                continue;
            }
        }
        if let Some(y) = year_of(w(i)) {
            if i > 0 && YEAR_BEFORE.contains(&w(i - 1)) {
                out.push(phrase(i, i + 1, EventDate::Year(y)));
                i += 1;
                continue;
            }
        }
        if let Some(p) = published {
            if let Some(&(_, wd)) = WEEKDAYS.iter().find(|(n, _)| *n == w(i)) {
                let back = (p.weekday().num_days_from_monday() + 7 - wd.num_days_from_monday()) % 7;
                out.push(phrase(
                    i,
                    i + 1,
                    EventDate::Day(p - Duration::days(back as i64)),
                ));
                i += 1;
                continue;
            }
            let relative = match (w(i), w(i + 1)) {
                ("yesterday", _) => Some((1, EventDate::Day(p - Duration::days(1)))),
                ("today", _) => Some((1, EventDate::Day(p))),
                ("last", "month") => {
                    let (y, m) = if p.month() == 1 {
                        (p.year() - 1, 12)
                    } else {
                        (p.year(), p.month() - 1)
                    };
                    Some((2, EventDate::Month(y, m)))
                }
                ("last", "year") => Some((2, EventDate::Year(p.year() - 1))),
                ("this", "year") => Some((2, EventDate::Year(p.year()))),
                _ => None,
            };
            if let Some((n, date)) = relative {
                out.push(phrase(i, i + n, date));
                i += n;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// A period read after a cue: `from` and, when closed, `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: EventDate,
    pub to: Option<EventDate>,
    pub span: Span,
}

/// Reads a period from the dates that follow token `after` (or surround it):
/// "between A and B", "from A to/until B", "A-B", "since A", "in A".
pub fn period(text: &str, tokens: &[Token], dates: &[DatePhrase], after: usize) -> Option<Period> {
    let word = |i: usize| tokens.get(i).map(|t| t.span.of(text).to_lowercase());
    let first = dates.iter().position(|d| d.first >= after)?;
    let a = dates[first];
    let intro = a.first.checked_sub(1).and_then(word).unwrap_or_default();
    if let Some(b) = dates.get(first + 1) {
        let link: Vec<String> = (a.end..b.first).filter_map(word).collect();
        let link: Vec<&str> = link.iter().map(String::as_str).collect();
        let linked = match link.as_slice() {
            ["and"] => intro == "between",
            ["to"] | ["until"] | ["till"] | ["through"] | ["-"] | ["–"] | ["and", "until"] => {
                true
            }
            _ => false,
        };
        if linked {
            return Some(Period {
                from: a.date,
                to: Some(b.date),
                span: Span::new(a.span.start, b.span.end),
            });
        }
    }
    Some(Period {
        from: a.date,
        to: None,
        span: a.span,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(s: &str, p: &str) -> Vec<String> {
        let toks = demarche_text::tokenize(s, Span::new(0, s.len()));
        find(s, &toks, NaiveDate::parse_from_str(p, "%Y-%m-%d").ok())
            .into_iter()
            .map(|d| format!("{}={}", d.span.of(s), d.date))
            .collect()
    }

    #[test]
    fn phrases_with_spans() {
        assert_eq!(
            dates("talks took place in July 2019.", "2021-03-24"),
            ["July 2019=2019-07"]
        );
        assert_eq!(
            dates("was established in 2002 to", "2021-03-24"),
            ["2002=2002"]
        );
        assert_eq!(
            dates("on 9 December 2019 in Paris", "2021-03-24"),
            ["9 December 2019=2019-12-09"]
        );
        assert_eq!(
            dates("on Wednesday", "2021-03-24"),
            ["Wednesday=2021-03-24"]
        );
        assert!(dates("he may go with 2000 troops", "2021-03-24").is_empty());
    }

    #[test]
    fn periods() {
        let s = "the dialogue came to a halt between June 2014 and April 2016.";
        let toks = demarche_text::tokenize(s, Span::new(0, s.len()));
        let ds = find(s, &toks, None);
        let p = period(s, &toks, &ds, 0).unwrap();
        assert_eq!(p.from.to_string(), "2014-06");
        assert_eq!(p.to.unwrap().to_string(), "2016-04");
        assert_eq!(p.span.of(s), "June 2014 and April 2016");
        let s = "talks have stalled since 2008.";
        let toks = demarche_text::tokenize(s, Span::new(0, s.len()));
        let ds = find(s, &toks, None);
        let p = period(s, &toks, &ds, 0).unwrap();
        assert_eq!((p.from.to_string(), p.to), ("2008".into(), None));
    }
}
