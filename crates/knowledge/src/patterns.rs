//! Event patterns and modality cues: English phrases mapped to CAMEO codes,
//! read from `data/patterns/`.
//!
//! A pattern is a phrase of words; one word may be a verb lemma written `+accuse`,
//! which matches every inflection (accuse, accuses, accused, accusing), and `*`
//! is a gap of up to two words ("+resume * talks with" matches "resume political
//! talks with"). Matching is on lower-cased word tokens.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a: a fast hash for short word keys, looked up once per word of text
/// (the default SipHash showed up in profiles; these keys are not adversarial).
#[derive(Default)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}
use crate::files::DataPath;

use crate::ontology::Ontology;
use crate::tsv::{self, DataError};

/// The most words a `*` gap may skip.
pub const GAP: usize = 2;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Slot {
    /// One of these words (ids in the set's vocabulary); `det` when one of
    /// them is a determiner.
    Word {
        ids: Vec<u32>,
        det: bool,
    },
    Gap,
    /// "a", "an" or "the" in a pattern: any determiner or none, then modifiers
    /// ("+launch an invasion of" matches "launched a full-scale invasion of").
    Article,
}

/// A compiled phrase; `payload` is a CAMEO code for events, a cue kind for cues.
#[derive(Debug, Clone)]
pub struct Phrase {
    pub payload: String,
    pub text: String,
    slots: Vec<Slot>,
    /// Index of the verb slot, if the phrase has a `+lemma`.
    pub verb_slot: Option<usize>,
    pub line: usize,
}

impl Phrase {
    /// Whether the phrase has a `*` gap.
    pub fn has_gap(&self) -> bool {
        self.slots.contains(&Slot::Gap)
    }
}

/// A phrase found in a token sequence: word positions `[start, end)` and the verb's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhraseMatch {
    pub phrase: usize,
    pub start: usize,
    pub end: usize,
    pub verb: Option<usize>,
}

/// A list of phrases indexed by the forms of their first word.
///
/// Every word a phrase names has an integer id; a sentence is read once into
/// ids and word classes ([`PhraseSet::prepare`]), so matching compares
/// integers and flags, never strings (this runs for every word of every
/// sentence, and some first words head nearly two hundred phrases).
#[derive(Debug, Default)]
pub struct PhraseSet {
    phrases: Vec<Phrase>,
    vocabulary: HashMap<String, u32, BuildHasherDefault<Fnv>>,
    /// The phrases each word id starts, in the order they were added.
    by_first: Vec<Vec<usize>>,
    /// Ids of the forms of every `+lemma` the phrases have.
    verb_forms: crate::FastSet<u32>,
    /// Nouns of quantity ("a round of", "dozens of"): the "of" after one is
    /// skipped like a modifier before a pattern's next word.
    partitives: crate::FastSet<String>,
}

/// The id of a word no phrase of the set names.
const UNKNOWN: u32 = u32::MAX;
const MODIFIER: u8 = 1;
const PUNCTUATION: u8 = 2;
const DETERMINER: u8 = 4;

/// A sentence's lower-cased words as one [`PhraseSet`] reads them: each word's
/// id in the set's vocabulary and its classes (modifier, punctuation,
/// determiner), computed once.
pub struct Prepared<'w> {
    words: &'w [&'w str],
    ids: Vec<u32>,
    classes: Vec<u8>,
}

impl Prepared<'_> {
    pub fn len(&self) -> usize {
        self.words.len()
    }
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
    fn is(&self, i: usize, class: u8) -> bool {
        self.classes[i] & class != 0
    }
}

/// Irregular verb forms: lemma -> [past, participle, third person, -ing].
pub type Irregulars = HashMap<String, [String; 4]>;

