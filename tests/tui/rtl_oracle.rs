//! The display pipeline against GNU FriBidi, an independent implementation
//! of the bidi algorithm and of Arabic shaping, over a corpus of mixed
//! Persian, Arabic and English CRM strings (tests/data/rtl/corpus.txt).
//!
//! The expected lines were produced by tests/data/rtl/regen.sh, so this test
//! needs no fribidi. `golden.txt` is fribidi's output with kariz's
//! left-to-right islands wrapped in LRI LRO … PDF PDI by the script;
//! `golden-plain.txt` is fribidi on the raw corpus, kept to show (and count)
//! where the islands deliberately differ from the plain algorithm.
//!
//! Both sides are compared without the invisible format characters (ZWNJ,
//! ZWJ, LRM, RLM, ALM, isolates, U+FEFF): kariz drops them after using them,
//! fribidi's `--clean` drops most of them, and ratatui would not draw them.

use kariz::config::BidiMode;
use kariz::text::display::{DisplayOptions, visual, width};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use unicode_normalization::UnicodeNormalization;

const CORPUS: &str = include_str!("../data/rtl/corpus.txt");
const GOLDEN: &str = include_str!("../data/rtl/golden.txt");
const GOLDEN_PLAIN: &str = include_str!("../data/rtl/golden-plain.txt");

const SHAPED: DisplayOptions = DisplayOptions {
    bidi: BidiMode::App,
    shaping: true,
};
const UNSHAPED: DisplayOptions = DisplayOptions {
    bidi: BidiMode::App,
    shaping: false,
};

fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{61c}' | '\u{feff}'
    )
}

fn visible_part(text: &str) -> String {
    text.chars().filter(|&c| !is_invisible_format(c)).collect()
}

/// fribidi's shaped output turned back into plain letters, still in visual
/// order: a lam-alef ligature in a right-to-left run becomes alef, lam.
fn unshaped(visual_text: &str) -> String {
    let mut out = String::new();
    for c in visual_text.chars() {
        if matches!(c, '\u{fef5}'..='\u{fefc}') {
            let letters: Vec<char> = c.to_string().nfkc().collect();
            out.extend(letters.iter().rev());
        } else if matches!(c, '\u{fb50}'..='\u{fdff}' | '\u{fe70}'..='\u{feff}') {
            out.extend(c.to_string().nfkc());
        } else {
            out.push(c);
        }
    }
    out
}

