//! RSS, Atom and JSON feeds: each item's title and description or content
//! becomes a document, its link the URL, its publication date the date.

use crate::{plain::read_plain, read_html, strip_bom, Document, IngestError, Position};

/// A document with the address it was published at.
#[derive(Debug, Clone, PartialEq)]
pub struct WebDocument {
    pub doc: Document,
    pub url: Option<String>,
}

/// Reads every item of a feed. Each item is a document, or an error naming the
/// item and its line. A feed that does not parse whole (broken XML, a stray
/// character, a truncated file) is read again item by item, so one broken item
/// loses only itself.
pub fn read_feed(input: &str, bytes: &[u8]) -> Vec<Result<WebDocument, IngestError>> {
    let bytes = strip_bom(bytes);
    let raw = String::from_utf8_lossy(bytes);
    let items = item_spans(&raw);
    let feed = match feed_rs::parser::parse(bytes) {
        Ok(feed) => feed,
        Err(e) => return read_items_alone(input, &raw, &items, &e.to_string()),
    };
    if feed.entries.is_empty() {
        // The parser read a feed but no item, though the text may hold some
        // (in a part it gave up on): each is read alone, so none is lost
        // without a word. A feed with no item at all says so, as a page
        // without text does.
        return read_items_alone(input, &raw, &items, "the feed parsed with no item in it");
    }
    let outlet = feed_title(&feed);
    let lines = Lines::new(&raw);
    feed.entries
        .into_iter()
        .enumerate()
        .map(|(n, entry)| {
            let position = items
                .get(n)
                .map_or(Position::Whole, |i| Position::Line(lines.of(i.start)));
            entry_document(input, n, entry, &outlet, position)
        })
        .collect()
}

/// The line of byte `at`.
fn line_of(raw: &str, at: usize) -> usize {
    raw.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1
}

/// Lines of many byte offsets, each found by a binary search.
struct Lines(Vec<usize>);

impl Lines {
    fn new(raw: &str) -> Lines {
        Lines(
            raw.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i)
                .collect(),
        )
    }

    fn of(&self, at: usize) -> usize {
        self.0.partition_point(|&nl| nl < at) + 1
    }
}

/// Where one item (`<item>` or `<entry>`) is in the feed's text; `end` is
/// `None` when it is never closed.
struct ItemSpan {
    start: usize,
    end: Option<usize>,
}

/// The feed's name (its title), the outlet of every item.
fn feed_title(feed: &feed_rs::model::Feed) -> Option<String> {
    feed.title
        .as_ref()
        .map(|t| flatten(&t.content))
        .filter(|t| !t.is_empty())
}

/// A feed item as a document: its title and description or content.
fn entry_document(
    input: &str,
    n: usize,
    entry: feed_rs::model::Entry,
    outlet: &Option<String>,
    position: Position,
) -> Result<WebDocument, IngestError> {
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
            return Err(IngestError::new(
                input,
                position,
                format!("feed item {} has no description or content", n + 1),
            ))
        }
    };
    // What the feed's own escapes decode to is held to the rules of every other
    // text: no NUL (binary data), no more than the document limit.
    if let Some(at) = text.find('\0') {
        return Err(IngestError::new(
            input,
            position,
            format!(
                "feed item {}: binary data, a NUL character at byte {at} of its text",
                n + 1
            ),
        ));
    }
    if text.len() > crate::MAX_DOCUMENT_BYTES {
        return Err(IngestError::new(
            input,
            position,
            format!(
                "feed item {}: {} bytes of text, over the {} byte limit",
                n + 1,
                text.len(),
                crate::MAX_DOCUMENT_BYTES
            ),
        ));
    }
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
    Ok(WebDocument { doc, url })
}

