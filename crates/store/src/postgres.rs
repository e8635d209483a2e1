//! [`PostgresStore`]: the store in a PostgreSQL database (15 or later), for
//! several writers (coding workers on any machine) and many readers at once.
//!
//! It means what [`crate::SqliteStore`] means, table for table: the same rows,
//! the same text dates (`COLLATE "C"`, so that they sort as SQLite sorts them),
//! the same filters, orders and counts; the shared suite (`suite.rs`) holds both
//! to it. What differs is how several writers are kept apart:
//! - a batch is one transaction, and batches of all writers are serialised by a
//!   transaction-level advisory lock: coding (seconds a batch) runs in parallel,
//!   writing (milliseconds a batch) one at a time, so two workers never deadlock
//!   on the same new event and ids follow the order of the batches;
//! - migrations run under another advisory lock, so workers starting together
//!   apply each step once;
//! - a call is cancelled by PostgreSQL's own cancel request, sent by a watcher
//!   thread when the flag given to [`EventStore::set_cancel`] is set.

use std::borrow::Cow;
use std::cell::{RefCell, RefMut};
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use postgres::error::SqlState;
use postgres::types::ToSql;
use postgres::{Client, Config, NoTls, Row};

use crate::{
    day_from, day_to, event_conditions, like_literal, sql_count, ActorInfo, ActorKind,
    ActorSummary, BatchSummary, Counterpart, CountryCount, Counts, DocumentEvent, DocumentFilter,
    DyadCount, EventDetail, EventFilter, EventOrder, EventStore, FirstReport, NewDocument,
    NewEvent, NewForumFact, Report, ReportPage, Result, Spans, SqlValue, StoreError, StoredActor,
    StoredDocument, StoredEvent, StoredForumFact, WeekCount, WeeklySeries, MAX_REPORT_MENTIONS,
};

/// The schema, one migration a step, in order; `demarche_schema.version` is the
/// number of steps applied. Never edit a step that has shipped: add one.
/// Silence on a connection after which the client probes the server.
const KEEPALIVE_IDLE: Duration = Duration::from_secs(30);

const MIGRATIONS: &[&str] = &[
    // 1: documents, actors, events and mentions, with every index SQLite's three
    // first steps made. Text that is compared or sorted is `COLLATE "C"`: byte
    // order, as SQLite compares, whatever the database's locale.
    r#"
    CREATE TABLE documents (
        id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        doc_id       TEXT COLLATE "C" NOT NULL,
        outlet       TEXT COLLATE "C",
        url          TEXT,
        title        TEXT,
        date         TEXT COLLATE "C",
        content_hash TEXT COLLATE "C" NOT NULL UNIQUE,
        text         TEXT NOT NULL,
        ingested_at  TEXT NOT NULL
    );
    CREATE INDEX documents_doc_id ON documents (doc_id);
    CREATE TABLE actors (
        code    TEXT COLLATE "C" PRIMARY KEY,
        name    TEXT COLLATE "C" NOT NULL,
        kind    TEXT NOT NULL,
        country TEXT COLLATE "C"
    );
    CREATE TABLE events (
        id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        source        TEXT COLLATE "C" NOT NULL,
        source_sector TEXT,
        target        TEXT COLLATE "C" NOT NULL,
        target_sector TEXT,
        code          TEXT COLLATE "C" NOT NULL,
        root          TEXT COLLATE "C" NOT NULL,
        plover        TEXT NOT NULL,
        plover_mode   TEXT,
        goldstein     DOUBLE PRECISION NOT NULL,
        quad_class    BIGINT NOT NULL,
        event_date    TEXT COLLATE "C" NOT NULL,
        first_seen    TEXT NOT NULL,
        date_start    TEXT COLLATE "C" GENERATED ALWAYS AS (
            CASE length(event_date) WHEN 4 THEN event_date || '-01-01'
                WHEN 7 THEN event_date || '-01' WHEN 10 THEN event_date END) STORED,
        date_end      TEXT COLLATE "C" GENERATED ALWAYS AS (
            CASE length(event_date) WHEN 4 THEN event_date || '-12-31'
                WHEN 7 THEN event_date || '-31' WHEN 10 THEN event_date END) STORED,
        UNIQUE (source, target, code, event_date)
    );
    CREATE INDEX events_target ON events (target, source);
    CREATE INDEX events_code ON events (code);
    CREATE INDEX events_date_start ON events (date_start);
    CREATE INDEX events_date_end ON events (date_end);
    CREATE INDEX events_dyad ON events (source, target, event_date, quad_class, goldstein);
    CREATE TABLE mentions (
        id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        event_id     BIGINT NOT NULL REFERENCES events (id),
        document_id  BIGINT NOT NULL REFERENCES documents (id),
        sentence     BIGINT NOT NULL,
        source_start BIGINT NOT NULL,
        source_end   BIGINT NOT NULL,
        event_start  BIGINT NOT NULL,
        event_end    BIGINT NOT NULL,
        target_start BIGINT NOT NULL,
        target_end   BIGINT NOT NULL,
        source_name  TEXT NOT NULL,
        target_name  TEXT NOT NULL,
        UNIQUE (event_id, document_id, sentence, event_start)
    );
    CREATE INDEX mentions_document ON mentions (document_id);
    -- An event's first report is its lowest mention id.
    CREATE INDEX mentions_event_first ON mentions (event_id, id);
    "#,
    // 2: forum facts read from each document at ingest (SQLite's step 4).
    r#"
    CREATE TABLE forum_facts (
        id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        document_id BIGINT NOT NULL REFERENCES documents (id),
        forum       TEXT COLLATE "C" NOT NULL,
        kind        TEXT NOT NULL,
        date        TEXT COLLATE "C" NOT NULL,
        record      TEXT NOT NULL
    );
    CREATE INDEX forum_facts_forum ON forum_facts (forum);
    ALTER TABLE documents ADD COLUMN forum_facts_read BOOLEAN NOT NULL DEFAULT FALSE;
    CREATE INDEX documents_facts_unread ON documents (id) WHERE NOT forum_facts_read;
    "#,
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Advisory lock keys (first half): migrations, and the one writer at a time.
/// The second half is the hash of the schema, so stores in other schemas of the
/// same database do not wait for each other.
const MIGRATION_LOCK: i32 = 0x0de_3a4c;
const WRITER_LOCK: i32 = 0x0de_3a4d;

/// Rows fetched from the server at a time while visiting a result: memory
/// stays that of a few hundred rows, however many match.
const FETCH_ROWS: i32 = 256;

/// How often a write that lost a deadlock or a serialisation conflict is tried
/// again (in practice never: writers hold the writer lock).
const WRITE_ATTEMPTS: usize = 5;

/// How long to wait for the server to accept a connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

pub struct PostgresStore {
    /// Reads take `&self`; the client needs `&mut`. One call at a time, as with
    /// SQLite's connection.
    client: RefCell<Client>,
    /// The URL with its password hidden, for messages.
    name: String,
    cancel: Cancel,
}

/// The flag of [`EventStore::set_cancel`] and the thread that watches it.
struct Cancel {
    token: postgres::CancelToken,
    flag: Option<Arc<AtomicBool>>,
    watcher: Option<(Arc<AtomicBool>, JoinHandle<()>)>,
}

impl Cancel {
    /// Starts watching `flag`: once it is set, the query running on the
    /// connection is cancelled by the server (SQLSTATE 57014).
    fn watch(&mut self, flag: Option<Arc<AtomicBool>>) {
        self.stop();
        self.flag = flag.clone();
        let Some(flag) = flag else { return };
        let stop = Arc::new(AtomicBool::new(false));
        let token = self.token.clone();
        let stopped = stop.clone();
        let handle = std::thread::Builder::new()
            .name("pg-cancel".into())
            .spawn(move || {
                while !stopped.load(Ordering::Relaxed) {
                    if flag.load(Ordering::Relaxed) {
                        // A failed cancel leaves the query to end by itself.
                        if let Err(e) = token.cancel_query(NoTls) {
                            tracing::warn!("cancelling a PostgreSQL query failed: {e}");
                        }
                        return;
                    }
                    std::thread::park_timeout(Duration::from_millis(5));
                }
            });
        match handle {
            Ok(h) => self.watcher = Some((stop, h)),
            // Without a watcher the flag is still looked at between rows.
            Err(e) => tracing::warn!("no thread to watch the cancel flag: {e}"),
        }
    }

    /// Stops the watcher and waits for it, so that no cancel request from an
    /// earlier call can reach a later one.
    fn stop(&mut self) {
        if let Some((stop, handle)) = self.watcher.take() {
            stop.store(true, Ordering::Relaxed);
            handle.thread().unpark();
            let _ = handle.join();
        }
    }

    fn check(&self) -> Result<()> {
        match &self.flag {
            Some(f) if f.load(Ordering::Relaxed) => Err(StoreError::Cancelled),
            _ => Ok(()),
        }
    }
}

impl Drop for Cancel {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A PostgreSQL error as the store reports it: a cancelled query is
/// [`StoreError::Cancelled`], anything else the server's words.
fn pg(e: postgres::Error) -> StoreError {
    if e.code() == Some(&SqlState::QUERY_CANCELED) {
        return StoreError::Cancelled;
    }
    match e.as_db_error() {
        Some(db) => {
            let mut s = format!("postgres: {}: {}", db.severity(), db.message());
            if let Some(d) = db.detail() {
                s.push_str(&format!(" ({d})"));
            }
            StoreError::Backend(s)
        }
        None => StoreError::Backend(format!("postgres: {e}")),
    }
}

/// The URL with the password replaced by `***`.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, tail) = match rest.find(['/', '?']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    match authority.rsplit_once('@') {
        Some((creds, host)) => match creds.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}{tail}"),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

/// PostgreSQL text holds no NUL character: the ones in a name or title (never
/// in a document's text, which the readers refuse) become U+FFFD.
fn no_nul(s: &str) -> Cow<'_, str> {
    if s.contains('\0') {
        Cow::Owned(s.replace('\0', "\u{FFFD}"))
    } else {
        Cow::Borrowed(s)
    }
}

