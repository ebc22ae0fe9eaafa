//! Keys → commands, per context. Defaults are vim keys plus arrows; the
//! config's `[keys]` replaces the keys of any command by name. The help
//! screen is generated from this table, so it never disagrees with it.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::config::KeyBindings;
use crate::keys::{Command, KeyChord, KeyName};

/// Where the user is; decides which commands a key can mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Keys that work in every non-typing context.
    Global,
    /// The Today view.
    Today,
    /// The contact list.
    Contacts,
    /// A customer page (person or company).
    Customer,
    /// The pipeline board.
    Pipeline,
    /// A deal page.
    Deal,
    /// The Reports view.
    Reports,
    /// The Cases view (the support queue).
    Cases,
    /// A case page.
    Case,
    /// A quote page.
    Quote,
    /// A form: typed characters go into the focused field.
    Form,
    /// A fuzzy picker or the search box: typed characters filter.
    Typing,
    /// A yes/no question.
    Confirm,
}

impl Context {
    /// Contexts where plain characters are text, not commands.
    pub fn takes_text(self) -> bool {
        matches!(self, Context::Form | Context::Typing)
    }
}

use Context as C;

/// Default keys and the contexts each command works in (empty = global).
// Long but flat: a table, one row per command with its contexts and keys;
// split, the rows of one key would be in different places.
fn defaults() -> Vec<(Command, &'static [Context], Vec<KeyChord>)> {
    use Command::*;
    use KeyName as K;
    let ch = KeyChord::ch;
    let key = KeyChord::plain;
    vec![
        (Quit, &[], vec![ch('q'), KeyChord::ctrl('c')]),
        (Help, &[], vec![ch('?'), key(K::F(1))]),
        (NextView, &[], vec![key(K::Tab)]),
        (PrevView, &[], vec![key(K::BackTab)]),
        (ViewToday, &[], vec![ch('1')]),
        (ViewContacts, &[], vec![ch('2')]),
        (ViewPipeline, &[], vec![ch('3')]),
        (ViewReports, &[], vec![ch('4')]),
        (ViewCases, &[], vec![ch('5')]),
        (Up, &[], vec![ch('k'), key(K::Up)]),
        (Down, &[], vec![ch('j'), key(K::Down)]),
        (Left, &[], vec![ch('h'), key(K::Left)]),
        (Right, &[], vec![ch('l'), key(K::Right)]),
        (PageUp, &[], vec![key(K::PageUp), KeyChord::ctrl('u')]),
        (PageDown, &[], vec![key(K::PageDown), KeyChord::ctrl('d')]),
        (Top, &[], vec![ch('g'), key(K::Home)]),
        (Bottom, &[], vec![ch('G'), key(K::End)]),
        (Open, &[], vec![key(K::Enter)]),
        (Back, &[], vec![key(K::Esc)]),
        (Undo, &[], vec![ch('u')]),
        (Refresh, &[], vec![KeyChord::ctrl('r'), key(K::F(5))]),
        (Search, &[C::Contacts, C::Today, C::Pipeline], vec![ch('/')]),
        (
            MarkDone,
            &[C::Today, C::Customer, C::Deal],
            vec![ch('x'), ch(' ')],
        ),
        (Snooze, &[C::Today, C::Customer], vec![ch('s')]),
        (SnoozeTo, &[C::Today, C::Customer], vec![ch('S')]),
        (AddTask, &[C::Today, C::Customer, C::Deal], vec![ch('a')]),
        (AddPerson, &[C::Contacts], vec![ch('a')]),
        (AddCompany, &[C::Contacts], vec![ch('A')]),
        (AddDeal, &[C::Customer, C::Pipeline], vec![ch('n')]),
        (LogActivity, &[C::Customer, C::Deal, C::Case], vec![ch('c')]),
        (
            Edit,
            &[
                C::Contacts,
                C::Customer,
                C::Pipeline,
                C::Deal,
                C::Today,
                C::Quote,
            ],
            vec![ch('e')],
        ),
        // On the customer page `e` edits the selected row; `E` always
        // edits the customer, whatever is selected.
        (EditCustomer, &[C::Customer], vec![ch('E')]),
        (Tag, &[C::Customer, C::Contacts], vec![ch('t')]),
        (
            Delete,
            &[
                C::Contacts,
                C::Customer,
                C::Pipeline,
                C::Deal,
                C::Today,
                C::Quote,
            ],
            vec![ch('D')],
        ),
        (ToggleKind, &[C::Contacts], vec![ch('p')]),
        (FilterTag, &[C::Contacts], vec![ch('T')]),
        (Filter, &[C::Contacts, C::Pipeline], vec![ch('f')]),
        (PickSegment, &[C::Contacts, C::Pipeline], vec![ch('F')]),
        (Mark, &[C::Contacts, C::Pipeline], vec![ch(' ')]),
        // Space marks a task done on Today, so tasks are marked with `v`.
        (Mark, &[C::Today], vec![ch('v')]),
        (
            MarkAll,
            &[C::Contacts, C::Pipeline, C::Today],
            vec![ch('*')],
        ),
        (AssignOwner, &[C::Contacts, C::Pipeline], vec![ch('r')]),
        (MoveToStage, &[C::Pipeline], vec![ch('s')]),
        (
            FilterOwner,
            &[C::Contacts, C::Pipeline, C::Reports],
            vec![ch('O')],
        ),
        (
            ToggleMine,
            &[C::Today, C::Contacts, C::Pipeline, C::Reports],
            vec![ch('m')],
        ),
        (
            ClearFilters,
            &[C::Contacts, C::Pipeline, C::Reports, C::Cases],
            vec![ch('C')],
        ),
        (Sort, &[C::Contacts], vec![ch('o')]),
        (
            MoveDealNext,
            &[C::Pipeline, C::Deal],
            vec![ch('L'), KeyChord::shift(K::Right)],
        ),
        (
            MoveDealPrev,
            &[C::Pipeline, C::Deal],
            vec![ch('H'), KeyChord::shift(K::Left)],
        ),
        (WinDeal, &[C::Pipeline, C::Deal], vec![ch('W')]),
        (LoseDeal, &[C::Pipeline, C::Deal], vec![ch('X')]),
        (NextPipeline, &[C::Pipeline, C::Reports], vec![ch('P')]),
        (NextField, &[C::Form], vec![key(K::Tab), key(K::Down)]),
        (PrevField, &[C::Form], vec![key(K::BackTab), key(K::Up)]),
        (Save, &[C::Form], vec![KeyChord::ctrl('s'), key(K::Enter)]),
        (Cancel, &[C::Form, C::Typing, C::Confirm], vec![key(K::Esc)]),
        (Pick, &[C::Form], vec![KeyChord::ctrl('p'), key(K::F(4))]),
        (Merge, &[C::Customer], vec![ch('M')]),
        (PrevPeriod, &[C::Reports], vec![ch('[')]),
        (NextPeriod, &[C::Reports], vec![ch(']')]),
        (PeriodSpan, &[C::Reports], vec![ch('p')]),
        (CaseScope, &[C::Cases], vec![ch('m')]),
        (FilterStatus, &[C::Cases], vec![ch('f')]),
        (NewCase, &[C::Customer], vec![ch('K')]),
        (CaseStatus, &[C::Case], vec![ch('s')]),
        (AssignCase, &[C::Case], vec![ch('a')]),
        (EscalateCase, &[C::Case], vec![ch('+')]),
        (CloseCase, &[C::Case], vec![ch('X')]),
        (ReopenCase, &[C::Case], vec![ch('R')]),
        (NewQuote, &[C::Deal], vec![ch('n')]),
        (AddLine, &[C::Quote], vec![ch('a')]),
        (MoveLineUp, &[C::Quote], vec![ch('K')]),
        (MoveLineDown, &[C::Quote], vec![ch('J')]),
        (SendQuote, &[C::Quote], vec![ch('s')]),
        (AcceptQuote, &[C::Quote], vec![ch('A')]),
        (RejectQuote, &[C::Quote], vec![ch('R')]),
        (ReviseQuote, &[C::Quote], vec![ch('v')]),
        (PrintQuote, &[C::Quote], vec![ch('p')]),
        (InvoiceQuote, &[C::Quote], vec![ch('I')]),
        (PayInvoice, &[C::Quote], vec![ch('P')]),
    ]
}

