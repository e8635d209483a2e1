//! The verb lexicon converted from PETRARCH2's dictionaries (`data/lexicon/`, made by
//! `tools/petrarch2.py`): verbs grouped in synonym blocks, each block's patterns
//! (subject, object and prepositional phrases around the verb, and the CAMEO code they
//! give), the synonym sets patterns name as `&synset`, and verb transformations.
//!
//! Files (formats in `data/README.md`): `synsets.tsv`, `verbs.tsv`,
//! `verb-patterns.tsv`, `verb-transformations.tsv`, and `discards.tsv` (read by
//! [`load_discards`]).
//!
//! Invariants: every code is in the ontology; every block a pattern names has verbs;
//! every `&synset` a pattern uses is defined; no verb, pattern or synset member is
//! listed twice. Problems are `DataError`s with file and line; the lines that have
//! none still load.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;
use std::path::Path;

use crate::files::DataPath;
use crate::ontology::Ontology;
use crate::patterns::{inflect, Fnv, Irregulars};
use crate::tsv::{self, DataError};

/// One verb of a block: "strike", or a multiword verb written as in the events
/// patterns ("+ask for", "wire +tap").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbEntry {
    /// As in the file.
    pub phrase: String,
    /// Lowercase, without '+'.
    pub words: Vec<String>,
    /// Index in `words` of the inflected word.
    pub head: usize,
    /// The code the verb gives on its own; `None`: no event without a pattern.
    pub code: Option<String>,
    /// Index of its block (see [`VerbLexicon::block_name`]).
    pub block: usize,
    /// Line in `verbs.tsv`.
    pub line: usize,
}

/// A word of a pattern, or a synonym set standing for any of its members.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Term {
    Word(String),
    Synset(usize),
}

/// A pattern of a block: the verb with these words around it gives `code`.
/// Noun phrases are written head last ("air strike": head "strike").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbPattern {
    /// Nouns before the verb (its subject), head last; empty: any.
    pub subject: Vec<Term>,
    /// The noun phrase after the verb, before any prepositional phrase; empty: any.
    pub object: Vec<Term>,
    /// Prepositional phrases after the verb, in order: the preposition and its noun
    /// phrase (possibly empty: "(to)").
    pub preps: Vec<(String, Vec<Term>)>,
    /// `None`: the words make it no event (PETRARCH's `---`).
    pub code: Option<String>,
    /// Line in `verb-patterns.tsv`.
    pub line: usize,
}

/// "A said A will attack B" -> "A threatens B": what an event inside a verb's
/// complement becomes (`verb-transformations.tsv`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transformation {
    /// The upper verb as in `verbs.tsv`; `None`: any verb.
    pub verb: Option<String>,
    /// Actor variables: a letter, `.` (any actor) or `_` (no actor).
    pub subject: String,
    pub lower_verb: Option<String>,
    pub lower_subject: String,
    pub lower_object: String,
    pub new_subject: String,
    pub new_object: String,
    /// `None`: the lower event's own code.
    pub code: Option<String>,
    pub line: usize,
}

#[derive(Debug, Default)]
struct Block {
    name: String,
    patterns: Vec<VerbPattern>,
}

#[derive(Debug, Default)]
struct Synset {
    name: String,
    /// Every surface form, lowercase ("prime minister", "prime ministers").
    members: Vec<String>,
    /// Single words, and the head (last word) of each phrase.
    heads: HashSet<String>,
}

/// Verbs, their blocks and patterns, synonym sets and transformations.
#[derive(Debug, Default)]
pub struct VerbLexicon {
    entries: Vec<VerbEntry>,
    blocks: Vec<Block>,
    by_form: HashMap<String, Vec<usize>, BuildHasherDefault<Fnv>>,
    synsets: Vec<Synset>,
    transformations: Vec<Transformation>,
    pattern_count: usize,
}

/// Words a verb, term or preposition may contain (a token of demarche's tokenizer).
fn is_word(w: &str) -> bool {
    !w.is_empty()
        && w.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '\'' | '.' | '/'))
        && w.chars().any(char::is_alphanumeric)
        && w == w.to_lowercase()
}

