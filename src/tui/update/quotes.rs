//! Keys on a quote page: move among the lines, add a line (a product from
//! the picker, or free text), edit, remove and reorder lines, send,
//! accept, reject, revise and print. Status moves ask first and say that
//! `u` cannot take them back (the store keeps no inverse).

use crate::keys::Command;
use crate::model::{DocLine, DocStatus};
use crate::tui::action::Effect;
use crate::tui::change::Change;
use crate::tui::forms::{payment_form, quote_line_form};
use crate::tui::overlays::{Confirm, Overlay, PickOption, PickPurpose, Picker};
use crate::tui::quotes::{QuoteChange, QuoteView, status_label};
use crate::tui::state::{Page, State};

/// A key on a quote page.
pub(super) fn page_command(state: &mut State, view: &QuoteView, command: Command) -> Vec<Effect> {
    let delta = match command {
        Command::Up => -1,
        Command::Down => 1,
        Command::PageUp => -10,
        Command::PageDown => 10,
        Command::Top => isize::MIN / 2,
        Command::Bottom => isize::MAX / 2,
        _ => 0,
    };
    if delta != 0 {
        let rows = view.quote.data.lines.len();
        if let Some(Page::Quote(page)) = state.pages.last_mut() {
            page.selected = super::step(page.selected, delta, rows);
        }
        return Vec::new();
    }
    match command {
        Command::AddLine => {
            if draft(state, view) {
                pick_product(state, view);
            }
            Vec::new()
        }
        Command::Edit | Command::Open => {
            if draft(state, view) && view.line().is_some() {
                let form = quote_line_form(view, Some(view.selected), None);
                state.open_form(form);
            }
            Vec::new()
        }
        Command::Delete => {
            if draft(state, view) {
                confirm_remove(state, view);
            }
            Vec::new()
        }
        Command::MoveLineUp => move_line(state, view, -1),
        Command::MoveLineDown => move_line(state, view, 1),
        Command::SendQuote => {
            send(state, view);
            Vec::new()
        }
        Command::AcceptQuote | Command::RejectQuote => {
            decide(state, view, command == Command::AcceptQuote);
            Vec::new()
        }
        Command::ReviseQuote => {
            revise(state, view);
            Vec::new()
        }
        Command::InvoiceQuote => {
            invoice(state, view);
            Vec::new()
        }
        Command::PayInvoice => {
            pay(state, view);
            Vec::new()
        }
        Command::PrintQuote => {
            state.say(state.t("quote.printing").to_owned());
            vec![Effect::PrintQuote(view.quote.id)]
        }
        _ => Vec::new(),
    }
}

/// The quote's number and status in the user's digits and words.
fn number_status(state: &State, view: &QuoteView) -> (String, String) {
    (
        state.session.locale.digits(&view.quote.label()),
        status_label(&state.session, view.quote.data.status),
    )
}

/// Whether the lines can change; says why not when they cannot.
fn draft(state: &mut State, view: &QuoteView) -> bool {
    if view.editable() {
        return true;
    }
    let (number, status) = number_status(state, view);
    let text = state.session.locale.tf(
        "quote.msg.not_draft",
        &[("number", &number), ("status", &status)],
    );
    state.complain(text);
    false
}

/// The product picker of a new line: active products (code, name and
/// price in the quote's currency, searched by code or name in any
/// script), and a free-text line.
fn pick_product(state: &mut State, view: &QuoteView) {
    let locale = &state.session.locale;
    let currency = &view.quote.data.currency;
    let mut options = vec![PickOption {
        label: state.t("quote.free_text").to_owned(),
        detail: String::new(),
        id: None,
    }];
    options.extend(view.products.iter().map(|p| {
        let price = p.data.prices.get(currency).map_or_else(
            || locale.tf("quote.no_price", &[("currency", currency)]),
            |v| locale.money(*v, currency),
        );
        PickOption {
            label: p.data.name.clone(),
            detail: format!("{} · {price}", p.data.code),
            id: Some(p.id),
        }
    }));
    let title = state.t("picker.product").to_owned();
    let mut picker = Picker::new(title, options, PickPurpose::QuoteProduct);
    picker.free_text = true;
    state.overlays.push(Overlay::Picker(picker));
}

