//! iCalendar export (RFC 5545): tasks as VTODO, meetings and calls as
//! VEVENT. Times are written in UTC; UIDs are `task-ID@kariz` and
//! `activity-ID@kariz`, so a calendar that imports the file twice updates
//! rather than duplicates; DTSTAMP is the record's last change, so the same
//! data always gives the same file.

use super::lines::{escape_text, push_folded};
use super::{Request, for_each_id, io_error};
use crate::clock::Clock;
use crate::error::Result;
use crate::model::{Activity, ActivityKind, Entity, Priority, Task};
use crate::store::Store;
use chrono::{DateTime, Utc};
use std::io::Write;

fn utc(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

fn push_text(out: &mut String, property: &str, value: Option<&str>) {
    if let Some(value) = value.filter(|v| !v.is_empty()) {
        push_folded(out, &format!("{property}:{}", escape_text(value)));
    }
}

/// Appends one task as a VTODO.
pub fn task(out: &mut String, t: &Task, clock: &Clock) {
    let d = &t.data;
    out.push_str("BEGIN:VTODO\r\n");
    push_folded(out, &format!("UID:task-{}@kariz", t.id));
    push_folded(out, &format!("DTSTAMP:{}", utc(t.updated_at)));
    push_text(out, "SUMMARY", Some(&d.title));
    match (d.due_date, d.due_time) {
        (Some(day), Some(time)) => {
            // Due times are local wall-clock times; the file says UTC so
            // any reader agrees, converted with the offset of that day
            // (daylight saving), not today's.
            push_folded(out, &format!("DUE:{}", utc(clock.local_to_utc(day, time))));
        }
        (Some(day), None) => {
            push_folded(out, &format!("DUE;VALUE=DATE:{}", day.format("%Y%m%d")));
        }
        _ => {}
    }
    let priority = match d.priority {
        Priority::High => 1,
        Priority::Normal => 5,
        Priority::Low => 9,
    };
    push_folded(out, &format!("PRIORITY:{priority}"));
    match t.done_at {
        Some(done) => {
            out.push_str("STATUS:COMPLETED\r\n");
            push_folded(out, &format!("COMPLETED:{}", utc(done)));
        }
        None => out.push_str("STATUS:NEEDS-ACTION\r\n"),
    }
    push_text(out, "DESCRIPTION", d.notes.as_deref());
    out.push_str("END:VTODO\r\n");
}

/// Whether an activity goes into a calendar: meetings and calls.
pub fn is_event(kind: ActivityKind) -> bool {
    matches!(
        kind,
        ActivityKind::Meeting
            | ActivityKind::IncomingCall
            | ActivityKind::OutgoingCall
            | ActivityKind::MissedCall
    )
}

/// Appends one meeting or call as a VEVENT.
pub fn event(out: &mut String, a: &Activity) {
    let d = &a.data;
    out.push_str("BEGIN:VEVENT\r\n");
    push_folded(out, &format!("UID:activity-{}@kariz", a.id));
    push_folded(out, &format!("DTSTAMP:{}", utc(a.updated_at)));
    push_folded(out, &format!("DTSTART:{}", utc(d.occurred_at)));
    push_text(out, "SUMMARY", Some(&d.subject));
    push_text(out, "DESCRIPTION", d.body.as_deref());
    push_folded(
        out,
        &format!(
            "CATEGORIES:{}",
            escape_text(&d.kind.as_str().to_uppercase())
        ),
    );
    out.push_str("END:VEVENT\r\n");
}

pub fn write(
    store: &Store,
    request: &Request,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(),
) -> Result<u64> {
    let head = format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//kariz//kariz {}//EN\r\nCALSCALE:GREGORIAN\r\n",
        env!("CARGO_PKG_VERSION")
    );
    out.write_all(head.as_bytes()).map_err(io_error)?;
    let mut written = 0;
    let mut text = String::new();
    for &entity in &request.entities {
        for_each_id(store, entity, &request.filter, |id| {
            text.clear();
            match entity {
                Entity::Task => task(&mut text, &store.task(id)?, &request.clock),
                _ => {
                    let activity = store.activity(id)?;
                    if is_event(activity.data.kind) {
                        event(&mut text, &activity);
                    }
                }
            }
            if !text.is_empty() {
                out.write_all(text.as_bytes()).map_err(io_error)?;
                written += 1;
            }
            progress();
            Ok(())
        })?;
    }
    out.write_all(b"END:VCALENDAR\r\n").map_err(io_error)?;
    Ok(written)
}
