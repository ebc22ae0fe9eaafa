//! `kariz config …` and `kariz stage …` end to end, including a config that
//! renames a stage deals still sit in.

use crate::common::{Env, array, id, str_field};

/// Writes the default config with `config init` and returns its text.
fn init(env: &Env) -> String {
    let out = env.ok(["config", "init"]);
    assert!(out.contains(env.config_file().to_str().unwrap()), "{out}");
    std::fs::read_to_string(env.config_file()).expect("config init wrote the file")
}

#[test]
fn config_init_writes_the_default_once() {
    let env = Env::new();
    let text = init(&env);
    assert!(text.contains("[[pipelines]]"), "{text}");
    assert!(text.contains("name = \"Proposal\""), "{text}");

    // A second init refuses and leaves a changed file alone.
    std::fs::write(env.config_file(), "# mine\n").unwrap();
    let err = env.fails(1, ["config", "init"]);
    assert!(err.contains("already exists"), "{err}");
    assert!(err.contains("--force"), "{err}");
    assert_eq!(
        std::fs::read_to_string(env.config_file()).unwrap(),
        "# mine\n"
    );
    env.ok(["config", "init", "--force"]);
    assert_eq!(std::fs::read_to_string(env.config_file()).unwrap(), text);
}

#[test]
fn config_init_honours_the_config_flag() {
    let env = Env::new();
    let path = env.path("nested/dir/kariz.toml");
    env.ok(["config", "init", "--config", path.to_str().unwrap()]);
    assert!(path.is_file());
    assert!(!env.config_file().exists());
    let out = env.ok(["config", "check", path.to_str().unwrap()]);
    assert!(out.contains("is valid"), "{out}");
}

#[test]
fn config_path_names_both_files_and_whether_they_exist() {
    let env = Env::new();
    let out = env.ok(["config", "path"]);
    let config_line = out.lines().find(|l| l.starts_with("config:")).unwrap();
    let db_line = out.lines().find(|l| l.starts_with("database:")).unwrap();
    assert!(
        config_line.contains(env.config_file().to_str().unwrap()),
        "{out}"
    );
    assert!(config_line.contains("not created yet"), "{out}");
    assert!(db_line.contains(env.db().to_str().unwrap()), "{out}");
    // A server database is no file that could be "not created yet".
    let state = if env.on_server() {
        "(PostgreSQL)"
    } else {
        "not created yet"
    };
    assert!(db_line.contains(state), "{out}");
    // It creates nothing.
    assert!(!env.db().exists());

    init(&env);
    let out = env.ok(["config", "path", "--db", "/srv/crm/team.db"]);
    assert!(
        !out.lines().next().unwrap().contains("not created"),
        "{out}"
    );
    assert!(out.contains("database: /srv/crm/team.db"), "{out}");
}

#[test]
fn config_check_accepts_the_default_and_reports_a_bad_probability() {
    let env = Env::new();
    let text = init(&env);
    let out = env.ok(["config", "check"]);
    assert!(out.contains("is valid"), "{out}");
    assert!(
        out.contains("1 pipeline(s), 6 stage(s), 4 currency(ies)"),
        "{out}"
    );

    let line = text
        .lines()
        .position(|l| l == "probability = 50")
        .expect("the default has Proposal at 50%")
        + 1;
    let bad = text.replacen("probability = 50", "probability = 120", 1);
    let bad_path = env.path("bad.toml");
    std::fs::write(&bad_path, bad).unwrap();
    let err = env.fails(1, ["config", "check", bad_path.to_str().unwrap()]);
    assert!(err.contains(&format!("line {line}")), "{err}");
    assert!(err.contains("0 to 100"), "{err}");
    assert!(err.contains("120"), "{err}");
    assert!(err.contains("bad.toml"), "{err}");

    // The same file used as the config stops every command.
    let err = env.fails(
        1,
        ["person", "list", "--config", bad_path.to_str().unwrap()],
    );
    assert!(err.contains(&format!("line {line}")), "{err}");

    let err = env.fails(1, ["config", "check", "/nonexistent/kariz.toml"]);
    assert!(err.contains("does not exist"), "{err}");
    assert!(err.contains("config init"), "{err}");
}

