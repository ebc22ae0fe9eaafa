//! File modes for a database shared by a team through a Unix group.
//!
//! The shared layout: the database's own folder is setgid and group-owned
//! (mode 2770), so every file created in it (the database, and SQLite's
//! `-wal` and `-shm`) belongs to the team's group; the files are 0660.
//! SQLite creates `-wal` and `-shm` with the database file's mode, so once
//! the database is 0660 in such a folder they follow. A private database
//! is 0600 in a 0700 folder.

use crate::error::{Error, Result};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Folder mode of a shared database: setgid, group read/write/enter.
pub const SHARED_DIR_MODE: u32 = 0o2770;
/// File mode of a shared database and its `-wal` and `-shm`.
pub const SHARED_FILE_MODE: u32 = 0o660;
/// Folder mode of a private database.
pub const PRIVATE_DIR_MODE: u32 = 0o700;
/// File mode of a private database.
pub const PRIVATE_FILE_MODE: u32 = 0o600;

/// Whether `dir` is set up for sharing (its setgid bit is on), so a new
/// database in it should be group-writable.
pub fn is_shared_dir(dir: &Path) -> bool {
    std::fs::metadata(dir).is_ok_and(|m| m.is_dir() && m.mode() & 0o2000 != 0)
}

/// The database file and the two SQLite files beside it.
pub fn database_files(path: &Path) -> [PathBuf; 3] {
    let with = |suffix: &str| {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    };
    [path.to_path_buf(), with("-wal"), with("-shm")]
}

/// Prepares the folder of a database about to be created at `path`: a
/// missing folder is created with `mode` (parents with the usual mode);
/// with a group, the folder is given to it and its mode set. An existing
/// folder that holds other files is refused rather than opened to a group.
pub fn prepare_folder(path: &Path, group: Option<u32>) -> Result<PathBuf> {
    let dir = match path.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) => dir.to_path_buf(),
        None => PathBuf::from("."),
    };
    let mode = if group.is_some() {
        SHARED_DIR_MODE
    } else {
        PRIVATE_DIR_MODE
    };
    if !dir.exists() {
        if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|e| Error::io(format!("cannot create folder {}", parent.display()), e))?;
        }
        let mut builder = std::fs::DirBuilder::new();
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, PRIVATE_DIR_MODE);
        builder
            .create(&dir)
            .map_err(|e| Error::io(format!("cannot create folder {}", dir.display()), e))?;
    } else if group.is_some() {
        refuse_foreign_files(&dir, path)?;
    } else {
        // A private database in an existing folder: the folder is left as
        // it is (it may be the user's home or a shared tmp).
        return Ok(dir);
    }
    if let Some(gid) = group {
        chown_group(&dir, gid)?;
    }
    set_mode(&dir, mode)?;
    Ok(dir)
}

/// Refuses to turn a folder holding anything but this database into a
/// group folder: everyone in the group could then change those files.
fn refuse_foreign_files(dir: &Path, path: &Path) -> Result<()> {
    let ours = database_files(path);
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Error::io(format!("cannot read folder {}", dir.display()), e))?;
    for entry in entries {
        let entry =
            entry.map_err(|e| Error::io(format!("cannot read folder {}", dir.display()), e))?;
        let name = entry.file_name();
        if !ours.iter().any(|p| p.file_name() == Some(name.as_os_str())) {
            return Err(Error::rejected(
                format!(
                    "{} already holds other files ({}); a shared database needs a folder of its own, because everyone in the group can change what is in it",
                    dir.display(),
                    crate::text::sanitize::quoted(&name.to_string_lossy())
                ),
                crate::error::Remedy::DatabasePath,
            ));
        }
    }
    Ok(())
}

/// Creates the database file (if missing) and gives it, and any `-wal` or
/// `-shm` beside it, `mode` and the group.
pub fn prepare_files(path: &Path, group: Option<u32>) -> Result<()> {
    let mode = if group.is_some() {
        SHARED_FILE_MODE
    } else {
        PRIVATE_FILE_MODE
    };
    if !path.exists() {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, mode);
        match options.open(path) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => {
                return Err(Error::io(
                    format!("cannot create database {}", path.display()),
                    e,
                ));
            }
        }
    }
    for file in database_files(path).iter().filter(|p| p.exists()) {
        if let Some(gid) = group {
            chown_group(file, gid)?;
        }
        // The umask may have taken the group bits off at creation.
        set_mode(file, mode)?;
    }
    Ok(())
}

/// Sets the permission bits of `path`.
pub fn set_mode(path: &Path, mode: u32) -> Result<()> {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        .map_err(|e| Error::io(format!("cannot set the mode of {}", path.display()), e))
}

fn chown_group(path: &Path, gid: u32) -> Result<()> {
    std::os::unix::fs::chown(path, None, Some(gid)).map_err(|e| {
        Error::io(
            format!(
                "cannot give {} to group {gid} (you must own it and be in the group, or be root)",
                path.display()
            ),
            e,
        )
    })
}

/// Mode bits (`0o7777`) and group id of a file, for reports and tests.
pub fn mode_and_group(path: &Path) -> Option<(u32, u32)> {
    std::fs::metadata(path)
        .ok()
        .map(|m| (m.mode() & 0o7777, m.gid()))
}
