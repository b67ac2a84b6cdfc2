//! Backups that survive a lost laptop: encrypted or plain, restored into an identical office,
//! verified for the monthly drill, and every bad input refused with its cause, nothing lost.

mod common;

use common::CliEnv as Env;
use rusqlite::Connection;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

const PASSPHRASE: &str = "CAREPLAN_BACKUP_PASSPHRASE";

fn ok(env: &Env, args: &[&str]) -> String {
    let out = env.cmd().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "careplan {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The error careplan prints for a command that must fail.
fn refused(env: &Env, args: &[&str], passphrase: Option<&str>) -> String {
    let mut cmd = env.cmd();
    if let Some(p) = passphrase {
        cmd.env(PASSPHRASE, p);
    }
    let out = cmd.args(args).output().unwrap();
    assert!(!out.status.success(), "careplan {args:?} succeeded");
    String::from_utf8(out.stderr).unwrap()
}

/// A key pair from `careplan backup keygen`: the key file and the public key.
fn keygen(env: &Env, name: &str) -> (PathBuf, String) {
    let file = env.path(name);
    let said = ok(env, &["backup", "keygen", "--out", file.to_str().unwrap()]);
    assert!(said.contains("サーバーに置かない"), "{said}");
    let public = said
        .lines()
        .find_map(|l| l.strip_prefix("公開鍵: "))
        .unwrap()
        .to_string();
    assert!(public.starts_with("age1"), "{public}");
    (file, public)
}

/// Every row of every table, sorted, per table: what "the same office" means.
fn contents(db: &Path) -> Vec<(String, Vec<String>)> {
    let conn = Connection::open(db).unwrap();
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    names
        .into_iter()
        .map(|t| {
            let mut st = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
            let n = st.column_count();
            let mut rows: Vec<String> = st
                .query_map([], |r| {
                    Ok((0..n)
                        .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                        .collect::<Vec<_>>()
                        .join("|"))
                })
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            rows.sort();
            (t, rows)
        })
        .collect()
}

fn restore_and_compare(env: &Env, backup: &Path, extra: &[&str], passphrase: Option<&str>) {
    let out = env.path(&format!(
        "restored-{}.db",
        backup.file_name().unwrap().to_string_lossy()
    ));
    let mut cmd = env.cmd();
    if let Some(p) = passphrase {
        cmd.env(PASSPHRASE, p);
    }
    let o = cmd
        .args([
            "restore",
            backup.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .args(extra)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("作成時の行数とも一致"));
    assert_eq!(contents(&out), contents(&env.db()));
    assert_eq!(
        std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o600
    );
    // The restored office passes the full check.
    let o = env
        .cmd()
        .args(["--db", out.to_str().unwrap(), "check"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
}

#[test]
fn round_trips_plain_one_key_two_keys_and_passphrase() {
    let env = Env::with_demo(15);
    let plain = env.path("plain.db");
    ok(&env, &["backup", plain.to_str().unwrap()]);
    restore_and_compare(&env, &plain, &[], None);

    let (k1, p1) = keygen(&env, "k1.txt");
    let (k2, p2) = keygen(&env, "k2.txt");
    assert_eq!(
        std::fs::metadata(&k1).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let one = env.path("one.db.age");
    let said = ok(
        &env,
        &["backup", one.to_str().unwrap(), "--encrypt-to", &p1],
    );
    assert!(said.contains("公開鍵 1 個あて"), "{said}");
    restore_and_compare(&env, &one, &["--identity", k1.to_str().unwrap()], None);

    let two = env.path("two.db.age");
    ok(
        &env,
        &[
            "backup",
            two.to_str().unwrap(),
            "--encrypt-to",
            &p1,
            "--encrypt-to",
            &p2,
        ],
    );
    for key in [&k1, &k2] {
        let out = env.path(&format!(
            "two-{}.db",
            key.file_name().unwrap().to_string_lossy()
        ));
        ok(
            &env,
            &[
                "restore",
                two.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
                "--identity",
                key.to_str().unwrap(),
            ],
        );
        assert_eq!(contents(&out), contents(&env.db()));
    }

    let pass = env.path("pass.db.age");
    let o = env
        .cmd()
        .env(PASSPHRASE, "correct horse battery")
        .args(["backup", pass.to_str().unwrap(), "--passphrase"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    restore_and_compare(&env, &pass, &[], Some("correct horse battery"));
}

#[test]
fn an_encrypted_backup_holds_no_client_name_or_number_in_plaintext() {
    let env = Env::with_demo(10);
    let conn = Connection::open(env.db()).unwrap();
    let secrets: Vec<String> = conn
        .prepare("SELECT name, kana, insured_number, address FROM clients")
        .unwrap()
        .query_map([], |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?]))
        .unwrap()
        .flat_map(|r: rusqlite::Result<[String; 4]>| r.unwrap())
        .filter(|s| s.chars().count() >= 4)
        .collect();
    assert!(secrets.len() >= 30, "{secrets:?}");
    let (_, public) = keygen(&env, "k.txt");
    let plain = env.path("plain.db");
    let sealed = env.path("sealed.db.age");
    ok(&env, &["backup", plain.to_str().unwrap()]);
    ok(
        &env,
        &["backup", sealed.to_str().unwrap(), "--encrypt-to", &public],
    );
    let has = |bytes: &[u8], s: &str| bytes.windows(s.len()).any(|w| w == s.as_bytes());
    let plain_bytes = std::fs::read(&plain).unwrap();
    let sealed_bytes = std::fs::read(&sealed).unwrap();
    // The plain copy shows what the encrypted one must not.
    assert!(secrets.iter().all(|s| has(&plain_bytes, s)));
    for s in &secrets {
        assert!(!has(&sealed_bytes, s), "{s} in the encrypted backup");
    }
    assert!(sealed_bytes.starts_with(b"age-encryption.org/v1\n"));
    // Nothing plain was left beside it either.
    let names: Vec<String> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains("partial")), "{names:?}");
}

/// Runs a restore that must be refused into an existing `--force` target and into a new
/// one; both stay as they were. Returns the error.
fn refused_restore(env: &Env, backup: &Path, extra: &[&str], passphrase: Option<&str>) -> String {
    let kept = env.path("kept.db");
    std::fs::write(&kept, b"the office as it was").unwrap();
    let fresh = env.path("fresh.db");
    let mut errors = Vec::new();
    for (out, force) in [(&kept, true), (&fresh, false)] {
        let mut args = vec![
            "restore",
            backup.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ];
        if force {
            args.push("--force");
        }
        args.extend_from_slice(extra);
        errors.push(refused(env, &args, passphrase));
    }
    assert_eq!(std::fs::read(&kept).unwrap(), b"the office as it was");
    assert!(!fresh.exists());
    let leftovers: Vec<String> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert_eq!(errors[0], errors[1]);
    errors.remove(0)
}

#[test]
fn a_wrong_key_or_passphrase_is_named() {
    let env = Env::with_demo(5);
    let (_, p1) = keygen(&env, "k1.txt");
    let (k2, _) = keygen(&env, "k2.txt");
    let sealed = env.path("sealed.db.age");
    ok(
        &env,
        &["backup", sealed.to_str().unwrap(), "--encrypt-to", &p1],
    );
    let e = refused_restore(&env, &sealed, &["--identity", k2.to_str().unwrap()], None);
    assert!(e.contains("鍵が合いません"), "{e}");
    let e = refused_restore(&env, &sealed, &[], None);
    assert!(e.contains("--identity"), "{e}");

    let pass = env.path("pass.db.age");
    let o = env
        .cmd()
        .env(PASSPHRASE, "the right one")
        .args(["backup", pass.to_str().unwrap(), "--passphrase"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let e = refused_restore(&env, &pass, &[], Some("the wrong one"));
    assert!(e.contains("パスフレーズが違います"), "{e}");
}

#[test]
fn a_truncated_or_altered_backup_is_refused() {
    let env = Env::with_demo(10);
    let (k, public) = keygen(&env, "k.txt");
    let plain = env.path("plain.db");
    let sealed = env.path("sealed.db.age");
    ok(&env, &["backup", plain.to_str().unwrap()]);
    ok(
        &env,
        &["backup", sealed.to_str().unwrap(), "--encrypt-to", &public],
    );
    let identity = ["--identity", k.to_str().unwrap()];

    for (file, extra) in [(&plain, &[][..]), (&sealed, &identity[..])] {
        let bytes = std::fs::read(file).unwrap();
        let cut = env.path("cut");
        std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
        let e = refused_restore(&env, &cut, extra, None);
        assert!(e.contains("壊れています"), "{e}");
    }

    // One character of a client's name changed in the plain file: SQLite finds the file
    // sound, the content recorded at backup time does not.
    let name: String = Connection::open(env.db())
        .unwrap()
        .query_row("SELECT name FROM clients LIMIT 1", [], |r| r.get(0))
        .unwrap();
    let mut bytes = std::fs::read(&plain).unwrap();
    let at = bytes
        .windows(name.len())
        .position(|w| w == name.as_bytes())
        .unwrap();
    bytes[at + name.len() - 1] ^= 1;
    let altered = env.path("altered.db");
    std::fs::write(&altered, &bytes).unwrap();
    let e = refused_restore(&env, &altered, &[], None);
    assert!(e.contains("改変されています"), "{e}");

    let mut bytes = std::fs::read(&sealed).unwrap();
    let at = bytes.len() - 100;
    bytes[at] ^= 1;
    let altered = env.path("altered.db.age");
    std::fs::write(&altered, &bytes).unwrap();
    let e = refused_restore(&env, &altered, &identity, None);
    assert!(e.contains("壊れています"), "{e}");

    let e = refused_restore(&env, &env.write("notes.txt", "hello"), &[], None);
    assert!(e.contains("バックアップではありません"), "{e}");
}

#[test]
fn a_backup_of_a_newer_schema_is_refused_with_what_to_do() {
    let env = Env::with_demo(5);
    let plain = env.path("plain.db");
    ok(&env, &["backup", plain.to_str().unwrap()]);
    let conn = Connection::open(&plain).unwrap();
    conn.pragma_update(None, "user_version", 999).unwrap();
    drop(conn);
    let e = refused_restore(&env, &plain, &[], None);
    assert!(e.contains("新しい careplan") && e.contains("999"), "{e}");
}

#[test]
fn verify_checks_without_writing_and_goes_to_the_audit_log() {
    let env = Env::with_demo(5);
    let plain = env.path("plain.db");
    ok(&env, &["backup", plain.to_str().unwrap()]);
    let before: Vec<String> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let said = ok(&env, &["backup", "verify", plain.to_str().unwrap()]);
    assert!(said.contains("監査記録に残しました"), "{said}");
    let cut = env.path("cut.db");
    std::fs::write(&cut, &std::fs::read(&plain).unwrap()[..20000]).unwrap();
    let e = refused(&env, &["backup", "verify", cut.to_str().unwrap()], None);
    assert!(e.contains("壊れています"), "{e}");

    let conn = Connection::open(env.db()).unwrap();
    let rows: Vec<(String, String)> = conn
        .prepare("SELECT action, after FROM audit_log WHERE entity = 'backup' ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows[0].1.contains("\"ok\":true"), "{rows:?}");
    assert!(rows[1].1.contains("\"ok\":false"), "{rows:?}");
    let mut after: Vec<String> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    after.retain(|n| n != "cut.db" && !n.starts_with("office.db"));
    let mut before = before;
    before.retain(|n| !n.starts_with("office.db"));
    after.sort();
    before.sort();
    assert_eq!(after, before);
}

#[test]
fn the_daily_backup_is_encrypted_to_the_configured_key_and_check_watches_its_age() {
    let env = Env::with_demo(5);
    let (k, public) = keygen(&env, "k.txt");
    let folder = env.path("daily");
    let config = env.write(
        "config.toml",
        &format!(
            "[backup]\nfolder = \"{}\"\nrecipients = [\"{public}\"]\n",
            folder.display()
        ),
    );
    let cfg = ["--config", config.to_str().unwrap()];
    let said = ok(&env, &[&cfg[..], &["backup", "daily"]].concat());
    assert!(said.contains("公開鍵 1 個あて"), "{said}");
    let today = chrono::Local::now().date_naive().format("%Y-%m-%d");
    let file = folder.join(format!("careplan-{today}.db.age"));
    assert!(file.exists());
    assert_eq!(
        std::fs::metadata(&folder).unwrap().permissions().mode() & 0o777,
        0o700
    );
    // A second run the same day keeps the first.
    let said = ok(&env, &[&cfg[..], &["backup", "daily"]].concat());
    assert!(said.contains("既にあります"), "{said}");
    ok(
        &env,
        &[
            "restore",
            file.to_str().unwrap(),
            "--out",
            env.path("r.db").to_str().unwrap(),
            "--identity",
            k.to_str().unwrap(),
        ],
    );
    let said = ok(&env, &[&cfg[..], &["check"]].concat());
    assert!(!said.contains("注意"), "{said}");

    // Only an old backup left: check points it out.
    std::fs::remove_file(&file).unwrap();
    std::fs::write(folder.join("careplan-2020-01-01.db.age"), b"x").unwrap();
    let said = ok(&env, &[&cfg[..], &["check"]].concat());
    assert!(
        said.contains("注意: 最新のバックアップが") && said.contains("2020-01-01"),
        "{said}"
    );
}

#[test]
fn an_existing_backup_or_key_file_is_not_replaced_without_force() {
    let env = Env::with_demo(3);
    let key = env.write("k.txt", "mine");
    let e = refused(
        &env,
        &["backup", "keygen", "--out", key.to_str().unwrap()],
        None,
    );
    assert!(e.contains("--force"), "{e}");
    assert_eq!(std::fs::read_to_string(&key).unwrap(), "mine");
    let e = refused(
        &env,
        &[
            "backup",
            env.path("x.db").to_str().unwrap(),
            "--encrypt-to",
            "not-a-key",
        ],
        None,
    );
    assert!(e.contains("age1"), "{e}");
    assert!(!env.path("x.db").exists());
}
