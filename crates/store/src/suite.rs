//! The store test suite, run against every backend: each test is a function
//! of a fresh, empty store, instantiated once for SQLite (a temporary file) and
//! once for PostgreSQL (a schema of its own in the database that
//! `DEMARCHE_TEST_POSTGRES` names; skipped with the reason when it is unset,
//! failed under `CI=true`). A backend that means something else fails here.

use crate::{
    ActorInfo, ActorKind, ActorMention, DocumentFilter, EventFilter, EventOrder, EventStore,
    NewDocument, NewEvent, ReportPage, Spans, StoreError, MAX_REPORT_MENTIONS,
};

pub(crate) fn actor(code: &str) -> ActorMention {
    ActorMention {
        code: code.into(),
        sector: Some("GOV".into()),
        name: format!("{code} name"),
    }
}

pub(crate) fn event(src: &str, tgt: &str, code: &str, date: &str, at: usize) -> NewEvent {
    NewEvent {
        source: actor(src),
        target: actor(tgt),
        code: code.into(),
        plover: "CONSULT".into(),
        plover_mode: None,
        goldstein: 1.0,
        quad_class: 1,
        date: date.into(),
        mentions: vec![Spans {
            sentence: 0,
            source: [at, at + 3],
            event: [at + 4, at + 7],
            target: [at + 8, at + 11],
        }],
    }
}

pub(crate) fn doc(hash: &str, outlet: &str, events: Vec<NewEvent>) -> NewDocument {
    NewDocument {
        doc_id: hash.into(),
        outlet: Some(outlet.into()),
        url: None,
        title: None,
        date: Some("2017-03-02".into()),
        content_hash: hash.into(),
        text: "USA met RUS. FRA hit DEU.".into(),
        events,
        forum_facts: Vec::new(),
    }
}

pub(crate) fn page_filter() -> EventFilter {
    EventFilter {
        limit: Some(10),
        ..Default::default()
    }
}

/// A document of `size` bytes reporting one event `mentions` times.
pub(crate) fn many_mentions(size: usize, mentions: usize) -> NewDocument {
    let text = "USA met RUS. ".repeat(size / 13);
    let mut e = event("USA", "RUS", "040", "2017-03-07", 0);
    e.mentions = (0..mentions)
        .map(|i| {
            let at = (i % (size / 13)) * 13;
            Spans {
                sentence: i,
                source: [at, at + 3],
                event: [at + 4, at + 7],
                target: [at + 8, at + 11],
            }
        })
        .collect();
    NewDocument {
        doc_id: "big".into(),
        outlet: Some("Wire".into()),
        url: None,
        title: None,
        date: Some("2017-03-07".into()),
        content_hash: "big".into(),
        text,
        events: vec![e],
        forum_facts: Vec::new(),
    }
}

pub(crate) fn orders_quad_classes_dyads_and_countries(s: &mut dyn EventStore) {
    let mut hit = event("FRA", "DEU", "190", "2017-05-01", 13);
    hit.goldstein = -10.0;
    hit.quad_class = 4;
    let batch = vec![
        doc(
            "a",
            "Wire",
            vec![event("USA", "RUS", "040", "2017-03-01", 0), hit],
        ),
        doc(
            "b",
            "Post",
            vec![event("USA", "RUS", "040", "2017-03-01", 0)],
        ),
        doc("c", "Post", vec![event("USA", "RUS", "042", "2016", 0)]),
    ];
    s.write_batch(&batch, &[]).unwrap();
    let read = |f: EventFilter| {
        let mut v = Vec::new();
        s.events(&f, &mut |e| {
            v.push((e.code, e.num_mentions));
            Ok(())
        })
        .unwrap();
        v
    };
    let codes = |f: EventFilter| read(f).into_iter().map(|(c, _)| c).collect::<Vec<_>>();
    let order = |o| EventFilter {
        order: o,
        ..Default::default()
    };
    assert_eq!(codes(order(EventOrder::DateDesc)), ["190", "040", "042"]);
    assert_eq!(codes(order(EventOrder::DateAsc)), ["042", "040", "190"]);
    assert_eq!(codes(order(EventOrder::GoldsteinAsc))[0], "190");
    assert_eq!(read(order(EventOrder::MentionsDesc))[0], ("040".into(), 2));
    let conflict = EventFilter {
        quad_class: Some(4),
        ..Default::default()
    };
    assert_eq!(codes(conflict), ["190"]);
    let cursor = EventFilter {
        after: Some(1),
        order: EventOrder::DateDesc,
        ..Default::default()
    };
    assert!(s.events(&cursor, &mut |_| Ok(())).is_err());
    let dyads = s.top_dyads(&EventFilter::default(), 10).unwrap();
    assert_eq!((dyads[0].source.as_str(), dyads[0].events), ("USA", 2));
    let countries = s.country_counts(&EventFilter::default()).unwrap();
    let n = |c: &str| countries.iter().find(|x| x.country == c).map(|x| x.events);
    assert_eq!(
        (n("USA"), n("RUS"), n("FRA"), n("DEU")),
        (Some(2), Some(2), Some(1), Some(1))
    );
}

