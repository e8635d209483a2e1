//! Forum pages and their JSON: `/forums`, `/forums/{name}`, `/api/forums`,
//! `/api/forums/{name}`. Status comes from the [`ForumSource`] the server was
//! given, computed from the forum facts stored with the documents; the evidence
//! words are shown in their sentence, highlighted, with a link to the report.

use std::collections::BTreeMap;

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::{json, Value};

use demarche_store::{DocumentFilter, EventStore, StoredDocument};

use crate::api::ApiError;
use crate::chart::{forum_timeline_svg, Timeline};
use crate::html::{enc, esc, page};
use crate::pages::{actor_link, PageError, PageResult};
use crate::AppState;

#[derive(Debug, Deserialize)]
pub struct AsOfQuery {
    pub as_of: Option<String>,
}

/// Today (UTC), from the system clock.
fn today() -> NaiveDate {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    NaiveDate::from_ymd_opt(1970, 1, 1).expect("a date") + chrono::Days::new(secs / 86_400)
}

fn as_of(q: Result<Query<AsOfQuery>, QueryRejection>) -> Result<NaiveDate, ApiError> {
    let Query(q) = q.map_err(|r| ApiError::new(r.status(), r.body_text()))?;
    match q.as_of.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(today()),
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                format!("as_of {s:?} is not YYYY-MM-DD"),
            )
        }),
    }
}

fn unavailable() -> ApiError {
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "this server was started without forum data",
    )
}

async fn all(state: &AppState, on: NaiveDate) -> Result<Vec<Value>, ApiError> {
    let Some(source) = state.0.forums.clone() else {
        return Err(unavailable());
    };
    // On the forums' own connection, so that no other request waits for it
    // (old documents stored without their facts are coded).
    Ok(state.forum_store(move |s| source.all(s, on)).await?)
}

/// One forum's status and the stored documents its evidence points into.
async fn one(
    state: &AppState,
    name: String,
    on: NaiveDate,
    with_documents: bool,
) -> Result<Option<(Value, BTreeMap<String, StoredDocument>)>, ApiError> {
    let Some(source) = state.0.forums.clone() else {
        return Err(unavailable());
    };
    // On the forums' own connection, so that no other request waits for it.
    Ok(state
        .forum_store(move |s| {
            let Some(forum) = source.one(s, &name, on)? else {
                return Ok(None);
            };
            let mut docs = BTreeMap::new();
            if with_documents {
                let mut ids = Vec::new();
                evidence_doc_ids(&forum, &mut ids);
                for id in ids {
                    if docs.contains_key(&id) {
                        continue;
                    }
                    read_document(s, &id, &mut docs)?;
                }
            }
            Ok(Some((forum, docs)))
        })
        .await?)
}

fn read_document(
    s: &dyn EventStore,
    id: &str,
    docs: &mut BTreeMap<String, StoredDocument>,
) -> demarche_store::Result<()> {
    let filter = DocumentFilter {
        doc_id: Some(id.to_string()),
        limit: Some(1),
        ..Default::default()
    };
    s.documents(&filter, &mut |d| {
        docs.insert(d.doc_id.clone(), d);
        Ok(())
    })
}

/// Every `doc_id` of an evidence object anywhere in `v`.
fn evidence_doc_ids(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            if let (Some(Value::String(id)), Some(Value::Array(_))) =
                (m.get("doc_id"), m.get("spans"))
            {
                out.push(id.clone());
            }
            m.values().for_each(|x| evidence_doc_ids(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| evidence_doc_ids(x, out)),
        _ => {}
    }
}

/// `GET /api/forums`: every forum's status.
pub async fn api_forums(
    State(state): State<AppState>,
    q: Result<Query<AsOfQuery>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let on = as_of(q)?;
    let forums = all(&state, on).await?;
    Ok(Json(json!({
        "as_of": on.format("%Y-%m-%d").to_string(),
        "forums": forums,
    })))
}

/// `GET /api/forums/{name}`: one forum's status.
pub async fn api_forum(
    State(state): State<AppState>,
    p: Result<Path<String>, PathRejection>,
    q: Result<Query<AsOfQuery>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let Path(name) = p.map_err(|r| ApiError::new(r.status(), r.body_text()))?;
    let on = as_of(q)?;
    match one(&state, name.clone(), on, false).await? {
        Some((forum, _)) => Ok(Json(forum)),
        None => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            format!("no forum named {name:?}"),
        )),
    }
}

