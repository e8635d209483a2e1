//! Forum facts read from one document: meetings, suspensions, resumptions,
//! cadence and founding statements, and blockers (a member refusing or demanding
//! an agenda item or condition). Each keeps its document, evidence spans and date.
//!
//! A sentence speaks of a forum when it names one, or when it uses a description
//! from the cue list ("the dialogue", "the council"): that points back to the last
//! forum named in the document, for at most three sentences after it was named or
//! last described. Blockers may also follow in the sentence right after the forum
//! is named ("One reason is that ..."). A date that follows a founding cue
//! ("founded in 1996") never dates a meeting.

use chrono::NaiveDate;
use demarche_coder::{AnnotatedDoc, Event, EventDate};
use demarche_ingest::Document;
use demarche_knowledge::actors::is_state_code;
use demarche_knowledge::{CodeClass, Knowledge};
use demarche_text::{Span, Token, TokenKind};
use serde::{Deserialize, Serialize};

use crate::cues::{CueKind, CueMatch};
use crate::dates::{self, DatePhrase};
use crate::records::Cadence;
use crate::{ForumMention, Forums};

/// Byte spans into the document text, and the words they cover.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub doc_id: String,
    pub spans: Vec<[usize; 2]>,
    pub text: Vec<String>,
}

impl Evidence {
    fn new(doc: &Document, spans: &[Span]) -> Evidence {
        let mut spans: Vec<Span> = spans.to_vec();
        spans.sort_by_key(|s| (s.start, s.end));
        spans.dedup();
        Evidence {
            doc_id: doc.id.clone(),
            spans: spans.iter().map(|s| [s.start, s.end]).collect(),
            text: spans.iter().map(|s| s.of(&doc.text).to_string()).collect(),
        }
    }
}

/// What a member does about the agenda.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stance {
    /// Refuses to discuss an item.
    Refuses,
    /// Refuses to accept another member's condition.
    RejectsCondition,
    /// Demands an item or sets a condition.
    Demands,
}

