//! One input, whatever it holds: a stream of documents (plain text, HTML, JSON
//! Lines), a feed, or a WARC file, recognised by name and then by content, so
//! that `code` and `ingest` read the same bytes the same way.
//!
//! Memory is bounded by the limits, never by the input: a whole-file document or
//! a feed is read up to its limit and the rest is only counted; JSON Lines and
//! WARC records are read one at a time.

use std::io::{BufRead, Read};

use crate::{
    detect_format, gzip_inner_name, looks_like_warc, read_document, read_feed, read_warc,
    strip_bom, too_large, Document, Format, IngestError, JsonLines, Position, WebDocument,
    MAX_DOCUMENT_BYTES,
};

/// The largest feed read: a feed holds many items, each of them a document.
pub const MAX_FEED_BYTES: usize = 8 * MAX_DOCUMENT_BYTES;

/// What an input holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// Plain text, HTML or JSON Lines ([`detect_format`] tells which).
    Documents,
    /// An RSS, Atom or RDF feed.
    Feed,
    /// WARC records, gzipped or not.
    Warc,
}

/// The kind a file name says, if it says one (`news.jsonl.gz` holds what
/// `news.jsonl` would).
pub fn kind_by_name(name: &str) -> Option<InputKind> {
    let name = name.to_ascii_lowercase();
    if name.ends_with(".warc") || name.ends_with(".warc.gz") {
        return Some(InputKind::Warc);
    }
    let name = gzip_inner_name(&name).unwrap_or(&name);
    let ext = name.rsplit('.').next().unwrap_or("");
    match ext {
        "rss" | "atom" | "xml" | "rdf" => Some(InputKind::Feed),
        "txt" | "text" | "html" | "htm" | "xhtml" | "jsonl" | "ndjson" => {
            Some(InputKind::Documents)
        }
        _ => None,
    }
}

/// The kind the first bytes say: WARC (or gzip, a `.warc.gz`), an XML feed, or documents.
pub fn kind_by_content(head: &[u8]) -> InputKind {
    let head = strip_bom(head);
    if looks_like_warc(head) {
        return InputKind::Warc;
    }
    let text = String::from_utf8_lossy(&head[..head.len().min(1024)]).to_ascii_lowercase();
    let text = text.trim_start();
    let xml = text.starts_with("<?xml") || text.starts_with("<rss") || text.starts_with("<feed");
    if xml && (text.contains("<rss") || text.contains("<feed") || text.contains("<rdf")) {
        return InputKind::Feed;
    }
    InputKind::Documents
}

/// A buffered reader of `raw`, decompressed when `name` says gzip (`.gz`, but not
/// `.warc.gz`, which the WARC reader opens itself).
pub fn open_reader<R: Read + 'static>(name: &str, raw: R) -> Result<Box<dyn BufRead>, IngestError> {
    match gzip_inner_name(name) {
        Some(_) => crate::gunzip(raw)
            .map_err(|e| IngestError::new(name, Position::Whole, format!("not gzip: {e}"))),
        None => Ok(Box::new(std::io::BufReader::with_capacity(1 << 16, raw))),
    }
}

/// What reading an input found besides documents.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct InputSummary {
    /// WARC records that hold no HTML page (requests, metadata, images, redirects).
    pub warc_skipped: usize,
}

/// Calls `visit` with every document of one input (or the error that stands for
/// it), in order. `name` names the input in errors and its extension picks the
/// format; `kind` is what the caller already knows (else the content decides).
/// Problems with the input are visited as errors, never returned: only the
/// visitor's own error stops the reading.
pub fn read_input<E>(
    name: &str,
    mut reader: Box<dyn BufRead>,
    kind: Option<InputKind>,
    mut visit: impl FnMut(Result<WebDocument, IngestError>) -> Result<(), E>,
) -> Result<InputSummary, E> {
    let mut summary = InputSummary::default();
    let head = match reader.fill_buf() {
        Ok(h) => h.to_vec(),
        Err(e) => {
            visit(Err(IngestError::new(
                name,
                Position::Whole,
                format!("cannot read: {e}"),
            )))?;
            return Ok(summary);
        }
    };
    let kind = kind
        .or_else(|| kind_by_name(name))
        .unwrap_or_else(|| kind_by_content(&head));
    let web = |doc: Document| WebDocument { doc, url: None };
    match kind {
        InputKind::Warc => {
            let mut docs = match read_warc(name, reader) {
                Ok(d) => d,
                Err(e) => {
                    visit(Err(IngestError::new(
                        name,
                        Position::Whole,
                        format!("not a WARC file: {e}"),
                    )))?;
                    return Ok(summary);
                }
            };
            for item in docs.by_ref() {
                visit(item)?;
            }
            summary.warc_skipped = docs.skipped;
        }
        InputKind::Feed => match read_whole(name, reader, MAX_FEED_BYTES, "feed") {
            Ok(bytes) => {
                for item in read_feed(name, &bytes) {
                    visit(item)?;
                }
            }
            Err(e) => visit(Err(e))?,
        },
        InputKind::Documents => {
            let inner = gzip_inner_name(name).unwrap_or(name);
            match detect_format(inner, &head) {
                Format::JsonLines => {
                    for doc in JsonLines::new(name, reader) {
                        visit(doc.map(web))?;
                    }
                }
                format => {
                    let doc = read_whole(name, reader, MAX_DOCUMENT_BYTES, "document")
                        .and_then(|bytes| read_document(name, format, bytes));
                    visit(doc.map(web))?;
                }
            }
        }
    }
    Ok(summary)
}

