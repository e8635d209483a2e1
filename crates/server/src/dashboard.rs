//! The analyst's pages: the overview (`/`), events with filters, sorting and
//! downloads (`/events`, `/events.csv`, `/events.jsonl`), actor search
//! (`/actors`), the CAMEO codes (`/codes`), the world map (`/map`) and the API's
//! own page (`/api`). Every filter lives in the URL; no page needs JavaScript.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use demarche_store::{EventFilter, EventOrder, StoredEvent};

use crate::api::{self, ActorQuery, EventQuery};
use crate::chart::{dyad_svg, fitted, QUAD_NAMES};
use crate::html::{enc, esc, page};
use crate::map::world_svg;
use crate::pages::{actor_link, events_table, input, pager, PageError, PageResult, SortLinks};
use crate::vocabulary::Vocabulary;
use crate::AppState;

/// Events in one download at most.
pub const DOWNLOAD_MAX: usize = 100_000;

/// `<datalist>`s of every known actor (code, with the name as label) and CAMEO
/// code: the browser offers them as one types, without any script.
pub fn datalists(v: &Vocabulary) -> String {
    let mut h = String::from("<datalist id=\"actor-list\">");
    for a in v.actors() {
        h.push_str(&format!(
            "<option value=\"{}\">{}</option>",
            esc(&a.code),
            esc(&a.name)
        ));
    }
    h.push_str("</datalist><datalist id=\"code-list\">");
    for c in v.cameo_codes() {
        h.push_str(&format!(
            "<option value=\"{}\">{}</option>",
            esc(&c.code),
            esc(&c.name)
        ));
    }
    h.push_str("</datalist>");
    h
}

fn listed_input(name: &str, label: &str, value: &Option<String>, hint: &str, list: &str) -> String {
    format!(
        "<label>{label}<input name=\"{name}\" list=\"{list}\" value=\"{}\" placeholder=\"{hint}\"></label>",
        esc(value.as_deref().unwrap_or(""))
    )
}

fn select(name: &str, label: &str, value: &Option<String>, options: &[(String, String)]) -> String {
    let mut h = format!("<label>{label}<select name=\"{name}\"><option value=\"\">any</option>");
    let chosen = value.as_deref().unwrap_or("");
    for (v, text) in options {
        h.push_str(&format!(
            "<option value=\"{}\"{}>{}</option>",
            esc(v),
            if v == chosen { " selected" } else { "" },
            esc(text)
        ));
    }
    h.push_str("</select></label>");
    h
}

fn root_options(v: &Vocabulary) -> Vec<(String, String)> {
    v.cameo_codes()
        .filter(|c| c.code.len() == 2)
        .map(|c| (c.code.clone(), format!("{} {}", c.code, c.name)))
        .collect()
}

fn quad_options() -> Vec<(String, String)> {
    QUAD_NAMES
        .iter()
        .enumerate()
        .map(|(i, n)| ((i + 1).to_string(), format!("{} {n}", i + 1)))
        .collect()
}

/// The query's fields as they go back into links (empty ones left out).
fn fields(q: &EventQuery) -> Vec<(&'static str, Option<String>)> {
    let g = |s: &Option<String>| s.clone().filter(|v| !v.trim().is_empty());
    vec![
        ("source", g(&q.source)),
        ("target", g(&q.target)),
        ("root", g(&q.root)),
        ("code", g(&q.code)),
        ("quad", g(&q.quad)),
        ("from", g(&q.from)),
        ("to", g(&q.to)),
        ("sort", g(&q.sort)),
        ("dir", g(&q.dir)),
        ("limit", g(&q.limit)),
    ]
}

fn query_string(fields: &[(&str, Option<String>)]) -> String {
    fields
        .iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}={}", enc(v))))
        .collect::<Vec<_>>()
        .join("&")
}

