//! Documents in, dated who-did-what-to-whom events out.
//!
//! The [`Coder`] trait is the seam between the pipeline and whatever codes
//! events: today the rule-based [`RuleCoder`], driven entirely by the data in
//! [`Knowledge`]; tomorrow perhaps a learned one. An [`Event`] carries the CAMEO
//! code with its PLOVER type, Goldstein weight and QuadClass, both actors, the
//! event's own date with its precision, and byte spans into the document text
//! for each part (the evidence).
//!
//! Invariant: every evidence span lies inside `Document::text` on char
//! boundaries; no event has an empty source or target.

mod annotate;
mod clause;
mod coder;
mod context;
mod dates;
mod grammar;
mod mentions;
mod record;
mod rules;
mod sentence;
#[cfg(test)]
mod testing;
mod tree;

use chrono::NaiveDate;
use serde::Serialize;

use demarche_ingest::Document;
use demarche_knowledge::{Code, Knowledge};
use demarche_text::Span;

pub use annotate::{AnnotatedDoc, AnnotatedSentence, StageTimes};
pub use coder::RuleCoder;
pub use dates::{find_dates, DateMention, EventDate};
pub use mentions::Mention;

/// An actor as coded: its code, its sector and the name that decided it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActorRef {
    pub actor: String,
    pub sector: Option<String>,
    pub name: String,
}

/// Byte spans into the document text for each part of an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub source: [usize; 2],
    pub event: [usize; 2],
    pub target: [usize; 2],
}

impl Evidence {
    pub fn new(source: Span, event: Span, target: Span) -> Self {
        Evidence {
            source: [source.start, source.end],
            event: [event.start, event.end],
            target: [target.start, target.end],
        }
    }
}

/// What an event's date rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateBasis {
    /// A date phrase in the sentence ("on Tuesday", "in July 2019").
    Text,
    /// The publication date: the report's own news (its lead, or an act told in
    /// the present or future).
    Publication,
    /// An act told in the past with no date, after the lead: it happened on or
    /// before the publication date, which `date` holds.
    BeforePublication,
    /// Nothing dates it.
    Unknown,
}

impl DateBasis {
    pub fn as_str(self) -> &'static str {
        match self {
            DateBasis::Text => "text",
            DateBasis::Publication => "publication",
            DateBasis::BeforePublication => "before_publication",
            DateBasis::Unknown => "unknown",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    pub doc_id: String,
    /// Index of the first sentence that reports it.
    pub sentence: usize,
    pub date: EventDate,
    /// What the date rests on: a date phrase, or the publication date.
    pub date_basis: DateBasis,
    pub source: ActorRef,
    pub target: ActorRef,
    pub code: Code,
    pub plover: String,
    pub goldstein: f32,
    pub quad_class: u8,
    /// Every report of the event in the document; the first is the main one.
    pub evidence: Vec<Evidence>,
    /// The coding rule that made it (the first report's).
    pub rule: &'static str,
}

/// Anything that turns a document into events.
pub trait Coder {
    /// Codes `doc`; `default_date` is the publication date when the document has none.
    fn code(&self, doc: &Document, default_date: Option<NaiveDate>) -> Vec<Event>;
}

/// Splits a document's body into sentences, after its title line and dateline.
pub fn body_sentences(k: &Knowledge, doc: &Document) -> Vec<demarche_text::Sentence> {
    let mut start = doc.body_start;
    if let Some(d) = &doc.dateline {
        start = start.max(d.end);
    }
    let body = &doc.text[start..];
    demarche_text::split_sentences(body, &k.abbreviations)
        .into_iter()
        .map(|s| demarche_text::Sentence {
            span: Span::new(s.span.start + start, s.span.end + start),
        })
        .collect()
}
