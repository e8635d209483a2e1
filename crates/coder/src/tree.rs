//! Reading a sentence's dependency parse for the coder: the subject of a verb
//! (through coordination, control, relative clauses and participles), its
//! objects with their prepositions, the actors a noun phrase names, and
//! whether a verb is negated or conditional.

use demarche_knowledge::{Knowledge, Sector};
use demarche_syntax::{Dep, Parse, Tag};

use crate::grammar::HYPOTHETICAL;
use crate::mentions::Mention;
use crate::sentence::Sentence;

/// Who does what a verb says, as the parse has it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Subject {
    /// The head of the subject noun phrase.
    Active(usize),
    /// "X was attacked by Y": the patient, and the head of the agent when named.
    Passive {
        patient: Option<usize>,
        agent: Option<usize>,
    },
    None,
}

pub(crate) struct Tree<'a> {
    pub(crate) p: &'a Parse,
    pub(crate) s: &'a Sentence<'a>,
}

/// A mention made from a role noun alone ("officials", "the police"): it names
/// a part of a state without naming the state.
fn is_role(m: &Mention) -> bool {
    m.coreferent && m.record.is_none() && m.sector.is_some() && !m.person
}

/// Object-control verbs: their object, not their subject, does the act of the
/// infinitive ("urged Iran to release", "asked the council to act").
fn object_control(word: &str) -> bool {
    matches!(
        word.trim_end_matches("ed")
            .trim_end_matches("ing")
            .trim_end_matches('s'),
        "urg"
            | "urge"
            | "ask"
            | "persuad"
            | "persuade"
            | "forc"
            | "force"
            | "order"
            | "tell"
            | "told"
            | "allow"
            | "encourag"
            | "encourage"
            | "call"
            | "press"
            | "invit"
            | "invite"
            | "request"
            | "pressur"
            | "pressure"
            | "convinc"
            | "convince"
            | "warn"
            | "permit"
            | "direct"
            | "instruct"
    )
}

impl<'a> Tree<'a> {
    pub(crate) fn new(p: &'a Parse, s: &'a Sentence<'a>) -> Self {
        Tree { p, s }
    }

