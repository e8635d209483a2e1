//! `demarche forum`: the state of a dialogue forum on a date, read from documents
//! or from the forum facts the store kept when it stored them.
//!
//! Facts are read once, when a document is coded (`ingest`, `worker`, a posted
//! document), and stored with it; forum status reads the stored facts. Documents
//! stored before facts were kept are read from their text on each request until
//! the next `ingest` stores their facts.

use std::collections::HashSet;
use std::io::Write;
use std::process::ExitCode;

use anyhow::{bail, Result};
use chrono::NaiveDate;
use clap::ValueEnum;
use serde_json::{json, Value};

use demarche_coder::RuleCoder;
use demarche_forums::{status, Fact, ForumStatus, Forums};
use demarche_ingest::Document;
use demarche_knowledge::Knowledge;
use demarche_store::{DocumentFilter, EventStore, NewForumFact, StoredDocument};

use crate::input;

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ForumFormat {
    Table,
    Json,
}

pub struct Options {
    /// The forum's name, acronym or variant; `None` with `all`.
    pub name: Option<String>,
    pub all: bool,
    pub as_of: NaiveDate,
    /// Publication date for documents that carry none (default: `as_of`).
    pub date: Option<NaiveDate>,
    pub format: ForumFormat,
    pub docs: Vec<String>,
    /// The store read when no documents are given.
    pub store: crate::StoreLocation,
}

/// The forums of the data the knowledge came from.
pub fn load_forums(k: &Knowledge) -> Result<Forums> {
    Forums::load(&k.data, k).map_err(|errors| {
        for e in &errors {
            eprintln!("error: {e}");
        }
        anyhow::anyhow!("{} problem(s) in the forum data", errors.len())
    })
}

pub fn run(k: &Knowledge, mut opts: Options) -> Result<ExitCode> {
    let forums = load_forums(k)?;
    if opts.all {
        // With --all every positional argument is a document.
        if let Some(first) = opts.name.take() {
            opts.docs.insert(0, first);
        }
    }
    let wanted: Vec<usize> = if opts.all {
        (0..forums.forums.len()).collect()
    } else {
        let name = opts.name.as_deref().unwrap_or_default();
        match forums.find(name) {
            Some(f) => vec![forums.index_of(&f.code).expect("a loaded forum")],
            None => {
                eprintln!(
                    "error: no forum named {name:?}; known forums: {}",
                    forums
                        .forums
                        .iter()
                        .map(|f| f.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                return Ok(ExitCode::from(2));
            }
        }
    };
    let default_date = opts.date.or(Some(opts.as_of));
    let coder = RuleCoder::new(k);
    let mut facts: Vec<Fact> = Vec::new();
    let (mut read, mut failed) = (0usize, 0usize);
    if opts.docs.is_empty() {
        let store = crate::open_store(&opts.store, false)?;
        let names: Vec<usize> = if opts.all { Vec::new() } else { wanted.clone() };
        let (n, f) = store_facts(k, &forums, store.as_ref(), &names, default_date)?;
        read = n;
        facts = f;
        if read == 0 {
            // The status still stands, from the records alone.
            eprintln!(
                "note: no stored document names {}",
                if opts.all { "any forum" } else { "this forum" }
            );
        }
    }
    for file in &opts.docs {
        input::for_each_document(file, |doc| {
            match doc {
                Ok(doc) => {
                    read += 1;
                    let (a, events) =
                        crate::parallel::annotate_and_code(k, &coder, &doc, default_date);
                    facts.extend(forums.facts(k, &a, &events));
                }
                Err(e) => {
                    failed += 1;
                    eprintln!("error: {e}");
                }
            }
            Ok(())
        })?;
    }
    let statuses: Vec<ForumStatus> = wanted
        .iter()
        .map(|&i| status(&forums.forums[i], &facts, opts.as_of, &k.memberships))
        .collect();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match (opts.format, opts.all) {
        (ForumFormat::Json, false) => writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&to_json(&statuses[0]))?
        )?,
        (ForumFormat::Json, true) => {
            for s in &statuses {
                writeln!(out, "{}", to_json(s))?;
            }
        }
        (ForumFormat::Table, false) => table(&mut out, &statuses[0])?,
        (ForumFormat::Table, true) => list(&mut out, &statuses)?,
    }
    out.flush()?;
    tracing::info!(read, failed, facts = facts.len(), "forum facts read");
    if failed > 0 {
        eprintln!("{failed} document(s) failed; {read} read");
        return Ok(ExitCode::from(1));
    }
    if read == 0 && !opts.docs.is_empty() {
        bail!("no document could be read");
    }
    Ok(ExitCode::SUCCESS)
}

