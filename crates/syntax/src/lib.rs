//! Sentence structure for the coder: part-of-speech tags and labelled dependency
//! parses, from two averaged perceptrons (a greedy left-to-right tagger and a
//! greedy arc-eager parser) trained in Rust on silver syntax.
//!
//! The silver syntax is our own tokens of the news corpora annotated by spaCy's
//! small English pipeline (`tools/silver.py`); `train-syntax` learns the weights
//! from it and writes `data/syntax/{tagger,parser}.bin.gz`. The tag set is the
//! Penn Treebank's, the labels ClearNLP's (as spaCy's English models use them).
//!
//! ```no_run
//! let syntax = demarche_syntax::Syntax::load(std::path::Path::new("data/syntax")).unwrap();
//! let parse = syntax.parse(&["Russia", "struck", "Ukrainian", "power", "plants", "."]);
//! assert_eq!(parse.head(0), Some(1)); // "Russia" depends on "struck"
//! ```
//!
//! Nothing here knows about actors or events; the coder reads the parse.

pub mod conllu;
mod hash;
mod parser;
mod perceptron;
mod tagger;
mod vocab;
mod words;

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

pub use parser::{Parser, ParserTrainer};
pub use perceptron::{Trainer, Weights};
pub use tagger::{Tagger, TaggerTrainer};
pub use vocab::{Dep, Tag};
pub use words::Words;

/// A model file that cannot be read.
#[derive(Debug, thiserror::Error)]
#[error("{}: {reason}", path.display())]
pub struct SyntaxError {
    pub path: PathBuf,
    pub reason: String,
}

/// The tagger and the parser together.
pub struct Syntax {
    pub tagger: Tagger,
    pub parser: Parser,
}

/// The analysis of one sentence: a tag for each word, and each word's head
/// (`None` for a root) with the label of the arc.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parse {
    pub tags: Vec<Tag>,
    pub heads: Vec<Option<usize>>,
    pub deps: Vec<Dep>,
}

impl Parse {
    pub fn len(&self) -> usize {
        self.tags.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tags.is_empty()
    }

    pub fn head(&self, i: usize) -> Option<usize> {
        self.heads[i]
    }

    /// The words that depend on `i`, left to right.
    pub fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        (0..self.heads.len()).filter(move |&j| self.heads[j] == Some(i))
    }

    /// The first child of `i` with label `dep`.
    pub fn child(&self, i: usize, dep: Dep) -> Option<usize> {
        self.children(i).find(|&j| self.deps[j] == dep)
    }

    /// The span `[first, last]` of the subtree under `i` (parses are projective).
    pub fn subtree(&self, i: usize) -> (usize, usize) {
        let (mut lo, mut hi) = (i, i);
        let mut stack = vec![i];
        while let Some(x) = stack.pop() {
            for c in self.children(x) {
                lo = lo.min(c);
                hi = hi.max(c);
                stack.push(c);
            }
        }
        (lo, hi)
    }

    /// Whether `a` is `b` or lies under it.
    pub fn dominates(&self, b: usize, mut a: usize) -> bool {
        for _ in 0..=self.heads.len() {
            if a == b {
                return true;
            }
            match self.heads[a] {
                Some(h) => a = h,
                None => return false,
            }
        }
        false
    }
}

impl Syntax {
    pub const TAGGER_FILE: &'static str = "tagger.bin.gz";
    pub const PARSER_FILE: &'static str = "parser.bin.gz";

    /// Models that know nothing, for a data directory without them.
    pub fn empty() -> Syntax {
        Syntax {
            tagger: Tagger::empty(),
            parser: Parser::empty(),
        }
    }

    /// Loads `dir/tagger.bin.gz` and `dir/parser.bin.gz`.
    pub fn load(dir: &Path) -> Result<Syntax, SyntaxError> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read(&path).map_err(|e| SyntaxError {
                path: path.clone(),
                reason: format!("cannot open: {e}"),
            })
        };
        Self::from_gzip(
            (&dir.join(Self::TAGGER_FILE), &read(Self::TAGGER_FILE)?),
            (&dir.join(Self::PARSER_FILE), &read(Self::PARSER_FILE)?),
        )
    }

    /// Reads the two models from their gzipped bytes; each path names its
    /// bytes in errors.
    pub fn from_gzip(
        tagger: (&Path, &[u8]),
        parser: (&Path, &[u8]),
    ) -> Result<Syntax, SyntaxError> {
        let tagger = read_model(tagger.0, tagger.1, Tagger::read)?;
        let parser = read_model(parser.0, parser.1, Parser::read)?;
        Ok(Syntax { tagger, parser })
    }

    /// Tags and parses one sentence of surface words.
    pub fn parse(&self, words: &[&str]) -> Parse {
        let words = Words::new(words);
        let tags = self.tagger.tag(&words);
        let (heads, deps) = self.parser.parse(&words, &tags);
        Parse { tags, heads, deps }
    }

    /// Tags only: cheaper than a parse when only the parts of speech matter.
    pub fn tag(&self, words: &[&str]) -> Vec<Tag> {
        self.tagger.tag(&Words::new(words))
    }

    /// Parses a sentence already tagged.
    pub fn parse_tagged(&self, words: &[&str], tags: Vec<Tag>) -> Parse {
        let words = Words::new(words);
        let (heads, deps) = self.parser.parse(&words, &tags);
        Parse { tags, heads, deps }
    }
}

fn read_model<T>(
    path: &Path,
    bytes: &[u8],
    read: impl FnOnce(&mut dyn Read) -> std::io::Result<T>,
) -> Result<T, SyntaxError> {
    let err = |reason: String| SyntaxError {
        path: path.to_path_buf(),
        reason,
    };
    let mut gz = libflate::gzip::Decoder::new(bytes).map_err(|e| err(format!("not gzip: {e}")))?;
    read(&mut gz).map_err(|e| err(e.to_string()))
}

/// Writes a model gzip-compressed.
pub fn write_model(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let file = BufWriter::new(File::create(path)?);
    let mut gz = libflate::gzip::Encoder::new(file)?;
    write(&mut gz)?;
    gz.finish().into_result()?.flush()
}
