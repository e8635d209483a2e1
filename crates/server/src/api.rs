//! The JSON API under `/api`. Every error is `{"error": "...", "status": N}`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use demarche_store::{ActorSummary, Counterpart, EventFilter, EventOrder, ReportPage, StoredEvent};

use crate::cache::SeriesCache;
use crate::vocabulary::Lookup;
use crate::weeks::FilledSeries;
use crate::{AppState, IncomingDocument, StoreFailure, DEFAULT_PAGE, MAX_PAGE};

/// Reports returned with one event at most (each holds its document's text).
pub const MAX_REPORTS: usize = 50;
/// Reports returned with one event when no `limit` is asked for.
pub const DEFAULT_REPORTS: usize = 10;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }

    fn bad(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut r = (
            self.status,
            Json(json!({"error": self.message, "status": self.status.as_u16()})),
        )
            .into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            r.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
        }
        r
    }
}

impl From<StoreFailure> for ApiError {
    fn from(f: StoreFailure) -> ApiError {
        match f {
            StoreFailure::BadFilter(m) => ApiError::bad(m),
            StoreFailure::Cancelled => ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "the request was cancelled before the store answered",
            ),
            StoreFailure::Internal(m) => {
                tracing::error!("{m}");
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, m)
            }
        }
    }
}

macro_rules! rejection {
    ($($t:ty),*) => {$(
        impl From<$t> for ApiError {
            fn from(r: $t) -> ApiError {
                ApiError::new(r.status(), r.body_text())
            }
        }
    )*};
}
rejection!(QueryRejection, PathRejection, BytesRejection);

type ApiResult<T> = Result<Json<T>, ApiError>;

/// Filters and paging as query parameters; empty values mean "not given"
/// (what an HTML form sends for an empty field).
#[derive(Debug, Default, Deserialize)]
pub struct EventQuery {
    pub source: Option<String>,
    pub target: Option<String>,
    pub code: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    /// A CAMEO root (two digits); `code`, when given too, must be inside it.
    pub root: Option<String>,
    /// QuadClass 1 to 4.
    pub quad: Option<String>,
    /// `id` (default), `date`, `goldstein` or `mentions`.
    pub sort: Option<String>,
    /// `asc` or `desc` (default: `desc`, except for `id`).
    pub dir: Option<String>,
    pub limit: Option<String>,
    pub offset: Option<String>,
    pub after: Option<String>,
}

/// The order named by `sort` and `dir`.
pub fn order(sort: &Option<String>, dir: &Option<String>) -> Result<EventOrder, ApiError> {
    let asc = match given(dir).as_deref() {
        None => None,
        Some("asc") => Some(true),
        Some("desc") => Some(false),
        Some(d) => return Err(ApiError::bad(format!("dir must be asc or desc, not {d:?}"))),
    };
    Ok(match (given(sort).as_deref(), asc) {
        (None | Some("id"), _) => EventOrder::Id,
        (Some("date"), Some(true)) => EventOrder::DateAsc,
        (Some("date"), _) => EventOrder::DateDesc,
        (Some("goldstein"), Some(true)) => EventOrder::GoldsteinAsc,
        (Some("goldstein"), _) => EventOrder::GoldsteinDesc,
        (Some("mentions"), Some(true)) => EventOrder::MentionsAsc,
        (Some("mentions"), _) => EventOrder::MentionsDesc,
        (Some(s), _) => {
            return Err(ApiError::bad(format!(
                "sort must be id, date, goldstein or mentions, not {s:?}"
            )))
        }
    })
}

