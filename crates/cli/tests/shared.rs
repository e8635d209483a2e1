//! Tests against `../shared`: the seed report, the gold scorer, the CAMEO
//! reference tables and the news corpus. Skipped with a reason where
//! `../shared` is absent; required when `CI=true`.

mod common;

use std::collections::HashMap;
use std::process::Command;

use common::*;

#[test]
#[cfg_attr(
    not(shared_data),
    ignore = "needs ../shared (gold data and corpora); set CI=true to require it"
)]
#[cfg_attr(not(python), ignore = "needs python3 to run ../shared/gold/score.py")]
fn seed_report_finds_every_required_event_without_false_positives() {
    let Some(shared) = shared() else { return };
    let Some(py) = python() else { return };
    let seed = shared.join("seed/000_b7a0f1df25b5c3d0.txt");
    // The seed's file name would be its doc id; the gold item is "seed-000".
    let o = run(&[
        "code",
        "--date",
        "2021-03-24",
        "--doc-id",
        "seed-000",
        "--format",
        "jsonl",
        seed.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let events = jsonl(&out);
    assert!(events.iter().all(|e| e["doc_id"] == "seed-000"), "{out}");
    let dir = tempdir("seed");
    let pred = dir.join("pred.jsonl");
    std::fs::write(&pred, &out).unwrap();
    let s = Command::new(py)
        .arg(shared.join("gold/score.py"))
        .arg(shared.join("gold/seed.jsonl"))
        .arg(&pred)
        .arg("--json")
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&s.stdout).expect("score.py --json");
    let has = |src: &str, root: &str| {
        events.iter().any(|e| {
            e["source"] == src
                && e["target"] == "RUS"
                && e["code"].as_str().unwrap().starts_with(root)
        })
    };
    assert!(has("DEU", "03"), "Maas's intent to talk with Russia: {out}");
    assert!(
        has("NATO", "11"),
        "Stoltenberg's accusation of Russia: {out}"
    );
    assert_eq!(v["fp"], 0, "no false positives: {out}\n{v}");
    assert_eq!(v["fn"], 0, "all required events: {out}\n{v}");
    // The last council talks are dated by the report, not by its publication.
    assert!(
        events.iter().any(|e| e["source"] == "NATO"
            && e["target"] == "RUS"
            && e["code"].as_str().unwrap().starts_with("04")
            && e["date"] == "2019-07"),
        "the July 2019 talks: {out}"
    );
}

#[test]
#[cfg_attr(
    not(shared_data),
    ignore = "needs ../shared (gold data and corpora); set CI=true to require it"
)]
#[cfg_attr(not(python), ignore = "needs python3 to run ../shared/gold/score.py")]
fn eval_agrees_with_score_py() {
    let Some(shared) = shared() else { return };
    let Some(py) = python() else { return };
    let dir = tempdir("eval");
    let pred = dir.join("pred.jsonl");
    let gold = shared.join("gold/dev.jsonl");
    let o = run(&[
        "eval",
        gold.to_str().unwrap(),
        "--by-tag",
        "--misses",
        "--predictions",
        pred.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let ours = stdout(&o);
    let theirs = Command::new(py)
        .arg(shared.join("gold/score.py"))
        .arg(&gold)
        .arg(&pred)
        .args(["--by-tag", "--misses"])
        .output()
        .unwrap();
    assert!(theirs.status.success());
    assert_eq!(
        ours,
        String::from_utf8_lossy(&theirs.stdout),
        "eval and score.py disagree"
    );
    assert!(ours.contains("precision="));
}

#[test]
#[cfg_attr(
    not(shared_data),
    ignore = "needs ../shared (gold data and corpora); set CI=true to require it"
)]
fn ontology_matches_the_published_cameo_tables() {
    let Some(shared) = shared() else { return };
    let k = demarche_knowledge::Knowledge::load(&repo().join("data")).expect("data loads");
    let dir = shared.join("reference/cameo");
    let read = |f: &str| String::from_utf8_lossy(&std::fs::read(dir.join(f)).unwrap()).into_owned();
    let goldstein: HashMap<String, f32> = read("goldstein-scale.tsv")
        .lines()
        .skip(1)
        .filter_map(|l| {
            let (c, w) = l.trim_end_matches('\r').split_once('\t')?;
            Some((c.to_string(), w.parse().ok()?))
        })
        .collect();
    let codes: Vec<String> = read("cameo-event-codes.tsv")
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .map(|c| c.trim().to_string())
        .filter(|c| c.len() >= 2 && c.bytes().all(|b| b.is_ascii_digit()))
        .collect();
    assert!(codes.len() > 290);
    for root in 1..=20 {
        assert!(
            k.ontology.get(&format!("{root:02}")).is_some(),
            "root {root:02}"
        );
    }
    let mut plover: HashMap<String, String> = HashMap::new();
    for line in read("cameo2plover-2021.txt").lines() {
        if line.starts_with('#') {
            continue;
        }
        if let Some((code, rest)) = line.split_once(':') {
            let kind = rest
                .split('#')
                .next()
                .unwrap()
                .split(',')
                .next()
                .unwrap()
                .trim()
                .to_string();
            plover.entry(code.trim().to_string()).or_insert(kind);
        }
    }
    for code in &codes {
        let ours = k
            .ontology
            .get(code)
            .unwrap_or_else(|| panic!("CAMEO code {code} missing"));
        let w = goldstein
            .get(code)
            .unwrap_or_else(|| panic!("no reference weight for {code}"));
        assert!(
            (ours.goldstein - w).abs() < 1e-6,
            "{code}: Goldstein {} vs {w}",
            ours.goldstein
        );
        assert!(!ours.plover.is_empty(), "{code} has no PLOVER type");
        if let Some(p) = plover.get(code) {
            assert_eq!(&ours.plover, p, "{code}: PLOVER type");
        }
    }
    // No codes beyond the published ones. (The published code list runs 106 into
    // 1056's line; the Goldstein table lists it on its own.)
    for c in k.ontology.codes() {
        assert!(
            codes.contains(&c.code) || goldstein.contains_key(&c.code),
            "{} is not a published CAMEO code",
            c.code
        );
    }
}

#[test]
#[cfg_attr(
    not(shared_data),
    ignore = "needs ../shared (gold data and corpora); set CI=true to require it"
)]
fn the_whole_news_corpus_codes_without_panic() {
    let Some(shared) = shared() else { return };
    let corpus = shared.join("corpora/news-articles-2017/news_articles_2017.jsonl");
    let o = run(&["code", "--format", "jsonl", corpus.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let events = jsonl(&stdout(&o));
    assert!(
        events.len() > 1000,
        "real news yields events: {}",
        events.len()
    );
    for e in &events {
        assert!(
            !e["source"].as_str().unwrap().is_empty() && !e["target"].as_str().unwrap().is_empty()
        );
    }
}
