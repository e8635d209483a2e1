//! Plain text through the whole-file path of `code` and `ingest`.
#![no_main]

mod check;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    check::read_as("report.txt", data);
    // Without a name the content decides (stdin): any kind may come out.
    check::read_as("stdin", data);
});
