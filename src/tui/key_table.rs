//! The table of every key (`BINDINGS`): each room's own bindings gathered with the keys of
//! every screen, and what is generated from it — the help screen and the tabs' footers, so they
//! can never promise a key that does something else (or nothing) where they show it — and the
//! dispatcher's resolving of a key on a tab.

use super::keymap::Context::*;
use super::keymap::{
    Binding, CONFIRM, Command, Context, GLOBAL, Hint, Key, list_moves, resolve_in,
};
use crate::domain::Lang;
use crossterm::event::KeyEvent;
use std::sync::LazyLock;

/// Every binding: each room's own (in its module, next to what it does), then those of
/// every screen. Within a context the first match wins.
pub static BINDINGS: LazyLock<Vec<Binding>> = LazyLock::new(|| {
    [
        super::home::BINDINGS,
        super::caseload::BINDINGS,
        super::concentration::BINDINGS,
        super::board::BINDINGS,
        super::reviews::BINDINGS,
        super::move_in::BINDINGS,
        super::batch::BINDINGS,
        super::enrollment::BINDINGS,
        GLOBAL,
        &list_moves(List),
        super::lists::LIST_BINDINGS,
        super::detail::BINDINGS,
        super::corrections::BINDINGS,
        &list_moves(CaseRecord),
        super::case_record::BINDINGS,
        super::plan_steps::BINDINGS,
        &list_moves(Monitoring),
        super::monitoring::BINDINGS,
        super::lists::OFFICE_BINDINGS,
        super::office_system::BINDINGS,
        super::forms::BINDINGS,
        CONFIRM,
    ]
    .concat()
});

/// The keys a form's field takes that are not commands (`Ctrl+W`, `Ctrl+←` …), one label each, as
/// the help lists them.
pub fn editing_keys() -> impl Iterator<Item = &'static str> {
    super::forms::EDITING_KEYS
        .iter()
        .flat_map(|(_, keys, _, _)| keys.split(" / "))
}

/// The command for a key in `context`, from the whole table.
pub fn resolve(context: Context, ev: &KeyEvent) -> Option<Command> {
    resolve_in(&BINDINGS, context, ev)
}

/// The help's sections, in this order: keys that work everywhere, then each screen's.
pub const HELP_ORDER: [Context; 19] = [
    Global,
    Home,
    List,
    Detail,
    PlanSteps,
    CaseRecord,
    Corrections,
    Office,
    OfficeSystem,
    Caseload,
    Concentration,
    Board,
    Batch,
    Reviews,
    MoveIn,
    Enrollment,
    Monitoring,
    Form,
    Confirm,
];

fn title(c: Context, lang: Lang) -> &'static str {
    match c {
        Global => lang.pick("どこでも", "Everywhere"),
        Home => lang.pick("ホーム（期限の一覧）", "Home (the deadlines)"),
        List => lang.pick("利用者・事業所の一覧", "Client and provider lists"),
        Detail => lang.pick("詳細", "Detail"),
        Office => lang.pick("職員・事業所", "Office & staff"),
        OfficeSystem => lang.pick(
            "事業所の体制と特定事業所加算（職員・事業所で t）",
            "Office set-up and 特定事業所加算 (t on Office)",
        ),
        Caseload => lang.pick("件数", "Caseload"),
        Concentration => lang.pick(
            "特定事業所集中減算（件数で C）",
            "Concentration (C on Caseload)",
        ),
        Board => lang.pick("計画・送付", "Plans & deliveries"),
        Batch => lang.pick("FAX・郵送の一括送付", "Paper batch"),
        Reviews => lang.pick("取り込みの確認待ち", "Import reviews"),
        MoveIn => lang.pick(
            "移行の確認待ち（ホームで m、計画・送付で M）",
            "Move-in reviews (m on Home, M on Plans)",
        ),
        Enrollment => lang.pick("加入", "Enrollment"),
        Corrections => lang.pick("訂正・取り消し", "Corrections"),
        CaseRecord => lang.pick("支援経過", "Case record"),
        PlanSteps => lang.pick("計画の手順（利用者で s）", "Plan steps (s on a client)"),
        Monitoring => lang.pick("モニタリング", "Monitoring"),
        Form => lang.pick("入力フォーム", "Forms"),
        Confirm => lang.pick("確認", "Confirmations"),
    }
}

