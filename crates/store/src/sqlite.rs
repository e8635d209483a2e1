//! [`SqliteStore`]: the store in one local SQLite file (WAL mode), with
//! versioned migrations. The only SQL in demarche lives here.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::{
    day_from, day_to, event_conditions, like_literal, sql_count, ActorInfo, ActorKind,
    ActorSummary, BatchSummary, Counterpart, CountryCount, Counts, DocumentEvent, DocumentFilter,
    DyadCount, EventDetail, EventFilter, EventOrder, EventStore, FirstReport, NewDocument,
    NewForumFact, Report, ReportPage, Result, Spans, SqlValue, StoreError, StoredActor,
    StoredDocument, StoredEvent, StoredForumFact, WeekCount, WeeklySeries, MAX_REPORT_MENTIONS,
};

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e {
            rusqlite::Error::SqliteFailure(f, _)
                if f.code == rusqlite::ErrorCode::OperationInterrupted =>
            {
                StoreError::Cancelled
            }
            e => StoreError::Backend(e.to_string()),
        }
    }
}

/// SQLite virtual machine steps between two looks at the cancel flag (about a
/// tenth of a millisecond of work).
const CANCEL_CHECK_STEPS: i32 = 10_000;

/// The schema, one migration a step, in order. `PRAGMA user_version` is the
/// number of steps applied. Never edit a step that has shipped: add one.
const MIGRATIONS: &[&str] = &[
    // 1: documents, actors, events and mentions.
    "
    CREATE TABLE documents (
        id           INTEGER PRIMARY KEY,
        doc_id       TEXT NOT NULL,
        outlet       TEXT,
        url          TEXT,
        title        TEXT,
        date         TEXT,
        content_hash TEXT NOT NULL UNIQUE,
        text         TEXT NOT NULL,
        ingested_at  TEXT NOT NULL
    );
    CREATE TABLE actors (
        code    TEXT PRIMARY KEY,
        name    TEXT NOT NULL,
        kind    TEXT NOT NULL,
        country TEXT
    ) WITHOUT ROWID;
    CREATE TABLE events (
        id            INTEGER PRIMARY KEY,
        source        TEXT NOT NULL,
        source_sector TEXT,
        target        TEXT NOT NULL,
        target_sector TEXT,
        code          TEXT NOT NULL,
        root          TEXT NOT NULL,
        plover        TEXT NOT NULL,
        plover_mode   TEXT,
        goldstein     REAL NOT NULL,
        quad_class    INTEGER NOT NULL,
        event_date    TEXT NOT NULL,
        first_seen    TEXT NOT NULL,
        UNIQUE (source, target, code, event_date)
    );
    CREATE INDEX events_target ON events (target, source);
    CREATE INDEX events_code ON events (code);
    CREATE TABLE mentions (
        id           INTEGER PRIMARY KEY,
        event_id     INTEGER NOT NULL REFERENCES events (id),
        document_id  INTEGER NOT NULL REFERENCES documents (id),
        sentence     INTEGER NOT NULL,
        source_start INTEGER NOT NULL,
        source_end   INTEGER NOT NULL,
        event_start  INTEGER NOT NULL,
        event_end    INTEGER NOT NULL,
        target_start INTEGER NOT NULL,
        target_end   INTEGER NOT NULL,
        source_name  TEXT NOT NULL,
        target_name  TEXT NOT NULL,
        UNIQUE (event_id, document_id, sentence, event_start)
    );
    CREATE INDEX mentions_document ON mentions (document_id);
    ",
    // 2: the days an event date covers, for --from/--to over partial dates.
    "
    ALTER TABLE events ADD COLUMN date_start TEXT GENERATED ALWAYS AS (
        CASE length(event_date) WHEN 4 THEN event_date || '-01-01'
            WHEN 7 THEN event_date || '-01' WHEN 10 THEN event_date END) VIRTUAL;
    ALTER TABLE events ADD COLUMN date_end TEXT GENERATED ALWAYS AS (
        CASE length(event_date) WHEN 4 THEN event_date || '-12-31'
            WHEN 7 THEN event_date || '-31' WHEN 10 THEN event_date END) VIRTUAL;
    CREATE INDEX events_date_start ON events (date_start);
    CREATE INDEX events_date_end ON events (date_end);
    ",
    // 3: a covering index for the dyad time series (the dashboard's busiest query):
    // with the date, QuadClass and weight in the index, a dyad's weekly counts are
    // read from the index alone (about 3x faster on a dyad of 25,000 events).
    "
    CREATE INDEX events_dyad ON events (source, target, event_date, quad_class, goldstein);
    ",
    // 4: forum facts read from each document at ingest, so that forum status
    // reads them instead of coding every stored document again. Documents
    // stored before this step were never read for them (`forum_facts_read` 0):
    // forum status reads those from their text, and the next ingest stores theirs.
    "
    CREATE TABLE forum_facts (
        id          INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents (id),
        forum       TEXT NOT NULL,
        kind        TEXT NOT NULL,
        date        TEXT NOT NULL,
        record      TEXT NOT NULL
    );
    CREATE INDEX forum_facts_forum ON forum_facts (forum);
    ALTER TABLE documents ADD COLUMN forum_facts_read INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX documents_facts_unread ON documents (id) WHERE forum_facts_read = 0;
    ",
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub struct SqliteStore {
    conn: Connection,
    /// The flag the progress handler watches (see [`EventStore::set_cancel`]).
    cancel: Arc<Mutex<Option<Arc<AtomicBool>>>>,
}

impl SqliteStore {
    /// Opens the store at `path`, creating it when absent, and migrates it.
    pub fn open(path: &Path) -> Result<SqliteStore> {
        Self::open_at_version(path, SCHEMA_VERSION)
    }

    /// Opens a store that must already exist (for reading commands).
    pub fn open_existing(path: &Path) -> Result<SqliteStore> {
        if !path.is_file() {
            return Err(StoreError::Backend(format!(
                "no store at {} (run `demarche ingest --store {}` first)",
                path.display(),
                path.display()
            )));
        }
        Self::open(path)
    }

    /// A second connection to an existing store, for reading only: in WAL mode
    /// readers go on beside the one writer and beside each other. The store must
    /// be at this build's schema version (open it with [`SqliteStore::open`] first).
    pub fn open_reader(path: &Path) -> Result<SqliteStore> {
        if !path.is_file() {
            return Err(StoreError::Backend(format!(
                "no store at {}",
                path.display()
            )));
        }
        let store = Self::connect(path)?;
        store.conn.pragma_update(None, "query_only", "ON")?;
        let found = store.schema_version()?;
        if found != SCHEMA_VERSION {
            return Err(StoreError::Backend(format!(
                "{} is at schema version {found}, not {SCHEMA_VERSION}",
                path.display()
            )));
        }
        Ok(store)
    }

    /// [`StoreError::Cancelled`] once the flag given to `set_cancel` is set.
    fn check_cancel(&self) -> Result<()> {
        let flag = self.cancel.lock().unwrap_or_else(|p| p.into_inner());
        match flag.as_ref() {
            Some(f) if f.load(Ordering::Relaxed) => Err(StoreError::Cancelled),
            _ => Ok(()),
        }
    }

    /// A connection with the busy timeout and the cancel flag's progress handler.
    fn connect(path: &Path) -> Result<SqliteStore> {
        let mut conn = Connection::open(path)
            .map_err(|e| StoreError::Backend(format!("cannot open {}: {e}", path.display())))?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        let cancel: Arc<Mutex<Option<Arc<AtomicBool>>>> = Arc::default();
        let watched = cancel.clone();
        conn.progress_handler(
            CANCEL_CHECK_STEPS,
            Some(move || {
                watched
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .as_ref()
                    .is_some_and(|f| f.load(Ordering::Relaxed))
            }),
        )?;
        Ok(SqliteStore { conn, cancel })
    }

    /// Opens and migrates only up to `version`: how tests make an old file.
    #[doc(hidden)]
    pub fn open_at_version(path: &Path, version: i64) -> Result<SqliteStore> {
        let mut store = Self::connect(path)?;
        let conn = &mut store.conn;
        let mode: String =
            conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Backend(format!(
                "{} cannot use WAL mode (got {mode})",
                path.display()
            )));
        }
        // NORMAL in WAL mode: a committed transaction survives the process being
        // killed; only a power cut may lose the last ones.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        store.migrate(version)?;
        Ok(store)
    }

    /// Runs SQL as it is (for [`crate::testing`]).
    pub(crate) fn execute_batch(&self, sql: &str) -> Result<()> {
        Ok(self.conn.execute_batch(sql)?)
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    fn migrate(&mut self, upto: i64) -> Result<()> {
        let found = self.schema_version()?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                found,
                known: SCHEMA_VERSION,
            });
        }
        for (i, sql) in MIGRATIONS.iter().enumerate() {
            let step = i as i64 + 1;
            if step <= found || step > upto {
                continue;
            }
            // IMMEDIATE takes the write lock first, so two processes opening a
            // new file at once cannot both apply a step: the second sees it done.
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let now: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
            if now >= step {
                continue;
            }
            tx.execute_batch(sql)
                .map_err(|e| StoreError::Backend(format!("migration {step}: {e}")))?;
            tx.pragma_update(None, "user_version", step)?;
            tx.commit()?;
        }
        Ok(())
    }
}

