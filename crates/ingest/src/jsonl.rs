//! JSON Lines: one document a line, `{"id","date","title","text","source"}`.

use std::io::BufRead;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::{Document, IngestError, Position, MAX_DOCUMENT_BYTES};

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
/// unreadable stream ends it after one error.
pub struct JsonLines<R> {
    input: String,
    reader: R,
    line: usize,
    buf: Vec<u8>,
    done: bool,
}

impl<R: BufRead> JsonLines<R> {
    pub fn new(input: &str, reader: R) -> Self {
        JsonLines {
            input: input.to_string(),
            reader,
            line: 0,
            buf: Vec::new(),
            done: false,
        }
    }

    fn parse(&self, bytes: &[u8]) -> Result<Document, IngestError> {
        let err = |reason: String| IngestError::new(&self.input, Position::Line(self.line), reason);
        if bytes.len() > MAX_DOCUMENT_BYTES {
            return Err(err(format!(
                "line of {} bytes is larger than the {} byte limit",
                bytes.len(),
                MAX_DOCUMENT_BYTES
            )));
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

/// Accepts `YYYY-MM-DD` and ISO timestamps that start with one.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let day = s.get(..10).unwrap_or(s);
    NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
}

impl<R: BufRead> Iterator for JsonLines<R> {
    type Item = Result<Document, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.buf.clear();
            self.line += 1;
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => self.done = true,
                Ok(_) => {
                    let bytes = std::mem::take(&mut self.buf);
                    let trimmed = bytes.trim_ascii();
                    if trimmed.is_empty() {
                        self.buf = bytes;
                        continue;
                    }
                    let out = self.parse(trimmed);
                    self.buf = bytes;
                    return Some(out);
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(IngestError::new(
                        &self.input,
                        Position::Line(self.line),
                        format!("read error: {e}"),
                    )));
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
}
