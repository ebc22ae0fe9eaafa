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
