//! `demarche bench-api`: throughput and latency of the dashboard's busiest
//! queries through the HTTP API (the dyad time series
//! `GET /api/dyads/{source}/{target}/weekly` and the events listing
//! `GET /api/events`), at 1, 8 and 64 concurrent keep-alive connections, on a
//! store filled with synthetic events.
//!
//! The store is written through `EventStore::write_batch`, exactly as `ingest`
//! writes it (documents, events, mentions, actors), and the server is a real
//! `demarche serve` child process answering real HTTP on the loopback
//! interface: what is measured is what a user of the API waits for.
//!
//! Synthetic traffic is skewed as news is: actors are drawn from a Zipf law
//! over the states in `data/`, so a few dyads (the USA and Russia of a real
//! store) hold tens of thousands of events and most hold a handful. Requests
//! are drawn the same way, so the percentiles weigh dyads by how often they
//! occur; the busiest dyad is also measured on its own, as the worst case.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use sha2::{Digest, Sha256};

use demarche_knowledge::{DataPath, Knowledge};
use demarche_store::{ActorInfo, ActorKind, ActorMention, NewDocument, NewEvent, Spans};

use crate::ingest::actor_table;

pub struct Options {
    /// Store to fill (kept) or reuse; a temporary file (removed) when absent.
    pub store: Option<crate::StoreLocation>,
    pub events: usize,
    /// Requests timed for each kind of request at each number of connections.
    pub requests: usize,
    pub seed: u64,
    /// Concurrent client connections, one run each.
    pub connections: Vec<usize>,
    /// Start the server without its cache of weekly series.
    pub no_cache: bool,
}

/// Events per synthetic document, and documents per transaction.
const EVENTS_PER_DOC: usize = 10;
const DOCS_PER_BATCH: usize = 1_000;
/// Zipf exponent of actor popularity; about what GDELT's actor counts show.
const ZIPF_S: f64 = 1.1;

/// SplitMix64: a fixed, tiny generator, so that the same seed gives the same
/// store on every machine and every version (library generators promise neither).
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn below(&mut self, n: usize) -> usize {
        (self.unit() * n as f64) as usize
    }
}

/// Draws indices `0..n` with probability proportional to `1 / (i + 1)^s`.
struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    fn new(n: usize, s: f64) -> Zipf {
        let mut total = 0.0;
        let cumulative = (0..n)
            .map(|i| {
                total += 1.0 / ((i + 1) as f64).powf(s);
                total
            })
            .collect::<Vec<_>>();
        Zipf {
            cumulative: cumulative.iter().map(|c| c / total).collect(),
        }
    }

    fn draw(&self, rng: &mut SplitMix) -> usize {
        let u = rng.unit();
        self.cumulative
            .partition_point(|&c| c < u)
            .min(self.cumulative.len() - 1)
    }
}

/// The synthetic world: the states of the actor data, most popular first in
/// an order fixed by the seed.
struct World {
    actors: Vec<ActorInfo>,
    zipf: Zipf,
}

impl World {
    fn new(k: &Knowledge, rng: &mut SplitMix) -> Result<World> {
        let mut actors: Vec<ActorInfo> = actor_table(k)
            .into_values()
            .filter(|a| a.kind == ActorKind::State)
            .collect();
        actors.sort_by(|a, b| a.code.cmp(&b.code));
        if actors.len() < 2 {
            bail!("the actor data has fewer than two states to draw dyads from");
        }
        // Fisher-Yates with the seeded generator: which state is "popular" is arbitrary.
        for i in (1..actors.len()).rev() {
            actors.swap(i, rng.below(i + 1));
        }
        let zipf = Zipf::new(actors.len(), ZIPF_S);
        Ok(World { actors, zipf })
    }

    fn dyad(&self, rng: &mut SplitMix) -> (usize, usize) {
        let s = self.zipf.draw(rng);
        loop {
            let t = self.zipf.draw(rng);
            if t != s {
                return (s, t);
            }
        }
    }
}

