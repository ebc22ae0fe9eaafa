use super::*;
use chrono::NaiveDate;
use kariz::model::TaskData;
use kariz::store::{TaskFilter, TaskWindow};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

#[test]
fn windows_pick_today_overdue_and_upcoming_at_an_injected_date() {
    let db = TempDb::new();
    let mut s = db.open("sara");
    let mut ids = Vec::new();
    for (title, due) in [
        ("old", 10),
        ("yesterday", 21),
        ("today", 22),
        ("soon", 25),
        ("later", 30),
    ] {
        let id = s
            .write(now(), |w| {
                w.add_task(TaskData {
                    title: title.into(),
                    due_date: Some(day(due)),
                    ..TaskData::default()
                })
            })
            .unwrap();
        ids.push(id);
    }
    let undated = s
        .write(now(), |w| {
            w.add_task(TaskData {
                title: "someday".into(),
                ..TaskData::default()
            })
        })
        .unwrap();
    let titles = |s: &Store, window| -> Vec<String> {
        s.tasks(&TaskFilter {
            window,
            today: day(22),
            ..TaskFilter::default()
        })
        .unwrap()
        .into_iter()
        .map(|t| t.data.title)
        .collect()
    };
    assert_eq!(titles(&s, TaskWindow::Today), ["today"]);
    assert_eq!(titles(&s, TaskWindow::Overdue), ["old", "yesterday"]);
    assert_eq!(titles(&s, TaskWindow::Upcoming(7)), ["soon"]);
    assert_eq!(titles(&s, TaskWindow::Upcoming(8)), ["soon", "later"]);
    assert_eq!(
        titles(&s, TaskWindow::Open).last().map(String::as_str),
        Some("someday")
    );

    s.write(now(), |w| w.complete_task(ids[2], None)).unwrap();
    assert!(titles(&s, TaskWindow::Today).is_empty());
    assert_eq!(titles(&s, TaskWindow::Done), ["today"]);
    let err = s
        .write(now(), |w| w.complete_task(ids[2], None))
        .unwrap_err();
    assert!(err.to_string().contains("already done"), "{err}");
    s.write(now(), |w| w.reopen_task(ids[2], None)).unwrap();
    assert_eq!(titles(&s, TaskWindow::Today), ["today"]);
    assert_eq!(s.task(undated).unwrap().version, 1);
}

#[test]
fn open_tasks_come_dated_then_undated_and_a_page_is_the_start_of_the_whole_list() {
    use kariz::model::Priority;
    let db = TempDb::new();
    let mut s = db.open("sara");
    for (title, due, priority) in [
        ("undated low", None, Priority::Low),
        ("late", Some(28), Priority::Normal),
        ("undated high", None, Priority::High),
        ("early", Some(12), Priority::Low),
        ("early high", Some(12), Priority::High),
        ("undated normal", None, Priority::Normal),
    ] {
        s.write(now(), |w| {
            w.add_task(TaskData {
                title: title.into(),
                due_date: due.map(day),
                priority,
                ..TaskData::default()
            })
        })
        .unwrap();
    }
    let titles = |limit| -> Vec<String> {
        s.tasks(&TaskFilter {
            window: TaskWindow::Open,
            today: day(22),
            limit,
            ..TaskFilter::default()
        })
        .unwrap()
        .into_iter()
        .map(|t| t.data.title)
        .collect()
    };
    let whole = titles(0);
    assert_eq!(
        whole,
        [
            "early high",
            "early",
            "late",
            "undated high",
            "undated normal",
            "undated low"
        ]
    );
    // Pages that end inside the dated tasks, at their end, and inside the
    // undated ones.
    for limit in 1..=7 {
        let page = titles(limit);
        assert_eq!(page, whole[..limit.min(whole.len())], "limit {limit}");
    }
}

#[test]
fn a_due_time_needs_a_due_date() {
    let db = TempDb::new();
    let mut s = db.open("sara");
    let err = s
        .write(now(), |w| {
            w.add_task(TaskData {
                title: "Call".into(),
                due_time: chrono::NaiveTime::from_hms_opt(9, 0, 0),
                ..TaskData::default()
            })
        })
        .unwrap_err();
    // Domain words only: the CLI and the TUI each say how to give a date.
    assert!(err.to_string().contains("needs a due date"), "{err}");
    assert!(!err.to_string().contains("--"), "{err}");
}
