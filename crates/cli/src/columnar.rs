//! `demarche export --format parquet`: the events of a store as one Parquet
//! file with a typed schema (dates as dates, counts as integers, codes as
//! strings so that `040` keeps its zero), for analytics engines (DuckDB, Spark,
//! pandas, BigQuery).
//!
//! Events are streamed from the store through [`EventStore::events`] and
//! written in record batches of [`BATCH_ROWS`]; the writer flushes a row group
//! every [`ROW_GROUP_ROWS`] events, so memory does not grow with the store.
//! The file is written through [`crate::atomic::AtomicFile`]: beside its
//! destination under a temporary name, renamed into place once complete.
//!
//! The schema is [`COLUMNS`]; README's table of Parquet columns is held against
//! it by a test.

use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result};
use arrow_array::builder::{
    Date32Builder, Float64Builder, Int64Builder, Int8Builder, StringBuilder,
    TimestampMicrosecondBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef, TimeUnit};
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::{EnabledStatistics, WriterProperties};

use demarche_store::{EventFilter, EventStore, StoredEvent};

use crate::export::{date_precision, each_event, event_day_opt};

/// Events per record batch handed to the writer.
pub const BATCH_ROWS: usize = 8_192;
/// Events per row group: the unit engines read in parallel and skip by their
/// statistics; also what the writer holds in memory before writing it out.
pub const ROW_GROUP_ROWS: usize = 65_536;
/// A row group is also closed once its encoded size passes this, should the
/// evidence of some events be long.
const ROW_GROUP_BYTES: usize = 64 << 20;
/// The version of [`COLUMNS`], in the file's metadata under `demarche.schema`:
/// raised when a column changes meaning or type (added columns do not).
pub const SCHEMA_VERSION: &str = "1";

/// The type of a column, as Arrow (and pyarrow) names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Int64,
    Int8,
    Float64,
    Utf8,
    Date32,
    /// Microseconds since 1970, UTC.
    Timestamp,
}

impl Kind {
    pub fn data_type(self) -> DataType {
        match self {
            Kind::Int64 => DataType::Int64,
            Kind::Int8 => DataType::Int8,
            Kind::Float64 => DataType::Float64,
            Kind::Utf8 => DataType::Utf8,
            Kind::Date32 => DataType::Date32,
            Kind::Timestamp => DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
        }
    }

    /// The type as pyarrow prints it (`str(field.type)`), which README's table uses.
    #[cfg(test)]
    pub fn arrow_name(self) -> &'static str {
        match self {
            Kind::Int64 => "int64",
            Kind::Int8 => "int8",
            Kind::Float64 => "double",
            Kind::Utf8 => "string",
            Kind::Date32 => "date32[day]",
            Kind::Timestamp => "timestamp[us, tz=UTC]",
        }
    }
}

/// One column of the file: its name, type, whether it can be null, and what it holds.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub kind: Kind,
    pub nullable: bool,
    pub meaning: &'static str,
}

/// What is computed once per event for several columns.
struct Derived {
    date: Option<i32>,
    date_end: Option<i32>,
    precision: &'static str,
    published: Option<i32>,
    first_seen: Option<i64>,
    goldstein: f64,
}

fn days(d: NaiveDate) -> i32 {
    // Date32 counts days from 1970-01-01; every year 1..=9999 fits an i32.
    (d - NaiveDate::from_ymd_opt(1970, 1, 1).expect("a calendar date")).num_days() as i32
}

impl Derived {
    fn of(e: &StoredEvent) -> Derived {
        let precision = date_precision(e);
        let first = event_day_opt(e).and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d));
        // The last day of the period the text gives: a month's or a year's.
        let last = first.and_then(|d| match precision {
            "month" => {
                let next = if d.month() == 12 {
                    NaiveDate::from_ymd_opt(d.year() + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(d.year(), d.month() + 1, 1)
                };
                next.and_then(|n| n.pred_opt())
            }
            "year" => NaiveDate::from_ymd_opt(d.year(), 12, 31),
            _ => Some(d),
        });
        Derived {
            date: first.map(days),
            date_end: last.map(days),
            precision,
            published: e
                .first
                .published
                .as_deref()
                .and_then(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").ok())
                .map(days),
            first_seen: NaiveDateTime::parse_from_str(&e.first_seen, "%Y-%m-%dT%H:%M:%SZ")
                .ok()
                .map(|t| t.and_utc().timestamp_micros()),
            // The store keeps an f32; its shortest decimal (2.8, not
            // 2.799999952316284) is the weight the CAMEO table gives.
            goldstein: e
                .goldstein
                .to_string()
                .parse()
                .unwrap_or(e.goldstein as f64),
        }
    }
}

