//! HTML pages: title and article text, without scripts, styles and navigation.

use ego_tree::iter::Edge;
use scraper::{ElementRef, Html, Node, Selector};

use crate::{plain::find_dateline, plain::split_outlet, Document, IngestError, Position};

/// The deepest element nesting read. Browsers flatten the tree at 512; a page
/// nested far deeper is an attack or a broken generator, and the HTML5 parser
/// spends time with the square of the depth on it (checks of the open elements).
pub const MAX_HTML_DEPTH: usize = 1024;

/// Elements that hold no children (`<br>`), that an end tag need not close
/// (`<p>`, `<li>`), or whose content is text up to their own end tag: none of
/// them counts towards the nesting depth.
const NOT_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th",
    "tbody", "thead", "tfoot", "colgroup", "rb", "rt", "rp", "html", "head", "body",
];

/// Elements whose content is raw text up to their end tag.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
];

/// Elements whose text is never article text.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button", "svg",
    "iframe", "template", "select", "menu",
];

/// Elements that end a paragraph of text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "br",
    "tr",
    "td",
    "th",
    "dd",
    "dt",
    "figcaption",
    "pre",
    "main",
];

/// Parses an HTML page with a real HTML5 parser and keeps the article text: the
/// `<article>` (or `<main>`, or `<body>`) minus navigation, scripts and styles,
/// one paragraph per line.
pub fn read_html(id: &str, html: &str) -> Result<Document, IngestError> {
    if let Some(at) = too_deep(html, MAX_HTML_DEPTH) {
        return Err(IngestError::new(
            id,
            Position::Whole,
            format!("HTML nested deeper than {MAX_HTML_DEPTH} elements (from byte {at})"),
        ));
    }
    let page = Html::parse_document(html);
    let select = |css: &str| Selector::parse(css).expect("static selector");
    let title = page
        .select(&select("title"))
        .next()
        .map(|t| t.text().collect::<String>().trim().to_string())
        .filter(|t| !t.is_empty())
        .or_else(|| {
            page.select(&select("h1"))
                .next()
                .map(|t| t.text().collect::<String>().trim().to_string())
        });
    let root = ["article", "main", "body"]
        .iter()
        .find_map(|css| page.select(&select(css)).next());
    let mut text = String::new();
    if let Some(root) = root {
        collect_text(root, &mut text);
    }
    let text = tidy(&text);
    if text.trim().is_empty() {
        return Err(IngestError::new(
            id,
            Position::Whole,
            "HTML page without article text",
        ));
    }
    let (title, outlet) = match title.as_deref().map(split_outlet) {
        Some((t, o)) => (Some(t.to_string()), o.map(str::to_string)),
        None => (None, None),
    };
    let mut doc = Document::new(id, text);
    doc.title = title;
    doc.outlet = outlet;
    doc.dateline = find_dateline(&doc.text, 0);
    Ok(doc)
}

/// Where the nesting of elements first goes deeper than `max`, from a scan of
/// the tags (linear, before any parsing). It counts start and end tags of the
/// elements that nest, skipping comments, declarations and raw text, so it
/// follows the parser's tree closely without building it.
fn too_deep(html: &str, max: usize) -> Option<usize> {
    let bytes = html.as_bytes();
    let find = |from: usize, needle: &[u8]| -> usize {
        bytes[from.min(bytes.len())..]
            .windows(needle.len())
            .position(|w| w.eq_ignore_ascii_case(needle))
            .map_or(bytes.len(), |i| from + i)
    };
    let mut depth = 0usize;
    let mut i = 0;
    // `i` may step past the end (an unclosed comment or tag): then the scan is over.
    while let Some(lt) = bytes.get(i..).and_then(|rest| memchr::memchr(b'<', rest)) {
        let at = i + lt;
        let rest = &bytes[at + 1..];
        if rest.starts_with(b"!--") {
            i = find(at + 4, b"-->") + 3;
            continue;
        }
        let end_tag = rest.first() == Some(&b'/');
        let name_start = at + 1 + usize::from(end_tag);
        if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            // `<!doctype>`, `<?xml?>` or a bare `<` in text.
            i = at + 1;
            continue;
        }
        let name_end = bytes[name_start..]
            .iter()
            .position(|b| b.is_ascii_whitespace() || *b == b'/' || *b == b'>')
            .map_or(bytes.len(), |n| name_start + n);
        let name = html[name_start..name_end].to_ascii_lowercase();
        // The tag ends at the first `>` outside a quoted attribute value.
        let mut quote = None;
        let mut close = name_end;
        while close < bytes.len() {
            match (quote, bytes[close]) {
                (None, b'>') => break,
                (None, q @ (b'"' | b'\'')) => quote = Some(q),
                (Some(q), b) if b == q => quote = None,
                _ => {}
            }
            close += 1;
        }
        i = close + 1;
        let nests = !NOT_NESTING.contains(&name.as_str());
        if end_tag {
            if nests {
                depth = depth.saturating_sub(1);
            }
            continue;
        }
        if RAW_TEXT.contains(&name.as_str()) {
            i = find(i, format!("</{name}").as_bytes());
            continue;
        }
        let self_closing = close > 0 && bytes.get(close - 1) == Some(&b'/');
        if nests && !self_closing {
            depth += 1;
            if depth > max {
                return Some(at);
            }
        }
    }
    None
}

