//! The embedded default and the shipped examples.

use super::super::{
    BidiMode, Calendar, Config, DEFAULT_TOML, Digits, Language, MoneyConfig, StageKind,
    types::builtin_sales_pipeline,
};

#[test]
fn default_has_the_sales_pipeline() {
    let config = Config::parse(DEFAULT_TOML, "<built-in default>").expect("default parses");
    let sales = config.default_pipeline();
    assert_eq!(sales.name, "sales");
    assert_eq!(
        sales.stage_names(),
        [
            "Lead",
            "Qualified",
            "Proposal",
            "Negotiation",
            "Won",
            "Lost"
        ]
    );
    let probabilities: Vec<u8> = sales.stages.iter().map(|s| s.probability).collect();
    assert_eq!(probabilities, [10, 25, 50, 75, 100, 0]);
    assert_eq!(sales.won_stage().map(|s| s.name.as_str()), Some("Won"));
    assert_eq!(sales.lost_stage().map(|s| s.name.as_str()), Some("Lost"));
    assert_eq!(sales.stage("Negotiation").and_then(|s| s.rot_days), Some(7));
    assert_eq!(config.money.default_currency, "USD");
    assert_eq!(config.money.currencies, ["USD", "IRR", "AED", "EUR"]);
    assert!(config.custom_fields.is_empty());
    assert_eq!(config.user.name, None);
    assert_eq!(Config::default_config(), config);
}

#[test]
fn builtin_sales_pipeline_matches_default_file() {
    let config = Config::default_config();
    assert_eq!(config.pipelines, vec![builtin_sales_pipeline()]);
}

#[test]
fn builtin_money_matches_default_file() {
    assert_eq!(Config::default_config().money, MoneyConfig::default());
}

#[test]
fn empty_file_means_builtin_defaults() {
    let config = Config::parse("", "empty.toml").expect("empty parses");
    assert_eq!(config, Config::builtin());
    assert_eq!(config.money, MoneyConfig::default());
    assert_eq!(config.display.language, Language::En);
    assert_eq!(config.display.calendar, Calendar::Gregorian);
    assert_eq!(config.display.digits, Digits::Latin);
    assert_eq!(config.display.bidi, BidiMode::App);
    assert!(config.display.arabic_shaping);
}

#[test]
fn minimal_example_parses() {
    let text = include_str!("../../../config/examples/minimal.toml");
    let config = Config::parse(text, "minimal.toml").expect("minimal parses");
    assert_eq!(config.pipelines.len(), 1);
    assert_eq!(config.default_pipeline().first_open_stage().name, "Open");
}

#[test]
fn support_example_parses() {
    let text = include_str!("../../../config/examples/support.toml");
    let config = Config::parse(text, "support.toml").expect("support parses");
    assert_eq!(config.default_pipeline().name, "sales");
    let support = config.pipeline("support").expect("support pipeline");
    assert_eq!(
        support.stage_names(),
        ["New", "In progress", "Waiting on customer", "Resolved"]
    );
    assert_eq!(support.won_stage().map(|s| s.kind), Some(StageKind::Won));
    assert_eq!(support.lost_stage(), None);
    assert_eq!(config.money.default_currency, "IRR");
    assert_eq!(config.display.calendar, Calendar::Jalali);
    // It names nobody, so it may serve as a team's system config.
    assert_eq!(config.user.name, None);
    assert_eq!(config.custom_fields.len(), 4);
}

#[test]
fn locale_examples_parse_and_keep_the_demo_stages() {
    let demo_stages = [
        "Lead",
        "Qualified",
        "Proposal",
        "Negotiation",
        "Won",
        "Lost",
    ];
    let fa = Config::parse(include_str!("../../../config/examples/fa.toml"), "fa.toml")
        .expect("fa parses");
    assert_eq!(fa.display.language, Language::Fa);
    assert_eq!(fa.display.calendar, Calendar::Jalali);
    assert_eq!(fa.display.digits, Digits::Persian);
    assert_eq!(fa.money.default_currency, "IRR");
    let ar = Config::parse(include_str!("../../../config/examples/ar.toml"), "ar.toml")
        .expect("ar parses");
    assert_eq!(ar.display.language, Language::Ar);
    assert_eq!(ar.display.calendar, Calendar::Gregorian);
    assert_eq!(ar.display.digits, Digits::Arabic);
    assert_eq!(ar.money.default_currency, "AED");
    for config in [&fa, &ar] {
        let sales = config.pipeline("sales").expect("sales pipeline");
        assert_eq!(sales.stage_names(), demo_stages);
        for code in ["IRR", "USD", "AED"] {
            assert!(config.money.currencies.iter().any(|c| c == code), "{code}");
        }
    }
}

#[test]
fn every_example_file_is_covered() {
    // Guards against adding an example without adding it to the tests above.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("config/examples");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("examples dir")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["ar.toml", "fa.toml", "minimal.toml", "support.toml"]
    );
}

#[test]
fn load_reads_a_file_and_names_a_missing_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("kariz.toml");
    std::fs::write(&path, DEFAULT_TOML).expect("write");
    assert_eq!(
        Config::load(&path).expect("loads"),
        Config::default_config()
    );

    let missing = dir.path().join("nope.toml");
    let err = Config::load(&missing).expect_err("missing file");
    assert!(err.origin.contains("nope.toml"));
    assert!(err.to_string().contains("nope.toml"), "{err}");
    assert_eq!(err.line, None);
}

#[test]
fn load_reports_the_path_as_origin() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, "[display]\nlanguage = \"de\"\n").expect("write");
    let err = Config::load(&path).expect_err("bad language");
    assert_eq!(err.origin, path.display().to_string());
    assert_eq!(err.line, Some(2));
}