fn count(n: u64) -> Option<i64> {
    i64::try_from(n).ok()
}

fn position(n: usize) -> Option<i64> {
    i64::try_from(n).ok()
}

/// Declares the columns once: the schema table, a builder per column, and how
/// an event fills each, so that they cannot fall out of step.
macro_rules! columns {
    ($( $name:ident : $kind:ident, $nullable:literal, $meaning:literal, |$e:ident, $d:ident| $value:expr; )*) => {
        /// Every column of the Parquet export, in file order.
        pub const COLUMNS: &[Column] = &[
            $( Column { name: stringify!($name), kind: Kind::$kind, nullable: $nullable, meaning: $meaning }, )*
        ];

        struct Builders {
            $( $name: builder_type!($kind), )*
        }

        impl Builders {
            fn new() -> Builders {
                Builders { $( $name: new_builder!($kind), )* }
            }

            fn push(&mut self, e: &StoredEvent) {
                let d = Derived::of(e);
                $( self.$name.append_option({ let ($e, $d) = (e, &d); let _ = ($e, $d); $value }); )*
            }

            fn finish(&mut self) -> Vec<ArrayRef> {
                vec![ $( Arc::new(self.$name.finish()) as ArrayRef, )* ]
            }
        }
    };
}

macro_rules! builder_type {
    (Int64) => {
        Int64Builder
    };
    (Int8) => {
        Int8Builder
    };
    (Float64) => {
        Float64Builder
    };
    (Utf8) => {
        StringBuilder
    };
    (Date32) => {
        Date32Builder
    };
    (Timestamp) => {
        TimestampMicrosecondBuilder
    };
}

macro_rules! new_builder {
    (Utf8) => {
        StringBuilder::with_capacity(BATCH_ROWS, BATCH_ROWS * 16)
    };
    (Timestamp) => {
        TimestampMicrosecondBuilder::with_capacity(BATCH_ROWS).with_timezone("UTC")
    };
    ($other:ident) => {
        <builder_type!($other)>::with_capacity(BATCH_ROWS)
    };
}

