//! `kariz task …` end to end: due-date forms, the today / overdue /
//! upcoming / done windows at the pinned date, done and reopen, filters.
//!
//! The pinned date, 2026-11-22, is a Sunday.

use crate::common::{Env, USER, ids};

fn sorted(mut v: Vec<i64>) -> Vec<i64> {
    v.sort_unstable();
    v
}

#[test]
fn due_dates_accept_iso_words_offsets_and_weekdays() {
    let env = Env::new();
    let cases: &[(&str, &str)] = &[
        ("2026-11-22", "2026-11-22"),
        ("2026/12/1", "2026-12-01"),
        ("۲۰۲۶-۱۲-۰۱", "2026-12-01"),
        ("today", "2026-11-22"),
        ("tomorrow", "2026-11-23"),
        ("yesterday", "2026-11-21"),
        ("+3d", "2026-11-25"),
        ("3d", "2026-11-25"),
        ("+2w", "2026-12-06"),
        ("+1m", "2026-12-22"),
        ("monday", "2026-11-23"),
        ("next fri", "2026-11-27"),
        // A weekday is strictly after today: "sunday" on a Sunday is a week on.
        ("sunday", "2026-11-29"),
    ];
    for (input, expected) in cases {
        let t = env.json(["task", "add", "--title", input, "--due", input, "--json"]);
        assert_eq!(t["due_date"], *expected, "--due {input:?}");
    }
    // Negative offsets, written so the shell and clap pass them as a value.
    for (input, expected) in [("-3d", "2026-11-19"), ("-1w", "2026-11-15")] {
        let flag = format!("--due={input}");
        let t = env.json(["task", "add", "--title", "relative", &flag, "--json"]);
        assert_eq!(t["due_date"], expected, "{flag}");
    }
}

#[test]
fn negative_offsets_work_as_a_separate_argument() {
    let env = Env::new();
    let t = env.json(["task", "add", "--title", "T", "--due", "-3d", "--json"]);
    assert_eq!(t["due_date"], "2026-11-19");
}

#[test]
fn bad_dates_times_and_priorities_are_explained() {
    let env = Env::new();
    let err = env.fails(1, ["task", "add", "--title", "T", "--due", "soon"]);
    assert!(err.contains("--due"), "{err}");
    assert!(err.contains("\"soon\" is not a date"), "{err}");
    assert!(err.contains("YYYY-MM-DD"), "{err}");
    let err = env.fails(1, ["task", "add", "--title", "T", "--due", "2026-02-30"]);
    assert!(err.contains("February 2026 has 28 days"), "{err}");
    let err = env.fails(1, ["task", "add", "--title", "T", "--at", "25:00"]);
    assert!(err.contains("not a time"), "{err}");
    let err = env.fails(1, ["task", "add", "--title", "T", "--priority", "urgent"]);
    assert!(err.contains("low, normal or high"), "{err}");
    assert!(env.json(["task", "list", "--all", "--json"]) == serde_json::json!([]));
}

