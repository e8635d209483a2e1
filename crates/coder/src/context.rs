//! What earlier sentences leave for later ones: the person, organisation and
//! state last named, the clause subject, the speaker and the state the story is
//! about; pronouns and descriptions ("he", "the alliance") resolve against it.

use demarche_knowledge::patterns::CueKind;
use demarche_knowledge::{Anaphor, Knowledge};
use demarche_text::{Span, Token};

use crate::annotate::{capitalised, AnnotatedSentence, Cue};
use crate::grammar::{MODALS, PREPOSITIONS};
use crate::mentions::Mention;

/// What earlier sentences leave for pronouns and descriptions.
#[derive(Default, Clone)]
pub(crate) struct Context {
    pub(crate) person: Option<Mention>,
    pub(crate) organisation: Option<Mention>,
    pub(crate) state: Option<Mention>,
    pub(crate) subject: Option<Mention>,
    /// The speaker of the previous sentence, whose speech may go on without naming them.
    pub(crate) speaker: Option<Mention>,
    /// The state the story was last about (a state, seat or place mentioned).
    pub(crate) home: Option<String>,
    /// People named so far, by name (each once, the latest mention kept): a
    /// word of the name alone later means the same person.
    pub(crate) people: Vec<Mention>,
}

/// A word of a person's name standing alone means the person named earlier in
/// the story, or elsewhere in the same sentence ("Shinzo Abe ... Abe said",
/// "Kim's rhetoric, Mattis said of North Korean leader Kim Jong Un"): news names
/// a person in full once and by one name after. Only where one person of the
/// story has that word in their name, and not where the word begins a longer
/// name ("Trump Tower"), nor for a month ("in May" is no Theresa May).
pub(crate) fn add_name_parts(
    ctx: &Context,
    text: &str,
    tokens: &[Token],
    mentions: &mut Vec<Mention>,
) {
    if ctx.people.is_empty() && !mentions.iter().any(|m| m.person) {
        return;
    }
    let here: Vec<&Mention> = mentions
        .iter()
        .filter(|m| m.person && !m.coreferent)
        .collect();
    let people: Vec<&Mention> = ctx.people.iter().chain(here.iter().copied()).collect();
    let capitalised = |i: usize| tokens.get(i).is_some_and(|t| capitalised(text, t));
    let mut added = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let w = t.span.of(text);
        if w.len() < 3
            || !capitalised(i)
            || !w.chars().all(|c| c.is_alphabetic() || c == '-')
            || w.chars().all(char::is_uppercase)
            || capitalised(i + 1)
            || (i > 0
                && capitalised(i - 1)
                && !matches!(tokens[i - 1].span.of(text), "." | "," | ":" | ";"))
            || mentions.iter().any(|m| m.first <= i && i <= m.last)
            || crate::dates::is_month_name(w)
        {
            continue;
        }
        let mut found: Option<&Mention> = None;
        let mut ambiguous = false;
        for p in &people {
            if p.name.split_whitespace().any(|n| n == w) {
                match found {
                    Some(f) if f.name != p.name => ambiguous = true,
                    _ => found = Some(p),
                }
            }
        }
        let Some(person) = found.filter(|_| !ambiguous) else {
            continue;
        };
        added.push(Mention {
            first: i,
            last: i,
            span: t.span,
            coreferent: true,
            ..person.clone()
        });
    }
    mentions.extend(added);
    mentions.sort_by_key(|m| m.first);
}

