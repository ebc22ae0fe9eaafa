//! `kariz` with no subcommand: the terminal interface.

use std::io::IsTerminal;
use std::path::Path;

use anyhow::{Result, bail};

use super::context::Context;
use crate::config::Config;
use crate::store::Store;

/// Whether both ends of the terminal are there (keys in, screen out).
pub fn interactive() -> bool {
    std::io::stdout().is_terminal() && std::io::stdin().is_terminal()
}

/// Opens the interface on the context's database.
pub fn run(ctx: &Context) -> Result<()> {
    if !interactive() {
        bail!(
            "the terminal interface needs a terminal, and standard input or output is not one. For scripts use the subcommands (`kariz --help` lists them; every listing takes --json)"
        );
    }
    let store = ctx.open()?;
    open(ctx, store, &ctx.db_path)
}

/// Opens the interface on a database at `path` with `config`.
pub fn run_at(ctx: &Context, path: &Path, config: Config) -> Result<()> {
    let actor = ctx.actor(&config);
    let store = Store::open(path, config, actor)?;
    store.check_stages()?;
    open(ctx, store, path)
}

fn open(ctx: &Context, store: Store, path: &Path) -> Result<()> {
    let user = store.actor().to_owned();
    crate::tui::run(crate::tui::Launch {
        store,
        db_path: path.to_path_buf(),
        clock: ctx.clock.clone(),
        user,
        no_color: std::env::var("NO_COLOR").ok(),
        config_dir: ctx
            .config_path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default(),
        documents: ctx.env.documents_dir().ok(),
        cache_dir: ctx.env.cache_dir().ok(),
    })
}
