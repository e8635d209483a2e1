//! Sentences and tokens as byte spans into one owned text.
//!
//! Nothing here copies the text: a [`Sentence`] and a [`Token`] are spans
//! `[start, end)` into the string they were cut from, so every later stage can
//! point back at the exact words (the evidence the coder reports).
//!
//! The splitter is rule-based and tuned for news English: it knows titles and
//! abbreviations ("Gen.", "Jan.", "No."), initials ("George W. Bush",
//! "B.J. Habibie"), dotted acronyms ("U.S.", "U.N."), decimals ("5.0") and
//! closing quotes after the full stop. The abbreviation list is data
//! ([`Abbreviations`]), so a user can extend it without touching the code.

use std::collections::HashSet;

/// A half-open byte range `[start, end)` into a document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    /// The text this span covers.
    pub fn of<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

/// What kind of token: words carry meaning, punctuation marks clause edges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
    Punct,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub span: Span,
}

/// Abbreviations after which a full stop does not end a sentence.
#[derive(Debug, Clone, Default)]
pub struct Abbreviations {
    /// Lower-cased, without the final dot: "gen", "jan", "no", "u.s".
    words: HashSet<String>,
}

impl Abbreviations {
    /// One abbreviation a line, with or without its final dot; `#` starts a comment.
    pub fn parse(text: &str) -> Self {
        let words = text
            .lines()
            .map(|l| l.split('#').next().unwrap_or("").trim())
            .filter(|l| !l.is_empty())
            .map(|l| l.trim_end_matches('.').to_lowercase())
            .collect();
        Abbreviations { words }
    }

    pub fn contains(&self, word_without_dot: &str) -> bool {
        self.words.contains(&word_without_dot.to_lowercase())
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// Words that, capitalised after a dotted acronym ("... in the U.S. The ..."),
/// show that the acronym ended the sentence.
const SENTENCE_STARTERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "But",
    "And",
    "In",
    "On",
    "At",
    "This",
    "That",
    "These",
    "Those",
    "His",
    "Her",
    "Its",
    "Their",
    "There",
    "Meanwhile",
    "However",
    "Mr",
    "Ms",
    "Mrs",
    "As",
    "After",
    "Before",
    "While",
    "When",
    "If",
    "Some",
    "Many",
    "Officials",
];

/// Splits `text` into sentences. Sentence spans never include the leading or
/// trailing whitespace, and every byte of non-space text is in exactly one sentence.
pub fn split_sentences(text: &str, abbreviations: &Abbreviations) -> Vec<Sentence> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = skip_space(text, 0);
    let mut i = start;
    while i < bytes.len() {
        let b = bytes[i];
        // A blank line (paragraph) or a single line break always ends a sentence:
        // news text puts headlines, datelines and paragraphs on their own lines.
        if b == b'\n' {
            push_sentence(text, start, i, &mut out);
            start = skip_space(text, i);
            i = start;
            continue;
        }
        if matches!(b, b'.' | b'!' | b'?') {
            // Absorb runs like "?!" or "..." and closing quotes or brackets.
            let mut end = i + 1;
            while end < bytes.len() && matches!(bytes[end], b'.' | b'!' | b'?') {
                end += 1;
            }
            end = skip_closers(text, end);
            let next = skip_space(text, end);
            let has_space = next > end;
            if has_space
                && next < bytes.len()
                && is_boundary(text, start, i, end, next, abbreviations)
            {
                push_sentence(text, start, end, &mut out);
                start = next;
                i = next;
                continue;
            }
            if next >= bytes.len() {
                push_sentence(text, start, end, &mut out);
                start = next;
                i = next;
                continue;
            }
            i = end;
            continue;
        }
        i += utf8_len(b);
    }
    push_sentence(text, start, bytes.len(), &mut out);
    out
}

fn push_sentence(text: &str, start: usize, end: usize, out: &mut Vec<Sentence>) {
    let mut e = end;
    while e > start
        && text[..e]
            .chars()
            .next_back()
            .is_some_and(char::is_whitespace)
    {
        e -= text[..e].chars().next_back().map_or(1, char::len_utf8);
    }
    if e > start {
        out.push(Sentence {
            span: Span::new(start, e),
        });
    }
}

fn skip_space(text: &str, mut i: usize) -> usize {
    while let Some(c) = text[i..].chars().next() {
        if !c.is_whitespace() {
            break;
        }
        i += c.len_utf8();
    }
    i
}

fn skip_closers(text: &str, mut i: usize) -> usize {
    while let Some(c) = text[i..].chars().next() {
        if !matches!(c, '"' | '\'' | ')' | ']' | '”' | '’' | '»') {
            break;
        }
        i += c.len_utf8();
    }
    i
}

