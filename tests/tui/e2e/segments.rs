//! The contact list's filter bar and bulk tags end to end at 80x24: type
//! a segment expression, see the count, mark every row, tag them after a
//! confirmation stating the count, and undo the whole batch with one key.

use super::Tui;
use serde_json::Value;

fn count(v: &Value) -> usize {
    v.as_array().map_or(0, Vec::len)
}

#[test]
fn filter_mark_all_tag_and_undo_at_80x24() {
    let Some(tui) = Tui::start() else { return };
    tui.run_tmux(&["resize-window", "-x", "80", "-y", "24"]);
    let expr = "owner:me has:email";
    let matching = count(&tui.json(&["person", "list", "--where", expr, "--json"]));
    assert!(matching > 0 && matching < 200, "{matching} people match");
    tui.press("2");
    tui.wait_for("the contact list", |s| s.contains("People ("));
    tui.press("f");
    tui.wait_for("the filter bar", |s| s.contains("Filter:"));
    tui.type_text("owner:me has:emial");
    tui.wait_for("the error with its column", |s| s.contains("column 14"));
    for _ in 0.."emial".len() {
        tui.press("BSpace");
    }
    tui.type_text("email");
    let title = format!("People ({matching})");
    tui.wait_for("the count of the filter", |s| {
        s.contains(&title) && !s.contains("column 14")
    });
    tui.press("Enter");
    tui.press("*");
    let marked = format!("marked {matching}");
    tui.wait_for("every row marked", |s| s.contains(&marked));
    tui.press("t");
    tui.wait_for("the bulk tag prompt", |s| s.contains("Tags for the"));
    tui.type_text("e2e-bulk");
    tui.press("Enter");
    let question = format!("Change the tags of {matching} contacts?");
    tui.wait_for("the confirmation with the count", |s| s.contains(&question));
    tui.press("y");
    tui.wait_for_json(&["person", "list", "--tag", "e2e-bulk", "--json"], |v| {
        count(v) == matching
    });
    tui.press("u");
    tui.wait_for_json(&["person", "list", "--tag", "e2e-bulk", "--json"], |v| {
        count(v) == 0
    });
}
