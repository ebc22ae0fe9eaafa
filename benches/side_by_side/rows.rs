//! The measures: for each, how kariz, each installed peer and the sqlite3
//! shell (the floor: SQLite itself answering the same question on kariz's
//! own database) are run.

use std::ffi::OsString;
use std::path::Path;

use super::data::Data;
use super::formats::Files;
use super::timing::{Entry, How, Row};
use super::tools::Installed;

/// The groups `--only` chooses from.
pub const GROUPS: &[&str] = &["contacts", "tasks", "search"];

/// The rows of the chosen groups, with the entries of installed tools.
pub fn rows(data: &Data, files: &Files, installed: &Installed, only: &[String]) -> Vec<Row> {
    let chosen = |group: &str| only.is_empty() || only.iter().any(|g| g == group);
    let mut rows = Vec::new();
    if chosen("contacts") {
        rows.push(first_screen(files, data, installed));
        rows.push(contact_list(files, installed));
    }
    if chosen("tasks") {
        rows.push(task_list(files, installed));
    }
    if chosen("search") {
        rows.push(search(
            files,
            installed,
            "search a Latin name",
            &data.latin_query(),
        ));
        rows.push(search(
            files,
            installed,
            "search a Persian name",
            &data.persian_query(),
        ));
    }
    rows
}

fn os(items: &[&str]) -> Vec<OsString> {
    items.iter().map(OsString::from).collect()
}

/// A word quoted for `sh`.
fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

fn path(p: &Path) -> String {
    p.display().to_string()
}

fn kariz(files: &Files, tool: &str, args: &[&str]) -> Entry {
    let mut all = os(&["--db", &path(&files.kariz_db)]);
    all.extend(os(args));
    Entry {
        tool: tool.to_owned(),
        how: How::Cli {
            program: env!("CARGO_BIN_EXE_kariz").into(),
            args: all,
            stdin: None,
        },
    }
}

fn cli(tool: &str, program: &str, args: &[&str], stdin: Option<&Path>) -> Entry {
    Entry {
        tool: tool.to_owned(),
        how: How::Cli {
            program: program.into(),
            args: os(args),
            stdin: stdin.map(Path::to_path_buf),
        },
    }
}

/// The floor: the sqlite3 shell running `sql` on kariz's database.
fn floor(files: &Files, sql: &str) -> Entry {
    cli(
        "sqlite3 (floor)",
        "sqlite3",
        &["-readonly", &path(&files.kariz_db), sql],
        None,
    )
}

/// Open tasks with their names, in kariz's order (`window` narrows them,
/// as Today's overdue section does; `limit` takes a page). A bounded window
/// has no undated task, so its order leaves `due_date IS NULL` out, as
/// kariz's does, and is read off the open-tasks index.
fn tasks_sql(window: &str, limit: &str) -> String {
    let undated_last = if window.is_empty() {
        "t.due_date IS NULL,"
    } else {
        ""
    };
    format!(
        "SELECT t.id, t.title, t.due_date, t.due_time, t.priority, p.name, c.name, d.title, t.owner
         FROM tasks t LEFT JOIN people p ON p.id = t.person_id
         LEFT JOIN companies c ON c.id = t.company_id LEFT JOIN deals d ON d.id = t.deal_id
         WHERE t.done_at IS NULL {window}
         ORDER BY {undated_last} t.due_date, t.due_time IS NULL, t.due_time,
                  CASE t.priority WHEN 'high' THEN 0 WHEN 'normal' THEN 1 ELSE 2 END, t.id {limit}"
    )
}

/// Today's overdue page (20 rows: the shell's output must not scroll its
/// first row, the marker, off the 30-line pane).
fn overdue_sql(data: &Data) -> String {
    tasks_sql(&format!("AND t.due_date < '{}'", data.today), "LIMIT 20")
}

