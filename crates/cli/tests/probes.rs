//! Dated actor probes: people before, during and after office, seats of power,
//! role nouns, and groups whose sector changed. Each probe resolves a mention
//! the way the coder does, on a date, against the shipped data.

use chrono::NaiveDate;
use demarche_knowledge::Knowledge;

/// (mention, date, actor, sector or "" for any, part of the deciding name or "")
const PROBES: &[(&str, &str, &str, &str, &str)] = &[
    // Offices by role noun, on dates either side of a change.
    (
        "the German foreign minister",
        "2021-03-24",
        "DEU",
        "GOV",
        "Heiko Maas",
    ),
    (
        "the German foreign minister",
        "2023-05-10",
        "DEU",
        "GOV",
        "Baerbock",
    ),
    (
        "the German chancellor",
        "2010-06-01",
        "DEU",
        "GOV",
        "Merkel",
    ),
    (
        "the German chancellor",
        "2022-06-01",
        "DEU",
        "GOV",
        "Scholz",
    ),
    (
        "Russia's top diplomat",
        "2021-03-24",
        "RUS",
        "GOV",
        "Lavrov",
    ),
    (
        "the U.S. secretary of state",
        "2021-03-24",
        "USA",
        "GOV",
        "Blinken",
    ),
    (
        "the U.S. secretary of state",
        "2025-02-19",
        "USA",
        "GOV",
        "Rubio",
    ),
    (
        "the U.S. secretary of state",
        "2006-01-01",
        "USA",
        "GOV",
        "Rice",
    ),
    (
        "the British prime minister",
        "2018-03-14",
        "GBR",
        "GOV",
        "Theresa May",
    ),
    (
        "the British prime minister",
        "2020-01-01",
        "GBR",
        "GOV",
        "Boris Johnson",
    ),
    (
        "the British prime minister",
        "2025-01-01",
        "GBR",
        "GOV",
        "Starmer",
    ),
    (
        "the French president",
        "2016-01-01",
        "FRA",
        "GOV",
        "Hollande",
    ),
    ("the French president", "2018-01-01", "FRA", "GOV", "Macron"),
    ("the French president", "2000-01-01", "FRA", "GOV", "Chirac"),
    (
        "the Japanese prime minister",
        "2015-01-01",
        "JPN",
        "GOV",
        "Abe",
    ),
    (
        "the Indian prime minister",
        "2010-01-01",
        "IND",
        "GOV",
        "Manmohan Singh",
    ),
    (
        "the Indian prime minister",
        "2020-01-01",
        "IND",
        "GOV",
        "Modi",
    ),
    (
        "the South African president",
        "1996-01-01",
        "ZAF",
        "GOV",
        "Mandela",
    ),
    ("the Turkish president", "2012-01-01", "TUR", "GOV", "Gül"),
    (
        "NATO Secretary General",
        "2021-03-24",
        "NATO",
        "IGO",
        "Stoltenberg",
    ),
    (
        "NATO's secretary general",
        "2025-01-15",
        "NATO",
        "IGO",
        "Rutte",
    ),
    (
        "NATO Secretary General",
        "2005-01-01",
        "NATO",
        "IGO",
        "Scheffer",
    ),
    // People before, during and after office.
    ("Heiko Maas", "2023-05-10", "DEU", "PTY", "Heiko Maas"),
    ("Angela Merkel", "2023-01-01", "DEU", "PTY", "Merkel"),
    ("Donald Trump", "2018-06-12", "USA", "GOV", "Trump"),
    ("Donald Trump", "2024-07-14", "USA", "PTY", "Trump"),
    ("Donald Trump", "2025-03-01", "USA", "GOV", "Trump"),
    ("Friedrich Merz", "2025-06-01", "DEU", "GOV", "Merz"),
    (
        "Jens Stoltenberg",
        "2010-06-01",
        "NOR",
        "GOV",
        "Stoltenberg",
    ),
    (
        "Jens Stoltenberg",
        "2021-03-24",
        "NATO",
        "IGO",
        "Stoltenberg",
    ),
    ("Kofi Annan", "2000-01-01", "UN", "IGO", "Annan"),
    ("Kofi Annan", "2012-05-01", "UN", "IGO", "Annan"),
    ("Vladimir Putin", "2009-01-01", "RUS", "GOV", "Putin"),
    ("Boris Yeltsin", "1995-01-01", "RUS", "GOV", "Yeltsin"),
    ("Bashar al-Assad", "2013-08-22", "SYR", "GOV", "Assad"),
    ("Kim Jong Il", "2000-06-14", "PRK", "GOV", "Kim Jong Il"),
    ("Kim Jong Un", "2018-06-12", "PRK", "GOV", "Kim Jong Un"),
    ("Erdoğan", "2017-12-06", "TUR", "GOV", "Erdo"),
    ("Erdogan", "2017-12-06", "TUR", "GOV", "Erdo"),
    ("Zelenskyy", "2022-03-01", "UKR", "GOV", "Zelensk"),
    ("Zelensky", "2022-03-01", "UKR", "GOV", "Zelensk"),
    ("Nelson Mandela", "1995-01-01", "ZAF", "GOV", "Mandela"),
    // Seats of power and capitals.
    ("the Kremlin", "2021-03-24", "RUS", "GOV", ""),
    ("Moscow", "1995-01-01", "RUS", "GOV", ""),
    ("the Pentagon", "2010-01-01", "USA", "MIL", ""),
    ("the White House", "2010-01-01", "USA", "GOV", ""),
    ("Downing Street", "2019-01-01", "GBR", "GOV", ""),
    ("the Elysee", "2019-01-01", "FRA", "GOV", ""),
    ("Beijing", "2019-01-01", "CHN", "GOV", ""),
    ("Kiev", "2014-07-18", "UKR", "GOV", ""),
    ("Kyiv", "2022-03-01", "UKR", "GOV", ""),
    (
        "the Chinese foreign ministry",
        "2020-01-01",
        "CHN",
        "GOV",
        "",
    ),
    // Role nouns after states and adjectives.
    ("Ukrainian troops", "2022-03-01", "UKR", "MIL", ""),
    ("Russian police", "2021-01-18", "RUS", "POL", ""),
    ("Iraqi troops", "1996-09-04", "IRQ", "MIL", ""),
    ("Hong Kong police", "2019-06-10", "HKG", "POL", ""),
    ("Syrian rebels", "2013-01-01", "SYR", "REB", ""),
    ("Brazilian federal police", "2016-03-05", "BRA", "POL", ""),
    // Organisations and groups whose sector changed.
    ("the Taliban", "1998-01-01", "AFG", "GOV", ""),
    ("the Taliban", "2010-01-01", "AFG", "REB", ""),
    ("the Taliban", "2022-01-01", "AFG", "GOV", ""),
    ("Hayat Tahrir al-Sham", "2020-01-01", "SYR", "REB", ""),
    ("Hayat Tahrir al-Sham", "2025-03-01", "SYR", "GOV", ""),
    ("Hezbollah", "2006-07-13", "LBN", "REB", ""),
    ("Hamas", "2023-10-08", "PSE", "REB", ""),
    ("Islamic State", "2015-11-15", "ORG:IS", "", ""),
    ("the European Commission", "2015-01-01", "EU", "", ""),
    ("the U.N. Security Council", "2011-10-05", "UN", "", ""),
    // Interior and defence ministers across regions and decades, by their local titles.
    (
        "the Polish interior minister",
        "2016-06-01",
        "POL",
        "GOV",
        "Błaszczak",
    ),
    (
        "the Greek defence minister",
        "2020-06-01",
        "GRC",
        "GOV",
        "Panagiotopoulos",
    ),
    (
        "the Estonian defence minister",
        "2020-06-01",
        "EST",
        "GOV",
        "Luik",
    ),
    (
        "the Czech interior minister",
        "2022-06-01",
        "CZE",
        "GOV",
        "Rakušan",
    ),
    (
        "the Japanese defense minister",
        "2020-06-01",
        "JPN",
        "GOV",
        "Kono",
    ),
    (
        "the Turkish defence minister",
        "2019-06-01",
        "TUR",
        "GOV",
        "Akar",
    ),
    (
        "the Indian home minister",
        "2020-06-01",
        "IND",
        "GOV",
        "Amit Shah",
    ),
    (
        "the Pakistani interior minister",
        "2010-06-01",
        "PAK",
        "GOV",
        "Rehman Malik",
    ),
    (
        "the Finnish interior minister",
        "2020-06-01",
        "FIN",
        "GOV",
        "Ohisalo",
    ),
    (
        "the Hungarian interior minister",
        "2015-06-01",
        "HUN",
        "GOV",
        "Pintér",
    ),
    (
        "the Croatian interior minister",
        "2018-06-01",
        "HRV",
        "GOV",
        "Božinović",
    ),
    (
        "the Slovak interior minister",
        "2015-06-01",
        "SVK",
        "GOV",
        "Kaliňák",
    ),
    (
        "the Canadian public safety minister",
        "2016-06-01",
        "CAN",
        "GOV",
        "Goodale",
    ),
    (
        "the South African home affairs minister",
        "2010-06-01",
        "ZAF",
        "GOV",
        "Dlamini-Zuma",
    ),
    (
        "the Azerbaijani defence minister",
        "2015-06-01",
        "AZE",
        "GOV",
        "Hasanov",
    ),
    (
        "the Armenian defence minister",
        "2010-06-01",
        "ARM",
        "GOV",
        "Ohanyan",
    ),
    (
        "the Belgian interior minister",
        "2015-06-01",
        "BEL",
        "GOV",
        "Jambon",
    ),
    (
        "the Austrian interior minister",
        "2019-06-01",
        "AUT",
        "GOV",
        "Ratz",
    ),
    (
        "the Chinese public security minister",
        "2019-06-01",
        "CHN",
        "GOV",
        "Zhao Kezhi",
    ),
    (
        "the Portuguese defence minister",
        "2011-06-01",
        "PRT",
        "GOV",
        "Santos Silva",
    ),
    // Before and after a change of holder: the interior portfolio in Germany.
    (
        "the German interior minister",
        "2017-06-01",
        "DEU",
        "GOV",
        "de Maizière",
    ),
    (
        "the German interior minister",
        "2019-06-01",
        "DEU",
        "GOV",
        "Seehofer",
    ),
    // States under former names.
    ("Zaire", "1995-01-01", "COD", "", ""),
    ("Yugoslavia", "1999-03-25", "SRB", "", ""),
];

