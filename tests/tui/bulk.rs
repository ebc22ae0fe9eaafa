//! The board's filter bar and saved segments, and bulk actions on marked
//! rows (owner, stage, delete, tasks done): each one question stating the
//! count, one transaction, one `u` for the whole batch, and nothing a
//! colleague (or the CLI) changed meanwhile on a marked record is lost.

use super::update::{ch, clock, fixture, press, today, typed};
use crossterm::event::KeyCode;
use kariz::config::Config;
use kariz::model::{DealData, PersonData, TaskData};
use kariz::store::Store;
use kariz::tui::app::App;
use kariz::tui::overlays::Overlay;

fn other(path: &std::path::Path) -> Store {
    Store::open(path, Config::default_config(), "tester").unwrap()
}

fn deal(store: &mut Store, title: &str, stage: &str, tags: &[&str]) -> i64 {
    store
        .write(clock().now_utc(), |w| {
            w.add_deal(DealData {
                title: title.into(),
                pipeline: "sales".into(),
                stage: stage.into(),
                value_minor: 5_000,
                currency: "USD".into(),
                tags: tags.iter().map(|t| (*t).to_owned()).collect(),
                ..DealData::default()
            })
        })
        .unwrap()
}

fn shown_titles(app: &App) -> Vec<String> {
    let mut titles: Vec<String> = app
        .state
        .pipeline
        .columns
        .iter()
        .flat_map(|c| c.deals.iter().map(|d| d.data.title.clone()))
        .collect();
    titles.sort();
    titles
}

/// The question on top, answered yes; panics when there is none.
fn confirm_with(app: &mut App, count: &str) -> String {
    let question = match app.state.overlays.last() {
        Some(Overlay::Confirm(c)) => c.question.clone(),
        other => panic!("expected a confirmation, got {other:?}"),
    };
    assert!(question.contains(count), "{question}");
    press(app, KeyCode::Enter);
    question
}

/// Focuses the card of this deal on the board.
fn focus_card(app: &mut App, id: i64) {
    let board = &mut app.state.pipeline;
    for (ci, column) in board.columns.iter_mut().enumerate() {
        if let Some(di) = column.deals.iter().position(|d| d.id == id) {
            column.selected = di;
            board.focus = ci;
            return;
        }
    }
    panic!("deal {id} is not on the board");
}

#[test]
fn the_board_filter_bar_shows_only_matching_deals_with_the_count() {
    let mut f = fixture();
    let mut store = other(&f.path);
    deal(&mut store, "Chiller VIP", "Qualified", &["vip"]);
    deal(&mut store, "Pumps VIP", "Proposal", &["vip"]);
    ch(&mut f.app, '3');
    assert_eq!(f.app.state.pipeline.shown(), 3);
    ch(&mut f.app, 'f');
    assert!(f.app.state.pipeline.filter.typing);
    typed(&mut f.app, "tag:vip");
    assert_eq!(shown_titles(&f.app), ["Chiller VIP", "Pumps VIP"]);
    // A broken expression names its column; the board keeps the last one.
    typed(&mut f.app, " -");
    let error = f.app.state.pipeline.filter.error.clone().unwrap();
    assert!(error.contains("column \u{2068}9\u{2069}"), "{error}");
    assert_eq!(f.app.state.pipeline.shown(), 2);
    press(&mut f.app, KeyCode::Backspace);
    typed(&mut f.app, "stage:Proposal");
    assert_eq!(f.app.state.pipeline.filter.error, None);
    assert_eq!(shown_titles(&f.app), ["Pumps VIP"]);
    // Enter gives the keys back to the board: `f` no longer types.
    press(&mut f.app, KeyCode::Enter);
    assert!(!f.app.state.pipeline.filter.typing);
    assert_eq!(shown_titles(&f.app), ["Pumps VIP"]);
    // Esc in the bar clears it, and every deal shows again.
    ch(&mut f.app, 'f');
    press(&mut f.app, KeyCode::Esc);
    assert_eq!(f.app.state.pipeline.shown(), 3);
    assert!(f.app.state.pipeline.filter.applied.is_empty());
    // `C` clears a filter too.
    ch(&mut f.app, 'f');
    typed(&mut f.app, "\"cold room\"");
    press(&mut f.app, KeyCode::Enter);
    assert_eq!(shown_titles(&f.app), ["Cold room"]);
    ch(&mut f.app, 'C');
    assert_eq!(f.app.state.pipeline.shown(), 3);
    // Pasted text filters as typed text does.
    ch(&mut f.app, 'f');
    f.app
        .dispatch(kariz::tui::action::Action::Paste("tag:vip".into()));
    assert_eq!(shown_titles(&f.app), ["Chiller VIP", "Pumps VIP"]);
}

