//! `demarche serve`: a JSON API under `/api` and a server-rendered HTML
//! dashboard over an [`EventStore`].
//!
//! - Reading needs nothing; writing (`POST /api/documents`) needs the bearer
//!   token the server was started with, and is refused (403) when it has none.
//! - Every route is registered through [`Routes`], so [`routes`] is exactly
//!   what the server answers, and a test holds it against `openapi.json`.
//! - The store is reached only through the [`EventStore`] trait, on blocking
//!   threads: writes through one connection, reads through a pool of others
//!   beside it, forum status through one of its own ([`stores`]); a call whose
//!   request is gone is cancelled.
//! - No client can stop or hold the server: header, request and idle timeouts,
//!   a bound on connections, accept errors survived ([`listen`]).
//! - Pages are readable without JavaScript: HTML is written here with every
//!   text escaped ([`html::esc`]); charts are SVG drawn by `plotters`.
//!
//! Coding a posted document is the caller's: the server only knows the
//! [`DocumentCoder`] it is given, so it needs neither the coder nor the data.
//! Forum status is the caller's too, through the [`ForumSource`] it is given.

mod api;
mod cache;
mod chart;
mod dashboard;
mod forums;
pub mod html;
pub mod listen;
mod map;
mod pages;
mod stores;
pub mod vocabulary;
mod weeks;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde::Deserialize;

use demarche_store::{ActorInfo, EventStore, NewDocument};
pub use vocabulary::{CameoEntry, CountryShape, Vocabulary};

pub use listen::Limits;
pub use stores::OpenReader;
pub(crate) use stores::StoreFailure;
use stores::Stores;

/// The OpenAPI 3 description of every route.
pub const OPENAPI: &str = include_str!("../openapi.json");

/// Largest request body accepted (a document of a few hundred kilobytes fits).
pub const DEFAULT_MAX_BODY: usize = 1024 * 1024;

/// Largest page of events or actors one request returns.
pub const MAX_PAGE: usize = 500;
/// Page size when none is asked for.
pub const DEFAULT_PAGE: usize = 50;

/// A document posted to `POST /api/documents`, as a JSON Lines record.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct IncomingDocument {
    pub id: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    pub date: Option<String>,
    pub title: Option<String>,
    pub text: String,
    /// The outlet.
    pub source: Option<String>,
    pub url: Option<String>,
}

/// A coded document, ready for [`EventStore::write_batch`].
pub struct Coded {
    pub document: NewDocument,
    /// What the event sides' codes stand for.
    pub actors: Vec<ActorInfo>,
}

/// Turns a posted document into a stored one (coding it).
pub trait DocumentCoder: Send + Sync {
    /// An `Err` says what is wrong with the document (answered as 422).
    fn code(&self, doc: &IncomingDocument) -> Result<Coded, String>;
}

/// Forum status read from the store (the forums work's, behind a trait
/// like [`DocumentCoder`]). Each forum is a JSON object with the fields of
/// `demarche forum --format json`.
pub trait ForumSource: Send + Sync {
    /// Every forum's status on `as_of`. A store error is returned as it is (a
    /// cancelled call must stay [`demarche_store::StoreError::Cancelled`]).
    fn all(
        &self,
        store: &dyn EventStore,
        as_of: chrono::NaiveDate,
    ) -> demarche_store::Result<Vec<serde_json::Value>>;

    /// One forum by code, name or variant; `None` when no forum has that name.
    fn one(
        &self,
        store: &dyn EventStore,
        name: &str,
        as_of: chrono::NaiveDate,
    ) -> demarche_store::Result<Option<serde_json::Value>>;
}

pub struct Config {
    pub addr: SocketAddr,
    /// The bearer token for writing; `None` refuses every write.
    pub token: Option<String>,
    pub max_body: usize,
    /// What actor and CAMEO codes mean (filters are checked against it).
    pub vocabulary: Vocabulary,
    pub limits: Limits,
    /// Connections that read the store beside the writer.
    pub readers: usize,
    /// Weekly series kept for the next request of the same dyad (0: none).
    pub series_cache: usize,
}

struct Inner {
    stores: Stores,
    series: Arc<cache::SeriesCache>,
    coder: Option<Arc<dyn DocumentCoder>>,
    token: Option<String>,
    forums: Option<Arc<dyn ForumSource>>,
    vocabulary: Vocabulary,
}

