//! The rule-based coder: event patterns from `data/patterns/events.tsv`, with
//! the actors around them, modality and negation cues, passive voice,
//! compound actors, reported speech and pronouns.
//!
//! Per sentence: find actor mentions, then each event pattern (longest first,
//! left to right). The source is the subject of the pattern's clause, found by
//! walking left to a clause edge; the target is the first actor after the
//! pattern in the same clause. A cue just before the pattern turns it into an
//! intent or a rejection, or drops it (negation, hypotheticals).

use std::collections::HashMap;

use chrono::NaiveDate;

use demarche_ingest::Document;
use demarche_knowledge::patterns::PhraseMatch;
use demarche_knowledge::{Anaphor, Knowledge};
use demarche_text::{tokenize, Span, Token};

use crate::dates::{find_dates, EventDate};
use crate::mentions::{role_mentions, sentence_mentions, Mention};
use crate::{body_sentences, ActorRef, Coder, Event, Evidence};

/// Words that end a clause when walking left from a pattern to its subject.
const CLAUSE_EDGES: &[&str] = &[
    ";", ":", "while", "but", "whereas", "although", "though", "because", "after", "before",
    "when", "since", "until", "where", "which", "who", "whom", "as", "despite", "amid", "“", "”",
    "\"",
];
/// Relative pronouns: "a resolution that threatened Syria" has the resolution as subject.
const RELATIVES: &[&str] = &["that", "which", "who"];
/// Determiners that, after a preposition, open a background noun phrase.
const DETERMINERS_SHORT: &[&str] = &["a", "an", "the", "its", "their", "his", "her"];
/// Roots whose events embed another act that is not itself coded: appeals,
/// demands, accusations, threats ("threatened to kill").
const EMBEDDING_ROOTS: &[&str] = &["02", "10", "11", "13"];
/// Roots whose events run both ways when both parties are subjects ("A and B met").
const SYMMETRIC_ROOTS: &[&str] = &["03", "04", "05", "06"];
/// Clause edges that make what follows hypothetical: no event.
const HYPOTHETICAL: &[&str] = &["if", "unless", "whether", "lest"];
/// Prepositions whose object is not a clause subject.
const PREPOSITIONS: &[&str] = &[
    "of",
    "with",
    "to",
    "for",
    "against",
    "on",
    "by",
    "from",
    "at",
    "in",
    "into",
    "about",
    "between",
    "among",
    "over",
    "toward",
    "towards",
    "under",
    "than",
    "like",
    "including",
];
/// How far (in words) a target may be from its pattern.
const TARGET_REACH: usize = 14;

pub struct RuleCoder<'k> {
    k: &'k Knowledge,
}

impl<'k> RuleCoder<'k> {
    pub fn new(k: &'k Knowledge) -> Self {
        RuleCoder { k }
    }
}