pub(crate) fn one_event_many_mentions_and_duplicates_add_nothing(s: &mut dyn EventStore) {
    let batch = vec![
        doc(
            "a",
            "Wire",
            vec![event("USA", "RUS", "040", "2017-03-01", 0)],
        ),
        doc(
            "b",
            "Post",
            vec![event("USA", "RUS", "040", "2017-03-01", 0)],
        ),
        doc("c", "Post", vec![event("FRA", "DEU", "190", "2017-03", 13)]),
        doc(
            "a",
            "Wire",
            vec![event("USA", "RUS", "040", "2017-03-01", 0)],
        ),
    ];
    let sum = s.write_batch(&batch, &[]).unwrap();
    assert_eq!(
        (sum.documents, sum.duplicates, sum.events, sum.mentions),
        (3, 1, 2, 3)
    );
    let again = s.write_batch(&batch, &[]).unwrap();
    assert_eq!(
        (
            again.documents,
            again.duplicates,
            again.events,
            again.mentions
        ),
        (0, 4, 0, 0)
    );
    let c = s.counts().unwrap();
    assert_eq!((c.documents, c.events, c.mentions), (3, 2, 3));
    let mut got = Vec::new();
    s.events(&EventFilter::default(), &mut |e| {
        got.push(e);
        Ok(())
    })
    .unwrap();
    assert_eq!(got.len(), 2);
    let e = &got[0];
    assert_eq!((e.num_mentions, e.num_sources, e.num_articles), (2, 2, 2));
    assert_eq!(
        (e.first.source_text.as_str(), e.first.event_text.as_str()),
        ("USA", "met")
    );
    assert_eq!(e.first.target_text, "RUS");
    assert!(s.has_document("b").unwrap() && !s.has_document("z").unwrap());
}

pub(crate) fn filters_narrow_by_actor_code_and_overlapping_dates(s: &mut dyn EventStore) {
    let batch = vec![
        doc(
            "a",
            "Wire",
            vec![event("USA", "RUS", "040", "2017-03-01", 0)],
        ),
        doc("c", "Post", vec![event("FRA", "DEU", "190", "2017-03", 13)]),
        doc("d", "Post", vec![event("FRA", "DEU", "1823", "2016", 13)]),
    ];
    s.write_batch(&batch, &[]).unwrap();
    let ids = |f: EventFilter| {
        let mut v = Vec::new();
        s.events(&f, &mut |e| {
            v.push(e.code);
            Ok(())
        })
        .unwrap();
        v
    };
    let f =
        |src: Option<&str>, code: Option<&str>, from: Option<&str>, to: Option<&str>| EventFilter {
            source: src.map(Into::into),
            code: code.map(Into::into),
            from: from.map(Into::into),
            to: to.map(Into::into),
            ..Default::default()
        };
    assert_eq!(ids(f(Some("FRA"), None, None, None)), ["190", "1823"]);
    assert_eq!(ids(f(None, Some("18"), None, None)), ["1823"]);
    assert_eq!(ids(f(None, Some("04"), None, None)), ["040"]);
    // A month overlaps a day range inside it; a year overlaps its months.
    assert_eq!(
        ids(f(None, None, Some("2017-03-15"), Some("2017-03-20"))),
        ["190"]
    );
    assert_eq!(
        ids(f(None, None, Some("2016-06"), Some("2016-06"))),
        ["1823"]
    );
    assert_eq!(ids(f(None, None, Some("2017"), None)), ["040", "190"]);
    let limited = EventFilter {
        limit: Some(1),
        ..Default::default()
    };
    assert_eq!(ids(limited).len(), 1);
    assert!(s
        .events(&f(None, Some("4x"), None, None), &mut |_| Ok(()))
        .is_err());
}

