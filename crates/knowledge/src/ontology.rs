//! The CAMEO event ontology: every code with its name, Goldstein weight,
//! QuadClass and PLOVER event type, loaded from `data/cameo/cameo.tsv`.

use std::collections::BTreeMap;
use std::path::Path;

use crate::files::DataPath;

use crate::tsv::{self, DataError};

/// PLOVER event types, plus `STATEMENT` for CAMEO 01 codes PLOVER leaves out.
pub const PLOVER_TYPES: &[&str] = &[
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
    "STATEMENT",
];

/// A CAMEO event code ("04", "042", "0421"): two to four digits, kept inline,
/// so that a code is `Copy`, compares as a value and costs no allocation as
/// it passes between the coder's stages. It reads as the `&str` it spells.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Code {
    len: u8,
    digits: [u8; 4],
}

impl Code {
    /// The code `s` spells, if it is two to four ASCII digits. (Whether the
    /// ontology lists it is the ontology's question: [`Ontology::get`].)
    pub fn new(s: &str) -> Option<Code> {
        let b = s.as_bytes();
        if !(2..=4).contains(&b.len()) || !b.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let mut digits = [0; 4];
        digits[..b.len()].copy_from_slice(b);
        Some(Code {
            len: b.len() as u8,
            digits,
        })
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII digits are ever stored (`new`).
        std::str::from_utf8(&self.digits[..self.len as usize]).unwrap_or("")
    }

    /// The root: the first two digits.
    pub fn root(&self) -> &str {
        &self.as_str()[..2]
    }
}

impl std::ops::Deref for Code {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

impl std::fmt::Debug for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Code({})", self.as_str())
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl From<Code> for String {
    fn from(c: Code) -> String {
        c.as_str().to_string()
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct CameoCode {
    pub code: String,
    pub name: String,
    pub goldstein: f32,
    pub quad_class: u8,
    pub plover: String,
    pub plover_mode: Option<String>,
}

impl CameoCode {
    /// The root: the first two digits.
    pub fn root(&self) -> &str {
        &self.code[..2]
    }
}

#[derive(Debug, Clone, Default)]
pub struct Ontology {
    codes: BTreeMap<String, CameoCode>,
    /// For each class, the codes and roots it covers (`data/cameo/classes.tsv`).
    classes: crate::FastMap<CodeClass, Vec<String>>,
}

/// Classes of CAMEO codes that coding rules treat alike (`data/cameo/classes.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CodeClass {
    Embedding,
    Symmetric,
    Material,
    Verbal,
    Reaction,
    Protest,
    Meeting,
    Claim,
    Rejection,
    Background,
    PlaceTarget,
    Force,
    MassKilling,
    PhoneCall,
    Label,
    Blame,
    Warning,
    GenericIntent,
    Agreement,
    Release,
    VerbalAttack,
    AerialForce,
}

impl CodeClass {
    pub const ALL: &'static [(CodeClass, &'static str)] = &[
        (CodeClass::Embedding, "embedding"),
        (CodeClass::Symmetric, "symmetric"),
        (CodeClass::Material, "material"),
        (CodeClass::Verbal, "verbal"),
        (CodeClass::Reaction, "reaction"),
        (CodeClass::Protest, "protest"),
        (CodeClass::Meeting, "meeting"),
        (CodeClass::Claim, "claim"),
        (CodeClass::Rejection, "rejection"),
        (CodeClass::Background, "background"),
        (CodeClass::PlaceTarget, "place_target"),
        (CodeClass::Force, "force"),
        (CodeClass::MassKilling, "mass_killing"),
        (CodeClass::PhoneCall, "phone_call"),
        (CodeClass::Label, "label"),
        (CodeClass::Blame, "blame"),
        (CodeClass::Warning, "warning"),
        (CodeClass::GenericIntent, "generic_intent"),
        (CodeClass::Agreement, "agreement"),
        (CodeClass::Release, "release"),
        (CodeClass::VerbalAttack, "verbal_attack"),
        (CodeClass::AerialForce, "aerial_force"),
    ];

    pub fn from_name(s: &str) -> Option<CodeClass> {
        Self::ALL.iter().find(|(_, n)| *n == s).map(|(c, _)| *c)
    }

    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(c, _)| *c == self)
            .map_or("", |(_, n)| n)
    }

    /// Classes that name one code: the code a rule gives, not a set it tests.
    fn is_single(self) -> bool {
        matches!(
            self,
            CodeClass::MassKilling
                | CodeClass::PhoneCall
                | CodeClass::Label
                | CodeClass::Blame
                | CodeClass::Warning
                | CodeClass::GenericIntent
                | CodeClass::Agreement
                | CodeClass::VerbalAttack
                | CodeClass::AerialForce
        )
    }
}

const COLUMNS: &[&str] = &[
    "code",
    "quad_class",
    "goldstein",
    "plover",
    "plover_mode",
    "name",
];

impl Ontology {
    pub fn load(path: &DataPath, errors: &mut Vec<DataError>) -> Ontology {
        let Some(text) = tsv::read(path, errors) else {
            return Ontology::default();
        };
        Self::parse(path.shown(), &text, errors)
    }