/// Help rows: each command with its keys joined for display.
pub type HelpRows = Vec<(Command, String)>;

/// The resolved key table.
#[derive(Debug, Clone)]
pub struct Keymap {
    entries: Vec<(Command, &'static [Context], Vec<KeyChord>)>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap::new(&KeyBindings::new())
    }
}

impl Keymap {
    /// Defaults with the config's overrides applied.
    pub fn new(overrides: &KeyBindings) -> Keymap {
        let mut entries = defaults();
        for (command, _, keys) in &mut entries {
            if let Some(custom) = overrides.get(command) {
                keys.clone_from(custom);
            }
        }
        Keymap { entries }
    }

    /// The command `chord` means in `context`: context-specific bindings
    /// first, then global ones (except where typing takes the keys).
    pub fn resolve(&self, context: Context, chord: &KeyChord) -> Option<Command> {
        if context.takes_text() && is_text(chord) {
            return None;
        }
        let specific = self
            .entries
            .iter()
            .find(|(_, contexts, keys)| contexts.contains(&context) && keys.contains(chord));
        if let Some((command, _, _)) = specific {
            return Some(*command);
        }
        if matches!(context, C::Form | C::Typing | C::Confirm) {
            // Only quitting reaches through a form or a question.
            return (self.keys(Command::Quit).contains(chord) && chord.ctrl)
                .then_some(Command::Quit);
        }
        self.entries
            .iter()
            .find(|(_, contexts, keys)| contexts.is_empty() && keys.contains(chord))
            .map(|(command, _, _)| *command)
    }

