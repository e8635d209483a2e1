//! Clause analysis over words: the subject of a clause, the targets after a
//! phrase, compounds ("Russia and China"), the cue that governs a phrase,
//! conditions and labels.

use crate::grammar::{
    without_clitic, AUXILIARIES, CLAUSE_EDGES, DETERMINERS_SHORT, HYPOTHETICAL, PREPOSITIONS,
    RELATIVES, SHARE_WORDS, SUBORDINATORS, TARGET_REACH,
};
use crate::mentions::Mention;
use crate::sentence::{CueKind, Sentence};
use demarche_knowledge::{Knowledge, LexiconKind};

/// A match score such as "3-0" or "113-108".
pub(crate) fn is_score(w: &str) -> bool {
    let mut parts = w.split('-');
    let digits = |p: Option<&str>| {
        p.is_some_and(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()))
    };
    digits(parts.next()) && digits(parts.next()) && parts.next().is_none()
}

/// The cue that governs a pattern starting at word `start`: the nearest cue
/// that ends at most two words before it, with no punctuation between.
pub(crate) fn governing_cue(s: &Sentence<'_>, start: usize) -> Option<CueKind> {
    let mut best: Option<(usize, usize, CueKind)> = None;
    for &(a, b, kind) in s.cues {
        if b > start || start - b > 2 {
            continue;
        }
        if s.words[b..start]
            .iter()
            .any(|w| !w.chars().next().is_some_and(char::is_alphanumeric))
        {
            continue;
        }
        // A modal of possibility governs a verb right after it, not one after an
        // actor ("in May Russia attacked" is the month, "may" or not).
        if kind == CueKind::Speculation
            && (s.mentions.iter().any(|m| m.first < start && m.last >= b)
                || crate::annotate::capitalised(s.text(), &s.tokens[a]))
        {
            continue;
        }
        let cue = match kind {
            CueKind::Negation
            | CueKind::Speculation
            | CueKind::Intent
            | CueKind::Threat
            | CueKind::Refusal
            | CueKind::Reduction => kind,
            _ => continue,
        };
        // Nearest end first, then the longest phrase.
        let rank = (start - b, usize::MAX - (b - a));
        if best.is_none_or(|(d, l, _)| rank < (d, l)) {
            best = Some((rank.0, rank.1, cue));
        }
    }
    best.map(|(_, _, c)| c)
}

/// "When asked about Russia, Trump said ...", "as opposed to": a participle
/// right after a subordinating word heads a clause without its subject, who is
/// the one acted on, so the verb at `v` gives no event of its own.
pub(crate) fn subjectless_participle(s: &Sentence<'_>, v: usize) -> bool {
    v > 0 && s.words[v].ends_with("ed") && SUBORDINATORS.contains(&s.words[v - 1])
}

/// Whom the possessive pronoun at word `p` points back to
/// ([`crate::mentions::possessor_in`]).
pub(crate) fn possessor<'s>(s: &'s Sentence<'_>, p: usize) -> Option<&'s Mention> {
    crate::mentions::possessor_in(s.mentions, s.words[p], p)
}

/// Whether the verb at `v` is a participle with "by" right after it: passive,
/// whatever its agent ("supported by close air support"); "responded by firing"
/// is a manner.
pub(crate) fn passive_by(s: &Sentence<'_>, v: usize) -> bool {
    s.words[v].ends_with("ed")
        && s.words.get(v + 1) == Some(&"by")
        && s.words.get(v + 2).is_some_and(|w| !w.ends_with("ing"))
}

/// "stopped Hamas from launching rockets", "refrained from criticizing", "barred
/// Muslims from entering": a gerund after "from" is an act kept from happening
/// (or abstained from), so the verb at `v` gives no event of its own.
pub(crate) fn kept_from(s: &Sentence<'_>, v: usize) -> bool {
    v > 0 && s.words[v].ends_with("ing") && s.words[v - 1] == "from"
}

/// "56% support", "with 53 percent opposing": an event word right after a share
/// is a poll's figure, no act of anyone's.
pub(crate) fn poll_share(s: &Sentence<'_>, start: usize) -> bool {
    start > 0 && SHARE_WORDS.contains(&s.words[start - 1])
}

