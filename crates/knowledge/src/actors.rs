//! Dated actor knowledge: states, seats of power, organisations and people,
//! each surface form mapped to an entity whose meaning depends on the date.
//!
//! Files (all under `data/actors/`, formats in `data/README.md`):
//! `states.tsv`, `seats.tsv`, `organisations.tsv`, `people/*.tsv`, `roles.tsv`.
//!
//! Invariants: every actor code a record gives is a known state (from
//! `states.tsv`) or organisation code (from `organisations.tsv`); one surface
//! form never means two different actors on the same date.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use chrono::NaiveDate;

use crate::dates::DateRange;
use crate::files::DataPath;
use crate::tsv::{self, DataError};
use crate::{FastMap, FastSet};

/// The part of a state or society an actor acts for (CAMEO's actor types, as
/// in the gold standard's README), read from the data files' codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Sector {
    /// Government: the executive, ministries, diplomats.
    Gov,
    /// Armed forces.
    Mil,
    /// Police and security services.
    Pol,
    /// The political opposition.
    Opp,
    /// Rebels and insurgents.
    Reb,
    /// Political parties.
    Pty,
    /// Civilians.
    Cvl,
    /// Media.
    Med,
    /// Business.
    Bus,
    /// Non-governmental organisations.
    Ngo,
    /// The judiciary.
    Jud,
    /// Protesters.
    Pts,
    /// Intergovernmental organisations and their staff.
    Igo,
}

impl Sector {
    pub const ALL: [(Sector, &'static str); 13] = [
        (Sector::Gov, "GOV"),
        (Sector::Mil, "MIL"),
        (Sector::Pol, "POL"),
        (Sector::Opp, "OPP"),
        (Sector::Reb, "REB"),
        (Sector::Pty, "PTY"),
        (Sector::Cvl, "CVL"),
        (Sector::Med, "MED"),
        (Sector::Bus, "BUS"),
        (Sector::Ngo, "NGO"),
        (Sector::Jud, "JUD"),
        (Sector::Pts, "PTS"),
        (Sector::Igo, "IGO"),
    ];

    /// The three-letter code ("GOV").
    pub fn as_str(self) -> &'static str {
        Self::ALL[self as usize].1
    }

    /// The sector of a three-letter code, `None` for any other text.
    pub fn from_code(code: &str) -> Option<Sector> {
        Self::ALL.iter().find(|(_, c)| *c == code).map(|(s, _)| *s)
    }

    /// The codes, for error messages.
    pub fn codes() -> Vec<&'static str> {
        Self::ALL.iter().map(|(_, c)| *c).collect()
    }
}

/// An empty column is no sector (`Some(None)`); a code is its sector; any
/// other text is an error (`None`).
fn optional_sector(code: &str) -> Option<Option<Sector>> {
    if code.is_empty() {
        Some(None)
    } else {
        Sector::from_code(code).map(Some)
    }
}

/// The message for a sector code that is not one.
pub(crate) fn unknown_sector(code: &str) -> String {
    format!("unknown sector {code:?} (one of {:?})", Sector::codes())
}

impl std::fmt::Display for Sector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a fact came from: file and line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// Shared by every fact of a file: tens of thousands of facts, a handful of files.
    pub file: Arc<Path>,
    pub line: usize,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file.display(), self.line)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityKind {
    State,
    Seat,
    Organisation,
    Person,
    /// A city or region: never an actor itself, but it says where things happen.
    Place,
}

/// What an entity is on some dates: an actor code and a sector.
#[derive(Debug, Clone)]
pub struct Role {
    pub actor: String,
    pub sector: Option<Sector>,
    /// A role key for people ("foreign_minister"), the kind for organisations.
    pub role: Option<String>,
    pub range: DateRange,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub struct Entity {
    pub name: String,
    pub kind: EntityKind,
    /// A person's nationality: what they are coded as out of office.
    pub country: Option<String>,
    pub roles: Vec<Role>,
}

pub type EntityId = usize;

/// An entity resolved at a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved<'k> {
    pub actor: &'k str,
    pub sector: Option<Sector>,
    pub name: &'k str,
    pub role: Option<&'k str>,
    /// The record that decided it, or `None` for a person out of office.
    pub origin: Option<&'k Origin>,
}