fn no_nul_opt(s: &Option<String>) -> Option<String> {
    s.as_deref().map(|s| no_nul(s).into_owned())
}

impl PostgresStore {
    /// Connects to the database at `url` (`postgres://user:password@host:port/db`,
    /// with libpq's parameters such as `?options=-c%20search_path%3Dschema`) and
    /// migrates it; an empty database becomes a store.
    pub fn open(url: &str) -> Result<PostgresStore> {
        Self::open_at_version(url, SCHEMA_VERSION)
    }

    /// Connects to a store that must already exist (for reading commands).
    pub fn open_existing(url: &str) -> Result<PostgresStore> {
        let mut store = Self::connect(url)?;
        if store.schema_version()? == 0 {
            return Err(StoreError::Backend(format!(
                "no store in {} (run `demarche ingest --store {}` first)",
                store.name, store.name
            )));
        }
        store.migrate(SCHEMA_VERSION)?;
        Ok(store)
    }

    /// A connection for reading only: every transaction on it is read-only.
    /// The store must be at this build's schema version.
    pub fn open_reader(url: &str) -> Result<PostgresStore> {
        let store = Self::connect(url)?;
        let found = store.schema_version()?;
        if found != SCHEMA_VERSION {
            return Err(StoreError::Backend(format!(
                "{} is at schema version {found}, not {SCHEMA_VERSION}",
                store.name
            )));
        }
        store
            .client
            .borrow_mut()
            .batch_execute("SET default_transaction_read_only = on")
            .map_err(pg)?;
        Ok(store)
    }

    /// Connects and migrates only up to `version`: how tests make an old store.
    #[doc(hidden)]
    pub fn open_at_version(url: &str, version: i64) -> Result<PostgresStore> {
        let mut store = Self::connect(url)?;
        store.migrate(version)?;
        Ok(store)
    }

    fn connect(url: &str) -> Result<PostgresStore> {
        let name = redact(url);
        let mut config: Config = url
            .parse()
            .map_err(|e| StoreError::Backend(format!("{name} is not a PostgreSQL URL: {e}")))?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        // A server that vanishes (a machine down, a cut network) is noticed
        // within a minute or so, not after the system's two hours of silence:
        // no worker or server waits on it forever.
        if !url.contains("keepalives_idle") {
            config.keepalives(true).keepalives_idle(KEEPALIVE_IDLE);
        }
        if config.get_application_name().is_none() {
            config.application_name("demarche");
        }
        let mut client = config
            .connect(NoTls)
            .map_err(|e| StoreError::Backend(format!("cannot connect to {name}: {e}")))?;
        // Spans are byte offsets into UTF-8 text: another server encoding would
        // move them.
        let encoding: String = client
            .query_one("SHOW server_encoding", &[])
            .map_err(pg)?
            .get(0);
        if encoding != "UTF8" {
            return Err(StoreError::Backend(format!(
                "{name} uses the {encoding} encoding; demarche needs a UTF8 database"
            )));
        }
        let token = client.cancel_token();
        Ok(PostgresStore {
            client: RefCell::new(client),
            name,
            cancel: Cancel {
                token,
                flag: None,
                watcher: None,
            },
        })
    }

