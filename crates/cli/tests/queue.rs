//! The scale-out path end to end, with real servers: `publish` to NATS
//! JetStream, `worker`s coding into PostgreSQL (or SQLite), one of them killed
//! with SIGKILL part way, another stopped with SIGTERM. The servers come from
//! `DEMARCHE_TEST_NATS` and `DEMARCHE_TEST_POSTGRES` (.ci/run starts both);
//! without them a test is skipped with the reason, and fails under `CI=true`.
//! Every child process has a deadline and is killed when its test ends.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use common::*;
use demarche_store::{DocumentFilter, EventFilter, EventStore, PostgresStore, SqliteStore};

/// A child process writing to files of its own, killed when dropped.
struct Proc {
    child: Child,
    name: String,
    out: PathBuf,
    err: PathBuf,
}

impl Proc {
    fn start(dir: &Path, name: &str, args: &[&str]) -> Proc {
        let out = dir.join(format!("{name}.out"));
        let err = dir.join(format!("{name}.err"));
        let child = demarche()
            .args(args)
            .stdout(Stdio::from(std::fs::File::create(&out).unwrap()))
            .stderr(Stdio::from(std::fs::File::create(&err).unwrap()))
            .spawn()
            .expect("demarche starts");
        Proc {
            child,
            name: name.into(),
            out,
            err,
        }
    }