/// "&weapon", "&fight_of_words".
fn is_synset_name(name: &str) -> bool {
    name.strip_prefix('&').is_some_and(|n| {
        !n.is_empty()
            && n.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    })
}

impl VerbLexicon {
    /// Loads the lexicon from `dir` (`data/lexicon`); `irregulars` are the irregular
    /// verb forms of `data/patterns/irregular-verbs.tsv`.
    pub fn load(
        dir: &DataPath,
        ontology: &Ontology,
        irregulars: &Irregulars,
        errors: &mut Vec<DataError>,
    ) -> VerbLexicon {
        let mut texts = Vec::new();
        for name in [
            "synsets.tsv",
            "verbs.tsv",
            "verb-patterns.tsv",
            "verb-transformations.tsv",
        ] {
            let path = dir.join(name);
            texts.push((tsv::read(&path, errors), path));
        }
        let text = |i: usize| texts[i].0.as_deref().unwrap_or("");
        let mut lex = VerbLexicon::default();
        if texts[0].0.is_some() {
            lex.parse_synsets((texts[0].1).shown(), text(0), errors);
        }
        if texts[1].0.is_some() {
            lex.parse_verbs((texts[1].1).shown(), text(1), ontology, irregulars, errors);
        }
        if texts[2].0.is_some() {
            lex.parse_patterns((texts[2].1).shown(), text(2), ontology, errors);
        }
        if texts[3].0.is_some() {
            lex.parse_transformations((texts[3].1).shown(), text(3), ontology, errors);
        }
        lex
    }

    /// `synset word source`: one surface form a line.
    pub fn parse_synsets(&mut self, path: &Path, text: &str, errors: &mut Vec<DataError>) {
        let mut ids: HashMap<String, usize> = HashMap::new();
        let mut seen = HashSet::new();
        for rec in tsv::parse(path, text, &["synset", "word", "source"], errors) {
            let (name, word) = (rec.get(0), rec.get(1));
            let err = |r: String| DataError::new(path, rec.line, r);
            if !is_synset_name(name) {
                errors.push(err(format!(
                    "synset {name:?} should be '&' and lowercase letters, digits or '_'"
                )));
                continue;
            }
            let words: Vec<&str> = word.split(' ').collect();
            if !words.iter().all(|w| is_word(w)) {
                errors.push(err(format!(
                    "member {word:?} should be lowercase words separated by single blanks"
                )));
                continue;
            }
            if rec.get(2).is_empty() {
                errors.push(err("no source".into()));
            }
            if !seen.insert((name.to_string(), word.to_string())) {
                errors.push(err(format!("{word:?} is listed twice in {name}")));
                continue;
            }
            let id = *ids.entry(name.to_string()).or_insert_with(|| {
                self.synsets.push(Synset {
                    name: name.to_string(),
                    ..Synset::default()
                });
                self.synsets.len() - 1
            });
            let s = &mut self.synsets[id];
            s.heads.insert(words[words.len() - 1].to_string());
            s.members.push(word.to_string());
        }
    }

