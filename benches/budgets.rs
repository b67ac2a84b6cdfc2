//! The performance budgets of the architecture guide, measured on a 10,000-client database.
//! Run: `cargo bench --bench budgets` (`-- imports` for the import points alone). Prints
//! medians; the figures go in the release notes.

use careplan::config::Config;
use careplan::store::{Actor, Store};
use careplan::tui::effects::Runner;
use careplan::tui::model::Model;
use careplan::tui::update::{Action, update};
use careplan::tui::view::view;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use ratatui::Terminal;
use ratatui::backend::{CrosstermBackend, TestBackend};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn key(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

/// A writer that counts bytes: what a real terminal would receive.
#[derive(Clone, Default)]
struct Counter(Arc<Mutex<usize>>);
impl Write for Counter {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        *self.0.lock().unwrap() += b.len();
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn main() {
    // `cargo bench --bench budgets -- imports`: the import points alone.
    if std::env::args().any(|a| a == "imports") {
        import_clients();
        return;
    }
    // `cargo bench --bench budgets -- migrate`: the move-in point alone.
    if std::env::args().any(|a| a == "migrate") {
        migrate_honobono();
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("10k.db");
    let as_of = careplan::domain::dates::parse_date("2026-11-25").unwrap();
    let t = Instant::now();
    let mut store = Store::open(&db, Actor::from_env()).unwrap();
    careplan::demo::generate(&mut store, 10_000, 1, as_of).unwrap();
    drop(store);
    println!(
        "demo database of 10,000 clients written in {} (budget 15 s; `careplan demo --clients 10000`)",
        ms(t.elapsed())
    );
    tab_visits(&db, as_of);
    // `cargo bench --bench budgets -- screens`: the demo, the tabs, start-up and the tour alone.
    if std::env::args().any(|a| a == "screens") {
        real_binary(&db, dir.path());
        return;
    }

    // Open + load everything + first frame, in process (warm cache).
    let mut starts = Vec::new();
    for _ in 0..15 {
        let t = Instant::now();
        let store = Store::open(&db, Actor::from_env()).unwrap();
        let runner = Runner::new(store, Default::default(), Default::default(), as_of);
        let data = runner.load_all().unwrap();
        let mut m = Model::new(Config::default(), as_of);
        update(
            &mut m,
            Action::Loaded {
                data: Box::new(data),
                external: false,
            },
        );
        let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
        term.draw(|f| view(&m, f)).unwrap();
        starts.push(t.elapsed());
    }
    println!(
        "open + load + first frame (in process): median {}",
        ms(median(starts))
    );

    // The caseload of one month over all 10,000 clients (facts loaded once, as the screen does).
    let store = Store::open(&db, Actor::from_env()).unwrap();
    let t = Instant::now();
    let facts = careplan::store::caseload::facts(store.conn()).unwrap();
    println!(
        "caseload facts loaded from the database: {}",
        ms(t.elapsed())
    );
    let t = Instant::now();
    let list = careplan::store::clients::list(store.conn(), as_of).unwrap();
    println!(
        "client list loaded ({} rows): {}",
        list.len(),
        ms(t.elapsed())
    );
    let t = Instant::now();
    let providers = careplan::store::providers::list(store.conn()).unwrap();
    println!(
        "provider list loaded ({} rows): {}",
        providers.len(),
        ms(t.elapsed())
    );
    let mut months = Vec::new();
    for i in 0..30 {
        let month = as_of - chrono::Months::new(i % 12);
        let t = Instant::now();
        let c = careplan::domain::caseload::compute(&facts, month, &Default::default());
        months.push(t.elapsed());
        assert!(c.care_clients > 0);
    }
    println!(
        "caseload of a month, 10,000 clients: median {}",
        ms(median(months))
    );
    // The month's compliance (monitoring from the case record, 運営基準減算 at risk): the case
    // record of the months it looks back on, loaded once; then the month, computed.
    let t = Instant::now();
    let cf = careplan::store::compliance::load_with(store.conn(), facts.clone(), as_of).unwrap();
    println!(
        "compliance facts loaded ({} clients with entries): {}",
        cf.contacts.len(),
        ms(t.elapsed())
    );
    let mut months = Vec::new();
    for _ in 0..30 {
        let t = Instant::now();
        let r =
            careplan::store::compliance::compute(&cf, as_of, as_of, &Default::default()).unwrap();
        months.push(t.elapsed());
        assert!(r.total.clients > 0);
    }
    println!(
        "compliance of a month (caseload + monitoring + cut), 10,000 clients: median {}",
        ms(median(months))
    );
    drop(store);

    let store = Store::open(&db, Actor::from_env()).unwrap();
    let runner = Runner::new(store, Default::default(), Default::default(), as_of);
    let data = runner.load_all().unwrap();
    let mut m = Model::new(Config::default(), as_of);
    update(
        &mut m,
        Action::Loaded {
            data: Box::new(data),
            external: false,
        },
    );
    update(&mut m, Action::Resize(80, 24));
    update(&mut m, key('2'));

    // Search over all clients: one typed character re-filters 10,000 rows.
    update(&mut m, key('/'));
    let mut searches = Vec::new();
    for i in 0..30 {
        let t = Instant::now();
        update(&mut m, key(if i % 2 == 0 { 'や' } else { 'ま' }));
        searches.push(t.elapsed());
        update(
            &mut m,
            Action::Key(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE)),
        );
    }
    println!(
        "search, one character over 10,000 clients: median {}",
        ms(median(searches))
    );
    update(
        &mut m,
        Action::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
    );

    // Key press to frame written, and bytes per change, through the real crossterm backend.
    let counter = Counter::default();
    let mut term = Terminal::new(CrosstermBackend::new(counter.clone())).unwrap();
    term.resize(ratatui::layout::Rect::new(0, 0, 80, 24))
        .unwrap();
    term.draw(|f| view(&m, f)).unwrap();
    let mut frames = Vec::new();
    let mut move_bytes = Vec::new();
    for i in 0..40 {
        *counter.0.lock().unwrap() = 0;
        let t = Instant::now();
        update(&mut m, key(if i % 2 == 0 { 'j' } else { 'k' }));
        term.draw(|f| view(&m, f)).unwrap();
        frames.push(t.elapsed());
        move_bytes.push(*counter.0.lock().unwrap());
    }
    move_bytes.sort();
    println!(
        "key press to frame (list move): median {}",
        ms(median(frames))
    );
    println!(
        "bytes per list move: median {} (max {})",
        move_bytes[move_bytes.len() / 2],
        move_bytes.last().unwrap()
    );

    update(&mut m, key('/'));
    term.draw(|f| view(&m, f)).unwrap();
    *counter.0.lock().unwrap() = 0;
    update(&mut m, key('や'));
    term.draw(|f| view(&m, f)).unwrap();
    println!(
        "bytes for one search character (the filtered list redraws too): {}",
        counter.0.lock().unwrap()
    );
    update(
        &mut m,
        Action::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
    );
    update(&mut m, key('n'));
    term.draw(|f| view(&m, f)).unwrap();
    let mut typed = Vec::new();
    for c in "山田花子".chars() {
        *counter.0.lock().unwrap() = 0;
        update(&mut m, key(c));
        term.draw(|f| view(&m, f)).unwrap();
        typed.push(*counter.0.lock().unwrap());
    }
    println!(
        "bytes per character typed into a form field: max {}",
        typed.iter().max().unwrap()
    );
    update(
        &mut m,
        Action::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
    );
    update(&mut m, key('y'));
    term.draw(|f| view(&m, f)).unwrap();
    *counter.0.lock().unwrap() = 0;
    update(&mut m, key('3'));
    term.draw(|f| view(&m, f)).unwrap();
    println!(
        "bytes for a full screen change (tab switch): {}",
        counter.0.lock().unwrap()
    );

    // 計画・送付: the board of next month over 10,000 clients — load, move, mark.
    let store = Store::open(&db, Actor::from_env()).unwrap();
    let mut board_runner = Runner::new(store, Default::default(), Default::default(), as_of);
    let t = Instant::now();
    let deadlines =
        careplan::store::home::ledger_deadlines(board_runner.store.conn(), as_of).unwrap();
    println!(
        "ホーム deadlines, the ledger's part (two months' cells, plans): {} ({} unsent next month)",
        ms(t.elapsed()),
        deadlines.schedules_unsent_next_month
    );
    let t = Instant::now();
    for effect in update(&mut m, key('6')) {
        for action in board_runner.run(effect) {
            update(&mut m, action);
        }
    }
    term.draw(|f| view(&m, f)).unwrap();
    println!(
        "board of a month loaded and drawn ({} clients, {} cells): {}",
        m.board.rows.len(),
        m.board.rows.iter().map(|r| r.cells.len()).sum::<usize>(),
        ms(t.elapsed())
    );
    let mut moves = Vec::new();
    let mut move_bytes = Vec::new();
    for i in 0..40 {
        *counter.0.lock().unwrap() = 0;
        let t = Instant::now();
        update(&mut m, key(['j', 'l', 'j', 'h'][i % 4]));
        term.draw(|f| view(&m, f)).unwrap();
        moves.push(t.elapsed());
        move_bytes.push(*counter.0.lock().unwrap());
    }
    move_bytes.sort();
    println!(
        "board: key press to frame (move): median {}, bytes median {}",
        ms(median(moves)),
        move_bytes[move_bytes.len() / 2]
    );
    let (mut marks, mut mark_updates) = (Vec::new(), Vec::new());
    for i in 0..20 {
        update(&mut m, key('j'));
        let t = Instant::now();
        let effects = update(&mut m, key(if i % 2 == 0 { 's' } else { 'r' }));
        let before_write = t.elapsed();
        let mut actions = Vec::new();
        for e in effects {
            actions.extend(board_runner.run(e));
        }
        let t2 = Instant::now();
        for a in actions {
            update(&mut m, a);
        }
        term.draw(|f| view(&m, f)).unwrap();
        mark_updates.push(before_write + t2.elapsed());
        marks.push(t.elapsed());
    }
    println!(
        "board: mark a cell, screen work (key + apply + frame, without the disk write): median {}",
        ms(median(mark_updates))
    );
    println!(
        "board: mark a cell including the synchronous (FULL) SQLite write: median {}",
        ms(median(marks))
    );

    // 加入: every provider's enrollment, coverage and the ask-first list over 10,000 clients.
    let t = Instant::now();
    for effect in update(&mut m, key('7')) {
        for action in board_runner.run(effect) {
            update(&mut m, action);
        }
    }
    term.draw(|f| view(&m, f)).unwrap();
    println!(
        "加入 tab loaded and drawn ({} providers): {}",
        m.enrollment.rows.len(),
        ms(t.elapsed())
    );
    let mut moves = Vec::new();
    for i in 0..40 {
        let t = Instant::now();
        update(&mut m, key(if i % 2 == 0 { 'j' } else { 'k' }));
        term.draw(|f| view(&m, f)).unwrap();
        moves.push(t.elapsed());
    }
    let mut sorts = Vec::new();
    for _ in 0..12 {
        let t = Instant::now();
        update(&mut m, key('s'));
        term.draw(|f| view(&m, f)).unwrap();
        sorts.push(t.elapsed());
    }
    println!(
        "加入: key press to frame: move median {}, re-sort median {}",
        ms(median(moves)),
        ms(median(sorts))
    );

    // Exchange import: 1,000 MS932 files holding 50,000 records (UPPLAN, 10 clients × 5 days).
    exchange_import(&db);
    // `import clients` into a new office database: 1k, 10k and 100k rows.
    import_clients();

    // Move-in: a ほのぼの export of 10,000 clients and 40,000 certification rows (budget 20 s).
    migrate_honobono();

    real_binary(&db, dir.path());
}

/// The real binary in a pseudo-terminal: start-up (nothing changed, after a colleague's save,
/// the first start of the day), idle output, memory, the tour of every tab, the listings.
fn real_binary(db: &std::path::Path, home: &std::path::Path) {
    let bin = std::env::var("CAREPLAN_BIN").unwrap_or_else(|_| "target/release/careplan".into());
    let Ok(bin) = std::fs::canonicalize(&bin) else {
        println!("(build the release binary for the start-up figures: cargo build --release)");
        return;
    };
    // Nothing changed since the start before. A colleague's save: a change through careplan
    // (here `careplan office set`) before each start, which keeps the counts current. Not kept:
    // the stamp moved with nobody keeping the counts (the first start of a month), so the
    // start computes them.
    let warm = start_up(&bin, db, home, Before::Nothing);
    let changed = start_up(&bin, db, home, Before::CareplanSave);
    let day = start_up(&bin, db, home, Before::DayMoved);
    let cold = start_up(&bin, db, home, Before::StampMoved);
    for (what, s, budget) in [
        ("nothing changed", &warm, "100 ms"),
        ("after a colleague's save", &changed, "100 ms"),
        (
            "first start of the day (counts kept by an earlier day's last session: the month's monitoring and 加算 judged for today)",
            &day,
            "150 ms",
        ),
        (
            "after a change no session kept (the month's counts computed in full: the first start of a month, a first start of a day too)",
            &cold,
            "150 ms",
        ),
    ] {
        println!("start-up, {what}, real binary in a pty at 100x30, 9 runs:");
        println!("  to first frame: median {} (budget 50 ms)", ms(s.first));
        println!(
            "  to ホーム complete (last byte of the start-up output): median {} (budget {budget})",
            ms(s.complete)
        );
        println!(
            "  frames written: {} of {:?} bytes (the screen's frame with 「読み込み中…」, then ホーム whole)",
            s.frames.len(),
            s.frames
        );
        println!(
            "  peak resident memory, start to idle: median {:.1} MiB, highest {:.1} MiB (budget 32 MiB)",
            s.peak_median_kib as f64 / 1024.0,
            s.peak_max_kib as f64 / 1024.0
        );
    }
    println!(
        "resident memory when idle: {:.1} MiB; bytes written in 3 s idle: {} (budget 0)",
        warm.idle_rss_kib as f64 / 1024.0,
        warm.idle_bytes
    );
    tour(&bin, db, home);
    cli_lists(&bin, db);
    let size = std::fs::metadata(&bin).map(|m| m.len()).unwrap_or(0);
    println!("release binary: {:.1} MiB", size as f64 / 1024.0 / 1024.0);
}

/// Runs `action` through `update` and every effect it leads to through the runner, as the
/// terminal app's loop does (ホーム's deferred deadlines included), then draws one frame.
fn drive(
    m: &mut Model,
    runner: &mut Runner,
    term: &mut Terminal<TestBackend>,
    action: Action,
) -> Duration {
    let t = Instant::now();
    let mut queue = std::collections::VecDeque::from([action]);
    while let Some(a) = queue.pop_front() {
        for effect in update(m, a) {
            queue.extend(runner.run(effect));
        }
    }
    term.draw(|f| view(m, f)).unwrap();
    t.elapsed()
}

/// Each tab's first visit in a new session (nothing of it computed yet: the cold case) and a
/// later visit with nothing changed (warm), in process through the effects the terminal app
/// runs (`Runner::run`) and drawn at 100×30, 5 sessions each; the 件数 and モニタリング figures
/// include the month's compliance in full. Medians beside the budgets.
fn tab_visits(db: &std::path::Path, as_of: chrono::NaiveDate) {
    const TABS: [(char, &str); 7] = [
        ('2', "2 利用者"),
        ('3', "3 事業所"),
        ('4', "4 事業所情報"),
        ('5', "5 件数"),
        ('6', "6 計画・送付"),
        ('7', "7 加入"),
        ('8', "8 モニタリング"),
    ];
    let (mut first, mut later) = (vec![Vec::new(); TABS.len()], vec![Vec::new(); TABS.len()]);
    for _ in 0..5 {
        for (i, (k, _)) in TABS.iter().enumerate() {
            // A new session on ホーム for each tab, so that no other tab computed anything.
            let store = Store::open(db, Actor::from_env()).unwrap();
            let mut runner = Runner::new(store, Default::default(), Default::default(), as_of);
            let data = runner.load_all().unwrap();
            let mut m = Model::new(Config::default(), as_of);
            let mut term = Terminal::new(TestBackend::new(100, 30)).unwrap();
            drive(&mut m, &mut runner, &mut term, Action::Resize(100, 30));
            drive(
                &mut m,
                &mut runner,
                &mut term,
                Action::Loaded {
                    data: Box::new(data),
                    external: false,
                },
            );
            first[i].push(drive(&mut m, &mut runner, &mut term, key(*k)));
            drive(&mut m, &mut runner, &mut term, key('1'));
            later[i].push(drive(&mut m, &mut runner, &mut term, key(*k)));
        }
    }
    for (i, (_, name)) in TABS.iter().enumerate() {
        println!(
            "tab {name}: first visit (new session) median {} (budget 100 ms), later visit median {} (budget 30 ms)",
            ms(median(first[i].clone())),
            ms(median(later[i].clone()))
        );
    }
}

fn exchange_import(db: &std::path::Path) {
    use careplan::exchange::ingest;
    let files_dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(db, Actor::from_env()).unwrap();
    let ours = careplan::store::office::office_number(store.conn())
        .unwrap()
        .unwrap();
    let as_of = careplan::domain::dates::parse_date("2026-11-25").unwrap();
    let clients = careplan::store::clients::list(store.conn(), as_of).unwrap();
    let providers = careplan::store::providers::list(store.conn()).unwrap();
    let mut paths = Vec::new();
    let mut records = 0;
    for f in 0..1000 {
        let p = &providers[f % providers.len()];
        let number = p.fields.office_number.as_str();
        let mut text = String::new();
        for c in 0..10 {
            let client = &clients[(f * 10 + c) % clients.len()];
            for day in 1..=5 {
                let mut line = vec![String::new(); 25];
                line[0] = "202407".into();
                line[1] = client.insurer_number.to_string();
                line[2] = client.insured_number.clone();
                line[3] = "20261125".into();
                line[4] = "202612".into();
                line[9] = format!("202612{day:02}");
                line[14] = "111111".into();
                line[19] = number.to_string();
                line[20] = "\"事業所, 本店\"".into();
                text.push_str(&line.join(","));
                text.push_str("\r\n");
                records += 1;
            }
        }
        let name = format!(
            "UPPLAN_202612_{ours}_43_{number}_11_2026112509{:02}{:02}.CSV",
            f / 60,
            f % 60
        );
        let path = files_dir.path().join(name);
        std::fs::write(&path, encoding_rs::SHIFT_JIS.encode(&text).0).unwrap();
        paths.push(path);
    }
    let t = Instant::now();
    let files = ingest::collect(&[files_dir.path().to_path_buf()])
        .unwrap()
        .files;
    let s = ingest::import(&mut store, &files, Default::default(), &mut |_, _| {}).unwrap();
    println!(
        "exchange import of {} files holding {records} records: {} ({} events, {} rejected)",
        s.files_read,
        ms(t.elapsed()),
        s.events_recorded,
        s.files_rejected.len()
    );
    assert_eq!(s.files_imported, 1000);
    let t = Instant::now();
    let again = ingest::import(&mut store, &files, Default::default(), &mut |_, _| {}).unwrap();
    println!(
        "the same 1,000 files again (all duplicates): {} ({} duplicates)",
        ms(t.elapsed()),
        again.files_duplicate
    );
}

/// A client file of `n` valid rows of fictional people: a care manager (by number or by name),
/// the current certification, and every tenth contract ended.
fn clients_file(path: &std::path::Path, n: usize) {
    const FAMILY: [&str; 8] = [
        "山田", "川口", "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺",
    ];
    const FAMILY_KANA: [&str; 8] = [
        "ヤマダ",
        "カワグチ",
        "サトウ",
        "スズキ",
        "タカハシ",
        "タナカ",
        "イトウ",
        "ワタナベ",
    ];
    const GIVEN: [&str; 6] = ["太郎", "花子", "一郎", "さち", "次郎", "みき"];
    const GIVEN_KANA: [&str; 6] = ["タロウ", "ハナコ", "イチロウ", "サチ", "ジロウ", "ミキ"];
    let mut text = String::from(
        "氏名,フリガナ,生年月日,性別,保険者番号,被保険者番号,要介護度,認定日,認定有効期間開始日,認定有効期間終了日,契約日,契約終了日,担当介護支援専門員,住所,電話番号\n",
    );
    for i in 0..n {
        let (f, g) = (i % 8, (i / 8) % 6);
        let end = if i % 10 == 0 { "2026-03-31" } else { "" };
        let manager = match i % 5 {
            0 => "佐藤 花子".to_string(),
            m => format!("{}", 13000001 + m),
        };
        text.push_str(&format!(
            "{} {},{} {},1940-{:02}-{:02},{},131011,{:010},要介護{},2025-03-20,2025-04-01,2027-03-31,2024-05-01,{end},{manager},東京都千代田区1-{i},03-0000-{:04}\n",
            FAMILY[f],
            GIVEN[g],
            FAMILY_KANA[f],
            GIVEN_KANA[g],
            1 + i % 12,
            1 + i % 28,
            if i % 2 == 0 { "女" } else { "男" },
            i + 1,
            1 + i % 5,
            i % 10_000
        ));
    }
    std::fs::write(path, text).unwrap();
}

/// `import clients` of 1k, 10k and 100k valid rows, each into a new database holding the
/// office's care managers: the time, the time per row, and whether it grows with the rows.
fn import_clients() {
    let today = careplan::domain::dates::parse_date("2026-11-25").unwrap();
    let mut per_row = Vec::new();
    for n in [1_000, 10_000, 100_000] {
        let dir = tempfile::tempdir().unwrap();
        let staff = dir.path().join("staff.csv");
        let mut text = String::from("氏名,フリガナ,介護支援専門員番号,職種,常勤換算,適用開始日\n");
        text.push_str("佐藤 花子,サトウ ハナコ,13000001,主任介護支援専門員,1.0,2024-04-01\n");
        for m in 1..5 {
            text.push_str(&format!(
                "職員 {m},ショクイン,{},介護支援専門員,1.0,2024-04-01\n",
                13000001 + m
            ));
        }
        std::fs::write(&staff, text).unwrap();
        let file = dir.path().join("clients.csv");
        clients_file(&file, n);
        let db = dir.path().join("office.db");
        let mut store = Store::open(&db, Actor::from_env()).unwrap();
        careplan::import::staff::import(&mut store, &staff, false, false, today).unwrap();
        drop(store);
        // As the command does it: open the database, check every row, write them in one
        // transaction.
        let t = Instant::now();
        let mut store = Store::open(&db, Actor::from_env()).unwrap();
        let done =
            careplan::import::clients::import(&mut store, &file, false, false, today).unwrap();
        let took = t.elapsed();
        assert_eq!(done.added, n);
        let budget = if n == 100_000 { " (budget 30 s)" } else { "" };
        println!(
            "import clients, {n} rows: {:.2} s, {:.0} µs per row{budget}",
            took.as_secs_f64(),
            took.as_secs_f64() * 1e6 / n as f64
        );
        per_row.push(took.as_secs_f64() / n as f64);
    }
    let growth = per_row[2] / per_row[0];
    println!(
        "import clients growth: time per row at 100k is {growth:.2}x that at 1k ({})",
        if growth <= 1.5 {
            "linear"
        } else {
            "NOT linear: grows with the rows"
        }
    );
}

#[derive(Clone, Copy, PartialEq)]
enum Before {
    Nothing,
    CareplanSave,
    /// The counts kept by the last session of an earlier day (the records unchanged since):
    /// the first start of a day.
    DayMoved,
    StampMoved,
}

struct StartUp {
    first: Duration,
    complete: Duration,
    frames: Vec<usize>,
    peak_median_kib: u64,
    peak_max_kib: u64,
    idle_rss_kib: u64,
    idle_bytes: usize,
}

/// Starts the real binary in a pseudo-terminal 9 times: when the first frame and the last byte
/// of the start-up output arrive, the frames written, peak memory (VmHWM), and (first run)
/// what it writes and holds while idle.
fn start_up(
    bin: &std::path::Path,
    db: &std::path::Path,
    home: &std::path::Path,
    before: Before,
) -> StartUp {
    let (mut firsts, mut completes, mut peaks) = (Vec::new(), Vec::new(), Vec::new());
    let (mut idle_bytes, mut frames, mut idle_rss_kib) = (0, Vec::new(), 0);
    for run in 0..9 {
        match before {
            Before::Nothing => {}
            Before::CareplanSave => {
                let out = std::process::Command::new(bin)
                    .arg("--db")
                    .arg(db)
                    .args(["office", "set", "--name"])
                    .arg(format!("居宅介護支援事業所 {run}"))
                    .env("HOME", home)
                    .output()
                    .unwrap();
                assert!(out.status.success());
            }
            Before::DayMoved => {
                // The day the kept counts were judged on, moved to another day of this month.
                let today = chrono::Local::now().date_naive();
                let other = today
                    .pred_opt()
                    .filter(|d| {
                        careplan::domain::dates::month_start(*d)
                            == careplan::domain::dates::month_start(today)
                    })
                    .or_else(|| today.succ_opt())
                    .unwrap();
                let conn = rusqlite::Connection::open(db).unwrap();
                let moved = conn
                    .execute(
                        "UPDATE home_summary SET counts = json_set(counts, '$.day', ?1) WHERE id = 1",
                        [other.format("%Y-%m-%d").to_string()],
                    )
                    .unwrap();
                assert_eq!(moved, 1, "no counts kept to move the day of");
            }
            Before::StampMoved => {
                let conn = rusqlite::Connection::open(db).unwrap();
                conn.execute("UPDATE change_stamp SET n = n + 1 WHERE id = 1", [])
                    .unwrap();
            }
        }
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 30,
                cols: 100,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(bin);
        cmd.arg("--db");
        cmd.arg(db);
        cmd.env("HOME", home);
        cmd.env("TERM", "xterm-256color");
        let t = Instant::now();
        let mut child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        // Every chunk of output with the time it arrived.
        let seen = Arc::new(Mutex::new(Vec::<(Duration, Vec<u8>)>::new()));
        let s2 = seen.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                s2.lock().unwrap().push((t.elapsed(), buf[..n].to_vec()));
            }
        });
        // Start-up is over when the output has been quiet for a second (the session's own
        // once-a-second check for other sessions' changes then writes nothing).
        loop {
            std::thread::sleep(Duration::from_millis(50));
            let last = seen.lock().unwrap().last().map(|c| c.0);
            if last.is_some_and(|l| t.elapsed() > l + Duration::from_millis(1500)) {
                break;
            }
            assert!(t.elapsed() < Duration::from_secs(10), "no output");
        }
        let chunks = seen.lock().unwrap().clone();
        let bytes: Vec<u8> = chunks.iter().flat_map(|c| c.1.clone()).collect();
        // Each frame ends by hiding the cursor (ratatui's draw).
        let marker = b"\x1b[?25l";
        let (mut ends, mut offset) = (Vec::new(), 0usize);
        for c in &chunks {
            for i in 0..c.1.len() {
                if bytes[offset + i..].starts_with(marker) {
                    ends.push((c.0, offset + i + marker.len()));
                }
            }
            offset += c.1.len();
        }
        firsts.push(ends.first().map(|e| e.0).unwrap_or_default());
        completes.push(chunks.last().map(|c| c.0).unwrap_or_default());
        if run == 0 {
            let mut at = 0;
            frames = ends
                .iter()
                .map(|(_, end)| {
                    let size = end - at;
                    at = *end;
                    size
                })
                .collect();
        }
        if let Some(pid) = child.process_id() {
            let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
            let kib = |key: &str| {
                status
                    .lines()
                    .find(|l| l.starts_with(key))
                    .and_then(|l| l.split_whitespace().nth(1))
                    .and_then(|v| v.parse::<u64>().ok())
                    .unwrap_or(0)
            };
            peaks.push(kib("VmHWM:"));
            if run == 0 {
                idle_rss_kib = kib("VmRSS:");
                let before = seen.lock().unwrap().len();
                std::thread::sleep(Duration::from_secs(3));
                idle_bytes = seen.lock().unwrap()[before..]
                    .iter()
                    .map(|c| c.1.len())
                    .sum::<usize>();
            }
        }
        let _ = child.kill();
        let _ = child.wait();
    }
    peaks.sort();
    StartUp {
        first: median(firsts),
        complete: median(completes),
        frames,
        peak_median_kib: peaks[peaks.len() / 2],
        peak_max_kib: peaks.last().copied().unwrap_or(0),
        idle_rss_kib,
        idle_bytes,
    }
}

