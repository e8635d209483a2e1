//! Actor mentions in a sentence: dictionary matches turned into actors at the
//! document's date, combined with role nouns ("Russia's defence minister",
//! "U.S. President Joe Biden") and filtered for places that are not actors
//! ("at a Moscow airport", "in Brussels").

use chrono::NaiveDate;
use demarche_knowledge::LexiconKind;

use demarche_knowledge::{ActorMatch, EntityKind, Knowledge, Sector};
use demarche_text::{Span, Token};

use crate::grammar::SHARE_WORDS;

/// An actor mention, in word positions `[first, last]` of the sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub first: usize,
    pub last: usize,
    pub span: Span,
    pub actor: String,
    pub sector: Option<Sector>,
    pub name: String,
    pub person: bool,
    pub organisation: bool,
    /// Set for pronouns and descriptions resolved from earlier text.
    pub coreferent: bool,
    /// The data record (file:line) that decided the actor.
    pub record: Option<String>,
    /// A state or seat after a locative word ("in Kyiv", "a Moscow airport"):
    /// a place, which is never a subject and is a target only where the event
    /// is about the place ("arrived in Kyiv", "strikes across Syria").
    pub place: bool,
    /// Named only by a word like "civilians" or "the gunman": such a mention can
    /// be a target, never a source (an unnamed attacker gives no event).
    pub target_only: bool,
}

const LOCATIVE: &[&str] = &[
    "in", "at", "near", "outside", "inside", "around", "across", "over", "through", "into",
    "toward", "towards", "a", "an", "from", "via", "between",
];

fn token_index(tokens: &[Token], byte: usize) -> Option<usize> {
    tokens
        .iter()
        .position(|t| t.span.start <= byte && byte < t.span.end)
}

