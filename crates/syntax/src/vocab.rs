//! The closed vocabularies of the models: Penn Treebank tags and ClearNLP
//! dependency labels, as enums so that the coder's rules name them in types.

macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u8)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn from_name(s: &str) -> Option<$name> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }

            pub fn index(self) -> usize {
                self as usize
            }

            pub fn from_index(i: usize) -> Option<$name> {
                Self::ALL.get(i).copied()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary! {
    /// A Penn Treebank part-of-speech tag (spaCy's English tag set).
    Tag {
        Dollar = "$", CloseQuote = "''", Comma = ",", Lrb = "-LRB-", Rrb = "-RRB-",
        Period = ".", Colon = ":", Add = "ADD", Afx = "AFX", Cc = "CC", Cd = "CD",
        Dt = "DT", Ex = "EX", Fw = "FW", Hyph = "HYPH", In = "IN", Jj = "JJ",
        Jjr = "JJR", Jjs = "JJS", Ls = "LS", Md = "MD", Nfp = "NFP", Nn = "NN",
        Nnp = "NNP", Nnps = "NNPS", Nns = "NNS", Pdt = "PDT", Pos = "POS",
        Prp = "PRP", PrpS = "PRP$", Rb = "RB", Rbr = "RBR", Rbs = "RBS", Rp = "RP",
        Sym = "SYM", To = "TO", Uh = "UH", Vb = "VB", Vbd = "VBD", Vbg = "VBG",
        Vbn = "VBN", Vbp = "VBP", Vbz = "VBZ", Wdt = "WDT", Wp = "WP", WpS = "WP$",
        Wrb = "WRB", Xx = "XX", Sp = "_SP", OpenQuote = "``",
    }
}

impl Tag {
    pub fn is_verb(self) -> bool {
        matches!(
            self,
            Tag::Vb | Tag::Vbd | Tag::Vbg | Tag::Vbn | Tag::Vbp | Tag::Vbz
        )
    }

    pub fn is_noun(self) -> bool {
        matches!(self, Tag::Nn | Tag::Nns | Tag::Nnp | Tag::Nnps)
    }

    pub fn is_proper_noun(self) -> bool {
        matches!(self, Tag::Nnp | Tag::Nnps)
    }

    pub fn is_adjective(self) -> bool {
        matches!(self, Tag::Jj | Tag::Jjr | Tag::Jjs)
    }
}

vocabulary! {
    /// A ClearNLP dependency label (as spaCy's English models use them).
    Dep {
        Root = "ROOT", Acl = "acl", Acomp = "acomp", Advcl = "advcl", Advmod = "advmod",
        Agent = "agent", Amod = "amod", Appos = "appos", Attr = "attr", Aux = "aux",
        Auxpass = "auxpass", Case = "case", Cc = "cc", Ccomp = "ccomp",
        Compound = "compound", Conj = "conj", Csubj = "csubj", Csubjpass = "csubjpass",
        Dative = "dative", Dep = "dep", Det = "det", Dobj = "dobj", Expl = "expl",
        Intj = "intj", Mark = "mark", Meta = "meta", Neg = "neg", Nmod = "nmod",
        Npadvmod = "npadvmod", Nsubj = "nsubj", Nsubjpass = "nsubjpass",
        Nummod = "nummod", Oprd = "oprd", Parataxis = "parataxis", Pcomp = "pcomp",
        Pobj = "pobj", Poss = "poss", Preconj = "preconj", Predet = "predet",
        Prep = "prep", Prt = "prt", Punct = "punct", Quantmod = "quantmod",
        Relcl = "relcl", Xcomp = "xcomp",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for t in Tag::ALL {
            assert_eq!(Tag::from_name(t.as_str()), Some(*t));
            assert_eq!(Tag::from_index(t.index()), Some(*t));
        }
        for d in Dep::ALL {
            assert_eq!(Dep::from_name(d.as_str()), Some(*d));
        }
        assert_eq!(Tag::from_name("VBZ"), Some(Tag::Vbz));
        assert_eq!(Dep::from_name("nsubjpass"), Some(Dep::Nsubjpass));
        assert_eq!(Dep::from_name("nonsense"), None);
    }
}