/// A fact as the store keeps it.
pub fn new_forum_fact(f: &Fact) -> NewForumFact {
    NewForumFact {
        forum: f.forum.clone(),
        kind: f.kind_name().to_string(),
        date: f.date.to_string(),
        record: f.to_record(),
    }
}

/// Every stored forum fact of the forums `wanted` (indexes into
/// `forums.forums`; every forum when empty), and how many documents they come
/// from. Documents stored before facts were kept, and that name one of the
/// forums, are coded here (`default_date` for those without a date).
pub fn store_facts(
    k: &Knowledge,
    forums: &Forums,
    store: &dyn EventStore,
    wanted: &[usize],
    default_date: Option<NaiveDate>,
) -> Result<(usize, Vec<Fact>)> {
    let codes: Vec<String> = wanted
        .iter()
        .map(|&i| forums.forums[i].code.clone())
        .collect();
    let mut facts = Vec::new();
    let mut documents = HashSet::new();
    let mut unreadable: Option<String> = None;
    store.forum_facts(&codes, &mut |f| {
        match Fact::from_record(&f.record) {
            Ok(fact) => {
                documents.insert(f.document);
                facts.push(fact);
            }
            // A record this demarche cannot read (written by a newer one).
            Err(e) => {
                unreadable.get_or_insert(format!(
                    "a stored {} fact of {} (document row {}): {e}",
                    f.kind, f.forum, f.document
                ));
            }
        }
        Ok(())
    })?;
    if let Some(e) = unreadable {
        return Err(demarche_store::StoreError::Backend(e).into());
    }
    let coder = RuleCoder::new(k);
    let legacy = DocumentFilter {
        any_text: wanted
            .iter()
            .flat_map(|&i| forums.forums[i].names().map(str::to_string))
            .collect(),
        without_forum_facts: true,
        ..Default::default()
    };
    let mut read = documents.len();
    store.documents(&legacy, &mut |stored| {
        read += 1;
        let doc = document_of(stored);
        let (a, events) = crate::parallel::annotate_and_code(k, &coder, &doc, default_date);
        facts.extend(forums.facts(k, &a, &events));
        Ok(())
    })?;
    Ok((read, facts))
}

/// Documents read for facts at a time while filling in old documents' facts.
const BACKFILL_CHUNK: usize = 256;

/// Reads the forum facts of the documents stored before facts were kept, and
/// stores them (a chunk a transaction); returns how many documents were read.
pub fn backfill_facts(
    k: &Knowledge,
    forums: &Forums,
    pool: &crate::parallel::Pool,
    store: &mut dyn EventStore,
) -> Result<usize> {
    let coder = RuleCoder::new(k);
    let mut total = 0;
    let mut last: Option<i64> = None;
    loop {
        let mut docs: Vec<(i64, Document)> = Vec::new();
        let filter = DocumentFilter {
            without_forum_facts: true,
            limit: Some(BACKFILL_CHUNK),
            ..Default::default()
        };
        store.documents(&filter, &mut |d| {
            docs.push((d.id, document_of(d)));
            Ok(())
        })?;
        let Some(&(first, _)) = docs.first() else {
            return Ok(total);
        };
        // Each chunk is marked read when stored: the same one twice is a store
        // that does not keep the mark, and would never end.
        if last == Some(first) {
            bail!("the store did not keep the forum facts of document row {first}");
        }
        last = Some(first);
        let facts = pool.code(
            k,
            &coder,
            &docs,
            |(_, d)| d,
            None,
            |(id, _), a, events| {
                let facts = forums.facts(k, a, &events);
                (*id, facts.iter().map(new_forum_fact).collect::<Vec<_>>())
            },
        );
        store.add_forum_facts(&facts)?;
        total += docs.len();
    }
}

