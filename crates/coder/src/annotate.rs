//! One annotated document, made once by ordered stages and read by every
//! consumer (the rules, `demarche actor`, forums, ingest): sentences, tokens
//! with their lowercased words, date phrases, actor mentions (dictionary, role
//! nouns, pronouns and descriptions resolved across sentences), cue phrases,
//! event phrases, and, on demand, part-of-speech tags and a dependency parse.
//! Everything is a span or an index into `Document::text`; nothing is copied
//! but the lowercased words.
//!
//! Stages, in order: [`split`](crate::body_sentences) → tokens → dates →
//! mentions → coreference (pronouns, descriptions, role nouns, the speaker) →
//! cues → event phrases → syntax (lazy).

use std::cell::OnceCell;

use chrono::NaiveDate;

use demarche_ingest::Document;
use demarche_knowledge::patterns::{CueKind, PhraseMatch};
use demarche_knowledge::Knowledge;
use demarche_syntax::{Parse, Tag};
use demarche_text::{tokenize, Span, Token};

use crate::context::{add_anaphora, add_first_person, add_name_parts, update_context, Context};
use crate::dates::{find_dates, DateMention};
use crate::mentions::{role_mentions, sentence_mentions, take_honorifics, Mention};

/// A cue phrase: words `[start, end)` and its kind from `data/patterns/cues.tsv`.
pub type Cue = (usize, usize, CueKind);

/// One sentence with everything the stages found in it.
pub struct AnnotatedSentence {
    /// Its index in the document.
    pub index: usize,
    pub span: Span,
    pub tokens: Vec<Token>,
    /// Each token lowercased, curly apostrophes straightened ("russia's").
    pub lower: Vec<String>,
    /// Date phrases, resolved against the publication date.
    pub dates: Vec<DateMention>,
    /// Words inside date phrases, which phrase matching skips.
    pub skipped: Vec<bool>,
    /// Actor mentions in word order: named, role nouns and resolved pronouns.
    pub mentions: Vec<Mention>,
    /// The state the story is about at this sentence.
    pub home: Option<String>,
    /// Who speaks when the sentence names no one: the previous sentence's speaker.
    pub continued_speaker: Option<Mention>,
    /// The subject of the sentences before: who "calling it ..." is said by when
    /// this sentence names no one.
    pub earlier_subject: Option<Mention>,
    pub cues: Vec<Cue>,
    /// Event phrases, leftmost first and without overlap.
    pub phrases: Vec<PhraseMatch>,
    tags: OnceCell<Vec<Tag>>,
    parse: OnceCell<Parse>,
}

impl AnnotatedSentence {
    /// The lowercased words as string slices.
    pub fn words(&self) -> Vec<&str> {
        self.lower.iter().map(String::as_str).collect()
    }

    /// The words as written.
    fn surface<'t>(&self, text: &'t str) -> Vec<&'t str> {
        self.tokens.iter().map(|t| t.span.of(text)).collect()
    }

    /// Whether this sentence has been tagged or parsed (for `demarche bench`).
    pub fn syntax_done(&self) -> (bool, bool) {
        (
            self.tags.get().is_some() || self.parse.get().is_some(),
            self.parse.get().is_some(),
        )
    }

    /// The sentence's part-of-speech tags, made on first use.
    pub fn tags(&self, k: &Knowledge, text: &str) -> &[Tag] {
        if let Some(p) = self.parse.get() {
            return &p.tags;
        }
        self.tags.get_or_init(|| k.syntax.tag(&self.surface(text)))
    }

    /// The sentence's tags and dependency parse, made on first use.
    pub fn parse(&self, k: &Knowledge, text: &str) -> &Parse {
        self.parse.get_or_init(|| {
            let tags = self.tags(k, text).to_vec();
            k.syntax.parse_tagged(&self.surface(text), tags)
        })
    }
}

/// A token as the coder compares it: lower case, curly apostrophes straight.
/// (One allocation a token: this runs for every word of every document.)
fn lower_word(w: &str) -> String {
    if w.is_ascii() {
        return w.to_ascii_lowercase();
    }
    let lower = w.to_lowercase();
    if lower.contains('’') {
        lower.replace('’', "'")
    } else {
        lower
    }
}

/// Where annotation spends its time, stage by stage (seconds, summed over
/// the documents annotated with [`AnnotatedDoc::timed`]).
#[derive(Debug, Default, Clone, Copy)]
pub struct StageTimes {
    /// Finding the body and splitting it into sentences.
    pub sentences: f64,
    /// Tokens and their lower-case forms.
    pub tokens: f64,
    /// Actor mentions: names, role nouns, pronouns and descriptions.
    pub actors: f64,
    /// Date phrases.
    pub dates: f64,
    /// Cue phrases (negation, intent, reported speech...).
    pub cues: f64,
    /// Event phrases.
    pub phrases: f64,
    /// What the next sentences inherit: speaker, subject, the story's state.
    pub context: f64,
}

