//! The event store: documents, distinct events and their mentions.
//!
//! [`EventStore`] is the seam between the pipeline and wherever events are
//! kept: [`SqliteStore`], one local file (the default), or [`PostgresStore`], a
//! PostgreSQL database that several coding workers write and many servers read
//! at once. Both mean the same: the shared test suite (`suite.rs`) runs against
//! each. No SQL lives outside `sqlite.rs` and `postgres.rs`.
//!
//! The model follows GDELT's Events and Mentions tables:
//! - a **document** is stored once per content hash;
//! - an **event** is one row per distinct (source, target, CAMEO code, event
//!   date), however many documents report it;
//! - a **mention** is one report of an event in one document (sentence and
//!   evidence spans), so mention, source and article counts are derived by
//!   query and never drift.
//!
//! Invariant: a batch is written in one transaction; after a crash the store
//! holds whole batches only, and writing the same documents again adds nothing.

mod postgres;
mod sqlite;
#[cfg(test)]
mod suite;
pub mod testing;

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use serde::Serialize;

pub use self::postgres::{redact as redact_url, PostgresStore};
pub use sqlite::SqliteStore;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The backend failed (I/O, corruption, a locked file).
    #[error("store: {0}")]
    Backend(String),
    /// The store was written by a newer demarche.
    #[error("store schema version {found} is newer than this demarche knows ({known})")]
    TooNew { found: i64, known: i64 },
    /// A filter value that cannot be understood.
    #[error("{0}")]
    Filter(String),
    /// The caller's visitor failed (for example a closed output pipe).
    #[error(transparent)]
    Visitor(Box<dyn std::error::Error + Send + Sync>),
    /// The call was stopped through the flag given to [`EventStore::set_cancel`].
    #[error("store: the query was cancelled")]
    Cancelled,
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// An actor as one mention names it: its code, its sector, and the name that decided it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorMention {
    pub code: String,
    pub sector: Option<String>,
    pub name: String,
}

/// Byte spans `[start, end)` into the document text, and the sentence index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Spans {
    pub sentence: usize,
    pub source: [usize; 2],
    pub event: [usize; 2],
    pub target: [usize; 2],
}

/// An event as one document reports it (possibly several times).
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    pub source: ActorMention,
    pub target: ActorMention,
    /// CAMEO code, 2 to 4 digits.
    pub code: String,
    pub plover: String,
    pub plover_mode: Option<String>,
    pub goldstein: f32,
    pub quad_class: u8,
    /// `YYYY-MM-DD`, `YYYY-MM`, `YYYY`, or empty when unknown.
    pub date: String,
    /// Every report of the event in the document; the first is the main one.
    pub mentions: Vec<Spans>,
}

/// A forum fact read from a document when it was coded (a meeting, a
/// suspension, a blocker...), kept with the document so that forum status is
/// computed from stored facts instead of coding every document again. The
/// store keeps the record as it is given; the forums crate writes and reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewForumFact {
    /// The forum's code.
    pub forum: String,
    /// `meeting`, `suspension`, `resumption`, `cadence`, `founding` or `blocker`.
    pub kind: String,
    /// The fact's date: `YYYY-MM-DD`, `YYYY-MM`, `YYYY`, or empty when unknown.
    pub date: String,
    /// The whole fact as one JSON object.
    pub record: String,
}

/// A stored forum fact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredForumFact {
    /// The store's row id of the document it was read from.
    pub document: i64,
    pub forum: String,
    pub kind: String,
    pub date: String,
    pub record: String,
}

/// A coded document, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct NewDocument {
    /// The document's own id (JSONL `id`, file name, feed item id, WARC target URI).
    pub doc_id: String,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Hex digest of the text; a second document with the same hash is a duplicate.
    pub content_hash: String,
    pub text: String,
    pub events: Vec<NewEvent>,
    /// The forum facts read from it (none is a fact too: the document was read).
    pub forum_facts: Vec<NewForumFact>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ActorKind {
    State,
    Organisation,
    Other,
}