/// A surface form's meaning: the entity, and whether the form is an adjective
/// or demonym ("German", "Germans"), which names an actor only with a noun.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sense {
    pub entity: EntityId,
    pub adjective: bool,
}

/// A role noun ("foreign minister", "troops") with the sector it gives.
#[derive(Debug, Clone)]
pub struct RoleNoun {
    pub sector: Sector,
    pub role: Option<String>,
    /// From PETRARCH2's agents (`agents.tsv`), not `roles.tsv`.
    pub agent: bool,
}

/// An actor found in text, resolved at the document's date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorMatch {
    pub start: usize,
    pub end: usize,
    pub entity: EntityId,
    pub adjective: bool,
}

#[derive(Debug, Default)]
pub struct ActorDictionary {
    entities: Vec<Entity>,
    /// Surface forms in matcher order, and their senses.
    forms: Vec<String>,
    senses: Vec<Vec<Sense>>,
    matcher: Option<AhoCorasick>,
    role_nouns: FastMap<String, RoleNoun>,
    /// The first words of the role nouns, for a quick "no" on most words.
    role_first_words: FastSet<String>,
    /// PETRARCH2's agent nouns (`agents.tsv`), apart from the role nouns.
    agent_nouns: FastMap<String, RoleNoun>,
    agent_first_words: FastSet<String>,
    /// Words in the longest agent noun.
    agent_max_words: usize,
    /// (actor, role key) -> people who held it, for "the German foreign minister".
    holders: HashMap<(String, String), Vec<EntityId>>,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ActorCounts {
    pub states: usize,
    pub seats: usize,
    pub organisations: usize,
    pub people: usize,
    pub places: usize,
    pub person_roles: usize,
    pub role_nouns: usize,
    /// PETRARCH2's agent nouns (`agents.tsv`).
    pub agent_nouns: usize,
    pub surface_forms: usize,
}

struct Builder {
    entities: Vec<Entity>,
    forms: BTreeMap<String, Vec<(Sense, Origin)>>,
}

impl Builder {
    fn add_form(&mut self, form: &str, sense: Sense, origin: Origin) {
        let form = form.trim();
        let form = form.strip_prefix("the ").unwrap_or(form);
        if form.is_empty() {
            return;
        }
        let list = self.forms.entry(form.to_string()).or_default();
        if !list.iter().any(|(s, _)| *s == sense) {
            list.push((sense, origin));
        }
    }

    /// Adds `forms` as names (not adjectives) of `entity`.
    fn add_names<'f>(
        &mut self,
        forms: impl IntoIterator<Item = &'f str>,
        entity: EntityId,
        origin: &Origin,
    ) {
        for form in forms {
            let sense = Sense {
                entity,
                adjective: false,
            };
            self.add_form(form, sense, origin.clone());
        }
    }
}

/// The first words of some nouns, for a quick "no" on most words.
fn first_words(nouns: &FastMap<String, RoleNoun>) -> FastSet<String> {
    nouns
        .keys()
        .filter_map(|k| k.split(' ').next().map(str::to_string))
        .collect()
}

/// The longest of `nouns` of up to `max` words starting at `words[0]`.
fn noun_at<'n>(
    nouns: &'n FastMap<String, RoleNoun>,
    first: &FastSet<String>,
    words: &[&str],
    max: usize,
) -> Option<(&'n RoleNoun, usize)> {
    // Most words start no noun: answer them without building phrases (and
    // without a lower-case copy of a word that is lower-case already).
    let w = words.first()?;
    let known = if w.chars().any(char::is_uppercase) {
        first.contains(&w.to_lowercase())
    } else {
        first.contains(*w)
    };
    if !known {
        return None;
    }
    (1..=words.len().min(max)).rev().find_map(|n| {
        let phrase = words[..n].join(" ").to_lowercase();
        nouns.get(&phrase).map(|r| (r, n))
    })
}

/// The actor matcher while it is being built (see `ActorDictionary::load_deferred`).
pub struct PendingMatcher {
    /// Gives back the surface forms it was built from, with the matcher.
    building: std::thread::JoinHandle<(Vec<String>, Result<AhoCorasick, aho_corasick::BuildError>)>,
    dir: PathBuf,
}