/// What earlier sentences leave for pronouns and descriptions.
#[derive(Default, Clone)]
struct Context {
    person: Option<Mention>,
    organisation: Option<Mention>,
    state: Option<Mention>,
    subject: Option<Mention>,
    /// The speaker of the previous sentence, whose speech may go on without naming them.
    speaker: Option<Mention>,
    /// The state the story was last about (a state, seat or place mentioned).
    home: Option<String>,
    /// The source and target of the last event coded: "the decision", "the move".
    last_event: Option<(Mention, Mention, String)>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Cue {
    Negation,
    Intent,
    /// "vowed to", "threatened to": an announced harm is a threat.
    Threat,
    Refusal,
}

struct Sentence<'a> {
    tokens: Vec<Token>,
    words: Vec<&'a str>,
    mentions: Vec<Mention>,
    /// (start, end, kind) of each cue phrase.
    cues: Vec<(usize, usize, &'a str)>,
    /// Who speaks when the sentence names no one: the previous sentence's speaker.
    continued_speaker: Option<Mention>,
    /// The publication date.
    date: Option<NaiveDate>,
    /// For a member named beside a venue ("talks with Russia in the NATO-Russia
    /// Council"), the other side of that venue: (the member's first word, the side).
    sides: Vec<(usize, Mention)>,
    /// The protesters of the sentence's place, for protests without a named actor.
    crowd: Option<Mention>,
    /// Words inside date phrases, which phrase matching skips.
    skipped: Vec<bool>,
    ontology: &'a demarche_knowledge::Ontology,
    /// Its index in the document.
    number: usize,
    /// Its date phrases, resolved against the publication date.
    dates: Vec<crate::dates::DateMention>,
    lexicon: &'a demarche_knowledge::Lexicon,
    doc_id: &'a str,
    /// The sentence's event phrases (in sentence words), in order.
    phrases: Vec<PhraseMatch>,
}

impl Coder for RuleCoder<'_> {
    fn code(&self, doc: &Document, default_date: Option<NaiveDate>) -> Vec<Event> {
        let k = self.k;
        let date = doc.date.or(default_date);
        let text = doc.text.as_str();
        let mut ctx = Context::default();
        let mut coded_events = DocumentEvents::default();
        for (si, sentence) in body_sentences(k, doc).into_iter().enumerate() {
            let tokens = tokenize(text, sentence.span);
            let lowered: Vec<String> = tokens
                .iter()
                .map(|t| t.span.of(text).to_lowercase().replace('’', "'"))
                .collect();
            let words: Vec<&str> = lowered.iter().map(String::as_str).collect();
            let mut mentions = sentence_mentions(k, text, &tokens, &words, sentence.span, date);
            add_anaphora(k, &ctx, &tokens, &words, &mut mentions);
            // The state the story is about so far: this sentence's own first, then earlier ones.
            let home = mentions
                .iter()
                .find(|m| !m.person && !m.organisation)
                .map(|m| m.actor.clone())
                .or_else(|| ctx.home.clone());
            let extra = role_mentions(k, &tokens, &words, &mentions, home.as_deref(), date);
            mentions.extend(extra);
            mentions.sort_by_key(|m| m.first);
            // Date phrases are skipped when matching phrases: "apologised on
            // Wednesday to", "called late on Tuesday for".
            let dates = find_dates(&words, date);
            let kept = kept_words(&words, &dates);
            let compact: Vec<&str> = kept.iter().map(|&i| words[i]).collect();
            let remap = |m: PhraseMatch| PhraseMatch {
                phrase: m.phrase,
                start: kept[m.start],
                end: kept[m.end - 1] + 1,
                verb: m.verb.map(|v| kept[v]),
            };
            let mut cues = Vec::new();
            for i in 0..compact.len() {
                for m in k.patterns.cues.matches_at(&compact, i) {
                    let m = remap(m);
                    // A cue word inside a name is part of the name: "the United States".
                    if mentions
                        .iter()
                        .any(|x| x.first < m.end && m.start <= x.last)
                    {
                        continue;
                    }
                    cues.push((
                        m.start,
                        m.end,
                        k.patterns.cues.get(m.phrase).payload.as_str(),
                    ));
                }
            }
            let skipped = (0..words.len())
                .map(|i| kept.binary_search(&i).is_err())
                .collect();
            // The event phrases, leftmost first and without overlap, found once: the
            // coding loop below walks them, and target search asks where they start.
            let mut phrases = Vec::new();
            let mut i = 0;
            while i < compact.len() {
                match k.patterns.events.matches_at(&compact, i).into_iter().next() {
                    Some(m) => {
                        i = m.end;
                        phrases.push(remap(m));
                    }
                    None => i += 1,
                }
            }
            let s = Sentence {
                tokens,
                words,
                mentions,
                cues,
                continued_speaker: ctx.speaker.clone(),
                date,
                sides: Vec::new(),
                crowd: None,
                skipped,
                ontology: &k.ontology,
                number: si,
                dates,
                lexicon: &k.lexicon,
                doc_id: &doc.id,
                phrases,
            };
            let mut s = s;
            s.sides = venue_sides(k, &s.mentions, date);
            let crowd_state = s
                .mentions
                .iter()
                .find(|m| m.place)
                .map(|m| m.actor.clone())
                .or_else(|| home.clone());
            s.crowd = crowd_state.map(|actor| Mention {
                first: 0,
                last: 0,
                span: s.tokens[0].span,
                name: format!("people of {actor}"),
                actor,
                sector: Some("PTS".into()),
                person: false,
                organisation: false,
                coreferent: true,
                record: None,
                place: false,
                target_only: false,
            });
            tracing::debug!(
                sentence = si,
                mentions = ?s.mentions.iter().map(|m| (m.first, m.last, &m.actor, &m.sector, m.place)).collect::<Vec<_>>(),
                cues = ?s.cues,
                "sentence"
            );
            let mut embedding_end: Option<usize> = None;
            let mut said_here: Vec<(Mention, Mention, String)> = Vec::new();
            let mut last_event: Option<(Mention, Mention, String)> = ctx.last_event.clone();
            for &m in &s.phrases {
                // A pattern inside an actor's name ("Defence Ministry") is no event.
                if s.mentions
                    .iter()
                    .any(|x| x.first <= m.start && m.start <= x.last)
                {
                    continue;
                }
                // An act someone is urged to, demanded to or accused of is not coded,
                // only the appeal, demand or accusation ("urged X to step down",
                // "demanded that NATO rule out", "accused X of killing").
                if let Some(end) = embedding_end {
                    let between = &s.words[end..m.start];
                    if between.iter().any(|w| matches!(*w, "to" | "that" | "of"))
                        && !between
                            .iter()
                            .any(|w| matches!(*w, "," | "and") || CLAUSE_EDGES.contains(w))
                    {
                        continue;
                    }
                }
                // "for Assad to step down", "asked the council to withdraw": the
                // infinitive's subject is the object of another verb.
                if m.start >= 2
                    && s.words[m.start - 1] == "to"
                    && s.mentions.iter().any(|x| {
                        x.last + 2 == m.start && x.first > 0 && s.words[x.first - 1] == "for"
                    })
                {
                    continue;
                }
                let coded = self.events_for(&s, &m, last_event.as_ref());
                tracing::debug!(
                    pattern = %k.patterns.events.get(m.phrase).text,
                    start = m.start,
                    end = m.end,
                    events = coded.len(),
                    "pattern"
                );
                if coded
                    .iter()
                    .any(|(_, _, c)| EMBEDDING_ROOTS.contains(&&c[..2]))
                {
                    embedding_end = Some(m.end);
                }
                for (src, tgt, code) in coded {
                    said_here.push((src.clone(), tgt.clone(), code.clone()));
                    last_event = Some((src.clone(), tgt.clone(), code.clone()));
                    coded_events.record(&s, (m.start, m.end), src, tgt, code);
                }
            }
            // "warned Xi in a video call": words said to an actor in a call are also
            // a consultation by telephone (041) between the two.
            for &(a, b, kind) in &s.cues {
                if kind != "call" {
                    continue;
                }
                for (src, tgt, code) in &said_here {
                    let verbal = matches!(
                        &code[..2],
                        "01" | "02" | "03" | "05" | "10" | "11" | "12" | "13"
                    );
                    if verbal && !src.place && !tgt.place && src.actor != tgt.actor {
                        coded_events.record(
                            &s,
                            (a, b),
                            src.clone(),
                            tgt.clone(),
                            PHONE_CODE.to_string(),
                        );
                    }
                }
            }
            // "the minister said Ruritania would pay a heavy price": what an actor
            // will suffer, in reported speech, is the speaker's threat against it.
            // (So is calling it a danger, "said the alliance posed a threat to the
            // region": criticism, 111.)
            for &(a, b, kind) in &s.cues {
                let code = match kind {
                    "warning" => WARNING_CODE,
                    "danger" => LABEL_CODE,
                    _ => continue,
                };
                let Some(sp) = speaker(&s).filter(|m| !m.place).cloned() else {
                    continue;
                };
                let about = s
                    .mentions
                    .iter()
                    .rev()
                    .find(|m| m.last < a && m.span != sp.span && !m.place);
                if let Some(about) = about.filter(|m| m.actor != sp.actor) {
                    coded_events.record(&s, (a, b), sp, about.clone(), code.to_string());
                }
            }
            // Reported labels: "the chief said Myanmar's operation appeared to be
            // 'a textbook example of ethnic cleansing'", "he thought Putin was a
            // 'killer'": the speaker criticises the actor the label is about.
            if let Some(speaker) = speaker(&s).filter(|m| !m.place).cloned() {
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
                    let Some(about) = s
                        .mentions
                        .iter()
                        .rev()
                        .find(|m| m.last < c && m.first > speaker.last && !m.place)
                    else {
                        continue;
                    };
                    if about.actor == speaker.actor {
                        continue;
                    }
                    coded_events.record(
                        &s,
                        (c, c + 1),
                        speaker.clone(),
                        about.clone(),
                        LABEL_CODE.to_string(),
                    );
                }
            }
            // "Britain, France and Germany quickly followed suit": the last act
            // again, by new actors.
            for &(a, b, kind) in &s.cues {
                if kind != "follow" {
                    continue;
                }
                let (Some(sources), Some((_, tgt, code))) = (subject(&s, a), last_event.clone())
                else {
                    continue;
                };
                let sources: Vec<Mention> = sources.into_iter().cloned().collect();
                for src in sources {
                    if src.actor != tgt.actor {
                        coded_events.record(&s, (a, b), src, tgt.clone(), code.clone());
                    }
                }
            }
            // Labels: "X called the decision an 'extreme injustice'", "calling it
            // a conspiracy": criticism (111) of whoever did what is labelled.
            for &(a, b, kind) in &s.cues {
                if kind != "label" {
                    continue;
                }
                let Some((target, end)) = labelled(&s, b) else {
                    continue;
                };
                // ("X said Y was to blame, calling it an act of war": X calls it.)
                let after_comma = a > 0 && s.words[a - 1] == "," && s.words[a].ends_with("ing");
                let Some(source) = speaker(&s)
                    .filter(|_| after_comma)
                    .cloned()
                    .or_else(|| subject(&s, a).and_then(|v| v.first().map(|m| (*m).clone())))
                    .or_else(|| ctx.subject.clone())
                else {
                    continue;
                };
                let target = match target {
                    Labelled::Actor(m) => m,
                    Labelled::Act => match &last_event {
                        Some((src, tgt, _)) if src.actor == source.actor => tgt.clone(),
                        Some((src, _, _)) => src.clone(),
                        None => continue,
                    },
                };
                if target.actor == source.actor && target.sector == source.sector {
                    continue;
                }
                tracing::debug!(start = a, end, "label");
                coded_events.record(&s, (a, end), source, target, LABEL_CODE.to_string());
            }
            ctx.last_event = last_event;
            update_context(&mut ctx, &s);
        }
        drop_generic(coded_events.events)
    }
}