/// Fills the store until it holds at least `events` distinct events (random
/// draws sometimes repeat an event, which the store counts once); returns the
/// number it holds afterwards.
fn fill(
    k: &Knowledge,
    world: &World,
    path: &crate::StoreLocation,
    events: usize,
    rng: &mut SplitMix,
) -> Result<u64> {
    let mut store = crate::open_store(path, true)?;
    let mut counts = store.counts()?;
    let have = counts.events as usize;
    if have >= events {
        eprintln!("reusing {path} with {have} events");
        return Ok(counts.events);
    }
    let codes: Vec<_> = k.ontology.codes().collect();
    let first_day = chrono::NaiveDate::from_ymd_opt(2015, 1, 1).expect("valid date");
    let days = 3_653; // 2015-01-01 to 2024-12-31
    let bar = ProgressBar::new((events - have) as u64).with_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} synthetic events {per_sec} eta {eta}")
            .expect("static template"),
    );
    let t = Instant::now();
    // Document numbers continue after the stored ones, so that no synthetic
    // text repeats one already there (the store would skip it as seen).
    let mut n = counts.documents as usize;
    let mut generated = 0;
    let mut actors_written = false;
    while (counts.events as usize) < events {
        let docs_needed = (events - counts.events as usize).div_ceil(EVENTS_PER_DOC);
        let mut batch = Vec::with_capacity(DOCS_PER_BATCH);
        for _ in 0..DOCS_PER_BATCH.min(docs_needed) {
            let text = format!("Synthetic report {n} for the API latency benchmark.");
            let hash = format!("{:x}", Sha256::digest(text.as_bytes()));
            let date = first_day + chrono::Days::new(rng.below(days) as u64);
            let events = (0..EVENTS_PER_DOC)
                .map(|_| {
                    let (s, t) = world.dyad(rng);
                    let c = codes[rng.below(codes.len())];
                    let side = |a: &ActorInfo| ActorMention {
                        code: a.code.clone(),
                        sector: None,
                        name: a.name.clone(),
                    };
                    // One event in twenty is dated to its month only, as reports of
                    // past events often are; those fall in no week.
                    let day = date + chrono::Days::new(rng.below(7) as u64);
                    let date = if rng.below(20) == 0 {
                        day.format("%Y-%m").to_string()
                    } else {
                        day.format("%Y-%m-%d").to_string()
                    };
                    NewEvent {
                        source: side(&world.actors[s]),
                        target: side(&world.actors[t]),
                        code: c.code.clone(),
                        plover: c.plover.clone(),
                        plover_mode: c.plover_mode.clone(),
                        goldstein: c.goldstein,
                        quad_class: c.quad_class,
                        date,
                        mentions: vec![Spans {
                            sentence: 0,
                            source: [0, 9],
                            event: [10, 16],
                            target: [17, 23],
                        }],
                    }
                })
                .collect();
            batch.push(NewDocument {
                doc_id: format!("synthetic-{n}"),
                outlet: Some(format!("outlet-{}", n % 97)),
                url: None,
                title: None,
                date: Some(date.format("%Y-%m-%d").to_string()),
                content_hash: hash,
                text,
                events,
                forum_facts: Vec::new(),
            });
            n += 1;
        }
        generated += batch.len() * EVENTS_PER_DOC;
        let actors = if actors_written {
            Vec::new()
        } else {
            actors_written = true;
            world.actors.clone()
        };
        store.write_batch(&batch, &actors)?;
        counts = store.counts()?;
        bar.set_position((counts.events as usize - have) as u64);
    }
    bar.finish_and_clear();
    let secs = t.elapsed().as_secs_f64();
    println!(
        "store: {} distinct events, {} mentions, {} documents; written at {:.0} events/s",
        counts.events,
        counts.mentions,
        counts.documents,
        generated as f64 / secs
    );
    Ok(counts.events)
}

/// A `demarche serve` child process, killed when dropped.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(data: &DataPath, store: &crate::StoreLocation, no_cache: bool) -> Result<Server> {
        let exe = std::env::current_exe().context("finding the demarche binary")?;
        let mut command = Command::new(exe);
        // The child reads the same data: the same directory, or its own built-in copy.
        if let Some(dir) = data.disk_root() {
            command.arg("--data").arg(dir);
        }
        let mut child = command
            .arg("serve")
            .arg("--store")
            .arg(store.as_arg())
            .args(["--addr", "127.0.0.1:0"])
            .args(if no_cache {
                &["--series-cache", "0"][..]
            } else {
                &[]
            })
            .env_remove("DEMARCHE_TOKEN")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .context("starting demarche serve")?;
        let stdout = child.stdout.take().expect("piped");
        let mut first = String::new();
        BufReader::new(stdout).read_line(&mut first)?;
        let base = first
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .map(str::to_string);
        let mut server = Server {
            child,
            base: String::new(),
        };
        match base {
            Some(b) => server.base = b,
            None => bail!("demarche serve did not say where it listens: {first:?}"),
        }
        Ok(server)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Latencies of one run, in milliseconds, and its wall time.
