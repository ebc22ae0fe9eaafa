//! Shared helpers for the end-to-end CLI tests: every test gets its own
//! temporary home with the XDG directories inside it, a pinned clock and a
//! fixed user, and runs the real `kariz` binary against a real SQLite file
//! (tests/cli) or a fresh PostgreSQL database (tests/cli_pg): the crate
//! that includes this file says which with `crate::server_database()`.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use assert_cmd::Command;
use serde_json::Value;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Output;
use tempfile::TempDir;

/// The pinned "now" of every test: a Sunday, 10:00 in Tehran (06:30 UTC).
pub const NOW: &str = "2026-11-22T10:00:00+03:30";

/// The name recorded as owner, author and actor.
pub const USER: &str = "tester";

/// An OSC 52 clipboard write (ESC … BEL), a right-to-left override and a C1
/// control: what a hostile name could use to drive or fool a terminal.
pub const EVIL: &str = "\u{1b}]52;c;aGVsbG8=\u{7}Evil\u{85}\u{202e}gpj";

/// How [`EVIL`] must look on a terminal: every control spelled out.
pub const EVIL_SHOWN: &str = "\\u{1b}]52;c;aGVsbG8=\\u{7}Evil\\u{85}\\u{202e}gpj";

/// One isolated environment: a temporary directory holding HOME, the XDG
/// data and config homes, and (by default) the database.
pub struct Env {
    dir: TempDir,
    /// A fresh PostgreSQL database's URL when the crate runs on PostgreSQL.
    url: Option<String>,
}

impl Default for Env {
    fn default() -> Self {
        Self::new()
    }
}

impl Env {
    /// A fresh, empty environment.
    pub fn new() -> Env {
        let dir = tempfile::tempdir().expect("create a temporary directory");
        std::fs::create_dir_all(dir.path().join("home")).expect("create HOME");
        Env {
            dir,
            url: crate::server_database(),
        }
    }

    /// The value for `KARIZ_DB` in a command a test builds itself: the
    /// PostgreSQL URL, or empty (which kariz reads as unset) for the
    /// default SQLite file.
    pub fn db_var(&self) -> String {
        self.url.clone().unwrap_or_default()
    }

    /// Whether the database is a PostgreSQL one (tests/cli_pg).
    pub fn on_server(&self) -> bool {
        self.url.is_some()
    }

