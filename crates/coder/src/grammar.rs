//! Closed classes of English grammar the clause analysis walks by: clause
//! edges, relative pronouns, determiners, prepositions, auxiliaries. Open word
//! lists (verbs, nouns, cues) live in `data/`.

/// A word without the clitic our tokenizer leaves on it ("who've" is "who",
/// "which'd" is "which"): the clause edges and relative pronouns it begins
/// with still end a clause. ("n't" stays: "didn't" is a negation cue whole.)
pub(crate) fn without_clitic(w: &str) -> &str {
    for clitic in ["'ve", "’ve", "'re", "’re", "'ll", "’ll", "'d", "’d"] {
        if let Some(stem) = w.strip_suffix(clitic).filter(|s| !s.is_empty()) {
            return stem;
        }
    }
    w
}

/// Modal verbs: "it would be", "that can be".
pub(crate) const MODALS: &[&str] = &[
    "will", "would", "shall", "should", "can", "could", "may", "might", "must",
];

/// Words that end a clause when walking left from a pattern to its subject.
pub(crate) const CLAUSE_EDGES: &[&str] = &[
    ";", ":", "while", "but", "whereas", "although", "though", "because", "after", "before",
    "when", "since", "until", "where", "which", "who", "whom", "as", "despite", "amid", "“", "”",
    "\"",
];
/// Words that open a subordinate clause ahead of a main clause: "After Russia
/// invaded Ukraine, Germany imposed sanctions".
pub(crate) const SUBORDINATORS: &[&str] = &[
    "after", "before", "when", "while", "since", "until", "although", "though", "because", "as",
    "once", "whereas",
];
/// Relative pronouns: "a resolution that threatened Syria" has the resolution as subject.
pub(crate) const RELATIVES: &[&str] = &["that", "which", "who"];
/// Possessive determiners: the noun after one is owned ("its crackdown", "our
/// investment in").
pub(crate) const POSSESSIVES: &[&str] = &["its", "their", "his", "her", "our"];
/// Words of a share: "56% support", "81 percent of Republicans" are poll figures.
pub(crate) const SHARE_WORDS: &[&str] = &["%", "percent", "cent", "pct"];
/// Determiners that, after a preposition, open a background noun phrase.
pub(crate) const DETERMINERS_SHORT: &[&str] = &["a", "an", "the", "its", "their", "his", "her"];
/// Clause edges that make what follows hypothetical: no event.
pub(crate) const HYPOTHETICAL: &[&str] = &["if", "unless", "whether", "lest"];
/// Prepositions whose object is not a clause subject.
pub(crate) const PREPOSITIONS: &[&str] = &[
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
pub(crate) const TARGET_REACH: usize = 14;

/// Auxiliaries and modals, which do not make a clause subject.
pub(crate) const AUXILIARIES: &[&str] = &[
    "will", "would", "shall", "should", "can", "could", "may", "might", "must", "do", "does",
    "did", "had", "has", "have", "also", "then", "later", "quickly", "again", "still",
];
