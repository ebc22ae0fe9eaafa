//! A rep's delete or merge of a contact (or deal) that colleagues' deals
//! and tasks link to: unlinking or re-pointing those rows is a change to
//! them, which the row rules give only their owner or a manager. Through
//! the real binary: a Denied sentence naming the rows and their owners
//! (exit 1, as every refusal by the rules), nothing changed; a manager may.

use super::{Team, now, person};
use kariz::model::{CaseData, CompanyData, DealData, TaskData};

/// What the tests look at, read by the superuser: every deal's and task's
/// links and version, the people and companies, the change log's length.
fn state(team: &Team) -> String {
    team.psql_as(
        "kariz_test",
        "SELECT (SELECT string_agg(concat_ws(':', id, person_id, company_id, version), ',' ORDER BY id) FROM deals),
                (SELECT string_agg(concat_ws(':', id, person_id, company_id, deal_id, version), ',' ORDER BY id) FROM tasks),
                (SELECT string_agg(concat_ws(':', id, company_id, version), ',' ORDER BY id) FROM people),
                (SELECT string_agg(concat_ws(':', id, version), ',' ORDER BY id) FROM companies),
                (SELECT count(*) FROM changes)",
    )
    .unwrap()
}

/// ana's company Acme and person Dara there, with ana's deal and task
/// linked to both; and bob's own look-alikes to merge them into.
struct Linked {
    acme: i64,
    dara: i64,
    deal: i64,
    task: i64,
    bobs_company: i64,
    bobs_person: i64,
}

fn anas_contact(team: &Team) -> Linked {
    let (acme, dara, deal, task) = team
        .open("ana")
        .write(now(), |w| {
            let acme = w.add_company(CompanyData {
                name: "Acme".into(),
                ..CompanyData::default()
            })?;
            let mut dara = person("Dara Azadi");
            dara.company_id = Some(acme);
            let dara = w.add_person(dara)?;
            let deal = w.add_deal(DealData {
                company_id: Some(acme),
                ..super::deal("Dara's order", "ana", dara)
            })?;
            let task = w.add_task(TaskData {
                title: "Call Dara".into(),
                owner: Some("ana".into()),
                person_id: Some(dara),
                company_id: Some(acme),
                ..TaskData::default()
            })?;
            Ok((acme, dara, deal, task))
        })
        .unwrap();
    let (bobs_company, bobs_person) = team
        .open("bob")
        .write(now(), |w| {
            let company = w.add_company(CompanyData {
                name: "Acme Ltd".into(),
                ..CompanyData::default()
            })?;
            Ok((company, w.add_person(person("Dara A."))?))
        })
        .unwrap();
    Linked {
        acme,
        dara,
        deal,
        task,
        bobs_company,
        bobs_person,
    }
}

/// Runs `args` as `role` and expects the rules' refusal `sentence`.
fn refused(team: &Team, role: &str, args: &[&str], sentence: &str) {
    let out = team.kariz(role, args);
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{args:?}: {said}");
    assert!(said.contains(sentence), "{args:?}: {said}");
}

