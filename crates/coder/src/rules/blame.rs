//! Blame: saying an actor is behind an act, responsible for it or to blame for
//! it accuses the actor (112). "Officials said the group was behind the
//! bombing", "the prime minister says he suspects the Islamic State was behind
//! it": the speaker, or the one who holds the belief, accuses the actor named
//! before "was behind". The act itself is not coded: its agent is only alleged.
//! So does telling that an actor lied or deceived ("prosecutors said the adviser
//! lied to Congress"): CAMEO has no act of lying, only the accusation.

use demarche_knowledge::{CodeClass, Knowledge, LexiconKind};

use super::assemble::same_side;
use super::{EventRule, SentenceState};
use crate::clause::governing_cue;
use crate::mentions::Mention;
use crate::sentence::{CueKind, Sentence};

pub(crate) struct Blame;

/// Auxiliaries between a deceiver and the verb: "had lied", "was lying", "has been lying".
const AUXILIARIES: &[&str] = &["had", "has", "have", "was", "were", "is", "are", "been"];
/// Forms of "be" that can stand before "behind".
const BE: &[&str] = &["is", "are", "was", "were", "be", "been", "'s"];
/// Words that may stand between "be" and "behind" without changing it.
const HEDGES: &[&str] = &[
    "also", "probably", "likely", "possibly", "really", "actually",
];

impl EventRule for Blame {
    fn name(&self) -> &'static str {
        "blame"
    }

    fn apply(&self, k: &Knowledge, s: &Sentence<'_>, state: &mut SentenceState) {
        let Some(code) = k.ontology.class_code(CodeClass::Blame) else {
            return;
        };
        // "X lied", "X had lied", "X was lying", "X has been lying": looked for
        // after each actor named (a few words a sentence, not every word).
        for deceiver in s.mentions.iter().filter(|m| !m.place && !m.target_only) {
            let mut v = deceiver.last + 1;
            while v < s.words.len() && AUXILIARIES.contains(&s.words[v]) && v - deceiver.last <= 2 {
                v += 1;
            }
            if v >= s.words.len()
                || !k.lexicon.has(LexiconKind::DeceptionVerb, s.words[v])
                || governing_cue(s, v) == Some(CueKind::Negation)
            {
                continue;
            }
            let Some(accuser) = accuser(k, s, deceiver) else {
                continue;
            };
            if !same_side(accuser, deceiver) {
                state.emit(
                    self.name(),
                    (v, v + 1),
                    accuser.clone(),
                    deceiver.clone(),
                    code,
                );
            }
        }
        for j in 1..s.words.len() {
            // "behind", "responsible for", "to blame for": where the act starts.
            let act = match s.words[j] {
                "behind" => j + 1,
                "responsible" if s.words.get(j + 1) == Some(&"for") => j + 2,
                "to" if s.words.get(j + 1) == Some(&"blame")
                    && s.words.get(j + 2) == Some(&"for") =>
                {
                    j + 3
                }
                _ => continue,
            };
            // "X was (probably) behind".
            let mut be = j - 1;
            if HEDGES.contains(&s.words[be]) && be > 0 {
                be -= 1;
            }
            if !BE.contains(&s.words[be]) || be == 0 {
                continue;
            }
            if !blamed_act(k, s, act) {
                continue;
            }
            // The one blamed stands right before "be" ("has been behind": before "has").
            let mut end = be - 1;
            if matches!(s.words[end], "has" | "have" | "had") && end > 0 {
                end -= 1;
            }
            let Some(blamed) = s
                .mentions
                .iter()
                .find(|m| m.last == end && !m.place && !m.target_only)
            else {
                continue;
            };
            if governing_cue(s, blamed.first) == Some(CueKind::Negation) {
                continue;
            }
            let Some(accuser) = accuser(k, s, blamed) else {
                continue;
            };
            // "IS said it was behind the attacks" claims; it accuses no one.
            if same_side(accuser, blamed) {
                continue;
            }
            state.emit(
                self.name(),
                (be, act),
                accuser.clone(),
                blamed.clone(),
                code,
            );
        }
    }
}

/// Whether the words from `i` name an act someone can be behind: a pronoun
/// ("behind it") or a noun of the `blamed_act` list within four words, with
/// only words between ("behind the deadly bombing", not "behind schedule, the
/// attack").
fn blamed_act(k: &Knowledge, s: &Sentence<'_>, i: usize) -> bool {
    if s.words.get(i).is_some_and(|w| matches!(*w, "it" | "them")) {
        return true;
    }
    (i..(i + 4).min(s.words.len()))
        .take_while(|&x| x == i || s.words[x - 1].chars().all(char::is_alphabetic))
        .any(|x| k.lexicon.has(LexiconKind::BlamedAct, s.words[x]))
}

/// Who blames: the sentence's speaker ("officials said"), else the actor right
/// before a belief verb that comes before the one blamed ("he suspects").
fn accuser<'s>(k: &Knowledge, s: &'s Sentence<'_>, blamed: &Mention) -> Option<&'s Mention> {
    if let Some(sp) = s.speaker().filter(|m| !m.place && m.last < blamed.first) {
        return Some(sp);
    }
    let belief = (0..blamed.first)
        .rev()
        .find(|&v| k.lexicon.has(LexiconKind::BeliefVerb, s.words[v]))?;
    s.mentions
        .iter()
        .rev()
        .find(|m| m.last < belief && belief - m.last <= 2 && !m.place && !m.target_only)
}

#[cfg(test)]
mod tests {
    use crate::testing::{check, Row};

    #[test]
    fn table() {
        check(
            "blame",
            &[
                Row {
                    text: "Kenyan officials said al-Shabaab was behind the bombing in Nairobi.",
                    date: "2019-05-02",
                    events: &["KEN 112 SOM"],
                },
                Row {
                    text: "The Turkish prime minister says he suspects the Islamic State was behind it.",
                    date: "2016-07-02",
                    events: &["TUR 112 ORG:IS"],
                },
                // Claiming responsibility accuses no one.
                Row {
                    text: "The Islamic State said it was behind the attacks.",
                    date: "2016-07-02",
                    events: &[],
                },
                // Being behind a screen or a schedule is no act.
                Row {
                    text: "Kenyan officials said al-Shabaab was responsible for the attack.",
                    date: "2019-05-02",
                    events: &["KEN 112 SOM"],
                },
                // A duty is no blame.
                Row {
                    text: "Kenyan officials said Somalia was responsible for security at the border.",
                    date: "2019-05-02",
                    events: &[],
                },
                // Telling that an actor lied accuses it; denying it does not.
                Row {
                    text: "Kenyan prosecutors said the Somali envoy lied to the court.",
                    date: "2019-05-02",
                    events: &["KEN 112 SOM"],
                },
                Row {
                    text: "Kenyan prosecutors said the Somali envoy had not lied.",
                    date: "2019-05-02",
                    events: &[],
                },
                // Two people of one state are two sides.
                Row {
                    text: "Donald Trump said he believes Barack Obama has been behind the leaks.",
                    date: "2017-03-02",
                    events: &["USA 112 USA"],
                },
                Row {
                    text: "The Kenyan minister said Somalia was behind schedule.",
                    date: "2019-05-02",
                    events: &[],
                },
                Row {
                    text: "Kenyan officials said al-Shabaab was not behind the bombing.",
                    date: "2019-05-02",
                    events: &[],
                },
            ],
        );
    }
}
