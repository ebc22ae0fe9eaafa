//! Pipeline and stage rules.

use super::{ONE_STAGE, assert_error};

/// `ONE_STAGE` followed by more stage tables; the first added line is line 8.
fn with_stages(extra: &str) -> String {
    format!("{ONE_STAGE}{extra}")
}

#[test]
fn probability_above_100() {
    let text =
        with_stages("\n[[pipelines.stages]]\nname = \"Won\"\nkind = \"won\"\nprobability = 120\n");
    let err = assert_error(&text, 12, "pipelines[0].stages[1].probability", "0 to 100");
    assert_eq!(
        err.message,
        "probability 120 is out of range; allowed: 0 to 100"
    );
}

#[test]
fn probability_negative() {
    let text = ONE_STAGE.replace("probability = 10", "probability = -1");
    assert_error(&text, 6, "pipelines[0].stages[0].probability", "0 to 100");
}

#[test]
fn bad_stage_kind() {
    let text = ONE_STAGE.replace("kind = \"open\"", "kind = \"maybe\"");
    let err = assert_error(&text, 7, "pipelines[0].stages[0].kind", "open, won or lost");
    assert_eq!(
        err.message,
        "kind \"maybe\" is not allowed; use open, won or lost"
    );
}

#[test]
fn rot_days_zero() {
    let text = with_stages("rot_days = 0\n");
    assert_error(&text, 8, "pipelines[0].stages[0].rot_days", "from 1 to");
}

#[test]
fn rot_days_on_a_won_stage() {
    let text = with_stages(
        "[[pipelines.stages]]\nname = \"Won\"\nprobability = 100\nkind = \"won\"\nrot_days = 3\n",
    );
    assert_error(
        &text,
        12,
        "pipelines[0].stages[1].rot_days",
        "only allowed on open stages",
    );
}

#[test]
fn empty_stage_name() {
    let text = ONE_STAGE.replace("name = \"Open\"", "name = \"\"");
    assert_error(&text, 5, "pipelines[0].stages[0].name", "must not be empty");
}

#[test]
fn padded_stage_name() {
    let text = ONE_STAGE.replace("name = \"Open\"", "name = \"Open \"");
    assert_error(&text, 5, "pipelines[0].stages[0].name", "without them");
}

#[test]
fn duplicate_stage_name_ignoring_case() {
    let text =
        with_stages("[[pipelines.stages]]\nname = \"OPEN\"\nprobability = 20\nkind = \"open\"\n");
    assert_error(
        &text,
        9,
        "pipelines[0].stages[1].name",
        "not used by another stage",
    );
}

#[test]
fn two_won_stages() {
    let won = "[[pipelines.stages]]\nname = \"W{}\"\nprobability = 100\nkind = \"won\"\n";
    let text = with_stages(&format!(
        "{}{}",
        won.replace("{}", "1"),
        won.replace("{}", "2")
    ));
    let err = assert_error(&text, 15, "pipelines[0].stages[2].kind", "use open");
    assert!(err.message.contains("only one won stage"), "{err}");
}

#[test]
fn two_lost_stages() {
    let lost = "[[pipelines.stages]]\nname = \"L{}\"\nprobability = 0\nkind = \"lost\"\n";
    let text = with_stages(&format!(
        "{}{}",
        lost.replace("{}", "1"),
        lost.replace("{}", "2")
    ));
    let err = assert_error(&text, 15, "pipelines[0].stages[2].kind", "use open");
    assert!(err.message.contains("only one lost stage"), "{err}");
}

#[test]
fn no_open_stage() {
    let text = ONE_STAGE.replace("kind = \"open\"", "kind = \"won\"");
    assert_error(&text, 4, "pipelines[0].stages", "kind = \"open\"");
}

#[test]
fn pipeline_without_stages() {
    let text = "[[pipelines]]\nname = \"p\"\n";
    assert_error(text, 1, "pipelines[0].stages", "[[pipelines.stages]]");
}