columns! {
    id: Int64, false, "the store's event id (`demarche-{id}` in PLOVER, `GLOBALEVENTID` in GDELT)",
        |e, d| Some(e.id);
    date: Date32, true, "the event's day; a month or a year on its first day; an event the text does not date, on its report's publication day, else the day the store first saw it (null only where none of these is a calendar date)",
        |e, d| d.date;
    date_end: Date32, true, "the last day of the period the text gives (a month's last day, 31 December of a year); `date` itself otherwise",
        |e, d| d.date_end;
    date_precision: Utf8, false, "what `date` rests on: `day`, `month` or `year` as the text gave it, `publication` or `ingestion` (as PLOVER's `date_precision`)",
        |e, d| Some(d.precision);
    source: Utf8, false, "source actor code (`USA`, `NATO`)",
        |e, d| Some(&e.source.code);
    source_sector: Utf8, true, "source actor's sector (`GOV`, `MIL`), when named",
        |e, d| e.source.sector.as_deref();
    source_name: Utf8, false, "source actor's canonical name",
        |e, d| Some(&e.source.name);
    source_kind: Utf8, false, "`state`, `organisation` or `other`",
        |e, d| Some(e.source.kind.as_str());
    source_country: Utf8, true, "ISO 3166-1 alpha-3 code of the source's state, when it has one",
        |e, d| e.source.country.as_deref();
    target: Utf8, false, "target actor code",
        |e, d| Some(&e.target.code);
    target_sector: Utf8, true, "target actor's sector, when named",
        |e, d| e.target.sector.as_deref();
    target_name: Utf8, false, "target actor's canonical name",
        |e, d| Some(&e.target.name);
    target_kind: Utf8, false, "`state`, `organisation` or `other`",
        |e, d| Some(e.target.kind.as_str());
    target_country: Utf8, true, "ISO 3166-1 alpha-3 code of the target's state, when it has one",
        |e, d| e.target.country.as_deref();
    code: Utf8, false, "CAMEO event code, 2 to 4 digits, leading zero kept (`042`)",
        |e, d| Some(&e.code);
    root: Utf8, false, "CAMEO root code, 2 digits (`04`)",
        |e, d| Some(&e.root);
    plover: Utf8, false, "PLOVER event type (`CONSULT`, `ACCUSE`)",
        |e, d| Some(&e.plover);
    plover_mode: Utf8, true, "PLOVER mode, where the CAMEO code gives one",
        |e, d| e.plover_mode.as_deref();
    goldstein: Float64, false, "Goldstein weight of the CAMEO code, -10 to 10",
        |e, d| Some(d.goldstein);
    quad_class: Int8, false, "QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict",
        |e, d| i8::try_from(e.quad_class).ok();
    num_mentions: Int64, false, "reports of the event, all documents together",
        |e, d| count(e.num_mentions);
    num_sources: Int64, false, "distinct named outlets that reported it",
        |e, d| count(e.num_sources);
    num_articles: Int64, false, "distinct documents that reported it",
        |e, d| count(e.num_articles);
    first_seen: Timestamp, true, "when the store first saw the event (UTC)",
        |e, d| d.first_seen;
    doc_id: Utf8, false, "the first report's document id (JSON Lines `id`, file name, feed item id, WARC target URI)",
        |e, d| Some(&e.first.doc_id);
    url: Utf8, true, "the first report's URL",
        |e, d| e.first.url.as_deref();
    outlet: Utf8, true, "the first report's outlet",
        |e, d| e.first.outlet.as_deref();
    title: Utf8, true, "the first report's title",
        |e, d| e.first.title.as_deref();
    published: Date32, true, "the first report's publication day",
        |e, d| d.published;
    sentence: Int64, false, "index of the first report's sentence in its document (0 is the first)",
        |e, d| position(e.first.sentence);
    source_text: Utf8, false, "the words that name the source in the first report",
        |e, d| Some(&e.first.source_text);
    event_text: Utf8, false, "the words that carry the event",
        |e, d| Some(&e.first.event_text);
    target_text: Utf8, false, "the words that name the target (empty when the text names none)",
        |e, d| Some(&e.first.target_text);
    source_start: Int64, false, "byte offset of `source_text` in the document's text",
        |e, d| position(e.first.spans[0][0]);
    source_end: Int64, false, "byte offset just past `source_text`",
        |e, d| position(e.first.spans[0][1]);
    event_start: Int64, false, "byte offset of `event_text`",
        |e, d| position(e.first.spans[1][0]);
    event_end: Int64, false, "byte offset just past `event_text`",
        |e, d| position(e.first.spans[1][1]);
    target_start: Int64, false, "byte offset of `target_text`",
        |e, d| position(e.first.spans[2][0]);
    target_end: Int64, false, "byte offset just past `target_text`",
        |e, d| position(e.first.spans[2][1]);
}

/// The Arrow schema of [`COLUMNS`]; each field carries its meaning as
/// `description` metadata, so the file describes itself to Arrow readers.
pub fn schema() -> SchemaRef {
    let fields: Vec<Field> = COLUMNS
        .iter()
        .map(|c| {
            Field::new(c.name, c.kind.data_type(), c.nullable).with_metadata(
                [("description".to_string(), c.meaning.to_string())]
                    .into_iter()
                    .collect::<std::collections::HashMap<String, String>>(),
            )
        })
        .collect();
    Arc::new(Schema::new(fields))
}