fn succeeds(team: &Team, role: &str, args: &[&str]) {
    let out = team.kariz(role, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn scalar(team: &Team, sql: &str) -> String {
    team.psql_as("kariz_test", sql).unwrap().trim().to_string()
}

#[test]
fn a_rep_cannot_delete_a_contact_linked_to_a_colleagues_deal_or_task() {
    let Some(team) = Team::new() else { return };
    let l = anas_contact(&team);
    let before = state(&team);
    let (dara, acme) = (l.dara.to_string(), l.acme.to_string());

    // Without --unlink the delete rule refuses first, as on SQLite.
    let out = team.kariz("bob", &["person", "rm", &dara]);
    assert_eq!(out.status.code(), Some(5));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(&format!(
            "person {dara} (Dara Azadi) is still linked to 1 deal (#{}), 1 task (#{}); nothing was deleted",
            l.deal, l.task
        )),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    refused(
        &team,
        "bob",
        &["person", "rm", &dara, "--unlink"],
        &format!(
            "person {dara} (Dara Azadi) has 1 deal (#{}) owned by ana, 1 task (#{}) owned by ana, which your role may not change; only a manager or an admin can delete or merge it",
            l.deal, l.task
        ),
    );
    refused(
        &team,
        "bob",
        &["company", "rm", &acme, "--unlink"],
        &format!(
            "company {acme} (Acme) has 1 deal (#{}) owned by ana, 1 task (#{}) owned by ana, which your role may not change; only a manager or an admin can delete or merge it",
            l.deal, l.task
        ),
    );
    assert_eq!(state(&team), before);

    // Their owner may: ana's own deal and task are hers to unlink.
    succeeds(&team, "ana", &["person", "rm", &dara, "--unlink"]);
    assert_eq!(
        scalar(
            &team,
            &format!(
                "SELECT count(*) FROM deals WHERE id = {} AND person_id IS NULL",
                l.deal
            )
        ),
        "1"
    );
    // And a manager may change anyone's.
    succeeds(&team, "mina", &["company", "rm", &acme, "--unlink"]);
    assert_eq!(
        scalar(
            &team,
            &format!(
                "SELECT count(*) FROM tasks WHERE id = {} AND company_id IS NULL",
                l.task
            )
        ),
        "1"
    );
}

#[test]
fn a_rep_cannot_merge_away_a_contact_linked_to_a_colleagues_deal() {
    let Some(team) = Team::new() else { return };
    let l = anas_contact(&team);
    let before = state(&team);
    let (dara, acme) = (l.dara.to_string(), l.acme.to_string());
    let (keep_person, keep_company) = (l.bobs_person.to_string(), l.bobs_company.to_string());

    refused(
        &team,
        "bob",
        &["merge", &keep_person, &dara],
        &format!(
            "person {dara} (Dara Azadi) has 1 deal (#{}) owned by ana, 1 task (#{}) owned by ana, which your role may not change; only a manager or an admin can delete or merge it",
            l.deal, l.task
        ),
    );
    refused(
        &team,
        "bob",
        &["merge", "--entity", "company", &keep_company, &acme],
        &format!(
            "company {acme} (Acme) has 1 deal (#{}) owned by ana, 1 task (#{}) owned by ana, which your role may not change; only a manager or an admin can delete or merge it",
            l.deal, l.task
        ),
    );
    assert_eq!(state(&team), before);

    succeeds(&team, "mina", &["merge", &keep_person, &dara]);
    succeeds(
        &team,
        "mina",
        &["merge", "--entity", "company", &keep_company, &acme],
    );
    assert_eq!(
        scalar(
            &team,
            &format!(
                "SELECT concat_ws(':', person_id, company_id, owner) FROM deals WHERE id = {}",
                l.deal
            )
        ),
        format!("{keep_person}:{keep_company}:ana")
    );
}

#[test]
fn a_rep_cannot_delete_their_deal_while_a_colleagues_task_links_to_it() {
    let Some(team) = Team::new() else { return };
    let l = anas_contact(&team);
    let bobs_deal = team
        .open("bob")
        .write(now(), |w| {
            w.add_deal(super::deal("Bob's order", "bob", l.bobs_person))
        })
        .unwrap();
    let anas_task = team
        .open("ana")
        .write(now(), |w| {
            w.add_task(TaskData {
                title: "Help with Bob's order".into(),
                owner: Some("ana".into()),
                deal_id: Some(bobs_deal),
                ..TaskData::default()
            })
        })
        .unwrap();
    let before = state(&team);
    refused(
        &team,
        "bob",
        &["deal", "rm", &bobs_deal.to_string(), "--unlink"],
        &format!(
            "deal {bobs_deal} (Bob's order) has 1 task (#{anas_task}) owned by ana, which your role may not change; only a manager or an admin can delete it"
        ),
    );
    assert_eq!(state(&team), before);
    succeeds(
        &team,
        "mina",
        &["deal", "rm", &bobs_deal.to_string(), "--unlink"],
    );
    assert_eq!(
        scalar(
            &team,
            &format!("SELECT count(*) FROM tasks WHERE id = {anas_task} AND deal_id IS NULL")
        ),
        "1"
    );
}

/// Records a rep's role has no GRANT to change at all (a support case)
/// block the same way, named with the rest.
#[test]
fn a_rep_cannot_delete_a_contact_with_a_support_case() {
    let Some(team) = Team::new() else { return };
    let l = anas_contact(&team);
    let (case, _) = team
        .open("sam")
        .write(now(), |w| {
            w.add_case(CaseData {
                subject: "Broken delivery".into(),
                person_id: Some(l.bobs_person),
                ..CaseData::default()
            })
        })
        .unwrap();
    let before = state(&team);
    let keep = l.bobs_person.to_string();
    refused(
        &team,
        "bob",
        &["person", "rm", &keep, "--unlink"],
        &format!(
            "person {keep} (Dara A.) has 1 case (#{case}), which your role may not change; only a manager or an admin can delete or merge it"
        ),
    );
    assert_eq!(state(&team), before);
    succeeds(&team, "mina", &["person", "rm", &keep, "--unlink"]);
}

/// The safety nets, for a database whose rules differ from roles.sql (an
/// admin's hand edit): the up-front check trusts the role, but the row
/// count of each UPDATE and the DELETE's foreign key still refuse, and
/// nothing is changed.
#[test]
fn rows_the_rules_hide_from_a_manager_still_refuse_with_the_sentence() {
    let Some(team) = Team::new() else { return };
    let l = anas_contact(&team);
    let dara = l.dara.to_string();
    // Tasks readable by a manager but no longer changeable.
    team.cluster
        .psql(&team.db.name, "DROP POLICY kariz_team ON tasks");
    let before = state(&team);
    refused(
        &team,
        "mina",
        &["person", "rm", &dara, "--unlink"],
        &format!(
            "person {dara} (Dara Azadi) has 1 task (#{}) owned by ana, which your role may not change; only a manager or an admin can delete or merge it",
            l.task
        ),
    );
    assert_eq!(state(&team), before);
    // Tasks hidden from everyone but the superuser: no UPDATE sees them,
    // and the DELETE meets them through the foreign key.
    team.cluster
        .psql(&team.db.name, "DROP POLICY kariz_read ON tasks");
    let before = state(&team);
    refused(
        &team,
        "mina",
        &["person", "rm", &dara, "--unlink"],
        &format!(
            "person {dara} (Dara Azadi) is still linked to tasks, which your role may not change; only a manager or an admin can delete or merge it"
        ),
    );
    assert_eq!(state(&team), before);
}

/// A deal linked to the person while the delete runs is unlinked with the
/// rest: the delete locks the person before reading its links, so the
/// other writer's link waits for it or is read by it, and the foreign key
/// never meets a link the delete did not see.
#[test]
fn a_link_made_during_the_delete_is_seen_by_it() {
    let Some(team) = Team::new() else { return };
    let l = anas_contact(&team);
    let dara = l.dara.to_string();
    let (mut delete, _home) = team.kariz_command("mina", &["person", "rm", &dara, "--unlink"]);
    let (late, running) = team
        .open("ana")
        .write(now(), |w| {
            let late = w.add_deal(super::deal("Late order", "ana", l.dara))?;
            // The delete starts while this link is not yet committed.
            let running = delete
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            std::thread::sleep(std::time::Duration::from_millis(1500));
            Ok((late, running))
        })
        .unwrap();
    let out = running.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        scalar(
            &team,
            &format!(
                "SELECT count(*) FROM deals WHERE id IN ({}, {late}) AND person_id IS NULL",
                l.deal
            )
        ),
        "2"
    );
}
