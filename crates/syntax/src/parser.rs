//! A greedy arc-eager dependency parser (Nivre 2003) scored by an averaged
//! perceptron, with feature templates after Zhang & Nivre (2011): words, tags
//! and labels around the stack top and the buffer front, distance and valency.
//! Training uses the static oracle on projective trees.

use std::io::{self, Read, Write};

use crate::perceptron::{Trainer, Weights};
use crate::vocab::{Dep, Tag};
use crate::words::Words;

const NONE: usize = usize::MAX;
const SHIFT: usize = 0;
const REDUCE: usize = 1;
const LABELS: usize = Dep::ALL.len();
const CLASSES: usize = 2 + 2 * LABELS;

fn left(l: Dep) -> usize {
    2 + l.index()
}
fn right(l: Dep) -> usize {
    2 + LABELS + l.index()
}

/// Cheap mixing of a template number and up to three values into one key.
#[inline]
fn key(template: u64, a: u64, b: u64, c: u64) -> u64 {
    let mut h = template.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    h = (h ^ a).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h = (h ^ b.rotate_left(21)).wrapping_mul(0x94D0_49BB_1331_11EB);
    h = (h ^ c.rotate_left(42)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    h ^ (h >> 31)
}

fn word_id(s: &str) -> u64 {
    crate::hash::Feature::new(200).str(s).done()
}

/// The parser's view of a sentence: ids of words and tags (index 0 is the root).
struct Sentence {
    word: Vec<u64>,
    tag: Vec<u64>,
}

const NO_WORD: u64 = 1;
const ROOT_WORD: u64 = 2;
const NO_TAG: u64 = 100;
const ROOT_TAG: u64 = 101;
const NO_LABEL: u64 = 200;

impl Sentence {
    fn new(words: &Words, tags: &[Tag]) -> Self {
        let mut word = Vec::with_capacity(words.len() + 1);
        let mut tag = Vec::with_capacity(words.len() + 1);
        word.push(ROOT_WORD);
        tag.push(ROOT_TAG);
        for (w, t) in words.norm.iter().zip(tags) {
            word.push(word_id(w));
            tag.push(t.index() as u64);
        }
        Sentence { word, tag }
    }
}

struct State {
    n: usize,
    stack: Vec<usize>,
    /// The front of the buffer: words `b..=n` are still to come.
    b: usize,
    head: Vec<usize>,
    label: Vec<u8>,
    l1: Vec<usize>,
    l2: Vec<usize>,
    r1: Vec<usize>,
    r2: Vec<usize>,
    lcount: Vec<u8>,
    rcount: Vec<u8>,
}

impl State {
    fn new(n: usize) -> Self {
        State {
            n,
            stack: vec![0],
            b: 1,
            head: vec![NONE; n + 1],
            label: vec![0; n + 1],
            l1: vec![NONE; n + 1],
            l2: vec![NONE; n + 1],
            r1: vec![NONE; n + 1],
            r2: vec![NONE; n + 1],
            lcount: vec![0; n + 1],
            rcount: vec![0; n + 1],
        }
    }

    fn done(&self) -> bool {
        self.b > self.n
    }

    fn s0(&self) -> usize {
        *self.stack.last().unwrap_or(&NONE)
    }

    #[cfg(test)]
    fn valid(&self, class: usize) -> bool {
        let s0 = self.s0();
        let buffer = self.b <= self.n;
        match class {
            SHIFT => buffer,
            REDUCE => s0 != NONE && s0 != 0 && self.head[s0] != NONE,
            c if c < 2 + LABELS => {
                buffer && s0 != NONE && s0 != 0 && self.head[s0] == NONE && c != left(Dep::Root)
            }
            c => buffer && s0 != NONE && ((s0 == 0) == (c == right(Dep::Root))),
        }
    }

    fn arc(&mut self, h: usize, d: usize, l: usize) {
        self.head[d] = h;
        self.label[d] = l as u8;
        if d < h {
            self.l2[h] = self.l1[h];
            self.l1[h] = d;
            self.lcount[h] = self.lcount[h].saturating_add(1);
        } else {
            self.r2[h] = self.r1[h];
            self.r1[h] = d;
            self.rcount[h] = self.rcount[h].saturating_add(1);
        }
    }

    fn apply(&mut self, class: usize) {
        match class {
            SHIFT => {
                self.stack.push(self.b);
                self.b += 1;
            }
            REDUCE => {
                self.stack.pop();
            }
            c if c < 2 + LABELS => {
                let s0 = self.stack.pop().unwrap();
                self.arc(self.b, s0, c - 2);
            }
            c => {
                let s0 = self.s0();
                self.arc(s0, self.b, c - 2 - LABELS);
                self.stack.push(self.b);
                self.b += 1;
            }
        }
    }

    /// Words left without a head hang from the root.
    fn finish(mut self) -> (Vec<Option<usize>>, Vec<Dep>) {
        for i in 1..=self.n {
            if self.head[i] == NONE {
                self.head[i] = 0;
                self.label[i] = Dep::Root.index() as u8;
            }
        }
        let heads = (1..=self.n)
            .map(|i| (self.head[i] != 0).then(|| self.head[i] - 1))
            .collect();
        let deps = (1..=self.n)
            .map(|i| Dep::from_index(self.label[i] as usize).unwrap_or(Dep::Dep))
            .collect();
        (heads, deps)
    }

    fn features(&self, s: &Sentence, out: &mut Vec<u64>) {
        out.clear();
        let w = |i: usize| if i == NONE { NO_WORD } else { s.word[i] };
        let t = |i: usize| if i == NONE { NO_TAG } else { s.tag[i] };
        let at = |v: &Vec<usize>, i: usize| if i == NONE { NONE } else { v[i] };
        let lab = |i: usize| {
            if i == NONE || self.head[i] == NONE {
                NO_LABEL
            } else {
                self.label[i] as u64
            }
        };
        let s0 = self.s0();
        let s1 = if self.stack.len() >= 2 {
            self.stack[self.stack.len() - 2]
        } else {
            NONE
        };
        let n0 = if self.b <= self.n { self.b } else { NONE };
        let n1 = if self.b < self.n { self.b + 1 } else { NONE };
        let n2 = if self.b + 1 < self.n {
            self.b + 2
        } else {
            NONE
        };
        let s0h = at(&self.head, s0);
        let s0h2 = at(&self.head, s0h);
        let s0l = at(&self.l1, s0);
        let s0r = at(&self.r1, s0);
        let s0l2 = at(&self.l2, s0);
        let s0r2 = at(&self.r2, s0);
        let n0l = at(&self.l1, n0);
        let n0l2 = at(&self.l2, n0);
        let dist = if s0 != NONE && n0 != NONE {
            (n0 - s0).min(5) as u64
        } else {
            0
        };
        let vr = if s0 == NONE {
            0
        } else {
            self.rcount[s0] as u64
        };
        let vl = if s0 == NONE {
            0
        } else {
            self.lcount[s0] as u64
        };
        let n0vl = if n0 == NONE {
            0
        } else {
            self.lcount[n0] as u64
        };
        let (s0w, s0t, n0w, n0t) = (w(s0), t(s0), w(n0), t(n0));
        let f = [
            key(1, s0w, 0, 0),
            key(2, s0t, 0, 0),
            key(3, s0w, s0t, 0),
            key(4, n0w, 0, 0),
            key(5, n0t, 0, 0),
            key(6, n0w, n0t, 0),
            key(7, w(n1), 0, 0),
            key(8, t(n1), 0, 0),
            key(11, t(n2), 0, 0),
            key(12, w(s0h), 0, 0),
            key(13, t(s0h), 0, 0),
            key(14, t(s0l), 0, 0),
            key(15, t(s0r), 0, 0),
            key(16, t(n0l), 0, 0),
            key(17, lab(s0l), 0, 0),
            key(18, lab(s0r), 0, 0),
            key(19, lab(n0l), 0, 0),
            key(20, lab(s0), 0, 0),
            key(21, s0w ^ s0t.rotate_left(7), n0w, n0t),
            key(23, s0w, n0w, n0t),
            key(25, s0t, n0w, n0t),
            key(27, s0t, n0t, 0),
            key(28, n0t, t(n1), 0),
            key(29, n0t, t(n1), t(n2)),
            key(30, s0t, n0t, t(n1)),
            key(31, t(s0h), s0t, n0t),
            key(32, s0t, t(s0l), n0t),
            key(33, s0t, t(s0r), n0t),
            key(34, s0t, n0t, t(n0l)),
            key(36, dist, s0t, 0),
            key(38, dist, n0t, 0),
            key(39, dist, s0t, n0t),
            key(41, vr, s0t, 0),
            key(43, vl, s0t, 0),
            key(45, n0vl, n0t, 0),
            key(46, t(s0h2), 0, 0),
            key(47, t(s0l2), 0, 0),
            key(48, t(s0r2), 0, 0),
            key(49, t(n0l2), 0, 0),
            key(50, s0t, t(s0l), t(s0l2)),
            key(51, s0t, t(s0r), t(s0r2)),
            key(52, n0t, t(n0l), t(n0l2)),
            key(53, t(s1), s0t, n0t),
            key(55, lab(s0), s0t, n0t),
        ];
        out.extend_from_slice(&f);
    }
}

fn best_valid<S: PartialOrd + Copy>(state: &State, scores: &[S]) -> usize {
    // Which moves are legal depends only on the kind of move, not the label:
    // decide that once, then scan the scores of the legal ranges.
    let s0 = state.s0();
    let buffer = state.b <= state.n;
    let on_word = s0 != NONE && s0 != 0;
    let root = Dep::Root.index();
    let mut b = NONE;
    let mut consider = |c: usize| {
        if b == NONE || scores[c] > scores[b] {
            b = c;
        }
    };
    if buffer {
        consider(SHIFT);
    }
    if on_word && state.head[s0] != NONE {
        consider(REDUCE);
    }
    if buffer && on_word && state.head[s0] == NONE {
        for l in 0..LABELS {
            if l != root {
                consider(2 + l);
            }
        }
    }
    if buffer && s0 != NONE {
        if s0 == 0 {
            consider(2 + LABELS + root);
        } else {
            for l in 0..LABELS {
                if l != root {
                    consider(2 + LABELS + l);
                }
            }
        }
    }
    b
}

pub struct Parser {
    weights: Weights,
}

impl Parser {
    /// A parser that knows nothing (every word hangs from its neighbour).
    pub fn empty() -> Self {
        Parser {
            weights: Weights::empty(CLASSES),
        }
    }

    /// Heads (`None` for roots) and labels for a tagged sentence.
    pub fn parse(&self, words: &Words, tags: &[Tag]) -> (Vec<Option<usize>>, Vec<Dep>) {
        let s = Sentence::new(words, tags);
        let mut state = State::new(words.len());
        let mut feats = Vec::with_capacity(64);
        let mut scores = vec![0i32; CLASSES];
        while !state.done() {
            state.features(&s, &mut feats);
            self.weights.score(&feats, &mut scores);
            let c = best_valid(&state, &scores);
            state.apply(c);
        }
        state.finish()
    }

    pub fn weights(&self) -> &Weights {
        &self.weights
    }

    /// The same model without weights of magnitude below `min_weight`.
    pub fn pruned(&self, min_weight: f32) -> Self {
        Parser {
            weights: self.weights.pruned(min_weight),
        }
    }

    pub fn write(&self, out: &mut dyn Write) -> io::Result<()> {
        self.weights.write(&mut &mut *out)
    }

    pub fn read(input: &mut dyn Read) -> io::Result<Parser> {
        let weights = Weights::read(&mut &mut *input)?;
        if weights.classes() != CLASSES {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "parser has {} classes, expected {CLASSES}",
                    weights.classes()
                ),
            ));
        }
        Ok(Parser { weights })
    }
}