/// `/events`: filters (actor codes or names, root, code, QuadClass, dates), a
/// sortable table, paging and downloads of the same view.
pub async fn events_page(
    State(state): State<AppState>,
    q: Result<Query<EventQuery>, QueryRejection>,
) -> PageResult {
    let Query(mut q) = q?;
    if q.sort.as_deref().is_none_or(|s| s.trim().is_empty()) {
        // An analyst reads the newest first.
        q.sort = Some("date".into());
    }
    let v = state.vocabulary();
    let form = format!(
        "<form class=\"filters\" method=\"get\" action=\"/events\">{}{}{}{}{}{}{}{}\
         <input type=\"hidden\" name=\"sort\" value=\"{}\"><input type=\"hidden\" name=\"dir\" value=\"{}\">\
         <button type=\"submit\">Show</button></form>{}",
        listed_input("source", "source (code or name)", &q.source, "USA", "actor-list"),
        listed_input("target", "target (code or name)", &q.target, "RUS", "actor-list"),
        select("root", "CAMEO root", &q.root, &root_options(v)),
        listed_input("code", "CAMEO code", &q.code, "190", "code-list"),
        select("quad", "QuadClass", &q.quad, &quad_options()),
        input("from", "from", &q.from, "2017-01"),
        input("to", "to", &q.to, "2017-12-31"),
        input("limit", "per page", &q.limit, "50"),
        esc(q.sort.as_deref().unwrap_or("")),
        esc(q.dir.as_deref().unwrap_or("")),
        datalists(v),
    );
    let checked = match q.filter() {
        Ok((mut f, limit)) => api::check_filter(&state, &mut f)
            .await
            .map(|notes| (f, limit, notes)),
        Err(e) => Err(e),
    };
    let (filter, limit, mut notes) = match checked {
        Ok(f) => f,
        Err(e) => {
            let body = format!("{form}<p class=\"error\">{}</p>", esc(&e.message));
            return Ok(page(e.status, "Events", &body));
        }
    };
    let offset = filter.offset.unwrap_or(0);
    let (events, more) = match api::read_events(&state, filter.clone(), limit).await {
        Ok(r) => r,
        Err(crate::StoreFailure::BadFilter(m)) => {
            let body = format!("{form}<p class=\"error\">{}</p>", esc(&m));
            return Ok(page(StatusCode::BAD_REQUEST, "Events", &body));
        }
        Err(e) => return Err(e.into()),
    };
    if events.is_empty() {
        notes.extend(api::empty_notes(&state, &filter).await?);
    }
    let notes: String = notes
        .iter()
        .map(|n| format!("<p class=\"note\">Note: {}</p>", esc(n)))
        .collect();
    let dyad = match (&filter.source, &filter.target) {
        (Some(s), Some(t)) => format!(
            "<p><a href=\"/dyad/{}/{}\">Weekly chart of {} → {}</a></p>",
            enc(s),
            enc(t),
            esc(s),
            esc(t)
        ),
        _ => String::new(),
    };
    // The links keep the codes a name was read as.
    let mut f = fields(&q);
    for (k, val) in f.iter_mut() {
        match *k {
            "source" => *val = filter.source.clone(),
            "target" => *val = filter.target.clone(),
            _ => {}
        }
    }
    let view = query_string(&f);
    let downloads = format!(
        "<p class=\"downloads\">Download this view (every page, up to {DOWNLOAD_MAX} events): \
         <a href=\"/events.csv?{q}\">CSV</a> · <a href=\"/events.jsonl?{q}\">JSON Lines</a></p>",
        q = esc(&view)
    );
    let sort = SortLinks {
        path: "/events",
        fields: &f,
        order: filter.order,
    };
    let body = format!(
        "{form}{dyad}{notes}{downloads}<p class=\"note\">Events {}–{}</p>{}{}",
        if events.is_empty() {
            offset
        } else {
            offset + 1
        },
        offset + events.len(),
        events_table(&events, v, Some(&sort)),
        pager("/events", &f, offset, limit, more)
    );
    Ok(page(StatusCode::OK, "Events", &body))
}

/// The events of a view for download, in its order, up to [`DOWNLOAD_MAX`].
async fn download_events(
    state: &AppState,
    q: Result<Query<EventQuery>, QueryRejection>,
) -> Result<Vec<StoredEvent>, api::ApiError> {
    let Query(q) = q?;
    let (mut filter, _) = q.filter()?;
    api::check_filter(state, &mut filter).await?;
    filter.limit = Some(DOWNLOAD_MAX);
    filter.offset = None;
    Ok(api::read_events(state, filter, DOWNLOAD_MAX).await?.0)
}

