//! `kariz duplicates …` end to end.

use crate::common::{Env, array};
use serde_json::Value;

fn pairs(env: &Env, extra: &[&str]) -> Vec<(i64, i64, i64, Vec<String>)> {
    let mut args = vec!["duplicates", "--json"];
    args.extend_from_slice(extra);
    array(&env.json(args))
        .iter()
        .map(|p| {
            let kinds = array(&p["reasons"])
                .iter()
                .map(|r| r["kind"].as_str().unwrap().to_string())
                .collect();
            (
                p["keep"].as_i64().unwrap(),
                p["other"].as_i64().unwrap(),
                p["score"].as_i64().unwrap(),
                kinds,
            )
        })
        .collect()
}

#[test]
fn people_sharing_an_email_phone_or_name_are_listed_with_reasons() {
    let env = Env::new();
    env.add_person("Sara Ahmadi", &["--email", "Sara@Example.com"]);
    env.add_person("Sarah Ahmady", &["--email", "sara@example.COM"]);
    env.add_person("علي كريمي", &["--phone", "mobile:0912 345 6789"]);
    env.add_person("علی کریمی", &["--phone", "+98 912 345 6789"]);
    env.add_person("Bijan Farahani", &[]);
    env.add_person("Maryam Najafi", &[]);

    let found = pairs(&env, &[]);
    assert_eq!(found.len(), 2, "{found:?}");
    // Same e-mail (any case) and a similar name: 95%.
    assert_eq!((found[0].0, found[0].1), (1, 2));
    assert_eq!(found[0].3, ["email", "name"]);
    // Same phone (across prefixes) and the same name once folded: 92%.
    assert_eq!((found[1].0, found[1].1), (3, 4));
    assert_eq!(found[1].3, ["phone", "name"]);
    assert!(found[0].2 >= found[1].2 && found[1].2 >= 90, "{found:?}");

    let table = env.ok(["duplicates"]);
    assert!(table.contains("same e-mail sara@example.com"), "{table}");
    assert!(table.contains("kariz merge 1 2"), "{table}");
}

#[test]
fn colleagues_sharing_an_office_line_are_not_duplicates() {
    let env = Env::new();
    env.add_person("Reza Karimi", &["--phone", "work:021 8877 6655"]);
    env.add_person("Maryam Najafi", &["--phone", "work:+98 21 8877 6655"]);
    env.add_person("Ali Rezaei", &["--phone", "work:021 8877 6655 ext. 12"]);
    env.add_person("Ali Rezaei", &["--phone", "work:021 8877 6655 ext. 13"]);
    let found = pairs(&env, &[]);
    // Only the two Ali Rezaeis, by name: the extensions differ.
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].0, found[0].1), (3, 4));
    assert_eq!(found[0].3, ["name"]);
}

#[test]
fn companies_match_by_domain_and_name() {
    let env = Env::new();
    for (name, domain) in [
        ("Acme Trading", "acme.example"),
        ("ACME Trading Co", "www.acme.example"),
        ("Globex", "globex.example"),
    ] {
        env.ok(["company", "add", "--name", name, "--domain", domain]);
    }
    let found = pairs(&env, &["--entity", "company"]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].0, found[0].1), (1, 2));
    assert!(found[0].3.contains(&"domain".to_string()));
}

#[test]
fn nothing_to_report_is_said_plainly() {
    let env = Env::new();
    env.add_person("Only One", &[]);
    assert_eq!(env.ok(["duplicates"]), "No likely duplicates.\n");
    assert_eq!(env.json(["duplicates", "--json"]), Value::Array(vec![]));
}
