//! Table tests for the rules: each rule's file lists sentences written for it
//! and the events that rule must (and must not) make of them.

use std::sync::OnceLock;

use chrono::NaiveDate;
use demarche_ingest::Document;
use demarche_knowledge::Knowledge;

use crate::{Coder, RuleCoder};

/// The shipped knowledge, loaded once for all tests.
pub(crate) fn knowledge() -> &'static Knowledge {
    static K: OnceLock<Knowledge> = OnceLock::new();
    K.get_or_init(|| {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
        Knowledge::load(&data).expect("shipped data loads")
    })
}

/// One row: a text, its publication date, and the events (`"SRC CODE TGT"`,
/// where CODE may be a root like "11") the named rule must make of it; an
/// empty list means the rule makes none.
pub(crate) struct Row {
    pub(crate) text: &'static str,
    pub(crate) date: &'static str,
    pub(crate) events: &'static [&'static str],
}

/// Checks every row against the events `rule` made.
pub(crate) fn check(rule: &str, rows: &[Row]) {
    let k = knowledge();
    let coder = RuleCoder::new(k);
    let mut failures = Vec::new();
    for row in rows {
        let day = NaiveDate::parse_from_str(row.date, "%Y-%m-%d").unwrap();
        let events = coder.code(&Document::new("t", row.text), Some(day));
        let made: Vec<String> = events
            .iter()
            .filter(|e| e.rule == rule)
            .map(|e| format!("{} {} {}", e.source.actor, e.code, e.target.actor))
            .collect();
        let matches = |want: &str, got: &str| {
            let w: Vec<&str> = want.split(' ').collect();
            let g: Vec<&str> = got.split(' ').collect();
            w.len() == 3 && w[0] == g[0] && w[2] == g[2] && g[1].starts_with(w[1])
        };
        let missing: Vec<&&str> = row
            .events
            .iter()
            .filter(|w| !made.iter().any(|g| matches(w, g)))
            .collect();
        let extra: Vec<&String> = made
            .iter()
            .filter(|g| !row.events.iter().any(|w| matches(w, g)))
            .collect();
        if !missing.is_empty() || !extra.is_empty() {
            failures.push(format!(
                "{:?}\n  missing {missing:?}, extra {extra:?} (all events: {:?})",
                row.text,
                events
                    .iter()
                    .map(|e| format!(
                        "{} {} {} [{}]",
                        e.source.actor, e.code, e.target.actor, e.rule
                    ))
                    .collect::<Vec<_>>()
            ));
        }
    }
    assert!(failures.is_empty(), "rule {rule}:\n{}", failures.join("\n"));
}