fn utf8_len(first: u8) -> usize {
    match first {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

/// Decides whether the stop at `dot` (a `.`, `!` or `?` whose run and closers end
/// at `end`) ends the sentence that began at `start`, given the next word at `next`.
fn is_boundary(
    text: &str,
    start: usize,
    dot: usize,
    end: usize,
    next: usize,
    abbreviations: &Abbreviations,
) -> bool {
    let next_char = text[next..].chars().next().unwrap_or(' ');
    let next_word: &str = text[next..]
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    // Lower-case continuation: "the U.S. and Britain", "Gen. ...". Never a boundary.
    if next_char.is_lowercase() {
        return false;
    }
    if text.as_bytes()[dot] != b'.' || end > dot + 1 && text.as_bytes()[dot + 1] == b'.' {
        return true; // "!" and "?" end sentences; so does an ellipsis before a capital.
    }
    // The word before the full stop.
    let before = &text[start..dot];
    let word = before
        .rsplit(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '“' | '\''))
        .next()
        .unwrap_or("");
    if word.is_empty() {
        return true;
    }
    // A single capital letter is an initial ("George W. Bush", "B.J. Habibie").
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if c.is_uppercase() {
            return false;
        }
    }
    // Dotted acronyms: "U.S", "U.N", "B.J": end a sentence only before a word
    // that usually opens one.
    if word.contains('.') && word.split('.').all(|p| p.chars().count() <= 2) {
        return SENTENCE_STARTERS.contains(&next_word);
    }
    if abbreviations.contains(word) {
        // "No. 10", "Gen. Smith": an abbreviation before a number or name.
        return false;
    }
    true
}

/// Cuts `span` of `text` into word, number and punctuation tokens.
///
/// Possessive "'s" is its own token ("Russia's" -> "Russia", "'s") so that actor
/// names match whole tokens; dotted acronyms ("U.S.") and hyphenated words
/// ("pro-Russian", "cease-fire") stay whole.
pub fn tokenize(text: &str, span: Span) -> Vec<Token> {
    let s = &text[span.start..span.end];
    let mut out = Vec::new();
    let mut iter = s.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if c.is_whitespace() {
            continue;
        }
        if c.is_alphanumeric() {
            let mut end = i + c.len_utf8();
            let mut numeric = c.is_ascii_digit();
            while let Some(&(j, d)) = iter.peek() {
                if d.is_alphanumeric() {
                    numeric &= d.is_ascii_digit() || d == ',';
                    end = j + d.len_utf8();
                    iter.next();
                    continue;
                }
                // Inner joiners: keep "U.S", "5.0", "cease-fire", "O'Brien", but cut
                // before a possessive "'s".
                if matches!(d, '.' | '-' | '\'' | '’' | ',' | '&') {
                    let rest = &s[j + d.len_utf8()..];
                    let after = rest.chars().next();
                    let joins = match d {
                        '.' => after.is_some_and(|a| a.is_alphanumeric()),
                        ',' => numeric && after.is_some_and(|a| a.is_ascii_digit()),
                        '\'' | '’' => {
                            let possessive = (rest.starts_with('s') || rest.starts_with('S'))
                                && !rest[1..].chars().next().is_some_and(char::is_alphanumeric);
                            after.is_some_and(char::is_alphabetic) && !possessive
                        }
                        _ => after.is_some_and(char::is_alphanumeric),
                    };
                    if joins {
                        end = j + d.len_utf8();
                        iter.next();
                        continue;
                    }
                }
                break;
            }
            // A dotted acronym keeps its final dot: "U.S." is one token.
            let word = &s[i..end];
            // So do initials: "George W. Bush" has the token "W.".
            let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
            if (word.contains('.') || initial) && s[end..].starts_with('.') && !numeric {
                end += 1;
                iter.next();
            }
            out.push(Token {
                span: Span::new(span.start + i, span.start + end),
                kind: if numeric {
                    TokenKind::Number
                } else {
                    TokenKind::Word
                },
            });
            continue;
        }
        // Possessive 's (straight or curly apostrophe).
        if matches!(c, '\'' | '’') {
            let rest = &s[i + c.len_utf8()..];
            if (rest.starts_with('s') || rest.starts_with('S'))
                && !rest[1..].chars().next().is_some_and(char::is_alphanumeric)
            {
                let end = i + c.len_utf8() + 1;
                iter.next();
                out.push(Token {
                    span: Span::new(span.start + i, span.start + end),
                    kind: TokenKind::Word,
                });
                continue;
            }
        }
        out.push(Token {
            span: Span::new(span.start + i, span.start + i + c.len_utf8()),
            kind: TokenKind::Punct,
        });
    }
    out
}

