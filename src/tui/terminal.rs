//! Entering and leaving the terminal's full-screen mode, so that it is
//! restored on quit, on panic, on SIGTERM/SIGHUP and across Ctrl-Z.

use std::io::{self, Write};

use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

use crate::config::BidiMode;

/// `CSI 8 l`: ask a bidi-capable terminal (VTE) to leave our order alone.
const BIDI_EXPLICIT: &str = "\x1b[8l";
/// `CSI 8 h`: give the terminal its own bidi back.
const BIDI_IMPLICIT: &str = "\x1b[8h";

/// Switches to raw mode and the alternate screen.
pub fn enter(bidi: BidiMode) -> io::Result<()> {
    enable_raw_mode()?;
    let mut out = io::stdout();
    execute!(out, EnterAlternateScreen, EnableBracketedPaste)?;
    if bidi == BidiMode::App {
        out.write_all(BIDI_EXPLICIT.as_bytes())?;
    }
    out.flush()
}

/// Restores the terminal. Safe to call more than once and from a panic.
pub fn leave(bidi: BidiMode) {
    let mut out = io::stdout();
    let _ = execute!(
        out,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    if bidi == BidiMode::App {
        let _ = out.write_all(BIDI_IMPLICIT.as_bytes());
    }
    let _ = out.flush();
    let _ = disable_raw_mode();
}

/// Restores the terminal before the default panic message is printed, so
/// the message is readable and the shell usable.
pub fn restore_on_panic(bidi: BidiMode) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        leave(bidi);
        previous(info);
    }));
}

/// Suspends the process like Ctrl-Z in a normal program: restores the
/// terminal, stops, and comes back in full-screen mode on `fg`.
pub fn suspend(bidi: BidiMode) -> io::Result<()> {
    leave(bidi);
    #[cfg(unix)]
    {
        // Stops here until SIGCONT.
        let _ = signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGTSTP);
    }
    enter(bidi)
}
