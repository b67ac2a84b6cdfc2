//! Keys → commands, per context. The help screen is generated from this table, so the two can
//! never disagree.

use crate::domain::Lang;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Global,
    List,
    Detail,
    Office,
    Caseload,
    Board,
    Batch,
    Reviews,
    Enrollment,
    /// The list of a record's entries to correct or withdraw.
    Corrections,
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
    AcceptTheirs,
    KeepOurs,
    CreateClient,
    ExcludeProvider,
    AddProvider,
    /// Open the list of records to correct or withdraw.
    Corrections,
    /// In the corrections list: to the newest certification / plan revision.
    ToCertifications,
    ToPlans,
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

pub struct Binding {
    pub context: Context,
    pub keys: &'static [Key],
    pub command: Command,
    pub ja: &'static str,
    pub en: &'static str,
}

const fn b(
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

pub const BINDINGS: &[Binding] = &[
    b(
        Caseload,
        &[Char('h'), Code(KeyCode::Left)],
        Command::PrevMonth,
        "前の月",
        "previous month",
    ),
    b(
        Caseload,
        &[Char('l'), Code(KeyCode::Right)],
        Command::NextMonth,
        "次の月",
        "next month",
    ),
    b(
        Caseload,
        &[Char('j'), Code(KeyCode::Down)],
        Command::Down,
        "一覧を下へ",
        "list down",
    ),
    b(
        Caseload,
        &[Char('k'), Code(KeyCode::Up)],
        Command::Up,
        "一覧を上へ",
        "list up",
    ),
    b(
        Caseload,
        &[Code(KeyCode::PageDown)],
        Command::PageDown,
        "次のページ",
        "page down",
    ),
    b(
        Caseload,
        &[Code(KeyCode::PageUp)],
        Command::PageUp,
        "前のページ",
        "page up",
    ),
    b(
        Caseload,
        &[Char('b')],
        Command::CycleBand,
        "区分で絞り込み（全て→(i)→(ii)→(iii)）",
        "filter by band (all → i → ii → iii)",
    ),
    b(
        Caseload,
        &[Char('c')],
        Command::CycleCareManager,
        "担当で絞り込み（順に切り替え）",
        "filter by care manager (cycles)",
    ),
    b(
        Caseload,
        &[Char('+')],
        Command::MoreCare,
        "試算: 要介護を1人増やす",
        "what-if: one more care client",
    ),
    b(
        Caseload,
        &[Char('-')],
        Command::LessCare,
        "試算: 要介護を1人減らす",
        "what-if: one care client fewer",
    ),
    b(
        Caseload,
        &[Char('s')],
        Command::MoreSupport,
        "試算: 要支援を1人増やす",
        "what-if: one more support client",
    ),
    b(
        Caseload,
        &[Char('S')],
        Command::LessSupport,
        "試算: 要支援を1人減らす",
        "what-if: one support client fewer",
    ),
    b(
        Caseload,
        &[Char('f')],
        Command::MoreFte,
        "試算: 常勤換算を0.1増やす",
        "what-if: FTE +0.1",
    ),
    b(
        Caseload,
        &[Char('F')],
        Command::LessFte,
        "試算: 常勤換算を0.1減らす",
        "what-if: FTE −0.1",
    ),
    b(
        Caseload,
        &[Char('t')],
        Command::CycleFeeSchedule,
        "試算: 費(I)/(II)を切り替え",
        "what-if: switch fee schedule",
    ),
    b(
        Caseload,
        &[Char('0')],
        Command::ResetWhatIf,
        "試算を元に戻す",
        "reset the what-if",
    ),
    b(
        Board,
        &[Code(KeyCode::Left), Char('<')],
        Command::PrevMonth,
        "前の月",
        "previous month",
    ),
    b(
        Board,
        &[Code(KeyCode::Right), Char('>')],
        Command::NextMonth,
        "次の月",
        "next month",
    ),
    b(
        Board,
        &[Char('j'), Code(KeyCode::Down)],
        Command::Down,
        "次の利用者",
        "next client",
    ),
    b(
        Board,
        &[Char('k'), Code(KeyCode::Up)],
        Command::Up,
        "前の利用者",
        "previous client",
    ),
    b(
        Board,
        &[Char('h'), Char(',')],
        Command::Left,
        "左の事業所",
        "provider to the left",
    ),
    b(
        Board,
        &[Char('l'), Char('.')],
        Command::Right,
        "右の事業所",
        "provider to the right",
    ),
    b(
        Board,
        &[Code(KeyCode::PageDown)],
        Command::PageDown,
        "次のページ",
        "page down",
    ),
    b(
        Board,
        &[Code(KeyCode::PageUp)],
        Command::PageUp,
        "前のページ",
        "page up",
    ),
    b(
        Board,
        &[Code(KeyCode::Home), Char('g')],
        Command::First,
        "先頭",
        "first",
    ),
    b(
        Board,
        &[Code(KeyCode::End), Char('G')],
        Command::Last,
        "末尾",
        "last",
    ),
    b(
        Board,
        &[Char('s')],
        Command::MarkSent,
        "この提供票を送付済みに",
        "mark this schedule sent",
    ),
    b(
        Board,
        &[Char('a')],
        Command::MarkRowSent,
        "この利用者の全事業所へ送付済みに",
        "mark this client's row sent",
    ),
    b(
        Board,
        &[Char('p')],
        Command::MarkProviderSent,
        "この事業所の全利用者分を送付済みに（確認あり）",
        "mark this provider's column sent (asks first)",
    ),
    b(
        Board,
        &[Char('r')],
        Command::MarkReceived,
        "この実績を受領済みに",
        "mark these actuals received",
    ),
    b(
        Board,
        &[Char('R')],
        Command::MarkProviderReceived,
        "この事業所の全利用者分の実績を受領済みに（確認あり）",
        "mark this provider's actuals received (asks first)",
    ),
    b(
        Board,
        &[Char('u')],
        Command::Withdraw,
        "最後の記録を取り消す（取消を記録、確認あり）",
        "undo the last mark (records a withdrawal; asks first)",
    ),
    b(
        Board,
        &[Char('v')],
        Command::CycleChannel,
        "記録する送付方法（事業所の既定→連携→FAX→…）",
        "channel for marks (provider default → exchange → FAX → …)",
    ),
    b(
        Board,
        &[Char('f')],
        Command::CycleFilter,
        "絞り込み（全て→未送付あり→実績未着あり）",
        "filter (all → not sent → actuals missing)",
    ),
    b(
        Board,
        &[Char('c')],
        Command::CycleCareManager,
        "担当で絞り込み（順に切り替え）",
        "filter by care manager (cycles)",
    ),
    b(
        Board,
        &[Char('b')],
        Command::PaperBatch,
        "FAX・郵送の一括送付（連携以外の事業所）",
        "paper batch (providers not on the exchange)",
    ),
    b(
        Board,
        &[Char('t')],
        Command::ToggleCellText,
        "欄の表示: 事業所名 ⇔ 送付方法と日付",
        "cells show: provider name ⇔ channel and date",
    ),
    b(
        Board,
        &[Char('i')],
        Command::ImportExchange,
        "連携フォルダのファイルを取り込む（設定の exchange.folders）",
        "import the exchange folders (exchange.folders in the config)",
    ),
    b(
        Board,
        &[Char('w')],
        Command::OpenReviews,
        "取り込みの確認待ち（未登録の利用者・内容の違い）",
        "import reviews (unknown clients, differing values)",
    ),
    b(
        Reviews,
        &[Char('j'), Code(KeyCode::Down)],
        Command::Down,
        "次へ",
        "next",
    ),
    b(
        Reviews,
        &[Char('k'), Code(KeyCode::Up)],
        Command::Up,
        "前へ",
        "previous",
    ),
    b(
        Reviews,
        &[Char('a')],
        Command::AcceptTheirs,
        "ファイルの値を採用する（利用者情報を更新）",
        "take the file's value into the client record",
    ),
    b(
        Reviews,
        &[Char('x')],
        Command::KeepOurs,
        "こちらの値のままにする／この未登録者を見送る",
        "keep our value / dismiss this unknown client",
    ),
    b(
        Reviews,
        &[Char('c')],
        Command::CreateClient,
        "未登録の利用者を登録する（ファイルの内容を入れたフォーム）",
        "register the unknown client (form filled from the file)",
    ),
    b(
        Reviews,
        &[Code(KeyCode::Esc), Char('w')],
        Command::Back,
        "閉じる",
        "close",
    ),
    b(
        Board,
        &[Char('x')],
        Command::ExcludeProvider,
        "この月はこの事業所を対象外に（確認あり）",
        "leave this provider out of this month (asks first)",
    ),
    b(
        Board,
        &[Char('+')],
        Command::AddProvider,
        "この月だけ事業所を追加",
        "add a provider for this month only",
    ),
    b(
        Board,
        &[Code(KeyCode::Enter)],
        Command::Open,
        "この欄の履歴",
        "history of this cell",
    ),
    b(
        Batch,
        &[Char('j'), Code(KeyCode::Down)],
        Command::Down,
        "次の事業所",
        "next provider",
    ),
    b(
        Batch,
        &[Char('k'), Code(KeyCode::Up)],
        Command::Up,
        "前の事業所",
        "previous provider",
    ),
    b(
        Batch,
        &[Char('s')],
        Command::MarkSent,
        "この事業所の未送付を送付済みに",
        "mark this provider's unsent schedules sent",
    ),
    b(
        Batch,
        &[Char('S')],
        Command::MarkAllSent,
        "一覧の未送付を全て送付済みに（確認あり）",
        "mark every unsent schedule in the list sent (asks first)",
    ),
    b(
        Batch,
        &[Code(KeyCode::Esc), Char('b')],
        Command::Back,
        "閉じる",
        "close",
    ),
    b(
        Enrollment,
        &[Char('j'), Code(KeyCode::Down)],
        Command::Down,
        "下へ",
        "down",
    ),
    b(
        Enrollment,
        &[Char('k'), Code(KeyCode::Up)],
        Command::Up,
        "上へ",
        "up",
    ),
    b(
        Enrollment,
        &[Code(KeyCode::PageDown)],
        Command::PageDown,
        "次のページ",
        "page down",
    ),
    b(
        Enrollment,
        &[Code(KeyCode::PageUp)],
        Command::PageUp,
        "前のページ",
        "page up",
    ),
    b(
        Enrollment,
        &[Code(KeyCode::Home), Char('g')],
        Command::First,
        "先頭",
        "first",
    ),
    b(
        Enrollment,
        &[Code(KeyCode::End), Char('G')],
        Command::Last,
        "末尾",
        "last",
    ),
    b(
        Enrollment,
        &[Char('f')],
        Command::CycleFilter,
        "絞り込み（全て→加入済み以外→状況→情報源→確認が古い→フォロー期日→紙→連携）",
        "filter (all → not enrolled → status → source → stale → follow-up due → paper → exchange)",
    ),
    b(
        Enrollment,
        &[Char('s')],
        Command::CycleSort,
        "並べ替え（依頼の優先順→利用者数→状況→確認が古い順→次回→情報源→方法→名前）",
        "sort (ask first → clients → status → age → follow-up → source → channel → name)",
    ),
    b(
        Enrollment,
        &[Code(KeyCode::Enter)],
        Command::Open,
        "事業所の加入の履歴・働きかけ・伝える材料",
        "provider: history, outreach, talking points",
    ),
    b(
        Enrollment,
        &[Char('o')],
        Command::OfficePanel,
        "自事業所の連携の状況",
        "the office's own exchange status",
    ),
    b(
        Enrollment,
        &[Char('e')],
        Command::Edit,
        "自事業所の連携の状況を編集（自事業所の画面で）",
        "edit the office's exchange status (on the office panel)",
    ),
    b(
        Enrollment,
        &[Char('r')],
        Command::RecordObservation,
        "加入状況を記録（状況・情報源・確認日）",
        "record a status (status, source, date)",
    ),
    b(
        Enrollment,
        &[Char('a')],
        Command::AddOutreach,
        "働きかけを記録（方法・相手・内容・結果・段階・次回）",
        "record outreach (method, who, what, outcome, stage, next)",
    ),
    b(
        Enrollment,
        &[Char('x')],
        Command::Corrections,
        "事業所の画面で: 加入状況・働きかけの記録を訂正・取り消し",
        "in a provider's panel: correct or withdraw observations and outreach",
    ),
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
    b(
        List,
        &[Char('j'), Code(KeyCode::Down)],
        Command::Down,
        "下へ",
        "down",
    ),
    b(
        List,
        &[Char('k'), Code(KeyCode::Up)],
        Command::Up,
        "上へ",
        "up",
    ),
    b(
        List,
        &[Code(KeyCode::PageDown), Ctrl('f')],
        Command::PageDown,
        "次のページ",
        "page down",
    ),
    b(
        List,
        &[Code(KeyCode::PageUp), Ctrl('b')],
        Command::PageUp,
        "前のページ",
        "page up",
    ),
    b(
        List,
        &[Code(KeyCode::Home), Char('g')],
        Command::First,
        "先頭",
        "first",
    ),
    b(
        List,
        &[Code(KeyCode::End), Char('G')],
        Command::Last,
        "末尾",
        "last",
    ),
    b(
        List,
        &[Char('/')],
        Command::Search,
        "検索（日本語の部分一致、Enter で確定、Esc で解除）",
        "search (substring; Enter keeps, Esc clears)",
    ),
    b(
        List,
        &[Code(KeyCode::Enter)],
        Command::Open,
        "詳細を開く",
        "open detail",
    ),
    b(List, &[Char('n')], Command::New, "新規登録", "new"),
    b(List, &[Char('e')], Command::Edit, "編集", "edit"),
    b(
        List,
        &[Char('d')],
        Command::Delete,
        "利用者: 契約終了／事業所: 削除（確認あり）",
        "client: end contract / provider: delete (asks first)",
    ),
    b(
        List,
        &[Code(KeyCode::Esc)],
        Command::Back,
        "検索を解除",
        "clear search",
    ),
    b(Detail, &[Char('e')], Command::Edit, "編集", "edit"),
    b(
        Detail,
        &[Char('x')],
        Command::Corrections,
        "訂正・取り消し（認定・計画・担当・給付管理なしの月・常勤換算）",
        "correct or withdraw (certifications, plans, care managers, months, FTE)",
    ),
    b(
        Corrections,
        &[Char('j'), Code(KeyCode::Down)],
        Command::Down,
        "下へ",
        "down",
    ),
    b(
        Corrections,
        &[Char('k'), Code(KeyCode::Up)],
        Command::Up,
        "上へ",
        "up",
    ),
    b(
        Corrections,
        &[Code(KeyCode::Enter), Char('e')],
        Command::Edit,
        "選んだ記録を訂正",
        "correct the selected record",
    ),
    b(
        Corrections,
        &[Char('c')],
        Command::ToCertifications,
        "最新の認定へ",
        "to the newest certification",
    ),
    b(
        Corrections,
        &[Char('p')],
        Command::ToPlans,
        "最新の計画の版へ",
        "to the newest plan revision",
    ),
    b(
        Corrections,
        &[Char('w')],
        Command::Withdraw,
        "選んだ記録を取り消す（理由を記録、元の記録は残る）",
        "withdraw the selected record (with a reason; the original stays)",
    ),
    b(
        Corrections,
        &[Code(KeyCode::Esc)],
        Command::Back,
        "戻る",
        "back",
    ),
    b(
        Detail,
        &[Char('d')],
        Command::Delete,
        "契約終了／削除／退職",
        "end contract / delete / leaves",
    ),
    b(
        Detail,
        &[Char('c')],
        Command::AddCertification,
        "認定を追加（利用者）",
        "add certification (client)",
    ),
    b(
        Detail,
        &[Char('m')],
        Command::MarkNoBenefit,
        "給付管理なしの月を理由と共に記録（取り消しは x）（利用者）",
        "mark a month without benefit management, with the reason (withdraw with x)",
    ),
    b(
        Detail,
        &[Char('p')],
        Command::NewPlan,
        "ケアプランの新しい版（利用者）",
        "new care plan revision (client)",
    ),
    b(
        Detail,
        &[Char('o')],
        Command::PlanStatus,
        "最新の計画の同意日・交付日・状態（利用者）",
        "latest plan's consent, hand-over and status (client)",
    ),
    b(
        Detail,
        &[Char('j'), Code(KeyCode::Down)],
        Command::Down,
        "下へスクロール",
        "scroll down",
    ),
    b(
        Detail,
        &[Char('k'), Code(KeyCode::Up)],
        Command::Up,
        "上へスクロール",
        "scroll up",
    ),
    b(
        Detail,
        &[Code(KeyCode::Esc)],
        Command::Back,
        "一覧に戻る",
        "back to the list",
    ),
    b(
        Office,
        &[Code(KeyCode::Enter)],
        Command::Open,
        "職員の詳細（常勤換算の履歴・担当数）",
        "staff detail (FTE history, clients)",
    ),
    b(
        Office,
        &[Char('o')],
        Command::EditOffice,
        "事業所情報を編集",
        "edit the office",
    ),
    b(
        Office,
        &[Char('n')],
        Command::New,
        "職員を追加",
        "add a staff member",
    ),
    b(
        Office,
        &[Char('e')],
        Command::Edit,
        "職員を編集（常勤換算の変更も）",
        "edit staff member (incl. FTE change)",
    ),
    b(
        Office,
        &[Char('d')],
        Command::Delete,
        "職員の退職（常勤換算 0 を記録）",
        "staff member leaves (records FTE 0)",
    ),
    b(
        Office,
        &[Char('j'), Code(KeyCode::Down)],
        Command::Down,
        "下へ",
        "down",
    ),
    b(
        Office,
        &[Char('k'), Code(KeyCode::Up)],
        Command::Up,
        "上へ",
        "up",
    ),
    b(Form, &[Ctrl('s')], Command::Save, "保存", "save"),
    b(
        Form,
        &[
            Code(KeyCode::Tab),
            Code(KeyCode::Down),
            Code(KeyCode::Enter),
        ],
        Command::NextField,
        "次の項目",
        "next field",
    ),
    b(
        Form,
        &[Key::BackTab, Code(KeyCode::Up)],
        Command::PrevField,
        "前の項目",
        "previous field",
    ),
    b(
        Form,
        &[Code(KeyCode::Esc)],
        Command::Back,
        "取消（入力があれば確認）",
        "cancel (asks if you typed)",
    ),
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

/// The command for a key in `context`; Global bindings apply in List, Detail and Office, and
/// Form/Confirm take only their own (so typing "q" in a field types a q).
pub fn resolve(context: Context, ev: &KeyEvent) -> Option<Command> {
    let folded = match ev.code {
        KeyCode::Char(c) => Some(fold_key_char(c)),
        _ => None,
    };
    let find = |ctx: Context| {
        BINDINGS
            .iter()
            .filter(|bd| bd.context == ctx)
            .find(|bd| bd.keys.iter().any(|k| k.matches(ev, folded)))
            .map(|bd| bd.command)
    };
    match context {
        Form | Confirm => find(context).or_else(|| {
            // Ctrl+C still quits from anywhere (saving any form as a draft).
            (ev.modifiers.contains(KeyModifiers::CONTROL) && folded == Some('c'))
                .then_some(Command::Quit)
        }),
        _ => find(context).or_else(|| find(Global)),
    }
}

/// Help lines (context title, keys, description) generated from the table.
pub fn help_lines(lang: Lang) -> Vec<(String, String, String)> {
    let title = |c: Context| match c {
        Global => lang.pick("どこでも", "Everywhere"),
        List => lang.pick("一覧", "Lists"),
        Detail => lang.pick("詳細", "Detail"),
        Office => lang.pick("職員・事業所", "Office & staff"),
        Caseload => lang.pick("件数", "Caseload"),
        Board => lang.pick("計画・送付", "Plans & deliveries"),
        Batch => lang.pick("FAX・郵送の一括送付", "Paper batch"),
        Reviews => lang.pick("取り込みの確認待ち", "Import reviews"),
        Enrollment => lang.pick("加入", "Enrollment"),
        Corrections => lang.pick("訂正・取り消し", "Corrections"),
        Form => lang.pick("入力フォーム", "Forms"),
        Confirm => lang.pick("確認", "Confirmations"),
    };
    BINDINGS
        .iter()
        .map(|bd| {
            let keys: Vec<String> = bd.keys.iter().map(Key::label).collect();
            (
                title(bd.context).to_string(),
                keys.join(" / "),
                lang.pick(bd.ja, bd.en).to_string(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEventKind;

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
        for ctx in [
            Global,
            List,
            Detail,
            Office,
            Caseload,
            Board,
            Batch,
            Reviews,
            Enrollment,
            Corrections,
            Form,
            Confirm,
        ] {
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
}