impl StageTimes {
    /// Adds another document's times to these.
    pub fn add(&mut self, other: &StageTimes) {
        self.sentences += other.sentences;
        self.tokens += other.tokens;
        self.actors += other.actors;
        self.dates += other.dates;
        self.cues += other.cues;
        self.phrases += other.phrases;
        self.context += other.context;
    }
}

/// Reads the clock between stages only when a caller asked for the times.
struct Clock(Option<std::time::Instant>);

impl Clock {
    fn start(on: bool) -> Clock {
        Clock(on.then(std::time::Instant::now))
    }

    /// Adds the time since the last lap to the stage `field` picks.
    fn lap(
        &mut self,
        times: &mut Option<&mut StageTimes>,
        field: impl Fn(&mut StageTimes) -> &mut f64,
    ) {
        if let (Some(last), Some(t)) = (self.0, times.as_deref_mut()) {
            let now = std::time::Instant::now();
            *field(t) += (now - last).as_secs_f64();
            self.0 = Some(now);
        }
    }
}

/// A document and its annotated sentences.
pub struct AnnotatedDoc<'d> {
    pub doc: &'d Document,
    /// The publication date: the document's own, else the default given.
    pub date: Option<NaiveDate>,
    pub sentences: Vec<AnnotatedSentence>,
}

impl<'d> AnnotatedDoc<'d> {
    /// Runs every stage but syntax over `doc`.
    pub fn new(k: &Knowledge, doc: &'d Document, default_date: Option<NaiveDate>) -> Self {
        Self::build(k, doc, default_date, None)
    }

    /// As [`AnnotatedDoc::new`], adding the time each stage takes to `times`
    /// (for `bench`: the clock is read a few times a sentence).
    pub fn timed(
        k: &Knowledge,
        doc: &'d Document,
        default_date: Option<NaiveDate>,
        times: &mut StageTimes,
    ) -> Self {
        Self::build(k, doc, default_date, Some(times))
    }

