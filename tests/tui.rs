//! The terminal app without a terminal: `update` fed with actions, `view` drawn into a test
//! backend at fixed sizes and compared with reviewed snapshots.

mod common;

use careplan::config::Config;
use careplan::tui::effects::Runner;
use careplan::tui::form::FormKind;
use careplan::tui::i18n::T;
use careplan::tui::model::{CaseloadRow, Model, Overlay, Tab};
use careplan::tui::update::{Action, Effect, update};
use careplan::tui::view::view;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

struct App {
    model: Model,
    runner: Runner,
    _dir: tempfile::TempDir,
}

impl App {
    fn new() -> App {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = common::office_db(dir.path(), 40);
        let config = Config {
            color: careplan::config::ColorMode::Never,
            ..Config::default()
        };
        let runner = Runner::new(store, config.language, config.date_display, common::today());
        let mut model = Model::new(config, common::today());
        let data = runner.load_all().unwrap();
        let mut app = App {
            model,
            runner,
            _dir: dir,
        };
        app.send(Action::Loaded {
            data: Box::new(data),
            external: false,
        });
        app.send(Action::Resize(80, 24));
        model = std::mem::replace(
            &mut app.model,
            Model::new(Config::default(), common::today()),
        );
        app.model = model;
        app
    }

    /// On a database opened read-only (`--read-only`), as the app sets itself up for one.
    fn read_only() -> App {
        let dir = tempfile::tempdir().unwrap();
        let (store, path) = common::office_db(dir.path(), 40);
        drop(store);
        let store = careplan::store::Store::open_with(
            &path,
            common::actor("tester"),
            careplan::store::Access::ReadOnly,
        )
        .unwrap();
        let config = Config {
            color: careplan::config::ColorMode::Never,
            ..Config::default()
        };
        let runner = Runner::new(store, config.language, config.date_display, common::today());
        let mut model = Model::new(config, common::today());
        model.read_only = runner.store.read_only().is_some();
        let data = runner.load_all().unwrap();
        let mut app = App {
            model,
            runner,
            _dir: dir,
        };
        app.send(Action::Loaded {
            data: Box::new(data),
            external: false,
        });
        app.send(Action::Resize(80, 24));
        app
    }

    /// Feeds an action and runs the effects it asks for, as the event loop does.
    fn send(&mut self, action: Action) -> Vec<Effect> {
        let mut all = Vec::new();
        let mut queue = vec![action];
        while let Some(a) = queue.pop() {
            for e in update(&mut self.model, a) {
                all.push(e.clone());
                queue.extend(self.runner.run(e));
            }
        }
        all
    }

    fn key(&mut self, code: KeyCode) -> Vec<Effect> {
        self.send(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)))
    }

    fn ctrl(&mut self, c: char) -> Vec<Effect> {
        self.send(Action::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::CONTROL,
        )))
    }

    fn typed(&mut self, s: &str) {
        for c in s.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    fn draw(&self, w: u16, h: u16) -> Terminal<TestBackend> {
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        t.draw(|f| view(&self.model, f)).unwrap();
        t
    }
}

#[test]
fn each_tab_at_80x24() {
    let mut app = App::new();
    for (key, name) in [
        ('1', "home_screen_80x24"),
        ('2', "clients_list_80x24"),
        ('3', "providers_list_80x24"),
        ('4', "office_and_staff_80x24"),
    ] {
        app.key(KeyCode::Char(key));
        insta::assert_snapshot!(name, app.draw(80, 24).backend());
    }
}

#[test]
fn search_in_hiragana_finds_katakana_and_half_width() {
    let mut app = App::new();
    app.key(KeyCode::Char('2'));
    app.key(KeyCode::Char('/'));
    app.typed("はんかく");
    assert_eq!(app.model.clients.visible.len(), 1);
    let c = app.model.selected_client().unwrap();
    assert_eq!(c.name, "ﾊﾝｶｸ ﾀﾛｳ");
    app.key(KeyCode::Esc);
    assert_eq!(
        app.model.clients.visible.len(),
        app.model.data.clients.len()
    );
}

#[test]
fn client_detail_80x24() {
    let mut app = App::new();
    app.key(KeyCode::Char('2'));
    app.key(KeyCode::Char('/'));
    app.typed("長谷川");
    app.key(KeyCode::Enter);
    app.key(KeyCode::Enter);
    assert!(matches!(
        app.model.overlays.last(),
        Some(Overlay::Detail { .. })
    ));
    insta::assert_snapshot!(app.draw(80, 24).backend());
}

#[test]
fn form_validates_as_you_type_80x24() {
    let mut app = App::new();
    app.key(KeyCode::Char('2'));
    app.key(KeyCode::Char('n'));
    app.typed("山田 花子");
    for _ in 0..4 {
        app.key(KeyCode::Tab);
    }
    app.typed("131012");
    let t = app.draw(80, 24);
    insta::assert_snapshot!(t.backend());
}

#[test]
fn ime_cursor_sits_after_typed_japanese() {
    let mut app = App::new();
    app.key(KeyCode::Char('2'));
    app.key(KeyCode::Char('n'));
    app.typed("日本語");
    let mut t = app.draw(80, 24);
    // Border (1) + marker and label (22) + space (1) = column 24; 日本語 is 6 columns wide.
    assert_eq!(
        t.get_cursor_position().unwrap(),
        ratatui::layout::Position::new(1 + 23 + 6, 2)
    );
    app.key(KeyCode::Char('/'));
    let mut t2 = app.draw(80, 24);
    assert_eq!(t2.get_cursor_position().unwrap().x, 1 + 23 + 7);
    let _ = (&mut t, &mut t2);
}

#[test]
fn search_cursor_sits_after_query() {
    let mut app = App::new();
    app.key(KeyCode::Char('2'));
    app.key(KeyCode::Char('/'));
    app.typed("やま");
    let mut t = app.draw(80, 24);
    // Border (1) + "/" (1) + やま (4 columns).
    assert_eq!(
        t.get_cursor_position().unwrap(),
        ratatui::layout::Position::new(6, 2)
    );
}

#[test]
fn saving_a_new_client_adds_it_and_closes_the_form() {
    let mut app = App::new();
    let before = app.model.data.clients.len();
    app.key(KeyCode::Char('2'));
    app.key(KeyCode::Char('n'));
    app.typed("山田 花子");
    app.key(KeyCode::Tab);
    app.typed("ヤマダ ハナコ");
    for _ in 0..3 {
        app.key(KeyCode::Tab);
    }
    app.typed("131011");
    app.key(KeyCode::Tab);
    app.typed("0000099999");
    let effects = app.ctrl('s');
    assert!(
        effects.iter().any(|e| matches!(e, Effect::Save(_))),
        "{effects:?}"
    );
    assert!(app.model.overlays.is_empty());
    assert_eq!(app.model.data.clients.len(), before + 1);
}

#[test]
fn wrong_insurer_check_digit_blocks_saving_with_the_reason() {
    let mut app = App::new();
    app.key(KeyCode::Char('2'));
    app.key(KeyCode::Char('n'));
    app.typed("山田 花子");
    for _ in 0..4 {
        app.key(KeyCode::Tab);
    }
    app.typed("131012");
    app.key(KeyCode::Tab);
    app.typed("0000099999");
    let effects = app.ctrl('s');
    assert!(!effects.iter().any(|e| matches!(e, Effect::Save(_))));
    let Some(Overlay::Form(f)) = app.model.overlays.last() else {
        panic!("form closed")
    };
    let field = f.fields.iter().find(|f| f.error.is_some()).unwrap();
    assert!(
        field.error.as_ref().unwrap().contains("検査数字"),
        "{:?}",
        field.error
    );
}

#[test]
fn esc_on_a_typed_form_asks_before_discarding() {
    let mut app = App::new();
    app.key(KeyCode::Char('2'));
    app.key(KeyCode::Char('n'));
    app.typed("途中");
    app.key(KeyCode::Esc);
    assert!(matches!(
        app.model.overlays.last(),
        Some(Overlay::Confirm(_))
    ));
    app.key(KeyCode::Char('n'));
    assert!(matches!(app.model.overlays.last(), Some(Overlay::Form(_))));
    app.key(KeyCode::Esc);
    app.key(KeyCode::Char('y'));
    assert!(app.model.overlays.is_empty());
}

#[test]
fn hangup_keeps_typed_input_as_a_draft_offered_next_time() {
    let mut app = App::new();
    app.key(KeyCode::Char('2'));
    app.key(KeyCode::Char('n'));
    app.typed("下書き 太郎");
    let effects = app.send(Action::Hangup);
    assert!(app.model.quit);
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::SaveDraft { .. }))
    );
    let offer = app.runner.pending_draft().expect("draft kept");
    let mut next = Model::new(Config::default(), common::today());
    update(&mut next, offer);
    update(
        &mut next,
        Action::Key(KeyEvent::new(KeyCode::Char('y'), KeyModifiers::NONE)),
    );
    let Some(Overlay::Form(f)) = next.overlays.last() else {
        panic!("form not restored")
    };
    assert_eq!(f.kind, FormKind::NewClient);
    assert_eq!(f.fields[0].input.value(), "下書き 太郎");
}

#[test]
fn full_width_command_keys_work_with_ime_on() {
    let mut app = App::new();
    app.key(KeyCode::Char('２'));
    assert_eq!(app.model.tab, Tab::Clients);
    app.key(KeyCode::Char('ｊ'));
    assert_eq!(app.model.clients.selected, 1);
}

#[test]
fn help_is_generated_from_the_keymap() {
    let mut app = App::new();
    app.key(KeyCode::Char('?'));
    let t = app.draw(80, 24);
    let screen = format!("{}", t.backend());
    assert!(screen.contains("Ctrl+S") || screen.contains("ホーム"));
    for b in careplan::tui::key_table::BINDINGS.iter().take(5) {
        assert!(screen.contains(b.ja), "help lacks {}", b.ja);
    }
}

#[test]
fn any_size_down_to_1x1_draws_without_panic() {
    let mut app = App::new();
    for tab in ['1', '2', '3', '4'] {
        app.key(KeyCode::Char(tab));
        for (w, h) in [
            (1, 1),
            (2, 1),
            (10, 3),
            (39, 7),
            (40, 8),
            (60, 10),
            (200, 60),
        ] {
            app.send(Action::Resize(w, h));
            app.draw(w, h);
        }
    }
    insta::assert_snapshot!(app.draw(30, 5).backend());
}

#[test]
fn english_setting_switches_the_interface() {
    let mut app = App::new();
    app.model.lang = careplan::domain::Lang::En;
    app.key(KeyCode::Char('2'));
    let screen = format!("{}", app.draw(80, 24).backend());
    assert!(screen.contains("Clients"));
    assert!(screen.contains("Care level"));
}

#[test]
fn staff_detail_shows_fte_history_80x24() {
    let mut app = App::new();
    app.key(KeyCode::Char('4'));
    app.key(KeyCode::Char('j'));
    app.key(KeyCode::Enter);
    assert!(matches!(
        app.model.overlays.last(),
        Some(Overlay::Detail { .. })
    ));
    insta::assert_snapshot!(app.draw(80, 24).backend());
}

#[test]
fn provider_detail_80x24() {
    let mut app = App::new();
    app.key(KeyCode::Char('3'));
    app.key(KeyCode::Enter);
    insta::assert_snapshot!(app.draw(80, 24).backend());
}

#[test]
fn help_80x24() {
    let mut app = App::new();
    app.key(KeyCode::Char('?'));
    insta::assert_snapshot!(app.draw(80, 24).backend());
}

#[test]
fn clients_list_at_the_minimum_size_40x8() {
    let mut app = App::new();
    app.send(Action::Resize(40, 8));
    app.key(KeyCode::Char('2'));
    insta::assert_snapshot!(app.draw(40, 8).backend());
}

#[test]
fn ending_a_contract_asks_first_and_can_be_undone() {
    let mut app = App::new();
    app.key(KeyCode::Char('2'));
    app.key(KeyCode::Char('/'));
    app.typed("あおい");
    app.key(KeyCode::Enter);
    let id = app.model.selected_client().unwrap().id;
    app.key(KeyCode::Char('d'));
    assert!(matches!(app.model.overlays.last(), Some(Overlay::Form(_))));
    app.key(KeyCode::Tab);
    app.typed("施設入所");
    let effects = app.ctrl('s');
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::Save(_))),
        "asks before ending"
    );
    let Some(Overlay::Confirm(c)) = app.model.overlays.last() else {
        panic!("no confirmation")
    };
    assert!(c.question.contains("2026-11-25"), "{}", c.question);
    let effects = app.key(KeyCode::Char('y'));
    assert!(effects.iter().any(|e| matches!(e, Effect::Save(_))));
    let ended = |app: &App| {
        app.model
            .data
            .clients
            .iter()
            .find(|c| c.id == id)
            .unwrap()
            .contract_end
    };
    assert_eq!(ended(&app), Some(common::today()));

    // Undo: the same form with the date emptied reopens the contract, without a question.
    app.key(KeyCode::Char('d'));
    app.ctrl('u');
    let effects = app.ctrl('s');
    assert!(
        effects.iter().any(|e| matches!(e, Effect::Save(_))),
        "{effects:?}"
    );
    assert_eq!(ended(&app), None);
}

#[test]
fn caseload_screen_80x24() {
    let mut app = App::new();
    app.key(KeyCode::Char('5'));
    insta::assert_snapshot!(app.draw(80, 24).backend());
}

#[test]
fn caseload_what_if_80x24() {
    let mut app = App::new();
    app.key(KeyCode::Char('5'));
    for _ in 0..30 {
        app.key(KeyCode::Char('+'));
    }
    app.key(KeyCode::Char('F'));
    let shown = app.model.caseload.shown().unwrap();
    let actual = app.model.caseload.actual.as_ref().unwrap();
    assert_eq!(shown.care_clients, actual.care_clients + 30);
    assert_eq!(shown.fte.hundredths() + 10, actual.fte.hundredths());
    insta::assert_snapshot!(app.draw(80, 24).backend());
    // The end of the list: support clients with their weight, then those not counted.
    app.key(KeyCode::Char('G'));
    insta::assert_snapshot!(
        "caseload_what_if_list_end_80x24",
        app.draw(80, 24).backend()
    );
    app.key(KeyCode::Char('0'));
    assert!(app.model.caseload.what_if_result.is_none());
}

/// A month on or after the 2027-04-01 revision without its table says so in 件数's title (and its
/// forecast marks the month); the month before names the table it uses.
#[test]
fn caseload_marks_a_month_whose_rules_are_not_published() {
    let mut app = App::new();
    app.key(KeyCode::Char('5'));
    let march = chrono::NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
    while app.model.caseload.month < march {
        app.key(KeyCode::Right);
    }
    let screen = format!("{}", app.draw(80, 24).backend());
    assert!(screen.contains("規則表 2026-06-01"), "{screen}");
    assert!(screen.contains("4月"), "{screen}");
    assert!(screen.contains('※'), "the forecast marks April: {screen}");
    assert!(!screen.contains("未公表"), "{screen}");
    app.key(KeyCode::Right);
    let screen = format!("{}", app.draw(80, 24).backend());
    assert!(
        screen.contains("※2027年4月改定の単位数は未公表"),
        "{screen}"
    );
}

#[test]
fn caseload_months_and_filters_follow_the_keys() {
    let mut app = App::new();
    app.key(KeyCode::Char('5'));
    let start = app.model.caseload.month;
    app.key(KeyCode::Right);
    assert_eq!(app.model.caseload.month, start + chrono::Months::new(1));
    assert_eq!(
        app.model.caseload.actual.as_ref().unwrap().month,
        app.model.caseload.month
    );
    app.key(KeyCode::Left);
    app.key(KeyCode::Left);
    assert_eq!(app.model.caseload.month, start - chrono::Months::new(1));
    app.key(KeyCode::Char('b'));
    let v = &app.model.caseload;
    assert!(v.visible().iter().all(|r| matches!(r,
        CaseloadRow::Care(i) if v.shown().unwrap().clients[*i].band == careplan::domain::caseload::Band::I)));
    app.key(KeyCode::Char('c'));
    let v = &app.model.caseload;
    let cm = v.care_manager_filter.expect("a care manager chosen");
    assert!(
        v.visible()
            .iter()
            .all(|r| matches!(r, CaseloadRow::Care(i) if v.shown().unwrap().clients[*i].care_manager == Some(cm)))
    );
}

/// 件数's list holds every client of the month: the care clients in band order, then the support
/// clients with their weight, then those not counted with the reason; `G` / `g` reach both ends.
#[test]
fn caseload_list_shows_support_and_not_counted_clients_and_g_jumps() {
    let mut app = App::new();
    app.key(KeyCode::Char('5'));
    let v = &app.model.caseload;
    let c = v.shown().unwrap().clone();
    let rows = v.visible();
    assert_eq!(
        rows.len(),
        c.clients.len() + c.support.len() + c.not_counted.len()
    );
    assert!(!c.support.is_empty());
    assert!(matches!(
        rows.last(),
        Some(CaseloadRow::NotCounted(_) | CaseloadRow::Support(_))
    ));
    app.key(KeyCode::Char('G'));
    assert_eq!(app.model.caseload.list.selected, rows.len() - 1);
    let screen = format!("{:?}", app.draw(80, 24).backend());
    let last = match rows.last() {
        Some(CaseloadRow::NotCounted(i)) => {
            let n = &c.not_counted[*i];
            // The reason, from the rule that left the client out (its first characters).
            let reason: String = n
                .reason
                .label(careplan::domain::Lang::Ja)
                .chars()
                .take(5)
                .collect();
            assert!(screen.contains(&format!("除外: {reason}")), "{screen}");
            n.name.clone()
        }
        Some(CaseloadRow::Support(i)) => c.support[*i].name.clone(),
        _ => unreachable!(),
    };
    let first_word = last.split_whitespace().next().unwrap();
    assert!(
        screen.contains(first_word),
        "{last} not on screen:\n{screen}"
    );
    app.key(KeyCode::Char('g'));
    assert_eq!(app.model.caseload.list.selected, 0);
}

#[test]
fn board_batch_and_history_80x24() {
    let mut app = App::new();
    app.key(KeyCode::Char('6'));
    assert_eq!(app.model.tab, Tab::Board);
    assert_eq!(app.model.board.month, common::date("2026-12-01"));
    insta::assert_snapshot!("board_80x24", app.draw(80, 24).backend());
    app.key(KeyCode::Char('b'));
    insta::assert_snapshot!("paper_batch_80x24", app.draw(80, 24).backend());
    app.key(KeyCode::Esc);
    // Back to November: the cell history of the first client's first provider.
    app.key(KeyCode::Char('<'));
    while app.model.board.cursor().is_none() {
        app.key(KeyCode::Char('j'));
    }
    app.key(KeyCode::Enter);
    let Some(Overlay::History { rows, .. }) = app.model.overlays.last() else {
        panic!("history not shown");
    };
    assert!(
        rows.iter()
            .any(|r| r.kind == careplan::domain::delivery::DeliveryKind::Schedule)
    );
}

/// A mark is recorded at the model's clock (the event loop sets it): `update` reads none.
#[test]
fn a_mark_is_recorded_at_the_models_clock() {
    let mut app = App::new();
    app.key(KeyCode::Char('6'));
    let at = common::date("2026-11-30").and_hms_opt(16, 45, 0).unwrap();
    app.model.now = at;
    let board = &app.model.board;
    let (pos, col) = board
        .list
        .visible
        .iter()
        .enumerate()
        .find_map(|(pos, &r)| {
            board.rows[r]
                .cells
                .iter()
                .position(|c| c.marks.sent.is_none())
                .map(|c| (pos, c))
        })
        .expect("a schedule not sent yet");
    app.model.board.list.selected = pos;
    app.model.board.col = col;
    let fx = app.key(KeyCode::Char('s'));
    let Some(Effect::Record(events)) = fx.first() else {
        panic!("{fx:?}");
    };
    assert_eq!(events[0].at, at);
}

/// The month's cycle from the keyboard: every schedule sent, every actual in, nothing overdue —
/// and all of it in the ledger, not only on screen.
#[test]
fn a_months_cycle_on_the_board_is_kept_in_the_ledger() {
    use careplan::domain::delivery::CellState;
    let mut app = App::new();
    app.key(KeyCode::Char('6'));
    // This month: its actuals can be recorded (next month's cannot yet).
    app.key(KeyCode::Left);
    let month = app.model.board.month;
    let rows = app.model.board.list.visible.len();
    assert!(rows > 10);
    for _ in 0..rows {
        app.key(KeyCode::Char('a'));
        app.key(KeyCode::Char('j'));
    }
    let unsent = |app: &App| {
        app.model
            .board
            .rows
            .iter()
            .flat_map(|r| r.cells.iter())
            .filter(|c| c.marks.sent.is_none())
            .count()
    };
    assert_eq!(unsent(&app), 0);
    // Actuals: provider by provider with R (asks first), until no cell waits.
    app.key(KeyCode::Char('g'));
    for _ in 0..400 {
        let waiting = app
            .model
            .board
            .rows
            .iter()
            .enumerate()
            .find(|(_, r)| r.cells.iter().any(|c| c.marks.actuals.is_none()));
        let Some((ri, r)) = waiting else { break };
        let ci = r
            .cells
            .iter()
            .position(|c| c.marks.actuals.is_none())
            .unwrap();
        app.model.board.list.selected = app
            .model
            .board
            .list
            .visible
            .iter()
            .position(|v| *v == ri)
            .unwrap();
        app.model.board.col = ci;
        app.key(KeyCode::Char('R'));
        assert!(matches!(
            app.model.overlays.last(),
            Some(Overlay::Confirm(_))
        ));
        app.key(KeyCode::Char('y'));
    }
    let today = common::date("2027-01-20");
    let rules = app.model.rules;
    let states: Vec<CellState> = app
        .model
        .board
        .rows
        .iter()
        .flat_map(|r| r.cells.iter())
        .map(|c| c.marks.state(month, today, &rules))
        .collect();
    assert!(
        states.iter().all(|s| *s == CellState::Received),
        "{states:?}"
    );
    // A fresh load from the database shows the same.
    let fresh = careplan::store::deliveries::board(app.runner.store.conn(), month).unwrap();
    assert!(
        fresh
            .iter()
            .flat_map(|r| r.cells.iter())
            .all(|c| c.marks.sent.is_some() && c.marks.actuals.is_some())
    );
    // u takes the last mark back as a withdrawal row; the original stays in the ledger.
    app.key(KeyCode::Char('g'));
    while app.model.board.cursor().is_none() {
        app.key(KeyCode::Char('j'));
    }
    app.key(KeyCode::Char('u'));
    app.key(KeyCode::Char('y'));
    let (ri, ci) = app.model.board.cursor().unwrap();
    assert!(app.model.board.rows[ri].cells[ci].marks.actuals.is_none());
    let cell = &app.model.board.rows[ri];
    let history = careplan::store::deliveries::cell_history(
        app.runner.store.conn(),
        cell.client_id,
        cell.cells[ci].provider_id,
        month,
    )
    .unwrap();
    assert!(history.iter().any(|e| e.withdraws.is_some()));
    assert!(
        history
            .iter()
            .any(|e| e.kind == careplan::domain::delivery::DeliveryKind::Actuals)
    );
}

#[test]
fn home_lists_deadlines_with_their_actions_80x24() {
    let mut app = App::new();
    app.key(KeyCode::Char('1'));
    assert!(!app.model.deadlines.is_empty());
    // By days left; what is only waited for (a result applied for) after the rest.
    let days: Vec<(bool, i64)> = app
        .model
        .deadlines
        .iter()
        .map(|d| (d.is_waiting(), d.days_left))
        .collect();
    let mut sorted = days.clone();
    sorted.sort();
    assert_eq!(days, sorted);
}

/// The screen's rows as text (a wide character's second cell not repeated).
fn rows(t: &Terminal<TestBackend>) -> Vec<String> {
    let buf = t.backend().buffer();
    let w = usize::from(buf.area.width);
    buf.content()
        .chunks(w)
        .map(|row| {
            let mut s = String::new();
            let mut skip = 0;
            for c in row {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                s.push_str(c.symbol());
                skip = careplan::present::text::width(c.symbol()).saturating_sub(1);
            }
            s
        })
        .collect()
}