#[test]
fn config_check_names_unknown_keys() {
    let env = Env::new();
    let path = env.path("typo.toml");
    std::fs::write(&path, "[money]\ndefault_curency = \"USD\"\n").unwrap();
    let err = env.fails(1, ["config", "check", path.to_str().unwrap()]);
    assert!(err.contains("line 2"), "{err}");
    assert!(err.contains("default_curency"), "{err}");
}

#[test]
fn renaming_a_stage_in_use_stops_commands_until_stage_remap() {
    let env = Env::new();
    let text = init(&env);
    let stuck = env.add_deal("Pumps", &["--stage", "Proposal"]);
    let fine = env.add_deal("Valves", &[]);

    let renamed = text.replacen("name = \"Proposal\"", "name = \"Quote\"", 1);
    assert_ne!(renamed, text);
    std::fs::write(env.config_file(), renamed).unwrap();

    let err = env.fails(1, ["deal", "list"]);
    assert!(err.contains(&format!("deal {stuck}")), "{err}");
    assert!(err.contains("\"Proposal\""), "{err}");
    assert!(err.contains("kariz stage remap"), "{err}");
    assert!(!err.contains(&format!("deal {fine} ")), "{err}");
    // Other commands are stopped too, before they write anything.
    env.fails(1, ["person", "add", "--name", "X"]);

    // stage list still works and shows the orphan.
    let stages = env.json(["stage", "list", "--json"]);
    let orphan = array(&stages)
        .iter()
        .find(|s| s["stage"] == "Proposal")
        .unwrap_or_else(|| panic!("{stages:#}"));
    assert_eq!(orphan["in_config"], false);
    assert_eq!(orphan["deals"], 1);
    assert_eq!(orphan["id"], "sales/Proposal");

    let out = env.ok(["stage", "remap", "--pipeline", "sales", "Proposal", "Quote"]);
    assert!(out.contains("Moved 1 deal(s)"), "{out}");
    let deal = env.json(["deal", "show", &stuck.to_string(), "--json"]);
    assert_eq!(deal["stage"], "Quote");
    let last = array(&deal["stage_history"]).last().unwrap().clone();
    assert_eq!(last["from_stage"], "Proposal");
    assert_eq!(last["to_stage"], "Quote");
    assert_eq!(
        array(&env.json(["deal", "list", "--json"])).len(),
        2,
        "deal list works again"
    );
    assert!(array(&env.json(["person", "list", "--json"])).is_empty());
}

#[test]
fn stage_remap_to_a_stage_not_in_the_config_is_refused() {
    let env = Env::new();
    let did = env.add_deal("Pumps", &["--stage", "Proposal"]);
    let err = env.fails(1, ["stage", "remap", "Proposal", "Nowhere"]);
    assert!(err.contains("\"Nowhere\""), "{err}");
    let d = env.json(["deal", "show", &did.to_string(), "--json"]);
    assert_eq!(d["stage"], "Proposal");
}

