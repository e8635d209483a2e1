//! Where a forum stands on a date, from its record and the facts read about it.
//!
//! Rules (documented in ARCHITECTURE.md):
//! - only facts dated on or before the date count (a meeting "in July 2019" counts
//!   from its first day);
//! - the last meeting is the latest meeting or resumption;
//! - cadence and founding stated in the text win over the record (the latest
//!   statement, or the earliest founding); otherwise the record's first intended
//!   cadence and its founding date, marked `"source": "data"`;
//! - `ended`: the record says the forum ended on or before the date;
//! - `suspended`: a suspension with no end is open, and no meeting came after its start;
//! - `unknown`: no meeting found in the documents;
//! - otherwise by the time since the last meeting's last day: `active` within one
//!   period plus a margin (half a period, at least a week), `dormant` beyond
//!   max(min(12 periods, 3 years), 3 periods), `overdue` in between. Ad hoc forums
//!   are active within two years and dormant beyond.
//! - open blockers are those stated after the last meeting, one per actor, stance
//!   and topic (the latest statement).

use chrono::NaiveDate;
use demarche_coder::EventDate;
use demarche_knowledge::actors::Memberships;
use serde::Serialize;

use crate::dates::{first_day, last_day};
use crate::facts::{Evidence, Fact, FactKind, Stance};
use crate::records::{Cadence, Forum};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Active,
    Overdue,
    Suspended,
    Dormant,
    Ended,
    /// The date is before the forum's founding.
    NotFounded,
    Unknown,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Active => "active",
            State::Overdue => "overdue",
            State::Suspended => "suspended",
            State::Dormant => "dormant",
            State::Ended => "ended",
            State::NotFounded => "not_founded",
            State::Unknown => "unknown",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Dated {
    pub date: EventDate,
    pub evidence: Evidence,
}

