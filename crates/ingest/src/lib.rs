//! Bytes to documents.
//!
//! This crate owns the [`Document`]: one owned text plus what is known about it
//! (id, date, title, outlet, dateline). Readers turn plain text, HTML and JSON
//! Lines into documents. A reader never stops at a bad record: it yields an
//! [`IngestError`] naming the input and the position, and goes on with the next.
//!
//! Invariant: `Document::text` is exactly the text every later span points into,
//! and `body` is a span of it: for plain text, the file itself (so evidence
//! offsets are offsets into the file); for HTML, the extracted article text;
//! for JSON Lines, the record's `text` field.

mod feed;
mod html;
mod input;
mod jsonl;
mod plain;
mod webarchive;

use std::path::Path;

use chrono::NaiveDate;

pub use feed::{read_feed, WebDocument};
pub use html::{read_html, MAX_HTML_DEPTH};
pub use input::{kind_by_content, kind_by_name, open_reader, read_input, InputKind, InputSummary};
pub use jsonl::JsonLines;
pub use plain::{read_plain, read_record_text};
pub use webarchive::{looks_like_warc, read_warc, WarcDocuments};

/// The largest document text accepted. News articles are kilobytes; a line of
/// tens of megabytes is a broken export, not an article.
pub const MAX_DOCUMENT_BYTES: usize = 8 * 1024 * 1024;

/// A dateline such as "Brussels (AP) –": a place and an agency, never an actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dateline {
    pub start: usize,
    pub end: usize,
    pub place: String,
    pub agency: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The JSONL `id`, or the file name.
    pub id: String,
    /// Publication date, when the document or the caller gives one.
    pub date: Option<NaiveDate>,
    pub title: Option<String>,
    /// Outlet, from a JSONL `source` or a headline suffix such as " | Free press".
    pub outlet: Option<String>,
    pub text: String,
    /// Byte range of `text` holding the body to code (after a title line).
    pub body_start: usize,
    pub dateline: Option<Dateline>,
}

impl Document {
    /// A bare document: all of `text` is body.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Document {
            id: id.into(),
            date: None,
            title: None,
            outlet: None,
            text: text.into(),
            body_start: 0,
            dateline: None,
        }
    }
}

/// Where in an input a problem was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Position {
    Line(usize),
    Byte(usize),
    Whole,
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Position::Line(n) => write!(f, "line {n}"),
            Position::Byte(n) => write!(f, "byte {n}"),
            Position::Whole => f.write_str("whole input"),
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("{input}: {position}: {reason}")]
pub struct IngestError {
    pub input: String,
    pub position: Position,
    pub reason: String,
}

impl IngestError {
    pub fn new(input: &str, position: Position, reason: impl Into<String>) -> Self {
        IngestError {
            input: input.to_string(),
            position,
            reason: reason.into(),
        }
    }
}

/// The kinds of input a file can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Plain,
    Html,
    JsonLines,
}

/// Guesses the format from the file name, then from the first bytes.
/// For a name that says its bytes are gzip-compressed (`.gz`, but not `.warc.gz`,
/// which the WARC reader opens itself), the name of what is inside:
/// `news.jsonl.gz` holds `news.jsonl`.
pub fn gzip_inner_name(name: &str) -> Option<&str> {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".gz") && !lower.ends_with(".warc.gz") {
        Some(&name[..name.len() - 3])
    } else {
        None
    }
}

/// A reader of the decompressed bytes of a gzip stream (of one or several members,
/// as `cat a.gz b.gz` and parallel compressors write them).
///
/// The compressed side is buffered here: the decoder asks its reader for one
/// byte at a time, which on a bare `File` would be one system call per byte.
pub fn gunzip<R: std::io::Read + 'static>(reader: R) -> std::io::Result<Box<dyn std::io::BufRead>> {
    let compressed = std::io::BufReader::with_capacity(1 << 16, reader);
    let decoder = libflate::gzip::MultiDecoder::new(compressed)?;
    Ok(Box::new(std::io::BufReader::with_capacity(
        1 << 16,
        decoder,
    )))
}

/// The UTF-8 byte order mark some editors write first: not text.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// `bytes` without a leading UTF-8 byte order mark.
pub fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(BOM).unwrap_or(bytes)
}

