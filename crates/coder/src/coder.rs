//! The rule coder: the document is annotated once ([`AnnotatedDoc`]), then the
//! rules of [`crate::rules`] run in order over each sentence; their candidates
//! become the document's events, each distinct event once with every report.

use chrono::NaiveDate;

use demarche_ingest::Document;
use demarche_knowledge::{CodeClass, Knowledge};

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
                if subject_pronoun_after(k, &s, &c) {
                    continue;
                }
                coded_events.record(k, &s, c);
            }
            last_event = state.last_event;
        }
        drop_generic(&k.ontology, coded_events.events)
    }
}

/// Whether the candidate's target is a subject pronoun after its event words
/// ("Rubio tried to console his supporters. He told them ...", "McConnell
/// opposed it, saying he was wrong"): such a pronoun begins a clause of its own
/// and is nobody's object. (An appeal or demand takes the subject of its clause:
/// "demanded that she loosen"; a passive's patient stands before its verb.)
fn subject_pronoun_after(k: &Knowledge, s: &Sentence<'_>, c: &crate::rules::Candidate) -> bool {
    // (By bytes: a target may come from an earlier sentence, whose word
    // indices are not this one's.)
    let t = &c.target;
    let Some(end) = c.words.1.checked_sub(1).and_then(|i| s.tokens.get(i)) else {
        return false;
    };
    let Some(last) = s.tokens.last() else {
        return false;
    };
    t.span.start >= end.span.end
        && t.span.end <= last.span.end
        && ["he", "she", "they", "we", "i"]
            .iter()
            .any(|p| t.span.of(s.text()).eq_ignore_ascii_case(p))
        && !k.ontology.is(CodeClass::Embedding, &c.code)
}

impl Coder for RuleCoder<'_> {
    fn code(&self, doc: &Document, default_date: Option<NaiveDate>) -> Vec<Event> {
        self.code_annotated(&AnnotatedDoc::new(self.k, doc, default_date))
    }
}
