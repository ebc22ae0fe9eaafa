//! Access control on PostgreSQL (#11): the roles kariz grants are enforced
//! by the server, so what kariz refuses a sales rep, psql refuses too.
//!
//! One database per test in the throwaway cluster (tests/support): opened
//! once by the cluster's superuser `kariz_test`, which creates the schema
//! and the access rules and grants ana and bob `rep`, mina `manager` and
//! sam `support`. Everyone else connects as their own role (`user=` in the
//! URL; the cluster trusts the socket as peer authentication would).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/pg_cluster.rs"]
mod pg_cluster;

use chrono::{TimeZone, Utc};
use kariz::Error;
use kariz::config::Config;
use kariz::model::{ActivityData, ActivityKind, DealData, PersonData, TaskData};
use kariz::store::{AccessRole, ChangeFilter, Store};
use pg_cluster::{Cluster, Database};
use std::path::Path;

#[path = "pg_roles/linked.rs"]
mod linked;
#[path = "pg_roles/upgrades.rs"]
mod upgrades;

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0)
        .single()
        .unwrap()
}

struct Team {
    cluster: &'static Cluster,
    db: Database,
}

impl Team {
    /// A new kariz database with ana and bob (rep), mina (manager) and
    /// sam (support); None when PostgreSQL tests are skipped.
    fn new() -> Option<Team> {
        let cluster = pg_cluster::cluster()?;
        let db = cluster.new_database();
        let team = Team { cluster, db };
        let mut root = team.open("kariz_test");
        for (login, role) in [
            ("ana", AccessRole::Rep),
            ("bob", AccessRole::Rep),
            ("mina", AccessRole::Manager),
            ("sam", AccessRole::Support),
        ] {
            let grant = root.grant_role(login, role).unwrap();
            assert_eq!(grant.role, role);
            assert_eq!(grant.group, format!("{}_{}", team.db.name, role.as_str()));
        }
        Some(team)
    }

    fn url_as(&self, role: &str) -> String {
        self.db
            .url
            .replace("user=kariz_test", &format!("user={role}"))
    }

    /// The store as `role` would open it; the claimed actor is a decoy,
    /// as the database role must win.
    fn open(&self, role: &str) -> Store {
        self.try_open(role).unwrap()
    }

    fn try_open(&self, role: &str) -> kariz::Result<Store> {
        Store::open(
            Path::new(&self.url_as(role)),
            Config::default_config(),
            "claimed-name",
        )
    }

    fn psql_as(&self, role: &str, sql: &str) -> Result<String, String> {
        self.cluster.psql_as(&self.db.name, role, sql)
    }

    /// Rows an UPDATE or DELETE changed, as psql run by `role` reports.
    fn rows_changed(&self, role: &str, statement: &str) -> String {
        self.psql_as(
            role,
            &format!("WITH c AS ({statement} RETURNING 1) SELECT count(*) FROM c"),
        )
        .unwrap()
        .trim()
        .to_string()
    }

    /// The real `kariz` binary run as `role`, in a home of its own (no
    /// config or data of the machine's user).
    fn kariz(&self, role: &str, args: &[&str]) -> std::process::Output {
        let (mut command, _home) = self.kariz_command(role, args);
        command.output().unwrap()
    }

    /// The command [`Team::kariz`] runs, and the home to keep until it
    /// has ended.
    fn kariz_command(
        &self,
        role: &str,
        args: &[&str],
    ) -> (std::process::Command, tempfile::TempDir) {
        let home = tempfile::tempdir().unwrap();
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_kariz"));
        command
            .arg("--db")
            .arg(self.url_as(role))
            .args(args)
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_CACHE_HOME", home.path().join("cache"))
            .env_remove("KARIZ_SYSTEM_CONFIG")
            .env_remove("KARIZ_DB")
            .env_remove("KARIZ_CONFIG");
        (command, home)
    }
}

fn person(name: &str) -> PersonData {
    PersonData {
        name: name.to_string(),
        ..PersonData::default()
    }
}

fn deal(title: &str, owner: &str, person_id: i64) -> DealData {
    DealData {
        title: title.to_string(),
        pipeline: "sales".into(),
        stage: "lead".into(),
        value_minor: 10_000,
        currency: "USD".into(),
        owner: Some(owner.to_string()),
        person_id: Some(person_id),
        ..DealData::default()
    }
}

fn denied(result: kariz::Result<impl std::fmt::Debug>) -> String {
    match result {
        Err(Error::Denied(why)) => why,
        other => panic!("expected Error::Denied, got {other:?}"),
    }
}

