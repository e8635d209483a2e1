//! Where the data files are read from: a directory on disk (`--data DIR`), or a
//! set of files held in memory (the knowledge built into the `demarche` binary).
//!
//! Both are named the same way in every message: relative to the data directory,
//! as `data/actors/states.tsv`, so no output carries a path of the machine that
//! built or runs demarche.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A file or directory inside a data directory.
///
/// It is shown as `data/forums.tsv` ([`DataPath::shown`]), which is what
/// [`crate::DataError`] and record origins carry. It is deliberately no `Path`
/// (no `Deref`, no `AsRef<Path>`): the path shown is relative to no working
/// directory, and a file-system call on it would silently ask the wrong place
/// (places.tsv once loaded only from the repository root that way).
#[derive(Clone)]
pub struct DataPath {
    root: Arc<Root>,
    /// Relative to the root, `/`-separated; empty for the root itself.
    rel: String,
    shown: PathBuf,
}

enum Root {
    Disk(PathBuf),
    /// Relative path -> the file's bytes as stored (compressed, say), turned
    /// into text by `decode` when the file is read.
    Memory {
        files: BTreeMap<&'static str, &'static [u8]>,
        decode: Decode,
    },
}

/// Turns a file's stored bytes into its contents.
pub type Decode = fn(&[u8]) -> std::io::Result<Vec<u8>>;

/// The name every path is shown under.
const SHOWN_ROOT: &str = "data";

impl DataPath {
    /// The path it is shown as, `data/...`: for messages, never for the file system.
    pub fn shown(&self) -> &Path {
        &self.shown
    }

    /// [`DataPath::shown`], for `format!`.
    pub fn display(&self) -> std::path::Display<'_> {
        self.shown.display()
    }

    /// The data directory `dir` on disk.
    pub fn dir(dir: &Path) -> DataPath {
        Self::at_root(Root::Disk(dir.to_path_buf()))
    }

    /// A data directory held in memory: `(relative path, stored bytes)` pairs, the
    /// path `/`-separated (`actors/states.tsv`), each file decoded by `decode` when
    /// it is read (on the thread that reads it, so loading threads share the work).
    pub fn embedded(
        files: impl IntoIterator<Item = (&'static str, &'static [u8])>,
        decode: Decode,
    ) -> DataPath {
        Self::at_root(Root::Memory {
            files: files.into_iter().collect(),
            decode,
        })
    }

    fn at_root(root: Root) -> DataPath {
        DataPath {
            root: Arc::new(root),
            rel: String::new(),
            shown: PathBuf::from(SHOWN_ROOT),
        }
    }

    /// The file or directory `rel` (`/`-separated) below this one.
    pub fn join(&self, rel: &str) -> DataPath {
        let rel = rel.trim_matches('/');
        let joined = if self.rel.is_empty() {
            rel.to_string()
        } else {
            format!("{}/{rel}", self.rel)
        };
        DataPath {
            root: self.root.clone(),
            shown: Path::new(SHOWN_ROOT).join(&joined),
            rel: joined,
        }
    }

    /// The path relative to the data directory (`actors/states.tsv`).
    pub fn relative(&self) -> &str {
        &self.rel
    }

    /// The directory on disk this data comes from; `None` when it is held in memory.
    pub fn disk_root(&self) -> Option<&Path> {
        match &*self.root {
            Root::Disk(d) => Some(d),
            Root::Memory { .. } => None,
        }
    }

    /// Whether this file is in the data (asked of the data itself, never of a
    /// `data/...` path under the working directory).
    pub fn exists(&self) -> bool {
        match &*self.root {
            Root::Disk(d) => d.join(&self.rel).is_file(),
            Root::Memory { files, .. } => files.contains_key(self.rel.as_str()),
        }
    }

    /// The file's text.
    pub fn read_to_string(&self) -> std::io::Result<String> {
        String::from_utf8(self.read_bytes()?)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
    }

    /// The file's bytes (the model weights are binary).
    pub fn read_bytes(&self) -> std::io::Result<Vec<u8>> {
        match &*self.root {
            Root::Disk(d) => std::fs::read(d.join(&self.rel)),
            Root::Memory { files, decode } => match files.get(self.rel.as_str()) {
                Some(bytes) => decode(bytes),
                None => Err(std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "no such data file",
                )),
            },
        }
    }

    /// The files directly inside this directory, sorted by name.
    pub fn files(&self) -> std::io::Result<Vec<DataPath>> {
        let mut names: Vec<String> = match &*self.root {
            Root::Disk(d) => std::fs::read_dir(d.join(&self.rel))?
                .filter_map(|e| e.ok())
                .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                .filter_map(|e| e.file_name().to_str().map(String::from))
                .collect(),
            Root::Memory { files, .. } => {
                let prefix = if self.rel.is_empty() {
                    String::new()
                } else {
                    format!("{}/", self.rel)
                };
                let names: Vec<String> = files
                    .keys()
                    .filter_map(|k| k.strip_prefix(&prefix))
                    .filter(|rest| !rest.contains('/'))
                    .map(String::from)
                    .collect();
                let is_dir = files.keys().any(|k| k.starts_with(&prefix));
                if !is_dir {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::NotFound,
                        "no such data directory",
                    ));
                }
                names
            }
        };
        names.sort();
        Ok(names.iter().map(|n| self.join(n)).collect())
    }

    /// Every file below this directory, at any depth, as (relative path, contents);
    /// what `demarche data export` writes.
    pub fn all_files(&self) -> std::io::Result<Vec<(String, Vec<u8>)>> {
        let mut out = Vec::new();
        let mut dirs = vec![self.clone()];
        while let Some(dir) = dirs.pop() {
            match &*dir.root {
                Root::Memory { files, decode } => {
                    let prefix = if dir.rel.is_empty() {
                        String::new()
                    } else {
                        format!("{}/", dir.rel)
                    };
                    for (k, v) in files.iter().filter(|(k, _)| k.starts_with(&prefix)) {
                        out.push((k.to_string(), decode(v)?));
                    }
                }
                Root::Disk(d) => {
                    for e in std::fs::read_dir(d.join(&dir.rel))? {
                        let e = e?;
                        let Some(name) = e.file_name().to_str().map(String::from) else {
                            continue;
                        };
                        let child = dir.join(&name);
                        if e.file_type()?.is_dir() {
                            dirs.push(child);
                        } else {
                            let bytes = child.read_bytes()?;
                            out.push((child.rel, bytes));
                        }
                    }
                }
            }
        }
        out.sort();
        Ok(out)
    }
}

