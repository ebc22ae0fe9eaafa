use super::*;
use kariz::store::Remap;

#[test]
fn a_renamed_stage_is_reported_and_remapped_explicitly() {
    let db = TempDb::new();
    let mut s = db.open("sara");
    let id = s
        .write(now(), |w| w.add_deal(deal("Pumps", "Proposal")))
        .unwrap();
    drop(s);

    let renamed = kariz::config::DEFAULT_TOML.replace("name = \"Proposal\"", "name = \"Quote\"");
    let config = Config::parse(&renamed, "renamed.toml").unwrap();
    let mut s = db.open_with(config, "sara");
    let orphans = s.orphaned_deals().unwrap();
    assert_eq!(orphans.len(), 1);
    assert_eq!((orphans[0].id, orphans[0].stage.as_str()), (id, "Proposal"));
    let err = s.check_stages().unwrap_err().to_string();
    assert!(err.contains(&format!("deal {id}")), "{err}");
    assert!(err.contains("kariz stage remap"), "{err}");

    let moved = s
        .write(now(), |w| {
            w.remap_stage(&Remap {
                from_pipeline: "sales".into(),
                from_stage: "Proposal".into(),
                to_pipeline: "sales".into(),
                to_stage: "Quote".into(),
            })
        })
        .unwrap();
    assert_eq!(moved, 1);
    assert!(s.check_stages().is_ok());
    let d = s.deal(id).unwrap();
    assert_eq!(d.data.stage, "Quote");
    let last = s.stage_history(id).unwrap().pop().unwrap();
    assert_eq!(
        (last.from_stage.as_deref(), last.to_stage.as_str()),
        (Some("Proposal"), "Quote")
    );
}

#[test]
fn a_remap_only_renames_and_refuses_to_change_a_deals_status() {
    let db = TempDb::new();
    let mut s = db.open("sara");
    let id = s
        .write(now(), |w| w.add_deal(deal("Pumps", "Proposal")))
        .unwrap();
    let remap = |to: &str| Remap {
        from_pipeline: "sales".into(),
        from_stage: "Proposal".into(),
        to_pipeline: "sales".into(),
        to_stage: to.into(),
    };
    let err = s
        .write(now(), |w| w.remap_stage(&remap("Lost")))
        .unwrap_err();
    assert!(err.to_string().contains(&format!("#{id} (open)")), "{err}");
    assert_eq!(s.deal(id).unwrap().data.stage, "Proposal");
}

#[test]
fn a_renamed_pipeline_is_remapped_with_to_pipeline() {
    let db = TempDb::new();
    let mut s = db.open("sara");
    let id = s
        .write(now(), |w| w.add_deal(deal("Pumps", "Lead")))
        .unwrap();
    drop(s);
    let renamed = kariz::config::DEFAULT_TOML.replace("name = \"sales\"", "name = \"b2b\"");
    let mut s = db.open_with(Config::parse(&renamed, "renamed.toml").unwrap(), "sara");
    let err = s.check_stages().unwrap_err().to_string();
    assert!(err.contains("--to-pipeline"), "{err}");
    s.write(now(), |w| {
        w.remap_stage(&Remap {
            from_pipeline: "sales".into(),
            from_stage: "Lead".into(),
            to_pipeline: "b2b".into(),
            to_stage: "Lead".into(),
        })
    })
    .unwrap();
    assert!(s.check_stages().is_ok());
    assert_eq!(s.deal(id).unwrap().data.pipeline, "b2b");
}