    /// `verb code block forms source`.
    pub fn parse_verbs(
        &mut self,
        path: &Path,
        text: &str,
        ontology: &Ontology,
        irregulars: &Irregulars,
        errors: &mut Vec<DataError>,
    ) {
        let mut block_ids: HashMap<String, usize> = self
            .blocks
            .iter()
            .enumerate()
            .map(|(i, b)| (b.name.clone(), i))
            .collect();
        let mut seen: HashMap<String, usize> = HashMap::new();
        let cols = ["verb", "code", "block", "forms", "source"];
        for rec in tsv::parse(path, text, &cols, errors) {
            let err = |r: String| DataError::new(path, rec.line, r);
            let phrase = rec.get(0);
            let (words, head) = match parse_verb_phrase(phrase) {
                Ok(v) => v,
                Err(e) => {
                    errors.push(err(e));
                    continue;
                }
            };
            let code = match check_code(rec.get(1), ontology) {
                Ok(c) => c,
                Err(e) => {
                    errors.push(err(e));
                    continue;
                }
            };
            let block = rec.get(2);
            if block.is_empty() {
                errors.push(err("no block".into()));
                continue;
            }
            if rec.get(4).is_empty() {
                errors.push(err("no source".into()));
            }
            let forms: Vec<&str> = rec.list(3).collect();
            if let Some(bad) = forms.iter().find(|f| !is_word(f)) {
                errors.push(err(format!("form {bad:?} is not a lowercase word")));
                continue;
            }
            if let Some(first) = seen.get(phrase) {
                errors.push(err(format!(
                    "verb {phrase:?} is listed twice (first at line {first})"
                )));
                continue;
            }
            seen.insert(phrase.to_string(), rec.line);
            let block = *block_ids.entry(block.to_string()).or_insert_with(|| {
                self.blocks.push(Block {
                    name: block.to_string(),
                    patterns: Vec::new(),
                });
                self.blocks.len() - 1
            });
            let id = self.entries.len();
            let mut surface = inflect(&words[head], irregulars);
            surface.extend(forms.iter().map(|f| f.to_string()));
            surface.sort();
            surface.dedup();
            for form in surface {
                self.by_form.entry(form).or_default().push(id);
            }
            self.entries.push(VerbEntry {
                phrase: phrase.to_string(),
                words,
                head,
                code,
                block,
                line: rec.line,
            });
        }
    }

    /// `block subject object preps code source`.
    pub fn parse_patterns(
        &mut self,
        path: &Path,
        text: &str,
        ontology: &Ontology,
        errors: &mut Vec<DataError>,
    ) {
        let block_ids: HashMap<&str, usize> = self
            .blocks
            .iter()
            .enumerate()
            .map(|(i, b)| (b.name.as_str(), i))
            .collect();
        let synset_ids: HashMap<&str, usize> = self
            .synsets
            .iter()
            .enumerate()
            .map(|(i, s)| (s.name.as_str(), i))
            .collect();
        let mut seen: HashMap<(usize, &str, &str, &str), usize> = HashMap::new();
        let mut added: Vec<(usize, VerbPattern)> = Vec::new();
        let cols = ["block", "subject", "object", "preps", "code", "source"];
        for rec in tsv::parse(path, text, &cols, errors) {
            let err = |r: String| DataError::new(path, rec.line, r);
            let Some(&block) = block_ids.get(rec.get(0)) else {
                errors.push(err(format!(
                    "block {:?} has no verb in verbs.tsv",
                    rec.get(0)
                )));
                continue;
            };
            let terms = |cell: &str| -> Result<Vec<Term>, String> {
                cell.split(' ')
                    .filter(|w| !w.is_empty())
                    .map(|w| {
                        if let Some(name) = w.strip_prefix('&') {
                            synset_ids
                                .get(w)
                                .map(|&i| Term::Synset(i))
                                .ok_or_else(|| format!("synset &{name} is not in synsets.tsv"))
                        } else if is_word(w) {
                            Ok(Term::Word(w.to_string()))
                        } else {
                            Err(format!("{w:?} is not a lowercase word or a &synset"))
                        }
                    })
                    .collect()
            };
            let parsed = (|| -> Result<VerbPattern, String> {
                let subject = terms(rec.get(1))?;
                let object = terms(rec.get(2))?;
                let mut preps = Vec::new();
                for p in rec.list(3) {
                    let (prep, rest) = p.split_once(' ').unwrap_or((p, ""));
                    if !is_word(prep) {
                        return Err(format!("preposition {prep:?} is not a lowercase word"));
                    }
                    preps.push((prep.to_string(), terms(rest)?));
                }
                if subject.is_empty() && object.is_empty() && preps.is_empty() {
                    return Err("a pattern needs a subject, an object or a preposition".into());
                }
                let code = check_code(rec.get(4), ontology)?;
                Ok(VerbPattern {
                    subject,
                    object,
                    preps,
                    code,
                    line: rec.line,
                })
            })();
            let pattern = match parsed {
                Ok(p) => p,
                Err(e) => {
                    errors.push(err(e));
                    continue;
                }
            };
            if rec.get(5).is_empty() {
                errors.push(err("no source".into()));
            }
            let key = (block, rec.get(1), rec.get(2), rec.get(3));
            if let Some(first) = seen.get(&key) {
                errors.push(err(format!(
                    "this pattern of {:?} is listed twice (first at line {first})",
                    rec.get(0)
                )));
                continue;
            }
            seen.insert(key, rec.line);
            added.push((block, pattern));
        }
        self.pattern_count += added.len();
        for (block, p) in added {
            self.blocks[block].patterns.push(p);
        }
    }

