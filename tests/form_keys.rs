//! Forms that type like a spreadsheet and screens that return where they came from, driven
//! through `update` as the terminal app is: every key event sent is counted, so the month-end
//! tasks are held to their number of keys.

mod common;

use careplan::config::Config;
use careplan::domain::plan::PlanStatus;
use careplan::tui::effects::Runner;
use careplan::tui::form::Form;
use careplan::tui::i18n::T;
use careplan::tui::model::{Model, Overlay, Tab};
use careplan::tui::update::{Action, Effect, update};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

struct App {
    model: Model,
    runner: Runner,
    /// Key events sent since the count was last reset.
    keys: usize,
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
        let model = Model::new(config, common::today());
        let data = runner.load_all().unwrap();
        let mut app = App {
            model,
            runner,
            keys: 0,
            _dir: dir,
        };
        app.send(Action::Loaded {
            data: Box::new(data),
            external: false,
        });
        app.send(Action::Resize(80, 24));
        app
    }

    fn send(&mut self, action: Action) -> Vec<Effect> {
        if matches!(action, Action::Key(_)) {
            self.keys += 1;
        }
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

    fn press(&mut self, code: KeyCode, modifiers: KeyModifiers) -> Vec<Effect> {
        self.send(Action::Key(KeyEvent::new(code, modifiers)))
    }

    fn key(&mut self, code: KeyCode) -> Vec<Effect> {
        self.press(code, KeyModifiers::NONE)
    }

    fn ctrl(&mut self, code: KeyCode) -> Vec<Effect> {
        self.press(code, KeyModifiers::CONTROL)
    }

    fn typed(&mut self, s: &str) {
        for c in s.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    fn form(&self) -> &Form {
        match self.model.overlays.last() {
            Some(Overlay::Form(f)) => f,
            _ => panic!("no form in front"),
        }
    }

    fn value(&self, label: T) -> String {
        let f = self.form();
        f.fields
            .iter()
            .find(|x| x.label == label)
            .map(|x| x.input.value().to_string())
            .unwrap()
    }

    fn error(&self, label: T) -> Option<String> {
        let f = self.form();
        f.fields
            .iter()
            .find(|x| x.label == label)
            .and_then(|x| x.error.clone())
    }

    fn focused(&self) -> T {
        let f = self.form();
        f.fields[f.focus].label
    }

    fn client(&self) -> Option<&careplan::store::clients::ClientDetail> {
        self.model.overlays.iter().rev().find_map(|o| match o {
            Overlay::Detail {
                detail: careplan::tui::model::Detail::Client(c),
                ..
            } => Some(&c.detail),
            _ => None,
        })
    }

    /// The clients' list, then the record of the first client that `fits` (setup: not
    /// counted).
    fn open_client(&mut self, fits: impl Fn(&careplan::store::clients::ClientDetail) -> bool) {
        self.key(KeyCode::Char('2'));
        self.key(KeyCode::Enter);
        for _ in 0..60 {
            if self.client().is_some_and(&fits) {
                self.keys = 0;
                return;
            }
            self.key(KeyCode::Esc);
            self.key(KeyCode::Char('j'));
            self.key(KeyCode::Enter);
        }
        panic!("no client fits");
    }
}

fn live_plan(c: &careplan::store::clients::ClientDetail) -> bool {
    c.plans
        .first()
        .is_some_and(|p| p.fields.status == PlanStatus::Confirmed && !p.lines.is_empty())
}

/// Tab selects a field's value: the first character typed replaces it, an arrow keeps it for
/// editing, Backspace empties it.
#[test]
fn a_field_entered_by_tab_is_replaced_by_typing_and_kept_by_an_arrow() {
    let mut app = App::new();
    app.open_client(|_| true);
    app.key(KeyCode::Char('e'));
    assert_eq!(app.focused(), T::Name);
    let address = app.value(T::Address);
    assert!(!address.is_empty());
    while app.focused() != T::Address {
        app.key(KeyCode::Tab);
    }
    assert!(app.form().selected, "entering by Tab selects the value");
    app.typed("東京都");
    assert_eq!(app.value(T::Address), "東京都", "typing replaced the value");
    assert!(!app.form().selected);
    // Away and back: the arrow keeps the value, and typing goes on at the cursor.
    app.key(KeyCode::Tab);
    app.press(KeyCode::BackTab, KeyModifiers::SHIFT);
    assert!(app.form().selected);
    app.key(KeyCode::End);
    app.typed("港区");
    assert_eq!(app.value(T::Address), "東京都港区");
    app.key(KeyCode::Tab);
    app.press(KeyCode::BackTab, KeyModifiers::SHIFT);
    app.key(KeyCode::Left);
    app.typed("の");
    assert_eq!(app.value(T::Address), "東京都港の区");
    // Backspace on a selected value empties it.
    app.key(KeyCode::Tab);
    app.press(KeyCode::BackTab, KeyModifiers::SHIFT);
    app.key(KeyCode::Backspace);
    assert_eq!(app.value(T::Address), "");
}

/// Enter in a picker takes the highlighted row and stays on the field; Tab moves on.
#[test]
fn picker_enter_chooses_and_stays_on_the_field() {
    let mut app = App::new();
    app.open_client(|_| true);
    app.key(KeyCode::Char('e'));
    while app.focused() != T::CareManager {
        app.key(KeyCode::Tab);
    }
    app.ctrl(KeyCode::Char('u'));
    assert!(
        app.form().picker.is_some(),
        "an emptied field offers the list"
    );
    app.key(KeyCode::Enter);
    assert!(app.form().picker.is_none());
    assert_eq!(app.focused(), T::CareManager, "Enter stays on the field");
    assert!(!app.value(T::CareManager).is_empty());
    assert_eq!(app.error(T::CareManager), None);
    app.key(KeyCode::Tab);
    assert_eq!(app.focused(), T::AssignFrom);
}

/// A new revision with the same services and a new period: `p`, the two dates, `Ctrl+S`.
#[test]
fn a_new_revision_with_a_new_period_takes_five_keys_or_fewer_plus_the_dates() {
    let mut app = App::new();
    app.open_client(live_plan);
    let before = app.client().unwrap().plans[0].clone();
    let from = common::date("2026-12-01");
    let to = common::date("2027-05-31").min(
        app.client()
            .unwrap()
            .certifications
            .iter()
            .filter_map(|c| c.fields.valid_to)
            .max()
            .unwrap(),
    );
    app.key(KeyCode::Char('p'));
    assert_eq!(
        app.focused(),
        T::PeriodFrom,
        "a revision opens at its period"
    );
    let keys = app.keys;
    app.typed(&from.to_string());
    app.keys = keys;
    app.key(KeyCode::Tab);
    let keys = app.keys;
    app.typed(&to.to_string());
    app.keys = keys;
    let effects = app.ctrl(KeyCode::Char('s'));
    assert!(effects.iter().any(|e| matches!(e, Effect::Save(_))));
    assert!(app.keys <= 5, "{} keys", app.keys);
    let c = app.client().unwrap();
    assert_eq!(c.plans[0].fields.period_from, from);
    assert_eq!(c.plans[0].fields.period_to, to);
    assert_eq!(c.plans[0].lines.len(), before.lines.len());
}

/// Adding a service line: `p`, `PgDn` to the services, `a`, the provider, the type, the
/// frequency, `Ctrl+S`. The provider is picked from the list with the keys it takes.
#[test]
fn adding_a_service_line_takes_seven_keys_or_fewer_plus_the_frequency() {
    let mut app = App::new();
    app.open_client(live_plan);
    let before = app.client().unwrap().plans[0].lines.len();
    app.key(KeyCode::Char('p'));
    app.key(KeyCode::PageDown);
    assert_eq!(app.focused(), T::PlanLines, "PgDn goes to the last field");
    app.key(KeyCode::Char('a'));
    // The first provider offered that the plan does not already list (one ↓ per row skipped).
    let listed = app.value(T::PlanLines);
    let offered = careplan::tui::plan_lines::picker(&app.model.data.providers, "");
    let skip = offered
        .iter()
        .position(|c| !listed.contains(&c.value))
        .unwrap();
    for _ in 0..skip {
        app.key(KeyCode::Down);
    }
    app.key(KeyCode::Enter);
    // A provider of several types asks which (Enter takes its first); of one, it does not.
    if matches!(
        app.form().lines.step,
        Some(careplan::tui::plan_lines::Step::Type { .. })
    ) {
        app.key(KeyCode::Enter);
    }
    let keys = app.keys;
    app.typed("週2回");
    app.keys = keys;
    app.key(KeyCode::Enter);
    let effects = app.ctrl(KeyCode::Char('s'));
    assert!(effects.iter().any(|e| matches!(e, Effect::Save(_))));
    assert!(app.keys <= 7, "{} keys", app.keys);
    let c = app.client().unwrap();
    assert_eq!(c.plans[0].lines.len(), before + 1);
    assert!(c.plans[0].lines.iter().any(|l| l.frequency == "週2回"));
}

/// A service listed twice (same provider and type) is asked about first.
#[test]
fn a_duplicate_service_line_asks_first() {
    use careplan::tui::plan_lines::{Step, lines};
    let mut app = App::new();
    app.open_client(live_plan);
    app.key(KeyCode::Char('p'));
    app.key(KeyCode::PageDown);
    let first = lines(&app.value(T::PlanLines))[0].clone();
    let n = lines(&app.value(T::PlanLines)).len();
    app.key(KeyCode::Char('a'));
    app.typed(&first.office);
    app.key(KeyCode::Enter);
    // To the same type, whichever step the provider's types lead to.
    while let Some(Step::Type { at, office, .. }) = app.form().lines.step.clone() {
        let (types, _) =
            careplan::tui::plan_lines::type_choices(&app.model.data.providers, &office);
        if types[at] == first.code {
            app.key(KeyCode::Enter);
        } else {
            app.key(KeyCode::Right);
        }
    }
    app.key(KeyCode::Enter);
    assert!(
        matches!(app.form().lines.step, Some(Step::Duplicate { .. })),
        "asked before adding"
    );
    app.key(KeyCode::Char('n'));
    assert_eq!(lines(&app.value(T::PlanLines)).len(), n, "n adds nothing");
}

/// Correcting a word of a case-record entry: `e` opens the correction at its text, word keys
/// reach and delete the word, `PgDn` and `→` give the reason, `Ctrl+S` saves.
#[test]
fn correcting_a_word_in_a_case_note_takes_eight_keys_or_fewer_plus_the_word() {
    let mut app = App::new();
    app.open_client(|c| !c.plans.is_empty());
    app.key(KeyCode::Char('r'));
    let Some(Overlay::CaseRecord(r)) = app.model.overlays.last() else {
        panic!("no case record")
    };
    assert!(!r.entries.is_empty());
    app.keys = 0;
    app.key(KeyCode::Char('e'));
    assert_eq!(app.focused(), T::NoteBody, "a correction opens at its text");
    let text = app.value(T::NoteBody);
    // The third word from the end (as Ctrl+← counts them) is replaced by 「訂正語」.
    app.ctrl(KeyCode::Left);
    app.ctrl(KeyCode::Left);
    let at = app.form().fields[app.form().focus].input.cursor();
    app.ctrl(KeyCode::Char('w'));
    let keys = app.keys;
    app.typed("訂正語");
    app.keys = keys;
    let corrected = app.value(T::NoteBody);
    assert_ne!(corrected, text);
    assert!(corrected.contains("訂正語"));
    assert_eq!(
        corrected
            .chars()
            .skip(corrected.chars().count() - (text.chars().count() - at))
            .collect::<String>(),
        text.chars().skip(at).collect::<String>(),
        "what follows the word is kept"
    );
    app.key(KeyCode::PageDown);
    assert_eq!(app.focused(), T::CorrectionReason);
    app.key(KeyCode::Right);
    assert_eq!(app.value(T::CorrectionReason), "入力誤りの訂正");
    let effects = app.ctrl(KeyCode::Char('s'));
    assert!(
        effects.iter().any(|e| matches!(e, Effect::Save(_))),
        "{:?}",
        app.form().message
    );
    assert!(app.keys <= 8, "{} keys", app.keys);
}

/// End before start is caught while typing, and the message follows the value typed.
#[test]
fn a_period_ending_before_it_starts_is_caught_while_typing() {
    let mut app = App::new();
    app.open_client(live_plan);
    app.key(KeyCode::Char('p'));
    app.typed("2027-03-01");
    app.key(KeyCode::Tab);
    app.typed("2027-02-01");
    let shown = app.error(T::PeriodTo).expect("caught while typing");
    assert!(shown.contains("2027-03-01"), "{shown}");
    // The start corrected: the message goes, without a save.
    app.press(KeyCode::BackTab, KeyModifiers::SHIFT);
    app.typed("2027-01-15");
    assert_eq!(app.error(T::PeriodTo), None);
    app.typed("");
    app.ctrl(KeyCode::Char('u'));
    app.typed("2027-02-10");
    let shown = app.error(T::PeriodTo).expect("out of order again");
    assert!(
        shown.contains("2027-02-10") && !shown.contains("2027-03-01"),
        "{shown}"
    );
}

/// A new revision's period ends with the certification in force, not a later one on record.
#[test]
fn the_default_plan_period_ends_with_the_certification_in_force() {
    let mut app = App::new();
    app.open_client(|c| {
        live_plan(c)
            && c.certifications
                .iter()
                .any(|x| x.fields.valid_from <= common::today())
    });
    let today = common::today();
    let in_force = app
        .client()
        .unwrap()
        .certifications
        .iter()
        .filter(|x| x.fields.valid_from <= today)
        .filter_map(|x| x.fields.valid_to.filter(|t| *t >= today))
        .min();
    app.key(KeyCode::Char('p'));
    if let Some(end) = in_force {
        assert_eq!(app.value(T::PeriodTo), end.to_string());
    }
}

/// Esc goes back where the screen was opened from; the tab bar shows the screen on view.
#[test]
fn esc_returns_to_home_and_the_tab_bar_follows_the_screen() {
    let mut app = App::new();
    assert_eq!(app.model.tab, Tab::Home);
    // ホーム's Enter on each deadline until one opens another tab's screen.
    let n = app.model.deadlines.len();
    let mut returned = 0;
    for i in 0..n {
        app.key(KeyCode::Char('1'));
        app.model.home.selected = i;
        app.key(KeyCode::Enter);
        if app.model.tab == Tab::Home {
            let record = matches!(
                app.model.overlays.last(),
                Some(Overlay::Detail {
                    detail: careplan::tui::model::Detail::Client(_),
                    ..
                })
            );
            if !record {
                // A form (the office's) or nothing: not a screen of another tab.
                while !app.model.overlays.is_empty() {
                    app.key(KeyCode::Esc);
                    if matches!(app.model.overlays.last(), Some(Overlay::Confirm(_))) {
                        app.key(KeyCode::Char('y'));
                    }
                }
                continue;
            }
            // A client's record over ホーム: the tab bar says 利用者, Esc is ホーム again.
            assert_eq!(app.model.shown_tab(), Tab::Clients);
            app.key(KeyCode::Esc);
            assert_eq!(app.model.tab, Tab::Home);
            assert_eq!(app.model.shown_tab(), Tab::Home);
            continue;
        }
        assert_eq!(app.model.shown_tab(), app.model.tab);
        for _ in 0..3 {
            if app.model.tab == Tab::Home {
                break;
            }
            app.key(KeyCode::Esc);
        }
        assert_eq!(app.model.tab, Tab::Home, "Esc goes back to ホーム");
        returned += 1;
    }
    assert!(returned > 0, "no deadline opened another tab");
    // A tab chosen by its key forgets where it was opened from.
    app.key(KeyCode::Char('6'));
    app.key(KeyCode::Esc);
    assert_eq!(app.model.tab, Tab::Board);
}

/// Number keys leave the 集中減算 view (and every other window that is not a form).
#[test]
fn number_keys_work_over_the_concentration_view() {
    let mut app = App::new();
    app.key(KeyCode::Char('5'));
    app.key(KeyCode::Char('C'));
    assert!(matches!(
        app.model.overlays.last(),
        Some(Overlay::Concentration)
    ));
    app.key(KeyCode::Char('2'));
    assert_eq!(app.model.tab, Tab::Clients);
    assert!(app.model.overlays.is_empty());
}

/// The help scrolls by line, page and to its ends, and stops at its last line.
#[test]
fn help_scrolls_by_page_and_to_its_ends_and_stops_at_the_end() {
    let mut app = App::new();
    app.key(KeyCode::Char('?'));
    let scroll = |app: &App| match app.model.overlays.last() {
        Some(Overlay::Help { scroll }) => *scroll,
        _ => panic!("no help"),
    };
    app.key(KeyCode::Char('G'));
    let end = scroll(&app);
    assert!(end > 0);
    app.key(KeyCode::Char('j'));
    app.key(KeyCode::PageDown);
    assert_eq!(scroll(&app), end, "stops at its end");
    app.key(KeyCode::PageUp);
    assert!(scroll(&app) < end);
    app.key(KeyCode::Home);
    assert_eq!(scroll(&app), 0);
    app.key(KeyCode::End);
    assert_eq!(scroll(&app), end);
    app.key(KeyCode::Char('g'));
    assert_eq!(scroll(&app), 0);
    // The last line is on the window's last row: the help drawn at 80×24 ends with it.
    app.key(KeyCode::Char('G'));
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    t.draw(|f| careplan::tui::view::view(&app.model, f))
        .unwrap();
    let screen = format!("{}", t.backend());
    let sections = careplan::tui::key_table::help_sections(app.model.lang);
    let last = sections.last().unwrap().lines.last().unwrap().1;
    let rows: Vec<&str> = screen.lines().collect();
    let at = rows
        .iter()
        .position(|r| r.contains(last))
        .expect("last line shown");
    // Below it: the blank line closing its section, the frame, the footer.
    assert!(at + 4 >= rows.len(), "{screen}");
    // Every alias is listed: Space with v.
    let all: Vec<String> = sections
        .iter()
        .flat_map(|s| s.lines.iter().map(|(k, _)| k.clone()))
        .collect();
    assert!(all.iter().any(|k| k == "v / Space"), "{all:?}");
}

/// Word keys in a text field: Ctrl+← → by word, Ctrl+W and Alt+Backspace delete one.
#[test]
fn word_keys_edit_a_text_field() {
    let mut app = App::new();
    app.open_client(|_| true);
    app.key(KeyCode::Char('e'));
    while app.focused() != T::Address {
        app.key(KeyCode::Tab);
    }
    app.typed("東京都港区芝公園");
    app.press(KeyCode::Backspace, KeyModifiers::ALT);
    assert_eq!(app.value(T::Address), "");
    app.typed("さくら町 1-2-3");
    for _ in 0..5 {
        app.ctrl(KeyCode::Left);
    }
    app.ctrl(KeyCode::Char('w'));
    assert_eq!(app.value(T::Address), "さくら1-2-3");
    app.ctrl(KeyCode::Right);
    app.typed("番");
    assert_eq!(app.value(T::Address), "さくら1番-2-3");
}

/// A message under one field that names another's value follows that value: a corrected
/// birth date leaves no old date under the contract date.
#[test]
fn a_message_naming_another_fields_value_is_recomputed_from_it() {
    let mut app = App::new();
    app.open_client(|_| true);
    let contract = app.client().unwrap().fields.contract_date;
    app.key(KeyCode::Char('e'));
    while app.focused() != T::BirthDate {
        app.key(KeyCode::Tab);
    }
    let after = |days| (contract + chrono::Days::new(days)).to_string();
    app.typed(&after(10));
    let shown = app
        .error(T::ContractDate)
        .expect("birth after the contract");
    assert!(shown.contains(&after(10)), "{shown}");
    app.ctrl(KeyCode::Char('u'));
    app.typed(&after(20));
    let shown = app.error(T::ContractDate).expect("still after");
    assert!(
        shown.contains(&after(20)) && !shown.contains(&after(10)),
        "{shown}"
    );
    app.ctrl(KeyCode::Char('u'));
    app.typed("S15.3.2");
    assert_eq!(app.error(T::ContractDate), None);
}

/// A staff member's corrections list offers no `c` / `p` (a client's certifications and
/// plans), which do nothing there.
#[test]
fn the_staff_corrections_footer_offers_only_keys_that_work() {
    let mut app = App::new();
    app.key(KeyCode::Char('4'));
    app.key(KeyCode::Enter);
    app.key(KeyCode::Char('x'));
    assert!(matches!(
        app.model.overlays.last(),
        Some(Overlay::Corrections(_))
    ));
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    t.draw(|f| careplan::tui::view::view(&app.model, f))
        .unwrap();
    let screen = format!("{}", t.backend());
    let footer = screen.lines().last().unwrap().to_string();
    assert!(footer.contains("w 取り消し"), "{footer}");
    assert!(
        !footer.contains("c 認定へ") && !footer.contains("p 計画へ"),
        "{footer}"
    );
    assert_eq!(app.model.shown_tab(), Tab::Office);
}
