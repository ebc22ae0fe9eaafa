use super::*;
use chrono::Duration;
use kariz::Error;
use kariz::model::DealStatus;

#[test]
fn moves_build_the_stage_history_and_status() {
    let db = TempDb::new();
    let mut s = db.open("omar");
    let id = s.write(now(), |w| w.add_deal(deal("Panels", ""))).unwrap();
    assert_eq!(
        s.deal(id).unwrap().data.stage,
        "Lead",
        "first open stage by default"
    );
    let later = now() + Duration::days(3);
    s.write(later, |w| w.move_deal(id, None, "qualified", None))
        .unwrap();
    s.write(later + Duration::days(2), |w| w.win_deal(id, None))
        .unwrap();

    let d = s.deal(id).unwrap();
    assert_eq!(d.data.stage, "Won");
    assert_eq!(d.status, DealStatus::Won);
    assert_eq!(d.closed_at, Some(later + Duration::days(2)));
    assert_eq!(d.stage_entered_at, later + Duration::days(2));
    let history: Vec<(Option<String>, String)> = s
        .stage_history(id)
        .unwrap()
        .into_iter()
        .map(|m| (m.from_stage, m.to_stage))
        .collect();
    assert_eq!(
        history,
        vec![
            (None, "Lead".to_string()),
            (Some("Lead".into()), "Qualified".into()),
            (Some("Qualified".into()), "Won".into()),
        ]
    );
}

#[test]
fn losing_needs_a_reason_and_reopening_clears_it() {
    let db = TempDb::new();
    let mut s = db.open("omar");
    let id = s
        .write(now(), |w| w.add_deal(deal("Panels", "Proposal")))
        .unwrap();
    let err = s
        .write(now(), |w| w.move_deal(id, None, "Lost", None))
        .unwrap_err();
    assert!(err.to_string().contains("reason"), "{err}");
    s.write(now(), |w| w.lose_deal(id, None, "Price too high"))
        .unwrap();
    let d = s.deal(id).unwrap();
    assert_eq!(
        (d.status, d.data.lost_reason.as_deref()),
        (DealStatus::Lost, Some("Price too high"))
    );
    s.write(now(), |w| w.move_deal(id, None, "Negotiation", None))
        .unwrap();
    let d = s.deal(id).unwrap();
    assert_eq!(
        (d.status, d.data.lost_reason, d.closed_at),
        (DealStatus::Open, None, None)
    );
}

#[test]
fn unknown_stage_pipeline_and_currency_are_rejected_with_the_choices() {
    let db = TempDb::new();
    let mut s = db.open("omar");
    let err = s
        .write(now(), |w| w.add_deal(deal("X", "Quote")))
        .unwrap_err();
    assert!(
        err.to_string().contains("Lead, Qualified, Proposal"),
        "{err}"
    );
    let mut d = deal("X", "Lead");
    d.pipeline = "support".into();
    let err = s.write(now(), |w| w.add_deal(d)).unwrap_err();
    assert!(err.to_string().contains("pipelines: sales"), "{err}");
    let mut d = deal("X", "Lead");
    d.currency = "JPY".into();
    let err = s.write(now(), |w| w.add_deal(d)).unwrap_err();
    assert!(matches!(err, Error::Invalid(_)));
    assert!(err.to_string().contains("USD, IRR, AED, EUR"), "{err}");
}

#[test]
fn moving_to_the_same_stage_is_refused() {
    let db = TempDb::new();
    let mut s = db.open("omar");
    let id = s
        .write(now(), |w| w.add_deal(deal("Panels", "Lead")))
        .unwrap();
    let err = s
        .write(now(), |w| w.move_deal(id, None, "lead", None))
        .unwrap_err();
    assert!(err.to_string().contains("already in stage"), "{err}");
    assert_eq!(s.stage_history(id).unwrap().len(), 1);
}
