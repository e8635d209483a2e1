//! `demarche serve` through the real binary: the JSON API (filters, pages,
//! errors, writes behind the token), the OpenAPI file held against the routes
//! and real responses, and the HTML pages. Every document is written in
//! `web/mod.rs`; none comes from a corpus.

mod common;
mod web;

use std::collections::BTreeSet;

use serde_json::{json, Value};
use web::{build_store_on, get, request, try_request, Backend, Reply, Server};

fn spec() -> Value {
    serde_json::from_str(demarche_server::OPENAPI).expect("openapi.json is JSON")
}

/// The schema behind a `$ref`, or the schema itself.
fn resolve<'a>(spec: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(r) => {
            let name = r
                .strip_prefix("#/components/schemas/")
                .unwrap_or_else(|| panic!("unexpected $ref {r}"));
            let s = &spec["components"]["schemas"][name];
            assert!(s.is_object(), "{r} is not defined");
            s
        }
        None => schema,
    }
}

/// Checks that `reply` is a documented response of `method template`: its
/// status, its media type, and (for JSON) its top-level fields: every
/// required one present, none undocumented.
fn documented(spec: &Value, method: &str, template: &str, reply: &Reply) {
    let what = format!("{} {template} -> {}", method.to_uppercase(), reply.status);
    let op = &spec["paths"][template][method];
    assert!(op.is_object(), "{what}: operation not in openapi.json");
    let resp = &op["responses"][reply.status.to_string()];
    assert!(
        resp.is_object(),
        "{what}: status not documented; body {}",
        reply.body
    );
    let media = reply.content_type.as_str();
    let content = &resp["content"][media];
    assert!(
        content.is_object(),
        "{what}: media type {media} not documented"
    );
    if media != "application/json" {
        return;
    }
    let schema = resolve(spec, &content["schema"]);
    let body = reply.json();
    if schema["type"] != "object" {
        return;
    }
    let obj = body
        .as_object()
        .unwrap_or_else(|| panic!("{what}: not an object"));
    for r in schema["required"].as_array().into_iter().flatten() {
        let r = r.as_str().unwrap();
        assert!(
            obj.contains_key(r),
            "{what}: no field {r:?} in {}",
            reply.body
        );
    }
    if let Some(props) = schema["properties"].as_object() {
        for k in obj.keys() {
            assert!(
                props.contains_key(k),
                "{what}: field {k:?} is not documented"
            );
        }
    }
}

