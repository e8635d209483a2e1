//! `demarche bench`: coding speed on a JSON Lines corpus, and the floor it is
//! measured against: a bare Aho-Corasick scan of the same bytes with the same
//! dictionary strings (actor surface forms and pattern words).

use crate::parallel::guarded;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use aho_corasick::{AhoCorasickBuilder, MatchKind};
use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};

use demarche_coder::{body_sentences, AnnotatedDoc, Coder, RuleCoder, StageTimes};
use demarche_ingest::{Document, JsonLines};

/// Peak resident memory of this process so far, from the kernel.
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Loads timed after the first, for a median that one slow start does not skew.
const LOAD_REPEATS: usize = 6;

pub fn run(
    data: &crate::data::Located,
    corpus: &Path,
    limit: Option<usize>,
    threads: Option<usize>,
) -> Result<ExitCode> {
    let rss_start = rss_mb().unwrap_or(0.0);
    let t = Instant::now();
    let k = crate::load_knowledge(data)?;
    let load_ms = t.elapsed().as_secs_f64() * 1000.0;
    let rss_loaded = rss_mb().unwrap_or(0.0);
    // One load is at the mercy of the scheduler: time a few more and report the
    // median beside the first (cold) one. Each is dropped before the next.
    let mut loads = vec![load_ms];
    for _ in 0..LOAD_REPEATS {
        let t = Instant::now();
        let again = crate::load_knowledge(data)?;
        loads.push(t.elapsed().as_secs_f64() * 1000.0);
        drop(again);
    }
    loads.sort_by(f64::total_cmp);
    let load_median = loads[loads.len() / 2];

    let file =
        std::fs::File::open(corpus).with_context(|| format!("cannot open {}", corpus.display()))?;
    let mut docs: Vec<Document> = Vec::new();
    let mut bad = 0;
    let name = corpus.display().to_string();
    let reader: Box<dyn std::io::BufRead> = match demarche_ingest::gzip_inner_name(&name) {
        Some(_) => demarche_ingest::gunzip(file).with_context(|| format!("{name}: not gzip"))?,
        None => Box::new(std::io::BufReader::new(file)),
    };
    for d in JsonLines::new(&name, reader) {
        match d {
            Ok(d) => docs.push(d),
            Err(_) => bad += 1,
        }
        if limit.is_some_and(|l| docs.len() >= l) {
            break;
        }
    }
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let mb = bytes as f64 / 1e6;

    let coder = RuleCoder::new(&k);
    let bar = ProgressBar::new(docs.len() as u64).with_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} articles {per_sec} eta {eta}")
            .expect("static template"),
    );
    let t = Instant::now();
    let mut sentences = 0usize;
    let mut events = 0usize;
    for d in &docs {
        sentences += body_sentences(&k, d).len();
        events += guarded(&d.id, || coder.code(d, None)).len();
        bar.inc(1);
    }
    bar.finish_and_clear();
    let code_s = t.elapsed().as_secs_f64();

    // The same on every core: documents coded on a pool, results in input order.
    let threads = threads.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    });
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("starting the coding threads")?;
    let t = Instant::now();
    let parallel: Vec<Vec<demarche_coder::Event>> = pool.install(|| {
        use rayon::prelude::*;
        docs.par_iter()
            .map(|d| guarded(&d.id, || coder.code(d, None)))
            .collect()
    });
    let parallel_s = t.elapsed().as_secs_f64();
    let serial: Vec<Vec<demarche_coder::Event>> = docs
        .iter()
        .map(|d| guarded(&d.id, || coder.code(d, None)))
        .collect();
    let same = parallel == serial;

    // Where the time goes: each annotation stage, then tagging and parsing
    // the sentences the rules asked for, then the rules, then writing the
    // events as JSON Lines. Timed in a second pass.
    let mut stages = StageTimes::default();
    let (mut tag_s, mut parse_s, mut rules_s, mut output_s) = (0.0, 0.0, 0.0, 0.0);
    let (mut tagged, mut parsed) = (0usize, 0usize);
    let mut sink = crate::output::Writer::new(std::io::sink(), crate::Format::Jsonl);
    for d in &docs {
        // (A document the coder panics on, a bug reported in the first pass,
        // is left out of the stage times.)
        let timed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let mut times = StageTimes::default();
            let a = AnnotatedDoc::timed(&k, d, None, &mut times);
            let t = Instant::now();
            let events = coder.code_annotated(&a);
            (a, events, times, t.elapsed().as_secs_f64())
        }));
        let Ok((a, events, times, rules)) = timed else {
            continue;
        };
        stages.add(&times);
        rules_s += rules;
        let t = Instant::now();
        sink.write_events(d, &events)?;
        output_s += t.elapsed().as_secs_f64();
        // Again with the syntax the rules asked for already made: the
        // difference is the tagger's and parser's share.
        let needed: Vec<(bool, bool)> = a.sentences.iter().map(|s| s.syntax_done()).collect();
        let fresh = AnnotatedDoc::new(&k, d, None);
        for (s, (tag, parse)) in fresh.sentences.iter().zip(&needed) {
            if *tag || *parse {
                let t = Instant::now();
                s.tags(&k, &d.text);
                tag_s += t.elapsed().as_secs_f64();
                tagged += 1;
            }
            if *parse {
                let t = Instant::now();
                s.parse(&k, &d.text);
                parse_s += t.elapsed().as_secs_f64();
                parsed += 1;
            }
        }
    }
    let rules_only = (rules_s - tag_s - parse_s).max(0.0);

    // The floor: one leftmost-longest Aho-Corasick pass over the same bytes.
    let mut strings: Vec<String> = k.actors.forms().to_vec();
    strings.extend(k.patterns.events.iter().flat_map(|p| {
        p.text
            .split_whitespace()
            .map(|w| w.trim_start_matches('+').to_string())
    }));
    strings.sort();
    strings.dedup();
    strings.retain(|s| s != "*");
    let ac = AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&strings)?;
    let t = Instant::now();
    let mut hits = 0usize;
    for d in &docs {
        hits += ac.find_iter(&d.text).count();
    }
    let scan_s = t.elapsed().as_secs_f64();

    let n = docs.len() as f64;
    println!(
        "corpus: {} ({} articles, {:.1} MB, {} unreadable lines)",
        corpus.display(),
        docs.len(),
        mb,
        bad
    );
    println!(
        "knowledge: loaded in {load_median:.1} ms (median of {} loads; first {load_ms:.1} ms), +{:.1} MB resident",
        loads.len(),
        rss_loaded - rss_start
    );
    println!(
        "{:<28} {:>12} {:>14} {:>10} {:>10}",
        "", "articles/s", "sentences/s", "MB/s", "seconds"
    );
    println!(
        "{:<28} {:>12.0} {:>14.0} {:>10.2} {:>10.2}",
        "demarche code (rules)",
        n / code_s,
        sentences as f64 / code_s,
        mb / code_s,
        code_s
    );
    println!(
        "{:<28} {:>12.0} {:>14.0} {:>10.2} {:>10.2}",
        format!("demarche code, {threads} threads"),
        n / parallel_s,
        sentences as f64 / parallel_s,
        mb / parallel_s,
        parallel_s
    );
    println!(
        "{:<28} {:>12.0} {:>14.0} {:>10.2} {:>10.2}",
        "bare Aho-Corasick scan",
        n / scan_s,
        sentences as f64 / scan_s,
        mb / scan_s,
        scan_s
    );
    println!(
        "events: {events}; scan hits: {hits} over {} strings",
        strings.len()
    );
    println!(
        "{threads} threads: {:.2}x one thread, {:.2} of the bare scan with one thread; events {} to one thread's",
        code_s / parallel_s,
        scan_s / code_s,
        if same { "identical" } else { "DIFFERENT" }
    );
    let annotate_s = stages.sentences
        + stages.tokens
        + stages.actors
        + stages.dates
        + stages.cues
        + stages.phrases
        + stages.context;
    let total = annotate_s + rules_s + output_s;
    println!("stages (second pass, {total:.2} s, one thread):");
    for (name, secs) in [
        ("sentences (body, splitting)", stages.sentences),
        ("tokens", stages.tokens),
        ("actors (names, roles, pronouns)", stages.actors),
        ("dates", stages.dates),
        ("cues", stages.cues),
        ("event phrases", stages.phrases),
        ("context (speaker, subject)", stages.context),
        ("tagging", tag_s),
        ("parsing", parse_s),
        ("rules", rules_only),
        ("output (JSON Lines)", output_s),
    ] {
        println!(
            "  {name:<32} {:>7.3} s {:>5.1}%",
            secs,
            100.0 * secs / total
        );
    }
    println!("  ({tagged} sentences tagged, {parsed} parsed, of {sentences})");
    println!("peak memory: {:.1} MB", peak_rss_mb().unwrap_or(0.0));
    Ok(ExitCode::SUCCESS)
}
