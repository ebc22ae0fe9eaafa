//! Every screen of a Persian and an Arabic interface at 80x24, walked key by
//! key, must reach the terminal through the display pipeline.
//!
//! How a bypass is detected: with the default `bidi = "app"` and
//! `arabic_shaping = true`, the pipeline turns every Arabic-script letter
//! that has a presentation form into that form (docs/rtl.md, step 4). So a
//! base-range letter (U+0600–U+06FF) in the drawn buffer that shaping would
//! have changed was drawn in logical order, unshaped: it bypassed the
//! pipeline. Letters without a presentation form and digits are left alone
//! by shaping, so they are not evidence.

use chrono::DateTime;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kariz::clock::Clock;
use kariz::config::Config;
use kariz::store::Store;
use kariz::text::display::{DisplayOptions, visual, visual_in};
use kariz::tui::action::Action;
use kariz::tui::app::App;
use kariz::tui::state::PageRef;
use kariz::tui::state::State;
use kariz::tui::views;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const NOW: &str = "2026-11-22T10:00:00+03:30";
const USER: &str = "tester";

fn app(config_text: &str, origin: &str) -> App {
    app_with(config_text, origin, |_, _| {})
}

/// [`app`] with `extra` written to the store after the demo data.
fn app_with(config_text: &str, origin: &str, extra: impl FnOnce(&mut Store, &Clock)) -> App {
    let clock = Clock::fixed(DateTime::parse_from_rfc3339(NOW).expect("NOW is RFC 3339"));
    let config = Config::parse(config_text, origin).expect("the example config parses");
    let mut store = Store::open_in_memory(config.clone(), USER).expect("open an in-memory store");
    kariz::demo::load_demo_data(&mut store, &clock).expect("load the demo data");
    extra(&mut store, &clock);
    let session = kariz::tui::session(&config, USER, "demo.db", &clock, false);
    let state = State::new(session, clock.now_utc(), clock.today(), (80, 24));
    let mut app = App::inline(state, store, clock).expect("load the search index");
    app.start();
    app
}

fn press(app: &mut App, code: KeyCode, modifiers: KeyModifiers) {
    app.dispatch(Action::Key(KeyEvent::new(code, modifiers)));
}

fn key(app: &mut App, code: KeyCode) {
    press(app, code, KeyModifiers::NONE);
}

