//! The tab line, the message line and the status line.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::user;
use crate::keys::Command;
use crate::tui::keymap::Context as C;
use crate::tui::state::{Page, State, View};

/// `1 Today  2 Contacts  3 Pipeline`, the current one highlighted.
pub fn tabs(frame: &mut Frame<'_>, area: Rect, state: &State) {
    let theme = &state.session.theme;
    let mut spans = vec![Span::styled(" kariz ", theme.accent())];
    for (i, view) in View::ALL.iter().enumerate() {
        let label = super::ui(
            state,
            &format!(
                " {} {} ",
                state.session.locale.number(i as i64 + 1),
                state.t(view.title_key())
            ),
        );
        let style = if *view == state.view && state.pages.is_empty() {
            theme.selected()
        } else {
            theme.muted()
        };
        spans.push(Span::styled(label, style));
    }
    let mut line = Line::from(spans);
    if state.session.locale.is_rtl() {
        line = line.right_aligned();
    }
    frame.render_widget(Paragraph::new(line), area);
}

/// The last message, errors in the danger colour.
pub fn message(frame: &mut Frame<'_>, area: Rect, state: &State) {
    let Some(message) = &state.message else {
        return;
    };
    let theme = &state.session.theme;
    let style = if message.is_error {
        theme.danger()
    } else {
        theme.success()
    };
    // A message is an interface sentence: laid out in the interface's
    // direction even when it starts with a Latin deal title.
    let text = super::ui_fit(state, &message.text, usize::from(area.width));
    let line = super::aligned(state, Line::styled(text, style));
    frame.render_widget(Paragraph::new(line), area);
}