#[derive(Clone)]
pub struct AppState(Arc<Inner>);

/// How a state reads: up to `readers` connections opened by `open_reader`
/// beside the writer (none: every call on the writer), and up to
/// `series_cache` weekly series kept until the store changes.
pub struct Reading {
    pub open_reader: Option<OpenReader>,
    pub readers: usize,
    pub series_cache: usize,
}

impl AppState {
    /// A state whose every call goes through the one connection `store`.
    pub fn new(
        store: Box<dyn EventStore + Send>,
        coder: Option<Arc<dyn DocumentCoder>>,
        token: Option<String>,
    ) -> AppState {
        let reading = Reading {
            open_reader: None,
            readers: 0,
            series_cache: 0,
        };
        Self::with_forums(store, reading, coder, token, None, Vocabulary::default())
    }

    /// A state that writes through `store` and reads as `reading` says, whose
    /// forum pages read status through `forums`, and whose filters and pages
    /// use `vocabulary`.
    pub fn with_forums(
        store: Box<dyn EventStore + Send>,
        reading: Reading,
        coder: Option<Arc<dyn DocumentCoder>>,
        token: Option<String>,
        forums: Option<Arc<dyn ForumSource>>,
        vocabulary: Vocabulary,
    ) -> AppState {
        AppState(Arc::new(Inner {
            stores: Stores::new(store, reading.open_reader, reading.readers),
            series: Arc::new(cache::SeriesCache::new(reading.series_cache)),
            coder,
            token: token.filter(|t| !t.is_empty()),
            forums,
            vocabulary,
        }))
    }

    pub fn vocabulary(&self) -> &Vocabulary {
        &self.0.vocabulary
    }

    /// Runs `f` on a reading connection, on a blocking thread.
    async fn with_store<T, F>(&self, f: F) -> Result<T, StoreFailure>
    where
        T: Send + 'static,
        F: FnOnce(&mut dyn EventStore) -> demarche_store::Result<T> + Send + 'static,
    {
        self.0.stores.read(f).await
    }

    /// Runs `f` on the writer's connection.
    async fn write_store<T, F>(&self, f: F) -> Result<T, StoreFailure>
    where
        T: Send + 'static,
        F: FnOnce(&mut dyn EventStore) -> demarche_store::Result<T> + Send + 'static,
    {
        self.0.stores.write(f).await
    }

    /// Runs `f` on the connection kept for forum status.
    async fn forum_store<T, F>(&self, f: F) -> Result<T, StoreFailure>
    where
        T: Send + 'static,
        F: FnOnce(&mut dyn EventStore) -> demarche_store::Result<T> + Send + 'static,
    {
        self.0.stores.forums(f).await
    }
}

/// The router under construction, and the (method, path) of every route on it.
pub struct Routes {
    router: Router<AppState>,
    list: Vec<(&'static str, &'static str)>,
}

impl Routes {
    fn new() -> Routes {
        Routes {
            router: Router::new(),
            list: Vec::new(),
        }
    }

    fn get<H: Handler<T, AppState>, T: 'static>(mut self, path: &'static str, h: H) -> Self {
        self.list.push(("get", path));
        self.router = self.router.route(path, axum::routing::get(h));
        self
    }

    fn post<H: Handler<T, AppState>, T: 'static>(mut self, path: &'static str, h: H) -> Self {
        self.list.push(("post", path));
        self.router = self.router.route(path, axum::routing::post(h));
        self
    }
}

fn all_routes() -> Routes {
    Routes::new()
        // JSON API
        .get("/api/health", api::health)
        .get("/api/openapi.json", api::openapi)
        .get("/api/events", api::events)
        .get("/api/events/{id}", api::event)
        .get("/api/dyads/{source}/{target}/weekly", api::dyad_weekly)
        .get("/api/actors", api::actors)
        .get("/api/actors/{code}", api::actor)
        .get("/api/forums", forums::api_forums)
        .get("/api/forums/{name}", forums::api_forum)
        .post("/api/documents", api::post_document)
        // HTML dashboard
        .get("/", dashboard::overview)
        .get("/events", dashboard::events_page)
        .get("/events.csv", dashboard::events_csv)
        .get("/events.jsonl", dashboard::events_jsonl)
        .get("/actors", dashboard::actors_page)
        .get("/codes", dashboard::codes_page)
        .get("/map", dashboard::map_page)
        .get("/api", dashboard::api_page)
        .get("/dyad/{source}/{target}", pages::dyad)
        .get("/actor/{code}", pages::actor)
        .get("/event/{id}", pages::event)
        .get("/forums", forums::forums_page)
        .get("/forums/{name}", forums::forum_page)
}