fn client_detail(app: &App) -> Option<&careplan::store::clients::ClientDetail> {
    app.model.overlays.iter().rev().find_map(|o| match o {
        Overlay::Detail {
            detail: careplan::tui::model::Detail::Client(c),
            ..
        } => Some(&c.detail),
        _ => None,
    })
}

/// From a client's record: a new revision (services carried over) awaits consent while the
/// confirmed one stays in force, and confirming it needs a consent date.
#[test]
fn a_new_plan_revision_supersedes_the_last_and_needs_consent_to_confirm() {
    use careplan::domain::plan::PlanStatus;
    let mut app = App::new();
    app.key(KeyCode::Char('2'));
    loop {
        app.key(KeyCode::Enter);
        let live = client_detail(&app).is_some_and(|c| {
            c.plans
                .first()
                .is_some_and(|p| p.fields.status == PlanStatus::Confirmed)
        });
        if live {
            break;
        }
        app.key(KeyCode::Esc);
        app.key(KeyCode::Char('j'));
    }
    let before = client_detail(&app).unwrap().plans[0].clone();
    app.key(KeyCode::Char('p'));
    let Some(Overlay::Form(f)) = app.model.overlays.last() else {
        panic!("no plan form")
    };
    let lines = f.fields.last().unwrap().input.value().to_string();
    assert_eq!(
        lines.split_whitespace().count(),
        before.lines.len(),
        "{lines}"
    );
    insta::assert_snapshot!("new_plan_form_80x24", app.draw(80, 24).backend());
    let effects = app.ctrl('s');
    assert!(effects.iter().any(|e| matches!(e, Effect::Save(_))));
    let c = client_detail(&app).unwrap();
    assert_eq!(c.plans[0].fields.status, PlanStatus::AwaitingConsent);
    assert_eq!(c.plans[0].lines.len(), before.lines.len());
    assert_eq!(c.plans[1].id, before.id);
    // Until the new one is confirmed, the one in force stays in force.
    assert_eq!(c.plans[1].fields.status, PlanStatus::Confirmed);

    app.key(KeyCode::Char('o'));
    app.ctrl('u');
    app.typed("確定");
    let effects = app.ctrl('s');
    assert!(!effects.iter().any(|e| matches!(e, Effect::Save(_))));
    let Some(Overlay::Form(f)) = app.model.overlays.last() else {
        panic!("form closed without a consent date")
    };
    assert!(f.fields[1].error.as_ref().unwrap().contains("同意日"));
    assert_eq!(f.focus, 1, "the cursor goes to the field to fix");
    app.typed("R8.11.26");
    app.ctrl('s');
    let c = client_detail(&app).unwrap();
    assert_eq!(c.plans[0].fields.status, PlanStatus::Confirmed);
    assert_eq!(
        c.plans[0].fields.consent_date,
        Some(common::date("2026-11-26"))
    );
    // Confirmed and started (today): the earlier one now shows as 差し替え.
    let dates: Vec<_> = c.plans.iter().map(|p| p.dates()).collect();
    assert_eq!(
        careplan::domain::plan::shown_status(&dates, 1, app.model.today),
        PlanStatus::Superseded
    );
}

/// x leaves a provider out of the month (asks first); + adds one for the month only.
#[test]
fn a_month_can_leave_out_or_add_a_provider() {
    let mut app = App::new();
    app.key(KeyCode::Char('6'));
    while app.model.board.cursor().is_none() {
        app.key(KeyCode::Char('j'));
    }
    let (ri, _) = app.model.board.cursor().unwrap();
    let client = app.model.board.rows[ri].client_id;
    let cells = |app: &App| {
        app.model
            .board
            .rows
            .iter()
            .find(|r| r.client_id == client)
            .unwrap()
            .cells
            .clone()
    };
    let before = cells(&app);
    app.key(KeyCode::Char('x'));
    assert!(matches!(
        app.model.overlays.last(),
        Some(Overlay::Confirm(_))
    ));
    app.key(KeyCode::Char('y'));
    let after = cells(&app);
    assert_eq!(after.len(), before.len() - 1);
    assert!(!after.iter().any(|c| c.provider_id == before[0].provider_id));
    // Put it back for this month with +, by its office number.
    app.key(KeyCode::Char('+'));
    app.typed(&before[0].office_number);
    app.ctrl('s');
    let back = cells(&app);
    assert_eq!(back.len(), before.len());
    // An unknown number is refused with the reason, the form stays open.
    app.key(KeyCode::Char('+'));
    app.typed("1399999999");
    app.ctrl('s');
    let Some(Overlay::Form(f)) = app.model.overlays.last() else {
        panic!("form closed")
    };
    assert!(
        f.message
            .as_deref()
            .unwrap_or("")
            .contains("登録されていません"),
        "{:?}",
        f.message
    );
}

/// An import leaves a differing name and an unknown client for review: `a` takes the file's
/// value, `c` opens the new-client form filled from the file.
#[test]
fn import_reviews_take_the_files_value_or_register_the_unknown_client() {
    let mut app = App::new();
    let ours = careplan::store::office::office_number(app.runner.store.conn())
        .unwrap()
        .unwrap();
    let client = app.model.data.clients[5].clone();
    let provider = app.model.data.providers[0].fields.office_number.to_string();
    let line = |insurer: &str, insured: &str, name: &str| {
        let mut v = vec![String::new(); 63];
        v[0] = "202407".into();
        v[1] = insurer.into();
        v[2] = insured.into();
        v[3] = "00000000".into();
        v[5] = name.into();
        v[62] = "202612".into();
        v.join(",")
    };
    let text = format!(
        "{}\r\n{}\r\n",
        line(&client.insurer_number, &client.insured_number, "別名 花子"),
        line("131011", "0000077777", "未登録 一郎")
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(format!(
        "UPHOSOKU_202612_{ours}_43_{provider}_11_20261125093000.CSV"
    ));
    std::fs::write(&file, encoding_rs::SHIFT_JIS.encode(&text).0).unwrap();
    let s = careplan::exchange::ingest::import(
        &mut app.runner.store,
        &[careplan::exchange::ingest::Input::File(file)],
        Default::default(),
        &mut |_, _| {},
    )
    .unwrap();
    assert_eq!((s.differences, s.unmatched_clients.len()), (1, 1), "{s:?}");

    app.key(KeyCode::Char('6'));
    app.key(KeyCode::Char('w'));
    let Some(Overlay::Reviews { items, .. }) = app.model.overlays.last() else {
        panic!("no review list")
    };
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].kind, "difference");
    insta::assert_snapshot!("import_reviews_80x24", app.draw(80, 24).backend());
    app.key(KeyCode::Char('a'));
    let renamed = app
        .model
        .data
        .clients
        .iter()
        .find(|c| c.id == client.id)
        .unwrap();
    assert_eq!(renamed.name, "別名 花子");
    let Some(Overlay::Reviews { items, .. }) = app.model.overlays.last() else {
        panic!("review list closed")
    };
    assert_eq!(items.len(), 1);
    app.key(KeyCode::Char('c'));
    let Some(Overlay::Form(f)) = app.model.overlays.last() else {
        panic!("no new-client form")
    };
    assert_eq!(f.fields[0].input.value(), "未登録 一郎");
    assert_eq!(f.fields[5].input.value(), "0000077777");
}

/// 加入: the list at 80×24 (ask-first order), the filter and sort keys, the provider panel, and
/// recording a status from the keyboard.
#[test]
fn enrollment_tab_lists_filters_and_records_80x24() {
    use careplan::domain::enrollment::ProviderStatus;
    let mut app = App::new();
    app.key(KeyCode::Char('7'));
    assert_eq!(app.model.tab, Tab::Enrollment);
    assert!(app.model.enrollment.loaded);
    insta::assert_snapshot!("enrollment_80x24", app.draw(80, 24).backend());
    // Ask-first order: no enrolled provider before a non-enrolled one.
    let e = &app.model.enrollment;
    let first_enrolled = e
        .list
        .visible
        .iter()
        .position(|&i| e.rows[i].is_enrolled())
        .unwrap_or(e.list.visible.len());
    assert!(
        e.list.visible[first_enrolled..]
            .iter()
            .all(|&i| e.rows[i].is_enrolled())
    );
    // f: everyone not enrolled; s: by clients.
    app.key(KeyCode::Char('f'));
    let e = &app.model.enrollment;
    assert!(e.list.visible.iter().all(|&i| !e.rows[i].is_enrolled()));
    app.key(KeyCode::Char('s'));
    let e = &app.model.enrollment;
    let clients: Vec<usize> = e
        .list
        .visible
        .iter()
        .map(|&i| e.rows[i].active_clients)
        .collect();
    assert!(clients.windows(2).all(|w| w[0] >= w[1]));
    app.key(KeyCode::Enter);
    assert!(matches!(
        app.model.overlays.last(),
        Some(Overlay::EnrollmentProvider { .. })
    ));
    insta::assert_snapshot!("enrollment_provider_80x24", app.draw(80, 24).backend());
    // r from the panel: a form; save "加入済み" from the exchange client's search.
    app.key(KeyCode::Char('r'));
    let provider = app.model.enrollment.selected().unwrap().provider_id;
    app.typed("加入済み");
    app.key(KeyCode::Tab);
    app.typed("連携ソフトの検索");
    let effects = app.ctrl('s');
    assert!(effects.iter().any(|e| matches!(e, Effect::Save(_))));
    let row = app
        .model
        .enrollment
        .rows
        .iter()
        .find(|r| r.provider_id == provider)
        .unwrap();
    assert_eq!(row.status(), Some(ProviderStatus::Enrolled));
    // It is still on FAX: one question offers 連携; n leaves it.
    assert!(matches!(
        app.model.overlays.last(),
        Some(Overlay::Confirm(_))
    ));
    app.key(KeyCode::Char('n'));
    // Esc leaves the panel; o shows the office.
    app.key(KeyCode::Esc);
    app.key(KeyCode::Char('o'));
    assert!(matches!(
        app.model.overlays.last(),
        Some(Overlay::EnrollmentOffice { .. })
    ));
    insta::assert_snapshot!("enrollment_office_80x24", app.draw(80, 24).backend());
}

/// The office panel's e: a status added to the history and a certificate date, from the keyboard.
#[test]
fn the_office_exchange_status_is_edited_from_the_enrollment_tab() {
    use careplan::domain::enrollment::ExchangeUse;
    let mut app = App::new();
    app.key(KeyCode::Char('7'));
    app.key(KeyCode::Char('o'));
    app.key(KeyCode::Char('e'));
    let Some(Overlay::Form(f)) = app.model.overlays.last() else {
        panic!("no office form")
    };
    assert_eq!(
        f.fields[5].input.value(),
        "はい",
        "auto-renewal as recorded"
    );
    app.typed("停止");
    app.key(KeyCode::Tab);
    app.typed("2026-12-01");
    for _ in 0..8 {
        app.key(KeyCode::Tab);
    }
    app.ctrl('u');
    app.typed("R9.2.28");
    let effects = app.ctrl('s');
    assert!(effects.iter().any(|e| matches!(e, Effect::Save(_))));
    let conn = app.runner.store.conn();
    let history = careplan::store::enrollment::exchange_history(conn).unwrap();
    assert_eq!(
        history.last().map(|h| (h.from, h.status)),
        Some((common::date("2026-12-01"), ExchangeUse::Stopped))
    );
    let o = careplan::store::enrollment::office_exchange(conn).unwrap();
    assert_eq!(o.certificate_expiry, Some(common::date("2027-02-28")));
    assert!(o.auto_renewal);
}

/// Start-up draws the screen's frame before anything is read, then ホーム whole: counts that
/// came with the data are used as they are, not read again after the frame.
#[test]
fn start_up_frame_then_home_with_its_counts() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = common::office_db(dir.path(), 20);
    let runner = Runner::new(
        store,
        Default::default(),
        Default::default(),
        common::today(),
    );
    let mut m = Model::new(Config::default(), common::today());
    update(&mut m, Action::Resize(80, 24));
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    term.draw(|f| view(&m, f)).unwrap();
    let screen = format!("{:?}", term.backend().buffer());
    assert!(screen.contains("読み込み中"), "{screen}");

    let mut data = runner.load_all().unwrap();
    data.ledger = Some(
        careplan::store::home::ledger_deadlines(runner.store.conn(), common::today()).unwrap(),
    );
    let fx = update(
        &mut m,
        Action::Loaded {
            data: Box::new(data),
            external: false,
        },
    );
    assert!(!fx.contains(&Effect::LoadDeadlines), "{fx:?}");
    assert!(!m.loading && !m.deadlines_stale);
    term.draw(|f| view(&m, f)).unwrap();
    let screen = format!("{:?}", term.backend().buffer());
    assert!(!screen.contains("読み込み中"));
    assert!(
        screen.contains("データ連携: 加入"),
        "the ledger's counts are drawn: {screen}"
    );
}

/// Opens the edit form of the first client in the list.
fn edit_first_client(app: &mut App) -> i64 {
    app.key(KeyCode::Char('2'));
    let id = app.model.selected_client().unwrap().id;
    app.key(KeyCode::Enter);
    app.key(KeyCode::Char('e'));
    assert!(matches!(app.model.overlays.last(), Some(Overlay::Form(_))));
    id
}

/// Saves a change to client `id` as another session would, between our opening and saving.
fn colleague_saves(
    app: &mut App,
    id: i64,
    change: impl Fn(&mut careplan::store::clients::ClientFields),
) {
    let c = careplan::store::clients::get(app.runner.store.conn(), id)
        .unwrap()
        .unwrap();
    let mut fields = c.fields.clone();
    change(&mut fields);
    app.runner
        .store
        .write(|w| careplan::store::clients::update(w, id, c.version, &fields))
        .unwrap();
}

fn form(app: &App) -> &careplan::tui::form::Form {
    match app.model.overlays.last() {
        Some(Overlay::Form(f)) => f,
        other => panic!("no form in front: {:?}", other.map(|_| "another overlay")),
    }
}

fn goto_field(app: &mut App, label: careplan::tui::i18n::T) {
    while form(app).fields[form(app).focus].label != label {
        app.key(KeyCode::Tab);
    }
}

/// Two people edit one client: a field only the colleague changed takes the colleague's value
/// (it is never written back to the old one), a field only we changed keeps ours, and a field
/// both changed waits until we pick a side — what we pick is what is saved.
#[test]
fn a_conflict_merges_and_a_field_both_changed_is_picked() {
    use careplan::tui::i18n::T;
    use careplan::tui::merge::Merge;
    let mut app = App::new();
    let id = edit_first_client(&mut app);
    // The title names the record.
    assert!(
        careplan::tui::update::form_heading(form(&app), careplan::domain::Lang::Ja)
            .contains("被保険者番号")
    );
    goto_field(&mut app, T::Address);
    app.ctrl('u');
    app.typed("新住所 1-2-3");
    colleague_saves(&mut app, id, |f| f.phone = "03-1111-2222".into());
    app.ctrl('s');
    let f = form(&app);
    let phone = f.fields.iter().find(|x| x.label == T::Phone).unwrap();
    assert_eq!(phone.input.value(), "03-1111-2222");
    assert_eq!(phone.merge, Some(Merge::Theirs));
    assert!(
        f.conflict
            .as_ref()
            .unwrap()
            .iter()
            .any(|l| l.contains("電話"))
    );
    app.ctrl('s');
    assert!(
        app.model
            .overlays
            .iter()
            .all(|o| !matches!(o, Overlay::Form(_)))
    );
    let saved = careplan::store::clients::get(app.runner.store.conn(), id)
        .unwrap()
        .unwrap();
    assert_eq!(saved.fields.address, "新住所 1-2-3");
    assert_eq!(
        saved.fields.phone, "03-1111-2222",
        "the colleague's change survives"
    );

    // Both change the address.
    app.key(KeyCode::Char('e'));
    goto_field(&mut app, T::Address);
    app.ctrl('u');
    app.typed("自分の住所");
    colleague_saves(&mut app, id, |f| f.address = "相手の住所".into());
    app.ctrl('s');
    let f = form(&app);
    assert_eq!(
        f.fields[f.focus].label,
        T::Address,
        "the cursor goes to the field to pick"
    );
    assert!(matches!(f.fields[f.focus].merge, Some(Merge::Both { .. })));
    // Saving without a choice is refused with the reason; typing does not slip in.
    let effects = app.ctrl('s');
    assert!(!effects.iter().any(|e| matches!(e, Effect::Save(_))));
    assert!(form(&app).message.as_deref().unwrap().contains("選んで"));
    app.typed("x");
    assert!(matches!(
        form(&app).fields[form(&app).focus].merge,
        Some(Merge::Both { .. })
    ));
    app.key(KeyCode::Right);
    assert_eq!(
        form(&app).fields[form(&app).focus].input.value(),
        "自分の住所"
    );
    app.key(KeyCode::Left);
    // A pick is final for that save; typing again edits the picked value.
    assert_eq!(
        form(&app).fields[form(&app).focus].input.value(),
        "自分の住所"
    );
    app.ctrl('s');
    let saved = careplan::store::clients::get(app.runner.store.conn(), id)
        .unwrap()
        .unwrap();
    assert_eq!(saved.fields.address, "自分の住所");
    assert_eq!(saved.fields.phone, "03-1111-2222");
}

/// Taking the colleague's side saves the colleague's value.
#[test]
fn picking_theirs_saves_theirs() {
    use careplan::tui::i18n::T;
    let mut app = App::new();
    let id = edit_first_client(&mut app);
    goto_field(&mut app, T::Address);
    app.ctrl('u');
    app.typed("自分の住所");
    colleague_saves(&mut app, id, |f| f.address = "相手の住所".into());
    app.ctrl('s');
    app.key(KeyCode::Left);
    assert_eq!(
        form(&app).fields[form(&app).focus].input.value(),
        "相手の住所"
    );
    app.ctrl('s');
    let saved = careplan::store::clients::get(app.runner.store.conn(), id)
        .unwrap()
        .unwrap();
    assert_eq!(saved.fields.address, "相手の住所");
}

#[test]
fn choice_fields_cycle_with_arrows_and_space_in_either_language() {
    use careplan::tui::i18n::T;
    let mut app = App::new();
    app.key(KeyCode::Char('2'));
    app.key(KeyCode::Enter);
    app.key(KeyCode::Char('c'));
    assert_eq!(form(&app).fields[0].label, T::CareLevel);
    app.key(KeyCode::Right);
    assert_eq!(form(&app).fields[0].input.value(), "要支援1");
    app.key(KeyCode::Char(' '));
    assert_eq!(form(&app).fields[0].input.value(), "要支援2");
    app.key(KeyCode::Left);
    assert_eq!(form(&app).fields[0].input.value(), "要支援1");
    insta::assert_snapshot!("choice_field_80x24", app.draw(80, 24).backend());
    // English shows English values; what is stored does not change with the language.
    app.key(KeyCode::Esc);
    app.key(KeyCode::Char('y'));
    app.model.lang = careplan::domain::Lang::En;
    app.key(KeyCode::Char('c'));
    app.key(KeyCode::Tab);
    assert_eq!(form(&app).fields[1].input.value(), "certified");
    app.key(KeyCode::Right);
    assert_eq!(form(&app).fields[1].input.value(), "pending");
}

#[test]
fn a_provider_is_picked_from_a_list_filtered_as_you_type() {
    let mut app = App::new();
    app.key(KeyCode::Char('6'));
    while app.model.board.cursor().is_none() {
        app.key(KeyCode::Char('j'));
    }
    let (ri, ci) = app.model.board.cursor().unwrap();
    let cell = app.model.board.rows[ri].cells[ci].clone();
    app.key(KeyCode::Char('+'));
    // The month and the client are in the title.
    let heading = careplan::tui::update::form_heading(form(&app), careplan::domain::Lang::Ja);
    assert!(
        heading.contains(&app.model.board.rows[ri].name),
        "{heading}"
    );
    assert!(heading.contains('月'), "{heading}");
    let part: String = cell.provider_name.chars().take(3).collect();
    app.typed(&part);
    assert_eq!(form(&app).picker, Some(0));
    insta::assert_snapshot!("provider_picker_80x24", app.draw(80, 24).backend());
    let provider = app
        .model
        .data
        .providers
        .iter()
        .filter(|p| p.fields.name.contains(&part))
        .nth(1)
        .map(|p| p.fields.office_number.as_str().to_string());
    if let Some(number) = provider {
        app.key(KeyCode::Down);
        app.key(KeyCode::Enter);
        assert_eq!(form(&app).fields[0].input.value(), number);
        assert_eq!(form(&app).picker, None);
    }
}

#[test]
fn after_a_search_enter_opens_the_first_match() {
    let mut app = App::new();
    app.key(KeyCode::Char('2'));
    app.key(KeyCode::Char('j'));
    app.key(KeyCode::Char('j'));
    app.key(KeyCode::Char('/'));
    // A query many clients match: the highlight goes back to the first of them.
    let first = app.model.data.clients[0].kana.chars().next().unwrap();
    app.typed(&first.to_string());
    assert!(app.model.clients.visible.len() > 1);
    assert_eq!(app.model.clients.selected, 0);
    let expected = app.model.selected_client().unwrap().id;
    app.key(KeyCode::Enter);
    match app.model.overlays.last() {
        Some(Overlay::Detail {
            detail: careplan::tui::model::Detail::Client(c),
            ..
        }) => assert_eq!(c.id, expected),
        _ => panic!("Enter did not open the highlighted client"),
    }
}

#[test]
fn esc_then_slash_arriving_as_alt_slash_starts_a_new_search() {
    let mut app = App::new();
    app.key(KeyCode::Char('2'));
    app.key(KeyCode::Char('/'));
    app.typed("やまだ");
    app.send(Action::Key(KeyEvent::new(
        KeyCode::Char('/'),
        KeyModifiers::ALT,
    )));
    assert!(app.model.clients.searching);
    assert_eq!(app.model.clients.query.value(), "");
}

/// A restored draft stays stored until the form is saved: a second dropped connection before
/// any key loses nothing, and the newer draft takes the older one's place.
#[test]
fn a_restored_draft_is_kept_until_the_form_is_saved() {
    let mut app = App::new();
    app.key(KeyCode::Char('2'));
    app.key(KeyCode::Char('n'));
    app.typed("下書き 次郎");
    app.send(Action::Hangup);
    let count = |app: &App| -> i64 {
        app.runner
            .store
            .conn()
            .query_row("SELECT count(*) FROM drafts", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(count(&app), 1);
    // Next start: restored, then the link drops again before a key.
    app.model = Model::new(Config::default(), common::today());
    let data = app.runner.load_all().unwrap();
    app.send(Action::Loaded {
        data: Box::new(data),
        external: false,
    });
    let offer = app.runner.pending_draft().unwrap();
    app.send(offer);
    let effects = app.key(KeyCode::Char('y'));
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::DiscardDraft { .. }))
    );
    assert_eq!(count(&app), 1);
    app.send(Action::Hangup);
    assert_eq!(count(&app), 1, "the new draft replaced the old one");
    // Third start: restore and save; only now is the draft gone.
    app.model = Model::new(Config::default(), common::today());
    let offer = app.runner.pending_draft().unwrap();
    app.send(offer);
    app.key(KeyCode::Char('y'));
    assert_eq!(form(&app).fields[0].input.value(), "下書き 次郎");
    // It still counts as typed: Esc asks first.
    app.key(KeyCode::Esc);
    assert!(matches!(
        app.model.overlays.last(),
        Some(Overlay::Confirm(_))
    ));
    app.key(KeyCode::Char('n'));
    for _ in 0..4 {
        app.key(KeyCode::Tab);
    }
    app.typed("131011");
    app.key(KeyCode::Tab);
    app.typed("0000088888");
    app.ctrl('s');
    assert_eq!(count(&app), 0);
}

#[test]
fn a_long_message_wraps_instead_of_being_cut_80x24() {
    let mut app = App::new();
    app.key(KeyCode::Char('2'));
    app.model.status = Some((
        careplan::tui::model::Severity::Error,
        "事業所番号 1399999999 の事業所は登録されていません。番号を確かめるか、先に 3 事業所 で登録してください（この月だけの追加も同じです）".into(),
    ));
    app.model.dirty = true;
    let t = app.draw(80, 24);
    let screen = format!("{}", t.backend());
    assert!(screen.contains("登録されていません"));
    assert!(
        screen.contains("登録してください"),
        "the hint is not cut:\n{screen}"
    );
    insta::assert_snapshot!("wrapped_message_80x24", t.backend());
}

