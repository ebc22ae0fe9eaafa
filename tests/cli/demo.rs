//! `kariz demo` end to end: where it builds, what it holds at the pinned
//! date, rebuilding, refusing to replace a real database, synthetic scale.

use crate::common::{Env, array, id, ids, str_field};
use serde_json::Value;
use std::collections::BTreeSet;

/// Builds the demo at its default place and returns that path as text.
fn build(env: &Env) -> String {
    let out = env.ok(["demo"]);
    let db = env.demo_db();
    // On PostgreSQL the lists that follow are what shows it is there.
    assert!(
        env.on_server() || db.is_file(),
        "{} missing; demo said:\n{out}",
        db.display()
    );
    assert!(out.contains(db.to_str().unwrap()), "{out}");
    db.to_str().unwrap().to_string()
}

fn list(env: &Env, db: &str, what: &[&str]) -> Value {
    let mut args = what.to_vec();
    args.extend(["--json", "--db", db]);
    env.json(args)
}

fn counts(env: &Env, db: &str) -> [usize; 5] {
    [
        array(&list(env, db, &["person", "list"])).len(),
        array(&list(env, db, &["company", "list"])).len(),
        array(&list(env, db, &["deal", "list"])).len(),
        array(&list(env, db, &["task", "list", "--all"])).len(),
        array(&list(env, db, &["activity", "list"])).len(),
    ]
}

/// The first person in demo-data/people.csv whose name uses a letter only
/// Persian has (پ چ ژ گ, or the Persian forms of yeh and kaf).
fn a_persian_name_from_the_demo_data() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/demo-data/people.csv");
    let mut reader = csv::Reader::from_path(path).expect("read demo-data/people.csv");
    let headers = reader.headers().unwrap().clone();
    let name_col = headers.iter().position(|h| h == "name").unwrap();
    reader
        .records()
        .map(|r| r.unwrap()[name_col].to_string())
        .find(|n| n.chars().any(|c| "پچژگیک".contains(c)))
        .expect("the demo data has Persian names")
}

#[test]
fn demo_builds_under_xdg_data_home_and_leaves_the_real_database_alone() {
    let env = Env::new();
    let db = build(&env);
    // On PostgreSQL the demo goes where KARIZ_DB points: no file to check.
    #[cfg(unix)]
    if !env.on_server() {
        use std::os::unix::fs::PermissionsExt;
        assert!(!env.db().exists(), "the real database was created");
        let mode = std::fs::metadata(&db).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "demo.db mode {mode:o}");
    }
    let [people, companies, deals, tasks, activities] = counts(&env, &db);
    assert!(people >= 200, "{people} people");
    assert!(companies >= 50, "{companies} companies");
    assert!(deals >= 120, "{deals} deals");
    assert!(tasks > 0 && activities > 0);
}

#[test]
fn demo_deals_cover_every_stage_and_three_currencies() {
    let env = Env::new();
    let db = build(&env);
    let deals = list(&env, &db, &["deal", "list"]);
    let deals = array(&deals);
    assert!(deals.len() >= 120, "{} deals", deals.len());

    let currencies: BTreeSet<&str> = deals.iter().map(|d| str_field(d, "currency")).collect();
    for c in ["IRR", "USD", "AED"] {
        assert!(currencies.contains(c), "no {c} deal: {currencies:?}");
    }

    let stages = list(&env, &db, &["stage", "list"]);
    let sales: Vec<&str> = array(&stages)
        .iter()
        .filter(|s| s["pipeline"] == "sales")
        .map(|s| str_field(s, "stage"))
        .collect();
    assert_eq!(sales.len(), 6, "{sales:?}");
    let used: BTreeSet<&str> = deals
        .iter()
        .filter(|d| d["pipeline"] == "sales")
        .map(|d| str_field(d, "stage"))
        .collect();
    for stage in &sales {
        assert!(used.contains(stage), "no deal in {stage}: {used:?}");
    }
    for status in ["open", "won", "lost"] {
        assert!(
            deals.iter().any(|d| d["status"] == status),
            "no {status} deal"
        );
    }
}

#[test]
fn demo_tasks_are_placed_around_the_pinned_date() {
    let env = Env::new();
    let db = build(&env);
    let today = list(&env, &db, &["task", "list", "--today"]);
    assert!(!array(&today).is_empty(), "no task due today");
    for t in array(&today) {
        assert_eq!(t["due_date"], "2026-11-22", "{t:#}");
        assert!(t["done_at"].is_null());
    }
    let overdue = list(&env, &db, &["task", "list", "--overdue"]);
    assert!(!array(&overdue).is_empty(), "no overdue task");
    for t in array(&overdue) {
        assert!(str_field(t, "due_date") < "2026-11-22", "{t:#}");
    }
    assert!(!array(&list(&env, &db, &["task", "list", "--upcoming"])).is_empty());
    assert!(!array(&list(&env, &db, &["task", "list", "--done"])).is_empty());
}

