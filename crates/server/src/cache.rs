//! Weekly series already computed, by filter and store version: the dashboard
//! asks for the same dyads again and again, and a busy dyad's series reads tens
//! of thousands of events. An entry is good while the store holds no newer event
//! (events are only ever added); the oldest entries make room for new ones.
//! Entries keep the series with its empty weeks filled in, as answers give it,
//! so a hit costs only its serialisation.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use demarche_store::EventFilter;

use crate::weeks::FilledSeries;

pub(crate) struct SeriesCache {
    capacity: usize,
    inner: Mutex<Entries>,
}

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