impl ActorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::State => "state",
            ActorKind::Organisation => "organisation",
            ActorKind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> ActorKind {
        match s {
            "state" => ActorKind::State,
            "organisation" => ActorKind::Organisation,
            _ => ActorKind::Other,
        }
    }
}

/// What an actor code stands for: its canonical name, kind and country.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorInfo {
    pub code: String,
    pub name: String,
    pub kind: ActorKind,
    /// ISO 3166-1 alpha-3 code of the actor's state, when it has one.
    pub country: Option<String>,
}

/// What writing one batch did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct BatchSummary {
    pub documents: usize,
    /// Documents whose content hash was already stored.
    pub duplicates: usize,
    pub events: usize,
    pub mentions: usize,
}

impl std::ops::AddAssign for BatchSummary {
    fn add_assign(&mut self, o: BatchSummary) {
        self.documents += o.documents;
        self.duplicates += o.duplicates;
        self.events += o.events;
        self.mentions += o.mentions;
    }
}

/// Rows in the store.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub documents: u64,
    pub events: u64,
    pub mentions: u64,
    pub actors: u64,
}

/// Which events to read. Every field narrows; `None` does not.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct EventFilter {
    /// Source actor code, exactly (`USA`, `NATO`).
    pub source: Option<String>,
    /// Target actor code, exactly.
    pub target: Option<String>,
    /// A CAMEO code prefix: `19` is the whole root, `190` a code and its sub-codes.
    pub code: Option<String>,
    /// Events whose date overlaps `[from, to]`; each is `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub from: Option<String>,
    pub to: Option<String>,
    /// QuadClass 1 to 4 (verbal cooperation ... material conflict).
    pub quad_class: Option<u8>,
    /// The order events are visited in (id, the cursor's order, unless said).
    pub order: EventOrder,
    pub limit: Option<usize>,
    /// Cursor: only events whose id is greater than this (with the id order only).
    pub after: Option<i64>,
    /// Skip this many matching events first.
    pub offset: Option<usize>,
}

/// The order of [`EventStore::events`]; the event id breaks ties.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum EventOrder {
    #[default]
    Id,
    DateDesc,
    DateAsc,
    GoldsteinDesc,
    GoldsteinAsc,
    MentionsDesc,
    MentionsAsc,
}

/// A dyad (source, target) and its events under a filter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DyadCount {
    pub source: String,
    pub source_name: String,
    pub target: String,
    pub target_name: String,
    pub events: u64,
    pub goldstein_mean: f64,
}

/// Events under a filter that involve a country (as either side's state).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CountryCount {
    /// ISO 3166-1 alpha-3.
    pub country: String,
    pub events: u64,
}

/// One side of a stored event, with what the actors table knows of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredActor {
    pub code: String,
    pub sector: Option<String>,
    /// Canonical name from the actors table, else the name of the first mention.
    pub name: String,
    pub kind: ActorKind,
    pub country: Option<String>,
}

/// The first report of an event: its document and evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FirstReport {
    pub doc_id: String,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    pub sentence: usize,
    pub spans: [[usize; 2]; 3],
    pub source_text: String,
    pub event_text: String,
    pub target_text: String,
}

/// A distinct event with its derived counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredEvent {
    pub id: i64,
    pub date: String,
    pub source: StoredActor,
    pub target: StoredActor,
    pub code: String,
    pub root: String,
    pub plover: String,
    pub plover_mode: Option<String>,
    pub goldstein: f32,
    pub quad_class: u8,
    /// When the store first saw it, UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    pub first_seen: String,
    /// Reports of the event, all documents together.
    pub num_mentions: u64,
    /// Distinct named outlets that reported it.
    pub num_sources: u64,
    /// Distinct documents that reported it.
    pub num_articles: u64,
    pub first: FirstReport,
}

