//! Hand-worked business-time cases. Tehran is UTC+03:30 all year (Iran
//! dropped daylight saving in 2022); Berlin changes on the last Sundays of
//! March and October.

use chrono::{DateTime, NaiveDate, Utc};

use super::*;
use crate::config::Config;
use crate::model::{Case, CaseData, CaseNumber, StatusMove};
use crate::vocab::CasePriority;

const TEHRAN: &str = r#"
[support]
time_zone = "Asia/Tehran"
holidays = ["1405-09-12"]
at_risk_percent = 80
[support.hours]
sat = "08:00-16:00"
sun = "08:00-16:00"
mon = "08:00-16:00"
tue = "08:00-16:00"
wed = "08:00-16:00"
thu = "08:00-12:00"
fri = ""
[support.sla.normal]
first_response = "4h"
resolution = "16h"
[support.sla.high]
first_response = "2h"
resolution = "8h"
"#;

fn config(text: &str) -> Config {
    Config::parse(text, "test").unwrap()
}

/// Tehran local time on a December 2026 day.
fn tehran(day: u32, h: u32, m: u32) -> DateTime<Utc> {
    let local = NaiveDate::from_ymd_opt(2026, 12, day)
        .and_then(|d| d.and_hms_opt(h, m, 0))
        .unwrap();
    crate::calendar::zone::Zone::named("Asia/Tehran")
        .unwrap()
        .instant(local)
        .unwrap()
}