impl PhraseSet {
    pub fn len(&self) -> usize {
        self.phrases.len()
    }
    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }
    pub fn get(&self, i: usize) -> &Phrase {
        &self.phrases[i]
    }
    pub fn iter(&self) -> impl Iterator<Item = &Phrase> {
        self.phrases.iter()
    }

    fn word_id(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.vocabulary.get(word) {
            return id;
        }
        let id = self.vocabulary.len() as u32;
        self.vocabulary.insert(word.to_string(), id);
        id
    }

    fn word_slot(&mut self, forms: &[String]) -> Slot {
        Slot::Word {
            ids: forms.iter().map(|f| self.word_id(f)).collect(),
            det: forms.iter().any(|f| DETERMINERS.contains(&f.as_str())),
        }
    }

    /// Compiles `text` into a phrase, or says why it cannot.
    pub fn add(
        &mut self,
        payload: &str,
        text: &str,
        line: usize,
        irregulars: &Irregulars,
    ) -> Result<(), String> {
        let mut slots = Vec::new();
        let mut verb_slot = None;
        for word in text.split_whitespace() {
            if word == "*" {
                if slots.is_empty() {
                    return Err("a phrase cannot start with a gap".into());
                }
                slots.push(Slot::Gap);
                continue;
            }
            if let Some(lemma) = word.strip_prefix('+') {
                if verb_slot.is_some() {
                    return Err("more than one +verb in a phrase".into());
                }
                if lemma.is_empty() || !lemma.chars().all(|c| c.is_alphabetic() || c == '-') {
                    return Err(format!("bad verb lemma {word:?}"));
                }
                verb_slot = Some(slots.len());
                let slot = self.word_slot(&inflect(&lemma.to_lowercase(), irregulars));
                if let Slot::Word { ids, .. } = &slot {
                    self.verb_forms.extend(ids.iter().copied());
                }
                slots.push(slot);
                continue;
            }
            if !word
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '\'' | '’' | '.'))
            {
                return Err(format!("word {word:?} has punctuation"));
            }
            let lower = word.to_lowercase();
            if matches!(lower.as_str(), "a" | "an" | "the") && !slots.is_empty() {
                slots.push(Slot::Article);
                continue;
            }
            slots.push(self.word_slot(&[lower]));
        }
        if matches!(slots.last(), Some(Slot::Gap)) {
            return Err("a phrase cannot end with a gap".into());
        }
        let Some(Slot::Word { ids: first, .. }) = slots.first() else {
            return Err("empty phrase".into());
        };
        let id = self.phrases.len();
        let size = self.vocabulary.len();
        if self.by_first.len() < size {
            self.by_first.resize(size, Vec::new());
        }
        for &form in first {
            self.by_first[form as usize].push(id);
        }
        self.phrases.push(Phrase {
            payload: payload.to_string(),
            text: text.to_string(),
            slots,
            verb_slot,
            line,
        });
        Ok(())
    }

    /// Whether `word` (lower case) is a form of a verb some phrase names
    /// ("met", "warns", "condemned").
    pub fn is_verb_form(&self, word: &str) -> bool {
        self.vocabulary
            .get(word)
            .is_some_and(|id| self.verb_forms.contains(id))
    }

    /// Sets the nouns of quantity after which "of" stands inside a pattern's
    /// object: "imposed a new round of sanctions on", "fired dozens of rockets at".
    pub fn set_partitives(&mut self, nouns: impl IntoIterator<Item = String>) {
        self.partitives = nouns.into_iter().collect();
    }

    /// Reads a sentence's lower-cased words for matching.
    pub fn prepare<'w>(&self, words: &'w [&'w str]) -> Prepared<'w> {
        let ids = words
            .iter()
            .map(|w| self.vocabulary.get(*w).copied().unwrap_or(UNKNOWN))
            .collect();
        let classes = words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let mut c = 0;
                if is_modifier(w) || (*w == "of" && i > 0 && self.partitives.contains(words[i - 1]))
                {
                    c |= MODIFIER;
                }
                if !w.chars().next().is_some_and(char::is_alphanumeric) {
                    c |= PUNCTUATION;
                }
                if DETERMINERS.contains(w) {
                    c |= DETERMINER;
                }
                c
            })
            .collect();
        Prepared {
            words,
            ids,
            classes,
        }
    }

    /// The phrases whose first word is word `i` (none past the sentence's end).
    fn starting_at(&self, p: &Prepared<'_>, i: usize) -> &[usize] {
        p.ids
            .get(i)
            .and_then(|&id| self.by_first.get(id as usize))
            .map_or(&[], Vec::as_slice)
    }

    /// The longest phrase that starts at word `i` (the first listed among equals),
    /// without collecting the others.
    pub fn longest_in(&self, p: &Prepared<'_>, i: usize) -> Option<PhraseMatch> {
        let mut best: Option<PhraseMatch> = None;
        for &id in self.starting_at(p, i) {
            let phrase = &self.phrases[id];
            if let Some((end, verb)) = match_slots(&phrase.slots, phrase.verb_slot, p, i) {
                if best.is_none_or(|b| end - i > b.end - b.start) {
                    best = Some(PhraseMatch {
                        phrase: id,
                        start: i,
                        end,
                        verb,
                    });
                }
            }
        }
        best
    }

    /// Every phrase that starts at word `i`, longest first.
    pub fn matches_in(&self, p: &Prepared<'_>, i: usize) -> Vec<PhraseMatch> {
        let mut out = Vec::new();
        for &id in self.starting_at(p, i) {
            let phrase = &self.phrases[id];
            if let Some((end, verb)) = match_slots(&phrase.slots, phrase.verb_slot, p, i) {
                out.push(PhraseMatch {
                    phrase: id,
                    start: i,
                    end,
                    verb,
                });
            }
        }
        out.sort_by_key(|m| std::cmp::Reverse(m.end - m.start));
        out
    }

    /// [`Self::longest_in`] for words read just for this call.
    pub fn longest_at(&self, words: &[&str], i: usize) -> Option<PhraseMatch> {
        self.longest_in(&self.prepare(words), i)
    }

    /// [`Self::matches_in`] for words read just for this call.
    pub fn matches_at(&self, words: &[&str], i: usize) -> Vec<PhraseMatch> {
        self.matches_in(&self.prepare(words), i)
    }
}

