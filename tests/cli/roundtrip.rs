//! Round trips: export, import into an empty database, export again — the
//! two exports must be identical.
//!

use crate::common::Env;

/// People with everything an export carries: Persian and Arabic text,
/// several labelled phones and e-mails, a company, tags, a birthday,
/// multi-line notes with commas and semicolons, cells that start like
/// spreadsheet formulas, custom fields, and colleagues sharing an office
/// number (who must not become one person on the way back in).
fn seeded() -> Env {
    let env = Env::new();
    let config = env.config_file();
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    std::fs::write(
        &config,
        r#"[[custom_fields]]
name = "segment"
entity = "person"
type = "choice"
choices = ["retail", "wholesale"]

[[custom_fields]]
name = "employees"
entity = "person"
type = "number"

[[custom_fields]]
name = "since"
entity = "person"
type = "date"

[[custom_fields]]
name = "remark"
entity = "person"
type = "text"
"#,
    )
    .unwrap();
    env.add_person(
        "=HYPERLINK(\"http://evil\",\"x\")",
        &["--notes", "+1 then -2", "--tag", "vip"],
    );
    env.add_person(
        "سارا احمدی",
        &[
            "--phone",
            "mobile:+98 912 345 6789",
            "--phone",
            "work:021 8877 6655 ext. 12",
            "--email",
            "sara@example.com",
            "--email",
            "home:sara@home.example",
            "--company",
            "فولاد پارسیان",
            "--title",
            "خرید، فروش; واردات",
            "--birthday",
            "1990-03-15",
            "--address",
            "تهران، خیابان ولیعصر\nپلاک ۱۲",
            "--notes",
            "خط اول\nخط دوم \\ پایان",
            "--tag",
            "vip",
            "--tag",
            "region-gulf",
        ],
    );
    env.add_person(
        "علي كريمي",
        &[
            "--phone",
            "mobile:۰۹۱۲-۳۴۵-۶۷۰۰",
            "--phone",
            "work:021 8877 6655 ext. 12",
            "--field",
            "segment=wholesale",
            "--field",
            "employees=1250.5",
            "--field",
            "since=2019-04-01",
            "--field",
            "remark=قدیمی، \"وفادار\"; {json}",
        ],
    );
    env.add_person("@team lead", &["--email", "lead@example.com"]);
    // Two colleagues known only by name and the office line they share.
    env.add_person("مریم نجفی", &["--phone", "work:+98 21 8877 6655"]);
    env.add_person("Reza Tehrani", &["--phone", "office:021-8877-6655"]);
    env
}

/// Exports with `args` from `env`, imports the file into an empty database
/// with `import`, exports again from there, and compares.
fn round_trip(export: &[&str], import: &[&str]) {
    let env = seeded();
    let file = env.path("export.out");
    let mut args = export.to_vec();
    args.extend(["-o", file.to_str().unwrap()]);
    env.ok(&args);
    let first = std::fs::read(&file).unwrap();

    let fresh = env.path("fresh.db");
    let fresh = fresh.to_str().unwrap();
    let mut args = vec!["--db", fresh, "--create"];
    args.extend_from_slice(import);
    args.push(file.to_str().unwrap());
    env.ok(&args);

    let mut args = vec!["--db", fresh, "--create"];
    args.extend_from_slice(export);
    let second = env.ok(&args);
    assert_eq!(
        String::from_utf8_lossy(&first),
        second,
        "export → import → export changed the data"
    );
}

#[test]
fn json_round_trip_is_identical() {
    round_trip(&["export", "json"], &["import", "json"]);
}

#[test]
fn csv_round_trip_is_identical() {
    round_trip(&["export", "csv"], &["import", "csv"]);
}

#[test]
fn vcard_round_trip_is_identical() {
    round_trip(&["export", "vcard"], &["import", "vcard"]);
}
