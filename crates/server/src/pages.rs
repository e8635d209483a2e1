//! The HTML dashboard: search, dyad, actor and event pages (forum pages: `forums.rs`).

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use demarche_store::{EventFilter, EventOrder, StoredEvent};

use crate::api::{self, ApiError, SeriesQuery};
use crate::chart::{dyad_svg, fitted, QUAD_NAMES};
use crate::html::{enc, esc, highlight, href, page};
use crate::vocabulary::Vocabulary;
use crate::{AppState, StoreFailure};

/// Reports shown on an event page at most.
const PAGE_REPORTS: usize = 20;
/// Event rows on a dyad page.
const DYAD_ROWS: usize = 100;

/// An error shown as a page.
pub struct PageError(pub(crate) StatusCode, pub(crate) String);

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        page(
            self.0,
            self.0.canonical_reason().unwrap_or("Error"),
            &format!("<p class=\"error\">{}</p>", esc(&self.1)),
        )
    }
}

impl From<ApiError> for PageError {
    fn from(e: ApiError) -> PageError {
        PageError(e.status, e.message)
    }
}

impl From<StoreFailure> for PageError {
    fn from(f: StoreFailure) -> PageError {
        ApiError::from(f).into()
    }
}

impl From<QueryRejection> for PageError {
    fn from(r: QueryRejection) -> PageError {
        PageError(r.status(), r.body_text())
    }
}

impl From<PathRejection> for PageError {
    fn from(r: PathRejection) -> PageError {
        PageError(r.status(), r.body_text())
    }
}

pub(crate) type PageResult = Result<Response, PageError>;

pub fn not_found_page(message: &str) -> Response {
    PageError(StatusCode::NOT_FOUND, message.to_string()).into_response()
}

pub(crate) fn actor_link(code: &str, name: &str) -> String {
    format!(
        "<a href=\"/actor/{}\" title=\"{}\">{}</a>",
        enc(code),
        esc(name),
        esc(code)
    )
}

fn quad_name(q: u8) -> &'static str {
    QUAD_NAMES
        .get((q as usize).wrapping_sub(1))
        .copied()
        .unwrap_or("?")
}

/// Where a table's sortable headers link: the page, its other fields, the current order.
pub(crate) struct SortLinks<'a> {
    pub path: &'a str,
    pub fields: &'a [(&'static str, Option<String>)],
    pub order: EventOrder,
}

impl SortLinks<'_> {
    /// A header that sorts by `key`: descending first, then the other way.
    fn header(&self, key: &str, label: &str) -> String {
        let (desc, asc) = match key {
            "date" => (EventOrder::DateDesc, EventOrder::DateAsc),
            "goldstein" => (EventOrder::GoldsteinDesc, EventOrder::GoldsteinAsc),
            _ => (EventOrder::MentionsDesc, EventOrder::MentionsAsc),
        };
        let (dir, mark) = if self.order == desc {
            ("asc", " ▼")
        } else if self.order == asc {
            ("desc", " ▲")
        } else {
            ("desc", "")
        };
        let mut parts: Vec<String> = self
            .fields
            .iter()
            .filter(|(k, _)| !matches!(*k, "sort" | "dir"))
            .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}={}", enc(v))))
            .collect();
        parts.push(format!("sort={key}"));
        parts.push(format!("dir={dir}"));
        format!(
            "<a class=\"sort\" href=\"{}?{}\">{label}{mark}</a>",
            self.path,
            esc(&parts.join("&"))
        )
    }
}

