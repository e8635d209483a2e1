//! WARC files, gzipped or not, as web crawls publish them: each `response`
//! (or `resource`) record holding an HTML page becomes a document, with the
//! record's target URI as its URL and the crawl date as its date.
//!
//! Records that are not pages (requests, metadata, images, redirects) are
//! counted and skipped without being kept in memory. A record that cannot be
//! read is an error naming its byte offset in the (decompressed) stream; when
//! its framing is broken (a bad header, a wrong `Content-Length`), reading
//! resynchronises on the next line that opens a record (`WARC/1.x`), so one
//! broken record never loses the rest of the file.
//!
//! The framing is read here, with bounded buffers; the header grammar is the
//! `warc` crate's.

use std::io::{BufRead, Read};

use chrono::NaiveDate;

use crate::{bytes_to_text, read_html, IngestError, Position, WebDocument, MAX_DOCUMENT_BYTES};

/// Whether bytes start like a WARC file, or like gzip (a `.warc.gz`).
pub fn looks_like_warc(head: &[u8]) -> bool {
    head.starts_with(b"WARC/") || head.starts_with(&[0x1f, 0x8b])
}

/// The largest header block of one record.
const MAX_HEADER_BYTES: usize = 64 * 1024;

/// The largest record body kept to read a page from: the page's limit, and room
/// for the HTTP headers around it.
const MAX_PAGE_RECORD: u64 = MAX_DOCUMENT_BYTES as u64 + 1024 * 1024;

/// One record's named headers (names as written; look them up ignoring case).
struct Headers(Vec<(String, String)>);

impl Headers {
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What reading one record gave.
enum Next {
    Page {
        headers: Headers,
        body: Vec<u8>,
    },
    /// A record read whole that holds no page.
    Skipped,
    /// A record that could not be read: the reason, and whether the stream
    /// itself failed (nothing more can be read).
    Broken(String, bool),
    End,
}

/// The documents of one WARC stream.
pub struct WarcDocuments {
    input: String,
    reader: Box<dyn BufRead>,
    /// Bytes consumed from the (decompressed) stream.
    offset: u64,
    /// A record's first line, read while looking for the end of the one before.
    pending: Option<Vec<u8>>,
    /// Where the record being read starts.
    record_start: u64,
    record: usize,
    done: bool,
    /// Records read that hold no HTML page (requests, metadata, images, redirects).
    pub skipped: usize,
}

/// Reads WARC records from `reader`; gzip (one member per record, or one for
/// the whole file) is detected from the first bytes.
pub fn read_warc(input: &str, mut reader: Box<dyn BufRead>) -> std::io::Result<WarcDocuments> {
    let gzip = reader.fill_buf()?.starts_with(&[0x1f, 0x8b]);
    let mut reader: Box<dyn BufRead> = if gzip {
        let decoder = libflate::gzip::MultiDecoder::new(reader)?;
        Box::new(std::io::BufReader::with_capacity(1 << 16, decoder))
    } else {
        reader
    };
    // A byte order mark before the first record is no part of it.
    let bom = reader.fill_buf()?.starts_with(crate::BOM);
    if bom {
        reader.consume(crate::BOM.len());
    }
    Ok(WarcDocuments {
        input: input.to_string(),
        reader,
        offset: if bom { crate::BOM.len() as u64 } else { 0 },
        pending: None,
        record_start: 0,
        record: 0,
        done: false,
        skipped: 0,
    })
}

/// How one bounded line read ended.
#[derive(PartialEq)]
enum LineEnd {
    Newline,
    /// The line went on past the bound (the part read is kept).
    Bound,
    Eof,
}

impl WarcDocuments {
    /// Appends the next line to `out` (with its newline), up to `bound` bytes.
    fn read_line(&mut self, out: &mut Vec<u8>, bound: usize) -> std::io::Result<LineEnd> {
        loop {
            let available = match self.reader.fill_buf() {
                Ok(a) => a,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                return Ok(LineEnd::Eof);
            }
            let room = bound.saturating_sub(out.len());
            let (take, end) = match memchr::memchr(b'\n', available) {
                Some(i) if i < room => (i + 1, LineEnd::Newline),
                _ if available.len() >= room => (room, LineEnd::Bound),
                _ => (available.len(), LineEnd::Eof),
            };
            out.extend_from_slice(&available[..take]);
            self.reader.consume(take);
            self.offset += take as u64;
            if end != LineEnd::Eof {
                return Ok(end);
            }
        }
    }

    /// Skips `n` bytes; how many there were.
    fn skip(&mut self, n: u64) -> std::io::Result<u64> {
        let skipped = std::io::copy(&mut self.reader.by_ref().take(n), &mut std::io::sink())?;
        self.offset += skipped;
        Ok(skipped)
    }

