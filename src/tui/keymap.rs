//! Keys → commands, per context: the words (contexts, commands, keys, bindings, footer hints),
//! the keys of every screen (`GLOBAL`) and of every list, and how a room resolves a key against
//! its own bindings. Each screen's room lists its bindings and hints next to what they do;
//! `key_table` gathers them for the help and the footers.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Global,
    /// ホーム's deadline list.
    Home,
    List,
    Detail,
    Office,
    Caseload,
    /// The 特定事業所集中減算 view over 件数.
    Concentration,
    /// The office's 体制 panel over 職員・事業所.
    OfficeSystem,
    Board,
    Batch,
    Reviews,
    /// What a move-in (careplan migrate) left for review.
    MoveIn,
    Enrollment,
    /// The list of a record's entries to correct or withdraw.
    Corrections,
    /// A client's case record (支援経過).
    CaseRecord,
    /// The month's monitoring by client.
    Monitoring,
    /// A plan revision's process steps, over the client's record.
    PlanSteps,
    Form,
    Confirm,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Quit,
    Help,
    GoTab(usize),
    NextTab,
    PrevTab,
    Up,
    Down,
    PageUp,
    PageDown,
    First,
    Last,
    Search,
    Open,
    New,
    Edit,
    Delete,
    Back,
    AddCertification,
    MarkNoBenefit,
    EditOffice,
    Save,
    NextField,
    PrevField,
    Yes,
    No,
    PrevMonth,
    NextMonth,
    CycleBand,
    CycleCareManager,
    MoreCare,
    LessCare,
    MoreSupport,
    LessSupport,
    MoreFte,
    LessFte,
    CycleFeeSchedule,
    ResetWhatIf,
    Left,
    Right,
    MarkSent,
    MarkRowSent,
    MarkProviderSent,
    MarkReceived,
    MarkProviderReceived,
    Withdraw,
    CycleChannel,
    CycleFilter,
    PaperBatch,
    MarkAllSent,
    NewPlan,
    PlanStatus,
    CycleSort,
    OfficePanel,
    RecordObservation,
    AddOutreach,
    ToggleCellText,
    ImportExchange,
    OpenReviews,
    /// The move-in review list (ホーム, the plans board).
    OpenMoveIn,
    MoveInDone,
    MoveInWithdraw,
    AcceptTheirs,
    KeepOurs,
    CreateClient,
    ExcludeProvider,
    AddProvider,
    /// On the board: the cursor cell's client / provider, in its detail.
    OpenClient,
    OpenProvider,
    /// Open the list of records to correct or withdraw.
    Corrections,
    /// In the corrections list: to the newest certification / plan revision.
    ToCertifications,
    ToPlans,
    /// On 職員・事業所: the office's 体制 panel; in it, its records.
    OpenOfficeSystem,
    SetHours,
    CloseDays,
    OpenDays,
    WithdrawDays,
    SetPeriod,
    /// In the corrections list: to the newest stay / 同一建物 period.
    ToStays,
    ToSameBuilding,
    /// On 件数: the 特定事業所集中減算 view.
    Concentration,
    /// In the case record: show / hide corrected and withdrawn entries.
    ToggleHistory,
    /// In the case record: the selected entry's whole text takes the screen.
    ToggleFull,
    /// Write a case-record entry; open the client's case record.
    WriteNote,
    OpenCaseRecord,
    /// From the client's record: the plan's steps.
    OpenPlanSteps,
    /// In the plan steps: the hand-over to every provider lacking it; checked on paper.
    HandOverAll,
    PaperCheck,
    /// On a client: the consent to video monitoring.
    VideoConsent,
    /// On a client: the 同一建物 period (a new one, or the latest corrected).
    SameBuilding,
    /// On a client: the ターミナル consent and the death.
    Terminal,
    /// On a client: record a hospital or facility stay.
    AddStay,
    /// On a client: correct the latest stay (enter its discharge).
    EditStay,
    /// In the paper batch: the 送付状 as a printable file, of the selected provider or of all.
    PrintBatch,
    PrintBatchAll,
    /// From a client's detail: this month's board at the client's row.
    OpenBoardRow,
}

#[derive(Debug, Clone, Copy)]
pub enum Key {
    Char(char),
    Ctrl(char),
    Code(KeyCode),
    BackTab,
}

impl Key {
    fn matches(&self, ev: &KeyEvent, folded: Option<char>) -> bool {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        match *self {
            Key::Char(c) => !ctrl && folded == Some(c),
            Key::Ctrl(c) => ctrl && folded.map(|f| f.to_ascii_lowercase()) == Some(c),
            Key::Code(code) => ev.code == code,
            Key::BackTab => ev.code == KeyCode::BackTab,
        }
    }
    pub fn label(&self) -> String {
        match self {
            // A space reads as nothing: named.
            Key::Char(' ') => "Space".into(),
            Key::Char(c) => c.to_string(),
            Key::Ctrl(c) => format!("Ctrl+{}", c.to_ascii_uppercase()),
            Key::BackTab => "Shift+Tab".into(),
            Key::Code(code) => match code {
                KeyCode::Up => "↑".into(),
                KeyCode::Down => "↓".into(),
                KeyCode::Left => "←".into(),
                KeyCode::Right => "→".into(),
                KeyCode::PageUp => "PgUp".into(),
                KeyCode::PageDown => "PgDn".into(),
                KeyCode::Home => "Home".into(),
                KeyCode::End => "End".into(),
                KeyCode::Enter => "Enter".into(),
                KeyCode::Esc => "Esc".into(),
                KeyCode::Tab => "Tab".into(),
                other => format!("{other:?}"),
            },
        }
    }
}

