//! Finding pipelines, stages and fields.

use super::super::{Config, FieldEntity, Named, Pipeline, StageKind};

#[test]
fn stage_lookup_exact_then_ignoring_case() {
    let config = Config::default_config();
    let sales = config.default_pipeline();
    assert_eq!(sales.stage("Won").map(|s| s.kind), Some(StageKind::Won));
    assert_eq!(sales.stage("won").map(|s| s.name.as_str()), Some("Won"));
    assert_eq!(sales.stage_index("PROPOSAL"), Some(2));
    assert_eq!(sales.stage("nope"), None);
    assert_eq!(sales.first_open_stage().name, "Lead");
}

#[test]
fn exact_match_wins_over_case_insensitive() {
    // Not producible by validation, but the lookup order is part of the API.
    let mut pipeline = Config::default_config().default_pipeline().clone();
    pipeline.stages[1].name = "lead".to_owned();
    assert_eq!(pipeline.stage_index("lead"), Some(1));
    assert_eq!(pipeline.stage_index("Lead"), Some(0));
    assert_eq!(pipeline.stage_index("LEAD"), Some(0));
}

#[test]
fn pipeline_lookup() {
    let text = include_str!("../../../config/examples/support.toml");
    let config = Config::parse(text, "support.toml").expect("valid");
    assert_eq!(
        config.pipeline("Support").map(|p| p.name.as_str()),
        Some("support")
    );
    assert_eq!(config.pipeline("missing"), None);
    let support = config.pipeline("support").expect("support");
    assert_eq!(support.first_open_stage().name, "New");
    assert_eq!(
        support
            .stage("waiting on customer")
            .and_then(|s| s.rot_days),
        Some(7)
    );
    assert!(
        config
            .custom_field(FieldEntity::Company, "INDUSTRY_SEGMENT")
            .is_some()
    );
    assert!(
        config
            .custom_field(FieldEntity::Person, "industry_segment")
            .is_none()
    );
    let labels: Vec<&str> = config
        .custom_fields_for(FieldEntity::Deal)
        .map(|f| f.display_label(crate::vocab::Language::En))
        .collect();
    assert_eq!(labels, ["Warranty until", "units"]);
}

#[test]
fn hand_built_empty_config_does_not_panic() {
    let mut config = Config::default_config();
    config.pipelines.clear();
    assert_eq!(config.default_pipeline().name, "");
    let empty = Pipeline {
        name: "x".to_owned(),
        label: crate::config::Labels::default(),
        stages: Vec::new(),
        lost_reasons: Vec::new(),
    };
    assert_eq!(empty.first_open_stage().name, "");
    assert_eq!(empty.won_stage(), None);
}

#[test]
fn keyword_round_trip() {
    for kind in StageKind::ALL {
        assert_eq!(StageKind::from_keyword(kind.as_str()), Some(*kind));
    }
    assert_eq!(FieldEntity::Company.as_str(), "company");
    assert_eq!(FieldEntity::from_keyword("Company"), None);
}

/// A stage's `label`: one string for all languages or one per language;
/// the stored name never changes.
#[test]
fn stage_labels_plain_or_per_language() {
    use crate::vocab::Language;
    let text = r#"
[[pipelines]]
name = "sales"
[[pipelines.stages]]
name = "Lead"
probability = 10
kind = "open"
label = { en = "Lead", fa = "سرنخ" }
[[pipelines.stages]]
name = "Won"
probability = 100
kind = "won"
label = "Closed and won"
[[pipelines.stages]]
name = "Lost"
probability = 0
kind = "lost"
"#;
    let config = Config::parse(text, "test.toml").expect("valid");
    let sales = config.default_pipeline();
    let lead = sales.stage("Lead").expect("Lead");
    assert_eq!(lead.name, "Lead");
    assert_eq!(lead.display_name(Language::Fa), "سرنخ");
    assert_eq!(lead.display_name(Language::Ar), "Lead");
    assert_eq!(
        config.stage_label("sales", "Won", Language::Fa),
        "Closed and won"
    );
    assert_eq!(config.stage_label("sales", "Lost", Language::Fa), "Lost");
    assert_eq!(config.stage_label("gone", "Odd", Language::Fa), "Odd");
}