/// "Macron, who met Merkel last week, criticized Russia", "Rouhani, a
/// pragmatist who helped engineer the deal, told Macron": a verb right after a
/// relative clause set off by commas has the actor before the first comma as
/// its subject, not an actor inside the clause.
fn before_relative_clause<'s>(s: &'s Sentence<'_>, start: usize) -> Option<&'s Mention> {
    // The closing comma, with only date words or adverbs between it and the verb
    // ("..., on Tuesday criticized", "..., also criticized").
    let close = (0..start).rev().find(|&j| {
        let w = s.words[j];
        !(s.skipped[j] || w.ends_with("ly") || w == "also")
    })?;
    if s.words[close] != "," {
        return None;
    }
    let open = (0..close).rev().find(|&j| s.words[j] == ",")?;
    // The clause is relative: "who" or "which" opens it, or follows a short
    // apposition ("a pragmatist who", "the former senator who").
    let relative = (open + 1..(open + 6).min(close))
        .find(|&j| matches!(s.words[j], "who" | "which" | "whose"))?;
    if (open + 1..relative).any(|j| s.words[j] == "," || CLAUSE_EDGES.contains(&s.words[j])) {
        return None;
    }
    s.mentions
        .iter()
        .find(|m| m.last + 1 == open && !m.place && !m.target_only)
}

/// Adds to a compound the members joined before its first one ("Britain and
/// France"). A comma joins only inside a list that "and" closes: "After Russia
/// invaded Ukraine, Germany imposed" has one subject.
fn extend_back<'s>(s: &'s Sentence<'_>, joined: &mut Vec<&'s Mention>) {
    let Some(mut head) = joined.first().map(|m| m.first) else {
        return;
    };
    while head >= 2
        && (s.words[head - 1] == "and" || (s.words[head - 1] == "," && joined.len() > 1))
    {
        let Some(before) = s.mentions.iter().find(|m| m.last + 2 == head && !m.place) else {
            break;
        };
        joined.insert(0, before);
        head = before.first;
    }
}

/// The subject of the clause that ends at word `start`: walk left to a clause
/// edge or a reporting verb, and take the first actor there that is not the
/// object of a preposition, with any actors joined to it by "and" or commas.
pub(crate) fn subject<'s>(s: &'s Sentence<'_>, start: usize) -> Option<Vec<&'s Mention>> {
    if let Some(m) = before_relative_clause(s, start) {
        // "Britain and France, which both have seats, criticized": the whole
        // compound before the clause.
        let mut joined = vec![m];
        extend_back(s, &mut joined);
        return Some(joined);
    }
    // "thousands of people protesting": an -ing form right after a plain noun
    // has that noun, not an actor, as its subject.
    let mut lo = 0;
    for j in (0..start).rev() {
        let w = without_clitic(s.words[j]);
        if HYPOTHETICAL.contains(&w) {
            return None;
        }
        // ", and Belgrade responded": a new clause with its own subject.
        let new_clause = w == "and"
            && j > 0
            && s.words[j - 1] == ","
            && s.mentions
                .iter()
                .any(|m| m.first == j + 1 && m.last < start);
        // "demanded that Vilnius withdraw": the clause after "that" has its own subject.
        if new_clause
            || w == "that"
            || CLAUSE_EDGES.contains(&w)
            || s.cues
                .iter()
                .any(|&(_, b, kind)| kind == CueKind::Report && b == j + 1 && j + 1 < start)
        {
            lo = j + 1;
            break;
        }
    }
    // "After Russia invaded Ukraine, Germany imposed sanctions": a clause that a
    // subordinating word opens ends at its comma, and the main clause after it
    // has its own subject.
    if lo > 0 && SUBORDINATORS.contains(&s.words[lo - 1]) {
        if let Some(comma) = (lo..start).rev().find(|&j| s.words[j] == ",") {
            if s.mentions
                .iter()
                .any(|m| m.first > comma && m.last < start && !m.place && !m.target_only)
            {
                lo = comma + 1;
            }
        }
    }
    let candidates: Vec<&Mention> = s
        .mentions
        .iter()
        .filter(|m| m.first >= lo && m.last < start && !m.place && !m.target_only)
        .filter(|m| {
            m.first == 0
                || !PREPOSITIONS.contains(&s.words[m.first - 1])
                || s.words.get(m.first.wrapping_sub(2)) == Some(&"and")
        })
        .collect();
    if let Some(first) = candidates.first() {
        let mut joined = join_compound(s, first, &candidates);
        // "with Chinese and Mongolian troops taking part": the compound began
        // after a preposition, which hid its first member.
        extend_back(s, &mut joined);
        return Some(joined);
    }
    // Nothing in this clause: a continued clause ("..., pledging aid") keeps
    // the sentence's subject.
    if lo == 0 {
        return None;
    }
    // A relative pronoun right before the verb is the subject; its antecedent
    // is the word before it: an actor ("Russia, which vetoed") or nothing.
    if RELATIVES.contains(&without_clitic(s.words[lo - 1])) && start - lo <= 1 {
        return s
            .mentions
            .iter()
            .find(|m| {
                lo >= 2 && (m.last == lo - 2 || (m.last + 2 == lo - 1 && s.words[lo - 2] == ","))
            })
            .map(|m| vec![m]);
    }
    // (Not when the clause has a subject of its own that is no actor: "after
    // Cambodian rocket fire killed ...".)
    let own_subject = (lo..start).any(|j| {
        let w = s.words[j];
        !s.skipped[j]
            && w.chars().all(char::is_alphabetic)
            && !w.ends_with("ly")
            && !demarche_knowledge::patterns::is_function_word(w)
            && !AUXILIARIES.contains(&w)
    });
    // (", accusing the agency of ...": a participle after a comma is the
    // main clause's.)
    let participle = s.words[start].ends_with("ing") && start > 0 && s.words[start - 1] == ",";
    if own_subject && !participle {
        return None;
    }
    s.mentions
        .iter()
        .find(|m| {
            m.last < lo
                && !m.place
                && (m.first == 0 || !PREPOSITIONS.contains(&s.words[m.first - 1]))
        })
        .map(|m| vec![m])
}

