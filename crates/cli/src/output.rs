//! Event output: a table for people, JSON Lines and TSV for programs.

use std::io::Write;

use anyhow::Result;
use demarche_coder::Event;
use demarche_ingest::Document;
use serde::Serialize;

use crate::Format;

/// One event as `code --format jsonl` writes it (the contract later tools rely on).
#[derive(Serialize)]
pub struct EventRecord<'a> {
    pub doc_id: &'a str,
    pub sentence: usize,
    /// `None` (JSON null) when neither the text nor the document dates the event.
    pub date: Option<String>,
    /// `text` (a date phrase), `publication` (the report's own news),
    /// `before_publication` (told in the past, undated: on or before `date`), `unknown`.
    pub date_basis: &'a str,
    pub source: &'a str,
    pub source_sector: Option<&'a str>,
    pub source_name: &'a str,
    pub target: &'a str,
    pub target_sector: Option<&'a str>,
    pub target_name: &'a str,
    pub code: &'a str,
    pub plover: &'a str,
    pub goldstein: f32,
    pub quad_class: u8,
    pub mentions: usize,
    /// Spans `[start, end)` into the document text: source, event words, target.
    pub evidence: EvidenceRecord,
    pub text: EvidenceText<'a>,
    /// Every report of the event in the document (the first is `evidence`).
    pub reports: Vec<EvidenceRecord>,
    /// The coding rule that made the event.
    pub rule: &'a str,
}

#[derive(Serialize, Clone)]
pub struct EvidenceRecord {
    pub source: [usize; 2],
    pub event: [usize; 2],
    pub target: [usize; 2],
}

#[derive(Serialize)]
pub struct EvidenceText<'a> {
    pub source: &'a str,
    pub event: &'a str,
    pub target: &'a str,
}

pub fn record<'a>(doc: &'a Document, e: &'a Event) -> EventRecord<'a> {
    let ev = &e.evidence[0];
    let span = |s: [usize; 2]| doc.text.get(s[0]..s[1]).unwrap_or("");
    EventRecord {
        doc_id: &e.doc_id,
        sentence: e.sentence,
        date: Some(e.date.to_string()).filter(|d| !d.is_empty()),
        date_basis: e.date_basis.as_str(),
        source: &e.source.actor,
        source_sector: e.source.sector.as_deref(),
        source_name: &e.source.name,
        target: &e.target.actor,
        target_sector: e.target.sector.as_deref(),
        target_name: &e.target.name,
        code: &e.code,
        plover: &e.plover,
        goldstein: e.goldstein,
        quad_class: e.quad_class,
        mentions: e.evidence.len(),
        evidence: EvidenceRecord {
            source: ev.source,
            event: ev.event,
            target: ev.target,
        },
        reports: e
            .evidence
            .iter()
            .map(|r| EvidenceRecord {
                source: r.source,
                event: r.event,
                target: r.target,
            })
            .collect(),
        text: EvidenceText {
            source: span(ev.source),
            event: span(ev.event),
            target: span(ev.target),
        },
        rule: e.rule,
    }
}

pub const TSV_COLUMNS: &[&str] = &[
    "doc_id",
    "sentence",
    "date",
    "source",
    "source_sector",
    "target",
    "target_sector",
    "code",
    "plover",
    "goldstein",
    "quad_class",
    "mentions",
    "source_span",
    "event_span",
    "target_span",
    "source_text",
    "event_text",
    "target_text",
    "rule",
];

pub struct Writer<W: Write> {
    out: W,
    format: Format,
    header_done: bool,
}

impl<W: Write> Writer<W> {
    pub fn new(out: W, format: Format) -> Self {
        Writer {
            out,
            format,
            header_done: false,
        }
    }

    pub fn write_events(&mut self, doc: &Document, events: &[Event]) -> Result<()> {
        if !self.header_done {
            self.header_done = true;
            match self.format {
                Format::Tsv => writeln!(self.out, "{}", TSV_COLUMNS.join("\t"))?,
                Format::Table => writeln!(
                    self.out,
                    "{:<24} {:<10} {:<16} {:<5} {:<10} {:<16} {:>9}  evidence: source | event | target",
                    "document", "date", "source", "code", "event type", "target", "goldstein"
                )?,
                Format::Jsonl => {}
            }
        }
        for e in events {
            let r = record(doc, e);
            match self.format {
                Format::Jsonl => {
                    serde_json::to_writer(&mut self.out, &r)?;
                    writeln!(self.out)?;
                }
                Format::Tsv => {
                    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
                    let span = |s: [usize; 2]| format!("{}-{}", s[0], s[1]);
                    writeln!(
                        self.out,
                        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                        clean(r.doc_id),
                        r.sentence,
                        r.date.as_deref().unwrap_or(""),
                        r.source,
                        r.source_sector.unwrap_or(""),
                        r.target,
                        r.target_sector.unwrap_or(""),
                        r.code,
                        r.plover,
                        r.goldstein,
                        r.quad_class,
                        r.mentions,
                        span(r.evidence.source),
                        span(r.evidence.event),
                        span(r.evidence.target),
                        clean(r.text.source),
                        clean(r.text.event),
                        clean(r.text.target),
                        r.rule
                    )?;
                }
                Format::Table => {
                    let who = |a: &str, s: Option<&str>| match s {
                        Some(s) => format!("{a} {s}"),
                        None => a.to_string(),
                    };
                    let id: String = r.doc_id.chars().take(24).collect();
                    writeln!(
                        self.out,
                        "{:<24} {:<10} {:<16} {:<5} {:<10} {:<16} {:>9.1}  {} | {} | {}",
                        id,
                        r.date.as_deref().unwrap_or("-"),
                        who(r.source, r.source_sector),
                        r.code,
                        r.plover,
                        who(r.target, r.target_sector),
                        r.goldstein,
                        r.text.source.replace('\n', " "),
                        r.text.event.replace('\n', " "),
                        r.text.target.replace('\n', " ")
                    )?;
                }
            }
        }
        Ok(())
    }

    pub fn finish(mut self) -> Result<()> {
        self.out.flush()?;
        Ok(())
    }
}