/// The events as table rows, each linking to its event page, CAMEO names beside
/// codes; with `sort`, the date, Goldstein and mention headers sort the table.
pub(crate) fn events_table(
    events: &[StoredEvent],
    v: &Vocabulary,
    sort: Option<&SortLinks>,
) -> String {
    if events.is_empty() {
        return "<p class=\"note\">No events match.</p>".into();
    }
    let head = |key: &str, label: &str| match sort {
        Some(s) => s.header(key, label),
        None => label.to_string(),
    };
    let mut h = format!(
        "<table class=\"events\"><thead><tr><th>event</th><th class=\"date\">{}</th><th>source</th>\
         <th>CAMEO code</th><th>target</th><th>QuadClass</th><th class=\"num\">{}</th>\
         <th class=\"num\">{}</th><th>evidence</th></tr></thead><tbody>\n",
        head("date", "date"),
        head("goldstein", "Goldstein"),
        head("mentions", "mentions"),
    );
    for e in events {
        h.push_str(&format!(
            "<tr class=\"event-row\"><td><a class=\"event-link\" href=\"/event/{id}\">#{id}</a></td>\
             <td class=\"date\">{date}</td><td>{src}</td><td title=\"PLOVER {plover}\"><a href=\"/codes#code-{code}\">{code}</a> {name}</td><td>{tgt}</td>\
             <td class=\"q{q}\">{qn}</td><td class=\"num\">{g:.1}</td><td class=\"num\">{m}</td>\
             <td>{st} · <b>{et}</b> · {tt}</td></tr>\n",
            id = e.id,
            date = esc(&e.date),
            src = actor_link(&e.source.code, &e.source.name),
            code = esc(&e.code),
            name = esc(v.cameo_name(&e.code)),
            plover = esc(&e.plover),
            tgt = actor_link(&e.target.code, &e.target.name),
            q = e.quad_class,
            qn = quad_name(e.quad_class),
            g = e.goldstein,
            m = e.num_mentions,
            st = esc(&e.first.source_text),
            et = esc(&e.first.event_text),
            tt = esc(&e.first.target_text),
        ));
    }
    h.push_str("</tbody></table>");
    h
}

/// The query string of a search with another offset.
fn query_with_offset(fields: &[(&str, Option<String>)], offset: usize) -> String {
    let mut parts: Vec<String> = fields
        .iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}={}", enc(v))))
        .collect();
    if offset > 0 {
        parts.push(format!("offset={offset}"));
    }
    parts.join("&")
}

pub(crate) fn pager(
    path: &str,
    fields: &[(&str, Option<String>)],
    offset: usize,
    limit: usize,
    more: bool,
) -> String {
    let mut h = String::from("<p class=\"pager\">");
    if offset > 0 {
        let q = query_with_offset(fields, offset.saturating_sub(limit));
        h.push_str(&format!(
            "<a rel=\"prev\" href=\"{}?{}\">← previous</a>",
            path,
            esc(&q)
        ));
    }
    if more {
        let q = query_with_offset(fields, offset + limit);
        h.push_str(&format!(
            "<a rel=\"next\" href=\"{}?{}\">next →</a>",
            path,
            esc(&q)
        ));
    }
    h.push_str("</p>");
    h
}

pub(crate) fn input(name: &str, label: &str, value: &Option<String>, hint: &str) -> String {
    format!(
        "<label>{label}<input name=\"{name}\" value=\"{}\" placeholder=\"{hint}\"></label>",
        esc(value.as_deref().unwrap_or(""))
    )
}

#[derive(Debug, Default, Deserialize)]
pub struct DyadQuery {
    pub code: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub offset: Option<String>,
    pub sort: Option<String>,
    pub dir: Option<String>,
    /// `all`: chart every week, stray early or late events included.
    pub range: Option<String>,
}

