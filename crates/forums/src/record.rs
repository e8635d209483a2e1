//! A fact as one JSON record: the form a store keeps it in at ingest, so that
//! forum status is computed from stored facts instead of coding every stored
//! document again. The record is exactly what [`Fact`] serialises to (the
//! fields of `demarche forum --format json`), and reads back into the same fact.

use demarche_coder::EventDate;
use serde::{Deserialize, Deserializer};

use crate::facts::{Fact, FactKind};

impl Fact {
    /// The fact as one JSON object.
    pub fn to_record(&self) -> String {
        serde_json::to_string(self).expect("a fact is plain data")
    }

    /// A fact from its record; an error names what is wrong with it.
    pub fn from_record(record: &str) -> Result<Fact, serde_json::Error> {
        serde_json::from_str(record)
    }

    /// The kind of fact, as the record's `kind` names it.
    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            FactKind::Meeting => "meeting",
            FactKind::Suspension { .. } => "suspension",
            FactKind::Resumption => "resumption",
            FactKind::Cadence { .. } => "cadence",
            FactKind::Founding => "founding",
            FactKind::Blocker { .. } => "blocker",
        }
    }
}

/// `YYYY-MM-DD`, `YYYY-MM` or `YYYY` as written by `EventDate`'s `Display`.
pub fn parse_event_date(s: &str) -> Option<EventDate> {
    let num = |p: &str, n: usize| {
        (p.len() == n && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    let parts: Vec<&str> = s.split('-').collect();
    match parts.as_slice() {
        [y] => Some(EventDate::Year(num(y, 4)? as i32)),
        [y, m] => {
            let m = num(m, 2)?;
            (1..=12)
                .contains(&m)
                .then_some(EventDate::Month(num(y, 4)? as i32, m))
        }
        [_, _, _] => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .ok()
            .map(EventDate::Day),
        _ => None,
    }
}

/// An `EventDate` field: a date string, or null for an unknown date.
pub(crate) fn event_date<'de, D: Deserializer<'de>>(d: D) -> Result<EventDate, D::Error> {
    match Option::<String>::deserialize(d)? {
        None => Ok(EventDate::Unknown),
        Some(s) if s.is_empty() => Ok(EventDate::Unknown),
        Some(s) => parse_event_date(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("{s:?} is not a date"))),
    }
}

/// An optional `EventDate` field: null is none.
pub(crate) fn opt_event_date<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<EventDate>, D::Error> {
    match Option::<String>::deserialize(d)? {
        None => Ok(None),
        Some(s) => parse_event_date(&s)
            .map(Some)
            .ok_or_else(|| serde::de::Error::custom(format!("{s:?} is not a date"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::{Evidence, Stance};
    use crate::records::Cadence;
    use chrono::NaiveDate;

    fn evidence() -> Evidence {
        Evidence {
            doc_id: "a".into(),
            spans: vec![[0, 3], [4, 9]],
            text: vec!["The".into(), "talks".into()],
        }
    }

    #[test]
    fn every_kind_of_fact_reads_back_from_its_record() {
        let day = EventDate::Day(NaiveDate::from_ymd_opt(2019, 5, 7).unwrap());
        let kinds = [
            FactKind::Meeting,
            FactKind::Suspension {
                from: EventDate::Month(2022, 3),
                to: Some(EventDate::Year(2023)),
            },
            FactKind::Suspension {
                from: EventDate::Month(2022, 3),
                to: None,
            },
            FactKind::Resumption,
            FactKind::Cadence {
                every: Cadence::TwiceYearly,
                level: Some("ministers".into()),
            },
            FactKind::Founding,
            FactKind::Blocker {
                actor: "RUS".into(),
                stance: Stance::RejectsCondition,
                topic: "military security".into(),
                topic_actor: None,
            },
        ];
        for (i, kind) in kinds.into_iter().enumerate() {
            let fact = Fact {
                forum: "ARCTIC".into(),
                kind,
                date: if i == 0 { day } else { EventDate::Unknown },
                published: (i % 2 == 0).then(|| NaiveDate::from_ymd_opt(2019, 5, 8).unwrap()),
                sentence: i,
                evidence: evidence(),
            };
            let record = fact.to_record();
            assert_eq!(Fact::from_record(&record).unwrap(), fact, "{record}");
        }
    }

    #[test]
    fn dates_parse_as_they_are_written() {
        for d in ["2019-05-07", "2019-05", "2019"] {
            assert_eq!(parse_event_date(d).unwrap().to_string(), d);
        }
        for bad in ["2019-13", "2019-02-30", "19", "2019-5", "x"] {
            assert!(parse_event_date(bad).is_none(), "{bad}");
        }
        let e = Fact::from_record(r#"{"forum":"X","kind":"meeting","date":"soon"}"#);
        assert!(e.unwrap_err().to_string().contains("not a date"));
    }
}