    /// The temporary directory everything lives in.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// A path inside the temporary directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.root().join(name)
    }

    /// `$XDG_DATA_HOME`.
    pub fn data_home(&self) -> PathBuf {
        self.path("data")
    }

    /// `$XDG_CONFIG_HOME`.
    pub fn config_home(&self) -> PathBuf {
        self.path("config")
    }

    /// `$XDG_CACHE_HOME` (the search snapshot's folder is `kariz/` in it).
    pub fn cache_home(&self) -> PathBuf {
        self.path("cache")
    }

    /// The default database: `$XDG_DATA_HOME/kariz/kariz.db`, or on
    /// PostgreSQL the URL every run gets in `KARIZ_DB`.
    pub fn db(&self) -> PathBuf {
        match &self.url {
            Some(url) => PathBuf::from(url),
            None => self.data_home().join("kariz").join("kariz.db"),
        }
    }

    /// The default demo database: `$XDG_DATA_HOME/kariz/demo.db`. On
    /// PostgreSQL `kariz demo` builds into `KARIZ_DB`, the same URL as
    /// [`Env::db`].
    pub fn demo_db(&self) -> PathBuf {
        match &self.url {
            Some(url) => PathBuf::from(url),
            None => self.data_home().join("kariz").join("demo.db"),
        }
    }

    /// The default config file: `$XDG_CONFIG_HOME/kariz/config.toml`.
    pub fn config_file(&self) -> PathBuf {
        self.config_home().join("kariz").join("config.toml")
    }

    /// `kariz` with the isolated environment and the pinned clock.
    pub fn kariz(&self) -> Command {
        self.kariz_at(NOW)
    }

    /// `kariz` with the isolated environment and `KARIZ_NOW` set to `now`.
    pub fn kariz_at(&self, now: &str) -> Command {
        let mut cmd = Command::cargo_bin("kariz").expect("the kariz binary is built");
        cmd.env("HOME", self.path("home"))
            .env("XDG_DATA_HOME", self.data_home())
            .env("XDG_CONFIG_HOME", self.config_home())
            .env("XDG_CACHE_HOME", self.cache_home())
            .env_remove("KARIZ_NO_SEARCH_CACHE")
            .env_remove("KARIZ_NO_LIST_CACHE")
            .env("KARIZ_TEST_USER", USER)
            .env("KARIZ_NOW", now)
            .env("TZ", "UTC")
            .env_remove("KARIZ_CONFIG")
            .env_remove("KARIZ_SYSTEM_CONFIG")
            .current_dir(self.root());
        match &self.url {
            Some(url) => cmd.env("KARIZ_DB", url),
            None => cmd.env_remove("KARIZ_DB"),
        };
        cmd
    }

    /// Runs `kariz ARGS` at the pinned time and returns whatever happened.
    pub fn run<I, S>(&self, args: I) -> Output
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.kariz().args(args).output().expect("run kariz")
    }

    /// Runs `kariz ARGS`, asserts exit 0 and returns stdout.
    pub fn ok<I, S>(&self, args: I) -> String
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.ok_at(NOW, args)
    }

    /// Like [`Env::ok`] with `KARIZ_NOW` set to `now`.
    pub fn ok_at<I, S>(&self, now: &str, args: I) -> String
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let args: Vec<_> = args.into_iter().map(|a| a.as_ref().to_owned()).collect();
        let out = self.kariz_at(now).args(&args).output().expect("run kariz");
        assert!(
            out.status.success(),
            "kariz {args:?} failed with {:?}\nstdout:\n{}\nstderr:\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("stdout is UTF-8")
    }

    /// Runs an `import … --partial` that rejects rows: asserts exit 6 (the
    /// good rows are written, but the run is not clean) and returns stdout.
    pub fn partial<I, S>(&self, args: I) -> String
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let args: Vec<_> = args.into_iter().map(|a| a.as_ref().to_owned()).collect();
        let out = self.kariz().args(&args).output().expect("run kariz");
        assert_eq!(
            out.status.code(),
            Some(6),
            "kariz {args:?}: expected exit 6\nstdout:\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("stdout is UTF-8")
    }

    /// Runs `kariz ARGS`, asserts it exits with `code` and returns stderr.
    pub fn fails<I, S>(&self, code: i32, args: I) -> String
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.fails_at(NOW, code, args)
    }

    /// Like [`Env::fails`] with `KARIZ_NOW` set to `now`.
    pub fn fails_at<I, S>(&self, now: &str, code: i32, args: I) -> String
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let args: Vec<_> = args.into_iter().map(|a| a.as_ref().to_owned()).collect();
        let out = self.kariz_at(now).args(&args).output().expect("run kariz");
        assert_eq!(
            out.status.code(),
            Some(code),
            "kariz {args:?}: expected exit {code}\nstdout:\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stderr).expect("stderr is UTF-8")
    }

    /// Runs `kariz ARGS` (which should include `--json`), asserts exit 0 and
    /// parses stdout.
    pub fn json<I, S>(&self, args: I) -> Value
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.json_at(NOW, args)
    }

    /// Like [`Env::json`] with `KARIZ_NOW` set to `now`.
    pub fn json_at<I, S>(&self, now: &str, args: I) -> Value
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let text = self.ok_at(now, args);
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{text}"))
    }

    /// Writes `value` into one column of one row of the default database
    /// behind kariz's back. kariz refuses control characters on input, but
    /// a database written by an older kariz or another program may hold
    /// them, and every output must still show them safely.
    pub fn plant(&self, table: &str, id: i64, column: &str, value: &str) {
        // Table and column come from the test itself, never from input.
        let quoted = value.replace('\'', "''");
        let sql = format!("UPDATE {table} SET {column} = '{quoted}' WHERE id = {id}");
        let changed = crate::execute_sql(&self.db(), &sql);
        assert_eq!(changed, 1, "no {table} row {id}");
    }

    /// Adds a person with these extra flags and returns the new id.
    pub fn add_person(&self, name: &str, extra: &[&str]) -> i64 {
        let mut args = vec!["person", "add", "--name", name, "--json"];
        args.extend_from_slice(extra);
        id(&self.json(args))
    }

    /// Adds a deal with these extra flags and returns the new id.
    pub fn add_deal(&self, title: &str, extra: &[&str]) -> i64 {
        let mut args = vec!["deal", "add", "--title", title, "--json"];
        args.extend_from_slice(extra);
        id(&self.json(args))
    }

    /// Adds a task with these extra flags and returns the new id.
    pub fn add_task(&self, title: &str, extra: &[&str]) -> i64 {
        let mut args = vec!["task", "add", "--title", title, "--json"];
        args.extend_from_slice(extra);
        id(&self.json(args))
    }
}

/// The `id` of a JSON record.
pub fn id(record: &Value) -> i64 {
    record["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("no numeric id in {record:#}"))
}

/// The `id`s of a JSON array of records, in order.
pub fn ids(records: &Value) -> Vec<i64> {
    records
        .as_array()
        .unwrap_or_else(|| panic!("not a JSON array: {records:#}"))
        .iter()
        .map(id)
        .collect()
}

/// The elements of a JSON array.
pub fn array(value: &Value) -> &Vec<Value> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("not a JSON array: {value:#}"))
}

/// A string field of a JSON record.
pub fn str_field<'a>(record: &'a Value, key: &str) -> &'a str {
    record[key]
        .as_str()
        .unwrap_or_else(|| panic!("no string {key:?} in {record:#}"))
}

/// Asserts that terminal-facing text carries no raw control that could
/// drive a terminal or reorder the display (C0 other than line breaks, DEL,
/// C1, bidi embeddings, overrides and isolates).
pub fn assert_no_raw_controls(text: &str, what: &str) {
    for (i, c) in text.char_indices() {
        let bad = matches!(c,
            '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}'
            | '\u{7f}'..='\u{9f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}');
        assert!(
            !bad,
            "{what}: raw U+{:04X} at byte {i} in:\n{}",
            u32::from(c),
            text.escape_debug()
        );
    }
}

/// The path of a file in tests/fixtures/import/.
pub fn fixture(name: &str) -> String {
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "tests",
        "fixtures",
        "import",
        name,
    ]
    .iter()
    .collect();
    path.to_string_lossy().into_owned()
}

/// Every person, as `person list --json` gives them.
pub fn people(env: &Env) -> Vec<Value> {
    array(&env.json(["person", "list", "--json"])).clone()
}

/// The person named `name` in a list; fails the test naming the list.
pub fn person<'a>(list: &'a [Value], name: &str) -> &'a Value {
    list.iter()
        .find(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("no {name} in {list:#?}"))
}

/// Labelled values (phones or e-mails) as `label:value` strings.
pub fn labelled(list: &Value) -> Vec<String> {
    array(list)
        .iter()
        .map(|p| format!("{}:{}", str_field(p, "label"), str_field(p, "value")))
        .collect()
}
