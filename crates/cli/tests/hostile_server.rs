//! `demarche serve` against hostile and careless clients, through the real
//! binary: idle connections by the thousand, slow senders, clients that leave,
//! a process short of file descriptors, an event reported 50,000 times, bad
//! numbers and dates. No client may stop the server or hold the others.

mod common;
mod web;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

use common::tempdir;
use demarche_store::{ActorMention, EventStore, NewDocument, NewEvent, Spans, SqliteStore};
use web::{build_store, get, Server};

/// The `host:port` of a server's URL.
fn addr(server: &Server) -> String {
    server.url.trim_start_matches("http://").to_string()
}

/// One request on a new connection: its status and how long the answer took.
fn timed_get(addr: &str, path: &str) -> (u16, Duration) {
    let started = Instant::now();
    let mut s = TcpStream::connect(addr).expect("connects");
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = Vec::new();
    s.read_to_end(&mut answer).expect("an answer");
    let took = started.elapsed();
    let head = String::from_utf8_lossy(&answer[..answer.len().min(64)]).to_string();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("no HTTP status in {head:?}"));
    (status, took)
}

/// Median and worst of `n` health checks, each on a new connection.
fn health_latency(addr: &str, n: usize) -> (Duration, Duration) {
    let mut times: Vec<Duration> = (0..n)
        .map(|_| {
            let (status, took) = timed_get(addr, "/api/health");
            assert_eq!(status, 200);
            took
        })
        .collect();
    times.sort();
    (times[n / 2], times[n - 1])
}

/// Holds `DEMARCHE_HOLD_N` idle connections to `DEMARCHE_HOLD_ADDR` until its
/// standard input closes: a helper the tests below run as a child process, as
/// one process cannot hold 20,000 sockets under the usual descriptor limit.
#[test]
#[ignore = "a helper process for the tests below, run by them"]
fn hold_connections() {
    let (Ok(addr), Ok(n)) = (
        std::env::var("DEMARCHE_HOLD_ADDR"),
        std::env::var("DEMARCHE_HOLD_N"),
    ) else {
        return;
    };
    let n: usize = n.parse().unwrap();
    let mut held = Vec::with_capacity(n);
    let mut failed = 0;
    for _ in 0..n {
        match TcpStream::connect(&addr) {
            Ok(s) => held.push(s),
            Err(_) => failed += 1,
        }
    }
    println!("held {} failed {failed}", held.len());
    std::io::stdout().flush().unwrap();
    let mut rest = String::new();
    let _ = std::io::stdin().read_to_string(&mut rest);
}

/// A child process holding `n` idle connections; they close when it is dropped.
struct Holder(std::process::Child);

impl Holder {
    fn start(addr: &str, n: usize) -> Holder {
        use std::process::Stdio;
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "hold_connections",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("DEMARCHE_HOLD_ADDR", addr)
            .env("DEMARCHE_HOLD_N", n.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let out = child.stdout.take().unwrap();
        // The test harness prints around the helper's line: find it in any line.
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if let Some(at) = line.find("held ") {
                    let _ = tx.send(line[at + 5..].to_string());
                }
            }
        });
        let held = match rx.recv_timeout(Duration::from_secs(120)) {
            Ok(rest) => rest
                .split_whitespace()
                .next()
                .unwrap()
                .parse::<usize>()
                .unwrap(),
            Err(_) => {
                let _ = child.kill();
                panic!("the helper did not connect within 120 s");
            }
        };
        assert!(held >= n * 9 / 10, "the helper holds only {held}");
        Holder(child)
    }
}

