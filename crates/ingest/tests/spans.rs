//! Property tests of the readers: whatever the bytes, a document's body start
//! and dateline lie inside its text on char boundaries, and a reader gives
//! documents or errors, never a panic.

use demarche_ingest::{open_reader, read_input, read_plain, read_record_text, Document};
use proptest::prelude::*;

fn check(doc: &Document) {
    let text = &doc.text;
    assert!(doc.body_start <= text.len() && text.is_char_boundary(doc.body_start));
    if let Some(d) = &doc.dateline {
        assert!(d.start <= d.end && d.end <= text.len(), "{d:?} of {text:?}");
        assert!(text.is_char_boundary(d.start) && text.is_char_boundary(d.end));
    }
}

fn read(name: &str, bytes: &[u8]) {
    let reader = open_reader(name, std::io::Cursor::new(bytes.to_vec())).unwrap();
    read_input::<()>(name, reader, None, |item| {
        if let Ok(web) = item {
            check(&web.doc);
        }
        Ok(())
    })
    .unwrap();
}

fn report() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "MOSCOW —",
        "Brussels (AP) –",
        "Talks stall | Daily Courier",
        "Headline",
        "(Reuters)",
        " - ",
        "--",
        "\n",
        "\n\n",
        "\r\n",
        " ",
        "Russia said.",
        "é",
        "—",
        "日本",
        "\u{feff}",
        "<p>",
        "</p>",
        "<div>",
        "{\"text\":",
        "\"",
        "}",
        "<rss>",
        "WARC/1.0",
    ]);
    prop::collection::vec(piece, 0..40).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn plain_text_spans_hold(text in report()) {
        check(&read_plain("p.txt", text.clone()));
        check(&read_record_text("r", text));
    }

    #[test]
    fn any_text_spans_hold(text in "\\PC{0,200}") {
        check(&read_plain("p.txt", text.clone()));
        check(&read_record_text("r", text));
    }

    #[test]
    fn every_reader_gives_documents_or_errors(bytes in prop::collection::vec(any::<u8>(), 0..300), text in report()) {
        for name in ["a.txt", "a.html", "a.jsonl", "a.xml", "a.warc", "stdin"] {
            read(name, &bytes);
            read(name, text.as_bytes());
        }
    }
}
