//! The server's connections to the store: one writer, a pool of readers beside
//! it (SQLite in WAL mode lets readers go on while the writer writes; PostgreSQL
//! connections are independent), and one connection of its own for forum
//! status (fast from stored facts, slow where old documents must be coded), so
//! that no request waits behind another's long query.
//!
//! Every call runs on a blocking thread with a cancel flag that the store
//! watches: when the request's future is dropped (the client left, or the
//! request ran past its deadline), the flag is set and the query stops.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::Semaphore;

use demarche_store::{EventStore, StoreError};

/// Opens one more connection to the store, for reading.
pub type OpenReader =
    Arc<dyn Fn() -> demarche_store::Result<Box<dyn EventStore + Send>> + Send + Sync>;

/// What went wrong reading the store: the caller's filter, the request's
/// cancellation, or the store.
#[derive(Debug)]
pub(crate) enum StoreFailure {
    BadFilter(String),
    Cancelled,
    Internal(String),
}

impl From<StoreError> for StoreFailure {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Filter(m) => StoreFailure::BadFilter(m),
            StoreError::Cancelled => StoreFailure::Cancelled,
            other => StoreFailure::Internal(other.to_string()),
        }
    }
}

/// Idle connections of one kind, and how many calls may hold one at a time.
struct Pool {
    idle: Mutex<Vec<Box<dyn EventStore + Send>>>,
    permits: Arc<Semaphore>,
}

impl Pool {
    fn new(size: usize, first: Vec<Box<dyn EventStore + Send>>) -> Pool {
        Pool {
            idle: Mutex::new(first),
            permits: Arc::new(Semaphore::new(size.max(1))),
        }
    }
}

pub(crate) struct Stores {
    writer: Arc<Mutex<Box<dyn EventStore + Send>>>,
    /// `None`: every call goes through the writer's connection.
    open_reader: Option<OpenReader>,
    readers: Arc<Pool>,
    forums: Arc<Pool>,
}

/// Sets the cancel flag when dropped before [`CancelOnDrop::disarm`].
struct CancelOnDrop(Option<Arc<AtomicBool>>);

impl CancelOnDrop {
    fn disarm(mut self) {
        self.0 = None;
    }
}

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        if let Some(flag) = &self.0 {
            flag.store(true, Ordering::Relaxed);
        }
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Read,
    Forum,
}

impl Stores {
    /// `readers` connections are opened as needed with `open_reader`; without it
    /// all calls share the writer.
    pub(crate) fn new(
        writer: Box<dyn EventStore + Send>,
        open_reader: Option<OpenReader>,
        readers: usize,
    ) -> Stores {
        Stores {
            writer: Arc::new(Mutex::new(writer)),
            open_reader,
            readers: Arc::new(Pool::new(readers, Vec::new())),
            // Forum status may code old documents stored without their facts:
            // one at a time, on a connection no other request waits for.
            forums: Arc::new(Pool::new(1, Vec::new())),
        }
    }

    /// Runs `f` on a reading connection.
    pub(crate) async fn read<T, F>(&self, f: F) -> Result<T, StoreFailure>
    where
        T: Send + 'static,
        F: FnOnce(&mut dyn EventStore) -> demarche_store::Result<T> + Send + 'static,
    {
        self.pooled(Kind::Read, f).await
    }

    /// Runs `f` on the connection kept for forum computations.
    pub(crate) async fn forums<T, F>(&self, f: F) -> Result<T, StoreFailure>
    where
        T: Send + 'static,
        F: FnOnce(&mut dyn EventStore) -> demarche_store::Result<T> + Send + 'static,
    {
        self.pooled(Kind::Forum, f).await
    }

    /// Runs `f` on the writer's connection (one writer at a time). A write is
    /// not cancelled: a batch is one transaction, done or not done.
    pub(crate) async fn write<T, F>(&self, f: F) -> Result<T, StoreFailure>
    where
        T: Send + 'static,
        F: FnOnce(&mut dyn EventStore) -> demarche_store::Result<T> + Send + 'static,
    {
        let writer = self.writer.clone();
        tokio::task::spawn_blocking(move || {
            let mut store = writer.lock().unwrap_or_else(|p| p.into_inner());
            f(store.as_mut())
        })
        .await
        .map_err(|e| StoreFailure::Internal(format!("store task failed: {e}")))?
        .map_err(StoreFailure::from)
    }

    async fn pooled<T, F>(&self, kind: Kind, f: F) -> Result<T, StoreFailure>
    where
        T: Send + 'static,
        F: FnOnce(&mut dyn EventStore) -> demarche_store::Result<T> + Send + 'static,
    {
        let pool = match kind {
            Kind::Read => self.readers.clone(),
            Kind::Forum => self.forums.clone(),
        };
        // Waiting for a connection is part of the request: it ends with it.
        let permit = pool
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| StoreFailure::Internal("the store is closed".into()))?;
        let flag = Arc::new(AtomicBool::new(false));
        let guard = CancelOnDrop(Some(flag.clone()));
        let open = self.open_reader.clone();
        let writer = self.writer.clone();
        let job = tokio::task::spawn_blocking(move || {
            // The permit is held until the job ends, even when nobody waits for it.
            let _permit = permit;
            let Some(open) = open else {
                let mut store = writer.lock().unwrap_or_else(|p| p.into_inner());
                store.set_cancel(Some(flag));
                let out = f(store.as_mut());
                store.set_cancel(None);
                if matches!(out, Err(StoreError::Cancelled)) {
                    tracing::info!("a store call stopped: its request was dropped");
                }
                return out;
            };
            let idle = pool.idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
            let mut store = match idle {
                Some(s) => s,
                None => open()?,
            };
            store.set_cancel(Some(flag));
            let out = f(store.as_mut());
            store.set_cancel(None);
            if matches!(out, Err(StoreError::Cancelled)) {
                tracing::info!("a store call stopped: its request was dropped");
            }
            pool.idle
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(store);
            out
        });
        let out = job
            .await
            .map_err(|e| StoreFailure::Internal(format!("store task failed: {e}")))?;
        guard.disarm();
        out.map_err(StoreFailure::from)
    }
}
