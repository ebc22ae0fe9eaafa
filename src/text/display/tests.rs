//! Behaviour of the public display functions. The comparison with GNU
//! FriBidi over the corpus is in tests/rtl_oracle.rs.

use super::*;
use proptest::prelude::*;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

const APP: DisplayOptions = DisplayOptions {
    bidi: BidiMode::App,
    shaping: true,
};
const APP_UNSHAPED: DisplayOptions = DisplayOptions {
    bidi: BidiMode::App,
    shaping: false,
};
const TERMINAL: DisplayOptions = DisplayOptions {
    bidi: BidiMode::Terminal,
    shaping: false,
};

/// Cells ratatui really uses for `text`: draw it into a wide buffer.
fn drawn_cells(text: &str) -> usize {
    let mut buffer = Buffer::empty(Rect::new(0, 0, 20_000, 1));
    let (x, _) = buffer.set_stringn(0, 0, text, 20_000, Style::default());
    usize::from(x)
}

#[test]
fn reorders_and_shapes_persian() {
    assert_eq!(
        visual("علی رضایی", None, &APP),
        "\u{FBFD}\u{FBFE}\u{FE8E}\u{FEBF}\u{FEAD} \u{FBFD}\u{FEE0}\u{FECB}"
    );
    assert_eq!(visual("علی رضایی", None, &APP_UNSHAPED), "ییاضر یلع");
}

#[test]
fn harakat_stay_after_their_letter() {
    // Visual: dal, meem+fatha+shadda, hah+fatha, meem+damma.
    assert_eq!(visual("مُحَمَّد", None, &APP_UNSHAPED), "دمَّحَمُ");
}

#[test]
fn zwnj_is_not_drawn_but_keeps_letters_apart() {
    let shown = visual("نیک\u{200c}نام", None, &APP);
    assert!(!shown.contains('\u{200c}'));
    // ک stays in its final form (U+FB8F), ن after it in its initial form.
    assert_eq!(shown, "\u{FEE1}\u{FE8E}\u{FEE7}\u{FB8F}\u{FBFF}\u{FEE7}");
}

#[test]
fn brackets_are_mirrored_in_rtl_runs() {
    assert_eq!(
        visual("نیک‌نام (مدیر فروش)", None, &APP_UNSHAPED),
        "(شورف ریدم) مانکین"
    );
    assert_eq!(visual("Sara (CEO)", None, &APP_UNSHAPED), "Sara (CEO)");
}

#[test]
fn phone_numbers_and_emails_read_left_to_right() {
    assert_eq!(
        visual("تلفن 0912-123-4567", None, &APP_UNSHAPED),
        "0912-123-4567 نفلت"
    );
    assert_eq!(
        visual("موبایل +98 912 345 6789", None, &APP_UNSHAPED),
        "+98 912 345 6789 لیابوم"
    );
    assert_eq!(
        visual("ایمیل 09121234567@sms.ir", None, &APP_UNSHAPED),
        "09121234567@sms.ir لیمیا"
    );
}

#[test]
fn latin_and_number_after_persian_stay_together() {
    assert_eq!(visual("شرکت ABC 123", None, &APP_UNSHAPED), "ABC 123 تکرش");
}

#[test]
fn truncation_cuts_the_logical_end() {
    assert_eq!(visual("علی رضایی", Some(8), &APP_UNSHAPED), "…اضر یلع");
    assert_eq!(visual("علی رضایی", Some(7), &APP_UNSHAPED), "…ضر یلع");
    assert_eq!(visual("Sara Ahmadi", Some(7), &APP_UNSHAPED), "Sara A…");
    // A Latin word at the end of a Persian field: the ellipsis still goes to
    // the left end, where the right-to-left line ends.
    assert_eq!(visual("علی Smith", Some(8), &APP_UNSHAPED), "…Smi یلع");
    assert_eq!(visual("علی رضایی", Some(1), &APP), "…");
    assert_eq!(visual("علی رضایی", Some(0), &APP), "");
}

#[test]
fn lam_alef_ligature_takes_one_cell() {
    let shown = visual("سلام", None, &APP);
    assert_eq!(width(&shown), 3);
    assert_eq!(drawn_cells(&shown), 3);
    // Unshaped, lam and alef are two cells even though unicode-width gives
    // the string "لا" a width of 1.
    let plain = visual("سلام", None, &APP_UNSHAPED);
    assert_eq!(width(&plain), 4);
    assert_eq!(drawn_cells(&plain), 4);
}

