//! The API's query parsing, then the store's reading of what it accepted: a
//! query string is either refused (400) or read without a store failure (the
//! 500s of offsets past 2^63 and impossible dates were such failures).
#![no_main]

use std::sync::OnceLock;

use demarche_store::{EventStore, SqliteStore, StoreError};

/// A small store, made once per fuzzing process.
fn store() -> &'static std::sync::Mutex<SqliteStore> {
    static STORE: OnceLock<std::sync::Mutex<SqliteStore>> = OnceLock::new();
    STORE.get_or_init(|| {
        let path = std::env::temp_dir().join(format!("demarche-fuzz-{}.db", std::process::id()));
        for ext in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
        }
        std::sync::Mutex::new(SqliteStore::open(&path).expect("a store"))
    })
}

fn accepted(e: &StoreError) -> bool {
    matches!(e, StoreError::Filter(_))
}

libfuzzer_sys::fuzz_target!(|query: &str| {
    let store = store().lock().unwrap();
    if let Ok((filter, limit)) = demarche_server::query::events(query) {
        assert!((1..=demarche_server::MAX_PAGE).contains(&limit));
        if let Err(e) = store.events(&filter, &mut |_| Ok(())) {
            assert!(
                accepted(&e),
                "{query:?} accepted, then the store failed: {e}"
            );
        }
    }
    if let Ok(page) = demarche_server::query::reports(query) {
        if let Err(e) = store.event(1, page) {
            assert!(
                accepted(&e),
                "{query:?} accepted, then the store failed: {e}"
            );
        }
    }
    if let Ok(filter) = demarche_server::query::series(query, "USA", "RUS") {
        if let Err(e) = store.weekly(&filter) {
            assert!(
                accepted(&e),
                "{query:?} accepted, then the store failed: {e}"
            );
        }
    }
    for bound in query.split('&') {
        let _ = demarche_store::day_from(bound);
        let _ = demarche_store::day_to(bound);
    }
});