#[test]
fn task_windows_return_exactly_the_right_tasks() {
    let env = Env::new();
    let today = env.add_task("today iso", &["--due", "2026-11-22"]);
    let today_word = env.add_task("today word", &["--due", "today", "--at", "16:00"]);
    let tomorrow = env.add_task("tomorrow", &["--due", "tomorrow"]);
    let overdue = env.add_task("three days ago", &["--due=-3d"]);
    let yesterday = env.add_task("yesterday", &["--due", "yesterday"]);
    let in_a_week = env.add_task("in a week", &["--due", "+7d"]);
    let in_8_days = env.add_task("in 8 days", &["--due", "+8d"]);
    let undated = env.add_task("someday", &[]);
    let done_today = env.add_task("done already", &["--due", "today"]);
    env.ok(["task", "done", &done_today.to_string()]);

    let w = |flag: &str| sorted(ids(&env.json(["task", "list", flag, "--json"])));
    assert_eq!(w("--today"), vec![today, today_word]);
    assert_eq!(w("--overdue"), vec![overdue, yesterday]);
    assert_eq!(w("--upcoming"), vec![tomorrow, in_a_week]);
    assert_eq!(w("--done"), vec![done_today]);
    assert_eq!(
        sorted(ids(&env.json([
            "task",
            "list",
            "--upcoming",
            "--days",
            "1",
            "--json"
        ]))),
        vec![tomorrow]
    );
    // Open tasks by default, earliest due first (on a day, timed before
    // untimed), undated last.
    assert_eq!(
        ids(&env.json(["task", "list", "--json"])),
        vec![
            overdue, yesterday, today_word, today, tomorrow, in_a_week, in_8_days, undated
        ]
    );
    assert_eq!(ids(&env.json(["task", "list", "--all", "--json"])).len(), 9);

    // The same data a day later: today's tasks are overdue, tomorrow's due.
    let later = |flag: &str| {
        sorted(ids(&env.json_at(
            "2026-11-23T10:00:00+03:30",
            ["task", "list", flag, "--json"],
        )))
    };
    assert_eq!(later("--today"), vec![tomorrow]);
    assert_eq!(
        later("--overdue"),
        vec![today, today_word, overdue, yesterday]
    );

    // Only one window at a time.
    env.fails(2, ["task", "list", "--today", "--overdue"]);
    env.fails(2, ["task", "list", "--days", "3"]);
}

#[test]
fn today_follows_the_local_date_of_kariz_now() {
    let env = Env::new();
    // 01:30 on the 22nd in Tehran is still the 21st in UTC.
    let early = "2026-11-22T01:30:00+03:30";
    let t = env.json_at(
        early,
        ["task", "add", "--title", "T", "--due", "today", "--json"],
    );
    assert_eq!(t["due_date"], "2026-11-22");
    assert_eq!(
        ids(&env.json_at(early, ["task", "list", "--today", "--json"])),
        vec![crate::common::id(&t)]
    );
}

#[test]
fn done_and_reopen_move_a_task_between_windows() {
    let env = Env::new();
    let tid = env.add_task("Call Sara", &["--due", "today"]);
    let s = tid.to_string();
    assert_eq!(
        ids(&env.json(["task", "list", "--today", "--json"])),
        vec![tid]
    );

    let out = env.ok(["task", "done", &s]);
    assert!(out.contains("Call Sara"), "{out}");
    assert!(ids(&env.json(["task", "list", "--today", "--json"])).is_empty());
    assert_eq!(
        ids(&env.json(["task", "list", "--done", "--json"])),
        vec![tid]
    );
    let t = env.json(["task", "show", &s, "--json"]);
    assert_eq!(t["done_at"], "2026-11-22T06:30:00Z");
    let err = env.fails(1, ["task", "done", &s]);
    assert!(err.contains("already done"), "{err}");

    env.ok(["task", "reopen", &s]);
    assert_eq!(
        ids(&env.json(["task", "list", "--today", "--json"])),
        vec![tid]
    );
    assert!(ids(&env.json(["task", "list", "--done", "--json"])).is_empty());
    let t = env.json(["task", "show", &s, "--json"]);
    assert!(t["done_at"].is_null(), "{t:#}");
    assert_eq!(t["version"], 3);

    env.fails(4, ["task", "done", &s, "--version", "1"]);
    env.fails(3, ["task", "done", "99"]);
}

#[test]
fn owner_and_link_filters() {
    let env = Env::new();
    let pid = env.add_person("Sara", &[]).to_string();
    let mine = env.add_task("mine", &["--due", "today", "--person", &pid]);
    let bobs = env.add_task("bob's", &["--due", "today", "--owner", "bob"]);
    let t = env.json(["task", "show", &mine.to_string(), "--json"]);
    assert_eq!(t["owner"], USER);
    assert_eq!(t["person"], "Sara");

    assert_eq!(
        ids(&env.json(["task", "list", "--today", "--owner", "bob", "--json"])),
        vec![bobs]
    );
    assert_eq!(
        ids(&env.json(["task", "list", "--today", "--owner", USER, "--json"])),
        vec![mine]
    );
    assert_eq!(
        ids(&env.json(["task", "list", "--person", &pid, "--json"])),
        vec![mine]
    );
    assert!(ids(&env.json(["task", "list", "--owner", "nobody", "--json"])).is_empty());
}