    /// Waits for the process to end, at most `secs` seconds (then kills it and
    /// fails); its status and standard output.
    fn wait_within(&mut self, secs: u64) -> (ExitStatus, String) {
        let deadline = Instant::now() + Duration::from_secs(secs);
        let status = loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                break s;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                let _ = self.child.wait();
                panic!(
                    "{} did not finish within {secs} s; its errors:\n{}",
                    self.name,
                    self.stderr()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        (status, std::fs::read_to_string(&self.out).unwrap())
    }

    fn stderr(&self) -> String {
        std::fs::read_to_string(&self.err).unwrap_or_default()
    }

    /// Sends `signal` (a `kill` name: KILL, TERM) to the process.
    fn signal(&self, signal: &str) {
        let ok = Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(self.child.id().to_string())
            .status()
            .expect("kill runs")
            .success();
        assert!(ok, "sending SIG{signal} to {}", self.name);
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The test servers, or `None` with the reason printed (a failure under CI).
fn servers(name: &str) -> Option<(String, String)> {
    let nats = demarche_queue::testing::nats_url()?;
    let pg = demarche_store::testing::postgres_url(name)?;
    Some((nats, pg))
}

/// A stream of the test's own on the shared server.
fn stream(name: &str) -> String {
    format!("TEST_{}_{name}", std::process::id())
}

/// The number printed after `label` on a summary line of `out`.
fn figure(out: &str, label: &str) -> usize {
    let line = out
        .lines()
        .find(|l| l.starts_with(label))
        .unwrap_or_else(|| panic!("no {label:?} line in:\n{out}"));
    line[label.len()..]
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no number in {line:?}"))
}

/// Waits until `cond` holds, at most `secs` seconds.
fn wait_until(secs: u64, what: &str, mut cond: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(secs);
    while !cond() {
        assert!(Instant::now() < deadline, "{what} within {secs} s");
        std::thread::sleep(Duration::from_millis(20));
    }
}

type Doc = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    usize,
    usize,
);

/// Documents, events (with their report counts) and the counts of a store: what
/// must be equal whichever way the store was filled.
#[derive(Debug, PartialEq)]
struct Contents {
    counts: (u64, u64, u64, u64),
    /// Id, date, outlet, title, text length and events reported, a document.
    documents: BTreeSet<Doc>,
    events: Vec<(String, String, String, String, u64, u64)>,
}

fn contents(s: &dyn EventStore) -> Contents {
    let c = s.counts().unwrap();
    let mut documents = BTreeSet::new();
    s.documents(&DocumentFilter::default(), &mut |d| {
        documents.insert((
            d.doc_id,
            d.date,
            d.outlet,
            d.title,
            d.text.len(),
            d.events.len(),
        ));
        Ok(())
    })
    .unwrap();
    let mut events = Vec::new();
    s.events(&EventFilter::default(), &mut |e| {
        events.push((
            e.date,
            e.source.code,
            e.target.code,
            e.code,
            e.num_mentions,
            e.num_articles,
        ));
        Ok(())
    })
    .unwrap();
    // Ids follow the order documents were stored in, which differs: compare as sets.
    events.sort();
    Contents {
        counts: (c.documents, c.events, c.mentions, c.actors),
        documents,
        events,
    }
}

/// The first `n` articles of the news corpus, in a file of the test's own.
fn corpus_slice(shared: &Path, dir: &Path, n: usize) -> PathBuf {
    let corpus = shared.join("corpora/news-articles-2017/news_articles_2017.jsonl");
    let text = std::fs::read_to_string(&corpus).unwrap();
    let lines: Vec<&str> = text.lines().take(n).collect();
    assert_eq!(lines.len(), n, "{} holds {n} articles", corpus.display());
    let path = dir.join("slice.jsonl");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

fn publish(nats: &str, stream: &str, input: &Path) -> (ExitStatus, String) {
    let o = output_within(
        demarche()
            .args(["publish", "--queue", nats, "--stream", stream])
            .arg(input),
        120,
    );
    (o.status, stdout(&o))
}

/// The test: no document lost, none stored twice, when a worker is
/// killed part way and started again; the store then holds exactly what one
/// SQLite `ingest` of the same articles holds.
#[test]
#[cfg_attr(
    not(shared_data),
    ignore = "needs ../shared (gold data and corpora); set CI=true to require it"
)]
fn two_workers_one_killed_store_exactly_what_one_ingest_stores() {
    let Some(shared) = shared() else { return };
    let Some((nats, pg)) = servers("queue_kill") else {
        return;
    };
    const ARTICLES: usize = 1000;
    let dir = tempdir("queue-kill");
    let slice = corpus_slice(&shared, &dir, ARTICLES);
    let stream = stream("kill");

    let (status, out) = publish(&nats, &stream, &slice);
    assert!(status.success(), "{out}");
    assert_eq!(figure(&out, "published"), ARTICLES, "{out}");

    // The schema is made before the workers start, so that it can be watched.
    let watch = PostgresStore::open(&pg).unwrap();
    let worker = |name: &str| {
        Proc::start(
            &dir,
            name,
            &[
                "worker",
                "--queue",
                &nats,
                "--stream",
                &stream,
                "--store",
                &pg,
                "--threads",
                "1",
                "--batch",
                "25",
                "--ack-wait",
                "3",
                "--exit-when-idle",
                "2",
            ],
        )
    };
    let mut a = worker("worker-a");
    let mut b = worker("worker-b");
    // Part way: some batches committed, most of the queue still to code.
    let stored = || watch.counts().unwrap().documents as usize;
    wait_until(240, "a fifth of the articles stored", || {
        stored() >= ARTICLES / 5
    });
    a.signal("KILL");
    let (status, _) = a.wait_within(30);
    assert!(!status.success(), "worker-a was killed");
    let at_kill = stored();
    assert!(
        at_kill < ARTICLES,
        "the kill came part way ({at_kill} of {ARTICLES} stored)"
    );
    let mut a2 = worker("worker-a-again");

    let (status_b, out_b) = b.wait_within(600);
    let (status_a2, out_a2) = a2.wait_within(600);
    assert!(status_b.success(), "{out_b}\n{}", b.stderr());
    assert!(status_a2.success(), "{out_a2}\n{}", a2.stderr());
    // The killed worker held a batch it had not acknowledged: another took it.
    let redelivered = figure(&out_b, "redelivered") + figure(&out_a2, "redelivered");
    assert!(
        redelivered > 0,
        "the killed worker's batch came back:\n{out_b}\n{out_a2}"
    );

    let sqlite = dir.join("one.db");
    let o = output_within(
        demarche()
            .args(["ingest", "--store"])
            .arg(&sqlite)
            .arg(&slice),
        600,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let one = contents(&SqliteStore::open(&sqlite).unwrap());
    let many = contents(&watch);
    assert_eq!(one.counts.0 as usize, ARTICLES, "every article once");
    assert!(one.counts.1 > 0 && one.counts.2 >= one.counts.1);
    assert_eq!(
        many.counts, one.counts,
        "documents, events, mentions, actors"
    );
    assert_eq!(many.documents, one.documents);
    assert_eq!(many.events, one.events);
    println!(
        "kill test: {} documents, {} events, {} mentions, {} actors; worker-a killed at \
         {at_kill} stored, {redelivered} message(s) redelivered",
        many.counts.0, many.counts.1, many.counts.2, many.counts.3
    );
}

/// Publishing the same inputs twice queues each document once: the queue
/// drops repeats by content hash, a bad line is reported and skipped, and one
/// worker drains exactly the distinct documents into a SQLite store.
#[test]
fn publishing_twice_queues_each_document_once() {
    let Some(nats) = demarche_queue::testing::nats_url() else {
        return;
    };
    let dir = tempdir("queue-twice");
    let input = dir.join("docs.jsonl");
    let mut lines: Vec<String> = (0..30)
        .map(|i| {
            serde_json::json!({
                "id": format!("d{i}"),
                "date": "2017-03-08",
                "text": format!("Turkey accused Russia of violating the ceasefire, report {i} said."),
            })
            .to_string()
        })
        .collect();
    // The same article again under another id, and a line that is no JSON.
    lines.push(lines[3].replace("\"d3\"", "\"d3-again\""));
    lines.push("{\"id\": \"broken\", \"text\": ".into());
    std::fs::write(&input, lines.join("\n") + "\n").unwrap();
    let stream = stream("twice");

    let (status, first) = publish(&nats, &stream, &input);
    assert_eq!(status.code(), Some(1), "a bad line fails the run:\n{first}");
    assert_eq!(figure(&first, "documents read"), 32, "{first}");
    assert_eq!(figure(&first, "published"), 30, "{first}");
    assert_eq!(figure(&first, "duplicates"), 1, "{first}");
    assert_eq!(figure(&first, "failed"), 1, "{first}");
    let (_, second) = publish(&nats, &stream, &input);
    assert_eq!(figure(&second, "published"), 0, "{second}");
    assert_eq!(figure(&second, "duplicates"), 31, "{second}");

    let opts = demarche_queue::QueueOptions::for_stream(&stream).unwrap();
    let q = demarche_queue::Queue::connect(&nats, opts).unwrap();
    let backlog = q.worker().unwrap().backlog().unwrap();
    assert_eq!((backlog.pending, backlog.unacknowledged), (30, 0));

    let store = dir.join("w.db");
    let o = output_within(
        demarche()
            .args(["worker", "--queue", &nats, "--stream", &stream, "--store"])
            .arg(&store)
            .args(["--threads", "1", "--exit-when-idle", "0.5"]),
        120,
    );
    let out = stdout(&o);
    assert!(o.status.success(), "{out}\n{}", stderr(&o));
    assert_eq!(figure(&out, "messages"), 30, "{out}");
    assert_eq!(figure(&out, "stored"), 30, "{out}");
    assert_eq!(figure(&out, "duplicates"), 0, "{out}");
    // (The server takes the last acknowledgements in after they reached it.)
    let w = q.worker().unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
    while !w.backlog().unwrap().is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(w.backlog().unwrap().is_empty());
}

/// SIGTERM: the worker finishes the batch in hand, stores and acknowledges it,
/// and exits cleanly; every message it took is stored, the rest still queued.
#[test]
#[cfg_attr(
    not(shared_data),
    ignore = "needs ../shared (gold data and corpora); set CI=true to require it"
)]
fn sigterm_finishes_the_batch_acknowledges_and_exits() {
    let Some(shared) = shared() else { return };
    let Some((nats, pg)) = servers("queue_term") else {
        return;
    };
    const ARTICLES: usize = 400;
    let dir = tempdir("queue-term");
    let slice = corpus_slice(&shared, &dir, ARTICLES);
    let stream = stream("term");
    let (status, out) = publish(&nats, &stream, &slice);
    assert!(status.success(), "{out}");

    let watch = PostgresStore::open(&pg).unwrap();
    let mut w = Proc::start(
        &dir,
        "worker",
        &[
            "worker",
            "--queue",
            &nats,
            "--stream",
            &stream,
            "--store",
            &pg,
            "--threads",
            "1",
            "--batch",
            "50",
        ],
    );
    wait_until(240, "a batch stored", || {
        watch.counts().unwrap().documents > 0
    });
    w.signal("TERM");
    let (status, out) = w.wait_within(120);
    assert!(status.success(), "{out}\n{}", w.stderr());
    let taken = figure(&out, "messages");
    assert!(taken < ARTICLES, "stopped part way: {out}");
    assert_eq!(watch.counts().unwrap().documents as usize, taken, "{out}");
    let opts = demarche_queue::QueueOptions::for_stream(&stream).unwrap();
    let q = demarche_queue::Queue::connect(&nats, opts).unwrap();
    let backlog = q.worker().unwrap().backlog().unwrap();
    assert_eq!(
        (backlog.pending as usize, backlog.unacknowledged),
        (ARTICLES - taken, 0),
        "nothing held, the rest still queued"
    );
}
