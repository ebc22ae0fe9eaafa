//! Reports on a small hand-built data set; every expected figure is worked
//! out by hand in the comments (definitions: docs/reports.md).
//!
//! Calendar: Jalali. Period: Azar 1405 = 2026-11-22 … 2026-12-21 (local).
//! Clock: 2026-12-15 10:00 +03:30. Report currency: IRR.
//! Rates: USD→IRR 1,000,000 from 2026-11-01 and 1,100,000 from 2026-12-10;
//! none for AED or EUR.
//!
//! Deals (times UTC; all at 08:00 unless said, which is the same local day):
//! - D1 "skips" (sara, P1 web, 1,000.00 USD): Lead 11-23 → Proposal 11-25 → Won 12-01.
//! - D2 "backwards" (sara, P2 referral, 500,000,000 IRR): Proposal 11-24 →
//!   Qualified 11-26 → Proposal 11-28 → Lost 12-05 ("price").
//! - D3 "reopened" (omid, P1 web, 2,000.00 USD): Lead 11-01 → Lost 11-10
//!   ("timing") → Lead 11-25 → Negotiation 11-30 → Won 12-21 20:00Z
//!   (23:30 local, the last evening of Azar: inside).
//! - D4 "no rate" (omid, no person, 300.00 AED): Qualified 11-27 → Won
//!   12-21 21:00Z (00:30 local on 1 Dey: outside).
//! - D5 open (sara, P2, 400.00 USD, Negotiation 75 %), expected 12-10 (passed).
//! - D6 open (sara, no person, 100.00 EUR, Lead, own probability 40 %),
//!   expected 2027-01-05 (Dey 1405).
//!
//! People: P1 (web) created 11-20, P2 (referral) 11-30, P3 (no source) 12-01.
//! Owner "nima" has a goal and no deals.

use super::TempDb;
use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use kariz::config::{Calendar, Config};
use kariz::model::exchange::{Rate, RateValue};
use kariz::model::{ActivityData, ActivityKind, DealData, PersonData, TaskData};
use kariz::reports::{self, Period, Scope};
use kariz::store::{DealRows, GoalMetric, ReportFilter, Store};

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn config() -> Config {
    let mut c = Config::default_config();
    c.display.calendar = Calendar::Jalali;
    c.money.report_currency = "IRR".into();
    c
}

fn deal(
    title: &str,
    stage: &str,
    minor: i64,
    cur: &str,
    owner: &str,
    person: Option<i64>,
) -> DealData {
    DealData {
        title: title.into(),
        pipeline: "sales".into(),
        stage: stage.into(),
        value_minor: minor,
        currency: cur.into(),
        owner: Some(owner.into()),
        person_id: person,
        ..DealData::default()
    }
}

