//! Shared fixtures: a deterministic office database with Japanese edge cases.
#![allow(dead_code)]

use careplan::domain::care_level::{CareLevel, CertStatus};
use careplan::domain::ids::{InsuredNumber, InsurerNumber};
use careplan::store::clients::{self, CertificationFields, ClientFields};
use careplan::store::{Actor, Store};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

pub fn date(s: &str) -> NaiveDate {
    careplan::domain::dates::parse_date(s).unwrap()
}

pub fn today() -> NaiveDate {
    date("2026-11-25")
}

pub fn actor(name: &str) -> Actor {
    Actor {
        os_user: name.into(),
        ssh_client: None,
    }
}

/// A demo office of `n` clients as of 2026-11-25, plus three clients whose names test widths:
/// half-width katakana, a name longer than its column, and a kana-only name.
pub fn office_db(dir: &Path, n: usize) -> (Store, PathBuf) {
    let path = dir.join("office.db");
    let mut store = Store::open(&path, actor("tester")).unwrap();
    careplan::demo::generate(&mut store, n, 7, today()).unwrap();
    store
        .write(|w| {
            for (i, (name, kana)) in [
                ("ﾊﾝｶｸ ﾀﾛｳ", "ﾊﾝｶｸ ﾀﾛｳ"),
                (
                    "長谷川右衛門之助左衛門太郎兵衛",
                    "ハセガワウエモンノスケサエモンタロウベエ",
                ),
                ("あおい はなこ", "アオイ ハナコ"),
            ]
            .iter()
            .enumerate()
            {
                let f = ClientFields {
                    name: name.to_string(),
                    kana: kana.to_string(),
                    birth_date: Some(date("S15.3.2")),
                    sex: None,
                    insurer_number: InsurerNumber::parse("131011").unwrap(),
                    insured_number: InsuredNumber::parse(&format!("{:010}", 1_000_000 + i))
                        .unwrap(),
                    address: "デモ市さくら町1-1-1".into(),
                    phone: String::new(),
                    contract_date: date("2024-04-01"),
                };
                let cert = CertificationFields {
                    care_level: Some(CareLevel::Care3),
                    certified_on: None,
                    valid_from: date("2026-01-01"),
                    valid_to: Some(date("2026-12-31")),
                    status: CertStatus::Certified,
                };
                clients::insert(w, &f, None, Some(&cert))?;
            }
            Ok(())
        })
        .unwrap();
    (store, path)
}