/// `first` plus the actors joined to it: "Russia and China", "Spain, Ireland and Norway".
pub(crate) fn join_compound<'s>(
    s: &Sentence<'_>,
    first: &'s Mention,
    pool: &[&'s Mention],
) -> Vec<&'s Mention> {
    let mut out = vec![first];
    let mut last = first.last;
    for m in pool.iter().filter(|m| m.first > first.last) {
        if m.first <= last {
            continue;
        }
        let mut between = &s.words[last + 1..m.first];
        // ("the army and the breakaway militia X": one modifier
        // before the second name, after its article.)
        if let [rest @ .., "the", w] = between {
            if demarche_knowledge::patterns::is_modifier(w) {
                between = &between[..rest.len() + 1];
            }
        }
        // ("Britain, France, Germany and the European Union"; "Russia as well
        // as Belarus")
        let as_well_as = between.windows(3).any(|w| w == ["as", "well", "as"]);
        let joined = !between.is_empty()
            && (between.iter().any(|w| matches!(*w, "," | "and")) || as_well_as)
            && between.iter().all(|w| {
                matches!(*w, "," | "and" | "the") || (as_well_as && matches!(*w, "as" | "well"))
            });
        if !joined {
            break;
        }
        out.push(m);
        last = m.last;
    }
    out
}

/// The targets after a pattern ending at word `end`: the first actor in reach,
/// in the same clause, with any actors joined to it.
pub(crate) fn objects<'s>(s: &'s Sentence<'_>, end: usize, material: bool) -> Vec<&'s Mention> {
    objects_for(s, end, material, false)
}

