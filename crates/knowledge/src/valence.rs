//! Word valences (`data/lexicon/valence.tsv`): how negative or positive a word
//! is, for telling a pejorative label ("a 'killer'") from any quoted word.

use crate::files::DataPath;
use crate::tsv::{self, DataError};
use crate::FastMap;

/// `valence.tsv` (`word valence source`): how negative (-4) or positive (4) a
/// word is, for telling a pejorative label ("a 'killer'") from any quoted word.
pub fn load(path: &DataPath, errors: &mut Vec<DataError>) -> FastMap<String, f32> {
    let mut out = FastMap::default();
    let Some(text) = tsv::read(path, errors) else {
        return out;
    };
    for rec in tsv::parse(path.shown(), &text, &["word", "valence", "source"], errors) {
        let word = rec.get(0);
        if word.is_empty() || word != word.to_lowercase() || word.contains(' ') {
            errors.push(DataError::new(
                path.shown(),
                rec.line,
                format!("{word:?} should be one lowercase word"),
            ));
            continue;
        }
        let value = match rec.get(1).parse::<f32>() {
            Ok(v) if (-4.0..=4.0).contains(&v) => v,
            _ => {
                errors.push(DataError::new(
                    path.shown(),
                    rec.line,
                    format!("valence {:?} should be a number from -4 to 4", rec.get(1)),
                ));
                continue;
            }
        };
        if rec.get(2).is_empty() {
            errors.push(DataError::new(path.shown(), rec.line, "a source is needed"));
            continue;
        }
        if out.contains_key(word) {
            errors.push(DataError::new(
                path.shown(),
                rec.line,
                format!("{word:?} is listed twice"),
            ));
            continue;
        }
        out.insert(word.to_string(), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::path::Path;

    #[test]
    fn valences_are_checked_with_their_line() {
        let dir = std::env::temp_dir().join(format!("demarche-valence-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("valence.tsv"),
            "# comment\nword\tvalence\tsource\nkiller\t-3.3\tx\nKind\t1\tx\nbad\t-9\tx\n\
             good\tgreat\tx\nkiller\t-1\tx\nnice\t1.8\t\n",
        )
        .unwrap();
        let mut errors = Vec::new();
        let v = load(&DataPath::dir(&dir).join("valence.tsv"), &mut errors);
        std::fs::remove_dir_all(&dir).ok();
        assert_eq!(v.len(), 1);
        assert_eq!(v.get("killer"), Some(&-3.3));
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [4, 5, 6, 7, 8], "{errors:?}");
        assert!(errors.iter().all(|e| e.file.ends_with("valence.tsv")));
    }

    /// Every addition of tools/valence-additions.tsv is in the shipped file with
    /// its value and the source "demarche" (tools/vader.py was run after an edit).
    #[test]
    fn the_shipped_valences_hold_the_additions() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let additions = std::fs::read_to_string(repo.join("tools/valence-additions.tsv")).unwrap();
        let shipped = std::fs::read_to_string(repo.join("data/lexicon/valence.tsv")).unwrap();
        let rows: HashSet<(&str, String, &str)> = shipped
            .lines()
            .filter_map(|l| {
                let mut c = l.split('\t');
                let (w, v, s) = (c.next()?, c.next()?.parse::<f32>().ok()?, c.next()?);
                Some((w, v.to_string(), s))
            })
            .collect();
        let mut n = 0;
        for line in additions
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("word\t"))
        {
            let (word, value) = line.split_once('\t').unwrap();
            let value = value.parse::<f32>().unwrap().to_string();
            assert!(
                rows.contains(&(word, value, "demarche")),
                "{word} of tools/valence-additions.tsv is not in data/lexicon/valence.tsv: run tools/vader.py"
            );
            n += 1;
        }
        assert!(n > 50);
    }
}
