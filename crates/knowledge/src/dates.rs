//! Dates in data files: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, and validity ranges.

use chrono::NaiveDate;

/// A validity range `[from, to)`; `None` is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DateRange {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl DateRange {
    pub const ALWAYS: DateRange = DateRange {
        from: None,
        to: None,
    };

    /// Whether `date` lies in the range; an unknown date matches every range.
    pub fn contains(&self, date: Option<NaiveDate>) -> bool {
        let Some(d) = date else { return true };
        self.from.is_none_or(|f| f <= d) && self.to.is_none_or(|t| d < t)
    }

    pub fn overlaps(&self, other: &DateRange) -> bool {
        let starts_before_other_ends = match (self.from, other.to) {
            (Some(f), Some(t)) => f < t,
            _ => true,
        };
        let other_starts_before_end = match (other.from, self.to) {
            (Some(f), Some(t)) => f < t,
            _ => true,
        };
        starts_before_other_ends && other_starts_before_end
    }

    /// Parses the two cells of a range; checks that `from` comes before `to`.
    pub fn parse(from: &str, to: &str) -> Result<DateRange, String> {
        let range = DateRange {
            from: parse_bound(from)?,
            to: parse_bound(to)?,
        };
        if let (Some(f), Some(t)) = (range.from, range.to) {
            if f >= t {
                return Err(format!("range starts ({f}) on or after it ends ({t})"));
            }
        }
        Ok(range)
    }
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; a partial date means its first day. Empty is open.
pub fn parse_bound(s: &str) -> Result<Option<NaiveDate>, String> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, len: usize| -> Option<u32> {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let date = match parts.as_slice() {
        [y] => num(y, 4).and_then(|y| NaiveDate::from_ymd_opt(y as i32, 1, 1)),
        [y, m] => num(y, 4)
            .zip(num(m, 2))
            .and_then(|(y, m)| NaiveDate::from_ymd_opt(y as i32, m, 1)),
        [y, m, d] => match (num(y, 4), num(m, 2), num(d, 2)) {
            (Some(y), Some(m), Some(d)) => NaiveDate::from_ymd_opt(y as i32, m, d),
            _ => None,
        },
        _ => None,
    };
    date.map(Some)
        .ok_or_else(|| format!("malformed date {s:?} (want YYYY, YYYY-MM or YYYY-MM-DD)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<NaiveDate> {
        parse_bound(s).unwrap()
    }

    #[test]
    fn bounds_and_ranges() {
        assert_eq!(d("2019"), NaiveDate::from_ymd_opt(2019, 1, 1));
        assert_eq!(d("2019-07"), NaiveDate::from_ymd_opt(2019, 7, 1));
        assert!(parse_bound("2019-13-01").is_err());
        assert!(parse_bound("19-07").is_err());
        assert!(DateRange::parse("2021", "2020").is_err());
        let r = DateRange::parse("2018-03-14", "2021-12-08").unwrap();
        assert!(r.contains(d("2021-03-24")));
        assert!(!r.contains(d("2021-12-08")), "the end is exclusive");
        assert!(r.contains(None));
        let s = DateRange::parse("2021-12-08", "").unwrap();
        assert!(!r.overlaps(&s));
        assert!(DateRange::ALWAYS.overlaps(&s));
    }
}
