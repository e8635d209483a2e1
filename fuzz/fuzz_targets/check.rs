//! What every reader promises of the documents it gives (checked on each one).
// Each target uses part of these checks.
#![allow(dead_code)]

use demarche_ingest::{Document, IngestError, WebDocument, MAX_DOCUMENT_BYTES};

fn boundary(doc: &Document, at: usize, what: &str) {
    assert!(
        at <= doc.text.len() && doc.text.is_char_boundary(at),
        "{what} {at} is not a char boundary of a text of {} bytes",
        doc.text.len()
    );
}

/// Spans of a document lie inside its text on char boundaries; its text is
/// within the limit and holds no NUL.
pub fn document(doc: &Document) {
    assert!(doc.text.len() <= MAX_DOCUMENT_BYTES, "text over the limit");
    assert!(!doc.text.contains('\0'), "NUL in a document's text");
    boundary(doc, doc.body_start, "body start");
    if let Some(d) = &doc.dateline {
        assert!(d.start <= d.end, "dateline {}..{}", d.start, d.end);
        boundary(doc, d.start, "dateline start");
        boundary(doc, d.end, "dateline end");
    }
}

/// Checks every item a reader gave; errors must name their input.
pub fn items(input: &str, items: &[Result<WebDocument, IngestError>]) {
    for item in items {
        match item {
            Ok(web) => document(&web.doc),
            Err(e) => assert_eq!(e.input, input, "an error names another input"),
        }
    }
}

/// Reads `bytes` as a file named `name` through the same path as `code` and `ingest`.
pub fn read_as(name: &str, bytes: &[u8]) -> Vec<Result<WebDocument, IngestError>> {
    let mut out = Vec::new();
    let reader = match demarche_ingest::open_reader(name, std::io::Cursor::new(bytes.to_vec())) {
        Ok(r) => r,
        Err(e) => return vec![Err(e)],
    };
    demarche_ingest::read_input::<()>(name, reader, None, |item| {
        out.push(item);
        Ok(())
    })
    .expect("the visitor never fails");
    items(name, &out);
    out
}