fn utc(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn moves(steps: &[(&str, DateTime<Utc>)]) -> Vec<StatusMove> {
    steps
        .iter()
        .map(|(status, at)| StatusMove {
            from_status: None,
            to_status: (*status).to_string(),
            at: *at,
            actor: "sara".into(),
        })
        .collect()
}

fn case(opened: DateTime<Utc>, priority: CasePriority) -> Case {
    Case {
        id: 1,
        number: CaseNumber { year: 1405, seq: 1 },
        data: CaseData {
            subject: "Inverter beeps".into(),
            person_id: Some(1),
            priority,
            status: "new".into(),
            ..CaseData::default()
        },
        first_response_at: None,
        resolved_at: None,
        closed_at: None,
        person: None,
        company: None,
        created_at: opened,
        updated_at: opened,
        version: 1,
    }
}

#[test]
fn the_config_reads_the_jalali_holiday_as_thursday_3_december() {
    let c = config(TEHRAN);
    assert_eq!(
        c.support.holidays,
        vec![NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()]
    );
    assert_eq!(tehran(2, 16, 0), utc("2026-12-02T12:30:00Z"));
}

#[test]
fn wednesday_16_00_with_a_4_hour_target_crosses_the_holiday_and_the_weekend() {
    // Wed 2 Dec 16:00 is the end of the day. Thu 3 Dec (half day) is a
    // holiday, Fri is off: the 4 hours are Sat 08:00-12:00.
    let c = config(TEHRAN);
    let cal = BusinessCalendar::new(&c.support);
    let opened = tehran(2, 16, 0);
    assert_eq!(cal.add(opened, 4 * 3600), Some(tehran(5, 12, 0)));
    assert_eq!(cal.seconds_between(opened, tehran(5, 12, 0)), 4 * 3600);
    // Opened an hour earlier: 1 hour on Wednesday, 3 on Saturday.
    assert_eq!(cal.add(tehran(2, 15, 0), 4 * 3600), Some(tehran(5, 11, 0)));
    // Without the holiday Thursday's half day holds all 4 hours.
    let plain = config(&TEHRAN.replace("holidays = [\"1405-09-12\"]", ""));
    let cal = BusinessCalendar::new(&plain.support);
    assert_eq!(cal.add(opened, 4 * 3600), Some(tehran(3, 12, 0)));

    // Through the case: at Saturday 11:00 three of four hours are used.
    let sla = assess(
        &case(opened, CasePriority::Normal),
        &moves(&[("new", opened)]),
        &c.support,
        tehran(5, 11, 0),
    );
    assert_eq!(sla.first_response.due_at, Some(tehran(5, 12, 0)));
    assert_eq!(sla.first_response.used_seconds, 3 * 3600);
    assert_eq!(sla.first_response.state, SlaState::OnTrack);
    // 16h resolution: Sat 8h, Sun 8h.
    assert_eq!(sla.resolution.due_at, Some(tehran(6, 16, 0)));
}

#[test]
fn waiting_on_the_customer_pauses_the_clock() {
    let c = config(TEHRAN);
    let opened = tehran(5, 9, 0); // Saturday
    let history = moves(&[
        ("new", opened),
        ("waiting_on_customer", tehran(5, 10, 0)),
        ("open", tehran(6, 9, 0)),
    ]);
    let the_case = case(opened, CasePriority::Normal);
    // While paused: 1 hour used, no due time, not breached however long.
    let paused = assess(&the_case, &history[..2], &c.support, tehran(6, 15, 0));
    assert!(paused.first_response.paused);
    assert_eq!(paused.first_response.used_seconds, 3600);
    assert_eq!(paused.first_response.due_at, None);
    assert_eq!(paused.first_response.state, SlaState::OnTrack);
    // Back to open on Sunday 09:00: 3 hours left, due Sunday 12:00.
    let running = assess(&the_case, &history, &c.support, tehran(6, 10, 0));
    assert!(!running.first_response.paused);
    assert_eq!(running.first_response.used_seconds, 2 * 3600);
    assert_eq!(running.first_response.due_at, Some(tehran(6, 12, 0)));
}

#[test]
fn raising_the_priority_mid_way_shortens_the_target_from_the_opening() {
    let c = config(TEHRAN);
    let opened = tehran(5, 8, 0);
    let history = moves(&[("new", opened)]);
    let normal = assess(
        &case(opened, CasePriority::Normal),
        &history,
        &c.support,
        tehran(5, 9, 40),
    );
    assert_eq!(normal.first_response.due_at, Some(tehran(5, 12, 0)));
    assert_eq!(normal.first_response.state, SlaState::OnTrack);
    // Raised to high (2h first response) at 09:00: due 10:00; at 09:40
    // 100 of 120 minutes are used (83% >= 80%): at risk.
    let high = case(opened, CasePriority::High);
    let sla = assess(&high, &history, &c.support, tehran(5, 9, 40));
    assert_eq!(sla.first_response.due_at, Some(tehran(5, 10, 0)));
    assert_eq!(sla.first_response.state, SlaState::AtRisk);
    let late = assess(&high, &history, &c.support, tehran(5, 10, 30));
    assert_eq!(late.first_response.state, SlaState::Breached);
    assert_eq!(late.first_response.left_seconds, -1800);
    assert!(late.breached());
}

#[test]
fn a_reply_in_time_is_met_and_a_late_resolution_is_breached() {
    let c = config(TEHRAN);
    let opened = tehran(5, 8, 0);
    let mut the_case = case(opened, CasePriority::High);
    the_case.first_response_at = Some(tehran(5, 9, 0));
    the_case.resolved_at = Some(tehran(6, 9, 0)); // 9 business hours
    let history = moves(&[("new", opened), ("resolved", tehran(6, 9, 0))]);
    let sla = assess(&the_case, &history, &c.support, tehran(7, 9, 0));
    assert_eq!(sla.first_response.state, SlaState::Met);
    assert_eq!(sla.first_response.used_seconds, 3600);
    assert_eq!(sla.resolution.state, SlaState::Breached);
    assert_eq!(sla.resolution.used_seconds, 9 * 3600);
    assert_eq!(sla.resolution.due_at, Some(tehran(5, 16, 0)));
    // Done clocks are not "breached now": nothing is open.
    assert!(!sla.breached());
    assert_eq!(queue_key(&sla).0, 3);
}

fn berlin() -> Config {
    config("[support]\ntime_zone = \"Europe/Berlin\"\n")
}

#[test]
fn berlin_across_the_autumn_change() {
    // Fri 23 Oct 2026 16:00 CEST (UTC+2); clocks go back on Sun 25 Oct.
    // 8h: 1 on Friday, 7 on Monday from 09:00 CET (UTC+1): 16:00 CET.
    let c = berlin();
    let cal = BusinessCalendar::new(&c.support);
    let opened = utc("2026-10-23T14:00:00Z");
    assert_eq!(cal.add(opened, 8 * 3600), Some(utc("2026-10-26T15:00:00Z")));
    assert_eq!(
        cal.seconds_between(opened, utc("2026-10-26T15:00:00Z")),
        8 * 3600
    );
}

#[test]
fn berlin_across_the_spring_change() {
    // Fri 27 Mar 2026 16:00 CET; clocks go forward on Sun 29 Mar.
    // Monday 16:00 CEST is 14:00 UTC.
    let c = berlin();
    let cal = BusinessCalendar::new(&c.support);
    assert_eq!(
        cal.add(utc("2026-03-27T15:00:00Z"), 8 * 3600),
        Some(utc("2026-03-30T14:00:00Z"))
    );
    // A round-the-clock Sunday has 23 hours that day.
    let c = config(
        "[support]\ntime_zone = \"Europe/Berlin\"\n[support.hours]\nsun = \"00:00-24:00\"\n",
    );
    let cal = BusinessCalendar::new(&c.support);
    assert_eq!(
        cal.seconds_between(utc("2026-03-28T12:00:00Z"), utc("2026-03-30T12:00:00Z")),
        23 * 3600
    );
}

fn sla_with(left: i64, state: SlaState, paused: bool) -> CaseSla {
    let clock = Clock {
        target_minutes: 60,
        used_seconds: 3600 - left,
        left_seconds: left,
        due_at: None,
        done_at: None,
        state,
        paused,
    };
    let done = Clock {
        done_at: Some(utc("2026-12-01T00:00:00Z")),
        state: SlaState::Met,
        ..clock
    };
    CaseSla {
        first_response: done,
        resolution: clock,
    }
}

#[test]
fn the_queue_puts_breached_first_then_least_time_left_then_paused() {
    let mut items = vec![
        ("paused, little left", sla_with(60, SlaState::AtRisk, true)),
        ("running, plenty", sla_with(3000, SlaState::OnTrack, false)),
        (
            "breached a little",
            sla_with(-60, SlaState::Breached, false),
        ),
        ("running, little", sla_with(300, SlaState::AtRisk, false)),
        ("breached a lot", sla_with(-6000, SlaState::Breached, true)),
    ];
    sort_queue(&mut items, |(_, sla)| sla);
    let order: Vec<&str> = items.iter().map(|(name, _)| *name).collect();
    assert_eq!(
        order,
        [
            "breached a lot",
            "breached a little",
            "running, little",
            "running, plenty",
            "paused, little left"
        ]
    );
}

#[test]
fn config_errors_name_the_key_and_what_to_do() {
    let err = Config::parse("[support]\ntime_zone = \"Tehran\"\n", "t")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("support.time_zone") && err.contains("Asia/Tehran"),
        "{err}"
    );
    let err = Config::parse("[support.hours]\nmon = \"9-17\"\n", "t")
        .unwrap_err()
        .to_string();
    assert!(err.contains("08:00-16:00"), "{err}");
    let err = Config::parse(
        "[support.sla.normal]\nfirst_response = \"2d\"\nresolution = \"8h\"\n",
        "t",
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("support.sla.normal.first_response"), "{err}");
    let err = Config::parse(
        "[[support.statuses]]\nname = \"new\"\nnext = [\"gone\"]\n",
        "t",
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("gone"), "{err}");
}

#[test]
fn the_shipped_support_example_is_an_iranian_week() {
    let c = config(include_str!("../../config/examples/support.toml"));
    let s = &c.support;
    assert_eq!(s.time_zone.name(), "Asia/Tehran");
    assert_eq!(s.hours_of(chrono::Weekday::Thu).len(), 1);
    assert!(s.hours_of(chrono::Weekday::Fri).is_empty());
    assert_eq!(
        s.holidays.first(),
        NaiveDate::from_ymd_opt(2026, 3, 21).as_ref()
    );
    assert_eq!(
        s.category("repair")
            .unwrap()
            .display_name(crate::vocab::Language::Fa),
        "تعمیر"
    );
}
