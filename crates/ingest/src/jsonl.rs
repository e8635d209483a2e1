//! JSON Lines: one document a line, `{"id","date","title","text","source"}`.

use std::io::BufRead;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::{strip_bom, Document, IngestError, Position, MAX_DOCUMENT_BYTES};

#[derive(Deserialize)]
struct Record {
    id: Option<serde_json::Value>,
    date: Option<String>,
    title: Option<String>,
    text: Option<String>,
    source: Option<String>,
}

/// Iterates over the documents of a JSON Lines input. Each item is a document
/// or an error naming the line; a bad line never stops the iteration, and an
/// unreadable stream ends it after one error. An input without any record is
/// one error.
///
/// A line is kept in memory only up to [`MAX_DOCUMENT_BYTES`]: a longer one is
/// read on to its newline without being kept, and refused with its size.
pub struct JsonLines<R> {
    input: String,
    reader: R,
    line: usize,
    buf: Vec<u8>,
    records: usize,
    done: bool,
}

/// What one line read gave.
enum Line {
    /// The line is in `buf` (with its newline, if it had one).
    Kept,
    /// The line had this many bytes and was not kept.
    TooLong(u64),
    End,
}

impl<R: BufRead> JsonLines<R> {
    pub fn new(input: &str, reader: R) -> Self {
        JsonLines {
            input: input.to_string(),
            reader,
            line: 0,
            buf: Vec::new(),
            records: 0,
            done: false,
        }
    }

    /// Reads the next line into `buf`, keeping at most the limit.
    fn read_line(&mut self) -> std::io::Result<Line> {
        self.buf.clear();
        let mut total: u64 = 0;
        let mut kept = true;
        loop {
            let available = match self.reader.fill_buf() {
                Ok(a) => a,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                break;
            }
            let (take, end) = match memchr::memchr(b'\n', available) {
                Some(i) => (i + 1, true),
                None => (available.len(), false),
            };
            if kept {
                self.buf.extend_from_slice(&available[..take]);
                if self.buf.len() > MAX_DOCUMENT_BYTES + 1 {
                    kept = false;
                    // Give the memory back: the rest of the line is only counted.
                    self.buf = Vec::new();
                }
            }
            total += take as u64;
            self.reader.consume(take);
            if end {
                return Ok(if kept {
                    Line::Kept
                } else {
                    Line::TooLong(total - 1)
                });
            }
        }
        Ok(match (total, kept) {
            (0, _) => Line::End,
            (_, true) => Line::Kept,
            (n, false) => Line::TooLong(n),
        })
    }

    fn parse(&self, bytes: &[u8]) -> Result<Document, IngestError> {
        let err = |reason: String| IngestError::new(&self.input, Position::Line(self.line), reason);
        if bytes.len() > MAX_DOCUMENT_BYTES {
            return Err(err(too_long(bytes.len() as u64)));
        }
        let line = std::str::from_utf8(bytes).map_err(|e| {
            err(format!(
                "invalid UTF-8 at byte {} of the line",
                e.valid_up_to()
            ))
        })?;
        let rec: Record =
            serde_json::from_str(line).map_err(|e| err(format!("not a JSON document: {e}")))?;
        let text = rec
            .text
            .filter(|t| !t.trim().is_empty())
            .ok_or_else(|| err("record has no \"text\"".into()))?;
        // A plain file with a NUL byte is refused as binary; a record (or a posted
        // document) that escapes one is no different.
        if let Some(at) = text.find('\0') {
            return Err(err(format!(
                "binary data: the \"text\" holds a NUL character at byte {at}"
            )));
        }
        let id = match rec.id {
            Some(serde_json::Value::String(s)) => s,
            Some(serde_json::Value::Number(n)) => n.to_string(),
            _ => format!("{}:{}", self.input, self.line),
        };
        let date = match rec.date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            Some(d) => Some(parse_date(d).ok_or_else(|| err(format!("unreadable date {d:?}")))?),
            None => None,
        };
        let mut doc = Document::new(id, text);
        doc.date = date;
        doc.title = rec.title.filter(|t| !t.trim().is_empty());
        doc.outlet = rec.source.filter(|s| !s.trim().is_empty());
        // Scraped texts often repeat the headline as their first paragraph and keep
        // the dateline ("Brussels (AP) –"): the same rules as for plain text, so
        // neither is read as a sentence with actors.
        crate::plain::headline_and_dateline(&mut doc, true);
        Ok(doc)
    }
}

fn too_long(size: u64) -> String {
    format!("line of {size} bytes is larger than the {MAX_DOCUMENT_BYTES} byte limit")
}

