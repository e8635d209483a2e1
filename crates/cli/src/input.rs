//! Opening inputs: files or stdin, in any of the document formats.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};

use anyhow::Result;
use demarche_ingest::{
    detect_format, read_document, Document, Format, IngestError, JsonLines, Position,
};

/// Calls `f` with each document of `input` (or the error that replaced it).
/// Errors of one input never stop the others; only `f`'s own errors stop the run.
pub fn for_each_document(
    input: &str,
    mut f: impl FnMut(Result<Document, IngestError>) -> Result<()>,
) -> Result<()> {
    let reader: Box<dyn Read> = if input == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        match File::open(input) {
            Ok(file) => Box::new(file),
            Err(e) => {
                return f(Err(IngestError::new(
                    input,
                    Position::Whole,
                    format!("cannot open: {e}"),
                )))
            }
        }
    };
    // "news.jsonl.gz": decompressed as it is read, its format from the inner name.
    let inner = demarche_ingest::gzip_inner_name(input).filter(|_| input != "-");
    let mut reader: Box<dyn BufRead> = match inner {
        Some(_) => match demarche_ingest::gunzip(reader) {
            Ok(r) => r,
            Err(e) => {
                return f(Err(IngestError::new(
                    input,
                    Position::Whole,
                    format!("not gzip: {e}"),
                )))
            }
        },
        None => Box::new(BufReader::with_capacity(1 << 16, reader)),
    };
    let head = match reader.fill_buf() {
        Ok(h) => h.to_vec(),
        Err(e) => {
            return f(Err(IngestError::new(
                input,
                Position::Whole,
                format!("cannot read: {e}"),
            )))
        }
    };
    let name = if input == "-" { "stdin" } else { input };
    match detect_format(inner.unwrap_or(name), &head) {
        Format::JsonLines => {
            for doc in JsonLines::new(name, reader) {
                f(doc)?;
            }
            Ok(())
        }
        format => {
            let mut bytes = Vec::new();
            // Read one byte past the limit so an oversized file is reported, not truncated.
            let limit = demarche_ingest::MAX_DOCUMENT_BYTES as u64 + 1;
            if let Err(e) = reader.take(limit).read_to_end(&mut bytes) {
                return f(Err(IngestError::new(
                    name,
                    Position::Byte(bytes.len()),
                    format!("read error: {e}"),
                )));
            }
            f(read_document(name, format, bytes))
        }
    }
}