struct Sample {
    ms: Vec<f64>,
    bytes: usize,
    wall: Duration,
}

impl Sample {
    fn quantile(&self, q: f64) -> f64 {
        let mut v = self.ms.clone();
        v.sort_by(f64::total_cmp);
        // Nearest rank: the smallest value with at least q of the sample at or below it.
        let rank = ((q * v.len() as f64).ceil() as usize).clamp(1, v.len());
        v[rank - 1]
    }

    fn per_second(&self) -> f64 {
        self.ms.len() as f64 / self.wall.as_secs_f64().max(1e-9)
    }
}

/// The kinds of request timed.
#[derive(Clone, Copy)]
enum Kind {
    /// The weekly series of dyads drawn as events occur.
    Series,
    /// The weekly series of the busiest dyad, the worst case.
    BusiestSeries,
    /// The first page of a dyad's events, dyads drawn as events occur.
    DyadEvents,
    /// A page of all events, at an offset drawn from the first 10,000.
    EventsPage,
}

impl Kind {
    const ALL: [Kind; 4] = [
        Kind::Series,
        Kind::BusiestSeries,
        Kind::DyadEvents,
        Kind::EventsPage,
    ];

    fn name(self, world: &World) -> String {
        match self {
            Kind::Series => "dyad series, dyads as events occur".into(),
            Kind::BusiestSeries => format!(
                "dyad series, busiest dyad ({} -> {})",
                world.actors[0].code, world.actors[1].code
            ),
            Kind::DyadEvents => "events of a dyad, first page of 50".into(),
            Kind::EventsPage => "events, a page of 50 at offset < 10,000".into(),
        }
    }

    fn path(self, world: &World, rng: &mut SplitMix) -> String {
        let code = |i: usize| &world.actors[i].code;
        match self {
            Kind::Series => {
                let (s, t) = world.dyad(rng);
                format!("/api/dyads/{}/{}/weekly", code(s), code(t))
            }
            Kind::BusiestSeries => format!("/api/dyads/{}/{}/weekly", code(0), code(1)),
            Kind::DyadEvents => {
                let (s, t) = world.dyad(rng);
                format!("/api/events?source={}&target={}&limit=50", code(s), code(t))
            }
            Kind::EventsPage => format!("/api/events?limit=50&offset={}", rng.below(10_000)),
        }
    }
}

/// One GET; its latency in milliseconds and the length of its answer.
fn request(agent: &ureq::Agent, url: &str, buf: &mut Vec<u8>) -> Result<(f64, usize)> {
    use std::io::Read;
    let t = Instant::now();
    buf.clear();
    agent
        .get(url)
        .call()
        .with_context(|| format!("GET {url}"))?
        .into_reader()
        .read_to_end(buf)
        .with_context(|| format!("reading the answer of {url}"))?;
    Ok((t.elapsed().as_secs_f64() * 1000.0, buf.len()))
}

/// `requests` requests of one kind from `connections` clients at once, each
/// on its own keep-alive connection.
fn run_clients(
    base: &str,
    world: &World,
    kind: Kind,
    connections: usize,
    requests: usize,
    seed: u64,
) -> Result<Sample> {
    let started = Instant::now();
    let results: Vec<Result<(Vec<f64>, usize)>> = std::thread::scope(|scope| {
        let clients: Vec<_> = (0..connections)
            .map(|c| {
                // Every client gets its share, the first ones one more.
                let n = requests / connections + usize::from(c < requests % connections);
                scope.spawn(move || -> Result<(Vec<f64>, usize)> {
                    let agent = ureq::AgentBuilder::new()
                        .timeout(Duration::from_secs(60))
                        .max_idle_connections_per_host(1)
                        .build();
                    let mut rng = SplitMix(seed ^ (c as u64).wrapping_mul(0x9E37_79B9));
                    let mut buf = Vec::new();
                    let mut ms = Vec::with_capacity(n);
                    let mut bytes = 0;
                    for _ in 0..n {
                        let url = format!("{base}{}", kind.path(world, &mut rng));
                        let (t, b) = request(&agent, &url, &mut buf)?;
                        ms.push(t);
                        bytes += b;
                    }
                    Ok((ms, bytes))
                })
            })
            .collect();
        clients
            .into_iter()
            .map(|c| c.join().expect("a client thread panicked"))
            .collect()
    });
    let wall = started.elapsed();
    let mut sample = Sample {
        ms: Vec::with_capacity(requests),
        bytes: 0,
        wall,
    };
    for r in results {
        let (ms, bytes) = r?;
        sample.ms.extend(ms);
        sample.bytes += bytes;
    }
    Ok(sample)
}

