//! Who is using kariz, from the operating system's account database.
//!
//! The actor recorded in the change log is the login of the process's real
//! uid, looked up in the passwd database, never a name from the environment
//! or a config file: on a shared server anyone can set `USER` or write a
//! config, but nobody can change their uid. Looked up with `libc` directly
//! (`getuid`, `getpwuid_r`, `getgrnam_r`): libc is already in the build (via
//! crossterm and others), and the three calls are all that is needed, so a
//! wrapper crate would add more than it saves.
//!
//! Tests need other identities without other accounts: a **debug build**
//! (what `cargo test` runs) honours `KARIZ_TEST_USER`. A release build
//! ignores it, so a person with a release binary cannot pose as someone else.

use std::ffi::{CStr, CString};

/// The test-only variable a debug build takes the login from.
pub const TEST_USER_VAR: &str = "KARIZ_TEST_USER";

/// The login of the process's real uid (or, in a debug build, of
/// `KARIZ_TEST_USER` when it is set and not empty).
///
/// An account without a passwd entry (a container started with a bare
/// `--user 1234`) is `uid1234`, so its changes are still told apart.
pub fn current_login() -> String {
    #[cfg(debug_assertions)]
    if let Some(login) = std::env::var(TEST_USER_VAR)
        .ok()
        .filter(|v| !v.trim().is_empty())
    {
        return login;
    }
    let uid = real_uid();
    login_of(uid).unwrap_or_else(|| format!("uid{uid}"))
}

/// The real uid of this process.
pub fn real_uid() -> u32 {
    // SAFETY: getuid has no preconditions and cannot fail.
    unsafe { libc::getuid() }
}

/// The real gid of this process.
pub fn real_gid() -> u32 {
    // SAFETY: getgid has no preconditions and cannot fail.
    unsafe { libc::getgid() }
}

/// The login name of `uid` from the passwd database.
pub fn login_of(uid: u32) -> Option<String> {
    let mut buf = vec![0u8; 1024];
    loop {
        // SAFETY: `pwd` is plain data that getpwuid_r fills; `buf` outlives
        // the use of the pointers it stores into `pwd`; `result` is only
        // read after the call returns.
        let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
        let mut result: *mut libc::passwd = std::ptr::null_mut();
        let rc = unsafe {
            libc::getpwuid_r(
                uid,
                &mut pwd,
                buf.as_mut_ptr().cast(),
                buf.len(),
                &mut result,
            )
        };
        if rc == libc::ERANGE && buf.len() < 1 << 20 {
            buf.resize(buf.len() * 4, 0);
            continue;
        }
        if rc != 0 || result.is_null() || pwd.pw_name.is_null() {
            return None;
        }
        // SAFETY: on success pw_name points to a NUL-terminated string in `buf`.
        let name = unsafe { CStr::from_ptr(pwd.pw_name) };
        return name
            .to_str()
            .ok()
            .filter(|n| !n.is_empty())
            .map(str::to_owned);
    }
}

/// Whether the passwd database has an account named `login`.
pub fn account_exists(login: &str) -> bool {
    let Ok(name) = CString::new(login) else {
        return false;
    };
    let mut buf = vec![0u8; 1024];
    loop {
        // SAFETY: as in `login_of`.
        let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
        let mut result: *mut libc::passwd = std::ptr::null_mut();
        let rc = unsafe {
            libc::getpwnam_r(
                name.as_ptr(),
                &mut pwd,
                buf.as_mut_ptr().cast(),
                buf.len(),
                &mut result,
            )
        };
        if rc == libc::ERANGE && buf.len() < 1 << 20 {
            buf.resize(buf.len() * 4, 0);
            continue;
        }
        return rc == 0 && !result.is_null();
    }
}

/// The gid of the group named `name`, from the group database.
pub fn group_id(name: &str) -> Option<u32> {
    let name = CString::new(name).ok()?;
    let mut buf = vec![0u8; 4096];
    loop {
        // SAFETY: as in `login_of`: `grp` is filled by the call, `buf`
        // outlives it, `result` is read after the call.
        let mut grp: libc::group = unsafe { std::mem::zeroed() };
        let mut result: *mut libc::group = std::ptr::null_mut();
        let rc = unsafe {
            libc::getgrnam_r(
                name.as_ptr(),
                &mut grp,
                buf.as_mut_ptr().cast(),
                buf.len(),
                &mut result,
            )
        };
        if rc == libc::ERANGE && buf.len() < 1 << 22 {
            buf.resize(buf.len() * 4, 0);
            continue;
        }
        if rc != 0 || result.is_null() {
            return None;
        }
        return Some(grp.gr_gid);
    }
}

/// The name of group `gid`, from the group database.
pub fn group_name(gid: u32) -> Option<String> {
    let mut buf = vec![0u8; 4096];
    loop {
        // SAFETY: as in `group_id`.
        let mut grp: libc::group = unsafe { std::mem::zeroed() };
        let mut result: *mut libc::group = std::ptr::null_mut();
        let rc = unsafe {
            libc::getgrgid_r(
                gid,
                &mut grp,
                buf.as_mut_ptr().cast(),
                buf.len(),
                &mut result,
            )
        };
        if rc == libc::ERANGE && buf.len() < 1 << 22 {
            buf.resize(buf.len() * 4, 0);
            continue;
        }
        if rc != 0 || result.is_null() || grp.gr_name.is_null() {
            return None;
        }
        // SAFETY: on success gr_name points to a NUL-terminated string in `buf`.
        let name = unsafe { CStr::from_ptr(grp.gr_name) };
        return name.to_str().ok().map(str::to_owned);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_real_uid_has_a_login() {
        // Whatever account runs the tests has a passwd entry (root in CI).
        let login = login_of(real_uid());
        assert!(login.as_deref().is_some_and(|l| !l.is_empty()), "{login:?}");
        assert!(account_exists(login.as_deref().unwrap_or("")));
        assert!(!account_exists("no-such-account-kariz-test"));
        assert!(!account_exists("bad\0name"));
    }

    #[test]
    fn the_gid_of_a_group_round_trips() {
        let gid = real_gid();
        if let Some(name) = group_name(gid) {
            assert_eq!(group_id(&name), Some(gid));
        }
        assert_eq!(group_id("no-such-group-kariz-test"), None);
        assert_eq!(group_id("bad\0name"), None);
    }
}
