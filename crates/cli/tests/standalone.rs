//! The binary on its own: copied into an empty folder on another path, with no
//! data directory anywhere near it, it codes, serves and tracks forums from the
//! knowledge built into it, and no output names a path of the machine that built it.

mod common;
mod web;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::{repo, stderr, stdout, tempdir};

/// The binary copied into `dir/bin`, run from `dir` with no data settings.
fn copied_binary(dir: &Path) -> PathBuf {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let exe = bin.join("demarche");
    std::fs::copy(env!("CARGO_BIN_EXE_demarche"), &exe).unwrap();
    // A process another test forks while the copy is open for writing keeps the
    // file open until it runs its own program: running the copy then fails with
    // "text file busy" for a moment. Wait that moment out (2 s at most).
    for _ in 0..100 {
        match Command::new(&exe).arg("--version").output() {
            Err(e) if e.raw_os_error() == Some(26) => {
                std::thread::sleep(std::time::Duration::from_millis(20))
            }
            _ => break,
        }
    }
    exe
}

fn alone(exe: &Path, dir: &Path) -> Command {
    let mut c = Command::new(exe);
    c.current_dir(dir).env_remove("DEMARCHE_DATA");
    c
}

/// No path of the source tree (where the build's data lives) in `text`.
fn no_build_path(what: &str, text: &str) {
    let tree = repo();
    for p in [
        tree.display().to_string(),
        env!("CARGO_MANIFEST_DIR").to_string(),
    ] {
        assert!(!text.contains(&p), "{what} names {p}:\n{text}");
    }
}

fn ok(what: &str, o: &Output) -> String {
    assert!(o.status.success(), "{what} failed: {}", stderr(o));
    no_build_path(what, &stdout(o));
    no_build_path(what, &stderr(o));
    stdout(o)
}

#[test]
fn a_copied_binary_codes_serves_and_tracks_forums_with_its_own_knowledge() {
    let dir = tempdir("standalone");
    let exe = copied_binary(&dir);
    let report = dir.join("report.txt");
    std::fs::copy(repo().join("examples/report.txt"), &report).unwrap();

    // code
    let o = alone(&exe, &dir)
        .args([
            "code",
            "--date",
            "2023-07-25",
            "--format",
            "jsonl",
            "report.txt",
        ])
        .output()
        .unwrap();
    let events = common::jsonl(&ok("code", &o));
    assert!(events.len() >= 3, "{} events", events.len());

    // forum: the record is named relative to the data directory.
    let nrc = dir.join("nrc.txt");
    std::fs::write(
        &nrc,
        "Envoys meet again\n\nThe NATO-Russia Council met in Brussels on 6 July 2019, \
         its first session in months.",
    )
    .unwrap();
    let o = alone(&exe, &dir)
        .args([
            "forum",
            "NRC",
            "--as-of",
            "2019-08-01",
            "--format",
            "json",
            "nrc.txt",
        ])
        .output()
        .unwrap();
    let j: serde_json::Value = serde_json::from_str(&ok("forum", &o)).unwrap();
    assert_eq!(j["last_meeting"], "2019-07-06", "{j:#}");
    let record = j["record"].as_str().unwrap();
    assert!(record.starts_with("data/forums.tsv:"), "{record}");

    // serve: ingest the reports, then read a forum page and the events API.
    let store = dir.join("events.db");
    let o = alone(&exe, &dir)
        .args(["ingest", "--store", "events.db", "--date", "2019-08-01"])
        .args(["report.txt", "nrc.txt"])
        .output()
        .unwrap();
    ok("ingest", &o);
    let mut child = alone(&exe, &dir)
        .arg("serve")
        .arg("--store")
        .arg(&store)
        .args(["--addr", "127.0.0.1:0"])
        .env_remove("DEMARCHE_TOKEN")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .strip_prefix("listening on ")
        .and_then(|r| r.split_whitespace().next())
        .map(String::from);
    let result = std::panic::catch_unwind(|| {
        let url = url.expect("serve prints its address");
        let page = web::get(&format!("{url}/forums/NRC?as_of=2019-08-01"));
        assert_eq!(page.status, 200);
        assert!(page.body.contains("data/forums.tsv:"), "{}", page.body);
        no_build_path("the forum page", &page.body);
        let api = web::get(&format!("{url}/api/forums/NRC?as_of=2019-08-01"));
        no_build_path("the forum API", &api.body);
        let events = web::get(&format!("{url}/api/events")).json();
        assert!(!events["events"].as_array().unwrap().is_empty());
    });
    let _ = child.kill();
    let _ = child.wait();
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}

#[test]
fn the_built_in_data_exports_for_editing_and_loads_back() {
    let dir = tempdir("export");
    let exe = copied_binary(&dir);
    let o = alone(&exe, &dir)
        .args(["data", "export", "mine"])
        .output()
        .unwrap();
    ok("data export", &o);
    // The same files as the source tree's data/.
    for f in [
        "cameo/cameo.tsv",
        "forums.tsv",
        "actors/states.tsv",
        "README.md",
    ] {
        assert_eq!(
            std::fs::read_to_string(dir.join("mine").join(f)).unwrap(),
            std::fs::read_to_string(repo().join("data").join(f)).unwrap(),
            "{f}"
        );
    }
    let o = alone(&exe, &dir)
        .args(["--data", "mine", "check-data"])
        .output()
        .unwrap();
    assert!(ok("check-data", &o).contains("ok"));
    // An edit is what a later run sees; an error names the file inside the data directory.
    let states = dir.join("mine/actors/states.tsv");
    let mut text = std::fs::read_to_string(&states).unwrap();
    text.push_str("XYZ\tNowhere\t-\t-\t2001-13-01\t-\ttest\n");
    std::fs::write(&states, text).unwrap();
    let o = alone(&exe, &dir)
        .args(["--data", "mine", "check-data"])
        .output()
        .unwrap();
    assert!(!o.status.success());
    let out = stdout(&o);
    assert!(
        out.contains("data/actors/states.tsv:") && out.contains("2001-13-01"),
        "{out}"
    );
    no_build_path("check-data", &out);
    // A second export never overwrites the edited files.
    let o = alone(&exe, &dir)
        .args(["data", "export", "mine"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
}