/// Targets, where `claim` (a claim or denial of responsibility) reads on into a
/// relative clause: "claimed the bombing that killed 13 U.S. service members".
pub(crate) fn objects_for<'s>(
    s: &'s Sentence<'_>,
    end: usize,
    material: bool,
    claim: bool,
) -> Vec<&'s Mention> {
    let mut hi = (end + TARGET_REACH).min(s.words.len());
    // "struck what New Delhi said was a militant camp": the parenthetical is skipped.
    let mut aside_until = 0;
    for j in end..hi {
        let w = s.words[j];
        // "as well as" after an actor joins another to it; it ends no clause.
        let after_actor = |at: usize| {
            at > 0
                && s.mentions
                    .iter()
                    .any(|m| m.last + 1 == at || (m.last + 2 == at && s.words[at - 1] == ","))
        };
        if w == "as"
            && ((s.words.get(j + 1..j + 3) == Some(&["well", "as"][..]) && after_actor(j))
                || (j >= 2 && s.words[j - 2..j] == ["as", "well"] && after_actor(j - 2)))
        {
            continue;
        }
        if w == "what" {
            if let Some(k) = (j + 1..(j + 6).min(hi))
                .find(|&k| matches!(s.words[k], "was" | "were" | "is" | "are"))
            {
                aside_until = k;
            }
        }
        if j <= aside_until {
            continue;
        }
        let report = s
            .cues
            .iter()
            .any(|&(a, _, kind)| kind == CueKind::Report && a == j);
        // A relative clause after the object: "against a law that would allow
        // extraditions to China" (but "demanded that Vilnius ..." opens at once).
        // ("allegations that Fillon paid ..." is a complement, not a relative clause.)
        let complement = j > 0 && s.lexicon.has(LexiconKind::ComplementNoun, s.words[j - 1]);
        let relative = (end..j).any(|x| !s.skipped[x])
            && matches!(w, "that" | "which" | "who")
            && !claim
            && !complement;
        // "voiced its opposition to an invasion of Y": an event noun after a
        // determiner heads the object, and the actor after it is that event's.
        // (Force keeps its reach: "sent troops to join the offensive against IS".)
        let inner_event = !material
            && j > end
            && DETERMINERS_SHORT.contains(&s.words[j - 1])
            && (s.phrases.binary_search_by_key(&j, |p| p.start).is_ok()
                || s.lexicon.has(LexiconKind::ActNoun, w));
        if relative
            || inner_event
            || CLAUSE_EDGES.contains(&w)
            || HYPOTHETICAL.contains(&w)
            || w == "."
            || report
            || w == "," && s.words.get(j + 1) == Some(&"and")
        {
            hi = j;
            break;
        }
    }
    let pool: Vec<&Mention> = s
        .mentions
        .iter()
        .filter(|m| m.first >= end && m.last < hi && (!m.place || material || m.first == end))
        // "struck what Washington called terrorist camps": a parenthetical speaker.
        .filter(|m| m.first == 0 || s.words[m.first - 1] != "what")
        // "have agreed to normalise relations, the EU said": the speaker of the
        // report, not an object.
        .filter(|m| !report_speaker(s, m))
        .collect();
    // A claim is about the victims, not where they fell: "claimed the bombing
    // outside Kabul airport that killed 13 U.S. service members".
    let first = if claim {
        pool.iter().find(|m| !m.place).or(pool.first())
    } else {
        pool.first()
    };
    match first {
        Some(first) => {
            let mut joined = join_compound(s, first, &pool);
            // "invaded Ukraine, Germany imposed sanctions": an actor after a
            // comma with a verb right after it begins a clause of its own.
            let begins_clause = |i: usize| {
                let m = joined[i];
                !s.words[joined[i - 1].last + 1..m.first].contains(&"and")
                    && (s
                        .phrases
                        .iter()
                        .any(|p| p.start == m.last + 1 && p.verb == Some(p.start))
                        || s.cues.iter().any(|&(a, _, _)| a == m.last + 1))
            };
            if let Some(i) = (1..joined.len()).find(|&i| begins_clause(i)) {
                joined.truncate(i);
            }
            joined
        }
        None => Vec::new(),
    }
}

/// The actor mention starting at word `j`, allowing an article: "by the United States".
pub(crate) fn mention_at<'s>(s: &'s Sentence<'_>, j: usize) -> Option<&'s Mention> {
    s.mentions
        .iter()
        .find(|x| x.first == j || (x.first == j + 1 && s.words.get(j) == Some(&"the")))
}

/// Whether the -ing form at `start` follows a plain noun that is not an actor
/// ("thousands of people protesting").
pub(crate) fn after_plain_noun(s: &Sentence<'_>, start: usize) -> bool {
    let previous = (0..start).rev().find(|&j| !s.skipped[j]);
    let Some(p) = previous.filter(|_| s.words[start].ends_with("ing")) else {
        return false;
    };
    let before = s.words[p];
    before.chars().all(char::is_alphabetic)
        && !demarche_knowledge::patterns::is_function_word(before)
        && !s.mentions.iter().any(|m| m.first <= p && p <= m.last)
}