    /// `verb subject lower_verb lower_subject lower_object new_subject new_object code source`.
    pub fn parse_transformations(
        &mut self,
        path: &Path,
        text: &str,
        ontology: &Ontology,
        errors: &mut Vec<DataError>,
    ) {
        let verbs: HashSet<&str> = self.entries.iter().map(|e| e.phrase.as_str()).collect();
        let cols = [
            "verb",
            "subject",
            "lower_verb",
            "lower_subject",
            "lower_object",
            "new_subject",
            "new_object",
            "code",
            "source",
        ];
        let mut out = Vec::new();
        for rec in tsv::parse(path, text, &cols, errors) {
            let err = |r: String| DataError::new(path, rec.line, r);
            let verb = |cell: &str| -> Result<Option<String>, String> {
                match cell {
                    "*" => Ok(None),
                    v if verbs.contains(v) => Ok(Some(v.to_string())),
                    v => Err(format!("verb {v:?} is not in verbs.tsv")),
                }
            };
            let actor = |i: usize| -> Result<String, String> {
                let a = rec.get(i);
                if a == "."
                    || a == "_"
                    || (a.len() == 1 && a.chars().all(|c| c.is_ascii_lowercase()))
                {
                    Ok(a.to_string())
                } else {
                    Err(format!(
                        "actor {a:?} should be a letter, '.' (any) or '_' (none)"
                    ))
                }
            };
            let parsed = (|| -> Result<Transformation, String> {
                Ok(Transformation {
                    verb: verb(rec.get(0))?,
                    subject: actor(1)?,
                    lower_verb: verb(rec.get(2))?,
                    lower_subject: actor(3)?,
                    lower_object: actor(4)?,
                    new_subject: actor(5)?,
                    new_object: actor(6)?,
                    code: match rec.get(7) {
                        "*" => None,
                        c => check_code(c, ontology)?,
                    },
                    line: rec.line,
                })
            })();
            match parsed {
                Ok(t) => out.push(t),
                Err(e) => errors.push(err(e)),
            }
        }
        self.transformations.extend(out);
    }

