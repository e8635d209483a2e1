//! `export --format parquet` read back by an outside engine: PyPI `pyarrow`, in
//! a virtualenv made on first use under the target directory (`.ci/run` makes
//! it beforehand). Without python3, or where pyarrow cannot be installed, the
//! tests are skipped with the reason; with `CI=true` they fail.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use demarche_store::{EventStore, SqliteStore};
use serde_json::Value;

fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// Skips (returns `None`) with `reason` printed, or fails under CI.
fn unavailable<T>(reason: String) -> Option<T> {
    if ci() {
        panic!("{reason}, and CI=true requires pyarrow");
    }
    eprintln!("skipped: {reason}");
    None
}

/// The virtualenv's python, with pyarrow importable: `target/tmp/pyarrow-venv`,
/// made (python3 -m venv, pip install pyarrow) when it is missing and kept
/// for later runs.
fn pyarrow_python() -> Option<PathBuf> {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let venv = tmp.join("pyarrow-venv");
    let venv_python = venv.join("bin/python");
    // The tests of this process make it one at a time (the directory below is
    // named by process, not by thread).
    static MAKING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one = MAKING.lock().unwrap_or_else(|e| e.into_inner());
    let works = |python: &Path| {
        Command::new(python)
            .args(["-c", "import pyarrow.parquet"])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if works(&venv_python) {
        return Some(venv_python);
    }
    let Some(py) = python() else {
        return unavailable("python3 not found".into());
    };
    // Made under a name of its own and renamed into place, so that two test
    // processes at once never share a half-made one.
    let building = tmp.join(format!("pyarrow-venv.{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&building);
    let o = output_within(Command::new(py).arg("-m").arg("venv").arg(&building), 120);
    if !o.status.success() {
        return unavailable(format!(
            "python3 -m venv failed (Debian: apt-get install python3-venv): {}",
            stderr(&o).trim()
        ));
    }
    let o = output_within(
        Command::new(building.join("bin/python"))
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
            ])
            .arg("pyarrow"),
        600,
    );
    if !o.status.success() {
        let _ = std::fs::remove_dir_all(&building);
        return unavailable(format!(
            "pip install pyarrow failed (no access to PyPI?): {}",
            stderr(&o).trim()
        ));
    }
    if std::fs::rename(&building, &venv).is_err() {
        // Another test process finished first; use its virtualenv.
        let _ = std::fs::remove_dir_all(&building);
    }
    if works(&venv_python) {
        Some(venv_python)
    } else {
        unavailable(format!("{} cannot import pyarrow", venv_python.display()))
    }
}

/// What pyarrow reads from a Parquet file: rows, row groups, schema
/// (name, type, nullable), each field's description, demarche's metadata, whether the first row group's
/// columns carry min/max statistics, and every row (dates as ISO strings).
const READ: &str = r#"
import json, sys
import pyarrow.parquet as pq
f = pq.ParquetFile(sys.argv[1])
table = f.read()
meta = f.metadata
print(json.dumps({
    "rows": table.num_rows,
    "row_groups": meta.num_row_groups,
    "schema": [[field.name, str(field.type), field.nullable] for field in table.schema],
    "descriptions": {field.name: (field.metadata or {}).get(b"description", b"").decode()
                     for field in table.schema},
    "metadata": {k.decode(): v.decode() for k, v in (meta.metadata or {}).items()
                 if k.startswith(b"demarche")},
    "statistics": [[s.has_min_max, s.null_count] if s is not None else None
                   for s in (meta.row_group(0).column(i).statistics
                             for i in range(meta.num_columns))] if meta.num_row_groups else [],
    "data": table.to_pylist(),
}, default=lambda v: v.isoformat()))
"#;

fn read_with_pyarrow(python: &Path, file: &Path) -> Value {
    let o = output_within(Command::new(python).args(["-c", READ]).arg(file), 300);
    assert!(o.status.success(), "pyarrow failed: {}", stderr(&o));
    serde_json::from_str(&stdout(&o)).expect("JSON from the reader")
}

fn ingest(store: &Path, args: &[&str]) {
    let o = output_within(
        demarche()
            .arg("ingest")
            .arg("--store")
            .arg(store)
            .args(args),
        600,
    );
    assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
}

fn export(store: &Path, format: &str, out: &Path) -> std::process::Output {
    output_within(
        demarche()
            .args(["export", "--store"])
            .arg(store)
            .args(["--format", format, "--out"])
            .arg(out),
        600,
    )
}

/// A feed with links, titles and dates (the `url`, `title` and `published` columns).
const FEED: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Harbour Ledger</title><link>https://ledger.example</link>
<description>World news</description>
<item><title>Ministers meet</title><link>https://ledger.example/2017/03/meet</link>
<guid>ledger-meet</guid><pubDate>Thu, 09 Mar 2017 08:00:00 GMT</pubDate>
<description>&lt;p&gt;The Japanese prime minister met the Chinese foreign minister in Beijing.&lt;/p&gt;</description></item>
<item><title>Aid pledged</title><link>https://ledger.example/2017/03/aid</link>
<guid>ledger-aid</guid><pubDate>Fri, 10 Mar 2017 08:00:00 GMT</pubDate>
<description>France praised Egypt for its role in the talks.</description></item>
</channel></rss>
"#;

/// Two wires reporting one accusation (one event, two articles, two outlets).
fn wires() -> String {
    [
        serde_json::json!({"id": "wire-1", "date": "2017-03-08", "source": "Harbour Ledger",
            "text": "Turkey's foreign minister accused Russia of breaking the ceasefire on Tuesday, the ministry said."}),
        serde_json::json!({"id": "wire-2", "date": "2017-03-08", "source": "Valley Post",
            "text": "On Tuesday Turkey's foreign minister accused Russia of breaking the ceasefire."}),
    ]
    .iter()
    .map(|l| format!("{l}\n"))
    .collect()
}

/// The first day of a stored date (`2023-07` -> `2023-07-01`).
fn first_day(date: &str) -> String {
    match date.len() {
        4 => format!("{date}-01-01"),
        7 => format!("{date}-01"),
        _ => date.to_string(),
    }
}

/// Every Parquet row holds what the JSON Lines export says of the same event.
fn assert_rows_match_jsonl(rows: &[Value], jsonl_events: &[Value]) {
    assert_eq!(rows.len(), jsonl_events.len());
    for (r, e) in rows.iter().zip(jsonl_events) {
        let id = &e["id"];
        assert_eq!(&r["id"], id);
        let f = &e["first"];
        let date = e["date"].as_str().unwrap();
        if !date.is_empty() {
            assert_eq!(r["date"], first_day(date), "event {id}");
        } else if let Some(p) = f["published"].as_str() {
            assert_eq!(r["date"], p, "event {id}: the publication day");
            assert_eq!(r["date_precision"], "publication");
        }
        for side in ["source", "target"] {
            assert_eq!(r[side], e[side]["code"], "event {id}");
            for field in ["sector", "name", "kind", "country"] {
                assert_eq!(
                    r[format!("{side}_{field}")],
                    e[side][field],
                    "event {id} {side} {field}"
                );
            }
        }
        for field in [
            "code",
            "root",
            "plover",
            "plover_mode",
            "goldstein",
            "quad_class",
            "num_mentions",
            "num_sources",
            "num_articles",
        ] {
            assert_eq!(r[field], e[field], "event {id} {field}");
        }
        assert_eq!(
            r["first_seen"],
            e["first_seen"].as_str().unwrap().replace('Z', "+00:00"),
            "event {id}"
        );
        for field in [
            "doc_id",
            "url",
            "outlet",
            "title",
            "published",
            "sentence",
            "source_text",
            "event_text",
            "target_text",
        ] {
            assert_eq!(r[field], f[field], "event {id} {field}");
        }
        for (i, part) in ["source", "event", "target"].iter().enumerate() {
            assert_eq!(r[format!("{part}_start")], f["spans"][i][0], "event {id}");
            assert_eq!(r[format!("{part}_end")], f["spans"][i][1], "event {id}");
        }
    }
}

#[test]
#[cfg_attr(
    not(python),
    ignore = "needs python3 (for a virtualenv with pyarrow); set CI=true to require it"
)]
fn pyarrow_reads_the_parquet_export_of_an_ingested_store() {
    let Some(python) = pyarrow_python() else {
        return;
    };
    let dir = tempdir("parquet-pyarrow");
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::copy(repo().join("examples/report.txt"), docs.join("report.txt")).unwrap();
    std::fs::write(docs.join("ledger.rss"), FEED).unwrap();
    std::fs::write(docs.join("wire.jsonl"), wires()).unwrap();
    let store = dir.join("events.db");
    ingest(&store, &["--date", "2023-07-25", docs.to_str().unwrap()]);
    let events = SqliteStore::open_existing(&store)
        .unwrap()
        .counts()
        .unwrap()
        .events;
    assert!(events >= 8, "{events} events");

    let file = dir.join("events.parquet");
    let o = export(&store, "parquet", &file);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!("{events} events written")),
        "{}",
        stderr(&o)
    );
    // Nothing but the file is left beside it.
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("parquet"))
        .collect();
    assert_eq!(left, ["events.parquet"]);

    let read = read_with_pyarrow(&python, &file);
    assert_eq!(read["rows"], events);
    assert_eq!(read["row_groups"], 1);
    assert_eq!(read["metadata"]["demarche.schema"], "1");
    let description = read["descriptions"]["goldstein"].as_str().unwrap();
    assert!(description.starts_with("Goldstein weight"), "{description}");
    let schema: Vec<(String, String, bool)> = read["schema"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c[0].as_str().unwrap().to_string(),
                c[1].as_str().unwrap().to_string(),
                c[2].as_bool().unwrap(),
            )
        })
        .collect();
    let names: Vec<&str> = schema.iter().map(|c| c.0.as_str()).collect();
    assert_eq!(&names[..4], ["id", "date", "date_end", "date_precision"]);
    assert_eq!(names.len(), 39);
    let column = |name: &str| {
        schema
            .iter()
            .find(|c| c.0 == name)
            .map(|c| (c.1.as_str(), c.2))
            .unwrap_or_else(|| panic!("no column {name} in {names:?}"))
    };
    assert_eq!(column("id"), ("int64", false));
    assert_eq!(column("date"), ("date32[day]", true));
    assert_eq!(column("code"), ("string", false));
    assert_eq!(column("goldstein"), ("double", false));
    assert_eq!(column("quad_class"), ("int8", false));
    assert_eq!(column("num_mentions"), ("int64", false));
    assert_eq!(column("first_seen"), ("timestamp[us, tz=UTC]", true));
    assert_eq!(column("url"), ("string", true));
    assert_eq!(column("published"), ("date32[day]", true));
    // Every column has statistics: a null count, and a minimum and maximum
    // unless all its values are null (`plover_mode` may be). `goldstein`'s are
    // in the IEEE 754 total order (parquet 60 writes floats so), which this
    // pyarrow does not know and so skips; the parquet crate reads them (unit test).
    for (c, s) in names.iter().zip(read["statistics"].as_array().unwrap()) {
        let all_null = s[1] == events;
        assert!(
            s[0] == true || all_null || *c == "goldstein",
            "{c}: statistics {s}"
        );
        assert!(s[1].is_u64(), "{c}: a null count {s}");
    }

    let rows = read["data"].as_array().unwrap();
    // Known events, as the coder finds them in these reports.
    let find = |source: &str, target: &str, root: &str| -> &Value {
        rows.iter()
            .find(|r| r["source"] == source && r["target"] == target && r["root"] == root)
            .unwrap_or_else(|| panic!("no {source} -> {target} {root} in {rows:#?}"))
    };
    let accusation = find("TUR", "RUS", "11");
    assert_eq!(accusation["code"], "112");
    assert_eq!(accusation["plover"], "ACCUSE");
    assert_eq!(accusation["goldstein"], -2.0);
    assert_eq!(accusation["quad_class"], 3);
    assert_eq!(
        accusation["date"], "2017-03-07",
        "the Tuesday before 2017-03-08"
    );
    assert_eq!(accusation["date_precision"], "day");
    assert_eq!(accusation["num_articles"], 2);
    assert_eq!(accusation["num_sources"], 2);
    assert_eq!(accusation["event_text"], "accused");
    let praise = find("FRA", "EGY", "05");
    assert_eq!(praise["url"], "https://ledger.example/2017/03/aid");
    assert_eq!(praise["title"], "Aid pledged");
    assert_eq!(praise["published"], "2017-03-10");
    assert_eq!(praise["outlet"], "Harbour Ledger");
    // The report of the README: codes keep their leading zero.
    let urged = find("TUR", "RUS", "02");
    assert_eq!(urged["code"], "020");
    assert_eq!(urged["event_text"], "urged");
    assert_eq!(urged["date"], "2023-07-25", "{urged}");
    assert_eq!(find("JPN", "CHN", "04")["code"], "040");

    // Every row agrees with the JSON Lines export of the same store.
    let jsonl_file = dir.join("events.jsonl");
    let o = export(&store, "jsonl", &jsonl_file);
    assert!(o.status.success(), "{}", stderr(&o));
    let jsonl_events = jsonl(&std::fs::read_to_string(&jsonl_file).unwrap());
    assert_rows_match_jsonl(rows, &jsonl_events);
}

