//! The rule coder: the document is annotated once ([`AnnotatedDoc`]), then the
//! rules of [`crate::rules`] run in order over each sentence; their candidates
//! become the document's events, each distinct event once with every report.

use chrono::NaiveDate;

use demarche_ingest::Document;
use demarche_knowledge::Knowledge;

use crate::annotate::AnnotatedDoc;
use crate::record::{drop_generic, DocumentEvents};
use crate::rules::{self, Coded, EventRule, SentenceState};
use crate::sentence::Sentence;
use crate::{Coder, Event};

pub struct RuleCoder<'k> {
    k: &'k Knowledge,
    rules: Vec<Box<dyn EventRule>>,
}

impl<'k> RuleCoder<'k> {
    pub fn new(k: &'k Knowledge) -> Self {
        RuleCoder {
            k,
            rules: rules::all(),
        }
    }

    /// Codes an annotated document.
    pub fn code_annotated(&self, a: &AnnotatedDoc<'_>) -> Vec<Event> {
        let k = self.k;
        let mut coded_events = DocumentEvents::default();
        let mut last_event: Option<Coded> = None;
        for annotated in &a.sentences {
            let s = Sentence::new(k, &a.doc.id, &a.doc.text, a.date, annotated);
            tracing::debug!(
                sentence = s.number,
                mentions = ?s.mentions.iter().map(|m| (m.first, m.last, &m.actor, &m.sector, m.place)).collect::<Vec<_>>(),
                cues = ?s.cues,
                "sentence"
            );
            let mut state = SentenceState {
                said_here: Vec::new(),
                last_event: last_event.take(),
                earlier_subject: annotated.earlier_subject.clone(),
                coded_phrases: Vec::new(),
                coded_verbs: Vec::new(),
                out: Vec::new(),
            };
            for rule in &self.rules {
                rule.apply(k, &s, &mut state);
            }
            for c in state.out {
                coded_events.record(k, &s, c);
            }
            last_event = state.last_event;
        }
        drop_generic(&k.ontology, coded_events.events)
    }
}

impl Coder for RuleCoder<'_> {
    fn code(&self, doc: &Document, default_date: Option<NaiveDate>) -> Vec<Event> {
        self.code_annotated(&AnnotatedDoc::new(self.k, doc, default_date))
    }
}
