//! Colours from `[theme]`, or none at all when NO_COLOR is set: then only
//! bold, reverse and underline mark things, which every terminal shows.

use ratatui::style::{Color, Modifier, Style};

use crate::config::{ThemeColor, ThemeConfig};

/// Styles for each role, resolved once at start.
#[derive(Debug, Clone)]
pub struct Theme {
    colour: bool,
    config: ThemeConfig,
}

impl Default for Theme {
    fn default() -> Self {
        Theme::new(&ThemeConfig::default(), true)
    }
}

fn color(c: ThemeColor) -> Color {
    match c {
        ThemeColor::Reset => Color::Reset,
        ThemeColor::Ansi(i) => match i {
            0 => Color::Black,
            1 => Color::Red,
            2 => Color::Green,
            3 => Color::Yellow,
            4 => Color::Blue,
            5 => Color::Magenta,
            6 => Color::Cyan,
            7 => Color::Gray,
            8 => Color::DarkGray,
            9 => Color::LightRed,
            10 => Color::LightGreen,
            11 => Color::LightYellow,
            12 => Color::LightBlue,
            13 => Color::LightMagenta,
            14 => Color::LightCyan,
            _ => Color::White,
        },
        ThemeColor::Indexed(i) => Color::Indexed(i),
        ThemeColor::Rgb(r, g, b) => Color::Rgb(r, g, b),
    }
}

impl Theme {
    /// `colour` false (NO_COLOR) drops every colour.
    pub fn new(config: &ThemeConfig, colour: bool) -> Theme {
        Theme {
            colour,
            config: config.clone(),
        }
    }

    /// Whether the environment asks for no colour (any non-empty NO_COLOR).
    pub fn colour_allowed(no_color: Option<&str>) -> bool {
        no_color.is_none_or(str::is_empty)
    }

    fn fg(&self, c: ThemeColor) -> Style {
        if self.colour {
            Style::new().fg(color(c))
        } else {
            Style::new()
        }
    }

    /// Titles and the active tab.
    pub fn accent(&self) -> Style {
        self.fg(self.config.accent).add_modifier(Modifier::BOLD)
    }

    /// The selected row or card: reverse video, which works without colour.
    pub fn selected(&self) -> Style {
        if self.colour {
            Style::new()
                .bg(color(self.config.selection))
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    /// Secondary text.
    pub fn muted(&self) -> Style {
        if self.colour {
            self.fg(self.config.muted)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    /// Overdue, rotting, errors.
    pub fn danger(&self) -> Style {
        self.fg(self.config.danger).add_modifier(Modifier::BOLD)
    }

    /// Due today, warnings.
    pub fn warning(&self) -> Style {
        self.fg(self.config.warning)
    }

    /// Won, saved.
    pub fn success(&self) -> Style {
        self.fg(self.config.success)
    }

    /// Frame lines.
    pub fn border(&self) -> Style {
        self.fg(self.config.border)
    }

    /// Headings inside panes.
    pub fn heading(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }
}