pub fn detect_format(name: &str, head: &[u8]) -> Format {
    let lower = name.to_ascii_lowercase();
    let ext = Path::new(&lower)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("");
    match ext {
        "jsonl" | "ndjson" => return Format::JsonLines,
        "html" | "htm" | "xhtml" => return Format::Html,
        "txt" | "text" => return Format::Plain,
        _ => {}
    }
    let head = strip_bom(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let head = &head[start..];
    if head.first() == Some(&b'{') {
        return Format::JsonLines;
    }
    let probe = String::from_utf8_lossy(&head[..head.len().min(512)]).to_ascii_lowercase();
    if probe.starts_with("<!doctype html") || probe.starts_with("<html") || probe.contains("<body")
    {
        return Format::Html;
    }
    Format::Plain
}

/// The error for a document of `size` bytes, over [`MAX_DOCUMENT_BYTES`].
pub(crate) fn too_large(input: &str, position: Position, what: &str, size: u64) -> IngestError {
    IngestError::new(
        input,
        position,
        format!("{what} of {size} bytes is larger than the {MAX_DOCUMENT_BYTES} byte limit"),
    )
}

/// Checks that bytes are text: no NUL bytes, valid UTF-8, not too large.
/// A leading byte order mark is dropped (offsets count from after it).
/// The error names the first offending byte.
pub fn bytes_to_text(input: &str, mut bytes: Vec<u8>) -> Result<String, IngestError> {
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(too_large(
            input,
            Position::Whole,
            "document",
            bytes.len() as u64,
        ));
    }
    // Positions stay those of the file, byte order mark included.
    let shift = if bytes.starts_with(BOM) {
        bytes.drain(..BOM.len());
        BOM.len()
    } else {
        0
    };
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        return Err(IngestError::new(
            input,
            Position::Byte(nul + shift),
            "binary data (NUL byte): not a text, HTML or JSON Lines file",
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        IngestError::new(input, Position::Byte(at + shift), "invalid UTF-8")
    })
}

/// Reads one whole-file document (plain text or HTML) from bytes.
pub fn read_document(input: &str, format: Format, bytes: Vec<u8>) -> Result<Document, IngestError> {
    let text = bytes_to_text(input, bytes)?;
    if text.trim().is_empty() {
        return Err(IngestError::new(input, Position::Whole, "empty document"));
    }
    let id = Path::new(input)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(input)
        .to_string();
    match format {
        Format::Html => read_html(&id, &text),
        _ => Ok(read_plain(&id, text)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_detected_from_names_and_content() {
        assert_eq!(detect_format("a.jsonl", b""), Format::JsonLines);
        assert_eq!(detect_format("a", b"  {\"id\":1}"), Format::JsonLines);
        assert_eq!(
            detect_format("page", b"<!DOCTYPE html><html>"),
            Format::Html
        );
        assert_eq!(detect_format("a.htm", b"x"), Format::Html);
        assert_eq!(detect_format("-", b"Hello world"), Format::Plain);
    }

    #[test]
    fn binary_and_invalid_utf8_are_refused_with_their_offset() {
        let e = bytes_to_text("f.bin", b"abc\0def".to_vec()).unwrap_err();
        assert_eq!(e.position, Position::Byte(3));
        let e = bytes_to_text("f.txt", b"abc\xffdef".to_vec()).unwrap_err();
        assert_eq!(e.position, Position::Byte(3));
        assert!(e.to_string().contains("f.txt: byte 3: invalid UTF-8"));
    }

    #[test]
    fn empty_documents_are_errors() {
        let e = read_document("e.txt", Format::Plain, b" \n\n".to_vec()).unwrap_err();
        assert!(e.reason.contains("empty"));
    }

    #[test]
    fn gzip_is_read_from_its_source_in_large_blocks() {
        use std::io::{Read, Write};
        /// Counts the reads asked of the compressed source.
        struct CountingReads<R> {
            inner: R,
            reads: std::rc::Rc<std::cell::Cell<usize>>,
        }
        impl<R: Read> Read for CountingReads<R> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                self.reads.set(self.reads.get() + 1);
                self.inner.read(buf)
            }
        }
        // Text that compresses poorly, so the compressed stream is large.
        let mut seed = 1u64;
        let text: Vec<u8> = (0..1 << 20)
            .map(|_| {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
                b"abcdefghijklmnopqrstuvwxyz .\n"[(seed >> 59) as usize % 29]
            })
            .collect();
        let mut enc = libflate::gzip::Encoder::new(Vec::new()).unwrap();
        enc.write_all(&text).unwrap();
        let compressed = enc.finish().into_result().unwrap();
        assert!(compressed.len() > 100_000);
        let reads = std::rc::Rc::new(std::cell::Cell::new(0));
        let source = CountingReads {
            inner: std::io::Cursor::new(compressed.clone()),
            reads: reads.clone(),
        };
        let mut out = Vec::new();
        gunzip(source).unwrap().read_to_end(&mut out).unwrap();
        assert_eq!(out, text);
        // Unbuffered, the decoder would ask for one byte at a time.
        assert!(
            reads.get() <= compressed.len() / 4096 + 4,
            "{} reads for {} compressed bytes",
            reads.get(),
            compressed.len()
        );
    }

    #[test]
    fn a_byte_order_mark_is_dropped_and_positions_stay_those_of_the_file() {
        assert_eq!(
            detect_format("-", b"\xEF\xBB\xBF{\"id\":1}"),
            Format::JsonLines
        );
        assert_eq!(
            bytes_to_text("b.txt", b"\xEF\xBB\xBFabc".to_vec()).unwrap(),
            "abc"
        );
        let e = bytes_to_text("b.txt", b"\xEF\xBB\xBFab\0".to_vec()).unwrap_err();
        assert_eq!(e.position, Position::Byte(5));
    }
}
