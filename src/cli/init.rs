//! `kariz init`: create a database, private or shared by a team.

use super::context::Context;
use super::output;
use crate::store::shared;
use anyhow::{Result, bail};
use serde::Serialize;

/// Create the database (and its folder) before first use
///
/// Without --shared the folder is 0700 and the file 0600: only you can
/// read it. With --shared --group GROUP the database's own folder is
/// setgid 2770 and the files 0660, owned by GROUP, so everyone in the group
/// can run kariz on it; SQLite's -wal and -shm files follow. Running it on
/// an existing database brings its files to that layout. See docs/team.md.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Share the database with a Unix group (needs --group)
    #[arg(long, requires = "group")]
    shared: bool,
    /// The team's group (with --shared)
    #[arg(long, value_name = "GROUP", requires = "shared")]
    group: Option<String>,
    /// Print what was set up as JSON
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Report {
    database: String,
    folder: String,
    shared: bool,
    group: Option<String>,
    folder_mode: String,
    file_mode: String,
}

pub fn run(ctx: &Context, a: Args) -> Result<()> {
    let path = &ctx.db_path;
    let gid = match (&a.group, a.shared) {
        (Some(name), true) => Some(crate::identity::group_id(name).ok_or_else(|| {
            anyhow::anyhow!(
                "there is no group {}; create it (`groupadd {name}`) and add the team to it (`usermod -aG {name} LOGIN`), then run this again",
                crate::text::sanitize::quoted(name)
            )
        })?),
        _ => None,
    };
    if path.is_dir() {
        bail!(
            "{} is a folder; name the database file, e.g. --db {}",
            path.display(),
            path.join("kariz.db").display()
        );
    }
    let folder = shared::prepare_folder(path, gid)?;
    // Opening creates the file (0660 in the setgid folder, else 0600) and
    // the schema; then the database and any -wal/-shm get the mode and
    // group, which also converts an existing database.
    drop(ctx.open_unchecked()?);
    shared::prepare_files(path, gid)?;
    let mode = |p: &std::path::Path| {
        shared::mode_and_group(p).map_or_else(|| "?".into(), |(m, _)| format!("{m:04o}"))
    };
    let report = Report {
        database: path.display().to_string(),
        folder: folder.display().to_string(),
        shared: gid.is_some(),
        group: a.group.clone(),
        folder_mode: mode(&folder),
        file_mode: mode(path),
    };
    if a.json {
        return output::json(&report);
    }
    let mut text = format!(
        "database ready: {} (file {}, folder {} {})",
        report.database, report.file_mode, report.folder, report.folder_mode
    );
    if let Some(group) = &report.group {
        text.push_str(&format!(
            "\nshared with group {group}: add each colleague to it (`usermod -aG {group} LOGIN`) and to the team list (`kariz user add LOGIN --name \"Full Name\"`)"
        ));
    }
    output::lines(&text)
}