pub(crate) fn actors_are_kept_once_and_name_the_event_sides(s: &mut dyn EventStore) {
    let info = ActorInfo {
        code: "USA".into(),
        name: "United States".into(),
        kind: ActorKind::State,
        country: Some("USA".into()),
    };
    let batch = vec![doc(
        "a",
        "Wire",
        vec![event("USA", "RUS", "040", "2017", 0)],
    )];
    s.write_batch(&batch, std::slice::from_ref(&info)).unwrap();
    s.write_batch(&[], &[info]).unwrap();
    assert_eq!(s.counts().unwrap().actors, 1);
    let mut got = Vec::new();
    s.events(&EventFilter::default(), &mut |e| {
        got.push(e);
        Ok(())
    })
    .unwrap();
    assert_eq!(got[0].source.name, "United States");
    assert_eq!(got[0].source.kind, ActorKind::State);
    // Unknown to the actors table: the mention's own name.
    assert_eq!(got[0].target.name, "RUS name");
    assert_eq!(got[0].target.kind, ActorKind::Other);
}

pub(crate) fn pages_weeks_reports_and_actors_are_read_back(s: &mut dyn EventStore) {
    let mut conflict = event("USA", "RUS", "190", "2017-03-08", 13);
    conflict.quad_class = 4;
    conflict.goldstein = -10.0;
    let batch = vec![
        // Monday 2017-03-06 and Sunday 2017-03-12 are one week.
        doc(
            "a",
            "Wire",
            vec![event("USA", "RUS", "040", "2017-03-06", 0)],
        ),
        doc(
            "b",
            "Post",
            vec![event("USA", "RUS", "040", "2017-03-06", 0)],
        ),
        doc("c", "Post", vec![conflict]),
        doc(
            "d",
            "Post",
            vec![event("USA", "RUS", "041", "2017-03-13", 0)],
        ),
        doc("e", "Post", vec![event("USA", "RUS", "042", "2017-03", 0)]),
        doc(
            "f",
            "Post",
            vec![event("RUS", "USA", "040", "2017-03-12", 0)],
        ),
    ];
    let info = ActorInfo {
        code: "USA".into(),
        name: "United States".into(),
        kind: ActorKind::State,
        country: Some("USA".into()),
    };
    s.write_batch(&batch, &[info]).unwrap();

    let ids = |f: EventFilter| {
        let mut v = Vec::new();
        s.events(&f, &mut |e| {
            v.push(e.id);
            Ok(())
        })
        .unwrap();
        v
    };
    let all = ids(EventFilter::default());
    assert_eq!(all.len(), 5);
    let page = |limit, after, offset| EventFilter {
        limit,
        after,
        offset,
        ..Default::default()
    };
    assert_eq!(ids(page(Some(2), None, None)), all[..2]);
    assert_eq!(ids(page(Some(2), Some(all[1]), None)), all[2..4]);
    assert_eq!(ids(page(Some(2), None, Some(3))), all[3..5]);
    assert_eq!(ids(page(None, None, Some(4))), all[4..]);

    let dyad = EventFilter {
        source: Some("USA".into()),
        target: Some("RUS".into()),
        ..Default::default()
    };
    let w = s.weekly(&dyad).unwrap();
    assert_eq!(w.undated, 1);
    let weeks: Vec<_> = w.weeks.iter().map(|w| (w.week.as_str(), w.quad)).collect();
    assert_eq!(
        weeks,
        [("2017-03-06", [1, 0, 0, 1]), ("2017-03-13", [1, 0, 0, 0])]
    );
    assert!((w.weeks[0].goldstein_mean - -4.5).abs() < 1e-9);

    let page = |offset, limit| ReportPage { offset, limit };
    let d = s.event(all[0], page(0, 10)).unwrap().unwrap();
    assert_eq!(d.event.num_articles, 2);
    assert_eq!(d.reports.len(), 2);
    assert_eq!(d.reports[0].doc_id, "a");
    let m = d.reports[0].mentions[0];
    assert_eq!(&d.reports[0].text[m.event[0]..m.event[1]], "met");
    assert_eq!(d.reports[0].mentions_total, 1);
    let first = s.event(all[0], page(0, 1)).unwrap().unwrap();
    assert_eq!(first.reports.len(), 1);
    let second = s.event(all[0], page(1, 1)).unwrap().unwrap();
    assert_eq!(second.reports[0].doc_id, d.reports[1].doc_id);
    assert_eq!(second.reports_offset, 1);
    assert!(s.event(9999, page(0, 10)).unwrap().is_none());
    let huge = EventFilter {
        offset: Some(1 << 63),
        ..page_filter()
    };
    let e = s.events(&huge, &mut |_| Ok(())).unwrap_err();
    assert!(matches!(e, StoreError::Filter(_)), "{e}");
    assert!(matches!(
        s.actors(None, 10, 1 << 63).unwrap_err(),
        StoreError::Filter(_)
    ));

    let usa = s.actor("USA").unwrap().unwrap();
    assert_eq!(
        (usa.name.as_str(), usa.as_source, usa.as_target),
        ("United States", 4, 1)
    );
    let rus = s.actor("RUS").unwrap().unwrap();
    assert_eq!(
        (rus.name.as_str(), rus.kind),
        ("RUS name", ActorKind::Other)
    );
    assert!(s.actor("XXX").unwrap().is_none());
    assert_eq!(s.actors(Some("united"), 10, 0).unwrap().len(), 1);
    assert_eq!(s.actors(Some("100%"), 10, 0).unwrap().len(), 0);
    let c = s.counterparts("USA", 10).unwrap();
    assert_eq!(c.len(), 1);
    assert_eq!(
        (c[0].code.as_str(), c[0].outgoing, c[0].incoming),
        ("RUS", 4, 1)
    );
}