/// Pronouns and descriptions become mentions of the actor they point back to.
pub(crate) fn add_anaphora(
    k: &Knowledge,
    ctx: &Context,
    tokens: &[Token],
    words: &[&str],
    mentions: &mut Vec<Mention>,
) {
    let mut added: Vec<Mention> = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let Some(kind) = k.anaphora.get(*w) else {
            continue;
        };
        if mentions.iter().any(|m| m.first <= i && i <= m.last) {
            continue;
        }
        // Descriptions need their article: "the alliance", not "alliance members".
        let pronoun = matches!(*w, "he" | "she" | "they" | "it");
        // "It is important that ...", "it should not be easier to ...": an
        // expletive, not a pronoun.
        let modal_be = || {
            words.get(i + 1).is_some_and(|n| MODALS.contains(n))
                && words[i + 2..(i + 4).min(words.len())].contains(&"be")
        };
        if *w == "it"
            && (words
                .get(i + 1)
                .is_some_and(|n| matches!(*n, "is" | "was" | "seems" | "appears" | "remains"))
                || modal_be())
        {
            continue;
        }
        if !pronoun && (i == 0 || words[i - 1] != "the") {
            continue;
        }
        // The same sentence first ("Britain said it would ..."), then earlier ones.
        let before = mentions.iter().filter(|m| m.last < i && !m.place);
        let here = match kind {
            Anaphor::Person => before.clone().find(|m| m.person),
            Anaphor::Organisation => before.clone().rfind(|m| m.organisation),
            // "the country" is the state of the last actor, a person's included.
            // (the sentence's first state-like actor: "the Argentine president ...
            // the country's biggest oil company").
            Anaphor::State => before.clone().find(|m| !m.organisation),
            Anaphor::Subject => before.clone().next(),
        };
        // "it" names an actor of its own sentence ("Britain said it would"): one
        // sentence later it is far more often a thing (a bill, a plan, a network).
        // ("It said it would ...": an "it" resolved earlier in the sentence counts.)
        let here = if *w == "it" {
            before
                .clone()
                .find(|m| !m.person)
                .or_else(|| added.iter().find(|m| m.last < i && !m.person))
        } else {
            here
        };
        // (Unless it reports at once: "The ministry rejected the claim. It said ...".)
        let reports = || {
            k.patterns
                .cues
                .longest_at(words, i + 1)
                .is_some_and(|c| k.patterns.cue_kinds[c.phrase] == CueKind::Report)
        };
        if *w == "it" && here.is_none() && !reports() {
            continue;
        }
        let earlier = here.or(match kind {
            Anaphor::Person => ctx.person.as_ref(),
            Anaphor::Organisation => ctx.organisation.as_ref(),
            Anaphor::State => ctx.state.as_ref(),
            Anaphor::Subject => ctx.subject.as_ref(),
        });
        let Some(earlier) = earlier else { continue };
        let first = if pronoun { i } else { i - 1 };
        if mentions.iter().any(|m| m.first <= i && first <= m.last) {
            continue;
        }
        let mut mention = Mention {
            first,
            last: i,
            span: Span::new(tokens[first].span.start, tokens[i].span.end),
            coreferent: true,
            ..earlier.clone()
        };
        // "the country" is the state itself, whoever of it was named before.
        if *kind == Anaphor::State {
            mention.sector = None;
            mention.person = false;
            mention.name = mention.actor.clone();
        }
        added.push(mention);
    }
    mentions.extend(added);
    mentions.sort_by_key(|m| m.first);
}

/// The speaker of a sentence: an actor right before or right after a
/// reporting verb ("..., the minister said", "said Blinken").
pub(crate) fn speaker_of<'s, W: AsRef<str>>(
    mentions: &'s [Mention],
    cues: &[Cue],
    words: &[W],
) -> Option<&'s Mention> {
    cues.iter()
        .filter(|c| c.2 == CueKind::Report)
        .find_map(|&(a, b, _)| {
            // Up to two describing words may stand between: "the SPD politician said".
            mentions.iter().find(|m| {
                m.first == b
                    || (m.last < a
                        && a - m.last <= 3
                        && words[m.last + 1..a]
                            .iter()
                            .all(|w| w.as_ref().chars().all(char::is_alphabetic)))
            })
        })
}

