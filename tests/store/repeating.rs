//! Repeating tasks: the next occurrence on completion, undo, and edits of
//! "this one only" against the series.

use super::*;
use chrono::NaiveDate;
use kariz::model::TaskData;
use kariz::vocab::Calendar;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn repeating(s: &mut Store, title: &str, due: NaiveDate, rule: &str) -> i64 {
    s.write(now(), |w| {
        w.add_task(TaskData {
            title: title.into(),
            due_date: Some(due),
            repeat: Some(rule.into()),
            remind: None,
            ..TaskData::default()
        })
    })
    .unwrap()
}

#[test]
fn completing_a_repeating_task_creates_the_next_one_with_its_fields() {
    let db = TempDb::new();
    let mut s = db.open("sara");
    let id = repeating(&mut s, "Pay rent", date(2026, 12, 31), "monthly");
    // The rule is stored anchored to the due date.
    assert_eq!(
        s.task(id).unwrap().data.repeat.as_deref(),
        Some("every month on day 31 gregorian")
    );
    s.write(now(), |w| w.complete_task(id, None)).unwrap();
    let next = s.next_occurrence(id).unwrap().unwrap();
    assert_eq!(next.data.title, "Pay rent");
    assert_eq!(next.data.due_date, Some(date(2027, 1, 31)));
    assert_eq!(next.data.repeat, s.task(id).unwrap().data.repeat);
    assert!(next.done_at.is_none());
    // …and the one after falls on the last day of February.
    s.write(now(), |w| w.complete_task(next.id, None)).unwrap();
    let third = s.next_occurrence(next.id).unwrap().unwrap();
    assert_eq!(third.data.due_date, Some(date(2027, 2, 28)));
}

#[test]
fn the_first_of_every_jalali_month_repeats_on_1_farvardin_ordibehesht() {
    let db = TempDb::new();
    let mut config = Config::default_config();
    config.display.calendar = Calendar::Jalali;
    let mut s = db.open_with(config, "sara");
    // 1 Esfand 1404 = 20 February 2026.
    let id = repeating(
        &mut s,
        "گزارش ماهانه",
        date(2026, 2, 20),
        "monthly on day 1",
    );
    assert_eq!(
        s.task(id).unwrap().data.repeat.as_deref(),
        Some("every month on day 1 jalali")
    );
    s.write(now(), |w| w.complete_task(id, None)).unwrap();
    let next = s.next_occurrence(id).unwrap().unwrap();
    // Done on 22 Nov 2026, which is 1 Azar 1405: the missed months are not
    // piled up as overdue tasks; the next is today's, 1 Azar.
    assert_eq!(next.data.due_date, Some(date(2026, 11, 22)));
    s.write(now(), |w| w.complete_task(next.id, None)).unwrap();
    let after = s.next_occurrence(next.id).unwrap().unwrap();
    // 1 Dey 1405 = 22 December 2026.
    assert_eq!(after.data.due_date, Some(date(2026, 12, 22)));
}

#[test]
fn reopening_removes_the_untouched_next_occurrence_but_keeps_an_edited_one() {
    let db = TempDb::new();
    let mut s = db.open("sara");
    let id = repeating(&mut s, "Standup", date(2026, 11, 23), "every week on mon");
    s.write(now(), |w| w.complete_task(id, None)).unwrap();
    let next = s.next_occurrence(id).unwrap().unwrap();
    s.write(now(), |w| w.reopen_task(id, None)).unwrap();
    assert!(s.task(next.id).is_err(), "the untouched next one is gone");
    // Done again: a new next; edited by someone, it stays on reopen.
    s.write(now(), |w| w.complete_task(id, None)).unwrap();
    let again = s.next_occurrence(id).unwrap().unwrap();
    assert_eq!(again.data.due_date, Some(date(2026, 11, 30)));
    let mut data = again.data.clone();
    data.notes = Some("bring the numbers".into());
    s.write(now(), |w| w.update_task(again.id, again.version, data))
        .unwrap();
    s.write(now(), |w| w.reopen_task(id, None)).unwrap();
    assert!(s.task(again.id).is_ok());
}

#[test]
fn an_edit_of_this_one_only_leaves_the_series_and_an_edit_of_all_changes_it() {
    let db = TempDb::new();
    let mut s = db.open("sara");
    let id = repeating(&mut s, "Standup", date(2026, 11, 23), "weekly");
    let task = s.task(id).unwrap();
    let mut only = task.data.clone();
    only.title = "Standup (in the big room)".into();
    assert!(task.data.changes_series(&only));
    s.write(now(), |w| {
        w.edit_only_this(id, |w| w.update_task(id, task.version, only))
    })
    .unwrap();
    assert_eq!(s.task(id).unwrap().data.title, "Standup (in the big room)");
    s.write(now(), |w| w.complete_task(id, None)).unwrap();
    let next = s.next_occurrence(id).unwrap().unwrap();
    assert_eq!(next.data.title, "Standup", "the series' title comes back");

    // "All": the next occurrence takes the new title.
    let mut all = next.data.clone();
    all.title = "Daily standup".into();
    all.priority = kariz::model::Priority::High;
    s.write(now(), |w| w.update_task(next.id, next.version, all))
        .unwrap();
    s.write(now(), |w| w.complete_task(next.id, None)).unwrap();
    let third = s.next_occurrence(next.id).unwrap().unwrap();
    assert_eq!(third.data.title, "Daily standup");
    assert_eq!(third.data.priority, kariz::model::Priority::High);
    assert_eq!(third.data.due_date, Some(date(2026, 12, 7)));
}

#[test]
fn stopping_the_rule_stops_the_series_and_a_bad_rule_is_refused() {
    let db = TempDb::new();
    let mut s = db.open("sara");
    let id = repeating(&mut s, "Standup", date(2026, 11, 23), "weekly");
    let task = s.task(id).unwrap();
    let mut data = task.data.clone();
    data.repeat = None;
    s.write(now(), |w| w.update_task(id, task.version, data))
        .unwrap();
    s.write(now(), |w| w.complete_task(id, None)).unwrap();
    assert!(s.next_occurrence(id).unwrap().is_none());

    let error = s
        .write(now(), |w| {
            w.add_task(TaskData {
                title: "x".into(),
                due_date: Some(date(2026, 11, 23)),
                repeat: Some("every fortnight".into()),
                remind: None,
                ..TaskData::default()
            })
        })
        .unwrap_err()
        .to_string();
    assert!(error.contains("not a unit"), "{error}");
    let error = s
        .write(now(), |w| {
            w.add_task(TaskData {
                title: "x".into(),
                repeat: Some("weekly".into()),
                remind: None,
                ..TaskData::default()
            })
        })
        .unwrap_err()
        .to_string();
    assert!(error.contains("needs a due date"), "{error}");
}

#[test]
fn the_next_occurrence_is_in_the_change_log_as_a_created_task() {
    let db = TempDb::new();
    let mut s = db.open("sara");
    let id = repeating(&mut s, "Standup", date(2026, 11, 23), "weekly");
    s.write(now(), |w| w.complete_task(id, None)).unwrap();
    let next = s.next_occurrence(id).unwrap().unwrap();
    let history = s
        .changes(&kariz::store::ChangeFilter {
            entity: Some(kariz::model::Entity::Task.into()),
            entity_id: Some(next.id),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].op, "create");
    assert_eq!(history[0].actor, "sara");
}
