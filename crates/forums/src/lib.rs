//! Dialogue forums as first-class objects: councils, formats, summits and talks.
//!
//! Three parts, each behind plain data:
//! - [`records`]: what a forum is meant to be (`data/forums.tsv`: names, members,
//!   levels, intended cadence, founding, parent), validated on load with file and line;
//! - [`facts`]: what reports say happened to it (meetings, suspensions, resumptions,
//!   cadence and founding statements, blockers), found by the cue phrases of
//!   `data/forums/cues.tsv`, each with its document, evidence spans and date;
//! - [`status`]: where a forum stands on a date, computed from both.
//!
//! Invariant: no fact is hand-set; every fact comes from a document's text with
//! byte spans into `Document::text`. Records only say what a forum was built to
//! be, and are the fallback where the text is silent.

pub mod cues;
pub mod dates;
pub mod facts;
pub mod record;
pub mod records;
pub mod status;

use std::collections::HashSet;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use demarche_knowledge::tsv::{self, DataError};
use demarche_knowledge::{DataPath, Knowledge};
use demarche_text::Span;

pub use cues::{CueKind, Cues};
pub use facts::{Evidence, Fact, FactKind, Stance};
pub use records::{Cadence, CadenceAt, Forum, Member};
pub use status::{status, ForumStatus, State};

/// Every forum record, the cue phrases and the name matcher.
#[derive(Debug)]
pub struct Forums {
    pub forums: Vec<Forum>,
    pub cues: Cues,
    matcher: Option<AhoCorasick>,
    /// For each matcher pattern: the forum and whether the case must match.
    patterns: Vec<(usize, String, bool)>,
}

/// A forum named in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ForumMention {
    pub forum: usize,
    pub span: Span,
}

impl Forums {
    /// Loads `forums.tsv` and `forums/cues.tsv` from the data directory `dir`;
    /// every problem is returned with its file and line.
    pub fn load(dir: &DataPath, k: &Knowledge) -> Result<Forums, Vec<DataError>> {
        let (f, errors) = Self::load_lenient(dir, k);
        if errors.is_empty() {
            Ok(f)
        } else {
            Err(errors)
        }
    }

    /// Loads what can be loaded and returns the problems beside it.
    pub fn load_lenient(dir: &DataPath, k: &Knowledge) -> (Forums, Vec<DataError>) {
        let mut errors = Vec::new();
        let known = known_actor_codes(dir, &mut errors);
        let mut forums =
            records::load(&dir.join("forums.tsv"), &known, &k.memberships, &mut errors);
        records::load_seats(
            &dir.join("forums/members.tsv"),
            &mut forums,
            &known,
            &mut errors,
        );
        let cues = Cues::load(&dir.join("forums/cues.tsv"), &mut errors);
        let mut patterns = Vec::new();
        for (i, f) in forums.iter().enumerate() {
            for n in f.names() {
                // Short names and acronyms ("Quad", "G7", "NRC") only in their written case.
                let exact = n.chars().count() <= 5 || !n.chars().any(char::is_lowercase);
                patterns.push((i, n.to_string(), exact));
            }
        }
        let matcher = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(patterns.iter().map(|(_, n, _)| n))
            .ok();
        (
            Forums {
                forums,
                cues,
                matcher,
                patterns,
            },
            errors,
        )
    }

    /// The forum named `query` (code, name or variant; any case).
    pub fn find(&self, query: &str) -> Option<&Forum> {
        self.forums.iter().find(|f| f.is_named(query))
    }

    pub fn index_of(&self, code: &str) -> Option<usize> {
        self.forums.iter().position(|f| f.code == code)
    }