/// A feed that does not parse whole: each item is parsed alone, inside the
/// feed's own root element (which declares its namespaces).
fn read_items_alone(
    input: &str,
    raw: &str,
    items: &[ItemSpan],
    whole: &str,
) -> Vec<Result<WebDocument, IngestError>> {
    let Some((root, open, close)) = root_element(raw) else {
        return vec![Err(IngestError::new(
            input,
            Position::Whole,
            format!("not a readable feed: {whole}"),
        ))];
    };
    if items.is_empty() {
        return vec![Err(IngestError::new(
            input,
            Position::Line(line_of(raw, root)),
            format!("not a readable feed, and no item found in it: {whole}"),
        ))];
    }
    let lines = Lines::new(raw);
    let wrap = |inner: &str| format!("{open}{inner}{close}");
    // The channel's own elements (its title) come before the first item.
    let head = raw.get(root + open.len()..items[0].start).unwrap_or("");
    let outlet = feed_rs::parser::parse(wrap(head).as_bytes())
        .ok()
        .and_then(|f| feed_title(&f));
    items
        .iter()
        .enumerate()
        .map(|(n, item)| {
            let position = Position::Line(lines.of(item.start));
            let Some(end) = item.end else {
                return Err(IngestError::new(
                    input,
                    position,
                    format!("feed item {} is never closed", n + 1),
                ));
            };
            let parsed = feed_rs::parser::parse(wrap(&raw[item.start..end]).as_bytes());
            match parsed.map(|f| f.entries.into_iter().next()) {
                Ok(Some(entry)) => entry_document(input, n, entry, &outlet, position),
                Ok(None) => Err(IngestError::new(
                    input,
                    position,
                    format!("feed item {} is not an item", n + 1),
                )),
                Err(e) => Err(IngestError::new(
                    input,
                    position,
                    format!("feed item {} unreadable: {e}", n + 1),
                )),
            }
        })
        .collect()
}

/// The feed's root element: where it opens, its open tag (with the channel for
/// RSS 2.0) and what closes it.
fn root_element(raw: &str) -> Option<(usize, String, &'static str)> {
    for (tag, close) in [
        ("<rss", "</channel></rss>"),
        ("<feed", "</feed>"),
        ("<rdf:RDF", "</rdf:RDF>"),
    ] {
        let Some(at) = find_tag(raw, tag, 0) else {
            continue;
        };
        let end = at + raw[at..].find('>')? + 1;
        let mut open = raw[at..end].to_string();
        if tag == "<rss" {
            open.push_str("<channel>");
        }
        return Some((at, open, close));
    }
    None
}

/// The first `tag` (such as `<item`) at or after `from`, as a whole name.
fn find_tag(raw: &str, tag: &str, from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(i) = raw.get(at..)?.find(tag) {
        let start = at + i;
        let next = raw.as_bytes().get(start + tag.len());
        if next.is_none_or(|c| c.is_ascii_whitespace() || *c == b'>' || *c == b'/') {
            return Some(start);
        }
        at = start + tag.len();
    }
    None
}

