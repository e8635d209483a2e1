//! `demarche eval`: code every gold item and score by the rule of `score.py`.
//!
//! The rule, restated: inside one item, gold and predicted events are reduced
//! to (source, target, CAMEO root) triples. A predicted triple is a true
//! positive when a gold triple has the same actors and its root is the root of
//! its code or of an alt code; optional gold events are never false negatives,
//! and a prediction matching one is neither a hit nor a false alarm. Exact-code
//! accuracy is the share of matches whose code is the gold code or an alt code
//! (a 4-digit prediction counts for a 3-digit gold code it extends).

use std::collections::{BTreeMap, HashSet};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use serde::Deserialize;

use demarche_coder::{Coder, RuleCoder};
use demarche_knowledge::Knowledge;

#[derive(Deserialize, Clone)]
pub struct GoldEvent {
    pub source: Option<String>,
    pub target: Option<String>,
    pub code: Option<String>,
    #[serde(default)]
    pub alt_codes: Vec<String>,
    #[serde(default)]
    pub optional: bool,
}

#[derive(Deserialize)]
pub struct GoldItem {
    pub id: String,
    pub date: Option<String>,
    pub text: String,
    #[serde(default)]
    pub events: Vec<GoldEvent>,
    #[serde(default)]
    pub tags: Vec<String>,
}

/// A prediction reduced to what the scoring reads.
#[derive(Clone, Debug)]
pub struct Prediction {
    pub doc_id: String,
    pub source: String,
    pub target: String,
    pub code: String,
}

#[derive(Default, Debug, Clone, PartialEq)]
pub struct Score {
    pub items: usize,
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    pub exact: usize,
    pub ignored: usize,
    pub per_tag: BTreeMap<String, (usize, usize, usize)>,
    pub misses: Vec<String>,
}

fn root(code: &str) -> String {
    let c = code.trim();
    c.chars().take(2).collect()
}

fn norm(actor: &str) -> String {
    actor.trim().to_uppercase()
}

fn code_ok(pred: &str, gold: &GoldEvent) -> bool {
    gold.code
        .iter()
        .chain(gold.alt_codes.iter())
        .any(|w| pred == w || (w.len() == 3 && pred.get(..3) == Some(w.as_str())))
}

pub fn score(gold: &[GoldItem], preds: &[Prediction]) -> Score {
    let ids: HashSet<&str> = gold.iter().map(|g| g.id.as_str()).collect();
    let mut by_doc: BTreeMap<&str, Vec<&Prediction>> = BTreeMap::new();
    let mut s = Score {
        items: gold.len(),
        ..Score::default()
    };
    for p in preds {
        if ids.contains(p.doc_id.as_str()) {
            by_doc.entry(p.doc_id.as_str()).or_default().push(p);
        } else {
            s.ignored += 1;
        }
    }
    for g in gold {
        let golds: Vec<(String, String, HashSet<String>, &GoldEvent)> = g
            .events
            .iter()
            .map(|e| {
                let mut roots: HashSet<String> = e.alt_codes.iter().map(|c| root(c)).collect();
                roots.insert(root(e.code.as_deref().unwrap_or("")));
                (
                    norm(e.source.as_deref().unwrap_or("")),
                    norm(e.target.as_deref().unwrap_or("")),
                    roots,
                    e,
                )
            })
            .collect();
        let mut seen = HashSet::new();
        let mut matched = HashSet::new();
        let (mut itp, mut ifp) = (0, 0);
        for p in by_doc.get(g.id.as_str()).map(Vec::as_slice).unwrap_or(&[]) {
            let key = (norm(&p.source), norm(&p.target), root(&p.code));
            if !seen.insert(key.clone()) {
                continue;
            }
            let hit = golds.iter().position(|(src, tgt, roots, _)| {
                *src == key.0 && *tgt == key.1 && roots.contains(&key.2)
            });
            let Some(hit) = hit else {
                ifp += 1;
                s.misses.push(format!(
                    "FP {} ('{}', '{}', '{}')",
                    g.id, key.0, key.1, key.2
                ));
                continue;
            };
            if golds[hit].3.optional {
                continue;
            }
            if matched.insert(hit) {
                itp += 1;
                if code_ok(&p.code, golds[hit].3) {
                    s.exact += 1;
                }
            }
        }
        let mut ifn = 0;
        for (i, (src, tgt, _, e)) in golds.iter().enumerate() {
            if !matched.contains(&i) && !e.optional {
                ifn += 1;
                s.misses.push(format!(
                    "FN {} ('{}', '{}', '{}')",
                    g.id,
                    src,
                    tgt,
                    e.code.as_deref().unwrap_or("")
                ));
            }
        }
        s.tp += itp;
        s.fp += ifp;
        s.fn_ += ifn;
        let tags: Vec<String> = if g.tags.is_empty() {
            vec!["untagged".into()]
        } else {
            g.tags.clone()
        };
        for t in tags {
            let e = s.per_tag.entry(t).or_default();
            e.0 += itp;
            e.1 += ifp;
            e.2 += ifn;
        }
    }
    s
}