impl Drop for Holder {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Connections that send part of a request's headers, a byte at a time.
fn slow_senders(addr: &str, n: usize) -> Vec<TcpStream> {
    (0..n)
        .map(|_| {
            let mut s = TcpStream::connect(addr).unwrap();
            s.write_all(b"GET /api/health HTTP/1.1\r\nHo").unwrap();
            s
        })
        .collect()
}

/// This process's soft limit on open files.
#[cfg(target_os = "linux")]
fn open_file_limit() -> usize {
    std::fs::read_to_string("/proc/self/limits")
        .unwrap()
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .and_then(|l| l.split_whitespace().nth(3))
        .and_then(|n| n.parse().ok())
        .unwrap_or(1024)
}

/// The number of open file descriptors of a process.
#[cfg(target_os = "linux")]
fn open_files(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .unwrap()
        .count()
}

#[cfg(target_os = "linux")]
#[test]
fn twenty_thousand_idle_connections_and_slow_clients_leave_health_answering() {
    let (_dir, store) = build_store("idle-20000");
    let mut server = Server::start(&store, None);
    let addr = addr(&server);
    let started = Instant::now();
    // As many helpers as the open-file limit of one process requires.
    let per_helper = open_file_limit().saturating_sub(64).clamp(100, 10_000);
    let mut holders = Vec::new();
    let mut held = 0;
    while held < 20_000 {
        let n = per_helper.min(20_000 - held);
        holders.push(Holder::start(&addr, n));
        held += n;
    }
    let _slow = slow_senders(&addr, 50);
    eprintln!("20,000 connections opened in {:?}", started.elapsed());
    let (median, worst) = health_latency(&addr, 11);
    eprintln!("health beside them: median {median:?}, worst {worst:?}");
    assert!(
        median < Duration::from_millis(100),
        "health took {median:?} (median), {worst:?} (worst) beside 20,000 idle connections"
    );
    assert!(
        worst < Duration::from_secs(2),
        "worst health check {worst:?}"
    );
    assert!(server.alive(), "the server exited");
    // The connections it keeps are bounded, whatever the clients hold.
    let files = open_files(server.pid());
    assert!(files < 4096 + 200, "{files} files open");
}

#[cfg(unix)]
#[test]
fn a_server_short_of_file_descriptors_goes_on_answering() {
    let (_dir, store) = build_store("ulimit-128");
    let mut server = Server::start_with_open_files(&store, 128, &[]);
    let addr = addr(&server);
    // More connections than the process can open files.
    let idle: Vec<TcpStream> = (0..300)
        .filter_map(|_| TcpStream::connect(&addr).ok())
        .collect();
    assert!(idle.len() > 200);
    let (median, _) = health_latency(&addr, 5);
    assert!(
        median < Duration::from_millis(500),
        "health took {median:?}"
    );
    assert!(server.alive(), "the server exited");
    drop(idle);
    assert_eq!(timed_get(&addr, "/api/health").0, 200);
}

/// Whether the server has closed `s` (read gives end of file or an error)
/// within `secs`.
fn closed_within(s: &mut TcpStream, secs: u64) -> bool {
    s.set_read_timeout(Some(Duration::from_secs(secs))).unwrap();
    let mut buf = [0u8; 1024];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return true,
            // An answer (408 or 503) before the close is fine; read on.
            Ok(_) => continue,
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return false
            }
            Err(_) => return true,
        }
    }
}

#[test]
fn half_sent_requests_and_silent_connections_are_closed_by_the_timeouts() {
    let (_dir, store) = build_store("timeouts");
    let server = Server::start_with(
        &store,
        Some("s3cret"),
        &["--header-timeout", "1", "--request-timeout", "2"],
    );
    let addr = addr(&server);
    // Nothing sent at all.
    let mut silent = TcpStream::connect(&addr).unwrap();
    // Headers begun, never finished.
    let mut headers = TcpStream::connect(&addr).unwrap();
    headers
        .write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    // A body promised, a little sent.
    let mut body = TcpStream::connect(&addr).unwrap();
    body.write_all(
        b"POST /api/documents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer s3cret\r\n\
          Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"text\":",
    )
    .unwrap();
    // A kept-alive connection left idle after one answer.
    let mut kept = TcpStream::connect(&addr).unwrap();
    kept.write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let started = Instant::now();
    assert!(
        closed_within(&mut silent, 10),
        "a silent connection stays open"
    );
    assert!(
        closed_within(&mut headers, 10),
        "half-sent headers keep it open"
    );
    assert!(
        closed_within(&mut body, 10),
        "a half-sent body keeps it open"
    );
    assert!(
        closed_within(&mut kept, 10),
        "an idle kept-alive connection stays open"
    );
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(timed_get(&addr, "/api/health").0, 200);
}

