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
