//! HTML pages: the depth guard, the parser and the text collection.
#![no_main]

mod check;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    check::read_as("page.html", data);
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(doc) = demarche_ingest::read_html("page.html", text) {
            check::document(&doc);
        }
    }
});
