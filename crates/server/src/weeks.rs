//! Weekly series with the empty weeks filled in, for the API and the chart.

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use demarche_store::WeekCount;

/// Longest run of weeks a series is filled out to (about 20 years).
const MAX_WEEKS: usize = 1100;

/// One ISO week of a dyad.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Week {
    /// The Monday, `YYYY-MM-DD`.
    pub week: String,
    pub events: u64,
    /// Distinct events by QuadClass 1 to 4: verbal cooperation, material
    /// cooperation, verbal conflict, material conflict.
    pub by_quad_class: [u64; 4],
    /// Mean Goldstein weight of the week's events; null for an empty week.
    pub goldstein_mean: Option<f64>,
}

fn week(w: &WeekCount) -> Week {
    Week {
        week: w.week.clone(),
        events: w.quad.iter().sum(),
        by_quad_class: w.quad,
        goldstein_mean: Some((w.goldstein_mean * 1000.0).round() / 1000.0),
    }
}

/// Every week from the first to the last of `weeks`, empty ones included
/// (only the stored weeks when the span is implausibly long).
/// A dyad's weekly series as answers give it: every week from the first to the
/// last with events, empty weeks included.
#[derive(Debug, Clone, Serialize)]
pub struct FilledSeries {
    pub weeks: Vec<Week>,
    /// Events dated only to a month or a year: in no week.
    pub undated: u64,
}

impl FilledSeries {
    pub fn new(series: &demarche_store::WeeklySeries) -> FilledSeries {
        FilledSeries {
            weeks: fill_weeks(&series.weeks),
            undated: series.undated,
        }
    }
}

pub fn fill_weeks(weeks: &[WeekCount]) -> Vec<Week> {
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let (Some(first), Some(last)) = (
        weeks.first().and_then(|w| day(&w.week)),
        weeks.last().and_then(|w| day(&w.week)),
    ) else {
        return weeks.iter().map(week).collect();
    };
    let span = ((last - first).num_days() / 7) as usize + 1;
    if span > MAX_WEEKS || span < weeks.len() {
        return weeks.iter().map(week).collect();
    }
    let mut out = Vec::with_capacity(span);
    let mut stored = weeks.iter().peekable();
    for i in 0..span {
        let monday = (first + Duration::days(7 * i as i64))
            .format("%Y-%m-%d")
            .to_string();
        match stored.peek() {
            Some(w) if w.week == monday => out.push(week(stored.next().expect("peeked"))),
            _ => out.push(Week {
                week: monday,
                events: 0,
                by_quad_class: [0; 4],
                goldstein_mean: None,
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wc(week: &str, quad: [u64; 4], g: f64) -> WeekCount {
        WeekCount {
            week: week.into(),
            quad,
            goldstein_mean: g,
        }
    }

    #[test]
    fn empty_weeks_between_are_filled() {
        let filled = fill_weeks(&[
            wc("2017-02-27", [1, 0, 0, 0], 1.0),
            wc("2017-03-13", [0, 0, 1, 1], -6.0),
        ]);
        let got: Vec<_> = filled
            .iter()
            .map(|w| (w.week.as_str(), w.events, w.goldstein_mean))
            .collect();
        assert_eq!(
            got,
            [
                ("2017-02-27", 1, Some(1.0)),
                ("2017-03-06", 0, None),
                ("2017-03-13", 2, Some(-6.0))
            ]
        );
        assert!(fill_weeks(&[]).is_empty());
    }
}
