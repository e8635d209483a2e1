//! `demarche forum`: forum status read from reports. The seed report (needs
//! ../shared) and short reports about other forums written for these tests.

mod common;

use common::*;
use serde_json::Value;

fn forum_json(args: &[&str]) -> Value {
    let mut all = vec!["forum"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let o = run(&all);
    assert!(o.status.success(), "{all:?} failed: {}", stderr(&o));
    serde_json::from_str(&stdout(&o)).expect("one JSON object")
}

/// A report written to a file of its own, in a directory that goes with it.
struct Report {
    path: String,
    _dir: TestDir,
}

impl std::ops::Deref for Report {
    type Target = str;
    fn deref(&self) -> &str {
        &self.path
    }
}

impl AsRef<std::path::Path> for Report {
    fn as_ref(&self) -> &std::path::Path {
        self.path.as_ref()
    }
}

/// Writes `text` to a file of its own; the value derefs to the file's path.
fn report(name: &str, text: &str) -> Report {
    let dir = tempdir(&format!("forum-{name}"));
    let path = dir.join(format!("{name}.txt"));
    std::fs::write(&path, text).unwrap();
    Report {
        path: path.to_string_lossy().into_owned(),
        _dir: dir,
    }
}

/// Every evidence span lies in the text and covers the words it names.
fn check_evidence(text: &str, ev: &Value) {
    let spans = ev["spans"].as_array().expect("spans");
    assert!(!spans.is_empty());
    for (s, words) in spans.iter().zip(ev["text"].as_array().unwrap()) {
        let (a, b) = (
            s[0].as_u64().unwrap() as usize,
            s[1].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[a..b], words.as_str().unwrap());
    }
}

#[test]
#[cfg_attr(
    not(shared_data),
    ignore = "needs ../shared (gold data and corpora); set CI=true to require it"
)]
fn seed_report_nato_russia_council() {
    let Some(shared) = shared() else { return };
    let path = shared.join("seed/000_b7a0f1df25b5c3d0.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let j = forum_json(&[
        "NATO-Russia Council",
        "--as-of",
        "2021-03-24",
        path.to_str().unwrap(),
    ]);
    let status = j["status"].as_str().unwrap();
    assert!(status == "dormant" || status == "overdue", "{j:#}");
    assert_eq!(j["last_meeting"], "2019-07");
    assert_eq!(j["cadence"], "monthly");
    assert_eq!(j["cadence_level"], "ambassadors");
    assert_eq!(j["cadence_source"], "text");
    assert_eq!(j["founded"], "2002");
    assert_eq!(j["founded_source"], "text");
    assert_eq!(j["members_count"], 31);
    let s = j["suspensions"].as_array().unwrap();
    assert_eq!(s.len(), 1, "{j:#}");
    assert_eq!(
        (s[0]["from"].as_str(), s[0]["to"].as_str()),
        (Some("2014-06"), Some("2016-04"))
    );
    for e in s[0]["evidence"].as_array().unwrap() {
        check_evidence(&text, e);
    }
    let blockers = j["blockers"].as_array().unwrap();
    let rus = blockers
        .iter()
        .find(|b| b["actor"] == "RUS")
        .unwrap_or_else(|| panic!("no Russian blocker: {j:#}"));
    assert_eq!(rus["stance"], "refuses");
    assert_eq!(rus["topic"], "Ukraine");
    assert_eq!(rus["topic_actor"], "UKR");
    check_evidence(&text, &rus["evidence"]);
    for key in ["last_meeting", "cadence", "founded"] {
        check_evidence(&text, &j["evidence"][key]);
    }
    // The acronym and any case name the same forum.
    let again = forum_json(&["nrc", "--as-of", "2021-03-24", path.to_str().unwrap()]);
    assert_eq!(again["last_meeting"], "2019-07");
}