#[test]
fn parquet_needs_a_file_and_a_failed_export_leaves_none() {
    let dir = tempdir("parquet-fail");
    let store = dir.join("events.db");
    std::fs::write(
        dir.join("one.txt"),
        "Iran threatened Israel with retaliation.\n",
    )
    .unwrap();
    ingest(
        &store,
        &[
            "--date",
            "2020-01-02",
            dir.join("one.txt").to_str().unwrap(),
        ],
    );
    // Not to standard output: a Parquet file ends with its index.
    let o = output_within(
        demarche()
            .args(["export", "--format", "parquet", "--store"])
            .arg(&store),
        120,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--out"), "{}", stderr(&o));
    // A destination that is a directory: the finished file cannot be moved
    // there, and the temporary file is gone.
    let taken = dir.join("taken.parquet");
    std::fs::create_dir(&taken).unwrap();
    std::fs::write(taken.join("keep"), "").unwrap();
    let o = export(&store, "parquet", &taken);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("taken.parquet"), "{}", stderr(&o));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("events.db"))
        .collect();
    names.sort();
    assert_eq!(names, ["one.txt", "taken.parquet"]);
    // An existing file is replaced whole.
    let out = dir.join("events.parquet");
    std::fs::write(&out, "not parquet").unwrap();
    let o = export(&store, "parquet", &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"));
}

