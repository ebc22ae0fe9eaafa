//! merge
use super::context::Context;
#[derive(Debug, clap::Args)]
pub struct Args {}
pub fn run(_ctx: &Context, _args: Args) -> anyhow::Result<()> { Ok(()) }