#[test]
fn stage_list_shows_the_pipeline_with_counts() {
    let env = Env::new();
    env.add_deal("A", &[]);
    env.add_deal("B", &["--stage", "Won"]);
    let stages = env.json(["stage", "list", "--json"]);
    let rows: Vec<(&str, &str, i64)> = array(&stages)
        .iter()
        .map(|s| {
            (
                str_field(s, "stage"),
                str_field(s, "kind"),
                s["deals"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("Lead", "open", 1),
            ("Qualified", "open", 0),
            ("Proposal", "open", 0),
            ("Negotiation", "open", 0),
            ("Won", "won", 1),
            ("Lost", "lost", 0),
        ]
    );
}

#[test]
fn a_custom_currency_and_custom_field_from_the_config_are_used() {
    let env = Env::new();
    let path = env.path("custom.toml");
    std::fs::write(
        &path,
        r#"[money]
default_currency = "AED"
currencies = ["AED", "SAR"]

[[custom_fields]]
name = "segment"
entity = "deal"
type = "choice"
choices = ["retail", "wholesale"]
"#,
    )
    .unwrap();
    let cfg = path.to_str().unwrap();
    let d = env.json([
        "deal",
        "add",
        "--title",
        "A",
        "--value",
        "10.5",
        "--config",
        cfg,
        "--field",
        "segment=retail",
        "--json",
    ]);
    assert_eq!(d["currency"], "AED");
    assert_eq!(d["value_minor"], 1050);
    assert_eq!(d["custom"]["segment"], "retail");
    let err = env.fails(
        1,
        [
            "deal",
            "add",
            "--title",
            "B",
            "--currency",
            "USD",
            "--value",
            "1",
            "--config",
            cfg,
        ],
    );
    assert!(err.contains("AED, SAR"), "{err}");
    let err = env.fails(
        1,
        [
            "deal",
            "edit",
            &id(&d).to_string(),
            "--field",
            "segment=government",
            "--config",
            cfg,
        ],
    );
    assert!(err.contains("segment"), "{err}");
}

#[test]
fn a_system_config_holds_the_team_settings_and_yours_only_personal_ones() {
    let env = Env::new();
    let system = env.path("etc-kariz.toml");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/config/examples/support.toml"),
        &system,
    )
    .unwrap();
    let system = system.to_str().unwrap();
    let run = |args: &[&str]| {
        env.kariz()
            .env("KARIZ_SYSTEM_CONFIG", system)
            .args(args)
            .output()
            .unwrap()
    };
    // Without a personal config the team's pipelines are used.
    let out = run(&["stage", "list", "--json"]);
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Waiting on customer"), "{text}");

    // `config init` next to a system config writes a personal config that
    // holds only what is allowed, so it loads.
    let out = run(&["config", "init"]);
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("personal config"));
    let out = run(&["person", "list"]);
    assert!(out.status.success(), "{out:?}");

    // A personal config may change the language and the display name…
    std::fs::create_dir_all(env.config_file().parent().unwrap()).unwrap();
    std::fs::write(
        env.config_file(),
        "[user]\nname = \"Sara Ahmadi\"\n\n[display]\nlanguage = \"en\"\ncalendar = \"gregorian\"\n",
    )
    .unwrap();
    let out = run(&["stage", "list"]);
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Waiting on customer"), "{text}");
    let out = run(&["config", "path"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("system:") && text.contains(system), "{text}");

    // …but not the team's pipelines: an error names the key and the file.
    std::fs::write(
        env.config_file(),
        "[display]\nlanguage = \"en\"\n\n[[pipelines]]\nname = \"mine\"\nstages = [{ name = \"A\", probability = 10, kind = \"open\" }]\n",
    )
    .unwrap();
    let out = run(&["person", "list"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("`pipelines` belongs in the system config"),
        "{err}"
    );
    assert!(err.contains("line 4"), "{err}");
    // Without a system config the same file is a full config, as before.
    env.ok(["person", "list"]);

    // A system config that names a user is refused.
    std::fs::remove_file(env.config_file()).unwrap();
    std::fs::write(system, "[user]\nname = \"Everyone\"\n").unwrap();
    let out = run(&["person", "list"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot say who anyone is"), "{err}");
}

#[test]
fn config_init_lang_writes_the_persian_or_arabic_example() {
    for (lang, language, example) in [
        (
            "fa",
            "language = \"fa\"",
            include_str!("../../config/examples/fa.toml"),
        ),
        (
            "ar",
            "language = \"ar\"",
            include_str!("../../config/examples/ar.toml"),
        ),
    ] {
        let env = Env::new();
        let out = env.ok(["config", "init", "--lang", lang]);
        assert!(out.contains(env.config_file().to_str().unwrap()), "{out}");
        let text = std::fs::read_to_string(env.config_file()).unwrap();
        assert_eq!(text, example);
        assert!(text.contains(language), "{text}");
        env.ok(["config", "check"]);
    }
    let env = Env::new();
    let err = env.fails(2, ["config", "init", "--lang", "de"]);
    assert!(err.contains("--lang"), "{err}");
}
