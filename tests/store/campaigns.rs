//! Campaigns: the records, attribution of people, deals and messages, the
//! delete rule, and the campaigns report on a hand-built data set with
//! every figure worked out by hand in the comments (docs/reports.md).
//!
//! Period: March 2026 (Gregorian), clock UTC. Report currency: IRR.
//! Rate: USD→IRR 1,000,000 from 2026-02-01; none for AED.
//!
//! Campaigns:
//! - C1 "Fair" (exhibition, 2,000.00 USD, 03-01…03-04).
//! - C2 "SMS run" (sms, 50,000,000 IRR, from 03-10, no end).
//! - C3 "Dubai ad" (ad, 1,000.00 AED, 03-05…03-06): no AED rate.
//! - C4 "Old" (other, 0 USD, January): nothing in March, not listed.
//!
//! People: P1, P2, P3 of C1 created 03-02, 03-03, 03-20; P4 of C1 created
//! 02-25 (before the period); P5 of C2 created 03-12.
//! Messages for C2: P5 sent, P1 sent twice, P2 failed → reached 2.
//! Deals: D1 C1 1,000.00 USD created 03-02 won 03-10; D2 C1 500,000,000 IRR
//! created 03-03 won 03-15; D3 C1 300.00 USD created 03-04 open; D4 C2
//! 100,000,000 IRR created 03-12 lost 03-20; D5 C3 200.00 AED created
//! 03-05 won 03-06.

use super::TempDb;
use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use kariz::config::Config;
use kariz::error::Error;
use kariz::model::exchange::{Rate, RateValue};
use kariz::model::{
    CampaignChannel, CampaignData, Channel, DealData, Entity, LoggedKind, MessageData,
    MessageStatus, PersonData,
};
use kariz::reports::campaigns::{self, CampaignRow};
use kariz::reports::{Period, Scope};
use kariz::store::{ChangeFilter, ReportFilter, Store};

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(&format!("2026-{s}T08:00:00Z"))
        .unwrap()
        .with_timezone(&Utc)
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(&format!("2026-{s}"), "%Y-%m-%d").unwrap()
}

fn config() -> Config {
    let mut c = Config::default_config();
    c.money.report_currency = "IRR".into();
    c
}

fn campaign(name: &str, channel: CampaignChannel, cost: i64, cur: &str) -> CampaignData {
    CampaignData {
        name: name.into(),
        channel,
        cost_minor: cost,
        currency: cur.into(),
        starts_on: None,
        ends_on: None,
        segment: None,
        notes: None,
    }
}

fn person(name: &str, campaign: Option<i64>) -> PersonData {
    PersonData {
        name: name.into(),
        campaign_id: campaign,
        ..PersonData::default()
    }
}

fn deal(title: &str, minor: i64, cur: &str, campaign: i64) -> DealData {
    DealData {
        title: title.into(),
        pipeline: "sales".into(),
        stage: "Lead".into(),
        value_minor: minor,
        currency: cur.into(),
        campaign_id: Some(campaign),
        ..DealData::default()
    }
}

fn message(person_id: i64, campaign: &str, status: MessageStatus, when: &str) -> MessageData {
    MessageData {
        person_id,
        channel: Channel::Sms,
        template: "offer".into(),
        recipient: "+989121234567".into(),
        subject: None,
        body: "hello".into(),
        status,
        reason: None,
        attempts: 1,
        campaign: Some(campaign.into()),
        activity_id: None,
        sent_at: at(when),
    }
}

struct Built {
    c1: i64,
    p1: i64,
}

