//! The command-line contract, driven through the real binary.

mod common;

use common::*;

#[test]
fn shipped_data_passes_validation_with_counts() {
    let o = run(&["check-data"]);
    let out = stdout(&o);
    assert!(o.status.success(), "{out}\n{}", stderr(&o));
    assert!(out.contains("ok"));
    let count = |label: &str| -> usize {
        out.lines()
            .find(|l| l.starts_with(label))
            .and_then(|l| l.split_whitespace().last())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no {label} line in {out}"))
    };
    assert!(count("cameo codes") >= 300);
    assert!(count("states") >= 240);
    assert!(count("event patterns") >= 150);
    // PETRARCH2's lexicon (data/lexicon) and agents (data/actors/agents.tsv).
    assert!(count("verbs") >= 1500, "{out}");
    assert!(count("verb patterns") >= 4000, "{out}");
    assert!(count("synsets") >= 30, "{out}");
    assert!(count("agents") >= 4000, "{out}");
    assert!(count("discards") >= 300, "{out}");
}

#[test]
fn bad_data_is_reported_with_file_and_line() {
    let dir = tempdir("baddata");
    copy_dir(&repo().join("data"), &dir);
    std::fs::create_dir_all(dir.join("actors/people")).unwrap();
    std::fs::write(
        dir.join("actors/people/bad.tsv"),
        "name\tvariants\tcountry\tactor\tsector\trole\tfrom\tto\tsource\nJane Doe\t-\tXYZ\tXYZ\tGOV\thead_of_state\t2001\t2002\tx\nJohn Doe\t-\tDEU\tDEU\tGOV\thead_of_state\t2001-13-01\t-\tx\nJane Roe\t-\tDEU\tDEU\tGOV\tforeign_minister\t2020-01-01\t2020-06-01\tx\nJim Doe\t-\tDEU\tDEU\tGUV\tminister\t2020-01-01\t-\tx\n",
    )
    .unwrap();
    let patterns = dir.join("lexicon/verb-patterns.tsv");
    let mut text = std::fs::read_to_string(&patterns).unwrap();
    let pattern_line = text.lines().count() + 1;
    text.push_str("+fight back\t&nosuchset\t-\t-\t190\tx\n");
    std::fs::write(&patterns, text).unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_demarche"))
        .arg("--data")
        .arg(&dir)
        .arg("check-data")
        .output()
        .unwrap();
    let out = stdout(&o);
    assert!(!o.status.success());
    assert!(
        out.contains(&format!(
            "verb-patterns.tsv:{pattern_line}: synset &nosuchset is not in synsets.tsv"
        )),
        "{out}"
    );
    assert!(
        out.contains("bad.tsv:2: unknown country code \"XYZ\""),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.contains("DEU foreign_minister on dates that overlap")
                && l.contains("Jane Roe")
                && l.contains("bad.tsv:4")),
        "two holders of one office: {out}"
    );
    assert!(
        out.contains("bad.tsv:3: malformed date \"2001-13-01\""),
        "{out}"
    );
    assert!(
        out.contains("bad.tsv:5: unknown sector \"GUV\" (one of [\"GOV\""),
        "{out}"
    );
}

