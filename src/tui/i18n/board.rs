//! The plans board's texts, Japanese and English side by side.

use crate::domain::Lang;

texts! {
    BoardText;
    MonthFormat => "%Y年%m月", "%Y-%m";
    NoneValue => "なし", "none";
    Loading => "読み込み中…", "loading…";
    NotSent => "未送付あり", "not sent";
    ActualsMissing => "実績未着あり", "actuals missing";
    ProviderDefault => "事業所の既定", "provider's own";
    SchedulesSent => "提供票 送付", "schedules sent";
    ActualsIn => "実績 受領", "actuals in";
    Overdue => "期限超過", "overdue";
    ImportingExchangeFiles => "連携ファイルを取り込み中…", "importing exchange files…";
    Filter => "絞込", "filter";
    CM => "担当", "CM";
    Channel => "記録する方法", "channel";
    ClientsUnit => "人", "clients";
    CellLegend => "未 送 済 遅 + 方法（連=連携 F=FAX 郵=郵送 手=手渡し メ=メール 他）と日付", "- S R ! + channel (X exchange F FAX P post H hand E e-mail O other) and date";
    StateLegend => "未=未送付  送=送付済・実績待ち  済=実績受領  遅=実績の期限超過  t で日付表示", "- not sent  S sent  R actuals in  ! actuals overdue  t shows dates";
    NoServicesPlanned => "（計画のサービスなし）", "(no services planned)";
    Via => "連絡方法", "via";
    Schedule => "提供票", "schedule";
    Actuals => "実績", "actuals";
    Due => "期限", "due";
    PaperBatch => "FAX・郵送の一括送付", "Paper batch";
    Provider => "事業所", "provider";
    ViaShort => "方法", "via";
    UnsentAll => "未送付/全", "unsent/all";
    Sent => "送付", "sent";
    Client => "利用者", "client";
    Service => "（種類）", "(service)";
    SentMark => "済", "S";
    NotSentMark => "未", "-";
    NoPaperProviders => "紙で送る事業所はありません（全て連携）", "no provider needs paper (all on the exchange)";
    NothingRecorded => "記録はありません", "nothing recorded";
    ExchangeImport => "連携ファイルの取り込み結果", "Exchange import";
    RejectedFiles => "不合格のファイル（何も取り込んでいません）", "Rejected files (nothing imported from them)";
    PassedOverWithoutReading => "読まずに飛ばしたもの", "Passed over without reading";
    ImportWarnings => "注意（取り込みましたが、標準仕様どおりでない点）", "Warnings (imported, but not as the standard writes it)";
    ImportReviews => "取り込みの確認待ち", "Import reviews";
    NothingToReview => "確認待ちはありません", "nothing to review";
    Unknown => "未登録", "unknown";
    Differs => "違い", "differs";
    UnknownClientKeys => "c 利用者として登録  x 見送る  Esc 閉じる", "c register as a client  x dismiss  Esc close";
    DifferenceKeys => "a ファイルの値を採用  x こちらの値のまま  Esc 閉じる", "a take the file's value  x keep ours  Esc close";
    SchedulesMarkedSent => "提供票を送付済み", "schedules sent";
    ActualsReceived => "実績を受領済み", "actuals received";
    AnImportIsRunning => "取り込み中です。終わるまでお待ちください", "an import is running";
    NoImportFolders => "取り込むフォルダが設定されていません。設定ファイルの [exchange] folders に連携ソフトの送信・受信フォルダを書いてください（careplan exchange import でも取り込めます）", "no folders set: add them under [exchange] folders in the config (or use careplan exchange import)";
    NothingToRecord => "記録することはありません（すでに記録済み）", "nothing to record (already recorded)";
}
