//! RSS, Atom and RDF feeds, whole or item by item when broken.
#![no_main]

mod check;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let items = demarche_ingest::read_feed("feed.xml", data);
    assert!(!items.is_empty(), "a feed gives at least one item or error");
    check::items("feed.xml", &items);
});
