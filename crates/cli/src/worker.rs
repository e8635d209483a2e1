//! `demarche worker`: take documents from the work queue, code them as `ingest`
//! does, and store them, a batch a transaction. Any number of workers, on any
//! machines, share one queue and one store.
//!
//! What each guarantee rests on:
//! - nothing is lost: a message is acknowledged only after the transaction
//!   holding its document has committed; one that is not (a worker killed, a
//!   failed write) is delivered again by the queue after the ack wait;
//! - nothing is stored twice: a document whose content hash is stored is not
//!   coded again, and the store keeps one document per content hash whatever
//!   races between workers;
//! - a batch being coded is not handed to another worker meanwhile: the
//!   worker tells the queue it is in progress every third of the ack wait.
//!
//! SIGTERM or SIGINT: the batch in hand is finished, written and acknowledged,
//! then the worker exits (a second signal exits at once, losing nothing: the
//! batch is redelivered). With `--exit-when-idle SECS` it also exits once the
//! queue has held no message, delivered or not, for SECS seconds: a backfill
//! or a test ends when the queue is drained, never while another worker still
//! holds documents that may come back.

use std::io::Write;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use demarche_ingest::WebDocument;
use demarche_knowledge::Knowledge;
use demarche_queue::{Delivery, Queue, QueueOptions};

use crate::ingest::Coding;

pub struct Options {
    pub queue: String,
    pub queue_options: QueueOptions,
    pub store: crate::StoreLocation,
    pub threads: Option<usize>,
    /// Messages a batch, and so a transaction.
    pub batch: usize,
    /// Exit after the queue has been empty this long.
    pub exit_when_idle: Option<Duration>,
}

/// How long one pull waits for documents before looking at the signals again.
const PULL_WAIT: Duration = Duration::from_secs(2);

pub fn run(k: &Knowledge, opts: Options) -> Result<ExitCode> {
    let started = Instant::now();
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT] {
        // The first signal asks for a clean stop; a second, with the flag set,
        // ends the process at once (exit code 1).
        signal_hook::flag::register_conditional_shutdown(signal, 1, stop.clone())
            .and_then(|_| signal_hook::flag::register(signal, stop.clone()))
            .context("listening for SIGTERM and SIGINT")?;
    }
    let forums = crate::forum::load_forums(k)?;
    let mut store = crate::open_store(&opts.store, true)?;
    let pool = crate::parallel::Pool::new(opts.threads)?;
    let backfilled = crate::forum::backfill_facts(k, &forums, &pool, store.as_mut())?;
    if backfilled > 0 {
        eprintln!("forum facts read from {backfilled} document(s) stored before they were kept");
    }
    let queue = Queue::connect(&opts.queue, opts.queue_options.clone())?;
    let worker = queue.worker()?;
    let batch = opts.batch.max(1);
    // One batch of messages is one transaction: the batch is written when the
    // messages run out, never before.
    let mut coding = Coding::new(k, &forums, pool, usize::MAX);
    let (mut messages, mut failed, mut batches, mut redelivered) = (0usize, 0usize, 0usize, 0usize);
    // A worker told to exit when idle looks at the queue at least that often.
    let pull_wait = opts.exit_when_idle.map_or(PULL_WAIT, |i| i.min(PULL_WAIT));
    // When the queue was first seen empty, since when it has stayed so.
    let mut idle_since: Option<Instant> = None;
    eprintln!(
        "worker: {} (stream {}) into {}, batches of {batch} on {} coding thread(s)",
        opts.queue,
        opts.queue_options.stream,
        opts.store,
        coding.pool.threads()
    );
    while !stop.load(Ordering::Relaxed) {
        let deliveries = worker.fetch(batch, pull_wait)?;
        if deliveries.is_empty() {
            if let Some(idle) = opts.exit_when_idle {
                // Messages another worker holds unacknowledged may come back.
                if worker.backlog()?.is_empty() {
                    let since = *idle_since.get_or_insert_with(Instant::now);
                    if since.elapsed() >= idle {
                        break;
                    }
                } else {
                    idle_since = None;
                }
            }
            continue;
        }
        idle_since = None;
        let alive = worker.keep_alive(&deliveries);
        let mut refused: Vec<&Delivery> = Vec::new();
        let mut coded = || -> Result<()> {
            for d in &deliveries {
                match d.document.clone().and_then(|q| {
                    let default_date = q.default_date;
                    q.into_document().map(|(doc, url)| (doc, url, default_date))
                }) {
                    Ok((doc, url, default_date)) => {
                        coding.add(store.as_mut(), WebDocument { doc, url }, default_date)?
                    }
                    Err(reason) => {
                        eprintln!("error: message {} of the queue: {reason}", d.sequence);
                        refused.push(d);
                    }
                }
            }
            coding.flush(store.as_mut())
        };
        if let Err(e) = coded() {
            // Not stored: handed back for another try, by this or another worker.
            drop(alive);
            if let Err(nak) = worker.nak(&deliveries) {
                eprintln!("error: {nak:#} (the batch comes back after the ack wait)");
            }
            return Err(e);
        }
        drop(alive);
        let (good, bad): (Vec<&Delivery>, Vec<&Delivery>) = deliveries
            .iter()
            .partition(|d| !refused.iter().any(|r| std::ptr::eq(*r, *d)));
        worker.ack_each(&good)?;
        worker.term_each(&bad)?;
        messages += deliveries.len();
        redelivered += deliveries.iter().filter(|d| d.delivered > 1).count();
        failed += bad.len();
        batches += 1;
        tracing::info!(
            batch = deliveries.len(),
            stored = coding.stored.documents,
            "batch written and acknowledged"
        );
    }
    let secs = started.elapsed().as_secs_f64();
    let counts = store.counts()?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "queue              {} (stream {})",
        opts.queue, opts.queue_options.stream
    )?;
    writeln!(out, "store              {}", opts.store)?;
    writeln!(
        out,
        "messages           {messages:>8} in {batches} batch(es)"
    )?;
    writeln!(
        out,
        "redelivered        {redelivered:>8}  (taken before by a worker that did not acknowledge)"
    )?;
    coding.write_stored(&mut out)?;
    writeln!(out, "failed             {failed:>8}")?;
    coding.write_added(&mut out, &counts, messages, secs)?;
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
