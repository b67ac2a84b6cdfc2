//! Backup files: a backup image written as it is (an owner-only SQLite file) or encrypted with
//! age, to public keys or to a passphrase; read back into memory, decrypting if needed. The
//! plaintext only ever lives in memory here.

pub mod retention;

use age::secrecy::SecretString;
use color_eyre::eyre::{Result, WrapErr, eyre};
use std::io::{Read, Write};
use std::path::Path;
use std::str::FromStr;

/// How a backup is written.
pub enum Protection {
    Plain,
    /// To these age X25519 public keys: any one of their private keys opens it.
    Recipients(Vec<age::x25519::Recipient>),
    Passphrase(SecretString),
}

/// How an encrypted backup is opened.
pub enum Unlock {
    Identities(Vec<Box<dyn age::Identity>>),
    Passphrase(SecretString),
}

const AGE_MAGIC: &[u8] = b"age-encryption.org/v1\n";

/// An age public key (`age1…`), or an error saying what one looks like.
pub fn parse_recipient(text: &str) -> Result<age::x25519::Recipient> {
    age::x25519::Recipient::from_str(text.trim()).map_err(|e| {
        eyre!(
            "公開鍵 {} を読めません（{e}）。careplan backup keygen が表示する age1… で始まる公開鍵を指定してください",
            text.trim()
        )
    })
}

/// The backup file's bytes: the image itself, or it encrypted.
pub fn seal(image: &[u8], protection: &Protection) -> Result<Vec<u8>> {
    let encryptor = match protection {
        Protection::Plain => return Ok(image.to_vec()),
        Protection::Recipients(keys) => {
            if keys.is_empty() {
                return Err(eyre!("暗号化の公開鍵がありません"));
            }
            age::Encryptor::with_recipients(keys.iter().map(|k| k as &dyn age::Recipient))
                .wrap_err("暗号化を始められません")?
        }
        Protection::Passphrase(p) => age::Encryptor::with_user_passphrase(p.clone()),
    };
    let mut out = Vec::with_capacity(image.len() + 1024);
    let mut writer = encryptor
        .wrap_output(&mut out)
        .wrap_err("暗号化を始められません")?;
    writer
        .write_all(image)
        .and_then(|()| writer.finish().map(|_| ()))
        .wrap_err("暗号化できません")?;
    Ok(out)
}

pub fn is_encrypted(bytes: &[u8]) -> bool {
    bytes.starts_with(AGE_MAGIC)
}

/// Whether an encrypted backup was encrypted to a passphrase (not to keys).
pub fn needs_passphrase(bytes: &[u8]) -> Result<bool> {
    Ok(age::Decryptor::new_buffered(bytes)
        .map_err(header_error)?
        .is_scrypt())
}

fn header_error(e: age::DecryptError) -> color_eyre::Report {
    eyre!(
        "暗号化されたバックアップの先頭（ヘッダー）が壊れています（途中で切れているか、改変されています）: {e}"
    )
}

/// The image inside a backup file: the bytes themselves when not encrypted, else decrypted
/// with `unlock`. Each refusal names its cause (wrong key, wrong passphrase, damage).
pub fn open(bytes: &[u8], unlock: Option<&Unlock>) -> Result<Vec<u8>> {
    if !is_encrypted(bytes) {
        return Ok(bytes.to_vec());
    }
    let decryptor = age::Decryptor::new_buffered(bytes).map_err(header_error)?;
    let passphrase_file = decryptor.is_scrypt();
    let scrypt;
    let reader = match unlock {
        None if passphrase_file => {
            return Err(eyre!(
                "このバックアップはパスフレーズで暗号化されています。パスフレーズが必要です"
            ));
        }
        None => {
            return Err(eyre!(
                "このバックアップは暗号化されています。秘密鍵のファイルを --identity KEYFILE で指定してください"
            ));
        }
        Some(Unlock::Passphrase(_)) if !passphrase_file => {
            return Err(eyre!(
                "このバックアップは公開鍵あてに暗号化されています（パスフレーズではありません）。秘密鍵のファイルを --identity KEYFILE で指定してください"
            ));
        }
        Some(Unlock::Identities(_)) if passphrase_file => {
            return Err(eyre!(
                "このバックアップはパスフレーズで暗号化されています（鍵ファイルではありません）。--identity を付けずに実行し、パスフレーズを入力してください"
            ));
        }
        Some(Unlock::Passphrase(p)) => {
            scrypt = age::scrypt::Identity::new(p.clone());
            decryptor.decrypt(std::iter::once(&scrypt as &dyn age::Identity))
        }
        Some(Unlock::Identities(ids)) => decryptor.decrypt(ids.iter().map(|i| i.as_ref())),
    };
    let mut reader = reader.map_err(|e| match e {
        age::DecryptError::NoMatchingKeys => eyre!(
            "鍵が合いません: このバックアップは指定の秘密鍵あてに暗号化されていません。バックアップを作った時の公開鍵の組の秘密鍵を指定してください"
        ),
        age::DecryptError::DecryptionFailed | age::DecryptError::KeyDecryptionFailed
            if passphrase_file =>
        {
            eyre!("パスフレーズが違います。バックアップを作った時のパスフレーズを入力してください")
        }
        age::DecryptError::ExcessiveWork { required, target } => eyre!(
            "パスフレーズの計算量が大きすぎます（必要 2^{required}、上限 2^{target}）。より速い機械で復元してください"
        ),
        other => header_error(other),
    })?;
    let mut image = Vec::with_capacity(bytes.len());
    reader.read_to_end(&mut image).map_err(|e| {
        eyre!(
            "暗号化されたバックアップの中身が壊れています（途中で切れているか、改変されています）: {e}"
        )
    })?;
    Ok(image)
}