/// "'I spoke with President Xi this morning,' Biden said", "Erdogan said: 'We
/// will not allow ...'": a first-person pronoun in reported words is the
/// sentence's speaker. (Not a speaker of an earlier sentence: a quotation that
/// names none is as often someone else's, "vowed to hunt them down: 'We will
/// not forgive'".)
pub(crate) fn add_first_person(
    tokens: &[Token],
    words: &[&str],
    cues: &[Cue],
    mentions: &mut Vec<Mention>,
) {
    let first_person = |w: &str| matches!(w, "i" | "we" | "us");
    if !words.iter().any(|w| first_person(w)) {
        return;
    }
    let Some(speaker) = speaker_of(mentions, cues, words).cloned() else {
        return;
    };
    let mut added = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if !first_person(w) || mentions.iter().any(|m| m.first <= i && i <= m.last) {
            continue;
        }
        added.push(Mention {
            first: i,
            last: i,
            span: tokens[i].span,
            coreferent: true,
            ..speaker.clone()
        });
    }
    mentions.extend(added);
    mentions.sort_by_key(|m| m.first);
}

pub(crate) fn update_context(ctx: &mut Context, s: &AnnotatedSentence) {
    if let Some(m) = s
        .mentions
        .iter()
        .rev()
        .find(|m| !m.person && !m.organisation && !m.coreferent)
    {
        ctx.home = Some(m.actor.clone());
    }
    let own = |m: &&Mention| m.first == 0 || !PREPOSITIONS.contains(&s.lower[m.first - 1].as_str());
    let speaker = speaker_of(&s.mentions, &s.cues, &s.lower);
    ctx.speaker = speaker.cloned().or_else(|| {
        // A sentence that names no one continues the same speech.
        s.mentions.is_empty().then(|| ctx.speaker.clone()).flatten()
    });
    if let Some(subject) = speaker.or_else(|| s.mentions.iter().find(own)) {
        ctx.subject = Some(subject.clone());
    }
    let person = speaker
        .filter(|m| m.person)
        .or_else(|| s.mentions.iter().filter(|m| m.person).find(own))
        .or_else(|| s.mentions.iter().find(|m| m.person))
        // A speaker named by an office ("the U.N. human rights chief said") is
        // who "he" or "she" means next.
        .or(speaker);
    if let Some(p) = person {
        ctx.person = Some(p.clone());
    }
    for m in s.mentions.iter().filter(|m| m.person && !m.coreferent) {
        ctx.people.retain(|p| p.name != m.name);
        ctx.people.push(m.clone());
    }
    if let Some(o) = s.mentions.iter().rev().find(|m| m.organisation) {
        ctx.organisation = Some(o.clone());
    }
    if let Some(st) = s
        .mentions
        .iter()
        .rev()
        .find(|m| !m.person && !m.organisation)
    {
        ctx.state = Some(st.clone());
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check, Row};

    #[test]
    fn a_word_of_a_name_means_the_person_named() {
        check(
            "phrase",
            &[
                // Named in full once, then by one name.
                Row {
                    text: "North Korean leader Kim Jong Un spoke on Monday. Japan condemned Kim on Tuesday.",
                    date: "2018-01-05",
                    events: &["JPN 111 PRK"],
                },
                // In the same sentence, before the full name.
                Row {
                    text: "Japan condemned Kim's test, a day after North Korean leader Kim Jong Un spoke.",
                    date: "2018-01-05",
                    events: &["JPN 111 PRK"],
                },
                // Not before anyone is named, nor as the start of a longer name.
                Row {
                    text: "Japan condemned Kim on Tuesday.",
                    date: "2018-01-05",
                    events: &[],
                },
                Row {
                    text: "North Korean leader Kim Jong Un spoke on Monday. Japan condemned Kim Il Corporation on Tuesday.",
                    date: "2018-01-05",
                    events: &[],
                },
                // A month is no name.
                Row {
                    text: "British Prime Minister Theresa May spoke on Monday. Talks between Germany and France began in May.",
                    date: "2018-06-05",
                    events: &["DEU 040 FRA", "FRA 040 DEU"],
                },
            ],
        );
    }
}