fn match_slots(
    slots: &[Slot],
    verb_slot: Option<usize>,
    p: &Prepared<'_>,
    start: usize,
) -> Option<(usize, Option<usize>)> {
    // Small backtracking matcher: gaps try 0..=GAP words.
    fn go(
        slots: &[Slot],
        si: usize,
        verb_slot: Option<usize>,
        p: &Prepared<'_>,
        wi: usize,
        verb: Option<usize>,
    ) -> Option<(usize, Option<usize>)> {
        if si == slots.len() {
            return Some((wi, verb));
        }
        let n = p.len();
        match &slots[si] {
            Slot::Gap => (0..=GAP).find_map(|skip| {
                if wi + skip > n {
                    return None;
                }
                // A gap never crosses punctuation.
                if (wi..wi + skip).any(|j| p.is(j, PUNCTUATION)) {
                    return None;
                }
                go(slots, si + 1, verb_slot, p, wi + skip, verb)
            }),
            Slot::Article => {
                let det = wi < n && p.is(wi, DETERMINER);
                go(slots, si + 1, verb_slot, p, wi + usize::from(det), verb)
            }
            // After the verb or a determiner, modifiers may stand before the next
            // word: "imposed new sanctions on", "fired 59 Tomahawk cruise missiles at".
            Slot::Word { ids, det: has_det }
                if si > 0 && (verb_slot == Some(si - 1) || slots[si - 1] == Slot::Article) =>
            {
                let det = verb_slot == Some(si - 1) && !has_det && wi < n && p.is(wi, DETERMINER);
                let wi = wi + usize::from(det);
                for skip in 0..=MODIFIERS {
                    // Words skipped so far are all modifiers (checked one by one
                    // as the skip grows).
                    if skip > 0 && (wi + skip > n || !p.is(wi + skip - 1, MODIFIER)) {
                        return None;
                    }
                    if wi + skip >= n {
                        return None;
                    }
                    if ids.contains(&p.ids[wi + skip]) {
                        if let Some(found) = go(slots, si + 1, verb_slot, p, wi + skip + 1, verb) {
                            return Some(found);
                        }
                    }
                }
                None
            }
            Slot::Word { ids, .. } => {
                if wi < n && ids.contains(&p.ids[wi]) {
                    let verb = if verb_slot == Some(si) {
                        Some(wi)
                    } else {
                        verb
                    };
                    go(slots, si + 1, verb_slot, p, wi + 1, verb)
                } else {
                    None
                }
            }
        }
    }
    go(slots, 0, verb_slot, p, start, None)
}