/// A store with one event reported `mentions` times in a document of about
/// `size` bytes, and a few ordinary documents.
fn store_with_a_loud_event(dir: &Path, size: usize, mentions: usize) -> std::path::PathBuf {
    let path = dir.join("loud.db");
    let mut store = SqliteStore::open(&path).unwrap();
    let sentence = "Germany condemned Russia. ";
    let text = sentence.repeat(size / sentence.len());
    let side = |code: &str| ActorMention {
        code: code.into(),
        sector: None,
        name: code.into(),
    };
    let sentences = text.len() / sentence.len();
    let event = |mentions: usize| NewEvent {
        source: side("DEU"),
        target: side("RUS"),
        code: "111".into(),
        plover: "DISAPPROVE".into(),
        plover_mode: None,
        goldstein: -2.0,
        quad_class: 3,
        date: "2017-03-07".into(),
        mentions: (0..mentions)
            .map(|i| {
                let at = (i % sentences) * sentence.len();
                Spans {
                    sentence: i,
                    source: [at, at + 7],
                    event: [at + 8, at + 17],
                    target: [at + 18, at + 24],
                }
            })
            .collect(),
    };
    let doc = |id: &str, text: String, mentions: usize| NewDocument {
        doc_id: id.into(),
        outlet: Some("Wire".into()),
        url: None,
        title: Some(id.into()),
        date: Some("2017-03-07".into()),
        content_hash: id.into(),
        text,
        events: vec![event(mentions)],
        forum_facts: Vec::new(),
    };
    let mut docs = vec![doc("loud", text, mentions)];
    for i in 0..30 {
        docs.push(doc(&format!("quiet-{i}"), sentence.repeat(3), 1));
    }
    store.write_batch(&docs, &[]).unwrap();
    drop(store);
    demarche_store::testing::forget_forum_facts(path.to_str().unwrap());
    path
}

#[test]
fn an_event_with_50000_mentions_answers_in_under_a_second_while_others_go_on() {
    let dir = tempdir("loud-event");
    let store = store_with_a_loud_event(&dir, 2 << 20, 50_000);
    let server = Server::start(&store, None);
    let addr = addr(&server);
    // Other requests go on the whole time.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let others = {
        let (addr, stop) = (addr.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut worst = Duration::ZERO;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let (status, took) = timed_get(&addr, "/api/health");
                assert_eq!(status, 200);
                worst = worst.max(took);
            }
            worst
        })
    };
    for path in [
        "/api/events/1",
        "/event/1",
        "/api/events/1?offset=1&limit=50",
    ] {
        let (status, took) = timed_get(&addr, path);
        assert_eq!(status, 200, "{path}");
        assert!(took < Duration::from_secs(1), "{path} took {took:?}");
    }
    let detail = get(&format!("{}/api/events/1", server.url)).json();
    assert_eq!(detail["event"]["num_mentions"], 50_000 + 30);
    assert_eq!(detail["reports"].as_array().unwrap().len(), 10);
    assert_eq!(detail["reports"][0]["mentions_total"], 50_000);
    assert_eq!(
        detail["reports"][0]["mentions"].as_array().unwrap().len(),
        1000
    );
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let worst = others.join().unwrap();
    assert!(worst < Duration::from_secs(1), "health waited {worst:?}");
}

#[test]
fn bad_numbers_and_dates_in_any_parameter_are_400() {
    let (_dir, store) = build_store("bad-params");
    let server = Server::start(&store, None);
    for path in [
        "/api/events?offset=9223372036854775808",
        "/api/events?offset=18446744073709551616",
        "/api/events?after=9223372036854775808",
        "/api/events?limit=-1",
        "/api/events?from=2017-13-45",
        "/api/events?to=2017-02-30",
        "/api/actors?offset=9223372036854775808",
        "/api/dyads/TUR/RUS/weekly?from=2017-13-45",
        "/api/events/1?offset=9223372036854775808",
        "/api/events/1?limit=0",
        "/api/forums?as_of=2017-13-45",
        "/events?offset=9223372036854775808",
        "/events?from=2017-13-45",
        "/dyad/TUR/RUS?offset=9223372036854775808",
        "/dyad/TUR/RUS?to=2017-13",
        "/event/1?offset=9223372036854775808",
    ] {
        let r = get(&format!("{}{path}", server.url));
        assert_eq!(r.status, 400, "{path}: {} {}", r.status, r.body);
    }
    // The largest offset is a valid, empty page.
    let r = get(&format!(
        "{}/api/events?offset=9223372036854775807",
        server.url
    ));
    assert_eq!(r.status, 200, "{}", r.body);
}

