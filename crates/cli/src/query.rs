//! `demarche query`: events from the store, filtered, as a table, CSV or JSON Lines.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use clap::ValueEnum;

use demarche_server::vocabulary::Lookup;
use demarche_server::Vocabulary;
use demarche_store::{EventFilter, EventStore, StoredEvent};

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum QueryFormat {
    Table,
    Csv,
    Jsonl,
}

/// The columns of `query --format csv` and `export --format csv`.
pub const CSV_COLUMNS: &[&str] = &[
    "id",
    "date",
    "source",
    "source_sector",
    "source_name",
    "target",
    "target_sector",
    "target_name",
    "code",
    "root",
    "plover",
    "plover_mode",
    "goldstein",
    "quad_class",
    "num_mentions",
    "num_sources",
    "num_articles",
    "first_seen",
    "doc_id",
    "url",
    "outlet",
    "source_text",
    "event_text",
    "target_text",
];

/// A CSV field, quoted when it must be (RFC 4180).
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

pub fn csv_row(e: &StoredEvent) -> String {
    let opt = |s: &Option<String>| s.clone().unwrap_or_default();
    let fields = [
        e.id.to_string(),
        e.date.clone(),
        e.source.code.clone(),
        opt(&e.source.sector),
        e.source.name.clone(),
        e.target.code.clone(),
        opt(&e.target.sector),
        e.target.name.clone(),
        e.code.clone(),
        e.root.clone(),
        e.plover.clone(),
        opt(&e.plover_mode),
        e.goldstein.to_string(),
        e.quad_class.to_string(),
        e.num_mentions.to_string(),
        e.num_sources.to_string(),
        e.num_articles.to_string(),
        e.first_seen.clone(),
        e.first.doc_id.clone(),
        opt(&e.first.url),
        opt(&e.first.outlet),
        e.first.source_text.clone(),
        e.first.event_text.clone(),
        e.first.target_text.clone(),
    ];
    fields
        .iter()
        .map(|f| csv_field(f))
        .collect::<Vec<_>>()
        .join(",")
}

/// Writes events in one of the query formats.
pub struct EventWriter<W: Write> {
    out: W,
    format: QueryFormat,
    rows: usize,
}

impl<W: Write> EventWriter<W> {
    pub fn new(mut out: W, format: QueryFormat) -> Result<Self> {
        match format {
            QueryFormat::Csv => writeln!(out, "{}", CSV_COLUMNS.join(","))?,
            QueryFormat::Table => writeln!(
                out,
                "{:>7} {:<10} {:<14} {:<5} {:<10} {:<14} {:>9} {:>8} {:>8}  evidence: source | event | target",
                "id", "date", "source", "code", "event type", "target", "goldstein", "mentions", "articles"
            )?,
            QueryFormat::Jsonl => {}
        }
        Ok(EventWriter {
            out,
            format,
            rows: 0,
        })
    }

    pub fn write(&mut self, e: &StoredEvent) -> Result<()> {
        self.rows += 1;
        match self.format {
            QueryFormat::Jsonl => {
                serde_json::to_writer(&mut self.out, e)?;
                writeln!(self.out)?;
            }
            QueryFormat::Csv => writeln!(self.out, "{}", csv_row(e))?,
            QueryFormat::Table => {
                let who = |code: &str, sector: &Option<String>| match sector {
                    Some(s) => format!("{code} {s}"),
                    None => code.to_string(),
                };
                let flat = |s: &str| s.replace(['\n', '\r', '\t'], " ");
                writeln!(
                    self.out,
                    "{:>7} {:<10} {:<14} {:<5} {:<10} {:<14} {:>9.1} {:>8} {:>8}  {} | {} | {}",
                    e.id,
                    e.date,
                    who(&e.source.code, &e.source.sector),
                    e.code,
                    e.plover,
                    who(&e.target.code, &e.target.sector),
                    e.goldstein,
                    e.num_mentions,
                    e.num_articles,
                    flat(&e.first.source_text),
                    flat(&e.first.event_text),
                    flat(&e.first.target_text),
                )?;
            }
        }
        Ok(())
    }

    pub fn finish(mut self) -> Result<usize> {
        self.out.flush()?;
        Ok(self.rows)
    }
}

/// Checks the filter's dates, actor and CAMEO codes (against the knowledge, and
/// for actor codes the knowledge lacks, the store); actor names become codes.
/// Says on stderr what a name was read as.
pub fn check(
    store: &dyn EventStore,
    vocabulary: &Vocabulary,
    filter: &mut EventFilter,
) -> Result<()> {
    for (flag, value, bound) in [
        (
            "--from",
            &filter.from,
            demarche_store::day_from as fn(&str) -> _,
        ),
        ("--to", &filter.to, demarche_store::day_to),
    ] {
        if let Some(v) = value {
            bound(v).map_err(|e| anyhow::anyhow!("{flag} {v}: {e}"))?;
        }
    }
    if let Some(code) = &filter.code {
        vocabulary
            .check_code(code)
            .map_err(|e| anyhow::anyhow!("--code {code}: {e}"))?;
    }
    for (flag, value) in [
        ("--source", &mut filter.source),
        ("--target", &mut filter.target),
    ] {
        let Some(v) = value.clone() else { continue };
        let lookup = vocabulary
            .resolve_actor(&v, |c| store.actor(c).ok().flatten().is_some())
            .map_err(|e| anyhow::anyhow!("{flag}: {e}"))?;
        if let Lookup::Named { code, name } = &lookup {
            eprintln!("note: {flag} {v:?} is read as {code} ({name})");
        }
        *value = Some(lookup.code().to_string());
    }
    Ok(())
}

/// Why nothing matched, when an actor named is known but never on that side.
fn empty_notes(
    store: &dyn EventStore,
    vocabulary: &Vocabulary,
    filter: &EventFilter,
) -> Vec<String> {
    let mut notes = Vec::new();
    for (side, code) in [("source", &filter.source), ("target", &filter.target)] {
        let Some(code) = code else { continue };
        let name = vocabulary
            .actor(code)
            .map(|a| format!(" ({})", a.name))
            .unwrap_or_default();
        let never = match store.actor(code).ok().flatten() {
            None => true,
            Some(a) => {
                (side == "source" && a.as_source == 0) || (side == "target" && a.as_target == 0)
            }
        };
        if never {
            notes.push(format!(
                "{code}{name} is a known actor, but no stored event has it as {side}"
            ));
        }
    }
    if notes.is_empty() {
        notes.push("no stored event matches these filters".into());
    }
    notes
}

pub fn run(
    store: &crate::StoreLocation,
    vocabulary: &Vocabulary,
    mut filter: EventFilter,
    format: QueryFormat,
) -> Result<ExitCode> {
    let store = crate::open_store(store, false)?;
    check(store.as_ref(), vocabulary, &mut filter)?;
    let stdout = std::io::stdout();
    let mut w = EventWriter::new(std::io::BufWriter::new(stdout.lock()), format)?;
    crate::export::each_event(store.as_ref(), &filter, |e| w.write(e))?;
    if w.finish()? == 0 {
        for note in empty_notes(store.as_ref(), vocabulary, &filter) {
            eprintln!("note: {note}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"no\""), "\"say \"\"no\"\"\"");
    }
}
