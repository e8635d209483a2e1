//! The coding rules: small units behind [`EventRule`], run in order over each
//! sentence. Each proposes candidate events and names itself, so every event
//! says which rule made it (`rule` in `--format jsonl`, and in the trace).

mod assemble;
mod blame;
mod call;
mod dependency;
mod follow_suit;
mod label;
mod phrase;
mod reported_label;
mod warning;

use demarche_knowledge::{Code, Knowledge};

use crate::mentions::Mention;
use crate::sentence::{CueKind, Sentence};

/// An event a rule proposes: words `[start, end)` carry the event.
pub(crate) struct Candidate {
    pub(crate) words: (usize, usize),
    pub(crate) source: Mention,
    pub(crate) target: Mention,
    pub(crate) code: Code,
    pub(crate) rule: &'static str,
}

/// An event as later rules see it: (source, target, code).
pub(crate) type Coded = (Mention, Mention, Code);

/// What the rules of one sentence share as they run in order.
pub(crate) struct SentenceState {
    /// The events coded from event phrases in this sentence.
    pub(crate) said_here: Vec<Coded>,
    /// The last event coded from an event phrase, here or in an earlier
    /// sentence: what "the decision" or "followed suit" refers to.
    pub(crate) last_event: Option<Coded>,
    /// The subject of the sentences before this one.
    pub(crate) earlier_subject: Option<Mention>,
    /// Where event phrases that gave events start (so later rules leave them).
    pub(crate) coded_phrases: Vec<usize>,
    /// Verbs (word index) that gave events, with the code.
    pub(crate) coded_verbs: Vec<(usize, Code)>,
    pub(crate) out: Vec<Candidate>,
}

impl SentenceState {
    pub(crate) fn emit(
        &mut self,
        rule: &'static str,
        words: (usize, usize),
        source: Mention,
        target: Mention,
        code: Code,
    ) {
        self.out.push(Candidate {
            words,
            source,
            target,
            code,
            rule,
        });
    }
}

/// One coding rule.
pub(crate) trait EventRule: Send + Sync {
    /// A short name, written with every event the rule makes.
    fn name(&self) -> &'static str;
    /// Proposes the events of sentence `s` into `state.out`.
    fn apply(&self, k: &Knowledge, s: &Sentence<'_>, state: &mut SentenceState);
}

/// The rules, in the order they run.
pub(crate) fn all() -> Vec<Box<dyn EventRule>> {
    vec![
        Box::new(phrase::Phrase),
        Box::new(dependency::Dependency),
        Box::new(call::Call),
        Box::new(warning::Warning),
        Box::new(reported_label::ReportedLabel),
        Box::new(follow_suit::FollowSuit),
        Box::new(label::Label),
        Box::new(blame::Blame),
    ]
}

/// What the cue governing an event phrase makes of its code: a negation drops
/// the event (`None`), a refusal turns it into the root's rejection and a
/// reduction ("decreased its investment in") into the root's reduction of
/// relations (or drops it where the root has none), an intent or threat into the root's intent or
/// threat code (`data/patterns/modality.tsv`).
pub(crate) fn with_cue(k: &Knowledge, cue: Option<CueKind>, code: Code) -> Option<Code> {
    let modality = k.patterns.modality_of(&code);
    // (The modality file's codes are checked against the ontology at load.)
    let read = |c: &Option<String>| c.as_deref().and_then(Code::new);
    match cue {
        Some(CueKind::Negation | CueKind::Speculation) => None,
        Some(CueKind::Refusal) => modality.and_then(|x| read(&x.refusal)),
        Some(CueKind::Reduction) => modality.and_then(|x| read(&x.reduction)),
        Some(CueKind::Threat) => Some(
            modality
                .and_then(|x| read(&x.threat).or(read(&x.intent)))
                .unwrap_or(code),
        ),
        Some(CueKind::Intent) => Some(modality.and_then(|x| read(&x.intent)).unwrap_or(code)),
        _ => Some(code),
    }
}