fn chars(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// The drawn screen, one string per row.
fn rows(app: &App) -> Vec<String> {
    let (w, h) = app.state.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("a test terminal");
    terminal
        .draw(|f| views::draw(f, &app.state))
        .expect("draw the screen");
    let buffer = terminal.backend().buffer();
    (0..h)
        .map(|y| (0..w).map(|x| buffer[(x, y)].symbol()).collect::<String>())
        .collect()
}

/// A letter the pipeline would have shaped, drawn as it is stored.
fn unshaped(c: char) -> bool {
    ('\u{600}'..='\u{6ff}').contains(&c)
        && c.is_alphabetic()
        && visual(&c.to_string(), None, &DisplayOptions::default()) != c.to_string()
}

/// The screen and the offending lines if anything bypassed the pipeline.
fn check(app: &App, step: &str, language: &str) -> Option<String> {
    let shown = rows(app);
    // An isolate around inserted data drawn through the field pipeline
    // (instead of `ui`) shows as an escape, or raw if it skipped both.
    let bad: Vec<&str> = shown
        .iter()
        .filter(|line| {
            line.chars().any(unshaped)
                || line.contains("\\u{2068}")
                || line.contains("\\u{2069}")
                || line.contains(['\u{2068}', '\u{2069}'])
        })
        .map(String::as_str)
        .collect();
    (!bad.is_empty()).then(|| {
        format!(
            "{language}, {step}: lines drawn in logical order:\n{}\n\nwhole screen:\n{}\n",
            bad.join("\n"),
            shown.join("\n")
        )
    })
}

fn open_first_contact(app: &mut App) {
    chars(app, "2");
    key(app, KeyCode::Enter);
}

fn open_first_deal(app: &mut App) {
    chars(app, "3");
    key(app, KeyCode::Enter);
}

/// Opens the page `reference` as if navigated to (the demo's quotes and
/// invoice have no fixed place on the board to reach them by keys).
fn open_page(app: &mut App, reference: kariz::tui::state::PageRef) {
    let page = kariz::tui::load::page(app.store(), reference, app.state.today, app.state.now)
        .expect("load the page");
    app.state.pages.push(page);
}

/// The demo's invoiced quote (the first) and its customer.
fn invoiced_quote(app: &App) -> (i64, i64) {
    let quote = app
        .store()
        .doc(kariz::model::DocKind::Quote, 1)
        .expect("the demo's first quote");
    (quote.id, quote.data.person_id.expect("a customer"))
}

fn walk(config: &str, language: &str) {
    let failures = std::cell::RefCell::new(Vec::new());
    // Runs `keys` from a fresh app and checks the screen.
    let step = |config: &str, language: &str, name: &str, keys: &dyn Fn(&mut App)| {
        let mut app = app(config, language);
        keys(&mut app);
        // A step that names a form, picker or dialog must really show one,
        // or the walk would check the screen under it twice.
        let overlay = [
            "add", "log", "edit", "picker", "help", "tag", "owner", "sort", "delete",
        ]
        .iter()
        .any(|w| name.contains(w));
        assert!(
            !overlay || !app.state.overlays.is_empty(),
            "{language}, {name}: no overlay shown"
        );
        if let Some(failure) = check(&app, name, language) {
            failures.borrow_mut().push(failure);
        }
    };
    let ctrl = |app: &mut App, c: char| press(app, KeyCode::Char(c), KeyModifiers::CONTROL);
    step(config, language, "today", &|_| {});
    step(config, language, "today help", &|a| chars(a, "?"));
    step(config, language, "today add task", &|a| chars(a, "a"));
    step(config, language, "today done message", &|a| chars(a, "x"));
    step(config, language, "today snooze", &|a| chars(a, "S"));
    step(config, language, "contacts", &|a| chars(a, "2"));
    step(config, language, "contacts search prompt", &|a| {
        chars(a, "2/")
    });
    step(config, language, "contacts search typed", &|a| {
        chars(a, "2/نیک");
    });
    step(config, language, "contacts no match", &|a| {
        chars(a, "2/zzzzqq");
    });
    step(config, language, "contacts companies", &|a| chars(a, "2p"));
    step(config, language, "contacts add person", &|a| chars(a, "2a"));
    step(config, language, "contacts add company", &|a| {
        chars(a, "2A")
    });
    step(config, language, "contacts filter tag", &|a| chars(a, "2T"));
    step(config, language, "contacts filter owner", &|a| {
        chars(a, "2O")
    });
    step(config, language, "contacts reordered by o", &|a| {
        chars(a, "2o")
    });
    step(config, language, "contacts delete", &|a| chars(a, "2D"));
    step(config, language, "contacts help", &|a| chars(a, "2?"));
    step(config, language, "customer page", &open_first_contact);
    step(config, language, "customer log activity", &|a| {
        open_first_contact(a);
        chars(a, "c");
    });
    step(config, language, "customer log activity picker", &|a| {
        open_first_contact(a);
        chars(a, "c");
        ctrl(a, 'p');
    });
    step(config, language, "customer add deal", &|a| {
        open_first_contact(a);
        chars(a, "n");
    });
    step(config, language, "customer add task", &|a| {
        open_first_contact(a);
        chars(a, "a");
    });
    step(config, language, "customer edit", &|a| {
        open_first_contact(a);
        chars(a, "E");
    });
    step(config, language, "customer tag", &|a| {
        open_first_contact(a);
        chars(a, "t");
    });
    step(config, language, "customer help", &|a| {
        open_first_contact(a);
        chars(a, "?");
    });
    step(config, language, "pipeline", &|a| chars(a, "3"));
    step(config, language, "pipeline next", &|a| chars(a, "3P"));
    step(config, language, "pipeline move", &|a| chars(a, "3L"));
    step(config, language, "pipeline won", &|a| chars(a, "3W"));
    step(config, language, "pipeline move undone", &|a| {
        chars(a, "3Lu")
    });
    step(config, language, "pipeline lost reason picked", &|a| {
        chars(a, "3X");
        key(a, KeyCode::Enter);
    });
    step(config, language, "pipeline lost", &|a| chars(a, "3X"));
    step(config, language, "deal page", &open_first_deal);
    step(config, language, "deal edit", &|a| {
        open_first_deal(a);
        chars(a, "e");
    });
    step(config, language, "deal log activity", &|a| {
        open_first_deal(a);
        chars(a, "c");
    });
    step(config, language, "reports", &|a| chars(a, "4"));
    step(config, language, "cases", &|a| chars(a, "5"));
    step(config, language, "case page", &|a| {
        chars(a, "5");
        key(a, KeyCode::Enter);
    });
    step(config, language, "quote page with its invoice", &|a| {
        let (quote, _) = invoiced_quote(a);
        open_page(a, PageRef::Quote(quote));
    });
    step(config, language, "quote payment form", &|a| {
        let (quote, _) = invoiced_quote(a);
        open_page(a, PageRef::Quote(quote));
        chars(a, "P");
    });
    step(config, language, "quote line picker", &|a| {
        open_page(a, PageRef::Quote(3));
        chars(a, "a");
    });
    step(config, language, "customer receivables", &|a| {
        let (_, person) = invoiced_quote(a);
        open_page(a, PageRef::Person(person));
    });
    step(config, language, "form validation", &|a| {
        chars(a, "a");
        ctrl(a, 's');
    });
    let failures = failures.into_inner();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_persian_screen_goes_through_the_display_pipeline() {
    walk(include_str!("../../config/examples/fa.toml"), "fa");
}

#[test]
fn every_arabic_screen_goes_through_the_display_pipeline() {
    walk(include_str!("../../config/examples/ar.toml"), "ar");
}

/// The deal page's stage history in Persian: each move is a right-aligned
/// line whose arrow points the way it reads (the bidi algorithm does not
/// mirror arrows), the date at the right.
#[test]
fn persian_stage_history_reads_right_to_left_with_its_arrow() {
    let mut app = app(include_str!("../../config/examples/fa.toml"), "fa");
    open_first_deal(&mut app);
    let shown = rows(&app);
    let moves: Vec<&String> = shown.iter().filter(|l| l.contains('←')).collect();
    assert!(!moves.is_empty(), "no stage move:\n{}", shown.join("\n"));
    for line in moves {
        let inner = line.trim_matches('│');
        assert!(!inner.contains('→'), "{line}");
        // Right-aligned: the text ends at the border, padding on the left.
        assert!(inner.starts_with(' ') && !inner.ends_with(' '), "{line}");
        let last = inner.trim_end().chars().last().unwrap_or(' ');
        assert!(
            kariz::text::digits::is_digit(last),
            "the date is not at the right: {line}"
        );
    }
}

/// The detector itself: a Persian word drawn raw is caught, its visual form
/// is not, and Persian digits are never evidence.
#[test]
fn the_detector_tells_logical_from_visual_text() {
    assert!("جستجو".chars().any(unshaped));
    let shown = visual("جستجو", None, &DisplayOptions::default());
    assert!(!shown.chars().any(unshaped), "{shown}");
    assert!(!"۱۴۰۵/۰۹/۰۱".chars().any(unshaped));
}

/// A message that starts with a Latin deal title is still a Persian
/// sentence: right-to-left base direction, right-aligned, the title kept
/// whole as a left-to-right run inside it.
#[test]
fn a_message_starting_with_a_latin_title_reads_right_to_left() {
    let mut app = app(include_str!("../../config/examples/fa.toml"), "fa");
    chars(&mut app, "3H");
    let message = app.state.message.clone().expect("a move reports itself");
    let logical = message.text;
    // The title is inserted data: an isolate (FSI … PDI) right after «.
    assert_eq!(logical.chars().nth(1), Some('\u{2068}'), "{logical}");
    let title_start = logical.chars().nth(2).expect("a title after «");
    assert!(title_start.is_ascii_alphabetic(), "{logical}");
    // The stage is shown by its Persian label, not its stored name.
    assert!(logical.contains("\u{2068}واجد شرایط\u{2069}"), "{logical}");
    let shown = rows(&app);
    let line = shown[shown.len() - 2].trim().to_owned();
    let options = DisplayOptions::default();
    assert_eq!(line, visual_in(&logical, true, None, &options), "{logical}");
    // Left to right (the old layout) would put the title first.
    assert_ne!(line, visual(&logical, None, &options));
    assert!(shown[shown.len() - 2].ends_with(&line), "right-aligned");
    // The sentence's last word, «منتقل شد», ends it on the left.
    let done = visual("شد", None, &options);
    assert!(line.starts_with(&done), "{line}");
}

/// The log form in Persian: the kind in Persian, today's date in Jalali
/// with Persian digits, and saving it logs an outgoing call on that day.
#[test]
fn the_persian_log_form_shows_persian_words_and_a_jalali_date() {
    let mut app = app(include_str!("../../config/examples/fa.toml"), "fa");
    open_first_contact(&mut app);
    chars(&mut app, "c");
    let screen = rows(&app).join("\n");
    let options = DisplayOptions::default();
    assert!(
        screen.contains(&visual("تماس خروجی", None, &options)),
        "{screen}"
    );
    assert!(!screen.contains("outgoing_call"), "{screen}");
    assert!(screen.contains("۱۴۰۵/۰۹/۰۱"), "{screen}");
    assert!(!screen.contains("today"), "{screen}");
    chars(&mut app, "x");
    press(&mut app, KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(app.state.overlays.is_empty(), "saved:\n{screen}");
}

/// The fa example (its lost reasons stored in English, labelled in
/// Persian and Arabic) with a labelled custom field on people.
fn labelled_config() -> String {
    include_str!("../../config/examples/fa.toml").to_owned()
        + "\n[[custom_fields]]\nname = \"segment\"\nlabel = { en = \"Segment\", fa = \"بخش بازار\" }\nentity = \"person\"\ntype = \"text\"\n"
}

/// Names from the config in Persian: the board title shows the pipeline's
/// label, the lost-reason picker the reasons' labels (storing the name),
/// the deal page the stored reason by its label.
#[test]
fn pipeline_and_lost_reason_labels_are_shown_and_names_stored() {
    let options = DisplayOptions::default();
    let mut app = app(&labelled_config(), "fa");
    chars(&mut app, "3");
    let screen = rows(&app).join("\n");
    assert!(screen.contains(&visual("فروش", None, &options)), "{screen}");
    assert!(!screen.contains("sales"), "{screen}");
    let id = app
        .state
        .pipeline
        .current()
        .expect("a deal on the board")
        .id;
    chars(&mut app, "X");
    let Some(kariz::tui::overlays::Overlay::Picker(picker)) = app.state.overlays.last() else {
        panic!("a reason picker");
    };
    assert_eq!(picker.options[0].label, "قیمت بالا");
    key(&mut app, KeyCode::Enter);
    let deal = app.store().deal(id).expect("the deal");
    assert_eq!(deal.data.lost_reason.as_deref(), Some("Price too high"));
    let message = app.state.message.clone().expect("a message").text;
    assert!(message.contains("\u{2068}قیمت بالا\u{2069}"), "{message}");
}

/// Phone labels and custom-field labels in Persian on the page and the
/// form; saving the form stores the canonical phone label again.
#[test]
fn phone_and_custom_field_labels_are_persian_and_stored_canonical() {
    let options = DisplayOptions::default();
    let mut app = app(&labelled_config(), "fa");
    open_first_contact(&mut app);
    let Some(kariz::tui::state::Page::Customer(page)) = app.state.pages.last() else {
        panic!("a customer page");
    };
    let person = page.person.clone().expect("a person");
    assert!(
        !person.data.phones.is_empty(),
        "the first contact has a phone"
    );
    let stored: Vec<String> = person.data.phones.iter().map(|p| p.label.clone()).collect();
    let screen = rows(&app).join("\n");
    assert!(
        screen.contains(&visual("موبایل", None, &options))
            || !stored.contains(&"mobile".to_owned()),
        "{screen}"
    );
    for label in &stored {
        assert!(
            !screen.contains(&format!("({label})")),
            "{label}:\n{screen}"
        );
    }
    chars(&mut app, "E");
    let screen = rows(&app).join("\n");
    assert!(
        screen.contains(&visual("بخش بازار", None, &options)),
        "{screen}"
    );
    press(&mut app, KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(app.state.overlays.is_empty(), "saved");
    let again = app.store().person(person.id).expect("the person");
    let labels: Vec<String> = again.data.phones.iter().map(|p| p.label.clone()).collect();
    assert_eq!(labels, stored);
}

/// The deal on the board's cursor in a fresh Persian app.
fn board_deal(app: &mut App) -> i64 {
    chars(app, "3");
    app.state
        .pipeline
        .current()
        .expect("a deal on the board")
        .id
}

/// A lost reason given by a label is stored by the reason's name, so the
/// lost-deals report counts it once: picked from the Persian list after
/// typing part of its label, typed in the "other" prompt as its Arabic
/// label, and typed into the deal form's field.
#[test]
fn a_lost_reason_given_by_its_label_is_stored_by_its_name() {
    let fa = include_str!("../../config/examples/fa.toml");
    // Picked: the picker filters the Persian labels.
    let mut app = app(fa, "fa");
    let id = board_deal(&mut app);
    chars(&mut app, "X");
    chars(&mut app, "بودجه");
    key(&mut app, KeyCode::Enter);
    let deal = app.store().deal(id).expect("the deal");
    assert_eq!(deal.data.lost_reason.as_deref(), Some("No budget"));
    // Typed as "other": the Arabic label of a listed reason.
    let mut app = self::app(fa, "fa");
    let id = board_deal(&mut app);
    chars(&mut app, "X");
    for _ in 0..10 {
        key(&mut app, KeyCode::Down);
    }
    key(&mut app, KeyCode::Enter);
    assert!(
        matches!(
            app.state.overlays.last(),
            Some(kariz::tui::overlays::Overlay::Prompt(_))
        ),
        "the prompt for a typed reason"
    );
    chars(&mut app, "لا توجد ميزانية");
    key(&mut app, KeyCode::Enter);
    let deal = app.store().deal(id).expect("the deal");
    assert_eq!(deal.data.stage, "Lost");
    assert_eq!(deal.data.lost_reason.as_deref(), Some("No budget"));
    // A reason that is no listed one's name or label stays as typed.
    let mut app = self::app(fa, "fa");
    let id = board_deal(&mut app);
    chars(&mut app, "X");
    for _ in 0..10 {
        key(&mut app, KeyCode::Down);
    }
    key(&mut app, KeyCode::Enter);
    chars(&mut app, "مناقصه لغو شد");
    key(&mut app, KeyCode::Enter);
    let deal = app.store().deal(id).expect("the deal");
    assert_eq!(deal.data.lost_reason.as_deref(), Some("مناقصه لغو شد"));
}

/// The deal form in Persian: the stage picked by its Persian label, the
/// lost reason typed as a listed reason's Persian label; both stored by
/// their names.
#[test]
fn the_persian_deal_form_stores_a_labelled_reason_by_its_name() {
    let mut app = app(include_str!("../../config/examples/fa.toml"), "fa");
    let id = board_deal(&mut app);
    key(&mut app, KeyCode::Enter);
    chars(&mut app, "e");
    for _ in 0..3 {
        key(&mut app, KeyCode::Tab);
    }
    chars(&mut app, "از دست");
    key(&mut app, KeyCode::Enter);
    chars(&mut app, "قیمت بالا");
    key(&mut app, KeyCode::Enter);
    let screen = rows(&app).join("\n");
    press(&mut app, KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(
        app.state.overlays.is_empty(),
        "saved: {:?}\n{screen}",
        app.state.overlays.last()
    );
    let deal = app.store().deal(id).expect("the deal");
    assert_eq!(deal.data.stage, "Lost");
    assert_eq!(deal.data.lost_reason.as_deref(), Some("Price too high"));
}

/// An app whose board opens on a deal called `title`: it entered the first
/// stage before every demo deal, so it heads the first column.
fn app_with_deal(config_text: &str, origin: &str, title: &str) -> App {
    app_with(config_text, origin, |store, _| {
        let early = DateTime::parse_from_rfc3339("2020-01-01T09:00:00Z")
            .expect("a date")
            .to_utc();
        store
            .write(early, |w| {
                w.add_deal(kariz::model::DealData {
                    title: title.to_owned(),
                    pipeline: "sales".to_owned(),
                    currency: "USD".to_owned(),
                    ..Default::default()
                })
            })
            .expect("add the deal");
    })
}

/// The message line of the screen (the row above the status bar).
fn message_line(app: &App) -> String {
    let shown = rows(app);
    shown[shown.len() - 2].clone()
}

/// A Persian sentence with a Latin title holding digits, at 80x24: the
/// sentence reads right to left with the title, digits and all, kept whole
/// as one left-to-right run where the title belongs (after «, at the
/// right), the stage label after it, and the line right-aligned.
#[test]
fn a_persian_message_keeps_a_latin_title_with_digits_whole() {
    let title = "HPE DL380 Gen11 x2";
    let mut app = app_with_deal(include_str!("../../config/examples/fa.toml"), "fa", title);
    chars(&mut app, "3");
    let current = app
        .state
        .pipeline
        .current()
        .expect("a deal")
        .data
        .title
        .clone();
    assert_eq!(current, title, "the board opens on the new deal");
    chars(&mut app, "H");
    let logical = app
        .state
        .message
        .clone()
        .expect("a move reports itself")
        .text;
    assert!(
        logical.contains(&format!("\u{2068}{title}\u{2069}")),
        "{logical}"
    );
    let line = message_line(&app);
    let options = DisplayOptions::default();
    assert_eq!(line.trim(), visual_in(&logical, true, None, &options));
    // Read from the right: «title», then the stage, then «منتقل شد» last
    // on the left; the title's digits stay in their Latin order.
    let stage = visual("واجد شرایط", None, &options);
    let done = visual("شد", None, &options);
    let at = |needle: &str| {
        line.find(needle)
            .unwrap_or_else(|| panic!("{needle} in {line}"))
    };
    assert!(at(&done) < at(&stage) && at(&stage) < at(title), "{line}");
    assert!(
        line.starts_with(' ') && line.len() > line.trim_start().len(),
        "right-aligned: {line:?}"
    );
}

/// An English sentence with a Persian title, at 80x24: left to right, the
/// title a right-to-left run in its place between the quotes, the stage
/// after it; nothing of the sentence moves around the Persian words.
#[test]
fn an_english_message_keeps_a_persian_title_in_its_place() {
    let title = "قرارداد ۱۲ ماهه پشتیبانی";
    let mut app = app_with_deal(include_str!("../../config/default.toml"), "en", title);
    chars(&mut app, "3");
    let current = app
        .state
        .pipeline
        .current()
        .expect("a deal")
        .data
        .title
        .clone();
    assert_eq!(current, title, "the board opens on the new deal");
    chars(&mut app, "L");
    let logical = app
        .state
        .message
        .clone()
        .expect("a move reports itself")
        .text;
    assert!(
        logical.contains(&format!("\u{2068}{title}\u{2069}")),
        "{logical}"
    );
    let line = message_line(&app);
    let options = DisplayOptions::default();
    let shown_title = visual(title, None, &options);
    assert_eq!(
        line.trim_end(),
        format!("Moved \"{shown_title}\" to Qualified"),
        "{line}"
    );
    assert_eq!(line.trim_end(), visual_in(&logical, false, None, &options));
}

/// Tabs the open form to the field `name`.
fn focus_field(app: &mut App, name: &str) {
    for _ in 0..20 {
        let Some(kariz::tui::overlays::Overlay::Form(form)) = app.state.overlays.last() else {
            panic!("a form is open");
        };
        if form.fields[form.focus].name == name {
            return;
        }
        key(app, KeyCode::Tab);
    }
    panic!("no field {name} in the form");
}

/// The error under the form's field `name`.
fn field_error(app: &App, name: &str) -> Option<String> {
    let Some(kariz::tui::overlays::Overlay::Form(form)) = app.state.overlays.last() else {
        panic!("a form is open");
    };
    form.fields
        .iter()
        .find(|f| f.name == name)
        .and_then(|f| f.error.clone())
}

/// A bad value in a Persian form is refused in Persian: the catalogue's
/// sentence, drawn right to left under the field. Persian digits are read.
#[test]
fn a_persian_form_refuses_a_bad_value_in_persian() {
    let mut app = app(include_str!("../../config/examples/fa.toml"), "fa");
    let id = board_deal(&mut app);
    key(&mut app, KeyCode::Enter);
    chars(&mut app, "e");
    focus_field(&mut app, "probability");
    press(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    chars(&mut app, "۱۵۰");
    press(&mut app, KeyCode::Char('s'), KeyModifiers::CONTROL);
    let error = field_error(&app, "probability").expect("the probability is refused");
    assert_eq!(error, "یک عدد صحیح از ۰ تا ۱۰۰ وارد کنید");
    let screen = rows(&app).join("\n");
    let options = DisplayOptions::default();
    assert!(
        screen.contains(&visual_in(&error, true, None, &options)),
        "{screen}"
    );
    assert!(!screen.contains("whole number"), "{screen}");
    assert!(check(&app, "form error", "fa").is_none());

    // Persian digits in range are read and saved.
    press(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    chars(&mut app, "۵۰");
    press(&mut app, KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(app.state.overlays.is_empty(), "saved");
    let deal = app.store().deal(id).expect("the deal");
    assert_eq!(deal.data.probability, Some(50));
}

/// A bad filter in the Persian Contacts filter bar is explained in
/// Persian, its column in Persian digits, drawn through the pipeline.
#[test]
fn the_persian_filter_bar_explains_a_bad_filter_in_persian() {
    let mut app = app(include_str!("../../config/examples/fa.toml"), "fa");
    chars(&mut app, "2f");
    chars(&mut app, "tag:vip -");
    let error = app
        .state
        .contacts
        .filter
        .error
        .clone()
        .expect("the filter is refused");
    assert_eq!(
        error,
        "پس از «-» در ستون \u{2068}۹\u{2069} یک فیلتر لازم است"
    );
    let shown = rows(&app);
    let options = DisplayOptions::default();
    let drawn = visual_in(&error, true, None, &options);
    assert!(
        shown.iter().any(|line| line.contains(&drawn)),
        "{}",
        shown.join("\n")
    );
    assert!(!shown.join("\n").contains("column"));
    assert!(check(&app, "filter error", "fa").is_none());
}

/// Deleting a customer that deals or tasks still point at is refused in
/// the interface's language, naming what is linked, and nothing is lost.
#[test]
fn a_refused_delete_is_said_in_persian() {
    let mut app = app(include_str!("../../config/examples/fa.toml"), "fa");
    chars(&mut app, "2");
    let first = app.state.contacts.current().map(|r| (r.entity, r.id));
    chars(&mut app, "D");
    assert!(!app.state.overlays.is_empty(), "no question asked");
    chars(&mut app, "y");
    let message = app
        .state
        .message
        .clone()
        .map(|m| m.text)
        .unwrap_or_default();
    assert!(message.contains("هنوز به این‌ها پیوند دارد"), "{message}");
    assert!(!message.contains("still linked"), "{message}");
    let (entity, id) = first.expect("a first contact");
    assert_eq!(entity, kariz::model::Entity::Person);
    assert!(app.store().person(id).is_ok(), "nothing deleted");
}