    /// The URL the store was opened with, its password hidden.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The client, for one call at a time.
    pub(crate) fn client(&self) -> Result<RefMut<'_, Client>> {
        self.client.try_borrow_mut().map_err(|_| {
            StoreError::Backend("the PostgreSQL connection is already in use by this call".into())
        })
    }

    /// The schema version of the store (0: none yet).
    pub fn schema_version(&self) -> Result<i64> {
        let mut c = self.client()?;
        let exists: bool = c
            .query_one("SELECT to_regclass('demarche_schema') IS NOT NULL", &[])
            .map_err(pg)?
            .get(0);
        if !exists {
            return Ok(0);
        }
        let v: Option<i64> = c
            .query_one("SELECT MAX(version) FROM demarche_schema", &[])
            .map_err(pg)?
            .get(0);
        Ok(v.unwrap_or(0))
    }

    fn migrate(&mut self, upto: i64) -> Result<()> {
        let name = self.name.clone();
        let c = self.client.get_mut();
        let mut tx = c.transaction().map_err(pg)?;
        // One migrating process at a time per schema; the others wait, then find
        // the steps done.
        tx.execute(
            "SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))",
            &[&MIGRATION_LOCK],
        )
        .map_err(pg)?;
        tx.batch_execute("CREATE TABLE IF NOT EXISTS demarche_schema (version BIGINT NOT NULL)")
            .map_err(|e| StoreError::Backend(format!("{name}: {}", pg(e))))?;
        let found: i64 = tx
            .query_one("SELECT COALESCE(MAX(version), 0) FROM demarche_schema", &[])
            .map_err(pg)?
            .get(0);
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
            tx.batch_execute(sql)
                .map_err(|e| StoreError::Backend(format!("migration {step}: {}", pg(e))))?;
            tx.execute("DELETE FROM demarche_schema", &[]).map_err(pg)?;
            tx.execute(
                "INSERT INTO demarche_schema (version) VALUES ($1)",
                &[&step],
            )
            .map_err(pg)?;
        }
        tx.commit().map_err(pg)
    }

    /// Runs `sql` in a read-only transaction and calls `each` with every row,
    /// fetching [`FETCH_ROWS`] at a time (a server-side portal) and looking at
    /// the cancel flag between rows.
    fn stream(
        &self,
        sql: &str,
        args: &[&(dyn ToSql + Sync)],
        mut each: impl FnMut(&Row) -> Result<()>,
    ) -> Result<()> {
        self.cancel.check()?;
        let mut c = self.client()?;
        let mut tx = c.build_transaction().read_only(true).start().map_err(pg)?;
        let portal = tx.bind(sql, args).map_err(pg)?;
        loop {
            let rows = tx.query_portal(&portal, FETCH_ROWS).map_err(pg)?;
            for r in &rows {
                self.cancel.check()?;
                each(r)?;
            }
            if rows.len() < FETCH_ROWS as usize {
                break;
            }
        }
        tx.commit().map_err(pg)
    }

    fn query(&self, sql: &str, args: &[&(dyn ToSql + Sync)]) -> Result<Vec<Row>> {
        self.cancel.check()?;
        self.client()?.query(sql, args).map_err(pg)
    }

    fn query_opt(&self, sql: &str, args: &[&(dyn ToSql + Sync)]) -> Result<Option<Row>> {
        self.cancel.check()?;
        self.client()?.query_opt(sql, args).map_err(pg)
    }

    /// One attempt at writing a batch (see [`EventStore::write_batch`]).
    fn try_write(
        &mut self,
        docs: &[NewDocument],
        actors: &[ActorInfo],
    ) -> std::result::Result<BatchSummary, postgres::Error> {
        let mut sum = BatchSummary::default();
        let mut tx = self.client.get_mut().transaction()?;
        tx.execute(
            "SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))",
            &[&WRITER_LOCK],
        )?;
        let now: String = tx
            .query_one(
                "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
                &[],
            )?
            .get(0);
        if !actors.is_empty() {
            let mut code = Vec::with_capacity(actors.len());
            let mut name = Vec::with_capacity(actors.len());
            let mut kind = Vec::with_capacity(actors.len());
            let mut country = Vec::with_capacity(actors.len());
            for a in actors {
                code.push(no_nul(&a.code).into_owned());
                name.push(no_nul(&a.name).into_owned());
                kind.push(a.kind.as_str());
                country.push(no_nul_opt(&a.country));
            }
            tx.execute(
                "INSERT INTO actors (code, name, kind, country)
                 SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
                 ON CONFLICT (code) DO NOTHING",
                &[&code, &name, &kind, &country],
            )?;
        }
        let add_doc = tx.prepare(
            "INSERT INTO documents (doc_id, outlet, url, title, date, content_hash, text,
                 ingested_at, forum_facts_read)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, TRUE)
             ON CONFLICT (content_hash) DO NOTHING RETURNING id",
        )?;
        // The documents stored by this batch, with their row ids.
        let mut stored: Vec<(&NewDocument, i64)> = Vec::new();
        for doc in docs {
            let row = tx.query_opt(
                &add_doc,
                &[
                    &no_nul(&doc.doc_id),
                    &no_nul_opt(&doc.outlet),
                    &no_nul_opt(&doc.url),
                    &no_nul_opt(&doc.title),
                    &no_nul_opt(&doc.date),
                    &no_nul(&doc.content_hash),
                    &doc.text,
                    &now,
                ],
            )?;
            match row {
                Some(r) => {
                    sum.documents += 1;
                    stored.push((doc, r.get(0)));
                }
                None => sum.duplicates += 1,
            }
        }
        let facts: Vec<(i64, &[NewForumFact])> = stored
            .iter()
            .map(|(d, id)| (*id, d.forum_facts.as_slice()))
            .collect();
        insert_facts(&mut tx, &facts)?;
        // Distinct events in the order they are first reported (as SQLite
        // numbers them); the first report's attributes win, as there.
        let mut keys: Vec<(&str, &str, &str, &str)> = Vec::new();
        let mut first: HashMap<(&str, &str, &str, &str), &NewEvent> = HashMap::new();
        for (doc, _) in &stored {
            for e in &doc.events {
                let key = event_key(e);
                if let std::collections::hash_map::Entry::Vacant(v) = first.entry(key) {
                    v.insert(e);
                    keys.push(key);
                }
            }
        }
        let mut ids: HashMap<(String, String, String, String), i64> = HashMap::new();
        if !keys.is_empty() {
            let col = |f: &dyn Fn(&NewEvent) -> Option<String>| -> Vec<Option<String>> {
                keys.iter().map(|k| f(first[k])).collect()
            };
            let source = col(&|e| Some(no_nul(&e.source.code).into_owned()));
            let source_sector = col(&|e| no_nul_opt(&e.source.sector));
            let target = col(&|e| Some(no_nul(&e.target.code).into_owned()));
            let target_sector = col(&|e| no_nul_opt(&e.target.sector));
            let code = col(&|e| Some(no_nul(&e.code).into_owned()));
            let root = col(&|e| Some(no_nul(e.code.get(..2).unwrap_or(&e.code)).into_owned()));
            let plover = col(&|e| Some(no_nul(&e.plover).into_owned()));
            let plover_mode = col(&|e| no_nul_opt(&e.plover_mode));
            let date = col(&|e| Some(no_nul(&e.date).into_owned()));
            let goldstein: Vec<f64> = keys.iter().map(|k| first[k].goldstein as f64).collect();
            let quad: Vec<i64> = keys.iter().map(|k| first[k].quad_class as i64).collect();
            let added = tx.execute(
                "INSERT INTO events (source, source_sector, target, target_sector, code, root,
                     plover, plover_mode, goldstein, quad_class, event_date, first_seen)
                 SELECT s, ss, t, ts, c, r, p, pm, g, q, d, $12
                 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
                     $6::text[], $7::text[], $8::text[], $9::float8[], $10::int8[], $11::text[])
                     WITH ORDINALITY AS k(s, ss, t, ts, c, r, p, pm, g, q, d, n)
                 ORDER BY n
                 ON CONFLICT (source, target, code, event_date) DO NOTHING",
                &[
                    &source,
                    &source_sector,
                    &target,
                    &target_sector,
                    &code,
                    &root,
                    &plover,
                    &plover_mode,
                    &goldstein,
                    &quad,
                    &date,
                    &now,
                ],
            )?;
            sum.events += added as usize;
            for r in tx.query(
                "SELECT e.id, e.source, e.target, e.code, e.event_date
                 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS k(s, t, c, d)
                 JOIN events e ON e.source = k.s AND e.target = k.t AND e.code = k.c
                     AND e.event_date = k.d",
                &[&source, &target, &code, &date],
            )? {
                ids.insert((r.get(1), r.get(2), r.get(3), r.get(4)), r.get(0));
            }
        }
        let mut m = MentionColumns::default();
        for (doc, doc_row) in &stored {
            for e in &doc.events {
                let key = (
                    no_nul(&e.source.code).into_owned(),
                    no_nul(&e.target.code).into_owned(),
                    no_nul(&e.code).into_owned(),
                    no_nul(&e.date).into_owned(),
                );
                let id = ids[&key];
                for s in &e.mentions {
                    m.push(id, *doc_row, s, &e.source.name, &e.target.name);
                }
            }
        }
        if !m.event.is_empty() {
            let added = tx.execute(
                "INSERT INTO mentions (event_id, document_id, sentence, source_start, source_end,
                     event_start, event_end, target_start, target_end, source_name, target_name)
                 SELECT ev, doc, sen, ss, se, es, ee, ts, te, sn, tn
                 FROM unnest($1::int8[], $2::int8[], $3::int8[], $4::int8[], $5::int8[],
                     $6::int8[], $7::int8[], $8::int8[], $9::int8[], $10::text[], $11::text[])
                     WITH ORDINALITY AS k(ev, doc, sen, ss, se, es, ee, ts, te, sn, tn, n)
                 ORDER BY n
                 ON CONFLICT (event_id, document_id, sentence, event_start) DO NOTHING",
                &[
                    &m.event,
                    &m.document,
                    &m.sentence,
                    &m.spans[0],
                    &m.spans[1],
                    &m.spans[2],
                    &m.spans[3],
                    &m.spans[4],
                    &m.spans[5],
                    &m.source_name,
                    &m.target_name,
                ],
            )?;
            sum.mentions += added as usize;
        }
        tx.commit()?;
        Ok(sum)
    }

    fn top_dyads_sql(&self, filter: &EventFilter, limit: usize) -> Result<Vec<DyadCount>> {
        let (clauses, args) = where_clause(filter, 0)?;
        let limit = sql_count("limit", limit)?;
        let sql = format!(
            "SELECT e.source, COALESCE(sa.name, e.source), e.target, COALESCE(ta.name, e.target),
                 COUNT(*), AVG(e.goldstein)
             FROM events e LEFT JOIN actors sa ON sa.code = e.source
                 LEFT JOIN actors ta ON ta.code = e.target
             WHERE TRUE{clauses}
             GROUP BY e.source, e.target, sa.name, ta.name
             ORDER BY COUNT(*) DESC, e.source, e.target LIMIT {limit}"
        );
        let rows = self.query(&sql, &refs(&args))?;
        Ok(rows
            .iter()
            .map(|r| DyadCount {
                source: r.get(0),
                source_name: r.get(1),
                target: r.get(2),
                target_name: r.get(3),
                events: r.get::<_, i64>(4) as u64,
                goldstein_mean: r.get(5),
            })
            .collect())
    }

    fn country_counts_sql(&self, filter: &EventFilter) -> Result<Vec<CountryCount>> {
        let (clauses, args) = where_clause(filter, 0)?;
        // A side's country: the actors table's, else a state code itself.
        let side = |col: &str, alias: &str| {
            format!(
                "SELECT e.id, COALESCE({alias}.country,
                     CASE WHEN length(e.{col}) = 3 THEN e.{col} END) AS country
                 FROM events e LEFT JOIN actors {alias} ON {alias}.code = e.{col}
                 WHERE TRUE{clauses}"
            )
        };
        let sql = format!(
            "SELECT country, COUNT(*) FROM ({} UNION {}) sides
             WHERE country IS NOT NULL GROUP BY country ORDER BY COUNT(*) DESC, country",
            side("source", "sa"),
            side("target", "ta")
        );
        let rows = self.query(&sql, &refs(&args))?;
        Ok(rows
            .iter()
            .map(|r| CountryCount {
                country: r.get(0),
                events: r.get::<_, i64>(1) as u64,
            })
            .collect())
    }
}