fn build(store: &mut Store) {
    let person = |name: &str, source: Option<&str>| PersonData {
        name: name.into(),
        lead_source: source.map(str::to_string),
        ..PersonData::default()
    };
    let p1 = store
        .write(at("2026-11-20T08:00:00Z"), |w| {
            w.add_person(person("P1", Some("web")))
        })
        .unwrap();
    let p2 = store
        .write(at("2026-11-30T08:00:00Z"), |w| {
            w.add_person(person("P2", Some("referral")))
        })
        .unwrap();
    store
        .write(at("2026-12-01T08:00:00Z"), |w| {
            w.add_person(person("P3", None))
        })
        .unwrap();
    let add =
        |store: &mut Store, t: &str, d: DealData| store.write(at(t), |w| w.add_deal(d)).unwrap();
    let mv = |store: &mut Store, t: &str, id: i64, stage: &str, reason: Option<&str>| {
        store
            .write(at(t), |w| {
                w.move_deal(id, None, stage, reason.map(str::to_string))
            })
            .unwrap()
    };
    let d1 = add(
        store,
        "2026-11-23T08:00:00Z",
        deal("D1", "Lead", 100_000, "USD", "sara", Some(p1)),
    );
    mv(store, "2026-11-25T08:00:00Z", d1, "Proposal", None);
    mv(store, "2026-12-01T08:00:00Z", d1, "Won", None);

    let d2 = add(
        store,
        "2026-11-24T08:00:00Z",
        deal("D2", "Proposal", 500_000_000, "IRR", "sara", Some(p2)),
    );
    mv(store, "2026-11-26T08:00:00Z", d2, "Qualified", None);
    mv(store, "2026-11-28T08:00:00Z", d2, "Proposal", None);
    mv(store, "2026-12-05T08:00:00Z", d2, "Lost", Some("price"));

    let d3 = add(
        store,
        "2026-11-01T08:00:00Z",
        deal("D3", "Lead", 200_000, "USD", "omid", Some(p1)),
    );
    mv(store, "2026-11-10T08:00:00Z", d3, "Lost", Some("timing"));
    mv(store, "2026-11-25T08:00:00Z", d3, "Lead", None);
    mv(store, "2026-11-30T08:00:00Z", d3, "Negotiation", None);
    mv(store, "2026-12-21T20:00:00Z", d3, "Won", None);

    let d4 = add(
        store,
        "2026-11-27T08:00:00Z",
        deal("D4", "Qualified", 30_000, "AED", "omid", None),
    );
    mv(store, "2026-12-21T21:00:00Z", d4, "Won", None);

    let mut d = deal("D5", "Negotiation", 40_000, "USD", "sara", Some(p2));
    d.expected_close = Some(day("2026-12-10"));
    add(store, "2026-12-02T08:00:00Z", d);
    let mut d = deal("D6", "Lead", 10_000, "EUR", "sara", None);
    d.expected_close = Some(day("2027-01-05"));
    d.probability = Some(40);
    add(store, "2026-12-03T08:00:00Z", d);

    // Rates, goals, activities and tasks.
    let rate = |from: &str, to: &str, d: &str, r: &str| Rate {
        from: from.into(),
        to: to.into(),
        day: day(d),
        rate: RateValue::parse(r).unwrap(),
    };
    store
        .write(at("2026-12-15T06:30:00Z"), |w| {
            w.set_rate(&rate("USD", "IRR", "2026-11-01", "1000000"))?;
            w.set_rate(&rate("USD", "IRR", "2026-12-10", "1,100,000"))?;
            w.set_goal(
                "sara",
                GoalMetric::WonValue,
                "month",
                1_000_000_000,
                Some("IRR"),
            )?;
            w.set_goal("nima", GoalMetric::DealsWon, "month", 2, None)?;
            let act = |kind, when: &str, author: &str| ActivityData {
                kind,
                subject: "x".into(),
                body: None,
                occurred_at: at(when),
                author: author.into(),
                person_id: Some(p1),
                company_id: None,
                deal_id: None,
            };
            // 00:30 local on 1 Azar (a Sunday): inside, week of Mon 11-16.
            w.add_activity(act(
                ActivityKind::OutgoingCall,
                "2026-11-21T21:00:00Z",
                "sara",
            ))?;
            w.add_activity(act(ActivityKind::Note, "2026-12-01T08:00:00Z", "sara"))?;
            // 00:30 local on 1 Dey: outside.
            w.add_activity(act(ActivityKind::Email, "2026-12-21T21:00:00Z", "omid"))?;
            Ok(())
        })
        .unwrap();
    let task = |title: &str, due: &str, owner: &str| TaskData {
        title: title.into(),
        due_date: Some(day(due)),
        owner: Some(owner.into()),
        ..TaskData::default()
    };
    let t1 = store
        .write(at("2026-11-22T08:00:00Z"), |w| {
            w.add_task(task("on time", "2026-12-01", "sara"))
        })
        .unwrap();
    let t2 = store
        .write(at("2026-11-22T08:00:00Z"), |w| {
            w.add_task(task("late", "2026-11-25", "sara"))
        })
        .unwrap();
    store
        .write(at("2026-11-22T08:00:00Z"), |w| {
            w.add_task(task("overdue", "2026-12-10", "omid"))
        })
        .unwrap();
    store
        .write(at("2026-12-01T08:00:00Z"), |w| w.complete_task(t1, None))
        .unwrap();
    store
        .write(at("2026-11-28T08:00:00Z"), |w| w.complete_task(t2, None))
        .unwrap();
}

fn now() -> DateTime<FixedOffset> {
    FixedOffset::east_opt(12_600)
        .unwrap()
        .with_ymd_and_hms(2026, 12, 15, 10, 0, 0)
        .unwrap()
}