fn the_openapi_file_names_every_route_and_real_responses_match_it(backend: Backend) {
    let started = std::time::Instant::now();
    let spec = spec();
    let version = spec["openapi"].as_str().expect("an openapi field");
    assert!(version.starts_with("3."), "OpenAPI 3.x, not {version}");
    assert!(spec["info"]["title"].is_string() && spec["info"]["version"].is_string());

    // Every route the server registers is described, and nothing else.
    let registered: BTreeSet<(String, String)> = demarche_server::routes()
        .into_iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    let mut described = BTreeSet::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            described.insert((method.clone(), path.clone()));
        }
    }
    assert_eq!(registered, described, "routes and openapi.json differ");
    // Every operation documents at least one response, each with content.
    for (m, p) in &registered {
        let responses = spec["paths"][p][m]["responses"].as_object().unwrap();
        assert!(!responses.is_empty(), "{m} {p} has no responses");
    }

    let Some((_dir, store)) = build_store_on("openapi-read", backend) else {
        return;
    };
    let Some((_wdir, wstore)) = build_store_on("openapi-write", backend) else {
        return;
    };
    let read = Server::start(&store, None);
    let write = Server::start(&wstore, Some("s3cret"));
    let first_event = get(&format!("{}/api/events?limit=1", read.url)).json()["events"][0]["id"]
        .as_i64()
        .unwrap();

    let gets: &[(&str, String, u16)] = &[
        ("/api/health", "/api/health".into(), 200),
        ("/api/openapi.json", "/api/openapi.json".into(), 200),
        ("/api/events", "/api/events?source=tur&limit=2".into(), 200),
        ("/api/events", "/api/events?code=1x".into(), 400),
        ("/api/events", "/api/events?limit=100000".into(), 400),
        ("/api/events", "/api/events?from=2017/03".into(), 400),
        (
            "/api/events/{id}",
            format!("/api/events/{first_event}"),
            200,
        ),
        ("/api/events/{id}", "/api/events/x".into(), 400),
        ("/api/events/{id}", "/api/events/987654".into(), 404),
        (
            "/api/dyads/{source}/{target}/weekly",
            "/api/dyads/TUR/RUS/weekly".into(),
            200,
        ),
        (
            "/api/dyads/{source}/{target}/weekly",
            "/api/dyads/TUR/RUS/weekly?to=soon".into(),
            400,
        ),
        ("/api/actors", "/api/actors?q=tur".into(), 200),
        ("/api/actors", "/api/actors?offset=-1".into(), 400),
        ("/api/actors/{code}", "/api/actors/TUR".into(), 200),
        ("/api/actors/{code}", "/api/actors/NOBODY".into(), 404),
        ("/", "/".into(), 200),
        ("/events", "/events?source=TUR".into(), 200),
        ("/events", "/events?code=abc".into(), 400),
        (
            "/events",
            "/events?source=Turkey&sort=goldstein&dir=asc&quad=3".into(),
            200,
        ),
        ("/events.csv", "/events.csv?source=TUR".into(), 200),
        ("/events.csv", "/events.csv?from=2017-13".into(), 400),
        ("/events.jsonl", "/events.jsonl?root=11".into(), 200),
        ("/actors", "/actors?q=united".into(), 200),
        ("/codes", "/codes".into(), 200),
        ("/map", "/map?quad=4".into(), 200),
        ("/map", "/map?from=2017-13".into(), 400),
        ("/api", "/api".into(), 200),
        ("/dyad/{source}/{target}", "/dyad/TUR/RUS".into(), 200),
        (
            "/dyad/{source}/{target}",
            "/dyad/TUR/RUS?from=x".into(),
            400,
        ),
        ("/actor/{code}", "/actor/RUS".into(), 200),
        ("/actor/{code}", "/actor/NOBODY".into(), 404),
        ("/event/{id}", format!("/event/{first_event}"), 200),
        ("/event/{id}", "/event/987654".into(), 404),
        ("/event/{id}", "/event/x".into(), 400),
        ("/forums", "/forums".into(), 200),
        ("/forums", "/forums?as_of=2017-13-01".into(), 400),
        (
            "/forums/{name}",
            "/forums/NATO-Russia%20Council".into(),
            200,
        ),
        ("/forums/{name}", "/forums/No%20Such%20Forum".into(), 404),
        ("/api/forums", "/api/forums?as_of=2017-05-01".into(), 200),
        ("/api/forums", "/api/forums?as_of=May".into(), 400),
        ("/api/forums/{name}", "/api/forums/nrc".into(), 200),
        ("/api/forums/{name}", "/api/forums/Nobody".into(), 404),
    ];
    for (template, path, status) in gets {
        let r = get(&format!("{}{path}", read.url));
        assert_eq!(r.status, *status, "GET {path}: {}", r.body);
        documented(&spec, "get", template, &r);
        if r.status >= 400 && r.content_type == "application/json" {
            assert_eq!(r.json()["status"], *status);
        }
    }
    // The served description is the file, its server address the one answering.
    let mut served = get(&format!("{}/api/openapi.json", read.url)).json();
    assert_eq!(served["servers"][0]["url"], read.url.as_str());
    served["servers"] = spec["servers"].clone();
    assert_eq!(served, spec);

    let doc = json!({"id": "posted-1", "date": "2017-04-12", "source": "Test Wire",
        "text": "Russia criticised Turkey on Monday."})
    .to_string();
    let json_type = ("Content-Type", "application/json");
    let good = ("Authorization", "Bearer s3cret");
    let big = format!("{{\"text\": \"{}\"}}", "Turkey met Russia. ".repeat(5000));
    type Headers<'a> = Vec<(&'a str, &'a str)>;
    let posts: &[(&Server, Headers, &str, u16)] = &[
        (&read, vec![json_type, good], doc.as_str(), 403),
        (&write, vec![json_type], doc.as_str(), 401),
        (
            &write,
            vec![json_type, ("Authorization", "Bearer wrong")],
            doc.as_str(),
            401,
        ),
        (
            &write,
            vec![("Content-Type", "text/plain"), good],
            doc.as_str(),
            415,
        ),
        (&write, vec![json_type, good], "{\"txt\": 1}", 422),
        (&write, vec![json_type, good], "{\"text\": \"  \"}", 422),
        (
            &write,
            vec![json_type, good],
            "{\"text\": \"x\", \"date\": \"someday\"}",
            422,
        ),
        (&write, vec![json_type, good], big.as_str(), 413),
        (&write, vec![json_type, good], doc.as_str(), 201),
        (&write, vec![json_type, good], doc.as_str(), 200),
    ];
    for (server, headers, body, status) in posts {
        // An oversized body is refused before it is read; the server may then
        // close the connection while the client is still sending, which the
        // client sees as a reset instead of the 413. Both mean "refused".
        if *status == 413 {
            match try_request(
                "POST",
                &format!("{}/api/documents", server.url),
                headers,
                Some(body.as_bytes()),
            ) {
                Ok(r) => {
                    assert_eq!(r.status, 413, "POST too large: {}", r.body);
                    documented(&spec, "post", "/api/documents", &r);
                }
                Err(e) => eprintln!("oversized POST refused by closing the connection: {e}"),
            }
            continue;
        }
        let r = request(
            "POST",
            &format!("{}/api/documents", server.url),
            headers,
            Some(body.as_bytes()),
        );
        assert_eq!(r.status, *status, "POST {headers:?}: {}", r.body);
        documented(&spec, "post", "/api/documents", &r);
    }

    // Unknown routes and methods: JSON errors too.
    let r = get(&format!("{}/api/nothing/here", read.url));
    assert_eq!((r.status, r.json()["status"].as_u64()), (404, Some(404)));
    let r = request("DELETE", &format!("{}/api/events", read.url), &[], None);
    assert_eq!((r.status, r.json()["status"].as_u64()), (405, Some(405)));
    let r = get(&format!("{}/no/such/page", read.url));
    assert_eq!(r.status, 404);
    assert!(r.content_type.starts_with("text/html"));
    eprintln!("openapi test: {:.2} s", started.elapsed().as_secs_f64());
}

