//! An office server: one service account owns the database (owner-only, as always), and the
//! people in the group `careplan-users` may run careplan as it (the package's sudoers rule,
//! limited to /usr/bin/careplan). When the config names that account (the package's
//! /etc/careplan/config.toml does) and a member of the group types `careplan`, careplan runs
//! itself again as the account through sudo, so nobody needs to remember `sudo -u`.

use crate::cli::Cli;
use crate::config::Config;
use color_eyre::eyre::{Result, eyre};
use std::ffi::{CStr, CString};

/// The group whose members run careplan as the office's account.
pub const GROUP: &str = "careplan-users";

/// Whether someone running careplan as `me` switches to `account`: only a member of the group,
/// never the account itself (which would loop).
pub fn should_switch(account: &str, me: &str, members: &[String]) -> bool {
    me != account && members.iter().any(|m| m == me)
}

/// The members of `group` as the group database lists them (what sudo checks too, so a member
/// added by `usermod -aG` counts before logging in again).
fn group_members(group: &str) -> Vec<String> {
    let Ok(name) = CString::new(group) else {
        return Vec::new();
    };
    let mut grp = std::mem::MaybeUninit::<libc::group>::uninit();
    let mut buf = vec![0 as libc::c_char; 16384];
    let mut result: *mut libc::group = std::ptr::null_mut();
    // SAFETY: every pointer refers to live memory of the size given; getgrnam_r fills `grp`
    // and `buf` and sets `result` to `grp` on success or null otherwise.
    let rc = unsafe {
        libc::getgrnam_r(
            name.as_ptr(),
            grp.as_mut_ptr(),
            buf.as_mut_ptr(),
            buf.len(),
            &mut result,
        )
    };
    if rc != 0 || result.is_null() {
        return Vec::new();
    }
    let mut out = Vec::new();
    // SAFETY: on success `result` points to the initialised `grp`, whose `gr_mem` is a
    // null-terminated array of NUL-terminated strings inside `buf`, which is still alive.
    unsafe {
        let mut member = (*result).gr_mem;
        while !member.is_null() && !(*member).is_null() {
            out.push(CStr::from_ptr(*member).to_string_lossy().into_owned());
            member = member.add(1);
        }
    }
    out
}

/// Runs this careplan again as the office's account when that applies (see the module's
/// note); returns only when it does not. Not for a database named on the command line or
/// by CAREPLAN_DB (someone working on a file of their own), nor for the demo.
pub fn switch_if_member(cli: &Cli, config: &Config) -> Result<()> {
    let Some(account) = config.account.as_deref() else {
        return Ok(());
    };
    if cli.db.is_some() || cli.demo {
        return Ok(());
    }
    let Some(me) = crate::store::audit::account_name() else {
        return Ok(());
    };
    if !should_switch(account, &me, &group_members(GROUP)) {
        return Ok(());
    }
    use std::os::unix::process::CommandExt;
    let exe = std::env::current_exe().map_err(|e| eyre!("careplan の場所が分かりません: {e}"))?;
    // exec returns only when sudo could not be started.
    let e = std::process::Command::new("sudo")
        .args(["-n", "-u", account, "--"])
        .arg(exe)
        .args(std::env::args_os().skip(1))
        .exec();
    Err(eyre!(
        "事業所のアカウント {account} として careplan を起動できません（sudo: {e}）。管理者に {GROUP} グループと sudo の設定を確かめてもらってください"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_switch_and_the_account_and_others_do_not() {
        let members = vec!["sato".to_string(), "suzuki".to_string()];
        assert!(should_switch("careplan", "sato", &members));
        assert!(!should_switch("careplan", "tanaka", &members));
        let with_account = vec!["careplan".to_string()];
        assert!(!should_switch("careplan", "careplan", &with_account));
    }
}
