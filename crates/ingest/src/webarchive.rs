//! WARC files, gzipped or not, as web crawls publish them: each `response`
//! (or `resource`) record holding an HTML page becomes a document, with the
//! record's target URI as its URL and the crawl date as its date.
//!
//! Records that are not pages (requests, metadata, images, redirects) are
//! counted and skipped. A record that cannot be read is an error naming the
//! byte offset of the record in the (decompressed) stream; when the framing
//! itself is broken, reading stops there.

use std::io::{BufRead, Read};

use chrono::NaiveDate;
use warc::{BufferedBody, Record, RecordType, WarcHeader, WarcReader};

use crate::{bytes_to_text, read_html, IngestError, Position, WebDocument, MAX_DOCUMENT_BYTES};

/// Whether bytes start like a WARC file, or like gzip (a `.warc.gz`).
pub fn looks_like_warc(head: &[u8]) -> bool {
    head.starts_with(b"WARC/") || head.starts_with(&[0x1f, 0x8b])
}

/// Counts the bytes consumed from the underlying reader.
struct Counting<R> {
    inner: R,
    consumed: std::rc::Rc<std::cell::Cell<u64>>,
}

impl<R: BufRead> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.consumed.set(self.consumed.get() + n as u64);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counting<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }
    fn consume(&mut self, amt: usize) {
        self.consumed.set(self.consumed.get() + amt as u64);
        self.inner.consume(amt)
    }
}

/// The documents of one WARC stream.
pub struct WarcDocuments {
    input: String,
    records: warc::RecordIter<Counting<Box<dyn BufRead>>>,
    consumed: std::rc::Rc<std::cell::Cell<u64>>,
    record: usize,
    done: bool,
    /// Records read that hold no HTML page (requests, metadata, images, redirects).
    pub skipped: usize,
}

/// Reads WARC records from `reader`; gzip (one member per record, or one for
/// the whole file) is detected from the first bytes.
pub fn read_warc(input: &str, mut reader: Box<dyn BufRead>) -> std::io::Result<WarcDocuments> {
    let gzip = reader.fill_buf()?.starts_with(&[0x1f, 0x8b]);
    let reader: Box<dyn BufRead> = if gzip {
        let decoder = libflate::gzip::MultiDecoder::new(reader)?;
        Box::new(std::io::BufReader::with_capacity(1 << 16, decoder))
    } else {
        reader
    };
    let consumed = std::rc::Rc::new(std::cell::Cell::new(0));
    let counting = Counting {
        inner: reader,
        consumed: consumed.clone(),
    };
    Ok(WarcDocuments {
        input: input.to_string(),
        records: WarcReader::new(counting).iter_records(),
        consumed,
        record: 0,
        done: false,
        skipped: 0,
    })
}

impl Iterator for WarcDocuments {
    type Item = Result<WebDocument, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let offset = self.consumed.get() as usize;
            self.record += 1;
            let err =
                |reason: String| IngestError::new(&self.input, Position::Byte(offset), reason);
            let record = match self.records.next()? {
                Ok(r) => r,
                Err(e) => {
                    // Framing errors leave the stream at an unknown place: stop there.
                    let fatal = !matches!(
                        e,
                        warc::Error::MissingHeader(_) | warc::Error::MalformedHeader(..)
                    );
                    self.done = fatal;
                    return Some(Err(err(format!(
                        "WARC record {} unreadable: {e}{}",
                        self.record,
                        if fatal {
                            " (rest of the file skipped)"
                        } else {
                            ""
                        }
                    ))));
                }
            };
            match page(&record) {
                Page::Skip => self.skipped += 1,
                Page::Bad(reason) => {
                    return Some(Err(err(format!("WARC record {}: {reason}", self.record))))
                }
                Page::Html(html) => {
                    let url = record.header(WarcHeader::TargetURI).map(|u| u.into_owned());
                    let id = url.clone().unwrap_or_else(|| record.warc_id().to_string());
                    let html = match html_text(&self.input, html) {
                        Ok(h) => h,
                        Err(reason) => {
                            return Some(Err(err(format!("WARC record {}: {reason}", self.record))))
                        }
                    };
                    let mut doc = match read_html(&id, &html) {
                        Ok(d) => d,
                        Err(e) => {
                            return Some(Err(err(format!(
                                "WARC record {}: {}",
                                self.record, e.reason
                            ))))
                        }
                    };
                    doc.date = Some(record.date().date_naive()).filter(|d| *d > NaiveDate::MIN);
                    if doc.outlet.is_none() {
                        doc.outlet = url.as_deref().and_then(host);
                    }
                    return Some(Ok(WebDocument { doc, url }));
                }
            }
        }
        None
    }
}

enum Page {
    Skip,
    Bad(String),
    Html(Vec<u8>),
}

/// The HTML payload of a record, if it holds a page.
fn page(record: &Record<BufferedBody>) -> Page {
    let content_type = record
        .header(WarcHeader::ContentType)
        .map(|c| c.to_ascii_lowercase())
        .unwrap_or_default();
    let body = record.body();
    match record.warc_type() {
        RecordType::Response if content_type.starts_with("application/http") => http_page(body),
        RecordType::Response | RecordType::Resource if is_html(&content_type) => {
            Page::Html(body.to_vec())
        }
        _ => Page::Skip,
    }
}

fn is_html(content_type: &str) -> bool {
    content_type.contains("text/html") || content_type.contains("application/xhtml")
}

