//! The Cases view end to end: a case added with `kariz case add` in one
//! shell appears in the Cases view of a kariz open in a tmux pane without a
//! key press; on its page a reply is logged and the case closed with a
//! score, checked with `kariz case show --json`.

use super::Tui;

const SUBJECT: &str = "Generator will not start";

/// Opens the queue row whose page has `subject` in its title: Enter, and
/// if it is another case, back and one row down.
fn open_case(tui: &Tui, subject: &str) {
    for _ in 0..12 {
        tui.press("Enter");
        let screen = tui.wait_for("a case page", |s| s.contains("First response"));
        if screen.lines().nth(1).is_some_and(|l| l.contains(subject)) {
            return;
        }
        tui.press("Escape");
        tui.wait_for("the queue", |s| s.contains("All cases:"));
        tui.press("j");
    }
    panic!("no page of {subject:?} in the queue:\n{}", tui.capture());
}

#[test]
fn a_case_added_elsewhere_appears_in_the_queue_then_is_replied_to_and_closed() {
    let Some(tui) = Tui::start() else { return };
    tui.press("5");
    tui.wait_for("the Cases view", |s| s.contains("All cases: 4"));
    let added = tui.json(&[
        "case",
        "add",
        "--subject",
        SUBJECT,
        "--person",
        "1",
        "--priority",
        "high",
        "--json",
    ]);
    let number = added["case"]["number"].as_str().unwrap().to_owned();
    // No key is pressed: the change feed brings it.
    let screen = tui.wait_for("the new case in the queue", |s| {
        s.contains("All cases: 5") && s.contains(SUBJECT)
    });
    assert!(screen.contains(&number), "{screen}");
    open_case(&tui, SUBJECT);
    tui.press("c");
    tui.wait_for("the reply form", |s| s.contains("Log a reply or call"));
    tui.type_text("Called back with the fix");
    tui.press("Enter");
    tui.wait_for("the reply on the timeline", |s| {
        s.contains("Logged on the case") && s.contains("Called back with the fix")
    });
    tui.press("X");
    tui.wait_for("the close form", |s| s.contains("Close the case"));
    tui.type_text("5");
    tui.press("Enter");
    tui.type_text("very helpful");
    tui.press("Enter");
    tui.wait_for("the closed case", |s| {
        s.contains("Case closed") && s.contains("5 of 5 · very helpful")
    });
    let shown = tui.json(&["case", "show", &number, "--json"]);
    let case = &shown["case"];
    assert_eq!(case["status"], "closed", "{shown:#}");
    assert_eq!(case["satisfaction"], 5, "{shown:#}");
    assert_eq!(case["satisfaction_comment"], "very helpful", "{shown:#}");
    assert!(case["first_response_at"].is_string(), "{shown:#}");
    assert_eq!(
        shown["timeline"][0]["subject"], "Called back with the fix",
        "{shown:#}"
    );
}