const EVENT_COLUMNS: &str = "
    e.id, e.event_date, e.source, e.source_sector, sa.name, sa.kind, sa.country,
    e.target, e.target_sector, ta.name, ta.kind, ta.country,
    e.code, e.root, e.plover, e.plover_mode, e.goldstein, e.quad_class, e.first_seen,
    (SELECT COUNT(*) FROM mentions WHERE event_id = e.id),
    (SELECT COUNT(DISTINCT d2.outlet) FROM mentions m2 JOIN documents d2 ON d2.id = m2.document_id
        WHERE m2.event_id = e.id),
    (SELECT COUNT(DISTINCT document_id) FROM mentions WHERE event_id = e.id),
    d.doc_id, d.url, d.outlet, d.title, d.date,
    m.sentence, m.source_start, m.source_end, m.event_start, m.event_end, m.target_start,
    m.target_end, m.source_name, m.target_name,
    CAST(substr(CAST(d.text AS BLOB), m.source_start + 1, m.source_end - m.source_start) AS TEXT),
    CAST(substr(CAST(d.text AS BLOB), m.event_start + 1, m.event_end - m.event_start) AS TEXT),
    CAST(substr(CAST(d.text AS BLOB), m.target_start + 1, m.target_end - m.target_start) AS TEXT)