impl ActorDictionary {
    /// Loads every actor file under `dir` (`data/actors`), collecting errors.
    pub fn load(dir: &DataPath, errors: &mut Vec<DataError>) -> ActorDictionary {
        let (mut actors, pending) = Self::load_deferred(dir, errors);
        actors.finish(pending, errors);
        actors
    }

    /// Loads and validates everything but leaves the matcher building on another
    /// thread, so that the caller can load other files meanwhile; `finish` installs it.
    pub fn load_deferred(
        dir: &DataPath,
        errors: &mut Vec<DataError>,
    ) -> (ActorDictionary, PendingMatcher) {
        let mut b = Builder {
            entities: Vec::new(),
            forms: BTreeMap::new(),
        };
        let mut known: HashMap<String, ()> = HashMap::new();
        let files: std::cell::RefCell<Vec<Arc<Path>>> = Default::default();
        let origin = |file: &Path, line: usize| {
            let mut files = files.borrow_mut();
            let file = match files.iter().rev().find(|f| ***f == *file) {
                Some(f) => f.clone(),
                None => {
                    let f: Arc<Path> = Arc::from(file);
                    files.push(f.clone());
                    f
                }
            };
            Origin { file, line }
        };

        // States first: they define the country codes everything else must use.
        let path = dir.join("states.tsv");
        let mut state_lines = Vec::new();
        if let Some(text) = tsv::read(&path, errors) {
            let cols = [
                "code",
                "name",
                "variants",
                "adjectives",
                "from",
                "to",
                "source",
            ];
            for rec in tsv::parse(path.shown(), &text, &cols, errors) {
                let code = rec.get(0);
                if !is_state_code(code) {
                    errors.push(DataError::new(
                        path.shown(),
                        rec.line,
                        format!("state code {code:?} is not 3 capital letters"),
                    ));
                    continue;
                }
                let Some(range) = range_of(path.shown(), &rec, (4, 5), errors) else {
                    continue;
                };
                known.insert(code.to_string(), ());
                state_lines.push((
                    rec.line,
                    code.to_string(),
                    rec.get(1).to_string(),
                    range,
                    rec.list(2).map(str::to_string).collect::<Vec<_>>(),
                    rec.list(3).map(str::to_string).collect::<Vec<_>>(),
                ));
            }
        }
        for (line, code, name, range, variants, adjectives) in state_lines {
            let id = b.entities.len();
            b.entities.push(Entity {
                name: name.clone(),
                kind: EntityKind::State,
                country: Some(code.clone()),
                roles: vec![Role {
                    actor: code,
                    sector: None,
                    role: None,
                    range,
                    origin: origin(path.shown(), line),
                }],
            });
            b.add_names(
                std::iter::once(&name).chain(&variants).map(String::as_str),
                id,
                &origin(path.shown(), line),
            );
            for form in &adjectives {
                b.add_form(
                    form,
                    Sense {
                        entity: id,
                        adjective: true,
                    },
                    origin(path.shown(), line),
                );
            }
        }

        // Organisations: their codes join the known codes.
        let path = dir.join("organisations.tsv");
        let mut org_ids: HashMap<String, EntityId> = HashMap::new();
        if let Some(text) = tsv::read(&path, errors) {
            let cols = [
                "actor", "sector", "name", "variants", "kind", "from", "to", "source",
            ];
            let recs = tsv::parse(path.shown(), &text, &cols, errors);
            for rec in &recs {
                let actor = rec.get(0);
                if is_org_code(actor) {
                    known.insert(actor.to_string(), ());
                }
            }
            for rec in recs {
                let err = |r: String| DataError::new(path.shown(), rec.line, r);
                let actor = rec.get(0);
                if !known.contains_key(actor) {
                    errors.push(err(format!("unknown actor code {actor:?}")));
                    continue;
                }
                let Some(sector) = optional_sector(rec.get(1)) else {
                    errors.push(err(unknown_sector(rec.get(1))));
                    continue;
                };
                let Some(range) = range_of(path.shown(), &rec, (5, 6), errors) else {
                    continue;
                };
                let name = rec.get(2);
                let role = Role {
                    actor: actor.to_string(),
                    sector,
                    role: Some(rec.get(4).to_string()).filter(|s| !s.is_empty()),
                    range,
                    origin: origin(path.shown(), rec.line),
                };
                let id = *org_ids.entry(name.to_string()).or_insert_with(|| {
                    b.entities.push(Entity {
                        name: name.to_string(),
                        kind: EntityKind::Organisation,
                        country: None,
                        roles: Vec::new(),
                    });
                    b.entities.len() - 1
                });
                if let Some(prev) = b.entities[id]
                    .roles
                    .iter()
                    .find(|r| r.range.overlaps(&range))
                {
                    errors.push(err(format!(
                        "{name} already has a record for these dates at {}",
                        prev.origin
                    )));
                    continue;
                }
                b.entities[id].roles.push(role);
                b.add_names(
                    std::iter::once(name).chain(rec.list(3)),
                    id,
                    &origin(path.shown(), rec.line),
                );
            }
        }

        // Places: cities and regions, with the state they lie in.
        let path = dir.join("places.tsv");
        if path.exists() {
            if let Some(text) = tsv::read(&path, errors) {
                let cols = ["term", "country", "kind", "from", "to", "source"];
                for rec in tsv::parse(path.shown(), &text, &cols, errors) {
                    let err = |r: String| DataError::new(path.shown(), rec.line, r);
                    let (term, country) = (rec.get(0), rec.get(1));
                    if !is_state_code(country) || !known.contains_key(country) {
                        errors.push(err(format!("unknown country code {country:?}")));
                        continue;
                    }
                    let Some(range) = range_of(path.shown(), &rec, (3, 4), errors) else {
                        continue;
                    };
                    let id = b.entities.len();
                    b.entities.push(Entity {
                        name: term.to_string(),
                        kind: EntityKind::Place,
                        country: Some(country.to_string()),
                        roles: vec![Role {
                            actor: country.to_string(),
                            sector: None,
                            role: Some(rec.get(2).to_string()).filter(|s| !s.is_empty()),
                            range,
                            origin: origin(path.shown(), rec.line),
                        }],
                    });
                    b.add_names([term], id, &origin(path.shown(), rec.line));
                }
            }
        }

        // Seats of power and named state bodies.
        let path = dir.join("seats.tsv");
        if let Some(text) = tsv::read(&path, errors) {
            let cols = ["term", "actor", "sector", "from", "to", "source"];
            for rec in tsv::parse(path.shown(), &text, &cols, errors) {
                let err = |r: String| DataError::new(path.shown(), rec.line, r);
                let (term, actor, sector) = (rec.get(0), rec.get(1), rec.get(2));
                if !known.contains_key(actor) {
                    errors.push(err(format!("unknown actor code {actor:?}")));
                    continue;
                }
                let Some(sector) = Sector::from_code(sector) else {
                    errors.push(err(unknown_sector(sector)));
                    continue;
                };
                let Some(range) = range_of(path.shown(), &rec, (3, 4), errors) else {
                    continue;
                };
                let id = b.entities.len();
                b.entities.push(Entity {
                    name: term.to_string(),
                    kind: EntityKind::Seat,
                    country: Some(actor.to_string()),
                    roles: vec![Role {
                        actor: actor.to_string(),
                        sector: Some(sector),
                        role: None,
                        range,
                        origin: origin(path.shown(), rec.line),
                    }],
                });
                b.add_names([term], id, &origin(path.shown(), rec.line));
            }
        }

        // People, one role a line, in any number of files.
        let mut people: HashMap<String, EntityId> = HashMap::new();
        let mut holders: HashMap<(String, String), Vec<EntityId>> = HashMap::new();
        let people_dir = dir.join("people");
        let files: Vec<DataPath> = match people_dir.files() {
            Ok(files) => files
                .into_iter()
                .filter(|p| p.shown().extension().is_some_and(|e| e == "tsv"))
                .collect(),
            Err(e) => {
                errors.push(DataError::new(
                    people_dir.shown(),
                    0,
                    format!("cannot read directory: {e}"),
                ));
                Vec::new()
            }
        };
        for path in files {
            let Some(text) = tsv::read(&path, errors) else {
                continue;
            };
            let cols = [
                "name", "variants", "country", "actor", "sector", "role", "from", "to", "source",
            ];
            for rec in tsv::parse(path.shown(), &text, &cols, errors) {
                let err = |r: String| DataError::new(path.shown(), rec.line, r);
                let (name, country, actor, sector) =
                    (rec.get(0), rec.get(2), rec.get(3), rec.get(4));
                if name.is_empty() {
                    errors.push(err("person without a name".into()));
                    continue;
                }
                if !is_state_code(country) || !known.contains_key(country) {
                    errors.push(err(format!("unknown country code {country:?}")));
                    continue;
                }
                if !known.contains_key(actor) {
                    errors.push(err(format!("unknown actor code {actor:?}")));
                    continue;
                }
                let Some(sector) = optional_sector(sector) else {
                    errors.push(err(unknown_sector(sector)));
                    continue;
                };
                let Some(range) = range_of(path.shown(), &rec, (6, 7), errors) else {
                    continue;
                };
                let id = *people.entry(name.to_string()).or_insert_with(|| {
                    b.entities.push(Entity {
                        name: name.to_string(),
                        kind: EntityKind::Person,
                        country: Some(country.to_string()),
                        roles: Vec::new(),
                    });
                    b.entities.len() - 1
                });
                let role_key = rec.get(5);
                if let Some(prev) = b.entities[id].roles.iter().find(|r| {
                    r.range.overlaps(&range)
                        && r.role.as_deref() == Some(role_key)
                        && r.actor == actor
                }) {
                    errors.push(err(format!(
                        "{name} already holds {role_key} on these dates at {}",
                        prev.origin
                    )));
                    continue;
                }
                if !role_key.is_empty() {
                    holders
                        .entry((actor.to_string(), role_key.to_string()))
                        .or_default()
                        .push(id);
                }
                b.entities[id].roles.push(Role {
                    actor: actor.to_string(),
                    sector,
                    role: Some(role_key.to_string()).filter(|s| !s.is_empty()),
                    range,
                    origin: origin(path.shown(), rec.line),
                });
                b.add_names(
                    std::iter::once(name).chain(rec.list(1)),
                    id,
                    &origin(path.shown(), rec.line),
                );
            }
        }

        // Role nouns, then PETRARCH2's agent nouns (same columns). Agents are kept apart:
        // as role nouns they would change what the coder finds. roles.tsv wins a term
        // both files name.
        let mut role_nouns = FastMap::default();
        let mut agent_nouns = FastMap::default();
        for (file, agent) in [("roles.tsv", false), ("agents.tsv", true)] {
            let path = dir.join(file);
            let Some(text) = tsv::read(&path, errors) else {
                continue;
            };
            let nouns = if agent {
                &mut agent_nouns
            } else {
                &mut role_nouns
            };
            for rec in tsv::parse(
                path.shown(),
                &text,
                &["term", "sector", "role", "source"],
                errors,
            ) {
                let Some(sector) = Sector::from_code(rec.get(1)) else {
                    errors.push(DataError::new(
                        path.shown(),
                        rec.line,
                        unknown_sector(rec.get(1)),
                    ));
                    continue;
                };
                let noun = RoleNoun {
                    sector,
                    role: Some(rec.get(2).to_string()).filter(|s| !s.is_empty()),
                    agent,
                };
                if nouns.insert(rec.get(0).to_lowercase(), noun).is_some() {
                    errors.push(DataError::new(
                        path.shown(),
                        rec.line,
                        format!("role noun {:?} listed twice", rec.get(0)),
                    ));
                }
            }
        }
        agent_nouns.retain(|term, _| !role_nouns.contains_key(term));

        // The matcher is the slowest part of loading: build it on another core
        // while the cross-file checks below run.
        let forms: Vec<String> = b.forms.keys().cloned().collect();
        let building = std::thread::spawn(move || {
            let matcher = AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .build(&forms);
            (forms, matcher)
        });
        check_conflicts(&b, errors);
        // An office named by a role noun ("foreign minister") has one holder at a time.
        let offices: std::collections::HashSet<&str> = role_nouns
            .values()
            .filter_map(|r| r.role.as_deref())
            .collect();
        for ((actor, role), ids) in &holders {
            if !offices.contains(role.as_str()) {
                continue;
            }
            let terms: Vec<(EntityId, &Role)> = ids
                .iter()
                .flat_map(|&id| {
                    b.entities[id]
                        .roles
                        .iter()
                        .filter(|r| &r.actor == actor && r.role.as_deref() == Some(role.as_str()))
                        .map(move |r| (id, r))
                })
                .collect();
            for (i, (pa, ra)) in terms.iter().enumerate() {
                for (pc, rc) in &terms[i + 1..] {
                    if pa != pc && ra.range.overlaps(&rc.range) {
                        errors.push(DataError::new(
                            &rc.origin.file,
                            rc.origin.line,
                            format!(
                                "{} holds {actor} {role} on dates that overlap {}'s term at {}",
                                b.entities[*pc].name, b.entities[*pa].name, ra.origin
                            ),
                        ));
                    }
                }
            }
        }
        let senses: Vec<Vec<Sense>> = b
            .forms
            .values()
            .map(|v| v.iter().map(|(s, _)| *s).collect())
            .collect();
        let actors = ActorDictionary {
            entities: b.entities,
            // (The forms come back with the matcher, in `finish`.)
            forms: Vec::new(),
            senses,
            matcher: None,
            role_first_words: first_words(&role_nouns),
            role_nouns,
            agent_first_words: first_words(&agent_nouns),
            agent_max_words: agent_nouns
                .keys()
                .map(|k| k.split(' ').count())
                .max()
                .unwrap_or(0),
            agent_nouns,
            holders,
        };
        let pending = PendingMatcher {
            building,
            dir: dir.shown().to_path_buf(),
        };
        (actors, pending)
    }

