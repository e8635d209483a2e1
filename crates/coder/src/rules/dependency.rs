//! Event verbs with their arguments read off the dependency parse: the subject
//! of the verb's clause (through coordination, control, relative clauses and
//! participles) is the source, its object or the object of a preposition the
//! target; "by" gives the source of a passive. This rule codes the event
//! phrases the word-walking [`super::phrase`] rule left without an event.

use demarche_knowledge::patterns::PhraseMatch;
use demarche_knowledge::{Code, CodeClass, Knowledge, Sector};
use demarche_syntax::Dep;

use super::assemble::{assemble, Trigger};
use super::{with_cue, EventRule, SentenceState};
use crate::clause::{
    governing_cue, hypothetical, kept_from, passive_by, poll_share, subjectless_participle,
};
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
            .filter(|m| worth_parsing(k, s, m.verb.unwrap_or(m.start)))
            .collect();
        if open.is_empty() {
            return;
        }
        // What needs no tree is decided before parsing (a trigger the tagger
        // does not read as a verb, a hypothetical, a negated act): a third of the
        // sentences worth parsing stop here (news corpus: 12,276 parses before,
        // 8,365 after), and the parse is the dearest stage.
        let open: Vec<(&PhraseMatch, usize, Code)> = open
            .into_iter()
            .filter_map(|m| {
                let v = m.verb?;
                let payload = &k.patterns.events.get(m.phrase).payload;
                code_before_parse(k, s, v, m.start, payload).map(|code| (m, v, code))
            })
            .collect();
        if open.is_empty() {
            return;
        }
        let p = s.parse(k);
        let tree = Tree::new(p, s);
        for (m, v, code) in open {
            let phrase = k.patterns.events.get(m.phrase);
            let trigger = VerbTrigger {
                verb: v,
                words: (m.start, m.end),
                text: &phrase.text,
                payload: &phrase.payload,
                code,
                gap: phrase.has_gap(),
            };
            if code_verb(self.name(), k, s, &tree, state, &trigger) {
                state.coded_phrases.push(m.start);
            }
        }
    }
}

/// Whether a verb at word `v` is worth a parse (parsing costs): an actor could do
/// the act (before the verb, or after a "by" that follows it: "shot down by a
/// Somali missile") and something could undergo it: an actor named after the
/// verb, a role noun or a capitalised word the parse may read as one ("three
/// opposition leaders", "a Syrian airbase"), two subjects that meet each other,
/// or a state's thing behind the "by".
pub(crate) fn worth_parsing(k: &Knowledge, s: &Sentence<'_>, v: usize) -> bool {
    let actor = |x: &&Mention| !x.place && !x.target_only;
    let before = s
        .mentions
        .iter()
        .filter(actor)
        .filter(|x| x.last < v)
        .count();
    let by = s.words[v..].contains(&"by");
    if before == 0 && !by {
        return false;
    }
    let after = s.mentions.iter().any(|x| x.first > v)
        || (v + 1..s.words.len()).any(|i| {
            let first = s.tokens[i].span.of(s.text()).chars().next();
            first.is_some_and(char::is_uppercase)
                || k.actors.role_noun_at(&s.words[i..=i]).is_some()
        });
    after || before > 1 || by
}

/// The code a verb trigger at word `v` (its words starting at `start`) would
/// give, as far as it can be told without a parse: none for a word the tagger
/// does not read as a verb, a hypothetical, or a negated act; else the phrase's
/// code turned by the cue before it.
fn code_before_parse(
    k: &Knowledge,
    s: &Sentence<'_>,
    v: usize,
    start: usize,
    payload: &str,
) -> Option<Code> {
    if subjectless_participle(s, v)
        || kept_from(s, v)
        || poll_share(s, start)
        || !s.tags(k)[v].is_verb()
        || hypothetical(s, start)
    {
        return None;
    }
    with_cue(k, governing_cue(s, start), Code::new(payload)?)
}

/// A verb that may carry an event, with the words that name it in the data.
pub(crate) struct VerbTrigger<'t> {
    /// The verb's word.
    pub(crate) verb: usize,
    /// The event words `[start, end)`.
    pub(crate) words: (usize, usize),
    /// The phrase or verb as the data writes it ("+fire at", "+ask for").
    pub(crate) text: &'t str,
    /// Its code before cues change it.
    pub(crate) payload: &'t str,
    /// Its code as the cue before it makes it ([`code_before_parse`]).
    pub(crate) code: Code,
    /// Whether the phrase has a `*` gap for its object ("+accuse * of").
    pub(crate) gap: bool,
}