#[test]
fn width_matches_what_ratatui_draws() {
    for text in [
        "",
        "Sara",
        "لا",
        "مُحَمَّد",
        "نیک\u{200c}نام",
        "a\u{200f}b\u{2066}c",
        "漢字 🎉 👨\u{200d}👩\u{200d}👧",
        "e\u{301}",
        "\u{64e}",
        "ﻻ ﷲ",
    ] {
        assert_eq!(width(text), drawn_cells(text), "{text:?}");
        for options in [APP, APP_UNSHAPED, TERMINAL] {
            let shown = visual(text, None, &options);
            assert_eq!(width(&shown), drawn_cells(&shown), "{text:?} {options:?}");
        }
    }
}

#[test]
fn controls_are_made_visible_and_cannot_reorder() {
    let shown = visual("\u{202e}علی\u{1b}[2J\nx", None, &APP);
    assert!(!shown.contains('\u{202e}'));
    assert!(!shown.contains('\u{1b}'));
    assert!(!shown.contains('\n'));
    assert!(shown.contains("\\u{202e}"));
    assert!(shown.contains("\\u{1b}"));
    assert_eq!(visual("a\u{2029}b", None, &TERMINAL), "a\\u{2029}b");
}

#[test]
fn terminal_mode_keeps_logical_order() {
    assert_eq!(visual("علی (مدیر)", None, &TERMINAL), "علی (مدیر)");
    let shaped = DisplayOptions {
        bidi: BidiMode::Terminal,
        shaping: true,
    };
    assert_eq!(visual("لا", None, &shaped), "\u{FEFB}");
    assert_eq!(visual("علی رضایی", Some(7), &TERMINAL), "علی رض…");
}

#[test]
fn direction_comes_from_the_first_strong_letter_outside_islands() {
    assert!(is_rtl("علی Smith"));
    assert!(!is_rtl("Smith علی"));
    assert!(is_rtl("0912-123-4567 علی"));
    assert!(is_rtl("ali@example.com علی"));
    assert!(!is_rtl("ali@example.com"));
    assert!(!is_rtl("123"));
    // An override is shown, not obeyed; its escape is an island, so the
    // Persian text still decides the direction and the escape reads as is.
    assert!(is_rtl("\u{202e}علی"));
    assert_eq!(visual("\u{202e}علی", None, &APP_UNSHAPED), "یلع\\u{202e}");
}

#[test]
fn aligned_pads_on_the_reading_side() {
    assert_eq!(visual_aligned("Sara", 6, &APP), "Sara  ");
    assert_eq!(visual_aligned("علی", 5, &APP_UNSHAPED), "  یلع");
    assert_eq!(visual_aligned("علی", 5, &TERMINAL), "علی  ");
}

#[test]
fn edit_line_left_to_right() {
    assert_eq!(edit_line("Sara", 4, 10, &APP), ("Sara".to_string(), 4));
    assert_eq!(edit_line("Sara", 0, 10, &APP), ("Sara".to_string(), 0));
    // Scrolled so the caret at the end is on the last cell.
    assert_eq!(
        edit_line("abcdefghij", 10, 5, &APP),
        ("ghij".to_string(), 4)
    );
    assert_eq!(
        edit_line("abcdefghij", 0, 5, &APP),
        ("abcde".to_string(), 0)
    );
}

#[test]
fn edit_line_right_to_left_is_right_aligned() {
    // "علی" is three cells; right-aligned in 6: three spaces first.
    let (text, caret) = edit_line("علی", 3, 6, &APP_UNSHAPED);
    assert_eq!(text, "   یلع");
    assert_eq!(caret, 2, "the next letter goes left of the text");
    let (_, caret) = edit_line("علی", 0, 6, &APP_UNSHAPED);
    assert_eq!(caret, 5, "at the start, on the rightmost cell");
    let (_, caret) = edit_line("علی", 1, 6, &APP_UNSHAPED);
    assert_eq!(caret, 4);
}

#[test]
fn edit_line_scrolls_right_to_left_text() {
    let buffer = "علی رضایی تهرانی";
    let (text, caret) = edit_line(buffer, buffer.chars().count(), 6, &APP_UNSHAPED);
    assert_eq!(caret, 0);
    assert_eq!(width(&text), 6);
    assert_eq!(text, " ینارh".replace('h', "ه"));
}