#[test]
fn task_edit_and_rm() {
    let env = Env::new();
    let s = env
        .add_task("Send quote", &["--due", "today", "--at", "9:30"])
        .to_string();
    let t = env.json(["task", "show", &s, "--json"]);
    assert_eq!(t["due_time"], "09:30:00");
    let t = env.json([
        "task",
        "edit",
        &s,
        "--due",
        "tomorrow",
        "--priority",
        "high",
        "--json",
    ]);
    assert_eq!(t["due_date"], "2026-11-23");
    assert_eq!(t["due_time"], "09:30:00");
    assert_eq!(t["priority"], "high");
    let t = env.json(["task", "edit", &s, "--clear", "due", "--json"]);
    assert!(t["due_date"].is_null() && t["due_time"].is_null(), "{t:#}");
    env.ok(["task", "rm", &s]);
    env.fails(3, ["task", "show", &s]);
}

#[test]
fn a_repeating_task_comes_back_when_done_and_asks_this_one_or_all() {
    let env = Env::new();
    let t = env.json([
        "task",
        "add",
        "--title",
        "Standup",
        "--due",
        "2026-11-23",
        "--repeat",
        "every week on mon,thu",
        "--json",
    ]);
    let id = t["id"].as_i64().unwrap();
    assert_eq!(t["repeat"], "every week on mon,thu gregorian");
    assert!(env.ok(["task", "list"]).contains("Standup ↻"));
    assert!(
        env.ok(["task", "show", &id.to_string()])
            .contains("every week on Mon, Thu")
    );

    let done = env.ok(["task", "done", &id.to_string()]);
    assert!(done.contains("Next: task"), "{done}");
    let open = env.json(["task", "list", "--json"]);
    let next = &open.as_array().unwrap()[0];
    assert_eq!(next["due_date"], "2026-11-26");
    let next_id = next["id"].as_i64().unwrap().to_string();

    // A title change must say whether it is for this one or the series.
    let refused = env.fails(2, ["task", "edit", &next_id, "--title", "Standup (room 2)"]);
    assert!(
        refused.contains("--this") && refused.contains("--all"),
        "{refused}"
    );
    env.ok([
        "task",
        "edit",
        &next_id,
        "--title",
        "Standup (room 2)",
        "--this",
    ]);
    env.ok(["task", "done", &next_id]);
    let open = env.json(["task", "list", "--json"]);
    assert_eq!(open[0]["title"], "Standup", "the series keeps its title");
    assert_eq!(open[0]["due_date"], "2026-11-30");

    // A bad rule names the problem and shows the forms.
    let bad = env.fails(
        1,
        [
            "task",
            "add",
            "--title",
            "x",
            "--due",
            "today",
            "--repeat",
            "every fortnight",
        ],
    );
    assert!(
        bad.contains("not a unit") && bad.contains("every 2 weeks on mon,thu"),
        "{bad}"
    );
}

/// `--limit N` keeps the first N of the list's order; 0 is all.
#[test]
fn task_list_limit_keeps_the_first_in_order() {
    let env = Env::new();
    for (title, due) in [("c", "+3d"), ("a", "+1d"), ("b", "+2d")] {
        env.json(["task", "add", "--title", title, "--due", due, "--json"]);
    }
    let all = env.json(["task", "list", "--json"]);
    let first_two = env.json(["task", "list", "--limit", "2", "--json"]);
    assert_eq!(ids(&first_two), ids(&all)[..2].to_vec());
    let titles: Vec<&str> = first_two
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["a", "b"], "soonest first");
    assert_eq!(
        ids(&env.json(["task", "list", "--limit", "0", "--json"])).len(),
        3
    );
}
