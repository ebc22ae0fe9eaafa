//! Won and lost are explicit: H/L stay among the open stages, W marks won,
//! X marks lost with a reason from the pipeline's list or typed, and the
//! deal form can close a deal with its reason.

use super::update::{Fixture, ch, ctrl, fixture, press, typed};
use crossterm::event::KeyCode;
use kariz::tui::overlays::Overlay;

fn stage(f: &Fixture) -> String {
    f.app.store().deal(f.deal).unwrap().data.stage
}

fn history(f: &Fixture) -> Vec<String> {
    f.app
        .store()
        .stage_history(f.deal)
        .unwrap()
        .into_iter()
        .map(|m| m.to_stage)
        .collect()
}

/// The board with the fixture's deal moved to Negotiation, the last open stage.
fn at_negotiation() -> Fixture {
    let mut f = fixture();
    ch(&mut f.app, '3');
    for _ in 0..3 {
        ch(&mut f.app, 'L');
    }
    assert_eq!(stage(&f), "Negotiation");
    f
}

#[test]
fn l_from_the_last_open_stage_does_not_win_the_deal() {
    let mut f = at_negotiation();
    ch(&mut f.app, 'L');
    ch(&mut f.app, 'L');
    assert_eq!(stage(&f), "Negotiation");
    let message = f.app.state.message.as_ref().unwrap().text.clone();
    // The keys are inserted data, isolated (FSI … PDI).
    assert!(
        message.contains("\u{2068}W\u{2069} marks the deal won, \u{2068}X\u{2069} lost"),
        "{message}"
    );
    assert_eq!(
        history(&f),
        ["Lead", "Qualified", "Proposal", "Negotiation"]
    );
}

#[test]
fn lost_asks_for_a_configured_reason_and_records_one_move() {
    let mut f = at_negotiation();
    ch(&mut f.app, 'X');
    let Some(Overlay::Picker(picker)) = f.app.state.overlays.last() else {
        panic!("a reason picker, got {:?}", f.app.state.overlays.last());
    };
    let labels: Vec<&str> = picker.options.iter().map(|o| o.label.as_str()).collect();
    assert_eq!(labels.first(), Some(&"Price too high"));
    assert!(labels.last().unwrap().starts_with("Other"), "{labels:?}");
    press(&mut f.app, KeyCode::Down);
    press(&mut f.app, KeyCode::Enter);
    let deal = f.app.store().deal(f.deal).unwrap();
    assert_eq!(deal.data.stage, "Lost");
    assert_eq!(deal.data.lost_reason.as_deref(), Some("Chose a competitor"));
    // Negotiation → Lost, never through Won.
    assert_eq!(
        history(&f),
        ["Lead", "Qualified", "Proposal", "Negotiation", "Lost"]
    );
    // H from Lost skips Won and reopens the deal in the last open stage.
    ch(&mut f.app, 'H');
    assert_eq!(stage(&f), "Negotiation");
    assert_eq!(f.app.store().deal(f.deal).unwrap().data.lost_reason, None);
}

#[test]
fn other_lets_the_user_type_the_reason() {
    let mut f = at_negotiation();
    ch(&mut f.app, 'X');
    for _ in 0..10 {
        press(&mut f.app, KeyCode::Down);
    }
    press(&mut f.app, KeyCode::Enter);
    assert!(
        matches!(f.app.state.overlays.last(), Some(Overlay::Prompt(_))),
        "{:?}",
        f.app.state.overlays.last()
    );
    press(&mut f.app, KeyCode::Enter);
    assert_eq!(stage(&f), "Negotiation", "no reason, no move");
    typed(&mut f.app, "Budget cut");
    press(&mut f.app, KeyCode::Enter);
    let deal = f.app.store().deal(f.deal).unwrap();
    assert_eq!(deal.data.stage, "Lost");
    assert_eq!(deal.data.lost_reason.as_deref(), Some("Budget cut"));
}

#[test]
fn won_is_its_own_key_and_undoes() {
    let mut f = fixture();
    ch(&mut f.app, '3');
    ch(&mut f.app, 'W');
    assert_eq!(stage(&f), "Won");
    assert_eq!(history(&f), ["Lead", "Won"]);
    ch(&mut f.app, 'W');
    assert_eq!(
        f.app.state.message.as_ref().unwrap().text,
        "This deal is already won"
    );
    ch(&mut f.app, 'u');
    assert_eq!(stage(&f), "Lead");
}

#[test]
fn the_deal_form_closes_a_deal_as_lost_with_its_reason() {
    let mut f = fixture();
    ch(&mut f.app, '3');
    press(&mut f.app, KeyCode::Enter);
    ch(&mut f.app, 'e');
    for _ in 0..3 {
        press(&mut f.app, KeyCode::Tab);
    }
    typed(&mut f.app, "Lost");
    press(&mut f.app, KeyCode::Enter);
    ctrl(&mut f.app, 's');
    let Some(Overlay::Form(form)) = f.app.state.overlays.last() else {
        panic!("the form stays, got {:?}", f.app.state.overlays.last());
    };
    let error = form.field("lost_reason").unwrap().error.clone().unwrap();
    assert!(error.contains("needs a reason"), "{error}");
    assert!(
        !error.contains("--"),
        "no command-line flag in the TUI: {error}"
    );
    assert_eq!(stage(&f), "Lead");
    typed(&mut f.app, "Price too high");
    press(&mut f.app, KeyCode::Enter);
    ctrl(&mut f.app, 's');
    assert!(
        f.app.state.overlays.is_empty(),
        "{:?}",
        f.app.state.overlays
    );
    let deal = f.app.store().deal(f.deal).unwrap();
    assert_eq!(deal.data.stage, "Lost");
    assert_eq!(deal.data.lost_reason.as_deref(), Some("Price too high"));
}
