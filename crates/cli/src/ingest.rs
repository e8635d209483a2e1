//! `demarche ingest`: read files, directories, feeds and WARC files, code every
//! new document and store it with its events, in batches of one transaction.
//!
//! A document whose content hash is stored already is skipped before coding,
//! so a second run over the same inputs adds nothing, and a run killed part way
//! is finished by running it again: committed batches are kept, the rest is
//! redone.

use std::cell::Cell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::rc::Rc;
use std::time::Instant;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressStyle};
use sha2::{Digest, Sha256};

use demarche_coder::{AnnotatedDoc, Event, RuleCoder};
use demarche_forums::Forums;
use demarche_ingest::{
    kind_by_name, open_reader, read_input, Document, IngestError, InputKind, Position, WebDocument,
};
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

/// Every input file, once: named files as they are, directories walked in name
/// order. Files in directories are kept only when their name says what they hold.
/// A file or directory reached a second time (by a symbolic link, or a link
/// back up the tree) is counted in `repeated` and not read again, so a link
/// loop ends the walk instead of repeating it.
fn collect_files(inputs: &[PathBuf], walk: &mut Walk) -> Vec<(PathBuf, Option<InputKind>)> {
    let mut out = Vec::new();
    for input in inputs {
        if input.is_dir() {
            walk.dir(input, &mut out);
        } else if walk.first_visit(input) {
            out.push((input.clone(), None));
        }
    }
    out
}

/// What a directory walk saw besides the files it kept.
#[derive(Default)]
struct Walk {
    /// Every file and directory visited, by its canonical path.
    seen: HashSet<PathBuf>,
    /// Files without a document type.
    ignored: usize,
    /// Files and directories reached again by another path.
    repeated: usize,
    /// Directories that could not be listed: (path, reason).
    unreadable: Vec<(PathBuf, String)>,
}

impl Walk {
    /// Whether `path` is seen for the first time (a path that cannot be resolved
    /// counts as new: opening it will say what is wrong).
    fn first_visit(&mut self, path: &Path) -> bool {
        let Ok(real) = std::fs::canonicalize(path) else {
            return true;
        };
        if self.seen.insert(real) {
            return true;
        }
        self.repeated += 1;
        false
    }

    /// Walks `root` with a stack of directories, never by recursion.
    fn dir(&mut self, root: &Path, out: &mut Vec<(PathBuf, Option<InputKind>)>) {
        let mut stack = vec![root.to_path_buf()];
        while let Some(dir) = stack.pop() {
            if !self.first_visit(&dir) {
                continue;
            }
            let entries = match std::fs::read_dir(&dir) {
                Ok(e) => e,
                Err(e) => {
                    self.unreadable.push((dir, e.to_string()));
                    continue;
                }
            };
            let mut paths: Vec<PathBuf> =
                entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            paths.sort();
            let mut subdirs = Vec::new();
            for p in paths {
                let hidden = p
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with('.'));
                if hidden {
                    continue;
                }
                if p.is_dir() {
                    subdirs.push(p);
                } else if let Some(kind) = p.to_str().and_then(kind_by_name) {
                    if self.first_visit(&p) {
                        out.push((p, Some(kind)));
                    }
                } else {
                    self.ignored += 1;
                }
            }
            // Files of a directory come before those of its subdirectories,
            // which are walked in name order.
            stack.extend(subdirs.into_iter().rev());
        }
    }
}

/// Counts the bytes read from a file, for the progress bar.
struct Counting<R> {
    inner: R,
    read: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n as u64);
        Ok(n)
    }
}

/// What the run did, for the summary.
#[derive(Default)]
struct Tally {
    read: usize,
    stored: BatchSummary,
    duplicates_in_run: usize,
    failed: BTreeMap<String, usize>,
    ignored_files: usize,
    repeated_files: usize,
    warc_skipped: usize,
}

impl Tally {
    fn failed_total(&self) -> usize {
        self.failed.values().sum()
    }
}

