//! "Britain, France and Germany quickly followed suit": the last act again, by
//! new actors.

use demarche_knowledge::Knowledge;

use super::{EventRule, SentenceState};
use crate::clause::subject;
use crate::mentions::Mention;
use crate::sentence::{CueKind, Sentence};

pub(crate) struct FollowSuit;

impl EventRule for FollowSuit {
    fn name(&self) -> &'static str {
        "follow-suit"
    }

    fn apply(&self, _k: &Knowledge, s: &Sentence<'_>, state: &mut SentenceState) {
        for &(a, b, kind) in s.cues {
            if kind != CueKind::Follow {
                continue;
            }
            let (Some(sources), Some((_, tgt, code))) = (subject(s, a), state.last_event.clone())
            else {
                continue;
            };
            let sources: Vec<Mention> = sources.into_iter().cloned().collect();
            for src in sources {
                if src.actor != tgt.actor {
                    state.emit(self.name(), (a, b), src, tgt.clone(), code);
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
            "follow-suit",
            &[
            Row {
                text: "Canada expelled two Saudi diplomats on Monday. Norway and Denmark quickly followed suit.",
                date: "2019-05-02",
                events: &["NOR 174 SAU", "DNK 174 SAU"],
            },
            Row {
                text: "Norway and Denmark quickly followed suit.",
                date: "2019-05-02",
                events: &[],
            },
            ],
        );
    }
}
