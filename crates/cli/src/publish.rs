//! `demarche publish`: read inputs as `ingest` reads them and put each document
//! on the work queue for `demarche worker` to code, its content hash as the
//! message id (the queue drops a repeat published within its duplicate window).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use chrono::NaiveDate;

use demarche_ingest::WebDocument;
use demarche_queue::{Queue, QueueError, QueueOptions, QueuedDocument};

pub struct Options {
    pub queue: String,
    pub queue_options: QueueOptions,
    pub inputs: Vec<PathBuf>,
    /// Publication date for documents that carry none (the worker uses it).
    pub date: Option<NaiveDate>,
}

pub fn run(opts: Options) -> Result<ExitCode> {
    let started = Instant::now();
    let queue = Queue::connect(&opts.queue, opts.queue_options.clone())?;
    let mut publisher = queue.publisher();
    let mut too_large = 0usize;
    let tally = {
        let publisher = &mut publisher;
        let too_large = &mut too_large;
        let mut sink = |web: WebDocument| -> Result<()> {
            let hash = crate::ingest::content_hash(&web.doc.text);
            match publisher.publish(&QueuedDocument::new(web, opts.date), &hash) {
                // One document too large for the server loses only itself.
                Err(e @ QueueError::TooLarge { .. }) => {
                    *too_large += 1;
                    eprintln!("error: {e}");
                    Ok(())
                }
                other => other.with_context(|| format!("publishing to {}", opts.queue)),
            }
        };
        crate::inputs::Inputs::read(&opts.inputs, &mut sink)?
    };
    let sent = publisher
        .finish()
        .with_context(|| format!("publishing to {}", opts.queue))?;
    let secs = started.elapsed().as_secs_f64();
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "queue              {} (stream {})",
        opts.queue, opts.queue_options.stream
    )?;
    writeln!(out, "documents read     {:>8}", tally.read)?;
    writeln!(out, "published          {:>8}", sent.published)?;
    writeln!(
        out,
        "duplicates         {:>8}  (dropped by the queue: published before)",
        sent.duplicates
    )?;
    if too_large > 0 {
        writeln!(
            out,
            "too large          {:>8}  (over the server's max_payload)",
            too_large
        )?;
    }
    tally.write_failures(&mut out)?;
    writeln!(
        out,
        "time               {:>8.1} s, {:.0} articles/s",
        secs,
        tally.read as f64 / secs.max(1e-3)
    )?;
    if tally.failed_total() + too_large > 0 {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
