//! The terminal app, in The Elm Architecture: `update` changes the `Model`, `view` draws it,
//! `effects::Runner` does the I/O. Input and signals arrive on one channel; the screen is
//! drawn once after each batch of events, and only if something changed.

pub mod action;
mod allocator;
mod batch;
mod board;
pub mod body;
pub mod case_record;
mod caseload;
pub mod choices;
pub mod concentration;
pub mod corrections;
mod detail;
mod dialogs;
pub mod effects;
mod enrollment;
pub mod form;
mod forms;
pub mod home;
pub mod i18n;
pub mod key_table;
pub mod keymap;
mod lists;
pub mod merge;
pub mod model;
pub mod monitoring;
mod move_in;
pub mod office_system;
pub mod plan_lines;
pub mod plan_steps;
pub mod record;
mod reviews;
mod room;
mod room_state;
pub mod subject;
pub mod update;
pub mod view;
mod words;

use self::i18n::T;
use crate::cli::Cli;
use crate::config::Config;
use crate::store::{Actor, Store};
use color_eyre::eyre::{Result, WrapErr};
use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen};
use effects::Runner;
use model::Model;
use ratatui::DefaultTerminal;
use std::collections::VecDeque;
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant};
use update::{Action, update};

/// How often another session's saved changes are looked for.
const POLL: Duration = Duration::from_millis(800);

/// Puts the terminal back as it was. Silent on purpose: after SSH drops, the terminal is gone,
/// and a message about failing to restore it would itself fail (and abort the exit).
fn restore_quietly() {
    let _ = crossterm::terminal::disable_raw_mode();
    let _ = crossterm::execute!(
        std::io::stdout(),
        DisableBracketedPaste,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

/// Raw mode, alternate screen and bracketed paste, restored by `TerminalGuard` and, on a panic,
/// by the hook installed here before the previous (color-eyre) one reports it. No keyboard
/// enhancement flags: they break Japanese IME input in several terminals.
fn init_terminal() -> Result<DefaultTerminal> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_quietly();
        previous(info);
    }));
    crossterm::terminal::enable_raw_mode()
        .wrap_err("端末を操作できません（端末で実行してください）")?;
    crossterm::execute!(
        std::io::stdout(),
        EnterAlternateScreen,
        EnableBracketedPaste
    )?;
    Ok(ratatui::Terminal::new(
        ratatui::backend::CrosstermBackend::new(std::io::stdout()),
    )?)
}

/// Restores the terminal however the app ends (return, error or panic unwinding).
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_quietly();
    }
}

/// A throwaway folder for `--demo`, removed when the app ends.
struct DemoDir(std::path::PathBuf);

impl Drop for DemoDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn run(cli: &Cli, config: &Config) -> Result<ExitCode> {
    allocator::return_large_blocks();
    let today = crate::commands::today();
    let mut _demo_dir = None;
    let store = if cli.demo {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::Builder::new()
            .prefix("careplan-demo-")
            .permissions(std::fs::Permissions::from_mode(0o700))
            .tempdir()
            .wrap_err("デモ用の一時フォルダを作成できません")?
            .keep();
        let store_path = dir.join("demo.db");
        _demo_dir = Some(DemoDir(dir));
        let mut store = Store::open(&store_path, Actor::from_env())?;
        crate::demo::generate(&mut store, 120, 1, today)?;
        store
    } else {
        crate::commands::open_store(cli, config)?
    };
    let mut runner = Runner::new(store, config.language, config.date_display, today);
    runner.costs = config.enrollment.costs();
    runner.top_n = config.enrollment.top_n;
    let mut model = Model::new(config.clone(), today);
    if cli.demo {
        model.title_note = Some(T::Demo.s(config.language).to_string());
    }
    model.read_only = runner.store.read_only().is_some();

    let (tx, rx) = mpsc::channel::<Action>();
    spawn_signal_thread(tx.clone())?;
    let _guard = TerminalGuard;
    // Never dropped: ratatui's Terminal reports a failure to show the cursor on drop with
    // eprintln!, which panics (and aborts the exit) when SSH has dropped. The guard restores.
    let mut terminal = std::mem::ManuallyDrop::new(init_terminal()?);
    let worker_tx = tx.clone();
    spawn_input_thread(tx);

