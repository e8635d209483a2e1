//! The view of one annotated sentence that the coding rules read.

use chrono::NaiveDate;

pub(crate) use demarche_knowledge::patterns::CueKind;
use demarche_knowledge::patterns::PhraseMatch;
use demarche_knowledge::{Knowledge, Lexicon, Ontology, Sector};
use demarche_syntax::Parse;
use demarche_text::Token;

use crate::annotate::{AnnotatedSentence, Cue};
use crate::dates::DateMention;
use crate::mentions::Mention;

pub(crate) struct Sentence<'a> {
    pub(crate) tokens: &'a [Token],
    pub(crate) words: Vec<&'a str>,
    pub(crate) mentions: &'a [Mention],
    /// (start, end, kind) of each cue phrase.
    pub(crate) cues: &'a [Cue],
    /// Who speaks when the sentence names no one: the previous sentence's speaker.
    pub(crate) continued_speaker: Option<&'a Mention>,
    /// The publication date.
    pub(crate) date: Option<NaiveDate>,
    /// For a member named beside a venue ("talks with Russia in the NATO-Russia
    /// Council"), the other side of that venue: (the member's first word, the side).
    pub(crate) sides: Vec<(usize, Mention)>,
    /// The protesters of the sentence's place, for protests without a named actor.
    pub(crate) crowd: Option<Mention>,
    /// Words inside date phrases, which phrase matching skips.
    pub(crate) skipped: &'a [bool],
    pub(crate) ontology: &'a Ontology,
    /// Its index in the document.
    pub(crate) number: usize,
    /// Its date phrases, resolved against the publication date.
    pub(crate) dates: &'a [DateMention],
    pub(crate) lexicon: &'a Lexicon,
    pub(crate) doc_id: &'a str,
    /// The sentence's event phrases (in sentence words), in order.
    pub(crate) phrases: &'a [PhraseMatch],
    annotated: &'a AnnotatedSentence,
    text: &'a str,
}

impl<'a> Sentence<'a> {
    pub(crate) fn new(
        k: &'a Knowledge,
        doc_id: &'a str,
        text: &'a str,
        date: Option<NaiveDate>,
        a: &'a AnnotatedSentence,
    ) -> Self {
        let sides = venue_sides(k, &a.mentions, date);
        let crowd_state = a
            .mentions
            .iter()
            .find(|m| m.place)
            .map(|m| m.actor.clone())
            .or_else(|| a.home.clone());
        // The crowd is named by no word: its evidence is an empty span.
        let at = a.tokens[0].span.start;
        let crowd = crowd_state.map(|actor| Mention {
            first: 0,
            last: 0,
            span: demarche_text::Span::new(at, at),
            name: format!("people of {actor}"),
            actor,
            sector: Some(Sector::Pts),
            person: false,
            organisation: false,
            coreferent: true,
            record: None,
            place: false,
            target_only: false,
        });
        Sentence {
            tokens: &a.tokens,
            words: a.words(),
            mentions: &a.mentions,
            cues: &a.cues,
            continued_speaker: a.continued_speaker.as_ref(),
            date,
            sides,
            crowd,
            skipped: &a.skipped,
            ontology: &k.ontology,
            number: a.index,
            dates: &a.dates,
            lexicon: &k.lexicon,
            doc_id,
            phrases: &a.phrases,
            annotated: a,
            text,
        }
    }

    /// The document text the spans point into.
    pub(crate) fn text(&self) -> &'a str {
        self.text
    }

    /// The state an unnamed part of a state at word `at` belongs to: the place
    /// nearest to it in the sentence ("police in Lagos"), else the state the
    /// story is about.
    pub(crate) fn state_near(&self, at: usize) -> Option<String> {
        self.mentions
            .iter()
            .filter(|m| m.place)
            .min_by_key(|m| {
                if m.first > at {
                    m.first - at
                } else {
                    at - m.last
                }
            })
            .map(|m| m.actor.clone())
            .or_else(|| self.annotated.home.clone())
    }

    /// The sentence's part-of-speech tags (made on first use).
    pub(crate) fn tags(&self, k: &Knowledge) -> &'a [demarche_syntax::Tag] {
        self.annotated.tags(k, self.text)
    }

    /// The sentence's tags and dependency parse (made on first use).
    pub(crate) fn parse(&self, k: &Knowledge) -> &'a Parse {
        self.annotated.parse(k, self.text)
    }

    /// The speaker of the sentence (see [`crate::context::speaker_of`]).
    pub(crate) fn speaker(&self) -> Option<&'a Mention> {
        crate::context::speaker_of(self.mentions, self.cues, &self.words)
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
