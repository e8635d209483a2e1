//! `demarche export`: the whole store as GDELT 2.0 event rows, PLOVER JSON
//! records (as POLECAT publishes them), CSV, JSON Lines or Parquet (`columnar.rs`).

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::ValueEnum;
use serde::Serialize;

use demarche_server::Vocabulary;
use demarche_store::{ActorKind, EventFilter, EventStore, StoredActor, StoredEvent};

use crate::query::{EventWriter, QueryFormat};

/// The filters of `query` and `export`; none keeps every event.
#[derive(clap::Args, Default)]
pub struct Filters {
    /// Source actor: a code (USA, NATO) or a name ("United States").
    #[arg(long)]
    source: Option<String>,
    /// Target actor: a code or a name.
    #[arg(long)]
    target: Option<String>,
    /// CAMEO root (19) or code (190) of the ontology; a code takes its sub-codes too.
    #[arg(long)]
    code: Option<String>,
    /// Events on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long)]
    from: Option<String>,
    /// Events on or before this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long)]
    to: Option<String>,
}

impl Filters {
    pub fn is_empty(&self) -> bool {
        self.source.is_none()
            && self.target.is_none()
            && self.code.is_none()
            && self.from.is_none()
            && self.to.is_none()
    }

    pub fn into_filter(self) -> EventFilter {
        let given = |s: Option<String>| s.map(|s| s.trim().to_string());
        EventFilter {
            source: given(self.source),
            target: given(self.target),
            code: self.code,
            from: self.from,
            to: self.to,
            ..Default::default()
        }
    }
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ExportFormat {
    Gdelt,
    Plover,
    Csv,
    Jsonl,
    Parquet,
}

/// The 61 columns of the GDELT 2.0 Event table, in its order (GDELT Event
/// Codebook V2.0). Files carry no header line; this names the fields.
pub const GDELT_COLUMNS: [&str; 61] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// Calls `f` with every event `filter` selects; `f`'s own error (a closed pipe,
/// a full disk) comes back as it was.
pub fn each_event(
    store: &dyn EventStore,
    filter: &EventFilter,
    mut f: impl FnMut(&StoredEvent) -> Result<()>,
) -> Result<()> {
    let mut failed: Option<anyhow::Error> = None;
    let result = store.events(filter, &mut |e| match f(&e) {
        Ok(()) => Ok(()),
        Err(err) => {
            failed = Some(err);
            Err("output failed".into())
        }
    });
    if let Some(err) = failed {
        return Err(err);
    }
    result.context("reading events from the store")
}

/// The event date as a day: partial dates take their first day, unknown ones
/// the publication date, then the day the store first saw the event.
fn event_day(e: &StoredEvent) -> (i32, u32, u32) {
    event_day_opt(e).unwrap_or((0, 1, 1))
}

/// [`event_day`], or `None` when not even the day the store saw it can be read.
pub(crate) fn event_day_opt(e: &StoredEvent) -> Option<(i32, u32, u32)> {
    let candidates = [
        e.date.as_str(),
        e.first.published.as_deref().unwrap_or(""),
        e.first_seen.get(..10).unwrap_or(""),
    ];
    for c in candidates {
        let mut parts = c.split('-').map(|p| p.parse::<u32>().ok());
        if let Some(Some(y)) = parts.next() {
            let m = parts.next().flatten().unwrap_or(1);
            let d = parts.next().flatten().unwrap_or(1);
            return Some((y as i32, m, d));
        }
    }
    None
}

/// What [`event_day`] rests on: `day`, `month` or `year` as the text gave the
/// event's date; `publication` or `ingestion` when the date is the article's or
/// the store's.
pub(crate) fn date_precision(e: &StoredEvent) -> &'static str {
    match (e.date.len(), &e.first.published) {
        (10, _) => "day",
        (7, _) => "month",
        (4, _) => "year",
        (_, Some(_)) => "publication",
        _ => "ingestion",
    }
}

fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// The ten actor fields of a GDELT row: code, name, country, known group,
/// ethnic, two religions, three types.
fn gdelt_actor(a: &StoredActor) -> [String; 10] {
    let sector = a.sector.clone().unwrap_or_default();
    let code = if sector.is_empty() || a.code.ends_with(&sector) {
        a.code.clone()
    } else {
        format!("{}{sector}", a.code)
    };
    let country = match a.kind {
        ActorKind::State => Some(a.code.clone()),
        _ => a.country.clone(),
    };
    let group = match a.kind {
        ActorKind::Organisation => a.code.clone(),
        _ => String::new(),
    };
    [
        clean(&code),
        clean(&a.name.to_uppercase()),
        country.unwrap_or_default(),
        clean(&group),
        String::new(),
        String::new(),
        String::new(),
        clean(&sector),
        String::new(),
        String::new(),
    ]
}

/// One GDELT 2.0 event row, 61 fields. Unknown fields (tone, geography,
/// ethnicity, religion) are empty.
pub fn gdelt_row(e: &StoredEvent) -> Vec<String> {
    let (y, m, d) = event_day(e);
    // GDELT codes are at least three digits: a root alone is "040".
    let code = format!("{:0<3}", e.code);
    let mut row = Vec::with_capacity(61);
    row.push(e.id.to_string());
    row.push(format!("{y:04}{m:02}{d:02}"));
    row.push(format!("{y:04}{m:02}"));
    row.push(format!("{y:04}"));
    // The codebook's FractionDate: YYYY + (MONTH * 30 + DAY) / 365.
    row.push(format!("{:.4}", y as f64 + (m * 30 + d) as f64 / 365.0));
    row.extend(gdelt_actor(&e.source));
    row.extend(gdelt_actor(&e.target));
    row.push(if e.first.sentence == 0 { "1" } else { "0" }.to_string());
    row.push(code.clone());
    row.push(code[..3].to_string());
    row.push(e.root.clone());
    row.push(e.quad_class.to_string());
    row.push(format!("{:.1}", e.goldstein));
    row.push(e.num_mentions.to_string());
    row.push(e.num_sources.to_string());
    row.push(e.num_articles.to_string());
    row.push(String::new()); // AvgTone
    row.extend(std::iter::repeat_n(String::new(), 24)); // three geographies
    let added: String = e
        .first_seen
        .chars()
        .filter(|c| c.is_ascii_digit())
        .collect();
    row.push(added);
    row.push(clean(e.first.url.as_deref().unwrap_or("")));
    row
}

/// An actor in a PLOVER record.
#[derive(Serialize)]
pub struct PloverActor<'a> {
    pub name: &'a str,
    pub code: &'a str,
    pub country: Option<&'a str>,
    pub sector: Option<&'a str>,
    pub kind: ActorKind,
}

impl<'a> From<&'a StoredActor> for PloverActor<'a> {
    fn from(a: &'a StoredActor) -> Self {
        PloverActor {
            name: &a.name,
            code: &a.code,
            country: a.country.as_deref(),
            sector: a.sector.as_deref(),
            kind: a.kind,
        }
    }
}

#[derive(Serialize)]
pub struct PloverSpan<'a> {
    pub text: &'a str,
    pub span: [usize; 2],
}

#[derive(Serialize)]
pub struct PloverEvidence<'a> {
    pub sentence: usize,
    pub source: PloverSpan<'a>,
    pub event: PloverSpan<'a>,
    pub target: PloverSpan<'a>,
}

/// One PLOVER record in the POLECAT style: PLOVER type and mode, the two
/// actors, the words that carry the event, and the CAMEO code kept alongside.
#[derive(Serialize)]
pub struct PloverRecord<'a> {
    pub id: String,
    pub date: String,
    /// `day`, `month` or `year` as the text gave it; `publication` or
    /// `ingestion` when the date is the article's or the store's.
    pub date_precision: &'static str,
    pub event_type: &'a str,
    pub mode: Option<&'a str>,
    pub context: Vec<&'a str>,
    pub source: PloverActor<'a>,
    pub target: PloverActor<'a>,
    pub event_text: &'a str,
    pub evidence: PloverEvidence<'a>,
    pub story_id: &'a str,
    pub publication_date: Option<&'a str>,
    pub source_url: Option<&'a str>,
    pub outlet: Option<&'a str>,
    pub num_mentions: u64,
    pub num_sources: u64,
    pub num_articles: u64,
    pub quad_class: u8,
    pub goldstein: f32,
    pub cameo: &'a str,
}

