//! `demarche ingest`: read files, directories, feeds and WARC files, code every
//! new document and store it with its events, in batches of one transaction.
//!
//! A document whose content hash is stored already is skipped before coding,
//! so a second run over the same inputs adds nothing, and a run killed part way
//! is finished by running it again: committed batches are kept, the rest is
//! redone.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use demarche_coder::{AnnotatedDoc, Event, RuleCoder};
use demarche_forums::Forums;
use demarche_ingest::{Document, WebDocument};
use demarche_knowledge::{EntityKind, Knowledge};
use demarche_store::{
    ActorInfo, ActorKind, ActorMention, BatchSummary, EventStore, NewDocument, NewEvent, Spans,
};

pub struct Options {
    pub store: crate::StoreLocation,
    pub inputs: Vec<PathBuf>,
    pub date: Option<NaiveDate>,
    pub batch_size: usize,
    /// Threads that code documents (default: every core); the store has one writer.
    pub threads: Option<usize>,
}

/// What each actor code stands for, from the actor dictionary: states by ISO
/// code, organisations by their code (the first entity of a code names it).
pub(crate) fn actor_table(k: &Knowledge) -> HashMap<String, ActorInfo> {
    let c = k.actors.counts();
    let total = c.states + c.seats + c.organisations + c.people + c.places;
    let mut map = HashMap::new();
    for id in 0..total {
        let e = k.actors.entity(id);
        let kind = match e.kind {
            EntityKind::State => ActorKind::State,
            EntityKind::Organisation => ActorKind::Organisation,
            _ => continue,
        };
        for role in &e.roles {
            map.entry(role.actor.clone()).or_insert_with(|| ActorInfo {
                code: role.actor.clone(),
                name: e.name.clone(),
                kind,
                country: match kind {
                    ActorKind::State => Some(role.actor.clone()),
                    _ => e.country.clone(),
                },
            });
        }
    }
    map
}

/// A coded document as the store keeps it, with the forum facts read from it
/// (also what `serve` stores when a document is posted, and what `worker`
/// stores from the queue).
pub(crate) fn stored_document(
    k: &Knowledge,
    forums: &Forums,
    a: &AnnotatedDoc<'_>,
    url: Option<String>,
    hash: String,
    events: &[Event],
) -> NewDocument {
    let forum_facts = forums
        .facts(k, a, events)
        .iter()
        .map(crate::forum::new_forum_fact)
        .collect();
    let doc = a.doc;
    // Later reports of an event in a document carry no sentence index: find it
    // among the sentences the coder read.
    let sentence_of = |at: usize, first: usize| -> usize {
        a.sentences
            .iter()
            .position(|s| s.span.start <= at && at < s.span.end)
            .unwrap_or(first)
    };
    let actor = |a: &demarche_coder::ActorRef| ActorMention {
        code: a.actor.clone(),
        sector: a.sector.clone(),
        name: a.name.clone(),
    };
    let events = events
        .iter()
        .map(|e| NewEvent {
            source: actor(&e.source),
            target: actor(&e.target),
            code: e.code.to_string(),
            plover: e.plover.clone(),
            plover_mode: k
                .ontology
                .get(&e.code)
                .and_then(|c| c.plover_mode.clone())
                .filter(|m| m != "-" && !m.is_empty()),
            goldstein: e.goldstein,
            quad_class: e.quad_class,
            date: e.date.to_string(),
            mentions: e
                .evidence
                .iter()
                .enumerate()
                .map(|(i, ev)| Spans {
                    sentence: if i == 0 {
                        e.sentence
                    } else {
                        sentence_of(ev.event[0], e.sentence)
                    },
                    source: ev.source,
                    event: ev.event,
                    target: ev.target,
                })
                .collect(),
        })
        .collect();
    NewDocument {
        doc_id: doc.id.clone(),
        outlet: doc.outlet.clone(),
        url,
        title: doc.title.clone(),
        date: doc.date.map(|d| d.format("%Y-%m-%d").to_string()),
        content_hash: hash,
        text: doc.text.clone(),
        events,
        forum_facts,
    }
}

/// What every event side in `docs` stands for: from the actor table, else
/// named by its first mention.
pub(crate) fn actor_infos(
    table: &HashMap<String, ActorInfo>,
    docs: &[NewDocument],
) -> Vec<ActorInfo> {
    let mut infos: BTreeMap<&str, ActorInfo> = BTreeMap::new();
    for e in docs.iter().flat_map(|d| &d.events) {
        for a in [&e.source, &e.target] {
            infos.entry(&a.code).or_insert_with(|| {
                table.get(&a.code).cloned().unwrap_or(ActorInfo {
                    code: a.code.clone(),
                    name: a.name.clone(),
                    kind: ActorKind::Other,
                    country: None,
                })
            });
        }
    }
    infos.into_values().collect()
}

/// The coding and writing half of `ingest` (and of `worker`): documents are
/// gathered, coded on the pool a chunk at a time, and written a batch a
/// transaction, in the order they came.
pub(crate) struct Coding<'k> {
    k: &'k Knowledge,
    forums: &'k Forums,
    coder: RuleCoder<'k>,
    actors: HashMap<String, ActorInfo>,
    batch_size: usize,
    batch: Vec<NewDocument>,
    batch_hashes: HashSet<String>,
    /// Documents read but not yet coded, with their URL, content hash and
    /// default date.
    pending: Vec<Pending>,
    pub pool: crate::parallel::Pool,
    /// What the writes did.
    pub stored: BatchSummary,
    /// Documents skipped before coding: their content hash was stored, or
    /// came earlier in the batch.
    pub duplicates: usize,
}