#[test]
fn normandy_format_summit_in_paris() {
    let text = "Leaders agree on prisoner swap at Paris talks\n\n\
        The presidents of France, Russia and Ukraine and the German chancellor met in Paris on \
        9 December 2019 for a Normandy format summit, their first in three years. The previous \
        summit of the Normandy Four took place in Berlin in October 2016. The four leaders agreed \
        to exchange prisoners before the end of the year and said they would meet again within \
        four months.\n";
    let path = report("normandy", text);
    let j = forum_json(&["Normandy format", "--as-of", "2020-02-01", &path]);
    assert_eq!(j["status"], "active", "{j:#}");
    assert_eq!(j["last_meeting"], "2019-12-09");
    assert_eq!(j["cadence"], "ad-hoc");
    assert_eq!(j["cadence_source"], "data");
    assert_eq!(j["members_count"], 4);
    let dates: Vec<&str> = j["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["date"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["2016-10", "2019-12-09"], "{j:#}");
    check_evidence(text, &j["evidence"]["last_meeting"]);
    // Before the Paris summit, only the Berlin one counts.
    let before = forum_json(&["normandy four", "--as-of", "2019-06-01", &path]);
    assert_eq!(before["last_meeting"], "2016-10");
}

#[test]
fn six_party_talks_stalled() {
    let text = "Hopes fade for nuclear diplomacy on the Korean peninsula\n\n\
        The Six-Party Talks on North Korea's nuclear programme have stalled since December 2008, \
        when the last round ended in Beijing without an agreement on verification. Pyongyang has \
        said it will never return to the talks, and Washington wants any new process to start \
        from denuclearisation.\n";
    let path = report("sixparty", text);
    let j = forum_json(&["six-party talks", "--as-of", "2017-06-01", &path]);
    assert_eq!(j["status"], "suspended", "{j:#}");
    let s = j["suspensions"].as_array().unwrap();
    assert_eq!(s.len(), 1, "{j:#}");
    assert_eq!(s[0]["from"], "2008-12");
    assert!(s[0]["to"].is_null());
    check_evidence(text, &s[0]["evidence"][0]);
    assert_eq!(j["members_count"], 6);
}

#[test]
fn arctic_council_ministerial_meeting() {
    let text = "Arctic ministers end meeting without a declaration\n\n\
        Foreign ministers of the eight Arctic states gathered in Rovaniemi on 7 May 2019 for the \
        Arctic Council's ministerial meeting. The council meets at ministerial level every two \
        years. For the first time since its creation in 1996, the meeting closed without a joint \
        declaration, after Washington objected to wording on climate change.\n";
    let path = report("arctic", text);
    let j = forum_json(&["arctic council", "--as-of", "2020-06-01", &path]);
    assert_eq!(j["status"], "active", "{j:#}");
    assert_eq!(j["last_meeting"], "2019-05-07");
    assert_eq!(j["cadence"], "biennial");
    assert_eq!(j["cadence_level"], "ministers");
    assert_eq!(j["cadence_source"], "text");
    assert_eq!(j["founded"], "1996");
    assert_eq!(j["members_count"], 8);
    assert!(j["suspensions"].as_array().unwrap().is_empty());
}

#[test]
fn g20_summit_overdue_without_a_later_meeting() {
    let text = "Trade truce in Osaka\n\n\
        Leaders of the G20 held their annual summit in Osaka on 29 June 2019, where the United \
        States and China agreed to pause new tariffs. The next G20 summit is planned for Riyadh \
        in November 2020.\n";
    let path = report("g20", text);
    let j = forum_json(&[
        "Group of Twenty",
        "--as-of",
        "2021-03-01",
        "--date",
        "2019-07-01",
        &path,
    ]);
    assert_eq!(j["last_meeting"], "2019-06-29", "{j:#}");
    assert_eq!(j["cadence"], "yearly");
    assert_eq!(j["cadence_level"], "leaders");
    assert_eq!(j["status"], "overdue", "{j:#}");
    assert_eq!(
        j["meetings"].as_array().unwrap().len(),
        1,
        "the planned summit is no meeting"
    );
    assert_eq!(j["members_count"], 20);
}

#[test]
fn jcpoa_joint_commission_in_vienna() {
    let text = "Iran deal parties meet in Vienna\n\n\
        Senior diplomats from Iran, China, France, Germany, Russia and Britain met in Vienna on \
        Sunday at the JCPOA Joint Commission, chaired by the European Union. Iran refuses to \
        discuss its missile programme in the commission, a Western diplomat said.\n";
    let path = report("jcpoa", text);
    let j = forum_json(&[
        "JCPOA Joint Commission",
        "--as-of",
        "2019-09-15",
        "--date",
        "2019-07-30",
        &path,
    ]);
    assert_eq!(j["last_meeting"], "2019-07-28", "{j:#}");
    assert_eq!(j["status"], "active");
    assert_eq!(j["cadence"], "quarterly");
    assert_eq!(j["members_count"], 7, "the United States left in 2018");
    // The same report published later: the meeting moves with "Sunday", the blocker stays open.
    let later = forum_json(&[
        "JCPOA Joint Commission",
        "--as-of",
        "2020-02-01",
        "--date",
        "2020-01-10",
        &path,
    ]);
    assert_eq!(later["last_meeting"], "2020-01-05", "{later:#}");
    assert_eq!(later["status"], "active", "{later:#}");
    let b = later["blockers"].as_array().unwrap();
    assert!(
        b.iter()
            .any(|b| b["actor"] == "IRN" && b["stance"] == "refuses"),
        "{later:#}"
    );
}

#[test]
fn no_documents_read_the_store() {
    let dir = tempdir("forum-store");
    let arctic = dir.join("arctic.txt");
    std::fs::write(
        &arctic,
        "Arctic ministers meet in Rovaniemi\n\n\
         Foreign ministers of the eight Arctic states gathered in Rovaniemi on 7 May 2019 for \
         the Arctic Council's ministerial meeting. The council meets at ministerial level every \
         two years.\n",
    )
    .unwrap();
    let lines = dir.join("more.jsonl");
    std::fs::write(
        &lines,
        concat!(
            r#"{"id":"g20-osaka","date":"2019-07-01","text":"Leaders of the G20 held their annual summit in Osaka on 29 June 2019."}"#,
            "\n",
            r#"{"id":"other","date":"2019-07-02","text":"Rain fell on the capital for a third day."}"#,
            "\n"
        ),
    )
    .unwrap();
    let store = dir.join("forums.db");
    let store = store.to_str().unwrap();
    let o = run(&["ingest", "--store", store, "--date", "2019-05-08"]
        .into_iter()
        .chain([arctic.to_str().unwrap(), lines.to_str().unwrap()])
        .collect::<Vec<_>>());
    assert!(o.status.success(), "{}", stderr(&o));
    let from_store = forum_json(&["Arctic Council", "--as-of", "2020-06-01", "--store", store]);
    let from_file = forum_json(&[
        "Arctic Council",
        "--as-of",
        "2020-06-01",
        "--date",
        "2019-05-08",
        arctic.to_str().unwrap(),
    ]);
    assert_eq!(from_store["status"], "active", "{from_store:#}");
    assert_eq!(from_store["last_meeting"], "2019-05-07");
    assert_eq!(from_store["cadence"], "biennial");
    assert_eq!(from_store["cadence_source"], "text");
    assert_eq!(from_store, from_file, "the store reads like the file");
    let g20 = forum_json(&["G20", "--as-of", "2019-08-01", "--store", store]);
    assert_eq!(g20["last_meeting"], "2019-06-29", "{g20:#}");
    assert_eq!(g20["evidence"]["last_meeting"]["doc_id"], "g20-osaka");
    // A forum no stored report names: its status from the records alone.
    let nrc = forum_json(&["NRC", "--as-of", "2019-08-01", "--store", store]);
    assert!(nrc["last_meeting"].is_null(), "{nrc:#}");
    let o = run(&["forum", "--all", "--as-of", "2019-08-01", "--store", store]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let line = |code: &str| {
        out.lines()
            .find(|l| l.starts_with(&format!("{code} ")))
            .unwrap_or_else(|| panic!("{code}: {out}"))
            .to_string()
    };
    assert!(line("G20").contains("2019-06-29"), "{out}");
    assert!(line("ARCTIC").contains("2019-05-07"), "{out}");
}

/// Forum status from the store: from the facts stored at ingest; from the
/// text of documents stored before facts were kept (as an older demarche left
/// them); and from their facts once the next ingest has stored them. All
/// three are the status read from the reports themselves, in both stores.
#[test]
fn stored_facts_old_documents_and_their_backfill_give_one_status() {
    let dir = tempdir("forum-facts");
    let arctic = dir.join("arctic.jsonl");
    let doc = serde_json::json!({"id": "arctic-2019", "date": "2019-05-08",
        "title": "Arctic ministers meet in Rovaniemi",
        "text": "Foreign ministers of the eight Arctic states gathered in Rovaniemi on 7 May \
                 2019 for the Arctic Council's ministerial meeting. The council meets at \
                 ministerial level every two years. Russia refuses to discuss military \
                 security in the council, a Norwegian diplomat said."});
    std::fs::write(&arctic, format!("{doc}\n")).unwrap();
    let from_file = forum_json(&[
        "Arctic Council",
        "--as-of",
        "2020-06-01",
        arctic.to_str().unwrap(),
    ]);
    assert_eq!(from_file["last_meeting"], "2019-05-07", "{from_file:#}");
    let mut stores = vec![dir.join("facts.db").display().to_string()];
    stores.extend(demarche_store::testing::postgres_url(
        "forum_facts_backfill",
    ));
    for store in &stores {
        let ingest = || run(&["ingest", "--store", store, arctic.to_str().unwrap()]);
        let o = ingest();
        assert!(o.status.success(), "{}", stderr(&o));
        let status = || forum_json(&["Arctic Council", "--as-of", "2020-06-01", "--store", store]);
        assert_eq!(status(), from_file, "stored facts ({store})");
        demarche_store::testing::forget_forum_facts(store);
        assert_eq!(status(), from_file, "coded from the text ({store})");
        // The next ingest (of anything) stores the old documents' facts.
        let o = ingest();
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("forum facts read from 1 document(s)"),
            "{}",
            stderr(&o)
        );
        assert_eq!(status(), from_file, "backfilled facts ({store})");
        let again = ingest();
        assert!(
            !stderr(&again).contains("forum facts read"),
            "{}",
            stderr(&again)
        );
    }
}

#[test]
fn no_store_and_unknown_forums() {
    let dir = tempdir("forum-nostore");
    let missing = dir.join("missing.db");
    let o = run(&[
        "forum",
        "NRC",
        "--as-of",
        "2021-03-24",
        "--store",
        missing.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no store at"), "{}", stderr(&o));
    assert!(!missing.exists(), "a reading command creates no store");
    let path = report("unknown", "Nothing here.\n\nA plain sentence.\n");
    let o = run(&["forum", "No Such Council", "--as-of", "2021-03-24", &path]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no forum named"));
}

#[test]
fn all_forums_listed_in_a_table() {
    let path = report(
        "all",
        "Summit\n\nLeaders of the G20 met in Osaka on 29 June 2019.\n",
    );
    let o = run(&["forum", "--all", "--as-of", "2019-08-01", &path]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.lines().count() > 30, "{out}");
    let g20 = out.lines().find(|l| l.starts_with("G20 ")).unwrap();
    assert!(
        g20.contains("active") && g20.contains("2019-06-29"),
        "{g20}"
    );
}

#[test]
fn check_data_counts_and_validates_the_forum_files() {
    let o = run(&["check-data"]);
    let out = stdout(&o);
    assert!(o.status.success(), "{out}\n{}", stderr(&o));
    let count = |label: &str| -> usize {
        out.lines()
            .find(|l| l.starts_with(label))
            .and_then(|l| l.split_whitespace().last())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no {label} line in {out}"))
    };
    assert!(count("forums ") >= 30, "{out}");
    assert!(count("forum cues") >= 100, "{out}");

    let dir = tempdir("forum-baddata");
    copy_dir(&repo().join("data"), &dir);
    let forums = dir.join("forums.tsv");
    let mut text = std::fs::read_to_string(&forums).unwrap();
    let line = text.lines().count() + 1;
    text.push_str("BAD\tBad Council\t-\tUSA;ZZZ\tleaders\tyearly\t2002\t-\t-\tsrc\n");
    std::fs::write(&forums, text).unwrap();
    let cues = dir.join("forums/cues.tsv");
    let mut c = std::fs::read_to_string(&cues).unwrap();
    let cue_line = c.lines().count() + 1;
    c.push_str("nonsense\tsome phrase\t-\tnote\n");
    std::fs::write(&cues, c).unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_demarche"))
        .arg("--data")
        .arg(&dir)
        .arg("check-data")
        .output()
        .unwrap();
    let out = stdout(&o);
    assert!(!o.status.success(), "{out}");
    assert!(
        out.contains(&format!(
            "forums.tsv:{line}: unknown member actor code \"ZZZ\""
        )),
        "{out}"
    );
    assert!(out.contains(&format!("cues.tsv:{cue_line}:")), "{out}");
}

#[test]
fn a_founding_year_is_no_meeting() {
    let path = report(
        "founded",
        "Polar notes\n\nThe Arctic Council, founded in 1996, met in Reykjavik with all eight \
         members present.\n",
    );
    let j = forum_json(&[
        "ARCTIC",
        "--as-of",
        "2023-01-01",
        "--date",
        "2022-12-01",
        &path,
    ]);
    assert_eq!(j["founded"], "1996", "{j:#}");
    let meetings: Vec<&str> = j["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["date"].as_str().unwrap())
        .collect();
    assert_eq!(meetings, ["2022-12-01"], "{j:#}");
}

#[test]
fn a_start_year_or_an_attempt_is_no_meeting() {
    // The year the talks began is neither a meeting nor (in the text) their founding,
    // and trying to negotiate in them is not meeting.
    let path = report(
        "began",
        "Korean notes\n\nEnvoys from Tokyo and Washington tried for years to reach a deal with \
         Pyongyang in the Six-Party Talks, which began in 2003.\n",
    );
    let j = forum_json(&[
        "SIX_PARTY",
        "--as-of",
        "2017-03-31",
        "--date",
        "2017-03-16",
        &path,
    ]);
    assert_eq!(j["meetings"].as_array().unwrap().len(), 0, "{j:#}");
    assert_eq!(j["founded_source"], "data", "{j:#}");
    // A round that began in a city on a day is a meeting on that day.
    let path = report(
        "round",
        "Korean notes\n\nA new round of the Six-Party Talks began in Beijing on Monday.\n",
    );
    let j = forum_json(&[
        "SIX_PARTY",
        "--as-of",
        "2005-08-01",
        "--date",
        "2005-07-28",
        &path,
    ]);
    assert_eq!(j["last_meeting"], "2005-07-25", "{j:#}");
}

#[test]
fn a_description_points_back_only_a_few_sentences() {
    let near = report(
        "near",
        "Polar notes\n\nThe Arctic Council met in Reykjavik on 20 May 2021. Fishing quotas \
         were set. Later that year the dialogue was suspended.\n",
    );
    let far = report(
        "far",
        "Polar notes\n\nThe Arctic Council met in Reykjavik on 20 May 2021. Fishing quotas \
         were set for the year. Shipping companies reported a busy summer. Ice cover was thin \
         again. A new port opened in the north. Later that year the dialogue was suspended.\n",
    );
    let args = |p: &str| -> Value {
        forum_json(&["ARCTIC", "--as-of", "2023-01-01", "--date", "2022-12-01", p])
    };
    let j = args(&near);
    assert_eq!(j["suspensions"].as_array().unwrap().len(), 1, "{j:#}");
    let j = args(&far);
    assert!(j["suspensions"].as_array().unwrap().is_empty(), "{j:#}");
    assert_eq!(j["last_meeting"], "2021-05-20");
}

/// Meetings read for a forum, as (date, evidence words).
fn meetings(j: &Value) -> Vec<String> {
    j["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["date"].as_str().unwrap_or("").to_string())
        .collect()
}

/// A date in the sentence that belongs to talks held before the format existed
/// is no meeting of it: nothing before a forum's founding (2017-01-23 for Astana).
#[test]
fn no_meeting_before_a_forums_founding() {
    let text = "Syria talks resume in Kazakhstan\n\n\
        Envoys of the Syrian government and of armed opposition groups met in Astana on \
        15 March 2017 for a third round of the Astana talks, sponsored by Russia, Turkey and \
        Iran. Long before the Astana format existed, the same delegations had sat down in \
        Geneva on 20 February 2016 and parted without result.";
    let path = report("astana-early", text);
    let j = forum_json(&["Astana format", "--as-of", "2017-04-01", &path]);
    let dates = meetings(&j);
    assert!(dates.iter().all(|d| d.as_str() >= "2017-01-23"), "{j:#}");
    assert_eq!(j["last_meeting"], "2017-03-15", "{j:#}");
    assert_eq!(j["status"], "active");
}

/// Someone calling a format "stalled" or "dead" is a view, not a suspension.
#[test]
fn a_quoted_opinion_is_no_suspension() {
    let text = "Guarantors meet again\n\n\
        The Astana format met in Astana on 4 May 2017, when Russia, Turkey and Iran signed a \
        memorandum on de-escalation zones. Interviewed on 10 May 2017, a retired general \
        called the Astana format \"stalled\". A former diplomat described the Astana talks as \
        dead in a column on 12 May 2017.";
    let path = report("astana-opinion", text);
    let j = forum_json(&["Astana format", "--as-of", "2017-05-20", &path]);
    assert!(j["suspensions"].as_array().unwrap().is_empty(), "{j:#}");
    assert_eq!(j["status"], "active", "{j:#}");
    assert_eq!(j["last_meeting"], "2017-05-04");
    // A suspension stated as a fact still counts.
    let text = "Talks halted\n\nThe Astana talks were suspended on 20 May 2017 after the \
        delegations walked out.";
    let path = report("astana-halted", text);
    let j = forum_json(&["Astana format", "--as-of", "2017-06-01", &path]);
    assert_eq!(j["suspensions"].as_array().unwrap().len(), 1, "{j:#}");
}

/// "this year" never dates a meeting, and a meeting with a real date is the last one.
#[test]
fn a_vague_time_never_dates_a_meeting() {
    let text = "Prices worry finance chiefs\n\n\
        When G20 finance ministers met this year, inflation was their main worry, a central \
        banker said. The G20 summit took place in Hamburg on 7 July 2017.";
    let path = report("g20-vague", text);
    let j = forum_json(&[
        "G20",
        "--as-of",
        "2017-09-01",
        "--date",
        "2017-09-01",
        &path,
    ]);
    assert_eq!(j["last_meeting"], "2017-07-07", "{j:#}");
    assert!(!meetings(&j).iter().any(|d| d == "2017"), "{j:#}");
    // Alone, a vague time gives no meeting at all (not the publication date either).
    let text = "Prices worry finance chiefs\n\nG20 finance ministers have met recently to \
        discuss inflation, a central banker said.";
    let path = report("g20-recently", text);
    let j = forum_json(&[
        "G20",
        "--as-of",
        "2017-09-01",
        "--date",
        "2017-09-01",
        &path,
    ]);
    assert!(meetings(&j).is_empty(), "{j:#}");
}

/// Memberships on a date: the Security Council's fifteen (five permanent, ten elected
/// that year), NATO's enlargements, and no members before a forum's founding.
#[test]
fn memberships_are_those_of_the_date() {
    let path = report("nothing", "A note\n\nNothing about any forum here.");
    let members = |forum: &str, on: &str| -> Value { forum_json(&[forum, "--as-of", on, &path]) };
    let unsc = members("UNSC", "2018-06-01");
    assert_eq!(unsc["members_count"], 15, "{unsc:#}");
    let list: Vec<&str> = unsc["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    for m in [
        "USA", "RUS", "CHN", "GBR", "FRA", "NLD", "PER", "POL", "KWT", "SWE",
    ] {
        assert!(list.contains(&m), "{m} in {list:?}");
    }
    assert!(
        !list.contains(&"ITA"),
        "Italy's half of the split term was 2017"
    );
    let unsc_2017 = members("UNSC", "2017-06-01");
    assert!(unsc_2017["members"]
        .as_array()
        .unwrap()
        .contains(&"ITA".into()));
    // Before the elected seats are listed, no count rather than a wrong one.
    assert!(members("UNSC", "1985-06-01")["members_count"].is_null());
    for (on, n) in [
        ("2019-06-01", 29),
        ("2020-04-01", 30),
        ("2023-05-01", 31),
        ("2024-04-01", 32),
    ] {
        assert_eq!(members("NAC", on)["members_count"], n, "NATO on {on}");
    }
    // The NATO-Ukraine Council (2023) did not exist in 2017.
    let nucl = members("NATO-Ukraine Council", "2017-05-01");
    assert_eq!(nucl["status"], "not_founded", "{nucl:#}");
    assert!(nucl["members_count"].is_null(), "{nucl:#}");
    assert_eq!(
        members("NATO-Ukraine Council", "2024-01-10")["members_count"],
        32
    );
}

/// The table shows the evidence words, not only their byte spans.
#[test]
fn the_table_shows_evidence_words() {
    let text = "Council meets\n\nThe NATO-Russia Council met in Brussels on 6 July 2019.";
    let path = report("nrc-table", text);
    let o = run(&["forum", "NRC", "--as-of", "2019-08-01", &path]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let line = out
        .lines()
        .find(|l| l.starts_with("last meeting"))
        .unwrap()
        .to_string();
    assert!(
        line.contains("\"NATO-Russia Council\"") && line.contains("\"6 July 2019\""),
        "{out}"
    );
}
