//! The main rule: each event phrase of `data/patterns/events*.tsv` with the
//! subject of its clause as source and the first actor after it as target,
//! turned by the cue before it (negation, intent, threat, refusal), by passive
//! voice, compounds ("A and B met"), reactions to the act just reported, and
//! the source's sector.

use demarche_knowledge::patterns::PhraseMatch;
use demarche_knowledge::LexiconKind;
use demarche_knowledge::{Code, CodeClass, Knowledge};

use super::assemble::{assemble, by_sector, Trigger};
use super::{with_cue, Coded, EventRule, SentenceState};
use crate::clause::{
    after_plain_noun, governing_cue, hypothetical, join_compound, kept_from, mention_at, objects,
    objects_for, passive_by, poll_share, possessor, report_speaker, subject,
    subjectless_participle,
};
use crate::grammar::{CLAUSE_EDGES, DETERMINERS_SHORT, POSSESSIVES, PREPOSITIONS};
use crate::mentions::Mention;
use crate::sentence::{CueKind, Sentence};

pub(crate) struct Phrase;

impl EventRule for Phrase {
    fn name(&self) -> &'static str {
        "phrase"
    }

    fn apply(&self, k: &Knowledge, s: &Sentence<'_>, state: &mut SentenceState) {
        // Questions ask; they report nothing ("Would she crack down on Wall
        // Street?"), as the dependency rule already holds.
        if s.words.last() == Some(&"?") {
            return;
        }
        let mut embedding_end: Option<usize> = None;
        for &m in s.phrases {
            // Coded already by the parse.
            if state.coded_phrases.contains(&m.start) {
                continue;
            }
            // A pattern inside an actor's name ("Defence Ministry") is no event.
            if s.mentions
                .iter()
                .any(|x| x.first <= m.start && m.start <= x.last)
            {
                continue;
            }
            // An act someone is urged to, demanded to or accused of is not coded,
            // only the appeal, demand or accusation ("urged X to step down",
            // "demanded that NATO rule out", "accused X of killing").
            if let Some(end) = embedding_end {
                let between = &s.words[end..m.start];
                if between.iter().any(|w| matches!(*w, "to" | "that" | "of"))
                    && !between
                        .iter()
                        .any(|w| matches!(*w, "," | "and") || CLAUSE_EDGES.contains(w))
                {
                    continue;
                }
            }
            // "for Assad to step down", "asked the council to withdraw": the
            // infinitive's subject is the object of another verb.
            if m.start >= 2
                && s.words[m.start - 1] == "to"
                && s.mentions
                    .iter()
                    .any(|x| x.last + 2 == m.start && x.first > 0 && s.words[x.first - 1] == "for")
            {
                continue;
            }
            let coded = self.events_for(k, s, &m, state.last_event.as_ref());
            tracing::debug!(
                pattern = %k.patterns.events.get(m.phrase).text,
                start = m.start,
                end = m.end,
                events = coded.len(),
                "pattern"
            );
            if coded
                .iter()
                .any(|(_, _, c)| k.ontology.is(CodeClass::Embedding, c))
            {
                embedding_end = Some(m.end);
            }
            if !coded.is_empty() {
                state.coded_phrases.push(m.start);
                if let Some(v) = m.verb {
                    state.coded_verbs.push((v, coded[0].2));
                }
            }
            for (src, tgt, code) in coded {
                state.said_here.push((src.clone(), tgt.clone(), code));
                state.last_event = Some((src.clone(), tgt.clone(), code));
                state.emit(self.name(), (m.start, m.end), src, tgt, code);
            }
        }
    }
}

