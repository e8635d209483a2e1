//! What every event-making rule does once it has a code, its sources and its
//! targets: mass killing, the source's sector, force that lands on a place, a
//! reaction that answers the act just reported, acts aimed at the actor's own
//! state, joint and symmetric acts ("A and B met"), and the pairs that are no
//! event (an actor and itself, a match score).

use demarche_knowledge::CodeClass;
use demarche_knowledge::LexiconKind;
use demarche_knowledge::{Code, Knowledge, Sector};

use super::Coded;
use crate::clause::is_score;
use crate::mentions::Mention;
use crate::sentence::Sentence;

/// The words that made the event.
pub(crate) struct Trigger<'t> {
    /// The phrase as written in the data ("+fire at").
    pub(crate) text: &'t str,
    /// The phrase's own code, before cues and sectors changed it.
    pub(crate) payload: &'t str,
    /// The word after the trigger.
    pub(crate) end: usize,
}

impl Trigger<'_> {
    /// The trigger's words, as many as the phrase has before `end` (a phrase
    /// with a gap may have more; its first words are what the rules look at).
    fn words(&self) -> std::ops::Range<usize> {
        self.end.saturating_sub(self.text.split(' ').count())..self.end
    }
}

/// Whether state `member` belongs to organisation `org` on `date`.
fn member_of(k: &Knowledge, member: &str, org: &str, date: Option<chrono::NaiveDate>) -> bool {
    date.is_some_and(|d| k.memberships.members(org, d).contains(&member))
}

/// Whether two mentions are one side: the same actor and sector, unless one
/// of them is a person other than the other ("Trump fired back at Schumer",
/// "the government is prosecuting a State Department adviser": two sides of
/// USA GOV). The same person named twice is one side ("Trump ... Trump").
pub(crate) fn same_side(a: &Mention, b: &Mention) -> bool {
    a.actor == b.actor && a.sector == b.sector && !((a.person || b.person) && a.name != b.name)
}

/// `code` as the source's sector refines it (`sector-codes.tsv`): armed forces
/// killing use military force, protesters clashing riot.
pub(crate) fn by_sector(
    k: &Knowledge,
    source: &Mention,
    code: Code,
    has_target: bool,
) -> Option<Code> {
    let Some(sector) = source.sector else {
        return Some(code);
    };
    let refined = k.patterns.by_sector(sector, &code, has_target)?;
    Some(Code::new(&refined).unwrap_or(code))
}

/// Whether a document is what the trigger acts on: a document noun between the
/// trigger and its first target (or within four words when none is named), right
/// after that target ("the Podesta emails", "Mueller's report"), or
/// right before the trigger, past its auxiliaries ("a report released Tuesday",
/// "the emails were released").
fn publishes(k: &Knowledge, s: &Sentence<'_>, trigger: &Trigger<'_>, targets: &[&Mention]) -> bool {
    let document = |w: &&str| k.lexicon.has(LexiconKind::DocumentNoun, w);
    let end = trigger.end.min(s.words.len());
    let until = targets
        .iter()
        .map(|t| t.first)
        .filter(|&f| f >= end)
        .min()
        .unwrap_or(end + 4)
        .min(s.words.len());
    if s.words[end..until].iter().any(document) {
        return true;
    }
    // "releasing the Podesta emails", "released Mueller's report".
    if until < s.words.len() {
        if let Some(t) = targets.iter().find(|t| t.first == until) {
            let mut after = t.last + 1;
            if s.words.get(after) == Some(&"'s") {
                after += 1;
            }
            if s.words.get(after).is_some_and(document) {
                return true;
            }
        }
    }
    let mut j = trigger.words().start;
    while j > 0
        && matches!(
            s.words[j - 1],
            "was" | "were" | "is" | "are" | "been" | "being" | "be" | "has" | "have" | "had"
        )
    {
        j -= 1;
    }
    j > 0 && document(&s.words[j - 1])
}

