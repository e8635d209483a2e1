//! Where the knowledge comes from: `--data DIR`, `$DEMARCHE_DATA`, else the copy of
//! `data/` built into the binary (`build.rs`), so a copied or installed binary
//! runs anywhere. `demarche data export DIR` writes that copy out for editing.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use demarche_knowledge::DataPath;

mod built_in {
    include!(concat!(env!("OUT_DIR"), "/data.rs"));
}

/// The data the binary carries: every file of `data/` as it was at build time.
pub fn embedded() -> DataPath {
    DataPath::embedded(
        built_in::DATA_FILES
            .iter()
            .map(|&(path, start, end)| (path, &built_in::DATA_BLOB[start..end])),
        inflate,
    )
}

fn inflate(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    libflate::deflate::Decoder::new(bytes).read_to_end(&mut out)?;
    Ok(out)
}

/// Sizes of the built-in data: (files, bytes as stored in data/, bytes compressed).
pub fn embedded_size() -> (usize, usize, usize) {
    (
        built_in::DATA_FILES.len(),
        built_in::DATA_RAW_BYTES,
        built_in::DATA_BLOB.len(),
    )
}

/// The data to load, and where it comes from in words (for messages).
pub struct Located {
    pub data: DataPath,
    pub origin: String,
}

/// `--data`, then `$DEMARCHE_DATA`, then the built-in data.
pub fn locate(flag: Option<PathBuf>) -> Located {
    if let Some(dir) = flag {
        let origin = format!("the data directory {} (--data)", dir.display());
        return Located {
            data: DataPath::dir(&dir),
            origin,
        };
    }
    if let Some(dir) = std::env::var_os("DEMARCHE_DATA").filter(|d| !d.is_empty()) {
        let dir = PathBuf::from(dir);
        let origin = format!("the data directory {} ($DEMARCHE_DATA)", dir.display());
        return Located {
            data: DataPath::dir(&dir),
            origin,
        };
    }
    Located {
        data: embedded(),
        origin: "the data built into demarche".into(),
    }
}

/// `demarche data export DIR`: writes every data file under `dir`, refusing to
/// overwrite a file that is already there (it may hold someone's edits).
pub fn export(data: &DataPath, dir: &Path) -> Result<ExitCode> {
    let files = data.all_files().context("reading the data to export")?;
    if let Some((rel, _)) = files.iter().find(|(rel, _)| dir.join(rel).exists()) {
        bail!(
            "{} already exists; export into an empty or new directory",
            dir.join(rel).display()
        );
    }
    for (rel, text) in &files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    println!(
        "wrote {} data files to {}; use them with --data {} or DEMARCHE_DATA",
        files.len(),
        dir.display(),
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}
