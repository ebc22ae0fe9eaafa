//! A subcommand whose arguments clap builds only when it is the one being
//! run (`clap::Command::defer`). The derive builds the whole command tree
//! before parsing: for kariz's forty commands and their subcommands that
//! was about a megabyte of heap (some 270 page faults) and about a
//! millisecond of every command's start, `kariz --version` included.
//! Help builds what it shows when asked; the completion scripts and the
//! manual page ask for the whole tree at once ([`build_whole_tree`]).

use clap::{ArgMatches, Args, Command, Error, FromArgMatches, Subcommand};
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether commands made from now on are built whole, nothing deferred.
static WHOLE_TREE: AtomicBool = AtomicBool::new(false);

/// Makes the commands made from now on whole: for the completion scripts
/// and the manual page, which describe every command. (clap makes its
/// `help` subcommand's tree from the subcommands built when the top one
/// is, so with deferred ones `help person <TAB>` would complete nothing.)
pub fn build_whole_tree() {
    WHOLE_TREE.store(true, Ordering::Relaxed);
}

/// `cmd` with `add` run now or, unless the whole tree is wanted, deferred.
fn later(cmd: Command, add: fn(Command) -> Command) -> Command {
    if WHOLE_TREE.load(Ordering::Relaxed) {
        add(cmd)
    } else {
        cmd.defer(add)
    }
}

/// `T`'s subcommands or arguments, built only when clap enters them.
#[derive(Debug)]
pub struct Deferred<T>(pub T);

impl<T: FromArgMatches> FromArgMatches for Deferred<T> {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, Error> {
        T::from_arg_matches(matches).map(Deferred)
    }

    fn from_arg_matches_mut(matches: &mut ArgMatches) -> Result<Self, Error> {
        T::from_arg_matches_mut(matches).map(Deferred)
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), Error> {
        self.0.update_from_arg_matches(matches)
    }

    fn update_from_arg_matches_mut(&mut self, matches: &mut ArgMatches) -> Result<(), Error> {
        self.0.update_from_arg_matches_mut(matches)
    }
}

impl<T: Subcommand> Subcommand for Deferred<T> {
    fn augment_subcommands(cmd: Command) -> Command {
        later(cmd, keeping_about_of::<false, T>)
    }

    fn augment_subcommands_for_update(cmd: Command) -> Command {
        later(cmd, keeping_about_of::<true, T>)
    }

    fn has_subcommand(name: &str) -> bool {
        T::has_subcommand(name)
    }
}

impl<T: Args> Args for Deferred<T> {
    fn group_id() -> Option<clap::Id> {
        T::group_id()
    }

    fn augment_args(cmd: Command) -> Command {
        later(cmd, keeping_about::<false, T>)
    }

    fn augment_args_for_update(cmd: Command) -> Command {
        later(cmd, keeping_about::<true, T>)
    }
}

/// Adds `T`'s arguments (for an update with `UPDATE`) to `cmd`, keeping
/// the description `cmd` already has: see [`keeping_description`].
fn keeping_about<const UPDATE: bool, T: Args>(cmd: Command) -> Command {
    keeping_description(cmd, |cmd| {
        if UPDATE {
            T::augment_args_for_update(cmd)
        } else {
            T::augment_args(cmd)
        }
    })
}

/// Adds `T`'s subcommands (for an update with `UPDATE`) to `cmd`, keeping
/// the description `cmd` already has: see [`keeping_description`].
fn keeping_about_of<const UPDATE: bool, T: Subcommand>(cmd: Command) -> Command {
    keeping_description(cmd, |cmd| {
        if UPDATE {
            T::augment_subcommands_for_update(cmd)
        } else {
            T::augment_subcommands(cmd)
        }
    })
}

/// Runs `add` on `cmd`, then describes `cmd` as it was before. The derive
/// describes a command by its variant's doc comment after adding what the
/// variant holds, which describes it too (by its struct's or enum's doc
/// comment); run later, as deferred, that one would win.
fn keeping_description(cmd: Command, add: impl FnOnce(Command) -> Command) -> Command {
    let about = cmd.get_about().cloned();
    let long_about = cmd.get_long_about().cloned();
    let cmd = add(cmd);
    match (about, long_about) {
        (Some(about), Some(long_about)) => cmd.about(about).long_about(long_about),
        (Some(about), None) => cmd.about(about).long_about(None::<&'static str>),
        // Not described by its variant: its own description stands.
        (None, _) => cmd,
    }
}