fn text(v: &Value) -> String {
    match v {
        Value::Null => "–".into(),
        Value::String(s) if s.is_empty() => "–".into(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn status_badge(status: &Value) -> String {
    let s = status.as_str().unwrap_or("unknown");
    format!(
        "<span class=\"status status-{c}\">{t}</span>",
        c = enc(s),
        t = esc(s)
    )
}

fn as_of_form(action: &str, on: NaiveDate) -> String {
    format!(
        "<form class=\"filters\" method=\"get\" action=\"{}\"><label>as of \
         <input type=\"date\" name=\"as_of\" value=\"{on}\"></label>\
         <button type=\"submit\">Show</button></form>",
        esc(action)
    )
}

/// `GET /forums`: every forum with its status.
pub async fn forums_page(
    State(state): State<AppState>,
    q: Result<Query<AsOfQuery>, QueryRejection>,
) -> PageResult {
    let on = as_of(q)?;
    let forums = all(&state, on).await?;
    let mut body = as_of_form("/forums", on);
    body.push_str(&format!(
        "<p class=\"note\">Status of {} forums as of {on}, computed from the stored reports \
         (cadence and founding marked <em>data</em> come from the forum records).</p>",
        forums.len()
    ));
    body.push_str(
        "<table class=\"forums\"><thead><tr><th>forum</th><th>code</th><th>status</th>\
         <th>last meeting</th><th>cadence</th><th>members</th><th>meetings</th>\
         <th>blockers</th></tr></thead><tbody>\n",
    );
    for f in &forums {
        let code = text(&f["code"]);
        body.push_str(&format!(
            "<tr class=\"forum-row\" data-code=\"{codeq}\"><td><a href=\"/forums/{href}?as_of={on}\">{name}</a></td>\
             <td>{codeq}</td><td>{status}</td><td>{last}</td><td>{cadence}{src}</td>\
             <td class=\"num\">{members}</td><td class=\"num\">{meetings}</td>\
             <td class=\"num\">{blockers}</td></tr>\n",
            codeq = esc(&code),
            href = enc(&code),
            name = esc(&text(&f["forum"])),
            status = status_badge(&f["status"]),
            last = esc(&text(&f["last_meeting"])),
            cadence = esc(&text(&f["cadence"])),
            src = if f["cadence_source"] == "data" {
                " <small class=\"note\">data</small>"
            } else {
                ""
            },
            members = esc(&text(&f["members_count"])),
            meetings = f["meetings"].as_array().map_or(0, Vec::len),
            blockers = f["blockers"].as_array().map_or(0, Vec::len),
        ));
    }
    body.push_str("</tbody></table>");
    Ok(page(StatusCode::OK, "Forums", &body))
}

/// Start of the sentence holding byte `at`, and the end of the one holding `end`.
fn sentence_around(text: &str, at: usize, end: usize) -> (usize, usize) {
    let before = &text[..at];
    let start = [". ", ".\n", "\n", "? ", "! "]
        .iter()
        .filter_map(|p| before.rfind(p).map(|i| i + p.len()))
        .max()
        .unwrap_or(0);
    let after = &text[end..];
    let stop = [". ", ".\n", "\n", "? ", "! "]
        .iter()
        .filter_map(|p| after.find(p).map(|i| end + i + 1))
        .min()
        .unwrap_or(text.len());
    (start, stop.min(text.len()))
}

/// The evidence in its sentence(s), its words marked, with a link to the report.
fn evidence_html(ev: &Value, docs: &BTreeMap<String, StoredDocument>) -> String {
    let doc_id = ev["doc_id"].as_str().unwrap_or_default();
    let spans: Vec<(usize, usize)> = ev["spans"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| Some((s[0].as_u64()? as usize, s[1].as_u64()? as usize)))
                .collect()
        })
        .unwrap_or_default();
    let Some(doc) = docs.get(doc_id) else {
        // Not in the store (cannot happen for status read from it): the words alone.
        let words: Vec<String> = ev["text"]
            .as_array()
            .map(|a| a.iter().map(text).collect())
            .unwrap_or_default();
        return format!(
            "<span class=\"evidence\"><mark class=\"evidence\">{}</mark> <small class=\"note\">{}</small></span>",
            esc(&words.join(" … ")),
            esc(doc_id)
        );
    };
    let t = doc.text.as_str();
    let ok: Vec<(usize, usize)> = spans
        .into_iter()
        .filter(|&(a, b)| a < b && b <= t.len() && t.is_char_boundary(a) && t.is_char_boundary(b))
        .collect();
    let (Some(first), Some(last)) = (ok.iter().map(|s| s.0).min(), ok.iter().map(|s| s.1).max())
    else {
        return String::new();
    };
    let (from, to) = sentence_around(t, first, last);
    let mut h = String::from("<span class=\"evidence\">");
    let mut at = from;
    let mut sorted = ok.clone();
    sorted.sort_unstable();
    for (a, b) in sorted {
        if a < at {
            continue;
        }
        h.push_str(&esc(&t[at..a]));
        h.push_str(&format!(
            "<mark class=\"evidence\">{}</mark>",
            esc(&t[a..b])
        ));
        at = b;
    }
    h.push_str(&esc(&t[at..to.max(at)]));
    h.push_str("</span>");
    // The report view of an event the document reports, nearest the evidence.
    let link = doc
        .events
        .iter()
        .min_by_key(|e| e.event[0].abs_diff(first))
        .map(|e| {
            format!(
                " <a class=\"report-link\" href=\"/event/{id}\">report</a>",
                id = e.event_id
            )
        })
        .unwrap_or_default();
    format!(
        "{h} <small class=\"note\">{title}{date}</small>{link}",
        title = esc(doc.title.as_deref().unwrap_or(&doc.doc_id)),
        date = doc
            .date
            .as_deref()
            .map(|d| format!(", {}", esc(d)))
            .unwrap_or_default(),
    )
}

/// `GET /forums/{name}`: one forum's members, timeline, status and blockers.
pub async fn forum_page(
    State(state): State<AppState>,
    p: Result<Path<String>, PathRejection>,
    q: Result<Query<AsOfQuery>, QueryRejection>,
) -> PageResult {
    let name = p?.0;
    let on = as_of(q)?;
    let Some((f, docs)) = one(&state, name.clone(), on, true).await? else {
        return Err(PageError(
            StatusCode::NOT_FOUND,
            format!("No forum named {name:?}"),
        ));
    };
    let code = text(&f["code"]);
    let mut body = as_of_form(&format!("/forums/{}", enc(&code)), on);
    body.push_str(&format!(
        "<p id=\"forum-status\">{status} as of {on}: {reason}</p>",
        status = status_badge(&f["status"]),
        reason = esc(&text(&f["reason"])),
    ));
    let evidence_of = |key: &str| -> String {
        let ev = &f["evidence"][key];
        if ev.is_null() {
            String::new()
        } else {
            format!("<br>{}", evidence_html(ev, &docs))
        }
    };
    body.push_str(&format!(
        "<table class=\"facts\"><tbody>\
         <tr><th>last meeting</th><td id=\"last-meeting\">{last}{last_ev}</td></tr>\
         <tr><th>cadence</th><td>{cadence}{level} <small class=\"note\">from {csrc}</small>{cad_ev}</td></tr>\
         <tr><th>founded</th><td>{founded} <small class=\"note\">from {fsrc}</small>{f_ev}</td></tr>\
         <tr><th>levels</th><td>{levels}</td></tr>\
         <tr><th>parent</th><td>{parent}</td></tr>\
         <tr><th>members</th><td id=\"members\"><b>{count}</b> {members}</td></tr>\
         </tbody></table>",
        last = esc(&text(&f["last_meeting"])),
        last_ev = evidence_of("last_meeting"),
        cadence = esc(&text(&f["cadence"])),
        level = f["cadence_level"]
            .as_str()
            .map(|l| format!(" at {} level", esc(l)))
            .unwrap_or_default(),
        csrc = esc(&text(&f["cadence_source"])),
        cad_ev = evidence_of("cadence"),
        founded = esc(&text(&f["founded"])),
        fsrc = esc(&text(&f["founded_source"])),
        f_ev = evidence_of("founded"),
        levels = esc(
            &f["levels"]
                .as_array()
                .map(|a| a.iter().map(text).collect::<Vec<_>>().join(", "))
                .unwrap_or_default()
        ),
        parent = esc(&text(&f["parent"])),
        count = esc(&text(&f["members_count"])),
        members = f["members"]
            .as_array()
            .map(|a| a
                .iter()
                .map(|m| {
                    let c = text(m);
                    actor_link(&c, &c)
                })
                .collect::<Vec<_>>()
                .join(" "))
            .unwrap_or_default(),
    ));

    // The timeline: meetings and suspensions.
    let meetings = f["meetings"].as_array().cloned().unwrap_or_default();
    let suspensions = f["suspensions"].as_array().cloned().unwrap_or_default();
    let timeline = Timeline {
        meetings: meetings
            .iter()
            .filter_map(|m| m["date"].as_str().map(str::to_string))
            .collect(),
        suspensions: suspensions
            .iter()
            .filter_map(|s| {
                Some((
                    s["from"].as_str()?.to_string(),
                    s["to"].as_str().map(str::to_string),
                ))
            })
            .collect(),
        founded: f["founded"].as_str().map(str::to_string),
        as_of: on,
    };
    body.push_str("<h2>Timeline</h2>");
    match forum_timeline_svg(&timeline) {
        Some(svg) => body.push_str(&format!("<div class=\"chart\" id=\"timeline\">{svg}</div>")),
        None => body.push_str(
            "<p class=\"note\" id=\"timeline\">No dated meeting or suspension in the stored reports.</p>",
        ),
    }
    if !meetings.is_empty() || !suspensions.is_empty() {
        body.push_str(
            "<table class=\"timeline\"><thead><tr><th>date</th><th>what</th><th>evidence</th>\
             </tr></thead><tbody>\n",
        );
        let mut rows: Vec<(String, String)> = Vec::new();
        for m in &meetings {
            rows.push((
                text(&m["date"]),
                format!(
                    "<tr class=\"meeting\"><td>{d}</td><td>meeting</td><td>{e}</td></tr>\n",
                    d = esc(&text(&m["date"])),
                    e = evidence_html(&m["evidence"], &docs)
                ),
            ));
        }
        for s in &suspensions {
            let ev: Vec<String> = s["evidence"]
                .as_array()
                .map(|a| a.iter().map(|e| evidence_html(e, &docs)).collect())
                .unwrap_or_default();
            rows.push((
                text(&s["from"]),
                format!(
                    "<tr class=\"suspension\"><td>{from} to {to}</td><td>suspension</td><td>{e}</td></tr>\n",
                    from = esc(&text(&s["from"])),
                    to = esc(&text(&s["to"])),
                    e = ev.join("<br>")
                ),
            ));
        }
        rows.sort_by(|a, b| a.0.cmp(&b.0));
        body.extend(rows.into_iter().map(|r| r.1));
        body.push_str("</tbody></table>");
    }

    body.push_str("<h2>Blockers</h2>");
    let blockers = f["blockers"].as_array().cloned().unwrap_or_default();
    if blockers.is_empty() {
        body.push_str(
            "<p class=\"note\" id=\"blockers\">No open blocker in the stored reports.</p>",
        );
    } else {
        body.push_str(
            "<table class=\"blockers\" id=\"blockers\"><thead><tr><th>actor</th><th>stance</th>\
             <th>topic</th><th>said</th><th>evidence</th></tr></thead><tbody>\n",
        );
        for b in &blockers {
            let actor = text(&b["actor"]);
            body.push_str(&format!(
                "<tr class=\"blocker\"><td>{actor}</td><td>{stance}</td><td>{topic}{ta}</td>\
                 <td>{date}</td><td>{ev}</td></tr>\n",
                actor = actor_link(&actor, &actor),
                stance = esc(&text(&b["stance"]).replace('_', " ")),
                topic = esc(&text(&b["topic"])),
                ta = b["topic_actor"]
                    .as_str()
                    .map(|a| format!(" ({})", actor_link(a, a)))
                    .unwrap_or_default(),
                date = esc(&text(&b["date"])),
                ev = evidence_html(&b["evidence"], &docs),
            ));
        }
        body.push_str("</tbody></table>");
    }
    body.push_str(&format!(
        "<p class=\"note\">Record: {} · JSON: <a href=\"/api/forums/{c}?as_of={on}\">/api/forums/{c}</a></p>",
        esc(&text(&f["record"])),
        c = enc(&code)
    ));
    Ok(page(
        StatusCode::OK,
        &format!("Forum: {}", text(&f["forum"])),
        &body,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_hold_the_evidence() {
        let t = "First one. The council met in May. Last.";
        let a = t.find("met").unwrap();
        let (s, e) = sentence_around(t, a, a + 3);
        assert_eq!(&t[s..e], "The council met in May.");
    }

    #[test]
    fn evidence_is_marked_and_escaped() {
        let text = "Intro. The <Council> met in Oslo. End.".to_string();
        let a = text.find("met").unwrap();
        let mut docs = BTreeMap::new();
        docs.insert(
            "d1".to_string(),
            StoredDocument {
                id: 1,
                doc_id: "d1".into(),
                date: Some("2020-01-02".into()),
                title: None,
                outlet: None,
                url: None,
                text,
                events: vec![demarche_store::DocumentEvent {
                    event_id: 7,
                    event: [a, a + 3],
                }],
            },
        );
        let ev = json!({"doc_id": "d1", "spans": [[a, a + 3]], "text": ["met"]});
        let h = evidence_html(&ev, &docs);
        assert!(
            h.contains("The &lt;Council&gt; <mark class=\"evidence\">met</mark> in Oslo."),
            "{h}"
        );
        assert!(h.contains("href=\"/event/7\""), "{h}");
        assert!(!h.contains("Intro"), "{h}");
    }
}