/// Finds the actor mentions of one sentence.
pub fn sentence_mentions(
    k: &Knowledge,
    text: &str,
    tokens: &[Token],
    words: &[&str],
    sentence: Span,
    date: Option<NaiveDate>,
) -> Vec<Mention> {
    let raw: Vec<ActorMatch> = k.actors.find(text, sentence.start, sentence.end, date);
    let mut out: Vec<Mention> = Vec::new();
    for m in raw {
        let (Some(first), Some(last)) =
            (token_index(tokens, m.start), token_index(tokens, m.end - 1))
        else {
            continue;
        };
        // "U.S.-supplied rockets", "Iranian-backed militias": the actor names where
        // a thing comes from, not who acts ("NATO-led" and "British-flagged" do).
        let after = &text[m.end..];
        if let Some(rest) = after.strip_prefix('-') {
            let suffix: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
            if k.lexicon
                .has(LexiconKind::NotActorSuffix, &suffix.to_lowercase())
            {
                continue;
            }
        }
        // "pro-Russian separatists" are not Russian: the group is named by its stance.
        // Only the last few characters matter: lowercasing the text up to here would
        // make each mention cost the length of the document before it.
        let before: String = text[..m.start]
            .chars()
            .rev()
            .take(5)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .flat_map(char::to_lowercase)
            .collect();
        if before.ends_with("pro-") || before.ends_with("anti-") {
            continue;
        }
        let Some(res) = k.actors.resolve(m.entity, date) else {
            continue;
        };
        // "Kremlin critic Alexei Navalny", "Trump critics": a person or a seat of
        // power before a noun of opposition names whom the person opposes, not
        // whose the person is. (A party or a state names the critics' own side:
        // "his GOP opponent", "US critics".)
        if matches!(
            k.actors.entity(m.entity).kind,
            EntityKind::Person | EntityKind::Seat
        ) && words
            .get(last + 1)
            .is_some_and(|w| k.lexicon.has(LexiconKind::AdversaryNoun, w))
        {
            continue;
        }
        // "(CNN) President Trump has agreed ...", "WASHINGTON (Reuters) -": an
        // outlet in parentheses credits the report and does nothing in it.
        if res.sector == Some(Sector::Med)
            && first > 0
            && words[first - 1] == "("
            && words.get(last + 1) == Some(&")")
        {
            continue;
        }
        let entity = k.actors.entity(m.entity);
        let mut mention = Mention {
            first,
            last,
            span: Span::new(tokens[first].span.start, tokens[last].span.end),
            actor: res.actor.to_string(),
            sector: res.sector,
            name: res.name.to_string(),
            person: entity.kind == EntityKind::Person,
            organisation: entity.kind == EntityKind::Organisation,
            coreferent: false,
            record: res.origin.map(|o| o.to_string()),
            place: false,
            target_only: false,
        };
        // A role noun right after a state, its adjective or its possessive says
        // which part of the state acts: "Russian troops", "Russia's defence minister".
        if matches!(entity.kind, EntityKind::State | EntityKind::Organisation) {
            let organisation = entity.kind == EntityKind::Organisation;
            let mut at = last + 1;
            if words.get(at).is_some_and(|w| *w == "'s" || *w == "’s") {
                at += 1;
            }
            // Allow one modifier: "Chinese foreign ministry", "Russian security services".
            let noun = (0..=1).find_map(|skip| {
                let start = at + skip;
                // The modifier is a word: "Ukraine, Defence Minister X" is two
                // mentions; and no verb: "Japan met President Trump" is two actors
                // and an act.
                if skip == 1 {
                    let w = *words.get(at)?;
                    if !w.chars().all(|c| c.is_alphanumeric() || c == '-')
                        || k.patterns.events.is_verb_form(w)
                        || k.patterns.cues.is_verb_form(w)
                    {
                        return None;
                    }
                }
                let rest = words.get(start..(start + 3).min(words.len()))?;
                k.actors.role_noun_at(rest).map(|(r, n)| (r, start + n - 1))
            });
            match noun {
                Some((role, end)) => {
                    // An organisation's officials keep its sector ("NATO Secretary
                    // General" is IGO); its forces and courts take theirs. A group's
                    // gunmen are its armed members, not civilians ("Hamas gunmen").
                    let keeps = organisation
                        && (matches!(role.sector, Sector::Gov | Sector::Igo)
                            || (role.sector == Sector::Cvl && mention.sector.is_some()));
                    if !keeps {
                        mention.sector = Some(role.sector);
                    }
                    // An office is held by a person, known or not: "he" can point back to it.
                    mention.person |= role.role.is_some();
                    // "the German foreign minister" on a date is a person.
                    if let Some(holder) = role
                        .role
                        .as_deref()
                        .and_then(|r| k.actors.holder(&mention.actor, r, date))
                    {
                        mention.name = k.actors.entity(holder).name.clone();
                        mention.person = true;
                        mention.record = k
                            .actors
                            .resolve(holder, date)
                            .and_then(|r| r.origin.map(|o| o.to_string()));
                    }
                    mention.last = end;
                    mention.span = Span::new(mention.span.start, tokens[end].span.end);
                }
                // "Chinese and Mongolian troops": the role noun after the second
                // adjective serves both.
                None if m.adjective && words.get(last + 1) == Some(&"and") => {
                    let rest = words
                        .get(last + 3..(last + 6).min(words.len()))
                        .unwrap_or(&[]);
                    match k.actors.role_noun_at(rest) {
                        Some((role, _)) => mention.sector = Some(role.sector),
                        None => continue,
                    }
                }
                // An adjective without a role noun is a description ("Russian
                // aggression"), not an actor.
                None if m.adjective => continue,
                None => {}
            }
        }
        // A state or seat after a locative word is a place: "in Brussels", "a
        // Moscow airport"; "in Russia's army" stays an actor.
        let bare = mention.sector.is_none() || entity.kind == EntityKind::Seat;
        // "a U.S. drone strike" is American; "a Moscow theatre" is a place.
        let article = first > 0 && matches!(words[first - 1], "a" | "an");
        // "in northeast Syria": a direction between the locative and the place.
        let first = if first > 1 && k.lexicon.has(LexiconKind::Direction, words[first - 1]) {
            first - 1
        } else {
            first
        };
        if matches!(entity.kind, EntityKind::Seat | EntityKind::State)
            && bare
            && first > 0
            && LOCATIVE.contains(&words[first - 1])
            && !(article && entity.kind == EntityKind::State)
        {
            mention.place = true;
        }
        // An organisation after "in" or "at" is a venue: "talks in the NATO-Russia Council".
        let venue_word = |j: usize| matches!(words[j], "in" | "at" | "inside");
        if entity.kind == EntityKind::Organisation
            && first > 0
            && (venue_word(first - 1)
                || (first > 1 && words[first - 1] == "the" && venue_word(first - 2)))
        {
            mention.place = true;
        }
        if entity.kind == EntityKind::Place {
            mention.place = true;
            mention.sector = None;
        }
        // "81 percent of Republicans support", "60% of the Kenyan lawmakers": a
        // share of a group of people is a poll's figure, and does nothing itself.
        // ("86 percent of US drone strikes", "90% of Hamas rockets" name a share
        // of the actor's things: the actor stays.)
        let of_at = if mention.first > 0 && words[mention.first - 1] == "the" {
            mention.first.checked_sub(2)
        } else {
            mention.first.checked_sub(1)
        };
        let people = mention.last != last || mention.sector == Some(Sector::Pty);
        if people
            && of_at
                .is_some_and(|o| o > 0 && words[o] == "of" && SHARE_WORDS.contains(&words[o - 1]))
        {
            continue;
        }
        // A person's title and name: "U.S. President Joe Biden" is one mention.
        if let Some(prev) = out.last_mut() {
            let adjacent = prev.last + 1 >= first
                || (prev.last + 2 == first
                    && words[prev.last + 1]
                        .chars()
                        .next()
                        .is_some_and(char::is_uppercase));
            if adjacent && prev.actor == mention.actor && (mention.person || prev.person) {
                prev.last = mention.last;
                prev.span = Span::new(prev.span.start, mention.span.end);
                if mention.person {
                    prev.name = mention.name;
                    prev.sector = mention.sector.or(prev.sector.take());
                    prev.person = true;
                }
                continue;
            }
        }
        out.push(mention);
    }
    out
}

