//! The PETRARCH2 lexicon as shipped in data/: it loads without errors, and a few
//! verbs, patterns, agents and discards mean what the conversion and review made them.

use demarche_knowledge::verbs::Term;
use demarche_knowledge::Knowledge;

fn knowledge() -> Knowledge {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
    Knowledge::load(&data).expect("shipped data loads")
}

#[test]
fn shipped_verbs_patterns_and_agents() {
    let k = knowledge();
    let v = &k.verbs;
    assert!(
        v.len() > 1500 && v.pattern_count() > 4000,
        "{} {}",
        v.len(),
        v.pattern_count()
    );

    // "struck" is strike, in the block of attack (190, fight).
    let struck: Vec<_> = v.by_form("struck").iter().map(|&i| v.entry(i)).collect();
    let strike = struck
        .iter()
        .find(|e| e.phrase == "strike")
        .expect("strike");
    assert_eq!(strike.code.as_deref(), Some("190"));
    assert!(v.block_name(strike.block).starts_with("+fight back"));
    // Its block's patterns give air strikes (195) when aircraft are the subject.
    let aircraft = v.patterns(strike.block).iter().any(|p| {
        p.code.as_deref() == Some("195")
            && p.subject.len() == 1
            && v.term_matches(&p.subject[0], "warplanes")
    });
    assert!(aircraft);

    // A multiword verb and the single word share their inflected forms.
    let mut asked: Vec<&str> = v
        .by_form("asked")
        .iter()
        .map(|&i| v.entry(i).phrase.as_str())
        .collect();
    asked.sort();
    assert_eq!(asked, ["+ask for", "ask"]);

    // The review: "say" gives no event on its own, "took" is no seizure.
    for (form, lemma) in [("said", "say"), ("took", "take")] {
        let e = v
            .by_form(form)
            .iter()
            .map(|&i| v.entry(i))
            .find(|e| e.phrase == lemma)
            .unwrap_or_else(|| panic!("{form}"));
        assert_eq!(e.code, None, "{lemma}");
    }
    // TABARI conjunction leftovers are gone.
    assert!(v
        .by_form("killed")
        .iter()
        .all(|&i| v.entry(i).words.len() == 1));

    // A synset term in a pattern matches its plural.
    let weapon = v
        .patterns(strike.block)
        .iter()
        .flat_map(|p| p.preps.iter().flat_map(|(_, t)| t.iter()))
        .find(|t| matches!(t, Term::Synset(_)));
    assert!(weapon.is_some());

    // Agents: reached through agent_noun_at, never as role nouns.
    let (noun, n) = k
        .actors
        .agent_noun_at(&["Minister", "of", "Health", "said"])
        .expect("minister of health");
    assert_eq!((noun.sector.as_str(), noun.agent, n), ("GOV", true, 3));
    assert!(k.actors.role_noun_at(&["farmers"]).is_none());
    assert_eq!(
        k.actors
            .agent_noun_at(&["farmers"])
            .map(|(r, _)| r.sector.as_str()),
        Some("CVL")
    );
    // roles.tsv wins: "police" is a role noun, not an agent.
    assert!(k.actors.agent_noun_at(&["police"]).is_none());
    assert!(!k.actors.role_noun_at(&["police"]).unwrap().0.agent);

    assert!(k.discards.iter().any(|d| d == "world cup"));
    assert!(!k.discards.iter().any(|d| d == "1967"));
}

/// Nobody edits the generated files by hand: `tools/petrarch2.py` on the vendored
/// dictionaries gives them byte for byte. Needs `../shared/vendor/petrarch2` and python3
/// (skipped with a reason where absent; required when `CI=true`).
#[test]
fn generated_files_are_what_the_converter_writes() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let vendor = repo.join("../shared/vendor/petrarch2");
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let python = std::process::Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !vendor.join("CAMEO.2.0.txt").is_file() || !python {
        let why = format!("{} or python3 is missing", vendor.display());
        assert!(!ci, "{why}, and CI=true requires them");
        eprintln!("skipped: {why}");
        return;
    }
    let tmp = std::env::temp_dir().join(format!("demarche-petrarch2-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    for dir in ["data/actors", "data/cameo", "data/lexicon"] {
        std::fs::create_dir_all(tmp.join(dir)).unwrap();
    }
    // The converter reads these to leave out terms data/actors already names.
    for file in [
        "actors/roles.tsv",
        "actors/states.tsv",
        "actors/organisations.tsv",
        "actors/seats.tsv",
        "cameo/cameo.tsv",
    ] {
        std::fs::copy(repo.join("data").join(file), tmp.join("data").join(file)).unwrap();
    }
    let out = std::process::Command::new("python3")
        .arg(repo.join("tools/petrarch2.py"))
        .arg(&vendor)
        .arg(tmp.join("data/lexicon"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for file in [
        "lexicon/verbs.tsv",
        "lexicon/verb-patterns.tsv",
        "lexicon/verb-transformations.tsv",
        "lexicon/synsets.tsv",
        "lexicon/discards.tsv",
        "lexicon/LICENSE-petrarch2",
        "actors/agents.tsv",
    ] {
        let shipped = std::fs::read(repo.join("data").join(file)).unwrap();
        let made = std::fs::read(tmp.join("data").join(file)).unwrap();
        assert!(
            shipped == made,
            "data/{file} differs from what tools/petrarch2.py writes: run it again"
        );
    }
    std::fs::remove_dir_all(&tmp).ok();
}

/// The optional files (places) load from the data directory whatever the working
/// directory: this test runs in `crates/knowledge`, where no `data/` lies, and the
/// places were once looked for there.
#[test]
fn places_load_whatever_the_working_directory() {
    let k = knowledge();
    assert!(!std::path::Path::new("data/actors/places.tsv").exists());
    let text = "He went to Hiroshima and Osaka.";
    let found = k.actors.find(text, 0, text.len(), None);
    let names: Vec<&str> = found.iter().map(|m| &text[m.start..m.end]).collect();
    assert_eq!(names, ["Hiroshima", "Osaka"]);
}
