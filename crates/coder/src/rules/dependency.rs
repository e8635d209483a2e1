//! Event verbs with their arguments read off the dependency parse: the subject
//! of the verb's clause (through coordination, control, relative clauses and
//! participles) is the source, its object or the object of a preposition the
//! target; "by" gives the source of a passive. This rule codes the event
//! phrases the word-walking [`super::phrase`] rule left without an event.

use demarche_knowledge::patterns::PhraseMatch;
use demarche_knowledge::{CodeClass, Knowledge};
use demarche_syntax::Dep;

use super::assemble::{assemble, Trigger};
use super::{with_cue, EventRule, SentenceState};
use crate::clause::{governing_cue, hypothetical};
use crate::mentions::Mention;
use crate::sentence::Sentence;
use crate::tree::{Subject, Tree};

pub(crate) struct Dependency;

/// Prepositions whose object can be the target of an act.
const TARGET_PREPOSITIONS: &[&str] = &[
    "with", "against", "on", "at", "to", "toward", "towards", "into", "from", "upon", "onto",
    "over", "for", "about", "of",
];
/// Prepositions whose object is where something happens: a target only of force.
const PLACE_PREPOSITIONS: &[&str] = &["in", "across", "near", "inside", "throughout", "around"];

impl EventRule for Dependency {
    fn name(&self) -> &'static str {
        "dependency"
    }

    fn apply(&self, k: &Knowledge, s: &Sentence<'_>, state: &mut SentenceState) {
        // Questions ask; they report nothing.
        if s.words.last() == Some(&"?") {
            return;
        }
        let open: Vec<&PhraseMatch> = s
            .phrases
            .iter()
            .filter(|m| m.verb.is_some())
            .filter(|m| !state.coded_phrases.contains(&m.start))
            .filter(|m| {
                !s.mentions
                    .iter()
                    .any(|x| x.first <= m.start && m.start <= x.last)
            })
            // Parsing costs: only where an actor could do the act, before the verb,
            // or after a "by" that follows it ("shot down by a Somali missile").
            .filter(|m| {
                let v = m.verb.unwrap_or(m.start);
                let actor = |x: &&Mention| !x.place && !x.target_only;
                s.mentions.iter().filter(actor).any(|x| x.last < v) || s.words[v..].contains(&"by")
            })
            .collect();
        if open.is_empty() {
            return;
        }
        let p = s.parse(k);
        let tree = Tree::new(p, s);
        for m in open {
            let Some(v) = m.verb else { continue };
            if !p.tags[v].is_verb() {
                continue;
            }
            let phrase = k.patterns.events.get(m.phrase);
            let code = phrase.payload.clone();
            if tree.negated(v) || tree.conditional(v) || hypothetical(s, m.start) {
                continue;
            }
            // "urged Iran to release", "accused X of killing": the embedded act is
            // not coded, only the appeal or accusation.
            if let Some(g) = tree.governor(v) {
                if state
                    .coded_verbs
                    .iter()
                    .any(|(at, c)| *at == g && k.ontology.is(CodeClass::Embedding, c))
                {
                    continue;
                }
            }
            let Some(code) = with_cue(k, governing_cue(s, m.start), code) else {
                continue;
            };
            let material = k.ontology.is(CodeClass::Material, &phrase.payload);
            let (sources, targets): (Vec<Mention>, Vec<Mention>) = match tree.subject(v) {
                Subject::Active(h) => (tree.actors(k, h), targets(k, &tree, v, material, phrase)),
                Subject::Passive { patient, agent } => {
                    // "a Ukrainian jet shot down by an Iranian missile": force by and
                    // on things of a state.
                    let of_state = |a: usize, source: bool| {
                        let found = tree.actors(k, a);
                        match tree.adjective_owner(k, a) {
                            Some(m) if found.is_empty() && material => vec![Mention {
                                target_only: !source,
                                ..m
                            }],
                            _ => found,
                        }
                    };
                    (
                        agent.map(|a| of_state(a, true)).unwrap_or_default(),
                        patient.map(|t| of_state(t, false)).unwrap_or_default(),
                    )
                }
                Subject::None => continue,
            };
            // A reaction names what it answers; an object that names no actor is
            // what it is about, not an earlier act ("warned the West that ...").
            if targets.is_empty()
                && sources.len() < 2
                && k.ontology.is(CodeClass::Reaction, &code)
                && p.child(v, Dep::Dobj).is_some()
            {
                continue;
            }
            let sources: Vec<&Mention> = sources
                .iter()
                .filter(|m| !m.place && !m.target_only)
                .collect();
            let targets: Vec<&Mention> = targets.iter().collect();
            if sources.is_empty() {
                continue;
            }
            let coded = assemble(
                k,
                s,
                Trigger {
                    text: &phrase.text,
                    payload: &phrase.payload,
                    end: m.end,
                },
                code,
                sources,
                targets,
                state.last_event.as_ref(),
            );
            tracing::debug!(pattern = %phrase.text, verb = v, events = coded.len(), "dependency");
            if !coded.is_empty() {
                state.coded_phrases.push(m.start);
            }
            for (src, tgt, code) in coded {
                state.coded_verbs.push((v, code.clone()));
                state
                    .said_here
                    .push((src.clone(), tgt.clone(), code.clone()));
                state.last_event = Some((src.clone(), tgt.clone(), code.clone()));
                state.emit(self.name(), (m.start, m.end), src, tgt, code);
            }
        }
    }
}