/// Drops an unspecific code reported once beside a specific one for the same pair
/// in the same sentence: they are one act in two wordings. A root code ("040")
/// gives way to a code under it ("042"), and an unspecified intent to cooperate
/// (030) to a signed agreement (057: "signed an accord ..., agreeing to reopen the
/// border" is the signing). (Talks and what they agreed stay two events: 04x, 03x.)
fn drop_generic(events: Vec<Event>) -> Vec<Event> {
    let generic = |e: &Event, by: &Event| {
        let root = &e.code[..2];
        e.evidence.len() == 1
            && e.sentence == by.sentence
            && e.source.actor == by.source.actor
            && e.target.actor == by.target.actor
            && e.code.len() == 3
            && e.code.ends_with('0')
            && by.code != e.code
            && (by.code.starts_with(root) || (e.code == "030" && by.code == "057"))
    };
    let keep: Vec<bool> = events
        .iter()
        .map(|e| !events.iter().any(|by| generic(e, by)))
        .collect();
    events
        .into_iter()
        .zip(keep)
        .filter_map(|(e, k)| k.then_some(e))
        .collect()
}

fn actor_ref(m: &Mention) -> ActorRef {
    ActorRef {
        actor: m.actor.clone(),
        sector: m.sector.clone(),
        name: m.name.clone(),
    }
}

fn distance(a0: usize, a1: usize, b0: usize, b1: usize) -> usize {
    if a1 <= b0 {
        b0 - a1
    } else {
        a0.saturating_sub(b1)
    }
}