/// The audit row of the latest change of one record: (action, before, after).
fn last_audit(app: &App, entity: &str, id: i64) -> (String, String, String) {
    app.runner
        .store
        .conn()
        .query_row(
            "SELECT action, coalesce(before, ''), coalesce(after, '') FROM audit_log
             WHERE entity = ?1 AND entity_id = ?2 ORDER BY id DESC LIMIT 1",
            rusqlite::params![entity, id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
}

/// A typo in a certification's end date, corrected from the client detail in eight keys plus
/// the date typed: x (corrections) Enter (the newest certification) Tab×4 Ctrl+U … Ctrl+S.
#[test]
fn a_certification_typo_is_corrected_in_under_ten_keys_and_audited() {
    use careplan::tui::i18n::T;
    let mut app = App::new();
    app.key(KeyCode::Char('2'));
    app.key(KeyCode::Enter);
    let client = client_detail(&app).unwrap().id;
    let mut keys = 0;
    app.key(KeyCode::Char('x'));
    keys += 1;
    let Some(Overlay::Corrections(list)) = app.model.overlays.last() else {
        panic!("no corrections list")
    };
    assert!(
        list.title
            .contains(&client_detail(&app).unwrap().fields.name)
    );
    let careplan::tui::corrections::Record::Certification { id, .. } = list.items[0].record else {
        panic!("the newest certification comes first: {:?}", list.items[0])
    };
    app.key(KeyCode::Enter);
    keys += 1;
    assert!(matches!(
        form(&app).kind,
        FormKind::EditCertification { .. }
    ));
    for _ in 0..4 {
        app.key(KeyCode::Tab);
        keys += 1;
    }
    assert_eq!(form(&app).fields[form(&app).focus].label, T::ValidTo);
    app.ctrl('u');
    keys += 1;
    app.typed("2031-03-31");
    app.ctrl('s');
    keys += 1;
    assert!(keys < 10);
    assert!(
        matches!(app.model.overlays.last(), Some(Overlay::Corrections(_))),
        "back on the list after saving"
    );
    let row = careplan::store::certifications::get(app.runner.store.conn(), id)
        .unwrap()
        .unwrap();
    assert_eq!(row.client_id, client);
    assert_eq!(
        row.cert.fields.valid_to,
        chrono::NaiveDate::from_ymd_opt(2031, 3, 31)
    );
    let (action, before, after) = last_audit(&app, "certification", id);
    assert_eq!(action, "edit");
    assert!(after.contains("2031-03-31"), "{after}");
    assert!(
        !before.contains("2031-03-31") && !before.is_empty(),
        "{before}"
    );
    // The list shows the corrected row.
    let Some(Overlay::Corrections(list)) = app.model.overlays.last() else {
        panic!()
    };
    assert!(list.items[0].line.contains("2031"), "{:?}", list.items[0]);
}

/// Withdrawing asks for the reason, names the record, and keeps the row (marked).
#[test]
fn a_certification_is_withdrawn_with_a_reason_and_nothing_is_erased() {
    let mut app = App::new();
    app.key(KeyCode::Char('2'));
    app.key(KeyCode::Enter);
    app.key(KeyCode::Char('x'));
    let Some(Overlay::Corrections(list)) = app.model.overlays.last() else {
        panic!()
    };
    let careplan::tui::corrections::Record::Certification { id, .. } = list.items[0].record else {
        panic!()
    };
    let before = list.items.len();
    app.key(KeyCode::Char('w'));
    let heading = careplan::tui::update::form_heading(form(&app), careplan::domain::Lang::Ja);
    assert!(
        heading.contains("認定") && heading.contains("被保険者番号"),
        "{heading}"
    );
    // No reason, no withdrawal.
    app.ctrl('s');
    assert!(matches!(app.model.overlays.last(), Some(Overlay::Form(_))));
    app.typed("別の利用者の認定を誤って登録");
    app.ctrl('s');
    let Some(Overlay::Corrections(list)) = app.model.overlays.last() else {
        panic!("{:?}", app.model.status)
    };
    assert_eq!(list.items.len(), before - 1);
    let kept: i64 = app
        .runner
        .store
        .conn()
        .query_row(
            "SELECT count(*) FROM certifications WHERE id = ?1 AND withdrawn_reason = ?2",
            rusqlite::params![id, "別の利用者の認定を誤って登録"],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kept, 1);
    assert_eq!(last_audit(&app, "certification", id).0, "withdraw");
}

/// A plan revision's period typed wrong is corrected from the corrections list: `p` jumps to
/// the newest revision; a confirmed one needs the reason, and the audit trail keeps both.
#[test]
fn a_plan_revision_typo_is_corrected_with_a_reason_when_confirmed() {
    use careplan::tui::i18n::T;
    let mut app = App::new();
    app.key(KeyCode::Char('2'));
    app.key(KeyCode::Enter);
    while client_detail(&app).unwrap().plans.is_empty() {
        app.key(KeyCode::Esc);
        app.key(KeyCode::Char('j'));
        app.key(KeyCode::Enter);
    }
    app.key(KeyCode::Char('x'));
    app.key(KeyCode::Char('p'));
    let Some(Overlay::Corrections(list)) = app.model.overlays.last() else {
        panic!()
    };
    let careplan::tui::corrections::Record::Plan { id, .. } = list.items[list.selected].record
    else {
        panic!("p did not reach a plan: {:?}", list.items)
    };
    app.key(KeyCode::Enter);
    let FormKind::EditPlan { confirmed, .. } = form(&app).kind else {
        panic!()
    };
    goto_field(&mut app, T::PeriodTo);
    app.ctrl('u');
    app.typed("2031-02-28");
    app.ctrl('s');
    if confirmed {
        // Refused until the reason is given; the reason field says so.
        let f = form(&app);
        let reason = f
            .fields
            .iter()
            .find(|x| x.label == T::CorrectionReason)
            .unwrap();
        assert!(reason.error.as_deref().unwrap_or("").contains("理由"));
        goto_field(&mut app, T::CorrectionReason);
        app.typed("計画期間の入力誤り");
        app.ctrl('s');
    }
    assert!(
        matches!(app.model.overlays.last(), Some(Overlay::Corrections(_))),
        "{:?} {:?}",
        app.model.status,
        app.model.form().map(|f| (
            f.message.clone(),
            f.fields
                .iter()
                .filter_map(|x| x.error.clone())
                .collect::<Vec<_>>()
        ))
    );
    let (action, before, after) = last_audit(&app, "care_plan", id);
    assert!(after.contains("2031-02-28"), "{action} {after}");
    assert!(!before.contains("2031-02-28"));
    // What the form does not show is kept: the care level and each line's content.
    let b: serde_json::Value = serde_json::from_str(&before).unwrap();
    let a: serde_json::Value = serde_json::from_str(&after).unwrap();
    assert_eq!(a["plan"]["care_level"], b["plan"]["care_level"]);
    let whats = |v: &serde_json::Value| {
        v["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["what"].clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(whats(&a), whats(&b));
    if confirmed {
        assert!(after.contains("計画期間の入力誤り"), "{after}");
    }
}

/// A stray `r` on next month's board records nothing and says why.
#[test]
fn actuals_for_a_month_not_yet_begun_are_refused_on_the_board() {
    let mut app = App::new();
    app.key(KeyCode::Char('6'));
    assert!(app.model.board.month > app.model.today);
    while app.model.board.cursor().is_none() {
        app.key(KeyCode::Char('j'));
    }
    let effects = app.key(KeyCode::Char('r'));
    assert!(!effects.iter().any(|e| matches!(e, Effect::Record(_))));
    let (_, msg) = app.model.status.clone().unwrap();
    assert!(msg.contains("まだ記録できません"), "{msg}");
    let effects = app.key(KeyCode::Char('R'));
    assert!(!effects.iter().any(|e| matches!(e, Effect::Record(_))));
    assert!(!matches!(
        app.model.overlays.last(),
        Some(Overlay::Confirm(_))
    ));
}

/// Staff FTE rows and a provider's enrollment records have their corrections list too.
#[test]
fn fte_rows_and_enrollment_records_are_corrected_with_a_reason() {
    let mut app = App::new();
    app.key(KeyCode::Char('4'));
    app.key(KeyCode::Enter);
    app.key(KeyCode::Char('x'));
    let Some(Overlay::Corrections(list)) = app.model.overlays.last() else {
        panic!("staff detail has no corrections list")
    };
    assert!(matches!(
        list.items[0].record,
        careplan::tui::corrections::Record::Fte { .. }
    ));
    app.key(KeyCode::Enter);
    assert!(matches!(form(&app).kind, FormKind::EditFte { .. }));
    app.ctrl('u');
    app.typed("0.8");
    app.ctrl('s');
    // The reason is required.
    assert!(matches!(app.model.overlays.last(), Some(Overlay::Form(_))));
    goto_field(&mut app, careplan::tui::i18n::T::CorrectionReason);
    app.typed("常勤換算の入力誤り");
    app.ctrl('s');
    let Some(Overlay::Corrections(list)) = app.model.overlays.last() else {
        panic!("{:?}", app.model.status)
    };
    assert!(list.items[0].line.starts_with("0.8"), "{:?}", list.items[0]);
}

// ホーム: deadlines that tell the truth and lead to the work.

fn deadline_of<'a>(app: &'a App, what: &str) -> Option<&'a careplan::domain::deadlines::Deadline> {
    app.model
        .deadlines
        .iter()
        .find(|d| d.what(careplan::domain::Lang::Ja) == what)
}

/// Moves ホーム's cursor onto the deadline that reads `what` (with the keys a user would press).
fn select_deadline(app: &mut App, what: &str) {
    app.key(KeyCode::Char('g'));
    for _ in 0..app.model.deadlines.len() {
        let here = &app.model.deadlines[app.model.home.selected];
        if here.what(careplan::domain::Lang::Ja) == what {
            return;
        }
        app.key(KeyCode::Char('j'));
    }
    panic!("no deadline {what}: {:?}", app.model.deadlines);
}

/// Records a certification for the client whose record is open, through its form (`c`).
fn add_certification(app: &mut App, status: &str, from: &str, to: &str) -> Vec<Effect> {
    app.key(KeyCode::Char('c'));
    assert!(matches!(app.model.overlays.last(), Some(Overlay::Form(_))));
    app.typed("要介護3");
    app.key(KeyCode::Tab);
    app.ctrl('u');
    app.typed(status);
    app.key(KeyCode::Tab);
    app.key(KeyCode::Tab);
    app.typed(from);
    app.key(KeyCode::Tab);
    app.typed(to);
    app.ctrl('s')
}

fn client_id(app: &App, name: &str) -> i64 {
    app.model
        .data
        .clients
        .iter()
        .find(|c| c.name == name)
        .unwrap()
        .id
}

/// Enter on a certification deadline opens the client's record; recording the renewal there
/// takes the alarm off ホーム at once.
#[test]
fn a_recorded_renewal_clears_the_certification_alarm() {
    let mut app = App::new();
    let id = client_id(&app, "あおい はなこ");
    let alarm = deadline_of(&app, "認定期限 あおい はなこ").expect("36 days left");
    assert_eq!(alarm.days_left, 36);
    select_deadline(&mut app, "認定期限 あおい はなこ");
    let fx = app.key(KeyCode::Enter);
    assert_eq!(
        fx,
        [Effect::LoadDetail(
            careplan::tui::update::DetailRef::Client(id)
        )]
    );
    assert_eq!(client_detail(&app).map(|c| c.id), Some(id));
    let fx = add_certification(&mut app, "認定済", "2027-01-01", "2029-12-31");
    assert!(fx.contains(&Effect::LoadAll { external: false }), "{fx:?}");
    assert!(fx.contains(&Effect::LoadDeadlines), "{fx:?}");
    assert!(
        app.model.deadlines.iter().all(|d| !d
            .what(careplan::domain::Lang::Ja)
            .contains("認定期限 あおい")),
        "{:?}",
        app.model.deadlines
    );
    // Back on ホーム (Esc leaves the record): the list no longer names the client's
    // certification (her missing monitoring stays listed).
    app.key(KeyCode::Esc);
    let screen = format!("{:?}", app.draw(80, 24).backend().buffer());
    assert!(!screen.contains("認定期限 あおい"), "{screen}");
}

/// A renewal applied for (申請中) turns the alarm into "awaiting the result", listed after
/// what needs doing.
#[test]
fn a_pending_renewal_shows_awaiting_the_result() {
    let mut app = App::new();
    select_deadline(&mut app, "認定期限 あおい はなこ");
    app.key(KeyCode::Enter);
    add_certification(&mut app, "申請中", "2027-01-01", "");
    assert!(deadline_of(&app, "認定期限 あおい はなこ").is_none());
    let d = deadline_of(&app, "認定結果待ち あおい はなこ").expect("awaiting the result");
    assert_eq!(d.days_left, 36);
    assert!(d.is_waiting());
    let first_waiting = app
        .model
        .deadlines
        .iter()
        .position(|d| d.is_waiting())
        .unwrap();
    assert!(
        app.model.deadlines[first_waiting..]
            .iter()
            .all(|d| d.is_waiting()),
        "waiting items come last: {:?}",
        app.model.deadlines
    );
}

/// A certification that has ended without a renewal stays on ホーム, overdue.
#[test]
fn a_lapsed_certification_stays_overdue_until_renewed() {
    use careplan::domain::care_level::{CareLevel, CertStatus};
    use careplan::store::clients::CertificationFields;
    let mut app = App::new();
    let id = client_id(&app, "あおい はなこ");
    // Its certification ended five days ago (a data fix: the end was 2026-11-20).
    app.runner
        .store
        .write(|w| {
            w.tx.execute(
                "UPDATE certifications SET valid_to = '2026-11-20' WHERE client_id = ?1",
                [id],
            )?;
            Ok(())
        })
        .unwrap();
    app.send(Action::Saved);
    let d = deadline_of(&app, "認定切れ あおい はなこ").expect("lapsed stays listed");
    assert_eq!(d.days_left, -5);
    // Most overdue first (the actuals of October, or a plan step unproven for longer).
    let most = app.model.deadlines.iter().map(|d| d.days_left).min();
    assert_eq!(
        Some(app.model.deadlines[0].days_left),
        most,
        "most overdue first"
    );
    assert!(app.model.deadlines[0].days_left <= -20);
    let screen = format!("{:?}", app.draw(80, 24).backend().buffer());
    assert!(screen.contains("認定切れ"), "{screen}");
    // Renewed: gone.
    app.runner
        .store
        .write(|w| {
            careplan::store::clients::add_certification(
                w,
                id,
                &CertificationFields {
                    care_level: Some(CareLevel::Care3),
                    certified_on: None,
                    valid_from: common::date("2026-11-21"),
                    valid_to: Some(common::date("2028-11-30")),
                    status: CertStatus::Certified,
                    change_of_level: false,
                },
            )?;
            Ok(())
        })
        .unwrap();
    app.send(Action::Saved);
    assert!(deadline_of(&app, "認定切れ あおい はなこ").is_none());
}

/// Enter on the month's missing actuals opens last month's board showing only the rows with
/// actuals missing; marking one there lowers ホーム's count when ホーム is shown again.
#[test]
fn missing_actuals_lead_to_the_filtered_board_and_recount_after_marking() {
    use careplan::tui::model::BoardFilter;
    let mut app = App::new();
    let what = "10月分 実績未着 24件";
    select_deadline(&mut app, what);
    let fx = app.key(KeyCode::Enter);
    assert_eq!(fx, [Effect::LoadBoard(common::date("2026-10-01"))]);
    assert_eq!(app.model.tab, Tab::Board);
    assert_eq!(app.model.board.month, common::date("2026-10-01"));
    assert_eq!(app.model.board.filter, BoardFilter::ActualsMissing);
    let rows = &app.model.board.rows;
    assert!(!app.model.board.list.visible.is_empty());
    assert!(
        app.model
            .board
            .list
            .visible
            .iter()
            .all(|&i| { rows[i].cells.iter().any(|c| c.marks.actuals.is_none()) })
    );
    let screen = format!("{:?}", app.draw(80, 24).backend().buffer());
    assert!(
        screen.contains("実績未着のある利用者だけを表示"),
        "{screen}"
    );
    // Mark the first missing actuals received.
    let ri = app.model.board.list.visible[0];
    let ci = app.model.board.rows[ri]
        .cells
        .iter()
        .position(|c| c.marks.actuals.is_none())
        .unwrap();
    for _ in 0..ci {
        app.key(KeyCode::Char('l'));
    }
    let fx = app.key(KeyCode::Char('r'));
    assert!(matches!(fx.first(), Some(Effect::Record(_))), "{fx:?}");
    assert!(app.model.deadlines_stale);
    let fx = app.key(KeyCode::Char('1'));
    assert_eq!(fx, [Effect::LoadDeadlines]);
    assert!(deadline_of(&app, "10月分 実績未着 23件").is_some());
}

/// Enter on next month's unsent schedules: that month's board, rows with a schedule not sent.
#[test]
fn unsent_schedules_lead_to_next_months_board_filtered() {
    use careplan::tui::model::BoardFilter;
    let mut app = App::new();
    let what = app
        .model
        .deadlines
        .iter()
        .map(|d| d.what(careplan::domain::Lang::Ja))
        .find(|w| w.starts_with("12月分 提供票未送付"))
        .unwrap();
    select_deadline(&mut app, &what);
    // The board was on another month and filtered by a care manager: neither stays.
    app.model.board.care_manager_filter = Some(1);
    app.key(KeyCode::Enter);
    let b = &app.model.board;
    assert_eq!(
        (b.month, b.filter),
        (common::date("2026-12-01"), BoardFilter::NotSent)
    );
    assert_eq!(b.care_manager_filter, None);
    assert!(
        b.list
            .visible
            .iter()
            .all(|&i| { b.rows[i].cells.iter().any(|c| c.marks.sent.is_none()) })
    );
}

/// Enter on an outreach follow-up opens that provider's enrollment panel, and `a` there records
/// outreach for that provider (not whichever the list had selected).
#[test]
fn a_follow_up_opens_the_providers_panel_and_records_for_it() {
    use careplan::domain::deadlines::Clears;
    let mut app = App::new();
    let d = app
        .model
        .deadlines
        .iter()
        .find(|d| matches!(d.clears(), Clears::Provider(_)))
        .unwrap()
        .clone();
    let Clears::Provider(pid) = d.clears() else {
        unreachable!()
    };
    select_deadline(&mut app, &d.what(careplan::domain::Lang::Ja));
    let fx = app.key(KeyCode::Enter);
    assert_eq!(fx, [Effect::LoadEnrollment]);
    assert_eq!(app.model.tab, Tab::Enrollment);
    assert!(matches!(
        app.model.overlays.last(),
        Some(Overlay::EnrollmentProvider { provider_id, .. }) if *provider_id == pid
    ));
    let listed = app.model.enrollment.selected().map(|p| p.provider_id);
    assert_ne!(listed, Some(pid), "the list's cursor is elsewhere");
    app.key(KeyCode::Char('a'));
    let Some(Overlay::Form(f)) = app.model.overlays.last() else {
        panic!("no outreach form")
    };
    assert_eq!(
        f.kind,
        FormKind::AddOutreach { provider_id: pid },
        "outreach is recorded for the provider on the panel"
    );
    let screen = format!("{:?}", app.draw(80, 24).backend().buffer());
    assert!(!screen.is_empty());
}

/// Enter on an office expiry opens the office's exchange panel (where `e` edits it).
#[test]
fn an_office_expiry_opens_the_office_panel() {
    let mut app = App::new();
    let conn = app.runner.store.conn();
    let mut o = careplan::store::enrollment::office_exchange(conn).unwrap();
    o.certificate_expiry = Some(common::date("2026-12-10"));
    let v = o.version;
    app.runner
        .store
        .write(|w| careplan::store::enrollment::set_office_exchange(w, &o, v))
        .unwrap();
    app.send(Action::Saved);
    let what = app
        .model
        .deadlines
        .iter()
        .find(|d| d.clears() == careplan::domain::deadlines::Clears::Office)
        .map(|d| d.what(careplan::domain::Lang::Ja))
        .expect("certificate expiry listed");
    select_deadline(&mut app, &what);
    app.key(KeyCode::Enter);
    assert_eq!(app.model.tab, Tab::Enrollment);
    assert!(matches!(
        app.model.overlays.last(),
        Some(Overlay::EnrollmentOffice { .. })
    ));
    let fx = app.key(KeyCode::Char('e'));
    assert_eq!(
        fx.first(),
        Some(&Effect::OpenEdit(
            careplan::tui::update::EditTarget::OfficeExchange
        ))
    );
}

/// The list scrolls: j/k, PgDn/PgUp, G/g move the selection, the selected item stays on
/// screen, and the title says where it is when not all fit — at 80×24 and 60×20.
#[test]
fn home_deadlines_scroll_at_80x24_and_60x20() {
    for (w, h) in [(80u16, 24u16), (60, 20)] {
        let mut app = App::new();
        app.send(Action::Resize(w, h));
        let n = app.model.deadlines.len();
        let fit = usize::from(h - 4) / 2;
        assert!(n > fit, "{n} deadlines, {fit} fit");
        assert_eq!(app.model.home.selected, 0);
        app.key(KeyCode::Char('j'));
        app.key(KeyCode::Down);
        assert_eq!(app.model.home.selected, 2);
        app.key(KeyCode::Char('k'));
        assert_eq!(app.model.home.selected, 1);
        app.key(KeyCode::PageDown);
        assert_eq!(app.model.home.selected, (1 + fit).min(n - 1));
        app.key(KeyCode::Char('G'));
        assert_eq!(app.model.home.selected, n - 1);
        let last = app.model.deadlines[n - 1].what(careplan::domain::Lang::Ja);
        let screen = format!("{:?}", app.draw(w, h).backend().buffer());
        assert!(screen.contains(&format!("{n}/{n}")), "{screen}");
        let shown: String = last.chars().take(4).collect();
        let screen = rows(&app.draw(w, h));
        assert!(
            screen.iter().any(|r| r.contains(&shown)),
            "{shown}: {screen:?}"
        );
        app.key(KeyCode::PageUp);
        assert_eq!(app.model.home.selected, n - 1 - fit);
        app.key(KeyCode::Char('g'));
        assert_eq!(app.model.home.selected, 0);
        let screen = format!("{:?}", app.draw(w, h).backend().buffer());
        assert!(screen.contains(&format!("1/{n}")), "{screen}");
        // ホーム's footer names only ホーム's keys.
        let footer = rows(&app.draw(w, h)).pop().unwrap();
        // (Spaced by one where the screen is narrow.)
        assert!(footer.starts_with("j/k 移動"), "{footer}");
        assert!(footer.contains("Enter 開く"), "{footer}");
        assert!(footer.contains("? ヘルプ"), "{footer}");
        for promise in ["/ 検索", "n 新規", "e 編集", "d 終了"] {
            assert!(!footer.contains(promise), "{footer}");
        }
    }
}

/// `?` opens at the section of the screen it was pressed on.
#[test]
fn help_opens_at_the_current_tabs_section() {
    let mut app = App::new();
    for (tab, title) in [
        ('1', "ホーム（期限の一覧）"),
        ('6', "計画・送付"),
        ('7', "加入"),
    ] {
        app.key(KeyCode::Char(tab));
        app.key(KeyCode::Char('?'));
        let second = rows(&app.draw(80, 24)).swap_remove(2);
        assert!(second.starts_with(&format!("│{title}")), "{tab}: {second}");
        app.key(KeyCode::Esc);
    }
}

/// ホーム with the third deadline selected: the highlighted pair of rows, the place in the
/// list and ホーム's own keys in the footer.
#[test]
fn home_with_a_selected_deadline_80x24() {
    let mut app = App::new();
    app.key(KeyCode::Char('j'));
    app.key(KeyCode::Char('j'));
    insta::assert_snapshot!(app.draw(80, 24).backend());
}

/// A certification corrected in two sessions: the colleague's correction of another field is
/// kept, ours is added; and a new certified one overlapping another is refused naming both.
#[test]
fn certification_corrections_merge_and_an_overlap_is_refused_with_both_periods() {
    use careplan::tui::i18n::T;
    let mut app = App::new();
    app.key(KeyCode::Char('2'));
    app.key(KeyCode::Enter);
    app.key(KeyCode::Char('x'));
    app.key(KeyCode::Enter);
    let FormKind::EditCertification { id, .. } = form(&app).kind else {
        panic!()
    };
    goto_field(&mut app, T::ValidTo);
    app.ctrl('u');
    app.typed("2031-03-31");
    // The colleague records the date of certification meanwhile.
    let row = careplan::store::certifications::get(app.runner.store.conn(), id)
        .unwrap()
        .unwrap();
    let mut theirs = row.cert.fields.clone();
    theirs.certified_on = Some(common::date("2025-12-20"));
    app.runner
        .store
        .write(|w| {
            careplan::store::certifications::edit_certification(w, id, row.cert.version, &theirs)
        })
        .unwrap();
    app.ctrl('s');
    assert!(form(&app).conflict.is_some());
    app.ctrl('s');
    let now = careplan::store::certifications::get(app.runner.store.conn(), id)
        .unwrap()
        .unwrap()
        .cert
        .fields;
    assert_eq!(now.certified_on, Some(common::date("2025-12-20")));
    assert_eq!(now.valid_to, Some(common::date("2031-03-31")));

    // A new certified one inside that period: refused, both periods named, nothing saved.
    app.key(KeyCode::Esc);
    app.key(KeyCode::Char('c'));
    app.typed("要介護2");
    goto_field(&mut app, T::ValidFrom);
    app.typed("2030-01-01");
    app.key(KeyCode::Tab);
    app.typed("2030-12-31");
    app.ctrl('s');
    let msg = form(&app).message.clone().unwrap_or_default();
    assert!(msg.contains("2030") && msg.contains("2031"), "{msg}");
    insta::assert_snapshot!("overlap_refused_80x24", app.draw(80, 24).backend());
}

/// Typing over a whole value starts a new one (the picker then filters by what is typed), and a
/// choice typed as a beginning is completed when the field is left.
#[test]
fn typing_over_a_picked_value_replaces_it_and_a_beginning_is_completed() {
    use careplan::tui::i18n::T;
    let mut app = App::new();
    app.key(KeyCode::Char('2'));
    app.key(KeyCode::Enter);
    while client_detail(&app).unwrap().care_managers.is_empty() {
        app.key(KeyCode::Esc);
        app.key(KeyCode::Char('j'));
        app.key(KeyCode::Enter);
    }
    app.key(KeyCode::Char('e'));
    goto_field(&mut app, T::CareManager);
    let before = form(&app).fields[form(&app).focus]
        .input
        .value()
        .to_string();
    assert!(!before.is_empty());
    let other = app
        .model
        .data
        .staff
        .iter()
        .find(|s| s.role.is_care_manager() && !before.starts_with(&s.name))
        .unwrap()
        .name
        .clone();
    let first: String = other.chars().take(2).collect();
    app.typed(&first);
    assert_eq!(form(&app).fields[form(&app).focus].input.value(), first);
    assert_eq!(form(&app).picker, Some(0));
    app.key(KeyCode::Enter);
    // Picked, and still on the field.
    assert!(
        form(&app).fields[form(&app).focus]
            .input
            .value()
            .starts_with(&other)
    );
    app.key(KeyCode::Esc);
    app.key(KeyCode::Char('y'));

    // 認定状況: 申 over 認定済 is 申請中 once the field is left.
    app.key(KeyCode::Char('c'));
    goto_field(&mut app, T::CertStatus);
    app.typed("申");
    assert_eq!(form(&app).fields[form(&app).focus].input.value(), "申");
    app.key(KeyCode::Tab);
    let status = form(&app)
        .fields
        .iter()
        .find(|f| f.label == T::CertStatus)
        .unwrap();
    assert_eq!(status.input.value(), "申請中");
}

/// Two care managers of one name: a name alone is refused, the picker writes name and number.
#[test]
fn two_care_managers_of_one_name_are_told_apart_by_number() {
    use careplan::tui::i18n::T;
    let mut app = App::new();
    let mut twin = app
        .model
        .data
        .staff
        .iter()
        .find(|s| s.role.is_care_manager() && s.cm_number.is_some())
        .unwrap()
        .clone();
    let name = twin.name.clone();
    twin.id = -1;
    twin.cm_number = Some("99999999".into());
    app.model.data.staff.push(twin);
    app.key(KeyCode::Char('2'));
    app.key(KeyCode::Char('n'));
    goto_field(&mut app, T::CareManager);
    app.typed(&name);
    let f = form(&app);
    let field = &f.fields[f.focus];
    assert!(
        field.error.as_deref().unwrap_or("").contains("2 人"),
        "{:?}",
        field.error
    );
    // Picking writes the number too, and that names one person.
    while form(&app).picker.is_some_and(|p| p < 1) {
        app.key(KeyCode::Down);
    }
    app.key(KeyCode::Enter);
    let f = form(&app);
    let cm = f.fields.iter().find(|x| x.label == T::CareManager).unwrap();
    assert!(cm.input.value().contains('('), "{}", cm.input.value());
    assert!(cm.error.is_none(), "{:?}", cm.error);
}

/// A consent date on a plan still 同意待ち asks whether it is now 確定; y saves it as 確定.
#[test]
fn a_consent_date_asks_to_confirm_the_plan() {
    use careplan::domain::plan::PlanStatus;
    let mut app = App::new();
    app.key(KeyCode::Char('2'));
    app.key(KeyCode::Enter);
    while client_detail(&app).unwrap().plans.is_empty() {
        app.key(KeyCode::Esc);
        app.key(KeyCode::Char('j'));
        app.key(KeyCode::Enter);
    }
    app.key(KeyCode::Char('p'));
    // New revision: 同意待ち; give it a consent date.
    goto_field(&mut app, careplan::tui::i18n::T::ConsentDate);
    app.typed("R8.11.30");
    app.ctrl('s');
    let Some(Overlay::Confirm(c)) = app.model.overlays.last() else {
        panic!("no question")
    };
    assert!(c.question.contains("同意待ち"), "{}", c.question);
    app.key(KeyCode::Char('y'));
    let c = client_detail(&app).unwrap();
    assert_eq!(c.plans[0].fields.status, PlanStatus::Confirmed);
}

/// `w` on a plan revision says at once that revisions are corrected, not withdrawn.
#[test]
fn withdrawing_a_plan_revision_is_refused_before_a_reason_is_typed() {
    let mut app = App::new();
    app.key(KeyCode::Char('2'));
    app.key(KeyCode::Enter);
    while client_detail(&app).unwrap().plans.is_empty() {
        app.key(KeyCode::Esc);
        app.key(KeyCode::Char('j'));
        app.key(KeyCode::Enter);
    }
    app.key(KeyCode::Char('x'));
    app.key(KeyCode::Char('p'));
    app.key(KeyCode::Char('w'));
    assert!(matches!(
        app.model.overlays.last(),
        Some(Overlay::Corrections(_))
    ));
    assert!(
        app.model
            .status
            .as_ref()
            .unwrap()
            .1
            .contains("取り消せません")
    );
}

/// `careplan deadlines` lists exactly what ホーム's deadline list shows (one function builds
/// both): on a demo office today (2026-12-02), with the WEB-service registration due 2026-12-31.
#[test]
fn careplan_deadlines_lists_what_home_shows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("office.db");
    let today = common::date("2026-12-02");
    let mut store = careplan::store::Store::open(&path, common::actor("tester")).unwrap();
    careplan::demo::generate(&mut store, 40, 7, today).unwrap();
    let runner = Runner::new(store, Default::default(), Default::default(), today);
    let mut model = Model::new(Config::default(), today);
    let mut data = runner.load_all().unwrap();
    data.ledger =
        Some(careplan::store::home::ledger_deadlines(runner.store.conn(), today).unwrap());
    update(
        &mut model,
        Action::Loaded {
            data: Box::new(data),
            external: false,
        },
    );
    let home: Vec<(String, i64, String)> = model
        .deadlines
        .iter()
        .map(|d| {
            (
                d.due.to_string(),
                d.days_left,
                d.what(careplan::domain::Lang::Ja),
            )
        })
        .collect();
    assert!(
        home.iter().any(|(due, left, what)| due == "2026-12-31"
            && *left == 29
            && what.starts_with("介護保険資格確認等WEBサービスの利用登録")),
        "{home:?}"
    );
    assert!(
        model.move_risk.is_some(),
        "the demo office is not registered"
    );

    let out = assert_cmd::Command::cargo_bin("careplan")
        .unwrap()
        .env_clear()
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env("CAREPLAN_DB", &path)
        .args(["deadlines", "--on", "2026-12-02", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let cli: Vec<(String, i64, String)> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["date"].as_str().unwrap().to_string(),
                d["days_left"].as_i64().unwrap(),
                d["what"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(cli, home);
    let web = json
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["calendar"]["key"] == "web_registration")
        .unwrap();
    assert_eq!(web["kind"], "calendar");
    assert_eq!(web["action"], "WEBサービスに登録し登録日を記録（→e）");
    assert!(web["client"].is_null() && web["provider"].is_null());
}

/// A dialog over Japanese text keeps its left border and corners: the column just left of it
/// never starts a double-width character that a terminal would draw over the border.
#[test]
fn a_dialog_over_japanese_text_keeps_its_borders_80x24() {
    // The draft offer at the next start, over ホーム, whose lines put double-width characters
    // across the dialog's left edge.
    let mut app = App::new();
    app.key(KeyCode::Char('2'));
    app.key(KeyCode::Char('n'));
    app.typed("下書き 三郎");
    app.send(Action::Hangup);
    app.model = Model::new(Config::default(), common::today());
    let data = app.runner.load_all().unwrap();
    app.send(Action::Loaded {
        data: Box::new(data),
        external: false,
    });
    let offer = app.runner.pending_draft().unwrap();
    app.send(offer);
    assert!(matches!(
        app.model.overlays.last(),
        Some(Overlay::DraftOffer(_))
    ));
    let t = app.draw(80, 24);
    let buf = t.backend().buffer();
    // The dialog is 64 wide, centred: its left border at x 8 and right border at x 71.
    let top = (0..24u16)
        .find(|&y| buf[(8, y)].symbol() == "╭")
        .expect("the dialog's top-left corner reaches the screen, not hidden by a wide character");
    let bottom = (top..24u16)
        .find(|&y| buf[(8, y)].symbol() == "╰")
        .expect("the dialog's bottom-left corner is drawn");
    for y in top..=bottom {
        assert_eq!(
            careplan::present::text::width(buf[(7, y)].symbol()),
            1,
            "row {y}: a wide character covers the left border"
        );
        assert!(
            ["╭", "│", "╰"].contains(&buf[(8, y)].symbol()),
            "row {y}: left border"
        );
        assert!(
            ["╮", "│", "╯"].contains(&buf[(71, y)].symbol()),
            "row {y}: right border"
        );
    }
    // What the user sees: every dialog row starts with its border at column 8.
    for (y, row) in rows(&t).iter().enumerate() {
        if (usize::from(top)..=usize::from(bottom)).contains(&y) {
            let mut col = 0;
            let at_8 = row.chars().find(|c| {
                let here = col;
                col += careplan::present::text::width(&c.to_string());
                here >= 8
            });
            assert!(
                at_8.is_some_and(|c| "╭│╰".contains(c)) && col > 8,
                "row {y}: {row}"
            );
        }
    }
    // The draft's time is when this test ran: shown as a placeholder of the same width.
    let screen = t.backend().to_string();
    let at = screen.find("保存日時 ").expect("the draft's time is shown") + "保存日時 ".len();
    let screen = format!("{}YYYY-MM-DD hh:mm{}", &screen[..at], &screen[at + 16..]);
    insta::assert_snapshot!(screen);
}

/// At 60 columns the tab bar shortens the other tabs and keeps the active one whole.
#[test]
fn the_active_tab_stays_in_view_at_60x20() {
    let mut app = App::new();
    app.send(Action::Resize(60, 20));
    for (key, label) in [
        ('6', "[6計画・送付]"),
        ('7', "[7加入]"),
        ('4', "[4職員・事業所]"),
    ] {
        app.key(KeyCode::Char(key));
        let top = rows(&app.draw(60, 20)).swap_remove(0);
        assert!(top.contains(label), "{key}: {top}");
        assert!(top.contains(" 1ホ… "), "{key}: {top}");
    }
    app.key(KeyCode::Char('7'));
    insta::assert_snapshot!(app.draw(60, 20).backend());
}

/// Narrower still, the bar scrolls to the active tab and marks the tabs left out.
#[test]
fn the_tab_bar_scrolls_to_the_active_tab_at_40_columns() {
    let mut app = App::new();
    app.send(Action::Resize(40, 8));
    app.key(KeyCode::Char('6'));
    let top = rows(&app.draw(40, 8)).swap_remove(0);
    assert!(top.contains("[6計画・送付]"), "{top}");
    assert!(top.starts_with('‹'), "{top}");
    assert!(careplan::present::text::width(&top) <= 40);
    app.key(KeyCode::Char('1'));
    let top = rows(&app.draw(40, 8)).swap_remove(0);
    assert!(top.contains("[1ホーム]"), "{top}");
    assert!(top.trim_end().ends_with('›'), "{top}");
}

/// Help longer than the screen says on its bottom border which lines are shown of how many.
#[test]
fn long_help_shows_where_you_are() {
    let mut app = App::new();
    app.key(KeyCode::Char('6'));
    app.key(KeyCode::Char('?'));
    let bottom = |app: &App| rows(&app.draw(80, 24)).swap_remove(22);
    // Opened at 計画・送付's section, inside the list: more above and below.
    let opened = bottom(&app);
    assert!(opened.contains(" ▲ ") && opened.contains(" ▼ "), "{opened}");
    for _ in 0..200 {
        app.key(KeyCode::Char('k'));
    }
    let top = bottom(&app);
    assert!(top.contains(" 1–20/"), "{top}");
    assert!(top.contains(" ▼ ") && !top.contains('▲'), "{top}");
    app.key(KeyCode::Char('j'));
    app.key(KeyCode::Char('j'));
    let later = bottom(&app);
    assert!(later.contains(" ▲ 3–22/"), "{later}");
}

/// The screen's rows as text (a wide character's hidden second column left out).
fn screen_rows(t: &Terminal<TestBackend>) -> Vec<String> {
    let buf = t.backend().buffer();
    let mut rows = Vec::new();
    for y in 0..buf.area.height {
        let mut s = String::new();
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            skip = careplan::present::text::width(sym).saturating_sub(1);
            s.push_str(sym);
        }
        rows.push(s);
    }
    rows
}

/// December's board with the first client of three or more providers served by two whose
/// names share their first characters (ひまわり訪問介護 / ひまわり訪問看護), cursor on it.
fn board_with_alike_providers() -> (App, String) {
    let mut app = App::new();
    app.key(KeyCode::Char('6'));
    let b = &app.model.board;
    let (pos, ri) = b
        .list
        .visible
        .iter()
        .enumerate()
        .find(|(_, r)| b.rows[**r].cells.len() >= 3)
        .map(|(p, r)| (p, *r))
        .expect("a client with three providers");
    let row = b.rows[ri].clone();
    for (cell, name) in row
        .cells
        .iter()
        .zip(["ひまわり訪問介護", "ひまわり訪問看護"])
    {
        app.runner
            .store
            .conn()
            .execute(
                "UPDATE providers SET name = ?1 WHERE id = ?2",
                rusqlite::params![name, cell.provider_id],
            )
            .unwrap();
    }
    // Away and back: the board is read again.
    app.key(KeyCode::Char('>'));
    app.key(KeyCode::Char('<'));
    assert_eq!(app.model.board.loaded, Some(common::date("2026-12-01")));
    app.model.board.list.selected = pos;
    app.model.board.col = 1;
    (app, row.name)
}

#[test]
fn board_names_alike_providers_apart_at_60_80_and_160_columns() {
    let (app, client) = board_with_alike_providers();
    for (w, h, name) in [
        (60, 20, "board_alike_60x20"),
        (80, 24, "board_alike_80x24"),
        (160, 48, "board_alike_160x48"),
    ] {
        let t = app.draw(w, h);
        let rows = screen_rows(&t);
        let line = rows
            .iter()
            .find(|r| r.starts_with("│▶"))
            .unwrap_or_else(|| panic!("{w}: no selected row"));
        // Where the two names differ is on the row itself, not only below it.
        assert!(line.contains('介') && line.contains('看'), "{w}: {line}");
        // The line below spells the cell out: its full name and service type.
        let below = rows.join("\n");
        assert!(
            below.contains(&format!("{client} — ひまわり訪問看護")),
            "{w}: {below}"
        );
        insta::assert_snapshot!(name, t.backend());
    }
    // At 160 columns the names as far as a fifth of the row holds (seven of their eight
    // characters) and the service types' short names are in the cells.
    let rows = screen_rows(&app.draw(160, 48));
    let line = rows.iter().find(|r| r.starts_with("│▶")).unwrap();
    assert!(
        line.contains("ひまわり訪問介") && line.contains("ひまわり訪問看"),
        "{line}"
    );
    let kinds = app.model.board.rows[app.model.board.cursor().unwrap().0]
        .cells
        .iter()
        .map(|c| {
            careplan::domain::service_types::short(&c.service_type, careplan::domain::Lang::Ja)
        })
        .collect::<Vec<_>>();
    assert!(kinds.iter().all(|k| line.contains(k)), "{kinds:?} {line}");
}

#[test]
fn from_a_board_cell_o_opens_the_client_and_shift_o_the_provider() {
    let (mut app, _) = board_with_alike_providers();
    let (ri, ci) = app.model.board.cursor().unwrap();
    let (client_id, provider_id) = (
        app.model.board.rows[ri].client_id,
        app.model.board.rows[ri].cells[ci].provider_id,
    );
    app.key(KeyCode::Char('o'));
    match app.model.overlays.last() {
        Some(Overlay::Detail {
            detail: careplan::tui::model::Detail::Client(c),
            ..
        }) => assert_eq!(c.id, client_id),
        _ => panic!("no detail opened"),
    }
    app.key(KeyCode::Esc);
    assert!(app.model.overlays.is_empty());
    app.key(KeyCode::Char('O'));
    match app.model.overlays.last() {
        Some(Overlay::Detail {
            detail: careplan::tui::model::Detail::Provider(p),
            ..
        }) => {
            assert_eq!(p.id, provider_id);
            assert_eq!(p.fields.name, "ひまわり訪問看護");
        }
        _ => panic!("no detail opened"),
    }
}

#[test]
fn paper_batch_marks_only_after_asking_naming_provider_month_and_count() {
    let mut app = App::new();
    app.key(KeyCode::Char('6'));
    app.key(KeyCode::Char('b'));
    let batch = careplan::store::deliveries::paper_batch(&app.model.board.rows);
    let first = &batch[0];
    assert!(first.unsent > 0);
    let fx = app.key(KeyCode::Char('s'));
    assert!(fx.is_empty(), "s recorded without asking: {fx:?}");
    let Some(Overlay::Confirm(c)) = app.model.overlays.last() else {
        panic!("s did not ask");
    };
    assert!(c.question.contains(&first.name), "{}", c.question);
    assert!(c.question.contains("2026年12月"), "{}", c.question);
    assert!(
        c.question.contains(&format!("{} 件", first.unsent)),
        "{}",
        c.question
    );
    // n: nothing recorded, back to the batch.
    assert!(app.key(KeyCode::Char('n')).is_empty());
    assert!(matches!(
        app.model.overlays.last(),
        Some(Overlay::Batch { .. })
    ));
    let again = careplan::store::deliveries::paper_batch(&app.model.board.rows);
    assert_eq!(again[0].unsent, first.unsent);
    // y: that provider's unsent schedules, and only those, are recorded.
    app.key(KeyCode::Char('s'));
    let fx = app.key(KeyCode::Char('y'));
    let Some(Effect::Record(events)) = fx.first() else {
        panic!("{fx:?}");
    };
    assert_eq!(events.len(), first.unsent);
    assert!(events.iter().all(|e| e.provider_id == first.provider_id));
    let after = careplan::store::deliveries::paper_batch(&app.model.board.rows);
    let p = after
        .iter()
        .find(|p| p.provider_id == first.provider_id)
        .unwrap();
    assert_eq!(p.unsent, 0);
    // S asks too, naming the month and how many.
    let left: usize = after.iter().map(|p| p.unsent).sum();
    assert!(app.key(KeyCode::Char('S')).is_empty());
    let Some(Overlay::Confirm(c)) = app.model.overlays.last() else {
        panic!("S did not ask");
    };
    assert!(c.question.contains("2026年12月"), "{}", c.question);
    assert!(c.question.contains(&format!("{left} 件")), "{}", c.question);
}

#[test]
fn arrows_change_the_paper_batchs_month() {
    let mut app = App::new();
    app.key(KeyCode::Char('6'));
    app.key(KeyCode::Char('b'));
    app.key(KeyCode::Char('j'));
    app.key(KeyCode::Left);
    assert_eq!(app.model.board.month, common::date("2026-11-01"));
    assert_eq!(app.model.board.loaded, Some(common::date("2026-11-01")));
    assert!(matches!(
        app.model.overlays.last(),
        Some(Overlay::Batch { selected: 0 })
    ));
    let screen = screen_rows(&app.draw(80, 24)).join("\n");
    assert!(screen.contains("2026年11月"), "{screen}");
    app.key(KeyCode::Right);
    app.key(KeyCode::Right);
    assert_eq!(app.model.board.month, common::date("2027-01-01"));
    assert_eq!(app.model.board.loaded, Some(common::date("2027-01-01")));
    assert!(matches!(
        app.model.overlays.last(),
        Some(Overlay::Batch { .. })
    ));
}

/// The new plan form of a client with a confirmed plan, its services field focused.
fn plan_form_on_services(app: &mut App) {
    use careplan::domain::plan::PlanStatus;
    app.key(KeyCode::Char('2'));
    loop {
        app.key(KeyCode::Enter);
        let live = client_detail(app).is_some_and(|c| {
            c.plans
                .first()
                .is_some_and(|p| p.fields.status == PlanStatus::Confirmed)
        });
        if live {
            break;
        }
        app.key(KeyCode::Esc);
        app.key(KeyCode::Char('j'));
    }
    app.key(KeyCode::Char('p'));
    // PgDn goes to the last field, the services.
    app.key(KeyCode::PageDown);
    assert_eq!(
        form(app).fields[form(app).focus].kind,
        careplan::tui::form::FieldKind::PlanLines
    );
}

fn services(app: &App) -> Vec<String> {
    let f = form(app);
    f.fields[f.focus]
        .input
        .value()
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

#[test]
fn a_service_is_added_by_picking_the_provider_its_type_and_a_frequency() {
    let mut app = App::new();
    plan_form_on_services(&mut app);
    let before = services(&app);
    insta::assert_snapshot!("plan_services_80x24", app.draw(80, 24).backend());
    // A provider with a registered type, found by the start of its name: no number typed.
    let provider = app
        .model
        .data
        .providers
        .iter()
        .find(|p| !p.fields.service_types.is_empty())
        .unwrap()
        .clone();
    let part: String = provider.fields.name.chars().take(4).collect();
    app.key(KeyCode::Char('a'));
    app.typed(&part);
    let pick = careplan::tui::plan_lines::picker(&app.model.data.providers, &part)
        .iter()
        .position(|c| c.value == provider.fields.office_number.as_str())
        .unwrap();
    for _ in 0..pick {
        app.key(KeyCode::Down);
    }
    app.key(KeyCode::Enter);
    // The type offered first is the provider's own (taken at once when it is its only one).
    let screen = format!("{:?}", app.draw(80, 24).backend());
    let first = careplan::domain::service_types::find(&provider.fields.service_types[0])
        .unwrap()
        .name;
    assert!(screen.contains(first), "{screen}");
    let one_type = provider.fields.service_types.len() == 1;
    assert_eq!(
        matches!(
            form(&app).lines.step,
            Some(careplan::tui::plan_lines::Step::Frequency { .. })
        ),
        one_type
    );
    if !one_type {
        app.key(KeyCode::Enter);
    }
    app.typed("週2回");
    insta::assert_snapshot!("plan_services_frequency_80x24", app.draw(80, 24).backend());
    app.key(KeyCode::Enter);
    let after = services(&app);
    assert_eq!(after.len(), before.len() + 1);
    let added = format!(
        "{}:{}:週2回",
        provider.fields.office_number.as_str(),
        provider.fields.service_types[0]
    );
    assert_eq!(after.last().unwrap(), &added);
    // Shown whole at 80 columns: provider, type name and the frequency.
    let screen = format!("{:?}", app.draw(80, 24).backend());
    assert!(screen.contains("週2回"), "{screen}");
    app.ctrl('s');
    let c = client_detail(&app).unwrap();
    assert_eq!(c.plans[0].lines.len(), before.len() + 1);
    assert!(c.plans[0].lines.iter().any(
        |l| l.frequency == "週2回" && l.office_number == provider.fields.office_number.as_str()
    ));
}

#[test]
fn removing_a_service_asks_first_naming_it() {
    let mut app = App::new();
    plan_form_on_services(&mut app);
    let before = services(&app);
    assert!(!before.is_empty());
    app.key(KeyCode::Char('d'));
    assert_eq!(
        services(&app),
        before,
        "nothing is removed before the answer"
    );
    let line = &careplan::tui::plan_lines::lines(&before[0])[0];
    let name = careplan::tui::plan_lines::provider_name(&app.model.data.providers, &line.office);
    let screen = format!("{:?}", app.draw(80, 24).backend());
    assert!(screen.contains("外しますか"), "{screen}");
    let short: String = name.chars().take(4).collect();
    assert!(screen.contains(&short), "{screen}");
    app.key(KeyCode::Char('n'));
    assert_eq!(services(&app), before);
    app.key(KeyCode::Char('d'));
    app.key(KeyCode::Char('y'));
    assert_eq!(services(&app), before[1..].to_vec());
}

#[test]
fn a_type_the_provider_lacks_needs_a_yes_and_is_marked() {
    let mut app = App::new();
    plan_form_on_services(&mut app);
    let before = services(&app);
    let provider = app
        .model
        .data
        .providers
        .iter()
        .find(|p| !p.fields.service_types.is_empty())
        .unwrap()
        .clone();
    let office = provider.fields.office_number.as_str().to_string();
    app.key(KeyCode::Char('a'));
    app.typed(&office);
    app.key(KeyCode::Enter);
    // A provider of one type goes straight to the frequency: Shift+Tab is back at the type.
    if matches!(
        form(&app).lines.step,
        Some(careplan::tui::plan_lines::Step::Frequency { .. })
    ) {
        app.send(Action::Key(KeyEvent::new(
            KeyCode::BackTab,
            KeyModifiers::SHIFT,
        )));
    }
    // ← from the provider's first type goes round to the other types.
    app.key(KeyCode::Left);
    app.key(KeyCode::Enter);
    let screen = format!("{:?}", app.draw(80, 24).backend());
    assert!(screen.contains("y: 追加"), "{screen}");
    insta::assert_snapshot!("plan_services_other_type_80x24", app.draw(80, 24).backend());
    app.key(KeyCode::Enter);
    assert_eq!(services(&app), before, "Enter is not a yes");
    app.key(KeyCode::Char('y'));
    app.typed("月1回");
    app.key(KeyCode::Enter);
    let after = services(&app);
    assert_eq!(after.len(), before.len() + 1);
    let added = &careplan::tui::plan_lines::lines(after.last().unwrap())[0];
    assert_eq!(added.office, office);
    assert!(!provider.fields.service_types.contains(&added.code));
    let screen = format!("{:?}", app.draw(80, 24).backend());
    assert!(screen.contains("登録にない種類"), "{screen}");
}

#[test]
fn a_service_line_is_changed_from_the_keyboard_keeping_its_provider_and_type() {
    let mut app = App::new();
    plan_form_on_services(&mut app);
    let before = services(&app);
    app.key(KeyCode::Down);
    app.key(KeyCode::Char('e'));
    // The line's provider and type are where the steps start: Enter keeps them.
    app.key(KeyCode::Enter);
    app.key(KeyCode::Enter);
    app.ctrl('u');
    app.send(Action::Paste("週1回・水曜".into()));
    app.key(KeyCode::Enter);
    let after = services(&app);
    assert_eq!(after.len(), before.len());
    let (old, new) = (
        &careplan::tui::plan_lines::lines(&before[1])[0],
        &careplan::tui::plan_lines::lines(&after[1])[0],
    );
    assert_eq!((&new.office, &new.code), (&old.office, &old.code));
    assert_eq!(new.frequency, "週1回・水曜");
    assert_eq!(after[0], before[0]);
    let screen = format!("{:?}", app.draw(80, 24).backend());
    assert!(screen.contains("週1回・水曜"), "{screen}");
}

/// Opens the 加入 tab with the cursor on a provider still on paper with an open follow-up,
/// records it 加入済み and returns its id, name and number, with the question in front.
fn record_enrolled(app: &mut App) -> (i64, String, String, String) {
    use careplan::domain::channel::Channel;
    app.key(KeyCode::Char('7'));
    let e = &app.model.enrollment;
    let pos = e
        .list
        .visible
        .iter()
        .position(|&i| {
            let r = &e.rows[i];
            r.channel != Channel::Exchange && r.next_follow_up.is_some() && !r.is_enrolled()
        })
        .expect("a provider on paper with a follow-up");
    let r = &e.rows[e.list.visible[pos]];
    let (id, name, number) = (r.provider_id, r.name.clone(), r.office_number.clone());
    let next = r.next_follow_up.unwrap().format("%m-%d").to_string();
    app.model.enrollment.list.selected = pos;
    app.key(KeyCode::Char('r'));
    app.typed("加入済み");
    app.key(KeyCode::Tab);
    app.typed("連携ソフトの検索");
    app.ctrl('s');
    (id, name, number, next)
}

fn question(app: &App) -> String {
    match app.model.overlays.last() {
        Some(Overlay::Confirm(c)) => c.question.clone(),
        _ => panic!("no question in front"),
    }
}

fn provider_state(
    app: &App,
    id: i64,
) -> (
    careplan::domain::channel::Channel,
    Option<chrono::NaiveDate>,
) {
    let conn = app.runner.store.conn();
    let p = careplan::store::providers::get(conn, id).unwrap().unwrap();
    let next = careplan::store::enrollment::activities(conn)
        .unwrap()
        .remove(&id)
        .and_then(|a| a.last().and_then(|a| a.next_follow_up));
    (p.fields.preferred_channel, next)
}

/// 加入済み recorded: one question names the provider and offers 連携 and closing the
/// follow-up; y does both (the list shows it), the form is gone.
#[test]
fn recording_enrolled_offers_exchange_and_closes_the_follow_up() {
    use careplan::domain::channel::Channel;
    let mut app = App::new();
    let (id, name, number, next) = record_enrolled(&mut app);
    assert_eq!(
        question(&app),
        format!(
            "{name}（{number}）を加入済みとして記録しました。連絡方法を「連携」に変え、未完了の働きかけ（次回 {next}）を完了にしますか？"
        )
    );
    assert_eq!(
        app.model.overlays.len(),
        1,
        "the form closed under the question"
    );
    // At 80×24 the whole question and its keys are on screen.
    let screen = rows(&app.draw(80, 24)).join("\n");
    assert!(screen.contains("を完了にしますか？"), "{screen}");
    assert!(screen.contains("y: はい"), "{screen}");
    let (channel, open) = provider_state(&app, id);
    assert_ne!(channel, Channel::Exchange);
    assert!(open.is_some());
    app.key(KeyCode::Char('y'));
    assert!(app.model.overlays.is_empty());
    assert_eq!(provider_state(&app, id), (Channel::Exchange, None));
    let row = app
        .model
        .enrollment
        .rows
        .iter()
        .find(|r| r.provider_id == id)
        .unwrap();
    assert_eq!((row.channel, row.next_follow_up), (Channel::Exchange, None));
    // Both audited: the provider's update and the closing outreach entry.
    let conn = app.runner.store.conn();
    let audited = |entity: &str| {
        careplan::store::audit::history(conn, entity, id, 1)
            .unwrap()
            .first()
            .map(|a| a.action.clone())
    };
    assert_eq!(audited("provider").as_deref(), Some("update"));
    assert_eq!(audited("outreach").as_deref(), Some("add"));
    // Recorded as an outreach entry at 加入済み, kept in the log.
    let acts = careplan::store::enrollment::activities(app.runner.store.conn())
        .unwrap()
        .remove(&id)
        .unwrap();
    assert_eq!(
        acts.last().map(|a| a.stage),
        Some(careplan::domain::enrollment::Stage::Enrolled)
    );
}

/// n leaves the channel and the follow-up as they were.
#[test]
fn answering_no_to_the_follow_through_changes_nothing() {
    let mut app = App::new();
    let (id, _, _, _) = record_enrolled(&mut app);
    let before = provider_state(&app, id);
    app.key(KeyCode::Char('n'));
    assert!(app.model.overlays.is_empty());
    assert_eq!(provider_state(&app, id), before);
}

/// Only what applies is offered: a provider already on 連携 is asked about its follow-up
/// alone.
#[test]
fn the_follow_through_asks_only_what_applies() {
    use careplan::domain::channel::Channel;
    let mut app = App::new();
    let (id, name, _, _) = record_enrolled(&mut app);
    app.key(KeyCode::Char('n'));
    // A colleague switches it to 連携 and renames it; recorded again, only the follow-up is asked.
    let p = careplan::store::providers::get(app.runner.store.conn(), id)
        .unwrap()
        .unwrap();
    let mut fields = p.fields.clone();
    fields.preferred_channel = Channel::Exchange;
    app.runner
        .store
        .write(|w| careplan::store::providers::update(w, id, p.version, &fields))
        .unwrap();
    app.send(Action::Loaded {
        data: Box::new(app.runner.load_all().unwrap()),
        external: true,
    });
    app.key(KeyCode::Char('7'));
    let e = &app.model.enrollment;
    let pos = e
        .list
        .visible
        .iter()
        .position(|&i| e.rows[i].provider_id == id)
        .unwrap();
    app.model.enrollment.list.selected = pos;
    app.key(KeyCode::Char('r'));
    app.typed("加入済み");
    app.key(KeyCode::Tab);
    app.typed("連携ソフトの検索");
    app.ctrl('s');
    let q = question(&app);
    assert!(q.contains(&name) && q.contains("未完了の働きかけ"), "{q}");
    assert!(!q.contains("連絡方法"), "{q}");

    app.key(KeyCode::Char('n'));
}

/// A colleague edits the provider while the question is open: y is refused and says so,
/// and nothing is written — neither the channel nor the follow-up (one transaction).
#[test]
fn a_provider_changed_meanwhile_is_reported_not_overwritten() {
    use careplan::tui::model::Severity;
    let mut app = App::new();
    let (id, _, _, _) = record_enrolled(&mut app);
    let before = provider_state(&app, id);
    let p = careplan::store::providers::get(app.runner.store.conn(), id)
        .unwrap()
        .unwrap();
    let mut fields = p.fields.clone();
    fields.notes = "担当者が変わりました".into();
    app.runner
        .store
        .write(|w| careplan::store::providers::update(w, id, p.version, &fields))
        .unwrap();
    app.key(KeyCode::Char('y'));
    assert!(
        matches!(&app.model.status, Some((Severity::Error, msg)) if msg.contains("他の端末")),
        "{:?}",
        app.model.status
    );
    assert_eq!(provider_state(&app, id), before);
    let p = careplan::store::providers::get(app.runner.store.conn(), id)
        .unwrap()
        .unwrap();
    assert_eq!(p.fields.notes, "担当者が変わりました");
}

/// At 60×20 the office panel is cut: j/PgDn bring the money section into view, with the
/// position on its border.
#[test]
fn the_office_panel_scrolls_to_the_money_section_at_60x20() {
    let mut app = App::new();
    app.send(Action::Resize(60, 20));
    app.key(KeyCode::Char('7'));
    app.key(KeyCode::Char('o'));
    let money = "人員基準";
    let screen = rows(&app.draw(60, 20)).join("\n");
    assert!(!screen.contains(money), "{screen}");
    assert!(screen.contains("▼"), "{screen}");
    app.key(KeyCode::PageDown);
    app.key(KeyCode::PageDown);
    let screen = rows(&app.draw(60, 20)).join("\n");
    assert!(screen.contains(money), "{screen}");
    assert!(screen.contains("▲"), "{screen}");
    app.key(KeyCode::Char('g'));
    let screen = rows(&app.draw(60, 20)).join("\n");
    assert!(screen.contains("利用状況"), "{screen}");
}

/// The English UI shows no Japanese of its own: on every tab, what Enter opens there, the
/// enrollment panels and the help, every run of Japanese characters on screen is part of a
/// data value (a name, an address, a service type's short name, a talking point), never a label.
#[test]
fn english_ui_shows_japanese_only_in_data_values() {
    let mut app = App::new();
    app.model.lang = careplan::domain::Lang::En;
    // As a session whose config says English: the store-side texts follow it too.
    app.runner.lang = careplan::domain::Lang::En;
    let ja = |c: char| matches!(c, '\u{3000}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}' | '\u{ff01}'..='\u{ff5e}');
    let mut data = format!(
        "{:?}{:?}",
        app.model.data,
        careplan::store::enrollment::office_exchange(app.runner.store.conn()).unwrap()
    );
    // Service types are named in English; only the board's short names stay Japanese.
    for t in careplan::domain::service_types::all() {
        // The English cells use the English short names: the Japanese ones are not data here.
        data.push_str(t.short_en);
        data.push('|');
    }
    for p in careplan::domain::enrollment::talking_points() {
        data.push_str(&p.text);
    }
    // What the case record says is data (written in Japanese by the office).
    for n in
        careplan::store::case_notes::history(app.runner.store.conn(), None, None, None).unwrap()
    {
        data.push_str(&format!(
            "{}|{}|{}|{}|",
            n.body, n.counterpart, n.reason, n.attendees
        ));
    }
    let data = std::cell::RefCell::new(data);
    let check = |app: &App, what: &str| {
        for row in rows(&app.draw(80, 24)) {
            let mut run = String::new();
            for c in row.chars().chain([' ']) {
                if ja(c) {
                    run.push(c);
                } else if !run.is_empty() {
                    // The board shortens provider names (ひまわり訪問介護 → ひま介護): a run made
                    // of a name's characters in order is still that name.
                    let shortened = || {
                        app.model.data.providers.iter().any(|p| {
                            let mut name = p.fields.name.chars();
                            run.chars().all(|c| name.any(|n| n == c))
                        })
                    };
                    assert!(
                        data.borrow().contains(&run) || shortened(),
                        "{what}: 「{run}」 in {row}"
                    );
                    run.clear();
                }
            }
        }
    };
    for k in ['1', '2', '3', '4', '5', '6', '7', '8'] {
        app.key(KeyCode::Char(k));
        check(&app, &format!("tab {k}"));
        app.key(KeyCode::Enter);
        // Enter on ホーム may open a client's record: what it holds is data.
        if let Some(c) = client_detail(&app) {
            data.borrow_mut().push_str(&format!("{c:?}"));
        }
        check(&app, &format!("Enter on tab {k}"));
        app.key(KeyCode::Esc);
    }
    app.key(KeyCode::Char('7'));
    app.key(KeyCode::Char('o'));
    for _ in 0..3 {
        check(&app, "office panel");
        app.key(KeyCode::PageDown);
    }
    app.key(KeyCode::Esc);
    app.key(KeyCode::Char('?'));
    check(&app, "help");
    app.key(KeyCode::Esc);
    // The forms and windows of a client, in English too.
    app.key(KeyCode::Char('2'));
    app.key(KeyCode::Enter);
    while client_detail(&app).is_some_and(|c| c.plans.is_empty()) {
        app.key(KeyCode::Esc);
        app.key(KeyCode::Char('j'));
        app.key(KeyCode::Enter);
    }
    // What the client's record holds (plan lines' frequencies, certification periods) is data.
    data.borrow_mut()
        .push_str(&format!("{:?}", client_detail(&app)));
    for (key, what) in [
        ('e', "client form"),
        ('c', "certification form"),
        ('p', "plan form"),
        ('o', "plan status form"),
    ] {
        app.key(KeyCode::Char(key));
        check(&app, what);
        for _ in 0..12 {
            app.key(KeyCode::Tab);
            check(&app, what);
        }
        app.key(KeyCode::Esc);
        if matches!(app.model.overlays.last(), Some(Overlay::Confirm(_))) {
            app.key(KeyCode::Char('y'));
        }
    }
    app.key(KeyCode::Char('x'));
    check(&app, "corrections");
    app.key(KeyCode::Enter);
    check(&app, "correcting a certification");
    app.key(KeyCode::Esc);
    app.key(KeyCode::Esc);
    app.key(KeyCode::Esc);
    // The board's batch and a what-if on 件数.
    app.key(KeyCode::Char('6'));
    app.key(KeyCode::Char('b'));
    check(&app, "paper batch");
    app.key(KeyCode::Esc);
    app.key(KeyCode::Char('5'));
    app.key(KeyCode::Char('+'));
    check(&app, "what-if");
    app.key(KeyCode::Char('0'));
    // The 特定事業所集中減算 view and its note form.
    app.key(KeyCode::Char('C'));
    check(&app, "concentration");
    app.key(KeyCode::Char('e'));
    check(&app, "concentration note form");
    app.key(KeyCode::Esc);
    app.key(KeyCode::Esc);
    record_enrolled(&mut app);
    check(&app, "the question after 加入済み");
    assert!(
        question(&app).starts_with("Recorded "),
        "{}",
        question(&app)
    );
}

/// The issue's screens at the small and the large size too: the paper batch, the plan form's
/// service list, 件数 with a what-if, and a question over Japanese text (its borders whole).
#[test]
fn work_screens_at_60x20_and_160x48() {
    let sizes = [(60u16, 20u16), (160, 48)];
    let mut app = App::new();
    app.key(KeyCode::Char('6'));
    app.key(KeyCode::Char('b'));
    for (w, h) in sizes {
        insta::assert_snapshot!(format!("paper_batch_{w}x{h}"), app.draw(w, h).backend());
    }
    app.key(KeyCode::Esc);
    app.key(KeyCode::Char('5'));
    app.key(KeyCode::Char('+'));
    for (w, h) in sizes {
        let t = app.draw(w, h);
        assert!(format!("{}", t.backend()).contains("試算中"));
        insta::assert_snapshot!(format!("caseload_what_if_{w}x{h}"), t.backend());
    }
    app.key(KeyCode::Char('0'));
    let mut app = App::new();
    plan_form_on_services(&mut app);
    for (w, h) in sizes {
        insta::assert_snapshot!(format!("plan_services_{w}x{h}"), app.draw(w, h).backend());
    }
    // Ending a contract asks first, over the client's detail.
    while !matches!(app.model.overlays.last(), Some(Overlay::Detail { .. })) {
        app.key(KeyCode::Esc);
        if matches!(app.model.overlays.last(), Some(Overlay::Confirm(_))) {
            app.key(KeyCode::Char('y'));
        }
    }
    app.key(KeyCode::Char('d'));
    app.key(KeyCode::Tab);
    app.typed("施設入所");
    app.ctrl('s');
    assert!(matches!(
        app.model.overlays.last(),
        Some(Overlay::Confirm(_))
    ));
    for (w, h) in sizes {
        let t = app.draw(w, h);
        // Every row of the dialog starts and ends with its border.
        let buf = t.backend().buffer();
        // The question's corner: the 「╭ 確認」 of its title.
        let corner = (0..h)
            .flat_map(|y| (0..w.saturating_sub(2)).map(move |x| (x, y)))
            .find(|&(x, y)| buf[(x, y)].symbol() == "╭" && buf[(x + 2, y)].symbol() == "確");
        let Some((x, top)) = corner else {
            panic!("no dialog corner at {w}x{h}")
        };
        let bottom = (top..h)
            .find(|&y| buf[(x, y)].symbol() == "╰")
            .expect("bottom-left corner");
        for y in top..=bottom {
            assert!(
                ["╭", "│", "╰"].contains(&buf[(x, y)].symbol()),
                "{w}x{h} row {y}: left border"
            );
        }
        insta::assert_snapshot!(format!("question_over_japanese_{w}x{h}"), t.backend());
    }
}

/// 件数 says how far the office is from the next band without a key, and a what-if moves it.
#[test]
fn caseload_shows_the_headroom_and_a_what_if_moves_it() {
    let mut app = App::new();
    app.key(KeyCode::Char('5'));
    let office = |app: &App| {
        rows(&app.draw(80, 24))
            .into_iter()
            .find(|r| r.contains("事業所") && r.contains("まで あと"))
            .unwrap_or_default()
    };
    let care = |row: &str| -> u32 {
        let after = row.split("あと要介護").nth(1).unwrap_or("");
        after
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect::<String>()
            .parse()
            .unwrap_or(0)
    };
    let before = office(&app);
    assert!(!before.is_empty(), "no headroom on 件数");
    app.key(KeyCode::Char('+'));
    let after = office(&app);
    assert_eq!(care(&after) + 1, care(&before), "{before}\n{after}");
    assert!(rows(&app.draw(80, 24)).join("\n").contains("試算中"));
}

// 特定事業所集中減算: the view over 件数, its notes, and its deadline on ホーム.

fn open_concentration(app: &mut App) {
    app.key(KeyCode::Char('5'));
    app.key(KeyCode::Char('C'));
    assert!(matches!(
        app.model.overlays.last(),
        Some(Overlay::Concentration)
    ));
}

fn concentration_period(app: &App) -> String {
    app.model
        .concentration
        .worksheet
        .as_ref()
        .unwrap()
        .period
        .id
        .code()
}

#[test]
fn concentration_view_at_80x24_and_60x20() {
    let mut app = App::new();
    open_concentration(&mut app);
    // The period today (2026-11-25) is in.
    assert_eq!(concentration_period(&app), "2026-H2");
    let t = app.draw(80, 24);
    insta::assert_snapshot!("concentration_80x24", t.backend());
    let screen = rows(&t).join("\n");
    assert!(screen.contains("提出期限 2027-03-15"), "{screen}");
    assert!(screen.contains("社会福祉法人 ひまわり福祉会"), "{screen}");
    // The months after today's are projected from the plans in force; its report is ahead.
    assert!(
        screen.contains("見込み: 2026-12・2027-01・2027-02"),
        "{screen}"
    );
    assert!(!screen.contains("提出期限を過ぎています"), "{screen}");
    // Narrow: every line keeps within the screen and the verdict and services stay.
    let t = app.draw(60, 20);
    let narrow = rows(&t);
    assert!(
        narrow.iter().any(|r| r.contains("訪問介護（11）")),
        "{narrow:#?}"
    );
    assert!(
        narrow.iter().any(|r| r.contains("福祉用具貸与（17）")),
        "{narrow:#?}"
    );
    insta::assert_snapshot!("concentration_60x20", t.backend());
    // ← → move between periods; Esc goes back to 件数.
    app.key(KeyCode::Left);
    assert_eq!(concentration_period(&app), "2026-H1");
    // The first half's report date (09-15) is behind today: said, with the date; nothing
    // of it is projected.
    let screen = rows(&app.draw(80, 24)).join("\n");
    assert!(
        screen.contains("提出期限を過ぎています（2026-09-15）"),
        "{screen}"
    );
    assert!(!screen.contains("見込み"), "{screen}");
    app.key(KeyCode::Right);
    app.key(KeyCode::Right);
    assert_eq!(concentration_period(&app), "2027-H1");
    app.key(KeyCode::Esc);
    assert!(app.model.overlays.is_empty());
    assert_eq!(app.model.tab, Tab::Caseload);
}

#[test]
fn concentration_note_is_written_from_the_view_and_audited() {
    let mut app = App::new();
    open_concentration(&mut app);
    // 訪問介護 is first; its note is empty.
    assert_eq!(app.model.concentration.selected, 0);
    app.key(KeyCode::Char('e'));
    let f = form(&app);
    assert!(matches!(
        f.kind,
        FormKind::ConcentrationNote { ref service_type, version: 0, .. } if service_type == "11"
    ));
    assert!(
        f.subject.contains("2026年 後期 訪問介護（11）"),
        "{}",
        f.subject
    );
    app.typed("地域の訪問介護は3法人のみ");
    app.ctrl('s');
    assert!(matches!(
        app.model.overlays.last(),
        Some(Overlay::Concentration)
    ));
    let w = app.model.concentration.worksheet.as_ref().unwrap();
    assert_eq!(w.services[0].note, "地域の訪問介護は3法人のみ");
    let screen = rows(&app.draw(80, 24)).join("\n");
    assert!(
        screen.contains("正当な理由: 地域の訪問介護は3法人のみ"),
        "{screen}"
    );
    // Corrected: the form opens with the note and its version.
    app.key(KeyCode::Enter);
    assert!(matches!(
        form(&app).kind,
        FormKind::ConcentrationNote { version: 1, .. }
    ));
    app.ctrl('u');
    app.typed("訂正");
    app.ctrl('s');
    let (action, before, after): (String, String, String) = app
        .runner
        .store
        .conn()
        .query_row(
            "SELECT action, before, after FROM audit_log WHERE entity = 'concentration_note'
             ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(action, "update");
    assert!(
        before.contains("3法人のみ") && after.contains("訂正"),
        "{before} {after}"
    );
}

#[test]
fn concentration_report_on_home_opens_the_worksheet() {
    let mut app = App::new();
    let day = common::date("2027-02-20");
    app.model.today = day;
    app.runner.today = day;
    app.send(Action::DeadlinesLoaded(Box::new(
        careplan::store::home::ledger_deadlines(app.runner.store.conn(), day).unwrap(),
    )));
    // No service of this demo office is over 80%: the worksheet is made and kept.
    let what = "特定事業所集中減算 2026年 後期 の判定";
    let d = deadline_of(&app, what).unwrap_or_else(|| panic!("{:?}", app.model.deadlines));
    assert_eq!((d.due, d.days_left), (common::date("2027-03-15"), 23));
    assert!(d.action(careplan::domain::Lang::Ja).contains("保存"));
    app.key(KeyCode::Char('1'));
    select_deadline(&mut app, what);
    app.key(KeyCode::Enter);
    assert_eq!(app.model.tab, Tab::Caseload);
    assert!(matches!(
        app.model.overlays.last(),
        Some(Overlay::Concentration)
    ));
    assert_eq!(concentration_period(&app), "2026-H2");
}

#[test]
fn a_case_record_entry_is_written_from_the_client_and_corrected_as_a_new_entry() {
    use careplan::store::case_notes;
    use careplan::tui::i18n::T;
    let mut app = App::new();
    app.key(KeyCode::Char('2'));
    app.key(KeyCode::Enter);
    let client = client_detail(&app).unwrap().id;
    let assigned = client_detail(&app)
        .unwrap()
        .care_managers
        .last()
        .map(|c| c.1);
    // n: the form names the client and opens at the model's clock.
    app.key(KeyCode::Char('n'));
    let f = form(&app);
    assert!(matches!(f.kind, FormKind::NewNote { corrects: None, .. }));
    assert!(
        f.subject
            .contains(&client_detail(&app).unwrap().fields.name)
    );
    assert_eq!(f.fields[0].input.value(), "2026-11-25 00:00");
    // Tab: the category list opens at once; Enter picks モニタリング訪問 and its template.
    app.key(KeyCode::Tab);
    assert_eq!(form(&app).picker, Some(0));
    app.key(KeyCode::Enter);
    assert_eq!(form(&app).fields[1].input.value(), "モニタリング訪問");
    assert!(form(&app).fields[4].input.value().contains("心身の状況"));
    // The pick stays on its field; Tab moves on.
    assert_eq!(form(&app).focus, 1);
    app.key(KeyCode::Tab);
    app.typed("本人・長女");
    // Into the text: the second line, at its end; Enter starts a line.
    app.key(KeyCode::Tab);
    app.key(KeyCode::Tab);
    assert_eq!(form(&app).fields[form(&app).focus].label, T::NoteBody);
    for _ in 0..3 {
        app.key(KeyCode::Up);
    }
    app.key(KeyCode::End);
    app.typed("安定");
    app.key(KeyCode::Enter);
    app.typed("食欲あり");
    assert!(
        form(&app).fields[4]
            .input
            .value()
            .contains("心身の状況: 安定\n食欲あり\n"),
        "{:?}",
        form(&app).fields[4].input.value()
    );
    app.ctrl('s');
    assert!(
        !matches!(app.model.overlays.last(), Some(Overlay::Form(_))),
        "saved: {:?}",
        app.model.overlays.last().map(|_| ())
    );
    let notes = case_notes::effective(app.runner.store.conn(), Some(client), None, None).unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].category, "visit");
    assert_eq!(notes[0].counterpart, "本人・長女");
    assert_eq!(notes[0].staff_id, assigned);
    // r: the case record, searched like the lists.
    app.key(KeyCode::Char('r'));
    let Some(Overlay::CaseRecord(c)) = app.model.overlays.last() else {
        panic!("no case record")
    };
    assert_eq!(c.list.visible.len(), 1);
    app.key(KeyCode::Char('/'));
    app.typed("しょくよく");
    let Some(Overlay::CaseRecord(c)) = app.model.overlays.last() else {
        panic!()
    };
    assert_eq!(
        c.list.visible.len(),
        0,
        "hiragana does not match kanji text"
    );
    for _ in 0..5 {
        app.key(KeyCode::Backspace);
    }
    app.typed("食欲");
    app.key(KeyCode::Enter);
    let Some(Overlay::CaseRecord(c)) = app.model.overlays.last() else {
        panic!()
    };
    assert_eq!(c.list.visible.len(), 1);
    // When it was written is the real clock: fixed here so the snapshot stays the same.
    if let Some(Overlay::CaseRecord(c)) = app.model.overlays.last_mut() {
        for e in &mut c.entries {
            e.note.recorded_at = "2026-11-25 09:00".into();
        }
    }
    insta::assert_snapshot!(
        "case_record_80x24",
        format!("{:?}", app.draw(80, 24).backend())
    );
    // v: the entry's whole text takes the screen; v again gives the list back its room.
    let screen = |app: &App| rows(&app.draw(80, 24)).join("\n");
    assert!(!screen(&app).contains("今後の対応"));
    app.key(KeyCode::Char('v'));
    assert!(screen(&app).contains("今後の対応"), "{}", screen(&app));
    app.key(KeyCode::Char('v'));
    assert!(!screen(&app).contains("今後の対応"));
    // Enter: a correction, a new entry that names the first; the list shows what stands.
    app.key(KeyCode::Enter);
    assert!(matches!(
        form(&app).kind,
        FormKind::NewNote {
            corrects: Some(_),
            ..
        }
    ));
    goto_field(&mut app, T::Counterpart);
    app.ctrl('u');
    app.typed("本人・次女");
    // Without its reason a correction is not saved: the field says why.
    app.ctrl('s');
    let f = form(&app);
    let why = f
        .fields
        .iter()
        .find(|x| x.label == T::CorrectionReason)
        .and_then(|x| x.error.clone());
    assert!(why.is_some(), "the correction's reason is asked for");
    goto_field(&mut app, T::CorrectionReason);
    app.typed("相手の書き漏れ");
    app.ctrl('s');
    let notes = case_notes::effective(app.runner.store.conn(), Some(client), None, None).unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].counterpart, "本人・次女");
    assert!(notes[0].corrects.is_some());
    assert_eq!(notes[0].correction_reason, "相手の書き漏れ");
    let Some(Overlay::CaseRecord(c)) = app.model.overlays.last() else {
        panic!("back on the case record")
    };
    assert_eq!(c.entries.len(), 1);
    // h: both entries; the corrected one is not corrected again.
    app.key(KeyCode::Char('h'));
    let Some(Overlay::CaseRecord(c)) = app.model.overlays.last() else {
        panic!()
    };
    assert_eq!(c.entries.len(), 2);
    app.key(KeyCode::Char('g'));
    app.key(KeyCode::Char('w'));
    assert!(
        matches!(app.model.overlays.last(), Some(Overlay::CaseRecord(_))),
        "no form for a corrected entry"
    );
    // w on the entry that stands: withdrawn with a reason, the record is then empty.
    app.key(KeyCode::Char('G'));
    app.key(KeyCode::Char('w'));
    app.typed("別の利用者の記録だった");
    app.ctrl('s');
    let notes = case_notes::effective(app.runner.store.conn(), Some(client), None, None).unwrap();
    assert!(notes.is_empty(), "{notes:?}");
    let all = case_notes::history(app.runner.store.conn(), Some(client), None, None).unwrap();
    assert_eq!(all.len(), 3, "nothing erased");
}