/// What a label is about: an actor named as its object, or the act last reported.
pub(crate) enum Labelled {
    Actor(Mention),
    Act,
}

/// The object of a labelling verb ending at word `b`, if a label follows it
/// ("an 'extreme injustice'", "illegitimate", "as a violation"): what it is
/// about and where the label ends.
pub(crate) fn labelled(s: &Sentence<'_>, b: usize) -> Option<(Labelled, usize)> {
    let w = |j: usize| s.words.get(j).copied().unwrap_or("");
    let (what, after) = if matches!(w(b), "it" | "this") {
        (Labelled::Act, b + 1)
    } else if let Some(m) = mention_at(s, b).or_else(|| {
        // A title before the name: "calling President Nicolas Maduro's government".
        s.mentions.iter().find(|m| {
            m.first > b
                && m.first <= b + 2
                && s.words[b..m.first].iter().all(|w| {
                    w.chars().all(char::is_alphabetic)
                        && !demarche_knowledge::patterns::is_function_word(w)
                })
        })
    }) {
        // "calling President Nicolas Maduro's government illegitimate"
        let mut end = m.last + 1;
        if w(end) == "'s" {
            end += 2;
        }
        (Labelled::Actor(m.clone()), end)
    } else if w(b) == "the" && w(b + 1).chars().all(char::is_alphabetic) && !w(b + 1).is_empty() {
        // "the decision", "the move", "the massacre"
        (Labelled::Act, b + 2)
    } else {
        return None;
    };
    let label = |x: &str| {
        matches!(x, "a" | "an" | "as" | "'" | "\"" | "“" | "‘")
            || ["ate", "ous", "ful", "ible", "able", "ive", "al"]
                .iter()
                .any(|s| x.len() > 5 && x.ends_with(s))
    };
    (label(w(after)) || label(w(after + 1))).then_some((what, after + 1))
}

/// Whether the label that starts at word `from` is pejorative ("a 'killer'",
/// "an 'extreme injustice'", "illegitimate", "not honest"): a word of negative
/// valence, or a positive one negated, before the label ends (its closing
/// quote, or punctuation outside quotes). A quoted word of any other kind ("was
/// 'committed'", "is 'a long way from negotiations'") labels no one.
pub(crate) fn pejorative_label(k: &Knowledge, s: &Sentence<'_>, from: usize) -> bool {
    let quote = |w: &str| matches!(w, "'" | "\"" | "‘" | "’" | "“" | "”");
    let mut quoted = false;
    let mut inside = 0;
    for j in from..s.words.len().min(from + 20) {
        let w = s.words[j];
        if quote(w) {
            if quoted && inside > 0 {
                break;
            }
            quoted = true;
            continue;
        }
        if !quoted && matches!(w, "," | "." | ";" | ":" | "(" | ")") {
            break;
        }
        inside += 1;
        let value = k
            .valence
            .get(w)
            .or_else(|| w.strip_suffix('s').and_then(|stem| k.valence.get(stem)))
            .copied()
            .unwrap_or(0.0);
        let negated = s.words[from.max(j.saturating_sub(2))..j]
            .iter()
            .any(|w| matches!(*w, "not" | "no" | "never" | "n't" | "hardly"));
        if (value <= -1.0 && !negated) || (value >= 1.0 && negated) {
            return true;
        }
    }
    false
}

/// Whether `m` comes right before a report verb and so is its speaker ("...,
/// the EU said"), not an object of the words before.
pub(crate) fn report_speaker(s: &Sentence<'_>, m: &Mention) -> bool {
    s.cues
        .iter()
        .any(|&(a, _, kind)| kind == CueKind::Report && a == m.last + 1)
}

/// Whether the clause holding word `start` is a condition ("if", "unless").
pub(crate) fn hypothetical(s: &Sentence<'_>, start: usize) -> bool {
    for j in (0..start).rev() {
        let w = s.words[j];
        if HYPOTHETICAL.contains(&w) {
            return true;
        }
        if CLAUSE_EDGES.contains(&w) || w == "," {
            return false;
        }
    }
    false
}