/// The most modifiers skipped before a pattern word.
const MODIFIERS: usize = 4;

/// Determiners an article slot (or a verb's object) may start with.
const DETERMINERS: &[&str] = &[
    "a", "an", "the", "its", "their", "his", "her", "our", "this", "these", "those", "another",
];

/// Words that may modify a pattern's object without changing the event
/// ("new", "tough", "U.S."): any word but punctuation and function words.
/// Function words: articles, prepositions, conjunctions, negations, auxiliaries.
/// (A `match` on the string: this runs for every word of every sentence.)
fn function_word(w: &str) -> bool {
    matches!(
        w,
        "not"
            | "no"
            | "never"
            | "to"
            | "and"
            | "or"
            | "but"
            | "with"
            | "on"
            | "by"
            | "for"
            | "from"
            | "in"
            | "at"
            | "of"
            | "that"
            | "which"
            | "who"
            | "as"
            | "against"
            | "into"
            | "over"
            | "the"
            | "a"
            | "an"
            | "is"
            | "are"
            | "was"
            | "were"
            | "be"
            | "been"
            | "has"
            | "have"
            | "had"
    )
}

pub fn is_modifier(w: &str) -> bool {
    // Scare quotes around a modifier: "an 'unspeakably painful' agreement".
    if matches!(w, "'" | "\"" | "‘" | "’" | "“" | "”") {
        return true;
    }
    // A past form is a verb, not a modifier: "rocket fire killed".
    w.chars().next().is_some_and(char::is_alphanumeric)
        && (!function_word(w) || matches!(w, "a" | "an"))
        && !(w.ends_with("ed") && w.len() > 4)
}

/// Whether `w` is a function word (article, preposition, conjunction, negation).
pub fn is_function_word(w: &str) -> bool {
    function_word(w)
}

/// Inflections of a verb lemma: base, third person, past, participle, -ing.
pub fn inflect(lemma: &str, irregulars: &Irregulars) -> Vec<String> {
    let mut forms = vec![lemma.to_string()];
    if let Some(f) = irregulars.get(lemma) {
        // A tense may have several forms: "was;were", "is;are;am".
        forms.extend(f.iter().flat_map(|x| x.split(';').map(str::to_string)));
    } else {
        forms.push(third_person(lemma));
        let past = past(lemma);
        forms.push(past);
        forms.push(gerund(lemma));
    }
    forms.sort();
    forms.dedup();
    forms
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// One-syllable consonant-vowel-consonant verbs double their last letter: stop, stopped.
fn doubles(lemma: &str) -> bool {
    let c: Vec<char> = lemma.chars().collect();
    let n = c.len();
    let syllables = c
        .iter()
        .enumerate()
        .filter(|(i, &ch)| is_vowel(ch) && (*i == 0 || !is_vowel(c[i - 1])))
        .count();
    n >= 3
        && syllables == 1
        && !is_vowel(c[n - 1])
        && !matches!(c[n - 1], 'w' | 'x' | 'y')
        && is_vowel(c[n - 2])
        && !is_vowel(c[n - 3])
}

fn third_person(l: &str) -> String {
    if l.ends_with('s')
        || l.ends_with('x')
        || l.ends_with('z')
        || l.ends_with("ch")
        || l.ends_with("sh")
        || l.ends_with('o')
    {
        format!("{l}es")
    } else if l.ends_with('y') && !l[..l.len() - 1].ends_with(is_vowel) {
        format!("{}ies", &l[..l.len() - 1])
    } else {
        format!("{l}s")
    }
}

fn past(l: &str) -> String {
    if l.ends_with('e') {
        format!("{l}d")
    } else if l.ends_with('y') && !l[..l.len() - 1].ends_with(is_vowel) {
        format!("{}ied", &l[..l.len() - 1])
    } else if doubles(l) {
        format!("{l}{}ed", &l[l.len() - 1..])
    } else {
        format!("{l}ed")
    }
}

fn gerund(l: &str) -> String {
    if let Some(stem) = l.strip_suffix("ie") {
        format!("{stem}ying")
    } else if l.ends_with('e')
        && !l.ends_with("ee")
        && !l.ends_with("ye")
        && !l.ends_with("oe")
        && l.len() > 2
    {
        format!("{}ing", &l[..l.len() - 1])
    } else if doubles(l) {
        format!("{l}{}ing", &l[l.len() - 1..])
    } else {
        format!("{l}ing")
    }
}

/// Kinds of cue that change what a pattern means (`data/patterns/cues.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CueKind {
    /// The act did not happen ("did not attack").
    Negation,
    /// An announced or hoped-for act ("plans to", "will").
    Intent,
    /// A vowed or threatened act ("vowed to", "threatened to").
    Threat,
    /// A refused act ("refused to").
    Refusal,
    /// A possible act someone speculates about ("could attack", "might invade"):
    /// neither done nor announced, so not coded.
    Speculation,
    /// A reporting verb ("said"): the reported act is coded.
    Report,
    /// An auxiliary that with a participle and "by" swaps source and target.
    Passive,
    /// A labelling verb ("called the decision an injustice").
    Label,
    /// "followed suit".
    Follow,
    /// A phone or video call.
    Call,
    /// What an actor will suffer, in reported speech ("would pay a heavy price").
    Warning,
    /// Calling an actor a danger, in reported speech ("posed a threat to").
    Danger,
    /// Cutting or halting what the phrase after it names ("decreased its
    /// investment in", "halted aid to"): relations are reduced.
    Reduction,
}