fn ids(page: &Value) -> Vec<i64> {
    page["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect()
}

fn events_are_filtered_and_paged_by_cursor_and_offset(backend: Backend) {
    let started = std::time::Instant::now();
    let Some((_dir, store)) = build_store_on("api-read", backend) else {
        return;
    };
    let s = Server::start(&store, None);
    let all = get(&format!("{}/api/events?limit=500", s.url)).json();
    let every = ids(&all);
    assert!(every.len() >= 6, "{all}");
    assert_eq!(all["next_after"], Value::Null);

    // Walking by cursor visits each event once, in order.
    let mut walked = Vec::new();
    let mut url = format!("{}/api/events?limit=2", s.url);
    loop {
        let page = get(&url).json();
        let got = ids(&page);
        assert!(got.len() <= 2);
        walked.extend(got);
        match page["next_after"].as_i64() {
            Some(after) => url = format!("{}/api/events?limit=2&after={after}", s.url),
            None => break,
        }
    }
    assert_eq!(walked, every);
    let third = get(&format!("{}/api/events?limit=2&offset=2", s.url)).json();
    assert_eq!(ids(&third), every[2..4]);
    let both = get(&format!("{}/api/events?offset=1&after=1", s.url));
    assert_eq!(both.status, 400);

    // Filters: actor codes in any case, a CAMEO root, overlapping dates.
    let tur_rus = get(&format!("{}/api/events?source=tur&target=RUS", s.url)).json();
    let events = tur_rus["events"].as_array().unwrap();
    assert!(events.len() >= 4, "{tur_rus}");
    assert!(events
        .iter()
        .all(|e| e["source"]["code"] == "TUR" && e["target"]["code"] == "RUS"));
    let accusation = events
        .iter()
        .find(|e| e["code"] == "112" && e["date"] == "2017-03-07")
        .expect("the ceasefire accusation");
    assert_eq!(accusation["num_articles"], 2, "reported by two outlets");
    let march = get(&format!("{}/api/events?from=2017-03-27&to=2017-04", s.url)).json();
    assert!(ids(&march).len() < every.len());
    assert!(march["events"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["date"].as_str().unwrap() >= "2017-03-27"));
    let conflict = get(&format!("{}/api/events?code=1", s.url)).json();
    assert!(conflict["events"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["code"].as_str().unwrap().starts_with('1')));

    // One event: its reports with their text and evidence spans.
    let id = accusation["id"].as_i64().unwrap();
    let detail = get(&format!("{}/api/events/{id}", s.url)).json();
    let reports = detail["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 2);
    for r in reports {
        let text = r["text"].as_str().unwrap();
        let m = &r["mentions"][0];
        let span = |k: &str| {
            let a = m[k][0].as_u64().unwrap() as usize;
            let b = m[k][1].as_u64().unwrap() as usize;
            &text[a..b]
        };
        assert_eq!(span("event"), "accused");
        assert_eq!(span("target"), "Russia");
    }

    // The dyad series: ISO weeks, empty ones filled, QuadClass counts.
    let w = get(&format!("{}/api/dyads/TUR/RUS/weekly", s.url)).json();
    let weeks = w["weeks"].as_array().unwrap();
    let mondays: Vec<&str> = weeks.iter().map(|w| w["week"].as_str().unwrap()).collect();
    assert_eq!(
        mondays,
        ["2017-03-06", "2017-03-13", "2017-03-20", "2017-03-27"]
    );
    assert_eq!(weeks[2]["events"], 0);
    assert_eq!(weeks[2]["goldstein_mean"], Value::Null);
    let total: u64 = weeks.iter().map(|w| w["events"].as_u64().unwrap()).sum();
    assert_eq!(total + w["undated"].as_u64().unwrap(), events.len() as u64);
    assert!(weeks[3]["by_quad_class"][3].as_u64().unwrap() >= 1, "{w}");
    assert!(weeks[3]["goldstein_mean"].as_f64().unwrap() < 0.0);

    // Actors, most events first, and one with its counterparts.
    let actors = get(&format!("{}/api/actors", s.url)).json();
    let codes: Vec<&str> = actors["actors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap())
        .collect();
    // Turkey and Russia are sides of most events; France and Egypt of one.
    assert_eq!(codes.len(), 4);
    assert!(
        codes[..2].contains(&"TUR") && codes[..2].contains(&"RUS"),
        "{codes:?}"
    );
    let tur = get(&format!("{}/api/actors/tur", s.url)).json();
    assert_eq!(tur["actor"]["name"], "Turkey");
    assert_eq!(tur["counterparts"][0]["code"], "RUS");
    eprintln!("read API test: {:.2} s", started.elapsed().as_secs_f64());
}

fn a_posted_document_is_coded_stored_once_and_readable(backend: Backend) {
    let started = std::time::Instant::now();
    let Some((_dir, store)) = build_store_on("api-write", backend) else {
        return;
    };
    let s = Server::start(&store, Some("tok-42"));
    let before = get(&format!("{}/api/health", s.url)).json()["counts"].clone();
    let doc = json!({"id": "posted-2", "date": "2017-05-03", "source": "Test Wire",
        "title": "Threat", "url": "https://wire.example/threat",
        "text": "Iran threatened Israel with retaliation on Tuesday."});
    let post = || {
        request(
            "POST",
            &format!("{}/api/documents", s.url),
            &[
                ("Content-Type", "application/json; charset=utf-8"),
                ("Authorization", "Bearer tok-42"),
            ],
            Some(doc.to_string().as_bytes()),
        )
    };
    let r = post();
    assert_eq!(r.status, 201, "{}", r.body);
    let body = r.json();
    assert_eq!(body["stored"], true);
    assert_eq!(body["doc_id"], "posted-2");
    assert_eq!(body["events"][0]["source"], "IRN");
    assert_eq!(body["events"][0]["target"], "ISR");
    assert_eq!(body["events"][0]["date"], "2017-05-02");
    let again = post();
    assert_eq!(again.status, 200);
    assert_eq!(again.json()["duplicate"], true);
    assert_eq!(again.json()["events_added"], 0);
    let after = get(&format!("{}/api/health", s.url)).json()["counts"].clone();
    assert_eq!(
        after["documents"].as_u64().unwrap(),
        before["documents"].as_u64().unwrap() + 1
    );
    let found = get(&format!("{}/api/events?source=IRN&target=ISR", s.url)).json();
    let e = &found["events"][0];
    assert_eq!(e["first"]["outlet"], "Test Wire");
    assert_eq!(e["first"]["url"], "https://wire.example/threat");
    assert_eq!(e["first"]["event_text"], "threatened");
    eprintln!("write API test: {:.2} s", started.elapsed().as_secs_f64());
}

fn pages_read_without_javascript_and_escape_every_text(backend: Backend) {
    let started = std::time::Instant::now();
    let Some((_dir, store)) = build_store_on("pages", backend) else {
        return;
    };
    let s = Server::start(&store, None);
    let home = get(&format!("{}/events?source=TUR&target=RUS&limit=2", s.url));
    assert_eq!(home.status, 200);
    assert!(home.content_type.starts_with("text/html"));
    assert!(!home.body.contains("<script"), "no scripts on any page");
    assert!(home.body.contains("<form"));
    assert_eq!(home.body.matches("class=\"event-row\"").count(), 2);
    assert!(home.body.contains("rel=\"next\""), "a next page link");
    assert!(home.body.contains("href=\"/dyad/TUR/RUS\""));

    let dyad = get(&format!("{}/dyad/TUR/RUS", s.url));
    assert_eq!(dyad.status, 200);
    assert!(dyad.body.contains("<svg"), "the chart is inline SVG");
    assert!(dyad.body.contains("Events per week by QuadClass"));
    assert!(dyad.body.contains("Mean Goldstein weight per week"));
    assert!(dyad.body.matches("class=\"event-row\"").count() >= 4);
    assert!(dyad.body.contains("href=\"/event/"));

    // The report with markup in its title and text is shown as text.
    let events = get(&format!(
        "{}/api/events?source=TUR&target=RUS&code=16",
        s.url
    ))
    .json();
    let id = events["events"][0]["id"]
        .as_i64()
        .expect("the sanctions event");
    let page = get(&format!("{}/event/{id}", s.url));
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("<script>alert"), "{}", page.body);
    assert!(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page
        .body
        .contains("Sanctions &lt;b&gt;&amp; &quot;more&quot;&lt;/b&gt;"));
    assert!(page.body.contains("<mark class=\"source\">Turkey</mark>"));
    assert!(page
        .body
        .contains("<mark class=\"event\">imposed sanctions on</mark>"));
    assert!(page.body.contains("<mark class=\"target\">Russia</mark>"));

    let actor = get(&format!("{}/actor/TUR", s.url));
    assert!(actor.body.contains("Turkey (TUR)"));
    assert!(actor.body.contains("href=\"/dyad/TUR/RUS\""));
    let forums = get(&format!("{}/forums", s.url));
    assert!(
        forums.body.contains("NATO-Russia Council"),
        "{}",
        forums.body
    );
    assert!(forums.body.contains("class=\"forum-row\""));
    eprintln!("pages test: {:.2} s", started.elapsed().as_secs_f64());
}

/// Impossible dates and unknown codes are refused (400 with the reason) by the
/// API and the pages; a name goes to its code; a known actor without events is a note.
fn filters_are_checked_against_the_calendar_and_the_knowledge(backend: Backend) {
    let Some((_dir, store)) = build_store_on("checks", backend) else {
        return;
    };
    let s = Server::start(&store, None);
    for (path, says) in [
        ("/api/events?from=2017-13", "not a calendar date"),
        ("/api/events?to=2017-02-30", "not a calendar date"),
        ("/api/events?source=ZZZ", "source: no actor \\\"ZZZ\\\""),
        ("/api/events?code=99", "no CAMEO code 99"),
        ("/api/dyads/TUR/XXX/weekly", "target: no actor \\\"XXX\\\""),
    ] {
        let r = get(&format!("{}{path}", s.url));
        assert_eq!(r.status, 400, "{path}: {}", r.body);
        assert!(r.body.contains(says), "{path}: {}", r.body);
    }
    for (path, says) in [
        ("/dyad/USA/XXX", "no actor &quot;XXX&quot;"),
        ("/events?from=2017-13", "not a calendar date"),
        ("/events?code=99", "no CAMEO code 99"),
        ("/events?quad=5", "quad must be 1 to 4"),
        ("/events?sort=size", "sort must be"),
    ] {
        let r = get(&format!("{}{path}", s.url));
        assert_eq!(r.status, 400, "{path}: {}", r.body);
        assert!(r.body.contains(says), "{path}: {}", r.body);
    }
    // A name is read as its code.
    let named = get(&format!("{}/api/events?source=Turkey&target=russia", s.url)).json();
    assert!(!named["events"].as_array().unwrap().is_empty(), "{named}");
    assert!(named["notes"][0]
        .as_str()
        .unwrap()
        .contains("read as TUR (Turkey)"));
    let dyad = get(&format!("{}/dyad/Turkey/Russia", s.url));
    assert_eq!(dyad.status, 200);
    assert!(dyad
        .body
        .contains("<title>Turkey → Russia · demarche</title>"));
    // A known actor with no events as source: said, not silent.
    let none = get(&format!("{}/api/events?source=BRA", s.url)).json();
    assert!(none["events"].as_array().unwrap().is_empty());
    let note = none["notes"][0].as_str().unwrap();
    assert!(
        note.contains("BRA (Brazil) is a known actor, but no stored event has it as source"),
        "{note}"
    );
}

/// The analyst's pages: overview, events sorted and filtered in the URL with
/// CAMEO names beside codes, downloads of the same view, actor search by name,
/// the code list and the map.
fn the_dashboard_sorts_filters_downloads_and_maps(backend: Backend) {
    let Some((_dir, store)) = build_store_on("dashboard", backend) else {
        return;
    };
    let s = Server::start(&store, None);
    let overview = get(&format!("{}/", s.url));
    assert_eq!(overview.status, 200);
    assert!(
        overview.body.contains("id=\"timeline\""),
        "{}",
        overview.body
    );
    assert!(overview.body.contains("class=\"dyad-row\""));
    assert!(overview.body.contains("href=\"/dyad/TUR/RUS\""));
    // Sorted by Goldstein, lowest first: the first row's weight is the smallest.
    let page = get(&format!("{}/events?sort=goldstein&dir=asc", s.url));
    let weights: Vec<f64> = page
        .body
        .split("<tr class=\"event-row\">")
        .skip(1)
        .map(|row| {
            let cell = row.split("<td class=\"num\">").nth(1).unwrap();
            cell.split('<').next().unwrap().parse().unwrap()
        })
        .collect();
    assert!(
        weights.len() >= 4 && weights.windows(2).all(|w| w[0] <= w[1]),
        "{weights:?}"
    );
    // CAMEO names beside codes, and the sort links keep the filters.
    assert!(
        page.body.contains("Impose embargo, boycott, or sanctions")
            || page.body.contains("sanctions")
    );
    let filtered = get(&format!("{}/events?source=Turkey&quad=4", s.url));
    assert!(
        filtered.body.contains("read as TUR (Turkey)"),
        "{}",
        filtered.body
    );
    assert!(
        filtered
            .body
            .contains("source=TUR&amp;quad=4&amp;sort=date&amp;dir=asc"),
        "{}",
        filtered.body
    );
    assert!(filtered
        .body
        .contains("href=\"/events.csv?source=TUR&amp;quad=4"));
    // Downloads hold every event of the view.
    let csv = get(&format!("{}/events.csv?source=TUR&quad=4", s.url));
    assert!(csv.content_type.starts_with("text/csv"));
    let rows: Vec<&str> = csv.body.lines().collect();
    assert!(rows[0].starts_with("id,date,source,source_name"));
    assert!(
        rows.len() >= 2 && rows[1..].iter().all(|r| r.contains(",TUR,")),
        "{}",
        csv.body
    );
    let jsonl = get(&format!("{}/events.jsonl?root=16", s.url));
    let lines = common::jsonl(&jsonl.body);
    assert!(!lines.is_empty() && lines.iter().all(|e| e["root"] == "16"));
    // Actors by name, with suggestions from the knowledge.
    let actors = get(&format!("{}/actors?q=turk", s.url));
    assert!(
        actors.body.contains("href=\"/actor/TUR\""),
        "{}",
        actors.body
    );
    assert!(actors.body.contains("<datalist id=\"actor-list\">"));
    assert!(actors
        .body
        .contains("<option value=\"USA\">United States</option>"));
    let codes = get(&format!("{}/codes", s.url));
    assert!(codes.body.contains("id=\"code-190\""));
    assert!(codes.body.matches("<tr").count() > 300);
    // The map: every country an outline, those with events filled and counted.
    let map = get(&format!("{}/map", s.url));
    assert!(map.body.matches("class=\"country\"").count() > 150);
    assert!(map.body.contains("data-code=\"TUR\" data-events=\""));
    assert!(!map.body.contains("data-code=\"TUR\" data-events=\"0\""));
    assert!(map.body.contains("data-code=\"BRA\" data-events=\"0\""));
    let api = get(&format!("{}/api", s.url));
    assert!(api.body.contains(&format!("{}/api/openapi.json", s.url)));
}

fn a_kept_weekly_series_gives_way_to_a_write(backend: Backend) {
    let Some((_dir, store)) = build_store_on("series-cache", backend) else {
        return;
    };
    let server = Server::start(&store, Some("s3cret"));
    let series = || get(&format!("{}/api/dyads/FRA/EGY/weekly", server.url)).json();
    let total = |s: &Value| -> u64 {
        s["weeks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["events"].as_u64().unwrap())
            .sum()
    };
    let before = series();
    assert_eq!(series(), before, "the same answer twice");
    let posted = request(
        "POST",
        &format!("{}/api/documents", server.url),
        &[
            ("Authorization", "Bearer s3cret"),
            ("Content-Type", "application/json"),
        ],
        Some(
            json!({"id": "later", "date": "2017-06-07", "source": "Valley Post",
                   "text": "France praised Egypt for its mediation on Tuesday."})
            .to_string()
            .as_bytes(),
        ),
    );
    assert_eq!(posted.status, 201, "{}", posted.body);
    let after = series();
    assert_eq!(total(&after), total(&before) + 1, "{after}");
}

crate::on_both_stores!(
    the_openapi_file_names_every_route_and_real_responses_match_it,
    events_are_filtered_and_paged_by_cursor_and_offset,
    a_posted_document_is_coded_stored_once_and_readable,
    pages_read_without_javascript_and_escape_every_text,
    filters_are_checked_against_the_calendar_and_the_knowledge,
    the_dashboard_sorts_filters_downloads_and_maps,
    a_kept_weekly_series_gives_way_to_a_write,
);
