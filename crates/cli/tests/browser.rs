//! The dashboard in a real browser: headless Chromium driven over W3C
//! WebDriver (`chromedriver`). Opens the dyad page of a store built from the
//! documents of `web/mod.rs`, checks the chart and the event rows, follows a
//! link to an event page, checks the evidence highlight, opens the page of a
//! forum a report written here is about (status, timeline, meetings and a
//! blocker with their highlighted evidence), and saves screenshots to
//! `target/browser/sqlite/` and `target/browser/postgres/`.
//!
//! Skipped with a printed reason when Chromium or chromedriver is absent;
//! with `CI=true` their absence fails the test (`.ci/run` installs them).

mod common;
mod web;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use web::{build_store_on, Backend, Server};

const CHROMIUM: &[&str] = &["/usr/bin/chromium", "/usr/bin/chromium-browser"];
const CHROMEDRIVER: &[&str] = &["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"];
/// The W3C key of an element reference.
const ELEMENT: &str = "element-6066-11e4-a52f-4a78-8c1a-dc4cd1b2e1b0";

fn first_existing(paths: &[&str]) -> Option<PathBuf> {
    paths.iter().map(PathBuf::from).find(|p| p.is_file())
}

/// Chromium and chromedriver, or `None` with a printed reason (a failure in CI).
fn browser() -> Option<(PathBuf, PathBuf)> {
    match (first_existing(CHROMIUM), first_existing(CHROMEDRIVER)) {
        (Some(c), Some(d)) => Some((c, d)),
        _ => {
            let why = "chromium or chromedriver is not installed \
                       (apt-get install chromium chromium-driver)";
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("{why}, and CI=true requires them");
            }
            eprintln!("skipped: {why}");
            None
        }
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A chromedriver process and one browser session on it; both end on drop.
struct Browser {
    driver: Child,
    base: String,
    session: String,
    agent: ureq::Agent,
}

impl Browser {
    fn start(chromium: &Path, chromedriver: &Path, profile: &Path) -> Browser {
        let port = free_port();
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let base = format!("http://127.0.0.1:{port}");
        let agent = ureq::AgentBuilder::new()
            .timeout(Duration::from_secs(90))
            .build();
        let mut b = Browser {
            driver,
            base,
            session: String::new(),
            agent,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let ready = b
                .agent
                .get(&format!("{}/status", b.base))
                .call()
                .ok()
                .and_then(|r| r.into_json::<Value>().ok())
                .is_some_and(|v| v["value"]["ready"] == true);
            if ready {
                break;
            }
            assert!(Instant::now() < deadline, "chromedriver did not get ready");
            std::thread::sleep(Duration::from_millis(100));
        }
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium.to_str().unwrap(),
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu",
                    "--disable-dev-shm-usage", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--window-size=1280,1600",
                    format!("--user-data-dir={}", profile.display()),
                ]
            }
        }}});
        let v = b.call("POST", "/session", Some(caps));
        b.session = v["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {v}"))
            .to_string();
        b
    }

    /// A WebDriver command; returns its `value`, panicking on a WebDriver error.
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}{path}", self.base);
        let req = self.agent.request(method, &url);
        let res = match body {
            Some(b) => req.send_json(b),
            None => req.call(),
        };
        let resp = match res {
            Ok(r) => r,
            Err(ureq::Error::Status(_, r)) => r,
            Err(e) => panic!("{method} {path}: {e}"),
        };
        let status = resp.status();
        let v: Value = resp.into_json().expect("WebDriver answers JSON");
        assert!(status < 400, "{method} {path}: {status} {v}");
        v["value"].clone()
    }

    fn s(&self, rest: &str) -> String {
        format!("/session/{}{rest}", self.session)
    }

    fn go(&self, url: &str) {
        self.call("POST", &self.s("/url"), Some(json!({"url": url})));
    }

    fn url(&self) -> String {
        self.call("GET", &self.s("/url"), None)
            .as_str()
            .unwrap()
            .to_string()
    }

    fn find_all(&self, css: &str) -> Vec<String> {
        let v = self.call(
            "POST",
            &self.s("/elements"),
            Some(json!({"using": "css selector", "value": css})),
        );
        v.as_array()
            .unwrap()
            .iter()
            .map(|e| {
                let id = e[ELEMENT]
                    .as_str()
                    .or_else(|| e.as_object()?.values().next()?.as_str());
                id.unwrap_or_else(|| panic!("not an element reference: {e}"))
                    .to_string()
            })
            .collect()
    }

    fn text(&self, element: &str) -> String {
        self.call("GET", &self.s(&format!("/element/{element}/text")), None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    fn css(&self, element: &str, property: &str) -> String {
        self.call(
            "GET",
            &self.s(&format!("/element/{element}/css/{property}")),
            None,
        )
        .as_str()
        .unwrap_or_default()
        .to_string()
    }

    fn rect(&self, element: &str) -> (f64, f64) {
        let r = self.call("GET", &self.s(&format!("/element/{element}/rect")), None);
        (r["width"].as_f64().unwrap(), r["height"].as_f64().unwrap())
    }

    fn click(&self, element: &str) {
        self.call(
            "POST",
            &self.s(&format!("/element/{element}/click")),
            Some(json!({})),
        );
    }

    /// A screenshot of the whole page, not only the window (Chrome's DevTools
    /// command through chromedriver), checked to be a PNG as tall as the page.
    fn screenshot(&self, to: &Path) {
        let height = self
            .call(
                "POST",
                &self.s("/execute/sync"),
                Some(json!({"script": "return document.documentElement.scrollHeight", "args": []})),
            )
            .as_f64()
            .expect("the page height");
        let shot = self.call(
            "POST",
            &self.s("/goog/cdp/execute"),
            Some(json!({"cmd": "Page.captureScreenshot",
                "params": {"format": "png", "captureBeyondViewport": true}})),
        );
        let png = base64_decode(shot["data"].as_str().expect("screenshot data"));
        assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
        // IHDR: width and height, big-endian, at bytes 16 and 20.
        let dim = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap()) as f64;
        let (w, h) = (dim(16), dim(20));
        assert!(w >= 1000.0, "{}: {w} px wide", to.display());
        assert!(
            h + 2.0 >= height,
            "{}: the screenshot ({h} px) is shorter than the page ({height} px)",
            to.display()
        );
        assert!(
            png.len() > 10_000,
            "{}: an almost empty image",
            to.display()
        );
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(to, png).unwrap();
    }

    fn title(&self) -> String {
        self.call("GET", &self.s("/title"), None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self
                .agent
                .delete(&format!("{}/session/{}", self.base, self.session))
                .call();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn base64_decode(s: &str) -> Vec<u8> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for v in s.bytes().filter_map(value) {
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// A report about the Arctic Council, written for this test (fictional but
/// plausible; no corpus text), added to the store by the real `ingest`.
const ARCTIC: &str = "The Arctic Council met in Tromso on 14 February 2024, when senior \
    officials of the eight Arctic states gathered for the first time in two years. The \
    council's work had been paused between March 2022 and June 2023. The council meets at \
    ministerial level every two years. Russia refuses to discuss military security in the \
    council, a Norwegian diplomat said.";

fn add_forum_report(dir: &Path, store: &str) {
    let file = dir.join("arctic.jsonl");
    let doc = json!({"id": "arctic-1", "date": "2024-02-15", "source": "Polar Wire",
        "title": "Arctic Council officials meet again", "text": ARCTIC});
    std::fs::write(&file, format!("{doc}\n")).unwrap();
    let o = common::demarche()
        .arg("ingest")
        .arg("--store")
        .arg(store)
        .arg(&file)
        .output()
        .unwrap();
    assert!(o.status.success(), "ingest failed: {}", common::stderr(&o));
}

/// The forum list and the Arctic Council's page as of 2024-03-01.
fn forum_page(browser: &Browser, base: &str, shots: &Path) {
    browser.go(&format!("{base}/forums?as_of=2024-03-01"));
    let rows = browser.find_all("tr.forum-row");
    assert!(rows.len() >= 30, "forum rows: {}", rows.len());
    let arctic = rows
        .iter()
        .map(|r| browser.text(r))
        .find(|t| t.contains("Arctic Council"))
        .expect("the Arctic Council row");
    assert!(
        arctic.contains("active") && arctic.contains("2024-02-14"),
        "{arctic}"
    );

    browser.screenshot(&shots.join("forums.png"));

    browser.go(&format!("{base}/forums/Arctic%20Council?as_of=2024-03-01"));
    let title = browser.call("GET", &browser.s("/title"), None);
    assert_eq!(title, "Forum: Arctic Council · demarche");
    let status = browser.find_all("#forum-status .status");
    assert_eq!(browser.text(&status[0]), "active");
    let members = browser.text(&browser.find_all("#members")[0]);
    assert!(
        members.starts_with("8 ") && members.contains("NOR"),
        "{members}"
    );
    // The timeline: a chart with the suspension as a bar and the meeting as a dot.
    let chart = browser.find_all("#timeline svg");
    assert_eq!(chart.len(), 1, "one timeline chart");
    let (w, h) = browser.rect(&chart[0]);
    assert!(w > 300.0 && h > 80.0, "the timeline is drawn at {w}x{h}");
    assert!(!browser.find_all("#timeline svg circle").is_empty());
    assert!(!browser.find_all("#timeline svg rect").is_empty());
    // Meeting and suspension rows, each with its evidence highlighted.
    let meetings = browser.find_all("tr.meeting");
    assert_eq!(meetings.len(), 1);
    assert!(browser.text(&meetings[0]).contains("2024-02-14"));
    let marks = browser.find_all("tr.meeting mark.evidence");
    let words: Vec<String> = marks.iter().map(|m| browser.text(m)).collect();
    assert!(words.iter().any(|w| w == "met in"), "{words:?}");
    assert!(words.iter().any(|w| w == "Arctic Council"), "{words:?}");
    let colour = browser.css(&marks[0], "background-color");
    assert!(colour.contains("200, 240, 200"), "{colour}");
    let suspension = browser.find_all("tr.suspension");
    assert_eq!(suspension.len(), 1);
    assert!(browser.text(&suspension[0]).contains("2022-03 to 2023-06"));
    assert!(!browser.find_all("tr.suspension mark.evidence").is_empty());
    // The blocker: Russia refuses a topic, in the words of the report.
    let blockers = browser.find_all("tr.blocker");
    assert_eq!(blockers.len(), 1);
    let b = browser.text(&blockers[0]);
    assert!(b.contains("RUS") && b.contains("refuses"), "{b}");
    let marks = browser.find_all("tr.blocker mark.evidence");
    let words: Vec<String> = marks.iter().map(|m| browser.text(m)).collect();
    assert!(words.iter().any(|w| w.contains("refuses")), "{words:?}");
    browser.screenshot(&shots.join("forum.png"));
}

fn the_dyad_chart_and_event_highlight_render_in_chromium(backend: Backend) {
    let Some((chromium, chromedriver)) = browser() else {
        return;
    };
    let started = Instant::now();
    let Some((dir, store)) = build_store_on("browser", backend) else {
        return;
    };
    add_forum_report(&dir, &store);
    let server = Server::start(&store, None);
    let browser = Browser::start(&chromium, &chromedriver, &dir.join("profile"));
    // One folder of screenshots a store, so that the two runs do not overwrite each other.
    let shots = common::repo().join(format!(
        "target/browser/{}",
        format!("{backend:?}").to_lowercase()
    ));

    browser.go(&format!("{}/dyad/TUR/RUS", server.url));
    let title = browser.call("GET", &browser.s("/title"), None);
    assert_eq!(title, "Turkey → Russia · demarche");
    let charts = browser.find_all("figure.chart svg");
    assert_eq!(charts.len(), 1, "one chart");
    let (w, h) = browser.rect(&charts[0]);
    assert!(w > 300.0 && h > 150.0, "the chart is drawn at {w}x{h}");
    // Four QuadClass lines and the Goldstein line are drawn as SVG paths.
    assert!(browser.find_all("figure.chart svg polyline").len() >= 5);
    let rows = browser.find_all("tr.event-row");
    assert!(rows.len() >= 4, "event rows: {}", rows.len());
    assert!(browser.text(&rows[0]).contains("TUR"));
    browser.screenshot(&shots.join("dyad.png"));

    // Follow the sanctions event's link (the row whose evidence names them).
    let links = browser.find_all("tr.event-row a.event-link");
    let row = rows
        .iter()
        .position(|r| browser.text(r).contains("imposed sanctions"))
        .expect("the sanctions row");
    browser.click(&links[row]);
    let deadline = Instant::now() + Duration::from_secs(20);
    while !browser.url().contains("/event/") {
        assert!(Instant::now() < deadline, "the event page did not open");
        std::thread::sleep(Duration::from_millis(50));
    }
    let marks = |class: &str| browser.find_all(&format!(".article mark.{class}"));
    let (source, event, target) = (marks("source"), marks("event"), marks("target"));
    assert!(!source.is_empty() && !event.is_empty() && !target.is_empty());
    assert_eq!(browser.text(&source[0]), "Turkey");
    assert_eq!(browser.text(&event[0]), "imposed sanctions on");
    assert_eq!(browser.text(&target[0]), "Russia");
    // The highlight is visible: the mark has its own background colour.
    let colour = browser.css(&event[0], "background-color");
    assert!(colour.contains("255, 226, 138"), "{colour}");
    // The markup in the report is text, not elements.
    let article = browser.find_all(".article");
    assert!(browser
        .text(&article[0])
        .contains("<script>alert(1)</script>"));
    assert!(browser.find_all(".article script").is_empty());
    browser.screenshot(&shots.join("event.png"));

    forum_page(&browser, &server.url, &shots);
    analyst_pages(&browser, &server.url, &shots);
    eprintln!(
        "browser test: {:.2} s; screenshots in {}",
        started.elapsed().as_secs_f64(),
        shots.display()
    );
}

/// The overview, events, actor search, actor, codes, map and API pages, each
/// checked and shot whole.
fn analyst_pages(browser: &Browser, base: &str, shots: &Path) {
    browser.go(&format!("{base}/"));
    assert_eq!(browser.title(), "Overview · demarche");
    let timeline = browser.find_all("#timeline svg");
    assert_eq!(timeline.len(), 1);
    assert!(!browser.find_all("tr.dyad-row").is_empty());
    browser.screenshot(&shots.join("overview.png"));

    // Search by name: the actor page of the one found.
    browser.go(&format!("{base}/actors?q=turkey"));
    let rows = browser.find_all("tr.actor-row");
    assert!(!rows.is_empty());
    assert!(
        browser.text(&rows[0]).contains("TUR"),
        "{}",
        browser.text(&rows[0])
    );
    assert!(!browser.find_all("datalist#actor-list option").is_empty());
    browser.screenshot(&shots.join("actors.png"));
    browser.go(&format!("{base}/actor/TUR"));
    assert_eq!(browser.title(), "Turkey (TUR) · demarche");
    browser.screenshot(&shots.join("actor.png"));

    // Events by name, sorted by Goldstein, with CAMEO names beside codes.
    browser.go(&format!(
        "{base}/events?source=Turkey&sort=goldstein&dir=asc"
    ));
    let rows = browser.find_all("tr.event-row");
    assert!(rows.len() >= 3, "{} rows", rows.len());
    let first = browser.text(&rows[0]);
    assert!(first.contains("TUR"), "{first}");
    let dates = browser.find_all("td.date");
    assert_eq!(
        browser.css(&dates[0], "white-space"),
        "nowrap",
        "the date stays on one line"
    );
    assert!(!browser.find_all("p.downloads a").is_empty());
    browser.screenshot(&shots.join("events.png"));

    browser.go(&format!("{base}/codes"));
    assert!(browser.find_all("#codes tr").len() > 300);
    browser.screenshot(&shots.join("codes.png"));

    browser.go(&format!("{base}/map"));
    let countries = browser.find_all("#map path.country");
    assert!(countries.len() > 150, "{} countries", countries.len());
    let (w, h) = browser.rect(&browser.find_all("#map svg")[0]);
    assert!(w > 600.0 && h > 200.0, "the map is drawn at {w}x{h}");
    browser.screenshot(&shots.join("map.png"));

    browser.go(&format!("{base}/api"));
    let text = browser.text(&browser.find_all("main")[0]);
    assert!(text.contains(&format!("{base}/api/openapi.json")), "{text}");
    browser.screenshot(&shots.join("api.png"));
}

crate::on_both_stores!(
    #[cfg_attr(
        not(browser),
        ignore = "needs chromium and chromedriver (apt-get install chromium chromium-driver); set CI=true to require them"
    )]
    the_dyad_chart_and_event_highlight_render_in_chromium,
);
