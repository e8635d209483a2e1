//! Reading inputs, for `ingest` and `publish` alike: files and directories
//! (walked once, links and loops included), every format the readers know, a
//! progress bar, and every bad input reported with its position and counted,
//! never fatal.

use std::cell::Cell;
use std::collections::{BTreeMap, HashSet};
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::Instant;

use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};

use demarche_ingest::{
    kind_by_name, open_reader, read_input, IngestError, InputKind, Position, WebDocument,
};

/// Every input file, once: named files as they are, directories walked in name
/// order. Files in directories are kept only when their name says what they hold.
/// A file or directory reached a second time (by a symbolic link, or a link
/// back up the tree) is counted in `repeated` and not read again, so a link
/// loop ends the walk instead of repeating it.
fn collect_files(inputs: &[PathBuf], walk: &mut Walk) -> Vec<(PathBuf, Option<InputKind>)> {
    let mut out = Vec::new();
    for input in inputs {
        if input.is_dir() {
            walk.dir(input, &mut out);
        } else if walk.first_visit(input) {
            out.push((input.clone(), None));
        }
    }
    out
}

/// What a directory walk saw besides the files it kept.
#[derive(Default)]
struct Walk {
    /// Every file and directory visited, by its canonical path.
    seen: HashSet<PathBuf>,
    /// Files without a document type.
    ignored: usize,
    /// Files and directories reached again by another path.
    repeated: usize,
    /// Directories that could not be listed: (path, reason).
    unreadable: Vec<(PathBuf, String)>,
}

impl Walk {
    /// Whether `path` is seen for the first time (a path that cannot be resolved
    /// counts as new: opening it will say what is wrong).
    fn first_visit(&mut self, path: &Path) -> bool {
        let Ok(real) = std::fs::canonicalize(path) else {
            return true;
        };
        if self.seen.insert(real) {
            return true;
        }
        self.repeated += 1;
        false
    }

    /// Walks `root` with a stack of directories, never by recursion.
    fn dir(&mut self, root: &Path, out: &mut Vec<(PathBuf, Option<InputKind>)>) {
        let mut stack = vec![root.to_path_buf()];
        while let Some(dir) = stack.pop() {
            if !self.first_visit(&dir) {
                continue;
            }
            let entries = match std::fs::read_dir(&dir) {
                Ok(e) => e,
                Err(e) => {
                    self.unreadable.push((dir, e.to_string()));
                    continue;
                }
            };
            let mut paths: Vec<PathBuf> =
                entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            paths.sort();
            let mut subdirs = Vec::new();
            for p in paths {
                let hidden = p
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with('.'));
                if hidden {
                    continue;
                }
                if p.is_dir() {
                    subdirs.push(p);
                } else if let Some(kind) = p.to_str().and_then(kind_by_name) {
                    if self.first_visit(&p) {
                        out.push((p, Some(kind)));
                    }
                } else {
                    self.ignored += 1;
                }
            }
            // Files of a directory come before those of its subdirectories,
            // which are walked in name order.
            stack.extend(subdirs.into_iter().rev());
        }
    }
}

/// Counts the bytes read from a file, for the progress bar.
struct Counting<R> {
    inner: R,
    read: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n as u64);
        Ok(n)
    }
}

/// What reading the inputs saw.
#[derive(Default)]
pub struct InputTally {
    /// Documents read, failed ones included.
    pub read: usize,
    /// Failures by kind of reason.
    pub failed: BTreeMap<String, usize>,
    pub ignored_files: usize,
    pub repeated_files: usize,
    pub warc_skipped: usize,
}

impl InputTally {
    pub fn failed_total(&self) -> usize {
        self.failed.values().sum()
    }

    /// The summary lines about failures and skipped files.
    pub fn write_failures(&self, out: &mut impl Write) -> std::io::Result<()> {
        writeln!(out, "failed             {:>8}", self.failed_total())?;
        for (reason, n) in &self.failed {
            writeln!(out, "  {n:>6}  {reason}")?;
        }
        if self.ignored_files > 0 {
            writeln!(
                out,
                "files ignored      {:>8}  (not a document type)",
                self.ignored_files
            )?;
        }
        if self.repeated_files > 0 {
            writeln!(
                out,
                "files seen again   {:>8}  (by a link or a second path; read once)",
                self.repeated_files
            )?;
        }
        if self.warc_skipped > 0 {
            writeln!(
                out,
                "WARC records       {:>8}  skipped (not an HTML page)",
                self.warc_skipped
            )?;
        }
        Ok(())
    }
}

/// Reads every input and hands each document to `sink`; bad ones are reported
/// on standard error (above the progress bar) and counted.
pub struct Inputs<'s> {
    sink: &'s mut dyn FnMut(WebDocument) -> Result<()>,
    pub tally: InputTally,
    pub bar: ProgressBar,
    started: Instant,
}