/// One document that reports an event, with its whole text and the reports of
/// the event in it (at most [`MAX_REPORT_MENTIONS`], in text order).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub doc_id: String,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    /// The text every span points into.
    pub text: String,
    pub mentions: Vec<Spans>,
    /// Reports of the event in this document, all of them (`mentions` holds
    /// the first [`MAX_REPORT_MENTIONS`]).
    pub mentions_total: u64,
}

/// The most mentions returned with one report: a document that reports an event
/// thousands of times is a broken or hostile one, and its spans would outweigh it.
pub const MAX_REPORT_MENTIONS: usize = 1_000;

/// One event with a page of the documents that report it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventDetail {
    pub event: StoredEvent,
    /// In the order the store first saw them, from the page's offset on; at most
    /// the page's limit.
    pub reports: Vec<Report>,
    /// How many documents were skipped before this page.
    pub reports_offset: usize,
}

/// Which documents of an event to return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportPage {
    pub offset: usize,
    pub limit: usize,
}

/// Events of one ISO week (Monday to Sunday).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekCount {
    /// The Monday, `YYYY-MM-DD`.
    pub week: String,
    /// Distinct events by QuadClass: verbal cooperation, material cooperation,
    /// verbal conflict, material conflict.
    pub quad: [u64; 4],
    /// Mean Goldstein weight of the week's distinct events.
    pub goldstein_mean: f64,
}

/// Events per week; only events dated to the day have a week.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct WeeklySeries {
    /// Weeks with at least one event, oldest first.
    pub weeks: Vec<WeekCount>,
    /// Matching events dated only to a month or a year (in no week).
    pub undated: u64,
}

/// An actor with how many distinct events it is a side of.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorSummary {
    pub code: String,
    pub name: String,
    pub kind: ActorKind,
    pub country: Option<String>,
    pub as_source: u64,
    pub as_target: u64,
}

/// Another actor an actor has events with, and how many each way.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Counterpart {
    pub code: String,
    pub name: String,
    /// Events from the actor to this counterpart.
    pub outgoing: u64,
    /// Events from this counterpart to the actor.
    pub incoming: u64,
}

/// Which documents to read. Every field narrows; `None` (or empty) does not.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct DocumentFilter {
    /// The document's own id, exactly.
    pub doc_id: Option<String>,
    /// Documents published on or after this bound (`YYYY`, `YYYY-MM` or
    /// `YYYY-MM-DD`); documents without a date are kept.
    pub from: Option<String>,
    /// Documents published on or before this bound; documents without a date are kept.
    pub to: Option<String>,
    /// Documents whose text contains any of these phrases (ASCII case ignored).
    pub any_text: Vec<String>,
    /// Only documents stored before forum facts were kept with them (never
    /// read for forum facts; see [`EventStore::add_forum_facts`]).
    pub without_forum_facts: bool,
    pub limit: Option<usize>,
}

/// An event reported in a stored document: its id and the event words' span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DocumentEvent {
    pub event_id: i64,
    pub event: [usize; 2],
}

/// A stored document with its whole text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredDocument {
    /// The store's row id.
    pub id: i64,
    /// The document's own id.
    pub doc_id: String,
    /// Publication date, `YYYY-MM-DD`.
    pub date: Option<String>,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub text: String,
    /// The events it reports, in text order.
    pub events: Vec<DocumentEvent>,
}

/// Anything that keeps documents, events and mentions.
pub trait EventStore {
    /// Whether a document with this content hash is stored.
    fn has_document(&self, content_hash: &str) -> Result<bool>;

    /// Stores documents with their events and mentions, and the actors they
    /// refer to, all in one transaction. Documents already stored (by content
    /// hash) are counted as duplicates and change nothing.
    fn write_batch(&mut self, docs: &[NewDocument], actors: &[ActorInfo]) -> Result<BatchSummary>;

    fn counts(&self) -> Result<Counts>;

    /// A number that grows whenever an event is added (events are never changed
    /// or removed), for caches of what is computed from events; `None` when the
    /// store cannot tell.
    fn events_version(&self) -> Result<Option<i64>> {
        Ok(None)
    }

