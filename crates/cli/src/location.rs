//! Where the store is: `--store` takes a file path (SQLite, the default) or a
//! `postgres://` URL (PostgreSQL), in every command that has it. This is the
//! one place that decides which backend a store is.

use std::fmt;
use std::path::PathBuf;

use anyhow::{Context, Result};

use demarche_store::{EventStore, PostgresStore, SqliteStore};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreLocation {
    /// A SQLite file.
    Sqlite(PathBuf),
    /// A PostgreSQL database, by its URL.
    Postgres(String),
}

impl std::str::FromStr for StoreLocation {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.trim().is_empty() {
            return Err("the store is an empty name".into());
        }
        let lower = s.get(..13).unwrap_or(s).to_ascii_lowercase();
        if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
            return Ok(StoreLocation::Postgres(s.to_string()));
        }
        // A URL of another kind is a mistake, not a file name.
        if let Some((scheme, _)) = s.split_once("://") {
            if !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '+')
            {
                return Err(format!(
                    "{scheme}:// is not a store: give a file path (SQLite) or a postgres:// URL"
                ));
            }
        }
        Ok(StoreLocation::Sqlite(PathBuf::from(s)))
    }
}

impl fmt::Display for StoreLocation {
    /// The path, or the URL with its password hidden.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreLocation::Sqlite(p) => write!(f, "{}", p.display()),
            StoreLocation::Postgres(url) => f.write_str(&demarche_store::redact_url(url)),
        }
    }
}

impl StoreLocation {
    /// Opens the store. `create`: make it when absent (ingest, a server that
    /// takes writes); reading commands need one that exists.
    pub fn open(&self, create: bool) -> Result<Box<dyn EventStore + Send>> {
        let store: demarche_store::Result<Box<dyn EventStore + Send>> = match (self, create) {
            (StoreLocation::Sqlite(p), true) => SqliteStore::open(p).map(|s| Box::new(s) as _),
            (StoreLocation::Sqlite(p), false) => {
                SqliteStore::open_existing(p).map(|s| Box::new(s) as _)
            }
            (StoreLocation::Postgres(u), true) => PostgresStore::open(u).map(|s| Box::new(s) as _),
            (StoreLocation::Postgres(u), false) => {
                PostgresStore::open_existing(u).map(|s| Box::new(s) as _)
            }
        };
        store.with_context(|| format!("opening the store {self}"))
    }

    /// The path or URL as given (password included), for a child process.
    pub fn as_arg(&self) -> std::ffi::OsString {
        match self {
            StoreLocation::Sqlite(p) => p.clone().into_os_string(),
            StoreLocation::Postgres(u) => u.into(),
        }
    }

    /// One more connection for reading, beside the writer (the store must be
    /// open and migrated already).
    pub fn open_reader(&self) -> demarche_store::Result<Box<dyn EventStore + Send>> {
        match self {
            StoreLocation::Sqlite(p) => SqliteStore::open_reader(p).map(|s| Box::new(s) as _),
            StoreLocation::Postgres(u) => PostgresStore::open_reader(u).map(|s| Box::new(s) as _),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_is_postgres_and_anything_else_a_file() {
        let p = |s: &str| s.parse::<StoreLocation>();
        assert_eq!(
            p("events.db").unwrap(),
            StoreLocation::Sqlite("events.db".into())
        );
        assert!(matches!(
            p("postgres://u:pw@h:5432/db").unwrap(),
            StoreLocation::Postgres(_)
        ));
        assert!(matches!(
            p("PostgreSQL://h/db").unwrap(),
            StoreLocation::Postgres(_)
        ));
        assert_eq!(
            p("postgres://u:pw@h/db").unwrap().to_string(),
            "postgres://u:***@h/db"
        );
        assert!(p("mysql://h/db").unwrap_err().contains("not a store"));
        assert!(p("").is_err());
        // A Windows-like or odd path is still a path.
        assert!(matches!(
            p("C:/data/x.db").unwrap(),
            StoreLocation::Sqlite(_)
        ));
    }
}