#[test]
fn the_monitoring_list_shows_the_month_by_client_and_writes_a_visit_in_two_keys() {
    use careplan::store::case_notes;
    let mut app = App::new();
    app.key(KeyCode::Char('8'));
    assert_eq!(app.model.tab, Tab::Monitoring);
    let report = app
        .model
        .monitoring
        .report
        .as_ref()
        .expect("read on entering");
    let clients = report.clients.len();
    assert!(clients > 0);
    let missing_before = report.total.missing;
    // f: only those missing; c: one care manager at a time.
    app.key(KeyCode::Char('f'));
    assert!(app.model.monitoring.only_failing);
    app.key(KeyCode::Char('f'));
    insta::assert_snapshot!(
        "monitoring_80x24",
        format!("{:?}", app.draw(80, 24).backend())
    );
    // n on the highlighted client: a monitoring visit at the model's clock. The template
    // saved as it came is refused (a visit nobody described); with a line added it is saved,
    // and the client is no longer missing.
    let client = app.model.monitoring.selected().unwrap().client_id;
    app.key(KeyCode::Char('n'));
    assert_eq!(form(&app).fields[1].input.value(), "モニタリング訪問");
    app.ctrl('s');
    assert!(
        form(&app)
            .message
            .as_deref()
            .is_some_and(|m| m.contains("ひな形のまま")),
        "{:?}",
        form(&app).message
    );
    goto_field(&mut app, careplan::tui::i18n::T::NoteBody);
    app.typed("変わりなし");
    app.ctrl('s');
    assert!(!matches!(app.model.overlays.last(), Some(Overlay::Form(_))));
    let notes = case_notes::effective(app.runner.store.conn(), Some(client), None, None).unwrap();
    assert_eq!(notes.len(), 1);
    let report = app.model.monitoring.report.as_ref().unwrap();
    assert_eq!(
        report.total.missing,
        missing_before - 1,
        "read again after the save"
    );
    let row = report
        .clients
        .iter()
        .find(|c| c.client_id == client)
        .unwrap();
    assert_eq!(
        row.monitoring.status,
        careplan::domain::monitoring::Status::Done
    );
    // ← the month before; r opens the case record of the highlighted client.
    app.key(KeyCode::Left);
    assert_eq!(
        app.model.monitoring.month,
        common::date("2026-10-01"),
        "{:?}",
        app.model.monitoring.month
    );
    app.key(KeyCode::Char('r'));
    assert!(matches!(
        app.model.overlays.last(),
        Some(Overlay::CaseRecord(_))
    ));
}