/// Forum status for `demarche serve`, from the facts stored with the documents.
pub struct StoreForums {
    k: &'static Knowledge,
    forums: std::sync::Arc<Forums>,
}

impl StoreForums {
    pub fn new(k: &'static Knowledge, forums: std::sync::Arc<Forums>) -> StoreForums {
        StoreForums { k, forums }
    }

    fn statuses(
        &self,
        store: &dyn EventStore,
        wanted: &[usize],
        as_of: NaiveDate,
    ) -> demarche_store::Result<Vec<Value>> {
        let names = if wanted.len() == self.forums.forums.len() {
            &[][..]
        } else {
            wanted
        };
        // A store error (a cancelled call above all) stays one, for the server.
        let (_, facts) =
            store_facts(self.k, &self.forums, store, names, Some(as_of)).map_err(|e| {
                match e.downcast::<demarche_store::StoreError>() {
                    Ok(store) => store,
                    Err(other) => demarche_store::StoreError::Backend(format!("{other:#}")),
                }
            })?;
        Ok(wanted
            .iter()
            .map(|&i| {
                to_json(&status(
                    &self.forums.forums[i],
                    &facts,
                    as_of,
                    &self.k.memberships,
                ))
            })
            .collect())
    }
}

impl demarche_server::ForumSource for StoreForums {
    fn all(&self, store: &dyn EventStore, as_of: NaiveDate) -> demarche_store::Result<Vec<Value>> {
        let every: Vec<usize> = (0..self.forums.forums.len()).collect();
        self.statuses(store, &every, as_of)
    }

    fn one(
        &self,
        store: &dyn EventStore,
        name: &str,
        as_of: NaiveDate,
    ) -> demarche_store::Result<Option<Value>> {
        let Some(i) = self
            .forums
            .find(name)
            .and_then(|f| self.forums.index_of(&f.code))
        else {
            return Ok(None);
        };
        Ok(self.statuses(store, &[i], as_of)?.pop())
    }
}

/// A stored document as the coder sees it: its text read again as plain text
/// (title line and dateline found the same way), with the stored metadata.
pub fn document_of(stored: StoredDocument) -> Document {
    let mut doc = demarche_ingest::read_plain(&stored.doc_id, stored.text);
    if stored.title.is_none() {
        // Not a headline-first text (JSON Lines, feeds): all of it is body.
        doc.body_start = 0;
        doc.title = None;
        doc.outlet = None;
    }
    doc.title = stored.title.or(doc.title);
    doc.outlet = stored.outlet.or(doc.outlet);
    doc.date = stored
        .date
        .as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    doc
}

/// The JSON a forum's status is written as: flat values, evidence beside each.
pub fn to_json(s: &ForumStatus) -> Value {
    let suspensions: Vec<Value> = s
        .suspensions
        .iter()
        .map(|x| json!({"from": x.from, "to": x.to, "evidence": x.evidence}))
        .collect();
    let blockers: Vec<Value> = s
        .blockers
        .iter()
        .map(|b| {
            json!({
                "actor": b.actor,
                "stance": b.stance,
                "topic": b.topic,
                "topic_actor": b.topic_actor,
                "date": b.date,
                "evidence": b.evidence,
            })
        })
        .collect();
    json!({
        "forum": s.forum,
        "code": s.code,
        "as_of": s.as_of.format("%Y-%m-%d").to_string(),
        "status": s.status,
        "reason": s.reason,
        "last_meeting": s.last_meeting,
        "cadence": s.cadence,
        "cadence_level": s.cadence_level,
        "cadence_source": s.cadence_source,
        "founded": s.founded,
        "founded_source": s.founded_source,
        "members_count": s.members_count,
        "members": s.members,
        "levels": s.levels,
        "parent": s.parent,
        "suspensions": suspensions,
        "blockers": blockers,
        "meetings": s.meetings,
        "evidence": {
            "last_meeting": s.last_meeting_evidence,
            "cadence": s.cadence_evidence,
            "founded": s.founded_evidence,
        },
        "record": s.record,
    })
}