/// Time to the first frame that shows data, in a 100x30 tmux pane. kariz
/// opens on Today, whose first row is task 0 ("Renewal call to …"); abook
/// and fzf open on the list of people, whose first row is person 0. The
/// floor is the sqlite3 shell printing Today's overdue page into a pane.
fn first_screen(files: &Files, data: &Data, installed: &Installed) -> Row {
    let task0 = data
        .tasks
        .first()
        .map(|t| t.title.clone())
        .unwrap_or_default();
    let person0 = data.people.first();
    let screen = |tool: &str, command: String, marker: &str| Entry {
        tool: tool.to_owned(),
        how: How::Screen {
            command,
            marker: marker.to_owned(),
        },
    };
    let mut entries = vec![screen(
        "kariz (opens on Today)",
        format!(
            "exec {} --db {}",
            quoted(env!("CARGO_BIN_EXE_kariz")),
            quoted(&path(&files.kariz_db))
        ),
        &task0,
    )];
    if installed.has("abook") {
        entries.push(screen(
            "abook",
            format!(
                "exec abook --config {} --datafile {}",
                quoted(&path(&files.abookrc)),
                quoted(&path(&files.abook))
            ),
            person0.map(|p| p.email.as_str()).unwrap_or_default(),
        ));
    }
    if installed.has("fzf") {
        entries.push(screen(
            "fzf (names file)",
            format!("exec fzf < {}", quoted(&path(&files.names))),
            person0.map(|p| p.name.as_str()).unwrap_or_default(),
        ));
    }
    if installed.has("sqlite3") {
        entries.push(screen(
            "sqlite3 (floor)",
            format!(
                "sqlite3 -readonly {} {}; exec sleep 86400",
                quoted(&path(&files.kariz_db)),
                quoted(&overdue_sql(data))
            ),
            &task0,
        ));
    }
    Row {
        measure: "first data screen (pty)".into(),
        entries,
    }
}

/// Every contact, printed.
fn contact_list(files: &Files, installed: &Installed) -> Row {
    let mut entries = vec![kariz(files, "kariz person list", &["person", "list"])];
    if installed.has("abook") {
        entries.push(cli(
            "abook --convert (csv)",
            "abook",
            &[
                "--config",
                &path(&files.abookrc),
                "--convert",
                "--informat",
                "abook",
                "--infile",
                &path(&files.abook),
                "--outformat",
                "csv",
            ],
            None,
        ));
    }
    if installed.has("khard") {
        entries.push(cli("khard list", "khard", &["list"], None));
    }
    if installed.has("sqlite3") {
        entries.push(floor(
            files,
            "SELECT p.id, p.name, c.name,
               (SELECT group_concat(cp.value, ' | ') FROM contact_points cp
                 WHERE cp.person_id = p.id AND cp.kind = 'phone'),
               (SELECT group_concat(cp.value, ' | ') FROM contact_points cp
                 WHERE cp.person_id = p.id AND cp.kind = 'email'),
               p.owner,
               (SELECT group_concat(t.name, ', ') FROM person_tags pt JOIN tags t ON t.id = pt.tag_id
                 WHERE pt.person_id = p.id)
             FROM people p LEFT JOIN companies c ON c.id = p.company_id
             ORDER BY p.sort_key, p.id",
        ));
    }
    Row {
        measure: "whole contact list (CLI)".into(),
        entries,
    }
}

/// Every open task, printed.
fn task_list(files: &Files, installed: &Installed) -> Row {
    let mut entries = vec![kariz(files, "kariz task list", &["task", "list"])];
    if installed.has("task") {
        entries.push(cli("task list (taskwarrior)", "task", &["list"], None));
    }
    if installed.has("sqlite3") {
        entries.push(floor(files, &tasks_sql("", "")));
    }
    Row {
        measure: "open task list (CLI)".into(),
        entries,
    }
}

/// Every hit for a name.
fn search(files: &Files, installed: &Installed, measure: &str, query: &str) -> Row {
    let mut entries = vec![kariz(
        files,
        "kariz search --limit 0",
        &["search", "--limit", "0", query],
    )];
    if installed.has("abook") {
        entries.push(cli(
            "abook --mutt-query",
            "abook",
            &[
                "--config",
                &path(&files.abookrc),
                "--datafile",
                &path(&files.abook),
                "--mutt-query",
                query,
            ],
            None,
        ));
    }
    if installed.has("khard") {
        entries.push(cli("khard list QUERY", "khard", &["list", query], None));
    }
    if installed.has("fzf") {
        entries.push(cli(
            "fzf --filter",
            "fzf",
            &["--filter", query],
            Some(&files.names),
        ));
    }
    if installed.has("grep") {
        // The issue's other floor: a memmem-class scan of the same names,
        // already in a plain file, with nothing to fold or order.
        entries.push(cli(
            "grep -F -i (names file, floor)",
            "grep",
            &["-F", "-i", "--", query, &path(&files.names)],
            None,
        ));
    }
    if installed.has("sqlite3") {
        let folded = kariz::text::fold::fold(query).replace('\'', "''");
        entries.push(floor(
            files,
            &format!(
                "SELECT p.id, p.name FROM people p WHERE p.search_text LIKE '%{folded}%'
                 ORDER BY p.sort_key, p.id"
            ),
        ));
    }
    Row {
        measure: format!("{measure} ({query})"),
        entries,
    }
}