    /// Waits for the matcher that `load_deferred` left building and installs it.
    pub fn finish(&mut self, pending: PendingMatcher, errors: &mut Vec<DataError>) {
        let (forms, matcher) = pending
            .building
            .join()
            .expect("the matcher build does not panic");
        self.forms = forms;
        self.matcher = matcher
            .map_err(|e| {
                errors.push(DataError::new(
                    &pending.dir,
                    0,
                    format!("cannot build the actor matcher: {e}"),
                ))
            })
            .ok();
    }

    pub fn counts(&self) -> ActorCounts {
        let count = |k: EntityKind| self.entities.iter().filter(|e| e.kind == k).count();
        ActorCounts {
            states: count(EntityKind::State),
            seats: count(EntityKind::Seat),
            organisations: count(EntityKind::Organisation),
            people: count(EntityKind::Person),
            places: count(EntityKind::Place),
            person_roles: self
                .entities
                .iter()
                .filter(|e| e.kind == EntityKind::Person)
                .map(|e| e.roles.len())
                .sum(),
            role_nouns: self.role_nouns.len(),
            agent_nouns: self.agent_nouns.len(),
            surface_forms: self.forms.len(),
        }
    }

    pub fn entity(&self, id: EntityId) -> &Entity {
        &self.entities[id]
    }

