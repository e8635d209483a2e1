//! "the minister said Ruritania would pay a heavy price": what an actor will
//! suffer, in reported speech, is the speaker's threat against it (130). So is
//! calling it a danger, "said the alliance posed a threat to the region":
//! criticism (111).

use demarche_knowledge::{CodeClass, Knowledge};

use super::{EventRule, SentenceState};
use crate::sentence::{CueKind, Sentence};

pub(crate) struct Warning;

impl EventRule for Warning {
    fn name(&self) -> &'static str {
        "warning"
    }

    fn apply(&self, k: &Knowledge, s: &Sentence<'_>, state: &mut SentenceState) {
        for &(a, b, kind) in s.cues {
            let code = match kind {
                CueKind::Warning => k.ontology.class_code(CodeClass::Warning),
                CueKind::Danger => k.ontology.class_code(CodeClass::Label),
                _ => continue,
            };
            let Some(code) = code else { continue };
            let Some(sp) = s.speaker().filter(|m| !m.place).cloned() else {
                continue;
            };
            let about = s
                .mentions
                .iter()
                .rev()
                .find(|m| m.last < a && m.span != sp.span && !m.place);
            if let Some(about) = about.filter(|m| m.actor != sp.actor) {
                state.emit(self.name(), (a, b), sp, about.clone(), code);
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
            "warning",
            &[
            Row {
                text: "The Turkish foreign minister said Syria would pay a heavy price for the attack.",
                date: "2019-05-02",
                events: &["TUR 130 SYR"],
            },
            Row {
                text: "Kenya's foreign ministry said that Uganda posed a threat to the region.",
                date: "2019-05-02",
                events: &["KEN 111 UGA"],
            },
            Row {
                text: "The Turkish foreign minister said the talks would go on.",
                date: "2019-05-02",
                events: &[],
            },
            ],
        );
    }
}
