//! A bad date, amount or priority typed into a Persian or an Arabic form is
//! refused in that language (the catalogue's `input.*` sentence), with what
//! was typed shown whole and isolated, numbers in the configured digits,
//! and drawn through the display pipeline; the form stays open with the
//! text as typed.

use chrono::DateTime;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kariz::clock::Clock;
use kariz::config::Config;
use kariz::store::Store;
use kariz::text::display::{DisplayOptions, visual_in};
use kariz::tui::action::Action;
use kariz::tui::app::App;
use kariz::tui::overlays::Overlay;
use kariz::tui::state::State;
use kariz::tui::views;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const NOW: &str = "2026-11-22T10:00:00+03:30";
const USER: &str = "tester";
const FA: &str = include_str!("../../config/examples/fa.toml");
const AR: &str = include_str!("../../config/examples/ar.toml");

fn app(config_text: &str, origin: &str) -> App {
    let clock = Clock::fixed(DateTime::parse_from_rfc3339(NOW).expect("NOW is RFC 3339"));
    let config = Config::parse(config_text, origin).expect("the example config parses");
    let mut store = Store::open_in_memory(config.clone(), USER).expect("open an in-memory store");
    kariz::demo::load_demo_data(&mut store, &clock).expect("load the demo data");
    let session = kariz::tui::session(&config, USER, "demo.db", &clock, false);
    let state = State::new(session, clock.now_utc(), clock.today(), (80, 24));
    let mut app = App::inline(state, store, clock).expect("load the search index");
    app.start();
    app
}

fn press(app: &mut App, code: KeyCode, modifiers: KeyModifiers) {
    app.dispatch(Action::Key(KeyEvent::new(code, modifiers)));
}

fn chars(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c), KeyModifiers::NONE);
    }
}

/// Tabs to the field `name`, empties it and types `text` into it.
fn retype(app: &mut App, name: &str, text: &str) {
    for _ in 0..20 {
        let Some(Overlay::Form(form)) = app.state.overlays.last() else {
            panic!("a form is open");
        };
        if form.fields[form.focus].name == name {
            press(app, KeyCode::Char('u'), KeyModifiers::CONTROL);
            chars(app, text);
            return;
        }
        press(app, KeyCode::Tab, KeyModifiers::NONE);
    }
    panic!("no field {name} in the form");
}

/// Puts `text` in the field `name` as it stands. Typing into a choice
/// field (the task's priority) opens its picker, so a value that is none
/// of the choices reaches the form only this way (or from a stored
/// record); the refusal must still be in the interface's language.
fn set(app: &mut App, name: &str, text: &str) {
    let Some(Overlay::Form(form)) = app.state.overlays.last_mut() else {
        panic!("a form is open");
    };
    let field = form
        .fields
        .iter_mut()
        .find(|f| f.name == name)
        .expect("the field");
    field.input.set(text);
}

fn save(app: &mut App) {
    press(app, KeyCode::Char('s'), KeyModifiers::CONTROL);
}

/// The error under the open form's field `name`, and the field's text.
fn field(app: &App, name: &str) -> (Option<String>, String) {
    let Some(Overlay::Form(form)) = app.state.overlays.last() else {
        panic!("a form is open");
    };
    let field = form
        .fields
        .iter()
        .find(|f| f.name == name)
        .expect("the field");
    (field.error.clone(), field.input.text())
}

