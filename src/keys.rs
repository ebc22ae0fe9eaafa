//! The key-binding vocabulary shared by the config file and the TUI: the
//! named commands a key can trigger, and key chords such as `ctrl-s`.
//!
//! It lives below both `config` and `tui` so the config can reject an
//! unknown action name without knowing anything about terminals.

// Parses or compares user text: an out-of-range index must be an error, not
// a panic (the crate-wide lints in Cargo.toml cover unwrap and byte slices).
#![deny(clippy::indexing_slicing)]

use std::fmt;

use serde::Serialize;

macro_rules! commands {
    ($($variant:ident => $name:literal, $help:literal;)*) => {
        /// Something a key can do. The config names them in `[keys]`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Command { $($variant,)* }

        impl Command {
            /// Every command, in help order.
            pub const ALL: &'static [Command] = &[$(Command::$variant,)*];

            /// The name used in the config file's `[keys]` section.
            pub fn name(self) -> &'static str {
                match self { $(Command::$variant => $name,)* }
            }

            /// The catalogue key of the one-line help text.
            pub fn help_key(self) -> &'static str {
                match self { $(Command::$variant => $help,)* }
            }

            /// The command with this config name.
            pub fn from_name(name: &str) -> Option<Command> {
                match name { $($name => Some(Command::$variant),)* _ => None }
            }
        }
    };
}

commands! {
    Quit => "quit", "key.quit";
    Help => "help", "key.help";
    NextView => "next_view", "key.next_view";
    PrevView => "prev_view", "key.prev_view";
    ViewToday => "view_today", "key.view_today";
    ViewContacts => "view_contacts", "key.view_contacts";
    ViewPipeline => "view_pipeline", "key.view_pipeline";
    ViewReports => "view_reports", "key.view_reports";
    ViewCases => "view_cases", "key.view_cases";
    Up => "up", "key.up";
    Down => "down", "key.down";
    Left => "left", "key.left";
    Right => "right", "key.right";
    PageUp => "page_up", "key.page_up";
    PageDown => "page_down", "key.page_down";
    Top => "top", "key.top";
    Bottom => "bottom", "key.bottom";
    Open => "open", "key.open";
    Back => "back", "key.back";
    Search => "search", "key.search";
    Undo => "undo", "key.undo";
    Refresh => "refresh", "key.refresh";
    MarkDone => "mark_done", "key.mark_done";
    Snooze => "snooze", "key.snooze";
    SnoozeTo => "snooze_to", "key.snooze_to";
    AddTask => "add_task", "key.add_task";
    AddPerson => "add_person", "key.add_person";
    AddCompany => "add_company", "key.add_company";
    AddDeal => "add_deal", "key.add_deal";
    LogActivity => "log_activity", "key.log_activity";
    Edit => "edit", "key.edit";
    EditCustomer => "edit_customer", "key.edit_customer";
    Tag => "tag", "key.tag";
    Delete => "delete", "key.delete";
    ToggleKind => "toggle_kind", "key.toggle_kind";
    FilterTag => "filter_tag", "key.filter_tag";
    Filter => "filter", "key.filter";
    Mark => "mark", "key.mark";
    MarkAll => "mark_all", "key.mark_all";
    PickSegment => "pick_segment", "key.pick_segment";
    AssignOwner => "assign_owner", "key.assign_owner";
    MoveToStage => "move_to_stage", "key.move_to_stage";
    FilterOwner => "filter_owner", "key.filter_owner";
    ToggleMine => "toggle_mine", "key.toggle_mine";
    ClearFilters => "clear_filters", "key.clear_filters";
    Sort => "sort", "key.sort";
    MoveDealNext => "move_deal_next", "key.move_deal_next";
    MoveDealPrev => "move_deal_prev", "key.move_deal_prev";
    WinDeal => "win_deal", "key.win_deal";
    LoseDeal => "lose_deal", "key.lose_deal";
    NextPipeline => "next_pipeline", "key.next_pipeline";
    NextField => "next_field", "key.next_field";
    PrevField => "prev_field", "key.prev_field";
    Save => "save", "key.save";
    Cancel => "cancel", "key.cancel";
    Pick => "pick", "key.pick";
    Merge => "merge", "key.merge";
    PrevPeriod => "prev_period", "key.prev_period";
    NextPeriod => "next_period", "key.next_period";
    PeriodSpan => "period_span", "key.period_span";
    CaseScope => "case_scope", "key.case_scope";
    FilterStatus => "filter_status", "key.filter_status";
    NewCase => "new_case", "key.new_case";
    CaseStatus => "case_status", "key.case_status";
    AssignCase => "assign_case", "key.assign_case";
    EscalateCase => "escalate_case", "key.escalate_case";
    CloseCase => "close_case", "key.close_case";
    ReopenCase => "reopen_case", "key.reopen_case";
    NewQuote => "new_quote", "key.new_quote";
    AddLine => "add_line", "key.add_line";
    MoveLineUp => "move_line_up", "key.move_line_up";
    MoveLineDown => "move_line_down", "key.move_line_down";
    SendQuote => "send_quote", "key.send_quote";
    AcceptQuote => "accept_quote", "key.accept_quote";
    RejectQuote => "reject_quote", "key.reject_quote";
    ReviseQuote => "revise_quote", "key.revise_quote";
    PrintQuote => "print_quote", "key.print_quote";
    InvoiceQuote => "invoice_quote", "key.invoice_quote";
    PayInvoice => "pay_invoice", "key.pay_invoice";
}