/// The private keys of an age identity file (as `careplan backup keygen` writes it).
pub fn read_identity_file(path: &Path) -> Result<Vec<Box<dyn age::Identity>>> {
    let file = std::fs::File::open(path)
        .wrap_err_with(|| format!("鍵ファイルを開けません: {}", path.display()))?;
    let ids = age::IdentityFile::from_buffer(std::io::BufReader::new(file))
        .and_then(|f| {
            f.into_identities()
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e.to_string()))
        })
        .map_err(|e| {
            eyre!(
                "鍵ファイル {} を読めません（{e}）。careplan backup keygen で作った秘密鍵のファイルを指定してください",
                path.display()
            )
        })?;
    if ids.is_empty() {
        return Err(eyre!("鍵ファイル {} に秘密鍵がありません", path.display()));
    }
    Ok(ids)
}

/// A new key pair: the identity file's text (private) and the public key.
pub fn new_key_pair(created_at: &str) -> (SecretString, String) {
    use age::secrecy::ExposeSecret;
    let identity = age::x25519::Identity::generate();
    let public = identity.to_public().to_string();
    let text = format!(
        "# careplan のバックアップ用の秘密鍵。作成: {created_at}\n# サーバーに置かないでください。\n# public key: {public}\n{}\n",
        identity.to_string().expose_secret()
    );
    (SecretString::from(text), public)
}

#[cfg(test)]
mod tests {
    use super::*;
    use age::secrecy::ExposeSecret;

    const IMAGE: &[u8] = b"SQLite format 3\0 pretend image with a client number 1234567890";

    fn pair() -> (Vec<Box<dyn age::Identity>>, age::x25519::Recipient) {
        let (text, public) = new_key_pair("2026-11-25T00:00:00Z");
        let ids = age::IdentityFile::from_buffer(text.expose_secret().as_bytes())
            .unwrap()
            .into_identities()
            .unwrap();
        (ids, parse_recipient(&public).unwrap())
    }

    #[test]
    fn two_recipients_each_open_it_and_a_third_is_refused() {
        let (a_ids, a) = pair();
        let (b_ids, b) = pair();
        let (c_ids, _) = pair();
        let sealed = seal(IMAGE, &Protection::Recipients(vec![a, b])).unwrap();
        assert!(is_encrypted(&sealed));
        assert!(!needs_passphrase(&sealed).unwrap());
        for ids in [a_ids, b_ids] {
            assert_eq!(
                open(&sealed, Some(&Unlock::Identities(ids))).unwrap(),
                IMAGE
            );
        }
        let e = open(&sealed, Some(&Unlock::Identities(c_ids))).unwrap_err();
        assert!(e.to_string().contains("鍵が合いません"), "{e}");
        let e = open(&sealed, None).unwrap_err();
        assert!(e.to_string().contains("--identity"), "{e}");
    }

    #[test]
    fn a_damaged_file_is_named_as_damaged() {
        let (ids, a) = pair();
        let sealed = seal(IMAGE, &Protection::Recipients(vec![a])).unwrap();
        let unlock = Unlock::Identities(ids);
        let truncated = &sealed[..sealed.len() - 10];
        let e = open(truncated, Some(&unlock)).unwrap_err().to_string();
        assert!(e.contains("壊れています"), "{e}");
        let mut altered = sealed.clone();
        let last = altered.len() - 5;
        altered[last] ^= 1;
        let e = open(&altered, Some(&unlock)).unwrap_err().to_string();
        assert!(e.contains("壊れています"), "{e}");
    }

    #[test]
    fn a_bad_public_key_says_what_one_looks_like() {
        let e = parse_recipient("ssh-ed25519 AAAA").unwrap_err().to_string();
        assert!(e.contains("age1"), "{e}");
    }
}
