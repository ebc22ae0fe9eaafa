//! A throwaway PostgreSQL cluster for tests: one per test process, started
//! lazily with initdb + pg_ctl in a temp folder, reachable only through a
//! Unix socket there (no TCP, no fixed port, no shared server). Include with
//! `#[path = "../support/pg_cluster.rs"] mod pg_cluster;`.
//!
//! `KARIZ_TEST_POSTGRES`: unset = run when the binaries are found, else skip
//! with one loud line; `require` = a missing binary or failed start panics
//! (CI sets it, so a skip can never pass silently there); `off` = skip.
//! `KARIZ_PG_BIN` names the folder holding initdb and pg_ctl.

// Each test crate uses a different part of this file, and a failed step
// here should stop the test loudly, as a `#[test]` body may.
#![allow(dead_code, clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The superuser initdb creates; trust authentication, so no password.
const USER: &str = "kariz_test";

pub struct Cluster {
    /// The temp folder: the socket, `data/` and `log` live here. The
    /// watchdog removes it, since a static is never dropped.
    dir: PathBuf,
    /// psql from the same installation as the server when it is there.
    psql: PathBuf,
}

#[derive(Debug, Clone)]
pub struct Database {
    pub name: String,
    /// `postgresql:///NAME?host=SOCKDIR&user=kariz_test`: a Unix-socket URL
    /// on the default port 5432, which only names the socket file.
    pub url: String,
}

/// The cluster of this test process, or None when PostgreSQL tests are
/// skipped here (the reason printed once to stderr).
pub fn cluster() -> Option<&'static Cluster> {
    // The outcome is kept, failure included, so a broken start is tried once
    // and reported to every test instead of retried by each.
    static CLUSTER: OnceLock<Result<Option<Cluster>, String>> = OnceLock::new();
    match CLUSTER.get_or_init(init) {
        Ok(cluster) => cluster.as_ref(),
        Err(why) => panic!("{why}"),
    }
}

fn init() -> Result<Option<Cluster>, String> {
    let mode = std::env::var("KARIZ_TEST_POSTGRES").unwrap_or_default();
    if mode == "off" {
        say("PostgreSQL tests skipped: KARIZ_TEST_POSTGRES=off");
        return Ok(None);
    }
    let require = mode == "require";
    let skip = |why: &str| {
        if require {
            Err(format!(
                "PostgreSQL tests REQUIRED (KARIZ_TEST_POSTGRES=require) but {why}"
            ))
        } else {
            say(&format!(
                "PostgreSQL tests SKIPPED: {why} (install postgresql, or set KARIZ_TEST_POSTGRES=require to make this a failure)"
            ));
            Ok(None)
        }
    };
    let Some(bin) = find_bin() else {
        return skip("no initdb/pg_ctl found");
    };
    // initdb and postgres refuse to run as root. As root, the cluster runs
    // as the `postgres` OS user (runuser) in a folder given to it; the test
    // process still connects, as root may open any socket.
    let run_as = if is_root() {
        if !user_exists("postgres") {
            return skip("running as root and there is no `postgres` OS user to run initdb as");
        }
        Some("postgres")
    } else {
        None
    };
    let started = std::time::Instant::now();
    let cluster = start(&bin, run_as).map_err(|why| format!("PostgreSQL test cluster: {why}"))?;
    say(&format!(
        "PostgreSQL test cluster at {} ({}) started in {} ms",
        cluster.dir.display(),
        bin.display(),
        started.elapsed().as_millis()
    ));
    Ok(Some(cluster))
}

/// One line to the real stderr: `eprintln!` inside a test is captured and
/// shown only if that test fails, which would hide a skip.
fn say(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{line}");
}

fn start(bin: &Path, run_as: Option<&str>) -> Result<Cluster, String> {
    // Under /tmp, not $TMPDIR: a socket path must fit in ~107 bytes.
    let dir = tempfile::Builder::new()
        .prefix("kpg-")
        .tempdir_in("/tmp")
        .map_err(|e| format!("cannot make a temp folder in /tmp: {e}"))?
        .keep();
    // Before anything starts, so even a test process killed mid-initdb
    // leaves nothing behind.
    spawn_watchdog(&dir, &bin.join("pg_ctl"), run_as)?;
    if let Some(user) = run_as {
        let dir_s = dir.to_string_lossy();
        run(Command::new("chown").args([user, &*dir_s]))?;
        // World-readable and searchable, so the test process reaches the
        // socket inside; the data folder within stays 0700 as initdb sets it.
        run(Command::new("chmod").args(["0755", &*dir_s]))?;
    }
    let data = dir.join("data");
    let initdb = bin.join("initdb");
    let mut cmd = as_user(run_as, &initdb, &dir);
    cmd.arg("-D").arg(&data);
    cmd.args([
        "-A",
        "trust",
        "-U",
        USER,
        "--locale=C",
        "-E",
        "UTF8",
        "--no-sync",
    ]);
    run(&mut cmd)?;

    // No TCP at all (listen_addresses empty): the socket in `dir` is the
    // only way in; the port, fixed whatever PGPORT says, only names its file,
    // as the URL and psql expect. Durability is off: the data dies with the test.
    let options = format!(
        "-k {} -c listen_addresses='' -c port=5432 -c fsync=off -c synchronous_commit=off \
         -c full_page_writes=off -c max_connections=200 -c shared_buffers=32MB",
        dir.display()
    );
    let mut cmd = as_user(run_as, &bin.join("pg_ctl"), &dir);
    cmd.arg("-D").arg(&data).arg("-l").arg(dir.join("log"));
    cmd.args(["-w", "-t", "60", "-o", &options, "start"]);
    if let Err(why) = run(&mut cmd) {
        let log = std::fs::read_to_string(dir.join("log")).unwrap_or_default();
        return Err(format!("{why}\nserver log:\n{log}"));
    }
    let psql = [bin.join("psql"), PathBuf::from("/usr/bin/psql")]
        .into_iter()
        .find(|p| p.is_file())
        .unwrap_or_else(|| PathBuf::from("psql"));
    Ok(Cluster { dir, psql })
}