#[derive(Debug, Clone, Serialize)]
pub struct SuspensionOut {
    pub from: EventDate,
    pub to: Option<EventDate>,
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BlockerOut {
    pub actor: String,
    pub stance: Stance,
    pub topic: String,
    pub topic_actor: Option<String>,
    pub date: EventDate,
    pub evidence: Evidence,
}

#[derive(Debug, Clone, Serialize)]
pub struct ForumStatus {
    pub forum: String,
    pub code: String,
    pub as_of: NaiveDate,
    pub status: State,
    /// Why the status is what it is, in words.
    pub reason: String,
    pub last_meeting: Option<EventDate>,
    pub last_meeting_evidence: Option<Evidence>,
    pub meetings: Vec<Dated>,
    pub cadence: Option<Cadence>,
    pub cadence_level: Option<String>,
    /// `text` when a report states it, `data` when it is the record's intended cadence.
    pub cadence_source: &'static str,
    pub cadence_evidence: Option<Evidence>,
    pub founded: Option<String>,
    pub founded_source: &'static str,
    pub founded_evidence: Option<Evidence>,
    pub members_count: Option<usize>,
    pub members: Option<Vec<String>>,
    pub levels: Vec<String>,
    pub parent: Option<String>,
    pub suspensions: Vec<SuspensionOut>,
    pub blockers: Vec<BlockerOut>,
    pub record: String,
}

fn ends(d: EventDate) -> NaiveDate {
    last_day(d).unwrap_or(NaiveDate::MIN)
}

/// The status of `forum` on `as_of` from `facts` (any forum's; others are ignored).
pub fn status(
    forum: &Forum,
    facts: &[Fact],
    as_of: NaiveDate,
    memberships: &Memberships,
) -> ForumStatus {
    let facts: Vec<&Fact> = facts
        .iter()
        .filter(|f| f.forum == forum.code)
        .filter(|f| first_day(f.date).is_none_or(|d| d <= as_of))
        .collect();
    let mut meetings: Vec<Dated> = facts
        .iter()
        .filter(|f| matches!(f.kind, FactKind::Meeting | FactKind::Resumption))
        .map(|f| Dated {
            date: f.date,
            evidence: f.evidence.clone(),
        })
        .collect();
    // The latest by first day: a dated meeting outranks a coarser date that merely
    // contains it (a meeting on 8 July 2017 is later than one "in 2017").
    meetings.sort_by_key(|m| (first_day(m.date), ends(m.date)));
    let last = meetings.last().cloned();

    // Suspensions: one per (from, to); a later resumption or meeting closes an open one.
    let mut suspensions: Vec<SuspensionOut> = Vec::new();
    for f in &facts {
        if let FactKind::Suspension { from, to } = f.kind {
            let to = to.filter(|t| first_day(*t).is_none_or(|d| d <= as_of));
            if let Some(s) = suspensions
                .iter_mut()
                .find(|s| s.from == from && (s.to == to || to.is_none()))
            {
                s.evidence.push(f.evidence.clone());
            } else if let Some(s) = suspensions
                .iter_mut()
                .find(|s| s.from == from && s.to.is_none())
            {
                s.to = to;
                s.evidence.push(f.evidence.clone());
            } else {
                suspensions.push(SuspensionOut {
                    from,
                    to,
                    evidence: vec![f.evidence.clone()],
                });
            }
        }
    }
    suspensions.sort_by_key(|s| first_day(s.from));
    let open = suspensions.iter().find(|s| {
        s.to.is_none()
            && !meetings
                .iter()
                .any(|m| first_day(m.date) > last_day(s.from))
    });

    // Cadence: the latest statement in the text, else the record's.
    let stated = facts
        .iter()
        .filter_map(|f| match &f.kind {
            FactKind::Cadence { every, level } => Some((f, *every, level.clone())),
            _ => None,
        })
        .max_by_key(|(f, _, _)| f.published);
    let (cadence, cadence_level, cadence_source, cadence_evidence) = match stated {
        Some((f, every, level)) => (Some(every), level, "text", Some(f.evidence.clone())),
        None => match forum.cadence.first() {
            Some(c) => (Some(c.every), c.level.clone(), "data", None),
            None => (None, None, "data", None),
        },
    };
    let founding = facts
        .iter()
        .filter(|f| matches!(f.kind, FactKind::Founding))
        .min_by_key(|f| first_day(f.date));
    let (founded, founded_source, founded_evidence) = match founding {
        Some(f) => (Some(f.date.to_string()), "text", Some(f.evidence.clone())),
        None => (forum.founded.clone(), "data", None),
    };

    let (status, reason) = if forum.founded_on().is_some_and(|f| as_of < f) {
        (
            State::NotFounded,
            format!(
                "founded on {}, after {as_of}",
                forum.founded.as_deref().unwrap_or_default()
            ),
        )
    } else if forum.ended.is_some_and(|e| e <= as_of) {
        (
            State::Ended,
            format!("the record says it ended on {}", forum.ended.unwrap()),
        )
    } else if let Some(s) = open {
        (
            State::Suspended,
            format!("suspended since {} with no meeting since", s.from),
        )
    } else if let Some(l) = &last {
        let gap = (as_of - ends(l.date)).num_days().max(0);
        let period = cadence.and_then(Cadence::days);
        match period {
            Some(p) => {
                let margin = (p / 2).max(7);
                let dormant = (12 * p).min(3 * 366).max(3 * p);
                let every = cadence.map_or("", Cadence::as_str);
                if gap <= p + margin {
                    (
                        State::Active,
                        format!(
                            "last met {} ({gap} days before), within its {every} cadence",
                            l.date
                        ),
                    )
                } else if gap > dormant {
                    (State::Dormant, format!("no meeting for {gap} days since {}; dormant after {dormant} days at a {every} cadence", l.date))
                } else {
                    (
                        State::Overdue,
                        format!(
                            "no meeting for {gap} days since {}; due every {p} days plus {margin}",
                            l.date
                        ),
                    )
                }
            }
            None if gap <= 2 * 366 => (
                State::Active,
                format!("ad hoc; last met {} ({gap} days before)", l.date),
            ),
            None => (
                State::Dormant,
                format!("ad hoc; no meeting for {gap} days since {}", l.date),
            ),
        }
    } else {
        (
            State::Unknown,
            "no meeting found in the documents read".to_string(),
        )
    };

    // Open blockers: stated after the last meeting; the latest per actor, stance and topic.
    let after = last.as_ref().map(|l| ends(l.date));
    let mut blockers: Vec<BlockerOut> = Vec::new();
    for f in &facts {
        if let FactKind::Blocker {
            actor,
            stance,
            topic,
            topic_actor,
        } = &f.kind
        {
            if after.is_some_and(|a| first_day(f.date).is_some_and(|d| d <= a)) {
                continue;
            }
            let key = topic_actor.clone().unwrap_or_else(|| topic.to_lowercase());
            let b = BlockerOut {
                actor: actor.clone(),
                stance: *stance,
                topic: topic.clone(),
                topic_actor: topic_actor.clone(),
                date: f.date,
                evidence: f.evidence.clone(),
            };
            match blockers.iter_mut().find(|x| {
                x.actor == *actor
                    && x.stance == *stance
                    && x.topic_actor
                        .clone()
                        .unwrap_or_else(|| x.topic.to_lowercase())
                        == key
            }) {
                Some(x) if first_day(x.date) <= first_day(f.date) => *x = b,
                Some(_) => {}
                None => blockers.push(b),
            }
        }
    }

    let members = forum.members_on(as_of, memberships);
    ForumStatus {
        forum: forum.name.clone(),
        code: forum.code.clone(),
        as_of,
        status,
        reason,
        last_meeting: last.as_ref().map(|l| l.date),
        last_meeting_evidence: last.map(|l| l.evidence),
        meetings,
        cadence,
        cadence_level,
        cadence_source,
        cadence_evidence,
        founded,
        founded_source,
        founded_evidence,
        members_count: members.as_ref().map(Vec::len),
        members,
        levels: forum.levels.clone(),
        parent: forum.parent.clone(),
        suspensions,
        blockers,
        record: forum.record.clone(),
    }
}
