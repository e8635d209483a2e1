//! The word forms the features look at, computed once per sentence.

/// A sentence's words with their normalised forms and shapes.
pub struct Words<'a> {
    pub text: Vec<&'a str>,
    /// Lowercased; numbers collapse to "!num" and years to "!year" so that
    /// unseen numbers share weights.
    pub norm: Vec<String>,
    /// "Xxxx", "xx", "X.X.", "dd": case and character classes, runs cut at 3.
    pub shape: Vec<String>,
}

impl<'a> Words<'a> {
    pub fn new(text: &[&'a str]) -> Self {
        let norm = text.iter().map(|w| normalise(w)).collect();
        let shape = text.iter().map(|w| shape(w)).collect();
        Words {
            text: text.to_vec(),
            norm,
            shape,
        }
    }

    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

fn normalise(w: &str) -> String {
    let digits = w.chars().filter(char::is_ascii_digit).count();
    if digits > 0
        && w.chars()
            .all(|c| c.is_ascii_digit() || ".,-/:%".contains(c))
    {
        return if w.len() == 4 && digits == 4 {
            "!year".into()
        } else {
            "!num".into()
        };
    }
    // Curly apostrophes read as straight ones: "’s" is "'s".
    w.to_lowercase().replace('’', "'")
}

fn shape(w: &str) -> String {
    let mut out = String::new();
    let mut last = '\0';
    let mut run = 0;
    for c in w.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if k == last {
            run += 1;
            if run >= 3 {
                continue;
            }
        } else {
            run = 0;
            last = k;
        }
        out.push(k);
    }
    out
}

/// The last `n` characters of `s` (all of it when shorter).
pub fn suffix(s: &str, n: usize) -> &str {
    let mut idx = s.len();
    for (count, (i, _)) in s.char_indices().rev().enumerate() {
        if count == n {
            break;
        }
        idx = i;
    }
    &s[idx..]
}

/// The first character of `s`.
pub fn prefix1(s: &str) -> &str {
    s.chars().next().map_or("", |c| &s[..c.len_utf8()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        assert_eq!(shape("Ukraine"), "Xxxx");
        assert_eq!(shape("U.S."), "X.X.");
        assert_eq!(normalise("2019"), "!year");
        assert_eq!(normalise("3,500"), "!num");
        assert_eq!(normalise("G20"), "g20");
        assert_eq!(normalise("Russia’s"), "russia's");
        assert_eq!(suffix("struck", 3), "uck");
        assert_eq!(suffix("né", 3), "né");
        assert_eq!(suffix("señor", 3), "ñor");
        assert_eq!(prefix1("Éire"), "É");
    }
}