/// Two sessions correct the same case-record entry: the second save is not refused nor does it
/// undo the first; the form merges with the colleague's correction (their counterpart kept, the
/// text typed here kept) and the saved entry corrects theirs.
#[test]
fn a_colleagues_correction_of_the_same_entry_is_merged_not_lost() {
    use careplan::store::case_notes;
    use careplan::tui::i18n::T;
    let mut app = App::new();
    app.key(KeyCode::Char('2'));
    app.key(KeyCode::Enter);
    let client = client_detail(&app).unwrap().id;
    app.runner
        .store
        .write(|w| {
            case_notes::add(
                w,
                &case_notes::NewNote {
                    client_id: client,
                    at: common::date("2026-11-20").and_hms_opt(10, 0, 0).unwrap(),
                    category: "phone".into(),
                    counterpart: "長女".into(),
                    body: "長女より電話。変わりなし。".into(),
                    ..Default::default()
                },
            )
        })
        .unwrap();
    app.key(KeyCode::Char('r'));
    let Some(Overlay::CaseRecord(c)) = app.model.overlays.last() else {
        panic!("no case record")
    };
    let original = c.selected().unwrap().note.clone();
    app.key(KeyCode::Enter);
    // Meanwhile a colleague corrects the counterpart of the same entry.
    let theirs = app
        .runner
        .store
        .write(|w| {
            case_notes::add(
                w,
                &case_notes::NewNote {
                    client_id: client,
                    at: original.at,
                    category: original.category.clone(),
                    counterpart: "長男（同居）".into(),
                    staff_id: original.staff_id,
                    body: original.body.clone(),
                    reason: original.reason.clone(),
                    corrects: Some(original.id),
                    correction_reason: "続柄の訂正".into(),
                    ..Default::default()
                },
            )
        })
        .unwrap();
    // Here: the text is corrected.
    goto_field(&mut app, T::NoteBody);
    app.ctrl('u');
    app.typed("電話で体調を確認。食欲あり。");
    goto_field(&mut app, T::CorrectionReason);
    app.typed("内容の追記");
    app.ctrl('s');
    let f = form(&app);
    assert!(
        matches!(f.kind, FormKind::NewNote { corrects: Some(id), .. } if id == theirs),
        "the form moved onto the colleague's correction: {:?}",
        f.kind
    );
    let value = |label| {
        f.fields
            .iter()
            .find(|x| x.label == label)
            .map(|x| x.input.value().to_string())
            .unwrap()
    };
    assert_eq!(value(T::Counterpart), "長男（同居）");
    assert_eq!(value(T::NoteBody), "電話で体調を確認。食欲あり。");
    app.ctrl('s');
    assert!(!matches!(app.model.overlays.last(), Some(Overlay::Form(_))));
    let standing = case_notes::standing(app.runner.store.conn(), original.id)
        .unwrap()
        .unwrap();
    assert_eq!(standing.corrects, Some(theirs));
    assert_eq!(standing.counterpart, "長男（同居）");
    assert_eq!(standing.body, "電話で体調を確認。食欲あり。");
}

