//! Plain text reports: an optional headline line, an optional dateline.

use crate::{Dateline, Document};

/// Headline suffix separators: "Title | Outlet", "Title - Outlet".
const OUTLET_SEPARATORS: &[&str] = &[" | ", " – ", " — ", " - "];

/// Reads a plain-text report. The text is kept byte for byte; the title and the
/// dateline are recognised as spans of it.
pub fn read_plain(id: &str, text: String) -> Document {
    let mut doc = Document::new(id, text);
    headline_and_dateline(&mut doc, false);
    doc
}

/// A document from a record's text (a JSON Lines record, a gold item): read as plain
/// text, except that a headline counts only as a paragraph of its own.
pub fn read_record_text(id: &str, text: String) -> Document {
    let mut doc = Document::new(id, text);
    headline_and_dateline(&mut doc, true);
    doc
}

/// Finds the headline line (title, outlet) and the dateline of `doc.text`. With
/// `paragraph`, a headline must stand as a paragraph of its own (a blank line after
/// it), as in records whose text repeats their title; title and outlet already known
/// are kept.
pub(crate) fn headline_and_dateline(doc: &mut Document, paragraph: bool) {
    let text = doc.text.as_str();
    let first_start = text.len() - text.trim_start().len();
    let first_end = text[first_start..]
        .find('\n')
        .map_or(text.len(), |n| first_start + n);
    let first = text[first_start..first_end].trim();
    let rest = &text[first_end..];
    let rest_has_body = rest.trim().len() > first.len();
    let own_paragraph = !paragraph
        || rest
            .trim_start_matches([' ', '\t', '\r'])
            .starts_with("\n\n")
        || rest.starts_with("\r\n\r\n");
    if rest_has_body && own_paragraph && is_headline(first) {
        let (title, outlet) = split_outlet(first);
        if doc.title.is_none() {
            doc.title = Some(title.to_string());
        }
        if doc.outlet.is_none() {
            doc.outlet = outlet.map(str::to_string);
        }
        doc.body_start = first_end;
    }
    doc.dateline = find_dateline(&doc.text, doc.body_start);
}

/// A headline is a short first line, with no final full stop, followed by more text.
pub fn is_headline(line: &str) -> bool {
    let words = line.split_whitespace().count();
    // (A closing quote after the full stop still ends a sentence: `he said "No."`.)
    let bare = line.trim_end_matches(['"', '\'', '”', '’', ')']);
    (1..=25).contains(&words) && !bare.ends_with('.') && !line.ends_with(':')
}

/// "NATO weighs its options | Free press" -> ("NATO weighs its options", Some("Free press")).
pub fn split_outlet(line: &str) -> (&str, Option<&str>) {
    for sep in OUTLET_SEPARATORS {
        if let Some(at) = line.rfind(sep) {
            let outlet = line[at + sep.len()..].trim();
            // An outlet is a short name, not a second clause of the headline.
            if !outlet.is_empty() && outlet.split_whitespace().count() <= 4 && at > 0 {
                return (line[..at].trim(), Some(outlet));
            }
        }
    }
    (line, None)
}

/// A dateline opens the first paragraph: "BRUSSELS (AP) –", "Brussels, March 24 (Reuters) -",
/// "MOSCOW —". It names a place and an agency, never an actor.
pub fn find_dateline(text: &str, from: usize) -> Option<Dateline> {
    let start = from + (text[from..].len() - text[from..].trim_start().len());
    let para = &text[start..];
    let para = &para[..para.find('\n').unwrap_or(para.len())];
    // The dash that closes a dateline comes early.
    let window = &para[..floor_char_boundary(para, 80)];
    let (dash_at, dash) = ["–", "—", " - ", "--"]
        .iter()
        .filter_map(|d| window.find(d).map(|at| (at, *d)))
        .min_by_key(|(at, _)| *at)?;
    let head = window[..dash_at].trim();
    if head.is_empty() || head.split_whitespace().count() > 8 {
        return None;
    }
    let (place, agency) = match (head.find('('), head.rfind(')')) {
        (Some(a), Some(b)) if a < b => (
            head[..a].trim().trim_end_matches(',').to_string(),
            Some(head[a + 1..b].trim().to_string()),
        ),
        _ => (head.to_string(), None),
    };
    // Without an agency, only an all-capitals place ("MOSCOW —") is a dateline;
    // otherwise "Russia - the country that..." would be taken for one.
    let place_word = place.split(',').next().unwrap_or("").trim();
    // "(CNN) –": an agency alone opens the report too.
    let agency_alone = place_word.is_empty() && agency.as_deref().is_some_and(|a| !a.is_empty());
    if !agency_alone
        && (place_word.is_empty() || !place_word.starts_with(|c: char| c.is_uppercase()))
    {
        return None;
    }
    if agency.is_none() && place_word.chars().any(char::is_lowercase) {
        return None;
    }
    let end = start + dash_at + dash.len();
    Some(Dateline {
        start,
        end,
        place: place_word.to_string(),
        agency,
    })
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_agency_alone_is_a_dateline() {
        let d = find_dateline("(CNN) – The leader of a panel said Sunday ...", 0).unwrap();
        assert_eq!(d.agency.as_deref(), Some("CNN"));
        assert_eq!(d.place, "");
        assert!(find_dateline("(This is an aside) and more text", 0).is_none());
    }

    #[test]
    fn a_record_text_keeps_a_paragraph_headline_and_its_dateline_out_of_the_body() {
        let text = "Talks stall over border | Daily Courier\n\nGeneva (Reuters) – The two sides met on Monday and talked for hours.";
        let doc = read_record_text("r1", text.to_string());
        assert_eq!(doc.title.as_deref(), Some("Talks stall over border"));
        assert_eq!(doc.dateline.as_ref().unwrap().place, "Geneva");
        assert!(doc.body_start > 0);
        // A record whose first line runs straight on is all body.
        let doc = read_record_text(
            "r2",
            "Two sides met\nin Geneva on Monday and talked.".into(),
        );
        assert_eq!((doc.title, doc.body_start), (None, 0));
    }

    #[test]
    fn headline_outlet_and_dateline_are_recognised() {
        let text = "Talks stall over border | Daily Courier\n\nGeneva (Reuters) – The two sides met on Monday.\n\nMore text follows here.";
        let doc = read_plain("x.txt", text.to_string());
        assert_eq!(doc.title.as_deref(), Some("Talks stall over border"));
        assert_eq!(doc.outlet.as_deref(), Some("Daily Courier"));
        let d = doc.dateline.unwrap();
        assert_eq!(d.place, "Geneva");
        assert_eq!(d.agency.as_deref(), Some("Reuters"));
        assert!(doc.text[d.end..].trim_start().starts_with("The two sides"));
        assert_eq!(doc.text, text, "the text is kept byte for byte");
    }

    #[test]
    fn capitalised_dateline_without_agency_and_prose_without_one() {
        let doc = read_plain(
            "a",
            "Headline\nMOSCOW — Officials said so.\nAnd more text here.".into(),
        );
        assert_eq!(doc.dateline.unwrap().place, "MOSCOW");
        let doc = read_plain(
            "b",
            "Russia - the largest country - said so. More text here.".into(),
        );
        assert!(doc.dateline.is_none());
        assert!(doc.title.is_none(), "a single paragraph has no headline");
    }
}