/// Inserts forum facts (each with its document's row id) in one statement.
fn insert_facts(
    tx: &mut postgres::Transaction<'_>,
    facts: &[(i64, &[NewForumFact])],
) -> std::result::Result<(), postgres::Error> {
    let mut document = Vec::new();
    let mut forum = Vec::new();
    let mut kind = Vec::new();
    let mut date = Vec::new();
    let mut record = Vec::new();
    for (doc, list) in facts {
        for f in *list {
            document.push(*doc);
            forum.push(no_nul(&f.forum).into_owned());
            kind.push(no_nul(&f.kind).into_owned());
            date.push(no_nul(&f.date).into_owned());
            record.push(no_nul(&f.record).into_owned());
        }
    }
    if document.is_empty() {
        return Ok(());
    }
    tx.execute(
        "INSERT INTO forum_facts (document_id, forum, kind, date, record)
         SELECT doc, f, k, d, r
         FROM unnest($1::int8[], $2::text[], $3::text[], $4::text[], $5::text[])
             WITH ORDINALITY AS u(doc, f, k, d, r, n)
         ORDER BY n",
        &[&document, &forum, &kind, &date, &record],
    )?;
    Ok(())
}

/// The key of a distinct event.
fn event_key(e: &NewEvent) -> (&str, &str, &str, &str) {
    (&e.source.code, &e.target.code, &e.code, &e.date)
}

/// A batch's mentions, column by column, for one `unnest` insert.
#[derive(Default)]
struct MentionColumns {
    event: Vec<i64>,
    document: Vec<i64>,
    sentence: Vec<i64>,
    spans: [Vec<i64>; 6],
    source_name: Vec<String>,
    target_name: Vec<String>,
}

impl MentionColumns {
    fn push(&mut self, event: i64, document: i64, s: &Spans, source: &str, target: &str) {
        self.event.push(event);
        self.document.push(document);
        self.sentence.push(s.sentence as i64);
        let spans = [
            s.source[0],
            s.source[1],
            s.event[0],
            s.event[1],
            s.target[0],
            s.target[1],
        ];
        for (col, v) in self.spans.iter_mut().zip(spans) {
            col.push(v as i64);
        }
        self.source_name.push(no_nul(source).into_owned());
        self.target_name.push(no_nul(target).into_owned());
    }
}