/// ホーム's 手順未確認 items, each cleared where it is raised: `Enter` opens the plan's steps,
/// then `a` (only hand-overs to providers missing) or `c` (checked on paper, reason given),
/// then `Ctrl+S` — at most 4 keys from ホーム, and the item is gone.
#[test]
fn every_plan_step_item_on_home_is_cleared_in_at_most_four_keys() {
    let mut app = App::new();
    app.key(KeyCode::Char('1'));
    let mut cleared = 0;
    let mut by_hand_over = 0;
    while let Some(i) = app
        .model
        .deadlines
        .iter()
        .position(|d| d.kind_code() == "plan_steps_missing")
    {
        app.model.home.selected = i;
        let client = app.model.deadlines[i].client().unwrap().id;
        let only_hand_over = matches!(
            &app.model.deadlines[i].kind,
            careplan::domain::deadlines::DeadlineKind::PlanStepsMissing { steps, .. }
                if steps == &[careplan::domain::plan_steps::Failure::HandoverProvider]
        );
        let mut keys = 0;
        app.key(KeyCode::Enter);
        keys += 1;
        assert!(
            matches!(app.model.overlays.last(), Some(Overlay::PlanSteps(_))),
            "Enter opens the plan's steps"
        );
        if only_hand_over {
            app.key(KeyCode::Char('a'));
            by_hand_over += 1;
        } else {
            app.key(KeyCode::Char('c'));
        }
        keys += 1;
        assert!(matches!(app.model.overlays.last(), Some(Overlay::Form(_))));
        app.ctrl('s');
        keys += 1;
        assert!(keys <= 4);
        assert!(
            matches!(app.model.overlays.last(), Some(Overlay::PlanSteps(_))),
            "saved, back on the steps: {:?}",
            app.model.status
        );
        assert!(
            !app.model
                .deadlines_all
                .iter()
                .any(|d| d.kind_code() == "plan_steps_missing"
                    && d.client().is_some_and(|c| c.id == client)),
            "the item is gone"
        );
        app.model.overlays.clear();
        cleared += 1;
        assert!(cleared < 100);
    }
    assert!(cleared >= 2, "the office has plan-step items: {cleared}");
    let _ = by_hand_over;
}

/// The plan's steps: `↑↓` move, `Enter` on the assessment opens a case-record entry of that
/// category for this revision (its plan date filled in), `Enter` on the consent opens the
/// plan's dates, `a` the hand-over form dated today by FAX; at 80×24 and 60×20.
#[test]
fn the_plan_steps_record_each_step_where_it_is_shown() {
    use careplan::tui::i18n::T;
    let mut app = App::new();
    app.key(KeyCode::Char('1'));
    let i = app
        .model
        .deadlines
        .iter()
        .position(|d| d.kind_code() == "plan_steps_missing")
        .unwrap();
    app.model.home.selected = i;
    app.key(KeyCode::Enter);
    let Some(Overlay::PlanSteps(r)) = app.model.overlays.last() else {
        panic!("no plan steps")
    };
    let plan_id = r.plan_id;
    insta::assert_snapshot!("plan_steps_80x24", app.draw(80, 24).backend());
    insta::assert_snapshot!("plan_steps_60x20", app.draw(60, 20).backend());
    // The first row is the assessment.
    for _ in 0..10 {
        app.key(KeyCode::Char('k'));
    }
    app.key(KeyCode::Enter);
    let shown = rows(&app.draw(80, 24)).join("\n");
    if let Some(Overlay::Form(f)) = app.model.overlays.last() {
        // Not yet recorded: a new entry for this revision.
        assert!(matches!(f.kind, FormKind::NewNote { plan_id: Some(p), .. } if p == plan_id));
        let value = |label| {
            f.fields
                .iter()
                .find(|x| x.label == label)
                .map(|x| x.input.value().to_string())
                .unwrap()
        };
        assert_eq!(value(T::NoteCategoryLabel), "アセスメント訪問");
        assert!(
            !value(T::NotePlanDate).is_empty(),
            "the plan date is filled in"
        );
        app.key(KeyCode::Esc);
        if matches!(app.model.overlays.last(), Some(Overlay::Confirm(_))) {
            app.key(KeyCode::Char('y'));
        }
    } else {
        // Recorded already: it says so and where to correct it.
        assert!(shown.contains("記録済み"), "{shown}");
    }
    assert!(matches!(
        app.model.overlays.last(),
        Some(Overlay::PlanSteps(_))
    ));
    // The consent row (third) opens the plan's dates.
    app.key(KeyCode::Char('j'));
    app.key(KeyCode::Char('j'));
    let before = app.model.overlays.len();
    app.key(KeyCode::Enter);
    if app.model.overlays.len() > before {
        assert!(matches!(
            app.model.overlays.last(),
            Some(Overlay::Form(f)) if matches!(f.kind, FormKind::PlanStatus { .. })
        ));
        app.key(KeyCode::Esc);
    }
    // Esc goes back to the client's record.
    app.key(KeyCode::Esc);
    assert!(matches!(
        app.model.overlays.last(),
        Some(Overlay::Detail { .. })
    ));
    // s on the record opens the steps again.
    app.key(KeyCode::Char('s'));
    assert!(matches!(
        app.model.overlays.last(),
        Some(Overlay::PlanSteps(_))
    ));
}

/// `v` on a client records the consent to video monitoring (today filled in); withdrawing it
/// needs a reason, asked in the same form.
#[test]
fn the_video_consent_is_recorded_and_withdrawn_with_a_reason_on_the_client() {
    use careplan::tui::i18n::T;
    let mut app = App::new();
    app.key(KeyCode::Char('2'));
    app.key(KeyCode::Enter);
    let id = client_detail(&app).unwrap().id;
    let had = client_detail(&app).unwrap().video_consent_on;
    app.key(KeyCode::Char('v'));
    assert!(matches!(
        app.model.overlays.last(),
        Some(Overlay::Form(f)) if matches!(f.kind, FormKind::VideoConsent { .. })
    ));
    if had.is_none() {
        app.ctrl('s');
        assert_eq!(
            careplan::store::case_notes::video_consent(app.runner.store.conn(), id).unwrap(),
            Some(common::today())
        );
        app.key(KeyCode::Char('v'));
    }
    // Emptied: withdrawn — refused without the reason, saved with it.
    goto_field(&mut app, T::VideoConsentOn);
    app.ctrl('u');
    app.ctrl('s');
    assert!(
        matches!(app.model.overlays.last(), Some(Overlay::Form(_))),
        "refused"
    );
    assert!(
        careplan::store::case_notes::video_consent(app.runner.store.conn(), id)
            .unwrap()
            .is_some()
    );
    goto_field(&mut app, T::Reason);
    app.typed("本人が撤回");
    app.ctrl('s');
    assert_eq!(
        careplan::store::case_notes::video_consent(app.runner.store.conn(), id).unwrap(),
        None
    );
    let screen = rows(&app.draw(80, 24)).join("\n");
    assert!(screen.contains("テレビ電話の同意: 記録なし"), "{screen}");
}

/// ホーム's filters: `c` one care manager's items (their clients' and their monitoring line),
/// `f` one kind; the title says which; at 80×24 and 60×20.
#[test]
fn home_filters_by_care_manager_and_kind() {
    use careplan::domain::deadlines::Group;
    let mut app = App::new();
    app.key(KeyCode::Char('1'));
    let all = app.model.deadlines.len();
    app.key(KeyCode::Char('c'));
    let cm = app.model.home.care_manager.expect("a care manager chosen");
    let name = app
        .model
        .data
        .staff
        .iter()
        .find(|s| s.id == cm)
        .unwrap()
        .name
        .clone();
    assert!(app.model.deadlines.len() < all);
    for d in &app.model.deadlines {
        match &d.kind {
            careplan::domain::deadlines::DeadlineKind::MonitoringMissing {
                care_manager, ..
            } => assert_eq!(care_manager.as_ref().map(|c| c.0), Some(cm)),
            _ => {
                let c = d.client().expect("only client items");
                let summary = app
                    .model
                    .data
                    .clients
                    .iter()
                    .find(|x| x.id == c.id)
                    .unwrap();
                assert_eq!(summary.care_manager.as_deref(), Some(name.as_str()));
            }
        }
    }
    let screen = rows(&app.draw(80, 24)).join("\n");
    assert!(screen.contains(&name), "{screen}");
    // f: the monitoring items only.
    app.key(KeyCode::Char('f'));
    assert_eq!(app.model.home.group, Group::Monitoring);
    assert!(
        app.model
            .deadlines
            .iter()
            .all(|d| d.group() == Group::Monitoring)
    );
    insta::assert_snapshot!("home_filtered_80x24", app.draw(80, 24).backend());
    insta::assert_snapshot!("home_filtered_60x20", app.draw(60, 20).backend());
    // Back to everything: c through every care manager, f through every kind.
    while app.model.home.care_manager.is_some() {
        app.key(KeyCode::Char('c'));
    }
    while app.model.home.group != Group::All {
        app.key(KeyCode::Char('f'));
    }
    assert_eq!(app.model.deadlines.len(), all);
}

/// The monitoring list: `/` narrows it by name, kana or number as typed; `Esc` clears it.
/// The month's compliance starts from the caseload facts the session loaded, but only while
/// the records are unchanged: a colleague ending a contract shows on the next visit.
#[test]
fn a_colleagues_change_shows_in_the_month_judged_from_the_loaded_facts() {
    let mut app = App::new();
    app.key(KeyCode::Char('8'));
    let month = app.model.monitoring.month;
    let report = app.model.monitoring.report.clone().unwrap();
    let client = report.clients[0].client_id;
    let colleague = rusqlite::Connection::open(app.runner.store.path()).unwrap();
    colleague
        .execute(
            "UPDATE clients SET contract_end = ?1 WHERE id = ?2",
            rusqlite::params![
                careplan::domain::dates::iso(month - chrono::Days::new(1)),
                client
            ],
        )
        .unwrap();
    let again = app
        .runner
        .run(Effect::LoadMonitoring(month))
        .into_iter()
        .find_map(|a| match a {
            Action::MonitoringLoaded(r) => Some(r),
            _ => None,
        })
        .unwrap();
    assert_eq!(again.clients.len() + 1, report.clients.len());
    assert!(again.clients.iter().all(|c| c.client_id != client));
}