/// One section of the help: a context's title and its (keys, description) lines.
pub struct HelpSection {
    pub context: Context,
    pub title: &'static str,
    pub lines: Vec<(String, &'static str)>,
}

/// The help generated from the table, one section per context (`HELP_ORDER`).
pub fn help_sections(lang: Lang) -> Vec<HelpSection> {
    let mut sections: Vec<HelpSection> = HELP_ORDER
        .iter()
        .map(|&ctx| HelpSection {
            context: ctx,
            title: title(ctx, lang),
            lines: BINDINGS
                .iter()
                .filter(|bd| bd.context == ctx)
                .map(|bd| {
                    let keys: Vec<String> = bd.keys.iter().map(Key::label).collect();
                    (keys.join(" / "), lang.pick(bd.ja, bd.en))
                })
                // A form's editing keys are not commands, but are keys all the same.
                .chain(
                    (ctx == Context::Form)
                        .then_some(super::forms::EDITING_KEYS)
                        .into_iter()
                        .flatten()
                        .map(|(kj, ke, ja, en)| (lang.pick(kj, ke).to_string(), lang.pick(ja, en))),
                )
                .collect(),
        })
        .collect();
    // Last, what the forms' short labels leave out.
    sections.push(HelpSection {
        context: Context::Form,
        title: super::i18n::T::FieldNotesTitle.s(lang),
        lines: super::form::LABEL_NOTES
            .iter()
            .map(|(label, note)| (label.s(lang).to_string(), note.s(lang)))
            .collect(),
    });
    sections
}

/// How many lines the help has (each section's title, lines and a blank line).
pub fn help_len(lang: Lang) -> usize {
    help_sections(lang).iter().map(|s| s.lines.len() + 2).sum()
}

/// The help's line where `context`'s section starts (a title, its lines, a blank line each),
/// so that `?` opens at the keys of the screen it was pressed on.
pub fn help_start(context: Context, lang: Lang) -> u16 {
    let mut at = 0usize;
    for s in help_sections(lang) {
        if s.context == context {
            break;
        }
        at += s.lines.len() + 2;
    }
    u16::try_from(at).unwrap_or(u16::MAX)
}

/// The footer of each tab's screen: its room's hints, most used first; `?` always last.
fn hints(context: Context) -> &'static [Hint] {
    match context {
        Home => super::home::HINTS,
        List => super::lists::LIST_HINTS,
        Office => super::lists::OFFICE_HINTS,
        Caseload => super::caseload::HINTS,
        Board => super::board::HINTS,
        Enrollment => super::enrollment::HINTS,
        CaseRecord => super::case_record::HINTS,
        PlanSteps => super::plan_steps::HINTS,
        Monitoring => super::monitoring::HINTS,
        _ => &[],
    }
}

/// The keys that run `command` in `context`, as `resolve` finds them (its own, else Global's).
fn keys_of(context: Context, command: Command) -> Option<&'static [Key]> {
    let find = |ctx: Context| {
        BINDINGS
            .iter()
            .find(|bd| bd.context == ctx && bd.command == command)
            .map(|bd| bd.keys)
    };
    match context {
        Form | Confirm => find(context),
        _ => find(context).or_else(|| find(Global)),
    }
}