/// How the API reads query strings, as its handlers do: `GET /api/events`
/// (filter and page size), `GET /api/events/{id}` (the page of reports) and
/// `GET /api/dyads/{source}/{target}/weekly` (filter). An `Err` is the message
/// of the 400 answer. The fuzz target `api_query` drives these.
pub mod query {
    use axum::extract::Query;
    use axum::http::Uri;
    use demarche_store::{EventFilter, ReportPage};

    use crate::api::{EventQuery, ReportQuery, SeriesQuery};

    fn parse<T: serde::de::DeserializeOwned>(query: &str) -> Result<T, String> {
        let uri: Uri = format!("/?{query}")
            .parse()
            .map_err(|e| format!("not a query string: {e}"))?;
        Query::<T>::try_from_uri(&uri)
            .map(|Query(q)| q)
            .map_err(|e| e.body_text())
    }

    pub fn events(query: &str) -> Result<(EventFilter, usize), String> {
        parse::<EventQuery>(query)?.filter().map_err(|e| e.message)
    }

    pub fn reports(query: &str) -> Result<ReportPage, String> {
        parse::<ReportQuery>(query)?.page().map_err(|e| e.message)
    }

    pub fn series(query: &str, source: &str, target: &str) -> Result<EventFilter, String> {
        Ok(parse::<SeriesQuery>(query)?.filter(source, target))
    }
}

/// The (lower-case method, path template) of every route the server answers.
pub fn routes() -> Vec<(&'static str, &'static str)> {
    all_routes().list
}

/// The whole application: routes, body limit, JSON 404 and 405.
pub fn app(state: AppState, max_body: usize) -> Router {
    all_routes()
        .router
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(max_body))
        .with_state(state)
}

async fn not_found(uri: Uri) -> Response {
    if uri.path().starts_with("/api") {
        api::ApiError::new(StatusCode::NOT_FOUND, format!("no route {}", uri.path()))
            .into_response()
    } else {
        pages::not_found_page(&format!("Nothing at {}", uri.path()))
    }
}

async fn method_not_allowed(uri: Uri) -> Response {
    api::ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("{} does not take this method", uri.path()),
    )
    .into_response()
}

/// Binds `config.addr`, prints `listening on http://ADDR` (the real port when
/// 0 was asked for) and serves until the process ends. The store is written
/// through `store` and read through connections from `open_reader`.
pub fn serve(
    config: Config,
    store: Box<dyn EventStore + Send>,
    open_reader: Option<OpenReader>,
    coder: Option<Arc<dyn DocumentCoder>>,
    forums: Option<Arc<dyn ForumSource>>,
) -> std::io::Result<()> {
    // Timers are needed by the timeouts (and by any retry after a failed accept).
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_io()
        .enable_time()
        .build()?;
    let limits = Limits {
        max_connections: listen::connection_budget(config.limits.max_connections),
        ..config.limits
    };
    rt.block_on(async move {
        let listener = listen::bind(config.addr)?;
        let local = listener.local_addr()?;
        let writes = if config.token.is_some() {
            "writes need the bearer token"
        } else {
            "read-only: no token given"
        };
        println!(
            "listening on http://{local} ({writes}; at most {} connections)",
            limits.max_connections
        );
        use std::io::Write;
        std::io::stdout().flush()?;
        let state = AppState::with_forums(
            store,
            Reading {
                open_reader,
                readers: config.readers,
                series_cache: config.series_cache,
            },
            coder,
            config.token,
            forums,
            config.vocabulary,
        );
        // On a worker thread, like every connection: the thread of `block_on`
        // would be woken through the workers for every accept.
        tokio::spawn(listen::run(listener, app(state, config.max_body), limits))
            .await
            .map_err(std::io::Error::other)
    })
}