#[test]
fn the_monitoring_list_searches_by_name_kana_and_number() {
    let mut app = App::new();
    app.key(KeyCode::Char('8'));
    let all = app.model.monitoring.list.visible.len();
    assert!(all > 3);
    app.key(KeyCode::Char('/'));
    app.typed("はせがわ");
    let found = app.model.monitoring.list.visible.len();
    assert!(found >= 1 && found < all, "{found} of {all}");
    let c = app.model.monitoring.selected().unwrap();
    assert!(c.name.contains("長谷川"), "{}", c.name);
    app.key(KeyCode::Esc);
    assert_eq!(app.model.monitoring.list.visible.len(), all);
    app.key(KeyCode::Char('/'));
    let number = app
        .model
        .monitoring
        .selected()
        .unwrap()
        .insured_number
        .clone();
    app.typed(&number);
    assert_eq!(app.model.monitoring.list.visible.len(), 1);
}

/// The monitoring list's search follows a colleague's change: a query still typed when a
/// client's kana changes elsewhere finds that client by the new kana, and no longer by the old.
#[test]
fn the_monitoring_search_follows_a_colleagues_new_kana() {
    let mut app = App::new();
    app.key(KeyCode::Char('8'));
    let c = app.model.monitoring.selected().unwrap().clone();
    app.key(KeyCode::Char('/'));
    app.typed("ぬえばらたろう");
    assert_eq!(app.model.monitoring.list.visible.len(), 0);
    colleague_saves(&mut app, c.client_id, |f| f.kana = "ぬえばら たろう".into());
    app.send(Action::Loaded {
        data: Box::new(app.runner.load_all().unwrap()),
        external: true,
    });
    let m = &app.model.monitoring;
    assert_eq!(m.list.visible.len(), 1, "the new kana is found");
    assert_eq!(m.selected().unwrap().client_id, c.client_id);
}

/// `o` on a confirmed plan: a hand-over date typed before the consent date is caught while it
/// is typed (no save needed), naming both dates; typing a date in order clears it, and the
/// save goes through. The dates as stored are not judged again while they are not changed.
#[test]
fn a_hand_over_before_consent_is_caught_while_typing() {
    use careplan::domain::plan::PlanStatus;
    use careplan::tui::i18n::T;
    let mut app = App::new();
    app.key(KeyCode::Char('2'));
    app.key(KeyCode::Enter);
    while !client_detail(&app).unwrap().plans.first().is_some_and(|p| {
        p.fields.status == PlanStatus::Confirmed && p.fields.consent_date.is_some()
    }) {
        app.key(KeyCode::Esc);
        app.key(KeyCode::Char('j'));
        app.key(KeyCode::Enter);
    }
    let plan = client_detail(&app).unwrap().plans[0].clone();
    let consent = plan.fields.consent_date.unwrap();
    app.key(KeyCode::Char('o'));
    let handed = |app: &App| {
        form(app)
            .fields
            .iter()
            .find(|f| f.label == T::HandedDate)
            .unwrap()
            .error
            .clone()
    };
    assert_eq!(
        handed(&app),
        None,
        "the stored dates open without a message"
    );
    goto_field(&mut app, T::HandedDate);
    app.ctrl('u');
    let early = consent - chrono::Days::new(2);
    app.typed(&early.format("%Y-%m-%d").to_string());
    let shown = handed(&app).expect("caught while typing");
    assert!(
        shown.starts_with(&format!(
            "交付日 {} が同意日 {} より前です",
            early.format("%Y-%m-%d"),
            consent.format("%Y-%m-%d")
        )),
        "{shown}"
    );
    let effects = app.ctrl('s');
    assert!(!effects.iter().any(|e| matches!(e, Effect::Save(_))));
    app.ctrl('u');
    app.typed(&consent.format("%Y-%m-%d").to_string());
    assert_eq!(handed(&app), None, "in order again");
    let effects = app.ctrl('s');
    assert!(effects.iter().any(|e| matches!(e, Effect::Save(_))));
    let saved = &client_detail(&app).unwrap().plans[0];
    assert_eq!(saved.fields.handed_date, Some(consent));
}

/// The office panel's ⚠ WEBサービス未登録 follows the registration date as soon as the office
/// form saves it (it used to stay until ホーム was visited again).
#[test]
fn the_web_service_warning_goes_when_the_registration_date_is_saved() {
    use careplan::tui::i18n::T;
    let dir = tempfile::tempdir().unwrap();
    let today = common::date("2026-12-02");
    let mut store =
        careplan::store::Store::open(&dir.path().join("office.db"), common::actor("t")).unwrap();
    careplan::demo::generate(&mut store, 40, 7, today).unwrap();
    let config = Config {
        color: careplan::config::ColorMode::Never,
        ..Config::default()
    };
    let runner = Runner::new(store, config.language, config.date_display, today);
    let mut app = App {
        model: Model::new(config, today),
        runner,
        _dir: dir,
    };
    let data = app.runner.load_all().unwrap();
    app.send(Action::Loaded {
        data: Box::new(data),
        external: false,
    });
    app.send(Action::Resize(120, 40));
    assert!(
        app.model.move_risk.is_some(),
        "the demo office is not registered"
    );
    app.key(KeyCode::Char('7'));
    app.key(KeyCode::Char('o'));
    let screen = format!("{:?}", app.draw(120, 40).backend().buffer());
    assert!(screen.contains("WEBサービス未登録"), "{screen}");
    app.key(KeyCode::Char('e'));
    goto_field(&mut app, T::WebRegistered);
    app.typed("2026-12-01");
    let effects = app.ctrl('s');
    assert!(effects.iter().any(|e| matches!(e, Effect::Save(_))));
    assert!(app.model.move_risk.is_none());
    let screen = format!("{:?}", app.draw(120, 40).backend().buffer());
    assert!(!screen.contains("WEBサービス未登録"), "{screen}");
    assert!(screen.contains("2026-12-01"), "{screen}");
}

/// A renewal still 申請中 30 days after the old certification ended is an alarm on ホーム:
/// red (and bold), with the action that clears it, ahead of what is only waited for.
#[test]
fn a_renewal_pending_long_after_the_end_is_red_on_home() {
    let mut app = App::new();
    app.model.config.color = careplan::config::ColorMode::Always;
    let t = app.draw(80, 24);
    let buf = t.backend().buffer();
    let lines = rows(&t);
    let y = lines
        .iter()
        .position(|r| r.contains("認定結果未着"))
        .expect("the overdue result is listed");
    assert!(
        lines[y + 1].contains("結果の確認・暫定プランの確認"),
        "{lines:#?}"
    );
    let x = lines[y].find("認定結果未着").unwrap();
    // The column of the first character of the text (display width, as the buffer counts).
    let col = careplan::present::text::width(&lines[y][..x]) as u16;
    let cell = &buf[(col, y as u16)];
    assert_eq!(cell.fg, ratatui::style::Color::Red, "{cell:?}");
}

/// What `careplan migrate` left for review: ホーム says how many and `m` opens the list; the
/// plans board's `M` opens the same list; `d` settles an item, `x` withdraws one, and both
/// leave the list; an estimated 契約日 reads 推定 in the client's record.
#[test]
fn move_in_reviews_are_worked_through_from_home_and_the_board() {
    use careplan::migrate::ReviewItem;
    let mut app = App::new();
    let client = app.model.data.clients[3].clone();
    let item = |kind: &str, detail: &str| ReviewItem {
        file: "KAIGO1.CSV".into(),
        line: 4,
        kind: kind.into(),
        detail: detail.into(),
        insurer_number: client.insurer_number.to_string(),
        insured_number: client.insured_number.clone(),
    };
    app.runner
        .store
        .write(|w| {
            careplan::store::migration_reviews::record(
                w,
                "honobono",
                &[
                    item(
                        "provider_match",
                        "第2表「デイサービスさくら」: 登録がありません",
                    ),
                    item("contract_date_estimated", "契約日 2023-04-10 は推定です"),
                ],
            )?;
            careplan::store::clients::set_contract_estimate(
                w,
                client.id,
                common::date("2023-04-10"),
                "first_plan",
            )
        })
        .unwrap();
    let data = app.runner.load_all().unwrap();
    app.send(Action::Loaded {
        data: Box::new(data),
        external: false,
    });
    app.key(KeyCode::Char('1'));
    let home = format!("{:?}", app.draw(100, 30).backend());
    assert!(home.contains("移行の確認待ち 2 件"), "{home}");
    app.key(KeyCode::Char('m'));
    let Some(Overlay::MoveIn { items, .. }) = app.model.overlays.last() else {
        panic!("no move-in list")
    };
    assert_eq!(items.len(), 2);
    let screen = format!("{:?}", app.draw(100, 30).backend());
    assert!(screen.contains("第2表の事業所"), "{screen}");
    assert!(screen.contains(&client.name), "{screen}");
    app.key(KeyCode::Char('d'));
    let Some(Overlay::MoveIn { items, .. }) = app.model.overlays.last() else {
        panic!("list closed")
    };
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].kind, "contract_date_estimated");
    // Enter opens the client it is about: its 契約日 says 推定 and from what.
    app.key(KeyCode::Enter);
    let record = format!("{:?}", app.draw(100, 40).backend());
    assert!(
        record.contains("推定: 初回居宅サービス計画作成日"),
        "{record}"
    );
    app.key(KeyCode::Esc);
    app.key(KeyCode::Char('x'));
    let Some(Overlay::MoveIn { items, .. }) = app.model.overlays.last() else {
        panic!("list closed")
    };
    assert!(items.is_empty());
    app.key(KeyCode::Esc);
    // The board reaches it too.
    app.key(KeyCode::Char('6'));
    app.send(Action::Key(KeyEvent::new(
        KeyCode::Char('M'),
        KeyModifiers::SHIFT,
    )));
    assert!(matches!(
        app.model.overlays.last(),
        Some(Overlay::MoveIn { .. })
    ));
    assert_eq!(
        careplan::store::migration_reviews::open_count(app.runner.store.conn()).unwrap(),
        0
    );
}

#[test]
fn a_read_only_database_says_so_and_refuses_a_save() {
    let mut app = App::read_only();
    assert!(app.model.read_only);
    assert!(rows(&app.draw(80, 24))[0].contains("読み取り専用"));
    let before = app.runner.load_clients().unwrap().len();
    app.key(KeyCode::Char('2'));
    app.key(KeyCode::Char('n'));
    app.typed("山田 花子");
    app.key(KeyCode::Tab);
    app.typed("ヤマダ ハナコ");
    for _ in 0..3 {
        app.key(KeyCode::Tab);
    }
    app.typed("131011");
    app.key(KeyCode::Tab);
    app.typed("0000099999");
    let effects = app.ctrl('s');
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::Save(_))),
        "{effects:?}"
    );
    // The form stays, saying why; nothing reached the store.
    let Some(Overlay::Form(form)) = app.model.overlays.last() else {
        panic!("the form should stay open: {:?}", app.model.overlays.len());
    };
    assert!(
        form.message
            .as_deref()
            .is_some_and(|m| m.contains("読み取り専用")),
        "{:?}",
        form.message
    );
    assert_eq!(app.runner.load_clients().unwrap().len(), before);
    assert_eq!(app.model.data.clients.len(), before);
    // Editing a record is refused at once, on the status line.
    app.key(KeyCode::Esc);
    if matches!(app.model.overlays.last(), Some(Overlay::Confirm(_))) {
        app.key(KeyCode::Char('y'));
    }
    assert!(
        app.model.overlays.is_empty(),
        "{}",
        app.model.overlays.len()
    );
    let effects = app.key(KeyCode::Char('e'));
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::OpenEdit(_))),
        "{effects:?}"
    );
    assert!(
        app.model
            .status
            .as_ref()
            .is_some_and(|(_, m)| m.contains("読み取り専用")),
        "{:?}",
        app.model.status
    );
}

/// From the paper batch, `p` writes the selected provider's 送付状 (with its list of clients)
/// beside the database, owner-only, with its FAX number, and says where; `P` writes every
/// provider's into one file.
#[test]
fn the_paper_batch_prints_cover_sheets_with_fax_numbers() {
    use std::os::unix::fs::PermissionsExt;
    let mut app = App::new();
    app.key(KeyCode::Char('6'));
    app.key(KeyCode::Char('b'));
    let batch = careplan::store::deliveries::paper_batch(&app.model.board.rows);
    let first = batch.first().expect("a provider on paper");
    let fax = app
        .model
        .data
        .providers
        .iter()
        .find(|p| p.id == first.provider_id)
        .unwrap()
        .fields
        .fax
        .clone();
    let effects = app.key(KeyCode::Char('p'));
    let Some(Effect::WritePrintout { name, .. }) = effects.first() else {
        panic!("{effects:?}");
    };
    let path = app.runner.store.path().parent().unwrap().join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        !fax.is_empty() && text.contains(&format!("FAX: {fax}")),
        "{text}"
    );
    assert!(text.contains(&format!("{} 御中", first.name)));
    assert!(text.contains(&format!("同封の利用者（{} 名）", first.cells.len())));
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let status = app.model.status.clone().unwrap().1;
    assert!(status.contains(&path.display().to_string()), "{status}");
    // All providers: one file with a 送付状 each.
    let effects = app.key(KeyCode::Char('P'));
    let Some(Effect::WritePrintout { name, .. }) = effects.first() else {
        panic!("{effects:?}");
    };
    assert!(name.ends_with("_all.txt"));
    let all =
        std::fs::read_to_string(app.runner.store.path().parent().unwrap().join(name)).unwrap();
    assert_eq!(all.matches("送 付 状").count(), batch.len());
}

/// A client's detail shows this month's schedules and actuals by provider, and `B` opens this
/// month's board with the cursor on the client's row.
#[test]
fn client_detail_shows_the_months_deliveries_and_b_opens_the_board_row() {
    let mut app = App::new();
    app.key(KeyCode::Char('2'));
    // A client with providers this month.
    let month = careplan::domain::dates::month_start(common::today());
    let rows = careplan::store::deliveries::board(app.runner.store.conn(), month).unwrap();
    let row = rows.iter().find(|r| !r.cells.is_empty()).unwrap();
    for a in app.runner.run(Effect::LoadDetail(
        careplan::tui::action::DetailRef::Client(row.client_id),
    )) {
        app.send(a);
    }
    let Some(Overlay::Detail { detail, .. }) = app.model.overlays.last() else {
        panic!("no detail");
    };
    let careplan::tui::model::Detail::Client(c) = detail else {
        panic!("not a client");
    };
    assert_eq!(
        c.deliveries.as_ref().map(|r| r.cells.len()),
        Some(row.cells.len())
    );
    // Scrolled to the section, its lines are on screen.
    for _ in 0..12 {
        app.key(KeyCode::Char('j'));
    }
    let screen = screen_rows(&app.draw(80, 24)).join("\n");
    assert!(screen.contains("の提供票・実績"), "{screen}");
    app.key(KeyCode::Char('B'));
    assert_eq!(app.model.tab, Tab::Board);
    assert_eq!(app.model.board.month, month);
    let b = &app.model.board;
    assert_eq!(
        b.rows[b.list.visible[b.list.selected]].client_id,
        row.client_id
    );
}

/// The new-client form shows the age beside a birth date that reads, and offers 認定日 and
/// 認定状況 (申請中) with the certification.
#[test]
fn the_new_client_form_shows_the_age_and_the_certification_status() {
    let mut app = App::new();
    app.key(KeyCode::Char('2'));
    app.key(KeyCode::Char('n'));
    app.typed("山田 花子");
    app.key(KeyCode::Tab);
    app.key(KeyCode::Tab);
    app.typed("1940-12-08");
    let screen = screen_rows(&app.draw(80, 24)).join("\n");
    // Today in the tests is 2026-11-25: before the 86th birthday.
    assert!(screen.contains("1940-12-08 (85歳)"), "{screen}");
    let Some(Overlay::Form(f)) = app.model.overlays.last() else {
        panic!("no form");
    };
    let labels: Vec<T> = f.fields.iter().map(|x| x.label).collect();
    assert!(labels.contains(&T::CertifiedOn) && labels.contains(&T::CertStatus));
}

/// An office with no clients yet has no monitoring due: ホーム says so rather than 全員実施.
#[test]
fn home_of_an_office_without_clients_says_no_monitoring_is_due() {
    let dir = tempfile::tempdir().unwrap();
    let store = careplan::store::Store::open(&dir.path().join("empty.db"), common::actor("tester"))
        .unwrap();
    let config = Config {
        color: careplan::config::ColorMode::Never,
        ..Config::default()
    };
    let runner = Runner::new(store, config.language, config.date_display, common::today());
    let data = runner.load_all().unwrap();
    let mut app = App {
        model: Model::new(config, common::today()),
        runner,
        _dir: dir,
    };
    app.send(Action::Loaded {
        data: Box::new(data),
        external: false,
    });
    app.send(Action::Resize(80, 24));
    app.key(KeyCode::Char('1'));
    let screen = rows(&app.draw(80, 24)).join("\n");
    assert!(screen.contains("対象の利用者なし"), "{screen}");
    assert!(!screen.contains("全員実施"), "{screen}");
}

/// In English a client's detail is titled as one reads it: "Client: name", not "Clients name".
#[test]
fn english_client_detail_title_names_the_client() {
    let mut app = App::new();
    app.model.lang = careplan::domain::Lang::En;
    app.key(KeyCode::Char('2'));
    app.key(KeyCode::Char('/'));
    app.typed("長谷川");
    app.key(KeyCode::Enter);
    app.key(KeyCode::Enter);
    let screen = rows(&app.draw(80, 24)).join("\n");
    assert!(screen.contains("Client: 長谷川"), "{screen}");
    assert!(!screen.contains("Clients 長谷川"), "{screen}");
}

/// The 集中減算 view answers the keys of every screen it does not use itself: a number key
/// goes to that tab, `?` opens the help at this view's keys.
#[test]
fn concentration_view_passes_tab_keys_and_help() {
    let mut app = App::new();
    open_concentration(&mut app);
    app.key(KeyCode::Char('?'));
    let help = rows(&app.draw(80, 24)).join("\n");
    assert!(help.contains("特定事業所集中減算（件数で C）"), "{help}");
    app.key(KeyCode::Esc);
    assert!(matches!(
        app.model.overlays.last(),
        Some(Overlay::Concentration)
    ));
    app.key(KeyCode::Char('8'));
    assert_eq!(app.model.tab, careplan::tui::model::Tab::Monitoring);
    assert!(app.model.overlays.is_empty());
}

/// `h` on a client records a stay; `H` corrects the latest one (its discharge), refused without
/// the reason and saved with it; the client's detail lists it.
#[test]
fn a_stay_is_recorded_and_its_discharge_entered_from_the_client() {
    use careplan::tui::i18n::T;
    let mut app = App::new();
    app.key(KeyCode::Char('2'));
    app.key(KeyCode::Char('/'));
    app.typed("長谷川");
    app.key(KeyCode::Enter);
    app.key(KeyCode::Enter);
    let id = client_detail(&app).unwrap().id;
    let stays =
        |app: &App| careplan::store::stays::list(app.runner.store.conn(), Some(id), false).unwrap();
    // No stay yet: H says so and opens nothing.
    app.key(KeyCode::Char('H'));
    assert!(!matches!(app.model.overlays.last(), Some(Overlay::Form(_))));
    app.key(KeyCode::Char('h'));
    assert!(matches!(
        app.model.overlays.last(),
        Some(Overlay::Form(f)) if matches!(f.kind, FormKind::Stay { id: None, .. })
    ));
    goto_field(&mut app, T::StayInstitution);
    app.typed("デモ市民病院");
    goto_field(&mut app, T::StayKindLabel);
    app.typed("ホテル");
    goto_field(&mut app, T::StayAdmittedOn);
    app.typed("2026-11-06");
    goto_field(&mut app, T::StayAfterHours);
    app.typed("はい");
    app.ctrl('s');
    // An unknown kind is refused and nothing is saved.
    assert!(matches!(app.model.overlays.last(), Some(Overlay::Form(_))));
    assert!(stays(&app).is_empty());
    goto_field(&mut app, T::StayKindLabel);
    app.ctrl('u');
    app.typed("病院");
    app.ctrl('s');
    let saved = stays(&app);
    assert_eq!(saved.len(), 1);
    assert!(saved[0].after_hours);
    assert_eq!(saved[0].discharged_on, None);
    // The discharge is a correction: refused without its reason.
    app.key(KeyCode::Char('H'));
    goto_field(&mut app, T::StayDischargedOn);
    app.typed("2026-11-20");
    goto_field(&mut app, T::StayDestination);
    app.typed("自宅");
    app.ctrl('s');
    assert!(matches!(app.model.overlays.last(), Some(Overlay::Form(_))));
    assert_eq!(stays(&app)[0].discharged_on, None);
    goto_field(&mut app, T::CorrectionReason);
    app.typed("退院した");
    app.ctrl('s');
    let s = &stays(&app)[0];
    assert_eq!(s.discharged_on, Some(common::date("2026-11-20")));
    assert_eq!(
        s.destination,
        Some(careplan::domain::kasan_records::Destination::Home)
    );
    let screen = rows(&app.draw(80, 24)).join("\n");
    assert!(screen.contains("デモ市民病院"), "{screen}");
}

/// `t` on a client records the ターミナル consent and the death; a death needs its place, and
/// changing a recorded consent needs the reason.
#[test]
fn terminal_consent_and_death_are_recorded_from_the_client() {
    use careplan::tui::i18n::T;
    let mut app = App::new();
    app.key(KeyCode::Char('2'));
    app.key(KeyCode::Char('/'));
    app.typed("長谷川");
    app.key(KeyCode::Enter);
    app.key(KeyCode::Enter);
    let id = client_detail(&app).unwrap().id;
    let terminal =
        |app: &App| careplan::store::client_dates::terminal(app.runner.store.conn(), id).unwrap();
    app.key(KeyCode::Char('t'));
    goto_field(&mut app, T::TerminalConsentOn);
    app.typed("2026-10-20");
    goto_field(&mut app, T::DiedOn);
    app.typed("2026-11-20");
    app.ctrl('s');
    assert!(
        matches!(app.model.overlays.last(), Some(Overlay::Form(_))),
        "a death without its place is refused"
    );
    goto_field(&mut app, T::DeathPlace);
    app.typed("自宅");
    app.ctrl('s');
    assert_eq!(
        terminal(&app),
        (
            Some(common::date("2026-10-20")),
            Some(common::date("2026-11-20")),
            Some("home".to_string())
        )
    );
    app.key(KeyCode::Char('t'));
    goto_field(&mut app, T::TerminalConsentOn);
    app.ctrl('u');
    app.typed("2026-10-21");
    app.ctrl('s');
    assert!(matches!(app.model.overlays.last(), Some(Overlay::Form(_))));
    goto_field(&mut app, T::Reason);
    app.typed("日付の誤り");
    app.ctrl('s');
    assert_eq!(terminal(&app).0, Some(common::date("2026-10-21")));
    let screen = rows(&app.draw(80, 24)).join("\n");
    assert!(screen.contains("ターミナル: 同意 2026-10-21"), "{screen}");
}

/// `b` on a client records a 同一建物 period, and again corrects the latest with the reason.
#[test]
fn a_same_building_period_is_recorded_and_corrected_from_the_client() {
    use careplan::tui::i18n::T;
    let mut app = App::new();
    app.key(KeyCode::Char('2'));
    app.key(KeyCode::Char('/'));
    app.typed("長谷川");
    app.key(KeyCode::Enter);
    app.key(KeyCode::Enter);
    let id = client_detail(&app).unwrap().id;
    let periods = |app: &App| {
        careplan::store::same_building::list(app.runner.store.conn(), Some(id), false).unwrap()
    };
    app.key(KeyCode::Char('b'));
    goto_field(&mut app, T::SameBuildingWhyLabel);
    app.typed("twenty_plus");
    goto_field(&mut app, T::SameBuildingName);
    app.typed("さくら苑");
    goto_field(&mut app, T::SameBuildingFrom);
    app.typed("2025-04-01");
    app.ctrl('s');
    assert_eq!(periods(&app).len(), 1);
    app.key(KeyCode::Char('b'));
    goto_field(&mut app, T::SameBuildingUntil);
    app.typed("2026-03-31");
    app.ctrl('s');
    assert!(
        matches!(app.model.overlays.last(), Some(Overlay::Form(_))),
        "a correction needs its reason"
    );
    goto_field(&mut app, T::CorrectionReason);
    app.typed("転居した");
    app.ctrl('s');
    assert_eq!(
        periods(&app)[0].fields.until,
        Some(common::date("2026-03-31"))
    );
    let screen = rows(&app.draw(80, 24)).join("\n");
    assert!(
        screen.contains("同一建物: 利用者20人以上の建物 さくら苑"),
        "{screen}"
    );
}

