//! The sentence splitter and tokeniser: spans in order, inside the text, on
//! char boundaries, and every non-space byte in exactly one sentence.
#![no_main]

use demarche_text::{split_sentences, tokenize, Abbreviations};

libfuzzer_sys::fuzz_target!(|text: &str| {
    let abbreviations = Abbreviations::parse("Mr\nU.S\ne.g\nNo\n");
    let sentences = split_sentences(text, &abbreviations);
    let mut covered = 0;
    for s in &sentences {
        let span = s.span;
        assert!(span.start < span.end && span.end <= text.len(), "{span:?}");
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        assert!(span.start >= covered, "sentences overlap or go back");
        assert!(
            text[covered..span.start].trim().is_empty(),
            "text between sentences is lost"
        );
        covered = span.end;
        let mut last = span.start;
        for t in tokenize(text, span) {
            let t = t.span;
            assert!(
                t.start >= last && t.end <= span.end && t.start <= t.end,
                "{t:?}"
            );
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
            last = t.end;
        }
    }
    assert!(
        text[covered..].trim().is_empty(),
        "text after the last sentence is lost"
    );
});