/// The drawn screen as one string.
fn screen(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("a test terminal");
    terminal
        .draw(|frame| views::draw(frame, &app.state))
        .expect("draw");
    let buffer = terminal.backend().buffer();
    (0..24)
        .map(|y| (0..80).map(|x| buffer[(x, y)].symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

/// `error` is on the screen as the display pipeline lays it out.
fn assert_drawn(app: &App, error: &str) {
    let drawn = visual_in(error, true, None, &DisplayOptions::default());
    let shown = screen(app);
    // A long sentence wraps or is cut at the form's width: its start is
    // enough to show it went through the pipeline (reversed, shaped).
    let start: String = drawn
        .chars()
        .rev()
        .take(12)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    assert!(
        shown.contains(start.trim()),
        "{start:?} not on the screen:\n{shown}"
    );
}

/// The deal form on the first deal of the board.
fn deal_form(app: &mut App) {
    chars(app, "3");
    press(app, KeyCode::Enter, KeyModifiers::NONE);
    chars(app, "e");
}

#[test]
fn a_persian_deal_form_refuses_a_bad_amount_in_persian() {
    let mut app = app(FA, "fa");
    deal_form(&mut app);
    retype(&mut app, "value", "۱۲٫۵٫۱");
    save(&mut app);
    let (error, text) = field(&app, "value");
    let error = error.expect("the amount is refused");
    assert_eq!(
        error,
        "«\u{2068}۱۲٫۵٫۱\u{2069}» مبلغ نیست: بیش از یک ممیز دارد؛ فقط یک ممیز پیش از اعشار بگذارید"
    );
    assert_eq!(text, "۱۲٫۵٫۱", "the typed text stays");
    assert!(!error.contains("not an amount"), "{error}");
    assert_drawn(&app, &error);
}

#[test]
fn an_arabic_deal_form_refuses_a_bad_amount_in_arabic() {
    let mut app = app(AR, "ar");
    deal_form(&mut app);
    retype(&mut app, "value", "-٥٠");
    save(&mut app);
    let (error, text) = field(&app, "value");
    let error = error.expect("the amount is refused");
    assert_eq!(
        error,
        "«\u{2068}-٥٠\u{2069}» سالب؛ المبالغ لا تكون سالبة أبدًا، اكتب صفرًا أو أكثر"
    );
    assert_eq!(text, "-٥٠");
    assert_drawn(&app, &error);
}

/// A Jalali date that is not in the calendar names the Persian month, and
/// the year and its number of days in Persian digits.
#[test]
fn a_persian_task_form_refuses_a_missing_jalali_day_in_persian() {
    let mut app = app(FA, "fa");
    chars(&mut app, "a");
    retype(&mut app, "title", "تماس");
    retype(&mut app, "due_date", "۱۴۰۴/۱۲/۳۰");
    save(&mut app);
    let (error, text) = field(&app, "due_date");
    let error = error.expect("the date is refused");
    assert_eq!(
        error,
        "«\u{2068}۱۴۰۴/۱۲/۳۰\u{2069}» وجود ندارد: \u{2068}اسفند\u{2069} \u{2068}۱۴۰۴\u{2069} \u{2068}۲۹\u{2069} روز دارد"
    );
    assert_eq!(text, "۱۴۰۴/۱۲/۳۰");
    assert_drawn(&app, &error);

    // A word that is no date at all, with the forms that are accepted.
    retype(&mut app, "due_date", "پس‌فردااا");
    save(&mut app);
    let error = field(&app, "due_date").0.expect("refused");
    assert!(
        error.starts_with("«\u{2068}پس‌فردااا\u{2069}» تاریخ نیست؛ تاریخ را مثل"),
        "{error}"
    );
    assert!(!error.contains("is not a date"), "{error}");
}

#[test]
fn an_arabic_task_form_refuses_a_bad_date_and_priority_in_arabic() {
    let mut app = app(AR, "ar");
    chars(&mut app, "a");
    retype(&mut app, "title", "اتصال");
    retype(&mut app, "due_date", "٢٠٢٦-٠٢-٣٠");
    set(&mut app, "priority", "عاجل جدا");
    save(&mut app);
    let (date_error, text) = field(&app, "due_date");
    assert_eq!(
        date_error.expect("the date is refused"),
        "«\u{2068}٢٠٢٦-٠٢-٣٠\u{2069}» غير موجود: في \u{2068}فبراير\u{2069} \u{2068}٢٠٢٦\u{2069} \u{2068}٢٨\u{2069} يومًا"
    );
    assert_eq!(text, "٢٠٢٦-٠٢-٣٠");
    let (priority_error, typed) = field(&app, "priority");
    let priority_error = priority_error.expect("the priority is refused");
    assert_eq!(
        priority_error,
        "الأولوية «\u{2068}عاجل جدا\u{2069}» غير مقبولة؛ اختر منخفضة أو عادية أو عالية"
    );
    assert_eq!(typed, "عاجل جدا");
}

#[test]
fn a_persian_task_form_refuses_a_bad_priority_in_persian() {
    let mut app = app(FA, "fa");
    chars(&mut app, "a");
    retype(&mut app, "title", "تماس");
    set(&mut app, "priority", "فوری‌فوری");
    save(&mut app);
    let (error, typed) = field(&app, "priority");
    let error = error.expect("the priority is refused");
    assert_eq!(
        error,
        "اولویت «\u{2068}فوری‌فوری\u{2069}» پذیرفته نیست؛ کم، معمولی یا زیاد را انتخاب کنید"
    );
    assert_eq!(typed, "فوری‌فوری");
    assert_drawn(&app, &error);
}