#[test]
fn stage_labels_are_checked() {
    let base = |label: &str| {
        format!(
            "[[pipelines]]\nname = \"s\"\n[[pipelines.stages]]\nname = \"A\"\nprobability = 1\nkind = \"open\"\nlabel = {label}\n[[pipelines.stages]]\nname = \"W\"\nprobability = 100\nkind = \"won\"\n[[pipelines.stages]]\nname = \"L\"\nprobability = 0\nkind = \"lost\"\n"
        )
    };
    let err = super::parse_err(&base("{ de = \"Spur\" }"));
    assert!(err.message.contains("allowed: en, fa, ar"), "{err}");
    assert!(err.key.unwrap_or_default().contains("label.de"));
    let err = super::parse_err(&base("{ fa = \" \" }"));
    assert!(err.message.contains("must not be empty"), "{err}");
    let err = super::parse_err(&base("\"\""));
    assert!(err.message.contains("must not be empty"), "{err}");
    let err = super::parse_err(&base("3"));
    assert!(err.message.contains("a string or a table"), "{err}");
}

/// Pipelines, lost reasons and custom-field labels take the same `label`
/// as stages (one `Labels` type); the stable names never change.
#[test]
fn pipeline_reason_and_field_labels() {
    use crate::vocab::Language;
    let text = r#"
[[pipelines]]
name = "sales"
label = { en = "Sales", fa = "فروش", ar = "المبيعات" }
lost_reasons = ["Timing", { name = "No budget", label = { fa = "بودجه ندارد" } }, { name = "Price" }]
[[pipelines.stages]]
name = "Lead"
probability = 10
kind = "open"
[[pipelines.stages]]
name = "Lost"
probability = 0
kind = "lost"
[[pipelines]]
name = "renewals"
label = "Renewals and upgrades"
[[pipelines.stages]]
name = "Due"
probability = 50
kind = "open"

[[custom_fields]]
name = "segment"
label = { en = "Segment", fa = "بخش بازار" }
entity = "company"
type = "text"
[[custom_fields]]
name = "national_id"
label = "National ID"
entity = "person"
type = "text"
"#;
    let config = Config::parse(text, "test.toml").expect("valid");
    let sales = config.pipeline("sales").expect("sales");
    assert_eq!(sales.display_name(Language::Fa), "فروش");
    assert_eq!(sales.display_name(Language::Ar), "المبيعات");
    let renewals = config.pipeline("renewals").expect("renewals");
    assert_eq!(renewals.display_name(Language::Fa), "Renewals and upgrades");
    assert_eq!(renewals.name, "renewals");
    assert_eq!(
        sales.lost_reason_names(),
        ["Timing", "No budget", "Price"].map(str::to_owned)
    );
    assert_eq!(
        sales.lost_reason_label("No budget", Language::Fa),
        "بودجه ندارد"
    );
    // Stored reasons are matched ignoring case; unknown ones shown as typed.
    assert_eq!(
        sales.lost_reason_label("no budget", Language::Fa),
        "بودجه ندارد"
    );
    assert_eq!(
        sales.lost_reason_label("No budget", Language::Ar),
        "No budget"
    );
    assert_eq!(sales.lost_reason_label("Weather", Language::Fa), "Weather");
    let segment = config
        .custom_field(FieldEntity::Company, "segment")
        .expect("segment");
    assert_eq!(segment.display_label(Language::Fa), "بخش بازار");
    assert_eq!(segment.display_label(Language::Ar), "segment");
    let id = config
        .custom_field(FieldEntity::Person, "national_id")
        .expect("national_id");
    assert_eq!(id.display_label(Language::Ar), "National ID");
    // The labels round-trip through `config show --json` as written.
    let json = serde_json::to_value(&config).expect("json");
    assert_eq!(json["pipelines"][0]["label"]["fa"], "فروش");
    assert_eq!(json["pipelines"][0]["lost_reasons"][0]["name"], "Timing");
    assert_eq!(json["pipelines"][1]["label"], "Renewals and upgrades");
    assert_eq!(json["custom_fields"][1]["label"], "National ID");
}

