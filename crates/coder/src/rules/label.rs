//! Labels: "X called the decision an 'extreme injustice'", "calling it a
//! conspiracy": criticism (111) of whoever did what is labelled.

use demarche_knowledge::{CodeClass, Knowledge};

use super::assemble::same_side;
use super::{EventRule, SentenceState};
use crate::clause::{labelled, pejorative_label, subject, Labelled};
use crate::sentence::{CueKind, Sentence};

pub(crate) struct Label;

impl EventRule for Label {
    fn name(&self) -> &'static str {
        "label"
    }

    fn apply(&self, k: &Knowledge, s: &Sentence<'_>, state: &mut SentenceState) {
        let Some(code) = k.ontology.class_code(CodeClass::Label) else {
            return;
        };
        for &(a, b, kind) in s.cues {
            if kind != CueKind::Label {
                continue;
            }
            let Some((target, end)) = labelled(s, b) else {
                continue;
            };
            // ("calling it a great deal" criticises no one.)
            if !pejorative_label(k, s, end - 1) {
                continue;
            }
            // ("X said Y was to blame, calling it an act of war": X calls it.)
            let after_comma = a > 0 && s.words[a - 1] == "," && s.words[a].ends_with("ing");
            let Some(source) = s
                .speaker()
                .filter(|_| after_comma)
                .cloned()
                .or_else(|| subject(s, a).and_then(|v| v.first().map(|m| (*m).clone())))
                .or_else(|| state.earlier_subject.clone())
            else {
                continue;
            };
            let target = match target {
                Labelled::Actor(m) => m,
                Labelled::Act => match &state.last_event {
                    Some((src, tgt, _)) if src.actor == source.actor => tgt.clone(),
                    Some((src, _, _)) => src.clone(),
                    None => continue,
                },
            };
            // (Two people of one state are two sides: "Pelosi called Trump a coward".)
            if same_side(&source, &target) {
                continue;
            }
            tracing::debug!(start = a, end, "label");
            state.emit(self.name(), (a, end), source, target, code);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check, Row};

    #[test]
    fn table() {
        check(
            "label",
            &[
            Row {
                text: "Brazil recalled its ambassador from Caracas. The Venezuelan foreign minister called the decision an 'unacceptable provocation'.",
                date: "2019-05-02",
                events: &["VEN 111 BRA"],
            },
            Row {
                text: "House Speaker Nancy Pelosi called President Donald Trump a coward.",
                date: "2019-05-02",
                events: &["USA 111 USA"],
            },
            Row {
                text: "The Venezuelan foreign minister called the meeting on Monday.",
                date: "2019-05-02",
                events: &[],
            },
            // A label is criticism only when its words are pejorative.
            Row {
                text: "The Kenyan president called Somalia a 'menace to the region'.",
                date: "2019-05-02",
                events: &["KEN 111 SOM"],
            },
            Row {
                text: "The Kenyan president called Somalia a 'reliable partner'.",
                date: "2019-05-02",
                events: &[],
            },
            Row {
                text: "The Kenyan president called Somalia's conduct 'not honest'.",
                date: "2019-05-02",
                events: &["KEN 111 SOM"],
            },
            ],
        );
    }
}