fn given(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// A whole number from a parameter, from 0 up to what the store can count
/// (2^63 - 1).
pub fn number(name: &str, s: &Option<String>) -> Result<Option<usize>, ApiError> {
    given(s)
        .map(|v| match v.parse::<u64>() {
            Ok(n) if i64::try_from(n).is_ok() && usize::try_from(n).is_ok() => Ok(n as usize),
            Ok(n) => Err(ApiError::bad(format!("{name} {n} is too large"))),
            Err(_) => Err(ApiError::bad(format!(
                "{name} must be a whole number, not {v:?}"
            ))),
        })
        .transpose()
}

/// A page size from `limit`: the default when absent, at most [`MAX_PAGE`].
pub fn page_size(limit: &Option<String>) -> Result<usize, ApiError> {
    bounded_size(limit, DEFAULT_PAGE, MAX_PAGE)
}

fn bounded_size(limit: &Option<String>, default: usize, max: usize) -> Result<usize, ApiError> {
    match number("limit", limit)? {
        None => Ok(default),
        Some(0) => Err(ApiError::bad("limit must be at least 1")),
        Some(n) if n > max => Err(ApiError::bad(format!(
            "limit {n} is over the maximum page size {max}"
        ))),
        Some(n) => Ok(n),
    }
}

impl EventQuery {
    /// The store filter, asking for one event more than the page to learn
    /// whether another page follows.
    pub fn filter(&self) -> Result<(EventFilter, usize), ApiError> {
        let limit = page_size(&self.limit)?;
        let code = match (given(&self.root), given(&self.code)) {
            (Some(r), Some(c)) if !c.starts_with(&r) => {
                return Err(ApiError::bad(format!(
                    "code {c} is not in the root {r} also asked for"
                )))
            }
            (Some(r), None) => Some(r),
            (_, c) => c,
        };
        let quad_class = match given(&self.quad) {
            None => None,
            Some(q) => match q.parse::<u8>() {
                Ok(n @ 1..=4) => Some(n),
                _ => return Err(ApiError::bad(format!("quad must be 1 to 4, not {q:?}"))),
            },
        };
        let filter = EventFilter {
            source: given(&self.source),
            target: given(&self.target),
            code,
            from: given(&self.from),
            to: given(&self.to),
            quad_class,
            order: order(&self.sort, &self.dir)?,
            limit: Some(limit + 1),
            after: number("after", &self.after)?.map(|a| a as i64),
            offset: number("offset", &self.offset)?,
        };
        if filter.after.is_some() && filter.offset.is_some() {
            return Err(ApiError::bad("give either after or offset, not both"));
        }
        Ok((filter, limit))
    }
}

/// Checks the actor and CAMEO codes of `filter` against the vocabulary (an actor
/// code the knowledge does not know is still good when the store has it) and
/// puts codes for actor names ("United States" is USA). Returns what was read as
/// what, to say beside the results.
pub async fn check_filter(
    state: &AppState,
    filter: &mut EventFilter,
) -> Result<Vec<String>, ApiError> {
    let mut notes = Vec::new();
    if let Some(code) = &filter.code {
        state
            .vocabulary()
            .check_code(code)
            .map_err(|m| ApiError::bad(format!("code: {m}")))?;
    }
    for (side, value) in [
        ("source", &mut filter.source),
        ("target", &mut filter.target),
    ] {
        let Some(v) = value.clone() else { continue };
        let lookup = match state.vocabulary().resolve_actor(&v, |_| false) {
            Ok(l) => l,
            Err(message) => {
                let code = v.trim().to_ascii_uppercase();
                let probe = code.clone();
                let stored = state.with_store(move |s| s.actor(&probe)).await?;
                if stored.is_none() {
                    return Err(ApiError::bad(format!("{side}: {message}")));
                }
                Lookup::Code(code)
            }
        };
        if let Lookup::Named { code, name } = &lookup {
            notes.push(format!("{side} {v:?} is read as {code} ({name})"));
        }
        *value = Some(lookup.code().to_string());
    }
    Ok(notes)
}

/// Why a checked filter found nothing, when an actor it names is known but never
/// on that side of a stored event.
pub async fn empty_notes(state: &AppState, filter: &EventFilter) -> Result<Vec<String>, ApiError> {
    let mut notes = Vec::new();
    for (side, code) in [("source", &filter.source), ("target", &filter.target)] {
        let Some(code) = code.clone() else { continue };
        let probe = code.clone();
        let stored = state.with_store(move |s| s.actor(&probe)).await?;
        let name = state
            .vocabulary()
            .actor(&code)
            .map(|a| format!(" ({})", a.name))
            .unwrap_or_default();
        let never = match stored {
            None => true,
            Some(a) => {
                (side == "source" && a.as_source == 0) || (side == "target" && a.as_target == 0)
            }
        };
        if never {
            notes.push(format!(
                "{code}{name} is a known actor, but no stored event has it as {side}"
            ));
        }
    }
    if notes.is_empty() {
        notes.push("no stored event matches these filters".into());
    }
    Ok(notes)
}

/// A page of events, and whether more follow.
pub async fn read_events(
    state: &AppState,
    filter: EventFilter,
    limit: usize,
) -> Result<(Vec<StoredEvent>, bool), StoreFailure> {
    let mut events = state
        .with_store(move |s| {
            let mut v = Vec::new();
            s.events(&filter, &mut |e| {
                v.push(e);
                Ok(())
            })?;
            Ok(v)
        })
        .await?;
    let more = events.len() > limit;
    events.truncate(limit);
    Ok((events, more))
}

#[derive(Serialize)]
pub struct EventPage {
    events: Vec<StoredEvent>,
    limit: usize,
    offset: Option<usize>,
    /// The cursor for the next page (`after=`), absent on the last page.
    next_after: Option<i64>,
    /// What the filters were read as, and why nothing matched (when nothing did).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    notes: Vec<String>,
}

pub async fn health(State(state): State<AppState>) -> ApiResult<Value> {
    let counts = state.with_store(|s| s.counts()).await?;
    Ok(Json(json!({"status": "ok", "counts": counts})))
}

/// The OpenAPI file, its server address made the one this request reached.
pub async fn openapi(headers: HeaderMap) -> Response {
    let mut spec: Value = serde_json::from_str(crate::OPENAPI).unwrap_or_default();
    spec["servers"] = json!([{"url": crate::dashboard::base_url(&headers)}]);
    Json(spec).into_response()
}

pub async fn events(
    State(state): State<AppState>,
    q: Result<Query<EventQuery>, QueryRejection>,
) -> ApiResult<EventPage> {
    let Query(q) = q?;
    let (mut filter, limit) = q.filter()?;
    let mut notes = check_filter(&state, &mut filter).await?;
    let offset = filter.offset;
    let (events, more) = read_events(&state, filter.clone(), limit).await?;
    if events.is_empty() {
        notes.extend(empty_notes(&state, &filter).await?);
    }
    let next_after = if more {
        events.last().map(|e| e.id)
    } else {
        None
    };
    Ok(Json(EventPage {
        events,
        limit,
        offset,
        next_after,
        notes,
    }))
}

fn event_id(id: &str) -> Result<i64, ApiError> {
    id.parse()
        .map_err(|_| ApiError::bad(format!("event id must be a whole number, not {id:?}")))
}

/// Which reports of an event: `offset` and `limit` over its documents.
#[derive(Debug, Default, Deserialize)]
pub struct ReportQuery {
    pub offset: Option<String>,
    pub limit: Option<String>,
}

impl ReportQuery {
    pub fn page(&self) -> Result<ReportPage, ApiError> {
        Ok(ReportPage {
            offset: number("offset", &self.offset)?.unwrap_or(0),
            limit: bounded_size(&self.limit, DEFAULT_REPORTS, MAX_REPORTS)?,
        })
    }
}

pub async fn event(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    q: Result<Query<ReportQuery>, QueryRejection>,
) -> ApiResult<demarche_store::EventDetail> {
    let id = event_id(&id?.0)?;
    let page = q?.0.page()?;
    match state.with_store(move |s| s.event(id, page)).await? {
        Some(d) => Ok(Json(d)),
        None => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            format!("no event {id}"),
        )),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct SeriesQuery {
    pub code: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
}

impl SeriesQuery {
    pub fn filter(&self, source: &str, target: &str) -> EventFilter {
        EventFilter {
            source: Some(source.trim().to_ascii_uppercase()),
            target: Some(target.trim().to_ascii_uppercase()),
            code: given(&self.code),
            from: given(&self.from),
            to: given(&self.to),
            ..Default::default()
        }
    }
}

/// A dyad's weekly series: `{source, target, weeks, undated}`; the weeks are
/// shared with the series cache.
pub struct DyadSeries {
    pub source: String,
    pub target: String,
    pub filled: Arc<FilledSeries>,
}

impl Serialize for DyadSeries {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("DyadSeries", 4)?;
        s.serialize_field("source", &self.source)?;
        s.serialize_field("target", &self.target)?;
        s.serialize_field("weeks", &self.filled.weeks)?;
        s.serialize_field("undated", &self.filled.undated)?;
        s.end()
    }
}