/// The (source, target, code) triples of one trigger.
pub(crate) fn assemble(
    k: &Knowledge,
    s: &Sentence<'_>,
    trigger: Trigger<'_>,
    mut code: Code,
    sources: Vec<&Mention>,
    targets: Vec<&Mention>,
    last_event: Option<&Coded>,
) -> Vec<Coded> {
    // Some acts without a named target are aimed at the actor's own state:
    // protests, stepping down, martial law (`data/patterns/own-target.tsv`).
    // Killing hundreds or thousands is mass killing (CAMEO 202).
    let o = &k.ontology;
    if trigger.text.split(' ').any(|w| {
        k.lexicon
            .starts(LexiconKind::KillingVerb, w.trim_start_matches('+'))
    }) && o.is(CodeClass::Force, &code)
    {
        let many = s.words[trigger.end..(trigger.end + 4).min(s.words.len())]
            .iter()
            .any(|w| {
                matches!(*w, "hundreds" | "thousands")
                    || w.replace(',', "").parse::<u32>().is_ok_and(|n| n >= 100)
            });
        if many {
            code = Code::new(o.code_of(CodeClass::MassKilling)).unwrap_or(code);
        }
    }
    // "released a report on X", "the emails released by X": a verb of releasing
    // people whose object is a document publishes it (`classes.tsv` release,
    // `lexicon.tsv` document_noun).
    if o.is(CodeClass::Release, &code) && publishes(k, s, &trigger, &targets) {
        return Vec::new();
    }
    // The source's sector refines the code: armed forces killing use military
    // force, police firing on unnamed people repress (`sector-codes.tsv`).
    if let [source] = sources.as_slice() {
        match by_sector(k, source, code, !targets.is_empty()) {
            Some(refined) => code = refined,
            None => return Vec::new(),
        }
    }
    // "Indian warplanes struck", "fired cruise missiles at": plain military force
    // done with aircraft, missiles or drones is aerial (`classes.tsv`
    // aerial_force, `lexicon.tsv` aerial_weapon).
    if let (Some(aerial), [source]) = (o.class_code(CodeClass::AerialForce), sources.as_slice()) {
        // (Only the root's plain code, 190: "shelled" or "bombed" say more.)
        let generic = o.code_of(CodeClass::AerialForce).get(..2) == code.get(..2)
            && code.len() == 3
            && code.ends_with('0');
        let event = trigger.words();
        let near_source = source.first..(source.last + 3).min(s.words.len());
        let weapon = |j: usize| {
            s.words
                .get(j)
                .is_some_and(|w| k.lexicon.has(LexiconKind::AerialWeapon, w))
        };
        if generic && (event.clone().any(weapon) || near_source.clone().any(weapon)) {
            code = aerial;
        }
    }
    // Force without a named target lands where the sentence is set:
    // "launched 110 Tomahawk missiles at air defence sites ... in Libya".
    if targets.is_empty() && !sources.is_empty() && o.is(CodeClass::PlaceTarget, &code) {
        let located = |x: &&Mention| {
            x.first > 0
                && !matches!(
                    s.words[x.first - 1],
                    "from" | "via" | "a" | "an" | "between"
                )
        };
        if let Some(place) = s
            .mentions
            .iter()
            .filter(located)
            .find(|x| x.place && sources.iter().all(|src| x.actor != src.actor))
        {
            return sources
                .iter()
                .map(|src| ((*src).clone(), place.clone(), code))
                .collect();
        }
    }
    // A reaction without a named target answers the act just reported:
    // "Hunt warned of serious consequences", "condemned the annexation".
    // (So do denials of responsibility and declining to comment.)
    let reaction = o.is(CodeClass::Reaction, &code);
    if targets.is_empty() && !sources.is_empty() && reaction {
        // (Two sides of one state differ: "Kiev accused the separatists ... the
        // rebels denied"; a state and its own military do not.)
        let differs = |m: &Mention| {
            m.actor != sources[0].actor
                || (m.sector.is_some()
                    && sources[0].sector.is_some()
                    && m.sector != sources[0].sector)
        };
        let answered = last_event.and_then(|(src, tgt, _)| {
            if differs(src) {
                Some(src.clone())
            } else if differs(tgt) {
                Some(tgt.clone())
            } else {
                None
            }
        });
        if let Some(t) = answered {
            // ("Washington and Brussels condemned the annexation": each of them.)
            return sources
                .iter()
                .filter(|src| src.actor != t.actor || src.sector != t.sector)
                .map(|src| ((*src).clone(), t.clone(), code))
                .collect();
        }
    }
    if targets.is_empty()
        && sources.len() == 1
        && demarche_knowledge::actors::is_state_code(&sources[0].actor)
        && (k.patterns.aims_at_own_state(&code) || k.patterns.aims_at_own_state(trigger.payload))
    {
        // The text names no target: its evidence is the empty span after the
        // event words, never the source's own words again.
        let at = s.tokens[trigger.end - 1].span.end;
        let own = Mention {
            sector: None,
            name: sources[0].actor.clone(),
            person: false,
            organisation: false,
            coreferent: true,
            span: demarche_text::Span::new(at, at),
            ..sources[0].clone()
        };
        return vec![(sources[0].clone(), own, code)];
    }
    let mut out = Vec::new();
    // "A and B met", "A and B agreed to restore relations": both directions,
    // unless the phrase itself names a counterpart ("held talks with C").
    let names_counterpart = trigger
        .text
        .rsplit(' ')
        .next()
        .is_some_and(|w| matches!(w, "with" | "to" | "against" | "on" | "from" | "between"));
    // A joint act ("signed a treaty", "restore relations", "clashed") involves
    // its subjects with each other; "A and B recognised C" does not.
    let joint = trigger.text.split(' ').any(|w| {
        k.lexicon
            .starts(LexiconKind::JointWord, w.trim_start_matches('+'))
    });
    let symmetric = o.is(CodeClass::Symmetric, &code) || joint;
    if ((targets.is_empty() && symmetric) || (joint && !names_counterpart)) && sources.len() > 1 {
        // "A and B met": both directions.
        for a in &sources {
            for b in &sources {
                // "Colombia's government and FARC rebels": same state, two sides.
                if a.span != b.span && !same_side(a, b) {
                    out.push(((*a).clone(), (*b).clone(), code));
                }
            }
        }
        return out;
    }
    // "Trump attacked Paul Ryan": a verb of force from one named person to another
    // is words (`classes.tsv` verbal_attack).
    let verbal_force = o.is(CodeClass::Force, &code)
        && trigger.text.split(' ').any(|w| {
            k.lexicon
                .has(LexiconKind::VerbalForceVerb, w.trim_start_matches('+'))
        });
    let verbal = o.class_code(CodeClass::VerbalAttack);
    for a in &sources {
        for b in &targets {
            let code = match verbal {
                Some(v) if verbal_force && a.person && b.person => v,
                _ => code,
            };
            // With several targets, an actor's own alliance is not its counterpart:
            // Germany resuming talks "between Russia and NATO" talks to Russia.
            if targets.len() > 1 && member_of(k, &a.actor, &b.actor, s.date) {
                continue;
            }
            // "France beat Brazil 3-0": a score after the target is sport.
            if s.words.get(b.last + 1).is_some_and(|w| is_score(w)) {
                continue;
            }
            // A state's government acting on the state itself ("Putin signed
            // a treaty making Crimea part of Russia") is no event between actors.
            let itself = a.actor == b.actor
                && matches!(a.sector, Some(Sector::Gov) | None)
                && b.sector.is_none()
                && !b.person
                && !b.coreferent
                && !k.patterns.aims_at_own_state(&code);
            if a.span != b.span && !same_side(a, b) && !itself {
                out.push(((*a).clone(), (*b).clone(), code));
            }
        }
    }
    out
}