/// Reads all of `reader` when it holds at most `limit` bytes. A longer input is
/// read on to its end without being kept, so the error gives its size.
pub fn read_whole(
    name: &str,
    mut reader: impl BufRead,
    limit: usize,
    what: &str,
) -> Result<Vec<u8>, IngestError> {
    let mut bytes = Vec::new();
    let read_error = |at: u64, e: std::io::Error| {
        IngestError::new(
            name,
            Position::Byte(at as usize),
            format!("read error: {e}"),
        )
    };
    // One byte past the limit tells an oversized input from one of exactly the limit.
    if let Err(e) = reader
        .by_ref()
        .take(limit as u64 + 1)
        .read_to_end(&mut bytes)
    {
        return Err(read_error(bytes.len() as u64, e));
    }
    if bytes.len() <= limit {
        return Ok(bytes);
    }
    let kept = bytes.len() as u64;
    drop(bytes);
    match std::io::copy(&mut reader, &mut std::io::sink()) {
        Ok(rest) => Err(too_large(name, Position::Whole, what, kept + rest)),
        Err(e) => Err(read_error(kept, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(name: &str, bytes: &[u8]) -> Vec<Result<WebDocument, IngestError>> {
        let mut out = Vec::new();
        let reader = Box::new(std::io::Cursor::new(bytes.to_vec()));
        read_input::<()>(name, reader, None, |d| {
            out.push(d);
            Ok(())
        })
        .unwrap();
        out
    }

    #[test]
    fn kinds_come_from_names_then_content() {
        assert_eq!(kind_by_name("a/b.warc.gz"), Some(InputKind::Warc));
        assert_eq!(kind_by_name("feed.RSS"), Some(InputKind::Feed));
        assert_eq!(kind_by_name("x.jsonl.gz"), Some(InputKind::Documents));
        assert_eq!(kind_by_name("x.png"), None);
        assert_eq!(kind_by_content(b"WARC/1.0\r\n"), InputKind::Warc);
        assert_eq!(
            kind_by_content(b"<?xml version='1.0'?><rss>"),
            InputKind::Feed
        );
        assert_eq!(kind_by_content(b"\xEF\xBB\xBF<rss>"), InputKind::Feed);
        assert_eq!(kind_by_content(b"Plain words."), InputKind::Documents);
    }

    #[test]
    fn feeds_and_warc_on_stdin_are_read_as_what_they_are() {
        let rss = b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>\
            <item><title>Talks</title><description>Chile and Peru held talks.</description></item>\
            </channel></rss>";
        let docs = read("stdin", rss);
        assert_eq!(docs.len(), 1);
        let d = &docs[0].as_ref().unwrap().doc;
        assert!(!d.text.contains('<'), "{:?}", d.text);
        assert!(d.text.ends_with("Chile and Peru held talks."));

        let page = b"<p>Chile and Peru held talks.</p>";
        let mut warc = format!(
            "WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: https://e.org/1\r\n\
             Content-Type: text/html\r\nContent-Length: {}\r\n\r\n",
            page.len()
        )
        .into_bytes();
        warc.extend_from_slice(page);
        warc.extend_from_slice(b"\r\n\r\n");
        let docs = read("stdin", &warc);
        assert_eq!(docs.len(), 1);
        let d = docs[0].as_ref().unwrap();
        assert_eq!(d.doc.text, "Chile and Peru held talks.");
        assert_eq!(d.url.as_deref(), Some("https://e.org/1"));
    }

    #[test]
    fn an_oversized_document_is_refused_with_its_size_not_the_limit() {
        let big = vec![b'a'; MAX_DOCUMENT_BYTES + 1000];
        let docs = read("big.txt", &big);
        let e = docs[0].as_ref().unwrap_err();
        let size = (MAX_DOCUMENT_BYTES + 1000).to_string();
        assert!(
            e.reason.starts_with(&format!("document of {size} bytes")),
            "{e}"
        );
    }

    #[test]
    fn a_byte_order_mark_is_no_text_in_any_format() {
        let docs = read("a.txt", b"\xEF\xBB\xBFHeadline here\n\nThe body follows.");
        let d = &docs[0].as_ref().unwrap().doc;
        assert_eq!(d.title.as_deref(), Some("Headline here"));
        assert!(d.text.starts_with("Headline"));
        let docs = read(
            "a.html",
            b"\xEF\xBB\xBF<html><body><p>Words.</p></body></html>",
        );
        assert_eq!(docs[0].as_ref().unwrap().doc.text, "Words.");
        // On stdin, without a name, the record is still taken for JSON Lines.
        let docs = read("stdin", b"\xEF\xBB\xBF{\"id\":\"a\",\"text\":\"One.\"}\n");
        assert_eq!(docs[0].as_ref().unwrap().doc.id, "a");
        let docs = read(
            "f.xml",
            b"\xEF\xBB\xBF<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>\
              <item><title>A</title><description>Words.</description></item></channel></rss>",
        );
        assert!(docs[0].is_ok(), "{:?}", docs[0]);
    }
}
