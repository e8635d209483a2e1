//! The events of one document: each distinct (source, target, code, date) once,
//! with every report of it as evidence, dated by the nearest date phrase.

use std::collections::HashMap;

use demarche_knowledge::{CodeClass, Ontology};
use demarche_text::Span;

use crate::dates::{DateMention, EventDate};
use crate::mentions::Mention;
use crate::sentence::Sentence;
use crate::{ActorRef, Event, Evidence};

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
        sector: m.sector.clone(),
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
    let began = |w: &str| s.lexicon.has("start_verb", w);
    if at(d.start) == "since" || before(1) == "since" {
        return true;
    }
    if at(d.start) == "in" {
        return began(before(1));
    }
    before(1) == "in" && began(before(2))
}

/// The events of one document, each once per (source, target, code, date).
#[derive(Default)]
pub(crate) struct DocumentEvents {
    pub(crate) events: Vec<Event>,
    index: HashMap<(String, String, String, EventDate), usize>,
}

impl DocumentEvents {
    /// Adds one event, or its evidence to the same event reported before.
    /// Its date is the date phrase nearest to words `[start, end)`, else the
    /// publication date.
    pub(crate) fn record(
        &mut self,
        s: &Sentence<'_>,
        (start, end): (usize, usize),
        src: Mention,
        tgt: Mention,
        code: String,
        rule: &'static str,
    ) {
        let Some(info) = s.ontology.get(&code) else {
            return;
        };
        let when = s
            .dates
            .iter()
            .filter(|d| !is_start_date(s, d))
            .min_by_key(|d| distance(d.start, d.end, start, end))
            .map(|d| d.date)
            .or(s.date.map(EventDate::Day))
            .unwrap_or(EventDate::Unknown);
        let event_span = Span::new(s.tokens[start].span.start, s.tokens[end - 1].span.end);
        let evidence = Evidence::new(src.span, event_span, tgt.span);
        let key = (src.actor.clone(), tgt.actor.clone(), code.clone(), when);
        if let Some(&at) = self.index.get(&key) {
            self.events[at].evidence.push(evidence);
            return;
        }
        self.index.insert(key, self.events.len());
        self.events.push(Event {
            doc_id: s.doc_id.to_string(),
            sentence: s.number,
            date: when,
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
