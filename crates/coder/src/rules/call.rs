//! "warned Xi in a video call": words said to an actor in a call are also a
//! consultation by telephone (041) between the two.

use demarche_knowledge::{CodeClass, Knowledge};

use super::{EventRule, SentenceState};
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
                text: "The Chilean president criticised Bolivia on Monday.",
                date: "2019-05-02",
                events: &[],
            },
            ],
        );
    }
}
