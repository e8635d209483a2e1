//! Behaviour of the rule coder on sentences written for these tests, against the
//! shipped data: which acts become events, and which words are not their target.

use chrono::NaiveDate;
use demarche_coder::{Coder, RuleCoder};
use demarche_ingest::Document;
use demarche_knowledge::Knowledge;

fn knowledge() -> Knowledge {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
    Knowledge::load(&data).expect("shipped data loads")
}

/// (source, code, target) of every event coded from `text` published on `date`.
fn coded(k: &Knowledge, text: &str, date: &str) -> Vec<(String, String, String)> {
    let day = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
    RuleCoder::new(k)
        .code(&Document::new("t", text), Some(day))
        .into_iter()
        .map(|e| (e.source.actor, e.code.to_string(), e.target.actor))
        .collect()
}

#[test]
fn a_signed_agreement_is_not_also_an_unspecified_intent() {
    let k = knowledge();
    let ev = coded(
        &k,
        "Serbia and Kosovo signed a peace declaration on Friday, agreeing to reopen border crossings.",
        "2019-04-15",
    );
    let has = |s: &str, c: &str, t: &str| ev.iter().any(|e| e.0 == s && e.1 == c && e.2 == t);
    assert!(
        has("SRB", "057", "XKX") && has("XKX", "057", "SRB"),
        "{ev:?}"
    );
    assert!(!ev.iter().any(|e| e.1 == "030"), "{ev:?}");
}

#[test]
fn talks_and_what_they_agreed_stay_two_events() {
    let k = knowledge();
    let ev = coded(
        &k,
        "The Japanese and Chinese foreign ministers held talks in Beijing on Monday and agreed to resume direct flights.",
        "2019-04-15",
    );
    let roots: Vec<&str> = ev
        .iter()
        .filter(|e| e.0 == "JPN" && e.2 == "CHN")
        .map(|e| &e.1[..2])
        .collect();
    assert!(roots.contains(&"04") && roots.contains(&"03"), "{ev:?}");
}

#[test]
fn the_actor_after_an_act_noun_belongs_to_that_act() {
    let k = knowledge();
    // Brazil's disapproval is of the invasion, not of Venezuela.
    let ev = coded(
        &k,
        "Brazil voiced its opposition to an invasion of Venezuela on Monday.",
        "2003-01-20",
    );
    assert!(!ev.iter().any(|e| e.0 == "BRA" && e.2 == "VEN"), "{ev:?}");
    // Without the act noun, the target is the actor named.
    let ev = coded(
        &k,
        "Brazil voiced its opposition to Venezuela on Monday.",
        "2003-01-20",
    );
    assert!(
        ev.iter()
            .any(|e| e.0 == "BRA" && e.1.starts_with("11") && e.2 == "VEN"),
        "{ev:?}"
    );
}

#[test]
fn counterparts_and_plural_offices_name_their_states() {
    let k = knowledge();
    let ev = coded(
        &k,
        "The German foreign minister met his French counterpart in Berlin on Monday.",
        "2019-04-15",
    );
    assert!(
        ev.iter()
            .any(|e| e.0 == "DEU" && e.1.starts_with("04") && e.2 == "FRA"),
        "{ev:?}"
    );
    let ev = coded(
        &k,
        "The Greek and Turkish defence ministers met in Athens on Monday.",
        "2019-04-15",
    );
    assert!(
        ev.iter()
            .any(|e| e.0 == "GRC" && e.1.starts_with("04") && e.2 == "TUR"),
        "{ev:?}"
    );
}