/// A key without modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum KeyName {
    /// A printable character (upper case means shift was held).
    Char(char),
    /// Enter / Return.
    Enter,
    /// Escape.
    Esc,
    /// Tab.
    Tab,
    /// Shift-Tab.
    BackTab,
    /// Backspace.
    Backspace,
    /// Delete.
    Delete,
    /// Arrow up.
    Up,
    /// Arrow down.
    Down,
    /// Arrow left.
    Left,
    /// Arrow right.
    Right,
    /// Home.
    Home,
    /// End.
    End,
    /// Page up.
    PageUp,
    /// Page down.
    PageDown,
    /// A function key, F1 to F12.
    F(u8),
}

/// A key with modifiers, e.g. `ctrl-s` or `shift-right`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct KeyChord {
    /// The key.
    pub key: KeyName,
    /// Control held.
    pub ctrl: bool,
    /// Alt (Meta) held.
    pub alt: bool,
    /// Shift held, for keys that are not characters (`shift-right`).
    pub shift: bool,
}

impl KeyChord {
    /// A key with no modifiers.
    pub const fn plain(key: KeyName) -> Self {
        KeyChord {
            key,
            ctrl: false,
            alt: false,
            shift: false,
        }
    }

    /// A printable character with no modifiers.
    pub const fn ch(c: char) -> Self {
        KeyChord::plain(KeyName::Char(c))
    }

    /// Control and a character.
    pub const fn ctrl(c: char) -> Self {
        KeyChord {
            key: KeyName::Char(c),
            ctrl: true,
            alt: false,
            shift: false,
        }
    }

    /// Shift and a non-character key.
    pub const fn shift(key: KeyName) -> Self {
        KeyChord {
            key,
            ctrl: false,
            alt: false,
            shift: true,
        }
    }

    /// Parses `x`, `X`, `ctrl-s`, `alt-x`, `shift-left`, `enter`, `space`,
    /// `f5`, `pageup`… (case-insensitive for names, exact for one character).
    pub fn parse(text: &str) -> Result<KeyChord, String> {
        let mut chord = KeyChord::plain(KeyName::Esc);
        let mut rest = text;
        loop {
            if let Some(r) = strip_modifier(rest, &["ctrl-", "c-"]) {
                chord.ctrl = true;
                rest = r;
            } else if let Some(r) = strip_modifier(rest, &["alt-", "m-"]) {
                chord.alt = true;
                rest = r;
            } else if let Some(r) = strip_modifier(rest, &["shift-", "s-"]) {
                chord.shift = true;
                rest = r;
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        chord.key = match (chars.next(), chars.next()) {
            (Some(c), None) if !c.is_control() => {
                if chord.ctrl {
                    KeyName::Char(c.to_ascii_lowercase())
                } else {
                    KeyName::Char(c)
                }
            }
            _ => named_key(&rest.to_ascii_lowercase()).ok_or_else(|| {
                format!(
                    "{text:?} is not a key; use a character (x, X, ?), a name (enter, esc, tab, backtab, backspace, delete, space, up, down, left, right, home, end, pageup, pagedown, f1…f12) with optional ctrl-, alt- or shift- in front"
                )
            })?,
        };
        // `shift-x` means `X`.
        if let KeyName::Char(c) = chord.key
            && chord.shift
            && !chord.ctrl
        {
            chord.key = KeyName::Char(c.to_uppercase().next().unwrap_or(c));
            chord.shift = false;
        }
        Ok(chord)
    }
}

/// `text` without the first of `prefixes` it starts with, ignoring ASCII
/// case ("Ctrl-x" and "ctrl-x" are one chord); the rest keeps its case.
fn strip_modifier<'a>(text: &'a str, prefixes: &[&str]) -> Option<&'a str> {
    prefixes.iter().find_map(|p| {
        let head = text.get(..p.len())?;
        head.eq_ignore_ascii_case(p).then(|| text.get(p.len()..))?
    })
}