pub async fn weekly_series(
    state: &AppState,
    filter: EventFilter,
) -> Result<DyadSeries, StoreFailure> {
    let (source, target) = (
        filter.source.clone().unwrap_or_default(),
        filter.target.clone().unwrap_or_default(),
    );
    let cache = state.0.series.clone();
    let key = SeriesCache::key(&filter);
    // The version is read first: a series computed after it is at least as
    // new, so an entry never answers for a store that has changed.
    let (version, hit) = {
        let (cache, key) = (cache.clone(), key.clone());
        state
            .with_store(move |s| {
                let version = s.events_version()?;
                Ok((version, version.and_then(|v| cache.get(&key, v))))
            })
            .await?
    };
    let filled = match hit {
        Some(hit) => hit,
        None => {
            // Computed once however many ask at the same time.
            let flight = cache.flight(&key, version);
            let computed = flight
                .get_or_try_init(|| {
                    state.with_store(move |s| Ok(Arc::new(FilledSeries::new(&s.weekly(&filter)?))))
                })
                .await
                .cloned();
            if let (Ok(filled), Some(v)) = (&computed, version) {
                cache.put(key.clone(), v, filled.clone());
            }
            cache.land(&key, version);
            computed?
        }
    };
    Ok(DyadSeries {
        source,
        target,
        filled,
    })
}

