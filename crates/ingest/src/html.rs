//! HTML pages: title and article text, without scripts, styles and navigation.

use scraper::{ElementRef, Html, Node, Selector};

use crate::{plain::find_dateline, plain::split_outlet, Document, IngestError, Position};

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

fn collect_text(element: ElementRef<'_>, out: &mut String) {
    for child in element.children() {
        match child.value() {
            // Line breaks inside a text node are layout, not paragraphs.
            Node::Text(t) => out.extend(t.chars().map(|c| if c == '\n' { ' ' } else { c })),
            Node::Element(e) => {
                let name = e.name();
                if SKIPPED.contains(&name) {
                    continue;
                }
                let block = BLOCKS.contains(&name);
                if block {
                    out.push('\n');
                }
                if let Some(el) = ElementRef::wrap(child) {
                    collect_text(el, out);
                }
                if block {
                    out.push('\n');
                }
            }
            _ => {}
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
}
