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
    lookup(
        // SAFETY: the buffer and out-pointers come from `lookup`, valid for
        // the call.
        |pwd, buf, result| unsafe {
            libc::getpwuid_r(uid, pwd, buf.as_mut_ptr().cast(), buf.len(), result)
        },
        // SAFETY: called by `lookup` while the buffer lives.
        |pwd: &libc::passwd| unsafe { c_text(pwd.pw_name) }.filter(|n| !n.is_empty()),
    )
}

/// Whether the passwd database has an account named `login`.
pub fn account_exists(login: &str) -> bool {
    let Ok(name) = CString::new(login) else {
        return false;
    };
    lookup(
        // SAFETY: as in `login_of`; `name` outlives the call.
        |pwd, buf, result| unsafe {
            libc::getpwnam_r(
                name.as_ptr(),
                pwd,
                buf.as_mut_ptr().cast(),
                buf.len(),
                result,
            )
        },
        |_: &libc::passwd| Some(()),
    )
    .is_some()
}

/// The gid of the group named `name`, from the group database.
pub fn group_id(name: &str) -> Option<u32> {
    let name = CString::new(name).ok()?;
    lookup(
        // SAFETY: as in `account_exists`.
        |grp, buf, result| unsafe {
            libc::getgrnam_r(
                name.as_ptr(),
                grp,
                buf.as_mut_ptr().cast(),
                buf.len(),
                result,
            )
        },
        |grp: &libc::group| Some(grp.gr_gid),
    )
}

/// The name of group `gid`, from the group database.
pub fn group_name(gid: u32) -> Option<String> {
    lookup(
        // SAFETY: as in `login_of`.
        |grp, buf, result| unsafe {
            libc::getgrgid_r(gid, grp, buf.as_mut_ptr().cast(), buf.len(), result)
        },
        // SAFETY: called by `lookup` while the buffer lives.
        |grp: &libc::group| unsafe { c_text(grp.gr_name) },
    )
}

/// The largest buffer a passwd or group lookup may grow to (a group with
/// thousands of members needs a large one).
const MAX_LOOKUP_BUFFER: usize = 1 << 22;

/// Runs one reentrant account-database lookup (`getpwuid_r` and its
/// siblings share one calling convention): `call` fills a record whose
/// strings point into a buffer, which grows while the call says ERANGE;
/// `read` takes what is needed while the buffer is still alive. `None`
/// when there is no such entry or the lookup failed.
fn lookup<R, T>(
    call: impl Fn(*mut R, &mut [u8], *mut *mut R) -> libc::c_int,
    read: impl FnOnce(&R) -> Option<T>,
) -> Option<T> {
    let mut buf = vec![0u8; 1024];
    loop {
        // SAFETY: `R` is `libc::passwd` or `libc::group`, C structs of
        // integers and pointers for which all zeroes is a valid value; the
        // call fills it, and it is only read after a successful call.
        let mut record: R = unsafe { std::mem::zeroed() };
        let mut result: *mut R = std::ptr::null_mut();
        let rc = call(&mut record, &mut buf, &mut result);
        if rc == libc::ERANGE && buf.len() < MAX_LOOKUP_BUFFER {
            buf.resize(buf.len() * 4, 0);
            continue;
        }
        if rc != 0 || result.is_null() {
            return None;
        }
        return read(&record);
    }
}

/// A NUL-terminated string a lookup stored in its buffer, as UTF-8.
///
/// # Safety
/// `ptr` is null or points to a NUL-terminated string that is alive for
/// the call: call it only from `read` in `lookup`, while the buffer lives.
unsafe fn c_text(ptr: *const libc::c_char) -> Option<String> {
    if ptr.is_null() {
        return None;
    }
    // SAFETY: the caller's contract above.
    let text = unsafe { CStr::from_ptr(ptr) };
    text.to_str().ok().map(str::to_owned)
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