/// The kind of failure, for counting: the reason up to its first colon, numbers as `N`.
fn reason_key(reason: &str) -> String {
    let head = reason.split(':').next().unwrap_or(reason);
    head.split_whitespace()
        .map(|w| {
            let digits = w.trim_end_matches([',', '.', ')']);
            if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                "N"
            } else {
                w
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
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
            code: e.code.clone(),
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

struct Ingest<'k> {
    k: &'k Knowledge,
    forums: &'k Forums,
    coder: RuleCoder<'k>,
    store: Box<dyn EventStore>,
    actors: HashMap<String, ActorInfo>,
    default_date: Option<NaiveDate>,
    batch_size: usize,
    batch: Vec<NewDocument>,
    batch_hashes: HashSet<String>,
    /// Documents read but not yet coded, with their URL and content hash.
    pending: Vec<(Document, Option<String>, String)>,
    pool: crate::parallel::Pool,
    tally: Tally,
    bar: ProgressBar,
    started: Instant,
}

impl Ingest<'_> {
    fn document(&mut self, item: Result<WebDocument, IngestError>) -> Result<()> {
        self.tally.read += 1;
        let WebDocument { doc, url } = match item {
            Ok(d) => d,
            Err(e) => {
                *self.tally.failed.entry(reason_key(&e.reason)).or_default() += 1;
                self.bar.suspend(|| eprintln!("error: {e}"));
                return Ok(());
            }
        };
        let hash = format!("{:x}", Sha256::digest(doc.text.as_bytes()));
        if self.batch_hashes.contains(&hash) || self.store.has_document(&hash)? {
            self.tally.duplicates_in_run += 1;
            return Ok(());
        }
        self.batch_hashes.insert(hash.clone());
        self.pending.push((doc, url, hash));
        if self.pending.len() >= crate::parallel::CHUNK {
            self.code_pending()?;
        }
        Ok(())
    }

    /// Codes the pending documents on the pool; they join the batch in the order
    /// they were read.
    fn code_pending(&mut self) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let pending = std::mem::take(&mut self.pending);
        let (k, forums) = (self.k, self.forums);
        let stored = self.pool.code(
            k,
            &self.coder,
            &pending,
            |(doc, _, _)| doc,
            self.default_date,
            |(_, url, hash), a, events| {
                stored_document(k, forums, a, url.clone(), hash.clone(), &events)
            },
        );
        for new in stored {
            self.batch.push(new);
            if self.batch.len() >= self.batch_size {
                self.write_batch()?;
            }
        }
        Ok(())
    }

    /// Codes what is pending and writes the batch.
    fn flush(&mut self) -> Result<()> {
        self.code_pending()?;
        self.write_batch()
    }

    /// Writes the pending batch in one transaction.
    fn write_batch(&mut self) -> Result<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let infos = actor_infos(&self.actors, &self.batch);
        let sum = self
            .store
            .write_batch(&self.batch, &infos)
            .context("writing a batch to the store")?;
        self.tally.stored += sum;
        self.batch.clear();
        self.batch_hashes.clear();
        Ok(())
    }

    fn progress(&self, done_bytes: u64) {
        self.bar.set_position(done_bytes);
        let secs = self.started.elapsed().as_secs_f64().max(1e-3);
        self.bar.set_message(format!(
            "{} articles, {:.0} articles/s",
            self.tally.read,
            self.tally.read as f64 / secs
        ));
    }

    /// Counts a file (or the part of it at `position`) that could not be read.
    fn failed(&mut self, name: &str, position: Position, reason: String) -> Result<()> {
        self.document(Err(IngestError::new(name, position, reason)))
    }

    /// Reads one file, whatever it holds; problems with it are counted, never fatal.
    fn file(&mut self, path: &Path, kind: Option<InputKind>, base: u64) -> Result<u64> {
        let name = path.display().to_string();
        let file = match File::open(path) {
            Ok(f) => f,
            Err(e) => {
                self.failed(&name, Position::Whole, format!("cannot open: {e}"))?;
                return Ok(0);
            }
        };
        // Progress counts the file's own bytes (compressed ones for a .gz).
        let read = Rc::new(Cell::new(0u64));
        let counting = Counting {
            inner: file,
            read: read.clone(),
        };
        let reader = match open_reader(&name, counting) {
            Ok(r) => r,
            Err(e) => {
                self.document(Err(e))?;
                return Ok(read.get());
            }
        };
        let summary = read_input(&name, reader, kind, |item| {
            self.document(item)?;
            self.progress(base + read.get());
            anyhow::Ok(())
        })?;
        self.tally.warc_skipped += summary.warc_skipped;
        Ok(read.get())
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
    let mut walk = Walk::default();
    let files = collect_files(&opts.inputs, &mut walk);
    let total: u64 = files
        .iter()
        .filter_map(|(p, _)| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    let bar = ProgressBar::new(total).with_style(
        ProgressStyle::with_template("{bar:30} {bytes}/{total_bytes} {msg} eta {eta} ({elapsed})")
            .expect("static template"),
    );
    let mut run = Ingest {
        k,
        forums: &forums,
        coder: RuleCoder::new(k),
        store,
        actors: actor_table(k),
        default_date: opts.date,
        batch_size: opts.batch_size.max(1),
        batch: Vec::new(),
        batch_hashes: HashSet::new(),
        pending: Vec::new(),
        pool,
        tally: Tally {
            ignored_files: walk.ignored,
            repeated_files: walk.repeated,
            ..Tally::default()
        },
        bar,
        started,
    };
    for (dir, reason) in &walk.unreadable {
        run.failed(
            &dir.display().to_string(),
            Position::Whole,
            format!("cannot list the directory: {reason}"),
        )?;
    }
    let mut done = 0u64;
    for (path, kind) in &files {
        done += run.file(path, *kind, done)?;
        run.progress(done);
    }
    run.flush()?;
    run.bar.finish_and_clear();
    let counts = run.store.counts()?;
    let t = &run.tally;
    let secs = started.elapsed().as_secs_f64();
    let mut out = std::io::stdout().lock();
    use std::io::Write;
    writeln!(out, "store              {}", opts.store)?;
    writeln!(out, "documents read     {:>8}", t.read)?;
    writeln!(out, "stored             {:>8}", t.stored.documents)?;
    writeln!(
        out,
        "duplicates         {:>8}",
        t.duplicates_in_run + t.stored.duplicates
    )?;
    writeln!(out, "failed             {:>8}", t.failed_total())?;
    for (reason, n) in &t.failed {
        writeln!(out, "  {n:>6}  {reason}")?;
    }
    if t.ignored_files > 0 {
        writeln!(
            out,
            "files ignored      {:>8}  (not a document type)",
            t.ignored_files
        )?;
    }
    if t.repeated_files > 0 {
        writeln!(
            out,
            "files seen again   {:>8}  (by a link or a second path; read once)",
            t.repeated_files
        )?;
    }
    if t.warc_skipped > 0 {
        writeln!(
            out,
            "WARC records       {:>8}  skipped (not an HTML page)",
            t.warc_skipped
        )?;
    }
    writeln!(out, "events added       {:>8}", t.stored.events)?;
    writeln!(out, "mentions added     {:>8}", t.stored.mentions)?;
    writeln!(
        out,
        "in store           {:>8} documents, {} events, {} mentions, {} actors",
        counts.documents, counts.events, counts.mentions, counts.actors
    )?;
    writeln!(
        out,
        "time               {:>8.1} s, {:.0} articles/s on {} coding thread(s)",
        secs,
        t.read as f64 / secs.max(1e-3),
        run.pool.threads()
    )?;
    if t.failed_total() > 0 {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_reasons_group_without_numbers() {
        assert_eq!(
            reason_key("not a JSON document: EOF while parsing at line 1 column 20"),
            "not a JSON document"
        );
        assert_eq!(
            reason_key("invalid UTF-8 at byte 12 of the line"),
            "invalid UTF-8 at byte N of the line"
        );
    }

    #[test]
    fn a_directory_linking_to_itself_is_walked_once() {
        let dir = std::env::temp_dir().join(format!("demarche-walk-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("a.txt"), "A report.").unwrap();
        std::fs::write(dir.join("sub/b.txt"), "B report.").unwrap();
        std::fs::write(dir.join("sub/c.png"), "x").unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&dir, dir.join("loop1")).unwrap();
            std::os::unix::fs::symlink(&dir, dir.join("sub/loop2")).unwrap();
            std::os::unix::fs::symlink(dir.join("a.txt"), dir.join("sub/a-again.txt")).unwrap();
        }
        let mut walk = Walk::default();
        let files = collect_files(&[dir.clone(), dir.join("a.txt")], &mut walk);
        let names: Vec<_> = files
            .iter()
            .map(|(p, _)| p.strip_prefix(&dir).unwrap().display().to_string())
            .collect();
        assert_eq!(names, ["a.txt", "sub/b.txt"]);
        assert_eq!(walk.ignored, 1);
        #[cfg(unix)]
        assert_eq!(
            walk.repeated, 4,
            "two links to the directory, one to a file, a.txt named"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