/// Accepts `YYYY-MM-DD` and ISO timestamps that start with one.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let day = s.get(..10).unwrap_or(s);
    NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
}

impl<R: BufRead> Iterator for JsonLines<R> {
    type Item = Result<Document, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.line += 1;
            let err = |s: &Self, reason: String| {
                Some(Err(IngestError::new(
                    &s.input,
                    Position::Line(s.line),
                    reason,
                )))
            };
            match self.read_line() {
                Ok(Line::End) => {
                    self.done = true;
                    if self.records == 0 {
                        return Some(Err(IngestError::new(
                            &self.input,
                            Position::Whole,
                            "no JSON Lines record: the input is empty",
                        )));
                    }
                }
                Ok(Line::TooLong(n)) => {
                    self.records += 1;
                    return err(self, too_long(n));
                }
                Ok(Line::Kept) => {
                    // A byte order mark opens the file, or a file pasted onto another.
                    let trimmed = strip_bom(&self.buf).trim_ascii();
                    if trimmed.is_empty() {
                        continue;
                    }
                    self.records += 1;
                    return Some(self.parse(trimmed));
                }
                Err(e) => {
                    self.done = true;
                    return err(self, format!("read error: {e}"));
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_lines_survive_bad_ones() {
        let input = b"{\"id\":\"a\",\"date\":\"2021-03-24\",\"text\":\"One.\",\"extra\":1}\n\n{\"id\":\"b\",\"text\":\"tru\n\xff\xfe\n{\"id\":7,\"text\":\"Two.\",\"source\":\"Wire\"}\n{\"id\":\"c\"}\n";
        let items: Vec<_> = JsonLines::new("in.jsonl", &input[..]).collect();
        assert_eq!(items.len(), 5);
        let a = items[0].as_ref().unwrap();
        assert_eq!(
            (a.id.as_str(), a.date.unwrap().to_string()),
            ("a", "2021-03-24".into())
        );
        let e = items[1].as_ref().unwrap_err();
        assert_eq!(e.position, Position::Line(3));
        assert!(e.reason.contains("not a JSON document"));
        assert!(items[2]
            .as_ref()
            .unwrap_err()
            .reason
            .contains("invalid UTF-8"));
        let b = items[3].as_ref().unwrap();
        assert_eq!((b.id.as_str(), b.outlet.as_deref()), ("7", Some("Wire")));
        assert!(items[4]
            .as_ref()
            .unwrap_err()
            .reason
            .contains("no \"text\""));
    }

    #[test]
    fn a_line_over_the_limit_is_counted_not_kept_and_the_next_one_is_read() {
        use std::io::Read;
        let size = MAX_DOCUMENT_BYTES as u64 * 3;
        let long = std::io::repeat(b'a').take(size);
        let input = std::io::Cursor::new(b"{\"text\":\"x".to_vec())
            .chain(long)
            .chain(&b"\"}\n{\"id\":\"b\",\"text\":\"Two.\"}\n"[..]);
        let mut docs = JsonLines::new("big.jsonl", std::io::BufReader::new(input));
        let e = docs.next().unwrap().unwrap_err();
        assert_eq!(e.position, Position::Line(1));
        assert!(
            e.reason
                .starts_with(&format!("line of {} bytes is larger", size + 12)),
            "{e}"
        );
        assert!(
            docs.buf.capacity() <= MAX_DOCUMENT_BYTES * 2,
            "line was kept"
        );
        assert_eq!(docs.next().unwrap().unwrap().id, "b");
        assert!(docs.next().is_none());
    }

    #[test]
    fn a_byte_order_mark_opens_the_first_record_and_an_empty_input_is_an_error() {
        let items: Vec<_> = JsonLines::new(
            "bom.jsonl",
            &b"\xEF\xBB\xBF{\"id\":\"a\",\"text\":\"One.\"}\n"[..],
        )
        .collect();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].as_ref().unwrap().id, "a");
        for empty in [&b""[..], b"\n  \n\n"] {
            let items: Vec<_> = JsonLines::new("e.jsonl", empty).collect();
            assert_eq!(items.len(), 1);
            let e = items[0].as_ref().unwrap_err();
            assert_eq!(e.position, Position::Whole);
            assert!(e.reason.contains("empty"), "{e}");
        }
    }

    #[test]
    fn a_nul_character_in_the_text_is_binary_data() {
        let items: Vec<_> =
            JsonLines::new("n.jsonl", &b"{\"text\":\"One\\u0000two.\"}\n"[..]).collect();
        let e = items[0].as_ref().unwrap_err();
        assert!(e.reason.contains("NUL"), "{e}");
    }
}
