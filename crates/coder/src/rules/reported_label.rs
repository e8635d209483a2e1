//! Reported labels: "the chief said Myanmar's operation appeared to be 'a
//! textbook example of ethnic cleansing'", "he thought Putin was a 'killer'":
//! the speaker criticises (111) the actor the label is about.

use demarche_knowledge::{CodeClass, Knowledge};

use super::assemble::same_side;
use super::{EventRule, SentenceState};
use crate::clause::pejorative_label;
use crate::grammar::{MODALS, PREPOSITIONS};
use crate::sentence::Sentence;

pub(crate) struct ReportedLabel;

impl EventRule for ReportedLabel {
    fn name(&self) -> &'static str {
        "reported-label"
    }

    fn apply(&self, k: &Knowledge, s: &Sentence<'_>, state: &mut SentenceState) {
        let Some(code) = k.ontology.class_code(CodeClass::Label) else {
            return;
        };
        let Some(speaker) = s.speaker().filter(|m| !m.place).cloned() else {
            return;
        };
        for c in 0..s.words.len() {
            if !matches!(s.words[c], "was" | "is" | "were" | "are" | "be") {
                continue;
            }
            let after = &s.words[c + 1..(c + 4).min(s.words.len())];
            // "was a 'killer'", "was 'a textbook example'": a quoted label.
            let quote = |w: &&str| matches!(*w, "'" | "\"" | "‘" | "“");
            let opens = after
                .first()
                .is_some_and(|w| matches!(*w, "a" | "an") || quote(w));
            if !opens || !after.iter().any(quote) {
                continue;
            }
            // "was 'in the middle of a struggle against a poisonous ideology'":
            // a quote that opens with a preposition says where, and labels no one.
            let first_word = after.iter().find(|w| !quote(w));
            if first_word.is_some_and(|w| PREPOSITIONS.contains(w))
                || !pejorative_label(k, s, c + 1)
            {
                continue;
            }
            // "warned that it would be 'a hot summer'", "that can be 'a dangerous
            // game'": "it" or "that" is the subject, and names no one.
            let mut subj = c;
            while subj > 0 && (MODALS.contains(&s.words[subj - 1]) || s.words[subj - 1] == "not") {
                subj -= 1;
            }
            if subj > 0 && matches!(s.words[subj - 1], "it" | "this" | "that" | "there") {
                continue;
            }
            let Some(about) = s
                .mentions
                .iter()
                .rev()
                .find(|m| m.last < c && m.first > speaker.last && !m.place)
            else {
                continue;
            };
            if same_side(&speaker, about) {
                continue;
            }
            state.emit(
                self.name(),
                (c, c + 1),
                speaker.clone(),
                about.clone(),
                code,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check, Row};

    #[test]
    fn table() {
        check(
            "reported-label",
            &[
            Row {
                text: "The Kenyan president said Somalia's conduct was 'a textbook case of aggression'.",
                date: "2019-05-02",
                events: &["KEN 111 SOM"],
            },
            Row {
                text: "New rockets have arrived, the Kenyan defence minister said on Thursday, warning Somali troops that it would be 'a hot summer' for them.",
                date: "2019-05-02",
                events: &[],
            },
            // A quote opening with a preposition says where, not what.
            Row {
                text: "The Kenyan president said Somalia was 'in the middle of a struggle against a poisonous ideology'.",
                date: "2019-05-02",
                events: &[],
            },
            // A quoted word that is no pejorative labels no one.
            Row {
                text: "The Kenyan president said Somalia's navy was 'committed' to the talks.",
                date: "2019-05-02",
                events: &[],
            },
            Row {
                text: "The Kenyan president said Somalia's conduct was improving.",
                date: "2019-05-02",
                events: &[],
            },
            ],
        );
    }
}