fn attachment(body: String, content_type: &'static str, name: &str) -> Response {
    let mut r = body.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

/// The columns of `/events.csv`.
pub const CSV_COLUMNS: &[&str] = &[
    "id",
    "date",
    "source",
    "source_name",
    "target",
    "target_name",
    "code",
    "code_name",
    "quad_class",
    "goldstein",
    "num_mentions",
    "num_articles",
    "num_sources",
    "doc_id",
    "url",
    "source_text",
    "event_text",
    "target_text",
];

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// `/events.csv`: the view as CSV.
pub async fn events_csv(
    State(state): State<AppState>,
    q: Result<Query<EventQuery>, QueryRejection>,
) -> Result<Response, api::ApiError> {
    let events = download_events(&state, q).await?;
    let v = state.vocabulary();
    let mut out = CSV_COLUMNS.join(",");
    out.push('\n');
    for e in &events {
        let row = [
            e.id.to_string(),
            e.date.clone(),
            e.source.code.clone(),
            e.source.name.clone(),
            e.target.code.clone(),
            e.target.name.clone(),
            e.code.clone(),
            v.cameo_name(&e.code).to_string(),
            e.quad_class.to_string(),
            e.goldstein.to_string(),
            e.num_mentions.to_string(),
            e.num_articles.to_string(),
            e.num_sources.to_string(),
            e.first.doc_id.clone(),
            e.first.url.clone().unwrap_or_default(),
            e.first.source_text.clone(),
            e.first.event_text.clone(),
            e.first.target_text.clone(),
        ];
        out.push_str(
            &row.iter()
                .map(|f| csv_field(f))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push('\n');
    }
    Ok(attachment(out, "text/csv; charset=utf-8", "events.csv"))
}

/// `/events.jsonl`: the view as JSON Lines (the records of `/api/events`).
pub async fn events_jsonl(
    State(state): State<AppState>,
    q: Result<Query<EventQuery>, QueryRejection>,
) -> Result<Response, api::ApiError> {
    let events = download_events(&state, q).await?;
    let mut out = String::new();
    for e in &events {
        out.push_str(&serde_json::to_string(e).unwrap_or_default());
        out.push('\n');
    }
    Ok(attachment(out, "application/x-ndjson", "events.jsonl"))
}

/// `/`: the store at a glance: the event timeline, the busiest dyads and actors.
pub async fn overview(State(state): State<AppState>) -> PageResult {
    let counts = state.with_store(|s| s.counts()).await?;
    let series = api::weekly_series(&state, EventFilter::default()).await?;
    let dyads = state
        .with_store(|s| s.top_dyads(&EventFilter::default(), 15))
        .await?;
    let actors = state.with_store(|s| s.actors(None, 10, 0)).await?;
    let v = state.vocabulary();
    let timeline = {
        let (a, b, outside) = fitted(&series.filled.weeks);
        match dyad_svg(&series.filled.weeks[a..b]) {
            Some(svg) => format!(
                "<figure class=\"chart\" id=\"timeline\">{svg}<figcaption class=\"note\">All events \
                 dated to the day, per week, from {} to {}{}; {} dated only to a month or year.\
                 </figcaption></figure>",
                esc(&series.filled.weeks[a].week),
                esc(&series.filled.weeks[b - 1].week),
                if outside > 0 {
                    format!("; {outside} stray events outside these weeks are left out of the chart")
                } else {
                    String::new()
                },
                series.filled.undated
            ),
            None => "<p class=\"note\">No events dated to the day yet.</p>".into(),
        }
    };
    let mut top = String::from(
        "<table id=\"dyads\"><thead><tr><th>source</th><th>target</th><th class=\"num\">events</th>\
         <th class=\"num\">mean Goldstein</th><th></th></tr></thead><tbody>",
    );
    for d in &dyads {
        top.push_str(&format!(
            "<tr class=\"dyad-row\"><td>{} {}</td><td>{} {}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{:.1}</td><td><a href=\"/dyad/{}/{}\">chart</a> · \
             <a href=\"/events?source={}&amp;target={}\">events</a></td></tr>",
            actor_link(&d.source, &d.source_name),
            esc(&d.source_name),
            actor_link(&d.target, &d.target_name),
            esc(&d.target_name),
            d.events,
            d.goldstein_mean,
            enc(&d.source),
            enc(&d.target),
            enc(&d.source),
            enc(&d.target),
        ));
    }
    top.push_str("</tbody></table>");
    let mut busiest = String::from(
        "<table id=\"actors\"><thead><tr><th>actor</th><th>name</th><th class=\"num\">as source</th>\
         <th class=\"num\">as target</th></tr></thead><tbody>",
    );
    for a in &actors {
        busiest.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            actor_link(&a.code, &a.name),
            esc(&a.name),
            a.as_source,
            a.as_target
        ));
    }
    busiest.push_str("</tbody></table>");
    let search = format!(
        "<form class=\"filters\" method=\"get\" action=\"/actors\">\
         <label>Find an actor by name or code<input name=\"q\" list=\"actor-list\" \
         placeholder=\"United States\"></label><button type=\"submit\">Find</button></form>{}",
        datalists(v)
    );
    let body = format!(
        "<p class=\"note\">{} events from {} documents ({} mentions) about {} actors.</p>{search}\
         {timeline}<div class=\"columns\"><section><h2>Most active dyads</h2>{top}</section>\
         <section><h2>Most active actors</h2>{busiest}</section></div>\
         <p><a href=\"/events\">All events</a> · <a href=\"/map\">World map</a> · \
         <a href=\"/codes\">CAMEO codes</a></p>",
        counts.events, counts.documents, counts.mentions, counts.actors
    );
    Ok(page(StatusCode::OK, "Overview", &body))
}

