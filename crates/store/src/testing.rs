//! Stores for tests, of this crate and of the commands: a SQLite file of a
//! test's own, and a PostgreSQL schema of a test's own in the database that
//! `DEMARCHE_TEST_POSTGRES` names (a `postgres://` URL), so that tests run in
//! parallel without seeing each other's rows.

use std::path::PathBuf;

/// A fresh path for a SQLite store (no file, WAL or shared-memory file there).
pub fn temp_sqlite(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("demarche-store-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let p = dir.join(format!("{name}.db"));
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", p.display()));
    }
    p
}

/// Whether the tests run under CI (`CI=true`), where nothing may be skipped.
fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// The URL of an empty schema of the test's own (`name` and the process id)
/// in the database of `DEMARCHE_TEST_POSTGRES`; `None`, with the reason
/// printed, when the variable is unset. Under `CI=true` its absence fails.
pub fn postgres_url(name: &str) -> Option<String> {
    let base = match std::env::var("DEMARCHE_TEST_POSTGRES") {
        Ok(u) if !u.trim().is_empty() => u,
        _ => {
            if ci() {
                panic!(
                    "DEMARCHE_TEST_POSTGRES is not set, and CI=true requires the PostgreSQL \
                     tests (.ci/run starts a server and sets it)"
                );
            }
            eprintln!(
                "skipped: DEMARCHE_TEST_POSTGRES is not set (a postgres:// URL of a server \
                 where tests may create schemas)"
            );
            return None;
        }
    };
    let schema = schema_name(name);
    let mut admin = connect(&base);
    admin
        .batch_execute(&format!(
            "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
        ))
        .unwrap_or_else(|e| panic!("creating the schema {schema}: {e}"));
    Some(with_search_path(&base, &schema))
}

/// A schema name from a test name: lower-case letters, digits and `_`, with the
/// process id, within PostgreSQL's 63 bytes.
fn schema_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    let pid = std::process::id();
    let room = 63 - format!("t__{pid}").len();
    let clean = &clean[..clean.len().min(room)];
    format!("t_{clean}_{pid}")
}

/// `url` with `search_path` set to `schema` for every connection made with it.
pub fn with_search_path(url: &str, schema: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}options=-c%20search_path%3D{schema}")
}

/// A connection for setting up, with a deadline.
fn connect(url: &str) -> postgres::Client {
    let mut config: postgres::Config = url
        .parse()
        .unwrap_or_else(|e| panic!("DEMARCHE_TEST_POSTGRES is not a PostgreSQL URL: {e}"));
    config.connect_timeout(std::time::Duration::from_secs(10));
    config
        .connect(postgres::NoTls)
        .unwrap_or_else(|e| panic!("cannot connect to DEMARCHE_TEST_POSTGRES: {e}"))
}

/// Leaves the store at `store` (a path or a `postgres://` URL) as a demarche
/// from before forum facts were kept would have: no stored fact, and every
/// document never read for them.
pub fn forget_forum_facts(store: &str) {
    const SQL: &str = "DELETE FROM forum_facts; UPDATE documents SET forum_facts_read = ";
    if store.starts_with("postgres://") || store.starts_with("postgresql://") {
        let s = crate::PostgresStore::open(store).expect("the store opens");
        s.client()
            .expect("a connection")
            .batch_execute(&format!("{SQL} FALSE"))
            .expect("the facts are forgotten");
    } else {
        let s = crate::SqliteStore::open(std::path::Path::new(store)).expect("the store opens");
        s.execute_batch(&format!("{SQL} 0"))
            .expect("the facts are forgotten");
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn schema_names_are_identifiers_within_63_bytes() {
        let s = super::schema_name(&"A-b".repeat(40));
        assert!(s.len() <= 63, "{s}");
        assert!(s.starts_with("t_a_b"));
        assert!(s
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'));
    }
}