/// View, database, user, and the most useful keys. At any width the help
/// and quit keys stay; other hints go whole, least useful first, and the
/// database and user go before any hint does.
pub fn status(frame: &mut Frame<'_>, area: Rect, state: &State) {
    let theme = &state.session.theme;
    let width = usize::from(area.width);
    let (first, middle, last) = hints(state);
    let view = state.t(state.view.title_key());
    let index = match state.index_size {
        Some(_) => String::new(),
        None => format!(" · {}", state.t("status.indexing")),
    };
    let db = &state.session.db_label;
    let who = &state.session.user;
    let lefts = [
        format!(" {view} · {db} · {who}{index} "),
        format!(" {view} · {db}{index} "),
        format!(" {view}{index} "),
        format!(" {view} "),
    ];
    let cells = |text: &str| {
        crate::text::display::width(&crate::text::display::visual(
            text,
            None,
            &state.session.display,
        ))
    };
    let shortest_left = cells(&lefts[3]);
    // The hints that fit beside the shortest left part, keeping the ones
    // at the front of `middle` (the more useful).
    let sep = 2;
    let mut chosen: Vec<&String> = first.iter().chain(last.iter()).collect();
    let mut used: usize =
        chosen.iter().map(|h| cells(h)).sum::<usize>() + sep * chosen.len().saturating_sub(1);
    let mut kept = Vec::new();
    for hint in &middle {
        let more = cells(hint) + sep;
        if shortest_left + 1 + used + more <= width {
            used += more;
            kept.push(hint);
        } else {
            break;
        }
    }
    chosen = first.iter().chain(kept).chain(last.iter()).collect();
    // On a terminal too narrow even for help and quit, drop whole hints
    // from the front rather than cut one.
    while used > width && chosen.len() > 1 {
        let dropped = chosen.remove(0);
        used -= cells(dropped) + sep;
    }
    let right_text = chosen
        .iter()
        .map(|h| h.as_str())
        .collect::<Vec<_>>()
        .join("  ");
    let right = user(state, &right_text, width);
    let room = width.saturating_sub(crate::text::display::width(&right) + 1);
    let left = lefts
        .iter()
        .find(|l| cells(l) <= room)
        .map_or_else(|| user(state, &lefts[3], room), |l| user(state, l, room));
    let fill = width
        .saturating_sub(crate::text::display::width(&left) + crate::text::display::width(&right));
    let line = Line::from(vec![
        Span::styled(left, theme.accent()),
        Span::raw(" ".repeat(fill)),
        Span::styled(right, theme.muted()),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

/// The key hints for the current context: (always shown first, the others
/// most useful first, always shown last).
fn hints(state: &State) -> (Vec<String>, Vec<String>, Vec<String>) {
    let context = crate::tui::update::context(state);
    let (first, mut middle) = context_hints(state, context);
    if !state.undo.is_empty() && !matches!(context, C::Form | C::Typing | C::Global) {
        middle.push(Hint(state).one(Command::Undo, "status.undo"));
    }
    (first, middle, vec![quit_hint(state, context)])
}

/// How to quit: where characters are typed or answer a question, and on
/// the help screen (where q closes it), only a Ctrl key quits, so that one.
fn quit_hint(state: &State, context: C) -> String {
    let keys = &state.session.keymap;
    let quit_key = if matches!(context, C::Form | C::Typing | C::Confirm | C::Global) {
        keys.keys(Command::Quit)
            .iter()
            .find(|k| k.ctrl)
            .map_or_else(|| keys.hint(Command::Quit), ToString::to_string)
    } else {
        keys.hint(Command::Quit)
    };
    format!("{quit_key} {}", state.t("status.quit"))
}

/// One hint's text: a command's key, or two commands' keys, and a label
/// (catalogue key).
struct Hint<'a>(&'a State);

impl Hint<'_> {
    fn one(&self, command: Command, label: &str) -> String {
        let keys = &self.0.session.keymap;
        format!("{} {}", keys.hint(command), self.0.t(label))
    }

    fn pair(&self, a: Command, b: Command, label: &str) -> String {
        let keys = &self.0.session.keymap;
        format!("{}/{} {}", keys.hint(a), keys.hint(b), self.0.t(label))
    }
}

/// The hints of one context: (shown first, the rest most useful first).
fn context_hints(state: &State, context: C) -> (Vec<String>, Vec<String>) {
    use Command as K;
    let h = Hint(state);
    let help = vec![h.one(K::Help, "status.help")];
    match context {
        C::Today => (
            help,
            vec![
                h.one(K::MarkDone, "status.done"),
                h.one(K::Open, "status.open"),
                h.one(K::AddTask, "status.add"),
                h.one(K::Snooze, "status.snooze"),
            ],
        ),
        C::Contacts => (
            help,
            vec![
                h.one(K::Search, "status.search"),
                h.one(K::Open, "status.open"),
                h.one(K::AddPerson, "status.add"),
                h.one(K::ToggleKind, "status.people_companies"),
            ],
        ),
        C::Pipeline => (
            help,
            vec![
                h.pair(K::MoveDealPrev, K::MoveDealNext, "status.move"),
                h.one(K::Open, "status.open"),
                h.pair(K::WinDeal, K::LoseDeal, "status.won_lost"),
                h.one(K::NextPipeline, "status.pipeline"),
            ],
        ),
        C::Reports => (help, report_hints(&h)),
        C::Cases => (
            help,
            vec![
                h.one(K::Open, "status.open"),
                h.one(K::CaseScope, "status.case_scope"),
                h.one(K::FilterStatus, "status.case_status"),
                h.one(K::ClearFilters, "status.clear"),
            ],
        ),
        C::Case => (help, case_hints(&h)),
        C::Quote => (help, quote_hints(state, &h)),
        C::Customer | C::Deal => (help, record_hints(state, context)),
        C::Form => (
            vec![
                h.one(K::Save, "status.save"),
                h.one(K::Cancel, "status.cancel"),
            ],
            vec![h.one(K::NextField, "status.next_field")],
        ),
        // The help screen: it scrolls, and Esc closes it.
        C::Global => (
            vec![h.one(K::Back, "status.close")],
            vec![h.pair(K::Down, K::Up, "status.scroll")],
        ),
        C::Typing | C::Confirm => (
            vec![format!("Esc {}", state.t("status.cancel"))],
            Vec::new(),
        ),
    }
}

/// The reports view's hints, most useful first.
fn report_hints(h: &Hint<'_>) -> Vec<String> {
    use Command as K;
    vec![
        h.pair(K::Left, K::Right, "status.report"),
        h.pair(K::PrevPeriod, K::NextPeriod, "status.period"),
        h.one(K::Open, "status.deals"),
        h.one(K::PeriodSpan, "status.span"),
        h.one(K::FilterOwner, "status.owner"),
        h.one(K::NextPipeline, "status.pipeline"),
    ]
}

/// A case page's hints, most useful first.
fn case_hints(h: &Hint<'_>) -> Vec<String> {
    use Command as K;
    vec![
        h.one(K::Back, "status.back"),
        h.one(K::LogActivity, "status.reply"),
        h.one(K::CaseStatus, "status.case_status"),
        h.one(K::CloseCase, "status.close_case"),
        h.one(K::AssignCase, "status.assign"),
        h.one(K::EscalateCase, "status.escalate"),
        h.one(K::ReopenCase, "status.reopen"),
    ]
}

/// A quote page's hints, most useful first.
/// A quote page's hints: the steps its status allows (a draft's lines and
/// sending; a sent quote's answer; an accepted one's invoice and payment),
/// so the keys that matter fit at 80 columns.
fn quote_hints(state: &State, h: &Hint<'_>) -> Vec<String> {
    use crate::model::DocStatus as S;
    use Command as K;
    let Some(Page::Quote(view)) = state.pages.last() else {
        return vec![h.one(K::Back, "status.back")];
    };
    let mut hints = vec![h.one(K::Back, "status.back")];
    match view.quote.data.status {
        S::Draft => hints.extend([
            h.one(K::AddLine, "status.add_line"),
            h.pair(K::Edit, K::Delete, "status.edit_line"),
            h.one(K::SendQuote, "status.send"),
        ]),
        S::Sent => hints.extend([
            h.one(K::AcceptQuote, "status.accept"),
            h.one(K::RejectQuote, "status.reject"),
        ]),
        S::Accepted if view.invoice.is_some() => hints.push(h.one(K::PayInvoice, "status.pay")),
        S::Accepted => hints.push(h.one(K::InvoiceQuote, "status.invoice")),
        _ => hints.push(h.one(K::ReviseQuote, "status.revise")),
    }
    hints.push(h.one(K::PrintQuote, "status.print"));
    hints
}

/// A customer or deal page's hints: what `e`/`D` act on there, and a new
/// quote on a deal.
fn record_hints(state: &State, context: C) -> Vec<String> {
    use Command as K;
    let h = Hint(state);
    let mut middle = vec![h.one(K::Back, "status.back")];
    if let Some(target) = edit_target(state) {
        middle.push(h.pair(K::Edit, K::Delete, target));
    }
    if context == C::Deal {
        middle.push(h.one(K::NewQuote, "status.quote"));
    }
    middle.push(h.one(K::LogActivity, "status.log"));
    middle.push(h.one(K::AddTask, "status.task"));
    middle
}

/// On a customer page, which record `e` and `D` act on: the selected
/// deal, task or activity, else the customer (catalogue key).
fn edit_target(state: &State) -> Option<&'static str> {
    use crate::tui::state::{Page, PageItem};
    let Some(Page::Customer(page)) = state.pages.last() else {
        return None;
    };
    Some(match page.items.get(page.selected) {
        Some(PageItem::Deal(_)) => "status.edit_deal",
        Some(PageItem::Task(_)) => "status.edit_task",
        Some(PageItem::Activity(_)) => "status.edit_activity",
        _ if page.person.is_some() => "status.edit_person",
        _ => "status.edit_company",
    })
}
