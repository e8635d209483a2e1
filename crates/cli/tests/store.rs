//! The store commands through the real binary: `ingest` (idempotent, batched,
//! resumable after SIGKILL), `query` and `export`. Every test document is
//! written here; none comes from a corpus.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use common::*;
use demarche_store::{EventStore, SqliteStore};

fn ingest(store: &Path, args: &[&str]) -> Output {
    demarche()
        .arg("ingest")
        .arg("--store")
        .arg(store)
        .args(args)
        .output()
        .expect("demarche runs")
}

/// A number from the summary line that starts with `label`.
fn summary(out: &Output, label: &str) -> usize {
    let text = stdout(out);
    text.lines()
        .find(|l| l.starts_with(label))
        .and_then(|l| l[label.len()..].split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no {label:?} in\n{text}\n{}", stderr(out)))
}

fn query(store: &Path, args: &[&str]) -> Vec<serde_json::Value> {
    let o = demarche()
        .arg("query")
        .arg("--store")
        .arg(store)
        .args(["--format", "jsonl"])
        .args(args)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    jsonl(&stdout(&o))
}

fn counts(store: &Path) -> demarche_store::Counts {
    SqliteStore::open_existing(store).unwrap().counts().unwrap()
}

const REPORTS: &[(&str, &str)] = &[
    (
        "ceasefire.txt",
        "Turkey's foreign minister accused Russia of breaking the ceasefire on Tuesday. \
         Officials in Ankara said Germany would send aid to Turkey.\n",
    ),
    (
        "summit.txt",
        "The Japanese prime minister met the Chinese foreign minister in Beijing. \
         Iran threatened Israel with retaliation.\n",
    ),
    (
        "talks.html",
        "<!doctype html><html><head><title>Talks praised | Valley Post</title></head><body>\
         <nav>Home</nav><article><p>France praised Egypt for its role in the talks.</p>\
         <p>NATO criticised Russia over the exercises.</p></article></body></html>",
    ),
];

/// Writes the hand-made reports, and a JSON Lines file whose second record
/// repeats the first report's event from another outlet.
fn write_reports(dir: &Path) {
    for (name, text) in REPORTS {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let lines = [
        serde_json::json!({"id": "wire-1", "date": "2017-03-08", "source": "Harbour Ledger",
            "text": "Turkey's foreign minister accused Russia of breaking the ceasefire on Tuesday, the ministry said."}),
        serde_json::json!({"id": "wire-2", "date": "2017-03-08", "source": "Valley Post",
            "text": "On Tuesday Turkey's foreign minister accused Russia of breaking the ceasefire."}),
    ];
    let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(dir.join("wire.jsonl"), body).unwrap();
}

#[test]
fn a_second_ingest_of_the_same_documents_adds_nothing() {
    let dir = tempdir("store-twice");
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    write_reports(&docs);
    let store = dir.join("events.db");
    let first = ingest(&store, &["--date", "2017-03-08", docs.to_str().unwrap()]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert_eq!(summary(&first, "documents read"), 5);
    assert_eq!(summary(&first, "stored"), 5);
    assert_eq!(summary(&first, "failed"), 0);
    let events = summary(&first, "events added");
    let mentions = summary(&first, "mentions added");
    assert!(events >= 6, "{}", stdout(&first));
    // The ceasefire accusation is reported by three documents: one event.
    assert!(mentions > events);
    let c = counts(&store);
    assert_eq!(
        (c.documents, c.events, c.mentions),
        (5, events as u64, mentions as u64)
    );
    let accusations = query(
        &store,
        &["--source", "tur", "--target", "RUS", "--code", "112"],
    );
    assert_eq!(accusations.len(), 1, "{accusations:?}");
    let a = &accusations[0];
    assert_eq!(a["num_articles"], 3);
    assert_eq!(a["num_mentions"], 3);
    assert_eq!(a["num_sources"], 2, "Harbour Ledger and Valley Post");
    assert_eq!(a["date"], "2017-03-07");
    assert_eq!(a["source"]["kind"], "state");
    assert_eq!(a["first"]["event_text"], "accused");

    let second = ingest(&store, &["--date", "2017-03-08", docs.to_str().unwrap()]);
    assert!(second.status.success(), "{}", stderr(&second));
    assert_eq!(summary(&second, "documents read"), 5);
    assert_eq!(summary(&second, "stored"), 0);
    assert_eq!(summary(&second, "duplicates"), 5);
    assert_eq!(summary(&second, "events added"), 0);
    assert_eq!(summary(&second, "mentions added"), 0);
    assert_eq!(counts(&store), c);
}

fn rss() -> String {
    r#"<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Harbour Ledger</title><link>https://ledger.example</link>
<description>World news</description>
<item><title>Ministers meet</title><link>https://ledger.example/2017/03/meet</link>
<guid>ledger-meet</guid><pubDate>Thu, 09 Mar 2017 08:00:00 GMT</pubDate>
<description>&lt;p&gt;The Japanese prime minister met the Chinese foreign minister in Beijing.&lt;/p&gt;</description></item>
<item><title>Aid pledged</title><link>https://ledger.example/2017/03/aid</link>
<guid>ledger-aid</guid><pubDate>Fri, 10 Mar 2017 08:00:00 GMT</pubDate>
<description>France praised Egypt for its role in the talks.</description></item>
</channel></rss>
"#
    .to_string()
}

/// One WARC record, gzipped on its own as crawls publish them.
fn warc_record(kind: &str, uri: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut raw = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{:08x}-0000-0000-0000-000000000000>\r\n\
         WARC-Date: 2017-03-11T10:00:00Z\r\nWARC-Target-URI: {uri}\r\n\
         Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        uri.len(),
        body.len()
    )
    .into_bytes();
    raw.extend_from_slice(body);
    raw.extend_from_slice(b"\r\n\r\n");
    let mut gz = libflate::gzip::Encoder::new(Vec::new()).unwrap();
    gz.write_all(&raw).unwrap();
    gz.finish().into_result().unwrap()
}

fn http(content_type: &str, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

#[test]
fn a_directory_with_a_feed_a_gzipped_warc_and_gzipped_jsonl_is_ingested() {
    let dir = tempdir("store-web");
    let docs = dir.join("web");
    std::fs::create_dir_all(docs.join("crawl")).unwrap();
    std::fs::write(docs.join("ledger.rss"), rss()).unwrap();
    let page = "<html><head><title>Threats | Gulf Courier</title></head><body><article>\
                <p>Iran threatened Israel with retaliation.</p></article></body></html>";
    let mut warc = warc_record(
        "warcinfo",
        "",
        "application/warc-fields",
        b"software: test\r\n",
    );
    warc.extend(warc_record(
        "request",
        "https://courier.example/threats",
        "application/http; msgtype=request",
        b"GET /threats HTTP/1.1\r\nHost: courier.example\r\n\r\n",
    ));
    warc.extend(warc_record(
        "response",
        "https://courier.example/threats",
        "application/http; msgtype=response",
        &http("text/html; charset=utf-8", page),
    ));
    warc.extend(warc_record(
        "response",
        "https://courier.example/logo.png",
        "application/http; msgtype=response",
        &http("image/png", "PNG"),
    ));
    std::fs::write(docs.join("crawl/courier.warc.gz"), warc).unwrap();
    std::fs::write(docs.join("crawl/notes.png"), b"\x89PNG").unwrap();
    // A compressed JSON Lines export, read by its inner name.
    let mut gz = libflate::gzip::Encoder::new(Vec::new()).unwrap();
    gz.write_all(
        b"{\"id\":\"wire-1\",\"date\":\"2017-03-12\",\"text\":\"Egypt condemned Libya on Sunday.\"}\n",
    )
    .unwrap();
    std::fs::write(
        docs.join("wire.jsonl.gz"),
        gz.finish().into_result().unwrap(),
    )
    .unwrap();

    let store = dir.join("web.db");
    let o = ingest(&store, &[docs.to_str().unwrap()]);
    assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
    assert_eq!(summary(&o, "documents read"), 4, "{}", stdout(&o));
    assert_eq!(summary(&o, "stored"), 4);
    let wire = query(&store, &["--source", "EGY"]);
    assert_eq!(wire.len(), 1, "{wire:?}");
    assert_eq!(wire[0]["first"]["doc_id"], "wire-1");
    assert_eq!(summary(&o, "files ignored"), 1);
    assert_eq!(summary(&o, "WARC records"), 3);

    let meet = query(&store, &["--source", "JPN", "--code", "04"]);
    assert_eq!(meet.len(), 1, "{meet:?}");
    assert_eq!(
        meet[0]["first"]["url"],
        "https://ledger.example/2017/03/meet"
    );
    assert_eq!(meet[0]["first"]["outlet"], "Harbour Ledger");
    assert_eq!(meet[0]["date"], "2017-03-09");
    let threat = query(&store, &["--source", "IRN"]);
    assert_eq!(threat.len(), 1, "{threat:?}");
    assert_eq!(threat[0]["first"]["url"], "https://courier.example/threats");
    assert_eq!(threat[0]["first"]["outlet"], "Gulf Courier");
    assert_eq!(threat[0]["first"]["published"], "2017-03-11");
}

#[test]
fn a_bad_document_is_reported_and_the_others_are_stored() {
    let dir = tempdir("store-bad");
    let file = dir.join("mixed.jsonl");
    let good = |id: &str, text: &str| {
        serde_json::json!({"id": id, "date": "2017-03-10", "source": "Wire", "text": text})
            .to_string()
    };
    let body = format!(
        "{}\n{{\"id\": \"cut\", \"text\": \"NATO criticised\n{}\n{{\"id\": \"empty\"}}\n",
        good("ok-1", "France praised Egypt for its role in the talks."),
        good("ok-2", "NATO criticised Russia over the exercises.")
    );
    std::fs::write(&file, body).unwrap();
    let store = dir.join("bad.db");
    let o = ingest(&store, &[file.to_str().unwrap(), "missing-file.txt"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("mixed.jsonl: line 2: not a JSON document"),
        "{err}"
    );
    assert!(
        err.contains("mixed.jsonl: line 4: record has no \"text\""),
        "{err}"
    );
    assert!(
        err.contains("missing-file.txt: whole input: cannot open"),
        "{err}"
    );
    assert_eq!(summary(&o, "stored"), 2);
    assert_eq!(summary(&o, "failed"), 3);
    let out = stdout(&o);
    assert!(out.contains("1  not a JSON document"), "{out}");
    assert!(out.contains("1  cannot open"), "{out}");
    assert_eq!(counts(&store).documents, 2);
}

#[test]
fn query_filters_and_every_export_format_work() {
    let dir = tempdir("store-query");
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    write_reports(&docs);
    let store = dir.join("q.db");
    let o = ingest(&store, &["--date", "2017-03-08", docs.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let all = query(&store, &[]);
    let total = counts(&store).events as usize;
    assert_eq!(all.len(), total);

    let by_source = query(&store, &["--source", "TUR"]);
    assert!(!by_source.is_empty());
    assert!(by_source.iter().all(|e| e["source"]["code"] == "TUR"));
    assert!(by_source.len() < total);
    let by_target = query(&store, &["--target", "RUS"]);
    assert!(by_target.len() >= 2);
    assert!(by_target.iter().all(|e| e["target"]["code"] == "RUS"));
    let by_root = query(&store, &["--code", "11"]);
    assert!(!by_root.is_empty());
    assert!(by_root
        .iter()
        .all(|e| e["code"].as_str().unwrap().starts_with("11")));
    let day = query(&store, &["--from", "2017-03-07", "--to", "2017-03-07"]);
    assert!(!day.is_empty());
    assert!(day.iter().all(|e| e["date"] == "2017-03-07"));
    assert!(query(&store, &["--from", "2018"]).is_empty());
    assert_eq!(query(&store, &["--limit", "2"]).len(), 2);

    let o = demarche()
        .args(["query", "--store"])
        .arg(&store)
        .args(["--code", "1x"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not 1 to 4 digits"));
    let o = demarche()
        .args(["query", "--store"])
        .arg(dir.join("nowhere.db"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no store at"));

    let table = demarche()
        .args(["query", "--store"])
        .arg(&store)
        .args(["--source", "FRA"])
        .output()
        .unwrap();
    assert!(stdout(&table).contains("praised"), "{}", stdout(&table));

    let export = |format: &str| -> String {
        let out = dir.join(format!("export.{format}"));
        let o = demarche()
            .args(["export", "--store"])
            .arg(&store)
            .args(["--format", format, "--out"])
            .arg(&out)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        std::fs::read_to_string(out).unwrap()
    };
    let gdelt = export("gdelt");
    assert_eq!(gdelt.lines().count(), total);
    for line in gdelt.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 61, "{line}");
        assert_eq!(cols[1].len(), 8, "SQLDATE {line}");
        assert!(cols[26].len() >= 3, "EventCode {line}");
    }
    assert!(gdelt
        .lines()
        .any(|l| l.contains("\tTURGOV\tTURKEY\tTUR\t") && l.contains("\t112\t112\t11\t")));

    let plover = jsonl(&export("plover"));
    assert_eq!(plover.len(), total);
    for r in &plover {
        assert!(r["id"].as_str().unwrap().starts_with("demarche-"));
        assert!(r["event_type"].is_string() && r["cameo"].is_string());
        assert!(r["source"]["code"].is_string() && r["target"]["code"].is_string());
    }
    assert!(plover
        .iter()
        .any(|r| r["event_type"] == "ACCUSE" && r["evidence"]["event"]["text"] == "accused"));

    let csv = export("csv");
    assert_eq!(csv.lines().count(), total + 1);
    assert!(csv.starts_with("id,date,source,source_sector,"));
    let exported = jsonl(&export("jsonl"));
    assert_eq!(exported, all);

    // Standard output works too, and gdelt can carry its column names.
    let o = demarche()
        .args(["export", "--store"])
        .arg(&store)
        .args(["--format", "gdelt", "--header"])
        .output()
        .unwrap();
    let text = stdout(&o);
    let header: Vec<&str> = text.lines().next().unwrap().split('\t').collect();
    assert_eq!(header.len(), 61);
    assert_eq!(header[0], "GLOBALEVENTID");
    assert_eq!(header[60], "SOURCEURL");
}

const ACTORS: &[&str] = &[
    "Russia", "Ukraine", "Turkey", "France", "Germany", "China", "Japan", "Iran", "Israel",
    "Egypt", "NATO", "Poland",
];
const VERBS: &[&str] = &[
    "accused",
    "praised",
    "criticised",
    "threatened",
    "met",
    "urged",
];

/// `n` short generated reports, each unique, many sharing events.
fn write_corpus(path: &Path, n: usize) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for i in 0..n {
        let a = ACTORS[i % ACTORS.len()];
        let b = ACTORS[(i / ACTORS.len() + 1 + i) % ACTORS.len()];
        let verb = VERBS[(i / 7) % VERBS.len()];
        let c = ACTORS[(i * 5 + 3) % ACTORS.len()];
        let d = ACTORS[(i * 7 + 4) % ACTORS.len()];
        let text = if b == a {
            format!("{a} {verb} {d} on Monday. Bulletin {i}.")
        } else {
            format!("{a} {verb} {b} on Monday. {c} praised {d}. Bulletin {i}.")
        };
        let outlet = ["Wire", "Post", "Ledger"][i % 3];
        let line = serde_json::json!({
            "id": format!("gen-{i}"),
            "date": format!("2017-{:02}-{:02}", 1 + i % 3, 10 + i % 5),
            "source": outlet,
            "text": text,
        });
        writeln!(out, "{line}").unwrap();
    }
}

/// Every event as (source, target, code, date, mentions, articles, sources), sorted.
fn event_keys(store: &Path) -> Vec<String> {
    let mut keys: Vec<String> = query(store, &[])
        .iter()
        .map(|e| {
            format!(
                "{} {} {} {} {} {} {}",
                e["source"]["code"],
                e["target"]["code"],
                e["code"],
                e["date"],
                e["num_mentions"],
                e["num_articles"],
                e["num_sources"]
            )
        })
        .collect();
    keys.sort();
    keys
}

#[test]
fn an_ingest_killed_part_way_finishes_on_a_rerun_with_the_counts_of_a_clean_run() {
    let dir = tempdir("store-kill");
    let corpus = dir.join("generated.jsonl");
    const N: usize = 3000;
    write_corpus(&corpus, N);
    let corpus = corpus.to_str().unwrap();

    let clean: PathBuf = dir.join("clean.db");
    let o = ingest(&clean, &["--batch-size", "50", corpus]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(summary(&o, "stored"), N);
    let expected = counts(&clean);
    assert!(expected.events > 100 && expected.mentions > expected.events);

    let killed = dir.join("killed.db");
    let mut child = demarche()
        .arg("ingest")
        .arg("--store")
        .arg(&killed)
        .args(["--batch-size", "50", corpus])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until several batches are committed, then SIGKILL.
    let started = Instant::now();
    let mut committed = 0;
    while started.elapsed() < Duration::from_secs(120) {
        if killed.is_file() {
            if let Ok(s) = SqliteStore::open_existing(&killed) {
                committed = s.counts().map(|c| c.documents).unwrap_or(0);
            }
        }
        if committed >= 300 {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let partial = counts(&killed);
    eprintln!(
        "killed after {committed} committed; store holds {partial:?}; clean run {expected:?}"
    );
    assert!(partial.documents >= 300, "{partial:?}");
    assert!(
        (partial.documents as usize) < N,
        "the run finished before it could be killed: {partial:?}"
    );
    assert_eq!(partial.documents % 50, 0, "only whole batches are kept");

    let rerun = ingest(&killed, &["--batch-size", "50", corpus]);
    assert!(rerun.status.success(), "{}", stderr(&rerun));
    assert_eq!(summary(&rerun, "duplicates"), partial.documents as usize);
    assert_eq!(summary(&rerun, "stored"), N - partial.documents as usize);
    let after = counts(&killed);
    assert_eq!(
        (after.documents, after.events, after.mentions),
        (expected.documents, expected.events, expected.mentions)
    );
    assert_eq!(event_keys(&killed), event_keys(&clean));
}

/// `query` with each kind of bad or doubtful filter: an impossible date, an
/// unknown actor or CAMEO code is an error naming the flag (exit 2); a name is
/// read as its code; a known actor with no events says so.
#[test]
fn query_checks_dates_and_codes_against_the_calendar_and_the_knowledge() {
    let dir = tempdir("store-check");
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    write_reports(&docs);
    let store = dir.join("c.db");
    let o = ingest(&store, &["--date", "2017-03-08", docs.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let q = |args: &[&str]| {
        demarche()
            .args(["query", "--format", "jsonl", "--store"])
            .arg(&store)
            .args(args)
            .output()
            .unwrap()
    };
    for (args, says) in [
        (&["--from", "2017-13"][..], "--from 2017-13"),
        (&["--to", "2017-02-30"][..], "not a calendar date"),
        (
            &["--from", "2018", "--to", "2017"][..],
            "starts (2018) after it ends (2017)",
        ),
        (&["--source", "ZZZ"][..], "--source: no actor \"ZZZ\""),
        (&["--target", "XXX"][..], "--target: no actor \"XXX\""),
        (&["--code", "99"][..], "--code 99: no CAMEO code 99"),
    ] {
        let o = q(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stdout(&o));
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
        assert!(stdout(&o).is_empty(), "{args:?} wrote events");
    }
    // A name is read as its code, and said so.
    let o = q(&["--source", "turkey"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("read as TUR"), "{}", stderr(&o));
    let events = jsonl(&stdout(&o));
    assert!(!events.is_empty() && events.iter().all(|e| e["source"]["code"] == "TUR"));
    // A known actor that is never a source here: a note, not silence.
    let o = q(&["--source", "BRA"]);
    assert!(o.status.success());
    assert!(stdout(&o).is_empty());
    assert!(
        stderr(&o).contains("BRA (Brazil) is a known actor, but no stored event has it as source"),
        "{}",
        stderr(&o)
    );
    // Plain column names in the table.
    let o = demarche()
        .args(["query", "--store"])
        .arg(&store)
        .output()
        .unwrap();
    let header = stdout(&o).lines().next().unwrap().to_string();
    for column in ["goldstein", "mentions", "articles", "event type"] {
        assert!(header.contains(column), "{header}");
    }
}

/// Every event of `query --format jsonl` without the time the store first saw
/// it (the one column two stores written at different times differ in).
fn without_first_seen(mut events: Vec<serde_json::Value>) -> Vec<serde_json::Value> {
    for e in &mut events {
        e.as_object_mut().unwrap().remove("first_seen");
    }
    events
}

#[test]
fn a_postgres_store_reads_back_what_a_sqlite_store_does() {
    let Some(url) = demarche_store::testing::postgres_url("cli_both_stores") else {
        return;
    };
    let dir = tempdir("store-both");
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    write_reports(&docs);
    let file = dir.join("events.db");
    let pg = Path::new(&url);
    for store in [file.as_path(), pg] {
        let o = ingest(store, &["--date", "2017-03-08", docs.to_str().unwrap()]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(summary(&o, "stored"), 5, "{}", stdout(&o));
    }
    let again = ingest(pg, &["--date", "2017-03-08", docs.to_str().unwrap()]);
    assert_eq!(summary(&again, "stored"), 0);
    assert_eq!(summary(&again, "duplicates"), 5);
    let in_file = without_first_seen(query(&file, &[]));
    assert!(in_file.len() >= 6);
    assert_eq!(without_first_seen(query(pg, &[])), in_file);
    for args in [
        &["--source", "TUR"][..],
        &["--code", "11", "--limit", "1"],
        &["--from", "2017-03-07", "--to", "2017-03-07"],
    ] {
        assert_eq!(
            without_first_seen(query(pg, args)),
            without_first_seen(query(&file, args)),
            "{args:?}"
        );
    }
    let export = |store: &Path, format: &str| -> String {
        let o = demarche()
            .args(["export", "--store"])
            .arg(store)
            .args(["--format", format])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o)
    };
    assert_eq!(export(pg, "plover"), export(&file, "plover"));
    // An empty database is no store to read.
    let Some(empty) = demarche_store::testing::postgres_url("cli_empty_store") else {
        return;
    };
    let o = demarche()
        .args(["query", "--store", &empty])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no store in"), "{}", stderr(&o));
}
