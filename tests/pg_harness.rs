//! Exercises the throwaway PostgreSQL cluster the test crates share
//! (tests/support/pg_cluster.rs), so a broken harness fails here first
//! rather than as a confusing failure in a store or CLI test.

#[path = "support/pg_cluster.rs"]
mod pg_cluster;

use std::time::Instant;

#[test]
fn cluster_gives_separate_databases_over_a_unix_socket() {
    let Some(cluster) = pg_cluster::cluster() else {
        return; // skipped, and cluster() said so on stderr
    };
    let socket = cluster.socket_dir().display().to_string();
    let started = Instant::now();
    let a = cluster.new_database();
    let b = cluster.new_database();
    eprintln!(
        "two databases created in {} ms",
        started.elapsed().as_millis()
    );
    assert_ne!(a.name, b.name);
    for db in [&a, &b] {
        assert_eq!(
            db.url,
            format!("postgresql:///{}?host={socket}&user=kariz_test", db.name)
        );
        assert_eq!(cluster.psql(&db.name, "SELECT 1"), "1\n");
        assert_eq!(
            cluster.psql(&db.name, "SELECT current_database()"),
            format!("{}\n", db.name)
        );
    }
    // Nothing listens on TCP: the socket folder is the only way in.
    assert_eq!(cluster.psql(&a.name, "SHOW listen_addresses"), "\n");
}

#[test]
fn databases_can_be_created_from_many_threads_at_once() {
    let Some(cluster) = pg_cluster::cluster() else {
        return;
    };
    let started = Instant::now();
    let names: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|_| s.spawn(|| cluster.new_database().name))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    eprintln!(
        "8 databases created concurrently in {} ms",
        started.elapsed().as_millis()
    );
    let listed = cluster.psql("postgres", "SELECT datname FROM pg_database");
    for name in &names {
        assert!(listed.lines().any(|l| l == name), "{name} missing");
    }
}

#[test]
fn roles_are_created_cluster_wide() {
    let Some(cluster) = pg_cluster::cluster() else {
        return;
    };
    let role = format!("rep_{}", std::process::id());
    cluster.create_role(&role, true);
    let can_login = cluster.psql(
        "postgres",
        &format!("SELECT rolcanlogin FROM pg_roles WHERE rolname = '{role}'"),
    );
    assert_eq!(can_login, "t\n");
}
