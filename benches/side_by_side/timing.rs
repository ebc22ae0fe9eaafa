//! Timing one row: every tool once untimed (it checks the tool works and
//! warms the page cache), then rounds of one run each, interleaved
//! (A B C A B C …), so a change in the machine's load falls on all tools
//! alike.
//!
//! A command-line run is timed from spawn to exit, standard output to
//! /dev/null (as in a pipe: no terminal). A screen run is timed from
//! asking tmux for a new 100x30 session running the tool until
//! `capture-pane` shows the marker: the tool's first frame with data.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How one tool is run for a measure.
pub enum How {
    /// A command run to exit; `stdin` from a file or /dev/null.
    Cli {
        program: OsString,
        args: Vec<OsString>,
        stdin: Option<PathBuf>,
    },
    /// A shell command run in a tmux pane, done when `marker` shows.
    Screen { command: String, marker: String },
}

pub struct Entry {
    pub tool: String,
    pub how: How,
}

/// One measure: kariz first, then the peers and the floor.
pub struct Row {
    pub measure: String,
    pub entries: Vec<Entry>,
}

/// What one tool gave in a row.
pub struct Outcome {
    pub tool: String,
    pub samples: Vec<Duration>,
    /// Lines the untimed run printed (command-line runs).
    pub lines: Option<usize>,
    pub error: Option<String>,
}

/// How long a screen may take before the run counts as failed.
const SCREEN_DEADLINE: Duration = Duration::from_secs(60);
/// Between two looks at the pane.
const POLL: Duration = Duration::from_millis(1);

/// A private tmux server, killed on drop.
pub struct Tmux {
    socket: String,
    env: Vec<(String, String)>,
    sessions: usize,
}

impl Tmux {
    /// Starts a server (with a session that only sleeps, so starting the
    /// server is not part of any timing).
    pub fn start(env: &[(String, String)]) -> Option<Tmux> {
        let mut tmux = Tmux {
            socket: format!("kariz-side-by-side-{}", std::process::id()),
            env: env.to_vec(),
            sessions: 0,
        };
        let ok = tmux
            .run(&["new-session", "-d", "-s", "keep", "sleep 86400"])
            .is_some();
        tmux.sessions += 1;
        ok.then_some(tmux)
    }