/// `/actors?q=`: actors by name or code, from the knowledge, with their events.
pub async fn actors_page(
    State(state): State<AppState>,
    q: Result<Query<ActorQuery>, QueryRejection>,
) -> PageResult {
    let Query(q) = q?;
    let v = state.vocabulary();
    let query = q.q.clone().unwrap_or_default();
    let form = format!(
        "<form class=\"filters\" method=\"get\" action=\"/actors\">\
         <label>name or code<input name=\"q\" list=\"actor-list\" value=\"{}\" \
         placeholder=\"United States\"></label><button type=\"submit\">Find</button></form>{}",
        esc(&query),
        datalists(v)
    );
    let found = v.search(&query, 50);
    let mut rows = String::new();
    for a in &found {
        let code = a.code.clone();
        let stored = state.with_store(move |s| s.actor(&code)).await?;
        let (src, tgt) = stored.map_or((0, 0), |s| (s.as_source, s.as_target));
        rows.push_str(&format!(
            "<tr class=\"actor-row\"><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{src}</td>\
             <td class=\"num\">{tgt}</td></tr>",
            actor_link(&a.code, &a.name),
            esc(&a.name),
            a.kind.as_str(),
        ));
    }
    let body = if query.trim().is_empty() {
        format!("{form}<p class=\"note\">Type part of a name (\"united\") or a code; the list offers every actor the knowledge has.</p>")
    } else if found.is_empty() {
        format!(
            "{form}<p class=\"note\">No actor's name or code is like {:?}.</p>",
            esc(&query)
        )
    } else {
        format!(
            "{form}<table><thead><tr><th>code</th><th>name</th><th>kind</th>\
             <th class=\"num\">events as source</th><th class=\"num\">events as target</th></tr>\
             </thead><tbody>{rows}</tbody></table>"
        )
    };
    Ok(page(StatusCode::OK, "Actors", &body))
}

/// `/codes`: every CAMEO code with its name, Goldstein weight, QuadClass and PLOVER type.
pub async fn codes_page(State(state): State<AppState>) -> PageResult {
    let v = state.vocabulary();
    let mut h = String::from(
        "<p class=\"note\">The CAMEO event codes of the ontology (data/cameo/cameo.tsv). A root \
         (two digits) in a filter takes every code under it.</p><table id=\"codes\"><thead><tr>\
         <th>code</th><th>name</th><th class=\"num\">Goldstein</th><th>QuadClass</th><th>PLOVER</th>\
         <th></th></tr></thead><tbody>",
    );
    for c in v.cameo_codes() {
        let class = if c.code.len() == 2 {
            " class=\"root\""
        } else {
            ""
        };
        h.push_str(&format!(
            "<tr{class} id=\"code-{code}\"><td>{code}</td><td>{}</td><td class=\"num\">{:.1}</td>\
             <td class=\"q{q}\">{}</td><td>{}</td><td><a href=\"/events?code={code}\">events</a></td></tr>",
            esc(&c.name),
            c.goldstein,
            QUAD_NAMES.get(usize::from(c.quad_class).wrapping_sub(1)).unwrap_or(&"?"),
            esc(&c.plover),
            code = esc(&c.code),
            q = c.quad_class,
        ));
    }
    h.push_str("</tbody></table>");
    Ok(page(StatusCode::OK, "CAMEO codes", &h))
}