impl RuleCoder<'_> {
    /// Whether state `member` belongs to organisation `org` on `date`.
    fn member_of(&self, member: &str, org: &str, date: Option<NaiveDate>) -> bool {
        date.is_some_and(|d| self.k.memberships.members(org, d).contains(&member))
    }

    /// The (source, target, code) triples one pattern match gives.
    fn events_for<'e>(
        &self,
        s: &'e Sentence<'_>,
        m: &PhraseMatch,
        last_event: Option<&'e (Mention, Mention, String)>,
    ) -> Vec<(Mention, Mention, String)> {
        let k = self.k;
        let phrase = k.patterns.events.get(m.phrase);
        let mut code = phrase.payload.clone();
        // A verb pattern used as a noun ("a U.S. drone strike at") is a noun pattern:
        // a determiner before it, with only modifiers or actors between.
        let mut m = *m;
        // (A participle after a noun is a reduced passive, "a deal brokered by";
        // an -ing form is a noun only right after its determiner, "the bombing of".)
        if let Some(v) = m
            .verb
            .filter(|&v| v == m.start && !s.words[v].ends_with("ed"))
        {
            let reach = if s.words[v].ends_with("ing") { 1 } else { 4 };
            let noun_use = (1..=reach).find_map(|back| {
                let j = v.checked_sub(back)?;
                let w = s.words[j];
                // "weeks of mass protests", "sanctions over": after a determiner or
                // a preposition the word is a noun.
                // ("to hold" is an infinitive and "by breaking off" a gerund: verbs.)
                if matches!(w, "a" | "an" | "the" | "its" | "their" | "his" | "her")
                    || (PREPOSITIONS.contains(&w) && w != "to" && !s.words[v].ends_with("ing"))
                {
                    return Some(true);
                }
                let inside = s.mentions.iter().any(|x| x.first <= j && j <= x.last);
                // "cited cyber attacks": the object of a verb in the past is a noun.
                if !inside && w.len() > 4 && w.ends_with("ed") {
                    return Some(true);
                }
                (!inside && !demarche_knowledge::patterns::is_modifier(w)).then_some(false)
            });
            if noun_use == Some(true) {
                m.verb = None;
            }
        }
        let m = &m;
        // "if Beijing provided support to Russia's invasion": hypothetical.
        if hypothetical(s, m.start) {
            return Vec::new();
        }
        // "would pay a price for sheltering X", "punished for helping Y": a gerund
        // after "for" is the reason given for another act, not a report of its own.
        if m.verb.is_some_and(|v| {
            v == m.start && v > 0 && s.words[v].ends_with("ing") && s.words[v - 1] == "for"
        }) {
            return Vec::new();
        }
        let cue = governing_cue(s, m.start);
        match cue {
            Some(Cue::Negation) => return Vec::new(),
            Some(Cue::Refusal) => match k
                .patterns
                .modality_of(&code)
                .and_then(|x| x.refusal.clone())
            {
                Some(c) => code = c,
                None => return Vec::new(),
            },
            Some(cue @ (Cue::Intent | Cue::Threat)) => {
                let modality = k.patterns.modality_of(&code);
                let changed = match cue {
                    Cue::Threat => modality.and_then(|x| x.threat.clone().or(x.intent.clone())),
                    _ => modality.and_then(|x| x.intent.clone()),
                };
                if let Some(c) = changed {
                    code = c;
                }
            }
            None => {}
        }
        // Passive: "was attacked by X" makes X the source and the subject the target.
        let passive = m.verb.is_some_and(|v| {
            // With an auxiliary before it, any form but -ing and -s is a participle.
            let w = s.words[v];
            !w.ends_with("ing")
                && !w.ends_with('s')
                && (1..=2).any(|back| {
                    v.checked_sub(back).is_some_and(|j| {
                        s.cues
                            .iter()
                            .any(|&(a, b, kind)| kind == "passive" && b == j + 1 && a <= j)
                    })
                })
        });
        // A reduced passive: "a move condemned within hours by the United States".
        let reduced = m.verb.is_some_and(|v| {
            s.words[v].ends_with("ed")
                && v > 0
                && !s.mentions.iter().any(|x| x.last + 1 == v)
                && (m.end..(m.end + 4).min(s.words.len()))
                    .any(|j| s.words[j] == "by" && mention_at(s, j + 1).is_some())
        });
        let passive = passive || reduced;
        // A noun between parties ("a ceasefire between Israel and Hezbollah")
        // runs both ways between them.
        if m.verb.is_none() && phrase.text.ends_with(" between") {
            let parties = objects(s, m.end, true);
            let mut out = Vec::new();
            for a in &parties {
                for b in &parties {
                    if a.span != b.span && (a.actor != b.actor || a.sector != b.sector) {
                        out.push(((*a).clone(), (*b).clone(), code.clone()));
                    }
                }
            }
            return out;
        }
        let (sources, targets) = if passive {
            let agent = (m.end..(m.end + 6).min(s.words.len()))
                .find(|&j| s.words[j] == "by")
                .and_then(|by| mention_at(s, by + 1));
            let Some(agent) = agent else {
                return Vec::new();
            };
            let pool: Vec<&Mention> = s
                .mentions
                .iter()
                .filter(|x| x.first >= agent.first && !x.place)
                .collect();
            (
                join_compound(s, agent, &pool),
                subject(s, m.start).unwrap_or_default(),
            )
        } else {
            // A noun pattern ("attack on", "talks with") names its agent right
            // before it ("the alliance's attack on", "Israeli air strikes on");
            // without one, only a speech act takes the clause's subject.
            let attached = s.mentions.iter().rev().find(|x| {
                !x.place
                    && x.last < m.start
                    && m.start - x.last <= 3
                    && s.words[x.last + 1..m.start]
                        .iter()
                        .all(|w| *w == "'s" || demarche_knowledge::patterns::is_modifier(w))
            });
            // (Protests and force named by a noun alone are background: "the riots".)
            // So is any noun in a prepositional phrase: "at the request of".
            let in_phrase = m.start >= 2
                && DETERMINERS_SHORT.contains(&s.words[m.start - 1])
                && PREPOSITIONS.contains(&s.words[m.start - 2]);
            // "Israel completed its withdrawal": a possessive pronoun before the
            // noun points to the clause's subject.
            // (A noun under an intent or threat cue is the subject's plan:
            // "was considering a missile strike on".)
            let possessive = (1..=3).find_map(|back| {
                m.start
                    .checked_sub(back)
                    .filter(|&j| matches!(s.words[j], "its" | "their" | "his" | "her"))
            });
            // (Only when no verb stands between: "vowed to crush the revolt" is
            // about crushing, not the revolt.)
            let planned = matches!(cue, Some(Cue::Intent | Cue::Threat))
                && !(m.start.saturating_sub(2)..m.start).any(|j| {
                    k.patterns
                        .events
                        .matches_at(&s.words, j)
                        .iter()
                        .any(|p| p.verb.is_some())
                });
            let light = (m.start.saturating_sub(6)..m.start)
                .any(|j| k.lexicon.has("light_verb", s.words[j]));
            // A noun after "despite", "amid", "over its" is background, whoever owns it:
            // "despite calls for calm", "over its crackdown on protesters".
            let lead = (0..m.start)
                .rev()
                .find(|&j| {
                    !demarche_knowledge::patterns::is_modifier(s.words[j])
                        && !matches!(s.words[j], "its" | "their" | "his" | "her")
                })
                .map(|j| s.words[j]);
            if m.verb.is_none()
                && attached.is_none()
                // ("cited X as dangers from Y" is a label, not background.)
                && lead.is_some_and(|w| {
                    (CLAUSE_EDGES.contains(&w) && w != "as")
                        || (PREPOSITIONS.contains(&w) && w != "to")
                })
                && !light
            {
                return Vec::new();
            }
            let owned = m.verb.is_none() && (planned || possessive.is_some() || light);
            if m.verb.is_none()
                && attached.is_none()
                && !owned
                && (code.as_str() >= "14" || in_phrase)
            {
                return Vec::new();
            }
            // "its crackdown", "their crackdown": the actor just named owns it.
            let owner =
                possessive.and_then(|p| s.mentions.iter().rev().find(|x| x.last < p && !x.place));
            let found = match (m.verb, attached, owner) {
                (None, Some(a), _) => Some(vec![a]),
                (None, None, Some(o)) => Some(vec![o]),
                // "thousands of people protesting": the crowd, not an earlier actor.
                _ if code.starts_with("14") && after_plain_noun(s, m.start) => None,
                _ => subject(s, m.start),
            };
            // A meeting in a forum names one party; the forum gives the other.
            let side = || {
                let t = objects(s, m.end, false);
                let first = t.first()?.first;
                s.sides
                    .iter()
                    .find(|(f, _)| *f == first)
                    .map(|(_, side)| vec![side])
            };
            let found = found.or_else(|| {
                (m.verb.is_none() && attached.is_none() && code.starts_with("04"))
                    .then(side)
                    .flatten()
            });
            let sources = match found {
                Some(found) => found,
                // Speech that goes on: "At the same time, attempts will be made to ..."
                // (Only for an infinitive: "attempts will be made to hold ...".)
                None if !s.mentions.iter().any(|x| x.last < m.start)
                    && m.start > 0
                    && s.words[m.start - 1] == "to" =>
                {
                    match speaker(s).or(s.continued_speaker.as_ref()) {
                        Some(sp) => vec![sp],
                        None => return Vec::new(),
                    }
                }
                // A protest without a named actor is the people of the place:
                // "hundreds of thousands marched through Hong Kong".
                None if code.starts_with("14") => match &s.crowd {
                    Some(crowd) => vec![crowd],
                    None => return Vec::new(),
                },
                None => return Vec::new(),
            };
            // With a gap, the target may sit inside it: "hold Russia accountable".
            let from = if phrase.has_gap() {
                m.verb.map_or(m.end, |v| v + 1)
            } else {
                m.end
            };
            // Force lands on places: "strikes across Yugoslavia" targets Yugoslavia.
            // (So do retreats: "withdraw from southern Lebanon".)
            let material = phrase.payload.as_str() >= "15" || phrase.payload.starts_with("087");
            let claim = code.starts_with("015") || code.starts_with("016");
            // (A claimed attack lands on a place: "attacks that killed 129 people in Paris".)
            let material = material || claim;
            let mut targets = objects_for(s, from, material, claim);
            // "X raided villages in Y, killing dozens": a participle
            // after a comma goes on with the act just reported in this sentence, on
            // its target, when it names no other actor (only places, or the source's
            // own side: "... taking hostages back home"). (Only force and
            // material acts: "calling up reservists" appeals to no one.)
            if let (Some(v), Some((src, tgt, _))) = (m.verb, last_event) {
                let goes_on = material
                    && v > 0
                    && s.words[v - 1] == ","
                    && s.words[v].ends_with("ing")
                    && tgt.span.start >= s.tokens[0].span.start
                    && targets.iter().all(|t| t.place || t.actor == src.actor)
                    && sources.iter().any(|x| x.actor == src.actor);
                if goes_on {
                    targets = vec![tgt];
                }
            }
            // A rejection or refusal without an object in its clause is aimed at
            // the other party named later in the sentence ("Russia no longer wants
            // to talk about it, which the eastern NATO states do not accept").
            if targets.is_empty() && code.starts_with("12") && sources.len() == 1 {
                targets = s
                    .mentions
                    .iter()
                    .filter(|x| x.first >= m.end && !x.place && x.actor != sources[0].actor)
                    .take(1)
                    .collect();
            }
            (sources, targets)
        };
        // Some acts without a named target are aimed at the actor's own state:
        // protests, stepping down, martial law (`data/patterns/own-target.tsv`).
        // Killing hundreds or thousands is mass killing (CAMEO 202).
        if phrase.text.contains("kill") && matches!(&code[..2], "18" | "19") {
            let many = s.words[m.end..(m.end + 4).min(s.words.len())]
                .iter()
                .any(|w| {
                    matches!(*w, "hundreds" | "thousands")
                        || w.replace(',', "").parse::<u32>().is_ok_and(|n| n >= 100)
                });
            if many {
                code = "202".to_string();
            }
        }
        // The source's sector refines the code: armed forces killing use military
        // force, police firing on unnamed people repress (`sector-codes.tsv`).
        if let [source] = sources.as_slice() {
            if let Some(sector) = source.sector.as_deref() {
                code = k.patterns.by_sector(sector, &code, !targets.is_empty());
            }
        }
        // Force without a named target lands where the sentence is set:
        // "launched 110 Tomahawk missiles at air defence sites ... in Libya".
        if targets.is_empty() && !sources.is_empty() && matches!(&code[..2], "15" | "19" | "20") {
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
                    .map(|src| ((*src).clone(), place.clone(), code.clone()))
                    .collect();
            }
        }
        // A reaction without a named target answers the act just reported:
        // "Hunt warned of serious consequences", "condemned the annexation".
        // (So do denials of responsibility and declining to comment.)
        let reaction = matches!(&code[..2], "11" | "12" | "13")
            || matches!(code.as_str(), "011" | "016" | "018");
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
                    .map(|src| ((*src).clone(), t.clone(), code.clone()))
                    .collect();
            }
        }
        if targets.is_empty()
            && sources.len() == 1
            && demarche_knowledge::actors::is_state_code(&sources[0].actor)
            && (k.patterns.aims_at_own_state(&code)
                || k.patterns.aims_at_own_state(&phrase.payload))
        {
            let own = Mention {
                sector: None,
                name: sources[0].actor.clone(),
                person: false,
                organisation: false,
                coreferent: true,
                ..sources[0].clone()
            };
            return vec![(sources[0].clone(), own, code)];
        }
        let mut out = Vec::new();
        // "A and B met", "A and B agreed to restore relations": both directions,
        // unless the phrase itself names a counterpart ("held talks with C").
        let names_counterpart =
            phrase.text.rsplit(' ').next().is_some_and(|w| {
                matches!(w, "with" | "to" | "against" | "on" | "from" | "between")
            });
        // A joint act ("signed a treaty", "restore relations", "clashed") involves
        // its subjects with each other; "A and B recognised C" does not.
        let joint = phrase
            .text
            .split(' ')
            .any(|w| k.lexicon.starts("joint_word", w.trim_start_matches('+')));
        let symmetric = SYMMETRIC_ROOTS.contains(&&code[..2]) || joint;
        if ((targets.is_empty() && symmetric) || (joint && !names_counterpart)) && sources.len() > 1
        {
            // "A and B met": both directions.
            for a in &sources {
                for b in &sources {
                    // "Colombia's government and FARC rebels": same state, two sides.
                    if a.span != b.span && (a.actor != b.actor || a.sector != b.sector) {
                        out.push(((*a).clone(), (*b).clone(), code.clone()));
                    }
                }
            }
            return out;
        }
        for a in &sources {
            for b in &targets {
                // With several targets, an actor's own alliance is not its counterpart:
                // Germany resuming talks "between Russia and NATO" talks to Russia.
                if targets.len() > 1 && self.member_of(&a.actor, &b.actor, s.date) {
                    continue;
                }
                // "France beat Brazil 3-0": a score after the target is sport.
                if s.words.get(b.last + 1).is_some_and(|w| is_score(w)) {
                    continue;
                }
                // A state's government acting on the state itself ("Putin signed
                // a treaty making Crimea part of Russia") is no event between actors.
                let itself = a.actor == b.actor
                    && matches!(a.sector.as_deref(), Some("GOV") | None)
                    && b.sector.is_none()
                    && !b.person
                    && !b.coreferent
                    && !k.patterns.aims_at_own_state(&code);
                if a.span != b.span && !(a.actor == b.actor && a.sector == b.sector) && !itself {
                    out.push(((*a).clone(), (*b).clone(), code.clone()));
                }
            }
        }
        out
    }
}

