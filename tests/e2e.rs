//! End to end: the real binary in a real pseudo-terminal, read back through a VT100 parser.

mod common;

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Session {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    screen: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    /// Makes the reader thread let go of its handle on the terminal after its next read.
    stop_reading: Arc<std::sync::atomic::AtomicBool>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Session {
    fn start(home: &Path, db: &Path) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(assert_cmd::cargo::cargo_bin("careplan"));
        cmd.arg("--db");
        cmd.arg(db);
        cmd.env("HOME", home);
        cmd.env("XDG_CONFIG_HOME", home.join("config"));
        cmd.env("XDG_DATA_HOME", home.join("data"));
        cmd.env("TERM", "xterm-256color");
        // Not who the audit trail or the drafts name: that is the real user id's account.
        cmd.env("USER", "e2e");
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let screen = Arc::new(Mutex::new(vt100::Parser::new(24, 80, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (s, r) = (screen.clone(), raw.clone());
        let stop_reading = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stop = stop_reading.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || stop.load(std::sync::atomic::Ordering::SeqCst) {
                    break;
                }
                s.lock().unwrap().process(&buf[..n]);
                r.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Session {
            child,
            writer,
            screen,
            raw,
            stop_reading,
            _master: pair.master,
        }
    }

    fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(30));
        }
        panic!("screen never showed {text:?}:\n{}", self.contents());
    }

    /// Types text as an IME commits it: UTF-8 bytes in one write.
    fn send(&mut self, s: &str) {
        self.writer.write_all(s.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        std::thread::sleep(Duration::from_millis(60));
    }

    fn wait_exit(&mut self, within: Duration) -> bool {
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.success();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("did not exit within {within:?}");
    }

    fn signal(&self, sig: &str) {
        let pid = self.child.process_id().unwrap();
        assert!(
            std::process::Command::new("kill")
                .args([sig, &pid.to_string()])
                .status()
                .unwrap()
                .success()
        );
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

const CTRL_S: &str = "\x13";
const ESC: &str = "\x1b";

fn office(dir: &Path) -> std::path::PathBuf {
    let (_, path) = common::office_db(dir, 30);
    path
}

/// Starts a session on a fresh office and types `text` into a new client's name.
fn typing_a_new_client(dir: &Path, text: &str) -> (Session, std::path::PathBuf) {
    let db = office(dir);
    let mut s = Session::start(dir, &db);
    s.wait_for("ホーム");
    s.send("2");
    s.send("n");
    s.wait_for("利用者の新規登録");
    s.send(text);
    s.wait_for(text);
    (s, db)
}

#[test]
fn start_search_in_japanese_open_a_client_and_quit() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let mut s = Session::start(dir.path(), &db);
    s.wait_for("ホーム");
    s.send("2");
    s.wait_for("件)");
    s.send("/");
    s.send("はせがわ");
    s.wait_for("(1 件)");
    s.send("\r");
    s.send("\r");
    s.wait_for("認定履歴");
    assert!(s.contents().contains("長谷川右衛門之助"));
    s.send(ESC);
    std::thread::sleep(Duration::from_millis(100));
    s.send("q");
    assert!(s.wait_exit(Duration::from_secs(3)));
    let raw = s.raw.lock().unwrap().clone();
    let text = String::from_utf8_lossy(&raw);
    assert!(text.contains("\x1b[?1049l"), "alternate screen left");
    assert!(!text.contains("\x1b[>"), "no kitty keyboard flags pushed");
}

/// Who the sessions started here write as (the account of this user id, as theirs).
fn me() -> String {
    careplan::store::Actor::from_env().os_user
}

#[test]
fn sighup_while_editing_keeps_a_draft_that_the_next_start_offers() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, db) = typing_a_new_client(dir.path(), "下書き 花子");
    let started = Instant::now();
    s.signal("-HUP");
    s.wait_exit(Duration::from_secs(2));
    assert!(started.elapsed() < Duration::from_secs(2));
    drop(s);

    let mut again = Session::start(dir.path(), &db);
    again.wait_for("保存されずに終了した入力");
    again.send("y");
    again.wait_for("利用者の新規登録");
    assert!(again.contents().contains("下書き 花子"));
}

/// SIGINT as a signal (`kill -INT`; Ctrl+C at the keyboard is a key in raw mode) ends the
/// session as SIGTERM does: draft kept, terminal restored, within 2 s.
#[test]
fn sigint_keeps_the_draft_and_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, db) = typing_a_new_client(dir.path(), "割込 花子");
    let started = Instant::now();
    s.signal("-INT");
    assert!(s.wait_exit(Duration::from_secs(2)), "exits on SIGINT");
    assert!(started.elapsed() < Duration::from_secs(2));
    let raw = s.raw.lock().unwrap().clone();
    assert!(
        String::from_utf8_lossy(&raw).contains("\x1b[?1049l"),
        "alternate screen left"
    );
    drop(s);
    let store = careplan::store::Store::open(&db, common::actor("check")).unwrap();
    let draft = careplan::store::drafts::latest(store.conn(), &me())
        .unwrap()
        .expect("draft kept");
    assert!(draft.payload.contains("割込 花子"));
}

