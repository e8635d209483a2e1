//! Helpers for the server and browser tests: a store built by `demarche
//! ingest` from documents written here, a `demarche serve` child on a free
//! port, and plain HTTP requests.

#![allow(dead_code)]

use std::ffi::OsStr;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::Duration;

use crate::common::{demarche, stderr, tempdir, TestDir};

/// Short reports, written for these tests (none comes from a corpus): Turkey
/// and Russia over four weeks, one report repeated by a second outlet, and
/// one with markup in its title and text to check the escaping.
pub fn documents() -> Vec<serde_json::Value> {
    use serde_json::json;
    vec![
        json!({"id": "ledger-1", "date": "2017-03-08", "source": "Harbour Ledger",
            "title": "Accusations fly",
            "text": "Turkey's foreign minister accused Russia of breaking the ceasefire on Tuesday. \
                     Russia condemned Turkey for the strikes."}),
        json!({"id": "post-1", "date": "2017-03-08", "source": "Valley Post",
            "title": "Ceasefire row",
            "text": "On Tuesday Turkey's foreign minister accused Russia of breaking the ceasefire."}),
        json!({"id": "post-2", "date": "2017-03-15", "source": "Valley Post", "title": "Talks",
            "text": "Turkey accused Russia of violating the truce on Monday. \
                     Turkey's president met Russia's foreign minister in Ankara on Tuesday."}),
        json!({"id": "post-3", "date": "2017-03-29", "source": "Valley Post",
            "title": "Sanctions <b>& \"more\"</b>",
            "text": "Turkey imposed sanctions on Russia on Tuesday. \
                     Turkish troops attacked Russian positions on Monday. <script>alert(1)</script>"}),
        json!({"id": "ledger-2", "date": "2017-04-05", "source": "Harbour Ledger",
            "title": "Praise",
            "text": "France praised Egypt for its role in the talks on Tuesday."}),
    ]
}

/// Which store a test serves from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A store holding [`documents`] in a SQLite file, ingested by the real binary.
pub fn build_store(name: &str) -> (TestDir, PathBuf) {
    let (dir, store) = build_store_on(name, Backend::Sqlite).expect("SQLite needs no server");
    (dir, PathBuf::from(store))
}

/// A store holding [`documents`], ingested by the real binary: a file in the
/// test's directory, or a PostgreSQL schema of the test's own (`None`, with the
/// reason printed, when `DEMARCHE_TEST_POSTGRES` is unset outside CI). The
/// store is what `--store` takes: a path or a URL.
pub fn build_store_on(name: &str, backend: Backend) -> Option<(TestDir, String)> {
    let dir = tempdir(&format!("{name}-{backend:?}"));
    let store = match backend {
        Backend::Sqlite => dir.join("events.db").display().to_string(),
        Backend::Postgres => demarche_store::testing::postgres_url(name)?,
    };
    let docs = dir.join("reports.jsonl");
    let body: String = documents().iter().map(|d| format!("{d}\n")).collect();
    std::fs::write(&docs, body).unwrap();
    let o = demarche()
        .arg("ingest")
        .arg("--store")
        .arg(&store)
        .arg(&docs)
        .output()
        .unwrap();
    assert!(o.status.success(), "ingest failed: {}", stderr(&o));
    Some((dir, store))
}

/// Instantiates each test function (of a [`Backend`]) once for each store:
/// `sqlite::name` and `postgres::name`.
#[macro_export]
macro_rules! on_both_stores {
    ($($(#[$attr:meta])* $name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[test]
                $(#[$attr])*
                fn $name() {
                    super::$name($crate::web::Backend::Sqlite)
                }
            )*
        }
        mod postgres {
            $(
                #[test]
                $(#[$attr])*
                fn $name() {
                    super::$name($crate::web::Backend::Postgres)
                }
            )*
        }
    };
}

/// `demarche serve` on a free port, killed when dropped.
pub struct Server {
    child: Child,
    pub url: String,
}

impl Server {
    pub fn start(store: impl AsRef<OsStr>, token: Option<&str>) -> Server {
        Self::start_with(store, token, &[])
    }

    /// A server with more flags (timeouts, limits).
    pub fn start_with(store: impl AsRef<OsStr>, token: Option<&str>, flags: &[&str]) -> Server {
        let mut cmd = demarche();
        Self::serve_args(&mut cmd, store.as_ref(), token, flags);
        Self::spawn(cmd)
    }

    /// A server whose log (`demarche_server` at info level) goes to `log`.
    pub fn start_logged(store: &Path, flags: &[&str], log: &Path) -> Server {
        let mut cmd = demarche();
        Self::serve_args(&mut cmd, store.as_os_str(), None, flags);
        cmd.env("DEMARCHE_LOG", "demarche_server=info")
            .stderr(std::fs::File::create(log).unwrap());
        Self::spawn(cmd)
    }

    /// A server run by `sh -c "ulimit -n FILES; exec demarche serve ..."`.
    #[cfg(unix)]
    pub fn start_with_open_files(store: &Path, files: u32, flags: &[&str]) -> Server {
        let bin = demarche();
        let mut cmd = std::process::Command::new("sh");
        cmd.arg("-c")
            .arg(format!("ulimit -n {files} && exec \"$0\" \"$@\""))
            .arg(bin.get_program())
            .args(bin.get_args());
        Self::serve_args(&mut cmd, store.as_os_str(), None, flags);
        Self::spawn(cmd)
    }

    fn serve_args(
        cmd: &mut std::process::Command,
        store: &OsStr,
        token: Option<&str>,
        flags: &[&str],
    ) {
        cmd.arg("serve")
            .arg("--store")
            .arg(store)
            .args(["--addr", "127.0.0.1:0", "--max-body", "65536"])
            .args(flags)
            .env_remove("DEMARCHE_TOKEN")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        if let Some(t) = token {
            cmd.args(["--token", t]);
        }
    }

    /// The process id of the server.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Whether the server process still runs.
    pub fn alive(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    fn spawn(mut cmd: std::process::Command) -> Server {
        let mut child = cmd.spawn().expect("demarche serve starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let Some(url) = line
            .strip_prefix("listening on ")
            .and_then(|r| r.split_whitespace().next())
        else {
            let _ = child.kill();
            panic!("demarche serve did not start: {line:?} (its stderr is above)");
        };
        Server {
            url: url.to_string(),
            child,
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A response: status, content type and body.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

fn agent() -> ureq::Agent {
    ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(60))
        .build()
}

/// One request; 4xx and 5xx are replies; a transport failure is an error.
pub fn try_request(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
) -> Result<Reply, String> {
    let mut req = agent().request(method, url);
    for (k, v) in headers {
        req = req.set(k, v);
    }
    let res = match body {
        Some(b) => req.send_bytes(b),
        None => req.call(),
    };
    let resp = match res {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => return Err(e.to_string()),
    };
    Ok(Reply {
        status: resp.status(),
        content_type: resp.content_type().to_string(),
        body: resp.into_string().unwrap_or_default(),
    })
}

/// One request; 4xx and 5xx are replies too, not errors.
pub fn request(method: &str, url: &str, headers: &[(&str, &str)], body: Option<&[u8]>) -> Reply {
    try_request(method, url, headers, body).unwrap_or_else(|e| panic!("{method} {url}: {e}"))
}

pub fn get(url: &str) -> Reply {
    request("GET", url, &[], None)
}