fn code_points(text: &str) -> String {
    text.chars()
        .map(|c| format!("{:04X}", u32::from(c)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

/// Compares `kariz(line)` with `expected(golden line)` over the corpus and
/// fails with every mismatch listed.
fn compare(
    golden: &str,
    kariz: impl Fn(&str) -> String,
    expected: impl Fn(&str) -> String,
    what: &str,
) {
    let corpus = lines(CORPUS);
    let golden = lines(golden);
    assert_eq!(
        corpus.len(),
        golden.len(),
        "corpus and golden differ in length: run tests/data/rtl/regen.sh"
    );
    let mut mismatches = Vec::new();
    for (n, (input, want)) in corpus.iter().zip(&golden).enumerate() {
        let got = visible_part(&kariz(input));
        let want = visible_part(&expected(want));
        if got != want {
            mismatches.push(format!(
                "line {}: {input}\n  fribidi: {want}\n           {}\n  kariz:   {got}\n           {}",
                n + 1,
                code_points(&want),
                code_points(&got)
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{what}: {} of {} lines differ from fribidi:\n{}",
        mismatches.len(),
        corpus.len(),
        mismatches.join("\n")
    );
}

#[test]
fn corpus_is_large_enough() {
    let corpus = lines(CORPUS);
    assert!(corpus.len() >= 200, "{} lines", corpus.len());
    let has = |needle: &str| corpus.iter().any(|l| l.contains(needle));
    for needle in [
        "\u{200c}",
        "\u{64e}",
        "عبدالله",
        "لا",
        "(",
        "+98",
        "@",
        "#",
        ",",
        "ABC 123",
    ] {
        assert!(has(needle), "corpus has no line with {needle:?}");
    }
}

#[test]
fn shaped_visual_order_matches_fribidi_with_islands() {
    compare(
        GOLDEN,
        |l| visual(l, None, &SHAPED),
        |g| g.to_string(),
        "shaped",
    );
}

#[test]
fn unshaped_visual_order_matches_fribidi_with_islands() {
    compare(GOLDEN, |l| visual(l, None, &UNSHAPED), unshaped, "unshaped");
}

#[test]
fn islands_only_change_lines_that_have_them() {
    // Where fribidi's output does not depend on the wrapping, the line has
    // no island or the island reads the same without it; either way kariz
    // must then match the plain algorithm too.
    let corpus = lines(CORPUS);
    let mut changed = 0;
    for ((input, plain), wrapped) in corpus.iter().zip(lines(GOLDEN_PLAIN)).zip(lines(GOLDEN)) {
        if plain == wrapped {
            assert_eq!(
                visible_part(&visual(input, None, &SHAPED)),
                visible_part(plain),
                "{input}"
            );
        } else {
            changed += 1;
        }
    }
    // The corpus is built to exercise islands: phone numbers, e-mails, ids.
    assert!(
        changed >= 40,
        "only {changed} lines have islands that matter"
    );
}

#[test]
fn corpus_fits_any_width_as_ratatui_draws_it() {
    let mut buffer = Buffer::empty(Rect::new(0, 0, 300, 1));
    for input in lines(CORPUS) {
        for options in [SHAPED, UNSHAPED] {
            let full = visual(input, None, &options);
            buffer.reset();
            let (x, _) = buffer.set_stringn(0, 0, &full, 300, Style::default());
            assert_eq!(width(&full), usize::from(x), "{input}");
            for max in 0..=width(&full) + 1 {
                let cut = visual(input, Some(max), &options);
                assert!(width(&cut) <= max, "{input} at {max}: {cut}");
                if max >= width(&full) {
                    assert_eq!(cut, full, "{input} at {max}");
                } else if max > 0 {
                    assert!(cut.contains('…'), "{input} at {max}: {cut}");
                }
            }
        }
    }
}

const SENTENCES_RTL: &str = include_str!("../data/rtl/sentences-rtl.txt");
const SENTENCES_LTR: &str = include_str!("../data/rtl/sentences-ltr.txt");
const GOLDEN_SENTENCES_RTL: &str = include_str!("../data/rtl/golden-sentences-rtl.txt");
const GOLDEN_SENTENCES_LTR: &str = include_str!("../data/rtl/golden-sentences-ltr.txt");

/// Interface sentences with inserted data in FSI … PDI (what `Locale::tf`
/// and the CLI's messages build): kariz's `visual_in` with the interface
/// language's direction must equal fribidi's layout of the same isolates,
/// shaped and unshaped, and the line sent holds no isolate character, so a
/// terminal without bidi shows exactly that order.
#[test]
fn interface_sentences_with_isolated_data_match_fribidi() {
    use kariz::text::display::visual_in;
    let mut mismatches = Vec::new();
    for (corpus, golden, rtl) in [
        (SENTENCES_RTL, GOLDEN_SENTENCES_RTL, true),
        (SENTENCES_LTR, GOLDEN_SENTENCES_LTR, false),
    ] {
        let golden = lines(golden);
        assert_eq!(
            lines(corpus).len(),
            golden.len(),
            "run tests/data/rtl/regen.sh"
        );
        for (input, want) in lines(corpus).iter().zip(golden) {
            assert!(input.contains('\u{2068}'), "{input}");
            for (options, expected) in [(SHAPED, want.to_owned()), (UNSHAPED, unshaped(want))] {
                let sent = visual_in(input, rtl, None, &options);
                assert!(
                    !sent.contains(['\u{2068}', '\u{2069}', '\\']),
                    "{input}: {sent:?}"
                );
                let got = visible_part(&sent);
                let expected = visible_part(&expected);
                if got != expected {
                    mismatches.push(format!("{input}\n  fribidi: {expected}\n  kariz:   {got}"));
                }
            }
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

/// The isolates matter: laid out without them, a good share of the same
/// sentences come out in another order (a Latin title at the start of a
/// Persian sentence, a Persian name next to a number in an English one).
#[test]
fn isolating_inserted_data_changes_the_order_where_it_should() {
    use kariz::text::display::visual_in;
    let mut changed = 0;
    let mut total = 0;
    for (corpus, rtl) in [(SENTENCES_RTL, true), (SENTENCES_LTR, false)] {
        for input in lines(corpus) {
            total += 1;
            let bare: String = input.replace(['\u{2068}', '\u{2069}'], "");
            if visual_in(input, rtl, None, &SHAPED) != visual_in(&bare, rtl, None, &SHAPED) {
                changed += 1;
            }
        }
    }
    // 7 of the 45 at the time of writing; the rest read the same either
    // way, which the fribidi comparison above covers.
    assert!(
        changed >= 6,
        "only {changed} of {total} sentences need their isolates"
    );
}

/// Cut to any width, a sentence stays within it and never shows an
/// isolate or its escape.
#[test]
fn interface_sentences_fit_any_width() {
    use kariz::text::display::visual_in;
    for (corpus, rtl) in [(SENTENCES_RTL, true), (SENTENCES_LTR, false)] {
        for input in lines(corpus) {
            let full = visual_in(input, rtl, None, &SHAPED);
            for max in 0..=width(&full) + 1 {
                let cut = visual_in(input, rtl, Some(max), &SHAPED);
                assert!(width(&cut) <= max, "{input} at {max}: {cut}");
                assert!(
                    !cut.contains(['\u{2068}', '\u{2069}', '\\']),
                    "{input} at {max}"
                );
            }
        }
    }
}

/// With `bidi = "terminal"` the terminal reorders by itself: the sentence
/// goes out in logical order with the isolates kept for it.
#[test]
fn a_bidi_terminal_gets_the_isolates() {
    use kariz::text::display::visual_in;
    let logical = DisplayOptions::logical();
    for input in lines(SENTENCES_LTR) {
        assert_eq!(visual_in(input, false, None, &logical), input);
    }
}