struct Pending {
    doc: Document,
    url: Option<String>,
    hash: String,
    default_date: Option<NaiveDate>,
}

/// The content hash of a document: what makes two documents one.
pub(crate) fn content_hash(text: &str) -> String {
    format!("{:x}", Sha256::digest(text.as_bytes()))
}

impl<'k> Coding<'k> {
    /// The summary lines of what was stored: documents, and duplicates
    /// skipped (before coding or by the store).
    pub(crate) fn write_stored(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        writeln!(out, "stored             {:>8}", self.stored.documents)?;
        writeln!(
            out,
            "duplicates         {:>8}",
            self.duplicates + self.stored.duplicates
        )
    }

    /// The summary lines of what was added, what the store holds now, and
    /// the rate of `articles` in `secs`.
    pub(crate) fn write_added(
        &self,
        out: &mut impl std::io::Write,
        counts: &demarche_store::Counts,
        articles: usize,
        secs: f64,
    ) -> std::io::Result<()> {
        writeln!(out, "events added       {:>8}", self.stored.events)?;
        writeln!(out, "mentions added     {:>8}", self.stored.mentions)?;
        writeln!(
            out,
            "in store           {:>8} documents, {} events, {} mentions, {} actors",
            counts.documents, counts.events, counts.mentions, counts.actors
        )?;
        writeln!(
            out,
            "time               {:>8.1} s, {:.0} articles/s on {} coding thread(s)",
            secs,
            articles as f64 / secs.max(1e-3),
            self.pool.threads()
        )
    }

    pub fn new(
        k: &'k Knowledge,
        forums: &'k Forums,
        pool: crate::parallel::Pool,
        batch_size: usize,
    ) -> Coding<'k> {
        Coding {
            k,
            forums,
            coder: RuleCoder::new(k),
            actors: actor_table(k),
            batch_size: batch_size.max(1),
            batch: Vec::new(),
            batch_hashes: HashSet::new(),
            pending: Vec::new(),
            pool,
            stored: BatchSummary::default(),
            duplicates: 0,
        }
    }

    /// Takes a document to code (with `default_date` for it when it carries
    /// none), unless its text is stored already; codes a chunk and writes a
    /// batch when there are enough.
    pub fn add(
        &mut self,
        store: &mut dyn EventStore,
        web: WebDocument,
        default_date: Option<NaiveDate>,
    ) -> Result<()> {
        let WebDocument { doc, url } = web;
        let hash = content_hash(&doc.text);
        if self.batch_hashes.contains(&hash) || store.has_document(&hash)? {
            self.duplicates += 1;
            return Ok(());
        }
        self.batch_hashes.insert(hash.clone());
        self.pending.push(Pending {
            doc,
            url,
            hash,
            default_date,
        });
        if self.pending.len() >= crate::parallel::CHUNK {
            self.code_pending(store)?;
        }
        Ok(())
    }

    /// Codes the pending documents on the pool; they join the batch in the order
    /// they were read.
    fn code_pending(&mut self, store: &mut dyn EventStore) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let pending = std::mem::take(&mut self.pending);
        let (k, forums) = (self.k, self.forums);
        let stored = self.pool.code_each(
            k,
            &self.coder,
            &pending,
            |p| (&p.doc, p.default_date),
            |p, a, events| stored_document(k, forums, a, p.url.clone(), p.hash.clone(), &events),
        );
        for new in stored {
            self.batch.push(new);
            if self.batch.len() >= self.batch_size {
                self.write_batch(store)?;
            }
        }
        Ok(())
    }

    /// Codes what is pending and writes the batch.
    pub fn flush(&mut self, store: &mut dyn EventStore) -> Result<()> {
        self.code_pending(store)?;
        self.write_batch(store)
    }

    /// Writes the pending batch in one transaction.
    fn write_batch(&mut self, store: &mut dyn EventStore) -> Result<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let infos = actor_infos(&self.actors, &self.batch);
        let sum = store
            .write_batch(&self.batch, &infos)
            .context("writing a batch to the store")?;
        self.stored += sum;
        self.batch.clear();
        self.batch_hashes.clear();
        Ok(())
    }
}

pub fn run(k: &Knowledge, opts: Options) -> Result<ExitCode> {
    let started = Instant::now();
    let forums = crate::forum::load_forums(k)?;
    let mut store = crate::open_store(&opts.store, true)?;
    let pool = crate::parallel::Pool::new(opts.threads)?;
    // Documents stored before forum facts were kept get theirs now, once.
    let backfilled = crate::forum::backfill_facts(k, &forums, &pool, store.as_mut())?;
    if backfilled > 0 {
        eprintln!("forum facts read from {backfilled} document(s) stored before they were kept");
    }
    let mut coding = Coding::new(k, &forums, pool, opts.batch_size);
    let tally = {
        let store = store.as_mut();
        let coding = &mut coding;
        let mut sink = |web: WebDocument| coding.add(store, web, opts.date);
        crate::inputs::Inputs::read(&opts.inputs, &mut sink)?
    };
    coding.flush(store.as_mut())?;
    let counts = store.counts()?;
    let secs = started.elapsed().as_secs_f64();
    let mut out = std::io::stdout().lock();
    use std::io::Write;
    writeln!(out, "store              {}", opts.store)?;
    writeln!(out, "documents read     {:>8}", tally.read)?;
    coding.write_stored(&mut out)?;
    tally.write_failures(&mut out)?;
    coding.write_added(&mut out, &counts, tally.read, secs)?;
    if tally.failed_total() > 0 {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