#[test]
fn edit_line_caret_after_a_phone_number_in_persian() {
    let buffer = "تلفن 0912";
    let (text, caret) = edit_line(buffer, buffer.chars().count(), 12, &APP_UNSHAPED);
    assert_eq!(text, "   0912 نفلت");
    // A Persian letter typed now appears left of the number.
    assert_eq!(caret, 2);
}

#[test]
fn edit_line_terminal_mode_uses_logical_columns() {
    assert_eq!(edit_line("علی", 1, 6, &TERMINAL), ("علی".to_string(), 1));
}

#[test]
fn edit_line_maps_escaped_controls() {
    let (text, caret) = edit_line("a\tb", 2, 20, &APP);
    assert_eq!(text, "a\\u{9}b");
    assert_eq!(caret, 6);
}

#[test]
fn caret_step_swaps_arrows_in_rtl_buffers() {
    assert_eq!(caret_step("Sara", 2, true), 1);
    assert_eq!(caret_step("Sara", 2, false), 3);
    assert_eq!(caret_step("علی", 1, true), 2);
    assert_eq!(caret_step("علی", 1, false), 0);
    assert_eq!(caret_step("علی", 3, true), 3);
    assert_eq!(caret_step("Sara", 0, true), 0);
    // Harakat move with their letter.
    assert_eq!(caret_step("مُحَ", 0, true), 2);
    assert_eq!(caret_step("مُحَ", 4, false), 2);
}

/// Strings heavy in what breaks bidi code: deep explicit nesting, marks,
/// joiners, Arabic letters, digits and separators, controls.
fn nasty_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[\\x{2066}-\\x{2069}\\x{202a}-\\x{202e}a\\x{5d0}\\x{627}\\x{644}1 ]{0,300}",
        "[\\x{600}-\\x{6ff}\\x{200c}-\\x{200f}\\x{fb50}-\\x{fdff}\\x{fe70}-\\x{feff}0-9@.+#%() -]{0,80}",
        proptest::collection::vec(
            prop_oneof![
                Just("\u{2067}".to_string()),
                Just("\u{202e}".to_string()),
                Just("\u{2069}".to_string()),
                Just("علی".to_string()),
                Just("+98 912".to_string()),
            ],
            0..400
        )
        .prop_map(|parts| parts.concat()),
    ]
}

fn any_options() -> impl Strategy<Value = DisplayOptions> {
    (any::<bool>(), any::<bool>()).prop_map(|(app, shaping)| DisplayOptions {
        bidi: if app {
            BidiMode::App
        } else {
            BidiMode::Terminal
        },
        shaping,
    })
}

proptest! {
    #[test]
    fn visual_fits_and_never_panics(
        text in nasty_text(),
        max in proptest::option::of(0usize..40),
        options in any_options(),
    ) {
        let shown = visual(&text, max, &options);
        if let Some(max) = max {
            prop_assert!(width(&shown) <= max, "{shown:?} wider than {max}");
        }
        prop_assert!(!shown.contains(|c: char| c.is_control()));
        prop_assert_eq!(width(&shown), drawn_cells(&shown));
        let _ = is_rtl(&text);
    }

    #[test]
    fn printable_ascii_shows_as_the_whole_pipeline_shows_it(
        // The second pattern makes a cut before spaces common.
        text in prop_oneof!["[ -~]{0,60}", "[ a.]{0,30}"],
        max in proptest::option::of(0usize..70),
        options in any_options(),
    ) {
        prop_assert_eq!(visual(&text, max, &options), super::laid_out(&text, max, &options));
    }

    #[test]
    fn edit_line_keeps_the_caret_inside(
        text in nasty_text(),
        caret in 0usize..500,
        max in 0usize..40,
        options in any_options(),
    ) {
        let (shown, column) = edit_line(&text, caret, max, &options);
        prop_assert!(width(&shown) <= max, "{shown:?} wider than {max}");
        prop_assert!(column < max || (max == 0 && column == 0), "caret {column} in {max}");
        let left = caret_step(&text, caret, true);
        let right = caret_step(&text, caret, false);
        prop_assert!(left <= text.chars().count() && right <= text.chars().count());
    }
}