#[test]
fn example_report_codes_to_a_table_and_jsonl() {
    let example = repo().join("examples/report.txt");
    let o = run(&["code", "--date", "2023-07-25", example.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let table = stdout(&o);
    assert!(
        table.lines().next().unwrap().contains("source"),
        "a header line: {table}"
    );
    assert!(table.lines().count() >= 3, "events expected: {table}");

    let o = run(&[
        "code",
        "--date",
        "2023-07-25",
        "--format",
        "jsonl",
        example.to_str().unwrap(),
    ]);
    let events = jsonl(&stdout(&o));
    assert!(!events.is_empty());
    let text = std::fs::read_to_string(&example).unwrap();
    for e in &events {
        for field in [
            "doc_id",
            "sentence",
            "date",
            "source",
            "source_sector",
            "target",
            "target_sector",
            "code",
            "plover",
            "goldstein",
            "quad_class",
            "evidence",
        ] {
            assert!(e.get(field).is_some(), "{field} missing in {e}");
        }
        assert_eq!(e["doc_id"], "report.txt");
        // Evidence spans point into the file's own text.
        for part in ["source", "event", "target"] {
            let span = e["evidence"][part].as_array().unwrap();
            let (a, b) = (
                span[0].as_u64().unwrap() as usize,
                span[1].as_u64().unwrap() as usize,
            );
            assert!(a < b && b <= text.len());
            assert_eq!(&text[a..b], e["text"][part].as_str().unwrap());
        }
    }
    // The urging: Turkey (its president) appeals to Russia, dated by "on Tuesday".
    assert!(
        events.iter().any(|e| e["source"] == "TUR"
            && e["target"] == "RUS"
            && e["code"].as_str().unwrap().starts_with("02")
            && e["date"] == "2023-07-25"),
        "{events:#?}"
    );
    // The dateline's city is a place, never an actor.
    assert!(events
        .iter()
        .all(|e| e["evidence"]["source"][0].as_u64().unwrap() as usize
            > text.find("(Reuters)").unwrap()));

    let o = run(&[
        "code",
        "--date",
        "2023-07-25",
        "--format",
        "tsv",
        example.to_str().unwrap(),
    ]);
    let tsv = stdout(&o);
    let header: Vec<&str> = tsv.lines().next().unwrap().split('\t').collect();
    assert!(header.starts_with(&[
        "doc_id",
        "sentence",
        "date",
        "source",
        "source_sector",
        "target",
        "target_sector",
        "code"
    ]));
    assert!(tsv
        .lines()
        .skip(1)
        .all(|l| l.split('\t').count() == header.len()));
    // The evidence words themselves, beside their spans.
    assert!(header.ends_with(&["source_text", "event_text", "target_text", "rule"]));
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    for line in tsv.lines().skip(1) {
        let cells: Vec<&str> = line.split('\t').collect();
        let span: Vec<usize> = cells[col("source_span")]
            .split('-')
            .map(|n| n.parse().unwrap())
            .collect();
        assert_eq!(&text[span[0]..span[1]], cells[col("source_text")], "{line}");
        assert!(!cells[col("target_text")].is_empty(), "{line}");
    }
}

#[test]
fn stdin_and_html_inputs() {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = common::demarche()
        .args(["code", "--date", "2020-01-02", "--format", "jsonl", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Germany condemned Russia on Wednesday.\n")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    let ev = jsonl(&stdout(&o));
    assert!(
        ev.iter()
            .any(|e| e["source"] == "DEU" && e["target"] == "RUS" && e["doc_id"] == "stdin"),
        "{ev:?}"
    );

    let dir = tempdir("html");
    let page = dir.join("page.html");
    std::fs::write(&page, "<html><head><title>T</title><script>France attacked Spain.</script></head><body><nav>Menu</nav><article><p>France condemned Spain on Monday.</p></article></body></html>").unwrap();
    let o = run(&[
        "code",
        "--date",
        "2020-01-02",
        "--format",
        "jsonl",
        page.to_str().unwrap(),
    ]);
    let ev = jsonl(&stdout(&o));
    assert_eq!(ev.len(), 1, "only the article text is coded: {ev:?}");
    assert_eq!(
        (ev[0]["source"].as_str(), ev[0]["target"].as_str()),
        (Some("FRA"), Some("ESP"))
    );
    assert_eq!(ev[0]["code"].as_str().unwrap(), "111");
}

#[test]
fn doc_id_names_a_single_document_and_refuses_several() {
    let dir = tempdir("docid");
    let report = dir.join("report.txt");
    std::fs::write(&report, "Germany condemned Russia on Wednesday.\n").unwrap();
    let o = run(&[
        "code",
        "--date",
        "2020-01-02",
        "--doc-id",
        "item-7",
        "--format",
        "jsonl",
        report.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let ev = jsonl(&stdout(&o));
    assert!(
        !ev.is_empty() && ev.iter().all(|e| e["doc_id"] == "item-7"),
        "{ev:?}"
    );

    let many = dir.join("many.jsonl");
    std::fs::write(
        &many,
        "{\"id\":\"a\",\"text\":\"France condemned Spain.\"}\n{\"id\":\"b\",\"text\":\"Spain condemned France.\"}\n",
    )
    .unwrap();
    let o = run(&["code", "--doc-id", "x", many.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--doc-id"), "{}", stderr(&o));
}

#[test]
fn malformed_inputs_are_reported_and_the_rest_is_coded() {
    let dir = tempdir("malformed");
    let good = "{\"id\":\"ok-1\",\"date\":\"2019-05-01\",\"text\":\"Germany condemned Russia.\"}\n";
    std::fs::write(
        dir.join("mixed.jsonl"),
        format!(
            "{good}{{\"id\":\"cut\",\"text\":\"Fra\n{}",
            good.replace("ok-1", "ok-2")
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("latin1.txt"),
        b"France condemned Spain \xe9 on Monday.",
    )
    .unwrap();
    std::fs::write(dir.join("blob.bin"), [0x7fu8, b'E', b'L', b'F', 0, 0, 1, 2]).unwrap();
    std::fs::write(dir.join("empty.txt"), b"").unwrap();
    let huge = format!(
        "{{\"id\":\"huge\",\"text\":\"{}\"}}\n{}",
        "a".repeat(50 * 1024 * 1024),
        good.replace("ok-1", "ok-3")
    );
    std::fs::write(dir.join("huge.jsonl"), huge).unwrap();
    let files = [
        "mixed.jsonl",
        "latin1.txt",
        "blob.bin",
        "empty.txt",
        "huge.jsonl",
    ]
    .map(|f| dir.join(f).display().to_string());
    let mut args = vec!["code", "--format", "jsonl"];
    args.extend(files.iter().map(String::as_str));
    let o = run(&args);
    assert_eq!(
        o.status.code(),
        Some(1),
        "a failed document makes the exit status non-zero"
    );
    let err = stderr(&o);
    assert!(
        err.contains("mixed.jsonl: line 2: not a JSON document"),
        "{err}"
    );
    assert!(err.contains("latin1.txt: byte 23: invalid UTF-8"), "{err}");
    assert!(err.contains("blob.bin: byte 4: binary data"), "{err}");
    assert!(
        err.contains("empty.txt: whole input: empty document"),
        "{err}"
    );
    assert!(
        err.contains("huge.jsonl: line 1: line of 52428823 bytes is larger than"),
        "{err}"
    );
    let ids: Vec<String> = jsonl(&stdout(&o))
        .iter()
        .map(|e| e["doc_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["ok-1", "ok-2", "ok-3"]);
}

#[test]
fn a_missing_file_is_an_error_and_the_others_are_still_coded() {
    let dir = tempdir("missing");
    let ok = dir.join("ok.txt");
    std::fs::write(&ok, "Germany condemned Russia on Monday.").unwrap();
    let o = run(&[
        "code",
        "--date",
        "2020-01-02",
        "--format",
        "jsonl",
        "/nonexistent/x.txt",
        ok.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("/nonexistent/x.txt: whole input: cannot open"));
    assert_eq!(jsonl(&stdout(&o)).len(), 1);
}

#[test]
fn actor_resolves_on_a_date_and_says_when_it_cannot() {
    let o = run(&["actor", "--on", "2021-03-24", "--format", "json", "Kremlin"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        (v["actor"].as_str(), v["sector"].as_str()),
        (Some("RUS"), Some("GOV"))
    );
    let o = run(&["actor", "--on", "2021-03-24", "no such body"]);
    assert_eq!(o.status.code(), Some(1));
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = libflate::gzip::Encoder::new(Vec::new()).unwrap();
    e.write_all(bytes).unwrap();
    e.finish().into_result().unwrap()
}

#[test]
fn gzip_compressed_inputs_are_read_by_their_inner_name() {
    let dir = tempdir("gz");
    let lines = "{\"id\":\"a\",\"date\":\"2020-01-02\",\"text\":\"France condemned Spain on Monday.\"}\n\
                 {\"id\":\"b\",\"date\":\"2020-01-02\",\"text\":\"Spain condemned France on Monday.\"}\n";
    let packed = dir.join("news.jsonl.gz");
    std::fs::write(&packed, gzip(lines.as_bytes())).unwrap();
    let text = dir.join("report.txt.gz");
    std::fs::write(&text, gzip(b"Germany condemned Russia on Wednesday.\n")).unwrap();
    let o = run(&[
        "code",
        "--format",
        "jsonl",
        packed.to_str().unwrap(),
        text.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let ev = jsonl(&stdout(&o));
    let ids: Vec<&str> = ev.iter().map(|e| e["doc_id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"a") && ids.contains(&"b"), "{ids:?}");
    assert!(
        ev.iter()
            .any(|e| e["source"] == "DEU" && e["target"] == "RUS"),
        "{ev:?}"
    );
    // Bytes that are not gzip under a .gz name: an error naming the file; the rest goes on.
    let bad = dir.join("broken.jsonl.gz");
    std::fs::write(&bad, lines).unwrap();
    let o = run(&[
        "code",
        "--format",
        "jsonl",
        bad.to_str().unwrap(),
        text.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("broken.jsonl.gz"), "{}", stderr(&o));
    assert!(stdout(&o).contains("\"RUS\""), "{}", stdout(&o));
}

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    use std::process::Stdio;
    let dir = tempdir("pipe");
    let many = dir.join("many.jsonl");
    let line =
        "{\"id\":\"x\",\"text\":\"France condemned Spain on Monday. Spain condemned France.\"}\n";
    std::fs::write(&many, line.repeat(5000)).unwrap();
    let mut child = common::demarche()
        .args([
            "code",
            "--date",
            "2020-01-02",
            "--format",
            "jsonl",
            many.to_str().unwrap(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read one line, then close the pipe, as `| head -1` does.
    {
        use std::io::BufRead;
        let out = child.stdout.take().unwrap();
        let mut first = String::new();
        std::io::BufReader::new(out).read_line(&mut first).unwrap();
        assert!(first.contains("\"doc_id\""), "{first}");
    }
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{:?} {}", o.status, stderr(&o));
    assert!(!stderr(&o).contains("Broken pipe"), "{}", stderr(&o));
}

#[test]
fn bench_api_prints_throughput_and_latency_for_each_number_of_connections() {
    let dir = tempdir("bench-api");
    let store = dir.join("bench.db");
    let o = output_within(
        demarche()
            .args(["bench-api", "--events", "2000", "--requests", "24"])
            .args(["--connections", "1,4", "--store"])
            .arg(&store),
        300,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for kind in [
        "dyad series, dyads as events occur",
        "dyad series, busiest dyad",
        "events of a dyad, first page of 50",
        "events, a page of 50 at offset < 10,000",
    ] {
        let rows: Vec<&str> = out.lines().filter(|l| l.starts_with(kind)).collect();
        assert_eq!(rows.len(), 2, "{kind}: {out}");
        for (row, conns) in rows.iter().zip([1, 4]) {
            let cols: Vec<f64> = row[42..]
                .split_whitespace()
                .map(|c| c.parse().unwrap())
                .collect();
            assert_eq!(cols[0], conns as f64, "{row}");
            assert!(cols[1] > 0.0, "requests/s in {row}");
            assert!(
                cols[2] <= cols[4] && cols[4] <= cols[5],
                "p50 <= p99 <= max in {row}"
            );
        }
    }
}

#[test]
fn coding_on_several_threads_gives_one_threads_events_in_input_order() {
    // More documents than one chunk, so that several chunks go through the pool.
    let dir = tempdir("threads");
    let input = dir.join("many.jsonl");
    let lines: Vec<String> = (0..150)
        .map(|i| {
            let text = match i % 3 {
                0 => "Canada expelled two Saudi diplomats on Monday.",
                1 => "Police in Nairobi arrested three opposition leaders on Tuesday.",
                _ => "The Chilean president criticised Bolivia on Wednesday.",
            };
            serde_json::json!({"id": format!("d{i}"), "date": "2019-05-02", "text": text})
                .to_string()
        })
        .collect();
    std::fs::write(&input, lines.join("\n")).unwrap();
    let code = |threads: &str| {
        let o = run(&[
            "code",
            "--format",
            "jsonl",
            "--threads",
            threads,
            input.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o)
    };
    let one = code("1");
    assert_eq!(one, code("2"));
    let ids: Vec<String> = jsonl(&one)
        .iter()
        .map(|e| e["doc_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 150, "{one}");
    assert_eq!(ids[0], "d0");
    assert_eq!(ids[149], "d149");
}
