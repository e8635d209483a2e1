//! The `demarche` command: code reports, score against gold, benchmark, check data,
//! and keep events in a store (ingest, query, export).

// Loading the knowledge allocates tens of thousands of small strings and maps;
// mimalloc makes that about a fifth faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod atomic;
mod bench;
mod bench_api;
mod columnar;
mod data;
mod eval;
mod export;
mod forum;
mod ingest;
mod input;
mod inputs;
mod location;
mod output;
mod parallel;
mod publish;
mod query;
mod serve;
mod worker;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Result};
use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

use demarche_coder::RuleCoder;
use demarche_knowledge::Knowledge;

#[derive(Parser)]
#[command(
    name = "demarche",
    version,
    about = "Codes news reports into dated who-did-what-to-whom events (CAMEO, PLOVER)"
)]
struct Cli {
    /// Data directory (actors, patterns, ontology, forums) to use instead of the
    /// data built into demarche. Default: $DEMARCHE_DATA, else the built-in data.
    #[arg(long, global = true, value_name = "DIR")]
    data: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Table,
    Jsonl,
    Tsv,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ActorFormat {
    Table,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Code files (text, HTML or JSON Lines; `-` is stdin) into events.
    Code {
        /// Publication date for documents that carry none (YYYY-MM-DD).
        #[arg(long, value_parser = parse_day)]
        date: Option<NaiveDate>,
        /// table: aligned columns for reading; jsonl: one event a line with evidence
        /// spans and words; tsv: tab-separated with a header, evidence words included.
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
        /// The doc_id to write for a single document (default: its JSONL `id`, else
        /// the file name), e.g. to score one report against a gold item.
        #[arg(long, value_name = "ID")]
        doc_id: Option<String>,
        /// Threads that code documents (default: every core); output keeps the
        /// input's order whatever the number.
        #[arg(long, value_name = "N")]
        threads: Option<usize>,
        /// Input files; `-` or nothing reads stdin.
        files: Vec<String>,
    },
    /// Code every gold item and score it by the rule of ../shared/gold/score.py.
    Eval {
        /// Gold items as JSON Lines (../shared/gold/dev.jsonl).
        gold: PathBuf,
        /// Figures per gold tag.
        #[arg(long)]
        by_tag: bool,
        /// List every false positive and false negative.
        #[arg(long)]
        misses: bool,
        /// Also write the predictions as JSON Lines (what score.py reads).
        #[arg(long, value_name = "FILE")]
        predictions: Option<PathBuf>,
    },
    /// Measure coding speed on a JSON Lines corpus against a bare Aho-Corasick scan.
    Bench {
        /// A JSON Lines corpus, gzip-compressed or not.
        corpus: PathBuf,
        /// Code at most this many documents.
        #[arg(long)]
        limit: Option<usize>,
        /// Threads for the all-cores run (default: every core).
        #[arg(long)]
        threads: Option<usize>,
    },
    /// Measure the API (requests/s, p50, p99 of the dyad series and the events
    /// listing at several numbers of connections) on a store of synthetic events.
    BenchApi {
        /// Store to fill and keep (reused when it holds enough events): a file
        /// (SQLite) or a postgres:// URL; default: a temporary file, removed afterwards.
        #[arg(long, value_name = "PATH|URL")]
        store: Option<StoreLocation>,
        /// Distinct events to generate (about; repeats are merged as in ingest).
        #[arg(long, default_value_t = 1_000_000)]
        events: usize,
        /// Requests to time, for each kind of request at each number of connections.
        #[arg(long, default_value_t = 2_000)]
        requests: usize,
        /// Seed of the synthetic data and of the requests.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Concurrent keep-alive connections, one run each (comma-separated).
        #[arg(long, value_delimiter = ',', default_value = "1,8,64")]
        connections: Vec<usize>,
        /// Serve without the cache of weekly series (every series computed).
        #[arg(long)]
        no_cache: bool,
    },
    /// Load and validate every data file; print counts per kind.
    CheckData,
    /// Code files, directories, RSS/Atom feeds and WARC files into the event store.
    Ingest {
        /// The store: a file (SQLite) or a postgres:// URL; created when absent.
        #[arg(long, default_value = "demarche.db", value_name = "PATH|URL")]
        store: StoreLocation,
        /// Publication date for documents that carry none (YYYY-MM-DD).
        #[arg(long, value_parser = parse_day)]
        date: Option<NaiveDate>,
        /// Documents per transaction.
        #[arg(long, default_value_t = 200, hide = true)]
        batch_size: usize,
        /// Threads that code documents (default: every core); one writes the store.
        #[arg(long, value_name = "N")]
        threads: Option<usize>,
        /// Files or directories (walked recursively): .txt, .html, .jsonl, feeds
        /// (.rss, .atom, .xml), WARC (.warc, .warc.gz).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
    },
    /// Put documents on a NATS JetStream work queue for `worker`s to code: the
    /// inputs of `ingest`, each document once (its content hash is its id).
    Publish {
        /// The NATS server (started with JetStream: nats-server -js).
        #[arg(long, value_name = "nats://HOST:PORT")]
        queue: String,
        /// The stream (a queue of its own on the server).
        #[arg(long, default_value = demarche_queue::DEFAULT_STREAM)]
        stream: String,
        /// Publication date for documents that carry none (YYYY-MM-DD).
        #[arg(long, value_parser = parse_day)]
        date: Option<NaiveDate>,
        /// Files or directories, as `ingest` takes them.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
    },
    /// Code documents from the work queue into the store, a batch a
    /// transaction, acknowledged once committed; any number at once.
    Worker {
        /// The NATS server `publish` wrote to.
        #[arg(long, value_name = "nats://HOST:PORT")]
        queue: String,
        /// The stream to take documents from.
        #[arg(long, default_value = demarche_queue::DEFAULT_STREAM)]
        stream: String,
        /// The store: a file (SQLite, one machine) or a postgres:// URL.
        #[arg(long, default_value = "demarche.db", value_name = "PATH|URL")]
        store: StoreLocation,
        /// Threads that code documents (default: every core).
        #[arg(long, value_name = "N")]
        threads: Option<usize>,
        /// Documents a batch (one transaction, acknowledged together).
        #[arg(long, default_value_t = 200, value_name = "N")]
        batch: usize,
        /// Seconds a taken document may go unacknowledged before the queue
        /// gives it to another worker (a setting of the shared consumer: the
        /// worker started last sets it for all).
        #[arg(long, default_value_t = 60.0, value_name = "SECS")]
        ack_wait: f64,
        /// Exit once the queue has held no document, delivered or not, for
        /// SECS seconds (for backfills and tests); otherwise wait for more
        /// until SIGTERM.
        #[arg(long, value_name = "SECS")]
        exit_when_idle: Option<f64>,
    },
    /// Events from the store, filtered by actor, code and date.
    Query {
        /// The store to read: a file (SQLite) or a postgres:// URL.
        #[arg(long, default_value = "demarche.db", value_name = "PATH|URL")]
        store: StoreLocation,
        #[command(flatten)]
        filters: export::Filters,
        /// table: aligned columns for reading; csv and jsonl: every column, for programs.
        #[arg(long, value_enum, default_value = "table")]
        format: query::QueryFormat,
        /// At most this many events.
        #[arg(long)]
        limit: Option<usize>,
    },
    /// Write the stored events (every one, or those the filters keep) as GDELT 2.0 rows,
    /// PLOVER records, CSV, JSON Lines or Parquet.
    Export {
        /// The store to read: a file (SQLite) or a postgres:// URL.
        #[arg(long, default_value = "demarche.db", value_name = "PATH|URL")]
        store: StoreLocation,
        /// gdelt: the 61 columns of GDELT 2.0 events; plover: PLOVER records as JSON
        /// Lines; csv and jsonl: the columns of `query`; parquet: typed columns (needs --out).
        #[arg(long, value_enum)]
        format: export::ExportFormat,
        /// Output file; standard output when absent.
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
        /// gdelt: write the column names first (GDELT's own files have none).
        #[arg(long)]
        header: bool,
        #[command(flatten)]
        filters: export::Filters,
    },
    /// The state of a dialogue forum on a date (status, last meeting, cadence,
    /// suspensions, blockers), read from the given reports or the store.
    Forum {
        /// The forum's name, acronym or variant ("NATO-Russia Council", "NRC").
        #[arg(required_unless_present = "all")]
        name: Option<String>,
        /// Every forum, one line each.
        #[arg(long)]
        all: bool,
        /// The date the status is for (YYYY-MM-DD); also the publication date of
        /// documents that carry none, unless --date is given.
        #[arg(long, value_parser = parse_day)]
        as_of: NaiveDate,
        /// Publication date for documents that carry none (YYYY-MM-DD).
        #[arg(long, value_parser = parse_day)]
        date: Option<NaiveDate>,
        /// table: for reading, with each fact's evidence words; json: every field.
        #[arg(long, value_enum, default_value = "table")]
        format: forum::ForumFormat,
        /// Reports (text, HTML or JSON Lines; `-` is stdin); none: the store's.
        docs: Vec<String>,
        /// The store read when no reports are given: a file (SQLite) or a
        /// postgres:// URL.
        #[arg(long, default_value = "demarche.db", value_name = "PATH|URL")]
        store: StoreLocation,
    },
    /// Serve the store: a JSON API under /api and an HTML dashboard.
    Serve {
        /// The store to serve: a file (SQLite) or a postgres:// URL; it must
        /// exist unless --token is given.
        #[arg(long, default_value = "demarche.db", value_name = "PATH|URL")]
        store: StoreLocation,
        /// Address to listen on; port 0 picks a free one (printed at start).
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// Bearer token that POST /api/documents must carry (default:
        /// $DEMARCHE_TOKEN); without one the server refuses every write.
        #[arg(long)]
        token: Option<String>,
        /// Largest request body in bytes.
        #[arg(long, default_value_t = demarche_server::DEFAULT_MAX_BODY)]
        max_body: usize,
        /// Most connections open at once (also bounded by the open-file limit);
        /// a new one closes the connection idle longest.
        #[arg(long, default_value_t = 4096)]
        max_connections: usize,
        /// Seconds a request may take, body and store work included (then 503).
        #[arg(long, default_value_t = 30.0, value_name = "SECS")]
        request_timeout: f64,
        /// Seconds a client may take to send a request's headers, and to start
        /// the next request on a kept-alive connection.
        #[arg(long, default_value_t = 10.0, value_name = "SECS")]
        header_timeout: f64,
        /// Seconds a connection may move no byte while no request is in flight.
        #[arg(long, default_value_t = 60.0, value_name = "SECS")]
        idle_timeout: f64,
        /// Connections reading the store beside the writer.
        #[arg(long, default_value_t = 8)]
        readers: usize,
        /// Weekly dyad series kept until the store changes (0: none kept).
        #[arg(long, default_value_t = 4096)]
        series_cache: usize,
    },
    /// Print each sentence's tokens as JSON Lines ({"doc","words","spaces"}), the
    /// way the coder splits them: the input of `tools/silver.py`, which has a
    /// reference parser annotate them to train the tagger and parser.
    #[command(hide = true)]
    Tokens {
        /// Input files; `-` or nothing reads stdin.
        files: Vec<String>,
    },
    /// Print the tags and dependency parse of each sentence of a text (CoNLL-U
    /// columns ID FORM - - TAG - HEAD LABEL), as the coder sees them.
    #[command(hide = true)]
    Parse {
        /// The text to parse.
        text: String,
    },
    /// The data files: write the built-in ones out to edit them.
    Data {
        #[command(subcommand)]
        action: DataAction,
    },
    /// Resolve a mention ("the German foreign minister", "Kremlin") on a date.
    Actor {
        /// The date the mention is read on (YYYY-MM-DD): who held an office then.
        #[arg(long, value_parser = parse_day)]
        on: NaiveDate,
        /// table: for reading; json: one object.
        #[arg(long, value_enum, default_value = "table")]
        format: ActorFormat,
        /// The words to resolve, as they would stand in a report ("the Kremlin").
        text: String,
    },
}

#[derive(Subcommand)]
enum DataAction {
    /// Write every data file (the built-in ones, or those of --data) into DIR,
    /// to edit them and use them with --data DIR.
    Export {
        /// A new or empty directory; no file in it is overwritten.
        dir: PathBuf,
    },
}

/// A positive duration from a number of seconds.
fn seconds(flag: &str, secs: f64) -> Result<std::time::Duration> {
    if !(secs > 0.0 && secs.is_finite()) {
        bail!("{flag} must be a positive number of seconds, not {secs}");
    }
    Ok(std::time::Duration::from_secs_f64(secs))
}

/// The queue's options for `--stream` (and the worker's `--ack-wait`).
fn queue_options(
    stream: &str,
    ack_wait: Option<std::time::Duration>,
) -> Result<demarche_queue::QueueOptions> {
    let mut o = demarche_queue::QueueOptions::for_stream(stream).map_err(anyhow::Error::msg)?;
    if let Some(w) = ack_wait {
        o.ack_wait = w;
    }
    Ok(o)
}

fn parse_day(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| format!("{s:?} is not YYYY-MM-DD: {e}"))
}