/// Spans of link text some outlets put inline after a name: the name again,
/// glued to the headlines of related stories, up to "MORE" ("... Rod Rosenstein
/// Rod RosensteinDemocrats ask judge to force ... MORE, as well as ..."). The
/// first name stays text; the repeat, the headlines and "MORE" are not the
/// report's words, so the coder leaves them out (their spans, so every other
/// offset stays that of the document).
pub fn inline_link_spans(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut from = 0;
    let mut last_end = 0;
    while let Some(at) = text[from..].find(" MORE") {
        let more = from + at;
        let end = more + " MORE".len();
        from = end;
        // "MORE" as a word of its own.
        if text[end..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
        {
            continue;
        }
        // Within the 400 bytes before it, after the last "MORE": "Name Surname
        // Name SurnameHeadline".
        let mut lo = more.saturating_sub(400).max(last_end);
        last_end = end;
        while !text.is_char_boundary(lo) {
            lo += 1;
        }
        let window = &text[lo..more];
        let tagged = text[end..].trim_start().starts_with('(');
        if let Some(start) =
            repeated_name(window).or_else(|| tagged.then(|| repeated_surname(window)).flatten())
        {
            out.push(Span::new(lo + start, end));
        }
    }
    out
}

/// Where the repeat begins when it is the person's full name, which ends with
/// the surname just written ("Sen. Ron Wyden Ronald (Ron) Lee WydenOvernight
/// Defense: ..."): a surname glued to a capitalised word, the same surname
/// as a word of its own shortly before, and only capitalised words (or a
/// parenthesis) between them.
fn repeated_surname(window: &str) -> Option<usize> {
    let chars: Vec<(usize, char)> = window.char_indices().collect();
    // The glue nearest "MORE" first: an earlier one may be another run's.
    for k in (1..chars.len().saturating_sub(1)).rev() {
        let (glue, c) = chars[k];
        // Lower case, then a capital starting a word of lower case
        // ("WydenOvernight") or an acronym ("GrahamGOP senators", "LeeFBI").
        if !(c.is_uppercase()
            && chars[k - 1].1.is_lowercase()
            && (chars[k + 1].1.is_lowercase() || chars[k + 1].1.is_uppercase()))
        {
            continue;
        }
        let start = window[..glue].rfind(' ').map_or(0, |i| i + 1);
        let surname = &window[start..glue];
        if surname.chars().count() < 2
            || !surname.chars().next().is_some_and(char::is_uppercase)
            || !surname
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-'))
        {
            continue;
        }
        let Some(first) = window[..start.saturating_sub(1)].rfind(&format!(" {surname} ")) else {
            continue;
        };
        let repeat = first + 1 + surname.len();
        let between = window[repeat..start].split_whitespace();
        if start - repeat <= 80
            && between
                .clone()
                .all(|w| w.starts_with(|c: char| c.is_uppercase() || c == '('))
            && between.count() > 0
        {
            return Some(repeat);
        }
    }
    None
}

/// Where the glued repeat of a name begins in `window`: a name of two to four
/// capitalised words, a space, the same name, then a capital letter with no
/// space (the first headline).
fn repeated_name(window: &str) -> Option<usize> {
    let starts: Vec<usize> = window
        .char_indices()
        .filter(|&(i, c)| c.is_uppercase() && (i == 0 || window[..i].ends_with(' ')))
        .map(|(i, _)| i)
        .collect();
    for &p in &starts {
        let rest = &window[p..];
        let mut cut = 0;
        for words in 1..=4 {
            // The end of the name's `words`-th word.
            let Some(space) = rest[cut..].find(' ') else {
                break;
            };
            cut += space;
            if words < 2 {
                cut += 1;
                continue;
            }
            let name = &rest[..cut];
            let after = &rest[cut + 1..];
            if name
                .split(' ')
                .all(|w| w.chars().next().is_some_and(char::is_uppercase))
                && after.starts_with(name)
                && after[name.len()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
            {
                return Some(p + cut);
            }
            cut += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn abbr() -> Abbreviations {
        Abbreviations::parse("Gen.\nJan.\nNo.\nMr.\nSt.\nLt.\nCol.\nSen.\n")
    }

    fn sents(text: &str) -> Vec<&str> {
        split_sentences(text, &abbr())
            .into_iter()
            .map(|s| s.span.of(text))
            .collect()
    }

    #[test]
    fn abbreviations_initials_and_decimals_do_not_split() {
        let t = "Gen. Smith met Mr. Jones on Jan. 5 at No. 10. George W. Bush said the U.S. economy grew 5.0 percent. B.J. Habibie agreed.";
        assert_eq!(
            sents(t),
            vec![
                "Gen. Smith met Mr. Jones on Jan. 5 at No. 10.",
                "George W. Bush said the U.S. economy grew 5.0 percent.",
                "B.J. Habibie agreed."
            ]
        );
    }

    #[test]
    fn quotes_close_the_sentence_and_acronyms_end_one_before_a_starter() {
        let t = "He said: \"We will not forgive.\" They left the U.S. The talks ended! Did they?";
        assert_eq!(
            sents(t),
            vec![
                "He said: \"We will not forgive.\"",
                "They left the U.S.",
                "The talks ended!",
                "Did they?"
            ]
        );
    }

    #[test]
    fn lines_are_sentence_edges_and_spans_point_into_the_text() {
        let t = "Headline here\n\n  First one. Second one.\n";
        let s = split_sentences(t, &abbr());
        assert_eq!(s.len(), 3);
        assert_eq!(s[1].span.of(t), "First one.");
        assert_eq!(&t[s[2].span.start..s[2].span.end], "Second one.");
    }

    #[test]
    fn tokens_keep_acronyms_hyphens_and_cut_possessives() {
        let t = "Russia's pro-Russian U.S. forces fired 1,200 rounds, George W. Bush said.";
        let toks: Vec<&str> = tokenize(t, Span::new(0, t.len()))
            .iter()
            .map(|k| k.span.of(t))
            .collect();
        assert_eq!(
            toks,
            vec![
                "Russia",
                "'s",
                "pro-Russian",
                "U.S.",
                "forces",
                "fired",
                "1,200",
                "rounds",
                ",",
                "George",
                "W.",
                "Bush",
                "said",
                "."
            ]
        );
    }

    #[test]
    fn multibyte_text_keeps_char_boundaries() {
        let t = "Erdoğan met Zelenskyy in Kyiv – “We agree,” he said. Далее.";
        for s in split_sentences(t, &abbr()) {
            let _ = s.span.of(t);
            for tok in tokenize(t, s.span) {
                let _ = tok.span.of(t);
            }
        }
    }

    #[test]
    fn inline_link_text_is_found_and_nothing_else() {
        let text = "It contradicted testimony from Rod Rosenstein Rod RosensteinDemocrats ask judge to force McGahn to comply Washington celebrates diplomacy MORE, as well as a statement.";
        let spans = inline_link_spans(text);
        assert_eq!(spans.len(), 1);
        let s = spans[0];
        assert_eq!(
            &text[..s.start],
            "It contradicted testimony from Rod Rosenstein"
        );
        assert_eq!(&text[s.end..], ", as well as a statement.");
        // No repeat, or "MORE" inside a word: nothing.
        assert!(inline_link_spans("Rod Rosenstein said MORE would come.").is_empty());
        assert!(
            inline_link_spans("Rod Rosenstein Rod Rosenstein said MOREOVER it was so.").is_empty()
        );
        assert!(inline_link_spans("Ann Lee Ann Lee said no MORE.").is_empty());
        // The repeat as the full name, ending with the surname.
        let text = "said Sen. Ron Wyden Ronald (Ron) Lee WydenOvernight Defense: Families sue | Lawmakers speak out MORE (D-Ore.) on Tuesday.";
        let spans = inline_link_spans(text);
        assert_eq!(spans.len(), 1);
        assert_eq!(&text[..spans[0].start], "said Sen. Ron Wyden");
        assert_eq!(&text[spans[0].end..], " (D-Ore.) on Tuesday.");
        // Two runs close together: each span is its own, the words between stay.
        let text = "Sens. Ron Wyden Ronald (Ron) Lee WydenDems grill picks MORE (D-Ore.) and Mike Lee Michael (Mike) Shumway LeeMike Lee defends Romney MORE (R-Utah) agreed.";
        let spans = inline_link_spans(text);
        assert_eq!(spans.len(), 2);
        assert_eq!(
            &text[spans[0].end..spans[1].start],
            " (D-Ore.) and Mike Lee"
        );
        // A headline may open with an acronym.
        let text = "said Sen. Lindsey Graham Lindsey Olin GrahamGOP senators balk at trial Warren goes local MORE (R-S.C.) on Sunday.";
        let spans = inline_link_spans(text);
        assert_eq!(spans.len(), 1);
        assert_eq!(&text[..spans[0].start], "said Sen. Lindsey Graham");
        assert_eq!(&text[spans[0].end..], " (R-S.C.) on Sunday.");
        // Without the party tag after "MORE", a glued surname is not enough
        // (a president's links have none; dropping the tag cost real-check
        // one event).
        assert!(
            inline_link_spans("Donald Trump Donald John TrumpGOP senators balk MORE is here.")
                .is_empty()
        );
        // A glued word without the surname before it is no link text.
        assert!(inline_link_spans("the HuffPost reported it MORE often.").is_empty());
    }
}