pub fn prf(tp: usize, fp: usize, fn_: usize) -> (f64, f64, f64) {
    let p = if tp + fp > 0 {
        tp as f64 / (tp + fp) as f64
    } else {
        0.0
    };
    let r = if tp + fn_ > 0 {
        tp as f64 / (tp + fn_) as f64
    } else {
        0.0
    };
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

pub fn load_gold(path: &Path) -> Result<Vec<GoldItem>> {
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut items = Vec::new();
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("{}:{}: cannot read", path.display(), n + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let item: GoldItem = serde_json::from_str(&line)
            .with_context(|| format!("{}:{}: not a gold item", path.display(), n + 1))?;
        items.push(item);
    }
    Ok(items)
}

pub fn run(
    k: &Knowledge,
    gold_path: &Path,
    by_tag: bool,
    misses: bool,
    predictions: Option<&Path>,
) -> Result<ExitCode> {
    let gold = load_gold(gold_path)?;
    let coder = RuleCoder::new(k);
    let mut preds = Vec::new();
    let mut out_file = match predictions {
        Some(p) => Some(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => None,
    };
    for g in &gold {
        // Read as `code` reads a JSON Lines record: a dateline is no actor.
        let mut doc = demarche_ingest::read_record_text(&g.id, g.text.clone());
        doc.date = g
            .date
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        // (A bug that panics on one item costs that item its events, not the run.)
        for e in crate::parallel::guarded(&doc.id, || coder.code(&doc, None)) {
            if let Some(f) = out_file.as_mut() {
                serde_json::to_writer(&mut *f, &crate::output::record(&doc, &e))?;
                writeln!(f)?;
            }
            preds.push(Prediction {
                doc_id: e.doc_id,
                source: e.source.actor,
                target: e.target.actor,
                code: e.code.to_string(),
            });
        }
    }
    if let Some(mut f) = out_file {
        f.flush()?;
    }
    let s = score(&gold, &preds);
    print!("{}", report(&s, by_tag, misses));
    Ok(ExitCode::SUCCESS)
}

/// The figures, in the same layout as `score.py`.
pub fn report(s: &Score, by_tag: bool, misses: bool) -> String {
    let mut out = String::new();
    if by_tag {
        for (tag, &(tp, fp, fn_)) in &s.per_tag {
            out += &format!(
                "{tag:16} tp={tp:4} fp={fp:4} fn={fn_:4} f1={:.3}\n",
                prf(tp, fp, fn_).2
            );
        }
    }
    if misses {
        for m in &s.misses {
            out += m;
            out.push('\n');
        }
    }
    let (p, r, f) = prf(s.tp, s.fp, s.fn_);
    let acc = if s.tp > 0 {
        s.exact as f64 / s.tp as f64
    } else {
        0.0
    };
    out += &format!(
        "items={} tp={} fp={} fn={} ignored={}\n",
        s.items, s.tp, s.fp, s.fn_, s.ignored
    );
    out += &format!("precision={p:.3} recall={r:.3} exact_code_accuracy={acc:.3} f1={f:.3}\n");
    out
}