    /// Every surface form, as the matcher sees them (for the benchmark's floor).
    pub fn forms(&self) -> &[String] {
        &self.forms
    }

    pub fn role_noun(&self, word: &str) -> Option<&RoleNoun> {
        self.role_nouns.get(&word.to_lowercase())
    }

    /// The longest role noun of up to three words starting at `words[0]`,
    /// with how many words it took.
    pub fn role_noun_at(&self, words: &[&str]) -> Option<(&RoleNoun, usize)> {
        noun_at(&self.role_nouns, &self.role_first_words, words, 3)
    }

    /// The longest agent noun (`agents.tsv`: "riot police", "minister of health")
    /// starting at `words[0]`, with how many words it took; the same contract as
    /// [`ActorDictionary::role_noun_at`], without its three-word limit. Role nouns are
    /// not agents: `roles.tsv` wins a term both files name.
    pub fn agent_noun_at(&self, words: &[&str]) -> Option<(&RoleNoun, usize)> {
        noun_at(
            &self.agent_nouns,
            &self.agent_first_words,
            words,
            self.agent_max_words,
        )
    }

    /// What `entity` is on `date`. A person out of office is their country
    /// without a government sector (`PTY`).
    pub fn resolve(&self, entity: EntityId, date: Option<NaiveDate>) -> Option<Resolved<'_>> {
        let e = &self.entities[entity];
        let role = e
            .roles
            .iter()
            .find(|r| r.range.contains(date))
            .or_else(|| (date.is_none()).then(|| e.roles.last()).flatten());
        match role {
            Some(r) => Some(Resolved {
                actor: &r.actor,
                sector: r.sector,
                name: &e.name,
                role: r.role.as_deref(),
                origin: Some(&r.origin),
            }),
            None if e.kind == EntityKind::Person => Some(Resolved {
                actor: e.country.as_deref()?,
                sector: Some(Sector::Pty),
                name: &e.name,
                role: None,
                origin: None,
            }),
            None => None,
        }
    }

    /// Who held `role` for `actor` on `date` ("foreign_minister" of "DEU").
    pub fn holder(&self, actor: &str, role: &str, date: Option<NaiveDate>) -> Option<EntityId> {
        let ids = self.holders.get(&(actor.to_string(), role.to_string()))?;
        ids.iter().copied().find(|&id| {
            self.entities[id].roles.iter().any(|r| {
                r.actor == actor && r.role.as_deref() == Some(role) && r.range.contains(date)
            })
        })
    }

    /// The sense of a surface form on `date`: an entity that has a record for
    /// that date wins over a person who would only be resolved out of office.
    fn pick(&self, senses: &[Sense], date: Option<NaiveDate>) -> Option<Sense> {
        let dated = |s: &&Sense| {
            self.entities[s.entity]
                .roles
                .iter()
                .any(|r| r.range.contains(date))
        };
        // An actor beats a place of the same name.
        let place = |s: &&Sense| self.entities[s.entity].kind == EntityKind::Place;
        senses
            .iter()
            .find(|s| dated(s) && !place(s))
            .or_else(|| senses.iter().find(dated))
            .or_else(|| {
                senses
                    .iter()
                    .find(|s| self.entities[s.entity].kind == EntityKind::Person)
            })
            .copied()
    }

    /// Finds actor mentions in `text[start..end]`, whole words only.
    pub fn find(
        &self,
        text: &str,
        start: usize,
        end: usize,
        date: Option<NaiveDate>,
    ) -> Vec<ActorMatch> {
        let Some(matcher) = &self.matcher else {
            return Vec::new();
        };
        let hay = &text[start..end];
        let mut out = Vec::new();
        for m in matcher.find_iter(hay) {
            let (s, e) = (start + m.start(), start + m.end());
            let before = text[..s].chars().next_back();
            let after = text[e..].chars().next();
            if before.is_some_and(is_word_char) || after.is_some_and(is_word_char) {
                continue;
            }
            // "U.S." matched inside "U.S.-led" is fine; "U.S" followed by "." is handled by the form list.
            if let Some(sense) = self.pick(&self.senses[m.pattern().as_usize()], date) {
                out.push(ActorMatch {
                    start: s,
                    end: e,
                    entity: sense.entity,
                    adjective: sense.adjective,
                });
            }
        }
        out
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// The validity range in cells `cols` of `rec`, or `None` with the problem reported.
fn range_of(
    path: &Path,
    rec: &tsv::Record<'_>,
    (from, to): (usize, usize),
    errors: &mut Vec<DataError>,
) -> Option<DateRange> {
    DateRange::parse(rec.get(from), rec.get(to))
        .map_err(|e| errors.push(DataError::new(path, rec.line, e)))
        .ok()
}

pub fn is_state_code(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// Organisation codes: fixed upper-case codes ("NATO", "ARAB_LEAGUE") or `ORG:<NAME>`.
pub fn is_org_code(code: &str) -> bool {
    let body = code.strip_prefix("ORG:").unwrap_or(code);
    !body.is_empty()
        && body
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

/// One surface form must not mean two different actors on overlapping dates.
fn check_conflicts(b: &Builder, errors: &mut Vec<DataError>) {
    for (form, senses) in &b.forms {
        for (i, (a, oa)) in senses.iter().enumerate() {
            for (c, oc) in &senses[i + 1..] {
                if a.entity == c.entity || a.adjective != c.adjective {
                    continue;
                }
                let ea = &b.entities[a.entity];
                let ec = &b.entities[c.entity];
                let clash = ea.roles.iter().any(|ra| {
                    ec.roles
                        .iter()
                        .any(|rc| ra.actor != rc.actor && ra.range.overlaps(&rc.range))
                });
                if clash {
                    errors.push(DataError::new(
                        &oc.file,
                        oc.line,
                        format!(
                            "{form:?} means {} here and {} at {}:{} on overlapping dates",
                            ec.name,
                            ea.name,
                            oa.file.display(),
                            oa.line
                        ),
                    ));
                }
            }
        }
    }
}

/// Member states of organisations, with dates (`memberships.tsv`).
#[derive(Debug, Default)]
pub struct Memberships {
    by_org: HashMap<String, Vec<(String, DateRange)>>,
    lines: usize,
}

impl Memberships {
    /// Loads `path`, checking codes against the actor dictionary's known codes.
    pub fn load(
        path: &DataPath,
        actors: &ActorDictionary,
        errors: &mut Vec<DataError>,
    ) -> Memberships {
        let mut m = Memberships::default();
        let Some(text) = tsv::read(path, errors) else {
            return m;
        };
        let known: std::collections::HashSet<&str> = actors
            .entities
            .iter()
            .flat_map(|e| e.roles.iter().map(|r| r.actor.as_str()))
            .collect();
        let cols = ["organisation", "member", "from", "to", "source"];
        let mut origins: HashMap<(String, String), Vec<(DateRange, usize)>> = HashMap::new();
        for rec in tsv::parse(path.shown(), &text, &cols, errors) {
            let err = |r: String| DataError::new(path.shown(), rec.line, r);
            let (org, member) = (rec.get(0), rec.get(1));
            if !is_org_code(org) || !known.contains(org) {
                errors.push(err(format!("unknown organisation code {org:?}")));
                continue;
            }
            if !is_state_code(member) || !known.contains(member) {
                errors.push(err(format!("unknown member state code {member:?}")));
                continue;
            }
            let Some(range) = range_of(path.shown(), &rec, (2, 3), errors) else {
                continue;
            };
            let seen = origins
                .entry((org.to_string(), member.to_string()))
                .or_default();
            if let Some((_, line)) = seen.iter().find(|(r, _)| r.overlaps(&range)) {
                errors.push(err(format!(
                    "{member} is already a member of {org} on these dates (line {line})"
                )));
                continue;
            }
            seen.push((range, rec.line));
            m.by_org
                .entry(org.to_string())
                .or_default()
                .push((member.to_string(), range));
            m.lines += 1;
        }
        m
    }

    /// The members of `org` on `date`, sorted.
    pub fn members(&self, org: &str, date: NaiveDate) -> Vec<&str> {
        let mut out: Vec<&str> = self
            .by_org
            .get(org)
            .map(|v| {
                v.iter()
                    .filter(|(_, r)| r.contains(Some(date)))
                    .map(|(m, _)| m.as_str())
                    .collect()
            })
            .unwrap_or_default();
        out.sort();
        out.dedup();
        out
    }

    /// The organisation whose members on `date` are exactly `members` (sorted),
    /// other than `except`: in the NATO-Russia Council, everyone but Russia is NATO.
    pub fn organisation_of(&self, members: &[&str], date: NaiveDate, except: &str) -> Option<&str> {
        if members.is_empty() {
            return None;
        }
        let mut orgs: Vec<&String> = self
            .by_org
            .keys()
            .filter(|o| o.as_str() != except)
            .collect();
        orgs.sort();
        orgs.into_iter()
            .find(|o| self.members(o, date) == members)
            .map(String::as_str)
    }

    pub fn len(&self) -> usize {
        self.lines
    }

    pub fn is_empty(&self) -> bool {
        self.lines == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sectors_read_their_codes_and_nothing_else() {
        for (sector, code) in Sector::ALL {
            assert_eq!(Sector::from_code(code), Some(sector));
            assert_eq!(sector.as_str(), code);
            assert_eq!(sector.to_string(), code);
        }
        assert_eq!(Sector::from_code("gov"), None);
        assert_eq!(Sector::from_code(""), None);
        assert_eq!(optional_sector(""), Some(None));
        assert_eq!(optional_sector("MIL"), Some(Some(Sector::Mil)));
        assert_eq!(optional_sector("ARMY"), None);
    }
}
