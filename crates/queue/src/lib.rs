//! The work queue between publishers and coding workers: documents on a NATS
//! JetStream work-queue stream, read by workers through one durable pull
//! consumer.
//!
//! - [`QueuedDocument`] is the wire format: a document exactly as the readers
//!   made it (title, body start, dateline, publication date), so that a worker
//!   codes it as `ingest` would, with the caller's default date beside it.
//! - A message's id (`Nats-Msg-Id`) is the document's content hash: the stream
//!   drops a second copy published within its duplicate window; the store drops
//!   any later one (a document is stored once per content hash).
//! - The stream keeps a message until a worker acknowledges it (work-queue
//!   retention); a message delivered and not acknowledged within the ack wait
//!   (a worker killed, or one that lost its connection) is delivered again, to
//!   any worker, up to [`QueueOptions::max_deliver`] times.
//!
//! Every call that waits on the server has a deadline ([`QueueOptions::timeout`]);
//! none waits forever. The API is blocking: the crate runs its own small
//! runtime, so that callers (the CLI, the coding pool) stay synchronous.

use std::time::Duration;

use async_nats::jetstream::consumer::pull::Config as PullConfig;
use async_nats::jetstream::consumer::{AckPolicy, PullConsumer};
use async_nats::jetstream::context::PublishAckFuture;
use async_nats::jetstream::message::AckKind;
use async_nats::jetstream::stream::{Config as StreamConfig, RetentionPolicy, StorageType};
use async_nats::jetstream::{self, Context};
use chrono::NaiveDate;
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};

use demarche_ingest::{Dateline, Document, WebDocument};

#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    #[error("{url} is not a NATS URL (nats://HOST:PORT)")]
    BadUrl { url: String },
    #[error("cannot connect to {url}: {reason}")]
    Connect { url: String, reason: String },
    #[error("{what} took longer than {secs} s")]
    Timeout { what: String, secs: u64 },
    #[error("{what}: {reason}")]
    Server { what: String, reason: String },
    /// One document too large for the server's messages (its `max_payload`).
    #[error(
        "document {id}: {bytes} bytes on the queue, more than the server's max_payload of {limit}"
    )]
    TooLarge {
        id: String,
        bytes: usize,
        limit: usize,
    },
}

pub type Result<T, E = QueueError> = std::result::Result<T, E>;

pub mod testing;

/// How the stream and its consumer are set up. The first process to connect
/// creates them; a later one with other values updates the consumer.
#[derive(Debug, Clone)]
pub struct QueueOptions {
    /// The stream's name.
    pub stream: String,
    /// The subject documents are published on.
    pub subject: String,
    /// The durable consumer every worker pulls through.
    pub consumer: String,
    /// How long the stream remembers message ids to drop repeats.
    pub duplicate_window: Duration,
    /// How long a delivered message may stay unacknowledged before it is
    /// delivered again (workers in the middle of a batch extend it).
    pub ack_wait: Duration,
    /// Deliveries of one message at most (a document that kills every worker
    /// that codes it stops being delivered).
    pub max_deliver: i64,
    /// The deadline of every call to the server.
    pub timeout: Duration,
}

impl QueueOptions {
    /// The options of the stream named `stream` (letters, digits, `_` and
    /// `-`), with its own subject (`demarche.STREAM`) and consumer
    /// (`STREAM-workers`), so that several queues can share a server.
    pub fn for_stream(stream: &str) -> Result<QueueOptions, String> {
        if stream.is_empty()
            || !stream
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Err(format!(
                "{stream:?} is not a stream name (letters, digits, _ and -)"
            ));
        }
        Ok(QueueOptions {
            stream: stream.into(),
            subject: format!("demarche.{stream}"),
            consumer: format!("{stream}-workers"),
            ..Default::default()
        })
    }
}

/// The stream `publish` and `worker` use unless told otherwise.
pub const DEFAULT_STREAM: &str = "DEMARCHE_DOCUMENTS";

impl Default for QueueOptions {
    fn default() -> Self {
        QueueOptions {
            stream: DEFAULT_STREAM.into(),
            subject: format!("demarche.{DEFAULT_STREAM}"),
            consumer: format!("{DEFAULT_STREAM}-workers"),
            duplicate_window: Duration::from_secs(24 * 3600),
            ack_wait: Duration::from_secs(60),
            max_deliver: 10,
            timeout: Duration::from_secs(10),
        }
    }
}