pub(crate) fn documents_are_visited_by_date_text_and_id(s: &mut dyn EventStore) {
    let mut a = doc(
        "a",
        "Wire",
        vec![event("USA", "RUS", "040", "2017-03-01", 0)],
    );
    a.text = "The Arctic Council met.".into();
    a.date = Some("2018-05-01".into());
    let mut b = doc("b", "Post", vec![]);
    b.text = "A 100% different_text.".into();
    b.date = Some("2017-01-02".into());
    let mut c = doc("c", "Post", vec![]);
    c.date = None;
    s.write_batch(&[a, b, c], &[]).unwrap();
    let read = |f: DocumentFilter| {
        let mut out = Vec::new();
        s.documents(&f, &mut |d| {
            out.push(d);
            Ok(())
        })
        .unwrap();
        out
    };
    let all = read(DocumentFilter::default());
    let ids: Vec<&str> = all.iter().map(|d| d.doc_id.as_str()).collect();
    assert_eq!(ids, ["b", "a", "c"]);
    assert_eq!(all[1].events.len(), 1);
    assert_eq!(all[1].events[0].event, [4, 7]);
    assert_eq!(all[1].outlet.as_deref(), Some("Wire"));
    let arctic = read(DocumentFilter {
        any_text: vec!["arctic council".into(), "nothing".into()],
        ..Default::default()
    });
    assert_eq!(arctic.len(), 1);
    assert_eq!(arctic[0].text, "The Arctic Council met.");
    let literal = read(DocumentFilter {
        any_text: vec!["0% d".into()],
        ..Default::default()
    });
    assert_eq!(literal.len(), 1);
    assert!(read(DocumentFilter {
        any_text: vec!["0_ d".into()],
        ..Default::default()
    })
    .is_empty());
    let dated = read(DocumentFilter {
        from: Some("2018".into()),
        ..Default::default()
    });
    let ids: Vec<&str> = dated.iter().map(|d| d.doc_id.as_str()).collect();
    assert_eq!(ids, ["a", "c"]);
    let one = read(DocumentFilter {
        doc_id: Some("b".into()),
        to: Some("2017-01".into()),
        ..Default::default()
    });
    assert_eq!(one.len(), 1);
    let bad = DocumentFilter {
        from: Some("20x".into()),
        ..Default::default()
    };
    assert!(s.documents(&bad, &mut |_| Ok(())).is_err());
}

