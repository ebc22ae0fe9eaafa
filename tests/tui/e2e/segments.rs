//! The filter bars and bulk actions end to end: on Contacts at 80x24, type
//! a segment expression, see the count, mark every row, tag them after a
//! confirmation stating the count, and undo the whole batch with one key;
//! on the board, filter, mark every card shown, move them to a stage and
//! undo the move with one key.

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

fn ids(v: &Value) -> Vec<i64> {
    let mut ids: Vec<i64> = v
        .as_array()
        .map(|a| a.iter().filter_map(|d| d["id"].as_i64()).collect())
        .unwrap_or_default();
    ids.sort();
    ids
}

#[test]
fn board_filter_mark_all_move_stage_and_undo() {
    let Some(tui) = Tui::start() else { return };
    let expr = "pipeline:sales stage:Lead owner:me";
    let lead = ids(&tui.json(&["deal", "list", "--where", expr, "--json"]));
    let n = lead.len();
    assert!(n > 1, "{n} of my deals in Lead");
    tui.press("3");
    tui.wait_for("the board", |s| s.contains("Lead ·"));
    tui.press("f");
    tui.wait_for("the filter bar", |s| s.contains("Filter:"));
    tui.type_text("stage:Lead owner:me");
    let found = format!("found: {n}");
    tui.wait_for("the count of the filter", |s| s.contains(&found));
    tui.press("Enter");
    tui.press("*");
    let marked = format!("marked {n}");
    tui.wait_for("every card marked", |s| s.contains(&marked));
    tui.press("s");
    tui.wait_for("the stage picker", |s| {
        s.contains(&format!("Stage for {n} deals"))
    });
    tui.type_text("Qualified");
    tui.press("Enter");
    let question = format!("Move {n} deals to Qualified?");
    tui.wait_for("the confirmation with the count", |s| s.contains(&question));
    tui.press("y");
    let moved = "pipeline:sales stage:Qualified owner:me";
    tui.wait_for_json(&["deal", "list", "--where", moved, "--json"], |v| {
        lead.iter().all(|id| ids(v).contains(id))
    });
    tui.wait_for("the filter now empty", |s| s.contains("found: 0"));
    // One `u` puts every one of them back in Lead.
    tui.press("u");
    tui.wait_for_json(&["deal", "list", "--where", expr, "--json"], |v| {
        ids(v) == lead
    });
    tui.wait_for("the cards back on the board", |s| s.contains(&found));
}