#[derive(Clone)]
pub struct Binding {
    pub context: Context,
    pub keys: &'static [Key],
    pub command: Command,
    pub ja: &'static str,
    pub en: &'static str,
}

pub(super) const fn b(
    context: Context,
    keys: &'static [Key],
    command: Command,
    ja: &'static str,
    en: &'static str,
) -> Binding {
    Binding {
        context,
        keys,
        command,
        ja,
        en,
    }
}

use Context::*;
use Key::{Char, Code, Ctrl};

/// The keys that move through a list, the same on every list (利用者, 事業所, 支援経過,
/// モニタリング): one line, a page, the ends.
pub(super) const fn list_moves(c: Context) -> [Binding; 6] {
    [
        b(
            c,
            &[Char('j'), Code(KeyCode::Down)],
            Command::Down,
            "下へ",
            "down",
        ),
        b(
            c,
            &[Char('k'), Code(KeyCode::Up)],
            Command::Up,
            "上へ",
            "up",
        ),
        b(
            c,
            &[Code(KeyCode::PageDown), Ctrl('f')],
            Command::PageDown,
            "次のページ",
            "page down",
        ),
        b(
            c,
            &[Code(KeyCode::PageUp), Ctrl('b')],
            Command::PageUp,
            "前のページ",
            "page up",
        ),
        b(
            c,
            &[Code(KeyCode::Home), Char('g')],
            Command::First,
            "先頭",
            "first",
        ),
        b(
            c,
            &[Code(KeyCode::End), Char('G')],
            Command::Last,
            "末尾",
            "last",
        ),
    ]
}

/// The keys that work on every screen (a window in front may take them first).
pub(super) const GLOBAL: &[Binding] = &[
    b(Global, &[Char('1')], Command::GoTab(0), "ホーム", "Home"),
    b(Global, &[Char('2')], Command::GoTab(1), "利用者", "Clients"),
    b(
        Global,
        &[Char('3')],
        Command::GoTab(2),
        "事業所",
        "Providers",
    ),
    b(
        Global,
        &[Char('4')],
        Command::GoTab(3),
        "職員・事業所",
        "Office & staff",
    ),
    b(Global, &[Char('5')], Command::GoTab(4), "件数", "Caseload"),
    b(
        Global,
        &[Char('6')],
        Command::GoTab(5),
        "計画・送付",
        "Plans & deliveries",
    ),
    b(
        Global,
        &[Char('7')],
        Command::GoTab(6),
        "加入",
        "Enrollment",
    ),
    b(
        Global,
        &[Char('8')],
        Command::GoTab(7),
        "モニタリング",
        "Monitoring",
    ),
    b(
        Global,
        &[Code(KeyCode::Tab)],
        Command::NextTab,
        "次のタブ",
        "next tab",
    ),
    b(
        Global,
        &[Key::BackTab],
        Command::PrevTab,
        "前のタブ",
        "previous tab",
    ),
    b(
        Global,
        &[Char('?')],
        Command::Help,
        "このヘルプ",
        "this help",
    ),
    b(
        Global,
        &[Char('q'), Ctrl('c')],
        Command::Quit,
        "終了",
        "quit",
    ),
];

/// The keys of a yes/no question (every window that asks one), and of the help.
pub(super) const CONFIRM: &[Binding] = &[
    b(Confirm, &[Char('y')], Command::Yes, "はい", "yes"),
    b(
        Confirm,
        &[Char('n'), Code(KeyCode::Esc)],
        Command::No,
        "いいえ",
        "no",
    ),
];

/// Full-width ASCII typed with an IME left on (ｊ, ／, ？) is read as ASCII in command mode.
pub fn fold_key_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// The command for a key in `context`, from a room's own bindings (`own`): a list's moves
/// first where the context is a list, then the room's, then those of every screen (Global) —
/// except in a form or a confirmation, which take only their own (so typing "q" in a field
/// types a q; Ctrl+C still quits, saving any form as a draft).
pub fn resolve_in(own: &[Binding], context: Context, ev: &KeyEvent) -> Option<Command> {
    let folded = match ev.code {
        KeyCode::Char(c) => Some(fold_key_char(c)),
        _ => None,
    };
    let find = |table: &[Binding], ctx: Context| {
        table
            .iter()
            .filter(|bd| bd.context == ctx)
            .find(|bd| bd.keys.iter().any(|k| k.matches(ev, folded)))
            .map(|bd| bd.command)
    };
    match context {
        Form | Confirm => find(own, context).or_else(|| {
            (ev.modifiers.contains(KeyModifiers::CONTROL) && folded == Some('c'))
                .then_some(Command::Quit)
        }),
        List | CaseRecord | Monitoring => find(&list_moves(context), context)
            .or_else(|| find(own, context))
            .or_else(|| find(GLOBAL, Global)),
        _ => find(own, context).or_else(|| find(GLOBAL, Global)),
    }
}

/// One footer hint: commands whose keys are shown (taken from `BINDINGS`) and a short word.
pub(super) struct Hint {
    pub(super) commands: &'static [Command],
    pub(super) ja: &'static str,
    pub(super) en: &'static str,
}

pub(super) const fn h(commands: &'static [Command], ja: &'static str, en: &'static str) -> Hint {
    Hint { commands, ja, en }
}

pub(super) const HELP_HINT: Hint = h(&[Command::Help], "ヘルプ", "help");