pub fn load_knowledge(data: &data::Located) -> Result<Knowledge> {
    Knowledge::load_from(&data.data).map_err(|e| {
        for err in &e.0 {
            eprintln!("error: {err}");
        }
        anyhow::anyhow!("{} problem(s) in {}", e.0.len(), data.origin)
    })
}

pub use location::StoreLocation;

/// The event store `--store` names: a SQLite file, or a PostgreSQL database by
/// its `postgres://` URL (see [`StoreLocation`]). `create`: make it when absent
/// (ingest); readers need one that exists.
pub fn open_store(
    store: &StoreLocation,
    create: bool,
) -> Result<Box<dyn demarche_store::EventStore + Send>> {
    store.open(create)
}

fn main() -> ExitCode {
    use std::io::IsTerminal;
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_env("DEMARCHE_LOG"))
        .with_writer(std::io::stderr)
        // Colour codes only for a terminal, never in a log file.
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        // A closed pipe (`demarche code ... | head`) is the reader's choice, not an error.
        Err(e)
            if e.chain().any(|c| {
                let pipe = std::io::ErrorKind::BrokenPipe;
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == pipe)
                    // (JSON lines are written through serde_json, which wraps the error.)
                    || c.downcast_ref::<serde_json::Error>()
                        .is_some_and(|j| j.io_error_kind() == Some(pipe))
            }) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let dir = data::locate(cli.data);
    match cli.command {
        Command::Code {
            date,
            format,
            doc_id,
            threads,
            files,
        } => {
            let k = load_knowledge(&dir)?;
            code(&k, date, format, doc_id.as_deref(), &files, threads)
        }
        Command::Eval {
            gold,
            by_tag,
            misses,
            predictions,
        } => {
            let k = load_knowledge(&dir)?;
            eval::run(&k, &gold, by_tag, misses, predictions.as_deref())
        }
        Command::Bench {
            corpus,
            limit,
            threads,
        } => bench::run(&dir, &corpus, limit, threads),
        Command::BenchApi {
            store,
            events,
            requests,
            seed,
            connections,
            no_cache,
        } => bench_api::run(
            &dir,
            bench_api::Options {
                store,
                events,
                requests,
                seed,
                connections,
                no_cache,
            },
        ),
        Command::CheckData => check_data(&dir),
        Command::Ingest {
            store,
            date,
            batch_size,
            threads,
            inputs,
        } => {
            let k = load_knowledge(&dir)?;
            ingest::run(
                &k,
                ingest::Options {
                    store,
                    inputs,
                    date,
                    batch_size,
                    threads,
                },
            )
        }
        Command::Publish {
            queue,
            stream,
            date,
            inputs,
        } => publish::run(publish::Options {
            queue,
            queue_options: queue_options(&stream, None)?,
            inputs,
            date,
        }),
        Command::Worker {
            queue,
            stream,
            store,
            threads,
            batch,
            ack_wait,
            exit_when_idle,
        } => {
            let k = load_knowledge(&dir)?;
            worker::run(
                &k,
                worker::Options {
                    queue,
                    queue_options: queue_options(&stream, Some(seconds("--ack-wait", ack_wait)?))?,
                    store,
                    threads,
                    batch,
                    exit_when_idle: exit_when_idle
                        .map(|s| seconds("--exit-when-idle", s))
                        .transpose()?,
                },
            )
        }
        Command::Query {
            store,
            filters,
            format,
            limit,
        } => {
            let filter = demarche_store::EventFilter {
                limit,
                ..filters.into_filter()
            };
            let k = load_knowledge(&dir)?;
            query::run(&store, &serve::vocabulary(&k), filter, format)
        }
        Command::Export {
            store,
            format,
            out,
            header,
            filters,
        } => {
            // The knowledge reads actor names and checks codes: only when asked to.
            let vocabulary = if filters.is_empty() {
                None
            } else {
                Some(serve::vocabulary(&load_knowledge(&dir)?))
            };
            export::run(
                &store,
                format,
                out.as_deref(),
                header,
                filters.into_filter(),
                vocabulary.as_ref(),
            )
        }
        Command::Forum {
            name,
            all,
            as_of,
            date,
            format,
            docs,
            store,
        } => {
            let k = load_knowledge(&dir)?;
            forum::run(
                &k,
                forum::Options {
                    name,
                    all,
                    as_of,
                    date,
                    format,
                    docs,
                    store,
                },
            )
        }
        Command::Serve {
            store,
            addr,
            token,
            max_body,
            max_connections,
            request_timeout,
            header_timeout,
            idle_timeout,
            readers,
            series_cache,
        } => {
            let k = load_knowledge(&dir)?;
            let token = token
                .or_else(|| std::env::var("DEMARCHE_TOKEN").ok())
                .filter(|t| !t.trim().is_empty());
            serve::run(
                k,
                serve::Options {
                    store,
                    addr,
                    token,
                    max_body,
                    limits: demarche_server::Limits {
                        header_timeout: seconds("--header-timeout", header_timeout)?,
                        request_timeout: seconds("--request-timeout", request_timeout)?,
                        idle_timeout: seconds("--idle-timeout", idle_timeout)?,
                        max_connections: max_connections.max(1),
                    },
                    readers: readers.max(1),
                    series_cache,
                },
            )
        }
        Command::Parse { text } => {
            let k = load_knowledge(&dir)?;
            let doc = demarche_ingest::Document::new("parse", text);
            let mut out = std::io::stdout().lock();
            for s in demarche_coder::body_sentences(&k, &doc) {
                let tokens = demarche_text::tokenize(&doc.text, s.span);
                let words: Vec<&str> = tokens.iter().map(|t| t.span.of(&doc.text)).collect();
                let p = k.syntax.parse(&words);
                for (i, w) in words.iter().enumerate() {
                    let head = p.heads[i].map_or(0, |h| h + 1);
                    writeln!(out, "{}\t{w}\t{}\t{head}\t{}", i + 1, p.tags[i], p.deps[i])?;
                }
                writeln!(out)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Tokens { files } => {
            let k = load_knowledge(&dir)?;
            tokens(&k, &files)
        }
        Command::Data {
            action: DataAction::Export { dir: out },
        } => data::export(&dir.data, &out),
        Command::Actor { on, format, text } => {
            let k = load_knowledge(&dir)?;
            actor(&k, on, format, &text)
        }
    }
}

fn code(
    k: &Knowledge,
    date: Option<NaiveDate>,
    format: Format,
    doc_id: Option<&str>,
    files: &[String],
    threads: Option<usize>,
) -> Result<ExitCode> {
    let coder = RuleCoder::new(k);
    let pool = parallel::Pool::new(threads)?;
    let stdout = std::io::stdout();
    let mut out = output::Writer::new(std::io::BufWriter::new(stdout.lock()), format);
    let files: Vec<String> = if files.is_empty() {
        vec!["-".into()]
    } else {
        files.to_vec()
    };
    let mut failed = 0usize;
    let mut coded = 0usize;
    let mut chunk: Vec<demarche_ingest::Document> = Vec::new();
    // Codes the gathered documents on the pool and writes their events in order.
    let flush =
        |chunk: &mut Vec<demarche_ingest::Document>, out: &mut output::Writer<_>| -> Result<()> {
            let events = pool.code(k, &coder, chunk, |d| d, date, |_, _, events| events);
            for (doc, events) in chunk.iter().zip(events) {
                out.write_events(doc, &events)?;
            }
            chunk.clear();
            Ok(())
        };
    for file in &files {
        input::for_each_document(file, |doc| {
            match doc {
                Ok(mut doc) => {
                    coded += 1;
                    if let Some(id) = doc_id {
                        // One id for several documents would merge them in any scorer.
                        if coded > 1 {
                            anyhow::bail!("--doc-id names one document; the input holds more");
                        }
                        doc.id = id.to_string();
                    }
                    chunk.push(doc);
                    if chunk.len() >= parallel::CHUNK {
                        flush(&mut chunk, &mut out)?;
                    }
                }
                Err(e) => {
                    failed += 1;
                    eprintln!("error: {e}");
                }
            }
            Ok(())
        })?;
    }
    flush(&mut chunk, &mut out)?;
    out.finish()?;
    tracing::info!(coded, failed, "done");
    if failed > 0 {
        eprintln!("{failed} document(s) failed; {coded} coded");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn tokens(k: &Knowledge, files: &[String]) -> Result<ExitCode> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut failed = 0usize;
    for file in files {
        input::for_each_document(file, |doc| {
            let doc = match doc {
                Ok(doc) => doc,
                Err(e) => {
                    failed += 1;
                    eprintln!("error: {e}");
                    return Ok(());
                }
            };
            for s in demarche_coder::body_sentences(k, &doc) {
                let tokens = demarche_text::tokenize(&doc.text, s.span);
                let words: Vec<&str> = tokens.iter().map(|t| t.span.of(&doc.text)).collect();
                let spaces: Vec<bool> = tokens
                    .iter()
                    .enumerate()
                    .map(|(i, t)| tokens.get(i + 1).is_some_and(|n| n.span.start > t.span.end))
                    .collect();
                serde_json::to_writer(
                    &mut out,
                    &serde_json::json!({"doc": doc.id, "words": words, "spaces": spaces}),
                )?;
                out.write_all(b"\n")?;
            }
            Ok(())
        })?;
    }
    out.flush()?;
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn check_data(dir: &data::Located) -> Result<ExitCode> {
    let started = std::time::Instant::now();
    let (k, errors) = Knowledge::load_lenient(&dir.data);
    let elapsed = started.elapsed();
    let c = k.actors.counts();
    let mut out = std::io::stdout().lock();
    writeln!(out, "data: {}", dir.origin)?;
    if dir.data.disk_root().is_none() {
        let (files, raw, packed) = data::embedded_size();
        writeln!(
            out,
            "built in: {files} files, {:.2} MB of text in {:.2} MB compressed",
            raw as f64 / 1e6,
            packed as f64 / 1e6
        )?;
    }
    writeln!(out, "cameo codes        {:>6}", k.ontology.len())?;
    writeln!(out, "states             {:>6}", c.states)?;
    writeln!(out, "seats of power     {:>6}", c.seats)?;
    writeln!(out, "organisations      {:>6}", c.organisations)?;
    writeln!(out, "people             {:>6}", c.people)?;
    writeln!(out, "places             {:>6}", c.places)?;
    writeln!(out, "person-roles       {:>6}", c.person_roles)?;
    writeln!(out, "memberships        {:>6}", k.memberships.len())?;
    writeln!(out, "role nouns         {:>6}", c.role_nouns)?;
    writeln!(out, "agents             {:>6}", c.agent_nouns)?;
    writeln!(out, "surface forms      {:>6}", c.surface_forms)?;
    writeln!(out, "event patterns     {:>6}", k.patterns.events.len())?;
    writeln!(out, "cues               {:>6}", k.patterns.cues.len())?;
    writeln!(out, "lexicon words      {:>6}", k.lexicon.len())?;
    writeln!(out, "verbs              {:>6}", k.verbs.len())?;
    writeln!(out, "verb blocks        {:>6}", k.verbs.block_count())?;
    writeln!(out, "verb patterns      {:>6}", k.verbs.pattern_count())?;
    writeln!(out, "synsets            {:>6}", k.verbs.synset_count())?;
    writeln!(out, "synset forms       {:>6}", k.verbs.synset_form_count())?;
    writeln!(out, "discards           {:>6}", k.discards.len())?;
    let (forums, forum_errors) = demarche_forums::Forums::load_lenient(&k.data, &k);
    let elapsed = elapsed.max(started.elapsed());
    writeln!(out, "forums             {:>6}", forums.forums.len())?;
    writeln!(out, "forum cues         {:>6}", forums.cues.len())?;
    let mut errors = errors;
    errors.extend(forum_errors);
    writeln!(out, "loaded in {:.1} ms", elapsed.as_secs_f64() * 1000.0)?;
    for e in &errors {
        writeln!(out, "error: {e}")?;
    }
    if errors.is_empty() {
        writeln!(out, "ok")?;
        Ok(ExitCode::SUCCESS)
    } else {
        writeln!(out, "{} error(s)", errors.len())?;
        Ok(ExitCode::from(1))
    }
}

fn actor(k: &Knowledge, on: NaiveDate, format: ActorFormat, text: &str) -> Result<ExitCode> {
    use demarche_ingest::Document;
    // Resolve the text as a sentence of its own, the way the coder sees mentions.
    let doc = Document::new("actor", text.to_string());
    let annotated = demarche_coder::AnnotatedDoc::new(k, &doc, Some(on));
    let found = annotated
        .sentences
        .first()
        .and_then(|s| s.mentions.first().cloned());
    let Some(m) = found else {
        eprintln!("{text:?} does not name a known actor on {on}");
        return Ok(ExitCode::from(1));
    };
    let mut out = std::io::stdout().lock();
    match format {
        ActorFormat::Json => writeln!(
            out,
            "{}",
            serde_json::json!({"actor": m.actor, "sector": m.sector.map(|s| s.as_str()), "name": m.name, "record": m.record, "text": &text[m.span.start..m.span.end]})
        )?,
        ActorFormat::Table => {
            writeln!(out, "actor   {}", m.actor)?;
            writeln!(out, "sector  {}", m.sector.map_or("-", |s| s.as_str()))?;
            writeln!(out, "name    {}", m.name)?;
            writeln!(
                out,
                "record  {}",
                m.record.as_deref().unwrap_or("out of office: nationality")
            )?;
        }
    }
    if m.actor.is_empty() {
        bail!("empty actor");
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// Every argument of every command says what it is for in `--help`.
    #[test]
    fn every_argument_has_help_text() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                if matches!(id, "help" | "version") {
                    continue;
                }
                if arg.get_help().is_none() && arg.get_long_help().is_none() {
                    missing.push(format!("{path} {id}"));
                }
            }
            for sub in cmd.get_subcommands() {
                if sub.get_about().is_none() {
                    missing.push(format!("{path} {} (the command)", sub.get_name()));
                }
                walk(sub, &format!("{path} {}", sub.get_name()), missing);
            }
        }
        let mut missing = Vec::new();
        walk(&super::Cli::command(), "demarche", &mut missing);
        assert!(missing.is_empty(), "arguments without help: {missing:#?}");
    }
}