/// A tab's footer hints ("j/k 移動"), generated from the table: each shows the first key of
/// each of its commands in `context`; a hint whose command has no key there is left out. Tab
/// numbers read as a range ("1-7").
pub fn footer(context: Context, lang: Lang) -> Vec<String> {
    hints(context)
        .iter()
        .filter_map(|hint| {
            let labels: Vec<String> = hint
                .commands
                .iter()
                .map(|c| keys_of(context, *c).and_then(|k| k.first()).map(Key::label))
                .collect::<Option<_>>()?;
            let sep = if matches!(hint.commands, [Command::GoTab(_), ..]) {
                "-"
            } else {
                "/"
            };
            Some(format!(
                "{} {}",
                labels.join(sep),
                lang.pick(hint.ja, hint.en)
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyEventKind, KeyModifiers};

    fn key(c: char) -> KeyEvent {
        KeyEvent::new_with_kind(KeyCode::Char(c), KeyModifiers::NONE, KeyEventKind::Press)
    }

    #[test]
    fn full_width_keys_fold_in_command_mode() {
        assert_eq!(resolve(Context::List, &key('ｊ')), Some(Command::Down));
        assert_eq!(resolve(Context::List, &key('／')), Some(Command::Search));
        assert_eq!(resolve(Context::List, &key('２')), Some(Command::GoTab(1)));
    }

    #[test]
    fn typing_q_in_a_form_is_text() {
        assert_eq!(resolve(Context::Form, &key('q')), None);
    }

    #[test]
    fn no_two_bindings_share_a_key_in_one_context() {
        for ctx in HELP_ORDER {
            let mut seen = Vec::new();
            for bd in BINDINGS.iter().filter(|bd| bd.context == ctx) {
                for k in bd.keys {
                    let l = k.label();
                    assert!(!seen.contains(&l), "{ctx:?} {l}");
                    seen.push(l);
                }
            }
        }
    }

    fn press(label: &str) -> KeyEvent {
        let code = match label {
            "↑" => KeyCode::Up,
            "↓" => KeyCode::Down,
            "←" => KeyCode::Left,
            "→" => KeyCode::Right,
            "Enter" => KeyCode::Enter,
            "Esc" => KeyCode::Esc,
            "PgUp" => KeyCode::PageUp,
            "PgDn" => KeyCode::PageDown,
            other => KeyCode::Char(other.chars().next().unwrap()),
        };
        KeyEvent::new_with_kind(code, KeyModifiers::NONE, KeyEventKind::Press)
    }

    /// Every key a footer shows runs the command it is shown for on that screen.
    #[test]
    fn footers_show_only_keys_that_work_there() {
        for ctx in HELP_ORDER {
            let pieces = footer(ctx, Lang::Ja);
            assert_eq!(
                pieces.len(),
                hints(ctx).len(),
                "{ctx:?}: a hint lost its key"
            );
            for (piece, hint) in pieces.iter().zip(hints(ctx)) {
                let keys = piece.split(' ').next().unwrap();
                let sep = if keys == "1-8" { '-' } else { '/' };
                let labels: Vec<&str> = if keys == "/" {
                    vec!["/"]
                } else {
                    keys.split(sep).collect()
                };
                assert_eq!(labels.len(), hint.commands.len(), "{ctx:?} {piece}");
                for (label, cmd) in labels.iter().zip(hint.commands) {
                    let expect = match cmd {
                        Command::GoTab(_) if *label == "8" => Command::GoTab(7),
                        c => *c,
                    };
                    assert_eq!(resolve(ctx, &press(label)), Some(expect), "{ctx:?} {piece}");
                }
            }
        }
        assert_eq!(
            footer(Home, Lang::Ja).join("  "),
            "j/k 移動  Enter 開く  c 担当  f 種類  1-8 タブ  q 終了  ? ヘルプ"
        );
    }

    #[test]
    fn help_opens_at_the_screens_section() {
        let sections = help_sections(Lang::Ja);
        let mut lines = Vec::new();
        for s in &sections {
            lines.push(s.title.to_string());
            lines.extend(s.lines.iter().map(|(k, _)| k.clone()));
            lines.push(String::new());
        }
        for ctx in HELP_ORDER {
            let at = usize::from(help_start(ctx, Lang::Ja));
            assert_eq!(lines[at], title(ctx, Lang::Ja));
        }
        // Each context once: the board's keys are not split in two sections.
        // (the last section explains the forms' short labels)
        assert_eq!(sections.len(), HELP_ORDER.len() + 1);
        let home = &sections[1];
        assert_eq!(home.context, Home);
        assert!(home.lines.iter().any(|(k, _)| k == "Enter"));
        assert!(!home.lines.iter().any(|(k, _)| k == "/" || k == "n"));
    }
}