fn properties() -> WriterProperties {
    WriterProperties::builder()
        .set_compression(Compression::ZSTD(
            ZstdLevel::try_new(3).expect("3 is a zstd level"),
        ))
        .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
        .set_max_row_group_bytes(Some(ROW_GROUP_BYTES))
        // Minimum, maximum and null count of every column, per row group and
        // per page (the page index), so engines skip what a filter excludes;
        // long strings are cut to 64 bytes there.
        .set_statistics_enabled(EnabledStatistics::Page)
        .set_statistics_truncate_length(Some(64))
        .set_created_by(format!("demarche {}", env!("CARGO_PKG_VERSION")))
        .set_key_value_metadata(Some(vec![KeyValue::new(
            "demarche.schema".to_string(),
            SCHEMA_VERSION.to_string(),
        )]))
        .build()
}

/// Writes events into a Parquet writer in batches.
pub struct EventBatches<W: std::io::Write + Send> {
    writer: ArrowWriter<W>,
    schema: SchemaRef,
    builders: Builders,
    pending: usize,
    rows: u64,
}

impl<W: std::io::Write + Send> EventBatches<W> {
    pub fn new(out: W) -> Result<Self> {
        let schema = schema();
        let writer = ArrowWriter::try_new(out, schema.clone(), Some(properties()))
            .context("starting the Parquet writer")?;
        Ok(EventBatches {
            writer,
            schema,
            builders: Builders::new(),
            pending: 0,
            rows: 0,
        })
    }

    pub fn write(&mut self, e: &StoredEvent) -> Result<()> {
        self.builders.push(e);
        self.pending += 1;
        self.rows += 1;
        if self.pending == BATCH_ROWS {
            self.flush_batch()?;
        }
        Ok(())
    }

    fn flush_batch(&mut self) -> Result<()> {
        if self.pending == 0 {
            return Ok(());
        }
        self.pending = 0;
        let batch = RecordBatch::try_new(self.schema.clone(), self.builders.finish())
            .context("building a record batch")?;
        self.writer.write(&batch).context("writing Parquet")?;
        Ok(())
    }

    /// Writes what is left and the file's footer; returns the writer, the
    /// events written and the row groups.
    pub fn finish(mut self) -> Result<(W, u64, usize)> {
        self.flush_batch()?;
        self.writer.flush().context("writing Parquet")?;
        let groups = self.writer.flushed_row_groups().len();
        let out = self
            .writer
            .into_inner()
            .context("writing the Parquet footer")?;
        Ok((out, self.rows, groups))
    }
}

/// What [`write`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub events: u64,
    pub row_groups: usize,
    pub bytes: u64,
}