/// `config check` refuses bad labels wherever they are, naming the key.
#[test]
fn labels_are_checked_everywhere() {
    let stages = "[[pipelines.stages]]\nname = \"A\"\nprobability = 1\nkind = \"open\"\n[[pipelines.stages]]\nname = \"L\"\nprobability = 0\nkind = \"lost\"\n";
    let pipeline = |extra: &str| format!("[[pipelines]]\nname = \"p\"\n{extra}\n{stages}");
    let err = super::parse_err(&pipeline("label = { de = \"Verkauf\" }"));
    assert_eq!(err.key.as_deref(), Some("pipelines[0].label.de"), "{err}");
    assert!(err.message.contains("allowed: en, fa, ar"), "{err}");
    let err = super::parse_err(&pipeline("label = {}"));
    assert_eq!(err.key.as_deref(), Some("pipelines[0].label"), "{err}");
    assert!(err.message.contains("empty table"), "{err}");
    let err = super::parse_err(&pipeline(
        "lost_reasons = [{ name = \"Price\", label = { fa = \" \" } }]",
    ));
    assert_eq!(
        err.key.as_deref(),
        Some("pipelines[0].lost_reasons[0].label.fa"),
        "{err}"
    );
    assert!(err.message.contains("must not be empty"), "{err}");
    let err = super::parse_err(&pipeline(
        "lost_reasons = [\"Price\", { name = \"price\", label = \"Cost\" }]",
    ));
    assert_eq!(
        err.key.as_deref(),
        Some("pipelines[0].lost_reasons[1].name"),
        "{err}"
    );
    assert!(err.message.contains("already listed"), "{err}");
    // A label that names another reason too would make a typed label
    // ambiguous.
    let err = super::parse_err(&pipeline(
        "lost_reasons = [{ name = \"Price\", label = { fa = \"گران\" } }, { name = \"Cost\", label = { ar = \"گران\" } }]",
    ));
    assert_eq!(
        err.key.as_deref(),
        Some("pipelines[0].lost_reasons[1].label"),
        "{err}"
    );
    assert!(err.message.contains("could be either"), "{err}");
    let err = super::parse_err(&pipeline(
        "lost_reasons = [\"Price\", { name = \"Cost\", label = { fa = \"price\" } }]",
    ));
    assert!(err.message.contains("lost_reasons[0]"), "{err}");
    let err = super::parse_err(&pipeline("lost_reasons = [{ label = \"Cost\" }]"));
    assert!(
        err.message.contains("a string, or a table with name"),
        "{err}"
    );
    let err = super::parse_err(
        "[[custom_fields]]\nname = \"x\"\nlabel = { fa = \"a\\nb\" }\nentity = \"deal\"\ntype = \"text\"\n",
    );
    assert_eq!(
        err.key.as_deref(),
        Some("custom_fields[0].label.fa"),
        "{err}"
    );
    assert!(err.message.contains("control character"), "{err}");
}