/// A `sh` that outlives nothing: it polls until the test process is gone,
/// then stops the server and removes the folder. Statics are never dropped,
/// so this is what ends the cluster, however the process ends (a panic, a
/// SIGKILL included). Its own process group keeps a Ctrl-C on `cargo test`
/// from killing it before it has cleaned up.
fn spawn_watchdog(dir: &Path, pg_ctl: &Path, run_as: Option<&str>) -> Result<(), String> {
    const SCRIPT: &str = r#"
trap '' HUP INT TERM
while kill -0 "$1" 2>/dev/null; do sleep 0.5; done
if [ -n "$4" ]; then
  runuser -u "$4" -- "$2" -D "$3/data" -m immediate stop
else
  "$2" -D "$3/data" -m immediate stop
fi
rm -rf "$3"
"#;
    use std::os::unix::process::CommandExt;
    Command::new("sh")
        .args(["-c", SCRIPT, "kariz-pg-watchdog"])
        .arg(std::process::id().to_string())
        .arg(pg_ctl)
        .arg(dir)
        .arg(run_as.unwrap_or(""))
        .current_dir("/")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .map(drop)
        .map_err(|e| format!("cannot start the watchdog sh: {e}"))
}

impl Cluster {
    pub fn socket_dir(&self) -> &Path {
        &self.dir
    }

    /// A fresh empty database with a name unique in this process and among
    /// concurrent test processes (pid). From template0: copying template1
    /// fails when another session is connected to it, template0 never is.
    pub fn new_database(&self) -> Database {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let name = format!("kariz_t{}_{n}", std::process::id());
        self.psql(
            "postgres",
            &format!(
                "CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
            ),
        );
        let url = format!(
            "postgresql:///{name}?host={}&user={USER}",
            self.dir.display()
        );
        Database { name, url }
    }

    /// Runs `sql` in database `db` as the superuser and returns psql's
    /// unaligned, tuples-only output: what tests compare against.
    pub fn psql(&self, db: &str, sql: &str) -> String {
        self.psql_as(db, USER, sql)
            .unwrap_or_else(|why| panic!("psql -d {db} -c {sql:?} failed: {why}"))
    }

    /// Runs `sql` in database `db` connected as `role` (trust
    /// authentication: any role that may log in), as someone at a psql
    /// prompt would; psql's output, or its error message when the server
    /// refused.
    pub fn psql_as(&self, db: &str, role: &str, sql: &str) -> Result<String, String> {
        let out = Command::new(&self.psql)
            // -X: no ~/.psqlrc; -p: the server's default port, whatever
            // PGPORT says, as it only names the socket file.
            .args([
                "-X",
                "-At",
                "-v",
                "ON_ERROR_STOP=1",
                "-p",
                "5432",
                "-U",
                role,
            ])
            .arg("-h")
            .arg(&self.dir)
            .args(["-d", db, "-c", sql])
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", self.psql.display()));
        if !out.status.success() {
            return Err(String::from_utf8_lossy(&out.stderr).into_owned());
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// A cluster-wide role (roles are not per database), e.g. a sales rep.
    pub fn create_role(&self, name: &str, login: bool) {
        let login = if login { "LOGIN" } else { "NOLOGIN" };
        let quoted = name.replace('"', "\"\"");
        self.psql("postgres", &format!("CREATE ROLE \"{quoted}\" {login}"));
    }
}

/// The folder with initdb and pg_ctl: `KARIZ_PG_BIN`, else `pg_config
/// --bindir`, else the newest /usr/lib/postgresql/*/bin (Debian keeps them
/// off PATH), else PATH.
fn find_bin() -> Option<PathBuf> {
    let has_tools = |d: &Path| d.join("initdb").is_file() && d.join("pg_ctl").is_file();
    if let Some(dir) = std::env::var_os("KARIZ_PG_BIN") {
        // Named explicitly: no fallback, so a wrong value shows as a skip.
        let dir = PathBuf::from(dir);
        return has_tools(&dir).then_some(dir);
    }
    let from_pg_config = Command::new("pg_config")
        .arg("--bindir")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    let debian = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let version: f64 = e.file_name().to_str()?.parse().ok()?;
            Some((version, e.path().join("bin")))
        })
        .filter(|(_, bin)| has_tools(bin))
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, bin)| bin);
    let path = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default();
    from_pg_config
        .into_iter()
        .chain(debian)
        .chain(path)
        .find(|d| has_tools(d))
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn user_exists(name: &str) -> bool {
    Command::new("id")
        .args(["-u", name])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// `program` run directly, or through `runuser -u USER --` when root.
fn as_user(run_as: Option<&str>, program: &Path, cwd: &Path) -> Command {
    let mut cmd = match run_as {
        Some(user) => {
            let mut c = Command::new("runuser");
            c.args(["-u", user, "--"]).arg(program);
            c
        }
        None => Command::new(program),
    };
    // The postgres user may not be allowed into the test's working folder.
    cmd.current_dir(cwd);
    cmd
}

/// Runs a setup step, returning its output or a message with its stderr.
fn run(cmd: &mut Command) -> Result<Output, String> {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    if out.status.success() {
        Ok(out)
    } else {
        Err(format!(
            "{cmd:?} failed ({}):\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}