/// A document on the queue: every field the readers fill, and the default
/// date the publisher was given for documents that carry none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueuedDocument {
    pub id: String,
    pub date: Option<NaiveDate>,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub text: String,
    pub body_start: usize,
    pub dateline: Option<QueuedDateline>,
    pub url: Option<String>,
    /// The publication date to assume when `date` is absent (`--date`).
    pub default_date: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuedDateline {
    pub start: usize,
    pub end: usize,
    pub place: String,
    pub agency: Option<String>,
}

impl QueuedDocument {
    pub fn new(web: WebDocument, default_date: Option<NaiveDate>) -> QueuedDocument {
        let WebDocument { doc, url } = web;
        QueuedDocument {
            id: doc.id,
            date: doc.date,
            title: doc.title,
            outlet: doc.outlet,
            text: doc.text,
            body_start: doc.body_start,
            dateline: doc.dateline.map(|d| QueuedDateline {
                start: d.start,
                end: d.end,
                place: d.place,
                agency: d.agency,
            }),
            url,
            default_date,
        }
    }

    /// The document as the readers made it, and its URL. A body start or
    /// dateline outside the text (a message not written by `publish`) is
    /// refused, never followed.
    pub fn into_document(self) -> Result<(Document, Option<String>), String> {
        // The readers refuse such text; a message from elsewhere is refused too.
        if self.text.contains('\0') {
            return Err("the text holds a NUL character".into());
        }
        let fits = |at: usize| at <= self.text.len() && self.text.is_char_boundary(at);
        if !fits(self.body_start) {
            return Err(format!(
                "body_start {} is not a character boundary of the text",
                self.body_start
            ));
        }
        if let Some(d) = &self.dateline {
            if d.start > d.end || !fits(d.start) || !fits(d.end) {
                return Err(format!(
                    "the dateline {}..{} is not inside the text",
                    d.start, d.end
                ));
            }
        }
        let doc = Document {
            id: self.id,
            date: self.date,
            title: self.title,
            outlet: self.outlet,
            text: self.text,
            body_start: self.body_start,
            dateline: self.dateline.map(|d| Dateline {
                start: d.start,
                end: d.end,
                place: d.place,
                agency: d.agency,
            }),
        };
        Ok((doc, self.url))
    }
}

/// A connection to the queue: the stream exists once it is made.
pub struct Queue {
    rt: tokio::runtime::Runtime,
    client: async_nats::Client,
    js: Context,
    opts: QueueOptions,
    url: String,
}

/// One message delivered to a worker.
pub struct Delivery {
    message: jetstream::Message,
    /// The document, or why the payload is not one.
    pub document: Result<QueuedDocument, String>,
    /// How many times the message has been delivered, this time included.
    pub delivered: i64,
    /// The message's stream sequence number, for messages about it.
    pub sequence: u64,
}

/// What a publisher sent.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Published {
    /// New messages on the stream.
    pub published: usize,
    /// Messages the stream dropped: their id was seen within the duplicate window.
    pub duplicates: usize,
}

/// Where the consumer stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backlog {
    /// Messages not yet delivered.
    pub pending: u64,
    /// Messages delivered and not yet acknowledged.
    pub unacknowledged: u64,
}

impl Backlog {
    pub fn is_empty(&self) -> bool {
        self.pending == 0 && self.unacknowledged == 0
    }
}

/// Publishes with at most this many acknowledgements outstanding: fast, and
/// a server that stops answering is noticed within one deadline.
const IN_FLIGHT: usize = 256;