    /// Calls `visit` with each matching event, in the filter's order.
    fn events(
        &self,
        filter: &EventFilter,
        visit: &mut dyn FnMut(StoredEvent) -> Result<(), Box<dyn std::error::Error + Send + Sync>>,
    ) -> Result<()>;

    /// One event with a page of the documents that report it; each
    /// document's text is read once, however often it reports the event.
    fn event(&self, id: i64, page: ReportPage) -> Result<Option<EventDetail>>;

    /// Matching events per ISO week by QuadClass, with the mean Goldstein
    /// weight; `limit`, `after` and `offset` are ignored.
    fn weekly(&self, filter: &EventFilter) -> Result<WeeklySeries>;

    /// Actors whose code or name contains `search` (all when `None`), most
    /// events first.
    fn actors(
        &self,
        search: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<ActorSummary>>;

    /// One actor by code; `None` when it is neither in the actors table nor a
    /// side of any event.
    fn actor(&self, code: &str) -> Result<Option<ActorSummary>>;

    /// The actors `code` has most events with, either way.
    fn counterparts(&self, code: &str, limit: usize) -> Result<Vec<Counterpart>>;

    /// The dyads with most matching events, most first.
    fn top_dyads(&self, filter: &EventFilter, limit: usize) -> Result<Vec<DyadCount>>;

    /// Matching events per country of either side (an event between two
    /// countries counts for both, an event within one country once), most first.
    fn country_counts(&self, filter: &EventFilter) -> Result<Vec<CountryCount>>;
    /// Watches `flag` while later calls run: once it is set, the call under way
    /// stops with [`StoreError::Cancelled`] (a client that left, a deadline
    /// passed). `None` stops watching. A store that cannot stop does nothing.
    fn set_cancel(&mut self, flag: Option<Arc<AtomicBool>>) {
        let _ = flag;
    }

    /// Calls `visit` with the forum facts of the forums `forums` (codes; every
    /// forum when empty), in the order they were stored.
    fn forum_facts(
        &self,
        forums: &[String],
        visit: &mut dyn FnMut(
            StoredForumFact,
        ) -> Result<(), Box<dyn std::error::Error + Send + Sync>>,
    ) -> Result<()>;

    /// Stores the forum facts read from documents stored before facts were kept
    /// (each by its row id, as [`DocumentFilter::without_forum_facts`] finds
    /// them), and marks those documents read; one transaction.
    fn add_forum_facts(&mut self, facts: &[(i64, Vec<NewForumFact>)]) -> Result<()>;

    /// Calls `visit` with each matching document, oldest publication date first
    /// (undated ones last), then in the order they were stored.
    fn documents(
        &self,
        filter: &DocumentFilter,
        visit: &mut dyn FnMut(
            StoredDocument,
        ) -> Result<(), Box<dyn std::error::Error + Send + Sync>>,
    ) -> Result<()>;
}

/// A value a filter compares with, as both backends bind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SqlValue {
    Text(String),
    Int(i64),
}

/// One condition of an event filter: an SQL expression on the events table
/// (alias `e`) ending in its operator, and the value it is compared with.
/// Both backends read the same conditions, so a filter means the same in each.
pub(crate) struct Condition {
    pub clause: String,
    pub value: SqlValue,
}