/// Writes the events `filter` selects to `out` as Parquet, through a temporary
/// file in the same directory renamed into place only when complete.
pub fn write(store: &dyn EventStore, filter: &EventFilter, out: &Path) -> Result<Written> {
    // Deleted on any error below.
    let file = crate::atomic::AtomicFile::create(out)?;
    let mut batches = EventBatches::new(file)?;
    each_event(store, filter, |e| batches.write(e))?;
    let (file, events, row_groups) = batches.finish()?;
    let bytes = file.commit()?;
    Ok(Written {
        events,
        row_groups,
        bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Date32Type, Float64Type, Int64Type, Int8Type};
    use arrow_array::Array;
    use demarche_store::{ActorKind, FirstReport, StoredActor};
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    use parquet::file::reader::{FileReader, SerializedFileReader};

    fn actor(code: &str, kind: ActorKind, sector: Option<&str>) -> StoredActor {
        StoredActor {
            code: code.into(),
            sector: sector.map(Into::into),
            name: format!("{code} name"),
            kind,
            country: (kind == ActorKind::State).then(|| code.to_string()),
        }
    }

    fn event(id: i64, date: &str, code: &str) -> StoredEvent {
        StoredEvent {
            id,
            date: date.into(),
            source: actor("USA", ActorKind::State, Some("GOV")),
            target: actor("NATO", ActorKind::Organisation, None),
            code: code.into(),
            root: code[..2].into(),
            plover: "CONSULT".into(),
            plover_mode: None,
            goldstein: 2.8,
            quad_class: 1,
            first_seen: "2026-11-28T10:11:12Z".into(),
            num_mentions: 3,
            num_sources: 2,
            num_articles: 2,
            first: FirstReport {
                doc_id: format!("doc-{id}"),
                url: Some("https://example.org/a".into()),
                outlet: None,
                title: Some("Talks".into()),
                published: Some("2017-03-02".into()),
                sentence: 4,
                spans: [[0, 1], [2, 3], [4, 5]],
                source_text: "a".into(),
                event_text: "b".into(),
                target_text: "".into(),
            },
        }
    }

    fn day(s: &str) -> i32 {
        days(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap())
    }

    fn write_to_vec(events: &[StoredEvent]) -> Vec<u8> {
        let mut w = EventBatches::new(Vec::new()).unwrap();
        for e in events {
            w.write(e).unwrap();
        }
        let (bytes, n, _) = w.finish().unwrap();
        assert_eq!(n, events.len() as u64);
        bytes
    }

    #[test]
    fn the_parquet_crate_reads_back_types_and_values() {
        let mut events = vec![
            event(1, "2017-03-01", "042"),
            event(2, "2016-02", "1823"),
            event(3, "2017", "04"),
            event(4, "", "112"),
        ];
        events[3].first.published = None;
        let bytes = write_to_vec(&events);
        let reader = ParquetRecordBatchReaderBuilder::try_new(bytes::Bytes::from(bytes))
            .unwrap()
            .build()
            .unwrap();
        let batches: Vec<RecordBatch> = reader.map(|b| b.unwrap()).collect();
        assert_eq!(batches.len(), 1);
        let b = &batches[0];
        assert_eq!(b.schema().fields().len(), COLUMNS.len());
        for (field, c) in b.schema().fields().iter().zip(COLUMNS) {
            assert_eq!(field.name(), c.name);
            assert_eq!(field.data_type(), &c.kind.data_type(), "{}", c.name);
            assert_eq!(field.is_nullable(), c.nullable, "{}", c.name);
        }
        let col = |name: &str| b.column_by_name(name).unwrap();
        let strings = |name: &str| -> Vec<Option<String>> {
            col(name)
                .as_string::<i32>()
                .iter()
                .map(|s| s.map(String::from))
                .collect()
        };
        let dates = col("date").as_primitive::<Date32Type>();
        let ends = col("date_end").as_primitive::<Date32Type>();
        assert_eq!(dates.value(0), day("2017-03-01"));
        assert_eq!(ends.value(0), day("2017-03-01"));
        // A month runs from its first day to its last (2016 is a leap year).
        assert_eq!(dates.value(1), day("2016-02-01"));
        assert_eq!(ends.value(1), day("2016-02-29"));
        assert_eq!(ends.value(2), day("2017-12-31"));
        // No date of its own nor a publication date: the day the store saw it.
        assert_eq!(dates.value(3), day("2026-11-28"));
        assert_eq!(
            strings("date_precision"),
            ["day", "month", "year", "ingestion"].map(|s| Some(s.to_string()))
        );
        assert_eq!(strings("code")[0].as_deref(), Some("042"));
        assert_eq!(strings("root")[2].as_deref(), Some("04"));
        assert_eq!(strings("source_sector")[0].as_deref(), Some("GOV"));
        assert_eq!(strings("target_sector")[0], None);
        assert_eq!(strings("target_country")[0], None);
        assert_eq!(strings("source_country")[0].as_deref(), Some("USA"));
        assert_eq!(strings("target_kind")[0].as_deref(), Some("organisation"));
        assert_eq!(strings("outlet")[0], None);
        assert_eq!(strings("target_text")[0].as_deref(), Some(""));
        let g = col("goldstein").as_primitive::<Float64Type>();
        assert_eq!(
            g.value(0),
            2.8,
            "the CAMEO weight, not the f32's binary noise"
        );
        assert_eq!(col("quad_class").as_primitive::<Int8Type>().value(0), 1);
        let int = |name: &str, row: usize| col(name).as_primitive::<Int64Type>().value(row);
        assert_eq!(int("id", 3), 4);
        assert_eq!(int("num_mentions", 0), 3);
        assert_eq!(int("num_sources", 0), 2);
        assert_eq!(int("sentence", 0), 4);
        assert_eq!(int("event_start", 0), 2);
        assert_eq!(int("target_end", 0), 5);
        let published = col("published").as_primitive::<Date32Type>();
        assert_eq!(published.value(0), day("2017-03-02"));
        assert!(published.is_null(3));
        let seen = col("first_seen").as_primitive::<arrow_array::types::TimestampMicrosecondType>();
        let when = NaiveDate::from_ymd_opt(2026, 11, 28)
            .unwrap()
            .and_hms_opt(10, 11, 12)
            .unwrap();
        assert_eq!(seen.value(0), when.and_utc().timestamp_micros());
    }

    #[test]
    fn row_groups_are_bounded_and_carry_statistics() {
        let events: Vec<StoredEvent> = (0..(ROW_GROUP_ROWS as i64 * 2 + 10))
            .map(|i| event(i + 1, "2017-03-01", if i % 2 == 0 { "042" } else { "190" }))
            .collect();
        let bytes = write_to_vec(&events);
        let reader = SerializedFileReader::new(bytes::Bytes::from(bytes)).unwrap();
        let meta = reader.metadata();
        assert_eq!(meta.num_row_groups(), 3);
        assert_eq!(meta.file_metadata().num_rows(), events.len() as i64);
        let kv = meta.file_metadata().key_value_metadata().unwrap();
        assert!(kv
            .iter()
            .any(|k| k.key == "demarche.schema" && k.value.as_deref() == Some(SCHEMA_VERSION)));
        let id = COLUMNS.iter().position(|c| c.name == "id").unwrap();
        let code = COLUMNS.iter().position(|c| c.name == "code").unwrap();
        for (i, rg) in meta.row_groups().iter().enumerate() {
            assert!(rg.num_rows() as usize <= ROW_GROUP_ROWS);
            let stats = rg.column(id).statistics().expect("id statistics");
            let first = (i * ROW_GROUP_ROWS + 1) as i64;
            assert_eq!(
                stats.min_bytes_opt().unwrap(),
                first.to_le_bytes().as_slice(),
                "row group {i} starts at id {first}"
            );
            // Floats' minimum and maximum, in the IEEE 754 total order.
            let g = COLUMNS.iter().position(|c| c.name == "goldstein").unwrap();
            let stats = rg.column(g).statistics().expect("goldstein statistics");
            assert_eq!(stats.min_bytes_opt(), Some(2.8f64.to_le_bytes().as_slice()));
            let stats = rg.column(code).statistics().expect("code statistics");
            assert_eq!(stats.min_bytes_opt(), Some(b"042".as_slice()));
            assert_eq!(stats.null_count_opt(), Some(0));
            // (The footer names the codec, not its level.)
            assert!(matches!(
                rg.column(code).compression(),
                Compression::ZSTD(_)
            ));
        }
    }

    /// A store whose reading fails part way, as a lost disk or connection would.
    struct FailingStore {
        events_before_failing: i64,
    }

    impl EventStore for FailingStore {
        fn has_document(&self, _: &str) -> demarche_store::Result<bool> {
            unreachable!()
        }
        fn write_batch(
            &mut self,
            _: &[demarche_store::NewDocument],
            _: &[demarche_store::ActorInfo],
        ) -> demarche_store::Result<demarche_store::BatchSummary> {
            unreachable!()
        }
        fn counts(&self) -> demarche_store::Result<demarche_store::Counts> {
            unreachable!()
        }
        fn events(
            &self,
            _: &EventFilter,
            visit: &mut dyn FnMut(
                StoredEvent,
            )
                -> Result<(), Box<dyn std::error::Error + Send + Sync>>,
        ) -> demarche_store::Result<()> {
            for id in 1..=self.events_before_failing {
                visit(event(id, "2017-03-01", "042"))
                    .map_err(demarche_store::StoreError::Visitor)?;
            }
            Err(demarche_store::StoreError::Backend(
                "the disk went away".into(),
            ))
        }
        fn event(
            &self,
            _: i64,
            _: demarche_store::ReportPage,
        ) -> demarche_store::Result<Option<demarche_store::EventDetail>> {
            unreachable!()
        }
        fn weekly(&self, _: &EventFilter) -> demarche_store::Result<demarche_store::WeeklySeries> {
            unreachable!()
        }
        fn actors(
            &self,
            _: Option<&str>,
            _: usize,
            _: usize,
        ) -> demarche_store::Result<Vec<demarche_store::ActorSummary>> {
            unreachable!()
        }
        fn actor(&self, _: &str) -> demarche_store::Result<Option<demarche_store::ActorSummary>> {
            unreachable!()
        }
        fn forum_facts(
            &self,
            _: &[String],
            _: &mut dyn FnMut(
                demarche_store::StoredForumFact,
            ) -> Result<(), Box<dyn std::error::Error + Send + Sync>>,
        ) -> demarche_store::Result<()> {
            unreachable!()
        }
        fn add_forum_facts(
            &mut self,
            _: &[(i64, Vec<demarche_store::NewForumFact>)],
        ) -> demarche_store::Result<()> {
            unreachable!()
        }
        fn counterparts(
            &self,
            _: &str,
            _: usize,
        ) -> demarche_store::Result<Vec<demarche_store::Counterpart>> {
            unreachable!()
        }
        fn top_dyads(
            &self,
            _: &EventFilter,
            _: usize,
        ) -> demarche_store::Result<Vec<demarche_store::DyadCount>> {
            unreachable!()
        }
        fn country_counts(
            &self,
            _: &EventFilter,
        ) -> demarche_store::Result<Vec<demarche_store::CountryCount>> {
            unreachable!()
        }
        fn documents(
            &self,
            _: &demarche_store::DocumentFilter,
            _: &mut dyn FnMut(
                demarche_store::StoredDocument,
            ) -> Result<(), Box<dyn std::error::Error + Send + Sync>>,
        ) -> demarche_store::Result<()> {
            unreachable!()
        }
    }

    #[test]
    fn a_store_failing_part_way_leaves_neither_file_nor_temporary() {
        let dir = std::env::temp_dir().join(format!("demarche-columnar-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let out = dir.join("events.parquet");
        // Past two row groups written to the temporary file.
        let store = FailingStore {
            events_before_failing: ROW_GROUP_ROWS as i64 * 2 + 5,
        };
        let err = write(&store, &EventFilter::default(), &out).unwrap_err();
        assert!(format!("{err:#}").contains("the disk went away"), "{err:#}");
        let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        assert!(left.is_empty(), "{left:?}");
        // A file already there stays as it was.
        std::fs::write(&out, "an earlier export").unwrap();
        assert!(write(&store, &EventFilter::default(), &out).is_err());
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "an earlier export");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn column_names_are_unique_and_match_csv_where_shared() {
        let names: std::collections::HashSet<_> = COLUMNS.iter().map(|c| c.name).collect();
        assert_eq!(names.len(), COLUMNS.len());
        // A column named as a CSV column holds the same thing (dates typed).
        for shared in [
            "id",
            "source",
            "source_name",
            "target",
            "code",
            "root",
            "plover",
            "goldstein",
            "quad_class",
            "num_mentions",
            "doc_id",
            "url",
            "event_text",
        ] {
            assert!(crate::query::CSV_COLUMNS.contains(&shared));
            assert!(names.contains(shared), "{shared}");
        }
    }

    /// README's table of Parquet columns is this schema, row for row.
    #[test]
    fn readme_documents_every_column() {
        let readme = include_str!("../../../README.md");
        let header = "| Parquet column | type | null | meaning |";
        let rows: Vec<&str> = readme
            .lines()
            .skip_while(|l| *l != header)
            .skip(2)
            .take_while(|l| l.starts_with('|'))
            .collect();
        let expected: Vec<String> = COLUMNS
            .iter()
            .map(|c| {
                format!(
                    "| `{}` | `{}` | {} | {} |",
                    c.name,
                    c.kind.arrow_name(),
                    if c.nullable { "yes" } else { "no" },
                    c.meaning
                )
            })
            .collect();
        assert_eq!(
            rows,
            expected,
            "README's Parquet table differs from COLUMNS; it should read:\n{header}\n|---|---|---|---|\n{}",
            expected.join("\n")
        );
    }
}
