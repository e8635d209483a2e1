//! JSON Lines records, the line limit and the record checks.
#![no_main]

mod check;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let items = check::read_as("news.jsonl", data);
    assert!(
        !items.is_empty(),
        "a JSON Lines input gives at least one item"
    );
});