/// `/dyad/{source}/{target}`: the weekly chart and the dyad's events.
pub async fn dyad(
    State(state): State<AppState>,
    p: Result<Path<(String, String)>, PathRejection>,
    q: Result<Query<DyadQuery>, QueryRejection>,
) -> PageResult {
    let Path((source, target)) = p?;
    let Query(q) = q?;
    let sq = SeriesQuery {
        code: q.code.clone(),
        from: q.from.clone(),
        to: q.to.clone(),
    };
    let mut filter = sq.filter(&source, &target);
    let notes = api::check_filter(&state, &mut filter).await?;
    if !notes.is_empty() {
        // A name in the address ("/dyad/United States/Russia"): go to the codes' page.
        let to = format!(
            "/dyad/{}/{}",
            enc(filter.source.as_deref().unwrap_or_default()),
            enc(filter.target.as_deref().unwrap_or_default())
        );
        return Ok(axum::response::Redirect::to(&to).into_response());
    }
    let (src, tgt) = (
        filter.source.clone().unwrap_or_default(),
        filter.target.clone().unwrap_or_default(),
    );
    let offset = api::number("offset", &q.offset)?.unwrap_or(0);
    let series = match api::weekly_series(&state, filter.clone()).await {
        Ok(s) => s,
        Err(StoreFailure::BadFilter(m)) => return Err(PageError(StatusCode::BAD_REQUEST, m)),
        Err(e) => return Err(e.into()),
    };
    let sort = q.sort.clone().or(Some("date".into()));
    let page_filter = EventFilter {
        limit: Some(DYAD_ROWS + 1),
        offset: Some(offset),
        order: api::order(&sort, &q.dir)?,
        ..filter.clone()
    };
    let page_filter_order = page_filter.order;
    let (events, more) = api::read_events(&state, page_filter, DYAD_ROWS).await?;
    let names = {
        let (a, b) = (src.clone(), tgt.clone());
        state
            .with_store(move |s| Ok((s.actor(&a)?, s.actor(&b)?)))
            .await?
    };
    let name = |a: &Option<demarche_store::ActorSummary>, code: &str| {
        a.as_ref().map_or(code.to_string(), |a| a.name.clone())
    };
    let title = format!("{} → {}", name(&names.0, &src), name(&names.1, &tgt));
    let all_weeks = q.range.as_deref() == Some("all");
    let (a, b, outside) = if all_weeks {
        (0, series.filled.weeks.len(), 0)
    } else {
        fitted(&series.filled.weeks)
    };
    let chart = match dyad_svg(&series.filled.weeks[a..b]) {
        Some(svg) => format!(
            "<figure class=\"chart\" id=\"chart\">{svg}<figcaption class=\"note\">{} weeks from {} \
             to {}; {} events dated only to a month or year are in no week.{}</figcaption></figure>",
            b - a,
            esc(&series.filled.weeks[a].week),
            esc(&series.filled.weeks[b - 1].week),
            series.filled.undated,
            if outside > 0 {
                format!(
                    " {outside} stray events in earlier or later weeks are outside the chart \
                     (<a href=\"?range=all\">show every week</a>)."
                )
            } else {
                String::new()
            }
        ),
        None => "<p class=\"note\">No events dated to the day: nothing to chart.</p>".into(),
    };
    let mut weekly = String::from(
        "<details><summary>Weekly figures</summary><table><thead><tr><th>week</th><th>events</th>",
    );
    for (i, n) in QUAD_NAMES.iter().enumerate() {
        weekly.push_str(&format!("<th class=\"q{}\">{n}</th>", i + 1));
    }
    weekly.push_str("<th>mean Goldstein</th></tr></thead><tbody>");
    for w in series.filled.weeks.iter().filter(|w| w.events > 0) {
        weekly.push_str(&format!(
            "<tr><td>{}</td><td class=\"num\">{}</td>",
            esc(&w.week),
            w.events
        ));
        for n in w.by_quad_class {
            weekly.push_str(&format!("<td class=\"num\">{n}</td>"));
        }
        weekly.push_str(&format!(
            "<td class=\"num\">{:.2}</td></tr>",
            w.goldstein_mean.unwrap_or(0.0)
        ));
    }
    weekly.push_str("</tbody></table></details>");
    let form = format!(
        "<form class=\"filters\" method=\"get\">{}{}{}<button type=\"submit\">Filter</button></form>",
        input("code", "CAMEO code", &q.code, "19"),
        input("from", "from", &q.from, "2017-01"),
        input("to", "to", &q.to, "2017-12-31"),
    );
    let fields = [
        ("code", filter.code.clone()),
        ("from", filter.from.clone()),
        ("to", filter.to.clone()),
        ("sort", sort.clone()),
        ("dir", q.dir.clone()),
    ];
    let path = format!("/dyad/{}/{}", enc(&src), enc(&tgt));
    let sort_links = SortLinks {
        path: &path,
        fields: &fields,
        order: page_filter_order,
    };
    let body = format!(
        "<p>Events with {} as source and {} as target. \
         <a href=\"/dyad/{}/{}\">The other way: {} → {}</a> · \
         <a href=\"/api/dyads/{}/{}/weekly\">JSON</a></p>{form}{chart}{weekly}\
         <h2>Events</h2>{}{}",
        actor_link(&src, &name(&names.0, &src)),
        actor_link(&tgt, &name(&names.1, &tgt)),
        enc(&tgt),
        enc(&src),
        esc(&tgt),
        esc(&src),
        enc(&src),
        enc(&tgt),
        events_table(&events, state.vocabulary(), Some(&sort_links)),
        pager(&path, &fields, offset, DYAD_ROWS, more),
    );
    Ok(page(StatusCode::OK, &title, &body))
}