    /// The next line that is not blank, up to `bound` bytes (empty at the end).
    fn next_nonblank(&mut self, bound: usize) -> std::io::Result<Vec<u8>> {
        if let Some(line) = self.pending.take() {
            return Ok(line);
        }
        loop {
            let mut line = Vec::new();
            let end = self.read_line(&mut line, bound)?;
            if end != LineEnd::Newline || !line.trim_ascii().is_empty() {
                return Ok(line);
            }
        }
    }

    /// Reads on to the next line that opens a record, and keeps it for the next
    /// call. False at the end of the stream.
    fn resync(&mut self) -> std::io::Result<bool> {
        let mut at_line_start = true;
        loop {
            let mut line = Vec::new();
            let end = self.read_line(&mut line, MAX_HEADER_BYTES)?;
            if line.is_empty() {
                return Ok(false);
            }
            if at_line_start && opens_record(&line) {
                self.pending = Some(line);
                return Ok(true);
            }
            at_line_start = end == LineEnd::Newline;
        }
    }

    fn next_record(&mut self) -> std::io::Result<Next> {
        let first = self.next_nonblank(MAX_HEADER_BYTES)?;
        self.record_start = self.offset - first.len() as u64;
        if first.is_empty() {
            return Ok(Next::End);
        }
        if !opens_record(&first) {
            return Ok(Next::Broken("no WARC record starts here".into(), false));
        }
        let mut block = first;
        loop {
            let end = self.read_line(&mut block, MAX_HEADER_BYTES)?;
            match end {
                LineEnd::Eof => {
                    return Ok(Next::Broken(
                        "the file ends inside a record header".into(),
                        true,
                    ))
                }
                LineEnd::Bound => {
                    return Ok(Next::Broken(
                        format!("record header longer than {MAX_HEADER_BYTES} bytes"),
                        false,
                    ))
                }
                LineEnd::Newline => {
                    if block.ends_with(b"\r\n\r\n") || block.ends_with(b"\n\n") {
                        break;
                    }
                }
            }
        }
        let headers = match warc::parser::headers(&block) {
            Ok((_, (_, fields, _))) => Headers(
                fields
                    .into_iter()
                    .map(|(n, v)| (n.to_string(), String::from_utf8_lossy(v).trim().to_string()))
                    .collect(),
            ),
            Err(_) => return Ok(Next::Broken("unreadable record header".into(), false)),
        };
        let Some(length) = headers.get("Content-Length") else {
            return Ok(Next::Broken("record without Content-Length".into(), false));
        };
        let Ok(length) = length.parse::<u64>() else {
            return Ok(Next::Broken(
                format!("Content-Length {length:?} is not a number"),
                false,
            ));
        };
        let page = holds_page(&headers);
        let (body, got) = if page && length <= MAX_PAGE_RECORD {
            let mut body = Vec::with_capacity(length.min(1 << 20) as usize);
            let read = self.reader.by_ref().take(length).read_to_end(&mut body)? as u64;
            self.offset += read;
            (Some(body), read)
        } else {
            (None, self.skip(length)?)
        };
        if got < length {
            return Ok(Next::Broken(
                format!("the file ends inside a record ({got} of {length} bytes)"),
                true,
            ));
        }
        // The body ends with a blank line (then another); a body that goes on
        // past its Content-Length is a framing error.
        let mut after = Vec::new();
        self.read_line(&mut after, MAX_HEADER_BYTES)?;
        if opens_record(&after) {
            self.pending = Some(after);
        } else if !after.trim_ascii().is_empty() {
            return Ok(Next::Broken(
                format!("the body does not end after its {length} bytes (wrong Content-Length?)"),
                false,
            ));
        }
        Ok(match body {
            Some(body) => Next::Page { headers, body },
            None if page => Next::Broken(
                format!("page of {length} bytes is larger than the {MAX_PAGE_RECORD} byte limit"),
                false,
            ),
            None => Next::Skipped,
        })
    }
}

/// Whether a line opens a WARC record (`WARC/1.0`, `WARC/1.1`).
fn opens_record(line: &[u8]) -> bool {
    line.starts_with(b"WARC/") && line.get(5).is_some_and(u8::is_ascii_digit)
}

/// Whether a record may hold an HTML page (an HTTP response or an HTML resource).
fn holds_page(headers: &Headers) -> bool {
    let kind = headers.get("WARC-Type").unwrap_or("").to_ascii_lowercase();
    let content_type = headers
        .get("Content-Type")
        .unwrap_or("")
        .to_ascii_lowercase();
    match kind.as_str() {
        "response" => content_type.starts_with("application/http") || is_html(&content_type),
        "resource" => is_html(&content_type),
        _ => false,
    }
}

impl Iterator for WarcDocuments {
    type Item = Result<WebDocument, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.record += 1;
            let err = |s: &Self, reason: String| {
                Some(Err(IngestError::new(
                    &s.input,
                    Position::Byte(s.record_start as usize),
                    format!("WARC record {}: {reason}", s.record),
                )))
            };
            let (headers, body) = match self.next_record() {
                Ok(Next::End) => {
                    self.done = true;
                    return None;
                }
                Ok(Next::Skipped) => {
                    self.skipped += 1;
                    continue;
                }
                Ok(Next::Page { headers, body }) => (headers, body),
                Ok(Next::Broken(reason, fatal)) => {
                    let resumed = match fatal {
                        true => Ok(false),
                        false => self.resync(),
                    };
                    let tail = match resumed {
                        Ok(true) => format!(
                            " (reading resumed at the next record, byte {})",
                            self.offset - self.pending.as_ref().map_or(0, |p| p.len() as u64)
                        ),
                        Ok(false) => {
                            self.done = true;
                            String::new()
                        }
                        Err(e) => {
                            self.done = true;
                            format!(" (then a read error: {e}; rest of the file skipped)")
                        }
                    };
                    return err(self, format!("{reason}{tail}"));
                }
                Err(e) => {
                    self.done = true;
                    return err(self, format!("read error: {e} (rest of the file skipped)"));
                }
            };
            let html = match page(&headers, body) {
                Page::Skip => {
                    self.skipped += 1;
                    continue;
                }
                Page::Bad(reason) => return err(self, reason),
                Page::Html(html) => html,
            };
            let url = headers.get("WARC-Target-URI").map(str::to_string);
            let id = url
                .clone()
                .or_else(|| headers.get("WARC-Record-ID").map(str::to_string))
                .unwrap_or_else(|| format!("{}#{}", self.input, self.record));
            let html = match html_text(&self.input, html) {
                Ok(h) => h,
                Err(reason) => return err(self, reason),
            };
            let mut doc = match read_html(&id, &html) {
                Ok(d) => d,
                Err(e) => return err(self, e.reason),
            };
            doc.date = headers
                .get("WARC-Date")
                .and_then(|d| chrono::DateTime::parse_from_rfc3339(d).ok())
                .map(|d| d.date_naive())
                .filter(|d| *d > NaiveDate::MIN);
            if doc.outlet.is_none() {
                doc.outlet = url.as_deref().and_then(host);
            }
            return Some(Ok(WebDocument { doc, url }));
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
fn page(headers: &Headers, body: Vec<u8>) -> Page {
    let content_type = headers
        .get("Content-Type")
        .unwrap_or("")
        .to_ascii_lowercase();
    if content_type.starts_with("application/http") {
        http_page(&body)
    } else {
        Page::Html(body)
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

    #[test]
    fn a_framing_error_loses_one_record_and_reading_resumes_at_the_next() {
        let one = record("resource", "https://e.org/1", "text/html", b"<p>One.</p>");
        let mut short = record("resource", "https://e.org/2", "text/html", b"<p>Two.</p>");
        // Content-Length 11 -> 5: the body goes on past it.
        let at = find(&short, b"Content-Length: 11").unwrap();
        short.splice(at..at + 18, b"Content-Length: 5".iter().copied());
        let three = record("resource", "https://e.org/3", "text/html", b"<p>Three.</p>");
        let garbage = b"this line is no record\r\nnor this one\r\n".to_vec();
        let four = record("resource", "https://e.org/4", "text/html", b"<p>Four.</p>");
        let huge = b"WARC/1.0\r\nWARC-Type: resource\r\nContent-Type: image/png\r\n\
                     Content-Length: 99999999999999\r\n\r\nshort"
            .to_vec();
        let warc = [one.clone(), short.clone(), three, garbage, four, huge].concat();
        let items: Vec<_> = read_warc("t.warc", Box::new(std::io::Cursor::new(warc)))
            .unwrap()
            .collect();
        let texts: Vec<String> = items
            .iter()
            .map(|i| match i {
                Ok(d) => d.doc.text.clone(),
                Err(e) => format!("error at {}: {}", e.position, e.reason),
            })
            .collect();
        assert_eq!(texts.len(), 6, "{texts:#?}");
        assert_eq!(texts[0], "One.");
        assert!(
            texts[1].starts_with(&format!(
                "error at byte {}: WARC record 2: the body does not end",
                one.len()
            )),
            "{texts:#?}"
        );
        assert!(
            texts[1].contains("resumed at the next record, byte"),
            "{}",
            texts[1]
        );
        assert_eq!(texts[2], "Three.");
        assert!(
            texts[3].contains("no WARC record starts here"),
            "{}",
            texts[3]
        );
        assert_eq!(texts[4], "Four.");
        assert!(texts[5].contains("ends inside a record"), "{}", texts[5]);
    }

    #[test]
    fn a_byte_order_mark_before_the_first_record_is_skipped() {
        let mut warc = crate::BOM.to_vec();
        warc.extend(record(
            "resource",
            "https://e.org/1",
            "text/html",
            b"<p>One.</p>",
        ));
        let items: Vec<_> = read_warc("b.warc", Box::new(std::io::Cursor::new(warc)))
            .unwrap()
            .collect();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].as_ref().unwrap().doc.text, "One.");
    }
}