";

fn stored_event(r: &Row<'_>) -> rusqlite::Result<StoredEvent> {
    let span = |a: usize| -> rusqlite::Result<[usize; 2]> {
        Ok([
            r.get::<_, i64>(a)? as usize,
            r.get::<_, i64>(a + 1)? as usize,
        ])
    };
    let actor = |at: usize, mention_name: String| -> rusqlite::Result<StoredActor> {
        Ok(StoredActor {
            code: r.get(at)?,
            sector: r.get(at + 1)?,
            name: r.get::<_, Option<String>>(at + 2)?.unwrap_or(mention_name),
            kind: ActorKind::parse(r.get::<_, Option<String>>(at + 3)?.as_deref().unwrap_or("")),
            country: r.get(at + 4)?,
        })
    };
    let text = |at: usize| -> rusqlite::Result<String> {
        Ok(r.get::<_, Option<String>>(at)?.unwrap_or_default())
    };
    Ok(StoredEvent {
        id: r.get(0)?,
        date: r.get(1)?,
        source: actor(2, r.get(34)?)?,
        target: actor(7, r.get(35)?)?,
        code: r.get(12)?,
        root: r.get(13)?,
        plover: r.get(14)?,
        plover_mode: r.get(15)?,
        goldstein: r.get::<_, f64>(16)? as f32,
        quad_class: r.get::<_, i64>(17)? as u8,
        first_seen: r.get(18)?,
        num_mentions: r.get::<_, i64>(19)? as u64,
        num_sources: r.get::<_, i64>(20)? as u64,
        num_articles: r.get::<_, i64>(21)? as u64,
        first: FirstReport {
            doc_id: r.get(22)?,
            url: r.get(23)?,
            outlet: r.get(24)?,
            title: r.get(25)?,
            published: r.get(26)?,
            sentence: r.get::<_, i64>(27)? as usize,
            spans: [span(28)?, span(30)?, span(32)?],
            source_text: text(36)?,
            event_text: text(37)?,
            target_text: text(38)?,
        },
    })
}

impl EventStore for SqliteStore {
    fn has_document(&self, content_hash: &str) -> Result<bool> {
        let mut st = self
            .conn
            .prepare_cached("SELECT 1 FROM documents WHERE content_hash = ?1")?;
        Ok(st
            .query_row([content_hash], |_| Ok(()))
            .optional()?
            .is_some())
    }