impl std::fmt::Debug for DataPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let root = match &*self.root {
            Root::Disk(_) => "disk",
            Root::Memory { .. } => "memory",
        };
        write!(f, "DataPath({} in {root})", self.shown.display())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_files_are_listed_read_and_shown_relative() {
        let plain: Decode = |b| Ok(b.to_vec());
        let data = DataPath::embedded(
            [
                ("a.tsv", &b"x"[..]),
                ("people/b.tsv", b"y"),
                ("people/a.tsv", b"z"),
                ("people/deeper/c.tsv", b"w"),
            ],
            plain,
        );
        let people = data.join("people");
        let files: Vec<String> = people
            .files()
            .unwrap()
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        assert_eq!(files, ["data/people/a.tsv", "data/people/b.tsv"]);
        assert_eq!(people.join("b.tsv").read_to_string().unwrap(), "y");
        // Whether a file is there is the data's answer, not the working directory's.
        assert!(data.join("a.tsv").exists());
        assert!(!data.join("nope.tsv").exists());
        assert!(data.join("nope.tsv").read_to_string().is_err());
        assert!(data.join("nowhere").files().is_err());
        assert_eq!(data.all_files().unwrap().len(), 4);
        assert_eq!(people.all_files().unwrap().len(), 3);
    }

    #[test]
    fn disk_files_are_shown_relative_to_the_data_directory() {
        let dir = std::env::temp_dir().join(format!("demarche-files-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("sub/f.tsv"), "t").unwrap();
        let data = DataPath::dir(&dir);
        let f = &data.join("sub").files().unwrap()[0];
        assert_eq!(f.display().to_string(), "data/sub/f.tsv");
        assert_eq!(f.read_to_string().unwrap(), "t");
        // The test's working directory holds no data/sub/f.tsv: the file is found
        // in the data directory all the same, and a missing one is not.
        assert!(!Path::new("data/sub/f.tsv").exists());
        assert!(f.exists());
        assert!(!data.join("sub/g.tsv").exists());
        assert_eq!(
            data.all_files().unwrap(),
            [("sub/f.tsv".to_string(), b"t".to_vec())]
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