#[test]
fn a_saved_segment_picked_fills_the_filter_bar_of_the_view() {
    let mut f = fixture();
    let mut store = other(&f.path);
    deal(&mut store, "Chiller VIP", "Qualified", &["vip"]);
    store
        .write(clock().now_utc(), |w| {
            w.save_segment("vip deals", "tag:vip status:open")?;
            w.save_segment("birthdays known", "has:birthday")
        })
        .unwrap();
    // On the board: only segments that can select deals (`has:birthday`
    // cannot).
    ch(&mut f.app, '3');
    ch(&mut f.app, 'F');
    let labels: Vec<String> = match f.app.state.overlays.last() {
        Some(Overlay::Picker(p)) => p.options.iter().map(|o| o.label.clone()).collect(),
        other => panic!("expected the segment picker, got {other:?}"),
    };
    assert_eq!(labels, vec!["vip deals".to_owned()]);
    press(&mut f.app, KeyCode::Enter);
    assert_eq!(f.app.state.pipeline.filter.applied, "tag:vip status:open");
    assert_eq!(
        f.app.state.pipeline.filter.input.text(),
        "tag:vip status:open"
    );
    assert_eq!(shown_titles(&f.app), ["Chiller VIP"]);
    // On Contacts: the people segments (`status:` selects no people).
    store
        .write(clock().now_utc(), |w| {
            w.add_person(PersonData {
                name: "Sara Ahmadi".into(),
                birthday: chrono::NaiveDate::from_ymd_opt(1990, 3, 21),
                ..PersonData::default()
            })
        })
        .unwrap();
    ch(&mut f.app, '2');
    ch(&mut f.app, 'F');
    let labels: Vec<String> = match f.app.state.overlays.last() {
        Some(Overlay::Picker(p)) => p.options.iter().map(|o| o.label.clone()).collect(),
        other => panic!("expected the segment picker, got {other:?}"),
    };
    assert_eq!(labels, ["birthdays known"]);
    press(&mut f.app, KeyCode::Enter);
    assert_eq!(f.app.state.contacts.filter.applied, "has:birthday");
    assert_eq!(f.app.state.contacts.rows.len(), 1);
    assert_eq!(f.app.state.contacts.rows[0].name, "Sara Ahmadi");
}

#[test]
fn marked_cards_move_stage_in_one_batch_and_one_undo_keeping_a_colleagues_edit() {
    let mut f = fixture();
    let mut store = other(&f.path);
    let second = deal(&mut store, "Chiller", "Qualified", &[]);
    let third = deal(&mut store, "Boilers", "Lead", &[]);
    ch(&mut f.app, '3');
    focus_card(&mut f.app, f.deal);
    ch(&mut f.app, ' ');
    focus_card(&mut f.app, second);
    ch(&mut f.app, ' ');
    assert_eq!(f.app.state.pipeline.marked.len(), 2);
    // A colleague renames a marked deal between marking and confirming.
    let seen = store.deal(second).unwrap();
    let mut data = seen.data.clone();
    data.title = "Chiller (renamed)".into();
    store
        .write(clock().now_utc(), |w| {
            w.update_deal(second, seen.version, data)
        })
        .unwrap();
    ch(&mut f.app, 's');
    typed(&mut f.app, "Proposal");
    press(&mut f.app, KeyCode::Enter);
    confirm_with(&mut f.app, "2");
    let stage = |store: &Store, id| store.deal(id).unwrap().data.stage;
    assert_eq!(stage(&store, f.deal), "Proposal");
    assert_eq!(stage(&store, second), "Proposal");
    assert_eq!(stage(&store, third), "Lead", "an unmarked deal stays");
    assert_eq!(store.deal(second).unwrap().data.title, "Chiller (renamed)");
    let proposal = f.app.state.pipeline.columns[2].deals.len();
    assert_eq!(proposal, 2, "the board was reloaded");
    assert_eq!(f.app.state.undo.len(), 1, "one undo step");
    let said = f.app.state.message.clone().unwrap().text;
    assert!(
        said.contains("records changed") && said.contains('2'),
        "{said}"
    );
    ch(&mut f.app, 'u');
    assert_eq!(stage(&store, f.deal), "Lead");
    assert_eq!(stage(&store, second), "Qualified");
    assert_eq!(store.deal(second).unwrap().data.title, "Chiller (renamed)");
    // `*` marks every card the filter shows, and only those.
    ch(&mut f.app, 'f');
    typed(&mut f.app, "stage:Lead");
    press(&mut f.app, KeyCode::Enter);
    f.app.state.pipeline.marked.clear();
    ch(&mut f.app, '*');
    let marked: Vec<i64> = f.app.state.pipeline.marked.iter().copied().collect();
    let mut lead = vec![f.deal, third];
    lead.sort();
    assert_eq!(marked, lead);
}

