//! Writing HTML by hand, safely: every text goes through [`esc`], every link
//! target through [`href`], and evidence is marked by [`highlight`].

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use demarche_store::Spans;

/// Text escaped for HTML element content and quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A path segment or query value, percent-encoded (RFC 3986 unreserved kept).
pub fn enc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// An external link target, only when it is http(s); `None` for anything else
/// (`javascript:`, `data:`), which is then shown as text.
pub fn href(url: &str) -> Option<String> {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")).then(|| esc(url.trim()))
}

const STYLE: &str = "
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
header{background:#1f3b57;color:#fff;padding:.6em 1.2em}
header a{color:#fff;margin-right:1.2em;text-decoration:none}
header strong{margin-right:2em}
main{padding:1em 1.2em;max-width:1200px}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border-bottom:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#eef2f6}
td.num{text-align:right}
form.filters{display:flex;flex-wrap:wrap;gap:.6em;align-items:end;margin-bottom:1em}
form.filters label{display:flex;flex-direction:column;font-size:.85em}
form.filters input{width:8em;padding:.2em}
.pager a{margin-right:1em}
.note{color:#666;font-size:.9em}
.article{white-space:pre-wrap;background:#fff;border:1px solid #ddd;padding:.8em;max-width:60em}
mark.source{background:#cfe3ff}
mark.event{background:#ffe28a;font-weight:600}
mark.target{background:#ffd1dc}
.legend mark{padding:0 .3em}
.chart svg{max-width:100%;height:auto;background:#fff;border:1px solid #ddd}
mark.evidence{background:#c8f0c8;font-weight:600}
.status{padding:.1em .5em;border-radius:.8em;font-weight:600;background:#eee}
.status-active{background:#c8f0c8}.status-overdue{background:#ffe28a}
.status-suspended,.status-ended{background:#ffd1dc}.status-dormant{background:#e0d4f5}
table.facts th{width:9em}
.q1{color:#0072b2}.q2{color:#009e73}.q3{color:#b07800}.q4{color:#b2182b}
td.date,th.date{white-space:nowrap}
form.filters select{padding:.2em;max-width:16em}
a.sort{color:inherit}
.columns{display:flex;flex-wrap:wrap;gap:2em}.columns section{flex:1 1 28em}
.map svg{max-width:100%;height:auto;border:1px solid #ddd}
.map-legend span{margin-right:1em;white-space:nowrap}
.map-legend i{display:inline-block;width:1.4em;height:.9em;margin-right:.3em;border:1px solid #999;vertical-align:middle}
tr.root td{font-weight:600;background:#f3f6f9}
";

/// A whole page: the title (escaped here) and a body already written as HTML.
pub fn page(status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{t} · demarche</title><style>{STYLE}</style></head><body>\
         <header><strong>demarche</strong><a href=\"/\">Overview</a><a href=\"/events\">Events</a>\
         <a href=\"/actors\">Actors</a><a href=\"/codes\">Codes</a><a href=\"/map\">Map</a>\
         <a href=\"/forums\">Forums</a><a href=\"/api\">API</a></header>\
         <main><h1>{t}</h1>\n{body}\n</main></body></html>\n",
        t = esc(title)
    );
    let mut r = (status, html).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    // No scripts at all: pages are read as HTML and inline SVG.
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

/// `text` with every evidence span marked: `<mark class="source|event|target">`.
/// Overlapping spans give one mark with both classes; spans that are empty,
/// out of range or not on character boundaries are left out.
pub fn highlight(text: &str, mentions: &[Spans]) -> String {
    let mut spans: Vec<(usize, usize, usize)> = Vec::new();
    for m in mentions {
        for (role, s) in [m.source, m.event, m.target].into_iter().enumerate() {
            let [a, b] = s;
            if a < b && b <= text.len() && text.is_char_boundary(a) && text.is_char_boundary(b) {
                spans.push((a, b, role));
            }
        }
    }
    let mut cuts: Vec<usize> = vec![0, text.len()];
    cuts.extend(spans.iter().flat_map(|&(a, b, _)| [a, b]));
    cuts.sort_unstable();
    cuts.dedup();
    const CLASS: [&str; 3] = ["source", "event", "target"];
    let mut out = String::with_capacity(text.len() + spans.len() * 40);
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let mut roles = [false; 3];
        for &(s, e, role) in &spans {
            if s <= a && b <= e {
                roles[role] = true;
            }
        }
        let classes: Vec<&str> = (0..3).filter(|&i| roles[i]).map(|i| CLASS[i]).collect();
        if classes.is_empty() {
            out.push_str(&esc(&text[a..b]));
        } else {
            out.push_str(&format!(
                "<mark class=\"{}\">{}</mark>",
                classes.join(" "),
                esc(&text[a..b])
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped() {
        assert_eq!(
            esc("<b a=\"x\">Tom & 'Jerry'</b>"),
            "&lt;b a=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/b&gt;"
        );
        assert_eq!(enc("a b/ü"), "a%20b%2F%C3%BC");
        assert_eq!(href("javascript:alert(1)"), None);
        assert_eq!(
            href("https://x.example/?a=1&b=2").as_deref(),
            Some("https://x.example/?a=1&amp;b=2")
        );
    }

    #[test]
    fn spans_are_marked_and_overlaps_share_a_mark() {
        let text = "France <praised> Egypt.";
        let m = Spans {
            sentence: 0,
            source: [0, 6],
            event: [7, 16],
            target: [17, 22],
        };
        assert_eq!(
            highlight(text, &[m]),
            "<mark class=\"source\">France</mark> <mark class=\"event\">&lt;praised&gt;</mark> \
             <mark class=\"target\">Egypt</mark>."
        );
        let overlap = Spans {
            sentence: 0,
            source: [0, 6],
            event: [0, 16],
            target: [100, 120],
        };
        let h = highlight(text, &[overlap]);
        assert!(h.starts_with("<mark class=\"source event\">France</mark><mark class=\"event\"> "));
        // A span inside a multi-byte character is left out, not a panic.
        let bad = Spans {
            sentence: 0,
            source: [1, 2],
            event: [0, 0],
            target: [0, 0],
        };
        assert_eq!(highlight("é", &[bad]), "é");
    }
}