#[test]
fn a_posted_document_with_a_nul_character_is_refused_as_ingest_refuses_it() {
    let (_dir, store) = build_store("post-nul");
    let server = Server::start(&store, Some("s3cret"));
    let r = web::request(
        "POST",
        &format!("{}/api/documents", server.url),
        &[
            ("Authorization", "Bearer s3cret"),
            ("Content-Type", "application/json"),
        ],
        Some(br#"{"id":"nul","text":"Germany condemned Russia.\u0000 More."}"#),
    );
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("NUL"), "{}", r.body);
}

/// Waits up to `secs` for `needle` in the file at `log`.
fn logged_within(log: &Path, needle: &str, secs: u64) -> bool {
    let deadline = Instant::now() + Duration::from_secs(secs);
    while Instant::now() < deadline {
        if std::fs::read_to_string(log).is_ok_and(|l| l.contains(needle)) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

/// What the server logs when a request's store work stops because the request was dropped.
const STOPPED: &str = "a store call stopped: its request was dropped";

/// A store of `n` documents that name a forum, as a demarche from before forum
/// facts were kept left them (no facts), so that forum status has them all to
/// code (24,000 take about ten seconds in a debug build).
fn store_of_forum_reports(dir: &Path, n: usize) -> std::path::PathBuf {
    let path = dir.join("forums.db");
    let mut store = SqliteStore::open(&path).unwrap();
    let docs: Vec<NewDocument> = (0..n)
        .map(|i| NewDocument {
            doc_id: format!("nrc-{i}"),
            outlet: Some("Wire".into()),
            url: None,
            title: None,
            date: Some("2019-07-05".into()),
            content_hash: format!("nrc-{i}"),
            text: format!(
                "Report {i}. The NATO-Russia Council met in Brussels on Friday at the level of \
                 ambassadors. Germany's foreign minister praised the talks and Russia's envoy \
                 accused NATO of provocations near its borders. The council will meet again."
            ),
            events: Vec::new(),
            forum_facts: Vec::new(),
        })
        .collect();
    store.write_batch(&docs, &[]).unwrap();
    drop(store);
    demarche_store::testing::forget_forum_facts(path.to_str().unwrap());
    path
}

#[test]
fn forum_status_holds_no_connection_others_need_and_stops_when_its_client_leaves() {
    let dir = tempdir("forum-cancel");
    let store = store_of_forum_reports(&dir, 24_000);
    let log = dir.join("serve.log");
    let server = Server::start_logged(&store, &["--request-timeout", "120"], &log);
    let addr = addr(&server);
    // Ask for every forum's status (ten seconds of coding), and leave.
    let mut leaving = TcpStream::connect(&addr).unwrap();
    write!(
        leaving,
        "GET /api/forums?as_of=2021-01-01 HTTP/1.1\r\nHost: x\r\n\r\n"
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(1000));
    // Meanwhile the rest of the server answers at once.
    let (median, _) = health_latency(&addr, 5);
    assert!(
        median < Duration::from_millis(200),
        "health took {median:?}"
    );
    let (status, took) = timed_get(&addr, "/api/events?limit=5");
    assert_eq!(status, 200);
    assert!(took < Duration::from_millis(500), "events took {took:?}");
    assert!(
        !std::fs::read_to_string(&log).unwrap().contains(STOPPED),
        "stopped before the client left"
    );
    drop(leaving);
    assert!(
        logged_within(&log, STOPPED, 30),
        "the forum computation went on for a client that left: {}",
        std::fs::read_to_string(&log).unwrap()
    );
}

#[test]
fn a_request_past_its_deadline_is_503_and_its_work_stops() {
    let dir = tempdir("deadline");
    let store = store_of_forum_reports(&dir, 24_000);
    let log = dir.join("serve.log");
    let server = Server::start_logged(&store, &["--request-timeout", "1"], &log);
    let addr = addr(&server);
    let (status, took) = timed_get(&addr, "/api/forums?as_of=2021-01-01");
    assert_eq!(status, 503);
    assert!(took < Duration::from_secs(5), "{took:?}");
    assert!(
        logged_within(&log, STOPPED, 30),
        "the work went on past the deadline: {}",
        std::fs::read_to_string(&log).unwrap()
    );
}