fn setup() -> (TempDb, Store) {
    let db = TempDb::new();
    let mut store = db.open_with(config(), "tester");
    build(&mut store);
    (db, store)
}

fn scope(store: &Store, filter: ReportFilter) -> Scope {
    let period = Period::month_of(day("2026-12-15"), Calendar::Jalali);
    assert_eq!(
        (period.from, period.to),
        (day("2026-11-22"), day("2026-12-21"))
    );
    Scope::new(store, &config(), period, filter, now()).unwrap()
}

fn ratio(r: reports::Ratio) -> Option<f64> {
    r.0
}

#[test]
fn funnel_counts_entries_and_advances_from_the_history() {
    let (_db, store) = setup();
    let f = reports::funnel::run(&store, &scope(&store, ReportFilter::default())).unwrap();
    let rows: Vec<(&str, i64, i64, Option<f64>)> = f
        .stages
        .iter()
        .map(|s| (s.stage.as_str(), s.entered, s.advanced, ratio(s.conversion)))
        .collect();
    assert_eq!(
        rows,
        vec![
            // D1 (advanced: Proposal), D3 re-entered 11-25 (advanced:
            // Negotiation), D6 (not yet).
            ("Lead", 3, 2, Some(0.6667)),
            // D2 (→ Proposal), D4 (→ Won, even though won after the period).
            ("Qualified", 2, 2, Some(1.0)),
            // D1 (→ Won), D2 (back to Qualified, then Proposal, then Lost:
            // never later than Proposal).
            ("Proposal", 2, 1, Some(0.5)),
            // D3 (→ Won), D5 (open).
            ("Negotiation", 2, 1, Some(0.5)),
        ]
    );
    // Created in Azar: D1, D2, D4, D5, D6; won now: D1, D4.
    assert_eq!((f.created, f.won, ratio(f.lead_to_won)), (5, 2, Some(0.4)));
}

#[test]
fn winrate_counts_deals_closed_in_the_period_by_local_day() {
    let (_db, store) = setup();
    let w = reports::winrate::run(&store, &scope(&store, ReportFilter::default())).unwrap();
    // D1, D3 won (D3 at 23:30 local on the month's last day); D2 lost; D4
    // won at 00:30 local the next month: not counted.
    assert_eq!((w.won, w.lost, ratio(w.win_rate)), (2, 1, Some(0.6667)));
    let owners: Vec<(&str, i64, i64)> = w
        .by_owner
        .iter()
        .map(|r| (r.name.as_str(), r.won, r.lost))
        .collect();
    // nima owns no deal: no row.
    assert_eq!(owners, vec![("omid", 1, 0), ("sara", 1, 1)]);
    let sources: Vec<(&str, i64, i64, Option<f64>)> = w
        .by_source
        .iter()
        .map(|r| (r.name.as_str(), r.won, r.lost, ratio(r.win_rate)))
        .collect();
    assert_eq!(
        sources,
        vec![("referral", 0, 1, Some(0.0)), ("web", 2, 0, Some(1.0))]
    );
}

#[test]
fn an_owner_with_no_deals_gets_zeros_and_null_ratios() {
    let (_db, store) = setup();
    let filter = ReportFilter {
        owner: Some("nima".into()),
        ..ReportFilter::default()
    };
    let s = scope(&store, filter);
    let w = reports::winrate::run(&store, &s).unwrap();
    assert_eq!((w.won, w.lost, w.win_rate.0), (0, 0, None));
    let f = reports::funnel::run(&store, &s).unwrap();
    assert!(
        f.stages
            .iter()
            .all(|st| st.entered == 0 && st.conversion.0.is_none())
    );
    let d = reports::dashboard::run(&store, &s).unwrap();
    assert_eq!(d.goals.len(), 1);
    let g = &d.goals[0];
    assert_eq!(
        (g.owner.as_str(), g.target, g.actual, g.progress.0),
        ("nima", 2, 0, Some(0.0))
    );
}

