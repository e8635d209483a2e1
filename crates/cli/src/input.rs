//! Opening inputs: files or stdin, in any of the formats `ingest` reads (plain
//! text, HTML, JSON Lines, feeds, WARC), gzip-compressed or not.

use std::fs::File;
use std::io::Read;

use anyhow::Result;
use demarche_ingest::{open_reader, read_input, Document, IngestError, Position};

/// Calls `f` with each document of `input` (or the error that replaced it).
/// Errors of one input never stop the others; only `f`'s own errors stop the run.
pub fn for_each_document(
    input: &str,
    mut f: impl FnMut(Result<Document, IngestError>) -> Result<()>,
) -> Result<()> {
    let (name, raw): (&str, Box<dyn Read>) = if input == "-" {
        ("stdin", Box::new(std::io::stdin().lock()))
    } else {
        match File::open(input) {
            Ok(file) => (input, Box::new(file)),
            Err(e) => {
                return f(Err(IngestError::new(
                    input,
                    Position::Whole,
                    format!("cannot open: {e}"),
                )))
            }
        }
    };
    let reader = match open_reader(name, raw) {
        Ok(r) => r,
        Err(e) => return f(Err(e)),
    };
    read_input(name, reader, None, |item| f(item.map(|web| web.doc)))?;
    Ok(())
}
