//! `kariz print`: PDFs checked by reading their text back with pdftotext
//! (poppler-utils) and by a page image written under target/ for a person
//! to look at; HTML checked for escaping and template overrides.
//!
//! The PDF tests need pdftotext, pdftoppm and the Noto fonts; .ci/run
//! installs them. Without them a local run skips these tests with a note,
//! but under CI (`CI` set) a missing tool or font fails the test.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::common::Env;

/// Whether the PDF tools and fonts are here; fails under CI when not.
pub(crate) fn pdf_tools_present() -> bool {
    let tools = ["pdftotext", "pdftoppm", "pdfinfo"];
    let missing_tool = tools.iter().find(|tool| {
        Command::new(tool)
            .arg("-v")
            .output()
            .map(|o| !o.status.success() && o.stderr.is_empty())
            .unwrap_or(true)
    });
    let font = Path::new("/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf");
    let problem = match missing_tool {
        Some(tool) => Some(format!(
            "{tool} is not installed (apt-get install poppler-utils)"
        )),
        None if !font.exists() => {
            Some("Noto Naskh Arabic is not installed (apt-get install fonts-noto-core)".to_owned())
        }
        None => None,
    };
    match problem {
        None => true,
        Some(problem) if std::env::var_os("CI").is_some() => {
            panic!("{problem}: .ci/run installs it; the PDF tests must not be skipped in CI")
        }
        Some(problem) => {
            eprintln!("skipping a PDF test: {problem}");
            false
        }
    }
}