#[test]
fn marked_cards_get_an_owner_and_are_deleted_and_restored_as_one() {
    let mut f = fixture();
    let mut store = other(&f.path);
    let second = deal(&mut store, "Chiller", "Qualified", &["cold"]);
    ch(&mut f.app, '3');
    ch(&mut f.app, '*');
    assert_eq!(f.app.state.pipeline.marked.len(), 2);
    ch(&mut f.app, 'r');
    typed(&mut f.app, "reza");
    press(&mut f.app, KeyCode::Enter);
    confirm_with(&mut f.app, "2");
    let owner = |store: &Store, id| store.deal(id).unwrap().data.owner;
    assert_eq!(owner(&store, f.deal).as_deref(), Some("reza"));
    assert_eq!(owner(&store, second).as_deref(), Some("reza"));
    ch(&mut f.app, 'u');
    assert_eq!(owner(&store, second), None);
    // Delete: the question states the count, `u` brings both back under
    // their ids with their tags and stage history.
    ch(&mut f.app, 'D');
    confirm_with(&mut f.app, "2");
    assert!(store.deal(f.deal).is_err());
    assert!(store.deal(second).is_err());
    assert_eq!(f.app.state.pipeline.shown(), 0);
    assert!(f.app.state.pipeline.marked.is_empty());
    ch(&mut f.app, 'u');
    assert_eq!(store.deal(second).unwrap().data.tags, ["cold"]);
    assert_eq!(store.deal(f.deal).unwrap().data.title, "Cold room");
    assert_eq!(store.stage_history(f.deal).unwrap().len(), 1);
    assert_eq!(f.app.state.pipeline.shown(), 2);
}