fn named_key(name: &str) -> Option<KeyName> {
    Some(match name {
        "enter" | "return" => KeyName::Enter,
        "esc" | "escape" => KeyName::Esc,
        "tab" => KeyName::Tab,
        "backtab" => KeyName::BackTab,
        "backspace" => KeyName::Backspace,
        "delete" | "del" => KeyName::Delete,
        "space" => KeyName::Char(' '),
        "up" => KeyName::Up,
        "down" => KeyName::Down,
        "left" => KeyName::Left,
        "right" => KeyName::Right,
        "home" => KeyName::Home,
        "end" => KeyName::End,
        "pageup" | "pgup" => KeyName::PageUp,
        "pagedown" | "pgdn" => KeyName::PageDown,
        f if f.starts_with('f') => {
            let n: u8 = f.strip_prefix('f')?.parse().ok()?;
            if (1..=12).contains(&n) {
                KeyName::F(n)
            } else {
                return None;
            }
        }
        _ => return None,
    })
}

impl fmt::Display for KeyChord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        if self.shift {
            f.write_str("Shift-")?;
        }
        match self.key {
            KeyName::Char(' ') => f.write_str("Space"),
            KeyName::Char(c) => write!(f, "{c}"),
            KeyName::Enter => f.write_str("Enter"),
            KeyName::Esc => f.write_str("Esc"),
            KeyName::Tab => f.write_str("Tab"),
            KeyName::BackTab => f.write_str("Shift-Tab"),
            KeyName::Backspace => f.write_str("Backspace"),
            KeyName::Delete => f.write_str("Delete"),
            KeyName::Up => f.write_str("↑"),
            KeyName::Down => f.write_str("↓"),
            KeyName::Left => f.write_str("←"),
            KeyName::Right => f.write_str("→"),
            KeyName::Home => f.write_str("Home"),
            KeyName::End => f.write_str("End"),
            KeyName::PageUp => f.write_str("PgUp"),
            KeyName::PageDown => f.write_str("PgDn"),
            KeyName::F(n) => write!(f, "F{n}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_plain_modified_and_named_keys() {
        assert_eq!(KeyChord::parse("x"), Ok(KeyChord::ch('x')));
        assert_eq!(KeyChord::parse("X"), Ok(KeyChord::ch('X')));
        assert_eq!(KeyChord::parse("shift-x"), Ok(KeyChord::ch('X')));
        assert_eq!(KeyChord::parse("Ctrl-S"), Ok(KeyChord::ctrl('s')));
        assert_eq!(
            KeyChord::parse("shift-right"),
            Ok(KeyChord::shift(KeyName::Right))
        );
        assert_eq!(KeyChord::parse("space"), Ok(KeyChord::ch(' ')));
        assert_eq!(KeyChord::parse("F5"), Ok(KeyChord::plain(KeyName::F(5))));
        assert_eq!(KeyChord::parse("ق"), Ok(KeyChord::ch('ق')));
    }

    #[test]
    fn rejects_unknown_key_names_with_the_allowed_forms() {
        let err = KeyChord::parse("hyper-q").unwrap_err();
        assert!(err.contains("\"hyper-q\" is not a key"), "{err}");
        assert!(KeyChord::parse("f13").is_err());
        assert!(KeyChord::parse("").is_err());
    }

    #[test]
    fn command_names_round_trip() {
        for command in Command::ALL {
            assert_eq!(Command::from_name(command.name()), Some(*command));
        }
        assert_eq!(Command::from_name("explode"), None);
    }

    #[test]
    fn modifiers_ignore_case_and_keep_the_key_s() {
        assert_eq!(KeyChord::parse("CTRL-s"), Ok(KeyChord::ctrl('s')));
        assert_eq!(KeyChord::parse("C-s"), Ok(KeyChord::ctrl('s')));
        assert_eq!(KeyChord::parse("M-x").map(|c| c.alt), Ok(true));
        // A multi-byte first character is not a modifier, and is not cut.
        assert_eq!(KeyChord::parse("قtrl-s").ok(), None);
        assert!(KeyChord::parse("ctrl-").is_err());
    }

    proptest::proptest! {
        /// A `[keys]` entry is user text: any string parses or is refused,
        /// never panics.
        #[test]
        fn parse_never_panics(text in "\\PC{0,12}|(ctrl|alt|shift|c|m|s)-\\PC{0,3}") {
            let _ = KeyChord::parse(&text);
        }
    }
}