/// Codes one verb from the parse: modality, the embedding act, source and
/// target, then [`assemble`]. Says whether it made any event.
pub(crate) fn code_verb(
    rule: &'static str,
    k: &Knowledge,
    s: &Sentence<'_>,
    tree: &Tree<'_>,
    state: &mut SentenceState,
    t: &VerbTrigger<'_>,
) -> bool {
    let p = tree.p;
    let v = t.verb;
    // (The tag, hypotheticals and cues were read before parsing.)
    if tree.negated(v) || tree.conditional(v) {
        return false;
    }
    // "urged Iran to release", "accused X of killing": the embedded act is not
    // coded, only the appeal or accusation.
    if let Some(g) = tree.governor(v) {
        if state
            .coded_verbs
            .iter()
            .any(|(at, c)| *at == g && k.ontology.is(CodeClass::Embedding, c))
        {
            return false;
        }
    }
    // "..., and supported by close air support": a passive whose agent, right
    // after "by", is no actor (the parse may read it as active, or take the
    // agent of an earlier "led by").
    if passive_by(s, v) {
        let edge = (v + 2..(v + 7).min(s.words.len()))
            .find(|&j| matches!(s.words[j], "," | "." | ";" | "and" | "in" | "on" | "at"))
            .unwrap_or((v + 7).min(s.words.len()));
        if !s
            .mentions
            .iter()
            .any(|m| m.first >= v + 2 && m.first < edge)
        {
            return false;
        }
    }
    let code = t.code;
    let material = k.ontology.is(CodeClass::Material, t.payload);
    let (sources, targets): (Vec<Mention>, Vec<Mention>) = match tree.subject(v) {
        Subject::Active(h) => {
            let sources = tree.actors(k, h);
            let targets = targets(k, tree, t, material, &sources);
            (sources, targets)
        }
        Subject::Passive { patient, agent } => {
            // "a Ukrainian jet shot down by an Iranian missile": force by and on
            // things of a state.
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
                patient.map(|x| of_state(x, false)).unwrap_or_default(),
            )
        }
        Subject::None => return false,
    };
    // A reaction names what it answers; an object that names no actor is what it
    // is about, not an earlier act ("warned the West that ...").
    if targets.is_empty()
        && sources.len() < 2
        && k.ontology.is(CodeClass::Reaction, &code)
        && p.child(v, Dep::Dobj).is_some()
    {
        return false;
    }
    let sources: Vec<&Mention> = sources
        .iter()
        .filter(|m| !m.place && !m.target_only)
        .collect();
    let targets: Vec<&Mention> = targets.iter().collect();
    if sources.is_empty() {
        return false;
    }
    let coded = assemble(
        k,
        s,
        Trigger {
            text: t.text,
            payload: t.payload,
            end: t.words.1,
        },
        code,
        sources,
        targets,
        state.last_event.as_ref(),
    );
    tracing::debug!(trigger = %t.text, verb = v, events = coded.len(), rule, "verb");
    let made = !coded.is_empty();
    for (src, tgt, code) in coded {
        state.coded_verbs.push((v, code));
        state.said_here.push((src.clone(), tgt.clone(), code));
        state.last_event = Some((src.clone(), tgt.clone(), code));
        state.emit(rule, t.words, src, tgt, code);
    }
    made
}

/// The targets of verb `v`: the first object (direct, then prepositional) that
/// names an actor; places only for force and moves. A phrase that ends in a
/// preposition ("+fire at") takes that preposition's object.
fn targets(
    k: &Knowledge,
    tree: &Tree<'_>,
    t: &VerbTrigger<'_>,
    material: bool,
    sources: &[Mention],
) -> Vec<Mention> {
    // "+accuse * of": the target fills the gap, a direct object; "+fire at" takes
    // its preposition's object.
    let wanted =
        t.text.rsplit(' ').next().filter(|w| {
            !t.gap && (TARGET_PREPOSITIONS.contains(w) || PLACE_PREPOSITIONS.contains(w))
        });
    let mut objects = tree.objects(t.verb);
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
                // The source's own forces are what it acts with, not on: "pulled
                // its troops from Syria", "sent U.S. troops to Poland".
                .filter(|m| {
                    !(prep.is_none()
                        && matches!(m.sector, Some(Sector::Mil | Sector::Pol))
                        && sources.iter().any(|x| x.actor == m.actor))
                })
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
            // A participle after a subordinating word has no subject of its own:
            // "as opposed to" opposes no one.
            Row {
                text: "Peru wants closer ties with Chile, as opposed to Bolivia.",
                date: "2019-05-02",
                events: &[],
            },
            // A title before a name belongs to the name ("Ms. Sandu").
            Row {
                text: "Moldovan President Maia Sandu arrived on Monday. Romania criticized Ms. Sandu on Tuesday.",
                date: "2021-05-02",
                events: &["ROU 111 MDA"],
            },
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