/// `config check` names the line and the key of a bad label on pipelines,
/// lost reasons, custom fields, support categories and case statuses (an
/// unknown language is an error, with the languages allowed).
#[test]
fn bad_labels_name_their_line_and_key() {
    let stages = "[[pipelines.stages]]\nname = \"A\"\nprobability = 1\nkind = \"open\"\n[[pipelines.stages]]\nname = \"L\"\nprobability = 0\nkind = \"lost\"\n";
    let text = format!(
        "[[pipelines]]\nname = \"p\"\nlabel = {{ en = \"Sales\", de = \"Verkauf\" }}\n{stages}"
    );
    super::assert_error(&text, 3, "pipelines[0].label.de", "allowed: en, fa, ar");
    let text = format!(
        "[[pipelines]]\nname = \"p\"\nlost_reasons = [\n  \"Price\",\n  {{ name = \"Budget\", label = {{ tr = \"Bütçe\" }} }},\n]\n{stages}"
    );
    super::assert_error(
        &text,
        5,
        "pipelines[0].lost_reasons[1].label.tr",
        "allowed: en, fa, ar",
    );
    let text = "[[custom_fields]]\nname = \"x\"\nentity = \"deal\"\ntype = \"text\"\nlabel = { fr = \"X\" }\n";
    super::assert_error(text, 5, "custom_fields[0].label.fr", "allowed: en, fa, ar");
    let text = "[support]\ncategories = [\n  \"question\",\n  { name = \"repair\", label = { fa = \"تعمیر\", xx = \"?\" } },\n]\n";
    super::assert_error(
        text,
        4,
        "support.categories[1].label.xx",
        "allowed: en, fa, ar",
    );
    let text = "[support]\ncategories = [{ name = \"repair\", label = { fa = \"\" } }]\n";
    super::assert_error(
        text,
        2,
        "support.categories[0].label.fa",
        "must not be empty",
    );
    let text = "[support]\nreopen_to = \"open\"\n\n[[support.statuses]]\nname = \"open\"\nkind = \"active\"\nnext = [\"done\"]\nlabel = { fa = \"باز\", ru = \"открыт\" }\n\n[[support.statuses]]\nname = \"done\"\nkind = \"closed\"\nnext = [\"open\"]\n";
    super::assert_error(
        text,
        8,
        "support.statuses[0].label.ru",
        "allowed: en, fa, ar",
    );
}

/// Good labels on support categories and statuses are read, shown in the
/// interface language, and a category or status given by a label finds
/// its name.
#[test]
fn support_labels_are_read_and_found_by_label() {
    use crate::vocab::Language;
    let text = "[support]\nreopen_to = \"open\"\ncategories = [\"question\", { name = \"repair\", label = { en = \"Repair\", fa = \"تعمیر\", ar = \"إصلاح\" } }]\n\n[[support.statuses]]\nname = \"open\"\nkind = \"active\"\nnext = [\"fixed\"]\nlabel = { fa = \"باز\" }\n\n[[support.statuses]]\nname = \"fixed\"\nkind = \"resolved\"\nnext = [\"done\"]\n\n[[support.statuses]]\nname = \"done\"\nkind = \"closed\"\nnext = [\"open\"]\n";
    let config = Config::parse(text, "test.toml").expect("valid");
    assert_eq!(
        config.shown(Named::Category, "repair", Language::Ar),
        "إصلاح"
    );
    assert_eq!(
        config.shown(Named::Category, "question", Language::Ar),
        "question"
    );
    assert_eq!(config.shown(Named::CaseStatus, "open", Language::Fa), "باز");
    assert_eq!(
        config.shown(Named::CaseStatus, "open", Language::En),
        "open"
    );
    let support = &config.support;
    assert_eq!(
        support.category("إصلاح").map(|c| c.name.as_str()),
        Some("repair")
    );
    assert_eq!(
        support.category("REPAIR").map(|c| c.name.as_str()),
        Some("repair")
    );
    assert_eq!(support.status("باز").map(|s| s.name.as_str()), Some("open"));
    assert!(support.category("warranty").is_none());
}

