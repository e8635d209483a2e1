//! Date phrases in a sentence, with their byte spans: "July 2019", "14 July 2019",
//! "July 14, 2019", "in 2002", weekdays, "last month", and ranges built from them
//! ("between June 2014 and April 2016", "from 2014 to 2016", "since 2008").
//!
//! Single dates come from the coder's finder (`demarche_coder::find_dates`, in
//! word positions), here given byte spans; ranges are built from them.

use chrono::{Duration, NaiveDate};
use demarche_coder::EventDate;
use demarche_text::{Span, Token};

/// A date phrase: token positions `[first, end)` and bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DatePhrase {
    pub first: usize,
    pub end: usize,
    pub span: Span,
    pub date: EventDate,
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

/// Finds date phrases among `tokens` of `text`, resolved against `published`:
/// the coder's date finder, with byte spans.
pub fn find(text: &str, tokens: &[Token], published: Option<NaiveDate>) -> Vec<DatePhrase> {
    let words: Vec<String> = tokens
        .iter()
        .map(|t| t.span.of(text).to_lowercase())
        .collect();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    demarche_coder::find_dates(&words, published)
        .into_iter()
        .map(|d| DatePhrase {
            first: d.start,
            end: d.end,
            span: Span::new(tokens[d.start].span.start, tokens[d.end - 1].span.end),
            date: d.date,
        })
        .collect()
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