/// Every `<item>` and `<entry>` in the text, in order, with its closing tag's end.
/// Each search starts where the last one found its tag, so the scan stays linear
/// in the text, even for thousands of items that are never closed.
fn item_spans(raw: &str) -> Vec<ItemSpan> {
    /// The next place of one tag at or after a point, found once and reused.
    struct Next<'a> {
        raw: &'a str,
        tag: &'a str,
        whole_name: bool,
        found: Option<Option<usize>>,
    }
    impl Next<'_> {
        fn from(&mut self, at: usize) -> Option<usize> {
            match self.found {
                Some(Some(f)) if f >= at => return Some(f),
                Some(None) => return None,
                _ => {}
            }
            let f = if self.whole_name {
                find_tag(self.raw, self.tag, at)
            } else {
                self.raw.get(at..)?.find(self.tag).map(|i| at + i)
            };
            self.found = Some(f);
            f
        }
    }
    let next = |tag, whole_name| Next {
        raw,
        tag,
        whole_name,
        found: None,
    };
    let mut kinds = [
        (next("<item", true), next("</item>", false)),
        (next("<entry", true), next("</entry>", false)),
    ];
    let mut spans = Vec::new();
    let mut at = 0;
    loop {
        let Some((start, k)) = (0..kinds.len())
            .filter_map(|k| kinds[k].0.from(at).map(|s| (s, k)))
            .min()
        else {
            return spans;
        };
        // A self-closing `<item/>` is an item without text.
        let tag_end = raw[start..].find('>').map(|i| start + i + 1);
        let self_closing = tag_end.is_some_and(|e| raw[..e].ends_with("/>"));
        let close = &mut kinds[k].1;
        let end = if self_closing {
            tag_end
        } else {
            close.from(start).map(|i| i + close.tag.len())
        };
        // An item never closed runs to the next item, which is read on its own.
        spans.push(ItemSpan { start, end });
        at = end.unwrap_or(start + 1);
    }
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
    fn an_item_holding_a_nul_is_an_error_of_its_own() {
        // Found by fuzzing (read_feed): NUL bytes inside an item's text.
        let feed = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>W</title>\
            <item><title>One</title><description>a \0\0 b</description></item>\
            <item><title>Two</title><description>Kenya and Ghana signed a pact.</description></item>\
            </channel></rss>";
        let items = read_feed("f.rss", feed.as_bytes());
        assert!(
            items.iter().all(|i| match i {
                Ok(w) => !w.doc.text.contains('\0'),
                Err(e) => e.input == "f.rss",
            }),
            "{items:?}"
        );
        assert!(items
            .iter()
            .any(|i| i.as_ref().is_ok_and(|w| w.doc.text.contains("pact"))));
    }

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
        let items = read_feed("f.xml", rss);
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
        let items = read_feed("a.atom", atom);
        let d = items[0].as_ref().unwrap();
        assert_eq!(d.doc.id, "urn:w:1");
        assert_eq!(d.doc.date.unwrap().to_string(), "2017-03-08");
        let garbage = read_feed("x.xml", b"not a feed at all");
        assert_eq!(garbage.len(), 1);
        assert!(garbage[0].is_err());
    }

    #[test]
    fn a_broken_feed_loses_only_its_broken_items_each_named_with_its_line() {
        let rss = br#"<?xml version="1.0"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Harbour Times</title>
<item><title>Envoys meet</title><description>Austria and Hungary met.</description>
<dc:creator>A. Writer</dc:creator><guid>a1</guid></item>
<item><title>Broken & unescaped</title><description>Nothing <b>closes</description></item>
<item><title>Talks</title><description>Chile and Peru held talks.</description><guid>a3</guid></item>
<item><title>Cut off</title><description>The feed ends"#;
        let items = read_feed("f.rss", rss);
        assert_eq!(items.len(), 4, "{items:#?}");
        let a = items[0].as_ref().unwrap();
        assert_eq!(a.doc.id, "a1");
        assert_eq!(a.doc.outlet.as_deref(), Some("Harbour Times"));
        let e = items[1].as_ref().unwrap_err();
        assert_eq!(e.position, Position::Line(5));
        assert!(e.reason.starts_with("feed item 2 unreadable"), "{e}");
        let c = items[2].as_ref().unwrap();
        assert!(c.doc.text.ends_with("Chile and Peru held talks."));
        let d = items[3].as_ref().unwrap_err();
        assert_eq!(d.position, Position::Line(7));
        assert!(d.reason.contains("never closed"), "{d}");
    }

    #[test]
    fn many_unclosed_items_are_read_in_linear_time() {
        let mut rss = String::from("<rss><channel><title>T</title>");
        for _ in 0..20_000 {
            rss.push_str("<item><entry ");
        }
        let started = std::time::Instant::now();
        let items = read_feed("f.rss", rss.as_bytes());
        assert_eq!(items.len(), 40_000);
        assert!(items.iter().all(|i| i.is_err()));
        // Quadratic scanning would take minutes; linear takes milliseconds.
        assert!(started.elapsed().as_secs() < 20);
    }

    #[test]
    fn an_item_with_a_nul_character_is_refused_like_a_binary_file() {
        // Found by the read_feed fuzz target: NUL bytes the XML parser let through.
        let rss = b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>
<item><title>A</title><description>Words\0\0more.</description></item>
<item><title>B</title><description>Chile and Peru held talks.</description></item>
</channel></rss>";
        let items = read_feed("f.rss", rss);
        assert_eq!(items.len(), 2);
        let e = items[0].as_ref().unwrap_err();
        assert!(e.reason.contains("NUL"), "{e}");
        assert!(items[1].is_ok());
    }

    #[test]
    fn a_feed_read_without_items_says_so_and_reads_those_its_parser_lost() {
        // Found by the read_feed fuzz target: a feed the parser read with no
        // entry, though an entry stood in its text, gave nothing at all.
        let empty = read_feed(
            "e.xml",
            b"<rss version=\"2.0\"><channel><title>T</title></channel></rss>",
        );
        assert_eq!(empty.len(), 1);
        assert!(empty[0].as_ref().unwrap_err().reason.contains("no item"));
        let lost = read_feed(
            "l.xml",
            b"<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>W</title>\n<x><entry><title>A</title><summary>Chile and Peru held talks.</summary></entry></x></feed>",
        );
        assert!(!lost.is_empty());
    }
}
