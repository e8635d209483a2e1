//! The events of one document: each distinct (source, target, code, date) once,
//! with every report of it as evidence, dated by the nearest date phrase.

use demarche_knowledge::Code;
use demarche_knowledge::LexiconKind;
use std::collections::HashMap;

use demarche_knowledge::{CodeClass, Knowledge, Ontology};
use demarche_syntax::Tag;
use demarche_text::Span;

use crate::dates::{DateMention, EventDate};
use crate::mentions::Mention;
use crate::rules::Candidate;
use crate::sentence::Sentence;
use crate::{ActorRef, DateBasis, Event, Evidence};

/// Drops an unspecific code reported once beside a specific one for the same pair
/// in the same sentence: they are one act in two wordings. A root code ("040")
/// gives way to a code under it ("042"), and an unspecified intent to cooperate
/// (030) to a signed agreement (057: "signed an accord ..., agreeing to reopen the
/// border" is the signing). (Talks and what they agreed stay two events: 04x, 03x.)
pub(crate) fn drop_generic(ontology: &Ontology, events: Vec<Event>) -> Vec<Event> {
    let generic = |e: &Event, by: &Event| {
        let root = &e.code[..2];
        e.evidence.len() == 1
            && e.sentence == by.sentence
            && e.source.actor == by.source.actor
            && e.target.actor == by.target.actor
            && e.code.len() == 3
            && e.code.ends_with('0')
            && by.code != e.code
            && (by.code.starts_with(root)
                || (ontology.is(CodeClass::GenericIntent, &e.code)
                    && ontology.is(CodeClass::Agreement, &by.code)))
    };
    let keep: Vec<bool> = events
        .iter()
        .map(|e| !events.iter().any(|by| generic(e, by)))
        .collect();
    events
        .into_iter()
        .zip(keep)
        .filter_map(|(e, k)| k.then_some(e))
        .collect()
}

pub(crate) fn actor_ref(m: &Mention) -> ActorRef {
    ActorRef {
        actor: m.actor.clone(),
        sector: m.sector.map(|s| s.as_str().to_string()),
        name: m.name.clone(),
    }
}

pub(crate) fn distance(a0: usize, a1: usize, b0: usize, b1: usize) -> usize {
    if a1 <= b0 {
        b0 - a1
    } else {
        a0.saturating_sub(b1)
    }
}

/// Whether a date says when something began ("talks, which began in 2003",
/// "the first visit since 2019"): it dates that beginning, not the acts around it.
pub(crate) fn is_start_date(s: &Sentence<'_>, d: &DateMention) -> bool {
    let at = |i: usize| s.words.get(i).copied().unwrap_or("");
    let before = |back: usize| d.start.checked_sub(back).map_or("", at);
    let began = |w: &str| s.lexicon.has(LexiconKind::StartVerb, w);
    if at(d.start) == "since" || before(1) == "since" {
        return true;
    }
    if at(d.start) == "in" {
        return began(before(1));
    }
    before(1) == "in" && began(before(2))
}

/// Whether the act in words `[start, end)` is told as past, away from the
/// report's lead: a past tense ("spoke") or a perfect ("had met", "has signed")
/// after the first sentence, or a past perfect anywhere. Such an act happened
/// on or before the publication date, not necessarily on it.
fn told_as_past(k: &Knowledge, s: &Sentence<'_>, start: usize, end: usize) -> bool {
    let tags = s.tags(k);
    let Some(v) = (start..end).find(|&i| tags[i].is_verb()) else {
        return false;
    };
    let aux = |w: &str| (v.saturating_sub(3)..v).any(|j| s.words[j] == w);
    let perfect = tags[v] == Tag::Vbn && (aux("has") || aux("have") || aux("had"));
    if tags[v] == Tag::Vbn && aux("had") {
        return true;
    }
    s.number > 0 && (tags[v] == Tag::Vbd || perfect)
}

/// The events of one document, each once per (source, target, code, date).
#[derive(Default)]
pub(crate) struct DocumentEvents {
    pub(crate) events: Vec<Event>,
    index: HashMap<(String, String, Code, EventDate), usize>,
}

impl DocumentEvents {
    /// Adds one event, or its evidence to the same event reported before.
    /// Its date is the date phrase nearest to words `[start, end)`, else the
    /// publication date.
    pub(crate) fn record(&mut self, k: &Knowledge, s: &Sentence<'_>, c: Candidate) {
        let Candidate {
            words: (start, end),
            source: src,
            target: tgt,
            code,
            rule,
        } = c;
        let Some(info) = s.ontology.get(&code) else {
            return;
        };
        let phrase = s
            .dates
            .iter()
            .filter(|d| !is_start_date(s, d))
            .min_by_key(|d| distance(d.start, d.end, start, end))
            .map(|d| d.date);
        let (when, basis) = match (phrase, s.date) {
            (Some(d), _) => (d, DateBasis::Text),
            (None, Some(day)) if told_as_past(k, s, start, end) => {
                (EventDate::Day(day), DateBasis::BeforePublication)
            }
            (None, Some(day)) => (EventDate::Day(day), DateBasis::Publication),
            (None, None) => (EventDate::Unknown, DateBasis::Unknown),
        };
        let event_span = Span::new(s.tokens[start].span.start, s.tokens[end - 1].span.end);
        let evidence = Evidence::new(src.span, event_span, tgt.span);
        let key = (src.actor.clone(), tgt.actor.clone(), code, when);
        if let Some(&at) = self.index.get(&key) {
            self.events[at].evidence.push(evidence);
            return;
        }
        self.index.insert(key, self.events.len());
        self.events.push(Event {
            doc_id: s.doc_id.to_string(),
            sentence: s.number,
            date: when,
            date_basis: basis,
            source: actor_ref(&src),
            target: actor_ref(&tgt),
            code,
            plover: info.plover.clone(),
            goldstein: info.goldstein,
            quad_class: info.quad_class,
            evidence: vec![evidence],
            rule,
        });
    }
}
