//! What codes mean: the actor codes and CAMEO codes of the knowledge, with their
//! names, as the caller (the CLI, from `data/`) hands them to the server. Filters
//! are checked against it, search by name goes through it, and pages show names
//! beside codes.

use std::collections::BTreeMap;

use demarche_store::{ActorInfo, ActorKind};
use serde::Serialize;

/// One CAMEO code and what it stands for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CameoEntry {
    pub code: String,
    pub name: String,
    pub goldstein: f32,
    pub quad_class: u8,
    pub plover: String,
}

/// A country's outline for the world map: ISO 3166-1 alpha-3 code, name and an
/// SVG path in the map's own coordinates (see `map.rs`).
#[derive(Debug, Clone, PartialEq)]
pub struct CountryShape {
    pub code: String,
    pub name: String,
    pub path: String,
}

/// Actor and CAMEO codes with their names; empty when the caller gave none (then
/// nothing is checked).
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    actors: BTreeMap<String, ActorInfo>,
    cameo: BTreeMap<String, CameoEntry>,
    pub shapes: Vec<CountryShape>,
}

/// How a filter value turned out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// The code itself, known.
    Code(String),
    /// A name that stands for exactly one code.
    Named { code: String, name: String },
}

impl Lookup {
    pub fn code(&self) -> &str {
        match self {
            Lookup::Code(c) | Lookup::Named { code: c, .. } => c,
        }
    }
}