fn or_dash(s: Option<String>) -> String {
    s.filter(|s| !s.is_empty()).unwrap_or_else(|| "-".into())
}

/// The evidence words with their spans: `report.txt: "met in" 19-25, "July 2019" 26-35`.
fn spans(e: &demarche_forums::Evidence) -> String {
    let words: Vec<String> = e
        .spans
        .iter()
        .zip(&e.text)
        .map(|([a, b], w)| format!("{:?} {a}-{b}", w.replace(['\n', '\r'], " ")))
        .collect();
    format!("{}: {}", e.doc_id, words.join(", "))
}

fn table(out: &mut impl Write, s: &ForumStatus) -> Result<()> {
    writeln!(out, "forum         {} ({})", s.forum, s.code)?;
    writeln!(out, "as of         {}", s.as_of)?;
    writeln!(out, "status        {} ({})", s.status.as_str(), s.reason)?;
    writeln!(
        out,
        "last meeting  {}{}",
        or_dash(s.last_meeting.map(|d| d.to_string())),
        s.last_meeting_evidence
            .as_ref()
            .map(|e| format!("  {}", spans(e)))
            .unwrap_or_default()
    )?;
    writeln!(
        out,
        "cadence       {}{} (from {}){}",
        or_dash(s.cadence.map(|c| c.as_str().to_string())),
        s.cadence_level
            .as_ref()
            .map(|l| format!(" at {l}' level"))
            .unwrap_or_default(),
        s.cadence_source,
        s.cadence_evidence
            .as_ref()
            .map(|e| format!("  {}", spans(e)))
            .unwrap_or_default()
    )?;
    writeln!(
        out,
        "founded       {} (from {}){}",
        or_dash(s.founded.clone()),
        s.founded_source,
        s.founded_evidence
            .as_ref()
            .map(|e| format!("  {}", spans(e)))
            .unwrap_or_default()
    )?;
    writeln!(
        out,
        "members       {}{}",
        or_dash(s.members_count.map(|n| n.to_string())),
        s.members
            .as_ref()
            .map(|m| format!(" ({})", m.join(" ")))
            .unwrap_or_default()
    )?;
    writeln!(out, "meetings      {}", s.meetings.len())?;
    for m in &s.meetings {
        writeln!(out, "  {:<10}  {}", m.date.to_string(), spans(&m.evidence))?;
    }
    writeln!(out, "suspensions   {}", s.suspensions.len())?;
    for x in &s.suspensions {
        writeln!(
            out,
            "  {} to {}  {}",
            x.from,
            or_dash(x.to.map(|t| t.to_string())),
            x.evidence.first().map(spans).unwrap_or_default()
        )?;
    }
    writeln!(out, "blockers      {}", s.blockers.len())?;
    for b in &s.blockers {
        writeln!(
            out,
            "  {} {} {}{}  {}",
            b.actor,
            b.stance.as_str(),
            b.topic,
            b.topic_actor
                .as_ref()
                .map(|a| format!(" ({a})"))
                .unwrap_or_default(),
            spans(&b.evidence)
        )?;
    }
    Ok(())
}

fn list(out: &mut impl Write, all: &[ForumStatus]) -> Result<()> {
    writeln!(
        out,
        "{:<14} {:<10} {:<12} {:<13} {:>7}  forum",
        "code", "status", "last_meeting", "cadence", "members"
    )?;
    for s in all {
        writeln!(
            out,
            "{:<14} {:<10} {:<12} {:<13} {:>7}  {}",
            s.code,
            s.status.as_str(),
            or_dash(s.last_meeting.map(|d| d.to_string())),
            or_dash(s.cadence.map(|c| c.as_str().to_string())),
            or_dash(s.members_count.map(|n| n.to_string())),
            s.forum
        )?;
    }
    Ok(())
}