impl CueKind {
    pub const ALL: &'static [(CueKind, &'static str)] = &[
        (CueKind::Negation, "negation"),
        (CueKind::Intent, "intent"),
        (CueKind::Threat, "threat"),
        (CueKind::Refusal, "refusal"),
        (CueKind::Speculation, "speculation"),
        (CueKind::Report, "report"),
        (CueKind::Passive, "passive"),
        (CueKind::Label, "label"),
        (CueKind::Follow, "follow"),
        (CueKind::Call, "call"),
        (CueKind::Warning, "warning"),
        (CueKind::Danger, "danger"),
        (CueKind::Reduction, "reduction"),
    ];

    pub fn from_name(s: &str) -> Option<CueKind> {
        Self::ALL.iter().find(|(_, n)| *n == s).map(|(c, _)| *c)
    }

    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(c, _)| *c == self)
            .map_or("", |(_, n)| n)
    }
}

/// What an intent or a refusal turns a root into ("hopes to meet" is 036).
#[derive(Debug, Clone, Default)]
pub struct Modality {
    pub intent: Option<String>,
    /// What a threat cue ("vowed to", "threatened to") makes of the root.
    pub threat: Option<String>,
    pub refusal: Option<String>,
    /// What a reduction cue ("cut", "halted") makes of the root.
    pub reduction: Option<String>,
}

#[derive(Debug, Default)]
pub struct Patterns {
    pub events: PhraseSet,
    pub cues: PhraseSet,
    /// The kind of each cue phrase, by its index in `cues`.
    pub cue_kinds: Vec<CueKind>,
    /// By root ("04"), what intent and refusal cues make of it.
    pub modality: HashMap<String, Modality>,
    /// Codes (or code prefixes) whose events, without a named target, are aimed
    /// at the actor's own state: protests, stepping down, martial law.
    pub own_target: Vec<String>,
    /// How the source's sector refines a code (`sector-codes.tsv`), in file order.
    pub sector_codes: Vec<SectorCode>,
    /// Irregular verb forms (`irregular-verbs.tsv`), also used by the verb lexicon.
    pub irregulars: Irregulars,
}

/// "Armed forces killing use military force": a code refined by the source's sector.
#[derive(Debug, Clone)]
pub struct SectorCode {
    pub sector: crate::actors::Sector,
    /// A code (exact) or a 2-digit root (every code under it).
    pub code: String,
    /// The refined code; `None` (written `-`) when such an actor's act is no
    /// event of this code at all ("a senator beat his rival": a vote, no assault).
    pub to: Option<String>,
    /// Only when the text names no target.
    pub untargeted: bool,
}

