//! WARC framing, resynchronisation and the HTTP payloads inside.
#![no_main]

mod check;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let reader = Box::new(std::io::Cursor::new(data.to_vec()));
    if let Ok(docs) = demarche_ingest::read_warc("crawl.warc", reader) {
        let items: Vec<_> = docs.collect();
        check::items("crawl.warc", &items);
    }
});
