//! Trains the tagger and the parser on silver CoNLL-U and writes them gzipped.
//!
//!     train-syntax --train silver.conllu --out data/syntax
//!
//! Every 20th sentence is held out and scored after training (tag accuracy,
//! unlabelled and labelled attachment), so each run says how well it learned.

use std::fs::File;
use std::io::BufReader;
use std::path::PathBuf;
use std::time::Instant;

use clap::Parser as _;
use demarche_syntax::conllu::{self, Annotated};
use demarche_syntax::{write_model, ParserTrainer, Syntax, TaggerTrainer, Words};

#[derive(clap::Parser)]
#[command(about = "Train demarche's tagger and parser on silver CoNLL-U")]
struct Args {
    /// CoNLL-U with Penn tags (XPOS) and ClearNLP labels (tools/silver.py writes it).
    #[arg(long)]
    train: PathBuf,
    /// Where tagger.bin.gz and parser.bin.gz go.
    #[arg(long)]
    out: PathBuf,
    #[arg(long, default_value_t = 5)]
    tagger_epochs: usize,
    #[arg(long, default_value_t = 8)]
    parser_epochs: usize,
    /// Parser weights (averaged) smaller than this are dropped: smaller files,
    /// faster parses, a little accuracy.
    #[arg(long, default_value_t = 4.0)]
    min_weight: f32,
    /// The same for the tagger.
    #[arg(long, default_value_t = 1.0)]
    tagger_min_weight: f32,
    /// Train on at most this many sentences.
    #[arg(long)]
    limit: Option<usize>,
    /// Do not train: load the models in this directory, report the pruning
    /// thresholds on the held-out sentences and write the pruned models to --out.
    #[arg(long, value_name = "DIR")]
    from: Option<PathBuf>,
    /// Pruning thresholds to report.
    #[arg(long, value_delimiter = ',', default_value = "0,0.25,0.5,1,2")]
    sweep: Vec<f32>,
}

/// A fixed shuffle (xorshift), so a run can be repeated exactly.
fn shuffle<T>(v: &mut [T], seed: &mut u64) {
    for i in (1..v.len()).rev() {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        v.swap(i, (*seed % (i as u64 + 1)) as usize);
    }
}

fn words_of(a: &Annotated) -> Vec<&str> {
    a.words.iter().map(String::as_str).collect()
}

/// Scores a model on the held-out sentences.
fn report(syntax: &Syntax, held: &[(usize, Annotated)], min: f32) {
    let (mut tags_right, mut uas, mut las, mut words) = (0, 0, 0, 0);
    let parse_started = Instant::now();
    for (_, s) in held {
        let p = syntax.parse(&words_of(s));
        for i in 0..s.words.len() {
            words += 1;
            tags_right += (p.tags[i] == s.tags[i]) as usize;
            if p.heads[i] == s.heads[i] {
                uas += 1;
                las += (p.deps[i] == s.deps[i]) as usize;
            }
        }
    }
    let secs = parse_started.elapsed().as_secs_f64();
    eprintln!(
        "parser pruned at {min}: {} features, {} weights; tagger {} features; held out: {} sentences, {words} words: tags {:.4}, UAS {:.4}, LAS {:.4}; {:.0} sentences/s",
        syntax.parser.weights().features(),
        syntax.parser.weights().entries(),
        syntax.tagger.weights().features(),
        held.len(),
        tags_right as f64 / words as f64,
        uas as f64 / words as f64,
        las as f64 / words as f64,
        held.len() as f64 / secs
    );
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let started = Instant::now();
    let all = conllu::read(BufReader::new(File::open(&args.train)?))
        .map_err(|e| format!("{}: {e}", args.train.display()))?;
    type Numbered = Vec<(usize, Annotated)>;
    let (mut train, held): (Numbered, Numbered) =
        all.into_iter().enumerate().partition(|(i, _)| i % 20 != 19);
    if let Some(limit) = args.limit {
        train.truncate(limit);
    }
    eprintln!(
        "{} training sentences, {} held out ({:.1} s)",
        train.len(),
        held.len(),
        started.elapsed().as_secs_f64()
    );
    if let Some(dir) = &args.from {
        let full = Syntax::load(dir)?;
        for &min in &args.sweep {
            let syntax = Syntax {
                tagger: full.tagger.pruned(args.tagger_min_weight),
                parser: full.parser.pruned(min),
            };
            report(&syntax, &held, min);
        }
        return write(&args, &full.tagger, &full.parser);
    }
    let mut seed = 0x2545_F491_4F6C_DD1D_u64;

    let mut tt = TaggerTrainer::default();
    for epoch in 0..args.tagger_epochs {
        shuffle(&mut train, &mut seed);
        let (mut right, mut total) = (0, 0);
        for (_, s) in &train {
            let w = words_of(s);
            right += tt.learn(&Words::new(&w), &s.tags);
            total += s.tags.len();
        }
        eprintln!(
            "tagger epoch {}: {:.4} on training ({:.0} s)",
            epoch + 1,
            right as f64 / total as f64,
            started.elapsed().as_secs_f64()
        );
    }
    let tagger = tt.finish(0.0);

    let mut pt = ParserTrainer::default();
    // The parser learns from the tags it will be given: the tagger's.
    let tagged: Vec<Vec<demarche_syntax::Tag>> = train
        .iter()
        .map(|(_, s)| tagger.tag(&Words::new(&words_of(s))))
        .collect();
    let mut order: Vec<usize> = (0..train.len()).collect();
    for epoch in 0..args.parser_epochs {
        shuffle(&mut order, &mut seed);
        let (mut right, mut total, mut skipped) = (0, 0, 0);
        for &i in &order {
            let s = &train[i].1;
            let w = words_of(s);
            match pt.learn(&Words::new(&w), &tagged[i], &s.heads, &s.deps) {
                Some((r, t)) => {
                    right += r;
                    total += t;
                }
                None => skipped += 1,
            }
        }
        eprintln!(
            "parser epoch {}: {:.4} of moves on training, {skipped} non-projective skipped ({:.0} s)",
            epoch + 1,
            right as f64 / total as f64,
            started.elapsed().as_secs_f64()
        );
    }
    let parser = pt.finish(0.0);
    // What each pruning threshold costs, so the shipped size is a choice.
    for &min in &args.sweep {
        let syntax = Syntax {
            tagger: tagger.pruned(args.tagger_min_weight),
            parser: parser.pruned(min),
        };
        report(&syntax, &held, min);
    }
    write(&args, &tagger, &parser)
}

/// Writes the models pruned at `--min-weight`.
fn write(
    args: &Args,
    tagger: &demarche_syntax::Tagger,
    parser: &demarche_syntax::Parser,
) -> Result<(), Box<dyn std::error::Error>> {
    let syntax = Syntax {
        tagger: tagger.pruned(args.tagger_min_weight),
        parser: parser.pruned(args.min_weight),
    };
    std::fs::create_dir_all(&args.out)?;
    write_model(&args.out.join(Syntax::TAGGER_FILE), |w| {
        syntax.tagger.write(w)
    })?;
    write_model(&args.out.join(Syntax::PARSER_FILE), |w| {
        syntax.parser.write(w)
    })?;
    eprintln!(
        "tagger: {} features, {} weights; parser: {} features, {} weights; written to {}",
        syntax.tagger.weights().features(),
        syntax.tagger.weights().entries(),
        syntax.parser.weights().features(),
        syntax.parser.weights().entries(),
        args.out.display()
    );
    Ok(())
}