#[test]
fn cycle_sums_each_stay_per_stage() {
    let (_db, store) = setup();
    let c = reports::cycle::run(&store, &scope(&store, ReportFilter::default())).unwrap();
    // D1: 8.0 days; D3: 11-01 08:00 → 12-21 20:00 = 50.5 days.
    // Median of two = mean = 29.25 → 29.3 (rounded half away).
    assert_eq!(
        (c.deals, c.median_days, c.mean_days),
        (2, Some(29.3), Some(29.3))
    );
    let stages: Vec<(&str, i64, Option<f64>)> = c
        .stages
        .iter()
        .map(|s| (s.stage.as_str(), s.deals, s.median_days))
        .collect();
    assert_eq!(
        stages,
        vec![
            // D1 2 days; D3 9 + 5 = 14 days (two stays). Median 8.
            ("Lead", 2, Some(8.0)),
            // D1 only (skipped by D3).
            ("Proposal", 1, Some(6.0)),
            // D3: 11-30 08:00 → 12-21 20:00.
            ("Negotiation", 1, Some(21.5)),
            // D3 sat in Lost 15 days before it was reopened.
            ("Lost", 1, Some(15.0)),
        ]
    );
}

#[test]
fn revenue_converts_at_the_close_date_and_names_missing_rates() {
    let (_db, store) = setup();
    let r = reports::revenue::run(&store, &scope(&store, ReportFilter::default())).unwrap();
    // D1 1,000 USD at 1,000,000 (12-01) + D3 2,000 USD at 1,100,000 (12-21).
    assert_eq!(r.count, 2);
    assert_eq!(r.months.len(), 1);
    assert_eq!(r.months[0].month, "1405-09");
    assert_eq!(r.value.converted.minor, 3_200_000_000);
    assert_eq!(r.value.converted.currency, "IRR");
    assert!(r.value.missing_rates.is_empty());
    // Azar and Dey together take in D4 (AED, no rate): named, not zero.
    let mut s = scope(&store, ReportFilter::default());
    s.period = Period::new(day("2026-11-22"), day("2027-01-20")).unwrap();
    let r = reports::revenue::run(&store, &s).unwrap();
    let months: Vec<(&str, i64)> = r
        .months
        .iter()
        .map(|m| (m.month.as_str(), m.count))
        .collect();
    assert_eq!(months, vec![("1405-09", 2), ("1405-10", 1)]);
    assert_eq!(r.months[1].value.missing_rates, vec!["AED".to_string()]);
    assert_eq!(r.months[1].value.converted.minor, 0);
    assert_eq!(r.months[1].value.by_currency[0].minor, 30_000);
    assert_eq!(r.value.converted.minor, 3_200_000_000);
    assert_eq!(r.value.missing_rates, vec!["AED".to_string()]);
}

#[test]
fn forecast_buckets_open_deals_by_jalali_month_with_overdue_first() {
    let (_db, store) = setup();
    let f = reports::forecast::run(&store, &scope(&store, ReportFilter::default())).unwrap();
    let months: Vec<(&str, i64)> = f
        .months
        .iter()
        .map(|m| (m.month.as_str(), m.count))
        .collect();
    // D5 expected 12-10, before today (12-15); D6 on 2027-01-05 = 15 Dey 1405.
    assert_eq!(months, vec![("overdue", 1), ("1405-10", 1)]);
    // D5: 400 USD × 75 % (its stage) = 300 USD; latest rate 1,100,000.
    assert_eq!(f.months[0].value.converted.minor, 440_000_000);
    assert_eq!(f.months[0].weighted.converted.minor, 330_000_000);
    assert_eq!(f.months[0].weighted.by_currency[0].minor, 30_000);
    // D6: 100 EUR × its own 40 % = 40 EUR; no EUR rate.
    assert_eq!(f.months[1].weighted.by_currency[0].minor, 4_000);
    assert_eq!(f.months[1].weighted.missing_rates, vec!["EUR".to_string()]);
    assert_eq!(f.count, 2);
    assert_eq!(f.weighted.converted.minor, 330_000_000);
    assert_eq!(f.weighted.missing_rates, vec!["EUR".to_string()]);
}

#[test]
fn lost_groups_by_stored_reason() {
    let (_db, store) = setup();
    let l = reports::lost::run(&store, &scope(&store, ReportFilter::default())).unwrap();
    // D3's "timing" loss was undone by reopening it; only D2 counts.
    assert_eq!(l.count, 1);
    assert_eq!(l.reasons.len(), 1);
    assert_eq!(
        (l.reasons[0].reason.as_str(), l.reasons[0].count),
        ("price", 1)
    );
    assert_eq!(l.value.converted.minor, 500_000_000);
}

