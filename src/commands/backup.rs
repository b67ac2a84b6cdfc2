//! `careplan backup` (plain or encrypted), `backup keygen`, `backup verify`, `backup daily`,
//! `careplan restore`, and the backup warning of `careplan check`.

use super::open_store;
use crate::backup::retention::{self, Keep};
use crate::backup::{Protection, Unlock};
use crate::cli::{BackupArgs, BackupCommand, Cli};
use crate::config::Config;
use crate::present::output::print_lines;
use crate::store::Store;
use crate::store::backup::{Manifest, Verified};
use age::secrecy::{ExposeSecret, SecretString};
use chrono::NaiveDate;
use color_eyre::eyre::{Result, WrapErr, eyre};
use std::os::unix::fs::DirBuilderExt;
use std::path::Path;
use std::process::ExitCode;

/// For scripts: the passphrase, instead of asking on the terminal.
const PASSPHRASE_ENV: &str = "CAREPLAN_BACKUP_PASSPHRASE";

/// A backup older than this many days is pointed out by `careplan check`.
const STALE_AFTER_DAYS: i64 = 2;

pub fn run(cli: &Cli, args: &BackupArgs, config: &Config) -> Result<ExitCode> {
    match &args.command {
        Some(BackupCommand::Keygen { out, force }) => keygen(out, *force),
        Some(BackupCommand::Verify { file, identity }) => {
            verify(&mut open_store(cli, config)?, file, identity.as_deref())
        }
        Some(BackupCommand::Daily) => daily(&open_store(cli, config)?, config, super::today()),
        None => {
            let path = args
                .path
                .as_deref()
                .ok_or_else(|| eyre!("バックアップ先のファイルを指定してください"))?;
            // Asked before the copy is made, and refused before a passphrase is asked.
            crate::store::refuse_existing(path, args.force)?;
            let protection = if args.passphrase {
                Protection::Passphrase(passphrase(true)?)
            } else if args.encrypt_to.is_empty() {
                Protection::Plain
            } else {
                Protection::Recipients(
                    args.encrypt_to
                        .iter()
                        .map(|k| crate::backup::parse_recipient(k))
                        .collect::<Result<_>>()?,
                )
            };
            let store = open_store(cli, config)?;
            let manifest = write_backup(&store, path, args.force, &protection)?;
            print_lines([format!(
                "バックアップを作成し、検証しました: {}（{}。{}）",
                path.display(),
                protection_label(&protection),
                manifest.summary()
            )])?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn protection_label(p: &Protection) -> String {
    match p {
        Protection::Plain => {
            "暗号化なし。個人情報を含むのでサーバーの外へは持ち出さないでください".into()
        }
        Protection::Recipients(keys) => format!("公開鍵 {} 個あてに暗号化", keys.len()),
        Protection::Passphrase(_) => "パスフレーズで暗号化".into(),
    }
}

/// The passphrase from CAREPLAN_BACKUP_PASSPHRASE, else asked on the terminal (twice when
/// making a backup, so a typo does not lock the office out of it).
fn passphrase(confirm: bool) -> Result<SecretString> {
    if let Ok(p) = std::env::var(PASSPHRASE_ENV)
        && !p.is_empty()
    {
        return Ok(SecretString::from(p));
    }
    let ask = |prompt: &str| {
        rpassword::prompt_password(prompt).wrap_err_with(|| {
            format!(
                "パスフレーズを尋ねられません（端末がありません）。スクリプトからは {PASSPHRASE_ENV} で渡してください"
            )
        })
    };
    let first = ask("パスフレーズ: ")?;
    if first.is_empty() {
        return Err(eyre!("パスフレーズが空です"));
    }
    if confirm && ask("もう一度: ")? != first {
        return Err(eyre!(
            "2 回のパスフレーズが違います。何も書き出していません"
        ));
    }
    Ok(SecretString::from(first))
}

/// Writes the online backup to `path` as `protection` says, then reads the file back and
/// compares it with what was meant to be written. The image stays in memory throughout.
fn write_backup(
    store: &Store,
    path: &Path,
    force: bool,
    protection: &Protection,
) -> Result<Manifest> {
    let (image, manifest) = store.backup_image()?;
    let sealed = crate::backup::seal(&image, protection)?;
    drop(image);
    crate::store::write_private(path, &sealed, force)?;
    let back = std::fs::read(path)
        .wrap_err_with(|| format!("書き出したバックアップを読み返せません: {}", path.display()))?;
    if back != sealed {
        return Err(eyre!(
            "書き出したバックアップが書いた内容と違います（ディスクの不具合の可能性があります）: {}",
            path.display()
        ));
    }
    Ok(manifest)
}

fn keygen(out: &Path, force: bool) -> Result<ExitCode> {
    let (secret, public) = crate::backup::new_key_pair(&crate::store::now_utc());
    crate::store::write_private(out, secret.expose_secret().as_bytes(), force)?;
    print_lines([
        format!("秘密鍵を書き出しました（所有者だけが読めます）: {}", out.display()),
        format!("公開鍵: {public}"),
        "秘密鍵はサーバーに置かないでください: USB メモリや別の場所の金庫など、サーバーの外に保管します（サーバーと一緒に失えば、バックアップを誰も開けません）。".into(),
        format!(
            "サーバーでは公開鍵だけを使います: careplan backup FILE --encrypt-to {public}、または設定ファイルの [backup] recipients = [\"{public}\"]"
        ),
    ])?;
    Ok(ExitCode::SUCCESS)
}

/// Reads `file`, decrypting it if needed (with `identity`, or a passphrase when it was
/// encrypted to one), and verifies what is inside.
fn read_verified(file: &Path, identity: Option<&Path>) -> Result<Verified> {
    let bytes = std::fs::read(file)
        .wrap_err_with(|| format!("バックアップを読めません: {}", file.display()))?;
    let unlock = match identity {
        Some(keyfile) => Some(Unlock::Identities(crate::backup::read_identity_file(
            keyfile,
        )?)),
        None if crate::backup::is_encrypted(&bytes) && crate::backup::needs_passphrase(&bytes)? => {
            Some(Unlock::Passphrase(passphrase(false)?))
        }
        None => None,
    };
    let image = crate::backup::open(&bytes, unlock.as_ref())
        .wrap_err_with(|| format!("バックアップ {} を開けません", file.display()))?;
    crate::store::backup::verify_image(image)
        .wrap_err_with(|| format!("バックアップ {} の検証に失敗しました", file.display()))
}

fn verified_lines(file: &Path, v: &Verified) -> String {
    match &v.manifest {
        Some(m) => format!(
            "{}: 作成 {}（careplan {}）、整合性・監査記録の連鎖・作成時の行数とも一致（{}）",
            file.display(),
            m.created_at,
            m.careplan_version,
            m.summary()
        ),
        None => format!(
            "{}: 整合性・監査記録の連鎖とも問題なし（古い形式のため作成時の行数の記録はありません）",
            file.display()
        ),
    }
}

/// `careplan backup verify`: the restore's checks without writing; the result, good or bad,
/// goes to the audit log (the monthly drill leaves its trace).
fn verify(store: &mut Store, file: &Path, identity: Option<&Path>) -> Result<ExitCode> {
    let result = read_verified(file, identity);
    let after = match &result {
        Ok(v) => serde_json::json!({
            "file": file.display().to_string(),
            "ok": true,
            "created_at": v.manifest.as_ref().map(|m| m.created_at.clone()),
            "counts": v.manifest.as_ref().map(|m| m.counts.clone()),
        }),
        Err(e) => serde_json::json!({
            "file": file.display().to_string(),
            "ok": false,
            "error": format!("{e:#}"),
        }),
    };
    store.write(|w| w.audit("backup", None, "verify", None, Some(&after)))?;
    let v = result?;
    print_lines([
        format!("バックアップを検証しました: {}", verified_lines(file, &v)),
        "結果を監査記録に残しました。".into(),
    ])?;
    Ok(ExitCode::SUCCESS)
}

/// `careplan restore`: verified first, then written whole to a new file (a temporary one
/// renamed into place), so a failure at any step leaves `out` as it was.
pub fn restore(file: &Path, out: &Path, identity: Option<&Path>, force: bool) -> Result<ExitCode> {
    crate::store::refuse_existing(out, force)?;
    let verified = read_verified(file, identity)?;
    let bytes = verified.database_bytes()?;
    crate::store::write_whole(out, force, |temp| {
        let f = std::fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(temp)
            .wrap_err_with(|| format!("復元先に書けません: {}", out.display()))?;
        crate::store::backup::write_database(&bytes, f, out)
    })?;
    print_lines([
        format!("復元しました: {}", out.display()),
        format!("  {}", verified_lines(file, &verified)),
        format!(
            "  使うには: careplan --db {} check（確かめてから設定の database をこのファイルにします）",
            out.display()
        ),
    ])?;
    Ok(ExitCode::SUCCESS)
}

/// `careplan backup daily`: today's backup into the configured folder (encrypted when
/// `[backup] recipients` names keys), then the retention. A second run the same day keeps the
/// first backup.
fn daily(store: &Store, config: &Config, today: NaiveDate) -> Result<ExitCode> {
    let folder = config.backup_folder(store.path());
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(&folder)
        .wrap_err_with(|| {
            format!(
                "バックアップのフォルダを作成できません: {}",
                folder.display()
            )
        })?;
    let protection = if config.backup.recipients.is_empty() {
        Protection::Plain
    } else {
        Protection::Recipients(
            config
                .backup
                .recipients
                .iter()
                .map(|k| crate::backup::parse_recipient(k))
                .collect::<Result<_>>()
                .wrap_err("設定ファイルの [backup] recipients に誤りがあります")?,
        )
    };
    let encrypted = !matches!(protection, Protection::Plain);
    let path = folder.join(retention::file_name(today, encrypted));
    let mut lines = Vec::new();
    if path.exists() {
        lines.push(format!(
            "今日のバックアップは既にあります: {}",
            path.display()
        ));
    } else {
        let manifest = write_backup(store, &path, false, &protection)?;
        lines.push(format!(
            "バックアップを作成し、検証しました: {}（{}。{}）",
            path.display(),
            protection_label(&protection),
            manifest.summary()
        ));
    }
    let keep = Keep {
        daily: config.backup.keep_daily,
        monthly: config.backup.keep_monthly,
    };
    let removed = retention::prune(&folder, today, keep)?;
    if !removed.is_empty() {
        lines.push(format!(
            "古いバックアップを {} 個消しました（残すのは最近 {} 日分と、最近 {} か月の各月の最初の 1 個）",
            removed.len(),
            keep.daily,
            keep.monthly
        ));
    }
    print_lines(lines)?;
    Ok(ExitCode::SUCCESS)
}

/// What `careplan check` says about the daily backups: nothing when no backup folder is set
/// up (neither configured nor there), else a line when the newest is missing or old.
pub fn staleness(store: &Store, config: &Config, today: NaiveDate) -> Result<Vec<String>> {
    let folder = config.backup_folder(store.path());
    if config.backup.folder.is_none() && !folder.exists() {
        return Ok(Vec::new());
    }
    let newest = retention::backups_in(&folder)?
        .into_iter()
        .map(|(day, _)| day)
        .max();
    Ok(match newest {
        None => vec![format!(
            "注意: {} に毎日のバックアップがありません（careplan backup daily が動いているか確かめてください）",
            folder.display()
        )],
        Some(day) if (today - day).num_days() > STALE_AFTER_DAYS => vec![format!(
            "注意: 最新のバックアップが {} 日前（{}）のものです（{}）。careplan backup daily が動いているか確かめてください",
            (today - day).num_days(),
            day,
            folder.display()
        )],
        Some(_) => Vec::new(),
    })
}