    /// Forums named in `text[span]`: whole words, leftmost-longest. A name made of
    /// common words ("Security Council") right after another capitalised word
    /// ("Russian Security Council") is someone else's body.
    pub fn mentions(&self, text: &str, span: Span) -> Vec<ForumMention> {
        let Some(m) = &self.matcher else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for x in m.find_iter(&text[span.start..span.end]) {
            let s = Span::new(span.start + x.start(), span.start + x.end());
            let (forum, name, exact) = &self.patterns[x.pattern().as_usize()];
            if (*exact && s.of(text) != name) || !cues::whole_word(text, s) {
                continue;
            }
            let generic = name
                .split_whitespace()
                .next()
                .is_some_and(|w| GENERIC_HEADS.contains(&w));
            if generic && capitalised_word_before(text, span.start, s.start) {
                continue;
            }
            out.push(ForumMention {
                forum: *forum,
                span: s,
            });
        }
        out
    }
}

/// First words that make a name generic: after another capitalised word
/// ("Russian Security Council", "Kosovo General Assembly") it names another body.
const GENERIC_HEADS: &[&str] = &[
    "Security",
    "General",
    "Permanent",
    "Ministerial",
    "Human",
    "European",
    "Joint",
    "Strategic",
    "Conference",
    "Arctic",
];

fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

/// Whether the word before `at` (inside the sentence from `start`) is capitalised and
/// not the sentence's first word, a possessive or a determiner.
fn capitalised_word_before(text: &str, start: usize, at: usize) -> bool {
    let Some(before) = text[start..at].strip_suffix(' ') else {
        return false;
    };
    let Some((rest, word)) = before.rsplit_once(' ') else {
        // The sentence's first word ("European Council leaders met ...").
        return false;
    };
    // "the National Defense and Security Council": a capitalised word before "and"
    // (and not the sentence's first).
    if word == "and" {
        return rest
            .rsplit_once(' ')
            .is_some_and(|(_, prev)| starts_upper(prev));
    }
    if rest.trim().is_empty()
        || word.ends_with("'s")
        || word.ends_with("’s")
        || matches!(word, "The" | "A" | "An" | "This" | "That")
    {
        return false;
    }
    // Acronyms ("UN", "OSCE") before a name are part of the same body.
    starts_upper(word) && word.chars().any(char::is_lowercase)
}