#[test]
fn lost_reasons_outside_a_configured_list_are_other() {
    let (_db, store) = setup();
    let s = scope(&store, ReportFilter::default());
    let deals = store
        .report_deals(&ReportFilter::default(), DealRows::All)
        .unwrap();
    let list = vec!["budget".to_string()];
    let l = reports::lost::compute(&deals, |_| Some(list.as_slice()), &s);
    assert_eq!(l.reasons[0].reason, "other");
}

#[test]
fn sources_count_people_deals_and_wins() {
    let (_db, store) = setup();
    let s = reports::sources::run(&store, &scope(&store, ReportFilter::default())).unwrap();
    #[allow(clippy::type_complexity)]
    let rows: Vec<(&str, i64, i64, i64, i64, i64, Option<f64>)> = s
        .sources
        .iter()
        .map(|r| {
            (
                r.source.as_str(),
                r.people,
                r.deals,
                r.won,
                r.lost,
                r.won_value.converted.minor,
                r.win_rate.0,
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            // P3; D4 and D6 have no person; D4 won after the period.
            ("(none)", 1, 2, 0, 0, 0, None),
            // P2; D2 and D5 created in Azar; D2 lost.
            ("referral", 1, 2, 0, 1, 0, Some(0.0)),
            // P1 created before Azar; D1 created in it (D3 before); D1, D3 won.
            ("web", 0, 1, 2, 0, 3_200_000_000, Some(1.0)),
        ]
    );
}

#[test]
fn activity_per_owner_and_week_with_tasks() {
    let (_db, store) = setup();
    let a = reports::activity::run(&store, &scope(&store, ReportFilter::default())).unwrap();
    let rows: Vec<(&str, NaiveDate, i64, i64, i64, i64)> = a
        .weeks
        .iter()
        .map(|w| {
            (
                w.owner.as_str(),
                w.week,
                w.calls_out,
                w.notes,
                w.tasks_on_time,
                w.tasks_late,
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            // The call at 00:30 local on 1 Azar (Sunday) → week of Monday 11-16.
            ("sara", day("2026-11-16"), 1, 0, 0, 0),
            // Task "late" done 11-28, due 11-25.
            ("sara", day("2026-11-23"), 0, 0, 0, 1),
            // The note and task "on time" on 12-01.
            ("sara", day("2026-11-30"), 0, 1, 1, 0),
        ]
    );
    // omid's e-mail fell on 1 Dey local: outside. His task due 12-10 is open.
    assert_eq!(a.overdue.len(), 1);
    assert_eq!(
        (a.overdue[0].owner.as_str(), a.overdue[0].tasks_overdue),
        ("omid", 1)
    );
}

#[test]
fn dashboard_compares_with_the_previous_jalali_month() {
    let (_db, store) = setup();
    let d = reports::dashboard::run(&store, &scope(&store, ReportFilter::default())).unwrap();
    let c = &d.current;
    assert_eq!(c.won_value.converted.minor, 3_200_000_000);
    assert_eq!((c.won, c.lost, c.new_people, c.new_deals), (2, 1, 2, 5));
    // Aban 1405: 2026-10-23 … 11-21: P1 and D3 were created then; D3's
    // loss there was undone (it is won now), so nothing closed.
    let p = &d.previous;
    assert_eq!(
        (p.period.from, p.period.to),
        (day("2026-10-23"), day("2026-11-21"))
    );
    assert_eq!(
        (p.won, p.lost, p.win_rate.0, p.new_people, p.new_deals),
        (0, 0, None, 1, 1)
    );
    assert_eq!(d.open_weighted.converted.minor, 330_000_000);
    assert_eq!(d.open_weighted.missing_rates, vec!["EUR".to_string()]);
    assert_eq!(d.overdue_tasks, 1);
    let goals: Vec<(&str, i64, Option<f64>)> = d
        .goals
        .iter()
        .map(|g| (g.owner.as_str(), g.actual, g.progress.0))
        .collect();
    // sara: D1 1,000 USD at 1,000,000 = 1,000,000,000 IRR of 1,000,000,000.
    assert_eq!(
        goals,
        vec![("nima", 0, Some(0.0)), ("sara", 1_000_000_000, Some(1.0))]
    );
}