impl<'s> Inputs<'s> {
    /// Reads `inputs` (files and directories) into `sink`.
    pub fn read(
        inputs: &[PathBuf],
        sink: &'s mut dyn FnMut(WebDocument) -> Result<()>,
    ) -> Result<InputTally> {
        let mut walk = Walk::default();
        let files = collect_files(inputs, &mut walk);
        let total: u64 = files
            .iter()
            .filter_map(|(p, _)| std::fs::metadata(p).ok())
            .map(|m| m.len())
            .sum();
        let bar = ProgressBar::new(total).with_style(
            ProgressStyle::with_template(
                "{bar:30} {bytes}/{total_bytes} {msg} eta {eta} ({elapsed})",
            )
            .expect("static template"),
        );
        let mut run = Inputs {
            sink,
            tally: InputTally {
                ignored_files: walk.ignored,
                repeated_files: walk.repeated,
                ..InputTally::default()
            },
            bar,
            started: Instant::now(),
        };
        for (dir, reason) in &walk.unreadable {
            run.failed(
                &dir.display().to_string(),
                Position::Whole,
                format!("cannot list the directory: {reason}"),
            )?;
        }
        let mut done = 0u64;
        for (path, kind) in &files {
            done += run.file(path, *kind, done)?;
            run.progress(done);
        }
        run.bar.finish_and_clear();
        Ok(run.tally)
    }

    fn document(&mut self, item: Result<WebDocument, IngestError>) -> Result<()> {
        self.tally.read += 1;
        match item {
            Ok(d) => (self.sink)(d),
            Err(e) => {
                *self.tally.failed.entry(reason_key(&e.reason)).or_default() += 1;
                self.bar.suspend(|| eprintln!("error: {e}"));
                Ok(())
            }
        }
    }

    fn progress(&self, done_bytes: u64) {
        self.bar.set_position(done_bytes);
        let secs = self.started.elapsed().as_secs_f64().max(1e-3);
        self.bar.set_message(format!(
            "{} articles, {:.0} articles/s",
            self.tally.read,
            self.tally.read as f64 / secs
        ));
    }

    /// Counts a file (or the part of it at `position`) that could not be read.
    fn failed(&mut self, name: &str, position: Position, reason: String) -> Result<()> {
        self.document(Err(IngestError::new(name, position, reason)))
    }

    /// Reads one file, whatever it holds; problems with it are counted, never fatal.
    fn file(&mut self, path: &Path, kind: Option<InputKind>, base: u64) -> Result<u64> {
        let name = path.display().to_string();
        let file = match File::open(path) {
            Ok(f) => f,
            Err(e) => {
                self.failed(&name, Position::Whole, format!("cannot open: {e}"))?;
                return Ok(0);
            }
        };
        // Progress counts the file's own bytes (compressed ones for a .gz).
        let read = Rc::new(Cell::new(0u64));
        let counting = Counting {
            inner: file,
            read: read.clone(),
        };
        let reader = match open_reader(&name, counting) {
            Ok(r) => r,
            Err(e) => {
                self.document(Err(e))?;
                return Ok(read.get());
            }
        };
        let summary = read_input(&name, reader, kind, |item| {
            self.document(item)?;
            self.progress(base + read.get());
            anyhow::Ok(())
        })?;
        self.tally.warc_skipped += summary.warc_skipped;
        Ok(read.get())
    }
}

/// The kind of failure, for counting: the reason up to its first colon, numbers as `N`.
fn reason_key(reason: &str) -> String {
    let head = reason.split(':').next().unwrap_or(reason);
    head.split_whitespace()
        .map(|w| {
            let digits = w.trim_end_matches([',', '.', ')']);
            if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                "N"
            } else {
                w
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_reasons_group_without_numbers() {
        assert_eq!(
            reason_key("not a JSON document: EOF while parsing at line 1 column 20"),
            "not a JSON document"
        );
        assert_eq!(
            reason_key("invalid UTF-8 at byte 12 of the line"),
            "invalid UTF-8 at byte N of the line"
        );
    }

    #[test]
    fn a_directory_linking_to_itself_is_walked_once() {
        let dir = std::env::temp_dir().join(format!("demarche-walk-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("a.txt"), "A report.").unwrap();
        std::fs::write(dir.join("sub/b.txt"), "B report.").unwrap();
        std::fs::write(dir.join("sub/c.png"), "x").unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&dir, dir.join("loop1")).unwrap();
            std::os::unix::fs::symlink(&dir, dir.join("sub/loop2")).unwrap();
            std::os::unix::fs::symlink(dir.join("a.txt"), dir.join("sub/a-again.txt")).unwrap();
        }
        let mut walk = Walk::default();
        let files = collect_files(&[dir.clone(), dir.join("a.txt")], &mut walk);
        let names: Vec<_> = files
            .iter()
            .map(|(p, _)| p.strip_prefix(&dir).unwrap().display().to_string())
            .collect();
        assert_eq!(names, ["a.txt", "sub/b.txt"]);
        assert_eq!(walk.ignored, 1);
        #[cfg(unix)]
        assert_eq!(
            walk.repeated, 4,
            "two links to the directory, one to a file, a.txt named"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
