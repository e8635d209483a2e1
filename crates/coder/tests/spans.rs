//! Property tests of the coder's span invariant: on any text, news-like or not,
//! every evidence span lies inside the document text on char boundaries, and
//! no event lacks a source or a target.

use std::sync::OnceLock;

use chrono::NaiveDate;
use demarche_coder::{Coder, Event, RuleCoder};
use demarche_ingest::{read_plain, Document};
use demarche_knowledge::Knowledge;
use proptest::prelude::*;

fn knowledge() -> &'static Knowledge {
    static K: OnceLock<Knowledge> = OnceLock::new();
    K.get_or_init(|| {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
        Knowledge::load(&data).expect("shipped data loads")
    })
}

/// Pieces of news text: actors, acts, dates, quotes, and characters of more
/// than one byte next to the places spans end.
fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "Germany",
        "Russia",
        "the United States",
        "NATO",
        "Turkey's foreign minister",
        "the Kremlin",
        "Ukraine",
        "China's president",
        "the European Union",
        "Iran",
        "accused",
        "condemned",
        "met",
        "praised",
        "attacked",
        "threatened",
        "signed a deal with",
        "said",
        "will meet",
        "refused to meet",
        "imposed sanctions on",
        "on Monday",
        "in 2019",
        "last week",
        "on March 3",
        ".",
        ",",
        "\"",
        "“",
        "”",
        "’s",
        " — ",
        "–",
        "é",
        "ü",
        "日本",
        "🙂",
        "\n",
        "\n\n",
        " ",
        "(Reuters)",
        "MOSCOW —",
        "U.S.",
        "Mr.",
    ])
}

/// News-like text: the pieces above joined by spaces.
fn news() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..60).prop_map(|p| p.join(" "))
}

fn check(doc: &Document, events: &[Event]) {
    let text = &doc.text;
    for e in events {
        assert!(!e.source.actor.is_empty(), "an event without a source");
        assert!(!e.target.actor.is_empty(), "an event without a target");
        assert!(!e.evidence.is_empty(), "an event without evidence");
        for ev in &e.evidence {
            for [start, end] in [ev.source, ev.event, ev.target] {
                assert!(
                    start <= end && end <= text.len(),
                    "span {start}..{end} of {text:?}"
                );
                assert!(
                    text.is_char_boundary(start) && text.is_char_boundary(end),
                    "span {start}..{end} cuts a character of {text:?}"
                );
            }
        }
    }
}

fn code_both_ways(text: &str) {
    let coder = RuleCoder::new(knowledge());
    let date = NaiveDate::from_ymd_opt(2021, 3, 24);
    for doc in [
        Document::new("p", text),
        read_plain("p.txt", text.to_string()),
    ] {
        check(&doc, &coder.code(&doc, date));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn evidence_spans_lie_inside_news_like_text(text in news()) {
        code_both_ways(&text);
    }

    #[test]
    fn evidence_spans_lie_inside_any_text(text in "\\PC{0,300}") {
        code_both_ways(&text);
    }
}

#[test]
fn the_checked_texts_do_give_events() {
    // The pieces above make events, so the properties are not about empty lists.
    let coder = RuleCoder::new(knowledge());
    let doc = Document::new(
        "p",
        "Germany condemned Russia on Monday . “ NATO ” praised Ukraine",
    );
    let events = coder.code(&doc, NaiveDate::from_ymd_opt(2021, 3, 24));
    assert!(events.len() >= 2, "{events:?}");
    check(&doc, &events);
}