impl Queue {
    /// Connects to the NATS server at `url` (`nats://HOST:PORT`) and makes sure
    /// the stream exists.
    pub fn connect(url: &str, opts: QueueOptions) -> Result<Queue> {
        let bad = || QueueError::BadUrl { url: url.into() };
        let rest = url.strip_prefix("nats://").ok_or_else(bad)?;
        if rest.is_empty() {
            return Err(bad());
        }
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .thread_name("queue")
            .build()
            .map_err(|e| QueueError::Connect {
                url: url.into(),
                reason: format!("no runtime: {e}"),
            })?;
        let timeout = opts.timeout;
        let client = rt.block_on(async {
            let connect = async_nats::ConnectOptions::new()
                .connection_timeout(timeout)
                .request_timeout(Some(timeout))
                .connect(rest);
            tokio::time::timeout(timeout, connect).await
        });
        let client = match client {
            Err(_) => {
                return Err(QueueError::Connect {
                    url: url.into(),
                    reason: format!("no answer within {} s", timeout.as_secs()),
                })
            }
            Ok(Err(e)) => {
                return Err(QueueError::Connect {
                    url: url.into(),
                    reason: e.to_string(),
                })
            }
            Ok(Ok(c)) => c,
        };
        // The context spawns a task of its own: inside the runtime.
        let _inside = rt.enter();
        let js = jetstream::context::ContextBuilder::new()
            .timeout(timeout)
            .build(client.clone());
        drop(_inside);
        let queue = Queue {
            rt,
            client,
            js,
            opts,
            url: url.into(),
        };
        queue.stream()?;
        Ok(queue)
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// Runs `f` to its end, or fails with [`QueueError::Timeout`] after `limit`.
    fn within<T>(
        &self,
        what: &str,
        limit: Duration,
        f: impl std::future::Future<Output = T>,
    ) -> Result<T> {
        // The timer is made inside the runtime, which it needs.
        self.rt
            .block_on(async { tokio::time::timeout(limit, f).await })
            .map_err(|_| QueueError::Timeout {
                what: what.into(),
                secs: limit.as_secs(),
            })
    }

    fn server(what: &str, e: impl std::fmt::Display) -> QueueError {
        QueueError::Server {
            what: what.into(),
            reason: e.to_string(),
        }
    }

    /// The stream, created when absent.
    fn stream(&self) -> Result<jetstream::stream::Stream> {
        let config = StreamConfig {
            name: self.opts.stream.clone(),
            subjects: vec![self.opts.subject.clone()],
            retention: RetentionPolicy::WorkQueue,
            storage: StorageType::File,
            duplicate_window: self.opts.duplicate_window,
            description: Some("documents for demarche workers to code".into()),
            ..Default::default()
        };
        let what = format!("creating the stream {}", self.opts.stream);
        self.within(
            &what,
            self.opts.timeout,
            self.js.get_or_create_stream(config),
        )?
        .map_err(|e| Self::server(&what, e))
    }

    /// The workers' durable pull consumer, created (or brought to these
    /// options) when needed.
    fn consumer(&self) -> Result<PullConsumer> {
        let stream = self.stream()?;
        let config = PullConfig {
            durable_name: Some(self.opts.consumer.clone()),
            description: Some("demarche coding workers".into()),
            ack_policy: AckPolicy::Explicit,
            ack_wait: self.opts.ack_wait,
            max_deliver: self.opts.max_deliver,
            filter_subject: self.opts.subject.clone(),
            max_ack_pending: 100_000,
            ..Default::default()
        };
        let what = format!("creating the consumer {}", self.opts.consumer);
        self.within(&what, self.opts.timeout, stream.create_consumer(config))?
            .map_err(|e| Self::server(&what, e))
    }

    /// A publisher: documents go on the stream with their content hash as id.
    pub fn publisher(&self) -> Publisher<'_> {
        Publisher {
            queue: self,
            in_flight: std::collections::VecDeque::new(),
            sent: Published::default(),
        }
    }

    /// A worker's end of the queue.
    pub fn worker(&self) -> Result<WorkerQueue<'_>> {
        Ok(WorkerQueue {
            queue: self,
            consumer: self.consumer()?,
        })
    }
}

pub struct Publisher<'q> {
    queue: &'q Queue,
    in_flight: std::collections::VecDeque<(String, PublishAckFuture)>,
    sent: Published,
}

