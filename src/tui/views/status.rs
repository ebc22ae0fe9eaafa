//! The tab line, the message line and the status line.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::user;
use crate::keys::Command;
use crate::tui::state::{State, View};

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
    let keys = &state.session.keymap;
    let hint = |command: Command, label: &str| format!("{} {}", keys.hint(command), state.t(label));
    let context = crate::tui::update::context(state);
    use crate::tui::keymap::Context as C;
    // Where characters are typed or answer a question, and on the help
    // screen (where q closes it), only a Ctrl key quits: show that one.
    let quit_key = if matches!(context, C::Form | C::Typing | C::Confirm | C::Global) {
        keys.keys(Command::Quit)
            .iter()
            .find(|k| k.ctrl)
            .map_or_else(|| keys.hint(Command::Quit), ToString::to_string)
    } else {
        keys.hint(Command::Quit)
    };
    let quit = format!("{quit_key} {}", state.t("status.quit"));
    let help = vec![hint(Command::Help, "status.help")];
    let mut middle = Vec::new();
    let first = match context {
        C::Today => {
            middle.push(hint(Command::MarkDone, "status.done"));
            middle.push(hint(Command::Open, "status.open"));
            middle.push(hint(Command::AddTask, "status.add"));
            middle.push(hint(Command::Snooze, "status.snooze"));
            help
        }
        C::Contacts => {
            middle.push(hint(Command::Search, "status.search"));
            middle.push(hint(Command::Open, "status.open"));
            middle.push(hint(Command::AddPerson, "status.add"));
            middle.push(hint(Command::ToggleKind, "status.people_companies"));
            help
        }
        C::Pipeline => {
            middle.push(format!(
                "{}/{} {}",
                keys.hint(Command::MoveDealPrev),
                keys.hint(Command::MoveDealNext),
                state.t("status.move")
            ));
            middle.push(hint(Command::Open, "status.open"));
            middle.push(format!(
                "{}/{} {}",
                keys.hint(Command::WinDeal),
                keys.hint(Command::LoseDeal),
                state.t("status.won_lost")
            ));
            middle.push(hint(Command::NextPipeline, "status.pipeline"));
            help
        }
        C::Reports => {
            middle.push(format!(
                "{}/{} {}",
                keys.hint(Command::Left),
                keys.hint(Command::Right),
                state.t("status.report")
            ));
            middle.push(format!(
                "{}/{} {}",
                keys.hint(Command::PrevPeriod),
                keys.hint(Command::NextPeriod),
                state.t("status.period")
            ));
            middle.push(hint(Command::Open, "status.deals"));
            middle.push(hint(Command::PeriodSpan, "status.span"));
            middle.push(hint(Command::FilterOwner, "status.owner"));
            middle.push(hint(Command::NextPipeline, "status.pipeline"));
            help
        }
        C::Cases => {
            middle.push(hint(Command::Open, "status.open"));
            middle.push(hint(Command::CaseScope, "status.case_scope"));
            middle.push(hint(Command::FilterStatus, "status.case_status"));
            middle.push(hint(Command::ClearFilters, "status.clear"));
            help
        }
        C::Case => {
            middle.push(hint(Command::Back, "status.back"));
            middle.push(hint(Command::LogActivity, "status.reply"));
            middle.push(hint(Command::CaseStatus, "status.case_status"));
            middle.push(hint(Command::CloseCase, "status.close_case"));
            middle.push(hint(Command::AssignCase, "status.assign"));
            middle.push(hint(Command::EscalateCase, "status.escalate"));
            middle.push(hint(Command::ReopenCase, "status.reopen"));
            help
        }
        C::Quote => {
            middle.push(hint(Command::Back, "status.back"));
            middle.push(hint(Command::AddLine, "status.add_line"));
            middle.push(format!(
                "{}/{} {}",
                keys.hint(Command::Edit),
                keys.hint(Command::Delete),
                state.t("status.edit_line")
            ));
            middle.push(hint(Command::SendQuote, "status.send"));
            middle.push(hint(Command::AcceptQuote, "status.accept"));
            middle.push(hint(Command::PrintQuote, "status.print"));
            middle.push(hint(Command::RejectQuote, "status.reject"));
            middle.push(hint(Command::ReviseQuote, "status.revise"));
            help
        }
        C::Customer | C::Deal => {
            middle.push(hint(Command::Back, "status.back"));
            if let Some(target) = edit_target(state) {
                middle.push(format!(
                    "{}/{} {}",
                    keys.hint(Command::Edit),
                    keys.hint(Command::Delete),
                    state.t(target)
                ));
            }
            if context == C::Deal {
                middle.push(hint(Command::NewQuote, "status.quote"));
            }
            middle.push(hint(Command::LogActivity, "status.log"));
            middle.push(hint(Command::AddTask, "status.task"));
            help
        }
        C::Form => {
            middle.push(hint(Command::NextField, "status.next_field"));
            vec![
                hint(Command::Save, "status.save"),
                hint(Command::Cancel, "status.cancel"),
            ]
        }
        C::Global => {
            // The help screen: it scrolls, and Esc closes it.
            middle.push(format!(
                "{}/{} {}",
                keys.hint(Command::Down),
                keys.hint(Command::Up),
                state.t("status.scroll")
            ));
            vec![hint(Command::Back, "status.close")]
        }
        C::Typing | C::Confirm => vec![format!("Esc {}", state.t("status.cancel"))],
    };
    if !state.undo.is_empty() && !matches!(context, C::Form | C::Typing | C::Global) {
        middle.push(hint(Command::Undo, "status.undo"));
    }
    (first, middle, vec![quit])
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