/// Whom the possessive pronoun `word`, at word `p`, points back to among
/// `mentions`: the last person named before it for "his" and "her" ("Trump's
/// effort to weaken Iran's regime, his attempts to strike a deal" are Trump's),
/// the last state or organisation for "its", the last actor for "their" and
/// "our"; `None` for any other word.
pub(crate) fn possessor_in<'m>(
    mentions: &'m [Mention],
    word: &str,
    p: usize,
) -> Option<&'m Mention> {
    let person = match word {
        "his" | "her" => Some(true),
        "its" => Some(false),
        "their" | "our" => None,
        _ => return None,
    };
    mentions
        .iter()
        .rev()
        .find(|x| x.last < p && !x.place && person.is_none_or(|want| x.person == want))
}

/// Role nouns that stand alone ("police fired", "the government said",
/// "protesters marched") name a part of the state the story is about: the
/// nearest place in the sentence, else `home`, the state the document was last
/// about. An office with its article ("the president") finds its holder.
pub fn role_mentions(
    k: &Knowledge,
    tokens: &[Token],
    words: &[&str],
    mentions: &[Mention],
    home: Option<&str>,
    date: Option<NaiveDate>,
) -> Vec<Mention> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if mentions.iter().any(|m| m.first <= i && i <= m.last) {
            i += 1;
            continue;
        }
        let Some((role, n)) = k.actors.role_noun_at(&words[i..(i + 3).min(words.len())]) else {
            i += 1;
            continue;
        };
        let last = i + n - 1;
        if mentions.iter().any(|m| m.first <= last && last <= m.last) {
            i += 1;
            continue;
        }
        // Offices need their article: "the president said", not "president of".
        let office = role.role.is_some();
        let definite = i > 0 && words[i - 1] == "the";
        // Nouns too generic to name a part of a state on their own.
        let civilian = role.sector == Sector::Cvl;
        let generic = matches!(role.sector, Sector::Igo | Sector::Bus | Sector::Med)
            || k.lexicon.has(LexiconKind::GenericRole, words[i]);
        if generic || (office && !definite) {
            i = last + 1;
            continue;
        }
        // Used as an adjective, a role noun names no actor: "military mobilisation",
        // "police action", "government forces".
        if words.get(last + 1).is_some_and(|w| {
            k.lexicon.has(LexiconKind::ModifiedNoun, w)
                || (w.len() > 5
                    && ["tion", "sion", "ment", "ance", "ence", "ity", "ism", "ship"]
                        .iter()
                        .any(|s| w.ends_with(s)))
        }) {
            i = last + 1;
            continue;
        }
        // "her government", "its army": the state of the actor just named.
        // ("our" is the speaker's, which is known only later.)
        let owner = i
            .checked_sub(1)
            .filter(|&j| words[j] != "our")
            .and_then(|j| possessor_in(mentions, words[j], i))
            .map(|m| m.actor.as_str());
        let place = mentions
            .iter()
            .filter(|m| m.place)
            .min_by_key(|m| {
                if m.first > last {
                    m.first - last
                } else {
                    i - m.last
                }
            })
            .map(|m| m.actor.as_str());
        // "the government of Yemen", "the president of France": the state
        // after "of" is the role's, and one mention with it.
        let of_state = (words.get(last + 1) == Some(&"of"))
            .then(|| {
                let at = if words.get(last + 2) == Some(&"the") {
                    last + 3
                } else {
                    last + 2
                };
                mentions
                    .iter()
                    .find(|m| m.first == at && !m.person && !m.organisation && !m.place)
            })
            .flatten();
        let Some(country) = of_state
            .map(|m| m.actor.as_str())
            .or(owner)
            .or(place)
            .or(home)
        else {
            i = last + 1;
            continue;
        };
        let last = of_state.map_or(last, |m| m.last);
        let first = if definite { i - 1 } else { i };
        let mut mention = Mention {
            first,
            last,
            span: Span::new(tokens[first].span.start, tokens[last].span.end),
            actor: country.to_string(),
            sector: Some(role.sector),
            name: words[i..=last].join(" "),
            person: office,
            organisation: false,
            coreferent: true,
            record: None,
            place: false,
            target_only: civilian,
        };
        if let Some(holder) = role
            .role
            .as_deref()
            .and_then(|r| k.actors.holder(country, r, date))
        {
            mention.name = k.actors.entity(holder).name.clone();
            mention.record = k
                .actors
                .resolve(holder, date)
                .and_then(|r| r.origin.map(|o| o.to_string()));
        }
        out.push(mention);
        i = last + 1;
    }
    out
}

/// A title before a name belongs to the name's mention ("condemned Mr. Kim",
/// "met Sen. McCain"): the mention starts at the title, so the words after a
/// verb reach the name without meeting the title's full stop.
pub(crate) fn take_honorifics(
    k: &Knowledge,
    tokens: &[Token],
    words: &[&str],
    mentions: &mut [Mention],
) {
    for i in 0..mentions.len() {
        let first = mentions[i].first;
        let title = match first {
            f if f >= 2
                && words[f - 1] == "."
                && k.lexicon.has(LexiconKind::Honorific, words[f - 2]) =>
            {
                f - 2
            }
            f if f >= 1 && k.lexicon.has(LexiconKind::Honorific, words[f - 1]) => f - 1,
            _ => continue,
        };
        if mentions.iter().any(|m| m.first <= title && title <= m.last) {
            continue;
        }
        let m = &mut mentions[i];
        m.first = title;
        m.span = Span::new(tokens[title].span.start, m.span.end);
    }
}