/// `/actor/{code}`: what the store knows of an actor, its counterparts and events.
pub async fn actor(
    State(state): State<AppState>,
    p: Result<Path<String>, PathRejection>,
) -> PageResult {
    let code = p?.0;
    let Some(detail) = api::read_actor(&state, &code).await? else {
        return Err(PageError(
            StatusCode::NOT_FOUND,
            format!("No actor {code:?} in the store."),
        ));
    };
    let a = &detail.actor;
    let side = |source: bool| EventFilter {
        source: source.then(|| a.code.clone()),
        target: (!source).then(|| a.code.clone()),
        limit: Some(26),
        ..Default::default()
    };
    let (as_source, more_s) = api::read_events(&state, side(true), 25).await?;
    let (as_target, more_t) = api::read_events(&state, side(false), 25).await?;
    let mut partners = String::from(
        "<table><thead><tr><th>counterpart</th><th>name</th><th>events to it</th>\
         <th>events from it</th></tr></thead><tbody>",
    );
    for c in &detail.counterparts {
        partners.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td class=\"num\"><a href=\"/dyad/{}/{}\">{}</a></td>\
             <td class=\"num\"><a href=\"/dyad/{}/{}\">{}</a></td></tr>",
            actor_link(&c.code, &c.name),
            esc(&c.name),
            enc(&a.code),
            enc(&c.code),
            c.outgoing,
            enc(&c.code),
            enc(&a.code),
            c.incoming
        ));
    }
    partners.push_str("</tbody></table>");
    let more = |m: bool, side: &str| {
        if m {
            format!(
                "<p><a href=\"/events?{side}={}\">All events →</a></p>",
                enc(&a.code)
            )
        } else {
            String::new()
        }
    };
    let body = format!(
        "<table><tr><th>code</th><td>{}</td></tr><tr><th>kind</th><td>{}</td></tr>\
         <tr><th>country</th><td>{}</td></tr><tr><th>events as source</th><td>{}</td></tr>\
         <tr><th>events as target</th><td>{}</td></tr></table>\
         <h2>Counterparts</h2>{partners}<h2>As source</h2>{}{}<h2>As target</h2>{}{}",
        esc(&a.code),
        a.kind.as_str(),
        esc(a.country.as_deref().unwrap_or("–")),
        a.as_source,
        a.as_target,
        events_table(&as_source, state.vocabulary(), None),
        more(more_s, "source"),
        events_table(&as_target, state.vocabulary(), None),
        more(more_t, "target"),
    );
    Ok(page(
        StatusCode::OK,
        &format!("{} ({})", a.name, a.code),
        &body,
    ))
}

/// `/event/{id}`: the event and each report's text with the evidence marked.
#[derive(Debug, Default, Deserialize)]
pub struct EventPageQuery {
    pub offset: Option<String>,
}