/// A value bound to a query.
type Arg = Box<dyn ToSql + Sync + Send>;

fn refs(args: &[Arg]) -> Vec<&(dyn ToSql + Sync)> {
    args.iter()
        .map(|a| a.as_ref() as &(dyn ToSql + Sync))
        .collect()
}

/// The filter's conditions (alias `e`), each starting with ` AND`, numbered
/// from `$first + 1`, and their arguments in order.
fn where_clause(filter: &EventFilter, first: usize) -> Result<(String, Vec<Arg>)> {
    let mut sql = String::new();
    let mut args: Vec<Arg> = Vec::new();
    for c in event_conditions(filter)? {
        args.push(match c.value {
            SqlValue::Text(s) => Box::new(s),
            SqlValue::Int(i) => Box::new(i),
        });
        sql.push_str(&format!(" AND {} ${}", c.clause, first + args.len()));
    }
    Ok((sql, args))
}

/// A span of the document's UTF-8 bytes (`tb.b`) as text. Spans lie on
/// character boundaries (the coder's invariant), so the bytes are valid UTF-8.
fn span_text(start: &str, end: &str) -> String {
    format!(
        "convert_from(substring(tb.b FROM (m.{start} + 1)::int FOR (m.{end} - m.{start})::int), 'UTF8')"
    )
}

fn event_columns() -> String {
    format!(
        "e.id, e.event_date, e.source, e.source_sector, sa.name, sa.kind, sa.country,
         e.target, e.target_sector, ta.name, ta.kind, ta.country,
         e.code, e.root, e.plover, e.plover_mode, e.goldstein, e.quad_class, e.first_seen,
         (SELECT COUNT(*) FROM mentions WHERE event_id = e.id),
         (SELECT COUNT(DISTINCT d2.outlet) FROM mentions m2
             JOIN documents d2 ON d2.id = m2.document_id WHERE m2.event_id = e.id),
         (SELECT COUNT(DISTINCT document_id) FROM mentions WHERE event_id = e.id),
         d.doc_id, d.url, d.outlet, d.title, d.date,
         m.sentence, m.source_start, m.source_end, m.event_start, m.event_end, m.target_start,
         m.target_end, m.source_name, m.target_name,
         {}, {}, {}",
        span_text("source_start", "source_end"),
        span_text("event_start", "event_end"),
        span_text("target_start", "target_end"),
    )
}

/// What each event row joins (after `FROM events e`).
const EVENT_JOINS: &str = "
    JOIN mentions m ON m.id = (SELECT MIN(id) FROM mentions WHERE event_id = e.id)
    JOIN documents d ON d.id = m.document_id
    CROSS JOIN LATERAL (SELECT convert_to(d.text, 'UTF8') AS b) tb
    LEFT JOIN actors sa ON sa.code = e.source
    LEFT JOIN actors ta ON ta.code = e.target";

fn stored_event(r: &Row) -> StoredEvent {
    let n = |i: usize| r.get::<_, i64>(i) as usize;
    let actor = |at: usize, mention_name: String| StoredActor {
        code: r.get(at),
        sector: r.get(at + 1),
        name: r.get::<_, Option<String>>(at + 2).unwrap_or(mention_name),
        kind: ActorKind::parse(r.get::<_, Option<&str>>(at + 3).unwrap_or("")),
        country: r.get(at + 4),
    };
    let text = |at: usize| r.get::<_, Option<String>>(at).unwrap_or_default();
    StoredEvent {
        id: r.get(0),
        date: r.get(1),
        source: actor(2, r.get(34)),
        target: actor(7, r.get(35)),
        code: r.get(12),
        root: r.get(13),
        plover: r.get(14),
        plover_mode: r.get(15),
        goldstein: r.get::<_, f64>(16) as f32,
        quad_class: r.get::<_, i64>(17) as u8,
        first_seen: r.get(18),
        num_mentions: r.get::<_, i64>(19) as u64,
        num_sources: r.get::<_, i64>(20) as u64,
        num_articles: r.get::<_, i64>(21) as u64,
        first: FirstReport {
            doc_id: r.get(22),
            url: r.get(23),
            outlet: r.get(24),
            title: r.get(25),
            published: r.get(26),
            sentence: n(27),
            spans: [[n(28), n(29)], [n(30), n(31)], [n(32), n(33)]],
            source_text: text(36),
            event_text: text(37),
            target_text: text(38),
        },
    }
}

const ACTOR_COLUMNS: &str = "a.code, a.name, a.kind, a.country,
    (SELECT COUNT(*) FROM events WHERE source = a.code) AS as_source,
    (SELECT COUNT(*) FROM events WHERE target = a.code) AS as_target";

fn actor_summary(r: &Row) -> ActorSummary {
    ActorSummary {
        code: r.get(0),
        name: r.get(1),
        kind: ActorKind::parse(r.get::<_, &str>(2)),
        country: r.get(3),
        as_source: r.get::<_, i64>(4) as u64,
        as_target: r.get::<_, i64>(5) as u64,
    }
}

/// Whether a failed write may succeed when tried again.
fn retryable(e: &postgres::Error) -> bool {
    matches!(
        e.code(),
        Some(c) if *c == SqlState::T_R_DEADLOCK_DETECTED || *c == SqlState::T_R_SERIALIZATION_FAILURE
    )
}

impl EventStore for PostgresStore {
    fn has_document(&self, content_hash: &str) -> Result<bool> {
        Ok(self
            .query_opt(
                "SELECT 1 FROM documents WHERE content_hash = $1",
                &[&content_hash],
            )?
            .is_some())
    }

    fn write_batch(&mut self, docs: &[NewDocument], actors: &[ActorInfo]) -> Result<BatchSummary> {
        // The text every span points into cannot be changed to fit PostgreSQL.
        if let Some(d) = docs.iter().find(|d| d.text.contains('\0')) {
            return Err(StoreError::Backend(format!(
                "document {:?}: its text holds a NUL character, which PostgreSQL cannot store",
                d.doc_id
            )));
        }
        let mut attempt = 1;
        loop {
            match self.try_write(docs, actors) {
                Err(e) if retryable(&e) && attempt < WRITE_ATTEMPTS => {
                    tracing::info!("writing a batch: {e}; trying again ({attempt})");
                    std::thread::sleep(Duration::from_millis(50 * attempt as u64));
                    attempt += 1;
                }
                other => return other.map_err(pg),
            }
        }
    }

    fn counts(&self) -> Result<Counts> {
        let r = self
            .query(
                "SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM events),
                     (SELECT COUNT(*) FROM mentions), (SELECT COUNT(*) FROM actors)",
                &[],
            )?
            .remove(0);
        let n = |i: usize| r.get::<_, i64>(i) as u64;
        Ok(Counts {
            documents: n(0),
            events: n(1),
            mentions: n(2),
            actors: n(3),
        })
    }

