//! `kariz remind [--watch]`: for cron or as a service (docs/automation.md).
//! Delivers each due reminder once — to the owner's open kariz (a
//! notification row the change feed carries to its message line) and, for
//! the user running it, as a desktop notification with `notify-send` when
//! that command exists — and runs the time-triggered rules.

use super::context::Context;
use super::output;
use crate::messages::Settings;
use crate::messages::outbox::Drained;
use crate::remind::{Delivered, Emailed};
use anyhow::Result;
use serde::Serialize;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// `kariz remind`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Keep running: check again every --every seconds until SIGTERM or Ctrl-C
    #[arg(long)]
    watch: bool,
    /// With --watch: seconds between checks
    #[arg(long, default_value_t = 60, value_name = "SECONDS")]
    every: u64,
    /// The desktop-notification command [env: KARIZ_NOTIFY_SEND] [default: notify-send]; skipped quietly when it is not installed
    #[arg(long, value_name = "COMMAND")]
    notify_send: Option<String>,
    /// Print what was delivered as JSON (one object per check)
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Report<'a> {
    notifications: &'a [crate::model::Notification],
    rules: &'a [crate::store::rules::RuleRun],
    /// Reminders e-mailed to their owners.
    emailed: &'a [Emailed],
    /// Messages rules queued, sent (or failed, or skipped, or put back
    /// in the queue until `next_attempt_at`) by this run.
    messages: &'a [Drained],
}

/// Runs once, or until stopped with `--watch`.
pub fn run(ctx: &Context, args: Args) -> Result<()> {
    let command = args
        .notify_send
        .clone()
        .or_else(|| {
            std::env::var("KARIZ_NOTIFY_SEND")
                .ok()
                .filter(|v| !v.is_empty())
        })
        .unwrap_or_else(|| "notify-send".to_owned());
    if !args.watch {
        return once(ctx, &command, args.json);
    }
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    let every = Duration::from_secs(args.every.max(1));
    while !stop.load(Ordering::Relaxed) {
        once(ctx, &command, args.json)?;
        let deadline = Instant::now() + every;
        while Instant::now() < deadline && !stop.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    Ok(())
}

fn once(ctx: &Context, command: &str, json: bool) -> Result<()> {
    let mut store = ctx.open()?;
    let out = ctx.render(store.config());
    let locale = out.locale().clone();
    let plan = crate::remind::plan(&store, &ctx.clock, &locale)?;
    let delivered = crate::remind::deliver(&mut store, ctx.clock.now_utc(), &plan)?;
    let me = store.actor().to_owned();
    for n in delivered
        .notifications
        .iter()
        .filter(|n| n.data.login == me)
    {
        desktop(command, &n.data.text);
    }
    // Network I/O after the write above, outside any transaction.
    let env = |name: &str| std::env::var(name).ok();
    let settings = Settings {
        templates: ctx.templates_dir(store.config()),
        config_dir: ctx.config_dir(),
        env: &env,
        clock: &ctx.clock,
    };
    let emailed =
        crate::remind::email_reminders(&store, &settings, &locale, &delivered.notifications)?;
    let messages = crate::messages::outbox::drain(&mut store, &settings)?;
    if json {
        return output::json(&Report {
            notifications: &delivered.notifications,
            rules: &delivered.rules,
            emailed: &emailed,
            messages: &messages,
        });
    }
    print(&out, &delivered)?;
    print_sent(&out, &ctx.clock, &emailed, &messages)
}

fn print_sent(
    out: &super::output::Render,
    clock: &crate::clock::Clock,
    emailed: &[Emailed],
    messages: &[Drained],
) -> Result<()> {
    for e in emailed {
        match (&e.to, &e.error) {
            (Some(to), None) => {
                out.sentence(&format!("E-mailed the reminder to {} ({to})", e.login))?
            }
            (_, Some(error)) => out.sentence(&format!(
                "Could not e-mail the reminder to {}: {error}",
                e.login
            ))?,
            (None, None) => {}
        }
    }
    for m in messages {
        let what = format!(
            "{} by {} to {} (person {}, rule {})",
            crate::text::display::isolate(&m.template),
            m.channel.as_str(),
            crate::text::display::isolate(&m.person),
            m.person_id,
            crate::text::display::isolate(&m.rule)
        );
        let line = match (&m.reason, m.next_attempt_at) {
            (Some(reason), Some(at)) => format!(
                "Message {what}: not sent (try {}), tried again at {}: {reason}",
                m.attempts,
                out.local_time(clock, at)
            ),
            (Some(reason), None) => format!("Message {what}: {}: {reason}", m.state.as_str()),
            (None, _) => format!("Message {what}: {}", m.state.as_str()),
        };
        out.sentence(&line)?;
    }
    Ok(())
}

fn print(out: &super::output::Render, delivered: &Delivered) -> Result<()> {
    for n in &delivered.notifications {
        out.sentence(&format!(
            "Reminded {}: {}",
            n.data.login,
            crate::text::display::isolate(&n.data.text)
        ))?;
    }
    for run in &delivered.rules {
        out.sentence(&format!(
            "Rule {} ran for {}: {}",
            crate::text::display::isolate(&run.rule),
            run.event_key,
            run.done.join("; ")
        ))?;
    }
    Ok(())
}

/// Shows a desktop notification; a missing command or a failure is
/// skipped quietly (a server has no desktop).
fn desktop(command: &str, text: &str) {
    let status = std::process::Command::new(command)
        .arg("--app-name=kariz")
        .arg("kariz")
        .arg(text)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status();
    // Not installed, no display, no D-Bus: nothing to do about it here.
    drop(status);
}