/// ana's person and deal (owned by ana, created by ana).
fn anas_deal(team: &Team) -> (i64, i64) {
    let mut ana = team.open("ana");
    assert_eq!(ana.actor(), "ana");
    ana.write(now(), |w| {
        let p = w.add_person(person("Dara Azadi"))?;
        let d = w.add_deal(deal("Dara's order", "ana", p))?;
        Ok((p, d))
    })
    .unwrap()
}

#[test]
fn a_rep_cannot_change_another_reps_deal_through_kariz() {
    let Some(team) = Team::new() else { return };
    let (_, id) = anas_deal(&team);
    let before = team.open("ana").deal(id).unwrap();

    let mut bob = team.open("bob");
    let why = denied(bob.write(now(), |w| w.move_deal(id, None, "qualified", None)));
    assert_eq!(
        why,
        format!(
            "only the deal's owner or a manager can change deal {id}; your role lets you change only the deals you own"
        )
    );
    let mut taken = before.data.clone();
    taken.owner = Some("bob".into());
    denied(bob.write(now(), |w| w.update_deal(id, before.version, taken)));
    denied(bob.write(now(), |w| w.delete_deal(id, None, true)));

    let after = team.open("ana").deal(id).unwrap();
    assert_eq!(after.data.stage, "Lead");
    assert_eq!(after.data.owner.as_deref(), Some("ana"));
    assert_eq!(after.version, before.version);
    assert_eq!(team.open("ana").stage_history(id).unwrap().len(), 1);

    // A manager can; the stage history and log record her.
    let mut mina = team.open("mina");
    mina.write(now(), |w| w.move_deal(id, None, "qualified", None))
        .unwrap();
    assert_eq!(team.open("ana").deal(id).unwrap().data.stage, "Qualified");
    let log = mina
        .changes(&ChangeFilter {
            entity_id: Some(id),
            limit: 1,
            ..ChangeFilter::default()
        })
        .unwrap();
    assert_eq!(log[0].actor, "mina");
}

#[test]
fn a_rep_creates_and_changes_only_their_own_deals_and_tasks() {
    let Some(team) = Team::new() else { return };
    let (p, anas) = anas_deal(&team);
    let mut bob = team.open("bob");
    let own = bob
        .write(now(), |w| w.add_deal(deal("Bob's own", "bob", p)))
        .unwrap();
    bob.write(now(), |w| w.move_deal(own, None, "qualified", None))
        .unwrap();
    let why = denied(bob.write(now(), |w| w.add_deal(deal("For ana", "ana", p))));
    assert!(
        why.starts_with("a sales rep creates and changes only deals they own"),
        "{why}"
    );
    // Giving one's own deal away is a manager's reassignment.
    let mut mine = bob.deal(own).unwrap();
    mine.data.owner = Some("ana".into());
    let why = denied(bob.write(now(), |w| w.update_deal(own, mine.version, mine.data)));
    assert!(why.contains("only deals they own"), "{why}");

    // Tasks: the same rule.
    let mut ana = team.open("ana");
    let task = ana
        .write(now(), |w| {
            w.add_task(TaskData {
                title: "Call Dara".into(),
                owner: Some("ana".into()),
                deal_id: Some(anas),
                ..TaskData::default()
            })
        })
        .unwrap();
    let why = denied(bob.write(now(), |w| w.complete_task(task, None)));
    assert!(
        why.starts_with("only the task's owner or a manager"),
        "{why}"
    );
    denied(bob.write(now(), |w| w.delete_task(task, None)));
    assert!(ana.task(task).unwrap().done_at.is_none());
    ana.write(now(), |w| w.complete_task(task, None)).unwrap();
}

