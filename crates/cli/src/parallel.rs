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
            let a = AnnotatedDoc::new(k, d, default_date);
            let events = coder.code_annotated(&a);
            f(item, &a, events)
        };
        if self.threads == 1 {
            return items.iter().map(one).collect();
        }
        self.pool.install(|| items.par_iter().map(one).collect())
    }
}
