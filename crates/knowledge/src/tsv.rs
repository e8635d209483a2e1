//! Tab-separated data files: a header line, `#` comments, `-` for an empty cell.
//! Every problem is reported with the file and the line.

use std::path::{Path, PathBuf};

use crate::files::DataPath;

/// A problem in a data file, with the file and the 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}:{line}: {reason}", file.display())]
pub struct DataError {
    pub file: PathBuf,
    pub line: usize,
    pub reason: String,
}

impl DataError {
    pub fn new(file: &Path, line: usize, reason: impl Into<String>) -> Self {
        DataError {
            file: file.to_path_buf(),
            line,
            reason: reason.into(),
        }
    }
}

/// One data line: its 1-based line number and its cells (`-` already turned into "").
#[derive(Debug, Clone)]
pub struct Record<'a> {
    pub line: usize,
    pub cells: Vec<&'a str>,
}

impl<'a> Record<'a> {
    pub fn get(&self, i: usize) -> &'a str {
        self.cells.get(i).copied().unwrap_or("")
    }
    /// A `;`-separated list cell, trimmed, without empty items.
    pub fn list(&self, i: usize) -> impl Iterator<Item = &'a str> {
        self.get(i)
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }
}

/// Parses the TSV `text` of `file`, checking the header against `columns`.
/// Lines with the wrong number of cells are reported and skipped.
pub fn parse<'a>(
    file: &Path,
    text: &'a str,
    columns: &[&str],
    errors: &mut Vec<DataError>,
) -> Vec<Record<'a>> {
    let mut out = Vec::new();
    let mut header_seen = false;
    for (n, raw) in text.lines().enumerate() {
        let line = n + 1;
        let raw = raw.trim_end_matches('\r');
        if raw.trim().is_empty() || raw.starts_with('#') {
            continue;
        }
        let cells: Vec<&str> = raw.split('\t').map(str::trim).collect();
        if !header_seen {
            header_seen = true;
            if cells != columns {
                errors.push(DataError::new(
                    file,
                    line,
                    format!("header should be {:?}, found {:?}", columns.join("\t"), raw),
                ));
                return out;
            }
            continue;
        }
        if cells.len() != columns.len() {
            errors.push(DataError::new(
                file,
                line,
                format!(
                    "expected {} tab-separated cells, found {}",
                    columns.len(),
                    cells.len()
                ),
            ));
            continue;
        }
        let cells = cells
            .into_iter()
            .map(|c| if c == "-" { "" } else { c })
            .collect();
        out.push(Record { line, cells });
    }
    if !header_seen {
        errors.push(DataError::new(file, 1, "file has no header line"));
    }
    out
}

/// Reads a data file; an unreadable file is one error at line 0.
pub fn read(path: &DataPath, errors: &mut Vec<DataError>) -> Option<String> {
    match path.read_to_string() {
        Ok(t) => Some(t),
        Err(e) => {
            errors.push(DataError::new(path.shown(), 0, format!("cannot read: {e}")));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_cells_and_positions_are_checked() {
        let mut errors = Vec::new();
        let text = "# comment\na\tb\n1\t-\n\n1\t2\t3\nx\ty\n";
        let recs = parse(Path::new("f.tsv"), text, &["a", "b"], &mut errors);
        assert_eq!(recs.len(), 2);
        assert_eq!((recs[0].line, recs[0].get(1)), (3, ""));
        assert_eq!(errors.len(), 1);
        assert_eq!(
            errors[0].to_string(),
            "f.tsv:5: expected 2 tab-separated cells, found 3"
        );
        let mut errors = Vec::new();
        parse(Path::new("g.tsv"), "x\ty\n", &["a", "b"], &mut errors);
        assert!(errors[0]
            .to_string()
            .starts_with("g.tsv:1: header should be"));
    }
}