/// Every actor code in `actors/states.tsv` and `actors/organisations.tsv`.
fn known_actor_codes(dir: &DataPath, errors: &mut Vec<DataError>) -> HashSet<String> {
    let mut out = HashSet::new();
    for (file, cols) in [
        (
            "actors/states.tsv",
            &[
                "code",
                "name",
                "variants",
                "adjectives",
                "from",
                "to",
                "source",
            ][..],
        ),
        (
            "actors/organisations.tsv",
            &[
                "actor", "sector", "name", "variants", "kind", "from", "to", "source",
            ][..],
        ),
    ] {
        let path = dir.join(file);
        if let Some(text) = tsv::read(&path, errors) {
            // Problems in these files are the actor dictionary's to report.
            let mut ignored = Vec::new();
            for rec in tsv::parse(path.shown(), &text, cols, &mut ignored) {
                out.insert(rec.get(0).to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use std::path::{Path, PathBuf};

    fn data() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data")
    }

    fn load() -> (Knowledge, Forums) {
        let k = Knowledge::load(&data()).expect("the data loads");
        let f = Forums::load(&k.data, &k).unwrap_or_else(|e| {
            panic!(
                "{}",
                e.iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        });
        (k, f)
    }

    fn named(f: &Forums, text: &str) -> Vec<String> {
        f.mentions(text, Span::new(0, text.len()))
            .into_iter()
            .map(|m| f.forums[m.forum].code.clone())
            .collect()
    }

    #[test]
    fn records_load_and_validate() {
        let (k, f) = load();
        assert!(f.forums.len() >= 30, "{} forums", f.forums.len());
        assert!(f.cues.len() > 100);
        let nrc = f.find("nato-russia council").unwrap();
        assert_eq!(nrc.code, "NRC");
        let d = NaiveDate::from_ymd_opt(2021, 3, 24).unwrap();
        assert_eq!(nrc.members_on(d, &k.memberships).unwrap().len(), 31);
        assert_eq!(nrc.founded.as_deref(), Some("2002-05-28"));
        assert_eq!(nrc.parent.as_deref(), Some("NATO"));
        assert_eq!(nrc.cadence[0].every, Cadence::Monthly);
        for name in [
            "NATO-Ukraine Commission",
            "OSCE Permanent Council",
            "UNSC",
            "G7",
            "G20",
            "Normandy format",
            "Trilateral Contact Group",
            "Six-Party Talks",
            "JCPOA Joint Commission",
            "Middle East Quartet",
            "EU-China summit",
            "EU-Russia summit",
            "Strategic Stability Dialogue",
            "Astana format",
            "Arctic Council",
            "ASEAN Regional Forum",
        ] {
            assert!(f.find(name).is_some(), "{name}");
        }
        let normandy = f.find("Normandy Four").unwrap();
        let m = normandy.members_on(d, &k.memberships).unwrap();
        assert_eq!(m, ["DEU", "FRA", "RUS", "UKR"]);
    }

    #[test]
    fn bad_records_are_reported_with_file_and_line() {
        let (k, _) = load();
        let dir = std::env::temp_dir().join(format!("demarche-forums-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("forums")).unwrap();
        std::fs::create_dir_all(dir.join("actors")).unwrap();
        for f in [
            "actors/states.tsv",
            "actors/organisations.tsv",
            "forums/cues.tsv",
        ] {
            std::fs::copy(data().join(f), dir.join(f)).unwrap();
        }
        let header = records::COLUMNS.join("\t");
        std::fs::write(
            dir.join("forums.tsv"),
            format!(
                "{header}\nX1\tX\t-\tUSA;ZZZ\tleaders\tsometimes\t2002-13\t-\tNOPE\t-\n\
                 X2\tY\tX\tmemberships:NOBODY\tkings\tmonthly:kings\t2002\t-\t-\tsrc\n"
            ),
        )
        .unwrap();
        let (_, errors) = Forums::load_lenient(&DataPath::dir(&dir), &k);
        let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        let has = |line: usize, what: &str| {
            text.iter()
                .any(|e| e.contains(&format!("forums.tsv:{line}:")) && e.contains(what))
        };
        assert!(has(2, "unknown member actor code \"ZZZ\""), "{text:#?}");
        assert!(has(2, "unknown cadence"), "{text:#?}");
        assert!(has(2, "malformed date"), "{text:#?}");
        assert!(has(2, "unknown parent"), "{text:#?}");
        assert!(has(2, "needs a source"), "{text:#?}");
        assert!(has(3, "already names forum X1"), "{text:#?}");
        assert!(has(3, "has no members"), "{text:#?}");
        assert!(has(3, "unknown level"), "{text:#?}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn names_match_whole_words_in_their_case() {
        let (_, f) = load();
        assert_eq!(named(&f, "the NATO-Russia Council met"), ["NRC"]);
        assert_eq!(named(&f, "at the UN Security Council today"), ["UNSC"]);
        assert_eq!(named(&f, "the Security Council voted"), ["UNSC"]);
        assert!(named(&f, "Russia's Russian Security Council met").is_empty());
        assert!(named(
            &f,
            "a meeting of Ukraine's National Defense and Security Council"
        )
        .is_empty());
        assert!(named(&f, "the state General Assembly voted").is_empty());
        assert_eq!(named(&f, "the U.N. General Assembly voted"), ["UNGA"]);
        assert_eq!(
            named(&f, "the six-party talks and the G20"),
            ["SIX_PARTY", "G20"]
        );
        assert!(named(&f, "a quad bike and g7 or G75").is_empty());
        assert_eq!(named(&f, "the Quad met"), ["QUAD"]);
        assert!(named(&f, "the NRCs").is_empty());
    }
}