impl Publisher<'_> {
    /// Publishes `doc` with `hash` (its content hash) as message id. The
    /// stream's acknowledgement is awaited later, a few hundred messages
    /// behind; an error names the document.
    pub fn publish(&mut self, doc: &QueuedDocument, hash: &str) -> Result<()> {
        let payload = serde_json::to_vec(doc).expect("a document is plain data");
        // Headers and subject take a little room of the server's limit too.
        let limit = self.queue.client.server_info().max_payload;
        if payload.len() + 256 > limit {
            return Err(QueueError::TooLarge {
                id: doc.id.clone(),
                bytes: payload.len(),
                limit,
            });
        }
        let mut headers = async_nats::HeaderMap::new();
        headers.insert(async_nats::header::NATS_MESSAGE_ID, hash);
        let what = format!("publishing {}", doc.id);
        let js = &self.queue.js;
        let subject = self.queue.opts.subject.clone();
        let ack = self
            .queue
            .within(
                &what,
                self.queue.opts.timeout,
                js.publish_with_headers(subject, headers, payload.into()),
            )?
            .map_err(|e| Queue::server(&what, e))?;
        self.in_flight.push_back((doc.id.clone(), ack));
        if self.in_flight.len() >= IN_FLIGHT {
            self.settle_one()?;
        }
        Ok(())
    }

    /// Waits for the oldest outstanding acknowledgement.
    fn settle_one(&mut self) -> Result<()> {
        let Some((id, ack)) = self.in_flight.pop_front() else {
            return Ok(());
        };
        let what = format!("publishing {id}");
        let ack = self
            .queue
            .within(
                &what,
                self.queue.opts.timeout,
                std::future::IntoFuture::into_future(ack),
            )?
            .map_err(|e| Queue::server(&what, e))?;
        if ack.duplicate {
            self.sent.duplicates += 1;
        } else {
            self.sent.published += 1;
        }
        Ok(())
    }

    /// Waits for every acknowledgement; what was published.
    pub fn finish(mut self) -> Result<Published> {
        while !self.in_flight.is_empty() {
            self.settle_one()?;
        }
        Ok(self.sent)
    }
}

/// A worker's end of the queue: batches pulled through the durable consumer.
pub struct WorkerQueue<'q> {
    queue: &'q Queue,
    consumer: PullConsumer,
}

impl WorkerQueue<'_> {
    /// Up to `max` messages: those waiting now, else the first to come within
    /// `wait` (none when none comes).
    pub fn fetch(&self, max: usize, wait: Duration) -> Result<Vec<Delivery>> {
        let now = self.pull(max, None)?;
        if !now.is_empty() {
            return Ok(now);
        }
        self.pull(max, Some(wait))
    }

    /// One pull request: answered at once (`wait` none), or when `max`
    /// messages have come or `wait` has passed.
    fn pull(&self, max: usize, wait: Option<Duration>) -> Result<Vec<Delivery>> {
        let what = "fetching documents";
        let pull = async {
            let mut batch = match wait {
                None => self.consumer.fetch().max_messages(max).messages().await,
                Some(w) => {
                    self.consumer
                        .batch()
                        .max_messages(max)
                        .expires(w)
                        .messages()
                        .await
                }
            }
            .map_err(|e| Queue::server(what, e))?;
            let mut out = Vec::new();
            while let Some(m) = batch.next().await {
                let message = m.map_err(|e| Queue::server(what, e))?;
                let (delivered, sequence) = message
                    .info()
                    .map(|i| (i.delivered, i.stream_sequence))
                    .unwrap_or((1, 0));
                let document = serde_json::from_slice::<QueuedDocument>(&message.payload)
                    .map_err(|e| format!("not a queued document: {e}"));
                out.push(Delivery {
                    message,
                    document,
                    delivered,
                    sequence,
                });
            }
            Ok(out)
        };
        // The server ends the pull after `wait`; the deadline covers a server
        // that never does.
        let limit = wait.unwrap_or_default() + self.queue.opts.timeout;
        self.queue.within(what, limit, pull)?
    }

    /// Acknowledges every delivery and waits until the server has them.
    pub fn ack(&self, deliveries: &[Delivery]) -> Result<()> {
        self.ack_each(&deliveries.iter().collect::<Vec<_>>())
    }

    /// [`WorkerQueue::ack`] for a selection of deliveries.
    pub fn ack_each(&self, deliveries: &[&Delivery]) -> Result<()> {
        self.reply(deliveries, AckKind::Ack, "acknowledging a batch")
    }

    /// [`WorkerQueue::term`] for a selection of deliveries.
    pub fn term_each(&self, deliveries: &[&Delivery]) -> Result<()> {
        self.reply(deliveries, AckKind::Term, "refusing a message")
    }

    /// Hands deliveries back for another worker (after a failed write).
    pub fn nak(&self, deliveries: &[Delivery]) -> Result<()> {
        let all: Vec<&Delivery> = deliveries.iter().collect();
        self.reply(&all, AckKind::Nak(None), "handing a batch back")
    }

    /// Stops delivering messages that are no document at all.
    pub fn term(&self, deliveries: &[Delivery]) -> Result<()> {
        self.term_each(&deliveries.iter().collect::<Vec<_>>())
    }

    fn reply(&self, deliveries: &[&Delivery], kind: AckKind, what: &str) -> Result<()> {
        if deliveries.is_empty() {
            return Ok(());
        }
        let limit = self.queue.opts.timeout;
        let client = self.queue.client.clone();
        self.queue.within(what, limit, async {
            for d in deliveries {
                d.message
                    .ack_with(kind)
                    .await
                    .map_err(|e| Queue::server(what, e))?;
            }
            // Replies are plain publishes: flushed, they have reached the server.
            client.flush().await.map_err(|e| Queue::server(what, e))
        })?
    }

    /// Keeps `deliveries` from being delivered again while they are worked on:
    /// tells the server "in progress" every third of the ack wait until the
    /// returned guard is dropped.
    pub fn keep_alive(&self, deliveries: &[Delivery]) -> KeepAlive {
        let messages: Vec<jetstream::Message> =
            deliveries.iter().map(|d| d.message.clone()).collect();
        let every = (self.queue.opts.ack_wait / 3).max(Duration::from_millis(100));
        let task = self.queue.rt.spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.tick().await;
            loop {
                tick.tick().await;
                for m in &messages {
                    if let Err(e) = m.ack_with(AckKind::Progress).await {
                        tracing::warn!("telling the queue a batch is in progress: {e}");
                    }
                }
            }
        });
        KeepAlive(task)
    }

    /// Messages not yet delivered, and delivered but not acknowledged.
    pub fn backlog(&self) -> Result<Backlog> {
        let what = "reading the consumer's state";
        let info = self
            .queue
            .within(what, self.queue.opts.timeout, self.consumer.get_info())?
            .map_err(|e| Queue::server(what, e))?;
        Ok(Backlog {
            pending: info.num_pending,
            unacknowledged: info.num_ack_pending as u64,
        })
    }
}

