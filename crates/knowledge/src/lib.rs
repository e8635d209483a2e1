//! What demarche knows before it reads a word: the CAMEO ontology, the dated
//! actor dictionary, the event patterns and PETRARCH2's verb lexicon, all loaded from plain data files
//! under `data/` and validated on load.
//!
//! Invariant: a [`Knowledge`] exists only when every file loaded without error;
//! otherwise [`Knowledge::load`] returns every problem, each with file and line.
//! Nothing in this crate reads documents.

pub mod actors;
pub mod dates;
pub mod files;
pub mod ontology;
pub mod patterns;
pub mod tsv;
pub mod valence;
pub mod verbs;

use std::path::Path;

pub use actors::{ActorDictionary, ActorMatch, EntityId, EntityKind, Resolved, Sector};
pub use dates::DateRange;
pub use files::DataPath;
pub use ontology::{CameoCode, Code, CodeClass, Ontology};
pub use patterns::Patterns;
pub use tsv::DataError;
pub use verbs::VerbLexicon;

/// Maps and sets looked up once or more per word of text: FNV hashing
/// ([`patterns::Fnv`]), as the default SipHash showed in profiles. Their keys
/// come from `data/`, never from documents, so collisions cannot be forced.
pub type FastMap<K, V> =
    std::collections::HashMap<K, V, std::hash::BuildHasherDefault<patterns::Fnv>>;
pub type FastSet<K> = std::collections::HashSet<K, std::hash::BuildHasherDefault<patterns::Fnv>>;

/// Everything loaded from a data directory.
#[derive(Debug)]
pub struct Knowledge {
    /// Where it was loaded from (a directory, or the files built into the binary).
    pub data: DataPath,
    pub ontology: Ontology,
    pub actors: ActorDictionary,
    pub memberships: actors::Memberships,
    pub patterns: Patterns,
    pub abbreviations: demarche_text::Abbreviations,
    /// Small word lists the coder consults (`data/text/lexicon.tsv`).
    pub lexicon: Lexicon,
    /// Pronouns and descriptions ("he", "the alliance") and what they point back to.
    pub anaphora: FastMap<String, Anaphor>,
    /// The part-of-speech tagger and dependency parser (`data/syntax/`).
    pub syntax: SyntaxModels,
    /// PETRARCH2's verbs, their blocks and patterns (`data/lexicon/`).
    pub verbs: VerbLexicon,
    /// Phrases that mark sentences or stories not to code (`data/lexicon/discards.tsv`).
    pub discards: Vec<String>,
    /// How negative or positive a word is, -4 to 4 (`data/lexicon/valence.tsv`).
    pub valence: FastMap<String, f32>,
}

/// The tagger and parser, loaded from `data/syntax/`.
pub struct SyntaxModels(pub demarche_syntax::Syntax);

impl std::ops::Deref for SyntaxModels {
    type Target = demarche_syntax::Syntax;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl std::fmt::Debug for SyntaxModels {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "SyntaxModels {{ tagger: {} features, parser: {} features }}",
            self.0.tagger.weights().features(),
            self.0.parser.weights().features()
        )
    }
}

/// Kinds of word list in `data/text/lexicon.tsv` (what each means: data/README.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LexiconKind {
    LightVerb,
    JointWord,
    ComplementNoun,
    ActNoun,
    StartVerb,
    ModifiedNoun,
    NotActorSuffix,
    GenericRole,
    Direction,
    KillingVerb,
    BlamedAct,
    BeliefVerb,
    DeceptionVerb,
    Honorific,
    Partitive,
    AddresseeVerb,
    DocumentNoun,
    VerbalForceVerb,
    AdversaryNoun,
    SubjectiveNoun,
    OnsetVerb,
    AerialWeapon,
}