impl Phrase {
    /// The (source, target, code) triples one pattern match gives.
    fn events_for<'e>(
        &self,
        k: &Knowledge,
        s: &'e Sentence<'_>,
        m: &PhraseMatch,
        last_event: Option<&'e Coded>,
    ) -> Vec<(Mention, Mention, Code)> {
        let phrase = k.patterns.events.get(m.phrase);
        // (The patterns' codes are checked against the ontology at load.)
        let Some(code) = Code::new(&phrase.payload) else {
            return Vec::new();
        };
        // "When asked about Russia, Trump said ...", "when pressed on it": a
        // participle right after a subordinating word is a clause without its
        // subject, which is the one acted on.
        if m.verb
            .is_some_and(|v| subjectless_participle(s, v) || kept_from(s, v))
            || poll_share(s, m.start)
        {
            return Vec::new();
        }
        // A lone verb whose object is an infinitive or an open question acts on
        // no actor: "Mueller declined to recommend charges against Trump" (the
        // act after "to" is the event, if any), "asked why the government
        // chose", "asked whether he would".
        let lone_verb = m.verb.is_some() && !phrase.text.contains(' ');
        let infinitive = s.words.get(m.end) == Some(&"to")
            && s.words.get(m.end + 1).is_some_and(|w| {
                w.chars().all(char::is_alphabetic)
                    && !DETERMINERS_SHORT.contains(w)
                    && !s.mentions.iter().any(|x| x.first == m.end + 1)
            });
        let question = s
            .words
            .get(m.end)
            .is_some_and(|w| OPEN_QUESTION.contains(w));
        if lone_verb && (infinitive || question) {
            return Vec::new();
        }
        // A verb pattern used as a noun ("a U.S. drone strike at") is a noun pattern:
        // a determiner before it, with only modifiers or actors between.
        let mut m = *m;
        // (A participle after a noun is a reduced passive, "a deal brokered by";
        // an -ing form is a noun only right after its determiner, "the bombing of".)
        if let Some(v) = m
            .verb
            .filter(|&v| v == m.start && !s.words[v].ends_with("ed"))
        {
            let reach = if s.words[v].ends_with("ing") { 1 } else { 4 };
            // (Date words count for nothing: "the Sept. 11, 2012, attacks".)
            let before: Vec<usize> = (0..v).rev().filter(|&j| !dated(s, j)).take(reach).collect();
            let noun_use = before.into_iter().find_map(|j| {
                let w = s.words[j];
                // "weeks of mass protests", "sanctions over": after a determiner or
                // a preposition the word is a noun.
                // ("to hold" is an infinitive and "by breaking off" a gerund: verbs.)
                if matches!(w, "a" | "an" | "the")
                    || POSSESSIVES.contains(&w)
                    || (PREPOSITIONS.contains(&w) && w != "to" && !s.words[v].ends_with("ing"))
                {
                    return Some(true);
                }
                let inside = s.mentions.iter().any(|x| x.first <= j && j <= x.last);
                // "cited cyber attacks": the object of a verb in the past is a noun.
                if !inside && w.len() > 4 && w.ends_with("ed") {
                    return Some(true);
                }
                (!inside && !demarche_knowledge::patterns::is_modifier(w)).then_some(false)
            });
            // Else the tagger decides: "anti-corruption protests had erupted".
            let noun_use = noun_use.or_else(|| Some(s.tags(k)[v].is_noun()));
            if noun_use == Some(true) {
                // A verb's word used as a noun with words skipped after it
                // modifies the noun it stands before: "the US trade deficit
                // with China" is no "+trade with".
                if m.end - m.start > phrase.text.split(' ').count() {
                    return Vec::new();
                }
                m.verb = None;
            }
        }
        let m = &m;
        // "if Beijing provided support to Russia's invasion": hypothetical.
        if hypothetical(s, m.start) {
            return Vec::new();
        }
        // "would pay a price for sheltering X", "punished for helping Y": a gerund
        // after "for" is the reason given for another act, not a report of its own.
        if m.verb.is_some_and(|v| {
            v == m.start && v > 0 && s.words[v].ends_with("ing") && s.words[v - 1] == "for"
        }) {
            return Vec::new();
        }
        let cue = governing_cue(s, m.start);
        let Some(code) = with_cue(k, cue, code) else {
            return Vec::new();
        };
        // Passive: "was attacked by X" makes X the source and the subject the target.
        let passive = m.verb.is_some_and(|v| {
            // With an auxiliary before it, any form but -ing and -s is a participle.
            let w = s.words[v];
            !w.ends_with("ing")
                && !w.ends_with('s')
                && (1..=2).any(|back| {
                    v.checked_sub(back).is_some_and(|j| {
                        s.cues
                            .iter()
                            .any(|&(a, b, kind)| kind == CueKind::Passive && b == j + 1 && a <= j)
                    })
                })
        });
        // A reduced passive: "a move condemned within hours by the United States".
        let reduced = m.verb.is_some_and(|v| {
            s.words[v].ends_with("ed")
                && v > 0
                && !s.mentions.iter().any(|x| x.last + 1 == v)
                && (m.end..(m.end + 4).min(s.words.len()))
                    .any(|j| s.words[j] == "by" && mention_at(s, j + 1).is_some())
        });
        // "..., led by the Iraqi army and supported by close air support": a
        // participle with "by" right after it is passive whatever its agent is
        // ("responded by firing" is a manner).
        let by_agent = m.verb.is_some_and(|v| v == m.end - 1 && passive_by(s, v));
        let passive = passive || reduced || by_agent;
        // A noun between parties ("a ceasefire between Israel and Hezbollah")
        // runs both ways between them.
        // ("Fighting erupted in Khartoum on Saturday between Sudan's army and the
        // Rapid Support Forces": a noun of force whose "between" comes after the
        // verb that says it began.)
        // ("Fighting erupted": a gerund that a verb of onset follows is a noun.)
        let noun = m.verb.is_none()
            || (m.end - m.start == 1
                && s.words
                    .get(m.end)
                    .is_some_and(|w| k.lexicon.has(LexiconKind::OnsetVerb, w)));
        let later_between = (noun && k.ontology.is(CodeClass::Force, &code))
            .then(|| {
                (m.end..(m.end + 8).min(s.words.len()))
                    .take_while(|&j| !CLAUSE_EDGES.contains(&s.words[j]) && s.words[j] != ",")
                    .find(|&j| s.words[j] == "between")
                    // (Only past a verb of onset: "the battle between Clinton and
                    // Sanders" is the phrase's own "between", if it has one.)
                    .filter(|&j| {
                        s.words[m.end..j]
                            .iter()
                            .any(|w| k.lexicon.has(LexiconKind::OnsetVerb, w))
                    })
            })
            .flatten();
        if (m.verb.is_none() && phrase.text.ends_with(" between")) || later_between.is_some() {
            let parties = objects(s, later_between.map_or(m.end, |j| j + 1), true);
            let mut out = Vec::new();
            for a in &parties {
                for b in &parties {
                    if a.span != b.span && (a.actor != b.actor || a.sector != b.sector) {
                        // Each side's sector refines its code, as for any event
                        // ("clashes between protesters and troops": the
                        // protesters riot, `sector-codes.tsv`).
                        if let Some(code) = by_sector(k, a, code, true) {
                            out.push(((*a).clone(), (*b).clone(), code));
                        }
                    }
                }
            }
            return out;
        }
        let (sources, targets) = if passive {
            let agent = (m.end..(m.end + 6).min(s.words.len()))
                .find(|&j| s.words[j] == "by")
                .and_then(|by| mention_at(s, by + 1));
            let Some(agent) = agent else {
                return Vec::new();
            };
            let pool: Vec<&Mention> = s
                .mentions
                .iter()
                .filter(|x| x.first >= agent.first && !x.place)
                .collect();
            (
                join_compound(s, agent, &pool),
                subject(s, m.start).unwrap_or_default(),
            )
        } else {
            // A noun pattern ("attack on", "talks with") names its agent right
            // before it ("the alliance's attack on", "Israeli air strikes on");
            // without one, only a speech act takes the clause's subject.
            let attached = s.mentions.iter().rev().find(|x| {
                !x.place
                    && x.last < m.start
                    && m.start - x.last <= 3
                    && s.words[x.last + 1..m.start]
                        .iter()
                        .all(|w| *w == "'s" || demarche_knowledge::patterns::is_modifier(w))
            });
            // (Protests and force named by a noun alone are background: "the riots".)
            // So is any noun in a prepositional phrase: "at the request of".
            // (A date between them counts for nothing: "about the Sept. 11, 2012,
            // attacks in Benghazi".)
            let mut det = m.start;
            while det > 0 && dated(s, det - 1) {
                det -= 1;
            }
            let in_phrase = det >= 2
                && DETERMINERS_SHORT.contains(&s.words[det - 1])
                && PREPOSITIONS.contains(&s.words[det - 2]);
            // "Israel completed its withdrawal": a possessive pronoun before the
            // noun points to the clause's subject.
            // (A noun under an intent or threat cue is the subject's plan:
            // "was considering a missile strike on".)
            let possessive = (1..=3).find_map(|back| {
                m.start
                    .checked_sub(back)
                    .filter(|&j| POSSESSIVES.contains(&s.words[j]))
            });
            // (Only when no verb stands between: "vowed to crush the revolt" is
            // about crushing, not the revolt.)
            let planned = matches!(cue, Some(CueKind::Intent | CueKind::Threat))
                && !(m.start.saturating_sub(2)..m.start).any(|j| {
                    k.patterns
                        .events
                        .matches_at(&s.words, j)
                        .iter()
                        .any(|p| p.verb.is_some())
                });
            let light = (m.start.saturating_sub(6)..m.start)
                .any(|j| k.lexicon.has(LexiconKind::LightVerb, s.words[j]));
            // A noun after "despite", "amid", "over its" is background, whoever owns it:
            // "despite calls for calm", "over its crackdown on protesters".
            let lead = (0..m.start)
                .rev()
                .find(|&j| {
                    !demarche_knowledge::patterns::is_modifier(s.words[j])
                        && !POSSESSIVES.contains(&s.words[j])
                })
                .map(|j| s.words[j]);
            if m.verb.is_none()
                && attached.is_none()
                // ("cited X as dangers from Y" is a label, not background.)
                && lead.is_some_and(|w| {
                    (CLAUSE_EDGES.contains(&w) && w != "as")
                        || (PREPOSITIONS.contains(&w) && w != "to")
                })
                && !light
            {
                return Vec::new();
            }
            // "had not raised its demand for": a noun that a negated verb governs
            // was not put forward.
            if m.verb.is_none() {
                let edge = (0..m.start)
                    .rev()
                    .find(|&j| CLAUSE_EDGES.contains(&s.words[j]) || s.words[j] == ",");
                let from = edge.map_or(0, |e| e + 1);
                if s.cues.iter().any(|&(a, b, kind)| {
                    kind == CueKind::Negation && a >= from && b <= m.start && m.start - b <= 5
                }) {
                    return Vec::new();
                }
            }
            let owned = m.verb.is_none() && (planned || possessive.is_some() || light);
            if m.verb.is_none()
                && attached.is_none()
                && !owned
                && (k.ontology.is(CodeClass::Background, &code) || in_phrase)
            {
                return Vec::new();
            }
            // "its crackdown", "their crackdown": the actor just named owns it.
            let owner = possessive.and_then(|p| possessor(s, p));
            // "where support for Israel is traditionally strong", "opposition to
            // the war is growing": a noun that is its clause's subject, with no
            // actor of its own, describes a state of things, not an act.
            if m.verb.is_none() && attached.is_none() && owner.is_none() && !owned {
                let opens = lead.is_none_or(|w| CLAUSE_EDGES.contains(&w) || w == ",");
                let after = objects(s, m.end, false)
                    .last()
                    .map_or(m.end, |t| t.last + 1);
                let copula = (after..(after + 3).min(s.words.len()))
                    .find(|&j| !s.words[j].ends_with("ly"))
                    .is_some_and(|j| {
                        matches!(
                            s.words[j],
                            "is" | "was" | "are" | "were" | "remains" | "remained"
                        )
                    });
                if opens && copula {
                    return Vec::new();
                }
            }
            let found = match (m.verb, attached, owner) {
                (None, Some(a), _) => Some(vec![a]),
                (None, None, Some(o)) => Some(vec![o]),
                // "thousands of people protesting": the crowd, not an earlier actor.
                _ if k.ontology.is(CodeClass::Protest, &code) && after_plain_noun(s, m.start) => {
                    None
                }
                _ => subject(s, m.start),
            };
            // A meeting in a forum names one party; the forum gives the other.
            let side = || {
                let t = objects(s, m.end, false);
                let first = t.first()?.first;
                s.sides
                    .iter()
                    .find(|(f, _)| *f == first)
                    .map(|(_, side)| vec![side])
            };
            let found = found.or_else(|| {
                (m.verb.is_none() && attached.is_none() && k.ontology.is(CodeClass::Meeting, &code))
                    .then(side)
                    .flatten()
            });
            let sources = match found {
                Some(found) => found,
                // Speech that goes on: "At the same time, attempts will be made to ..."
                // (Only for an infinitive: "attempts will be made to hold ...".)
                None if !s.mentions.iter().any(|x| x.last < m.start)
                    && m.start > 0
                    && s.words[m.start - 1] == "to" =>
                {
                    match s.speaker().or(s.continued_speaker) {
                        Some(sp) => vec![sp],
                        None => return Vec::new(),
                    }
                }
                // A protest without a named actor is the people of the place:
                // "hundreds of thousands marched through Hong Kong". (Told by a
                // verb only, as the tagger reads it: a noun alone, "after mass
                // protests", "stepping stones", is background whose actor the
                // text leaves implied, or no protest at all.)
                None if k.ontology.is(CodeClass::Protest, &code)
                    && m.verb.is_some_and(|v| s.tags(k)[v].is_verb()) =>
                {
                    match &s.crowd {
                        Some(crowd) => vec![crowd],
                        None => return Vec::new(),
                    }
                }
                None => return Vec::new(),
            };
            // With a gap, the target may sit inside it: "hold Russia accountable".
            let from = if phrase.has_gap() {
                m.verb.map_or(m.end, |v| v + 1)
            } else {
                m.end
            };
            // Force lands on places: "strikes across Yugoslavia" targets Yugoslavia.
            // (So do retreats: "withdraw from southern Lebanon".)
            let material = k.ontology.is(CodeClass::Material, &phrase.payload);
            let claim = k.ontology.is(CodeClass::Claim, &code);
            // (A claimed attack lands on a place: "attacks that killed 129 people in Paris".)
            let material = material || claim;
            let mut targets = objects_for(s, from, material, claim);
            // "X raided villages in Y, killing dozens": a participle
            // after a comma goes on with the act just reported in this sentence, on
            // its target, when it names no other actor (only places, or the source's
            // own side: "... taking hostages back home"). (Only force and
            // material acts: "calling up reservists" appeals to no one.)
            if let (Some(v), Some((src, tgt, _))) = (m.verb, last_event) {
                // (So does a second participle joined by "and": "..., killing
                // hundreds of people and taking dozens of hostages back into Gaza".)
                let joined = v > 0
                    && s.words[v - 1] == "and"
                    && (0..v - 1)
                        .rev()
                        .take_while(|&j| !CLAUSE_EDGES.contains(&s.words[j]))
                        .any(|j| s.words[j].ends_with("ing") && j > 0 && s.words[j - 1] == ",");
                let goes_on = material
                    && v > 0
                    && (s.words[v - 1] == "," || joined)
                    && s.words[v].ends_with("ing")
                    && tgt.span.start >= s.tokens[0].span.start
                    && targets.iter().all(|t| t.place || t.actor == src.actor)
                    && sources.iter().any(|x| x.actor == src.actor);
                if goes_on {
                    targets = vec![tgt];
                }
            }
            // A rejection or refusal without an object in its clause is aimed at
            // the other party named later in the sentence ("Russia no longer wants
            // to talk about it, which the eastern NATO states do not accept").
            if targets.is_empty()
                && k.ontology.is(CodeClass::Rejection, &code)
                && sources.len() == 1
            {
                targets = s
                    .mentions
                    .iter()
                    .filter(|x| x.first >= m.end && !x.place && x.actor != sources[0].actor)
                    // ("intends to veto the text, the BBC reported": the speaker.)
                    .filter(|x| !report_speaker(s, x))
                    .take(1)
                    .collect();
            }
            // "under pressure from Trump", "won support from conservative
            // lawmakers", "rocket attacks from Gaza": the actor after "from" a noun
            // of an act does it, and the actor it was said of receives it.
            // ("the strong support of Bernie Sanders", "with the backing of
            // Washington": after a few nouns "of" names the doer too, lexicon
            // kind subjective_noun, unless an owner does: "Iran's support of
            // Syria".)
            // (Only with "the": "in support of Assad's troops", "tweeted support of
            // the protesters" name whom it is for.)
            let definite = (0..m.start)
                .rev()
                .find(|&j| !demarche_knowledge::patterns::is_modifier(s.words[j]))
                .is_some_and(|j| s.words[j] == "the");
            let unowned = attached.is_none() && owner.is_none() && definite;
            let by_doer = |w: &str| {
                w == "from"
                    || (w == "of"
                        && unowned
                        && k.lexicon
                            .has(LexiconKind::SubjectiveNoun, s.words[m.end - 1]))
            };
            let from_doer = m.verb.is_none()
                && !phrase.text.ends_with(" from")
                && !phrase.text.ends_with(" of")
                && targets.first().is_some_and(|t| {
                    t.first > m.end
                        && s.words[m.end..t.first]
                            .iter()
                            .all(|w| by_doer(w) || DETERMINERS_SHORT.contains(w))
                        && s.words[m.end..t.first].iter().any(|w| by_doer(w))
                });
            if from_doer && !sources.is_empty() {
                (vec![targets[0]], sources)
            } else {
                (sources, targets)
            }
        };
        assemble(
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
            last_event,
        )
    }
}