    fn command(&self) -> Command {
        let mut cmd = Command::new("tmux");
        cmd.args(["-f", "/dev/null", "-L", &self.socket])
            .env_clear()
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null());
        cmd
    }

    fn run(&self, args: &[&str]) -> Option<String> {
        let out = self.command().args(args).output().ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// Time until `marker` shows in a new pane running `command`.
    fn first_screen(&mut self, command: &str, marker: &str) -> Result<Duration, String> {
        self.sessions += 1;
        let name = format!("run{}", self.sessions);
        let start = Instant::now();
        let args = [
            "new-session",
            "-d",
            "-s",
            &name,
            "-x",
            "100",
            "-y",
            "30",
            command,
        ];
        if self.run(&args).is_none() {
            return Err(format!("tmux would not start `{command}`"));
        }
        let result = loop {
            let screen = self
                .run(&["capture-pane", "-p", "-t", &name])
                .unwrap_or_default();
            if screen.contains(marker) {
                break Ok(start.elapsed());
            }
            if start.elapsed() > SCREEN_DEADLINE {
                let top: Vec<&str> = screen.lines().take(8).collect();
                break Err(format!(
                    "`{marker}` not on screen after {} s; the screen began:\n{}",
                    SCREEN_DEADLINE.as_secs(),
                    top.join("\n")
                ));
            }
            std::thread::sleep(POLL);
        };
        let _ = self.run(&["kill-session", "-t", &name]);
        result
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

fn cli(how: &How, env: &[(String, String)], out: Stdio) -> Command {
    let How::Cli {
        program,
        args,
        stdin,
    } = how
    else {
        unreachable!("a screen entry is not a command");
    };
    let mut cmd = Command::new(program);
    cmd.args(args)
        .env_clear()
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdout(out)
        .stderr(Stdio::piped());
    match stdin {
        Some(path) => cmd.stdin(std::fs::File::open(path).expect("open the input file")),
        None => cmd.stdin(Stdio::null()),
    };
    cmd
}

/// The untimed run: whether the command works, how many lines it prints,
/// and how long it took (its output read by the bench).
fn check_cli(how: &How, env: &[(String, String)]) -> Result<(usize, Duration), String> {
    let start = Instant::now();
    let out = cli(how, env, Stdio::piped())
        .output()
        .map_err(|e| e.to_string())?;
    let took = start.elapsed();
    if !out.status.success() {
        return Err(format!(
            "exited with {}: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok((out.stdout.iter().filter(|&&b| b == b'\n').count(), took))
}

fn time_cli(how: &How, env: &[(String, String)]) -> Result<Duration, String> {
    let start = Instant::now();
    let out = cli(how, env, Stdio::null())
        .output()
        .map_err(|e| e.to_string())?;
    let took = start.elapsed();
    if out.status.success() {
        Ok(took)
    } else {
        Err(format!("exited with {}", out.status))
    }
}

fn time_one(
    entry: &Entry,
    env: &[(String, String)],
    tmux: &mut Option<Tmux>,
) -> Result<Duration, String> {
    match &entry.how {
        How::Cli { .. } => time_cli(&entry.how, env),
        How::Screen { command, marker } => match tmux {
            Some(tmux) => tmux.first_screen(command, marker),
            None => Err("tmux not installed".into()),
        },
    }
}

/// A run this slow is its own warm-up: the check counts as a sample (its
/// output read by the bench rather than sent to /dev/null, which at this
/// length costs nothing measurable), so a slow peer at 100k does not take
/// minutes more than it must.
const SLOW: Duration = Duration::from_secs(10);

/// The first, untimed run of an entry (timed and kept when over [`SLOW`]).
fn check(entry: &Entry, env: &[(String, String)], tmux: &mut Option<Tmux>) -> Outcome {
    let mut outcome = Outcome {
        tool: entry.tool.clone(),
        samples: Vec::new(),
        lines: None,
        error: None,
    };
    match &entry.how {
        How::Cli { .. } => match check_cli(&entry.how, env) {
            Ok((lines, took)) => {
                outcome.lines = Some(lines);
                if took > SLOW {
                    outcome.samples.push(took);
                }
            }
            Err(e) => outcome.error = Some(e),
        },
        How::Screen { .. } => outcome.error = time_one(entry, env, tmux).err(),
    }
    outcome
}

/// Runs a row: the untimed check, then up to `runs` interleaved rounds.
/// A tool whose runs add up to `budget` sits out the rounds left (after
/// at least one run), so a slow peer costs one run or two while the others
/// still get all of theirs.
pub fn run_row(
    row: &Row,
    env: &[(String, String)],
    tmux: &mut Option<Tmux>,
    runs: usize,
    budget: Duration,
) -> Vec<Outcome> {
    let mut outcomes: Vec<Outcome> = row
        .entries
        .iter()
        .map(|entry| check(entry, env, tmux))
        .collect();
    let spent = |o: &Outcome| o.samples.iter().sum::<Duration>();
    for _ in 0..runs {
        for (entry, outcome) in row.entries.iter().zip(outcomes.iter_mut()) {
            let done = outcome.samples.len() >= runs
                || (!outcome.samples.is_empty() && spent(outcome) >= budget);
            if outcome.error.is_some() || done {
                continue;
            }
            match time_one(entry, env, tmux) {
                Ok(took) => outcome.samples.push(took),
                Err(e) => outcome.error = Some(e),
            }
        }
    }
    for outcome in &outcomes {
        if outcome.error.is_none() && outcome.samples.len() < runs {
            println!(
                "  ({}: {} ran {} of {runs} times, stopped at its {} s budget)",
                row.measure,
                outcome.tool,
                outcome.samples.len(),
                budget.as_secs()
            );
        }
    }
    outcomes
}

/// Min, median and max of `samples`.
pub fn spread(samples: &[Duration]) -> Option<(Duration, Duration, Duration)> {
    let mut sorted = samples.to_vec();
    sorted.sort();
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let median = if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    };
    Some((sorted[0], median, sorted[n - 1]))
}