impl LexiconKind {
    pub const ALL: &'static [(LexiconKind, &'static str)] = &[
        (LexiconKind::LightVerb, "light_verb"),
        (LexiconKind::JointWord, "joint_word"),
        (LexiconKind::ComplementNoun, "complement_noun"),
        (LexiconKind::ActNoun, "act_noun"),
        (LexiconKind::StartVerb, "start_verb"),
        (LexiconKind::ModifiedNoun, "modified_noun"),
        (LexiconKind::NotActorSuffix, "not_actor_suffix"),
        (LexiconKind::GenericRole, "generic_role"),
        (LexiconKind::Direction, "direction"),
        (LexiconKind::KillingVerb, "killing_verb"),
        (LexiconKind::BlamedAct, "blamed_act"),
        (LexiconKind::BeliefVerb, "belief_verb"),
        (LexiconKind::DeceptionVerb, "deception_verb"),
        (LexiconKind::Honorific, "honorific"),
        (LexiconKind::Partitive, "partitive"),
        (LexiconKind::AddresseeVerb, "addressee_verb"),
        (LexiconKind::DocumentNoun, "document_noun"),
        (LexiconKind::VerbalForceVerb, "verbal_force_verb"),
        (LexiconKind::AdversaryNoun, "adversary_noun"),
        (LexiconKind::SubjectiveNoun, "subjective_noun"),
        (LexiconKind::OnsetVerb, "onset_verb"),
        (LexiconKind::AerialWeapon, "aerial_weapon"),
    ];

    pub fn from_name(s: &str) -> Option<LexiconKind> {
        Self::ALL.iter().find(|(_, n)| *n == s).map(|(k, _)| *k)
    }
}

/// Small word lists by kind, lower-case: each word with the set of lists it is
/// in (one hash lookup answers for every list; the coder asks per word).
#[derive(Debug, Default)]
pub struct Lexicon {
    kinds: FastMap<String, u32>,
    /// The words of each list, for prefix tests.
    lists: FastMap<LexiconKind, Vec<String>>,
}

impl LexiconKind {
    fn bit(self) -> u32 {
        1 << (self as u32)
    }
}

impl Lexicon {
    /// Adds `word` to the list `kind`; `false` if it was there already.
    fn insert(&mut self, kind: LexiconKind, word: String) -> bool {
        let kinds = self.kinds.entry(word.clone()).or_default();
        let new = *kinds & kind.bit() == 0;
        *kinds |= kind.bit();
        if new {
            self.lists.entry(kind).or_default().push(word);
        }
        new
    }

    /// Whether `word` is in the list `kind`.
    pub fn has(&self, kind: LexiconKind, word: &str) -> bool {
        self.kinds.get(word).is_some_and(|k| k & kind.bit() != 0)
    }

    /// Whether `word` starts with an entry of the list `kind`.
    pub fn starts(&self, kind: LexiconKind, word: &str) -> bool {
        self.lists
            .get(&kind)
            .is_some_and(|w| w.iter().any(|e| word.starts_with(e.as_str())))
    }

