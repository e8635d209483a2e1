//! Reading CoNLL-U (the silver syntax the models learn from).

use std::io::BufRead;

use crate::vocab::{Dep, Tag};

/// One annotated sentence.
#[derive(Debug, Clone)]
pub struct Annotated {
    pub words: Vec<String>,
    pub lemmas: Vec<String>,
    pub tags: Vec<Tag>,
    pub heads: Vec<Option<usize>>,
    pub deps: Vec<Dep>,
}

/// A line that does not read as CoNLL-U.
#[derive(Debug, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct ConlluError {
    pub line: usize,
    pub reason: String,
}

/// Reads every sentence; a malformed sentence is an error with its line.
pub fn read(input: impl BufRead) -> Result<Vec<Annotated>, ConlluError> {
    let mut out = Vec::new();
    let mut cur = Annotated {
        words: Vec::new(),
        lemmas: Vec::new(),
        tags: Vec::new(),
        heads: Vec::new(),
        deps: Vec::new(),
    };
    for (n, line) in input.lines().enumerate() {
        let line_no = n + 1;
        let line = line.map_err(|e| ConlluError {
            line: line_no,
            reason: e.to_string(),
        })?;
        let err = |reason: String| ConlluError {
            line: line_no,
            reason,
        };
        if line.starts_with('#') {
            continue;
        }
        if line.trim().is_empty() {
            if !cur.words.is_empty() {
                if cur
                    .heads
                    .iter()
                    .any(|h| h.is_some_and(|h| h >= cur.words.len()))
                {
                    return Err(err("a head points outside its sentence".into()));
                }
                out.push(std::mem::replace(
                    &mut cur,
                    Annotated {
                        words: Vec::new(),
                        lemmas: Vec::new(),
                        tags: Vec::new(),
                        heads: Vec::new(),
                        deps: Vec::new(),
                    },
                ));
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(err(format!("{} columns, expected 10", cols.len())));
        }
        let id: usize = cols[0]
            .parse()
            .map_err(|_| err(format!("bad id {:?}", cols[0])))?;
        if id != cur.words.len() + 1 {
            return Err(err(format!("id {id} out of order")));
        }
        let tag =
            Tag::from_name(cols[4]).ok_or_else(|| err(format!("unknown tag {:?}", cols[4])))?;
        let head: usize = cols[6]
            .parse()
            .map_err(|_| err(format!("bad head {:?}", cols[6])))?;
        let dep =
            Dep::from_name(cols[7]).ok_or_else(|| err(format!("unknown label {:?}", cols[7])))?;
        cur.words.push(cols[1].to_string());
        cur.lemmas.push(cols[2].to_string());
        cur.tags.push(tag);
        cur.heads.push(head.checked_sub(1));
        cur.deps.push(dep);
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_refuses() {
        let ok = "# doc = x\n1\tPolice\tpolice\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n2\tcame\tcome\tVERB\tVBD\t_\t0\tROOT\t_\t_\n\n";
        let s = read(ok.as_bytes()).unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].heads, vec![Some(1), None]);
        assert_eq!(s[0].tags, vec![Tag::Nns, Tag::Vbd]);
        let bad = "1\tPolice\tpolice\tNOUN\tNNZ\t_\t2\tnsubj\t_\t_\n";
        let e = read(bad.as_bytes()).unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.reason.contains("NNZ"));
    }
}
