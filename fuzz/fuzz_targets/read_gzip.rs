//! Gzip streams (one member or several), decompressed as `code` and `ingest` read them.
#![no_main]

mod check;

use std::io::Read;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(reader) = demarche_ingest::gunzip(std::io::Cursor::new(data.to_vec())) {
        // A small input may stand for a large output: read a bounded part.
        let mut out = Vec::new();
        let _ = reader.take(16 << 20).read_to_end(&mut out);
    }
    check::read_as("news.jsonl.gz", data);
    check::read_as("report.txt.gz", data);
});