/// Appends the text under `root`, a paragraph break around each block. The
/// tree is walked as a sequence of open and close edges, never by recursion, so
/// the depth of a page's nesting cannot exhaust the stack.
fn collect_text(root: ElementRef<'_>, out: &mut String) {
    // Inside a skipped element: how many elements deep.
    let mut skipping = 0usize;
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                // Line breaks inside a text node are layout, not paragraphs.
                Node::Text(t) if skipping == 0 => {
                    out.extend(t.chars().map(|c| if c == '\n' { ' ' } else { c }))
                }
                Node::Element(e) => {
                    if skipping > 0 || SKIPPED.contains(&e.name()) {
                        skipping += 1;
                    } else if BLOCKS.contains(&e.name()) {
                        out.push('\n');
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(e) = node.value() {
                    if skipping > 0 {
                        skipping -= 1;
                    } else if BLOCKS.contains(&e.name()) {
                        out.push('\n');
                    }
                }
            }
        }
    }
}

/// Collapses runs of spaces inside lines and keeps one blank line between paragraphs.
fn tidy(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for line in raw.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_text_without_scripts_styles_and_navigation() {
        let html = r#"<!doctype html><html><head><title>Envoys meet | The Gazette</title>
            <style>p { color: red }</style><script>var x = "Russia attacked";</script></head>
            <body><nav><a href="/">Home</a> <a href="/world">World news</a></nav>
            <article><h1>Envoys meet</h1><p>Ministers   met in
            Vienna.</p><p>They agreed to talk again.</p></article>
            <footer>Copyright</footer></body></html>"#;
        let doc = read_html("page.html", html).unwrap();
        assert_eq!(doc.title.as_deref(), Some("Envoys meet"));
        assert_eq!(doc.outlet.as_deref(), Some("The Gazette"));
        assert_eq!(
            doc.text,
            "Envoys meet\n\nMinisters met in Vienna.\n\nThey agreed to talk again."
        );
        assert!(!doc.text.contains("attacked") && !doc.text.contains("Home"));
    }

    #[test]
    fn a_page_without_text_is_an_error() {
        assert!(read_html("e.html", "<html><body><script>1</script></body></html>").is_err());
    }

    fn nested(tag: &str, depth: usize) -> String {
        format!(
            "<html><body>{}<p>Words.</p>{}</body></html>",
            format!("<{tag} class=\"a>b\">").repeat(depth),
            format!("</{tag}>").repeat(depth)
        )
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing_and_ordinary_nesting_is_read() {
        let e = read_html("deep.html", &nested("div", 100_000)).unwrap_err();
        assert!(e.reason.starts_with("HTML nested deeper than 1024"), "{e}");
        let at = 12 + 1024 * "<div class=\"a>b\">".len();
        assert!(e.reason.ends_with(&format!("(from byte {at})")), "{e}");
        assert_eq!(
            read_html("ok.html", &nested("div", 1000)).unwrap().text,
            "Words."
        );
        // Siblings, elements closed by the next one, and comments add no depth.
        let flat = format!(
            "<html><body>{}{}<!-- <div><div> -->{}</body></html>",
            "<div>x</div>".repeat(5000),
            "<p>para".repeat(5000),
            "<li><br><img src=x>".repeat(5000)
        );
        assert!(too_deep(&flat, MAX_HTML_DEPTH).is_none());
        // Tags inside a script are text.
        let script = format!("<script>{}</script><p>Words.</p>", "<div>".repeat(5000));
        assert!(too_deep(&script, MAX_HTML_DEPTH).is_none());
    }

    #[test]
    fn a_page_cut_off_inside_a_comment_or_a_tag_is_scanned_to_its_end() {
        // Found by the read_html fuzz target: an unclosed comment stepped the
        // scan past the end of the page.
        for page in [
            "<p>x<!--",
            "<p>x<!-- never closed <",
            "<p>x<div",
            "<p>x<div a=\"b>",
        ] {
            assert!(too_deep(page, 4).is_none(), "{page}");
            let _ = read_html("cut.html", page);
        }
    }
}