impl SectorCode {
    fn applies(&self, sector: crate::actors::Sector, code: &str, has_target: bool) -> bool {
        let code_matches =
            self.code == code || (self.code.len() == 2 && code.starts_with(self.code.as_str()));
        self.sector == sector && code_matches && !(self.untargeted && has_target)
    }
}

impl Patterns {
    /// What a cue makes of `code`: the row of its longest prefix in `modality.tsv`
    /// ("085", ease economic sanctions, before its root "08").
    pub fn modality_of(&self, code: &str) -> Option<&Modality> {
        (2..=code.len())
            .rev()
            .find_map(|n| code.get(..n).and_then(|p| self.modality.get(p)))
    }

    pub fn load(dir: &DataPath, ontology: &Ontology, errors: &mut Vec<DataError>) -> Patterns {
        let mut irregulars = Irregulars::new();
        let path = dir.join("irregular-verbs.tsv");
        if let Some(text) = tsv::read(&path, errors) {
            let cols = ["lemma", "past", "participle", "third_person", "ing"];
            for rec in tsv::parse(path.shown(), &text, &cols, errors) {
                let forms = [1, 2, 3, 4].map(|i| rec.get(i).to_lowercase());
                if forms.iter().any(|f| f.split(';').any(str::is_empty)) {
                    errors.push(DataError::new(
                        path.shown(),
                        rec.line,
                        "every form is needed (several forms of a tense are separated by ';')",
                    ));
                    continue;
                }
                irregulars.insert(rec.get(0).to_lowercase(), forms);
            }
        }
        let mut events = PhraseSet::default();
        let mut seen: HashMap<String, (String, String)> = HashMap::new();
        // events.tsv and any events-*.tsv beside it (a user's own additions).
        let files: Vec<DataPath> = dir
            .files()
            .map(|files| {
                files
                    .into_iter()
                    .filter(|p| {
                        let name = p.shown().file_name().and_then(|n| n.to_str()).unwrap_or("");
                        name.starts_with("events") && name.ends_with(".tsv")
                    })
                    .collect()
            })
            .unwrap_or_default();
        if files.is_empty() {
            errors.push(DataError::new(
                dir.join("events.tsv").shown(),
                0,
                "no event pattern file",
            ));
        }
        for path in files {
            let Some(text) = tsv::read(&path, errors) else {
                continue;
            };
            for rec in tsv::parse(path.shown(), &text, &["code", "pattern", "note"], errors) {
                let (code, phrase) = (rec.get(0), rec.get(1));
                if ontology.get(code).is_none() {
                    errors.push(DataError::new(
                        path.shown(),
                        rec.line,
                        format!("unknown CAMEO code {code:?}"),
                    ));
                    continue;
                }
                let key = phrase.to_lowercase();
                if let Some((other, line)) = seen.get(&key) {
                    errors.push(DataError::new(
                        path.shown(),
                        rec.line,
                        format!("pattern {phrase:?} already maps to {other} at {line}"),
                    ));
                    continue;
                }
                seen.insert(
                    key,
                    (code.to_string(), format!("{}:{}", path.display(), rec.line)),
                );
                if let Err(e) = events.add(code, phrase, rec.line, &irregulars) {
                    errors.push(DataError::new(path.shown(), rec.line, e));
                }
            }
        }
        let mut cues = PhraseSet::default();
        let mut cue_kinds = Vec::new();
        let path = dir.join("cues.tsv");
        if let Some(text) = tsv::read(&path, errors) {
            for rec in tsv::parse(path.shown(), &text, &["kind", "phrase", "note"], errors) {
                let kind = rec.get(0);
                let Some(cue) = CueKind::from_name(kind) else {
                    let names: Vec<&str> = CueKind::ALL.iter().map(|(_, n)| *n).collect();
                    errors.push(DataError::new(
                        path.shown(),
                        rec.line,
                        format!("unknown cue kind {kind:?} (one of {names:?})"),
                    ));
                    continue;
                };
                match cues.add(kind, rec.get(1), rec.line, &irregulars) {
                    Ok(()) => cue_kinds.push(cue),
                    Err(e) => errors.push(DataError::new(path.shown(), rec.line, e)),
                }
            }
        }
        let mut modality = HashMap::new();
        let path = dir.join("modality.tsv");
        if let Some(text) = tsv::read(&path, errors) {
            let cols = ["root", "intent", "threat", "refusal", "reduction", "note"];
            for rec in tsv::parse(path.shown(), &text, &cols, errors) {
                let mut m = Modality::default();
                for (i, slot) in [
                    (1, &mut m.intent),
                    (2, &mut m.threat),
                    (3, &mut m.refusal),
                    (4, &mut m.reduction),
                ] {
                    let code = rec.get(i);
                    if code.is_empty() {
                        continue;
                    }
                    if ontology.get(code).is_none() {
                        errors.push(DataError::new(
                            path.shown(),
                            rec.line,
                            format!("unknown CAMEO code {code:?}"),
                        ));
                    } else {
                        *slot = Some(code.to_string());
                    }
                }
                modality.insert(rec.get(0).to_string(), m);
            }
        }
        let mut own_target = Vec::new();
        let path = dir.join("own-target.tsv");
        if let Some(text) = tsv::read(&path, errors) {
            for rec in tsv::parse(path.shown(), &text, &["code", "note"], errors) {
                let code = rec.get(0);
                if ontology.get(code).is_none() {
                    errors.push(DataError::new(
                        path.shown(),
                        rec.line,
                        format!("unknown CAMEO code {code:?}"),
                    ));
                    continue;
                }
                own_target.push(code.to_string());
            }
        }
        let mut sector_codes = Vec::new();
        let path = dir.join("sector-codes.tsv");
        if let Some(text) = tsv::read(&path, errors) {
            let cols = ["sector", "code", "to", "when", "note"];
            for rec in tsv::parse(path.shown(), &text, &cols, errors) {
                let err = |r: String| DataError::new(path.shown(), rec.line, r);
                let (sector, code, to, when) = (rec.get(0), rec.get(1), rec.get(2), rec.get(3));
                let Some(sector) = crate::actors::Sector::from_code(sector) else {
                    errors.push(err(crate::actors::unknown_sector(sector)));
                    continue;
                };
                if ontology.get(code).is_none() || (!to.is_empty() && ontology.get(to).is_none()) {
                    errors.push(err(format!("unknown CAMEO code in {code:?} -> {to:?}")));
                    continue;
                }
                if !matches!(when, "any" | "untargeted") {
                    errors.push(err(format!(
                        "when {when:?} is neither \"any\" nor \"untargeted\""
                    )));
                    continue;
                }
                sector_codes.push(SectorCode {
                    sector,
                    code: code.to_string(),
                    to: (!to.is_empty()).then(|| to.to_string()),
                    untargeted: when == "untargeted",
                });
            }
        }
        Patterns {
            events,
            cues,
            cue_kinds,
            modality,
            own_target,
            sector_codes,
            irregulars,
        }
    }