/// Words that open an open question as a verb's object ("asked whether"). ("what"
/// and "who" open free relatives too, "struck what Washington called camps"; "how"
/// a manner, "praised how the state came together".)
const OPEN_QUESTION: &[&str] = &["whether", "if", "why"];

/// Whether word `j` belongs to a date phrase, or is the comma or abbreviation
/// dot beside one ("the Sept. 11, 2012, attacks").
fn dated(s: &Sentence<'_>, j: usize) -> bool {
    let skipped = |i: usize| s.skipped.get(i) == Some(&true);
    skipped(j) || (matches!(s.words[j], "," | ".") && ((j > 0 && skipped(j - 1)) || skipped(j + 1)))
}

#[cfg(test)]
mod tests {
    use crate::testing::{check, Row};

    #[test]
    fn table() {
        check(
            "phrase",
            &[
            Row {
                text: "Canada expelled two Saudi diplomats on Monday.",
                date: "2019-05-02",
                events: &["CAN 174 SAU"],
            },
            // An officeholder who "beat" a rival won a race (`sector-codes.tsv`,
            // `to` "-"); police who beat protesters assault them.
            Row {
                text: "Ghanaian President Nana Akufo-Addo beat the Ghanaian opposition leader John Mahama in 2016.",
                date: "2019-05-02",
                events: &[],
            },
            Row {
                text: "Kenyan police beat Somali protesters on Monday.",
                date: "2019-05-02",
                events: &["KEN 182 SOM"],
            },
            // The speaker of a report is no party that a rejection is aimed at.
            Row {
                text: "Kenya intends to veto the resolution, the Somali ambassador said.",
                date: "2019-05-02",
                events: &[],
            },
            // One named person attacking another attacks with words
            // (`classes.tsv` verbal_attack); a state attacks with force.
            Row {
                text: "Kenyan President Uhuru Kenyatta attacked Somali President Mohamed Abdullahi Mohamed on Monday.",
                date: "2019-05-02",
                events: &["KEN 111 SOM"],
            },
            Row {
                text: "Kenya attacked Somalia on Monday.",
                date: "2019-05-02",
                events: &["KEN 190 SOM"],
            },
            // Releasing a document publishes it (`classes.tsv` release).
            Row {
                text: "Kenya released a report on Somalia's army on Monday.",
                date: "2019-05-02",
                events: &[],
            },
            Row {
                text: "Kenya released the emails of the Somali president.",
                date: "2019-05-02",
                events: &[],
            },
            Row {
                text: "Kenya released the Somali president's letters on Monday.",
                date: "2019-05-02",
                events: &[],
            },
            Row {
                text: "Kenya released the Somali president's spokesman on Monday.",
                date: "2019-05-02",
                events: &["KEN 0841 SOM"],
            },
            Row {
                text: "Egypt condemned Ethiopia over the dam on Sunday.",
                date: "2019-05-02",
                events: &["EGY 111 ETH"],
            },
            Row {
                text: "Ghana and Mali signed a defence pact.",
                date: "2019-05-02",
                events: &["GHA 057 MLI", "MLI 057 GHA"],
            },
            Row {
                text: "Peru did not condemn Chile.",
                date: "2019-05-02",
                events: &[],
            },
            // ... the whole compound before the clause.
            Row {
                text: "Peru and Chile, which both border Bolivia, criticized Ecuador.",
                date: "2019-05-02",
                events: &["PER 111 ECU", "CHL 111 ECU"],
            },
            // A clause that a subordinating word opens ends at its comma: the
            // main clause has its own subject.
            Row {
                text: "After Peru closed the border, Chile condemned Bolivia.",
                date: "2019-05-02",
                events: &["CHL 111 BOL"],
            },
            // "it" in a later sentence is mostly a thing, not the actor before.
            Row {
                text: "Peru passed a new budget law. It criticized Chile.",
                date: "2019-05-02",
                events: &[],
            },
            // The speaker of a report after the event is no object of it.
            Row {
                text: "Peru criticized the decision, Chile said.",
                date: "2019-05-02",
                events: &[],
            },
            // An outlet in parentheses credits the report: no actor.
            Row {
                text: "(CNN) Peru condemned Chile on Monday.",
                date: "2019-05-02",
                events: &["PER 111 CHL"],
            },
            // "as well as" joins a second actor to the first.
            Row {
                text: "The EU sanctioned Belarus as well as Iran.",
                date: "2019-05-02",
                events: &["EU 163 BLR", "EU 163 IRN"],
            },
            // The actor after the comma begins the main clause: it is no
            // second target of the subordinate clause's verb.
            Row {
                text: "After Peru attacked Bolivia, Chile condemned Ecuador.",
                date: "2019-05-02",
                events: &["PER 190 BOL", "CHL 111 ECU"],
            },
            // A verb after a relative clause set off by commas has the actor
            // before the clause as its subject.
            Row {
                text: "The Peruvian president, who met the Chilean president last week, criticized Bolivia.",
                date: "2019-05-02",
                events: &["PER 040 CHL", "PER 111 BOL"],
            },
            // "the president of France": the state after "of" is the role's,
            // whatever place the sentence names.
            Row {
                text: "In Berlin, the president of France criticized Russia.",
                date: "2019-05-02",
                events: &["FRA 111 RUS"],
            },
            // Each side of a noun between parties takes its sector's code:
            // protesters clashing riot.
            Row {
                text: "Clashes between Chilean protesters and Peruvian troops erupted on Monday.",
                date: "2019-05-02",
                events: &["CHL 145 PER", "PER 190 CHL"],
            },
            // "state" before "visit" is a modifier, not the state as an actor.
            Row {
                text: "Chile's president began a state visit to Peru.",
                date: "2019-05-02",
                events: &["CHL 042 PER"],
            },
            // A participle after a subordinating word has no subject of its own.
            Row {
                text: "When asked about Bolivia, the Peruvian president criticized Chile.",
                date: "2019-05-02",
                events: &["PER 111 CHL"],
            },
            // A lone verb whose object is an infinitive acts on no actor.
            Row {
                text: "The Peruvian president declined to recommend charges against Chile.",
                date: "2019-05-02",
                events: &[],
            },
            // A verb's word used as a noun before another noun modifies it.
            Row {
                text: "Peru has a trade deficit with Chile.",
                date: "2019-05-02",
                events: &[],
            },
            // Cutting what a phrase names reduces relations.
            Row {
                text: "Peru reduced its investment in Chile.",
                date: "2019-05-02",
                events: &["PER 160 CHL"],
            },
            // "I" and "we" in reported words are the speaker.
            Row {
                text: "\"I met the Chilean president on Monday,\" the Peruvian president said.",
                date: "2019-05-02",
                events: &["PER 040 CHL"],
            },
            Row {
                text: "\"We will decrease our investment in Chile,\" the Peruvian president said.",
                date: "2019-05-02",
                events: &["PER 160 CHL"],
            },
            // A noun of quantity and its "of" stand inside the object.
            Row {
                text: "The EU imposed a new round of sanctions on Belarus.",
                date: "2019-05-02",
                events: &["EU 163 BLR"],
            },
            Row {
                text: "Sudan fired dozens of shells at Chad.",
                date: "2019-05-02",
                events: &["SDN 190 TCD"],
            },
            Row {
                text: "If Ghana attacks Togo, the region will suffer.",
                date: "2019-05-02",
                events: &[],
            },
            Row {
                text: "The Japanese prime minister urged Indian officials to resume talks with Pakistan.",
                date: "2019-05-02",
                events: &["JPN 020 IND"],
            },
            // "were" is a passive auxiliary: the agent after "by" acts, and
            // without one no one does.
            Row {
                text: "Ukrainian soldiers were killed by Russian forces.",
                date: "2019-05-02",
                events: &["RUS 190 UKR"],
            },
            Row {
                text: "Four Ukrainian soldiers were killed near Kharkiv, including a Russian officer.",
                date: "2019-05-02",
                events: &[],
            },
            // A verb pattern's word that the tagger reads as a noun is a noun
            // pattern, which needs its agent named next to it.
            Row {
                text: "Barack Obama visited Hiroshima, laying a wreath at the memorial to the victims of the 1945 atomic bombing.",
                date: "2016-05-27",
                events: &["USA 042 JPN"],
            },
            // A crowd protests where a verb says so; a noun alone is background.
            Row {
                text: "Thousands of people marched through Bucharest on Sunday.",
                date: "2019-05-02",
                events: &["ROU 141 ROU"],
            },
            Row {
                text: "The decree led to mass protests in Bucharest.",
                date: "2019-05-02",
                events: &[],
            },
            // Stepping down needs no one named: it is done to one's own state.
            // Scrapping a programme accedes to no one unless a demand is named.
            Row {
                text: "The Romanian prime minister stepped down on Monday.",
                date: "2019-05-02",
                events: &["ROU 0831 ROU"],
            },
            Row {
                text: "The Romanian prime minister scrapped the tax on Monday.",
                date: "2019-05-02",
                events: &[],
            },
            // Link text an outlet puts inline after a name is not the report's.
            Row {
                text: "Moldovan President Maia Sandu Maia SanduRomania attacks Moldova in new ad Chisinau mayor resigns MORE spoke on Monday.",
                date: "2021-05-02",
                events: &[],
            },
            // A verb between a state and a title is no modifier of the title.
            Row {
                text: "Romania met President Maia Sandu on Tuesday.",
                date: "2021-05-02",
                events: &["ROU 040 MDA"],
            },
            // A subject pronoun after the verb begins a clause of its own.
            Row {
                text: "Moldovan President Maia Sandu arrived on Monday. Romanian officials denied that she had held talks.",
                date: "2021-05-02",
                events: &[],
            },
            // A noun that a negated verb governs was not put forward.
            Row {
                text: "Romania does not have an extradition treaty with Moldova.",
                date: "2019-05-02",
                events: &[],
            },
            // A possible act is no act; "May" the month is no modal.
            Row {
                text: "Romania could expel two Moldovan diplomats next week.",
                date: "2019-05-02",
                events: &[],
            },
            Row {
                text: "Romania would have expelled two Moldovan diplomats without the deal.",
                date: "2019-05-02",
                events: &[],
            },
            Row {
                text: "In May Romania expelled two Moldovan diplomats.",
                date: "2019-05-02",
                events: &["ROU 174 MDA"],
            },
            // A pattern's verb with a capital inside a sentence is a name; in a
            // headline written in title case it is still the verb.
            Row {
                text: "Romania's Ann Bash asked Moldova about the border.",
                date: "2019-05-02",
                events: &["ROU 020 MDA"],
            },
            Row {
                text: "Romania Blasts Moldova Over Border",
                date: "2019-05-02",
                events: &["ROU 111 MDA"],
            },
            Row {
                text: "The Romanian president blasted Moldova over the border.",
                date: "2019-05-02",
                events: &["ROU 111 MDA"],
            },
            // "who've" ends the clause as "who" does: the aides resigned, not
            // the newspaper that counts them.
            Row {
                text: "Reuters counted 37 aides who've resigned from the Romanian government.",
                date: "2019-05-02",
                events: &[],
            },
            ],
        );
    }
}