pub async fn event(
    State(state): State<AppState>,
    p: Result<Path<String>, PathRejection>,
    q: Result<Query<EventPageQuery>, QueryRejection>,
) -> PageResult {
    let raw = p?.0;
    let id: i64 = raw.parse().map_err(|_| {
        PageError(
            StatusCode::BAD_REQUEST,
            format!("event id must be a whole number, not {raw:?}"),
        )
    })?;
    let offset = api::number("offset", &q?.0.offset)?.unwrap_or(0);
    let reports = demarche_store::ReportPage {
        offset,
        limit: PAGE_REPORTS,
    };
    let Some(d) = state.with_store(move |s| s.event(id, reports)).await? else {
        return Err(PageError(StatusCode::NOT_FOUND, format!("No event {id}.")));
    };
    let e = &d.event;
    let mut body = format!(
        "<table class=\"event\"><tr><th>date</th><td>{}</td></tr>\
         <tr><th>source</th><td>{} {} {}</td></tr>\
         <tr><th>event</th><td>{} {} · {}{} · <span class=\"q{}\">{}</span> · Goldstein {:.1}</td></tr>\
         <tr><th>target</th><td>{} {} {}</td></tr>\
         <tr><th>reports</th><td>{} in {} from {}; first seen {}</td></tr>\
         </table><p><a href=\"/dyad/{}/{}\">All events of {} → {}</a></p>\
         <p class=\"legend\">Evidence: <mark class=\"source\">source</mark> \
         <mark class=\"event\">event</mark> <mark class=\"target\">target</mark></p>",
        esc(&e.date),
        actor_link(&e.source.code, &e.source.name),
        esc(&e.source.name),
        esc(e.source.sector.as_deref().unwrap_or("")),
        esc(&e.code),
        esc(state.vocabulary().cameo_name(&e.code)),
        esc(&e.plover),
        e.plover_mode
            .as_deref()
            .map(|m| format!(" ({})", esc(m)))
            .unwrap_or_default(),
        e.quad_class,
        quad_name(e.quad_class),
        e.goldstein,
        actor_link(&e.target.code, &e.target.name),
        esc(&e.target.name),
        esc(e.target.sector.as_deref().unwrap_or("")),
        counted(e.num_mentions, "mention"),
        counted(e.num_articles, "article"),
        counted(e.num_sources, "outlet"),
        esc(&e.first_seen),
        enc(&e.source.code),
        enc(&e.target.code),
        esc(&e.source.code),
        esc(&e.target.code),
    );
    for (i, r) in d.reports.iter().enumerate() {
        let title = r.title.as_deref().unwrap_or(&r.doc_id);
        let link = match r.url.as_deref().and_then(href) {
            Some(h) => format!(" · <a href=\"{h}\" rel=\"noreferrer\">original</a>"),
            None => r
                .url
                .as_deref()
                .map(|u| format!(" · {}", esc(u)))
                .unwrap_or_default(),
        };
        let marked = if (r.mentions.len() as u64) < r.mentions_total {
            format!(
                "<p class=\"note\">The first {} of its {} reports of the event are marked.</p>",
                r.mentions.len(),
                r.mentions_total
            )
        } else {
            String::new()
        };
        body.push_str(&format!(
            "<section class=\"report\" id=\"report-{}\"><h2>{}</h2>\
             <p class=\"note\">{} · published {} · document {}{link}</p>{marked}\
             <div class=\"article\">{}</div></section>",
            d.reports_offset + i + 1,
            esc(title),
            esc(r.outlet.as_deref().unwrap_or("unknown outlet")),
            esc(r.published.as_deref().unwrap_or("–")),
            esc(&r.doc_id),
            highlight(&r.text, &r.mentions),
        ));
    }
    let shown = d.reports.len() as u64;
    if d.reports_offset > 0 || shown < e.num_articles {
        let path = format!("/event/{}", e.id);
        let mut nav = format!(
            "<p class=\"note\">Articles {}–{} of {} are shown.",
            d.reports_offset + 1,
            d.reports_offset as u64 + shown,
            e.num_articles
        );
        if d.reports_offset > 0 {
            let back = d.reports_offset.saturating_sub(PAGE_REPORTS);
            nav.push_str(&format!(
                " <a href=\"{path}?offset={back}\">Earlier articles</a>"
            ));
        }
        if (d.reports_offset as u64 + shown) < e.num_articles {
            let next = d.reports_offset + PAGE_REPORTS;
            nav.push_str(&format!(
                " <a href=\"{path}?offset={next}\">More articles</a>"
            ));
        }
        nav.push_str("</p>");
        body.push_str(&nav);
    }
    Ok(page(
        StatusCode::OK,
        &format!(
            "Event #{}: {} {} {}",
            e.id, e.source.code, e.code, e.target.code
        ),
        &body,
    ))
}

/// "1 mention", "3 mentions".
fn counted(n: impl Into<u64>, noun: &str) -> String {
    let n = n.into();
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