/// A reason given by a label is read back to its name, and the one lookup
/// (`Config::shown`) shows every kind of name by its label.
#[test]
fn names_given_by_a_label_and_the_one_lookup() {
    use crate::vocab::Language;
    let text = r#"
[[pipelines]]
name = "sales"
label = { en = "Sales", fa = "فروش", ar = "المبيعات" }
lost_reasons = ["Timing", { name = "No budget", label = { fa = "بودجه ندارد" } }, { name = "Price" }]
[[pipelines.stages]]
name = "Lead"
probability = 10
kind = "open"
[[pipelines.stages]]
name = "Lost"
probability = 0
kind = "lost"
[[pipelines]]
name = "renewals"
label = "Renewals and upgrades"
[[pipelines.stages]]
name = "Due"
probability = 50
kind = "open"

[[custom_fields]]
name = "segment"
label = { en = "Segment", fa = "بخش بازار" }
entity = "company"
type = "text"
[[custom_fields]]
name = "national_id"
label = "National ID"
entity = "person"
type = "text"
"#;
    let config = Config::parse(text, "test.toml").expect("valid");
    let sales = config.pipeline("sales").expect("sales");
    // A reason given by a label (in any language, Arabic letter forms and
    // case aside) is stored by its name; anything else as typed, trimmed.
    assert_eq!(sales.canonical_lost_reason("بودجه ندارد"), "No budget");
    assert_eq!(sales.canonical_lost_reason(" بودجه ندارد "), "No budget");
    assert_eq!(sales.canonical_lost_reason("no BUDGET"), "No budget");
    assert_eq!(sales.canonical_lost_reason("timing"), "Timing");
    assert_eq!(sales.canonical_lost_reason(" Weather "), "Weather");
    // An older deal that stored the label is still shown translated.
    assert_eq!(
        sales.lost_reason_label("بودجه ندارد", Language::En),
        "No budget"
    );
    // One lookup for every kind of name (Config::shown).
    assert_eq!(config.shown(Named::Pipeline, "sales", Language::Fa), "فروش");
    assert_eq!(
        config.shown(Named::LostReason(None), "No budget", Language::Fa),
        "بودجه ندارد"
    );
    assert_eq!(
        config.shown(
            Named::LostReason(Some("renewals")),
            "No budget",
            Language::Fa
        ),
        "بودجه ندارد"
    );
    assert_eq!(
        config.shown(Named::Stage(Some("renewals")), "Due", Language::Fa),
        "Due"
    );
    assert_eq!(
        config.shown(
            Named::CustomField(FieldEntity::Company),
            "segment",
            Language::Fa
        ),
        "بخش بازار"
    );
    assert_eq!(
        config.shown(Named::Category, "question", Language::Fa),
        "question"
    );
}

/// `reply_to`: a move the starting status has, or "" for none; the
/// default `open` applies only where the workflow has that move.
#[test]
fn support_reply_to_is_checked_against_the_workflow() {
    let default = Config::parse("", "test.toml").expect("valid");
    assert_eq!(default.support.reply_to, "open");
    assert_eq!(
        default.support.after_reply("new").map(|s| s.name.as_str()),
        Some("open")
    );
    assert!(default.support.after_reply("open").is_none());
    let text = "[support]\nreply_to = \"closed\"\n";
    let config = Config::parse(text, "test.toml").expect("new may go to closed");
    assert_eq!(config.support.reply_to, "closed");
    let text = "[support]\nreply_to = \"nowhere\"\n";
    super::assert_error(
        text,
        2,
        "support.reply_to",
        "allowed: open, waiting_on_customer, resolved, closed",
    );
    let off = Config::parse("[support]\nreply_to = \"\"\n", "test.toml").expect("valid");
    assert!(off.support.after_reply("new").is_none());
    // A workflow with no `open` after its first status: no move, no error.
    let text = "[support]\nreopen_to = \"todo\"\n\n[[support.statuses]]\nname = \"todo\"\nkind = \"active\"\nnext = [\"fixed\"]\n\n[[support.statuses]]\nname = \"fixed\"\nkind = \"resolved\"\nnext = [\"done\"]\n\n[[support.statuses]]\nname = \"done\"\nkind = \"closed\"\nnext = [\"todo\"]\n";
    let custom = Config::parse(text, "test.toml").expect("valid");
    assert_eq!(custom.support.reply_to, "");
}