/// Peak memory (VmHWM) of the real binary in a pty at 100×30 after a tour of every tab (each
/// tab's key, then the output quiet for a second), 3 runs (budget 48 MiB).
fn tour(bin: &std::path::Path, db: &std::path::Path, home: &std::path::Path) {
    let mut peaks = Vec::new();
    for _ in 0..3 {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 30,
                cols: 100,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(bin);
        cmd.arg("--db");
        cmd.arg(db);
        cmd.env("HOME", home);
        cmd.env("TERM", "xterm-256color");
        let mut child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let mut writer = pair.master.take_writer().unwrap();
        let last = Arc::new(Mutex::new(Instant::now()));
        let l2 = last.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                *l2.lock().unwrap() = Instant::now();
            }
        });
        let quiet = |last: &Arc<Mutex<Instant>>| loop {
            std::thread::sleep(Duration::from_millis(50));
            if last.lock().unwrap().elapsed() > Duration::from_millis(1000) {
                break;
            }
        };
        quiet(&last);
        for k in ['2', '3', '4', '5', '6', '7', '8', '1'] {
            writer.write_all(k.to_string().as_bytes()).unwrap();
            writer.flush().unwrap();
            quiet(&last);
        }
        if let Some(pid) = child.process_id() {
            let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
            let kib = status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0);
            peaks.push(kib);
        }
        let _ = child.kill();
        let _ = child.wait();
    }
    peaks.sort();
    println!(
        "peak resident memory after a tour of every tab (real binary, pty 100x30, 3 runs): median {:.1} MiB, highest {:.1} MiB (budget 48 MiB)",
        peaks[peaks.len() / 2] as f64 / 1024.0,
        peaks.last().copied().unwrap_or(0) as f64 / 1024.0
    );
}