/// The words of `text` in order, for comparing what pdftotext reads back
/// with what was printed. pdftotext gets the words of right-to-left text
/// in logical order, but not the spaces and punctuation at the edges of a
/// left-to-right island ("Cat6 ساخت" comes back as "Cat6ساخت", "X: Y" as
/// "X :Y"), and puts an Arabic mark before its letter ("ألًفا"). So both
/// sides are cut into words the same way: runs of Arabic-script letters,
/// other letters or digits, with marks, bidi controls, spaces and
/// punctuation dropped. Order is kept, so a swapped number or a reversed
/// phrase still fails.
fn words(text: &str) -> Vec<String> {
    #[derive(Clone, Copy, PartialEq)]
    enum Kind {
        Arabic,
        Digit,
        Other,
    }
    let mut out = Vec::new();
    let mut current = String::new();
    let mut kind = None;
    for c in text.chars() {
        let ignored = matches!(c, '\u{64b}'..='\u{65f}' | '\u{670}')
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        if ignored {
            continue;
        }
        let this = if c.is_numeric() {
            Some(Kind::Digit)
        } else if c.is_alphabetic() && ('\u{600}'..='\u{6ff}').contains(&c) {
            Some(Kind::Arabic)
        } else if c.is_alphabetic() {
            Some(Kind::Other)
        } else {
            None
        };
        if this != kind && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        if this.is_some() {
            current.push(c);
        }
        kind = this;
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Whether the words of `phrase` appear in `text`, together and in order.
pub(crate) fn reads(text: &str, phrase: &str) -> bool {
    let text = words(text);
    let phrase = words(phrase);
    !phrase.is_empty() && text.windows(phrase.len()).any(|w| w == phrase.as_slice())
}

#[test]
fn words_are_compared_in_order() {
    assert!(reads("خریدار :بازرگانی آفتاب", "خریدار: بازرگانی آفتاب"));
    assert!(reads(
        "کابل شبکه  Cat6ساخت Legrand",
        "کابل شبکه Cat6 ساخت Legrand"
    ));
    assert!(reads("خمسة عشر ألًفا", "خمسة عشر ألفًا"));
    assert!(!reads("شماره ۰۰۱۷-۱۴۰۵", "۱۴۰۵-۰۰۱۷"));
    assert!(!reads("آفتاب بازرگانی", "بازرگانی آفتاب"));
}

pub(crate) fn pdftotext(pdf: &Path, pages: Option<(u32, u32)>) -> String {
    let mut cmd = Command::new("pdftotext");
    if let Some((first, last)) = pages {
        cmd.args(["-f", &first.to_string(), "-l", &last.to_string()]);
    }
    let out = cmd.arg(pdf).arg("-").output().expect("run pdftotext");
    assert!(out.status.success(), "pdftotext failed: {out:?}");
    String::from_utf8(out.stdout).expect("UTF-8 text")
}

fn page_count(pdf: &Path) -> u32 {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("run pdfinfo");
    let info = String::from_utf8_lossy(&out.stdout).into_owned();
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count in {info}"))
}

/// Renders the first page at 60 dpi under target/print-artefacts/ and
/// prints the path: the artefact a person looks at to judge the shaping.
pub(crate) fn page_image(pdf: &Path, name: &str) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let dir = target.join("print-artefacts");
    std::fs::create_dir_all(&dir).unwrap();
    let prefix = dir.join(name);
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile"])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .expect("run pdftoppm");
    assert!(status.success());
    let png = prefix.with_extension("png");
    assert!(
        std::fs::metadata(&png).unwrap().len() > 1000,
        "{}",
        png.display()
    );
    println!("page image: {}", png.display());
    png
}

fn sample(env: &Env, lang: &str, extra: &[&str]) -> PathBuf {
    let pdf = env.path(&format!("{lang}.pdf"));
    let mut args = vec!["print", "sample", "--lang", lang, "-o"];
    let path = pdf.to_str().unwrap().to_owned();
    args.push(&path);
    args.extend_from_slice(extra);
    let out = env.ok(&args);
    assert_eq!(out.trim(), path, "prints the path of the file written");
    pdf
}

#[test]
fn a_persian_pre_invoice_reads_back_in_logical_order() {
    if !pdf_tools_present() {
        return;
    }
    let env = Env::new();
    let pdf = sample(&env, "fa", &[]);
    let text = pdftotext(&pdf, None);
    for want in [
        "پیش‌فاکتور",
        "شرکت نمونه کاریز",
        "خریدار: بازرگانی آفتاب",
        // The number and dates: Persian digits, Jalali calendar.
        "۱۴۰۵-۰۰۱۷",
        "۱۴۰۵/۰۹/۰۱",
        // Latin product codes inside Persian text stay whole and in place.
        "لپ‌تاپ Lenovo ThinkPad X1",
        "FortiGate 60F",
        "کابل شبکه Cat6 ساخت Legrand",
        "۱٬۹۲۳٬۵۹۷٬۵۰۰ ریال",
        "به حروف: یک میلیارد و نهصد و بیست و سه میلیون و پانصد و نود و هفت هزار و پانصد ریال",
    ] {
        assert!(
            reads(&text, want),
            "{want:?} not in the PDF's text:\n{text}"
        );
    }
    assert_eq!(page_count(&pdf), 1);
    page_image(&pdf, "quote-fa");
}

#[test]
fn english_and_arabic_quotes_read_back() {
    if !pdf_tools_present() {
        return;
    }
    let env = Env::new();
    let pdf = sample(&env, "en", &[]);
    let text = pdftotext(&pdf, None);
    for want in [
        "Quotation",
        "Kariz Sample Ltd",
        "Buyer: Sunrise Trading",
        "No.: 2026-0017",
        "Date: 2026-11-22",
        "4,288.87 USD",
        "four thousand two hundred eighty-eight US dollars and eighty-seven cents",
    ] {
        assert!(
            reads(&text, want),
            "{want:?} not in the PDF's text:\n{text}"
        );
    }
    page_image(&pdf, "quote-en");

    let pdf = sample(&env, "ar", &[]);
    let text = pdftotext(&pdf, None);
    for want in [
        "عرض سعر",
        "شركة كاريز للتجارة",
        "المشتري: مؤسسة الشمس",
        "٢٠٢٦-٠٠١٧",
        "حاسوب محمول Lenovo ThinkPad",
        "خمسة عشر ألفًا وستمئة وأربعة وخمسون درهمًا وسبعة وثلاثون فلسًا",
    ] {
        assert!(
            reads(&text, want),
            "{want:?} not in the PDF's text:\n{text}"
        );
    }
    page_image(&pdf, "quote-ar");
}

#[test]
fn many_lines_break_pages_and_repeat_the_table_header() {
    if !pdf_tools_present() {
        return;
    }
    let env = Env::new();
    let pdf = sample(&env, "fa", &["--lines", "40"]);
    let pages = page_count(&pdf);
    assert!(pages >= 2, "40 lines on {pages} page(s)");
    let last = pdftotext(&pdf, Some((pages, pages)));
    // A running head and the column titles again, and the footer count.
    assert!(
        reads(&last, "پیش‌فاکتور ۱۴۰۵-۰۰۱۷ شرکت نمونه کاریز"),
        "{last}"
    );
    assert!(reads(&last, "شرح کالا یا خدمات"), "{last}");
    assert!(
        reads(&last, "به حروف: بیست و شش میلیارد"),
        "the totals end the last page: {last}"
    );
    page_image(&pdf, "quote-fa-long");
}

#[test]
fn letter_paper_and_the_configured_letterhead() {
    if !pdf_tools_present() {
        return;
    }
    let env = Env::new();
    std::fs::create_dir_all(env.config_file().parent().unwrap()).unwrap();
    std::fs::write(
        env.config_file(),
        "[print]\npaper = \"letter\"\n[print.seller]\nname = \"Acme Trading FZE\"\neconomic_code = \"TRN-100200\"\n",
    )
    .unwrap();
    let pdf = sample(&env, "en", &[]);
    let info = Command::new("pdfinfo").arg(&pdf).output().unwrap();
    assert!(String::from_utf8_lossy(&info.stdout).contains("612 x 792"));
    let text = pdftotext(&pdf, None);
    assert!(reads(&text, "Acme Trading FZE"), "{text}");
    assert!(reads(&text, "Economic code: TRN-100200"), "{text}");
}

#[test]
fn a_missing_font_is_named_with_what_to_install() {
    let env = Env::new();
    let empty = env.path("no-fonts");
    std::fs::create_dir_all(&empty).unwrap();
    let pdf = env.path("x.pdf");
    let err = String::from_utf8(
        env.kariz()
            .env("KARIZ_FONT_DIRS", &empty)
            .args(["print", "sample", "--lang", "fa", "-o"])
            .arg(&pdf)
            .assert()
            .failure()
            .get_output()
            .stderr
            .clone(),
    )
    .unwrap();
    assert!(err.contains("Noto Naskh Arabic"), "{err}");
    assert!(err.contains("apt-get install fonts-noto-core"), "{err}");
    assert!(err.contains("[print]"), "{err}");
    assert!(!pdf.exists(), "no half-written file");

    // A configured font that is not there is named by its path.
    std::fs::create_dir_all(env.config_file().parent().unwrap()).unwrap();
    std::fs::write(
        env.config_file(),
        "[print]\nfont = \"/nowhere/Vazirmatn.ttf\"\n",
    )
    .unwrap();
    let err = env.fails(
        1,
        [
            "print",
            "sample",
            "--lang",
            "fa",
            "-o",
            pdf.to_str().unwrap(),
        ],
    );
    assert!(err.contains("/nowhere/Vazirmatn.ttf"), "{err}");
}

#[test]
fn html_escapes_user_text_and_templates_can_be_replaced() {
    let env = Env::new();
    let dir = env.config_file().parent().unwrap().to_owned();
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        env.config_file(),
        "[print.seller]\nname = \"<script>alert(1)</script> & Sons\"\n",
    )
    .unwrap();
    let html = env.ok(["print", "sample", "--lang", "fa", "--format", "html"]);
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt; &amp; Sons"),
        "{html}"
    );
    assert!(!html.contains("<script>"), "{html}");
    assert!(html.contains("dir=\"rtl\""));
    assert!(html.contains("پیش‌فاکتور"));
    assert!(html.contains("یک میلیارد و نهصد و بیست و سه میلیون"));

    // The built-in template can be written out, changed and used.
    let template = env.ok(["print", "template"]);
    assert!(template.contains("{{ total_in_words }}"));
    std::fs::create_dir_all(dir.join("templates")).unwrap();
    std::fs::write(
        dir.join("templates/quote.html"),
        "<p>{{ title }} {{ number }}: {{ seller.name }} / {{ total }}</p>",
    )
    .unwrap();
    let html = env.ok(["print", "sample", "--lang", "en", "--format", "html"]);
    assert_eq!(
        html.trim(),
        "<p>Quotation 2026-0017: &lt;script&gt;alert(1)&lt;&#x2f;script&gt; &amp; Sons / 4,288.87 USD</p>"
    );

    // A broken template is named, with minijinja's reason.
    std::fs::write(dir.join("templates/quote.html"), "{% for x in %}").unwrap();
    let err = env.fails(1, ["print", "sample", "--format", "html"]);
    assert!(err.contains("templates/quote.html"), "{err}");
}