/// Stops the "in progress" replies when dropped.
pub struct KeepAlive(tokio::task::JoinHandle<()>);

impl Drop for KeepAlive {
    fn drop(&mut self) {
        self.0.abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn web() -> WebDocument {
        let mut doc = demarche_ingest::read_plain(
            "r.txt",
            "Talks resume | Wire\n\nBRUSSELS (AP) - Turkey met Russia.".to_string(),
        );
        doc.date = NaiveDate::from_ymd_opt(2017, 3, 8);
        WebDocument {
            doc,
            url: Some("https://wire.example/r".into()),
        }
    }

    #[test]
    fn a_document_crosses_the_queue_unchanged() {
        let w = web();
        let q = QueuedDocument::new(w.clone(), NaiveDate::from_ymd_opt(2017, 3, 9));
        let wire = serde_json::to_string(&q).unwrap();
        let back: QueuedDocument = serde_json::from_str(&wire).unwrap();
        assert_eq!(back, q);
        let (doc, url) = back.into_document().unwrap();
        assert_eq!(doc, w.doc);
        assert_eq!(url, w.url);
    }

    #[test]
    fn spans_outside_the_text_are_refused() {
        let mut q = QueuedDocument::new(web(), None);
        q.body_start = q.text.len() + 1;
        assert!(q
            .clone()
            .into_document()
            .unwrap_err()
            .contains("body_start"));
        q.body_start = 0;
        q.text = "é".into();
        q.dateline = Some(QueuedDateline {
            start: 0,
            end: 1,
            place: "x".into(),
            agency: None,
        });
        assert!(q.clone().into_document().unwrap_err().contains("dateline"));
        q.dateline = None;
        q.text = "a\0b".into();
        assert!(q.into_document().unwrap_err().contains("NUL"));
    }

    #[test]
    fn only_nats_urls_are_queues() {
        for url in ["http://h:4222", "nats://", "h:4222"] {
            let e = Queue::connect(url, QueueOptions::default()).err().unwrap();
            assert!(matches!(e, QueueError::BadUrl { .. }), "{url}: {e}");
        }
    }

    /// Options of a stream and consumer of the test's own, on the server of
    /// `DEMARCHE_TEST_NATS`; `None` (skipped, with the reason) without it.
    pub(crate) fn server(name: &str) -> Option<(String, QueueOptions)> {
        let url = crate::testing::nats_url()?;
        let tag = format!("{}_{name}", std::process::id());
        let opts = QueueOptions {
            stream: format!("TEST_{tag}"),
            subject: format!("test.{tag}"),
            consumer: format!("workers-{tag}"),
            ack_wait: Duration::from_secs(1),
            ..Default::default()
        };
        Some((url, opts))
    }

    /// Whether the worker's backlog empties within two seconds. The server
    /// takes an acknowledgement in after it has reached it, so a state read
    /// right after may still count the message (a CI run once saw it).
    fn empties(w: &WorkerQueue) -> bool {
        let deadline = std::time::Instant::now() + Duration::from_secs(2);
        loop {
            if w.backlog().unwrap().is_empty() {
                return true;
            }
            if std::time::Instant::now() > deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn doc(i: usize) -> QueuedDocument {
        let mut w = web();
        w.doc.id = format!("doc-{i}");
        w.doc.text = format!("Report {i}: Turkey met Russia.");
        QueuedDocument::new(w, None)
    }

    #[test]
    fn repeats_are_dropped_and_each_document_is_delivered_until_acknowledged() {
        let Some((url, opts)) = server("deliver") else {
            return;
        };
        let q = Queue::connect(&url, opts).unwrap();
        let mut p = q.publisher();
        for i in [0, 1, 2, 1] {
            p.publish(&doc(i), &format!("hash-{i}")).unwrap();
        }
        let sent = p.finish().unwrap();
        assert_eq!(
            sent,
            Published {
                published: 3,
                duplicates: 1
            }
        );

        let w = q.worker().unwrap();
        let first = w.fetch(2, Duration::from_secs(1)).unwrap();
        assert_eq!(first.len(), 2);
        assert_eq!(first[0].document.as_ref().unwrap(), &doc(0));
        assert_eq!(first[0].delivered, 1);
        let third = w.fetch(10, Duration::from_secs(1)).unwrap();
        assert_eq!(third.len(), 1);
        // Past the ack wait: the two held by "in progress" replies stay with
        // this worker; the third, left alone, is delivered again.
        let alive = w.keep_alive(&first);
        std::thread::sleep(Duration::from_millis(2_500));
        let again = w.fetch(10, Duration::from_secs(2)).unwrap();
        assert_eq!(again.len(), 1, "only the third document");
        assert_eq!(again[0].document.as_ref().unwrap().id, "doc-2");
        assert_eq!(again[0].delivered, 2);
        drop(alive);
        assert!(!w.backlog().unwrap().is_empty());
        w.ack(&first).unwrap();
        w.ack(&again).unwrap();
        // Nothing is left, and waiting for more ends by the deadline.
        let started = std::time::Instant::now();
        assert!(w.fetch(10, Duration::from_millis(500)).unwrap().is_empty());
        assert!(started.elapsed() < Duration::from_secs(5));
        assert!(empties(&w));
    }

    #[test]
    fn a_worker_with_another_ack_wait_takes_the_same_consumer() {
        let Some((url, mut opts)) = server("ackwait") else {
            return;
        };
        let q = Queue::connect(&url, opts.clone()).unwrap();
        let mut p = q.publisher();
        p.publish(&doc(0), "hash-0").unwrap();
        assert_eq!(p.finish().unwrap().published, 1);
        drop(q);
        opts.ack_wait = Duration::from_secs(7);
        let q = Queue::connect(&url, opts).unwrap();
        let w = q.worker().unwrap();
        let got = w.fetch(10, Duration::from_secs(1)).unwrap();
        assert_eq!(got.len(), 1);
        w.ack(&got).unwrap();
        assert!(empties(&w));
    }

    #[test]
    fn a_message_that_is_no_document_is_refused_once() {
        let Some((url, opts)) = server("garbage") else {
            return;
        };
        let subject = opts.subject.clone();
        let q = Queue::connect(&url, opts).unwrap();
        q.within("publishing", Duration::from_secs(5), async {
            let ack = q.js.publish(subject, "not json".into()).await.unwrap();
            ack.await.unwrap();
        })
        .unwrap();
        let w = q.worker().unwrap();
        let got = w.fetch(10, Duration::from_secs(1)).unwrap();
        assert_eq!(got.len(), 1);
        assert!(got[0]
            .document
            .as_ref()
            .unwrap_err()
            .contains("not a queued document"));
        w.term(&got).unwrap();
        assert!(w.fetch(10, Duration::from_secs(2)).unwrap().is_empty());
        assert!(empties(&w));
    }
}