    /// Entries whose inflected word has this lowercase surface form ("struck",
    /// "strikes", "striking" -> strike; "asked" -> "+ask for" and "ask").
    pub fn by_form(&self, form: &str) -> &[usize] {
        self.by_form.get(form).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn entry(&self, id: usize) -> &VerbEntry {
        &self.entries[id]
    }

    /// A block's id: its first verb as in `verbs.tsv`.
    pub fn block_name(&self, block: usize) -> &str {
        &self.blocks[block].name
    }

    pub fn patterns(&self, block: usize) -> &[VerbPattern] {
        &self.blocks[block].patterns
    }

    /// Whether a lowercase word is the term: the word itself, or any surface form of
    /// the synset. A member of several words ("prime minister") matches by its head
    /// (last word); [`VerbLexicon::synset_members`] has the whole phrases.
    pub fn term_matches(&self, term: &Term, word: &str) -> bool {
        match term {
            Term::Word(w) => w == word,
            Term::Synset(id) => self.synsets[*id].heads.contains(word),
        }
    }

    /// A synset's name ("&weapon").
    pub fn synset_name(&self, id: usize) -> &str {
        &self.synsets[id].name
    }

    /// Every surface form of a synset, as in `synsets.tsv`.
    pub fn synset_members(&self, id: usize) -> &[String] {
        &self.synsets[id].members
    }

    pub fn transformations(&self) -> &[Transformation] {
        &self.transformations
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn block_count(&self) -> usize {
        self.blocks.len()
    }

    pub fn pattern_count(&self) -> usize {
        self.pattern_count
    }

    /// Surface forms of all synsets together.
    pub fn synset_form_count(&self) -> usize {
        self.synsets.iter().map(|s| s.members.len()).sum()
    }

    pub fn synset_count(&self) -> usize {
        self.synsets.len()
    }
}

/// "wire +tap" -> (["wire", "tap"], 1); "strike" -> (["strike"], 0).
fn parse_verb_phrase(phrase: &str) -> Result<(Vec<String>, usize), String> {
    let mut words = Vec::new();
    let mut head = None;
    for (i, w) in phrase.split(' ').enumerate() {
        let w = match w.strip_prefix('+') {
            Some(rest) => {
                if head.replace(i).is_some() {
                    return Err(format!("verb {phrase:?} has more than one '+' word"));
                }
                rest
            }
            None => w,
        };
        if !is_word(w) {
            return Err(format!(
                "verb {phrase:?}: {w:?} is not a lowercase word (words are separated by single blanks)"
            ));
        }
        words.push(w.to_string());
    }
    let head = match (head, words.len()) {
        (Some(h), _) => h,
        (None, 1) => 0,
        (None, _) => {
            return Err(format!(
                "multiword verb {phrase:?} needs '+' before its inflected word"
            ))
        }
    };
    Ok((words, head))
}

/// An empty cell is no code; anything else must be in the ontology.
fn check_code(code: &str, ontology: &Ontology) -> Result<Option<String>, String> {
    if code.is_empty() {
        Ok(None)
    } else if ontology.get(code).is_some() {
        Ok(Some(code.to_string()))
    } else {
        Err(format!("unknown CAMEO code {code:?}"))
    }
}

/// `discards.tsv` (`phrase source`): lowercase phrases that mark sentences or stories
/// not to code (sport, entertainment).
pub fn load_discards(path: &DataPath, errors: &mut Vec<DataError>) -> Vec<String> {
    let Some(text) = tsv::read(path, errors) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for rec in tsv::parse(path.shown(), &text, &["phrase", "source"], errors) {
        let phrase = rec.get(0);
        if phrase.is_empty() || phrase != phrase.to_lowercase() {
            errors.push(DataError::new(
                path.shown(),
                rec.line,
                format!("discard {phrase:?} should be a lowercase phrase"),
            ));
            continue;
        }
        if !seen.insert(phrase) {
            errors.push(DataError::new(
                path.shown(),
                rec.line,
                format!("discard {phrase:?} is listed twice"),
            ));
            continue;
        }
        out.push(phrase.to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const CAMEO: &str = "code\tquad_class\tgoldstein\tplover\tplover_mode\tname\n\
        01\t1\t0\tSTATEMENT\t-\tMake public statement\n\
        010\t1\t0\tSTATEMENT\t-\tMake statement\n\
        02\t1\t3\tREQUEST\t-\tAppeal\n\
        020\t1\t3\tREQUEST\t-\tAppeal\n\
        19\t4\t-10\tASSAULT\t-\tFight\n\
        190\t4\t-10\tASSAULT\t-\tUse conventional military force\n\
        195\t4\t-10\tASSAULT\taerial\tEmploy aerial weapons\n";

    fn ontology() -> Ontology {
        let mut errors = Vec::new();
        let o = Ontology::parse(Path::new("cameo.tsv"), CAMEO, &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        o
    }

    fn irregulars() -> Irregulars {
        let mut irr = Irregulars::new();
        irr.insert(
            "strike".into(),
            ["struck", "struck", "strikes", "striking"].map(String::from),
        );
        irr
    }

    const SYNSETS: &str = "synset\tword\tsource\n\
        &aircraft\tplane\tt:1\n&aircraft\tplanes\tt:1\n\
        &aircraft\tfighter jet\tt:2\n&aircraft\tfighter jets\tt:2\n";
    const VERBS: &str = "# a comment\nverb\tcode\tblock\tforms\tsource\n\
        +ask for\t020\t+ask for\tasked;asking;asks\tt:1\n\
        ask\t020\t+ask for\t-\tt:2\n\
        attack\t190\tattack\t-\tt:3\n\
        strike\t190\tattack\t-\tt:4\n\
        wire +tap\t-\twire +tap\ttapped;tapping;taps\tt:5\n";
    const PATTERNS: &str = "block\tsubject\tobject\tpreps\tcode\tsource\n\
        attack\t&aircraft\t-\t-\t195\tt:1\n\
        attack\t-\tair base\tin city;with\t195\tt:2\n\
        +ask for\t-\thelp\t-\t-\tt:3\n";

    fn lexicon(patterns: &str) -> (VerbLexicon, Vec<DataError>) {
        let mut errors = Vec::new();
        let mut lex = VerbLexicon::default();
        let o = ontology();
        lex.parse_synsets(Path::new("synsets.tsv"), SYNSETS, &mut errors);
        lex.parse_verbs(
            Path::new("verbs.tsv"),
            VERBS,
            &o,
            &irregulars(),
            &mut errors,
        );
        lex.parse_patterns(Path::new("verb-patterns.tsv"), patterns, &o, &mut errors);
        (lex, errors)
    }

    fn phrases(lex: &VerbLexicon, form: &str) -> Vec<String> {
        let mut v: Vec<String> = lex
            .by_form(form)
            .iter()
            .map(|&i| lex.entry(i).phrase.clone())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn forms_find_their_verbs_blocks_and_codes() {
        let (lex, errors) = lexicon(PATTERNS);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            (lex.len(), lex.block_count(), lex.pattern_count()),
            (5, 3, 3)
        );
        // Irregular forms come from irregular-verbs.tsv; regular ones are generated.
        for (form, verbs) in [
            ("struck", vec!["strike"]),
            ("strikes", vec!["strike"]),
            ("striking", vec!["strike"]),
            ("attacked", vec!["attack"]),
            ("asked", vec!["+ask for", "ask"]),
            ("asks", vec!["+ask for", "ask"]),
            ("tapped", vec!["wire +tap"]),
            ("wire", vec![]),
            ("stroke", vec![]),
        ] {
            assert_eq!(phrases(&lex, form), verbs, "{form}");
        }
        let struck = lex.entry(lex.by_form("struck")[0]);
        assert_eq!(struck.code.as_deref(), Some("190"));
        assert_eq!(lex.block_name(struck.block), "attack");
        let ask_for = lex
            .by_form("asked")
            .iter()
            .map(|&i| lex.entry(i))
            .find(|e| e.words.len() == 2)
            .unwrap();
        assert_eq!(
            (ask_for.words.clone(), ask_for.head),
            (vec!["ask".into(), "for".into()], 0)
        );
        assert_eq!(ask_for.code.as_deref(), Some("020"));
        let tap = lex.entry(lex.by_form("taps")[0]);
        assert_eq!((tap.head, tap.line), (1, 7));
    }

    #[test]
    fn patterns_and_synset_terms() {
        let (lex, errors) = lexicon(PATTERNS);
        assert!(errors.is_empty(), "{errors:?}");
        let block = lex.entry(lex.by_form("struck")[0]).block;
        let pats = lex.patterns(block);
        assert_eq!(pats.len(), 2);
        let subject = &pats[0].subject[0];
        assert!(matches!(subject, Term::Synset(_)));
        for (word, yes) in [
            ("planes", true),
            ("plane", true),
            ("jets", true),
            ("fighter", false),
            ("tank", false),
        ] {
            assert_eq!(lex.term_matches(subject, word), yes, "{word}");
        }
        assert_eq!(pats[0].code.as_deref(), Some("195"));
        assert_eq!(
            pats[1].object,
            vec![Term::Word("air".into()), Term::Word("base".into())]
        );
        assert_eq!(
            pats[1].preps,
            vec![
                ("in".to_string(), vec![Term::Word("city".into())]),
                ("with".to_string(), vec![])
            ]
        );
        assert!(lex.term_matches(&Term::Word("base".into()), "base"));
        // "---" in PETRARCH: the words make no event.
        let ask = lex.entry(lex.by_form("ask")[0]).block;
        assert_eq!(lex.patterns(ask)[0].code, None);
    }

    #[test]
    fn bad_lines_are_errors_with_file_and_line() {
        let bad = "block\tsubject\tobject\tpreps\tcode\tsource\n\
            attack\t-\ttank\t-\t999\tt:1\n\
            attack\t&tanks\t-\t-\t190\tt:2\n\
            nowhere\t-\ttank\t-\t190\tt:3\n\
            attack\t-\t-\t-\t190\tt:4\n\
            attack\t&aircraft\t-\t-\t190\tt:5\n\
            attack\t-\tTank\t-\t190\tt:6\n";
        let (lex, errors) = lexicon(bad);
        let got: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            got,
            [
                "verb-patterns.tsv:2: unknown CAMEO code \"999\"",
                "verb-patterns.tsv:3: synset &tanks is not in synsets.tsv",
                "verb-patterns.tsv:4: block \"nowhere\" has no verb in verbs.tsv",
                "verb-patterns.tsv:5: a pattern needs a subject, an object or a preposition",
                "verb-patterns.tsv:7: \"Tank\" is not a lowercase word or a &synset",
            ]
        );
        // Line 6 repeats no earlier good line: it loads.
        assert_eq!(lex.pattern_count(), 1);

        let mut errors = Vec::new();
        let mut lex = VerbLexicon::default();
        let verbs = "verb\tcode\tblock\tforms\tsource\n\
            hit\t190\thit\t-\tt:1\n\
            hit\t190\thit\t-\tt:2\n\
            beat\t1900\thit\t-\tt:3\n\
            ask for\t020\thit\t-\tt:4\n";
        lex.parse_verbs(
            Path::new("verbs.tsv"),
            verbs,
            &ontology(),
            &Irregulars::new(),
            &mut errors,
        );
        let got: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            got,
            [
                "verbs.tsv:3: verb \"hit\" is listed twice (first at line 2)",
                "verbs.tsv:4: unknown CAMEO code \"1900\"",
                "verbs.tsv:5: multiword verb \"ask for\" needs '+' before its inflected word",
            ]
        );
        assert_eq!(lex.len(), 1);
    }

    #[test]
    fn transformations_name_known_verbs() {
        let (mut lex, errors) = lexicon(PATTERNS);
        assert!(errors.is_empty());
        let text = "verb\tsubject\tlower_verb\tlower_subject\tlower_object\tnew_subject\tnew_object\tcode\tsource\n\
            ask\ta\tattack\ta\tb\ta\tb\t020\tt:1\n\
            *\ta\t*\tb\t.\ta\tb\t*\tt:2\n\
            say\ta\tattack\ta\tb\ta\tb\t020\tt:3\n\
            ask\ta\tattack\tab\tb\ta\tb\t020\tt:4\n";
        let mut errors = Vec::new();
        lex.parse_transformations(Path::new("t.tsv"), text, &ontology(), &mut errors);
        let got: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            got,
            [
                "t.tsv:4: verb \"say\" is not in verbs.tsv",
                "t.tsv:5: actor \"ab\" should be a letter, '.' (any) or '_' (none)",
            ]
        );
        let t = lex.transformations();
        assert_eq!(t.len(), 2);
        assert_eq!((t[1].verb.clone(), t[1].code.clone()), (None, None));
    }

    #[test]
    fn discards_are_lowercase_and_unique() {
        let dir = std::env::temp_dir().join(format!("demarche-discards-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("discards.tsv");
        std::fs::write(
            &path,
            "phrase\tsource\nworld cup\tx:1\nWorld Cup\tx:2\nworld cup\tx:3\n",
        )
        .unwrap();
        let mut errors = Vec::new();
        let d = load_discards(&DataPath::dir(&dir).join("discards.tsv"), &mut errors);
        assert_eq!(d, ["world cup"]);
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].line, 3);
        assert_eq!(errors[1].line, 4);
        std::fs::remove_dir_all(&dir).ok();
    }
}