    fn build(
        k: &Knowledge,
        doc: &'d Document,
        default_date: Option<NaiveDate>,
        mut times: Option<&mut StageTimes>,
    ) -> Self {
        let date = doc.date.or(default_date);
        let text = doc.text.as_str();
        let mut ctx = Context::default();
        let mut sentences = Vec::new();
        let mut clock = Clock::start(times.is_some());
        let split = crate::body_sentences(k, doc);
        // Link text some outlets put inline ("Rod Rosenstein Rod RosensteinDemocrats
        // ask judge ... MORE") is not the report's: its tokens are left out.
        let links = demarche_text::inline_link_spans(text);
        clock.lap(&mut times, |t| &mut t.sentences);
        for (index, sentence) in split.into_iter().enumerate() {
            let mut tokens = tokenize(text, sentence.span);
            if !links.is_empty() {
                tokens.retain(|t| {
                    !links
                        .iter()
                        .any(|l| l.start <= t.span.start && t.span.end <= l.end)
                });
                // (A sentence that was all link text is no sentence.)
                if tokens.is_empty() {
                    continue;
                }
            }
            let lower: Vec<String> = tokens.iter().map(|t| lower_word(t.span.of(text))).collect();
            let words: Vec<&str> = lower.iter().map(String::as_str).collect();
            clock.lap(&mut times, |t| &mut t.tokens);
            let mut mentions = sentence_mentions(k, text, &tokens, &words, sentence.span, date);
            add_name_parts(&ctx, text, &tokens, &mut mentions);
            add_anaphora(k, &ctx, &tokens, &words, &mut mentions);
            // The state the story is about so far: this sentence's own first, then earlier ones.
            let home = mentions
                .iter()
                .find(|m| !m.person && !m.organisation)
                .map(|m| m.actor.clone())
                .or_else(|| ctx.home.clone());
            let extra = role_mentions(k, &tokens, &words, &mentions, home.as_deref(), date);
            // ("the government of Yemen" is one mention: Yemen is inside it.)
            mentions.retain(|m| !extra.iter().any(|e| e.first <= m.first && m.last <= e.last));
            mentions.extend(extra);
            mentions.sort_by_key(|m| m.first);
            take_honorifics(k, &tokens, &words, &mut mentions);
            clock.lap(&mut times, |t| &mut t.actors);
            // Date phrases are skipped when matching phrases: "apologised on
            // Wednesday to", "called late on Tuesday for".
            let dates = find_dates(&words, date);
            let kept = kept_words(&words, &dates);
            let compact: Vec<&str> = kept.iter().map(|&i| words[i]).collect();
            clock.lap(&mut times, |t| &mut t.dates);
            let remap = |m: PhraseMatch| PhraseMatch {
                phrase: m.phrase,
                start: kept[m.start],
                end: kept[m.end - 1] + 1,
                verb: m.verb.map(|v| kept[v]),
            };
            let mut cues = Vec::new();
            let prepared = k.patterns.cues.prepare(&compact);
            for i in 0..compact.len() {
                for m in k.patterns.cues.matches_in(&prepared, i) {
                    let m = remap(m);
                    // A cue word inside a name is part of the name: "the United States".
                    if mentions
                        .iter()
                        .any(|x| x.first < m.end && m.start <= x.last)
                    {
                        continue;
                    }
                    cues.push((m.start, m.end, k.patterns.cue_kinds[m.phrase]));
                }
            }
            add_first_person(&tokens, &words, &cues, &mut mentions);
            clock.lap(&mut times, |t| &mut t.cues);
            let skipped = (0..words.len())
                .map(|i| kept.binary_search(&i).is_err())
                .collect();
            let mut phrases = Vec::new();
            let prepared = k.patterns.events.prepare(&compact);
            // (Whether the sentence is in title case is asked only of a
            // capitalised verb, which few sentences have.)
            let mut title: Option<bool> = None;
            let mut name_at = |v: usize| {
                v > 0
                    && capitalised(text, &tokens[v])
                    && !OPENERS.contains(&tokens[v - 1].span.of(text))
                    && !*title.get_or_insert_with(|| title_case(text, &tokens))
            };
            let mut i = 0;
            while i < compact.len() {
                match k.patterns.events.longest_in(&prepared, i) {
                    // A pattern's verb written with a capital inside a sentence
                    // is a name: "CNN's Dana Bash", "Ms. May", "Rep. Will Hurd".
                    Some(m) if remap(m).verb.is_some_and(&mut name_at) => i += 1,
                    Some(m) => {
                        i = m.end;
                        phrases.push(remap(m));
                    }
                    None => i += 1,
                }
            }
            clock.lap(&mut times, |t| &mut t.phrases);
            let annotated = AnnotatedSentence {
                index,
                span: sentence.span,
                tokens,
                lower,
                dates,
                skipped,
                mentions,
                home,
                continued_speaker: ctx.speaker.clone(),
                earlier_subject: ctx.subject.clone(),
                cues,
                phrases,
                tags: OnceCell::new(),
                parse: OnceCell::new(),
            };
            update_context(&mut ctx, &annotated);
            sentences.push(annotated);
            clock.lap(&mut times, |t| &mut t.context);
        }
        AnnotatedDoc {
            doc,
            date,
            sentences,
        }
    }

    pub fn text(&self) -> &'d str {
        &self.doc.text
    }
}

/// Indices of the words phrase matching sees: all but date phrases ("on
/// Tuesday", "late on Sunday night", "overnight").
fn kept_words(words: &[&str], dates: &[DateMention]) -> Vec<usize> {
    let mut skip = vec![false; words.len()];
    for d in dates {
        let mut a = d.start;
        while a > 0 && matches!(words[a - 1], "on" | "late" | "early" | "last" | "this") {
            a -= 1;
        }
        let mut b = d.end;
        while b < words.len() && matches!(words[b], "night" | "morning" | "evening" | "afternoon") {
            b += 1;
        }
        skip[a..b].iter_mut().for_each(|x| *x = true);
    }
    for (i, w) in words.iter().enumerate() {
        if *w == "overnight" {
            skip[i] = true;
        }
    }
    (0..words.len()).filter(|&i| !skip[i]).collect()
}

/// Tokens after which a capital is a sentence's own: an opening quote, colon or dash.
const OPENERS: &[&str] = &["\"", "“", "‘", "'", ":", "-", "–", "—", "(", "["];

/// Whether a token begins with a capital letter.
pub(crate) fn capitalised(text: &str, t: &demarche_text::Token) -> bool {
    t.span
        .of(text)
        .chars()
        .next()
        .is_some_and(char::is_uppercase)
}

/// Whether a sentence is written in title case ("Trump Blasts Merkel Over
/// Trade"): no word of four letters or more in lower case. A headline's
/// capitalised verbs are verbs; elsewhere a capitalised verb is a name.
fn title_case(text: &str, tokens: &[demarche_text::Token]) -> bool {
    !tokens.iter().any(|t| {
        let w = t.span.of(text);
        w.len() >= 4 && w.chars().next().is_some_and(char::is_lowercase)
    })
}
