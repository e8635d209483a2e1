//! Files that appear whole or not at all: written beside their destination
//! under a temporary name and renamed into place once complete, so an export
//! that fails or is killed half way leaves no half file (and does not clobber
//! the last good one).

use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::{Context, Result};
use tempfile::NamedTempFile;

/// A file being written; [`AtomicFile::commit`] moves it to its destination,
/// dropping it without committing deletes it.
pub struct AtomicFile<'p> {
    out: &'p Path,
    writer: BufWriter<NamedTempFile>,
}

impl<'p> AtomicFile<'p> {
    /// Starts writing what will become `out`.
    pub fn create(out: &'p Path) -> Result<Self> {
        let dir = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let name = out
            .file_name()
            .with_context(|| format!("{} is not a file name", out.display()))?;
        let mut prefix = std::ffi::OsString::from(".");
        prefix.push(name);
        prefix.push(".");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".tmp");
        // As `File::create` would: readable by others unless the umask says not.
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
        let tmp = builder
            .tempfile_in(dir)
            .with_context(|| format!("cannot write in {}", dir.display()))?;
        Ok(AtomicFile {
            out,
            writer: BufWriter::with_capacity(1 << 20, tmp),
        })
    }

    /// Flushes, syncs and renames the file into place; returns its size in bytes.
    pub fn commit(self) -> Result<u64> {
        let out = self.out;
        let tmp = self
            .writer
            .into_inner()
            .map_err(|e| e.into_error())
            .with_context(|| format!("writing {}", out.display()))?;
        tmp.as_file()
            .sync_all()
            .with_context(|| format!("writing {}", out.display()))?;
        let bytes = tmp.as_file().metadata().map(|m| m.len()).unwrap_or(0);
        tmp.persist(out)
            .map_err(|e| e.error)
            .with_context(|| format!("cannot move the finished file to {}", out.display()))?;
        Ok(bytes)
    }
}

impl Write for AtomicFile<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.writer.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.writer.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appears_only_when_committed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("events.csv");
        std::fs::write(&out, "the last good export\n").unwrap();
        // Dropped before commit (an error half way): the old file stays, no
        // temporary file is left beside it.
        {
            let mut f = AtomicFile::create(&out).unwrap();
            writeln!(f, "half").unwrap();
        }
        assert_eq!(
            std::fs::read_to_string(&out).unwrap(),
            "the last good export\n"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        let mut f = AtomicFile::create(&out).unwrap();
        writeln!(f, "whole").unwrap();
        assert_eq!(f.commit().unwrap(), 6);
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "whole\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        // A destination in a directory that does not exist is an error naming it.
        let missing = dir.path().join("no/such/dir/e.csv");
        let e = AtomicFile::create(&missing).err().unwrap();
        assert!(format!("{e:#}").contains("no/such/dir"), "{e:#}");
    }
}
