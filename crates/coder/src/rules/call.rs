//! "warned Xi in a video call": words said to an actor in a call are also a
//! consultation by telephone (041) between the two. So is telling an actor
//! something in a call ("told Macron in a phone call that ..."), whatever is told.

use demarche_knowledge::{CodeClass, Knowledge, LexiconKind, Sector};

use super::assemble::same_side;
use super::{EventRule, SentenceState};
use crate::clause::{mention_at, subject};
use crate::sentence::{CueKind, Sentence};

pub(crate) struct Call;

impl EventRule for Call {
    fn name(&self) -> &'static str {
        "call"
    }

    fn apply(&self, k: &Knowledge, s: &Sentence<'_>, state: &mut SentenceState) {
        for &(a, b, kind) in s.cues {
            if kind != CueKind::Call {
                continue;
            }
            // "Rouhani told French counterpart Emmanuel Macron in a phone call
            // that ...": a verb of telling, its addressee right after it.
            for (v, w) in s.words.iter().enumerate() {
                if !k.lexicon.has(LexiconKind::AddresseeVerb, w) {
                    continue;
                }
                // (Telling a newspaper or a broadcaster is an interview, not a
                // consultation: "told Reuters by phone".)
                // ("told his Peruvian counterpart": a possessive before the addressee.)
                let possessive = s
                    .words
                    .get(v + 1)
                    .is_some_and(|w| matches!(*w, "his" | "her" | "its" | "their"));
                let at = v + 1 + usize::from(possessive);
                let Some(addressee) =
                    mention_at(s, at).filter(|m| !m.place && m.sector != Some(Sector::Med))
                else {
                    continue;
                };
                let speakers = subject(s, v).unwrap_or_default();
                for speaker in speakers {
                    if speaker.place
                        || speaker.actor == addressee.actor
                        || same_side(speaker, addressee)
                    {
                        continue;
                    }
                    if let Some(code) = k.ontology.class_code(CodeClass::PhoneCall) {
                        state.emit(
                            self.name(),
                            (a, b),
                            speaker.clone(),
                            addressee.clone(),
                            code,
                        );
                    }
                }
            }
            for i in 0..state.said_here.len() {
                let (src, tgt, code) = &state.said_here[i];
                let verbal = k.ontology.is(CodeClass::Verbal, code);
                if verbal && !src.place && !tgt.place && src.actor != tgt.actor {
                    let (src, tgt) = (src.clone(), tgt.clone());
                    if let Some(code) = k.ontology.class_code(CodeClass::PhoneCall) {
                        state.emit(self.name(), (a, b), src, tgt, code);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check, Row};

    #[test]
    fn table() {
        check(
            "call",
            &[
            Row {
                text: "In a phone call on Monday, the Japanese prime minister urged the Indian president to lift the tariffs.",
                date: "2019-05-02",
                events: &["JPN 041 IND"],
            },
            Row {
                text: "The Chilean president criticised Bolivia in a video call with the Peruvian president.",
                date: "2019-05-02",
                events: &["CHL 041 BOL"],
            },
            Row {
                text: "The Chilean president told his Peruvian counterpart in a phone call that the border would stay open.",
                date: "2019-05-02",
                events: &["CHL 041 PER"],
            },
            Row {
                text: "The Chilean president told Reuters by phone that the border would stay open.",
                date: "2019-05-02",
                events: &[],
            },
            Row {
                text: "The Chilean president told reporters that the border would stay open.",
                date: "2019-05-02",
                events: &[],
            },
            Row {
                text: "The Chilean president criticised Bolivia on Monday.",
                date: "2019-05-02",
                events: &[],
            },
            ],
        );
    }
}