/// `careplan clients --format json` against sqlite3's own JSON of the same table, and of the
/// same rows (current certification and care manager by subquery) (budget: 2×).
fn cli_lists(bin: &std::path::Path, db: &std::path::Path) {
    let time = |cmd: &mut std::process::Command| {
        let mut runs = Vec::new();
        for _ in 0..7 {
            let t = Instant::now();
            let out = cmd.output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            runs.push(t.elapsed());
        }
        median(runs)
    };
    let ours = time(
        std::process::Command::new(bin)
            .args(["clients", "--format", "json", "--db"])
            .arg(db),
    );
    let Ok(sqlite) = std::process::Command::new("sqlite3")
        .arg("-version")
        .output()
    else {
        println!(
            "clients --format json: median {} (sqlite3 not installed: no comparison)",
            ms(ours)
        );
        return;
    };
    assert!(sqlite.status.success());
    let table = time(
        std::process::Command::new("sqlite3")
            .arg("-json")
            .arg(db)
            .arg("SELECT * FROM clients ORDER BY kana, id"),
    );
    let rows = time(
        std::process::Command::new("sqlite3")
            .arg("-json")
            .arg(db)
            .arg(
                "SELECT c.insurer_number, c.insured_number, c.name, c.kana, x.care_level,
                x.status AS certification_status, x.valid_to AS certification_valid_to,
                c.contract_date, c.contract_end,
                (SELECT s.name FROM client_care_managers m JOIN staff s ON s.id = m.staff_id
                 WHERE m.client_id = c.id
                 ORDER BY (m.effective_from <= date('now')) DESC, m.effective_from DESC LIMIT 1)
                 AS care_manager
         FROM clients c LEFT JOIN certifications x ON x.id = (SELECT y.id FROM certifications y
              WHERE y.client_id = c.id
              ORDER BY (y.valid_from <= date('now')) DESC, y.valid_from DESC, y.id DESC LIMIT 1)
         ORDER BY c.kana, c.id",
            ),
    );
    println!(
        "clients --format json (10,000): median {}; sqlite3 -json of the table {} ({:.1}x, budget 2x); of the same rows with their current certification and care manager {} ({:.1}x)",
        ms(ours),
        ms(table),
        ours.as_secs_f64() / table.as_secs_f64(),
        ms(rows),
        ours.as_secs_f64() / rows.as_secs_f64()
    );
}

