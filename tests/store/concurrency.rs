use super::*;
use kariz::model::Entity;

/// Two writers on one file (as two support staff on one server) both get
/// every write in: BEGIN IMMEDIATE plus the busy timeout serialise them.
#[test]
fn two_connections_writing_at_once_lose_nothing() {
    let db = TempDb::new();
    drop(db.open("setup"));
    let path = db.path();
    let handles: Vec<_> = ["alice", "bob"]
        .into_iter()
        .map(|actor| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut s = Store::open(&path, Config::default_config(), actor).unwrap();
                for i in 0..150 {
                    s.write(now(), |w| w.add_person(person(&format!("{actor} {i}"))))
                        .unwrap();
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let s = db.open("check");
    assert_eq!(s.count(Entity::Person).unwrap(), 300);
}

/// The second writer really runs into the first one's open transaction:
/// bob's write starts while alice's transaction holds the write lock, waits
/// for it (busy timeout), and commits after it. Channels order the steps,
/// so this proves the overlap on every run instead of hoping for it.
#[test]
fn a_second_writer_waits_for_an_open_transaction_and_then_commits() {
    use std::sync::mpsc;
    use std::time::Instant;

    let db = TempDb::new();
    drop(db.open("setup"));
    let path = db.path();
    let (alice_holds_tx, alice_holds) = mpsc::channel::<()>();
    let (bob_starting_tx, bob_starting) = mpsc::channel::<Instant>();
    let (bob_done_tx, bob_done) = mpsc::channel::<(Instant, i64)>();

    let mut alice = Store::open(&path, Config::default_config(), "alice").unwrap();
    let bob = std::thread::spawn(move || {
        let mut s = Store::open(&path, Config::default_config(), "bob").unwrap();
        alice_holds.recv().unwrap();
        bob_starting_tx.send(Instant::now()).unwrap();
        let id = s
            .write(now(), |w| w.add_person(person("bob's")))
            .expect("bob's write waits for alice's and then succeeds");
        bob_done_tx.send((Instant::now(), id)).unwrap();
    });

    let mut bob_started = None;
    let mut alice_last_in_transaction = None;
    let alice_id = alice
        .write(now(), |w| {
            let id = w.add_person(person("alice's"))?;
            // Alice holds the write lock (BEGIN IMMEDIATE) from here until
            // bob's write has begun.
            alice_holds_tx.send(()).unwrap();
            bob_started = Some(bob_starting.recv().unwrap());
            assert!(
                bob_done.try_recv().is_err(),
                "bob wrote while alice's transaction was open"
            );
            // Taken before the commit: bob cannot finish before it.
            alice_last_in_transaction = Some(Instant::now());
            Ok(id)
        })
        .unwrap();
    let alice_holding = alice_last_in_transaction.unwrap();
    let (bob_finished, bob_id) = bob_done.recv().unwrap();
    bob.join().unwrap();

    let bob_started = bob_started.unwrap();
    assert!(
        bob_started < alice_holding,
        "bob began inside alice's transaction"
    );
    assert!(bob_finished > alice_holding, "bob committed after alice");
    assert!(
        bob_id > alice_id,
        "bob's row came second: {alice_id} then {bob_id}"
    );
    let s = db.open("check");
    assert_eq!(s.count(Entity::Person).unwrap(), 2);
}