pub fn run(data: &crate::data::Located, opts: Options) -> Result<ExitCode> {
    if opts.requests == 0 {
        bail!("--requests must be at least 1");
    }
    if opts.connections.is_empty() || opts.connections.contains(&0) {
        bail!("--connections must be numbers of at least 1");
    }
    let k = crate::load_knowledge(data)?;
    let mut rng = SplitMix(opts.seed);
    let world = World::new(&k, &mut rng)?;
    let temporary =
        std::env::temp_dir().join(format!("demarche-bench-api-{}.db", std::process::id()));
    let path = match &opts.store {
        Some(s) => s.clone(),
        None => crate::StoreLocation::Sqlite(temporary.clone()),
    };
    let result = measure(&data.data, &k, &world, &path, &opts, &mut rng);
    if opts.store.is_none() {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", temporary.display()));
        }
    }
    result
}

fn measure(
    data: &DataPath,
    k: &Knowledge,
    world: &World,
    path: &crate::StoreLocation,
    opts: &Options,
    rng: &mut SplitMix,
) -> Result<ExitCode> {
    let events = fill(k, world, path, opts.events, rng)?;
    let server = Server::start(data, path, opts.no_cache)?;
    // Warm the page cache and the server's threads before measuring.
    for kind in Kind::ALL {
        run_clients(&server.base, world, kind, 4, 40, opts.seed ^ 0xA5A5)?;
    }
    println!(
        "GET through a real `demarche serve` on {events} events{}; {} requests a row, \
         spread over the connections (keep-alive, one client thread each)",
        if opts.no_cache {
            ", weekly series not cached"
        } else {
            ""
        },
        opts.requests
    );
    println!(
        "{:<42} {:>5} {:>9} {:>8} {:>8} {:>8} {:>8} {:>9}",
        "requests", "conns", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "KB/answer"
    );
    for kind in Kind::ALL {
        for &connections in &opts.connections {
            let s = run_clients(
                &server.base,
                world,
                kind,
                connections,
                opts.requests,
                opts.seed,
            )?;
            println!(
                "{:<42} {:>5} {:>9.0} {:>8.2} {:>8.2} {:>8.2} {:>8.2} {:>9.1}",
                kind.name(world),
                connections,
                s.per_second(),
                s.quantile(0.50),
                s.quantile(0.90),
                s.quantile(0.99),
                s.quantile(1.0),
                s.bytes as f64 / s.ms.len() as f64 / 1024.0
            );
        }
    }
    drop(server);
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zipf_favours_the_first_indices_and_covers_all() {
        let z = Zipf::new(50, ZIPF_S);
        let mut rng = SplitMix(7);
        let mut counts = [0usize; 50];
        for _ in 0..100_000 {
            counts[z.draw(&mut rng)] += 1;
        }
        assert!(counts[0] > 5 * counts[20], "{counts:?}");
        assert!(counts[0] > counts[1] && counts[1] > counts[5]);
        assert!(counts.iter().all(|&c| c > 0), "{counts:?}");
    }

    #[test]
    fn nearest_rank_quantiles() {
        let s = Sample {
            ms: (1..=100).rev().map(f64::from).collect(),
            bytes: 0,
            wall: Duration::from_secs(2),
        };
        assert_eq!(s.per_second(), 50.0);
        assert_eq!(s.quantile(0.5), 50.0);
        assert_eq!(s.quantile(0.99), 99.0);
        assert_eq!(s.quantile(1.0), 100.0);
    }

    #[test]
    fn the_same_seed_draws_the_same_numbers() {
        let (mut a, mut b) = (SplitMix(42), SplitMix(42));
        let xs: Vec<u64> = (0..5).map(|_| a.next()).collect();
        let ys: Vec<u64> = (0..5).map(|_| b.next()).collect();
        assert_eq!(xs, ys);
        assert_ne!(SplitMix(43).next(), xs[0]);
    }
}
