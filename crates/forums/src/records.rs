//! `data/forums.tsv`: one forum a line, validated on load with file and line.

use std::collections::HashSet;

use chrono::NaiveDate;
use demarche_knowledge::actors::{is_org_code, is_state_code, Memberships};
use demarche_knowledge::dates::parse_bound;
use demarche_knowledge::tsv::{self, DataError};
use demarche_knowledge::{DataPath, DateRange};
use serde::Serialize;

/// How often a forum meets (or is meant to).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cadence {
    Weekly,
    Monthly,
    Quarterly,
    TwiceYearly,
    Yearly,
    Biennial,
    AdHoc,
}

impl Cadence {
    pub const ALL: &'static [Cadence] = &[
        Cadence::Weekly,
        Cadence::Monthly,
        Cadence::Quarterly,
        Cadence::TwiceYearly,
        Cadence::Yearly,
        Cadence::Biennial,
        Cadence::AdHoc,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Cadence::Weekly => "weekly",
            Cadence::Monthly => "monthly",
            Cadence::Quarterly => "quarterly",
            Cadence::TwiceYearly => "twice-yearly",
            Cadence::Yearly => "yearly",
            Cadence::Biennial => "biennial",
            Cadence::AdHoc => "ad-hoc",
        }
    }

    pub fn parse(s: &str) -> Option<Cadence> {
        Cadence::ALL.iter().copied().find(|c| c.as_str() == s)
    }

    /// The length of one period in days; `None` for ad hoc.
    pub fn days(self) -> Option<i64> {
        match self {
            Cadence::Weekly => Some(7),
            Cadence::Monthly => Some(31),
            Cadence::Quarterly => Some(92),
            Cadence::TwiceYearly => Some(183),
            Cadence::Yearly => Some(366),
            Cadence::Biennial => Some(731),
            Cadence::AdHoc => None,
        }
    }
}

/// The level at which a forum meets.
pub const LEVELS: &[&str] = &[
    "ambassadors",
    "ministers",
    "leaders",
    "officials",
    "experts",
    "parliamentarians",
];

/// An intended cadence at a level ("monthly at ambassadors' level").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CadenceAt {
    pub every: Cadence,
    pub level: Option<String>,
}

/// Who sits in a forum: members of an organisation on the date, or listed actors with ranges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Member {
    Organisation(String),
    Actor(String, DateRange),
}

#[derive(Debug, Clone)]
pub struct Forum {
    pub code: String,
    pub name: String,
    pub variants: Vec<String>,
    pub members: Vec<Member>,
    pub levels: Vec<String>,
    pub cadence: Vec<CadenceAt>,
    /// The founding date as written (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub founded: Option<String>,
    pub ended: Option<NaiveDate>,
    pub parent: Option<String>,
    pub source: String,
    /// `file:line` of the record.
    pub record: String,
}

impl Forum {
    /// Every name the forum goes by: its name and its variants.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.variants.iter().map(String::as_str))
    }

    /// Whether `query` names this forum (its code, name or a variant; any case).
    pub fn is_named(&self, query: &str) -> bool {
        let q = query.trim();
        self.code.eq_ignore_ascii_case(q)
            || self.names().any(|n| n.to_lowercase() == q.to_lowercase())
    }

    /// Members on `date`, sorted, or `None` when the record lists none.
    pub fn members_on(&self, date: NaiveDate, memberships: &Memberships) -> Option<Vec<String>> {
        if self.members.is_empty() {
            return None;
        }
        let mut out: Vec<String> = Vec::new();
        for m in &self.members {
            match m {
                Member::Organisation(org) => {
                    out.extend(memberships.members(org, date).into_iter().map(String::from))
                }
                Member::Actor(code, range) if range.contains(Some(date)) => out.push(code.clone()),
                Member::Actor(..) => {}
            }
        }
        out.sort();
        out.dedup();
        Some(out)
    }

    /// Whether `actor` sits in the forum on `date` (or is its parent organisation).
    pub fn involves(&self, actor: &str, date: NaiveDate, memberships: &Memberships) -> bool {
        self.parent.as_deref() == Some(actor)
            || self.members.iter().any(|m| match m {
                Member::Organisation(org) => org == actor,
                Member::Actor(code, _) => code == actor,
            })
            || self
                .members_on(date, memberships)
                .is_some_and(|ms| ms.iter().any(|m| m == actor))
    }
}

pub const COLUMNS: &[&str] = &[
    "code", "name", "variants", "members", "levels", "cadence", "founded", "ended", "parent",
    "source",
];