#[test]
fn pipeline_with_empty_stage_list() {
    let text = "[[pipelines]]\nname = \"p\"\nstages = []\n";
    assert_error(text, 3, "pipelines[0].stages", "[[pipelines.stages]]");
}

#[test]
fn empty_pipeline_list() {
    let text = "\npipelines = []\n\n[money]\ndefault_currency = \"USD\"\n";
    assert_error(text, 2, "pipelines", "at least one pipeline");
}

#[test]
fn empty_pipeline_name() {
    let text = ONE_STAGE.replace("name = \"p\"", "name = \"\"");
    assert_error(&text, 2, "pipelines[0].name", "must not be empty");
}

#[test]
fn padded_pipeline_name() {
    let text = ONE_STAGE.replace("name = \"p\"", "name = \" p\"");
    assert_error(&text, 2, "pipelines[0].name", "without them");
}

#[test]
fn duplicate_pipeline_name_ignoring_case() {
    let second = ONE_STAGE.replace("name = \"p\"", "name = \"P\"");
    let text = format!("{ONE_STAGE}{second}");
    assert_error(
        &text,
        9,
        "pipelines[1].name",
        "not used by another pipeline",
    );
}

#[test]
fn missing_pipeline_name() {
    let text =
        "[[pipelines]]\n[[pipelines.stages]]\nname = \"A\"\nprobability = 1\nkind = \"open\"\n";
    assert_error(text, 1, "pipelines[0].name", "missing required key `name`");
}

#[test]
fn error_in_second_pipeline_points_at_it() {
    let second = ONE_STAGE
        .replace("name = \"p\"", "name = \"q\"")
        .replace("probability = 10", "probability = 101");
    let text = format!("{ONE_STAGE}{second}");
    assert_error(&text, 13, "pipelines[1].stages[0].probability", "0 to 100");
}

/// `ONE_STAGE` with `lost_reasons = …` on line 3, then a lost stage.
fn with_reasons(reasons: &str, lost_stage: bool) -> String {
    let lost = if lost_stage {
        "\n[[pipelines.stages]]\nname = \"Lost\"\nprobability = 0\nkind = \"lost\"\n"
    } else {
        ""
    };
    let text = ONE_STAGE.replace(
        "name = \"p\"\n",
        &format!("name = \"p\"\nlost_reasons = {reasons}\n"),
    );
    format!("{text}{lost}")
}

#[test]
fn lost_reasons_are_read_in_order() {
    let config =
        crate::config::Config::parse(&with_reasons("[\"Price\", \"Timing\"]", true), "test")
            .unwrap();
    assert_eq!(
        config.pipelines[0].lost_reason_names(),
        vec!["Price", "Timing"]
    );
}

#[test]
fn lost_reasons_without_a_lost_stage() {
    let err = assert_error(
        &with_reasons("[\"Price\"]", false),
        3,
        "pipelines[0].lost_reasons",
        "no lost stage",
    );
    assert!(err.message.contains("remove lost_reasons"), "{err}");
}

#[test]
fn lost_reason_twice_ignoring_case() {
    let err = assert_error(
        &with_reasons("[\"Price\", \"price\"]", true),
        3,
        "pipelines[0].lost_reasons[1]",
        "already listed as pipelines[0].lost_reasons[0]",
    );
    assert!(err.message.contains("each reason once"), "{err}");
}

#[test]
fn lost_reason_empty_or_padded_or_multiline() {
    assert_error(
        &with_reasons("[\" \"]", true),
        3,
        "pipelines[0].lost_reasons[0]",
        "must not be empty",
    );
    assert_error(
        &with_reasons("[\"Price \"]", true),
        3,
        "pipelines[0].lost_reasons[0]",
        "leading or trailing spaces",
    );
    assert_error(
        &with_reasons("[\"Price\\nhigh\"]", true),
        3,
        "pipelines[0].lost_reasons[0]",
        "control character",
    );
}

#[test]
fn lost_reasons_must_be_text() {
    assert_error(
        &with_reasons("[1]", true),
        3,
        "pipelines[0].lost_reasons",
        "",
    );
}