impl Vocabulary {
    pub fn new(
        actors: impl IntoIterator<Item = ActorInfo>,
        cameo: impl IntoIterator<Item = CameoEntry>,
        shapes: Vec<CountryShape>,
    ) -> Vocabulary {
        Vocabulary {
            actors: actors.into_iter().map(|a| (a.code.clone(), a)).collect(),
            cameo: cameo.into_iter().map(|c| (c.code.clone(), c)).collect(),
            shapes,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.actors.is_empty() && self.cameo.is_empty()
    }

    pub fn actor(&self, code: &str) -> Option<&ActorInfo> {
        self.actors.get(code)
    }

    pub fn actors(&self) -> impl Iterator<Item = &ActorInfo> {
        self.actors.values()
    }

    pub fn cameo(&self, code: &str) -> Option<&CameoEntry> {
        self.cameo.get(code)
    }

    pub fn cameo_codes(&self) -> impl Iterator<Item = &CameoEntry> {
        self.cameo.values()
    }

    /// The CAMEO code's name, or "" when it has none.
    pub fn cameo_name(&self, code: &str) -> &str {
        self.cameo.get(code).map_or("", |c| c.name.as_str())
    }

    /// Checks a CAMEO filter (a code or the first digits of codes: `19`, `1`).
    pub fn check_code(&self, code: &str) -> Result<(), String> {
        if self.cameo.is_empty() {
            return Ok(());
        }
        if !(1..=4).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!(
                "CAMEO code {code:?} is not 1 to 4 digits (a root such as 19, or a code such as 190)"
            ));
        }
        if self.cameo.keys().any(|c| c.starts_with(code)) {
            return Ok(());
        }
        let roots: Vec<String> = self
            .cameo
            .values()
            .filter(|c| c.code.len() == 2)
            .map(|c| format!("{} {}", c.code, c.name))
            .collect();
        Err(format!(
            "no CAMEO code {code} in the ontology; the roots are {}",
            roots.join(", ")
        ))
    }

    /// Actors whose code or name matches `query` (any case): the code itself
    /// first, then codes and names that start with it, then names that contain it.
    pub fn search(&self, query: &str, limit: usize) -> Vec<&ActorInfo> {
        let q = query.trim().to_lowercase();
        if q.is_empty() {
            return Vec::new();
        }
        let mut scored: Vec<(u8, &ActorInfo)> = self
            .actors
            .values()
            .filter_map(|a| {
                let (code, name) = (a.code.to_lowercase(), a.name.to_lowercase());
                let rank = if code == q || name == q {
                    0
                } else if code.starts_with(&q) || name.starts_with(&q) {
                    1
                } else if name.contains(&q) || code.contains(&q) {
                    2
                } else {
                    return None;
                };
                // States before organisations at the same rank: they are asked for most.
                let kind = u8::from(a.kind != ActorKind::State);
                Some((rank * 2 + kind, a))
            })
            .collect();
        scored.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.code.cmp(&b.1.code)));
        scored.into_iter().take(limit).map(|(_, a)| a).collect()
    }

    /// Resolves an actor filter: a known code, or a name that means one actor.
    /// `in_store` says whether the store knows a code the knowledge does not.
    pub fn resolve_actor(
        &self,
        value: &str,
        in_store: impl Fn(&str) -> bool,
    ) -> Result<Lookup, String> {
        let value = value.trim();
        let code = value.to_ascii_uppercase();
        if self.actors.is_empty() || self.actors.contains_key(&code) || in_store(&code) {
            return Ok(Lookup::Code(code));
        }
        let exact: Vec<&ActorInfo> = self
            .actors
            .values()
            .filter(|a| a.name.eq_ignore_ascii_case(value))
            .collect();
        if let [one] = exact.as_slice() {
            return Ok(Lookup::Named {
                code: one.code.clone(),
                name: one.name.clone(),
            });
        }
        let near = self.search(value, 6);
        if near.len() == 1 {
            return Ok(Lookup::Named {
                code: near[0].code.clone(),
                name: near[0].name.clone(),
            });
        }
        let hint = if near.is_empty() {
            "no actor code or name is like it".to_string()
        } else {
            format!(
                "did you mean {}?",
                near.iter()
                    .map(|a| format!("{} ({})", a.code, a.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        Err(format!(
            "no actor {value:?} in the knowledge or the store; {hint}"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary() -> Vocabulary {
        let actor = |code: &str, name: &str, kind| ActorInfo {
            code: code.into(),
            name: name.into(),
            kind,
            country: None,
        };
        let cameo = |code: &str, name: &str| CameoEntry {
            code: code.into(),
            name: name.into(),
            goldstein: 0.0,
            quad_class: 1,
            plover: "X".into(),
        };
        Vocabulary::new(
            [
                actor("USA", "United States", ActorKind::State),
                actor("GBR", "United Kingdom", ActorKind::State),
                actor("ARE", "United Arab Emirates", ActorKind::State),
                actor("UN", "United Nations", ActorKind::Organisation),
                actor("RUS", "Russia", ActorKind::State),
            ],
            [
                cameo("19", "Fight"),
                cameo("190", "Use conventional military force"),
            ],
            Vec::new(),
        )
    }

    #[test]
    fn codes_are_checked_against_the_ontology() {
        let v = vocabulary();
        assert!(v.check_code("19").is_ok());
        assert!(v.check_code("1").is_ok());
        assert!(v.check_code("190").is_ok());
        let e = v.check_code("99").unwrap_err();
        assert!(
            e.contains("no CAMEO code 99") && e.contains("19 Fight"),
            "{e}"
        );
        assert!(v.check_code("1a").unwrap_err().contains("1 to 4 digits"));
    }

    #[test]
    fn actors_resolve_by_code_or_name_and_unknown_ones_are_refused_with_hints() {
        let v = vocabulary();
        assert_eq!(
            v.resolve_actor("usa", |_| false),
            Ok(Lookup::Code("USA".into()))
        );
        assert_eq!(
            v.resolve_actor("United States", |_| false),
            Ok(Lookup::Named {
                code: "USA".into(),
                name: "United States".into()
            })
        );
        assert_eq!(v.resolve_actor("russ", |_| false).unwrap().code(), "RUS");
        let e = v.resolve_actor("United", |_| false).unwrap_err();
        assert!(
            e.contains("did you mean") && e.contains("USA (United States)"),
            "{e}"
        );
        let e = v.resolve_actor("ZZZ", |_| false).unwrap_err();
        assert!(e.contains("no actor \"ZZZ\""), "{e}");
        // A code only the store knows (coded with other data) is a code.
        assert_eq!(
            v.resolve_actor("ZZZ", |c| c == "ZZZ").unwrap().code(),
            "ZZZ"
        );
        // States first at the same rank.
        let found: Vec<&str> = v
            .search("united", 10)
            .iter()
            .map(|a| a.code.as_str())
            .collect();
        assert_eq!(found, ["ARE", "GBR", "USA", "UN"]);
    }
}