    /// `code` refined by the source's `sector`, every rule in file order; `None`
    /// when a rule says such an actor's act is no event.
    pub fn by_sector(
        &self,
        sector: crate::actors::Sector,
        code: &str,
        has_target: bool,
    ) -> Option<String> {
        let mut code = code.to_string();
        for rule in &self.sector_codes {
            if rule.applies(sector, &code, has_target) {
                code = rule.to.clone()?;
            }
        }
        Some(code)
    }

    /// Whether `code`'s events without a target are aimed at the actor's own state.
    pub fn aims_at_own_state(&self, code: &str) -> bool {
        self.own_target.iter().any(|p| code.starts_with(p.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_inflection() {
        let irr = Irregulars::new();
        assert_eq!(
            inflect("accuse", &irr),
            ["accuse", "accused", "accuses", "accusing"]
        );
        assert_eq!(
            inflect("stop", &irr),
            ["stop", "stopped", "stopping", "stops"]
        );
        assert_eq!(
            inflect("visit", &irr),
            ["visit", "visited", "visiting", "visits"]
        );
        assert_eq!(
            inflect("deny", &irr),
            ["denied", "denies", "deny", "denying"]
        );
        assert_eq!(
            inflect("agree", &irr),
            ["agree", "agreed", "agreeing", "agrees"]
        );
        assert_eq!(
            inflect("reach", &irr),
            ["reach", "reached", "reaches", "reaching"]
        );
        let mut irr = Irregulars::new();
        irr.insert(
            "be".into(),
            ["was;were", "been", "is;are;am", "being"].map(String::from),
        );
        assert_eq!(
            inflect("be", &irr),
            ["am", "are", "be", "been", "being", "is", "was", "were"]
        );
    }

    #[test]
    fn phrases_match_with_inflections_and_gaps() {
        let mut irr = Irregulars::new();
        irr.insert(
            "hold".into(),
            ["held", "held", "holds", "holding"].map(String::from),
        );
        let mut set = PhraseSet::default();
        set.add("046", "+hold talks with", 1, &irr).unwrap();
        set.add("036", "+resume * talks", 2, &irr).unwrap();
        assert!(set.add("x", "+a +b", 3, &irr).is_err());
        let words = ["they", "held", "talks", "with", "them"];
        let m = set.matches_at(&words, 1);
        assert_eq!((m[0].start, m[0].end, m[0].verb), (1, 4, Some(1)));
        let words = ["resumed", "political", "talks"];
        assert_eq!(set.matches_at(&words, 0)[0].end, 3);
        let words = ["resumed", ",", "talks"];
        assert!(set.matches_at(&words, 0).is_empty());
    }

    #[test]
    fn modifiers_and_articles_before_pattern_words() {
        let irr = Irregulars::new();
        let mut set = PhraseSet::default();
        set.add("163", "+impose sanctions on", 1, &irr).unwrap();
        set.add("138", "+launch an invasion of", 2, &irr).unwrap();
        set.add("163", "+impose", 3, &irr).unwrap();
        let end = |words: &[&str]| set.longest_at(words, 0).map(|m| (m.phrase, m.end));
        // A determiner and up to four modifiers may stand before the object.
        assert_eq!(
            end(&["imposed", "the", "new", "tough", "sanctions", "on", "x"]),
            Some((0, 6))
        );
        assert_eq!(
            end(&["launched", "a", "full-scale", "invasion", "of", "x"]),
            Some((1, 5))
        );
        // A function word or a past form is no modifier: the short phrase wins.
        assert_eq!(end(&["imposed", "on", "sanctions", "on"]), Some((2, 1)));
        assert_eq!(
            end(&["imposed", "renewed", "sanctions", "on"]),
            Some((2, 1))
        );
        // Five modifiers are too many; a sentence may end inside a phrase.
        assert_eq!(
            end(&["imposed", "b", "c", "d", "e", "f", "sanctions", "on"]),
            Some((2, 1))
        );
        assert_eq!(end(&["imposed", "new"]), Some((2, 1)));
        // Words no phrase names are read without failing.
        let prepared = set.prepare(&["unheard", "imposed"]);
        assert!(set.longest_in(&prepared, 0).is_none());
        assert_eq!(set.longest_in(&prepared, 1).map(|m| m.end), Some(2));
        // Past the end of the sentence nothing starts.
        assert!(set.longest_in(&prepared, 2).is_none());
        assert!(set.matches_in(&prepared, 5).is_empty());
        // "of" after a noun of quantity stays inside the object, and only there.
        let round = ["imposed", "a", "new", "round", "of", "sanctions", "on", "x"];
        assert_eq!(end(&round), Some((2, 1)));
        set.set_partitives(["round".to_string()]);
        assert_eq!(
            set.longest_at(&round, 0).map(|m| (m.phrase, m.end)),
            Some((0, 7))
        );
        assert_eq!(
            set.longest_at(&["imposed", "a", "list", "of", "sanctions", "on"], 0)
                .map(|m| (m.phrase, m.end)),
            Some((2, 1))
        );
    }
}