/// The rows of every screen a user reaches from the tabs without typing: each tab, the main
/// forms (new client, provider, staff member; the office) and the windows over them (a
/// client's detail, the paper batch, the enrollment panels), in the order visited.
fn every_screen(app: &mut App, w: u16, h: u16) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let mut visit = |app: &mut App, name: &str, keys: &[KeyCode]| {
        app.model.overlays.clear();
        for k in keys {
            app.key(*k);
        }
        out.push((name.to_string(), rows(&app.draw(w, h))));
        app.model.overlays.clear();
    };
    let c = KeyCode::Char;
    for (n, name) in [
        ('1', "home"),
        ('2', "clients"),
        ('3', "providers"),
        ('4', "office"),
        ('5', "caseload"),
        ('6', "board"),
        ('7', "enrollment"),
        ('8', "monitoring"),
    ] {
        visit(app, name, &[c(n)]);
    }
    visit(app, "caseload what-if", &[c('5'), c('+'), c('+'), c('s')]);
    app.key(c('0'));
    visit(app, "client detail", &[c('2'), KeyCode::Enter]);
    visit(app, "new client form", &[c('2'), c('n')]);
    visit(app, "new provider form", &[c('3'), c('n')]);
    visit(app, "new staff form", &[c('4'), c('n')]);
    visit(app, "office form", &[c('4'), c('o')]);
    visit(app, "paper batch", &[c('6'), c('b')]);
    visit(app, "enrollment office panel", &[c('7'), c('o')]);
    visit(app, "enrollment provider panel", &[c('7'), KeyCode::Enter]);
    out
}

/// The words a row cuts short: what stands before each "…" that ends a cell (a "…" before a
/// figure, as in …0400, leaves out its beginning on purpose), back to the column gap, the
/// border or the mark before it.
fn cut_words(row: &str) -> Vec<String> {
    row.match_indices('…')
        .filter(|(i, _)| {
            row[i + '…'.len_utf8()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric())
        })
        .map(|(i, _)| {
            let before = &row[..i];
            let start = ["  ", "│", "[", "|"]
                .iter()
                .filter_map(|sep| before.rfind(sep).map(|p| p + sep.len()))
                .max()
                .unwrap_or(0);
            before[start..]
                .trim_start_matches(|c: char| c == ' ' || "▶✓✗▣○".contains(c))
                .to_string()
        })
        .collect()
}

/// Whether a cut word ends in the beginning of a value the office typed: a name or kana of a
/// client, provider or staff member, or the office's name.
fn cuts_only_a_name(word: &str, app: &App) -> bool {
    let d = &app.model.data;
    let names: Vec<&str> = d
        .clients
        .iter()
        .flat_map(|c| [c.name.as_str(), c.kana.as_str()])
        .chain(
            d.providers
                .iter()
                .flat_map(|p| [p.fields.name.as_str(), p.fields.kana.as_str()]),
        )
        .chain(
            d.staff
                .iter()
                .flat_map(|s| [s.name.as_str(), s.kana.as_str()]),
        )
        .chain(d.office.iter().map(|o| o.name.as_str()))
        .collect();
    // The cell's last words: "2021-03-30 遠山" cuts 遠山野 トシ, the name after the date.
    word.char_indices()
        .filter(|(i, c)| *i == 0 || *c == ' ')
        .map(|(i, _)| word[i..].trim_start())
        .any(|tail| !tail.is_empty() && names.iter().any(|n| n.starts_with(tail)))
}

/// No screen at 80×24 cuts a label or a choice, in Japanese or English: a "…" may end only
/// a value the office typed (a client's or a provider's name, a kana), never the app's own
/// words. (The tab bar's row is left out: it gives the tabs you are not on fewer columns by
/// design, the one you are on whole.)
#[test]
fn no_screen_at_80x24_cuts_a_label_or_a_choice() {
    let mut cut = Vec::new();
    for lang in [careplan::domain::Lang::Ja, careplan::domain::Lang::En] {
        let mut app = App::new();
        app.model.lang = lang;
        app.runner.lang = lang;
        for (screen, rows) in every_screen(&mut app, 80, 24) {
            for row in rows.iter().skip(1) {
                for word in cut_words(row) {
                    if !cuts_only_a_name(&word, &app) {
                        cut.push(format!("{lang:?} {screen}: 「{word}…」 in {row}"));
                    }
                }
            }
        }
    }
    assert!(cut.is_empty(), "cut at 80×24:\n{}", cut.join("\n"));
}

/// Money and units are written with thousands separators on every screen, in both languages,
/// on a demo whose figures run to tens of thousands of units.
#[test]
fn money_and_units_on_every_screen_have_thousands_separators() {
    for lang in [careplan::domain::Lang::Ja, careplan::domain::Lang::En] {
        let mut app = App::new();
        app.model.lang = lang;
        app.runner.lang = lang;
        let mut text = String::new();
        for (w, h) in [(80, 24), (160, 48)] {
            for (screen, rows) in every_screen(&mut app, w, h) {
                text.push_str(&format!("== {screen} {w}x{h}\n{}\n", rows.join("\n")));
            }
        }
        // The demo's month runs to tens of thousands of units: the figures the scan reads are
        // large enough to need the separators.
        let total = text
            .lines()
            .find(|r| {
                r.contains("計 ") && r.contains("単位")
                    || r.contains("Total ") && r.contains(" units")
            })
            .unwrap_or_else(|| panic!("no caseload total in\n{text}"));
        let figure: String = total
            .chars()
            .skip_while(|c| !c.is_ascii_digit())
            .take_while(|c| c.is_ascii_digit() || *c == ',')
            .collect();
        assert!(figure.contains(','), "{total}");
        assert!(
            figure.replace(',', "").parse::<u64>().unwrap() >= 10_000,
            "{total}"
        );
        let bare = common::bare_figures(&text);
        assert!(
            bare.is_empty(),
            "{lang:?}: figures without separators: {bare:#?}"
        );
    }
}

/// The reviewed pictures of what must fit: 加入 at 60×20, 件数 without a what-if at 60×20
/// (three client rows at least), and the office's exchange form, whose labels were the long
/// ones (連携方式, the licence dates), at 80×24 in both languages.
#[test]
fn what_must_fit_at_80x24_and_60x20() {
    let mut app = App::new();
    app.key(KeyCode::Char('7'));
    insta::assert_snapshot!("enrollment_60x20", app.draw(60, 20).backend());
    app.key(KeyCode::Char('5'));
    let t = app.draw(60, 20);
    let client_rows = rows(&t)
        .iter()
        .filter(|r| r.contains(" (i) ") && r.contains("要介護"))
        .count();
    assert!(client_rows >= 3, "{}", rows(&t).join("\n"));
    insta::assert_snapshot!("caseload_screen_60x20", t.backend());
    app.key(KeyCode::Char('7'));
    app.key(KeyCode::Char('o'));
    app.key(KeyCode::Char('e'));
    assert!(matches!(app.model.overlays.last(), Some(Overlay::Form(_))));
    insta::assert_snapshot!("office_exchange_form_80x24", app.draw(80, 24).backend());
    // Opened in English (its choices' values are words of the language it opened in).
    let mut app = App::new();
    app.model.lang = careplan::domain::Lang::En;
    app.runner.lang = careplan::domain::Lang::En;
    for c in ['7', 'o', 'e'] {
        app.key(KeyCode::Char(c));
    }
    insta::assert_snapshot!("office_exchange_form_en_80x24", app.draw(80, 24).backend());
}

/// Opens a client's detail from the client list, found by name.
fn open_client(app: &mut App, name: &str) -> i64 {
    app.key(KeyCode::Char('2'));
    app.key(KeyCode::Char('/'));
    app.typed(name);
    app.key(KeyCode::Enter);
    app.key(KeyCode::Enter);
    client_detail(app).unwrap().id
}

/// Records a hospital stay of the client from the detail (`h`), discharged home on `out`.
fn record_stay(app: &mut App, institution: &str, admitted: &str) {
    record_stay_until(app, institution, admitted, None);
}

fn record_stay_until(app: &mut App, institution: &str, admitted: &str, out: Option<&str>) {
    use careplan::tui::i18n::T;
    app.key(KeyCode::Char('h'));
    goto_field(app, T::StayInstitution);
    app.typed(institution);
    goto_field(app, T::StayKindLabel);
    app.typed("病院");
    goto_field(app, T::StayAdmittedOn);
    app.typed(admitted);
    if let Some(d) = out {
        goto_field(app, T::StayDischargedOn);
        app.typed(d);
        goto_field(app, T::StayDestination);
        app.typed("自宅");
    }
    app.ctrl('s');
    if let Some(Overlay::Form(f)) = app.model.overlays.last() {
        let errors: Vec<_> = f.fields.iter().filter_map(|x| x.error.clone()).collect();
        panic!("not saved: {:?} {errors:?}", f.message);
    }
}

/// The case-record form of a 加算 category takes its structured fields: the stay picked from
/// the client's stays, the method and the conference as choices; a discharge entry without its
/// stay is refused as `notes add` refuses it, and a correction keeps the fields.
#[test]
fn a_discharge_entry_records_its_method_stay_and_conference_from_the_form() {
    use careplan::domain::kasan_records::Method;
    use careplan::tui::i18n::T;
    let mut app = App::new();
    let id = open_client(&mut app, "長谷川");
    record_stay(&mut app, "デモ市民病院", "2026-11-02");
    let stay =
        careplan::store::stays::list(app.runner.store.conn(), Some(id), false).unwrap()[0].id;
    app.key(KeyCode::Char('n'));
    goto_field(&mut app, T::NoteCategoryLabel);
    app.typed("退院・退所");
    app.key(KeyCode::Enter);
    // The category's fields come into the form, the stay as a list of the client's stays.
    assert!(
        form(&app)
            .fields
            .iter()
            .any(|f| f.label == T::NoteConference)
    );
    goto_field(&mut app, T::Counterpart);
    app.typed("デモ市民病院 地域連携室");
    goto_field(&mut app, T::NoteMethod);
    app.key(KeyCode::Right);
    let method = form(&app).fields[form(&app).focus]
        .input
        .value()
        .to_string();
    assert_eq!(method, "面談");
    app.ctrl('s');
    assert!(
        matches!(app.model.overlays.last(), Some(Overlay::Form(_))),
        "a discharge entry needs its stay"
    );
    goto_field(&mut app, T::NoteStay);
    assert!(form(&app).picker.is_some(), "an empty stay opens its list");
    app.key(KeyCode::Enter);
    goto_field(&mut app, T::NoteConference);
    app.key(KeyCode::Right);
    goto_field(&mut app, T::NoteBody);
    app.typed("退院前カンファレンスに出席");
    app.ctrl('s');
    if let Some(Overlay::Form(f)) = app.model.overlays.last() {
        let errors: Vec<_> = f
            .fields
            .iter()
            .map(|x| (x.label, x.input.value().to_string(), x.error.clone()))
            .collect();
        panic!("not saved: {:?} {errors:?}", f.message);
    }
    let notes = careplan::store::note_fields::of_client(app.runner.store.conn(), Some(id)).unwrap();
    assert_eq!(notes.len(), 1);
    let (&note, f) = notes.iter().next().unwrap();
    assert_eq!(f.method, Some(Method::FaceToFace));
    assert_eq!(f.stay_id, Some(stay));
    assert_eq!(f.conference, Some(true));
    // A correction of the text keeps the fields it does not change.
    app.send(Action::Key(KeyEvent::new(
        KeyCode::Char('r'),
        KeyModifiers::NONE,
    )));
    app.key(KeyCode::Enter);
    assert!(
        form(&app)
            .fields
            .iter()
            .any(|x| x.label == T::NoteStay && x.input.value().starts_with(&format!("#{stay} ")))
    );
    goto_field(&mut app, T::NoteBody);
    app.typed("追記");
    goto_field(&mut app, T::CorrectionReason);
    app.typed("記載漏れの追記");
    app.ctrl('s');
    let notes = careplan::store::note_fields::of_client(app.runner.store.conn(), Some(id)).unwrap();
    let newest = notes.keys().max().unwrap();
    assert!(*newest > note);
    assert_eq!(notes[newest], notes[&note]);
}

/// ホーム's Enter on a 加算 that lacks its admission information opens the entry form on that
/// category and stay, over ホーム; Esc comes back; once saved the item is gone.
#[test]
fn home_enter_on_a_missing_admission_opens_the_form_that_records_it() {
    use careplan::domain::deadlines::DeadlineKind;
    use careplan::tui::i18n::T;
    let mut app = App::new();
    let id = open_client(&mut app, "八雲");
    record_stay(&mut app, "デモ市民病院", "2026-11-24");
    app.key(KeyCode::Char('1'));
    let find = |app: &App| {
        app.model.deadlines.iter().position(|d| {
            matches!(&d.kind, DeadlineKind::KasanIncomplete { client, fix: Some(_), .. } if client.id == id)
        })
    };
    let rows = careplan::store::kasan::of_client(
        app.runner.store.conn(),
        id,
        common::date("2026-11-01"),
        common::today(),
        careplan::domain::operating_cut::Reduction::None,
    )
    .unwrap();
    let at =
        find(&app).unwrap_or_else(|| panic!("the admission's information is missing: {rows:?}"));
    app.model.home.selected = at;
    app.key(KeyCode::Enter);
    let f = form(&app);
    assert!(matches!(
        &f.kind,
        FormKind::NewNote { structured: Some(c), client_id, .. } if c == "admission_info" && *client_id == id
    ));
    assert!(
        f.fields
            .iter()
            .any(|x| x.label == T::NoteStay && x.input.value().starts_with('#'))
    );
    app.key(KeyCode::Esc);
    assert!(app.model.overlays.is_empty());
    assert_eq!(app.model.tab, careplan::tui::model::Tab::Home);
    app.key(KeyCode::Enter);
    goto_field(&mut app, T::Counterpart);
    app.typed("デモ市民病院");
    goto_field(&mut app, T::NoteMethod);
    app.typed("FAX");
    goto_field(&mut app, T::NoteBody);
    app.typed("入院時情報提供書を送付");
    app.ctrl('s');
    assert!(app.model.overlays.is_empty(), "saved: back on ホーム");
    assert_eq!(find(&app), None, "the item is recomputed and gone");
}

/// `H` on a client with several stays opens the corrections list at the newest; any one is
/// corrected from there with the reason.
#[test]
fn an_older_stay_is_corrected_from_the_corrections_list() {
    use careplan::tui::i18n::T;
    let mut app = App::new();
    let id = open_client(&mut app, "長谷川");
    record_stay_until(&mut app, "第一病院", "2026-09-01", Some("2026-09-05"));
    record_stay(&mut app, "第二病院", "2026-11-02");
    app.key(KeyCode::Char('H'));
    let Some(Overlay::Corrections(c)) = app.model.overlays.last() else {
        panic!("a list of the stays");
    };
    assert!(
        c.items[c.selected].line.contains("第二病院"),
        "newest first"
    );
    app.key(KeyCode::Down);
    app.key(KeyCode::Enter);
    goto_field(&mut app, T::StayDischargedOn);
    app.ctrl('u');
    app.typed("2026-09-10");
    goto_field(&mut app, T::CorrectionReason);
    app.typed("退院日の訂正");
    app.ctrl('s');
    let stays = careplan::store::stays::list(app.runner.store.conn(), Some(id), false).unwrap();
    let first = stays.iter().find(|s| s.institution == "第一病院").unwrap();
    assert_eq!(first.discharged_on, Some(common::date("2026-09-10")));
    assert!(
        stays
            .iter()
            .any(|s| s.institution == "第二病院" && s.discharged_on.is_none())
    );
}

/// The office's 体制 panel at 80×24: hours, closed days, 体制 periods and the month's
/// 特定事業所加算 check; closed days and a period are recorded from it.
#[test]
fn office_panel_checks_tokutei_and_records_the_calendar_80x24() {
    use careplan::tui::i18n::T;
    let mut app = App::new();
    app.key(KeyCode::Char('4'));
    app.key(KeyCode::Char('t'));
    assert!(matches!(
        app.model.overlays.last(),
        Some(Overlay::OfficeSystem)
    ));
    app.key(KeyCode::Char('h'));
    app.ctrl('s');
    app.key(KeyCode::Char('c'));
    goto_field(&mut app, T::DaysFrom);
    app.ctrl('u');
    app.typed("2026-12-29");
    goto_field(&mut app, T::DaysUntil);
    app.typed("2027-01-03");
    goto_field(&mut app, T::DaysReason);
    app.typed("年末年始");
    app.ctrl('s');
    app.key(KeyCode::Char('p'));
    goto_field(&mut app, T::PeriodSetting);
    // The last of the settings: the 24-hour contact system (a second 区分 would be refused).
    app.key(KeyCode::Left);
    goto_field(&mut app, T::SystemFrom);
    app.typed("2026-04-01");
    app.ctrl('s');
    if let Some(Overlay::Form(f)) = app.model.overlays.last() {
        let v: Vec<_> = f
            .fields
            .iter()
            .map(|x| (x.input.value().to_string(), x.error.clone()))
            .collect();
        panic!("not saved: {:?} {v:?}", f.message);
    }
    assert!(matches!(
        app.model.overlays.last(),
        Some(Overlay::OfficeSystem)
    ));
    let conn = app.runner.store.conn();
    let days = careplan::store::business_calendar::days(conn, false).unwrap();
    assert!(days.iter().any(|d| d.reason == "年末年始" && !d.open));
    // The hours set from today (the form starts from those in force).
    let hours = careplan::store::business_calendar::hours(conn).unwrap();
    assert_eq!(hours.last().unwrap().fields.from, common::today());
    let screen = rows(&app.draw(80, 24)).join("\n");
    assert!(screen.contains("年末年始"), "{screen}");
    assert!(screen.contains("24時間連絡体制 2026-04-01"), "{screen}");
    assert!(
        screen.contains("✓ 取扱件数") || screen.contains("✗ 取扱件数"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}

/// The case-record form of a 加算 category at 80×24, as ホーム opens it.
#[test]
fn a_kasan_case_record_form_80x24() {
    let mut app = App::new();
    let id = open_client(&mut app, "八雲");
    record_stay(&mut app, "デモ市民病院", "2026-11-24");
    app.key(KeyCode::Char('1'));
    let at = app
        .model
        .deadlines
        .iter()
        .position(|d| matches!(&d.kind, careplan::domain::deadlines::DeadlineKind::KasanIncomplete { client, .. } if client.id == id))
        .unwrap();
    app.model.home.selected = at;
    app.key(KeyCode::Enter);
    insta::assert_snapshot!(rows(&app.draw(80, 24)).join("\n"));
}

/// The office's 体制 panel on screen follows a colleague's closed day when the session reloads
/// on the change (what "他の端末での変更を反映しました" promises).
#[test]
fn the_office_panel_shows_a_colleagues_closed_day() {
    let mut app = App::new();
    app.key(KeyCode::Char('4'));
    app.key(KeyCode::Char('t'));
    assert!(
        !rows(&app.draw(80, 24))
            .join("\n")
            .contains("臨時休業の研修")
    );
    app.runner
        .store
        .write(|w| {
            careplan::store::business_calendar::add_days(
                w,
                common::date("2027-02-11"),
                common::date("2027-02-11"),
                false,
                "臨時休業の研修",
            )
        })
        .unwrap();
    app.send(Action::Loaded {
        data: Box::new(app.runner.load_all().unwrap()),
        external: true,
    });
    assert!(matches!(
        app.model.overlays.last(),
        Some(Overlay::OfficeSystem)
    ));
    let screen = rows(&app.draw(80, 24)).join("\n");
    assert!(
        screen.contains("2027-02-11 休業 臨時休業の研修"),
        "{screen}"
    );
}

/// `K` on a client decides on one of the month's 加算: without 加算 it says so; the list offers
/// the rows, a rejection without its reason is refused by the store's rule, and with one it is
/// recorded and shown on the client's record.
#[test]
fn a_kasan_is_rejected_with_its_reason_from_the_client_record() {
    use careplan::domain::kasan_records::Decision;
    use careplan::tui::i18n::T;
    let mut app = App::new();
    let id = open_client(&mut app, "八雲");
    let rows = |app: &App| {
        careplan::store::kasan::of_client(
            app.runner.store.conn(),
            id,
            common::date("2026-11-01"),
            common::today(),
            careplan::domain::operating_cut::Reduction::None,
        )
        .unwrap()
    };
    assert!(rows(&app).is_empty(), "{:?}", rows(&app));
    app.key(KeyCode::Char('K'));
    assert!(matches!(
        app.model.overlays.last(),
        Some(Overlay::Detail { .. })
    ));
    assert_eq!(
        app.model.status.as_ref().map(|s| s.1.as_str()),
        Some(T::NoKasanThisMonth.s(careplan::domain::Lang::Ja))
    );
    record_stay(&mut app, "デモ市民病院", "2026-11-24");
    assert!(!rows(&app).is_empty());
    app.key(KeyCode::Char('K'));
    assert_eq!(form(&app).fields[form(&app).focus].label, T::KasanPick);
    assert!(form(&app).picker.is_some(), "the month's 加算 as a list");
    let list = screen_rows(&app.draw(80, 24)).join("\n");
    let first = &rows(&app)[0];
    assert!(
        list.lines().any(|l| l.contains(&first.name)
            && l.contains(first.status.label(careplan::domain::Lang::Ja))),
        "{list}"
    );
    app.key(KeyCode::Enter);
    let picked = form(&app).fields[form(&app).focus]
        .input
        .value()
        .to_string();
    let row = rows(&app)
        .into_iter()
        .find(|r| picked.starts_with(&r.name) && picked.contains(&format!("[{}", r.kasan)))
        .unwrap_or_else(|| panic!("picked {picked}"));
    goto_field(&mut app, T::KasanVerdict);
    while form(&app).fields[form(&app).focus].input.value() != "算定しない" {
        app.key(KeyCode::Right);
    }
    app.ctrl('s');
    assert!(
        matches!(app.model.overlays.last(), Some(Overlay::Form(_))),
        "a rejection needs its reason"
    );
    let standing = |app: &App| {
        careplan::store::kasan_decisions::standing(app.runner.store.conn(), None, Some(id)).unwrap()
    };
    assert!(standing(&app).is_empty());
    goto_field(&mut app, T::Reason);
    app.typed("本人が希望しない");
    app.ctrl('s');
    if let Some(Overlay::Form(f)) = app.model.overlays.last() {
        let errors: Vec<_> = f
            .fields
            .iter()
            .map(|x| (x.label, x.input.value().to_string(), x.error.clone()))
            .collect();
        panic!(
            "not saved: {:?} {errors:?} {:?}",
            f.message, app.model.status
        );
    }
    assert!(
        matches!(app.model.overlays.last(), Some(Overlay::Detail { .. })),
        "saved: back on the record"
    );
    let s = standing(&app);
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].kasan, row.kasan);
    assert_eq!(s[0].month, "2026-11");
    assert_eq!(s[0].decision, Decision::Rejected);
    assert_eq!(s[0].reason, "本人が希望しない");
    let shown = screen_rows(&app.draw(160, 200)).join("\n");
    assert!(
        shown
            .lines()
            .any(|l| l.contains(&row.name) && l.contains("判断: 算定しない")),
        "{shown}"
    );
    // At 80 columns the decision stands on the 加算's first row, before a long reason.
    let narrow = screen_rows(&app.draw(80, 60)).join("\n");
    assert!(
        narrow
            .lines()
            .any(|l| l.contains(&row.name) && l.contains("判断: 算定しない")),
        "{narrow}"
    );
}