/// The filter's conditions on the events table, validated, in order.
pub(crate) fn event_conditions(filter: &EventFilter) -> Result<Vec<Condition>> {
    let mut out = Vec::new();
    let mut add = |clause: &str, value: SqlValue| {
        out.push(Condition {
            clause: clause.to_string(),
            value,
        })
    };
    if let Some(s) = &filter.source {
        add("e.source =", SqlValue::Text(s.clone()));
    }
    if let Some(t) = &filter.target {
        add("e.target =", SqlValue::Text(t.clone()));
    }
    if let Some(c) = &filter.code {
        if !(1..=4).contains(&c.len()) || !c.bytes().all(|b| b.is_ascii_digit()) {
            return Err(StoreError::Filter(format!(
                "CAMEO code {c:?} is not 1 to 4 digits"
            )));
        }
        add(
            &format!("substr(e.code, 1, {}) =", c.len()),
            SqlValue::Text(c.clone()),
        );
    }
    if let (Some(f), Some(t)) = (&filter.from, &filter.to) {
        if day_from(f)? > day_to(t)? {
            return Err(StoreError::Filter(format!(
                "the range starts ({f}) after it ends ({t})"
            )));
        }
    }
    if let Some(f) = &filter.from {
        add("e.date_end >=", SqlValue::Text(day_from(f)?));
    }
    if let Some(t) = &filter.to {
        add("e.date_start <=", SqlValue::Text(day_to(t)?));
    }
    if let Some(q) = filter.quad_class {
        if !(1..=4).contains(&q) {
            return Err(StoreError::Filter(format!("QuadClass {q} is not 1 to 4")));
        }
        add("e.quad_class =", SqlValue::Int(i64::from(q)));
    }
    if let Some(a) = filter.after {
        add("e.id >", SqlValue::Int(a));
    }
    Ok(out)
}

/// An offset or limit as SQL takes it (a signed 64-bit integer).
pub(crate) fn sql_count(what: &str, n: usize) -> Result<i64> {
    i64::try_from(n).map_err(|_| StoreError::Filter(format!("{what} {n} is too large")))
}

/// `s` anywhere, with `%`, `_` and `\` taken literally (for `LIKE ... ESCAPE '\'`).
pub(crate) fn like_literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('%');
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// Turns a `--from` bound into the first day it covers (`2017` -> `2017-01-01`).
pub fn day_from(s: &str) -> Result<String> {
    bound(s, "01", "01")
}

/// Turns a `--to` bound into the last day it covers (`2017-02` -> `2017-02-31`,
/// which sorts after every real day of the month).
pub fn day_to(s: &str) -> Result<String> {
    bound(s, "12", "31")
}

fn bound(s: &str, month: &str, day: &str) -> Result<String> {
    let bad = || StoreError::Filter(format!("{s:?} is not YYYY, YYYY-MM or YYYY-MM-DD"));
    let parts: Vec<&str> = s.split('-').collect();
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    let ok = match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2),
        [y, m, d] => digits(y, 4) && digits(m, 2) && digits(d, 2),
        _ => false,
    };
    if !ok {
        return Err(bad());
    }
    // A calendar date: "2017-13" or "2017-02-30" is a mistake, not a wide range.
    let number = |p: &str| p.parse::<u32>().unwrap_or(0);
    let real = match parts.as_slice() {
        [y] => number(y) >= 1,
        [y, m] => number(y) >= 1 && (1..=12).contains(&number(m)),
        [y, m, d] => {
            chrono::NaiveDate::from_ymd_opt(number(y) as i32, number(m), number(d)).is_some()
        }
        _ => false,
    };
    if !real {
        return Err(StoreError::Filter(format!(
            "{s:?} is not a calendar date (YYYY, YYYY-MM or YYYY-MM-DD)"
        )));
    }
    Ok(match parts.as_slice() {
        [y] => format!("{y}-{month}-{day}"),
        [y, m] => format!("{y}-{m}-{day}"),
        _ => s.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_bounds_cover_whole_periods() {
        assert_eq!(day_from("2017").unwrap(), "2017-01-01");
        assert_eq!(day_to("2017").unwrap(), "2017-12-31");
        assert_eq!(day_to("2017-02").unwrap(), "2017-02-31");
        assert_eq!(day_from("2017-02-03").unwrap(), "2017-02-03");
        assert!(day_from("17-02").is_err());
        assert!(day_to("2017/02").is_err());
        // Well-formed but not on the calendar.
        for bad in ["2017-13", "2017-00", "2017-02-30", "2019-02-29", "0000"] {
            let e = day_from(bad).unwrap_err().to_string();
            assert!(e.contains("not a calendar date"), "{bad}: {e}");
        }
        assert_eq!(day_to("2020-02-29").unwrap(), "2020-02-29");
    }
}