/// Whether a date says when something began ("talks, which began in 2003",
/// "the first visit since 2019"): it dates that beginning, not the acts around it.
fn is_start_date(s: &Sentence<'_>, d: &crate::dates::DateMention) -> bool {
    let at = |i: usize| s.words.get(i).copied().unwrap_or("");
    let before = |back: usize| d.start.checked_sub(back).map_or("", at);
    let began = |w: &str| s.lexicon.has("start_verb", w);
    if at(d.start) == "since" || before(1) == "since" {
        return true;
    }
    if at(d.start) == "in" {
        return began(before(1));
    }
    before(1) == "in" && began(before(2))
}

/// A match score such as "3-0" or "113-108".
fn is_score(w: &str) -> bool {
    let mut parts = w.split('-');
    let digits = |p: Option<&str>| {
        p.is_some_and(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()))
    };
    digits(parts.next()) && digits(parts.next()) && parts.next().is_none()
}

/// The cue that governs a pattern starting at word `start`: the nearest cue
/// that ends at most two words before it, with no punctuation between.
fn governing_cue(s: &Sentence<'_>, start: usize) -> Option<Cue> {
    let mut best: Option<(usize, usize, Cue)> = None;
    for &(a, b, kind) in &s.cues {
        if b > start || start - b > 2 {
            continue;
        }
        if s.words[b..start]
            .iter()
            .any(|w| !w.chars().next().is_some_and(char::is_alphanumeric))
        {
            continue;
        }
        let cue = match kind {
            "negation" => Cue::Negation,
            "intent" => Cue::Intent,
            "threat" => Cue::Threat,
            "refusal" => Cue::Refusal,
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

/// The subject of the clause that ends at word `start`: walk left to a clause
/// edge or a reporting verb, and take the first actor there that is not the
/// object of a preposition, with any actors joined to it by "and" or commas.
fn subject<'s>(s: &'s Sentence<'_>, start: usize) -> Option<Vec<&'s Mention>> {
    // "thousands of people protesting": an -ing form right after a plain noun
    // has that noun, not an actor, as its subject.
    let mut lo = 0;
    for j in (0..start).rev() {
        let w = s.words[j];
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
                .any(|&(_, b, kind)| kind == "report" && b == j + 1 && j + 1 < start)
        {
            lo = j + 1;
            break;
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
        let mut head = first.first;
        while head >= 2 && matches!(s.words[head - 1], "and" | ",") {
            let Some(before) = s.mentions.iter().find(|m| m.last + 2 == head && !m.place) else {
                break;
            };
            joined.insert(0, before);
            head = before.first;
        }
        return Some(joined);
    }
    // Nothing in this clause: a continued clause ("..., pledging aid") keeps
    // the sentence's subject.
    if lo == 0 {
        return None;
    }
    // A relative pronoun right before the verb is the subject; its antecedent
    // is the word before it: an actor ("Russia, which vetoed") or nothing.
    if RELATIVES.contains(&s.words[lo - 1]) && start - lo <= 1 {
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

/// Auxiliaries and modals, which do not make a clause subject.
const AUXILIARIES: &[&str] = &[
    "will", "would", "shall", "should", "can", "could", "may", "might", "must", "do", "does",
    "did", "had", "has", "have", "also", "then", "later", "quickly", "again", "still",
];

/// `first` plus the actors joined to it: "Russia and China", "Spain, Ireland and Norway".
fn join_compound<'s>(
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
        // ("Britain, France, Germany and the European Union")
        let joined = !between.is_empty()
            && between.iter().any(|w| matches!(*w, "," | "and"))
            && between.iter().all(|w| matches!(*w, "," | "and" | "the"));
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
fn objects<'s>(s: &'s Sentence<'_>, end: usize, material: bool) -> Vec<&'s Mention> {
    objects_for(s, end, material, false)
}

/// Targets, where `claim` (a claim or denial of responsibility) reads on into a
/// relative clause: "claimed the bombing that killed 13 U.S. service members".
fn objects_for<'s>(
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
            .any(|&(a, _, kind)| kind == "report" && a == j);
        // A relative clause after the object: "against a law that would allow
        // extraditions to China" (but "demanded that Vilnius ..." opens at once).
        // ("allegations that Fillon paid ..." is a complement, not a relative clause.)
        let complement = j > 0 && s.lexicon.has("complement_noun", s.words[j - 1]);
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
                || s.lexicon.has("act_noun", w));
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
        .collect();
    // A claim is about the victims, not where they fell: "claimed the bombing
    // outside Kabul airport that killed 13 U.S. service members".
    let first = if claim {
        pool.iter().find(|m| !m.place).or(pool.first())
    } else {
        pool.first()
    };
    match first {
        Some(first) => join_compound(s, first, &pool),
        None => Vec::new(),
    }
}

/// Pronouns and descriptions become mentions of the actor they point back to.
fn add_anaphora(
    k: &Knowledge,
    ctx: &Context,
    tokens: &[Token],
    words: &[&str],
    mentions: &mut Vec<Mention>,
) {
    let mut added = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let Some(kind) = k.anaphora.get(*w) else {
            continue;
        };
        if mentions.iter().any(|m| m.first <= i && i <= m.last) {
            continue;
        }
        // Descriptions need their article: "the alliance", not "alliance members".
        let pronoun = matches!(*w, "he" | "she" | "they" | "it");
        // "It is important that ...": an expletive, not a pronoun.
        if *w == "it"
            && words
                .get(i + 1)
                .is_some_and(|n| matches!(*n, "is" | "was" | "seems" | "appears" | "remains"))
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
fn speaker<'s>(s: &'s Sentence<'_>) -> Option<&'s Mention> {
    s.cues
        .iter()
        .filter(|c| c.2 == "report")
        .find_map(|&(a, b, _)| {
            // Up to two describing words may stand between: "the SPD politician said".
            s.mentions.iter().find(|m| {
                m.first == b
                    || (m.last < a
                        && a - m.last <= 3
                        && s.words[m.last + 1..a]
                            .iter()
                            .all(|w| w.chars().all(char::is_alphabetic)))
            })
        })
}

fn update_context(ctx: &mut Context, s: &Sentence<'_>) {
    if let Some(m) = s
        .mentions
        .iter()
        .rev()
        .find(|m| !m.person && !m.organisation && !m.coreferent)
    {
        ctx.home = Some(m.actor.clone());
    }
    let own = |m: &&Mention| m.first == 0 || !PREPOSITIONS.contains(&s.words[m.first - 1]);
    let speaker = speaker(s);
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

/// For each member of a forum named as a venue in the sentence, the forum's
/// other side: the organisation whose members are the forum's members but that one.
fn venue_sides(
    k: &Knowledge,
    mentions: &[Mention],
    date: Option<NaiveDate>,
) -> Vec<(usize, Mention)> {
    let Some(day) = date else { return Vec::new() };
    let mut out = Vec::new();
    for venue in mentions.iter().filter(|m| m.place && m.organisation) {
        let members = k.memberships.members(&venue.actor, day);
        for party in mentions
            .iter()
            .filter(|m| !m.place && members.contains(&m.actor.as_str()))
        {
            let others: Vec<&str> = members
                .iter()
                .copied()
                .filter(|a| *a != party.actor)
                .collect();
            if let Some(org) = k.memberships.organisation_of(&others, day, &venue.actor) {
                out.push((
                    party.first,
                    Mention {
                        actor: org.to_string(),
                        sector: None,
                        name: format!("{} (the other side in {})", org, venue.name),
                        person: false,
                        organisation: true,
                        coreferent: true,
                        place: false,
                        ..venue.clone()
                    },
                ));
            }
        }
    }
    out
}

/// Indices of the words phrase matching sees: all but date phrases ("on
/// Tuesday", "late on Sunday night", "overnight").
fn kept_words(words: &[&str], dates: &[crate::dates::DateMention]) -> Vec<usize> {
    let mut skip = vec![false; words.len()];
    for d in dates {
        let mut a = d.start;
        while a > 0 && matches!(words[a - 1], "on" | "late" | "early" | "last" | "this") {
            a -= 1;
        }
        let mut b = d.end;
        while b < words.len() && matches!(words[b], "night" | "morning" | "evening" | "afternoon") {
            b += 1;
        }
        skip[a..b].iter_mut().for_each(|x| *x = true);
    }
    for (i, w) in words.iter().enumerate() {
        if *w == "overnight" {
            skip[i] = true;
        }
    }
    (0..words.len()).filter(|&i| !skip[i]).collect()
}

/// The actor mention starting at word `j`, allowing an article: "by the United States".
fn mention_at<'s>(s: &'s Sentence<'_>, j: usize) -> Option<&'s Mention> {
    s.mentions
        .iter()
        .find(|x| x.first == j || (x.first == j + 1 && s.words.get(j) == Some(&"the")))
}

/// Whether the -ing form at `start` follows a plain noun that is not an actor
/// ("thousands of people protesting").
fn after_plain_noun(s: &Sentence<'_>, start: usize) -> bool {
    let previous = (0..start).rev().find(|&j| !s.skipped[j]);
    let Some(p) = previous.filter(|_| s.words[start].ends_with("ing")) else {
        return false;
    };
    let before = s.words[p];
    before.chars().all(char::is_alphabetic)
        && !demarche_knowledge::patterns::is_function_word(before)
        && !s.mentions.iter().any(|m| m.first <= p && p <= m.last)
}

/// The CAMEO code of a label such as "called the decision an injustice": criticise.
const LABEL_CODE: &str = "111";
/// CAMEO 130 (threaten, not specified): a reported warning of what an actor will suffer.
const WARNING_CODE: &str = "130";
/// CAMEO 041 (discuss by telephone): what is said in a call.
const PHONE_CODE: &str = "041";

/// What a label is about: an actor named as its object, or the act last reported.
enum Labelled {
    Actor(Mention),
    Act,
}

/// The object of a labelling verb ending at word `b`, if a label follows it
/// ("an 'extreme injustice'", "illegitimate", "as a violation"): what it is
/// about and where the label ends.
fn labelled(s: &Sentence<'_>, b: usize) -> Option<(Labelled, usize)> {
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

/// The events of one document, each once per (source, target, code, date).
#[derive(Default)]
struct DocumentEvents {
    events: Vec<Event>,
    index: HashMap<(String, String, String, EventDate), usize>,
}

impl DocumentEvents {
    /// Adds one event, or its evidence to the same event reported before.
    /// Its date is the date phrase nearest to words `[start, end)`, else the
    /// publication date.
    fn record(
        &mut self,
        s: &Sentence<'_>,
        (start, end): (usize, usize),
        src: Mention,
        tgt: Mention,
        code: String,
    ) {
        let Some(info) = s.ontology.get(&code) else {
            return;
        };
        let when = s
            .dates
            .iter()
            .filter(|d| !is_start_date(s, d))
            .min_by_key(|d| distance(d.start, d.end, start, end))
            .map(|d| d.date)
            .or(s.date.map(EventDate::Day))
            .unwrap_or(EventDate::Unknown);
        let event_span = Span::new(s.tokens[start].span.start, s.tokens[end - 1].span.end);
        let evidence = Evidence::new(src.span, event_span, tgt.span);
        let key = (src.actor.clone(), tgt.actor.clone(), code.clone(), when);
        if let Some(&at) = self.index.get(&key) {
            self.events[at].evidence.push(evidence);
            return;
        }
        self.index.insert(key, self.events.len());
        self.events.push(Event {
            doc_id: s.doc_id.to_string(),
            sentence: s.number,
            date: when,
            source: actor_ref(&src),
            target: actor_ref(&tgt),
            code,
            plover: info.plover.clone(),
            goldstein: info.goldstein,
            quad_class: info.quad_class,
            evidence: vec![evidence],
        });
    }
}

/// Whether the clause holding word `start` is a condition ("if", "unless").
fn hypothetical(s: &Sentence<'_>, start: usize) -> bool {
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