#[test]
fn a_vanished_terminal_ends_the_session_and_keeps_the_draft() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, db) = typing_a_new_client(dir.path(), "切断 テスト");
    // Closing the pseudo-terminal is what a dropped SSH connection looks like to the app.
    // First the reader thread lets go of its handle (woken by the redraw of one more key).
    s.stop_reading
        .store(true, std::sync::atomic::Ordering::SeqCst);
    s.send("!");
    std::thread::sleep(Duration::from_millis(200));
    let master = std::mem::replace(
        &mut s._master,
        native_pty_system()
            .openpty(PtySize::default())
            .unwrap()
            .master,
    );
    drop(master);
    drop(std::mem::replace(&mut s.writer, Box::new(std::io::sink())));
    assert!(
        s.wait_exit(Duration::from_secs(2)),
        "exits cleanly, not by abort"
    );
    let store = careplan::store::Store::open(&db, common::actor("check")).unwrap();
    let draft = careplan::store::drafts::latest(store.conn(), &me())
        .unwrap()
        .expect("draft kept");
    assert!(draft.payload.contains("切断 テスト!"));
}

#[test]
fn two_sessions_edit_one_client_and_every_change_survives_or_is_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let mut a = Session::start(dir.path(), &db);
    let mut b = Session::start(dir.path(), &db);
    for s in [&mut a, &mut b] {
        s.wait_for("ホーム");
        s.send("2");
        s.send("/");
        s.send("あおい");
        s.wait_for("(1 件)");
        s.send("\r");
        s.send("e");
        s.wait_for("利用者の編集");
    }
    // B changes the phone number and saves first.
    for _ in 0..7 {
        b.send("\t");
    }
    b.send("03-1111-2222");
    b.send(CTRL_S);
    b.wait_for("保存しました");
    // A changes the address from the stale version: not saved, told why, input kept, and
    // B's phone number is taken into A's form (marked as theirs), never written back.
    for _ in 0..6 {
        a.send("\t");
    }
    a.send("\x15");
    a.send("新住所 1-2-3");
    a.send(CTRL_S);
    a.wait_for("他の端末で先に変更されました");
    a.wait_for("相手の変更");
    assert!(a.contents().contains("新住所 1-2-3"));
    assert!(a.contents().contains("03-1111-2222"));
    a.send(CTRL_S);
    a.wait_for("保存しました");

    let store = careplan::store::Store::open(&db, common::actor("check")).unwrap();
    let id = careplan::store::clients::find_by_numbers(store.conn(), "131011", "0001000002")
        .unwrap()
        .unwrap();
    let fields = || {
        careplan::store::clients::get(store.conn(), id)
            .unwrap()
            .unwrap()
            .fields
    };
    assert_eq!(fields().address, "新住所 1-2-3");
    assert_eq!(
        fields().phone,
        "03-1111-2222",
        "B's change survives A's save"
    );

    // Both change the address: the second to save must choose, and the choice is saved.
    for s in [&mut a, &mut b] {
        s.send("e");
        s.wait_for("利用者の編集");
        for _ in 0..6 {
            s.send("\t");
        }
        s.send("\x15");
    }
    b.send("B の住所");
    b.send(CTRL_S);
    b.wait_for("保存しました");
    a.send("A の住所");
    a.send(CTRL_S);
    a.wait_for("相手: B の住所");
    a.send(CTRL_S);
    a.wait_for("選んでから保存してください");
    a.send("\x1b[C"); // → keeps A's own value
    a.wait_for("自分の値を選択");
    a.send(CTRL_S);
    a.wait_for("保存しました");
    assert_eq!(fields().address, "A の住所");
    assert_eq!(fields().phone, "03-1111-2222");

    // A change saved in another process shows on A's screen without a key press.
    b.send(ESC);
    let csv = dir.path().join("new.csv");
    std::fs::write(
        &csv,
        "氏名,保険者番号,被保険者番号,契約日\n新規 さくら,131011,0000077777,2025-04-01\n",
    )
    .unwrap();
    a.send("2");
    let status = std::process::Command::new(assert_cmd::cargo::cargo_bin("careplan"))
        .args([
            "--db",
            db.to_str().unwrap(),
            "import",
            "clients",
            csv.to_str().unwrap(),
        ])
        .env("HOME", dir.path())
        .output()
        .unwrap();
    assert!(status.status.success());
    a.wait_for("他の端末での変更を反映しました");
}

