//! RSS, Atom and JSON feeds: each item's title and description or content
//! becomes a document, its link the URL, its publication date the date.

use crate::{plain::read_plain, read_html, Document, IngestError, Position};

/// A document with the address it was published at.
#[derive(Debug, Clone, PartialEq)]
pub struct WebDocument {
    pub doc: Document,
    pub url: Option<String>,
}

/// Reads every item of a feed. A feed that cannot be parsed is one error; an
/// item without text is an error naming the item (and its line when found).
pub fn read_feed(
    input: &str,
    bytes: &[u8],
) -> Result<Vec<Result<WebDocument, IngestError>>, IngestError> {
    let feed = feed_rs::parser::parse(bytes).map_err(|e| {
        IngestError::new(input, Position::Whole, format!("not a readable feed: {e}"))
    })?;
    let outlet = feed
        .title
        .as_ref()
        .map(|t| flatten(&t.content))
        .filter(|t| !t.is_empty());
    let raw = String::from_utf8_lossy(bytes);
    let item_lines = item_lines(&raw);
    let mut out = Vec::with_capacity(feed.entries.len());
    for (n, entry) in feed.entries.into_iter().enumerate() {
        let position = item_lines
            .get(n)
            .map_or(Position::Whole, |&l| Position::Line(l));
        let title = entry
            .title
            .as_ref()
            .map(|t| flatten(&t.content))
            .filter(|t| !t.is_empty());
        let body = entry
            .content
            .as_ref()
            .and_then(|c| c.body.as_deref())
            .or(entry.summary.as_ref().map(|s| s.content.as_str()))
            .map(flatten)
            .filter(|b| !b.is_empty());
        let url = entry.links.first().map(|l| l.href.clone());
        let text = match (&title, &body) {
            (Some(t), Some(b)) => format!("{t}\n\n{b}"),
            (None, Some(b)) => b.clone(),
            _ => {
                out.push(Err(IngestError::new(
                    input,
                    position,
                    format!("feed item {} has no description or content", n + 1),
                )));
                continue;
            }
        };
        let id = if entry.id.is_empty() {
            url.clone().unwrap_or_else(|| format!("{input}#{}", n + 1))
        } else {
            entry.id.clone()
        };
        let mut doc = read_plain(&id, text);
        if title.is_some() {
            doc.title = title;
        }
        doc.date = entry.published.or(entry.updated).map(|d| d.date_naive());
        doc.outlet = outlet.clone();
        out.push(Ok(WebDocument { doc, url }));
    }
    Ok(out)
}

/// The line of each `<item` or `<entry` tag, in order (for error positions).
fn item_lines(raw: &str) -> Vec<usize> {
    let mut lines = Vec::new();
    let mut line = 1;
    let bytes = raw.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            line += 1;
        } else if b == b'<' {
            let rest = &bytes[i + 1..];
            let tag = |name: &[u8]| {
                rest.starts_with(name)
                    && rest
                        .get(name.len())
                        .is_some_and(|c| c.is_ascii_whitespace() || *c == b'>' || *c == b'/')
            };
            if tag(b"item") || tag(b"entry") {
                lines.push(line);
            }
        }
    }
    lines
}

/// Feed text is often an HTML fragment: keep its words, one paragraph a line.
fn flatten(s: &str) -> String {
    let s = s.trim();
    if !s.contains('<') {
        return s.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    match read_html("item", &format!("<html><body>{s}</body></html>")) {
        Ok(doc) => doc.text,
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_items_become_documents_with_links_and_dates() {
        let rss = br#"<?xml version="1.0"?>
<rss version="2.0"><channel><title>Harbour Times</title><link>https://example.org</link>
<description>news</description>
<item><title>Envoys meet in Vienna</title><link>https://example.org/a</link>
<description>&lt;p&gt;The foreign ministers of Austria and Hungary met on Monday.&lt;/p&gt;</description>
<pubDate>Tue, 07 Mar 2017 10:00:00 GMT</pubDate><guid>a1</guid></item>
<item><title>Empty</title><link>https://example.org/b</link></item>
</channel></rss>"#;
        let items = read_feed("f.xml", rss).unwrap();
        assert_eq!(items.len(), 2);
        let a = items[0].as_ref().unwrap();
        assert_eq!(a.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(a.doc.date.unwrap().to_string(), "2017-03-07");
        assert_eq!(a.doc.title.as_deref(), Some("Envoys meet in Vienna"));
        assert_eq!(a.doc.outlet.as_deref(), Some("Harbour Times"));
        assert!(a.doc.text.ends_with("Hungary met on Monday."));
        assert!(!a.doc.text.contains("<p>"));
        let e = items[1].as_ref().unwrap_err();
        assert_eq!(e.position, Position::Line(7));
        assert!(e.reason.contains("item 2"));
    }

    #[test]
    fn atom_entries_are_read_and_garbage_is_one_error() {
        let atom = br#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><id>urn:w</id>
<updated>2017-03-08T00:00:00Z</updated>
<entry><title>Talks</title><id>urn:w:1</id><link href="https://w.example/1"/>
<updated>2017-03-08T09:00:00Z</updated><summary>Chile and Peru held talks.</summary></entry>
</feed>"#;
        let items = read_feed("a.atom", atom).unwrap();
        let d = items[0].as_ref().unwrap();
        assert_eq!(d.doc.id, "urn:w:1");
        assert_eq!(d.doc.date.unwrap().to_string(), "2017-03-08");
        assert!(read_feed("x.xml", b"not a feed at all").is_err());
    }
}