/// Rows of a Parquet file, by the parquet crate's reader (no python needed).
fn parquet_rows(file: &Path) -> Vec<(String, String)> {
    use arrow_array::cast::AsArray;
    let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(
        std::fs::File::open(file).unwrap(),
    )
    .unwrap()
    .build()
    .unwrap();
    let mut rows = Vec::new();
    for batch in reader {
        let batch = batch.unwrap();
        let source = batch.column_by_name("source").unwrap().as_string::<i32>();
        let code = batch.column_by_name("code").unwrap().as_string::<i32>();
        for i in 0..batch.num_rows() {
            rows.push((source.value(i).to_string(), code.value(i).to_string()));
        }
    }
    rows
}

#[test]
fn export_takes_the_filters_of_query() {
    let dir = tempdir("parquet-filters");
    std::fs::copy(repo().join("examples/report.txt"), dir.join("report.txt")).unwrap();
    let store = dir.join("events.db");
    ingest(
        &store,
        &[
            "--date",
            "2023-07-25",
            dir.join("report.txt").to_str().unwrap(),
        ],
    );
    let file = dir.join("russia.parquet");
    // A name, read as the actor's code, as in `query`.
    let o = output_within(
        demarche()
            .args([
                "export", "--format", "parquet", "--source", "Russia", "--code", "1", "--store",
            ])
            .arg(&store)
            .arg("--out")
            .arg(&file),
        120,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("read as RUS"), "{}", stderr(&o));
    let rows = parquet_rows(&file);
    assert_eq!(
        rows,
        [
            ("RUS".to_string(), "120".to_string()),
            ("RUS".into(), "125".into())
        ]
    );
    // The same filters in another format keep the same events.
    let o = output_within(
        demarche()
            .args([
                "export", "--format", "csv", "--source", "RUS", "--code", "1", "--store",
            ])
            .arg(&store),
        120,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 1 + rows.len());
    // A filter that cannot be read is an error naming the flag, and writes nothing.
    let bad = dir.join("bad.parquet");
    let o = output_within(
        demarche()
            .args([
                "export", "--format", "parquet", "--from", "2017-13", "--store",
            ])
            .arg(&store)
            .arg("--out")
            .arg(&bad),
        120,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--from 2017-13"), "{}", stderr(&o));
    assert!(!bad.exists());
}

#[test]
#[cfg_attr(
    not(shared_data),
    ignore = "needs ../shared (gold data and corpora); set CI=true to require it"
)]
#[cfg_attr(
    not(python),
    ignore = "needs python3 (for a virtualenv with pyarrow); set CI=true to require it"
)]
fn pyarrow_reads_the_export_of_the_news_corpus() {
    let Some(shared) = shared() else { return };
    let Some(python) = pyarrow_python() else {
        return;
    };
    let dir = tempdir("parquet-news");
    let store = dir.join("news.db");
    let corpus = shared.join("corpora/news-articles-2017/news_articles_2017.jsonl");
    ingest(&store, &[corpus.to_str().unwrap()]);
    let events = SqliteStore::open_existing(&store)
        .unwrap()
        .counts()
        .unwrap()
        .events;
    assert!(events > 1_000, "{events} events");
    let file = dir.join("news.parquet");
    let o = export(&store, "parquet", &file);
    assert!(o.status.success(), "{}", stderr(&o));
    let read = read_with_pyarrow(&python, &file);
    assert_eq!(read["rows"], events);
    let jsonl_file = dir.join("news.jsonl");
    let o = export(&store, "jsonl", &jsonl_file);
    assert!(o.status.success(), "{}", stderr(&o));
    let jsonl_events = jsonl(&std::fs::read_to_string(&jsonl_file).unwrap());
    assert_rows_match_jsonl(read["data"].as_array().unwrap(), &jsonl_events);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The same reports ingested into SQLite and into PostgreSQL export the same
/// rows: pyarrow reads as many from each, and the same events (by date,
/// actors, code, counts and words; ids and first-seen times are each store's own).
#[test]
#[cfg_attr(
    not(python),
    ignore = "needs python3 (for a virtualenv with pyarrow); set CI=true to require it"
)]
fn parquet_from_postgresql_holds_the_rows_of_sqlite() {
    let Some(url) = demarche_store::testing::postgres_url("parquet_both") else {
        return;
    };
    let Some(python) = pyarrow_python() else {
        return;
    };
    let dir = tempdir("parquet-both");
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::copy(repo().join("examples/report.txt"), docs.join("report.txt")).unwrap();
    std::fs::write(docs.join("ledger.rss"), FEED).unwrap();
    std::fs::write(docs.join("wire.jsonl"), wires()).unwrap();
    let sqlite = dir.join("events.db");
    let postgres = PathBuf::from(&url);
    let mut read = Vec::new();
    for (store, name) in [(&sqlite, "sqlite.parquet"), (&postgres, "postgres.parquet")] {
        ingest(store, &["--date", "2023-07-25", docs.to_str().unwrap()]);
        let file = dir.join(name);
        let o = export(store, "parquet", &file);
        assert!(o.status.success(), "{}", stderr(&o));
        read.push(read_with_pyarrow(&python, &file));
    }
    let events = SqliteStore::open_existing(&sqlite)
        .unwrap()
        .counts()
        .unwrap()
        .events;
    assert!(events >= 8, "{events} events");
    assert_eq!(read[0]["rows"], events);
    assert_eq!(read[1]["rows"], events);
    assert_eq!(read[0]["schema"], read[1]["schema"]);
    let keyed = |r: &Value| {
        let mut rows: Vec<String> = r["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| {
                let mut row = row.clone();
                let o = row.as_object_mut().unwrap();
                o.remove("id");
                o.remove("first_seen");
                row.to_string()
            })
            .collect();
        rows.sort();
        rows
    };
    assert_eq!(keyed(&read[0]), keyed(&read[1]));
    let _ = std::fs::remove_dir_all(&dir);
}