#[test]
fn psql_cannot_go_around_the_rules() {
    let Some(team) = Team::new() else { return };
    let (_, id) = anas_deal(&team);
    let before = team.psql_as(
        "kariz_test",
        &format!("SELECT stage, owner, version FROM deals WHERE id = {id}"),
    );

    // Filtered out: no error, and nothing changes.
    for statement in [
        format!("UPDATE deals SET stage = 'won', status = 'won' WHERE id = {id}"),
        format!("UPDATE deals SET owner = 'bob' WHERE id = {id}"),
        format!("DELETE FROM deals WHERE id = {id}"),
        format!("DELETE FROM deal_stage_history WHERE deal_id = {id}"),
    ] {
        assert_eq!(team.rows_changed("bob", &statement), "0", "{statement}");
    }
    // Refused outright.
    let refused = [
        (
            "bob",
            "INSERT INTO deals (title, pipeline, stage, value_minor, currency, owner, status, stage_entered_at, created_at, updated_at) VALUES ('x', 'sales', 'lead', 1, 'USD', 'ana', 'open', 'now', 'now', 'now')".to_string(),
            "row-level security",
        ),
        (
            "bob",
            format!("INSERT INTO deal_stage_history (deal_id, to_stage, at, actor) VALUES ({id}, 'won', 'now', 'bob')"),
            "row-level security",
        ),
        (
            "bob",
            "INSERT INTO changes (at, actor, entity, entity_id, op) VALUES ('now', 'ana', 'deal', 1, 'delete')".to_string(),
            "row-level security",
        ),
        ("bob", "DELETE FROM changes".to_string(), "permission denied"),
        ("bob", "ALTER TABLE deals DISABLE ROW LEVEL SECURITY".to_string(), "must be owner"),
        ("bob", "UPDATE users SET active = 0".to_string(), "permission denied"),
        ("sam", format!("UPDATE deals SET stage = 'won' WHERE id = {id}"), "permission denied"),
        ("mina", "DELETE FROM changes".to_string(), "permission denied"),
    ];
    for (role, sql, said) in refused {
        let err = team.psql_as(role, &sql).expect_err(&sql);
        assert!(err.contains(said), "{role}: {sql}: {err}");
    }
    let after = team.psql_as(
        "kariz_test",
        &format!("SELECT stage, owner, version FROM deals WHERE id = {id}"),
    );
    assert_eq!(before, after);
    assert_eq!(after.unwrap(), "Lead|ana|1\n");

    // The owner and a manager may, at the prompt too.
    assert_eq!(
        team.rows_changed(
            "ana",
            &format!("UPDATE deals SET notes = 'ok' WHERE id = {id}")
        ),
        "1"
    );
    assert_eq!(
        team.rows_changed(
            "mina",
            &format!("UPDATE deals SET notes = 'ok2' WHERE id = {id}")
        ),
        "1"
    );
}

#[test]
fn support_changes_activities_and_cases_but_not_deals() {
    let Some(team) = Team::new() else { return };
    let (p, id) = anas_deal(&team);
    let mut sam = team.open("sam");
    let why = denied(sam.write(now(), |w| w.move_deal(id, None, "qualified", None)));
    assert!(
        why.starts_with("your role may not change the deals table"),
        "{why}"
    );
    let activity = sam
        .write(now(), |w| {
            w.add_activity(ActivityData {
                kind: ActivityKind::IncomingCall,
                subject: "Asked about delivery".into(),
                body: None,
                occurred_at: now(),
                author: "sam".into(),
                person_id: Some(p),
                company_id: None,
                deal_id: None,
            })
        })
        .unwrap();
    assert!(activity > 0);
    // Contacts are read-only to support.
    let dara = sam.person(p).unwrap();
    let mut renamed = dara.data.clone();
    renamed.name = "Dara A.".into();
    let why = denied(sam.write(now(), |w| w.update_person(p, dara.version, renamed)));
    assert!(why.contains("people"), "{why}");
}

/// An import's batched inserts (src/store/pg_batch.rs) are INSERTs, so
/// they pass under row security as single rows do (COPY FROM would be
/// refused for every role the rules bind).
#[test]
fn a_rep_imports_people_in_batches_under_the_row_rules() {
    let Some(team) = Team::new() else { return };
    let mut ana = team.open("ana");
    let ids = ana
        .bulk_import(now(), kariz::store::ImportSize::Known(3), |s| {
            let mut companies = s.reserve_company_ids()?;
            let acme = companies.allocate();
            s.add_company_as(
                acme,
                kariz::model::CompanyData {
                    name: "Acme".into(),
                    ..Default::default()
                },
            )?;
            s.expect_people(2)?;
            let mut ids = Vec::new();
            for (name, external) in [("Dara Azadi", "a1"), ("Sara Karimi", "a2")] {
                let mut data = person(name);
                data.company_id = Some(acme);
                data.tags = vec!["lead".into()];
                data.emails = vec![kariz::model::ContactPoint {
                    label: "work".into(),
                    value: format!("{external}@example.com"),
                }];
                ids.push(s.add_person(data, Some("Acme"), Some(external))?);
            }
            s.flush()?;
            Ok(ids)
        })
        .unwrap();
    let dara = ana.person(ids[0]).unwrap();
    assert_eq!(dara.company.as_deref(), Some("Acme"));
    assert_eq!(dara.data.tags, ["lead"]);
    let log = ana.changes(&ChangeFilter::default()).unwrap();
    assert_eq!(log.len(), 3, "{log:?}");
    assert!(log.iter().all(|c| c.actor == "ana" && c.id > 0));
}