#[test]
fn demo_search_finds_a_persian_name_first() {
    let env = Env::new();
    let db = build(&env);
    let name = a_persian_name_from_the_demo_data();
    let hits = env.json(["search", &name, "--json", "--db", &db]);
    let first = array(&hits)
        .first()
        .unwrap_or_else(|| panic!("no hit for {name}"));
    assert_eq!(first["entity"], "person");
    assert_eq!(first["name"], name.as_str());
    let person = env.json([
        "person",
        "show",
        &id(first).to_string(),
        "--json",
        "--db",
        &db,
    ]);
    assert_eq!(person["name"], name.as_str());
}

#[test]
fn demo_twice_rebuilds_from_scratch() {
    let env = Env::new();
    let db = build(&env);
    let before = counts(&env, &db);
    // A record added to the demo goes away on a rebuild.
    let extra = env.json(["person", "add", "--name", "Scratch", "--json", "--db", &db]);
    assert_eq!(counts(&env, &db)[0], before[0] + 1);

    build(&env);
    assert_eq!(counts(&env, &db), before);
    let found = env.json(["search", "Scratch", "--json", "--db", &db]);
    assert!(
        array(&found).iter().all(|h| h["name"] != "Scratch"),
        "{found:#}; added id {}",
        id(&extra)
    );
}

#[test]
fn demo_refuses_to_replace_a_real_database() {
    let env = Env::new();
    let real = env.path("real.db");
    let real = real.to_str().unwrap();
    let pid = env.add_person("Keep me", &["--db", real, "--create"]);
    let before = std::fs::read(real).unwrap();

    let err = env.fails(1, ["demo", "--db", real]);
    assert!(err.contains("not a demo database"), "{err}");
    assert!(err.contains("real.db"), "{err}");
    assert_eq!(std::fs::read(real).unwrap(), before, "the file changed");
    let people = list(&env, real, &["person", "list"]);
    assert_eq!(ids(&people), vec![pid]);
    assert_eq!(array(&people)[0]["name"], "Keep me");
}

#[test]
fn demo_with_size_adds_synthetic_people() {
    let env = Env::new();
    let db = env.path("big.db");
    let db = db.to_str().unwrap();
    let out = env.ok(["demo", "--size", "500", "--db", db]);
    assert!(out.contains("Plus synthetic: 500 people"), "{out}");
    let people = list(&env, db, &["person", "list"]);
    let all = ids(&people);
    assert!(all.len() >= 700, "{} people", all.len());
    // Listing pages through them without repeats or gaps.
    let unique: BTreeSet<i64> = all.iter().copied().collect();
    assert_eq!(unique.len(), all.len());
    let limited = list(&env, db, &["person", "list", "--limit", "600"]);
    assert_eq!(ids(&limited), all[..600].to_vec());
}

#[test]
fn a_failed_build_says_where_and_leaves_nothing_behind() {
    let env = Env::new();
    // A config without the "Proposal" stage cannot hold the demo deals.
    let config = kariz::config::DEFAULT_TOML.replace("name = \"Proposal\"", "name = \"Quote\"");
    std::fs::create_dir_all(env.config_file().parent().unwrap()).unwrap();
    std::fs::write(env.config_file(), config).unwrap();
    let err = env.fails(1, ["demo"]);
    assert!(err.contains("demo-data/deals.csv, line"), "{err}");
    assert!(err.contains("Proposal"), "{err}");
    let dir = env.demo_db().parent().unwrap().to_path_buf();
    let left: Vec<String> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    assert!(
        left.iter().all(|name| !name.contains("building")),
        "{left:?}"
    );
}

/// A demo built with --lang fa opens in Persian later without --lang
/// (Jalali dates, Persian digits); --config still wins; a demo built
/// without --lang stays English.
#[test]
fn a_demo_remembers_its_language() {
    let env = Env::new();
    let db = env.path("fa-demo.db");
    let db = db.to_str().unwrap();
    env.ok(["demo", "--lang", "fa", "--no-open", "--db", db]);
    let shown = env.ok(["--db", db, "task", "list", "--all"]);
    assert!(
        shown.contains("۱۴۰۵/"),
        "not Jalali with Persian digits:\n{shown}"
    );
    // Its cases were numbered in the Jalali year they were opened in.
    let cases = env.json(["--db", db, "case", "list", "--all", "--json"]);
    let numbers: Vec<&str> = cases
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["number"].as_str().unwrap())
        .collect();
    assert!(
        !numbers.is_empty() && numbers.iter().all(|n| n.starts_with("1405-")),
        "{numbers:?}"
    );
    // An explicit config comes first.
    std::fs::write(env.path("en.toml"), "").unwrap();
    let en = env.path("en.toml");
    let shown = env.ok([
        "--config",
        en.to_str().unwrap(),
        "--db",
        db,
        "task",
        "list",
        "--all",
    ]);
    assert!(!shown.contains("۱۴۰۵/"), "{shown}");
    assert!(shown.contains("2026-"), "{shown}");
    // Rebuilt without --lang: English again.
    env.ok(["demo", "--no-open", "--db", db]);
    let shown = env.ok(["--db", db, "task", "list", "--all"]);
    assert!(!shown.contains("۱۴۰۵/"), "{shown}");
}
