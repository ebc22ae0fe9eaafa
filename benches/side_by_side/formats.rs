//! The generated data written once per size into a temp folder, in each
//! tool's own format: a kariz database (through `kariz import csv`), an
//! abook addressbook, a vdir of vCards for khard, a taskwarrior data
//! folder (through `task import`), and a names file for fzf.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use super::data::{Data, Person, Task};
use super::tools::Installed;

/// Where everything for one size lives, and the environment every tool
/// runs with (a private HOME and XDG folders, UTC, a UTF-8 locale).
pub struct Files {
    pub kariz_db: PathBuf,
    pub abook: PathBuf,
    pub abookrc: PathBuf,
    pub names: PathBuf,
    pub env: Vec<(String, String)>,
    /// Each format's size on disk, for the header.
    pub sizes: Vec<(&'static str, u64)>,
}

/// Writes every format an installed tool needs; prints what each step took.
pub fn write_all(data: &Data, root: &Path, installed: &Installed) -> Files {
    let at = |sub: &str| {
        let path = root.join(sub);
        std::fs::create_dir_all(&path).expect("create a folder in the temp dir");
        path
    };
    let env = environment(root, &at);
    let mut files = Files {
        kariz_db: root.join("kariz.db"),
        abook: root.join("addressbook"),
        abookrc: root.join("abookrc"),
        names: root.join("names.txt"),
        env,
        sizes: Vec::new(),
    };
    let people_csv = root.join("people.csv");
    let tasks_csv = root.join("tasks.csv");
    write(&people_csv, &people_csv_text(&data.people));
    write(&tasks_csv, &tasks_csv_text(data));
    step("kariz import csv (people, then tasks)", || {
        kariz(
            &files,
            &["--create", "import", "csv", path_str(&people_csv)],
        );
        kariz(
            &files,
            &["import", "csv", "--entity", "task", path_str(&tasks_csv)],
        );
    });
    files
        .sizes
        .push(("kariz database", file_size(&files.kariz_db)));
    if installed.has("abook") {
        write(&files.abook, &abook_text(&data.people));
        write(&files.abookrc, "");
        files
            .sizes
            .push(("abook addressbook", file_size(&files.abook)));
    }
    if installed.has("khard") {
        let vdir = at("vdir");
        step("vCard folder for khard", || write_vdir(&vdir, &data.people));
        write(
            &at("config/khard").join("khard.conf"),
            &format!("[addressbooks]\n[[bench]]\npath = {}\n", vdir.display()),
        );
        files.sizes.push(("vCard folder", folder_size(&vdir)));
    }
    if installed.has("task") {
        let json = root.join("tasks.json");
        write(&json, &taskwarrior_json(data));
        step("task import (JSON)", || task_import(&files, &json));
        files.sizes.push((
            "taskwarrior pending.data",
            file_size(&at("task").join("pending.data")),
        ));
    }
    let names: String = data
        .people
        .iter()
        .map(|p| format!("{}\n", p.name))
        .collect();
    write(&files.names, &names);
    files
        .sizes
        .push(("names file (fzf)", file_size(&files.names)));
    files
}

fn environment(root: &Path, at: &dyn Fn(&str) -> PathBuf) -> Vec<(String, String)> {
    let dir = |sub: &str| at(sub).display().to_string();
    let taskrc = root.join("taskrc");
    write(
        &taskrc,
        &format!(
            "data.location={}\nconfirmation=off\nnews.version=9.9.9\n",
            dir("task")
        ),
    );
    vec![
        ("HOME".into(), dir("home")),
        ("XDG_CONFIG_HOME".into(), dir("config")),
        ("XDG_DATA_HOME".into(), dir("data")),
        ("XDG_CACHE_HOME".into(), dir("cache")),
        ("XDG_STATE_HOME".into(), dir("state")),
        ("TASKRC".into(), taskrc.display().to_string()),
        ("TASKDATA".into(), dir("task")),
        ("TZ".into(), "UTC".into()),
        ("LANG".into(), "C.UTF-8".into()),
        ("LC_ALL".into(), "C.UTF-8".into()),
        ("PATH".into(), std::env::var("PATH").unwrap_or_default()),
    ]
}

fn step(what: &str, work: impl FnOnce()) {
    let start = Instant::now();
    work();
    println!(
        "  prepared: {what} in {:.1} s",
        start.elapsed().as_secs_f64()
    );
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("the temp dir's path is UTF-8")
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

fn folder_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok()?.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

/// Runs a kariz command on the bench database; stops the bench if it fails.
fn kariz(files: &Files, args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_kariz"))
        .arg("--db")
        .arg(&files.kariz_db)
        .args(args)
        .env_clear()
        .envs(files.env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .output()
        .expect("run kariz");
    assert!(
        out.status.success(),
        "kariz {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn task_import(files: &Files, json: &Path) {
    let out = Command::new("task")
        .args(["rc.verbose=nothing", "import"])
        .arg(json)
        .env_clear()
        .envs(files.env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .output()
        .expect("run task import");
    assert!(
        out.status.success(),
        "task import failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A CSV field, quoted when it needs to be.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

fn people_csv_text(people: &[Person]) -> String {
    let mut out = String::from("name,email,phone\n");
    for p in people {
        let _ = writeln!(
            out,
            "{},{},{}",
            csv_field(&p.name),
            csv_field(&p.email),
            csv_field(&p.phone)
        );
    }
    out
}

fn due_text(task: &Task) -> String {
    match task.at {
        Some((h, m)) => format!("{} {h:02}:{m:02}", task.due),
        None => task.due.to_string(),
    }
}

fn tasks_csv_text(data: &Data) -> String {
    let mut out = String::from("title,due,priority,person\n");
    for t in &data.tasks {
        let _ = writeln!(
            out,
            "{},{},{},{}",
            csv_field(&t.title),
            due_text(t),
            t.priority.kariz(),
            csv_field(&data.people[t.person].email)
        );
    }
    out
}

fn abook_text(people: &[Person]) -> String {
    let mut out =
        String::from("# abook addressbook file\n\n[format]\nprogram=abook\nversion=0.6.1\n\n");
    for (i, p) in people.iter().enumerate() {
        let _ = write!(
            out,
            "[{i}]\nname={}\nemail={}\nmobile={}\n\n",
            p.name, p.email, p.phone
        );
    }
    out
}

fn vcard_text(i: usize, p: &Person) -> String {
    format!(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:bench-{i}\r\nFN:{}\r\nN:{};{};;;\r\n\
         TEL;TYPE=CELL:{}\r\nEMAIL;TYPE=WORK:{}\r\nEND:VCARD\r\n",
        p.name, p.last, p.first, p.phone, p.email
    )
}

fn write_vdir(dir: &Path, people: &[Person]) {
    for (i, p) in people.iter().enumerate() {
        write(&dir.join(format!("bench-{i}.vcf")), &vcard_text(i, p));
    }
}

/// taskwarrior's JSON: one object a line, every task pending.
fn taskwarrior_json(data: &Data) -> String {
    let entry = format!("{}T000000Z", data.today.format("%Y%m%d"));
    let mut out = String::new();
    for (i, t) in data.tasks.iter().enumerate() {
        let (h, m) = t.at.unwrap_or((23, 59));
        let task = serde_json::json!({
            "uuid": format!("00000000-0000-4000-8000-{i:012}"),
            "description": t.title,
            "status": "pending",
            "entry": entry,
            "due": format!("{}T{h:02}{m:02}00Z", t.due.format("%Y%m%d")),
            "priority": t.priority.taskwarrior(),
        });
        let _ = writeln!(out, "{task}");
    }
    out
}