#[test]
fn the_change_log_records_the_database_role() {
    let Some(team) = Team::new() else { return };
    let (p, _) = anas_deal(&team);
    // bob opened the store claiming another name; the server says bob.
    let mut bob = team.open("bob");
    assert_eq!(bob.actor(), "bob");
    let dara = bob.person(p).unwrap();
    let mut edited = dara.data.clone();
    edited.title = Some("Buyer".into());
    bob.write(now(), |w| w.update_person(p, dara.version, edited))
        .unwrap();
    let log = bob
        .changes(&ChangeFilter {
            entity_id: Some(p),
            limit: 1,
            ..ChangeFilter::default()
        })
        .unwrap();
    assert_eq!(log[0].actor, "bob");
    assert_eq!(log[0].field.as_deref(), Some("title"));
    // The superuser, whom no rule binds, keeps the name it claims.
    assert_eq!(team.open("kariz_test").actor(), "claimed-name");
}

#[test]
fn only_admins_grant_roles() {
    let Some(team) = Team::new() else { return };
    let mut bob = team.open("bob");
    let why = denied(bob.grant_role("eve", AccessRole::Manager));
    assert_eq!(
        why,
        "only a kariz admin can grant and revoke roles, and bob is not one"
    );
    denied(bob.revoke_role("ana"));
    let why = denied(team.open("mina").grant_role("bob", AccessRole::Manager));
    assert!(why.contains("mina is not one"), "{why}");

    // An admin that is no superuser can.
    let mut root = team.open("kariz_test");
    let made = root.grant_role("ada", AccessRole::Admin).unwrap();
    assert!(made.created);
    let mut ada = team.open("ada");
    let eve = ada.grant_role("eve", AccessRole::Manager).unwrap();
    assert!(eve.created);
    // Moving bob to manager replaces his rep role.
    let moved = ada.grant_role("bob", AccessRole::Manager).unwrap();
    assert_eq!(moved.previous, Some(AccessRole::Rep));
    // Logins are cluster-wide: count only this database's groups.
    let groups = team
        .psql_as(
            "kariz_test",
            &format!(
                "SELECT string_agg(g.rolname, ',') FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = 'bob' AND g.rolname LIKE '{}\\_%'",
                team.db.name
            ),
        )
        .unwrap();
    assert_eq!(groups.trim(), format!("{}_manager", team.db.name));
    // A revoked login keeps reading nothing it may change: its writes fail.
    let gone = ada.revoke_role("sam").unwrap();
    assert_eq!(gone.previous, Some(AccessRole::Support));
    let err = team
        .psql_as("sam", "SELECT count(*) FROM people")
        .unwrap_err();
    assert!(err.contains("permission denied"), "{err}");
    let nothing = ada.revoke_role("nobody").unwrap();
    assert_eq!(nothing.previous, None);
}

#[test]
fn the_rules_apply_again_without_harm_and_roles_are_refused_on_sqlite() {
    let Some(team) = Team::new() else { return };
    // Forgetting that the rules were applied makes the next grant apply
    // them again: every step must be idempotent.
    team.cluster
        .psql(&team.db.name, "DELETE FROM meta WHERE key = 'access_rules'");
    let mut root = team.open("kariz_test");
    root.grant_role("ana", AccessRole::Rep).unwrap();
    let (_, id) = anas_deal(&team);
    assert_eq!(
        team.rows_changed(
            "bob",
            &format!("UPDATE deals SET notes = 'x' WHERE id = {id}")
        ),
        "0"
    );
    let policies = team
        .psql_as(
            "kariz_test",
            "SELECT count(*) FROM pg_policies WHERE tablename = 'deals'",
        )
        .unwrap();
    assert_eq!(policies.trim(), "5");

    let mut sqlite = Store::open_in_memory(Config::default_config(), "ana").unwrap();
    match sqlite.grant_role("bob", AccessRole::Rep) {
        Err(Error::Invalid(why)) => {
            assert!(why.starts_with("roles exist only on PostgreSQL"), "{why}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_cli_grants_and_revokes_with_json_and_refuses_a_rep() {
    let Some(team) = Team::new() else { return };
    let kariz = |role: &str, args: &[&str]| team.kariz(role, args);
    let out = kariz(
        "kariz_test",
        &["admin", "grant", "zoe", "--role", "support", "--json"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["login"], "zoe");
    assert_eq!(json["role"], "support");
    assert_eq!(json["group"], format!("{}_support", team.db.name));
    assert_eq!(json["created"], true);

    let out = kariz("kariz_test", &["admin", "revoke", "zoe"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "zoe is no longer support in this database"
    );

    let out = kariz("bob", &["admin", "grant", "bob", "--role", "admin"]);
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("only a kariz admin can grant and revoke roles, and bob is not one"),
        "{said}"
    );
}
