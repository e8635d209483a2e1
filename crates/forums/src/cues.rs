//! `data/forums/cues.tsv`: the words that make a sentence about a forum a fact
//! (a meeting, a suspension, a cadence ...). Matched whole-word, any case.

use demarche_knowledge::DataPath;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use demarche_knowledge::tsv::{self, DataError};
use demarche_text::Span;

use crate::records::{Cadence, LEVELS};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CueKind {
    /// A meeting; `verb` cues ("met", "took place") stand without a date
    /// (the publication date), noun cues ("summit", "session of") need one.
    Meeting {
        verb: bool,
    },
    Suspension,
    Resumption,
    Founding,
    /// When a forum began ("talks that began in 2003"): the year right after it is
    /// no meeting, and no founding either (a round can begin too).
    Start,
    Cadence(Cadence),
    Level(String),
    /// Refusing to discuss an agenda item.
    Refusal,
    /// Refusing to accept a condition set by another member.
    RejectsCondition,
    /// Demanding an agenda item or setting a condition.
    Demand,
    /// A description that points back to the last forum named ("the dialogue").
    Referent,
    /// Words that make a meeting wished, planned or attempted, not held.
    Hypothetical,
    /// Words that deny a meeting.
    Negation,
    /// A longer name that contains a forum's name but is something else.
    NotForum,
    /// Words that make what follows someone's view ("called it stalled"): an
    /// opinion is a statement, never a suspension.
    Opinion,
    /// A time too vague to date a meeting ("this year", "recently").
    VagueTime,
}

pub const KINDS: &str = "meeting, meeting-noun, suspension, resumption, founding, start, cadence, level, refusal, rejects-condition, demand, referent, hypothetical, negation, not-forum, opinion, vague-time";

#[derive(Debug)]
pub struct Cues {
    kinds: Vec<CueKind>,
    matcher: Option<AhoCorasick>,
}

/// A cue found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CueMatch {
    pub span: Span,
    pub kind: CueKind,
}

impl Cues {
    pub fn load(path: &DataPath, errors: &mut Vec<DataError>) -> Cues {
        let mut phrases: Vec<String> = Vec::new();
        let mut kinds = Vec::new();
        if let Some(text) = tsv::read(path, errors) {
            let mut seen: std::collections::HashMap<String, usize> = Default::default();
            for rec in tsv::parse(
                path.shown(),
                &text,
                &["kind", "phrase", "value", "note"],
                errors,
            ) {
                let err = |r: String| DataError::new(path.shown(), rec.line, r);
                let (kind, phrase, value) = (rec.get(0), rec.get(1), rec.get(2));
                let needs_value = matches!(kind, "cadence" | "level");
                if needs_value == value.is_empty() {
                    errors.push(err(format!(
                        "{kind}: the value cell is {} for this kind",
                        if needs_value { "needed" } else { "`-`" }
                    )));
                    continue;
                }
                let kind = match kind {
                    "meeting" => CueKind::Meeting { verb: true },
                    "meeting-noun" => CueKind::Meeting { verb: false },
                    "suspension" => CueKind::Suspension,
                    "resumption" => CueKind::Resumption,
                    "founding" => CueKind::Founding,
                    "start" => CueKind::Start,
                    "cadence" => match Cadence::parse(value) {
                        Some(c) => CueKind::Cadence(c),
                        None => {
                            errors.push(err(format!("unknown cadence {value:?}")));
                            continue;
                        }
                    },
                    "level" if LEVELS.contains(&value) => CueKind::Level(value.to_string()),
                    "level" => {
                        errors.push(err(format!("unknown level {value:?}")));
                        continue;
                    }
                    "refusal" => CueKind::Refusal,
                    "rejects-condition" => CueKind::RejectsCondition,
                    "demand" => CueKind::Demand,
                    "referent" => CueKind::Referent,
                    "hypothetical" => CueKind::Hypothetical,
                    "negation" => CueKind::Negation,
                    "not-forum" => CueKind::NotForum,
                    "opinion" => CueKind::Opinion,
                    "vague-time" => CueKind::VagueTime,
                    other => {
                        errors.push(err(format!("unknown cue kind {other:?} (one of {KINDS})")));
                        continue;
                    }
                };
                let phrase = phrase.to_lowercase();
                if phrase.is_empty() {
                    errors.push(err("empty phrase".into()));
                    continue;
                }
                if let Some(line) = seen.get(&phrase) {
                    errors.push(err(format!(
                        "the phrase {phrase:?} is already a cue (line {line})"
                    )));
                    continue;
                }
                seen.insert(phrase.clone(), rec.line);
                phrases.push(phrase);
                kinds.push(kind);
            }
        }
        let matcher = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&phrases)
            .ok();
        Cues { kinds, matcher }
    }

    pub fn len(&self) -> usize {
        self.kinds.len()
    }

    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty()
    }

    /// Cues in `text[span]`, whole words, leftmost-longest, in order.
    pub fn find(&self, text: &str, span: Span) -> Vec<CueMatch> {
        let Some(m) = &self.matcher else {
            return Vec::new();
        };
        m.find_iter(&text[span.start..span.end])
            .map(|x| CueMatch {
                span: Span::new(span.start + x.start(), span.start + x.end()),
                kind: self.kinds[x.pattern().as_usize()].clone(),
            })
            .filter(|c| whole_word(text, c.span))
            .collect()
    }
}

/// Whether `span` of `text` starts and ends at word edges.
pub fn whole_word(text: &str, span: Span) -> bool {
    let before = text[..span.start].chars().next_back();
    let after = text[span.end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}