    pub fn parse(path: &Path, text: &str, errors: &mut Vec<DataError>) -> Ontology {
        let mut codes = BTreeMap::new();
        for rec in tsv::parse(path, text, COLUMNS, errors) {
            let err = |reason: String| DataError::new(path, rec.line, reason);
            let code = rec.get(0);
            if !(2..=4).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_digit()) {
                errors.push(err(format!("CAMEO code {code:?} is not 2 to 4 digits")));
                continue;
            }
            let root: u8 = code[..2].parse().unwrap_or(0);
            if !(1..=20).contains(&root) {
                errors.push(err(format!("CAMEO root {root} is outside 01-20")));
                continue;
            }
            let quad_class: u8 = match rec.get(1).parse() {
                Ok(q) if q == quad_of_root(root) => q,
                _ => {
                    errors.push(err(format!(
                        "QuadClass {:?} should be {} for root {root:02}",
                        rec.get(1),
                        quad_of_root(root)
                    )));
                    continue;
                }
            };
            let goldstein: f32 = match rec.get(2).parse() {
                Ok(g) if (-10.0..=10.0).contains(&g) => g,
                _ => {
                    errors.push(err(format!(
                        "Goldstein weight {:?} is not in -10..10",
                        rec.get(2)
                    )));
                    continue;
                }
            };
            let plover = rec.get(3);
            if !PLOVER_TYPES.contains(&plover) {
                errors.push(err(format!("unknown PLOVER type {plover:?}")));
                continue;
            }
            let name = rec.get(5);
            if name.is_empty() {
                errors.push(err("code has no name".into()));
                continue;
            }
            let entry = CameoCode {
                code: code.to_string(),
                name: name.to_string(),
                goldstein,
                quad_class,
                plover: plover.to_string(),
                plover_mode: Some(rec.get(4))
                    .filter(|m| !m.is_empty())
                    .map(str::to_string),
            };
            if codes.insert(code.to_string(), entry).is_some() {
                errors.push(err(format!("code {code} is listed twice")));
            }
        }
        let ontology = Ontology {
            codes,
            classes: Default::default(),
        };
        for code in ontology.codes.keys() {
            let parent = &code[..code.len() - 1];
            if code.len() > 2
                && !ontology.codes.contains_key(parent)
                && !ontology.codes.contains_key(&code[..2])
            {
                errors.push(DataError::new(
                    path,
                    0,
                    format!("code {code} has no root {}", &code[..2]),
                ));
            }
        }
        ontology
    }

    /// Reads the code classes (`data/cameo/classes.tsv`); every class must be
    /// listed, every code must exist, and a class that names one code names one.
    pub fn load_classes(&mut self, path: &DataPath, errors: &mut Vec<DataError>) {
        let Some(text) = tsv::read(path, errors) else {
            return;
        };
        for rec in tsv::parse(path.shown(), &text, &["class", "code", "note"], errors) {
            let err = |reason: String| DataError::new(path.shown(), rec.line, reason);
            let Some(class) = CodeClass::from_name(rec.get(0)) else {
                let names: Vec<&str> = CodeClass::ALL.iter().map(|(_, n)| *n).collect();
                errors.push(err(format!(
                    "unknown class {:?} (one of {names:?})",
                    rec.get(0)
                )));
                continue;
            };
            let code = rec.get(1);
            if !self.codes.contains_key(code) {
                errors.push(err(format!("{code:?} is not a CAMEO code")));
                continue;
            }
            let codes = self.classes.entry(class).or_default();
            if class.is_single() && !codes.is_empty() {
                errors.push(err(format!("class {} names one code", class.name())));
                continue;
            }
            codes.push(code.to_string());
        }
        for (class, name) in CodeClass::ALL {
            if !self.classes.contains_key(class) {
                errors.push(DataError::new(
                    path.shown(),
                    0,
                    format!("class {name} is not listed"),
                ));
            }
        }
    }

    /// Whether `code` falls in `class` (the class lists it or a code above it).
    pub fn is(&self, class: CodeClass, code: &str) -> bool {
        self.classes
            .get(&class)
            .is_some_and(|c| c.iter().any(|p| code.starts_with(p.as_str())))
    }

    /// The one code of a single-code class ("label" is 111).
    pub fn code_of(&self, class: CodeClass) -> &str {
        self.classes
            .get(&class)
            .and_then(|c| c.first())
            .map_or("", String::as_str)
    }

    /// The one code of a single-code class, as a [`Code`] (the classes file
    /// is checked against the ontology at load).
    pub fn class_code(&self, class: CodeClass) -> Option<Code> {
        Code::new(self.code_of(class))
    }

    pub fn get(&self, code: &str) -> Option<&CameoCode> {
        self.codes.get(code)
    }

    pub fn len(&self) -> usize {
        self.codes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    pub fn codes(&self) -> impl Iterator<Item = &CameoCode> {
        self.codes.values()
    }
}

/// QuadClass as GDELT assigns it by root: 01-05 verbal cooperation, 06-09
/// material cooperation, 10-14 verbal conflict, 15-20 material conflict.
pub fn quad_of_root(root: u8) -> u8 {
    match root {
        1..=5 => 1,
        6..=9 => 2,
        10..=14 => 3,
        _ => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::Code;

    #[test]
    fn codes_are_two_to_four_digits_and_read_as_text() {
        let c = Code::new("0421").unwrap();
        assert_eq!((c.as_str(), c.root()), ("0421", "04"));
        assert_eq!(&*Code::new("19").unwrap(), "19");
        // Padded as text is: GDELT writes root codes to three places.
        assert_eq!(format!("{:0<3}", Code::new("19").unwrap()), "190");
        assert_eq!(Code::new("042").unwrap(), "042");
        for bad in ["", "1", "12345", "04a", "٠٤٢"] {
            assert!(Code::new(bad).is_none(), "{bad:?}");
        }
        assert_eq!(String::from(c), "0421");
    }
}