fn build(store: &mut Store) -> Built {
    let w =
        |store: &mut Store,
         when: &str,
         f: &mut dyn FnMut(&mut kariz::store::Writer<'_>) -> kariz::error::Result<i64>| {
            store.write(at(when), |w| f(w)).unwrap()
        };
    let mut c = campaign("Fair", CampaignChannel::Exhibition, 200_000, "USD");
    c.starts_on = Some(day("03-01"));
    c.ends_on = Some(day("03-04"));
    let c1 = w(store, "02-20", &mut |w| w.add_campaign(c.clone()));
    let mut c = campaign("SMS run", CampaignChannel::Sms, 50_000_000, "IRR");
    c.starts_on = Some(day("03-10"));
    let c2 = w(store, "02-20", &mut |w| w.add_campaign(c.clone()));
    let mut c = campaign("Dubai ad", CampaignChannel::Ad, 100_000, "AED");
    c.starts_on = Some(day("03-05"));
    c.ends_on = Some(day("03-06"));
    let c3 = w(store, "02-20", &mut |w| w.add_campaign(c.clone()));
    let mut c = campaign("Old", CampaignChannel::Other, 0, "USD");
    c.starts_on = Some(day("01-01"));
    c.ends_on = Some(day("01-31"));
    w(store, "02-20", &mut |w| w.add_campaign(c.clone()));
    store
        .write(at("02-20"), |w| {
            w.set_rate(&Rate {
                from: "USD".into(),
                to: "IRR".into(),
                day: day("02-01"),
                rate: RateValue::parse("1000000").unwrap(),
            })
        })
        .unwrap();

    let p1 = w(store, "03-02", &mut |w| {
        w.add_person(person("P1", Some(c1)))
    });
    let p2 = w(store, "03-03", &mut |w| {
        w.add_person(person("P2", Some(c1)))
    });
    w(store, "03-20", &mut |w| {
        w.add_person(person("P3", Some(c1)))
    });
    w(store, "02-25", &mut |w| {
        w.add_person(person("P4", Some(c1)))
    });
    let p5 = w(store, "03-12", &mut |w| {
        w.add_person(person("P5", Some(c2)))
    });
    // By name, ignoring case: the message names the record.
    for (p, status, when) in [
        (p5, MessageStatus::Sent, "03-12"),
        (p1, MessageStatus::Sent, "03-12"),
        (p1, MessageStatus::Sent, "03-13"),
        (p2, MessageStatus::Failed, "03-13"),
    ] {
        w(store, when, &mut |w| {
            w.add_message(&message(p, "sms RUN", status, when))
        });
    }

    let d1 = w(store, "03-02", &mut |w| {
        w.add_deal(deal("D1", 100_000, "USD", c1))
    });
    let d2 = w(store, "03-03", &mut |w| {
        w.add_deal(deal("D2", 500_000_000, "IRR", c1))
    });
    w(store, "03-04", &mut |w| {
        w.add_deal(deal("D3", 30_000, "USD", c1))
    });
    let d4 = w(store, "03-12", &mut |w| {
        w.add_deal(deal("D4", 100_000_000, "IRR", c2))
    });
    let d5 = w(store, "03-05", &mut |w| {
        w.add_deal(deal("D5", 20_000, "AED", c3))
    });
    let mv = |store: &mut Store, when: &str, id: i64, stage: &str, reason: Option<&str>| {
        store
            .write(at(when), |w| {
                w.move_deal(id, None, stage, reason.map(str::to_string))
            })
            .unwrap();
    };
    mv(store, "03-10", d1, "Won", None);
    mv(store, "03-15", d2, "Won", None);
    mv(store, "03-20", d4, "Lost", Some("price"));
    mv(store, "03-06", d5, "Won", None);
    Built { c1, p1 }
}

fn report(store: &Store) -> Vec<CampaignRow> {
    let period = Period::new(day("03-01"), day("03-31")).unwrap();
    let now = FixedOffset::east_opt(0)
        .unwrap()
        .with_ymd_and_hms(2026, 3, 31, 12, 0, 0)
        .unwrap();
    let scope = Scope::new(store, &config(), period, ReportFilter::default(), now).unwrap();
    campaigns::run(store, &scope).unwrap().campaigns
}

fn row<'a>(rows: &'a [CampaignRow], name: &str) -> &'a CampaignRow {
    rows.iter().find(|r| r.name == name).unwrap()
}

#[test]
fn the_campaigns_report_matches_the_hand_worked_figures() {
    let db = TempDb::new();
    let mut store = db.open_with(config(), "tester");
    build(&mut store);
    let rows = report(&store);
    // By name; "Old" has no figure in March and its dates are outside.
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Dubai ad", "Fair", "SMS run"]);

    let fair = row(&rows, "Fair");
    assert_eq!(
        (fair.reached, fair.leads, fair.deals, fair.won),
        (0, 3, 3, 2)
    );
    // D1 1,000 USD × 1,000,000 + D2 500,000,000 IRR.
    assert_eq!(fair.won_value.converted.minor, 1_500_000_000);
    // 2,000 USD × 1,000,000.
    assert_eq!(fair.cost.converted.minor, 2_000_000_000);
    // 2,000,000,000 / 3 = 666,666,666.67, half away from zero.
    assert_eq!(fair.cost_per_lead.as_ref().unwrap().minor, 666_666_667);
    // (1.5e9 − 2e9) / 2e9.
    assert_eq!(fair.return_ratio.0, Some(-0.25));

    let sms = row(&rows, "SMS run");
    // P5 and P1 (twice) reached; P2's message failed.
    assert_eq!((sms.reached, sms.leads, sms.deals, sms.won), (2, 1, 1, 0));
    assert_eq!(sms.won_value.converted.minor, 0);
    assert_eq!(sms.cost_per_lead.as_ref().unwrap().minor, 50_000_000);
    assert_eq!(sms.return_ratio.0, Some(-1.0));

    // No AED rate: named, never zero; no cost per lead, no return.
    let ad = row(&rows, "Dubai ad");
    assert_eq!((ad.deals, ad.won), (1, 1));
    assert_eq!(ad.won_value.missing_rates, ["AED"]);
    assert_eq!(ad.cost.missing_rates, ["AED"]);
    assert_eq!(ad.cost_per_lead, None);
    assert_eq!(ad.return_ratio.0, None);
}

