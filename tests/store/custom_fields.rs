use super::*;

const CONFIG: &str = r#"
[[custom_fields]]
name = "segment"
entity = "person"
type = "choice"
choices = ["retail", "wholesale"]

[[custom_fields]]
name = "employees"
entity = "company"
type = "number"
"#;

#[test]
fn custom_values_are_checked_against_the_config_on_write() {
    let db = TempDb::new();
    let config = Config::parse(CONFIG, "test.toml").unwrap();
    let mut s = db.open_with(config.clone(), "sara");
    let mut p = person("Ali");
    p.custom
        .insert("segment".into(), serde_json::json!("retail"));
    let id = s.write(now(), |w| w.add_person(p)).unwrap();

    let mut bad = person("Bita");
    bad.custom
        .insert("segment".into(), serde_json::json!("government"));
    let err = s.write(now(), |w| w.add_person(bad)).unwrap_err();
    assert!(err.to_string().contains("segment"), "{err}");

    let mut unknown = person("Cyrus");
    unknown
        .custom
        .insert("colour".into(), serde_json::json!("red"));
    let err = s.write(now(), |w| w.add_person(unknown)).unwrap_err();
    assert!(err.to_string().contains("declared: segment"), "{err}");

    let mut c = company("Zagros");
    c.custom
        .insert("employees".into(), serde_json::json!("many"));
    assert!(s.write(now(), |w| w.add_company(c)).is_err());

    // After the config drops the field, an unrelated edit still saves and
    // the old value is kept as it was.
    drop(s);
    let mut s = db.open_with(Config::default_config(), "sara");
    let mut data = s.person(id).unwrap().data;
    data.title = Some("Buyer".into());
    s.write(now(), |w| w.update_person(id, 1, data)).unwrap();
    assert_eq!(s.person(id).unwrap().data.custom["segment"], "retail");
}