pub(crate) fn an_event_with_50000_mentions_in_a_large_document_reads_its_text_once(
    s: &mut dyn EventStore,
) {
    s.write_batch(&[many_mentions(2 << 20, 50_000)], &[])
        .unwrap();
    let started = std::time::Instant::now();
    let d = s
        .event(
            1,
            ReportPage {
                offset: 0,
                limit: 10,
            },
        )
        .unwrap()
        .unwrap();
    let took = started.elapsed();
    assert_eq!(d.event.num_mentions, 50_000);
    assert_eq!(d.reports.len(), 1);
    assert_eq!(d.reports[0].mentions.len(), MAX_REPORT_MENTIONS);
    assert_eq!(d.reports[0].mentions_total, 50_000);
    // Once per mention row, this was 100 GB of text copied and sorted.
    assert!(took.as_secs() < 5, "{took:?}");
}

/// Unknown dates come last in both date orders; spans count bytes of UTF-8
/// text whatever precedes them; a name with a NUL character is kept readable.
pub(crate) fn undated_events_sort_last_and_spans_are_bytes(s: &mut dyn EventStore) {
    let mut d = doc("u", "Wire", vec![]);
    // "Ünïcödé 🌍 " is 17 bytes: the spans below start after it.
    d.text = "Ünïcödé 🌍 USA met RUS. FRA hit DEU.".into();
    let mut met = event("USA", "RUS", "040", "", 17);
    met.source.name = "U\0SA".into();
    let hit = event("FRA", "DEU", "190", "2017-05-01", 30);
    d.events = vec![met, hit];
    s.write_batch(&[d], &[]).unwrap();
    let read = |order| {
        let mut v = Vec::new();
        s.events(
            &EventFilter {
                order,
                ..Default::default()
            },
            &mut |e| {
                v.push((e.code, e.first.event_text, e.source.name));
                Ok(())
            },
        )
        .unwrap();
        v
    };
    let desc = read(EventOrder::DateDesc);
    assert_eq!(desc[0].0, "190");
    assert_eq!(desc[1].0, "040", "unknown date last: {desc:?}");
    assert_eq!(read(EventOrder::DateAsc)[1].0, "040");
    assert_eq!(desc[1].1, "met");
    assert_eq!(desc[0].1, "hit");
    assert!(desc[1].2.starts_with('U') && desc[1].2.ends_with("SA"));
    // An unknown date is in no week and no date range.
    let w = s.weekly(&EventFilter::default()).unwrap();
    assert_eq!((w.weeks.len(), w.undated), (1, 1));
    let in_2017 = EventFilter {
        from: Some("2000".into()),
        ..Default::default()
    };
    let mut n = 0;
    s.events(&in_2017, &mut |_| {
        n += 1;
        Ok(())
    })
    .unwrap();
    assert_eq!(n, 1);
}

