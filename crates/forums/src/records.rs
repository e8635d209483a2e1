//! `data/forums.tsv`: one forum a line, validated on load with file and line.

use std::collections::HashSet;

use chrono::NaiveDate;
use demarche_knowledge::actors::{is_org_code, is_state_code, Memberships};
use demarche_knowledge::dates::parse_bound;
use demarche_knowledge::tsv::{self, DataError};
use demarche_knowledge::{DataPath, DateRange};
use serde::{Deserialize, Serialize};

/// How often a forum meets (or is meant to).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

/// A seat listed in `forums/members.tsv`: who held it, when, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seat {
    pub member: String,
    pub range: DateRange,
    /// Elected for a term (the UN Security Council's ten), not permanent.
    pub elected: bool,
    /// `file:line` of the row.
    pub record: String,
}

#[derive(Debug, Clone)]
pub struct Forum {
    pub code: String,
    pub name: String,
    pub variants: Vec<String>,
    pub members: Vec<Member>,
    /// Whether the record's members cell says `listed`: its seats are dated in
    /// `forums/members.tsv`.
    pub listed: bool,
    pub seats: Vec<Seat>,
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

    /// The founding date's first day, from the record.
    pub fn founded_on(&self) -> Option<NaiveDate> {
        self.founded
            .as_deref()
            .and_then(|d| parse_bound(d).ok().flatten())
    }

    /// Whether the forum exists on `date`: founded by then and not yet ended.
    pub fn exists_on(&self, date: NaiveDate) -> bool {
        self.founded_on().is_none_or(|f| date >= f) && self.ended.is_none_or(|e| date < e)
    }

    /// Members on `date`, sorted, or `None` when the record lists none, when the
    /// forum does not exist on that date, or when it has elected seats and those
    /// of that date are not listed (then any count would be wrong).
    pub fn members_on(&self, date: NaiveDate, memberships: &Memberships) -> Option<Vec<String>> {
        if (self.members.is_empty() && !self.listed) || !self.exists_on(date) {
            return None;
        }
        let elected = self.seats.iter().filter(|s| s.elected);
        if elected.clone().next().is_some()
            && !elected.clone().any(|s| s.range.contains(Some(date)))
        {
            return None;
        }
        let mut out: Vec<String> = self
            .seats
            .iter()
            .filter(|s| s.range.contains(Some(date)))
            .map(|s| s.member.clone())
            .collect();
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
                .seats
                .iter()
                .any(|s| s.member == actor && s.range.contains(Some(date)))
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

    for rec in tsv::parse(path.shown(), &text, COLUMNS, errors) {
        let before = errors.len();
        let mut err = |r: String| errors.push(DataError::new(path.shown(), rec.line, r));
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
        let mut listed = false;
        for item in rec.list(3) {
            if item == "listed" {
                listed = true;
                continue;
            }
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
            listed,
            seats: Vec::new(),
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

pub const SEAT_COLUMNS: &[&str] = &["forum", "member", "from", "to", "seat", "source"];

/// Loads `forums/members.tsv` into the forums whose record says `listed`.
pub fn load_seats(
    path: &DataPath,
    forums: &mut [Forum],
    known: &HashSet<String>,
    errors: &mut Vec<DataError>,
) {
    let Some(text) = tsv::read(path, errors) else {
        return;
    };
    let mut filled: HashSet<String> = HashSet::new();
    for rec in tsv::parse(path.shown(), &text, SEAT_COLUMNS, errors) {
        let err = |r: String| DataError::new(path.shown(), rec.line, r);
        let (code, member, seat) = (rec.get(0), rec.get(1), rec.get(4));
        let Some(forum) = forums.iter_mut().find(|f| f.code == code) else {
            errors.push(err(format!("unknown forum {code:?}")));
            continue;
        };
        if !forum.listed {
            errors.push(err(format!(
                "forum {code}'s members cell does not say `listed`"
            )));
            continue;
        }
        if !(is_state_code(member) || is_org_code(member)) || !known.contains(member) {
            errors.push(err(format!("unknown member actor code {member:?}")));
            continue;
        }
        let elected = match seat {
            "elected" => true,
            "permanent" | "member" => false,
            other => {
                errors.push(err(format!(
                    "unknown seat {other:?} (permanent, elected or member)"
                )));
                continue;
            }
        };
        let range = match DateRange::parse(rec.get(2), rec.get(3)) {
            Ok(r) => r,
            Err(e) => {
                errors.push(err(e));
                continue;
            }
        };
        if rec.get(5).is_empty() {
            errors.push(err("a seat needs a source".into()));
            continue;
        }
        if let Some(s) = forum
            .seats
            .iter()
            .find(|s| s.member == member && s.range.overlaps(&range))
        {
            errors.push(err(format!(
                "{member} already sits in {code} on these dates ({})",
                s.record
            )));
            continue;
        }
        filled.insert(code.to_string());
        forum.seats.push(Seat {
            member: member.to_string(),
            range,
            elected,
            record: format!("{}:{}", path.display(), rec.line),
        });
    }
    for f in forums.iter() {
        if f.listed && !filled.contains(&f.code) {
            errors.push(DataError::new(
                path.shown(),
                0,
                format!("forum {} says `listed` but has no seats here", f.code),
            ));
        }
    }
}

fn has_any_member(m: &Memberships, org: &str) -> bool {
    // Memberships only answers by date: probe a few dates across its span.
    (1945..=2030)
        .step_by(5)
        .filter_map(|y| NaiveDate::from_ymd_opt(y, 6, 1))
        .any(|d| !m.members(org, d).is_empty())
}