/// "提供票 送付 3/10" → (3, 10) from the board's first line.
fn fraction_after(screen: &str, label: &str) -> Option<(usize, usize)> {
    let rest = &screen[screen.find(label)? + label.len()..];
    let token = rest.split_whitespace().next()?;
    let (a, b) = token.split_once('/')?;
    Some((a.parse().ok()?, b.parse().ok()?))
}

/// A month's cycle entirely from the keyboard: every schedule sent row by row, every actual
/// received provider by provider, nothing overdue — and the ledger holds it after quitting.
/// The cycle is this month's: actuals are only recorded once their month has begun.
#[test]
fn a_months_cycle_from_the_keyboard_on_the_board() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let mut s = Session::start(dir.path(), &db);
    s.wait_for("ホーム");
    s.send("6");
    s.wait_for("提供票 送付");
    // The board opens on next month; this month is the one whose actuals can come in.
    let this_month = careplan::domain::dates::month_start(chrono::Local::now().date_naive());
    s.send("<");
    s.wait_for(&this_month.format("%Y年%m月").to_string());
    s.send("f"); // only clients with a schedule not sent
    s.wait_for("未送付あり");
    for _ in 0..60 {
        let (sent, all) = fraction_after(&s.contents(), "提供票 送付").unwrap();
        if sent == all {
            break;
        }
        s.send("a");
    }
    let (sent, all) = fraction_after(&s.contents(), "提供票 送付").unwrap();
    assert!(all > 0 && sent == all, "{}", s.contents());
    s.send("f"); // clients with actuals missing
    s.wait_for("実績未着あり");
    // On a cell whose provider is all in, R has nothing to do: move right, then down.
    let mut idle = 0;
    for _ in 0..400 {
        let (got, all) = fraction_after(&s.contents(), "実績 受領").unwrap();
        if got == all {
            break;
        }
        s.send("R");
        if s.contents().contains("記録しますか") {
            s.send("y");
            s.wait_for("件を記録しました");
            idle = 0;
        } else if idle < 6 {
            s.send("l");
            idle += 1;
        } else {
            s.send("jhhhhhh");
            idle = 0;
        }
    }
    let screen = s.contents();
    let (got, all) = fraction_after(&screen, "実績 受領").unwrap();
    assert_eq!(got, all, "{screen}");
    assert!(screen.contains("期限超過 0"), "{screen}");
    s.send("q");
    assert!(s.wait_exit(Duration::from_secs(5)));
    // The ledger, read afresh: every cell of the month has both marks.
    let store = careplan::store::Store::open(&db, common::actor("check")).unwrap();
    let board = careplan::store::deliveries::board(store.conn(), this_month).unwrap();
    let cells: Vec<_> = board.iter().flat_map(|r| r.cells.iter()).collect();
    assert_eq!(cells.len(), all);
    assert!(
        cells
            .iter()
            .all(|c| c.marks.sent.is_some() && c.marks.actuals.is_some())
    );
}

/// `i` on the board reads the configured exchange folders on a worker and shows what it did.
#[test]
fn the_board_imports_the_configured_exchange_folders() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let (ours, insurer, insured, provider) = {
        let store = careplan::store::Store::open(&db, common::actor("setup")).unwrap();
        let c = store.conn();
        let ours = careplan::store::office::office_number(c).unwrap().unwrap();
        let (insurer, insured, provider): (String, String, String) = c
            .query_row(
                "SELECT c.insurer_number, c.insured_number, p.office_number FROM client_providers cp
                 JOIN clients c ON c.id = cp.client_id JOIN providers p ON p.id = cp.provider_id
                 LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        (ours, insurer, insured, provider)
    };
    let folder = dir.path().join("renkei");
    std::fs::create_dir_all(&folder).unwrap();
    let mut v = vec![String::new(); 25];
    v[0] = "202407".into();
    v[1] = insurer;
    v[2] = insured;
    v[3] = "20261125".into();
    v[4] = "202612".into();
    v[9] = "20261201".into();
    v[19] = provider.clone();
    let text = format!("{}\r\n", v.join(","));
    std::fs::write(
        folder.join(format!(
            "UPPLAN_202612_{ours}_43_{provider}_11_20261125093000.CSV"
        )),
        encoding_rs::SHIFT_JIS.encode(&text).0,
    )
    .unwrap();
    let config = dir.path().join("config/careplan");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        format!("[exchange]\nfolders = [{:?}]\n", folder.to_str().unwrap()),
    )
    .unwrap();
    let mut s = Session::start(dir.path(), &db);
    s.wait_for("ホーム");
    s.send("6");
    s.wait_for("提供票 送付");
    s.send("i");
    s.wait_for("取り込み結果");
    s.wait_for("取り込み 1");
    s.send(ESC);
    s.send("q");
    assert!(s.wait_exit(Duration::from_secs(5)));
    let store = careplan::store::Store::open(&db, common::actor("check")).unwrap();
    let n: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM delivery_events WHERE source_file LIKE 'UPPLAN_%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
}
