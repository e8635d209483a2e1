//! What demarche knows before it reads a word: the CAMEO ontology, the dated
//! actor dictionary, the event patterns and PETRARCH2's verb lexicon, all loaded from plain data files
//! under `data/` and validated on load.
//!
//! Invariant: a [`Knowledge`] exists only when every file loaded without error;
//! otherwise [`Knowledge::load`] returns every problem, each with file and line.
//! Nothing in this crate reads documents.

pub mod actors;
pub mod dates;
pub mod ontology;
pub mod patterns;
pub mod tsv;
pub mod verbs;

use std::path::{Path, PathBuf};

pub use actors::{ActorDictionary, ActorMatch, EntityId, EntityKind, Resolved};
pub use dates::DateRange;
pub use ontology::{CameoCode, Ontology};
pub use patterns::Patterns;
pub use tsv::DataError;
pub use verbs::VerbLexicon;

/// Everything loaded from a data directory.
#[derive(Debug)]
pub struct Knowledge {
    pub dir: PathBuf,
    pub ontology: Ontology,
    pub actors: ActorDictionary,
    pub memberships: actors::Memberships,
    pub patterns: Patterns,
    pub abbreviations: demarche_text::Abbreviations,
    /// Small word lists the coder consults (`data/text/lexicon.tsv`).
    pub lexicon: Lexicon,
    /// Pronouns and descriptions ("he", "the alliance") and what they point back to.
    pub anaphora: std::collections::HashMap<String, Anaphor>,
    /// PETRARCH2's verbs, their blocks and patterns (`data/lexicon/`).
    pub verbs: VerbLexicon,
    /// Phrases that mark sentences or stories not to code (`data/lexicon/discards.tsv`).
    pub discards: Vec<String>,
}

/// Kinds of word list in `data/text/lexicon.tsv`.
pub const LEXICON_KINDS: &[&str] = &[
    "light_verb",
    "joint_word",
    "complement_noun",
    "act_noun",
    "start_verb",
    "modified_noun",
    "not_actor_suffix",
    "generic_role",
    "direction",
];

/// Small word lists by kind, lower-case.
#[derive(Debug, Default)]
pub struct Lexicon {
    words: std::collections::HashMap<String, std::collections::HashSet<String>>,
}

impl Lexicon {
    /// Whether `word` is in the list `kind`.
    pub fn has(&self, kind: &str, word: &str) -> bool {
        self.words.get(kind).is_some_and(|w| w.contains(word))
    }

    /// Whether `word` starts with an entry of the list `kind`.
    pub fn starts(&self, kind: &str, word: &str) -> bool {
        self.words
            .get(kind)
            .is_some_and(|w| w.iter().any(|e| word.starts_with(e.as_str())))
    }

    pub fn len(&self) -> usize {
        self.words.values().map(|w| w.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What a pronoun or description points back to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anaphor {
    Person,
    Organisation,
    State,
    Subject,
}

/// Why a data directory could not be loaded: every problem found.
#[derive(Debug, thiserror::Error)]
#[error("{} problem(s) in the data files; first: {}", .0.len(), .0.first().map(|e| e.to_string()).unwrap_or_default())]
pub struct LoadError(pub Vec<DataError>);

impl Knowledge {
    pub fn load(dir: &Path) -> Result<Knowledge, LoadError> {
        let (k, errors) = Self::load_lenient(dir);
        if errors.is_empty() {
            Ok(k)
        } else {
            Err(LoadError(errors))
        }
    }

    /// Loads what can be loaded and returns the problems beside it (for `check-data`).
    pub fn load_lenient(dir: &Path) -> (Knowledge, Vec<DataError>) {
        // The ontology and event patterns do not depend on the actors: load them on
        // another core. Errors keep the order of a sequential load.
        let (
            ontology,
            (patterns, verbs),
            ontology_errors,
            pattern_errors,
            mut actors,
            pending,
            actor_errors,
        ) = std::thread::scope(|scope| {
            let side = scope.spawn(|| {
                let (mut oe, mut pe) = (Vec::new(), Vec::new());
                let ontology = Ontology::load(&dir.join("cameo/cameo.tsv"), &mut oe);
                let patterns = Patterns::load(&dir.join("patterns"), &ontology, &mut pe);
                let verbs = VerbLexicon::load(
                    &dir.join("lexicon"),
                    &ontology,
                    &patterns.irregulars,
                    &mut pe,
                );
                (ontology, (patterns, verbs), oe, pe)
            });
            let mut ae = Vec::new();
            let (actors, pending) = ActorDictionary::load_deferred(&dir.join("actors"), &mut ae);
            let (ontology, patterns, oe, pe) =
                side.join().expect("loading the ontology does not panic");
            (ontology, patterns, oe, pe, actors, pending, ae)
        });
        let mut errors = ontology_errors;
        errors.extend(actor_errors);
        let memberships =
            actors::Memberships::load(&dir.join("actors/memberships.tsv"), &actors, &mut errors);
        errors.extend(pattern_errors);
        let abbreviations = tsv::read(&dir.join("text/abbreviations.txt"), &mut errors)
            .map(|t| demarche_text::Abbreviations::parse(&t))
            .unwrap_or_default();
        let mut lexicon = Lexicon::default();
        let path = dir.join("text/lexicon.tsv");
        if let Some(text) = tsv::read(&path, &mut errors) {
            for rec in tsv::parse(&path, &text, &["kind", "word", "note"], &mut errors) {
                let kind = rec.get(0);
                if !LEXICON_KINDS.contains(&kind) {
                    errors.push(DataError::new(
                        &path,
                        rec.line,
                        format!("unknown list {kind:?} (one of {LEXICON_KINDS:?})"),
                    ));
                    continue;
                }
                let word = rec.get(1).to_lowercase();
                if !lexicon
                    .words
                    .entry(kind.to_string())
                    .or_default()
                    .insert(word)
                {
                    errors.push(DataError::new(
                        &path,
                        rec.line,
                        format!("{:?} is listed twice as {kind}", rec.get(1)),
                    ));
                }
            }
        }
        let mut anaphora = std::collections::HashMap::new();
        let path = dir.join("text/anaphora.tsv");
        if let Some(text) = tsv::read(&path, &mut errors) {
            for rec in tsv::parse(&path, &text, &["phrase", "refers_to", "note"], &mut errors) {
                let kind = match rec.get(1) {
                    "person" => Anaphor::Person,
                    "organisation" => Anaphor::Organisation,
                    "state" => Anaphor::State,
                    "subject" => Anaphor::Subject,
                    other => {
                        errors.push(DataError::new(
                            &path,
                            rec.line,
                            format!("unknown referent kind {other:?}"),
                        ));
                        continue;
                    }
                };
                anaphora.insert(rec.get(0).to_lowercase(), kind);
            }
        }
        let discards = verbs::load_discards(&dir.join("lexicon/discards.tsv"), &mut errors);
        // Everything else is loaded: wait for the actor matcher.
        actors.finish(pending, &mut errors);
        let k = Knowledge {
            lexicon,
            anaphora,
            dir: dir.to_path_buf(),
            ontology,
            actors,
            memberships,
            patterns,
            abbreviations,
            verbs,
            discards,
        };
        (k, errors)
    }
}