pub fn plover_record(e: &StoredEvent) -> PloverRecord<'_> {
    let (y, m, d) = event_day(e);
    let f = &e.first;
    PloverRecord {
        id: format!("demarche-{}", e.id),
        date: format!("{y:04}-{m:02}-{d:02}"),
        date_precision: date_precision(e),
        event_type: &e.plover,
        mode: e.plover_mode.as_deref(),
        context: Vec::new(),
        source: (&e.source).into(),
        target: (&e.target).into(),
        event_text: &f.event_text,
        evidence: PloverEvidence {
            sentence: f.sentence,
            source: PloverSpan {
                text: &f.source_text,
                span: f.spans[0],
            },
            event: PloverSpan {
                text: &f.event_text,
                span: f.spans[1],
            },
            target: PloverSpan {
                text: &f.target_text,
                span: f.spans[2],
            },
        },
        story_id: &f.doc_id,
        publication_date: f.published.as_deref(),
        source_url: f.url.as_deref(),
        outlet: f.outlet.as_deref(),
        num_mentions: e.num_mentions,
        num_sources: e.num_sources,
        num_articles: e.num_articles,
        quad_class: e.quad_class,
        goldstein: e.goldstein,
        cameo: &e.code,
    }
}

/// Writes the events `filter` selects; `vocabulary` checks the filter (and reads
/// actor names in it) first, as `query` does, where there is one.
pub fn run(
    store: &crate::StoreLocation,
    format: ExportFormat,
    out: Option<&Path>,
    header: bool,
    mut filter: EventFilter,
    vocabulary: Option<&Vocabulary>,
) -> Result<ExitCode> {
    let store = crate::open_store(store, false)?;
    if let Some(v) = vocabulary {
        crate::query::check(store.as_ref(), v, &mut filter)?;
    }
    if format == ExportFormat::Parquet {
        // A Parquet file ends with its index: it is written whole to a file,
        // never to a pipe, and appears only when complete.
        let Some(out) = out else {
            anyhow::bail!("--format parquet needs --out FILE");
        };
        let t = std::time::Instant::now();
        let w = crate::columnar::write(store.as_ref(), &filter, out)?;
        eprintln!(
            "{} events written to {} ({} row groups, {:.1} MB) in {:.1} s",
            w.events,
            out.display(),
            w.row_groups,
            w.bytes as f64 / 1e6,
            t.elapsed().as_secs_f64()
        );
        return Ok(ExitCode::SUCCESS);
    }
    // A file appears whole when the export is done (and an earlier export
    // stays until then); stdout streams.
    let mut file = out.map(crate::atomic::AtomicFile::create).transpose()?;
    let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let sink: &mut dyn Write = match file.as_mut() {
        Some(f) => f,
        None => &mut stdout,
    };
    let rows = match format {
        ExportFormat::Csv | ExportFormat::Jsonl => {
            let f = if format == ExportFormat::Csv {
                QueryFormat::Csv
            } else {
                QueryFormat::Jsonl
            };
            let mut w = EventWriter::new(&mut *sink, f)?;
            each_event(store.as_ref(), &filter, |e| w.write(e))?;
            w.finish()?
        }
        ExportFormat::Gdelt => {
            if header {
                writeln!(sink, "{}", GDELT_COLUMNS.join("\t"))?;
            }
            let mut n = 0;
            each_event(store.as_ref(), &filter, |e| {
                n += 1;
                writeln!(sink, "{}", gdelt_row(e).join("\t"))?;
                Ok(())
            })?;
            n
        }
        ExportFormat::Plover => {
            let mut n = 0;
            each_event(store.as_ref(), &filter, |e| {
                n += 1;
                serde_json::to_writer(&mut *sink, &plover_record(e))?;
                writeln!(sink)?;
                Ok(())
            })?;
            n
        }
        ExportFormat::Parquet => unreachable!("written above"),
    };
    sink.flush()?;
    if let (Some(f), Some(p)) = (file, out) {
        f.commit()?;
        eprintln!("{rows} events written to {}", p.display());
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use demarche_store::FirstReport;

    fn actor(code: &str, kind: ActorKind) -> StoredActor {
        StoredActor {
            code: code.into(),
            sector: Some("GOV".into()),
            name: "United States".into(),
            kind,
            country: None,
        }
    }

    fn event(date: &str, code: &str) -> StoredEvent {
        StoredEvent {
            id: 7,
            date: date.into(),
            source: actor("USA", ActorKind::State),
            target: actor("NATO", ActorKind::Organisation),
            code: code.into(),
            root: code[..2].into(),
            plover: "CONSULT".into(),
            plover_mode: None,
            goldstein: 1.0,
            quad_class: 1,
            first_seen: "2026-11-28T10:11:12Z".into(),
            num_mentions: 3,
            num_sources: 2,
            num_articles: 2,
            first: FirstReport {
                doc_id: "d".into(),
                url: Some("https://example.org/a".into()),
                outlet: None,
                title: None,
                published: Some("2017-03-02".into()),
                sentence: 0,
                spans: [[0, 1], [2, 3], [4, 5]],
                source_text: "a".into(),
                event_text: "b".into(),
                target_text: "c".into(),
            },
        }
    }

    #[test]
    fn gdelt_has_61_columns_in_codebook_order() {
        assert_eq!(GDELT_COLUMNS.len(), 61);
        assert_eq!(GDELT_COLUMNS[0], "GLOBALEVENTID");
        assert_eq!(GDELT_COLUMNS[26], "EventCode");
        assert_eq!(GDELT_COLUMNS[59], "DATEADDED");
        assert_eq!(GDELT_COLUMNS[60], "SOURCEURL");
        let unique: std::collections::HashSet<_> = GDELT_COLUMNS.iter().collect();
        assert_eq!(unique.len(), 61);
    }

    #[test]
    fn gdelt_rows_map_codes_dates_and_counts() {
        let row = gdelt_row(&event("2017-03-01", "04"));
        assert_eq!(row.len(), 61);
        let col = |name: &str| row[GDELT_COLUMNS.iter().position(|c| *c == name).unwrap()].as_str();
        assert_eq!(col("SQLDATE"), "20170301");
        assert_eq!(col("MonthYear"), "201703");
        assert_eq!(col("FractionDate"), "2017.2493");
        assert_eq!(col("Actor1Code"), "USAGOV");
        assert_eq!(col("Actor1Name"), "UNITED STATES");
        assert_eq!(col("Actor1CountryCode"), "USA");
        assert_eq!(col("Actor1Type1Code"), "GOV");
        assert_eq!(col("Actor2KnownGroupCode"), "NATO");
        assert_eq!(col("Actor2CountryCode"), "");
        assert_eq!(col("EventCode"), "040");
        assert_eq!(col("EventBaseCode"), "040");
        assert_eq!(col("EventRootCode"), "04");
        assert_eq!(col("IsRootEvent"), "1");
        assert_eq!(col("NumMentions"), "3");
        assert_eq!(col("NumSources"), "2");
        assert_eq!(col("DATEADDED"), "20261128101112");
        assert_eq!(col("SOURCEURL"), "https://example.org/a");
        // A month-precision event takes the month's first day.
        let row = gdelt_row(&event("2016-07", "1823"));
        assert_eq!(row[1], "20160701");
        assert_eq!(row[27], "182");
    }

    #[test]
    fn plover_records_keep_type_actors_evidence_and_cameo() {
        let e = event("2017", "042");
        let r = serde_json::to_value(plover_record(&e)).unwrap();
        assert_eq!(r["event_type"], "CONSULT");
        assert_eq!(r["date"], "2017-01-01");
        assert_eq!(r["date_precision"], "year");
        assert_eq!(r["cameo"], "042");
        assert_eq!(r["source"]["code"], "USA");
        assert_eq!(r["evidence"]["event"]["text"], "b");
    }
}
