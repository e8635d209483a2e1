//! `demarche serve`: the JSON API and dashboard of `demarche-server` over the
//! store, with the rule coder for posted documents.

use std::collections::HashMap;
use std::io::Cursor;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};
use sha2::{Digest, Sha256};

use demarche_coder::RuleCoder;
use demarche_ingest::JsonLines;
use demarche_knowledge::Knowledge;
use demarche_server::{
    CameoEntry, Coded, Config, CountryShape, DocumentCoder, IncomingDocument, Vocabulary,
};
use demarche_store::ActorInfo;

use crate::ingest::{actor_infos, actor_table, stored_document};

pub struct Options {
    pub store: crate::StoreLocation,
    pub addr: SocketAddr,
    pub token: Option<String>,
    pub max_body: usize,
    pub limits: demarche_server::Limits,
    pub readers: usize,
    pub series_cache: usize,
}

/// Codes posted documents as `ingest` codes a JSON Lines record.
struct RulesForPosts {
    k: &'static Knowledge,
    forums: Arc<demarche_forums::Forums>,
    actors: HashMap<String, ActorInfo>,
}

impl DocumentCoder for RulesForPosts {
    fn code(&self, doc: &IncomingDocument) -> Result<Coded, String> {
        let url = doc.url.clone().filter(|u| !u.trim().is_empty());
        let line = serde_json::to_string(doc).map_err(|e| e.to_string())?;
        let doc = JsonLines::new("request", Cursor::new(line))
            .next()
            .ok_or("empty document")?
            .map_err(|e| e.reason)?;
        let hash = format!("{:x}", Sha256::digest(doc.text.as_bytes()));
        let annotated = demarche_coder::AnnotatedDoc::new(self.k, &doc, None);
        let events = RuleCoder::new(self.k).code_annotated(&annotated);
        let stored = stored_document(self.k, &self.forums, &annotated, url, hash, &events);
        let actors = actor_infos(&self.actors, std::slice::from_ref(&stored));
        Ok(Coded {
            document: stored,
            actors,
        })
    }
}

/// What the knowledge says codes mean, for the server's filters and pages.
pub fn vocabulary(k: &Knowledge) -> Vocabulary {
    let cameo = k.ontology.codes().map(|c| CameoEntry {
        code: c.code.clone(),
        name: c.name.clone(),
        goldstein: c.goldstein,
        quad_class: c.quad_class,
        plover: c.plover.clone(),
    });
    Vocabulary::new(actor_table(k).into_values(), cameo, world_shapes(k))
}

/// The country outlines of `data/world/countries.tsv` for the map; a problem in
/// the file is logged and leaves the map without the lines concerned.
fn world_shapes(k: &Knowledge) -> Vec<CountryShape> {
    use demarche_knowledge::tsv;
    let path = k.data.join("world/countries.tsv");
    let mut errors = Vec::new();
    let shapes = tsv::read(&path, &mut errors)
        .map(|text| {
            tsv::parse(path.shown(), &text, &["code", "name", "path"], &mut errors)
                .into_iter()
                .map(|r| CountryShape {
                    code: r.get(0).to_string(),
                    name: r.get(1).to_string(),
                    path: r.get(2).to_string(),
                })
                .collect()
        })
        .unwrap_or_default();
    for e in errors {
        tracing::warn!("{e}");
    }
    shapes
}

pub fn run(k: Knowledge, opts: Options) -> Result<ExitCode> {
    // Writing is possible with a token: then an absent store is created.
    let store = crate::open_store(&opts.store, opts.token.is_some())?;
    // Readers beside the writer: the store exists and is migrated by now.
    let location = opts.store.clone();
    let open_reader: demarche_server::OpenReader = Arc::new(move || location.open_reader());
    let k: &'static Knowledge = Box::leak(Box::new(k));
    let loaded = Arc::new(crate::forum::load_forums(k)?);
    let coder = RulesForPosts {
        k,
        forums: loaded.clone(),
        actors: actor_table(k),
    };
    let forums: Arc<dyn demarche_server::ForumSource> =
        Arc::new(crate::forum::StoreForums::new(k, loaded));
    demarche_server::serve(
        Config {
            addr: opts.addr,
            token: opts.token,
            max_body: opts.max_body,
            vocabulary: vocabulary(k),
            limits: opts.limits,
            readers: opts.readers,
            series_cache: opts.series_cache,
        },
        store,
        Some(open_reader),
        Some(Arc::new(coder)),
        Some(forums),
    )
    .with_context(|| format!("serving on {}", opts.addr))?;
    Ok(ExitCode::SUCCESS)
}