/// The targets of verb `v`: the first object (direct, then prepositional) that
/// names an actor; places only for force and moves. A phrase that ends in a
/// preposition ("+fire at") takes that preposition's object.
fn targets(
    k: &Knowledge,
    tree: &Tree<'_>,
    v: usize,
    material: bool,
    phrase: &demarche_knowledge::patterns::Phrase,
) -> Vec<Mention> {
    // "+accuse * of": the target fills the gap, a direct object; "+fire at" takes
    // its preposition's object.
    let gap = phrase.has_gap();
    let wanted =
        phrase.text.rsplit(' ').next().filter(|w| {
            !gap && (TARGET_PREPOSITIONS.contains(w) || PLACE_PREPOSITIONS.contains(w))
        });
    let mut objects = tree.objects(v);
    // A direct object that is no actor may hold one: "launched an attack on X",
    // "held talks with X".
    let mut nested = Vec::new();
    for &(prep, o) in &objects {
        if prep.is_none() && tree.mention_at(o).is_none() {
            for (pp, oo) in tree.objects(o) {
                nested.push((pp, oo));
            }
        }
    }
    objects.extend(nested);
    // The phrase's own preposition first; any object after (parses err: "strikes
    // on IS" read as "strikes on" + "is").
    for strict in [true, false] {
        if !strict && wanted.is_none() {
            break;
        }
        for &(prep, o) in &objects {
            if strict && wanted.is_some() && prep != wanted {
                continue;
            }
            let allowed = match prep {
                None => true,
                Some(p) if PLACE_PREPOSITIONS.contains(&p) => material,
                Some(p) => TARGET_PREPOSITIONS.contains(&p),
            };
            if !allowed {
                continue;
            }
            let found: Vec<Mention> = tree
                .actors(k, o)
                .into_iter()
                .filter(|m| !m.place || material || prep.is_none())
                .collect();
            if !found.is_empty() {
                return found;
            }
            // Force lands on things: "struck Ukrainian power plants".
            if material {
                if let Some(m) = tree.adjective_owner(k, o) {
                    return vec![m];
                }
            }
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use crate::testing::{check, Row};

    #[test]
    fn table() {
        check(
            "dependency",
            &[
            Row {
                text: "Police in Nairobi arrested three opposition leaders on Tuesday.",
                date: "2019-05-02",
                events: &["KEN 173 KEN"],
            },
            Row {
                text: "Officials from Chile, Peru and eight other nations negotiated the terms of a trade pact on Monday.",
                date: "2019-05-02",
                events: &["CHL 046 PER", "PER 046 CHL"],
            },
            Row {
                text: "Three opposition leaders were arrested by police in Minsk on Sunday.",
                date: "2019-05-02",
                events: &["BLR 173 BLR"],
            },
            Row {
                text: "A Kenyan airliner was shot down by a Somali missile on Monday.",
                date: "2019-05-02",
                events: &["SOM 19 KEN"],
            },
            Row {
                text: "Israeli jets bombed a Syrian airbase on Tuesday.",
                date: "2019-05-02",
                events: &["ISR 19 SYR"],
            },
            Row {
                text: "Peru did not condemn Chile.",
                date: "2019-05-02",
                events: &[],
            },
            ],
        );
    }
}