pub async fn dyad_weekly(
    State(state): State<AppState>,
    p: Result<Path<(String, String)>, PathRejection>,
    q: Result<Query<SeriesQuery>, QueryRejection>,
) -> ApiResult<DyadSeries> {
    let Path((source, target)) = p?;
    let Query(q) = q?;
    let mut filter = q.filter(&source, &target);
    check_filter(&state, &mut filter).await?;
    Ok(Json(weekly_series(&state, filter).await?))
}

#[derive(Debug, Default, Deserialize)]
pub struct ActorQuery {
    pub q: Option<String>,
    pub limit: Option<String>,
    pub offset: Option<String>,
}

#[derive(Serialize)]
pub struct ActorPage {
    actors: Vec<ActorSummary>,
    limit: usize,
    offset: usize,
}

pub async fn actors(
    State(state): State<AppState>,
    q: Result<Query<ActorQuery>, QueryRejection>,
) -> ApiResult<ActorPage> {
    let Query(q) = q?;
    let limit = page_size(&q.limit)?;
    let offset = number("offset", &q.offset)?.unwrap_or(0);
    let search = given(&q.q);
    let actors = state
        .with_store(move |s| s.actors(search.as_deref(), limit, offset))
        .await?;
    Ok(Json(ActorPage {
        actors,
        limit,
        offset,
    }))
}

#[derive(Serialize)]
pub struct ActorDetail {
    pub actor: ActorSummary,
    /// The actors it has most events with (at most 50).
    pub counterparts: Vec<Counterpart>,
}

pub async fn read_actor(state: &AppState, code: &str) -> Result<Option<ActorDetail>, StoreFailure> {
    let code = code.trim().to_ascii_uppercase();
    state
        .with_store(move |s| {
            let Some(actor) = s.actor(&code)? else {
                return Ok(None);
            };
            let counterparts = s.counterparts(&code, 50)?;
            Ok(Some(ActorDetail {
                actor,
                counterparts,
            }))
        })
        .await
}

pub async fn actor(
    State(state): State<AppState>,
    p: Result<Path<String>, PathRejection>,
) -> ApiResult<ActorDetail> {
    let code = p?.0;
    match read_actor(&state, &code).await? {
        Some(a) => Ok(Json(a)),
        None => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            format!("no actor {code:?} in the store"),
        )),
    }
}

/// Whether the request carries the configured bearer token.
fn authorise(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(token) = &state.0.token else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "writing is disabled: start demarche serve with --token (or DEMARCHE_TOKEN)",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match given {
        None => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "writing needs the header Authorization: Bearer TOKEN",
        )),
        Some(g) if !same(g.as_bytes(), token.as_bytes()) => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "the bearer token is not the one the server was started with",
        )),
        Some(_) => Ok(()),
    }
}

/// Compares without stopping at the first difference.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[derive(Serialize)]
struct CodedEvent {
    source: String,
    target: String,
    code: String,
    date: String,
}

pub async fn post_document(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    authorise(&state, &headers)?;
    let body = body?;
    let json_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| {
            t.split(';')
                .next()
                .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
        });
    if !json_type {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send the document as Content-Type: application/json",
        ));
    }
    let doc: IncomingDocument = serde_json::from_slice(&body).map_err(|e| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("not a document {{id, date, title, text, source, url}}: {e}"),
        )
    })?;
    if doc.text.trim().is_empty() {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "the document's \"text\" is empty",
        ));
    }
    let Some(coder) = state.0.coder.clone() else {
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "this server has no coder",
        ));
    };
    let coded = tokio::task::spawn_blocking(move || coder.code(&doc))
        .await
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?
        .map_err(|m| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, m))?;
    let events: Vec<CodedEvent> = coded
        .document
        .events
        .iter()
        .map(|e| CodedEvent {
            source: e.source.code.clone(),
            target: e.target.code.clone(),
            code: e.code.clone(),
            date: e.date.clone(),
        })
        .collect();
    let doc_id = coded.document.doc_id.clone();
    let sum = state
        .write_store(move |s| s.write_batch(std::slice::from_ref(&coded.document), &coded.actors))
        .await?;
    let stored = sum.documents == 1;
    let status = if stored {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        Json(json!({
            "stored": stored,
            "duplicate": sum.duplicates == 1,
            "doc_id": doc_id,
            "events_added": sum.events,
            "mentions_added": sum.mentions,
            "events": events,
        })),
    ))
}