/// A product (or free text, `typed`) was picked: the line form opens,
/// prefilled from the product in the quote's currency.
pub(super) fn product_picked(state: &mut State, product: Option<i64>, typed: &str) {
    let Some(Page::Quote(view)) = state.pages.last() else {
        return;
    };
    let view = (**view).clone();
    let product = product.and_then(|id| view.products.iter().find(|p| p.id == id));
    let seed = match product {
        Some(p) => DocLine {
            product_id: Some(p.id),
            description: p.data.name.clone(),
            unit: p.data.unit.clone(),
            quantity_milli: 1000,
            unit_price: p
                .data
                .prices
                .get(&view.quote.data.currency)
                .copied()
                .unwrap_or(0),
            discount: crate::model::totals::Discount::None,
            tax_bp: p.data.tax_bp,
        },
        None => DocLine {
            product_id: None,
            description: typed.trim().to_owned(),
            unit: None,
            quantity_milli: 1000,
            unit_price: 0,
            discount: crate::model::totals::Discount::None,
            tax_bp: 0,
        },
    };
    let mut form = quote_line_form(&view, None, Some(seed));
    // A product without a price in this currency: the price is asked for.
    if let Some(p) = product
        && !p.data.prices.contains_key(&view.quote.data.currency)
    {
        let message = state
            .session
            .locale
            .tf("quote.no_price", &[("currency", &view.quote.data.currency)]);
        if let Some(i) = form.fields.iter().position(|f| f.name == "price") {
            form.fields[i].input.set("");
            form.fields[i].error = Some(message);
            form.focus = i;
        }
    }
    state.open_form(form);
}

/// The lines with `lines` written, at the version seen.
fn lines_change(view: &QuoteView, lines: Vec<DocLine>) -> Change {
    Change::Quote(Box::new(QuoteChange::Lines {
        id: view.quote.id,
        version: Some(view.quote.version),
        lines,
    }))
}

fn confirm_remove(state: &mut State, view: &QuoteView) {
    let Some(line) = view.line() else {
        return;
    };
    let mut lines = view.quote.data.lines.clone();
    lines.remove(view.selected);
    let question = state
        .session
        .locale
        .tf("quote.confirm_remove_line", &[("line", &line.description)]);
    let label = state.t("quote.msg.line_removed").to_owned();
    state.overlays.push(Overlay::Confirm(Confirm {
        question,
        change: lines_change(view, lines),
        label: Some(label),
    }));
}

fn move_line(state: &mut State, view: &QuoteView, delta: isize) -> Vec<Effect> {
    if !draft(state, view) {
        return Vec::new();
    }
    let from = view.selected;
    let to = from.saturating_add_signed(delta);
    let mut lines = view.quote.data.lines.clone();
    if to == from || to >= lines.len() || from >= lines.len() {
        return Vec::new();
    }
    lines.swap(from, to);
    if let Some(Page::Quote(page)) = state.pages.last_mut() {
        page.selected = to;
    }
    vec![Effect::Write {
        change: lines_change(view, lines),
        label: state.t("quote.msg.line_moved").to_owned(),
        undoable: true,
    }]
}

/// A status move after a yes: the question names the quote and says that
/// `u` cannot take it back.
fn confirm_status(state: &mut State, view: &QuoteView, to: DocStatus, question: String) {
    let (number, _) = number_status(state, view);
    let key = format!("quote.msg.{}", to.as_str());
    let label = state.session.locale.tf(&key, &[("number", &number)]);
    state.overlays.push(Overlay::Confirm(Confirm {
        question,
        change: Change::Quote(Box::new(QuoteChange::Status {
            id: view.quote.id,
            version: Some(view.quote.version),
            to,
        })),
        label: Some(label),
    }));
}

