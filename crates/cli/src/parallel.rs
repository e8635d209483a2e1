//! Coding on every core: documents are gathered into small chunks, each chunk is
//! coded on a thread pool (one AnnotatedDoc a document), and the results come
//! back in input order, so output and store writes are those of one thread.

use anyhow::{Context, Result};
use chrono::NaiveDate;
use rayon::prelude::*;

use demarche_coder::{AnnotatedDoc, Event, RuleCoder};
use demarche_ingest::Document;
use demarche_knowledge::Knowledge;

/// Documents a chunk holds before it is coded: enough to keep every thread busy,
/// few enough that memory stays that of a handful of documents per thread.
pub const CHUNK: usize = 64;

pub struct Pool {
    pool: rayon::ThreadPool,
    threads: usize,
}

impl Pool {
    /// A pool of `threads` (default: every core).
    pub fn new(threads: Option<usize>) -> Result<Pool> {
        let threads = threads.unwrap_or_else(|| {
            std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
        });
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .build()
            .context("starting the coding threads")?;
        Ok(Pool { pool, threads })
    }

    pub fn threads(&self) -> usize {
        self.threads
    }

    /// Codes the document of each item (`doc` finds it); `out[i]` belongs to
    /// `items[i]`. `f` sees the item, its annotated document and its events, and
    /// builds what the caller keeps.
    pub fn code<T: Sync, R: Send>(
        &self,
        k: &Knowledge,
        coder: &RuleCoder<'_>,
        items: &[T],
        doc: impl Fn(&T) -> &Document + Sync + Send,
        default_date: Option<NaiveDate>,
        f: impl Fn(&T, &AnnotatedDoc<'_>, Vec<Event>) -> R + Sync + Send,
    ) -> Vec<R> {
        self.code_each(k, coder, items, |t| (doc(t), default_date), f)
    }

    /// As [`Pool::code`], each document with its own default date (`doc`
    /// gives both): documents from the queue carry their publisher's.
    pub fn code_each<T: Sync, R: Send>(
        &self,
        k: &Knowledge,
        coder: &RuleCoder<'_>,
        items: &[T],
        doc: impl Fn(&T) -> (&Document, Option<NaiveDate>) + Sync + Send,
        f: impl Fn(&T, &AnnotatedDoc<'_>, Vec<Event>) -> R + Sync + Send,
    ) -> Vec<R> {
        let one = |item: &T| {
            let (d, default_date) = doc(item);
            let (a, events) = annotate_and_code(k, coder, d, default_date);
            f(item, &a, events)
        };
        if self.threads == 1 {
            return items.iter().map(one).collect();
        }
        self.pool.install(|| items.par_iter().map(one).collect())
    }
}

/// Annotates and codes one document. A panic in either (a bug) costs that
/// document its annotation and events, with an error that names it, and not
/// the batch: the caller gets a document with no sentences and no events.
pub fn annotate_and_code<'d>(
    k: &Knowledge,
    coder: &RuleCoder<'_>,
    d: &'d Document,
    default_date: Option<NaiveDate>,
) -> (AnnotatedDoc<'d>, Vec<Event>) {
    let a = survive(&d.id, "reading this document's sentences", || {
        AnnotatedDoc::new(k, d, default_date)
    })
    .unwrap_or_else(|| AnnotatedDoc {
        doc: d,
        date: d.date.or(default_date),
        sentences: Vec::new(),
    });
    let events = guarded(&d.id, || coder.code_annotated(&a));
    (a, events)
}

/// Runs `code` for document `id`; a panic (a bug of the coder) costs that
/// document its events, with an error that names it, and not the batch: the
/// other documents are coded and written as usual.
pub fn guarded(id: &str, code: impl FnOnce() -> Vec<Event>) -> Vec<Event> {
    survive(id, "the coder", code).unwrap_or_default()
}

/// Runs `work` (`what` is done to document `id`), or logs that it panicked.
fn survive<T>(id: &str, what: &str, work: impl FnOnce() -> T) -> Option<T> {
    let done = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
    if done.is_err() {
        tracing::error!(
            document = %id,
            "{what} failed on this document (a bug: please report it with the document); its events are left out"
        );
    }
    done.ok()
}

#[cfg(test)]
mod tests {
    use super::guarded;

    #[test]
    fn a_panic_costs_one_document_its_events_and_nothing_else() {
        let mut out = Vec::new();
        for id in ["a", "b", "c"] {
            out.push(guarded(id, || {
                if id == "b" {
                    panic!("a bug on document b");
                }
                Vec::new()
            }));
        }
        assert_eq!(out.len(), 3);
    }
}
