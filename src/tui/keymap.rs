//! Keys → commands, per context. The help screen and the tabs' footers are generated from this
//! table, so they can never promise a key that does something else (or nothing) where they show
//! it.

use crate::domain::Lang;
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
        Home,
        &[Char('j'), Code(KeyCode::Down)],
        Command::Down,
        "次の期限",
        "next deadline",
    ),
    b(
        Home,
        &[Char('k'), Code(KeyCode::Up)],
        Command::Up,
        "前の期限",
        "previous deadline",
    ),
    b(
        Home,
        &[Code(KeyCode::PageDown), Ctrl('f')],
        Command::PageDown,
        "次のページ",
        "page down",
    ),
    b(
        Home,
        &[Code(KeyCode::PageUp), Ctrl('b')],
        Command::PageUp,
        "前のページ",
        "page up",
    ),
    b(
        Home,
        &[Code(KeyCode::Home), Char('g')],
        Command::First,
        "先頭",
        "first",
    ),
    b(
        Home,
        &[Code(KeyCode::End), Char('G')],
        Command::Last,
        "末尾",
        "last",
    ),
    b(
        Home,
        &[Code(KeyCode::Enter)],
        Command::Open,
        "解消する画面を開く（利用者・その月の送付・加入）",
        "open where it is cleared (client, board, enrollment)",
    ),
    b(
        Caseload,
        &[Code(KeyCode::Left), Char('h')],
        Command::PrevMonth,
        "前の月",
        "previous month",
    ),
    b(
        Caseload,
        &[Code(KeyCode::Right), Char('l')],
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
        &[Code(KeyCode::Home), Char('g')],
        Command::First,
        "一覧の先頭",
        "list top",
    ),
    b(
        Caseload,
        &[Code(KeyCode::End), Char('G')],
        Command::Last,
        "一覧の末尾（数えない利用者）",
        "list end (clients not counted)",
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

/// The help's sections, in this order: keys that work everywhere, then each screen's.
pub const HELP_ORDER: [Context; 13] = [
    Global,
    Home,
    List,
    Detail,
    Corrections,
    Office,
    Caseload,
    Board,
    Batch,
    Reviews,
    Enrollment,
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
        Caseload => lang.pick("件数", "Caseload"),
        Board => lang.pick("計画・送付", "Plans & deliveries"),
        Batch => lang.pick("FAX・郵送の一括送付", "Paper batch"),
        Reviews => lang.pick("取り込みの確認待ち", "Import reviews"),
        Enrollment => lang.pick("加入", "Enrollment"),
        Corrections => lang.pick("訂正・取り消し", "Corrections"),
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
    HELP_ORDER
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
                .collect(),
        })
        .collect()
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

/// One footer hint: commands whose keys are shown (taken from `BINDINGS`) and a short word.
struct Hint {
    commands: &'static [Command],
    ja: &'static str,
    en: &'static str,
}

const fn h(commands: &'static [Command], ja: &'static str, en: &'static str) -> Hint {
    Hint { commands, ja, en }
}

const HELP_HINT: Hint = h(&[Command::Help], "ヘルプ", "help");

/// The footer of each tab's screen, most used first; `?` always last.
fn hints(context: Context) -> &'static [Hint] {
    use Command as C;
    const HOME_HINTS: &[Hint] = &[
        h(&[C::Down, C::Up], "移動", "move"),
        h(&[C::Open], "開く", "open"),
        h(&[C::GoTab(0), C::GoTab(6)], "タブ", "tabs"),
        h(&[C::Quit], "終了", "quit"),
        HELP_HINT,
    ];
    const LIST_HINTS: &[Hint] = &[
        h(&[C::Open], "詳細", "open"),
        h(&[C::Search], "検索", "search"),
        h(&[C::New], "新規", "new"),
        h(&[C::Edit], "編集", "edit"),
        h(&[C::Delete], "終了/削除", "end/delete"),
        h(&[C::Quit], "終了", "quit"),
        HELP_HINT,
    ];
    const OFFICE_HINTS: &[Hint] = &[
        h(&[C::Open], "詳細", "detail"),
        h(&[C::EditOffice], "事業所情報の編集", "edit office"),
        h(&[C::New], "職員の追加", "add staff"),
        h(&[C::Edit], "職員の編集", "edit staff"),
        h(&[C::Delete], "退職", "leaves"),
        HELP_HINT,
    ];
    const CASELOAD_HINTS: &[Hint] = &[
        h(&[C::PrevMonth, C::NextMonth], "月", "month"),
        h(&[C::CycleBand], "区分", "band"),
        h(&[C::CycleCareManager], "担当", "CM"),
        h(
            &[
                C::MoreCare,
                C::LessCare,
                C::MoreSupport,
                C::LessSupport,
                C::MoreFte,
                C::LessFte,
                C::CycleFeeSchedule,
            ],
            "試算",
            "what-if",
        ),
        h(&[C::ResetWhatIf], "戻す", "reset"),
        HELP_HINT,
    ];
    const BOARD_HINTS: &[Hint] = &[
        h(&[C::PrevMonth, C::NextMonth], "月", "month"),
        h(&[C::Left, C::Right, C::Down, C::Up], "移動", "move"),
        h(&[C::MarkSent], "送付", "sent"),
        h(&[C::MarkRowSent], "行", "row"),
        h(&[C::MarkProviderSent], "列", "col"),
        h(&[C::MarkReceived], "実績", "actuals"),
        h(&[C::MarkProviderReceived], "列", "col"),
        h(&[C::Withdraw], "取消", "undo"),
        h(&[C::CycleFilter], "絞込", "filter"),
        h(&[C::ToggleCellText], "表示", "view"),
        h(&[C::PaperBatch], "紙", "paper"),
        HELP_HINT,
    ];
    const ENROLLMENT_HINTS: &[Hint] = &[
        h(&[C::Down, C::Up], "移動", "move"),
        h(&[C::CycleFilter], "絞込", "filter"),
        h(&[C::CycleSort], "並替", "sort"),
        h(&[C::Open], "詳細", "detail"),
        h(&[C::RecordObservation], "状況", "status"),
        h(&[C::AddOutreach], "働きかけ", "outreach"),
        h(&[C::OfficePanel], "自事業所", "office"),
        HELP_HINT,
    ];
    match context {
        Home => HOME_HINTS,
        List => LIST_HINTS,
        Office => OFFICE_HINTS,
        Caseload => CASELOAD_HINTS,
        Board => BOARD_HINTS,
        Enrollment => ENROLLMENT_HINTS,
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
                let sep = if keys == "1-7" { '-' } else { '/' };
                let labels: Vec<&str> = if keys == "/" {
                    vec!["/"]
                } else {
                    keys.split(sep).collect()
                };
                assert_eq!(labels.len(), hint.commands.len(), "{ctx:?} {piece}");
                for (label, cmd) in labels.iter().zip(hint.commands) {
                    let expect = match cmd {
                        Command::GoTab(_) if *label == "7" => Command::GoTab(6),
                        c => *c,
                    };
                    assert_eq!(resolve(ctx, &press(label)), Some(expect), "{ctx:?} {piece}");
                }
            }
        }
        assert_eq!(
            footer(Home, Lang::Ja).join("  "),
            "j/k 移動  Enter 開く  1-7 タブ  q 終了  ? ヘルプ"
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
        assert_eq!(sections.len(), HELP_ORDER.len());
        let home = &sections[1];
        assert_eq!(home.context, Home);
        assert!(home.lines.iter().any(|(k, _)| k == "Enter"));
        assert!(!home.lines.iter().any(|(k, _)| k == "/" || k == "n"));
    }
}