fn send(state: &mut State, view: &QuoteView) {
    let (number, status) = number_status(state, view);
    if view.quote.data.status != DocStatus::Draft {
        let text = state.session.locale.tf(
            "quote.msg.not_sendable",
            &[("number", &number), ("status", &status)],
        );
        state.complain(text);
        return;
    }
    if view.quote.data.lines.is_empty() {
        state.complain(state.t("quote.msg.no_lines").to_owned());
        return;
    }
    let question = state
        .session
        .locale
        .tf("quote.confirm_send", &[("number", &number)]);
    confirm_status(state, view, DocStatus::Sent, question);
}

/// Accept or reject a sent quote.
fn decide(state: &mut State, view: &QuoteView, accept: bool) {
    let (number, status) = number_status(state, view);
    if view.quote.data.status != DocStatus::Sent {
        let text = state.session.locale.tf(
            "quote.msg.not_sent",
            &[("number", &number), ("status", &status)],
        );
        state.complain(text);
        return;
    }
    let locale = &state.session.locale;
    let (to, question) = if accept {
        let total = locale.money(view.quote.totals.total, &view.quote.data.currency);
        let q = locale.tf(
            "quote.confirm_accept",
            &[("number", &number), ("total", &total)],
        );
        (DocStatus::Accepted, q)
    } else {
        let q = locale.tf("quote.confirm_reject", &[("number", &number)]);
        (DocStatus::Rejected, q)
    };
    confirm_status(state, view, to, question);
}

fn revise(state: &mut State, view: &QuoteView) {
    let (number, status) = number_status(state, view);
    let revisable = matches!(
        view.quote.data.status,
        DocStatus::Sent | DocStatus::Rejected | DocStatus::Expired
    );
    if !revisable {
        let text = state.session.locale.tf(
            "quote.msg.not_revisable",
            &[("number", &number), ("status", &status)],
        );
        state.complain(text);
        return;
    }
    let question = state
        .session
        .locale
        .tf("quote.confirm_revise", &[("number", &number)]);
    let label = state.t("quote.msg.revised").to_owned();
    state.overlays.push(Overlay::Confirm(Confirm {
        question,
        change: Change::Quote(Box::new(QuoteChange::Revise { id: view.quote.id })),
        label: Some(label),
    }));
}

/// `I`: the invoice from an accepted quote not yet invoiced, after a yes.
fn invoice(state: &mut State, view: &QuoteView) {
    let (number, status) = number_status(state, view);
    let locale = &state.session.locale;
    if let Some(balance) = &view.invoice {
        let invoice = locale.digits(&balance.invoice.label());
        let text = locale.tf(
            "quote.msg.already_invoiced",
            &[("number", &number), ("invoice", &invoice)],
        );
        state.complain(text);
        return;
    }
    if view.quote.data.status != DocStatus::Accepted {
        let text = locale.tf(
            "quote.msg.not_accepted",
            &[("number", &number), ("status", &status)],
        );
        state.complain(text);
        return;
    }
    let total = locale.money(view.quote.totals.total, &view.quote.data.currency);
    let question = locale.tf(
        "quote.confirm_invoice",
        &[("number", &number), ("total", &total)],
    );
    let label = state.t("quote.msg.invoicing").to_owned();
    state.overlays.push(Overlay::Confirm(Confirm {
        question,
        change: Change::Quote(Box::new(QuoteChange::Invoice { id: view.quote.id })),
        label: Some(label),
    }));
}

/// `P`: the payment form of the quote's invoice.
fn pay(state: &mut State, view: &QuoteView) {
    match &view.invoice {
        Some(balance) => state.open_form(payment_form(view, balance)),
        None => {
            let (number, _) = number_status(state, view);
            let text = state
                .session
                .locale
                .tf("quote.msg.not_invoiced", &[("number", &number)]);
            state.complain(text);
        }
    }
}