/// `/map`: events per country under the filters, as a world map.
pub async fn map_page(
    State(state): State<AppState>,
    q: Result<Query<EventQuery>, QueryRejection>,
) -> PageResult {
    let Query(q) = q?;
    let v = state.vocabulary();
    let form = format!(
        "<form class=\"filters\" method=\"get\" action=\"/map\">{}{}{}{}<button type=\"submit\">Show</button></form>",
        select("root", "CAMEO root", &q.root, &root_options(v)),
        select("quad", "QuadClass", &q.quad, &quad_options()),
        input("from", "from", &q.from, "2017-01"),
        input("to", "to", &q.to, "2017-12-31"),
    );
    let (mut filter, _) = q.filter().map_err(PageError::from)?;
    api::check_filter(&state, &mut filter).await?;
    filter.limit = None;
    filter.order = EventOrder::Id;
    let f = filter.clone();
    let counts = state.with_store(move |s| s.country_counts(&f)).await?;
    let svg = world_svg(&v.shapes, &counts);
    let mut table = String::from(
        "<table id=\"countries\"><thead><tr><th>country</th><th>name</th><th class=\"num\">events</th></tr></thead><tbody>",
    );
    for c in counts.iter().take(25) {
        let name = v
            .actor(&c.country)
            .map(|a| a.name.clone())
            .unwrap_or_else(|| c.country.clone());
        table.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
            actor_link(&c.country, &name),
            esc(&name),
            c.events
        ));
    }
    table.push_str("</tbody></table>");
    let body = format!(
        "{form}<figure class=\"map\" id=\"map\">{svg}<figcaption class=\"note\">Events with a side \
         in each country (an event between two countries counts for both). Outlines: Natural \
         Earth (public domain) via world-atlas.</figcaption></figure><h2>Countries with most events</h2>{table}"
    );
    Ok(page(StatusCode::OK, "World map", &body))
}

/// The address this request reached the server at (for links to the API).
pub fn base_url(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b':' | b'-' | b'[' | b']'))
        })
        .unwrap_or("127.0.0.1");
    format!("http://{host}")
}

/// `/api`: what the JSON API offers, with links on the server actually serving.
pub async fn api_page(headers: HeaderMap) -> PageResult {
    let base = base_url(&headers);
    let spec: serde_json::Value = serde_json::from_str(crate::OPENAPI).unwrap_or_default();
    let mut rows = String::new();
    if let Some(paths) = spec["paths"].as_object() {
        for (path, item) in paths.iter().filter(|(p, _)| p.starts_with("/api")) {
            for (method, op) in item.as_object().into_iter().flatten() {
                let summary = op["summary"].as_str().unwrap_or("");
                let shown = if method == "get" && !path.contains('{') {
                    format!("<a href=\"{}\">{}</a>", esc(path), esc(path))
                } else {
                    esc(path)
                };
                rows.push_str(&format!(
                    "<tr><td>{}</td><td><code>{shown}</code></td><td>{}</td></tr>",
                    method.to_uppercase(),
                    esc(summary)
                ));
            }
        }
    }
    let body = format!(
        "<p>The JSON API of this server is at <code>{b}/api</code>; its OpenAPI 3 description \
         is <a href=\"/api/openapi.json\">{b}/api/openapi.json</a> (its server address is this \
         one). Errors are <code>{{\"error\", \"status\"}}</code>.</p><table id=\"api\"><thead><tr>\
         <th>method</th><th>path</th><th>what</th></tr></thead><tbody>{rows}</tbody></table>",
        b = esc(&base)
    );
    Ok(page(StatusCode::OK, "API", &body))
}