    // The screen's frame at once (tabs, footer, 「読み込み中…」), then ホーム complete in one
    // more frame once everything it shows is read (`load_with_deadlines`).
    if let Ok(size) = terminal.size() {
        update(&mut model, Action::Resize(size.width, size.height));
    }
    terminal.draw(|f| view::view(&model, f))?;
    model.dirty = false;
    let mut data = load_with_deadlines(&runner, today)?;
    allocator::give_back_freed();
    runner.keep_facts(&data.facts);
    // Counts computed afresh are kept once ホーム is on screen, through this connection.
    let mut keep = data.ledger.as_mut().and_then(|l| l.keep.take());

    let mut queue: VecDeque<Action> = VecDeque::new();
    queue.push_back(Action::Loaded {
        data: Box::new(data),
        external: false,
    });
    if let Some(a) = runner.pending_draft() {
        queue.push_back(a);
    }
    let mut next_poll = Instant::now() + POLL;
    let mut draft_saved = false;
    // Work that can wait until the screen is up to date (ホーム's deadlines).
    let mut deferred: Option<update::Effect> = None;
    loop {
        while let Some(action) = queue.pop_front() {
            if matches!(action, Action::Key(_)) {
                model.now = chrono::Local::now().naive_local();
            }
            for effect in update(&mut model, action) {
                draft_saved |= matches!(effect, update::Effect::SaveDraft { .. });
                if effect == update::Effect::LoadDeadlines {
                    deferred = Some(effect);
                } else if let update::Effect::ImportExchange(folders) = effect {
                    spawn_import(
                        worker_tx.clone(),
                        runner.store.path().to_path_buf(),
                        folders,
                    );
                } else {
                    queue.extend(runner.run(effect));
                }
            }
        }
        if model.quit {
            break;
        }
        if model.dirty {
            model.dirty = false;
            // A terminal that vanished mid-draw (SSH dropped) ends the session like a hangup,
            // so the form being typed is still kept as a draft.
            if terminal.draw(|f| view::view(&model, f)).is_err() {
                queue.push_back(Action::Hangup);
                continue;
            }
        }
        if let Some(effect) = deferred.take() {
            queue.extend(runner.run(effect));
            continue;
        }
        // Once the screen is up to date: the search keys, so the first search is instant.
        model.data.ensure_keys();
        // Only a session that may write keeps them (a read-only one computed what it shows).
        if let Some(k) = keep.take()
            && !model.read_only
        {
            crate::store::home::keep_month_counts(runner.store.conn(), k);
        }
        let wait = next_poll.saturating_duration_since(Instant::now());
        match rx.recv_timeout(wait) {
            Ok(a) => {
                queue.push_back(a);
                queue.extend(rx.try_iter());
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                next_poll = Instant::now() + POLL;
                model.now = chrono::Local::now().naive_local();
                let now = crate::commands::today();
                if now != model.today {
                    model.today = now;
                    runner.today = now;
                    model.dirty = true;
                }
                // A vanished terminal without SIGHUP (e.g. under nohup) reads as endless EOF:
                // the window size query fails then, and that ends the session like a hangup.
                if crossterm::terminal::size().is_err() {
                    queue.push_back(Action::Hangup);
                }
                queue.push_back(Action::Tick);
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => queue.push_back(Action::Hangup),
        }
    }
    drop(_guard);
    // With the terminal given back: this session's changes leave ホーム's counts current for
    // the next start (nothing to do when they are).
    if !model.read_only {
        let _ = crate::store::home::refresh_month_counts(runner.store.conn(), model.today);
    }
    drop(runner);
    if draft_saved {
        // Ignored if the terminal is gone: the draft is safe in the database either way.
        crate::present::output::complain(T::DraftKeptOnExit.s(config.language));
    }
    Ok(ExitCode::SUCCESS)
}

/// Everything ホーム shows, on two threads (two cores: half the wait): this one reads the
/// client list, another the ledger's deadline counts on its own connection, and whichever is
/// free first reads the rest (providers, staff, office, caseload facts) — the other thread
/// when the counts were kept, this one when they must be computed. Should the second
/// connection fail, the counts are read after the first frame, as on any reload.
fn load_with_deadlines(runner: &Runner, today: chrono::NaiveDate) -> Result<model::Data> {
    use std::sync::atomic::{AtomicBool, Ordering};
    let path = runner.store.path().to_path_buf();
    let access = runner.store.access();
    let rest_taken = AtomicBool::new(false);
    // The caseload facts once for both threads (judging the month needs them too).
    let facts = crate::store::caseload::Shared::default();
    std::thread::scope(|s| {
        let other = s.spawn(|| -> Result<(model::Data, bool)> {
            let store = Store::open_with(&path, Actor::from_env(), access)?;
            // Read once and closed: a page cache would only add to the session's peak memory
            // (a hint: the start goes on with the default cache if it is refused).
            let _ = store.conn().pragma_update(None, "cache_size", -256);
            let ledger = crate::store::home::ledger_deadlines_with(store.conn(), today, &facts)?;
            let mut data = model::Data {
                ledger: Some(ledger),
                ..model::Data::default()
            };
            let rest = !rest_taken.swap(true, Ordering::SeqCst);
            if rest {
                effects::load_rest_with(store.conn(), &mut data, &facts)?;
            }
            Ok((data, rest))
        });
        let clients = runner.load_clients()?;
        let mut here = model::Data::default();
        let rest_here = !rest_taken.swap(true, Ordering::SeqCst);
        if rest_here {
            effects::load_rest_with(runner.store.conn(), &mut here, &facts)?;
        }
        let mut data = match other.join().ok().and_then(Result::ok) {
            Some((data, true)) => data,
            Some((other, false)) => model::Data {
                ledger: other.ledger,
                ..here
            },
            None if rest_here => here,
            None => {
                effects::load_rest_with(runner.store.conn(), &mut here, &facts)?;
                here
            }
        };
        data.clients = clients;
        // Computed once: a count of the month judged from the same facts has done it already.
        data.month_caseload = Some(facts.month(&data.facts, today));
        Ok(data)
    })
}

/// An exchange import on its own thread and connection, reporting progress to the loop.
fn spawn_import(
    tx: mpsc::Sender<Action>,
    db: std::path::PathBuf,
    folders: Vec<std::path::PathBuf>,
) {
    std::thread::spawn(move || {
        let run = || -> Result<crate::exchange::ingest::Summary> {
            let mut store = Store::open(&db, Actor::from_env())?;
            let collected = crate::exchange::ingest::collect(&folders)?;
            let files = collected.files;
            let mut last = Instant::now();
            let summary = crate::exchange::ingest::import(
                &mut store,
                &files,
                Default::default(),
                &mut |done, total| {
                    // A few updates a second are enough to show it moving.
                    if done == total || last.elapsed() > Duration::from_millis(100) {
                        last = Instant::now();
                        let _ = tx.send(Action::ImportProgress { done, total });
                    }
                },
            )?;
            Ok(crate::exchange::ingest::Summary {
                skipped: collected.skipped,
                ..summary
            })
        };
        let result = run().map(Box::new).map_err(|e| {
            e.chain()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(" — ")
        });
        let _ = tx.send(Action::ImportDone(result));
    });
}

fn spawn_input_thread(tx: mpsc::Sender<Action>) {
    std::thread::spawn(move || {
        loop {
            let action = match event::read() {
                Ok(Event::Key(k)) => Action::Key(k),
                Ok(Event::Paste(s)) => Action::Paste(s),
                Ok(Event::Resize(w, h)) => Action::Resize(w, h),
                Ok(_) => continue,
                // The terminal is gone (SSH dropped): end like a hangup.
                Err(_) => {
                    let _ = tx.send(Action::Hangup);
                    return;
                }
            };
            if tx.send(action).is_err() {
                return;
            }
        }
    });
}

fn spawn_signal_thread(tx: mpsc::Sender<Action>) -> Result<()> {
    // SIGINT too: in raw mode Ctrl+C is a key, so a SIGINT comes from `kill -INT` (or a
    // supervisor) and ends the session as SIGTERM does, keeping what was typed.
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGHUP, SIGINT, SIGTERM, SIGQUIT])
        .wrap_err("シグナルの受信を設定できません")?;
    std::thread::spawn(move || {
        for _ in signals.forever() {
            if tx.send(Action::Hangup).is_err() {
                return;
            }
        }
    });
    Ok(())
}
