//! For tests, of this crate and of the commands: the NATS server of
//! `DEMARCHE_TEST_NATS` (a `nats://` URL, with JetStream), whose absence skips
//! a test with the reason printed, and fails it under `CI=true`.

/// The URL of the test server, or `None` with the reason printed.
pub fn nats_url() -> Option<String> {
    match std::env::var("DEMARCHE_TEST_NATS") {
        Ok(u) if !u.trim().is_empty() => Some(u),
        _ => {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!(
                    "DEMARCHE_TEST_NATS is not set, and CI=true requires the queue tests \
                     (.ci/run starts nats-server -js and sets it)"
                );
            }
            eprintln!(
                "skipped: DEMARCHE_TEST_NATS is not set (a nats:// URL of a server started \
                 with -js)"
            );
            None
        }
    }
}
