//! Passwords and API keys: from an environment variable or from a file
//! that only its owner can read (mode 0600 or stricter). The config names
//! where the secret is, never the secret itself.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::config::messages::Secret;
use crate::error::{Error, Result};

/// Reads `secret`; `env` looks up environment variables (the front-end
/// passes the process environment), a relative file is taken from `base`
/// (the config's folder). `what` names the secret in errors.
pub fn read(
    secret: &Secret,
    env: &dyn Fn(&str) -> Option<String>,
    base: &Path,
    what: &str,
) -> Result<String> {
    match secret {
        Secret::Env(name) => env(name)
            .map(|v| v.trim_end_matches(['\r', '\n']).to_string())
            .filter(|v| !v.is_empty())
            .ok_or_else(|| {
                Error::invalid(format!(
                    "the {what} is to come from the environment variable {name}, which is not set; export it before sending"
                ))
            }),
        Secret::File(path) => {
            let path = &base.join(path);
            let meta = std::fs::metadata(path).map_err(|cause| Error::Io {
                context: format!("reading the {what} file {}", path.display()),
                cause,
            })?;
            let mode = meta.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                return Err(Error::invalid(format!(
                    "the {what} file {} can be read by others (mode {mode:o}); make it private with `chmod 600 {}`",
                    path.display(),
                    path.display()
                )));
            }
            let text = std::fs::read_to_string(path).map_err(|cause| Error::Io {
                context: format!("reading the {what} file {}", path.display()),
                cause,
            })?;
            let value = text.trim().to_string();
            if value.is_empty() {
                return Err(Error::invalid(format!(
                    "the {what} file {} is empty",
                    path.display()
                )));
            }
            Ok(value)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_readable_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("key");
        std::fs::write(&path, "s3cret\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        let none = |_: &str| None;
        let err = read(
            &Secret::File(path.clone()),
            &none,
            Path::new("/"),
            "API key",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("chmod 600"), "{err}");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(
            read(&Secret::File(path), &none, Path::new("/"), "API key").unwrap(),
            "s3cret"
        );
        let env = |name: &str| (name == "K").then(|| "v".to_string());
        assert_eq!(
            read(&Secret::Env("K".into()), &env, Path::new("/"), "API key").unwrap(),
            "v"
        );
        assert!(read(&Secret::Env("X".into()), &env, Path::new("/"), "API key").is_err());
    }
}