/// Whether a tree (heads as `None` for roots) has no crossing arcs.
pub fn projective(heads: &[Option<usize>]) -> bool {
    let arcs: Vec<(usize, usize)> = heads
        .iter()
        .enumerate()
        .map(|(d, h)| {
            let h = h.map_or(0, |h| h + 1);
            let d = d + 1;
            (h.min(d), h.max(d))
        })
        .collect();
    for &(a, b) in &arcs {
        for &(c, d) in &arcs {
            if a < c && c < b && b < d {
                return false;
            }
        }
    }
    true
}

/// Learns a [`Parser`] from gold trees.
pub struct ParserTrainer {
    trainer: Trainer,
    feats: Vec<u64>,
    scores: Vec<f32>,
}

impl Default for ParserTrainer {
    fn default() -> Self {
        ParserTrainer {
            trainer: Trainer::new(CLASSES),
            feats: Vec::new(),
            scores: vec![0.0; CLASSES],
        }
    }
}

impl ParserTrainer {
    /// One pass over a projective sentence, following the oracle; returns
    /// (right decisions, decisions). `None` when the tree is not projective.
    pub fn learn(
        &mut self,
        words: &Words,
        tags: &[Tag],
        heads: &[Option<usize>],
        deps: &[Dep],
    ) -> Option<(usize, usize)> {
        if !projective(heads) {
            return None;
        }
        let n = words.len();
        // Gold heads in the parser's numbering (root 0, words from 1).
        let gh: Vec<usize> = std::iter::once(NONE)
            .chain(heads.iter().map(|h| h.map_or(0, |h| h + 1)))
            .collect();
        let gl: Vec<Dep> = std::iter::once(Dep::Root)
            .chain(deps.iter().copied())
            .collect();
        let s = Sentence::new(words, tags);
        let mut state = State::new(n);
        let (mut right_count, mut total) = (0, 0);
        while !state.done() {
            let truth = oracle(&state, &gh, &gl);
            state.features(&s, &mut self.feats);
            self.trainer.score(&self.feats, &mut self.scores);
            let guess = best_valid(&state, &self.scores);
            self.trainer.update(truth, guess, &self.feats);
            self.trainer.tick();
            right_count += (guess == truth) as usize;
            total += 1;
            state.apply(truth);
        }
        Some((right_count, total))
    }