    fn events_version(&self) -> Result<Option<i64>> {
        // Ids are taken under the writers' advisory lock, held until commit, so
        // a larger id is never visible before a smaller one: the largest is a
        // version, read from the end of the primary key's index.
        let r = self.query("SELECT COALESCE(MAX(id), 0)::bigint FROM events", &[])?;
        Ok(Some(r[0].get(0)))
    }

    fn events(
        &self,
        filter: &EventFilter,
        visit: &mut dyn FnMut(StoredEvent) -> Result<(), Box<dyn std::error::Error + Send + Sync>>,
    ) -> Result<()> {
        let (clauses, args) = where_clause(filter, 0)?;
        if filter.after.is_some() && filter.order != EventOrder::Id {
            return Err(StoreError::Filter(
                "the after= cursor follows the id order; use offset with another order".into(),
            ));
        }
        let mentions = "(SELECT COUNT(*) FROM mentions WHERE event_id = e.id)";
        let order = match filter.order {
            EventOrder::Id => "e.id".to_string(),
            // Partial dates sort by their first day; unknown dates last either way.
            EventOrder::DateDesc => "e.date_start DESC NULLS LAST, e.id DESC".into(),
            EventOrder::DateAsc => "e.date_start ASC NULLS LAST, e.id".into(),
            EventOrder::GoldsteinDesc => "e.goldstein DESC, e.id".into(),
            EventOrder::GoldsteinAsc => "e.goldstein, e.id".into(),
            EventOrder::MentionsDesc => format!("{mentions} DESC, e.id"),
            EventOrder::MentionsAsc => format!("{mentions}, e.id"),
        };
        let columns = event_columns();
        let sql = if filter.limit.is_some() || filter.offset.is_some() {
            let limit = match filter.limit {
                Some(n) => sql_count("limit", n)?.to_string(),
                None => "ALL".into(),
            };
            let offset = sql_count("offset", filter.offset.unwrap_or(0))?;
            // A page's ids come from the indexes alone, skipped rows included; the
            // columns of an event are read only for the rows of the page.
            format!(
                "SELECT {columns} FROM (SELECT e.id AS page_id FROM events e WHERE TRUE{clauses}
                     ORDER BY {order} LIMIT {limit} OFFSET {offset}) page
                 JOIN events e ON e.id = page.page_id {EVENT_JOINS} ORDER BY {order}"
            )
        } else {
            format!(
                "SELECT {columns} FROM events e {EVENT_JOINS} WHERE TRUE{clauses} ORDER BY {order}"
            )
        };
        self.stream(&sql, &refs(&args), |r| {
            visit(stored_event(r)).map_err(StoreError::Visitor)
        })
    }

    fn event(&self, id: i64, page: ReportPage) -> Result<Option<EventDetail>> {
        let sql = format!(
            "SELECT {} FROM events e {EVENT_JOINS} WHERE e.id = $1",
            event_columns()
        );
        let Some(row) = self.query_opt(&sql, &[&id])? else {
            return Ok(None);
        };
        let event = stored_event(&row);
        // The page's documents, in the order the store first saw them report it.
        let docs: Vec<i64> = self
            .query(
                "SELECT document_id FROM mentions WHERE event_id = $1
                 GROUP BY document_id ORDER BY MIN(id) LIMIT $2 OFFSET $3",
                &[
                    &id,
                    &sql_count("limit", page.limit)?,
                    &sql_count("offset", page.offset)?,
                ],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect();
        let mut reports = Vec::with_capacity(docs.len());
        for doc in docs {
            let spans: Vec<Spans> = self
                .query(
                    "SELECT sentence, source_start, source_end, event_start, event_end,
                         target_start, target_end
                     FROM mentions WHERE event_id = $1 AND document_id = $2 ORDER BY id LIMIT $3",
                    &[&id, &doc, &(MAX_REPORT_MENTIONS as i64)],
                )?
                .iter()
                .map(|r| {
                    let n = |i: usize| r.get::<_, i64>(i) as usize;
                    Spans {
                        sentence: n(0),
                        source: [n(1), n(2)],
                        event: [n(3), n(4)],
                        target: [n(5), n(6)],
                    }
                })
                .collect();
            // The text is read once for the document, not once per mention.
            let r = self
                .query(
                    "SELECT doc_id, url, outlet, title, date, text,
                         (SELECT COUNT(*) FROM mentions WHERE event_id = $1 AND document_id = $2)
                     FROM documents WHERE id = $2",
                    &[&id, &doc],
                )?
                .remove(0);
            reports.push(Report {
                doc_id: r.get(0),
                url: r.get(1),
                outlet: r.get(2),
                title: r.get(3),
                published: r.get(4),
                text: r.get(5),
                mentions: spans,
                mentions_total: r.get::<_, i64>(6) as u64,
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
        let (clauses, args) = where_clause(filter, 0)?;
        // Counted by day in SQL, by week here, as in SQLite.
        let sql = format!(
            "SELECT e.event_date, e.quad_class, COUNT(*), SUM(e.goldstein)
             FROM events e WHERE TRUE{clauses}
             GROUP BY e.event_date, e.quad_class"
        );
        let mut weeks: BTreeMap<NaiveDate, ([u64; 4], f64)> = BTreeMap::new();
        let mut undated = 0u64;
        self.stream(&sql, &refs(&args), |r| {
            let text: &str = r.get(0);
            let quad: i64 = r.get(1);
            let n = r.get::<_, i64>(2) as u64;
            let sum: f64 = r.get(3);
            // Only events dated to the day have a week.
            let day = (text.len() == 10)
                .then(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
                .flatten();
            let Some(day) = day else {
                undated += n;
                return Ok(());
            };
            let monday = day - chrono::Days::new(u64::from(day.weekday().num_days_from_monday()));
            let week = weeks.entry(monday).or_insert(([0; 4], 0.0));
            if (1..=4).contains(&quad) {
                week.0[quad as usize - 1] += n;
            }
            week.1 += sum;
            Ok(())
        })?;
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
        let pattern = search.map(|s| like_literal(&no_nul(s)));
        // SQLite's LIKE ignores ASCII case: ILIKE here.
        let sql = format!(
            "SELECT * FROM (SELECT {ACTOR_COLUMNS} FROM actors a
                 WHERE $1::text IS NULL OR a.code ILIKE $1 ESCAPE '\\' OR a.name ILIKE $1 ESCAPE '\\') a
             ORDER BY a.as_source + a.as_target DESC, a.code LIMIT $2 OFFSET $3"
        );
        let rows = self.query(
            &sql,
            &[
                &pattern,
                &sql_count("limit", limit)?,
                &sql_count("offset", offset)?,
            ],
        )?;
        Ok(rows.iter().map(actor_summary).collect())
    }

    fn actor(&self, code: &str) -> Result<Option<ActorSummary>> {
        let code = no_nul(code);
        let sql = format!("SELECT {ACTOR_COLUMNS} FROM actors a WHERE a.code = $1");
        if let Some(r) = self.query_opt(&sql, &[&code])? {
            return Ok(Some(actor_summary(&r)));
        }
        // Not in the actors table: known only from events (named by a mention).
        let r = self
            .query(
                "SELECT (SELECT COUNT(*) FROM events WHERE source = $1),
                        (SELECT COUNT(*) FROM events WHERE target = $1),
                        (SELECT CASE WHEN e.source = $1 THEN m.source_name ELSE m.target_name END
                         FROM events e JOIN mentions m ON m.event_id = e.id
                         WHERE e.source = $1 OR e.target = $1 LIMIT 1)",
                &[&code],
            )?
            .remove(0);
        let (as_source, as_target) = (r.get::<_, i64>(0) as u64, r.get::<_, i64>(1) as u64);
        if as_source == 0 && as_target == 0 {
            return Ok(None);
        }
        Ok(Some(ActorSummary {
            code: code.to_string(),
            name: r
                .get::<_, Option<String>>(2)
                .unwrap_or_else(|| code.to_string()),
            kind: ActorKind::Other,
            country: None,
            as_source,
            as_target,
        }))
    }

    fn counterparts(&self, code: &str, limit: usize) -> Result<Vec<Counterpart>> {
        let rows = self.query(
            "SELECT c.other, COALESCE(a.name, c.other), SUM(c.outgoing)::bigint,
                 SUM(c.incoming)::bigint
             FROM (SELECT target AS other, COUNT(*) AS outgoing, 0::bigint AS incoming
                       FROM events WHERE source = $1 GROUP BY target
                   UNION ALL
                   SELECT source, 0::bigint, COUNT(*) FROM events WHERE target = $1
                       GROUP BY source) c
             LEFT JOIN actors a ON a.code = c.other
             GROUP BY c.other, a.name
             ORDER BY SUM(c.outgoing) + SUM(c.incoming) DESC, c.other
             LIMIT $2",
            &[&no_nul(code), &sql_count("limit", limit)?],
        )?;
        Ok(rows
            .iter()
            .map(|r| Counterpart {
                code: r.get(0),
                name: r.get(1),
                outgoing: r.get::<_, i64>(2) as u64,
                incoming: r.get::<_, i64>(3) as u64,
            })
            .collect())
    }

    fn top_dyads(&self, filter: &EventFilter, limit: usize) -> Result<Vec<DyadCount>> {
        self.top_dyads_sql(filter, limit)
    }

    fn country_counts(&self, filter: &EventFilter) -> Result<Vec<CountryCount>> {
        self.country_counts_sql(filter)
    }

    fn set_cancel(&mut self, flag: Option<Arc<AtomicBool>>) {
        self.cancel.watch(flag);
    }

    fn forum_facts(
        &self,
        forums: &[String],
        visit: &mut dyn FnMut(
            StoredForumFact,
        ) -> Result<(), Box<dyn std::error::Error + Send + Sync>>,
    ) -> Result<()> {
        let codes: Vec<String> = forums.iter().map(|f| no_nul(f).into_owned()).collect();
        self.stream(
            "SELECT document_id, forum, kind, date, record FROM forum_facts
             WHERE cardinality($1::text[]) = 0 OR forum = ANY($1::text[]) ORDER BY id",
            &[&codes],
            |r| {
                let fact = StoredForumFact {
                    document: r.get(0),
                    forum: r.get(1),
                    kind: r.get(2),
                    date: r.get(3),
                    record: r.get(4),
                };
                visit(fact).map_err(StoreError::Visitor)
            },
        )
    }

    fn add_forum_facts(&mut self, facts: &[(i64, Vec<NewForumFact>)]) -> Result<()> {
        let mut tx = self.client.get_mut().transaction().map_err(pg)?;
        tx.execute(
            "SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))",
            &[&WRITER_LOCK],
        )
        .map_err(pg)?;
        // Only documents still unread: facts read by another process meanwhile
        // are not stored twice.
        let ids: Vec<i64> = facts.iter().map(|(d, _)| *d).collect();
        let unread: std::collections::HashSet<i64> = tx
            .query(
                "UPDATE documents SET forum_facts_read = TRUE
                 WHERE id = ANY($1::int8[]) AND NOT forum_facts_read RETURNING id",
                &[&ids],
            )
            .map_err(pg)?
            .iter()
            .map(|r| r.get(0))
            .collect();
        let facts: Vec<(i64, &[NewForumFact])> = facts
            .iter()
            .filter(|(d, _)| unread.contains(d))
            .map(|(d, f)| (*d, f.as_slice()))
            .collect();
        insert_facts(&mut tx, &facts).map_err(pg)?;
        tx.commit().map_err(pg)
    }

    fn documents(
        &self,
        filter: &DocumentFilter,
        visit: &mut dyn FnMut(
            StoredDocument,
        ) -> Result<(), Box<dyn std::error::Error + Send + Sync>>,
    ) -> Result<()> {
        // Each document's reported events as one flat array of
        // (event id, start, end) triples, in text order.
        let mut sql = String::from(
            "SELECT d.id, d.doc_id, d.date, d.title, d.outlet, d.url, d.text,
                 ARRAY(SELECT v FROM mentions m,
                     LATERAL unnest(ARRAY[m.event_id, m.event_start, m.event_end])
                         WITH ORDINALITY AS u(v, k)
                     WHERE m.document_id = d.id ORDER BY m.event_start, m.id, u.k)
             FROM documents d WHERE TRUE",
        );
        let mut args: Vec<Arg> = Vec::new();
        if let Some(id) = &filter.doc_id {
            args.push(Box::new(no_nul(id).into_owned()));
            sql.push_str(&format!(" AND d.doc_id = ${}", args.len()));
        }
        if filter.without_forum_facts {
            sql.push_str(" AND NOT d.forum_facts_read");
        }
        if let Some(f) = &filter.from {
            args.push(Box::new(day_from(f)?));
            sql.push_str(&format!(
                " AND (d.date IS NULL OR d.date >= ${})",
                args.len()
            ));
        }
        if let Some(t) = &filter.to {
            args.push(Box::new(day_to(t)?));
            sql.push_str(&format!(
                " AND (d.date IS NULL OR d.date <= ${})",
                args.len()
            ));
        }
        let phrases: Vec<&String> = filter.any_text.iter().filter(|p| !p.is_empty()).collect();
        if !phrases.is_empty() {
            let mut any = Vec::new();
            for p in phrases {
                args.push(Box::new(like_literal(&no_nul(p))));
                any.push(format!("d.text ILIKE ${} ESCAPE '\\'", args.len()));
            }
            sql.push_str(&format!(" AND ({})", any.join(" OR ")));
        }
        sql.push_str(" ORDER BY d.date IS NULL, d.date, d.id");
        if let Some(n) = filter.limit {
            sql.push_str(&format!(" LIMIT {}", sql_count("limit", n)?));
        }
        self.stream(&sql, &refs(&args), |r| {
            let flat: Vec<i64> = r.get(7);
            let events = flat
                .chunks_exact(3)
                .map(|t| DocumentEvent {
                    event_id: t[0],
                    event: [t[1] as usize, t[2] as usize],
                })
                .collect();
            let doc = StoredDocument {
                id: r.get(0),
                doc_id: r.get(1),
                date: r.get(2),
                title: r.get(3),
                outlet: r.get(4),
                url: r.get(5),
                text: r.get(6),
                events,
            };
            visit(doc).map_err(StoreError::Visitor)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_hidden_in_messages() {
        assert_eq!(
            redact("postgres://demarche:s3cret@db.example:5432/events?sslmode=disable"),
            "postgres://demarche:***@db.example:5432/events?sslmode=disable"
        );
        assert_eq!(
            redact("postgres://postgres@127.0.0.1:5432/postgres"),
            "postgres://postgres@127.0.0.1:5432/postgres"
        );
        assert_eq!(redact("postgresql://h/db"), "postgresql://h/db");
    }

    #[test]
    fn nul_characters_in_names_are_replaced() {
        assert_eq!(no_nul("a\0b"), "a\u{FFFD}b");
        assert!(matches!(no_nul("ab"), Cow::Borrowed(_)));
    }

    /// A store of the test's own, or `None` (skipped) without a server.
    fn store(name: &str) -> Option<(String, PostgresStore)> {
        let url = crate::testing::postgres_url(name)?;
        let s = PostgresStore::open(&url).unwrap();
        Some((url, s))
    }

    #[test]
    fn a_store_at_an_older_version_is_migrated_and_keeps_its_rows() {
        let Some(url) = crate::testing::postgres_url("pg_migrate") else {
            return;
        };
        {
            let old = PostgresStore::open_at_version(&url, 1).unwrap();
            assert_eq!(old.schema_version().unwrap(), 1);
            old.client()
                .unwrap()
                .batch_execute(
                    "INSERT INTO documents (doc_id, content_hash, text, ingested_at)
                         VALUES ('a', 'a', 'USA met RUS.', 'now');
                     INSERT INTO events (source, target, code, root, plover, goldstein,
                         quad_class, event_date, first_seen)
                         VALUES ('USA', 'RUS', '040', '04', 'CONSULT', 1.0, 1, '2017', 'now');",
                )
                .unwrap();
        }
        let s = PostgresStore::open(&url).unwrap();
        assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
        assert_eq!(s.counts().unwrap().events, 1);
        drop(s);
        // Opening again (or by several processes at once) changes nothing.
        let opened: Vec<_> = (0..4)
            .map(|_| {
                let url = url.clone();
                std::thread::spawn(move || PostgresStore::open(&url).map(|s| s.schema_version()))
            })
            .collect();
        for o in opened {
            assert_eq!(o.join().unwrap().unwrap().unwrap(), SCHEMA_VERSION);
        }
    }

    #[test]
    fn a_newer_store_is_refused_and_an_empty_one_is_no_store_to_read() {
        let Some(url) = crate::testing::postgres_url("pg_newer") else {
            return;
        };
        let e = PostgresStore::open_existing(&url).err().unwrap();
        assert!(e.to_string().contains("no store in"), "{e}");
        {
            let s = PostgresStore::open(&url).unwrap();
            s.client()
                .unwrap()
                .batch_execute("UPDATE demarche_schema SET version = 99")
                .unwrap();
        }
        assert!(matches!(
            PostgresStore::open(&url),
            Err(StoreError::TooNew { found: 99, .. })
        ));
    }

    #[test]
    fn a_reader_sees_what_the_writer_committed_and_cannot_write() {
        let Some((url, mut w)) = store("pg_reader") else {
            return;
        };
        let mut r = PostgresStore::open_reader(&url).unwrap();
        assert_eq!(r.counts().unwrap().documents, 0);
        let ev = crate::suite::event("USA", "RUS", "040", "2017-03-07", 0);
        w.write_batch(&[crate::suite::doc("h1", "Wire", vec![ev])], &[])
            .unwrap();
        assert_eq!(r.counts().unwrap().documents, 1);
        let e = r
            .write_batch(&[crate::suite::doc("h2", "Wire", vec![])], &[])
            .unwrap_err();
        assert!(e.to_string().contains("read-only"), "{e}");
    }

    #[test]
    fn a_set_cancel_flag_stops_the_query_under_way() {
        let Some((_, mut s)) = store("pg_cancel") else {
            return;
        };
        let flag = Arc::new(AtomicBool::new(false));
        s.set_cancel(Some(flag.clone()));
        let setter = {
            let flag = flag.clone();
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(100));
                flag.store(true, Ordering::Relaxed);
            })
        };
        let started = std::time::Instant::now();
        let r = s.query("SELECT pg_sleep(30)", &[]);
        setter.join().unwrap();
        assert!(matches!(r, Err(StoreError::Cancelled)), "{r:?}");
        assert!(started.elapsed().as_secs() < 10);
        // Without the flag, the connection works again.
        s.set_cancel(None);
        assert_eq!(s.counts().unwrap().events, 0);
    }

    #[test]
    fn concurrent_writers_of_the_same_events_store_each_once() {
        let Some((url, _)) = store("pg_writers") else {
            return;
        };
        // Four writers store overlapping batches (the same documents in other
        // orders, as redelivered queue messages would be): each document, event
        // and mention is stored once, and no writer fails.
        let docs: Vec<NewDocument> = (0..40)
            .map(|i| {
                let e = crate::suite::event(
                    "USA",
                    "RUS",
                    "040",
                    &format!("2017-03-{:02}", i % 5 + 1),
                    0,
                );
                crate::suite::doc(&format!("d{i}"), "Wire", vec![e])
            })
            .collect();
        let writers: Vec<_> = (0..4)
            .map(|w| {
                let url = url.clone();
                let mut mine = docs.clone();
                mine.rotate_left(w * 10);
                std::thread::spawn(move || {
                    let mut s = PostgresStore::open(&url).unwrap();
                    let mut sum = BatchSummary::default();
                    for chunk in mine.chunks(7) {
                        sum += s.write_batch(chunk, &[]).unwrap();
                    }
                    sum
                })
            })
            .collect();
        let mut total = BatchSummary::default();
        for w in writers {
            total += w.join().unwrap();
        }
        assert_eq!((total.documents, total.duplicates), (40, 120));
        assert_eq!((total.events, total.mentions), (5, 40));
        let c = PostgresStore::open(&url).unwrap().counts().unwrap();
        assert_eq!((c.documents, c.events, c.mentions), (40, 5, 40));
    }

    #[test]
    fn documents_stored_before_forum_facts_are_found_and_read_once() {
        let Some(url) = crate::testing::postgres_url("pg_legacy_facts") else {
            return;
        };
        {
            // Rows as a demarche of schema version 1 wrote them.
            let old = PostgresStore::open_at_version(&url, 1).unwrap();
            old.client()
                .unwrap()
                .batch_execute(
                    "INSERT INTO documents (doc_id, content_hash, text, ingested_at)
                     VALUES ('a', 'a', 'A.', 'now'), ('b', 'b', 'B.', 'now')",
                )
                .unwrap();
        }
        let mut s = PostgresStore::open(&url).unwrap();
        crate::suite::legacy_documents_get_their_facts_once(&mut s);
    }
}