/// `careplan migrate honobono` of a generated export (fictional people, MS932 as ほのぼの
/// writes it): 10,000 clients, four certification generations each (40,000 rows), one plan
/// each; into a new database, all in one run (budget: 20 s, issue 21).
fn migrate_honobono() {
    use careplan::domain::ids::mod10_check_digit;
    const PEOPLE: usize = 10_000;
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("export");
    std::fs::create_dir(&export).unwrap();
    let write = |name: &str, text: String| {
        let text = text.replace('\n', "\r\n");
        std::fs::write(export.join(name), encoding_rs::SHIFT_JIS.encode(&text).0).unwrap();
    };
    let insurer = |i: usize| {
        let base = format!("13{:03}", 100 + i % 50);
        let digits: Vec<u8> = base.bytes().map(|b| b - b'0').collect();
        format!("{base}{}", mod10_check_digit(&digits))
    };
    let surnames = [
        "山田",
        "川口",
        "佐々木",
        "高橋",
        "渡邊",
        "伊藤",
        "中村",
        "小林",
    ];
    let given = ["花子", "太郎", "さち", "一郎", "みどり", "正", "和子", "茂"];
    let levels = [
        "要支援１",
        "要支援２",
        "要介護１",
        "要介護２",
        "要介護３",
        "要介護４",
        "要介護５",
    ];
    let mut basic =
        String::from("利用者番号,利用者名,フリガナ,性別,生年月日,郵便番号,住所,電話番号\n");
    let mut insurance = String::from(
        "利用者番号,利用者名,生年月日,認定状況,要介護度,認定年月日,認定有効期間－開始日,認定有効期間－終了日,適用期間－開始日（居宅ｻｰﾋﾞｽ区分）,適用期間－終了日（居宅ｻｰﾋﾞｽ区分）,保険者番号,被保険者番号\n",
    );
    let mut plans = String::from(
        "利用者名,保険者番号,被保険者番号,作成日,計画区分,初回作成日,認定有効開始,認定有効終了\n",
    );
    let mut cert_rows = 0;
    for i in 0..PEOPLE {
        let name = format!("{} {}{}", surnames[i % 8], given[(i / 8) % 8], i);
        let birth = format!("{}/{}/{}", 1930 + i % 20, 1 + i % 12, 1 + i % 28);
        let (ins, insd) = (insurer(i), format!("{:010}", 100_000 + i));
        basic.push_str(&format!(
            "{},{name},ヤマダ,{},{birth},100-0001,東京都千代田区{}-1,03-0000-0000\n",
            1000 + i,
            if i % 2 == 0 { "女" } else { "男" },
            i % 9 + 1
        ));
        for g in 0..4 {
            let from = format!("{}/4/1", 2022 + g);
            let to = format!("{}/3/31", 2023 + g);
            insurance.push_str(&format!(
                "{},{name},{birth},認定済,{},{}/3/15,{from},{to},{from},{to},{ins},{insd}\n",
                1000 + i,
                levels[(i + g) % 7],
                2022 + g
            ));
            cert_rows += 1;
        }
        plans.push_str(&format!(
            "{name},{ins},{insd},2025/4/5,継続,2022/4/10,2025/4/1,2026/3/31\n"
        ));
    }
    write("基本情報1.CSV", basic);
    write("介護保険1.CSV", insurance);
    write("CAREPLAN1.CSV", plans);
    let mut store = Store::open(&dir.path().join("move-in.db"), Actor::from_env()).unwrap();
    let today = careplan::domain::dates::parse_date("2026-11-25").unwrap();
    let t = Instant::now();
    let batch = careplan::migrate::honobono::read(&export, today).unwrap();
    let read = t.elapsed();
    let out = careplan::migrate::apply::apply(&mut store, "honobono", batch, false, today).unwrap();
    let total = t.elapsed();
    assert_eq!(out.summary.clients_created, PEOPLE);
    assert_eq!(out.summary.certifications_created, cert_rows);
    println!(
        "migrate honobono: {PEOPLE} clients, {cert_rows} certification rows, {} plans in {} (read {}; budget 20 s)",
        out.summary.plans_created,
        ms(total),
        ms(read)
    );
}