#[test]
fn a_group_s_gunmen_keep_its_sector_and_a_participle_goes_on_with_the_act() {
    let k = knowledge();
    let day = NaiveDate::from_ymd_opt(2019, 4, 10).unwrap();
    let events = RuleCoder::new(&k).code(
        &Document::new(
            "t",
            "Hezbollah gunmen raided Israeli villages on Tuesday, killing hundreds of people.",
        ),
        Some(day),
    );
    let found: Vec<_> = events
        .iter()
        .map(|e| {
            (
                e.source.actor.as_str(),
                e.source.sector.as_deref(),
                e.code.as_str(),
                e.target.actor.as_str(),
            )
        })
        .collect();
    assert!(
        found.contains(&("LBN", Some("REB"), "202", "ISR")),
        "{found:?}"
    );
    // An appeal after a comma does not take the act's target.
    let ev = coded(
        &k,
        "Russian troops attacked Kharkiv on Monday, calling up reservists.",
        "2022-09-22",
    );
    assert!(!ev.iter().any(|e| e.1.starts_with("02")), "{ev:?}");
}

#[test]
fn a_date_of_beginning_does_not_date_the_act() {
    let k = knowledge();
    let day = NaiveDate::from_ymd_opt(2017, 3, 16).unwrap();
    let events = RuleCoder::new(&k).code(
        &Document::new(
            "t",
            "The United States negotiated with North Korea in talks which began in 2003.",
        ),
        Some(day),
    );
    assert!(!events.is_empty());
    assert!(
        events.iter().all(|e| e.date.to_string() != "2003"),
        "{:?}",
        events
            .iter()
            .map(|e| e.date.to_string())
            .collect::<Vec<_>>()
    );
}

#[test]
fn what_is_said_in_a_call_is_also_a_consultation_by_telephone() {
    let k = knowledge();
    let ev = coded(
        &k,
        "The French president urged the Russian president by phone on Sunday to halt the offensive.",
        "2022-03-14",
    );
    let has = |c: &str| ev.iter().any(|e| e.0 == "FRA" && e.1 == c && e.2 == "RUS");
    assert!(
        has("041") && ev.iter().any(|e| e.1.starts_with("02")),
        "{ev:?}"
    );
    // Without a call, no consultation.
    let ev = coded(
        &k,
        "The French president urged the Russian president on Sunday to halt the offensive.",
        "2022-03-14",
    );
    assert!(!ev.iter().any(|e| e.1 == "041"), "{ev:?}");
}

#[test]
fn an_intent_takes_the_code_under_the_root_when_there_is_one() {
    let k = knowledge();
    // Lifting sanctions announced: intent to ease economic sanctions (0354), not 035.
    let ev = coded(
        &k,
        "Japan said on Tuesday it would lift its sanctions on Iran.",
        "2019-04-16",
    );
    assert!(
        ev.iter()
            .any(|e| e.0 == "JPN" && e.1 == "0354" && e.2 == "IRN"),
        "{ev:?}"
    );
}

#[test]
fn a_reported_warning_of_what_an_actor_will_suffer_is_a_threat_against_it() {
    let k = knowledge();
    let ev = coded(
        &k,
        "The Greek foreign minister said Turkey would pay a heavy price for violating the airspace.",
        "2019-04-16",
    );
    assert!(
        ev.iter()
            .any(|e| e.0 == "GRC" && e.1 == "130" && e.2 == "TUR"),
        "{ev:?}"
    );
    // The gerund after "for" is the reason given, not an event of its own.
    assert!(!ev.iter().any(|e| e.0 == "TUR"), "{ev:?}");
    // Without a speaker there is no one threatening.
    let ev = coded(&k, "Turkey would pay a heavy price.", "2019-04-16");
    assert!(ev.is_empty(), "{ev:?}");
}

#[test]
fn calling_an_actor_a_danger_is_the_speaker_s_criticism_of_it() {
    let k = knowledge();
    let ev = coded(
        &k,
        "Serbia replied that Kosovo posed a direct threat to the region.",
        "2019-04-16",
    );
    assert!(
        ev.iter()
            .any(|e| e.0 == "SRB" && e.1 == "111" && e.2 == "XKX"),
        "{ev:?}"
    );
}