impl Stance {
    pub fn as_str(self) -> &'static str {
        match self {
            Stance::Refuses => "refuses",
            Stance::RejectsCondition => "rejects_condition",
            Stance::Demands => "demands",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FactKind {
    Meeting,
    Suspension {
        #[serde(deserialize_with = "crate::record::event_date")]
        from: EventDate,
        #[serde(deserialize_with = "crate::record::opt_event_date")]
        to: Option<EventDate>,
    },
    Resumption,
    Cadence {
        every: Cadence,
        level: Option<String>,
    },
    Founding,
    Blocker {
        actor: String,
        stance: Stance,
        /// The agenda item: a state's name when the words name one, else the words.
        topic: String,
        topic_actor: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fact {
    /// The forum's code.
    pub forum: String,
    #[serde(flatten)]
    pub kind: FactKind,
    /// When it happened (meetings, founding) or was said (cadence, blockers).
    #[serde(deserialize_with = "crate::record::event_date")]
    pub date: EventDate,
    /// The document's publication date, when known.
    pub published: Option<NaiveDate>,
    /// Index of the body sentence.
    pub sentence: usize,
    pub evidence: Evidence,
}

/// How far (in tokens) a hypothetical or negating word reaches a meeting cue.
/// Sentences after the forum was last named or described in which a description
/// ("the dialogue", "the council") still points back to it.
const REFERENT_REACH: usize = 3;
/// Tokens between a cue and the forum name it speaks of, at most.
const CUE_REACH: usize = 15;
const BLOCK_BEFORE: usize = 6;
const BLOCK_AFTER: usize = 3;
/// Tokens from an opinion cue ("called", "described as") to the word it colours.
const OPINION_REACH: usize = 6;
/// The longest agenda item read after a blocker cue, in tokens.
const OBJECT_MAX: usize = 14;
/// Words that end the agenda item after a blocker cue.
const OBJECT_ENDS: &[&str] = &["which", "because", "but", "while", "although", "whereas"];

struct Sentence<'a> {
    index: usize,
    span: Span,
    tokens: Vec<Token>,
    cues: Vec<CueMatch>,
    mentions: Vec<ForumMention>,
    dates: Vec<DatePhrase>,
    text: &'a str,
    /// The actors the annotation found in the sentence.
    actors: &'a [demarche_coder::Mention],
}

impl Sentence<'_> {
    /// The token at or after byte `at`.
    fn tok(&self, at: usize) -> usize {
        self.tokens.partition_point(|t| t.span.end <= at)
    }

    fn cue_near(&self, kinds: &[fn(&CueKind) -> bool], from: usize, to: usize, not: Span) -> bool {
        self.cues.iter().any(|c| {
            c.span != not && kinds.iter().any(|k| k(&c.kind)) && {
                let t = self.tok(c.span.start);
                t >= from && t <= to
            }
        })
    }

    /// The date phrase nearest `span`: after it first, then before it.
    /// The date nearest after `span` (else the last before it), never the date
    /// of a founding ("established in 2002"): a founding year is no meeting.
    fn date_near(&self, span: Span) -> Option<DatePhrase> {
        let t = self.tok(span.end);
        let founding = self.founding_dates();
        let dates: Vec<&DatePhrase> = self
            .dates
            .iter()
            .filter(|d| !founding.contains(&d.first) && !self.vague(d.span))
            .collect();
        dates
            .iter()
            .filter(|d| d.first >= t)
            .min_by_key(|d| d.first - t)
            .or_else(|| dates.iter().rev().find(|d| d.end <= t))
            .map(|d| **d)
    }

    /// Whether `span` is (part of) a vague time ("this year", "recently").
    fn vague(&self, span: Span) -> bool {
        self.cues
            .iter()
            .any(|c| c.kind == CueKind::VagueTime && c.span.overlaps(span))
    }

    /// Whether a vague time stands between tokens `from` and `to`.
    fn vague_near(&self, from: usize, to: usize) -> bool {
        self.cue_near(&[|k| *k == CueKind::VagueTime], from, to, Span::new(0, 0))
    }

    /// Whether the cue at `at` is someone's view: inside quotation marks, or
    /// after an opinion cue ("called it stalled") a few words before.
    fn opinion(&self, at: Span) -> bool {
        let t = self.tok(at.start);
        let said = self.cues.iter().any(|c| {
            c.kind == CueKind::Opinion && {
                let o = self.tok(c.span.start);
                o < t && t - o <= OPINION_REACH
            }
        });
        said || quoted(self.text, self.span, at)
    }

    /// The first tokens of the dates that follow a founding cue (within two
    /// tokens) or a start cue (right after it: "began in 2003", not "began in
    /// Geneva on Monday").
    fn founding_dates(&self) -> Vec<usize> {
        self.cues
            .iter()
            .filter_map(|c| {
                let reach = match c.kind {
                    CueKind::Founding => 2,
                    CueKind::Start => 0,
                    _ => return None,
                };
                let t = self.tok(c.span.end);
                self.dates
                    .iter()
                    .find(|d| d.first >= t && d.first <= t + reach)
                    .map(|d| d.first)
            })
            .collect()
    }
}

impl Forums {
    /// Every forum fact in `doc`. `events` are the coder's events for it (their
    /// consultations inside a named forum count as meetings, their refusals give
    /// blockers their actor); `default_date` is the publication date when the
    /// document carries none.
    pub fn facts(&self, k: &Knowledge, a: &AnnotatedDoc<'_>, events: &[Event]) -> Vec<Fact> {
        let doc = a.doc;
        let published = a.date;
        let text = doc.text.as_str();
        let mut out: Vec<Fact> = Vec::new();
        // The last forum named, and in which sentence.
        let mut last: Option<(usize, usize, Span)> = None;
        let mut last_topic: Option<(String, Option<String>)> = None;
        for s in &a.sentences {
            let index = s.index;
            let tokens = s.tokens.clone();
            let cues = self.cues.find(text, s.span);
            let not_forum: Vec<Span> = cues
                .iter()
                .filter(|c| c.kind == CueKind::NotForum)
                .map(|c| c.span)
                .collect();
            let mentions: Vec<ForumMention> = self
                .mentions(text, s.span)
                .into_iter()
                .filter(|m| {
                    !not_forum
                        .iter()
                        .any(|n| n.contains(m.span) && n.len() > m.span.len())
                })
                .collect();
            let dates = dates::find(text, &tokens, published);
            let sent = Sentence {
                index,
                span: s.span,
                tokens,
                cues,
                mentions,
                dates,
                text,
                actors: &s.mentions,
            };
            let referent = sent
                .cues
                .iter()
                .find(|c| c.kind == CueKind::Referent)
                .map(|c| c.span);
            // The forum a cue speaks of: the nearest named, else a description's referent.
            let forum_for = |at: Span| -> Option<(usize, Span)> {
                // (A cue far from every name is about something else in a long
                // sentence: "X urged the Security Council to act, ... while a separate
                // accord between two other parties stalled".)
                let words_apart = |m: &ForumMention| {
                    let (a, b) = (sent.tok(at.start), sent.tok(m.span.start));
                    a.abs_diff(b)
                };
                sent.mentions
                    .iter()
                    .filter(|m| words_apart(m) <= CUE_REACH)
                    .min_by_key(|m| {
                        if m.span.end <= at.start {
                            at.start - m.span.end
                        } else {
                            m.span.start.saturating_sub(at.end)
                        }
                    })
                    .map(|m| (m.forum, m.span))
                    .or_else(|| {
                        let (f, _, _) = last.filter(|l| index - l.1 <= REFERENT_REACH)?;
                        Some((f, referent?))
                    })
            };
            // Founding ("since its creation in 1996") and blockers may also speak of the
            // forum of the sentence before.
            let near_forum = |at: Span| {
                forum_for(at).or_else(|| {
                    last.filter(|(_, si, _)| si + 1 == index)
                        .map(|(f, _, span)| (f, span))
                })
            };
            self.sentence_facts(
                k,
                doc,
                published,
                events,
                &sent,
                &forum_for,
                &near_forum,
                &mut out,
            );
            let blocker_forum = near_forum;
            blockers(
                self,
                k,
                doc,
                published,
                events,
                &sent,
                &blocker_forum,
                &mut last_topic,
                &mut out,
            );
            if let Some(m) = sent.mentions.last() {
                last = Some((m.forum, index, m.span));
            } else if let (Some(r), Some(l)) = (
                referent,
                last.as_mut().filter(|l| index - l.1 <= REFERENT_REACH),
            ) {
                // "The council meets ...": the forum stays the one spoken of.
                l.1 = index;
                l.2 = r;
            }
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn sentence_facts(
        &self,
        k: &Knowledge,
        doc: &Document,
        published: Option<NaiveDate>,
        events: &[Event],
        sent: &Sentence,
        forum_for: &dyn Fn(Span) -> Option<(usize, Span)>,
        near_forum: &dyn Fn(Span) -> Option<(usize, Span)>,
        out: &mut Vec<Fact>,
    ) {
        let hypothetical: fn(&CueKind) -> bool =
            |k| matches!(k, CueKind::Hypothetical | CueKind::Negation);
        let fact = |forum: usize, kind: FactKind, date: EventDate, spans: &[Span]| Fact {
            forum: self.forums[forum].code.clone(),
            kind,
            date,
            published,
            sentence: sent.index,
            evidence: Evidence::new(doc, spans),
        };
        let not_future = |d: EventDate| match (dates::first_day(d), published) {
            (Some(d), Some(p)) => d <= p,
            _ => true,
        };
        let mut met: Vec<usize> = Vec::new();
        for c in &sent.cues {
            let found = if c.kind == CueKind::Founding {
                near_forum(c.span)
            } else {
                forum_for(c.span)
            };
            let Some((forum, fspan)) = found else {
                continue;
            };
            match &c.kind {
                CueKind::Meeting { .. } | CueKind::Resumption
                    if c.kind != (CueKind::Meeting { verb: false }) || !sent.dates.is_empty() =>
                {
                    let verb = c.kind != (CueKind::Meeting { verb: false });
                    // "described the talks as dead on 12 May": a view of the talks, not a round.
                    if !verb && sent.opinion(c.span) {
                        continue;
                    }
                    let from = sent
                        .tok(c.span.start.min(fspan.start))
                        .saturating_sub(BLOCK_BEFORE);
                    let to = sent.tok(c.span.end.max(fspan.end)) + BLOCK_AFTER;
                    if sent.cue_near(&[hypothetical], from, to, c.span) {
                        continue;
                    }
                    let habitual = sent
                        .cues
                        .iter()
                        .any(|x| matches!(x.kind, CueKind::Cadence(_)));
                    let (date, dspan) = match sent.date_near(c.span) {
                        Some(d) => (d.date, Some(d.span)),
                        // "The council meets every two years": a cadence, not a meeting.
                        None if habitual => continue,
                        // "met this year", "has met recently": no date to give it.
                        None if sent.vague_near(from, to) => continue,
                        None if verb => match published {
                            Some(p) => (EventDate::Day(p), None),
                            None => continue,
                        },
                        None => continue,
                    };
                    if !not_future(date) || !self.alive(forum, date) {
                        continue;
                    }
                    let kind = if matches!(c.kind, CueKind::Resumption) {
                        FactKind::Resumption
                    } else {
                        FactKind::Meeting
                    };
                    if let Some(f) = out.iter_mut().find(|f| {
                        f.sentence == sent.index
                            && f.evidence.doc_id == doc.id
                            && f.forum == self.forums[forum].code
                            && f.kind == kind
                            && f.date == date
                    }) {
                        // Another cue for the same meeting ("talks ... took place"): more evidence.
                        let mut spans: Vec<Span> = f
                            .evidence
                            .spans
                            .iter()
                            .map(|[a, b]| Span::new(*a, *b))
                            .collect();
                        spans.push(c.span);
                        f.evidence = Evidence::new(doc, &spans);
                        continue;
                    }
                    let mut spans = vec![fspan, c.span];
                    spans.extend(dspan);
                    out.push(fact(forum, kind, date, &spans));
                    met.push(forum);
                }
                // "a general called the format stalled": his view, not a suspension.
                CueKind::Suspension if sent.opinion(c.span) => {}
                CueKind::Suspension => {
                    let after = sent.tok(c.span.end);
                    let p = dates::period(sent.text, &sent.tokens, &sent.dates, after)
                        .or_else(|| dates::period(sent.text, &sent.tokens, &sent.dates, 0));
                    let (from, to, pspan) = match p {
                        Some(p) => (p.from, p.to, Some(p.span)),
                        // "The talks remain frozen": frozen as of the report.
                        None => match published {
                            Some(d) => (EventDate::Day(d), None, None),
                            None => continue,
                        },
                    };
                    if !not_future(from) || !self.alive(forum, from) {
                        continue;
                    }
                    let mut spans = vec![fspan, c.span];
                    spans.extend(pspan);
                    out.push(fact(forum, FactKind::Suspension { from, to }, from, &spans));
                }
                CueKind::Founding => {
                    let t = sent.tok(c.span.end);
                    let Some(d) = sent.dates.iter().find(|d| d.first >= t && d.first <= t + 2)
                    else {
                        continue;
                    };
                    out.push(fact(
                        forum,
                        FactKind::Founding,
                        d.date,
                        &[fspan, c.span, d.span],
                    ));
                }
                // A rhythm is about meeting: "would meet once a month", "their annual summit".
                CueKind::Cadence(every)
                    if sent
                        .cues
                        .iter()
                        .any(|x| matches!(x.kind, CueKind::Meeting { .. })) =>
                {
                    let level = sent.cues.iter().find_map(|l| match &l.kind {
                        CueKind::Level(v) => Some((v.clone(), l.span)),
                        _ => None,
                    });
                    let mut spans = vec![fspan, c.span];
                    spans.extend(level.as_ref().map(|l| l.1));
                    let date = published.map(EventDate::Day).unwrap_or(EventDate::Unknown);
                    out.push(fact(
                        forum,
                        FactKind::Cadence {
                            every: *every,
                            level: level.map(|l| l.0),
                        },
                        date,
                        &spans,
                    ));
                }
                _ => {}
            }
        }
        // The coder's consultations inside a named forum, where no cue found the meeting.
        for e in events {
            let ev = e
                .evidence
                .first()
                .map(|x| Span::new(x.event[0], x.event[1]));
            let Some(ev) = ev.filter(|s| sent.span.contains(*s)) else {
                continue;
            };
            if !k.ontology.is(CodeClass::Meeting, &e.code)
                || e.date == EventDate::Unknown
                || !not_future(e.date)
            {
                continue;
            }
            let Some(m) = sent
                .mentions
                .iter()
                .min_by_key(|m| m.span.start.abs_diff(ev.start))
            else {
                continue;
            };
            if met.contains(&m.forum) {
                continue;
            }
            let from = sent
                .tok(ev.start.min(m.span.start))
                .saturating_sub(BLOCK_BEFORE);
            let to = sent.tok(ev.end.max(m.span.end)) + BLOCK_AFTER;
            if sent.cue_near(&[hypothetical], from, to, Span::new(0, 0))
                || !self.alive(m.forum, e.date)
            {
                continue;
            }
            // The coder dated it from a vague time, with no real date beside it.
            if sent.vague_near(from, to) && sent.date_near(ev).is_none() {
                continue;
            }
            met.push(m.forum);
            out.push(fact(m.forum, FactKind::Meeting, e.date, &[m.span, ev]));
        }
    }
}

impl Forums {
    /// Whether forum `forum` existed at some time in `date`: on or after its
    /// founding (the record's) and not after its end. A date outside belongs to
    /// something else named nearby ("the Geneva talks in 2016" beside Astana).
    fn alive(&self, forum: usize, date: EventDate) -> bool {
        let f = &self.forums[forum];
        let founded = f
            .founded
            .as_deref()
            .and_then(|d| demarche_knowledge::dates::parse_bound(d).ok().flatten());
        let (first, last) = (dates::first_day(date), dates::last_day(date));
        !(founded.is_some_and(|fd| last.is_some_and(|l| l < fd))
            || f.ended.is_some_and(|e| first.is_some_and(|d| d > e)))
    }
}

/// Whether `at` stands inside quotation marks within `sentence`: `"stalled"`,
/// `“dead”`, or the quoted word alone (`'stalled'`, `‘dead’`).
fn quoted(text: &str, sentence: Span, at: Span) -> bool {
    let before = &text[sentence.start..at.start.max(sentence.start)];
    let after = &text[at.end.min(sentence.end)..sentence.end];
    let straight = before.matches('"').count() % 2 == 1 && after.contains('"');
    let curly = before
        .rfind('“')
        .is_some_and(|i| !before[i..].contains('”'))
        && after.contains('”');
    let single = (before.ends_with('\'') && after.starts_with('\''))
        || (before.ends_with('‘') && after.starts_with('’'));
    straight || curly || single
}

#[allow(clippy::too_many_arguments)]
fn blockers(
    forums: &Forums,
    k: &Knowledge,
    doc: &Document,
    published: Option<NaiveDate>,
    events: &[Event],
    sent: &Sentence,
    forum_for: &dyn Fn(Span) -> Option<(usize, Span)>,
    last_topic: &mut Option<(String, Option<String>)>,
    out: &mut Vec<Fact>,
) {
    let text = sent.text;
    let mut skip_until = 0;
    for c in &sent.cues {
        let stance = match c.kind {
            CueKind::Refusal => Stance::Refuses,
            CueKind::RejectsCondition => Stance::RejectsCondition,
            CueKind::Demand => Stance::Demands,
            _ => continue,
        };
        let ct = sent.tok(c.span.start);
        if ct < skip_until {
            continue;
        }
        let Some((forum, fspan)) = forum_for(c.span) else {
            continue;
        };
        // The agenda item: the words after the cue, to the clause's end.
        let first = sent.tok(c.span.end);
        let mut end = first;
        while end < sent.tokens.len() && end - first < OBJECT_MAX {
            let t = sent.tokens[end];
            let w = t.span.of(text).to_lowercase();
            if (t.kind == TokenKind::Punct && w != "-" && w != "'s")
                || OBJECT_ENDS.contains(&w.as_str())
            {
                break;
            }
            end += 1;
        }
        skip_until = end;
        let object = (end > first)
            .then(|| Span::new(sent.tokens[first].span.start, sent.tokens[end - 1].span.end));
        let date = sent
            .dates
            .first()
            .map(|d| d.date)
            .or(published.map(EventDate::Day))
            .unwrap_or(EventDate::Unknown);
        let on = dates::first_day(date).or(published);
        // Who: the coder's refusal (12x) over these words, else the nearest actor before.
        let coded = events.iter().find_map(|e| {
            let x = e.evidence.first()?;
            let ev = Span::new(x.event[0], x.event[1]);
            (k.ontology.is(CodeClass::Rejection, &e.code)
                && (ev.overlaps(c.span) || c.span.contains(ev)))
            .then(|| (e.source.actor.clone(), Span::new(x.source[0], x.source[1])))
        });
        let actor = coded.or_else(|| {
            sent.actors
                .iter()
                .rev()
                .find(|m| m.span.end <= c.span.start && !m.place && !m.actor.is_empty())
                .map(|m| (m.actor.clone(), m.span))
        });
        let Some((actor, aspan)) = actor else {
            continue;
        };
        let f = &forums.forums[forum];
        if !on.is_some_and(|d| f.involves(&actor, d, &k.memberships)) {
            continue;
        }
        // A state named in the item ("the Ukrainian conflict") is its topic.
        let topic_state = object.and_then(|o| {
            k.actors
                .find(text, o.start, o.end, on)
                .into_iter()
                .filter_map(|m| k.actors.resolve(m.entity, on))
                .find(|r| is_state_code(r.actor) && r.actor != actor)
                .map(|r| (r.name.to_string(), Some(r.actor.to_string())))
        });
        let words = object.map(|o| {
            let s = o.of(text);
            let s = ["the ", "a ", "an "]
                .iter()
                .find_map(|d| s.strip_prefix(d))
                .unwrap_or(s);
            (s.to_string(), None)
        });
        let topic = match stance {
            // "which ... does not want to accept as a condition": the condition just stated.
            Stance::RejectsCondition => topic_state.or_else(|| last_topic.clone()).or(words),
            _ => topic_state.or(words),
        };
        let Some((topic, topic_actor)) = topic else {
            continue;
        };
        *last_topic = Some((topic.clone(), topic_actor.clone()));
        let mut spans = vec![aspan, c.span];
        spans.extend(object);
        if !sent.span.contains(fspan) {
            // The forum was named in the sentence before.
            spans.push(fspan);
        }
        out.push(Fact {
            forum: f.code.clone(),
            kind: FactKind::Blocker {
                actor,
                stance,
                topic,
                topic_actor,
            },
            date,
            published,
            sentence: sent.index,
            evidence: Evidence::new(doc, &spans),
        });
    }
}