pub(crate) fn fact(forum: &str, kind: &str, date: &str) -> crate::NewForumFact {
    crate::NewForumFact {
        forum: forum.into(),
        kind: kind.into(),
        date: date.into(),
        record: format!(r#"{{"forum":"{forum}","kind":"{kind}","date":"{date}"}}"#),
    }
}

/// Forum facts are stored with their document, read back by forum in the
/// order stored, and never added twice.
pub(crate) fn forum_facts_are_kept_with_their_documents(s: &mut dyn EventStore) {
    let mut a = doc("a", "Wire", vec![]);
    a.forum_facts = vec![
        fact("NRC", "meeting", "2019-07"),
        fact("G20", "founding", "1999"),
    ];
    let mut b = doc("b", "Wire", vec![]);
    b.forum_facts = vec![fact("NRC", "suspension", "")];
    let dup = a.clone();
    s.write_batch(&[a, b, dup], &[]).unwrap();
    let read = |s: &dyn EventStore, forums: &[&str]| {
        let codes: Vec<String> = forums.iter().map(|f| f.to_string()).collect();
        let mut out = Vec::new();
        s.forum_facts(&codes, &mut |f| {
            out.push((f.document, f.forum, f.kind, f.date, f.record));
            Ok(())
        })
        .unwrap();
        out
    };
    let all = read(s, &[]);
    assert_eq!(all.len(), 3, "{all:?}");
    let nrc = read(s, &["NRC"]);
    let kinds: Vec<&str> = nrc.iter().map(|f| f.2.as_str()).collect();
    assert_eq!(kinds, ["meeting", "suspension"]);
    assert_eq!(nrc[0].3, "2019-07");
    assert!(nrc[0].4.contains(r#""kind":"meeting""#));
    assert_eq!(read(s, &["G20", "ASEAN"]).len(), 1);
    assert!(read(s, &["ASEAN"]).is_empty());
    // Documents written now were read for facts: none is left to read, and
    // adding facts to one again adds nothing.
    let mut unread = 0;
    let without = DocumentFilter {
        without_forum_facts: true,
        ..Default::default()
    };
    s.documents(&without, &mut |_| {
        unread += 1;
        Ok(())
    })
    .unwrap();
    assert_eq!(unread, 0);
    s.add_forum_facts(&[(nrc[0].0, vec![fact("NRC", "meeting", "2020")])])
        .unwrap();
    assert_eq!(read(s, &["NRC"]).len(), 2);
}

/// `s` holds two documents, `a` and `b`, stored before forum facts were kept:
/// both are found unread, and once their facts are added, neither is.
pub(crate) fn legacy_documents_get_their_facts_once(s: &mut dyn EventStore) {
    let unread = |s: &dyn EventStore| {
        let mut out = Vec::new();
        let f = DocumentFilter {
            without_forum_facts: true,
            ..Default::default()
        };
        s.documents(&f, &mut |d| {
            out.push((d.id, d.doc_id));
            Ok(())
        })
        .unwrap();
        out
    };
    let before = unread(s);
    let names: Vec<&str> = before.iter().map(|(_, d)| d.as_str()).collect();
    assert_eq!(names, ["a", "b"]);
    s.add_forum_facts(&[(before[0].0, vec![fact("NRC", "meeting", "2019")])])
        .unwrap();
    assert_eq!(unread(s).len(), 1);
    // Read again (another process was quicker): nothing is added twice.
    s.add_forum_facts(&[
        (before[0].0, vec![fact("NRC", "meeting", "2019")]),
        (before[1].0, vec![]),
    ])
    .unwrap();
    assert!(unread(s).is_empty());
    let mut n = 0;
    s.forum_facts(&[], &mut |_| {
        n += 1;
        Ok(())
    })
    .unwrap();
    assert_eq!(n, 1);
}

/// The events' version grows with every new event and with nothing else, so
/// that a cache of what events say (the server's weekly series) is never stale.
pub(crate) fn the_events_version_grows_with_new_events_only(s: &mut dyn EventStore) {
    let empty = s.events_version().unwrap().expect("the store can tell");
    s.write_batch(
        &[doc(
            "a",
            "Wire",
            vec![event("USA", "RUS", "040", "2017-03-01", 0)],
        )],
        &[],
    )
    .unwrap();
    let one = s.events_version().unwrap().unwrap();
    assert!(one > empty);
    // A second report of the same event, and a duplicate document: no new event.
    s.write_batch(
        &[
            doc(
                "b",
                "Post",
                vec![event("USA", "RUS", "040", "2017-03-01", 0)],
            ),
            doc(
                "a",
                "Wire",
                vec![event("FRA", "DEU", "190", "2017-03-01", 13)],
            ),
        ],
        &[],
    )
    .unwrap();
    assert_eq!(s.events_version().unwrap().unwrap(), one);
    s.write_batch(
        &[doc(
            "c",
            "Post",
            vec![event("FRA", "DEU", "190", "2017-03-01", 13)],
        )],
        &[],
    )
    .unwrap();
    assert!(s.events_version().unwrap().unwrap() > one);
}

/// Instantiates each suite function as a test for both backends.
macro_rules! suite {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[test]
                fn $name() {
                    let path = crate::testing::temp_sqlite(stringify!($name));
                    let mut s = crate::SqliteStore::open(&path).unwrap();
                    super::$name(&mut s);
                }
            )*
        }
        mod postgres {
            $(
                #[test]
                fn $name() {
                    let Some(url) = crate::testing::postgres_url(stringify!($name)) else {
                        return;
                    };
                    let mut s = crate::PostgresStore::open(&url).unwrap();
                    super::$name(&mut s);
                }
            )*
        }
    };
}

suite!(
    orders_quad_classes_dyads_and_countries,
    one_event_many_mentions_and_duplicates_add_nothing,
    filters_narrow_by_actor_code_and_overlapping_dates,
    actors_are_kept_once_and_name_the_event_sides,
    pages_weeks_reports_and_actors_are_read_back,
    documents_are_visited_by_date_text_and_id,
    an_event_with_50000_mentions_in_a_large_document_reads_its_text_once,
    undated_events_sort_last_and_spans_are_bytes,
    forum_facts_are_kept_with_their_documents,
    the_events_version_grows_with_new_events_only,
);
