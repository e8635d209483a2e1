//! A greedy left-to-right part-of-speech tagger (averaged perceptron), with the
//! features of Honnibal's "A good part-of-speech tagger in about 200 lines of
//! Python" (2013): the word, its neighbours, affixes, shape and the two tags
//! already chosen.

use std::io::{self, Read, Write};

use crate::hash::Feature;
use crate::perceptron::{Trainer, Weights};
use crate::vocab::Tag;
use crate::words::{prefix1, suffix, Words};

pub struct Tagger {
    weights: Weights,
}

const START: &str = "-START-";
const END: &str = "-END-";

fn tag_name(tags: &[Tag], i: isize) -> &'static str {
    if i < 0 {
        START
    } else {
        tags[i as usize].as_str()
    }
}

fn word<'w>(words: &'w Words, i: isize) -> &'w str {
    if i < 0 {
        START
    } else if i as usize >= words.len() {
        END
    } else {
        &words.norm[i as usize]
    }
}

/// The features of word `i`, given the tags chosen before it.
fn features(words: &Words, i: usize, tags: &[Tag], out: &mut Vec<u64>) {
    out.clear();
    let ii = i as isize;
    let w = &words.norm[i];
    let p1 = tag_name(tags, ii - 1);
    let p2 = tag_name(tags, ii - 2);
    let f = Feature::new;
    out.push(f(0).done());
    out.push(f(1).str(suffix(w, 3)).done());
    out.push(f(2).str(prefix1(w)).done());
    out.push(f(3).str(p1).done());
    out.push(f(4).str(p2).done());
    out.push(f(5).str(p1).str(p2).done());
    out.push(f(6).str(w).done());
    out.push(f(7).str(p1).str(w).done());
    out.push(f(8).str(word(words, ii - 1)).done());
    out.push(f(9).str(suffix(word(words, ii - 1), 3)).done());
    out.push(f(10).str(word(words, ii - 2)).done());
    out.push(f(11).str(word(words, ii + 1)).done());
    out.push(f(12).str(suffix(word(words, ii + 1), 3)).done());
    out.push(f(13).str(word(words, ii + 2)).done());
    out.push(f(14).str(&words.shape[i]).done());
    out.push(f(15).str(suffix(w, 2)).done());
    // Capitals at the start of a sentence say less than capitals inside it.
    out.push(f(16).num((i == 0) as u64).str(&words.shape[i]).done());
    out.push(f(17).str(w).str(word(words, ii + 1)).done());
}

fn best<S: PartialOrd + Copy>(scores: &[S]) -> usize {
    let mut b = 0;
    for (i, s) in scores.iter().enumerate() {
        if *s > scores[b] {
            b = i;
        }
    }
    b
}

impl Tagger {
    /// A tagger that knows nothing (every word gets the first tag).
    pub fn empty() -> Self {
        Tagger {
            weights: Weights::empty(Tag::ALL.len()),
        }
    }

    pub fn tag(&self, words: &Words) -> Vec<Tag> {
        let mut tags = Vec::with_capacity(words.len());
        let mut feats = Vec::with_capacity(20);
        let mut scores = vec![0i32; Tag::ALL.len()];
        for i in 0..words.len() {
            features(words, i, &tags, &mut feats);
            self.weights.score(&feats, &mut scores);
            tags.push(Tag::ALL[best(&scores)]);
        }
        tags
    }

    pub fn weights(&self) -> &Weights {
        &self.weights
    }

    /// The same model without weights of magnitude below `min_weight`.
    pub fn pruned(&self, min_weight: f32) -> Self {
        Tagger {
            weights: self.weights.pruned(min_weight),
        }
    }

    pub fn write(&self, out: &mut dyn Write) -> io::Result<()> {
        self.weights.write(&mut &mut *out)
    }

    pub fn read(input: &mut dyn Read) -> io::Result<Tagger> {
        let weights = Weights::read(&mut &mut *input)?;
        if weights.classes() != Tag::ALL.len() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "tagger has {} classes, expected {}",
                    weights.classes(),
                    Tag::ALL.len()
                ),
            ));
        }
        Ok(Tagger { weights })
    }
}

/// Learns a [`Tagger`] from tagged sentences.
pub struct TaggerTrainer {
    trainer: Trainer,
    feats: Vec<u64>,
    scores: Vec<f32>,
}

impl Default for TaggerTrainer {
    fn default() -> Self {
        TaggerTrainer {
            trainer: Trainer::new(Tag::ALL.len()),
            feats: Vec::new(),
            scores: vec![0.0; Tag::ALL.len()],
        }
    }
}

impl TaggerTrainer {
    /// One pass over one sentence; returns how many tags it got right before updating.
    pub fn learn(&mut self, words: &Words, gold: &[Tag]) -> usize {
        let mut tags = Vec::with_capacity(words.len());
        let mut right = 0;
        for (i, g) in gold.iter().enumerate().take(words.len()) {
            features(words, i, &tags, &mut self.feats);
            self.trainer.score(&self.feats, &mut self.scores);
            let guess = best(&self.scores);
            let truth = g.index();
            self.trainer.update(truth, guess, &self.feats);
            self.trainer.tick();
            right += (guess == truth) as usize;
            // Train on the tags the tagger will see: its own, right or wrong.
            tags.push(Tag::ALL[guess]);
        }
        right
    }

    pub fn finish(self, min_weight: f32) -> Tagger {
        Tagger {
            weights: self.trainer.finish(min_weight),
        }
    }
}