#[test]
fn marked_contacts_get_an_owner_while_the_cli_edits_one_of_them() {
    let mut f = fixture();
    let mut store = other(&f.path);
    let sara = store
        .write(clock().now_utc(), |w| {
            w.add_person(PersonData {
                name: "Sara Ahmadi".into(),
                owner: Some("tester".into()),
                ..PersonData::default()
            })
        })
        .unwrap();
    ch(&mut f.app, '2');
    ch(&mut f.app, '*');
    ch(&mut f.app, 'r');
    typed(&mut f.app, "reza");
    press(&mut f.app, KeyCode::Enter);
    // The CLI (another process) edits a marked person before the answer.
    let home = tempfile::tempdir().unwrap();
    let out = cli_edit(&f.path, home.path(), sara, &["--notes", "met at the fair"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let out = cli_edit(&f.path, home.path(), sara, &["--source", "exhibition"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    confirm_with(&mut f.app, "2");
    let sara_now = store.person(sara).unwrap();
    assert_eq!(sara_now.data.owner.as_deref(), Some("reza"));
    assert_eq!(sara_now.data.notes.as_deref(), Some("met at the fair"));
    assert_eq!(sara_now.data.lead_source.as_deref(), Some("exhibition"));
    assert_eq!(
        store.person(f.person).unwrap().data.owner.as_deref(),
        Some("reza")
    );
    // One undo: the old owners back, the CLI's notes still there.
    ch(&mut f.app, 'u');
    let sara_now = store.person(sara).unwrap();
    assert_eq!(sara_now.data.owner.as_deref(), Some("tester"));
    assert_eq!(sara_now.data.notes.as_deref(), Some("met at the fair"));
    assert_eq!(store.person(f.person).unwrap().data.owner, None);
    // The CLI edits while the batch is written: whichever commits first,
    // both changes are there afterwards.
    ch(&mut f.app, 'r');
    typed(&mut f.app, "ali");
    press(&mut f.app, KeyCode::Enter);
    let mut running = cli_edit(&f.path, home.path(), sara, &["--title", "Buyer"])
        .spawn()
        .unwrap();
    confirm_with(&mut f.app, "2");
    assert!(running.wait().unwrap().success());
    let sara_now = store.person(sara).unwrap();
    assert_eq!(sara_now.data.owner.as_deref(), Some("ali"));
    assert_eq!(sara_now.data.title.as_deref(), Some("Buyer"));
    assert_eq!(sara_now.data.notes.as_deref(), Some("met at the fair"));
}

/// `kariz person edit ID ARGS…` on the fixture's database, as the same
/// user, with its own empty HOME.
fn cli_edit(
    db: &std::path::Path,
    home: &std::path::Path,
    id: i64,
    args: &[&str],
) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_kariz"));
    cmd.args(["person", "edit", &id.to_string()])
        .args(args)
        .env("KARIZ_DB", db)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("KARIZ_TEST_USER", "tester")
        .env("KARIZ_NOW", "2026-11-22T06:30:00Z")
        .env("TZ", "UTC")
        .stdout(std::process::Stdio::null());
    cmd
}

#[test]
fn deleting_marked_contacts_is_refused_whole_while_one_is_in_use_and_undone_as_one() {
    let mut f = fixture();
    let mut store = other(&f.path);
    let (sara, ali) = store
        .write(clock().now_utc(), |w| {
            let sara = w.add_person(PersonData {
                name: "Sara Ahmadi".into(),
                tags: vec!["vip".into()],
                ..PersonData::default()
            })?;
            let ali = w.add_person(PersonData {
                name: "Ali Rezaei".into(),
                ..PersonData::default()
            })?;
            Ok((sara, ali))
        })
        .unwrap();
    ch(&mut f.app, '2');
    ch(&mut f.app, '*');
    assert_eq!(f.app.state.contacts.marked.len(), 3);
    // زهرا has a deal and a task: the delete rules refuse, nothing goes.
    ch(&mut f.app, 'D');
    confirm_with(&mut f.app, "3");
    let message = f.app.state.message.clone().unwrap();
    assert!(message.is_error, "{message:?}");
    assert!(
        message.text.contains("1 deal (#1)"),
        "names the link: {message:?}"
    );
    assert!(message.text.contains("nothing was deleted"), "{message:?}");
    assert!(store.person(sara).is_ok() && store.person(ali).is_ok());
    assert!(store.person(f.person).is_ok());
    // Unmark her and delete the other two: one question, one undo.
    f.app.state.contacts.marked.remove(&f.person);
    ch(&mut f.app, 'D');
    confirm_with(&mut f.app, "2");
    assert!(store.person(sara).is_err() && store.person(ali).is_err());
    assert_eq!(f.app.state.contacts.rows.len(), 1);
    assert!(f.app.state.contacts.marked.is_empty());
    ch(&mut f.app, 'u');
    assert_eq!(store.person(sara).unwrap().data.tags, ["vip"]);
    assert_eq!(store.person(ali).unwrap().data.name, "Ali Rezaei");
    assert_eq!(f.app.state.contacts.rows.len(), 3);
}

#[test]
fn marked_tasks_are_done_in_one_step_and_reopened_in_one() {
    let mut f = fixture();
    let mut store = other(&f.path);
    let second = store
        .write(clock().now_utc(), |w| {
            w.add_task(TaskData {
                title: "Send the catalogue".into(),
                due_date: Some(today()),
                ..TaskData::default()
            })
        })
        .unwrap();
    let third = store
        .write(clock().now_utc(), |w| {
            w.add_task(TaskData {
                title: "Book the fair stand".into(),
                due_date: Some(today()),
                ..TaskData::default()
            })
        })
        .unwrap();
    ch(&mut f.app, '1');
    super::update::select_task(&mut f.app, f.task);
    ch(&mut f.app, 'v');
    super::update::select_task(&mut f.app, second);
    ch(&mut f.app, 'v');
    assert_eq!(f.app.state.today_view.marked.len(), 2);
    ch(&mut f.app, 'x');
    confirm_with(&mut f.app, "2");
    let done = |store: &Store, id| store.task(id).unwrap().done_at.is_some();
    assert!(done(&store, f.task) && done(&store, second));
    assert!(!done(&store, third), "an unmarked task stays open");
    assert!(f.app.state.today_view.marked.is_empty(), "done tasks leave");
    ch(&mut f.app, 'u');
    assert!(!done(&store, f.task) && !done(&store, second));
    // `*` marks every task listed; again unmarks them all.
    ch(&mut f.app, '*');
    assert_eq!(f.app.state.today_view.marked.len(), 3);
    ch(&mut f.app, '*');
    assert!(f.app.state.today_view.marked.is_empty());
}
