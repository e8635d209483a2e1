//! Property tests of the splitter's spans: in order, inside the text, on char
//! boundaries, every non-space byte in exactly one sentence, tokens inside
//! their sentence.

use demarche_text::{split_sentences, tokenize, Abbreviations};
use proptest::prelude::*;

fn check(text: &str) {
    let abbreviations = Abbreviations::parse("Mr\nU.S\ne.g\nNo\nGen\n");
    let mut covered = 0;
    for s in split_sentences(text, &abbreviations) {
        let span = s.span;
        assert!(
            span.start < span.end && span.end <= text.len(),
            "{span:?} of {text:?}"
        );
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        assert!(span.start >= covered, "sentences overlap in {text:?}");
        assert!(
            text[covered..span.start].trim().is_empty(),
            "text lost in {text:?}"
        );
        assert_eq!(s.span.of(text).trim(), s.span.of(text), "edges with spaces");
        covered = span.end;
        let mut last = span.start;
        for t in tokenize(text, span) {
            let t = t.span;
            assert!(
                t.start >= last && t.start < t.end && t.end <= span.end,
                "{t:?}"
            );
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
            last = t.end;
        }
    }
    assert!(
        text[covered..].trim().is_empty(),
        "text lost at the end of {text:?}"
    );
}

fn news() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "Mr.", "U.S.", "e.g.", "No.", "Gen.", "said", "Paris", ".", "!", "?", "...", "?!", "\"",
        "“", "”", ")", "(", "\n", "\n\n", " ", "  ", "\t", "é", "—", "日本", "🙂", "3.5", "a.m.",
    ]);
    prop::collection::vec(piece, 0..80).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn sentence_and_token_spans_hold_on_news_like_text(text in news()) {
        check(&text);
    }

    #[test]
    fn sentence_and_token_spans_hold_on_any_text(text in "\\PC{0,400}") {
        check(&text);
    }
}