    pub fn finish(self, min_weight: f32) -> Parser {
        Parser {
            weights: self.trainer.finish(min_weight),
        }
    }
}

/// The static arc-eager oracle for a projective tree.
fn oracle(state: &State, gh: &[usize], gl: &[Dep]) -> usize {
    let s0 = state.s0();
    let b = state.b;
    if s0 != 0 && gh[s0] == b {
        return left(gl[s0]);
    }
    if gh[b] == s0 {
        // An arc from the root keeps the ROOT label whatever the tree says.
        return right(if s0 == 0 { Dep::Root } else { gl[b] });
    }
    // Reduce when the stack top has its head and something below it is owed
    // an arc with the buffer front.
    if s0 != 0 && state.head[s0] != NONE {
        let below = &state.stack[..state.stack.len() - 1];
        if below.iter().any(|&k| gh[b] == k || (k != 0 && gh[k] == b)) {
            return REDUCE;
        }
    }
    SHIFT
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_oracle_rebuilds_a_tree() {
        // "Russia struck Ukrainian plants ." : struck is the root.
        let heads = [Some(1), None, Some(3), Some(1), Some(1)];
        let deps = [Dep::Nsubj, Dep::Root, Dep::Amod, Dep::Dobj, Dep::Punct];
        let n = heads.len();
        let gh: Vec<usize> = std::iter::once(NONE)
            .chain(heads.iter().map(|h| h.map_or(0, |h| h + 1)))
            .collect();
        let gl: Vec<Dep> = std::iter::once(Dep::Root).chain(deps).collect();
        let mut state = State::new(n);
        while !state.done() {
            let c = oracle(&state, &gh, &gl);
            assert!(state.valid(c), "oracle chose an invalid move {c}");
            state.apply(c);
        }
        let (h, d) = state.finish();
        assert_eq!(h, heads.to_vec());
        assert_eq!(d, deps.to_vec());
    }

    #[test]
    fn crossing_arcs_are_not_projective() {
        assert!(projective(&[Some(1), None, Some(1)]));
        // 0->2 and 1->3 cross.
        assert!(!projective(&[Some(2), Some(3), None, Some(2)]));
    }
}