/// An HTTP response: a 2xx HTML page, de-chunked and decompressed.
fn http_page(raw: &[u8]) -> Page {
    let Some(split) = find(raw, b"\r\n\r\n")
        .map(|i| (i, i + 4))
        .or_else(|| find(raw, b"\n\n").map(|i| (i, i + 2)))
    else {
        return Page::Bad("HTTP response without a header end".into());
    };
    let head = String::from_utf8_lossy(&raw[..split.0]);
    let mut lines = head.lines();
    let status = lines.next().unwrap_or("");
    let ok = status
        .split_whitespace()
        .nth(1)
        .is_some_and(|c| c.starts_with('2'));
    let mut content_type = String::new();
    let mut chunked = false;
    let mut encoding = String::new();
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim().to_ascii_lowercase();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-type" => content_type = value,
            "transfer-encoding" => chunked = value.contains("chunked"),
            "content-encoding" => encoding = value,
            _ => {}
        }
    }
    if !ok || !is_html(&content_type) {
        return Page::Skip;
    }
    let mut body = raw[split.1..].to_vec();
    if chunked {
        match dechunk(&body) {
            Some(b) => body = b,
            None => return Page::Bad("broken chunked HTTP body".into()),
        }
    }
    match encoding.as_str() {
        "" | "identity" => {}
        "gzip" | "x-gzip" => {
            let mut out = Vec::new();
            let decoded = libflate::gzip::Decoder::new(&body[..])
                .and_then(|d| d.take(MAX_DOCUMENT_BYTES as u64 + 1).read_to_end(&mut out));
            if decoded.is_err() {
                return Page::Bad("gzip HTTP body cannot be decompressed".into());
            }
            body = out;
        }
        "deflate" => {
            let mut out = Vec::new();
            let decoded = libflate::zlib::Decoder::new(&body[..])
                .and_then(|d| d.take(MAX_DOCUMENT_BYTES as u64 + 1).read_to_end(&mut out));
            if decoded.is_err() {
                return Page::Bad("deflate HTTP body cannot be decompressed".into());
            }
            body = out;
        }
        other => return Page::Bad(format!("HTTP content encoding {other:?} is not supported")),
    }
    Page::Html(body)
}

/// Page bytes to text: UTF-8, or Latin-1 when the page is not UTF-8 (the
/// usual fallback for old Western pages).
fn html_text(input: &str, bytes: Vec<u8>) -> Result<String, String> {
    if std::str::from_utf8(&bytes).is_err() && !bytes.contains(&0) {
        if bytes.len() > MAX_DOCUMENT_BYTES {
            return Err(format!("page of {} bytes is too large", bytes.len()));
        }
        return Ok(bytes.iter().map(|&b| b as char).collect());
    }
    bytes_to_text(input, bytes).map_err(|e| format!("{} at {}", e.reason, e.position))
}

fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let end = find(body, b"\r\n")?;
        let size_text = std::str::from_utf8(&body[..end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        body = &body[end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(..size)?);
        body = body.get(size + 2..)?;
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// `https://www.example.org/a/b` -> `example.org`.
fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?.split(':').next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, uri: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{uri}>\r\n\
             WARC-Date: 2017-03-09T12:00:00Z\r\nWARC-Target-URI: {uri}\r\n\
             Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        r.extend_from_slice(body);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    fn http(status: &str, headers: &str, body: &[u8]) -> Vec<u8> {
        let mut r = format!("HTTP/1.1 {status}\r\n{headers}\r\n").into_bytes();
        r.extend_from_slice(body);
        r
    }

    #[test]
    fn pages_are_read_and_other_records_skipped() {
        let page = b"<html><head><title>Talks resume</title></head><body><p>Chile and Peru held talks on Wednesday.</p></body></html>";
        let mut warc = record(
            "warcinfo",
            "x",
            "application/warc-fields",
            b"software: test\r\n",
        );
        warc.extend(record(
            "response",
            "https://www.example.org/a",
            "application/http; msgtype=response",
            &http("200 OK", "Content-Type: text/html; charset=utf-8\r\n", page),
        ));
        warc.extend(record(
            "response",
            "https://www.example.org/logo.png",
            "application/http; msgtype=response",
            &http("200 OK", "Content-Type: image/png\r\n", b"\x89PNG"),
        ));
        warc.extend(record(
            "response",
            "https://example.org/c",
            "application/http; msgtype=response",
            &http(
                "200 OK",
                "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n",
                b"c\r\n<p>Hello, wo\r\n5\r\nrld.<\r\n3\r\n/p>\r\n0\r\n\r\n",
            ),
        ));
        let mut docs = read_warc("t.warc", Box::new(std::io::Cursor::new(warc))).unwrap();
        let a = docs.next().unwrap().unwrap();
        assert_eq!(a.url.as_deref(), Some("https://www.example.org/a"));
        assert_eq!(a.doc.outlet.as_deref(), Some("example.org"));
        assert_eq!(a.doc.date.unwrap().to_string(), "2017-03-09");
        assert!(a.doc.text.contains("Chile and Peru held talks"));
        let c = docs.next().unwrap().unwrap();
        assert_eq!(c.doc.text, "Hello, world.");
        assert!(docs.next().is_none());
        assert_eq!(docs.skipped, 2);
    }

    #[test]
    fn a_truncated_record_is_an_error_with_its_offset() {
        let good = record("resource", "https://e.org/1", "text/html", b"<p>One.</p>");
        let mut warc = good.clone();
        let mut bad = record("resource", "https://e.org/2", "text/html", b"<p>Two.</p>");
        bad.truncate(bad.len() - 10);
        warc.extend(bad);
        let items: Vec<_> = read_warc("t.warc", Box::new(std::io::Cursor::new(warc)))
            .unwrap()
            .collect();
        assert_eq!(items.len(), 2);
        assert!(items[0].is_ok());
        let e = items[1].as_ref().unwrap_err();
        assert_eq!(e.position, Position::Byte(good.len()));
        assert!(e.reason.contains("WARC record 2"));
    }
}
