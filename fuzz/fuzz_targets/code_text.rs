//! The rule coder with the repository's knowledge on arbitrary text: it never
//! panics, and every evidence span lies inside the text on char boundaries.
#![no_main]

use std::sync::OnceLock;

use demarche_coder::{Coder, RuleCoder};
use demarche_ingest::{read_plain, Document};
use demarche_knowledge::Knowledge;

fn knowledge() -> &'static Knowledge {
    static K: OnceLock<Knowledge> = OnceLock::new();
    K.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
        Knowledge::load(&dir).expect("the repository's data loads")
    })
}

fn check(doc: &Document, events: &[demarche_coder::Event]) {
    let text = &doc.text;
    for e in events {
        assert!(!e.source.actor.is_empty() && !e.target.actor.is_empty());
        for ev in &e.evidence {
            for [start, end] in [ev.source, ev.event, ev.target] {
                assert!(start <= end && end <= text.len(), "span {start}..{end}");
                assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
            }
        }
    }
}

libfuzzer_sys::fuzz_target!(|text: &str| {
    let k = knowledge();
    let coder = RuleCoder::new(k);
    // A publication date, so that relative dates ("on Monday") are resolved.
    let date = chrono::NaiveDate::from_ymd_opt(2021, 3, 24);
    // As a bare document and as a report read from a file (headline, dateline).
    for doc in [
        Document::new("fuzz", text),
        read_plain("fuzz.txt", text.to_string()),
    ] {
        let events = coder.code(&doc, date);
        check(&doc, &events);
    }
});