#[test]
fn names_are_unique_ignoring_case_and_an_unknown_campaign_is_refused() {
    let db = TempDb::new();
    let mut store = db.open_with(config(), "tester");
    let built = build(&mut store);
    let err = store
        .write(at("03-01"), |w| {
            w.add_campaign(campaign("FAIR", CampaignChannel::Web, 0, "USD"))
        })
        .unwrap_err();
    assert!(err.to_string().contains("already exists"), "{err}");
    let err = store
        .write(at("03-01"), |w| {
            w.add_message(&message(built.p1, "nope", MessageStatus::Sent, "03-01"))
        })
        .unwrap_err();
    assert!(err.to_string().contains("no campaign"), "{err}");
    assert!(err.to_string().contains("Fair"), "{err}");
    let err = store
        .write(at("03-01"), |w| w.add_person(person("X", Some(999))))
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::NotFound {
                entity: Entity::Campaign,
                ..
            }
        ),
        "{err:?}"
    );
    // A cost in a currency the config does not use is refused.
    let err = store
        .write(at("03-01"), |w| {
            w.add_campaign(campaign("Yen", CampaignChannel::Web, 0, "JPY"))
        })
        .unwrap_err();
    assert!(err.to_string().contains("not in use"), "{err}");
}

#[test]
fn delete_is_refused_while_linked_and_unlink_logs_each_cleared_link() {
    let db = TempDb::new();
    let mut store = db.open_with(config(), "tester");
    let built = build(&mut store);
    let err = store
        .write(at("04-01"), |w| w.delete_campaign(built.c1, false))
        .unwrap_err();
    assert!(matches!(err, Error::InUse { .. }), "{err:?}");
    assert!(err.to_string().contains("4 people"), "{err}");
    assert!(err.to_string().contains("3 deals"), "{err}");
    store
        .write(at("04-01"), |w| w.delete_campaign(built.c1, true))
        .unwrap();
    assert_eq!(store.person(built.p1).unwrap().data.campaign_id, None);
    assert!(store.find_campaign("fair").unwrap().is_none());
    let history = store
        .changes(&ChangeFilter {
            entity: Some(LoggedKind::Record(Entity::Person)),
            entity_id: Some(built.p1),
            ..ChangeFilter::default()
        })
        .unwrap();
    let cleared = history
        .iter()
        .find(|c| c.field.as_deref() == Some("campaign_id"))
        .unwrap();
    assert_eq!(cleared.old.as_deref(), Some(built.c1.to_string().as_str()));
    assert_eq!(cleared.new, None);
    let logged = store
        .changes(&ChangeFilter {
            entity: Some(LoggedKind::Record(Entity::Campaign)),
            entity_id: Some(built.c1),
            ..ChangeFilter::default()
        })
        .unwrap();
    let ops: Vec<&str> = logged.iter().map(|c| c.op.as_str()).collect();
    assert_eq!(ops, ["delete", "create"]);
}

#[test]
fn an_edit_is_versioned_and_logged_field_by_field() {
    let db = TempDb::new();
    let mut store = db.open_with(config(), "tester");
    let built = build(&mut store);
    let old = store.campaign_by_id(built.c1).unwrap();
    let mut data = old.data.clone();
    data.cost_minor = 250_000;
    data.segment = Some("tag:vip".into());
    store
        .write(at("04-01"), |w| {
            w.update_campaign(built.c1, old.version, data.clone())
        })
        .unwrap();
    let err = store
        .write(at("04-01"), |w| {
            w.update_campaign(built.c1, old.version, data.clone())
        })
        .unwrap_err();
    assert!(matches!(err, Error::Conflict { .. }), "{err:?}");
    let logged = store
        .changes(&ChangeFilter {
            entity: Some(LoggedKind::Record(Entity::Campaign)),
            entity_id: Some(built.c1),
            ..ChangeFilter::default()
        })
        .unwrap();
    let mut fields: Vec<&str> = logged.iter().filter_map(|c| c.field.as_deref()).collect();
    fields.sort_unstable();
    assert_eq!(fields, ["cost_minor", "segment"]);
    // A person's campaign is a logged field too.
    let p = store.person(built.p1).unwrap();
    let mut edited = p.data.clone();
    edited.campaign_id = None;
    store
        .write(at("04-02"), |w| w.patch_person(built.p1, &p.data, &edited))
        .unwrap();
    let history = store
        .changes(&ChangeFilter {
            entity: Some(LoggedKind::Record(Entity::Person)),
            entity_id: Some(built.p1),
            ..ChangeFilter::default()
        })
        .unwrap();
    assert_eq!(history[0].field.as_deref(), Some("campaign_id"));
}