#[test]
fn dated_probes_resolve_as_expected() {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
    let k = Knowledge::load(&data).expect("shipped data loads");
    let mut failures = Vec::new();
    for &(text, date, actor, sector, name) in PROBES {
        let day = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
        let doc = demarche_ingest::Document::new("probe", text.to_string());
        let annotated = demarche_coder::AnnotatedDoc::new(&k, &doc, Some(day));
        let found: Vec<demarche_coder::Mention> = annotated
            .sentences
            .first()
            .map(|s| s.mentions.clone())
            .unwrap_or_default();
        let Some(m) = found.first() else {
            failures.push(format!("{text:?} on {date}: not resolved"));
            continue;
        };
        let ok = m.actor == actor
            && (sector.is_empty() || m.sector.map(|s| s.as_str()) == Some(sector))
            && m.name.contains(name);
        if !ok {
            failures.push(format!(
                "{text:?} on {date}: got {} {:?} {:?}, want {actor} {sector} {name:?}",
                m.actor, m.sector, m.name
            ));
        }
    }
    assert!(PROBES.len() >= 50);
    assert!(
        failures.is_empty(),
        "{} of {} probes failed:\n{}",
        failures.len(),
        PROBES.len(),
        failures.join("\n")
    );
}

#[test]
fn memberships_count_members_on_a_date() {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
    let k = Knowledge::load(&data).expect("shipped data loads");
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let nato = k.memberships.members("NATO", day("2021-03-24"));
    assert_eq!(nato.len(), 30);
    assert!(!nato.contains(&"FIN") && nato.contains(&"MKD"));
    assert!(k
        .memberships
        .members("NATO", day("2023-04-04"))
        .contains(&"FIN"));
    assert_eq!(k.memberships.members("NATO", day("2024-06-01")).len(), 32);
    let nrc = k.memberships.members("NRC", day("2021-03-24"));
    assert_eq!(nrc.len(), 31);
    assert!(nrc.contains(&"RUS"));
    assert_eq!(k.memberships.members("EU", day("2021-03-24")).len(), 27);
    assert!(k
        .memberships
        .members("EU", day("2019-06-01"))
        .contains(&"GBR"));
}