    fn word(&self, i: usize) -> &'a str {
        self.s.words[i]
    }

    fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.p.children(i)
    }

    fn child(&self, i: usize, dep: Dep) -> Option<usize> {
        self.p.child(i, dep)
    }

    /// The mention that holds word `i`.
    pub(crate) fn mention_at(&self, i: usize) -> Option<&'a Mention> {
        self.s.mentions.iter().find(|m| m.first <= i && i <= m.last)
    }

    /// The subject of verb `v`, looking up through the clauses that share it.
    pub(crate) fn subject(&self, mut v: usize) -> Subject {
        for _ in 0..6 {
            if let Some(c) = self.child(v, Dep::Nsubj) {
                // "a resolution which condemned": the relative pronoun stands for the noun.
                if matches!(self.p.tags[c], Tag::Wdt | Tag::Wp) || self.word(c) == "that" {
                    return match (self.p.deps[v], self.p.heads[v]) {
                        (Dep::Relcl, Some(h)) => Subject::Active(h),
                        _ => Subject::None,
                    };
                }
                return Subject::Active(c);
            }
            if let Some(c) = self.child(v, Dep::Nsubjpass) {
                let patient = if matches!(self.p.tags[c], Tag::Wdt | Tag::Wp) {
                    self.p.heads[v].filter(|_| self.p.deps[v] == Dep::Relcl)
                } else {
                    Some(c)
                };
                return Subject::Passive {
                    patient,
                    agent: self.agent(v),
                };
            }
            let Some(h) = self.p.heads[v] else {
                return Subject::None;
            };
            match self.p.deps[v] {
                // "X met Y and signed": the first verb's subject.
                Dep::Conj if self.p.tags[h].is_verb() => v = h,
                // "X agreed to meet": the controller; "urged Iran to release": the object.
                Dep::Xcomp => {
                    if object_control(self.word(h)) {
                        if let Some(o) = self.child(h, Dep::Dobj) {
                            return Subject::Active(o);
                        }
                    }
                    v = h;
                }
                // "..., saying", "after meeting X": a participle without a subject of
                // its own belongs to the clause it hangs from.
                Dep::Advcl if matches!(self.p.tags[v], Tag::Vbg | Tag::Vbn) => v = h,
                // "troops firing on protesters": the noun does it; "a deal brokered
                // by X": the noun undergoes it.
                Dep::Acl | Dep::Relcl => {
                    return if self.p.tags[v] == Tag::Vbn {
                        Subject::Passive {
                            patient: Some(h),
                            agent: self.agent(v),
                        }
                    } else {
                        Subject::Active(h)
                    };
                }
                _ => return Subject::None,
            }
        }
        Subject::None
    }

    /// The agent of a passive verb: the object of its "by".
    fn agent(&self, v: usize) -> Option<usize> {
        let by = self.children(v).find(|&c| {
            self.p.deps[c] == Dep::Agent || (self.p.deps[c] == Dep::Prep && self.word(c) == "by")
        })?;
        self.child(by, Dep::Pobj)
    }

    /// The objects of verb `v`: direct and indirect objects (no preposition),
    /// then prepositional objects with their preposition, in sentence order.
    pub(crate) fn objects(&self, v: usize) -> Vec<(Option<&'a str>, usize)> {
        let mut out = Vec::new();
        for c in self.children(v) {
            match self.p.deps[c] {
                Dep::Dobj | Dep::Dative | Dep::Oprd => out.push((None, c)),
                Dep::Prep => {
                    if let Some(o) = self.child(c, Dep::Pobj) {
                        out.push((Some(self.word(c)), o));
                    }
                }
                // "fired back at": the particle's own object.
                Dep::Prt => {
                    for cc in self.children(c) {
                        if self.p.deps[cc] == Dep::Prep {
                            if let Some(o) = self.child(cc, Dep::Pobj) {
                                out.push((Some(self.word(cc)), o));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// The actors a noun phrase headed by `h` names: the mention holding the head,
    /// else its owner ("Iran's government", "his team"), else a role noun
    /// modifying it ("opposition leaders", "military commanders"); and every
    /// conjunct ("Russia and China").
    pub(crate) fn actors(&self, k: &Knowledge, h: usize) -> Vec<Mention> {
        let mut out: Vec<Mention> = Vec::new();
        self.collect(k, h, &mut out, 0);
        out
    }

    fn collect(&self, k: &Knowledge, h: usize, out: &mut Vec<Mention>, depth: usize) {
        if depth > 8 {
            return;
        }
        let found = self
            .mention_at(h)
            .cloned()
            .or_else(|| self.owner(h))
            .or_else(|| self.compound_owner(k, h))
            .or_else(|| self.role_modifier(k, h));
        // "Assad's forces": a role noun with an owner is the owner's.
        let found =
            found.map(
                |m| match self.child(h, Dep::Poss).and_then(|o| self.mention_at(o)) {
                    Some(owner) if is_role(&m) && !owner.place => Mention {
                        actor: owner.actor.clone(),
                        name: format!("{} {}", owner.name, m.name),
                        ..m
                    },
                    _ => m,
                },
            );
        match found {
            // "officials from the U.S. and Japan": the states, in the role's sector.
            Some(m) if is_role(&m) && self.states_after(k, h, &m, out) => {}
            Some(m) => {
                if !out.iter().any(|x| x.span == m.span) {
                    out.push(m);
                }
            }
            // The conjuncts of a noun that names no actor are more such nouns
            // ("the attacks ... and President X" is a misparse, not a compound actor).
            None => return,
        }
        for c in self.children(h) {
            if self.p.deps[c] == Dep::Conj {
                self.collect(k, c, out, depth + 1);
            }
        }
    }

    /// "his team", "the country's army": the owner named before the head.
    fn owner(&self, h: usize) -> Option<Mention> {
        let o = self.child(h, Dep::Poss)?;
        if let Some(m) = self.mention_at(o).filter(|m| !m.place) {
            return Some(m.clone());
        }
        // A possessive pronoun points back to the last person ("his", "her") or
        // the last state or organisation ("its", "their") named before it.
        let person = match self.word(o) {
            "his" | "her" => true,
            "its" | "their" => false,
            _ => return None,
        };
        let m = self
            .s
            .mentions
            .iter()
            .rev()
            .find(|m| m.last < o && !m.place && m.person == person)?;
        let first = o;
        Some(Mention {
            first,
            last: o,
            span: self.s.tokens[o].span,
            coreferent: true,
            ..m.clone()
        })
    }

    /// "a State Department adviser", "a Pentagon official": a named body before
    /// a noun for a person makes that person one of its people.
    fn compound_owner(&self, k: &Knowledge, h: usize) -> Option<Mention> {
        // Only a noun for people, or a name the dictionary does not know ("a State
        // Department adviser Stephen Kim"): "a Security Council resolution" is no actor.
        let person_noun = k.actors.role_noun_at(&self.s.words[h..=h]).is_some()
            || k.actors.agent_noun_at(&self.s.words[h..=h]).is_some();
        if !self.p.tags[h].is_noun() || !(person_noun || self.p.tags[h].is_proper_noun()) {
            return None;
        }
        // A compound of the head, or of one of its compounds ("State Department
        // adviser Stephen Kim": Department -> adviser -> Kim).
        let compounds_of = |x: usize| {
            self.children(x)
                .filter(move |&c| c < x && self.p.deps[c] == Dep::Compound)
        };
        let c = compounds_of(h)
            .flat_map(|c| std::iter::once(c).chain(compounds_of(c)))
            .find_map(|c| self.mention_at(c))?;
        // Only bodies and states with a sector: "a Moscow airport" stays a place.
        c.sector.as_ref()?;
        Some(Mention {
            first: c.first,
            last: h,
            span: demarche_text::Span::new(c.span.start, self.s.tokens[h].span.end),
            name: self.s.words[c.first..=h].join(" "),
            person: true,
            place: false,
            coreferent: true,
            record: None,
            ..c.clone()
        })
    }

    /// For a role noun followed by "from" or "of" states ("officials from the
    /// U.S., Japan and ten other nations"), adds each state in the role's sector
    /// and says whether there were any.
    fn states_after(
        &self,
        k: &Knowledge,
        h: usize,
        role: &Mention,
        out: &mut Vec<Mention>,
    ) -> bool {
        let Some(prep) = self
            .children(h)
            .find(|&c| self.p.deps[c] == Dep::Prep && matches!(self.word(c), "from" | "of"))
        else {
            return false;
        };
        let Some(o) = self.child(prep, Dep::Pobj) else {
            return false;
        };
        let mut states = Vec::new();
        self.collect(k, o, &mut states, 1);
        let states: Vec<Mention> = states
            .into_iter()
            .filter(|m| !m.person && !m.organisation)
            .map(|m| Mention {
                sector: role.sector,
                place: false,
                ..m
            })
            .collect();
        if states.is_empty() {
            return false;
        }
        for m in states {
            if !out.iter().any(|x| x.span == m.span) {
                out.push(m);
            }
        }
        true
    }

    /// "Ukrainian power plants", "a Syrian airbase": the state a thing belongs
    /// to, named by an adjective (for the targets of force, which land on things).
    pub(crate) fn adjective_owner(&self, k: &Knowledge, h: usize) -> Option<Mention> {
        if !self.p.tags[h].is_noun() {
            return None;
        }
        self.children(h)
            .filter(|&c| c < h && matches!(self.p.deps[c], Dep::Amod | Dep::Compound))
            .find_map(|c| {
                let span = self.s.tokens[c].span;
                let m = k
                    .actors
                    .find(self.s.text(), span.start, span.end, self.s.date)
                    .into_iter()
                    .find(|m| m.adjective && m.start == span.start && m.end == span.end)?;
                if k.actors.entity(m.entity).kind != demarche_knowledge::EntityKind::State {
                    return None;
                }
                let r = k.actors.resolve(m.entity, self.s.date)?;
                Some(Mention {
                    first: c,
                    last: h,
                    span: demarche_text::Span::new(span.start, self.s.tokens[h].span.end),
                    actor: r.actor.to_string(),
                    sector: None,
                    name: r.actor.to_string(),
                    person: false,
                    organisation: false,
                    coreferent: true,
                    record: None,
                    place: false,
                    target_only: true,
                })
            })
    }

    /// "three opposition leaders", "military commanders": a role noun before a
    /// head noun for people names that part of the state the sentence is set in.
    fn role_modifier(&self, k: &Knowledge, h: usize) -> Option<Mention> {
        if !self.p.tags[h].is_noun() || self.p.tags[h].is_proper_noun() {
            return None;
        }
        let first = self
            .children(h)
            .filter(|&c| c < h && matches!(self.p.deps[c], Dep::Compound | Dep::Amod))
            .min()?;
        let words = &self.s.words[first..=h];
        let (role, n) = k.actors.role_noun_at(words)?;
        // The role noun must end right before the head: "opposition leaders".
        if first + n != h {
            return None;
        }
        let actor = self.s.state_near(first)?;
        Some(Mention {
            first,
            last: h,
            span: demarche_text::Span::new(
                self.s.tokens[first].span.start,
                self.s.tokens[h].span.end,
            ),
            name: self.s.words[first..=h].join(" "),
            actor,
            sector: Some(role.sector),
            person: false,
            organisation: false,
            coreferent: true,
            record: None,
            place: false,
            target_only: role.sector == Sector::Cvl,
        })
    }

    /// Whether `v` or the verbs it leans on carry a negation ("did not attack",
    /// "never met").
    pub(crate) fn negated(&self, v: usize) -> bool {
        self.children(v).any(|c| self.p.deps[c] == Dep::Neg)
    }

    /// Whether `v` sits in a condition ("if X attacks", "whether to meet").
    pub(crate) fn conditional(&self, mut v: usize) -> bool {
        for _ in 0..6 {
            if self
                .children(v)
                .any(|c| self.p.deps[c] == Dep::Mark && HYPOTHETICAL.contains(&self.word(c)))
            {
                return true;
            }
            match (self.p.deps[v], self.p.heads[v]) {
                (Dep::Conj | Dep::Xcomp, Some(h)) => v = h,
                _ => return false,
            }
        }
        false
    }

    /// The verb that `v`'s clause is the complement of, with the path label:
    /// "urged X to release" gives (urged, xcomp) for "release".
    pub(crate) fn governor(&self, v: usize) -> Option<usize> {
        let mut at = v;
        for _ in 0..4 {
            let h = self.p.heads[at]?;
            match self.p.deps[at] {
                Dep::Xcomp | Dep::Ccomp | Dep::Pcomp | Dep::Pobj | Dep::Prep => {
                    if self.p.tags[h].is_verb() {
                        return Some(h);
                    }
                    at = h;
                }
                _ => return None,
            }
        }
        None
    }
}