    /// The keys bound to a command.
    pub fn keys(&self, command: Command) -> &[KeyChord] {
        self.entries
            .iter()
            .find(|(c, _, _)| *c == command)
            .map_or(&[], |(_, _, keys)| keys.as_slice())
    }

    /// The first key of a command, for hints ("? help").
    pub fn hint(&self, command: Command) -> String {
        self.keys(command)
            .first()
            .map_or_else(String::new, ToString::to_string)
    }

    /// Commands usable in `context` (its own, then the global ones), with
    /// their keys joined for display: the help screen's rows.
    pub fn help_rows(&self, context: Context) -> Vec<(Command, String)> {
        let (mut own, global) = self.help_sections(context);
        own.extend(global);
        own
    }

    /// The help screen's rows in two groups: the commands of `context`,
    /// and the global ones usable there.
    pub fn help_sections(&self, context: Context) -> (HelpRows, HelpRows) {
        let rows = |global: bool| -> HelpRows {
            self.entries
                .iter()
                .filter(|(_, contexts, _)| {
                    if global {
                        contexts.is_empty() && !context.takes_text()
                    } else {
                        contexts.contains(&context)
                    }
                })
                .map(|(command, _, keys)| {
                    let keys: Vec<String> = keys.iter().map(ToString::to_string).collect();
                    (*command, keys.join(" "))
                })
                .collect()
        };
        (rows(false), rows(true))
    }
}

fn is_text(chord: &KeyChord) -> bool {
    matches!(chord.key, KeyName::Char(_)) && !chord.ctrl && !chord.alt
}

/// The chord a terminal key event stands for.
pub fn chord_of(event: &KeyEvent) -> Option<KeyChord> {
    let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
    let alt = event.modifiers.contains(KeyModifiers::ALT);
    let shift = event.modifiers.contains(KeyModifiers::SHIFT);
    let key = match event.code {
        KeyCode::Char(c) => KeyName::Char(if ctrl { c.to_ascii_lowercase() } else { c }),
        KeyCode::Enter => KeyName::Enter,
        KeyCode::Esc => KeyName::Esc,
        KeyCode::Tab if shift => KeyName::BackTab,
        KeyCode::Tab => KeyName::Tab,
        KeyCode::BackTab => KeyName::BackTab,
        KeyCode::Backspace => KeyName::Backspace,
        KeyCode::Delete => KeyName::Delete,
        KeyCode::Up => KeyName::Up,
        KeyCode::Down => KeyName::Down,
        KeyCode::Left => KeyName::Left,
        KeyCode::Right => KeyName::Right,
        KeyCode::Home => KeyName::Home,
        KeyCode::End => KeyName::End,
        KeyCode::PageUp => KeyName::PageUp,
        KeyCode::PageDown => KeyName::PageDown,
        KeyCode::F(n) => KeyName::F(n),
        _ => return None,
    };
    // Shift is part of a character already ('L'), and of BackTab.
    let shift = shift && !matches!(key, KeyName::Char(_) | KeyName::BackTab);
    Some(KeyChord {
        key,
        ctrl,
        alt,
        shift,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_keys_win_over_global_ones() {
        let map = Keymap::default();
        assert_eq!(
            map.resolve(C::Pipeline, &KeyChord::ch('l')),
            Some(Command::Right)
        );
        assert_eq!(
            map.resolve(C::Customer, &KeyChord::ch('c')),
            Some(Command::LogActivity)
        );
        assert_eq!(
            map.resolve(C::Today, &KeyChord::ch(' ')),
            Some(Command::MarkDone)
        );
    }

    #[test]
    fn typing_contexts_keep_characters_for_text() {
        let map = Keymap::default();
        assert_eq!(map.resolve(C::Form, &KeyChord::ch('q')), None);
        assert_eq!(map.resolve(C::Typing, &KeyChord::ch('j')), None);
        assert_eq!(
            map.resolve(C::Form, &KeyChord::ctrl('s')),
            Some(Command::Save)
        );
        assert_eq!(
            map.resolve(C::Form, &KeyChord::ctrl('c')),
            Some(Command::Quit)
        );
    }

    #[test]
    fn overrides_replace_a_commands_keys_and_show_in_help() {
        let mut custom = KeyBindings::new();
        custom.insert(Command::MarkDone, vec![KeyChord::ch('d')]);
        let map = Keymap::new(&custom);
        assert_eq!(
            map.resolve(C::Today, &KeyChord::ch('d')),
            Some(Command::MarkDone)
        );
        assert_eq!(map.resolve(C::Today, &KeyChord::ch('x')), None);
        let rows = map.help_rows(C::Today);
        assert!(rows.contains(&(Command::MarkDone, "d".to_owned())));
    }

    #[test]
    fn shift_arrows_and_shifted_letters_become_chords() {
        let event = KeyEvent::new(KeyCode::Right, KeyModifiers::SHIFT);
        assert_eq!(chord_of(&event), Some(KeyChord::shift(KeyName::Right)));
        let event = KeyEvent::new(KeyCode::Char('L'), KeyModifiers::SHIFT);
        assert_eq!(chord_of(&event), Some(KeyChord::ch('L')));
    }
}
