//! Weekly series already computed, by filter and store version: the dashboard
//! asks for the same dyads again and again, and a busy dyad's series reads tens
//! of thousands of events. An entry is good while the store holds no newer event
//! (events are only ever added); the oldest entries make room for new ones.
//! Entries keep the series with its empty weeks filled in, as answers give it,
//! so a hit costs only its serialisation. A series many requests miss at once
//! (a busy dyad just after start, or just after new events) is computed once:
//! the first computes it, the others wait for it without holding a connection.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use demarche_store::EventFilter;

use crate::weeks::FilledSeries;

pub(crate) struct SeriesCache {
    capacity: usize,
    inner: Mutex<Entries>,
    /// Series being computed, by key and store version.
    flights: Mutex<HashMap<(String, Option<i64>), Flight>>,
}

/// One computation that several requests may wait for.
pub(crate) type Flight = Arc<tokio::sync::OnceCell<Arc<FilledSeries>>>;

#[derive(Default)]
struct Entries {
    by_key: HashMap<String, (i64, Arc<FilledSeries>)>,
    /// Keys, oldest first.
    order: VecDeque<String>,
}

impl SeriesCache {
    /// A cache of at most `capacity` series; 0 keeps none.
    pub(crate) fn new(capacity: usize) -> SeriesCache {
        SeriesCache {
            capacity,
            inner: Mutex::new(Entries::default()),
            flights: Mutex::new(HashMap::new()),
        }
    }

    /// The key of a series: every field of the filter that changes it.
    pub(crate) fn key(filter: &EventFilter) -> String {
        let part = |p: &Option<String>| p.as_deref().unwrap_or("").to_string();
        // Fields joined by a byte that no actor code, CAMEO code or date holds.
        [
            part(&filter.source),
            part(&filter.target),
            part(&filter.code),
            part(&filter.from),
            part(&filter.to),
        ]
        .join("\u{1}")
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The series for `key` computed at store `version`, if kept.
    pub(crate) fn get(&self, key: &str, version: i64) -> Option<Arc<FilledSeries>> {
        match self.lock().by_key.get(key) {
            Some((v, series)) if *v == version => Some(series.clone()),
            _ => None,
        }
    }

    /// The computation of `key` at `version`: the one under way, or a new one
    /// that the caller starts (whoever initialises the cell first computes).
    pub(crate) fn flight(&self, key: &str, version: Option<i64>) -> Flight {
        let mut f = self.flights.lock().unwrap_or_else(|p| p.into_inner());
        f.entry((key.to_string(), version)).or_default().clone()
    }

    /// Forgets the computation of `key` at `version` once its result is kept
    /// (or has failed: the next request starts another).
    pub(crate) fn land(&self, key: &str, version: Option<i64>) {
        let mut f = self.flights.lock().unwrap_or_else(|p| p.into_inner());
        f.remove(&(key.to_string(), version));
    }

    pub(crate) fn put(&self, key: String, version: i64, series: Arc<FilledSeries>) {
        if self.capacity == 0 {
            return;
        }
        let mut e = self.lock();
        if e.by_key.insert(key.clone(), (version, series)).is_none() {
            e.order.push_back(key);
        }
        while e.by_key.len() > self.capacity {
            match e.order.pop_front() {
                Some(old) => {
                    e.by_key.remove(&old);
                }
                None => break,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(weeks: u64) -> Arc<FilledSeries> {
        Arc::new(FilledSeries {
            weeks: Vec::new(),
            undated: weeks,
        })
    }

    #[test]
    fn a_series_asked_by_many_at_once_is_computed_once() {
        let c = Arc::new(SeriesCache::new(4));
        let computed = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_time()
            .build()
            .unwrap();
        let got: Vec<u64> = rt.block_on(async {
            let mut waiting = Vec::new();
            // Sixteen requests miss at once (each takes the flight before any
            // has landed it), and wait on two threads.
            for _ in 0..16 {
                let (c, computed) = (c.clone(), computed.clone());
                let flight = c.flight("USA\u{1}RUS", Some(7));
                waiting.push(tokio::spawn(async move {
                    let s = flight
                        .get_or_try_init(|| async {
                            computed.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                            Ok::<_, ()>(series(3))
                        })
                        .await
                        .unwrap()
                        .clone();
                    c.land("USA\u{1}RUS", Some(7));
                    s.undated
                }));
            }
            let mut out = Vec::new();
            for w in waiting {
                out.push(w.await.unwrap());
            }
            out
        });
        assert_eq!(got, vec![3; 16]);
        assert_eq!(computed.load(std::sync::atomic::Ordering::SeqCst), 1);
        // Landed: the next computation is a new one.
        let a = c.flight("k", None);
        assert!(Arc::ptr_eq(&a, &c.flight("k", None)));
        c.land("k", None);
        assert!(!Arc::ptr_eq(&a, &c.flight("k", None)));
    }

    #[test]
    fn an_entry_serves_its_version_only_and_the_oldest_make_room() {
        let c = SeriesCache::new(2);
        let f = |s: &str| EventFilter {
            source: Some(s.into()),
            target: Some("RUS".into()),
            ..Default::default()
        };
        c.put(SeriesCache::key(&f("USA")), 7, series(1));
        assert_eq!(c.get(&SeriesCache::key(&f("USA")), 7).unwrap().undated, 1);
        assert!(
            c.get(&SeriesCache::key(&f("USA")), 8).is_none(),
            "a newer store"
        );
        c.put(SeriesCache::key(&f("FRA")), 7, series(2));
        c.put(SeriesCache::key(&f("DEU")), 7, series(3));
        assert!(
            c.get(&SeriesCache::key(&f("USA")), 7).is_none(),
            "the oldest went"
        );
        assert!(c.get(&SeriesCache::key(&f("DEU")), 7).is_some());
        let code = EventFilter {
            code: Some("19".into()),
            ..f("DEU")
        };
        assert_ne!(SeriesCache::key(&code), SeriesCache::key(&f("DEU")));
        let off = SeriesCache::new(0);
        off.put("k".into(), 1, series(1));
        assert!(off.get("k", 1).is_none());
    }
}
