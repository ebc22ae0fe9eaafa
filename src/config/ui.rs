//! `[keys]` and `[theme]`: how the terminal interface is driven and coloured.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::keys::{Command, KeyChord};

/// `[keys]`: bindings that replace the defaults of the named commands.
/// A command not listed keeps its default keys.
pub type KeyBindings = BTreeMap<Command, Vec<KeyChord>>;

/// A colour as the config names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ThemeColor {
    /// The terminal's own default colour.
    Reset,
    /// One of the 16 ANSI colours, 0 (black) to 15 (bright white).
    Ansi(u8),
    /// A 256-colour palette index.
    Indexed(u8),
    /// A 24-bit colour.
    Rgb(u8, u8, u8),
}

/// The ANSI colour names accepted, in palette order.
pub const ANSI_NAMES: [&str; 16] = [
    "black",
    "red",
    "green",
    "yellow",
    "blue",
    "magenta",
    "cyan",
    "gray",
    "dark_gray",
    "light_red",
    "light_green",
    "light_yellow",
    "light_blue",
    "light_magenta",
    "light_cyan",
    "white",
];

impl ThemeColor {
    /// Parses `red`, `light_blue`, `reset`, `#1e90ff` or a palette index `208`.
    pub fn parse(text: &str) -> Option<ThemeColor> {
        let lower = text.trim().to_ascii_lowercase().replace('-', "_");
        if lower == "reset" || lower == "default" {
            return Some(ThemeColor::Reset);
        }
        if let Some(i) = ANSI_NAMES.iter().position(|n| *n == lower) {
            return u8::try_from(i).ok().map(ThemeColor::Ansi);
        }
        if lower == "grey" {
            return Some(ThemeColor::Ansi(7));
        }
        if let Some(hex) = lower.strip_prefix('#') {
            if hex.len() == 6 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
                return Some(ThemeColor::Rgb(byte(0)?, byte(2)?, byte(4)?));
            }
            return None;
        }
        lower.parse::<u8>().ok().map(ThemeColor::Indexed)
    }
}

/// `[theme]`: one colour per role. The defaults use the 16 ANSI colours only,
/// so they follow the terminal's palette and work on 16-colour terminals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ThemeConfig {
    /// Titles, the focused column, the active view tab.
    pub accent: ThemeColor,
    /// Background of the selected row or card.
    pub selection: ThemeColor,
    /// Secondary text: dates, owners, hints.
    pub muted: ThemeColor,
    /// Overdue tasks, rotting deals, errors.
    pub danger: ThemeColor,
    /// Due today, warnings.
    pub warning: ThemeColor,
    /// Won deals, confirmations.
    pub success: ThemeColor,
    /// Frame lines.
    pub border: ThemeColor,
}

/// The role names `[theme]` accepts.
pub const THEME_ROLES: [&str; 7] = [
    "accent",
    "selection",
    "muted",
    "danger",
    "warning",
    "success",
    "border",
];

impl Default for ThemeConfig {
    fn default() -> Self {
        ThemeConfig {
            accent: ThemeColor::Ansi(6),
            selection: ThemeColor::Ansi(8),
            muted: ThemeColor::Ansi(8),
            danger: ThemeColor::Ansi(1),
            warning: ThemeColor::Ansi(3),
            success: ThemeColor::Ansi(2),
            border: ThemeColor::Ansi(8),
        }
    }
}

impl ThemeConfig {
    /// The colour slot for a role name.
    pub fn role_mut(&mut self, role: &str) -> Option<&mut ThemeColor> {
        Some(match role {
            "accent" => &mut self.accent,
            "selection" => &mut self.selection,
            "muted" => &mut self.muted,
            "danger" => &mut self.danger,
            "warning" => &mut self.warning,
            "success" => &mut self.success,
            "border" => &mut self.border,
            _ => return None,
        })
    }
}

/// Whether a command name exists, for validation messages.
pub fn command_names() -> Vec<&'static str> {
    Command::ALL.iter().map(|c| c.name()).collect()
}