    fn write_batch(&mut self, docs: &[NewDocument], actors: &[ActorInfo]) -> Result<BatchSummary> {
        let mut sum = BatchSummary::default();
        let tx = self.conn.transaction()?;
        {
            let now: String =
                tx.query_row("SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now')", [], |r| {
                    r.get(0)
                })?;
            let mut add_actor = tx.prepare_cached(
                "INSERT INTO actors (code, name, kind, country) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (code) DO NOTHING",
            )?;
            for a in actors {
                add_actor.execute(params![a.code, a.name, a.kind.as_str(), a.country])?;
            }
            let mut add_doc = tx.prepare_cached(
                "INSERT INTO documents (doc_id, outlet, url, title, date, content_hash, text,
                     ingested_at, forum_facts_read)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1)
                 ON CONFLICT (content_hash) DO NOTHING",
            )?;
            let mut add_fact = tx.prepare_cached(
                "INSERT INTO forum_facts (document_id, forum, kind, date, record)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            let mut add_event = tx.prepare_cached(
                "INSERT INTO events (source, source_sector, target, target_sector, code, root,
                     plover, plover_mode, goldstein, quad_class, event_date, first_seen)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                 ON CONFLICT (source, target, code, event_date) DO NOTHING",
            )?;
            let mut event_id = tx.prepare_cached(
                "SELECT id FROM events
                 WHERE source = ?1 AND target = ?2 AND code = ?3 AND event_date = ?4",
            )?;
            let mut add_mention = tx.prepare_cached(
                "INSERT INTO mentions (event_id, document_id, sentence, source_start, source_end,
                     event_start, event_end, target_start, target_end, source_name, target_name)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                 ON CONFLICT (event_id, document_id, sentence, event_start) DO NOTHING",
            )?;
            for doc in docs {
                let added = add_doc.execute(params![
                    doc.doc_id,
                    doc.outlet,
                    doc.url,
                    doc.title,
                    doc.date,
                    doc.content_hash,
                    doc.text,
                    now
                ])?;
                if added == 0 {
                    sum.duplicates += 1;
                    continue;
                }
                sum.documents += 1;
                let doc_row = tx.last_insert_rowid();
                for f in &doc.forum_facts {
                    add_fact.execute(params![doc_row, f.forum, f.kind, f.date, f.record])?;
                }
                for e in &doc.events {
                    let root = e.code.get(..2).unwrap_or(&e.code);
                    sum.events += add_event.execute(params![
                        e.source.code,
                        e.source.sector,
                        e.target.code,
                        e.target.sector,
                        e.code,
                        root,
                        e.plover,
                        e.plover_mode,
                        e.goldstein as f64,
                        e.quad_class as i64,
                        e.date,
                        now
                    ])?;
                    let id: i64 = event_id
                        .query_row(params![e.source.code, e.target.code, e.code, e.date], |r| {
                            r.get(0)
                        })?;
                    for m in &e.mentions {
                        let n = |v: usize| v as i64;
                        sum.mentions += add_mention.execute(params![
                            id,
                            doc_row,
                            n(m.sentence),
                            n(m.source[0]),
                            n(m.source[1]),
                            n(m.event[0]),
                            n(m.event[1]),
                            n(m.target[0]),
                            n(m.target[1]),
                            e.source.name,
                            e.target.name
                        ])?;
                    }
                }
            }
        }
        tx.commit()?;
        Ok(sum)
    }

    fn counts(&self) -> Result<Counts> {
        let count = |table: &str| -> Result<u64> {
            let n: i64 =
                self.conn
                    .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))?;
            Ok(n as u64)
        };
        Ok(Counts {
            documents: count("documents")?,
            events: count("events")?,
            mentions: count("mentions")?,
            actors: count("actors")?,
        })
    }

    fn events(
        &self,
        filter: &EventFilter,
        visit: &mut dyn FnMut(StoredEvent) -> Result<(), Box<dyn std::error::Error + Send + Sync>>,
    ) -> Result<()> {
        let (clauses, mut args) = where_clause(filter)?;
        if filter.after.is_some() && filter.order != EventOrder::Id {
            return Err(StoreError::Filter(
                "the after= cursor follows the id order; use offset with another order".into(),
            ));
        }
        let mentions = "(SELECT COUNT(*) FROM mentions WHERE event_id = e.id)";
        let order = match filter.order {
            EventOrder::Id => "e.id".to_string(),
            // Partial dates sort by their first day.
            EventOrder::DateDesc => "e.date_start DESC, e.id DESC".into(),
            EventOrder::DateAsc => "e.date_start IS NULL, e.date_start, e.id".into(),
            EventOrder::GoldsteinDesc => "e.goldstein DESC, e.id".into(),
            EventOrder::GoldsteinAsc => "e.goldstein, e.id".into(),
            EventOrder::MentionsDesc => format!("{mentions} DESC, e.id"),
            EventOrder::MentionsAsc => format!("{mentions}, e.id"),
        };
        let sql = if filter.limit.is_some() || filter.offset.is_some() {
            // Bound, not written into the text: one prepared statement serves
            // every page of a filter's shape (the server asks for pages all day).
            args.push(
                filter
                    .limit
                    .map_or(Ok(-1), |n| sql_count("limit", n))?
                    .into(),
            );
            let limit = args.len();
            args.push(sql_count("offset", filter.offset.unwrap_or(0))?.into());
            let offset = args.len();
            // A page's ids come from the index alone, skipped rows included; the
            // columns of an event (its counts, its first report) are read only for
            // the rows of the page.
            format!(
                "SELECT {EVENT_COLUMNS} FROM (SELECT e.id AS page_id FROM events e WHERE 1 = 1{clauses}
                     ORDER BY {order} LIMIT ?{limit} OFFSET ?{offset}) page
                 JOIN events e ON e.id = page.page_id {EVENT_JOINS} ORDER BY {order}"
            )
        } else {
            format!("SELECT {EVENT_COLUMNS} FROM events e {EVENT_JOINS} WHERE 1 = 1{clauses} ORDER BY {order}")
        };
        let mut st = self.conn.prepare_cached(&sql)?;
        let mut rows = st.query(rusqlite::params_from_iter(args))?;
        while let Some(row) = rows.next()? {
            self.check_cancel()?;
            visit(stored_event(row)?).map_err(StoreError::Visitor)?;
        }
        Ok(())
    }

    fn event(&self, id: i64, page: ReportPage) -> Result<Option<EventDetail>> {
        let sql = format!("SELECT {EVENT_COLUMNS} FROM events e {EVENT_JOINS} WHERE e.id = ?1");
        let Some(event) = self.conn.query_row(&sql, [id], stored_event).optional()? else {
            return Ok(None);
        };
        // The page's documents, in the order the store first saw them report it.
        let mut st = self.conn.prepare_cached(
            "SELECT document_id FROM mentions WHERE event_id = ?1
             GROUP BY document_id ORDER BY MIN(id) LIMIT ?2 OFFSET ?3",
        )?;
        let docs = st
            .query_map(
                params![
                    id,
                    sql_count("limit", page.limit)?,
                    sql_count("offset", page.offset)?
                ],
                |r| r.get::<_, i64>(0),
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut document = self.conn.prepare_cached(
            "SELECT doc_id, url, outlet, title, date, text FROM documents WHERE id = ?1",
        )?;
        let mut mentions = self.conn.prepare_cached(
            "SELECT sentence, source_start, source_end, event_start, event_end,
                 target_start, target_end
             FROM mentions WHERE event_id = ?1 AND document_id = ?2 ORDER BY id LIMIT ?3",
        )?;
        let mut count = self.conn.prepare_cached(
            "SELECT COUNT(*) FROM mentions WHERE event_id = ?1 AND document_id = ?2",
        )?;
        let mut reports = Vec::with_capacity(docs.len());
        for doc in docs {
            let spans = mentions
                .query_map(params![id, doc, MAX_REPORT_MENTIONS as i64], |r| {
                    let n =
                        |i: usize| -> rusqlite::Result<usize> { Ok(r.get::<_, i64>(i)? as usize) };
                    Ok(Spans {
                        sentence: n(0)?,
                        source: [n(1)?, n(2)?],
                        event: [n(3)?, n(4)?],
                        target: [n(5)?, n(6)?],
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let total: i64 = count.query_row(params![id, doc], |r| r.get(0))?;
            // The text is read once for the document, not once per mention.
            let report = document.query_row([doc], |r| {
                Ok(Report {
                    doc_id: r.get(0)?,
                    url: r.get(1)?,
                    outlet: r.get(2)?,
                    title: r.get(3)?,
                    published: r.get(4)?,
                    text: r.get(5)?,
                    mentions: Vec::new(),
                    mentions_total: total as u64,
                })
            })?;
            reports.push(Report {
                mentions: spans,
                ..report
            });
        }
        Ok(Some(EventDetail {
            event,
            reports,
            reports_offset: page.offset,
        }))
    }

    fn weekly(&self, filter: &EventFilter) -> Result<WeeklySeries> {
        use chrono::{Datelike, NaiveDate};
        let (clauses, args) = where_clause(filter)?;
        // Counted by day in SQL (a dyad's rows come in date order from its covering
        // index, so no sort), by week here: SQLite's date() on every row cost most of
        // the time of a busy dyad.
        let sql = format!(
            "SELECT e.event_date, e.quad_class, COUNT(*), SUM(e.goldstein)
             FROM events e WHERE 1 = 1{clauses}
             GROUP BY e.event_date, e.quad_class"
        );
        let mut weeks: std::collections::BTreeMap<NaiveDate, ([u64; 4], f64)> =
            std::collections::BTreeMap::new();
        let mut undated = 0u64;
        let mut st = self.conn.prepare_cached(&sql)?;
        let mut rows = st.query(rusqlite::params_from_iter(args.iter()))?;
        // Rows come by day, a few to a day: each day is read once.
        let mut last: Option<(String, Option<NaiveDate>)> = None;
        while let Some(r) = rows.next()? {
            let quad: i64 = r.get(1)?;
            let n = r.get::<_, i64>(2)? as u64;
            let sum: f64 = r.get(3)?;
            let text = r.get_ref(0)?.as_str().unwrap_or("");
            let day = match &last {
                Some((t, d)) if t == text => *d,
                _ => {
                    // Only events dated to the day have a week.
                    let d = (text.len() == 10)
                        .then(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
                        .flatten();
                    last = Some((text.to_string(), d));
                    d
                }
            };
            let Some(day) = day else {
                undated += n;
                continue;
            };
            let monday = day - chrono::Days::new(u64::from(day.weekday().num_days_from_monday()));
            let week = weeks.entry(monday).or_insert(([0; 4], 0.0));
            if (1..=4).contains(&quad) {
                week.0[quad as usize - 1] += n;
            }
            week.1 += sum;
        }
        let weeks = weeks
            .into_iter()
            .map(|(monday, (quad, sum))| {
                let n: u64 = quad.iter().sum();
                WeekCount {
                    week: monday.format("%Y-%m-%d").to_string(),
                    quad,
                    goldstein_mean: if n == 0 { 0.0 } else { sum / n as f64 },
                }
            })
            .collect();
        Ok(WeeklySeries { weeks, undated })
    }

    fn actors(
        &self,
        search: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<ActorSummary>> {
        let pattern = search.map(|s| {
            let escaped = s
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            format!("%{escaped}%")
        });
        let sql = format!(
            "SELECT {ACTOR_COLUMNS} FROM actors a
             WHERE ?1 IS NULL OR a.code LIKE ?1 ESCAPE '\\' OR a.name LIKE ?1 ESCAPE '\\'
             ORDER BY as_source + as_target DESC, a.code LIMIT ?2 OFFSET ?3"
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st.query_map(
            params![
                pattern,
                sql_count("limit", limit)?,
                sql_count("offset", offset)?
            ],
            actor_summary,
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn actor(&self, code: &str) -> Result<Option<ActorSummary>> {
        let sql = format!("SELECT {ACTOR_COLUMNS} FROM actors a WHERE a.code = ?1");
        if let Some(a) = self
            .conn
            .query_row(&sql, [code], actor_summary)
            .optional()?
        {
            return Ok(Some(a));
        }
        // Not in the actors table: known only from events (named by a mention).
        let found = self.conn.query_row(
            "SELECT (SELECT COUNT(*) FROM events WHERE source = ?1),
                        (SELECT COUNT(*) FROM events WHERE target = ?1),
                        (SELECT CASE WHEN e.source = ?1 THEN m.source_name ELSE m.target_name END
                         FROM events e JOIN mentions m ON m.event_id = e.id
                         WHERE e.source = ?1 OR e.target = ?1 LIMIT 1)",
            [code],
            |r| {
                Ok((
                    r.get::<_, i64>(0)? as u64,
                    r.get::<_, i64>(1)? as u64,
                    r.get::<_, Option<String>>(2)?,
                ))
            },
        )?;
        Ok(match found {
            (0, 0, _) => None,
            (as_source, as_target, name) => Some(ActorSummary {
                code: code.to_string(),
                name: name.unwrap_or_else(|| code.to_string()),
                kind: ActorKind::Other,
                country: None,
                as_source,
                as_target,
            }),
        })
    }

    fn documents(
        &self,
        filter: &DocumentFilter,
        visit: &mut dyn FnMut(
            StoredDocument,
        ) -> Result<(), Box<dyn std::error::Error + Send + Sync>>,
    ) -> Result<()> {
        let mut sql = String::from(
            "SELECT d.id, d.doc_id, d.date, d.title, d.outlet, d.url, d.text
             FROM documents d WHERE 1 = 1",
        );
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        if let Some(id) = &filter.doc_id {
            args.push(id.clone().into());
            sql.push_str(&format!(" AND d.doc_id = ?{}", args.len()));
        }
        if filter.without_forum_facts {
            sql.push_str(" AND d.forum_facts_read = 0");
        }
        if let Some(f) = &filter.from {
            args.push(day_from(f)?.into());
            sql.push_str(&format!(
                " AND (d.date IS NULL OR d.date >= ?{})",
                args.len()
            ));
        }
        if let Some(t) = &filter.to {
            args.push(day_to(t)?.into());
            sql.push_str(&format!(
                " AND (d.date IS NULL OR d.date <= ?{})",
                args.len()
            ));
        }
        let phrases: Vec<&String> = filter.any_text.iter().filter(|p| !p.is_empty()).collect();
        if !phrases.is_empty() {
            let mut any = Vec::new();
            for p in phrases {
                args.push(like_literal(p).into());
                any.push(format!("d.text LIKE ?{} ESCAPE '\\'", args.len()));
            }
            sql.push_str(&format!(" AND ({})", any.join(" OR ")));
        }
        sql.push_str(" ORDER BY d.date IS NULL, d.date, d.id");
        if let Some(n) = filter.limit {
            sql.push_str(&format!(" LIMIT {}", sql_count("limit", n)?));
        }
        let mut st = self.conn.prepare(&sql)?;
        let mut ev = self.conn.prepare_cached(
            "SELECT event_id, event_start, event_end FROM mentions
             WHERE document_id = ?1 ORDER BY event_start, id",
        )?;
        let mut rows = st.query(rusqlite::params_from_iter(args))?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let events = ev
                .query_map([id], |m| {
                    Ok(DocumentEvent {
                        event_id: m.get(0)?,
                        event: [m.get::<_, i64>(1)? as usize, m.get::<_, i64>(2)? as usize],
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let doc = StoredDocument {
                id,
                doc_id: r.get(1)?,
                date: r.get(2)?,
                title: r.get(3)?,
                outlet: r.get(4)?,
                url: r.get(5)?,
                text: r.get(6)?,
                events,
            };
            // The visitor may take long over each row (forum status codes each
            // document): look at the flag between rows, not only inside queries.
            self.check_cancel()?;
            visit(doc).map_err(StoreError::Visitor)?;
        }
        Ok(())
    }

    fn events_version(&self) -> Result<Option<i64>> {
        // Event ids only grow (rows are never updated or deleted): the largest is
        // a version, read from the end of the table's tree.
        let mut st = self
            .conn
            .prepare_cached("SELECT COALESCE(MAX(id), 0) FROM events")?;
        Ok(Some(st.query_row([], |r| r.get(0))?))
    }

    fn set_cancel(&mut self, flag: Option<Arc<AtomicBool>>) {
        *self.cancel.lock().unwrap_or_else(|p| p.into_inner()) = flag;
    }

    fn forum_facts(
        &self,
        forums: &[String],
        visit: &mut dyn FnMut(
            StoredForumFact,
        ) -> Result<(), Box<dyn std::error::Error + Send + Sync>>,
    ) -> Result<()> {
        let mut sql =
            String::from("SELECT document_id, forum, kind, date, record FROM forum_facts f");
        if !forums.is_empty() {
            let marks: Vec<String> = (1..=forums.len()).map(|i| format!("?{i}")).collect();
            sql.push_str(&format!(" WHERE f.forum IN ({})", marks.join(", ")));
        }
        sql.push_str(" ORDER BY f.id");
        let mut st = self.conn.prepare_cached(&sql)?;
        let mut rows = st.query(rusqlite::params_from_iter(forums))?;
        while let Some(r) = rows.next()? {
            self.check_cancel()?;
            let fact = StoredForumFact {
                document: r.get(0)?,
                forum: r.get(1)?,
                kind: r.get(2)?,
                date: r.get(3)?,
                record: r.get(4)?,
            };
            visit(fact).map_err(StoreError::Visitor)?;
        }
        Ok(())
    }

    fn add_forum_facts(&mut self, facts: &[(i64, Vec<NewForumFact>)]) -> Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut add = tx.prepare_cached(
                "INSERT INTO forum_facts (document_id, forum, kind, date, record)
                 SELECT ?1, ?2, ?3, ?4, ?5 WHERE EXISTS (
                     SELECT 1 FROM documents WHERE id = ?1 AND forum_facts_read = 0)",
            )?;
            let mut read =
                tx.prepare_cached("UPDATE documents SET forum_facts_read = 1 WHERE id = ?1")?;
            for (doc, list) in facts {
                // Facts of a document already read (by another process meanwhile)
                // are not stored twice.
                for f in list {
                    add.execute(params![doc, f.forum, f.kind, f.date, f.record])?;
                }
                read.execute([doc])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    fn counterparts(&self, code: &str, limit: usize) -> Result<Vec<Counterpart>> {
        let mut st = self.conn.prepare_cached(
            "SELECT c.other, COALESCE(a.name, c.other), SUM(c.outgoing), SUM(c.incoming)
             FROM (SELECT target AS other, COUNT(*) AS outgoing, 0 AS incoming
                       FROM events WHERE source = ?1 GROUP BY target
                   UNION ALL
                   SELECT source, 0, COUNT(*) FROM events WHERE target = ?1 GROUP BY source) c
             LEFT JOIN actors a ON a.code = c.other
             GROUP BY c.other
             ORDER BY SUM(c.outgoing) + SUM(c.incoming) DESC, c.other
             LIMIT ?2",
        )?;
        let rows = st.query_map(params![code, limit as i64], |r| {
            Ok(Counterpart {
                code: r.get(0)?,
                name: r.get(1)?,
                outgoing: r.get::<_, i64>(2)? as u64,
                incoming: r.get::<_, i64>(3)? as u64,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn top_dyads(&self, filter: &EventFilter, limit: usize) -> Result<Vec<DyadCount>> {
        self.top_dyads_sql(filter, limit)
    }

    fn country_counts(&self, filter: &EventFilter) -> Result<Vec<CountryCount>> {
        self.country_counts_sql(filter)
    }
}

impl SqliteStore {
    fn top_dyads_sql(&self, filter: &EventFilter, limit: usize) -> Result<Vec<DyadCount>> {
        let (clauses, args) = where_clause(filter)?;
        let sql = format!(
            "SELECT e.source, COALESCE(sa.name, e.source), e.target, COALESCE(ta.name, e.target),
                 COUNT(*), AVG(e.goldstein)
             FROM events e LEFT JOIN actors sa ON sa.code = e.source
                 LEFT JOIN actors ta ON ta.code = e.target
             WHERE 1 = 1{clauses}
             GROUP BY e.source, e.target ORDER BY COUNT(*) DESC, e.source, e.target LIMIT {limit}"
        );
        let mut st = self.conn.prepare(&sql)?;
        let rows = st.query_map(rusqlite::params_from_iter(args), |r| {
            Ok(DyadCount {
                source: r.get(0)?,
                source_name: r.get(1)?,
                target: r.get(2)?,
                target_name: r.get(3)?,
                events: r.get::<_, i64>(4)? as u64,
                goldstein_mean: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn country_counts_sql(&self, filter: &EventFilter) -> Result<Vec<CountryCount>> {
        let (clauses, args) = where_clause(filter)?;
        // A side's country: the actors table's, else a state code itself.
        let side = |col: &str, alias: &str| {
            format!(
                "SELECT e.id, COALESCE({alias}.country,
                     CASE WHEN length(e.{col}) = 3 THEN e.{col} END) AS country
                 FROM events e LEFT JOIN actors {alias} ON {alias}.code = e.{col}
                 WHERE 1 = 1{clauses}"
            )
        };
        let sql = format!(
            "SELECT country, COUNT(*) FROM ({} UNION {})
             WHERE country IS NOT NULL GROUP BY country ORDER BY COUNT(*) DESC, country",
            side("source", "sa"),
            side("target", "ta")
        );
        let mut st = self.conn.prepare(&sql)?;
        let rows = st.query_map(rusqlite::params_from_iter(args), |r| {
            Ok(CountryCount {
                country: r.get(0)?,
                events: r.get::<_, i64>(1)? as u64,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// What each event row of [`EVENT_COLUMNS`] joins (after `FROM events e`).
const EVENT_JOINS: &str = "
    JOIN mentions m ON m.id = (SELECT MIN(id) FROM mentions WHERE event_id = e.id)
    JOIN documents d ON d.id = m.document_id
    LEFT JOIN actors sa ON sa.code = e.source
    LEFT JOIN actors ta ON ta.code = e.target";

const ACTOR_COLUMNS: &str = "a.code, a.name, a.kind, a.country,
    (SELECT COUNT(*) FROM events WHERE source = a.code) AS as_source,
    (SELECT COUNT(*) FROM events WHERE target = a.code) AS as_target";

fn actor_summary(r: &Row<'_>) -> rusqlite::Result<ActorSummary> {
    Ok(ActorSummary {
        code: r.get(0)?,
        name: r.get(1)?,
        kind: ActorKind::parse(&r.get::<_, String>(2)?),
        country: r.get(3)?,
        as_source: r.get::<_, i64>(4)? as u64,
        as_target: r.get::<_, i64>(5)? as u64,
    })
}

/// The filter's conditions on the events table (alias `e`), each starting
/// with ` AND`, and their arguments in order.
fn where_clause(filter: &EventFilter) -> Result<(String, Vec<rusqlite::types::Value>)> {
    let mut sql = String::new();
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    for c in event_conditions(filter)? {
        args.push(match c.value {
            SqlValue::Text(s) => s.into(),
            SqlValue::Int(i) => i.into(),
        });
        sql.push_str(&format!(" AND {} ?{}", c.clause, args.len()));
    }
    Ok((sql, args))
}

#[cfg(test)]
mod tests {
    //! What only SQLite has: files, `PRAGMA user_version`, its progress handler.
    //! What both backends must mean is in `suite.rs`.
    use super::*;
    use crate::suite::{doc, event};
    use crate::testing::temp_sqlite as temp;

    #[test]
    fn an_old_file_is_migrated_and_keeps_its_rows() {
        let path = temp("old.db");
        {
            let old = SqliteStore::open_at_version(&path, 1).unwrap();
            assert_eq!(old.schema_version().unwrap(), 1);
            // Rows as a demarche of schema version 1 wrote them.
            old.conn
                .execute_batch(
                    "INSERT INTO documents (doc_id, outlet, content_hash, text, ingested_at)
                         VALUES ('a', 'Wire', 'a', 'USA met RUS.', 'now');
                     INSERT INTO events (source, target, code, root, plover, goldstein,
                         quad_class, event_date, first_seen)
                         VALUES ('USA', 'RUS', '040', '04', 'CONSULT', 1.0, 1, '2017', 'now');
                     INSERT INTO mentions (event_id, document_id, sentence, source_start,
                         source_end, event_start, event_end, target_start, target_end,
                         source_name, target_name)
                         VALUES (1, 1, 0, 0, 3, 4, 7, 8, 11, 'USA', 'RUS');",
                )
                .unwrap();
            // Version 1 has no date range columns.
            assert!(old.conn.prepare("SELECT date_start FROM events").is_err());
        }
        let s = SqliteStore::open(&path).unwrap();
        assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
        assert_eq!(s.counts().unwrap().events, 1);
        let mut n = 0;
        let f = EventFilter {
            from: Some("2017-05-01".into()),
            to: Some("2017-05-02".into()),
            ..Default::default()
        };
        s.events(&f, &mut |_| {
            n += 1;
            Ok(())
        })
        .unwrap();
        assert_eq!(n, 1);
        // Opening again changes nothing.
        drop(s);
        assert_eq!(
            SqliteStore::open(&path).unwrap().schema_version().unwrap(),
            SCHEMA_VERSION
        );
    }

    #[test]
    fn a_newer_file_is_refused() {
        let path = temp("new.db");
        {
            let s = SqliteStore::open(&path).unwrap();
            s.conn.pragma_update(None, "user_version", 99).unwrap();
        }
        assert!(matches!(
            SqliteStore::open(&path),
            Err(StoreError::TooNew { found: 99, .. })
        ));
    }

    #[test]
    fn a_reader_sees_what_the_writer_committed_and_cannot_write() {
        let path = temp("reader");
        let mut w = SqliteStore::open(&path).unwrap();
        let mut r = SqliteStore::open_reader(&path).unwrap();
        assert_eq!(r.counts().unwrap().documents, 0);
        w.write_batch(
            &[doc(
                "h1",
                "Wire",
                vec![event("USA", "RUS", "040", "2017-03-07", 0)],
            )],
            &[],
        )
        .unwrap();
        assert_eq!(r.counts().unwrap().documents, 1);
        let e = r
            .write_batch(&[doc("h2", "Wire", vec![])], &[])
            .unwrap_err();
        assert!(e.to_string().contains("readonly"), "{e}");
        assert!(SqliteStore::open_reader(&temp("absent")).is_err());
    }

    #[test]
    fn a_set_cancel_flag_stops_the_query_under_way() {
        let path = temp("cancel");
        let mut s = SqliteStore::open(&path).unwrap();
        let flag = Arc::new(AtomicBool::new(false));
        s.set_cancel(Some(flag.clone()));
        let count = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) \
                     SELECT COUNT(*) FROM (SELECT i FROM n LIMIT 100000000)";
        let setter = {
            let flag = flag.clone();
            std::thread::spawn(move || {
                std::thread::sleep(std::time::Duration::from_millis(100));
                flag.store(true, Ordering::Relaxed);
            })
        };
        let started = std::time::Instant::now();
        let r: rusqlite::Result<i64> = s.conn.query_row(count, [], |r| r.get(0));
        setter.join().unwrap();
        assert!(matches!(
            StoreError::from(r.unwrap_err()),
            StoreError::Cancelled
        ));
        assert!(started.elapsed().as_secs() < 10);
        // Without the flag, the connection works again.
        s.set_cancel(None);
        assert_eq!(s.counts().unwrap().events, 0);
    }

    #[test]
    fn documents_stored_before_forum_facts_are_found_and_read_once() {
        let path = temp("legacy-facts");
        {
            // Rows as a demarche of schema version 3 wrote them.
            let old = SqliteStore::open_at_version(&path, 3).unwrap();
            old.conn
                .execute_batch(
                    "INSERT INTO documents (doc_id, content_hash, text, ingested_at)
                     VALUES ('a', 'a', 'A.', 'now'), ('b', 'b', 'B.', 'now')",
                )
                .unwrap();
        }
        let mut s = SqliteStore::open(&path).unwrap();
        crate::suite::legacy_documents_get_their_facts_once(&mut s);
    }
}