    pub fn len(&self) -> usize {
        self.kinds.values().map(|k| k.count_ones() as usize).sum()
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
    /// Loads the data directory `dir` on disk.
    pub fn load(dir: &Path) -> Result<Knowledge, LoadError> {
        Self::load_from(&DataPath::dir(dir))
    }

    /// Loads from `data`: a directory on disk or files held in memory.
    pub fn load_from(data: &DataPath) -> Result<Knowledge, LoadError> {
        let (k, errors) = Self::load_lenient(data);
        if errors.is_empty() {
            Ok(k)
        } else {
            Err(LoadError(errors))
        }
    }

    /// Loads what can be loaded and returns the problems beside it (for `check-data`).
    pub fn load_lenient(dir: &DataPath) -> (Knowledge, Vec<DataError>) {
        // The ontology and event patterns do not depend on the actors: load them on
        // another core. Errors keep the order of a sequential load.
        let (
            ontology,
            (mut patterns, verbs),
            ontology_errors,
            pattern_errors,
            mut actors,
            pending,
            actor_errors,
            syntax,
        ) = std::thread::scope(|scope| {
            // The models are the largest files: a third thread.
            let models = scope.spawn(|| {
                let tagger = dir
                    .join("syntax")
                    .join(demarche_syntax::Syntax::TAGGER_FILE);
                let parser = dir
                    .join("syntax")
                    .join(demarche_syntax::Syntax::PARSER_FILE);
                let read = |p: &DataPath| {
                    p.read_bytes().map_err(|e| demarche_syntax::SyntaxError {
                        path: p.shown().to_path_buf(),
                        reason: format!("cannot open: {e}"),
                    })
                };
                demarche_syntax::Syntax::from_gzip(
                    (tagger.shown(), &read(&tagger)?),
                    (parser.shown(), &read(&parser)?),
                )
            });
            let side = scope.spawn(|| {
                let (mut oe, mut pe) = (Vec::new(), Vec::new());
                let mut ontology = Ontology::load(&dir.join("cameo/cameo.tsv"), &mut oe);
                ontology.load_classes(&dir.join("cameo/classes.tsv"), &mut oe);
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
            let syntax = models.join().expect("loading the models does not panic");
            (ontology, patterns, oe, pe, actors, pending, ae, syntax)
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
            for rec in tsv::parse(path.shown(), &text, &["kind", "word", "note"], &mut errors) {
                let Some(kind) = LexiconKind::from_name(rec.get(0)) else {
                    let names: Vec<&str> = LexiconKind::ALL.iter().map(|(_, n)| *n).collect();
                    errors.push(DataError::new(
                        path.shown(),
                        rec.line,
                        format!("unknown list {:?} (one of {names:?})", rec.get(0)),
                    ));
                    continue;
                };
                let word = rec.get(1).to_lowercase();
                if !lexicon.insert(kind, word) {
                    errors.push(DataError::new(
                        path.shown(),
                        rec.line,
                        format!("{:?} is listed twice as {}", rec.get(1), rec.get(0)),
                    ));
                }
            }
        }
        let partitives: Vec<String> = lexicon
            .lists
            .get(&LexiconKind::Partitive)
            .cloned()
            .unwrap_or_default();
        patterns.events.set_partitives(partitives.iter().cloned());
        patterns.cues.set_partitives(partitives);
        let mut anaphora = FastMap::default();
        let path = dir.join("text/anaphora.tsv");
        if let Some(text) = tsv::read(&path, &mut errors) {
            for rec in tsv::parse(
                path.shown(),
                &text,
                &["phrase", "refers_to", "note"],
                &mut errors,
            ) {
                let kind = match rec.get(1) {
                    "person" => Anaphor::Person,
                    "organisation" => Anaphor::Organisation,
                    "state" => Anaphor::State,
                    "subject" => Anaphor::Subject,
                    other => {
                        errors.push(DataError::new(
                            path.shown(),
                            rec.line,
                            format!("unknown referent kind {other:?}"),
                        ));
                        continue;
                    }
                };
                anaphora.insert(rec.get(0).to_lowercase(), kind);
            }
        }
        let syntax = match syntax {
            Ok(models) => models,
            Err(e) => {
                errors.push(DataError::new(&e.path, 0, e.reason));
                demarche_syntax::Syntax::empty()
            }
        };
        let discards = verbs::load_discards(&dir.join("lexicon/discards.tsv"), &mut errors);
        let valence = valence::load(&dir.join("lexicon/valence.tsv"), &mut errors);
        // Everything else is loaded: wait for the actor matcher.
        actors.finish(pending, &mut errors);
        let k = Knowledge {
            lexicon,
            anaphora,
            data: dir.clone(),
            ontology,
            actors,
            memberships,
            patterns,
            abbreviations,
            syntax: SyntaxModels(syntax),
            verbs,
            discards,
            valence,
        };
        (k, errors)
    }
}
