//! Hostile and broken inputs through the real binary: no input stops a batch,
//! hangs a run or takes memory beyond the limits. Every input is written here.

mod common;

use std::path::Path;
use std::process::Output;

use common::*;

/// A number from the `ingest` summary line that starts with `label`.
fn summary(out: &Output, label: &str) -> usize {
    let text = stdout(out);
    text.lines()
        .find(|l| l.starts_with(label))
        .and_then(|l| l[label.len()..].split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no {label:?} in\n{text}\n{}", stderr(out)))
}

fn ingest(store: &Path, inputs: &[&Path], secs: u64) -> Output {
    output_within(
        demarche()
            .arg("ingest")
            .arg("--store")
            .arg(store)
            .args(inputs),
        secs,
    )
}

fn doc_ids(o: &Output) -> Vec<String> {
    let mut ids: Vec<String> = jsonl(&stdout(o))
        .iter()
        .map(|e| e["doc_id"].as_str().unwrap().to_string())
        .collect();
    ids.dedup();
    ids
}

const REPORT: &str = "Germany condemned Russia over the strikes on Monday.";

#[cfg(unix)]
#[test]
fn a_directory_with_two_links_to_itself_is_read_once_and_finishes() {
    let dir = tempdir("link-loop");
    let docs = dir.join("docs");
    std::fs::create_dir_all(docs.join("inner")).unwrap();
    std::fs::write(docs.join("a.txt"), REPORT).unwrap();
    std::fs::write(
        docs.join("inner/b.txt"),
        "France praised Egypt for its role in the talks.",
    )
    .unwrap();
    std::os::unix::fs::symlink(".", docs.join("self")).unwrap();
    std::os::unix::fs::symlink("..", docs.join("inner/up")).unwrap();
    let o = ingest(&dir.join("s.db"), &[&docs], 120);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(summary(&o, "documents read"), 2);
    assert_eq!(summary(&o, "duplicates"), 0, "each file is read once");
    assert_eq!(summary(&o, "files seen again"), 2);
}

/// `<div>` nested `depth` deep around a sentence.
fn nested_html(depth: usize) -> String {
    format!(
        "<!doctype html><html><body>{}<p>{REPORT}</p>{}</body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    )
}

#[test]
fn html_nested_100000_deep_is_an_error_and_the_batch_goes_on() {
    let dir = tempdir("deep-html");
    std::fs::write(dir.join("deep.html"), nested_html(100_000)).unwrap();
    std::fs::write(dir.join("good.txt"), REPORT).unwrap();
    let o = output_within(
        demarche()
            .args(["code", "--format", "jsonl"])
            .arg(dir.join("deep.html"))
            .arg(dir.join("good.txt")),
        300,
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("deep.html: whole input: HTML nested deeper than"),
        "{err}"
    );
    assert_eq!(doc_ids(&o), ["good.txt"]);

    let o = ingest(&dir.join("s.db"), &[&dir], 300);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(summary(&o, "stored"), 1);
    assert_eq!(summary(&o, "failed"), 1);
}

#[test]
fn html_nested_within_the_limit_is_read() {
    let dir = tempdir("nested-html");
    std::fs::write(dir.join("nested.html"), nested_html(1_000)).unwrap();
    let o = output_within(
        demarche()
            .args(["code", "--format", "jsonl"])
            .arg(dir.join("nested.html")),
        120,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(doc_ids(&o), ["nested.html"]);
}

/// The peak resident memory of a running process, in bytes.
#[cfg(target_os = "linux")]
fn peak_memory(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .expect("VmHWM in /proc/PID/status");
    kb * 1024
}

#[cfg(target_os = "linux")]
#[test]
fn a_one_gigabyte_line_is_refused_in_bounded_memory_and_the_next_is_coded() {
    use std::io::{Read, Write};
    use std::process::Stdio;
    const GIB: usize = 1 << 30;
    let mut child = demarche()
        .args(["code", "--format", "jsonl", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        out.read_to_string(&mut s).ok();
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        err.read_to_string(&mut s).ok();
        s
    });
    let mut stdin = child.stdin.take().unwrap();
    let head = b"{\"id\":\"huge\",\"text\":\"";
    stdin.write_all(head).unwrap();
    let chunk = vec![b'a'; 1 << 20];
    for _ in 0..GIB / chunk.len() {
        stdin.write_all(&chunk).unwrap();
    }
    let good =
        format!("\"}}\n{{\"id\":\"after\",\"date\":\"2019-05-01\",\"text\":\"{REPORT}\"}}\n");
    stdin.write_all(good.as_bytes()).unwrap();
    stdin.flush().unwrap();
    // The child has read all but a pipe's worth: its peak so far is the line's.
    std::thread::sleep(std::time::Duration::from_millis(500));
    let peak = peak_memory(child.id());
    drop(stdin);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(300);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(std::time::Instant::now() < deadline, "code did not finish");
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let (out, err) = (out.join().unwrap(), err.join().unwrap());
    assert_eq!(status.code(), Some(1), "{err}");
    let size = head.len() + GIB + 2;
    assert!(
        err.contains(&format!(
            "stdin: line 1: line of {size} bytes is larger than the"
        )),
        "{err}"
    );
    assert!(out.contains("\"doc_id\":\"after\""), "{out}");
    assert!(
        peak < 300 << 20,
        "peak memory {} MB for a 1 GB line",
        peak >> 20
    );
}

#[test]
fn an_oversized_document_is_reported_with_its_size() {
    let dir = tempdir("oversized");
    let size = 9 * 1024 * 1024;
    std::fs::write(dir.join("big.txt"), "a".repeat(size)).unwrap();
    let o = run(&["code", dir.join("big.txt").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(&format!("document of {size} bytes is larger than")),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_byte_order_mark_on_stdin_and_an_empty_jsonl_file() {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = demarche()
        .args(["code", "--format", "jsonl", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let line =
        format!("\u{feff}{{\"id\":\"bom-1\",\"date\":\"2019-05-01\",\"text\":\"{REPORT}\"}}\n");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(line.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(doc_ids(&o), ["bom-1"]);

    let dir = tempdir("empty-jsonl");
    std::fs::write(dir.join("e.jsonl"), "\n\n").unwrap();
    let o = run(&["code", dir.join("e.jsonl").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "an empty .jsonl is no success");
    assert!(
        stderr(&o).contains("e.jsonl: whole input: no JSON Lines record"),
        "{}",
        stderr(&o)
    );
}

const FEED: &str = r#"<?xml version="1.0"?>
<rss version="2.0"><channel><title>Harbour Times</title>
<item><title>Strikes condemned</title><guid>item-1</guid><pubDate>Tue, 07 Mar 2017 10:00:00 GMT</pubDate>
<description>&lt;p&gt;Germany condemned Russia over the strikes on Monday.&lt;/p&gt;</description></item>
<item><title>Broken</title><description>unclosed <b>markup</description></item>
<item><title>Talks praised</title><guid>item-3</guid><pubDate>Wed, 08 Mar 2017 10:00:00 GMT</pubDate>
<description>France praised Egypt for its role in the talks.</description></item>
</channel></rss>
"#;

fn warc_record(uri: &str, body: &str, length: usize) -> String {
    format!(
        "WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: {uri}\r\n\
         WARC-Date: 2017-03-09T12:00:00Z\r\nContent-Type: text/html\r\n\
         Content-Length: {length}\r\n\r\n{body}\r\n\r\n"
    )
}

fn warc() -> String {
    let one = format!("<p>{REPORT}</p>");
    let two = "<p>Broken record.</p>";
    let three = "<p>France praised Egypt for its role in the talks.</p>";
    [
        warc_record("https://example.org/1", &one, one.len()),
        // A Content-Length short of the body: a framing error.
        warc_record("https://example.org/2", two, 5),
        warc_record("https://example.org/3", three, three.len()),
    ]
    .concat()
}

#[test]
fn code_reads_feeds_and_warc_by_their_content_not_as_plain_text() {
    use std::io::Write;
    use std::process::Stdio;
    let dir = tempdir("code-feeds");
    std::fs::write(dir.join("news.xml"), FEED).unwrap();
    std::fs::write(dir.join("crawl"), warc()).unwrap();
    let o = run(&[
        "code",
        "--format",
        "jsonl",
        dir.join("news.xml").to_str().unwrap(),
        dir.join("crawl").to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "one item and one record are broken"
    );
    assert_eq!(
        doc_ids(&o),
        [
            "item-1",
            "item-3",
            "https://example.org/1",
            "https://example.org/3"
        ]
    );
    for e in jsonl(&stdout(&o)) {
        let words = e["evidence"].to_string();
        assert!(!words.contains('<') && !words.contains("&lt;"), "{words}");
    }
    let err = stderr(&o);
    assert!(
        err.contains("news.xml: line 5: feed item 2 unreadable"),
        "{err}"
    );
    assert!(err.contains("crawl: byte "), "{err}");

    // The same feed on stdin.
    let mut child = demarche()
        .args(["code", "--format", "jsonl", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(FEED.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(doc_ids(&o), ["item-1", "item-3"], "{}", stderr(&o));
}

#[test]
fn ingest_keeps_the_good_items_of_a_broken_feed_and_the_records_after_a_framing_error() {
    let dir = tempdir("ingest-broken");
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::write(docs.join("news.rss"), FEED).unwrap();
    std::fs::write(docs.join("crawl.warc"), warc()).unwrap();
    let o = ingest(&dir.join("s.db"), &[&docs], 120);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(summary(&o, "stored"), 4);
    assert_eq!(summary(&o, "failed"), 2);
}

#[test]
fn logs_written_to_a_file_hold_no_colour_codes() {
    let dir = tempdir("log-colour");
    std::fs::write(dir.join("a.txt"), REPORT).unwrap();
    let o = demarche()
        .env("DEMARCHE_LOG", "info")
        .arg("code")
        .arg(dir.join("a.txt"))
        .output()
        .unwrap();
    assert!(o.status.success());
    let err = stderr(&o);
    assert!(err.contains("done"), "a log line is written: {err}");
    assert!(!err.contains('\u{1b}'), "colour codes in {err:?}");
}

/// Wall time of `demarche code` on one file (knowledge loading included).
fn coding_time(file: &Path) -> std::time::Duration {
    let started = std::time::Instant::now();
    let o = output_within(
        demarche().args(["code", "--date", "2023-07-25"]).arg(file),
        600,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    started.elapsed()
}

/// The issue asks for this bound explicitly: coding time linear in document length.
#[test]
fn coding_an_8_mb_document_takes_at_most_four_times_as_long_as_2_mb() {
    let dir = tempdir("coding-time");
    let report = std::fs::read_to_string(repo().join("examples/report.txt")).unwrap();
    let write = |name: &str, size: usize| {
        let mut text = String::with_capacity(size + report.len());
        while text.len() + report.len() + 2 < size {
            text.push_str(&report);
            text.push_str("\n\n");
        }
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let small = write("2mb.txt", 2_000_000);
    let large = write("8mb.txt", 8_000_000);
    // The best of three of each: linear work makes the ratio just under 4
    // (start-up is shared), so a busy moment on a shared machine must not
    // decide it. Quadratic work, as before the fix, made it 15 or more.
    let t2 = (0..3).map(|_| coding_time(&small)).min().unwrap();
    let mut t8 = coding_time(&large);
    for _ in 0..2 {
        if t8 <= 4 * t2 {
            break;
        }
        t8 = t8.min(coding_time(&large));
    }
    assert!(t8 <= 4 * t2, "2 MB: {t2:?}, 8 MB: {t8:?}");
}
