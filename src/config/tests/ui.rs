//! `[keys]` and `[theme]`.

use super::{Config, assert_error};
use crate::config::ThemeColor;
use crate::keys::{Command, KeyChord, KeyName};

#[test]
fn key_bindings_replace_the_named_commands_keys() {
    let config = Config::parse(
        "[keys]\nmark_done = \"d\"\nmove_deal_next = [\"L\", \"shift-right\"]\n",
        "test.toml",
    )
    .unwrap();
    assert_eq!(config.keys[&Command::MarkDone], vec![KeyChord::ch('d')]);
    assert_eq!(
        config.keys[&Command::MoveDealNext],
        vec![KeyChord::ch('L'), KeyChord::shift(KeyName::Right)]
    );
    assert!(!config.keys.contains_key(&Command::Quit));
}

#[test]
fn unknown_action_names_are_errors_listing_the_actions() {
    assert_error(
        "[keys]\n\nexplode = \"x\"\n",
        3,
        "keys.explode",
        "mark_done",
    );
}

#[test]
fn unparseable_keys_are_errors_naming_the_forms() {
    assert_error(
        "[keys]\nquit = [\"q\", \"hyper-q\"]\n",
        2,
        "keys.quit",
        "ctrl-",
    );
}

#[test]
fn theme_colours_accept_names_numbers_and_hex() {
    let config = Config::parse(
        "[theme]\naccent = \"light_blue\"\ndanger = \"#ff0000\"\nmuted = \"244\"\n",
        "test.toml",
    )
    .unwrap();
    assert_eq!(config.theme.accent, ThemeColor::Ansi(12));
    assert_eq!(config.theme.danger, ThemeColor::Rgb(255, 0, 0));
    assert_eq!(config.theme.muted, ThemeColor::Indexed(244));
}

#[test]
fn bad_theme_roles_and_colours_are_errors() {
    assert_error("[theme]\nglow = \"red\"\n", 2, "theme.glow", "accent");
    assert_error("[theme]\naccent = \"#12\"\n", 2, "theme.accent", "#rrggbb");
}