/// Loads `forums.tsv`. `known` holds every actor code of the actor dictionary.
pub fn load(
    path: &DataPath,
    known: &HashSet<String>,
    memberships: &Memberships,
    errors: &mut Vec<DataError>,
) -> Vec<Forum> {
    let mut out: Vec<Forum> = Vec::new();
    let Some(text) = tsv::read(path, errors) else {
        return out;
    };
    let mut names: std::collections::HashMap<String, (String, usize)> = Default::default();
    for rec in tsv::parse(path, &text, COLUMNS, errors) {
        let before = errors.len();
        let mut err = |r: String| errors.push(DataError::new(path, rec.line, r));
        let code = rec.get(0);
        if code.is_empty()
            || !code
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
        {
            err(format!(
                "forum code {code:?} should be upper-case letters, digits and _"
            ));
        }
        if out.iter().any(|f| f.code == code) {
            err(format!("forum code {code} is used twice"));
        }
        let name = rec.get(1);
        if name.is_empty() {
            err("a forum needs a name".into());
        }
        let variants: Vec<String> = rec.list(2).map(String::from).collect();
        for n in std::iter::once(name).chain(variants.iter().map(String::as_str)) {
            let key = n.to_lowercase();
            match names.get(&key) {
                Some((other, line)) if other != code => err(format!(
                    "the name {n:?} already names forum {other} (line {line})"
                )),
                _ => {
                    names.insert(key, (code.to_string(), rec.line));
                }
            }
        }
        let mut members = Vec::new();
        for item in rec.list(3) {
            if let Some(org) = item.strip_prefix("memberships:") {
                if !has_any_member(memberships, org) {
                    err(format!(
                        "{item}: organisation {org:?} has no members in actors/memberships.tsv"
                    ));
                    continue;
                }
                members.push(Member::Organisation(org.to_string()));
                continue;
            }
            let (code, range) = match item.split_once('[') {
                Some((c, rest)) => {
                    let Some(inner) = rest.strip_suffix(']') else {
                        err(format!(
                            "member {item:?}: a range is written CODE[FROM..TO]"
                        ));
                        continue;
                    };
                    let (f, t) = inner.split_once("..").unwrap_or((inner, ""));
                    match DateRange::parse(f, t) {
                        Ok(r) => (c, r),
                        Err(e) => {
                            err(format!("member {item:?}: {e}"));
                            continue;
                        }
                    }
                }
                None => (item, DateRange::ALWAYS),
            };
            if !(is_state_code(code) || is_org_code(code)) || !known.contains(code) {
                err(format!("unknown member actor code {code:?}"));
                continue;
            }
            members.push(Member::Actor(code.to_string(), range));
        }
        let levels: Vec<String> = rec.list(4).map(String::from).collect();
        for l in &levels {
            if !LEVELS.contains(&l.as_str()) {
                err(format!(
                    "unknown level {l:?} (one of {})",
                    LEVELS.join(", ")
                ));
            }
        }
        let mut cadence = Vec::new();
        for item in rec.list(5) {
            let (every, level) = match item.split_once(':') {
                Some((e, l)) => (e, Some(l)),
                None => (item, None),
            };
            let Some(every) = Cadence::parse(every) else {
                err(format!("unknown cadence {every:?}"));
                continue;
            };
            if let Some(l) = level {
                if !levels.iter().any(|x| x == l) {
                    err(format!(
                        "cadence level {l:?} is not among the forum's levels"
                    ));
                }
            }
            cadence.push(CadenceAt {
                every,
                level: level.map(String::from),
            });
        }
        if cadence.is_empty() {
            err("a forum needs an intended cadence (ad-hoc when it has none)".into());
        }
        let founded = rec.get(6);
        let ended = rec.get(7);
        let range = DateRange::parse(founded, ended);
        if let Err(e) = &range {
            err(format!("founded/ended: {e}"));
        }
        let ended = parse_bound(ended).ok().flatten();
        let parent = rec.get(8);
        if !parent.is_empty() && !known.contains(parent) {
            err(format!("unknown parent organisation {parent:?}"));
        }
        if rec.get(9).is_empty() {
            err("a forum needs a source".into());
        }
        if errors.len() > before {
            continue;
        }
        out.push(Forum {
            code: code.to_string(),
            name: name.to_string(),
            variants,
            members,
            levels,
            cadence,
            founded: (!founded.is_empty()).then(|| founded.to_string()),
            ended,
            parent: (!parent.is_empty()).then(|| parent.to_string()),
            source: rec.get(9).to_string(),
            record: format!("{}:{}", path.display(), rec.line),
        });
    }
    out
}

fn has_any_member(m: &Memberships, org: &str) -> bool {
    // Memberships only answers by date: probe a few dates across its span.
    (1945..=2030)
        .step_by(5)
        .filter_map(|y| NaiveDate::from_ymd_opt(y, 6, 1))
        .any(|d| !m.members(org, d).is_empty())
}
